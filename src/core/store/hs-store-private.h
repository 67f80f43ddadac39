/* hs-store-private.h: what hs-store.c, hs-store-writer.c and hs-store-checkpointer.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-store.h"

G_BEGIN_DECLS

typedef struct _HsStoreWriter HsStoreWriter;

/* The statements hs-store-deliveries.c keeps prepared on the store's read connection. */
enum {
  READ_COUNT,
  READ_COUNT_EVENT,
  READ_PAGE,
  READ_PAGE_BEFORE,
  READ_PAGE_EVENT,
  READ_PAGE_EVENT_BEFORE,
  READ_GET,
  HS_STORE_N_READS
};
typedef struct _HsStoreCheckpointer HsStoreCheckpointer;

/* Called on the store's main context once per failed batch. */
typedef void (*HsStoreWriteErrorFunc) (HsStore    *store,
                                       const char *message);

HsStoreWriter *hs_store_writer_new           (HsStore        *store,
                                              const char     *path,
                                              GMainContext   *context);
void           hs_store_writer_push          (HsStoreWriter  *writer,
                                              GTask          *task);
void           hs_store_writer_set_options   (HsStoreWriter  *writer,
                                              gboolean        synchronous_full,
                                              guint           busy_timeout_ms,
                                              guint           retention_cap);
guint          hs_store_writer_get_n_pending (HsStoreWriter  *writer);
void           hs_store_writer_free          (HsStoreWriter  *writer);

HsStoreCheckpointer *hs_store_checkpointer_new        (const char          *path);
void                 hs_store_checkpointer_request    (HsStoreCheckpointer *checkpointer);
guint                hs_store_checkpointer_get_n_runs (HsStoreCheckpointer *checkpointer);
void                 hs_store_checkpointer_wait_run   (HsStoreCheckpointer *checkpointer,
                                                       guint                n_runs);
void                 hs_store_checkpointer_free       (HsStoreCheckpointer *checkpointer);

void           hs_store_emit_write_error     (HsStore        *store,
                                              const GError   *error);
void           hs_store_emit_deliveries_added (HsStore       *store,
                                               gint64         first_id,
                                               gint64         last_id);
void           hs_store_emit_projection_advanced (HsStore    *store,
                                                  const char *name,
                                                  gint64      cursor);

gboolean       hs_store_apply_connection_options (sqlite3    *db,
                                                  gboolean    synchronous_full,
                                                  guint       busy_timeout_ms,
                                                  GError    **error);
gboolean       hs_store_exec                 (sqlite3        *db,
                                              const char     *sql,
                                              GError        **error);
void           hs_store_set_sqlite_error     (GError        **error,
                                              sqlite3        *db,
                                              int             rc,
                                              const char     *what);

sqlite3       *hs_store_open_reader          (const char     *path,
                                              GError        **error);
sqlite3_stmt  *hs_store_get_cached_read      (HsStore        *store,
                                              guint           which,
                                              const char     *sql,
                                              GError        **error);

/* hs-store-migrations.c */
gboolean       hs_store_migrate_one          (sqlite3        *db,
                                              gint64          version,
                                              GError        **error);

HsDelivery    *hs_store_read_delivery        (sqlite3        *db,
                                              gint64          id,
                                              gboolean        with_body,
                                              GError        **error);
GPtrArray     *hs_store_read_deliveries      (sqlite3        *db,
                                              const gint64   *ids,
                                              guint           n_ids,
                                              GError        **error);

void           hs_store_invoke_later         (GMainContext   *context,
                                              GSourceFunc     func,
                                              gpointer        data,
                                              GDestroyNotify  destroy);
void           hs_store_lock_writes          (HsStore        *store);
void           hs_store_lock_writes_first    (HsStore        *store);
gboolean       hs_store_get_writer_waiting   (HsStore        *store);
void           hs_store_unlock_writes        (HsStore        *store);
void           hs_store_kick_projector       (HsStore        *store,
                                              guint           n_committed);
GPtrArray     *hs_store_read_captured_after  (sqlite3        *db,
                                              gint64          after,
                                              guint           limit,
                                              GError        **error);

G_END_DECLS
