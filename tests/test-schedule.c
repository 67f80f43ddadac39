/* test-schedule.c: schedule parsing and expansion, with expected occurrences worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time-zone facts used below come from the system tzdata via `zdump -v -c 2026,2028 ZONE`:
 * - America/Montreal 2026: 8 Mar 02:00 EST(-05) → 03:00 EDT(-04); 1 Nov 02:00 EDT → 01:00 EST.
 * - Europe/Paris 2026: 29 Mar 02:00 CET(+01) → 03:00 CEST(+02); 25 Oct 03:00 CEST → 02:00 CET.
 * - Australia/Lord_Howe 2026: 5 Apr 02:00 (+11) → 01:30 (+10:30); 4 Oct 02:00 (+10:30) →
 *   02:30 (+11): a 30-minute shift.
 * Weekdays were checked with Python's datetime: 1 Jan 2026 is a Thursday, 30 Nov 2026 a Monday.
 * Each case lists only the fields it needs; the others come from the base in
 * schedule-test-util.c (UTC, a repeating schedule, 10:00–11:00).
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hs-schedule.h"
#include "schedule-test-util.h"

typedef struct
{
  const char *name;
  const char *json;      /* single quotes stand for double quotes */
  const char *from;
  const char *to;
  const char *expected;  /* "START END" lines, like `hookscope expand` */
} ExpandCase;


#define MTL "'timezone': 'America/Montreal', "
#define PAR "'timezone': 'Europe/Paris', "
#define LHI "'timezone': 'Australia/Lord_Howe', "

