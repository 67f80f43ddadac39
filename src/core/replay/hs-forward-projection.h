/* hs-forward-projection.h: forwarding rules applied to new deliveries, as a projection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hs-projection.h"

G_BEGIN_DECLS

/* The row states of `forward_queue`. */
typedef enum
{
  HS_FORWARD_QUEUED  = 0,  /* to send */
  HS_FORWARD_SENDING = 1,  /* claimed by the forwarder: sent, or being sent, at most once */
} HsForwardState;

gboolean                hs_forward_projection_migrate  (sqlite3  *db,
                                                        GError  **error);
const HsProjectionInfo *hs_forward_projection_get_info (void);

G_END_DECLS
