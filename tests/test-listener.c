/* test-listener.c: HsListener answered by real SoupSession requests on 127.0.0.1:0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <linux/fs.h>

#include "hs-listener.h"
#include "hs-projections.h"
#include "hs-store.h"

typedef struct
{
  char        *dir;
  char        *path;
  HsStore     *store;
  HsListener  *listener;
  SoupSession *session;
  GPtrArray   *stored;
  char        *url;
} Fixture;

static void
on_stored (HsListener *listener,
           HsDelivery *delivery,
           Fixture    *f)
{
  g_ptr_array_add (f->stored, g_object_ref (delivery));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-test-listener-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  {
    guint n_projections;
    const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

    hs_store_start_projections (f->store, projections, n_projections);
  }
  f->listener = hs_listener_new (f->store);
  hs_listener_set_port (f->listener, 0);
  f->stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->listener, "delivery-stored", G_CALLBACK (on_stored), f);

  g_assert_true (hs_listener_start (f->listener, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hs_listener_get_port (f->listener), >, 0);
  f->url = hs_listener_dup_url (f->listener);

  f->session = soup_session_new_with_options ("max-conns", 256, "max-conns-per-host", 256, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->listener);
  g_clear_object (&f->store);
  /* Let the last idle callbacks run and free what they hold. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&f->stored, g_ptr_array_unref);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (f->path, suffix, NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->url);
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     done;
  guint        status;
} Response;

static void
response_clear (Response *r)
{
  g_clear_object (&r->msg);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_error (&r->error);
  memset (r, 0, sizeof *r);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Response *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &r->error);
  r->status = soup_message_get_status (r->msg);
  r->done = TRUE;
}

static void
post_async (Fixture    *f,
            const char *method,
            const char *path,
            const char *content_type,
            GBytes     *body,
            Response   *r)
{
  g_autofree char *uri = g_strconcat (f->url, path[0] == '/' ? path + 1 : path, NULL);

  r->msg = soup_message_new (method, uri);
  g_assert_nonnull (r->msg);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (r->msg, content_type, body);
  soup_session_send_and_read_async (f->session, r->msg, G_PRIORITY_DEFAULT, NULL, sent_cb, r);
}

static void
wait_for (Response *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r->error);
}

static JsonObject *
parse_reply (Response   *r,
             JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (r->body, NULL),
                                             g_bytes_get_size (r->body), &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
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

static void
test_well_formed (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) body = read_sample ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HsDelivery) stored = NULL;
  g_autoptr(GError) error = NULL;
  Response r = { 0 };
  JsonObject *reply;
  gint64 id;
  int seen_a = -1, seen_b = -1;

  {
    g_autofree char *uri = g_strconcat (f->url, "hooks/omerlo?a=1&a=2&b=%20x", NULL);

    r.msg = soup_message_new ("POST", uri);
  }
  soup_message_headers_append (soup_message_get_request_headers (r.msg), "X-Dup", "first");
  soup_message_headers_append (soup_message_get_request_headers (r.msg), "X-Dup", "second");
  soup_message_set_request_body_from_bytes (r.msg, "application/json", body);
  soup_session_send_and_read_async (f->session, r.msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &r);
  wait_for (&r);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (r.msg),
                                                          NULL),
                   ==, "application/json");
  reply = parse_reply (&r, parser);
  g_assert_true (json_object_get_boolean_member (reply, "ok"));
  id = json_object_get_int_member (reply, "id");
  g_assert_cmpint (id, >, 0);

  /* Announced after the commit, with the same id. */
  g_assert_cmpuint (f->stored->len, ==, 1);
  g_assert_cmpint (hs_delivery_get_id (f->stored->pdata[0]), ==, id);

  stored = hs_store_get_delivery (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_delivery_get_method (stored), ==, "POST");
  g_assert_cmpstr (hs_delivery_get_path (stored), ==, "/hooks/omerlo");
  g_assert_cmpstr (hs_delivery_get_query (stored), ==, "a=1&a=2&b=%20x");
  g_assert_cmpstr (hs_delivery_get_content_type (stored), ==, "application/json");
  g_assert_cmpstr (hs_delivery_get_event_name (stored), ==, "event_invitation_created");
  g_assert_cmpint (hs_delivery_get_auth_verdict (stored), ==, HS_AUTH_NOT_REQUIRED);
  g_assert_true (g_str_has_prefix (hs_delivery_get_peer (stored), "127.0.0.1:"));
  g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), body));
  g_assert_cmpuint (hs_delivery_get_response_status (stored), ==, 200);
  g_assert_cmpint (ABS (hs_delivery_get_received_at (stored) - g_get_real_time ()),
                   <, 600 * G_USEC_PER_SEC);

  /* Duplicates kept, in their order. */
  for (guint i = 0; i < hs_delivery_get_n_headers (stored); i++)
    {
      if (g_str_equal (hs_delivery_get_header_name (stored, i), "X-Dup"))
        {
          if (g_str_equal (hs_delivery_get_header_value (stored, i), "first"))
            seen_a = i;
          else if (g_str_equal (hs_delivery_get_header_value (stored, i), "second"))
            seen_b = i;
        }
    }
  g_assert_cmpint (seen_a, >=, 0);
  g_assert_cmpint (seen_b, >, seen_a);

  response_clear (&r);
}

