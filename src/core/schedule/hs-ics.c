/* hs-ics.c: iCalendar export of event schedules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an RFC 5545 reader can be trusted with, and what it cannot (docs/ics.md):
 * - a wall-clock time with a TZID that is neither in a DST gap nor in an overlap (engines
 *   disagree there: ical.js takes the later offset where Omerlo takes the earlier), placed
 *   with a VTIMEZONE that is right for every instant of the file (hs-ics-vtimezone.c);
 * - a DURATION where no DST change lies between start and end (then exact and nominal, and
 *   Omerlo's wall-clock duration, are one);
 * - an RRULE only where its dates are exactly Omerlo's (checked with libical's iterator);
 *   otherwise the dates are listed (RDATE, never a PERIOD: ical.js and dateutil cannot
 *   read those);
 * - EXDATE for excluded occurrences and for those Omerlo drops.
 * Every other occurrence (its start in a gap or an overlap, its end too, a DST change during
 * it) is an override: a VEVENT with the same UID, a RECURRENCE-ID naming the instance of the
 * rule, and its exact start and end. An unbounded schedule that needs overrides every year,
 * or that no RRULE says, is listed for HS_ICS_LISTED_YEARS years, and the file says so.
 */

#define G_LOG_DOMAIN "hs-ics"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "hs-ics.h"
#include "hs-ics-private.h"

/* 3000-01-01: libical refuses dates from there on. */
#define LAST_DAY ((gint64)376200)

typedef struct
{
  GTimeZone *zone;
  gint64     from;
  gint64     to;        /* G_MAXINT64: no end */
} ZoneNeed;

struct _HsIcsCalendar
{
  GPtrArray  *events;   /* icalcomponent *, VEVENTs in order */
  GHashTable *zones;    /* tzid → ZoneNeed */
  GPtrArray  *notes;    /* NULL-terminated */
  guint       n_events;
};

/* What one event's VEVENTs are written with. */
typedef struct
{
  HsSchedule    *schedule;
  HsZoneCache    cache;
  gboolean       utc;       /* no VTIMEZONE: times in UTC */
  const char    *uid;
  const char    *summary;
  icaltimetype   stamp;
  GPtrArray     *out;       /* icalcomponent * */
  gint64         min_utc;
  gint64         max_utc;
} Writer;

typedef enum
{
  PROP_DTSTART,
  PROP_DTEND,
  PROP_EXDATE,
  PROP_RDATE,
  PROP_RECURRENCE_ID,
} PropKind;

static void
zone_need_free (gpointer data)
{
  ZoneNeed *need = data;

  g_time_zone_unref (need->zone);
  g_free (need);
}

HsIcsCalendar *
hs_ics_calendar_new (void)
{
  HsIcsCalendar *self = g_new0 (HsIcsCalendar, 1);

  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify)icalcomponent_free);
  self->zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, zone_need_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  return self;
}

void
hs_ics_calendar_free (HsIcsCalendar *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->events);
  g_hash_table_unref (self->zones);
  g_ptr_array_unref (self->notes);
  g_free (self);
}

guint
hs_ics_calendar_get_n_events (HsIcsCalendar *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_events;
}

const char * const *
hs_ics_calendar_get_notes (HsIcsCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *)self->notes->pdata;
}

static void
add_note (HsIcsCalendar *self,
          char          *note)
{
  g_ptr_array_insert (self->notes, self->notes->len - 1, note);
}

static icalproperty *
new_time_property (PropKind     kind,
                   icaltimetype t)
{
  struct icaldatetimeperiodtype value;

  switch (kind)
    {
    case PROP_DTSTART:
      return icalproperty_new_dtstart (t);
    case PROP_DTEND:
      return icalproperty_new_dtend (t);
    case PROP_EXDATE:
      return icalproperty_new_exdate (t);
    case PROP_RECURRENCE_ID:
      return icalproperty_new_recurrenceid (t);
    case PROP_RDATE:
    default:
      memset (&value, 0, sizeof value);
      value.time = t;
      value.period = icalperiodtype_null_period ();
      return icalproperty_new_rdate (value);
    }
}

/* A wall-clock time of the rule, with the event's TZID (UTC: marked Z; all-day: a DATE). */
static void
add_wall (Writer        *w,
          icalcomponent *component,
          PropKind       kind,
          gint64         local)
{
  icaltimetype t = hs_ics_local_time (local, w->schedule->all_day);
  icalproperty *property;

  if (w->utc && !w->schedule->all_day)
    t.zone = icaltimezone_get_utc_timezone ();
  property = new_time_property (kind, t);
  if (!w->utc && !w->schedule->all_day)
    icalproperty_add_parameter (property, icalparameter_new_tzid (w->schedule->time_zone_name));
  icalcomponent_add_property (component, property);
}

