/* hs-domain-store.c: the Backoffice domain model (events, invitations, participants) in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The write side: schema and hs_domain_store_apply(), which the domain projection
 * (hs-domain-projection.c) runs on the projector's thread for every delivery. It parses the body
 * once, asks the projection's delivery_meanings whether the same bytes came before, and updates
 * the model with cached prepared statements. Domain rows refer to deliveries
 * by id without foreign keys, so pruning old deliveries never loses domain state.
 * The read side is in hs-domain-store-read.c.
 */

#define G_LOG_DOMAIN "hs-domain-store"

#include "config.h"

#include <gio/gio.h>

#include "hs-domain-store.h"
#include "hs-payload.h"

static const char schema_sql[] =
  "CREATE TABLE events ("
  " id TEXT PRIMARY KEY,"
  " name TEXT,"
  " updated_at TEXT,"
  " updated_at_us INTEGER,"
  " inserted_at TEXT,"
  " timezone TEXT,"
  " raw_json TEXT NOT NULL,"
  " delivery_id INTEGER NOT NULL,"        /* the delivery whose version is the latest state */
  " received_at INTEGER NOT NULL,"
  " first_seen_at INTEGER NOT NULL,"
  " last_seen_at INTEGER NOT NULL,"
  " last_delivery_id INTEGER NOT NULL,"   /* the latest delivery that carried it at all */
  " version_id INTEGER NOT NULL,"         /* the event_versions row holding this text */
  " n_versions INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE event_versions ("
  " id INTEGER PRIMARY KEY,"
  " event_id TEXT NOT NULL,"
  " delivery_id INTEGER NOT NULL,"
  " received_at INTEGER NOT NULL,"
  " updated_at TEXT,"
  " applied INTEGER NOT NULL,"            /* 0: older than the state it arrived after */
  /* Most deliveries repeat the current state byte for byte (every invitation carries its
   * event): those rows keep no copy, only the id of the version that has the same text. */
  " raw_json TEXT,"
  " same_as INTEGER);"
  "CREATE INDEX event_versions_by_event ON event_versions (event_id, id);"
  "CREATE INDEX event_versions_by_delivery ON event_versions (delivery_id);"
  "CREATE TABLE invitations ("
  " id TEXT PRIMARY KEY,"
  " event_id TEXT,"
  " email TEXT,"
  " inserted_at TEXT,"
  " raw_json TEXT NOT NULL,"
  " delivery_id INTEGER NOT NULL,"
  " received_at INTEGER NOT NULL,"
  " last_delivery_id INTEGER NOT NULL);"
  "CREATE INDEX invitations_by_event ON invitations (event_id);"
  "CREATE TABLE participants ("
  " id TEXT PRIMARY KEY,"
  " event_id TEXT,"
  " email TEXT,"
  " name TEXT,"
  " state TEXT NOT NULL,"                 /* created | removed */
  " raw_json TEXT NOT NULL,"
  " created_delivery_id INTEGER,"
  " created_at INTEGER,"
  " created_stamp_us INTEGER,"            /* the payload's own time of the change, if any */
  " removed_delivery_id INTEGER,"
  " removed_at INTEGER,"
  " removed_stamp_us INTEGER);"
  "CREATE INDEX participants_by_event ON participants (event_id);";

typedef enum
{
  STMT_IS_DUPLICATE,
  STMT_EVENT_LOOKUP,
  STMT_EVENT_INSERT,
  STMT_EVENT_UPDATE,
  STMT_EVENT_SEEN,
  STMT_VERSION_INSERT,
  STMT_INVITATION_UPSERT,
  STMT_PARTICIPANT_LOOKUP,
  STMT_PARTICIPANT_INSERT,
  STMT_PARTICIPANT_CREATED,
  STMT_PARTICIPANT_REMOVED,
  STMT_PARTICIPANT_LATE_CREATED,
  STMT_PARTICIPANT_REFRESH,
  N_STMTS
} Stmt;

