/* hs-month-view.h: a month as a grid of days, each occurrence a chip on its days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-month-days.h"

G_BEGIN_DECLS

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
/* Moves today's mark to the day it is now (after midnight). */
void         hs_month_view_update_today (HsMonthView *self);
/* The day with the keyboard focus ring. */
void         hs_month_view_select_day (HsMonthView *self,
                                       const GDate *date);

G_END_DECLS
