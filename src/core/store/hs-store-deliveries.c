/* hs-store-deliveries.c: deliveries read back: counted, paged, one with its body, all in turn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's own read connection serves the command line and the window's main-thread
 * callers with statements prepared once (hs_store_get_cached_read ()); the functions that take
 * a connection serve worker threads (a list's pages, the projector, replay), each preparing
 * its statements per call.
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "hs-store-private.h"

/* A delivery as captured (d), and what the domain projection understood of it (m, absent
 * until it is projected): its verdict, event name and flags win once there. */
#define COLUMNS \
  "d.id, d.received_at, d.method, d.path, d.query, d.headers, d.body_size, d.content_type," \
  " d.peer, d.auth_verdict, coalesce (m.parse_verdict, d.parse_verdict)," \
  " CASE WHEN m.delivery_id IS NULL THEN d.parse_message ELSE m.parse_message END," \
  " coalesce (m.event_name, d.event_name), d.flags | coalesce (m.flags, 0), d.response_status," \
  " m.delivery_id IS NOT NULL"
#define FROM " FROM deliveries AS d LEFT JOIN delivery_meanings AS m ON m.delivery_id = d.id"
#define BODY_COLUMN 16
/* The event-name filter goes through the projection's index (the hot table has none), and
 * for the few deliveries not projected yet, through the name the listener read. */
#define DOMAIN_CURSOR "(SELECT coalesce (max (cursor), 0) FROM projections WHERE name = 'domain')"
#define OF_EVENT \
  " (d.id IN (SELECT delivery_id FROM delivery_meanings WHERE event_name = ?2)" \
  " OR (d.id > " DOMAIN_CURSOR " AND d.event_name = ?2))"

static const char * const read_sql[HS_STORE_N_READS] = {
  [READ_COUNT] = "SELECT count(*) FROM deliveries",
  [READ_COUNT_EVENT] =
    "SELECT (SELECT count(*) FROM delivery_meanings WHERE event_name = ?2)"
    " + (SELECT count(*) FROM deliveries WHERE id > " DOMAIN_CURSOR " AND event_name = ?2)",
  [READ_PAGE] = "SELECT " COLUMNS FROM " ORDER BY d.id DESC LIMIT ?3",
  [READ_PAGE_BEFORE] = "SELECT " COLUMNS FROM " WHERE d.id < ?1 ORDER BY d.id DESC LIMIT ?3",
  [READ_PAGE_EVENT] =
    "SELECT " COLUMNS FROM " WHERE" OF_EVENT " ORDER BY d.id DESC LIMIT ?3",
  [READ_PAGE_EVENT_BEFORE] =
    "SELECT " COLUMNS FROM " WHERE" OF_EVENT " AND d.id < ?1 ORDER BY d.id DESC LIMIT ?3",
  [READ_GET] = "SELECT " COLUMNS ", d.body" FROM " WHERE d.id = ?1",
};

static sqlite3_stmt *
get_read (HsStore  *self,
          guint     which,
          GError  **error)
{
  return hs_store_get_cached_read (self, which, read_sql[which], error);
}

static void
set_read_error (HsStore  *self,
                GError  **error)
{
  g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("Could not read “%s”: %s"),
               hs_store_get_path (self),
               sqlite3_errmsg (hs_store_get_read_connection (self)));
}

static HsDelivery *
delivery_from_row (sqlite3_stmt *stmt,
                   gboolean      with_body)
{
  HsDelivery *delivery = hs_delivery_new ();
  HsAuthVerdict auth = HS_AUTH_NOT_REQUIRED;
  HsParseVerdict parse = HS_PARSE_OK;

  hs_delivery_set_id (delivery, sqlite3_column_int64 (stmt, 0));
  hs_delivery_set_received_at (delivery, sqlite3_column_int64 (stmt, 1));
  hs_delivery_set_method (delivery, (const char *)sqlite3_column_text (stmt, 2));
  hs_delivery_set_path (delivery, (const char *)sqlite3_column_text (stmt, 3));
  hs_delivery_set_query (delivery, (const char *)sqlite3_column_text (stmt, 4));
  hs_delivery_set_headers_json (delivery, (const char *)sqlite3_column_text (stmt, 5));
  if (with_body)
    {
      const void *data = sqlite3_column_blob (stmt, BODY_COLUMN);
      int size = sqlite3_column_bytes (stmt, BODY_COLUMN);
      g_autoptr(GBytes) body = g_bytes_new (data, size);

      hs_delivery_set_body (delivery, body);
    }
  hs_delivery_set_body_size (delivery, sqlite3_column_int64 (stmt, 6));
  hs_delivery_set_content_type (delivery, (const char *)sqlite3_column_text (stmt, 7));
  hs_delivery_set_peer (delivery, (const char *)sqlite3_column_text (stmt, 8));
  hs_auth_verdict_from_string ((const char *)sqlite3_column_text (stmt, 9), &auth);
  hs_delivery_set_auth_verdict (delivery, auth);
  hs_parse_verdict_from_string ((const char *)sqlite3_column_text (stmt, 10), &parse);
  hs_delivery_set_parse_verdict (delivery, parse, (const char *)sqlite3_column_text (stmt, 11));
  hs_delivery_set_event_name (delivery, (const char *)sqlite3_column_text (stmt, 12));
  hs_delivery_set_flags (delivery, sqlite3_column_int64 (stmt, 13));
  hs_delivery_set_response_status (delivery, sqlite3_column_int64 (stmt, 14));
  hs_delivery_set_projected (delivery, sqlite3_column_int (stmt, 15));

  return delivery;
}

