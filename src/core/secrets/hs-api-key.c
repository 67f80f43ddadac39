/* hs-api-key.c: the x-api-key deliveries must carry, kept in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key lives in the keyring (hs-secret-store.c), read once without blocking and kept here:
 * the listener's thread gets the value itself, never a keyring call. Hookscope before 0.x kept
 * it in the GSettings key `api-key`: a key found there is moved to the keyring and the setting
 * emptied, once (and again if something writes the setting later).
 *
 * Without a keyring nothing is written in clear: saving fails with HS_SECRET_ERROR_UNAVAILABLE
 * (the window says so), and --headless takes the key from --api-key-file or HOOKSCOPE_API_KEY.
 * A key that could not be moved stays where it was and is still used, with a warning.
 */

#define G_LOG_DOMAIN "hs-api-key"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-api-key.h"
#include "hs-secret-store.h"

struct _HsApiKey
{
  GObject       parent_instance;

  GSettings    *settings;
  char         *value;         /* NULL: none */
  GError       *error;         /* why the keyring could not be read or written */
  guint         loading;       /* loads and moves in flight */
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      timed_out;
};

G_DEFINE_FINAL_TYPE (HsApiKey, hs_api_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_value (HsApiKey   *self,
           const char *value)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (self->value, value) == 0)
    return;
  g_free (self->value);
  self->value = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
set_error (HsApiKey *self,
           GError   *error)
{
  g_clear_error (&self->error);
  self->error = error;
}

static void
loading_done (HsApiKey *self)
{
  g_assert (self->loading > 0);
  if (--self->loading == 0)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
loading_start (HsApiKey *self)
{
  if (self->loading++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsApiKey) self = user_data;
  GError *error = NULL;
  g_autofree char *value = hs_secret_lookup_finish (result, &error);

  /* Cancelled: disposed (quitting, nothing to say), or the keyring did not answer in time. */
  if (error != NULL && self->timed_out)
    {
      g_clear_error (&error);
      g_set_error (&error, HS_SECRET_ERROR, HS_SECRET_ERROR_UNAVAILABLE,
                   _("The keyring did not answer in time"));
    }
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning (_("Could not read the API key: %s. Deliveries are accepted without a key; "
                   "see --api-key-file and HOOKSCOPE_API_KEY."), error->message);
      set_error (self, error);
    }
  else if (error != NULL)
    g_error_free (error);
  else
    set_value (self, value);
  if (value != NULL)
    memset (value, 0, strlen (value));
  loading_done (self);
}

typedef struct
{
  HsApiKey *self;
  char     *value;
  gboolean  from_settings;
} Move;

static void
move_free (Move *move)
{
  g_object_unref (move->self);
  if (move->value != NULL)
    memset (move->value, 0, strlen (move->value));
  g_free (move->value);
  g_free (move);
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Move *move = user_data;
  HsApiKey *self = move->self;
  GError *error = NULL;

  if (!hs_secret_save_finish (result, &error))
    {
      g_warning (_("The API key stays in GSettings (api-key), in clear: %s"), error->message);
      set_error (self, error);
    }
  else
    {
      g_autofree char *now = g_settings_get_string (self->settings, "api-key");

      /* Cleared unless it changed meanwhile (then that value is moved in turn). */
      if (g_strcmp0 (now, move->value) == 0)
        {
          g_settings_set_string (self->settings, "api-key", "");
          g_settings_sync ();
        }
      g_clear_error (&self->error);
    }
  set_value (self, move->value);
  loading_done (self);
  move_free (move);
}

/* A key in the old place (GSettings): into the keyring, then out of the settings. */
static gboolean
move_from_settings (HsApiKey *self)
{
  g_autofree char *old = NULL;
  Move *move;

  if (self->settings == NULL)
    return FALSE;
  old = g_settings_get_string (self->settings, "api-key");
  if (old[0] == '\0')
    return FALSE;

  move = g_new0 (Move, 1);
  move->self = g_object_ref (self);
  move->value = g_steal_pointer (&old);
  loading_start (self);
  hs_secret_save_async (HS_SECRET_API_KEY, NULL, NULL, move->value, self->cancellable,
                        moved_cb, move);
  return TRUE;
}

