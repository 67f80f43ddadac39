/* hs-listener-guard.h: the listener's defence against slow, crowded and oversized clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hs-guard-stream.h"

G_BEGIN_DECLS

#define HS_LISTENER_DEFAULT_REQUEST_TIMEOUT 10    /* seconds for the headers */
#define HS_LISTENER_DEFAULT_MIN_BODY_RATE   500   /* bytes a second, after that */
#define HS_LISTENER_DEFAULT_MAX_CONNECTIONS 2048
#define HS_LISTENER_MAX_HEADERS             1000

typedef struct _HsListenerGuard HsListenerGuard;

/* How many bytes of @msg's body have arrived so far. */
typedef guint64 (*HsListenerGuardBodySize) (SoupServerMessage *msg);

HsListenerGuard *hs_listener_guard_new          (HsListenerGuardBodySize  body_size);
void             hs_listener_guard_free         (HsListenerGuard         *self);
void             hs_listener_guard_watch        (HsListenerGuard         *self,
                                                 SoupServer              *server);
void             hs_listener_guard_accepted     (HsListenerGuard         *self,
                                                 HsGuardStream           *stream,
                                                 GSocketAddress          *remote);
void             hs_listener_guard_set_limits   (HsListenerGuard         *self,
                                                 guint                    request_timeout,
                                                 guint                    min_body_rate,
                                                 guint                    max_connections);
gboolean         hs_listener_guard_headers_read (HsListenerGuard         *self,
                                                 SoupServerMessage       *msg);
gboolean         hs_listener_guard_body_read    (HsListenerGuard         *self,
                                                 SoupServerMessage       *msg);
void             hs_listener_guard_done         (HsListenerGuard         *self,
                                                 SoupServerMessage       *msg);
guint            hs_listener_guard_get_n_connections (HsListenerGuard    *self);
void             hs_listener_guard_raise_fd_limit (void);

G_END_DECLS
