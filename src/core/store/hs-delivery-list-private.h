/* hs-delivery-list-private.h: what HsDeliveryList's files share: the object, and the reads
 * on its worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hs-delivery-list.h"
#include "hs-keyed-pages.h"

G_BEGIN_DECLS

/* Every insertion at the top moves every row, so a view rebinds all of its visible rows: at a
 * few thousand deliveries a second, one insertion each would take the whole main loop (the
 * window answered 500 requests a second). Announced deliveries are inserted together, at
 * most ten times a second. */
#define ANNOUNCE_INTERVAL_US (100 * 1000)

struct _HsDeliveryList
{
  GObject     parent_instance;

  HsStore    *store;
  /* The ids, oldest first, so that a new delivery is an O(1) append (position p maps to
   * ids[len - 1 - p]), and the rows read. */
  HsKeyedPages *pages;
  /* Deliveries announced while the ids were loading: appended after the load. */
  GArray     *pending;
  /* Announced deliveries not inserted yet, and when the last ones were. */
  GArray     *announced;
  guint       announce_source;
  gint64      announced_at;

  /* A search or filters (hs_delivery_list_set_query()): new deliveries are then listed once
   * the projections have seen them (hs_delivery_list_projected()), not when announced. */
  HsDeliveryQuery *query;
  /* A search loads its newest page first, then the rest (older than rest_before). */
  GCancellable    *rest_cancellable;
  gint64           rest_before;
  gint64           checked_through;
  gboolean         checking;
  gint64           check_again;

  guint       loaded : 1;
  guint       loading : 1;
};

/* The ids, oldest first (hs_keyed_pages_set_keys() replaces the array: never keep it). */
#define IDS(self) (hs_keyed_pages_get_keys ((self)->pages))

void       hs_delivery_list_notify_n_items (HsDeliveryList       *self);

GArray    *hs_delivery_list_query_ids  (const char             *path,
                                        const HsDeliveryQuery  *query,
                                        gint64                  after_id,
                                        guint                   newest,
                                        GCancellable           *cancellable,
                                        GError                **error);
GArray    *hs_delivery_list_all_ids    (const char             *path,
                                        guint                   newest,
                                        gint64                  before,
                                        gint64                 *assumed_before,
                                        GCancellable           *cancellable,
                                        GError                **error);
GPtrArray *hs_delivery_list_read_rows  (const char             *path,
                                        const gint64           *ids,
                                        guint                   n_ids,
                                        GError                **error);
GPtrArray *hs_delivery_list_read_page  (sqlite3                *db,
                                        const gint64           *keys,
                                        guint                   n_keys,
                                        gpointer                read_data,
                                        GError                **error);

G_END_DECLS
