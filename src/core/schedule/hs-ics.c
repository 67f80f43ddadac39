/* hs-ics.c: iCalendar export of an event schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RRULE + EXDATE where RFC 5545 means what ExCycle means; explicit times where it does not:
 * - an excluded date is an EXDATE (and COUNT becomes UNTIL, as RFC 5545 counts excluded
 *   instances and ExCycle does not);
 * - an instance a DST change treats differently (start in a gap, real duration not the first
 *   one's, squeezed to nothing) is an EXDATE plus, unless squeezed, an RDATE PERIOD in UTC;
 * - a rule RFC 5545 cannot say (an nth weekday in a daily or weekly rule), a first occurrence
 *   that is itself irregular, or Omerlo's dates where they are not the rule's (ExCycle's
 *   corners: libical then disagrees with the listed instances) is written as RDATEs only.
 * The instances come from the rule walk the expander uses (hs-schedule-walk.c).
 */

#define G_LOG_DOMAIN "hs-ics"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <stdlib.h>

#include "hs-ics.h"
#include "hs-schedule-private.h"

/* One instance of the rule, before ExCycle's filters: what an RFC 5545 reader would see. */
typedef struct
{
  gint64   local;       /* wall-clock start */
  gint64   start_utc;   /* ExCycle's start and end */
  gint64   end_utc;
  guint    excluded : 1;
  guint    squeezed : 1;
  guint    in_gap : 1;
  guint    end_odd : 1;  /* the end is ambiguous or in a gap */
} Instance;

#define MAX_INSTANCES 100000

static void
place_instance (HsSchedule  *self,
                HsZoneCache *cache,
                Instance    *instance)
{
  gint64 end_local = instance->local + self->duration + (self->all_day ? 86400 : 0);
  gboolean in_gap = FALSE;
  gboolean end_in_gap = FALSE;

  instance->start_utc = hs_schedule_place_local (cache, instance->local, FALSE, &in_gap);
  instance->end_utc = hs_schedule_place_local (cache, end_local, TRUE, &end_in_gap);
  instance->in_gap = in_gap;
  instance->end_odd = end_in_gap ||
                      hs_schedule_place_local (cache, end_local, FALSE, NULL) !=
                      instance->end_utc;
  instance->squeezed = self->duration > 0 && instance->end_utc <= instance->start_utc;

  if (self->duration == 0 && !self->all_day)
    {
      gboolean ambiguous = FALSE;

      /* Zero-length: the end is the start; ExCycle drops one starting in a DST change. */
      hs_schedule_place_local_full (cache, instance->local, FALSE, NULL, &ambiguous);
      instance->end_utc = instance->start_utc;
      instance->end_odd = FALSE;
      instance->squeezed = in_gap || ambiguous;
    }
}

/* The instances as Omerlo has them (the rule walk the expander uses, ExCycle's corners
 * included), excluded and squeezed ones kept and flagged. */
static GArray *
list_instances (HsSchedule  *self,
                HsZoneCache *cache,
                gboolean    *counted_exclusions)
{
  g_autoptr(GArray) instances = g_array_new (FALSE, TRUE, sizeof (Instance));
  HsRuleWalk walk;
  HsWalkResult step;
  guint produced = 0;
  gint64 day;
  GDate horizon;

  *counted_exclusions = FALSE;

  horizon = self->start_date;
  g_date_add_years (&horizon, HS_ICS_HORIZON_YEARS);
  if (g_date_valid (&self->until))
    horizon = self->until;

  hs_rule_walk_init (&walk, self, TRUE, NULL,
                     (g_date_valid (&self->until) || self->count == 0) ? &horizon : NULL);

  while (instances->len < MAX_INSTANCES && (step = hs_rule_walk_next (&walk, &day)) != HS_WALK_END)
    {
      Instance instance = { 0, };

      if (self->count > 0 && produced >= self->count)
        break;

      instance.local = day * 86400 + (self->all_day ? 0 : self->start_time);
      place_instance (self, cache, &instance);
      instance.excluded = step == HS_WALK_EXCLUDED;

      if (instance.excluded)
        *counted_exclusions = TRUE;
      else
        produced++;

      g_array_append_val (instances, instance);
    }

  return g_steal_pointer (&instances);
}