/* @event_name: only deliveries of that event, or %NULL for all. Returns -1 on error. */
gint64
hs_store_count_deliveries (HsStore     *self,
                           const char  *event_name,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (HS_IS_STORE (self), -1);

  stmt = get_read (self, event_name ? READ_COUNT_EVENT : READ_COUNT, error);
  if (stmt == NULL)
    return -1;

  if (event_name != NULL)
    sqlite3_bind_text (stmt, 2, event_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_read_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return count;
}

/**
 * hs_store_list_deliveries:
 * @before_id: only deliveries with a smaller id; 0 starts at the newest
 * @limit: at most this many
 * @event_name: (nullable): only deliveries of that event
 *
 * One page, newest first, without bodies (hs_delivery_get_body() is %NULL; the body size is
 * set). Keyset paging: pass the last id of a page as @before_id to get the next one.
 *
 * Returns: (transfer container): the deliveries, or %NULL on error
 */
GPtrArray *
hs_store_list_deliveries (HsStore     *self,
                          gint64       before_id,
                          guint        limit,
                          const char  *event_name,
                          GError     **error)
{
  g_autoptr(GPtrArray) page = NULL;
  sqlite3_stmt *stmt;
  guint which;
  int rc;

  g_return_val_if_fail (HS_IS_STORE (self), NULL);

  if (event_name != NULL)
    which = before_id > 0 ? READ_PAGE_EVENT_BEFORE : READ_PAGE_EVENT;
  else
    which = before_id > 0 ? READ_PAGE_BEFORE : READ_PAGE;

  stmt = get_read (self, which, error);
  if (stmt == NULL)
    return NULL;

  page = g_ptr_array_new_full (MIN (limit, 1024), g_object_unref);
  if (before_id > 0)
    sqlite3_bind_int64 (stmt, 1, before_id);
  if (event_name != NULL)
    sqlite3_bind_text (stmt, 2, event_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (page, delivery_from_row (stmt, FALSE));

  if (rc != SQLITE_DONE)
    {
      set_read_error (self, error);
      g_clear_pointer (&page, g_ptr_array_unref);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return g_steal_pointer (&page);
}

/* One delivery on any connection @db (a worker's): statements are prepared per call. */
HsDelivery *
hs_store_read_delivery (sqlite3   *db,
                        gint64     id,
                        gboolean   with_body,
                        GError   **error)
{
  HsDelivery *delivery = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, with_body ? read_sql[READ_GET]
                                         : "SELECT " COLUMNS FROM " WHERE d.id = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    delivery = delivery_from_row (stmt, with_body);
  else if (rc == SQLITE_DONE)
    g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND,
                 _("There is no delivery %" PRId64), id);
  else
    g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("Could not read: %s"),
                 sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  return delivery;
}

/* The deliveries of @ids (any order) on any connection @db (a list's worker), without bodies:
 * one for each id, in the same order, NULL for an id that is gone. Ids close together are one
 * range of the table; scattered ones (a search's) are looked up one by one. */
GPtrArray *
hs_store_read_deliveries (sqlite3       *db,
                          const gint64  *ids,
                          guint          n_ids,
                          GError       **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      g_object_unref);
  GPtrArray *result;
  g_autoptr(GString) list = g_string_new ("[");
  gint64 low = G_MAXINT64, high = G_MININT64;
  sqlite3_stmt *stmt = NULL;
  gboolean range;
  int rc;

  for (guint i = 0; i < n_ids; i++)
    {
      low = MIN (low, ids[i]);
      high = MAX (high, ids[i]);
      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
    }
  g_string_append_c (list, ']');
  range = n_ids > 0 && (guint64)(high - low) < 2 * (guint64)n_ids;

  rc = sqlite3_prepare_v2 (db, range ? "SELECT " COLUMNS FROM " WHERE d.id BETWEEN ?1 AND ?2"
                                     : "SELECT " COLUMNS FROM " WHERE d.id IN"
                                       " (SELECT value FROM json_each (?3))",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, low);
      sqlite3_bind_int64 (stmt, 2, high);
      sqlite3_bind_text (stmt, 3, list->str, list->len, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          HsDelivery *delivery = delivery_from_row (stmt, FALSE);
          gint64 *id = g_new (gint64, 1);

          *id = hs_delivery_get_id (delivery);
          g_hash_table_insert (rows, id, delivery);
        }
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("Could not read: %s"),
                   sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  result = g_ptr_array_new_full (n_ids, g_object_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      HsDelivery *delivery = g_hash_table_lookup (rows, &ids[i]);

      g_ptr_array_add (result, delivery ? g_object_ref (delivery) : NULL);
    }
  return result;
}

/* Returns: (transfer full): the delivery with its body, or %NULL (%HS_STORE_ERROR_NOT_FOUND). */
HsDelivery *
hs_store_get_delivery (HsStore  *self,
                       gint64    id,
                       GError  **error)
{
  HsDelivery *delivery = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HS_IS_STORE (self), NULL);

  stmt = get_read (self, READ_GET, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    delivery = delivery_from_row (stmt, TRUE);
  else if (rc == SQLITE_DONE)
    g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND,
                 _("There is no delivery %" PRId64), id);
  else
    set_read_error (self, error);
  sqlite3_reset (stmt);

  return delivery;
}

