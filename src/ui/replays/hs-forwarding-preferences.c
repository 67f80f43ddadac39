/* hs-forwarding-preferences.c: Preferences › Forwarding (forwarding rules, failure simulation)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both lists live in GSettings ("forward-rules", "response-rules"); HsCapture follows them
 * live, so a rule added here applies to the next delivery. Rows are rebuilt from the settings
 * whenever they change (a handful of rules: nothing to gain from a model).
 */

#define G_LOG_DOMAIN "hs-forwarding-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-forward-rule.h"
#include "hs-forwarding-preferences.h"
#include "hs-response-rule.h"

struct _HsForwardingPreferences
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  AdwPreferencesGroup *rules_group;
  AdwPreferencesGroup *add_group;
  AdwPreferencesGroup *failures_group;
  GPtrArray          *rule_rows;
  GPtrArray          *failure_rows;
  AdwEntryRow        *url_row;
  AdwEntryRow        *events_row;
  GtkSwitch          *relay_switch;
  AdwEntryRow        *failure_row;
};

G_DEFINE_FINAL_TYPE (HsForwardingPreferences, hs_forwarding_preferences,
                     ADW_TYPE_PREFERENCES_PAGE)

static void
toast (HsForwardingPreferences *self,
       const char              *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (escaped));
}

static GtkWidget *
remove_button (const char *tooltip,
               GCallback   callback,
               gpointer    self,
               guint       index)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect_swapped (button, "clicked", callback, self);
  return button;
}

static void
remove_rule_cb (HsForwardingPreferences *self,
                GtkButton               *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "forward-rules");
  g_autoptr(GPtrArray) rules = hs_forward_rules_from_variant (value);

  if (index < rules->len)
    g_ptr_array_remove_index (rules, index);
  g_settings_set_value (self->settings, "forward-rules", hs_forward_rules_to_variant (rules));
}

static void
remove_failure_cb (HsForwardingPreferences *self,
                   GtkButton               *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  g_auto(GStrv) texts = g_settings_get_strv (self->settings, "response-rules");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; texts[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, texts[i]);
  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "response-rules", (const char * const *)kept);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
rebuild_rules (HsForwardingPreferences *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "forward-rules");
  g_autoptr(GPtrArray) rules = hs_forward_rules_from_variant (value);

  clear_rows (self->rules_group, self->rule_rows);
  for (guint i = 0; i < rules->len; i++)
    {
      HsForwardRule *rule = g_ptr_array_index (rules, i);
      g_autofree char *escaped_title = g_markup_escape_text (rule->url, -1);
      g_autofree char *events = rule->events ? g_strjoinv (", ", rule->events) : NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (events != NULL)
        subtitle = g_strdup_printf (rule->relay ? _("Only %s · relay: the sender gets its answer")
                                                : _("Only %s"), events);
      else
        subtitle = g_strdup (rule->relay ? _("Every event · relay: the sender gets its answer")
                                         : _("Every event"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      {
        g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      }
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("mail-send-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 remove_button (_("Remove Rule"), G_CALLBACK (remove_rule_cb),
                                                self, i));
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
  if (rules->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No forwarding rules"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
}

static void
rebuild_failures (HsForwardingPreferences *self)
{
  g_auto(GStrv) texts = g_settings_get_strv (self->settings, "response-rules");

  clear_rows (self->failures_group, self->failure_rows);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *escaped_title = g_markup_escape_text (texts[i], -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 remove_button (_("Remove Response Rule"),
                                                G_CALLBACK (remove_failure_cb), self, i));
      adw_preferences_group_add (self->failures_group, row);
      g_ptr_array_add (self->failure_rows, row);
    }
  /* Keep the entry last (held: removing it from the group would drop it). */
  g_object_ref (self->failure_row);
  adw_preferences_group_remove (self->failures_group, GTK_WIDGET (self->failure_row));
  adw_preferences_group_add (self->failures_group, GTK_WIDGET (self->failure_row));
  g_object_unref (self->failure_row);
}

static void
settings_changed_cb (HsForwardingPreferences *self,
                     const char              *key)
{
  if (g_str_equal (key, "forward-rules"))
    rebuild_rules (self);
  else if (g_str_equal (key, "response-rules"))
    rebuild_failures (self);
}

static void
add_rule_cb (HsForwardingPreferences *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *events_text = gtk_editable_get_text (GTK_EDITABLE (self->events_row));
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "forward-rules");
  g_autoptr(GPtrArray) rules = hs_forward_rules_from_variant (value);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (events_text, ", ", -1);
  g_auto(GStrv) events = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (url));
  g_autoptr(GError) error = NULL;

  if (!hs_forward_rule_check_url (stripped, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      toast (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (builder, parts[i]);
  events = g_strv_builder_end (builder);
  g_ptr_array_add (rules, hs_forward_rule_new (stripped, (const char * const *)events,
                                               gtk_switch_get_active (self->relay_switch)));
  g_settings_set_value (self->settings, "forward-rules", hs_forward_rules_to_variant (rules));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->events_row), "");
  gtk_switch_set_active (self->relay_switch, FALSE);
}

