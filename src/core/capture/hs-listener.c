/* hs-listener.c: the embedded HTTP listener (capture → store → respond)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request, whatever its method and path, becomes an HsDelivery that goes to the store's
 * writer thread. Everything the answer depends on (size, API key, JSON syntax, so the status)
 * is decided here, before the hand-off; the writer only stores it and gives back an id. The
 * message is paused meanwhile and answered only once the write committed, so a 2xx always
 * means "on disk". Bodies over the limit are not buffered whole: an early
 * handler switches the message to a collector that keeps the first 64 KiB and counts the rest.
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <nettle/sha2.h>
#include <string.h>

#include "hs-body-check.h"
#include "hs-delivery-json.h"
#include "hs-listener.h"
#include "hs-listener-accept.h"
#include "hs-listener-guard.h"
#include "hs-paths.h"

#define RETRY_AFTER_SECONDS "5"
#define LISTEN_BACKLOG      1024

struct _HsListener
{
  GObject     parent_instance;

  HsStore    *store;
  SoupServer *server;
  GSocket    *socket;    /* the server's listening socket */
  HsListenerAccept *accept;  /* its accept loop (hs-listener-accept.c) */
  GPtrArray  *draining;  /* servers stopped by a restart, finishing their requests */

  char       *address;
  guint       port;
  char       *api_key;
  guint64     max_body_size;
  gboolean    custom_response;
  guint       response_status;
  char       *response_body;
  char       *response_content_type;
  guint       response_delay;

  HsListenerHooks hooks;
  gpointer        hooks_data;

  guint       n_in_flight;
  gboolean    stopping;

  /* Slow, crowded and oversized clients (hs-listener-guard.c). */
  HsListenerGuard *guard;
  guint       request_timeout;
  guint       min_body_rate;
  guint       max_connections;
  guint       disconnect_source;
};

G_DEFINE_FINAL_TYPE (HsListener, hs_listener, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_API_KEY,
  PROP_MAX_BODY_SIZE,
  PROP_CUSTOM_RESPONSE,
  PROP_RESPONSE_STATUS,
  PROP_RESPONSE_BODY,
  PROP_RESPONSE_CONTENT_TYPE,
  PROP_RESPONSE_DELAY,
  PROP_RUNNING,
  PROP_REQUEST_TIMEOUT,
  PROP_MIN_BODY_RATE,
  PROP_MAX_CONNECTIONS,
  N_PROPS
};

enum {
  DELIVERY_STORED,
  STORE_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Bodies that are over the limit, or whose length is not announced, are read through this. */
typedef struct
{
  GByteArray *data;
  guint64     size;
  guint64     max;
  gboolean    over;
} BodyCollector;

typedef struct
{
  HsListener        *listener;
  SoupServerMessage *msg;
  HsDelivery        *delivery;
  gboolean           finished;
} Request;

/* A message's qdata: its Request while one is alive, then this marker until it finishes, so
 * the in-flight count is kept without connecting signals to every message. */
static int counted_marker;
static GQuark request_quark;

static void
body_collector_free (gpointer data)
{
  BodyCollector *collector = data;

  g_byte_array_unref (collector->data);
  g_free (collector);
}

static void
body_collector_got_chunk (SoupServerMessage *msg,
                          GBytes            *chunk,
                          BodyCollector     *collector)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  guint64 keep;

  collector->size += size;
  if (!collector->over && collector->size > collector->max)
    {
      collector->over = TRUE;
      if (collector->data->len > HS_STORE_TRUNCATED_BODY_SIZE)
        g_byte_array_set_size (collector->data, HS_STORE_TRUNCATED_BODY_SIZE);
    }

  keep = collector->over ? HS_STORE_TRUNCATED_BODY_SIZE : collector->max;
  if (collector->data->len < keep)
    g_byte_array_append (collector->data, data, MIN (size, keep - collector->data->len));
}

