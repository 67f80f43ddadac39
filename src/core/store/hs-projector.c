/* hs-projector.c: the thread that applies new deliveries to every projection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writer kicks it after each commit (and it looks by itself once a second, for deliveries
 * another process wrote). It reads the deliveries after the smallest cursor, a batch at a time,
 * applies each to the projections that have not seen it, and commits their rows with their
 * cursors. It takes the store's write lock for each batch, so the writer never sleeps in
 * SQLite's busy handler, and ends the batch when the writer waits for the lock (after
 * YIELD_AFTER_US of work at least), so that the senders never wait long for it. Otherwise batches are large: each commit
 * writes the index pages it touched, and with fresh ids (random keys) that is most of the cost
 * of a small batch.
 *
 * During a flood it steps back. When more than FLOOD_DELIVERIES are committed within
 * FLOOD_WINDOW_US (2,000 a second), every microsecond the projector takes on a two-core
 * machine is taken from the answers. Then it works one batch in BACKOFF_SHARE of the time,
 * falls behind, and catches up at full speed once the flood is over. Under a steady trickle
 * (a thousand deliveries a second and less) it follows within a batch.
 */

#define G_LOG_DOMAIN "hs-projector"

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "hs-projector.h"
#include "hs-store-private.h"

#define BATCH_ROWS      2048
#define BATCH_BUDGET_US (50 * 1000)
/* A batch of one delivery costs a commit of every page it touched (with fresh ids, random
 * index pages: most of the cost); this much work first keeps it worth it. */
#define YIELD_AFTER_US  2000
#define IDLE_LOOK_US    (G_USEC_PER_SEC)
/* This many deliveries committed within this long is a flood... */
#define FLOOD_DELIVERIES 200
#define FLOOD_WINDOW_US  (100 * 1000)
/* ...and the projector then steps back for this long after it, */
#define FLOOD_HOLD_US   (200 * 1000)
/* working one batch in this many times its duration. */
#define BACKOFF_SHARE   5
/* The writer keeps the WAL in check from its own commits (hs-store-writer.c), but while the
 * projector catches up (after a flood, a migration or `reproject`) it is often the only one
 * writing: with auto-checkpoints off, nobody would copy the WAL back and it grew to 28 GB on
 * a million deliveries. Past this many pages (64 MiB, the writer's cap too) the projector
 * checkpoints after its commit; the next transaction then starts the WAL over. Off the
 * answering path, so it can afford the checkpoint's time. */
#define WAL_CHECKPOINT_PAGES 16000

typedef struct
{
  const HsProjectionInfo *info;
  gpointer                state;
  gint64                  cursor;
} Slot;

struct _HsProjector
{
  HsStore      *store;  /* not owned: the store owns the projector */
  char         *path;
  GMainContext *context;
  GThread      *thread;

  GMutex        lock;
  GCond         cond;
  gboolean      kicked;
  gboolean      quit;
  gint64        flood_until;  /* monotonic time; under @lock */
  gint64        window_start; /* the deliveries committed since then; under @lock */
  guint         window_count;
  gint64        projected;  /* every projection has applied every delivery up to here */
  GError       *error;      /* why it stopped, if it did */
  guint         batch_rows;
  guint         read_rows;  /* deliveries read at a time within a batch */
  gint64        budget_us;  /* 0: no limit (a rebuild: nobody waits) */
  /* HS_TEST_PROJECTOR_DELAY_US: a pause after each delivery, inside the batch, so that a test
   * can kill the process while the projector lags and is mid-transaction. */
  gulong        test_delay_us;
  int           wal_checkpoint_pages;  /* HS_TEST_WAL_CHECKPOINT_PAGES lowers it for a test */

  /* Projector thread only. */
  sqlite3      *db;
  int           wal_pages;  /* the WAL's size after this connection's last commit */
  GArray       *slots;  /* Slot */
};

typedef struct
{
  HsStore *store;
  char    *name;
  gint64   cursor;
} Advance;

static void
advance_free (gpointer data)
{
  Advance *advance = data;

  g_object_unref (advance->store);
  g_free (advance->name);
  g_free (advance);
}

