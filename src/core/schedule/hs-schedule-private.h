/* hs-schedule-private.h: HsSchedule internals shared by its parser, expander, summary and
 * iCalendar export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-schedule.h"

G_BEGIN_DECLS

/* An nth weekday of the month (ExCycle's {n, day}): week in 1..5 or -5..-1 (-1 = last). */
typedef struct
{
  int          week;
  GDateWeekday day;
} HsNthDay;

struct _HsSchedule
{
  GObject              parent_instance;

  char                *time_zone_name;
  GTimeZone           *time_zone;
  HsScheduleFrequency  frequency;
  guint                interval;
  guint                count;        /* 0: none */
  GDate                until;        /* invalid: none */
  guint                weekdays;     /* bit (1 << GDateWeekday) per plain weekday */
  GArray              *nth_days;     /* HsNthDay */
  GArray              *month_days;   /* int, 1..31 or -31..-1 */

  gboolean             all_day;
  GDate                start_date;
  GDate                end_date;
  int                  start_time;   /* seconds since local midnight */
  int                  end_time;
  gint64               duration;     /* wall-clock seconds from start to end */

  GPtrArray           *excluded;           /* normalised strings, NULL-terminated */
  GHashTable          *excluded_days;      /* julian day number */
  GHashTable          *excluded_starts;    /* gint64 local seconds */
  GPtrArray           *warnings;           /* NULL-terminated */
};

/* "Local seconds": a wall-clock time counted like Unix time, as if the zone were UTC. */
gint64   hs_schedule_local_seconds     (const GDate  *date,
                                        int           time_of_day);
/* The UTC offset of zone over the last interval looked up: GLib searches its transitions
 * linearly, and consecutive occurrences nearly always fall in the same interval. */
typedef struct
{
  GTimeZone *zone;
  gint64     lo;      /* inclusive */
  gint64     hi;      /* exclusive */
  gint32     offset;
} HsZoneCache;

void     hs_zone_cache_init            (HsZoneCache  *cache,
                                        GTimeZone    *zone);
/* Places a wall-clock time in the zone: a time in a gap moves to the end of the gap; an
 * ambiguous one takes the earlier instant, or the later one when prefer_later. Returns Unix
 * time. */
gint64   hs_schedule_place_local       (HsZoneCache  *cache,
                                        gint64        local,
                                        gboolean      prefer_later,
                                        gboolean     *in_gap);
/* The RRULE (without COUNT/UNTIL) that generates a superset of the wall-clock starts; *exact
 * tells whether it generates exactly the rule's dates (no hs_schedule_date_matches() filter
 * needed). NULL for a single occurrence. */
char    *hs_schedule_build_rrule       (HsSchedule   *self,
                                        gboolean     *exact);
/* A libical iterator over the wall-clock starts from the start (or, without count, from the
 * day before skip_to when not NULL) up to until (inclusive; NULL: none), or NULL when the rule
 * can never match. When *filtered, each date must also pass hs_schedule_date_matches(). */
gpointer hs_schedule_new_iterator      (HsSchedule   *self,
                                        const GDate  *skip_to,
                                        const GDate  *until,
                                        gboolean     *filtered);
gboolean hs_schedule_date_matches      (HsSchedule   *self,
                                        const GDate  *date);
gboolean hs_schedule_is_excluded       (HsSchedule   *self,
                                        const GDate  *date,
                                        gint64        local);

G_END_DECLS
