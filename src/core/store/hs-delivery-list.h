/* hs-delivery-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-delivery-query.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_LIST (hs_delivery_list_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryList, hs_delivery_list, HS, DELIVERY_LIST, GObject)

HsDeliveryList *hs_delivery_list_new         (HsStore        *store);
void            hs_delivery_list_load_async  (HsDeliveryList *self,
                                              GCancellable   *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer        user_data);
gboolean        hs_delivery_list_load_finish (HsDeliveryList *self,
                                              GAsyncResult   *result,
                                              GError        **error);
gboolean        hs_delivery_list_get_loaded  (HsDeliveryList *self);
void            hs_delivery_list_prepend     (HsDeliveryList *self,
                                              HsDelivery     *delivery);
void            hs_delivery_list_announce    (HsDeliveryList *self,
                                              gint64          first_id,
                                              gint64          last_id);
gboolean        hs_delivery_list_hide        (HsDeliveryList *self,
                                              gint64          id,
                                              guint          *position);
guint           hs_delivery_list_restore     (HsDeliveryList *self,
                                              gint64          id);
gboolean        hs_delivery_list_find        (HsDeliveryList *self,
                                              gint64          id,
                                              guint          *position);
void            hs_delivery_list_set_query   (HsDeliveryList *self,
                                              HsDeliveryQuery *query);
void            hs_delivery_list_projected   (HsDeliveryList *self,
                                              gint64          through);
gboolean        hs_delivery_list_is_placeholder (HsDelivery  *delivery);

G_END_DECLS
