/* hs-calendar-page.c: the Calendar page: a month of every event's occurrences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The events come from the store's changed-since read (so a captured event lands on the
 * calendar without reopening it); each event's schedule is parsed once per version and kept.
 * Only the six weeks in view are expanded, on a worker thread; showing another month or
 * another zone supersedes an expansion still running.
 */

#define G_LOG_DOMAIN "hs-calendar-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-agenda-view.h"
#include "hs-view-bench.h"
#include "hs-window.h"
#include "hs-calendar-page.h"
#include "hs-event.h"
#include "hs-month-view.h"
#include "hs-page.h"
#include "hs-schedule-range.h"
#include "hs-schedule.h"
#include "hs-ui-util.h"

/* An event with a schedule, as the worker thread reads it: never changed once made. */
typedef struct
{
  char       *id;          /* GRefString: each chip shares it */
  char       *name;        /* GRefString */
  HsSchedule *schedule;
  gint64      delivery_id;
  guint       color;
} CalendarEvent;

static void
calendar_event_clear (CalendarEvent *event)
{
  g_clear_pointer (&event->id, g_ref_string_release);
  g_clear_pointer (&event->name, g_ref_string_release);
  g_clear_object (&event->schedule);
}

static void
calendar_event_unref (gpointer event)
{
  g_atomic_rc_box_release_full (event, (GDestroyNotify) calendar_event_clear);
}

struct _HsCalendarPage
{
  GtkWidget     parent_instance;

  HsStore      *store;
  GCancellable *read_cancellable;
  GCancellable *expand_cancellable;
  HsUiThrottle  reload_throttle;
  GHashTable   *events;        /* id → CalendarEvent */
  gint64        seen_through;
  /* Nothing is read before the page is first seen: every event with its schedule, and the
   * month expanded, cost a window that never shows the calendar 100 MB and seconds of its
   * main loop with 1,000 daily events. */
  gboolean      read_pending;
  guint         bench_months;     /* HS_BENCH=calendar: months shown so far */
  /* The chips of the months already expanded ("2026-11 local" → HsMonthDays),
   * until an event changes: going back to a month costs nothing. */
  GHashTable   *months;
  /* While the page is mapped, the local date is looked at every DAY_CHECK_SECONDS: at
   * midnight (or after a suspend, or a change of zone) today's mark moves and the agenda
   * starts from the new day. */
  guint         day_source;
  GDate         shown_day;

  GtkStack     *stack;
  GtkLabel     *month_label;
  GtkLabel     *month_label_small;   /* the same, when the page is narrow */
  GtkToggleButton *zone_event_button;
  GtkToggleButton *zone_mine_button;
  GtkToggleButton *zone_toggle;
  HsMonthView  *month_view;
  GtkStack     *view_stack;
  HsAgendaView *agenda_view;
  GtkToggleButton *agenda_button;
};

#define DAY_CHECK_SECONDS 10

/* How far the agenda looks ahead, and how many occurrences it lists at most. */
#define AGENDA_DAYS 60
#define AGENDA_MAX 300

static void page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsCalendarPage, hs_calendar_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, page_iface_init))

/* --- expanding the month, off the main loop ------------------------------------------------- */

typedef struct
{
  char      *key;      /* in HsCalendarPage.months */
  GPtrArray *events;   /* CalendarEvent */
  GDate      first;
  GDate      last;
  GTimeZone *zone;     /* NULL: each event's own */
  gboolean   agenda;   /* in order of start, from now, at most AGENDA_MAX */
  gint64     now;      /* for the agenda: what has ended is not listed (Unix seconds) */
  gboolean   more;     /* set by the thread: the agenda left some out */
} ExpandData;

static void
expand_data_free (ExpandData *data)
{
  g_free (data->key);
  g_clear_pointer (&data->events, g_ptr_array_unref);
  g_clear_pointer (&data->zone, g_time_zone_unref);
  g_free (data);
}