static void
test_any_method_and_binary (Fixture       *f,
                            gconstpointer  data)
{
  static const char *methods[] = { "PUT", "DELETE", "GET", "PATCH" };
  g_autoptr(GBytes) body = NULL;
  guint8 bytes[70000];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (i * 31 + i / 256) & 0xff;
  body = g_bytes_new (bytes, sizeof bytes);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(HsDelivery) stored = NULL;
      g_autoptr(GError) error = NULL;
      gboolean with_body = !g_str_equal (methods[i], "GET");
      Response r = { 0 };
      gint64 id;

      post_async (f, methods[i], "/any/where", "application/octet-stream",
                  with_body ? body : NULL, &r);
      wait_for (&r);
      g_assert_cmpuint (r.status, ==, 200);
      id = json_object_get_int_member (parse_reply (&r, parser), "id");

      stored = hs_store_get_delivery (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (hs_delivery_get_method (stored), ==, methods[i]);
      g_assert_cmpstr (hs_delivery_get_path (stored), ==, "/any/where");
      if (with_body)
        g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), body));
      else
        g_assert_cmpuint (hs_delivery_get_body_size (stored), ==, 0);
      response_clear (&r);
    }
}

static void
test_api_key (Fixture       *f,
              gconstpointer  data)
{
  static const struct {
    const char    *key;
    guint          status;
    HsAuthVerdict  verdict;
  } cases[] = {
    { NULL, 401, HS_AUTH_MISSING },
    { "wrong", 401, HS_AUTH_WRONG },
    { "s3cret-longer", 401, HS_AUTH_WRONG },
    { "s3cret", 200, HS_AUTH_OK },
  };
  g_autoptr(GBytes) body = read_sample ();

  hs_listener_set_api_key (f->listener, "s3cret");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(HsDelivery) stored = NULL;
      g_autoptr(GError) error = NULL;
      Response r = { 0 };
      JsonObject *reply;
      gint64 id;

      r.msg = soup_message_new ("POST", f->url);
      if (cases[i].key != NULL)
        soup_message_headers_append (soup_message_get_request_headers (r.msg), "x-api-key",
                                     cases[i].key);
      soup_message_set_request_body_from_bytes (r.msg, "application/json", body);
      soup_session_send_and_read_async (f->session, r.msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &r);
      wait_for (&r);

      g_assert_cmpuint (r.status, ==, cases[i].status);
      reply = parse_reply (&r, parser);
      g_assert_cmpint (json_object_get_boolean_member (reply, "ok"), ==, cases[i].status == 200);
      /* Refused deliveries are still stored, and the error names their id. */
      id = json_object_get_int_member (reply, "id");
      g_assert_cmpint (id, >, 0);
      if (cases[i].status == 401)
        g_assert_true (json_object_has_member (reply, "error"));

      stored = hs_store_get_delivery (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (hs_delivery_get_auth_verdict (stored), ==, cases[i].verdict);
      response_clear (&r);
    }
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  gsize size = 300 * 1024;
  g_autofree char *big = g_malloc (size);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) under = NULL;
  g_autoptr(GBytes) prefix = NULL;

  for (gsize i = 0; i < size; i++)
    big[i] = 'a' + i % 26;
  body = g_bytes_new (big, size);
  prefix = g_bytes_new (big, 64 * 1024);
  under = g_bytes_new (big, 100 * 1024);
  hs_listener_set_max_body_size (f->listener, 100 * 1024);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(HsDelivery) stored = NULL;
    g_autoptr(GError) error = NULL;
    Response r = { 0 };
    JsonObject *reply;
    gint64 id;

    post_async (f, "POST", "/big", "application/json", body, &r);
    wait_for (&r);
    g_assert_cmpuint (r.status, ==, 413);
    reply = parse_reply (&r, parser);
    g_assert_false (json_object_get_boolean_member (reply, "ok"));
    id = json_object_get_int_member (reply, "id");

    stored = hs_store_get_delivery (f->store, id, &error);
    g_assert_no_error (error);
    g_assert_true (hs_delivery_get_flags (stored) & HS_DELIVERY_FLAG_TRUNCATED);
    g_assert_cmpuint (hs_delivery_get_body_size (stored), ==, size);
    g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), prefix));
    g_assert_cmpuint (hs_delivery_get_n_headers (stored), >, 0);
    response_clear (&r);
  }

  {
    /* Exactly at the limit: accepted whole (it is text, so not JSON: stored as text). */
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(HsDelivery) stored = NULL;
    g_autoptr(GError) error = NULL;
    Response r = { 0 };
    gint64 id;

    post_async (f, "POST", "/limit", "text/plain", under, &r);
    wait_for (&r);
    g_assert_cmpuint (r.status, ==, 200);
    id = json_object_get_int_member (parse_reply (&r, parser), "id");
    stored = hs_store_get_delivery (f->store, id, &error);
    g_assert_false (hs_delivery_get_flags (stored) & HS_DELIVERY_FLAG_TRUNCATED);
    g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), under));
    response_clear (&r);
  }
}

