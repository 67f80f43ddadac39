/* test-schedule-parse.c: schedule parsing (invalid input, accessors) and the summary text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Error messages must start with the field they are about. Summary dates and weekdays were
 * checked with Python's datetime (30 Nov 2026 is a Monday). Each case lists only the fields it
 * needs; the others come from the base in schedule-test-util.c (UTC, a repeating schedule,
 * 10:00–11:00).
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hs-schedule.h"
#include "schedule-test-util.h"


#define MTL "'timezone': 'America/Montreal', "


typedef struct
{
  const char *name;
  const char *json;
  const char *field;     /* the message must start with "FIELD:" */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "interval-zero", "{'frequency': 'daily', 'interval': 0, 'starts_at_date': '2026-01-01'}",
    "interval" },
  { "interval-negative", "{'frequency': 'daily', 'interval': -2, 'starts_at_date': '2026-01-01'}",
    "interval" },
  { "interval-string", "{'frequency': 'daily', 'interval': 'two', 'starts_at_date': '2026-01-01'}",
    "interval" },
  { "count-zero", "{'frequency': 'daily', 'count': 0, 'starts_at_date': '2026-01-01'}", "count" },
  { "frequency-unknown", "{'frequency': 'fortnightly', 'starts_at_date': '2026-01-01'}",
    "frequency" },
  { "frequency-hourly", "{'frequency': 'hourly', 'starts_at_date': '2026-01-01'}", "frequency" },
  { "frequency-missing", "{'frequency': null, 'starts_at_date': '2026-01-01'}", "frequency" },
  { "timezone-unknown", "{'timezone': 'Mars/Olympus_Mons', 'frequency': 'daily',"
    " 'starts_at_date': '2026-01-01'}", "timezone" },
  { "timezone-number", "{'timezone': 5, 'frequency': 'daily', 'starts_at_date': '2026-01-01'}",
    "timezone" },
  { "start-date-invalid", "{'frequency': 'daily', 'starts_at_date': '2026-02-30'}",
    "starts_at_date" },
  { "start-date-format", "{'frequency': 'daily', 'starts_at_date': '30/11/2026'}",
    "starts_at_date" },
  { "start-date-missing", "{'frequency': 'daily'}", "starts_at_date" },
  { "start-time-invalid", "{'frequency': 'daily', 'starts_at_date': '2026-01-01',"
    " 'starts_at_time': '25:00'}", "starts_at_time" },
  { "end-date-invalid", "{'frequency': 'daily', 'starts_at_date': '2026-01-01',"
    " 'ends_at_date': 'soon'}", "ends_at_date" },
  { "end-before-start", "{'frequency': 'daily', 'starts_at_date': '2026-01-01',"
    " 'starts_at_time': '10:00:00', 'ends_at_time': '09:00:00'}", "ends_at_time" },
  { "until-invalid", "{'frequency': 'daily', 'until': 'tomorrow', 'starts_at_date': '2026-01-01'}",
    "until" },
  { "excluded-invalid", "{'frequency': 'daily', 'excluded_dates': ['someday'],"
    " 'starts_at_date': '2026-01-01'}", "excluded_dates" },
  { "excluded-not-array", "{'frequency': 'daily', 'excluded_dates': '2026-01-01',"
    " 'starts_at_date': '2026-01-01'}", "excluded_dates" },
  { "days-unknown-name", "{'frequency': 'weekly', 'days': ['funday'],"
    " 'starts_at_date': '2026-01-01'}", "days" },
  { "days-week-out-of-range", "{'frequency': 'monthly', 'days': [{'week': 7, 'day': 'monday'}],"
    " 'starts_at_date': '2026-01-01'}", "days" },
  { "days-week-zero", "{'frequency': 'monthly', 'days': [[0, 'monday']],"
    " 'starts_at_date': '2026-01-01'}", "days" },
  { "days-unknown-shape", "{'frequency': 'monthly', 'days': [{'nth': 1}],"
    " 'starts_at_date': '2026-01-01'}", "days" },
  { "days-not-array", "{'frequency': 'weekly', 'days': 'monday', 'starts_at_date': '2026-01-01'}",
    "days" },
  { "monthly-opts-unknown", "{'frequency': 'monthly', 'monthly_opts': {'weird': 1},"
    " 'starts_at_date': '2026-01-01'}", "monthly_opts" },
  { "monthly-opts-day-32", "{'frequency': 'monthly', 'monthly_opts': {'days_of_month': [32]},"
    " 'starts_at_date': '2026-01-01'}", "monthly_opts" },
  { "monthly-opts-string", "{'frequency': 'monthly', 'monthly_opts': 'often',"
    " 'starts_at_date': '2026-01-01'}", "monthly_opts" },
  { "recurrence-number", "{'recurrence': 42, 'frequency': 'daily', 'starts_at_date': '2026-01-01'}",
    "recurrence" },
  { "all-day-string", "{'all_day?': 'yes', 'frequency': 'daily', 'starts_at_date': '2026-01-01'}",
    "all_day?" },
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

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autoptr(JsonObject) object = build_schedule (c->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSchedule) schedule = hs_schedule_new_from_json (object, &error);
  g_autofree char *prefix = g_strconcat (c->field, ": ", NULL);

  g_assert_null (schedule);
  g_assert_nonnull (error);
  g_assert_true (error->domain == HS_SCHEDULE_ERROR);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
}

