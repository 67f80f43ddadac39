/* hs-replay-send.c: send one request on a blocking SoupSession (a worker thread's) and record it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session lives on the replay job's worker thread and is used with the blocking calls
 * there: the main loop never waits for a target.
 */

#define G_LOG_DOMAIN "hs-replay-send"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-replay-send.h"

/* Initialises SoupSession's class, and the GIO classes it pulls in, on the calling thread:
 * call it before starting a thread that makes a session. GLib 2.74 can deadlock when two
 * threads initialise classes that need each other: a headless start hung about once in 60,
 * the forwarder's thread in SoupSession's class_init waiting for GInetSocketAddress's type,
 * which the main thread was initialising for the listener. */
void
hs_replay_session_prepare (void)
{
  g_type_class_unref (g_type_class_ref (SOUP_TYPE_SESSION));
  g_type_class_unref (g_type_class_ref (G_TYPE_INET_SOCKET_ADDRESS));
  g_type_class_unref (g_type_class_ref (SOUP_TYPE_CONTENT_DECODER));
}

SoupSession *
hs_replay_session_new (guint timeout_seconds)
{
  SoupSession *session = soup_session_new_with_options ("timeout", timeout_seconds,
                                                        "idle-timeout", 60,
                                                        NULL);

  /* The decoder would add Accept-Encoding to what is sent and decode the answer: a replay
   * sends the captured headers only and records the bytes it got. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  return session;
}

static gboolean
accept_any_certificate (SoupMessage          *message,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (name));
  g_ptr_array_add (user_data, g_strdup (value));
}

static char *
describe_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL)
    return g_strdup (url);
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static guint
timeout_of (SoupSession *session)
{
  guint timeout = 0;

  g_object_get (session, "timeout", &timeout, NULL);
  return timeout;
}

/* Words the failure for people, by what the user can do about it. */
static void
fail (HsReplayAttempt *attempt,
      SoupSession     *session,
      const GError    *error)
{
  g_autofree char *host = describe_host (hs_replay_attempt_get_url (attempt));
  g_autofree char *message = NULL;
  HsReplayError code;

  if (error->domain == G_RESOLVER_ERROR)
    {
      g_autoptr(GUri) uri = g_uri_parse (hs_replay_attempt_get_url (attempt),
                                         SOUP_HTTP_URI_FLAGS, NULL);

      code = HS_REPLAY_ERROR_RESOLVE;
      message = g_strdup_printf (_("Could not resolve the host name “%s”"),
                                 uri != NULL ? g_uri_get_host (uri) : host);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      code = HS_REPLAY_ERROR_REFUSED;
      message = g_strdup_printf (_("Connection refused by %s (nothing listens there?)"), host);
    }
  else if (error->domain == G_TLS_ERROR)
    {
      code = HS_REPLAY_ERROR_TLS;
      message = g_strdup_printf (_("The TLS certificate of %s was not accepted (%s); allow a "
                                   "self-signed certificate for this target if you trust it"),
                                 host, error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      code = HS_REPLAY_ERROR_TIMEOUT;
      message = g_strdup_printf (_("No answer from %s within %u s (timed out)"), host,
                                 session != NULL ? timeout_of (session) : 0);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      code = HS_REPLAY_ERROR_CANCELLED;
      message = g_strdup (_("Cancelled"));
    }
  else if (error->domain == HS_REPLAY_ERROR)
    {
      code = error->code;
      message = g_strdup (error->message);
    }
  else
    {
      code = HS_REPLAY_ERROR_NETWORK;
      message = g_strdup_printf (_("Could not reach %s: %s"), host, error->message);
    }

  hs_replay_attempt_set_error (attempt, hs_replay_error_to_string (code), message);
}

void
hs_replay_attempt_fail (HsReplayAttempt *attempt,
                        const GError    *error)
{
  fail (attempt, NULL, error);
}

/* Reads the whole answer (so the connection can serve the next replay), keeping the first
 * HS_REPLAY_RESPONSE_BODY_CAP bytes. */
static gboolean
read_body (HsReplayAttempt  *attempt,
           GInputStream     *stream,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GByteArray) kept = g_byte_array_new ();
  g_autoptr(GBytes) body = NULL;
  guint8 buffer[16384];
  gint64 size = 0;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (kept->len < HS_REPLAY_RESPONSE_BODY_CAP)
        g_byte_array_append (kept, buffer, MIN ((gsize)n, HS_REPLAY_RESPONSE_BODY_CAP - kept->len));
      size += n;
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&kept));
  hs_replay_attempt_set_response_size (attempt, size);
  hs_replay_attempt_set_response_body (attempt, body);
  return TRUE;
}

/**
 * hs_replay_send:
 * @url: the full URL (hs_replay_build_url())
 *
 * Sends @request, blocking. Returns: (transfer full): the attempt, answered or failed; its
 * request headers are the ones on the wire, Host and Content-Length included.
 */
HsReplayAttempt *
hs_replay_send (SoupSession     *session,
                HsReplayRequest *request,
                const char      *url,
                gboolean         allow_self_signed,
                GCancellable    *cancellable)
{
  g_autoptr(HsReplayAttempt) attempt = hs_replay_attempt_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *sent;
  GBytes *body;
  gint64 started;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (request), NULL);

  body = hs_replay_request_get_body (request);
  hs_replay_attempt_set_delivery_id (attempt, hs_replay_request_get_delivery_id (request));
  hs_replay_attempt_set_url (attempt, url);
  hs_replay_attempt_set_method (attempt, hs_replay_request_get_method (request));
  hs_replay_attempt_set_request_body (attempt, body);
  hs_replay_attempt_set_started_at (attempt, g_get_real_time ());

  message = hs_replay_request_to_message (request, url);
  if (message == NULL)
    {
      g_set_error (&error, HS_REPLAY_ERROR, HS_REPLAY_ERROR_INVALID_URL,
                   _("“%s” is not a valid URL"), url);
      fail (attempt, session, error);
      return g_steal_pointer (&attempt);
    }
  if (allow_self_signed)
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);

  started = g_get_monotonic_time ();
  stream = soup_session_send (session, message, cancellable, &error);
  /* Read after sending: the stack adds what it needs (Host, Connection) on the way. */
  sent = hs_replay_attempt_get_request_headers (attempt);
  soup_message_headers_foreach (soup_message_get_request_headers (message), copy_header, sent);
  if (hs_replay_headers_lookup (sent, "Host") == NULL)
    {
      /* It failed before writing: say which Host it would have sent. */
      GUri *uri = soup_message_get_uri (message);
      int port = g_uri_get_port (uri);
      int default_port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;

      g_ptr_array_insert (sent, 0, g_strdup ("Host"));
      g_ptr_array_insert (sent, 1, port == -1 || port == default_port
                                     ? g_strdup (g_uri_get_host (uri))
                                     : g_strdup_printf ("%s:%d", g_uri_get_host (uri), port));
    }
  if (stream != NULL)
    {
      hs_replay_attempt_set_status (attempt, soup_message_get_status (message));
      hs_replay_attempt_set_reason (attempt, soup_message_get_reason_phrase (message));
      soup_message_headers_foreach (soup_message_get_response_headers (message), copy_header,
                                    hs_replay_attempt_get_response_headers (attempt));
      read_body (attempt, stream, cancellable, &error);
      g_input_stream_close (stream, NULL, NULL);
    }
  hs_replay_attempt_set_duration (attempt, g_get_monotonic_time () - started);

  if (error != NULL)
    fail (attempt, session, error);

  return g_steal_pointer (&attempt);
}
