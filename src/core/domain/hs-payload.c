/* hs-payload.c: a webhook body understood as a Backoffice payload (tolerant parser)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One json-glib parse, then a walk over a small static description of the known shapes: a
 * member of the wrong type makes the verdict invalid-shape with a message naming its JSON path;
 * missing optional members, nulls and unknown members are fine. The typed objects are still built
 * whenever the ids that identify them are usable, so a new or changed Backoffice field never hides
 * what Hookscope could understand. Messages are stored with the delivery, so they are not
 * translated.
 */

#define G_LOG_DOMAIN "hs-payload"

#include "config.h"

#include <string.h>

#include "hs-json-reader.h"
#include "hs-payload.h"

typedef enum
{
  T_NULL       = 1 << 0,
  T_STRING     = 1 << 1,
  T_INT        = 1 << 2,
  T_DOUBLE     = 1 << 3,
  T_BOOL       = 1 << 4,
  T_OBJECT     = 1 << 5,
  T_ARRAY      = 1 << 6,
  /* The string "not_loaded", which Ecto-style serialisers send for an unloaded association. */
  T_NOT_LOADED = 1 << 7,
} Types;

#define T_ANY (T_NULL | T_STRING | T_INT | T_DOUBLE | T_BOOL | T_OBJECT | T_ARRAY)
#define T_ID  (T_STRING | T_INT)

typedef struct _Field Field;
struct _Field
{
  const char  *name;
  guint        types;
  gboolean     required;
  /* Members of the value when it is an object, or of each element when it is an array. */
  const Field *fields;
  /* Allowed element types of an array; 0 = any. */
  guint        element_types;
};

static const Field locale_fields[] = {
  { "deleted_at", T_STRING },
  { "id", T_ID },
  { "locale", T_STRING },
  { "name", T_STRING },
  { "summary_html", T_STRING },
  { NULL }
};

static const Field profile_fields[] = {
  { "canonical_url", T_STRING },
  { "id", T_STRING },
  { "profile_categories", T_ARRAY | T_NOT_LOADED },
  { "profile_type_id", T_STRING },
  { "status_id", T_STRING },
  { "workspace_id", T_STRING },
  { NULL }
};

static const Field schedule_fields[] = {
  { "all_day?", T_BOOL },
  { "count", T_INT },
  /* Weekday names, or an nth weekday in one of several undocumented shapes. */
  { "days", T_ARRAY, FALSE, NULL, T_STRING | T_OBJECT | T_ARRAY },
  { "ends_at_date", T_STRING },
  { "ends_at_time", T_STRING },
  { "excluded_dates", T_ARRAY, FALSE, NULL, T_STRING },
  { "frequency", T_STRING },
  { "id", T_ID },
  { "interval", T_INT },
  { "monthly_opts", T_ANY },
  { "recurrence", T_STRING },
  { "starts_at_date", T_STRING },
  { "starts_at_time", T_STRING },
  { "timezone", T_STRING },
  { "until", T_STRING },
  { NULL }
};

static const Field event_fields[] = {
  { "address", T_ARRAY },
  { "contact", T_ARRAY },
  { "cover_image_key", T_STRING },
  { "description", T_ARRAY },
  { "id", T_STRING, TRUE },
  { "inserted_at", T_STRING },
  { "locales", T_ARRAY, FALSE, locale_fields, T_OBJECT },
  { "profile", T_OBJECT, FALSE, profile_fields },
  { "profile_image_key", T_STRING },
  { "schedule", T_OBJECT, FALSE, schedule_fields },
  { "subscription_url", T_STRING },
  { "updated_at", T_STRING },
  { NULL }
};

static const Field invitation_fields[] = {
  { "email", T_STRING },
  { "event_id", T_STRING },
  { "id", T_STRING, TRUE },
  { "inserted_at", T_STRING },
  { NULL }
};

static const Field person_fields[] = {
  { "email", T_STRING },
  { "first_name", T_STRING },
  { "id", T_ID },
  { "last_name", T_STRING },
  { "name", T_STRING },
  { NULL }
};

/* Assumed shape: the Backoffice does not publish it (see data/samples/README.md). */
static const Field participant_fields[] = {
  { "deleted_at", T_STRING },
  { "email", T_STRING },
  { "event_id", T_ID },
  { "id", T_ID, TRUE },
  { "inserted_at", T_STRING },
  { "name", T_STRING },
  { "person", T_OBJECT, FALSE, person_fields },
  { "profile", T_OBJECT, FALSE, person_fields },
  { "updated_at", T_STRING },
  { NULL }
};

