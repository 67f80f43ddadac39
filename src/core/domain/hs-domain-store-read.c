/* hs-domain-store-read.c: reading the Backoffice domain model back (CLI, UI, schedules)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every object is rebuilt from the raw JSON stored with it, so what the reader sees is exactly
 * what the webhook carried, unknown fields included. These run on a read connection and are
 * not on the capture path, so statements are prepared per call.
 */

#define G_LOG_DOMAIN "hs-domain-store"

#include "config.h"

#include <gio/gio.h>

#include "hs-domain-store.h"

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

static gboolean
step_failed (sqlite3     *db,
             int          rc,
             GError     **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

/* The newest delivery that changed a row of @table (its last_delivery_id): what a reader has
 * seen everything up to, once it has read the rows up to it. */
static gboolean
read_last_delivery_id (sqlite3     *db,
                       const char  *sql,
                       gint64      *last_delivery_id,
                       GError     **error)
{
  sqlite3_stmt *stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  *last_delivery_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

/* A row whose JSON no longer parses (a damaged file) is skipped with a warning, not fatal. */
static HsEvent *
event_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GError) error = NULL;
  HsEvent *event = hs_event_new_from_json (column_text (stmt, 0), &error);

  if (event == NULL)
    {
      g_warning ("Skipping a stored event that does not parse: %s", error->message);
      return NULL;
    }

  hs_event_set_origin (event, sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2));
  return event;
}

/* @sql's ?1 is @event_id when not NULL; ?2 and ?3 are @after and @upto otherwise. */
static GPtrArray *
list_events_sql (sqlite3     *db,
                 const char  *sql,
                 const char  *event_id,
                 gint64       after,
                 gint64       upto,
                 GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  if (event_id != NULL)
    sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_STATIC);
  else
    {
      sqlite3_bind_int64 (stmt, 2, after);
      sqlite3_bind_int64 (stmt, 3, upto);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HsEvent *event = event_from_row (stmt);

      if (event != NULL)
        g_ptr_array_add (events, event);
    }
  sqlite3_finalize (stmt);

  if (step_failed (db, rc, error))
    return NULL;

  return g_steal_pointer (&events);
}

/**
 * hs_domain_store_list_events:
 *
 * Returns: (transfer full) (element-type HsEvent): every event's latest state, most recently
 *   seen first
 */
GPtrArray *
hs_domain_store_list_events (sqlite3  *db,
                             GError  **error)
{
  g_return_val_if_fail (db != NULL, NULL);

  return list_events_sql (db,
                          "SELECT raw_json, delivery_id, received_at FROM events"
                          " ORDER BY last_seen_at DESC, id",
                          NULL, 0, 0, error);
}

/**
 * hs_domain_store_list_events_changed:
 * @after_delivery_id: what the caller has seen everything up to (0: nothing yet)
 * @last_delivery_id: (out): what it has seen everything up to once it has these
 *
 * For a view that stays current without reading everything again: the events that deliveries
 * newer than @after_delivery_id carried (new, updated or seen again), most recently seen first.
 * Every one of them was seen after every event not in the list, so they go first.
 *
 * Returns: (transfer full) (element-type HsEvent): the events changed since
 */
GPtrArray *
hs_domain_store_list_events_changed (sqlite3  *db,
                                     gint64    after_delivery_id,
                                     gint64   *last_delivery_id,
                                     GError  **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (last_delivery_id != NULL, NULL);

  /* The bound first: a row changed meanwhile comes with the next call, never half. */
  if (!read_last_delivery_id (db, "SELECT coalesce (max (last_delivery_id), 0) FROM events",
                              last_delivery_id, error))
    return NULL;

  return list_events_sql (db,
                          "SELECT raw_json, delivery_id, received_at FROM events"
                          " WHERE last_delivery_id > ?2 AND last_delivery_id <= ?3"
                          " ORDER BY last_seen_at DESC, id",
                          NULL, after_delivery_id, *last_delivery_id, error);
}

/**
 * hs_domain_store_get_event:
 *
 * Returns: (transfer full): the latest state of @event_id, or %NULL with G_IO_ERROR_NOT_FOUND
 */
