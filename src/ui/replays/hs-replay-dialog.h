/* hs-replay-dialog.h: replay one delivery to a target, optionally edited, and see the answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_REPLAY_DIALOG (hs_replay_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HsReplayDialog, hs_replay_dialog, HS, REPLAY_DIALOG, AdwWindow)

HsReplayDialog *hs_replay_dialog_new        (GtkWindow      *parent,
                                             HsStore        *store,
                                             gint64          delivery_id);
HsReplayDialog *hs_replay_dialog_new_for_deliveries (GtkWindow    *parent,
                                                     HsStore      *store,
                                                     const gint64 *ids,
                                                     guint         n_ids);
void            hs_replay_dialog_set_target (HsReplayDialog *self,
                                             const char     *target_name,
                                             const char     *base_url,
                                             gboolean        append_path);

G_END_DECLS
