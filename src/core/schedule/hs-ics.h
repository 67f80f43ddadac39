/* hs-ics.h: iCalendar (RFC 5545) export of event schedules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-schedule.h"

G_BEGIN_DECLS

/* An unbounded schedule that no RRULE says exactly (a rule RFC 5545 cannot express, one of
 * ExCycle's corners, or DST changes that move occurrences every year) is written as its
 * occurrences from the start until this many years after today (or after the start, if it
 * is later); the file says so (DESCRIPTION, X-HOOKSCOPE-LISTED-UNTIL) and so do the notes. */
#define HS_ICS_LISTED_YEARS 5

/* How far past HS_ICS_LISTED_YEARS an unbounded RRULE is checked for occurrences that a DST
 * change moves before it is written without an end. */
#define HS_ICS_CHECK_YEARS 30

/* A calendar of one or more events: one VEVENT per event (plus one per occurrence that needs
 * explicit times, with the same UID and a RECURRENCE-ID), one VTIMEZONE per zone used. The
 * occurrences an RFC 5545 reader computes are exactly hs_schedule_expand()'s; see
 * docs/ics.md. */
typedef struct _HsIcsCalendar HsIcsCalendar;

HsIcsCalendar       *hs_ics_calendar_new          (void);
void                 hs_ics_calendar_free         (HsIcsCalendar  *self);

/* Adds the event of schedule; uid and summary may be NULL (a random UID, "Event"). FALSE with
 * error when the schedule cannot be written (nothing is added then). */
gboolean             hs_ics_calendar_add_schedule (HsIcsCalendar  *self,
                                                   HsSchedule     *schedule,
                                                   const char     *uid,
                                                   const char     *summary,
                                                   GError        **error);
guint                hs_ics_calendar_get_n_events (HsIcsCalendar  *self);
/* Translated sentences about what the file could not say exactly (an unbounded schedule
 * listed for HS_ICS_LISTED_YEARS years, …), one per event concerned; never NULL. */
const char * const  *hs_ics_calendar_get_notes    (HsIcsCalendar  *self);
/* The VCALENDAR text, CRLF line ends. */
char                *hs_ics_calendar_to_string    (HsIcsCalendar  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsIcsCalendar, hs_ics_calendar_free)

/* One event in a calendar of its own; uid and summary may be NULL. */
char                *hs_ics_export_schedule       (HsSchedule     *schedule,
                                                   const char     *uid,
                                                   const char     *summary,
                                                   GError        **error);

G_END_DECLS
