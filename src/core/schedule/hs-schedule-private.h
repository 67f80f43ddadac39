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

  /* Where Omerlo's dates differ from an RFC 5545 client's (hs-schedule-corners.c), computed on
   * first use; all_warnings is warnings followed by them. */
  gsize                corners_checked;
  GPtrArray           *omerlo_warnings;    /* NULL-terminated */
  GPtrArray           *all_warnings;       /* NULL-terminated */
};

/* "Local seconds": a wall-clock time counted like Unix time, as if the zone were UTC. */
gint64   hs_schedule_local_seconds     (const GDate  *date,
                                        int           time_of_day);

/* Civil dates as day numbers (days since 1970-01-01), proleptic Gregorian. */
gint64   hs_days_from_civil            (int           y,
                                        int           m,
                                        int           d);
void     hs_civil_from_days            (gint64        days,
                                        int          *y,
                                        int          *m,
                                        int          *d);
/* 1 = Monday … 7 = Sunday (GDateWeekday). */
int      hs_weekday_of_days            (gint64        days);
int      hs_days_in_month              (int           y,
                                        int           m);

/* The UTC offset of a zone around the last instants looked up. The intervals themselves are
 * kept per zone for the whole process (hs-schedule-zone.c): GLib searches a zone's transitions
 * linearly from the first one, and a calendar expands many events in the same few zones. */
typedef struct
{
  GTimeZone *zone;
  gint64     lo[2];      /* inclusive */
  gint64     hi[2];      /* exclusive */
  gint32     offset[2];
  guint      last;
} HsZoneCache;

void     hs_zone_cache_init            (HsZoneCache  *cache,
                                        GTimeZone    *zone);
gint32   hs_zone_cache_offset_at       (HsZoneCache  *cache,
                                        gint64        utc);
/* Places a wall-clock time in the zone: a time in a gap moves to the end of the gap; an
 * ambiguous one takes the earlier instant, or the later one when prefer_later. Returns Unix
 * time; *in_gap / *ambiguous (may be NULL) tell which case it was. */
gint64   hs_schedule_place_local_full  (HsZoneCache  *cache,
                                        gint64        local,
                                        gboolean      prefer_later,
                                        gboolean     *in_gap,
                                        gboolean     *ambiguous);
gint64   hs_schedule_place_local       (HsZoneCache  *cache,
                                        gint64        local,
                                        gboolean      prefer_later,
                                        gboolean     *in_gap);

/* The RRULE (without COUNT/UNTIL) of the plain rule; *exact tells whether RFC 5545 can say it
 * (an nth weekday in a daily or weekly rule cannot). NULL for a single occurrence. */
char    *hs_schedule_build_rrule       (HsSchedule   *self,
                                        gboolean     *exact);
gboolean hs_schedule_is_excluded       (HsSchedule   *self,
                                        const GDate  *date,
                                        gint64        local);
/* A yearly rule with an nth weekday and an interval: ExCycle 0.8.2 raises after the first
 * occurrence (in days_in_month), so Omerlo shows nothing past it. */
gboolean hs_schedule_excycle_fails     (HsSchedule   *self);

/* The rule walk (hs-schedule-walk.c): the schedule's dates in order, exclusions included and
 * flagged, count and time of day aside. */
typedef enum
{
  HS_WALK_END,
  HS_WALK_DATE,
  HS_WALK_EXCLUDED,
} HsWalkResult;

typedef struct
{
  HsSchedule *schedule;
  gint64      start_day;
  gint64      start_week;
  gint64      last_day;
  gint64      next;        /* where the next search starts (inclusive) */
  gint64      interval;
  guint64     steps;
  int         start_y, start_m, start_d;
  guint       weekdays;    /* bit (1 << GDateWeekday) */
  guint       excycle : 1;
  guint       model : 1;   /* ExCycle's candidate moves differ from the plain rule here */
  guint       has_days : 1;
  guint       check_exclusions : 1;
  guint       done : 1;
} HsRuleWalk;

/* excycle: Omerlo's dates (ExCycle's corners), or the plain rule as an RFC 5545 client
 * computes it. skip_to: the first day that matters when there is no count (NULL: the start).
 * last: no date after it (NULL: none). */
void         hs_rule_walk_init         (HsRuleWalk   *walk,
                                        HsSchedule   *self,
                                        gboolean      excycle,
                                        const GDate  *skip_to,
                                        const GDate  *last);
HsWalkResult hs_rule_walk_next         (HsRuleWalk   *walk,
                                        gint64       *day);
gboolean     hs_rule_walk_is_excluded  (HsRuleWalk   *walk,
                                        gint64        day);

G_END_DECLS
