/* fuzz-schedule-input.c: a `schedule` object from fuzzer bytes (structured mutations)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Random bytes are almost never a schedule that parses, so the bytes pick one of the samples'
 * schedules (data/samples/) and then a list of edits, each a field and a value from a table of
 * the interesting ones: the recurrences, nth weekdays, days of month, dates shifted by any
 * number of days (leap days, far years, impossible dates), times across midnight and DST, time
 * zones with odd offsets, non-string shapes. Input starting with '{' is taken as the JSON text
 * of the object instead, so raw mutations reach the parser too.
 */

#define G_LOG_DOMAIN "fuzz-schedule"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hs-fuzz.h"

/* The schedules of data/samples/ (event_weekly, event_monthly_nth_weekday, event_all_day,
 * event_invitation_created). */
static const char * const bases[] = {
  "{\"all_day?\":false,\"count\":null,\"days\":[\"tuesday\",\"thursday\"],"
  "\"ends_at_date\":\"2026-09-08\",\"ends_at_time\":\"21:30:00\","
  "\"excluded_dates\":[\"2026-09-24\",\"2026-10-13T19:00:00\"],\"frequency\":\"weekly\","
  "\"id\":null,\"interval\":1,\"monthly_opts\":null,\"recurrence\":\"weekly\","
  "\"starts_at_date\":\"2026-09-08\",\"starts_at_time\":\"19:00:00\","
  "\"timezone\":\"America/Montreal\",\"until\":\"2026-12-17\"}",
  "{\"all_day?\":false,\"count\":10,\"days\":[{\"day\":\"monday\",\"week\":2}],"
  "\"ends_at_date\":\"2026-07-13\",\"ends_at_time\":\"20:00:00\","
  "\"excluded_dates\":[\"2026-12-14\"],\"frequency\":\"monthly\",\"id\":null,\"interval\":1,"
  "\"monthly_opts\":null,\"recurrence\":\"monthly\",\"starts_at_date\":\"2026-07-13\","
  "\"starts_at_time\":\"18:30:00\",\"timezone\":\"America/Montreal\",\"until\":null}",
  "{\"all_day?\":true,\"count\":3,\"days\":[],\"ends_at_date\":\"2026-07-19\","
  "\"ends_at_time\":null,\"excluded_dates\":[\"2027-07-17\"],\"frequency\":\"yearly\","
  "\"id\":null,\"interval\":1,\"monthly_opts\":null,\"recurrence\":\"yearly\","
  "\"starts_at_date\":\"2026-07-17\",\"starts_at_time\":null,\"timezone\":\"Europe/Paris\","
  "\"until\":null}",
  "{\"all_day?\":false,\"count\":730,\"days\":[],\"ends_at_date\":\"2026-11-30\","
  "\"ends_at_time\":\"19:47:00\",\"excluded_dates\":[],\"frequency\":\"daily\",\"id\":null,"
  "\"interval\":1,\"monthly_opts\":null,\"recurrence\":\"none\","
  "\"starts_at_date\":\"2026-11-30\",\"starts_at_time\":\"18:47:00\","
  "\"timezone\":\"America/Montreal\",\"until\":null}",
};

static const char * const recurrences[] = {
  "none", "daily", "weekly", "monthly", "yearly", "hourly", "", "Weekly", "custom",
};
static const char * const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "funday",
  "MO", "",
};
static const char * const zones[] = {
  "America/Montreal", "Europe/Paris", "UTC", "Australia/Lord_Howe", "Pacific/Chatham",
  "America/Santiago", "Asia/Kathmandu", "Pacific/Apia", "America/Havana", "Europe/Dublin",
  "Africa/Casablanca", "Antarctica/Troll", "Nope/Zone", "", "../../../etc/passwd", "+05:30",
  "EST5EDT", "Etc/GMT+12",
};
static const char * const fields[] = {
  "all_day?", "count", "days", "ends_at_date", "ends_at_time", "excluded_dates", "frequency",
  "interval", "monthly_opts", "recurrence", "starts_at_date", "starts_at_time", "timezone",
  "until", "all_day",
};
static const char * const odd_dates[] = {
  "0001-01-01", "9999-12-31", "2026-02-29", "2028-02-29", "2026-02-30", "2026-13-01",
  "2026-00-10", "26-01-01", "2026-1-1", "2026-01-01T00:00:00", "2026-03-08T02:30:00",
  "2026-11-01T01:30:00", "", "tomorrow", "1970-01-01", "2038-01-19", "2100-02-28",
};