/* For the guard: how much of the body has arrived. */
static guint64
message_body_size (SoupServerMessage *msg)
{
  BodyCollector *collector = g_object_get_data (G_OBJECT (msg), "hs-body-collector");

  return collector ? collector->size : (guint64)soup_server_message_get_request_body (msg)->length;
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HsListener *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  BodyCollector *collector;

  if (!hs_listener_guard_headers_read (self->guard, msg))
    return;
  if (encoding == SOUP_ENCODING_NONE ||
      (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
       (guint64)soup_message_headers_get_content_length (headers) <= self->max_body_size))
    return;

  collector = g_new0 (BodyCollector, 1);
  collector->data = g_byte_array_new ();
  collector->max = self->max_body_size;
  g_object_set_data_full (G_OBJECT (msg), "hs-body-collector", collector, body_collector_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (body_collector_got_chunk), collector);
}

static void
sha256_digest_of (const char *text,
                  guint8      digest[SHA256_DIGEST_SIZE])
{
  struct sha256_ctx ctx;

  sha256_init (&ctx);
  sha256_update (&ctx, strlen (text), (const guint8 *)text);
  sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
}

/* Compares digests so the time taken says nothing about the key. Nettle, on the stack: this
 * runs for every request, and GChecksum allocates. */
static gboolean
api_key_matches (const char *expected,
                 const char *given)
{
  guint8 a[SHA256_DIGEST_SIZE], b[SHA256_DIGEST_SIZE];
  guint8 diff = 0;

  sha256_digest_of (expected, a);
  sha256_digest_of (given, b);

  for (gsize i = 0; i < sizeof a; i++)
    diff |= a[i] ^ b[i];

  return diff == 0;
}

