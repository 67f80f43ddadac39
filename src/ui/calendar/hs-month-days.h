/* hs-month-days.h: a month's chips, sorted into the grid's days off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The days of a month grid: six weeks. */
#define HS_MONTH_DAYS 42

/* One chip: an occurrence on the days first..last (inclusive). The strings are shared: the id
 * and the name are GRefStrings of the event (one per event, not per occurrence), the time one
 * of hs_month_item_time_text()'s. */
typedef struct
{
  char       *event_id;    /* GRefString */
  char       *title;       /* GRefString: the event's name, plain text */
  const char *time_text;   /* "19:00", or NULL for all day */
  guint       color;       /* index in the palette */
  GDate       first;
  GDate       last;
  gint64      sort_key;    /* order within a day: all day first, then by start */
} HsMonthItem;

void         hs_month_item_free      (HsMonthItem *item);
/* "HH:MM" for a minute of the day (0..1439): one string each, made once, never freed. */
const char  *hs_month_item_time_text (int          minute);

/* A month's chips sorted into its 42 days, made on a worker (hs_month_days_new() is
 * thread-safe), kept per month by the page and shown by the view: the main loop only looks at
 * the chips a day shows. */
typedef struct _HsMonthDays HsMonthDays;

/* @items: HsMonthItem (taken); @first: the grid's first day. */
HsMonthDays *hs_month_days_new       (const GDate *first,
                                      GPtrArray   *items);
/* The chips of the grid's day @d (0..41), in the order a day shows them: bars and all-day
 * ones first, then by start. */
GPtrArray   *hs_month_days_get_day   (HsMonthDays *days,
                                      guint        d);
/* The grid's first day. */
const GDate *hs_month_days_get_first (HsMonthDays *days);
HsMonthDays *hs_month_days_ref       (HsMonthDays *days);
void         hs_month_days_unref     (HsMonthDays *days);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsMonthDays, hs_month_days_unref)

G_END_DECLS
