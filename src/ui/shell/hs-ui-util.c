/* hs-ui-util.c: small helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-ui-util.h"

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const HsUiColumn         *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), column->width_chars);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  if (column->monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const HsUiColumn         *column)
{
  gpointer object = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = column->format (object);

  /* Payload text is data: plain text, never markup. */
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");

  if (column->style != NULL)
    {
      const char *style = column->style (object);

      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
      if (style != NULL)
        gtk_widget_add_css_class (label, style);
    }
}

void
hs_ui_append_columns (GtkColumnView    *column_view,
                      const HsUiColumn *columns,
                      guint             n_columns)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (column_view));

  for (guint i = 0; i < n_columns; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer)&columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer)&columns[i]);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (column_view, column);
    }
}

/* A list whose newest items arrive at the top keeps its first item in view while the user is
 * there: a list view keeps the rows it shows where they are when items are inserted above
 * them, so during a burst it slid away from the newest ones. Scrolled down, the rows being
 * read stay put. Nothing happens while the view is out of sight (it would fetch rows nobody
 * sees); it catches up when it comes back. */
#define KEEP_TOP_KEY "hs-keep-top-in-view"

static void
keep_top_scroll (GtkWidget *view)
{
  GtkWidget *list_view = view;
  GtkSelectionModel *model;

  if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), KEEP_TOP_KEY)) ||
      !gtk_widget_get_mapped (view))
    return;

  /* A column view scrolls through the list view inside it, which has the action. */
  if (!GTK_IS_LIST_VIEW (list_view))
    {
      for (list_view = gtk_widget_get_first_child (view);
           list_view != NULL && !GTK_IS_LIST_VIEW (list_view);
           list_view = gtk_widget_get_next_sibling (list_view))
        ;
      if (list_view == NULL)
        return;
    }

  model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  if (model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", 0);
}

static void
keep_top_value_changed_cb (GtkWidget     *view,
                           GtkAdjustment *adjustment)
{
  gboolean at_top = gtk_adjustment_get_value (adjustment)
                    <= gtk_adjustment_get_lower (adjustment) + 0.5;

  g_object_set_data (G_OBJECT (view), KEEP_TOP_KEY, GINT_TO_POINTER (at_top));
}

static void
keep_top_items_changed_cb (GtkWidget  *view,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  if (position == 0 && added > 0)
    keep_top_scroll (view);
}

/**
 * hs_ui_keep_top_in_view:
 * @view: a #GtkListView or #GtkColumnView
 * @model: its model, whose new items come first
 */
void
hs_ui_keep_top_in_view (GtkWidget  *view,
                        GListModel *model)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (view) || GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (G_IS_LIST_MODEL (model));

  g_object_set_data (G_OBJECT (view), KEEP_TOP_KEY, GINT_TO_POINTER (TRUE));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)),
                           "value-changed", G_CALLBACK (keep_top_value_changed_cb), view,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (keep_top_items_changed_cb),
                           view, G_CONNECT_SWAPPED);
  g_signal_connect (view, "map", G_CALLBACK (keep_top_scroll), NULL);
}

/* The viewer's time zone. GLib looks it up again on every g_date_time_to_local() (a stat and
 * a readlink of /etc/localtime): that was a third of the window's main loop while a flood of
 * deliveries was being listed. Looked up again once a minute, so a change of zone shows.
 * Main thread only; the zone returned is valid until the next call. */
GTimeZone *
hs_ui_get_local_timezone (void)
{
  static GTimeZone *local;
  static gint64 looked_up_at;
  gint64 now = g_get_monotonic_time ();

  if (local == NULL || now - looked_up_at > 60 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&local, g_time_zone_unref);
      local = g_time_zone_new_local ();
      looked_up_at = now;
    }

  return local;
}

static void
track_bind_cb (GtkListItemFactory *factory,
               GtkListItem        *item,
               GHashTable         *bound)
{
  g_hash_table_add (bound, item);
}

static void
track_unbind_cb (GtkListItemFactory *factory,
                 GtkListItem        *item,
                 GHashTable         *bound)
{
  g_hash_table_remove (bound, item);
}

