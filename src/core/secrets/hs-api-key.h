/* hs-api-key.h: the x-api-key deliveries must carry, kept in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HS_TYPE_API_KEY (hs_api_key_get_type ())

G_DECLARE_FINAL_TYPE (HsApiKey, hs_api_key, HS, API_KEY, GObject)

HsApiKey     *hs_api_key_new         (GSettings            *settings);
void          hs_api_key_load        (HsApiKey             *self,
                                      guint                 timeout_seconds);
gboolean      hs_api_key_get_loading (HsApiKey             *self);
const char   *hs_api_key_get_value   (HsApiKey             *self);
const GError *hs_api_key_get_error   (HsApiKey             *self);
void          hs_api_key_set_async   (HsApiKey             *self,
                                      const char           *value,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean      hs_api_key_set_finish  (HsApiKey             *self,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
