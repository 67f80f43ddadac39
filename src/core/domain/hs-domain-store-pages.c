/* hs-domain-store-pages.c: the reads behind the lazy Events and Invitations lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list holds only row keys (the tables' rowids, 8 bytes a row) in its order, and reads
 * the rows it shows a page at a time. Both orders and the search run on covering indexes
 * (migration 7, hs_domain_store_migrate_lists()): loading 100,000 events reads the index, not
 * the rows and their JSON. A search is a LIKE over the indexed text with the words as a bound
 * parameter; `%`, `_` and `\` in what the user typed match themselves.
 */

#define G_LOG_DOMAIN "hs-domain-store"

#include "config.h"

#include <gio/gio.h>

#include "hs-domain-store.h"
#include "hs-domain-store-pages.h"

/* Events: most recently seen last (the list shows them newest first). Invitations: by the
 * delivery that first carried them (an invitation seen again keeps its place). Each ORDER BY
 * is its index's order, so SQLite walks the index and sorts nothing. */
#define EVENTS_MATCH "(?1 IS NULL OR name LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\')"
#define INVITATIONS_MATCH \
  "(?1 IS NULL OR email LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\'" \
  " OR event_id LIKE ?1 ESCAPE '\\'" \
  " OR event_id IN (SELECT id FROM events WHERE name LIKE ?1 ESCAPE '\\'))"

static const char * const keys_sql[] = {
  [HS_DOMAIN_PAGES_EVENTS] =
    "SELECT rowid FROM events WHERE " EVENTS_MATCH " ORDER BY last_delivery_id, name, id",
  [HS_DOMAIN_PAGES_INVITATIONS] =
    "SELECT rowid FROM invitations WHERE " INVITATIONS_MATCH
    " ORDER BY delivery_id, email, event_id, id",
};

static const char * const through_sql[] = {
  [HS_DOMAIN_PAGES_EVENTS] = "SELECT coalesce (max (last_delivery_id), 0) FROM events",
  [HS_DOMAIN_PAGES_INVITATIONS] =
    "SELECT coalesce (max (last_delivery_id), 0) FROM invitations",
};

/* ?2 < last_delivery_id <= ?3: what changed; whether it is new; whether it matches. */
static const char * const changed_sql[] = {
  [HS_DOMAIN_PAGES_EVENTS] =
    "SELECT rowid, 1, " EVENTS_MATCH ", id FROM events"
    " WHERE last_delivery_id > ?2 AND last_delivery_id <= ?3"
    " ORDER BY last_delivery_id, name, id",
  [HS_DOMAIN_PAGES_INVITATIONS] =
    "SELECT rowid, delivery_id > ?2, " INVITATIONS_MATCH ", id FROM invitations"
    " WHERE last_delivery_id > ?2 AND last_delivery_id <= ?3"
    " ORDER BY delivery_id, email, event_id, id",
};

static const char * const row_sql[] = {
  [HS_DOMAIN_PAGES_EVENTS] =
    "SELECT e.raw_json, e.delivery_id, e.received_at,"
    " (SELECT count (*) FROM invitations WHERE event_id = e.id),"
    " (SELECT count (*) FROM participants WHERE event_id = e.id AND state = 'created')"
    " FROM events AS e WHERE e.rowid = ?1",
  [HS_DOMAIN_PAGES_INVITATIONS] =
    "SELECT i.raw_json, i.delivery_id, i.received_at, e.name, i.event_id"
    " FROM invitations AS i LEFT JOIN events AS e ON e.id = i.event_id WHERE i.rowid = ?1",
};

static GQuark
counts_quark (void)
{
  return g_quark_from_static_string ("hs-domain-pages-counts");
}

