/* hs-deliveries-search.c: the Deliveries page's search entry and filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change builds one HsDeliveryQuery and reads its results into a new list on a worker;
 * a newer change cancels a read still running, and the list in view is replaced only when the
 * new one is read (no flash of an empty list while typing).
 */

#define G_LOG_DOMAIN "hs-deliveries-search"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-deliveries-page-private.h"
#include "hs-ui-util.h"

/* The time range menu: how far back, in seconds (0: any time). */
static const struct
{
  const char *label;
  gint64      seconds;
} ranges[] = {
  { N_("Any Time"), 0 },
  { N_("Last Hour"), 3600 },
  { N_("Last 24 Hours"), 24 * 3600 },
  { N_("Last 7 Days"), 7 * 24 * 3600 },
};

static HsDeliveryQuery *
build_query (HsDeliveriesPage *self)
{
  HsDeliveryQuery *query = hs_delivery_query_new ();
  guint auth = 0;
  guint parse = 0;
  HsDeliveryFlags flags = 0;
  guint range;

  hs_delivery_query_set_text (query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  hs_delivery_query_set_event_name (query,
                                    gtk_editable_get_text (GTK_EDITABLE (self->event_entry)));

  for (guint i = 0; i < G_N_ELEMENTS (self->auth_checks); i++)
    if (gtk_check_button_get_active (self->auth_checks[i]))
      auth |= HS_DELIVERY_QUERY_VERDICT (i);
  for (guint i = 0; i < G_N_ELEMENTS (self->parse_checks); i++)
    if (gtk_check_button_get_active (self->parse_checks[i]))
      parse |= HS_DELIVERY_QUERY_VERDICT (i);
  for (guint i = 0; i < G_N_ELEMENTS (self->flag_checks); i++)
    if (gtk_check_button_get_active (self->flag_checks[i]))
      flags |= 1 << i;
  hs_delivery_query_set_auth (query, auth);
  hs_delivery_query_set_parse (query, parse);
  hs_delivery_query_set_flags (query, flags);

  range = gtk_drop_down_get_selected (self->time_dropdown);
  if (range < G_N_ELEMENTS (ranges) && ranges[range].seconds > 0)
    hs_delivery_query_set_range (query,
                                 g_get_real_time () - ranges[range].seconds * G_USEC_PER_SEC,
                                 0);

  return query;
}

/* "Filters" or "Filters (2)": how many kinds of filter are on. */
static void
update_filters_label (HsDeliveriesPage *self,
                      HsDeliveryQuery  *query)
{
  guint n = (hs_delivery_query_get_event_name (query) != NULL) +
            (hs_delivery_query_get_auth (query) != 0) +
            (hs_delivery_query_get_parse (query) != 0) +
            (hs_delivery_query_get_flags (query) != 0) +
            (hs_delivery_query_get_since (query) != 0);
  g_autofree char *label = NULL;

  /* Translators: the filters button with how many filters are on */
  label = n > 0 ? g_strdup_printf (_("Filters (%u)"), n) : g_strdup (_("Filters"));
  gtk_menu_button_set_label (self->filters_button, label);
}

static void
search_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  HsDeliveryList *list = HS_DELIVERY_LIST (object);
  g_autoptr(GError) error = NULL;

  if (!hs_delivery_list_load_finish (list, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Search failed: %s"), error->message);

          hs_deliveries_page_add_toast (self, text);
        }
      return;
    }

  hs_deliveries_page_set_list (self, list);
}

static void
query_changed (HsDeliveriesPage *self)
{
  g_autoptr(HsDeliveryQuery) query = build_query (self);
  g_autoptr(HsDeliveryList) list = NULL;
  GCancellable *cancellable;

  update_filters_label (self, query);

  if (hs_delivery_query_is_empty (query))
    g_clear_pointer (&query, hs_delivery_query_unref);
  if (hs_delivery_query_equal (query, self->query) || self->store == NULL)
    return;

  g_clear_pointer (&self->query, hs_delivery_query_unref);
  self->query = query ? hs_delivery_query_ref (query) : NULL;

  cancellable = hs_ui_supersede (&self->search_cancellable);
  list = hs_delivery_list_new (self->store);
  hs_delivery_list_set_query (list, query);
  hs_delivery_list_load_async (list, cancellable, search_loaded_cb, g_object_ref (self));
}