static void
add_items (GPtrArray     *items,
           CalendarEvent *event,
           GPtrArray     *occurrences,
           GTimeZone     *zone,
           gint64         now)
{
  for (guint i = 0; i < occurrences->len; i++)
    {
      HsOccurrence *occurrence = g_ptr_array_index (occurrences, i);
      HsMonthItem *item = g_new0 (HsMonthItem, 1);
      g_autoptr(GDateTime) start = NULL;

      if (now != 0 && hs_occurrence_get_end_unix (occurrence) <= now &&
          !hs_occurrence_get_all_day (occurrence))
        {
          g_free (item);
          continue;
        }
      item->event_id = g_ref_string_acquire (event->id);
      item->title = g_ref_string_acquire (event->name);
      item->color = event->color;
      hs_occurrence_get_days_in_zone (occurrence, zone, &item->first, &item->last);

      if (hs_occurrence_get_all_day (occurrence))
        {
          item->sort_key = -1;
        }
      else
        {
          int minute;

          /* (No GDateTime in the event's own zone: the offset says the wall clock.) */
          if (zone == NULL)
            {
              gint64 local = hs_occurrence_get_start_unix (occurrence) +
                             hs_occurrence_get_start_offset (occurrence);

              minute = (int) (((local % 86400) + 86400) % 86400 / 60);
            }
          else
            {
              start = g_date_time_to_timezone (hs_occurrence_get_start (occurrence), zone);
              minute = g_date_time_get_hour (start) * 60 + g_date_time_get_minute (start);
            }
          /* (One string per minute of the day, shared: this runs for each of 18,000
           * occurrences of a busy month.) */
          item->time_text = hs_month_item_time_text (minute);
          /* Bars (several days) first, then by the time of day. */
          if (g_date_compare (&item->first, &item->last) != 0)
            item->sort_key = -1;
          else
            item->sort_key = minute;
        }
      g_ptr_array_add (items, item);
    }
}

static int
compare_agenda (gconstpointer a,
                gconstpointer b)
{
  const HsMonthItem *x = *(const HsMonthItem **) a;
  const HsMonthItem *y = *(const HsMonthItem **) b;
  int by_day = g_date_compare (&x->first, &y->first);

  if (by_day != 0)
    return by_day;
  return (x->sort_key > y->sort_key) - (x->sort_key < y->sort_key);
}

/* The agenda's occurrences, in order, from today: a few days at a time (3, then 6, 12 …), up
 * to AGENDA_DAYS, stopping once a page of AGENDA_MAX is there (with 1,000 daily events the
 * first three days are enough: expanding 60 days to keep 300 cost most of the agenda's time). */
static GPtrArray *
expand_agenda (ExpandData   *data,
               GCancellable *cancellable)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_month_item_free);
  GDate end = data->first;
  GDate from = data->first;
  guint span = 3;

  g_date_add_days (&end, AGENDA_DAYS);
  while (items->len < AGENDA_MAX && g_date_compare (&from, &end) <= 0 &&
         !g_cancellable_is_cancelled (cancellable))
    {
      GDate to = from;
      guint before = items->len;

      g_date_add_days (&to, span - 1);
      if (g_date_compare (&to, &end) > 0)
        to = end;
      for (guint i = 0; i < data->events->len; i++)
        {
          CalendarEvent *event = g_ptr_array_index (data->events, i);
          g_autoptr(GPtrArray) occurrences = NULL;

          occurrences = hs_schedule_expand_range (event->schedule, &from, &to, data->zone, NULL);
          if (occurrences != NULL)
            add_items (items, event, occurrences, data->zone, data->now);
        }
      /* An occurrence that began before these days covers the days before: it is listed. */
      if (g_date_compare (&from, &data->first) != 0)
        {
          guint kept = before;

          for (guint i = before; i < items->len; i++)
            {
              HsMonthItem *item = g_ptr_array_index (items, i);

              if (g_date_compare (&item->first, &from) < 0)
                {
                  hs_month_item_free (item);
                  continue;
                }
              items->pdata[kept++] = item;
            }
          items->len = kept;
        }
      from = to;
      g_date_add_days (&from, 1);
      span *= 2;
    }

  g_ptr_array_sort (items, compare_agenda);
  data->more = items->len > AGENDA_MAX;
  if (data->more)
    g_ptr_array_set_size (items, AGENDA_MAX);

  return items;
}

static void
expand_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExpandData *data = task_data;
  GPtrArray *items;

  if (data->agenda)
    {
      g_task_return_pointer (task, expand_agenda (data, cancellable),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_month_item_free);
  for (guint i = 0; i < data->events->len; i++)
    {
      CalendarEvent *event = g_ptr_array_index (data->events, i);
      g_autoptr(GPtrArray) occurrences = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      occurrences = hs_schedule_expand_range (event->schedule, &data->first, &data->last,
                                              data->zone, NULL);
      if (occurrences != NULL)
        add_items (items, event, occurrences, data->zone, 0);
    }

  /* Sorted into days here: the main loop only shows them. */
  g_task_return_pointer (task, hs_month_days_new (&data->first, items),
                         (GDestroyNotify) hs_month_days_unref);
}

