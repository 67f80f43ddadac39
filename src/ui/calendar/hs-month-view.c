/* hs-month-view.c: a month as a grid of days, each occurrence a chip on its days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkCalendar picks a date; this shows what happens on each. Six weeks of seven days from the
 * locale's first day of the week on or before the 1st (hs-week-start.c), like GNOME Calendar's
 * month view: the weekday names on top, today marked, the days of the months around dimmed. Each
 * day is a group with an accessible name (its date) holding its chips, each a button named
 * after its time and event, so screen readers (and the tests) can read the month. A timed
 * occurrence is a dot of its event's colour, its time and name; an all-day or multi-day one
 * a bar of that colour on each of its days. A day with more than fits shows "+N more", which
 * opens the rest in a popover.
 *
 * Keyboard: arrows move the selected day (into the next or previous month if need be), Page
 * Up / Page Down change the month, Home / `t` go to today, Enter opens the selected day's first
 * event (Tab reaches each chip); the scroll wheel changes the month.
 */

#define G_LOG_DOMAIN "hs-month-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-month-view-private.h"
#include "hs-ui-util.h"
#include "hs-week-start.h"

/* How long a month switch waits for its chips before it shows the days without them. */
#define PENDING_MS 250

G_DEFINE_FINAL_TYPE (HsMonthView, hs_month_view, GTK_TYPE_WIDGET)

enum { EVENT_ACTIVATED, MONTH_CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* A chip was clicked (hs-month-view-chips.c). */
void
hs_month_view_activate_event (HsMonthView *self,
                              const char  *event_id)
{
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event_id);
}

/* --- days ----------------------------------------------------------------------------------- */

static void
update_days (HsMonthView *self)
{
  int was_today = self->today_cell;
  GDate now;

  hs_ui_local_today (&now);
  /* Today's mark, said as well as shown (in its cell's description). */
  self->today_cell = -1;
  if (g_date_compare (&now, &self->first) >= 0 &&
      g_date_days_between (&self->first, &now) < N_DAYS)
    self->today_cell = g_date_days_between (&self->first, &now);
  if (was_today != self->today_cell)
    {
      if (was_today >= 0)
        hs_month_view_describe_day (self, was_today);
      if (self->today_cell >= 0)
        hs_month_view_describe_day (self, self->today_cell);
    }
  for (guint d = 0; d < N_DAYS; d++)
    {
      GDate day = self->first;
      char number[8];
      char date_text[64];

      g_date_add_days (&day, d);
      g_snprintf (number, sizeof number, "%u", g_date_get_day (&day));
      gtk_label_set_text (GTK_LABEL (self->numbers[d]), number);
      g_date_strftime (date_text, sizeof date_text, "%A %-d %B %Y", &day);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->cells[d]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, date_text, -1);

#define TOGGLE(cls, on) \
      ((on) ? gtk_widget_add_css_class (self->cells[d], cls) \
            : gtk_widget_remove_css_class (self->cells[d], cls))
      TOGGLE ("other-month", (int) g_date_get_month (&day) != self->month);
      TOGGLE ("today", g_date_compare (&day, &now) == 0);
      TOGGLE ("selected", g_date_valid (&self->selected) &&
                          g_date_compare (&day, &self->selected) == 0);
      TOGGLE ("weekend", g_date_get_weekday (&day) >= G_DATE_SATURDAY);
#undef TOGGLE
    }
}

static gboolean
show_pending_cb (gpointer data)
{
  HsMonthView *self = data;

  self->pending_source = 0;
  update_days (self);
  hs_month_view_fill_chips (self);
  return G_SOURCE_REMOVE;
}

