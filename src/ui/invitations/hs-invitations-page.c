/* hs-invitations-page.c: every invitation the webhooks created, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-invitations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-domain-store.h"
#include "hs-invitation.h"
#include "hs-invitations-page.h"
#include "hs-page.h"
#include "hs-ui-util.h"

struct _HsInvitationsPage
{
  GtkWidget      parent_instance;

  HsStore       *store;
  GCancellable  *cancellable;
  HsUiThrottle   reload_throttle;
  GListStore    *invitations;
  /* Each invitation in the list by id (the list holds the references), and the delivery up to
   * which the list is current: a refresh reads only what changed after it. */
  GHashTable    *by_id;
  gint64         seen_through;

  GtkStack      *stack;
  GtkColumnView *column_view;
};

static void page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsInvitationsPage, hs_invitations_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, page_iface_init))

static char *
format_email (gpointer item)
{
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
  return hs_ui_format_iso8601_local (hs_invitation_get_inserted_at (item));
}

static char *
format_received (gpointer item)
{
  return hs_ui_format_time_us (hs_invitation_get_received_at (item), "%Y-%m-%d %H:%M:%S");
}

static char *
format_delivery (gpointer item)
{
  return g_strdup_printf ("#%" G_GINT64_FORMAT, hs_invitation_get_delivery_id (item));
}

static const HsUiColumn columns[] = {
  { N_("Email"), format_email, 20, TRUE, FALSE, NULL },
  { N_("Event"), format_event, 20, TRUE, FALSE, NULL },
  { N_("Invited"), format_inserted, 16, FALSE, FALSE, NULL },
  { N_("Received"), format_received, 16, FALSE, FALSE, NULL },
  { N_("Delivery"), format_delivery, 8, FALSE, TRUE, NULL },
};

/* An invitation keeps its place (when it was first seen): one seen before is replaced where it
 * was, new ones go first (newest first, as read). */
static void
merge_changed (HsInvitationsPage *self,
               GPtrArray         *changed)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  for (guint i = 0; i < changed->len; i++)
    {
      HsInvitation *invitation = g_ptr_array_index (changed, i);
      const char *id = hs_invitation_get_id (invitation);
      HsInvitation *old = id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
      guint position;

      if (old != NULL && g_list_store_find (self->invitations, old, &position))
        g_list_store_splice (self->invitations, position, 1, (gpointer *)&invitation, 1);
      else
        g_ptr_array_add (added, invitation);
      if (id != NULL)
        g_hash_table_replace (self->by_id, g_strdup (id), invitation);
    }

  g_list_store_splice (self->invitations, 0, 0, added->pdata, added->len);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsInvitationsPage) self = user_data;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = 0;

  if (!(changed = hs_store_list_changed_finish (HS_STORE (object), result, &last, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read invitations: %s", error->message);
      return;
    }

  merge_changed (self, changed);
  self->seen_through = last;
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->invitations))
                                      ? "list" : "empty");
}

/* Reads what changed on a worker thread; a newer reload supersedes one still running (which
 * then changes nothing: the next one reads from the same point). */
static void
reload (HsInvitationsPage *self)
{
  if (self->store == NULL)
    return;

  hs_store_list_invitations_changed_async (self->store, self->seen_through,
                                           hs_ui_supersede (&self->cancellable), reload_cb,
                                           g_object_ref (self));
}

static void
hs_invitations_page_bind (HsPage  *page,
                          HsStore *store)
{
  HsInvitationsPage *self = HS_INVITATIONS_PAGE (page);

  g_set_object (&self->store, store);
  g_list_store_remove_all (self->invitations);
  g_hash_table_remove_all (self->by_id);
  self->seen_through = 0;
  reload (self);
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
  hs_ui_throttle (&HS_INVITATIONS_PAGE (page)->reload_throttle, 250, 1000, reload_cb_throttled, page);
}

static void
hs_invitations_page_came_into_view (HsPage             *page,
                                    const HsPageChange *missed)
{
  if (missed != NULL)
    reload (HS_INVITATIONS_PAGE (page));
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

  g_cancellable_cancel (self->cancellable);
  hs_ui_throttle_clear (&self->reload_throttle);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_INVITATIONS_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->invitations);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

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
  gtk_widget_class_bind_template_child (widget_class, HsInvitationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsInvitationsPage, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_invitations_page_init (HsInvitationsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->invitations = g_list_store_new (HS_TYPE_INVITATION);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->invitations)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  hs_ui_append_columns (self->column_view, columns, G_N_ELEMENTS (columns));
  hs_ui_keep_top_in_view (GTK_WIDGET (self->column_view), G_LIST_MODEL (self->invitations));
}
