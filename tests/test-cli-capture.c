/* test-cli-capture.c: hookscope --headless, list, show, export as separate processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "headless-test-util.h"
#include "hs-projections.h"
#include "hs-store.h"
#include "store-test-util.h"

typedef struct
{
  char        *dir;
  char        *db;
  SoupSession *session;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-test-cli-capture-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "capture.db", NULL);
  f->session = soup_session_new_with_options ("max-conns", 128, "max-conns-per-host", 128, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->session);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* Runs hookscope with the arguments (NULL-terminated); returns its exit status. */
static int
run (GBytes     **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
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
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out_bytes, &err_bytes, &error));
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&out_bytes);
  if (err != NULL)
    *err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));

  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

typedef struct
{
  GSubprocess *proc;
  char        *out_path;
  char        *url;
  guint        projector_delay_us;
} Headless;

static void
headless_clear (Headless *h)
{
  g_clear_object (&h->proc);
  g_clear_pointer (&h->out_path, g_free);
  g_clear_pointer (&h->url, g_free);
}

/* Starts hookscope --headless, stdout to a file, and waits for its first line. */
static void
headless_start (Fixture    *f,
                Headless   *h,
                const char *listen)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *args[] = { "--listen", listen, "--db", f->db, NULL };
  g_autofree char *err_path = g_build_filename (f->dir, "headless.err", NULL);

  if (h->projector_delay_us > 0)
    {
      g_autofree char *delay = g_strdup_printf ("%u", h->projector_delay_us);

      g_subprocess_launcher_setenv (launcher, "HS_TEST_PROJECTOR_DELAY_US", delay, TRUE);
    }

  h->out_path = g_build_filename (f->dir, "headless.out", NULL);
  h->url = hs_test_headless_spawn (launcher, h->out_path, err_path, args, 20, &h->proc);
  /* The first line, on loopback, with the port the kernel chose. */
  g_assert_true (g_str_has_prefix (h->url, "http://127.0.0.1:"));
  g_assert_cmpint (atoi (h->url + strlen ("http://127.0.0.1:")), >, 0);
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *reply;
  gboolean     done;
  gint64       id;
} Post;

static void
post_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Post *p = user_data;
  g_autoptr(GError) error = NULL;

  p->reply = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  p->done = TRUE;
  if (p->reply != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (p->msg)))
    {
      g_autoptr(JsonNode) node = parse_json (p->reply);

      p->id = json_object_get_int_member (json_node_get_object (node), "id");
    }
}

static void
post_start (Fixture    *f,
            const char *url,
            const char *content_type,
            GBytes     *body,
            Post       *p)
{
  p->msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (p->msg, content_type, body);
  soup_session_send_and_read_async (f->session, p->msg, G_PRIORITY_DEFAULT, NULL, post_done, p);
}

static guint
post_sync (Fixture    *f,
           const char *url,
           const char *content_type,
           GBytes     *body)
{
  Post p = { 0 };
  guint status;

  post_start (f, url, content_type, body, &p);
  while (!p.done)
    g_main_context_iteration (NULL, TRUE);
  status = soup_message_get_status (p.msg);
  g_clear_object (&p.msg);
  g_clear_pointer (&p.reply, g_bytes_unref);
  return status;
}

static GBytes *
read_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"),
                                            "event_invitation_created.json", NULL);
  char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  return g_bytes_new_take (contents, size);
}

static GBytes *
binary_body (void)
{
  guint8 bytes[1000];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (255 - i) & 0xff;
  return g_bytes_new (bytes, sizeof bytes);
}

