/* hs-ics-vtimezone.c: a VTIMEZONE built from GTimeZone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libical 3.0 builds its zones from tzdata's 32-bit data: its VTIMEZONEs end in 2037 with a
 * stray component at 2038-01-19. GTimeZone reads the 64-bit data and the rule that extends
 * it, so the transitions come from there: found with the expander's interval table
 * (hs-schedule-zone.c), from the interval holding the first instant to well past the last.
 * When the transitions at the end of that scan follow a yearly rule ("the first Sunday on or
 * after the 8th of March at 02:00"), they become a STANDARD/DAYLIGHT pair with an RRULE,
 * which covers every later year; the transitions before it are listed one component each
 * (no RDATE: ical.js ignores the DTSTART of a component that has RDATEs).
 */

#define G_LOG_DOMAIN "hs-ics"

#include "config.h"

#include "hs-ics-private.h"

typedef struct
{
  gint64      at;        /* Unix time of the change */
  gint32      from;      /* UTC offsets before and after */
  gint32      to;
  gboolean    dst;
  const char *abbr;      /* owned by the GTimeZone */
} Transition;

/* The pieces of a transition a yearly rule keeps the same from year to year. */
typedef struct
{
  int    month;
  int    weekday;
  gint64 time_of_day;    /* wall clock, in the offset before */
} RuleKey;

