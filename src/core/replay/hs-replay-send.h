/* hs-replay-send.h: send one request on a blocking SoupSession (a worker thread's) and record it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-replay-attempt.h"
#include "hs-replay-request.h"

G_BEGIN_DECLS

void             hs_replay_session_prepare (void);
SoupSession     *hs_replay_session_new (guint             timeout_seconds);
HsReplayAttempt *hs_replay_send        (SoupSession      *session,
                                        HsReplayRequest  *request,
                                        const char       *url,
                                        gboolean          allow_self_signed,
                                        GCancellable     *cancellable);
void             hs_replay_attempt_fail (HsReplayAttempt *attempt,
                                         const GError    *error);

G_END_DECLS
