/* test-forward.c: forwarding rules, relay and failure rules (hookscope --headless), wait, import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A receiving SoupServer inside the test counts what reaches it; hookscope runs as a separate
 * process, so that it can be killed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "headless-test-util.h"
#include "hs-forward-rule.h"
#include "hs-response-rule.h"

typedef struct
{
  char        *dir;
  char        *db;
  SoupSession *session;
  SoupServer  *server;
  char        *target;      /* http://127.0.0.1:PORT */
  GHashTable  *received;    /* body → count */
  guint        n_received;
  guint        answer_delay_ms;
  guint        projector_delay_us;
  GSubprocess *proc;
  char        *out_path;
  char        *url;         /* the headless listener's */
} Fixture;

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* /status/NNN answers NNN; everything else 201, after answer_delay_ms. */
static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  char *key = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  guint status = SOUP_STATUS_CREATED;

  g_hash_table_insert (f->received, key,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (f->received,
                                                                                key)) + 1));
  f->n_received++;

  if (g_str_has_prefix (path, "/status/"))
    status = g_ascii_strtoull (path + strlen ("/status/"), NULL, 10);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "X-Target", "yes");
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "from the target",
                                    strlen ("from the target"));
  if (f->answer_delay_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add (f->answer_delay_ms, unpause_cb, g_object_ref (msg));
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("hs-test-forward-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "capture.db", NULL);
  f->session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, NULL);
  f->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_handler, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->target = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

static void
headless_stop (Fixture *f,
               int      signal)
{
  if (f->proc == NULL)
    return;
  g_subprocess_send_signal (f->proc, signal);
  g_subprocess_wait (f->proc, NULL, NULL);
  g_clear_object (&f->proc);
  g_clear_pointer (&f->url, g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  headless_stop (f, SIGKILL);
  g_clear_object (&f->session);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
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
  g_free (f->target);
  g_free (f->out_path);
  g_hash_table_unref (f->received);
}

/* Iterates the main context (the receiving server) until @done or the deadline. */
static void
iterate_until (gboolean (*done) (Fixture *f),
               Fixture   *f,
               guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

/* hookscope --headless --listen 127.0.0.1:0 --db DB ARGS…, once it listens. */
static void
headless_start (Fixture    *f,
                const char *first,
                ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (char *)"--listen");
  g_ptr_array_add (args, (char *)"127.0.0.1:0");
  g_ptr_array_add (args, (char *)"--db");
  g_ptr_array_add (args, f->db);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_free (f->out_path);
  f->out_path = g_build_filename (f->dir, "headless.out", NULL);
  if (f->projector_delay_us > 0)
    {
      g_autofree char *delay = g_strdup_printf ("%u", f->projector_delay_us);

      g_subprocess_launcher_setenv (launcher, "HS_TEST_PROJECTOR_DELAY_US", delay, TRUE);
    }
  g_clear_pointer (&f->url, g_free);
  f->url = hs_test_headless_spawn (launcher, f->out_path, NULL,
                                   (const char * const *)args->pdata, 60, &f->proc);
}

/* Runs hookscope ARGS…; returns its exit status, stdout and stderr. */
static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out_text = NULL, *err_text = NULL;
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
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out_text, &err_text, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = out_text;
  else
    g_free (out_text);
  if (err != NULL)
    *err = err_text;
  else
    g_free (err_text);

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *reply;
  gboolean     done;
} Post;

static void
post_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Post *p = user_data;

  p->reply = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  p->done = TRUE;
}

