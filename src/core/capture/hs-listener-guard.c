/* hs-listener-guard.c: the listener's defence against slow, crowded and oversized clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2's SoupServer waits for a request's headers and body as long as the client
 * likes, accepts every connection it is offered, and takes any number of headers. A sender
 * that trickles, or a thousand that connect and say nothing, would hold file descriptors
 * forever. The guard keeps one small record per connection (made when the listener accepts
 * it, hs-listener-accept.c; kept on its remote address, the object libsoup gives each of its
 * messages, so it goes when libsoup drops the connection) with the phase of its current
 * request and since when, and one timer for the whole listener looks at them twice a second
 * while any exist:
 *
 * - headers not complete within request-timeout seconds: the socket is shut down, and libsoup
 *   sees the end of the stream and closes the connection (nothing was read, nothing stored);
 * - a body that arrives slower than min-body-rate (after request-timeout seconds of grace,
 *   one more second per min-body-rate bytes received): 408 is written on the socket and its
 *   sending side shut, and a little later its receiving side too; the delivery is never
 *   handed to the store;
 * - a connection beyond max-connections is answered 503 with Retry-After and closed;
 * - more than HS_LISTENER_MAX_HEADERS headers: 431, and closed;
 * - more than HS_LISTENER_MAX_HEADER_BYTES of request line and headers: the connection's
 *   HsGuardStream answers 431 itself, and the guard closes it after the same linger as a 408.
 *
 * Per request this costs a qdata lookup and a clock read; nothing per chunk.
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "hs-guard-stream.h"
#include "hs-listener-guard.h"
#include "hs-listener-private.h"

#define SWEEP_INTERVAL_MS   500
/* After a 408, how long the client has to read it before the connection is closed. */
#define LINGER_USEC         (2 * G_USEC_PER_SEC)
/* At most this often, a connection beyond the cap looks for connections whose peer left. */
#define PEER_CHECK_USEC     (100 * 1000)
/* File descriptors kept for the database, the log and everything else. */
#define RESERVED_FDS        64

typedef enum
{
  PHASE_IDLE,
  PHASE_HEADERS,
  PHASE_BODY,
  PHASE_HANDLING,
  PHASE_CLOSING,
  PHASE_DEAD,
} Phase;

typedef struct
{
  HsListenerGuard   *guard;
  HsGuardStream     *stream;
  GSocket           *socket;  /* the stream's */
  GSocketAddress    *address; /* not owned: this record is its qdata */
  GList              link;
  SoupServerMessage *msg;     /* not owned: the request being read, cleared when it ends */
  Phase              phase;
  gint64             since;
  gboolean           refused;
} Conn;

struct _HsListenerGuard
{
  gint                     ref_count;
  HsListenerGuardBodySize  body_size;
  GMainContext            *context;
  GSource                 *sweep;
  GQueue                   conns;
  gint64                   peers_checked;
  gboolean                 peers_found;  /* the last look found some: look again at once */

  guint                    request_timeout;
  guint                    min_body_rate;
  guint                    max_connections;
};

static GQuark conn_quark;

