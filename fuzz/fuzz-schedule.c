/* fuzz-schedule.c: libFuzzer target for the schedule parser and expander (src/core/schedule)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first bytes choose the expansion (a limit up to 200, a window of at most about three
 * years around the start, the flags), the rest the schedule (fuzz-schedule-input.c). Checked:
 * at most `limit` occurrences, in order, each ending no earlier than it starts, each starting
 * (as a date in the event's zone) inside the window; excluded ones only when asked for;
 * hs_schedule_expand_instants() gives the same as hs_schedule_expand_full(); a smaller limit
 * gives a prefix; the summary is valid UTF-8.
 */

#define G_LOG_DOMAIN "fuzz-schedule"

#include "config.h"

#include "hs-fuzz.h"
#include "hs-schedule.h"

int
hs_fuzz_schedule (const guint8 *data,
                  gsize         size)
{
  HsFuzzInput in = { data, data + size };
  guint limit = 1 + hs_fuzz_input_byte (&in) % 200;
  guint window = hs_fuzz_input_byte (&in);
  int from_shift = (int)hs_fuzz_input_u16 (&in) % 1200 - 400;
  guint span = 1 + hs_fuzz_input_u16 (&in) % 1100;
  HsScheduleExpandFlags flags = window & 1 ? HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED : 0;
  gboolean corners = (window & 2) != 0;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(HsSchedule) schedule = NULL;
  g_autoptr(GPtrArray) occurrences = NULL;
  g_autoptr(GPtrArray) fewer = NULL;
  g_autoptr(GArray) instants = NULL;
  g_autofree char *description = NULL;
  gboolean truncated = FALSE;
  gboolean slow;
  gint64 started;
  GDate from, to, first;
  gboolean bounded_from = (window & 4) != 0, bounded_to = (window & 8) != 0;

  object = hs_fuzz_schedule_object (&in);
  if (object == NULL)
    return 0;
  schedule = hs_schedule_new_from_json (object, NULL);
  if (schedule == NULL)
    return 0;

  description = hs_schedule_describe (schedule);
  g_assert (description != NULL && g_utf8_validate (description, -1, NULL));
  (void)hs_schedule_get_warnings (schedule);
  (void)hs_schedule_get_excluded_dates (schedule);
  if (corners)
    {
      const char * const *warnings = hs_schedule_get_omerlo_warnings (schedule);

      for (guint i = 0; warnings[i] != NULL; i++)
        g_assert (g_utf8_validate (warnings[i], -1, NULL));
    }

  /* The window, around the start date (an unbounded schedule needs one). */
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_clear (&first, 1);
  {
    const char *start = json_object_get_string_member_with_default (object, "starts_at_date",
                                                                    "");
    g_date_set_parse (&first, start);
    if (!g_date_valid (&first))
      g_date_set_dmy (&first, 1, 1, 2026);
  }
  from = first;
  if (from_shift >= 0)
    g_date_add_days (&from, from_shift);
  else if (g_date_get_julian (&from) > (guint)-from_shift)
    g_date_subtract_days (&from, -from_shift);
  to = from;
  if (g_date_get_julian (&to) + span < 3652059)
    g_date_add_days (&to, span);
  if (!hs_schedule_is_bounded (schedule))
    bounded_to = TRUE;

  started = g_get_monotonic_time ();
  occurrences = hs_schedule_expand_full (schedule, bounded_from ? &from : NULL,
                                         bounded_to ? &to : NULL, limit, flags, &truncated,
                                         NULL);
  if (occurrences == NULL)
    return 0;
  /* A rule that never matches walks to year 9999 (MAX_STEPS): once is enough per input. */
  slow = g_get_monotonic_time () - started > 200 * G_TIME_SPAN_MILLISECOND;
  g_assert_cmpuint (occurrences->len, <=, limit);

  for (guint i = 0; i < occurrences->len; i++)
    {
      HsOccurrence *occurrence = g_ptr_array_index (occurrences, i);
      GDate date;

      g_assert_cmpint (hs_occurrence_get_start_unix (occurrence), <=,
                       hs_occurrence_get_end_unix (occurrence));
      if (i > 0)
        g_assert_cmpint (hs_occurrence_get_start_unix (g_ptr_array_index (occurrences, i - 1)),
                         <=, hs_occurrence_get_start_unix (occurrence));
      if (!(flags & HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED))
        g_assert_false (hs_occurrence_get_excluded (occurrence));

      g_date_clear (&date, 1);
      hs_occurrence_get_first_date (occurrence, &date);
      if (bounded_from)
        g_assert_cmpint (g_date_compare (&date, &from), >=, 0);
      if (bounded_to)
        g_assert_cmpint (g_date_compare (&date, &to), <, 0);
    }

  if (slow)
    return 0;

  instants = hs_schedule_expand_instants (schedule, bounded_from ? &from : NULL,
                                          bounded_to ? &to : NULL, limit, flags, NULL, NULL);
  g_assert_nonnull (instants);
  g_assert_cmpuint (instants->len, ==, occurrences->len);
  for (guint i = 0; i < instants->len; i++)
    {
      HsScheduleInstant *instant = &g_array_index (instants, HsScheduleInstant, i);
      HsOccurrence *occurrence = g_ptr_array_index (occurrences, i);

      g_assert_cmpint (instant->start, ==, hs_occurrence_get_start_unix (occurrence));
      g_assert_cmpint (instant->end, ==, hs_occurrence_get_end_unix (occurrence));
      g_assert_cmpint (instant->excluded, ==, hs_occurrence_get_excluded (occurrence));
    }

  if (limit > 1)
    {
      fewer = hs_schedule_expand_full (schedule, bounded_from ? &from : NULL,
                                       bounded_to ? &to : NULL, limit / 2, flags, NULL, NULL);
      g_assert_nonnull (fewer);
      g_assert_cmpuint (fewer->len, ==, MIN (limit / 2, occurrences->len));
      for (guint i = 0; i < fewer->len; i++)
        g_assert_cmpint (hs_occurrence_get_start_unix (g_ptr_array_index (fewer, i)), ==,
                         hs_occurrence_get_start_unix (g_ptr_array_index (occurrences, i)));
    }

  return 0;
}

HS_FUZZ_ENTRY (hs_fuzz_schedule)
