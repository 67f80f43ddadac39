/* hs-occurrence-view.c: a schedule's occurrences, loaded as far as the user scrolls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row gives the weekday, the date and the times in the event's zone, then the times in
 * the viewer's zone. Past occurrences are dimmed, excluded ones struck through (with the
 * word, for those who cannot see the line); a row changes by itself when its occurrence begins
 * ("· now") and ends (past). An unbounded schedule has no end: the list grows
 * by a window whenever the user nears its bottom.
 */

#define G_LOG_DOMAIN "hs-occurrence-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-occurrence-list.h"
#include "hs-occurrence-view.h"
#include "hs-ui-util.h"

/* Occurrences loaded per window: a few screens' worth; the first window fills the view (about
 * five rows) and a screen below it. */
#define WINDOW_SIZE 40
#define FIRST_WINDOW 12

struct _HsOccurrenceView
{
  GtkWidget           parent_instance;

  HsOccurrenceList   *occurrences;
  GtkSingleSelection *selection;
  GtkWidget          *scrolled;
  GtkListView        *list_view;
  guint               load_source;   /* one window at a time, however many rows ask */
  /* The rows bound now (GtkListItem → itself), and, while the view is mapped, a timer that
   * shows again those whose occurrence began or ended since ("· now", then dimmed as past). */
  GHashTable         *bound;
  guint               clock_source;
};

/* How often the rows shown are checked against the clock. */
#define CLOCK_SECONDS 15

typedef enum { UPCOMING, UNDER_WAY, PAST } When;

G_DEFINE_FINAL_TYPE (HsOccurrenceView, hs_occurrence_view, GTK_TYPE_WIDGET)

enum { ROW_DATE, ROW_ZONE, ROW_LOCAL, N_ROW_LABELS };

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (box, "occurrence-row");
  for (guint i = 0; i < N_ROW_LABELS; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
      if (i == ROW_DATE)
        gtk_widget_add_css_class (label, "heading");
      else
        gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_item_set_child (item, box);
}

static GtkLabel *
row_label (GtkWidget *box,
           guint      which)
{
  GtkWidget *child = gtk_widget_get_first_child (box);

  for (guint i = 0; i < which; i++)
    child = gtk_widget_get_next_sibling (child);

  return GTK_LABEL (child);
}

static char *
format_span (GDateTime *start,
             GDateTime *end)
{
  g_autofree char *from = g_date_time_format (start, "%H:%M");
  g_autofree char *to = NULL;

  if (g_date_time_compare (end, start) <= 0)
    return g_steal_pointer (&from);

  /* An end on another day says which. */
  if (g_date_time_get_year (end) != g_date_time_get_year (start) ||
      g_date_time_get_day_of_year (end) != g_date_time_get_day_of_year (start))
    to = g_date_time_format (end, "%a %-d %b %H:%M");
  else
    to = g_date_time_format (end, "%H:%M");

  return g_strdup_printf ("%s–%s", from, to);
}

static When
occurrence_when (HsOccurrence *occurrence)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (hs_occurrence_has_ended (occurrence, now))
    return PAST;
  return g_date_time_compare (hs_occurrence_get_start (occurrence), now) <= 0 ? UNDER_WAY
                                                                               : UPCOMING;
}

/* The times in the event's zone (or "All day"), and in the viewer's (NULL: all day). */
static void
describe_times (HsOccurrenceView  *self,
                HsOccurrence      *occurrence,
                char             **zone_text,
                char             **local_text)
{
  HsSchedule *schedule = hs_occurrence_list_get_schedule (self->occurrences);
  GDateTime *start = hs_occurrence_get_start (occurrence);
  GDateTime *end = hs_occurrence_get_end (occurrence);

  *local_text = NULL;
  if (hs_occurrence_get_all_day (occurrence))
    {
      GDate first;
      GDate last;

      hs_occurrence_get_first_date (occurrence, &first);
      hs_occurrence_get_last_date (occurrence, &last);
      if (g_date_compare (&first, &last) == 0)
        {
          *zone_text = g_strdup (_("All day"));
        }
      else
        {
          char last_text[64];

          g_date_strftime (last_text, sizeof last_text, "%A %-d %B", &last);
          /* Translators: an all-day occurrence over several days; %s is its last day */
          *zone_text = g_strdup_printf (_("All day, until %s"), last_text);
        }
    }
  else
    {
      g_autoptr(GDateTime) start_here = g_date_time_to_timezone (start,
                                                                 hs_ui_get_local_timezone ());
      g_autoptr(GDateTime) end_here = g_date_time_to_timezone (end, hs_ui_get_local_timezone ());
      g_autofree char *span = format_span (start, end);
      g_autofree char *span_here = format_span (start_here, end_here);
      g_autofree char *day_here = g_date_time_format (start_here, "%a %-d %b");
      g_autofree char *zone_here = g_date_time_format (start_here, "%Z");

      /* Translators: times of an occurrence, then the event's time zone */
      *zone_text = g_strdup_printf (_("%s (%s)"), span, hs_schedule_get_time_zone_name (schedule));
      /* Translators: the same occurrence in the viewer's zone: day, times, zone abbreviation */
      *local_text = g_strdup_printf (_("%s, %s %s here"), day_here, span_here, zone_here);
    }
}

