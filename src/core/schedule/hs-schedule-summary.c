/* hs-schedule-summary.c: a schedule in words, e.g. "Every 2 weeks on Monday and Wednesday,
 * 18:47–19:47 (America/Montreal), 10 times, except 2 dates"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-schedule-private.h"

static const char *weekday_names[] = {
  NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
  N_("Saturday"), N_("Sunday"),
};

static const char *ordinals[] = {
  NULL, N_("first"), N_("second"), N_("third"), N_("fourth"), N_("fifth"),
};

static const char *last_ordinals[] = {
  NULL, N_("last"), N_("second to last"), N_("third to last"), N_("fourth to last"),
  N_("fifth to last"),
};

/* "a", "a and b", "a, b and c" */
static char *
join_words (GPtrArray *words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0 && i == words->len - 1)
        g_string_append (text, _(" and "));
      else if (i > 0)
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (words, i));
    }

  return g_string_free (text, FALSE);
}

static char *
nth_day_text (const HsNthDay *nth)
{
  const char *ordinal = nth->week > 0 ? ordinals[nth->week] : last_ordinals[-nth->week];

  /* Translators: an nth weekday of the month, e.g. "the second Monday", "the last Friday" */
  return g_strdup_printf (C_("nth weekday", "the %s %s"), _(ordinal), _(weekday_names[nth->day]));
}

static char *
month_day_text (int day)
{
  if (day == -1)
    return g_strdup (_("the last day"));
  if (day < 0)
    /* Translators: a day counted from the end of the month: "day 2 from the end" */
    return g_strdup_printf (_("day %d from the end"), -day);

  return g_strdup_printf (_("day %d"), day);
}

static char *
days_text (HsSchedule *self)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  g_assert (HS_IS_SCHEDULE (self));

  for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
    if (self->weekdays & (1u << day))
      g_ptr_array_add (words, g_strdup (_(weekday_names[day])));

  for (guint i = 0; i < self->nth_days->len; i++)
    g_ptr_array_add (words, nth_day_text (&g_array_index (self->nth_days, HsNthDay, i)));

  /* A weekly rule without days repeats on the start's weekday. */
  if (self->frequency == HS_SCHEDULE_FREQUENCY_WEEKLY && words->len == 0)
    g_ptr_array_add (words, g_strdup (_(weekday_names[g_date_get_weekday (&self->start_date)])));

  if (self->frequency == HS_SCHEDULE_FREQUENCY_MONTHLY)
    {
      for (guint i = 0; i < self->month_days->len; i++)
        g_ptr_array_add (words, month_day_text (g_array_index (self->month_days, int, i)));

      if (words->len == 0)
        g_ptr_array_add (words, month_day_text (g_date_get_day (&self->start_date)));
    }

  if (words->len == 0)
    return NULL;

  return join_words (words);
}

static GDateTime *
start_date_time (HsSchedule *self)
{
  g_assert (HS_IS_SCHEDULE (self));

  return g_date_time_new (self->time_zone, g_date_get_year (&self->start_date),
                          g_date_get_month (&self->start_date),
                          g_date_get_day (&self->start_date),
                          self->start_time / 3600, self->start_time / 60 % 60, 0);
}

static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                 g_date_get_day (date), 0, 0, 0);

  /* Translators: a full date for g_date_time_format(), e.g. "Monday 30 November 2026" */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

static char *
times_text (HsSchedule *self)
{
  guint extra_days = g_date_get_julian (&self->end_date) - g_date_get_julian (&self->start_date);

  g_assert (HS_IS_SCHEDULE (self));

  if (self->all_day)
    {
      if (extra_days == 0)
        return g_strdup (_("all day"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "all day, %u day", "all day, %u days",
                                           extra_days + 1), extra_days + 1);
    }

  if (extra_days == 0)
    return g_strdup_printf ("%02d:%02d–%02d:%02d", self->start_time / 3600,
                            self->start_time / 60 % 60, self->end_time / 3600,
                            self->end_time / 60 % 60);

  /* Translators: a time range ending N days later, e.g. "22:00–02:00 (+1 day)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%02d:%02d–%02d:%02d (+%u day)",
                                       "%02d:%02d–%02d:%02d (+%u days)", extra_days),
                          self->start_time / 3600, self->start_time / 60 % 60,
                          self->end_time / 3600, self->end_time / 60 % 60, extra_days);
}

static char *
frequency_text (HsSchedule *self)
{
  guint n = self->interval;

  g_assert (HS_IS_SCHEDULE (self));

  switch (self->frequency)
    {
    case HS_SCHEDULE_FREQUENCY_DAILY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every day", "Every %u days", n), n);

    case HS_SCHEDULE_FREQUENCY_WEEKLY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every week", "Every %u weeks", n), n);

    case HS_SCHEDULE_FREQUENCY_MONTHLY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every month", "Every %u months", n),
                              n);

    case HS_SCHEDULE_FREQUENCY_YEARLY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every year", "Every %u years", n), n);

    case HS_SCHEDULE_FREQUENCY_NONE:
    default:
      return g_strdup (_("Once"));
    }
}

char *
hs_schedule_describe (HsSchedule *self)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *frequency = NULL;
  g_autofree char *days = NULL;
  g_autofree char *times = NULL;
  guint n_excluded;

  g_return_val_if_fail (HS_IS_SCHEDULE (self), NULL);

  frequency = frequency_text (self);
  times = times_text (self);
  text = g_string_new (frequency);

  if (self->frequency == HS_SCHEDULE_FREQUENCY_NONE)
    {
      g_autofree char *date = format_date (&self->start_date);

      /* Translators: "Once, Monday 30 November 2026, 18:47–19:47" */
      g_string_append_printf (text, _(", %s, %s"), date, times);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  days = days_text (self);
  if (self->frequency == HS_SCHEDULE_FREQUENCY_YEARLY)
    {
      g_autoptr(GDateTime) start = start_date_time (self);
      g_autofree char *month = start != NULL ? g_date_time_format (start, "%B") : g_strdup ("");

      if (days != NULL)
        /* Translators: "Every year on the last Monday in May" */
        g_string_append_printf (text, _(" on %s in %s"), days, month);
      else
        /* Translators: "Every year on 29 February" */
        g_string_append_printf (text, _(" on %d %s"), g_date_get_day (&self->start_date), month);
    }
  else if (days != NULL)
    {
      g_string_append_printf (text, _(" on %s"), days);
    }

  g_string_append_printf (text, _(", %s (%s)"), times, self->time_zone_name);

  if (self->count > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u time", ", %u times",
                                               self->count), self->count);

  if (g_date_valid (&self->until))
    {
      g_autofree char *until = format_date (&self->until);

      g_string_append_printf (text, _(", until %s"), until);
    }

  n_excluded = self->excluded->len - 1;
  if (n_excluded > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", except %u date",
                                               ", except %u dates", n_excluded), n_excluded);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
