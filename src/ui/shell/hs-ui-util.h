/* hs-ui-util.h: small helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-store.h"

G_BEGIN_DECLS

/* A text column of a GtkColumnView: format() returns the cell's text (plain text, never
 * markup) for an item, or NULL for an empty cell. Columns are used by address, so tables of
 * them must be static. */
typedef struct
{
  const char *title;
  char     *(*format) (gpointer item);
  int         width_chars;
  gboolean    expand;
  gboolean    monospace;
  /* Optional: "error", "warning" or NULL, to colour the cell. */
  const char *(*style) (gpointer item);
} HsUiColumn;

void       hs_ui_append_columns       (GtkColumnView    *column_view,
                                       const HsUiColumn *columns,
                                       guint             n_columns);
void       hs_ui_keep_top_in_view     (GtkWidget        *view,
                                       GListModel       *model);
GTimeZone *hs_ui_get_local_timezone   (void);
void       hs_ui_local_today          (GDate            *date);
GHashTable *hs_ui_track_bound_rows     (GtkSignalListItemFactory *factory);
void       hs_ui_start_timer          (guint            *source,
                                       guint             seconds,
                                       GSourceFunc       func,
                                       gpointer          data,
                                       const char       *name);
char      *hs_ui_format_time_us       (gint64            unix_us,
                                       const char       *format);
char      *hs_ui_format_iso8601_local (const char       *iso8601);

/* For a read that a newer one makes pointless. */
GCancellable *hs_ui_supersede (GCancellable      **cancellable);

/* Runs a function at most every so often (see hs_ui_throttle()); zero-initialised. */
typedef struct
{
  guint  source;
  gint64 ran_at;
} HsUiThrottle;

void       hs_ui_throttle       (HsUiThrottle     *throttle,
                                 guint             delay_ms,
                                 guint             interval_ms,
                                 GSourceFunc       func,
                                 gpointer          data);
void       hs_ui_throttle_clear (HsUiThrottle     *throttle);

G_END_DECLS
