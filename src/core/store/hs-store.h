/* hs-store.h: every delivery, durably, in one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: an HsStore is made on (and its async results come back to) the thread-default main
 * context of the thread that opened it. Writes go to one writer thread with its own connection
 * that commits everything queued in one transaction (group commit). Reads use a separate
 * connection owned by the opening thread.
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "hs-delivery.h"
#include "hs-event.h"
#include "hs-projection.h"

G_BEGIN_DECLS

#define HS_STORE_ERROR (hs_store_error_quark ())

typedef enum
{
  HS_STORE_ERROR_FAILED,
  HS_STORE_ERROR_NEWER_SCHEMA,  /* the file comes from a newer Hookscope: left untouched */
  HS_STORE_ERROR_NOT_DATABASE,  /* not an SQLite database, or damaged: left untouched */
  HS_STORE_ERROR_NOT_FOUND,     /* no delivery with that id */
  HS_STORE_ERROR_WRITE,         /* the write failed (read-only, disk full, locked, ...) */
  HS_STORE_ERROR_CLOSED,        /* the store is shutting down */
} HsStoreError;

/* The schema version this build creates and understands (PRAGMA user_version). */
#define HS_STORE_SCHEMA_VERSION 7

/* Bodies over the listener's limit keep this many leading bytes. */
#define HS_STORE_TRUNCATED_BODY_SIZE (64 * 1024)

typedef enum
{
  HS_STORE_FOREACH_NEWEST_FIRST = 0,
  HS_STORE_FOREACH_OLDEST_FIRST = 1 << 0,
  HS_STORE_FOREACH_WITH_BODY    = 1 << 1,
} HsStoreForeachFlags;

/* Return FALSE to stop. The delivery is only borrowed: ref it to keep it. */
typedef gboolean (*HsStoreForeachFunc) (HsDelivery *delivery,
                                        gpointer    user_data);

#define HS_TYPE_STORE (hs_store_get_type ())

G_DECLARE_FINAL_TYPE (HsStore, hs_store, HS, STORE, GObject)

GQuark      hs_store_error_quark            (void);

HsStore    *hs_store_open                   (const char           *path,
                                             GError              **error);
const char *hs_store_get_path               (HsStore              *self);
gboolean    hs_store_get_synchronous_full   (HsStore              *self);
void        hs_store_set_synchronous_full   (HsStore              *self,
                                             gboolean              synchronous_full);
guint       hs_store_get_retention_cap      (HsStore              *self);
void        hs_store_set_retention_cap      (HsStore              *self,
                                             guint                 retention_cap);
guint       hs_store_get_busy_timeout       (HsStore              *self);
void        hs_store_set_busy_timeout       (HsStore              *self,
                                             guint                 busy_timeout_ms);
void        hs_store_close                  (HsStore              *self);

void        hs_store_insert_async           (HsStore              *self,
                                             HsDelivery           *delivery,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gint64      hs_store_insert_finish          (HsStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
guint       hs_store_get_n_pending          (HsStore              *self);

void        hs_store_start_projections      (HsStore              *self,
                                             const HsProjectionInfo * const *projections,
                                             guint                 n_projections);
gboolean    hs_store_wait_projected         (HsStore              *self,
                                             gint64                id,
                                             gint64                timeout_us,
                                             GError              **error);
gboolean    hs_store_reproject              (HsStore              *self,
                                             const HsProjectionInfo * const *projections,
                                             guint                 n_projections,
                                             void               (*progress) (gint64   done,
                                                                            gint64   total,
                                                                            gpointer user_data),
                                             gpointer              user_data,
                                             GError              **error);

gint64      hs_store_count_deliveries       (HsStore              *self,
                                             const char           *event_name,
                                             GError              **error);
GPtrArray  *hs_store_list_deliveries        (HsStore              *self,
                                             gint64                before_id,
                                             guint                 limit,
                                             const char           *event_name,
                                             GError              **error);
HsDelivery *hs_store_get_delivery           (HsStore              *self,
                                             gint64                id,
                                             GError              **error);
gboolean    hs_store_foreach_delivery       (HsStore              *self,
                                             HsStoreForeachFlags   flags,
                                             const char           *event_name,
                                             guint64               limit,
                                             HsStoreForeachFunc    func,
                                             gpointer              user_data,
                                             GError              **error);
sqlite3    *hs_store_get_read_connection    (HsStore              *self);

/* Reads of the domain projection and of one delivery (hs-store-reads.c). The synchronous
 * forms are for the thread that opened the store (the command line); the asynchronous ones
 * run on a worker thread with a connection of their own (the window). Lists are GPtrArrays
 * of new objects: HsEvent, HsInvitation, HsParticipant; versions are HsEvents oldest first. */
GPtrArray  *hs_store_list_events            (HsStore              *self,
                                             GError              **error);
GPtrArray  *hs_store_list_invitations       (HsStore              *self,
                                             const char           *event_id,
                                             GError              **error);
GPtrArray  *hs_store_list_participants      (HsStore              *self,
                                             const char           *event_id,
                                             GError              **error);
GPtrArray  *hs_store_list_event_versions    (HsStore              *self,
                                             const char           *event_id,
                                             GError              **error);
HsEvent    *hs_store_get_event              (HsStore              *self,
                                             const char           *event_id,
                                             GError              **error);
char       *hs_store_dup_event_json         (HsStore              *self,
                                             const char           *event_id,
                                             GError              **error);

void        hs_store_list_events_async      (HsStore              *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
void        hs_store_list_invitations_async (HsStore              *self,
                                             const char           *event_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
void        hs_store_list_participants_async (HsStore             *self,
                                              const char          *event_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void        hs_store_list_event_versions_async (HsStore             *self,
                                                const char          *event_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *hs_store_list_finish            (HsStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void        hs_store_list_events_changed_async (HsStore             *self,
                                                gint64               after_delivery_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void        hs_store_list_invitations_changed_async (HsStore             *self,
                                                     gint64               after_delivery_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray  *hs_store_list_changed_finish    (HsStore              *self,
                                             GAsyncResult         *result,
                                             gint64               *last_delivery_id,
                                             GError              **error);
void        hs_store_get_event_async        (HsStore              *self,
                                             const char           *event_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
HsEvent    *hs_store_get_event_finish       (HsStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void        hs_store_get_delivery_async     (HsStore              *self,
                                             gint64                id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
HsDelivery *hs_store_get_delivery_finish    (HsStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
