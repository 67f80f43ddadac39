/* hs-occurrence-list.h: a schedule's occurrences as a list model that grows window by window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-schedule.h"

G_BEGIN_DECLS

#define HS_TYPE_OCCURRENCE_LIST (hs_occurrence_list_get_type ())

G_DECLARE_FINAL_TYPE (HsOccurrenceList, hs_occurrence_list, HS, OCCURRENCE_LIST, GObject)

/* Starts empty; excluded occurrences are items too (hs_occurrence_get_excluded()). */
HsOccurrenceList *hs_occurrence_list_new          (HsSchedule        *schedule);
HsSchedule       *hs_occurrence_list_get_schedule (HsOccurrenceList  *self);
/* Appends up to @n more occurrences (after the last one loaded); returns how many. */
guint             hs_occurrence_list_load_more    (HsOccurrenceList  *self,
                                                   guint              n,
                                                   GError           **error);
/* TRUE once the schedule has no occurrence after the last one loaded. */
gboolean          hs_occurrence_list_is_complete  (HsOccurrenceList  *self);
/* Loads as far as needed to find the first occurrence, excluded or not, that has not ended
 * at @now, and returns its position; G_MAXUINT when every occurrence has ended. */
guint             hs_occurrence_list_find_next    (HsOccurrenceList  *self,
                                                   GDateTime         *now);

G_END_DECLS
