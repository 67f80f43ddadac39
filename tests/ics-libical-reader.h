/* ics-libical-reader.h: an iCalendar file expanded by libical, as a calendar app does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   start;     /* Unix time; all-day: the first day's midnight in UTC */
  gint64   end;       /* all-day: the midnight in UTC after the last day */
  gboolean all_day;
} IcsSpan;

typedef struct
{
  char     *uid;
  GArray   *spans;         /* IcsSpan, sorted by start */
  char     *listed_until;  /* X-HOOKSCOPE-LISTED-UNTIL, or NULL */
  gboolean  has_period;    /* an RDATE;VALUE=PERIOD (few engines read them) */
} IcsEventSpans;

/* Parses text with libical's parser (an X-LIC-ERROR is an error), reads its VTIMEZONEs with
 * libical's own zone code, and expands each event (the VEVENTs of one UID: the master's
 * RRULE with libical's iterator, RDATEs, EXDATEs, every instance lasting the master's exact
 * duration, then the RECURRENCE-ID overrides in place of their instances): the instances
 * whose rule time is before horizon (Unix time), or before the one horizons (may be NULL)
 * gives for the UID (a gint64 *). A GPtrArray of IcsEventSpans, in the order of the masters;
 * NULL with error on a file it cannot read. */
GPtrArray *ics_libical_expand (const char  *text,
                               gint64       horizon,
                               GHashTable  *horizons,
                               GError     **error);

void       ics_event_spans_free (IcsEventSpans *spans);

G_END_DECLS