static void
post_start (Fixture    *f,
            const char *body,
            Post       *p)
{
  g_autofree char *url = g_strconcat (f->url, "hooks", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  p->msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (p->msg, "application/json", bytes);
  soup_session_send_and_read_async (f->session, p->msg, G_PRIORITY_DEFAULT, NULL, post_done, p);
}

static void
post_clear (Post *p)
{
  g_clear_object (&p->msg);
  g_clear_pointer (&p->reply, g_bytes_unref);
  p->done = FALSE;
}

/* POSTs @body to the listener and waits for the answer (the receiving server runs meanwhile). */
static void
post_sync (Fixture    *f,
           const char *body,
           Post       *p)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  post_start (f, body, p);
  while (!p->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
event_body (const char *event,
            guint       n)
{
  return g_strdup_printf ("{\"event_name\":\"%s\",\"n\":%u}", event, n);
}

/* `hookscope replays --json` as objects. */
static GPtrArray *
list_replays (Fixture *f)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  g_assert_cmpint (run (&out, NULL, "replays", "--db", f->db, "--json", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      if (lines[i][0] == '\0')
        continue;
      node = json_from_string (lines[i], NULL);
      g_assert_nonnull (node);
      g_ptr_array_add (list, json_object_ref (json_node_get_object (node)));
    }
  return list;
}

/* ------------------------------------------------------------------------------------------ */

static void
test_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsResponseRule) rule = NULL;
  g_autoptr(GPtrArray) rules =
    g_ptr_array_new_with_free_func ((GDestroyNotify)hs_forward_rule_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *text = NULL;
  const char * const only[] = { "invitation_created", NULL };
  const char * const bad[] = { "", "99", "600", "500:0", "500:1.5", "500:x", "500,next=0",
                               "500,delay=30001", "500,colour=red", "500,event=" };

  rule = hs_response_rule_parse ("429:0.25,next=3,event=a,delay=10,retry-after=7", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rule->status, ==, 429);
  g_assert_cmpfloat (rule->share, ==, 0.25);
  g_assert_cmpint (rule->next, ==, 3);
  g_assert_cmpstr (rule->event, ==, "a");
  g_assert_cmpuint (rule->delay_ms, ==, 10);
  g_assert_cmpuint (rule->retry_after, ==, 7);
  text = hs_response_rule_to_string (rule);
  g_assert_cmpstr (text, ==, "429:0.25,next=3,event=a,delay=10,retry-after=7");
  g_clear_pointer (&rule, hs_response_rule_free);

  rule = hs_response_rule_parse ("410", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rule->status, ==, 410);
  g_assert_cmpfloat (rule->share, ==, 1.0);
  g_assert_cmpint (rule->next, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(HsResponseRule) none = hs_response_rule_parse (bad[i], &error);

      g_assert_null (none);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_clear_error (&error);
    }

  g_ptr_array_add (rules, hs_forward_rule_new ("http://a/", NULL, FALSE));
  g_ptr_array_add (rules, hs_forward_rule_new ("http://b/x", only, TRUE));
  variant = g_variant_ref_sink (hs_forward_rules_to_variant (rules));
  back = hs_forward_rules_from_variant (variant);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (((HsForwardRule *)back->pdata[0])->url, ==, "http://a/");
  g_assert_null (((HsForwardRule *)back->pdata[0])->events);
  g_assert_false (((HsForwardRule *)back->pdata[0])->relay);
  g_assert_cmpstr (((HsForwardRule *)back->pdata[1])->events[0], ==, "invitation_created");
  g_assert_true (((HsForwardRule *)back->pdata[1])->relay);

  g_assert_true (hs_forward_rule_check_url ("https://example.com:8443/in?x=1", NULL));
  g_assert_false (hs_forward_rule_check_url ("ftp://example.com/", NULL));
  g_assert_false (hs_forward_rule_check_url ("/relative", NULL));
}

static void
test_cli_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *err1 = NULL, *err2 = NULL, *err3 = NULL;

  g_assert_cmpint (run (NULL, &err1, "--headless", "--db", f->db, "--forward-to", "nowhere",
                        NULL), ==, 2);
  g_assert_nonnull (strstr (err1, "--forward-to"));
  g_assert_cmpint (run (NULL, &err2, "--headless", "--db", f->db, "--only", "a", NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "--forward-to"));
  g_assert_cmpint (run (NULL, &err3, "--headless", "--db", f->db, "--respond", "700", NULL),
                   ==, 2);
  g_assert_nonnull (strstr (err3, "--respond"));
}

typedef struct
{
  Fixture *f;
  guint    n;
} Wait;

static gboolean
received_at_least_n (Fixture *f)
{
  return f->n_received >= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->server), "n"));
}

static void
wait_received (Fixture *f,
               guint    n)
{
  g_object_set_data (G_OBJECT (f->server), "n", GUINT_TO_POINTER (n));
  iterate_until (received_at_least_n, f, 60);
}

