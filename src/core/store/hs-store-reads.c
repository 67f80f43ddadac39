/* hs-store-reads.c: the domain reads and the detail read, as store methods, sync and async
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every reader (the window's pages, the command line) goes through these: nobody outside the
 * store and the projections holds an SQLite connection. The synchronous forms use the store's
 * read connection and belong to the thread that opened the store (the command line). The
 * asynchronous forms run on a worker thread with a read-only connection of their own, so that
 * a large table never stalls the main loop; their results come back on the caller's thread-
 * default main context.
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include "hs-domain-store.h"
#include "hs-store-private.h"

typedef enum
{
  READ_EVENTS,
  READ_EVENTS_CHANGED,
  READ_INVITATIONS,
  READ_INVITATIONS_CHANGED,
  READ_PARTICIPANTS,
  READ_EVENT_VERSIONS,
  READ_EVENT,
  READ_EVENT_JSON,
  READ_DELIVERY,
} ReadKind;

typedef struct
{
  ReadKind  kind;
  char     *path;
  char     *event_id;
  gint64    id;
} ReadData;

typedef struct
{
  gpointer       value;
  GDestroyNotify free_value;
  gint64         last;
} ReadResult;

static void
read_data_free (gpointer data)
{
  ReadData *read_data = data;

  g_free (read_data->path);
  g_free (read_data->event_id);
  g_free (read_data);
}

static void
read_result_free (gpointer data)
{
  ReadResult *result = data;

  if (result->value != NULL && result->free_value != NULL)
    result->free_value (result->value);
  g_free (result);
}

/* Runs one read on @db; the value and how to free it. */
static gpointer
run_read (sqlite3         *db,
          const ReadData  *read_data,
          gint64          *last,
          GDestroyNotify  *free_value,
          GError         **error)
{
  *free_value = (GDestroyNotify)g_ptr_array_unref;

  switch (read_data->kind)
    {
    case READ_EVENTS:
      return hs_domain_store_list_events (db, error);
    case READ_EVENTS_CHANGED:
      return hs_domain_store_list_events_changed (db, read_data->id, last, error);
    case READ_INVITATIONS:
      return hs_domain_store_list_invitations (db, read_data->event_id, error);
    case READ_INVITATIONS_CHANGED:
      return hs_domain_store_list_invitations_changed (db, read_data->id, last, error);
    case READ_PARTICIPANTS:
      return hs_domain_store_list_participants (db, read_data->event_id, error);
    case READ_EVENT_VERSIONS:
      return hs_domain_store_list_event_versions (db, read_data->event_id, error);
    case READ_EVENT:
      *free_value = g_object_unref;
      return hs_domain_store_get_event (db, read_data->event_id, error);
    case READ_EVENT_JSON:
      *free_value = g_free;
      return hs_domain_store_dup_event_json (db, read_data->event_id, error);
    case READ_DELIVERY:
      *free_value = g_object_unref;
      return hs_store_read_delivery (db, read_data->id, TRUE, error);
    default:
      g_assert_not_reached ();
    }
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *read_data = task_data;
  g_autoptr(GError) error = NULL;
  GDestroyNotify free_value = NULL;
  gpointer value = NULL;
  sqlite3 *db = NULL;
  gint64 last = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  if ((db = hs_store_open_reader (read_data->path, &error)) != NULL)
    value = run_read (db, read_data, &last, &free_value, &error);
  sqlite3_close (db);

  if (value != NULL)
    {
      ReadResult *result = g_new0 (ReadResult, 1);

      result->value = value;
      result->free_value = free_value;
      result->last = last;
      g_task_return_pointer (task, result, read_result_free);
    }
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND, "%s",
                             read_data->event_id ? read_data->event_id : "");
}

static void
start_read (HsStore             *self,
            ReadKind             kind,
            const char          *event_id,
            gint64               id,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *read_data = g_new0 (ReadData, 1);

  read_data->kind = kind;
  read_data->path = g_strdup (hs_store_get_path (self));
  read_data->event_id = g_strdup (event_id);
  read_data->id = id;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, read_data, read_data_free);
  g_task_run_in_thread (task, read_thread);
}