static HsListenerGuard *
guard_ref (HsListenerGuard *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

static void
guard_unref (HsListenerGuard *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  if (self->sweep != NULL)
    {
      g_source_destroy (self->sweep);
      g_source_unref (self->sweep);
    }
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static void
conn_free (gpointer data)
{
  Conn *conn = data;

  /* In the queue from its creation on; the guard lives as long as any record. */
  g_queue_unlink (&conn->guard->conns, &conn->link);
  hs_guard_stream_set_refused_func (conn->stream, NULL, NULL);
  g_object_unref (conn->stream);
  guard_unref (conn->guard);
  g_free (conn);
}

/* libsoup 3.2 does not always let go of a closed connection at once (this record would then
 * stay, and count against the cap): a closed socket's record goes here. */
static void
forget (Conn *conn)
{
  g_object_steal_qdata (G_OBJECT (conn->address), conn_quark);
  conn_free (conn);
}

/* The peer closed its side (or the connection broke), with nothing left to read. */
static gboolean
peer_gone (GSocket *socket)
{
  GIOCondition condition = g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
  char byte;

  if (condition & (G_IO_HUP | G_IO_ERR))
    return TRUE;
  return (condition & G_IO_IN) &&
         recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Closed connections, and (with @peers) idle ones whose peer left, which are closed here:
 * libsoup 3.2 does not read again from a kept-alive connection whose peer went away between
 * requests, so it would keep its descriptor until the request timeout, and a sender that
 * connects anew for every request would meet the cap with connections that are over. */
static guint
forget_closed (HsListenerGuard *self,
               gboolean         peers)
{
  GList *next;
  guint n = 0;

  for (GList *l = self->conns.head; l != NULL; l = next)
    {
      Conn *conn = l->data;

      next = l->next;
      if (g_socket_is_closed (conn->socket) ||
          (peers && (conn->phase == PHASE_IDLE || conn->phase == PHASE_HEADERS ||
                     conn->phase == PHASE_DEAD) && peer_gone (conn->socket)))
        {
          if (!g_socket_is_closed (conn->socket))
            g_socket_close (conn->socket, NULL);
          forget (conn);
          n++;
        }
    }
  return n;
}

static void
answer (SoupServerMessage *msg,
        guint              status,
        const char        *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char *text = hs_listener_error_json (0, message);

  soup_server_message_set_status (msg, status,
                                  status == 431 ? "Request Header Fields Too Large" : NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text,
                                    strlen (text));
  soup_message_headers_replace (headers, "Connection", "close");
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    soup_message_headers_replace (headers, "Retry-After", "5");
}

/* Written straight on the socket: libsoup is still reading the body and would answer only
 * after it. */
static void
send_timeout (Conn *conn)
{
  g_autofree char *text = hs_listener_raw_error ("408 Request Timeout",
                                                 _("The body arrived too slowly"));

  /* Non-blocking; a client whose window is full does not get it, and is closed anyway. */
  g_socket_send (conn->socket, text, strlen (text), NULL, NULL);
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
}

static gboolean
sweep_cb (gpointer user_data)
{
  HsListenerGuard *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 timeout = (gint64)self->request_timeout * G_USEC_PER_SEC;

  forget_closed (self, TRUE);
  for (GList *l = self->conns.head; l != NULL; l = l->next)
    {
      Conn *conn = l->data;

      switch (conn->phase)
        {
        case PHASE_HEADERS:
        case PHASE_IDLE:
          if (now - conn->since > timeout)
            {
              g_debug ("closing a connection: no complete headers in %u s",
                       self->request_timeout);
              g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
              conn->phase = PHASE_DEAD;
              conn->since = now;
            }
          break;

        case PHASE_BODY:
          if (self->min_body_rate > 0 && conn->msg != NULL)
            {
              guint64 received = self->body_size (conn->msg);
              gint64 deadline = conn->since + timeout +
                                (gint64)(received * G_USEC_PER_SEC / self->min_body_rate);

              if (now > deadline)
                {
                  g_debug ("answering 408: %" G_GUINT64_FORMAT " bytes of body in %"
                           G_GINT64_FORMAT " ms", received, (now - conn->since) / 1000);
                  send_timeout (conn);
                  conn->phase = PHASE_CLOSING;
                  conn->since = now;
                }
            }
          break;

        case PHASE_CLOSING:
          if (now - conn->since > LINGER_USEC)
            {
              g_socket_shutdown (conn->socket, TRUE, FALSE, NULL);
              conn->phase = PHASE_DEAD;
              conn->since = now;
            }
          break;

        case PHASE_HANDLING:
        case PHASE_DEAD:
        default:
          break;
        }
    }

  if (self->conns.length > 0)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->sweep, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
ensure_sweep (HsListenerGuard *self)
{
  if (self->sweep != NULL)
    return;

  self->sweep = g_timeout_source_new (SWEEP_INTERVAL_MS);
  g_source_set_static_name (self->sweep, "[hookscope] listener guard");
  g_source_set_callback (self->sweep, sweep_cb, self, NULL);
  g_source_attach (self->sweep, self->context);
}

/* The connection's record: the qdata of the remote address libsoup gives each of its
 * messages (the very object the accept loop passed it). */
static Conn *
lookup (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  return address != NULL ? g_object_get_qdata (G_OBJECT (address), conn_quark) : NULL;
}

/* The connection's stream answered itself (431, or 400 for a broken chunked body): shut after
 * the linger, as after a 408. */
static void
stream_refused (gpointer data)
{
  Conn *conn = data;

  conn->msg = NULL;
  conn->phase = PHASE_CLOSING;
  conn->since = g_get_monotonic_time ();
  ensure_sweep (conn->guard);
}

/* From the accept loop, before libsoup reads anything of the connection. */
void
hs_listener_guard_accepted (HsListenerGuard *self,
                            HsGuardStream   *stream,
                            GSocketAddress  *remote)
{
  gint64 now = g_get_monotonic_time ();
  Conn *conn;

  g_return_if_fail (self != NULL);
  g_return_if_fail (HS_IS_GUARD_STREAM (stream));
  g_return_if_fail (G_IS_SOCKET_ADDRESS (remote));

  /* Beyond the cap, a look for connections that are over: at once while looks find some (a
   * sender reconnecting for each request), else at most every 100 ms (a flood of idle
   * connections would make each new one walk them all). Before this one's record exists: the
   * look may close and forget records. */
  if (self->conns.length + 1 > self->max_connections &&
      (self->peers_found || now - self->peers_checked > PEER_CHECK_USEC))
    {
      self->peers_checked = now;
      self->peers_found = forget_closed (self, TRUE) > 0;
    }

  conn = g_new0 (Conn, 1);
  conn->guard = guard_ref (self);
  conn->stream = g_object_ref (stream);
  conn->socket = hs_guard_stream_get_socket (stream);
  conn->address = remote;
  conn->link.data = conn;
  conn->phase = PHASE_HEADERS;
  conn->since = now;
  g_queue_push_tail_link (&self->conns, &conn->link);
  g_object_set_qdata_full (G_OBJECT (remote), conn_quark, conn, conn_free);
  hs_guard_stream_set_refused_func (stream, stream_refused, conn);
  conn->refused = self->conns.length > self->max_connections;
  ensure_sweep (self);
}

/* SoupServer::request-started: a new connection, or the next request on a kept-alive one. */
static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    HsListenerGuard   *self)
{
  Conn *conn = lookup (msg);

  if (conn == NULL)
    return;

  conn->msg = msg;
  conn->phase = PHASE_HEADERS;
  conn->since = g_get_monotonic_time ();
  ensure_sweep (self);

  /* Read, then answered 503 and closed: no handler runs once a status is set. */
  if (conn->refused)
    answer (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
            _("Too many connections; try again later"));
}

HsListenerGuard *
hs_listener_guard_new (HsListenerGuardBodySize body_size)
{
  HsListenerGuard *self = g_new0 (HsListenerGuard, 1);

  if (conn_quark == 0)
    conn_quark = g_quark_from_static_string ("hs-listener-guard-conn");

  self->ref_count = 1;
  self->body_size = body_size;
  self->context = g_main_context_ref_thread_default ();
  self->request_timeout = HS_LISTENER_DEFAULT_REQUEST_TIMEOUT;
  self->min_body_rate = HS_LISTENER_DEFAULT_MIN_BODY_RATE;
  self->max_connections = HS_LISTENER_DEFAULT_MAX_CONNECTIONS;
  g_queue_init (&self->conns);

  return self;
}

/* Connections still open keep what they need of the guard until libsoup drops them. */
void
hs_listener_guard_free (HsListenerGuard *self)
{
  if (self == NULL)
    return;

  if (self->sweep != NULL)
    {
      g_source_destroy (self->sweep);
      g_clear_pointer (&self->sweep, g_source_unref);
    }
  guard_unref (self);
}

void
hs_listener_guard_watch (HsListenerGuard *self,
                         SoupServer      *server)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (SOUP_IS_SERVER (server));

  /* The server's context: the listener's thread in the window. */
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), self);
}

