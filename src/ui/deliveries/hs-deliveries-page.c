/* hs-deliveries-page.c: the Deliveries page: the live list beside the detail of the selected
 * delivery (one at a time when the window is narrow), and an empty state that says how to
 * send the first webhook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-deliveries-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-deliveries-bench.h"
#include "hs-deliveries-page-private.h"
#include "hs-delivery-row.h"
#include "hs-page.h"
#include "hs-ui-util.h"

static void page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsDeliveriesPage, hs_deliveries_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, page_iface_init))

void
hs_deliveries_page_add_toast (HsDeliveriesPage *self,
                              const char       *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  /* Toast titles are markup; the text may quote a path or an error. */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* The empty state is for a database without deliveries; a search without results says so
 * beside its entry. */
static void
update_visible_page (HsDeliveriesPage *self)
{
  gboolean has_items;

  g_assert (HS_IS_DELIVERIES_PAGE (self));

  if (self->list == NULL || !hs_delivery_list_get_loaded (self->list))
    return;

  has_items = g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0;
  if (self->query != NULL)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, has_items ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack, has_items ? "results" : "no-results");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hs_delivery_list_load_finish (HS_DELIVERY_LIST (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_description (self->error_page, NULL);
          adw_status_page_set_title (self->error_page, _("Cannot Read the Deliveries"));
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_page), error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
          g_warning ("%s", error->message);
        }
      return;
    }

  update_visible_page (self);
}

/**
 * hs_deliveries_page_get_selected:
 * @ids: (out): the first @n_ids selected deliveries' ids, newest first
 *
 * Returns: how many deliveries are selected
 */
guint
hs_deliveries_page_get_selected (HsDeliveriesPage *self,
                                 gint64           *ids,
                                 guint             n_ids)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;
  guint n = 0;

  if (self->selection == NULL)
    return 0;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok && n < n_ids; ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(HsDelivery) delivery = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                               position);

      ids[n++] = hs_delivery_get_id (delivery);
    }

  return (guint)MIN (gtk_bitset_get_size (selected), G_MAXUINT);
}

/* The row just selected shows in the detail (with Ctrl, the one clicked, if it was added);
 * none (a new search) leaves the detail as it was. */
static void
selection_changed_cb (HsDeliveriesPage *self,
                      guint             position,
                      guint             n_items)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  gint64 ids[1];
  guint n_selected = hs_deliveries_page_get_selected (self, ids, 1);

  if (n_items == 1 && gtk_selection_model_is_selected (model, position))
    {
      g_autoptr(HsDelivery) delivery = g_list_model_get_item (G_LIST_MODEL (model), position);

      hs_delivery_detail_show (self->detail, self->store, hs_delivery_get_id (delivery));
    }
  else if (n_selected == 1)
    hs_delivery_detail_show (self->detail, self->store, ids[0]);

  hs_deliveries_page_update_actions (self);
}

static gboolean
is_at_top (HsDeliveriesPage *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  return gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 0.5;
}

static void
hide_new_button (HsDeliveriesPage *self)
{
  self->n_new = 0;
  gtk_revealer_set_reveal_child (self->new_revealer, FALSE);
}

/* Scrolled down, new deliveries do not move the rows being read: a button says how many came
 * and goes to them. */
static void
new_items_cb (HsDeliveriesPage *self,
              guint             position,
              guint             removed,
              guint             added)
{
  g_autofree char *label = NULL;

  if (position != 0 || added <= removed || is_at_top (self))
    return;

  self->n_new += added - removed;
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u New Delivery", "%u New Deliveries",
                                        self->n_new), self->n_new);
  gtk_button_set_label (self->new_button, label);
  gtk_revealer_set_reveal_child (self->new_revealer, TRUE);
}

static void
scrolled_cb (HsDeliveriesPage *self)
{
  if (self->n_new > 0 && is_at_top (self))
    hide_new_button (self);
}

