/* hs-capture.c: the capture controller the window and --headless share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One setup for both: the store (opened and migrated), its projections started, the listener
 * made and configured from the settings (the window follows them live; --headless reads them
 * once), the command line's --listen and --api-key pinned over them, and the shutdown drain:
 * stop taking deliveries, answer the ones in flight, let the writer commit and the projector
 * apply what is left, close the database.
 *
 * In the window the listener runs on a thread of its own with its own GMainContext
 * (hs_capture_set_threaded()), so that a slow frame never delays an answer: the HsListener is
 * then only ever touched on that thread (property changes and start/stop are sent there), and
 * whether it runs comes back to the main context as this object's state. What was stored, the
 * main context hears from the store (HsStore::deliveries-added), once per commit.
 */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-capture.h"
#include "hs-capture-private.h"
#include "hs-api-key.h"
#include "hs-forwarding.h"
#include "hs-paths.h"
#include "hs-projections.h"


G_DEFINE_FINAL_TYPE (HsCapture, hs_capture, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (HsCaptureState, hs_capture_state,
                    G_DEFINE_ENUM_VALUE (HS_CAPTURE_STATE_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (HS_CAPTURE_STATE_EXPOSED, "exposed"),
                    G_DEFINE_ENUM_VALUE (HS_CAPTURE_STATE_WRITE_FAILED, "write-failed"),
                    G_DEFINE_ENUM_VALUE (HS_CAPTURE_STATE_NOT_LISTENING, "not-listening"),
                    G_DEFINE_ENUM_VALUE (HS_CAPTURE_STATE_DATABASE_REPLACED, "database-replaced"))


enum {
  LISTENER_CHANGED,
  N_SIGNALS
};

GParamSpec *hs_capture_props[N_PROPS];
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
  { "request-timeout", "request-timeout" },
  { "min-body-rate", "min-body-rate" },
  { "max-connections", "max-connections" },
};

HsCapture *
hs_capture_new (void)
{
  return g_object_new (HS_TYPE_CAPTURE, NULL);
}

/* Runs @func (@self, @data) on the listener's thread and waits for it (at once when not
 * threaded). */
typedef void (*ListenerFunc) (HsCapture *self,
                              gpointer   data);

typedef struct
{
  HsCapture    *self;
  ListenerFunc  func;
  gpointer      data;
  GMutex        lock;
  GCond         cond;
  gboolean      done;
} ListenerCall;

static gboolean
listener_call_cb (gpointer user_data)
{
  ListenerCall *call = user_data;

  call->func (call->self, call->data);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);

  return G_SOURCE_REMOVE;
}

static void
on_listener (HsCapture    *self,
             ListenerFunc  func,
             gpointer      data)
{
  ListenerCall call = { self, func, data };

  if (!self->threaded)
    {
      func (self, data);
      return;
    }

  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_main_context_invoke (self->listener_context, listener_call_cb, &call);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
}

static gpointer
listener_thread (gpointer data)
{
  HsCapture *self = data;

  g_main_context_push_thread_default (self->listener_context);
  g_main_loop_run (self->listener_loop);
  g_main_context_pop_thread_default (self->listener_context);

  return NULL;
}

