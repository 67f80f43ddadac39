/* hs-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-application.h"

G_BEGIN_DECLS

#define HS_TYPE_WINDOW (hs_window_get_type ())

G_DECLARE_FINAL_TYPE (HsWindow, hs_window, HS, WINDOW, AdwApplicationWindow)

HsWindow *hs_window_new            (HsApplication *application);
void      hs_window_show_page      (HsWindow      *self,
                                    const char    *name);
gboolean  hs_window_show_item      (HsWindow      *self,
                                    const char    *kind,
                                    GVariant      *target);
void      hs_window_add_toast      (HsWindow      *self,
                                    const char    *text);

G_END_DECLS