static void
scroll_to_newest_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);

  hide_new_button (self);
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

/* Rows read on a worker fill the placeholders the view holds: the rows showing them redraw. */
static void
rows_read_cb (HsDeliveryList *list,
              gpointer        user_data)
{
  hs_delivery_row_refresh_read ();
}

/* The list in view: every delivery, or a search's results once they are read. */
void
hs_deliveries_page_set_list (HsDeliveriesPage *self,
                             HsDeliveryList   *list)
{
  g_autoptr(GtkMultiSelection) old = g_steal_pointer (&self->selection);

  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->list, update_visible_page, self);
      g_signal_handlers_disconnect_by_func (self->list, new_items_cb, self);
    }
  g_set_object (&self->list, list);
  hide_new_button (self);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (list)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, selection_changed_cb, self);

  g_signal_connect_object (list, "items-changed",
                           G_CALLBACK (update_visible_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "items-changed",
                           G_CALLBACK (new_items_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (list, "rows-read", G_CALLBACK (rows_read_cb), NULL);
  hs_ui_keep_top_in_view (GTK_WIDGET (self->list_view), G_LIST_MODEL (list));
  update_visible_page (self);
}

/* The window's own leaflet (its sidebar), when the page is in one. */
static AdwLeaflet *
outer_leaflet (HsDeliveriesPage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return parent ? ADW_LEAFLET (gtk_widget_get_ancestor (parent, ADW_TYPE_LEAFLET)) : NULL;
}

/* Narrow: the list and the detail are one page at a time; a click opens the detail. The way
 * back is one button: the window's, when its sidebar is folded too (it asks the page first,
 * hs_deliveries_page_go_back ()), else the detail's own. */
static void
folded_changed_cb (HsDeliveriesPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  AdwLeaflet *outer = outer_leaflet (self);

  hs_delivery_detail_set_show_back (self->detail,
                                    folded && (outer == NULL || !adw_leaflet_get_folded (outer)));
  gtk_list_view_set_single_click_activate (self->list_view, folded);
}

static void
hs_deliveries_page_root (GtkWidget *widget)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  AdwLeaflet *outer;

  GTK_WIDGET_CLASS (hs_deliveries_page_parent_class)->root (widget);

  if ((outer = outer_leaflet (self)) != NULL)
    g_signal_connect_object (outer, "notify::folded", G_CALLBACK (folded_changed_cb), self,
                             G_CONNECT_SWAPPED);
  folded_changed_cb (self);
}

static void
hs_deliveries_page_unroot (GtkWidget *widget)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  AdwLeaflet *outer = outer_leaflet (self);

  if (outer != NULL)
    g_signal_handlers_disconnect_by_func (outer, folded_changed_cb, self);

  GTK_WIDGET_CLASS (hs_deliveries_page_parent_class)->unroot (widget);
}

static void
activate_cb (HsDeliveriesPage *self,
             guint             position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, hs_delivery_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  hs_delivery_row_set_delivery (HS_DELIVERY_ROW (row), gtk_list_item_get_item (item));
  /* For the context menu: which row was clicked. */
  g_object_set_data (G_OBJECT (row), "hs-position",
                     GUINT_TO_POINTER (gtk_list_item_get_position (item) + 1));
}

