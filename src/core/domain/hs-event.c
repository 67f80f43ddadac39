/* hs-event.c: a Backoffice event, as a webhook described it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event keeps the JSON object it came from (unknown fields included) and reads its typed
 * fields from it tolerantly: a field of the wrong type reads as absent. Validation with messages
 * that name the path is HsPayload's job.
 */

#define G_LOG_DOMAIN "hs-event"

#include "config.h"

#include <string.h>

#include "hs-event.h"
#include "hs-payload.h"

struct _HsEvent
{
  GObject     parent_instance;

  JsonObject *object;
  char       *raw_json;
  const char *name;
  gint64      delivery_id;
  gint64      received_at;
};

G_DEFINE_FINAL_TYPE (HsEvent, hs_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_INSERTED_AT,
  PROP_UPDATED_AT,
  PROP_TIMEZONE,
  PROP_RAW_JSON,
  PROP_DELIVERY_ID,
  PROP_RECEIVED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_event_finalize (GObject *object)
{
  HsEvent *self = (HsEvent *)object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->raw_json, g_free);

  G_OBJECT_CLASS (hs_event_parent_class)->finalize (object);
}

static void
hs_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HsEvent *self = HS_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, hs_event_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, hs_event_get_name (self));
      break;
    case PROP_INSERTED_AT:
      g_value_set_string (value, hs_event_get_inserted_at (self));
      break;
    case PROP_UPDATED_AT:
      g_value_set_string (value, hs_event_get_updated_at (self));
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, hs_event_get_timezone (self));
      break;
    case PROP_RAW_JSON:
      g_value_set_string (value, hs_event_get_raw_json (self));
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
hs_event_class_init (HsEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_event_finalize;
  object_class->get_property = hs_event_get_property;

#define STRING_PROP(id, pname) \
  properties[id] = g_param_spec_string (pname, NULL, NULL, NULL, \
                                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS))
  STRING_PROP (PROP_ID, "id");
  STRING_PROP (PROP_NAME, "name");
  STRING_PROP (PROP_INSERTED_AT, "inserted-at");
  STRING_PROP (PROP_UPDATED_AT, "updated-at");
  STRING_PROP (PROP_TIMEZONE, "timezone");
  STRING_PROP (PROP_RAW_JSON, "raw-json");
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
hs_event_init (HsEvent *self)
{
}

/* The display name: the first locale that has a non-empty name. */
static const char *
find_name (JsonObject *object)
{
  JsonArray *locales = hs_json_object_get_array (object, "locales");
  guint n = locales != NULL ? json_array_get_length (locales) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *locale = hs_json_array_get_object (locales, i);
      const char *name = hs_json_object_get_string (locale, "name");

      if (name != NULL && name[0] != '\0')
        return name;
    }

  return NULL;
}

/**
 * hs_event_new_from_object:
 * @object: the `data.event` JSON object
 *
 * Returns: (transfer full): an event that holds a reference on @object
 */
HsEvent *
hs_event_new_from_object (JsonObject *object)
{
  HsEvent *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (HS_TYPE_EVENT, NULL);
  self->object = json_object_ref (object);
  self->name = find_name (object);
  return self;
}

HsEvent *
hs_event_new_from_json (const char  *json,
                        GError     **error)
{
  g_autoptr(JsonObject) object = hs_json_object_from_string (json, error);
  HsEvent *self;

  if (object == NULL)
    return NULL;

  self = hs_event_new_from_object (object);
  self->raw_json = g_strdup (json);
  return self;
}

#define STRING_GETTER(func, member)                             \
  const char *                                                  \
  func (HsEvent *self)                                          \
  {                                                             \
    g_return_val_if_fail (HS_IS_EVENT (self), NULL);            \
    return hs_json_object_get_string (self->object, member);    \
  }

STRING_GETTER (hs_event_get_id, "id")
STRING_GETTER (hs_event_get_inserted_at, "inserted_at")
STRING_GETTER (hs_event_get_updated_at, "updated_at")
STRING_GETTER (hs_event_get_subscription_url, "subscription_url")
STRING_GETTER (hs_event_get_cover_image_key, "cover_image_key")
STRING_GETTER (hs_event_get_profile_image_key, "profile_image_key")

#undef STRING_GETTER

const char *
hs_event_get_name (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return self->name;
}

