/* hs-import.c: deliveries from a HAR 1.2 or JSON-lines file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two shapes: Hookscope's own `export --format jsonl` (one delivery per line, the shape of
 * `show --json`: exact bytes in body_base64), and HAR 1.2 (Hookscope's export, whose entries
 * carry "_hookscope", or any other tool's: each entry's request). Every delivery keeps its
 * original time and is flagged HS_DELIVERY_FLAG_IMPORTED (in the row the writer inserts, so a
 * forwarding rule never sees it as new traffic). What the listener would have worked out
 * (the JSON check, the event name) is worked out again; the sender's verdicts and the answer
 * it got are kept when the file says them.
 */

#define G_LOG_DOMAIN "hs-import"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hs-delivery-json.h"
#include "hs-import.h"
#include "hs-json-check.h"

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : fallback;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
parse_time (const char *text,
            gint64     *unix_us)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (time == NULL)
    return FALSE;
  *unix_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/* The listener's own check, and what the file says it was answered and decided. */
static void
finish_delivery (HsDelivery *delivery,
                 JsonObject *hookscope)
{
  GBytes *body = hs_delivery_get_body (delivery);
  HsAuthVerdict auth = HS_AUTH_NOT_REQUIRED;
  JsonArray *flags = get_array (hookscope, "flags");
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (get_string (hookscope, "auth") != NULL)
    hs_auth_verdict_from_string (get_string (hookscope, "auth"), &auth);
  hs_delivery_set_auth_verdict (delivery, auth);
  for (guint i = 0; flags != NULL && i < json_array_get_length (flags); i++)
    if (g_strcmp0 (json_array_get_string_element (flags, i), "truncated") == 0)
      hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_TRUNCATED);
  if (hookscope != NULL && json_object_has_member (hookscope, "truncated") &&
      json_object_get_boolean_member_with_default (hookscope, "truncated", FALSE))
    hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_TRUNCATED);
  hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_IMPORTED);
  hs_delivery_set_body_size (delivery, get_int (hookscope, "body_size", size));
  hs_delivery_set_response_status (delivery, get_int (hookscope, "response_status",
                                                      hs_delivery_get_response_status (delivery)));

  if (hs_content_type_is_json (hs_delivery_get_content_type (delivery)))
    {
      g_autofree char *event_name = NULL;
      g_autofree char *message = NULL;

      if (hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED)
        hs_delivery_set_parse_verdict (delivery, HS_PARSE_NOT_JSON,
                                       _("the body was stored truncated"));
      else if (hs_json_check (data, size, &event_name, &message))
        hs_delivery_set_event_name (delivery, event_name);
      else
        hs_delivery_set_parse_verdict (delivery, HS_PARSE_NOT_JSON, message);
    }
}

/* One line of `export --format jsonl` (or `show --json`). */
static HsDelivery *
from_jsonl (JsonObject  *o,
            GError     **error)
{
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autoptr(GBytes) body = NULL;
  JsonArray *headers = get_array (o, "headers");
  const char *base64 = get_string (o, "body_base64");
  gint64 received_at;

  if (!parse_time (get_string (o, "received_at"), &received_at) ||
      get_string (o, "method") == NULL || get_string (o, "path") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("not a delivery (received_at, method and path are needed)"));
      return NULL;
    }

  hs_delivery_set_received_at (delivery, received_at);
  hs_delivery_set_method (delivery, get_string (o, "method"));
  hs_delivery_set_path (delivery, get_string (o, "path"));
  hs_delivery_set_query (delivery, get_string (o, "query"));
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      JsonNode *pair = json_array_get_element (headers, i);

      if (JSON_NODE_HOLDS_ARRAY (pair) && json_array_get_length (json_node_get_array (pair)) == 2)
        hs_delivery_add_header (delivery,
                                json_array_get_string_element (json_node_get_array (pair), 0),
                                json_array_get_string_element (json_node_get_array (pair), 1));
    }
  hs_delivery_set_content_type (delivery, get_string (o, "content_type"));
  hs_delivery_set_peer (delivery, get_string (o, "peer"));
  if (base64 != NULL)
    {
      gsize size = 0;
      guchar *data = g_base64_decode (base64, &size);

      body = g_bytes_new_take (data, size);
    }
  else if (get_string (o, "body_text") != NULL)
    body = g_bytes_new (get_string (o, "body_text"), strlen (get_string (o, "body_text")));
  else
    body = g_bytes_new (NULL, 0);
  hs_delivery_set_body (delivery, body);
  hs_delivery_set_response_status (delivery, SOUP_STATUS_OK);
  finish_delivery (delivery, o);

  return g_steal_pointer (&delivery);
}

