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

#include "hs-application.h"
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

static void update_saved_actions (HsDeliveriesPage *self);

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
  update_saved_actions (self);

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

/* Escape in the entry clears the search (the filters stay). */
static void
stop_search_cb (HsDeliveriesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
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

/* Saved searches: the entry and filters as they were (the time range as its menu entry, so
 * that "Last Hour" stays the last hour), in GSettings "saved-searches". */

static GSettings *
get_settings (void)
{
  GApplication *app = g_application_get_default ();

  return HS_IS_APPLICATION (app) ? hs_application_get_settings (HS_APPLICATION (app)) : NULL;
}

static guint
checks_mask (GtkCheckButton **checks,
             guint            n)
{
  guint mask = 0;

  for (guint i = 0; i < n; i++)
    if (gtk_check_button_get_active (checks[i]))
      mask |= 1u << i;
  return mask;
}

static void
set_checks (GtkCheckButton **checks,
            guint            n,
            guint            mask)
{
  for (guint i = 0; i < n; i++)
    gtk_check_button_set_active (checks[i], (mask & (1u << i)) != 0);
}

static GVariant *
save_state (HsDeliveriesPage *self)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "text", "s",
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_variant_dict_insert (&dict, "event", "s",
                         gtk_editable_get_text (GTK_EDITABLE (self->event_entry)));
  g_variant_dict_insert (&dict, "auth", "u",
                         checks_mask (self->auth_checks, G_N_ELEMENTS (self->auth_checks)));
  g_variant_dict_insert (&dict, "parse", "u",
                         checks_mask (self->parse_checks, G_N_ELEMENTS (self->parse_checks)));
  g_variant_dict_insert (&dict, "flags", "u",
                         checks_mask (self->flag_checks, G_N_ELEMENTS (self->flag_checks)));
  g_variant_dict_insert (&dict, "range", "u", gtk_drop_down_get_selected (self->time_dropdown));

  return g_variant_dict_end (&dict);
}

/* "“qbuirette” · Not JSON · Last Hour": what a saved search is, for its menu item. */
static char *
describe_state (GVariant *state)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *text = NULL;
  const char *event = NULL;
  guint auth = 0, parse = 0, flags = 0, range = 0;
  guint n_filters;

  g_variant_lookup (state, "text", "&s", &text);
  g_variant_lookup (state, "event", "&s", &event);
  g_variant_lookup (state, "auth", "u", &auth);
  g_variant_lookup (state, "parse", "u", &parse);
  g_variant_lookup (state, "flags", "u", &flags);
  g_variant_lookup (state, "range", "u", &range);

  if (text != NULL && text[0] != '\0')
    /* Translators: a saved search's text, in quotes */
    g_ptr_array_add (parts, g_strdup_printf (_("“%s”"), text));
  if (event != NULL && event[0] != '\0')
    g_ptr_array_add (parts, g_strdup (event));
  n_filters = (auth != 0) + (parse != 0) + (flags != 0);
  if (n_filters > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filter",
                                                          "%u filters", n_filters), n_filters));
  if (range > 0 && range < G_N_ELEMENTS (ranges))
    g_ptr_array_add (parts, g_strdup (_(ranges[range].label)));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **)parts->pdata);
}

static void
rebuild_saved_menu (HsDeliveriesPage *self)
{
  GSettings *settings = get_settings ();
  g_autoptr(GVariant) saved = settings ? g_settings_get_value (settings, "saved-searches") : NULL;
  g_autoptr(GMenu) searches = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  gsize n = saved ? g_variant_n_children (saved) : 0;

  g_menu_remove_all (self->saved_menu);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) state = g_variant_get_child_value (saved, i);
      g_autofree char *text = describe_state (state);
      g_auto(GStrv) parts = g_strsplit (text, "_", -1);
      /* Menu labels take "_" as a mnemonic: a search for "event_name" keeps its underscore. */
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "deliveries.apply-search",
                                               g_variant_new_uint32 (i));
      g_menu_append_item (searches, item);
    }
  g_menu_append_section (self->saved_menu, NULL, G_MENU_MODEL (searches));
  g_menu_append (edit, _("_Save This Search"), "deliveries.save-search");
  g_menu_append (edit, _("_Forget This Search"), "deliveries.forget-search");
  g_menu_append_section (self->saved_menu, NULL, G_MENU_MODEL (edit));
}

/* The position of the current search among the saved ones, or -1. */
static gssize
find_saved (HsDeliveriesPage *self,
            GVariant         *saved)
{
  g_autoptr(GVariant) state = g_variant_ref_sink (save_state (self));

  for (gsize i = 0; saved != NULL && i < g_variant_n_children (saved); i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (saved, i);

      if (g_variant_equal (child, state))
        return i;
    }
  return -1;
}

