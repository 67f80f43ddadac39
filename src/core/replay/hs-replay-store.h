/* hs-replay-store.h: the `replays` and `replay_targets` tables (schema migration 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two levels: hs_replay_db_*() work on a connection the caller owns (the migration, the
 * replayer's worker thread); hs_replay_store_*() are the store methods the window and the
 * command line use, sync (for the thread that opened the store: the command line) and async
 * (a worker thread with its own connection: the window).
 */

#pragma once

#include <sqlite3.h>

#include "hs-replay-attempt.h"
#include "hs-replay-target.h"
#include "hs-store.h"

G_BEGIN_DECLS

gboolean        hs_replay_db_create_schema      (sqlite3          *db,
                                                 GError          **error);
sqlite3        *hs_replay_db_open               (const char       *path,
                                                 gboolean          writable,
                                                 GError          **error);
gboolean        hs_replay_db_insert_attempt_rows (sqlite3         *db,
                                                  GPtrArray       *attempts,
                                                  GError         **error);
gboolean        hs_replay_db_insert_attempts    (sqlite3          *db,
                                                 GPtrArray        *attempts,
                                                 GError          **error);
GPtrArray      *hs_replay_db_list_attempts      (sqlite3          *db,
                                                 gint64            delivery_id,
                                                 guint             limit,
                                                 gboolean          with_bodies,
                                                 GError          **error);
GPtrArray      *hs_replay_db_list_targets       (sqlite3          *db,
                                                 GError          **error);
HsReplayTarget *hs_replay_db_find_target        (sqlite3          *db,
                                                 const char       *name,
                                                 GError          **error);
gboolean        hs_replay_db_save_target        (sqlite3          *db,
                                                 HsReplayTarget   *target,
                                                 GError          **error);
gboolean        hs_replay_db_delete_target      (sqlite3          *db,
                                                 gint64            target_id,
                                                 GError          **error);
gboolean        hs_replay_db_touch_target       (sqlite3          *db,
                                                 gint64            target_id,
                                                 gint64            used_at_us,
                                                 GError          **error);

/* Attempts newest first; @delivery_id 0 for all; @limit 0 for no limit. */
GPtrArray      *hs_replay_store_list_attempts   (HsStore          *store,
                                                 gint64            delivery_id,
                                                 guint             limit,
                                                 gboolean          with_bodies,
                                                 GError          **error);
void            hs_replay_store_list_attempts_async (HsStore             *store,
                                                     gint64               delivery_id,
                                                     guint                limit,
                                                     gboolean             with_bodies,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Targets, the last used first. */
GPtrArray      *hs_replay_store_list_targets    (HsStore          *store,
                                                 GError          **error);
void            hs_replay_store_list_targets_async (HsStore             *store,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray      *hs_replay_store_list_finish     (HsStore          *store,
                                                 GAsyncResult     *result,
                                                 GError          **error);
HsReplayTarget *hs_replay_store_find_target     (HsStore          *store,
                                                 const char       *name,
                                                 GError          **error);
/* Inserts, or updates the target of the same name; sets its id. */
gboolean        hs_replay_store_save_target     (HsStore          *store,
                                                 HsReplayTarget   *target,
                                                 GError          **error);
void            hs_replay_store_save_target_async (HsStore             *store,
                                                   HsReplayTarget      *target,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        hs_replay_store_delete_target   (HsStore          *store,
                                                 gint64            target_id,
                                                 GError          **error);
void            hs_replay_store_delete_target_async (HsStore             *store,
                                                     gint64               target_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        hs_replay_store_write_finish    (HsStore          *store,
                                                 GAsyncResult     *result,
                                                 GError          **error);

G_END_DECLS