static void
show_occurrence (HsOccurrenceView *self,
                 GtkListItem      *item)
{
  HsOccurrence *occurrence = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *date = NULL;
  g_autofree char *zone_text = NULL;
  g_autofree char *local_text = NULL;
  g_autofree char *accessible = NULL;
  gboolean excluded = hs_occurrence_get_excluded (occurrence);
  When when = occurrence_when (occurrence);
  gboolean past = when == PAST;

  date = g_date_time_format (hs_occurrence_get_start (occurrence), "%A %-d %B %Y");
  describe_times (self, occurrence, &zone_text, &local_text);
  /* What the clock checks against (clock_cb ()). */
  g_object_set_data (G_OBJECT (box), "hs-when", GINT_TO_POINTER (when + 1));

  if (excluded)
    {
      g_autofree char *struck = g_strdup (date);

      g_free (date);
      /* Translators: an occurrence that excluded_dates removes */
      date = g_strdup_printf (_("%s · excluded"), struck);
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
    }
  else if (when == UNDER_WAY)
    {
      g_autofree char *plain = g_strdup (date);

      g_free (date);
      /* Translators: an occurrence happening now */
      date = g_strdup_printf (_("%s · now"), plain);
    }

  for (guint i = 0; i < N_ROW_LABELS; i++)
    {
      GtkLabel *label = row_label (box, i);

      gtk_label_set_attributes (label, i == ROW_DATE || excluded ? attrs : NULL);
    }
  gtk_label_set_text (row_label (box, ROW_DATE), date);
  gtk_label_set_text (row_label (box, ROW_ZONE), zone_text);
  gtk_label_set_text (row_label (box, ROW_LOCAL), local_text ? local_text : "");
  gtk_widget_set_visible (GTK_WIDGET (row_label (box, ROW_LOCAL)), local_text != NULL);

  if (past)
    gtk_widget_add_css_class (box, "past");
  else
    gtk_widget_remove_css_class (box, "past");
  if (excluded)
    gtk_widget_add_css_class (box, "excluded");
  else
    gtk_widget_remove_css_class (box, "excluded");

  accessible = g_strdup_printf ("%s. %s. %s%s", date, zone_text, local_text ? local_text : "",
                                past ? _(" (past)") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             HsOccurrenceView         *self)
{
  show_occurrence (self, item);
}

/* An occurrence that began or ended since its row was shown is shown again. */
static gboolean
clock_cb (gpointer data)
{
  HsOccurrenceView *self = data;
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      HsOccurrence *occurrence = gtk_list_item_get_item (item);
      GtkWidget *box = gtk_list_item_get_child (item);

      if (occurrence != NULL && box != NULL &&
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (box), "hs-when")) !=
          (int) occurrence_when (occurrence) + 1)
        show_occurrence (self, item);
    }

  return G_SOURCE_CONTINUE;
}

/* Within a screen of the end of what is loaded: the next window. (Not from a bind: GTK 4.8's
 * list view binds up to 200 rows whatever it shows, so loading when the last rows were bound
 * ran on to 240 occurrences and 200 rows for a view of five: most of the page's cost.) */
static void
scrolled_cb (HsOccurrenceView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (self->scrolled));
  double page = gtk_adjustment_get_page_size (adjustment);

  if (self->occurrences != NULL && page > 0 &&
      !hs_occurrence_list_is_complete (self->occurrences) &&
      gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment))
    gtk_widget_activate_action (GTK_WIDGET (self), "occurrences.load-more", NULL);
}