static gboolean
advance_emit (gpointer data)
{
  Advance *advance = data;

  hs_store_emit_projection_advanced (advance->store, advance->name, advance->cursor);
  return G_SOURCE_REMOVE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      hs_store_set_sqlite_error (error, db, rc, sql);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_cursor (sqlite3     *db,
             const char  *name,
             gint64      *cursor,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT cursor FROM projections WHERE name = ?1", -1, &stmt,
                               NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  *cursor = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hs_store_set_sqlite_error (error, db, rc, "read cursor");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_cursor (sqlite3     *db,
              const char  *name,
              gint64       cursor,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "INSERT INTO projections (name, cursor) VALUES (?1, ?2)"
                               " ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor",
                               -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, cursor);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      hs_store_set_sqlite_error (error, db, rc, "write cursor");
      return FALSE;
    }
  return TRUE;
}

static void
close_connection (HsProjector *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (slot->state != NULL)
        slot->info->close (slot->state);
      slot->state = NULL;
    }
  g_clear_pointer (&self->db, sqlite3_close);
}

static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  HsProjector *self = data;

  self->wal_pages = pages;
  return SQLITE_OK;
}

/* After a commit, outside the write lock. PASSIVE waits for nobody: BUSY while the
 * checkpointer thread runs one (the next batch tries again), and it copies what readers
 * allow. */
static void
maybe_checkpoint (HsProjector *self)
{
  if (self->wal_pages < self->wal_checkpoint_pages)
    return;
  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) ==
      SQLITE_OK)
    self->wal_pages = 0;
}

static gboolean
ensure_connection (HsProjector  *self,
                   GError      **error)
{
  int rc;

  if (self->db != NULL)
    return TRUE;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      hs_store_set_sqlite_error (error, self->db, rc, self->path);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  /* Its commits are as durable as the writer's, and never checkpoint on its own time. */
  if (!hs_store_apply_connection_options (self->db, FALSE, 5000, error) ||
      !exec (self->db, "PRAGMA wal_autocheckpoint = 0", error))
    {
      close_connection (self);
      return FALSE;
    }
  sqlite3_wal_hook (self->db, on_wal_commit, self);

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (!(slot->state = slot->info->open (self->db, error)))
        {
          close_connection (self);
          return FALSE;
        }
    }

  return TRUE;
}

/* One batch in one transaction. Returns the number of deliveries applied, -1 on error. */
static int
run_batch (HsProjector  *self,
           GError      **error)
{
  g_autoptr(GPtrArray) deliveries = NULL;
  gint64 from = G_MAXINT64;
  gint64 started = g_get_monotonic_time ();
  guint applied = 0;

  if (!ensure_connection (self, error))
    return -1;

  hs_store_lock_writes (self->store);
  if (!exec (self->db, "BEGIN IMMEDIATE", error))
    {
      hs_store_unlock_writes (self->store);
      return -1;
    }

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (!read_cursor (self->db, slot->info->name, &slot->cursor, error))
        goto rollback;
      from = MIN (from, slot->cursor);
    }

  /* Read a few at a time: a batch the writer cuts short must not have read (and thrown away)
   * thousands of bodies. */
  while (applied < self->batch_rows)
    {
      gboolean stop = FALSE;

      g_clear_pointer (&deliveries, g_ptr_array_unref);
      deliveries = hs_store_read_captured_after (self->db, from,
                                                 MIN (self->read_rows,
                                                      self->batch_rows - applied), error);
      if (deliveries == NULL)
        goto rollback;
      if (deliveries->len == 0)
        break;

      for (guint d = 0; d < deliveries->len && !stop; d++)
        {
          HsDelivery *delivery = g_ptr_array_index (deliveries, d);
          gint64 id = hs_delivery_get_id (delivery);

          for (guint i = 0; i < self->slots->len; i++)
            {
              Slot *slot = &g_array_index (self->slots, Slot, i);

              if (slot->cursor >= id)
                continue;
              if (!slot->info->apply (slot->state, delivery, error))
                goto rollback;
              slot->cursor = id;
            }
          from = id;
          applied++;
          if (self->test_delay_us > 0)
            g_usleep (self->test_delay_us);

          /* The writer waits for the lock: let it in, once the batch is worth its commit. */
          stop = (hs_store_get_writer_waiting (self->store) &&
                  g_get_monotonic_time () - started > YIELD_AFTER_US) ||
                 (self->budget_us > 0 && g_get_monotonic_time () - started > self->budget_us);
        }
      if (stop)
        break;
    }

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (applied > 0 &&
          ((slot->info->finish != NULL && !slot->info->finish (slot->state, error)) ||
           !write_cursor (self->db, slot->info->name, slot->cursor, error)))
        goto rollback;
    }

  if (!exec (self->db, "COMMIT", error))
    goto rollback;
  hs_store_unlock_writes (self->store);
  maybe_checkpoint (self);

  for (guint i = 0; self->context != NULL && applied > 0 && i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);
      Advance *advance = g_new0 (Advance, 1);

      advance->store = g_object_ref (self->store);
      advance->name = g_strdup (slot->info->name);
      advance->cursor = slot->cursor;
      hs_store_invoke_later (self->context, advance_emit, advance, advance_free);
    }

  /* Without projections, everything is projected. */
  g_mutex_lock (&self->lock);
  self->projected = G_MAXINT64;
  for (guint i = 0; i < self->slots->len; i++)
    self->projected = MIN (self->projected, g_array_index (self->slots, Slot, i).cursor);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return applied;