guint
hs_fuzz_input_byte (HsFuzzInput *in)
{
  return in->p < in->end ? *in->p++ : 0;
}

guint
hs_fuzz_input_u16 (HsFuzzInput *in)
{
  guint high = hs_fuzz_input_byte (in);

  return (high << 8) | hs_fuzz_input_byte (in);
}

/* Up to @max bytes, up to a NUL, as they are (not necessarily UTF-8). */
char *
hs_fuzz_input_string (HsFuzzInput *in,
                      gsize        max)
{
  gsize n = MIN ((gsize)(in->end - in->p), max);
  const guint8 *nul = memchr (in->p, '\0', n);
  char *text;

  if (nul != NULL)
    n = nul - in->p;
  text = g_strndup ((const char *)in->p, n);
  in->p += n;
  if (in->p < in->end)
    in->p++;  /* the NUL, or one byte that ends the string */
  return text;
}

#define PICK(in, table) ((table)[hs_fuzz_input_byte (in) % G_N_ELEMENTS (table)])

static void
date_string (HsFuzzInput *in,
             const char  *base,
             char        *out,
             gsize        out_size)
{
  guint how = hs_fuzz_input_byte (in);
  int year, month, day;
  GDate date;

  if (how % 8 == 0)
    {
      g_strlcpy (out, PICK (in, odd_dates), out_size);
      return;
    }
  if (base == NULL || sscanf (base, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    year = 2026, month = 7, day = 13;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  {
    /* Small shifts mostly, sometimes decades either way. */
    int shift = how % 8 < 6 ? (int)hs_fuzz_input_byte (in) - 64
                            : (int)hs_fuzz_input_u16 (in) - 32768;

    if (shift >= 0 && g_date_get_julian (&date) + (guint)shift < 3652059)
      g_date_add_days (&date, shift);
    else if (shift < 0 && g_date_get_julian (&date) > (guint)-shift)
      g_date_subtract_days (&date, -shift);
  }
  g_snprintf (out, out_size, "%04u-%02u-%02u", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  if (how % 8 == 7)
    {
      gsize len = strlen (out);

      g_snprintf (out + len, out_size - len, "T%02u:%02u:00", hs_fuzz_input_byte (in) % 25,
                  (hs_fuzz_input_byte (in) % 4) * 15);
    }
}

static JsonNode *
time_node (HsFuzzInput *in)
{
  guint how = hs_fuzz_input_byte (in);
  char text[32];

  switch (how % 6)
    {
    case 0:
      return json_node_new (JSON_NODE_NULL);
    case 1:
      g_snprintf (text, sizeof text, "%02u:%02u", hs_fuzz_input_byte (in) % 26,
                  hs_fuzz_input_byte (in) % 62);
      break;
    case 2:
      return json_node_init_int (json_node_alloc (), hs_fuzz_input_byte (in));
    default:
      g_snprintf (text, sizeof text, "%02u:%02u:%02u", hs_fuzz_input_byte (in) % 25,
                  hs_fuzz_input_byte (in) % 61, hs_fuzz_input_byte (in) % 61);
      break;
    }
  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
nth_node (HsFuzzInput *in)
{
  int week = (int)(hs_fuzz_input_byte (in) % 9) - 3;  /* -3 … 5, 0 included */
  const char *day = PICK (in, weekdays);
  JsonNode *node;

  switch (hs_fuzz_input_byte (in) % 4)
    {
    case 0:
      {
        JsonObject *object = json_object_new ();

        json_object_set_string_member (object, "day", day);
        json_object_set_int_member (object, "week", week);
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    case 1:
      {
        JsonArray *array = json_array_new ();

        json_array_add_int_element (array, week);
        json_array_add_string_element (array, day);
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    case 2:
      {
        g_autofree char *text = g_strdup_printf ("%d%.2s", week, day);
        char *c;

        for (c = text; *c; c++)
          *c = g_ascii_toupper (*c);
        return json_node_init_string (json_node_alloc (), text);
      }
    default:
      return json_node_init_string (json_node_alloc (), day);
    }
}

static JsonNode *
array_node (HsFuzzInput *in,
            JsonNode *(*element) (HsFuzzInput *, const char *),
            const char  *base)
{
  JsonArray *array = json_array_new ();
  guint n = hs_fuzz_input_byte (in) % 6;
  JsonNode *node;

  for (guint i = 0; i < n; i++)
    json_array_add_element (array, element (in, base));
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

static JsonNode *
day_element (HsFuzzInput *in,
             const char  *base)
{
  return hs_fuzz_input_byte (in) % 3 == 0
    ? nth_node (in) : json_node_init_string (json_node_alloc (), PICK (in, weekdays));
}

static JsonNode *
date_element (HsFuzzInput *in,
              const char  *base)
{
  char text[64];

  date_string (in, base, text, sizeof text);
  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
month_day_element (HsFuzzInput *in,
                   const char  *base)
{
  return json_node_init_int (json_node_alloc (), (int)(hs_fuzz_input_byte (in) % 67) - 33);
}

static JsonNode *
count_node (HsFuzzInput *in)
{
  switch (hs_fuzz_input_byte (in) % 6)
    {
    case 0:
      return json_node_new (JSON_NODE_NULL);
    case 1:
      return json_node_init_int (json_node_alloc (), (gint64)hs_fuzz_input_u16 (in) << 16);
    case 2:
      return json_node_init_string (json_node_alloc (), "3");
    case 3:
      return json_node_init_double (json_node_alloc (), hs_fuzz_input_byte (in) / 2.0);
    default:
      return json_node_init_int (json_node_alloc (), (int)hs_fuzz_input_byte (in) - 2);
    }
}

static void
edit (JsonObject  *object,
      HsFuzzInput *in)
{
  const char *start = json_object_get_string_member_with_default (object, "starts_at_date",
                                                                  NULL);
  char text[64];

  switch (hs_fuzz_input_byte (in) % 16)
    {
    case 0:
      json_object_set_string_member (object, "recurrence", PICK (in, recurrences));
      break;
    case 1:
      json_object_set_string_member (object, "frequency", PICK (in, recurrences));
      break;
    case 2:
      json_object_set_member (object, "interval", count_node (in));
      break;
    case 3:
      json_object_set_member (object, "count", count_node (in));
      break;
    case 4:
      json_object_set_member (object, "days", array_node (in, day_element, NULL));
      break;
    case 5:
      if (hs_fuzz_input_byte (in) % 2)
        json_object_set_member (object, "monthly_opts", nth_node (in));
      else
        {
          JsonObject *opts = json_object_new ();

          json_object_set_member (opts, "days_of_month",
                                  array_node (in, month_day_element, NULL));
          json_object_set_object_member (object, "monthly_opts", opts);
        }
      break;
    case 6:
      json_object_set_member (object, "excluded_dates", array_node (in, date_element, start));
      break;
    case 7:
      date_string (in, start, text, sizeof text);
      json_object_set_string_member (object, "starts_at_date", text);
      break;
    case 8:
      date_string (in, start, text, sizeof text);
      json_object_set_string_member (object, "ends_at_date", text);
      break;
    case 9:
      json_object_set_member (object, "starts_at_time", time_node (in));
      break;
    case 10:
      json_object_set_member (object, "ends_at_time", time_node (in));
      break;
    case 11:
      json_object_set_string_member (object, "timezone", PICK (in, zones));
      break;
    case 12:
      if (hs_fuzz_input_byte (in) % 3 == 0)
        json_object_set_null_member (object, "all_day?");
      else
        json_object_set_boolean_member (object, "all_day?", hs_fuzz_input_byte (in) % 2);
      break;
    case 13:
      if (hs_fuzz_input_byte (in) % 3 == 0)
        json_object_set_null_member (object, "until");
      else
        {
          date_string (in, start, text, sizeof text);
          json_object_set_string_member (object, "until", text);
        }
      break;
    case 14:
      json_object_remove_member (object, PICK (in, fields));
      break;
    default:
      {
        const char *field = PICK (in, fields);
        g_autofree char *value = hs_fuzz_input_string (in, 40);

        if (g_utf8_validate (value, -1, NULL))
          json_object_set_string_member (object, field, value);
      }
      break;
    }
}

JsonObject *
hs_fuzz_schedule_object (HsFuzzInput *in)
{
  /* Not immutable: the edits change the sample's tree. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;

  if (in->p < in->end && *in->p == '{')
    {
      gsize size = in->end - in->p;

      in->p = in->end;
      if (!json_parser_load_from_data (parser, (const char *)in->end - size, (gssize)size, NULL) ||
          !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
        return NULL;
      return json_object_ref (json_node_get_object (root));
    }

  if (!json_parser_load_from_data (parser, PICK (in, bases), -1, NULL))
    g_error ("a sample schedule does not parse");
  object = json_node_dup_object (json_parser_get_root (parser));
  while (in->p < in->end)
    edit (object, in);

  return object;
}