static void
add_failure_cb (HsForwardingPreferences *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->failure_row));
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autoptr(HsResponseRule) rule = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;
  g_autofree char *normal = NULL;

  if (!(rule = hs_response_rule_parse (text, &error)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->failure_row), "error");
      toast (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->failure_row), "error");

  normal = hs_response_rule_to_string (rule);
  texts = g_settings_get_strv (self->settings, "response-rules");
  g_strv_builder_addv (builder, (const char **)texts);
  g_strv_builder_add (builder, normal);
  all = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "response-rules", (const char * const *)all);
  gtk_editable_set_text (GTK_EDITABLE (self->failure_row), "");
}

static void
build (HsForwardingPreferences *self)
{
  GtkWidget *relay_row = adw_action_row_new ();
  GtkWidget *add_button = gtk_button_new_with_mnemonic (_("_Add Rule"));
  GtkWidget *add_row;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Forwarding"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "mail-send-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), "forwarding");

  self->rules_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->rules_group, _("Forwarding Rules"));
  adw_preferences_group_set_description (self->rules_group,
                                         _("Every new delivery is sent on to these URLs as it is "
                                           "captured, and recorded on the Replays page."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->rules_group);

  self->add_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->add_group, _("New Rule"));
  adw_preferences_group_set_description (self->add_group,
                                         _("Event names separated by commas; none: every "
                                           "event."));
  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Target URL"));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  adw_preferences_group_add (self->add_group, GTK_WIDGET (self->url_row));
  self->events_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->events_row),
                                 _("Only These Events"));
  adw_preferences_group_add (self->add_group, GTK_WIDGET (self->events_row));
  self->relay_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->relay_switch), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (relay_row), _("Relay"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (relay_row),
                               _("The sender waits and gets this target’s answer (502 when it "
                                 "fails)"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (relay_row), GTK_WIDGET (self->relay_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (relay_row),
                                         GTK_WIDGET (self->relay_switch));
  adw_preferences_group_add (self->add_group, relay_row);
  add_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (add_button, GTK_ALIGN_END);
  gtk_widget_set_hexpand (add_button, TRUE);
  gtk_widget_set_margin_top (add_button, 12);
  gtk_widget_add_css_class (add_button, "suggested-action");
  g_signal_connect_swapped (add_button, "clicked", G_CALLBACK (add_rule_cb), self);
  g_signal_connect_swapped (self->url_row, "entry-activated", G_CALLBACK (add_rule_cb), self);
  gtk_box_append (GTK_BOX (add_row), add_button);
  adw_preferences_group_add (self->add_group, add_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->add_group);

  self->failures_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->failures_group, _("Failure Simulation"));
  adw_preferences_group_set_description (self->failures_group,
                                         _("Answer some deliveries with another status, to see "
                                           "how the sender retries. A rule is "
                                           "STATUS[:SHARE][,next=N][,event=NAME][,delay=MS]"
                                           "[,retry-after=S], e.g. 500:0.3 or "
                                           "429,next=2,retry-after=10."));
  self->failure_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->failure_row), _("New Response Rule"));
  adw_entry_row_set_show_apply_button (self->failure_row, TRUE);
  g_signal_connect_swapped (self->failure_row, "apply", G_CALLBACK (add_failure_cb), self);
  adw_preferences_group_add (self->failures_group, GTK_WIDGET (self->failure_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->failures_group);
}