static const char *ical_days[] = { NULL, "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

static gint64
floor_div (gint64 a,
           gint64 b);

/* Field by field from day numbers: libical's own conversion gives up past some year (a rule
 * that rarely matches can reach year 3000 within its count), RFC 5545 goes to 9999. */
static icaltimetype
time_from_seconds (gint64   seconds,
                   gboolean is_date)
{
  icaltimetype t = icaltime_null_time ();
  gint64 days = floor_div (seconds, 86400);
  gint64 rest = seconds - days * 86400;

  hs_civil_from_days (days, &t.year, &t.month, &t.day);
  t.is_date = is_date;
  if (!is_date)
    {
      t.hour = (int)(rest / 3600);
      t.minute = (int)(rest / 60 % 60);
      t.second = (int)(rest % 60);
    }
  return t;
}

icaltimetype
hs_ics_utc_time (gint64 utc)
{
  icaltimetype t = time_from_seconds (utc, FALSE);

  t.zone = icaltimezone_get_utc_timezone ();
  return t;
}

icaltimetype
hs_ics_local_time (gint64   local,
                   gboolean is_date)
{
  /* Floating: the TZID parameter gives the zone. */
  return time_from_seconds (local, is_date);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static void
describe_interval (GTimeZone   *zone,
                   gint64       utc,
                   gboolean    *dst,
                   const char **abbr)
{
  int index = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, utc);

  *dst = index >= 0 && g_time_zone_is_dst (zone, index);
  *abbr = index >= 0 ? g_time_zone_get_abbreviation (zone, index) : NULL;
}

static RuleKey
rule_key (const Transition *t,
          int              *year,
          int              *day)
{
  gint64 local = t->at + t->from;
  gint64 days = floor_div (local, 86400);
  RuleKey key;

  hs_civil_from_days (days, year, &key.month, day);
  key.weekday = hs_weekday_of_days (days);
  key.time_of_day = local - days * 86400;
  return key;
}

static gboolean
same_kind (const Transition *a,
           const Transition *b)
{
  int ya, yb, da, db;
  RuleKey ka = rule_key (a, &ya, &da);
  RuleKey kb = rule_key (b, &yb, &db);

  return ka.month == kb.month && ka.weekday == kb.weekday && ka.time_of_day == kb.time_of_day &&
         a->from == b->from && a->to == b->to && a->dst == b->dst &&
         g_strcmp0 (a->abbr, b->abbr) == 0;
}

/* The index where a yearly two-rule pattern starts and runs to the end of transitions, or
 * transitions->len when there is none. *first_day[k] is the first day of the month of rule k
 * (the weekday on or after it); rule 0 is the one of the transition at the returned index. */
static guint
find_yearly_rule (GArray *transitions,
                  int     first_day[2])
{
  guint n = transitions->len;
  int min_day[2] = { 32, 32 }, max_day[2] = { 0, 0 };
  int last_year[2] = { 0, 0 };
  guint start = n;

  if (n < 4)
    return n;

  for (guint i = n; i-- > 0;)
    {
      const Transition *t = &g_array_index (transitions, Transition, i);
      /* Rules alternate: the last transition is kind (n - 1) % 2 … counted from the end. */
      guint kind = (n - 1 - i) % 2;
      const Transition *model = &g_array_index (transitions, Transition, n - 1 - kind);
      int year, day;

      rule_key (t, &year, &day);
      if (!same_kind (t, model))
        break;
      if (last_year[kind] != 0 && year != last_year[kind] - 1)
        break;
      if (MAX (max_day[kind], day) - MIN (min_day[kind], day) > 6)
        break;

      last_year[kind] = year;
      min_day[kind] = MIN (min_day[kind], day);
      max_day[kind] = MAX (max_day[kind], day);
      start = i;
    }

  /* Trust a rule only once every weekday has been seen in its window, so that the window is
   * the rule's ("Sunday on or after the 8th") and not a guess from a few years. */
  if (n - start < 28 || max_day[0] - min_day[0] != 6 || max_day[1] - min_day[1] != 6)
    return n;

  /* Rule 0 is the kind of the transition at start. */
  {
    guint kind_at_start = (n - 1 - start) % 2;

    first_day[0] = min_day[kind_at_start];
    first_day[1] = min_day[!kind_at_start];
  }

  return start;
}

static icalcomponent *
new_observance (const Transition *t,
                gint64            onset_local)
{
  icalcomponent *component = t->dst ? icalcomponent_new_xdaylight ()
                                    : icalcomponent_new_xstandard ();

  icalcomponent_add_property (component, icalproperty_new_tzoffsetfrom (t->from));
  icalcomponent_add_property (component, icalproperty_new_tzoffsetto (t->to));
  if (t->abbr != NULL && *t->abbr != '\0')
    icalcomponent_add_property (component, icalproperty_new_tzname (t->abbr));
  icalcomponent_add_property (component,
                              icalproperty_new_dtstart (hs_ics_local_time (onset_local, FALSE)));
  return component;
}

static void
add_rule_observance (icalcomponent    *vtimezone,
                     const Transition *t,
                     int               first_day)
{
  icalcomponent *component = new_observance (t, t->at + t->from);
  g_autoptr(GString) rule = g_string_new ("FREQ=YEARLY");
  int year, day;
  RuleKey key = rule_key (t, &year, &day);
  struct icalrecurrencetype recur;

  g_string_append_printf (rule, ";BYMONTH=%d", key.month);
  if (first_day % 7 == 1)
    g_string_append_printf (rule, ";BYDAY=%d%s", first_day / 7 + 1, ical_days[key.weekday]);
  else if (key.month != 2 && first_day + 6 == hs_days_in_month (year, key.month))
    g_string_append_printf (rule, ";BYDAY=-1%s", ical_days[key.weekday]);
  else
    {
      g_string_append_printf (rule, ";BYDAY=%s;BYMONTHDAY=", ical_days[key.weekday]);
      for (int d = first_day; d < first_day + 7; d++)
        g_string_append_printf (rule, "%s%d", d > first_day ? "," : "", d);
    }

  recur = icalrecurrencetype_from_string (rule->str);
  icalcomponent_add_property (component, icalproperty_new_rrule (recur));
  icalcomponent_add_component (vtimezone, component);
}

icalcomponent *
hs_ics_build_vtimezone (GTimeZone  *zone,
                        const char *tzid,
                        gint64      from_utc,
                        gint64      to_utc)
{
  g_autoptr(GArray) transitions = g_array_new (FALSE, FALSE, sizeof (Transition));
  icalcomponent *vtimezone;
  HsZoneCache cache;
  Transition initial;
  gint64 lo, hi, scan_end;
  int first_day[2] = { 0, 0 };
  guint rule_start;

  g_return_val_if_fail (zone != NULL, NULL);
  g_return_val_if_fail (tzid != NULL, NULL);

  hs_zone_cache_init (&cache, zone);
  scan_end = (to_utc == G_MAXINT64 ? MAX (from_utc, g_get_real_time () / G_USEC_PER_SEC)
                                   : MAX (to_utc, from_utc)) +
             (gint64)HS_ICS_ZONE_SCAN_YEARS * 366 * 86400;

  /* The interval holding the first instant: its onset starts the VTIMEZONE. */
  initial.to = hs_zone_cache_offset_at (&cache, from_utc);
  lo = cache.lo[cache.last];
  hi = cache.hi[cache.last];
  initial.from = lo == G_MININT64 ? initial.to : hs_zone_cache_offset_at (&cache, lo - 1);
  initial.at = lo;
  describe_interval (zone, from_utc, &initial.dst, &initial.abbr);

  while (hi != G_MAXINT64 && hi <= scan_end)
    {
      Transition t;

      t.at = hi;
      t.from = hs_zone_cache_offset_at (&cache, hi - 1);
      t.to = hs_zone_cache_offset_at (&cache, hi);
      hi = cache.hi[cache.last];
      describe_interval (zone, t.at, &t.dst, &t.abbr);
      g_array_append_val (transitions, t);
    }

  rule_start = find_yearly_rule (transitions, first_day);

  vtimezone = icalcomponent_new_vtimezone ();
  icalcomponent_add_property (vtimezone, icalproperty_new_tzid (tzid));

  /* An interval open towards the past: an onset before any date an event can have (engines
   * give no offset at all before the first onset). */
  icalcomponent_add_component (vtimezone,
                               new_observance (&initial, lo == G_MININT64 || lo < -11644473600
                                                         ? -11644473600 /* 1601-01-01 */
                                                         : lo + initial.from));

  for (guint i = 0; i < rule_start; i++)
    {
      const Transition *t = &g_array_index (transitions, Transition, i);

      /* Past the last instant, without a rule to express them, they change nothing. */
      if (to_utc != G_MAXINT64 && t->at > to_utc)
        break;
      icalcomponent_add_component (vtimezone, new_observance (t, t->at + t->from));
    }

  if (rule_start < transitions->len)
    {
      add_rule_observance (vtimezone, &g_array_index (transitions, Transition, rule_start),
                           first_day[0]);
      add_rule_observance (vtimezone, &g_array_index (transitions, Transition, rule_start + 1),
                           first_day[1]);
    }

  return vtimezone;
}