static GtkCheckButton *
add_check (GtkWidget  *box,
           const char *label)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_box_append (GTK_BOX (box), check);
  return GTK_CHECK_BUTTON (check);
}

static GtkWidget *
add_section (GtkWidget  *box,
             const char *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), section);

  return section;
}

static void
clear_filters_cb (HsDeliveriesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->event_entry), "");
  for (guint i = 0; i < G_N_ELEMENTS (self->auth_checks); i++)
    gtk_check_button_set_active (self->auth_checks[i], FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (self->parse_checks); i++)
    gtk_check_button_set_active (self->parse_checks[i], FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (self->flag_checks); i++)
    gtk_check_button_set_active (self->flag_checks[i], FALSE);
  gtk_drop_down_set_selected (self->time_dropdown, 0);
}

void
hs_deliveries_page_setup_search (HsDeliveriesPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *columns;
  GtkWidget *left;
  GtkWidget *right;
  GtkWidget *section;
  GtkWidget *clear;
  g_autoptr(GtkStringList) range_names = gtk_string_list_new (NULL);

  self->search_cancellable = g_cancellable_new ();
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  /* Two columns, so that the popover fits a window of 720 px. */
  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (columns), left);
  gtk_box_append (GTK_BOX (columns), right);
  gtk_box_append (GTK_BOX (box), columns);

  section = add_section (left, _("Event"));
  self->event_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->event_entry, _("Any event"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->event_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Event name"), -1);
  gtk_box_append (GTK_BOX (section), GTK_WIDGET (self->event_entry));

  /* In the order of HsAuthVerdict and HsParseVerdict. */
  section = add_section (left, _("API Key"));
  self->auth_checks[HS_AUTH_NOT_REQUIRED] = add_check (section, _("Not required"));
  self->auth_checks[HS_AUTH_OK] = add_check (section, _("Accepted"));
  self->auth_checks[HS_AUTH_MISSING] = add_check (section, _("Missing"));
  self->auth_checks[HS_AUTH_WRONG] = add_check (section, _("Wrong"));

  section = add_section (right, _("Payload"));
  self->parse_checks[HS_PARSE_OK] = add_check (section, _("Understood"));
  self->parse_checks[HS_PARSE_NOT_JSON] = add_check (section, _("Not JSON"));
  self->parse_checks[HS_PARSE_UNKNOWN_EVENT] = add_check (section, _("Unknown event"));
  self->parse_checks[HS_PARSE_INVALID_SHAPE] = add_check (section, _("Invalid shape"));

  /* In the order of the HsDeliveryFlags bits. */
  section = add_section (right, _("Flags"));
  self->flag_checks[0] = add_check (section, _("Truncated"));
  self->flag_checks[1] = add_check (section, _("Duplicate"));
  self->flag_checks[2] = add_check (section, _("Out of order"));

  section = add_section (left, _("Received"));
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    gtk_string_list_append (range_names, _(ranges[i].label));
  self->time_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (range_names)),
                                                          NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Received"), -1);
  gtk_box_append (GTK_BOX (section), GTK_WIDGET (self->time_dropdown));

  clear = gtk_button_new_with_mnemonic (_("_Clear Filters"));
  gtk_widget_set_margin_top (clear, 6);
  gtk_widget_set_halign (clear, GTK_ALIGN_END);
  g_signal_connect_object (clear, "clicked", G_CALLBACK (clear_filters_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), clear);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->filters_button, popover);

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (query_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->event_entry, "changed", G_CALLBACK (query_changed), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (self->auth_checks); i++)
    g_signal_connect_object (self->auth_checks[i], "toggled", G_CALLBACK (query_changed), self,
                             G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (self->parse_checks); i++)
    g_signal_connect_object (self->parse_checks[i], "toggled", G_CALLBACK (query_changed), self,
                             G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (self->flag_checks); i++)
    g_signal_connect_object (self->flag_checks[i], "toggled", G_CALLBACK (query_changed), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_dropdown, "notify::selected",
                           G_CALLBACK (query_changed), self, G_CONNECT_SWAPPED);
}