static const ExpandCase expand_cases[] = {
  /* --- DST in America/Montreal ------------------------------------------------------------ */
  /* Spring forward on 8 Mar: the wall-clock time stays 18:47, the offset goes -05 → -04. */
  { "montreal-daily-spring",
    "{" MTL "'frequency': 'daily', 'count': 4, 'starts_at_date': '2026-03-06',"
    " 'starts_at_time': '18:47:00', 'ends_at_date': '2026-03-06', 'ends_at_time': '19:47:00'}",
    NULL, NULL,
    "2026-03-06T18:47:00-05:00 2026-03-06T19:47:00-05:00\n"
    "2026-03-07T18:47:00-05:00 2026-03-07T19:47:00-05:00\n"
    "2026-03-08T18:47:00-04:00 2026-03-08T19:47:00-04:00\n"
    "2026-03-09T18:47:00-04:00 2026-03-09T19:47:00-04:00\n" },
  /* Fall back on 1 Nov: -04 → -05, same wall-clock time. */
  { "montreal-daily-fall",
    "{" MTL "'frequency': 'daily', 'count': 4, 'starts_at_date': '2026-10-30',"
    " 'starts_at_time': '18:47:00', 'ends_at_date': '2026-10-30', 'ends_at_time': '19:47:00'}",
    NULL, NULL,
    "2026-10-30T18:47:00-04:00 2026-10-30T19:47:00-04:00\n"
    "2026-10-31T18:47:00-04:00 2026-10-31T19:47:00-04:00\n"
    "2026-11-01T18:47:00-05:00 2026-11-01T19:47:00-05:00\n"
    "2026-11-02T18:47:00-05:00 2026-11-02T19:47:00-05:00\n" },
  /* 02:30 does not exist on 8 Mar (02:00 → 03:00): that start moves to 03:00, the first valid
   * time after the gap; the end stays start + 1 h of wall clock, 03:30. */
  { "montreal-start-in-gap",
    "{" MTL "'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-03-07',"
    " 'starts_at_time': '02:30:00', 'ends_at_date': '2026-03-07', 'ends_at_time': '03:30:00'}",
    NULL, NULL,
    "2026-03-07T02:30:00-05:00 2026-03-07T03:30:00-05:00\n"
    "2026-03-08T03:00:00-04:00 2026-03-08T03:30:00-04:00\n"
    "2026-03-09T02:30:00-04:00 2026-03-09T03:30:00-04:00\n" },
  /* 02:00–02:30 on 8 Mar lies wholly in the gap: both ends become 03:00, the occurrence is
   * squeezed to nothing and dropped, and it still uses up one of the 3 counted. */
  { "montreal-squeezed",
    "{" MTL "'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-03-07',"
    " 'starts_at_time': '02:00:00', 'ends_at_date': '2026-03-07', 'ends_at_time': '02:30:00'}",
    NULL, NULL,
    "2026-03-07T02:00:00-05:00 2026-03-07T02:30:00-05:00\n"
    "2026-03-09T02:00:00-04:00 2026-03-09T02:30:00-04:00\n" },
  /* 01:30 happens twice on 1 Nov: the start takes the earlier (EDT, -04); 02:30 is single. */
  { "montreal-start-in-overlap",
    "{" MTL "'recurrence': 'none', 'starts_at_date': '2026-11-01', 'starts_at_time': '01:30:00',"
    " 'ends_at_date': '2026-11-01', 'ends_at_time': '02:30:00'}",
    NULL, NULL,
    "2026-11-01T01:30:00-04:00 2026-11-01T02:30:00-05:00\n" },
  /* An ambiguous end (01:30 on 1 Nov) takes the later offset (EST, -05). */
  { "montreal-end-in-overlap",
    "{" MTL "'recurrence': 'none', 'starts_at_date': '2026-11-01', 'starts_at_time': '00:30:00',"
    " 'ends_at_date': '2026-11-01', 'ends_at_time': '01:30:00'}",
    NULL, NULL,
    "2026-11-01T00:30:00-04:00 2026-11-01T01:30:00-05:00\n" },
  /* 25 wall-clock hours across the spring change last 24 real hours; the end keeps 13:00. */
  { "montreal-25-hours",
    "{" MTL "'recurrence': 'none', 'starts_at_date': '2026-03-07', 'starts_at_time': '12:00:00',"
    " 'ends_at_date': '2026-03-08', 'ends_at_time': '13:00:00'}",
    NULL, NULL,
    "2026-03-07T12:00:00-05:00 2026-03-08T13:00:00-04:00\n" },
  /* Weekly across both 2026 changes: 1 Mar, 8 Mar (after the 02:00 change), 15 Mar. */
  { "montreal-weekly-sunday-spring",
    "{" MTL "'frequency': 'weekly', 'count': 3, 'starts_at_date': '2026-03-01',"
    " 'starts_at_time': '09:00:00', 'ends_at_date': '2026-03-01', 'ends_at_time': '10:00:00'}",
    NULL, NULL,
    "2026-03-01T09:00:00-05:00 2026-03-01T10:00:00-05:00\n"
    "2026-03-08T09:00:00-04:00 2026-03-08T10:00:00-04:00\n"
    "2026-03-15T09:00:00-04:00 2026-03-15T10:00:00-04:00\n" },

  /* --- DST in Europe/Paris ------------------------------------------------------------------ */
  /* Sundays 22 Mar (+01), 29 Mar (change day, +02 at 10:00), 5 Apr (+02). */
  { "paris-weekly-spring",
    "{" PAR "'frequency': 'weekly', 'count': 3, 'starts_at_date': '2026-03-22',"
    " 'ends_at_date': '2026-03-22'}",
    NULL, NULL,
    "2026-03-22T10:00:00+01:00 2026-03-22T11:00:00+01:00\n"
    "2026-03-29T10:00:00+02:00 2026-03-29T11:00:00+02:00\n"
    "2026-04-05T10:00:00+02:00 2026-04-05T11:00:00+02:00\n" },
  /* Sundays 18 Oct (+02), 25 Oct (change day, +01 at 10:00), 1 Nov (+01). */
  { "paris-weekly-fall",
    "{" PAR "'frequency': 'weekly', 'count': 3, 'starts_at_date': '2026-10-18',"
    " 'ends_at_date': '2026-10-18'}",
    NULL, NULL,
    "2026-10-18T10:00:00+02:00 2026-10-18T11:00:00+02:00\n"
    "2026-10-25T10:00:00+01:00 2026-10-25T11:00:00+01:00\n"
    "2026-11-01T10:00:00+01:00 2026-11-01T11:00:00+01:00\n" },
  /* 02:15 on 29 Mar does not exist (02:00 → 03:00): start 03:00, end 03:15, both +02. */
  { "paris-start-in-gap",
    "{" PAR "'recurrence': 'none', 'starts_at_date': '2026-03-29', 'starts_at_time': '02:15:00',"
    " 'ends_at_date': '2026-03-29', 'ends_at_time': '03:15:00'}",
    NULL, NULL,
    "2026-03-29T03:00:00+02:00 2026-03-29T03:15:00+02:00\n" },
  /* 02:30 on 25 Oct happens twice (03:00 → 02:00): the start is the first, +02; 03:30 is
   * single, +01: two real hours. */
  { "paris-start-in-overlap",
    "{" PAR "'recurrence': 'none', 'starts_at_date': '2026-10-25', 'starts_at_time': '02:30:00',"
    " 'ends_at_date': '2026-10-25', 'ends_at_time': '03:30:00'}",
    NULL, NULL,
    "2026-10-25T02:30:00+02:00 2026-10-25T03:30:00+01:00\n" },
  /* End 02:30 on 25 Oct is ambiguous: the later offset, +01. */
  { "paris-end-in-overlap",
    "{" PAR "'recurrence': 'none', 'starts_at_date': '2026-10-25', 'starts_at_time': '01:30:00',"
    " 'ends_at_date': '2026-10-25', 'ends_at_time': '02:30:00'}",
    NULL, NULL,
    "2026-10-25T01:30:00+02:00 2026-10-25T02:30:00+01:00\n" },
  /* A daily 02:30 Paris event meets the gap once: 28 Mar normal, 29 Mar moved to 03:00. */
  { "paris-daily-through-gap",
    "{" PAR "'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-03-28',"
    " 'starts_at_time': '02:30:00', 'ends_at_date': '2026-03-28', 'ends_at_time': '04:00:00'}",
    NULL, NULL,
    "2026-03-28T02:30:00+01:00 2026-03-28T04:00:00+01:00\n"
    "2026-03-29T03:00:00+02:00 2026-03-29T04:00:00+02:00\n"
    "2026-03-30T02:30:00+02:00 2026-03-30T04:00:00+02:00\n" },

  /* --- Australia/Lord_Howe: 30-minute shifts ---------------------------------------------- */
  /* 4 Oct: 02:00 → 02:30, so 02:10 moves to 02:30 (+11); the end 03:10 is normal (+11). */
  { "lord-howe-start-in-gap",
    "{" LHI "'recurrence': 'none', 'starts_at_date': '2026-10-04', 'starts_at_time': '02:10:00',"
    " 'ends_at_date': '2026-10-04', 'ends_at_time': '03:10:00'}",
    NULL, NULL,
    "2026-10-04T02:30:00+11:00 2026-10-04T03:10:00+11:00\n" },
  /* 5 Apr: 02:00 → 01:30, so 01:45 happens twice: the start takes +11 (the first); 02:45 is
   * single, +10:30. */
  { "lord-howe-start-in-overlap",
    "{" LHI "'recurrence': 'none', 'starts_at_date': '2026-04-05', 'starts_at_time': '01:45:00',"
    " 'ends_at_date': '2026-04-05', 'ends_at_time': '02:45:00'}",
    NULL, NULL,
    "2026-04-05T01:45:00+11:00 2026-04-05T02:45:00+10:30\n" },
  /* Daily 09:00 across the October change: +10:30, then +11. */
  { "lord-howe-daily",
    "{" LHI "'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-10-03',"
    " 'starts_at_time': '09:00:00', 'ends_at_date': '2026-10-03', 'ends_at_time': '10:00:00'}",
    NULL, NULL,
    "2026-10-03T09:00:00+10:30 2026-10-03T10:00:00+10:30\n"
    "2026-10-04T09:00:00+11:00 2026-10-04T10:00:00+11:00\n"
    "2026-10-05T09:00:00+11:00 2026-10-05T10:00:00+11:00\n" },

  /* --- Daily ------------------------------------------------------------------------------ */
  { "daily-count",
    "{'frequency': 'daily', 'count': 3, 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
    "2026-01-02T10:00:00+00:00 2026-01-02T11:00:00+00:00\n"
    "2026-01-03T10:00:00+00:00 2026-01-03T11:00:00+00:00\n" },
  /* Every 3 days: 1, 4, 7, 10 Jan. */
  { "daily-interval-3",
    "{'frequency': 'daily', 'interval': 3, 'count': 4, 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
    "2026-01-04T10:00:00+00:00 2026-01-04T11:00:00+00:00\n"
    "2026-01-07T10:00:00+00:00 2026-01-07T11:00:00+00:00\n"
    "2026-01-10T10:00:00+00:00 2026-01-10T11:00:00+00:00\n" },
  /* Daily limited to Monday and Wednesday, from Thursday 1 Jan: Mon 5, Wed 7, Mon 12. */
  { "daily-with-days",
    "{'frequency': 'daily', 'count': 3, 'days': ['monday', 'wednesday'],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-05T10:00:00+00:00 2026-01-05T11:00:00+00:00\n"
    "2026-01-07T10:00:00+00:00 2026-01-07T11:00:00+00:00\n"
    "2026-01-12T10:00:00+00:00 2026-01-12T11:00:00+00:00\n" },
  /* Every 2 days and a Monday: Mondays 14 days apart, 5 and 19 Jan, 2 Feb (12 Jan is an odd
   * number of days from the start). */
  { "daily-interval-2-monday",
    "{'frequency': 'daily', 'interval': 2, 'count': 3, 'days': ['monday'],"
    " 'starts_at_date': '2026-01-05'}",
    NULL, NULL,
    "2026-01-05T10:00:00+00:00 2026-01-05T11:00:00+00:00\n"
    "2026-01-19T10:00:00+00:00 2026-01-19T11:00:00+00:00\n"
    "2026-02-02T10:00:00+00:00 2026-02-02T11:00:00+00:00\n" },
  /* An nth weekday is of the month whatever the frequency: first Mondays 5 Jan, 2 Feb,
   * 2 Mar 2026. */
  { "daily-nth-weekday",
    "{'frequency': 'daily', 'count': 3, 'days': [{'week': 1, 'day': 'monday'}],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-05T10:00:00+00:00 2026-01-05T11:00:00+00:00\n"
    "2026-02-02T10:00:00+00:00 2026-02-02T11:00:00+00:00\n"
    "2026-03-02T10:00:00+00:00 2026-03-02T11:00:00+00:00\n" },

  /* --- Weekly ----------------------------------------------------------------------------- */
  /* Monday, Wednesday and Friday from Monday 30 Nov. */
  { "weekly-several-days",
    "{'frequency': 'weekly', 'count': 5, 'days': ['monday', 'wednesday', 'friday'],"
    " 'starts_at_date': '2026-11-30'}",
    NULL, NULL,
    "2026-11-30T10:00:00+00:00 2026-11-30T11:00:00+00:00\n"
    "2026-12-02T10:00:00+00:00 2026-12-02T11:00:00+00:00\n"
    "2026-12-04T10:00:00+00:00 2026-12-04T11:00:00+00:00\n"
    "2026-12-07T10:00:00+00:00 2026-12-07T11:00:00+00:00\n"
    "2026-12-09T10:00:00+00:00 2026-12-09T11:00:00+00:00\n" },
  /* Every 2 weeks: the week of 30 Nov, then the week of 14 Dec. */
  { "weekly-interval-2",
    "{'frequency': 'weekly', 'interval': 2, 'count': 4, 'days': ['monday', 'wednesday'],"
    " 'starts_at_date': '2026-11-30'}",
    NULL, NULL,
    "2026-11-30T10:00:00+00:00 2026-11-30T11:00:00+00:00\n"
    "2026-12-02T10:00:00+00:00 2026-12-02T11:00:00+00:00\n"
    "2026-12-14T10:00:00+00:00 2026-12-14T11:00:00+00:00\n"
    "2026-12-16T10:00:00+00:00 2026-12-16T11:00:00+00:00\n" },
  /* The start (Monday 30 Nov) does not match "tuesday": the first occurrence is 1 Dec. */
  { "weekly-start-not-matching",
    "{'frequency': 'weekly', 'count': 2, 'days': ['tuesday'], 'starts_at_date': '2026-11-30'}",
    NULL, NULL,
    "2026-12-01T10:00:00+00:00 2026-12-01T11:00:00+00:00\n"
    "2026-12-08T10:00:00+00:00 2026-12-08T11:00:00+00:00\n" },
  /* Weeks start on Monday: Sunday 29 Nov is in the week of 23 Nov (week 0), so Monday 30 Nov is
   * in week 1 and skipped by interval 2; then 7 and 21 Dec. (A Sunday week start would give
   * 30 Nov.) */
  { "weekly-week-starts-monday",
    "{'frequency': 'weekly', 'interval': 2, 'count': 2, 'days': ['monday'],"
    " 'starts_at_date': '2026-11-29'}",
    NULL, NULL,
    "2026-12-07T10:00:00+00:00 2026-12-07T11:00:00+00:00\n"
    "2026-12-21T10:00:00+00:00 2026-12-21T11:00:00+00:00\n" },
  /* Every 2 weeks on Sunday from Thursday 5 Aug 2027: Sunday 8 Aug ends the start's
   * (Monday-based) week, so it is the first; then 22 Aug, 5 Sep (python-dateutil with
   * wkst=MO agrees; libical 3.0 alone starts at 15 Aug). */
  { "weekly-interval-2-sunday",
    "{'frequency': 'weekly', 'interval': 2, 'count': 3, 'days': ['sunday'],"
    " 'starts_at_date': '2027-08-05'}",
    NULL, NULL,
    "2027-08-08T10:00:00+00:00 2027-08-08T11:00:00+00:00\n"
    "2027-08-22T10:00:00+00:00 2027-08-22T11:00:00+00:00\n"
    "2027-09-05T10:00:00+00:00 2027-09-05T11:00:00+00:00\n" },
  /* No days: the start's weekday (Wednesday 2 Dec). */
  { "weekly-no-days",
    "{'frequency': 'weekly', 'count': 3, 'starts_at_date': '2026-12-02'}",
    NULL, NULL,
    "2026-12-02T10:00:00+00:00 2026-12-02T11:00:00+00:00\n"
    "2026-12-09T10:00:00+00:00 2026-12-09T11:00:00+00:00\n"
    "2026-12-16T10:00:00+00:00 2026-12-16T11:00:00+00:00\n" },
  /* Weekly on the last Friday (of the month): 30 Jan, 27 Feb, 27 Mar 2026. */
  { "weekly-last-friday",
    "{'frequency': 'weekly', 'count': 3, 'days': [{'week': -1, 'day': 'friday'}],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-30T10:00:00+00:00 2026-01-30T11:00:00+00:00\n"
    "2026-02-27T10:00:00+00:00 2026-02-27T11:00:00+00:00\n"
    "2026-03-27T10:00:00+00:00 2026-03-27T11:00:00+00:00\n" },

  /* --- Monthly ---------------------------------------------------------------------------- */
  { "monthly-start-day",
    "{'frequency': 'monthly', 'count': 3, 'starts_at_date': '2026-01-15'}",
    NULL, NULL,
    "2026-01-15T10:00:00+00:00 2026-01-15T11:00:00+00:00\n"
    "2026-02-15T10:00:00+00:00 2026-02-15T11:00:00+00:00\n"
    "2026-03-15T10:00:00+00:00 2026-03-15T11:00:00+00:00\n" },
  /* The 31st skips February, April and June. */
  { "monthly-31st",
    "{'frequency': 'monthly', 'count': 4, 'starts_at_date': '2026-01-31'}",
    NULL, NULL,
    "2026-01-31T10:00:00+00:00 2026-01-31T11:00:00+00:00\n"
    "2026-03-31T10:00:00+00:00 2026-03-31T11:00:00+00:00\n"
    "2026-05-31T10:00:00+00:00 2026-05-31T11:00:00+00:00\n"
    "2026-07-31T10:00:00+00:00 2026-07-31T11:00:00+00:00\n" },
  /* Day -1 is the last day of each month (28 Feb 2026: not a leap year). */
  { "monthly-last-day",
    "{'frequency': 'monthly', 'count': 4, 'monthly_opts': {'days_of_month': [-1]},"
    " 'starts_at_date': '2026-01-15'}",
    NULL, NULL,
    "2026-01-31T10:00:00+00:00 2026-01-31T11:00:00+00:00\n"
    "2026-02-28T10:00:00+00:00 2026-02-28T11:00:00+00:00\n"
    "2026-03-31T10:00:00+00:00 2026-03-31T11:00:00+00:00\n"
    "2026-04-30T10:00:00+00:00 2026-04-30T11:00:00+00:00\n" },
  /* Days 1 and 15 from 10 Jan: 15 Jan, 1 Feb, 15 Feb. */
  { "monthly-days-of-month",
    "{'frequency': 'monthly', 'count': 3, 'monthly_opts': {'days_of_month': [1, 15]},"
    " 'starts_at_date': '2026-01-10'}",
    NULL, NULL,
    "2026-01-15T10:00:00+00:00 2026-01-15T11:00:00+00:00\n"
    "2026-02-01T10:00:00+00:00 2026-02-01T11:00:00+00:00\n"
    "2026-02-15T10:00:00+00:00 2026-02-15T11:00:00+00:00\n" },
  /* Second Monday as {"week", "day"}: 13 Jul, 10 Aug, 14 Sep 2026. */
  { "monthly-second-monday-object",
    "{'frequency': 'monthly', 'count': 3, 'days': [{'week': 2, 'day': 'monday'}],"
    " 'starts_at_date': '2026-07-13'}",
    NULL, NULL,
    "2026-07-13T10:00:00+00:00 2026-07-13T11:00:00+00:00\n"
    "2026-08-10T10:00:00+00:00 2026-08-10T11:00:00+00:00\n"
    "2026-09-14T10:00:00+00:00 2026-09-14T11:00:00+00:00\n" },
  /* Last Friday as [n, day]: 30 Jan, 27 Feb, 27 Mar 2026. */
  { "monthly-last-friday-pair",
    "{'frequency': 'monthly', 'count': 3, 'days': [[-1, 'friday']],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-30T10:00:00+00:00 2026-01-30T11:00:00+00:00\n"
    "2026-02-27T10:00:00+00:00 2026-02-27T11:00:00+00:00\n"
    "2026-03-27T10:00:00+00:00 2026-03-27T11:00:00+00:00\n" },
  /* First Monday as "1MO": 5 Jan, 2 Feb, 2 Mar 2026. */
  { "monthly-first-monday-string",
    "{'frequency': 'monthly', 'count': 3, 'days': ['1MO'], 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-05T10:00:00+00:00 2026-01-05T11:00:00+00:00\n"
    "2026-02-02T10:00:00+00:00 2026-02-02T11:00:00+00:00\n"
    "2026-03-02T10:00:00+00:00 2026-03-02T11:00:00+00:00\n" },
  /* monthly_opts as an nth weekday: third Wednesday, 21 Jan and 18 Feb 2026. */
  { "monthly-opts-third-wednesday",
    "{'frequency': 'monthly', 'count': 2, 'monthly_opts': {'week': 3, 'day': 'wednesday'},"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-21T10:00:00+00:00 2026-01-21T11:00:00+00:00\n"
    "2026-02-18T10:00:00+00:00 2026-02-18T11:00:00+00:00\n" },
  /* Every 2 months on the 10th. */
  { "monthly-interval-2",
    "{'frequency': 'monthly', 'interval': 2, 'count': 3, 'starts_at_date': '2026-01-10'}",
    NULL, NULL,
    "2026-01-10T10:00:00+00:00 2026-01-10T11:00:00+00:00\n"
    "2026-03-10T10:00:00+00:00 2026-03-10T11:00:00+00:00\n"
    "2026-05-10T10:00:00+00:00 2026-05-10T11:00:00+00:00\n" },
  /* Fifth Monday: only months with five Mondays (Mar, Jun, Aug 2026). */
  { "monthly-fifth-monday",
    "{'frequency': 'monthly', 'count': 3, 'days': [{'week': 5, 'day': 'monday'}],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-03-30T10:00:00+00:00 2026-03-30T11:00:00+00:00\n"
    "2026-06-29T10:00:00+00:00 2026-06-29T11:00:00+00:00\n"
    "2026-08-31T10:00:00+00:00 2026-08-31T11:00:00+00:00\n" },
  /* A plain weekday in a monthly rule is every such weekday of the month. */
  { "monthly-every-monday",
    "{'frequency': 'monthly', 'count': 3, 'days': ['monday'], 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-05T10:00:00+00:00 2026-01-05T11:00:00+00:00\n"
    "2026-01-12T10:00:00+00:00 2026-01-12T11:00:00+00:00\n"
    "2026-01-19T10:00:00+00:00 2026-01-19T11:00:00+00:00\n" },
  /* Friday and day 13 together: Friday the 13th (Feb, Mar, Nov 2026; Aug 2027 - checked with
   * Python's datetime). */
  { "monthly-friday-13th",
    "{'frequency': 'monthly', 'count': 4, 'days': ['friday'],"
    " 'monthly_opts': {'days_of_month': [13]}, 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-02-13T10:00:00+00:00 2026-02-13T11:00:00+00:00\n"
    "2026-03-13T10:00:00+00:00 2026-03-13T11:00:00+00:00\n"
    "2026-11-13T10:00:00+00:00 2026-11-13T11:00:00+00:00\n"
    "2027-08-13T10:00:00+00:00 2027-08-13T11:00:00+00:00\n" },
  /* Every 12 months on the 31st from April: April never has a 31st: nothing, and fast. */
  { "monthly-never-matches",
    "{'frequency': 'monthly', 'interval': 12, 'monthly_opts': {'days_of_month': [31]},"
    " 'starts_at_date': '2026-04-30'}",
    NULL, NULL, "" },
  /* The same rule in February on the 30th, with a count: still nothing. */
  { "monthly-never-matches-count",
    "{'frequency': 'monthly', 'interval': 12, 'count': 5,"
    " 'monthly_opts': {'days_of_month': [30]}, 'starts_at_date': '2026-02-01'}",
    NULL, NULL, "" },

  /* --- Yearly ----------------------------------------------------------------------------- */
  /* 29 February only in leap years. */
  { "yearly-29-february",
    "{'frequency': 'yearly', 'count': 3, 'starts_at_date': '2024-02-29',"
    " 'ends_at_date': '2024-02-29'}",
    NULL, NULL,
    "2024-02-29T10:00:00+00:00 2024-02-29T11:00:00+00:00\n"
    "2028-02-29T10:00:00+00:00 2028-02-29T11:00:00+00:00\n"
    "2032-02-29T10:00:00+00:00 2032-02-29T11:00:00+00:00\n" },
  { "yearly-interval-2",
    "{'frequency': 'yearly', 'interval': 2, 'count': 3, 'starts_at_date': '2026-06-01'}",
    NULL, NULL,
    "2026-06-01T10:00:00+00:00 2026-06-01T11:00:00+00:00\n"
    "2028-06-01T10:00:00+00:00 2028-06-01T11:00:00+00:00\n"
    "2030-06-01T10:00:00+00:00 2030-06-01T11:00:00+00:00\n" },
  /* Yearly with a plain weekday: every Monday of the start's month (April; 1 Apr 2026 is a
   * Wednesday, 1 Apr 2027 a Thursday): 6, 13, 20, 27 Apr 2026, then 5, 12 Apr 2027. */
  { "yearly-mondays-of-april",
    "{'frequency': 'yearly', 'count': 6, 'days': ['monday'], 'starts_at_date': '2026-04-01'}",
    NULL, NULL,
    "2026-04-06T10:00:00+00:00 2026-04-06T11:00:00+00:00\n"
    "2026-04-13T10:00:00+00:00 2026-04-13T11:00:00+00:00\n"
    "2026-04-20T10:00:00+00:00 2026-04-20T11:00:00+00:00\n"
    "2026-04-27T10:00:00+00:00 2026-04-27T11:00:00+00:00\n"
    "2027-04-05T10:00:00+00:00 2027-04-05T11:00:00+00:00\n"
    "2027-04-12T10:00:00+00:00 2027-04-12T11:00:00+00:00\n" },
  /* Yearly on the last Monday (of the start's month, May): 25 May 2026, 31 May 2027. */
  { "yearly-last-monday-of-may",
    "{'frequency': 'yearly', 'count': 2, 'days': [{'week': -1, 'day': 'monday'}],"
    " 'starts_at_date': '2026-05-01'}",
    NULL, NULL,
    "2026-05-25T10:00:00+00:00 2026-05-25T11:00:00+00:00\n"
    "2027-05-31T10:00:00+00:00 2027-05-31T11:00:00+00:00\n" },

  /* --- Count, exclusions, until, windows ---------------------------------------------------- */
  /* Excluded dates do not use up count: 1, 3 and 4 Jan. */
  { "count-with-excluded-date",
    "{'frequency': 'daily', 'count': 3, 'excluded_dates': ['2026-01-02'],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
    "2026-01-03T10:00:00+00:00 2026-01-03T11:00:00+00:00\n"
    "2026-01-04T10:00:00+00:00 2026-01-04T11:00:00+00:00\n" },
  /* A date-time removes that exact start only. */
  { "count-with-excluded-start",
    "{'frequency': 'daily', 'count': 3, 'excluded_dates': ['2026-01-02T10:00:00'],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
    "2026-01-03T10:00:00+00:00 2026-01-03T11:00:00+00:00\n"
    "2026-01-04T10:00:00+00:00 2026-01-04T11:00:00+00:00\n" },
  /* 10:30 is not a start: nothing is removed. */
  { "excluded-start-not-matching",
    "{'frequency': 'daily', 'count': 3, 'excluded_dates': ['2026-01-02T10:30:00'],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
    "2026-01-02T10:00:00+00:00 2026-01-02T11:00:00+00:00\n"
    "2026-01-03T10:00:00+00:00 2026-01-03T11:00:00+00:00\n" },
  /* 23:47Z on 1 Dec is 18:47 EST in Montreal: that start is removed. */
  { "excluded-utc-converted",
    "{" MTL "'frequency': 'daily', 'count': 3, 'excluded_dates': ['2026-12-01T23:47:00Z'],"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '18:47:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '19:47:00'}",
    NULL, NULL,
    "2026-11-30T18:47:00-05:00 2026-11-30T19:47:00-05:00\n"
    "2026-12-02T18:47:00-05:00 2026-12-02T19:47:00-05:00\n"
    "2026-12-03T18:47:00-05:00 2026-12-03T19:47:00-05:00\n" },
  /* 00:47+01:00 on 2 Dec is 23:47Z on 1 Dec, 18:47 in Montreal on 1 Dec. */
  { "excluded-offset-converted",
    "{" MTL "'frequency': 'daily', 'count': 2, 'excluded_dates': ['2026-12-02T00:47:00+01:00'],"
    " 'starts_at_date': '2026-11-30', 'starts_at_time': '18:47:00',"
    " 'ends_at_date': '2026-11-30', 'ends_at_time': '19:47:00'}",
    NULL, NULL,
    "2026-11-30T18:47:00-05:00 2026-11-30T19:47:00-05:00\n"
    "2026-12-02T18:47:00-05:00 2026-12-02T19:47:00-05:00\n" },
  /* Every date excluded: nothing, and it ends. */
  { "all-excluded",
    "{'frequency': 'daily', 'until': '2026-01-03',"
    " 'excluded_dates': ['2026-01-01', '2026-01-02', '2026-01-03'],"
    " 'starts_at_date': '2026-01-01'}",
    NULL, NULL, "" },
  /* until on an occurrence day includes it (Monday 14 Dec). */
  { "until-on-occurrence-day",
    "{'frequency': 'weekly', 'until': '2026-12-14', 'starts_at_date': '2026-11-30'}",
    NULL, NULL,
    "2026-11-30T10:00:00+00:00 2026-11-30T11:00:00+00:00\n"
    "2026-12-07T10:00:00+00:00 2026-12-07T11:00:00+00:00\n"
    "2026-12-14T10:00:00+00:00 2026-12-14T11:00:00+00:00\n" },
  /* until 14 Dec 00:00Z is 13 Dec 19:00 in Montreal: the local date 13 Dec excludes 14 Dec. */
  { "until-date-time-converted",
    "{" MTL "'frequency': 'weekly', 'until': '2026-12-14T00:00:00Z',"
    " 'starts_at_date': '2026-11-30'}",
    NULL, NULL,
    "2026-11-30T10:00:00-05:00 2026-11-30T11:00:00-05:00\n"
    "2026-12-07T10:00:00-05:00 2026-12-07T11:00:00-05:00\n" },
  /* count and until: whichever ends first (count 2). */
  { "count-and-until",
    "{'frequency': 'daily', 'count': 2, 'until': '2026-12-31', 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
    "2026-01-02T10:00:00+00:00 2026-01-02T11:00:00+00:00\n" },
  /* Unbounded: the window [10 Feb, 13 Feb) holds 10, 11 and 12 Feb. */
  { "unbounded-window",
    "{'frequency': 'daily', 'starts_at_date': '2026-01-01'}",
    "2026-02-10", "2026-02-13",
    "2026-02-10T10:00:00+00:00 2026-02-10T11:00:00+00:00\n"
    "2026-02-11T10:00:00+00:00 2026-02-11T11:00:00+00:00\n"
    "2026-02-12T10:00:00+00:00 2026-02-12T11:00:00+00:00\n" },
  /* Occurrences before the window use up count: of 1..5 Jan, only 4 and 5 are from 4 Jan. */
  { "window-after-count-start",
    "{'frequency': 'daily', 'count': 5, 'starts_at_date': '2026-01-01'}",
    "2026-01-04", NULL,
    "2026-01-04T10:00:00+00:00 2026-01-04T11:00:00+00:00\n"
    "2026-01-05T10:00:00+00:00 2026-01-05T11:00:00+00:00\n" },
  /* The window compares local dates: 23:30 in Montreal on 1 Dec is 2 Dec in UTC, but it is in
   * the window [1 Dec, 2 Dec). */
  { "window-local-date",
    "{" MTL "'frequency': 'daily', 'starts_at_date': '2026-11-30', 'starts_at_time': '23:30:00',"
    " 'ends_at_date': '2026-12-01', 'ends_at_time': '00:30:00'}",
    "2026-12-01", "2026-12-02",
    "2026-12-01T23:30:00-05:00 2026-12-02T00:30:00-05:00\n" },

  /* --- All-day and multi-day ------------------------------------------------------------------ */
  /* Two days: printed as first and last date. */
  { "all-day-two-days",
    "{" MTL "'all_day?': true, 'recurrence': 'none', 'starts_at_date': '2026-11-30',"
    " 'ends_at_date': '2026-12-01', 'starts_at_time': null, 'ends_at_time': null}",
    NULL, NULL,
    "2026-11-30 2026-12-01\n" },
  /* The sample: three days each July, yearly, count 3, 2027 excluded. */
  { "all-day-yearly-excluded",
    "{" PAR "'all_day?': true, 'frequency': 'yearly', 'count': 3, 'starts_at_date': '2026-07-17',"
    " 'ends_at_date': '2026-07-19', 'excluded_dates': ['2027-07-17']}",
    NULL, NULL,
    "2026-07-17 2026-07-19\n"
    "2028-07-17 2028-07-19\n"
    "2029-07-17 2029-07-19\n" },
  /* Times are ignored for all-day events. */
  { "all-day-ignores-times",
    "{'all_day?': true, 'frequency': 'weekly', 'count': 2, 'starts_at_date': '2026-03-07',"
    " 'ends_at_date': '2026-03-07', 'starts_at_time': '23:00:00', 'ends_at_time': '01:00:00'}",
    NULL, NULL,
    "2026-03-07 2026-03-07\n"
    "2026-03-14 2026-03-14\n" },
  /* A timed event over two days, weekly. */
  { "multi-day-timed",
    "{'frequency': 'weekly', 'count': 2, 'starts_at_date': '2026-11-27',"
    " 'starts_at_time': '22:00:00', 'ends_at_date': '2026-11-28', 'ends_at_time': '02:00:00'}",
    NULL, NULL,
    "2026-11-27T22:00:00+00:00 2026-11-28T02:00:00+00:00\n"
    "2026-12-04T22:00:00+00:00 2026-12-05T02:00:00+00:00\n" },

  /* --- recurrence "none" ---------------------------------------------------------------------- */
  /* The seed payload's schedule: repeating fields present (count 730, daily), but "none". */
  { "seed-recurrence-none",
    "{'all_day?': false, 'count': 730, 'days': [], 'ends_at_date': '2026-11-30',"
    " 'ends_at_time': '19:47:00', 'excluded_dates': [], 'frequency': 'daily', 'id': null,"
    " 'interval': 1, 'monthly_opts': null, 'recurrence': 'none', 'starts_at_date': '2026-11-30',"
    " 'starts_at_time': '18:47:00', 'timezone': 'America/Montreal', 'until': null}",
    NULL, NULL,
    "2026-11-30T18:47:00-05:00 2026-11-30T19:47:00-05:00\n" },
  /* recurrence null: single as well, even with an interval that would be invalid. */
  { "recurrence-null",
    "{'recurrence': null, 'interval': 0, 'frequency': 'weekly', 'starts_at_date': '2026-01-01'}",
    NULL, NULL,
    "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n" },
  /* A single occurrence outside the window is not listed. */
  { "single-outside-window",
    "{'recurrence': 'none', 'starts_at_date': '2026-01-01'}",
    "2026-01-02", NULL, "" },
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

      if (hs_occurrence_get_all_day (occ))
        {
          GDate first, last;

          hs_occurrence_get_first_date (occ, &first);
          hs_occurrence_get_last_date (occ, &last);
          g_string_append_printf (text, "%04d-%02d-%02d %04d-%02d-%02d\n",
                                  g_date_get_year (&first), g_date_get_month (&first),
                                  g_date_get_day (&first), g_date_get_year (&last),
                                  g_date_get_month (&last), g_date_get_day (&last));
        }
      else
        {
          g_autofree char *start = g_date_time_format (hs_occurrence_get_start (occ),
                                                       "%Y-%m-%dT%H:%M:%S%:z");
          g_autofree char *end = g_date_time_format (hs_occurrence_get_end (occ),
                                                     "%Y-%m-%dT%H:%M:%S%:z");

          g_string_append_printf (text, "%s %s\n", start, end);
        }
    }

  return g_string_free (text, FALSE);
}

