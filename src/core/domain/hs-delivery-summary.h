/* hs-delivery-summary.h: what a delivery means, in one sentence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-delivery.h"

G_BEGIN_DECLS

char *hs_delivery_summarize (HsDelivery *delivery,
                             char      **event_id);

G_END_DECLS
