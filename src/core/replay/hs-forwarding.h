/* hs-forwarding.h: forwarding rules, relay and failure rules, for a capture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-forwarder.h"
#include "hs-listener.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_FORWARDING (hs_forwarding_get_type ())

G_DECLARE_FINAL_TYPE (HsForwarding, hs_forwarding, HS, FORWARDING, GObject)

HsForwarding *hs_forwarding_new                 (HsStore      *store);
void          hs_forwarding_attach              (HsForwarding *self,
                                                 HsListener   *listener);
void          hs_forwarding_use_settings        (HsForwarding *self,
                                                 GSettings    *settings,
                                                 gboolean      live);
void          hs_forwarding_pin_rules           (HsForwarding *self,
                                                 GPtrArray    *forward_rules);
void          hs_forwarding_pin_response_rules  (HsForwarding *self,
                                                 GPtrArray    *response_rules);
GPtrArray    *hs_forwarding_dup_rules           (HsForwarding *self);
void          hs_forwarding_release             (HsForwarding *self);
HsForwarder  *hs_forwarding_get_forwarder       (HsForwarding *self);
void          hs_forwarding_shutdown            (HsForwarding *self);

G_END_DECLS
