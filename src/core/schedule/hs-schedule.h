/* hs-schedule.h: an Omerlo event schedule and its occurrences, as ExCycle generates them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hs_schedule_new_from_json() takes the `schedule` object of a Backoffice event. Invalid or
 * not-understood input gives a HS_SCHEDULE_ERROR whose message starts with the field name
 * ("interval: must be at least 1, got 0"): show the event anyway, with that message as a warning.
 * Non-fatal oddities (e.g. `monthly_opts` set on a weekly schedule) are kept as warnings.
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "hs-occurrence.h"

G_BEGIN_DECLS

#define HS_SCHEDULE_ERROR (hs_schedule_error_quark ())

typedef enum
{
  HS_SCHEDULE_ERROR_INVALID,         /* a field has a value outside its range, or is missing */
  HS_SCHEDULE_ERROR_NOT_UNDERSTOOD,  /* a field has a shape Hookscope does not know */
} HsScheduleError;

typedef enum
{
  HS_SCHEDULE_FREQUENCY_NONE,        /* recurrence "none": a single occurrence */
  HS_SCHEDULE_FREQUENCY_DAILY,
  HS_SCHEDULE_FREQUENCY_WEEKLY,
  HS_SCHEDULE_FREQUENCY_MONTHLY,
  HS_SCHEDULE_FREQUENCY_YEARLY,
} HsScheduleFrequency;

typedef enum
{
  HS_SCHEDULE_EXPAND_NONE             = 0,
  /* Also return excluded occurrences, with hs_occurrence_get_excluded() TRUE, so a view can
   * show them struck through. They never use up `count`. */
  HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED = 1 << 0,
} HsScheduleExpandFlags;

/* The hard cap of hs_schedule_expand() when limit is 0. */
#define HS_SCHEDULE_DEFAULT_LIMIT 1000

#define HS_TYPE_SCHEDULE (hs_schedule_get_type ())

G_DECLARE_FINAL_TYPE (HsSchedule, hs_schedule, HS, SCHEDULE, GObject)

GQuark               hs_schedule_error_quark         (void);

HsSchedule          *hs_schedule_new_from_json       (JsonObject            *object,
                                                      GError               **error);

/* Occurrences (HsOccurrence) whose start, as a date in the event's zone, is in [from, to);
 * from/to may be NULL (unbounded on that side). Occurrences before from still use up `count`.
 * At most limit occurrences (0 = HS_SCHEDULE_DEFAULT_LIMIT); *truncated tells whether more
 * were left out. Always terminates, even for a rule that never matches. */
GPtrArray           *hs_schedule_expand              (HsSchedule            *self,
                                                      const GDate           *from,
                                                      const GDate           *to,
                                                      guint                  limit,
                                                      gboolean              *truncated,
                                                      GError               **error);
GPtrArray           *hs_schedule_expand_full         (HsSchedule            *self,
                                                      const GDate           *from,
                                                      const GDate           *to,
                                                      guint                  limit,
                                                      HsScheduleExpandFlags  flags,
                                                      gboolean              *truncated,
                                                      GError               **error);

/* One occurrence as plain values: what HsOccurrence holds, without an object per occurrence,
 * for callers that expand many at once (a calendar month of every event, the command line). */
typedef struct
{
  gint64 start;           /* Unix time */
  gint64 end;             /* Unix time; for all-day, the midnight after the last day */
  gint32 start_offset;    /* seconds east of UTC in the event's zone at start */
  gint32 end_offset;
  guint  all_day : 1;
  guint  excluded : 1;
} HsScheduleInstant;

/* hs_schedule_expand_full() as a GArray of HsScheduleInstant. */
GArray              *hs_schedule_expand_instants     (HsSchedule            *self,
                                                      const GDate           *from,
                                                      const GDate           *to,
                                                      guint                  limit,
                                                      HsScheduleExpandFlags  flags,
                                                      gboolean              *truncated,
                                                      GError               **error);

/* A translated one-line summary, e.g. "Every 2 weeks on Monday and Wednesday, 18:47–19:47
 * (America/Montreal), 10 times, except 2 dates". */
char                *hs_schedule_describe            (HsSchedule            *self);

GTimeZone           *hs_schedule_get_time_zone       (HsSchedule            *self);
const char          *hs_schedule_get_time_zone_name  (HsSchedule            *self);
gboolean             hs_schedule_get_all_day         (HsSchedule            *self);
HsScheduleFrequency  hs_schedule_get_frequency       (HsSchedule            *self);
gboolean             hs_schedule_is_recurring        (HsSchedule            *self);
/* TRUE when `count` or `until` ends the schedule; otherwise expand a window. */
gboolean             hs_schedule_is_bounded          (HsSchedule            *self);
guint                hs_schedule_get_interval        (HsSchedule            *self);
/* 0 when there is no count. */
guint                hs_schedule_get_count           (HsSchedule            *self);
/* FALSE when there is no until. */
gboolean             hs_schedule_get_until           (HsSchedule            *self,
                                                      GDate                 *until);
/* The `excluded_dates` entries, normalised: "YYYY-MM-DD" for a whole day, or
 * "YYYY-MM-DDTHH:MM:SS" for one start, as a wall-clock time in the event's zone. */
const char * const  *hs_schedule_get_excluded_dates  (HsSchedule            *self);
/* Translated messages about input that was accepted but partly ignored, followed by those of
 * hs_schedule_get_omerlo_warnings(); never NULL. */
const char * const  *hs_schedule_get_warnings        (HsSchedule            *self);

/* How far hs_schedule_get_omerlo_warnings() looks when the schedule has neither count nor
 * until. */
#define HS_SCHEDULE_CHECK_YEARS 10

/* Translated sentences, one per corner, where the occurrences Omerlo's generator (ExCycle
 * 0.8.2) gives — the ones hs_schedule_expand() returns — differ from what a calendar app
 * (RFC 5545) computes for the same rule, naming the dates the app shows instead, e.g.
 * "Omerlo's generator skips 5 dates of this rule (Monday 2026-04-06, …), as ExCycle does with
 * an nth weekday in a rule repeating every 2 weeks; a calendar app reading the same rule would
 * show them"; also one when Omerlo's generator fails on the rule altogether. Never NULL; empty
 * when they agree. Worked out on first call (a walk of the rule over the whole schedule, or
 * its first HS_SCHEDULE_CHECK_YEARS years), then kept; safe from any thread. */
const char * const  *hs_schedule_get_omerlo_warnings (HsSchedule            *self);

G_END_DECLS
