/* hs-view-bench.h: timings of what the user waits for, in a bench mode (HS_BENCH)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean hs_view_bench_wants (const char  *scenario);
void     hs_view_bench_start (const char  *what);
gboolean hs_view_bench_done  (GtkWidget   *widget,
                              const char  *what,
                              GSourceFunc  then,
                              gpointer     data);

G_END_DECLS
