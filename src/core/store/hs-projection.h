/* hs-projection.h: derived data as a projection of the deliveries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A projection (the domain model, and from now on every derived index) is rebuilt from the
 * deliveries alone. HsProjector applies new deliveries to each projection in id order, in
 * batches, on a thread of its own with its own connection, and stores the projection's cursor
 * (the last delivery id it applied, table `projections`) in the same transaction as its rows:
 * after a crash it resumes from the cursor; `hookscope reproject` resets it and starts over.
 *
 * Every function is called on the projector's thread, inside its write transaction.
 */

#pragma once

#include <sqlite3.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

typedef struct
{
  /* Its row in `projections`, and the detail of HsStore::projection-advanced. */
  const char *name;

  /* Per-connection state (prepared statements, caches); NULL with @error on failure. */
  gpointer (*open)   (sqlite3     *db,
                      GError     **error);
  void     (*close)  (gpointer     state);
  /* Applies one delivery (with its body; the projector's own object, free to change). A
   * failure rolls the whole batch back and stops the projector (the projection handles the
   * deliveries it cannot understand itself: a malformed payload is data, not an error). */
  gboolean (*apply)  (gpointer     state,
                      HsDelivery  *delivery,
                      GError     **error);
  /* Optional: at the end of a batch (pruning what belongs to deleted deliveries). */
  gboolean (*finish) (gpointer     state,
                      GError     **error);
  /* Deletes every row the projection derived, before a rebuild. */
  gboolean (*reset)  (sqlite3     *db,
                      GError     **error);
} HsProjectionInfo;

G_END_DECLS