void
hs_month_view_set_month (HsMonthView *self,
                         int          year,
                         int          month)
{
  GDate first_of_month;

  g_return_if_fail (HS_IS_MONTH_VIEW (self));
  g_return_if_fail (month >= 1 && month <= 12);
  g_return_if_fail (g_date_valid_year (year));

  self->year = year;
  self->month = month;
  g_date_clear (&first_of_month, 1);
  g_date_set_dmy (&first_of_month, 1, month, year);
  self->first = first_of_month;
  g_date_subtract_days (&self->first,
                        (g_date_get_weekday (&first_of_month) - self->week_start + 7) % 7);

  /* The selection follows the month (same day of the month, or its last day). */
  if (!g_date_valid (&self->selected) ||
      (int) g_date_get_month (&self->selected) != month ||
      (int) g_date_get_year (&self->selected) != year)
    {
      guint day = g_date_valid (&self->selected) ? g_date_get_day (&self->selected) : 1;

      g_date_clear (&self->selected, 1);
      g_date_set_dmy (&self->selected, MIN (day, g_date_get_days_in_month (month, year)),
                      month, year);
    }

  /* The grid shows the new month with its chips (set_days(), often from the page's cache
   * during this emission), or empty if they take longer than PENDING_MS. */
  g_clear_pointer (&self->days, hs_month_days_unref);
  g_clear_handle_id (&self->pending_source, g_source_remove);
  self->pending_source = g_timeout_add (PENDING_MS, show_pending_cb, self);
  g_signal_emit (self, signals[MONTH_CHANGED], 0);
}

int
hs_month_view_get_year (HsMonthView *self)
{
  g_return_val_if_fail (HS_IS_MONTH_VIEW (self), 0);

  return self->year;
}

int
hs_month_view_get_month (HsMonthView *self)
{
  g_return_val_if_fail (HS_IS_MONTH_VIEW (self), 0);

  return self->month;
}

void
hs_month_view_get_range (HsMonthView *self,
                         GDate       *first,
                         GDate       *last)
{
  g_return_if_fail (HS_IS_MONTH_VIEW (self));

  *first = self->first;
  *last = self->first;
  g_date_add_days (last, N_DAYS - 1);
}

void
hs_month_view_set_days (HsMonthView *self,
                        HsMonthDays *days)
{
  g_return_if_fail (HS_IS_MONTH_VIEW (self));

  if (days != NULL && g_date_compare (hs_month_days_get_first (days), &self->first) != 0)
    return;
  if (days != NULL)
    hs_month_days_ref (days);
  g_clear_pointer (&self->days, hs_month_days_unref);
  self->days = days;
  if (self->pending_source != 0)
    {
      g_clear_handle_id (&self->pending_source, g_source_remove);
      update_days (self);
    }
  hs_month_view_fill_chips (self);
}

/* Moves today's mark to the day it is now (after midnight). */
void
hs_month_view_update_today (HsMonthView *self)
{
  g_return_if_fail (HS_IS_MONTH_VIEW (self));

  /* A month being shown updates its days itself. */
  if (self->pending_source == 0)
    update_days (self);
}

