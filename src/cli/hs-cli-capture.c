/* hs-cli-capture.c: hookscope --headless, list and show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-capture"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-body-codec.h"
#include "hs-cli-body.h"
#include "hs-cli-capture-private.h"
#include "hs-delivery-json.h"
#include "hs-cli-query.h"
#include "hs-listener.h"
#include "hs-paths.h"
#include "hs-capture.h"
#include "hs-secret-mask.h"
#include "hs-store.h"

/* How long SIGINT/SIGTERM waits for deliveries in flight (a custom delay may be 30 s). */
#define DRAIN_TIMEOUT_SECONDS 40

/* Payload text is data: control characters never reach the terminal. */
char *
hs_cli_printable (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("-");

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, ((guchar)*p < 0x20 || *p == 0x7f) ? '?' : *p);

  return g_string_free (out, FALSE);
}

HsStore *
hs_cli_open_store (const char *prgname,
                   const char *db_option)
{
  g_autofree char *path = hs_cli_database_path (db_option);
  g_autoptr(GError) error = NULL;
  HsStore *store = hs_store_open (path, &error);

  if (store == NULL)
    g_printerr ("%s: %s\n", prgname, error->message);

  return store;
}

/* ------------------------------------------------------------------------------------------ */
/* --headless */

/* The window's preferences, when their schema is installed (read once); NULL otherwise, and
 * the listener keeps its defaults. Never the build tree's schema: a test's headless must not
 * pick up what a window test left in the settings. */
static GSettings *
installed_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID_BASE, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* The log lines of the deliveries being answered, written in one go after the dispatch that
 * answered them. Formatted by hand: printf and stdio's per-call locking cost more than the
 * rest of the request's own work on the main thread. */
static GString *log_lines;
static guint flush_source;

static void
flush_log_now (void)
{
  if (log_lines != NULL && log_lines->len > 0)
    {
      fwrite (log_lines->str, 1, log_lines->len, stdout);
      g_string_truncate (log_lines, 0);
    }
  fflush (stdout);
}

static gboolean
flush_log (gpointer user_data)
{
  flush_source = 0;
  flush_log_now ();
  return G_SOURCE_REMOVE;
}

/* Like hs_cli_printable(): control characters become '?', a missing text '-'. */
static void
append_printable (GString    *out,
                  const char *text)
{
  const char *run = text;

  if (text == NULL)
    {
      g_string_append_c (out, '-');
      return;
    }

  for (const char *p = text; ; p++)
    {
      guchar c = *p;

      if (c == '\0' || c < 0x20 || c == 0x7f)
        {
          g_string_append_len (out, run, p - run);
          if (c == '\0')
            return;
          g_string_append_c (out, '?');
          run = p + 1;
        }
    }
}

static void
append_uint (GString *out,
             guint64  value,
             guint    min_digits)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0 || n < min_digits);

  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
log_delivery (HsListener *listener,
              HsDelivery *delivery,
              gpointer    user_data)
{
  static gint64 cached_second = G_MININT64;
  static char *cached_prefix = NULL;
  gint64 received_at = hs_delivery_get_received_at (delivery);

  /* Formatting a date costs more than the rest of the line: once per second is enough. */
  if (received_at / G_USEC_PER_SEC != cached_second || cached_prefix == NULL)
    {
      g_autofree char *full = hs_format_timestamp (received_at - received_at % G_USEC_PER_SEC);

      g_free (cached_prefix);
      cached_prefix = g_strndup (full, strlen (full) - strlen (".000000Z"));
      cached_second = received_at / G_USEC_PER_SEC;
    }

  if (log_lines == NULL)
    log_lines = g_string_sized_new (4096);

  /* 2026-11-27T18:47:05.123456Z #42 POST /hooks event_invitation_created 200 2048 bytes */
  g_string_append (log_lines, cached_prefix);
  g_string_append_c (log_lines, '.');
  append_uint (log_lines, received_at % G_USEC_PER_SEC, 6);
  g_string_append (log_lines, "Z #");
  append_uint (log_lines, MAX (hs_delivery_get_id (delivery), 0), 1);
  g_string_append_c (log_lines, ' ');
  append_printable (log_lines, hs_delivery_get_method (delivery));
  g_string_append_c (log_lines, ' ');
  append_printable (log_lines, hs_delivery_get_path (delivery));
  g_string_append_c (log_lines, ' ');
  append_printable (log_lines, hs_delivery_get_event_name (delivery));
  g_string_append_c (log_lines, ' ');
  append_uint (log_lines, hs_delivery_get_response_status (delivery), 1);
  g_string_append_c (log_lines, ' ');
  append_uint (log_lines, hs_delivery_get_body_size (delivery), 1);
  g_string_append (log_lines, " bytes\n");

  /* A committed batch logs its lines in one main-loop dispatch: one write for all of them. */
  if (flush_source == 0)
    flush_source = g_idle_add (flush_log, NULL);
}

