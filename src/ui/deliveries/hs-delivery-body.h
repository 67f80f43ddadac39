/* hs-delivery-body.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_BODY (hs_delivery_body_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryBody, hs_delivery_body, HS, DELIVERY_BODY, GtkWidget)

void hs_delivery_body_set_delivery (HsDeliveryBody *self,
                                    HsDelivery     *delivery);

G_END_DECLS