void
hs_listener_guard_set_limits (HsListenerGuard *self,
                              guint            request_timeout,
                              guint            min_body_rate,
                              guint            max_connections)
{
  struct rlimit limit;

  g_return_if_fail (self != NULL);

  self->request_timeout = MAX (request_timeout, 1);
  self->min_body_rate = min_body_rate;
  self->max_connections = MAX (max_connections, 1);

  /* Answering 503 beats failing to accept: stay below the descriptors this process has. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      limit.rlim_cur > 2 * RESERVED_FDS && self->max_connections > limit.rlim_cur - RESERVED_FDS)
    self->max_connections = limit.rlim_cur - RESERVED_FDS;
}

/* From the early handler. FALSE when the request was answered here (too many headers). */
gboolean
hs_listener_guard_headers_read (HsListenerGuard   *self,
                                SoupServerMessage *msg)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;
  Conn *conn = lookup (msg);
  guint n = 0;

  if (conn != NULL && conn->msg == msg)
    hs_guard_stream_headers_read (conn->stream,
                                  soup_message_headers_get_encoding (
                                    soup_server_message_get_request_headers (msg)) ==
                                  SOUP_ENCODING_CHUNKED);
  if (conn != NULL && conn->msg == msg && conn->phase == PHASE_HEADERS)
    {
      conn->phase = PHASE_BODY;
      conn->since = g_get_monotonic_time ();
    }

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (++n > HS_LISTENER_MAX_HEADERS)
      {
        g_autofree char *text = g_strdup_printf (_("More than %u headers"),
                                                 HS_LISTENER_MAX_HEADERS);

        answer (msg, 431 /* Request Header Fields Too Large */, text);
        return FALSE;
      }

  return TRUE;
}