/* A right click (or a long press) on a row selects it and opens its menu. */
static void
context_menu_cb (HsDeliveriesPage *self,
                 double            x,
                 double            y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);
  graphene_point_t point;
  GdkRectangle rect = { 0, 0, 1, 1 };
  guint position;

  while (picked != NULL && !HS_IS_DELIVERY_ROW (picked))
    picked = gtk_widget_get_parent (picked);
  if (picked == NULL)
    return;

  position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (picked), "hs-position"));
  if (position == 0)
    return;
  /* On a row of a multiple selection, the menu is for the selection (Compare). */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position - 1))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position - 1, TRUE);

  if (!gtk_widget_compute_point (GTK_WIDGET (self->list_view), self->list_pane,
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  rect.x = point.x;
  rect.y = point.y;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
right_click_cb (GtkGestureClick  *gesture,
                int               n_press,
                double            x,
                double            y,
                HsDeliveriesPage *self)
{
  context_menu_cb (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               HsDeliveriesPage    *self)
{
  context_menu_cb (self, x, y);
}

static void
setup_list_view (HsDeliveriesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) compare = g_menu_new ();
  GtkGesture *click;
  GtkGesture *long_press;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  g_menu_append (menu, _("Copy as _curl"), "delivery.copy-curl");
  g_menu_append (menu, _("Copy as curl with _Key"), "delivery.copy-curl-with-key");
  g_menu_append (menu, _("_Copy Body"), "delivery.copy-body");
  g_menu_append (menu, _("_Save Body…"), "delivery.save-body");
  g_menu_append (menu, _("_Replay…"), "delivery.replay");
  g_menu_append (compare, _("C_ompare Selected"), "delivery.compare");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (compare));
  g_menu_append (section, _("_Delete"), "delivery.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, self->list_pane);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (right_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));

  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (long_press));
}

static void update_url (HsDeliveriesPage *self);

static void
hs_deliveries_page_bind (HsPage  *page,
                         HsStore *store)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (page);
  HsApplication *app = HS_APPLICATION (g_application_get_default ());

  g_return_if_fail (self->list == NULL);

  g_signal_connect_object (app, "listener-changed", G_CALLBACK (update_url), self,
                           G_CONNECT_SWAPPED);
  /* The app quits without disposing its windows: the deletes still undoable are done before
   * the database closes (a handler runs before GApplication's own shutdown). */
  g_signal_connect_object (app, "shutdown", G_CALLBACK (hs_deliveries_page_finish_deletes), self,
                           G_CONNECT_SWAPPED);
  update_url (self);
  hs_deliveries_page_bind_saved_searches (self);

  if (store == NULL)
    {
      const GError *store_error = hs_application_get_store_error (app);
      g_autofree char *escaped = NULL;

      /* The description is markup; the message names a path and an SQLite error. */
      escaped = g_markup_escape_text (store_error ? store_error->message : "", -1);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->store = g_object_ref (store);
  {
    g_autoptr(HsDeliveryList) list = hs_delivery_list_new (store);

    hs_deliveries_page_set_list (self, list);
  }

  hs_delivery_list_load_async (self->list, self->cancellable, load_cb, g_object_ref (self));
  hs_deliveries_bench_start (self);
}

static void
hs_deliveries_page_store_changed (HsPage             *page,
                                  const HsPageChange *change)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (page);

  if (self->list == NULL)
    return;
  if (change->last_added > 0)
    hs_delivery_list_announce (self->list, change->first_added, change->last_added);
  /* The rows read before their projection, and a search's new matches (once indexed). */
  if (change->projected_through > 0)
    hs_delivery_list_projected (self->list, change->projected_through);
}

/* Out of view, the list did not scroll; it shows the newest once back. */
static void
hs_deliveries_page_came_into_view (HsPage             *page,
                                   const HsPageChange *missed)
{
  if (missed != NULL)
    hs_deliveries_page_store_changed (page, missed);
}

/* "delivery" (int64 id): selected in the list when it is there, shown in the detail. */
static gboolean
hs_deliveries_page_show_item (HsPage     *page,
                              const char *kind,
                              GVariant   *target)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (page);
  gint64 id;
  guint position;

  if (g_strcmp0 (kind, "delivery") != 0 || !g_variant_is_of_type (target, G_VARIANT_TYPE_INT64))
    return FALSE;

  id = g_variant_get_int64 (target);
  if (self->list != NULL && hs_delivery_list_find (self->list, id, &position))
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                  position);
    }
  hs_delivery_detail_show (self->detail, self->store, id);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");

  return TRUE;
}

