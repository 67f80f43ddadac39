/* hs-schedule-expand.c: HsSchedule → occurrences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libical iterates the RRULE over floating (wall-clock) times; each wall-clock start is then
 * placed in the event's zone with GTimeZone, with ExCycle's rules on top: exclusions before
 * count, until inclusive by local date, DST gap → end of the gap, ambiguous start → earlier
 * instant, ambiguous end → later instant, a gap-squeezed occurrence dropped but counted.
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <stdlib.h>

#include "hs-schedule-private.h"

/* libical gives up on its own after year 2582; this bounds the work of a filter that rarely
 * matches all the same. */
#define MAX_ITERATOR_STEPS 2000000

static const char *ical_days[] = { NULL, "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

void
hs_zone_cache_init (HsZoneCache *cache,
                    GTimeZone   *zone)
{
  cache->zone = zone;
  cache->lo = 0;
  cache->hi = 0;
  cache->offset = 0;
}

/* The edge of the interval index holding u, in direction (+1: the first time after it,
 * -1: its first time); G_MAXINT64/G_MININT64 when it is open-ended. */
static gint64
interval_edge (GTimeZone *zone,
               gint64     u,
               int        index,
               int        direction)
{
  gint64 inside = u;
  gint64 outside;
  gint64 step = 3600;

  for (;;)
    {
      gint64 probe = u + direction * step;

      if (step > ((gint64)1 << 42))
        return direction > 0 ? G_MAXINT64 : G_MININT64;
      if (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, probe) != index)
        {
          outside = probe;
          break;
        }
      inside = probe;
      step *= 2;
    }

  while (ABS (outside - inside) > 1)
    {
      gint64 mid = inside + (outside - inside) / 2;

      if (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, mid) == index)
        inside = mid;
      else
        outside = mid;
    }

  return direction > 0 ? outside : inside;
}

static gint32
offset_at (HsZoneCache *cache,
           gint64       utc)
{
  int index;

  if (utc >= cache->lo && utc < cache->hi)
    return cache->offset;

  index = g_time_zone_find_interval (cache->zone, G_TIME_TYPE_UNIVERSAL, utc);
  cache->offset = g_time_zone_get_offset (cache->zone, index);
  cache->lo = interval_edge (cache->zone, utc, index, -1);
  cache->hi = interval_edge (cache->zone, utc, index, +1);

  return cache->offset;
}

