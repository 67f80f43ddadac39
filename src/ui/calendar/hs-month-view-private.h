/* hs-month-view-private.h: what the month view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-month-view.h"

G_BEGIN_DECLS

#define N_DAYS HS_MONTH_DAYS
/* Chips shown in a day before "+N more". */
#define MAX_CHIPS 3

/* A chip of the grid: made once with the view and shown again for another occurrence on each
 * month switch, as GNOME Calendar's month view reuses its cells (making ~130 chips of widgets,
 * their CSS and their accessible objects for every month was most of the main loop's share). */
typedef struct
{
  GtkWidget *button;
  GtkWidget *dot;
  GtkWidget *label;
  char      *text;        /* what it shows and says now: set again only when it changes */
  char      *accessible;
  int        color;       /* the color-N class it has, -1: none */
  guint      classes;     /* CHIP_BAR | CHIP_CONTINUED | CHIP_CONTINUES */
} Chip;

enum { CHIP_BAR = 1 << 0, CHIP_CONTINUED = 1 << 1, CHIP_CONTINUES = 1 << 2 };

/* Chips shown in a day before "+N more" (one more as dots when the days are narrow). */
#define MAX_SLOTS (MAX_CHIPS + 1)

typedef struct
{
  HsMonthView *self;
  guint        day;
} MoreSlot;

struct _HsMonthView
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *days_grid;
  GtkWidget *cells[N_DAYS];
  GtkWidget *numbers[N_DAYS];
  GtkWidget *chip_boxes[N_DAYS];
  Chip       chips[N_DAYS][MAX_SLOTS];
  GtkWidget *more_buttons[N_DAYS];
  GtkWidget *more_labels[N_DAYS];
  guint      day_counts[N_DAYS];   /* what each cell's description says, G_MAXUINT: unset */
  int        today_cell;           /* the cell of today, -1: not in the grid */

  int        year;
  int        month;
  GDate      first;      /* the grid's first day */
  GDateWeekday week_start; /* the locale's first day of the week */
  GDate      selected;
  HsMonthDays *days;     /* the chips shown, or NULL */

  /* A month switch waits for the month's chips before it shows (or for this timeout): the
   * grid changes once, not empty first and full a moment later (a frame more to draw). */
  guint      pending_source;

  /* Days too narrow for text: chips are dots side by side (as in GNOME Calendar). */
  gboolean   compact;
  guint      compact_source;
};

/* Below this width a day shows dots instead of named chips. */
#define COMPACT_DAY_WIDTH 96

/* hs-month-view.c */
void       hs_month_view_activate_event (HsMonthView *self,
                                         const char  *event_id);

/* hs-month-view-chips.c */
void       hs_month_view_chip_init      (HsMonthView *self,
                                         Chip        *chip);
GtkWidget *hs_month_view_more_button_new (HsMonthView *self,
                                          guint        day);
void       hs_month_view_fill_chips     (HsMonthView *self);
void       hs_month_view_describe_day   (HsMonthView *self,
                                         guint        day);

G_END_DECLS
