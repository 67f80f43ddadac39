/* hs-schedule.c: parse an Omerlo event schedule (the `schedule` object of a Backoffice event)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The semantics follow Omerlo's ExCycle where it differs from RFC 5545; see docs/schedule.md.
 * Every error message starts with the field it is about.
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs-schedule-private.h"

G_DEFINE_FINAL_TYPE (HsSchedule, hs_schedule, G_TYPE_OBJECT)

G_DEFINE_QUARK (hs-schedule-error-quark, hs_schedule_error)

static const char *weekday_names[] = {
  NULL, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static const char *weekday_abbrevs[] = {
  NULL, "MO", "TU", "WE", "TH", "FR", "SA", "SU",
};

static void
hs_schedule_finalize (GObject *object)
{
  HsSchedule *self = (HsSchedule *)object;

  g_clear_pointer (&self->time_zone_name, g_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->nth_days, g_array_unref);
  g_clear_pointer (&self->month_days, g_array_unref);
  g_clear_pointer (&self->excluded, g_ptr_array_unref);
  g_clear_pointer (&self->excluded_days, g_hash_table_unref);
  g_clear_pointer (&self->excluded_starts, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->omerlo_warnings, g_ptr_array_unref);
  g_clear_pointer (&self->all_warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_schedule_parent_class)->finalize (object);
}

static void
hs_schedule_class_init (HsScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_schedule_finalize;
}

static void
hs_schedule_init (HsSchedule *self)
{
  self->interval = 1;
  g_date_clear (&self->until, 1);
  g_date_clear (&self->start_date, 1);
  g_date_clear (&self->end_date, 1);
  self->nth_days = g_array_new (FALSE, FALSE, sizeof (HsNthDay));
  self->month_days = g_array_new (FALSE, FALSE, sizeof (int));
  self->excluded = g_ptr_array_new_with_free_func (g_free);
  self->excluded_days = g_hash_table_new (NULL, NULL);
  self->excluded_starts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

/* The member, or NULL when it is absent or JSON null. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static char *
node_to_text (JsonNode *node)
{
  g_assert (node != NULL);

  return json_to_string (node, FALSE);
}

static gboolean
set_not_understood (GError    **error,
                    const char *field,
                    JsonNode   *node)
{
  g_autofree char *raw = node_to_text (node);

  g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_NOT_UNDERSTOOD,
               _("%s: not understood: %s"), field, raw);
  return FALSE;
}

/* An integer, also when written as 2.0; FALSE for anything else. */
static gboolean
node_get_integer (JsonNode *node,
                  gint64   *value)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= -1e15 && d <= 1e15 && d == (double)(gint64)d)
        {
          *value = (gint64)d;
          return TRUE;
        }
    }

  return FALSE;
}

static const char *
node_get_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/* Strict YYYY-MM-DD. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 ||
      !g_ascii_isdigit (text[0]) || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);

  if (y < 1 || y > 9999 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* HH:MM, HH:MM:SS or HH:MM:SS.fraction (the fraction is ignored). */
static gboolean
parse_time (const char *text,
            int        *seconds)
{
  gsize len;
  int h, m, s = 0;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len < 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != ':' ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  if (len > 5)
    {
      if (len < 8 || text[5] != ':' || !g_ascii_isdigit (text[6]) || !g_ascii_isdigit (text[7]))
        return FALSE;
      if (len > 8)
        {
          if (text[8] != '.' || len == 9)
            return FALSE;
          for (gsize i = 9; i < len; i++)
            if (!g_ascii_isdigit (text[i]))
              return FALSE;
        }
      s = atoi (text + 6);
    }

  h = atoi (text);
  m = atoi (text + 3);
  if (h > 23 || m > 59 || s > 59)
    return FALSE;

  *seconds = h * 3600 + m * 60 + s;
  return TRUE;
}

gint64
hs_schedule_local_seconds (const GDate *date,
                           int          time_of_day)
{
  /* g_date_get_julian() of 1970-01-01 */
  const gint64 unix_epoch_julian = 719163;

  g_assert (g_date_valid (date));

  return ((gint64)g_date_get_julian (date) - unix_epoch_julian) * 86400 + time_of_day;
}

