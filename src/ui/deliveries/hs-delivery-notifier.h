/* hs-delivery-notifier.h: desktop notifications for deliveries that come while no window of
 * Hookscope has the focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_NOTIFIER (hs_delivery_notifier_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryNotifier, hs_delivery_notifier, HS, DELIVERY_NOTIFIER, GObject)

HsDeliveryNotifier *hs_delivery_notifier_new  (GtkApplication     *application,
                                               HsStore            *store,
                                               GSettings          *settings);
void                hs_delivery_notifier_seen (HsDeliveryNotifier *self);

G_END_DECLS
