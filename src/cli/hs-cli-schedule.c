/* hs-cli-schedule.c: `hookscope expand` and `hookscope export-ics`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-schedule"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <libical/ical.h>
#include <stdio.h>

#include "hs-cli.h"
#include "hs-domain-store.h"
#include "hs-ics.h"
#include "hs-schedule.h"
#include "hs-store.h"

/* The event object (NULL for a bare schedule) and the schedule object of a document that is a
 * whole webhook payload (data.event.schedule), an event (.schedule) or a bare schedule. */
static gboolean
find_schedule (JsonNode    *root,
               JsonObject **event,
               JsonObject **schedule,
               GError     **error)
{
  JsonObject *object;
  JsonNode *node;

  *event = NULL;
  *schedule = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The document is not a JSON object"));
      return FALSE;
    }

  object = json_node_get_object (root);

  node = json_object_get_member (object, "data");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      node = json_object_get_member (json_node_get_object (node), "event");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        object = json_node_get_object (node);
    }

  node = json_object_get_member (object, "schedule");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      *event = object;
      *schedule = json_node_get_object (node);
      return TRUE;
    }

  if (json_object_has_member (object, "starts_at_date") ||
      json_object_has_member (object, "recurrence") ||
      json_object_has_member (object, "frequency"))
    {
      *schedule = object;
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("No schedule found: expected a webhook payload (data.event.schedule), an event "
                 "(.schedule) or a schedule object"));
  return FALSE;
}

static JsonParser *
load_json (const char  *path,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);

      if (!json_parser_load_from_stream (parser, in, NULL, error))
        return NULL;
      return g_steal_pointer (&parser);
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, contents, length, error))
    return NULL;

  return g_steal_pointer (&parser);
}

static gboolean
parse_date_option (const char *text,
                   GDate      *date)
{
  int y, m, d;
  char tail;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
put_digits (char *p,
            int   value,
            int   width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      p[i] = (char)('0' + value % 10);
      value /= 10;
    }

  return p + width;
}

/* RFC 3339 with the offset always written ("+00:00", never "Z"), from a Unix time and the UTC
 * offset in force then: no GDateTime and no printf per occurrence (printf was most of the
 * time of printing 36,000 of them). */