/* --- HS_BENCH=calendar (hs-view-bench.c): 12 months forward, the agenda, an event page -- */

static void next_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

static gboolean
bench_show_page (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (data);

  if (HS_IS_WINDOW (root))
    hs_window_show_page (HS_WINDOW (root), "calendar");
  return G_SOURCE_REMOVE;
}

static gboolean
bench_event_page (gpointer data)
{
  HsCalendarPage *self = data;
  GHashTableIter iter;
  gpointer id = NULL;

  g_hash_table_iter_init (&iter, self->events);
  if (!g_hash_table_iter_next (&iter, &id, NULL))
    return G_SOURCE_REMOVE;
  hs_view_bench_start ("event-page");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-item", "(sv)", "event",
                              g_variant_new_string (id));
  return G_SOURCE_REMOVE;
}

static gboolean
bench_next (gpointer data)
{
  HsCalendarPage *self = data;

  if (self->bench_months++ < 12)
    {
      hs_view_bench_start ("month");
      next_action (GTK_WIDGET (self), NULL, NULL);
    }
  else
    {
      hs_view_bench_start ("agenda");
      gtk_toggle_button_set_active (self->agenda_button, TRUE);
    }
  return G_SOURCE_REMOVE;
}

/* --- expanding, continued ------------------------------------------------------------------- */

static void
expand_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (object);
  g_autoptr(GError) error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);
  ExpandData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(HsMonthDays) days = NULL;

  /* A newer expansion supersedes this one (its cancellable was cancelled). */
  if (value == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      if (value != NULL && data->agenda)
        g_ptr_array_unref (value);
      else if (value != NULL)
        hs_month_days_unref (value);
      return;
    }

  if (data->agenda)
    {
      hs_agenda_view_set_items (self->agenda_view, value, data->more);
      hs_view_bench_done (GTK_WIDGET (self->agenda_view), "agenda", bench_event_page, self);
      return;
    }
  days = value;
  g_hash_table_replace (self->months, g_strdup (data->key), hs_month_days_ref (days));
  hs_month_view_set_days (self->month_view, days);
  /* (The first expansion may come before the events are read.) */
  if (g_hash_table_size (self->events) > 0 &&
      !hs_view_bench_done (GTK_WIDGET (self->month_view), "month", bench_next, self))
    hs_view_bench_done (GTK_WIDGET (self->month_view), "calendar-first-month", bench_next, self);
}

static void
refresh_month (HsCalendarPage *self)
{
  g_autoptr(GTask) task = NULL;
  ExpandData *data = g_new0 (ExpandData, 1);
  GHashTableIter iter;
  gpointer value;
  HsMonthDays *cached;
  char title[64];
  GDate first_of_month;
  gboolean mine = gtk_toggle_button_get_active (self->zone_mine_button);

  g_date_clear (&first_of_month, 1);
  g_date_set_dmy (&first_of_month, 1, hs_month_view_get_month (self->month_view),
                  hs_month_view_get_year (self->month_view));
  g_date_strftime (title, sizeof title, "%B %Y", &first_of_month);
  gtk_label_set_text (self->month_label, title);
  g_date_strftime (title, sizeof title, "%b %Y", &first_of_month);
  gtk_label_set_text (self->month_label_small, title);

  data->agenda = gtk_toggle_button_get_active (self->agenda_button);
  if (data->agenda)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      gtk_label_set_text (self->month_label, _("Upcoming"));
      gtk_label_set_text (self->month_label_small, _("Upcoming"));
      data->now = g_date_time_to_unix (now);
    }
  data->key = g_strdup_printf ("%d-%02d %s", hs_month_view_get_year (self->month_view),
                               hs_month_view_get_month (self->month_view),
                               mine ? "mine" : "event");
  if (!data->agenda && (cached = g_hash_table_lookup (self->months, data->key)) != NULL)
    {
      g_cancellable_cancel (self->expand_cancellable);
      hs_month_view_set_days (self->month_view, cached);
      expand_data_free (data);
      return;
    }

  data->events = g_ptr_array_new_with_free_func (calendar_event_unref);
  g_hash_table_iter_init (&iter, self->events);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (data->events, g_atomic_rc_box_acquire (value));
  if (data->agenda)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      /* From today as the viewer's zone has it, a day early for the zones behind. */
      g_date_clear (&data->first, 1);
      g_date_set_dmy (&data->first, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
      g_date_subtract_days (&data->first, 1);
      data->last = data->first;
      g_date_add_days (&data->last, AGENDA_DAYS);
    }
  else
    {
      hs_month_view_get_range (self->month_view, &data->first, &data->last);
    }
  /* The local zone is looked up on the main thread (hs_ui_get_local_timezone()). */
  if (mine)
    data->zone = g_time_zone_ref (hs_ui_get_local_timezone ());

  task = g_task_new (self, hs_ui_supersede (&self->expand_cancellable), expand_cb, NULL);
  g_task_set_source_tag (task, refresh_month);
  g_task_set_task_data (task, data, (GDestroyNotify) expand_data_free);
  g_task_run_in_thread (task, expand_thread);
}

