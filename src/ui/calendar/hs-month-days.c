/* hs-month-days.c: a month's chips, sorted into the grid's days off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's worker expands the six weeks in view into HsMonthItems and sorts them into their
 * days here, so that the main loop (hs-month-view.c) only looks at the chips a day shows. The
 * items share their strings: the event's id and name are GRefStrings, the time one of the
 * 1,440 "HH:MM" strings made once.
 */

#define G_LOG_DOMAIN "hs-month-days"

#include "config.h"

#include "hs-month-days.h"

struct _HsMonthDays
{
  GDate      first;
  GPtrArray *items;            /* HsMonthItem */
  GPtrArray *days[HS_MONTH_DAYS];  /* of those, each day's, in order (not owning) */
};

void
hs_month_item_free (HsMonthItem *item)
{
  if (item == NULL)
    return;

  g_clear_pointer (&item->event_id, g_ref_string_release);
  g_clear_pointer (&item->title, g_ref_string_release);
  g_free (item);
}

const char *
hs_month_item_time_text (int minute)
{
  static char *texts[24 * 60];

  g_return_val_if_fail (minute >= 0 && minute < 24 * 60, NULL);

  if (g_once_init_enter (&texts[0]))
    {
      /* (What "%H:%M" gives in every locale, without g_date_time_format()'s parsing.) */
      for (int m = 1; m < 24 * 60; m++)
        texts[m] = g_strdup_printf ("%02d:%02d", m / 60, m % 60);
      g_once_init_leave (&texts[0], g_strdup ("00:00"));
    }
  return texts[minute];
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const HsMonthItem *x = *(const HsMonthItem **) a;
  const HsMonthItem *y = *(const HsMonthItem **) b;

  return (x->sort_key > y->sort_key) - (x->sort_key < y->sort_key);
}

HsMonthDays *
hs_month_days_new (const GDate *first,
                   GPtrArray   *items)
{
  HsMonthDays *self = g_atomic_rc_box_new0 (HsMonthDays);

  g_return_val_if_fail (first != NULL && g_date_valid (first), NULL);

  self->first = *first;
  self->items = items ? items : g_ptr_array_new ();
  for (guint d = 0; d < HS_MONTH_DAYS; d++)
    self->days[d] = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      HsMonthItem *item = g_ptr_array_index (self->items, i);
      int from = (int) g_date_days_between (&self->first, &item->first);
      int to = (int) g_date_days_between (&self->first, &item->last);

      for (int d = MAX (from, 0); d <= MIN (to, HS_MONTH_DAYS - 1); d++)
        g_ptr_array_add (self->days[d], item);
    }
  for (guint d = 0; d < HS_MONTH_DAYS; d++)
    g_ptr_array_sort (self->days[d], compare_items);

  return self;
}

static void
month_days_clear (HsMonthDays *self)
{
  for (guint d = 0; d < HS_MONTH_DAYS; d++)
    g_ptr_array_unref (self->days[d]);
  g_ptr_array_unref (self->items);
}

GPtrArray *
hs_month_days_get_day (HsMonthDays *days,
                       guint        d)
{
  g_return_val_if_fail (days != NULL, NULL);
  g_return_val_if_fail (d < HS_MONTH_DAYS, NULL);

  return days->days[d];
}

const GDate *
hs_month_days_get_first (HsMonthDays *days)
{
  g_return_val_if_fail (days != NULL, NULL);

  return &days->first;
}

HsMonthDays *
hs_month_days_ref (HsMonthDays *days)
{
  return g_atomic_rc_box_acquire (days);
}

void
hs_month_days_unref (HsMonthDays *days)
{
  g_atomic_rc_box_release_full (days, (GDestroyNotify) month_days_clear);
}
