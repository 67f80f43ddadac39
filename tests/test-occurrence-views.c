/* test-occurrence-views.c: the helpers behind the event page and the month grid (plain text
 * of summary_html, the lazy occurrence list, the visible range of a month), with expected
 * values worked out by hand from DESIGN.md's schedule rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calendar facts: 1 Jan 2026 is a Thursday, so 8 Sep 2026 is a Tuesday and 30 Jan 2026 a
 * Friday. America/Montreal springs forward on 8 Mar 2026 (EST -05 → EDT -04); Europe/Paris
 * is CET (+01) all winter; Asia/Tokyo is +09 with no DST.
 */

#include "config.h"

#include <glib.h>

#include "hs-html-text.h"
#include "hs-occurrence-list.h"
#include "hs-schedule-range.h"
#include "schedule-test-util.h"

/* --- hs_html_to_text ------------------------------------------------------------------------ */

static void
test_html_text (void)
{
  static const struct { const char *html; const char *text; } cases[] = {
    { "<p>Craft beers, every <b>Tuesday</b> and Thursday.</p>",
      "Craft beers, every Tuesday and Thursday." },
    { "<p>One.</p><p>Two.</p>", "One.\n\nTwo." },
    { "first<br>second<br/>third", "first\nsecond\nthird" },
    { "<ul><li>a</li><li>b</li></ul>", "a\nb" },
    { "&lt;b&gt; &amp; &#233;&#x41;", "<b> & \xc3\xa9" "A" },
    { "5 < 6 & 7 &bogus; &#;", "5 < 6 & 7 &bogus; &#;" },
    { "<script>alert('x')</script>ok<STYLE>p{}</STYLE>", "ok" },
    { "<span foreground='red' size='90000'>plain</span>", "plain" },
    { "  lots   of\n\n  space  ", "lots of space" },
    { "<!-- <p>hidden</p> -->shown", "shown" },
    { "text <b unterminated", "text" },
    { "&#0;&#xD800;&#1114112;", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "bad \xff byte", "bad \xef\xbf\xbd byte" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hs_html_to_text (cases[i].html);

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *text = hs_html_to_text (NULL);

    g_assert_cmpstr (text, ==, "");
  }
}

/* --- HsOccurrenceList ------------------------------------------------------------------------ */

static HsSchedule *
schedule_from (const char *json)
{
  g_autoptr(JsonObject) object = build_schedule (json);
  g_autoptr(GError) error = NULL;
  HsSchedule *schedule = hs_schedule_new_from_json (object, &error);

  g_assert_no_error (error);
  return schedule;
}

static char *
format_start (HsOccurrence *occurrence)
{
  return g_date_time_format_iso8601 (hs_occurrence_get_start (occurrence));
}

static void
assert_item (GListModel *model,
             guint       position,
             const char *start,
             gboolean    excluded)
{
  g_autoptr(HsOccurrence) occurrence = g_list_model_get_item (model, position);
  g_autofree char *text = NULL;

  g_assert_nonnull (occurrence);
  text = format_start (occurrence);
  g_assert_cmpstr (text, ==, start);
  g_assert_cmpint (hs_occurrence_get_excluded (occurrence), ==, excluded);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *total_added)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position + added, ==, g_list_model_get_n_items (model));
  *total_added += added;
}

/* data/samples/event_weekly.json without its until: Tuesdays and Thursdays from Tuesday
 * 8 Sep 2026, 19:00 in Montreal (EDT, -04), the 24 Sep (a Thursday) excluded as a day and
 * the 13 Oct 19:00 start excluded. */
#define WEEKLY \
  "{'timezone': 'America/Montreal', 'frequency': 'weekly', 'days': ['tuesday', 'thursday']," \
  " 'starts_at_date': '2026-09-08', 'starts_at_time': '19:00:00'," \
  " 'ends_at_date': '2026-09-08', 'ends_at_time': '21:30:00'," \
  " 'excluded_dates': ['2026-09-24', '2026-10-13T19:00:00']}"