static void
assert_delivery_shape (JsonObject *o)
{
  g_autoptr(GRegex) time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                        0, 0, NULL);
  static const char *strings[] = { "received_at", "method", "path", "peer", "auth", "parse" };
  static const char *nullable[] = { "query", "content_type", "parse_message", "event_name" };
  JsonArray *headers;

  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "id")), ==, G_TYPE_INT64);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, strings[i])),
                     ==, G_TYPE_STRING);
  for (guint i = 0; i < G_N_ELEMENTS (nullable); i++)
    g_assert_true (json_object_has_member (o, nullable[i]));
  g_assert_true (g_regex_match (time, json_object_get_string_member (o, "received_at"), 0, NULL));
  headers = json_object_get_array_member (o, "headers");
  g_assert_cmpuint (json_array_get_length (headers), >, 0);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (headers, 0)), ==, 2);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "body_size")),
                   ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "truncated")),
                   ==, G_TYPE_BOOLEAN);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "flags")));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "response_status")),
                   ==, G_TYPE_INT64);
}

/* The log line shows payload text with its control characters as "?" (event names come from
 * the body: \u0001 and DEL must never reach the terminal). */
static void
test_headless_log_printable (Fixture       *f,
                             gconstpointer  data)
{
  static const char body[] = "{\"event_name\": \"a\\u0001b\\u007fc\\td\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body - 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *log = NULL;
  g_autofree char *url = NULL;
  Headless h = { 0 };

  headless_start (f, &h, "127.0.0.1:0");
  url = g_strconcat (h.url, "p%01q", NULL);
  g_assert_cmpuint (post_sync (f, url, "application/json", bytes), ==, 200);

  g_subprocess_send_signal (h.proc, SIGTERM);
  g_assert_true (g_subprocess_wait (h.proc, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (h.proc), ==, 0);

  log = hs_test_read_text (h.out_path);
  lines = g_strsplit (log, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  /* libsoup hands the path over decoded: the %01 is a control character too. */
  g_assert_true (g_regex_match_simple ("^\\S+Z #1 POST /p\\?q a\\?b\\?c\\?d 200 \\d+ bytes$",
                                       lines[1], 0, 0));
  headless_clear (&h);
}

static void
test_headless_and_commands (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GBytes) binary = binary_body ();
  g_autoptr(GBytes) bad = g_bytes_new_static ("{oops", 5);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *log = NULL;
  g_autofree char *seed_url = NULL;
  g_autofree char *bin_url = NULL;
  Headless h = { 0 };

  headless_start (f, &h, "127.0.0.1:0");
  seed_url = g_strconcat (h.url, "seed?x=1", NULL);
  bin_url = g_strconcat (h.url, "bin", NULL);
  g_assert_cmpuint (post_sync (f, seed_url, "application/json", seed), ==, 200);
  g_assert_cmpuint (post_sync (f, bin_url, "application/octet-stream", binary), ==, 200);
  g_assert_cmpuint (post_sync (f, h.url, "application/json", bad), ==, 400);

  g_subprocess_send_signal (h.proc, SIGTERM);
  g_assert_true (g_subprocess_wait (h.proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (h.proc));
  g_assert_cmpint (g_subprocess_get_exit_status (h.proc), ==, 0);

  /* The first line, then one line per delivery: time, id, method, path, event, status, bytes. */
  log = hs_test_read_text (h.out_path);
  lines = g_strsplit (log, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "Listening on http://127.0.0.1:"));
  /* UTC, microseconds always six digits. */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z "
                                       "#1 POST /seed event_invitation_created 200 \\d+ bytes$",
                                       lines[1], 0, 0));
  g_assert_true (g_regex_match_simple ("^\\S+Z #2 POST /bin - 200 1000 bytes$", lines[2], 0, 0));
  g_assert_true (g_regex_match_simple ("^\\S+Z #3 POST / - 400 5 bytes$", lines[3], 0, 0));
  g_assert_cmpstr (lines[4], ==, "");
  headless_clear (&h);

  {
    g_autoptr(GBytes) out = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) rows = NULL;

    g_assert_cmpint (run (&out, NULL, "list", "--db", f->db, NULL), ==, 0);
    text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
    rows = g_strsplit (text, "\n", -1);
    g_assert_cmpuint (g_strv_length (rows), ==, 5);
    g_assert_true (g_str_has_prefix (rows[0], "ID "));
    /* Newest first. */
    g_assert_true (g_str_has_prefix (rows[1], "3 "));
    g_assert_true (g_str_has_prefix (rows[3], "1 "));
    g_assert_nonnull (strstr (rows[3], "event_invitation_created"));
  }

  {
    g_autoptr(GBytes) out = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonArray *array;
    JsonObject *oldest;

    g_assert_cmpint (run (&out, NULL, "list", "--json", "--limit", "0", "--db", f->db, NULL),
                     ==, 0);
    node = parse_json (out);
    array = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        assert_delivery_shape (json_array_get_object_element (array, i));
        g_assert_false (json_object_has_member (json_array_get_object_element (array, i),
                                                "body_base64"));
      }
    oldest = json_array_get_object_element (array, 2);
    g_assert_cmpint (json_object_get_int_member (oldest, "id"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (oldest, "method"), ==, "POST");
    g_assert_cmpstr (json_object_get_string_member (oldest, "path"), ==, "/seed");
    g_assert_cmpstr (json_object_get_string_member (oldest, "query"), ==, "x=1");
    g_assert_cmpstr (json_object_get_string_member (oldest, "event_name"),
                     ==, "event_invitation_created");
    g_assert_cmpstr (json_object_get_string_member (oldest, "auth"), ==, "not-required");
    g_assert_cmpint (json_object_get_int_member (oldest, "body_size"), ==, g_bytes_get_size (seed));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                    "parse"),
                     ==, "not-json");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0),
                                                 "response_status"),
                     ==, 400);
  }

  {
    g_autoptr(GBytes) out = NULL;
    g_autoptr(JsonNode) node = NULL;

    g_assert_cmpint (run (&out, NULL, "list", "--json", "--limit", "1", "--db", f->db, NULL),
                     ==, 0);
    node = parse_json (out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
    g_clear_pointer (&out, g_bytes_unref);
    g_clear_pointer (&node, json_node_unref);

    g_assert_cmpint (run (&out, NULL, "list", "--json", "--event", "event_invitation_created",
                          "--db", f->db, NULL), ==, 0);
    node = parse_json (out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  }

  {
    g_autoptr(GBytes) out = NULL;

    /* Exactly the stored bytes. */
    g_assert_cmpint (run (&out, NULL, "show", "2", "--body", "--db", f->db, NULL), ==, 0);
    g_assert_true (g_bytes_equal (out, binary));
  }

  {
    g_autoptr(GBytes) out = NULL;
    g_autoptr(JsonNode) node = NULL;
    g_autofree guchar *decoded = NULL;
    JsonObject *o;
    gsize size = 0;

    g_assert_cmpint (run (&out, NULL, "show", "2", "--json", "--db", f->db, NULL), ==, 0);
    node = parse_json (out);
    o = json_node_get_object (node);
    assert_delivery_shape (o);
    decoded = g_base64_decode (json_object_get_string_member (o, "body_base64"), &size);
    g_assert_cmpmem (decoded, size, g_bytes_get_data (binary, NULL), g_bytes_get_size (binary));
    g_assert_false (json_object_has_member (o, "body_text"));
    g_clear_pointer (&out, g_bytes_unref);
    g_clear_pointer (&node, json_node_unref);

    g_assert_cmpint (run (&out, NULL, "show", "1", "--json", "--db", f->db, NULL), ==, 0);
    node = parse_json (out);
    g_assert_cmpmem (json_object_get_string_member (json_node_get_object (node), "body_text"),
                     g_bytes_get_size (seed),
                     g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
  }

  {
    g_autoptr(GBytes) out = NULL;
    g_autofree char *text = NULL;

    g_assert_cmpint (run (&out, NULL, "show", "1", "--db", f->db, NULL), ==, 0);
    text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
    g_assert_nonnull (strstr (text, "event_invitation_created"));
  }

  g_assert_cmpint (run (NULL, NULL, "show", "999", "--db", f->db, NULL), ==, 1);
  g_assert_cmpint (run (NULL, NULL, "show", "abc", "--db", f->db, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "show", "1", "--json", "--body", "--db", f->db, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "list", "--limit", "-1", "--db", f->db, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "list", "--bogus", "--db", f->db, NULL), ==, 2);

  {
    g_autoptr(GBytes) out = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *log_object;
    JsonArray *entries;

    g_assert_cmpint (run (&out, NULL, "export", "--db", f->db, NULL), ==, 0);
    node = parse_json (out);
    log_object = json_object_get_object_member (json_node_get_object (node), "log");
    g_assert_cmpstr (json_object_get_string_member (log_object, "version"), ==, "1.2");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (log_object,
                                                                                    "creator"),
                                                    "name"),
                     ==, "Hookscope");
    g_assert_true (json_object_has_member (json_object_get_object_member (log_object, "creator"),
                                           "version"));
    entries = json_object_get_array_member (log_object, "entries");
    g_assert_cmpuint (json_array_get_length (entries), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);
        JsonObject *request = json_object_get_object_member (entry, "request");
        JsonObject *response = json_object_get_object_member (entry, "response");
        JsonObject *timings = json_object_get_object_member (entry, "timings");
        static const char *request_members[] = { "method", "url", "httpVersion", "cookies",
                                                 "headers", "queryString", "headersSize",
                                                 "bodySize" };
        static const char *response_members[] = { "status", "statusText", "httpVersion",
                                                  "cookies", "headers", "content", "redirectURL",
                                                  "headersSize", "bodySize" };

        g_assert_true (json_object_has_member (entry, "startedDateTime"));
        g_assert_true (json_object_has_member (entry, "time"));
        g_assert_true (json_object_has_member (entry, "cache"));
        for (guint j = 0; j < G_N_ELEMENTS (request_members); j++)
          g_assert_true (json_object_has_member (request, request_members[j]));
        for (guint j = 0; j < G_N_ELEMENTS (response_members); j++)
          g_assert_true (json_object_has_member (response, response_members[j]));
        g_assert_true (json_object_has_member (timings, "send"));
        g_assert_true (json_object_has_member (timings, "wait"));
        g_assert_true (json_object_has_member (timings, "receive"));
      }
    {
      /* Oldest first; the query string is split into name/value pairs. */
      JsonObject *request =
        json_object_get_object_member (json_array_get_object_element (entries, 0), "request");
      JsonArray *query = json_object_get_array_member (request, "queryString");

      g_assert_true (g_str_has_suffix (json_object_get_string_member (request, "url"),
                                       "/seed?x=1"));
      g_assert_cmpuint (json_array_get_length (query), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (query, 0),
                                                      "name"),
                       ==, "x");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request,
                                                                                      "postData"),
                                                      "mimeType"),
                       ==, "application/json");
      g_assert_cmpint (json_object_get_int_member
                         (json_object_get_object_member (json_array_get_object_element (entries, 2),
                                                         "response"),
                          "status"),
                       ==, 400);
    }
  }

  {
    g_autofree char *path = g_build_filename (f->dir, "export.jsonl", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) rows = NULL;

    g_assert_cmpint (run (NULL, NULL, "export", "--format", "jsonl", "--output", path,
                          "--db", f->db, NULL), ==, 0);
    text = hs_test_read_text (path);
    rows = g_strsplit (text, "\n", -1);
    g_assert_cmpuint (g_strv_length (rows), ==, 4);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(GBytes) row = g_bytes_new (rows[i], strlen (rows[i]));
        g_autoptr(JsonNode) node = parse_json (row);

        assert_delivery_shape (json_node_get_object (node));
        g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "id"), ==, i + 1);
        g_assert_true (json_object_has_member (json_node_get_object (node), "body_base64"));
      }
  }

  g_assert_cmpint (run (NULL, NULL, "export", "--format", "xml", "--db", f->db, NULL), ==, 2);
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  listen = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_assert_cmpint (run (NULL, &err, "--headless", "--listen", listen, "--db", f->db, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "in use"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (NULL, &err, "--headless", "--listen", "not-an-address",
                        "--db", f->db, NULL), ==, 2);
}

