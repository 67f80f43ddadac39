/* hs-store-delete.c: deleting one delivery on the user's request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row goes with what the projections derived from it alone (its meaning, its entry in the
 * search index); like the retention cap's pruning, the domain rows it fed (events, versions,
 * invitations) stay, as they have no foreign keys. The delete runs on a worker with a
 * connection of its own, waiting for the writer's batch if one is being committed (busy
 * timeout), so the main loop never waits.
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include "hs-store-delete.h"
#include "hs-search-index.h"
#include "hs-store-private.h"

#define BUSY_TIMEOUT_MS 5000

static gboolean
exec_id (sqlite3     *db,
         const char  *sql,
         gint64       id,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      hs_store_set_sqlite_error (error, db, rc, "delete");
      return FALSE;
    }
  return TRUE;
}

static gboolean
delete_on (sqlite3  *db,
           gint64    id,
           GError  **error)
{
  g_autoptr(HsDelivery) delivery = NULL;

  /* The search index forgets a delivery by its text: read it first. */
  if (!(delivery = hs_store_read_delivery (db, id, TRUE, error)))
    return FALSE;

  return hs_search_index_forget (db, delivery, error) &&
         exec_id (db, "DELETE FROM delivery_meanings WHERE delivery_id = ?1", id, error) &&
         exec_id (db, "DELETE FROM deliveries WHERE id = ?1", id, error);
}

static gboolean
delete_with_path (const char  *path,
                  gint64       id,
                  GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      hs_store_set_sqlite_error (error, db, rc, "open");
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  ok = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    hs_store_set_sqlite_error (error, db, SQLITE_BUSY, "begin");
  else if ((ok = delete_on (db, id, error)))
    ok = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);

  return ok;
}

/* For the thread that opened the store (the command line). */
gboolean
hs_store_delete_delivery (HsStore  *self,
                          gint64    id,
                          GError  **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  return delete_with_path (hs_store_get_path (self), id, error);
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "hs-path");
  gint64 id = *(gint64 *)task_data;
  GError *error = NULL;

  if (delete_with_path (path, id, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
hs_store_delete_delivery_async (HsStore             *self,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_store_delete_delivery_async);
  g_task_set_task_data (task, g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data_full (G_OBJECT (task), "hs-path", g_strdup (hs_store_get_path (self)),
                          g_free);
  g_task_run_in_thread (task, delete_thread);
}

gboolean
hs_store_delete_delivery_finish (HsStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