/* The window's back button: from the detail to the list first, when folded. */
static gboolean
hs_deliveries_page_go_back (HsPage *page)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (page);

  if (!adw_leaflet_get_folded (self->leaflet) ||
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "detail") != 0)
    return FALSE;

  return adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
page_iface_init (HsPageInterface *iface)
{
  iface->name = "deliveries";
  iface->title = N_("Deliveries");
  iface->icon_name = "network-receive-symbolic";
  iface->bind = hs_deliveries_page_bind;
  iface->store_changed = hs_deliveries_page_store_changed;
  iface->came_into_view = hs_deliveries_page_came_into_view;
  iface->show_item = hs_deliveries_page_show_item;
  iface->go_back = hs_deliveries_page_go_back;
}

static char *
build_curl_command (const char *url)
{
  return g_strdup_printf ("curl -X POST '%s' \\\n"
                          "  -H 'Content-Type: application/json' \\\n"
                          "  -H 'x-api-key: <api-key>' \\\n"
                          "  --data '{\"event_name\": \"event_invitation_created\"}'",
                          url);
}

/* The listening URL in the empty state, and a curl command for it. */
static void
update_url (HsDeliveriesPage *self)
{
  HsApplication *app = HS_APPLICATION (g_application_get_default ());
  HsCapture *capture = hs_application_get_capture (app);
  g_autofree char *curl = NULL;

  if (capture == NULL || !hs_capture_get_running (capture))
    return;

  g_free (self->url);
  self->url = hs_capture_dup_url (capture);

  curl = build_curl_command (self->url);
  adw_action_row_set_subtitle (self->url_row, self->url);
  gtk_label_set_text (self->curl_label, curl);
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);

  if (self->url != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->url);
}

static void
copy_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  g_autofree char *curl = NULL;

  if (self->url == NULL)
    return;

  curl = build_curl_command (self->url);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), curl);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
hs_deliveries_page_dispose (GObject *object)
{
  HsDeliveriesPage *self = (HsDeliveriesPage *)object;

  g_cancellable_cancel (self->cancellable);
  /* Before the toasts go with the template (their "dismissed" would start a delete on the
   * thread pool that the app's exit does not wait for). */
  if (self->delete_toasts != NULL)
    hs_deliveries_page_finish_deletes (self);
  g_clear_pointer (&self->delete_toasts, g_ptr_array_unref);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_DELIVERIES_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_pointer (&self->query, hs_delivery_query_unref);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->saved_menu);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (hs_deliveries_page_parent_class)->dispose (object);
}

static void
hs_deliveries_page_class_init (HsDeliveriesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_deliveries_page_dispose;
  widget_class->root = hs_deliveries_page_root;
  widget_class->unroot = hs_deliveries_page_unroot;

  g_type_ensure (HS_TYPE_DELIVERY_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-deliveries-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, curl_label);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, search_box);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, filters_button);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, saved_button);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, detail);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, new_revealer);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "deliveries.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "deliveries.copy-curl", NULL,
                                   copy_sample_action);
  gtk_widget_class_install_action (widget_class, "deliveries.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "deliveries.scroll-to-newest", NULL,
                                   scroll_to_newest_action);
  hs_deliveries_page_install_actions (widget_class);
  hs_deliveries_page_install_search_actions (widget_class);
}

/* The page's style lives in its room rather than in the shell's style.css. */
static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/hs-deliveries.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
hs_deliveries_page_init (HsDeliveriesPage *self)
{
  load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->delete_toasts = g_ptr_array_new_with_free_func (g_object_unref);
  setup_list_view (self);
  hs_deliveries_page_setup_search (self);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                           "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "notify::delivery",
                           G_CALLBACK (hs_deliveries_page_update_actions), self,
                           G_CONNECT_SWAPPED);
  folded_changed_cb (self);
  hs_deliveries_page_update_actions (self);
}
