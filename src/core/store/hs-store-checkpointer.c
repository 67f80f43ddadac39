/* hs-store-checkpointer.c: copies the WAL back into the database on its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A checkpoint reads every page the WAL holds, writes it into the database file and syncs
 * both files: milliseconds to tens of milliseconds for a 16 MiB WAL. Run by the writer thread,
 * that time stalled every sender waiting for the next COMMIT (a fifth of the writer's wall
 * time under load). Here a thread with its own connection runs PASSIVE checkpoints when the
 * writer asks for one; WAL mode lets the writer keep appending meanwhile.
 *
 * PASSIVE never waits for the writer or for readers. The WAL can only start over from its
 * beginning once a checkpoint has caught up with all of it, which a steady flood of commits
 * may never allow; the writer then finishes the job itself (see hs-store-writer.c).
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include "hs-store-private.h"

struct _HsStoreCheckpointer
{
  char     *path;
  GThread  *thread;
  GMutex    lock;
  GCond     cond;
  gboolean  requested;
  gboolean  quit;
  guint     n_runs;

  /* Checkpointer thread only. */
  sqlite3  *db;
};

static gboolean
ensure_connection (HsStoreCheckpointer *self)
{
  g_autoptr(GError) error = NULL;
  int rc;

  if (self->db != NULL)
    return TRUE;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  /* Checkpoints sync the WAL and the database in NORMAL and FULL alike. */
  if (rc != SQLITE_OK ||
      !hs_store_apply_connection_options (self->db, FALSE, 0, &error))
    {
      if (error == NULL)
        hs_store_set_sqlite_error (&error, self->db, rc, self->path);
      /* Not fatal: the writer checkpoints by itself when the WAL grows past its cap. */
      g_warning ("Could not open %s to checkpoint it: %s", self->path, error->message);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  return TRUE;
}

static gpointer
checkpointer_thread (gpointer data)
{
  HsStoreCheckpointer *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->requested && !self->quit)
        g_cond_wait (&self->cond, &self->lock);
      if (self->quit)
        break;
      self->requested = FALSE;
      g_mutex_unlock (&self->lock);

      if (ensure_connection (self))
        {
          int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                              NULL, NULL);

          /* BUSY: another checkpoint is running; the next request will do. */
          if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            g_debug ("Checkpoint of %s failed: %s", self->path, sqlite3_errmsg (self->db));
        }

      g_mutex_lock (&self->lock);
      self->n_runs++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&self->db, sqlite3_close);

  return NULL;
}

HsStoreCheckpointer *
hs_store_checkpointer_new (const char *path)
{
  HsStoreCheckpointer *self = g_new0 (HsStoreCheckpointer, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("hs-checkpoint", checkpointer_thread, self);

  return self;
}

/* Never blocks: requests made while a checkpoint runs fold into one more run. */
void
hs_store_checkpointer_request (HsStoreCheckpointer *self)
{
  g_assert (self != NULL);

  g_mutex_lock (&self->lock);
  self->requested = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* How many checkpoints ran (or were tried): lets the writer know one finished since it asked. */
/* Blocks until the run after the @n_runs-th is over (the checkpointer stopping ends it too). */
void
hs_store_checkpointer_wait_run (HsStoreCheckpointer *self,
                                guint                n_runs)
{
  g_assert (self != NULL);

  g_mutex_lock (&self->lock);
  while (self->n_runs <= n_runs && !self->quit)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

guint
hs_store_checkpointer_get_n_runs (HsStoreCheckpointer *self)
{
  guint n_runs;

  g_assert (self != NULL);

  g_mutex_lock (&self->lock);
  n_runs = self->n_runs;
  g_mutex_unlock (&self->lock);

  return n_runs;
}

void
hs_store_checkpointer_free (HsStoreCheckpointer *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}