/* Whether libical (the library GNOME Calendar reads with) expands the RRULE, from DTSTART at
 * the first instance, to exactly the listed wall-clock starts: a guard against its quirks. */
static gboolean
libical_agrees (HsSchedule *self,
                GArray     *instances,
                guint       first_index)
{
  g_autofree char *rule_text = hs_schedule_build_rrule (self, NULL);
  struct icalrecurrencetype rule = icalrecurrencetype_from_string (rule_text);
  const Instance *last = &g_array_index (instances, Instance, instances->len - 1);
  icaltimetype dtstart;
  icalrecur_iterator *iter;
  gboolean agrees = TRUE;
  guint i = first_index;

  rule.until = icaltime_from_timet_with_zone ((time_t)last->local, 0,
                                              icaltimezone_get_utc_timezone ());
  rule.until.zone = NULL;
  dtstart = icaltime_from_timet_with_zone ((time_t)g_array_index (instances, Instance,
                                                                  first_index).local,
                                           0, icaltimezone_get_utc_timezone ());
  dtstart.zone = NULL;

  iter = icalrecur_iterator_new (rule, dtstart);
  if (iter == NULL)
    {
      icalerror_clear_errno ();
      return FALSE;
    }

  for (;;)
    {
      icaltimetype t = icalrecur_iterator_next (iter);

      if (icaltime_is_null_time (t))
        break;
      t.zone = icaltimezone_get_utc_timezone ();
      if (i >= instances->len ||
          (gint64)icaltime_as_timet_with_zone (t, icaltimezone_get_utc_timezone ()) !=
          g_array_index (instances, Instance, i).local)
        {
          agrees = FALSE;
          break;
        }
      i++;
    }

  icalrecur_iterator_free (iter);

  return agrees && i == instances->len;
}

static icaltimetype
local_to_ical (gint64   local,
               gboolean is_date)
{
  icaltimetype t = icaltime_from_timet_with_zone ((time_t)local, is_date,
                                                  icaltimezone_get_utc_timezone ());

  /* Floating: the TZID parameter gives the zone. */
  t.zone = NULL;
  return t;
}

static icaltimetype
utc_to_ical (gint64 utc)
{
  return icaltime_from_timet_with_zone ((time_t)utc, 0, icaltimezone_get_utc_timezone ());
}

/* A wall-clock time with the event's TZID; in UTC (no VTIMEZONE for it) the time itself is
 * marked UTC instead; dates of all-day events carry no zone. */
static void
add_local_time (icalcomponent *event,
                icalproperty  *property,
                HsSchedule    *self)
{
  if (self->all_day)
    {
      /* nothing: a DATE */
    }
  else if (g_strcmp0 (self->time_zone_name, "UTC") == 0)
    {
      icalvalue *value = icalproperty_get_value (property);
      icaltimetype t = icalvalue_get_datetime (value);

      t.zone = icaltimezone_get_utc_timezone ();
      icalvalue_set_datetime (value, t);
    }
  else
    {
      icalproperty_add_parameter (property, icalparameter_new_tzid (self->time_zone_name));
    }

  icalcomponent_add_property (event, property);
}

static void
add_rdate (icalcomponent  *event,
           HsSchedule     *self,
           const Instance *instance)
{
  struct icaldatetimeperiodtype value;

  memset (&value, 0, sizeof value);
  value.time = icaltime_null_time ();
  value.period = icalperiodtype_null_period ();

  if (self->all_day)
    {
      value.time = local_to_ical (instance->local, TRUE);
      icalcomponent_add_property (event, icalproperty_new_rdate (value));
      return;
    }

  value.period.start = utc_to_ical (instance->start_utc);
  value.period.end = utc_to_ical (instance->end_utc);
  icalcomponent_add_property (event, icalproperty_new_rdate (value));
}

