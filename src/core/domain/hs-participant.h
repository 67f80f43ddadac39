/* hs-participant.h: a participant of a Backoffice event (participant_created / _removed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  HS_PARTICIPANT_CREATED,
  HS_PARTICIPANT_REMOVED,
} HsParticipantState;

#define HS_TYPE_PARTICIPANT (hs_participant_get_type ())

G_DECLARE_FINAL_TYPE (HsParticipant, hs_participant, HS, PARTICIPANT, GObject)

HsParticipant      *hs_participant_new_from_object         (JsonObject     *object,
                                                            const char     *fallback_event_id);
HsParticipant      *hs_participant_new_from_json           (const char     *json,
                                                            GError        **error);

const char         *hs_participant_get_id                  (HsParticipant  *self);
const char         *hs_participant_get_event_id            (HsParticipant  *self);
const char         *hs_participant_get_email               (HsParticipant  *self);
const char         *hs_participant_get_name                (HsParticipant  *self);
const char         *hs_participant_get_inserted_at         (HsParticipant  *self);
const char         *hs_participant_get_updated_at          (HsParticipant  *self);
const char         *hs_participant_get_deleted_at          (HsParticipant  *self);
JsonObject         *hs_participant_get_object              (HsParticipant  *self);
const char         *hs_participant_get_raw_json            (HsParticipant  *self);

/* Filled in when read from a store. A time or delivery id of 0 means "not seen". */
HsParticipantState  hs_participant_get_state               (HsParticipant  *self);
gint64              hs_participant_get_created_delivery_id (HsParticipant  *self);
gint64              hs_participant_get_created_at          (HsParticipant  *self);
gint64              hs_participant_get_removed_delivery_id (HsParticipant  *self);
gint64              hs_participant_get_removed_at          (HsParticipant  *self);
const char         *hs_participant_get_event_name          (HsParticipant  *self);

const char         *hs_participant_state_to_string         (HsParticipantState state);

/* Used by HsDomainStore when it reads a row. */
void                hs_participant_set_history             (HsParticipant  *self,
                                                            HsParticipantState state,
                                                            gint64          created_delivery_id,
                                                            gint64          created_at_us,
                                                            gint64          removed_delivery_id,
                                                            gint64          removed_at_us,
                                                            const char     *event_name);

G_END_DECLS
