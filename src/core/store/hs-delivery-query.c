/* hs-delivery-query.c: which deliveries to list: free text, event name, verdicts, flags, time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One query object for the window's list and `hookscope list`, so both give the same rows. It
 * turns into one SELECT of delivery ids (ascending) with bound values: what the user typed is
 * never SQL, and the text goes through hs_search_index_match_expression(), so FTS5 syntax in
 * it is searched as text. Verdicts and flags are those of the domain projection once it has
 * seen a delivery, else the listener's (as the list shows them).
 */

#define G_LOG_DOMAIN "hs-delivery-query"

#include "config.h"

#include "hs-delivery-query.h"
#include "hs-search-index.h"
#include "hs-search-prefix.h"
#include "hs-store-private.h"

/* Candidates a search checks itself rather than ask the index for its last word's prefix
 * (hs-search-prefix.c): each is a delivery and its body read and tokenized (up to a
 * millisecond or two from a cold disk). With more, the index's prefix search is cheaper as
 * often as not (a UUID fragment "4ee0-4383": 269 candidates, where "4383*" is a few rare
 * tokens). */
#define CHECK_MAX 50

/* Whether @match finds at most CHECK_MAX deliveries in the index alone (a count that stops
 * there: a fraction of a millisecond). */
static gboolean
few_candidates (sqlite3    *db,
                const char *match)
{
  sqlite3_stmt *stmt = NULL;
  gboolean few = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT count (*) FROM (SELECT rowid FROM delivery_search"
                              " WHERE delivery_search MATCH ?1 LIMIT ?2)", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, CHECK_MAX + 1);
      few = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) <= CHECK_MAX;
    }
  sqlite3_finalize (stmt);

  return few;
}

struct _HsDeliveryQuery
{
  gatomicrefcount  ref_count;
  char            *text;
  char            *event_name;
  guint            auth;
  guint            parse;
  HsDeliveryFlags  flags;
  gint64           since_us;
  gint64           until_us;
};

G_DEFINE_BOXED_TYPE (HsDeliveryQuery, hs_delivery_query, hs_delivery_query_ref,
                     hs_delivery_query_unref)

