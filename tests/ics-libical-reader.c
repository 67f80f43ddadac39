/* ics-libical-reader.c: an iCalendar file expanded by libical, as a calendar app does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Independent of Hookscope's expander: libical's parser, its RRULE iterator and its zone
 * code (fed with the VTIMEZONEs of the file, not the system's). RECURRENCE-ID overrides are
 * matched to their instance by the instant both name (the same local time in the same zone).
 */

#include "config.h"

#include <gio/gio.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "ics-libical-reader.h"

typedef struct
{
  gint64 start;
  gint64 end;
} Override;

void
ics_event_spans_free (IcsEventSpans *spans)
{
  g_free (spans->uid);
  g_free (spans->listed_until);
  g_array_unref (spans->spans);
  g_free (spans);
}

static icaltimezone *
zone_of (GHashTable   *zones,
         icalproperty *property)
{
  icalparameter *tzid = icalproperty_get_first_parameter (property, ICAL_TZID_PARAMETER);

  if (tzid == NULL)
    return NULL;
  return g_hash_table_lookup (zones, icalparameter_get_tzid (tzid));
}

/* A time as Unix time: UTC, zoned, or a date (its midnight in UTC). */
static gint64
to_unix (icaltimetype  t,
         icaltimezone *zone)
{
  if (t.is_date || icaltime_is_utc (t) || zone == NULL)
    return icaltime_as_timet_with_zone (t, icaltimezone_get_utc_timezone ());
  return icaltime_as_timet_with_zone (t, zone);
}

/* Field by field, as the rule's times are local to the same zone. */
static gboolean
same_fields (icaltimetype a,
             icaltimetype b)
{
  return a.year == b.year && a.month == b.month && a.day == b.day &&
         (b.is_date || (a.hour == b.hour && a.minute == b.minute && a.second == b.second));
}

static gboolean
is_excluded (GArray       *exdates,
             icaltimetype  t)
{
  for (guint i = 0; i < exdates->len; i++)
    if (same_fields (g_array_index (exdates, icaltimetype, i), t))
      return TRUE;
  return FALSE;
}

static gint
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const IcsSpan *x = a;
  const IcsSpan *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

static void
add_instance (IcsEventSpans *out,
              GHashTable    *overrides,
              gint64         start,
              gint64         duration,
              gboolean       all_day)
{
  IcsSpan span = { start, start + duration, all_day };
  Override *over = g_hash_table_lookup (overrides, &start);

  if (over != NULL)
    {
      span.start = over->start;
      span.end = over->end;
    }
  g_array_append_val (out->spans, span);
}

static IcsEventSpans *
expand_master (icalcomponent *event,
               GHashTable    *zones,
               GHashTable    *overrides,
               gint64         horizon)
{
  IcsEventSpans *out = g_new0 (IcsEventSpans, 1);
  g_autoptr(GArray) exdates = g_array_new (FALSE, FALSE, sizeof (icaltimetype));
  icalproperty *prop = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  icaltimezone *zone = zone_of (zones, prop);
  icaltimetype dtstart = icalproperty_get_dtstart (prop);
  gint64 duration;
  gboolean all_day = dtstart.is_date;
  gboolean has_rrule;

  out->uid = g_strdup (icalcomponent_get_uid (event));
  out->spans = g_array_new (FALSE, FALSE, sizeof (IcsSpan));

  for (prop = icalcomponent_get_first_property (event, ICAL_X_PROPERTY); prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_X_PROPERTY))
    if (g_strcmp0 (icalproperty_get_x_name (prop), "X-HOOKSCOPE-LISTED-UNTIL") == 0)
      out->listed_until = g_strdup (icalproperty_get_x (prop));

  /* RFC 5545: every instance lasts the exact duration (DTEND − DTSTART, or DURATION). */
  prop = icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY);
  if (prop != NULL)
    duration = to_unix (icalproperty_get_dtend (prop), zone_of (zones, prop)) -
               to_unix (dtstart, zone);
  else
    {
      prop = icalcomponent_get_first_property (event, ICAL_DURATION_PROPERTY);
      duration = prop != NULL ? icaldurationtype_as_int (icalproperty_get_duration (prop)) : 0;
    }

  for (prop = icalcomponent_get_first_property (event, ICAL_EXDATE_PROPERTY); prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_EXDATE_PROPERTY))
    {
      icaltimetype ex = icalproperty_get_exdate (prop);

      g_array_append_val (exdates, ex);
    }

  prop = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY);
  if (prop != NULL)
    {
      struct icalrecurrencetype rule = icalproperty_get_rrule (prop);
      icaltimetype floating = dtstart;
      icalrecur_iterator *iter;
      icaltimetype t;

      floating.zone = NULL;
      iter = icalrecur_iterator_new (rule, floating);
      while (iter != NULL && !icaltime_is_null_time (t = icalrecur_iterator_next (iter)))
        {
          gint64 start = to_unix (t, zone);

          if (start >= horizon)
            break;
          if (!is_excluded (exdates, t))
            add_instance (out, overrides, start, duration, all_day);
        }
      if (iter != NULL)
        icalrecur_iterator_free (iter);
    }
  else if (!is_excluded (exdates, dtstart) ||
           icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY) == NULL)
    {
      /* No RRULE: DTSTART is the first instance (alone, even an EXDATE cannot remove it). */
      if (to_unix (dtstart, zone) < horizon)
        add_instance (out, overrides, to_unix (dtstart, zone), duration, all_day);
    }

  /* (Not asked inside the loop: a component has one property iterator.) */
  has_rrule = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY) != NULL;
  for (prop = icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY); prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_RDATE_PROPERTY))
    {
      struct icaldatetimeperiodtype value = icalproperty_get_rdate (prop);
      gint64 start;

      /* Periods are not written: they count as an error here. */
      if (icaltime_is_null_time (value.time))
        {
          out->has_period = TRUE;
          continue;
        }
      start = to_unix (value.time, zone_of (zones, prop));
      /* DTSTART listed again as an RDATE is the same instance. */
      if (start < horizon && !is_excluded (exdates, value.time) &&
          !(same_fields (value.time, dtstart) && !has_rrule))
        add_instance (out, overrides, start, duration, all_day);
    }

  g_array_sort (out->spans, compare_spans);
  return out;
}

