/* test-schedule-corners.c: ExCycle's corners (DESIGN.md) and the warnings that name what a
 * calendar app shows instead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected dates come from DESIGN.md and issue 13 (checked there against ExCycle 0.8.2), the
 * others worked out by hand from the rules stated there. Zone facts from `zdump -v -c 2026,2027
 * America/Montreal`: 8 Mar 2026 02:00 EST(-05) → 03:00 EDT(-04); 1 Nov 2026 02:00 EDT → 01:00
 * EST. Weekdays checked with Python's datetime: 2026-01-01 is a Thursday, 2028-01-01 a
 * Saturday, 2029-01-01 a Monday, 2030-01-01 a Tuesday, 2031-09-01 a Monday, 2028-12-10 a
 * Sunday.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "hs-schedule.h"
#include "schedule-test-util.h"

typedef struct
{
  const char *name;
  const char *json;        /* over the base of schedule-test-util.c; ' stands for " */
  const char *expected;    /* "START END" lines, like `hookscope expand` */
  const char *warning;     /* a substring of the one Omerlo warning, or NULL: none */
} CornerCase;

#define MTL "'timezone': 'America/Montreal', "

static const CornerCase cases[] = {
  /* 1. Zero-length, start in the spring gap (02:30 on 8 Mar does not exist): ExCycle drops
   * it, and it still uses up one of the 3 counted. The end is the start. */
  { "zero-length-gap",
    "{" MTL "'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-03-07',"
    " 'starts_at_time': '02:30:00', 'ends_at_date': '2026-03-07', 'ends_at_time': '02:30:00'}",
    "2026-03-07T02:30:00-05:00 2026-03-07T02:30:00-05:00\n"
    "2026-03-09T02:30:00-04:00 2026-03-09T02:30:00-04:00\n",
    "drops 1 occurrence of this zero-length event (Sunday 2026-03-08)" },
  /* 1. Zero-length, start in the fall overlap (01:30 on 1 Nov happens twice): dropped too. */
  { "zero-length-overlap",
    "{" MTL "'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-10-31',"
    " 'starts_at_time': '01:30:00', 'ends_at_date': '2026-10-31', 'ends_at_time': '01:30:00'}",
    "2026-10-31T01:30:00-04:00 2026-10-31T01:30:00-04:00\n"
    "2026-11-02T01:30:00-05:00 2026-11-02T01:30:00-05:00\n",
    "(Sunday 2026-11-01)" },
  /* 6. A single zero-length occurrence in the overlap is not ExCycle's: shown at the earlier
   * offset, and its end is its start (it used to take the later offset, an hour later). */
  { "zero-length-single-overlap",
    "{" MTL "'recurrence': 'none', 'starts_at_date': '2026-11-01', 'starts_at_time': '01:30:00',"
    " 'ends_at_date': '2026-11-01', 'ends_at_time': '01:30:00'}",
    "2026-11-01T01:30:00-04:00 2026-11-01T01:30:00-04:00\n",
    NULL },
  /* With a duration the existing rules stand: the start in the gap moves to 03:00. */
  { "duration-gap-moves",
    "{" MTL "'frequency': 'daily', 'count': 2, 'starts_at_date': '2026-03-08',"
    " 'starts_at_time': '02:30:00', 'ends_at_date': '2026-03-08', 'ends_at_time': '03:30:00'}",
    "2026-03-08T03:00:00-04:00 2026-03-08T03:30:00-04:00\n"
    "2026-03-09T02:30:00-04:00 2026-03-09T03:30:00-04:00\n",
    NULL },
  /* 2. Every 2 weeks on Friday and the 1st Monday, from Friday 16 Jan (week of 12 Jan kept):
   * no Mondays at all. The 1st Monday of April (6 Apr, week 12 after the start's, kept) is
   * lost: the Friday 3 Apr before it lies in a skipped week and jumps to Friday 10 Apr. */
  { "weekly-2-friday-first-monday",
    "{'frequency': 'weekly', 'interval': 2, 'count': 7, 'starts_at_date': '2026-01-16',"
    " 'days': ['friday', {'week': 1, 'day': 'monday'}]}",
    "2026-01-16T10:00:00+00:00 2026-01-16T11:00:00+00:00\n"
    "2026-01-30T10:00:00+00:00 2026-01-30T11:00:00+00:00\n"
    "2026-02-13T10:00:00+00:00 2026-02-13T11:00:00+00:00\n"
    "2026-02-27T10:00:00+00:00 2026-02-27T11:00:00+00:00\n"
    "2026-03-13T10:00:00+00:00 2026-03-13T11:00:00+00:00\n"
    "2026-03-27T10:00:00+00:00 2026-03-27T11:00:00+00:00\n"
    "2026-04-10T10:00:00+00:00 2026-04-10T11:00:00+00:00\n",
    "skips 1 date of this rule (Monday 2026-04-06), as ExCycle does with an nth weekday in a "
    "rule repeating every 2 weeks; a calendar app reading the same rule would show it" },
  /* 2. DESIGN.md: every 2 weeks on Friday and the 2nd Wednesday from Friday 2 Jan: 14 Jan is
   * lost (11 Feb too, but a calendar app's first 4 end on 30 Jan). */
  { "weekly-2-friday-second-wednesday",
    "{'frequency': 'weekly', 'interval': 2, 'count': 4, 'starts_at_date': '2026-01-02',"
    " 'days': ['friday', '2WE']}",
    "2026-01-02T10:00:00+00:00 2026-01-02T11:00:00+00:00\n"
    "2026-01-16T10:00:00+00:00 2026-01-16T11:00:00+00:00\n"
    "2026-01-30T10:00:00+00:00 2026-01-30T11:00:00+00:00\n"
    "2026-02-13T10:00:00+00:00 2026-02-13T11:00:00+00:00\n",
    "skips 1 date of this rule (Wednesday 2026-01-14)" },
  /* Plain weekdays every 2 weeks: no corner. */
  { "weekly-2-plain-days",
    "{'frequency': 'weekly', 'interval': 2, 'count': 4, 'starts_at_date': '2026-01-12',"
    " 'days': ['monday', 'friday']}",
    "2026-01-12T10:00:00+00:00 2026-01-12T11:00:00+00:00\n"
    "2026-01-16T10:00:00+00:00 2026-01-16T11:00:00+00:00\n"
    "2026-01-26T10:00:00+00:00 2026-01-26T11:00:00+00:00\n"
    "2026-01-30T10:00:00+00:00 2026-01-30T11:00:00+00:00\n",
    NULL },
  /* 3. The issue: yearly on the 2nd Monday from 10 Jan 2028: 2029-01-08 is missing (the 2nd
   * Monday of February 2028, the 14th, moves to 14 Jan 2029, a Sunday, past the 8th). */
  { "yearly-second-monday",
    "{'frequency': 'yearly', 'count': 2, 'starts_at_date': '2028-01-10',"
    " 'days': [{'week': 2, 'day': 'monday'}]}",
    "2028-01-10T10:00:00+00:00 2028-01-10T11:00:00+00:00\n"
    "2030-01-14T10:00:00+00:00 2030-01-14T11:00:00+00:00\n",
    "(Monday 2029-01-08), as ExCycle does with a yearly rule on weekdays" },
  /* 3. DESIGN.md: yearly on the 1st Monday from 7 Sep 2026: … 2030-09-02, then 2032-09-06;
   * 2031-09-01 is lost. */
  { "yearly-first-monday",
    "{'frequency': 'yearly', 'count': 6, 'starts_at_date': '2026-09-07', 'days': ['1MO']}",
    "2026-09-07T10:00:00+00:00 2026-09-07T11:00:00+00:00\n"
    "2027-09-06T10:00:00+00:00 2027-09-06T11:00:00+00:00\n"
    "2028-09-04T10:00:00+00:00 2028-09-04T11:00:00+00:00\n"
    "2029-09-03T10:00:00+00:00 2029-09-03T11:00:00+00:00\n"
    "2030-09-02T10:00:00+00:00 2030-09-02T11:00:00+00:00\n"
    "2032-09-06T10:00:00+00:00 2032-09-06T11:00:00+00:00\n",
    "skips 1 date of this rule (Monday 2031-09-01)" },
  /* 4. Yearly in December with 2027-12-10 excluded, count 3: 2026, 2029, 2030 (2028 lost). */
  { "yearly-december-excluded",
    "{'frequency': 'yearly', 'count': 3, 'starts_at_date': '2026-12-10',"
    " 'excluded_dates': ['2027-12-10']}",
    "2026-12-10T10:00:00+00:00 2026-12-10T11:00:00+00:00\n"
    "2029-12-10T10:00:00+00:00 2029-12-10T11:00:00+00:00\n"
    "2030-12-10T10:00:00+00:00 2030-12-10T11:00:00+00:00\n",
    "skips 1 date of this rule (Sunday 2028-12-10), as ExCycle does with a yearly rule in "
    "December after an excluded date" },
  /* 4. The same from 30 Nov with 2027-11-30 excluded: 2026, 2028, 2029 as expected. */
  { "yearly-november-excluded",
    "{'frequency': 'yearly', 'count': 3, 'starts_at_date': '2026-11-30',"
    " 'excluded_dates': ['2027-11-30']}",
    "2026-11-30T10:00:00+00:00 2026-11-30T11:00:00+00:00\n"
    "2028-11-30T10:00:00+00:00 2028-11-30T11:00:00+00:00\n"
    "2029-11-30T10:00:00+00:00 2029-11-30T11:00:00+00:00\n",
    NULL },
  /* 5. Yearly, 2nd Monday of January, every 2 years: ExCycle raises after the first; the
   * rule's dates are shown (2032-01-01 is a Thursday: the 2nd Monday is the 12th). */
  { "yearly-nth-interval-fails",
    "{'frequency': 'yearly', 'interval': 2, 'count': 3, 'starts_at_date': '2028-01-10',"
    " 'days': [{'week': 2, 'day': 'monday'}]}",
    "2028-01-10T10:00:00+00:00 2028-01-10T11:00:00+00:00\n"
    "2030-01-14T10:00:00+00:00 2030-01-14T11:00:00+00:00\n"
    "2032-01-12T10:00:00+00:00 2032-01-12T11:00:00+00:00\n",
    "Omerlo's generator fails on this schedule" },
  /* An ordinary schedule: nothing to say. */
  { "plain-daily",
    "{'frequency': 'daily', 'count': 2, 'starts_at_date': '2026-12-31'}",
    "2026-12-31T10:00:00+00:00 2026-12-31T11:00:00+00:00\n"
    "2027-01-01T10:00:00+00:00 2027-01-01T11:00:00+00:00\n",
    NULL },
};

