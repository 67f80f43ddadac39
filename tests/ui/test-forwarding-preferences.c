/* test-forwarding-preferences.c: Preferences › Forwarding writes valid rules to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HS_SHOW_SECONDS=N: also show the preferences window on that page for N seconds (for a
 * screenshot with `import -window root`), with two rules of each kind.
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "hs-forwarding-preferences.h"
#include "hs-preferences-window.h"

static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_row (child, type, title)))
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

static void
test_forward_rules (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(GVariant) value = NULL;
  GtkWidget *page, *url, *events, *add, *indicator;
  const char *first_url = NULL, *relay_url = NULL;
  g_autofree const char **names = NULL;
  gboolean relay = TRUE;
  GVariant *names_variant = NULL;

  g_settings_reset (settings, "forward-rules");
  page = GTK_WIDGET (g_object_ref_sink (hs_forwarding_preferences_new (settings)));
  indicator = g_object_ref_sink (hs_forwarding_indicator_new (settings, NULL));
  g_assert_false (gtk_widget_get_visible (indicator));

  url = find_row (page, ADW_TYPE_ENTRY_ROW, "Target URL");
  events = find_row (page, ADW_TYPE_ENTRY_ROW, "Only These Events");
  add = find_button (page, "_Add Rule");
  g_assert_nonnull (url);
  g_assert_nonnull (events);
  g_assert_nonnull (add);
  g_assert_nonnull (find_row (page, ADW_TYPE_ACTION_ROW, "No forwarding rules"));

  /* Not an absolute http(s) URL: flagged, nothing saved. */
  gtk_editable_set_text (GTK_EDITABLE (url), "localhost:3000/hooks");
  g_signal_emit_by_name (add, "clicked");
  g_assert_true (gtk_widget_has_css_class (url, "error"));
  value = g_settings_get_value (settings, "forward-rules");
  g_assert_cmpuint (g_variant_n_children (value), ==, 0);
  g_clear_pointer (&value, g_variant_unref);

  gtk_editable_set_text (GTK_EDITABLE (url), " http://localhost:3000/hooks ");
  gtk_editable_set_text (GTK_EDITABLE (events), "a, b");
  g_signal_emit_by_name (add, "clicked");
  g_assert_false (gtk_widget_has_css_class (url, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url)), ==, "");
  value = g_settings_get_value (settings, "forward-rules");
  g_assert_cmpuint (g_variant_n_children (value), ==, 1);
  g_variant_get_child (value, 0, "(&s@asb)", &first_url, &names_variant, &relay);
  names = g_variant_get_strv (names_variant, NULL);
  g_assert_cmpstr (first_url, ==, "http://localhost:3000/hooks");
  g_assert_cmpuint (g_strv_length ((char **)names), ==, 2);
  g_assert_cmpstr (names[0], ==, "a");
  g_assert_cmpstr (names[1], ==, "b");
  g_assert_false (relay);
  g_variant_unref (names_variant);

  /* Shown as a row; the header bar's indicator appears and says where. */
  g_assert_nonnull (find_row (page, ADW_TYPE_ACTION_ROW, "http://localhost:3000/hooks"));
  g_assert_null (find_row (page, ADW_TYPE_ACTION_ROW, "No forwarding rules"));
  g_assert_true (gtk_widget_get_visible (indicator));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (indicator),
                            "http://localhost:3000/hooks (a, b)"));

  /* A second rule, relay; then the first removed with its row's button. */
  gtk_editable_set_text (GTK_EDITABLE (url), "https://example.com/in");
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (
                           ADW_ACTION_ROW (find_row (page, ADW_TYPE_ACTION_ROW, "Relay")))), TRUE);
  g_signal_emit_by_name (add, "clicked");
  g_clear_pointer (&value, g_variant_unref);
  value = g_settings_get_value (settings, "forward-rules");
  g_assert_cmpuint (g_variant_n_children (value), ==, 2);
  g_variant_get_child (value, 1, "(&s@asb)", &relay_url, &names_variant, &relay);
  g_assert_cmpstr (relay_url, ==, "https://example.com/in");
  g_assert_true (relay);
  g_variant_unref (names_variant);
  {
    GtkWidget *row = find_row (page, ADW_TYPE_ACTION_ROW, "http://localhost:3000/hooks");
    /* The row's only button, an icon. */
    GtkWidget *trash = find_button (row, NULL);

    g_assert_nonnull (trash);
    g_signal_emit_by_name (trash, "clicked");
  }
  g_clear_pointer (&value, g_variant_unref);
  value = g_settings_get_value (settings, "forward-rules");
  g_assert_cmpuint (g_variant_n_children (value), ==, 1);

  g_settings_reset (settings, "forward-rules");
  g_assert_false (gtk_widget_get_visible (indicator));
  g_object_unref (indicator);
  g_object_unref (page);
}

static void
test_response_rules (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  GtkWidget *page = GTK_WIDGET (g_object_ref_sink (hs_forwarding_preferences_new (settings)));
  GtkWidget *entry = find_row (page, ADW_TYPE_ENTRY_ROW, "New Response Rule");
  g_auto(GStrv) rules = NULL;

  g_settings_reset (settings, "response-rules");
  g_assert_nonnull (entry);

  gtk_editable_set_text (GTK_EDITABLE (entry), "700");
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  rules = g_settings_get_strv (settings, "response-rules");
  g_assert_cmpuint (g_strv_length (rules), ==, 0);
  g_clear_pointer (&rules, g_strfreev);

  gtk_editable_set_text (GTK_EDITABLE (entry), " 429:0.50,retry-after=10 ");
  g_signal_emit_by_name (entry, "apply");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  rules = g_settings_get_strv (settings, "response-rules");
  g_assert_cmpuint (g_strv_length (rules), ==, 1);
  /* Stored written out the one way. */
  g_assert_cmpstr (rules[0], ==, "429:0.5,retry-after=10");
  g_assert_nonnull (find_row (page, ADW_TYPE_ACTION_ROW, "429:0.5,retry-after=10"));

  g_settings_reset (settings, "response-rules");
  g_assert_null (find_row (page, ADW_TYPE_ACTION_ROW, "429:0.5,retry-after=10"));
  g_object_unref (page);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Not a test: the window for a screenshot. */
static void
show_for_screenshot (guint seconds)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  const char * const responses[] = { "500:0.3", "429,next=2,retry-after=10", NULL };
  GVariantBuilder builder;
  const char * const only[] = { "event_invitation_created", "event_updated", NULL };
  const char * const none[] = { NULL };
  HsPreferencesWindow *window;
  gboolean done = FALSE;
  const char *width = g_getenv ("HS_SHOW_WIDTH");

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sasb)"));
  g_variant_builder_add (&builder, "(s^asb)", "http://localhost:4000/hooks/omerlo", only, FALSE);
  g_variant_builder_add (&builder, "(s^asb)", "https://staging.example.com/webhooks", none, TRUE);
  g_settings_set_value (settings, "forward-rules", g_variant_builder_end (&builder));
  g_settings_set_strv (settings, "response-rules", responses);

  window = hs_preferences_window_new (settings);
  gtk_window_set_default_size (GTK_WINDOW (window), width ? atoi (width) : 640, 760);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "forwarding");
  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add_seconds (seconds, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *show = g_getenv ("HS_SHOW_SECONDS");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (show != NULL)
    {
      show_for_screenshot (atoi (show));
      return 0;
    }

  g_test_add_func ("/forwarding-preferences/forward-rules", test_forward_rules);
  g_test_add_func ("/forwarding-preferences/response-rules", test_response_rules);

  return g_test_run ();
}
