/* hs-ics-instances.c: the instances of a schedule's rule, as the iCalendar export sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule walk the expander uses (hs-schedule-walk.c), ExCycle's corners included, every
 * date placed in the zone as the expander places it (hs-schedule-expand.c, make_instant), and
 * flagged where a reader of the rule would disagree: excluded, dropped by Omerlo, or kept but
 * placed otherwise by an engine (irregular: an override).
 */

#define G_LOG_DOMAIN "hs-ics"

#include "config.h"

#include "hs-ics.h"
#include "hs-ics-private.h"

#define MAX_INSTANCES 200000

/* Where Omerlo places the instance at inst->local (hs-schedule-expand.c, make_instant), and
 * whether a reader of the rule would place it the same. */
void
hs_ics_place_instance (HsSchedule    *self,
                       HsZoneCache   *cache,
                       gboolean       repeating,
                       HsIcsInstance *inst)
{
  gboolean in_gap = FALSE, ambiguous = FALSE;
  gboolean end_gap = FALSE, end_ambiguous = FALSE;

  inst->start_utc = hs_schedule_place_local_full (cache, inst->local, FALSE, &in_gap,
                                                  &ambiguous);
  inst->dropped = FALSE;
  inst->irregular = FALSE;

  if (self->all_day)
    {
      /* Dates: no zone is involved for a reader. */
      inst->end_utc = hs_schedule_place_local (cache, inst->local + self->duration + 86400,
                                               TRUE, NULL);
      inst->dropped = inst->end_utc <= inst->start_utc;
      return;
    }

  if (self->duration == 0)
    {
      /* The end is the start; ExCycle cannot place one starting in a DST change. */
      inst->end_utc = inst->start_utc;
      inst->dropped = repeating && (in_gap || ambiguous);
      inst->irregular = in_gap || ambiguous;
      return;
    }

  inst->end_utc = hs_schedule_place_local_full (cache, inst->local + self->duration, TRUE,
                                                &end_gap, &end_ambiguous);
  inst->dropped = inst->end_utc <= inst->start_utc;
  inst->irregular = in_gap || ambiguous || end_gap || end_ambiguous ||
                    inst->end_utc - inst->start_utc != self->duration;
}

gint64
hs_ics_days_of (const GDate *date)
{
  return (gint64)g_date_get_julian (date) - 719163;
}

/* The rule's dates up to last_day (inclusive; G_MAXINT64: until the schedule ends), as Omerlo
 * walks them (ExCycle's corners included), excluded and dropped ones kept and flagged. */
GArray *
hs_ics_list_instances (HsSchedule  *self,
                       HsZoneCache *cache,
                       gint64       last_day,
                       gboolean    *capped)
{
  g_autoptr(GArray) instances = g_array_new (FALSE, TRUE, sizeof (HsIcsInstance));
  HsRuleWalk walk;
  HsWalkResult step = HS_WALK_DATE;
  guint produced = 0;
  gint64 day;
  GDate last;

  g_date_clear (&last, 1);
  if (last_day != G_MAXINT64)
    g_date_set_julian (&last, (guint32)(last_day + 719163));

  hs_rule_walk_init (&walk, self, TRUE, NULL, g_date_valid (&last) ? &last : NULL);

  while (instances->len < MAX_INSTANCES &&
         (step = hs_rule_walk_next (&walk, &day)) != HS_WALK_END)
    {
      HsIcsInstance inst = { 0, };

      if (self->count > 0 && produced >= self->count)
        {
          step = HS_WALK_END;
          break;
        }

      inst.local = day * 86400 + (self->all_day ? 0 : self->start_time);
      hs_ics_place_instance (self, cache, TRUE, &inst);
      inst.excluded = step == HS_WALK_EXCLUDED;
      if (!inst.excluded)
        produced++;
      g_array_append_val (instances, inst);
    }

  *capped = step != HS_WALK_END;
  return g_steal_pointer (&instances);
}

/* Whether libical's iterator reads the RRULE, from DTSTART at instances[first], to exactly
 * the listed wall-clock starts instances[first..last] and nothing else up to until_local (a
 * guard against RRULE quirks, and ExCycle's corners: Omerlo's dates that are not the rule's). */
gboolean
hs_ics_rule_agrees (HsSchedule *self,
                    GArray     *instances,
                    guint       first,
                    guint       last,
                    gint64      until_local)
{
  g_autofree char *rule_text = hs_schedule_build_rrule (self, NULL);
  struct icalrecurrencetype rule = icalrecurrencetype_from_string (rule_text);
  icalrecur_iterator *iter;
  gboolean agrees = TRUE;
  guint i = first;

  /* Up to until_local, not just the last listed instance: a rule that gives more dates in
   * between than Omerlo (ExCycle's corners) must not pass. */
  rule.until = hs_ics_local_time (until_local, FALSE);
  iter = icalrecur_iterator_new (rule, hs_ics_local_time (g_array_index (instances, HsIcsInstance,
                                                                         first).local, FALSE));
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
      if (i > last ||
          (gint64)icaltime_as_timet_with_zone (t, icaltimezone_get_utc_timezone ()) !=
          g_array_index (instances, HsIcsInstance, i).local)
        {
          agrees = FALSE;
          break;
        }
      i++;
    }

  icalrecur_iterator_free (iter);

  return agrees && i == last + 1;
}

/* The last day with an exclusion (G_MININT64: none). */
gint64
hs_ics_last_excluded_day (HsSchedule *self)
{
  GHashTableIter iter;
  gpointer key;
  gint64 last = G_MININT64;

  g_hash_table_iter_init (&iter, self->excluded_days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    last = MAX (last, (gint64)GPOINTER_TO_UINT (key) - 719163);

  g_hash_table_iter_init (&iter, self->excluded_starts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    last = MAX (last, *(gint64 *)key / 86400);

  return last;
}

/* The day HS_ICS_LISTED_YEARS years after today in the event's zone, or after the start. */
gint64
hs_ics_listed_until_day (HsSchedule *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->time_zone);
  GDate day;

  g_date_set_dmy (&day, (GDateDay)g_date_time_get_day_of_month (now),
                  (GDateMonth)g_date_time_get_month (now),
                  (GDateYear)g_date_time_get_year (now));
  if (g_date_compare (&day, &self->start_date) < 0)
    day = self->start_date;
  g_date_add_years (&day, HS_ICS_LISTED_YEARS);
  return hs_ics_days_of (&day);
}

/* Cuts instances to those starting (by the rule's date) before day. */
void
hs_ics_cut_instances (GArray *instances,
                      gint64  day)
{
  guint n = 0;

  while (n < instances->len && g_array_index (instances, HsIcsInstance, n).local < day * 86400)
    n++;
  g_array_set_size (instances, n);
}