static gboolean
set_error (sqlite3  *db,
           GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  return FALSE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/**
 * hs_domain_store_migrate_lists:
 *
 * Migration 7: the indexes the lists read in order and search (each carries the text a
 * search looks at, so neither reads the rows). The projector pays for them, never the
 * listener.
 */
gboolean
hs_domain_store_migrate_lists (sqlite3  *db,
                               GError  **error)
{
  static const char sql[] =
    "CREATE INDEX events_by_last_delivery ON events (last_delivery_id, name, id);"
    "CREATE INDEX invitations_by_delivery ON invitations (delivery_id, email, event_id, id);"
    "CREATE INDEX invitations_by_last_delivery ON invitations (last_delivery_id);";
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/**
 * hs_domain_store_search_pattern:
 * @search: (nullable): what the user typed
 *
 * Returns: (transfer full) (nullable): the LIKE pattern that finds @search anywhere, with
 *   the wildcards it contains escaped, or %NULL when it is empty (everything matches)
 */
char *
hs_domain_store_search_pattern (const char *search)
{
  g_autofree char *stripped = g_strstrip (g_strdup (search ? search : ""));
  GString *pattern;

  if (stripped[0] == '\0')
    return NULL;

  pattern = g_string_new ("%");
  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static gboolean
read_through (sqlite3                *db,
              HsDomainPagesKind       kind,
              gint64                 *through,
              GError                **error)
{
  sqlite3_stmt *stmt = prepare (db, through_sql[kind], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *through = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);

  return rc == SQLITE_ROW || set_error (db, error);
}

/**
 * hs_domain_store_list_keys:
 * @search: (nullable): what the user typed (hs_domain_store_search_pattern())
 * @through: (out): the newest delivery that changed the table, as of this read
 *
 * The keys of every row that matches @search, in list order: oldest first, so that what
 * comes later is an append (a view shows the last first). In one read transaction with
 * @through, so that hs_domain_store_list_changed_keys() from @through misses nothing.
 *
 * Returns: (transfer full) (element-type gint64): the keys, or %NULL with @error set
 */
GArray *
hs_domain_store_list_keys (sqlite3            *db,
                           HsDomainPagesKind   kind,
                           const char         *search,
                           gint64             *through,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *pattern = hs_domain_store_search_pattern (search);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  guint n = 0;
  int rc = SQLITE_OK;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (through != NULL, NULL);

  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_error (db, error);
      return NULL;
    }

  if (read_through (db, kind, through, error) &&
      (stmt = prepare (db, keys_sql[kind], error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 key = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (keys, key);
          if (++n % 16384 == 0 && g_cancellable_is_cancelled (cancellable))
            break;
        }
      ok = rc == SQLITE_DONE || rc == SQLITE_ROW || set_error (db, error);
      sqlite3_finalize (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  return ok ? g_steal_pointer (&keys) : NULL;
}

static void
clear_changed_key (gpointer data)
{
  g_free (((HsDomainChangedKey *)data)->id);
}

/**
 * hs_domain_store_list_changed_keys:
 * @after: what the caller has seen everything up to (a @through it was given)
 * @through: (out): what it has seen everything up to once it has these
 *
 * The rows that deliveries newer than @after changed, in list order, each with whether it
 * is new to a list current up to @after (an invitation seen before keeps its place; an event
 * seen again moves to the top, so every event is "new") and whether it matches @search.
 *
 * Returns: (transfer full) (element-type HsDomainChangedKey): the changes, or %NULL
 */
GArray *
hs_domain_store_list_changed_keys (sqlite3            *db,
                                   HsDomainPagesKind   kind,
                                   const char         *search,
                                   gint64              after,
                                   gint64             *through,
                                   GError            **error)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (HsDomainChangedKey));
  g_autofree char *pattern = hs_domain_store_search_pattern (search);
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (changed, clear_changed_key);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (through != NULL, NULL);

  /* The bound first: a row changed meanwhile comes with the next call, never half. */
  if (!read_through (db, kind, through, error) ||
      (stmt = prepare (db, changed_sql[kind], error)) == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, after);
  sqlite3_bind_int64 (stmt, 3, *through);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HsDomainChangedKey key = {
        .key = sqlite3_column_int64 (stmt, 0),
        .is_new = sqlite3_column_int (stmt, 1) != 0,
        .matches = sqlite3_column_int (stmt, 2) != 0,
        .id = g_strdup ((const char *)sqlite3_column_text (stmt, 3)),
      };

      g_array_append_val (changed, key);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&changed);
}

static GObject *
object_from_row (HsDomainPagesKind  kind,
                 sqlite3_stmt      *stmt)
{
  const char *json = (const char *)sqlite3_column_text (stmt, 0);
  g_autoptr(GError) error = NULL;

  if (kind == HS_DOMAIN_PAGES_EVENTS)
    {
      HsEvent *event = hs_event_new_from_json (json, &error);
      guint *counts;

      if (event == NULL)
        {
          g_warning ("Skipping a stored event that does not parse: %s", error->message);
          return NULL;
        }
      hs_event_set_origin (event, sqlite3_column_int64 (stmt, 1),
                           sqlite3_column_int64 (stmt, 2));
      counts = g_new (guint, 2);
      counts[0] = (guint)sqlite3_column_int64 (stmt, 3);
      counts[1] = (guint)sqlite3_column_int64 (stmt, 4);
      g_object_set_qdata_full (G_OBJECT (event), counts_quark (), counts, g_free);
      return G_OBJECT (event);
    }
  else
    {
      HsInvitation *invitation = hs_invitation_new_from_json (json, &error);

      if (invitation == NULL)
        {
          g_warning ("Skipping a stored invitation that does not parse: %s", error->message);
          return NULL;
        }
      hs_invitation_set_origin (invitation, sqlite3_column_int64 (stmt, 1),
                                sqlite3_column_int64 (stmt, 2),
                                (const char *)sqlite3_column_text (stmt, 3));
      return G_OBJECT (invitation);
    }
}

/**
 * hs_domain_store_read_keys:
 * @keys: (array length=n_keys): row keys from hs_domain_store_list_keys()
 *
 * Returns: (transfer full) (element-type GObject): for each key in order, its HsEvent or
 *   HsInvitation, or %NULL for a row that is gone (or does not parse); %NULL with @error
 *   set when the read failed
 */
GPtrArray *
hs_domain_store_read_keys (sqlite3            *db,
                           HsDomainPagesKind   kind,
                           const gint64       *keys,
                           guint               n_keys,
                           GError            **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_full (n_keys, (GDestroyNotify)g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);

  if ((stmt = prepare (db, row_sql[kind], error)) == NULL)
    return NULL;

  for (guint i = 0; i < n_keys; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, keys[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (objects, object_from_row (kind, stmt));
      else if (rc == SQLITE_DONE)
        g_ptr_array_add (objects, NULL);
      else
        {
          set_error (db, error);
          sqlite3_finalize (stmt);
          return NULL;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&objects);
}

/**
 * hs_domain_store_get_event_counts:
 * @event: an event read by hs_domain_store_read_keys()
 * @n_invitations: (out) (optional): its invitations
 * @n_participants: (out) (optional): its current participants (not the removed ones)
 *
 * Returns: %TRUE if @event came with its counts
 */
gboolean
hs_domain_store_get_event_counts (HsEvent *event,
                                  guint   *n_invitations,
                                  guint   *n_participants)
{
  const guint *counts;

  g_return_val_if_fail (HS_IS_EVENT (event), FALSE);

  counts = g_object_get_qdata (G_OBJECT (event), counts_quark ());
  if (n_invitations != NULL)
    *n_invitations = counts ? counts[0] : 0;
  if (n_participants != NULL)
    *n_participants = counts ? counts[1] : 0;

  return counts != NULL;
}