/* A body without Content-Length (chunked) goes through the collector. */
static void
post_chunked (Fixture  *f,
              GBytes   *body,
              Response *r)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

  r->msg = soup_message_new ("POST", f->url);
  soup_message_set_request_body (r->msg, "application/octet-stream", stream, -1);
  soup_session_send_and_read_async (f->session, r->msg, G_PRIORITY_DEFAULT, NULL, sent_cb, r);
}

static void
test_chunked (Fixture       *f,
              gconstpointer  data)
{
  gsize size = 200 * 1024;
  g_autofree guint8 *bytes = g_malloc (size);
  g_autoptr(GBytes) small = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) prefix = NULL;

  for (gsize i = 0; i < size; i++)
    bytes[i] = (i * 13) & 0xff;
  small = g_bytes_new (bytes, 50 * 1024);
  big = g_bytes_new (bytes, size);
  prefix = g_bytes_new (bytes, 64 * 1024);
  hs_listener_set_max_body_size (f->listener, 100 * 1024);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(HsDelivery) stored = NULL;
      g_autoptr(GError) error = NULL;
      Response r = { 0 };
      gint64 id;

      post_chunked (f, i == 0 ? small : big, &r);
      wait_for (&r);
      g_assert_cmpuint (r.status, ==, i == 0 ? 200 : 413);
      id = json_object_get_int_member (parse_reply (&r, parser), "id");
      stored = hs_store_get_delivery (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), i == 0 ? small : prefix));
      g_assert_cmpuint (hs_delivery_get_body_size (stored), ==, i == 0 ? 50 * 1024 : size);
      g_assert_cmpint (!!(hs_delivery_get_flags (stored) & HS_DELIVERY_FLAG_TRUNCATED), ==, i == 1);
      g_assert_cmpstr (hs_delivery_lookup_header (stored, "Transfer-Encoding"), ==, "chunked");
      response_clear (&r);
    }
}