HsDeliveryQuery *
hs_delivery_query_new (void)
{
  HsDeliveryQuery *self = g_new0 (HsDeliveryQuery, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

HsDeliveryQuery *
hs_delivery_query_copy (const HsDeliveryQuery *self)
{
  HsDeliveryQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = hs_delivery_query_new ();
  copy->text = g_strdup (self->text);
  copy->event_name = g_strdup (self->event_name);
  copy->auth = self->auth;
  copy->parse = self->parse;
  copy->flags = self->flags;
  copy->since_us = self->since_us;
  copy->until_us = self->until_us;

  return copy;
}

HsDeliveryQuery *
hs_delivery_query_ref (HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_delivery_query_unref (HsDeliveryQuery *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->text);
      g_free (self->event_name);
      g_free (self);
    }
}

/* Empty strings mean "any": a cleared search entry is no search. */
static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

void
hs_delivery_query_set_text (HsDeliveryQuery *self,
                            const char      *text)
{
  g_return_if_fail (self != NULL);
  set_string (&self->text, text);
}

const char *
hs_delivery_query_get_text (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

void
hs_delivery_query_set_event_name (HsDeliveryQuery *self,
                                  const char      *event_name)
{
  g_return_if_fail (self != NULL);
  set_string (&self->event_name, event_name);
}

const char *
hs_delivery_query_get_event_name (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->event_name;
}

/* @verdicts: HS_DELIVERY_QUERY_VERDICT() of each accepted HsAuthVerdict; 0 for any */
void
hs_delivery_query_set_auth (HsDeliveryQuery *self,
                            guint            verdicts)
{
  g_return_if_fail (self != NULL);
  self->auth = verdicts;
}

guint
hs_delivery_query_get_auth (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->auth;
}

/* @verdicts: HS_DELIVERY_QUERY_VERDICT() of each accepted HsParseVerdict; 0 for any */
void
hs_delivery_query_set_parse (HsDeliveryQuery *self,
                             guint            verdicts)
{
  g_return_if_fail (self != NULL);
  self->parse = verdicts;
}

guint
hs_delivery_query_get_parse (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->parse;
}

/* @any_of: deliveries with at least one of these flags; 0 for any */
void
hs_delivery_query_set_flags (HsDeliveryQuery *self,
                             HsDeliveryFlags  any_of)
{
  g_return_if_fail (self != NULL);
  self->flags = any_of;
}

HsDeliveryFlags
hs_delivery_query_get_flags (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->flags;
}

/* Received in [@since_us, @until_us) (UTC, µs since the epoch); 0 leaves that side open. */
void
hs_delivery_query_set_range (HsDeliveryQuery *self,
                             gint64           since_us,
                             gint64           until_us)
{
  g_return_if_fail (self != NULL);
  self->since_us = since_us;
  self->until_us = until_us;
}

gint64
hs_delivery_query_get_since (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->since_us;
}

gint64
hs_delivery_query_get_until (const HsDeliveryQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->until_us;
}

gboolean
hs_delivery_query_is_empty (const HsDeliveryQuery *self)
{
  g_autofree char *match = NULL;

  g_return_val_if_fail (self != NULL, TRUE);

  match = hs_search_index_match_expression (self->text);
  return match == NULL && self->event_name == NULL && self->auth == 0 && self->parse == 0 &&
         self->flags == 0 && self->since_us == 0 && self->until_us == 0;
}

gboolean
hs_delivery_query_equal (const HsDeliveryQuery *a,
                         const HsDeliveryQuery *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->event_name, b->event_name) == 0 &&
         a->auth == b->auth && a->parse == b->parse && a->flags == b->flags &&
         a->since_us == b->since_us && a->until_us == b->until_us;
}

/* "?N, ?N+1, ..." for each verdict in @mask, as strings in @values. */
static void
append_verdicts (GString    *sql,
                 GPtrArray  *values,
                 guint       mask,
                 guint       n_verdicts,
                 const char *(*to_string) (int))
{
  gboolean first = TRUE;

  for (guint v = 0; v < n_verdicts; v++)
    {
      if (!(mask & HS_DELIVERY_QUERY_VERDICT (v)))
        continue;
      g_ptr_array_add (values, (gpointer)to_string ((int)v));
      g_string_append_printf (sql, "%s?%u", first ? "" : ", ", values->len);
      first = FALSE;
    }
}

static const char *
auth_to_string (int verdict)
{
  return hs_auth_verdict_to_string ((HsAuthVerdict)verdict);
}

static const char *
parse_to_string (int verdict)
{
  return hs_parse_verdict_to_string ((HsParseVerdict)verdict);
}

/* Text parameters are ?1..?n (values); integers have fixed numbers from ?101 (named ones
 * would take the next free number where they first appear, which may be ?1). */
enum {
  PARAM_AFTER = 101,
  PARAM_FLAGS,
  PARAM_SINCE,
  PARAM_UNTIL,
  PARAM_LIMIT,
};

static char *
build_sql (const HsDeliveryQuery *self,
           const char            *match,
           gboolean               newest,
           GPtrArray             *values)
{
  /* The newest matches of a text: the index drives, newest first, and stops at the limit
   * (some milliseconds whatever the number of matches); all of them: the deliveries do, with
   * the index's matches as a set. */
  gboolean driven = newest && match != NULL;
  GString *sql = g_string_new (driven ? "SELECT d.id FROM delivery_search AS s"
                                        " JOIN deliveries AS d ON d.id = s.rowid"
                                      : "SELECT d.id FROM deliveries AS d");

  g_string_append (sql, " LEFT JOIN delivery_meanings AS m ON m.delivery_id = d.id"
                        " WHERE d.id > ?101");

  if (driven)
    {
      g_ptr_array_add (values, (gpointer)match);
      g_string_append_printf (sql, " AND s.delivery_search MATCH ?%u", values->len);
    }
  else if (match != NULL)
    {
      g_ptr_array_add (values, (gpointer)match);
      g_string_append_printf (sql, " AND d.id IN (SELECT rowid FROM delivery_search"
                                   " WHERE delivery_search MATCH ?%u)", values->len);
    }

  if (self->event_name != NULL)
    {
      g_ptr_array_add (values, self->event_name);
      g_string_append_printf (sql, " AND coalesce (m.event_name, d.event_name) = ?%u",
                              values->len);
    }

  if (self->auth != 0)
    {
      g_string_append (sql, " AND d.auth_verdict IN (");
      append_verdicts (sql, values, self->auth, HS_AUTH_WRONG + 1, auth_to_string);
      g_string_append (sql, ")");
    }

  if (self->parse != 0)
    {
      g_string_append (sql, " AND coalesce (m.parse_verdict, d.parse_verdict) IN (");
      append_verdicts (sql, values, self->parse, HS_PARSE_INVALID_SHAPE + 1, parse_to_string);
      g_string_append (sql, ")");
    }

  if (self->flags != 0)
    g_string_append (sql, " AND (d.flags | coalesce (m.flags, 0)) & ?102 <> 0");
  if (self->since_us != 0)
    g_string_append (sql, " AND d.received_at >= ?103");
  if (self->until_us != 0)
    g_string_append (sql, " AND d.received_at < ?104");

  if (driven)
    g_string_append (sql, " ORDER BY s.rowid DESC LIMIT ?105");
  else
    g_string_append (sql, newest ? " ORDER BY d.id DESC LIMIT ?105" : " ORDER BY d.id");

  return g_string_free (sql, FALSE);
}


/* The search through @match (an FTS5 expression, or NULL), or only the ids @prefix accepts
 * among those it finds: then *@too_many when more than CHECK_MAX would have to be checked
 * (and NULL). */
static GArray *
run_ids (const HsDeliveryQuery  *self,
         sqlite3                *db,
         const char             *match,
         HsSearchPrefix         *prefix,
         gint64                  after_id,
         guint                   newest,
         gboolean               *too_many,
         GCancellable           *cancellable,
         GError                **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;
  guint checked = 0;
  int rc;

  sql = build_sql (self, match, newest > 0, values);

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      for (guint i = 0; i < values->len; i++)
        sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (values, i), -1, SQLITE_STATIC);
      /* Binding a number the statement does not use is a harmless SQLITE_RANGE. */
      sqlite3_bind_int64 (stmt, PARAM_AFTER, after_id);
      sqlite3_bind_int64 (stmt, PARAM_FLAGS, self->flags);
      sqlite3_bind_int64 (stmt, PARAM_SINCE, self->since_us);
      sqlite3_bind_int64 (stmt, PARAM_UNTIL, self->until_us);
      /* Candidates come newest first until enough of them pass. */
      sqlite3_bind_int64 (stmt, PARAM_LIMIT, prefix != NULL && newest > 0 ? -1 : newest);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (prefix != NULL)
            {
              g_autoptr(HsDelivery) delivery = NULL;

              if (++checked > CHECK_MAX)
                {
                  *too_many = TRUE;
                  sqlite3_finalize (stmt);
                  return NULL;
                }
              delivery = hs_store_read_delivery (db, id, TRUE, NULL);
              if (delivery == NULL || !hs_search_prefix_check (prefix, delivery))
                continue;
            }

          g_array_append_val (ids, id);
          if (++n % 65536 == 0 && g_cancellable_is_cancelled (cancellable))
            break;
          if (prefix != NULL && newest > 0 && n >= newest)
            break;
        }
      if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        rc = SQLITE_OK;
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  sqlite3_finalize (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Newest first from SQLite: oldest first like every other list of ids. */
  for (guint i = 0; newest > 0 && i < ids->len / 2; i++)
    {
      gint64 swap = g_array_index (ids, gint64, i);

      g_array_index (ids, gint64, i) = g_array_index (ids, gint64, ids->len - 1 - i);
      g_array_index (ids, gint64, ids->len - 1 - i) = swap;
    }

  return g_steal_pointer (&ids);
}