static icalcomponent *
make_timezone (HsSchedule *self,
               gint64      from_utc)
{
  icaltimezone *builtin = icaltimezone_get_builtin_timezone (self->time_zone_name);
  icalcomponent *component;
  icalproperty *tzid;

  if (builtin == NULL || icaltimezone_get_component (builtin) == NULL)
    return NULL;

  /* libical names its zones "/freeassociation.sourceforge.net/…": use the IANA name. */
  component = icalcomponent_new_clone (icaltimezone_get_component (builtin));
  tzid = icalcomponent_get_first_property (component, ICAL_TZID_PROPERTY);
  if (tzid != NULL)
    icalproperty_set_tzid (tzid, self->time_zone_name);

  /* The zone's whole history since 1895 is not needed: keep from a year before the event. */
  icaltimezone_truncate_vtimezone (component, utc_to_ical (from_utc - 366 * 86400),
                                   icaltime_null_time (), 0);

  return component;
}

/* The first instance and DTEND as ExCycle places them; TRUE when RFC 5545 agrees. */
static gboolean
instance_is_regular (HsSchedule     *self,
                     const Instance *instance,
                     gint64          real_duration)
{
  if (self->all_day)
    return TRUE;

  return !instance->in_gap && !instance->squeezed && !instance->end_odd &&
         instance->end_utc - instance->start_utc == real_duration;
}

