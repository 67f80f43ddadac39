/* hs-schedule-corners.c: where Omerlo's occurrences differ from an RFC 5545 client's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hookscope shows what Omerlo shows, ExCycle's corners included (DESIGN.md, "ExCycle's
 * corners"). An integrator who reads the same rule in a calendar app sees other dates there;
 * these warnings say which, by walking the rule both ways (hs-schedule-walk.c) over the
 * schedule, or its first HS_SCHEDULE_CHECK_YEARS years when it has no end, and comparing.
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-schedule-private.h"

/* Dates listed in a warning; the rest are counted. */
#define LISTED 3
/* Enough dates to compare for any real schedule, and a bound on the work. */
#define MAX_DATES 20000

gboolean
hs_schedule_excycle_fails (HsSchedule *self)
{
  g_assert (HS_IS_SCHEDULE (self));

  return self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY && self->interval > 1 &&
         self->nth_days->len > 0 && self->count != 1;
}

/* The dates (day numbers) the walk produces, exclusions left out, up to count. */
static GArray *
walk_dates (HsSchedule  *self,
            gboolean     excycle,
            const GDate *last)
{
  GArray *dates = g_array_new (FALSE, FALSE, sizeof (gint64));
  HsRuleWalk walk;
  HsWalkResult step;
  gint64 day;

  hs_rule_walk_init (&walk, self, excycle, NULL, last);
  while (dates->len < MAX_DATES && (step = hs_rule_walk_next (&walk, &day)) != HS_WALK_END)
    {
      if (step == HS_WALK_EXCLUDED)
        continue;
      if (self->count > 0 && dates->len >= self->count)
        break;
      g_array_append_val (dates, day);
    }

  return dates;
}

/* "Monday 2026-04-06, Monday 2026-07-06, Monday 2026-10-05 and 4 more" */
static char *
list_dates (GArray   *days,
            gboolean  unbounded)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < days->len && i < LISTED; i++)
    {
      gint64 day = g_array_index (days, gint64, i);
      char buffer[64];
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, (guint32)(day + 719163));
      if (g_date_strftime (buffer, sizeof buffer, "%A %Y-%m-%d", &date) == 0)
        g_snprintf (buffer, sizeof buffer, "%s", "?");
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, buffer);
    }

  if (days->len > LISTED)
    {
      guint more = days->len - LISTED;

      /* Translators: the end of a list of dates, "… and 4 more" */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " and %u more",
                                                 " and %u more", more), more);
    }

  if (unbounded)
    /* Translators: after a list of dates of a schedule that never ends */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " in its first %u year",
                                               " in its first %u years",
                                               HS_SCHEDULE_CHECK_YEARS),
                            HS_SCHEDULE_CHECK_YEARS);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Why ExCycle loses those dates, for the warning. */
static char *
describe_cause (HsSchedule *self)
{
  if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY)
    /* Translators: completes "Omerlo's generator skips … of this rule (dates), as ExCycle
     * does with …" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "an nth weekday in a rule repeating every %u week",
                                         "an nth weekday in a rule repeating every %u weeks",
                                         self->interval), self->interval);
  if (self->weekdays != 0 || self->nth_days->len > 0)
    return g_strdup (_("a yearly rule on weekdays, moving to the next year"));
  return g_strdup (_("a yearly rule in December after an excluded date"));
}

/* Whether ExCycle's walk can differ from the plain rule at all (hs-schedule-walk.c): most
 * schedules need no comparison. */
static gboolean
may_lose_dates (HsSchedule *self)
{
  gboolean has_days = self->weekdays != 0 || self->nth_days->len > 0;

  switch (self->frequency)
    {
    case HS_SCHEDULE_FREQUENCY_WEEKLY:
      return self->interval > 1 && self->nth_days->len > 0;

    case HS_SCHEDULE_FREQUENCY_YEARLY:
      return has_days || (g_date_get_month (&self->start_date) == G_DATE_DECEMBER &&
                          self->excluded->len > 1);

    case HS_SCHEDULE_FREQUENCY_NONE:
    case HS_SCHEDULE_FREQUENCY_DAILY:
    case HS_SCHEDULE_FREQUENCY_MONTHLY:
    default:
      return FALSE;
    }
}