/* GLib reads and parses a zone's file again each time it is asked for once nobody holds it any
 * more: a list of events builds a schedule per row, and parsing was most of that. The zones
 * schedules asked for are kept (a handful in practice; at most 256, then no more are kept). */
G_LOCK_DEFINE_STATIC (zones);
static GHashTable *zones;

/* The identifier is payload text, and GLib reads it as a path: an absolute one ("/dev/zero")
 * or one leaving the zone folder ("../../etc/passwd") would open any file, and a file there
 * that is no zone ("leapseconds") fails an assertion inside GLib. Only names in the zone folder
 * whose file is a TZif one, or no file at all (a POSIX rule such as "EST5EDT"), reach GLib.
 * Found by fuzz/fuzz-ics.c. */
static gboolean
time_zone_identifier_is_safe (const char *identifier)
{
  const char *tzdir = g_getenv ("TZDIR");
  g_autofree char *path = NULL;
  char magic[4];
  gsize n = 0;
  FILE *file;

  if (identifier[0] == '/' || strstr (identifier, "..") != NULL || strlen (identifier) > 128)
    return FALSE;

  path = g_build_filename (tzdir != NULL && tzdir[0] != '\0' ? tzdir : "/usr/share/zoneinfo",
                           identifier, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || (file = fopen (path, "rbe")) == NULL)
    return FALSE;
  n = fread (magic, 1, sizeof magic, file);
  fclose (file);
  return n == sizeof magic && memcmp (magic, "TZif", 4) == 0;
}

static GTimeZone *
time_zone_for (const char *identifier)
{
  GTimeZone *zone;

  if (!time_zone_identifier_is_safe (identifier))
    return NULL;

  G_LOCK (zones);
  if (zones == NULL)
    zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)g_time_zone_unref);
  zone = g_hash_table_lookup (zones, identifier);
  if (zone != NULL)
    zone = g_time_zone_ref (zone);
  else if ((zone = g_time_zone_new_identifier (identifier)) != NULL &&
           g_hash_table_size (zones) < 256)
    g_hash_table_insert (zones, g_strdup (identifier), g_time_zone_ref (zone));
  G_UNLOCK (zones);

  return zone;
}

/* A date-time as a wall-clock time in zone: converted when it carries Z or an offset, taken
 * as it is otherwise. */
static gboolean
parse_date_time (const char *text,
                 GTimeZone  *zone,
                 GDate      *date,
                 int        *time_of_day)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) probe = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) as_utc = NULL;
  g_autoptr(GDateTime) as_probe = NULL;
  g_autoptr(GDateTime) wall = NULL;

  if (text == NULL || strlen (text) < 16 || (text[10] != 'T' && text[10] != ' '))
    return FALSE;

  as_utc = g_date_time_new_from_iso8601 (text, utc);
  as_probe = g_date_time_new_from_iso8601 (text, probe);
  if (as_utc == NULL || as_probe == NULL)
    return FALSE;

  /* Same instant whatever the default zone: the text carries its own offset. */
  if (g_date_time_equal (as_utc, as_probe))
    wall = g_date_time_to_timezone (as_utc, zone);
  else
    wall = g_date_time_ref (as_utc);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (wall), g_date_time_get_month (wall),
                  g_date_time_get_year (wall));
  *time_of_day = g_date_time_get_hour (wall) * 3600 + g_date_time_get_minute (wall) * 60 +
                 g_date_time_get_second (wall);
  return TRUE;
}

