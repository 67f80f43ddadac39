/* hs-listener-accept.h: the listener's own accept loop, each connection handed to libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hs-listener-guard.h"

G_BEGIN_DECLS

typedef struct _HsListenerAccept HsListenerAccept;

HsListenerAccept *hs_listener_accept_new  (SoupServer        *server,
                                           GSocket           *socket,
                                           HsListenerGuard   *guard,
                                           GError           **error);
void              hs_listener_accept_free (HsListenerAccept  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsListenerAccept, hs_listener_accept_free)

G_END_DECLS
