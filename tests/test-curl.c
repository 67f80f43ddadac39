/* test-curl.c: copy as curl (the command sends the same request again) and the body as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hs-body-text.h"
#include "hs-curl.h"

/* One HTTP request received on a raw socket, exactly as its bytes came. */
typedef struct
{
  GSocket *listener;
  GString *request;
} Catcher;

static gsize
content_length (const char *head)
{
  const char *p = strstr (head, "\r\nContent-Length:");

  return p ? (gsize)g_ascii_strtoull (p + strlen ("\r\nContent-Length:"), NULL, 10) : 0;
}

static gpointer
catch_one (gpointer data)
{
  Catcher *catcher = data;
  g_autoptr(GSocket) connection = g_socket_accept (catcher->listener, NULL, NULL);
  static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  char buffer[65536];
  const char *end;

  g_assert_nonnull (connection);
  g_socket_set_timeout (connection, 10);
  for (;;)
    {
      gssize n = g_socket_receive (connection, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (catcher->request, buffer, n);
      end = strstr (catcher->request->str, "\r\n\r\n");
      if (end != NULL &&
          catcher->request->len >= (gsize)(end + 4 - catcher->request->str) +
                                   content_length (catcher->request->str))
        break;
    }
  g_socket_send (connection, answer, strlen (answer), NULL, NULL);
  return NULL;
}

/* Runs @command through bash and returns what reached the server. */
static GString *
run_against_catcher (HsDelivery *delivery,
                     const char *body_path)
{
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GThread *thread;
  Catcher catcher = { 0 };
  int status = -1;

  catcher.listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (catcher.listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (catcher.listener, &error));
  bound = g_socket_get_local_address (catcher.listener, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u/ignored/path",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  catcher.request = g_string_new (NULL);
  thread = g_thread_new ("catcher", catch_one, &catcher);

  command = hs_curl_command (delivery, url, body_path);
  {
    const char *argv[] = { "bash", "-c", command, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  if (status != 0)
    g_printerr ("%s\n%s\n", command, err);
  g_assert_cmpint (status, ==, 0);

  g_thread_join (thread);
  g_object_unref (catcher.listener);
  return catcher.request;
}

static HsDelivery *
make_delivery (const char *method,
               const char *path,
               const char *query,
               const char *body,
               gsize       body_size)
{
  HsDelivery *delivery = hs_delivery_new ();

  hs_delivery_set_method (delivery, method);
  hs_delivery_set_path (delivery, path);
  hs_delivery_set_query (delivery, query);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_size);
      g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, body_size);

      hs_delivery_set_body (delivery, bytes);
      hs_delivery_add_header (delivery, "Content-Length", length);
    }
  return delivery;
}

static void
test_shell_quote (void)
{
  g_autofree char *plain = hs_shell_quote ("abc");
  g_autofree char *quote = hs_shell_quote ("it's $(rm -rf /) `x` \"y\" \\");

  g_assert_cmpstr (plain, ==, "'abc'");
  g_assert_cmpstr (quote, ==, "'it'\\''s $(rm -rf /) `x` \"y\" \\'");
}

/* Headers in order with a duplicate, a quote and shell syntax in the body, a body that starts
 * with @, and no User-Agent or Accept: the server sees the same header lines and body, and
 * nothing of curl's own but Host and Content-Length. */
static void
test_round_trip_text (void)
{
  static const char body[] = "@not-a-file {\"a\": \"it's $(touch /tmp/pwned) `x`\\n\"}\n\tend";
  g_autoptr(HsDelivery) delivery = make_delivery ("POST", "/hooks/a%20b/[x]", "q=1&r={2}",
                                                  body, strlen (body));
  g_autoptr(GString) request = NULL;
  g_autofree char *expected_body = NULL;
  g_auto(GStrv) lines = NULL;
  const char *received_body;

  hs_delivery_add_header (delivery, "Host", "example.com");
  hs_delivery_add_header (delivery, "Content-Type", "application/json");
  hs_delivery_add_header (delivery, "x-api-key", "se'cret");
  hs_delivery_add_header (delivery, "X-Dup", "one");
  hs_delivery_add_header (delivery, "X-Dup", "two");
  hs_delivery_add_header (delivery, "X-Empty", "");

  request = run_against_catcher (delivery, NULL);
  received_body = strstr (request->str, "\r\n\r\n") + 4;
  g_assert_cmpstr (received_body, ==, body);

  lines = g_strsplit (request->str, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "POST /hooks/a%20b/[x]?q=1&r={2} HTTP/1.1");
  g_assert_true (g_str_has_prefix (lines[1], "Host: 127.0.0.1:"));
  g_assert_cmpstr (lines[2], ==, "Content-Type: application/json");
  g_assert_cmpstr (lines[3], ==, "x-api-key: se'cret");
  g_assert_cmpstr (lines[4], ==, "X-Dup: one");
  g_assert_cmpstr (lines[5], ==, "X-Dup: two");
  g_assert_cmpstr (lines[6], ==, "X-Empty:");
  g_assert_cmpstr (lines[7], ==, "Content-Length: 56");
  g_assert_cmpstr (lines[8], ==, "");
  g_assert_cmpuint (strlen (body), ==, 56);
  g_assert_false (g_file_test ("/tmp/pwned", G_FILE_TEST_EXISTS));
}

/* A body with NUL and invalid UTF-8 goes through a file, and arrives whole. */
static void
test_round_trip_binary (void)
{
  static const guint8 body[] = { 0x00, 0xff, 0xfe, '\n', '\r', 0x80, 'a', 0x00 };
  g_autoptr(HsDelivery) delivery = make_delivery ("PUT", "/bin", NULL,
                                                  (const char *)body, sizeof body);
  g_autoptr(GString) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  int fd;

  hs_delivery_add_header (delivery, "Content-Type", "application/octet-stream");
  hs_delivery_add_header (delivery, "User-Agent", "Backoffice/1.0");
  g_assert_true (hs_curl_body_needs_file (delivery));

  fd = g_file_open_tmp ("hs-test-curl-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, (const char *)body, sizeof body, &error));

  command = hs_curl_command (delivery, "http://h:1", path);
  g_assert_nonnull (strstr (command, "--data-binary '@"));
  g_assert_nonnull (strstr (command, "-X 'PUT'"));

  request = run_against_catcher (delivery, path);
  g_assert_true (g_str_has_prefix (request->str, "PUT /bin HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request->str, "\r\nUser-Agent: Backoffice/1.0\r\n"));
  g_assert_null (strstr (request->str, "Accept:"));
  g_assert_cmpuint (request->len, >=, sizeof body);
  g_assert_cmpmem (request->str + request->len - sizeof body, sizeof body, body, sizeof body);
  g_unlink (path);
}

/* A GET without a body has no -X and no data. */
static void
test_get (void)
{
  g_autoptr(HsDelivery) delivery = make_delivery ("GET", "/status", NULL, NULL, 0);
  g_autofree char *command = hs_curl_command (delivery, "http://127.0.0.1:8765/", NULL);

  g_assert_cmpstr (command, ==,
                   "curl --globoff --path-as-is \\\n"
                   "  -H 'User-Agent:' \\\n"
                   "  -H 'Accept:' \\\n"
                   "  --url 'http://127.0.0.1:8765/status'\n");
}

static void
test_pretty_json (void)
{
  static const char body[] = " {\"a\":[1, 0.1,1e3 ,{}, []],\"b\" : {\"c\":\"x,{y}:\\\"z\"},"
                             "\"n\":12345678901234567890}";
  g_autofree char *pretty = hs_body_text_pretty_json (body, strlen (body));
  g_autofree char *broken = hs_body_text_pretty_json ("{\"a\":", 5);
  g_autofree char *binary = hs_body_text_pretty_json ("\"\xff\"", 3);

  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"a\": [\n"
                   "    1,\n"
                   "    0.1,\n"
                   "    1e3,\n"
                   "    {},\n"
                   "    []\n"
                   "  ],\n"
                   "  \"b\": {\n"
                   "    \"c\": \"x,{y}:\\\"z\"\n"
                   "  },\n"
                   "  \"n\": 12345678901234567890\n"
                   "}");
  g_assert_null (broken);
  g_assert_null (binary);
}

static void
test_hex (void)
{
  static const guint8 data[] = "0123456789abcdef\x00\xff";
  g_autofree char *hex = hs_body_text_hex (data, 18);

  g_assert_cmpstr (hex, ==,
                   "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66"
                   "  |0123456789abcdef|\n"
                   "00000010  00 ff                                           "
                   "  |..|\n");
  g_assert_false (hs_body_text_is_text ((const char *)data, 18));
  g_assert_true (hs_body_text_is_text ("é", strlen ("é")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/curl/shell-quote", test_shell_quote);
  g_test_add_func ("/curl/round-trip-text", test_round_trip_text);
  g_test_add_func ("/curl/round-trip-binary", test_round_trip_binary);
  g_test_add_func ("/curl/get", test_get);
  g_test_add_func ("/body-text/pretty-json", test_pretty_json);
  g_test_add_func ("/body-text/hex", test_hex);

  return g_test_run ();
}