static gboolean
parse_weekday (const char   *text,
               GDateWeekday *day)
{
  for (guint i = G_DATE_MONDAY; i <= G_DATE_SUNDAY; i++)
    {
      if (g_ascii_strcasecmp (text, weekday_names[i]) == 0 ||
          g_ascii_strcasecmp (text, weekday_abbrevs[i]) == 0)
        {
          *day = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
valid_week (gint64 week)
{
  return (week >= 1 && week <= 5) || (week >= -5 && week <= -1);
}

/* "1MO", "-1FR", "+2TU": an nth weekday in iCalendar notation. */
static gboolean
parse_nth_string (const char *text,
                  HsNthDay   *nth)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 week;
  char *end = NULL;

  if (*p == '+' || *p == '-')
    {
      negative = (*p == '-');
      p++;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;

  week = g_ascii_strtoll (p, &end, 10);
  if (negative)
    week = -week;
  if (!valid_week (week) || end == NULL || strlen (end) != 2 || !parse_weekday (end, &nth->day))
    return FALSE;

  nth->week = (int)week;
  return TRUE;
}

/* An nth weekday as {"week": n, "day": "monday"}, [n, "monday"] or "1MO". */
static gboolean
parse_nth_node (JsonNode *node,
                HsNthDay *nth)
{
  JsonNode *week_node = NULL;
  JsonNode *day_node = NULL;
  const char *text;
  gint64 week;

  if ((text = node_get_string (node)) != NULL)
    return parse_nth_string (text, nth);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (json_object_get_size (object) != 2)
        return FALSE;
      week_node = json_object_get_member (object, "week");
      day_node = json_object_get_member (object, "day");
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) != 2)
        return FALSE;
      week_node = json_array_get_element (array, 0);
      day_node = json_array_get_element (array, 1);
    }

  if (week_node == NULL || day_node == NULL ||
      !node_get_integer (week_node, &week) || !valid_week (week) ||
      (text = node_get_string (day_node)) == NULL || !parse_weekday (text, &nth->day))
    return FALSE;

  nth->week = (int)week;
  return TRUE;
}

static gboolean
parse_days (HsSchedule  *self,
            JsonNode    *node,
            GError     **error)
{
  JsonArray *array;

  g_assert (HS_IS_SCHEDULE (self));

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_not_understood (error, "days", node);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = node_get_string (element);
      GDateWeekday day;
      HsNthDay nth;

      if (text != NULL && parse_weekday (text, &day))
        self->weekdays |= 1u << day;
      else if (parse_nth_node (element, &nth))
        g_array_append_val (self->nth_days, nth);
      else
        return set_not_understood (error, "days", element);
    }

  return TRUE;
}

static gboolean
parse_monthly_opts (HsSchedule  *self,
                    JsonNode    *node,
                    GError     **error)
{
  HsNthDay nth;

  g_assert (HS_IS_SCHEDULE (self));

  if (JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "days_of_month"))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *days = get_member (object, "days_of_month");
      JsonArray *array;

      if (json_object_get_size (object) != 1 || days == NULL || !JSON_NODE_HOLDS_ARRAY (days))
        return set_not_understood (error, "monthly_opts", node);

      array = json_node_get_array (days);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 day;
          int value;

          if (!node_get_integer (json_array_get_element (array, i), &day) ||
              day == 0 || day < -31 || day > 31)
            return set_not_understood (error, "monthly_opts", node);

          value = (int)day;
          g_array_append_val (self->month_days, value);
        }

      return TRUE;
    }

  if (parse_nth_node (node, &nth))
    {
      g_array_append_val (self->nth_days, nth);
      return TRUE;
    }

  return set_not_understood (error, "monthly_opts", node);
}

static gboolean
parse_excluded_dates (HsSchedule  *self,
                      JsonNode    *node,
                      GError     **error)
{
  JsonArray *array;

  g_assert (HS_IS_SCHEDULE (self));

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_not_understood (error, "excluded_dates", node);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = node_get_string (element);
      GDate date;
      int time_of_day;

      if (text != NULL && parse_date (text, &date))
        {
          g_hash_table_add (self->excluded_days, GUINT_TO_POINTER (g_date_get_julian (&date)));
          g_ptr_array_add (self->excluded, g_strdup (text));
        }
      else if (text != NULL && parse_date_time (text, self->time_zone, &date, &time_of_day))
        {
          gint64 local = hs_schedule_local_seconds (&date, time_of_day);

          g_hash_table_add (self->excluded_starts, g_memdup2 (&local, sizeof local));
          g_ptr_array_add (self->excluded,
                           g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d",
                                            g_date_get_year (&date), g_date_get_month (&date),
                                            g_date_get_day (&date), time_of_day / 3600,
                                            time_of_day / 60 % 60, time_of_day % 60));
        }
      else
        {
          g_autofree char *raw = node_to_text (element);

          g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                       _("%s: not a date or date-time: %s"), "excluded_dates", raw);
          return FALSE;
        }
    }

  return TRUE;
}

