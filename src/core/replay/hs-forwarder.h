/* hs-forwarder.h: sends the forwarding queue, each forward recorded like a replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-replay-attempt.h"
#include "hs-store.h"

G_BEGIN_DECLS

/* The target names forwards and relays are recorded under (the Replays page, `replays`). */
#define HS_FORWARD_TARGET_NAME "forward"
#define HS_RELAY_TARGET_NAME   "relay"
/* The error kind of a forward the process died while sending: it may or may not have arrived,
 * and it is not sent again. */
#define HS_FORWARD_ERROR_INTERRUPTED "interrupted"

#define HS_TYPE_FORWARDER (hs_forwarder_get_type ())

G_DECLARE_FINAL_TYPE (HsForwarder, hs_forwarder, HS, FORWARDER, GObject)

HsForwarder *hs_forwarder_new      (HsStore     *store,
                                    guint        timeout_seconds);
void         hs_forwarder_start    (HsForwarder *self);
void         hs_forwarder_kick     (HsForwarder *self);
void         hs_forwarder_stop     (HsForwarder *self);
guint64      hs_forwarder_get_n_sent (HsForwarder *self);

G_END_DECLS
