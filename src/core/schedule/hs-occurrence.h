/* hs-occurrence.h: one occurrence of an event schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HS_TYPE_OCCURRENCE (hs_occurrence_get_type ())

G_DECLARE_FINAL_TYPE (HsOccurrence, hs_occurrence, HS, OCCURRENCE, GObject)

/* start and end are in the event's time zone. For an all-day occurrence, start is the first
 * moment of the first day and end the first moment of the day after the last day (exclusive);
 * first_date/last_date give the days themselves (last inclusive). */
HsOccurrence *hs_occurrence_new            (GDateTime    *start,
                                            GDateTime    *end,
                                            gboolean      all_day,
                                            gboolean      excluded);

/* The same from Unix times and the UTC offsets in force at them (seconds east of UTC) in zone.
 * The GDateTimes are only made when first asked for: an expansion makes many occurrences that
 * a view never shows. */
HsOccurrence *hs_occurrence_new_from_unix  (GTimeZone    *zone,
                                            gint64        start,
                                            gint32        start_offset,
                                            gint64        end,
                                            gint32        end_offset,
                                            gboolean      all_day,
                                            gboolean      excluded);

GDateTime    *hs_occurrence_get_start      (HsOccurrence *self);
GDateTime    *hs_occurrence_get_end        (HsOccurrence *self);
gboolean      hs_occurrence_get_all_day    (HsOccurrence *self);
gboolean      hs_occurrence_get_excluded   (HsOccurrence *self);
gboolean      hs_occurrence_has_ended      (HsOccurrence *self,
                                            GDateTime    *now);
/* Without making a GDateTime: the instants (Unix time) and their UTC offsets (seconds east of
 * UTC, as in the event's zone at that instant). */
gint64        hs_occurrence_get_start_unix   (HsOccurrence *self);
gint64        hs_occurrence_get_end_unix     (HsOccurrence *self);
gint32        hs_occurrence_get_start_offset (HsOccurrence *self);
gint32        hs_occurrence_get_end_offset   (HsOccurrence *self);
void          hs_occurrence_get_first_date (HsOccurrence *self,
                                            GDate        *date);
void          hs_occurrence_get_last_date  (HsOccurrence *self,
                                            GDate        *date);

G_END_DECLS
