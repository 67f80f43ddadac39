/* hs-ics-private.h: pieces of the iCalendar export shared between its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libical/ical.h>

#include "hs-schedule-private.h"

G_BEGIN_DECLS

/* How many years past the last instant the VTIMEZONE builder looks at the zone's transitions
 * to recognise its recurring rule (an RRULE-based STANDARD/DAYLIGHT pair). */
#define HS_ICS_ZONE_SCAN_YEARS 40

/* A VTIMEZONE named tzid for zone, built from GTimeZone (the system's 64-bit tzdata, so right
 * after 2038), exact for every instant in [from_utc, to_utc] (to_utc G_MAXINT64: forever).
 * Transitions that follow a yearly rule up to the end of what is scanned become a recurring
 * component; the others are listed one component each. */
icalcomponent *hs_ics_build_vtimezone (GTimeZone  *zone,
                                       const char *tzid,
                                       gint64      from_utc,
                                       gint64      to_utc);

/* A Unix time as an icaltimetype in UTC, and a wall-clock time ("local seconds") as a floating
 * one (the TZID parameter gives its zone), or a DATE. */
icaltimetype   hs_ics_utc_time        (gint64      utc);
icaltimetype   hs_ics_local_time      (gint64      local,
                                       gboolean    is_date);

/* One date of the rule, before ExCycle's filters: what a reader of the RRULE sees. */
typedef struct
{
  gint64 local;         /* the rule's wall-clock start (all-day: midnight) */
  gint64 start_utc;     /* Omerlo's start and end */
  gint64 end_utc;
  guint  excluded : 1;
  guint  dropped : 1;   /* squeezed by a DST gap, or zero-length in a DST change */
  guint  irregular : 1; /* kept, but a reader of the rule would place it otherwise */
} HsIcsInstance;

/* Where Omerlo places inst->local, and whether a reader of the rule would place it alike. */
void     hs_ics_place_instance      (HsSchedule    *self,
                                     HsZoneCache   *cache,
                                     gboolean       repeating,
                                     HsIcsInstance *inst);
/* The rule's dates up to last_day (inclusive; G_MAXINT64: until the schedule ends); *capped
 * when the walk was stopped there (or at the cap) rather than ended. */
GArray  *hs_ics_list_instances      (HsSchedule    *self,
                                     HsZoneCache   *cache,
                                     gint64         last_day,
                                     gboolean      *capped);
/* Whether libical reads the RRULE from instances[first] to exactly instances[first..last],
 * and nothing more up to until_local. */
gboolean hs_ics_rule_agrees         (HsSchedule    *self,
                                     GArray        *instances,
                                     guint          first,
                                     guint          last,
                                     gint64         until_local);
gint64   hs_ics_days_of             (const GDate   *date);
gint64   hs_ics_last_excluded_day   (HsSchedule    *self);
gint64   hs_ics_listed_until_day    (HsSchedule    *self);
void     hs_ics_cut_instances       (GArray        *instances,
                                     gint64         day);

G_END_DECLS
