/* hs-window.c: the main window: sidebar of pages, content, listener status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-forwarding-preferences.h"
#include "hs-calendar-page.h"
#include "hs-capture-banner.h"
#include "hs-deliveries-page.h"
#include "hs-events-page.h"
#include "hs-invitations-page.h"
#include "hs-page.h"
#include "hs-ui-util.h"
#include "hs-replays-page.h"
#include "hs-window.h"

/* The sidebar of DESIGN.md, in order: each page is a room of its own (src/ui/<page>/). */
static GType (* const page_types[]) (void) = {
  hs_deliveries_page_get_type,
  hs_invitations_page_get_type,
  hs_events_page_get_type,
  hs_calendar_page_get_type,
  hs_replays_page_get_type,
};

/* What the window tells the page in view at most this often while deliveries flood in. */
#define CHANGE_INTERVAL_MS 100

typedef struct
{
  HsPage       *page;
  GtkWidget    *row;
  /* What changed while the page was out of view; told once it comes into view. */
  HsPageChange  missed;
  gboolean      has_missed;
  /* How often the page was told (G_MESSAGES_DEBUG=hs-window logs it; the UI test counts). */
  guint         n_told;
} PageSlot;

struct _HsWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  HsStore              *store;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *stack;
  AdwWindowTitle       *page_title;
  GtkLabel             *listener_state_label;
  GtkLabel             *listener_url_label;
  GtkWidget            *listener_icon;
  HsCaptureBanner      *capture_banner;

  GArray               *slots;  /* PageSlot */
  PageSlot             *visible;

  /* Changes for the page in view, coalesced. */
  HsPageChange          pending;
  gboolean              has_pending;
  HsUiThrottle          pending_throttle;
};

G_DEFINE_FINAL_TYPE (HsWindow, hs_window, ADW_TYPE_APPLICATION_WINDOW)

static PageSlot *
find_slot (HsWindow   *self,
           const char *name)
{
  for (guint i = 0; name != NULL && self->slots != NULL && i < self->slots->len; i++)
    {
      PageSlot *slot = &g_array_index (self->slots, PageSlot, i);

      if (g_str_equal (gtk_widget_get_name (slot->row), name))
        return slot;
    }
  return NULL;
}

static GtkWidget *
create_sidebar_row (const char *name,
                    const char *title,
                    const char *icon_name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  return row;
}

static void
add_page (HsWindow   *self,
          GtkWidget  *child,
          const char *name,
          const char *title,
          const char *icon_name,
          int         position)
{
  GtkStackPage *stack_page;
  PageSlot slot = { 0 };

  slot.row = create_sidebar_row (name, title, icon_name);
  slot.page = HS_IS_PAGE (child) ? HS_PAGE (child) : NULL;
  gtk_list_box_insert (self->sidebar_list, slot.row, position);
  stack_page = gtk_stack_add_titled (self->stack, child, name, title);
  gtk_stack_page_set_icon_name (stack_page, icon_name);
  g_array_append_val (self->slots, slot);
}

void
hs_window_show_page (HsWindow   *self,
                     const char *name)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  if (find_slot (self, name) == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Asks each page in turn to show the item; the first that does comes into view. */
gboolean
hs_window_show_item (HsWindow   *self,
                     const char *kind,
                     GVariant   *target)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < self->slots->len; i++)
    {
      PageSlot *slot = &g_array_index (self->slots, PageSlot, i);

      if (slot->page != NULL && hs_page_show_item (slot->page, kind, target))
        {
          hs_window_show_page (self, gtk_widget_get_name (slot->row));
          return TRUE;
        }
    }
  return FALSE;
}

void
hs_window_add_toast (HsWindow   *self,
                     const char *text)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (HS_IS_WINDOW (self));

  /* Toast titles are markup; the text may carry payload or error text. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Selecting (keyboard, pointer, assistive technologies) switches the page; activating also
 * moves forward when the leaflet is folded. */