void
hs_month_view_select_day (HsMonthView *self,
                          const GDate *date)
{
  g_return_if_fail (HS_IS_MONTH_VIEW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  self->selected = *date;
  if ((int) g_date_get_month (date) != self->month || (int) g_date_get_year (date) != self->year)
    hs_month_view_set_month (self, g_date_get_year (date), g_date_get_month (date));
  else if (self->pending_source == 0)
    update_days (self);
}

static void
move_selection (HsMonthView *self,
                int          days,
                int          months)
{
  GDate date = self->selected;

  if (days > 0)
    g_date_add_days (&date, days);
  else if (days < 0)
    g_date_subtract_days (&date, -days);
  if (months > 0)
    g_date_add_months (&date, months);
  else if (months < 0)
    g_date_subtract_months (&date, -months);

  hs_month_view_select_day (self, &date);
}

/* Enter opens the event of the selected day's first chip. */
static gboolean
activate_selected_day (HsMonthView *self)
{
  int d = (int) g_date_days_between (&self->first, &self->selected);
  GtkWidget *chip;

  if (d < 0 || d >= N_DAYS)
    return FALSE;
  chip = self->chips[d][0].button;
  if (!gtk_widget_get_visible (chip))
    return FALSE;

  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, g_object_get_data (G_OBJECT (chip),
                                                                       "event-id"));
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                HsMonthView           *self)
{
  GDate now;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_selection (self, gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                      ? 1 : -1, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_selection (self, gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                      ? -1 : 1, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -7, 0);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 7, 0);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      move_selection (self, 0, -1);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      move_selection (self, 0, 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      return activate_selected_day (self);
    case GDK_KEY_t:
    case GDK_KEY_T:
    case GDK_KEY_Home:
      hs_ui_local_today (&now);
      hs_month_view_select_day (self, &now);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           HsMonthView              *self)
{
  if (dy == 0)
    return FALSE;

  move_selection (self, 0, dy > 0 ? 1 : -1);
  return TRUE;
}

static void
day_pressed_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                HsMonthView     *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  for (guint d = 0; d < N_DAYS; d++)
    {
      if (self->cells[d] == cell)
        {
          GDate day = self->first;

          g_date_add_days (&day, d);
          hs_month_view_select_day (self, &day);
          gtk_widget_grab_focus (GTK_WIDGET (self));
          break;
        }
    }
}

/* --- size ---------------------------------------------------------------------------------- */

static gboolean
apply_compact_cb (gpointer user_data)
{
  HsMonthView *self = user_data;

  self->compact_source = 0;
  if (self->compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  for (guint d = 0; d < N_DAYS; d++)
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->chip_boxes[d]),
                                      self->compact ? GTK_ORIENTATION_HORIZONTAL
                                                    : GTK_ORIENTATION_VERTICAL);
      gtk_box_set_spacing (GTK_BOX (self->chip_boxes[d]), self->compact ? 0 : 2);
    }
  hs_month_view_fill_chips (self);

  return G_SOURCE_REMOVE;
}

static void
hs_month_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  HsMonthView *self = HS_MONTH_VIEW (widget);
  gboolean compact = width / 7 < COMPACT_DAY_WIDTH;

  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  /* Not while allocating: the chips change on the next idle, then allocate again. */
  if (compact != self->compact)
    {
      self->compact = compact;
      if (self->compact_source == 0)
        self->compact_source = g_idle_add (apply_compact_cb, self);
    }
}

