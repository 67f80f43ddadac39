/* hs-delivery-json.c: the documented JSON shape of a delivery (see docs/capture.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scripts and CI jobs assert on this shape: add members, never rename or remove them.
 */

#define G_LOG_DOMAIN "hs-delivery-json"

#include "config.h"

#include <string.h>
#include <time.h>

#include "hs-body-json.h"
#include "hs-delivery-json.h"

static void append_timestamp (GString *out,
                              gint64   unix_us);

/* RFC 3339, UTC, microseconds: "2026-11-27T17:20:34.123456Z"; "" out of GDateTime's range. */
char *
hs_format_timestamp (gint64 unix_us)
{
  GString *text = g_string_sized_new (32);

  append_timestamp (text, unix_us);
  return g_string_free (text, FALSE);
}

/* Valid UTF-8 without NUL bytes: safe to show and to put in a JSON string as is. */
gboolean
hs_delivery_body_is_text (HsDelivery *delivery)
{
  GBytes *body;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  body = hs_delivery_get_body (delivery);
  if (body == NULL)
    return TRUE;
  data = g_bytes_get_data (body, &size);

  return size == 0 || (memchr (data, '\0', size) == NULL && g_utf8_validate (data, size, NULL));
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * hs_delivery_to_json_node:
 * @with_body: add body_base64, and body_text when the body is text
 *
 * Returns: (transfer full): the delivery as a JSON object
 */
JsonNode *
hs_delivery_to_json_node (HsDelivery *delivery,
                          gboolean    with_body)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *received_at = NULL;
  HsDeliveryFlags flags;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  received_at = hs_format_timestamp (hs_delivery_get_received_at (delivery));
  flags = hs_delivery_get_flags (delivery);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, hs_delivery_get_id (delivery));
  add_string_or_null (builder, "received_at", received_at);
  add_string_or_null (builder, "method", hs_delivery_get_method (delivery));
  add_string_or_null (builder, "path", hs_delivery_get_path (delivery));
  add_string_or_null (builder, "query", hs_delivery_get_query (delivery));

  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, hs_delivery_get_header_name (delivery, i));
      json_builder_add_string_value (builder, hs_delivery_get_header_value (delivery, i));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  add_string_or_null (builder, "content_type", hs_delivery_get_content_type (delivery));
  add_string_or_null (builder, "peer", hs_delivery_get_peer (delivery));
  json_builder_set_member_name (builder, "body_size");
  json_builder_add_int_value (builder, hs_delivery_get_body_size (delivery));
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, (flags & HS_DELIVERY_FLAG_TRUNCATED) != 0);
  add_string_or_null (builder, "auth",
                      hs_auth_verdict_to_string (hs_delivery_get_auth_verdict (delivery)));
  add_string_or_null (builder, "parse",
                      hs_parse_verdict_to_string (hs_delivery_get_parse_verdict (delivery)));
  add_string_or_null (builder, "parse_message", hs_delivery_get_parse_message (delivery));
  add_string_or_null (builder, "event_name", hs_delivery_get_event_name (delivery));

  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  if (flags & HS_DELIVERY_FLAG_TRUNCATED)
    json_builder_add_string_value (builder, "truncated");
  if (flags & HS_DELIVERY_FLAG_DUPLICATE)
    json_builder_add_string_value (builder, "duplicate");
  if (flags & HS_DELIVERY_FLAG_OUT_OF_ORDER)
    json_builder_add_string_value (builder, "out-of-order");
  if (flags & HS_DELIVERY_FLAG_IMPORTED)
    json_builder_add_string_value (builder, "imported");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "response_status");
  json_builder_add_int_value (builder, hs_delivery_get_response_status (delivery));
  /* false: the domain projection has not applied it yet; "parse", "event_name" and "flags"
   * then say only what the listener knew (the JSON syntax). */
  json_builder_set_member_name (builder, "projected");
  json_builder_add_boolean_value (builder, hs_delivery_get_projected (delivery));

  if (with_body)
    {
      GBytes *body = hs_delivery_get_body (delivery);
      gsize size = 0;
      const guchar *data = body ? g_bytes_get_data (body, &size) : NULL;
      g_autofree char *base64 = g_base64_encode (data, size);

      json_builder_set_member_name (builder, "body_base64");
      json_builder_add_string_value (builder, base64);
      if (hs_delivery_body_is_text (delivery))
        {
          g_autofree char *text = g_strndup ((const char *)data, size);

          json_builder_set_member_name (builder, "body_text");
          json_builder_add_string_value (builder, text);
        }
      hs_delivery_json_add_decoded (builder, delivery);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
append_json_string (GString    *out,
                    const char *str)
{
  g_autofree char *converted = NULL;

  /* HTTP allows obs-text bytes in values; keep them by reading them as Latin-1. */
  if (!g_utf8_validate (str, -1, NULL))
    str = converted = g_convert (str, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (str == NULL)
    str = "";

  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* The headers as the store keeps them: a JSON array of [name, value] pairs, in order. Written
 * by hand for every delivery: json-glib's builder and generator cost several times more. */
char *
hs_delivery_dup_headers_json (HsDelivery *delivery)
{
  guint n;
  GString *out;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  n = hs_delivery_get_n_headers (delivery);
  out = g_string_sized_new (64 * (n + 1));

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      append_json_string (out, hs_delivery_get_header_name (delivery, i));
      g_string_append_c (out, ',');
      append_json_string (out, hs_delivery_get_header_value (delivery, i));
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

/* application/json, or any +json type, parameters and case aside. */
gboolean
hs_content_type_is_json (const char *content_type)
{
  const char *start, *end;
  gsize length;

  if (content_type == NULL)
    return FALSE;

  /* Runs for every delivery on the writer's thread: no copy of the header. */
  start = content_type;
  end = strchr (content_type, ';');
  if (end == NULL)
    end = content_type + strlen (content_type);
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  length = end - start;

  return (length == strlen ("application/json") &&
          g_ascii_strncasecmp (start, "application/json", length) == 0) ||
         (length >= strlen ("+json") &&
          g_ascii_strncasecmp (end - strlen ("+json"), "+json", strlen ("+json")) == 0);
}

/* Decimal digits without printf (a third of `list --json` went to vfprintf). */
static void
append_uint (GString *out,
             guint64  value,
             guint    min_digits)
{
  char buffer[24];
  guint n = 0;

  do
    {
      buffer[sizeof buffer - 1 - n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0 || n < min_digits);
  g_string_append_len (out, buffer + sizeof buffer - n, n);
}

/* By hand: `list --json` formats one per row, and GDateTime costs three allocations and a
 * format parse each time. Years 1 to 9999, GDateTime's range; nothing outside it. */
static void
append_timestamp (GString *out,
                  gint64   unix_us)
{
  gint64 seconds = unix_us / G_USEC_PER_SEC;
  gint64 micro = unix_us % G_USEC_PER_SEC;
  time_t t;
  struct tm tm;

  if (micro < 0)
    {
      seconds--;
      micro += G_USEC_PER_SEC;
    }
  t = (time_t)seconds;
  if (seconds < -62135596800 || seconds > 253402300799 || gmtime_r (&t, &tm) == NULL)
    return;

  append_uint (out, tm.tm_year + 1900, 4);
  g_string_append_c (out, '-');
  append_uint (out, tm.tm_mon + 1, 2);
  g_string_append_c (out, '-');
  append_uint (out, tm.tm_mday, 2);
  g_string_append_c (out, 'T');
  append_uint (out, tm.tm_hour, 2);
  g_string_append_c (out, ':');
  append_uint (out, tm.tm_min, 2);
  g_string_append_c (out, ':');
  append_uint (out, tm.tm_sec, 2);
  g_string_append_c (out, '.');
  append_uint (out, micro, 6);
  g_string_append_c (out, 'Z');
}

static void
append_member_string (GString    *out,
                      const char *name,
                      const char *value)
{
  g_string_append (out, ",\"");
  g_string_append (out, name);
  g_string_append (out, "\":");
  if (value != NULL)
    append_json_string (out, value);
  else
    g_string_append (out, "null");
}

/**
 * hs_delivery_append_json:
 *
 * Appends the delivery's JSON object without its body, the same members and values as
 * hs_delivery_to_json_node (@delivery, FALSE), formatted by hand: `list --json` writes one per
 * row, and json-glib's builder and generator cost several times the read of the row. The
 * headers are copied as the store keeps them (already JSON) unless they were parsed.
 */
void
hs_delivery_append_json (GString    *out,
                         HsDelivery *delivery)
{
  HsDeliveryFlags flags;
  const char *headers;
  const char *sep = "";

  g_return_if_fail (out != NULL);
  g_return_if_fail (HS_IS_DELIVERY (delivery));

  flags = hs_delivery_get_flags (delivery);

  g_string_append (out, "{\"id\":");
  append_uint (out, MAX (hs_delivery_get_id (delivery), 0), 1);
  g_string_append (out, ",\"received_at\":\"");
  append_timestamp (out, hs_delivery_get_received_at (delivery));
  g_string_append_c (out, '"');
  append_member_string (out, "method", hs_delivery_get_method (delivery));
  append_member_string (out, "path", hs_delivery_get_path (delivery));
  append_member_string (out, "query", hs_delivery_get_query (delivery));
  g_string_append (out, ",\"headers\":");
  if ((headers = hs_delivery_peek_headers_json (delivery)) != NULL)
    g_string_append (out, headers);
  else
    {
      g_autofree char *json = hs_delivery_dup_headers_json (delivery);

      g_string_append (out, json);
    }
  append_member_string (out, "content_type", hs_delivery_get_content_type (delivery));
  append_member_string (out, "peer", hs_delivery_get_peer (delivery));
  g_string_append (out, ",\"body_size\":");
  append_uint (out, hs_delivery_get_body_size (delivery), 1);
  g_string_append (out, (flags & HS_DELIVERY_FLAG_TRUNCATED) ? ",\"truncated\":true"
                                                              : ",\"truncated\":false");
  append_member_string (out, "auth",
                        hs_auth_verdict_to_string (hs_delivery_get_auth_verdict (delivery)));
  append_member_string (out, "parse",
                        hs_parse_verdict_to_string (hs_delivery_get_parse_verdict (delivery)));
  append_member_string (out, "parse_message", hs_delivery_get_parse_message (delivery));
  append_member_string (out, "event_name", hs_delivery_get_event_name (delivery));
  g_string_append (out, ",\"flags\":[");
  if (flags & HS_DELIVERY_FLAG_TRUNCATED)
    {
      g_string_append (out, "\"truncated\"");
      sep = ",";
    }
  if (flags & HS_DELIVERY_FLAG_DUPLICATE)
    {
      g_string_append_printf (out, "%s\"duplicate\"", sep);
      sep = ",";
    }
  if (flags & HS_DELIVERY_FLAG_OUT_OF_ORDER)
    {
      g_string_append_printf (out, "%s\"out-of-order\"", sep);
      sep = ",";
    }
  if (flags & HS_DELIVERY_FLAG_IMPORTED)
    g_string_append_printf (out, "%s\"imported\"", sep);
  g_string_append (out, "],\"response_status\":");
  append_uint (out, hs_delivery_get_response_status (delivery), 1);
  g_string_append (out, hs_delivery_get_projected (delivery) ? ",\"projected\":true}"
                                                             : ",\"projected\":false}");
}