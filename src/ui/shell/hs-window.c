/* hs-window.c: the main window: sidebar of pages, content, listener status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-deliveries-page.h"
#include "hs-events-page.h"
#include "hs-invitations-page.h"
#include "hs-window.h"

struct _HsWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *stack;
  AdwWindowTitle       *page_title;
  GtkLabel             *listener_state_label;
  GtkLabel             *listener_url_label;
  GtkWidget            *listener_icon;

  HsDeliveriesPage     *deliveries_page;
  HsInvitationsPage    *invitations_page;
  HsEventsPage         *events_page;

  /* The domain pages re-read their lists after deliveries: the page in view, at most once a
   * second; the others once they come into view. */
  guint                 reload_source;
  gint64                reloaded_at;
  gboolean              invitations_stale;
  gboolean              events_stale;
};

G_DEFINE_FINAL_TYPE (HsWindow, hs_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  const char *empty_title;
  const char *empty_description;
} HsPageInfo;

/* The sidebar of DESIGN.md. Pages without a view of their own yet (no empty_title means they
 * have one) show what will appear there and how to make it appear. */
static const HsPageInfo pages[] = {
  { "deliveries", N_("Deliveries"), "network-receive-symbolic", NULL, NULL },
  { "invitations", N_("Invitations"), "mail-unread-symbolic", NULL, NULL },
  { "events", N_("Events"), "starred-symbolic", NULL, NULL },
  { "calendar", N_("Calendar"), "x-office-calendar-symbolic",
    N_("Nothing on the Calendar"),
    N_("The month grid shows every occurrence of the events the webhooks described. Capture "
       "an event with a schedule and its occurrences land on their days.") },
  { "replays", N_("Replays"), "media-playlist-repeat-symbolic",
    N_("No Replays Yet"),
    N_("Replay a captured delivery to any URL, exactly or edited, from its detail pane. Every "
       "attempt is recorded here with the response it got.") },
};

static const HsPageInfo *
find_page (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (pages); i++)
    {
      if (g_str_equal (pages[i].name, name))
        return &pages[i];
    }
  return NULL;
}

static GtkWidget *
create_sidebar_row (const HsPageInfo *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (page->icon_name);
  GtkWidget *label = gtk_label_new (_(page->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, page->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(page->title),
                                  -1);

  return row;
}

static GtkWidget *
create_empty_page (const HsPageInfo *page)
{
  GtkWidget *status = adw_status_page_new ();

  /* Our own text, not payload data: markup here is intended. */
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), page->icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _(page->empty_title));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _(page->empty_description));
  gtk_widget_add_css_class (status, "compact-status");

  return status;
}

void
hs_window_show_page (HsWindow   *self,
                     const char *name)
{
  const HsPageInfo *page;

  g_return_if_fail (HS_IS_WINDOW (self));

  if (!(page = find_page (name)))
    return;

  gtk_stack_set_visible_child_name (self->stack, page->name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
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

static void reload_stale_page (HsWindow *self);

static void
stack_visible_child_cb (HsWindow *self)
{
  const HsPageInfo *page = find_page (gtk_stack_get_visible_child_name (self->stack));

  if (page == NULL)
    return;

  reload_stale_page (self);

  adw_window_title_set_title (self->page_title, _(page->title));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_str_equal (gtk_widget_get_name (child), page->name))
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          break;
        }
    }
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

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
update_listener_status (HsWindow *self)
{
  HsApplication *app = HS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  HsListener *listener = hs_application_get_listener (app);
  const GError *error = hs_application_get_listener_error (app);
  const GError *store_error = hs_application_get_store_error (app);

  if (listener != NULL && hs_listener_get_running (listener))
    {
      g_autofree char *url = hs_listener_dup_url (listener);

      gtk_label_set_text (self->listener_state_label, _("Listening"));
      gtk_label_set_text (self->listener_url_label, url);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->listener_url_label), url);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->listener_icon), "network-receive-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->listener_state_label), "error");
      hs_deliveries_page_set_url (self->deliveries_page, url);
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
      if (error != NULL)
        hs_window_add_toast (self, error->message);
    }
}