static HsSchedule *
schedule_from (const char *json)
{
  g_autoptr(JsonObject) object = build_schedule (json);
  g_autoptr(GError) error = NULL;
  HsSchedule *schedule = hs_schedule_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_nonnull (schedule);
  return schedule;
}

static char *
format_occurrences (GPtrArray *occurrences)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < occurrences->len; i++)
    {
      HsOccurrence *occ = g_ptr_array_index (occurrences, i);
      g_autofree char *start = g_date_time_format (hs_occurrence_get_start (occ),
                                                   "%Y-%m-%dT%H:%M:%S%:z");
      g_autofree char *end = g_date_time_format (hs_occurrence_get_end (occ),
                                                 "%Y-%m-%dT%H:%M:%S%:z");

      g_string_append_printf (text, "%s %s\n", start, end);
    }

  return g_string_free (text, FALSE);
}

static void
test_corner (gconstpointer data)
{
  const CornerCase *c = data;
  g_autoptr(HsSchedule) schedule = schedule_from (c->json);
  g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 0, NULL, NULL);
  g_autofree char *text = format_occurrences (occurrences);
  const char * const *omerlo = hs_schedule_get_omerlo_warnings (schedule);
  const char * const *all = hs_schedule_get_warnings (schedule);

  g_assert_cmpstr (text, ==, c->expected);

  if (c->warning == NULL)
    {
      g_assert_null (omerlo[0]);
      return;
    }

  g_assert_nonnull (omerlo[0]);
  if (strstr (omerlo[0], c->warning) == NULL)
    g_error ("expected “%s” in “%s”", c->warning, omerlo[0]);
  g_assert_null (omerlo[1]);
  /* Also among all the warnings, which the event page shows. */
  g_assert_true (g_strv_contains (all, omerlo[0]));
}

