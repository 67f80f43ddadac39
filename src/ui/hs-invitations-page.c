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
#include "hs-ui-util.h"

struct _HsInvitationsPage
{
  GtkWidget      parent_instance;

  HsStore       *store;
  GCancellable  *cancellable;
  GListStore    *invitations;

  GtkStack      *stack;
  GtkColumnView *column_view;
};

G_DEFINE_FINAL_TYPE (HsInvitationsPage, hs_invitations_page, GTK_TYPE_WIDGET)

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
  { N_("Delivery"), format_delivery, 6, FALSE, TRUE, NULL },
};

static GPtrArray *
list_all_invitations (sqlite3  *db,
                      GError  **error)
{
  return hs_domain_store_list_invitations (db, NULL, error);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsInvitationsPage) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (!(items = hs_ui_read_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read invitations: %s", error->message);
      return;
    }

  g_list_store_splice (self->invitations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->invitations)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, items->len ? "list" : "empty");
}

/* Reads on a worker thread; a newer reload supersedes one still running. */
void
hs_invitations_page_reload (HsInvitationsPage *self)
{
  g_return_if_fail (HS_IS_INVITATIONS_PAGE (self));

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  hs_ui_read_async (self->store, list_all_invitations, self->cancellable, reload_cb,
                    g_object_ref (self));
}

void
hs_invitations_page_set_store (HsInvitationsPage *self,
                               HsStore           *store)
{
  g_return_if_fail (HS_IS_INVITATIONS_PAGE (self));
  g_return_if_fail (!store || HS_IS_STORE (store));

  g_set_object (&self->store, store);
  hs_invitations_page_reload (self);
}

static void
hs_invitations_page_dispose (GObject *object)
{
  HsInvitationsPage *self = (HsInvitationsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_INVITATIONS_PAGE);
  g_clear_object (&self->store);
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
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->invitations)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  hs_ui_append_columns (self->column_view, columns, G_N_ELEMENTS (columns));
}