static const char * const stmt_sql[N_STMTS] = {
  /* Same event name, same body hash (computed by HsStore), earlier id. Runs before the
   * delivery's own row is inserted. */
  [STMT_IS_DUPLICATE] =
    "SELECT 1 FROM delivery_meanings"
    " WHERE event_name IS ?2 AND body_sha256 = ?3 AND delivery_id < ?1 LIMIT 1",
  [STMT_EVENT_LOOKUP] = "SELECT updated_at_us, raw_json, version_id FROM events WHERE id = ?1",
  [STMT_EVENT_INSERT] =
    "INSERT INTO events (id, name, updated_at, updated_at_us, inserted_at, timezone, raw_json,"
    " delivery_id, received_at, first_seen_at, last_seen_at, last_delivery_id, version_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9, ?8, ?10)",
  [STMT_EVENT_UPDATE] =
    "UPDATE events SET name = ?2, updated_at = ?3, updated_at_us = ?4, inserted_at = ?5,"
    " timezone = ?6, raw_json = ?7, delivery_id = ?8, received_at = ?9, last_seen_at = ?9,"
    " last_delivery_id = ?8, version_id = ?10, n_versions = n_versions + 1 WHERE id = ?1",
  [STMT_EVENT_SEEN] =
    "UPDATE events SET last_seen_at = ?2, last_delivery_id = ?3, n_versions = n_versions + 1"
    " WHERE id = ?1",
  [STMT_VERSION_INSERT] =
    "INSERT INTO event_versions (event_id, delivery_id, received_at, updated_at, applied, raw_json,"
    " same_as) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_INVITATION_UPSERT] =
    "INSERT INTO invitations (id, event_id, email, inserted_at, raw_json, delivery_id,"
    " received_at, last_delivery_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)"
    " ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id, email = excluded.email,"
    " inserted_at = excluded.inserted_at, raw_json = excluded.raw_json,"
    " last_delivery_id = excluded.last_delivery_id",
  [STMT_PARTICIPANT_LOOKUP] =
    "SELECT state, created_delivery_id, created_stamp_us, removed_stamp_us"
    " FROM participants WHERE id = ?1",
  [STMT_PARTICIPANT_INSERT] =
    "INSERT INTO participants (id, event_id, email, name, state, raw_json,"
    " created_delivery_id, created_at, created_stamp_us,"
    " removed_delivery_id, removed_at, removed_stamp_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  /* A (re)creation: the participant is in again. */
  [STMT_PARTICIPANT_CREATED] =
    "UPDATE participants SET event_id = ?2, email = ?3, name = ?4, state = 'created',"
    " raw_json = ?5, created_delivery_id = ?6, created_at = ?7, created_stamp_us = ?8"
    " WHERE id = ?1",
  [STMT_PARTICIPANT_REMOVED] =
    "UPDATE participants SET event_id = ?2, email = ?3, name = ?4, state = 'removed',"
    " raw_json = ?5, removed_delivery_id = ?6, removed_at = ?7, removed_stamp_us = ?8"
    " WHERE id = ?1",
  /* A created that arrived after the removal: recorded, but the participant stays removed. */
  [STMT_PARTICIPANT_LATE_CREATED] =
    "UPDATE participants SET created_delivery_id = ?2, created_at = ?3, created_stamp_us = ?4"
    " WHERE id = ?1 AND created_delivery_id IS NULL",
  /* Another created for a participant who is in: newer details, same history. */
  [STMT_PARTICIPANT_REFRESH] =
    "UPDATE participants SET event_id = ?2, email = ?3, name = ?4, raw_json = ?5 WHERE id = ?1",
};

struct _HsDomainStore
{
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  GTimeZone    *utc;
  /* Reused: making a JsonParser costs a third of a parse. */
  JsonParser   *parser;
};

gboolean
hs_domain_store_create_schema (sqlite3  *db,
                               GError  **error)
{
  char *message = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (sqlite3_exec (db, schema_sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not create the domain tables: %s", message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

HsDomainStore *
hs_domain_store_new (sqlite3 *db)
{
  HsDomainStore *self;

  g_return_val_if_fail (db != NULL, NULL);

  self = g_new0 (HsDomainStore, 1);
  self->db = db;
  self->utc = g_time_zone_new_utc ();
  self->parser = json_parser_new_immutable ();
  return self;
}

void
hs_domain_store_free (HsDomainStore *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (self->stmts[i]);
  g_time_zone_unref (self->utc);
  g_object_unref (self->parser);
  g_free (self);
}

static sqlite3_stmt *
get_stmt (HsDomainStore  *self,
          Stmt            stmt,
          GError        **error)
{
  g_assert (stmt < N_STMTS);

  if (self->stmts[stmt] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[stmt], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[stmt], NULL);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s (%s)",
                       sqlite3_errmsg (self->db), stmt_sql[stmt]);
          return NULL;
        }
    }

  return self->stmts[stmt];
}

