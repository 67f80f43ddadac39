/* test-preferences.c: the preferences window writes only valid values to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "hs-preferences-window.h"

static GtkWidget *
find_by_title (GtkWidget  *root,
               GType       type,
               const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;

      if ((found = find_by_title (child, type, title)))
        return found;
    }

  return NULL;
}

static GtkWidget *
find_spin_in_row (GtkWidget  *root,
                  const char *title)
{
  GtkWidget *row = find_by_title (root, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
}

static void
test_address_validation (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  HsPreferencesWindow *window = hs_preferences_window_new (settings);
  GtkWidget *row = find_by_title (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Address");
  g_autofree char *address = NULL;

  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "127.0.0.1");

  /* Not an address: flagged, and the setting keeps its value. */
  gtk_editable_set_text (GTK_EDITABLE (row), "localhost.example");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  address = g_settings_get_string (settings, "listen-address");
  g_assert_cmpstr (address, ==, "127.0.0.1");

  /* A valid IPv6 address is saved and the error goes away. */
  gtk_editable_set_text (GTK_EDITABLE (row), "::1");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_free (address);
  address = g_settings_get_string (settings, "listen-address");
  g_assert_cmpstr (address, ==, "::1");

  g_settings_reset (settings, "listen-address");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_ranges (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  HsPreferencesWindow *window = hs_preferences_window_new (settings);
  GtkSpinButton *port = GTK_SPIN_BUTTON (find_spin_in_row (GTK_WIDGET (window), "Port"));
  GtkSpinButton *max_body = GTK_SPIN_BUTTON (find_spin_in_row (GTK_WIDGET (window),
                                                               "Maximum Body Size"));
  GtkSpinButton *delay = GTK_SPIN_BUTTON (find_spin_in_row (GTK_WIDGET (window), "Delay"));

  /* Bound both ways, starting from the schema defaults. */
  g_assert_cmpfloat (gtk_spin_button_get_value (port), ==, 8765);
  g_assert_cmpfloat (gtk_spin_button_get_value (max_body), ==, 10);

  gtk_spin_button_set_value (port, 9000);
  g_assert_cmpuint (g_settings_get_uint (settings, "listen-port"), ==, 9000);

  /* Out of range values are clamped to the valid port range, never written as they are. */
  gtk_spin_button_set_value (port, 70000);
  g_assert_cmpuint (g_settings_get_uint (settings, "listen-port"), ==, 65535);
  gtk_spin_button_set_value (port, 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "listen-port"), ==, 1);

  /* The body limit is shown in MiB and stored in bytes. */
  gtk_spin_button_set_value (max_body, 3);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "max-body-size"), ==, 3 * 1024 * 1024);

  gtk_spin_button_set_value (delay, 45000);
  g_assert_cmpuint (g_settings_get_uint (settings, "response-delay"), ==, 30000);

  g_settings_set_uint (settings, "listen-port", 8123);
  g_assert_cmpfloat (gtk_spin_button_get_value (port), ==, 8123);

  g_settings_reset (settings, "listen-port");
  g_settings_reset (settings, "max-body-size");
  g_settings_reset (settings, "response-delay");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/preferences/address-validation", test_address_validation);
  g_test_add_func ("/preferences/ranges", test_ranges);

  return g_test_run ();
}
