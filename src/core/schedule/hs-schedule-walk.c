/* hs-schedule-walk.c: the rule walk, the dates of a schedule in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One walk serves the expander, the iCalendar export and the check against RFC 5545. Dates are
 * day numbers (days since 1970-01-01) and the walk does plain integer arithmetic on them: the
 * libical iterator it replaces went through ICU's calendar for every date, which was most of
 * the cost of an expansion.
 *
 * Two modes:
 * - the plain rule, what an RFC 5545 client computes (the rule's dates, interval kept from the
 *   start's day, week, month or year);
 * - ExCycle's walk (Omerlo's generator, v0.8.2), where it differs. ExCycle moves a candidate
 *   from one validation to the next: `days` first (the next day matching the weekdays), then
 *   the interval (a weekly rule jumps ahead by whole weeks, a yearly rule by whole years,
 *   keeping the rest of the date), the exclusions (the day after, at midnight), then the locks
 *   (a yearly rule locks its month: a candidate in another month moves to that month of the
 *   next year, keeping its day; the day lock of a yearly rule moves to that day of the next
 *   month, and a December candidate into January of the next year). The corners this makes
 *   are in DESIGN.md ("ExCycle's corners") and docs/schedule.md.
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <string.h>

#include "hs-schedule-private.h"

/* Far beyond any year a view asks for; ends the search for a rule that never matches. */
#define LAST_YEAR 9999
#define MAX_STEPS 4000000

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (the usual era-based
 * formula: 400-year eras of 146097 days, years counted from March). */
gint64
hs_days_from_civil (int y,
                    int m,
                    int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
hs_civil_from_days (gint64  days,
                    int    *y,
                    int    *m,
                    int    *d)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int month = (int)(mp < 10 ? mp + 3 : mp - 9);

  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = month;
  *y = (int)(yoe + era * 400 + (month <= 2));
}

/* 1 = Monday … 7 = Sunday, like GDateWeekday; 1970-01-01 was a Thursday. */
int
hs_weekday_of_days (gint64 days)
{
  gint64 r = (days + 3) % 7;

  return (int)(r < 0 ? r + 7 : r) + 1;
}

