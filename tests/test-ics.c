/* test-ics.c: the iCalendar export, read back and expanded by libical
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each exported calendar is parsed with libical's parser (no X-LIC-ERROR allowed), then its
 * events are expanded independently of Hookscope (ics-libical-reader.c: the RRULE with
 * libical's iterator, local times placed with the VTIMEZONE the file carries, EXDATEs, RDATEs,
 * every instance lasting the exact duration as RFC 5545 says, RECURRENCE-ID overrides in
 * place of their instance). The result must be exactly hs_schedule_expand()'s occurrences.
 * The random round trip through ical.js as well is tests/ics-engine/roundtrip.mjs.
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "hs-ics.h"
#include "hs-schedule.h"
#include "ics-libical-reader.h"

typedef IcsSpan Span;

typedef struct
{
  const char *name;
  const char *json;          /* single quotes stand for double quotes */
  const char *must_contain;  /* e.g. "RRULE:" */
  const char *must_lack;     /* e.g. "RDATE" */
} IcsCase;

#define MTL "'timezone': 'America/Montreal', "

static const IcsCase ics_cases[] = {
  /* The seed: a single occurrence. */
  { "seed-single",
    "{" MTL "'recurrence': 'none', 'count': 730, 'frequency': 'daily',"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '18:47:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '19:47:00'}",
    "DTSTART;TZID=America/Montreal:20261130T184700", "RRULE" },
  /* The weekly sample: until + a plain excluded date + an excluded date-time: RRULE + EXDATE. */
  { "weekly-until-excluded",
    "{" MTL "'recurrence': 'weekly', 'frequency': 'weekly', 'days': ['tuesday', 'thursday'],"
    " 'until': '2026-12-17', 'excluded_dates': ['2026-09-24', '2026-10-13T19:00:00'],"
    " 'starts_at_date': '2026-09-08', 'starts_at_time': '19:00:00',"
    " 'ends_at_date': '2026-09-08', 'ends_at_time': '21:30:00'}",
    "EXDATE;TZID=America/Montreal:20260924T190000", "RDATE" },
  /* count 10 with an exclusion: RFC 5545 would count the excluded one, so COUNT becomes UNTIL. */
  { "monthly-nth-count-excluded",
    "{" MTL "'recurrence': 'monthly', 'frequency': 'monthly',"
    " 'days': [{'week': 2, 'day': 'monday'}], 'count': 10, 'excluded_dates': ['2026-12-14'],"
    " 'starts_at_date': '2026-07-13', 'starts_at_time': '18:30:00',"
    " 'ends_at_date': '2026-07-13', 'ends_at_time': '20:00:00'}",
    "UNTIL=", "COUNT=" },
  /* count without exclusions stays a COUNT. */
  { "daily-count",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 5,"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '18:47:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '19:47:00'}",
    "COUNT=5", "EXDATE" },
  /* 02:30 daily meets the 8 Mar gap: that instance is an EXDATE + an RDATE at 03:00. */
  { "daily-through-gap",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 5,"
    " 'starts_at_date': '2026-03-06', 'starts_at_time': '02:30:00',"
    " 'ends_at_date': '2026-03-06', 'ends_at_time': '03:30:00'}",
    "RECURRENCE-ID;TZID=America/Montreal:20260308T023000", "PERIOD" },
  /* Squeezed to nothing on 8 Mar: EXDATE only, still counted. */
  { "daily-squeezed",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 3,"
    " 'starts_at_date': '2026-03-07', 'starts_at_time': '02:00:00',"
    " 'ends_at_date': '2026-03-07', 'ends_at_time': '02:30:00'}",
    "EXDATE;TZID=America/Montreal:20260308T020000", "RECURRENCE-ID" },
  /* An ambiguous end on 1 Nov lengthens that instance to 2 real hours: explicit period. */
  { "daily-end-in-overlap",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 4,"
    " 'starts_at_date': '2026-10-30', 'starts_at_time': '00:30:00',"
    " 'ends_at_date': '2026-10-30', 'ends_at_time': '01:30:00'}",
    "RECURRENCE-ID;TZID=America/Montreal:20261101T003000", "PERIOD" },
  /* The first occurrence itself is in the gap: the rule from there, that instance overridden
   * with the time Omerlo gives it (03:00, unambiguous). */
  { "first-in-gap",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 3,"
    " 'starts_at_date': '2026-03-08', 'starts_at_time': '02:30:00',"
    " 'ends_at_date': '2026-03-08', 'ends_at_time': '03:30:00'}",
    "DTSTART;TZID=America/Montreal:20260308T030000", "PERIOD" },
  /* Weekly on the last Friday has no RRULE equivalent: RDATEs only. */
  { "weekly-last-friday",
    "{" MTL "'recurrence': 'weekly', 'frequency': 'weekly', 'count': 4,"
    " 'days': [{'week': -1, 'day': 'friday'}], 'starts_at_date': '2026-01-01',"
    " 'starts_at_time': '10:00:00', 'ends_at_date': '2026-01-01', 'ends_at_time': '11:00:00'}",
    "RDATE", "RRULE" },
  /* Every 2 weeks on Sunday from a Thursday (a libical quirk when DTSTART is not a Sunday):
   * DTSTART is the first Sunday, and libical reads that back right. */
  { "weekly-interval-2-sunday",
    "{" MTL "'recurrence': 'weekly', 'frequency': 'weekly', 'interval': 2, 'count': 6,"
    " 'days': ['sunday'], 'starts_at_date': '2027-08-05', 'starts_at_time': '10:00:00',"
    " 'ends_at_date': '2027-08-05', 'ends_at_time': '11:00:00'}",
    "DTSTART;TZID=America/Montreal:20270808T100000", NULL },
  /* All-day, three days, yearly, count 3 with an exclusion: dates, no VTIMEZONE needed. */
  { "all-day-yearly",
    "{'timezone': 'Europe/Paris', 'all_day?': true, 'recurrence': 'yearly',"
    " 'frequency': 'yearly', 'count': 3, 'excluded_dates': ['2027-07-17'],"
    " 'starts_at_date': '2026-07-17', 'ends_at_date': '2026-07-19'}",
    "DTSTART;VALUE=DATE:20260717", NULL },
  /* Unbounded and regular: an RRULE without an end. */
  { "unbounded-daily",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily',"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '18:47:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '19:47:00'}",
    "RRULE:FREQ=DAILY\r\n", "X-HOOKSCOPE" },
  /* Unbounded at 02:30: every spring gap moves one, so it is listed for a few years. */
  { "unbounded-daily-gap",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily',"
    " 'starts_at_date': '2026-01-01', 'starts_at_time': '02:30:00',"
    " 'ends_at_date': '2026-01-01', 'ends_at_time': '03:30:00'}",
    "X-HOOKSCOPE-LISTED-UNTIL:20", "PERIOD" },
  /* Yearly on 29 February. */
  { "yearly-29-february",
    "{'timezone': 'Europe/Paris', 'recurrence': 'yearly', 'frequency': 'yearly', 'count': 3,"
    " 'starts_at_date': '2024-02-29', 'starts_at_time': '10:00:00',"
    " 'ends_at_date': '2024-02-29', 'ends_at_time': '12:00:00'}",
    "BYMONTHDAY=29", NULL },
  /* The start excluded: DTSTART is the first occurrence, two days later. */
  { "first-excluded",
    "{" MTL "'recurrence': 'weekly', 'frequency': 'weekly', 'interval': 2,"
    " 'days': ['monday', 'wednesday'], 'count': 4, 'excluded_dates': ['2026-11-30'],"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '18:47:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '19:47:00'}",
    "DTSTART;TZID=America/Montreal:20261202T184700", "EXDATE" },
  /* Lord Howe, 30-minute gap on 4 Oct. */
  { "lord-howe-gap",
    "{'timezone': 'Australia/Lord_Howe', 'recurrence': 'daily', 'frequency': 'daily',"
    " 'count': 3, 'starts_at_date': '2026-10-03', 'starts_at_time': '02:10:00',"
    " 'ends_at_date': '2026-10-03', 'ends_at_time': '03:10:00'}",
    "RECURRENCE-ID;TZID=Australia/Lord_Howe:20261004T021000", "PERIOD" },
  /* UTC: no VTIMEZONE, times marked Z; an exclusion and a count. */
  { "utc-weekly",
    "{'timezone': 'UTC', 'recurrence': 'weekly', 'frequency': 'weekly', 'count': 4,"
    " 'days': ['monday', 'thursday'], 'excluded_dates': ['2026-12-03'],"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '10:00:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '11:00:00'}",
    "DTSTART:20261130T100000Z", "TZID" },
  /* Never matches: an empty set (DTSTART excluded by itself). */
  { "never-matches",
    "{" MTL "'recurrence': 'monthly', 'frequency': 'monthly', 'interval': 12,"
    " 'monthly_opts': {'days_of_month': [31]}, 'starts_at_date': '2026-04-30',"
    " 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00'}",
    "EXDATE", NULL },
  /* ExCycle's corners (DESIGN.md): the export writes what Omerlo shows, which the plain RRULE
   * would not, so explicit dates. Yearly from 10 Dec 2026, 2027 excluded, count 3: 2026,
   * 2029, 2030 (2028 lost). */
  { "corner-yearly-december-excluded",
    "{'timezone': 'UTC', 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00',"
    " 'recurrence': 'yearly', 'frequency': 'yearly', 'count': 3,"
    " 'starts_at_date': '2026-12-10', 'excluded_dates': ['2027-12-10']}",
    "RDATE", "RRULE" },
  /* Every 2 weeks on Friday and the 1st Monday: no Mondays in Omerlo. */
  { "corner-weekly-nth-interval",
    "{'timezone': 'UTC', 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00',"
    " 'recurrence': 'weekly', 'frequency': 'weekly', 'interval': 2, 'count': 8,"
    " 'starts_at_date': '2026-01-16', 'days': ['friday', '1MO']}",
    "RDATE", "RRULE" },
  /* Yearly on the 1st Monday of September: 2031-09-01 lost. */
  { "corner-yearly-days",
    "{'timezone': 'UTC', 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00',"
    " 'recurrence': 'yearly', 'frequency': 'yearly', 'count': 6,"
    " 'starts_at_date': '2026-09-07', 'days': ['1MO']}",
    "RDATE", "RRULE" },
  /* 01:30 on 1 Nov is ambiguous: Omerlo takes the earlier offset (EDT), which engines may not:
   * an override with the instant in UTC. */
  { "start-in-overlap",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 4,"
    " 'starts_at_date': '2026-10-30', 'starts_at_time': '01:30:00',"
    " 'ends_at_date': '2026-10-30', 'ends_at_time': '01:45:00'}",
    "RECURRENCE-ID;TZID=America/Montreal:20261101T013000\r\nDTSTART:20261101T053000Z", NULL },
  /* A 25-hour event across the spring change lasts 24 real hours (the wall-clock duration):
   * that instance is an override; DURATION says the nominal day. */
  { "duration-across-gap",
    "{'timezone': 'Europe/Paris', 'recurrence': 'weekly', 'frequency': 'weekly', 'count': 3,"
    " 'starts_at_date': '2027-03-20', 'starts_at_time': '10:00:00',"
    " 'ends_at_date': '2027-03-21', 'ends_at_time': '11:00:00'}",
    "RECURRENCE-ID;TZID=Europe/Paris:20270327T100000\r\n"
    "DTSTART;TZID=Europe/Paris:20270327T100000\r\nDTEND;TZID=Europe/Paris:20270328T110000",
    "PERIOD" },
  /* After 2038: the zone's rule, not libical's 32-bit data. */
  { "paris-after-2038",
    "{'timezone': 'Europe/Paris', 'recurrence': 'daily', 'frequency': 'daily', 'interval': 30,"
    " 'count': 40, 'starts_at_date': '2037-06-01', 'starts_at_time': '12:00:00',"
    " 'ends_at_date': '2037-06-01', 'ends_at_time': '13:00:00'}",
    "RRULE:FREQ=DAILY;COUNT=40;INTERVAL=30", "RECURRENCE-ID" },
  /* Zero-length at 02:30 daily across the 8 Mar gap: Omerlo drops that one (an EXDATE). */
  /* No RRULE says it (nth weekday with days of month), and its count would reach year 9999:
   * listed up to the horizon only, and said so (found by fuzz-ics: 95,680 RDATEs before). */
  { "huge-count-listed-to-horizon",
    "{" MTL "'recurrence': 'monthly', 'frequency': 'weekly', 'interval': 1,"
    " 'days': [{'week': 2, 'day': 'monday'}], 'count': 1330642944,"
    " 'monthly_opts': {'days_of_month': [-16, -30, 16, -25]},"
    " 'excluded_dates': ['2026-12-14'],"
    " 'starts_at_date': '2026-07-13', 'starts_at_time': '18:30:00',"
    " 'ends_at_date': '2026-07-13', 'ends_at_time': '20:00:00'}",
    "X-HOOKSCOPE-LISTED-UNTIL:", "RRULE" },
  { "corner-zero-length-gap",
    "{" MTL "'recurrence': 'daily', 'frequency': 'daily', 'count': 3,"
    " 'starts_at_date': '2026-03-07', 'starts_at_time': '02:30:00',"
    " 'ends_at_date': '2026-03-07', 'ends_at_time': '02:30:00'}",
    "EXDATE;TZID=America/Montreal:20260308T023000", NULL },
};

