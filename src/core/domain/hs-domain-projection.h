/* hs-domain-projection.h: the domain model as a projection (see hs-projection.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-projection.h"

G_BEGIN_DECLS

const HsProjectionInfo *hs_domain_projection_get_info (void);

G_END_DECLS
