/* hs-preferences-window.c: the listener, response and storage settings, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-forwarding-preferences.h"
#include "hs-paths.h"
#include "hs-preferences-window.h"

#define MIB (1024 * 1024)

struct _HsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  HsApiKey             *api_key;

  AdwEntryRow          *address_row;
  GtkSpinButton        *port_spin;
  AdwPasswordEntryRow  *api_key_row;
  AdwExpanderRow       *custom_response_row;
  GtkSpinButton        *status_spin;
  AdwEntryRow          *content_type_row;
  AdwEntryRow          *body_row;
  GtkSpinButton        *delay_spin;
  GtkSpinButton        *max_body_spin;
  GtkSpinButton        *retention_spin;
  GtkSwitch            *sync_switch;
  GtkSwitch            *notifications_switch;
};

G_DEFINE_FINAL_TYPE (HsPreferencesWindow, hs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The address is only saved when it parses: a listener must never be pointed at garbage. */
static void
address_apply_cb (HsPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autoptr(GError) error = NULL;

  if (!hs_check_ip_address (text, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  g_settings_set_string (self->settings, "listen-address", text);
}

static void
address_changed_cb (HsPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));

  if (hs_check_ip_address (text, NULL))
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
}

static void
api_key_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HsPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;

  if (!hs_api_key_set_finish (HS_API_KEY (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The API key was not saved. %s. For one "
                                                    "run, start Hookscope with --api-key."),
                                                  error->message);

      markup = g_markup_escape_text (message, -1);
      gtk_widget_add_css_class (GTK_WIDGET (self->api_key_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->api_key_row), "error");
      markup = g_markup_escape_text (hs_api_key_get_value (HS_API_KEY (object)) != NULL
                                     ? _("API key saved in the keyring")
                                     : _("API key removed: deliveries need no key"), -1);
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (markup));
}

/* Saved to the keyring only when applied: never a half-typed key, never in clear. */
static void
api_key_apply_cb (HsPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->api_key_row));

  if (self->api_key == NULL)
    return;
  hs_api_key_set_async (self->api_key, text, NULL, api_key_saved_cb, g_object_ref (self));
}

/**
 * hs_preferences_window_set_api_key:
 * @api_key: the capture's key (hs_capture_get_api_key())
 *
 * Without one, the API key row cannot be used.
 */
void
hs_preferences_window_set_api_key (HsPreferencesWindow *self,
                                   HsApiKey            *api_key)
{
  const char *value;

  g_return_if_fail (HS_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (api_key == NULL || HS_IS_API_KEY (api_key));

  g_set_object (&self->api_key, api_key);
  value = api_key != NULL ? hs_api_key_get_value (api_key) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), value ? value : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->api_key_row), api_key != NULL);
}

static gboolean
mib_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, (double)(g_variant_get_uint64 (variant) / MIB));
  return TRUE;
}

static GVariant *
mib_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  return g_variant_new_uint64 ((guint64)g_value_get_double (value) * MIB);
}

static void
hs_preferences_window_dispose (GObject *object)
{
  HsPreferencesWindow *self = (HsPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->api_key);

  G_OBJECT_CLASS (hs_preferences_window_parent_class)->dispose (object);
}

static void
hs_preferences_window_class_init (HsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, custom_response_row);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, status_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, content_type_row);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, body_row);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, max_body_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, sync_switch);
  gtk_widget_class_bind_template_child (widget_class, HsPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_callback (widget_class, address_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, api_key_apply_cb);
}

static void
hs_preferences_window_init (HsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HsPreferencesWindow *
hs_preferences_window_new (GSettings *settings)
{
  HsPreferencesWindow *self;
  g_autofree char *address = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  address = g_settings_get_string (settings, "listen-address");
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);

  g_settings_bind (settings, "listen-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->api_key_row), FALSE);
  g_settings_bind (settings, "custom-response", self->custom_response_row, "enable-expansion",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "response-status", self->status_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "response-content-type", self->content_type_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "response-body", self->body_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "response-delay", self->delay_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "max-body-size", self->max_body_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, mib_get_mapping, mib_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "retention-cap", self->retention_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "synchronous-full", self->sync_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              hs_forwarding_preferences_new (settings));

  return self;
}