/* A positive integer field; absent or null leaves *value alone. */
static gboolean
parse_positive (JsonObject  *object,
                const char  *field,
                guint       *value,
                GError     **error)
{
  JsonNode *node = get_member (object, field);
  gint64 number;

  if (node == NULL)
    return TRUE;

  if (!node_get_integer (node, &number))
    {
      g_autofree char *raw = node_to_text (node);

      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: not an integer: %s"), field, raw);
      return FALSE;
    }

  if (number < 1 || number > G_MAXINT32)
    {
      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: must be at least 1, got %" PRId64), field, number);
      return FALSE;
    }

  *value = (guint)number;
  return TRUE;
}

static gboolean
parse_date_field (JsonObject  *object,
                  const char  *field,
                  gboolean     required,
                  GDate       *date,
                  GError     **error)
{
  JsonNode *node = get_member (object, field);

  if (node == NULL)
    {
      if (required)
        g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                     _("%s: missing"), field);
      return !required;
    }

  if (!parse_date (node_get_string (node), date))
    {
      g_autofree char *raw = node_to_text (node);

      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: not a date (YYYY-MM-DD): %s"), field, raw);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_time_field (JsonObject  *object,
                  const char  *field,
                  int         *seconds,
                  gboolean    *present,
                  GError     **error)
{
  JsonNode *node = get_member (object, field);

  *present = (node != NULL);
  if (node == NULL)
    return TRUE;

  if (!parse_time (node_get_string (node), seconds))
    {
      g_autofree char *raw = node_to_text (node);

      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: not a time (HH:MM:SS): %s"), field, raw);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_time_zone (HsSchedule  *self,
                 JsonObject  *object,
                 GError     **error)
{
  JsonNode *node = get_member (object, "timezone");
  const char *name;

  g_assert (HS_IS_SCHEDULE (self));

  if (node == NULL)
    {
      /* Omerlo always sends one; without it the times are shown as UTC, and said so. */
      self->time_zone_name = g_strdup ("UTC");
      self->time_zone = g_time_zone_new_utc ();
      g_ptr_array_add (self->warnings, g_strdup (_("timezone: missing, times are taken as UTC")));
      return TRUE;
    }

  name = node_get_string (node);
  if (name == NULL || name[0] == '\0')
    return set_not_understood (error, "timezone", node);

  /* GLib 2.74 returns NULL for an identifier it cannot load. */
  self->time_zone = time_zone_for (name);
  if (self->time_zone == NULL)
    {
      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: unknown time zone “%s”"), "timezone", name);
      return FALSE;
    }

  self->time_zone_name = g_strdup (name);
  return TRUE;
}

/* until: a date, or a date-time whose date in the event's zone is taken. */
static gboolean
parse_until (HsSchedule  *self,
             JsonObject  *object,
             GError     **error)
{
  JsonNode *node = get_member (object, "until");
  const char *text;
  int time_of_day;

  g_assert (HS_IS_SCHEDULE (self));

  if (node == NULL)
    return TRUE;

  text = node_get_string (node);
  if (parse_date (text, &self->until) ||
      parse_date_time (text, self->time_zone, &self->until, &time_of_day))
    return TRUE;

  {
    g_autofree char *raw = node_to_text (node);

    g_date_clear (&self->until, 1);
    g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                 _("%s: not a date (YYYY-MM-DD): %s"), "until", raw);
  }
  return FALSE;
}