/* Works out the state from what is known to be wrong; notifies when it changed. */
void
hs_capture_update_state (HsCapture *self)
{
  HsCaptureState state = HS_CAPTURE_STATE_OK;
  g_autofree char *message = NULL;

  if (self->replaced_error != NULL)
    {
      state = HS_CAPTURE_STATE_DATABASE_REPLACED;
      message = g_strdup_printf (_("%s. Deliveries are answered 503 meanwhile."),
                                 self->replaced_error);
    }
  else if (self->listener_error != NULL)
    {
      state = HS_CAPTURE_STATE_NOT_LISTENING;
      message = g_strdup (self->listener_error->message);
    }
  else if (self->write_error != NULL)
    {
      state = HS_CAPTURE_STATE_WRITE_FAILED;
      message = g_strdup_printf (_("Deliveries cannot be saved (%s): senders are answered 503 "
                                   "and retry; capture resumes by itself once the database "
                                   "can be written again."), self->write_error);
    }
  else if (self->exposed_without_key)
    {
      state = HS_CAPTURE_STATE_EXPOSED;
      message = g_strdup_printf (_("Listening on %s, beyond this computer, and no API key is "
                                   "required: anyone who can reach it can send deliveries."),
                                 self->url != NULL ? self->url : self->address);
    }

  if (state == self->state && g_strcmp0 (message, self->state_message) == 0)
    return;

  self->state = state;
  g_free (self->state_message);
  self->state_message = g_steal_pointer (&message);
  g_object_notify_by_pspec (G_OBJECT (self), hs_capture_props[PROP_STATE_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), hs_capture_props[PROP_STATE]);
}

/* HsStore::write-error: the batch's senders got 503. Said once, until a write succeeds. */
static void
store_write_error_cb (HsCapture  *self,
                      const char *message)
{
  if (g_strcmp0 (self->write_error, message) == 0 ||
      g_strcmp0 (self->replaced_error, message) == 0)
    return;
  g_free (self->write_error);
  self->write_error = g_strdup (message);
  hs_capture_update_state (self);
}

static void
store_replaced_cb (HsCapture  *self,
                   const char *message)
{
  if (g_strcmp0 (self->replaced_error, message) == 0)
    return;
  g_free (self->replaced_error);
  self->replaced_error = g_strdup (message);
  hs_capture_update_state (self);
}

/* HsStore::deliveries-added: writes work (again). */
static void
store_deliveries_added_cb (HsCapture *self)
{
  if (G_LIKELY (self->write_error == NULL && self->replaced_error == NULL))
    return;
  g_clear_pointer (&self->write_error, g_free);
  g_clear_pointer (&self->replaced_error, g_free);
  hs_capture_update_state (self);
}

/* Back on the main context: what the listener's thread said. */
typedef struct
{
  HsCapture  *self;
  gboolean    running;
  char       *url;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->self);
  g_free (report->url);
  g_free (report);
}

static gboolean
report_running_cb (gpointer data)
{
  Report *report = data;

  report->self->running = report->running;
  g_free (report->self->url);
  report->self->url = g_steal_pointer (&report->url);
  if (!report->running)
    g_signal_emit (report->self, signals[LISTENER_CHANGED], 0);
  hs_capture_update_state (report->self);
  return G_SOURCE_REMOVE;
}

/* On the listener's thread (when threaded): "running" changed. */
static void
listener_running_cb (HsListener *listener,
                     GParamSpec *pspec,
                     HsCapture  *self)
{
  Report *report = g_new0 (Report, 1);

  report->self = g_object_ref (self);
  report->running = hs_listener_get_running (listener);
  report->url = report->running ? hs_listener_dup_url (listener) : NULL;
  if (!self->threaded)
    {
      report_running_cb (report);
      report_free (report);
      return;
    }
  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, report_running_cb, report,
                              report_free);
}

/**
 * hs_capture_set_threaded:
 *
 * Before hs_capture_open(): run the listener on a thread of its own (the window).
 */
void
hs_capture_set_threaded (HsCapture *self,
                         gboolean   threaded)
{
  g_return_if_fail (HS_IS_CAPTURE (self));
  g_return_if_fail (self->store == NULL);

  self->threaded = threaded;
}

/* The listener runs (state as the main context last heard it). */
gboolean
hs_capture_get_running (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);

  return self->running;
}