static void
append_rfc3339 (GString *out,
                gint64   unix_time,
                gint32   offset)
{
  gint64 local = unix_time + offset;
  gint64 days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  int seconds = (int)(local - days * 86400);
  gint32 minutes = ABS (offset) / 60;
  char buffer[32];
  char *p = buffer;
  gint64 z, era, doe, yoe, doy, mp;
  int year, month, day;

  /* The civil date of a day count (400-year eras, years from March): plain arithmetic where
   * gmtime_r() takes the libc time-zone lock and GDate converts lazily, per call. */
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = (int)(doy - (153 * mp + 2) / 5 + 1);
  month = (int)(mp < 10 ? mp + 3 : mp - 9);
  year = (int)(yoe + era * 400 + (month <= 2));

  p = put_digits (p, year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  *p++ = 'T';
  p = put_digits (p, seconds / 3600, 2);
  *p++ = ':';
  p = put_digits (p, seconds / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, seconds % 60, 2);
  *p++ = offset < 0 ? '-' : '+';
  p = put_digits (p, minutes / 60, 2);
  *p++ = ':';
  p = put_digits (p, minutes % 60, 2);

  g_string_append_len (out, buffer, p - buffer);
}

/* The local first and last days of an occurrence (the last inclusive: an all-day end is the
 * midnight after it), as HsOccurrence gives them. */
static void
instant_dates (const HsScheduleInstant *instant,
               GDate                   *first,
               GDate                   *last)
{
  gint64 start = instant->start + instant->start_offset;
  gint64 end = instant->end + instant->end_offset;
  gint64 first_day = start >= 0 ? start / 86400 : -((-start + 86399) / 86400);
  gint64 last_day = end >= 0 ? end / 86400 : -((-end + 86399) / 86400);

  if (instant->all_day && last_day > first_day)
    last_day--;

  g_date_clear (first, 1);
  g_date_clear (last, 1);
  g_date_set_julian (first, (guint32)(first_day + 719163));
  g_date_set_julian (last, (guint32)(last_day + 719163));
}

static char *
format_rfc3339 (gint64 unix_time,
                gint32 offset)
{
  GString *out = g_string_sized_new (32);

  append_rfc3339 (out, unix_time, offset);
  return g_string_free (out, FALSE);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
print_warnings (const char *prgname,
                HsSchedule *schedule)
{
  const char * const *warnings = hs_schedule_get_warnings (schedule);

  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr (_("%s: warning: %s\n"), prgname, warnings[i]);
}

static char *
occurrences_to_json (HsSchedule *schedule,
                     GArray     *occurrences,
                     gboolean    truncated)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *summary = hs_schedule_describe (schedule);
  const char * const *strings;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, hs_schedule_get_time_zone_name (schedule));
  json_builder_set_member_name (builder, "all_day");
  json_builder_add_boolean_value (builder, hs_schedule_get_all_day (schedule));
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, truncated);

  json_builder_set_member_name (builder, "excluded_dates");
  json_builder_begin_array (builder);
  strings = hs_schedule_get_excluded_dates (schedule);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  strings = hs_schedule_get_warnings (schedule);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "omerlo_warnings");
  json_builder_begin_array (builder);
  strings = hs_schedule_get_omerlo_warnings (schedule);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "occurrences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < occurrences->len; i++)
    {
      const HsScheduleInstant *occ = &g_array_index (occurrences, HsScheduleInstant, i);
      gint64 start_unix = occ->start;
      gint64 end_unix = occ->end;
      g_autofree char *start = format_rfc3339 (start_unix, occ->start_offset);
      g_autofree char *end = format_rfc3339 (end_unix, occ->end_offset);
      g_autofree char *start_utc_text = format_rfc3339 (start_unix, 0);
      g_autofree char *end_utc_text = format_rfc3339 (end_unix, 0);
      GDate first, last;
      g_autofree char *first_text = NULL;
      g_autofree char *last_text = NULL;

      instant_dates (occ, &first, &last);
      first_text = format_date (&first);
      last_text = format_date (&last);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, end);
      json_builder_set_member_name (builder, "start_utc");
      json_builder_add_string_value (builder, start_utc_text);
      json_builder_set_member_name (builder, "end_utc");
      json_builder_add_string_value (builder, end_utc_text);
      json_builder_set_member_name (builder, "first_date");
      json_builder_add_string_value (builder, first_text);
      json_builder_set_member_name (builder, "last_date");
      json_builder_add_string_value (builder, last_text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

int
hs_cli_expand (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HsSchedule) schedule = NULL;
  g_autoptr(GArray) occurrences = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  JsonObject *event = NULL;
  JsonObject *object = NULL;
  gboolean json = FALSE;
  gboolean truncated = FALSE;
  int limit = HS_SCHEDULE_DEFAULT_LIMIT;
  GDate from, to;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("First local date to list (YYYY-MM-DD)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("List occurrences that start before this local date (YYYY-MM-DD)"), N_("DATE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      N_("Print at most N occurrences (default 1000)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — expand an event schedule into occurrences"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;

  if (argc != 2)
    {
      g_printerr (_("%s: expected one FILE (a webhook payload, an event or a schedule; - for "
                    "standard input)\n"), argv[0]);
      return 2;
    }

  if ((from_text != NULL && !parse_date_option (from_text, &from)) ||
      (to_text != NULL && !parse_date_option (to_text, &to)))
    {
      g_printerr (_("%s: --from and --to take a date (YYYY-MM-DD)\n"), argv[0]);
      return 2;
    }
  if (limit < 1)
    {
      g_printerr (_("%s: --limit must be at least 1\n"), argv[0]);
      return 2;
    }

  if (!(parser = load_json (argv[1], &error)) ||
      !find_schedule (json_parser_get_root (parser), &event, &object, &error) ||
      !(schedule = hs_schedule_new_from_json (object, &error)))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return (error->domain == G_FILE_ERROR) ? 1 : 2;
    }

  print_warnings (argv[0], schedule);

  /* Plain values, not an object per occurrence: 100 years of a daily event is 36,525. */
  occurrences = hs_schedule_expand_instants (schedule, from_text != NULL ? &from : NULL,
                                             to_text != NULL ? &to : NULL, (guint)limit,
                                             HS_SCHEDULE_EXPAND_NONE, &truncated, &error);
  if (occurrences == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }

  /* Build everything first: invalid input never leaves half an output on stdout. */
  if (json)
    {
      g_autofree char *text = occurrences_to_json (schedule, occurrences, truncated);

      out = g_string_new (text);
      g_string_append_c (out, '\n');
    }
  else
    {
      out = g_string_new (NULL);
      for (guint i = 0; i < occurrences->len; i++)
        {
          const HsScheduleInstant *occ = &g_array_index (occurrences, HsScheduleInstant, i);

          if (occ->all_day)
            {
              g_autofree char *start = NULL;
              g_autofree char *end = NULL;
              GDate first, last;

              instant_dates (occ, &first, &last);
              start = format_date (&first);
              end = format_date (&last);
              g_string_append_printf (out, "%s %s\n", start, end);
            }
          else
            {
              append_rfc3339 (out, occ->start, occ->start_offset);
              g_string_append_c (out, ' ');
              append_rfc3339 (out, occ->end, occ->end_offset);
              g_string_append_c (out, '\n');
            }
        }
    }

  fwrite (out->str, 1, out->len, stdout);

  if (truncated)
    g_printerr (_("%s: truncated after %d occurrences (use --limit, --from or --to)\n"),
                argv[0], limit);

  return 0;
}

static char *
first_locale_name (JsonObject *event)
{
  JsonNode *node;
  JsonArray *locales;

  if (event == NULL)
    return NULL;

  node = json_object_get_member (event, "locales");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  locales = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (locales); i++)
    {
      JsonNode *locale = json_array_get_element (locales, i);
      JsonNode *name;

      if (!JSON_NODE_HOLDS_OBJECT (locale))
        continue;
      name = json_object_get_member (json_node_get_object (locale), "name");
      if (name != NULL && JSON_NODE_HOLDS_VALUE (name) &&
          json_node_get_value_type (name) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (name));
    }

  return NULL;
}

