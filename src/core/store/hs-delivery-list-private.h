/* hs-delivery-list-private.h: HsDeliveryList's reads on its worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hs-delivery-list.h"

G_BEGIN_DECLS

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