/* --- the events ----------------------------------------------------------------------------- */

static CalendarEvent *
calendar_event_new (HsEvent    *event,
                    HsSchedule *schedule)
{
  CalendarEvent *self = g_atomic_rc_box_new0 (CalendarEvent);
  const char *name = hs_event_get_name_for_languages (event, NULL);

  self->id = g_ref_string_new (hs_event_get_id (event));
  self->name = g_ref_string_new (name ? name : hs_event_get_id (event));
  self->schedule = schedule != NULL ? g_object_ref (schedule) : NULL;
  self->delivery_id = hs_event_get_delivery_id (event);
  self->color = g_str_hash (self->id) % HS_MONTH_VIEW_N_COLORS;

  return self;
}

/* The events of a read that are new or of a new version; the others are known as they are. */
static GPtrArray *
events_to_parse (HsCalendarPage *self,
                 GPtrArray      *changed)
{
  GPtrArray *to_parse = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < changed->len; i++)
    {
      HsEvent *event = g_ptr_array_index (changed, i);
      CalendarEvent *known;

      if (hs_event_get_id (event) == NULL)
        continue;
      known = g_hash_table_lookup (self->events, hs_event_get_id (event));
      /* A schedule is parsed once per version of its event. */
      if (known != NULL && known->delivery_id == hs_event_get_delivery_id (event) &&
          hs_event_get_delivery_id (event) != 0)
        continue;
      g_ptr_array_add (to_parse, g_object_ref (event));
    }

  return to_parse;
}

/* On a worker: parsing 1,000 schedules took a second of the main loop. Each event gives a
 * CalendarEvent, or one without a schedule (the event has none, or none understood). */
