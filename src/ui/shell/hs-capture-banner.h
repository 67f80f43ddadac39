/* hs-capture-banner.h: what is wrong with capture, under the content's header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-capture.h"

G_BEGIN_DECLS

#define HS_TYPE_CAPTURE_BANNER (hs_capture_banner_get_type ())

G_DECLARE_FINAL_TYPE (HsCaptureBanner, hs_capture_banner, HS, CAPTURE_BANNER, GtkWidget)

void hs_capture_banner_set_capture (HsCaptureBanner *self,
                                    HsCapture       *capture);

G_END_DECLS
