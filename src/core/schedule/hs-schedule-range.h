/* hs-schedule-range.h: the occurrences a range of days shows, in the viewer's zone or the event's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-schedule.h"

G_BEGIN_DECLS

/* Occurrences longer than this that begin before a range may be missed by it. */
#define HS_SCHEDULE_RANGE_MAX_SPAN_DAYS 31

/* The days @occurrence covers as seen in @zone (NULL: the event's zone). An all-day
 * occurrence covers its own dates in any zone; a timed one runs from its start's date to the
 * date of the last moment before its end (its start's date when it has no length). */
void       hs_occurrence_get_days_in_zone (HsOccurrence  *occurrence,
                                           GTimeZone     *zone,
                                           GDate         *first,
                                           GDate         *last);

/* The non-excluded occurrences that cover at least one day of [first, last] in @zone (NULL:
 * the event's zone), in order of start. */
GPtrArray *hs_schedule_expand_range       (HsSchedule    *schedule,
                                           const GDate   *first,
                                           const GDate   *last,
                                           GTimeZone     *zone,
                                           GError       **error);

G_END_DECLS
