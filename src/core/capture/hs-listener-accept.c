/* hs-listener-accept.c: the listener's own accept loop, each connection handed to libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2 reads a request's headers from the socket itself and drops the connection,
 * without an answer, once they pass 64 KiB. To answer 431 instead, the listener accepts the
 * connections on its listening socket here and gives each to the SoupServer with
 * soup_server_accept_iostream() as an HsGuardStream, which watches the header sections
 * (hs-guard-stream.c). The guard's record of the connection is made here, before libsoup
 * starts reading it.
 *
 * libsoup keeps a connection alive between requests only while the server has a listener of
 * its own; it is given one that never accepts anything: a loopback socket, listening just
 * long enough to be taken, then shut.
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "hs-guard-stream.h"
#include "hs-listener-accept.h"

/* Connections taken at one wake-up, before others' events get their turn. */
#define ACCEPT_BATCH    64
/* After a failed accept (out of descriptors): when to try again, rather than spin. */
#define RETRY_MS        100

struct _HsListenerAccept
{
  SoupServer      *server;
  GSocket         *socket;
  GSocket         *decoy;
  HsListenerGuard *guard;
  GMainContext    *context;
  GSource         *source;
  GSource         *retry;
};

static void watch (HsListenerAccept *self);

static void
hand_over (HsListenerAccept *self,
           GSocket          *client)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(HsGuardStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  /* As libsoup does for the sockets it accepts: answers are small and must go at once. */
  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  remote = g_socket_get_remote_address (client, NULL);
  local = g_socket_get_local_address (client, NULL);
  if (remote == NULL || local == NULL)
    {
      /* Gone already. */
      g_socket_close (client, NULL);
      return;
    }

  connection = g_socket_connection_factory_create_connection (client);
  stream = hs_guard_stream_new (connection);
  hs_listener_guard_accepted (self->guard, stream, remote);
  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (stream), local, remote, &error))
    {
      g_debug ("could not take a connection: %s", error->message);
      g_io_stream_close (G_IO_STREAM (stream), NULL, NULL);
    }
}

static gboolean
retry_cb (gpointer data)
{
  HsListenerAccept *self = data;

  g_clear_pointer (&self->retry, g_source_unref);
  watch (self);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      data)
{
  HsListenerAccept *self = data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);

      if (client != NULL)
        {
          hand_over (self, client);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;

      /* Out of descriptors (the connection waits in the backlog), or the socket was shut. */
      g_debug ("could not accept a connection: %s", error->message);
      g_clear_pointer (&self->source, g_source_unref);
      self->retry = g_timeout_source_new (RETRY_MS);
      g_source_set_static_name (self->retry, "[hookscope] accept again");
      g_source_set_callback (self->retry, retry_cb, self, NULL);
      g_source_attach (self->retry, self->context);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
watch (HsListenerAccept *self)
{
  self->source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_static_name (self->source, "[hookscope] accept");
  g_source_set_callback (self->source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->source, self->context);
}

/* The listener libsoup needs to keep connections alive, which takes no connection: on the
 * loopback address of the listening socket's family (the one the machine surely has). */
static GSocket *
add_decoy (SoupServer    *server,
           GSocketFamily  family,
           GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocket) decoy = NULL;

  decoy = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (decoy == NULL)
    return NULL;
  g_socket_set_listen_backlog (decoy, 1);
  if (!g_socket_bind (decoy, address, FALSE, error) ||
      !g_socket_listen (decoy, error) ||
      !soup_server_listen_socket (server, decoy, 0, error))
    return NULL;
  /* Before the main loop runs again: nothing can have been accepted on it. */
  g_socket_shutdown (decoy, TRUE, TRUE, NULL);
  return g_steal_pointer (&decoy);
}

/**
 * hs_listener_accept_new:
 * @socket: bound and listening
 *
 * Accepts connections on @socket, on the thread-default main context, for @server, until
 * hs_listener_accept_free().
 */
HsListenerAccept *
hs_listener_accept_new (SoupServer       *server,
                        GSocket          *socket,
                        HsListenerGuard  *guard,
                        GError          **error)
{
  HsListenerAccept *self;
  g_autoptr(GSocket) decoy = NULL;

  g_return_val_if_fail (SOUP_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (guard != NULL, NULL);

  decoy = add_decoy (server, g_socket_get_family (socket), error);
  if (decoy == NULL)
    return NULL;

  self = g_new0 (HsListenerAccept, 1);
  self->server = g_object_ref (server);
  self->socket = g_object_ref (socket);
  self->decoy = g_steal_pointer (&decoy);
  self->guard = guard;
  self->context = g_main_context_ref_thread_default ();
  g_socket_set_blocking (socket, FALSE);
  watch (self);

  return self;
}

void
hs_listener_accept_free (HsListenerAccept *self)
{
  if (self == NULL)
    return;

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_source_unref (self->retry);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->decoy);
  g_clear_object (&self->socket);
  g_clear_object (&self->server);
  g_free (self);
}