static void
test_list_windows (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (WEEKLY);
  g_autoptr(HsOccurrenceList) list = hs_occurrence_list_new (schedule);
  GListModel *model = G_LIST_MODEL (list);
  guint added = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &added);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (g_list_model_get_item_type (model) == HS_TYPE_OCCURRENCE);

  g_assert_cmpuint (hs_occurrence_list_load_more (list, 3, NULL), ==, 3);
  assert_item (model, 0, "2026-09-08T19:00:00-04", FALSE);
  assert_item (model, 1, "2026-09-10T19:00:00-04", FALSE);
  assert_item (model, 2, "2026-09-15T19:00:00-04", FALSE);
  g_assert_false (hs_occurrence_list_is_complete (list));

  /* The next window starts after the last one: no repeat, and the excluded day is an item. */
  g_assert_cmpuint (hs_occurrence_list_load_more (list, 3, NULL), ==, 3);
  assert_item (model, 3, "2026-09-17T19:00:00-04", FALSE);
  assert_item (model, 4, "2026-09-22T19:00:00-04", FALSE);
  assert_item (model, 5, "2026-09-24T19:00:00-04", TRUE);
  g_assert_cmpuint (added, ==, 6);
  g_assert_null (g_list_model_get_item (model, 6));

  /* 13 Oct, 20:00 in Montreal: the excluded 19:00–21:30 occurrence is under way (it is the
   * one "Today" shows, struck through); at 21:30 it has ended and the 15th is next. Items:
   * 29 Sep, 1, 6, 8 Oct at 6..9, 13 Oct at 10, 15 Oct at 11. */
  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Montreal");
    g_autoptr(GDateTime) during = g_date_time_new (zone, 2026, 10, 13, 20, 0, 0);
    g_autoptr(GDateTime) after = g_date_time_new (zone, 2026, 10, 13, 21, 30, 0);

    g_assert_cmpuint (hs_occurrence_list_find_next (list, during), ==, 10);
    assert_item (model, 10, "2026-10-13T19:00:00-04", TRUE);
    g_assert_cmpuint (hs_occurrence_list_find_next (list, after), ==, 11);
    assert_item (model, 11, "2026-10-15T19:00:00-04", FALSE);
    assert_item (model, 9, "2026-10-08T19:00:00-04", FALSE);
  }
  g_assert_false (hs_occurrence_list_is_complete (list));
}

/* Excluded occurrences do not use up count (DESIGN.md): Tuesdays from 8 Sep, count 3, the
 * 15th excluded: 8, 15 (excluded), 22, 29 Sep, and then nothing. */
static void
test_list_bounded (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (
    "{'timezone': 'Europe/Paris', 'frequency': 'weekly', 'days': ['tuesday'], 'count': 3,"
    " 'starts_at_date': '2026-09-08', 'ends_at_date': '2026-09-08',"
    " 'excluded_dates': ['2026-09-15']}");
  g_autoptr(HsOccurrenceList) list = hs_occurrence_list_new (schedule);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GDateTime) late = g_date_time_new_utc (2027, 1, 1, 0, 0, 0);

  g_assert_cmpuint (hs_occurrence_list_load_more (list, 10, NULL), ==, 4);
  assert_item (model, 0, "2026-09-08T10:00:00+02", FALSE);
  assert_item (model, 1, "2026-09-15T10:00:00+02", TRUE);
  assert_item (model, 2, "2026-09-22T10:00:00+02", FALSE);
  assert_item (model, 3, "2026-09-29T10:00:00+02", FALSE);
  g_assert_true (hs_occurrence_list_is_complete (list));
  g_assert_cmpuint (hs_occurrence_list_load_more (list, 10, NULL), ==, 0);
  g_assert_cmpuint (hs_occurrence_list_find_next (list, late), ==, G_MAXUINT);
}

/* --- hs_schedule_expand_range ---------------------------------------------------------------- */