static void
test_refused_databases (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *text = g_strnfill (4096, 'q');
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (garbage, text, -1, NULL));
  g_assert_cmpint (run (NULL, &err, "list", "--db", garbage, NULL), ==, 1);
  g_assert_nonnull (strstr (err, garbage));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--headless", "--listen", "127.0.0.1:0",
                        "--db", garbage, NULL), ==, 1);
  g_assert_nonnull (strstr (err, garbage));
}

/* Keeps WIDTH requests in flight; stops sending once @stop is set. */
typedef struct
{
  Fixture   *f;
  char      *url;
  GBytes    *body;
  GArray    *acked;
  guint      in_flight;
  guint      sent;
  gboolean   stop;
  gboolean   unique;  /* a new invitation each time: real work for the domain projection */
} Load;

static void load_send (Load *load);

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Post *p = user_data;
  Load *load = g_object_get_data (G_OBJECT (p->msg), "load");

  post_done (object, result, p);
  if (p->id > 0)
    g_array_append_val (load->acked, p->id);
  g_clear_object (&p->msg);
  g_clear_pointer (&p->reply, g_bytes_unref);
  g_free (p);
  load->in_flight--;
  if (!load->stop)
    load_send (load);
}

static void
load_send (Load *load)
{
  Post *p = g_new0 (Post, 1);

  p->msg = soup_message_new ("POST", load->url);
  g_object_set_data (G_OBJECT (p->msg), "load", load);
  if (load->unique)
    {
      g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (load->body, NULL),
                                                  g_bytes_get_size (load->body));
      g_autofree char *id = g_strdup_printf ("a2de79c9-0f46-49b9-9c5b-%012u", load->sent);
      g_autoptr(GBytes) body = NULL;

      g_string_replace (text, "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1", id, 0);
      body = g_string_free_to_bytes (g_steal_pointer (&text));
      soup_message_set_request_body_from_bytes (p->msg, "application/json", body);
    }
  else
    soup_message_set_request_body_from_bytes (p->msg, "application/json", load->body);
  soup_session_send_and_read_async (load->f->session, p->msg, G_PRIORITY_DEFAULT, NULL,
                                    load_done, p);
  load->in_flight++;
  load->sent++;
}

