/* hs-capture.c: the capture controller the window and --headless share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One setup for both: the store (opened and migrated), its projections started, the listener
 * made and configured from the settings (the window follows them live; --headless reads them
 * once), the command line's --listen and --api-key pinned over them, and the shutdown drain:
 * stop taking deliveries, answer the ones in flight, let the writer commit and the projector
 * apply what is left, close the database.
 */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-capture.h"
#include "hs-paths.h"
#include "hs-projections.h"

struct _HsCapture
{
  GObject     parent_instance;

  HsStore    *store;
  HsListener *listener;
  GError     *listener_error;
  GSettings  *settings;
  gboolean    live;
  gboolean    listen_pinned;
  gboolean    api_key_pinned;
};

G_DEFINE_FINAL_TYPE (HsCapture, hs_capture, G_TYPE_OBJECT)

enum {
  LISTENER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the listener takes from the settings, by property name and key. */
static const struct {
  const char *property;
  const char *key;
} listener_keys[] = {
  { "custom-response", "custom-response" },
  { "response-status", "response-status" },
  { "response-body", "response-body" },
  { "response-content-type", "response-content-type" },
  { "response-delay", "response-delay" },
  { "max-body-size", "max-body-size" },
};

HsCapture *
hs_capture_new (void)
{
  return g_object_new (HS_TYPE_CAPTURE, NULL);
}

/**
 * hs_capture_open:
 *
 * Opens the database at @db_path (see hs_store_open()), starts its projections and makes the
 * listener (not started yet).
 */
gboolean
hs_capture_open (HsCapture   *self,
                 const char  *db_path,
                 GError     **error)
{
  guint n_projections;
  const HsProjectionInfo * const *projections;

  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  if (!(self->store = hs_store_open (db_path, error)))
    return FALSE;

  projections = hs_projections_get_all (&n_projections);
  hs_store_start_projections (self->store, projections, n_projections);
  self->listener = hs_listener_new (self->store);

  return TRUE;
}

HsStore *
hs_capture_get_store (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->store;
}

HsListener *
hs_capture_get_listener (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->listener;
}

/* Why the listener is not running (port in use, bad address), or NULL. */
const GError *
hs_capture_get_listener_error (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->listener_error;
}

/* (Re)starts the listener; FALSE with the reason in hs_capture_get_listener_error(). */
gboolean
hs_capture_start (HsCapture  *self,
                  GError    **error)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (self->listener != NULL, FALSE);

  g_clear_error (&self->listener_error);
  if (hs_listener_get_running (self->listener))
    hs_listener_stop (self->listener);

  if (!hs_listener_start (self->listener, &self->listener_error))
    {
      g_signal_emit (self, signals[LISTENER_CHANGED], 0);
      if (error != NULL)
        *error = g_error_copy (self->listener_error);
      return FALSE;
    }

  g_signal_emit (self, signals[LISTENER_CHANGED], 0);
  return TRUE;
}

static void
store_settings_changed_cb (HsCapture *self)
{
  hs_store_set_retention_cap (self->store, g_settings_get_uint (self->settings, "retention-cap"));
  hs_store_set_synchronous_full (self->store,
                                 g_settings_get_boolean (self->settings, "synchronous-full"));
}

static void
read_listen (HsCapture *self)
{
  hs_listener_set_address (self->listener,
                           g_settings_get_string (self->settings, "listen-address"));
  hs_listener_set_port (self->listener, g_settings_get_uint (self->settings, "listen-port"));
}

/* A new address or port: the listener starts over on it (a running one only). */
static void
listen_settings_changed_cb (HsCapture *self)
{
  gboolean running = hs_listener_get_running (self->listener);

  if (self->listen_pinned)
    return;

  read_listen (self);
  if (running || self->listener_error != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!hs_capture_start (self, &error))
        g_warning ("%s", error->message);
    }
}

/**
 * hs_capture_use_settings:
 * @settings: Hookscope's settings (the preferences)
 * @live: follow changes (the window), or read them once (--headless)
 *
 * Configures the store and the listener from @settings: address and port, API key, the
 * response, the body limit, retention and durability. What was pinned from the command line
 * stays.
 */