static void
test_not_json (Fixture       *f,
               gconstpointer  data)
{
  static const char text[] = "{\"event_name\": \"x\",\n \"data\": [1, 2,]}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HsDelivery) stored = NULL;
  g_autoptr(GError) error = NULL;
  Response r = { 0 };
  JsonObject *reply;
  const char *message;
  gint64 id;

  post_async (f, "POST", "/", "application/json", body, &r);
  wait_for (&r);
  g_assert_cmpuint (r.status, ==, 400);
  reply = parse_reply (&r, parser);
  g_assert_false (json_object_get_boolean_member (reply, "ok"));
  id = json_object_get_int_member (reply, "id");
  message = json_object_get_string_member (reply, "error");
  /* The 16th character of line 2 is the "]" after the trailing comma. */
  g_assert_nonnull (strstr (message, "line 2, column 16"));

  stored = hs_store_get_delivery (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_delivery_get_parse_verdict (stored), ==, HS_PARSE_NOT_JSON);
  g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), body));
  response_clear (&r);
}

/* Posts @text with @content_type; returns the stored delivery once the domain projection has
 * applied it, and the status in @status. */
static HsDelivery *
post_and_read_back (Fixture    *f,
                    const char *content_type,
                    const char *text,
                    guint      *status)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  HsDelivery *stored;
  Response r = { 0 };
  gint64 id;

  post_async (f, "POST", "/", content_type, body, &r);
  wait_for (&r);
  *status = r.status;
  id = json_object_get_int_member (parse_reply (&r, parser), "id");
  g_assert_cmpint (id, >, 0);
  g_assert_true (hs_store_wait_projected (f->store, id, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  stored = hs_store_get_delivery (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (hs_delivery_get_projected (stored));
  response_clear (&r);

  return stored;
}

/* The content type decides whether a body that does not parse is refused: any JSON type,
 * parameters and case aside; a JSON body that parses is accepted whatever it means. */
static void
test_not_json_content_types (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(HsDelivery) bad = NULL;
  g_autoptr(HsDelivery) good = NULL;
  g_autoptr(HsDelivery) text = NULL;
  guint status = 0;

  bad = post_and_read_back (f, "Application/JSON; charset=utf-8", "{\"a\": 1,\n  \"b\": }",
                            &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpint (hs_delivery_get_parse_verdict (bad), ==, HS_PARSE_NOT_JSON);
  g_assert_true (g_str_has_prefix (hs_delivery_get_parse_message (bad), "line 2, column 8: "));
  g_assert_cmpuint (hs_delivery_get_response_status (bad), ==, 400);

  good = post_and_read_back (f, "application/json",
                             "{\"event_name\": \"participant_\\u0072emoved\", \"data\": {}}",
                             &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (hs_delivery_get_parse_verdict (good), !=, HS_PARSE_NOT_JSON);
  g_assert_cmpstr (hs_delivery_get_event_name (good), ==, "participant_removed");
  g_assert_cmpuint (hs_delivery_get_response_status (good), ==, 200);

  /* Not a JSON type: accepted; the projection still says what it is. */
  text = post_and_read_back (f, "text/plain", "{not json", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (hs_delivery_get_parse_verdict (text), ==, HS_PARSE_NOT_JSON);
}

/* The event name is the JSON check's (the last top-level "event_name" string), also when a
 * repeated member ends with another type, and a body only json-glib reads is still checked. */
static void
test_event_name_once (Fixture       *f,
                      gconstpointer  data)
{
  static const struct {
    const char *body;
    const char *event_name;
    HsParseVerdict verdict;
  } cases[] = {
    { "{\"event_name\": \"a\", \"event_name\": 5}", "a", HS_PARSE_INVALID_SHAPE },
    { "{\"event_name\": \"a\", \"event_name\": null}", "a", HS_PARSE_UNKNOWN_EVENT },
    { "{\"event_name\": \"a\", \"event_name\": \"b\"}", "b", HS_PARSE_UNKNOWN_EVENT },
    { "{\"data\": {\"event_name\": \"nested\"}}", NULL, HS_PARSE_UNKNOWN_EVENT },
    { "[{\"event_name\": \"in-array\"}]", NULL, HS_PARSE_INVALID_SHAPE },
    /* Beyond the fast reader (an integer over 64 bits): the check and json-glib decide. */
    { "{\"event_name\": \"big\", \"n\": 123456789012345678901234567890}", "big",
      HS_PARSE_UNKNOWN_EVENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = 0;
      g_autoptr(HsDelivery) back = post_and_read_back (f, "application/json", cases[i].body,
                                                       &status);

      g_assert_cmpstr (hs_delivery_get_event_name (back), ==, cases[i].event_name);
      g_assert_cmpint (hs_delivery_get_parse_verdict (back), ==, cases[i].verdict);
      g_assert_cmpuint (hs_delivery_get_response_status (back), ==, 200);
      g_assert_cmpuint (status, ==, 200);
    }
}

static void
test_custom_response (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("plain words", 11);
  Response r = { 0 };
  gint64 start;

  g_object_set (f->listener,
                "custom-response", TRUE,
                "response-status", 202,
                "response-body", "<accepted/>",
                "response-content-type", "application/xml",
                "response-delay", 300,
                NULL);

  start = g_get_monotonic_time ();
  post_async (f, "POST", "/custom", "text/plain", body, &r);
  wait_for (&r);
  g_assert_cmpuint (r.status, ==, 202);
  g_assert_cmpmem (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body), "<accepted/>", 11);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (r.msg),
                                                          NULL),
                   ==, "application/xml");
  /* Only a lower bound: a loaded machine may be slower, never faster. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (f->stored->len, ==, 1);
  g_assert_cmpuint (hs_delivery_get_response_status (f->stored->pdata[0]), ==, 202);
  response_clear (&r);
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  enum { N = 200 };
  Response *r = g_new0 (Response, N);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) markers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"event_name\": \"load\", \"n\": %u}", i);
      g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

      post_async (f, "POST", "/load", "application/json", body, &r[i]);
    }

  for (guint i = 0; i < N; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gint64 *id = g_new (gint64, 1);

      wait_for (&r[i]);
      g_assert_cmpuint (r[i].status, ==, 200);
      *id = json_object_get_int_member (parse_reply (&r[i], parser), "id");
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, id);
      response_clear (&r[i]);
    }
  g_free (r);

  /* Each request stored exactly once. */
  g_assert_cmpint (hs_store_count_deliveries (f->store, NULL, &error), ==, N);
  all = hs_store_list_deliveries (f->store, 0, N + 10, NULL, &error);
  g_assert_cmpuint (all->len, ==, N);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(HsDelivery) full = hs_store_get_delivery (f->store,
                                                          hs_delivery_get_id (all->pdata[i]),
                                                          &error);
      g_autofree char *text = g_strndup (g_bytes_get_data (hs_delivery_get_body (full), NULL),
                                         g_bytes_get_size (hs_delivery_get_body (full)));

      g_assert_false (g_hash_table_contains (markers, text));
      g_hash_table_add (markers, g_steal_pointer (&text));
    }
  g_assert_cmpuint (g_hash_table_size (markers), ==, N);
}

static void
on_store_error (HsListener *listener,
                const char *message,
                gpointer    user_data)
{
  (*(guint *)user_data)++;
}

static void
test_store_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) body = read_sample ();
  sqlite3 *other = NULL;
  guint errors = 0;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_signal_connect (f->listener, "store-error", G_CALLBACK (on_store_error), &errors);
  hs_store_set_busy_timeout (f->store, 50);

  /* Another process holds the write lock: the write cannot happen, no 2xx may be sent. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  /* The store's own threads (projector, checkpointer) may hold a lock for a moment: wait for
   * it rather than fail (seen once under load: SQLITE_BUSY here). */
  sqlite3_busy_timeout (other, 10000);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    Response r = { 0 };

    post_async (f, "POST", "/", "application/json", body, &r);
    wait_for (&r);
    g_assert_cmpuint (r.status, ==, 503);
    g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (r.msg),
                                                    "Retry-After"));
    g_assert_false (json_object_get_boolean_member (parse_reply (&r, parser), "ok"));
    g_assert_cmpuint (errors, ==, 1);
    g_assert_cmpuint (f->stored->len, ==, 0);
    response_clear (&r);
  }
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  {
    Response r = { 0 };

    post_async (f, "POST", "/", "application/json", body, &r);
    wait_for (&r);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpuint (f->stored->len, ==, 1);
    response_clear (&r);
  }

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
}