/* An exact instant: the zone's wall-clock time when a reader places it back exactly there,
 * otherwise UTC. */
static void
add_instant (Writer        *w,
             icalcomponent *component,
             PropKind       kind,
             gint64         utc)
{
  gint64 local = utc + hs_zone_cache_offset_at (&w->cache, utc);
  gboolean in_gap = FALSE, ambiguous = FALSE;

  if (!w->utc &&
      hs_schedule_place_local_full (&w->cache, local, FALSE, &in_gap, &ambiguous) == utc &&
      !in_gap && !ambiguous)
    {
      add_wall (w, component, kind, local);
      return;
    }

  icalcomponent_add_property (component, new_time_property (kind, hs_ics_utc_time (utc)));
}

static icalcomponent *
new_vevent (Writer *w)
{
  icalcomponent *event = icalcomponent_new_vevent ();

  icalcomponent_add_property (event, icalproperty_new_uid (w->uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (w->stamp));
  icalcomponent_add_property (event, icalproperty_new_summary (w->summary));
  g_ptr_array_add (w->out, event);
  return event;
}

static void
note_instant (Writer *w,
              gint64  utc)
{
  w->min_utc = MIN (w->min_utc, utc);
  w->max_utc = MAX (w->max_utc, utc);
}

/* The master's DTSTART and its duration: DURATION (days nominal, the rest exact: the same
 * where no DST change lies between start and end, the only instances left to the rule), or
 * for all-day events DTEND as the day after the last (exclusive). */
static void
add_start_and_duration (Writer        *w,
                        icalcomponent *event,
                        gint64         local)
{
  HsSchedule *self = w->schedule;

  add_wall (w, event, PROP_DTSTART, local);
  if (self->all_day)
    add_wall (w, event, PROP_DTEND, local + self->duration + 86400);
  else
    icalcomponent_add_property (event, icalproperty_new_duration (
                                  icaldurationtype_from_int ((int)self->duration)));
}

/* An override of the instance at inst->local: its exact start and end. */
static void
add_override (Writer              *w,
              const HsIcsInstance *inst)
{
  icalcomponent *event = new_vevent (w);

  add_wall (w, event, PROP_RECURRENCE_ID, inst->local);
  add_instant (w, event, PROP_DTSTART, inst->start_utc);
  add_instant (w, event, PROP_DTEND, inst->end_utc);
}

static gboolean
is_kept (const HsIcsInstance *inst)
{
  return !inst->excluded && !inst->dropped;
}

/* EXDATEs and overrides of the listed instances. */
static void
add_exceptions (Writer *w,
                GArray *instances)
{
  icalcomponent *master = g_ptr_array_index (w->out, 0);

  for (guint i = 0; i < instances->len; i++)
    {
      const HsIcsInstance *inst = &g_array_index (instances, HsIcsInstance, i);

      note_instant (w, inst->start_utc);
      note_instant (w, inst->end_utc);
      if (!is_kept (inst))
        add_wall (w, master, PROP_EXDATE, inst->local);
      else if (inst->irregular)
        add_override (w, inst);
    }
}

/* Every instance as an RDATE of its own (DTSTART being the first kept one). */
static void
write_listed (Writer *w,
              GArray *instances)
{
  icalcomponent *master;
  const HsIcsInstance *first = NULL;

  for (guint i = 0; i < instances->len && first == NULL; i++)
    if (is_kept (&g_array_index (instances, HsIcsInstance, i)))
      first = &g_array_index (instances, HsIcsInstance, i);

  master = new_vevent (w);
  if (first == NULL)
    {
      /* No occurrence at all: an instance that is excluded right away. A lone DTSTART is
       * always an instance (ical.js ignores an EXDATE without an RDATE or RRULE). */
      gint64 local = instances->len > 0
                     ? g_array_index (instances, HsIcsInstance, 0).local
                     : hs_schedule_local_seconds (&w->schedule->start_date,
                                                  w->schedule->all_day ? 0
                                                                       : w->schedule->start_time);

      add_start_and_duration (w, master, local);
      add_wall (w, master, PROP_RDATE, local);
      add_wall (w, master, PROP_EXDATE, local);
      note_instant (w, hs_schedule_place_local (&w->cache, local, FALSE, NULL));
      return;
    }

  /* DTSTART is an RDATE too: ical.js reads only the RDATEs once there are some. */
  add_start_and_duration (w, master, first->local);
  for (guint i = 0; i < instances->len; i++)
    {
      const HsIcsInstance *inst = &g_array_index (instances, HsIcsInstance, i);

      if (!is_kept (inst))
        continue;
      if (instances->len > 1)
        add_wall (w, master, PROP_RDATE, inst->local);
      note_instant (w, inst->start_utc);
      note_instant (w, inst->end_utc);
      if (inst->irregular)
        add_override (w, inst);
    }
}

/* The RRULE from the first kept instance; ends as ExCycle counts (excluded ones do not use up
 * count: then, or when the list was cut, UNTIL the last listed day). */
static void
write_rule (Writer  *w,
            GArray  *instances,
            guint    first,
            gboolean bounded,
            gboolean cut)
{
  HsSchedule *self = w->schedule;
  g_autofree char *rule_text = hs_schedule_build_rrule (self, NULL);
  struct icalrecurrencetype rule = icalrecurrencetype_from_string (rule_text);
  icalcomponent *master = new_vevent (w);
  gboolean has_excluded = FALSE;
  g_autoptr(GArray) rest = NULL;

  for (guint i = 0; i < instances->len; i++)
    has_excluded |= g_array_index (instances, HsIcsInstance, i).excluded;

  add_start_and_duration (w, master, g_array_index (instances, HsIcsInstance, first).local);

  if (self->count > 0 && !has_excluded && first == 0 && !cut)
    rule.count = (int)self->count;
  else if (bounded || cut)
    {
      /* UNTIL is in UTC, and some readers compare it with the rule's local times as if they
       * were UTC too (libical's iterator from a floating DTSTART): an hour past both the last
       * instant and its local time is right either way, since the next instance is at least
       * a day later and offsets are under 15 hours. */
      gint64 last = g_array_index (instances, HsIcsInstance, instances->len - 1).local;

      if (self->all_day)
        rule.until = hs_ics_local_time (last - last % 86400, TRUE);
      else
        rule.until = hs_ics_utc_time (MAX (last, hs_schedule_place_local (&w->cache, last,
                                                                          FALSE, NULL)) +
                                      3600);
    }
  icalcomponent_add_property (master, icalproperty_new_rrule (rule));

  rest = g_array_sized_new (FALSE, FALSE, sizeof (HsIcsInstance), instances->len - first);
  g_array_append_vals (rest, &g_array_index (instances, HsIcsInstance, first),
                       instances->len - first);
  add_exceptions (w, rest);
}

static void
write_single (Writer *w)
{
  HsSchedule *self = w->schedule;
  HsIcsInstance inst = { 0, };
  icalcomponent *event;

  inst.local = hs_schedule_local_seconds (&self->start_date, self->all_day ? 0 : self->start_time);
  hs_ics_place_instance (self, &w->cache, FALSE, &inst);

  if (inst.dropped || !inst.irregular)
    {
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (HsIcsInstance));

      g_array_append_val (one, inst);
      write_listed (w, one);
      return;
    }

  /* Both ends exact, in UTC: a reader then cannot move either, whatever it does with a
   * duration across a DST change. */
  event = new_vevent (w);
  icalcomponent_add_property (event, icalproperty_new_dtstart (hs_ics_utc_time (inst.start_utc)));
  icalcomponent_add_property (event, icalproperty_new_dtend (hs_ics_utc_time (inst.end_utc)));
  note_instant (w, inst.start_utc);
  note_instant (w, inst.end_utc);
}