static char *
describe_range (GPtrArray *occurrences,
                GTimeZone *zone)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < occurrences->len; i++)
    {
      HsOccurrence *occurrence = g_ptr_array_index (occurrences, i);
      GDate first;
      GDate last;
      char first_text[16];
      char last_text[16];

      hs_occurrence_get_days_in_zone (occurrence, zone, &first, &last);
      g_date_strftime (first_text, sizeof first_text, "%m-%d", &first);
      g_date_strftime (last_text, sizeof last_text, "%m-%d", &last);
      g_string_append_printf (out, "%s..%s ", first_text, last_text);
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
expand_month (HsSchedule *schedule,
              int         year,
              int         month,
              GTimeZone  *zone)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *occurrences;
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, month, year);
  g_date_set_dmy (&last, g_date_get_days_in_month (month, year), month, year);
  occurrences = hs_schedule_expand_range (schedule, &first, &last, zone, &error);
  g_assert_no_error (error);

  return occurrences;
}

/* Daily at 18:47 in Montreal from 1 Mar 2026, no end, over March, the month it springs
 * forward (8 Mar). In the event's zone: 31 occurrences, one a day, 18:47 throughout. In UTC:
 * 18:47 EST is 23:47 (1–7 Mar), 18:47 EDT is 22:47 (from the 8th), so the 7th's
 * occurrence (23:47–00:47) runs into the 8th and the others stay on their day. In Tokyo
 * (+09): 18:47 EST on the 1st is 08:47 on the 2nd, so nothing shows on the 1st and the 31st's
 * occurrence falls on 1 April: 30 occurrences, 2..31 March. */
static void
test_range_dst_month (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (
    "{'timezone': 'America/Montreal', 'frequency': 'daily', 'starts_at_date': '2026-03-01',"
    " 'starts_at_time': '18:47:00', 'ends_at_date': '2026-03-01', 'ends_at_time': '19:47:00'}");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GPtrArray) in_zone = expand_month (schedule, 2026, 3, NULL);
  g_autoptr(GPtrArray) in_utc = expand_month (schedule, 2026, 3, utc);
  g_autoptr(GPtrArray) in_tokyo = expand_month (schedule, 2026, 3, tokyo);
  g_autofree char *utc_days = NULL;
  g_autofree char *seventh = NULL;
  g_autofree char *eighth = NULL;
  g_autofree char *tokyo_first = NULL;
  g_autofree char *tokyo_last = NULL;
  g_autoptr(GDateTime) seventh_utc = NULL;
  g_autoptr(GDateTime) eighth_utc = NULL;

  g_assert_cmpuint (in_zone->len, ==, 31);
  seventh = format_start (g_ptr_array_index (in_zone, 6));
  eighth = format_start (g_ptr_array_index (in_zone, 7));
  g_assert_cmpstr (seventh, ==, "2026-03-07T18:47:00-05");
  g_assert_cmpstr (eighth, ==, "2026-03-08T18:47:00-04");

  g_assert_cmpuint (in_utc->len, ==, 31);
  utc_days = describe_range (in_utc, utc);
  g_assert_true (g_str_has_prefix (utc_days,
                                   "03-01..03-02 03-02..03-03 03-03..03-04 03-04..03-05 "
                                   "03-05..03-06 03-06..03-07 03-07..03-08 03-08..03-08 "
                                   "03-09..03-09 "));
  g_assert_true (g_str_has_suffix (utc_days, "03-31..03-31 "));
  seventh_utc = g_date_time_to_timezone (hs_occurrence_get_start (g_ptr_array_index (in_utc, 6)),
                                         utc);
  eighth_utc = g_date_time_to_timezone (hs_occurrence_get_start (g_ptr_array_index (in_utc, 7)),
                                        utc);
  g_assert_cmpint (g_date_time_get_hour (seventh_utc), ==, 23);
  g_assert_cmpint (g_date_time_get_hour (eighth_utc), ==, 22);

  g_assert_cmpuint (in_tokyo->len, ==, 30);
  tokyo_first = format_start (g_ptr_array_index (in_tokyo, 0));
  tokyo_last = format_start (g_ptr_array_index (in_tokyo, 29));
  g_assert_cmpstr (tokyo_first, ==, "2026-03-01T18:47:00-05");
  g_assert_cmpstr (tokyo_last, ==, "2026-03-30T18:47:00-04");
}

