/* hs-body-form.c: form-encoded and multipart bodies, field by field and part by part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several webhook senders post `application/x-www-form-urlencoded` with the JSON in one field
 * (`payload=<JSON>`). The fields are read here in their order, duplicates kept: libsoup's
 * soup_form_decode() returns a hash table, which loses both, and a table that shows a request
 * must show what was sent. Multipart bodies are split by libsoup (SoupMultipart).
 */

#define G_LOG_DOMAIN "hs-body-form"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-json-check.h"

static gboolean
content_type_is (const char *content_type,
                 const char *media_type)
{
  gsize n = strlen (media_type);

  if (content_type == NULL)
    return FALSE;
  while (*content_type == ' ' || *content_type == '\t')
    content_type++;
  return g_ascii_strncasecmp (content_type, media_type, n) == 0 &&
         (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ' ||
          content_type[n] == '\t');
}

gboolean
hs_content_type_is_form (const char *content_type)
{
  return content_type_is (content_type, "application/x-www-form-urlencoded");
}

gboolean
hs_content_type_is_multipart (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;
  while (*content_type == ' ' || *content_type == '\t')
    content_type++;
  return g_ascii_strncasecmp (content_type, "multipart/", 10) == 0;
}

static void
form_field_free (gpointer data)
{
  HsFormField *field = data;

  g_free (field->name);
  g_bytes_unref (field->value);
  g_free (field);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* '+' is a space; %XX is the byte XX; a '%' not followed by two hex digits stays as it is. */
static GByteArray *
form_unescape (const char *data,
               gsize       size)
{
  GByteArray *out = g_byte_array_sized_new (size);

  for (gsize i = 0; i < size; i++)
    {
      guint8 c = data[i];

      if (c == '+')
        c = ' ';
      else if (c == '%' && i + 2 < size && hex_value (data[i + 1]) >= 0 &&
               hex_value (data[i + 2]) >= 0)
        {
          c = (hex_value (data[i + 1]) << 4) | hex_value (data[i + 2]);
          i += 2;
        }
      g_byte_array_append (out, &c, 1);
    }

  return out;
}

/**
 * hs_body_form_parse:
 * @body: (nullable): an application/x-www-form-urlencoded body, decoded
 *
 * Returns: (transfer full) (element-type HsFormField): the fields in order, duplicates kept
 *   (an empty body has none)
 */
GPtrArray *
hs_body_form_parse (GBytes *body)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (form_field_free);
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  const char *end = data + size;

  for (const char *p = data; p != NULL && p < end;)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *item_end = amp ? amp : end;
      const char *eq = memchr (p, '=', item_end - p);
      HsFormField *field;
      GByteArray *name;

      if (item_end > p)
        {
          field = g_new0 (HsFormField, 1);
          name = form_unescape (p, (eq ? eq : item_end) - p);
          field->name = g_utf8_make_valid ((const char *)name->data, name->len);
          g_byte_array_unref (name);
          field->value = eq ? g_byte_array_free_to_bytes (form_unescape (eq + 1,
                                                                         item_end - eq - 1))
                            : g_bytes_new (NULL, 0);
          g_ptr_array_add (fields, field);
        }
      p = amp ? amp + 1 : end;
    }

  return fields;
}

static void
body_part_free (gpointer data)
{
  HsBodyPart *part = data;

  g_ptr_array_unref (part->headers);
  g_bytes_unref (part->body);
  g_free (part);
}

/**
 * hs_body_multipart_parse:
 * @content_type: the Content-Type, with its boundary
 * @body: (nullable): the body, decoded
 *
 * Returns: (transfer full) (nullable) (element-type HsBodyPart): the parts in order, or %NULL
 *   when the body is not multipart with that boundary
 */