typedef struct
{
  guint    n_acked;     /* acknowledged deliveries before the kill */
  gsize    body_size;   /* 0: the seed */
  gboolean unique;      /* the seed with a new invitation id each time */
} KillLoad;

/* After a kill (the projector mid-batch, most likely): the projection resumes from its cursor,
 * and what it then holds is exactly what a rebuild from the deliveries gives. */
static void
assert_projection_resumes (HsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *resumed = NULL;
  g_autofree char *rebuilt = NULL;
  g_autoptr(GPtrArray) newest = hs_store_list_deliveries (store, 0, 1, NULL, &error);
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  gint64 last;

  g_assert_no_error (error);
  g_assert_cmpuint (newest->len, ==, 1);
  last = hs_delivery_get_id (newest->pdata[0]);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (hs_store_get_read_connection (store),
                                         "SELECT cursor FROM projections WHERE name = 'domain'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_test_message ("projected at the kill: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
                    (gint64)sqlite3_column_int64 (stmt, 0), last);
    sqlite3_finalize (stmt);
  }

  hs_store_start_projections (store, projections, n_projections);
  g_assert_true (hs_store_wait_projected (store, last, 60 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  resumed = hs_test_dump_domain (hs_store_get_read_connection (store));

  g_assert_true (hs_store_reproject (store, projections, n_projections, NULL, NULL, &error));
  g_assert_no_error (error);
  rebuilt = hs_test_dump_domain (hs_store_get_read_connection (store));
  g_assert_cmpstr (resumed, ==, rebuilt);
}

static GBytes *
padded_json (gsize size)
{
  g_autoptr(GString) text = g_string_new ("{\"event_name\": \"bulk\", \"pad\": \"");

  while (text->len + 2 < size)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}");
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static void
test_sigkill_under_load (Fixture       *f,
                         gconstpointer  data)
{
  const KillLoad *kill_load = data;
  g_autoptr(GBytes) seed = kill_load->body_size > 0 ? padded_json (kill_load->body_size)
                                                    : read_sample ();
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Headless h = { 0 };
  Load load = { 0 };
  sqlite3_stmt *stmt = NULL;

  /* Projecting slower than capturing: the kill finds it behind and inside a batch. */
  h.projector_delay_us = kill_load->unique ? 1000 : 0;
  headless_start (f, &h, "127.0.0.1:0");
  load.f = f;
  load.url = h.url;
  load.body = seed;
  load.acked = acked;
  load.unique = kill_load->unique;
  for (guint i = 0; i < 32; i++)
    load_send (&load);

  while (acked->len < kill_load->n_acked)
    g_main_context_iteration (NULL, TRUE);

  /* Killed with requests in flight: whatever was answered 2xx must be on disk. */
  g_subprocess_force_exit (h.proc);
  load.stop = TRUE;
  while (load.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_wait (h.proc, NULL, &error));
  g_assert_false (g_subprocess_get_if_exited (h.proc));

  /* Read before opening: recovery may rewrite the WAL. */
  if (kill_load->body_size > 0)
    {
      g_test_message ("the WAL started over %u times", hs_test_wal_restarts (f->db));
      g_assert_cmpuint (hs_test_wal_restarts (f->db), >=, 1);
    }

  store = hs_store_open (f->db, &error);
  g_assert_no_error (error);
  g_test_message ("%u sent, %u acknowledged, %" G_GINT64_FORMAT " stored", load.sent, acked->len,
                  hs_store_count_deliveries (store, NULL, NULL));
  for (guint i = 0; i < acked->len; i++)
    {
      g_autoptr(HsDelivery) d = hs_store_get_delivery (store, g_array_index (acked, gint64, i),
                                                       &error);

      g_assert_no_error (error);
      if (kill_load->unique)
        g_assert_cmpuint (g_bytes_get_size (hs_delivery_get_body (d)), ==,
                          g_bytes_get_size (seed));
      else
        g_assert_true (g_bytes_equal (hs_delivery_get_body (d), seed));
    }

  g_assert_cmpint (sqlite3_prepare_v2 (hs_store_get_read_connection (store),
                                       "PRAGMA integrity_check", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  if (kill_load->unique)
    assert_projection_resumes (store);

  headless_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  static const KillLoad seed_load = { 400, 0, FALSE };
  static const KillLoad unique_load = { 800, 0, TRUE };
  /* 16 KiB bodies, 5 000 of them: about 100 MiB through the WAL. Past 8 MiB the checkpointer
   * copies it back beside the writer, past 64 MiB the writer finishes a checkpoint and the WAL
   * starts over: the kill comes with those going on. */
  static const KillLoad bulk_load = { 5000, 16 * 1024, FALSE };

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-capture/headless-and-commands", test_headless_and_commands);
  ADD ("/cli-capture/headless-log-printable", test_headless_log_printable);
  ADD ("/cli-capture/port-in-use", test_port_in_use);
  ADD ("/cli-capture/refused-databases", test_refused_databases);
  g_test_add ("/cli-capture/sigkill-under-load", Fixture, &seed_load,
              fixture_setup, test_sigkill_under_load, fixture_teardown);
  g_test_add ("/cli-capture/sigkill-while-checkpointing", Fixture, &bulk_load,
              fixture_setup, test_sigkill_under_load, fixture_teardown);
  g_test_add ("/cli-capture/sigkill-while-projecting", Fixture, &unique_load,
              fixture_setup, test_sigkill_under_load, fixture_teardown);
#undef ADD

  return g_test_run ();
}
