/* hs-cli-body.c: `hookscope show`'s body: decoded, a form field by field, multipart part by part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Payload text goes to stdout as data, never as a format string. Form values and part headers
 * are one line each with control characters shown as '?' (hs_cli_printable()); a JSON value is
 * indented as the body view indents it; bytes that are not text are a hex dump.
 */

#define G_LOG_DOMAIN "hs-cli-body"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-body-text.h"
#include "hs-cli-body.h"
#include "hs-cli-capture-private.h"

/* Each line of @text, after @indent. */
static void
print_indented (const char *text,
                gsize       length,
                const char *indent)
{
  const char *end = text + length;

  for (const char *p = text; p < end;)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline ? newline : end;

      fputs (indent, stdout);
      fwrite (p, 1, line_end - p, stdout);
      fputc ('\n', stdout);
      p = newline ? newline + 1 : end;
    }
}

static void
print_bytes_indented (GBytes     *bytes,
                      const char *indent)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    return;
  if (hs_body_text_is_text (data, size))
    {
      g_autofree char *pretty = hs_body_text_pretty_json (data, size);

      if (pretty != NULL)
        print_indented (pretty, strlen (pretty), indent);
      else
        print_indented (data, size, indent);
    }
  else
    {
      g_autofree char *hex = hs_body_text_hex ((const guint8 *)data, size);

      print_indented (hex, strlen (hex), indent);
    }
}

static void
print_form (GBytes *decoded)
{
  g_autoptr(GPtrArray) fields = hs_body_form_parse (decoded);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Form, %u field:\n", "Form, %u fields:\n", fields->len),
           fields->len);
  for (guint i = 0; i < fields->len; i++)
    {
      HsFormField *field = g_ptr_array_index (fields, i);
      g_autofree char *name = hs_cli_printable (field->name);
      gsize size = 0;
      const char *value = g_bytes_get_data (field->value, &size);

      if (hs_body_value_is_json_object (field->value, NULL) ||
          (size > 0 && !hs_body_text_is_text (value, size)))
        {
          /* Translators: a form field whose value follows on the next lines */
          g_print (_("  %s (%zu bytes):\n"), name, size);
          print_bytes_indented (field->value, "    ");
        }
      else
        {
          g_autofree char *text = g_strndup (value, size);
          g_autofree char *printable = hs_cli_printable (text);

          g_print ("  %s: %s\n", name, printable);
        }
    }
}

static gboolean
print_multipart (HsDelivery *delivery,
                 GBytes     *decoded)
{
  g_autoptr(GPtrArray) parts = NULL;

  parts = hs_body_multipart_parse (hs_delivery_get_content_type (delivery), decoded);
  if (parts == NULL)
    return FALSE;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Multipart, %u part:\n", "Multipart, %u parts:\n",
                        parts->len), parts->len);
  for (guint i = 0; i < parts->len; i++)
    {
      HsBodyPart *part = g_ptr_array_index (parts, i);

      g_print (_("  Part %u, %zu bytes\n"), i + 1, g_bytes_get_size (part->body));
      for (guint h = 0; h + 1 < part->headers->len; h += 2)
        {
          g_autofree char *name = hs_cli_printable (g_ptr_array_index (part->headers, h));
          g_autofree char *value = hs_cli_printable (g_ptr_array_index (part->headers, h + 1));

          g_print ("    %s: %s\n", name, value);
        }
      if (g_bytes_get_size (part->body) > 0)
        {
          g_print ("\n");
          print_bytes_indented (part->body, "    ");
        }
    }
  return TRUE;
}

/**
 * hs_cli_print_encoding:
 *
 * "Encoding:  gzip, 708 bytes → 2,006 bytes", when the body has a Content-Encoding.
 */
void
hs_cli_print_encoding (HsDelivery *delivery,
                       GBytes     *decoded,
                       GError     *error)
{
  g_autofree char *encoding = hs_body_codec_dup_encoding (delivery);
  g_autofree char *description = NULL;
  g_autofree char *printable = NULL;
  GBytes *body = hs_delivery_get_body (delivery);

  if (hs_body_codec_is_identity (encoding))
    return;

  description = hs_body_codec_describe (encoding, body ? g_bytes_get_size (body) : 0, decoded,
                                        error);
  printable = hs_cli_printable (description);
  g_print ("%-10s %s\n", _("Encoding:"), printable);
}

/**
 * hs_cli_print_body:
 * @decoded: (nullable): the body decoded, %NULL when it could not be
 *
 * The "Body:" section of `show`.
 */
void
hs_cli_print_body (HsDelivery *delivery,
                   GBytes     *decoded)
{
  GBytes *body = hs_delivery_get_body (delivery);
  gsize size = 0;
  const char *data;

  g_print ("\n%s\n", _("Body:"));
  if (decoded == NULL)
    {
      g_print (_("(not decoded, %zu bytes: use --raw to write them)\n"),
               body ? g_bytes_get_size (body) : 0);
      return;
    }

  data = g_bytes_get_data (decoded, &size);
  if (size == 0)
    g_print ("%s\n", _("(empty)"));
  else if (hs_content_type_is_form (hs_delivery_get_content_type (delivery)) &&
           hs_body_text_is_text (data, size))
    print_form (decoded);
  else if (print_multipart (delivery, decoded))
    ;
  else if (!hs_body_text_is_text (data, size))
    g_print (_("(binary, %zu bytes: use --body to write them)\n"), size);
  else
    {
      fwrite (data, 1, size, stdout);
      if (data[size - 1] != '\n')
        g_print ("\n");
    }
}