static gboolean
parse_test_date (const char *text,
                 GDate      *date)
{
  int y, m, d;

  if (text == NULL)
    return FALSE;
  g_assert_cmpint (sscanf (text, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static void
test_expand_case (gconstpointer data)
{
  const ExpandCase *c = data;
  g_autoptr(HsSchedule) schedule = schedule_from (c->json);
  g_autoptr(GPtrArray) occurrences = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean truncated = TRUE;
  GDate from, to;
  gboolean has_from = parse_test_date (c->from, &from);
  gboolean has_to = parse_test_date (c->to, &to);

  occurrences = hs_schedule_expand (schedule, has_from ? &from : NULL, has_to ? &to : NULL, 0,
                                    &truncated, &error);
  g_assert_no_error (error);
  g_assert_nonnull (occurrences);
  text = format_occurrences (occurrences);
  g_assert_cmpstr (text, ==, c->expected);
  g_assert_false (truncated);
}

/* Unbounded: the hard cap stops it and says so; a count that fits says it is complete. */
static void
test_limit_truncates (void)
{
  g_autoptr(HsSchedule) unbounded = schedule_from ("{'frequency': 'daily',"
                                                   " 'starts_at_date': '2026-01-01'}");
  g_autoptr(HsSchedule) bounded = schedule_from ("{'frequency': 'daily', 'count': 3,"
                                                 " 'starts_at_date': '2026-01-01'}");
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  gboolean truncated = FALSE;

  a = hs_schedule_expand (unbounded, NULL, NULL, 3, &truncated, NULL);
  g_assert_cmpuint (a->len, ==, 3);
  g_assert_true (truncated);

  b = hs_schedule_expand (bounded, NULL, NULL, 3, &truncated, NULL);
  g_assert_cmpuint (b->len, ==, 3);
  g_assert_false (truncated);

  /* The default cap is 1000. */
  c = hs_schedule_expand (unbounded, NULL, NULL, 0, &truncated, NULL);
  g_assert_cmpuint (c->len, ==, HS_SCHEDULE_DEFAULT_LIMIT);
  g_assert_true (truncated);

  g_assert_false (hs_schedule_is_bounded (unbounded));
  g_assert_true (hs_schedule_is_bounded (bounded));
}

/* Excluded occurrences can be listed for display, marked, and still do not use up count. */
static void
test_include_excluded (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{'frequency': 'daily', 'count': 3,"
                                                  " 'excluded_dates': ['2026-01-02'],"
                                                  " 'starts_at_date': '2026-01-01'}");
  g_autoptr(GPtrArray) all = hs_schedule_expand_full (schedule, NULL, NULL, 0,
                                                      HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED,
                                                      NULL, NULL);
  static const gboolean expected_excluded[] = { FALSE, TRUE, FALSE, FALSE };

  g_assert_cmpuint (all->len, ==, 4);
  for (guint i = 0; i < all->len; i++)
    {
      HsOccurrence *occ = g_ptr_array_index (all, i);

      g_assert_cmpint (hs_occurrence_get_excluded (occ), ==, expected_excluded[i]);
      g_assert_cmpint (g_date_time_get_day_of_month (hs_occurrence_get_start (occ)), ==, i + 1);
    }
}

/* All-day occurrences start at local midnight and end at the next midnight after the last day
 * (exclusive), across the Montreal spring change: -05:00 on 7 Mar, -04:00 from 8 Mar 03:00. */
static void
test_all_day_instants (void)
{
  g_autoptr(HsSchedule) schedule = schedule_from ("{" MTL "'all_day?': true,"
                                                  " 'recurrence': 'none',"
                                                  " 'starts_at_date': '2026-03-07',"
                                                  " 'ends_at_date': '2026-03-08'}");
  g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 0, NULL, NULL);
  HsOccurrence *occ;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_assert_cmpuint (occurrences->len, ==, 1);
  occ = g_ptr_array_index (occurrences, 0);
  start = g_date_time_format_iso8601 (hs_occurrence_get_start (occ));
  end = g_date_time_format_iso8601 (hs_occurrence_get_end (occ));
  g_assert_cmpstr (start, ==, "2026-03-07T00:00:00-05");
  g_assert_cmpstr (end, ==, "2026-03-09T00:00:00-04");
  g_assert_true (hs_schedule_get_all_day (schedule));
}

/* A rule that rarely matches, unbounded and without a window: it still ends. A fifth Sunday of
 * February comes only in leap years starting on a Sunday (2032-02-29, checked with Python's
 * datetime). A monthly rule every 12 months finds it; a yearly rule with days is one of
 * ExCycle's corners: moving to the next year it keeps the day of the month of a fifth
 * Sunday (29th to 31st), so it never lands early enough in February, and Omerlo shows no
 * occurrence; Hookscope follows and warns. (This test expected 2032 from the yearly rule
 * before the corners were stated in DESIGN.md.) */
static void
test_never_matches_terminates (void)
{
  g_autoptr(HsSchedule) monthly = schedule_from ("{'frequency': 'monthly', 'interval': 12,"
                                                 " 'starts_at_date': '2026-02-01',"
                                                 " 'days': [{'week': 5, 'day': 'sunday'}]}");
  g_autoptr(HsSchedule) yearly = schedule_from ("{'frequency': 'yearly',"
                                                " 'starts_at_date': '2026-02-28',"
                                                " 'days': [{'week': 5, 'day': 'sunday'}]}");
  g_autoptr(GPtrArray) occurrences = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const char * const *warnings;
  gboolean truncated = TRUE;

  occurrences = hs_schedule_expand (monthly, NULL, NULL, 2, &truncated, NULL);
  g_assert_cmpuint (occurrences->len, ==, 2);
  g_assert_cmpint (g_date_time_get_year (hs_occurrence_get_start (g_ptr_array_index (occurrences,
                                                                                     0))), ==,
                   2032);
  g_assert_true (truncated);

  none = hs_schedule_expand (yearly, NULL, NULL, 2, &truncated, NULL);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (truncated);
  /* Within the first 10 years that the check looks at. */
  warnings = hs_schedule_get_omerlo_warnings (yearly);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "2032-02-29"));
}

