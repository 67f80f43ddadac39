/* hs-replay-attempt.h: one replay as it was sent and answered (a row of `replays`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Response bodies are recorded up to this size; the full size is kept beside. */
#define HS_REPLAY_RESPONSE_BODY_CAP (1024 * 1024)

#define HS_TYPE_REPLAY_ATTEMPT (hs_replay_attempt_get_type ())

G_DECLARE_FINAL_TYPE (HsReplayAttempt, hs_replay_attempt, HS, REPLAY_ATTEMPT, GObject)

HsReplayAttempt *hs_replay_attempt_new                   (void);

gint64           hs_replay_attempt_get_id                (HsReplayAttempt *self);
void             hs_replay_attempt_set_id                (HsReplayAttempt *self,
                                                          gint64           id);
gint64           hs_replay_attempt_get_delivery_id       (HsReplayAttempt *self);
void             hs_replay_attempt_set_delivery_id       (HsReplayAttempt *self,
                                                          gint64           delivery_id);
gint64           hs_replay_attempt_get_target_id         (HsReplayAttempt *self);
void             hs_replay_attempt_set_target_id         (HsReplayAttempt *self,
                                                          gint64           target_id);
const char      *hs_replay_attempt_get_target_name       (HsReplayAttempt *self);
void             hs_replay_attempt_set_target_name       (HsReplayAttempt *self,
                                                          const char      *target_name);
gint64           hs_replay_attempt_get_started_at        (HsReplayAttempt *self);
void             hs_replay_attempt_set_started_at        (HsReplayAttempt *self,
                                                          gint64           started_at_us);
gint64           hs_replay_attempt_get_duration          (HsReplayAttempt *self);
void             hs_replay_attempt_set_duration          (HsReplayAttempt *self,
                                                          gint64           duration_us);
const char      *hs_replay_attempt_get_base_url          (HsReplayAttempt *self);
void             hs_replay_attempt_set_base_url          (HsReplayAttempt *self,
                                                          const char      *base_url);
gboolean         hs_replay_attempt_get_append_path       (HsReplayAttempt *self);
void             hs_replay_attempt_set_append_path       (HsReplayAttempt *self,
                                                          gboolean         append_path);
const char      *hs_replay_attempt_get_url               (HsReplayAttempt *self);
void             hs_replay_attempt_set_url               (HsReplayAttempt *self,
                                                          const char      *url);
const char      *hs_replay_attempt_get_method            (HsReplayAttempt *self);
void             hs_replay_attempt_set_method            (HsReplayAttempt *self,
                                                          const char      *method);
GPtrArray       *hs_replay_attempt_get_request_headers   (HsReplayAttempt *self);
GBytes          *hs_replay_attempt_get_request_body      (HsReplayAttempt *self);
void             hs_replay_attempt_set_request_body      (HsReplayAttempt *self,
                                                          GBytes          *body);
guint            hs_replay_attempt_get_status            (HsReplayAttempt *self);
void             hs_replay_attempt_set_status            (HsReplayAttempt *self,
                                                          guint            status);
const char      *hs_replay_attempt_get_reason            (HsReplayAttempt *self);
void             hs_replay_attempt_set_reason            (HsReplayAttempt *self,
                                                          const char      *reason);
GPtrArray       *hs_replay_attempt_get_response_headers  (HsReplayAttempt *self);
GBytes          *hs_replay_attempt_get_response_body     (HsReplayAttempt *self);
void             hs_replay_attempt_set_response_body     (HsReplayAttempt *self,
                                                          GBytes          *body);
gint64           hs_replay_attempt_get_response_size     (HsReplayAttempt *self);
void             hs_replay_attempt_set_response_size     (HsReplayAttempt *self,
                                                          gint64           size);
const char      *hs_replay_attempt_get_error_kind        (HsReplayAttempt *self);
const char      *hs_replay_attempt_get_error_message     (HsReplayAttempt *self);
void             hs_replay_attempt_set_error             (HsReplayAttempt *self,
                                                          const char      *kind,
                                                          const char      *message);

gboolean         hs_replay_attempt_is_success            (HsReplayAttempt *self);
char            *hs_replay_attempt_dup_outcome           (HsReplayAttempt *self);

/* Headers are arrays of strings: name, value, name, value, ... in the order sent. */
const char      *hs_replay_headers_lookup                (GPtrArray       *headers,
                                                          const char      *name);
char            *hs_replay_headers_to_json               (GPtrArray       *headers);
gboolean         hs_replay_headers_from_json             (GPtrArray       *headers,
                                                          const char      *json);

JsonNode        *hs_replay_attempt_to_json_node          (HsReplayAttempt *self,
                                                          gboolean         with_bodies);

G_END_DECLS
