/* hs-store-writer.c: the one thread that writes deliveries, with group commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main loop never waits on disk: hs_store_insert_async() queues a GTask and returns. This
 * thread takes everything queued, prepares it outside the transaction (the headers' JSON),
 * then writes the whole batch in one transaction (one INSERT a delivery) and completes every
 * task on the store's main context only after COMMIT returned SQLITE_OK. A failed batch fails
 * all of its tasks, so the listener can answer 503 and never a 2xx for a lost delivery.
 *
 * It knows nothing of what a delivery means: the deliveries arrive with their verdicts
 * decided by the listener, and the projections (hs-projector.c) read them after the commit.
 * It only reads the HsDelivery objects it is given; their ids go back through the tasks.
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hs-delivery-json.h"
#include "hs-store-private.h"

enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_MAX_ID,
  STMT_INSERT,
  STMT_PRUNE,
  N_STMTS
};

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  /* The ids the batch gets (max + 1 onwards): consecutive, so that one range announces them.
   * Never an id a projection has passed: after the newest delivery was deleted, its id again
   * would be skipped by the projections. */
  [STMT_MAX_ID] = "SELECT max (coalesce ((SELECT max (id) FROM deliveries), 0),"
                  " coalesce ((SELECT max (cursor) FROM projections), 0))",
  [STMT_INSERT] =
    "INSERT INTO deliveries (received_at, method, path, query, headers, body, body_size,"
    " content_type, peer, auth_verdict, parse_verdict, parse_message, event_name, flags,"
    " response_status, id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
  /* Keeps the newest ?1 deliveries; derived rows may outlive theirs (no foreign keys). */
  [STMT_PRUNE] =
    "DELETE FROM deliveries WHERE id < "
    "(SELECT id FROM deliveries ORDER BY id DESC LIMIT 1 OFFSET ?1)",
};

/* For error messages: which step failed, in a word. */
static const char * const stmt_name[N_STMTS] = {
  [STMT_BEGIN] = "begin",
  [STMT_COMMIT] = "commit",
  [STMT_ROLLBACK] = "rollback",
  [STMT_MAX_ID] = "max id",
  [STMT_INSERT] = "insert",
  [STMT_PRUNE] = "prune",
};

struct _HsStoreWriter
{
  char          *path;
  GMainContext  *context;
  GThread       *thread;
  GAsyncQueue   *queue;
  gint           n_pending;  /* atomic */

  GMutex         options_lock;
  gboolean       synchronous_full;
  guint          busy_timeout_ms;
  guint          retention_cap;
  guint          options_serial;

  /* The file opened, to notice it deleted or replaced under us (0: unknown). */
  dev_t          file_dev;
  ino_t          file_ino;

  /* Writer thread only. */
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];
  guint          applied_serial;
  gboolean       failing;  /* the last batch failed: said once, not per batch */
  gint64         row_estimate;  /* -1: unknown */
  int            wal_pages;
  gboolean       checkpoint_asked;
  guint          checkpoint_runs;  /* the checkpointer's count when it was asked */
  int            checkpoint_asked_at;  /* WAL pages then */
  HsStoreCheckpointer *checkpointer;
  HsStore       *store;  /* not owned: the store owns the writer */
};

/* SQLite's auto-checkpoint would run inside COMMIT, before the answers. Instead, once the
 * WAL holds CHECKPOINT_PAGES (8 MiB), the checkpointer thread is asked to copy it back while
 * the writer goes on, and asked again after each run once the WAL grew by another
 * CHECKPOINT_STEP_PAGES, so that it keeps pace.
 *
 * The WAL starts over from its beginning only if a checkpoint caught up with all of it, and
 * under a steady flood of commits a concurrent one never does: the WAL would grow without end.
 * So once it holds WAL_RESTART_PAGES (64 MiB), the writer checkpoints what was appended since
 * the checkpointer's last run itself, after answering its batch. That stalls the writer (the
 * tail, and two fsyncs: 6–13 ms here), so it is kept rare: at 16 MiB it cost 9 % of the
 * writer's time under load, at 64 MiB about 2 %. */
#define CHECKPOINT_PAGES 2000
#define CHECKPOINT_STEP_PAGES 500
#define WAL_RESTART_PAGES 16000
#define WAL_OVERSHOOT_PAGES 1000

