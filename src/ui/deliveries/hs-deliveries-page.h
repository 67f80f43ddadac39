/* hs-deliveries-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define HS_TYPE_DELIVERIES_PAGE (hs_deliveries_page_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveriesPage, hs_deliveries_page, HS, DELIVERIES_PAGE, GtkWidget)

G_END_DECLS
