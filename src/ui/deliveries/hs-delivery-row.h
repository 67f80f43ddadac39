/* hs-delivery-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_ROW (hs_delivery_row_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryRow, hs_delivery_row, HS, DELIVERY_ROW, GtkWidget)

void       hs_delivery_row_refresh_read (void);
GtkWidget *hs_delivery_row_new          (void);
void       hs_delivery_row_set_delivery (HsDeliveryRow *self,
                                         HsDelivery    *delivery);
char      *hs_delivery_describe_notes   (HsDelivery    *delivery);
char      *hs_delivery_format_relative  (gint64         received_at,
                                         gint64         now);

G_END_DECLS
