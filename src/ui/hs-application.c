/* hs-application.c: the GNOME application: actions, accelerators, settings, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-application"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-preferences-window.h"
#include "hs-window.h"

struct _HsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;

  /* Command-line overrides for this run only (tests and second instances need them). */
  char           *listen_override;
  char           *db_override;
  char           *api_key_override;
};

G_DEFINE_FINAL_TYPE (HsApplication, hs_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run the listener without a window"), NULL },
  { "listen", 'l', 0, G_OPTION_ARG_STRING, NULL, N_("Listen on ADDR:PORT for this run"),
    N_("ADDR:PORT") },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the database at PATH for this run"),
    N_("PATH") },
  { "api-key", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Require this x-api-key for this run"),
    N_("KEY") },
  { NULL }
};

HsApplication *
hs_application_new (void)
{
  return g_object_new (HS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
hs_application_get_settings (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  return self->settings;
}

static int
hs_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  HsApplication *self = HS_APPLICATION (app);

  g_variant_dict_lookup (options, "listen", "s", &self->listen_override);
  g_variant_dict_lookup (options, "db", "^ay", &self->db_override);
  g_variant_dict_lookup (options, "api-key", "s", &self->api_key_override);

  return -1;
}

static void
hs_application_activate (GApplication *app)
{
  HsApplication *self = HS_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (hs_window_new (self));

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  HsPreferencesWindow *prefs = hs_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  HsApplication *self = user_data;
  static const char *developers[] = { "The Hookscope developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("Hookscope"),
                        "developer-name", _("The Hookscope developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Capture, understand and replay the webhooks of the "
                                      "Omerlo Backoffice."),
                        "website", "https://github.com/hookscope/hookscope",
                        "issue-url", "https://github.com/hookscope/hookscope/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
hs_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-page::deliveries", { "<Alt>1", NULL } },
    { "win.show-page::invitations", { "<Alt>2", NULL } },
    { "win.show-page::events", { "<Alt>3", NULL } },
    { "win.show-page::calendar", { "<Alt>4", NULL } },
    { "win.show-page::replays", { "<Alt>5", NULL } },
  };
  HsApplication *self = HS_APPLICATION (app);

  G_APPLICATION_CLASS (hs_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
hs_application_finalize (GObject *object)
{
  HsApplication *self = (HsApplication *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->listen_override, g_free);
  g_clear_pointer (&self->db_override, g_free);
  g_clear_pointer (&self->api_key_override, g_free);

  G_OBJECT_CLASS (hs_application_parent_class)->finalize (object);
}

static void
hs_application_class_init (HsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hs_application_finalize;

  app_class->activate = hs_application_activate;
  app_class->startup = hs_application_startup;
  app_class->handle_local_options = hs_application_handle_local_options;
}

static void
hs_application_init (HsApplication *self)
{
  self->settings = g_settings_new (APP_ID_BASE);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Capture, understand and replay the webhooks "
                                              "of the Omerlo Backoffice."));
}
