/* hs-deliveries-bench.c: the Deliveries page measured as the user meets it (bench/million.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only with HS_BENCH_DELIVERIES set in the environment. Times come from the window's own frame
 * clock: when the first rows were painted (against HS_BENCH_T0, the launcher's wall clock in
 * µs), how long each frame's work took (before-paint to after-paint: updates, layout with the
 * rows bound, paint) while the list is flung and while its scrollbar is dragged to far places,
 * and how long a search takes from the entry's "search-changed" to the frame that shows its
 * results, while its text is typed a key at a time. Results go to stdout, one "bench:" line
 * each, then the application quits.
 */

#define G_LOG_DOMAIN "hs-deliveries-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs-deliveries-bench.h"
#include "hs-deliveries-page-private.h"

#define FLING_SECONDS   4
#define FLING_PX_PER_S  4000.0
#define JUMP_SECONDS    3
#define KEY_INTERVAL_MS 120

typedef enum {
  PHASE_WAIT_ROWS,
  PHASE_SETTLE,
  PHASE_FLING,
  PHASE_JUMP,
  PHASE_TYPE,
  PHASE_DONE,
} Phase;

typedef struct
{
  HsDeliveriesPage *page;
  GdkFrameClock    *clock;
  Phase             phase;
  gint64            t0_real;
  gint64            phase_start;
  gint64            paint_start;
  gint64            layout_start;
  gint64            draw_start;
  gint64            last_frame;
  GArray           *work;      /* gint64 µs per frame in this phase */
  GArray           *intervals; /* gint64 µs between frames in this phase */
  GArray           *layouts;   /* gint64 µs in the layout phase (rows bound, read) */
  GArray           *draws;     /* gint64 µs in the paint phase (rendering) */
  GRand            *rand;
  /* Typing: the text, how much of it is in the entry, and the pending search's start. */
  char             *text;
  guint             typed;
  gint64            search_start;
  GListModel       *model_before;
  GArray           *search_ms;
} Bench;

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  i = MIN (values->len - 1, (guint)(p * values->len));
  return g_array_index (values, gint64, i) / 1000.0;
}

static void
report_frames (Bench      *bench,
               const char *name)
{
  guint over = 0;

  g_array_sort (bench->work, compare_int64);
  g_array_sort (bench->intervals, compare_int64);
  g_array_sort (bench->layouts, compare_int64);
  g_array_sort (bench->draws, compare_int64);
  for (guint i = 0; i < bench->work->len; i++)
    over += g_array_index (bench->work, gint64, i) > 16000;

  g_print ("bench: %s frames %u, work p50 %.1f ms p95 %.1f ms max %.1f ms, over 16 ms %u; "
           "interval p50 %.1f ms p95 %.1f ms max %.1f ms; layout p50 %.1f ms p95 %.1f ms "
           "max %.1f ms; paint p50 %.1f ms p95 %.1f ms; rss %ld KiB\n",
           name, bench->work->len, percentile_ms (bench->work, 0.5),
           percentile_ms (bench->work, 0.95), percentile_ms (bench->work, 1.0), over,
           percentile_ms (bench->intervals, 0.5), percentile_ms (bench->intervals, 0.95),
           percentile_ms (bench->intervals, 1.0), percentile_ms (bench->layouts, 0.5),
           percentile_ms (bench->layouts, 0.95), percentile_ms (bench->layouts, 1.0),
           percentile_ms (bench->draws, 0.5), percentile_ms (bench->draws, 0.95), rss_kib ());
}

static GtkAdjustment *
vadjustment (Bench *bench)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench->page->list_view));
}

static void
enter_phase (Bench *bench,
             Phase  phase)
{
  bench->phase = phase;
  bench->phase_start = g_get_monotonic_time ();
  g_array_set_size (bench->work, 0);
  g_array_set_size (bench->intervals, 0);
  g_array_set_size (bench->layouts, 0);
  g_array_set_size (bench->draws, 0);
}