static gboolean
parse_recurrence (HsSchedule  *self,
                  JsonObject  *object,
                  GError     **error)
{
  static const char *frequencies[] = { NULL, "daily", "weekly", "monthly", "yearly", NULL };
  JsonNode *recurrence = get_member (object, "recurrence");
  JsonNode *frequency = get_member (object, "frequency");
  JsonNode *node;
  const char *text;

  g_assert (HS_IS_SCHEDULE (self));

  if (recurrence != NULL)
    {
      text = node_get_string (recurrence);
      if (text == NULL)
        return set_not_understood (error, "recurrence", recurrence);
      if (g_str_equal (text, "none"))
        recurrence = NULL;
    }

  /* A single occurrence: the repeating fields may be present (Omerlo sends defaults such as
   * count 730 and frequency daily) and are ignored. */
  if (recurrence == NULL)
    {
      self->frequency = HS_SCHEDULE_FREQUENCY_NONE;
      return TRUE;
    }

  if (frequency == NULL)
    {
      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: missing for a repeating schedule"), "frequency");
      return FALSE;
    }

  text = node_get_string (frequency);
  for (guint i = 1; text != NULL && frequencies[i] != NULL; i++)
    if (g_str_equal (text, frequencies[i]))
      self->frequency = i;

  /* recurrence normally repeats the frequency; anything else still repeats, said once. */
  if (!g_strv_contains ((const char * const *)frequencies + 1, json_node_get_string (recurrence)))
    g_ptr_array_add (self->warnings,
                     g_strdup_printf (_("recurrence: unknown value “%s”, repeating %s"),
                                      json_node_get_string (recurrence),
                                      text != NULL ? text : "?"));

  if (self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    {
      g_autofree char *raw = node_to_text (frequency);

      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: unknown frequency %s (expected daily, weekly, monthly or yearly)"),
                   "frequency", raw);
      return FALSE;
    }

  if (!parse_positive (object, "interval", &self->interval, error) ||
      !parse_positive (object, "count", &self->count, error) ||
      !parse_until (self, object, error))
    return FALSE;

  if ((node = get_member (object, "days")) != NULL && !parse_days (self, node, error))
    return FALSE;

  if ((node = get_member (object, "monthly_opts")) != NULL)
    {
      if (self->frequency == HS_SCHEDULE_FREQUENCY_MONTHLY)
        {
          if (!parse_monthly_opts (self, node, error))
            return FALSE;
        }
      else
        {
          g_ptr_array_add (self->warnings,
                           g_strdup (_("monthly_opts: ignored, the frequency is not monthly")));
        }
    }

  if ((node = get_member (object, "excluded_dates")) != NULL &&
      !parse_excluded_dates (self, node, error))
    return FALSE;

  if (g_date_valid (&self->until) && g_date_compare (&self->until, &self->start_date) < 0)
    g_ptr_array_add (self->warnings,
                     g_strdup (_("until: before the start, the schedule has no occurrence")));

  return TRUE;
}

static gboolean
parse_times (HsSchedule  *self,
             JsonObject  *object,
             GError     **error)
{
  JsonNode *node;
  gboolean has_start_time = FALSE;
  gboolean has_end_time = FALSE;

  g_assert (HS_IS_SCHEDULE (self));

  node = get_member (object, "all_day?");
  if (node == NULL)
    node = get_member (object, "all_day");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return set_not_understood (error, "all_day?", node);
      self->all_day = json_node_get_boolean (node);
    }

  if (!parse_date_field (object, "starts_at_date", TRUE, &self->start_date, error) ||
      !parse_date_field (object, "ends_at_date", FALSE, &self->end_date, error))
    return FALSE;

  if (!g_date_valid (&self->end_date))
    self->end_date = self->start_date;

  if (g_date_compare (&self->end_date, &self->start_date) < 0)
    {
      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: before starts_at_date"), "ends_at_date");
      return FALSE;
    }

  if (self->all_day)
    {
      /* Times are ignored for whole days; the duration counts days. */
      self->duration = (gint64)(g_date_get_julian (&self->end_date) -
                                g_date_get_julian (&self->start_date)) * 86400;
      return TRUE;
    }

  if (!parse_time_field (object, "starts_at_time", &self->start_time, &has_start_time, error) ||
      !parse_time_field (object, "ends_at_time", &self->end_time, &has_end_time, error))
    return FALSE;

  if (!has_start_time)
    {
      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: missing"), "starts_at_time");
      return FALSE;
    }
  if (!has_end_time)
    self->end_time = self->start_time;

  self->duration = hs_schedule_local_seconds (&self->end_date, self->end_time) -
                   hs_schedule_local_seconds (&self->start_date, self->start_time);
  if (self->duration < 0)
    {
      g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                   _("%s: the end is before the start"), "ends_at_time");
      return FALSE;
    }

  return TRUE;
}

HsSchedule *
hs_schedule_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(HsSchedule) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (HS_TYPE_SCHEDULE, NULL);

  if (!parse_time_zone (self, object, error) ||
      !parse_times (self, object, error) ||
      !parse_recurrence (self, object, error))
    return NULL;

  g_ptr_array_add (self->excluded, NULL);
  g_ptr_array_add (self->warnings, NULL);

  return g_steal_pointer (&self);
}
