/* hs-occurrence-view.h: a schedule's occurrences, loaded as far as the user scrolls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-schedule.h"

G_BEGIN_DECLS

#define HS_TYPE_OCCURRENCE_VIEW (hs_occurrence_view_get_type ())

G_DECLARE_FINAL_TYPE (HsOccurrenceView, hs_occurrence_view, HS, OCCURRENCE_VIEW, GtkWidget)

GtkWidget *hs_occurrence_view_new           (void);
void       hs_occurrence_view_set_schedule  (HsOccurrenceView *self,
                                             HsSchedule       *schedule);
/* Scrolls to the first occurrence that has not ended and selects it; FALSE when none. */
gboolean   hs_occurrence_view_jump_to_next  (HsOccurrenceView *self);

G_END_DECLS
