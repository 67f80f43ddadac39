/* hs-forwarder.c: sends the forwarding queue, each forward recorded like a replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thread of its own, with its own connection and a blocking SoupSession, takes the queue
 * (`forward_queue`, filled by the forwarding projection) in order, one row at a time:
 *
 *   1. the row is claimed (state SENDING), committed;
 *   2. the delivery is sent to the rule's URL;
 *   3. the attempt goes into `replays` and the row is deleted, in one transaction.
 *
 * At most once: a crash between 1 and 3 leaves a claimed row, which the next start records
 * as "interrupted" (it may or may not have reached the target) and never sends again. A
 * crash before 1 leaves a queued row, sent after the restart; after 3, nothing is left. So a
 * target never gets the same delivery twice from one rule; at worst one delivery per crash
 * is lost, and the history says which.
 */

#define G_LOG_DOMAIN "hs-forwarder"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-forward-projection.h"
#include "hs-forwarder.h"
#include "hs-replay-send.h"
#include "hs-replay-store.h"
#include "hs-store-private.h"

/* It looks by itself this often (a kick comes when the projection advanced). */
#define IDLE_LOOK_US     (G_USEC_PER_SEC)
#define ERROR_BACKOFF_US (G_USEC_PER_SEC)

struct _HsForwarder
{
  GObject       parent_instance;

  HsStore      *store;
  char         *path;
  guint         timeout_seconds;
  GMainContext *context;
  GThread      *thread;
  gulong        advanced_id;

  GMutex        lock;
  GCond         cond;
  gboolean      kicked;
  gboolean      stopping;
  guint64       n_sent;
};

G_DEFINE_FINAL_TYPE (HsForwarder, hs_forwarder, G_TYPE_OBJECT)

enum {
  FORWARDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64  id;
  gint64  delivery_id;
  char   *url;
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static gboolean
exec_sql (sqlite3    *db,
          const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  g_warning ("forwarding: %s", sqlite3_errmsg (db));
  return FALSE;
}

/* Records @attempts and deletes their queue rows, in one transaction. */
static gboolean
record (sqlite3   *db,
        GPtrArray *attempts,
        GArray    *row_ids)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!exec_sql (db, "BEGIN IMMEDIATE"))
    return FALSE;
  ok = hs_replay_db_insert_attempt_rows (db, attempts, &error) &&
       sqlite3_prepare_v2 (db, "DELETE FROM forward_queue WHERE id = ?1", -1, &stmt,
                           NULL) == SQLITE_OK;
  for (guint i = 0; ok && i < row_ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (row_ids, gint64, i));
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (ok && exec_sql (db, "COMMIT"))
    return TRUE;

  g_warning ("forwarding: %s", error != NULL ? error->message : sqlite3_errmsg (db));
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static HsReplayAttempt *
attempt_for_row (const Row *row)
{
  HsReplayAttempt *attempt = hs_replay_attempt_new ();

  hs_replay_attempt_set_delivery_id (attempt, row->delivery_id);
  hs_replay_attempt_set_target_name (attempt, HS_FORWARD_TARGET_NAME);
  hs_replay_attempt_set_base_url (attempt, row->url);
  hs_replay_attempt_set_url (attempt, row->url);
  hs_replay_attempt_set_method (attempt, "POST");
  hs_replay_attempt_set_started_at (attempt, g_get_real_time ());

  return attempt;
}

/* Rows a crash left claimed: recorded as interrupted, not sent again. */
static void
recover_interrupted (sqlite3 *db)
{
  g_autoptr(GPtrArray) attempts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT id, delivery_id, url FROM forward_queue WHERE state = ?1"
                          " ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int (stmt, 1, HS_FORWARD_SENDING);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                  (char *)sqlite3_column_text (stmt, 2) };
      HsReplayAttempt *attempt = attempt_for_row (&row);

      hs_replay_attempt_set_error (attempt, HS_FORWARD_ERROR_INTERRUPTED,
                                   _("Hookscope stopped while forwarding this delivery: it may "
                                     "or may not have reached the target, and was not sent "
                                     "again"));
      g_ptr_array_add (attempts, attempt);
      g_array_append_val (ids, row.id);
    }
  sqlite3_finalize (stmt);

  if (attempts->len > 0)
    record (db, attempts, ids);
}