/* "http://127.0.0.1:8765/" with the real port, while it runs; NULL otherwise. */
char *
hs_capture_dup_url (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return g_strdup (self->url);
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

  self->listener = hs_listener_new (self->store);
  /* Before the projections: forwarding waits for this run's rules (hs_capture_start()). */
  self->forwarding = hs_forwarding_new (self->store);
  hs_forwarding_attach (self->forwarding, self->listener);
  projections = hs_projections_get_all (&n_projections);
  hs_store_start_projections (self->store, projections, n_projections);
  /* In this order: a replaced file is said as such, not as a failed write as well. */
  g_signal_connect_object (self->store, "write-error::replaced", G_CALLBACK (store_replaced_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "write-error", G_CALLBACK (store_write_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "deliveries-added",
                           G_CALLBACK (store_deliveries_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->listener, "notify::running", G_CALLBACK (listener_running_cb), self);

  if (self->threaded)
    {
      self->listener_context = g_main_context_new ();
      self->listener_loop = g_main_loop_new (self->listener_context, FALSE);
      self->thread = g_thread_new ("hs-listener", listener_thread, self);
    }

  return TRUE;
}

HsStore *
hs_capture_get_store (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->store;
}

HsForwarding *
hs_capture_get_forwarding (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->forwarding;
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

static void
start_on_listener (HsCapture *self,
                   gpointer   data)
{
  GError **error = data;

  if (hs_listener_get_running (self->listener))
    hs_listener_stop (self->listener);
  hs_listener_start (self->listener, error);
}

static void
dup_url_on_listener (HsCapture *self,
                     gpointer   data)
{
  *(char **)data = hs_listener_dup_url (self->listener);
}

static void
stop_on_listener (HsCapture *self,
                  gpointer   data)
{
  if (hs_listener_get_running (self->listener))
    hs_listener_stop (self->listener);
}

static void
get_running_on_listener (HsCapture *self,
                         gpointer   data)
{
  *(gboolean *)data = hs_listener_get_running (self->listener);
}

/* (Re)starts the listener; FALSE with the reason in hs_capture_get_listener_error(). */
gboolean
hs_capture_start (HsCapture  *self,
                  GError    **error)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (self->listener != NULL, FALSE);

  if (!hs_capture_api_key_ready (self))
    return TRUE;

  g_clear_error (&self->listener_error);
  hs_forwarding_release (self->forwarding);
  on_listener (self, start_on_listener, &self->listener_error);
  /* The state as of now (a report from the listener's thread may still be on its way). */
  self->running = self->listener_error == NULL;
  /* What is exposed is what listens: a new address counts once the listener runs on it. */
  g_free (self->listening_address);
  self->listening_address = self->running ? g_strdup (self->address) : NULL;
  g_clear_pointer (&self->url, g_free);
  if (self->running)
    on_listener (self, dup_url_on_listener, &self->url);

  g_signal_emit (self, signals[LISTENER_CHANGED], 0);
  hs_capture_update_exposure (self);
  if (self->listener_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->listener_error);
      return FALSE;
    }
  return TRUE;
}

static void
store_settings_changed_cb (HsCapture *self)
{
  hs_store_set_retention_cap (self->store, g_settings_get_uint (self->settings, "retention-cap"));
  hs_store_set_synchronous_full (self->store,
                                 g_settings_get_boolean (self->settings, "synchronous-full"));
}

/* Listener properties, sent to its thread together. */
typedef struct
{
  GPtrArray *names;
  GArray    *values;  /* GValue */
} Properties;

static void
properties_add (Properties *properties,
                const char *name,
                GVariant   *variant)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (variant);
  GValue value = G_VALUE_INIT;

  g_dbus_gvariant_to_gvalue (owned, &value);
  g_ptr_array_add (properties->names, (gpointer)name);
  g_array_append_val (properties->values, value);
}

static void
set_properties_on_listener (HsCapture *self,
                            gpointer   data)
{
  Properties *properties = data;

  g_object_setv (G_OBJECT (self->listener), properties->names->len,
                 (const char **)properties->names->pdata,
                 (const GValue *)(gpointer)properties->values->data);
}

static void
set_listener_properties (HsCapture  *self,
                         Properties *properties)
{
  on_listener (self, set_properties_on_listener, properties);
  for (guint i = 0; i < properties->values->len; i++)
    g_value_unset (&g_array_index (properties->values, GValue, i));
  g_ptr_array_unref (properties->names);
  g_array_unref (properties->values);
}

static Properties
properties_new (void)
{
  Properties properties = { g_ptr_array_new (), g_array_new (FALSE, TRUE, sizeof (GValue)) };

  return properties;
}

/* One property (@value floating or not), on the listener's thread. */
void
hs_capture_set_listener_property (HsCapture  *self,
                                  const char *name,
                                  GVariant   *value)
{
  Properties properties = properties_new ();

  properties_add (&properties, name, value);
  set_listener_properties (self, &properties);
}

/* The response, the body limit and the API key (unless pinned), from the settings. */
static void
listener_settings_changed_cb (HsCapture *self)
{
  Properties properties = properties_new ();

  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (listener_keys); i++)
    {
      g_autoptr(GVariant) value = NULL;

      /* An installed schema from an older Hookscope (--headless reads it) lacks newer keys. */
      if (!g_settings_schema_has_key (schema, listener_keys[i].key))
        continue;
      value = g_settings_get_value (self->settings, listener_keys[i].key);

      properties_add (&properties, listener_keys[i].property, value);
    }
  set_listener_properties (self, &properties);
  hs_capture_update_exposure (self);
}