static GArray *
list_ids (const HsDeliveryQuery  *self,
          sqlite3                *db,
          gint64                  after_id,
          guint                   newest,
          GCancellable           *cancellable,
          GError                **error)
{
  g_autofree char *match = NULL;
  g_autoptr(HsSearchPrefix) prefix = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (db != NULL, NULL);

  match = hs_search_index_match_expression (self->text);
  /* An email, a UUID or a path last: its whole tokens first (hs-search-prefix.c). */
  if (match != NULL && (prefix = hs_search_prefix_new (db, self->text)) != NULL &&
      few_candidates (db, hs_search_prefix_get_match (prefix)))
    {
      gboolean too_many = FALSE;
      GArray *ids = run_ids (self, db, hs_search_prefix_get_match (prefix), prefix, after_id,
                             newest, &too_many, cancellable, error);

      if (ids != NULL || !too_many)
        return ids;
      g_debug ("More than %u candidates for “%s”: the index's prefix search", CHECK_MAX,
               self->text);
    }

  return run_ids (self, db, match, NULL, after_id, newest, NULL, cancellable, error);
}

/**
 * hs_delivery_query_list_ids:
 * @db: a connection (a worker's own for the window)
 * @after_id: only deliveries after this id (0: all)
 *
 * Returns: (transfer full): the ids (gint64) of the matching deliveries, oldest first
 */
GArray *
hs_delivery_query_list_ids (const HsDeliveryQuery  *self,
                            sqlite3                *db,
                            gint64                  after_id,
                            GCancellable           *cancellable,
                            GError                **error)
{
  return list_ids (self, db, after_id, 0, cancellable, error);
}

/**
 * hs_delivery_query_list_newest_ids:
 * @limit: how many, at most (> 0)
 *
 * The first page of a search, before the whole of it: with a common word among a million
 * deliveries, the newest matches come in a few milliseconds where all of them take seconds.
 *
 * Returns: (transfer full): the ids of the @limit newest matching deliveries, oldest first
 */
GArray *
hs_delivery_query_list_newest_ids (const HsDeliveryQuery  *self,
                                   sqlite3                *db,
                                   guint                   limit,
                                   GCancellable           *cancellable,
                                   GError                **error)
{
  g_return_val_if_fail (limit > 0, NULL);

  return list_ids (self, db, 0, limit, cancellable, error);
}