static void
hs_forwarding_preferences_dispose (GObject *object)
{
  HsForwardingPreferences *self = (HsForwardingPreferences *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rule_rows, g_ptr_array_unref);
  g_clear_pointer (&self->failure_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_forwarding_preferences_parent_class)->dispose (object);
}

static void
hs_forwarding_preferences_class_init (HsForwardingPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hs_forwarding_preferences_dispose;
}

static void
hs_forwarding_preferences_init (HsForwardingPreferences *self)
{
  self->rule_rows = g_ptr_array_new ();
  self->failure_rows = g_ptr_array_new ();
  build (self);
}

AdwPreferencesPage *
hs_forwarding_preferences_new (GSettings *settings)
{
  HsForwardingPreferences *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_FORWARDING_PREFERENCES, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_swapped (settings, "changed", G_CALLBACK (settings_changed_cb), self);
  rebuild_rules (self);
  rebuild_failures (self);

  return ADW_PREFERENCES_PAGE (self);
}

/* ------------------------------------------------------------------------------------------ */
/* The header bar's "Forwarding" button: shown while there are rules, says where. */

static void
indicator_update (GtkWidget *button,
                  GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "forward-rules");
  g_autoptr(GPtrArray) rules = hs_forward_rules_from_variant (value);
  g_autofree char *described = hs_forward_rules_describe (rules);
  g_autofree char *tooltip = g_strdup_printf (_("Forwarding every new delivery to %s"), described);
  g_autofree char *label = NULL;

  /* Where, in a few words: the host of the one target, or how many. */
  if (rules->len == 1)
    {
      g_autoptr(GUri) uri = g_uri_parse (((HsForwardRule *)rules->pdata[0])->url,
                                         G_URI_FLAGS_NONE, NULL);
      g_autofree char *host = uri == NULL ? g_strdup ("?")
                              : g_uri_get_port (uri) > 0
                                ? g_strdup_printf ("%s:%d", g_uri_get_host (uri),
                                                   g_uri_get_port (uri))
                                : g_strdup (g_uri_get_host (uri));

      /* The icon says "forwarding" (and the tooltip in words): the host is the news. */
      label = g_steal_pointer (&host);
    }
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u target", "%u targets",
                                          rules->len), rules->len);
  gtk_label_set_text (g_object_get_data (G_OBJECT (button), "label"), label);

  gtk_widget_set_visible (button, rules->len > 0);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  tooltip, -1);
}

static void
indicator_settings_changed_cb (GtkWidget  *button,
                               const char *key,
                               GSettings  *settings)
{
  if (g_str_equal (key, "forward-rules"))
    indicator_update (button, settings);
}

/* @folded_source: (nullable): an object with a "folded" property (the window's leaflet) */
GtkWidget *
hs_forwarding_indicator_new (GSettings *settings,
                             GObject   *folded_source)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  /* The words give way to the page title; folded (narrow), the icon alone says it. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  if (folded_source != NULL)
    g_object_bind_property (folded_source, "folded", label, "visible",
                            G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("mail-send-symbolic"));
  gtk_box_append (GTK_BOX (content), label);
  g_object_set_data (G_OBJECT (button), "label", label);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "accent");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.preferences");
  g_signal_connect_object (settings, "changed",
                           G_CALLBACK (indicator_settings_changed_cb), button,
                           G_CONNECT_SWAPPED);
  indicator_update (button, settings);

  return button;
}
