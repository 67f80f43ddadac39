/* hs-delivery.c: one captured HTTP request, exactly as received
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-delivery"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hs-delivery.h"

struct _HsDelivery
{
  GObject         parent_instance;

  gint64          id;
  gint64          received_at;
  char           *method;
  char           *path;
  char           *query;
  char           *peer;
  char           *content_type;
  char           *event_name;
  /* Flattened name/value pairs: order and duplicates are kept. */
  GPtrArray      *headers;
  /* As stored (a JSON array of [name, value] pairs), parsed into @headers when first asked:
   * most readers (lists, the projections) never look at the headers. */
  char           *headers_json;
  GBytes         *body;
  gsize           body_size;
  HsAuthVerdict   auth_verdict;
  HsParseVerdict  parse_verdict;
  char           *parse_message;
  HsDeliveryFlags flags;
  guint           response_status;
  gboolean        projected;
};

G_DEFINE_FINAL_TYPE (HsDelivery, hs_delivery, G_TYPE_OBJECT)

static void
hs_delivery_finalize (GObject *object)
{
  HsDelivery *self = (HsDelivery *)object;

  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->peer, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->event_name, g_free);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->headers_json, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->parse_message, g_free);

  G_OBJECT_CLASS (hs_delivery_parent_class)->finalize (object);
}

static void
hs_delivery_class_init (HsDeliveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_delivery_finalize;
}

static void
hs_delivery_init (HsDelivery *self)
{
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->auth_verdict = HS_AUTH_NOT_REQUIRED;
  self->parse_verdict = HS_PARSE_OK;
}

HsDelivery *
hs_delivery_new (void)
{
  return g_object_new (HS_TYPE_DELIVERY, NULL);
}

#define STRING_ACCESSORS(field)                                         \
  const char *                                                          \
  hs_delivery_get_##field (HsDelivery *self)                            \
  {                                                                     \
    g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);                 \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  hs_delivery_set_##field (HsDelivery *self,                            \
                           const char *value)                           \
  {                                                                     \
    g_return_if_fail (HS_IS_DELIVERY (self));                           \
    g_free (self->field);                                               \
    self->field = g_strdup (value);                                     \
  }

STRING_ACCESSORS (method)
STRING_ACCESSORS (path)
STRING_ACCESSORS (query)
STRING_ACCESSORS (peer)
STRING_ACCESSORS (content_type)
STRING_ACCESSORS (event_name)

gint64
hs_delivery_get_id (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), 0);
  return self->id;
}

void
hs_delivery_set_id (HsDelivery *self,
                    gint64      id)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->id = id;
}

gint64
hs_delivery_get_received_at (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), 0);
  return self->received_at;
}

void
hs_delivery_set_received_at (HsDelivery *self,
                             gint64      received_at_us)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->received_at = received_at_us;
}

static void hs_delivery_add_header_internal (HsDelivery *self,
                                             const char *name,
                                             const char *value);

static void
ensure_headers (HsDelivery *self)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *json = g_steal_pointer (&self->headers_json);
  JsonNode *root;
  JsonArray *array;

  if (json == NULL)
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      JsonArray *pair_array;

      if (!JSON_NODE_HOLDS_ARRAY (pair) || json_array_get_length (json_node_get_array (pair)) != 2)
        continue;
      pair_array = json_node_get_array (pair);
      hs_delivery_add_header_internal (self, json_array_get_string_element (pair_array, 0),
                                       json_array_get_string_element (pair_array, 1));
    }
}

/* The headers as stored, while nobody asked for them one by one; else NULL. */
const char *
hs_delivery_peek_headers_json (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);

  return self->headers_json;
}

/**
 * hs_delivery_set_headers_json:
 * @json: the headers as the store keeps them (see hs_delivery_dup_headers_json())
 *
 * Replaces the headers; they are parsed when first asked for.
 */
void
hs_delivery_set_headers_json (HsDelivery *self,
                              const char *json)
{
  g_return_if_fail (HS_IS_DELIVERY (self));

  g_ptr_array_set_size (self->headers, 0);
  g_free (self->headers_json);
  self->headers_json = g_strdup (json);
}

guint
hs_delivery_get_n_headers (HsDelivery *self)
{
  ensure_headers (self);
  g_return_val_if_fail (HS_IS_DELIVERY (self), 0);
  return self->headers->len / 2;
}

const char *
hs_delivery_get_header_name (HsDelivery *self,
                             guint       position)
{
  ensure_headers (self);
  g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);
  g_return_val_if_fail (position < self->headers->len / 2, NULL);
  return g_ptr_array_index (self->headers, position * 2);
}

const char *
hs_delivery_get_header_value (HsDelivery *self,
                              guint       position)
{
  ensure_headers (self);
  g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);
  g_return_val_if_fail (position < self->headers->len / 2, NULL);
  return g_ptr_array_index (self->headers, position * 2 + 1);
}

