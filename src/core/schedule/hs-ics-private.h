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

G_END_DECLS