/* From the handler. FALSE when the request was already answered 408: do not store it. */
gboolean
hs_listener_guard_body_read (HsListenerGuard   *self,
                             SoupServerMessage *msg)
{
  Conn *conn = lookup (msg);

  if (conn == NULL)
    return TRUE;

  /* Answered already by the stream, on the socket: a chunked body whose framing broke, which
   * libsoup (reading leniently) may still take whole: not stored. */
  if (hs_guard_stream_get_refused (conn->stream))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      return FALSE;
    }

  /* The body is read: what the connection brings next is the next request. (Not at
   * request-started: on a kept-alive connection libsoup 3.2 reads the next request's headers
   * before it says so.) */
  hs_guard_stream_expect_headers (conn->stream);
  if (conn->msg != msg)
    return TRUE;

  /* Answered already, on the socket: 408. */
  if (conn->phase == PHASE_CLOSING || conn->phase == PHASE_DEAD)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_TIMEOUT, NULL);
      return FALSE;
    }

  conn->phase = PHASE_HANDLING;
  return TRUE;
}

/* SoupServer::request-finished or ::request-aborted. */
void
hs_listener_guard_done (HsListenerGuard   *self,
                        SoupServerMessage *msg)
{
  Conn *conn = lookup (msg);

  if (conn == NULL || conn->msg != msg)
    return;

  conn->msg = NULL;
  if (conn->phase != PHASE_CLOSING && conn->phase != PHASE_DEAD)
    {
      conn->phase = PHASE_IDLE;
      conn->since = g_get_monotonic_time ();
    }
}

guint
hs_listener_guard_get_n_connections (HsListenerGuard *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->conns.length;
}

/* Once per process: the soft limit on open files up to the hard one (at most 65 536), so that
 * a flood of idle connections meets the connection cap, not EMFILE. */
void
hs_listener_guard_raise_fd_limit (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      struct rlimit limit;

      if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
        {
          rlim_t want = limit.rlim_max == RLIM_INFINITY ? 65536 : MIN (limit.rlim_max, 65536);

          if (want > limit.rlim_cur)
            {
              limit.rlim_cur = want;
              if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
                g_debug ("could not raise the open files limit: %s", g_strerror (errno));
            }
        }
      g_once_init_leave (&once, 1);
    }
}
