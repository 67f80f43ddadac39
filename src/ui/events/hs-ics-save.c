/* hs-ics-save.c: events saved as one iCalendar file, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Working out an export walks each schedule for decades (to know whether DST changes ever
 * move an occurrence) and builds VTIMEZONEs from the zone data: a worker's job, not the main
 * loop's, especially for every event at once.
 */

#define G_LOG_DOMAIN "hs-ics-save"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hs-event.h"
#include "hs-ics.h"
#include "hs-ics-save.h"
#include "hs-schedule.h"

typedef struct
{
  GFile     *file;
  GPtrArray *events;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->file);
  g_ptr_array_unref (data->events);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GFile *file = data->file;
  GPtrArray *events = data->events;
  g_autoptr(HsIcsCalendar) calendar = hs_ics_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  const char * const *notes;
  guint left_out = 0;
  guint n;

  for (guint i = 0; i < events->len; i++)
    {
      HsEvent *event = g_ptr_array_index (events, i);
      JsonObject *object = hs_event_get_schedule (event);
      g_autoptr(HsSchedule) schedule = NULL;
      g_autofree char *uid = g_strdup_printf ("%s@hookscope", hs_event_get_id (event));
      const char *name = hs_event_get_name_for_languages (event, g_get_language_names ());

      if (g_task_return_error_if_cancelled (task))
        return;
      if (object == NULL ||
          !(schedule = hs_schedule_new_from_json (object, NULL)) ||
          !hs_ics_calendar_add_schedule (calendar, schedule, uid, name, NULL))
        left_out++;
    }

  n = hs_ics_calendar_get_n_events (calendar);
  if (n == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("No schedule could be exported"));
      return;
    }

  text = hs_ics_calendar_to_string (calendar);
  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (events->len == 1)
    g_string_append (message, _("Exported as iCalendar"));
  else
    g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE,
                                                  "Exported %u event as iCalendar",
                                                  "Exported %u events as iCalendar", n), n);
  if (left_out > 0)
    {
      g_string_append (message, "; ");
      g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE,
                                                    "%u left out (schedule not understood)",
                                                    "%u left out (schedules not understood)",
                                                    left_out), left_out);
    }

  notes = hs_ics_calendar_get_notes (calendar);
  if (notes[0] != NULL && events->len == 1)
    {
      g_string_append (message, "; ");
      /* Translators: %d is a number of years (5) */
      g_string_append_printf (message, _("occurrences listed for %d years only: no calendar "
                                         "rule says this schedule exactly"),
                              HS_ICS_LISTED_YEARS);
    }
  else if (notes[0] != NULL)
    {
      guint n_notes = g_strv_length ((char **)notes);

      g_string_append (message, "; ");
      /* Translators: %u is a number of events, %d a number of years (5) */
      g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE,
                                                    "%u listed for %d years only",
                                                    "%u listed for %d years only", n_notes),
                              n_notes, HS_ICS_LISTED_YEARS);
    }

  g_task_return_pointer (task, g_string_free (g_steal_pointer (&message), FALSE), g_free);
}

void
hs_ics_save_events_async (GFile               *file,
                          GPtrArray           *events,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (events != NULL);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->events = g_ptr_array_ref (events);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_ics_save_events_async);
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);
  g_task_run_in_thread (task, save_thread);
}

char *
hs_ics_save_events_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
