/* hs-deliveries-page-private.h: what the page and its actions (hs-deliveries-actions.c) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-deliveries-page.h"
#include "hs-delivery-detail.h"
#include "hs-delivery-list.h"

G_BEGIN_DECLS

struct _HsDeliveriesPage
{
  GtkWidget           parent_instance;

  char               *url;

  HsStore            *store;
  HsDeliveryList     *list;
  /* Ctrl/Shift-click selects several; two selected can be compared. */
  GtkMultiSelection  *selection;
  GCancellable       *cancellable;
  /* The toasts of deletes not done yet (AdwToast): the store deletes when one goes away, or
   * when the page does (the window closed, the app quit) before its toast went. */
  GPtrArray          *delete_toasts;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  AdwActionRow       *url_row;
  GtkLabel           *curl_label;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkSearchBar       *search_bar;
  GtkWidget          *search_box;
  GtkSearchEntry     *search_entry;
  GtkStack           *results_stack;
  GtkListView        *list_view;
  HsDeliveryDetail   *detail;
  AdwStatusPage      *error_page;
  GtkWidget          *context_menu;
  /* "N new deliveries" while the list is scrolled away from the newest. */
  GtkRevealer        *new_revealer;
  GtkButton          *new_button;
  guint               n_new;

  /* Search and filters (hs-deliveries-search.c). */
  HsDeliveryQuery    *query;
  GCancellable       *search_cancellable;
  GtkMenuButton      *filters_button;
  GtkMenuButton      *saved_button;
  GMenu              *saved_menu;
  GtkEntry           *event_entry;
  GtkCheckButton     *auth_checks[4];
  GtkCheckButton     *parse_checks[4];
  GtkCheckButton     *flag_checks[3];
  GtkDropDown        *time_dropdown;
};

void hs_deliveries_page_add_toast       (HsDeliveriesPage *self,
                                         const char       *text);
void hs_deliveries_page_update_actions  (HsDeliveriesPage *self);
void hs_deliveries_page_finish_deletes  (HsDeliveriesPage *self);
void hs_deliveries_page_install_actions (GtkWidgetClass   *widget_class);
guint hs_deliveries_page_get_selected  (HsDeliveriesPage *self,
                                         gint64           *ids,
                                         guint             n_ids);
void hs_deliveries_page_set_list        (HsDeliveriesPage *self,
                                         HsDeliveryList   *list);
void hs_deliveries_page_setup_search    (HsDeliveriesPage *self);
void hs_deliveries_page_install_search_actions (GtkWidgetClass *widget_class);
void hs_deliveries_page_bind_saved_searches    (HsDeliveriesPage *self);

G_END_DECLS
