/* hs-replays-page.h: every replay attempt with the response it got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-page.h"

G_BEGIN_DECLS

#define HS_TYPE_REPLAYS_PAGE (hs_replays_page_get_type ())

G_DECLARE_FINAL_TYPE (HsReplaysPage, hs_replays_page, HS, REPLAYS_PAGE, GtkWidget)

void hs_replays_page_reload (HsReplaysPage *self);

G_END_DECLS
