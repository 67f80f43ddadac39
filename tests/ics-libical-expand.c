/* ics-libical-expand.c: prints the instances libical finds in an iCalendar file, as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ics-libical-expand FILE HORIZON [HORIZONS]: for tests/ics-engine/roundtrip.mjs, which
 * compares them with ical.js's and with `hookscope expand`. HORIZON is a Unix time: instances
 * whose rule time is at or after it are left out; HORIZONS, a file of "UID UNIX-TIME" lines,
 * gives some events a horizon of their own. Output: {"UID": {"listed_until": "YYYYMMDD"|null,
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
  g_autoptr(GHashTable) horizons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          g_free);

  if (argc != 3 && argc != 4)
    {
      g_printerr ("usage: %s FILE HORIZON [HORIZONS]\n", argv[0]);
      return 2;
    }

  if (argc == 4)
    {
      g_autofree char *lines = NULL;
      g_auto(GStrv) split = NULL;

      if (!g_file_get_contents (argv[3], &lines, NULL, &error))
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 1;
        }
      split = g_strsplit (lines, "\n", -1);
      for (guint i = 0; split[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (split[i], " ", 2);
          gint64 *value;

          if (g_strv_length (fields) != 2)
            continue;
          value = g_new (gint64, 1);
          *value = g_ascii_strtoll (fields[1], NULL, 10);
          g_hash_table_insert (horizons, g_strdup (fields[0]), value);
        }
    }

  if (!g_file_get_contents (argv[1], &text, NULL, &error) ||
      !(events = ics_libical_expand (text, g_ascii_strtoll (argv[2], NULL, 10), horizons,
                                     &error)))
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
