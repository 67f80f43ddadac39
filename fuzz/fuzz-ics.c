/* fuzz-ics.c: libFuzzer target for the iCalendar export (src/core/schedule/hs-ics.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first bytes are the uid and the summary (payload text: any bytes), the rest a schedule
 * (fuzz-schedule-input.c). The export must be a VCALENDAR libical reads back, with one
 * VEVENT whose SUMMARY and UID are the given text, whatever commas, semicolons, backslashes
 * and line breaks it holds.
 */

#define G_LOG_DOMAIN "fuzz-ics"

#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "hs-fuzz.h"
#include "hs-ics.h"

int
hs_fuzz_ics (const guint8 *data,
             gsize         size)
{
  HsFuzzInput in = { data, data + size };
  g_autofree char *uid = hs_fuzz_input_string (&in, 60);
  g_autofree char *summary = hs_fuzz_input_string (&in, 200);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(HsSchedule) schedule = NULL;
  g_autofree char *ics = NULL;
  icalcomponent *calendar;
  icalcomponent *event;

  /* Payload text reaching the export is valid UTF-8 (it comes out of JSON). */
  if (!g_utf8_validate (uid, -1, NULL))
    g_clear_pointer (&uid, g_free);
  if (!g_utf8_validate (summary, -1, NULL))
    g_clear_pointer (&summary, g_free);

  object = hs_fuzz_schedule_object (&in);
  if (object == NULL)
    return 0;
  schedule = hs_schedule_new_from_json (object, NULL);
  if (schedule == NULL)
    return 0;
  if (g_getenv ("HS_FUZZ_ICS_DUMP") != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      g_autofree char *json = json_to_string (node, TRUE);

      g_printerr ("%s\n", json);
    }

  ics = hs_ics_export_schedule (schedule, uid, summary, NULL);
  if (ics == NULL)
    return 0;
  g_assert (g_utf8_validate (ics, -1, NULL));
  /* To look at what an input exports: HS_FUZZ_ICS_DUMP=1 fuzz-ics INPUT. */
  if (g_getenv ("HS_FUZZ_ICS_DUMP") != NULL)
    g_print ("%s", ics);

  /* libical's parser is quadratic in the properties of a component: an export of thousands of
   * RDATEs takes it minutes (a schedule listed since a start long ago can still have them;
   * a huge count no longer: tests/data/fuzz-regressions/ics/count-huge-rdates). Such exports
   * are not read back. */
  if (strlen (ics) > 256 * 1024)
    return 0;

  calendar = icalparser_parse_string (ics);
  if (calendar == NULL)
    g_error ("libical cannot read the export:\n%s", ics);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  if (event == NULL)
    g_error ("the export has no VEVENT:\n%s", ics);

  /* Text round trip, for text without control characters (which iCalendar cannot carry). */
  if (summary != NULL && *summary != '\0')
    {
      gboolean plain = TRUE;
      g_autofree char *expected = NULL;
      g_autofree char *read = NULL;

      for (const char *c = summary; *c; c++)
        if ((guchar)*c < 0x20 || *c == 0x7f)
          plain = FALSE;
      /* libical drops spaces at the ends of a value when it reads one back (found by this
       * target: "x " reads as "x"), which any libical-based calendar does too. */
      expected = g_strstrip (g_strdup (summary));
      read = g_strdup (icalcomponent_get_summary (event));
      if (read != NULL)
        g_strstrip (read);

      if (plain && *expected != '\0' && g_strcmp0 (read, expected) != 0)
        g_error ("SUMMARY reads back as \"%s\", not \"%s\"", read, expected);
    }

  icalcomponent_free (calendar);
  return 0;
}

HS_FUZZ_ENTRY (hs_fuzz_ics)
