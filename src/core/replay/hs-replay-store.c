/* hs-replay-store.c: the `replays` and `replay_targets` tables (schema migration 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saved targets' API keys are in the keyring, not in the table (hs-replay-target-keys.c).
 */

#define G_LOG_DOMAIN "hs-replay-store"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-replay-store.h"
#include "hs-replay-target-keys.h"

#define ATTEMPT_COLUMNS \
  "id, delivery_id, target_id, target_name, started_at, duration_us, url, method," \
  " request_headers, status, reason, response_headers, response_size, error_kind, error," \
  " target_url, append_path"
#define TARGET_COLUMNS "id, name, base_url, api_key, append_path, allow_self_signed, last_used_at"

gboolean
hs_replay_db_create_schema (sqlite3  *db,
                            GError  **error)
{
  /* delivery_id is not a foreign key: a replay stays in the history after the retention
   * cap removed its delivery. target_name is copied for the same reason. */
  static const char sql[] =
    "CREATE TABLE replays ("
    " id INTEGER PRIMARY KEY,"
    " delivery_id INTEGER NOT NULL,"
    " target_id INTEGER,"
    " target_name TEXT,"
    " started_at INTEGER NOT NULL,"
    " duration_us INTEGER NOT NULL DEFAULT 0,"
    " target_url TEXT,"
    " append_path INTEGER NOT NULL DEFAULT 0,"
    " url TEXT NOT NULL,"
    " method TEXT NOT NULL,"
    " request_headers TEXT NOT NULL DEFAULT '[]',"
    " request_body BLOB,"
    " status INTEGER NOT NULL DEFAULT 0,"
    " reason TEXT,"
    " response_headers TEXT NOT NULL DEFAULT '[]',"
    " response_body BLOB,"
    " response_size INTEGER NOT NULL DEFAULT 0,"
    " error_kind TEXT,"
    " error TEXT);"
    "CREATE INDEX replays_by_delivery ON replays (delivery_id, id);"
    "CREATE TABLE replay_targets ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " base_url TEXT NOT NULL,"
    " api_key TEXT,"
    " append_path INTEGER NOT NULL DEFAULT 0,"
    " allow_self_signed INTEGER NOT NULL DEFAULT 0,"
    " last_used_at INTEGER NOT NULL DEFAULT 0);";
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_WRITE,
                   _("Could not create the replay tables: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_error (GError     **error,
           sqlite3     *db,
           const char  *what)
{
  g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

sqlite3 *
hs_replay_db_open (const char  *path,
                   gboolean     writable,
                   GError     **error)
{
  sqlite3 *db = NULL;
  int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("Could not open “%s”: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, TRUE);
  /* The capture writer may hold the lock for a batch; a replay row can wait that long. */
  sqlite3_busy_timeout (db, 5000);
  if (writable)
    sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);

  return db;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           column,
            GBytes       *bytes)
{
  gsize size = 0;
  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (bytes != NULL)
    sqlite3_bind_blob64 (stmt, column, size > 0 ? data : "", size, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

/* Inside the caller's transaction: each of @attempts gets its id. */
gboolean
hs_replay_db_insert_attempt_rows (sqlite3    *db,
                                  GPtrArray  *attempts,
                                  GError    **error)
{
  static const char sql[] =
    "INSERT INTO replays (delivery_id, target_id, target_name, started_at, duration_us, url,"
    " method, request_headers, request_body, status, reason, response_headers, response_body,"
    " response_size, error_kind, error, target_url, append_path)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (db != NULL && attempts != NULL, FALSE);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, db, _("Could not record the replays"));

  for (guint i = 0; i < attempts->len; i++)
    {
      HsReplayAttempt *attempt = g_ptr_array_index (attempts, i);
      g_autofree char *request_headers =
        hs_replay_headers_to_json (hs_replay_attempt_get_request_headers (attempt));
      g_autofree char *response_headers =
        hs_replay_headers_to_json (hs_replay_attempt_get_response_headers (attempt));
      gint64 target_id = hs_replay_attempt_get_target_id (attempt);

      sqlite3_bind_int64 (stmt, 1, hs_replay_attempt_get_delivery_id (attempt));
      if (target_id > 0)
        sqlite3_bind_int64 (stmt, 2, target_id);
      else
        sqlite3_bind_null (stmt, 2);
      bind_text (stmt, 3, hs_replay_attempt_get_target_name (attempt));
      sqlite3_bind_int64 (stmt, 4, hs_replay_attempt_get_started_at (attempt));
      sqlite3_bind_int64 (stmt, 5, hs_replay_attempt_get_duration (attempt));
      bind_text (stmt, 6, hs_replay_attempt_get_url (attempt));
      bind_text (stmt, 7, hs_replay_attempt_get_method (attempt));
      bind_text (stmt, 8, request_headers);
      bind_bytes (stmt, 9, hs_replay_attempt_get_request_body (attempt));
      sqlite3_bind_int (stmt, 10, hs_replay_attempt_get_status (attempt));
      bind_text (stmt, 11, hs_replay_attempt_get_reason (attempt));
      bind_text (stmt, 12, response_headers);
      bind_bytes (stmt, 13, hs_replay_attempt_get_response_body (attempt));
      sqlite3_bind_int64 (stmt, 14, hs_replay_attempt_get_response_size (attempt));
      bind_text (stmt, 15, hs_replay_attempt_get_error_kind (attempt));
      bind_text (stmt, 16, hs_replay_attempt_get_error_message (attempt));
      bind_text (stmt, 17, hs_replay_attempt_get_base_url (attempt));
      sqlite3_bind_int (stmt, 18, hs_replay_attempt_get_append_path (attempt));

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_error (error, db, _("Could not record the replays"));
          sqlite3_finalize (stmt);
          return FALSE;
        }
      hs_replay_attempt_set_id (attempt, sqlite3_last_insert_rowid (db));
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  sqlite3_finalize (stmt);

  return TRUE;
}

/* One transaction for all of @attempts; each gets its id. */
gboolean
hs_replay_db_insert_attempts (sqlite3    *db,
                              GPtrArray  *attempts,
                              GError    **error)
{
  g_return_val_if_fail (db != NULL && attempts != NULL, FALSE);

  if (attempts->len == 0)
    return TRUE;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return set_error (error, db, _("Could not record the replays"));
  if (!hs_replay_db_insert_attempt_rows (db, attempts, error))
    goto failed;
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_error (error, db, _("Could not record the replays"));
      goto failed;
    }

  return TRUE;

failed:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  for (guint i = 0; i < attempts->len; i++)
    hs_replay_attempt_set_id (g_ptr_array_index (attempts, i), 0);
  return FALSE;
}

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

static HsReplayAttempt *
attempt_from_row (sqlite3_stmt *stmt,
                  gboolean      with_bodies)
{
  HsReplayAttempt *attempt = hs_replay_attempt_new ();

  hs_replay_attempt_set_id (attempt, sqlite3_column_int64 (stmt, 0));
  hs_replay_attempt_set_delivery_id (attempt, sqlite3_column_int64 (stmt, 1));
  hs_replay_attempt_set_target_id (attempt, sqlite3_column_int64 (stmt, 2));
  hs_replay_attempt_set_target_name (attempt, (const char *)sqlite3_column_text (stmt, 3));
  hs_replay_attempt_set_started_at (attempt, sqlite3_column_int64 (stmt, 4));
  hs_replay_attempt_set_duration (attempt, sqlite3_column_int64 (stmt, 5));
  hs_replay_attempt_set_url (attempt, (const char *)sqlite3_column_text (stmt, 6));
  hs_replay_attempt_set_method (attempt, (const char *)sqlite3_column_text (stmt, 7));
  hs_replay_headers_from_json (hs_replay_attempt_get_request_headers (attempt),
                               (const char *)sqlite3_column_text (stmt, 8));
  hs_replay_attempt_set_status (attempt, sqlite3_column_int (stmt, 9));
  hs_replay_attempt_set_reason (attempt, (const char *)sqlite3_column_text (stmt, 10));
  hs_replay_headers_from_json (hs_replay_attempt_get_response_headers (attempt),
                               (const char *)sqlite3_column_text (stmt, 11));
  hs_replay_attempt_set_response_size (attempt, sqlite3_column_int64 (stmt, 12));
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    hs_replay_attempt_set_error (attempt, (const char *)sqlite3_column_text (stmt, 13),
                                 (const char *)sqlite3_column_text (stmt, 14));
  hs_replay_attempt_set_base_url (attempt, (const char *)sqlite3_column_text (stmt, 15));
  hs_replay_attempt_set_append_path (attempt, sqlite3_column_int (stmt, 16) != 0);
  if (with_bodies)
    {
      g_autoptr(GBytes) request_body = column_bytes (stmt, 17);
      g_autoptr(GBytes) response_body = column_bytes (stmt, 18);

      hs_replay_attempt_set_request_body (attempt, request_body);
      hs_replay_attempt_set_response_body (attempt, response_body);
    }

  return attempt;
}

GPtrArray *
hs_replay_db_list_attempts (sqlite3   *db,
                            gint64     delivery_id,
                            guint      limit,
                            gboolean   with_bodies,
                            GError   **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) attempts = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT " ATTEMPT_COLUMNS "%s FROM replays"
                         " WHERE ?1 = 0 OR delivery_id = ?1 ORDER BY id DESC LIMIT ?2",
                         with_bodies ? ", request_body, response_body" : "");
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (error, db, _("Could not read the replays"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, delivery_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (attempts, attempt_from_row (stmt, with_bodies));
  if (rc != SQLITE_DONE)
    {
      set_error (error, db, _("Could not read the replays"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&attempts);
}

static HsReplayTarget *
target_from_row (sqlite3_stmt *stmt)
{
  HsReplayTarget *target = hs_replay_target_new ((const char *)sqlite3_column_text (stmt, 2));

  hs_replay_target_set_id (target, sqlite3_column_int64 (stmt, 0));
  hs_replay_target_set_name (target, (const char *)sqlite3_column_text (stmt, 1));
  hs_replay_target_set_api_key (target, (const char *)sqlite3_column_text (stmt, 3));
  hs_replay_target_set_append_path (target, sqlite3_column_int (stmt, 4) != 0);
  hs_replay_target_set_allow_self_signed (target, sqlite3_column_int (stmt, 5) != 0);
  hs_replay_target_set_last_used_at (target, sqlite3_column_int64 (stmt, 6));

  return target;
}

GPtrArray *
hs_replay_db_list_targets (sqlite3  *db,
                           GError  **error)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT " TARGET_COLUMNS " FROM replay_targets"
                          " ORDER BY last_used_at DESC, name", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (error, db, _("Could not read the replay targets"));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (targets, target_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (error, db, _("Could not read the replay targets"));
      return NULL;
    }
  for (guint i = 0; i < targets->len; i++)
    if (!hs_replay_keys_load (db, g_ptr_array_index (targets, i), error))
      return NULL;

  return g_steal_pointer (&targets);
}

/* Returns: (transfer full) (nullable): the target, or %NULL without error when none. */
HsReplayTarget *
hs_replay_db_find_target (sqlite3     *db,
                          const char  *name,
                          GError     **error)
{
  HsReplayTarget *target = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT " TARGET_COLUMNS " FROM replay_targets WHERE name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (error, db, _("Could not read the replay targets"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    target = target_from_row (stmt);
  else if (rc != SQLITE_DONE)
    set_error (error, db, _("Could not read the replay targets"));
  sqlite3_finalize (stmt);
  if (target != NULL && !hs_replay_keys_load (db, target, error))
    g_clear_object (&target);

  return target;
}

gboolean
hs_replay_db_save_target (sqlite3         *db,
                          HsReplayTarget  *target,
                          GError         **error)
{
  static const char sql[] =
    "INSERT INTO replay_targets (name, base_url, api_key, append_path, allow_self_signed,"
    " last_used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (name) DO UPDATE SET base_url = ?2, api_key = ?3, append_path = ?4,"
    " allow_self_signed = ?5, last_used_at = max(last_used_at, ?6)"
    " RETURNING id";
  sqlite3_stmt *stmt = NULL;
  const char *name;
  const char *key_column = NULL;
  int rc;

  g_return_val_if_fail (HS_IS_REPLAY_TARGET (target), FALSE);

  name = hs_replay_target_get_name (target);
  if (name == NULL || name[0] == '\0')
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("A saved target needs a name"));
      return FALSE;
    }

  if (!hs_replay_keys_store (db, target, &key_column, error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, db, _("Could not save the target"));
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, hs_replay_target_get_base_url (target));
  bind_text (stmt, 3, key_column);
  sqlite3_bind_int (stmt, 4, hs_replay_target_get_append_path (target));
  sqlite3_bind_int (stmt, 5, hs_replay_target_get_allow_self_signed (target));
  sqlite3_bind_int64 (stmt, 6, hs_replay_target_get_last_used_at (target));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    hs_replay_target_set_id (target, sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return set_error (error, db, _("Could not save the target"));

  return TRUE;
}

static gboolean
exec_id (sqlite3     *db,
         const char  *sql,
         gint64       id,
         gint64       value,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, db, _("Could not change the targets"));
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_error (error, db, _("Could not change the targets"));

  return TRUE;
}

gboolean
hs_replay_db_delete_target (sqlite3  *db,
                            gint64    target_id,
                            GError  **error)
{
  hs_replay_keys_forget (db, target_id);
  return exec_id (db, "DELETE FROM replay_targets WHERE id = ?1 AND ?2 = ?2", target_id, 0,
                  error);
}

/* The last used target is the one the dialog offers first. */
gboolean
hs_replay_db_touch_target (sqlite3  *db,
                           gint64    target_id,
                           gint64    used_at_us,
                           GError  **error)
{
  return exec_id (db, "UPDATE replay_targets SET last_used_at = ?2 WHERE id = ?1", target_id,
                  used_at_us, error);
}
