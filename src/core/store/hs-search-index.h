/* hs-search-index.h: full-text search over the deliveries (SQLite FTS5), as a projection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hs-delivery.h"
#include "hs-projection.h"

G_BEGIN_DECLS

const HsProjectionInfo *hs_search_index_get_info        (void);
gboolean                hs_search_index_migrate         (sqlite3     *db,
                                                         GError     **error);
gboolean                hs_search_index_reindex_migrate (sqlite3     *db,
                                                         GError     **error);
gboolean                hs_search_index_forget          (sqlite3     *db,
                                                         HsDelivery  *delivery,
                                                         GError     **error);
char                   *hs_search_index_match_expression (const char *text);

/* path, query, headers, body */
#define HS_SEARCH_INDEX_N_COLUMNS 4
void                    hs_search_index_dup_texts       (HsDelivery  *delivery,
                                                         char       **texts);

G_END_DECLS