static char *
dup_event_id (JsonObject *event)
{
  JsonNode *node;

  if (event == NULL)
    return NULL;

  node = json_object_get_member (event, "id");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup_printf ("%s@hookscope", json_node_get_string (node));

  return NULL;
}

static HsStore *
open_store (const char  *db_option,
            const char  *event_id,
            GError     **error)
{
  g_autofree char *db_path = hs_cli_database_path (db_option);

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (event_id != NULL)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                     _("“%s” is neither a file nor an event in %s (no such database)"),
                     event_id, db_path);
      else
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: no such database"),
                     db_path);
      return NULL;
    }

  return hs_store_open (db_path, error);
}

/* The event's JSON from the database, or NULL with an error. */
static JsonParser *
load_event_from_store (HsStore     *store,
                       const char  *event_id,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *json = NULL;

  json = hs_store_dup_event_json (store, event_id, error);
  if (json == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  return g_steal_pointer (&parser);
}

static int
exit_status_of (const GError *error)
{
  return (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_NOT_FOUND) ||
         error->domain == G_FILE_ERROR ? 1 : 2;
}

/* One FILE or EVENT_ID argument into the calendar; an exit status on failure, else 0. */
static int
add_argument (HsIcsCalendar *calendar,
              const char    *prgname,
              const char    *argument,
              const char    *db_option,
              HsStore      **store)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(HsSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *uid = NULL;
  JsonObject *event = NULL;
  JsonObject *object = NULL;

  if (g_str_equal (argument, "-") || g_file_test (argument, G_FILE_TEST_EXISTS))
    parser = load_json (argument, &error);
  else if (*store != NULL || (*store = open_store (db_option, argument, &error)) != NULL)
    parser = load_event_from_store (*store, argument, &error);

  if (parser == NULL)
    {
      g_printerr ("%s: %s\n", prgname, error->message);
      return exit_status_of (error);
    }

  if (!find_schedule (json_parser_get_root (parser), &event, &object, &error) ||
      !(schedule = hs_schedule_new_from_json (object, &error)))
    {
      g_printerr ("%s: %s\n", prgname, error->message);
      return 2;
    }

  print_warnings (prgname, schedule);

  summary = first_locale_name (event);
  uid = dup_event_id (event);
  if (!hs_ics_calendar_add_schedule (calendar, schedule, uid, summary, &error))
    {
      g_printerr ("%s: %s\n", prgname, error->message);
      return 2;
    }

  return 0;
}

/* Every event of the database; one whose schedule is not understood is left out, said on
 * standard error. */
static int
add_all_events (HsIcsCalendar *calendar,
                const char    *prgname,
                const char    *db_option,
                HsStore      **store)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  if ((*store == NULL && (*store = open_store (db_option, NULL, &error)) == NULL) ||
      !(events = hs_store_list_events (*store, &error)))
    {
      g_printerr ("%s: %s\n", prgname, error->message);
      return 1;
    }

  for (guint i = 0; i < events->len; i++)
    {
      HsEvent *event = g_ptr_array_index (events, i);
      JsonObject *object = hs_event_get_schedule (event);
      g_autoptr(HsSchedule) schedule = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *uid = g_strdup_printf ("%s@hookscope", hs_event_get_id (event));

      if (object == NULL)
        {
          g_printerr (_("%s: event %s left out: it has no schedule\n"), prgname,
                      hs_event_get_id (event));
          continue;
        }
      if (!(schedule = hs_schedule_new_from_json (object, &local_error)) ||
          !hs_ics_calendar_add_schedule (calendar, schedule, uid, hs_event_get_name (event),
                                         &local_error))
        {
          g_printerr (_("%s: event %s left out: %s\n"), prgname, hs_event_get_id (event),
                      local_error->message);
          continue;
        }
      print_warnings (prgname, schedule);
    }

  return 0;
}