static gpointer
finish_read (HsStore       *self,
             GAsyncResult  *result,
             gint64        *last,
             GError       **error)
{
  ReadResult *read_result;
  gpointer value;

  g_return_val_if_fail (HS_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(read_result = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  value = g_steal_pointer (&read_result->value);
  if (last != NULL)
    *last = read_result->last;
  g_free (read_result);

  return value;
}

/* Synchronous reads, on the store's read connection. */

static gpointer
read_now (HsStore     *self,
          ReadKind     kind,
          const char  *event_id,
          gint64       id,
          gint64      *last,
          GError     **error)
{
  ReadData read_data = { kind, NULL, (char *)event_id, id };
  GDestroyNotify free_value;
  gint64 ignored;

  return run_read (hs_store_get_read_connection (self), &read_data, last ? last : &ignored,
                   &free_value, error);
}

/**
 * hs_store_list_events:
 *
 * Returns: (transfer full) (element-type HsEvent): every event, newest change first
 */
GPtrArray *
hs_store_list_events (HsStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);

  return read_now (self, READ_EVENTS, NULL, 0, NULL, error);
}

/**
 * hs_store_list_invitations:
 * @event_id: (nullable): only this event's, or all
 *
 * Returns: (transfer full) (element-type HsInvitation)
 */
GPtrArray *
hs_store_list_invitations (HsStore     *self,
                           const char  *event_id,
                           GError     **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);

  return read_now (self, READ_INVITATIONS, event_id, 0, NULL, error);
}

GPtrArray *
hs_store_list_participants (HsStore     *self,
                            const char  *event_id,
                            GError     **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);

  return read_now (self, READ_PARTICIPANTS, event_id, 0, NULL, error);
}

GPtrArray *
hs_store_list_event_versions (HsStore     *self,
                              const char  *event_id,
                              GError     **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return read_now (self, READ_EVENT_VERSIONS, event_id, 0, NULL, error);
}

HsEvent *
hs_store_get_event (HsStore     *self,
                    const char  *event_id,
                    GError     **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return read_now (self, READ_EVENT, event_id, 0, NULL, error);
}

char *
hs_store_dup_event_json (HsStore     *self,
                         const char  *event_id,
                         GError     **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return read_now (self, READ_EVENT_JSON, event_id, 0, NULL, error);
}

/* Asynchronous reads, each on a worker thread. */

void
hs_store_list_events_async (HsStore             *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));

  start_read (self, READ_EVENTS, NULL, 0, hs_store_list_events_async, cancellable, callback,
              user_data);
}

/* The events changed by deliveries after @after_delivery_id; finish with
 * hs_store_list_changed_finish(), whose @last is the id to ask from next time. */
void
hs_store_list_events_changed_async (HsStore             *self,
                                    gint64               after_delivery_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));

  start_read (self, READ_EVENTS_CHANGED, NULL, after_delivery_id,
              hs_store_list_events_changed_async, cancellable, callback, user_data);
}

void
hs_store_list_invitations_changed_async (HsStore             *self,
                                         gint64               after_delivery_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));

  start_read (self, READ_INVITATIONS_CHANGED, NULL, after_delivery_id,
              hs_store_list_invitations_changed_async, cancellable, callback, user_data);
}

GPtrArray *
hs_store_list_changed_finish (HsStore       *self,
                              GAsyncResult  *result,
                              gint64        *last_delivery_id,
                              GError       **error)
{
  g_return_val_if_fail (last_delivery_id != NULL, NULL);

  return finish_read (self, result, last_delivery_id, error);
}

void
hs_store_list_invitations_async (HsStore             *self,
                                 const char          *event_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));

  start_read (self, READ_INVITATIONS, event_id, 0, hs_store_list_invitations_async,
              cancellable, callback, user_data);
}

void
hs_store_list_participants_async (HsStore             *self,
                                  const char          *event_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));
  g_return_if_fail (event_id != NULL);

  start_read (self, READ_PARTICIPANTS, event_id, 0, hs_store_list_participants_async,
              cancellable, callback, user_data);
}

void
hs_store_list_event_versions_async (HsStore             *self,
                                    const char          *event_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));
  g_return_if_fail (event_id != NULL);

  start_read (self, READ_EVENT_VERSIONS, event_id, 0, hs_store_list_event_versions_async,
              cancellable, callback, user_data);
}

/* Finishes every list read but the changed-since ones. */
GPtrArray *
hs_store_list_finish (HsStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return finish_read (self, result, NULL, error);
}

void
hs_store_get_event_async (HsStore             *self,
                          const char          *event_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));
  g_return_if_fail (event_id != NULL);

  start_read (self, READ_EVENT, event_id, 0, hs_store_get_event_async, cancellable, callback,
              user_data);
}

/* Fails with HS_STORE_ERROR_NOT_FOUND for an event never captured. */
HsEvent *
hs_store_get_event_finish (HsStore       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish_read (self, result, NULL, error);
}

/* One delivery with its body, for a detail view. */
void
hs_store_get_delivery_async (HsStore             *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (self));

  start_read (self, READ_DELIVERY, NULL, id, hs_store_get_delivery_async, cancellable, callback,
              user_data);
}

/* Fails with HS_STORE_ERROR_NOT_FOUND for an id not (or no longer) stored. */
HsDelivery *
hs_store_get_delivery_finish (HsStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_read (self, result, NULL, error);
}
