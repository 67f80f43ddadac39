/* hs-forward-projection.c: forwarding rules applied to new deliveries, as a projection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The projection sends nothing: for each new delivery and each active rule that takes it, it
 * queues a row in `forward_queue`, in the transaction that moves its cursor. The forwarder
 * (hs-forwarder.c) sends the queue, off the projector's thread, so a slow target never holds
 * up the other projections. A crash before the commit leaves neither the rows nor the cursor:
 * the restarted projector queues the same deliveries once more; after it, the queue holds them.
 *
 * Forwarding is for what arrives while it is on: the migration starts the cursor at the last
 * delivery already stored, and `forward_state.high_water` (which `hookscope reproject` does
 * not reset) keeps a rebuild from queueing old deliveries again. Relay rules are skipped: the
 * listener sent those deliveries itself, before answering their senders.
 */

#define G_LOG_DOMAIN "hs-forward-projection"

#include "config.h"

#include <gio/gio.h>

#include "hs-forward-projection.h"
#include "hs-forward-rule.h"

#define RULES_WAIT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *insert;
  sqlite3_stmt *set_high_water;
  gint64        high_water;
  gint64        seen;
  GPtrArray    *rules;
  guint         generation;
} State;

static gboolean
set_error (GError     **error,
           sqlite3     *db,
           const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "forward %s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

/**
 * hs_forward_projection_migrate:
 *
 * Migration 6: the forwarding queue, and the cursor of the projection set to the newest
 * delivery (the rules apply to what comes after, never to the history).
 */
gboolean
hs_forward_projection_migrate (sqlite3  *db,
                               GError  **error)
{
  static const char sql[] =
    "CREATE TABLE forward_queue ("
    " id INTEGER PRIMARY KEY,"
    " delivery_id INTEGER NOT NULL,"
    " url TEXT NOT NULL,"
    " state INTEGER NOT NULL DEFAULT 0,"
    " queued_at INTEGER NOT NULL);"
    "CREATE TABLE forward_state ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " high_water INTEGER NOT NULL);"
    "INSERT INTO forward_state (id, high_water)"
    " SELECT 1, coalesce (max (id), 0) FROM deliveries;"
    "INSERT INTO projections (name, cursor)"
    " SELECT 'forward', coalesce (max (id), 0) FROM deliveries WHERE true"
    " ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor;";

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_error (error, db, "migration");
  return TRUE;
}

static void
state_free (gpointer data)
{
  State *state = data;

  sqlite3_finalize (state->insert);
  sqlite3_finalize (state->set_high_water);
  g_clear_pointer (&state->rules, g_ptr_array_unref);
  g_free (state);
}

static gpointer
projection_open (sqlite3  *db,
                 GError  **error)
{
  State *state = g_new0 (State, 1);
  sqlite3_stmt *stmt = NULL;

  state->db = db;
  if (sqlite3_prepare_v3 (db, "INSERT INTO forward_queue (delivery_id, url, queued_at)"
                          " VALUES (?1, ?2, ?3)", -1, SQLITE_PREPARE_PERSISTENT, &state->insert,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v3 (db, "UPDATE forward_state SET high_water = ?1 WHERE id = 1", -1,
                          SQLITE_PREPARE_PERSISTENT, &state->set_high_water, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT high_water FROM forward_state WHERE id = 1", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      set_error (error, db, "open");
      state_free (state);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state->high_water = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  state->seen = state->high_water;

  return state;
}

static gboolean
projection_apply (gpointer     data,
                  HsDelivery  *delivery,
                  GError     **error)
{
  State *state = data;
  gint64 id = hs_delivery_get_id (delivery);

  /* Already queued before a rebuild (or before forwarding existed). */
  if (id <= state->high_water)
    return TRUE;
  state->seen = MAX (state->seen, id);

  /* Right after a start, the capture's rules may not be set yet: wait for them (briefly, so
   * that a process that never sets any, `reproject`, still gets on). */
  hs_forward_rules_wait (RULES_WAIT_US);
  if (state->rules == NULL || state->generation != hs_forward_rules_get_generation ())
    {
      g_clear_pointer (&state->rules, g_ptr_array_unref);
      state->rules = hs_forward_rules_dup_active (&state->generation);
    }
  if (state->rules->len == 0 || !hs_forward_accepts_delivery (delivery))
    return TRUE;

  for (guint i = 0; i < state->rules->len; i++)
    {
      HsForwardRule *rule = g_ptr_array_index (state->rules, i);
      int rc;

      if (rule->relay || !hs_forward_rule_matches (rule, delivery))
        continue;

      sqlite3_bind_int64 (state->insert, 1, id);
      sqlite3_bind_text (state->insert, 2, rule->url, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (state->insert, 3, g_get_real_time ());
      rc = sqlite3_step (state->insert);
      sqlite3_reset (state->insert);
      sqlite3_clear_bindings (state->insert);
      if (rc != SQLITE_DONE)
        return set_error (error, state->db, "queue");
    }

  return TRUE;
}

static gboolean
projection_finish (gpointer   data,
                   GError   **error)
{
  State *state = data;
  int rc;

  if (state->seen <= state->high_water)
    return TRUE;

  sqlite3_bind_int64 (state->set_high_water, 1, state->seen);
  rc = sqlite3_step (state->set_high_water);
  sqlite3_reset (state->set_high_water);
  if (rc != SQLITE_DONE)
    return set_error (error, state->db, "high water");
  /* Only now: a rolled-back batch is applied again, and must not be skipped. */
  state->high_water = state->seen;
  return TRUE;
}

static gboolean
projection_reset (sqlite3  *db,
                  GError  **error)
{
  /* The queue is not derived data that a rebuild could make again: it is work not done yet,
   * and the high water mark keeps what was queued from being queued twice. */
  return TRUE;
}

static const HsProjectionInfo forward_projection = {
  .name = "forward",
  .open = projection_open,
  .close = state_free,
  .apply = projection_apply,
  .finish = projection_finish,
  .reset = projection_reset,
};

const HsProjectionInfo *
hs_forward_projection_get_info (void)
{
  return &forward_projection;
}
