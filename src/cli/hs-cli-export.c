/* hs-cli-export.c: hookscope export --format har|jsonl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams oldest first, one delivery in memory at a time. HAR 1.2 keeps what HAR can say;
 * what it cannot (verdicts, event name, binary bodies) goes into "_hookscope" members and
 * "_encoding", as the HAR spec allows for custom fields.
 */

#define G_LOG_DOMAIN "hs-cli-export"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-body-text.h"
#include "hs-cli.h"
#include "hs-cli-capture-private.h"
#include "hs-delivery-json.h"
#include "hs-secret-mask.h"

typedef struct
{
  GOutputStream *out;
  gboolean       har;
  gboolean       include_secrets;
  guint64        count;
  GError        *error;
} ExportState;

static gboolean
write_text (ExportState *state,
            const char  *text)
{
  if (state->error != NULL)
    return FALSE;
  return g_output_stream_write_all (state->out, text, strlen (text), NULL, NULL, &state->error);
}

static void
add_name_value (JsonBuilder *builder,
                const char  *name,
                const char  *value)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
}

static char *
unescape_form (const char *text,
               gssize      length)
{
  g_autofree char *raw = g_strndup (text, length < 0 ? strlen (text) : (gsize)length);
  char *decoded;

  g_strdelimit (raw, "+", ' ');
  decoded = g_uri_unescape_string (raw, NULL);
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_free (decoded);
      return g_steal_pointer (&raw);
    }
  return decoded;
}

static void
add_query_string (JsonBuilder *builder,
                  const char  *query)
{
  g_auto(GStrv) pairs = NULL;

  json_builder_begin_array (builder);
  if (query != NULL && query[0] != '\0')
    {
      pairs = g_strsplit (query, "&", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        {
          const char *eq = strchr (pairs[i], '=');
          g_autofree char *name = unescape_form (pairs[i], eq ? eq - pairs[i] : -1);
          g_autofree char *value = eq ? unescape_form (eq + 1, -1) : g_strdup ("");

          if (pairs[i][0] != '\0')
            add_name_value (builder, name, value);
        }
    }
  json_builder_end_array (builder);
}

/* postData: the body decoded from its Content-Encoding (the bytes received are in
 * "_wireBase64", the coding in "_contentEncoding"); a form's fields in "params"; bytes that are
 * not text as base64 with "_encoding". */
static void
add_post_data (JsonBuilder *builder,
               HsDelivery  *delivery)
{
  g_autofree char *encoding = hs_body_codec_dup_encoding (delivery);
  g_autoptr(GBytes) decoded = hs_delivery_dup_decoded_body (delivery, HS_BODY_CODEC_READ_LIMIT,
                                                            NULL);
  const char *content_type = hs_delivery_get_content_type (delivery);
  GBytes *shown = decoded ? decoded : hs_delivery_get_body (delivery);
  gsize size = 0;
  const char *data = g_bytes_get_data (shown, &size);
  gboolean text = hs_body_text_is_text (data, size);

  json_builder_set_member_name (builder, "postData");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mimeType");
  json_builder_add_string_value (builder, content_type ? content_type : "");
  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  if (decoded != NULL && text && hs_content_type_is_form (content_type))
    {
      g_autoptr(GPtrArray) fields = hs_body_form_parse (decoded);

      for (guint i = 0; i < fields->len; i++)
        {
          HsFormField *field = g_ptr_array_index (fields, i);
          g_autofree char *value = g_utf8_make_valid (g_bytes_get_data (field->value, NULL),
                                                      g_bytes_get_size (field->value));

          add_name_value (builder, field->name, value);
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "text");
  if (text)
    {
      g_autofree char *copy = g_strndup (data, size);

      json_builder_add_string_value (builder, copy);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode ((const guchar *)data, size);

      json_builder_add_string_value (builder, base64);
      json_builder_set_member_name (builder, "_encoding");
      json_builder_add_string_value (builder, "base64");
    }
  if (!hs_body_codec_is_identity (encoding) && decoded != NULL)
    {
      GBytes *wire = hs_delivery_get_body (delivery);
      g_autofree char *base64 = g_base64_encode (g_bytes_get_data (wire, NULL),
                                                 g_bytes_get_size (wire));

      json_builder_set_member_name (builder, "_contentEncoding");
      json_builder_add_string_value (builder, encoding);
      json_builder_set_member_name (builder, "_wireBase64");
      json_builder_add_string_value (builder, base64);
    }
  json_builder_end_object (builder);
}

static JsonNode *
har_entry (HsDelivery *delivery)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *started = hs_format_timestamp (hs_delivery_get_received_at (delivery));
  g_autofree char *url = NULL;
  g_autofree char *comment = NULL;
  g_autoptr(JsonNode) extra = hs_delivery_to_json_node (delivery, FALSE);
  const char *host = hs_delivery_lookup_header (delivery, "Host");
  const char *query = hs_delivery_get_query (delivery);
  GBytes *body = hs_delivery_get_body (delivery);
  guint status = hs_delivery_get_response_status (delivery);

  url = g_strdup_printf ("http://%s%s%s%s", host ? host : "localhost",
                         hs_delivery_get_path (delivery), query ? "?" : "", query ? query : "");
  comment = g_strdup_printf ("Hookscope delivery %" G_GINT64_FORMAT, hs_delivery_get_id (delivery));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "startedDateTime");
  json_builder_add_string_value (builder, started);
  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, 0);

  json_builder_set_member_name (builder, "request");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, hs_delivery_get_method (delivery));
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "httpVersion");
  json_builder_add_string_value (builder, "HTTP/1.1");
  json_builder_set_member_name (builder, "cookies");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    add_name_value (builder, hs_delivery_get_header_name (delivery, i),
                    hs_delivery_get_header_value (delivery, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "queryString");
  add_query_string (builder, query);
  if (body != NULL && g_bytes_get_size (body) > 0)
    add_post_data (builder, delivery);
  json_builder_set_member_name (builder, "headersSize");
  json_builder_add_int_value (builder, -1);
  json_builder_set_member_name (builder, "bodySize");
  json_builder_add_int_value (builder, hs_delivery_get_body_size (delivery));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "response");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "statusText");
  json_builder_add_string_value (builder,
                                 soup_status_get_phrase (status)
                                   ? soup_status_get_phrase (status) : "");
  json_builder_set_member_name (builder, "httpVersion");
  json_builder_add_string_value (builder, "HTTP/1.1");
  json_builder_set_member_name (builder, "cookies");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "mimeType");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "redirectURL");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "headersSize");
  json_builder_add_int_value (builder, -1);
  json_builder_set_member_name (builder, "bodySize");
  json_builder_add_int_value (builder, -1);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "cache");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "timings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "send");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "wait");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "receive");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "comment");
  json_builder_add_string_value (builder, comment);
  /* The delivery in the shape of list --json, minus what HAR already says. */
  json_builder_set_member_name (builder, "_hookscope");
  json_builder_add_value (builder, g_steal_pointer (&extra));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
