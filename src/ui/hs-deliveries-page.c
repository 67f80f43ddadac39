/* hs-deliveries-page.c: the Deliveries page: live list, and an empty state that says how to
 * send the first webhook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-deliveries-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-deliveries-page.h"
#include "hs-delivery-list.h"

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

G_DEFINE_FINAL_TYPE (HsDeliveriesPage, hs_deliveries_page, GTK_TYPE_WIDGET)

static char *
format_time (HsDelivery *delivery)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (0);
  g_autoptr(GDateTime) when = g_date_time_add (utc, hs_delivery_get_received_at (delivery));
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%H:%M:%S");
}

static char *
format_method (HsDelivery *delivery)
{
  return g_strdup (hs_delivery_get_method (delivery));
}

static char *
format_path (HsDelivery *delivery)
{
  const char *query = hs_delivery_get_query (delivery);

  if (hs_delivery_get_path (delivery) == NULL)
    return NULL;

  if (query != NULL && query[0] != '\0')
    return g_strconcat (hs_delivery_get_path (delivery), "?", query, NULL);

  return g_strdup (hs_delivery_get_path (delivery));
}

static char *
format_event (HsDelivery *delivery)
{
  return g_strdup (hs_delivery_get_event_name (delivery));
}

static char *
format_status (HsDelivery *delivery)
{
  guint status = hs_delivery_get_response_status (delivery);

  return status ? g_strdup_printf ("%u", status) : NULL;
}

static char *
format_size (HsDelivery *delivery)
{
  if (hs_delivery_get_method (delivery) == NULL)
    return NULL;

  return g_format_size (hs_delivery_get_body_size (delivery));
}

/* What a developer must notice about a delivery, in words. */
static char *
format_notes (HsDelivery *delivery)
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

typedef struct
{
  const char *title;
  char     *(*format) (HsDelivery *delivery);
  int         width_chars;
  gboolean    expand;
  gboolean    monospace;
} HsColumn;

static const HsColumn columns[] = {
  { N_("Time"), format_time, 8, FALSE, TRUE },
  { N_("Method"), format_method, 6, FALSE, TRUE },
  { N_("Path"), format_path, 16, TRUE, TRUE },
  { N_("Event"), format_event, 18, TRUE, FALSE },
  { N_("Status"), format_status, 4, FALSE, TRUE },
  { N_("Size"), format_size, 7, FALSE, FALSE },
  { N_("Notes"), format_notes, 12, TRUE, FALSE },
};

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const HsColumn           *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), column->width_chars);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  if (column->monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const HsColumn           *column)
{
  HsDelivery *delivery = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = column->format (delivery);

  /* Payload text is data: set as plain text, never as markup. */
  gtk_label_set_text (label, text ? text : "");

  if (column->format == format_status)
    {
      guint status = hs_delivery_get_response_status (delivery);

      if (status >= 400)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
    }
  else if (column->format == format_notes)
    {
      if (text != NULL && text[0] != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
    }
}

static void
setup_columns (HsDeliveriesPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer)&columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer)&columns[i]);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

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

static void
delivery_stored_cb (HsDeliveriesPage *self,
                    HsDelivery       *delivery)
{
  hs_delivery_list_prepend (self->list, delivery);
}

void
hs_deliveries_page_bind (HsDeliveriesPage *self,
                         HsStore          *store,
                         const GError     *store_error,
                         HsListener       *listener)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (HS_IS_DELIVERIES_PAGE (self));
  g_return_if_fail (!store || HS_IS_STORE (store));
  g_return_if_fail (!listener || HS_IS_LISTENER (listener));
  g_return_if_fail (self->list == NULL);

  if (store == NULL)
    {
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
  if (listener != NULL)
    g_signal_connect_object (listener, "delivery-stored",
                             G_CALLBACK (delivery_stored_cb), self, G_CONNECT_SWAPPED);

  hs_delivery_list_load_async (self->list, self->cancellable, load_cb, g_object_ref (self));
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

void
hs_deliveries_page_set_url (HsDeliveriesPage *self,
                            const char       *url)
{
  g_autofree char *curl = NULL;

  g_return_if_fail (HS_IS_DELIVERIES_PAGE (self));
  g_return_if_fail (url != NULL);

  g_free (self->url);
  self->url = g_strdup (url);

  curl = build_curl_command (url);
  adw_action_row_set_subtitle (self->url_row, url);
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
  setup_columns (self);
}

HsDeliveriesPage *
hs_deliveries_page_new (void)
{
  return g_object_new (HS_TYPE_DELIVERIES_PAGE, NULL);
}