typedef struct
{
  GTask      *task;
  HsDelivery *delivery;  /* read only: the listener owns it */
  char       *headers_json;
  gint64      id;
} Job;

typedef struct
{
  GPtrArray *tasks;
  GError    *error;
  gint64     first_id;  /* the batch's ids: first_id, first_id + 1, ... */
  gint64     last_id;
  gboolean   announce_here;  /* the tasks' context is the store's */
  gint       ref_count;
} Batch;

/* Pushed by hs_store_writer_free() behind every queued task. */
static int quit_marker;

static void
job_clear (Job *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->headers_json, g_free);
  job->delivery = NULL;
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  if (!g_atomic_int_dec_and_test (&batch->ref_count))
    return;
  g_ptr_array_unref (batch->tasks);
  g_clear_error (&batch->error);
  g_free (batch);
}

static void
batch_announce (Batch *batch)
{
  HsStore *store = NULL;

  if (batch->tasks->len > 0)
    store = g_task_get_source_object (g_ptr_array_index (batch->tasks, 0));
  if (store == NULL)
    return;

  if (batch->error != NULL)
    hs_store_emit_write_error (store, batch->error);
  else
    hs_store_emit_deliveries_added (store, batch->first_id, batch->last_id);
}

/* On the store's main context, when the senders' tasks belong to another (the window's
 * listener thread): the store's signals. */
static gboolean
batch_announce_cb (gpointer data)
{
  batch_announce (data);
  return G_SOURCE_REMOVE;
}

/* On the tasks' context: the transaction is over, answer everyone (and announce it too, when
 * that is the store's context). */
static gboolean
batch_complete (gpointer data)
{
  Batch *batch = data;

  if (batch->announce_here)
    batch_announce (batch);

  for (guint i = 0; i < batch->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (batch->tasks, i);

      if (batch->error != NULL)
        g_task_return_error (task, g_error_copy (batch->error));
      else
        g_task_return_int (task, batch->first_id + i);
    }

  return G_SOURCE_REMOVE;
}

static void
prepare_job (HsStoreWriter *self,
             Job           *job)
{
  job->headers_json = hs_delivery_dup_headers_json (job->delivery);
}

static gboolean
step_done (HsStoreWriter  *self,
           int             stmt,
           GError        **error)
{
  sqlite3_stmt *s = self->stmts[stmt];
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      hs_store_set_sqlite_error (error, self->db, rc, stmt_name[stmt]);
      return FALSE;
    }

  return TRUE;
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

static gboolean
insert_job (HsStoreWriter  *self,
            Job            *job,
            GError        **error)
{
  HsDelivery *d = job->delivery;
  sqlite3_stmt *s = self->stmts[STMT_INSERT];
  GBytes *body = hs_delivery_get_body (d);
  gsize size = 0;
  gconstpointer data = body ? g_bytes_get_data (body, &size) : NULL;

  sqlite3_bind_int64 (s, 1, hs_delivery_get_received_at (d));
  bind_text (s, 2, hs_delivery_get_method (d) ? hs_delivery_get_method (d) : "");
  bind_text (s, 3, hs_delivery_get_path (d) ? hs_delivery_get_path (d) : "/");
  bind_text (s, 4, hs_delivery_get_query (d));
  bind_text (s, 5, job->headers_json);
  sqlite3_bind_blob64 (s, 6, data ? data : (gconstpointer)"", size, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 7, hs_delivery_get_body_size (d));
  bind_text (s, 8, hs_delivery_get_content_type (d));
  bind_text (s, 9, hs_delivery_get_peer (d));
  bind_text (s, 10, hs_auth_verdict_to_string (hs_delivery_get_auth_verdict (d)));
  bind_text (s, 11, hs_parse_verdict_to_string (hs_delivery_get_parse_verdict (d)));
  bind_text (s, 12, hs_delivery_get_parse_message (d));
  bind_text (s, 13, hs_delivery_get_event_name (d));
  sqlite3_bind_int64 (s, 14, hs_delivery_get_flags (d));
  sqlite3_bind_int64 (s, 15, hs_delivery_get_response_status (d));
  sqlite3_bind_int64 (s, 16, job->id);

  return step_done (self, STMT_INSERT, error);
}

/* The largest delivery id in the database, inside the write transaction (nobody else can
 * insert meanwhile). */
