/* hs-listener.c: the embedded HTTP listener (capture → store → respond)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request, whatever its method and path, becomes an HsDelivery that goes to the store's
 * writer thread. Everything the answer depends on (size, API key, JSON syntax, so the status)
 * is decided before the hand-off (hs-listener-capture.c); the writer only stores it and gives
 * back an id. The message is paused meanwhile and answered only once the write committed, so
 * a 2xx always means "on disk" (hs-listener-answer.c). This file: the object, its settings,
 * starting, stopping and restarting; the connections are accepted by hs-listener-accept.c and
 * guarded by hs-listener-guard.c.
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hs-listener-private.h"
#include "hs-paths.h"

#define LISTEN_BACKLOG      1024

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

/* Here, on the listener's thread: the writer never changes the delivery it is given. */
void
hs_listener_emit_delivery_stored (HsListener *self,
                                  HsDelivery *delivery)
{
  g_signal_emit (self, signals[DELIVERY_STORED], 0, delivery);
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
  hs_listener_guard_done (self->guard, msg);
  if (!hs_listener_request_done (msg))
    return;

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

  if (self->stopping)
    {
      hs_listener_set_json_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, 0,
                                  _("The listener is stopping"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", RETRY_AFTER_SECONDS);
      return;
    }
  if (!hs_listener_guard_body_read (self->guard, msg))
    return;

  hs_listener_request_start (self, msg);
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
  self->guard = hs_listener_guard_new (hs_listener_message_body_size);
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
  soup_server_add_early_handler (server, NULL, hs_listener_early_handler, self, NULL);
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
