/* hs-application.c: the GNOME application: actions, accelerators, settings, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdlib.h>

#include "hs-application.h"
#include "hs-capture.h"
#include "hs-delivery-notifier.h"
#include "hs-paths.h"
#include "hs-preferences-window.h"
#include "hs-window.h"

struct _HsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  HsCapture      *capture;
  GError         *store_error;
  HsDeliveryNotifier *notifier;

  /* Command-line overrides for this run only (tests and second instances need them). */
  char           *listen_override;
  char           *db_override;
  char           *api_key_override;
};

G_DEFINE_FINAL_TYPE (HsApplication, hs_application, ADW_TYPE_APPLICATION)

enum {
  LISTENER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* NULL when the database could not be opened: see hs_application_get_store_error(). */
HsStore *
hs_application_get_store (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  return self->capture ? hs_capture_get_store (self->capture) : NULL;
}

const GError *
hs_application_get_store_error (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/* The capture controller (NULL when the database could not be opened): the listener's state
 * as the main thread sees it. The HsListener itself runs on its own thread. */
HsCapture *
hs_application_get_capture (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  return self->capture;
}

HsListener *
hs_application_get_listener (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  return self->capture ? hs_capture_get_listener (self->capture) : NULL;
}

/* Why the listener is not running (port in use, bad address), or NULL. */
const GError *
hs_application_get_listener_error (HsApplication *self)
{
  g_return_val_if_fail (HS_IS_APPLICATION (self), NULL);

  return self->capture ? hs_capture_get_listener_error (self->capture) : NULL;
}

static void
listener_changed_cb (HsApplication *self)
{
  g_signal_emit (self, signals[LISTENER_CHANGED], 0);
}

/* The shared capture controller (hs-capture.c), following the preferences live, with what the
 * command line pinned for this run. */
static void
setup_capture (HsApplication *self)
{
  g_autofree char *db_path = NULL;
  g_autoptr(HsCapture) capture = hs_capture_new ();
  g_autoptr(GError) error = NULL;

  g_assert (HS_IS_APPLICATION (self));

  db_path = self->db_override ? g_strdup (self->db_override) : hs_paths_default_database ();
  /* The listener on a thread of its own: a slow frame never delays an answer. */
  hs_capture_set_threaded (capture, TRUE);
  if (!hs_capture_open (capture, db_path, &self->store_error))
    {
      g_warning ("%s", self->store_error->message);
      return;
    }
  self->capture = g_steal_pointer (&capture);

  g_signal_connect_object (self->capture, "listener-changed",
                           G_CALLBACK (listener_changed_cb), self, G_CONNECT_SWAPPED);
  self->notifier = hs_delivery_notifier_new (GTK_APPLICATION (self),
                                             hs_capture_get_store (self->capture),
                                             self->settings);

  /* A bad --listen is shown where the listener's state is: the window's sidebar. */
  if (self->listen_override != NULL &&
      !hs_capture_pin_listen (self->capture, self->listen_override, &error))
    return;
  /* --api-key, else HOOKSCOPE_API_KEY (no keyring, or tests): the keyring is then not asked. */
  if (self->api_key_override != NULL)
    hs_capture_pin_api_key (self->capture, self->api_key_override);
  else if (g_getenv ("HOOKSCOPE_API_KEY") != NULL)
    hs_capture_pin_api_key (self->capture, g_getenv ("HOOKSCOPE_API_KEY"));
  hs_capture_use_settings (self->capture, self->settings, TRUE);

  if (!hs_capture_start (self->capture, &error))
    g_warning ("%s", error->message);
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

  if (self->capture != NULL)
    hs_preferences_window_set_api_key (prefs, hs_capture_get_api_key (self->capture));

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

static void
activate_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

/* A notification clicked (hs-delivery-notifier.c): its delivery, in a window. */
static void
show_delivery_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (hs_window_new (self));
  gtk_window_present (window);
  if (self->notifier != NULL)
    hs_delivery_notifier_seen (self->notifier);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-item", "(sv)", "delivery",
                              g_variant_new_int64 (g_variant_get_int64 (parameter)));
}

static const GActionEntry app_actions[] = {
  { "activate", activate_action },
  { "show-delivery", show_delivery_action, "x" },
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

/* SIGINT/SIGTERM quit like Ctrl+Q: in-flight deliveries commit and the database closes. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

/* The installed schema, or, when running from the build tree, the one compiled there. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID_BASE, TRUE);

  if (schema == NULL &&
      (build_source = g_settings_schema_source_new_from_directory (BUILD_SCHEMA_DIR, source,
                                                                   FALSE, NULL)))
    schema = g_settings_schema_source_lookup (build_source, APP_ID_BASE, FALSE);

  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

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

  if (!(self->settings = create_settings ()))
    {
      g_printerr (_("The settings schema %s is not installed: install Hookscope (meson "
                    "install), or run it with build-aux/dev.sh run.\n"), APP_ID_BASE);
      exit (1);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  setup_capture (self);

  g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
  g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
}

static void
hs_application_shutdown (GApplication *app)
{
  HsApplication *self = HS_APPLICATION (app);

  /* Stop accepting, answer the deliveries in flight, then close the database. */
  if (self->capture != NULL)
    hs_capture_shutdown (self->capture, 10);

  G_APPLICATION_CLASS (hs_application_parent_class)->shutdown (app);
}

static void
hs_application_finalize (GObject *object)
{
  HsApplication *self = (HsApplication *)object;

  g_clear_object (&self->notifier);
  g_clear_object (&self->capture);
  g_clear_error (&self->store_error);
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
  app_class->shutdown = hs_application_shutdown;

  /* The listener was (re)started or failed to: windows refresh their status. */
  signals[LISTENER_CHANGED] =
    g_signal_new ("listener-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  app_class->handle_local_options = hs_application_handle_local_options;
}

static void
hs_application_init (HsApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Capture, understand and replay the webhooks "
                                              "of the Omerlo Backoffice."));
}