static void
read_listen (HsCapture *self)
{
  Properties properties = properties_new ();
  g_autoptr(GVariant) address = g_settings_get_value (self->settings, "listen-address");
  g_autoptr(GVariant) port = g_settings_get_value (self->settings, "listen-port");

  g_free (self->address);
  self->address = g_variant_dup_string (address, NULL);
  properties_add (&properties, "address", address);
  properties_add (&properties, "port", port);
  set_listener_properties (self, &properties);
  hs_capture_update_exposure (self);
}

/* A new address or port: the listener starts over on it (a running one only). */
static void
listen_settings_changed_cb (HsCapture *self)
{
  if (self->listen_pinned)
    return;

  read_listen (self);
  if (self->running || self->listener_error != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!hs_capture_start (self, &error))
        g_warning ("%s", error->message);
    }
}

static void
settings_changed_cb (HsCapture  *self,
                     const char *key)
{
  if (g_str_equal (key, "retention-cap") || g_str_equal (key, "synchronous-full"))
    store_settings_changed_cb (self);
  else if (g_str_equal (key, "listen-address") || g_str_equal (key, "listen-port"))
    listen_settings_changed_cb (self);
  else if (g_str_equal (key, "api-key"))
    return; /* moved to the keyring by HsApiKey */
  else
    listener_settings_changed_cb (self);
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

  listener_settings_changed_cb (self);
  hs_forwarding_use_settings (self->forwarding, settings, live);
  if (!self->listen_pinned)
    read_listen (self);
  store_settings_changed_cb (self);
  hs_capture_use_api_key (self, settings, live);

  if (live)
    g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

/* --listen ADDR:PORT for this run: the settings' address and port no longer apply. */
gboolean
hs_capture_pin_listen (HsCapture   *self,
                       const char  *listen,
                       GError     **error)
{
  g_autofree char *address = NULL;
  Properties properties = properties_new ();
  guint port = 0;

  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (listen != NULL, FALSE);
  g_return_val_if_fail (error != NULL && *error == NULL, FALSE);

  if (!hs_parse_listen_address (listen, &address, &port, error))
    {
      g_clear_error (&self->listener_error);
      self->listener_error = g_error_copy (*error);
      g_signal_emit (self, signals[LISTENER_CHANGED], 0);
      g_array_unref (properties.values);
      g_ptr_array_unref (properties.names);
      return FALSE;
    }

  self->listen_pinned = TRUE;
  g_free (self->address);
  self->address = g_strdup (address);
  properties_add (&properties, "address", g_variant_new_string (address));
  properties_add (&properties, "port", g_variant_new_uint32 (port));
  set_listener_properties (self, &properties);
  hs_capture_update_exposure (self);
  return TRUE;
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

  if (self->listener != NULL && self->threaded)
    {
      gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;
      gboolean running = TRUE;

      /* The listener's own loop answers what is in flight; this one keeps the store's. */
      on_listener (self, stop_on_listener, NULL);
      while (running && !(timed_out = g_get_monotonic_time () > deadline))
        {
          on_listener (self, get_running_on_listener, &running);
          if (running && !g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
        }
    }
  else if (self->listener != NULL && hs_listener_get_running (self->listener))
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
  if (self->forwarding != NULL)
    hs_forwarding_shutdown (self->forwarding);
  /* The writer commits what is queued; its answers go to the listener's loop, still running. */
  if (self->store != NULL)
    hs_store_close (self->store);
  if (self->thread != NULL)
    {
      g_main_loop_quit (self->listener_loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  return !timed_out;
}

static void
hs_capture_dispose (GObject *object)
{
  HsCapture *self = (HsCapture *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->thread != NULL)
    {
      g_main_loop_quit (self->listener_loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->listener != NULL)
    g_signal_handlers_disconnect_by_data (self->listener, self);
  if (self->api_key != NULL)
    g_signal_handlers_disconnect_by_data (self->api_key, self);
  g_clear_object (&self->api_key);
  g_clear_object (&self->listener);
  g_clear_object (&self->forwarding);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->listener_loop, g_main_loop_unref);
  g_clear_pointer (&self->listener_context, g_main_context_unref);

  G_OBJECT_CLASS (hs_capture_parent_class)->dispose (object);
}

static void
hs_capture_finalize (GObject *object)
{
  HsCapture *self = (HsCapture *)object;

  g_clear_error (&self->listener_error);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->listening_address, g_free);
  g_clear_pointer (&self->pinned_api_key, g_free);
  g_clear_pointer (&self->write_error, g_free);
  g_clear_pointer (&self->replaced_error, g_free);
  g_clear_pointer (&self->state_message, g_free);

  G_OBJECT_CLASS (hs_capture_parent_class)->finalize (object);
}

static void
hs_capture_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HsCapture *self = HS_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_API_KEY_SET:
      g_value_set_boolean (value, self->api_key_set);
      break;
    case PROP_EXPOSED_WITHOUT_KEY:
      g_value_set_boolean (value, self->exposed_without_key);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_MESSAGE:
      g_value_set_string (value, self->state_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_capture_class_init (HsCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_capture_dispose;
  object_class->finalize = hs_capture_finalize;
  object_class->get_property = hs_capture_get_property;

  /**
   * HsCapture:api-key-set:
   *
   * Deliveries must carry an x-api-key (from the keyring, or pinned for this run).
   */
  hs_capture_props[PROP_API_KEY_SET] =
    g_param_spec_boolean ("api-key-set", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HsCapture:exposed-without-key:
   *
   * The listen address is not a loopback one (other machines can reach it) and no API key is
   * set: anyone on the network can store deliveries and change the events.
   */
  hs_capture_props[PROP_EXPOSED_WITHOUT_KEY] =
    g_param_spec_boolean ("exposed-without-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The gravest of what is wrong with capture (HsCaptureState), on the main context. */
  hs_capture_props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HS_TYPE_CAPTURE_STATE, HS_CAPTURE_STATE_OK,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The state for people (NULL when all is well); "state" is notified after it. */
  hs_capture_props[PROP_STATE_MESSAGE] =
    g_param_spec_string ("state-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, hs_capture_props);

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
  self->main_context = g_main_context_ref_thread_default ();
}

HsCaptureState
hs_capture_get_state (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), HS_CAPTURE_STATE_OK);

  return self->state;
}

/* What hs_capture_get_state() means, for people; NULL when all is well. */
const char *
hs_capture_get_state_message (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->state_message;
}