/* Fridays 22:00 for 36 hours (to Sunday 10:00) in Paris from Friday 30 Jan 2026: February
 * shows the 30 Jan occurrence (it runs to 1 Feb) and the 6th, 13th, 20th and 27th, the last
 * running into March. */
static void
test_range_month_boundary (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (
    "{'timezone': 'Europe/Paris', 'frequency': 'weekly', 'days': ['friday'],"
    " 'starts_at_date': '2026-01-30', 'starts_at_time': '22:00:00',"
    " 'ends_at_date': '2026-02-01', 'ends_at_time': '10:00:00'}");
  g_autoptr(GPtrArray) february = expand_month (schedule, 2026, 2, NULL);
  g_autoptr(GPtrArray) january = expand_month (schedule, 2026, 1, NULL);
  g_autofree char *february_days = describe_range (february, NULL);
  g_autofree char *january_days = describe_range (january, NULL);

  g_assert_cmpstr (february_days, ==,
                   "01-30..02-01 02-06..02-08 02-13..02-15 02-20..02-22 02-27..03-01 ");
  g_assert_cmpstr (january_days, ==, "01-30..02-01 ");
}

/* All day from Saturday 30 May to Tuesday 2 June 2026, monthly, no end: June shows the May
 * occurrence (its last days) and the 30 June one (running into July), in any zone. February
 * 2027 has no 30th: that month is skipped (DESIGN.md), so March 2027 shows only the 30th. */
static void
test_range_all_day (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (
    "{'timezone': 'America/Montreal', 'frequency': 'monthly', 'all_day?': true,"
    " 'starts_at_date': '2026-05-30', 'starts_at_time': null,"
    " 'ends_at_date': '2026-06-02', 'ends_at_time': null}");
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GPtrArray) june = expand_month (schedule, 2026, 6, NULL);
  g_autoptr(GPtrArray) june_tokyo = expand_month (schedule, 2026, 6, tokyo);
  g_autoptr(GPtrArray) february = expand_month (schedule, 2027, 2, NULL);
  g_autoptr(GPtrArray) march = expand_month (schedule, 2027, 3, NULL);
  g_autofree char *june_days = describe_range (june, NULL);
  g_autofree char *june_tokyo_days = describe_range (june_tokyo, tokyo);
  g_autofree char *february_days = describe_range (february, NULL);
  g_autofree char *march_days = describe_range (march, NULL);

  g_assert_cmpstr (june_days, ==, "05-30..06-02 06-30..07-03 ");
  g_assert_cmpstr (june_tokyo_days, ==, june_days);
  /* 30 Jan 2027 runs to 2 Feb. */
  g_assert_cmpstr (february_days, ==, "01-30..02-02 ");
  g_assert_cmpstr (march_days, ==, "03-30..04-02 ");
}

/* A viewer behind the event's zone: Mondays 08:00 in Paris (CEST, +02) from Monday 1 June
 * 2026 are Sundays 23:00 in Los Angeles (PDT, -07). The week of 1–7 June there shows only the
 * 8 June occurrence (Sunday 7 June, 23:00–23:30 there); the 1 June one is on 31 May. */
static void
test_range_zone_behind (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (
    "{'timezone': 'Europe/Paris', 'frequency': 'weekly', 'days': ['monday'],"
    " 'starts_at_date': '2026-06-01', 'starts_at_time': '08:00:00',"
    " 'ends_at_date': '2026-06-01', 'ends_at_time': '08:30:00'}");
  g_autoptr(GTimeZone) los_angeles = g_time_zone_new_identifier ("America/Los_Angeles");
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *days = NULL;
  g_autofree char *start = NULL;
  GDate first;
  GDate last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, 6, 2026);
  g_date_set_dmy (&last, 7, 6, 2026);
  week = hs_schedule_expand_range (schedule, &first, &last, los_angeles, &error);
  g_assert_no_error (error);
  days = describe_range (week, los_angeles);
  g_assert_cmpstr (days, ==, "06-07..06-07 ");
  start = format_start (g_ptr_array_index (week, 0));
  g_assert_cmpstr (start, ==, "2026-06-08T08:00:00+02");
}