/* Only the rule's events are forwarded, each once, with its body as captured. */
static void
test_forward_only (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *target = g_strconcat (f->target, "/in", NULL);
  g_autoptr(GPtrArray) replays = NULL;
  g_autofree char *out = NULL;

  headless_start (f, "--forward-to", target, "--only", "wanted", "--only", "also", NULL);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *body = event_body (i % 3 == 0 ? "wanted" : i % 3 == 1 ? "other" : "also", i);
      Post p = { 0 };

      post_sync (f, body, &p);
      g_assert_cmpuint (soup_message_get_status (p.msg), ==, 200);
      post_clear (&p);
    }
  wait_received (f, 4);
  /* Time for a wrong one to arrive too, if it were sent. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  headless_stop (f, SIGTERM);

  g_assert_cmpuint (f->n_received, ==, 4);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *body = event_body (i % 3 == 0 ? "wanted" : i % 3 == 1 ? "other" : "also", i);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->received, body)), ==,
                        i % 3 == 1 ? 0 : 1);
    }

  replays = list_replays (f);
  g_assert_cmpuint (replays->len, ==, 4);
  for (guint i = 0; i < replays->len; i++)
    {
      JsonObject *o = replays->pdata[i];

      g_assert_cmpstr (json_object_get_string_member (o, "target"), ==, "forward");
      g_assert_true (json_object_get_boolean_member (o, "ok"));
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "response"),
                                                   "status"), ==, 201);
    }

  out = hs_test_read_text (f->out_path);
  g_assert_nonnull (strstr (out, "Forwarding to "));
  g_assert_nonnull (strstr (out, " forward http://127.0.0.1:"));
}

/* Killed while forwarding (the target answers slowly; with @data, the projector lags too, so
 * that deliveries are stored but not queued yet), started again: every delivery is recorded
 * once, and none reaches the target twice. */
static void
test_forward_resumes_after_sigkill (Fixture       *f,
                                    gconstpointer  data)
{
  const guint n = 40;
  g_autofree char *target = g_strconcat (f->target, "/in", NULL);
  g_autoptr(GPtrArray) replays = NULL;
  g_autoptr(GHashTable) per_delivery = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Post posts[40] = { { 0 } };
  guint received_before, ok = 0, interrupted = 0;
  GHashTableIter iter;
  gpointer key, value;

  f->answer_delay_ms = data != NULL ? 10 : 40;
  f->projector_delay_us = data != NULL ? 60 * 1000 : 0;
  headless_start (f, "--forward-to", target, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = event_body ("e", i);

      post_start (f, body, &posts[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      while (!posts[i].done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (soup_message_get_status (posts[i].msg), ==, 200);
      post_clear (&posts[i]);
    }

  /* A quarter forwarded, the rest queued: kill it (one forward is likely in flight). */
  wait_received (f, n / 4);
  headless_stop (f, SIGKILL);
  received_before = f->n_received;
  g_assert_cmpuint (received_before, <, n);

  f->answer_delay_ms = 0;
  f->projector_delay_us = 0;
  headless_start (f, "--forward-to", target, NULL);
  for (gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC; ; )
    {
      g_clear_pointer (&replays, g_ptr_array_unref);
      replays = list_replays (f);
      if (replays->len >= n)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      for (guint i = 0; i < 20; i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (5 * 1000);
        }
    }
  headless_stop (f, SIGTERM);

  /* One record per delivery. */
  g_assert_cmpuint (replays->len, ==, n);
  for (guint i = 0; i < replays->len; i++)
    {
      JsonObject *o = replays->pdata[i];
      gint64 *id = g_new (gint64, 1);

      *id = json_object_get_int_member (o, "delivery_id");
      g_assert_false (g_hash_table_contains (per_delivery, id));
      g_hash_table_insert (per_delivery, id, o);
      g_array_append_val (ids, *id);
      if (json_object_get_boolean_member (o, "ok"))
        ok++;
      else
        {
          JsonObject *e = json_object_get_object_member (o, "error");

          g_assert_nonnull (e);
          g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "interrupted");
          interrupted++;
        }
    }
  g_assert_cmpuint (ok + interrupted, ==, n);
  g_assert_cmpuint (interrupted, <=, 1);

  /* Nothing twice at the target; what it got is what succeeded, plus at most the one that
   * was in flight at the kill. */
  g_hash_table_iter_init (&iter, f->received);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 1);
  g_assert_cmpuint (f->n_received, >=, ok);
  g_assert_cmpuint (f->n_received, <=, ok + interrupted);
  g_assert_cmpuint (f->n_received, ==, g_hash_table_size (f->received));

  g_hash_table_iter_init (&iter, per_delivery);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
}

static void
test_relay (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *target = g_strconcat (f->target, "/status/418", NULL);
  g_autoptr(GPtrArray) replays = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *out = NULL;
  Post p = { 0 };
  JsonObject *o;

  headless_start (f, "--forward-to", target, "--relay", NULL);
  post_sync (f, "{\"event_name\":\"x\"}", &p);
  /* The target's status, header and body went back to the sender. */
  g_assert_cmpuint (soup_message_get_status (p.msg), ==, 418);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (p.msg),
                                                 "X-Target"), ==, "yes");
  g_assert_cmpmem (g_bytes_get_data (p.reply, NULL), g_bytes_get_size (p.reply),
                   "from the target", strlen ("from the target"));
  post_clear (&p);
  g_assert_cmpuint (f->n_received, ==, 1);
  headless_stop (f, SIGTERM);

  /* Recorded like a replay, not forwarded a second time by the queue. */
  replays = list_replays (f);
  g_assert_cmpuint (replays->len, ==, 1);
  o = replays->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (o, "target"), ==, "relay");
  g_assert_cmpint (json_object_get_int_member (o, "delivery_id"), ==, 1);
  g_assert_cmpuint (f->n_received, ==, 1);
  /* Committed before anything else: the delivery is there. */
  g_assert_cmpint (run (&out, NULL, "show", "1", "--db", f->db, "--json", NULL), ==, 0);

  /* Nothing listens: 502 with a JSON error. */
  headless_start (f, "--forward-to", "http://127.0.0.1:1/", "--relay", NULL);
  post_sync (f, "{\"event_name\":\"x\"}", &p);
  g_assert_cmpuint (soup_message_get_status (p.msg), ==, 502);
  node = json_from_string (g_bytes_get_data (p.reply, NULL), NULL);
  g_assert_nonnull (node);
  o = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (o, "ok"));
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "error"), "refused"));
  post_clear (&p);
}

