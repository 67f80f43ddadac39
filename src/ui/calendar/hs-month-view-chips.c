/* hs-month-view-chips.c: the month view's chips, "+N more" and its popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chips are made once with the view (MAX_SLOTS a day) and shown again for another
 * occurrence on each month switch; a chip changes only what differs from what it showed. The
 * popover of "+N more" is built when it opens.
 */

#define G_LOG_DOMAIN "hs-month-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-month-view-private.h"

static void
chip_clicked_cb (GtkButton   *button,
                 HsMonthView *self)
{
  const char *event_id = g_object_get_data (G_OBJECT (button), "event-id");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  if (event_id != NULL)
    hs_month_view_activate_event (self, event_id);
}

void
hs_month_view_chip_init (HsMonthView *self,
                         Chip        *chip)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  chip->button = gtk_button_new ();
  chip->dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (chip->dot, "dot");
  gtk_widget_set_valign (chip->dot, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), chip->dot);
  chip->label = gtk_label_new (NULL);
  gtk_label_set_use_markup (GTK_LABEL (chip->label), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (chip->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (chip->label), 0);
  gtk_widget_set_hexpand (chip->label, TRUE);
  gtk_box_append (GTK_BOX (box), chip->label);
  gtk_button_set_child (GTK_BUTTON (chip->button), box);
  gtk_widget_add_css_class (chip->button, "chip");
  gtk_widget_set_focus_on_click (chip->button, FALSE);
  g_signal_connect (chip->button, "clicked", G_CALLBACK (chip_clicked_cb), self);
  chip->text = NULL;
  chip->accessible = NULL;
  chip->color = -1;
  chip->classes = 0;
}

static void
toggle_class (GtkWidget  *widget,
              const char *name,
              gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* Shows @item on @day in @chip: only what differs from what it showed is changed. */
static void
chip_show (HsMonthView       *self,
           Chip              *chip,
           const HsMonthItem *item,
           const GDate       *day)
{
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  gboolean bar = item->time_text == NULL || g_date_compare (&item->first, &item->last) != 0;
  gboolean continued = g_date_compare (day, &item->first) != 0;
  int color = item->color % HS_MONTH_VIEW_N_COLORS;
  guint classes;

  /* The time only where the occurrence begins; the days after carry the bar on. */
  if (item->time_text != NULL && !continued)
    text = g_strconcat (item->time_text, " ", item->title, NULL);

  if (self->compact)
    bar = FALSE;
  gtk_widget_set_visible (chip->dot, !bar);
  gtk_widget_set_visible (chip->label, !self->compact);
  if (text == NULL)
    text = g_strdup (item->title);
  /* (A tooltip or an accessible name set again is work, and an event on the accessibility
   * bus, even when it says the same: a month of daily events shows the same chips.) */
  if (g_strcmp0 (text, chip->text) != 0)
    {
      gtk_label_set_text (GTK_LABEL (chip->label), text);
      gtk_widget_set_tooltip_text (chip->button, text);
      g_free (chip->text);
      chip->text = g_steal_pointer (&text);
    }

  if (color != chip->color)
    {
      char name[16];

      if (chip->color >= 0)
        {
          g_snprintf (name, sizeof name, "color-%d", chip->color);
          gtk_widget_remove_css_class (chip->button, name);
        }
      g_snprintf (name, sizeof name, "color-%d", color);
      gtk_widget_add_css_class (chip->button, name);
      chip->color = color;
    }
  /* A bar runs on into the next day unless it ends here (the style joins the pieces). */
  classes = (bar ? CHIP_BAR : 0) | (continued ? CHIP_CONTINUED : 0) |
            (bar && g_date_compare (day, &item->last) != 0 ? CHIP_CONTINUES : 0);
  if (classes != chip->classes)
    {
      toggle_class (chip->button, "bar", classes & CHIP_BAR);
      toggle_class (chip->button, "continued", classes & CHIP_CONTINUED);
      toggle_class (chip->button, "continues", classes & CHIP_CONTINUES);
      chip->classes = classes;
    }
  /* GTK 4.8 names a button with a custom child after nothing: say what the chip is. */
  accessible = item->time_text != NULL ? g_strconcat (item->title, ", ", item->time_text, NULL)
                                       : g_strdup (item->title);
  if (g_strcmp0 (accessible, chip->accessible) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_free (chip->accessible);
      chip->accessible = g_steal_pointer (&accessible);
    }
  g_object_set_data_full (G_OBJECT (chip->button), "event-id",
                          g_ref_string_acquire (item->event_id),
                          (GDestroyNotify) g_ref_string_release);
  gtk_widget_set_visible (chip->button, TRUE);
}

/* A chip of its own, for the "+N more" popover. */
static GtkWidget *
create_chip (HsMonthView       *self,
             const HsMonthItem *item,
             const GDate       *day)
{
  Chip chip;

  hs_month_view_chip_init (self, &chip);
  chip_show (self, &chip, item, day);
  g_free (chip.text);
  g_free (chip.accessible);
  return chip.button;
}

/* What a "+N more" button shows when it opens: built then, not with the month (a day of a
 * month with 1,000 daily events has hundreds; building them all for 42 days took seconds). */
static void
create_more_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  MoreSlot *slot = user_data;
  HsMonthView *self = slot->self;
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  GPtrArray *day_items;
  GtkWidget *scrolled;
  GtkWidget *box;
  GtkWidget *title;
  gboolean compact = self->compact;
  GDate day = self->first;
  char date_text[64];

  if (popover == NULL || gtk_popover_get_child (popover) != NULL || self->days == NULL)
    return;

  day_items = hs_month_days_get_day (self->days, slot->day);
  g_date_add_days (&day, slot->day);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  title = gtk_label_new (NULL);
  g_date_strftime (date_text, sizeof date_text, "%A %-d %B", &day);
  gtk_label_set_text (GTK_LABEL (title), date_text);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  /* The popover has room for names. */
  self->compact = FALSE;
  for (guint i = 0; i < day_items->len; i++)
    gtk_box_append (GTK_BOX (box), create_chip (self, g_ptr_array_index (day_items, i), &day));
  self->compact = compact;
  gtk_widget_set_size_request (box, 220, -1);
  gtk_widget_add_css_class (box, "month-more");

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_popover_set_child (popover, scrolled);
}

