/* hs-store-delete.h: deleting one delivery on the user's request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-store.h"

G_BEGIN_DECLS

gboolean hs_store_delete_delivery        (HsStore              *self,
                                          gint64                id,
                                          GError              **error);
void     hs_store_delete_delivery_async  (HsStore              *self,
                                          gint64                id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean hs_store_delete_delivery_finish (HsStore              *self,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