static const char *
profile_string (HsEvent    *self,
                const char *member)
{
  return hs_json_object_get_string (hs_json_object_get_object (self->object, "profile"), member);
}

const char *
hs_event_get_profile_id (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return profile_string (self, "id");
}

const char *
hs_event_get_workspace_id (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return profile_string (self, "workspace_id");
}

const char *
hs_event_get_canonical_url (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return profile_string (self, "canonical_url");
}

/* FALSE when the Backoffice sent "not_loaded" (or anything but an array) instead of the list. */
gboolean
hs_event_get_profile_categories_loaded (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), FALSE);

  return hs_json_object_get_array (hs_json_object_get_object (self->object, "profile"),
                                   "profile_categories") != NULL;
}

const char *
hs_event_get_timezone (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return hs_json_object_get_string (hs_event_get_schedule (self), "timezone");
}

/**
 * hs_event_dup_locales:
 *
 * Returns: (transfer full): the locale codes, in payload order
 */
char **
hs_event_dup_locales (HsEvent *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *locales;
  guint n;

  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  locales = hs_json_object_get_array (self->object, "locales");
  n = locales != NULL ? json_array_get_length (locales) : 0;
  for (guint i = 0; i < n; i++)
    {
      const char *code = hs_json_object_get_string (hs_json_array_get_object (locales, i),
                                                    "locale");
      if (code != NULL)
        g_strv_builder_add (builder, code);
    }

  return g_strv_builder_end (builder);
}

static JsonObject *
find_locale (HsEvent    *self,
             const char *code)
{
  JsonArray *locales = hs_json_object_get_array (self->object, "locales");
  guint n = locales != NULL ? json_array_get_length (locales) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *locale = hs_json_array_get_object (locales, i);

      if (g_strcmp0 (hs_json_object_get_string (locale, "locale"), code) == 0)
        return locale;
    }

  return NULL;
}

const char *
hs_event_lookup_name (HsEvent    *self,
                      const char *locale)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);
  g_return_val_if_fail (locale != NULL, NULL);

  return hs_json_object_get_string (find_locale (self, locale), "name");
}

/**
 * hs_event_get_name_for_languages:
 * @languages: (nullable): preferred languages, best first, as g_get_language_names() gives them
 *   ("fr_CA.UTF-8", "fr_CA", "fr", "C"); %NULL for the user's
 *
 * Returns: (nullable): the name in the first preferred language the event has (a locale "fr"
 *   matches "fr_CA"), else hs_event_get_name()
 */
const char *
hs_event_get_name_for_languages (HsEvent            *self,
                                 const char * const *languages)
{
  JsonArray *locales;
  guint n;

  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  if (languages == NULL)
    languages = g_get_language_names ();

  locales = hs_json_object_get_array (self->object, "locales");
  n = locales != NULL ? json_array_get_length (locales) : 0;

  for (guint l = 0; languages[l] != NULL; l++)
    {
      for (guint i = 0; i < n; i++)
        {
          JsonObject *locale = hs_json_array_get_object (locales, i);
          const char *code = hs_json_object_get_string (locale, "locale");
          const char *name = hs_json_object_get_string (locale, "name");
          gsize len;

          if (code == NULL || name == NULL || name[0] == '\0')
            continue;
          /* "fr" for "fr", "fr_CA", "fr-CA"; "pt-BR" for "pt_BR". */
          len = strlen (code);
          if (g_ascii_strncasecmp (code, languages[l], len) == 0 &&
              (languages[l][len] == '\0' || languages[l][len] == '_' ||
               languages[l][len] == '-' || languages[l][len] == '.' || languages[l][len] == '@'))
            return name;
          if (len == strlen (languages[l]) && strchr (code, '-') != NULL)
            {
              g_autofree char *underscored = g_strdelimit (g_strdup (code), "-", '_');

              if (g_ascii_strcasecmp (underscored, languages[l]) == 0)
                return name;
            }
        }
    }

  return self->name;
}

const char *
hs_event_lookup_summary_html (HsEvent    *self,
                              const char *locale)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);
  g_return_val_if_fail (locale != NULL, NULL);

  return hs_json_object_get_string (find_locale (self, locale), "summary_html");
}

/**
 * hs_event_get_object:
 *
 * Returns: (transfer none): the whole event object, unknown fields included
 */
JsonObject *
hs_event_get_object (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return self->object;
}

/**
 * hs_event_get_schedule:
 *
 * Returns: (transfer none) (nullable): the `schedule` object, for hs_schedule_new_from_json()
 */