GPtrArray *
hs_body_multipart_parse (const char *content_type,
                         GBytes     *body)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GBytes) terminated = NULL;
  SoupMultipart *multipart;
  GPtrArray *parts;

  if (!hs_content_type_is_multipart (content_type))
    return NULL;

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  if (body == NULL)
    body = empty = g_bytes_new (NULL, 0);
  /* libsoup 3.2's parser runs strstr() over the body, past its end unless a NUL follows it:
   * hand it the same bytes in a buffer one byte longer, that byte a NUL. */
  {
    gsize size = 0;
    const guint8 *data = g_bytes_get_data (body, &size);
    guint8 *copy = g_malloc (size + 1);
    g_autoptr(GBytes) owner = NULL;

    if (size > 0)
      memcpy (copy, data, size);
    copy[size] = '\0';
    owner = g_bytes_new_take (copy, size + 1);
    terminated = g_bytes_new_from_bytes (owner, 0, size);
  }
  multipart = soup_multipart_new_from_message (headers, terminated);
  if (multipart == NULL)
    return NULL;

  parts = g_ptr_array_new_with_free_func (body_part_free);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      GBytes *part_body = NULL;
      SoupMessageHeadersIter iter;
      const char *name, *value;
      HsBodyPart *part;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      part = g_new0 (HsBodyPart, 1);
      part->headers = g_ptr_array_new_with_free_func (g_free);
      soup_message_headers_iter_init (&iter, part_headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        {
          g_ptr_array_add (part->headers, g_utf8_make_valid (name, -1));
          g_ptr_array_add (part->headers, g_utf8_make_valid (value, -1));
        }
      part->body = g_bytes_ref (part_body);
      g_ptr_array_add (parts, part);
    }
  soup_multipart_free (multipart);

  return parts;
}

/**
 * hs_body_value_is_json_object:
 * @event_name: (out) (optional) (nullable): its top-level "event_name"
 *
 * Returns: whether @value is one JSON object (what a webhook's payload is)
 */
gboolean
hs_body_value_is_json_object (GBytes  *value,
                              char   **event_name)
{
  gsize size = 0;
  const char *data = value ? g_bytes_get_data (value, &size) : NULL;
  gsize i = 0;

  if (event_name != NULL)
    *event_name = NULL;
  while (i < size && g_ascii_isspace (data[i]))
    i++;
  if (i == size || data[i] != '{')
    return FALSE;

  return hs_json_check (data, size, event_name, NULL);
}

/* A multipart body's parts as fields: named by their Content-Disposition's name. */
static GPtrArray *
parts_as_fields (GPtrArray *parts)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (form_field_free);

  for (guint i = 0; i < parts->len; i++)
    {
      HsBodyPart *part = g_ptr_array_index (parts, i);
      HsFormField *field = g_new0 (HsFormField, 1);

      for (guint h = 0; h + 1 < part->headers->len && field->name == NULL; h += 2)
        {
          g_autoptr(GHashTable) params = NULL;

          if (g_ascii_strcasecmp (g_ptr_array_index (part->headers, h),
                                  "Content-Disposition") != 0)
            continue;
          /* form-data; name="payload" */
          params = soup_header_parse_semi_param_list (g_ptr_array_index (part->headers, h + 1));
          field->name = g_strdup (g_hash_table_lookup (params, "name"));
        }
      if (field->name == NULL)
        field->name = g_strdup ("");
      field->value = g_bytes_ref (part->body);
      g_ptr_array_add (fields, field);
    }

  return fields;
}

/* The field that carries the webhook: one whose value is a JSON object with an event_name
 * first, "payload" before the others, then any JSON object; NULL when none is JSON. */
static HsFormField *
pick_json_field (GPtrArray *fields)
{
  HsFormField *best = NULL;
  int best_score = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      HsFormField *field = g_ptr_array_index (fields, i);
      g_autofree char *event_name = NULL;
      int score;

      if (!hs_body_value_is_json_object (field->value, &event_name))
        continue;
      score = (event_name != NULL ? 2 : 1) * 2 + (g_str_equal (field->name, "payload") ? 1 : 0);
      if (score > best_score)
        {
          best = field;
          best_score = score;
        }
    }

  return best;
}

/**
 * hs_delivery_dup_meaningful_body:
 *
 * What the domain model reads: the body decoded from its Content-Encoding and, for a
 * form-encoded or multipart body, the value of the field (or part) that holds the webhook's
 * JSON (see pick_json_field()), when one does.
 *
 * Returns: (transfer full) (nullable): those bytes, or %NULL with the decoding's error
 */
GBytes *
hs_delivery_dup_meaningful_body (HsDelivery  *delivery,
                                 GError     **error)
{
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *content_type;
  HsFormField *field;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  content_type = hs_delivery_get_content_type (delivery);

  decoded = hs_delivery_dup_decoded_body (delivery, HS_BODY_CODEC_READ_LIMIT, error);
  if (decoded == NULL)
    return NULL;

  if (hs_content_type_is_form (content_type))
    fields = hs_body_form_parse (decoded);
  else if ((parts = hs_body_multipart_parse (content_type, decoded)) != NULL)
    fields = parts_as_fields (parts);
  else
    return g_steal_pointer (&decoded);

  field = pick_json_field (fields);
  return field ? g_bytes_ref (field->value) : g_steal_pointer (&decoded);
}
