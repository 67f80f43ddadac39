/* hs-replay-store-ops.c: the replay tables as store methods, sync and async
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's own read connection is query-only and belongs to the thread that opened it, so
 * each call opens a short-lived connection of its own: on the caller's thread for the sync
 * forms (the command line), on a worker thread for the async ones (the window).
 */

#define G_LOG_DOMAIN "hs-replay-store"

#include "config.h"

#include "hs-replay-store.h"
#include "hs-replay-target-keys.h"

typedef enum
{
  OP_LIST_ATTEMPTS,
  OP_LIST_TARGETS,
  OP_FIND_TARGET,
  OP_SAVE_TARGET,
  OP_DELETE_TARGET,
} OpKind;

typedef struct
{
  OpKind          kind;
  gint64          id;
  guint           limit;
  gboolean        with_bodies;
  char           *name;
  HsReplayTarget *target;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->name);
  g_clear_object (&op->target);
  g_free (op);
}

/* Returns a GPtrArray, an HsReplayTarget, or GINT_TO_POINTER (TRUE) for writes. */
static gpointer
run_op (const char  *path,
        Op          *op,
        GError     **error)
{
  gboolean writable = op->kind == OP_SAVE_TARGET || op->kind == OP_DELETE_TARGET;
  sqlite3 *db = NULL;
  gpointer result = NULL;

  if (op->kind == OP_LIST_TARGETS || op->kind == OP_FIND_TARGET)
    hs_replay_keys_migrate (path);
  db = hs_replay_db_open (path, writable, error);

  if (db == NULL)
    return NULL;

  switch (op->kind)
    {
    case OP_LIST_ATTEMPTS:
      result = hs_replay_db_list_attempts (db, op->id, op->limit, op->with_bodies, error);
      break;
    case OP_LIST_TARGETS:
      result = hs_replay_db_list_targets (db, error);
      break;
    case OP_FIND_TARGET:
      result = hs_replay_db_find_target (db, op->name, error);
      break;
    case OP_SAVE_TARGET:
      if (hs_replay_db_save_target (db, op->target, error))
        result = GINT_TO_POINTER (TRUE);
      break;
    case OP_DELETE_TARGET:
      if (hs_replay_db_delete_target (db, op->id, error))
        result = GINT_TO_POINTER (TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
  sqlite3_close (db);

  return result;
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Op *op = task_data;
  const char *path = hs_store_get_path (HS_STORE (source_object));
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = run_op (path, op, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (op->kind == OP_SAVE_TARGET || op->kind == OP_DELETE_TARGET)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)g_ptr_array_unref);
}

static void
start_op (HsStore             *store,
          Op                  *op,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, op_free);
  g_task_run_in_thread (task, op_thread);
}

static Op *
op_new (OpKind kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  return op;
}

GPtrArray *
hs_replay_store_list_attempts (HsStore   *store,
                               gint64     delivery_id,
                               guint      limit,
                               gboolean   with_bodies,
                               GError   **error)
{
  Op op = { OP_LIST_ATTEMPTS, delivery_id, limit, with_bodies, NULL, NULL };

  g_return_val_if_fail (HS_IS_STORE (store), NULL);
  return run_op (hs_store_get_path (store), &op, error);
}

void
hs_replay_store_list_attempts_async (HsStore             *store,
                                     gint64               delivery_id,
                                     guint                limit,
                                     gboolean             with_bodies,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Op *op;

  g_return_if_fail (HS_IS_STORE (store));

  op = op_new (OP_LIST_ATTEMPTS);
  op->id = delivery_id;
  op->limit = limit;
  op->with_bodies = with_bodies;
  start_op (store, op, hs_replay_store_list_attempts_async, cancellable, callback, user_data);
}

GPtrArray *
hs_replay_store_list_targets (HsStore  *store,
                              GError  **error)
{
  Op op = { OP_LIST_TARGETS, 0, 0, FALSE, NULL, NULL };

  g_return_val_if_fail (HS_IS_STORE (store), NULL);
  return run_op (hs_store_get_path (store), &op, error);
}

void
hs_replay_store_list_targets_async (HsStore             *store,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (HS_IS_STORE (store));

  start_op (store, op_new (OP_LIST_TARGETS), hs_replay_store_list_targets_async, cancellable,
            callback, user_data);
}

/* Returns: (transfer full): HsReplayAttempts or HsReplayTargets, by the call that started. */
GPtrArray *
hs_replay_store_list_finish (HsStore       *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: (transfer full) (nullable): the target called @name; %NULL without error if none. */
HsReplayTarget *
hs_replay_store_find_target (HsStore     *store,
                             const char  *name,
                             GError     **error)
{
  Op op = { OP_FIND_TARGET, 0, 0, FALSE, (char *)name, NULL };

  g_return_val_if_fail (HS_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return run_op (hs_store_get_path (store), &op, error);
}

gboolean
hs_replay_store_save_target (HsStore         *store,
                             HsReplayTarget  *target,
                             GError         **error)
{
  Op op = { OP_SAVE_TARGET, 0, 0, FALSE, NULL, target };

  g_return_val_if_fail (HS_IS_STORE (store), FALSE);
  g_return_val_if_fail (HS_IS_REPLAY_TARGET (target), FALSE);
  return run_op (hs_store_get_path (store), &op, error) != NULL;
}

/* The id is set on @target itself when the save completes (on the worker thread: read it
 * only after the callback). */
void
hs_replay_store_save_target_async (HsStore             *store,
                                   HsReplayTarget      *target,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Op *op;

  g_return_if_fail (HS_IS_STORE (store));
  g_return_if_fail (HS_IS_REPLAY_TARGET (target));

  op = op_new (OP_SAVE_TARGET);
  op->target = g_object_ref (target);
  start_op (store, op, hs_replay_store_save_target_async, cancellable, callback, user_data);
}

gboolean
hs_replay_store_delete_target (HsStore  *store,
                               gint64    target_id,
                               GError  **error)
{
  Op op = { OP_DELETE_TARGET, target_id, 0, FALSE, NULL, NULL };

  g_return_val_if_fail (HS_IS_STORE (store), FALSE);
  return run_op (hs_store_get_path (store), &op, error) != NULL;
}

void
hs_replay_store_delete_target_async (HsStore             *store,
                                     gint64               target_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Op *op;

  g_return_if_fail (HS_IS_STORE (store));

  op = op_new (OP_DELETE_TARGET);
  op->id = target_id;
  start_op (store, op, hs_replay_store_delete_target_async, cancellable, callback, user_data);
}

gboolean
hs_replay_store_write_finish (HsStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