static void
assert_statuses (Fixture     *f,
                 const guint *expected,
                 guint        n)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  g_assert_cmpint (run (&out, NULL, "list", "--db", f->db, "--json", NULL), ==, 0);
  node = json_from_string (out, NULL);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  /* Newest first. */
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, n - 1 - i),
                                                 "response_status"), ==, expected[i]);
}

static void
test_respond (Fixture       *f,
              gconstpointer  data)
{
  const guint expected[] = { 410, 429, 429, 200, 410, 200 };
  const char * const events[] = { "gone", "a", "b", "c", "gone", "d" };
  guint n_failed = 0;

  headless_start (f, "--respond", "410,event=gone", "--respond", "429,next=2,retry-after=7",
                  NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *body = event_body (events[i], i);
      Post p = { 0 };

      post_sync (f, body, &p);
      g_assert_cmpuint (soup_message_get_status (p.msg), ==, expected[i]);
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (p.msg),
                                                     "Retry-After"), ==,
                       expected[i] == 429 ? "7" : NULL);
      post_clear (&p);
    }
  headless_stop (f, SIGTERM);
  /* Each delivery records what it was answered. */
  assert_statuses (f, expected, G_N_ELEMENTS (expected));

  /* A share: about half of 200 (binomial, σ ≈ 7: 60–140 fails once in 10^8). */
  g_unlink (f->db);
  headless_start (f, "--respond", "500:0.5", NULL);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *body = event_body ("s", i);
      Post p = { 0 };

      post_sync (f, body, &p);
      if (soup_message_get_status (p.msg) == 500)
        n_failed++;
      else
        g_assert_cmpuint (soup_message_get_status (p.msg), ==, 200);
      post_clear (&p);
    }
  g_assert_cmpuint (n_failed, >=, 60);
  g_assert_cmpuint (n_failed, <=, 140);
  headless_stop (f, SIGTERM);
}

static void
test_respond_delay (Fixture       *f,
                    gconstpointer  data)
{
  gint64 started;
  Post p = { 0 };

  headless_start (f, "--respond", "200,delay=400", NULL);
  started = g_get_monotonic_time ();
  post_sync (f, "{}", &p);
  /* A lower bound only: the delay is a minimum, whatever the machine's load. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 400 * 1000);
  g_assert_cmpuint (soup_message_get_status (p.msg), ==, 200);
  post_clear (&p);
}


/* hookscope wait ARGS… started, not waited for. */
static GSubprocess *
wait_start (const char *first,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;
  va_list ap;

  g_ptr_array_add (args, (char *)g_getenv ("HS_BINARY"));
  g_ptr_array_add (args, (char *)"wait");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *)args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  return proc;
}