void
hs_capture_use_settings (HsCapture *self,
                         GSettings *settings,
                         gboolean   live)
{
  g_return_if_fail (HS_IS_CAPTURE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->listener != NULL);

  g_set_object (&self->settings, settings);
  self->live = live;

  for (guint i = 0; i < G_N_ELEMENTS (listener_keys); i++)
    g_settings_bind (settings, listener_keys[i].key, self->listener, listener_keys[i].property,
                     live ? G_SETTINGS_BIND_GET : G_SETTINGS_BIND_GET_NO_CHANGES);
  if (!self->api_key_pinned)
    g_settings_bind (settings, "api-key", self->listener, "api-key",
                     live ? G_SETTINGS_BIND_GET : G_SETTINGS_BIND_GET_NO_CHANGES);
  if (!self->listen_pinned)
    read_listen (self);
  store_settings_changed_cb (self);

  if (live)
    {
      g_signal_connect_object (settings, "changed::retention-cap",
                               G_CALLBACK (store_settings_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::synchronous-full",
                               G_CALLBACK (store_settings_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::listen-address",
                               G_CALLBACK (listen_settings_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::listen-port",
                               G_CALLBACK (listen_settings_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

/* --listen ADDR:PORT for this run: the settings' address and port no longer apply. */
gboolean
hs_capture_pin_listen (HsCapture   *self,
                       const char  *listen,
                       GError     **error)
{
  g_autofree char *address = NULL;
  guint port = 0;

  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (listen != NULL, FALSE);
  g_return_val_if_fail (error != NULL && *error == NULL, FALSE);

  if (!hs_parse_listen_address (listen, &address, &port, error))
    {
      g_clear_error (&self->listener_error);
      self->listener_error = g_error_copy (*error);
      g_signal_emit (self, signals[LISTENER_CHANGED], 0);
      return FALSE;
    }

  self->listen_pinned = TRUE;
  hs_listener_set_address (self->listener, address);
  hs_listener_set_port (self->listener, port);
  return TRUE;
}

/* --api-key KEY for this run, over the settings' key. */
void
hs_capture_pin_api_key (HsCapture  *self,
                        const char *api_key)
{
  g_return_if_fail (HS_IS_CAPTURE (self));

  self->api_key_pinned = TRUE;
  if (self->settings != NULL)
    g_settings_unbind (self->listener, "api-key");
  hs_listener_set_api_key (self->listener, api_key);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * hs_capture_shutdown:
 * @timeout_seconds: at most this long for the deliveries in flight
 *
 * Stops taking deliveries, answers the ones in flight (iterating the thread-default main
 * context meanwhile), then closes the database: the writer commits what is queued and the
 * projections apply it. Returns FALSE when it gave up waiting for deliveries in flight.
 */
gboolean
hs_capture_shutdown (HsCapture *self,
                     guint      timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint timeout;

  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);

  if (self->listener != NULL && hs_listener_get_running (self->listener))
    {
      hs_listener_stop (self->listener);
      timeout = g_timeout_add_seconds (timeout_seconds, timed_out_cb, &timed_out);
      while (hs_listener_get_running (self->listener) && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (timeout);
    }

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->store != NULL)
    hs_store_close (self->store);

  return !timed_out;
}

static void
hs_capture_dispose (GObject *object)
{
  HsCapture *self = (HsCapture *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->listener);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_capture_parent_class)->dispose (object);
}

static void
hs_capture_finalize (GObject *object)
{
  HsCapture *self = (HsCapture *)object;

  g_clear_error (&self->listener_error);

  G_OBJECT_CLASS (hs_capture_parent_class)->finalize (object);
}

static void
hs_capture_class_init (HsCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_capture_dispose;
  object_class->finalize = hs_capture_finalize;

  /**
   * HsCapture::listener-changed:
   *
   * The listener was (re)started, or failed to (hs_capture_get_listener_error()).
   */
  signals[LISTENER_CHANGED] =
    g_signal_new ("listener-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_capture_init (HsCapture *self)
{
}
