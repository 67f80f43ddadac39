/* hs-guard-stream.c: an accepted connection as libsoup reads it, its header sections watched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The listener accepts connections itself (hs-listener-accept.c) and hands each to libsoup as
 * this GIOStream. Writes go straight to the socket's own stream. Reads pass through
 * HsGuardInput, which counts the bytes of a request's line and headers while they are read:
 * from the connection's start, and again from each next request's start
 * (hs_guard_stream_expect_headers(), once libsoup has read the previous body: the handler)
 * until the empty line or until libsoup has the headers (hs_guard_stream_headers_read(), from
 * the early handler: a pipelined request's headers may already sit in libsoup's buffer, and
 * its body must not be counted). Bytes libsoup read ahead are not seen again, so the count can fall short by what
 * libsoup holds of a pipelined request (at most a block of 8 KiB): the limit leaves room for it
 * below libsoup's 64 KiB.
 *
 * Past HS_LISTENER_MAX_HEADER_BYTES it hands libsoup nothing more: it writes a 431 with
 * "Connection: close" on the socket, shuts the socket's sending side, tells the guard (which
 * shuts the receiving side after a linger), and from then on reads and drops whatever the
 * client still sends: closing a socket with unread bytes resets the connection, and the
 * client could lose the answer. Once the client is gone or the receiving side is shut, the
 * read fails, and libsoup closes the connection without writing anything (no handler, no
 * signal of ours runs: nothing is stored).
 *
 * Outside header sections a read costs one test; inside, a memchr per line.
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hs-guard-stream.h"
#include "hs-listener-private.h"

/* How much a refused connection's read drops at a time before it lets others run. */
#define DRAIN_CHUNK  4096
#define DRAIN_ROUNDS 16

typedef enum
{
  MID_LINE,
  LINE_START,
  LINE_START_CR,
} LineState;

/* Where a chunked body is (RFC 9112 §7.1): chunk-size [chunk-ext] CRLF data CRLF …,
 * last-chunk, trailer lines, CRLF. */
typedef enum
{
  CHUNK_OFF,
  CHUNK_SIZE_START,
  CHUNK_SIZE,
  CHUNK_EXT,
  CHUNK_SIZE_LF,
  CHUNK_DATA,
  CHUNK_DATA_END,
  CHUNK_DATA_LF,
  CHUNK_TRAILER_START,
  CHUNK_TRAILER_CR,
  CHUNK_TRAILER,
} ChunkState;

/* What the bytes after a header section are kept for, until libsoup says the body's framing:
 * a read usually brings the headers and the start of the body together. */
#define MAX_TAIL (64 * 1024)

#define HS_TYPE_GUARD_INPUT (hs_guard_input_get_type ())
G_DECLARE_FINAL_TYPE (HsGuardInput, hs_guard_input, HS, GUARD_INPUT, GInputStream)

struct _HsGuardInput
{
  GInputStream          parent_instance;

  GInputStream         *base;
  GSocket              *socket;
  gboolean              refused;

  /* A header section being read. */
  gboolean              scanning;
  LineState             line_state;
  gsize                 header_bytes;

  /* What came after it, until hs_guard_stream_headers_read(). */
  gboolean              collecting;
  gboolean              tail_whole;
  GByteArray           *tail;

  /* A chunked body being read. */
  ChunkState            chunk_state;
  guint64               chunk_left;

  HsGuardStreamRefused  refused_func;
  gpointer              refused_data;
};

struct _HsGuardStream
{
  GIOStream          parent_instance;

  GSocketConnection *connection;
  HsGuardInput      *input;
};

static void hs_guard_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsGuardInput, hs_guard_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      hs_guard_input_pollable_init))
G_DEFINE_FINAL_TYPE (HsGuardStream, hs_guard_stream, G_TYPE_IO_STREAM)

static void
collect (HsGuardInput *self,
         const guint8 *p,
         gsize         n)
{
  if (n == 0 || !self->tail_whole)
    return;
  if (self->tail->len + n > MAX_TAIL)
    self->tail_whole = FALSE;
  else
    g_byte_array_append (self->tail, p, n);
}