/* A window far from the start (where libical is told to skip ahead) gives exactly the
 * occurrences of a full expansion from the start, cut to the same window. */
static void
test_window_skip_matches_full (void)
{
  static const char *rules[] = {
    "{'frequency': 'daily', 'interval': 3, 'starts_at_date': '2026-01-01'}",
    "{'frequency': 'weekly', 'interval': 2, 'days': ['sunday'], 'starts_at_date': '2027-08-05'}",
    "{'frequency': 'weekly', 'days': [{'week': -1, 'day': 'friday'}],"
    " 'starts_at_date': '2026-01-01'}",
    "{'frequency': 'monthly', 'interval': 2, 'starts_at_date': '2026-01-31'}",
    "{'frequency': 'monthly', 'interval': 5, 'days': ['2MO'], 'starts_at_date': '2026-01-01'}",
    "{'frequency': 'yearly', 'interval': 3, 'starts_at_date': '2024-02-29'}",
    "{" MTL "'frequency': 'daily', 'starts_at_date': '2026-01-01', 'starts_at_time': '02:30:00',"
    " 'ends_at_time': '03:30:00'}",
  };
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 15, 3, 2031);
  g_date_set_dmy (&to, 1, 1, 2061);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(HsSchedule) schedule = schedule_from (rules[i]);
      g_autoptr(GPtrArray) window = hs_schedule_expand (schedule, &from, &to, 100000, NULL, NULL);
      g_autoptr(GPtrArray) full = hs_schedule_expand (schedule, NULL, &to, 100000, NULL, NULL);
      g_autoptr(GPtrArray) cut = g_ptr_array_new ();
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      for (guint j = 0; j < full->len; j++)
        {
          GDate first;

          hs_occurrence_get_first_date (g_ptr_array_index (full, j), &first);
          if (g_date_compare (&first, &from) >= 0)
            g_ptr_array_add (cut, g_ptr_array_index (full, j));
        }

      a = format_occurrences (window);
      b = format_occurrences (cut);
      g_assert_cmpuint (window->len, >, 0);
      g_assert_cmpstr (a, ==, b);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expand_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/schedule/expand/%s", expand_cases[i].name);

      g_test_add_data_func (path, &expand_cases[i], test_expand_case);
    }

  g_test_add_func ("/schedule/limit", test_limit_truncates);
  g_test_add_func ("/schedule/window-skip", test_window_skip_matches_full);
  g_test_add_func ("/schedule/include-excluded", test_include_excluded);
  g_test_add_func ("/schedule/all-day-instants", test_all_day_instants);
  g_test_add_func ("/schedule/rare-match-terminates", test_never_matches_terminates);

  return g_test_run ();
}