gint64
hs_schedule_place_local (HsZoneCache *cache,
                         gint64       local,
                         gboolean     prefer_later,
                         gboolean    *in_gap)
{
  /* Offsets on either side of any transition near this time. */
  gint32 before = offset_at (cache, local - 86400);
  gint32 after = offset_at (cache, local + 86400);
  gint64 u1 = local - before;
  gint64 u2 = local - after;
  gboolean v1 = offset_at (cache, u1) == before;
  gboolean v2 = offset_at (cache, u2) == after;
  gint64 lo, hi;

  if (in_gap != NULL)
    *in_gap = FALSE;

  if (v1 && v2)
    return prefer_later ? MAX (u1, u2) : MIN (u1, u2);
  if (v1)
    return u1;
  if (v2)
    return u2;

  /* In a gap: the first valid time after it is the transition instant, the smallest u whose
   * wall-clock time is past local. */
  if (in_gap != NULL)
    *in_gap = TRUE;

  lo = MIN (u1, u2);
  hi = MAX (u1, u2);
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (mid + offset_at (cache, mid) > local)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

char *
hs_schedule_build_rrule (HsSchedule *self,
                         gboolean   *exact)
{
  g_autoptr(GString) rule = NULL;
  g_autoptr(GString) by_day = g_string_new (NULL);
  guint weekdays;
  gboolean filtered = FALSE;
  gboolean has_days;

  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  if (self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    {
      if (exact != NULL)
        *exact = TRUE;
      return NULL;
    }

  rule = g_string_new (NULL);
  weekdays = self->weekdays;
  has_days = weekdays != 0 || self->nth_days->len > 0;

  switch (self->frequency)
    {
    case HS_SCHEDULE_FREQUENCY_MONTHLY:
    case HS_SCHEDULE_FREQUENCY_YEARLY:
      /* An nth weekday is of the month: RFC 5545 means the same for MONTHLY, and for YEARLY
       * once BYMONTH is set (ExCycle locks the month of a yearly rule). */
      for (guint i = 0; i < self->nth_days->len; i++)
        {
          const HsNthDay *nth = &g_array_index (self->nth_days, HsNthDay, i);

          g_string_append_printf (by_day, "%s%d%s", by_day->len ? "," : "", nth->week,
                                  ical_days[nth->day]);
        }
      break;

    case HS_SCHEDULE_FREQUENCY_DAILY:
    case HS_SCHEDULE_FREQUENCY_WEEKLY:
      /* RFC 5545 has no nth weekday here: generate that weekday and filter. */
      for (guint i = 0; i < self->nth_days->len; i++)
        {
          const HsNthDay *nth = &g_array_index (self->nth_days, HsNthDay, i);

          if ((weekdays & (1u << nth->day)) == 0)
            filtered = TRUE;
          weekdays |= 1u << nth->day;
        }
      break;

    case HS_SCHEDULE_FREQUENCY_NONE:
    default:
      g_assert_not_reached ();
    }

  for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
    if (weekdays & (1u << day))
      g_string_append_printf (by_day, "%s%s", by_day->len ? "," : "", ical_days[day]);

  switch (self->frequency)
    {
    case HS_SCHEDULE_FREQUENCY_DAILY:
      g_string_append (rule, "FREQ=DAILY");
      break;

    case HS_SCHEDULE_FREQUENCY_WEEKLY:
      g_string_append (rule, "FREQ=WEEKLY");
      if (by_day->len == 0)
        g_string_append (by_day, ical_days[g_date_get_weekday (&self->start_date)]);
      break;

    case HS_SCHEDULE_FREQUENCY_MONTHLY:
      g_string_append (rule, "FREQ=MONTHLY");
      break;

    case HS_SCHEDULE_FREQUENCY_YEARLY:
      g_string_append (rule, "FREQ=YEARLY");
      break;

    case HS_SCHEDULE_FREQUENCY_NONE:
    default:
      g_assert_not_reached ();
    }

  if (self->interval > 1)
    g_string_append_printf (rule, ";INTERVAL=%u", self->interval);

  /* Weeks start on Monday for ExCycle: this decides which weeks an INTERVAL keeps. */
  g_string_append (rule, ";WKST=MO");

  if (self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY)
    g_string_append_printf (rule, ";BYMONTH=%d", g_date_get_month (&self->start_date));

  if (by_day->len > 0)
    g_string_append_printf (rule, ";BYDAY=%s", by_day->str);

  if (self->frequency == HS_SCHEDULE_FREQUENCY_MONTHLY && self->month_days->len > 0)
    {
      g_string_append (rule, ";BYMONTHDAY=");
      for (guint i = 0; i < self->month_days->len; i++)
        g_string_append_printf (rule, "%s%d", i ? "," : "",
                                g_array_index (self->month_days, int, i));
    }
  else if (!has_days && (self->frequency == HS_SCHEDULE_FREQUENCY_MONTHLY ||
                         self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY))
    {
      /* Locked to the start's day: a month (or February) without it is skipped. */
      g_string_append_printf (rule, ";BYMONTHDAY=%d", g_date_get_day (&self->start_date));
    }

  if (exact != NULL)
    *exact = !filtered;

  return g_string_free (g_steal_pointer (&rule), FALSE);
}

static icaltimetype
floating_time (const GDate *date,
               int          time_of_day)
{
  icaltimetype t = icaltime_null_time ();

  t.year = g_date_get_year (date);
  t.month = g_date_get_month (date);
  t.day = g_date_get_day (date);
  t.hour = time_of_day / 3600;
  t.minute = time_of_day / 60 % 60;
  t.second = time_of_day % 60;
  t.is_date = 0;

  return t;
}

gpointer
hs_schedule_new_iterator (HsSchedule  *self,
                          const GDate *skip_to,
                          const GDate *until,
                          gboolean    *filtered)
{
  g_autofree char *rule_text = NULL;
  struct icalrecurrencetype rule;
  icalrecur_iterator *iter;
  gboolean exact = TRUE;

  g_assert (HS_IS_SCHEDULE (self));
  g_assert (self->frequency != HS_SCHEDULE_FREQUENCY_NONE);

  rule_text = hs_schedule_build_rrule (self, &exact);
  rule = icalrecurrencetype_from_string (rule_text);
  g_assert (rule.freq != ICAL_NO_RECURRENCE);
  *filtered = !exact;

  /* libical 3.0 misplaces a lone BYDAY=SU in an INTERVAL > 1 weekly rule with WKST=MO (it
   * counts Sunday-based weeks): iterate every week and keep the weeks ourselves. */
  if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY && self->interval > 1)
    {
      rule.interval = 1;
      *filtered = TRUE;
    }

  if (until != NULL)
    rule.until = floating_time (until, 86399);

  iter = icalrecur_iterator_new (rule, floating_time (&self->start_date,
                                                     self->all_day ? 0 : self->start_time));
  if (iter == NULL)
    {
      icalerror_clear_errno ();
      return NULL;
    }

  /* Without count nothing before the window matters: let libical jump there (it keeps the
   * interval's phase; it cannot with a COUNT, which the rule never has). A day of slack for a
   * start that a gap pushes past midnight. */
  if (skip_to != NULL && self->count == 0 &&
      (gint64)g_date_get_julian (skip_to) - 1 > (gint64)g_date_get_julian (&self->start_date))
    {
      GDate day_before = *skip_to;

      g_date_subtract_days (&day_before, 1);
      if (!icalrecur_iterator_set_start (iter, floating_time (&day_before, 0)))
        icalerror_clear_errno ();
    }

  return iter;
}

gboolean
hs_schedule_date_matches (HsSchedule  *self,
                          const GDate *date)
{
  GDateWeekday weekday;

  g_assert (HS_IS_SCHEDULE (self));

  if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY && self->interval > 1)
    {
      /* Weeks start on Monday, counted from the start's week. */
      gint64 week = ((gint64)g_date_get_julian (date) - g_date_get_weekday (date)) / 7;
      gint64 first = ((gint64)g_date_get_julian (&self->start_date) -
                      g_date_get_weekday (&self->start_date)) / 7;

      if ((week - first) % self->interval != 0)
        return FALSE;
    }

  if (self->weekdays == 0 && self->nth_days->len == 0)
    return TRUE;

  weekday = g_date_get_weekday (date);
  if (self->weekdays & (1u << weekday))
    return TRUE;

  for (guint i = 0; i < self->nth_days->len; i++)
    {
      const HsNthDay *nth = &g_array_index (self->nth_days, HsNthDay, i);
      int day = g_date_get_day (date);
      int days_in_month = g_date_get_days_in_month (g_date_get_month (date),
                                                    g_date_get_year (date));

      if (nth->day != weekday)
        continue;
      if (nth->week > 0 && (day - 1) / 7 + 1 == nth->week)
        return TRUE;
      if (nth->week < 0 && (days_in_month - day) / 7 + 1 == -nth->week)
        return TRUE;
    }

  return FALSE;
}

