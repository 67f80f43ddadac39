/* hs-response-rule.h: failure simulation, how some deliveries are answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint     status;       /* 100–599 */
  double    share;        /* 0 < share ≤ 1: the part of the deliveries it answers */
  gint64    next;         /* answer only the next N (0: no such limit) */
  char     *event;        /* only deliveries of this event (NULL: any) */
  guint     delay_ms;     /* answer after this long (≤ 30 s) */
  guint     retry_after;  /* a Retry-After header, in seconds (0: none) */
} HsResponseRule;

HsResponseRule *hs_response_rule_parse    (const char           *text,
                                           GError              **error);
char           *hs_response_rule_to_string (const HsResponseRule *rule);
HsResponseRule *hs_response_rule_copy     (const HsResponseRule *rule);
void            hs_response_rule_free     (HsResponseRule       *rule);

/* The settings' "response-rules" (as): rules written as hs_response_rule_to_string(); the
 * ones that do not parse are skipped. */
GPtrArray      *hs_response_rules_from_strv (const char * const  *texts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsResponseRule, hs_response_rule_free)

G_END_DECLS
