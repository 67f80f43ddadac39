/* test-trigger.c: hookscope trigger against the real listener (hookscope --headless)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "hs-domain-store.h"
#include "hs-store.h"

#define SEED_EVENT_ID "ef7e8599-4ec0-4376-9af8-7f79d7090e89"
#define SEED_INVITATION_ID "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1"

typedef struct
{
  char        *dir;
  char        *db_path;
  GSubprocess *listener;
  char        *url;
} Fixture;

static void
start_listener (Fixture    *f,
                const char *api_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("HS_BINARY");

  f->dir = g_dir_make_tmp ("hs-trigger-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "t.db", NULL);

  if (api_key != NULL)
    f->listener = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--headless",
                                    "--listen", "127.0.0.1:0", "--db", f->db_path,
                                    "--api-key", api_key, NULL);
  else
    f->listener = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--headless",
                                    "--listen", "127.0.0.1:0", "--db", f->db_path, NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->listener));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  f->url = g_strdup (line + strlen ("Listening on "));
}

/* Stops the listener cleanly, so that everything it acknowledged is in the file. */
static void
stop_listener (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->listener == NULL)
    return;

  g_subprocess_send_signal (f->listener, SIGTERM);
  g_subprocess_wait_check (f->listener, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->listener);
}

static void
fixture_tear_down (Fixture *f)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (f->listener != NULL)
    {
      g_subprocess_force_exit (f->listener);
      g_subprocess_wait (f->listener, NULL, NULL);
      g_clear_object (&f->listener);
    }

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->url);
}

/* Runs `hookscope ARGS...`; returns its exit status, and its stdout in @out. */
static int
run_va (char       **out,
        const char  *command,
        const char  *first_arg,
        va_list      ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  const char *arg;

  g_ptr_array_add (args, (char *)g_getenv ("HS_BINARY"));
  g_ptr_array_add (args, (char *)command);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *)args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_exit_status (process);
}

G_GNUC_NULL_TERMINATED static int
trigger (char       **out,
         const char  *first_arg,
         ...)
{
  va_list ap;
  int status;

  va_start (ap, first_arg);
  status = run_va (out, "trigger", first_arg, ap);
  va_end (ap);
  return status;
}

/* Runs `hookscope COMMAND ARGS... --json`, expects success, returns the parsed array. */
G_GNUC_NULL_TERMINATED static JsonArray *
run_json (const char *command,
          const char *first_arg,
          ...)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  va_list ap;
  int status;

  va_start (ap, first_arg);
  status = run_va (&out, command, first_arg, ap);
  va_end (ap);
  g_assert_cmpint (status, ==, 0);

  root = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static void
test_fresh_ids (void)
{
  Fixture f = { 0 };
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autofree char *out = NULL;
  const char *ids[2];

  start_listener (&f, NULL);

  g_assert_cmpint (trigger (&out, "event_invitation_created", f.url, NULL), ==, 0);
  /* The status line and the listener's answer are printed. */
  g_assert_nonnull (strstr (out, "\n200 OK\n"));
  g_assert_nonnull (strstr (out, "\"ok\""));
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "participant_created", f.url, NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, "--sample", "event_weekly",
                            NULL), ==, 0);
  stop_listener (&f);

  store = hs_store_open (f.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_store_count_deliveries (store, "event_invitation_created", NULL), ==, 3);

  /* Four different events: every trigger made fresh ids, none is the sample's. */
  events = hs_domain_store_list_events (hs_store_get_read_connection (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);
  for (guint i = 0; i < events->len; i++)
    {
      HsEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpstr (hs_event_get_id (event), !=, SEED_EVENT_ID);
      g_assert_true (g_uuid_string_is_valid (hs_event_get_id (event)));
      /* The profile id was the event id in the sample; it still is. */
      g_assert_cmpstr (hs_event_get_profile_id (event), ==, hs_event_get_id (event));
      g_assert_cmpstr (hs_event_get_updated_at (event), !=, "2026-08-16T06:08:00Z");
    }

  invitations = hs_domain_store_list_invitations (hs_store_get_read_connection (store), NULL,
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invitations->len, ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      HsInvitation *invitation = g_ptr_array_index (invitations, i);
      g_autoptr(HsEvent) event = NULL;

      g_assert_cmpstr (hs_invitation_get_id (invitation), !=, SEED_INVITATION_ID);
      /* References follow the rewritten ids. */
      event = hs_domain_store_get_event (hs_store_get_read_connection (store),
                                         hs_invitation_get_event_id (invitation), &error);
      g_assert_no_error (error);
      ids[i] = hs_invitation_get_id (invitation);
    }
  g_assert_cmpstr (ids[0], !=, ids[1]);

  participants = hs_domain_store_list_participants (hs_store_get_read_connection (store), NULL,
                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 1);
  g_assert_cmpstr (hs_participant_get_id (g_ptr_array_index (participants, 0)), !=,
                   "3f1c2b9e-7d4a-4c1e-9a55-0b6f2f8d1e20");

  hs_store_close (store);
  fixture_tear_down (&f);
}

