/* hs-capture.h: the capture controller the window and --headless share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-api-key.h"
#include "hs-forwarding.h"
#include "hs-listener.h"
#include "hs-store.h"

G_BEGIN_DECLS

/* What the window's banner and --headless's stderr say about capture, the gravest first
 * wins: the greater the value, the graver. */
typedef enum
{
  HS_CAPTURE_STATE_OK,
  HS_CAPTURE_STATE_EXPOSED,            /* not on loopback, and no API key is required */
  HS_CAPTURE_STATE_WRITE_FAILED,       /* the database refuses writes (disk full, ...): 503 */
  HS_CAPTURE_STATE_NOT_LISTENING,      /* the port is in use, or the address is wrong */
  HS_CAPTURE_STATE_DATABASE_REPLACED,  /* the file was deleted or replaced: 503 until restart */
} HsCaptureState;

#define HS_TYPE_CAPTURE_STATE (hs_capture_state_get_type ())
GType hs_capture_state_get_type (void);

#define HS_TYPE_CAPTURE (hs_capture_get_type ())

G_DECLARE_FINAL_TYPE (HsCapture, hs_capture, HS, CAPTURE, GObject)

HsCapture    *hs_capture_new                (void);
void          hs_capture_set_threaded       (HsCapture    *self,
                                             gboolean      threaded);
gboolean      hs_capture_open               (HsCapture    *self,
                                             const char   *db_path,
                                             GError      **error);
HsStore      *hs_capture_get_store          (HsCapture    *self);
HsListener   *hs_capture_get_listener       (HsCapture    *self);
HsForwarding *hs_capture_get_forwarding     (HsCapture    *self);
void          hs_capture_use_settings       (HsCapture    *self,
                                             GSettings    *settings,
                                             gboolean      live);
gboolean      hs_capture_pin_listen         (HsCapture    *self,
                                             const char   *listen,
                                             GError      **error);
void          hs_capture_pin_api_key        (HsCapture    *self,
                                             const char   *api_key);
HsApiKey     *hs_capture_get_api_key        (HsCapture    *self);
char         *hs_capture_dup_api_key        (HsCapture    *self);
gboolean      hs_capture_get_api_key_set    (HsCapture    *self);
gboolean      hs_capture_get_exposed_without_key (HsCapture *self);
gboolean      hs_capture_start              (HsCapture    *self,
                                             GError      **error);
const GError *hs_capture_get_listener_error (HsCapture    *self);
gboolean      hs_capture_get_running        (HsCapture    *self);
char         *hs_capture_dup_url            (HsCapture    *self);
gboolean      hs_capture_shutdown           (HsCapture    *self,
                                             guint         timeout_seconds);
HsCaptureState hs_capture_get_state         (HsCapture    *self);
const char   *hs_capture_get_state_message  (HsCapture    *self);

G_END_DECLS
