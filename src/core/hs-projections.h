/* hs-projections.h: every projection of the deliveries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-projection.h"

G_BEGIN_DECLS

const HsProjectionInfo * const *hs_projections_get_all (guint *n_projections);

G_END_DECLS