gboolean
hs_schedule_is_excluded (HsSchedule  *self,
                         const GDate *date,
                         gint64       local)
{
  g_assert (HS_IS_SCHEDULE (self));

  return g_hash_table_contains (self->excluded_days, GUINT_TO_POINTER (g_date_get_julian (date))) ||
         g_hash_table_contains (self->excluded_starts, &local);
}

static GDateTime *
date_time_in_zone (GTimeZone *zone,
                   gint64     utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc);

  return dt != NULL ? g_date_time_to_timezone (dt, zone) : NULL;
}

/* The occurrence starting at wall-clock local, or NULL when a DST gap squeezes it to nothing. */
static HsOccurrence *
make_occurrence (HsSchedule  *self,
                 HsZoneCache *cache,
                 gint64       local,
                 gboolean     excluded)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  gint64 start_utc = hs_schedule_place_local (cache, local, FALSE, NULL);
  gint64 end_local = local + self->duration + (self->all_day ? 86400 : 0);
  gint64 end_utc = hs_schedule_place_local (cache, end_local, TRUE, NULL);

  if (self->duration > 0 && end_utc <= start_utc)
    return NULL;
  if (end_utc < start_utc)
    end_utc = start_utc;

  start = date_time_in_zone (self->time_zone, start_utc);
  end = date_time_in_zone (self->time_zone, end_utc);
  if (start == NULL || end == NULL)
    return NULL;

  return hs_occurrence_new (start, end, self->all_day, excluded);
}

