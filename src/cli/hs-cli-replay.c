/* hs-cli-replay.c: hookscope replay and hookscope replays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-replay"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-cli-capture-private.h"
#include "hs-delivery-json.h"
#include "hs-replay-job.h"
#include "hs-replay-store.h"
#include "hs-secret-mask.h"

/* ------------------------------------------------------------------------------------------ */
/* hookscope replay */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      json;
  GError       *error;
} ReplayRun;

/* Keys masked in what is printed (the attempt is this run's own; what is stored stays). */
static void
mask_attempt (HsReplayAttempt *attempt)
{
  hs_secret_mask_header_pairs (hs_replay_attempt_get_request_headers (attempt));
  hs_secret_mask_header_pairs (hs_replay_attempt_get_response_headers (attempt));
}

static void
print_attempt_json (HsReplayAttempt *attempt)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  mask_attempt (attempt);
  node = hs_replay_attempt_to_json_node (attempt, FALSE);
  text = json_to_string (node, FALSE);

  printf ("%s\n", text);
}

static void
attempt_finished_cb (HsReplayJob     *job,
                     HsReplayAttempt *attempt,
                     ReplayRun       *run)
{
  g_autofree char *outcome = NULL;
  g_autofree char *printable = NULL;

  if (run->json)
    {
      print_attempt_json (attempt);
      return;
    }

  outcome = hs_replay_attempt_dup_outcome (attempt);
  printable = hs_cli_printable (outcome);
  printf ("%" G_GINT64_FORMAT "\t%s\t%.1f ms\n", hs_replay_attempt_get_delivery_id (attempt),
          printable, hs_replay_attempt_get_duration (attempt) / 1000.0);
}

