/* hs-invitation.h: an invitation to a Backoffice event (event_invitation_created)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HS_TYPE_INVITATION (hs_invitation_get_type ())

G_DECLARE_FINAL_TYPE (HsInvitation, hs_invitation, HS, INVITATION, GObject)

HsInvitation *hs_invitation_new_from_object  (JsonObject   *object,
                                              const char   *fallback_event_id);
HsInvitation *hs_invitation_new_from_json    (const char   *json,
                                              GError      **error);

const char   *hs_invitation_get_id           (HsInvitation *self);
const char   *hs_invitation_get_event_id     (HsInvitation *self);
const char   *hs_invitation_get_email        (HsInvitation *self);
const char   *hs_invitation_get_inserted_at  (HsInvitation *self);
JsonObject   *hs_invitation_get_object       (HsInvitation *self);
const char   *hs_invitation_get_raw_json     (HsInvitation *self);

/* Filled in when read from a store: the delivery that created it, and the event's name. */
gint64        hs_invitation_get_delivery_id  (HsInvitation *self);
gint64        hs_invitation_get_received_at  (HsInvitation *self);
const char   *hs_invitation_get_event_name   (HsInvitation *self);

/* Used by HsDomainStore when it reads a row. */
void          hs_invitation_set_origin       (HsInvitation *self,
                                              gint64        delivery_id,
                                              gint64        received_at_us,
                                              const char   *event_name);

G_END_DECLS
