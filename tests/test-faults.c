/* test-faults.c: a full disk and a database deleted or replaced under hookscope --headless;
 * HsCapture's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full disk is honest: the child runs with RLIMIT_FSIZE (SIGXFSZ ignored, so write()
 * fails with EFBIG as on a full file system), and the test raises the limit on the child
 * with prlimit(2) while it runs.
 */

#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "headless-test-util.h"
#include "hs-capture.h"
#include "hs-store.h"

#define FSIZE_LIMIT (3 * 1024 * 1024)

typedef struct
{
  char        *dir;
  char        *db;
  char        *out_path;
  char        *err_path;
  SoupSession *session;
  GSubprocess *proc;
  char        *url;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-test-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "capture.db", NULL);
  f->out_path = g_build_filename (f->dir, "headless.out", NULL);
  f->err_path = g_build_filename (f->dir, "headless.err", NULL);
  f->session = soup_session_new_with_options ("timeout", 60, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (f->proc != NULL)
    {
      g_subprocess_force_exit (f->proc);
      g_subprocess_wait (f->proc, NULL, NULL);
    }
  g_clear_object (&f->proc);
  g_clear_object (&f->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out_path);
  g_free (f->err_path);
  g_free (f->url);
}

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit;

  /* In the child, before exec: a file may not grow past the limit, and writing past it fails
   * with EFBIG instead of killing the process. The hard limit stays, so the test can raise
   * the soft one again. */
  signal (SIGXFSZ, SIG_IGN);
  getrlimit (RLIMIT_FSIZE, &limit);
  limit.rlim_cur = FSIZE_LIMIT;
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
headless_start_full (Fixture    *f,
                     gboolean    limited,
                     const char *listen,
                     const char *api_key)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *args[] = { "--listen", listen, "--db", f->db,
                         api_key ? "--api-key" : NULL, api_key, NULL };

  if (limited)
    g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  f->url = hs_test_headless_spawn (launcher, f->out_path, f->err_path, args, 60, &f->proc);
}

static void
headless_start (Fixture  *f,
                gboolean  limited)
{
  headless_start_full (f, limited, "127.0.0.1:0", NULL);
}

/* Stops it as a user would (SIGTERM) and checks it went cleanly. */
static void
headless_stop (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (f->proc, SIGTERM);
  g_assert_true (g_subprocess_wait (f->proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (f->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (f->proc), ==, 0);
  g_clear_object (&f->proc);
}

typedef struct
{
  guint   status;
  gint64  id;
  char   *retry_after;
} Answer;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static Answer
post (Fixture *f,
      GBytes  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", f->url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  Answer answer = { 0 };

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  reply = soup_session_send_and_read_finish (f->session, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  answer.status = soup_message_get_status (msg);
  answer.retry_after = g_strdup (soup_message_headers_get_one (
    soup_message_get_response_headers (msg), "Retry-After"));
  if (answer.status == 200)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                                 g_bytes_get_size (reply), NULL));
      answer.id = json_object_get_int_member (json_node_get_object (
        json_parser_get_root (parser)), "id");
    }
  return answer;
}

static GBytes *
body_of (guint i,
         gsize size)
{
  GString *text = g_string_new (NULL);

  g_string_printf (text, "{\"event_name\":\"bulk\",\"n\":%u,\"pad\":\"", i);
  while (text->len + 2 < size)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}");
  return g_string_free_to_bytes (text);
}