/* Counts a read's bytes of header section; FALSE once they pass the limit before its end. */
static gboolean
scan (HsGuardInput *self,
      const guint8 *p,
      gsize         n)
{
  const guint8 *end = p + n;

  while (p < end)
    {
      const guint8 *nl;

      /* As libsoup reads them: an empty line ("\n" or "\r\n") after the first ends them. */
      if (self->line_state == LINE_START && *p == '\r')
        {
          self->line_state = LINE_START_CR;
          self->header_bytes++;
          p++;
          continue;
        }
      if (self->line_state != MID_LINE && *p == '\n')
        {
          self->scanning = FALSE;
          self->collecting = TRUE;
          collect (self, p + 1, end - (p + 1));
          return TRUE;
        }
      self->line_state = MID_LINE;

      nl = memchr (p, '\n', end - p);
      if (nl == NULL)
        {
          self->header_bytes += end - p;
          p = end;
        }
      else
        {
          self->header_bytes += nl + 1 - p;
          p = nl + 1;
          self->line_state = LINE_START;
        }
      if (self->header_bytes > HS_LISTENER_MAX_HEADER_BYTES)
        return FALSE;
    }

  return TRUE;
}

/* Past a size line: its data, or the trailers after the last chunk (size 0). */
static ChunkState
after_size_line (HsGuardInput *self)
{
  return self->chunk_left > 0 ? CHUNK_DATA : CHUNK_TRAILER_START;
}

/* Moves @p past the next LF before @end; FALSE (and @p at @end) when there is none yet. */
static gboolean
skip_line (const guint8 **p,
           const guint8  *end)
{
  const guint8 *nl = memchr (*p, '\n', end - *p);

  *p = nl != NULL ? nl + 1 : end;
  return nl != NULL;
}

/* Follows a chunked body's framing; FALSE where it is not HTTP's. libsoup 3.2 reads a size
 * line without digits as 0 and whatever ends a chunk as its CRLF, and then waits for trailers
 * that never come, holding the answer (found by fuzz-http). */