/**
 * hs_store_foreach_delivery:
 * @limit: at most this many; 0 for all
 *
 * Streams deliveries one row at a time (a million rows never sit in memory together).
 */
gboolean
hs_store_foreach_delivery (HsStore              *self,
                           HsStoreForeachFlags   flags,
                           const char           *event_name,
                           guint64               limit,
                           HsStoreForeachFunc    func,
                           gpointer              user_data,
                           GError              **error)
{
  gboolean with_body = (flags & HS_STORE_FOREACH_WITH_BODY) != 0;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (HS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if ((db = hs_store_get_read_connection (self)) == NULL)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_CLOSED, _("The database is closed"));
      return FALSE;
    }

  /* Only constant fragments are spliced; values are bound. */
  sql = g_strdup_printf ("SELECT " COLUMNS "%s" FROM "%s ORDER BY d.id %s LIMIT ?1",
                         with_body ? ", d.body" : "",
                         event_name ? " WHERE" OF_EVENT : "",
                         (flags & HS_STORE_FOREACH_OLDEST_FIRST) ? "ASC" : "DESC");
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_read_error (self, error);
      return FALSE;
    }

  if (event_name != NULL)
    sqlite3_bind_text (stmt, 2, event_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64)MIN (limit, G_MAXINT64));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(HsDelivery) delivery = delivery_from_row (stmt, with_body);

      if (!func (delivery, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }

  if (rc != SQLITE_DONE)
    set_read_error (self, error);
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE;
}

/* Deliveries after @after in id order as captured, with bodies and without what any
 * projection made of them (the projector's input); on any connection. */
GPtrArray *
hs_store_read_captured_after (sqlite3  *db,
                              gint64    after,
                              guint     limit,
                              GError  **error)
{
  g_autoptr(GPtrArray) deliveries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT d.id, d.received_at, d.method, d.path, d.query, d.headers,"
                           " d.body_size, d.content_type, d.peer, d.auth_verdict,"
                           " d.parse_verdict, d.parse_message, d.event_name, d.flags,"
                           " d.response_status, 0, d.body"
                           " FROM deliveries AS d WHERE d.id > ?1 ORDER BY d.id LIMIT ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, after);
      sqlite3_bind_int64 (stmt, 2, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (deliveries, delivery_from_row (stmt, TRUE));
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      hs_store_set_sqlite_error (error, db, rc, "read deliveries");
      return NULL;
    }

  return g_steal_pointer (&deliveries);
}
