/* hs-replay-target-keys.h: saved replay targets' API keys, in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hs-replay-target.h"

G_BEGIN_DECLS

/* What the replay_targets.api_key column holds for a key kept in the keyring. */
#define HS_REPLAY_KEY_IN_KEYRING "@keyring"

gboolean hs_replay_keys_store   (sqlite3         *db,
                                 HsReplayTarget  *target,
                                 const char     **column_value,
                                 GError         **error);
gboolean hs_replay_keys_load    (sqlite3         *db,
                                 HsReplayTarget  *target,
                                 GError         **error);
void     hs_replay_keys_forget  (sqlite3         *db,
                                 gint64           target_id);
void     hs_replay_keys_migrate (const char      *path);

G_END_DECLS
