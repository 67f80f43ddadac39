/* hs-schedule-range.c: the occurrences a range of days shows, in the viewer's zone or the
 * event's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expander selects by the start's date in the event's zone. A month grid shown in another
 * zone, or an occurrence that began before the grid and runs into it, needs a wider window: it
 * expands from as many days before the range as the first occurrence spans (at most
 * HS_SCHEDULE_RANGE_MAX_SPAN_DAYS), plus one, to the day after it, then keeps what covers a
 * day of the range as the viewer sees it.
 */

#define G_LOG_DOMAIN "hs-schedule-range"

#include "config.h"

#include "hs-schedule-range.h"

static void
date_of (GDateTime *time,
         GDate     *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (time), g_date_time_get_month (time),
                  g_date_time_get_year (time));
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void
hs_occurrence_get_days_in_zone (HsOccurrence *occurrence,
                                GTimeZone    *zone,
                                GDate        *first,
                                GDate        *last)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  g_return_if_fail (HS_IS_OCCURRENCE (occurrence));
  g_return_if_fail (first != NULL && last != NULL);

  if (hs_occurrence_get_all_day (occurrence))
    {
      hs_occurrence_get_first_date (occurrence, first);
      hs_occurrence_get_last_date (occurrence, last);
      return;
    }

  /* In the event's zone the dates follow from the instants and their offsets, without a
   * GDateTime (finding a zone's interval for each of a busy month's 18,000 occurrences was a
   * quarter of its expansion) — when no offset change falls inside the occurrence. */
  if (zone == NULL &&
      hs_occurrence_get_start_offset (occurrence) == hs_occurrence_get_end_offset (occurrence))
    {
      gint64 offset = hs_occurrence_get_start_offset (occurrence);
      gint64 start_unix = hs_occurrence_get_start_unix (occurrence);
      gint64 end_unix = MAX (hs_occurrence_get_end_unix (occurrence), start_unix + 1);

      /* 1970-01-01 is GDate's Julian day 719163. */
      g_date_clear (first, 1);
      g_date_set_julian (first, 719163 + floor_div (start_unix + offset, 86400));
      g_date_clear (last, 1);
      g_date_set_julian (last, 719163 + floor_div (end_unix - 1 + offset, 86400));
      return;
    }

  /* The occurrence's times are in the event's zone already. */
  start = zone ? g_date_time_to_timezone (hs_occurrence_get_start (occurrence), zone)
               : g_date_time_ref (hs_occurrence_get_start (occurrence));
  end = zone ? g_date_time_to_timezone (hs_occurrence_get_end (occurrence), zone)
             : g_date_time_ref (hs_occurrence_get_end (occurrence));

  date_of (start, first);
  if (g_date_time_compare (end, start) > 0)
    {
      g_autoptr(GDateTime) last_moment = g_date_time_add (end, -1);

      date_of (last_moment, last);
    }
  else
    {
      *last = *first;
    }

  /* A last moment before the start's date cannot happen, but a bad end must not invert. */
  if (g_date_compare (last, first) < 0)
    *last = *first;
}

GPtrArray *
hs_schedule_expand_range (HsSchedule   *schedule,
                          const GDate  *first,
                          const GDate  *last,
                          GTimeZone    *zone,
                          GError      **error)
{
  g_autoptr(GPtrArray) expanded = NULL;
  g_autoptr(GPtrArray) first_one = NULL;
  GPtrArray *shown;
  int span = HS_SCHEDULE_RANGE_MAX_SPAN_DAYS;
  GDate from;
  GDate to;

  g_return_val_if_fail (HS_IS_SCHEDULE (schedule), NULL);
  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);
  g_return_val_if_fail (last != NULL && g_date_valid (last), NULL);

  /* Every occurrence spans as many days as the first (give or take a DST hour): look back
   * only that far, plus a day for a zone behind the event's. */
  first_one = hs_schedule_expand (schedule, NULL, NULL, 1, NULL, NULL);
  if (first_one != NULL && first_one->len > 0)
    {
      GDate occurrence_first;
      GDate occurrence_last;

      hs_occurrence_get_days_in_zone (g_ptr_array_index (first_one, 0), NULL,
                                      &occurrence_first, &occurrence_last);
      span = MIN (g_date_days_between (&occurrence_first, &occurrence_last),
                  HS_SCHEDULE_RANGE_MAX_SPAN_DAYS);
    }
  from = *first;
  g_date_subtract_days (&from, span + 1);
  to = *last;
  g_date_add_days (&to, 2);   /* exclusive, and a day for a zone ahead of the event's */

  expanded = hs_schedule_expand (schedule, &from, &to,
                                 (g_date_days_between (&from, &to) + 1) * 24, NULL, error);
  if (expanded == NULL)
    return NULL;

  shown = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < expanded->len; i++)
    {
      HsOccurrence *occurrence = g_ptr_array_index (expanded, i);
      GDate occurrence_first;
      GDate occurrence_last;

      hs_occurrence_get_days_in_zone (occurrence, zone, &occurrence_first, &occurrence_last);
      if (g_date_compare (&occurrence_last, first) >= 0 &&
          g_date_compare (&occurrence_first, last) <= 0)
        g_ptr_array_add (shown, g_object_ref (occurrence));
    }

  return shown;
}