HsEvent *
hs_domain_store_get_event (sqlite3     *db,
                           const char  *event_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  events = list_events_sql (db, "SELECT raw_json, delivery_id, received_at FROM events"
                                " WHERE id = ?1", event_id, 0, 0, error);
  if (events == NULL)
    return NULL;
  if (events->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No event with id %s", event_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (events, 0));
}

/**
 * hs_domain_store_dup_event_json:
 *
 * Returns: (transfer full): the latest `data.event` object of @event_id as JSON text, or %NULL
 *   with G_IO_ERROR_NOT_FOUND
 */
char *
hs_domain_store_dup_event_json (sqlite3     *db,
                                const char  *event_id,
                                GError     **error)
{
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  stmt = prepare (db, "SELECT raw_json FROM events WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No event with id %s", event_id);
  else if (rc != SQLITE_ROW)
    step_failed (db, rc, error);

  return json;
}

/**
 * hs_domain_store_list_event_versions:
 *
 * One entry per delivery that carried @event_id (including out-of-order ones), oldest first;
 * hs_event_get_delivery_id() tells which delivery. Diff two of them to see what changed.
 *
 * Returns: (transfer full) (element-type HsEvent): the versions; empty for an unknown id
 */
GPtrArray *
hs_domain_store_list_event_versions (sqlite3     *db,
                                     const char  *event_id,
                                     GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return list_events_sql (db,
                          "SELECT coalesce (v.raw_json, s.raw_json), v.delivery_id, v.received_at"
                          " FROM event_versions AS v"
                          " LEFT JOIN event_versions AS s ON s.id = v.same_as"
                          " WHERE v.event_id = ?1 ORDER BY v.id",
                          event_id, 0, 0, error);
}

static GPtrArray *
list_invitations_sql (sqlite3     *db,
                      const char  *sql,
                      const char  *event_id,
                      gint64       after,
                      gint64       upto,
                      GError     **error)
{
  g_autoptr(GPtrArray) invitations = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  if (event_id != NULL)
    sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, after);
  sqlite3_bind_int64 (stmt, 3, upto);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HsInvitation) invitation = hs_invitation_new_from_json (column_text (stmt, 0),
                                                                        &local_error);

      if (invitation == NULL)
        {
          g_warning ("Skipping a stored invitation that does not parse: %s",
                     local_error->message);
          continue;
        }
      hs_invitation_set_origin (invitation, sqlite3_column_int64 (stmt, 1),
                                sqlite3_column_int64 (stmt, 2), column_text (stmt, 3));
      g_ptr_array_add (invitations, g_steal_pointer (&invitation));
    }
  sqlite3_finalize (stmt);

  if (step_failed (db, rc, error))
    return NULL;

  return g_steal_pointer (&invitations);
}

/**
 * hs_domain_store_list_invitations:
 * @event_id: (nullable): only this event's invitations
 *
 * Returns: (transfer full) (element-type HsInvitation): newest first
 */
GPtrArray *
hs_domain_store_list_invitations (sqlite3     *db,
                                  const char  *event_id,
                                  GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);

  return list_invitations_sql (db,
                               "SELECT i.raw_json, i.delivery_id, i.received_at, e.name,"
                               " i.event_id"
                               " FROM invitations AS i LEFT JOIN events AS e ON e.id = i.event_id"
                               " WHERE ?1 IS NULL OR i.event_id = ?1"
                               " ORDER BY i.received_at DESC, i.id",
                               event_id, 0, 0, error);
}

/**
 * hs_domain_store_list_invitations_changed:
 * @after_delivery_id: what the caller has seen everything up to (0: nothing yet)
 * @last_delivery_id: (out): what it has seen everything up to once it has these
 *
 * The invitations that deliveries newer than @after_delivery_id carried (new ones, and ones
 * seen again, whose details may have changed), newest first. An invitation keeps its place
 * (when it was first seen): one seen before replaces its old state where it was.
 *
 * Returns: (transfer full) (element-type HsInvitation): the invitations changed since
 */
GPtrArray *
hs_domain_store_list_invitations_changed (sqlite3  *db,
                                          gint64    after_delivery_id,
                                          gint64   *last_delivery_id,
                                          GError  **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (last_delivery_id != NULL, NULL);

  if (!read_last_delivery_id (db,
                              "SELECT coalesce (max (last_delivery_id), 0) FROM invitations",
                              last_delivery_id, error))
    return NULL;

  return list_invitations_sql (db,
                               "SELECT i.raw_json, i.delivery_id, i.received_at, e.name,"
                               " i.event_id"
                               " FROM invitations AS i LEFT JOIN events AS e ON e.id = i.event_id"
                               " WHERE i.last_delivery_id > ?2 AND i.last_delivery_id <= ?3"
                               " ORDER BY i.received_at DESC, i.id",
                               NULL, after_delivery_id, *last_delivery_id, error);
}

/**
 * hs_domain_store_list_participants:
 * @event_id: (nullable): only this event's participants
 *
 * Returns: (transfer full) (element-type HsParticipant): most recently changed first
 */
GPtrArray *
hs_domain_store_list_participants (sqlite3     *db,
                                   const char  *event_id,
                                   GError     **error)
{
  g_autoptr(GPtrArray) participants = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = prepare (db,
                  "SELECT p.raw_json, p.state, p.created_delivery_id, p.created_at,"
                  " p.removed_delivery_id, p.removed_at, e.name"
                  " FROM participants AS p LEFT JOIN events AS e ON e.id = p.event_id"
                  " WHERE ?1 IS NULL OR p.event_id = ?1"
                  " ORDER BY max(coalesce(p.created_at, 0), coalesce(p.removed_at, 0)) DESC, p.id",
                  error);
  if (stmt == NULL)
    return NULL;

  if (event_id != NULL)
    sqlite3_bind_text (stmt, 1, event_id, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HsParticipant) participant =
        hs_participant_new_from_json (column_text (stmt, 0), &local_error);
      HsParticipantState state;

      if (participant == NULL)
        {
          g_warning ("Skipping a stored participant that does not parse: %s",
                     local_error->message);
          continue;
        }
      state = g_strcmp0 (column_text (stmt, 1), "removed") == 0 ? HS_PARTICIPANT_REMOVED
                                                                : HS_PARTICIPANT_CREATED;
      hs_participant_set_history (participant, state,
                                  sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
                                  sqlite3_column_int64 (stmt, 4), sqlite3_column_int64 (stmt, 5),
                                  column_text (stmt, 6));
      g_ptr_array_add (participants, g_steal_pointer (&participant));
    }
  sqlite3_finalize (stmt);

  if (step_failed (db, rc, error))
    return NULL;

  return g_steal_pointer (&participants);
}