int
hs_days_in_month (int y,
                  int m)
{
  static const int lengths[] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return 29;
  return lengths[m];
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static gint64
positive_mod (gint64 a,
              gint64 b)
{
  gint64 r = a % b;

  return r < 0 ? r + b : r;
}

/* Monday-based week index. */
static gint64
week_of (gint64 day)
{
  return floor_div (day + 3, 7);
}

/* A date whose day may be past the end of its month (ExCycle sets fields without checking):
 * rolled over into the next month, as its date arithmetic treats it. */
static gint64
days_rolled (int y,
             int m,
             int d)
{
  while (m > 12)
    {
      m -= 12;
      y++;
    }

  return hs_days_from_civil (y, m, 1) + d - 1;
}

static gboolean
nth_matches (const HsNthDay *nth,
             int             weekday,
             int             day_of_month,
             int             days_in_month)
{
  if (nth->day != (GDateWeekday)weekday)
    return FALSE;
  if (nth->week > 0)
    return (day_of_month - 1) / 7 + 1 == nth->week;
  return (days_in_month - day_of_month) / 7 + 1 == -nth->week;
}

/* `days` alone (plain weekdays, nth weekdays of the month), interval and frequency aside. */
static gboolean
days_match (const HsRuleWalk *walk,
            gint64            day,
            int               y,
            int               m,
            int               d)
{
  HsSchedule *self = walk->schedule;
  int weekday = hs_weekday_of_days (day);

  if (walk->weekdays & (1u << weekday))
    return TRUE;

  for (guint i = 0; i < self->nth_days->len; i++)
    if (nth_matches (&g_array_index (self->nth_days, HsNthDay, i), weekday, d,
                     hs_days_in_month (y, m)))
      return TRUE;

  return FALSE;
}

static gboolean
month_days_match (HsSchedule *self,
                  int         y,
                  int         m,
                  int         d)
{
  int length = hs_days_in_month (y, m);

  for (guint i = 0; i < self->month_days->len; i++)
    {
      int wanted = g_array_index (self->month_days, int, i);

      if (wanted > 0 ? wanted == d : length + wanted + 1 == d)
        return TRUE;
    }

  return FALSE;
}

void
hs_rule_walk_init (HsRuleWalk  *walk,
                   HsSchedule  *self,
                   gboolean     excycle,
                   const GDate *skip_to,
                   const GDate *last)
{
  int start_weekday;

  g_assert (HS_IS_SCHEDULE (self));
  g_assert (self->frequency != HS_SCHEDULE_FREQUENCY_NONE);

  memset (walk, 0, sizeof *walk);
  walk->schedule = self;
  walk->excycle = excycle;
  walk->start_day = hs_days_from_civil (g_date_get_year (&self->start_date),
                                        g_date_get_month (&self->start_date),
                                        g_date_get_day (&self->start_date));
  hs_civil_from_days (walk->start_day, &walk->start_y, &walk->start_m, &walk->start_d);
  walk->start_week = week_of (walk->start_day);
  walk->last_day = hs_days_from_civil (LAST_YEAR, 12, 31);
  if (last != NULL)
    walk->last_day = MIN (walk->last_day, hs_days_from_civil (g_date_get_year (last),
                                                              g_date_get_month (last),
                                                              g_date_get_day (last)));
  walk->interval = MAX (self->interval, 1);
  walk->weekdays = self->weekdays;
  walk->has_days = self->weekdays != 0 || self->nth_days->len > 0;
  walk->check_exclusions = g_hash_table_size (self->excluded_days) > 0 ||
                           g_hash_table_size (self->excluded_starts) > 0;
  start_weekday = hs_weekday_of_days (walk->start_day);

  /* A weekly rule without days repeats the start's weekday. */
  if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY && !walk->has_days)
    walk->weekdays = 1u << start_weekday;

  /* Where ExCycle's candidate moves give other dates than the plain rule. */
  walk->model = excycle && ((self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY &&
                             walk->interval > 1 && self->nth_days->len > 0) ||
                            (self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY && walk->has_days &&
                             !hs_schedule_excycle_fails (self)));

  walk->next = walk->start_day;

  /* Without count nothing before the window matters: the plain rule is the same from any day
   * (the interval is kept from the start), so start the search there, a day early for a start
   * a DST gap pushes past midnight. ExCycle's walk depends on its path: from the start. */
  if (skip_to != NULL && self->count == 0 && !walk->model &&
      !(excycle && walk->check_exclusions))
    {
      gint64 skip = hs_days_from_civil (g_date_get_year (skip_to), g_date_get_month (skip_to),
                                        g_date_get_day (skip_to)) - 1;

      walk->next = MAX (walk->next, skip);
    }
}

gboolean
hs_rule_walk_is_excluded (HsRuleWalk *walk,
                          gint64      day)
{
  HsSchedule *self = walk->schedule;
  gint64 local;

  if (!walk->check_exclusions)
    return FALSE;

  /* GDate's julian day 1 is 0001-01-01: 719163 is 1970-01-01. */
  if (g_hash_table_contains (self->excluded_days, GUINT_TO_POINTER ((guint)(day + 719163))))
    return TRUE;

  local = day * 86400 + (self->all_day ? 0 : self->start_time);
  return g_hash_table_contains (self->excluded_starts, &local);
}

/* One step of the plain rule, per frequency: TRUE when *day is a date of the rule, otherwise
 * FALSE with *day moved on to the next candidate (never backwards). */
static gboolean
plain_daily (HsRuleWalk *walk,
             gint64     *day)
{
  gint64 r = positive_mod (*day - walk->start_day, walk->interval);
  int y, m, d;

  if (r != 0)
    {
      *day += walk->interval - r;
      return FALSE;
    }
  if (!walk->has_days)
    return TRUE;
  hs_civil_from_days (*day, &y, &m, &d);
  if (days_match (walk, *day, y, m, d))
    return TRUE;
  *day += walk->interval;
  return FALSE;
}

static gboolean
plain_weekly (HsRuleWalk *walk,
              gint64     *day)
{
  gint64 r = positive_mod (week_of (*day) - walk->start_week, walk->interval);
  int y, m, d;

  if (r != 0)
    {
      /* The Monday of the next kept week. */
      *day = (week_of (*day) + walk->interval - r) * 7 - 3;
      return FALSE;
    }
  if ((walk->weekdays & (1u << hs_weekday_of_days (*day))) != 0)
    return TRUE;
  if (walk->schedule->nth_days->len > 0)
    {
      hs_civil_from_days (*day, &y, &m, &d);
      if (days_match (walk, *day, y, m, d))
        return TRUE;
    }
  (*day)++;
  return FALSE;
}

