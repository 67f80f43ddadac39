/* fuzz-json.c: differential libFuzzer target for the two JSON scanners and json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hs_json_check() (capture: strict RFC 8259, decides 2xx against "not-json") and
 * hs_json_read_fast() (domain: builds the tree, gives up on anything unusual) must agree with
 * each other and with json-glib, which the payload parser falls back to:
 *  - a tree from the fast reader means the checker accepts, json-glib accepts, and json-glib's
 *    tree is equal (same types, same values);
 *  - the checker accepting means json-glib accepts (else a delivery answered 2xx as JSON would
 *    read as not-json in the domain model);
 *  - the checker's top-level "event_name" is json-glib's, when it is a string.
 */

#define G_LOG_DOMAIN "fuzz-json"

#include "config.h"

#include <string.h>

#include "hs-fuzz.h"
#include "hs-json-check.h"
#include "hs-json-reader.h"

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b,
             GString  *where);

static gboolean
objects_equal (JsonObject *a,
               JsonObject *b,
               GString    *where)
{
  g_autoptr(GList) members = json_object_get_members (a);

  if (json_object_get_size (a) != json_object_get_size (b))
    {
      g_string_append (where, " (object size)");
      return FALSE;
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *other = json_object_get_member (b, l->data);

      g_string_append_printf (where, ".%s", (const char *)l->data);
      if (other == NULL || !nodes_equal (json_object_get_member (a, l->data), other, where))
        return FALSE;
      g_string_truncate (where, where->len - strlen (l->data) - 1);
    }
  return TRUE;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b,
             GString  *where)
{
  if (json_node_get_node_type (a) != json_node_get_node_type (b))
    {
      g_string_append (where, " (node type)");
      return FALSE;
    }

  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_OBJECT:
      return objects_equal (json_node_get_object (a), json_node_get_object (b), where);

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          {
            g_string_append (where, " (array length)");
            return FALSE;
          }
        for (guint i = 0; i < json_array_get_length (x); i++)
          {
            gsize len = where->len;

            g_string_append_printf (where, "[%u]", i);
            if (!nodes_equal (json_array_get_element (x, i), json_array_get_element (y, i), where))
              return FALSE;
            g_string_truncate (where, len);
          }
        return TRUE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        {
          g_string_append_printf (where, " (value type %s vs %s)",
                                  g_type_name (json_node_get_value_type (a)),
                                  g_type_name (json_node_get_value_type (b)));
          return FALSE;
        }
      if (json_node_get_value_type (a) == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);
      if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        {
          double x = json_node_get_double (a), y = json_node_get_double (b);

          /* Bit for bit: both must round the decimal text to the same double. */
          if (memcmp (&x, &y, sizeof x) != 0)
            {
              g_string_append_printf (where, " (%.17g vs %.17g)", x, y);
              return FALSE;
            }
          return TRUE;
        }
      if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
        return json_node_get_boolean (a) == json_node_get_boolean (b);
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        {
          if (g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) != 0)
            {
              g_string_append (where, " (string)");
              return FALSE;
            }
          return TRUE;
        }
      g_string_append (where, " (unknown value type)");
      return FALSE;

    case JSON_NODE_NULL:
      return TRUE;

    default:
      return FALSE;
    }
}

int
hs_fuzz_json (const guint8 *data,
              gsize         size)
{
  g_autoptr(JsonNode) fast = hs_json_read_fast ((const char *)data, size);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *event_name = NULL;
  g_autofree char *check_error = NULL;
  gboolean checked;
  gboolean glib_ok;
  JsonNode *root = NULL;

  checked = hs_json_check ((const char *)data, size, &event_name, &check_error);
  g_assert (checked == (check_error == NULL));
  g_assert (checked || event_name == NULL);
  if (check_error != NULL)
    g_assert (g_utf8_validate (check_error, -1, NULL));

  /* json-glib reads a NUL as the end of the text: only inputs without one are compared. */
  if (memchr (data, '\0', size) != NULL)
    return 0;

  glib_ok = json_parser_load_from_data (parser, (const char *)data, (gssize)size, &error) &&
            (root = json_parser_get_root (parser)) != NULL;

  if (fast != NULL)
    {
      g_autoptr(GString) where = g_string_new ("$");

      if (!checked)
        g_error ("hs_json_read_fast() accepts what hs_json_check() rejects: %s", check_error);
      if (!glib_ok)
        g_error ("hs_json_read_fast() accepts what json-glib rejects: %s",
                 error != NULL ? error->message : "no root");
      if (!nodes_equal (fast, root, where))
        g_error ("hs_json_read_fast() and json-glib read different values at %s", where->str);
    }

  if (checked && !glib_ok)
    g_error ("hs_json_check() accepts what json-glib rejects: %s",
             error != NULL ? error->message : "no root");

  if (checked && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "event_name");
      const char *expected = member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
                             json_node_get_value_type (member) == G_TYPE_STRING
                             ? json_node_get_string (member) : NULL;

      /* A duplicate "event_name" whose last value is not a string: json-glib keeps the last
       * member, the checker the last string; not compared. */
      if (expected != NULL && g_strcmp0 (expected, event_name) != 0)
        g_error ("hs_json_check() reads event_name \"%s\", json-glib \"%s\"",
                 event_name ? event_name : "(null)", expected);
      if (expected == NULL && member == NULL && event_name != NULL)
        g_error ("hs_json_check() reads an event_name json-glib does not see");
    }

  return 0;
}

HS_FUZZ_ENTRY (hs_fuzz_json)