static char *
format_peer (GSocketAddress *address)
{
  g_autofree char *ip = NULL;
  GInetAddress *inet;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  ip = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", ip,
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  return g_strdup_printf ("%s:%u", ip,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

/* The status the sender gets once the delivery is stored (503 if it cannot be). */
static guint
decide_status (HsListener *self,
               HsDelivery *delivery,
               guint       body_status)
{
  HsAuthVerdict auth = hs_delivery_get_auth_verdict (delivery);

  if (hs_delivery_get_body_size (delivery) > self->max_body_size ||
      body_status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
  if (auth == HS_AUTH_MISSING || auth == HS_AUTH_WRONG)
    return SOUP_STATUS_UNAUTHORIZED;
  if (body_status != 0)
    return body_status;
  if (hs_delivery_get_parse_verdict (delivery) == HS_PARSE_NOT_JSON &&
      !(hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED))
    return SOUP_STATUS_BAD_REQUEST;
  if (self->custom_response)
    return self->response_status;
  return SOUP_STATUS_OK;
}

static HsDelivery *
capture (HsListener        *self,
         SoupServerMessage *msg)
{
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *peer = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  BodyCollector *collector;
  const char *name, *value;
  GUri *uri = soup_server_message_get_uri (msg);
  char *body_answer = NULL;
  guint body_status;
  guint64 size;

  hs_delivery_set_received_at (delivery, g_get_real_time ());
  hs_delivery_set_method (delivery, soup_server_message_get_method (msg));
  hs_delivery_set_path (delivery, g_uri_get_path (uri));
  hs_delivery_set_query (delivery, g_uri_get_query (uri));

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    hs_delivery_add_header (delivery, name, value);
  hs_delivery_set_content_type (delivery, soup_message_headers_get_one (headers, "Content-Type"));

  peer = format_peer (soup_server_message_get_remote_address (msg));
  hs_delivery_set_peer (delivery, peer);

  collector = g_object_get_data (G_OBJECT (msg), "hs-body-collector");
  if (collector != NULL)
    {
      body = g_bytes_new (collector->data->data, collector->data->len);
      size = collector->size;
    }
  else
    {
      body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      size = g_bytes_get_size (body);
    }

  if (size > self->max_body_size)
    {
      if (g_bytes_get_size (body) > HS_STORE_TRUNCATED_BODY_SIZE)
        {
          GBytes *prefix = g_bytes_new_from_bytes (body, 0, HS_STORE_TRUNCATED_BODY_SIZE);

          g_bytes_unref (body);
          body = prefix;
        }
      hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_TRUNCATED);
    }
  hs_delivery_set_body (delivery, body);
  hs_delivery_set_body_size (delivery, size);

  if (self->api_key == NULL || self->api_key[0] == '\0')
    hs_delivery_set_auth_verdict (delivery, HS_AUTH_NOT_REQUIRED);
  else if ((value = soup_message_headers_get_one (headers, "x-api-key")) == NULL)
    hs_delivery_set_auth_verdict (delivery, HS_AUTH_MISSING);
  else
    hs_delivery_set_auth_verdict (delivery, api_key_matches (self->api_key, value) ? HS_AUTH_OK
                                                                                   : HS_AUTH_WRONG);

  /* Decoded (gzip, deflate, br) and JSON-checked in hs-body-check.c; the answer's text for a
   * body refused there rides on the message until the answer. */
  body_status = hs_body_check (delivery, self->max_body_size, &body_answer);
  if (body_answer != NULL)
    g_object_set_data_full (G_OBJECT (msg), "hs-body-answer", body_answer, g_free);
  hs_delivery_set_response_status (delivery, decide_status (self, delivery, body_status));
  if (self->hooks.decide != NULL && hs_delivery_get_response_status (delivery) ==
      (self->custom_response ? self->response_status : SOUP_STATUS_OK))
    self->hooks.decide (self->hooks_data, delivery);

  return g_steal_pointer (&delivery);
}

static void
set_json_error (SoupServerMessage *msg,
                guint              status,
                gint64             id,
                const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  if (id > 0)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
    }
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
request_free (Request *request)
{
  if (g_object_get_qdata (G_OBJECT (request->msg), request_quark) == request)
    g_object_set_qdata (G_OBJECT (request->msg), request_quark, &counted_marker);
  g_clear_object (&request->msg);
  g_clear_object (&request->delivery);
  g_clear_object (&request->listener);
  g_free (request);
}

/* Sends whatever is set on the message, unless the sender went away meanwhile. */
static void
request_respond (Request *request)
{
  if (!request->finished)
    soup_server_message_unpause (request->msg);
  request_free (request);
}

static gboolean
respond_after_delay (gpointer data)
{
  request_respond (data);
  return G_SOURCE_REMOVE;
}

static void
insert_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Request *request = user_data;
  HsListener *self = request->listener;
  HsDelivery *delivery = request->delivery;
  SoupServerMessage *msg = request->msg;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *body_answer;
  gint64 id;
  guint status;

  id = hs_store_insert_finish (HS_STORE (object), result, &error);
  if (id <= 0)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      set_json_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, 0, error->message);
      soup_message_headers_replace (headers, "Retry-After", RETRY_AFTER_SECONDS);
      request_respond (request);
      return;
    }

  /* Here, on the listener's thread: the writer never changes the delivery it is given. */
  hs_delivery_set_id (delivery, id);
  g_signal_emit (self, signals[DELIVERY_STORED], 0, delivery);

  if (self->hooks.respond != NULL &&
      self->hooks.respond (self->hooks_data, delivery, (HsListenerReply *)request))
    return;

  status = hs_delivery_get_response_status (delivery);
  body_answer = g_object_get_data (G_OBJECT (msg), "hs-body-answer");
  if (body_answer != NULL && status != SOUP_STATUS_UNAUTHORIZED)
    {
      set_json_error (msg, status, id, body_answer);
      request_respond (request);
      return;
    }

  switch (status)
    {
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      text = g_strdup_printf (_("The body is over the limit of %" PRIu64 " bytes; "
                                "it was stored truncated"), self->max_body_size);
      set_json_error (msg, status, id, text);
      break;

    case SOUP_STATUS_UNAUTHORIZED:
      set_json_error (msg, status, id,
                      hs_delivery_get_auth_verdict (delivery) == HS_AUTH_MISSING
                        ? _("Missing API key (x-api-key header)")
                        : _("Wrong API key (x-api-key header)"));
      break;

    case SOUP_STATUS_BAD_REQUEST:
      text = g_strdup_printf (_("The body is not valid JSON: %s"),
                              hs_delivery_get_parse_message (delivery));
      set_json_error (msg, status, id, text);
      break;

    default:
      if (self->custom_response)
        {
          const char *body = self->response_body ? self->response_body : "";

          soup_server_message_set_status (msg, status, NULL);
          soup_server_message_set_response (msg,
                                            self->response_content_type
                                              && self->response_content_type[0]
                                              ? self->response_content_type : "text/plain",
                                            SOUP_MEMORY_COPY, body, strlen (body));
          if (self->response_delay > 0)
            {
              g_timeout_add (self->response_delay, respond_after_delay, request);
              return;
            }
        }
      else
        {
          gsize length;

          text = g_strdup_printf ("{\"ok\":true,\"id\":%" G_GINT64_FORMAT "}", id);
          /* Measured first: argument order is unspecified, and clang steals before strlen()
           * (found by fuzz/fuzz-http.c). */
          length = strlen (text);
          soup_server_message_set_status (msg, status, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                            g_steal_pointer (&text), length);
        }
      break;
    }

  request_respond (request);
}