GtkWidget *
hs_month_view_more_button_new (HsMonthView *self,
                               guint        d)
{
  GtkWidget *button = gtk_menu_button_new ();
  MoreSlot *slot = g_new0 (MoreSlot, 1);

  slot->self = self;
  slot->day = d;
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), gtk_popover_new ());
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_more_popup_cb,
                                         slot, g_free);

  /* A label of our own: a menu button's own label comes with an arrow. */
  self->more_labels[d] = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->more_labels[d]), PANGO_ELLIPSIZE_END);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), self->more_labels[d]);
  gtk_widget_add_css_class (button, "more");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_visible (button, FALSE);

  return button;
}

static void
more_button_show (HsMonthView *self,
                  guint        d,
                  guint        n)
{
  g_autofree char *text = g_strdup_printf (ngettext ("+%u more", "+%u more", n), n);
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->more_buttons[d]));

  /* The day's chips changed: the popover is made again when it next opens. */
  if (popover != NULL && gtk_popover_get_child (popover) != NULL)
    {
      gtk_popover_popdown (popover);
      gtk_popover_set_child (popover, NULL);
    }
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->more_labels[d])),
                 self->compact ? "+" : text) != 0)
    gtk_label_set_text (GTK_LABEL (self->more_labels[d]), self->compact ? "+" : text);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (self->more_buttons[d]), text) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->more_buttons[d]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      gtk_widget_set_tooltip_text (self->more_buttons[d], text);
    }
  gtk_widget_set_visible (self->more_buttons[d], TRUE);
}

void
hs_month_view_fill_chips (HsMonthView *self)
{
  HsMonthDays *days = self->days;

  for (guint d = 0; d < N_DAYS; d++)
    {
      GPtrArray *day_items = days != NULL ? hs_month_days_get_day (days, d) : NULL;
      guint n = day_items != NULL ? day_items->len : 0;
      guint max = self->compact ? MAX_CHIPS + 1 : MAX_CHIPS;
      guint shown = n > max ? max - 1 : n;
      GDate day = self->first;

      g_date_add_days (&day, d);
      for (guint i = 0; i < MAX_SLOTS; i++)
        {
          if (i < shown)
            chip_show (self, &self->chips[d][i], g_ptr_array_index (day_items, i), &day);
          else
            gtk_widget_set_visible (self->chips[d][i].button, FALSE);
        }
      if (shown < n)
        more_button_show (self, d, n - shown);
      else
        gtk_widget_set_visible (self->more_buttons[d], FALSE);

      if (n != self->day_counts[d])
        {
          self->day_counts[d] = n;
          hs_month_view_describe_day (self, d);
        }
    }
}

/* A day's cell says how many occurrences it has, and whether it is today. */
void
hs_month_view_describe_day (HsMonthView *self,
                            guint        d)
{
  guint n = self->day_counts[d] == G_MAXUINT ? 0 : self->day_counts[d];
  g_autofree char *text = NULL;

  if ((int) d == self->today_cell)
    text = g_strdup_printf (ngettext ("Today, %u occurrence", "Today, %u occurrences", n), n);
  else
    text = g_strdup_printf (ngettext ("%u occurrence", "%u occurrences", n), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cells[d]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}
