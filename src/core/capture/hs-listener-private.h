/* hs-listener-private.h: what the listener's files share (hs-listener*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hs-listener.h"
#include "hs-listener-accept.h"
#include "hs-listener-guard.h"

G_BEGIN_DECLS

#define RETRY_AFTER_SECONDS "5"

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

/* hs-listener.c */
void        hs_listener_emit_delivery_stored (HsListener        *self,
                                              HsDelivery        *delivery);

/* hs-listener-capture.c: the request as received, and the answer it gets */
void        hs_listener_early_handler        (SoupServer        *server,
                                              SoupServerMessage *msg,
                                              const char        *path,
                                              GHashTable        *query,
                                              gpointer           user_data);
guint64     hs_listener_message_body_size    (SoupServerMessage *msg);
HsDelivery *hs_listener_capture              (HsListener        *self,
                                              SoupServerMessage *msg);

/* hs-listener-answer.c: the hand-off to the store, and the answer once it committed */
char       *hs_listener_error_json           (gint64             id,
                                              const char        *message);
char       *hs_listener_raw_error            (const char        *status_line,
                                              const char        *message);
void        hs_listener_set_json_error       (SoupServerMessage *msg,
                                              guint              status,
                                              gint64             id,
                                              const char        *message);
void        hs_listener_request_start        (HsListener        *self,
                                              SoupServerMessage *msg);
gboolean    hs_listener_request_done         (SoupServerMessage *msg);

G_END_DECLS