static int
wait_finish (GSubprocess  *proc,
             char        **out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static void
test_wait (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSubprocess) waiting = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *out = NULL, *out2 = NULL, *out3 = NULL, *err = NULL;
  Post p = { 0 };

  headless_start (f, NULL);
  post_sync (f, "{\"event_name\":\"early\",\"k\":\"needle\"}", &p);
  post_clear (&p);

  /* Started before the delivery it is waiting for: the one already there does not count. */
  waiting = wait_start ("--db", f->db, "--event", "wanted", "--match", "needle", "--timeout",
                        "60", "--json", NULL);
  g_usleep (300 * 1000);
  post_sync (f, "{\"event_name\":\"wanted\",\"k\":\"hay\"}", &p);
  post_clear (&p);
  post_sync (f, "{\"event_name\":\"other\",\"k\":\"needle\"}", &p);
  post_clear (&p);
  post_sync (f, "{\"event_name\":\"wanted\",\"k\":\"needle\"}", &p);
  post_clear (&p);
  g_assert_cmpint (wait_finish (waiting, &out), ==, 0);
  node = json_from_string (out, NULL);
  g_assert_nonnull (node);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "id"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "body_text"), ==,
                   "{\"event_name\":\"wanted\",\"k\":\"needle\"}");

  /* --since: one already stored after that id will do. */
  g_assert_cmpint (run (&out2, NULL, "wait", "--db", f->db, "--since", "0", "--match", "needle",
                        "--timeout", "10", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out2, "Delivery 1\n"));

  /* Nothing comes: exit 1 after the timeout. */
  g_assert_cmpint (run (&out3, &err, "wait", "--db", f->db, "--event", "never", "--timeout",
                        "0.5", NULL), ==, 1);
  g_assert_cmpstr (out3, ==, "");
  g_assert_nonnull (strstr (err, "timeout"));
  g_assert_cmpint (run (NULL, NULL, "wait", "--db", f->db, "--timeout", "-1", NULL), ==, 2);
}

static const char foreign_har[] =
  "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"other\",\"version\":\"1\"},"
  "\"entries\":[{\"startedDateTime\":\"2025-01-02T03:04:05.678+00:00\",\"time\":3,"
  "\"request\":{\"method\":\"PUT\",\"url\":\"https://example.com/a/b?x=1&y=2\","
  "\"httpVersion\":\"HTTP/1.1\",\"headers\":[{\"name\":\"Content-Type\","
  "\"value\":\"application/json\"}],\"queryString\":[],\"cookies\":[],"
  "\"postData\":{\"mimeType\":\"application/json\",\"text\":\"{\\\"event_name\\\":"
  "\\\"far\\\"}\"},\"headersSize\":-1,\"bodySize\":20},"
  "\"response\":{\"status\":202,\"statusText\":\"Accepted\",\"httpVersion\":\"HTTP/1.1\","
  "\"headers\":[],\"cookies\":[],\"content\":{\"size\":0,\"mimeType\":\"\"},"
  "\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":0},\"cache\":{},"
  "\"timings\":{\"send\":0,\"wait\":0,\"receive\":0}}]}}";