/* Excluded occurrences never show on the grid. */
static void
test_range_excluded (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (WEEKLY);
  g_autoptr(GPtrArray) september = expand_month (schedule, 2026, 9, NULL);
  g_autofree char *days = describe_range (september, NULL);

  /* Tuesdays and Thursdays of September from the 8th, without the 24th. */
  g_assert_cmpstr (days, ==,
                   "09-08..09-08 09-10..09-10 09-15..09-15 09-17..09-17 09-22..09-22 "
                   "09-29..09-29 ");
}

/* The days of an occurrence in its event's zone, worked out from its instants and offsets (no
 * GDateTime): hand-worked instants on both sides of a date line and of 1970. */
static void
test_range_days_from_offsets (void)
{
  g_autoptr(GTimeZone) montreal = g_time_zone_new_identifier ("America/Montreal");
  struct {
    gint64 start; gint32 offset; gint64 end;
    int first_y, first_m, first_d, last_y, last_m, last_d;
  } cases[] = {
    /* 2026-11-01 23:30 EST (-5 h) = 2026-11-02 04:30 UTC = 1793593800; an hour long: ends
     * 00:30 the next day, so it covers two days. */
    { 1793593800, -5 * 3600, 1793593800 + 3600, 2026, 11, 1, 2026, 11, 2 },
    /* The same start, ending at midnight: only the 1st. */
    { 1793593800, -5 * 3600, 1793593800 + 1800, 2026, 11, 1, 2026, 11, 1 },
    /* No length: its start's day. */
    { 1793593800, -5 * 3600, 1793593800, 2026, 11, 1, 2026, 11, 1 },
    /* 1969-12-31 20:00 EST = 1970-01-01 01:00 UTC = 3600: local time before 1970. */
    { 3600, -5 * 3600, 7200, 1969, 12, 31, 1969, 12, 31 },
  };

  if (montreal == NULL)
    {
      g_test_skip ("no America/Montreal");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HsOccurrence) occurrence =
        hs_occurrence_new_from_unix (montreal, cases[i].start, cases[i].offset, cases[i].end,
                                     cases[i].offset, FALSE, FALSE);
      GDate first;
      GDate last;

      hs_occurrence_get_days_in_zone (occurrence, NULL, &first, &last);
      g_assert_cmpint (g_date_get_year (&first), ==, cases[i].first_y);
      g_assert_cmpint (g_date_get_month (&first), ==, cases[i].first_m);
      g_assert_cmpint (g_date_get_day (&first), ==, cases[i].first_d);
      g_assert_cmpint (g_date_get_year (&last), ==, cases[i].last_y);
      g_assert_cmpint (g_date_get_month (&last), ==, cases[i].last_m);
      g_assert_cmpint (g_date_get_day (&last), ==, cases[i].last_d);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html-text/strip", test_html_text);
  g_test_add_func ("/occurrence-list/windows", test_list_windows);
  g_test_add_func ("/occurrence-list/bounded", test_list_bounded);
  g_test_add_func ("/schedule-range/dst-month", test_range_dst_month);
  g_test_add_func ("/schedule-range/month-boundary", test_range_month_boundary);
  g_test_add_func ("/schedule-range/all-day", test_range_all_day);
  g_test_add_func ("/schedule-range/zone-behind", test_range_zone_behind);
  g_test_add_func ("/schedule-range/excluded", test_range_excluded);
  g_test_add_func ("/schedule-range/days-from-offsets", test_range_days_from_offsets);

  return g_test_run ();
}
