/* hs-ics.h: iCalendar (RFC 5545) export of an event schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-schedule.h"

G_BEGIN_DECLS

/* How far an unbounded schedule is checked for DST-affected occurrences (which get explicit
 * times), and how far its occurrences are listed when the rule has no RRULE equivalent. */
#define HS_ICS_HORIZON_YEARS 10

/* A VCALENDAR with one VEVENT (and the VTIMEZONE of the event's zone). The RRULE, EXDATEs and
 * RDATEs are chosen so that an RFC 5545 reader produces exactly hs_schedule_expand()'s
 * occurrences; see docs/schedule.md. uid and summary may be NULL. */
char *hs_ics_export_schedule (HsSchedule  *schedule,
                              const char  *uid,
                              const char  *summary,
                              GError     **error);

G_END_DECLS
