/* hs-capture-private.h: what hs-capture.c and hs-capture-api-key.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-api-key.h"
#include "hs-capture.h"
#include "hs-forwarding.h"

G_BEGIN_DECLS

struct _HsCapture
{
  GObject       parent_instance;

  HsStore      *store;
  HsListener   *listener;
  HsForwarding *forwarding;  /* forwarding, relay and failure rules (src/core/replay) */
  GError       *listener_error;
  GSettings    *settings;
  gboolean      live;
  gboolean      listen_pinned;
  gboolean      api_key_pinned;

  /* The key (read from the keyring, cached: the listener's thread never asks the keyring),
   * what is exposed: is a key required, is the address reachable from other machines. */
  HsApiKey     *api_key;
  char         *pinned_api_key;
  char         *address;
  char         *listening_address;  /* the running listener's, as started */
  gboolean      start_pending;
  gboolean      api_key_set;
  gboolean      exposed_without_key;

  /* Threaded: the listener's thread, its context and loop; the state the main thread sees. */
  gboolean      threaded;
  GThread      *thread;
  GMainContext *listener_context;
  GMainLoop    *listener_loop;
  GMainContext *main_context;
  gboolean      running;
  char         *url;

  /* What is wrong, each on its own; the state is the gravest (update_state()). */
  char         *write_error;
  char         *replaced_error;
  HsCaptureState state;
  char         *state_message;
};

enum {
  PROP_0,
  PROP_API_KEY_SET,
  PROP_EXPOSED_WITHOUT_KEY,
  PROP_STATE,
  PROP_STATE_MESSAGE,
  N_PROPS
};

extern GParamSpec *hs_capture_props[N_PROPS];

/* hs-capture.c */
void     hs_capture_update_state          (HsCapture  *self);
void     hs_capture_set_listener_property (HsCapture  *self,
                                           const char *name,
                                           GVariant   *value);

/* hs-capture-api-key.c */
void     hs_capture_use_api_key           (HsCapture  *self,
                                           GSettings  *settings,
                                           gboolean    live);
gboolean hs_capture_api_key_ready         (HsCapture  *self);
void     hs_capture_update_exposure       (HsCapture  *self);

G_END_DECLS