static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *events = task_data;
  GPtrArray *parsed = g_ptr_array_new_with_free_func (calendar_event_unref);

  for (guint i = 0; i < events->len; i++)
    {
      HsEvent *event = g_ptr_array_index (events, i);
      JsonObject *schedule_object = hs_event_get_schedule (event);
      g_autoptr(HsSchedule) schedule = NULL;

      if (schedule_object != NULL)
        schedule = hs_schedule_new_from_json (schedule_object, NULL);
      g_ptr_array_add (parsed, calendar_event_new (event, schedule));
    }

  g_task_return_pointer (task, parsed, (GDestroyNotify) g_ptr_array_unref);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (object);
  g_autoptr(GPtrArray) parsed = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Superseded by a newer read (which starts from the same point). */
  if (parsed == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  for (guint i = 0; i < parsed->len; i++)
    {
      CalendarEvent *event = g_ptr_array_index (parsed, i);

      if (event->schedule != NULL)
        g_hash_table_replace (self->events, g_strdup (event->id),
                              g_atomic_rc_box_acquire (event));
      else
        g_hash_table_remove (self->events, event->id);
    }
  self->seen_through = *(gint64 *) g_object_get_data (G_OBJECT (result), "hs-last");
  g_hash_table_remove_all (self->months);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_hash_table_size (self->events) > 0 ? "month" : "empty");
  refresh_month (self);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsCalendarPage) self = user_data;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  gint64 last = 0;

  if (!(changed = hs_store_list_changed_finish (HS_STORE (object), result, &last, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read events: %s", error->message);
      return;
    }

  if (changed->len == 0 && g_hash_table_size (self->events) > 0)
    {
      self->seen_through = last;
      return;
    }

  task = g_task_new (self, self->read_cancellable, parsed_cb, NULL);
  g_task_set_source_tag (task, reload_cb);
  g_task_set_task_data (task, events_to_parse (self, changed), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (task), "hs-last", g_memdup2 (&last, sizeof last), g_free);
  g_task_run_in_thread (task, parse_thread);
}

static void
reload (HsCalendarPage *self)
{
  if (self->store == NULL)
    return;

  self->read_pending = FALSE;
  hs_store_list_events_changed_async (self->store, self->seen_through,
                                      hs_ui_supersede (&self->read_cancellable), reload_cb,
                                      g_object_ref (self));
}

static gboolean
reload_throttled_cb (gpointer data)
{
  reload (data);
  return G_SOURCE_REMOVE;
}

/* --- the day ------------------------------------------------------------------------------- */

/* A timeout rather than one until midnight: the monotonic clock stops while the machine
 * sleeps, and the wall clock may jump (a zone changed, the clock set). */
static gboolean
day_check_cb (gpointer data)
{
  HsCalendarPage *self = data;
  GDate today;

  hs_ui_local_today (&today);
  if (g_date_valid (&self->shown_day) && g_date_compare (&today, &self->shown_day) == 0)
    return G_SOURCE_CONTINUE;

  g_debug ("The day changed: today's mark and the agenda follow");
  self->shown_day = today;
  hs_month_view_update_today (self->month_view);
  /* The agenda starts from today; a month's chips do not depend on it. */
  if (gtk_toggle_button_get_active (self->agenda_button) && g_hash_table_size (self->events) > 0)
    refresh_month (self);
  return G_SOURCE_CONTINUE;
}

static void
hs_calendar_page_map (GtkWidget *widget)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (widget);

  GTK_WIDGET_CLASS (hs_calendar_page_parent_class)->map (widget);
  hs_ui_local_today (&self->shown_day);
  hs_ui_start_timer (&self->day_source, DAY_CHECK_SECONDS, day_check_cb, self,
                     "[hookscope] calendar day");
}

static void
hs_calendar_page_unmap (GtkWidget *widget)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (widget);

  g_clear_handle_id (&self->day_source, g_source_remove);
  GTK_WIDGET_CLASS (hs_calendar_page_parent_class)->unmap (widget);
}

/* --- HsPage --------------------------------------------------------------------------------- */

static void
hs_calendar_page_bind (HsPage  *page,
                       HsStore *store)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (page);

  g_set_object (&self->store, store);
  g_hash_table_remove_all (self->events);
  g_hash_table_remove_all (self->months);
  self->seen_through = 0;
  self->read_pending = TRUE;
  if (hs_view_bench_wants ("calendar") && store != NULL)
    {
      hs_view_bench_start ("calendar-first-month");
      g_idle_add (bench_show_page, self);
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
hs_calendar_page_store_changed (HsPage             *page,
                                const HsPageChange *change)
{
  if (HS_CALENDAR_PAGE (page)->read_pending)
    return;
  hs_ui_throttle (&HS_CALENDAR_PAGE (page)->reload_throttle, 250, 1000, reload_throttled_cb,
                  page);
}

static void
hs_calendar_page_came_into_view (HsPage             *page,
                                 const HsPageChange *missed)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (page);

  if (missed != NULL || self->read_pending)
    reload (self);
  /* Today may have changed since the page was last seen. */
  else if (g_hash_table_size (self->events) > 0)
    refresh_month (self);
  hs_ui_local_today (&self->shown_day);
  hs_month_view_update_today (self->month_view);
}

static void
page_iface_init (HsPageInterface *iface)
{
  iface->name = "calendar";
  iface->title = N_("Calendar");
  iface->icon_name = "x-office-calendar-symbolic";
  iface->bind = hs_calendar_page_bind;
  iface->store_changed = hs_calendar_page_store_changed;
  iface->came_into_view = hs_calendar_page_came_into_view;
}

/* --- navigation ----------------------------------------------------------------------------- */

