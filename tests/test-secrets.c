/* test-secrets.c: keys in the keyring, credential headers masked in every output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyring tests run against a real Secret Service (keyring-test-util.c). They are skipped
 * (said so) where gnome-keyring is not installed.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "hs-api-key.h"
#include "hs-capture.h"
#include "hs-curl.h"
#include "keyring-test-util.h"
#include "hs-replay-store.h"
#include "hs-secret-mask.h"
#include "hs-secret-store.h"
#include "hs-store.h"

#define API_KEY "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
#define TARGET_KEY "target-secret-Zq81xWv3Lm0Pn2Ty"
#define LEGACY_KEY "legacy-clear-key-Hh52Kd09Rt77Pq"

static gboolean have_keyring;

/* ------------------------------------------------------------------------------------------ */
/* The rule */

static void
test_secret_names (void)
{
  const char *secret[] = {
    "x-api-key", "X-API-Key", "Authorization", "proxy-authorization", "Cookie", "Set-Cookie",
    "X-Hub-Signature-256", "X-Gitlab-Token", "X-Webhook-Secret", "X-Password", "X-Auth-User",
    "Stripe-Signature", "X-Shopify-Hmac-Sha256", "X-Session-Id", "X-CSRF-TOKEN",
  };
  const char *plain[] = {
    "Content-Type", "Host", "User-Agent", "Accept", "X-Request-Id", "Keep-Alive",
    "X-Omerlo-Event", "Content-Length", "Date",
  };

  for (guint i = 0; i < G_N_ELEMENTS (secret); i++)
    g_assert_true (hs_secret_header_is_secret (secret[i]));
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_assert_false (hs_secret_header_is_secret (plain[i]));
}

static void
assert_masked (const char *name,
               const char *value,
               const char *expected)
{
  g_autofree char *masked = hs_secret_mask_header_value (name, value);

  g_assert_cmpstr (masked, ==, expected);
}

static void
test_mask_values (void)
{
  /* 32 characters: the first two, then the length. */
  assert_masked ("x-api-key", API_KEY, "sk…[masked, 32 chars]");
  /* Shorter than 16: nothing of it. */
  assert_masked ("x-api-key", "hunter2", "…[masked, 7 chars]");
  assert_masked ("X-Hub-Signature-256", "sha256=0123456789abcdef",
                 "sh…[masked, 23 chars]");
  /* The scheme stays; the credential is masked. */
  assert_masked ("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc",
                 "Bearer ey…[masked, 28 chars]");
  assert_masked ("Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic …[masked, 12 chars]");
  assert_masked ("Authorization", "opaque", "…[masked, 6 chars]");
  /* Cookie names stay, every value is masked; Set-Cookie's attributes stay. */
  assert_masked ("Cookie", "session=abc; theme=dark", "session=…[masked, 3 chars]; "
                 "theme=…[masked, 4 chars]");
  assert_masked ("Set-Cookie", "id=a3fWa; Path=/; HttpOnly",
                 "id=…[masked, 5 chars]; Path=/; HttpOnly");
  /* Counted in characters, cut on a character. */
  assert_masked ("x-api-key", "éléphant-rose-123456", "él…[masked, 20 chars]");
  /* Empty stays empty (it says the header was sent empty); others are untouched. */
  assert_masked ("x-api-key", "", "");
  assert_masked ("Content-Type", "application/json", "application/json");
}

static HsDelivery *
make_delivery (void)
{
  HsDelivery *d = hs_delivery_new ();
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"event_name\":\"x\"}", 18);

  hs_delivery_set_received_at (d, 1764264034123456);
  hs_delivery_set_method (d, "POST");
  hs_delivery_set_path (d, "/hooks/omerlo");
  hs_delivery_add_header (d, "Content-Type", "application/json");
  hs_delivery_add_header (d, "x-api-key", API_KEY);
  hs_delivery_add_header (d, "Authorization", "Bearer " TARGET_KEY);
  hs_delivery_add_header (d, "Cookie", "sid=" LEGACY_KEY);
  hs_delivery_add_header (d, "X-Request-Id", "req-42");
  hs_delivery_set_content_type (d, "application/json");
  hs_delivery_set_body (d, body);
  hs_delivery_set_body_size (d, 18);
  return d;
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, API_KEY));
  g_assert_null (strstr (text, TARGET_KEY));
  g_assert_null (strstr (text, LEGACY_KEY));
}