static void
server_close (HsListener *self,
              SoupServer *server)
{
  /* Closes idle kept-alive connections too; nothing is in flight any more. */
  g_signal_handlers_disconnect_by_data (server, self);
  soup_server_disconnect (server);
  g_object_unref (server);
}

static gboolean
disconnect_now (gpointer data)
{
  HsListener *self = data;

  self->disconnect_source = 0;
  if (self->n_in_flight > 0)
    return G_SOURCE_REMOVE;

  while (self->draining->len > 0)
    server_close (self, g_ptr_array_steal_index_fast (self->draining, 0));

  if (self->stopping)
    {
      server_close (self, g_steal_pointer (&self->server));
      self->stopping = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }

  return G_SOURCE_REMOVE;
}

static void
maybe_disconnect (HsListener *self)
{
  /* Not from inside libsoup's own signal emission: it is still using the connection. */
  if ((self->stopping || self->draining->len > 0) && self->n_in_flight == 0 &&
      self->disconnect_source == 0)
    self->disconnect_source = g_idle_add (disconnect_now, self);
}

/* SoupServer::request-finished and ::request-aborted: the answer is out, or never will be. */
static void
request_done (SoupServer        *server,
              SoupServerMessage *msg,
              HsListener        *self)
{
  gpointer data = g_object_get_qdata (G_OBJECT (msg), request_quark);

  hs_listener_guard_done (self->guard, msg);
  if (data == NULL)
    return;
  if (data != &counted_marker)
    ((Request *)data)->finished = TRUE;
  g_object_set_qdata (G_OBJECT (msg), request_quark, NULL);

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  maybe_disconnect (self);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  HsListener *self = user_data;
  Request *request;

  if (self->stopping)
    {
      set_json_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, 0, _("The listener is stopping"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", RETRY_AFTER_SECONDS);
      return;
    }
  if (!hs_listener_guard_body_read (self->guard, msg))
    return;

  request = g_new0 (Request, 1);
  request->listener = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->delivery = capture (self, msg);
  g_object_set_qdata (G_OBJECT (msg), request_quark, request);
  self->n_in_flight++;

  soup_server_message_pause (msg);
  hs_store_insert_async (self->store, request->delivery, NULL, insert_done, request);
}

static void
store_write_error (HsListener *self,
                   const char *message)
{
  g_signal_emit (self, signals[STORE_ERROR], 0, message);
}

static void
hs_listener_dispose (GObject *object)
{
  HsListener *self = (HsListener *)object;

  g_clear_handle_id (&self->disconnect_source, g_source_remove);
  g_clear_pointer (&self->accept, hs_listener_accept_free);
  while (self->draining != NULL && self->draining->len > 0)
    server_close (self, g_ptr_array_steal_index_fast (self->draining, 0));
  if (self->server != NULL)
    server_close (self, g_steal_pointer (&self->server));
  g_clear_object (&self->socket);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hs_listener_parent_class)->dispose (object);
}