static gboolean
read_max_id (HsStoreWriter  *self,
             gint64         *max_id,
             GError        **error)
{
  sqlite3_stmt *s = self->stmts[STMT_MAX_ID];
  int rc = sqlite3_step (s);

  *max_id = rc == SQLITE_ROW ? sqlite3_column_int64 (s, 0) : 0;
  sqlite3_reset (s);
  if (rc != SQLITE_ROW)
    {
      hs_store_set_sqlite_error (error, self->db, rc, stmt_name[STMT_MAX_ID]);
      return FALSE;
    }

  return TRUE;
}

static gboolean
prune (HsStoreWriter  *self,
       guint           cap,
       guint           n_inserted,
       GError        **error)
{
  if (cap == 0)
    return TRUE;

  if (self->row_estimate < 0)
    {
      sqlite3_stmt *count = NULL;
      int rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM deliveries", -1, &count, NULL);

      if (rc == SQLITE_OK)
        rc = sqlite3_step (count);
      if (rc != SQLITE_ROW)
        {
          hs_store_set_sqlite_error (error, self->db, rc, "count");
          sqlite3_finalize (count);
          return FALSE;
        }
      /* Counted inside the transaction: already includes this batch. */
      self->row_estimate = sqlite3_column_int64 (count, 0);
      sqlite3_finalize (count);
    }
  else
    self->row_estimate += n_inserted;

  if (self->row_estimate <= cap)
    return TRUE;

  sqlite3_bind_int64 (self->stmts[STMT_PRUNE], 1, (gint64)cap - 1);
  if (!step_done (self, STMT_PRUNE, error))
    return FALSE;

  /* An upper bound: rows deleted elsewhere only make it pessimistic. */
  self->row_estimate = cap;
  return TRUE;
}

static void
close_connection (HsStoreWriter *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  self->applied_serial = 0;
  self->row_estimate = -1;
}

static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  HsStoreWriter *self = data;

  /* Fewer frames than before: the WAL started over after a complete checkpoint. */
  if (pages < self->wal_pages)
    {
      self->checkpoint_asked = FALSE;
      self->checkpoint_asked_at = 0;
    }
  self->wal_pages = pages;
  return SQLITE_OK;
}

static gboolean
ensure_connection (HsStoreWriter  *self,
                   GError        **error)
{
  gboolean synchronous_full;
  guint busy_timeout_ms;
  guint serial;
  int rc;

  g_mutex_lock (&self->options_lock);
  synchronous_full = self->synchronous_full;
  busy_timeout_ms = self->busy_timeout_ms;
  serial = self->options_serial;
  g_mutex_unlock (&self->options_lock);

  if (self->db == NULL)
    {
      rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc != SQLITE_OK)
        {
          hs_store_set_sqlite_error (error, self->db, rc, self->path);
          close_connection (self);
          return FALSE;
        }
      sqlite3_extended_result_codes (self->db, TRUE);

      for (guint i = 0; i < N_STMTS; i++)
        {
          rc = sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[i], NULL);
          if (rc != SQLITE_OK)
            {
              hs_store_set_sqlite_error (error, self->db, rc, stmt_name[i]);
              close_connection (self);
              return FALSE;
            }
        }

      /* Replaces the auto-checkpoint, which would run inside COMMIT, before the answers. */
      sqlite3_wal_hook (self->db, on_wal_commit, self);
    }

  if (serial != self->applied_serial)
    {
      if (!hs_store_apply_connection_options (self->db, synchronous_full, busy_timeout_ms, error))
        return FALSE;
      self->applied_serial = serial;
    }

  return TRUE;
}

/* Deleted or replaced under a running app (a user's rm, a restore from a backup): writing on
 * would put deliveries in a file that nobody can open again, so a 2xx would lie. One stat()
 * per batch, on this thread. */
static gboolean
check_same_file (HsStoreWriter  *self,
                 GError        **error)
{
  GStatBuf st;
  int saved_errno;

  if (self->file_ino == 0)
    return TRUE;
  if (g_stat (self->path, &st) == 0)
    {
      if (st.st_dev == self->file_dev && st.st_ino == self->file_ino)
        return TRUE;
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_REPLACED,
                   _("The database file %s was replaced by another file while Hookscope had it "
                     "open; restart Hookscope to use the new one"), self->path);
      return FALSE;
    }

  saved_errno = errno;
  if (saved_errno != ENOENT)
    return TRUE;  /* cannot tell (a permission change): let SQLite say what it finds */
  g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_REPLACED,
               _("The database file %s was deleted while Hookscope had it open; restart "
                 "Hookscope to start a new one"), self->path);
  return FALSE;
}

