/* hs-projections.c: every projection of the deliveries, in the order they are applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-projections"

#include "config.h"

#include "hs-domain-projection.h"
#include "hs-forward-projection.h"
#include "hs-projections.h"
#include "hs-search-index.h"

/* Add a projection here (see HACKING.md): the capture and `hookscope reproject` use this. */
const HsProjectionInfo * const *
hs_projections_get_all (guint *n_projections)
{
  static const HsProjectionInfo *all[3];

  g_return_val_if_fail (n_projections != NULL, NULL);

  all[0] = hs_domain_projection_get_info ();
  all[1] = hs_search_index_get_info ();
  all[2] = hs_forward_projection_get_info ();
  *n_projections = G_N_ELEMENTS (all);

  return all;
}
