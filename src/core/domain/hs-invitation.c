/* hs-invitation.c: an invitation to a Backoffice event (event_invitation_created)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fields are read tolerantly from the JSON object (a mistyped field reads as absent); the object
 * is kept whole so unknown fields stay available.
 */

#define G_LOG_DOMAIN "hs-invitation"

#include "config.h"

#include "hs-invitation.h"
#include "hs-payload.h"

struct _HsInvitation
{
  GObject     parent_instance;

  JsonObject *object;
  char       *raw_json;
  char       *event_id;
  char       *event_name;
  gint64      delivery_id;
  gint64      received_at;
};

G_DEFINE_FINAL_TYPE (HsInvitation, hs_invitation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_EMAIL,
  PROP_INSERTED_AT,
  PROP_EVENT_NAME,
  PROP_DELIVERY_ID,
  PROP_RECEIVED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_invitation_finalize (GObject *object)
{
  HsInvitation *self = (HsInvitation *)object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->raw_json, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->event_name, g_free);

  G_OBJECT_CLASS (hs_invitation_parent_class)->finalize (object);
}

static void
hs_invitation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HsInvitation *self = HS_INVITATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, hs_invitation_get_id (self));
      break;
    case PROP_EVENT_ID:
      g_value_set_string (value, hs_invitation_get_event_id (self));
      break;
    case PROP_EMAIL:
      g_value_set_string (value, hs_invitation_get_email (self));
      break;
    case PROP_INSERTED_AT:
      g_value_set_string (value, hs_invitation_get_inserted_at (self));
      break;
    case PROP_EVENT_NAME:
      g_value_set_string (value, self->event_name);
      break;
    case PROP_DELIVERY_ID:
      g_value_set_int64 (value, self->delivery_id);
      break;
    case PROP_RECEIVED_AT:
      g_value_set_int64 (value, self->received_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_invitation_class_init (HsInvitationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_invitation_finalize;
  object_class->get_property = hs_invitation_get_property;

#define STRING_PROP(id, pname) \
  properties[id] = g_param_spec_string (pname, NULL, NULL, NULL, \
                                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS))
  STRING_PROP (PROP_ID, "id");
  STRING_PROP (PROP_EVENT_ID, "event-id");
  STRING_PROP (PROP_EMAIL, "email");
  STRING_PROP (PROP_INSERTED_AT, "inserted-at");
  STRING_PROP (PROP_EVENT_NAME, "event-name");
#undef STRING_PROP
  properties[PROP_DELIVERY_ID] =
    g_param_spec_int64 ("delivery-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECEIVED_AT] =
    g_param_spec_int64 ("received-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_invitation_init (HsInvitation *self)
{
}

/**
 * hs_invitation_new_from_object:
 * @object: the `data.invitation` object
 * @fallback_event_id: (nullable): the event id to use when the invitation has no `event_id`
 *
 * Returns: (transfer full): a new invitation holding a reference on @object
 */
HsInvitation *
hs_invitation_new_from_object (JsonObject *object,
                               const char *fallback_event_id)
{
  HsInvitation *self;
  const char *event_id;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (HS_TYPE_INVITATION, NULL);
  self->object = json_object_ref (object);
  event_id = hs_json_object_get_string (object, "event_id");
  self->event_id = g_strdup (event_id != NULL ? event_id : fallback_event_id);
  return self;
}

HsInvitation *
hs_invitation_new_from_json (const char  *json,
                             GError     **error)
{
  g_autoptr(JsonObject) object = hs_json_object_from_string (json, error);
  HsInvitation *self;

  if (object == NULL)
    return NULL;

  self = hs_invitation_new_from_object (object, NULL);
  self->raw_json = g_strdup (json);
  return self;
}

const char *
hs_invitation_get_id (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  return hs_json_object_get_string (self->object, "id");
}

const char *
hs_invitation_get_event_id (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  return self->event_id;
}

const char *
hs_invitation_get_email (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  return hs_json_object_get_string (self->object, "email");
}

const char *
hs_invitation_get_inserted_at (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  return hs_json_object_get_string (self->object, "inserted_at");
}

JsonObject *
hs_invitation_get_object (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  return self->object;
}

const char *
hs_invitation_get_raw_json (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  if (self->raw_json == NULL)
    self->raw_json = hs_json_object_to_string (self->object);

  return self->raw_json;
}

gint64
hs_invitation_get_delivery_id (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), 0);

  return self->delivery_id;
}

gint64
hs_invitation_get_received_at (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), 0);

  return self->received_at;
}

const char *
hs_invitation_get_event_name (HsInvitation *self)
{
  g_return_val_if_fail (HS_IS_INVITATION (self), NULL);

  return self->event_name;
}

void
hs_invitation_set_origin (HsInvitation *self,
                          gint64        delivery_id,
                          gint64        received_at_us,
                          const char   *event_name)
{
  g_return_if_fail (HS_IS_INVITATION (self));

  self->delivery_id = delivery_id;
  self->received_at = received_at_us;
  g_free (self->event_name);
  self->event_name = g_strdup (event_name);
}
