/* hs-delivery-headers.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_HEADERS (hs_delivery_headers_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryHeaders, hs_delivery_headers, HS, DELIVERY_HEADERS, GtkWidget)

void     hs_delivery_headers_set_delivery (HsDeliveryHeaders *self,
                                           HsDelivery        *delivery);
gboolean hs_delivery_header_is_secret     (const char        *name);

G_END_DECLS
