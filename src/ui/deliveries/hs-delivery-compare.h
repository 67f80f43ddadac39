/* hs-delivery-compare.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_COMPARE (hs_delivery_compare_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryCompare, hs_delivery_compare, HS, DELIVERY_COMPARE, AdwWindow)

GtkWidget *hs_delivery_compare_new (HsDelivery *older,
                                    HsDelivery *newer);

G_END_DECLS
