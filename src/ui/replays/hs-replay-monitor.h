/* hs-replay-monitor.h: tells the window's views that replays were recorded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HS_TYPE_REPLAY_MONITOR (hs_replay_monitor_get_type ())

G_DECLARE_FINAL_TYPE (HsReplayMonitor, hs_replay_monitor, HS, REPLAY_MONITOR, GObject)

HsReplayMonitor *hs_replay_monitor_get_default (void);
void             hs_replay_monitor_changed     (HsReplayMonitor *self);

G_END_DECLS
