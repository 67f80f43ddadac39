/* bench-schedule.c: occurrences per second of hs_schedule_expand()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expands a 10-year daily schedule and a 10-year weekly Monday–Friday schedule (America/Montreal,
 * 18:47–19:47, so every DST change of the decade is crossed) again and again for about a
 * second each, and prints one line per schedule:
 *   NAME OCCURRENCES_PER_PASS CHECKSUM OCCURRENCES_PER_SECOND
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
  { "daily-10y",
    "{\"timezone\": \"America/Montreal\", \"recurrence\": \"daily\", \"frequency\": \"daily\","
    " \"interval\": 1, \"starts_at_date\": \"2026-01-01\", \"starts_at_time\": \"18:47:00\","
    " \"ends_at_date\": \"2026-01-01\", \"ends_at_time\": \"19:47:00\","
    " \"until\": \"2035-12-31\"}" },
  { "weekdays-10y",
    "{\"timezone\": \"America/Montreal\", \"recurrence\": \"weekly\", \"frequency\": \"weekly\","
    " \"interval\": 1, \"days\": [\"monday\", \"tuesday\", \"wednesday\", \"thursday\","
    " \"friday\"], \"starts_at_date\": \"2026-01-01\", \"starts_at_time\": \"18:47:00\","
    " \"ends_at_date\": \"2026-01-01\", \"ends_at_time\": \"19:47:00\","
    " \"until\": \"2035-12-31\"}" },
};

int
main (int   argc,
      char *argv[])
{
  double min_seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 1.0;

  for (guint i = 0; i < G_N_ELEMENTS (schedules); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(HsSchedule) schedule = NULL;
      g_autoptr(GError) error = NULL;
      gint64 checksum = 0;
      guint per_pass = 0;
      guint64 total = 0;
      gint64 started;
      double elapsed;

      if (!json_parser_load_from_data (parser, schedules[i].json, -1, &error))
        g_error ("%s", error->message);
      schedule = hs_schedule_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                            &error);
      if (schedule == NULL)
        g_error ("%s", error->message);

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

      g_print ("%s %u %" G_GINT64_FORMAT " %.0f\n", schedules[i].name, per_pass, checksum,
               total / elapsed);
    }

  return 0;
}
