/* hs-event-view.h: one event: names, details, schedule, occurrences, people and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_EVENT_VIEW (hs_event_view_get_type ())

G_DECLARE_FINAL_TYPE (HsEventView, hs_event_view, HS, EVENT_VIEW, GtkWidget)

void        hs_event_view_set_store    (HsEventView *self,
                                        HsStore     *store);
/* Reads the event and everything about it (on worker threads) and shows it. */
void        hs_event_view_show_event   (HsEventView *self,
                                        const char  *event_id);
/* The event shown, or NULL. */
const char *hs_event_view_get_event_id (HsEventView *self);

G_END_DECLS