static void
say_listed (HsIcsCalendar *calendar,
            Writer        *w,
            gint64         until_day)
{
  icalcomponent *master = g_ptr_array_index (w->out, 0);
  icalproperty *property;
  int y, m, d;
  g_autofree char *date = NULL;
  g_autofree char *description = NULL;
  g_autofree char *value = NULL;

  hs_civil_from_days (until_day, &y, &m, &d);
  date = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  description = g_strdup_printf (_("The occurrences of this schedule are listed until %s "
                                   "only (Hookscope): no calendar rule says them exactly for "
                                   "ever (an unbounded schedule whose dates differ from its "
                                   "rule's, or that DST changes move every year; or dates past "
                                   "2999)."), date);
  value = g_strdup_printf ("%04d%02d%02d", y, m, d);
  property = icalproperty_new_x (value);
  icalproperty_set_x_name (property, "X-HOOKSCOPE-LISTED-UNTIL");
  icalcomponent_add_property (master, property);

  add_note (calendar, g_strdup_printf (_("%s: occurrences listed until %s only: no calendar "
                                         "rule says this schedule exactly for ever"),
                                       w->uid, date));
}

static void
need_zone (HsIcsCalendar *self,
           Writer        *w,
           gboolean       forever)
{
  ZoneNeed *need;

  if (w->utc || w->schedule->all_day || w->min_utc > w->max_utc)
    return;

  need = g_hash_table_lookup (self->zones, w->schedule->time_zone_name);
  if (need == NULL)
    {
      need = g_new0 (ZoneNeed, 1);
      need->zone = g_time_zone_ref (w->schedule->time_zone);
      need->from = G_MAXINT64;
      need->to = G_MININT64;
      g_hash_table_insert (self->zones, g_strdup (w->schedule->time_zone_name), need);
    }

  /* A day of margin either side: UNTIL and EXDATEs are near the instants, not on them. */
  need->from = MIN (need->from, w->min_utc - 2 * 86400);
  need->to = forever ? G_MAXINT64 : MAX (need->to, w->max_utc + 2 * 86400);
}

