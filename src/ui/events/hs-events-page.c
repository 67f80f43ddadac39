/* hs-events-page.c: the events the webhooks described, with their schedules in words and
 * their next occurrence in the event's zone and the viewer's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list is an HsDomainList: only the rows in view are read (on a worker), so 100,000
 * events open as fast as ten; the search asks the store for the matching rows.
 */

#define G_LOG_DOMAIN "hs-events-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-domain-list.h"
#include "hs-event.h"
#include "hs-event-view.h"
#include "hs-events-page.h"
#include "hs-occurrence.h"
#include "hs-page.h"
#include "hs-schedule.h"
#include "hs-ui-util.h"
#include "hs-view-bench.h"
#include "hs-window.h"

struct _HsEventsPage
{
  GtkWidget    parent_instance;

  HsStore     *store;
  HsUiThrottle  reload_throttle;
  HsDomainList *events;

  GtkSingleSelection *selection;

  AdwLeaflet  *leaflet;
  GtkSearchEntry *search_entry;
  GtkLabel    *count_label;
  GtkStack    *stack;
  GtkListView *list_view;
  GtkWidget   *detail_box;
  HsEventView *event_view;

  /* The rows bound now (GtkListItem → itself), and, while the page is mapped, a timer that
   * computes again the "Next" of those whose next occurrence has ended. */
  GHashTable  *bound;
  guint        clock_source;
};

/* How often the rows bound are checked against the clock. */
#define CLOCK_SECONDS 30

static void page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsEventsPage, hs_events_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, page_iface_init))