int
hs_cli_export_ics (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HsIcsCalendar) calendar = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_option = NULL;
  g_autofree char *output = NULL;
  g_autofree char *ics = NULL;
  const char * const *notes;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Export every event of the database"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option,
      N_("Database to look EVENT_ID up in"), N_("PATH") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the calendar to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("[EVENT_ID|FILE…] — export events as one iCalendar file"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;

  if (argc < 2 && !all)
    {
      g_printerr (_("%s: expected EVENT_ID or FILE arguments, or --all\n"), argv[0]);
      return 2;
    }

  calendar = hs_ics_calendar_new ();
  for (int i = 1; i < argc; i++)
    {
      int status = add_argument (calendar, argv[0], argv[i], db_option, &store);

      if (status != 0)
        return status;
    }
  if (all)
    {
      int status = add_all_events (calendar, argv[0], db_option, &store);

      if (status != 0)
        return status;
    }

  if (hs_ics_calendar_get_n_events (calendar) == 0)
    {
      g_printerr (_("%s: no event to export\n"), argv[0]);
      return 2;
    }

  notes = hs_ics_calendar_get_notes (calendar);
  for (guint i = 0; notes[i] != NULL; i++)
    g_printerr (_("%s: note: %s\n"), argv[0], notes[i]);

  ics = hs_ics_calendar_to_string (calendar);
  /* libical caches the zones it builds; free them so leak checkers stay quiet. */
  icaltimezone_free_builtin_timezones ();

  if (output != NULL)
    {
      if (!g_file_set_contents (output, ics, -1, &error))
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 1;
        }
      return 0;
    }

  fputs (ics, stdout);
  return 0;
}