char *
hs_ics_export_schedule (HsSchedule  *self,
                        const char  *uid,
                        const char  *summary,
                        GError     **error)
{
  icalcomponent *calendar;
  icalcomponent *event;
  icalcomponent *vtimezone = NULL;
  g_autoptr(GArray) instances = NULL;
  g_autofree char *generated_uid = NULL;
  const Instance *first = NULL;
  Instance single = { 0, };
  gboolean exact = TRUE;
  gboolean counted_exclusions = FALSE;
  gboolean use_rrule;
  gint64 real_duration;
  HsZoneCache cache;
  char *text;

  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hs_zone_cache_init (&cache, self->time_zone);

  if (!self->all_day && g_strcmp0 (self->time_zone_name, "UTC") != 0)
    {
      vtimezone = make_timezone (self, hs_schedule_local_seconds (&self->start_date, 0) -
                                          14 * 3600);
      if (vtimezone == NULL)
        {
          g_set_error (error, HS_SCHEDULE_ERROR, HS_SCHEDULE_ERROR_INVALID,
                       _("%s: libical has no definition of “%s”"), "timezone",
                       self->time_zone_name);
          return NULL;
        }
    }

  if (self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    {
      instances = g_array_new (FALSE, TRUE, sizeof (Instance));
      single.local = hs_schedule_local_seconds (&self->start_date,
                                                self->all_day ? 0 : self->start_time);
      place_instance (self, &cache, &single);
      g_array_append_val (instances, single);
    }
  else
    {
      instances = list_instances (self, &cache, &counted_exclusions);
      g_free (hs_schedule_build_rrule (self, &exact));
    }

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Hookscope//Hookscope//EN"));
  if (vtimezone != NULL)
    icalcomponent_add_component (calendar, vtimezone);

  event = icalcomponent_new_vevent ();
  icalcomponent_add_component (calendar, event);

  if (uid == NULL)
    uid = generated_uid = g_uuid_string_random ();
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (utc_to_ical (g_get_real_time () /
                                                                            G_USEC_PER_SEC)));
  icalcomponent_add_property (event, icalproperty_new_summary (summary != NULL ? summary
                                                                               : _("Event")));

  /* DTSTART is the first instance of the rule: RFC 5545 always counts DTSTART, ExCycle only
   * when it matches the rule. */
  for (guint i = 0; i < instances->len && first == NULL; i++)
    if (!g_array_index (instances, Instance, i).squeezed)
      first = &g_array_index (instances, Instance, i);

  if (first == NULL)
    {
      /* No occurrence at all: a start that is excluded right away. */
      single.local = hs_schedule_local_seconds (&self->start_date,
                                                self->all_day ? 0 : self->start_time);
      single.start_utc = hs_schedule_place_local (&cache, single.local, FALSE, NULL);
      single.end_utc = single.start_utc + MAX (self->duration, 0);
      add_local_time (event, icalproperty_new_dtstart (local_to_ical (single.local,
                                                                      self->all_day)), self);
      add_local_time (event, icalproperty_new_exdate (local_to_ical (single.local,
                                                                     self->all_day)), self);
      goto done;
    }

  real_duration = first->end_utc - first->start_utc;
  use_rrule = self->frequency != HS_SCHEDULE_FREQUENCY_NONE && exact &&
              instance_is_regular (self, first, real_duration) &&
              libical_agrees (self, instances, first - &g_array_index (instances, Instance, 0));

  if (!use_rrule && !first->excluded && !instance_is_regular (self, first, real_duration))
    {
      /* A first occurrence RFC 5545 would place differently: give it in UTC. */
      icalcomponent_add_property (event, icalproperty_new_dtstart (utc_to_ical (first->start_utc)));
      icalcomponent_add_property (event, icalproperty_new_dtend (utc_to_ical (first->end_utc)));
    }
  else
    {
      add_local_time (event, icalproperty_new_dtstart (local_to_ical (first->local,
                                                                      self->all_day)), self);
      if (self->all_day)
        add_local_time (event, icalproperty_new_dtend (local_to_ical (first->local +
                                                                      self->duration + 86400,
                                                                      TRUE)), self);
      else
        add_local_time (event, icalproperty_new_dtend (local_to_ical (first->local +
                                                                      self->duration, FALSE)),
                        self);
    }

  if (use_rrule)
    {
      g_autofree char *rule_text = hs_schedule_build_rrule (self, NULL);
      struct icalrecurrencetype rule = icalrecurrencetype_from_string (rule_text);
      const Instance *last = &g_array_index (instances, Instance, instances->len - 1);

      /* Squeezed instances before DTSTART were counted by ExCycle, not by RFC 5545. */
      if (self->count > 0 && !counted_exclusions &&
          first == &g_array_index (instances, Instance, 0))
        {
          rule.count = self->count;
        }
      else if (self->count > 0 || g_date_valid (&self->until))
        {
          /* RFC 5545 counts excluded instances: stop at the last counted one instead. One
           * instance a day at most, so the end of its day is a safe UNTIL. */
          gint64 last_day = self->count > 0 ? last->local - last->local % 86400
                                            : hs_schedule_local_seconds (&self->until, 0);

          if (self->all_day)
            rule.until = local_to_ical (last_day, TRUE);
          else
            rule.until = utc_to_ical (hs_schedule_place_local (&cache,
                                                               last_day + 86399, TRUE, NULL));
        }
      icalcomponent_add_property (event, icalproperty_new_rrule (rule));

      for (guint i = 0; i < instances->len; i++)
        {
          const Instance *instance = &g_array_index (instances, Instance, i);

          if (instance->excluded || !instance_is_regular (self, instance, real_duration))
            add_local_time (event, icalproperty_new_exdate (local_to_ical (instance->local,
                                                                           self->all_day)),
                            self);
          if (!instance->excluded && !instance->squeezed &&
              !instance_is_regular (self, instance, real_duration))
            add_rdate (event, self, instance);
        }
    }
  else
    {
      if (first->excluded)
        add_local_time (event, icalproperty_new_exdate (local_to_ical (first->local,
                                                                       self->all_day)), self);
      for (guint i = 0; i < instances->len; i++)
        {
          const Instance *instance = &g_array_index (instances, Instance, i);

          if (instance != first && !instance->excluded && !instance->squeezed)
            add_rdate (event, self, instance);
        }
    }

done:
  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);

  {
    char *result = g_strdup (text);

    free (text);
    return result;
  }
}