/* The raw value of a not-understood entry is in the message. */
/* The raw value of a not-understood entry is in the message. */
static void
test_error_shows_raw_value (void)
{
  g_autoptr(JsonObject) object = build_schedule ("{'frequency': 'monthly',"
                                                 " 'days': [{'nth': 1}],"
                                                 " 'starts_at_date': '2026-01-01'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSchedule) schedule = hs_schedule_new_from_json (object, &error);

  g_assert_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_NOT_UNDERSTOOD);
  g_assert_nonnull (strstr (error->message, "{\"nth\":1}"));
}

/* Unknown zones: the exact message the UI shows. */
/* Unknown zones: the exact message the UI shows. */
static void
test_unknown_zone_message (void)
{
  g_autoptr(JsonObject) object = build_schedule ("{'timezone': 'Mars/Olympus_Mons',"
                                                 " 'starts_at_date': '2026-01-01',"
                                                 " 'frequency': 'daily'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsSchedule) schedule = hs_schedule_new_from_json (object, &error);

  g_assert_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "timezone: unknown time zone “Mars/Olympus_Mons”");
}

/* monthly_opts on a weekly schedule is not read: no error, a warning. */
/* monthly_opts on a weekly schedule is not read: no error, a warning. */
static void
test_monthly_opts_ignored (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{'frequency': 'weekly', 'count': 2,"
                                                  " 'monthly_opts': {'weird': 1},"
                                                  " 'starts_at_date': '2026-11-30'}");
  const char * const *warnings = hs_schedule_get_warnings (schedule);
  g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 0, NULL, NULL);

  g_assert_nonnull (warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], "monthly_opts:"));
  g_assert_null (warnings[1]);
  g_assert_cmpuint (occurrences->len, ==, 2);
}

/* Unbounded: the hard cap stops it and says so; a count that fits says it is complete. */
/* An unknown recurrence still repeats by frequency, with a warning naming the field. */
static void
test_unknown_recurrence_warns (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{'recurrence': 'sometimes',"
                                                  " 'frequency': 'weekly', 'count': 3,"
                                                  " 'starts_at_date': '2026-11-30'}");
  const char * const *warnings = hs_schedule_get_warnings (schedule);
  g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 0, NULL, NULL);

  g_assert_true (hs_schedule_is_recurring (schedule));
  g_assert_nonnull (warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], "recurrence:"));
  g_assert_nonnull (strstr (warnings[0], "sometimes"));
  g_assert_cmpuint (occurrences->len, ==, 3);
}