rollback:
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  hs_store_unlock_writes (self->store);
  return -1;
}

static gpointer
projector_thread (gpointer data)
{
  HsProjector *self = data;
  gboolean quit = FALSE;
  gboolean failing = FALSE;  /* said once until a batch commits again (a full disk) */

  while (TRUE)
    {
      g_autoptr(GError) error = NULL;
      int applied;

      /* Until nothing is left, stepping back while a flood lasts. */
      while (TRUE)
        {
          gint64 started = g_get_monotonic_time ();
          gint64 flood_until;

          if ((applied = run_batch (self, &error)) <= 0)
            break;
          failing = FALSE;

          g_mutex_lock (&self->lock);
          flood_until = self->flood_until;
          if (flood_until > g_get_monotonic_time ())
            {
              gint64 now = g_get_monotonic_time ();
              gint64 until = now + MAX (BACKOFF_SHARE * (now - started), 1000);

              /* Kicks do not cut it short; quitting and waiters (flood_until = 0) do. */
              while (!self->quit && self->flood_until > 0 && g_get_monotonic_time () < until)
                g_cond_wait_until (&self->cond, &self->lock, until);
            }
          g_mutex_unlock (&self->lock);
        }

      if (applied < 0)
        {
          if (!failing)
            g_warning ("The projections stopped: %s (retrying; said once)", error->message);
          failing = TRUE;
          g_mutex_lock (&self->lock);
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          g_cond_broadcast (&self->cond);
          g_mutex_unlock (&self->lock);
          close_connection (self);
        }

      if (quit)
        break;

      g_mutex_lock (&self->lock);
      if (!self->kicked && !self->quit)
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + IDLE_LOOK_US);
      self->kicked = FALSE;
      /* One more round after quit: what the writer committed last is applied too. */
      quit = self->quit;
      g_mutex_unlock (&self->lock);
    }

  close_connection (self);
  return NULL;
}

