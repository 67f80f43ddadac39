/* hs-replay-target.h: where replays go (a saved target, or a URL typed once)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HS_TYPE_REPLAY_TARGET (hs_replay_target_get_type ())

G_DECLARE_FINAL_TYPE (HsReplayTarget, hs_replay_target, HS, REPLAY_TARGET, GObject)

HsReplayTarget *hs_replay_target_new                   (const char     *base_url);
HsReplayTarget *hs_replay_target_copy                  (HsReplayTarget *self);

gint64          hs_replay_target_get_id                (HsReplayTarget *self);
void            hs_replay_target_set_id                (HsReplayTarget *self,
                                                        gint64          id);
const char     *hs_replay_target_get_name              (HsReplayTarget *self);
void            hs_replay_target_set_name              (HsReplayTarget *self,
                                                        const char     *name);
const char     *hs_replay_target_get_base_url          (HsReplayTarget *self);
void            hs_replay_target_set_base_url          (HsReplayTarget *self,
                                                        const char     *base_url);
const char     *hs_replay_target_get_api_key           (HsReplayTarget *self);
void            hs_replay_target_set_api_key           (HsReplayTarget *self,
                                                        const char     *api_key);
gboolean        hs_replay_target_get_append_path       (HsReplayTarget *self);
void            hs_replay_target_set_append_path       (HsReplayTarget *self,
                                                        gboolean        append_path);
gboolean        hs_replay_target_get_allow_self_signed (HsReplayTarget *self);
void            hs_replay_target_set_allow_self_signed (HsReplayTarget *self,
                                                        gboolean        allow_self_signed);
gint64          hs_replay_target_get_last_used_at      (HsReplayTarget *self);
void            hs_replay_target_set_last_used_at      (HsReplayTarget *self,
                                                        gint64          last_used_at_us);

G_END_DECLS