static void
check_lost_dates (HsSchedule *self,
                  const GDate *last,
                  GPtrArray  *warnings)
{
  g_autoptr(GArray) omerlo = walk_dates (self, TRUE, last);
  g_autoptr(GArray) rfc = walk_dates (self, FALSE, last);
  g_autoptr(GArray) lost = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *listed = NULL;
  g_autofree char *cause = NULL;
  guint i = 0, j = 0;

  /* Both are in order: what the plain rule has and Omerlo's walk does not. With a count,
   * Omerlo goes on past the plain rule's last date: only dates up to Omerlo's last count. */
  while (i < rfc->len)
    {
      gint64 a = g_array_index (rfc, gint64, i);

      if (j < omerlo->len && g_array_index (omerlo, gint64, j) < a)
        j++;
      else if (j < omerlo->len && g_array_index (omerlo, gint64, j) == a)
        {
          i++;
          j++;
        }
      else
        {
          if (self->count == 0 || (omerlo->len > 0 &&
                                   a < g_array_index (omerlo, gint64, omerlo->len - 1)))
            g_array_append_val (lost, a);
          i++;
        }
    }

  if (lost->len == 0)
    return;

  listed = list_dates (lost, !hs_schedule_is_bounded (self));
  cause = describe_cause (self);
  g_ptr_array_add (warnings,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Omerlo's generator skips %u date of this rule "
                                                 "(%s), as ExCycle does with %s; a calendar app "
                                                 "reading the same rule would show it",
                                                 "Omerlo's generator skips %u dates of this rule "
                                                 "(%s), as ExCycle does with %s; a calendar app "
                                                 "reading the same rule would show them",
                                                 lost->len),
                                    lost->len, listed, cause));
}

/* A zero-length event has no duration for ExCycle, which then cannot place a start that falls
 * in a DST gap or overlap and drops it. */
static void
check_zero_length (HsSchedule  *self,
                   const GDate *last,
                   GPtrArray   *warnings)
{
  g_autoptr(GArray) omerlo = NULL;
  g_autoptr(GArray) dropped = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *listed = NULL;
  HsZoneCache cache;

  if (self->all_day || self->duration != 0 || self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    return;

  omerlo = walk_dates (self, TRUE, last);
  hs_zone_cache_init (&cache, self->time_zone);
  for (guint i = 0; i < omerlo->len; i++)
    {
      gint64 day = g_array_index (omerlo, gint64, i);
      gboolean in_gap = FALSE, ambiguous = FALSE;

      hs_schedule_place_local_full (&cache, day * 86400 + self->start_time, FALSE, &in_gap,
                                    &ambiguous);
      if (in_gap || ambiguous)
        g_array_append_val (dropped, day);
    }

  if (dropped->len == 0)
    return;

  listed = list_dates (dropped, !hs_schedule_is_bounded (self));
  g_ptr_array_add (warnings,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Omerlo's generator drops %u occurrence of this "
                                                 "zero-length event (%s): its start falls in a "
                                                 "DST change; a calendar app reading the same "
                                                 "rule would show it",
                                                 "Omerlo's generator drops %u occurrences of "
                                                 "this zero-length event (%s): their start falls "
                                                 "in a DST change; a calendar app reading the "
                                                 "same rule would show them",
                                                 dropped->len),
                                    dropped->len, listed));
}

static void
check_corners (HsSchedule *self)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GDate last;

  if (self->frequency != HS_SCHEDULE_FREQUENCY_NONE)
    {
      if (g_date_valid (&self->until))
        last = self->until;
      else
        {
          last = self->start_date;
          g_date_add_years (&last, MIN (HS_SCHEDULE_CHECK_YEARS,
                                        9999 - g_date_get_year (&last)));
        }

      if (hs_schedule_excycle_fails (self))
        g_ptr_array_add (warnings,
                         g_strdup (_("Omerlo's generator fails on this schedule (ExCycle raises "
                                     "on a yearly nth weekday with an interval) and shows no "
                                     "occurrence after the first; the dates here are the "
                                     "rule's, as a calendar app would show them")));
      else if (may_lose_dates (self))
        check_lost_dates (self, &last, warnings);
      check_zero_length (self, &last, warnings);
    }

  g_ptr_array_add (warnings, NULL);
  self->omerlo_warnings = g_steal_pointer (&warnings);

  self->all_warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i + 1 < self->warnings->len; i++)
    g_ptr_array_add (self->all_warnings, g_strdup (g_ptr_array_index (self->warnings, i)));
  for (guint i = 0; i + 1 < self->omerlo_warnings->len; i++)
    g_ptr_array_add (self->all_warnings,
                     g_strdup (g_ptr_array_index (self->omerlo_warnings, i)));
  g_ptr_array_add (self->all_warnings, NULL);
}

static void
ensure_corners (HsSchedule *self)
{
  if (g_once_init_enter (&self->corners_checked))
    {
      check_corners (self);
      g_once_init_leave (&self->corners_checked, 1);
    }
}

const char * const *
hs_schedule_get_omerlo_warnings (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  ensure_corners (self);
  return (const char * const *)self->omerlo_warnings->pdata;
}

const char * const *
hs_schedule_get_warnings (HsSchedule *self)
{
  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  ensure_corners (self);
  return (const char * const *)self->all_warnings->pdata;
}