static void
assert_all_secrets (const char *text)
{
  g_assert_nonnull (strstr (text, API_KEY));
  g_assert_nonnull (strstr (text, TARGET_KEY));
  g_assert_nonnull (strstr (text, LEGACY_KEY));
}

/* "Copy as curl" builds its command from hs_secret_masked_copy(); "with key" from the delivery. */
static void
test_curl_masked (void)
{
  g_autoptr(HsDelivery) d = make_delivery ();
  g_autoptr(HsDelivery) masked = hs_secret_masked_copy (d);
  g_autofree char *command = hs_curl_command (masked, "http://127.0.0.1:8765/", NULL);
  g_autofree char *with_key = hs_curl_command (d, "http://127.0.0.1:8765/", NULL);

  assert_no_secret (command);
  g_assert_nonnull (strstr (command, "x-api-key: sk…[masked, 32 chars]"));
  g_assert_nonnull (strstr (command, "Authorization: Bearer ta…[masked, 30 chars]"));
  g_assert_nonnull (strstr (command, "X-Request-Id: req-42"));
  g_assert_nonnull (strstr (command, "{\"event_name\":\"x\"}"));
  assert_all_secrets (with_key);
  /* The delivery itself is left as it was. */
  g_assert_cmpstr (hs_delivery_lookup_header (d, "x-api-key"), ==, API_KEY);
  g_assert_true (hs_secret_delivery_has_secrets (d));
}

/* ------------------------------------------------------------------------------------------ */
/* The command line */

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gint64 *id = user_data;
  g_autoptr(GError) error = NULL;

  *id = hs_store_insert_finish (HS_STORE (object), result, &error);
  g_assert_no_error (error);
}

static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *)g_getenv ("HS_BINARY"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *)args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static char *
read_all (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GString *all = g_string_new (NULL);
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_clear_pointer (&contents, g_free);
      if (g_file_get_contents (name, &contents, &length, NULL))
        {
          /* Bytes, not text: NULs become spaces so that strstr() sees everything. */
          for (gsize j = 0; j < length; j++)
            if (contents[j] == '\0')
              contents[j] = ' ';
          g_string_append_len (all, contents, length);
        }
    }
  return g_string_free (all, FALSE);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_cli_outputs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-test-secrets-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "capture.db", NULL);
  g_autofree char *id_text = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *what;
    const char *args[4];
  } outputs[] = {
    { "export (HAR)", { "export", NULL } },
    { "export (JSON lines)", { "export", "--format", "jsonl", NULL } },
    { "show", { "show", "ID", NULL } },
    { "show --json", { "show", "--json", "ID", NULL } },
  };
  gint64 id = 0;

  {
    g_autoptr(HsStore) store = hs_store_open (db, &error);
    g_autoptr(HsDelivery) d = make_delivery ();

    g_assert_no_error (error);
    hs_store_insert_async (store, d, NULL, insert_cb, &id);
    while (id == 0)
      g_main_context_iteration (NULL, TRUE);
    hs_store_close (store);
  }
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *out_all = NULL;
      const char *a[4];

      g_test_message ("%s", outputs[i].what);
      for (guint j = 0; j < 4; j++)
        a[j] = g_strcmp0 (outputs[i].args[j], "ID") == 0 ? id_text : outputs[i].args[j];

      /* Masked by default: the key is not there, its masked form is. */
      g_assert_cmpint (run_cli (&out, &err, a[0], "--db", db, a[1], a[2], NULL), ==, 0);
      assert_no_secret (out);
      g_assert_nonnull (strstr (out, "sk…[masked, 32 chars]"));
      g_assert_nonnull (strstr (out, "Bearer ta…[masked, 30 chars]"));
      g_assert_nonnull (strstr (out, "sid=le…[masked, 31 chars]"));
      g_assert_nonnull (strstr (out, "req-42"));

      /* --include-secrets: exactly as received. */
      g_assert_cmpint (run_cli (&out_all, NULL, a[0], "--db", db, "--include-secrets", a[1],
                                a[2], NULL), ==, 0);
      assert_all_secrets (out_all);
      g_assert_null (strstr (out_all, "[masked"));
    }

  /* Replays: what was sent (the captured headers), masked in `replay --json` and `replays --json`.
   * Port 1 refuses the connection: the attempt is kept with its request. */
  {
    g_autofree char *out = NULL;
    g_autofree char *out_all = NULL;

    g_assert_cmpint (run_cli (&out, NULL, "replay", id_text, "http://127.0.0.1:1/", "--db", db,
                              "--json", NULL), ==, 1);
    assert_no_secret (out);
    g_assert_nonnull (strstr (out, "[\"x-api-key\",\"sk…[masked, 32 chars]\"]"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (&out, NULL, "replays", "--db", db, "--json", NULL), ==, 0);
    assert_no_secret (out);
    g_assert_nonnull (strstr (out, "[\"x-api-key\",\"sk…[masked, 32 chars]\"]"));
    g_assert_cmpint (run_cli (&out_all, NULL, "replays", "--db", db, "--json",
                              "--include-secrets", NULL), ==, 0);
    assert_all_secrets (out_all);
  }

  /* The stored bytes stay exact. */
  {
    g_autoptr(HsStore) store = hs_store_open (db, &error);
    g_autoptr(HsDelivery) d = NULL;

    g_assert_no_error (error);
    d = hs_store_get_delivery (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hs_delivery_lookup_header (d, "x-api-key"), ==, API_KEY);
    g_assert_cmpstr (hs_delivery_lookup_header (d, "Cookie"), ==, "sid=" LEGACY_KEY);
    hs_store_close (store);
  }

  remove_dir (dir);
}

