/* hs-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-api-key.h"

G_BEGIN_DECLS

#define HS_TYPE_PREFERENCES_WINDOW (hs_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HsPreferencesWindow, hs_preferences_window, HS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

HsPreferencesWindow *hs_preferences_window_new         (GSettings           *settings);
void                 hs_preferences_window_set_api_key (HsPreferencesWindow *self,
                                                        HsApiKey            *api_key);

G_END_DECLS
