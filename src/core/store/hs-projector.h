/* hs-projector.h: applies new deliveries to the projections (see hs-projection.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-projection.h"
#include "hs-store.h"

G_BEGIN_DECLS

typedef struct _HsProjector HsProjector;

typedef void (*HsProjectorProgress) (gint64   done,
                                     gint64   total,
                                     gpointer user_data);

HsProjector *hs_projector_new           (HsStore                        *store,
                                         const char                     *path,
                                         GMainContext                   *context,
                                         const HsProjectionInfo * const *projections,
                                         guint                           n_projections);
void         hs_projector_kick          (HsProjector                    *self,
                                         guint                           n_committed);
gboolean     hs_projector_wait          (HsProjector                    *self,
                                         gint64                          id,
                                         gint64                          timeout_us,
                                         GError                        **error);
void         hs_projector_free          (HsProjector                    *self);
gboolean     hs_projector_rebuild       (HsStore                        *store,
                                         const char                     *path,
                                         const HsProjectionInfo * const *projections,
                                         guint                           n_projections,
                                         HsProjectorProgress             progress,
                                         gpointer                        user_data,
                                         GError                        **error);

G_END_DECLS
