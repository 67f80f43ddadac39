/* hs-agenda-view.c: the occurrences to come, across all events, day by day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME Calendar's list view: a heading per day, then a row per occurrence (the event's colour,
 * the time, the name); a click opens the event page ("event-activated"). The page decides how
 * far ahead it looks.
 */

#define G_LOG_DOMAIN "hs-agenda-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-agenda-view.h"
#include "hs-month-view.h"

struct _HsAgendaView
{
  GtkWidget   parent_instance;

  GtkWidget  *stack;
  GtkListBox *list;
  GtkLabel   *more_label;
  GPtrArray  *items;
  guint       appended;       /* rows of items made so far */
  guint       append_source;  /* making the next chunk */
  GtkAdjustment *vadjustment;
};

/* The rows made at once: more than a tall window shows. The rest follow as the user scrolls
 * towards them, a chunk at a time (making and measuring 300 rows at once took 80–140 ms of the
 * main loop, for rows most users never scroll to). */
#define FIRST_ROWS 40
#define CHUNK_ROWS 60

G_DEFINE_FINAL_TYPE (HsAgendaView, hs_agenda_view, GTK_TYPE_WIDGET)

enum { EVENT_ACTIVATED, N_SIGNALS };

static guint signals[N_SIGNALS];

static GtkWidget *
create_heading (const GDate *day)
{
  GtkWidget *label = gtk_label_new (NULL);
  char text[64];

  g_date_strftime (text, sizeof text, "%A %-d %B %Y", day);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "agenda-day");

  return label;
}

static GtkWidget *
create_row (const HsMonthItem *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *time = gtk_label_new (item->time_text ? item->time_text : _("All day"));
  GtkWidget *title = gtk_label_new (NULL);
  g_autofree char *color = g_strdup_printf ("color-%u", item->color % HS_MONTH_VIEW_N_COLORS);
  g_autofree char *accessible = g_strdup_printf ("%s, %s", item->title,
                                                 item->time_text ? item->time_text
                                                                 : _("All day"));

  gtk_widget_add_css_class (dot, "dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (time), 7);
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_label_set_use_markup (GTK_LABEL (title), FALSE);
  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), title);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "chip");
  gtk_widget_add_css_class (row, "agenda-row");
  gtk_widget_add_css_class (row, color);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "event-id", g_strdup (item->event_id), g_free);

  return row;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const GDate *day = g_object_get_data (G_OBJECT (row), "day");
  const GDate *before_day = before ? g_object_get_data (G_OBJECT (before), "day") : NULL;

  if (before_day != NULL && g_date_compare (day, before_day) == 0)
    gtk_list_box_row_set_header (row, NULL);
  else
    gtk_list_box_row_set_header (row, create_heading (day));
}

static void
row_activated_cb (HsAgendaView  *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (row), "event-id"));
}

static void
append_rows (HsAgendaView *self,
             guint         n)
{
  guint end = MIN (self->appended + n, self->items->len);

  for (; self->appended < end; self->appended++)
    {
      HsMonthItem *item = g_ptr_array_index (self->items, self->appended);
      GtkWidget *row = create_row (item);

      g_object_set_data (G_OBJECT (row), "day", &item->first);
      gtk_list_box_append (self->list, row);
    }
}

static gboolean
append_more_cb (gpointer data)
{
  HsAgendaView *self = data;

  self->append_source = 0;
  if (self->items != NULL)
    append_rows (self, CHUNK_ROWS);
  return G_SOURCE_REMOVE;
}

/* Within two screens of the end of the rows made: the next chunk (not while allocating). */
static void
scrolled_cb (HsAgendaView *self)
{
  double bottom = gtk_adjustment_get_value (self->vadjustment) +
                  gtk_adjustment_get_page_size (self->vadjustment);

  if (self->items != NULL && self->appended < self->items->len && self->append_source == 0 &&
      bottom + 2 * gtk_adjustment_get_page_size (self->vadjustment) >=
      gtk_adjustment_get_upper (self->vadjustment))
    self->append_source = g_idle_add (append_more_cb, self);
}

void
hs_agenda_view_set_items (HsAgendaView *self,
                          GPtrArray    *items,
                          gboolean      more)
{
  GtkWidget *child;

  g_return_if_fail (HS_IS_AGENDA_VIEW (self));

  g_clear_handle_id (&self->append_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = items;
  self->appended = 0;

  if (items != NULL)
    {
      append_rows (self, FIRST_ROWS);
      gtk_adjustment_set_value (self->vadjustment, 0);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->more_label), more);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    items != NULL && items->len > 0 ? "list" : "empty");
}

static void
hs_agenda_view_dispose (GObject *object)
{
  HsAgendaView *self = (HsAgendaView *)object;

  g_clear_handle_id (&self->append_source, g_source_remove);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_agenda_view_parent_class)->dispose (object);
}

static void
hs_agenda_view_class_init (HsAgendaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_agenda_view_dispose;

  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "agendaview");
}

static void
hs_agenda_view_init (HsAgendaView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *empty = adw_status_page_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "agenda");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Upcoming Occurrences"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);

  self->more_label = GTK_LABEL (gtk_label_new (_("Later occurrences are on the month grid.")));
  gtk_widget_add_css_class (GTK_WIDGET (self->more_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->more_label));
  gtk_widget_add_css_class (box, "agenda-box");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  self->vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* (The upper bound changes too when the rows made do not fill the view.) */
  g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vadjustment, "changed", G_CALLBACK (scrolled_cb), self,
                           G_CONNECT_SWAPPED);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing Coming Up"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("No occurrence in the next weeks."));
  gtk_widget_add_css_class (empty, "compact-status");

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
}