static gboolean
in_window (const GDate *date,
           const GDate *from,
           const GDate *to)
{
  return (from == NULL || g_date_compare (date, from) >= 0) &&
         (to == NULL || g_date_compare (date, to) < 0);
}

/* Appends occ unless the limit is reached; FALSE (and *truncated) when it is. */
static gboolean
append_occurrence (GPtrArray    *result,
                   HsOccurrence *occ,
                   guint         limit,
                   gboolean     *truncated)
{
  if (result->len >= limit)
    {
      *truncated = TRUE;
      g_object_unref (occ);
      return FALSE;
    }

  g_ptr_array_add (result, occ);
  return TRUE;
}

GPtrArray *
hs_schedule_expand_full (HsSchedule            *self,
                         const GDate           *from,
                         const GDate           *to,
                         guint                  limit,
                         HsScheduleExpandFlags  flags,
                         gboolean              *truncated,
                         GError               **error)
{
  g_autoptr(GPtrArray) result = NULL;
  icalrecur_iterator *iter;
  gboolean filtered = FALSE;
  gboolean dummy_truncated;
  int start_time;
  guint produced = 0;
  HsZoneCache cache;
  GDate bound;

  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);
  g_return_val_if_fail (from == NULL || g_date_valid (from), NULL);
  g_return_val_if_fail (to == NULL || g_date_valid (to), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (truncated == NULL)
    truncated = &dummy_truncated;
  *truncated = FALSE;
  if (limit == 0)
    limit = HS_SCHEDULE_DEFAULT_LIMIT;

  result = g_ptr_array_new_with_free_func (g_object_unref);
  hs_zone_cache_init (&cache, self->time_zone);
  start_time = self->all_day ? 0 : self->start_time;

  if (self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    {
      gint64 local = hs_schedule_local_seconds (&self->start_date, start_time);
      HsOccurrence *occ = make_occurrence (self, &cache, local, FALSE);
      GDate first;

      if (occ == NULL)
        return g_steal_pointer (&result);

      hs_occurrence_get_first_date (occ, &first);
      if (in_window (&first, from, to))
        append_occurrence (result, occ, limit, truncated);
      else
        g_object_unref (occ);

      return g_steal_pointer (&result);
    }

  /* Let libical stop by itself at the last date that can matter (one day of slack for a start
   * that a gap pushes past midnight). */
  g_date_clear (&bound, 1);
  if (g_date_valid (&self->until))
    bound = self->until;
  if (to != NULL && (!g_date_valid (&bound) || g_date_compare (to, &bound) <= 0))
    {
      bound = *to;
      g_date_subtract_days (&bound, 1);
    }
  if (g_date_valid (&bound))
    {
      if (g_date_compare (&bound, &self->start_date) < 0)
        return g_steal_pointer (&result);
      if (g_date_get_year (&bound) < 9999)
        g_date_add_days (&bound, 1);
    }

  /* NULL: libical refuses a rule that can never match (every 12 months on the 31st from
   * April): no occurrences. */
  iter = hs_schedule_new_iterator (self, from, g_date_valid (&bound) ? &bound : NULL,
                                   &filtered);
  if (iter == NULL)
    return g_steal_pointer (&result);

  for (guint steps = 0; steps < MAX_ITERATOR_STEPS; steps++)
    {
      icaltimetype t = icalrecur_iterator_next (iter);
      g_autoptr(HsOccurrence) occ = NULL;
      gboolean excluded;
      gint64 local;
      GDate date;
      GDate first;

      if (icaltime_is_null_time (t))
        break;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, t.day, t.month, t.year);
      if (filtered && !hs_schedule_date_matches (self, &date))
        continue;

      if (self->count > 0 && produced >= self->count)
        break;

      local = hs_schedule_local_seconds (&date, t.hour * 3600 + t.minute * 60 + t.second);
      excluded = hs_schedule_is_excluded (self, &date, local);
      occ = make_occurrence (self, &cache, local, excluded);

      /* until and the window compare the start's date in the event's zone. */
      if (occ != NULL)
        hs_occurrence_get_first_date (occ, &first);
      else
        first = date;
      if (g_date_valid (&self->until) && g_date_compare (&first, &self->until) > 0)
        break;
      if (to != NULL && g_date_compare (&first, to) >= 0)
        break;

      if (excluded)
        {
          /* ExCycle filters exclusions before it counts. */
          if (occ != NULL && (flags & HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED) &&
              in_window (&first, from, to) &&
              !append_occurrence (result, g_steal_pointer (&occ), limit, truncated))
            break;
          continue;
        }

      /* A squeezed occurrence still uses up count. */
      produced++;
      if (occ == NULL || !in_window (&first, from, to))
        continue;

      if (!append_occurrence (result, g_steal_pointer (&occ), limit, truncated))
        break;
    }

  icalrecur_iterator_free (iter);

  return g_steal_pointer (&result);
}

