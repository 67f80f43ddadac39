/* hs-payload.h: a webhook body understood as a Backoffice payload (tolerant parser)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hs-delivery.h"
#include "hs-event.h"
#include "hs-invitation.h"
#include "hs-participant.h"

G_BEGIN_DECLS

typedef enum
{
  HS_PAYLOAD_KIND_UNKNOWN,
  HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED,
  HS_PAYLOAD_KIND_PARTICIPANT_CREATED,
  HS_PAYLOAD_KIND_PARTICIPANT_REMOVED,
} HsPayloadKind;

#define HS_TYPE_PAYLOAD (hs_payload_get_type ())

G_DECLARE_FINAL_TYPE (HsPayload, hs_payload, HS, PAYLOAD, GObject)

HsPayload          *hs_payload_new                 (const char     *data,
                                                    gsize           length);
HsPayload          *hs_payload_new_from_bytes      (GBytes         *body);
HsPayload          *hs_payload_new_for_root        (JsonNode       *root);
HsPayload          *hs_payload_new_with_parser     (JsonParser     *parser,
                                                    const char     *data,
                                                    gsize           length);

HsParseVerdict      hs_payload_get_verdict         (HsPayload      *self);
const char         *hs_payload_get_message         (HsPayload      *self);
const char         *hs_payload_get_event_name      (HsPayload      *self);
HsPayloadKind       hs_payload_get_kind            (HsPayload      *self);
JsonNode           *hs_payload_get_root            (HsPayload      *self);
HsEvent            *hs_payload_get_event           (HsPayload      *self);
HsInvitation       *hs_payload_get_invitation      (HsPayload      *self);
HsParticipant      *hs_payload_get_participant     (HsPayload      *self);

const char * const *hs_payload_get_known_event_names (void);
HsPayloadKind       hs_payload_kind_from_event_name  (const char   *event_name);

/* Tolerant JSON helpers (NULL-safe; a member of another type reads as NULL). */
const char         *hs_json_object_get_string      (JsonObject     *object,
                                                    const char     *member);
JsonObject         *hs_json_object_get_object      (JsonObject     *object,
                                                    const char     *member);
JsonArray          *hs_json_object_get_array       (JsonObject     *object,
                                                    const char     *member);
JsonObject         *hs_json_array_get_object       (JsonArray      *array,
                                                    guint           index_);
char               *hs_json_object_to_string       (JsonObject     *object);
JsonObject         *hs_json_object_from_string     (const char     *json,
                                                    GError        **error);

G_END_DECLS
