/* hs-secret-mask.h: which headers carry credentials, and how they are shown masked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-delivery.h"

G_BEGIN_DECLS

gboolean    hs_secret_header_is_secret   (const char *name);
char       *hs_secret_mask_value         (const char *value);
char       *hs_secret_mask_header_value  (const char *name,
                                          const char *value);
gboolean    hs_secret_delivery_has_secrets (HsDelivery *delivery);
void        hs_secret_mask_header_pairs  (GPtrArray  *pairs);
void        hs_secret_mask_headers       (HsDelivery *delivery);
HsDelivery *hs_secret_masked_copy        (HsDelivery *delivery);

G_END_DECLS
