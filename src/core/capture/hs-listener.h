/* hs-listener.h: the embedded HTTP listener (capture → store → respond)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-delivery.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_LISTENER_DEFAULT_MAX_BODY_SIZE (10 * 1024 * 1024)
#define HS_LISTENER_MAX_RESPONSE_DELAY    30000

#define HS_TYPE_LISTENER (hs_listener_get_type ())

/* A delivery answered by a hook (relay, failure rules: src/core/replay/hs-responder.c). */
typedef struct _HsListenerReply HsListenerReply;

typedef struct
{
  /* On the listener's thread, before the hand-off, for a delivery all the listener's checks
   * accepted: may change its status (hs_delivery_set_response_status()), stored with it. */
  void     (*decide)  (gpointer         user_data,
                       HsDelivery      *delivery);
  /* On the listener's thread, once the delivery is committed: TRUE to answer it with @reply
   * (set the status and body on its message, then hs_listener_reply_send(), on this thread,
   * now or later). */
  gboolean (*respond) (gpointer         user_data,
                       HsDelivery      *delivery,
                       HsListenerReply *reply);
} HsListenerHooks;

G_DECLARE_FINAL_TYPE (HsListener, hs_listener, HS, LISTENER, GObject)

HsListener *hs_listener_new                       (HsStore     *store);
HsStore    *hs_listener_get_store                 (HsListener  *self);

const char *hs_listener_get_address               (HsListener  *self);
void        hs_listener_set_address               (HsListener  *self,
                                                   const char  *address);
guint       hs_listener_get_port                  (HsListener  *self);
void        hs_listener_set_port                  (HsListener  *self,
                                                   guint        port);
const char *hs_listener_get_api_key               (HsListener  *self);
void        hs_listener_set_api_key               (HsListener  *self,
                                                   const char  *api_key);
guint64     hs_listener_get_max_body_size         (HsListener  *self);
void        hs_listener_set_max_body_size         (HsListener  *self,
                                                   guint64      max_body_size);
gboolean    hs_listener_get_custom_response       (HsListener  *self);
void        hs_listener_set_custom_response       (HsListener  *self,
                                                   gboolean     custom_response);
guint       hs_listener_get_response_status       (HsListener  *self);
void        hs_listener_set_response_status       (HsListener  *self,
                                                   guint        status);
const char *hs_listener_get_response_body         (HsListener  *self);
void        hs_listener_set_response_body         (HsListener  *self,
                                                   const char  *body);
const char *hs_listener_get_response_content_type (HsListener  *self);
void        hs_listener_set_response_content_type (HsListener  *self,
                                                   const char  *content_type);
guint       hs_listener_get_response_delay        (HsListener  *self);
void        hs_listener_set_response_delay        (HsListener  *self,
                                                   guint        delay_ms);

gboolean    hs_listener_start                     (HsListener  *self,
                                                   GError     **error);
void        hs_listener_stop                      (HsListener  *self);
gboolean    hs_listener_get_running               (HsListener  *self);
guint       hs_listener_get_n_in_flight           (HsListener  *self);
char       *hs_listener_dup_url                   (HsListener  *self);

void        hs_listener_set_hooks                 (HsListener            *self,
                                                   const HsListenerHooks *hooks,
                                                   gpointer               user_data);
gpointer    hs_listener_reply_get_message         (HsListenerReply       *reply);
void        hs_listener_reply_send                (HsListenerReply       *reply);

G_END_DECLS