static void
hs_delivery_add_header_internal (HsDelivery *self,
                                 const char *name,
                                 const char *value)
{
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value ? value : ""));
}

void
hs_delivery_add_header (HsDelivery *self,
                        const char *name,
                        const char *value)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  g_return_if_fail (name != NULL);

  ensure_headers (self);
  hs_delivery_add_header_internal (self, name, value);
}

/* HTTP header names are case-insensitive; the first one wins. */
const char *
hs_delivery_lookup_header (HsDelivery *self,
                           const char *name)
{
  ensure_headers (self);
  g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->headers, i), name) == 0)
        return g_ptr_array_index (self->headers, i + 1);
    }

  return NULL;
}

GBytes *
hs_delivery_get_body (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);
  return self->body;
}

void
hs_delivery_set_body (HsDelivery *self,
                      GBytes     *body)
{
  g_return_if_fail (HS_IS_DELIVERY (self));

  if (body != NULL)
    g_bytes_ref (body);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body;
  self->body_size = body ? g_bytes_get_size (body) : 0;
}

gsize
hs_delivery_get_body_size (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), 0);
  return self->body_size;
}

void
hs_delivery_set_body_size (HsDelivery *self,
                           gsize       original_size)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->body_size = original_size;
}

HsAuthVerdict
hs_delivery_get_auth_verdict (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), HS_AUTH_NOT_REQUIRED);
  return self->auth_verdict;
}

void
hs_delivery_set_auth_verdict (HsDelivery    *self,
                              HsAuthVerdict  verdict)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->auth_verdict = verdict;
}

HsParseVerdict
hs_delivery_get_parse_verdict (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), HS_PARSE_OK);
  return self->parse_verdict;
}

const char *
hs_delivery_get_parse_message (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), NULL);
  return self->parse_message;
}

void
hs_delivery_set_parse_verdict (HsDelivery     *self,
                               HsParseVerdict  verdict,
                               const char     *message)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->parse_verdict = verdict;
  g_free (self->parse_message);
  self->parse_message = g_strdup (message);
}

HsDeliveryFlags
hs_delivery_get_flags (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), 0);
  return self->flags;
}

void
hs_delivery_set_flags (HsDelivery      *self,
                       HsDeliveryFlags  flags)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->flags = flags;
}

void
hs_delivery_add_flags (HsDelivery      *self,
                       HsDeliveryFlags  flags)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->flags |= flags;
}

/* Whether the domain projection has applied the delivery yet: until then its verdict is the
 * listener's (JSON syntax only), its flags only the capture's. */
gboolean
hs_delivery_get_projected (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), FALSE);

  return self->projected;
}

void
hs_delivery_set_projected (HsDelivery *self,
                           gboolean    projected)
{
  g_return_if_fail (HS_IS_DELIVERY (self));

  self->projected = !!projected;
}

guint
hs_delivery_get_response_status (HsDelivery *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY (self), 0);
  return self->response_status;
}

void
hs_delivery_set_response_status (HsDelivery *self,
                                 guint       status)
{
  g_return_if_fail (HS_IS_DELIVERY (self));
  self->response_status = status;
}

static const char * const auth_names[] = { "not-required", "ok", "missing", "wrong" };
static const char * const parse_names[] = { "ok", "not-json", "unknown-event", "invalid-shape" };

const char *
hs_auth_verdict_to_string (HsAuthVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (auth_names), NULL);
  return auth_names[verdict];
}

gboolean
hs_auth_verdict_from_string (const char    *str,
                             HsAuthVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (auth_names); i++)
    {
      if (g_str_equal (str, auth_names[i]))
        {
          *verdict = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
hs_parse_verdict_to_string (HsParseVerdict verdict)
{
  g_return_val_if_fail (verdict < G_N_ELEMENTS (parse_names), NULL);
  return parse_names[verdict];
}

gboolean
hs_parse_verdict_from_string (const char     *str,
                              HsParseVerdict *verdict)
{
  g_return_val_if_fail (verdict != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (parse_names); i++)
    {
      if (g_str_equal (str, parse_names[i]))
        {
          *verdict = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Comma-separated, in a fixed order: "truncated,duplicate,out-of-order". */
char *
hs_delivery_flags_to_string (HsDeliveryFlags flags)
{
  GString *str = g_string_new (NULL);

  if (flags & HS_DELIVERY_FLAG_TRUNCATED)
    g_string_append (str, "truncated,");
  if (flags & HS_DELIVERY_FLAG_DUPLICATE)
    g_string_append (str, "duplicate,");
  if (flags & HS_DELIVERY_FLAG_OUT_OF_ORDER)
    g_string_append (str, "out-of-order,");
  if (flags & HS_DELIVERY_FLAG_IMPORTED)
    g_string_append (str, "imported,");
  if (str->len > 0)
    g_string_truncate (str, str->len - 1);

  return g_string_free (str, FALSE);
}
