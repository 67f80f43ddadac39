/* ics-libical-expand.c: prints the instances libical finds in an iCalendar file, as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ics-libical-expand FILE HORIZON: for tests/ics-engine/roundtrip.mjs, which compares them
 * with ical.js's and with `hookscope expand`. HORIZON is a Unix time: instances whose rule
 * time is at or after it are left out. Output: {"UID": {"listed_until": "YYYYMMDD"|null,
 * "period": false, "spans": [[start, end, all_day], …]}, …}; exit 1 if libical cannot read
 * the file.
 */

#include "config.h"

#include <gio/gio.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

#include "ics-libical-reader.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) out = g_string_new ("{");

  if (argc != 3)
    {
      g_printerr ("usage: %s FILE HORIZON\n", argv[0]);
      return 2;
    }

  if (!g_file_get_contents (argv[1], &text, NULL, &error) ||
      !(events = ics_libical_expand (text, g_ascii_strtoll (argv[2], NULL, 10), &error)))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  for (guint i = 0; i < events->len; i++)
    {
      IcsEventSpans *event = g_ptr_array_index (events, i);

      /* UIDs are the test's own ("r12@hookscope"): no escaping needed. */
      g_string_append_printf (out, "%s\n\"%s\": {\"listed_until\": ", i ? "," : "", event->uid);
      if (event->listed_until != NULL)
        g_string_append_printf (out, "\"%s\"", event->listed_until);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ", \"period\": %s, \"spans\": [",
                              event->has_period ? "true" : "false");
      for (guint j = 0; j < event->spans->len; j++)
        {
          IcsSpan *span = &g_array_index (event->spans, IcsSpan, j);

          g_string_append_printf (out, "%s[%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %s]",
                                  j ? ", " : "", span->start, span->end,
                                  span->all_day ? "true" : "false");
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n}\n");
  fwrite (out->str, 1, out->len, stdout);

  icaltimezone_free_builtin_timezones ();
  return 0;
}
