/* hs-listener-capture.c: a request as the listener received it, and the status it gets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the HsDelivery of a request (method, path, headers in arrival order, peer, body or its
 * first 64 KiB) and decides, there and only there, the status its sender gets: the size
 * against the limit, the API key (compared in constant time), the body's coding and JSON
 * syntax (hs-body-check.c), the custom response. Bodies over the limit are not buffered
 * whole: the early handler switches the message to a collector that keeps the first 64 KiB
 * and counts the rest.
 */

#define G_LOG_DOMAIN "hs-listener"

#include "config.h"

#include <nettle/sha2.h>
#include <string.h>

#include "hs-body-check.h"
#include "hs-listener-private.h"

/* Bodies that are over the limit, or whose length is not announced, are read through this. */
typedef struct
{
  GByteArray *data;
  guint64     size;
  guint64     max;
  gboolean    over;
} BodyCollector;

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
guint64
hs_listener_message_body_size (SoupServerMessage *msg)
{
  BodyCollector *collector = g_object_get_data (G_OBJECT (msg), "hs-body-collector");

  return collector ? collector->size : (guint64)soup_server_message_get_request_body (msg)->length;
}

void
hs_listener_early_handler (SoupServer        *server,
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

HsDelivery *
hs_listener_capture (HsListener        *self,
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

