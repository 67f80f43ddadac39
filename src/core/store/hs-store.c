/* hs-store.c: the SQLite file, opening and migrating it, its connections and threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file, WAL journal, synchronous=NORMAL by default (a committed delivery survives a killed
 * process; FULL also survives a power loss). Writes go through hs-store-writer.c; reads use the
 * connection opened here, on the thread that opened the store, with query_only set; what
 * they read is in hs-store-deliveries.c and hs-store-reads.c.
 */

#define G_LOG_DOMAIN "hs-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "hs-projector.h"
#include "hs-store-private.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000


struct _HsStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *read_db;
  sqlite3_stmt  *reads[HS_STORE_N_READS];  /* hs-store-deliveries.c's, prepared once */
  GMainContext  *context;
  HsStoreWriter *writer;
  HsProjector   *projector;  /* only while capturing (hs_store_start_projections()) */
  GMutex         write_lock;
  gint           writer_waiting;  /* atomic: the writer wants the lock */

  gboolean       synchronous_full;
  guint          retention_cap;
  guint          busy_timeout_ms;
};

G_DEFINE_FINAL_TYPE (HsStore, hs_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (hs-store-error-quark, hs_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SYNCHRONOUS_FULL,
  PROP_RETENTION_CAP,
  PROP_BUSY_TIMEOUT,
  N_PROPS
};

enum {
  WRITE_ERROR,
  DELIVERIES_ADDED,
  PROJECTION_ADVANCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
hs_store_set_sqlite_error (GError     **error,
                           sqlite3     *db,
                           int          rc,
                           const char  *what)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_WRITE, "%s (%s)", message, what);
}

gboolean
hs_store_apply_connection_options (sqlite3   *db,
                                   gboolean   synchronous_full,
                                   guint      busy_timeout_ms,
                                   GError   **error)
{
  const char *sql = synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  int rc;

  sqlite3_busy_timeout (db, busy_timeout_ms);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      hs_store_set_sqlite_error (error, db, rc, sql);
      return FALSE;
    }

  return TRUE;
}

static void
push_options (HsStore *self)
{
  g_autoptr(GError) error = NULL;

  if (self->read_db != NULL &&
      !hs_store_apply_connection_options (self->read_db, self->synchronous_full,
                                          self->busy_timeout_ms, &error))
    g_warning ("%s", error->message);
  if (self->writer != NULL)
    hs_store_writer_set_options (self->writer, self->synchronous_full,
                                 self->busy_timeout_ms, self->retention_cap);
}

/* Detailed "replaced" when the database file was deleted or replaced under the app. */
void
hs_store_emit_write_error (HsStore      *self,
                           const GError *error)
{
  static GQuark replaced;

  if (replaced == 0)
    replaced = g_quark_from_static_string ("replaced");
  g_signal_emit (self, signals[WRITE_ERROR],
                 g_error_matches (error, HS_STORE_ERROR, HS_STORE_ERROR_REPLACED) ? replaced : 0,
                 error->message);
}

void
hs_store_emit_deliveries_added (HsStore *self,
                                gint64   first_id,
                                gint64   last_id)
{
  g_signal_emit (self, signals[DELIVERIES_ADDED], 0, first_id, last_id);
}

void
hs_store_emit_projection_advanced (HsStore    *self,
                                   const char *name,
                                   gint64      cursor)
{
  g_signal_emit (self, signals[PROJECTION_ADVANCED], g_quark_from_string (name), name, cursor);
}

gboolean
hs_store_exec (sqlite3     *db,
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
read_user_version (HsStore  *self,
                   gint64   *version,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->read_db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_DATABASE,
                 _("“%s” is not a Hookscope database or is damaged (%s); it was left untouched"),
                 self->path, sqlite3_errstr (rc));
  else
    g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED,
                 _("Could not read “%s”: %s"), self->path, sqlite3_errmsg (self->read_db));
  return FALSE;
}