static void
settings_changed_cb (HsApiKey   *self,
                     const char *key)
{
  move_from_settings (self);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  HsApiKey *self = user_data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

/**
 * hs_api_key_load:
 * @timeout_seconds: give up on the keyring after this long (0: wait; a locked keyring may
 *   ask for its password first)
 *
 * Reads the key (moving one left in GSettings first); "loading" turns FALSE when done.
 */
void
hs_api_key_load (HsApiKey *self,
                 guint     timeout_seconds)
{
  g_return_if_fail (HS_IS_API_KEY (self));

  if (timeout_seconds > 0 && self->timeout_id == 0)
    self->timeout_id = g_timeout_add_seconds (timeout_seconds, timed_out_cb, self);
  if (move_from_settings (self))
    return;

  loading_start (self);
  hs_secret_lookup_async (HS_SECRET_API_KEY, NULL, NULL, self->cancellable, lookup_cb,
                          g_object_ref (self));
}

gboolean
hs_api_key_get_loading (HsApiKey *self)
{
  g_return_val_if_fail (HS_IS_API_KEY (self), FALSE);

  return self->loading > 0;
}

/* Returns: (nullable): the key; %NULL when none is set (or not loaded yet). */
const char *
hs_api_key_get_value (HsApiKey *self)
{
  g_return_val_if_fail (HS_IS_API_KEY (self), NULL);

  return self->value;
}

/* Returns: (nullable): why the keyring could not be used, last time it was tried. */
const GError *
hs_api_key_get_error (HsApiKey *self)
{
  g_return_val_if_fail (HS_IS_API_KEY (self), NULL);

  return self->error;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HsApiKey *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!hs_secret_save_finish (result, &error))
    {
      set_error (self, g_error_copy (error));
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&self->error);
  set_value (self, g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

static void
wipe_free (gpointer data)
{
  char *value = data;

  memset (value, 0, strlen (value));
  g_free (value);
}

/**
 * hs_api_key_set_async:
 * @value: (nullable): the new key; %NULL or "" for none
 *
 * Saves the key in the keyring (or removes it) and, once saved, makes it the value. Fails
 * with HS_SECRET_ERROR_UNAVAILABLE when there is no keyring: the key is then not kept at all.
 */
void
hs_api_key_set_async (HsApiKey            *self,
                      const char          *value,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_API_KEY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_api_key_set_async);
  g_task_set_task_data (task, g_strdup (value ? value : ""), wipe_free);
  hs_secret_save_async (HS_SECRET_API_KEY, NULL, NULL, value, cancellable, saved_cb,
                        g_steal_pointer (&task));
}

gboolean
hs_api_key_set_finish (HsApiKey      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

HsApiKey *
hs_api_key_new (GSettings *settings)
{
  HsApiKey *self = g_object_new (HS_TYPE_API_KEY, NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed::api-key", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  return self;
}

static void
hs_api_key_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HsApiKey *self = HS_API_KEY (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_api_key_dispose (GObject *object)
{
  HsApiKey *self = HS_API_KEY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_api_key_parent_class)->dispose (object);
}

static void
hs_api_key_finalize (GObject *object)
{
  HsApiKey *self = HS_API_KEY (object);

  if (self->value != NULL)
    memset (self->value, 0, strlen (self->value));
  g_free (self->value);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hs_api_key_parent_class)->finalize (object);
}

static void
hs_api_key_class_init (HsApiKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hs_api_key_get_property;
  object_class->dispose = hs_api_key_dispose;
  object_class->finalize = hs_api_key_finalize;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_api_key_init (HsApiKey *self)
{
  self->cancellable = g_cancellable_new ();
}