static JsonArray *
list_json (const char *db,
           JsonNode  **node)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run (&out, NULL, "list", "--db", db, "--json", NULL), ==, 0);
  *node = json_from_string (out, NULL);
  g_assert_nonnull (*node);
  return json_node_get_array (*node);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *target = g_strconcat (f->target, "/in", NULL);
  g_autofree char *jsonl = g_build_filename (f->dir, "export.jsonl", NULL);
  g_autofree char *har = g_build_filename (f->dir, "export.har", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.har", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.jsonl", NULL);
  g_autofree char *db2 = g_build_filename (f->dir, "imported.db", NULL);
  g_autofree char *out1 = NULL, *out2 = NULL, *out3 = NULL, *err = NULL;
  g_autoptr(JsonNode) original = NULL, imported = NULL;
  JsonArray *a, *b;
  Post p = { 0 };

  /* Two deliveries, one with a binary body, exported both ways. */
  headless_start (f, NULL);
  post_sync (f, "{\"event_name\":\"one\"}", &p);
  post_clear (&p);
  {
    g_autofree char *url = g_strconcat (f->url, "bin?q=1", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) bytes = g_bytes_new ("\x00\xff\x01" "binary", 9);
    g_autoptr(GBytes) reply = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", bytes);
    reply = soup_session_send_and_read (f->session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
  headless_stop (f, SIGTERM);
  g_assert_cmpint (run (NULL, NULL, "export", "--db", f->db, "--format", "jsonl", "-o", jsonl,
                        NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, "export", "--db", f->db, "-o", har, NULL), ==, 0);
  g_assert_true (g_file_set_contents (foreign, foreign_har, -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\"received_at\":\"2025-01-01T00:00:00Z\","
                                      "\"method\":\"POST\",\"path\":\"/\"}\nnot json\n", -1, NULL));

  /* Imported while forwarding runs on that database: not forwarded (not new traffic). */
  g_free (f->db);
  f->db = g_strdup (db2);
  headless_start (f, "--forward-to", target, NULL);
  g_assert_cmpint (run (&out1, NULL, "import", jsonl, "--db", db2, NULL), ==, 0);
  g_assert_cmpstr (out1, ==, "Imported 2 deliveries (1–2)\n");
  g_assert_cmpint (run (&out2, NULL, "import", har, "--db", db2, NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "Imported 2 deliveries (3–4)\n");
  g_assert_cmpint (run (&out3, NULL, "import", foreign, "--db", db2, NULL), ==, 0);
  g_assert_cmpstr (out3, ==, "Imported 1 delivery (5–5)\n");
  g_assert_cmpint (run (NULL, &err, "import", broken, "--db", db2, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "line 2"));
  g_assert_cmpint (run (NULL, NULL, "import", "--db", db2, NULL), ==, 2);
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  headless_stop (f, SIGTERM);
  g_assert_cmpuint (f->n_received, ==, 0);

  /* Original times, requests and bodies; marked imported. */
  b = list_json (db2, &imported);
  g_assert_cmpuint (json_array_get_length (b), ==, 5);
  g_free (f->db);
  f->db = g_build_filename (f->dir, "capture.db", NULL);
  a = list_json (f->db, &original);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *o = json_array_get_object_element (a, 1 - i % 2);
      JsonObject *c = json_array_get_object_element (b, 4 - i);
      JsonArray *flags = json_object_get_array_member (c, "flags");

      g_assert_cmpstr (json_object_get_string_member (c, "received_at"), ==,
                       json_object_get_string_member (o, "received_at"));
      g_assert_cmpstr (json_object_get_string_member (c, "path"), ==,
                       json_object_get_string_member (o, "path"));
      g_assert_cmpint (json_object_get_int_member (c, "body_size"), ==,
                       json_object_get_int_member (o, "body_size"));
      /* The second import of the same webhooks is also "duplicate" (the domain model's). */
      g_assert_cmpuint (json_array_get_length (flags), >=, 1);
      g_assert_cmpstr (json_array_get_string_element (flags, json_array_get_length (flags) - 1),
                       ==, "imported");
    }
  /* The binary body, byte for byte, from both exports. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *shown = NULL, *again = NULL;
      g_autoptr(JsonNode) n1 = NULL, n2 = NULL;

      g_assert_cmpint (run (&shown, NULL, "show", "2", "--json", "--db", f->db, NULL), ==, 0);
      g_assert_cmpint (run (&again, NULL, "show", i == 0 ? "2" : "4", "--json", "--db", db2,
                            NULL), ==, 0);
      n1 = json_from_string (shown, NULL);
      n2 = json_from_string (again, NULL);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (n1), "body_base64"),
                       ==, "AP8BYmluYXJ5");
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (n2), "body_base64"),
                       ==, "AP8BYmluYXJ5");
    }
  {
    JsonObject *c = json_array_get_object_element (b, 0);

    g_assert_cmpstr (json_object_get_string_member (c, "received_at"), ==,
                     "2025-01-02T03:04:05.678000Z");
    g_assert_cmpstr (json_object_get_string_member (c, "method"), ==, "PUT");
    g_assert_cmpstr (json_object_get_string_member (c, "path"), ==, "/a/b");
    g_assert_cmpstr (json_object_get_string_member (c, "query"), ==, "x=1&y=2");
    g_assert_cmpstr (json_object_get_string_member (c, "event_name"), ==, "far");
    g_assert_cmpint (json_object_get_int_member (c, "response_status"), ==, 202);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/forward/rules", test_rules);
  ADD ("/forward/cli-errors", test_cli_errors);
  ADD ("/forward/only", test_forward_only);
  ADD ("/forward/resumes-after-sigkill", test_forward_resumes_after_sigkill);
  g_test_add ("/forward/resumes-after-sigkill-while-projecting", Fixture, "lagging",
              fixture_setup, test_forward_resumes_after_sigkill, fixture_teardown);
  ADD ("/forward/relay", test_relay);
  ADD ("/forward/respond", test_respond);
  ADD ("/forward/respond-delay", test_respond_delay);
  ADD ("/cli/wait", test_wait);
  ADD ("/cli/import", test_import);
#undef ADD

  return g_test_run ();
}
