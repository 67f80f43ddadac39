/* hs-month-view.h: a month as a grid of days, each occurrence a chip on its days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One chip: an occurrence on the days first..last (inclusive). The strings are shared: the id
 * and the name are GRefStrings of the event (one per event, not per occurrence), the time one
 * of hs_month_item_time_text()'s. */
typedef struct
{
  char       *event_id;    /* GRefString */
  char       *title;       /* GRefString: the event's name, plain text */
  const char *time_text;   /* "19:00", or NULL for all day */
  guint  color;       /* index in the palette */
  GDate  first;
  GDate  last;
  gint64 sort_key;    /* order within a day: all day first, then by start */
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
HsMonthDays *hs_month_days_ref       (HsMonthDays *days);
void         hs_month_days_unref     (HsMonthDays *days);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsMonthDays, hs_month_days_unref)

#define HS_MONTH_VIEW_N_COLORS 8

#define HS_TYPE_MONTH_VIEW (hs_month_view_get_type ())

G_DECLARE_FINAL_TYPE (HsMonthView, hs_month_view, HS, MONTH_VIEW, GtkWidget)

GtkWidget   *hs_month_view_new       (void);
/* The month shown: 1..12. */
void         hs_month_view_set_month (HsMonthView *self,
                                      int          year,
                                      int          month);
int          hs_month_view_get_year  (HsMonthView *self);
int          hs_month_view_get_month (HsMonthView *self);
/* The first and last day of the grid: six weeks from the locale's first day of the week on or
 * before the 1st. */
void         hs_month_view_get_range (HsMonthView *self,
                                      GDate       *first,
                                      GDate       *last);
/* The chips of the month shown (NULL: none yet); ignored if made for another grid. */
void         hs_month_view_set_days  (HsMonthView *self,
                                      HsMonthDays *days);
/* The day with the keyboard focus ring. */
void         hs_month_view_select_day (HsMonthView *self,
                                       const GDate *date);

G_END_DECLS
