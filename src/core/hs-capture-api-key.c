/* hs-capture-api-key.c: HsCapture's API key (keyring, pinned) and what it exposes without one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key deliveries must carry comes from the keyring (HsApiKey, read once and cached: the
 * listener's thread never asks the keyring) or is pinned for one run (--api-key,
 * --api-key-file, HOOKSCOPE_API_KEY). Listening beyond loopback without one is "exposed".
 */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include "hs-capture.h"
#include "hs-capture-private.h"

static gboolean
address_is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (address == NULL || g_ascii_strcasecmp (address, "localhost") == 0)
    return TRUE;
  inet = g_inet_address_new_from_string (address);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

static const char *
get_api_key (HsCapture *self)
{
  const char *key = self->api_key_pinned ? self->pinned_api_key
                  : self->api_key != NULL ? hs_api_key_get_value (self->api_key)
                  : NULL;

  return key != NULL && key[0] != '\0' ? key : NULL;
}

void
hs_capture_update_exposure (HsCapture *self)
{
  gboolean loading = !self->api_key_pinned && self->api_key != NULL &&
                     hs_api_key_get_loading (self->api_key);
  gboolean api_key_set = get_api_key (self) != NULL;
  /* Not said while the key is read (the listener waits for it too): no banner that flashes. */
  gboolean exposed = !loading && !api_key_set && self->listening_address != NULL &&
                     !address_is_loopback (self->listening_address);

  if (api_key_set != self->api_key_set)
    {
      self->api_key_set = api_key_set;
      g_object_notify_by_pspec (G_OBJECT (self), hs_capture_props[PROP_API_KEY_SET]);
    }
  if (exposed != self->exposed_without_key)
    {
      self->exposed_without_key = exposed;
      g_object_notify_by_pspec (G_OBJECT (self), hs_capture_props[PROP_EXPOSED_WITHOUT_KEY]);
    }
  hs_capture_update_state (self);
}

/* The key in effect, to the listener (its own copy: its thread never asks the keyring). */
static void
send_api_key (HsCapture *self)
{
  const char *key = get_api_key (self);

  hs_capture_set_listener_property (self, "api-key", g_variant_new_string (key ? key : ""));
  hs_capture_update_exposure (self);
}

/* The listener does not start while the key is read: it would take deliveries without one.
 * --headless waits (its loop is not running yet; the read gives up after 10 s); the window
 * starts the listener when the key is in. */
gboolean
hs_capture_api_key_ready (HsCapture *self)
{
  if (self->api_key_pinned || self->api_key == NULL || !hs_api_key_get_loading (self->api_key))
    return TRUE;
  if (!self->live)
    {
      while (hs_api_key_get_loading (self->api_key))
        g_main_context_iteration (NULL, TRUE);
      return TRUE;
    }
  self->start_pending = TRUE;
  return FALSE;
}

static void
api_key_loading_cb (HsCapture *self)
{
  hs_capture_update_exposure (self);
  if (hs_api_key_get_loading (self->api_key) || !self->start_pending)
    return;
  self->start_pending = FALSE;
  hs_capture_start (self, NULL);
}

void
hs_capture_use_api_key (HsCapture *self,
                        GSettings *settings,
                        gboolean   live)
{
  g_return_if_fail (self->api_key == NULL);

  self->api_key = hs_api_key_new (settings);
  g_signal_connect_object (self->api_key, "notify::value", G_CALLBACK (send_api_key), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->api_key, "notify::loading", G_CALLBACK (api_key_loading_cb),
                           self, G_CONNECT_SWAPPED);
  if (!self->api_key_pinned)
    hs_api_key_load (self->api_key, live ? 0 : 10);
  send_api_key (self);
}

/**
 * hs_capture_get_api_key:
 *
 * Returns: (transfer none) (nullable): the key kept in the keyring (the preferences change it
 * through this), once hs_capture_use_settings() was called.
 */
HsApiKey *
hs_capture_get_api_key (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return self->api_key;
}

/* Returns: (transfer full) (nullable): the key deliveries must carry now (pinned or saved). */
char *
hs_capture_dup_api_key (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), NULL);

  return g_strdup (get_api_key (self));
}

gboolean
hs_capture_get_api_key_set (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);

  return self->api_key_set;
}

gboolean
hs_capture_get_exposed_without_key (HsCapture *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE (self), FALSE);

  return self->exposed_without_key;
}

/* --api-key KEY (or --api-key-file, HOOKSCOPE_API_KEY) for this run, over the keyring's. */
void
hs_capture_pin_api_key (HsCapture  *self,
                        const char *api_key)
{
  g_return_if_fail (HS_IS_CAPTURE (self));

  self->api_key_pinned = TRUE;
  g_free (self->pinned_api_key);
  self->pinned_api_key = g_strdup (api_key ? api_key : "");
  send_api_key (self);
}
