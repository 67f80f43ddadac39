/* hs-replay-job.h: replay deliveries to a target, one after the other, and record each attempt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-replay-attempt.h"
#include "hs-replay-request.h"
#include "hs-replay-target.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_REPLAY_DEFAULT_TIMEOUT 30

#define HS_TYPE_REPLAY_JOB (hs_replay_job_get_type ())

G_DECLARE_FINAL_TYPE (HsReplayJob, hs_replay_job, HS, REPLAY_JOB, GObject)

HsReplayJob *hs_replay_job_new                   (HsStore             *store,
                                                  HsReplayTarget      *target);
HsReplayTarget *hs_replay_job_get_target         (HsReplayJob         *self);

void         hs_replay_job_add_delivery          (HsReplayJob         *self,
                                                  gint64               delivery_id);
void         hs_replay_job_add_range             (HsReplayJob         *self,
                                                  gint64               first_id,
                                                  gint64               last_id);
void         hs_replay_job_add_request           (HsReplayJob         *self,
                                                  HsReplayRequest     *request);

void         hs_replay_job_set_api_key           (HsReplayJob         *self,
                                                  const char          *api_key);
void         hs_replay_job_set_method            (HsReplayJob         *self,
                                                  const char          *method);
void         hs_replay_job_set_header            (HsReplayJob         *self,
                                                  const char          *name,
                                                  const char          *value);
void         hs_replay_job_remove_header         (HsReplayJob         *self,
                                                  const char          *name);
void         hs_replay_job_set_body              (HsReplayJob         *self,
                                                  GBytes              *body);
void         hs_replay_job_set_timeout           (HsReplayJob         *self,
                                                  guint                seconds);
void         hs_replay_job_set_pace              (HsReplayJob         *self,
                                                  double               factor);
void         hs_replay_job_set_stop_on_failure   (HsReplayJob         *self,
                                                  gboolean             stop_on_failure);

void         hs_replay_job_run_async             (HsReplayJob         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean     hs_replay_job_run_finish            (HsReplayJob         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

guint        hs_replay_job_get_n_total           (HsReplayJob         *self);
guint        hs_replay_job_get_n_done            (HsReplayJob         *self);
guint        hs_replay_job_get_n_succeeded       (HsReplayJob         *self);
gboolean     hs_replay_job_get_stopped           (HsReplayJob         *self);

G_END_DECLS