static void
sidebar_row_selected_cb (HsWindow      *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    gtk_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
sidebar_row_activated_cb (HsWindow      *self,
                          GtkListBoxRow *row)
{
  hs_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
tell_page (HsWindow           *self,
           PageSlot           *slot,
           const HsPageChange *change,
           gboolean            came_into_view)
{
  slot->n_told++;
  g_debug ("%s: %s (added %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ", projected through %"
           G_GINT64_FORMAT "), told %u times", gtk_widget_get_name (slot->row),
           came_into_view ? "came into view" : "store changed",
           change ? change->first_added : 0, change ? change->last_added : 0,
           change ? change->projected_through : 0, slot->n_told);

  if (came_into_view)
    hs_page_came_into_view (slot->page, change);
  else
    hs_page_store_changed (slot->page, change);
}

static void
stack_visible_child_cb (HsWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  PageSlot *slot = find_slot (self, name);
  GtkStackPage *stack_page;

  if (slot == NULL || slot == self->visible)
    return;

  /* Whatever the page that goes out of view was still to be told, it has missed. */
  if (self->visible != NULL && self->has_pending)
    {
      hs_page_change_merge (&self->visible->missed, &self->pending);
      self->visible->has_missed = TRUE;
    }
  self->has_pending = FALSE;
  self->pending = (HsPageChange) { 0 };
  hs_ui_throttle_clear (&self->pending_throttle);

  self->visible = slot;
  stack_page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (stack_page));
  gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (slot->row));

  if (slot->page != NULL)
    {
      tell_page (self, slot, slot->has_missed ? &slot->missed : NULL, TRUE);
      slot->missed = (HsPageChange) { 0 };
      slot->has_missed = FALSE;
    }
}

static gboolean
tell_pending_cb (gpointer user_data)
{
  HsWindow *self = user_data;
  HsPageChange change = self->pending;

  self->has_pending = FALSE;
  self->pending = (HsPageChange) { 0 };

  if (self->visible != NULL && self->visible->page != NULL)
    tell_page (self, self->visible, &change, FALSE);

  return G_SOURCE_REMOVE;
}

/* Every page out of view only remembers the change; the page in view is told on the next
 * main-loop iteration, or during a flood once per tenth of a second with everything since. */
static void
store_changed (HsWindow           *self,
               const HsPageChange *change)
{
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    {
      PageSlot *slot = &g_array_index (self->slots, PageSlot, i);

      if (slot != self->visible && slot->page != NULL)
        {
          hs_page_change_merge (&slot->missed, change);
          slot->has_missed = TRUE;
        }
    }

  hs_page_change_merge (&self->pending, change);
  self->has_pending = TRUE;
  hs_ui_throttle (&self->pending_throttle, 0, CHANGE_INTERVAL_MS, tell_pending_cb, self);
}

static void
deliveries_added_cb (HsWindow *self,
                     gint64    first_id,
                     gint64    last_id)
{
  HsPageChange change = { .first_added = first_id, .last_added = last_id };

  store_changed (self, &change);
}

static void
projection_advanced_cb (HsWindow   *self,
                        const char *name,
                        gint64      cursor)
{
  HsPageChange change = { .projected_through = cursor };

  store_changed (self, &change);
}