static void
replay_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ReplayRun *run = user_data;

  hs_replay_job_run_finish (HS_REPLAY_JOB (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  ReplayRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
add_delivery_cb (HsDelivery *delivery,
                 gpointer    user_data)
{
  hs_replay_job_add_delivery (user_data, hs_delivery_get_id (delivery));
  return TRUE;
}

/* "42" or "10-20"; FALSE when it is neither. */
static gboolean
parse_ids (const char *arg,
           gint64     *first,
           gint64     *last,
           gboolean   *is_range)
{
  const char *dash = strchr (arg, '-');
  g_autofree char *head = dash != NULL ? g_strndup (arg, dash - arg) : g_strdup (arg);
  guint64 a = 0, b = 0;

  if (!g_ascii_string_to_unsigned (head, 10, 1, G_MAXINT64, &a, NULL))
    return FALSE;
  if (dash != NULL && !g_ascii_string_to_unsigned (dash + 1, 10, 1, G_MAXINT64, &b, NULL))
    return FALSE;

  *first = a;
  *last = dash != NULL ? (gint64)b : (gint64)a;
  *is_range = dash != NULL;
  return TRUE;
}

static gboolean
add_header_edits (HsReplayJob  *job,
                  char        **headers,
                  char        **removed,
                  GError      **error)
{
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    {
      const char *colon = strchr (headers[i], ':');
      g_autofree char *name = NULL;

      if (colon == NULL || colon == headers[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--header wants “Name: value”, not “%s”"), headers[i]);
          return FALSE;
        }
      name = g_strstrip (g_strndup (headers[i], colon - headers[i]));
      hs_replay_job_set_header (job, name, colon[1] == ' ' ? colon + 2 : colon + 1);
    }
  for (guint i = 0; removed != NULL && removed[i] != NULL; i++)
    hs_replay_job_remove_header (job, removed[i]);

  return TRUE;
}

static GBytes *
read_body_file (const char  *path,
                GError     **error)
{
  char *contents = NULL;
  gsize length = 0;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
        return NULL;
      return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return g_bytes_new_take (contents, length);
}

/* The target: a saved one (--target NAME) or the URL on the command line, adjusted by the
 * options; saved under --save-target NAME when asked. */
static HsReplayTarget *
resolve_target (HsStore     *store,
                const char  *target_name,
                const char  *url,
                gboolean     append_path,
                gboolean     insecure,
                const char  *save_name,
                const char  *api_key,
                GError     **error)
{
  g_autoptr(HsReplayTarget) target = NULL;

  if (target_name != NULL)
    {
      target = hs_replay_store_find_target (store, target_name, error);
      if (target == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("There is no saved target called “%s” "
                           "(see hookscope replays --targets)"),
                         target_name);
          return NULL;
        }
      if (url != NULL)
        hs_replay_target_set_base_url (target, url);
    }
  else
    {
      target = hs_replay_target_new (url);
    }

  if (append_path)
    hs_replay_target_set_append_path (target, TRUE);
  if (insecure)
    hs_replay_target_set_allow_self_signed (target, TRUE);

  if (save_name != NULL)
    {
      g_autofree char *checked = hs_replay_build_url (hs_replay_target_get_base_url (target),
                                                      NULL, NULL, FALSE, error);

      if (checked == NULL)
        return NULL;
      hs_replay_target_set_name (target, save_name);
      if (api_key != NULL)
        hs_replay_target_set_api_key (target, api_key);
      if (!hs_replay_store_save_target (store, target, error))
        return NULL;
    }

  return g_steal_pointer (&target);
}

int
hs_cli_replay (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(HsReplayTarget) target = NULL;
  g_autoptr(HsReplayJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *method = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *target_name = NULL;
  g_autofree char *save_name = NULL;
  g_autofree char *event_name = NULL;
  g_auto(GStrv) headers = NULL;
  g_auto(GStrv) removed = NULL;
  gboolean append_path = FALSE;
  gboolean stop_on_failure = FALSE;
  gboolean insecure = FALSE;
  gboolean json = FALSE;
  int timeout = HS_REPLAY_DEFAULT_TIMEOUT;
  double pace = 0;
  const char *url = NULL;
  guint n_ids;
  gint64 started;
  ReplayRun run = { 0 };
  guint sigint, sigterm;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database (default: the app's)"),
      N_("PATH") },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target_name,
      N_("Send to a saved target (then URL may be left out)"), N_("NAME") },
    { "event", 'e', 0, G_OPTION_ARG_STRING, &event_name,
      N_("Replay every delivery of this event instead of given ids"), N_("NAME") },
    { "api-key", 'k', 0, G_OPTION_ARG_STRING, &api_key,
      N_("Send this x-api-key instead of the captured one"), N_("KEY") },
    { "append-path", 'p', 0, G_OPTION_ARG_NONE, &append_path,
      N_("Append the captured path to the URL's path"), NULL },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &headers,
      N_("Add or replace a header (repeatable)"), N_("“NAME: VALUE”") },
    { "remove-header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &removed,
      N_("Leave a captured header out (repeatable)"), N_("NAME") },
    { "method", 'X', 0, G_OPTION_ARG_STRING, &method,
      N_("Use this method instead of the captured one"), N_("METHOD") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file,
      N_("Send this file's bytes as the body (- for standard input)"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds without progress before an attempt fails (default 30, 0: none)"),
      N_("SECONDS") },
    { "pace", 0, 0, G_OPTION_ARG_DOUBLE, &pace,
      N_("Space the deliveries like they arrived, times FACTOR (1: as captured, 0.5: twice "
         "as fast); default: no pacing"), N_("FACTOR") },
    { "stop-on-failure", 0, 0, G_OPTION_ARG_NONE, &stop_on_failure,
      N_("Stop after the first attempt that did not get a 2xx"), NULL },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure,
      N_("Accept a self-signed or otherwise invalid TLS certificate"), NULL },
    { "save-target", 0, 0, G_OPTION_ARG_STRING, &save_name,
      N_("Save the URL, key and options as a target called NAME"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per attempt and line"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("ID…|--event NAME [URL] — replay captured deliveries"));
  g_option_context_set_description (context,
    _("ID is a delivery id or a range FIRST-LAST (ids missing in a range are skipped).\n"
      "Deliveries go in the order they were received. Prints one line per attempt: the\n"
      "delivery id, the status or the error, the milliseconds. Exit status: 0 when every\n"
      "attempt got a 2xx, 1 otherwise, 2 for bad usage. See docs/replay.md."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;

  n_ids = argc - 1;
  if (target_name == NULL && argc >= 2)
    {
      url = argv[argc - 1];
      n_ids--;
    }
  else if (target_name != NULL && argc >= 3 && strstr (argv[argc - 1], "://") != NULL)
    {
      url = argv[argc - 1];
      n_ids--;
    }
  if ((n_ids == 0) == (event_name == NULL) || (url == NULL && target_name == NULL))
    {
      g_printerr ("%s: %s\n", argv[0],
                  _("Give one or more delivery ids (or --event NAME) and a URL"));
      return 2;
    }
  if (timeout < 0 || pace < 0)
    {
      g_printerr ("%s: %s\n", argv[0], _("--timeout and --pace cannot be negative"));
      return 2;
    }

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  target = resolve_target (store, target_name, url, append_path, insecure, save_name, api_key,
                           &error);
  if (target == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }
  /* Checked once here, so that a typo is a usage error rather than N failed attempts. */
  {
    g_autofree char *checked = hs_replay_build_url (hs_replay_target_get_base_url (target),
                                                    NULL, NULL, FALSE, &error);

    if (checked == NULL)
      {
        g_printerr ("%s: %s\n", argv[0], error->message);
        return 2;
      }
  }

  job = hs_replay_job_new (store, target);
  for (guint i = 1; i <= n_ids; i++)
    {
      gint64 first, last;
      gboolean is_range;

      if (!parse_ids (argv[i], &first, &last, &is_range))
        {
          g_printerr (_("%s: “%s” is not a delivery id or a range of ids\n"), argv[0], argv[i]);
          return 2;
        }
      if (is_range)
        hs_replay_job_add_range (job, first, last);
      else
        hs_replay_job_add_delivery (job, first);
    }
  if (event_name != NULL &&
      !hs_store_foreach_delivery (store, HS_STORE_FOREACH_OLDEST_FIRST, event_name, 0,
                                  add_delivery_cb, job, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  if (!add_header_edits (job, headers, removed, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }
  if (body_file != NULL)
    {
      g_autoptr(GBytes) body = read_body_file (body_file, &error);

      if (body == NULL)
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 2;
        }
      hs_replay_job_set_body (job, body);
    }
  if (method != NULL)
    hs_replay_job_set_method (job, method);
  if (api_key != NULL)
    hs_replay_job_set_api_key (job, api_key);
  hs_replay_job_set_timeout (job, timeout);
  hs_replay_job_set_pace (job, pace);
  hs_replay_job_set_stop_on_failure (job, stop_on_failure);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.json = json;
  g_signal_connect (job, "attempt-finished", G_CALLBACK (attempt_finished_cb), &run);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  started = g_get_monotonic_time ();
  hs_replay_job_run_async (job, run.cancellable, replay_done_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (run.loop);
  g_object_unref (run.cancellable);

  {
    double seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
    guint done = hs_replay_job_get_n_done (job);
    guint succeeded = hs_replay_job_get_n_succeeded (job);

    if (run.error != NULL)
      g_printerr ("%s: %s\n", argv[0], run.error->message);
    if (hs_replay_job_get_stopped (job))
      g_printerr (_("%s: stopped at the first failure\n"), argv[0]);
    g_printerr (_("%u replayed, %u got a 2xx, %u failed, in %.2f s (%.0f/s)\n"), done, succeeded,
                done - succeeded, seconds, seconds > 0 ? done / seconds : 0.0);

    fflush (stdout);
    if (run.error != NULL)
      {
        g_clear_error (&run.error);
        return 1;
      }
    return done > 0 && succeeded == done && !hs_replay_job_get_stopped (job) ? 0 : 1;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* hookscope replays */

static void
print_targets (GPtrArray *targets,
               gboolean   json)
{
  for (guint i = 0; i < targets->len; i++)
    {
      HsReplayTarget *target = g_ptr_array_index (targets, i);
      gint64 used = hs_replay_target_get_last_used_at (target);
      g_autofree char *used_text = used != 0 ? hs_format_timestamp (used) : NULL;

      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, hs_replay_target_get_id (target));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, hs_replay_target_get_name (target));
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, hs_replay_target_get_base_url (target));
          json_builder_set_member_name (builder, "has_api_key");
          json_builder_add_boolean_value (builder, hs_replay_target_get_api_key (target) != NULL);
          json_builder_set_member_name (builder, "append_path");
          json_builder_add_boolean_value (builder, hs_replay_target_get_append_path (target));
          json_builder_set_member_name (builder, "allow_self_signed");
          json_builder_add_boolean_value (builder,
                                          hs_replay_target_get_allow_self_signed (target));
          json_builder_set_member_name (builder, "last_used_at");
          if (used_text != NULL)
            json_builder_add_string_value (builder, used_text);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          text = json_to_string (node, FALSE);
          printf ("%s\n", text);
        }
      else
        {
          g_autofree char *name = hs_cli_printable (hs_replay_target_get_name (target));
          g_autofree char *url = hs_cli_printable (hs_replay_target_get_base_url (target));

          printf ("%s\t%s%s%s%s\n", name, url,
                  hs_replay_target_get_append_path (target) ? _(" +path") : "",
                  hs_replay_target_get_api_key (target) != NULL ? _(" +key") : "",
                  hs_replay_target_get_allow_self_signed (target) ? _(" +self-signed") : "");
        }
    }
}

int
hs_cli_replays (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  gint64 delivery_id = 0;
  int limit = 50;
  gboolean include_secrets = FALSE;
  gboolean json = FALSE;
  gboolean bodies = FALSE;
  gboolean targets = FALSE;
  g_autofree char *forget = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database (default: the app's)"),
      N_("PATH") },
    { "delivery", 'd', 0, G_OPTION_ARG_INT64, &delivery_id,
      N_("Only the replays of this delivery"), N_("ID") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N, newest first (default 50, 0: all)"),
      N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line"), NULL },
    { "bodies", 0, 0, G_OPTION_ARG_NONE, &bodies,
      N_("With --json: include the request and response bodies"), NULL },
    { "targets", 0, 0, G_OPTION_ARG_NONE, &targets, N_("List the saved targets instead"), NULL },
    { "include-secrets", 0, 0, G_OPTION_ARG_NONE, &include_secrets,
      N_("With --json: API keys, tokens and cookies as sent (masked by default)"), NULL },
    { "delete-target", 0, 0, G_OPTION_ARG_STRING, &forget, N_("Delete the saved target NAME"),
      N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("— the replay history, newest first"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1 || limit < 0 || delivery_id < 0)
    {
      g_printerr ("%s: %s\n", argv[0], _("Unexpected arguments (see --help)"));
      return 2;
    }

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  if (forget != NULL)
    {
      g_autoptr(HsReplayTarget) target = hs_replay_store_find_target (store, forget, &error);

      if (target == NULL)
        {
          if (error == NULL)
            {
              g_printerr (_("%s: there is no saved target called “%s”\n"), argv[0], forget);
              return 2;
            }
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 1;
        }
      if (!hs_replay_store_delete_target (store, hs_replay_target_get_id (target), &error))
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 1;
        }
      return 0;
    }

  if (targets)
    list = hs_replay_store_list_targets (store, &error);
  else
    list = hs_replay_store_list_attempts (store, delivery_id, limit, json && bodies, &error);
  if (list == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  if (targets)
    {
      print_targets (list, json);
      return 0;
    }

  for (guint i = 0; i < list->len; i++)
    {
      HsReplayAttempt *attempt = g_ptr_array_index (list, i);

      if (json)
        {
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          if (!include_secrets)
            mask_attempt (attempt);
          node = hs_replay_attempt_to_json_node (attempt, bodies);
          text = json_to_string (node, FALSE);

          printf ("%s\n", text);
        }
      else
        {
          g_autofree char *when = hs_format_timestamp (hs_replay_attempt_get_started_at (attempt));
          g_autofree char *outcome = hs_replay_attempt_dup_outcome (attempt);
          g_autofree char *url = hs_cli_printable (hs_replay_attempt_get_url (attempt));
          g_autofree char *printable = hs_cli_printable (outcome);
          g_autofree char *target = hs_cli_printable (hs_replay_attempt_get_target_name (attempt));

          printf ("%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s %s\t%s\t%.1f ms\t%s\n",
                  hs_replay_attempt_get_id (attempt), when,
                  hs_replay_attempt_get_delivery_id (attempt),
                  hs_replay_attempt_get_method (attempt), url, printable,
                  hs_replay_attempt_get_duration (attempt) / 1000.0, target);
        }
    }

  return 0;
}
