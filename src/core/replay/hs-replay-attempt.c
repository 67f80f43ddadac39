/* hs-replay-attempt.c: one replay as it was sent and answered (a row of `replays`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-replay-attempt"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-delivery-json.h"
#include "hs-replay-attempt.h"

struct _HsReplayAttempt
{
  GObject    parent_instance;

  gint64     id;
  gint64     delivery_id;
  gint64     target_id;
  char      *target_name;
  gint64     started_at;
  gint64     duration;
  char      *base_url;     /* the target's URL, before the path and query were joined */
  gboolean   append_path;
  char      *url;          /* what was requested */
  char      *method;
  GPtrArray *request_headers;
  GBytes    *request_body;
  guint      status;         /* 0: no answer (see error) */
  char      *reason;
  GPtrArray *response_headers;
  GBytes    *response_body;  /* at most HS_REPLAY_RESPONSE_BODY_CAP bytes */
  gint64     response_size;
  char      *error_kind;     /* hs_replay_error_to_string() */
  char      *error_message;
};

G_DEFINE_FINAL_TYPE (HsReplayAttempt, hs_replay_attempt, G_TYPE_OBJECT)

static void
hs_replay_attempt_finalize (GObject *object)
{
  HsReplayAttempt *self = (HsReplayAttempt *)object;

  g_free (self->target_name);
  g_free (self->base_url);
  g_free (self->url);
  g_free (self->method);
  g_ptr_array_unref (self->request_headers);
  g_clear_pointer (&self->request_body, g_bytes_unref);
  g_free (self->reason);
  g_ptr_array_unref (self->response_headers);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  g_free (self->error_kind);
  g_free (self->error_message);

  G_OBJECT_CLASS (hs_replay_attempt_parent_class)->finalize (object);
}

static void
hs_replay_attempt_class_init (HsReplayAttemptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_replay_attempt_finalize;
}

static void
hs_replay_attempt_init (HsReplayAttempt *self)
{
  self->request_headers = g_ptr_array_new_with_free_func (g_free);
  self->response_headers = g_ptr_array_new_with_free_func (g_free);
}

HsReplayAttempt *
hs_replay_attempt_new (void)
{
  return g_object_new (HS_TYPE_REPLAY_ATTEMPT, NULL);
}

#define STRING_ACCESSORS(field) \
  const char * \
  hs_replay_attempt_get_##field (HsReplayAttempt *self) \
  { \
    g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL); \
    return self->field; \
  } \
  void \
  hs_replay_attempt_set_##field (HsReplayAttempt *self, \
                                 const char      *value) \
  { \
    g_return_if_fail (HS_IS_REPLAY_ATTEMPT (self)); \
    g_free (self->field); \
    self->field = g_strdup (value); \
  }

#define VALUE_ACCESSORS(type, field) \
  type \
  hs_replay_attempt_get_##field (HsReplayAttempt *self) \
  { \
    g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), 0); \
    return self->field; \
  } \
  void \
  hs_replay_attempt_set_##field (HsReplayAttempt *self, \
                                 type             value) \
  { \
    g_return_if_fail (HS_IS_REPLAY_ATTEMPT (self)); \
    self->field = value; \
  }

#define BYTES_ACCESSORS(field) \
  GBytes * \
  hs_replay_attempt_get_##field (HsReplayAttempt *self) \
  { \
    g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL); \
    return self->field; \
  } \
  void \
  hs_replay_attempt_set_##field (HsReplayAttempt *self, \
                                 GBytes          *value) \
  { \
    g_return_if_fail (HS_IS_REPLAY_ATTEMPT (self)); \
    if (value != NULL) \
      g_bytes_ref (value); \
    g_clear_pointer (&self->field, g_bytes_unref); \
    self->field = value; \
  }

VALUE_ACCESSORS (gint64, id)
VALUE_ACCESSORS (gint64, delivery_id)
VALUE_ACCESSORS (gint64, target_id)
VALUE_ACCESSORS (gint64, started_at)
VALUE_ACCESSORS (gint64, duration)
VALUE_ACCESSORS (guint, status)
VALUE_ACCESSORS (gint64, response_size)
VALUE_ACCESSORS (gboolean, append_path)
STRING_ACCESSORS (base_url)
STRING_ACCESSORS (target_name)
STRING_ACCESSORS (url)
STRING_ACCESSORS (method)
STRING_ACCESSORS (reason)
BYTES_ACCESSORS (request_body)
BYTES_ACCESSORS (response_body)

/* Returns: (transfer none): name, value, name, value, ... (modifiable) */
GPtrArray *
hs_replay_attempt_get_request_headers (HsReplayAttempt *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL);
  return self->request_headers;
}

/* Returns: (transfer none): name, value, name, value, ... (modifiable) */
GPtrArray *
hs_replay_attempt_get_response_headers (HsReplayAttempt *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL);
  return self->response_headers;
}