export_one (HsDelivery *delivery,
            gpointer    user_data)
{
  ExportState *state = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  /* The delivery is this callback's own copy of the row: masking it changes nothing stored. */
  if (!state->include_secrets)
    hs_secret_mask_headers (delivery);
  node = state->har ? har_entry (delivery) : hs_delivery_to_json_node (delivery, TRUE);
  text = json_to_string (node, FALSE);

  if (state->har)
    write_text (state, state->count == 0 ? "\n" : ",\n");
  write_text (state, text);
  if (!state->har)
    write_text (state, "\n");
  state->count++;

  return state->error == NULL;
}

int
hs_cli_export (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gboolean include_secrets = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("har (HAR 1.2, the default) or jsonl (JSON lines)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { "include-secrets", 0, 0, G_OPTION_ARG_NONE, &include_secrets,
      N_("Export API keys, tokens and cookies as received (masked by default)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *header = NULL;
  ExportState state = { 0 };
  gboolean ok;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Export every delivery, oldest first, with its body."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s: %s\n", argv[0], _("unexpected arguments"));
      return 2;
    }
  if (format != NULL && !g_str_equal (format, "har") && !g_str_equal (format, "jsonl"))
    {
      g_printerr ("%s: %s\n", argv[0], _("--format must be har or jsonl"));
      return 2;
    }
  state.har = format == NULL || g_str_equal (format, "har");
  state.include_secrets = include_secrets;

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  if (output != NULL)
    {
      g_autoptr(GFileOutputStream) file_out = NULL;

      file = g_file_new_for_commandline_arg (output);
      /* Replaced only when the export completed: a failure leaves the old file. */
      file_out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                 &error);
      if (file_out == NULL)
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 1;
        }
      out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (file_out), 64 * 1024);
    }
  else
    {
      g_autoptr(GOutputStream) stdout_stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      out = g_buffered_output_stream_new_sized (stdout_stream, 64 * 1024);
    }
  state.out = out;

  if (state.har)
    {
      header = g_strdup_printf ("{\"log\":{\"version\":\"1.2\","
                                "\"creator\":{\"name\":\"Hookscope\",\"version\":\"%s\"},"
                                "\"entries\":[", PACKAGE_VERSION);
      write_text (&state, header);
    }

  ok = hs_store_foreach_delivery (store,
                                  HS_STORE_FOREACH_OLDEST_FIRST | HS_STORE_FOREACH_WITH_BODY,
                                  NULL, 0, export_one, &state, &error);

  if (state.har)
    write_text (&state, state.count > 0 ? "\n]}}\n" : "]}}\n");

  if (ok && state.error != NULL)
    {
      ok = FALSE;
      g_propagate_error (&error, g_steal_pointer (&state.error));
    }
  g_clear_error (&state.error);

  if (!ok)
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* Closing a cancelled replace stream keeps the previous file. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (out, cancel, NULL);
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  if (!g_output_stream_close (out, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  return 0;
}