/* Re-reading a domain page costs the main loop the whole list (a flood of new events made
 * the window answer 450 requests a second while a page nobody looked at was rebuilt four
 * times a second): only the page in view is, and a stale one when it comes into view. */
static void
reload_stale_page (HsWindow *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);

  if (self->invitations_stale && g_strcmp0 (visible, "invitations") == 0)
    {
      self->invitations_stale = FALSE;
      self->reloaded_at = g_get_monotonic_time ();
      hs_invitations_page_reload (self->invitations_page);
    }
  else if (self->events_stale && g_strcmp0 (visible, "events") == 0)
    {
      self->events_stale = FALSE;
      self->reloaded_at = g_get_monotonic_time ();
      hs_events_page_reload (self->events_page);
    }
}

static gboolean
reload_domain_cb (gpointer user_data)
{
  HsWindow *self = user_data;

  self->reload_source = 0;
  reload_stale_page (self);

  return G_SOURCE_REMOVE;
}

/* A burst of webhooks reloads the page in view a moment after it begins, then at most once a
 * second while it lasts. */
static void
delivery_stored_cb (HsWindow   *self,
                    HsDelivery *delivery)
{
  gint64 wait_ms;

  self->invitations_stale = TRUE;
  self->events_stale = TRUE;
  if (self->reload_source != 0)
    return;

  wait_ms = (self->reloaded_at + G_USEC_PER_SEC - g_get_monotonic_time ()) / 1000;
  self->reload_source = g_timeout_add (MAX (wait_ms, 250), reload_domain_cb, self);
}

/* The listener answered 503 because the database refused a write: say so, the sender will
 * retry. */
static void
store_error_cb (HsWindow   *self,
                const char *message)
{
  g_autofree char *text = g_strdup_printf (_("A delivery could not be saved and was answered "
                                             "503: %s"), message);

  hs_window_add_toast (self, text);
}

static void
hs_window_dispose (GObject *object)
{
  HsWindow *self = (HsWindow *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);

  if (self->settings != NULL)
    {
      g_settings_set_int (self->settings, "window-width", gtk_widget_get_width (GTK_WIDGET (self)));
      g_settings_set_int (self->settings, "window-height",
                          gtk_widget_get_height (GTK_WIDGET (self)));
    }
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_WINDOW);

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
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);

  g_type_ensure (HS_TYPE_DELIVERIES_PAGE);
  g_type_ensure (HS_TYPE_EVENTS_PAGE);
  g_type_ensure (HS_TYPE_INVITATIONS_PAGE);
}

static void
hs_window_init (HsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *child;
      GtkStackPage *stack_page;

      gtk_list_box_append (self->sidebar_list, create_sidebar_row (&pages[i]));

      if (g_str_equal (pages[i].name, "deliveries"))
        child = GTK_WIDGET (self->deliveries_page = hs_deliveries_page_new ());
      else if (g_str_equal (pages[i].name, "invitations"))
        child = GTK_WIDGET (self->invitations_page =
                              g_object_new (HS_TYPE_INVITATIONS_PAGE, NULL));
      else if (g_str_equal (pages[i].name, "events"))
        child = GTK_WIDGET (self->events_page = g_object_new (HS_TYPE_EVENTS_PAGE, NULL));
      else
        child = create_empty_page (&pages[i]);

      stack_page = gtk_stack_add_titled (self->stack, child, pages[i].name, _(pages[i].title));
      gtk_stack_page_set_icon_name (stack_page, pages[i].icon_name);
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

  hs_deliveries_page_bind (self->deliveries_page,
                           hs_application_get_store (application),
                           hs_application_get_store_error (application),
                           hs_application_get_listener (application));
  hs_invitations_page_set_store (self->invitations_page, hs_application_get_store (application));
  hs_events_page_set_store (self->events_page, hs_application_get_store (application));
  if (hs_application_get_listener (application) != NULL)
    {
      g_signal_connect_object (hs_application_get_listener (application), "delivery-stored",
                               G_CALLBACK (delivery_stored_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (hs_application_get_listener (application), "store-error",
                               G_CALLBACK (store_error_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (application, "listener-changed",
                           G_CALLBACK (update_listener_status), self, G_CONNECT_SWAPPED);
  update_listener_status (self);

  return self;
}
