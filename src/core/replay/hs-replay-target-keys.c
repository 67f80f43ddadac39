/* hs-replay-target-keys.c: saved replay targets' API keys, in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The replay_targets table keeps HS_REPLAY_KEY_IN_KEYRING where a key is, the keyring keeps
 * the key (hs-secret-store.c), by database file and target name. Everything here runs on the
 * replay store's worker thread: the keyring calls may block there.
 *
 * Keys saved in clear by earlier versions are moved once, the first time the targets are read
 * (with secure_delete, so that the old bytes are overwritten in the file, not just unlinked).
 * Without a keyring they stay where they are, and are still used; a new key is never saved in
 * clear: saving fails instead.
 */

#define G_LOG_DOMAIN "hs-replay-target-keys"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-replay-target-keys.h"
#include "hs-secret-store.h"
#include "hs-store.h"

static const char *
db_path (sqlite3 *db)
{
  const char *path = sqlite3_db_filename (db, "main");

  return path != NULL ? path : "";
}

/**
 * hs_replay_keys_store:
 * @column_value: (out): what the table keeps: %NULL (no key) or HS_REPLAY_KEY_IN_KEYRING
 *
 * Saves @target's key in the keyring (or removes it there when it has none).
 */
gboolean
hs_replay_keys_store (sqlite3         *db,
                      HsReplayTarget  *target,
                      const char     **column_value,
                      GError         **error)
{
  const char *key = hs_replay_target_get_api_key (target);
  const char *name = hs_replay_target_get_name (target);
  g_autoptr(GError) local_error = NULL;

  *column_value = NULL;
  if (key == NULL || key[0] == '\0')
    {
      sqlite3_stmt *stmt = NULL;

      /* The keyring is asked only if it had this target's key. */
      if (sqlite3_prepare_v2 (db, "SELECT 1 FROM replay_targets WHERE name = ?1 AND api_key = ?2",
                              -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, HS_REPLAY_KEY_IN_KEYRING, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            hs_secret_save_sync (HS_SECRET_REPLAY_TARGET, db_path (db), name, NULL, NULL, NULL);
        }
      sqlite3_finalize (stmt);
      return TRUE;
    }

  if (!hs_secret_save_sync (HS_SECRET_REPLAY_TARGET, db_path (db), name, key, NULL,
                            &local_error))
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED,
                   _("The target's API key was not saved (it is never kept in clear): %s"),
                   local_error->message);
      return FALSE;
    }
  *column_value = HS_REPLAY_KEY_IN_KEYRING;
  return TRUE;
}

/* @target as read from the table: its api_key is the column's value, replaced here by the
 * keyring's key. */
gboolean
hs_replay_keys_load (sqlite3         *db,
                     HsReplayTarget  *target,
                     GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;

  if (g_strcmp0 (hs_replay_target_get_api_key (target), HS_REPLAY_KEY_IN_KEYRING) != 0)
    return TRUE;

  key = hs_secret_lookup_sync (HS_SECRET_REPLAY_TARGET, db_path (db),
                               hs_replay_target_get_name (target), NULL, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED,
                   _("Could not read the API key of the target “%s”: %s"),
                   hs_replay_target_get_name (target), local_error->message);
      return FALSE;
    }
  if (key == NULL)
    g_warning ("The keyring has no API key for the replay target “%s” any more",
               hs_replay_target_get_name (target));
  hs_replay_target_set_api_key (target, key);
  return TRUE;
}

/* Before the target @target_id is deleted: its key goes too. */
void
hs_replay_keys_forget (sqlite3 *db,
                       gint64   target_id)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM replay_targets WHERE id = ?1 AND api_key = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, target_id);
  sqlite3_bind_text (stmt, 2, HS_REPLAY_KEY_IN_KEYRING, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hs_secret_save_sync (HS_SECRET_REPLAY_TARGET, db_path (db),
                         (const char *)sqlite3_column_text (stmt, 0), NULL, NULL, NULL);
  sqlite3_finalize (stmt);
}

static gboolean
has_keys_in_clear (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) ==
        SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT 1 FROM replay_targets WHERE api_key IS NOT NULL"
                          " AND api_key != ?1 LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, HS_REPLAY_KEY_IN_KEYRING, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return found;
}

/**
 * hs_replay_keys_migrate:
 * @path: the database file
 *
 * Moves keys saved in clear by earlier versions to the keyring, once.
 */
void
hs_replay_keys_migrate (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *update = NULL;

  if (!has_keys_in_clear (path))
    return;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    goto out;
  sqlite3_busy_timeout (db, 5000);
  /* The old bytes are overwritten with zeros in the file, not only unlinked. */
  sqlite3_exec (db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
  if (sqlite3_prepare_v2 (db, "SELECT id, name, api_key FROM replay_targets"
                          " WHERE api_key IS NOT NULL AND api_key != ?1", -1, &select,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "UPDATE replay_targets SET api_key = ?3"
                          " WHERE id = ?1 AND api_key = ?2", -1, &update, NULL) != SQLITE_OK)
    goto out;
  sqlite3_bind_text (select, 1, HS_REPLAY_KEY_IN_KEYRING, -1, SQLITE_STATIC);
  while (sqlite3_step (select) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (select, 1);
      const char *key = (const char *)sqlite3_column_text (select, 2);
      g_autoptr(GError) error = NULL;

      if (key[0] != '\0' &&
          !hs_secret_save_sync (HS_SECRET_REPLAY_TARGET, db_path (db), name, key, NULL,
                                &error))
        {
          g_warning ("The API keys of saved replay targets stay in the database, in clear: %s",
                     error->message);
          break;
        }
      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_text (update, 2, key, -1, SQLITE_TRANSIENT);
      if (key[0] != '\0')
        sqlite3_bind_text (update, 3, HS_REPLAY_KEY_IN_KEYRING, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (update, 3);
      if (sqlite3_step (update) != SQLITE_DONE)
        g_warning ("Could not mark the key of “%s” as moved: %s", name, sqlite3_errmsg (db));
    }

out:
  sqlite3_finalize (select);
  sqlite3_finalize (update);
  sqlite3_close (db);
}