static gboolean
follow_chunks (HsGuardInput *self,
               const guint8 *p,
               gsize         n)
{
  const guint8 *end;

  if (n == 0)
    return TRUE;  /* p may be NULL then (an empty GByteArray): no NULL + 0 (fuzz-http) */
  end = p + n;

  while (p < end && self->chunk_state != CHUNK_OFF)
    {
      guint8 c = *p;
      int digit;

      switch (self->chunk_state)
        {
        case CHUNK_SIZE_START:
        case CHUNK_SIZE:
          digit = g_ascii_xdigit_value (c);
          if (digit >= 0)
            {
              if (self->chunk_left > G_MAXUINT64 >> 4)
                return FALSE;
              self->chunk_left = self->chunk_left * 16 + digit;
              self->chunk_state = CHUNK_SIZE;
            }
          else if (self->chunk_state == CHUNK_SIZE_START)
            return FALSE;
          else if (c == ';' || c == ' ' || c == '\t')
            self->chunk_state = CHUNK_EXT;
          else if (c == '\r')
            self->chunk_state = CHUNK_SIZE_LF;
          else if (c == '\n')
            self->chunk_state = after_size_line (self);
          else
            return FALSE;
          p++;
          break;

        case CHUNK_EXT:
          if (skip_line (&p, end))
            self->chunk_state = after_size_line (self);
          break;

        case CHUNK_SIZE_LF:
          if (c != '\n')
            return FALSE;
          self->chunk_state = after_size_line (self);
          p++;
          break;

        case CHUNK_DATA:
          {
            guint64 take = MIN (self->chunk_left, (guint64)(end - p));

            p += take;
            self->chunk_left -= take;
            if (self->chunk_left == 0)
              self->chunk_state = CHUNK_DATA_END;
          }
          break;

        case CHUNK_DATA_END:
        case CHUNK_DATA_LF:
          if (c == '\r' && self->chunk_state == CHUNK_DATA_END)
            self->chunk_state = CHUNK_DATA_LF;
          else if (c == '\n')
            self->chunk_state = CHUNK_SIZE_START;
          else
            return FALSE;
          p++;
          break;

        case CHUNK_TRAILER_START:
        case CHUNK_TRAILER_CR:
          if (c == '\n')
            self->chunk_state = CHUNK_OFF;  /* the body's end: the next request follows */
          else if (c == '\r' && self->chunk_state == CHUNK_TRAILER_START)
            self->chunk_state = CHUNK_TRAILER_CR;
          else
            self->chunk_state = CHUNK_TRAILER;
          p++;
          break;

        case CHUNK_TRAILER:
          if (skip_line (&p, end))
            self->chunk_state = CHUNK_TRAILER_START;
          break;

        case CHUNK_OFF:
        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/* What a read brought, where a request is being watched: 0, or the status to refuse it. */
static guint
watch (HsGuardInput *self,
       const guint8 *p,
       gsize         n)
{
  if (self->scanning)
    return scan (self, p, n) ? 0 : 431;
  if (self->collecting)
    collect (self, p, n);
  else if (self->chunk_state != CHUNK_OFF && !follow_chunks (self, p, n))
    return 400;
  return 0;
}

#define WATCHING(self) ((self)->scanning || (self)->collecting || \
                        (self)->chunk_state != CHUNK_OFF)

/* The answers libsoup 3.2 cannot give, written straight on the socket: 431 (RFC 6585 §5)
 * for a header section past the limit, 400 for a chunked body whose framing is broken. */
static void
refuse (HsGuardInput *self,
        guint         status)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  if (status == 431)
    message = g_strdup_printf (_("The request line and headers are over %u bytes"),
                               (guint)HS_LISTENER_MAX_HEADER_BYTES);
  else
    message = g_strdup (_("The chunked body is malformed: a chunk size or a chunk’s end is not "
                          "as HTTP/1.1 frames them"));
  text = hs_listener_raw_error (status == 431 ? "431 Request Header Fields Too Large"
                                              : "400 Bad Request", message);

  g_debug ("answering %u: %s", status, message);
  /* Non-blocking: a client whose window is full does not get it, and is closed anyway. */
  g_socket_send_with_blocking (self->socket, text, strlen (text), FALSE, NULL, NULL);
  g_socket_shutdown (self->socket, FALSE, TRUE, NULL);

  self->refused = TRUE;
  self->scanning = FALSE;
  self->collecting = FALSE;
  self->chunk_state = CHUNK_OFF;
  if (self->refused_func != NULL)
    self->refused_func (self->refused_data);
}

/* After a refusal: what the client sends is dropped; the read fails once it is over. */
static gssize
drain (HsGuardInput  *self,
       GError       **error)
{
  char buffer[DRAIN_CHUNK];

  for (guint i = 0; i < DRAIN_ROUNDS; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base),
                                                           buffer, sizeof buffer, NULL,
                                                           &local_error);

      if (n > 0)
        continue;
      if (n < 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }

      /* The client is gone, or had its time (the guard shut the receiving side). Any error
       * but "would block" makes libsoup close the connection without writing. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           _("The request was refused"));
      return -1;
    }

  /* Still sending: others get their turn, and libsoup comes back as the socket is readable. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "Operation would block");
  return -1;
}

static gssize
hs_guard_input_read_nonblocking (GPollableInputStream  *pollable,
                                 void                  *buffer,
                                 gsize                  count,
                                 GError               **error)
{
  HsGuardInput *self = HS_GUARD_INPUT (pollable);
  guint status;
  gssize n;

  if (self->refused)
    return drain (self, error);

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base), buffer,
                                                count, NULL, error);
  if (n > 0 && WATCHING (self) && (status = watch (self, buffer, n)) != 0)
    {
      refuse (self, status);
      return drain (self, error);
    }
  return n;
}

static gssize
hs_guard_input_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  HsGuardInput *self = HS_GUARD_INPUT (stream);
  guint status = 0;
  gssize n;

  if (!self->refused)
    {
      n = g_input_stream_read (self->base, buffer, count, cancellable, error);
      if (n <= 0 || !WATCHING (self) || (status = watch (self, buffer, n)) == 0)
        return n;
      refuse (self, status);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       _("The request was refused"));
  return -1;
}

/* The connection closes the socket: nothing of its own to close. */
static gboolean
hs_guard_input_close (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return TRUE;
}

static gboolean
hs_guard_input_can_poll (GPollableInputStream *pollable)
{
  return TRUE;
}

static gboolean
hs_guard_input_is_readable (GPollableInputStream *pollable)
{
  HsGuardInput *self = HS_GUARD_INPUT (pollable);

  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
hs_guard_input_create_source (GPollableInputStream *pollable,
                              GCancellable         *cancellable)
{
  HsGuardInput *self = HS_GUARD_INPUT (pollable);
  g_autoptr(GSource) base_source = NULL;

  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base),
                                                       NULL);
  return g_pollable_source_new_full (pollable, base_source, cancellable);
}

static void
hs_guard_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = hs_guard_input_can_poll;
  iface->is_readable = hs_guard_input_is_readable;
  iface->create_source = hs_guard_input_create_source;
  iface->read_nonblocking = hs_guard_input_read_nonblocking;
}

static void
hs_guard_input_finalize (GObject *object)
{
  HsGuardInput *self = HS_GUARD_INPUT (object);

  g_clear_object (&self->base);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->tail, g_byte_array_unref);

  G_OBJECT_CLASS (hs_guard_input_parent_class)->finalize (object);
}

