/* hs-agenda-view.h: the occurrences to come, across all events, day by day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HS_TYPE_AGENDA_VIEW (hs_agenda_view_get_type ())

G_DECLARE_FINAL_TYPE (HsAgendaView, hs_agenda_view, HS, AGENDA_VIEW, GtkWidget)

/* HsMonthItems in order of start (the view takes the array); @more: some were left out. */
void hs_agenda_view_set_items (HsAgendaView *self,
                               GPtrArray    *items,
                               gboolean      more);

G_END_DECLS