static void
show_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsWindow *self = HS_WINDOW (widget);
  g_autoptr(GVariant) target = NULL;
  const char *kind;

  g_variant_get (parameter, "(&sv)", &kind, &target);
  hs_window_show_item (self, kind, target);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  hs_window_show_page (HS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HsWindow *self = HS_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (page == NULL || !HS_IS_PAGE (page) || !hs_page_go_back (HS_PAGE (page)))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
update_listener_status (HsWindow *self)
{
  HsApplication *app = HS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  HsCapture *capture = hs_application_get_capture (app);
  const GError *error = hs_application_get_listener_error (app);
  const GError *store_error = hs_application_get_store_error (app);

  if (capture != NULL && hs_capture_get_running (capture))
    {
      g_autofree char *url = hs_capture_dup_url (capture);

      gtk_label_set_text (self->listener_state_label, _("Listening"));
      gtk_label_set_text (self->listener_url_label, url);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->listener_url_label), url);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->listener_icon), "network-receive-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->listener_state_label), "error");
    }
  else
    {
      const char *why = store_error ? store_error->message :
                        error ? error->message : _("The listener is stopped");

      gtk_label_set_text (self->listener_state_label, _("Not Listening"));
      gtk_label_set_text (self->listener_url_label, why);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->listener_url_label), why);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->listener_icon), "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->listener_state_label), "error");
    }
}

static void
hs_window_dispose (GObject *object)
{
  HsWindow *self = (HsWindow *)object;

  hs_ui_throttle_clear (&self->pending_throttle);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  if (self->settings != NULL)
    {
      g_settings_set_int (self->settings, "window-width", gtk_widget_get_width (GTK_WIDGET (self)));
      g_settings_set_int (self->settings, "window-height",
                          gtk_widget_get_height (GTK_WIDGET (self)));
    }
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_WINDOW);
  self->visible = NULL;
  g_clear_pointer (&self->slots, g_array_unref);

  G_OBJECT_CLASS (hs_window_parent_class)->dispose (object);
}

static void
hs_window_class_init (HsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, listener_state_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, listener_url_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, listener_icon);
  /* A busy port, a full disk, a replaced database, an exposed listener: said once, there. */
  g_type_ensure (HS_TYPE_CAPTURE_BANNER);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, capture_banner);
  gtk_widget_class_bind_template_child_full (widget_class, "content_header", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  /* ("event", <"id">), ("delivery", <int64 id>): the page that shows such items opens it. */
  gtk_widget_class_install_action (widget_class, "win.show-item", "(sv)", show_item_action);
}

static void
hs_window_init (HsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->slots = g_array_new (FALSE, TRUE, sizeof (PageSlot));
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GtkWidget *page = g_object_new (page_types[i] (), NULL);

      add_page (self, page, hs_page_get_name (HS_PAGE (page)), hs_page_get_title (HS_PAGE (page)),
                hs_page_get_icon_name (HS_PAGE (page)), -1);
    }

  stack_visible_child_cb (self);
}

HsWindow *
hs_window_new (HsApplication *application)
{
  HsWindow *self;
  GSettings *settings;

  g_return_val_if_fail (HS_IS_APPLICATION (application), NULL);

  self = g_object_new (HS_TYPE_WINDOW, "application", application, NULL);
  settings = hs_application_get_settings (application);
  self->settings = g_object_ref (settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  adw_header_bar_pack_end (ADW_HEADER_BAR (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                          HS_TYPE_WINDOW,
                                                                          "content_header")),
                           hs_forwarding_indicator_new (settings, G_OBJECT (self->leaflet)));

  self->store = hs_application_get_store (application);
  if (self->store != NULL)
    {
      g_object_ref (self->store);
      g_signal_connect_object (self->store, "deliveries-added",
                               G_CALLBACK (deliveries_added_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->store, "projection-advanced",
                               G_CALLBACK (projection_advanced_cb), self, G_CONNECT_SWAPPED);
    }
  for (guint i = 0; i < self->slots->len; i++)
    {
      PageSlot *slot = &g_array_index (self->slots, PageSlot, i);

      if (slot->page != NULL)
        hs_page_bind (slot->page, self->store);
    }
  hs_capture_banner_set_capture (self->capture_banner, hs_application_get_capture (application));
  g_signal_connect_object (application, "listener-changed",
                           G_CALLBACK (update_listener_status), self, G_CONNECT_SWAPPED);
  update_listener_status (self);

  return self;
}