/* ------------------------------------------------------------------------------------------ */
/* --headless: exposure warning, and the keys for machines without a keyring */

typedef struct
{
  GSubprocess *proc;
  char        *url;
  char        *err;
} Headless;

static void
headless_start (Headless    *h,
                const char  *db,
                const char  *env_key,
                const char  *first_arg,
                ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list ap;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No D-Bus session at all: like a server, or CI. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent",
                                TRUE);
  if (env_key != NULL)
    g_subprocess_launcher_setenv (launcher, "HOOKSCOPE_API_KEY", env_key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "HOOKSCOPE_API_KEY");

  g_ptr_array_add (args, (char *)g_getenv ("HS_BINARY"));
  g_ptr_array_add (args, (char *)"--headless");
  g_ptr_array_add (args, (char *)"--db");
  g_ptr_array_add (args, (char *)db);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  h->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (h->proc));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://"));
  h->url = g_strdup (line + strlen ("Listening on "));
}

static void
headless_stop (Headless *h)
{
  g_autoptr(GError) error = NULL;

  GString *err = g_string_new (NULL);
  char buffer[4096];
  gsize n = 0;

  /* Called after a request was answered: the main loop runs, SIGTERM is handled.
   * stdout is ours already (the first line was read from it): stderr is read by hand. */
  g_subprocess_send_signal (h->proc, SIGTERM);
  g_assert_true (g_subprocess_wait (h->proc, NULL, &error));
  g_assert_no_error (error);
  while (g_input_stream_read_all (g_subprocess_get_stderr_pipe (h->proc), buffer, sizeof buffer,
                                  &n, NULL, &error) && n > 0)
    g_string_append_len (err, buffer, n);
  g_assert_no_error (error);
  h->err = g_string_free (err, FALSE);
  g_assert_true (g_subprocess_get_if_exited (h->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (h->proc), ==, 0);
}

static void
headless_clear (Headless *h)
{
  g_clear_object (&h->proc);
  g_clear_pointer (&h->url, g_free);
  g_clear_pointer (&h->err, g_free);
}

static guint
post (const char *url,
      const char *key)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *hook = g_strconcat (url, "hooks/x", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", hook);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  if (key != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", key);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

#define EXPOSED_WARNING "beyond this computer, and no API key is required"

static void
test_headless_exposure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-test-secrets-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "capture.db", NULL);
  g_autofree char *key_file = g_build_filename (dir, "key", NULL);
  Headless h = { 0 };

  /* Every address, without a key: warned on stderr, and why there is no key. */
  headless_start (&h, db, NULL, "--listen", "0.0.0.0:0", NULL);
  g_assert_cmpuint (post (h.url, NULL), ==, 200);
  headless_stop (&h);
  g_test_message ("stderr: %s", h.err);
  g_assert_nonnull (strstr (h.err, EXPOSED_WARNING));
  g_assert_nonnull (strstr (h.err, "No keyring (Secret Service) is available"));
  headless_clear (&h);

  /* Loopback without a key: nothing to warn about. */
  headless_start (&h, db, NULL, "--listen", "127.0.0.1:0", NULL);
  g_assert_cmpuint (post (h.url, NULL), ==, 200);
  headless_stop (&h);
  g_assert_null (strstr (h.err, EXPOSED_WARNING));
  headless_clear (&h);

  /* HOOKSCOPE_API_KEY: required, no warning, the keyring not asked. */
  headless_start (&h, db, API_KEY, "--listen", "0.0.0.0:0", NULL);
  g_assert_cmpuint (post (h.url, NULL), ==, 401);
  g_assert_cmpuint (post (h.url, "wrong"), ==, 401);
  g_assert_cmpuint (post (h.url, API_KEY), ==, 200);
  headless_stop (&h);
  g_assert_null (strstr (h.err, EXPOSED_WARNING));
  g_assert_null (strstr (h.err, "keyring"));
  headless_clear (&h);

  /* --api-key-file: its first line; a file others may read is said to be one. */
  g_assert_true (g_file_set_contents (key_file, TARGET_KEY "\n", -1, NULL));
  g_chmod (key_file, 0644);
  headless_start (&h, db, NULL, "--listen", "0.0.0.0:0", "--api-key-file", key_file, NULL);
  g_assert_cmpuint (post (h.url, API_KEY), ==, 401);
  g_assert_cmpuint (post (h.url, TARGET_KEY), ==, 200);
  headless_stop (&h);
  g_assert_null (strstr (h.err, EXPOSED_WARNING));
  g_assert_nonnull (strstr (h.err, "can be read by other users"));
  headless_clear (&h);

  remove_dir (dir);
}