static void
update_saved_actions (HsDeliveriesPage *self)
{
  GSettings *settings = get_settings ();
  g_autoptr(GVariant) saved = settings ? g_settings_get_value (settings, "saved-searches") : NULL;
  gboolean is_saved = find_saved (self, saved) >= 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deliveries.save-search",
                                 settings != NULL && self->query != NULL && !is_saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deliveries.forget-search", is_saved);
}

static void
save_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  GSettings *settings = get_settings ();
  g_autoptr(GVariant) saved = NULL;
  GVariantBuilder builder;

  if (settings == NULL)
    return;

  saved = g_settings_get_value (settings, "saved-searches");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (gsize i = 0; i < g_variant_n_children (saved); i++)
    g_variant_builder_add_value (&builder, g_variant_get_child_value (saved, i));
  g_variant_builder_add_value (&builder, save_state (self));
  g_settings_set_value (settings, "saved-searches", g_variant_builder_end (&builder));
}

static void
forget_search_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  GSettings *settings = get_settings ();
  g_autoptr(GVariant) saved = NULL;
  GVariantBuilder builder;
  gssize position;

  if (settings == NULL)
    return;

  saved = g_settings_get_value (settings, "saved-searches");
  position = find_saved (self, saved);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (gsize i = 0; i < g_variant_n_children (saved); i++)
    if ((gssize)i != position)
      g_variant_builder_add_value (&builder, g_variant_get_child_value (saved, i));
  g_settings_set_value (settings, "saved-searches", g_variant_builder_end (&builder));
}

static void
apply_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  GSettings *settings = get_settings ();
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GVariant) state = NULL;
  guint index = g_variant_get_uint32 (parameter);
  const char *text = "";
  const char *event = "";
  guint auth = 0, parse = 0, flags = 0, range = 0;

  if (settings == NULL)
    return;
  saved = g_settings_get_value (settings, "saved-searches");
  if (index >= g_variant_n_children (saved))
    return;

  state = g_variant_get_child_value (saved, index);
  g_variant_lookup (state, "text", "&s", &text);
  g_variant_lookup (state, "event", "&s", &event);
  g_variant_lookup (state, "auth", "u", &auth);
  g_variant_lookup (state, "parse", "u", &parse);
  g_variant_lookup (state, "flags", "u", &flags);
  g_variant_lookup (state, "range", "u", &range);

  gtk_editable_set_text (GTK_EDITABLE (self->event_entry), event);
  set_checks (self->auth_checks, G_N_ELEMENTS (self->auth_checks), auth);
  set_checks (self->parse_checks, G_N_ELEMENTS (self->parse_checks), parse);
  set_checks (self->flag_checks, G_N_ELEMENTS (self->flag_checks), flags);
  gtk_drop_down_set_selected (self->time_dropdown, range < G_N_ELEMENTS (ranges) ? range : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

void
hs_deliveries_page_install_search_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "deliveries.save-search", NULL,
                                   save_search_action);
  gtk_widget_class_install_action (widget_class, "deliveries.forget-search", NULL,
                                   forget_search_action);
  gtk_widget_class_install_action (widget_class, "deliveries.apply-search", "u",
                                   apply_search_action);
}

/* The filters' popover: its widgets are the page's (self->event_entry, the check buttons,
 * the time menu). */
static GtkWidget *
create_filters_popover (HsDeliveriesPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *columns;
  GtkWidget *left;
  GtkWidget *right;
  GtkWidget *section;
  GtkWidget *clear;
  g_autoptr(GtkStringList) range_names = gtk_string_list_new (NULL);

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

  return popover;
}

void
hs_deliveries_page_setup_search (HsDeliveriesPage *self)
{
  self->search_cancellable = g_cancellable_new ();
  gtk_menu_button_set_popover (self->filters_button, create_filters_popover (self));

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (query_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb),
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

  self->saved_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->saved_button, G_MENU_MODEL (self->saved_menu));
  rebuild_saved_menu (self);
  update_saved_actions (self);
}

/* Once the application exists (the page is built before the window is shown). */
void
hs_deliveries_page_bind_saved_searches (HsDeliveriesPage *self)
{
  GSettings *settings = get_settings ();

  if (settings == NULL)
    return;

  g_signal_connect_object (settings, "changed::saved-searches",
                           G_CALLBACK (rebuild_saved_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::saved-searches",
                           G_CALLBACK (update_saved_actions), self, G_CONNECT_SWAPPED);
  rebuild_saved_menu (self);
  update_saved_actions (self);
}
