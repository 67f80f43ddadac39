/* hs-delivery-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_DETAIL (hs_delivery_detail_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryDetail, hs_delivery_detail, HS, DELIVERY_DETAIL, GtkWidget)

void        hs_delivery_detail_show          (HsDeliveryDetail *self,
                                              HsStore          *store,
                                              gint64            id);
HsDelivery *hs_delivery_detail_get_delivery  (HsDeliveryDetail *self);
gint64      hs_delivery_detail_get_id        (HsDeliveryDetail *self);
void        hs_delivery_detail_set_show_back (HsDeliveryDetail *self,
                                              gboolean          show_back);

G_END_DECLS
