/* hs-deliveries-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-listener.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERIES_PAGE (hs_deliveries_page_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveriesPage, hs_deliveries_page, HS, DELIVERIES_PAGE, GtkWidget)

HsDeliveriesPage *hs_deliveries_page_new     (void);
void              hs_deliveries_page_bind    (HsDeliveriesPage *self,
                                              HsStore          *store,
                                              const GError     *store_error,
                                              HsListener       *listener);
void              hs_deliveries_page_set_url (HsDeliveriesPage *self,
                                              const char       *url);

G_END_DECLS