static gboolean
load_more_idle_cb (gpointer user_data)
{
  HsOccurrenceView *self = user_data;

  self->load_source = 0;
  if (self->occurrences != NULL)
    hs_occurrence_list_load_more (self->occurrences, WINDOW_SIZE, NULL);

  return G_SOURCE_REMOVE;
}

/* Not from inside a bind: the list view must not change while it binds a row. */
static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsOccurrenceView *self = HS_OCCURRENCE_VIEW (widget);

  if (self->load_source == 0)
    self->load_source = g_idle_add (load_more_idle_cb, self);
}

void
hs_occurrence_view_set_schedule (HsOccurrenceView *self,
                                 HsSchedule       *schedule)
{
  g_autoptr(HsOccurrenceList) occurrences = NULL;

  g_return_if_fail (HS_IS_OCCURRENCE_VIEW (self));
  g_return_if_fail (!schedule || HS_IS_SCHEDULE (schedule));

  if (schedule != NULL)
    {
      occurrences = hs_occurrence_list_new (schedule);
      hs_occurrence_list_load_more (occurrences, FIRST_WINDOW, NULL);
    }
  g_set_object (&self->occurrences, occurrences);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (occurrences));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

gboolean
hs_occurrence_view_jump_to_next (HsOccurrenceView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint position;

  g_return_val_if_fail (HS_IS_OCCURRENCE_VIEW (self), FALSE);

  if (self->occurrences == NULL)
    return FALSE;

  position = hs_occurrence_list_find_next (self->occurrences, now);
  if (position == G_MAXUINT)
    return FALSE;

  /* GTK 4.8 scrolls only as far as needed: bring a few rows after it into view first, so it
   * is not the last row shown but near the top, the rest of the list below it. */
  hs_occurrence_list_load_more (self->occurrences, WINDOW_SIZE, NULL);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              MIN (position + 3, g_list_model_get_n_items (
                                     G_LIST_MODEL (self->occurrences)) - 1));
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              position);
  return TRUE;
}

static void
hs_occurrence_view_map (GtkWidget *widget)
{
  HsOccurrenceView *self = HS_OCCURRENCE_VIEW (widget);

  GTK_WIDGET_CLASS (hs_occurrence_view_parent_class)->map (widget);
  /* Shown again: what changed meanwhile at once, then every CLOCK_SECONDS. */
  clock_cb (self);
  hs_ui_start_timer (&self->clock_source, CLOCK_SECONDS, clock_cb, self,
                     "[hookscope] occurrences' clock");
}

static void
hs_occurrence_view_unmap (GtkWidget *widget)
{
  HsOccurrenceView *self = HS_OCCURRENCE_VIEW (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  GTK_WIDGET_CLASS (hs_occurrence_view_parent_class)->unmap (widget);
}

static void
hs_occurrence_view_dispose (GObject *object)
{
  HsOccurrenceView *self = (HsOccurrenceView *)object;

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->occurrences);

  G_OBJECT_CLASS (hs_occurrence_view_parent_class)->dispose (object);
}

static void
hs_occurrence_view_class_init (HsOccurrenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_occurrence_view_dispose;
  widget_class->map = hs_occurrence_view_map;
  widget_class->unmap = hs_occurrence_view_unmap;

  gtk_widget_class_install_action (widget_class, "occurrences.load-more", NULL,
                                   load_more_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "occurrenceview");
}

static void
hs_occurrence_view_init (HsOccurrenceView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->bound = hs_ui_track_bound_rows (GTK_SIGNAL_LIST_ITEM_FACTORY (factory));
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (
    GTK_SELECTION_MODEL (g_object_ref (self->selection)), g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "occurrences");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Occurrences"), -1);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled),
                                 GTK_WIDGET (self->list_view));
  gtk_widget_set_size_request (self->scrolled, -1, 320);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (
                             GTK_SCROLLED_WINDOW (self->scrolled)),
                           "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (
                             GTK_SCROLLED_WINDOW (self->scrolled)),
                           "changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
hs_occurrence_view_new (void)
{
  return g_object_new (HS_TYPE_OCCURRENCE_VIEW, NULL);
}