/* Whether the RRULE says exactly Omerlo's dates: checked with libical's iterator past every
 * exclusion and for the listed years at least (it is not fast enough for all of them), up to
 * the next listed instance or where the list ends (the walk's end when it was stopped, the
 * last instance when the schedule ended). */
static gboolean
rule_says_omerlo (HsSchedule *self,
                  GArray     *instances,
                  guint       first,
                  gboolean    bounded,
                  gboolean    capped,
                  gint64      listed_until,
                  gint64      check_until)
{
  gint64 check_day = MAX (listed_until, hs_ics_last_excluded_day (self) + 366);
  gboolean exact = FALSE;
  guint last = first;
  gint64 until_local;

  g_free (hs_schedule_build_rrule (self, &exact));
  if (!exact || first >= instances->len)
    return FALSE;

  while (last + 1 < instances->len &&
         (last < first + 1000 ||
          g_array_index (instances, HsIcsInstance, last + 1).local < check_day * 86400))
    last++;

  if (last + 1 < instances->len)
    until_local = g_array_index (instances, HsIcsInstance, last + 1).local - 1;
  else if (capped && !bounded)
    until_local = (check_until + 1) * 86400 - 1;
  else
    until_local = g_array_index (instances, HsIcsInstance, last).local;

  return hs_ics_rule_agrees (self, instances, first, last, until_local);
}

/* The repeating schedule: an RRULE where it says Omerlo's dates, else the dates listed. */
static void
write_repeating (HsIcsCalendar *calendar,
                 Writer        *w,
                 gboolean      *forever)
{
  HsSchedule *self = w->schedule;
  gboolean bounded = self->count > 0 || g_date_valid (&self->until);
  gint64 listed_until = hs_ics_listed_until_day (self);
  gint64 check_until = MAX (listed_until, hs_ics_last_excluded_day (self) + 366) +
                       (gint64)HS_ICS_CHECK_YEARS * 366;
  gint64 last_day = g_date_valid (&self->until) ? hs_ics_days_of (&self->until)
                    : bounded ? G_MAXINT64 : check_until;
  g_autoptr(GArray) instances = NULL;
  gboolean has_rule = FALSE;
  gboolean beyond = FALSE;
  gboolean capped = FALSE;
  gboolean exact = FALSE;
  gboolean cut = FALSE;
  guint first = 0;

  *forever = FALSE;

  /* A schedule no RRULE can say is written as its dates, and those are listed up to the same
   * horizon as an unbounded schedule's, however far its count or end reaches (a count of a
   * billion listed 95,680 dates to year 9999, which libical takes minutes to read: fuzz-ics). */
  g_free (hs_schedule_build_rrule (self, &has_rule));
  if (!has_rule && last_day > check_until)
    {
      last_day = check_until;
      beyond = TRUE;
    }

  instances = hs_ics_list_instances (self, &w->cache, last_day, &capped);
  if (!bounded)
    capped = TRUE;
  else if (beyond && !capped)
    {
      guint kept = 0;

      for (guint i = 0; i < instances->len; i++)
        kept += !g_array_index (instances, HsIcsInstance, i).excluded;
      /* Its count not used up there: it goes on after what was listed. */
      capped = self->count == 0 || kept < self->count;
    }

  /* libical (the library of GNOME Calendar) cannot carry a date past 2999, and a rule that
   * rarely matches can reach it within its count: listed up to there, and said so. */
  if (instances->len > 0 &&
      g_array_index (instances, HsIcsInstance, instances->len - 1).local >= LAST_DAY * 86400)
    {
      capped = TRUE;
      listed_until = bounded ? LAST_DAY : MIN (listed_until, LAST_DAY);
    }

  while (first < instances->len && !is_kept (&g_array_index (instances, HsIcsInstance, first)))
    first++;

  exact = rule_says_omerlo (self, instances, first, bounded, capped, listed_until,
                            check_until);

  if (exact && capped && !bounded)
    {
      /* Unbounded: without an end only if no DST change moves an occurrence after the listed
       * years (those before get overrides). */
      for (guint i = first; i < instances->len && !cut; i++)
        {
          const HsIcsInstance *inst = &g_array_index (instances, HsIcsInstance, i);

          cut = inst->local >= listed_until * 86400 && !inst->excluded &&
                (inst->dropped || inst->irregular);
        }
      if (!cut)
        {
          /* Instances past the last exclusion and the listed years need nothing (the first
           * kept one stays: DTSTART). */
          hs_ics_cut_instances (instances,
                                MAX (MAX (listed_until, hs_ics_last_excluded_day (self) + 1),
                                     g_array_index (instances, HsIcsInstance,
                                                    first).local / 86400 + 1));
          write_rule (w, instances, first, FALSE, FALSE);
          *forever = TRUE;
          return;
        }
    }

  if (capped)
    {
      cut = TRUE;
      hs_ics_cut_instances (instances, listed_until);
      first = MIN (first, instances->len);
      while (first < instances->len && !is_kept (&g_array_index (instances, HsIcsInstance, first)))
        first++;
    }

  if (exact && first < instances->len)
    write_rule (w, instances, first, bounded, cut);
  else
    write_listed (w, instances);

  if (cut)
    say_listed (calendar, w, listed_until);
}

