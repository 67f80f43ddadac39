/* hs-invitations-page.c: every invitation the webhooks created, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lazy HsDomainList (rows read a page at a time on a worker) with a search the store runs;
 * activating a row opens its event.
 */

#define G_LOG_DOMAIN "hs-invitations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-domain-list.h"
#include "hs-invitation.h"
#include "hs-invitations-page.h"
#include "hs-page.h"
#include "hs-ui-util.h"

struct _HsInvitationsPage
{
  GtkWidget      parent_instance;

  HsStore       *store;
  HsUiThrottle   reload_throttle;
  /* The keys are read when the page is first seen, not at start (with 100,000 invitations
   * that read competed with the page the user is looking at). */
  gboolean       load_pending;
  HsDomainList  *invitations;
  GtkNoSelection *selection;

  GtkSearchEntry *search_entry;
  GtkLabel      *count_label;
  GtkStack      *stack;
  GtkColumnView *column_view;
};

static void page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsInvitationsPage, hs_invitations_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, page_iface_init))

/* A row not read yet (an empty placeholder) shows "…" until its page comes. */
static char *
format_email (gpointer item)
{
  if (hs_domain_list_is_placeholder (item))
    return g_strdup ("…");
  return g_strdup (hs_invitation_get_email (item));
}

static char *
format_event (gpointer item)
{
  return g_strdup (hs_invitation_get_event_name (item) ? hs_invitation_get_event_name (item)
                                                       : hs_invitation_get_event_id (item));
}

static char *
format_inserted (gpointer item)
{
  if (hs_invitation_get_inserted_at (item) == NULL)
    return NULL;
  return hs_ui_format_iso8601_local (hs_invitation_get_inserted_at (item));
}

static char *
format_received (gpointer item)
{
  if (hs_domain_list_is_placeholder (item))
    return NULL;
  return hs_ui_format_time_us (hs_invitation_get_received_at (item), "%Y-%m-%d %H:%M:%S");
}

static char *
format_delivery (gpointer item)
{
  if (hs_domain_list_is_placeholder (item))
    return NULL;
  return g_strdup_printf ("#%" G_GINT64_FORMAT, hs_invitation_get_delivery_id (item));
}

static const HsUiColumn columns[] = {
  { N_("Email"), format_email, 20, TRUE, FALSE, NULL },
  { N_("Event"), format_event, 20, TRUE, FALSE, NULL },
  { N_("Invited"), format_inserted, 16, FALSE, FALSE, NULL },
  { N_("Received"), format_received, 16, FALSE, FALSE, NULL },
  { N_("Delivery"), format_delivery, 8, FALSE, TRUE, NULL },
};

/* "1,234 invitations" (grouped as the locale groups digits). */
static void
update_count (HsInvitationsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->invitations));
  gboolean searching = hs_domain_list_get_search (self->invitations) != NULL;
  g_autofree char *number = g_strdup_printf ("%'u", n);
  g_autofree char *text = NULL;

  if (!hs_domain_list_get_loaded (self->invitations))
    return;

  if (searching)
    /* Translators: %s is a number of invitations a search found (with thousands separators) */
    text = g_strdup_printf (ngettext ("%s invitation found", "%s invitations found", n), number);
  else
    /* Translators: %s is a number of invitations (with thousands separators) */
    text = g_strdup_printf (ngettext ("%s invitation", "%s invitations", n), number);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack,
                                    n > 0 ? "list" : searching ? "no-results" : "empty");
}

static void
reload (HsInvitationsPage *self)
{
  if (self->invitations != NULL)
    hs_domain_list_refresh (self->invitations);
}

static void
hs_invitations_page_bind (HsPage  *page,
                          HsStore *store)
{
  HsInvitationsPage *self = HS_INVITATIONS_PAGE (page);

  g_set_object (&self->store, store);
  if (store == NULL || self->invitations != NULL)
    return;

  self->invitations = hs_domain_list_new (store, HS_DOMAIN_PAGES_INVITATIONS);
  g_signal_connect_object (self->invitations, "notify::n-items", G_CALLBACK (update_count),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->invitations, "notify::loaded", G_CALLBACK (update_count),
                           self, G_CONNECT_SWAPPED);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->invitations));
  hs_ui_keep_top_in_view (GTK_WIDGET (self->column_view), G_LIST_MODEL (self->invitations));
  self->load_pending = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->load_pending)
    hs_domain_list_reload (self->invitations);
}

static void
search_changed_cb (HsInvitationsPage *self)
{
  if (self->invitations != NULL)
    hs_domain_list_set_search (self->invitations,
                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* A row opens its event's page. */
static void
invitation_activated_cb (HsInvitationsPage *self,
                         guint              position)
{
  g_autoptr(HsInvitation) invitation = NULL;

  if (self->invitations != NULL)
    invitation = g_list_model_get_item (G_LIST_MODEL (self->invitations), position);
  if (invitation == NULL || hs_invitation_get_event_id (invitation) == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-item", "(sv)", "event",
                              g_variant_new_string (hs_invitation_get_event_id (invitation)));
}

static gboolean
reload_cb_throttled (gpointer data)
{
  reload (data);
  return G_SOURCE_REMOVE;
}

/* New domain rows: re-read what changed a moment after a burst begins, then at most once a
 * second while it lasts (a re-read costs the main loop the rows it merges). */
static void
hs_invitations_page_store_changed (HsPage             *page,
                                   const HsPageChange *change)
{
  if (HS_INVITATIONS_PAGE (page)->load_pending)
    return;
  hs_ui_throttle (&HS_INVITATIONS_PAGE (page)->reload_throttle, 250, 1000, reload_cb_throttled, page);
}

static void
hs_invitations_page_came_into_view (HsPage             *page,
                                    const HsPageChange *missed)
{
  HsInvitationsPage *self = HS_INVITATIONS_PAGE (page);

  if (self->load_pending && self->invitations != NULL)
    {
      self->load_pending = FALSE;
      hs_domain_list_reload (self->invitations);
    }
  else if (missed != NULL)
    {
      reload (self);
    }
}

static void
page_iface_init (HsPageInterface *iface)
{
  iface->name = "invitations";
  iface->title = N_("Invitations");
  iface->icon_name = "mail-unread-symbolic";
  iface->bind = hs_invitations_page_bind;
  iface->store_changed = hs_invitations_page_store_changed;
  iface->came_into_view = hs_invitations_page_came_into_view;
}

static void
hs_invitations_page_dispose (GObject *object)
{
  HsInvitationsPage *self = (HsInvitationsPage *)object;

  hs_ui_throttle_clear (&self->reload_throttle);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_INVITATIONS_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->invitations);

  G_OBJECT_CLASS (hs_invitations_page_parent_class)->dispose (object);
}

static void
hs_invitations_page_class_init (HsInvitationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_invitations_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-invitations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsInvitationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsInvitationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HsInvitationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsInvitationsPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, invitation_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_invitations_page_init (HsInvitationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The model comes with the store (bind). */
  self->selection = gtk_no_selection_new (NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  hs_ui_append_columns (self->column_view, columns, G_N_ELEMENTS (columns));
}
