/* hs-delivery-list-ids.c: what HsDeliveryList reads on its workers: ids and the first rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each read opens a connection of its own on the file (the store's belongs to the main
 * thread), read-only.
 */

#define G_LOG_DOMAIN "hs-delivery-list"

#include "config.h"

#include "hs-delivery-list-private.h"
#include "hs-store-private.h"

/* The ids of a filtered list (after @after_id), on a connection of the worker's own. */
GArray *
hs_delivery_list_query_ids (const char             *path,
                            const HsDeliveryQuery  *query,
                            gint64                  after_id,
                            guint                   newest,
                            GCancellable           *cancellable,
                            GError                **error)
{
  sqlite3 *db = hs_store_open_reader (path, error);
  GArray *ids = NULL;

  if (db != NULL)
    ids = newest > 0
          ? hs_delivery_query_list_newest_ids (query, db, newest, cancellable, error)
          : hs_delivery_query_list_ids (query, db, after_id, cancellable, error);
  sqlite3_close (db);

  return ids;
}

/* Runs @sql (which may bind ?1 to @before) and appends its ids to @ids. */
static int
append_ids (sqlite3      *db,
            const char   *sql,
            gint64        before,
            GArray       *ids,
            GCancellable *cancellable)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_bind_parameter_count (stmt) > 0)
    rc = sqlite3_bind_int64 (stmt, 1, before);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return rc;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if (++n % 65536 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Every delivery's id before @before, oldest first. Not from the deliveries table: with the
 * bodies inline, its rows fill a page or two each, and walking them for their ids alone reads
 * the whole file (16 s for a million deliveries of 6 KiB). The domain projection keeps one
 * small row per delivery it has seen (delivery_meanings, 100 bytes: 0.1 GB for a million),
 * deleted with its delivery, and pruned lazily below the oldest delivery; the deliveries it
 * has not seen yet are the few after its cursor. One read transaction sees both parts at the
 * same point (a delivery projected in between is in exactly one of them). */
static int
read_all_ids (sqlite3      *db,
              gint64        before,
              GArray       *ids,
              GCancellable *cancellable,
              char        **message)
{
#define CURSOR "(SELECT coalesce (max (cursor), 0) FROM projections WHERE name = 'domain')"
  int rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    rc = append_ids (db,
                     "SELECT delivery_id FROM delivery_meanings"
                     " WHERE delivery_id >= (SELECT min (id) FROM deliveries)"
                     " AND delivery_id <= " CURSOR " AND delivery_id < ?1"
                     " ORDER BY delivery_id",
                     before, ids, cancellable);
  if (rc == SQLITE_OK)
    rc = append_ids (db,
                     "SELECT id FROM deliveries WHERE id > " CURSOR " AND id < ?1 ORDER BY id",
                     before, ids, cancellable);
  /* What went wrong, before COMMIT says "not an error". */
  if (rc != SQLITE_OK)
    *message = g_strdup_printf ("%s (%s)", sqlite3_errmsg (db), sqlite3_errstr (rc));
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
#undef CURSOR

  return rc;
}

/* Without a query: the newest page (@newest > 0), or every id before @before. With the newest
 * page, the older ids are assumed to be every id from the oldest delivery's (min (id): a
 * b-tree descent) up to the page: ids only have the holes of deliveries the user deleted, so
 * the list has its length and scrollbar at once, and the exact ids, read from disk after
 * (seconds for a million, cold), only remove the few holes (hs_delivery_list_load_finish ()).
 * *@assumed_before is the first id not assumed, or 0 when nothing was. */
GArray *
hs_delivery_list_all_ids (const char    *path,
                          guint          newest,
                          gint64         before,
                          gint64        *assumed_before,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *message = NULL;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      if (newest > 0)
        {
          g_autofree char *sql =
            g_strdup_printf ("SELECT id FROM deliveries ORDER BY id DESC LIMIT %u", newest);

          rc = append_ids (db, sql, 0, ids, cancellable);
          /* Oldest first, as the list keeps them. */
          for (guint i = 0; i < ids->len / 2; i++)
            {
              gint64 swap = g_array_index (ids, gint64, i);

              g_array_index (ids, gint64, i) = g_array_index (ids, gint64, ids->len - 1 - i);
              g_array_index (ids, gint64, ids->len - 1 - i) = swap;
            }
          if (rc == SQLITE_OK && ids->len == newest)
            {
              g_autoptr(GArray) oldest = g_array_new (FALSE, FALSE, sizeof (gint64));

              rc = append_ids (db, "SELECT min (id) FROM deliveries", 0, oldest, cancellable);
              if (rc == SQLITE_OK && oldest->len == 1 &&
                  g_array_index (oldest, gint64, 0) < g_array_index (ids, gint64, 0))
                {
                  gint64 first = g_array_index (oldest, gint64, 0);
                  gint64 page_first = g_array_index (ids, gint64, 0);
                  gsize n = page_first - first;

                  g_array_set_size (oldest, 0);
                  for (gint64 id = first; id < page_first; id++)
                    g_array_append_val (oldest, id);
                  g_array_prepend_vals (ids, oldest->data, n);
                  *assumed_before = page_first;
                }
            }
        }
      else
        rc = read_all_ids (db, before, ids, cancellable, &message);
    }

  /* Cancelled says so, whatever the read met after (the file of a list dropped may be gone). */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    rc = SQLITE_ABORT;
  else if (rc != SQLITE_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                 message != NULL ? message : db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close (db);

  if (rc != SQLITE_OK)
    return NULL;
  return g_steal_pointer (&ids);
}

/**
 * hs_delivery_list_read_rows:
 * @ids: ids, oldest first
 *
 * Reads the rows of @ids (without bodies) on a connection of its own: what a list shows
 * first comes with its ids, not a page read later.
 *
 * Returns: (transfer full): one delivery (or %NULL when gone) for each id, or %NULL
 */
GPtrArray *
hs_delivery_list_read_rows (const char    *path,
                            const gint64  *ids,
                            guint          n_ids,
                            GError       **error)
{
  sqlite3 *db = hs_store_open_reader (path, error);
  GPtrArray *rows = NULL;

  if (db != NULL)
    rows = hs_store_read_deliveries (db, ids, n_ids, error);
  sqlite3_close (db);

  return rows;
}

/* HsKeyedPagesReadFunc: a page of the list. */
GPtrArray *
hs_delivery_list_read_page (sqlite3       *db,
                            const gint64  *keys,
                            guint          n_keys,
                            gpointer       read_data,
                            GError       **error)
{
  return hs_store_read_deliveries (db, keys, n_keys, error);
}