/* Steps a statement to its end (or first row) and resets it; rc is SQLITE_ROW / SQLITE_DONE. */
static gboolean
finish_stmt (HsDomainStore  *self,
             sqlite3_stmt   *stmt,
             int             rc,
             GError        **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_stmt (HsDomainStore  *self,
          sqlite3_stmt   *stmt,
          GError        **error)
{
  return finish_stmt (self, stmt, sqlite3_step (stmt), error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_optional_int64 (sqlite3_stmt *stmt,
                     int           index,
                     gint64        value,
                     gboolean      known)
{
  if (known)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/* A payload time (ISO 8601) in µs since the epoch; FALSE when absent or not understood. A time
 * without an offset is taken as UTC, which is what the Backoffice sends. */
static gboolean
parse_stamp (HsDomainStore *self,
             const char    *text,
             gint64        *stamp_us)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, self->utc);
  if (dt == NULL)
    return FALSE;

  *stamp_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

static gboolean
is_duplicate (HsDomainStore  *self,
              HsDelivery     *delivery,
              const char     *event_name,
              const char     *body_sha256,
              gboolean       *duplicate,
              GError        **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_IS_DUPLICATE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, hs_delivery_get_id (delivery));
  bind_text (stmt, 2, event_name);
  bind_text (stmt, 3, body_sha256);
  rc = sqlite3_step (stmt);
  *duplicate = (rc == SQLITE_ROW);
  return finish_stmt (self, stmt, rc, error);
}

static void
bind_event_fields (sqlite3_stmt *stmt,
                   HsEvent      *event,
                   gboolean      has_stamp,
                   gint64        stamp_us,
                   gint64        delivery_id,
                   gint64        received_at)
{
  bind_text (stmt, 1, hs_event_get_id (event));
  bind_text (stmt, 2, hs_event_get_name (event));
  bind_text (stmt, 3, hs_event_get_updated_at (event));
  bind_optional_int64 (stmt, 4, stamp_us, has_stamp);
  bind_text (stmt, 5, hs_event_get_inserted_at (event));
  bind_text (stmt, 6, hs_event_get_timezone (event));
  bind_text (stmt, 7, hs_event_get_raw_json (event));
  sqlite3_bind_int64 (stmt, 8, delivery_id);
  sqlite3_bind_int64 (stmt, 9, received_at);
}

/* Latest state per event id, plus one version row per delivery. An older updated_at does not
 * overwrite (out-of-order); an equal one does, so the later delivery wins. A byte-identical
 * repeat of the current state rewrites nothing but the "seen" columns. */
static gboolean
apply_event (HsDomainStore  *self,
             HsDelivery     *delivery,
             HsEvent        *event,
             GError        **error)
{
  gint64 delivery_id = hs_delivery_get_id (delivery);
  gint64 received_at = hs_delivery_get_received_at (delivery);
  const char *raw_json = hs_event_get_raw_json (event);
  gint64 stamp_us = 0;
  gboolean has_stamp = parse_stamp (self, hs_event_get_updated_at (event), &stamp_us);
  gboolean exists, applied = TRUE, identical = FALSE;
  gint64 same_as = 0, version_id;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_stmt (self, STMT_EVENT_LOOKUP, error)))
    return FALSE;
  bind_text (stmt, 1, hs_event_get_id (event));
  rc = sqlite3_step (stmt);
  exists = (rc == SQLITE_ROW);
  if (exists)
    {
      gboolean stored_has_stamp = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
      gint64 stored_stamp = sqlite3_column_int64 (stmt, 0);

      identical = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), raw_json) == 0;
      same_as = sqlite3_column_int64 (stmt, 2);
      if (!identical && has_stamp && stored_has_stamp && stamp_us < stored_stamp)
        applied = FALSE;
    }
  if (!finish_stmt (self, stmt, rc, error))
    return FALSE;

  if (!(stmt = get_stmt (self, STMT_VERSION_INSERT, error)))
    return FALSE;
  bind_text (stmt, 1, hs_event_get_id (event));
  sqlite3_bind_int64 (stmt, 2, delivery_id);
  sqlite3_bind_int64 (stmt, 3, received_at);
  bind_text (stmt, 4, hs_event_get_updated_at (event));
  sqlite3_bind_int (stmt, 5, applied ? 1 : 0);
  bind_text (stmt, 6, identical ? NULL : raw_json);
  bind_optional_int64 (stmt, 7, same_as, identical);
  if (!run_stmt (self, stmt, error))
    return FALSE;
  version_id = sqlite3_last_insert_rowid (self->db);

  if (!exists || (applied && !identical))
    {
      if (!(stmt = get_stmt (self, exists ? STMT_EVENT_UPDATE : STMT_EVENT_INSERT, error)))
        return FALSE;
      bind_event_fields (stmt, event, has_stamp, stamp_us, delivery_id, received_at);
      sqlite3_bind_int64 (stmt, 10, version_id);
    }
  else
    {
      if (!applied)
        hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_OUT_OF_ORDER);
      if (!(stmt = get_stmt (self, STMT_EVENT_SEEN, error)))
        return FALSE;
      bind_text (stmt, 1, hs_event_get_id (event));
      sqlite3_bind_int64 (stmt, 2, received_at);
      sqlite3_bind_int64 (stmt, 3, delivery_id);
    }

  return run_stmt (self, stmt, error);
}