static gboolean
write_batch (HsStoreWriter  *self,
             GArray         *jobs,
             GError        **error)
{
  gint64 max_id = 0;
  guint cap;

  g_mutex_lock (&self->options_lock);
  cap = self->retention_cap;
  g_mutex_unlock (&self->options_lock);

  if (!check_same_file (self, error) || !ensure_connection (self, error))
    return FALSE;

  /* One writer at a time in this process: the projector waits here rather than in SQLite's
   * busy handler, which sleeps milliseconds at a time. */
  hs_store_lock_writes_first (self->store);
  if (!step_done (self, STMT_BEGIN, error))
    {
      hs_store_unlock_writes (self->store);
      return FALSE;
    }

  if (!read_max_id (self, &max_id, error))
    goto rollback;
  if (max_id > G_MAXINT64 - (gint64)jobs->len)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED,
                   _("No delivery id left in this database"));
      goto rollback;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = &g_array_index (jobs, Job, i);

      job->id = ++max_id;
      if (!insert_job (self, job, error))
        goto rollback;
    }

  if (!prune (self, cap, jobs->len, error))
    goto rollback;

  if (!step_done (self, STMT_COMMIT, error))
    goto rollback;

  hs_store_unlock_writes (self->store);
  return TRUE;

rollback:
  /* May fail if SQLite already rolled back (disk full): the transaction is gone either way. */
  if (!sqlite3_get_autocommit (self->db))
    step_done (self, STMT_ROLLBACK, NULL);
  hs_store_unlock_writes (self->store);
  self->row_estimate = -1;
  for (guint i = 0; i < jobs->len; i++)
    g_array_index (jobs, Job, i).id = 0;
  return FALSE;
}

/* Called after each batch was answered. */
static void
maybe_checkpoint (HsStoreWriter *self)
{
  guint runs;

  if (self->db == NULL || self->wal_pages < CHECKPOINT_PAGES)
    return;

  runs = hs_store_checkpointer_get_n_runs (self->checkpointer);
  if (self->checkpoint_asked && runs == self->checkpoint_runs)
    {
      /* Still at it. A writer with nothing else to do fills the WAL faster than a concurrent
       * checkpoint empties it: past the cap by another WAL_OVERSHOOT_PAGES, wait for the run
       * to end so that the writer's own step below can let the WAL start over. */
      if (self->wal_pages < WAL_RESTART_PAGES + WAL_OVERSHOOT_PAGES)
        return;
      hs_store_checkpointer_wait_run (self->checkpointer, runs);
    }

  if (self->checkpoint_asked && self->wal_pages >= WAL_RESTART_PAGES)
    {
      /* Only what was appended since its last run is left to copy. PASSIVE never waits:
       * BUSY if a checkpoint is running, and the next batch tries again. After it, the next
       * transaction starts the WAL over. */
      if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                     NULL, NULL) == SQLITE_OK)
        {
          self->checkpoint_asked = FALSE;
          self->checkpoint_asked_at = 0;
        }
      return;
    }

  if (!self->checkpoint_asked ||
      self->wal_pages >= self->checkpoint_asked_at + CHECKPOINT_STEP_PAGES)
    {
      self->checkpoint_runs = runs;
      self->checkpoint_asked = TRUE;
      self->checkpoint_asked_at = self->wal_pages;
      hs_store_checkpointer_request (self->checkpointer);
    }
}

