/* hs-ics-save.h: events saved as one iCalendar file, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exports events (HsEvent, read only while the task runs) with hs_ics_calendar_*() and writes
 * the calendar to file, on a worker thread. An event whose schedule is not understood is left
 * out (and counted). */
void   hs_ics_save_events_async  (GFile               *file,
                                  GPtrArray           *events,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* A translated sentence for a toast: how many events were saved, and what the file could not
 * say exactly (the notes of hs_ics_calendar_get_notes()); NULL with error when nothing was
 * written. */
char  *hs_ics_save_events_finish (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