static gboolean
check_version (HsStore  *self,
               gint64    version,
               GError  **error)
{
  if (version > HS_STORE_SCHEMA_VERSION || version < 0)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NEWER_SCHEMA,
                   _("“%s” was written by a newer Hookscope (schema %" PRId64
                     ", this version knows up to %d); it was left untouched"),
                   self->path, version, HS_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (HsStore  *self,
         GError  **error)
{
  gint64 version = 0;

  /* Refuse before anything writes: not even the journal mode may change a newer file. */
  if (!read_user_version (self, &version, error) || !check_version (self, version, error))
    return FALSE;

  if (!hs_store_exec (self->read_db, "PRAGMA journal_mode = WAL", error))
    return FALSE;

  if (version == HS_STORE_SCHEMA_VERSION)
    return TRUE;

  if (!hs_store_exec (self->read_db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have migrated while we waited for the lock. */
  if (!read_user_version (self, &version, error) || !check_version (self, version, error))
    goto rollback;

  for (gint64 v = version; v < HS_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = NULL;

      if (!hs_store_migrate_one (self->read_db, v, error))
        goto rollback;
      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);
      if (!hs_store_exec (self->read_db, set_version, error))
        goto rollback;
    }

  if (!hs_store_exec (self->read_db, "COMMIT", error))
    goto rollback;

  return TRUE;

rollback:
  sqlite3_exec (self->read_db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
open_database (HsStore  *self,
               GError  **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->read_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("Could not open “%s”: %s"),
                   self->path,
                   self->read_db ? sqlite3_errmsg (self->read_db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->read_db, TRUE);
  sqlite3_busy_timeout (self->read_db, self->busy_timeout_ms);

  if (!migrate (self, error))
    return FALSE;

  if (!hs_store_apply_connection_options (self->read_db, self->synchronous_full,
                                          self->busy_timeout_ms, error) ||
      !hs_store_exec (self->read_db, "PRAGMA query_only = 1", error))
    return FALSE;

  return TRUE;
}

/**
 * hs_store_close:
 *
 * Writes whatever is still queued, stops the writer thread and closes both connections.
 * The results of the last writes still arrive on the main context. Reads fail afterwards.
 */
void
hs_store_close (HsStore *self)
{
  g_return_if_fail (HS_IS_STORE (self));

  /* The writer commits what is queued, then the projector applies it. */
  g_clear_pointer (&self->writer, hs_store_writer_free);
  g_clear_pointer (&self->projector, hs_projector_free);
  for (guint i = 0; i < HS_STORE_N_READS; i++)
    g_clear_pointer (&self->reads[i], sqlite3_finalize);
  g_clear_pointer (&self->read_db, sqlite3_close);
}

static void
hs_store_dispose (GObject *object)
{
  hs_store_close (HS_STORE (object));

  G_OBJECT_CLASS (hs_store_parent_class)->dispose (object);
}

static void
hs_store_finalize (GObject *object)
{
  HsStore *self = (HsStore *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (hs_store_parent_class)->finalize (object);
}

static void
hs_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HsStore *self = HS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SYNCHRONOUS_FULL:
      g_value_set_boolean (value, self->synchronous_full);
      break;
    case PROP_RETENTION_CAP:
      g_value_set_uint (value, self->retention_cap);
      break;
    case PROP_BUSY_TIMEOUT:
      g_value_set_uint (value, self->busy_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HsStore *self = HS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_SYNCHRONOUS_FULL:
      hs_store_set_synchronous_full (self, g_value_get_boolean (value));
      break;
    case PROP_RETENTION_CAP:
      hs_store_set_retention_cap (self, g_value_get_uint (value));
      break;
    case PROP_BUSY_TIMEOUT:
      hs_store_set_busy_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_store_class_init (HsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_store_dispose;
  object_class->finalize = hs_store_finalize;
  object_class->get_property = hs_store_get_property;
  object_class->set_property = hs_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FULL: a committed delivery also survives a power loss, at the cost of an fsync per batch. */
  properties[PROP_SYNCHRONOUS_FULL] =
    g_param_spec_boolean ("synchronous-full", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* 0: keep everything. Otherwise the oldest deliveries beyond this many are deleted. */
  properties[PROP_RETENTION_CAP] =
    g_param_spec_uint ("retention-cap", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How long a write waits for another process's lock before the batch fails (503). */
  properties[PROP_BUSY_TIMEOUT] =
    g_param_spec_uint ("busy-timeout", NULL, NULL, 0, G_MAXINT, DEFAULT_BUSY_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsStore::write-error:
   * @message: what went wrong, for people
   *
   * A batch of deliveries could not be committed (their senders got 503). Emitted on the
   * store's main context, once per failed batch; with the detail "replaced" when the file at
   * the store's path was deleted or replaced (HS_STORE_ERROR_REPLACED).
   */
  signals[WRITE_ERROR] =
    g_signal_new ("write-error", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * HsStore::deliveries-added:
   * @first_id: the first new delivery
   * @last_id: the last; every id in between was added by the same commit
   *
   * Emitted on the store's main context once per committed batch, after the commit (the rows
   * can be read), in the same dispatch that completes the senders' tasks.
   */
  signals[DELIVERIES_ADDED] =
    g_signal_new ("deliveries-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  /**
   * HsStore::projection-advanced:
   * @name: the projection ("domain", ...), also the signal's detail
   * @cursor: it has applied every delivery up to this id, committed
   *
   * Emitted on the store's main context after a projection committed a batch.
   */
  signals[PROJECTION_ADVANCED] =
    g_signal_new ("projection-advanced", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
hs_store_init (HsStore *self)
{
  self->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->write_lock);
}

/**
 * hs_store_open:
 * @path: the database file; its folder is created if needed
 *
 * Opens (creating if needed) and migrates the database. A file from a newer Hookscope
 * (%HS_STORE_ERROR_NEWER_SCHEMA) or one that is not a database (%HS_STORE_ERROR_NOT_DATABASE)
 * is refused and left untouched.
 */
HsStore *
hs_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(HsStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (HS_TYPE_STORE, "path", path, NULL);

  if (!open_database (self, error))
    return NULL;

  self->writer = hs_store_writer_new (self, self->path, self->context);
  push_options (self);

  return g_steal_pointer (&self);
}

const char *
hs_store_get_path (HsStore *self)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);
  return self->path;
}

gboolean
hs_store_get_synchronous_full (HsStore *self)
{
  g_return_val_if_fail (HS_IS_STORE (self), FALSE);
  return self->synchronous_full;
}

void
hs_store_set_synchronous_full (HsStore  *self,
                               gboolean  synchronous_full)
{
  g_return_if_fail (HS_IS_STORE (self));

  synchronous_full = !!synchronous_full;
  if (self->synchronous_full == synchronous_full)
    return;
  self->synchronous_full = synchronous_full;
  push_options (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCHRONOUS_FULL]);
}

guint
hs_store_get_retention_cap (HsStore *self)
{
  g_return_val_if_fail (HS_IS_STORE (self), 0);
  return self->retention_cap;
}

void
hs_store_set_retention_cap (HsStore *self,
                            guint    retention_cap)
{
  g_return_if_fail (HS_IS_STORE (self));

  if (self->retention_cap == retention_cap)
    return;
  self->retention_cap = retention_cap;
  push_options (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_CAP]);
}

guint
hs_store_get_busy_timeout (HsStore *self)
{
  g_return_val_if_fail (HS_IS_STORE (self), 0);
  return self->busy_timeout_ms;
}

void
hs_store_set_busy_timeout (HsStore *self,
                           guint    busy_timeout_ms)
{
  g_return_if_fail (HS_IS_STORE (self));

  busy_timeout_ms = MIN (busy_timeout_ms, G_MAXINT);
  if (self->busy_timeout_ms == busy_timeout_ms)
    return;
  self->busy_timeout_ms = busy_timeout_ms;
  push_options (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY_TIMEOUT]);
}

/**
 * hs_store_insert_async:
 *
 * Queues @delivery for the writer thread. The callback runs on the store's main context after
 * the transaction that holds it committed (or failed: %HS_STORE_ERROR_WRITE). Before writing,
 * the writer may set the delivery's parse verdict (not-json), event name, and response status
 * (400 for a JSON body that does not parse), and the domain model may set more; read them from
 * the delivery in the callback, not before. The delivery must not be changed meanwhile.
 */
void
hs_store_insert_async (HsStore             *self,
                       HsDelivery          *delivery,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_STORE (self));
  g_return_if_fail (HS_IS_DELIVERY (delivery));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_store_insert_async);
  g_task_set_task_data (task, g_object_ref (delivery), g_object_unref);
  /* Once queued the write happens: a commit cannot be half taken back. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->writer == NULL)
    {
      g_task_return_new_error (task, HS_STORE_ERROR, HS_STORE_ERROR_CLOSED,
                               _("The database is closed"));
      return;
    }

  hs_store_writer_push (self->writer, g_steal_pointer (&task));
}

/* Returns the new delivery's id, or 0 with @error set. */
gint64
hs_store_insert_finish (HsStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  gint64 id;

  g_return_val_if_fail (HS_IS_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);
  return id > 0 ? id : 0;
}

/* Deliveries queued and not yet written. */
guint
hs_store_get_n_pending (HsStore *self)
{
  g_return_val_if_fail (HS_IS_STORE (self), 0);

  return self->writer ? hs_store_writer_get_n_pending (self->writer) : 0;
}


/* A read-only connection of a worker's own (a list's pages, an async read): its thread only,
 * waiting up to 5 s for a writer's lock. %NULL and @error when the file cannot be opened. */
sqlite3 *
hs_store_open_reader (const char  *path,
                      GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, "%s: %s", path,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);

  return db;
}

/* A statement of hs-store-deliveries.c on the read connection, prepared on first use and kept
 * until the store closes. */
sqlite3_stmt *
hs_store_get_cached_read (HsStore     *self,
                          guint        which,
                          const char  *sql,
                          GError     **error)
{
  int rc;

  g_return_val_if_fail (which < HS_STORE_N_READS, NULL);

  if (self->read_db == NULL)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_CLOSED, _("The database is closed"));
      return NULL;
    }

  if (self->reads[which] == NULL)
    {
      rc = sqlite3_prepare_v3 (self->read_db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                               &self->reads[which], NULL);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("Could not read “%s”: %s"),
                       self->path, sqlite3_errmsg (self->read_db));
          return NULL;
        }
    }

  return self->reads[which];
}