static void
process_batch (HsStoreWriter *self,
               GArray        *jobs)
{
  Batch *batch = g_new0 (Batch, 1);
  GMainContext *task_context;

  batch->ref_count = 1;
  batch->tasks = g_ptr_array_new_full (jobs->len, g_object_unref);

  for (guint i = 0; i < jobs->len; i++)
    prepare_job (self, &g_array_index (jobs, Job, i));

  /* A full disk fails every batch until space returns: the log says so once, and once when
   * writes work again. */
  if (!write_batch (self, jobs, &batch->error))
    {
      if (!self->failing)
        g_warning ("Could not store %u deliveries in %s: %s (said once until writes work again)",
                   jobs->len, self->path, batch->error->message);
      self->failing = TRUE;
    }
  else if (self->failing)
    {
      g_message ("Deliveries are stored in %s again", self->path);
      self->failing = FALSE;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = &g_array_index (jobs, Job, i);

      g_ptr_array_add (batch->tasks, g_steal_pointer (&job->task));
    }
  if (batch->error == NULL)
    {
      batch->first_id = g_array_index (jobs, Job, 0).id;
      batch->last_id = g_array_index (jobs, Job, jobs->len - 1).id;
      hs_store_kick_projector (self->store, jobs->len);
    }

  g_atomic_int_add (&self->n_pending, -(gint)jobs->len);

  /* The answers go to the senders' context (in the window, the listener's own thread: a slow
   * frame never delays them); the store's signals to the store's. */
  task_context = g_task_get_context (g_ptr_array_index (batch->tasks, 0));
  batch->announce_here = task_context == self->context;
  if (!batch->announce_here)
    {
      g_atomic_int_inc (&batch->ref_count);
      hs_store_invoke_later (self->context, batch_announce_cb, batch, batch_free);
    }
  hs_store_invoke_later (task_context, batch_complete, batch, batch_free);

  maybe_checkpoint (self);
}

static gpointer
writer_thread (gpointer data)
{
  HsStoreWriter *self = data;
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (Job));
  gboolean quit = FALSE;

  g_array_set_clear_func (jobs, (GDestroyNotify)job_clear);
  while (!quit)
    {
      gpointer item = g_async_queue_pop (self->queue);

      /* Group commit: everything that queued up while the last batch was on disk. */
      while (item != NULL)
        {
          if (item == &quit_marker)
            quit = TRUE;
          else
            {
              Job job = { 0 };

              job.task = item;
              job.delivery = g_task_get_task_data (item);
              g_array_append_val (jobs, job);
            }
          item = g_async_queue_try_pop (self->queue);
        }

      if (jobs->len > 0)
        process_batch (self, jobs);
      g_array_set_size (jobs, 0);
    }

  close_connection (self);

  return NULL;
}

HsStoreWriter *
hs_store_writer_new (HsStore      *store,
                     const char   *path,
                     GMainContext *context)
{
  HsStoreWriter *self = g_new0 (HsStoreWriter, 1);

  self->path = g_strdup (path);
  self->context = g_main_context_ref (context);
  self->queue = g_async_queue_new ();
  self->busy_timeout_ms = 5000;
  self->options_serial = 1;
  self->row_estimate = -1;
  self->checkpointer = hs_store_checkpointer_new (path);
  self->store = store;
  {
    GStatBuf st;

    /* The store has just opened this path. */
    if (g_stat (path, &st) == 0)
      {
        self->file_dev = st.st_dev;
        self->file_ino = st.st_ino;
      }
  }
  g_mutex_init (&self->options_lock);
  self->thread = g_thread_new ("hs-store-writer", writer_thread, self);

  return self;
}

void
hs_store_writer_push (HsStoreWriter *self,
                      GTask         *task)
{
  g_assert (self != NULL);
  g_assert (G_IS_TASK (task));

  g_atomic_int_inc (&self->n_pending);
  g_async_queue_push (self->queue, task);
}

void
hs_store_writer_set_options (HsStoreWriter *self,
                             gboolean       synchronous_full,
                             guint          busy_timeout_ms,
                             guint          retention_cap)
{
  g_assert (self != NULL);

  g_mutex_lock (&self->options_lock);
  self->synchronous_full = synchronous_full;
  self->busy_timeout_ms = busy_timeout_ms;
  self->retention_cap = retention_cap;
  self->options_serial++;
  g_mutex_unlock (&self->options_lock);
}

guint
hs_store_writer_get_n_pending (HsStoreWriter *self)
{
  g_assert (self != NULL);

  return g_atomic_int_get (&self->n_pending);
}

/* Writes everything still queued, then stops the thread. The results of those last writes
 * arrive on the main context later, like any other. */
void
hs_store_writer_free (HsStoreWriter *self)
{
  if (self == NULL)
    return;

  g_async_queue_push (self->queue, &quit_marker);
  g_thread_join (self->thread);
  hs_store_checkpointer_free (self->checkpointer);

  g_async_queue_unref (self->queue);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->options_lock);
  g_free (self->path);
  g_free (self);
}
