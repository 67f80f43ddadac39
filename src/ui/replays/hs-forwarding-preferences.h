/* hs-forwarding-preferences.h: Preferences › Forwarding (forwarding rules, failure simulation)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HS_TYPE_FORWARDING_PREFERENCES (hs_forwarding_preferences_get_type ())

G_DECLARE_FINAL_TYPE (HsForwardingPreferences, hs_forwarding_preferences, HS,
                      FORWARDING_PREFERENCES, AdwPreferencesPage)

AdwPreferencesPage *hs_forwarding_preferences_new      (GSettings *settings);
GtkWidget          *hs_forwarding_indicator_new        (GSettings *settings,
                                                        GObject   *folded_source);

G_END_DECLS
