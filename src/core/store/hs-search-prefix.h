/* hs-search-prefix.h: a search whose last word is an email, a UUID or a path, started from
 * its whole tokens and checked for its last, unfinished one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

typedef struct _HsSearchPrefix HsSearchPrefix;

HsSearchPrefix *hs_search_prefix_new           (sqlite3        *db,
                                                const char     *text);
const char     *hs_search_prefix_get_match     (HsSearchPrefix *self);
gboolean        hs_search_prefix_check         (HsSearchPrefix *self,
                                                HsDelivery     *delivery);
void            hs_search_prefix_free          (HsSearchPrefix *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsSearchPrefix, hs_search_prefix_free)

G_END_DECLS