static const Field invitation_data_fields[] = {
  { "event", T_OBJECT, TRUE, event_fields },
  { "invitation", T_OBJECT, TRUE, invitation_fields },
  { NULL }
};

static const Field participant_data_fields[] = {
  { "event", T_OBJECT, FALSE, event_fields },
  { "participant", T_OBJECT, TRUE, participant_fields },
  { NULL }
};

static const char * const known_event_names[] = {
  "event_invitation_created",
  "participant_created",
  "participant_removed",
  NULL
};

struct _HsPayload
{
  GObject         parent_instance;

  JsonNode       *root;
  char           *event_name;
  char           *message;
  HsParseVerdict  verdict;
  HsPayloadKind   kind;
  HsEvent        *event;
  HsInvitation   *invitation;
  HsParticipant  *participant;
};

G_DEFINE_FINAL_TYPE (HsPayload, hs_payload, G_TYPE_OBJECT)

typedef struct
{
  GString *path;
  char    *first;
  guint    n_problems;
} Checker;

static void
hs_payload_finalize (GObject *object)
{
  HsPayload *self = (HsPayload *)object;

  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->event_name, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_object (&self->event);
  g_clear_object (&self->invitation);
  g_clear_object (&self->participant);

  G_OBJECT_CLASS (hs_payload_parent_class)->finalize (object);
}

static void
hs_payload_class_init (HsPayloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_payload_finalize;
}

static void
hs_payload_init (HsPayload *self)
{
}

static guint
node_type (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return T_OBJECT;
    case JSON_NODE_ARRAY:
      return T_ARRAY;
    case JSON_NODE_NULL:
      return T_NULL;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return T_INT;
  if (type == G_TYPE_DOUBLE)
    return T_DOUBLE;
  if (type == G_TYPE_BOOLEAN)
    return T_BOOL;
  if (g_strcmp0 (json_node_get_string (node), "not_loaded") == 0)
    return T_STRING | T_NOT_LOADED;
  return T_STRING;
}

static const char *
type_name (guint type)
{
  if (type & T_NOT_LOADED)
    return "\"not_loaded\"";
  if (type & T_STRING)
    return "a string";
  if (type & T_INT)
    return "an integer";
  if (type & T_DOUBLE)
    return "a number";
  if (type & T_BOOL)
    return "a boolean";
  if (type & T_OBJECT)
    return "an object";
  if (type & T_ARRAY)
    return "an array";
  return "null";
}

/* "an integer", "a string or an integer", "an array or \"not_loaded\"" (null is not named). */
static char *
describe_types (guint types)
{
  static const guint order[] = { T_OBJECT, T_ARRAY, T_STRING, T_INT, T_DOUBLE, T_BOOL,
                                 T_NOT_LOADED };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if ((types & order[i]) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, " or ");
      g_string_append (text, type_name (order[i]));
    }

  return g_string_free (text, FALSE);
}

static void
report (Checker    *checker,
        const char *problem)
{
  if (checker->n_problems++ == 0)
    checker->first = g_strdup_printf ("%s: %s", checker->path->str, problem);
}

static void check_object (Checker *checker, JsonObject *object, const Field *fields);

static gboolean
type_allowed (guint got,
              guint allowed)
{
  /* "not_loaded" is a string: it passes where strings do; T_NOT_LOADED alone admits only it. */
  return (got & allowed) != 0;
}

static void
check_value (Checker     *checker,
             JsonNode    *node,
             guint        allowed,
             const Field *fields,
             guint        element_types)
{
  guint got = node_type (node);

  if (!type_allowed (got, allowed))
    {
      g_autofree char *expected = describe_types (allowed & ~T_NULL);
      g_autofree char *problem = g_strdup_printf ("expected %s, got %s", expected,
                                                  type_name (got & ~T_NOT_LOADED));
      report (checker, problem);
      return;
    }

  if (got == T_OBJECT && fields != NULL)
    {
      check_object (checker, json_node_get_object (node), fields);
    }
  else if (got == T_ARRAY && (fields != NULL || element_types != 0))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      gsize len = checker->path->len;

      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (checker->path, "[%u]", i);
          check_value (checker, json_array_get_element (array, i),
                       element_types != 0 ? element_types : T_ANY, fields, 0);
          g_string_truncate (checker->path, len);
        }
    }
}