static gboolean
apply_invitation (HsDomainStore  *self,
                  HsDelivery     *delivery,
                  HsInvitation   *invitation,
                  GError        **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_INVITATION_UPSERT, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, hs_invitation_get_id (invitation));
  bind_text (stmt, 2, hs_invitation_get_event_id (invitation));
  bind_text (stmt, 3, hs_invitation_get_email (invitation));
  bind_text (stmt, 4, hs_invitation_get_inserted_at (invitation));
  bind_text (stmt, 5, hs_invitation_get_raw_json (invitation));
  sqlite3_bind_int64 (stmt, 6, hs_delivery_get_id (delivery));
  sqlite3_bind_int64 (stmt, 7, hs_delivery_get_received_at (delivery));
  return run_stmt (self, stmt, error);
}

static void
bind_participant_details (sqlite3_stmt  *stmt,
                          HsParticipant *participant)
{
  bind_text (stmt, 1, hs_participant_get_id (participant));
  bind_text (stmt, 2, hs_participant_get_event_id (participant));
  bind_text (stmt, 3, hs_participant_get_email (participant));
  bind_text (stmt, 4, hs_participant_get_name (participant));
}

/* The participant's own time of this change: for a removal deleted_at, else updated_at, else
 * inserted_at. Used only to tell a re-creation from a late one. */
static gboolean
participant_stamp (HsDomainStore *self,
                   HsParticipant *participant,
                   gboolean       removed,
                   gint64        *stamp_us)
{
  return (removed && parse_stamp (self, hs_participant_get_deleted_at (participant), stamp_us)) ||
         parse_stamp (self, hs_participant_get_updated_at (participant), stamp_us) ||
         parse_stamp (self, hs_participant_get_inserted_at (participant), stamp_us);
}

/*
 * created on nothing            → created
 * created on created            → details refreshed
 * created on removed (no created seen before) → late: recorded, stays removed, out-of-order
 * created on removed after a created → in again only if its own time is later than the removal's
 * removed on nothing            → removed (a created may still come: it will be late)
 * removed on created            → removed, unless its own time is before the creation's
 * removed on removed            → nothing changes
 */