static HsSchedule *
schedule_from (const char *json)
{
  g_autofree char *text = g_strdelimit (g_strdup (json), "'", '"');
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  HsSchedule *schedule;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  schedule = hs_schedule_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                        &error);
  g_assert_no_error (error);
  return schedule;
}

static GArray *
expand_ours (HsSchedule *schedule,
             GDate      *to)
{
  g_autoptr(GPtrArray) occurrences = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gboolean truncated = TRUE;

  occurrences = hs_schedule_expand (schedule, NULL, to, 100000, &truncated, NULL);
  g_assert_false (truncated);

  for (guint i = 0; i < occurrences->len; i++)
    {
      HsOccurrence *occ = g_ptr_array_index (occurrences, i);
      Span span;

      if (hs_occurrence_get_all_day (occ))
        {
          GDate first, last;
          g_autoptr(GDateTime) a = NULL;
          g_autoptr(GDateTime) b = NULL;

          hs_occurrence_get_first_date (occ, &first);
          hs_occurrence_get_last_date (occ, &last);
          g_date_add_days (&last, 1);
          a = g_date_time_new_utc (g_date_get_year (&first), g_date_get_month (&first),
                                   g_date_get_day (&first), 0, 0, 0);
          b = g_date_time_new_utc (g_date_get_year (&last), g_date_get_month (&last),
                                   g_date_get_day (&last), 0, 0, 0);
          span.start = g_date_time_to_unix (a);
          span.end = g_date_time_to_unix (b);
          span.all_day = TRUE;
        }
      else
        {
          span.start = g_date_time_to_unix (hs_occurrence_get_start (occ));
          span.end = g_date_time_to_unix (hs_occurrence_get_end (occ));
          span.all_day = FALSE;
        }
      g_array_append_val (spans, span);
    }

  return g_steal_pointer (&spans);
}