GPtrArray *
ics_libical_expand (const char  *text,
                    gint64       horizon,
                    GHashTable  *horizons,
                    GError     **error)
{
  icalcomponent *calendar = icalparser_parse_string (text);
  g_autoptr(GPtrArray) result =
    g_ptr_array_new_with_free_func ((GDestroyNotify)ics_event_spans_free);
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  g_autoptr(GHashTable) overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify)g_hash_table_unref);
  g_autoptr(GPtrArray) owned_zones = g_ptr_array_new ();
  icalcomponent *c;
  char *serialized;

  if (calendar == NULL || icalcomponent_isa (calendar) != ICAL_VCALENDAR_COMPONENT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a VCALENDAR");
      if (calendar != NULL)
        icalcomponent_free (calendar);
      return NULL;
    }

  serialized = icalcomponent_as_ical_string_r (calendar);
  if (strstr (serialized, "X-LIC-ERROR") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "libical: %s",
                   strstr (serialized, "X-LIC-ERROR"));
      free (serialized);
      icalcomponent_free (calendar);
      return NULL;
    }
  free (serialized);

  for (c = icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT); c != NULL;
       c = icalcomponent_get_next_component (calendar, ICAL_VTIMEZONE_COMPONENT))
    {
      icaltimezone *zone = icaltimezone_new ();

      icaltimezone_set_component (zone, icalcomponent_new_clone (c));
      g_hash_table_insert (zones, (gpointer)icaltimezone_get_tzid (zone), zone);
      g_ptr_array_add (owned_zones, zone);
    }

  /* Overrides first: uid → (instant of the RECURRENCE-ID → the instance's start and end). */
  for (c = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); c != NULL;
       c = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      icalproperty *rid = icalcomponent_get_first_property (c, ICAL_RECURRENCEID_PROPERTY);
      icalproperty *start, *end;
      GHashTable *of_uid;
      Override *over;
      gint64 *key;

      if (rid == NULL)
        continue;
      of_uid = g_hash_table_lookup (overrides, icalcomponent_get_uid (c));
      if (of_uid == NULL)
        {
          of_uid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
          g_hash_table_insert (overrides, g_strdup (icalcomponent_get_uid (c)), of_uid);
        }
      start = icalcomponent_get_first_property (c, ICAL_DTSTART_PROPERTY);
      end = icalcomponent_get_first_property (c, ICAL_DTEND_PROPERTY);
      over = g_new0 (Override, 1);
      over->start = to_unix (icalproperty_get_dtstart (start), zone_of (zones, start));
      over->end = end != NULL ? to_unix (icalproperty_get_dtend (end), zone_of (zones, end))
                              : over->start;
      key = g_new (gint64, 1);
      *key = to_unix (icalproperty_get_recurrenceid (rid), zone_of (zones, rid));
      g_hash_table_insert (of_uid, key, over);
    }

  for (c = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); c != NULL;
       c = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      g_autoptr(GHashTable) none = g_hash_table_new (g_int64_hash, g_int64_equal);
      GHashTable *of_uid;
      gint64 *own = NULL;

      if (icalcomponent_get_first_property (c, ICAL_RECURRENCEID_PROPERTY) != NULL)
        continue;
      of_uid = g_hash_table_lookup (overrides, icalcomponent_get_uid (c));
      if (horizons != NULL)
        own = g_hash_table_lookup (horizons, icalcomponent_get_uid (c));
      g_ptr_array_add (result, expand_master (c, zones, of_uid != NULL ? of_uid : none,
                                              own != NULL ? *own : horizon));
    }

  for (guint i = 0; i < owned_zones->len; i++)
    icaltimezone_free (g_ptr_array_index (owned_zones, i), TRUE);
  icalcomponent_free (calendar);

  return g_steal_pointer (&result);
}
