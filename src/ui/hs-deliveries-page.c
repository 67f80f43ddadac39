/* hs-deliveries-page.c: the Deliveries page: live list, and an empty state that says how to
 * send the first webhook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-deliveries-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-deliveries-page.h"

struct _HsDeliveriesPage
{
  GtkWidget      parent_instance;

  char          *url;

  GtkStack      *stack;
  AdwActionRow  *url_row;
  GtkLabel      *curl_label;
};

G_DEFINE_FINAL_TYPE (HsDeliveriesPage, hs_deliveries_page, GTK_TYPE_WIDGET)

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

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_DELIVERIES_PAGE);
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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "deliveries.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "deliveries.copy-curl", NULL, copy_curl_action);
}

static void
hs_deliveries_page_init (HsDeliveriesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HsDeliveriesPage *
hs_deliveries_page_new (void)
{
  return g_object_new (HS_TYPE_DELIVERIES_PAGE, NULL);
}