static void
hs_month_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (HS_MONTH_VIEW (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* --- GObject -------------------------------------------------------------------------------- */

static void
hs_month_view_dispose (GObject *object)
{
  HsMonthView *self = (HsMonthView *)object;

  g_clear_handle_id (&self->compact_source, g_source_remove);
  g_clear_handle_id (&self->pending_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->days, hs_month_days_unref);
  for (guint d = 0; d < N_DAYS; d++)
    for (guint i = 0; i < MAX_SLOTS; i++)
      {
        g_clear_pointer (&self->chips[d][i].text, g_free);
        g_clear_pointer (&self->chips[d][i].accessible, g_free);
      }

  G_OBJECT_CLASS (hs_month_view_parent_class)->dispose (object);
}

static void
hs_month_view_class_init (HsMonthViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_month_view_dispose;

  /* A chip was clicked: the id of its event. */
  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Another month is shown (by the keyboard, the scroll wheel or set_month()). */
  signals[MONTH_CHANGED] = g_signal_new ("month-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);

  widget_class->size_allocate = hs_month_view_size_allocate;
  widget_class->measure = hs_month_view_measure;
  gtk_widget_class_set_css_name (widget_class, "monthview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
hs_month_view_init (HsMonthView *self)
{
  GtkWidget *header = gtk_grid_new ();
  GtkEventController *controller;
  GDate first_day;

  self->today_cell = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Month"), -1);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* The week starts on the locale's first day (a display choice: the rules keep Monday);
   * the names from that day (1 June 2026 is a Monday). */
  self->week_start = hs_week_start_get_default ();
  gtk_grid_set_column_homogeneous (GTK_GRID (header), TRUE);
  gtk_widget_add_css_class (header, "weekdays");
  g_date_clear (&first_day, 1);
  g_date_set_dmy (&first_day, 1, 6, 2026);
  g_date_add_days (&first_day, (self->week_start - G_DATE_MONDAY + 7) % 7);
  for (guint i = 0; i < 7; i++)
    {
      char name[32];
      GtkWidget *label;

      g_date_strftime (name, sizeof name, "%a", &first_day);
      label = gtk_label_new (name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "weekday");
      gtk_grid_attach (GTK_GRID (header), label, i, 0, 1, 1);
      g_date_add_days (&first_day, 1);
    }
  gtk_box_append (GTK_BOX (self->box), header);

  self->days_grid = gtk_grid_new ();
  gtk_grid_set_column_homogeneous (GTK_GRID (self->days_grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (self->days_grid), TRUE);
  gtk_widget_set_vexpand (self->days_grid, TRUE);
  gtk_widget_add_css_class (self->days_grid, "days");
  for (guint d = 0; d < N_DAYS; d++)
    {
      GtkGesture *click = gtk_gesture_click_new ();
      GtkWidget *clip;

      self->cells[d] = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL,
                                     "spacing", 2, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                     NULL);
      gtk_widget_add_css_class (self->cells[d], "day");
      gtk_widget_set_overflow (self->cells[d], GTK_OVERFLOW_HIDDEN);
      /* Cells share the height: the chips never make a row grow. */
      gtk_widget_set_size_request (self->cells[d], 0, 0);
      self->numbers[d] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->numbers[d], "day-number");
      gtk_widget_set_halign (self->numbers[d], GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (self->cells[d]), self->numbers[d]);
      self->chip_boxes[d] = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_valign (self->chip_boxes[d], GTK_ALIGN_START);
      for (guint i = 0; i < MAX_SLOTS; i++)
        {
          hs_month_view_chip_init (self, &self->chips[d][i]);
          gtk_widget_set_visible (self->chips[d][i].button, FALSE);
          gtk_box_append (GTK_BOX (self->chip_boxes[d]), self->chips[d][i].button);
        }
      self->more_buttons[d] = hs_month_view_more_button_new (self, d);
      gtk_box_append (GTK_BOX (self->chip_boxes[d]), self->more_buttons[d]);
      self->day_counts[d] = G_MAXUINT;
      /* A window onto the chips that asks for no room: however many chips a day has, the
       * rows stay equal and the grid fits a narrow window (the rest is behind "+N more"). */
      clip = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (clip), GTK_POLICY_EXTERNAL,
                                      GTK_POLICY_EXTERNAL);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (clip), self->chip_boxes[d]);
      gtk_widget_set_vexpand (clip, TRUE);
      gtk_box_append (GTK_BOX (self->cells[d]), clip);
      gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click),
                                                  GTK_PHASE_BUBBLE);
      g_signal_connect (click, "pressed", G_CALLBACK (day_pressed_cb), self);
      gtk_widget_add_controller (self->cells[d], GTK_EVENT_CONTROLLER (click));
      gtk_grid_attach (GTK_GRID (self->days_grid), self->cells[d], d % 7, d / 7, 1, 1);
    }
  gtk_box_append (GTK_BOX (self->box), self->days_grid);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  /* Before the chips' clipping windows would take the wheel. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_date_clear (&self->selected, 1);
  hs_ui_local_today (&self->selected);
  hs_month_view_set_month (self, g_date_get_year (&self->selected),
                           g_date_get_month (&self->selected));
  /* Nothing to wait for yet. */
  g_clear_handle_id (&self->pending_source, g_source_remove);
  show_pending_cb (self);
}

GtkWidget *
hs_month_view_new (void)
{
  return g_object_new (HS_TYPE_MONTH_VIEW, NULL);
}