static void
check_object (Checker     *checker,
              JsonObject  *object,
              const Field *fields)
{
  gsize len = checker->path->len;

  for (const Field *field = fields; field->name != NULL; field++)
    {
      JsonNode *node = json_object_get_member (object, field->name);

      if (len > 0)
        g_string_append_c (checker->path, '.');
      g_string_append (checker->path, field->name);

      if (node == NULL)
        {
          if (field->required)
            report (checker, "missing");
        }
      else
        {
          guint allowed = field->types | (field->required ? 0 : T_NULL);

          check_value (checker, node, allowed, field->fields, field->element_types);
        }

      g_string_truncate (checker->path, len);
    }
}

static void
set_verdict (HsPayload      *self,
             HsParseVerdict  verdict,
             const char     *message)
{
  self->verdict = verdict;
  g_free (self->message);
  self->message = g_strdup (message);
}

static gboolean
has_string_id (JsonObject *object)
{
  return hs_json_object_get_string (object, "id") != NULL;
}

static void
build_objects (HsPayload  *self,
               JsonObject *data)
{
  JsonObject *event = hs_json_object_get_object (data, "event");
  const char *event_id = NULL;

  if (event != NULL && has_string_id (event))
    {
      self->event = hs_event_new_from_object (event);
      event_id = hs_event_get_id (self->event);
    }

  if (self->kind == HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED)
    {
      JsonObject *invitation = hs_json_object_get_object (data, "invitation");

      if (invitation != NULL && has_string_id (invitation))
        self->invitation = hs_invitation_new_from_object (invitation, event_id);
    }
  else
    {
      JsonObject *participant = hs_json_object_get_object (data, "participant");

      if (participant != NULL)
        {
          self->participant = hs_participant_new_from_object (participant, event_id);
          if (hs_participant_get_id (self->participant) == NULL)
            g_clear_object (&self->participant);
        }
    }
}

static void
understand (HsPayload *self)
{
  static const Field root_invitation[] = {
    { "data", T_OBJECT, TRUE, invitation_data_fields },
    { NULL }
  };
  static const Field root_participant[] = {
    { "data", T_OBJECT, TRUE, participant_data_fields },
    { NULL }
  };
  JsonObject *root;
  JsonNode *name_node;
  Checker checker = { NULL, NULL, 0 };

  if (!JSON_NODE_HOLDS_OBJECT (self->root))
    {
      g_autofree char *message = g_strdup_printf ("(root): expected an object, got %s",
                                                  type_name (node_type (self->root)
                                                             & ~T_NOT_LOADED));
      set_verdict (self, HS_PARSE_INVALID_SHAPE, message);
      return;
    }

  root = json_node_get_object (self->root);
  name_node = json_object_get_member (root, "event_name");
  if (name_node == NULL || JSON_NODE_HOLDS_NULL (name_node))
    {
      set_verdict (self, HS_PARSE_UNKNOWN_EVENT, "event_name: missing");
      return;
    }
  if ((node_type (name_node) & T_STRING) == 0)
    {
      g_autofree char *message = g_strdup_printf ("event_name: expected a string, got %s",
                                                  type_name (node_type (name_node)));
      set_verdict (self, HS_PARSE_INVALID_SHAPE, message);
      return;
    }

  self->event_name = g_strdup (json_node_get_string (name_node));
  self->kind = hs_payload_kind_from_event_name (self->event_name);
  if (self->kind == HS_PAYLOAD_KIND_UNKNOWN)
    {
      set_verdict (self, HS_PARSE_UNKNOWN_EVENT,
                   "event_name: not a Backoffice webhook Hookscope knows");
      return;
    }

  checker.path = g_string_new (NULL);
  check_object (&checker, root,
                self->kind == HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED ? root_invitation
                                                                        : root_participant);
  if (checker.n_problems == 0)
    {
      set_verdict (self, HS_PARSE_OK, NULL);
    }
  else if (checker.n_problems == 1)
    {
      set_verdict (self, HS_PARSE_INVALID_SHAPE, checker.first);
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("%s (and %u more)", checker.first,
                                                  checker.n_problems - 1);
      set_verdict (self, HS_PARSE_INVALID_SHAPE, message);
    }
  g_string_free (checker.path, TRUE);
  g_free (checker.first);

  build_objects (self, hs_json_object_get_object (root, "data"));
}

/**
 * hs_payload_new_for_root:
 * @root: a document already parsed (kept, with a reference)
 *
 * Understands a body that was already parsed, as hs_payload_new_with_parser() would have
 * understood the text that gave @root.
 *
 * Returns: (transfer full): a new payload
 */
HsPayload *
hs_payload_new_for_root (JsonNode *root)
{
  HsPayload *self;

  g_return_val_if_fail (root != NULL, NULL);

  self = g_object_new (HS_TYPE_PAYLOAD, NULL);
  self->root = json_node_ref (root);
  understand (self);
  return self;
}