enum { ROW_NAME, ROW_SUMMARY, ROW_NEXT, ROW_PEOPLE, ROW_WARNING, N_ROW_LABELS };

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  static const char *classes[N_ROW_LABELS] = { "heading", NULL, "dim-label", "dim-label",
                                                "warning" };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_widget_add_css_class (box, "event-row");
  for (guint i = 0; i < N_ROW_LABELS; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* One line each (the page has it all): a list view measures every row it binds, 200
       * at a time, and wrapped text measured several times costs seconds with many rows. */
      if (i == ROW_WARNING)
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      else
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
      if (classes[i] != NULL)
        gtk_widget_add_css_class (label, classes[i]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_item_set_child (item, box);
}

static GtkLabel *
row_label (GtkListItem *item,
           guint        which)
{
  GtkWidget *child = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  for (guint i = 0; i < which; i++)
    child = gtk_widget_get_next_sibling (child);

  return GTK_LABEL (child);
}

static char *
describe_next (HsSchedule *schedule,
               GTimeZone  *local_zone,
               gint64     *next_end)
{
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (hs_schedule_get_time_zone (schedule));
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *in_zone = NULL;
  g_autofree char *in_local = NULL;
  HsOccurrence *occurrence = NULL;
  GDateTime *start;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  /* From today: today's may have ended already (the next is then the one after it), as the
   * event page's "Today" has it. A schedule has one occurrence a day at most. */
  next = hs_schedule_expand (schedule, &today, NULL, 2, NULL, NULL);
  for (guint i = 0; next != NULL && i < next->len && occurrence == NULL; i++)
    {
      if (!hs_occurrence_has_ended (g_ptr_array_index (next, i), now))
        occurrence = g_ptr_array_index (next, i);
    }
  if (occurrence == NULL)
    return g_strdup (_("No upcoming occurrence"));

  *next_end = g_date_time_to_unix (hs_occurrence_get_end (occurrence));
  start = hs_occurrence_get_start (occurrence);
  if (hs_occurrence_get_all_day (occurrence))
    {
      in_zone = g_date_time_format (start, "%A %-d %B %Y");
      /* Translators: %s is a date */
      return g_strdup_printf (_("Next: %s, all day"), in_zone);
    }

  local = g_date_time_to_timezone (start, local_zone);
  in_zone = g_date_time_format (start, "%A %-d %B %Y, %H:%M");
  in_local = g_date_time_format (local, "%H:%M %Z");
  /* Translators: next occurrence: date and time in the event's zone, the zone, local time */
  return g_strdup_printf (_("Next: %s (%s) · %s here"), in_zone,
                          hs_schedule_get_time_zone_name (schedule), in_local);
}

/* What a row shows besides the name: computed once per event object (a new version is a new
 * object), on the list's worker (prepare_row ()): parsing a schedule and finding its next
 * occurrence for the 200 rows a list view binds took seconds of the main loop. */
typedef struct
{
  char *summary;
  char *next;
  char *people;
  char *warning;
  gint64 next_end;  /* when the next occurrence ends (Unix time), 0: none */
} RowTexts;

static void
row_texts_free (gpointer data)
{
  RowTexts *texts = data;

  g_free (texts->summary);
  g_free (texts->next);
  g_free (texts->people);
  g_free (texts->warning);
  g_free (texts);
}

static RowTexts *
compute_row_texts (HsEvent   *event,
                   GTimeZone *local_zone)
{
  RowTexts *texts = g_new0 (RowTexts, 1);
  JsonObject *schedule_object = hs_event_get_schedule (event);
  g_autoptr(HsSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;
  guint n_invitations, n_participants;

  if (schedule_object != NULL)
    schedule = hs_schedule_new_from_json (schedule_object, &error);

  if (schedule != NULL)
    {
      const char * const *warnings = hs_schedule_get_warnings (schedule);

      texts->summary = hs_schedule_describe (schedule);
      texts->next = describe_next (schedule, local_zone, &texts->next_end);
      if (warnings[0] != NULL)
        texts->warning = g_strjoinv ("\n", (char **)warnings);
    }
  else if (error != NULL)
    {
      /* Translators: %s says which schedule field is wrong and why */
      texts->warning = g_strdup_printf (_("Schedule not understood: %s"), error->message);
    }
  else
    {
      texts->summary = g_strdup (_("No schedule"));
    }

  if (hs_domain_store_get_event_counts (event, &n_invitations, &n_participants))
    {
      g_autofree char *invited = g_strdup_printf (ngettext ("%u invitation", "%u invitations",
                                                            n_invitations), n_invitations);
      g_autofree char *taking_part = g_strdup_printf (ngettext ("%u participant",
                                                                "%u participants",
                                                                n_participants),
                                                      n_participants);

      texts->people = g_strdup_printf ("%s · %s", invited, taking_part);
    }

  return texts;
}

/* On the list's worker thread (HsDomainListPrepareFunc). */
static void
prepare_row (GObject *item)
{
  g_autoptr(GTimeZone) local_zone = g_time_zone_new_local ();

  g_object_set_data_full (item, "hs-row-texts", compute_row_texts (HS_EVENT (item), local_zone),
                          row_texts_free);
}

static gboolean bench_search (gpointer data);

static void show_row (GtkListItem *item,
                      HsEvent     *event,
                      RowTexts    *texts);

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  HsEventsPage *self = user_data;
  HsEvent *event = gtk_list_item_get_item (item);
  RowTexts *texts;

  /* Not read yet: an empty row of the same height until its page comes. */
  if (hs_domain_list_is_placeholder (event))
    {
      for (guint i = 0; i < N_ROW_LABELS; i++)
        {
          gtk_label_set_text (row_label (item, i), i == ROW_NAME ? "…" : "");
          gtk_widget_set_visible (GTK_WIDGET (row_label (item, i)), i <= ROW_NEXT);
        }
      return;
    }
  hs_view_bench_done (GTK_WIDGET (self->list_view), "events-first-rows", bench_search, self);

  if ((texts = g_object_get_data (G_OBJECT (event), "hs-row-texts")) == NULL)
    {
      texts = compute_row_texts (event, hs_ui_get_local_timezone ());
      g_object_set_data_full (G_OBJECT (event), "hs-row-texts", texts, row_texts_free);
    }
  show_row (item, event, texts);
}

/* A row whose next occurrence has ended shows the one after (a few rows at a time: those
 * bound whose occurrence ended in the last CLOCK_SECONDS). */
static gboolean
clock_cb (gpointer data)
{
  HsEventsPage *self = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      HsEvent *event = gtk_list_item_get_item (item);
      RowTexts *texts;

      if (event == NULL || hs_domain_list_is_placeholder (event) ||
          (texts = g_object_get_data (G_OBJECT (event), "hs-row-texts")) == NULL ||
          texts->next_end == 0 || texts->next_end > now)
        continue;
      texts = compute_row_texts (event, hs_ui_get_local_timezone ());
      g_object_set_data_full (G_OBJECT (event), "hs-row-texts", texts, row_texts_free);
      show_row (item, event, texts);
    }

  return G_SOURCE_CONTINUE;
}

static void
hs_events_page_map (GtkWidget *widget)
{
  HsEventsPage *self = HS_EVENTS_PAGE (widget);

  GTK_WIDGET_CLASS (hs_events_page_parent_class)->map (widget);
  clock_cb (self);
  hs_ui_start_timer (&self->clock_source, CLOCK_SECONDS, clock_cb, self,
                     "[hookscope] events' next occurrences");
}

