/* test-month-days.c: a month's chips sorted into the grid's days (HsMonthDays)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid of November 2026 from Sunday 1 November (42 days: to Saturday 12 December); the
 * expected days and order are worked out by hand from the dates below.
 */

#define G_LOG_DOMAIN "test-month-days"

#include "config.h"

#include "hs-month-view.h"

static HsMonthItem *
item (const char *name,
      int         first_month,
      int         first_day,
      int         last_month,
      int         last_day,
      int         minute)
{
  HsMonthItem *self = g_new0 (HsMonthItem, 1);

  self->event_id = g_ref_string_new (name);
  self->title = g_ref_string_new (name);
  self->time_text = minute >= 0 ? hs_month_item_time_text (minute) : NULL;
  g_date_clear (&self->first, 1);
  g_date_set_dmy (&self->first, first_day, first_month, 2026);
  g_date_clear (&self->last, 1);
  g_date_set_dmy (&self->last, last_day, last_month, 2026);
  /* As the page orders them: bars (several days) and all-day first, then by the time. */
  self->sort_key = minute < 0 || g_date_compare (&self->first, &self->last) != 0 ? -1 : minute;

  return self;
}

static void
assert_day (HsMonthDays *days,
            guint        d,
            const char  *expected)
{
  GPtrArray *day = hs_month_days_get_day (days, d);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < day->len; i++)
    {
      const HsMonthItem *it = g_ptr_array_index (day, i);

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "", it->title);
    }
  g_assert_cmpstr (names->str, ==, expected);
}

static void
test_days (void)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_month_item_free);
  g_autoptr(HsMonthDays) days = NULL;
  GDate first;

  g_ptr_array_add (items, item ("evening", 11, 3, 11, 3, 19 * 60));
  g_ptr_array_add (items, item ("allday", 11, 3, 11, 3, -1));
  g_ptr_array_add (items, item ("bar", 11, 2, 11, 4, 10 * 60));
  g_ptr_array_add (items, item ("before", 10, 30, 11, 1, -1));
  g_ptr_array_add (items, item ("after", 12, 13, 12, 13, 9 * 60));
  g_ptr_array_add (items, item ("morning", 11, 3, 11, 3, 8 * 60));
  g_ptr_array_add (items, item ("last", 12, 12, 12, 14, -1));

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, 11, 2026);
  days = hs_month_days_new (&first, items);

  /* 1 Nov: what began on 30 Oct, before the grid. */
  assert_day (days, 0, "before");
  assert_day (days, 1, "bar");
  /* 3 Nov: the bar and the all-day one first (in the order they came), then by the time. */
  assert_day (days, 2, "allday bar morning evening");
  assert_day (days, 3, "bar");
  assert_day (days, 4, "");
  /* 12 Dec, the grid's last day: what runs on past it; nothing of 13 Dec. */
  assert_day (days, 41, "last");
  for (guint d = 5; d < 41; d++)
    assert_day (days, d, "");
}

static void
test_time_text (void)
{
  g_assert_cmpstr (hs_month_item_time_text (0), ==, "00:00");
  g_assert_cmpstr (hs_month_item_time_text (19 * 60 + 5), ==, "19:05");
  g_assert_cmpstr (hs_month_item_time_text (24 * 60 - 1), ==, "23:59");
  /* One string per minute, shared. */
  g_assert_true (hs_month_item_time_text (600) == hs_month_item_time_text (600));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/month-days/days", test_days);
  g_test_add_func ("/month-days/time-text", test_time_text);

  return g_test_run ();
}