/* Unbounded: the check looks at the first 10 years; the lost Mondays are counted. */
static void
test_unbounded_counts (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{'frequency': 'weekly', 'interval': 2,"
                                                  " 'starts_at_date': '2026-01-16',"
                                                  " 'days': ['friday', '1MO']}");
  const char * const *omerlo = hs_schedule_get_omerlo_warnings (schedule);

  g_assert_nonnull (omerlo[0]);
  g_assert_nonnull (strstr (omerlo[0], "Monday 2026-04-06"));
  g_assert_nonnull (strstr (omerlo[0], " more in its first 10 years)"));
  g_assert_null (strstr (omerlo[0], "Friday"));
}

/* The December corner also holds for a window far from the start: the walk goes through the
 * excluded date before it. */
static void
test_window_after_excluded_december (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{'frequency': 'yearly',"
                                                  " 'starts_at_date': '2026-12-10',"
                                                  " 'excluded_dates': ['2027-12-10']}");
  g_autoptr(GPtrArray) occurrences = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, 1, 2028);
  g_date_set_dmy (&to, 1, 1, 2030);
  occurrences = hs_schedule_expand (schedule, &from, &to, 0, NULL, NULL);
  g_assert_cmpuint (occurrences->len, ==, 1);
  g_assert_cmpint (g_date_time_get_year (hs_occurrence_get_start (g_ptr_array_index (occurrences,
                                                                                     0))), ==,
                   2029);
}

/* Excluded occurrences listed for a view, in a corner walk: the excluded December one is
 * there, struck, and the lost year is not. */
static void
test_include_excluded_december (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{'frequency': 'yearly', 'count': 2,"
                                                  " 'starts_at_date': '2026-12-10',"
                                                  " 'excluded_dates': ['2027-12-10']}");
  g_autoptr(GPtrArray) all = hs_schedule_expand_full (schedule, NULL, NULL, 0,
                                                      HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED,
                                                      NULL, NULL);
  static const int years[] = { 2026, 2027, 2029 };

  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (years));
  for (guint i = 0; i < all->len; i++)
    {
      HsOccurrence *occ = g_ptr_array_index (all, i);

      g_assert_cmpint (g_date_time_get_year (hs_occurrence_get_start (occ)), ==, years[i]);
      g_assert_cmpint (hs_occurrence_get_excluded (occ), ==, i == 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/schedule-corners/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_corner);
    }

  g_test_add_func ("/schedule-corners/unbounded-counts", test_unbounded_counts);
  g_test_add_func ("/schedule-corners/window-after-excluded-december",
                   test_window_after_excluded_december);
  g_test_add_func ("/schedule-corners/include-excluded-december", test_include_excluded_december);

  return g_test_run ();
}
