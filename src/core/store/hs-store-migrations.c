/* hs-store-migrations.c: the schema's history, one function per user_version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Migration N takes user_version from N-1 to N inside the transaction hs-store.c opened; rooms
 * that own tables (replay, search, forwarding, the domain lists) register their own function.
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include "hs-domain-store.h"
#include "hs-domain-store-pages.h"
#include "hs-forward-projection.h"
#include "hs-replay-store.h"
#include "hs-search-index.h"
#include "hs-store-private.h"

static gboolean migrate_1 (sqlite3 *db, GError **error);
static gboolean migrate_2 (sqlite3 *db, GError **error);
static gboolean migrate_3 (sqlite3 *db, GError **error);
static gboolean migrate_reserved (sqlite3 *db, GError **error);

static gboolean (* const migrations[]) (sqlite3 *, GError **) = {
  migrate_1,
  migrate_2,
  migrate_3,
  hs_replay_db_create_schema, /* 4: replays, replay_targets (src/core/replay) */
  hs_search_index_migrate,    /* 5: the search index (hs-search-index.c) */
  hs_forward_projection_migrate, /* 6: the forwarding queue (src/core/replay) */
  hs_domain_store_migrate_lists, /* 7: the lists' indexes (hs-domain-store-pages.c) */
  migrate_reserved,           /* 8: none (a number once reserved; nothing to do) */
  hs_search_index_reindex_migrate, /* 9: the index again, bodies decoded (issue 17) */
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HS_STORE_SCHEMA_VERSION);

/* A number that was reserved and never needed a change. */
static gboolean
migrate_reserved (sqlite3  *db,
                  GError  **error)
{
  return TRUE;
}

static gboolean
migrate_1 (sqlite3  *db,
           GError  **error)
{
  return hs_store_exec (db,
               "CREATE TABLE deliveries ("
               " id INTEGER PRIMARY KEY,"
               " received_at INTEGER NOT NULL,"
               " method TEXT NOT NULL,"
               " path TEXT NOT NULL,"
               " query TEXT,"
               " headers TEXT NOT NULL DEFAULT '[]',"
               " body BLOB,"
               " body_size INTEGER NOT NULL DEFAULT 0,"
               " content_type TEXT,"
               " peer TEXT,"
               " auth_verdict TEXT NOT NULL,"
               " parse_verdict TEXT NOT NULL,"
               " parse_message TEXT,"
               " event_name TEXT,"
               " flags INTEGER NOT NULL DEFAULT 0,"
               " body_sha256 TEXT,"
               " response_status INTEGER NOT NULL DEFAULT 0);"
               "CREATE INDEX deliveries_by_event ON deliveries (event_name);"
               "CREATE INDEX deliveries_by_event_body ON deliveries (event_name, body_sha256);",
               error);
}

static gboolean
migrate_2 (sqlite3  *db,
           GError  **error)
{
  return hs_domain_store_create_schema (db, error);
}

/* The spine (issue 9): the hot table keeps only what was received and the answer's verdicts
 * (auth, JSON syntax, truncation), without an index; what the domain projection understands
 * (verdict, event name, duplicate and out-of-order flags, the body's hash) moves to
 * delivery_meanings, with the indexes that served it. Every row stays; the projection's
 * cursor starts after them. The table is rebuilt once (a large file takes a while, once). */
static gboolean
migrate_3 (sqlite3  *db,
           GError  **error)
{
  return hs_store_exec (db,
               "CREATE TABLE projections (name TEXT PRIMARY KEY, cursor INTEGER NOT NULL)"
               " WITHOUT ROWID;"
               "CREATE TABLE delivery_meanings ("
               " delivery_id INTEGER PRIMARY KEY,"
               " parse_verdict TEXT NOT NULL,"
               " parse_message TEXT,"
               " event_name TEXT,"
               " flags INTEGER NOT NULL DEFAULT 0,"
               " body_sha256 TEXT);"
               "INSERT INTO delivery_meanings"
               " SELECT id, parse_verdict, parse_message, event_name, flags & ~1, body_sha256"
               " FROM deliveries;"
               "CREATE INDEX delivery_meanings_by_event_body"
               " ON delivery_meanings (event_name, body_sha256);"
               "INSERT INTO projections VALUES"
               " ('domain', (SELECT coalesce (max (id), 0) FROM deliveries));"
               /* The body moves to the end of the row: a reader of the other columns
                * (every list) then never reads its overflow pages. */
               "CREATE TABLE deliveries_3 ("
               " id INTEGER PRIMARY KEY,"
               " received_at INTEGER NOT NULL,"
               " method TEXT NOT NULL,"
               " path TEXT NOT NULL,"
               " query TEXT,"
               " headers TEXT NOT NULL DEFAULT '[]',"
               " body_size INTEGER NOT NULL DEFAULT 0,"
               " content_type TEXT,"
               " peer TEXT,"
               " auth_verdict TEXT NOT NULL,"
               " parse_verdict TEXT NOT NULL,"   /* the listener's: ok or not-json */
               " parse_message TEXT,"
               " event_name TEXT,"               /* the listener's reading of the body */
               " flags INTEGER NOT NULL DEFAULT 0," /* the capture's: truncated */
               " response_status INTEGER NOT NULL DEFAULT 0,"
               " body BLOB);"
               "INSERT INTO deliveries_3"
               " SELECT id, received_at, method, path, query, headers, body_size, content_type,"
               " peer, auth_verdict,"
               " CASE WHEN parse_verdict = 'not-json' THEN 'not-json' ELSE 'ok' END,"
               " CASE WHEN parse_verdict = 'not-json' THEN parse_message END,"
               " event_name, flags & 1, response_status, body"
               " FROM deliveries ORDER BY id;"
               "DROP TABLE deliveries;"
               "ALTER TABLE deliveries_3 RENAME TO deliveries;",
               error);
}

/* Takes the schema from @version to @version + 1 (the caller commits and sets user_version). */
gboolean
hs_store_migrate_one (sqlite3  *db,
                      gint64    version,
                      GError  **error)
{
  g_return_val_if_fail (version >= 0 && version < HS_STORE_SCHEMA_VERSION, FALSE);

  return migrations[version] (db, error);
}