static void
test_summary (void)
{
  static const struct {
    const char *json;
    const char *expected;
  } cases[] = {
    /* The examples. */
    { "{" MTL "'frequency': 'weekly', 'interval': 2, 'days': ['wednesday', 'monday'],"
      " 'count': 10, 'excluded_dates': ['2026-12-02', '2026-12-14'],"
      " 'starts_at_date': '2026-11-30',"
      " 'starts_at_time': '18:47:00', 'ends_at_time': '19:47:00'}",
      "Every 2 weeks on Monday and Wednesday, 18:47–19:47 (America/Montreal), 10 times, "
      "except 2 dates" },
    { "{" MTL "'recurrence': 'none', 'starts_at_date': '2026-11-30',"
      " 'starts_at_time': '18:47:00', 'ends_at_time': '19:47:00'}",
      "Once, Monday 30 November 2026, 18:47–19:47" },
    { "{" MTL "'frequency': 'monthly', 'days': [{'week': 2, 'day': 'monday'}], 'count': 10,"
      " 'excluded_dates': ['2026-12-14'], 'starts_at_date': '2026-07-13',"
      " 'starts_at_time': '18:30:00', 'ends_at_time': '20:00:00'}",
      "Every month on the second Monday, 18:30–20:00 (America/Montreal), 10 times, "
      "except 1 date" },
    /* Weekly without days: the start's weekday (2 Dec 2026 is a Wednesday). */
    { "{'frequency': 'weekly', 'starts_at_date': '2026-12-02'}",
      "Every week on Wednesday, 10:00–11:00 (UTC)" },
    { "{'frequency': 'daily', 'until': '2026-12-17', 'starts_at_date': '2026-12-01'}",
      "Every day, 10:00–11:00 (UTC), until Thursday 17 December 2026" },
    { "{'frequency': 'monthly', 'monthly_opts': {'days_of_month': [1, -1]},"
      " 'starts_at_date': '2026-12-01'}",
      "Every month on day 1 and the last day, 10:00–11:00 (UTC)" },
    { "{'frequency': 'yearly', 'count': 1, 'starts_at_date': '2024-02-29'}",
      "Every year on 29 February, 10:00–11:00 (UTC), 1 time" },
    { "{'all_day?': true, 'frequency': 'yearly', 'starts_at_date': '2026-07-17',"
      " 'ends_at_date': '2026-07-19'}",
      "Every year on 17 July, all day, 3 days (UTC)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HsSchedule) schedule = schedule_from (cases[i].json);
      g_autofree char *text = hs_schedule_describe (schedule);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_accessors (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{" MTL "'frequency': 'weekly', 'interval': 2,"
                                                  " 'count': 4, 'until': '2027-01-31',"
                                                  " 'excluded_dates': ['2026-12-02',"
                                                  " '2026-12-01T23:47:00Z'],"
                                                  " 'starts_at_date': '2026-11-30'}");
  const char * const *excluded = hs_schedule_get_excluded_dates (schedule);
  GDate until;

  g_assert_cmpstr (hs_schedule_get_time_zone_name (schedule), ==, "America/Montreal");
  g_assert_cmpstr (g_time_zone_get_identifier (hs_schedule_get_time_zone (schedule)), ==,
                   "America/Montreal");
  g_assert_cmpint (hs_schedule_get_frequency (schedule), ==, HS_SCHEDULE_FREQUENCY_WEEKLY);
  g_assert_true (hs_schedule_is_recurring (schedule));
  g_assert_cmpuint (hs_schedule_get_interval (schedule), ==, 2);
  g_assert_cmpuint (hs_schedule_get_count (schedule), ==, 4);
  g_assert_true (hs_schedule_get_until (schedule, &until));
  g_assert_cmpint (g_date_get_day (&until), ==, 31);
  /* The Z date-time is normalised to the event's wall clock: 18:47 EST. */
  g_assert_cmpstr (excluded[0], ==, "2026-12-02");
  g_assert_cmpstr (excluded[1], ==, "2026-12-01T18:47:00");
  g_assert_null (excluded[2]);
  g_assert_null (hs_schedule_get_warnings (schedule)[0]);
}

/* Every field given values of every JSON type (a fixed pseudo-random walk): each schedule
 * either parses or gives an error naming a field, and expanding and describing it ends. Under
 * G_DEBUG=fatal-criticals a critical would fail the test. */
static void
test_any_shape_is_safe (void)
{
  static const char *fields[] = {
    "recurrence", "frequency", "interval", "count", "until", "days", "monthly_opts",
    "excluded_dates", "starts_at_date", "starts_at_time", "ends_at_date", "ends_at_time",
    "all_day?", "timezone",
  };
  static const char *values[] = {
    "null", "true", "0", "-1", "7", "2.5", "1e300", "''", "'daily'", "'weekly'", "'monthly'",
    "'yearly'", "'none'", "'2026-02-29'", "'2028-02-29'", "'2026-03-08T02:30:00Z'", "'25:61'",
    "'23:59:59.999'", "'America/Montreal'", "'Australia/Lord_Howe'", "[]", "{}",
    "['monday', [-1, 'friday'], '5SU']", "[{'week': 5, 'day': 'sunday'}]", "[[0, 'x']]",
    "{'days_of_month': [31, -31]}", "{'days_of_month': 'x'}", "{'week': -5, 'day': 'sunday'}",
    "['2026-03-08', '2026-11-01T01:30:00-04:00', '2026-11-01T01:30:00']", "[1, 2]",
  };
  GRand *rand = g_rand_new_with_seed (20261130);
  guint parsed = 0;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GString) json = g_string_new ("{'frequency': 'weekly', 'starts_at_date': "
                                              "'2026-03-01', 'timezone': 'America/Montreal'");
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(HsSchedule) schedule = NULL;
      g_autoptr(GError) error = NULL;
      guint n = g_rand_int_range (rand, 1, 5);

      for (guint j = 0; j < n; j++)
        g_string_append_printf (json, ", '%s': %s",
                                fields[g_rand_int_range (rand, 0, G_N_ELEMENTS (fields))],
                                values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))]);
      g_string_append_c (json, '}');

      object = build_schedule (json->str);
      schedule = hs_schedule_new_from_json (object, &error);
      if (schedule == NULL)
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strchr (error->message, ':'));
          continue;
        }

      g_assert_no_error (error);
      parsed++;
      {
        g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 50, NULL,
                                                               NULL);
        g_autofree char *summary = hs_schedule_describe (schedule);

        g_assert_nonnull (occurrences);
        g_assert_nonnull (summary);
      }
    }

  /* Both outcomes were exercised. */
  g_assert_cmpuint (parsed, >, 100);
  g_assert_cmpuint (parsed, <, 1900);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/schedule/invalid/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_error_case);
    }

  g_test_add_func ("/schedule/invalid/raw-value", test_error_shows_raw_value);
  g_test_add_func ("/schedule/invalid/unknown-zone-message", test_unknown_zone_message);
  g_test_add_func ("/schedule/monthly-opts-ignored", test_monthly_opts_ignored);
  g_test_add_func ("/schedule/unknown-recurrence", test_unknown_recurrence_warns);
  g_test_add_func ("/schedule/summary", test_summary);
  g_test_add_func ("/schedule/any-shape", test_any_shape_is_safe);
  g_test_add_func ("/schedule/accessors", test_accessors);

  return g_test_run ();
}