static void
hs_guard_input_class_init (HsGuardInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = hs_guard_input_finalize;
  input_class->read_fn = hs_guard_input_read;
  input_class->close_fn = hs_guard_input_close;
}

static void
hs_guard_input_init (HsGuardInput *self)
{
  self->scanning = TRUE;
  self->line_state = MID_LINE;
  self->tail = g_byte_array_new ();
  self->tail_whole = TRUE;
}

/* ---- the GIOStream ---- */

static GInputStream *
hs_guard_stream_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (HS_GUARD_STREAM (stream)->input);
}

static GOutputStream *
hs_guard_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (G_IO_STREAM (HS_GUARD_STREAM (stream)->connection));
}

static gboolean
hs_guard_stream_close (GIOStream     *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return g_io_stream_close (G_IO_STREAM (HS_GUARD_STREAM (stream)->connection), cancellable,
                            error);
}

/* Closing a socket does not block: no thread for it (GIOStream's default uses one). */
static void
hs_guard_stream_close_async (GIOStream           *stream,
                             int                  io_priority,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, hs_guard_stream_close_async);
  if (hs_guard_stream_close (stream, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
hs_guard_stream_close_finish (GIOStream     *stream,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hs_guard_stream_finalize (GObject *object)
{
  HsGuardStream *self = HS_GUARD_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (hs_guard_stream_parent_class)->finalize (object);
}

static void
hs_guard_stream_class_init (HsGuardStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = hs_guard_stream_finalize;
  stream_class->get_input_stream = hs_guard_stream_get_input_stream;
  stream_class->get_output_stream = hs_guard_stream_get_output_stream;
  stream_class->close_fn = hs_guard_stream_close;
  stream_class->close_async = hs_guard_stream_close_async;
  stream_class->close_finish = hs_guard_stream_close_finish;
}

static void
hs_guard_stream_init (HsGuardStream *self)
{
}

HsGuardStream *
hs_guard_stream_new (GSocketConnection *connection)
{
  HsGuardStream *self;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  self = g_object_new (HS_TYPE_GUARD_STREAM, NULL);
  self->connection = g_object_ref (connection);
  self->input = g_object_new (HS_TYPE_GUARD_INPUT, NULL);
  self->input->base = g_object_ref (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  self->input->socket = g_object_ref (g_socket_connection_get_socket (connection));

  return self;
}

GSocket *
hs_guard_stream_get_socket (HsGuardStream *self)
{
  g_return_val_if_fail (HS_IS_GUARD_STREAM (self), NULL);

  return self->input->socket;
}

void
hs_guard_stream_set_refused_func (HsGuardStream        *self,
                                  HsGuardStreamRefused  func,
                                  gpointer              user_data)
{
  g_return_if_fail (HS_IS_GUARD_STREAM (self));

  self->input->refused_func = func;
  self->input->refused_data = user_data;
}

/* The previous request's body is read: the next request's line and headers are counted from
 * here. */
void
hs_guard_stream_expect_headers (HsGuardStream *self)
{
  g_return_if_fail (HS_IS_GUARD_STREAM (self));

  if (self->input->refused)
    return;
  self->input->scanning = TRUE;
  self->input->line_state = MID_LINE;
  self->input->header_bytes = 0;
  self->input->collecting = FALSE;
  self->input->chunk_state = CHUNK_OFF;
}

/* libsoup has the request's headers: what follows is its body, whose framing is followed if
 * it is chunked and its start was seen here (not when libsoup had read the whole header
 * section ahead, with a previous request). */
void
hs_guard_stream_headers_read (HsGuardStream *self,
                              gboolean       chunked)
{
  HsGuardInput *input;

  g_return_if_fail (HS_IS_GUARD_STREAM (self));

  input = self->input;
  if (input->refused)
    return;
  if (chunked && input->collecting && input->tail_whole)
    {
      input->chunk_state = CHUNK_SIZE_START;
      input->chunk_left = 0;
    }
  input->scanning = FALSE;
  input->collecting = FALSE;
  if (input->chunk_state != CHUNK_OFF && !follow_chunks (input, input->tail->data,
                                                         input->tail->len))
    refuse (input, 400);
  /* A big first read is not kept for the connection's life (thousands may be open). */
  if (input->tail->len > 4096)
    {
      g_byte_array_unref (input->tail);
      input->tail = g_byte_array_new ();
    }
  g_byte_array_set_size (input->tail, 0);
  input->tail_whole = TRUE;
}

gboolean
hs_guard_stream_get_refused (HsGuardStream *self)
{
  g_return_val_if_fail (HS_IS_GUARD_STREAM (self), FALSE);

  return self->input->refused;
}