/* The oldest queued row, claimed (committed); FALSE when there is none. Looking takes no
 * write lock (it runs every second while idle, beside the capture's writer); the claim is
 * one conditional UPDATE, so of two processes on one database only one gets a row. */
static gboolean
claim_next (sqlite3 *db,
            Row     *row)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT id, delivery_id, url FROM forward_queue WHERE state = ?1"
                          " ORDER BY id LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, HS_FORWARD_QUEUED);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          row->id = sqlite3_column_int64 (stmt, 0);
          row->delivery_id = sqlite3_column_int64 (stmt, 1);
          row->url = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
          found = TRUE;
        }
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (!found)
    return FALSE;

  if (sqlite3_prepare_v2 (db, "UPDATE forward_queue SET state = ?1 WHERE id = ?2 AND state = ?3",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, HS_FORWARD_SENDING);
      sqlite3_bind_int64 (stmt, 2, row->id);
      sqlite3_bind_int (stmt, 3, HS_FORWARD_QUEUED);
      found = sqlite3_step (stmt) == SQLITE_DONE && sqlite3_changes (db) == 1;
    }
  else
    found = FALSE;
  sqlite3_finalize (stmt);

  if (!found)
    row_clear (row);
  return found;
}

static HsReplayAttempt *
send_row (SoupSession *session,
          sqlite3     *db,
          const Row   *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsDelivery) delivery = hs_store_read_delivery (db, row->delivery_id, TRUE, &error);
  g_autoptr(HsReplayRequest) request = NULL;
  g_autofree char *url = NULL;
  HsReplayAttempt *attempt;

  if (delivery == NULL)
    {
      /* Deleted (or pruned by the retention cap) before its turn. */
      attempt = attempt_for_row (row);
      hs_replay_attempt_set_error (attempt, "gone", error != NULL
                                                      ? error->message
                                                      : _("The delivery was deleted"));
      return attempt;
    }

  request = hs_replay_request_new_for_delivery (delivery);
  url = hs_replay_build_url (row->url, hs_replay_request_get_path (request),
                             hs_replay_request_get_query (request), FALSE, &error);
  if (url == NULL)
    {
      attempt = attempt_for_row (row);
      hs_replay_attempt_fail (attempt, error);
    }
  else
    attempt = hs_replay_send (session, request, url, FALSE, NULL);

  hs_replay_attempt_set_target_name (attempt, HS_FORWARD_TARGET_NAME);
  hs_replay_attempt_set_base_url (attempt, row->url);
  return attempt;
}

typedef struct
{
  HsForwarder     *self;
  HsReplayAttempt *attempt;
} Forwarded;

static void
forwarded_free (gpointer data)
{
  Forwarded *forwarded = data;

  g_object_unref (forwarded->self);
  g_object_unref (forwarded->attempt);
  g_free (forwarded);
}

static gboolean
forwarded_emit (gpointer data)
{
  Forwarded *forwarded = data;

  g_signal_emit (forwarded->self, signals[FORWARDED], 0, forwarded->attempt);
  return G_SOURCE_REMOVE;
}

/* Waits for a kick, a stop or the idle look; FALSE when stopping. */
static gboolean
wait_for_work (HsForwarder *self,
               gint64       wait_us)
{
  gboolean running;
  gint64 end = g_get_monotonic_time () + wait_us;

  g_mutex_lock (&self->lock);
  while (!self->kicked && !self->stopping)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  self->kicked = FALSE;
  running = !self->stopping;
  g_mutex_unlock (&self->lock);

  return running;
}

static gboolean
is_stopping (HsForwarder *self)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);

  return stopping;
}