/**
 * hs_store_get_read_connection:
 *
 * The store's read connection (query_only), for read-only queries on the thread that opened
 * the store. Owned by the store; %NULL after hs_store_close().
 */
sqlite3 *
hs_store_get_read_connection (HsStore *self)
{
  g_return_val_if_fail (HS_IS_STORE (self), NULL);
  return self->read_db;
}

/* Runs @func on @context's thread, always from its loop: g_main_context_invoke() would run it
 * right here, on the writer's or the projector's thread, whenever nobody iterates the context
 * at that moment (a test between two iterations, a shutdown), and a last reference dropped
 * there would make the thread join itself. */
void
hs_store_invoke_later (GMainContext   *context,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[hookscope] store result");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* The writer and the projector take turns: one write transaction at a time in this process.
 * The writer says it is waiting, and the projector ends its batch at the next delivery. */
void
hs_store_lock_writes (HsStore *self)
{
  g_mutex_lock (&self->write_lock);
}

void
hs_store_lock_writes_first (HsStore *self)
{
  g_atomic_int_inc (&self->writer_waiting);
  g_mutex_lock (&self->write_lock);
  g_atomic_int_dec_and_test (&self->writer_waiting);
}

gboolean
hs_store_get_writer_waiting (HsStore *self)
{
  return g_atomic_int_get (&self->writer_waiting) > 0;
}

void
hs_store_unlock_writes (HsStore *self)
{
  g_mutex_unlock (&self->write_lock);
}

/* Thread-safe; nothing when no projector runs. */
void
hs_store_kick_projector (HsStore *self,
                         guint    n_committed)
{
  HsProjector *projector = g_atomic_pointer_get (&self->projector);

  if (projector != NULL)
    hs_projector_kick (projector, n_committed);
}

/**
 * hs_store_start_projections:
 * @projections: (array length=n_projections): every projection, see hs-projection.h
 *
 * Starts applying deliveries to the projections on a thread of their own, from their
 * cursors: what a previous run left is applied first. For the process that captures (the
 * window, --headless); readers need not. hs_store_close() applies what is left, then stops.
 */
void
hs_store_start_projections (HsStore                        *self,
                            const HsProjectionInfo * const *projections,
                            guint                           n_projections)
{
  g_return_if_fail (HS_IS_STORE (self));
  g_return_if_fail (self->projector == NULL);
  g_return_if_fail (self->read_db != NULL);

  g_atomic_pointer_set (&self->projector,
                        hs_projector_new (self, self->path, self->context, projections,
                                          n_projections));
}

/**
 * hs_store_wait_projected:
 * @id: a delivery id
 * @timeout_us: at most this long
 *
 * Blocks until every projection has applied every delivery up to @id: for tests, and for a
 * shutdown that leaves nothing behind. Returns %FALSE with @error on timeout or when the
 * projections stopped on an error.
 */
gboolean
hs_store_wait_projected (HsStore  *self,
                         gint64    id,
                         gint64    timeout_us,
                         GError  **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), FALSE);

  if (self->projector == NULL)
    {
      g_set_error (error, HS_STORE_ERROR, HS_STORE_ERROR_FAILED, _("No projections are running"));
      return FALSE;
    }

  return hs_projector_wait (self->projector, id, timeout_us, error);
}

/**
 * hs_store_reproject:
 * @progress: (nullable): called after each batch with the deliveries applied and the total
 *
 * Rebuilds every projection from the deliveries, on the calling thread: `hookscope
 * reproject`, and a migration that changes how payloads are understood.
 */
gboolean
hs_store_reproject (HsStore                        *self,
                    const HsProjectionInfo * const *projections,
                    guint                           n_projections,
                    void                          (*progress) (gint64   done,
                                                               gint64   total,
                                                               gpointer user_data),
                    gpointer                        user_data,
                    GError                        **error)
{
  g_return_val_if_fail (HS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->read_db != NULL, FALSE);

  return hs_projector_rebuild (self, self->path, projections, n_projections, progress,
                               user_data, error);
}