/**
 * hs_payload_new_with_parser:
 * @parser: a parser to reuse (creating one costs about as much as a third of a parse)
 * @data: (array length=length): the body bytes
 * @length: the number of bytes
 *
 * Parses a body. This never fails: the verdict says what was understood.
 *
 * Returns: (transfer full): a new payload
 */
HsPayload *
hs_payload_new_with_parser (JsonParser *parser,
                            const char *data,
                            gsize       length)
{
  g_autoptr(GError) error = NULL;
  HsPayload *self;

  g_return_val_if_fail (JSON_IS_PARSER (parser), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  self = g_object_new (HS_TYPE_PAYLOAD, NULL);

  /* json-glib reads an empty text as "no root" without an error; a NUL byte ends its input. */
  if (length == 0 || length > G_MAXSSIZE || memchr (data, '\0', length) != NULL)
    {
      set_verdict (self, HS_PARSE_NOT_JSON, length == 0 ? "empty body" : "not JSON");
      return self;
    }

  self->root = hs_json_read_fast (data, length);
  if (self->root == NULL)
    {
      if (!json_parser_load_from_data (parser, data, (gssize)length, &error) ||
          json_parser_get_root (parser) == NULL)
        {
          set_verdict (self, HS_PARSE_NOT_JSON, error != NULL ? error->message : "empty body");
          return self;
        }
      self->root = json_parser_steal_root (parser);
    }

  understand (self);
  return self;
}

/**
 * hs_payload_new:
 *
 * Like hs_payload_new_with_parser(), with a parser of its own.
 *
 * Returns: (transfer full): a new payload
 */
HsPayload *
hs_payload_new (const char *data,
                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return hs_payload_new_with_parser (parser, data, length);
}

HsPayload *
hs_payload_new_from_bytes (GBytes *body)
{
  gconstpointer data;
  gsize length = 0;

  if (body == NULL)
    return hs_payload_new (NULL, 0);

  data = g_bytes_get_data (body, &length);
  return hs_payload_new (data, length);
}

HsParseVerdict
hs_payload_get_verdict (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), HS_PARSE_NOT_JSON);

  return self->verdict;
}

/* Returns: (nullable): what was wrong, starting with the JSON path; NULL when ok */
const char *
hs_payload_get_message (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), NULL);

  return self->message;
}

const char *
hs_payload_get_event_name (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), NULL);

  return self->event_name;
}

HsPayloadKind
hs_payload_get_kind (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), HS_PAYLOAD_KIND_UNKNOWN);

  return self->kind;
}

/* Returns: (transfer none) (nullable): the parsed document; NULL when not JSON */
JsonNode *
hs_payload_get_root (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), NULL);

  return self->root;
}

/* Returns: (transfer none) (nullable): `data.event`, when it has a string `id` */
HsEvent *
hs_payload_get_event (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), NULL);

  return self->event;
}

/* Returns: (transfer none) (nullable): `data.invitation`, when it has a string `id` */
HsInvitation *
hs_payload_get_invitation (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), NULL);

  return self->invitation;
}

/* Returns: (transfer none) (nullable): `data.participant`, when it has an `id` */
HsParticipant *
hs_payload_get_participant (HsPayload *self)
{
  g_return_val_if_fail (HS_IS_PAYLOAD (self), NULL);

  return self->participant;
}

const char * const *
hs_payload_get_known_event_names (void)
{
  return known_event_names;
}

HsPayloadKind
hs_payload_kind_from_event_name (const char *event_name)
{
  if (g_strcmp0 (event_name, "event_invitation_created") == 0)
    return HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED;
  if (g_strcmp0 (event_name, "participant_created") == 0)
    return HS_PAYLOAD_KIND_PARTICIPANT_CREATED;
  if (g_strcmp0 (event_name, "participant_removed") == 0)
    return HS_PAYLOAD_KIND_PARTICIPANT_REMOVED;
  return HS_PAYLOAD_KIND_UNKNOWN;
}

const char *
hs_json_object_get_string (JsonObject *object,
                           const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
hs_json_object_get_object (JsonObject *object,
                           const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
hs_json_object_get_array (JsonObject *object,
                          const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

JsonObject *
hs_json_array_get_object (JsonArray *array,
                          guint      index_)
{
  JsonNode *node;

  if (array == NULL || index_ >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index_);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* Compact JSON text of @object, members in their original order. */
char *
hs_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

JsonObject *
hs_json_object_from_string (const char  *json,
                            GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  node = json_from_string (json, error);
  if (node == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                             "empty JSON text");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "expected a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}
