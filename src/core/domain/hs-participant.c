/* hs-participant.c: a participant of a Backoffice event (participant_created / _removed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Backoffice does not publish the participant payload, so every field is looked for in a few
 * likely places (see docs/domain.md) and a mistyped field reads as absent. The JSON object is kept
 * whole.
 */

#define G_LOG_DOMAIN "hs-participant"

#include "config.h"

#include "hs-participant.h"
#include "hs-payload.h"

struct _HsParticipant
{
  GObject            parent_instance;

  JsonObject        *object;
  char              *raw_json;
  char              *id;
  char              *event_id;
  char              *name;
  char              *event_name;
  HsParticipantState state;
  gint64             created_delivery_id;
  gint64             created_at;
  gint64             removed_delivery_id;
  gint64             removed_at;
};

G_DEFINE_FINAL_TYPE (HsParticipant, hs_participant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_EMAIL,
  PROP_NAME,
  PROP_STATE,
  PROP_EVENT_NAME,
  PROP_CREATED_AT,
  PROP_REMOVED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_participant_finalize (GObject *object)
{
  HsParticipant *self = (HsParticipant *)object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->raw_json, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->event_name, g_free);

  G_OBJECT_CLASS (hs_participant_parent_class)->finalize (object);
}

static void
hs_participant_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsParticipant *self = HS_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, hs_participant_get_email (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_string (value, hs_participant_state_to_string (self->state));
      break;
    case PROP_EVENT_NAME:
      g_value_set_string (value, self->event_name);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_REMOVED_AT:
      g_value_set_int64 (value, self->removed_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_participant_class_init (HsParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_participant_finalize;
  object_class->get_property = hs_participant_get_property;

#define STRING_PROP(id, pname) \
  properties[id] = g_param_spec_string (pname, NULL, NULL, NULL, \
                                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS))
  STRING_PROP (PROP_ID, "id");
  STRING_PROP (PROP_EVENT_ID, "event-id");
  STRING_PROP (PROP_EMAIL, "email");
  STRING_PROP (PROP_NAME, "name");
  STRING_PROP (PROP_STATE, "state");
  STRING_PROP (PROP_EVENT_NAME, "event-name");
#undef STRING_PROP
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMOVED_AT] =
    g_param_spec_int64 ("removed-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_participant_init (HsParticipant *self)
{
}

/* Ids may plausibly be strings or integers. */
static char *
dup_id (JsonObject *object,
        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static char *
dup_person_name (JsonObject *person)
{
  const char *name = hs_json_object_get_string (person, "name");
  const char *first = hs_json_object_get_string (person, "first_name");
  const char *last = hs_json_object_get_string (person, "last_name");

  if (name != NULL && name[0] != '\0')
    return g_strdup (name);
  if (first != NULL && last != NULL)
    return g_strconcat (first, " ", last, NULL);
  if (first != NULL || last != NULL)
    return g_strdup (first != NULL ? first : last);
  return NULL;
}

/**
 * hs_participant_new_from_object:
 * @object: the `data.participant` object
 * @fallback_event_id: (nullable): the event id when the participant has no `event_id`
 *
 * Returns: (transfer full): a new participant, state created, holding a reference on @object
 */
HsParticipant *
hs_participant_new_from_object (JsonObject *object,
                                const char *fallback_event_id)
{
  HsParticipant *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (HS_TYPE_PARTICIPANT, NULL);
  self->object = json_object_ref (object);
  self->id = dup_id (object, "id");
  self->event_id = dup_id (object, "event_id");
  if (self->event_id == NULL)
    self->event_id = g_strdup (fallback_event_id);

  self->name = dup_person_name (object);
  if (self->name == NULL)
    self->name = dup_person_name (hs_json_object_get_object (object, "person"));
  if (self->name == NULL)
    self->name = dup_person_name (hs_json_object_get_object (object, "profile"));

  return self;
}

HsParticipant *
hs_participant_new_from_json (const char  *json,
                              GError     **error)
{
  g_autoptr(JsonObject) object = hs_json_object_from_string (json, error);
  HsParticipant *self;

  if (object == NULL)
    return NULL;

  self = hs_participant_new_from_object (object, NULL);
  self->raw_json = g_strdup (json);
  return self;
}

const char *
hs_participant_get_id (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return self->id;
}

const char *
hs_participant_get_event_id (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return self->event_id;
}

const char *
hs_participant_get_email (HsParticipant *self)
{
  static const char *holders[] = { "person", "profile" };
  const char *email;

  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  email = hs_json_object_get_string (self->object, "email");
  for (guint i = 0; email == NULL && i < G_N_ELEMENTS (holders); i++)
    email = hs_json_object_get_string (hs_json_object_get_object (self->object, holders[i]),
                                       "email");
  return email;
}

const char *
hs_participant_get_name (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return self->name;
}

const char *
hs_participant_get_inserted_at (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return hs_json_object_get_string (self->object, "inserted_at");
}

const char *
hs_participant_get_updated_at (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return hs_json_object_get_string (self->object, "updated_at");
}

const char *
hs_participant_get_deleted_at (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return hs_json_object_get_string (self->object, "deleted_at");
}

JsonObject *
hs_participant_get_object (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return self->object;
}

const char *
hs_participant_get_raw_json (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  if (self->raw_json == NULL)
    self->raw_json = hs_json_object_to_string (self->object);

  return self->raw_json;
}

HsParticipantState
hs_participant_get_state (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), HS_PARTICIPANT_CREATED);

  return self->state;
}

gint64
hs_participant_get_created_delivery_id (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), 0);

  return self->created_delivery_id;
}

gint64
hs_participant_get_created_at (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), 0);

  return self->created_at;
}

gint64
hs_participant_get_removed_delivery_id (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), 0);

  return self->removed_delivery_id;
}

gint64
hs_participant_get_removed_at (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), 0);

  return self->removed_at;
}

const char *
hs_participant_get_event_name (HsParticipant *self)
{
  g_return_val_if_fail (HS_IS_PARTICIPANT (self), NULL);

  return self->event_name;
}

const char *
hs_participant_state_to_string (HsParticipantState state)
{
  switch (state)
    {
    case HS_PARTICIPANT_CREATED:
      return "created";
    case HS_PARTICIPANT_REMOVED:
      return "removed";
    default:
      g_return_val_if_reached ("created");
    }
}

void
hs_participant_set_history (HsParticipant      *self,
                            HsParticipantState  state,
                            gint64              created_delivery_id,
                            gint64              created_at_us,
                            gint64              removed_delivery_id,
                            gint64              removed_at_us,
                            const char         *event_name)
{
  g_return_if_fail (HS_IS_PARTICIPANT (self));

  self->state = state;
  self->created_delivery_id = created_delivery_id;
  self->created_at = created_at_us;
  self->removed_delivery_id = removed_delivery_id;
  self->removed_at = removed_at_us;
  g_free (self->event_name);
  self->event_name = g_strdup (event_name);
}