/* Every acknowledged delivery is there with its bytes, nothing else is, the file is sound. */
static void
assert_store (Fixture *f,
              GArray  *acked,
              GArray  *bodies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->db, &error);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hs_store_count_deliveries (store, NULL, &error), ==, acked->len);
  for (guint i = 0; i < acked->len; i++)
    {
      g_autoptr(HsDelivery) d = hs_store_get_delivery (store, g_array_index (acked, gint64, i),
                                                       &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (hs_delivery_get_body (d),
                                    g_array_index (bodies, GBytes *, i)));
    }
  g_assert_cmpint (sqlite3_prepare_v2 (hs_store_get_read_connection (store),
                                       "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

static void
bytes_unref_at (gpointer data)
{
  g_bytes_unref (*(GBytes **)data);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) bodies = g_array_new (FALSE, FALSE, sizeof (GBytes *));
  g_autofree char *err = NULL;
  struct rlimit limit;
  guint i, n_refused = 0;

  g_array_set_clear_func (bodies, bytes_unref_at);
  headless_start (f, TRUE);

  /* 16 KiB deliveries until the WAL meets the limit (3 MiB: about 150 of them). */
  for (i = 0; i < 2000 && n_refused == 0; i++)
    {
      GBytes *body = body_of (i, 16 * 1024);
      Answer a = post (f, body);

      if (a.status == 200)
        {
          g_array_append_val (acked, a.id);
          g_array_append_val (bodies, body);
        }
      else
        {
          g_assert_cmpuint (a.status, ==, 503);
          g_assert_cmpstr (a.retry_after, ==, "5");
          n_refused++;
          g_bytes_unref (body);
        }
      g_free (a.retry_after);
    }
  g_test_message ("%u acknowledged before the disk was full", acked->len);
  g_assert_cmpuint (n_refused, ==, 1);
  g_assert_cmpuint (acked->len, >, 20);

  /* Still full: every sender gets 503, and stderr says it once, not per delivery. */
  for (guint j = 0; j < 5; j++)
    {
      g_autoptr(GBytes) body = body_of (i + j, 16 * 1024);
      Answer a = post (f, body);

      g_assert_cmpuint (a.status, ==, 503);
      g_assert_cmpstr (a.retry_after, ==, "5");
      g_free (a.retry_after);
    }
  g_usleep (300 * 1000);
  err = hs_test_read_text (f->err_path);
  g_test_message ("stderr: %s", err);
  g_assert_cmpuint (count_occurrences (err, "cannot be saved"), ==, 1);
  g_assert_cmpuint (count_occurrences (err, "saved again"), ==, 0);
  g_assert_cmpuint (count_occurrences (err, "Could not store"), ==, 1);
  g_assert_null (g_subprocess_get_identifier (f->proc) == NULL ? "exited" : NULL);

  /* Space returns: capture resumes by itself, without a restart. */
  g_assert_cmpint (prlimit (atoi (g_subprocess_get_identifier (f->proc)), RLIMIT_FSIZE, NULL,
                            &limit), ==, 0);
  g_assert_cmpint (limit.rlim_cur, ==, FSIZE_LIMIT);
  limit.rlim_cur = limit.rlim_max;
  g_assert_cmpint (prlimit (atoi (g_subprocess_get_identifier (f->proc)), RLIMIT_FSIZE, &limit,
                            NULL), ==, 0);
  for (guint j = 0; j < 20; j++)
    {
      GBytes *body = body_of (10000 + j, 16 * 1024);
      Answer a = post (f, body);

      g_assert_cmpuint (a.status, ==, 200);
      g_array_append_val (acked, a.id);
      g_array_append_val (bodies, body);
      g_free (a.retry_after);
    }
  g_usleep (300 * 1000);
  g_free (err);
  err = hs_test_read_text (f->err_path);
  g_assert_cmpuint (count_occurrences (err, "cannot be saved"), ==, 1);
  g_assert_cmpuint (count_occurrences (err, "saved again"), ==, 1);

  /* The projections went on too: the newest delivery is understood, in the running app. */
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    gboolean projected = FALSE;

    while (!projected)
      {
        g_autofree char *out = NULL;
        const char *argv[] = { g_getenv ("HS_BINARY"), "list", "--limit", "1", "--json",
                               "--db", f->db, NULL };

        g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, &out, NULL, NULL, NULL));
        projected = strstr (out, "\"projected\":true") != NULL;
        if (!projected)
          {
            g_assert_cmpint (g_get_monotonic_time (), <, deadline);
            g_usleep (200 * 1000);
          }
      }
  }

  headless_stop (f);
  assert_store (f, acked, bodies);
}

static void
test_database_deleted (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) body = body_of (0, 100);
  g_autofree char *err = NULL;
  g_autofree char *moved = g_strconcat (f->db, ".moved", NULL);

  headless_start (f, FALSE);
  for (guint i = 0; i < 3; i++)
    {
      Answer a = post (f, body);

      g_assert_cmpuint (a.status, ==, 200);
      g_free (a.retry_after);
    }

  /* Moved away (as a user's mv or rm would): what arrives now would be lost; 503. */
  g_assert_cmpint (g_rename (f->db, moved), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      Answer a = post (f, body);

      g_assert_cmpuint (a.status, ==, 503);
      g_assert_cmpstr (a.retry_after, ==, "5");
      g_free (a.retry_after);
    }
  g_usleep (300 * 1000);
  err = hs_test_read_text (f->err_path);
  g_test_message ("stderr: %s", err);
  g_assert_cmpuint (count_occurrences (err, "was deleted while Hookscope had it open; restart "
                                         "Hookscope to start a new one. Deliveries are answered "
                                         "503 meanwhile."), ==, 1);
  g_assert_cmpuint (count_occurrences (err, "Could not store"), ==, 1);
  g_assert_null (g_subprocess_get_identifier (f->proc) == NULL ? "exited" : NULL);

  /* Another file put in its place is not the one open either. */
  g_assert_true (g_file_set_contents (f->db, "not ours", -1, NULL));
  {
    Answer a = post (f, body);

    g_assert_cmpuint (a.status, ==, 503);
    g_free (a.retry_after);
  }

  headless_stop (f);

  /* The three that were acknowledged are in the file that moved, with the WAL it left
   * behind: SQLite does not checkpoint a file that moved when it closes it. */
  {
    g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
    g_autofree char *moved_wal = g_strconcat (moved, "-wal", NULL);

    if (g_file_test (wal, G_FILE_TEST_EXISTS))
      g_assert_cmpint (g_rename (wal, moved_wal), ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsStore) store = hs_store_open (moved, &error);

    g_assert_no_error (error);
    g_assert_cmpint (hs_store_count_deliveries (store, NULL, &error), ==, 3);
  }
  for (const char *suffix = "-wal"; suffix != NULL;
       suffix = g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (moved, suffix, NULL);

      g_unlink (file);
    }
  g_unlink (moved);
}