static gboolean
plain_monthly (HsRuleWalk *walk,
               gint64     *day)
{
  HsSchedule *self = walk->schedule;
  gint64 n = walk->interval;
  gint64 r;
  int y, m, d;

  hs_civil_from_days (*day, &y, &m, &d);
  r = positive_mod ((gint64)(y - walk->start_y) * 12 + m - walk->start_m, n);
  if (r != 0)
    {
      gint64 months = (gint64)y * 12 + (m - 1) + n - r;

      *day = hs_days_from_civil ((int)(months / 12), (int)(months % 12) + 1, 1);
      return FALSE;
    }
  if (!walk->has_days && self->month_days->len == 0)
    {
      /* The start's day of the month; a month without it is skipped. */
      if (d <= walk->start_d && walk->start_d <= hs_days_in_month (y, m))
        {
          *day += walk->start_d - d;
          return TRUE;
        }
      *day = hs_days_from_civil (y, m, 1) + hs_days_in_month (y, m);
      return FALSE;
    }
  if ((!walk->has_days || days_match (walk, *day, y, m, d)) &&
      (self->month_days->len == 0 || month_days_match (self, y, m, d)))
    return TRUE;
  (*day)++;
  return FALSE;
}

static gboolean
plain_yearly (HsRuleWalk *walk,
              gint64     *day)
{
  gint64 n = walk->interval;
  gint64 r;
  int y, m, d;

  hs_civil_from_days (*day, &y, &m, &d);
  r = positive_mod (y - walk->start_y, n);
  if (r != 0 || m > walk->start_m)
    {
      /* The start's month of the next kept year. */
      *day = hs_days_from_civil (y + (int)(r != 0 ? n - r : n), walk->start_m, 1);
      return FALSE;
    }
  if (m < walk->start_m)
    {
      *day = hs_days_from_civil (y, walk->start_m, 1);
      return FALSE;
    }
  if (!walk->has_days)
    {
      /* The start's day (29 February: leap years only). */
      if (d <= walk->start_d && walk->start_d <= hs_days_in_month (y, m))
        {
          *day += walk->start_d - d;
          return TRUE;
        }
      *day = hs_days_from_civil (y, m, 1) + hs_days_in_month (y, m);
      return FALSE;
    }
  if (days_match (walk, *day, y, m, d))
    return TRUE;
  (*day)++;
  return FALSE;
}

/* The first date ≥ day of the plain rule (exclusions aside), or -1 past the last day. */
static gint64
plain_from (HsRuleWalk *walk,
            gint64      day)
{
  gboolean (*step) (HsRuleWalk *, gint64 *);

  switch (walk->schedule->frequency)
    {
    case HS_SCHEDULE_FREQUENCY_DAILY:
      step = plain_daily;
      break;
    case HS_SCHEDULE_FREQUENCY_WEEKLY:
      step = plain_weekly;
      break;
    case HS_SCHEDULE_FREQUENCY_MONTHLY:
      step = plain_monthly;
      break;
    case HS_SCHEDULE_FREQUENCY_YEARLY:
      step = plain_yearly;
      break;
    case HS_SCHEDULE_FREQUENCY_NONE:
    default:
      g_assert_not_reached ();
    }

  day = MAX (day, walk->start_day);
  while (day <= walk->last_day && walk->steps++ < MAX_STEPS)
    if (step (walk, &day))
      return day <= walk->last_day ? day : -1;

  return -1;
}

/* ExCycle's Days.next: the first day after day matching `days`, whatever the interval. */
static gint64
days_next (HsRuleWalk *walk,
           gint64      day)
{
  /* Any weekday or nth weekday comes back within a few years (a fifth Monday within 2). */
  gint64 bound = MIN (day + 3 * 366, walk->last_day + 1);

  for (day++; day <= bound && walk->steps++ < MAX_STEPS; day++)
    {
      int y, m, d;

      if (walk->weekdays & (1u << hs_weekday_of_days (day)))
        return day;
      hs_civil_from_days (day, &y, &m, &d);
      if (days_match (walk, day, y, m, d))
        return day;
    }

  return G_MAXINT64;
}