static HsProjector *
projector_new (HsStore                        *store,
               const char                     *path,
               const HsProjectionInfo * const *projections,
               guint                           n_projections)
{
  HsProjector *self = g_new0 (HsProjector, 1);

  self->store = store;
  self->path = g_strdup (path);
  self->batch_rows = BATCH_ROWS;
  self->read_rows = 32;
  self->budget_us = BATCH_BUDGET_US;
  if (g_getenv ("HS_TEST_PROJECTOR_DELAY_US") != NULL)
    self->test_delay_us = g_ascii_strtoull (g_getenv ("HS_TEST_PROJECTOR_DELAY_US"), NULL, 10);
  self->wal_checkpoint_pages = WAL_CHECKPOINT_PAGES;
  if (g_getenv ("HS_TEST_WAL_CHECKPOINT_PAGES") != NULL)
    self->wal_checkpoint_pages = MAX (1, atoi (g_getenv ("HS_TEST_WAL_CHECKPOINT_PAGES")));
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  for (guint i = 0; i < n_projections; i++)
    {
      Slot slot = { projections[i], NULL, 0 };

      g_array_append_val (self->slots, slot);
    }
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  return self;
}

static void
projector_free (HsProjector *self)
{
  close_connection (self);
  g_array_unref (self->slots);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  g_free (self);
}

HsProjector *
hs_projector_new (HsStore                        *store,
                  const char                     *path,
                  GMainContext                   *context,
                  const HsProjectionInfo * const *projections,
                  guint                           n_projections)
{
  HsProjector *self = projector_new (store, path, projections, n_projections);

  self->context = g_main_context_ref (context);
  self->thread = g_thread_new ("hs-projector", projector_thread, self);

  return self;
}

/* hookscope reproject: every projection's rows deleted and its cursor set back to 0 in one
 * transaction (a crash after it resumes from the start), then every delivery applied again,
 * here, in large batches. */
gboolean
hs_projector_rebuild (HsStore                        *store,
                      const char                     *path,
                      const HsProjectionInfo * const *projections,
                      guint                           n_projections,
                      HsProjectorProgress             progress,
                      gpointer                        user_data,
                      GError                        **error)
{
  HsProjector *self = projector_new (store, path, projections, n_projections);
  gint64 total = 0, done = 0;
  gboolean ok = FALSE;
  int applied;

  self->batch_rows = 4096;
  self->read_rows = 512;
  self->budget_us = 0;

  if (!ensure_connection (self, error))
    goto out;

  hs_store_lock_writes (store);
  ok = exec (self->db, "BEGIN IMMEDIATE", error);
  for (guint i = 0; ok && i < n_projections; i++)
    ok = projections[i]->reset (self->db, error) &&
         write_cursor (self->db, projections[i]->name, 0, error);
  ok = ok && exec (self->db, "COMMIT", error);
  if (!ok && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  hs_store_unlock_writes (store);
  if (!ok)
    goto out;

  {
    sqlite3_stmt *stmt = NULL;

    if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM deliveries", -1, &stmt,
                            NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
      total = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }

  while ((applied = run_batch (self, error)) > 0)
    {
      done += applied;
      if (progress != NULL)
        progress (done, total, user_data);
    }
  ok = applied == 0;

out:
  projector_free (self);
  return ok;
}

/* Thread-safe: new deliveries were committed. */
void
hs_projector_kick (HsProjector *self,
                   guint        n_committed)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  self->kicked = TRUE;
  if (now - self->window_start > FLOOD_WINDOW_US)
    {
      self->window_start = now;
      self->window_count = 0;
    }
  self->window_count += n_committed;
  if (self->window_count >= FLOOD_DELIVERIES)
    self->flood_until = now + FLOOD_HOLD_US;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Blocks until every projection applied every delivery up to @id, the projector failed, or
 * @timeout_us passed. */
gboolean
hs_projector_wait (HsProjector  *self,
                   gint64        id,
                   gint64        timeout_us,
                   GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean done;

  g_mutex_lock (&self->lock);
  self->kicked = TRUE;
  self->flood_until = 0;
  g_cond_signal (&self->cond);
  while (self->projected < id && self->error == NULL)
    {
      if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
        break;
    }
  done = self->projected >= id;
  if (!done && self->error != NULL)
    g_propagate_error (error, g_error_copy (self->error));
  else if (!done)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("The projections are still %" PRId64 " deliveries behind"),
                 id - self->projected);
  g_mutex_unlock (&self->lock);

  return done;
}

/* Applies what is left, then stops the thread. */
void
hs_projector_free (HsProjector *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);

  projector_free (self);
}