gboolean
hs_ics_calendar_add_schedule (HsIcsCalendar  *self,
                              HsSchedule     *schedule,
                              const char     *uid,
                              const char     *summary,
                              GError        **error)
{
  g_autofree char *generated_uid = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)icalcomponent_free);
  gboolean forever = FALSE;
  Writer w;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (HS_IS_SCHEDULE (schedule), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (&w, 0, sizeof w);
  w.schedule = schedule;
  hs_zone_cache_init (&w.cache, schedule->time_zone);
  w.utc = g_strcmp0 (schedule->time_zone_name, "UTC") == 0;
  w.uid = uid != NULL ? uid : (generated_uid = g_uuid_string_random ());
  w.summary = summary != NULL ? summary : _("Event");
  w.stamp = hs_ics_utc_time (g_get_real_time () / G_USEC_PER_SEC);
  w.out = out;
  w.min_utc = G_MAXINT64;
  w.max_utc = G_MININT64;

  if (schedule->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    write_single (&w);
  else
    write_repeating (self, &w, &forever);

  need_zone (self, &w, forever);

  for (guint i = 0; i < out->len; i++)
    g_ptr_array_add (self->events, g_steal_pointer (&g_ptr_array_index (out, i)));
  g_ptr_array_set_size (out, 0);
  self->n_events++;

  return TRUE;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

char *
hs_ics_calendar_to_string (HsIcsCalendar *self)
{
  icalcomponent *calendar;
  g_autoptr(GPtrArray) tzids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  char *text;
  char *result;

  g_return_val_if_fail (self != NULL, NULL);

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Hookscope//Hookscope//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));

  g_hash_table_iter_init (&iter, self->zones);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (tzids, key);
  g_ptr_array_sort (tzids, compare_strings);
  for (guint i = 0; i < tzids->len; i++)
    {
      ZoneNeed *need = g_hash_table_lookup (self->zones, g_ptr_array_index (tzids, i));

      icalcomponent_add_component (calendar,
                                   hs_ics_build_vtimezone (need->zone,
                                                           g_ptr_array_index (tzids, i),
                                                           need->from, need->to));
    }

  for (guint i = 0; i < self->events->len; i++)
    icalcomponent_add_component (calendar,
                                 icalcomponent_new_clone (g_ptr_array_index (self->events, i)));

  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  result = g_strdup (text);
  free (text);
  return result;
}

char *
hs_ics_export_schedule (HsSchedule  *schedule,
                        const char  *uid,
                        const char  *summary,
                        GError     **error)
{
  g_autoptr(HsIcsCalendar) calendar = NULL;

  g_return_val_if_fail (HS_IS_SCHEDULE (schedule), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  calendar = hs_ics_calendar_new ();
  if (!hs_ics_calendar_add_schedule (calendar, schedule, uid, summary, error))
    return NULL;

  return hs_ics_calendar_to_string (calendar);
}