static void
test_api_key (void)
{
  Fixture f = { 0 };
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *out = NULL;

  start_listener (&f, "s3cret");

  /* Refused by the listener: not 2xx, so exit 1; never applied to the model. */
  g_assert_cmpint (trigger (&out, "event_invitation_created", f.url, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "\n401 "));
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, "--api-key", "wrong", NULL),
                   ==, 1);
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, "--api-key", "s3cret", NULL),
                   ==, 0);
  stop_listener (&f);

  store = hs_store_open (f.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_store_count_deliveries (store, NULL, NULL), ==, 3);
  events = hs_domain_store_list_events (hs_store_get_read_connection (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);

  hs_store_close (store);
  fixture_tear_down (&f);
}

static void
test_keep_ids_and_file (void)
{
  Fixture f = { 0 };
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autofree char *removed = g_build_filename (g_getenv ("HS_SAMPLES_DIR"),
                                               "participant_removed.json", NULL);
  HsParticipant *p;

  start_listener (&f, NULL);
  /* The same participant, created then removed, from the sample ids. */
  g_assert_cmpint (trigger (NULL, "participant_created", f.url, "--keep-ids", NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "participant_removed", f.url, "--keep-ids", "--sample", removed,
                            NULL), ==, 0);
  stop_listener (&f);

  store = hs_store_open (f.db_path, &error);
  g_assert_no_error (error);
  participants = hs_domain_store_list_participants (hs_store_get_read_connection (store), NULL,
                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 1);
  p = g_ptr_array_index (participants, 0);
  g_assert_cmpstr (hs_participant_get_id (p), ==, "3f1c2b9e-7d4a-4c1e-9a55-0b6f2f8d1e20");
  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_REMOVED);

  hs_store_close (store);
  fixture_tear_down (&f);
}

/* The list commands and their documented --json shapes (docs/domain.md). */
static void
test_lists (void)
{
  Fixture f = { 0 };
  g_autoptr(JsonArray) events = NULL;
  g_autoptr(JsonArray) invitations = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(JsonArray) participants = NULL;
  g_autoptr(JsonArray) versions = NULL;
  g_autofree char *text = NULL;
  JsonObject *o;

  start_listener (&f, NULL);
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, "--keep-ids", NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "participant_created", f.url, "--keep-ids", NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "participant_removed", f.url, "--keep-ids", NULL), ==, 0);
  stop_listener (&f);

  events = run_json ("events", "--db", f.db_path, "--json", NULL);
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  o = json_array_get_object_element (events, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, SEED_EVENT_ID);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Oaked Arrogant Bastard Ale");
  g_assert_cmpstr (json_object_get_string_member (o, "updated_at"), ==, "2026-08-16T06:08:00Z");
  g_assert_cmpstr (json_object_get_string_member (o, "timezone"), ==, "America/Montreal");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "locales")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "delivery_id"), >, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "received_at"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "event"),
                                                  "id"), ==, SEED_EVENT_ID);

  invitations = run_json ("invitations", "--db", f.db_path, "--json", "--event", SEED_EVENT_ID,
                          NULL);
  g_assert_cmpuint (json_array_get_length (invitations), ==, 1);
  o = json_array_get_object_element (invitations, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, SEED_INVITATION_ID);
  g_assert_cmpstr (json_object_get_string_member (o, "email"), ==, "qbuirette@omerlo.com");
  g_assert_cmpstr (json_object_get_string_member (o, "event_name"), ==,
                   "Oaked Arrogant Bastard Ale");
  g_assert_cmpstr (json_object_get_string_member (o, "inserted_at"), ==, "2026-05-29T15:21:33Z");
  g_assert_true (json_object_has_member (json_object_get_object_member (o, "invitation"),
                                         "email"));
  none = run_json ("invitations", "--db", f.db_path, "--json", "--event", "other", NULL);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  participants = run_json ("participants", "--db", f.db_path, "--json", NULL);
  g_assert_cmpuint (json_array_get_length (participants), ==, 1);
  o = json_array_get_object_element (participants, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "removed");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Marie Tremblay");
  g_assert_cmpint (json_object_get_int_member (o, "created_delivery_id"), <,
                   json_object_get_int_member (o, "removed_delivery_id"));
  g_assert_false (json_object_get_null_member (o, "removed_at"));

  /* Each of the three webhooks carried the same event: three versions, nothing changed. */
  versions = run_json ("events", "--db", f.db_path, "--json", "--versions", SEED_EVENT_ID, NULL);
  g_assert_cmpuint (json_array_get_length (versions), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_array_get_object_element (versions, i), "changes")), ==, 0);

  {
    const char *argv_text[] = { g_getenv ("HS_BINARY"), "participants", "--db", f.db_path, NULL };
    g_autoptr(GSubprocess) p = g_subprocess_newv (argv_text, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);

    g_assert_true (g_subprocess_communicate_utf8 (p, NULL, NULL, &text, NULL, NULL));
    g_assert_true (g_str_has_prefix (text, "ID\tSTATE\tEMAIL\tNAME\tEVENT\n"));
    g_assert_nonnull (strstr (text, "\tremoved\tmarie.tremblay@example.com\tMarie Tremblay\t"));
  }

  fixture_tear_down (&f);
}

