/* hs-calendar-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HS_TYPE_CALENDAR_PAGE (hs_calendar_page_get_type ())

G_DECLARE_FINAL_TYPE (HsCalendarPage, hs_calendar_page, HS, CALENDAR_PAGE, GtkWidget)

G_END_DECLS
