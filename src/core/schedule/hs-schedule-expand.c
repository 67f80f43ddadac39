/* hs-schedule-expand.c: HsSchedule → occurrences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule walk (hs-schedule-walk.c) gives the dates as Omerlo's ExCycle does; each
 * wall-clock start is then placed in the event's zone (hs-schedule-zone.c), with ExCycle's
 * rules on top: exclusions before count, until inclusive by local date, DST gap → end of the
 * gap, ambiguous start → earlier instant, ambiguous end → later instant, a gap-squeezed
 * occurrence dropped but counted, and a zero-length one starting in a gap or an overlap
 * dropped but counted (ExCycle has no duration then and fails to place it).
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <stdlib.h>

#include "hs-schedule-private.h"

static const char *ical_days[] = { NULL, "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

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

gboolean
hs_schedule_is_excluded (HsSchedule  *self,
                         const GDate *date,
                         gint64       local)
{
  g_assert (HS_IS_SCHEDULE (self));

  return g_hash_table_contains (self->excluded_days, GUINT_TO_POINTER (g_date_get_julian (date))) ||
         g_hash_table_contains (self->excluded_starts, &local);
}

/* The occurrence starting at wall-clock local, or FALSE when it is dropped: squeezed to nothing
 * by a DST gap, or (with excycle) zero-length and starting in a gap or an overlap. */
static gboolean
make_instant (HsSchedule        *self,
              HsZoneCache       *cache,
              gint64             local,
              gboolean           excluded,
              gboolean           excycle,
              HsScheduleInstant *instant)
{
  gboolean in_gap = FALSE;
  gboolean ambiguous = FALSE;
  gint64 start_utc = hs_schedule_place_local_full (cache, local, FALSE, &in_gap, &ambiguous);
  gint64 end_utc;

  if (self->duration == 0 && !self->all_day)
    {
      /* No duration: the end is the start itself, same instant, same offset. */
      if (excycle && (in_gap || ambiguous))
        return FALSE;
      end_utc = start_utc;
    }
  else
    {
      end_utc = hs_schedule_place_local (cache, local + self->duration +
                                                (self->all_day ? 86400 : 0), TRUE, NULL);
      if (end_utc <= start_utc)
        return FALSE;
    }

  instant->start = start_utc;
  instant->end = end_utc;
  instant->start_offset = hs_zone_cache_offset_at (cache, start_utc);
  instant->end_offset = hs_zone_cache_offset_at (cache, end_utc);
  instant->all_day = !!self->all_day;
  instant->excluded = !!excluded;
  return TRUE;
}

static gint64
days_of (const GDate *date)
{
  return (gint64)g_date_get_julian (date) - 719163;
}

/* The local day an occurrence starts on. */
static gint64
first_day_of (const HsScheduleInstant *instant)
{
  gint64 local = instant->start + instant->start_offset;

  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

/* Appends instant unless the limit is reached; FALSE (and *truncated) when it is. */
static gboolean
append_instant (GArray                  *result,
                const HsScheduleInstant *instant,
                guint                    limit,
                gboolean                *truncated)
{
  if (result->len >= limit)
    {
      *truncated = TRUE;
      return FALSE;
    }

  g_array_append_vals (result, instant, 1);
  return TRUE;
}

/* The last date the walk needs (one day of slack for a start that a gap pushes past midnight),
 * invalid when there is none; FALSE when no date can be in the window at all. */
static gboolean
walk_bound (HsSchedule  *self,
            const GDate *to,
            GDate       *bound)
{
  g_date_clear (bound, 1);
  if (g_date_valid (&self->until))
    *bound = self->until;
  if (to != NULL && (!g_date_valid (bound) || g_date_compare (to, bound) <= 0))
    {
      *bound = *to;
      g_date_subtract_days (bound, 1);
    }
  if (g_date_valid (bound))
    {
      if (g_date_compare (bound, &self->start_date) < 0)
        return FALSE;
      if (g_date_get_year (bound) < 9999)
        g_date_add_days (bound, 1);
    }

  return TRUE;
}

GArray *
hs_schedule_expand_instants (HsSchedule            *self,
                             const GDate           *from,
                             const GDate           *to,
                             guint                  limit,
                             HsScheduleExpandFlags  flags,
                             gboolean              *truncated,
                             GError               **error)
{
  g_autoptr(GArray) result = NULL;
  gboolean dummy_truncated;
  int start_time;
  guint produced = 0;
  HsZoneCache cache;
  HsRuleWalk walk;
  HsWalkResult step;
  HsScheduleInstant instant;
  gint64 from_day, to_day, until_day, day;
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

  result = g_array_new (FALSE, FALSE, sizeof (HsScheduleInstant));
  hs_zone_cache_init (&cache, self->time_zone);
  start_time = self->all_day ? 0 : self->start_time;
  from_day = from != NULL ? days_of (from) : G_MININT64;
  to_day = to != NULL ? days_of (to) : G_MAXINT64;
  until_day = g_date_valid (&self->until) ? days_of (&self->until) : G_MAXINT64;

  if (self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    {
      gint64 local = hs_schedule_local_seconds (&self->start_date, start_time);

      if (make_instant (self, &cache, local, FALSE, FALSE, &instant))
        {
          day = first_day_of (&instant);
          if (day >= from_day && day < to_day)
            append_instant (result, &instant, limit, truncated);
        }

      return g_steal_pointer (&result);
    }

  if (!walk_bound (self, to, &bound))
    return g_steal_pointer (&result);

  hs_rule_walk_init (&walk, self, TRUE, from, g_date_valid (&bound) ? &bound : NULL);

  while ((step = hs_rule_walk_next (&walk, &day)) != HS_WALK_END)
    {
      gboolean excluded = step == HS_WALK_EXCLUDED;
      gboolean made;
      gint64 first;

      if (self->count > 0 && produced >= self->count)
        break;

      made = make_instant (self, &cache, day * 86400 + start_time, excluded, TRUE, &instant);

      /* until and the window compare the start's date in the event's zone. */
      first = made ? first_day_of (&instant) : day;
      if (first > until_day || first >= to_day)
        break;

      if (excluded)
        {
          /* ExCycle filters exclusions before it counts. */
          if (made && (flags & HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED) && first >= from_day &&
              !append_instant (result, &instant, limit, truncated))
            break;
          continue;
        }

      /* A dropped occurrence still uses up count. */
      produced++;
      if (!made || first < from_day)
        continue;

      if (!append_instant (result, &instant, limit, truncated))
        break;
    }

  return g_steal_pointer (&result);
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
  g_autoptr(GArray) instants = NULL;
  GPtrArray *result;

  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  instants = hs_schedule_expand_instants (self, from, to, limit, flags, truncated, error);
  if (instants == NULL)
    return NULL;

  result = g_ptr_array_new_full (instants->len, g_object_unref);
  for (guint i = 0; i < instants->len; i++)
    {
      const HsScheduleInstant *instant = &g_array_index (instants, HsScheduleInstant, i);

      g_ptr_array_add (result, hs_occurrence_new_from_unix (self->time_zone,
                                                            instant->start,
                                                            instant->start_offset,
                                                            instant->end,
                                                            instant->end_offset,
                                                            instant->all_day,
                                                            instant->excluded));
    }

  return result;
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