static gboolean
quit_on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* The key is the file's first line; a file others can read is said to be one. */
static char *
read_api_key_file (const char  *path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  GStatBuf st;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  if ((newline = strpbrk (contents, "\r\n")) != NULL)
    *newline = '\0';
  if (contents[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: the key file is empty"),
                   path);
      return NULL;
    }
  if (g_stat (path, &st) == 0 && (st.st_mode & 0077) != 0)
    g_printerr (_("warning: %s can be read by other users (chmod 600 it)\n"), path);

  return g_steal_pointer (&contents);
}

/* What is wrong with capture, on stderr once each time it gets graver (a full disk is said
 * once, not per delivery), and when writes work again. */
static void
say_capture_state (HsCapture  *capture,
                   GParamSpec *pspec,
                   const char *program)
{
  static HsCaptureState said = HS_CAPTURE_STATE_OK;
  HsCaptureState state = hs_capture_get_state (capture);

  if (state > said)
    g_printerr ("%s: %s\n", program, hs_capture_get_state_message (capture));
  else if (state < said && said >= HS_CAPTURE_STATE_WRITE_FAILED &&
           state < HS_CAPTURE_STATE_WRITE_FAILED)
    g_printerr ("%s: %s\n", program, _("Deliveries are saved again."));
  said = state;
}