static void
hs_events_page_unmap (GtkWidget *widget)
{
  HsEventsPage *self = HS_EVENTS_PAGE (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  GTK_WIDGET_CLASS (hs_events_page_parent_class)->unmap (widget);
}

static void
show_row (GtkListItem *item,
          HsEvent     *event,
          RowTexts    *texts)
{
  /* Every text here comes from a payload or is built from one: plain text only. */
  gtk_label_set_text (row_label (item, ROW_NAME),
                      hs_event_get_name (event) ? hs_event_get_name (event)
                                                : hs_event_get_id (event));
  gtk_label_set_text (row_label (item, ROW_SUMMARY), texts->summary ? texts->summary : "");
  gtk_label_set_text (row_label (item, ROW_NEXT), texts->next ? texts->next : "");
  gtk_label_set_text (row_label (item, ROW_PEOPLE), texts->people ? texts->people : "");
  gtk_label_set_text (row_label (item, ROW_WARNING), texts->warning ? texts->warning : "");
  gtk_widget_set_visible (GTK_WIDGET (row_label (item, ROW_NAME)), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (row_label (item, ROW_SUMMARY)), texts->summary != NULL);
  gtk_widget_set_visible (GTK_WIDGET (row_label (item, ROW_NEXT)), texts->next != NULL);
  gtk_widget_set_visible (GTK_WIDGET (row_label (item, ROW_PEOPLE)), texts->people != NULL);
  gtk_widget_set_visible (GTK_WIDGET (row_label (item, ROW_WARNING)), texts->warning != NULL);
}

/* --- HS_BENCH=events (hs-view-bench.c): the list shows itself, then a search, then quits */

static gboolean
bench_show_page (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (data);

  if (HS_IS_WINDOW (root))
    hs_window_show_page (HS_WINDOW (root), "events");
  return G_SOURCE_REMOVE;
}

static gboolean
bench_quit (gpointer data)
{
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

static gboolean
bench_search (gpointer data)
{
  HsEventsPage *self = data;

  hs_view_bench_start ("events-search");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "no. 99999");
  hs_domain_list_set_search (self->events, "no. 99999");
  return G_SOURCE_REMOVE;
}

/* "1,234 events" (grouped as the locale groups digits), or "No events". */
static void
update_count (HsEventsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  gboolean searching = hs_domain_list_get_search (self->events) != NULL;
  g_autofree char *number = g_strdup_printf ("%'u", n);
  g_autofree char *text = NULL;

  if (!hs_domain_list_get_loaded (self->events))
    return;

  if (searching)
    /* Translators: %s is a number of events found by a search (with thousands separators) */
    text = g_strdup_printf (ngettext ("%s event found", "%s events found", n), number);
  else
    /* Translators: %s is a number of events (with thousands separators) */
    text = g_strdup_printf (ngettext ("%s event", "%s events", n), number);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack,
                                    n > 0 ? "list" : searching ? "no-results" : "empty");
  hs_view_bench_done (GTK_WIDGET (self->count_label), "events-search", bench_quit, self);
  /* (An empty list has no rows to wait for.) */
  if (n == 0)
    hs_view_bench_done (GTK_WIDGET (self->count_label), "events-first-rows", bench_search, self);
}

/* A new version of the event on view: show it (the view keeps its place). */
static void
events_row_changed_cb (HsEventsPage *self,
                       const char   *id)
{
  if (g_strcmp0 (id, hs_event_view_get_event_id (self->event_view)) == 0)
    hs_event_view_show_event (self->event_view, id);
}

/* The row of the event on view was read again (or came into view): mark it again. */
static void
events_items_changed_cb (HsEventsPage *self)
{
  const char *shown = hs_event_view_get_event_id (self->event_view);
  guint position;

  if (shown != NULL &&
      gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      hs_domain_list_find (self->events, shown, &position))
    gtk_single_selection_set_selected (self->selection, position);
}

static void
reload (HsEventsPage *self)
{
  if (self->events != NULL)
    hs_domain_list_refresh (self->events);
}

