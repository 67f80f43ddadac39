/* hs-view-bench.c: timings of what the user waits for, in a bench mode (HS_BENCH)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With HS_BENCH=events or HS_BENCH=calendar in the environment, the Events and Calendar pages
 * show themselves, run a fixed scenario and print one line per step on stderr:
 * "bench: WHAT MS ms (CPU …, main thread …; RSS KB kB; LAUNCH ms after launch)", then quit (bench/events.sh).
 * A step runs from hs_view_bench_start() to the end of the first frame painted after
 * hs_view_bench_done(): what the user sees, not only what the code computed. Without
 * HS_BENCH none of this does anything.
 */

#define G_LOG_DOMAIN "hs-view-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hs-view-bench.h"

typedef struct
{
  char        *what;
  gint64       started;
  double       cpu_started;      /* the process's, every thread (ms) */
  double       main_started;     /* the main thread's (ms) */
  GSourceFunc  then;
  gpointer     data;
  gulong       handler;
  GdkFrameClock *clock;
} Step;

static Step *pending;

/* On a machine shared with other work the wall time of a step says more about the others
 * than about us: each line also says the CPU time the step took, every thread and the main
 * thread's own. */
static double
process_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

gboolean
hs_view_bench_wants (const char *scenario)
{
  return g_strcmp0 (g_getenv ("HS_BENCH"), scenario) == 0;
}

void
hs_view_bench_start (const char *what)
{
  g_return_if_fail (what != NULL);

  if (pending != NULL)
    {
      g_free (pending->what);
      g_clear_signal_handler (&pending->handler, pending->clock);
      g_clear_object (&pending->clock);
      g_free (pending);
    }
  pending = g_new0 (Step, 1);
  pending->what = g_strdup (what);
  pending->started = g_get_monotonic_time ();
  pending->cpu_started = process_cpu_ms ();
  pending->main_started = thread_cpu_ms ();
}

static long
rss_kb (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  fields = g_strsplit (statm, " ", 3);
  if (g_strv_length (fields) < 2)
    return 0;
  /* The second field: resident pages. */
  return g_ascii_strtoll (fields[1], NULL, 10) * (sysconf (_SC_PAGESIZE) / 1024);
}

/* Milliseconds since the process started (its start time in clock ticks since boot). */
static double
since_launch_ms (void)
{
  g_autofree char *stat = NULL;
  g_autofree char *uptime = NULL;
  unsigned long long start_ticks = 0;
  double up = 0;
  const char *after_name;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !g_file_get_contents ("/proc/uptime", &uptime, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* Field 22 (starttime); the 3rd field follows the name. */
  sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d"
                          " %*d %*d %llu", &start_ticks);
  up = g_ascii_strtod (uptime, NULL);
  return up * 1000.0 - start_ticks * 1000.0 / sysconf (_SC_CLK_TCK);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  Step *step = pending;

  if (step == NULL)
    return;
  pending = NULL;
  g_clear_signal_handler (&step->handler, step->clock);
  g_printerr ("bench: %s %.1f ms (CPU %.0f ms, main thread %.0f ms; RSS %ld kB;"
              " %.0f ms after launch)\n", step->what,
              (g_get_monotonic_time () - step->started) / 1000.0,
              process_cpu_ms () - step->cpu_started, thread_cpu_ms () - step->main_started,
              rss_kb (), since_launch_ms ());
  if (step->then != NULL)
    g_idle_add_full (G_PRIORITY_LOW, step->then, step->data, NULL);
  g_clear_object (&step->clock);
  g_free (step->what);
  g_free (step);
}

/**
 * hs_view_bench_done:
 * @widget: what shows the result (its next frame ends the step)
 * @what: the step hs_view_bench_start() began
 * @then: (nullable): the next step, called once the step is reported
 *
 * Returns: %TRUE if @what was the step running
 */
gboolean
hs_view_bench_done (GtkWidget   *widget,
                    const char  *what,
                    GSourceFunc  then,
                    gpointer     data)
{
  GdkFrameClock *clock;

  if (pending == NULL || g_strcmp0 (pending->what, what) != 0 || pending->handler != 0)
    return FALSE;

  pending->then = then;
  pending->data = data;
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      after_paint_cb (NULL, NULL);
      return TRUE;
    }
  pending->clock = g_object_ref (clock);
  pending->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_queue_draw (widget);

  return TRUE;
}