/* ExCycle moving a candidate until every validation holds: `days`, the interval, the
 * exclusions, then the yearly month lock. Returns the date and whether it is excluded (an
 * excluded candidate is a date of the rule that ExCycle then leaves for the day after it). */
static gint64
model_settle (HsRuleWalk *walk,
              gint64      day,
              gboolean   *excluded)
{
  HsSchedule *self = walk->schedule;
  gint64 n = walk->interval;

  *excluded = FALSE;

  while (day <= walk->last_day && walk->steps++ < MAX_STEPS)
    {
      int y, m, d;
      gint64 r;

      if (day < walk->start_day)
        day = walk->start_day;
      hs_civil_from_days (day, &y, &m, &d);

      if (!days_match (walk, day, y, m, d))
        {
          day = days_next (walk, day);
          continue;
        }

      if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY)
        {
          r = positive_mod (week_of (day) - walk->start_week, n);
          if (r != 0)
            {
              /* Whole weeks, keeping the candidate's weekday. */
              day += 7 * (n - r);
              continue;
            }
        }
      else
        {
          r = positive_mod (y - walk->start_y, n);
          if (r != 0)
            {
              /* The next kept year, keeping the month and the day. */
              day = days_rolled (y + (int)(n - r), m, d);
              continue;
            }
        }

      if (hs_rule_walk_is_excluded (walk, day))
        {
          if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY || m == walk->start_m)
            {
              *excluded = TRUE;
              return day;
            }
          day++;
          continue;
        }

      if (self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY && m != walk->start_m)
        {
          /* The month lock: the start's month of the next year, keeping the day. */
          day = days_rolled (y + 1, walk->start_m, d);
          continue;
        }

      return day;
    }

  return -1;
}

/* Where ExCycle goes after an excluded occurrence of a yearly rule without days: the day after
 * at midnight, then the locks (month, then day: the day lock moves to the next month, and a
 * December date to January of the next year, which the month lock then moves a year on). */
static gint64
excycle_yearly_after_exclusion (HsRuleWalk *walk,
                                gint64      excluded)
{
  gint64 n = walk->interval;
  int y, m, d;

  hs_civil_from_days (excluded + 1, &y, &m, &d);

  for (guint guard = 0; guard < 64 && y <= LAST_YEAR; guard++)
    {
      gint64 r = positive_mod (y - walk->start_y, n);
      gint64 day;

      if (r != 0)
        y += (int)(n - r);
      else if (m != walk->start_m)
        {
          y++;
          m = walk->start_m;
        }
      else if (d != walk->start_d)
        {
          if (walk->start_d > d)
            d = walk->start_d;
          else
            {
              y += m / 12;
              m = m % 12 + 1;
              d = walk->start_d;
            }
        }
      else
        break;

      /* A day past the end of its month rolls over, as ExCycle's date arithmetic does. */
      day = days_rolled (y, m, d);
      hs_civil_from_days (day, &y, &m, &d);
    }

  return hs_days_from_civil (MIN (y, LAST_YEAR + 1), m, d);
}

HsWalkResult
hs_rule_walk_next (HsRuleWalk *walk,
                   gint64     *day)
{
  HsSchedule *self = walk->schedule;
  gboolean excluded = FALSE;
  gint64 found;

  if (walk->done)
    return HS_WALK_END;

  if (walk->model)
    {
      found = model_settle (walk, walk->next, &excluded);
      if (found >= 0)
        walk->next = excluded ? found + 1 : days_next (walk, found);
    }
  else
    {
      found = plain_from (walk, walk->next);
      if (found >= 0)
        {
          excluded = hs_rule_walk_is_excluded (walk, found);
          walk->next = found + 1;
          if (excluded && walk->excycle && self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY)
            walk->next = excycle_yearly_after_exclusion (walk, found);
        }
    }

  if (found < 0 || found > walk->last_day)
    {
      walk->done = TRUE;
      return HS_WALK_END;
    }

  *day = found;
  return excluded ? HS_WALK_EXCLUDED : HS_WALK_DATE;
}
