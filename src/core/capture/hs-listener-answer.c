/* hs-listener-answer.c: a request handed to the store, and answered once it committed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message is paused while its delivery goes to the store's writer thread, and answered
 * only once the write committed, so a 2xx always means "on disk" (503 with Retry-After when
 * the database did not take it). Relay and failure rules may answer instead (the hooks), with
 * hs_listener_reply_send().
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hs-listener-private.h"

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

static GQuark
get_request_quark (void)
{
  if (request_quark == 0)
    request_quark = g_quark_from_static_string ("hs-listener-request");
  return request_quark;
}

/* The body of every answer that is not a capture: {"ok": false, "id": ID, "error": MESSAGE},
 * the id only when the delivery was stored. */
char *
hs_listener_error_json (gint64      id,
                        const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

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

  return json_to_string (root, FALSE);
}

/* A whole HTTP/1.1 error answer that closes the connection, for the answers written straight
 * on the socket while libsoup is still reading (a slow body, headers past the limit, broken
 * chunks). @status_line: e.g. "408 Request Timeout". */
char *
hs_listener_raw_error (const char *status_line,
                       const char *message)
{
  g_autofree char *body = hs_listener_error_json (0, message);

  return g_strdup_printf ("HTTP/1.1 %s\r\n"
                          "Connection: close\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %zu\r\n"
                          "\r\n%s", status_line, strlen (body), body);
}

void
hs_listener_set_json_error (SoupServerMessage *msg,
                            guint              status,
                            gint64             id,
                            const char        *message)
{
  char *text = hs_listener_error_json (id, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
request_free (Request *request)
{
  if (g_object_get_qdata (G_OBJECT (request->msg), get_request_quark ()) == request)
    g_object_set_qdata (G_OBJECT (request->msg), get_request_quark (), &counted_marker);
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

      hs_listener_set_json_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, 0, error->message);
      soup_message_headers_replace (headers, "Retry-After", RETRY_AFTER_SECONDS);
      request_respond (request);
      return;
    }

  /* Here, on the listener's thread: the writer never changes the delivery it is given. */
  hs_delivery_set_id (delivery, id);
  hs_listener_emit_delivery_stored (self, delivery);

  if (self->hooks.respond != NULL &&
      self->hooks.respond (self->hooks_data, delivery, (HsListenerReply *)request))
    return;

  status = hs_delivery_get_response_status (delivery);
  body_answer = g_object_get_data (G_OBJECT (msg), "hs-body-answer");
  if (body_answer != NULL && status != SOUP_STATUS_UNAUTHORIZED)
    {
      hs_listener_set_json_error (msg, status, id, body_answer);
      request_respond (request);
      return;
    }

  switch (status)
    {
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      text = g_strdup_printf (_("The body is over the limit of %" PRIu64 " bytes; "
                                "it was stored truncated"), self->max_body_size);
      hs_listener_set_json_error (msg, status, id, text);
      break;

    case SOUP_STATUS_UNAUTHORIZED:
      hs_listener_set_json_error (msg, status, id,
                      hs_delivery_get_auth_verdict (delivery) == HS_AUTH_MISSING
                        ? _("Missing API key (x-api-key header)")
                        : _("Wrong API key (x-api-key header)"));
      break;

    case SOUP_STATUS_BAD_REQUEST:
      text = g_strdup_printf (_("The body is not valid JSON: %s"),
                              hs_delivery_get_parse_message (delivery));
      hs_listener_set_json_error (msg, status, id, text);
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


/* From the handler: the delivery to the store, the message paused until it committed. */
void
hs_listener_request_start (HsListener        *self,
                           SoupServerMessage *msg)
{
  Request *request = g_new0 (Request, 1);

  request->listener = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->delivery = hs_listener_capture (self, msg);
  g_object_set_qdata (G_OBJECT (msg), get_request_quark (), request);
  self->n_in_flight++;

  soup_server_message_pause (msg);
  hs_store_insert_async (self->store, request->delivery, NULL, insert_done, request);
}

/* SoupServer::request-finished or ::request-aborted: TRUE when the message was in flight
 * (counted in n_in_flight); its Request, if still waiting for the store, answers no more. */
gboolean
hs_listener_request_done (SoupServerMessage *msg)
{
  gpointer data = g_object_get_qdata (G_OBJECT (msg), get_request_quark ());

  if (data == NULL)
    return FALSE;
  if (data != &counted_marker)
    ((Request *)data)->finished = TRUE;
  g_object_set_qdata (G_OBJECT (msg), get_request_quark (), NULL);
  return TRUE;
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
