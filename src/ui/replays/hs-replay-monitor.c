/* hs-replay-monitor.c: tells the window's views that replays were recorded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replays are written by jobs that the dialogs start, not by the store's writer, so the store's
 * change signals do not cover them: whoever runs a job says so here, on the main thread.
 */

#define G_LOG_DOMAIN "hs-replay-monitor"

#include "config.h"

#include "hs-replay-monitor.h"

struct _HsReplayMonitor
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (HsReplayMonitor, hs_replay_monitor, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
hs_replay_monitor_class_init (HsReplayMonitorClass *klass)
{
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
hs_replay_monitor_init (HsReplayMonitor *self)
{
}

/* Returns: (transfer none): the main thread's monitor */
HsReplayMonitor *
hs_replay_monitor_get_default (void)
{
  static HsReplayMonitor *monitor;

  if (monitor == NULL)
    monitor = g_object_new (HS_TYPE_REPLAY_MONITOR, NULL);

  return monitor;
}

void
hs_replay_monitor_changed (HsReplayMonitor *self)
{
  g_return_if_fail (HS_IS_REPLAY_MONITOR (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