static gboolean
type_key_cb (gpointer data)
{
  Bench *bench = data;
  g_autofree char *prefix = NULL;

  if (bench->text[bench->typed] == '\0')
    return G_SOURCE_REMOVE;

  bench->typed++;
  prefix = g_strndup (bench->text, bench->typed);
  gtk_editable_set_text (GTK_EDITABLE (bench->page->search_entry), prefix);
  return G_SOURCE_CONTINUE;
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   Bench          *bench)
{
  bench->search_start = g_get_monotonic_time ();
  g_set_object (&bench->model_before, G_LIST_MODEL (bench->page->list));
}

static void
finish (Bench *bench)
{
  double sum = 0;

  report_frames (bench, "typing");
  for (guint i = 0; i < bench->search_ms->len; i++)
    sum += g_array_index (bench->search_ms, double, i);
  g_print ("bench: search \"%s\": %u result lists shown, last %.1f ms, mean %.1f ms, "
           "%u results\n",
           bench->text, bench->search_ms->len,
           bench->search_ms->len ? g_array_index (bench->search_ms, double,
                                                  bench->search_ms->len - 1) : 0.0,
           bench->search_ms->len ? sum / bench->search_ms->len : 0.0,
           g_list_model_get_n_items (G_LIST_MODEL (bench->page->list)));
  bench->phase = PHASE_DONE;
  g_application_quit (g_application_get_default ());
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  GtkAdjustment *adj = vadjustment (bench);
  double top = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  bench->paint_start = now;

  switch (bench->phase)
    {
    case PHASE_FLING:
      if (bench->last_frame > 0)
        gtk_adjustment_set_value (adj, MIN (top, gtk_adjustment_get_value (adj) +
                                                 FLING_PX_PER_S * (now - bench->last_frame) /
                                                 G_USEC_PER_SEC));
      break;

    case PHASE_JUMP:
      /* A scrollbar dragged: every fourth frame lands far away, on rows never read. */
      if (bench->work->len % 4 == 0)
        gtk_adjustment_set_value (adj, g_rand_double_range (bench->rand, 0, MAX (top, 0)));
      break;

    case PHASE_WAIT_ROWS:
    case PHASE_SETTLE:
    case PHASE_TYPE:
    case PHASE_DONE:
    default:
      break;
    }
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->layout_start = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *bench)
{
  bench->draw_start = g_get_monotonic_time ();
}

