/* hs-forward-rule.h: forward every new delivery (or those of some events) to a URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

typedef struct
{
  char     *url;
  /* Event names this rule forwards; NULL or empty: every event. */
  char    **events;
  /* The sender waits for this target's answer (the listener relays it) instead of the
   * delivery being forwarded after it was answered. */
  gboolean  relay;
} HsForwardRule;

HsForwardRule *hs_forward_rule_new            (const char           *url,
                                               const char * const   *events,
                                               gboolean              relay);
HsForwardRule *hs_forward_rule_copy           (const HsForwardRule  *rule);
void           hs_forward_rule_free           (HsForwardRule        *rule);
gboolean       hs_forward_rule_matches        (const HsForwardRule  *rule,
                                               HsDelivery           *delivery);
gboolean       hs_forward_rule_check_url      (const char           *url,
                                               GError              **error);

/* Rules as GVariant a(sasb) (url, events, relay), the settings' "forward-rules". */
GPtrArray     *hs_forward_rules_from_variant  (GVariant             *variant);
GVariant      *hs_forward_rules_to_variant    (GPtrArray            *rules);
char          *hs_forward_rules_describe      (GPtrArray            *rules);

/* The rules of this process (the forwarding projection and the relay read them; the window's
 * settings or --forward-to set them). */
void           hs_forward_rules_set_active    (GPtrArray            *rules);
GPtrArray     *hs_forward_rules_dup_active    (guint                *generation);
guint          hs_forward_rules_get_generation (void);
void           hs_forward_rules_hold          (void);
void           hs_forward_rules_release       (void);
void           hs_forward_rules_wait          (gint64                timeout_us);

/* Whether the listener accepted @delivery (key, size, JSON): only those are forwarded. */
gboolean       hs_forward_accepts_delivery    (HsDelivery           *delivery);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsForwardRule, hs_forward_rule_free)

G_END_DECLS