static void
state_notify_cb (HsCapture  *capture,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* Every address and no key: said on stderr at start, once; with a key, nothing. */
static void
test_headless_exposed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *err = NULL;

  headless_start_full (f, FALSE, "0.0.0.0:0", NULL);
  headless_stop (f);
  err = hs_test_read_text (f->err_path);
  g_test_message ("stderr: %s", err);
  g_assert_cmpuint (count_occurrences (err, "beyond this computer, and no API key is required"),
                    ==, 1);
  g_assert_nonnull (strstr (err, "http://0.0.0.0:"));

  g_clear_pointer (&f->url, g_free);
  headless_start_full (f, FALSE, "0.0.0.0:0", "a-key");
  headless_stop (f);
  g_free (err);
  err = hs_test_read_text (f->err_path);
  g_assert_cmpstr (err, ==, "");
}

/* In process: exposure, and a busy port. */
static void
test_capture_state (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HsCapture) capture = hs_capture_new ();
  g_autoptr(HsCapture) second = hs_capture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *busy = NULL;
  g_autofree char *db2 = g_build_filename (f->dir, "second.db", NULL);
  guint n_notified = 0;

  g_assert_true (hs_capture_open (capture, f->db, &error));
  g_assert_no_error (error);
  g_signal_connect (capture, "notify::state", G_CALLBACK (state_notify_cb), &n_notified);

  /* Loopback without a key: all is well. */
  g_assert_true (hs_capture_pin_listen (capture, "127.0.0.1:0", &error));
  g_assert_true (hs_capture_start (capture, &error));
  g_assert_cmpint (hs_capture_get_state (capture), ==, HS_CAPTURE_STATE_OK);
  g_assert_null (hs_capture_get_state_message (capture));

  /* Every address, no key: exposed, and said with where. */
  g_assert_true (hs_capture_pin_listen (capture, "0.0.0.0:0", &error));
  g_assert_true (hs_capture_start (capture, &error));
  g_assert_cmpint (hs_capture_get_state (capture), ==, HS_CAPTURE_STATE_EXPOSED);
  g_assert_nonnull (strstr (hs_capture_get_state_message (capture), "http://0.0.0.0:"));
  g_assert_cmpuint (n_notified, ==, 1);

  /* A key: fine again. */
  hs_capture_pin_api_key (capture, "secret");
  g_assert_cmpint (hs_capture_get_state (capture), ==, HS_CAPTURE_STATE_OK);
  g_assert_cmpuint (n_notified, ==, 2);

  /* A second capture on the same port: not listening, said with the port. */
  g_assert_true (hs_capture_pin_listen (capture, "127.0.0.1:0", &error));
  g_assert_true (hs_capture_start (capture, &error));
  busy = g_strdup_printf ("127.0.0.1:%u",
                          hs_listener_get_port (hs_capture_get_listener (capture)));
  g_assert_true (hs_capture_open (second, db2, &error));
  g_assert_true (hs_capture_pin_listen (second, busy, &error));
  g_assert_false (hs_capture_start (second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_cmpint (hs_capture_get_state (second), ==, HS_CAPTURE_STATE_NOT_LISTENING);
  g_assert_nonnull (strstr (hs_capture_get_state_message (second), "already in use"));

  hs_capture_shutdown (second, 10);
  hs_capture_shutdown (capture, 10);
  g_unlink (db2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/faults/disk-full", test_disk_full);
  ADD ("/faults/database-deleted", test_database_deleted);
  ADD ("/faults/capture-state", test_capture_state);
  ADD ("/faults/headless-exposed", test_headless_exposed);
#undef ADD

  return g_test_run ();
}
