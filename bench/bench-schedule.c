/* bench-schedule.c: occurrences per second of hs_schedule_expand()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-schedule [SECONDS] [NAME…]: expands 10-year daily and Monday–Friday schedules
 * (18:47–19:47, so every DST change of the decade is crossed; America/Montreal and a DST-heavy
 * set) again and again for about SECONDS each, and prints one line per schedule:
 *   NAME OCCURRENCES_PER_PASS CHECKSUM OCCURRENCES_PER_SECOND INSTANTS_PER_SECOND
 * (hs_schedule_expand(), an HsOccurrence each; then hs_schedule_expand_instants(), plain values)
 * bench-schedule SECONDS month-1000: the calendar's month of 1,000 events, see bench_month().
 * CHECKSUM is the sum of the Unix start and end times of one pass, so bench/schedule.sh can
 * check that python-dateutil produced the same occurrences.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "hs-schedule.h"

static const struct {
  const char *name;
  const char *json;
} schedules[] = {
#define TIMED(zone) "\"timezone\": \"" zone "\", \"interval\": 1, \"starts_at_date\": \"2026-01-01\"," \
  " \"starts_at_time\": \"18:47:00\", \"ends_at_date\": \"2026-01-01\", \"ends_at_time\": \"19:47:00\"," \
  " \"until\": \"2035-12-31\""
#define DAILY "\"recurrence\": \"daily\", \"frequency\": \"daily\", "
#define WEEKDAYS "\"recurrence\": \"weekly\", \"frequency\": \"weekly\", \"days\": [\"monday\"," \
  " \"tuesday\", \"wednesday\", \"thursday\", \"friday\"], "
  { "daily-10y", "{" DAILY TIMED ("America/Montreal") "}" },
  { "weekdays-10y", "{" WEEKDAYS TIMED ("America/Montreal") "}" },
  /* DST-heavy: a 30-minute shift, a southern-hemisphere zone whose rules changed often, and a
   * +12:45/+13:45 zone. */
  { "lord-howe-daily-10y", "{" DAILY TIMED ("Australia/Lord_Howe") "}" },
  { "santiago-weekdays-10y", "{" WEEKDAYS TIMED ("America/Santiago") "}" },
  { "chatham-daily-10y", "{" DAILY TIMED ("Pacific/Chatham") "}" },
};

static HsSchedule *
schedule_from_text (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  HsSchedule *schedule;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    g_error ("%s", error->message);
  schedule = hs_schedule_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                        &error);
  if (schedule == NULL)
    g_error ("%s", error->message);
  return schedule;
}

/* The calendar's case: 1,000 unbounded events (daily, weekly, monthly; a few zones; started
 * over the past years), one month expanded for all of them. Prints the best time of a month
 * over a few rounds, in milliseconds (as HsOccurrence objects, then as plain values), and the
 * occurrences of one round. */
static void
bench_month (double min_seconds)
{
  static const char *zones[] = { "America/Montreal", "Europe/Paris", "Australia/Lord_Howe",
                                 "America/Santiago", "UTC" };
  static const char *kinds[] = {
    "\"frequency\": \"daily\"",
    "\"frequency\": \"weekly\", \"days\": [\"monday\", \"thursday\"]",
    "\"frequency\": \"weekly\", \"interval\": 2",
    "\"frequency\": \"monthly\"",
    "\"frequency\": \"monthly\", \"days\": [\"2TU\"]",
  };
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  double best = G_MAXDOUBLE;
  double best_instants = G_MAXDOUBLE;
  guint occurrences = 0;
  gint64 started = g_get_monotonic_time ();
  GDate from, to;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *json =
        g_strdup_printf ("{\"timezone\": \"%s\", \"recurrence\": \"custom\", %s,"
                         " \"starts_at_date\": \"%04u-%02u-%02u\", \"starts_at_time\": \"%02u:%02u:00\","
                         " \"ends_at_time\": \"23:59:00\"}",
                         zones[i % G_N_ELEMENTS (zones)], kinds[i / 5 % G_N_ELEMENTS (kinds)],
                         2018 + i % 9, 1 + i % 12, 1 + i % 28, 6 + i % 12, i % 60);

      g_ptr_array_add (events, schedule_from_text (json));
    }

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, 3, 2027);
  g_date_set_dmy (&to, 1, 4, 2027);

  do
    {
      gint64 round_start = g_get_monotonic_time ();
      guint count = 0;

      for (guint i = 0; i < events->len; i++)
        {
          g_autoptr(GPtrArray) month = hs_schedule_expand (g_ptr_array_index (events, i), &from,
                                                           &to, 0, NULL, NULL);

          count += month->len;
        }
      occurrences = count;
      best = MIN (best, (g_get_monotonic_time () - round_start) / 1000.0);

      round_start = g_get_monotonic_time ();
      for (guint i = 0; i < events->len; i++)
        {
          g_autoptr(GArray) month = hs_schedule_expand_instants (g_ptr_array_index (events, i),
                                                                 &from, &to, 0,
                                                                 HS_SCHEDULE_EXPAND_NONE, NULL,
                                                                 NULL);

          count += month->len;
        }
      best_instants = MIN (best_instants, (g_get_monotonic_time () - round_start) / 1000.0);
    }
  while ((g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC < min_seconds);

  g_print ("month-1000 %u %.2f %.2f\n", occurrences, best, best_instants);
}

int
main (int   argc,
      char *argv[])
{
  double min_seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 1.0;

  if (argc > 2 && g_str_equal (argv[2], "month-1000"))
    {
      bench_month (min_seconds);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (schedules); i++)
    {
      g_autoptr(HsSchedule) schedule = NULL;
      gint64 checksum = 0;
      guint per_pass = 0;
      guint64 total = 0;
      gint64 started;
      double elapsed;
      double rate;

      /* Only the schedules named, when any are. */
      if (argc > 2 && !g_strv_contains ((const char * const *)argv + 2, schedules[i].name))
        continue;

      schedule = schedule_from_text (schedules[i].json);

      started = g_get_monotonic_time ();
      do
        {
          g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 100000,
                                                                 NULL, NULL);

          if (per_pass == 0)
            {
              per_pass = occurrences->len;
              for (guint j = 0; j < occurrences->len; j++)
                {
                  HsOccurrence *occ = g_ptr_array_index (occurrences, j);

                  checksum += g_date_time_to_unix (hs_occurrence_get_start (occ)) +
                              g_date_time_to_unix (hs_occurrence_get_end (occ));
                }
            }
          total += occurrences->len;
          elapsed = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
        }
      while (elapsed < min_seconds);
      rate = total / elapsed;

      /* The same as plain values (hs_schedule_expand_instants(), no object each). */
      total = 0;
      started = g_get_monotonic_time ();
      do
        {
          g_autoptr(GArray) instants = hs_schedule_expand_instants (schedule, NULL, NULL, 100000,
                                                                    HS_SCHEDULE_EXPAND_NONE,
                                                                    NULL, NULL);

          total += instants->len;
          elapsed = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
        }
      while (elapsed < min_seconds);

      g_print ("%s %u %" G_GINT64_FORMAT " %.0f %.0f\n", schedules[i].name, per_pass, checksum,
               rate, total / elapsed);
    }

  return 0;
}
