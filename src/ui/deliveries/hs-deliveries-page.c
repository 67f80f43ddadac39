/* hs-deliveries-page.c: the Deliveries page: live list, and an empty state that says how to
 * send the first webhook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-deliveries-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-deliveries-page.h"
#include "hs-delivery-list.h"
#include "hs-page.h"
#include "hs-ui-util.h"

struct _HsDeliveriesPage
{
  GtkWidget      parent_instance;

  char          *url;

  HsDeliveryList *list;
  GCancellable   *cancellable;

  GtkStack      *stack;
  AdwActionRow  *url_row;
  GtkLabel      *curl_label;
  GtkColumnView *column_view;
  AdwStatusPage *error_page;
};

static void page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsDeliveriesPage, hs_deliveries_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, page_iface_init))

static char *
format_time (gpointer delivery)
{
  return hs_ui_format_time_us (hs_delivery_get_received_at (delivery), "%H:%M:%S");
}

static char *
format_method (gpointer delivery)
{
  return g_strdup (hs_delivery_get_method (delivery));
}

static char *
format_path (gpointer delivery)
{
  const char *query = hs_delivery_get_query (delivery);

  if (hs_delivery_get_path (delivery) == NULL)
    return NULL;

  if (query != NULL && query[0] != '\0')
    return g_strconcat (hs_delivery_get_path (delivery), "?", query, NULL);

  return g_strdup (hs_delivery_get_path (delivery));
}

static char *
format_event (gpointer delivery)
{
  return g_strdup (hs_delivery_get_event_name (delivery));
}

static char *
format_status (gpointer delivery)
{
  guint status = hs_delivery_get_response_status (delivery);

  return status ? g_strdup_printf ("%u", status) : NULL;
}

static char *
format_size (gpointer delivery)
{
  if (hs_delivery_get_method (delivery) == NULL)
    return NULL;

  return g_format_size (hs_delivery_get_body_size (delivery));
}

/* What a developer must notice about a delivery, in words. */
static char *
format_notes (gpointer delivery)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  HsDeliveryFlags flags = hs_delivery_get_flags (delivery);

  if (hs_delivery_get_method (delivery) == NULL)
    return g_strdup (_("Pruned"));

  switch (hs_delivery_get_auth_verdict (delivery))
    {
    case HS_AUTH_MISSING:
      g_ptr_array_add (notes, _("No API key"));
      break;
    case HS_AUTH_WRONG:
      g_ptr_array_add (notes, _("Wrong API key"));
      break;
    case HS_AUTH_OK:
    case HS_AUTH_NOT_REQUIRED:
    default:
      break;
    }

  switch (hs_delivery_get_parse_verdict (delivery))
    {
    case HS_PARSE_NOT_JSON:
      g_ptr_array_add (notes, _("Not JSON"));
      break;
    case HS_PARSE_UNKNOWN_EVENT:
      g_ptr_array_add (notes, _("Unknown event"));
      break;
    case HS_PARSE_INVALID_SHAPE:
      g_ptr_array_add (notes, _("Invalid shape"));
      break;
    case HS_PARSE_OK:
    default:
      break;
    }

  if (flags & HS_DELIVERY_FLAG_TRUNCATED)
    g_ptr_array_add (notes, _("Truncated"));
  if (flags & HS_DELIVERY_FLAG_DUPLICATE)
    g_ptr_array_add (notes, _("Duplicate"));
  if (flags & HS_DELIVERY_FLAG_OUT_OF_ORDER)
    g_ptr_array_add (notes, _("Out of order"));

  g_ptr_array_add (notes, NULL);
  /* Translators: separates notes such as "Wrong API key, Duplicate" */
  return g_strjoinv (_(", "), (char **)notes->pdata);
}

static const char *
style_status (gpointer delivery)
{
  return hs_delivery_get_response_status (delivery) >= 400 ? "error" : NULL;
}

static const char *
style_notes (gpointer delivery)
{
  g_autofree char *notes = format_notes (delivery);

  return notes != NULL && notes[0] != '\0' ? "warning" : NULL;
}

static const HsUiColumn columns[] = {
  { N_("Time"), format_time, 8, FALSE, TRUE, NULL },
  { N_("Method"), format_method, 6, FALSE, TRUE, NULL },
  { N_("Path"), format_path, 16, TRUE, TRUE, NULL },
  { N_("Event"), format_event, 18, TRUE, FALSE, NULL },
  { N_("Status"), format_status, 4, FALSE, TRUE, style_status },
  { N_("Size"), format_size, 7, FALSE, FALSE, NULL },
  { N_("Notes"), format_notes, 12, TRUE, FALSE, style_notes },
};

static void
update_visible_page (HsDeliveriesPage *self)
{
  g_assert (HS_IS_DELIVERIES_PAGE (self));

  if (self->list == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
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

static void update_url (HsDeliveriesPage *self);

static void
hs_deliveries_page_bind (HsPage  *page,
                         HsStore *store)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (page);
  HsApplication *app = HS_APPLICATION (g_application_get_default ());
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (self->list == NULL);

  g_signal_connect_object (app, "listener-changed", G_CALLBACK (update_url), self,
                           G_CONNECT_SWAPPED);
  update_url (self);

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

  self->list = hs_delivery_list_new (store);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (update_visible_page), self, G_CONNECT_SWAPPED);
  hs_ui_keep_top_in_view (GTK_WIDGET (self->column_view), G_LIST_MODEL (self->list));

  hs_delivery_list_load_async (self->list, self->cancellable, load_cb, g_object_ref (self));
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

static void
page_iface_init (HsPageInterface *iface)
{
  iface->name = "deliveries";
  iface->title = N_("Deliveries");
  iface->icon_name = "network-receive-symbolic";
  iface->bind = hs_deliveries_page_bind;
  iface->store_changed = hs_deliveries_page_store_changed;
  iface->came_into_view = hs_deliveries_page_came_into_view;
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
  HsCapture *capture = hs_application_get_capture (HS_APPLICATION (g_application_get_default ()));
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
copy_text (GtkWidget  *widget,
           const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);

  if (self->url != NULL)
    copy_text (widget, self->url);
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  g_autofree char *curl = NULL;

  if (self->url == NULL)
    return;

  curl = build_curl_command (self->url);
  copy_text (widget, curl);
}

static void
hs_deliveries_page_dispose (GObject *object)
{
  HsDeliveriesPage *self = (HsDeliveriesPage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_DELIVERIES_PAGE);
  g_clear_object (&self->list);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-deliveries-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, curl_label);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveriesPage, error_page);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "deliveries.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "deliveries.copy-curl", NULL, copy_curl_action);
}

static void
hs_deliveries_page_init (HsDeliveriesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  hs_ui_append_columns (self->column_view, columns, G_N_ELEMENTS (columns));
}