static gpointer
forwarder_thread (gpointer data)
{
  HsForwarder *self = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* The session's sockets belong to this thread's own context. */
  g_main_context_push_thread_default (context);
  session = hs_replay_session_new (self->timeout_seconds);

  db = hs_replay_db_open (self->path, TRUE, &error);
  if (db == NULL)
    {
      g_warning ("forwarding: %s", error->message);
      goto out;
    }
  recover_interrupted (db);

  while (!is_stopping (self))
    {
      g_auto(Row) row = { 0 };
      g_autoptr(HsReplayAttempt) attempt = NULL;
      g_autoptr(GPtrArray) attempts = NULL;
      g_autoptr(GArray) ids = NULL;
      Forwarded *forwarded;

      if (!claim_next (db, &row))
        {
          wait_for_work (self, IDLE_LOOK_US);
          continue;
        }

      attempt = send_row (session, db, &row);
      attempts = g_ptr_array_new ();
      g_ptr_array_add (attempts, attempt);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, row.id);
      /* A claimed row stays claimed until it is recorded: never sent twice. */
      while (!record (db, attempts, ids))
        if (!wait_for_work (self, ERROR_BACKOFF_US))
          goto out;

      g_mutex_lock (&self->lock);
      self->n_sent++;
      g_mutex_unlock (&self->lock);

      forwarded = g_new0 (Forwarded, 1);
      forwarded->self = g_object_ref (self);
      forwarded->attempt = g_object_ref (attempt);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, forwarded_emit, forwarded,
                                  forwarded_free);
    }

out:
  sqlite3_close (db);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
advanced_cb (HsStore     *store,
             const char  *name,
             gint64       cursor,
             HsForwarder *self)
{
  hs_forwarder_kick (self);
}

/**
 * hs_forwarder_new:
 * @store: the open store (its projection "forward" fills the queue)
 *
 * Returns: a forwarder, not started. Its HsForwarder::forwarded signal comes on the thread
 * default context of the caller.
 */
HsForwarder *
hs_forwarder_new (HsStore *store,
                  guint    timeout_seconds)
{
  HsForwarder *self;

  g_return_val_if_fail (HS_IS_STORE (store), NULL);

  self = g_object_new (HS_TYPE_FORWARDER, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (hs_store_get_path (store));
  self->timeout_seconds = timeout_seconds > 0 ? timeout_seconds : 30;
  self->advanced_id = g_signal_connect (store, "projection-advanced::forward",
                                        G_CALLBACK (advanced_cb), self);

  return self;
}

void
hs_forwarder_start (HsForwarder *self)
{
  g_return_if_fail (HS_IS_FORWARDER (self));
  g_return_if_fail (self->thread == NULL);

  self->stopping = FALSE;
  hs_replay_session_prepare ();
  self->thread = g_thread_new ("hs-forwarder", forwarder_thread, self);
}

/* Thread-safe: the queue may have grown. */
void
hs_forwarder_kick (HsForwarder *self)
{
  g_return_if_fail (HS_IS_FORWARDER (self));

  g_mutex_lock (&self->lock);
  self->kicked = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Finishes the forward in progress (within the timeout), sends no more, joins the thread. */
void
hs_forwarder_stop (HsForwarder *self)
{
  g_return_if_fail (HS_IS_FORWARDER (self));

  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

guint64
hs_forwarder_get_n_sent (HsForwarder *self)
{
  guint64 n;

  g_return_val_if_fail (HS_IS_FORWARDER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_sent;
  g_mutex_unlock (&self->lock);

  return n;
}

static void
hs_forwarder_dispose (GObject *object)
{
  HsForwarder *self = (HsForwarder *)object;

  hs_forwarder_stop (self);
  if (self->store != NULL && self->advanced_id != 0)
    g_clear_signal_handler (&self->advanced_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hs_forwarder_parent_class)->dispose (object);
}

static void
hs_forwarder_finalize (GObject *object)
{
  HsForwarder *self = (HsForwarder *)object;

  g_free (self->path);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (hs_forwarder_parent_class)->finalize (object);
}

static void
hs_forwarder_class_init (HsForwarderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_forwarder_dispose;
  object_class->finalize = hs_forwarder_finalize;

  /**
   * HsForwarder::forwarded:
   * @attempt: the forward, as recorded
   */
  signals[FORWARDED] =
    g_signal_new ("forwarded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, HS_TYPE_REPLAY_ATTEMPT);
}

static void
hs_forwarder_init (HsForwarder *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref_thread_default ();
}