static void
test_ics_case (gconstpointer data)
{
  const IcsCase *c = data;
  g_autoptr(HsSchedule) schedule = schedule_from (c->json);
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = hs_ics_export_schedule (schedule, "test@hookscope", "Test", &error);
  g_autoptr(GPtrArray) events = NULL;
  GArray *theirs;
  g_autoptr(GArray) ours = NULL;
  GDate horizon_date;
  g_autoptr(GDateTime) horizon = NULL;
  const char *vevent;
  const char *listed_until;

  g_assert_no_error (error);
  g_assert_nonnull (ics);
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\n"));

  /* Only the VEVENT: the VTIMEZONE has RRULEs and RDATEs of its own. */
  vevent = strstr (ics, "BEGIN:VEVENT\r\n");
  g_assert_nonnull (vevent);
  if (c->must_contain != NULL && strstr (vevent, c->must_contain) == NULL)
    g_error ("“%s” not in:\n%s", c->must_contain, vevent);
  if (c->must_lack != NULL && strstr (vevent, c->must_lack) != NULL)
    g_error ("“%s” unexpectedly in:\n%s", c->must_lack, vevent);

  /* Compared over 12 years from the first occurrence, or as far as the file lists them. */
  {
    g_autoptr(GPtrArray) first = hs_schedule_expand (schedule, NULL, NULL, 1, NULL, NULL);
    GDate start;

    if (first->len > 0)
      hs_occurrence_get_first_date (g_ptr_array_index (first, 0), &start);
    else
      g_date_set_dmy (&start, 1, 1, 2026);
    horizon_date = start;
    g_date_add_years (&horizon_date, 12);
  }
  listed_until = strstr (vevent, "X-HOOKSCOPE-LISTED-UNTIL:");
  if (listed_until != NULL)
    {
      int y, m, d;

      g_assert_cmpint (sscanf (listed_until, "X-HOOKSCOPE-LISTED-UNTIL:%4d%2d%2d", &y, &m, &d),
                       ==, 3);
      g_date_set_dmy (&horizon_date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    }
  horizon = g_date_time_new (hs_schedule_get_time_zone (schedule),
                             g_date_get_year (&horizon_date), g_date_get_month (&horizon_date),
                             g_date_get_day (&horizon_date), 0, 0, 0);

  events = ics_libical_expand (ics, g_date_time_to_unix (horizon), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_false (((IcsEventSpans *)g_ptr_array_index (events, 0))->has_period);
  theirs = ((IcsEventSpans *)g_ptr_array_index (events, 0))->spans;
  ours = expand_ours (schedule, &horizon_date);

  if (theirs->len != ours->len)
    g_error ("libical found %u instances, Hookscope %u, in:\n%s", theirs->len, ours->len, ics);
  for (guint i = 0; i < ours->len; i++)
    {
      Span *a = &g_array_index (theirs, Span, i);
      Span *b = &g_array_index (ours, Span, i);

      if (a->start != b->start || a->end != b->end)
        g_error ("instance %u: libical %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT
                 ", Hookscope %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " in:\n%s",
                 i, a->start, a->end, b->start, b->end, ics);
    }
}

/* The VTIMEZONE is named with the IANA identifier the VEVENT uses. */
static void
test_vtimezone_name (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from (ics_cases[0].json);
  g_autofree char *ics = hs_ics_export_schedule (schedule, NULL, NULL, NULL);

  g_assert_nonnull (strstr (ics, "BEGIN:VTIMEZONE\r\nTZID:America/Montreal\r\n"));
  /* A missing summary gets a generic one; a missing uid a generated one. */
  g_assert_nonnull (strstr (ics, "SUMMARY:Event\r\n"));
  g_assert_nonnull (strstr (ics, "UID:"));
}

/* The VTIMEZONE comes from GTimeZone: the EU rule (last Sunday of March and October) as an
 * RRULE pair that holds past 2038, and no trace of 32-bit data (libical's zones carry a stray
 * component at 2038-01-19). Lord Howe: +10:30 → +11:00 on the first Sunday of October, back on
 * the first Sunday of April. */
static void
test_vtimezone_rules (void)
{
  g_autoptr(HsSchedule) paris = schedule_from (
    "{'timezone': 'Europe/Paris', 'recurrence': 'yearly', 'frequency': 'yearly', 'count': 30,"
    " 'starts_at_date': '2030-07-01', 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00'}");
  g_autoptr(HsSchedule) howe = schedule_from (
    "{'timezone': 'Australia/Lord_Howe', 'recurrence': 'weekly', 'frequency': 'weekly',"
    " 'starts_at_date': '2040-01-02', 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00'}");
  g_autofree char *a = hs_ics_export_schedule (paris, NULL, NULL, NULL);
  g_autofree char *b = hs_ics_export_schedule (howe, NULL, NULL, NULL);

  g_assert_nonnull (strstr (a, "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
                               "DTSTART:20301027T030000\r\n"
                               "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"));
  g_assert_nonnull (strstr (a, "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
                               "DTSTART:20310330T020000\r\n"
                               "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"));
  g_assert_null (strstr (a, "2038011"));
  g_assert_nonnull (strstr (b, "TZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100\r\n"));
  g_assert_nonnull (strstr (b, "BYDAY=1SU;BYMONTH=10\r\n"));
  g_assert_nonnull (strstr (b, "TZOFFSETFROM:+1100\r\nTZOFFSETTO:+1030\r\n"));
  g_assert_nonnull (strstr (b, "BYDAY=1SU;BYMONTH=4\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ics_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ics/roundtrip/%s", ics_cases[i].name);

      g_test_add_data_func (path, &ics_cases[i], test_ics_case);
    }
  g_test_add_func ("/ics/vtimezone-name", test_vtimezone_name);
  g_test_add_func ("/ics/vtimezone-rules", test_vtimezone_rules);

  status = g_test_run ();

  /* libical caches the zones it builds. */
  icaltimezone_free_builtin_timezones ();
  return status;
}