const char *
hs_replay_attempt_get_error_kind (HsReplayAttempt *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL);
  return self->error_kind;
}

const char *
hs_replay_attempt_get_error_message (HsReplayAttempt *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL);
  return self->error_message;
}

void
hs_replay_attempt_set_error (HsReplayAttempt *self,
                             const char      *kind,
                             const char      *message)
{
  g_return_if_fail (HS_IS_REPLAY_ATTEMPT (self));

  g_free (self->error_kind);
  g_free (self->error_message);
  self->error_kind = g_strdup (kind);
  self->error_message = g_strdup (message);
}

/* A 2xx answer. */
gboolean
hs_replay_attempt_is_success (HsReplayAttempt *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), FALSE);
  return self->error_kind == NULL && self->status >= 200 && self->status < 300;
}

/* "200 OK", or the error for people. */
char *
hs_replay_attempt_dup_outcome (HsReplayAttempt *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL);

  if (self->error_message != NULL)
    return g_strdup (self->error_message);
  if (self->reason != NULL && self->reason[0] != '\0')
    return g_strdup_printf ("%u %s", self->status, self->reason);
  return g_strdup_printf ("%u", self->status);
}

/* The first value of @name (case-insensitive), or %NULL. */
const char *
hs_replay_headers_lookup (GPtrArray  *headers,
                          const char *name)
{
  g_return_val_if_fail (headers != NULL && name != NULL, NULL);

  for (guint i = 0; i + 1 < headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (headers, i), name) == 0)
      return g_ptr_array_index (headers, i + 1);

  return NULL;
}

char *
hs_replay_headers_to_json (GPtrArray *headers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (headers != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < headers->len; i += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, g_ptr_array_index (headers, i));
      json_builder_add_string_value (builder, g_ptr_array_index (headers, i + 1));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Appends the pairs of @json ([[name, value], ...]) to @headers. */
gboolean
hs_replay_headers_from_json (GPtrArray  *headers,
                             const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_return_val_if_fail (headers != NULL, FALSE);

  if (json == NULL)
    return TRUE;
  root = json_from_string (json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);

      if (pair == NULL || json_array_get_length (pair) != 2)
        return FALSE;
      g_ptr_array_add (headers, g_strdup (json_array_get_string_element (pair, 0)));
      g_ptr_array_add (headers, g_strdup (json_array_get_string_element (pair, 1)));
    }

  return TRUE;
}

static void
add_headers (JsonBuilder *builder,
             GPtrArray   *headers)
{
  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < headers->len; i += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, g_ptr_array_index (headers, i));
      json_builder_add_string_value (builder, g_ptr_array_index (headers, i + 1));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

/* "body" when the bytes are UTF-8 text, else "body_base64". */
static void
add_body (JsonBuilder *builder,
          GBytes      *body)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (data == NULL || g_utf8_validate_len (data, size, NULL))
    {
      g_autofree char *text = g_strndup (data != NULL ? data : "", size);

      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, text);
    }
  else
    {
      g_autofree char *encoded = g_base64_encode ((const guchar *)data, size);

      json_builder_set_member_name (builder, "body_base64");
      json_builder_add_string_value (builder, encoded);
    }
}

/* The documented shape (docs/replay.md); headers always, bodies when @with_bodies. */
JsonNode *
hs_replay_attempt_to_json_node (HsReplayAttempt *self,
                                gboolean         with_bodies)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *started_at = NULL;

  g_return_val_if_fail (HS_IS_REPLAY_ATTEMPT (self), NULL);

  started_at = hs_format_timestamp (self->started_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "delivery_id");
  json_builder_add_int_value (builder, self->delivery_id);
  json_builder_set_member_name (builder, "target");
  if (self->target_name != NULL)
    json_builder_add_string_value (builder, self->target_name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, self->url);
  json_builder_set_member_name (builder, "target_url");
  json_builder_add_string_value (builder, self->base_url);
  json_builder_set_member_name (builder, "append_path");
  json_builder_add_boolean_value (builder, self->append_path);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, started_at);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_double_value (builder, self->duration / 1000.0);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, hs_replay_attempt_is_success (self));

  json_builder_set_member_name (builder, "request");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, self->method);
  add_headers (builder, self->request_headers);
  if (with_bodies)
    add_body (builder, self->request_body);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "response");
  if (self->status != 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, self->status);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, self->reason != NULL ? self->reason : "");
      add_headers (builder, self->response_headers);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, self->response_size);
      json_builder_set_member_name (builder, "truncated");
      json_builder_add_boolean_value (builder,
                                      self->response_size > HS_REPLAY_RESPONSE_BODY_CAP);
      if (with_bodies)
        add_body (builder, self->response_body);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  json_builder_set_member_name (builder, "error");
  if (self->error_kind != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, self->error_kind);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, self->error_message);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
