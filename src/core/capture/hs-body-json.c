/* hs-body-json.c: what `show --json` and `export` add about a body: decoded, form, parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members are added, never renamed (docs/capture.md): body_base64 and body_text stay the bytes
 * received; content_encoding, decoded_size, decode_error, decoded_base64 and decoded_text say
 * what they decode to; form and parts spell out form-encoded and multipart bodies.
 */

#define G_LOG_DOMAIN "hs-body-json"

#include "config.h"

#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-body-json.h"
#include "hs-body-text.h"

static void
add_bytes (JsonBuilder *builder,
           const char  *text_member,
           const char  *base64_member,
           GBytes      *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (hs_body_text_is_text (data, size))
    {
      g_autofree char *text = g_strndup (data, size);

      json_builder_set_member_name (builder, text_member);
      json_builder_add_string_value (builder, text);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode ((const guchar *)data, size);

      json_builder_set_member_name (builder, base64_member);
      json_builder_add_string_value (builder, base64);
    }
}

static void
add_form (JsonBuilder *builder,
          GBytes      *decoded)
{
  g_autoptr(GPtrArray) fields = hs_body_form_parse (decoded);

  /* [{"name": …, "value": …}], or "value_base64" for a value that is not text */
  json_builder_set_member_name (builder, "form");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      HsFormField *field = g_ptr_array_index (fields, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, field->name);
      add_bytes (builder, "value", "value_base64", field->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_parts (JsonBuilder *builder,
           GPtrArray   *parts)
{
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parts->len; i++)
    {
      HsBodyPart *part = g_ptr_array_index (parts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "headers");
      json_builder_begin_array (builder);
      for (guint h = 0; h + 1 < part->headers->len; h += 2)
        {
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, g_ptr_array_index (part->headers, h));
          json_builder_add_string_value (builder, g_ptr_array_index (part->headers, h + 1));
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, g_bytes_get_size (part->body));
      add_bytes (builder, "text", "base64", part->body);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * hs_delivery_json_add_decoded:
 *
 * Adds "content_encoding" (string or null); with one, "decoded_size" and "decoded_text" or
 * "decoded_base64", or "decode_error"; "form" for a form-encoded body; "parts" for a multipart
 * one.
 */
void
hs_delivery_json_add_decoded (JsonBuilder *builder,
                              HsDelivery  *delivery)
{
  g_autofree char *encoding = hs_body_codec_dup_encoding (delivery);
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *content_type = hs_delivery_get_content_type (delivery);

  json_builder_set_member_name (builder, "content_encoding");
  if (encoding != NULL)
    json_builder_add_string_value (builder, encoding);
  else
    json_builder_add_null_value (builder);

  decoded = hs_delivery_dup_decoded_body (delivery, HS_BODY_CODEC_READ_LIMIT, &error);
  if (!hs_body_codec_is_identity (encoding))
    {
      json_builder_set_member_name (builder, "decoded_size");
      if (decoded != NULL)
        json_builder_add_int_value (builder, g_bytes_get_size (decoded));
      else
        json_builder_add_null_value (builder);
      if (decoded != NULL)
        add_bytes (builder, "decoded_text", "decoded_base64", decoded);
      else
        {
          json_builder_set_member_name (builder, "decode_error");
          json_builder_add_string_value (builder, error->message);
        }
    }
  if (decoded == NULL)
    return;

  if (hs_content_type_is_form (content_type))
    add_form (builder, decoded);
  else if ((parts = hs_body_multipart_parse (content_type, decoded)) != NULL)
    add_parts (builder, parts);
}