static void
hs_listener_finalize (GObject *object)
{
  HsListener *self = (HsListener *)object;

  g_clear_pointer (&self->draining, g_ptr_array_unref);
  g_clear_pointer (&self->guard, hs_listener_guard_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->response_body, g_free);
  g_clear_pointer (&self->response_content_type, g_free);

  G_OBJECT_CLASS (hs_listener_parent_class)->finalize (object);
}

static void
hs_listener_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HsListener *self = HS_LISTENER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_API_KEY:
      g_value_set_string (value, self->api_key);
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;
    case PROP_CUSTOM_RESPONSE:
      g_value_set_boolean (value, self->custom_response);
      break;
    case PROP_RESPONSE_STATUS:
      g_value_set_uint (value, self->response_status);
      break;
    case PROP_RESPONSE_BODY:
      g_value_set_string (value, self->response_body);
      break;
    case PROP_RESPONSE_CONTENT_TYPE:
      g_value_set_string (value, self->response_content_type);
      break;
    case PROP_RESPONSE_DELAY:
      g_value_set_uint (value, self->response_delay);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, hs_listener_get_running (self));
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_MIN_BODY_RATE:
      g_value_set_uint (value, self->min_body_rate);
      break;
    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_guard_property (HsListener *self,
                    guint       prop_id,
                    guint       value)
{
  guint *field = prop_id == PROP_REQUEST_TIMEOUT ? &self->request_timeout
               : prop_id == PROP_MIN_BODY_RATE ? &self->min_body_rate : &self->max_connections;

  if (*field == value)
    return;
  *field = value;
  hs_listener_guard_set_limits (self->guard, self->request_timeout, self->min_body_rate,
                                self->max_connections);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
hs_listener_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HsListener *self = HS_LISTENER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      if (self->store != NULL)
        g_signal_connect_object (self->store, "write-error", G_CALLBACK (store_write_error),
                                 self, G_CONNECT_SWAPPED);
      break;
    case PROP_ADDRESS:
      hs_listener_set_address (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      hs_listener_set_port (self, g_value_get_uint (value));
      break;
    case PROP_API_KEY:
      hs_listener_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_MAX_BODY_SIZE:
      hs_listener_set_max_body_size (self, g_value_get_uint64 (value));
      break;
    case PROP_CUSTOM_RESPONSE:
      hs_listener_set_custom_response (self, g_value_get_boolean (value));
      break;
    case PROP_RESPONSE_STATUS:
      hs_listener_set_response_status (self, g_value_get_uint (value));
      break;
    case PROP_RESPONSE_BODY:
      hs_listener_set_response_body (self, g_value_get_string (value));
      break;
    case PROP_RESPONSE_CONTENT_TYPE:
      hs_listener_set_response_content_type (self, g_value_get_string (value));
      break;
    case PROP_RESPONSE_DELAY:
      hs_listener_set_response_delay (self, g_value_get_uint (value));
      break;
    case PROP_REQUEST_TIMEOUT:
    case PROP_MIN_BODY_RATE:
    case PROP_MAX_CONNECTIONS:
      set_guard_property (self, prop_id, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_listener_class_init (HsListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = hs_listener_dispose;
  object_class->finalize = hs_listener_finalize;
  request_quark = g_quark_from_static_string ("hs-listener-request");
  object_class->get_property = hs_listener_get_property;
  object_class->set_property = hs_listener_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, HS_DEFAULT_LISTEN_ADDRESS, rw);
  /* Read after hs_listener_start(): the real port, also when 0 asked for any free one. */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, HS_DEFAULT_LISTEN_PORT, rw);
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL, rw);
  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL, 0, G_MAXUINT64,
                         HS_LISTENER_DEFAULT_MAX_BODY_SIZE, rw);
  properties[PROP_CUSTOM_RESPONSE] =
    g_param_spec_boolean ("custom-response", NULL, NULL, FALSE, rw);
  properties[PROP_RESPONSE_STATUS] =
    g_param_spec_uint ("response-status", NULL, NULL, 100, 599, SOUP_STATUS_OK, rw);
  properties[PROP_RESPONSE_BODY] =
    g_param_spec_string ("response-body", NULL, NULL, NULL, rw);
  properties[PROP_RESPONSE_CONTENT_TYPE] =
    g_param_spec_string ("response-content-type", NULL, NULL, NULL, rw);
  properties[PROP_RESPONSE_DELAY] =
    g_param_spec_uint ("response-delay", NULL, NULL, 0, HS_LISTENER_MAX_RESPONSE_DELAY, 0, rw);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* hs-listener-guard.c: seconds for the headers (and the grace before the body's floor),
   * the body's floor in bytes a second (0: none), connections at once. */
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 1, 3600,
                       HS_LISTENER_DEFAULT_REQUEST_TIMEOUT, rw);
  properties[PROP_MIN_BODY_RATE] =
    g_param_spec_uint ("min-body-rate", NULL, NULL, 0, G_MAXUINT,
                       HS_LISTENER_DEFAULT_MIN_BODY_RATE, rw);
  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL, 1, 1000000,
                       HS_LISTENER_DEFAULT_MAX_CONNECTIONS, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsListener::delivery-stored:
   * @delivery: the committed delivery, with its id and the status its sender gets
   *
   * Emitted on the main context after the delivery's transaction committed.
   */
  signals[DELIVERY_STORED] =
    g_signal_new ("delivery-stored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, HS_TYPE_DELIVERY);

  /**
   * HsListener::store-error:
   * @message: why the database did not take the write
   *
   * Some deliveries could not be stored; their senders got 503 with Retry-After.
   */
  signals[STORE_ERROR] =
    g_signal_new ("store-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hs_listener_init (HsListener *self)
{

  self->draining = g_ptr_array_new ();
  self->address = g_strdup (HS_DEFAULT_LISTEN_ADDRESS);
  self->port = HS_DEFAULT_LISTEN_PORT;
  self->max_body_size = HS_LISTENER_DEFAULT_MAX_BODY_SIZE;
  self->response_status = SOUP_STATUS_OK;
  self->guard = hs_listener_guard_new (message_body_size);
  self->request_timeout = HS_LISTENER_DEFAULT_REQUEST_TIMEOUT;
  self->min_body_rate = HS_LISTENER_DEFAULT_MIN_BODY_RATE;
  self->max_connections = HS_LISTENER_DEFAULT_MAX_CONNECTIONS;
  hs_listener_guard_set_limits (self->guard, self->request_timeout, self->min_body_rate,
                                self->max_connections);
}

HsListener *
hs_listener_new (HsStore *store)
{
  g_return_val_if_fail (HS_IS_STORE (store), NULL);

  return g_object_new (HS_TYPE_LISTENER, "store", store, NULL);
}

HsStore *
hs_listener_get_store (HsListener *self)
{
  g_return_val_if_fail (HS_IS_LISTENER (self), NULL);
  return self->store;
}

#define STRING_PROPERTY(field, prop)                                            \
  const char *                                                                  \
  hs_listener_get_##field (HsListener *self)                                    \
  {                                                                             \
    g_return_val_if_fail (HS_IS_LISTENER (self), NULL);                         \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  hs_listener_set_##field (HsListener *self,                                    \
                           const char *value)                                   \
  {                                                                             \
    g_return_if_fail (HS_IS_LISTENER (self));                                   \
    if (g_strcmp0 (self->field, value) == 0)                                    \
      return;                                                                   \
    g_free (self->field);                                                       \
    self->field = g_strdup (value);                                             \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);               \
  }

#define SCALAR_PROPERTY(type, field, prop)                                      \
  type                                                                          \
  hs_listener_get_##field (HsListener *self)                                    \
  {                                                                             \
    g_return_val_if_fail (HS_IS_LISTENER (self), 0);                            \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  hs_listener_set_##field (HsListener *self,                                    \
                           type        value)                                   \
  {                                                                             \
    g_return_if_fail (HS_IS_LISTENER (self));                                   \
    if (self->field == value)                                                   \
      return;                                                                   \
    self->field = value;                                                        \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);               \
  }