/* Chosen ids: more invitations to one event, and removing the participant one created. */
static void
test_chosen_ids (void)
{
  Fixture f = { 0 };
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  const char *event_id = "11111111-2222-4333-8444-555555555555";
  const char *participant_id = "66666666-7777-4888-9999-000000000000";
  HsParticipant *p;
  sqlite3 *db;

  start_listener (&f, NULL);
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, "--event-id", event_id,
                            NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "event_invitation_created", f.url, "--event-id", event_id,
                            NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "participant_created", f.url, "--event-id", event_id,
                            "--participant-id", participant_id, NULL), ==, 0);
  g_assert_cmpint (trigger (NULL, "participant_removed", f.url, "--event-id", event_id,
                            "--participant-id", participant_id, NULL), ==, 0);
  stop_listener (&f);

  store = hs_store_open (f.db_path, &error);
  g_assert_no_error (error);
  db = hs_store_get_read_connection (store);

  events = hs_domain_store_list_events (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (hs_event_get_id (g_ptr_array_index (events, 0)), ==, event_id);

  invitations = hs_domain_store_list_invitations (db, event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invitations->len, ==, 2);
  g_assert_cmpstr (hs_invitation_get_id (g_ptr_array_index (invitations, 0)), !=,
                   hs_invitation_get_id (g_ptr_array_index (invitations, 1)));

  participants = hs_domain_store_list_participants (db, event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 1);
  p = g_ptr_array_index (participants, 0);
  g_assert_cmpstr (hs_participant_get_id (p), ==, participant_id);
  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_REMOVED);
  g_assert_cmpint (hs_participant_get_created_delivery_id (p), >, 0);

  hs_store_close (store);
  fixture_tear_down (&f);
}

static void
test_bad_usage (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_url = NULL;

  g_assert_cmpint (trigger (NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (trigger (NULL, "event_invitation_created", NULL), ==, 2);
  g_assert_cmpint (trigger (NULL, "order_paid", "http://127.0.0.1:1/", NULL), ==, 2);
  g_assert_cmpint (trigger (NULL, "participant_created", "not a url", NULL), ==, 2);
  g_assert_cmpint (trigger (NULL, "participant_created", "ftp://127.0.0.1/", NULL), ==, 2);
  g_assert_cmpint (trigger (NULL, "participant_created", "http://127.0.0.1:1/", "--sample",
                            "no-such-sample", NULL), ==, 2);
  g_assert_cmpint (trigger (NULL, "participant_created", "http://127.0.0.1:1/", "--keep-ids",
                            "--event-id", "x", NULL), ==, 2);

  /* A port that was just free: nobody answers, so the operation fails (1), not the usage. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  /* Bound but not listening: connections are refused. */
  g_assert_cmpint (trigger (NULL, "participant_created", closed_url, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trigger/fresh-ids", test_fresh_ids);
  g_test_add_func ("/trigger/api-key", test_api_key);
  g_test_add_func ("/trigger/keep-ids-and-file", test_keep_ids_and_file);
  g_test_add_func ("/trigger/bad-usage", test_bad_usage);
  g_test_add_func ("/trigger/lists", test_lists);
  g_test_add_func ("/trigger/chosen-ids", test_chosen_ids);

  return g_test_run ();
}