/* One HAR entry's request. */
static HsDelivery *
from_har_entry (JsonObject  *entry,
                GError     **error)
{
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonObject *request = get_object (entry, "request");
  JsonObject *post = get_object (request, "postData");
  JsonObject *response = get_object (entry, "response");
  JsonArray *headers = get_array (request, "headers");
  const char *text = get_string (post, "text");
  gint64 received_at;

  if (!parse_time (get_string (entry, "startedDateTime"), &received_at) ||
      get_string (request, "method") == NULL || get_string (request, "url") == NULL ||
      !(uri = g_uri_parse (get_string (request, "url"), SOUP_HTTP_URI_FLAGS, NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("not a HAR entry (startedDateTime, request.method and request.url are "
                     "needed)"));
      return NULL;
    }

  hs_delivery_set_received_at (delivery, received_at);
  hs_delivery_set_method (delivery, get_string (request, "method"));
  hs_delivery_set_path (delivery, g_uri_get_path (uri)[0] != '\0' ? g_uri_get_path (uri) : "/");
  hs_delivery_set_query (delivery, g_uri_get_query (uri));
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      JsonNode *node = json_array_get_element (headers, i);
      JsonObject *header = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (get_string (header, "name") != NULL && get_string (header, "value") != NULL)
        hs_delivery_add_header (delivery, get_string (header, "name"),
                                get_string (header, "value"));
    }
  hs_delivery_set_content_type (delivery,
                                hs_delivery_lookup_header (delivery, "Content-Type") != NULL
                                  ? hs_delivery_lookup_header (delivery, "Content-Type")
                                  : get_string (post, "mimeType"));
  if (text != NULL && g_strcmp0 (get_string (post, "_encoding"), "base64") == 0)
    {
      gsize size = 0;
      guchar *data = g_base64_decode (text, &size);

      body = g_bytes_new_take (data, size);
    }
  else
    body = g_bytes_new (text, text != NULL ? strlen (text) : 0);
  hs_delivery_set_body (delivery, body);
  hs_delivery_set_response_status (delivery, get_int (response, "status", SOUP_STATUS_OK) > 0
                                               ? get_int (response, "status", SOUP_STATUS_OK)
                                               : SOUP_STATUS_OK);
  finish_delivery (delivery, get_object (entry, "_hookscope"));

  return g_steal_pointer (&delivery);
}

static GPtrArray *
read_har (JsonObject  *root,
          GError     **error)
{
  g_autoptr(GPtrArray) deliveries = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *entries = get_array (get_object (root, "log"), "entries");

  if (entries == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("not a HAR file (no log.entries)"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      HsDelivery *delivery = JSON_NODE_HOLDS_OBJECT (node)
                               ? from_har_entry (json_node_get_object (node), error) : NULL;

      if (delivery == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("not a HAR entry"));
          g_prefix_error (error, _("entry %u: "), i + 1);
          return NULL;
        }
      g_ptr_array_add (deliveries, delivery);
    }
  return g_steal_pointer (&deliveries);
}

static GPtrArray *
read_jsonl (const char  *contents,
            GError     **error)
{
  g_autoptr(GPtrArray) deliveries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      HsDelivery *delivery = NULL;
      JsonNode *root;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      if (json_parser_load_from_data (parser, lines[i], -1, error) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        delivery = from_jsonl (json_node_get_object (root), error);
      if (delivery == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("not a JSON object"));
          g_prefix_error (error, _("line %u: "), i + 1);
          return NULL;
        }
      g_ptr_array_add (deliveries, delivery);
    }
  return g_steal_pointer (&deliveries);
}

/**
 * hs_import_read_file:
 *
 * Returns: (transfer full) (element-type HsDelivery): the file's deliveries in its order,
 *   flagged imported, without ids; %NULL with @error when any part of it is not a delivery
 *   (nothing is imported from a file that is half understood).
 */
GPtrArray *
hs_import_read_file (const char  *path,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *start;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!g_utf8_validate (contents, length, NULL) || strlen (contents) != length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a text file (HAR or JSON lines)"), path);
      return NULL;
    }

  start = contents;
  while (g_ascii_isspace (*start))
    start++;

  /* A HAR file is one object with "log"; JSON lines have one delivery object per line. */
  if (*start == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonNode *root;

      if (json_parser_load_from_data (parser, contents, length, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "log"))
        return read_har (json_node_get_object (root), error);
    }
  return read_jsonl (contents, error);
}