/* The address and port take effect at the next hs_listener_start(); the rest at once. */
STRING_PROPERTY (address, PROP_ADDRESS)
STRING_PROPERTY (api_key, PROP_API_KEY)
STRING_PROPERTY (response_body, PROP_RESPONSE_BODY)
STRING_PROPERTY (response_content_type, PROP_RESPONSE_CONTENT_TYPE)
SCALAR_PROPERTY (guint, port, PROP_PORT)
SCALAR_PROPERTY (guint64, max_body_size, PROP_MAX_BODY_SIZE)
SCALAR_PROPERTY (gboolean, custom_response, PROP_CUSTOM_RESPONSE)

guint
hs_listener_get_response_status (HsListener *self)
{
  g_return_val_if_fail (HS_IS_LISTENER (self), 0);
  return self->response_status;
}

void
hs_listener_set_response_status (HsListener *self,
                                 guint       status)
{
  g_return_if_fail (HS_IS_LISTENER (self));
  g_return_if_fail (status >= 100 && status <= 599);

  if (self->response_status == status)
    return;
  self->response_status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONSE_STATUS]);
}

guint
hs_listener_get_response_delay (HsListener *self)
{
  g_return_val_if_fail (HS_IS_LISTENER (self), 0);
  return self->response_delay;
}