static gboolean
apply_participant (HsDomainStore  *self,
                   HsDelivery     *delivery,
                   HsParticipant  *participant,
                   gboolean        removed,
                   GError        **error)
{
  gint64 delivery_id = hs_delivery_get_id (delivery);
  gint64 received_at = hs_delivery_get_received_at (delivery);
  gint64 stamp_us = 0;
  gboolean has_stamp = participant_stamp (self, participant, removed, &stamp_us);
  gboolean exists, was_removed = FALSE, created_seen = FALSE;
  gboolean has_created_stamp = FALSE, has_removed_stamp = FALSE;
  gint64 created_stamp = 0, removed_stamp = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_stmt (self, STMT_PARTICIPANT_LOOKUP, error)))
    return FALSE;
  bind_text (stmt, 1, hs_participant_get_id (participant));
  rc = sqlite3_step (stmt);
  exists = (rc == SQLITE_ROW);
  if (exists)
    {
      was_removed = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "removed") == 0;
      created_seen = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
      has_created_stamp = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      created_stamp = sqlite3_column_int64 (stmt, 2);
      has_removed_stamp = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      removed_stamp = sqlite3_column_int64 (stmt, 3);
    }
  if (!finish_stmt (self, stmt, rc, error))
    return FALSE;

  if (!exists)
    {
      if (!(stmt = get_stmt (self, STMT_PARTICIPANT_INSERT, error)))
        return FALSE;
      bind_participant_details (stmt, participant);
      bind_text (stmt, 5, removed ? "removed" : "created");
      bind_text (stmt, 6, hs_participant_get_raw_json (participant));
      bind_optional_int64 (stmt, removed ? 10 : 7, delivery_id, TRUE);
      bind_optional_int64 (stmt, removed ? 11 : 8, received_at, TRUE);
      bind_optional_int64 (stmt, removed ? 12 : 9, stamp_us, has_stamp);
      return run_stmt (self, stmt, error);
    }

  if (!removed && !was_removed)
    {
      if (!(stmt = get_stmt (self, STMT_PARTICIPANT_REFRESH, error)))
        return FALSE;
      bind_participant_details (stmt, participant);
      bind_text (stmt, 5, hs_participant_get_raw_json (participant));
      return run_stmt (self, stmt, error);
    }

  if (removed && was_removed)
    return TRUE;

  if (!removed)
    {
      /* A created after a removal. */
      if (!created_seen ||
          !(has_stamp && has_removed_stamp && stamp_us > removed_stamp))
        {
          hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_OUT_OF_ORDER);
          if (created_seen)
            return TRUE;
          if (!(stmt = get_stmt (self, STMT_PARTICIPANT_LATE_CREATED, error)))
            return FALSE;
          bind_text (stmt, 1, hs_participant_get_id (participant));
          sqlite3_bind_int64 (stmt, 2, delivery_id);
          sqlite3_bind_int64 (stmt, 3, received_at);
          bind_optional_int64 (stmt, 4, stamp_us, has_stamp);
          return run_stmt (self, stmt, error);
        }
      stmt = get_stmt (self, STMT_PARTICIPANT_CREATED, error);
    }
  else
    {
      /* A removal of a participant who is in: refused only when it is provably older. */
      if (has_stamp && has_created_stamp && stamp_us < created_stamp)
        {
          hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_OUT_OF_ORDER);
          return TRUE;
        }
      stmt = get_stmt (self, STMT_PARTICIPANT_REMOVED, error);
    }

  if (stmt == NULL)
    return FALSE;
  bind_participant_details (stmt, participant);
  bind_text (stmt, 5, hs_participant_get_raw_json (participant));
  sqlite3_bind_int64 (stmt, 6, delivery_id);
  sqlite3_bind_int64 (stmt, 7, received_at);
  bind_optional_int64 (stmt, 8, stamp_us, has_stamp);
  return run_stmt (self, stmt, error);
}

static HsPayload *
parse_body (JsonParser *parser,
            HsDelivery *delivery)
{
  GBytes *body = hs_delivery_get_body (delivery);
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  return hs_payload_new_with_parser (parser, data, size);
}

gboolean
hs_domain_store_apply (HsDomainStore  *self,
                       HsDelivery     *delivery,
                       const char     *body_sha256,
                       HsPayload      *body_payload,
                       GError        **error)
{
  g_autoptr(HsPayload) payload = NULL;
  HsAuthVerdict auth;
  gboolean duplicate = FALSE;
  HsEvent *event;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  payload = body_payload != NULL ? g_object_ref (body_payload)
                                 : parse_body (self->parser, delivery);
  hs_delivery_set_parse_verdict (delivery, hs_payload_get_verdict (payload),
                                 hs_payload_get_message (payload));
  if (hs_payload_get_verdict (payload) == HS_PARSE_NOT_JSON)
    return TRUE;

  if (hs_payload_get_event_name (payload) != NULL)
    hs_delivery_set_event_name (delivery, hs_payload_get_event_name (payload));

  if (!is_duplicate (self, delivery, hs_delivery_get_event_name (delivery), body_sha256,
                     &duplicate, error))
    return FALSE;
  if (duplicate)
    hs_delivery_add_flags (delivery, HS_DELIVERY_FLAG_DUPLICATE);

  auth = hs_delivery_get_auth_verdict (delivery);
  if (auth != HS_AUTH_OK && auth != HS_AUTH_NOT_REQUIRED)
    return TRUE;

  event = hs_payload_get_event (payload);
  if (event != NULL && !apply_event (self, delivery, event, error))
    return FALSE;

  if (hs_payload_get_invitation (payload) != NULL &&
      !apply_invitation (self, delivery, hs_payload_get_invitation (payload), error))
    return FALSE;

  if (hs_payload_get_participant (payload) != NULL &&
      !apply_participant (self, delivery, hs_payload_get_participant (payload),
                          hs_payload_get_kind (payload) == HS_PAYLOAD_KIND_PARTICIPANT_REMOVED,
                          error))
    return FALSE;

  return TRUE;
}