int
hs_cli_headless (int    argc,
                 char **argv)
{
  gboolean headless = FALSE;
  g_autofree char *listen = NULL;
  g_autofree char *db = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *api_key_file = NULL;
  g_auto(GStrv) forward_to = NULL;
  g_auto(GStrv) only = NULL;
  g_auto(GStrv) respond = NULL;
  gboolean relay = FALSE;
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless, N_("Run the listener without a window"),
      NULL },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("Listen on ADDR:PORT (port 0: any free port)"), N_("ADDR:PORT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, N_("Require this x-api-key (empty: none)"),
      N_("KEY") },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &api_key_file,
      N_("Require the x-api-key read from FILE (for machines without a keyring)"), N_("FILE") },
    { "forward-to", 0, 0, G_OPTION_ARG_STRING_ARRAY, &forward_to,
      N_("Forward every new delivery to URL (repeatable)"), N_("URL") },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
      N_("Forward only deliveries of this event (repeatable)"), N_("EVENT") },
    { "relay", 0, 0, G_OPTION_ARG_NONE, &relay,
      N_("The sender waits for the target's answer and gets it (502 when it fails)"), NULL },
    { "respond", 0, 0, G_OPTION_ARG_STRING_ARRAY, &respond,
      N_("Failure simulation (repeatable): STATUS[:SHARE][,next=N][,event=NAME][,delay=MS]"
         "[,retry-after=S]"), N_("RULE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HsCapture) capture = hs_capture_new ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) forward_rules = NULL;
  g_autoptr(GPtrArray) response_rules = NULL;
  HsListener *listener;
  guint sigint, sigterm;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Capture webhooks without a window: one line per delivery."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s: %s\n", argv[0], _("unexpected arguments"));
      return 2;
    }

  if (api_key == NULL && api_key_file != NULL &&
      !(api_key = read_api_key_file (api_key_file, &error)))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }
  /* Without a keyring (a server, CI): the environment, like --api-key but out of `ps`. */
  if (api_key == NULL && g_getenv ("HOOKSCOPE_API_KEY") != NULL)
    api_key = g_strdup (g_getenv ("HOOKSCOPE_API_KEY"));
  if (!hs_cli_parse_forwarding (argv[0], forward_to, only, relay, respond, &forward_rules,
                                &response_rules))
    return 2;

  path = hs_cli_database_path (db);
  if (!hs_capture_open (capture, path, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  listener = hs_capture_get_listener (capture);

  /* Pinned first: the keyring is then not asked at all. */
  if (api_key != NULL)
    hs_capture_pin_api_key (capture, api_key);
  if ((settings = installed_settings ()) != NULL)
    hs_capture_use_settings (capture, settings, FALSE);
  if (listen != NULL && !hs_capture_pin_listen (capture, listen, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }
  if (listen == NULL && !hs_check_ip_address (hs_listener_get_address (listener), &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }
  if (forward_rules != NULL)
    hs_forwarding_pin_rules (hs_capture_get_forwarding (capture), forward_rules);
  if (response_rules != NULL)
    hs_forwarding_pin_response_rules (hs_capture_get_forwarding (capture), response_rules);

  if (!hs_capture_start (capture, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE) ? 2 : 1;
    }

  /* Before the first line: whoever read it may send SIGTERM at once. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_on_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_on_signal, loop);

  url = hs_listener_dup_url (listener);
  g_print ("Listening on %s\n", url);
  hs_cli_log_forwarding (hs_capture_get_forwarding (capture));
  fflush (stdout);

  g_signal_connect (listener, "delivery-stored", G_CALLBACK (log_delivery), NULL);
  g_signal_connect (capture, "notify::state", G_CALLBACK (say_capture_state), argv[0]);
  say_capture_state (capture, NULL, argv[0]);

  g_main_loop_run (loop);

  /* Stop taking deliveries, answer the ones in flight, then close the database. */
  g_signal_handlers_disconnect_by_func (capture, say_capture_state, argv[0]);
  if (!hs_capture_shutdown (capture, DRAIN_TIMEOUT_SECONDS))
    g_printerr ("%s: %s\n", argv[0], _("gave up waiting for deliveries in flight"));

  g_source_remove (sigint);
  g_source_remove (sigterm);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  flush_log_now ();

  return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* list */

typedef struct
{
  gboolean  json;
  guint64   count;
  GString  *line;
} ListState;

static gboolean
list_one (HsDelivery *delivery,
          gpointer    user_data)
{
  ListState *state = user_data;

  if (state->json)
    {
      g_string_truncate (state->line, 0);
      g_string_append (state->line, state->count == 0 ? "  " : ",\n  ");
      hs_delivery_append_json (state->line, delivery);
      /* stdio, not g_print(): that flushes every call, a write per row. */
      fwrite (state->line->str, 1, state->line->len, stdout);
    }
  else
    {
      g_autofree char *time = hs_format_timestamp (hs_delivery_get_received_at (delivery));
      g_autofree char *path = hs_cli_printable (hs_delivery_get_path (delivery));
      g_autofree char *event = hs_cli_printable (hs_delivery_get_event_name (delivery));

      printf ("%-8" G_GINT64_FORMAT " %-27s %-7s %-32s %-30s %6u %10" G_GSIZE_FORMAT "\n",
               hs_delivery_get_id (delivery), time, hs_delivery_get_method (delivery),
               path, event, hs_delivery_get_response_status (delivery),
               hs_delivery_get_body_size (delivery));
    }

  state->count++;
  return TRUE;
}

int
hs_cli_list (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *event = NULL;
  gboolean json = FALSE;
  gint64 limit = 100;
  HsCliQueryOptions query_options = { 0 };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array (see docs/capture.md)"),
      NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &limit,
      N_("At most N deliveries (default 100, 0: all)"), "N" },
    { "event", 'e', 0, G_OPTION_ARG_STRING, &event, N_("Only deliveries of this event"),
      N_("NAME") },
    /* The window's search and filters (hs-cli-query.c). */
    { "search", 's', 0, G_OPTION_ARG_STRING, &query_options.search,
      N_("Only deliveries whose path, query, headers or body hold these words"), N_("TEXT") },
    { "auth", 0, 0, G_OPTION_ARG_STRING_ARRAY, &query_options.auth,
      N_("Only this API key verdict (ok, missing, wrong, not-required)"), N_("VERDICT") },
    { "parse", 0, 0, G_OPTION_ARG_STRING_ARRAY, &query_options.parse,
      N_("Only this payload verdict (ok, not-json, unknown-event, invalid-shape)"),
      N_("VERDICT") },
    { "flag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &query_options.flags,
      N_("Only deliveries with this flag (duplicate, out-of-order, truncated, imported)"),
      N_("FLAG") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &query_options.since,
      N_("Only deliveries received at or after this date or ISO 8601 time"), N_("TIME") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &query_options.until,
      N_("Only deliveries received before this date or ISO 8601 time"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsDeliveryQuery) query = NULL;
  g_autoptr(GString) line = g_string_sized_new (1024);
  ListState state = { 0 };
  gboolean ok;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("List captured deliveries, newest first."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1 || limit < 0)
    {
      g_printerr ("%s: %s\n", argv[0], argc > 1 ? _("unexpected arguments")
                                                 : _("--limit must be 0 or more"));
      return 2;
    }

  if (hs_cli_query_options_used (&query_options))
    {
      query = hs_cli_query_build (&query_options, event, &error);
      hs_cli_query_options_clear (&query_options);
      if (query == NULL)
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 2;
        }
    }

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  state.json = json;
  state.line = line;
  if (json)
    printf ("[\n");
  else
    printf ("%-8s %-27s %-7s %-32s %-30s %6s %10s\n", "ID", "RECEIVED", "METHOD", "PATH",
             "EVENT", "STATUS", "BYTES");

  /* One row at a time: --limit 0 over a million rows keeps one in memory. */
  if (query != NULL)
    ok = hs_cli_query_foreach (store, query, limit, list_one, &state, &error);
  else
    ok = hs_store_foreach_delivery (store, HS_STORE_FOREACH_NEWEST_FIRST, event, limit,
                                    list_one, &state, &error);
  if (!ok)
    {
      fflush (stdout);
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  if (json)
    printf ("%s]\n", state.count > 0 ? "\n" : "");

  return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* show */

void
hs_cli_show_text (HsDelivery *delivery)
{
  g_autoptr(GError) decode_error = NULL;
  g_autoptr(GBytes) decoded = hs_delivery_dup_decoded_body (delivery, HS_BODY_CODEC_READ_LIMIT,
                                                            &decode_error);
  g_autofree char *time = hs_format_timestamp (hs_delivery_get_received_at (delivery));
  g_autofree char *flags = hs_delivery_flags_to_string (hs_delivery_get_flags (delivery));
  g_autofree char *path = hs_cli_printable (hs_delivery_get_path (delivery));
  const char *query = hs_delivery_get_query (delivery);
  const char *message = hs_delivery_get_parse_message (delivery);

  g_print ("%s %" G_GINT64_FORMAT "\n", _("Delivery"), hs_delivery_get_id (delivery));
  g_print ("%-10s %s\n", _("Received:"), time);
  g_print ("%-10s %s %s%s%s\n", _("Request:"), hs_delivery_get_method (delivery), path,
           query ? "?" : "", query ? query : "");
  g_print ("%-10s %s\n", _("From:"),
           hs_delivery_get_peer (delivery) ? hs_delivery_get_peer (delivery) : "-");
  g_print ("%-10s %s\n", _("Type:"),
           hs_delivery_get_content_type (delivery) ? hs_delivery_get_content_type (delivery) : "-");
  g_print ("%-10s %" G_GSIZE_FORMAT " bytes%s\n", _("Size:"), hs_delivery_get_body_size (delivery),
           (hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED)
             ? _(" (stored truncated)") : "");
  hs_cli_print_encoding (delivery, decoded, decode_error);
  g_print ("%-10s %s\n", _("Auth:"),
           hs_auth_verdict_to_string (hs_delivery_get_auth_verdict (delivery)));
  g_print ("%-10s %s%s%s\n", _("Parse:"),
           hs_parse_verdict_to_string (hs_delivery_get_parse_verdict (delivery)),
           message ? ": " : "", message ? message : "");
  {
    g_autofree char *event = hs_cli_printable (hs_delivery_get_event_name (delivery));

    g_print ("%-10s %s\n", _("Event:"), event);
  }
  g_print ("%-10s %s\n", _("Flags:"), flags[0] ? flags : "-");
  g_print ("%-10s %u\n", _("Response:"), hs_delivery_get_response_status (delivery));

  g_print ("\n%s\n", _("Headers:"));
  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    {
      g_autofree char *name = hs_cli_printable (hs_delivery_get_header_name (delivery, i));
      g_autofree char *value = hs_cli_printable (hs_delivery_get_header_value (delivery, i));

      g_print ("  %s: %s\n", name, value);
    }

  hs_cli_print_body (delivery, decoded);
}

int
hs_cli_show (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  gboolean json = FALSE;
  gboolean body_only = FALSE;
  gboolean raw = FALSE;
  gboolean include_secrets = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON (see docs/capture.md)"), NULL },
    { "body", 0, 0, G_OPTION_ARG_NONE, &body_only,
      N_("Write the body, decoded from its Content-Encoding"), NULL },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw,
      N_("Write exactly the body bytes received (still encoded)"), NULL },
    { "include-secrets", 0, 0, G_OPTION_ARG_NONE, &include_secrets,
      N_("Print API keys, tokens and cookies as received (masked by default)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID"));
  g_autoptr(HsStore) store = NULL;
  g_autoptr(HsDelivery) delivery = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Show one delivery, or write its exact body."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2 || !g_ascii_string_to_signed (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      g_printerr ("%s: %s\n", argv[0], _("give one delivery ID (a positive integer)"));
      return 2;
    }
  if (json && (body_only || raw))
    {
      g_printerr ("%s: %s\n", argv[0], _("--json cannot be used with --body or --raw"));
      return 2;
    }

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  delivery = hs_store_get_delivery (store, id, &error);
  if (delivery == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  if (!include_secrets)
    hs_secret_mask_headers (delivery);

  if (body_only && !raw)
    {
      g_autoptr(GBytes) body = hs_delivery_dup_decoded_body (delivery, HS_BODY_CODEC_READ_LIMIT,
                                                             &error);
      gsize size = 0;
      gconstpointer data;

      if (body == NULL)
        {
          g_printerr ("%s: %s (%s)\n", argv[0], error->message,
                      _("--raw writes the bytes received"));
          return 1;
        }
      data = g_bytes_get_data (body, &size);
      if (size > 0 && fwrite (data, 1, size, stdout) != size)
        return 1;
    }
  else if (raw)
    {
      GBytes *body = hs_delivery_get_body (delivery);
      gsize size = 0;
      gconstpointer data = body ? g_bytes_get_data (body, &size) : NULL;

      if (size > 0 && fwrite (data, 1, size, stdout) != size)
        return 1;
    }
  else if (json)
    {
      g_autoptr(JsonNode) node = hs_delivery_to_json_node (delivery, TRUE);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    hs_cli_show_text (delivery);

  return fflush (stdout) == 0 ? 0 : 1;
}
