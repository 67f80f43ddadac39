/* hs-events-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define HS_TYPE_EVENTS_PAGE (hs_events_page_get_type ())

G_DECLARE_FINAL_TYPE (HsEventsPage, hs_events_page, HS, EVENTS_PAGE, GtkWidget)

void hs_events_page_show_event (HsEventsPage *self,
                                const char   *event_id);

G_END_DECLS