static void
move_month (HsCalendarPage *self,
            int             delta)
{
  int month = hs_month_view_get_month (self->month_view) - 1 + delta;
  int year = hs_month_view_get_year (self->month_view);

  year += month < 0 ? -1 : month / 12;
  month = (month + 12) % 12;
  hs_month_view_set_month (self->month_view, year, month + 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_month (HS_CALENDAR_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_month (HS_CALENDAR_PAGE (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HsCalendarPage *self = HS_CALENDAR_PAGE (widget);
  GDate today;

  hs_ui_local_today (&today);
  hs_month_view_select_day (self->month_view, &today);
  gtk_widget_grab_focus (GTK_WIDGET (self->month_view));
}

static void
month_changed_cb (HsCalendarPage *self)
{
  if (self->events != NULL)
    refresh_month (self);
}

/* The zone switch is a pair of buttons, or one toggle when the page is narrow: they agree. */
static void
zone_switched_cb (HsCalendarPage  *self,
                  GtkToggleButton *button)
{
  gboolean mine;

  if (button == self->zone_toggle)
    {
      mine = gtk_toggle_button_get_active (self->zone_toggle);
      if (gtk_toggle_button_get_active (self->zone_mine_button) != mine)
        gtk_toggle_button_set_active (mine ? self->zone_mine_button : self->zone_event_button,
                                      TRUE);
      return;
    }

  /* Each button of the pair says when it goes up and when it goes down: once is enough. */
  if (!gtk_toggle_button_get_active (button))
    return;
  mine = gtk_toggle_button_get_active (self->zone_mine_button);
  if (gtk_toggle_button_get_active (self->zone_toggle) != mine)
    gtk_toggle_button_set_active (self->zone_toggle, mine);
  month_changed_cb (self);
}

static void
view_switched_cb (HsCalendarPage *self)
{
  /* Told when the agenda button goes down and when it comes up (the month button went down). */
  gboolean agenda = gtk_toggle_button_get_active (self->agenda_button);

  gtk_stack_set_visible_child_name (self->view_stack, agenda ? "agenda" : "month");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calendar.previous", !agenda);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calendar.next", !agenda);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calendar.today", !agenda);
  month_changed_cb (self);
}

static void
event_activated_cb (HsCalendarPage *self,
                    const char     *event_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-item", "(sv)", "event",
                              g_variant_new_string (event_id));
}

/* --- GObject -------------------------------------------------------------------------------- */

static void
load_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  if (gdk_display_get_default () == NULL)
    return;
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/calendar.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
hs_calendar_page_dispose (GObject *object)
{
  HsCalendarPage *self = (HsCalendarPage *)object;

  g_cancellable_cancel (self->read_cancellable);
  g_cancellable_cancel (self->expand_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->expand_cancellable);
  hs_ui_throttle_clear (&self->reload_throttle);
  g_clear_handle_id (&self->day_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_CALENDAR_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->events, g_hash_table_unref);
  g_clear_pointer (&self->months, g_hash_table_unref);

  G_OBJECT_CLASS (hs_calendar_page_parent_class)->dispose (object);
}

static void
hs_calendar_page_class_init (HsCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_calendar_page_dispose;
  widget_class->map = hs_calendar_page_map;
  widget_class->unmap = hs_calendar_page_unmap;

  g_type_ensure (HS_TYPE_MONTH_VIEW);
  g_type_ensure (HS_TYPE_AGENDA_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, month_label_small);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, zone_event_button);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, zone_mine_button);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, zone_toggle);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, month_view);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, agenda_view);
  gtk_widget_class_bind_template_child (widget_class, HsCalendarPage, agenda_button);

  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  load_css ();
}

static void
hs_calendar_page_init (HsCalendarPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, calendar_event_unref);
  self->months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) hs_month_days_unref);
  g_signal_connect_swapped (self->month_view, "month-changed",
                            G_CALLBACK (month_changed_cb), self);
  g_signal_connect_swapped (self->month_view, "event-activated",
                            G_CALLBACK (event_activated_cb), self);
  g_signal_connect_swapped (self->agenda_view, "event-activated",
                            G_CALLBACK (event_activated_cb), self);
  g_signal_connect_swapped (self->agenda_button, "toggled", G_CALLBACK (view_switched_cb), self);
  g_signal_connect_swapped (self->zone_event_button, "toggled",
                            G_CALLBACK (zone_switched_cb), self);
  g_signal_connect_swapped (self->zone_mine_button, "toggled",
                            G_CALLBACK (zone_switched_cb), self);
  g_signal_connect_swapped (self->zone_toggle, "toggled", G_CALLBACK (zone_switched_cb), self);
  refresh_month (self);
}
