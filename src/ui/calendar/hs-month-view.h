/* hs-month-view.h: a month as a grid of days, each occurrence a chip on its days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One chip: an occurrence on the days first..last (inclusive). */
typedef struct
{
  char  *event_id;
  char  *title;       /* the event's name: plain text */
  char  *time_text;   /* "19:00", or NULL for all day */
  guint  color;       /* index in the palette */
  GDate  first;
  GDate  last;
  gint64 sort_key;    /* order within a day: all day first, then by start */
} HsMonthItem;

void         hs_month_item_free      (HsMonthItem *item);

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
/* The chips (HsMonthItem; the view takes the array). */
void         hs_month_view_set_items (HsMonthView *self,
                                      GPtrArray   *items);
/* The day with the keyboard focus ring. */
void         hs_month_view_select_day (HsMonthView *self,
                                       const GDate *date);

G_END_DECLS