/* ------------------------------------------------------------------------------------------ */
/* The keyring */

static gboolean
skip_without_keyring (void)
{
  if (have_keyring)
    return FALSE;
  g_test_skip ("gnome-keyring-daemon is not installed (Debian: gnome-keyring)");
  return TRUE;
}

static void
wait_loaded (HsApiKey *key)
{
  while (hs_api_key_get_loading (key))
    g_main_context_iteration (NULL, TRUE);
}

static void
set_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_api_key_set_finish (HS_API_KEY (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static char *
keyring_api_key (void)
{
  g_autoptr(GError) error = NULL;
  char *key = hs_secret_lookup_sync (HS_SECRET_API_KEY, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static void
test_keyring_api_key (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(HsApiKey) key = NULL;
  g_autoptr(HsApiKey) again = NULL;
  g_autofree char *in_keyring = NULL;
  g_autofree char *in_settings = NULL;
  gboolean done = FALSE;

  if (skip_without_keyring ())
    return;

  settings = g_settings_new (APP_ID_BASE);
  key = hs_api_key_new (settings);
  hs_api_key_load (key, 0);
  wait_loaded (key);
  g_assert_null (hs_api_key_get_error (key));

  /* Saved: in the keyring, not in the settings, and read back by a new reader. */
  hs_api_key_set_async (key, API_KEY, NULL, set_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hs_api_key_get_value (key), ==, API_KEY);
  in_settings = g_settings_get_string (settings, "api-key");
  g_assert_cmpstr (in_settings, ==, "");
  in_keyring = keyring_api_key ();
  g_assert_cmpstr (in_keyring, ==, API_KEY);

  again = hs_api_key_new (settings);
  hs_api_key_load (again, 0);
  g_assert_true (hs_api_key_get_loading (again));
  wait_loaded (again);
  g_assert_cmpstr (hs_api_key_get_value (again), ==, API_KEY);

  /* Removed: gone from the keyring. */
  done = FALSE;
  hs_api_key_set_async (key, "", NULL, set_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (hs_api_key_get_value (key));
  g_clear_pointer (&in_keyring, g_free);
  in_keyring = keyring_api_key ();
  g_assert_null (in_keyring);
}

static void
test_keyring_api_key_moved (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(HsApiKey) key = NULL;
  g_autoptr(HsApiKey) later = NULL;
  g_autofree char *in_keyring = NULL;
  g_autofree char *in_settings = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_keyring ())
    return;

  /* An earlier version's key, in the settings. */
  settings = g_settings_new (APP_ID_BASE);
  g_settings_set_string (settings, "api-key", LEGACY_KEY);

  key = hs_api_key_new (settings);
  hs_api_key_load (key, 0);
  wait_loaded (key);
  g_assert_null (hs_api_key_get_error (key));
  g_assert_cmpstr (hs_api_key_get_value (key), ==, LEGACY_KEY);
  in_settings = g_settings_get_string (settings, "api-key");
  g_assert_cmpstr (in_settings, ==, "");
  in_keyring = keyring_api_key ();
  g_assert_cmpstr (in_keyring, ==, LEGACY_KEY);

  /* Once: the next start reads the keyring (changed there meanwhile), nothing is moved. */
  g_assert_true (hs_secret_save_sync (HS_SECRET_API_KEY, NULL, NULL, API_KEY, NULL, &error));
  g_assert_no_error (error);
  later = hs_api_key_new (settings);
  hs_api_key_load (later, 0);
  wait_loaded (later);
  g_assert_cmpstr (hs_api_key_get_value (later), ==, API_KEY);

  g_assert_true (hs_secret_save_sync (HS_SECRET_API_KEY, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
column (const char *db_path,
        const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
exec_sql (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_keyring_target_keys (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *in_keyring = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(HsReplayTarget) target = NULL;
  g_autoptr(HsReplayTarget) found = NULL;
  g_autoptr(GPtrArray) targets = NULL;

  if (skip_without_keyring ())
    return;

  dir = g_dir_make_tmp ("hs-test-secrets-XXXXXX", NULL);
  db = g_build_filename (dir, "capture.db", NULL);
  store = hs_store_open (db, &error);
  g_assert_no_error (error);

  target = hs_replay_target_new ("https://staging.example/in");
  hs_replay_target_set_name (target, "staging");
  hs_replay_target_set_api_key (target, TARGET_KEY);
  g_assert_true (hs_replay_store_save_target (store, target, &error));
  g_assert_no_error (error);

  found = hs_replay_store_find_target (store, "staging", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_replay_target_get_api_key (found), ==, TARGET_KEY);
  targets = hs_replay_store_list_targets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (hs_replay_target_get_api_key (g_ptr_array_index (targets, 0)), ==,
                   TARGET_KEY);
  hs_store_close (store);
  g_clear_object (&store);

  /* Not in the file, in any form the table could keep it. */
  bytes = read_all (db);
  g_assert_null (strstr (bytes, TARGET_KEY));
  stored = column (db, "SELECT api_key FROM replay_targets WHERE name = 'staging'");
  g_assert_cmpstr (stored, ==, "@keyring");

  /* Deleting the target deletes its key. */
  store = hs_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (hs_replay_store_delete_target (store, hs_replay_target_get_id (found), &error));
  g_assert_no_error (error);
  in_keyring = hs_secret_lookup_sync (HS_SECRET_REPLAY_TARGET, db, "staging", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (in_keyring);
  hs_store_close (store);

  remove_dir (dir);
}

static void
test_keyring_target_key_moved (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(HsReplayTarget) target = NULL;
  g_autoptr(HsReplayTarget) found = NULL;
  g_autoptr(HsReplayTarget) again = NULL;

  if (skip_without_keyring ())
    return;

  dir = g_dir_make_tmp ("hs-test-secrets-XXXXXX", NULL);
  db = g_build_filename (dir, "capture.db", NULL);
  store = hs_store_open (db, &error);
  g_assert_no_error (error);
  target = hs_replay_target_new ("https://old.example/in");
  hs_replay_target_set_name (target, "old");
  g_assert_true (hs_replay_store_save_target (store, target, &error));
  g_assert_no_error (error);
  hs_store_close (store);
  g_clear_object (&store);

  /* As an earlier version saved it: the key in clear in the table. */
  exec_sql (db, "UPDATE replay_targets SET api_key = '" LEGACY_KEY "' WHERE name = 'old'");
  bytes = read_all (db);
  g_assert_nonnull (strstr (bytes, LEGACY_KEY));
  g_clear_pointer (&bytes, g_free);

  store = hs_store_open (db, &error);
  g_assert_no_error (error);
  found = hs_replay_store_find_target (store, "old", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_replay_target_get_api_key (found), ==, LEGACY_KEY);
  hs_store_close (store);
  g_clear_object (&store);

  /* Moved: the table says where, the file no longer holds it (overwritten, not unlinked). */
  stored = column (db, "SELECT api_key FROM replay_targets WHERE name = 'old'");
  g_assert_cmpstr (stored, ==, "@keyring");
  bytes = read_all (db);
  g_assert_null (strstr (bytes, LEGACY_KEY));

  /* Once: a key changed in the keyring is the one read from now on. */
  canonical = column (db, "SELECT file FROM pragma_database_list WHERE name = 'main'");
  g_assert_true (hs_secret_save_sync (HS_SECRET_REPLAY_TARGET, canonical, "old", TARGET_KEY,
                                      NULL, &error));
  g_assert_no_error (error);
  store = hs_store_open (db, &error);
  g_assert_no_error (error);
  again = hs_replay_store_find_target (store, "old", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_replay_target_get_api_key (again), ==, TARGET_KEY);
  g_assert_true (hs_replay_store_delete_target (store, hs_replay_target_get_id (again), &error));
  g_assert_no_error (error);
  hs_store_close (store);

  remove_dir (dir);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

/* HsCapture: the listener waits for the key, then requires it; what is exposed is said. */
static void
test_keyring_capture (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *listener_key = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(HsCapture) capture = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  guint timeout;

  if (skip_without_keyring ())
    return;

  dir = g_dir_make_tmp ("hs-test-secrets-XXXXXX", NULL);
  db = g_build_filename (dir, "capture.db", NULL);
  settings = g_settings_new (APP_ID_BASE);
  g_assert_true (hs_secret_save_sync (HS_SECRET_API_KEY, NULL, NULL, API_KEY, NULL, &error));
  g_assert_no_error (error);

  capture = hs_capture_new ();
  g_assert_true (hs_capture_open (capture, db, &error));
  g_assert_no_error (error);
  g_assert_true (hs_capture_pin_listen (capture, "0.0.0.0:0", &error));
  hs_capture_use_settings (capture, settings, TRUE);

  /* While the key is read: not running yet, nothing said about exposure. */
  g_assert_true (hs_capture_start (capture, &error));
  g_assert_no_error (error);
  g_assert_false (hs_capture_get_running (capture));
  g_assert_false (hs_capture_get_exposed_without_key (capture));

  timeout = g_timeout_add_seconds (20, timeout_cb, NULL);
  while (!hs_capture_get_running (capture))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (hs_capture_get_api_key_set (capture));
  g_assert_false (hs_capture_get_exposed_without_key (capture));
  g_object_get (hs_capture_get_listener (capture), "api-key", &listener_key, NULL);
  g_assert_cmpstr (listener_key, ==, API_KEY);

  /* The key removed (as the preferences do): every address, no key: exposed. */
  hs_api_key_set_async (hs_capture_get_api_key (capture), NULL, NULL, set_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_false (hs_capture_get_api_key_set (capture));
  g_assert_true (hs_capture_get_exposed_without_key (capture));
  g_clear_pointer (&listener_key, g_free);
  g_object_get (hs_capture_get_listener (capture), "api-key", &listener_key, NULL);
  g_assert_true (listener_key == NULL || listener_key[0] == '\0');

  hs_capture_shutdown (capture, 5);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *schemas = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  schemas = g_test_build_filename (G_TEST_BUILT, "..", "data", NULL);
  g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_add_func ("/secrets/header-names", test_secret_names);
  g_test_add_func ("/secrets/mask-values", test_mask_values);
  g_test_add_func ("/secrets/curl-masked", test_curl_masked);
  g_test_add_func ("/secrets/cli-outputs", test_cli_outputs);
  g_test_add_func ("/secrets/headless-exposure", test_headless_exposure);
  g_test_add_func ("/secrets/keyring/api-key", test_keyring_api_key);
  g_test_add_func ("/secrets/keyring/api-key-moved-once", test_keyring_api_key_moved);
  g_test_add_func ("/secrets/keyring/capture", test_keyring_capture);
  g_test_add_func ("/secrets/keyring/target-keys", test_keyring_target_keys);
  g_test_add_func ("/secrets/keyring/target-key-moved-once", test_keyring_target_key_moved);

  have_keyring = hs_test_keyring_start ();
  if (!have_keyring)
    g_test_message ("gnome-keyring-daemon not found: the keyring tests are skipped");
  status = g_test_run ();
  hs_test_keyring_stop ();

  return status;
}