void
hs_listener_set_response_delay (HsListener *self,
                                guint       delay_ms)
{
  g_return_if_fail (HS_IS_LISTENER (self));

  delay_ms = MIN (delay_ms, HS_LISTENER_MAX_RESPONSE_DELAY);
  if (self->response_delay == delay_ms)
    return;
  self->response_delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONSE_DELAY]);
}

/**
 * hs_listener_start:
 *
 * Listens on #HsListener:address and #HsListener:port (0: any free port; the property then
 * holds the real one). A busy port fails with %G_IO_ERROR_ADDRESS_IN_USE. May follow
 * hs_listener_stop() at once (a restart): the stopped server keeps answering what it had.
 */
gboolean
hs_listener_start (HsListener  *self,
                   GError     **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(HsListenerAccept) accept = NULL;

  g_return_val_if_fail (HS_IS_LISTENER (self), FALSE);
  g_return_val_if_fail (self->server == NULL || self->stopping, FALSE);

  if (!hs_check_ip_address (self->address, error))
    return FALSE;
  inet = g_inet_address_new_from_string (self->address);
  address = g_inet_socket_address_new (inet, self->port);

  server = soup_server_new ("server-header", "Hookscope ", NULL);
  hs_listener_guard_raise_fd_limit ();
  hs_listener_guard_watch (self->guard, server);
  soup_server_add_early_handler (server, NULL, early_handler, self, NULL);
  soup_server_add_handler (server, NULL, handler, self, NULL);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_done), self);
  g_signal_connect (server, "request-aborted", G_CALLBACK (request_done), self);

  /* Our own socket for a deep accept backlog: GSocket's default of 10 resets connections
   * when a few hundred senders arrive at once. We accept on it ourselves, so that a request
   * whose headers pass libsoup's limit is answered 431 (hs-listener-accept.c). */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket != NULL)
    g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (socket == NULL ||
      !g_socket_bind (socket, address, TRUE, &local_error) ||
      !g_socket_listen (socket, &local_error) ||
      (accept = hs_listener_accept_new (server, socket, self->guard, &local_error)) == NULL)
    {
      g_autofree char *where = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
        ? g_strdup_printf ("[%s]:%u", self->address, self->port)
        : g_strdup_printf ("%s:%u", self->address, self->port);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     _("Could not listen on %s: the port is already in use (is another "
                       "Hookscope running?)"), where);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("Could not listen on %s: %s"), where, local_error->message);
      return FALSE;
    }

  /* From our socket, not soup_server_get_uris(): libsoup 3.2 leaks an address there. */
  local = g_socket_get_local_address (socket, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (local))
    hs_listener_set_port (self, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  /* A restart: the stopped server finishes its requests alongside the new one. */
  if (self->server != NULL)
    g_ptr_array_add (self->draining, g_steal_pointer (&self->server));
  self->stopping = FALSE;
  self->server = g_steal_pointer (&server);
  g_set_object (&self->socket, socket);
  g_clear_pointer (&self->accept, hs_listener_accept_free);
  self->accept = g_steal_pointer (&accept);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/**
 * hs_listener_stop:
 *
 * Stops taking deliveries: new connections are refused at once (requests on connections
 * already open get 503 with Retry-After), the deliveries in flight are committed and
 * answered, then the remaining connections close and #HsListener:running turns %FALSE.
 */
void
hs_listener_stop (HsListener *self)
{
  g_return_if_fail (HS_IS_LISTENER (self));

  if (self->server == NULL || self->stopping)
    return;

  /* No new connections from now on (and the port is free for a restart); the requests in
   * flight, on connections already open, are still answered. */
  g_clear_pointer (&self->accept, hs_listener_accept_free);
  if (self->socket != NULL)
    g_socket_shutdown (self->socket, TRUE, TRUE, NULL);
  g_clear_object (&self->socket);

  self->stopping = TRUE;
  maybe_disconnect (self);
}

gboolean
hs_listener_get_running (HsListener *self)
{
  g_return_val_if_fail (HS_IS_LISTENER (self), FALSE);
  return self->server != NULL;
}

/* Requests received and not yet fully answered. */
guint
hs_listener_get_n_in_flight (HsListener *self)
{
  g_return_val_if_fail (HS_IS_LISTENER (self), 0);
  return self->n_in_flight;
}

/* Returns: (transfer full): "http://ADDR:PORT/", with the real port once started */
char *
hs_listener_dup_url (HsListener *self)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (HS_IS_LISTENER (self), NULL);

  inet = g_inet_address_new_from_string (self->address);
  if (inet != NULL && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/", self->address, self->port);
  return g_strdup_printf ("http://%s:%u/", self->address, self->port);
}

/**
 * hs_listener_set_hooks:
 * @hooks: (nullable): copied; called on the listener's thread
 *
 * Before hs_listener_start(): lets relay and failure rules answer accepted deliveries.
 */
void
hs_listener_set_hooks (HsListener            *self,
                       const HsListenerHooks *hooks,
                       gpointer               user_data)
{
  g_return_if_fail (HS_IS_LISTENER (self));

  if (hooks != NULL)
    self->hooks = *hooks;
  else
    memset (&self->hooks, 0, sizeof self->hooks);
  self->hooks_data = user_data;
}

/* (type SoupServerMessage): the paused message a hook answers. */
gpointer
hs_listener_reply_get_message (HsListenerReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return ((Request *)reply)->msg;
}

/* Sends what the hook set on the message (unless its sender went away); frees @reply. */
void
hs_listener_reply_send (HsListenerReply *reply)
{
  g_return_if_fail (reply != NULL);

  request_respond ((Request *)reply);
}