/* Makes the database file read-only for everyone: an immutable file when we are root (file
 * modes do not stop root), its mode otherwise. Returns FALSE when that is not possible here. */
static gboolean
make_read_only (const char *path,
                gboolean    read_only)
{
  if (geteuid () == 0)
    {
      int fd = open (path, O_RDONLY);
      long flags = 0;
      gboolean ok;

      if (fd < 0)
        return FALSE;
      ok = ioctl (fd, FS_IOC_GETFLAGS, &flags) == 0;
      if (ok)
        {
          flags = read_only ? (flags | FS_IMMUTABLE_FL) : (flags & ~(long)FS_IMMUTABLE_FL);
          ok = ioctl (fd, FS_IOC_SETFLAGS, &flags) == 0;
        }
      close (fd);
      return ok;
    }

  return g_chmod (path, read_only ? 0444 : 0600) == 0;
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) body = read_sample ();
  g_autoptr(GError) error = NULL;
  Response r = { 0 };
  guint errors = 0;

  /* Reopen the database from a read-only file: the schema is there, writes are not possible. */
  g_clear_object (&f->listener);
  g_clear_object (&f->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (!make_read_only (f->path, TRUE))
    {
      g_test_skip ("cannot make a file read-only here");
      return;
    }

  f->store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  f->listener = hs_listener_new (f->store);
  hs_listener_set_port (f->listener, 0);
  g_signal_connect (f->listener, "store-error", G_CALLBACK (on_store_error), &errors);
  g_assert_true (hs_listener_start (f->listener, &error));
  g_free (f->url);
  f->url = hs_listener_dup_url (f->listener);

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  post_async (f, "POST", "/", "application/json", body, &r);
  wait_for (&r);
  g_assert_cmpuint (r.status, ==, 503);
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (r.msg),
                                                  "Retry-After"));
  g_assert_cmpuint (errors, ==, 1);
  g_assert_cmpint (hs_store_count_deliveries (f->store, NULL, NULL), ==, 0);
  response_clear (&r);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  g_clear_object (&f->listener);
  g_clear_object (&f->store);
  g_assert_true (make_read_only (f->path, FALSE));
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HsListener) second = hs_listener_new (f->store);
  g_autoptr(GError) error = NULL;

  hs_listener_set_port (second, hs_listener_get_port (f->listener));
  g_assert_false (hs_listener_start (second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_false (hs_listener_get_running (second));
}

static void
test_stop_finishes_in_flight (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("x", 1);
  Response r = { 0 };
  Response late = { 0 };

  g_object_set (f->listener, "custom-response", TRUE, "response-delay", 400, NULL);
  post_async (f, "POST", "/slow", "text/plain", body, &r);
  /* Stored, but its answer is still waiting for the delay. */
  while (f->stored->len == 0)
    g_main_context_iteration (NULL, TRUE);

  hs_listener_stop (f->listener);
  g_assert_true (hs_listener_get_running (f->listener));

  wait_for (&r);
  g_assert_cmpuint (r.status, ==, 200);
  while (hs_listener_get_running (f->listener))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hs_listener_get_n_in_flight (f->listener), ==, 0);

  /* Nothing is accepted any more. */
  post_async (f, "POST", "/late", "text/plain", body, &late);
  while (!late.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (late.error != NULL || late.status == 503);
  g_assert_cmpuint (f->stored->len, ==, 1);
  response_clear (&r);
  response_clear (&late);

  /* It starts again, on the same port. */
  {
    g_autoptr(GError) error = NULL;
    guint port = hs_listener_get_port (f->listener);

    g_object_set (f->listener, "custom-response", FALSE, NULL);
    g_assert_true (hs_listener_start (f->listener, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hs_listener_get_port (f->listener), ==, port);
    post_async (f, "POST", "/again", "text/plain", body, &r);
    wait_for (&r);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpuint (f->stored->len, ==, 2);
    response_clear (&r);
  }
}

/* What the window does when the port setting changes: stop and start again at once. */
static void
test_restart_while_in_flight (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  guint port = hs_listener_get_port (f->listener);
  Response slow = { 0 };
  Response fresh = { 0 };

  g_object_set (f->listener, "custom-response", TRUE, "response-delay", 300, NULL);
  post_async (f, "POST", "/slow", "text/plain", body, &slow);
  while (f->stored->len == 0)
    g_main_context_iteration (NULL, TRUE);

  hs_listener_stop (f->listener);
  g_assert_true (hs_listener_start (f->listener, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hs_listener_get_port (f->listener), ==, port);
  g_object_set (f->listener, "custom-response", FALSE, NULL);

  /* The first server still answers what it had; the new one takes new deliveries. */
  wait_for (&slow);
  g_assert_cmpuint (slow.status, ==, 200);
  post_async (f, "POST", "/fresh", "text/plain", body, &fresh);
  wait_for (&fresh);
  g_assert_cmpuint (fresh.status, ==, 200);
  g_assert_cmpuint (f->stored->len, ==, 2);
  g_assert_true (hs_listener_get_running (f->listener));
  while (hs_listener_get_n_in_flight (f->listener) > 0)
    g_main_context_iteration (NULL, TRUE);

  response_clear (&slow);
  response_clear (&fresh);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/listener/well-formed", test_well_formed);
  ADD ("/listener/any-method-and-binary", test_any_method_and_binary);
  ADD ("/listener/api-key", test_api_key);
  ADD ("/listener/too-large", test_too_large);
  ADD ("/listener/chunked", test_chunked);
  ADD ("/listener/not-json", test_not_json);
  ADD ("/listener/not-json-content-types", test_not_json_content_types);
  ADD ("/listener/event-name-once", test_event_name_once);
  ADD ("/listener/custom-response", test_custom_response);
  ADD ("/listener/concurrent", test_concurrent);
  ADD ("/listener/store-failure", test_store_failure);
  ADD ("/listener/read-only", test_read_only);
  ADD ("/listener/port-in-use", test_port_in_use);
  ADD ("/listener/stop-finishes-in-flight", test_stop_finishes_in_flight);
  ADD ("/listener/restart-while-in-flight", test_restart_while_in_flight);
#undef ADD

  return g_test_run ();
}