static void
hs_events_page_bind (HsPage  *page,
                     HsStore *store)
{
  HsEventsPage *self = HS_EVENTS_PAGE (page);

  g_set_object (&self->store, store);
  hs_event_view_set_store (self->event_view, store);
  if (store == NULL || self->events != NULL)
    return;

  self->events = hs_domain_list_new (store, HS_DOMAIN_PAGES_EVENTS);
  hs_domain_list_set_prepare_func (self->events, prepare_row);
  g_signal_connect_object (self->events, "notify::n-items", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events, "notify::loaded", G_CALLBACK (update_count), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->events, "row-changed", G_CALLBACK (events_row_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->events));
  /* After the selection's own handler: it unselects a row that was read again. */
  g_signal_connect_object (self->events, "items-changed", G_CALLBACK (events_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  hs_ui_keep_top_in_view (GTK_WIDGET (self->list_view), G_LIST_MODEL (self->events));
  if (hs_view_bench_wants ("events"))
    {
      hs_view_bench_start ("events-first-rows");
      g_idle_add (bench_show_page, self);
    }
  hs_domain_list_reload (self->events);
}

static void
search_changed_cb (HsEventsPage *self)
{
  if (self->events != NULL)
    hs_domain_list_set_search (self->events,
                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static gboolean
reload_cb_throttled (gpointer data)
{
  reload (data);
  return G_SOURCE_REMOVE;
}

/* New domain rows: re-read what changed a moment after a burst begins, then at most once a
 * second while it lasts (a re-read costs the main loop the rows it merges). */
static void
hs_events_page_store_changed (HsPage             *page,
                              const HsPageChange *change)
{
  hs_ui_throttle (&HS_EVENTS_PAGE (page)->reload_throttle, 250, 1000, reload_cb_throttled, page);
}

static void
hs_events_page_came_into_view (HsPage             *page,
                               const HsPageChange *missed)
{
  if (missed != NULL)
    reload (HS_EVENTS_PAGE (page));
}

static gboolean
hs_events_page_show_item (HsPage     *page,
                          const char *kind,
                          GVariant   *target)
{
  if (g_strcmp0 (kind, "event") != 0 || target == NULL ||
      !g_variant_is_of_type (target, G_VARIANT_TYPE_STRING))
    return FALSE;

  hs_events_page_show_event (HS_EVENTS_PAGE (page), g_variant_get_string (target, NULL));
  return TRUE;
}

static void
page_iface_init (HsPageInterface *iface)
{
  iface->name = "events";
  iface->title = N_("Events");
  iface->icon_name = "starred-symbolic";
  iface->bind = hs_events_page_bind;
  iface->store_changed = hs_events_page_store_changed;
  iface->came_into_view = hs_events_page_came_into_view;
  iface->show_item = hs_events_page_show_item;
}

/* Opens the event page of @event_id, and marks it in the list when it is there. */
void
hs_events_page_show_event (HsEventsPage *self,
                           const char   *event_id)
{
  guint position;

  g_return_if_fail (HS_IS_EVENTS_PAGE (self));
  g_return_if_fail (event_id != NULL);

  if (self->events != NULL && hs_domain_list_find (self->events, event_id, &position))
    gtk_single_selection_set_selected (self->selection, position);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  hs_event_view_show_event (self->event_view, event_id);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_box);
}

static void
event_activated_cb (HsEventsPage *self,
                    guint         position)
{
  g_autoptr(HsEvent) event = NULL;

  if (self->events != NULL)
    event = g_list_model_get_item (G_LIST_MODEL (self->events), position);
  if (event != NULL && hs_event_get_id (event) != NULL)
    hs_events_page_show_event (self, hs_event_get_id (event));
}

/* Choosing an event (pointer, keyboard, or an assistive technology's selection) opens it. */
static void
selected_item_cb (HsEventsPage *self)
{
  HsEvent *event = gtk_single_selection_get_selected_item (self->selection);

  /* (A row not read yet has no id.) */
  if (event != NULL && hs_event_get_id (event) != NULL &&
      g_strcmp0 (hs_event_get_id (event), hs_event_view_get_event_id (self->event_view)) != 0)
    hs_events_page_show_event (self, hs_event_get_id (event));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (HS_EVENTS_PAGE (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* --- GObject -------------------------------------------------------------------------------- */

static void
hs_events_page_dispose (GObject *object)
{
  HsEventsPage *self = (HsEventsPage *)object;

  hs_ui_throttle_clear (&self->reload_throttle);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_EVENTS_PAGE);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (hs_events_page_parent_class)->dispose (object);
}

/* The room's own style sheet, beside its code. */
static void
load_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  if (gdk_display_get_default () == NULL)
    return;
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/events.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
hs_events_page_class_init (HsEventsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_events_page_dispose;
  widget_class->map = hs_events_page_map;
  widget_class->unmap = hs_events_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-events-page.ui");
  g_type_ensure (HS_TYPE_EVENT_VIEW);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, HsEventsPage, event_view);
  gtk_widget_class_bind_template_callback (widget_class, event_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_install_action (widget_class, "events.back", NULL, back_action);
  load_css ();
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_events_page_init (HsEventsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The model comes with the store (bind). */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_item_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->bound = hs_ui_track_bound_rows (GTK_SIGNAL_LIST_ITEM_FACTORY (factory));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}