/**
 * hs_ui_track_bound_rows:
 *
 * The rows @factory has bound now, kept up to date: for a view that shows some of them again
 * by itself (as the clock moves on). The set lives as long as the factory too.
 *
 * Returns: (transfer full): a set of GtkListItem (no references held)
 */
GHashTable *
hs_ui_track_bound_rows (GtkSignalListItemFactory *factory)
{
  GHashTable *bound = g_hash_table_new (NULL, NULL);

  g_return_val_if_fail (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory), bound);

  g_object_set_data_full (G_OBJECT (factory), "hs-bound-rows", g_hash_table_ref (bound),
                          (GDestroyNotify) g_hash_table_unref);
  g_signal_connect (factory, "bind", G_CALLBACK (track_bind_cb), bound);
  g_signal_connect (factory, "unbind", G_CALLBACK (track_unbind_cb), bound);
  return bound;
}

/* A timer every @seconds (aligned with other second timers, as GLib does), named for
 * debugging; nothing if one runs already in *@source. */
void
hs_ui_start_timer (guint       *source,
                   guint        seconds,
                   GSourceFunc  func,
                   gpointer     data,
                   const char  *name)
{
  g_return_if_fail (source != NULL);

  if (*source != 0)
    return;
  *source = g_timeout_add_seconds (seconds, func, data);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, *source), name);
}

/* Today's date in the viewer's zone. */
void
hs_ui_local_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (hs_ui_get_local_timezone ());

  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* A UTC timestamp in microseconds, in local time, with a g_date_time_format() format. */
char *
hs_ui_format_time_us (gint64      unix_us,
                      const char *format)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
  g_autoptr(GDateTime) utc = g_date_time_add (epoch, unix_us);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;

  local = g_date_time_to_timezone (utc, hs_ui_get_local_timezone ());
  return local != NULL ? g_date_time_format (local, format) : NULL;
}

/* An ISO 8601 timestamp from a payload, shown in local time; unparseable text as it is. */
char *
hs_ui_format_iso8601_local (const char *iso8601)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return NULL;

  when = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (when == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_timezone (when, hs_ui_get_local_timezone ());
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* For a read that a newer one makes pointless: cancels the one still running with
 * *@cancellable, and returns the cancellable for the next (owned by *@cancellable). */
GCancellable *
hs_ui_supersede (GCancellable **cancellable)
{
  g_return_val_if_fail (cancellable != NULL, NULL);

  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();

  return *cancellable;
}

typedef struct
{
  HsUiThrottle *throttle;
  GSourceFunc   func;
  gpointer      data;
} ThrottleCall;

static gboolean
throttle_cb (gpointer user_data)
{
  ThrottleCall *call = user_data;

  call->throttle->source = 0;
  call->throttle->ran_at = g_get_monotonic_time ();
  call->func (call->data);

  return G_SOURCE_REMOVE;
}

/**
 * hs_ui_throttle:
 * @delay_ms: the least time between the first call and @func (lets a burst gather)
 * @interval_ms: the least time between two runs of @func
 *
 * Runs @func(@data) once soon, however often this is called meanwhile: for work that reads
 * everything new at once, such as a page re-reading its list while deliveries flood in.
 */
void
hs_ui_throttle (HsUiThrottle *throttle,
                guint         delay_ms,
                guint         interval_ms,
                GSourceFunc   func,
                gpointer      data)
{
  ThrottleCall *call;
  gint64 wait_ms;

  g_return_if_fail (throttle != NULL);
  g_return_if_fail (func != NULL);

  if (throttle->source != 0)
    return;

  wait_ms = (throttle->ran_at + (gint64)interval_ms * 1000 - g_get_monotonic_time ()) / 1000;
  call = g_new0 (ThrottleCall, 1);
  call->throttle = throttle;
  call->func = func;
  call->data = data;
  throttle->source = g_timeout_add_full (G_PRIORITY_DEFAULT, MAX (wait_ms, (gint64)delay_ms),
                                         throttle_cb, call, g_free);
}

void
hs_ui_throttle_clear (HsUiThrottle *throttle)
{
  g_return_if_fail (throttle != NULL);

  g_clear_handle_id (&throttle->source, g_source_remove);
}