GPtrArray *
hs_schedule_expand (HsSchedule   *self,
                    const GDate  *from,
                    const GDate  *to,
                    guint         limit,
                    gboolean     *truncated,
                    GError      **error)
{
  return hs_schedule_expand_full (self, from, to, limit, HS_SCHEDULE_EXPAND_NONE, truncated,
                                  error);
}

GTimeZone *
hs_schedule_get_time_zone (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  return self->time_zone;
}

const char *
hs_schedule_get_time_zone_name (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  return self->time_zone_name;
}

gboolean
hs_schedule_get_all_day (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), FALSE);

  return self->all_day;
}

HsScheduleFrequency
hs_schedule_get_frequency (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), HS_SCHEDULE_FREQUENCY_NONE);

  return self->frequency;
}

gboolean
hs_schedule_is_recurring (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), FALSE);

  return self->frequency != HS_SCHEDULE_FREQUENCY_NONE;
}

gboolean
hs_schedule_is_bounded (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), FALSE);

  return self->frequency == HS_SCHEDULE_FREQUENCY_NONE || self->count > 0 ||
         g_date_valid (&self->until);
}

guint
hs_schedule_get_interval (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), 1);

  return self->interval;
}

guint
hs_schedule_get_count (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), 0);

  return self->count;
}

gboolean
hs_schedule_get_until (HsSchedule *self,
                       GDate      *until)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), FALSE);

  if (!g_date_valid (&self->until))
    return FALSE;

  if (until != NULL)
    *until = self->until;
  return TRUE;
}

const char * const *
hs_schedule_get_excluded_dates (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  return (const char * const *)self->excluded->pdata;
}

const char * const *
hs_schedule_get_warnings (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  return (const char * const *)self->warnings->pdata;
}