/* Whether the view shows real rows at its top, not placeholders being read. */
static gboolean
top_row_read (Bench *bench)
{
  g_autoptr(HsDelivery) top = NULL;

  if (bench->page->list == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (bench->page->list)) == 0)
    return TRUE;
  top = g_list_model_get_item (G_LIST_MODEL (bench->page->list), 0);
  return !hs_delivery_list_is_placeholder (top);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  guint n_items = bench->page->list ? g_list_model_get_n_items (G_LIST_MODEL (bench->page->list))
                                    : 0;

  if (bench->paint_start > 0)
    {
      gint64 work = now - bench->paint_start;

      g_array_append_val (bench->work, work);
    }
  if (bench->layout_start > 0 && bench->draw_start > bench->layout_start)
    {
      gint64 layout = bench->draw_start - bench->layout_start;
      gint64 draw = now - bench->draw_start;

      g_array_append_val (bench->layouts, layout);
      g_array_append_val (bench->draws, draw);
    }
  bench->layout_start = bench->draw_start = 0;
  if (bench->last_frame > 0)
    {
      gint64 interval = now - bench->last_frame;

      g_array_append_val (bench->intervals, interval);
    }
  bench->last_frame = now;

  switch (bench->phase)
    {
    case PHASE_WAIT_ROWS:
      if (n_items == 0 && bench->page->list != NULL &&
          hs_delivery_list_get_loaded (bench->page->list))
        {
          /* An empty database: what the window costs without deliveries. */
          g_print ("bench: empty database shown %.0f ms after launch\n",
                   bench->t0_real > 0 ? (g_get_real_time () - bench->t0_real) / 1000.0 : -1.0);
          enter_phase (bench, PHASE_SETTLE);
        }
      else if (n_items > 0 && top_row_read (bench))
        {
          g_print ("bench: first rows painted %.0f ms after launch, %u rows listed, "
                   "rss %ld KiB\n",
                   bench->t0_real > 0 ? (g_get_real_time () - bench->t0_real) / 1000.0 : -1.0,
                   n_items, rss_kib ());
          enter_phase (bench, PHASE_SETTLE);
        }
      break;

    case PHASE_SETTLE:
      /* Let the rest of the ids arrive before the fling starts. */
      if (now - bench->phase_start > 3 * G_USEC_PER_SEC)
        {
          g_print ("bench: after 3 s, %u rows listed, rss %ld KiB\n", n_items, rss_kib ());
          if (n_items == 0)
            {
              bench->phase = PHASE_DONE;
              g_application_quit (g_application_get_default ());
              break;
            }
          enter_phase (bench, PHASE_FLING);
        }
      break;

    case PHASE_FLING:
      if (now - bench->phase_start > FLING_SECONDS * G_USEC_PER_SEC)
        {
          report_frames (bench, "fling");
          enter_phase (bench, PHASE_JUMP);
        }
      break;

    case PHASE_JUMP:
      if (now - bench->phase_start > JUMP_SECONDS * G_USEC_PER_SEC)
        {
          report_frames (bench, "scrollbar-jumps");
          enter_phase (bench, PHASE_TYPE);
          gtk_adjustment_set_value (vadjustment (bench), 0);
          g_signal_connect (bench->page->search_entry, "search-changed",
                            G_CALLBACK (search_changed_cb), bench);
          g_timeout_add (KEY_INTERVAL_MS, type_key_cb, bench);
        }
      break;

    case PHASE_TYPE:
      if (bench->search_start > 0 && G_LIST_MODEL (bench->page->list) != bench->model_before &&
          top_row_read (bench))
        {
          double ms = (now - bench->search_start) / 1000.0;

          g_array_append_val (bench->search_ms, ms);
          bench->search_start = 0;
          g_clear_object (&bench->model_before);
          if (bench->text[bench->typed] == '\0')
            finish (bench);
        }
      break;

    case PHASE_DONE:
    default:
      break;
    }
}

static void
page_realize_cb (GtkWidget *list_view,
                      Bench     *bench)
{
  if (bench->clock != NULL)
    return;

  bench->clock = gtk_widget_get_frame_clock (list_view);
  g_signal_connect (bench->clock, "before-paint", G_CALLBACK (before_paint_cb), bench);
  g_signal_connect (bench->clock, "layout", G_CALLBACK (layout_cb), bench);
  g_signal_connect (bench->clock, "paint", G_CALLBACK (paint_cb), bench);
  g_signal_connect (bench->clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
  /* Keep frames coming while nothing changes, so that waiting phases see time pass. */
  gdk_frame_clock_begin_updating (bench->clock);
}

/* Runs the measurement when HS_BENCH_DELIVERIES is set (its value: the text to search). */
void
hs_deliveries_bench_start (HsDeliveriesPage *page)
{
  const char *text = g_getenv ("HS_BENCH_DELIVERIES");
  const char *t0 = g_getenv ("HS_BENCH_T0");
  Bench *bench;

  if (text == NULL)
    return;

  /* Lives as long as the process: a bench run ends with it. */
  bench = g_new0 (Bench, 1);
  bench->page = page;
  bench->t0_real = t0 ? g_ascii_strtoll (t0, NULL, 10) : 0;
  bench->work = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->layouts = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->draws = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->rand = g_rand_new_with_seed (7);
  bench->text = g_strdup (text[0] ? text : "tremblay");
  enter_phase (bench, PHASE_WAIT_ROWS);

  /* The page, not its list: an empty database shows the empty state, never the list. */
  if (gtk_widget_get_realized (GTK_WIDGET (page)))
    page_realize_cb (GTK_WIDGET (page), bench);
  else
    g_signal_connect (page, "realize", G_CALLBACK (page_realize_cb), bench);
}