JsonObject *
hs_event_get_schedule (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  return hs_json_object_get_object (self->object, "schedule");
}

/**
 * hs_event_get_raw_json:
 *
 * Returns: the event as JSON text: as stored when read from a store, else generated (compact)
 */
const char *
hs_event_get_raw_json (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), NULL);

  if (self->raw_json == NULL)
    self->raw_json = hs_json_object_to_string (self->object);

  return self->raw_json;
}

gint64
hs_event_get_delivery_id (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), 0);

  return self->delivery_id;
}

gint64
hs_event_get_received_at (HsEvent *self)
{
  g_return_val_if_fail (HS_IS_EVENT (self), 0);

  return self->received_at;
}

void
hs_event_set_origin (HsEvent *self,
                     gint64   delivery_id,
                     gint64   received_at_us)
{
  g_return_if_fail (HS_IS_EVENT (self));

  self->delivery_id = delivery_id;
  self->received_at = received_at_us;
}

void
hs_event_change_free (HsEventChange *change)
{
  if (change == NULL)
    return;

  g_free (change->path);
  g_clear_pointer (&change->old_value, json_node_unref);
  g_clear_pointer (&change->new_value, json_node_unref);
  g_free (change);
}

static void
add_change (GPtrArray  *changes,
            GString    *path,
            JsonNode   *old_value,
            JsonNode   *new_value)
{
  HsEventChange *change = g_new0 (HsEventChange, 1);

  change->path = g_strdup (path->str);
  change->old_value = old_value != NULL ? json_node_copy (old_value) : NULL;
  change->new_value = new_value != NULL ? json_node_copy (new_value) : NULL;
  g_ptr_array_add (changes, change);
}

static void diff_nodes (GPtrArray *changes, GString *path, JsonNode *a, JsonNode *b);

static void
diff_objects (GPtrArray  *changes,
              GString    *path,
              JsonObject *a,
              JsonObject *b)
{
  g_autoptr(GList) a_members = json_object_get_members (a);
  g_autoptr(GList) b_members = json_object_get_members (b);
  gsize len = path->len;

  /* Members in the older order, then those only the newer one has. */
  for (const GList *l = a_members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, name);
      diff_nodes (changes, path, json_object_get_member (a, name),
                  json_object_get_member (b, name));
      g_string_truncate (path, len);
    }

  for (const GList *l = b_members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (json_object_has_member (a, name))
        continue;
      if (len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, name);
      add_change (changes, path, NULL, json_object_get_member (b, name));
      g_string_truncate (path, len);
    }
}

static void
diff_nodes (GPtrArray *changes,
            GString   *path,
            JsonNode  *a,
            JsonNode  *b)
{
  if (a == NULL || b == NULL)
    {
      if (a != b)
        add_change (changes, path, a, b);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    {
      diff_objects (changes, path, json_node_get_object (a), json_node_get_object (b));
    }
  else if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    {
      JsonArray *aa = json_node_get_array (a);
      JsonArray *ba = json_node_get_array (b);
      guint na = json_array_get_length (aa);
      guint nb = json_array_get_length (ba);
      gsize len = path->len;

      /* By position: Backoffice arrays (locales, dates) are short and keep their order. */
      for (guint i = 0; i < MAX (na, nb); i++)
        {
          g_string_append_printf (path, "[%u]", i);
          diff_nodes (changes, path, i < na ? json_array_get_element (aa, i) : NULL,
                      i < nb ? json_array_get_element (ba, i) : NULL);
          g_string_truncate (path, len);
        }
    }
  else if (!json_node_equal (a, b))
    {
      add_change (changes, path, a, b);
    }
}

/**
 * hs_event_diff:
 * @older: a version of an event
 * @newer: another version (usually of the same event)
 *
 * Returns: (transfer full) (element-type HsEventChange): what differs, in document order;
 *   empty when the two are equal
 */
GPtrArray *
hs_event_diff (HsEvent *older,
               HsEvent *newer)
{
  GPtrArray *changes;
  g_autoptr(GString) path = NULL;

  g_return_val_if_fail (HS_IS_EVENT (older), NULL);
  g_return_val_if_fail (HS_IS_EVENT (newer), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_event_change_free);
  path = g_string_new (NULL);
  diff_objects (changes, path, older->object, newer->object);
  return changes;
}
