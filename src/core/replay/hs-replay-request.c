/* hs-replay-request.c: what one replay sends (method, headers, body) and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A request starts as the captured delivery, byte for byte, minus the hop-by-hop and framing
 * headers: those described the sender's connection to Hookscope, not the webhook, and the HTTP
 * stack recomputes them for the new connection (a stale Content-Length after an edited body
 * would corrupt the exchange). Edits (method, headers, body) then apply on top.
 */

#define G_LOG_DOMAIN "hs-replay-request"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hs-replay-request.h"

struct _HsReplayRequest
{
  GObject    parent_instance;

  gint64     delivery_id;
  gint64     received_at;
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;  /* name, value, name, value, ... in order, duplicates kept */
  GBytes    *body;
};

G_DEFINE_FINAL_TYPE (HsReplayRequest, hs_replay_request, G_TYPE_OBJECT)
G_DEFINE_QUARK (hs-replay-error-quark, hs_replay_error)

static const char * const hop_by_hop[] = {
  "host", "content-length", "connection", "transfer-encoding", "keep-alive", "te", "trailer",
  "upgrade",
};

/* Host, Content-Length, Connection, Transfer-Encoding, Keep-Alive, TE, Trailer, Upgrade and
 * every Proxy-* header. */
gboolean
hs_replay_is_hop_by_hop_header (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  if (g_ascii_strncasecmp (name, "proxy-", 6) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (hop_by_hop); i++)
    if (g_ascii_strcasecmp (name, hop_by_hop[i]) == 0)
      return TRUE;

  return FALSE;
}

const char *
hs_replay_error_to_string (HsReplayError code)
{
  switch (code)
    {
    case HS_REPLAY_ERROR_INVALID_URL: return "invalid-url";
    case HS_REPLAY_ERROR_RESOLVE: return "resolve";
    case HS_REPLAY_ERROR_REFUSED: return "refused";
    case HS_REPLAY_ERROR_TLS: return "tls";
    case HS_REPLAY_ERROR_TIMEOUT: return "timeout";
    case HS_REPLAY_ERROR_CANCELLED: return "cancelled";
    case HS_REPLAY_ERROR_NETWORK: return "network";
    case HS_REPLAY_ERROR_FAILED:
    default:
      return "failed";
    }
}

/**
 * hs_replay_build_url:
 * @base_url: the target, an absolute http or https URL, possibly with a path and a query
 * @path: (nullable): the captured path, appended to the target's path when @append_path
 * @query: (nullable): the captured query (without '?')
 *
 * The target's own query is kept and the captured query follows it after '&'. A fragment in
 * @base_url is dropped (it is never sent). The parts are joined as text so that their percent
 * encoding stays exactly as written and as captured.
 */
char *
hs_replay_build_url (const char  *base_url,
                     const char  *path,
                     const char  *query,
                     gboolean     append_path,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *base = NULL;
  const char *scheme;
  const char *host;
  GString *url;
  char *mark;
  char *base_query = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || host[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, HS_REPLAY_ERROR, HS_REPLAY_ERROR_INVALID_URL,
                   _("“%s” is not an http:// or https:// URL with a host"), base_url);
      return NULL;
    }

  base = g_strdup (base_url);
  if ((mark = strchr (base, '#')) != NULL)
    *mark = '\0';
  if ((mark = strchr (base, '?')) != NULL)
    {
      *mark = '\0';
      base_query = mark + 1;
    }

  url = g_string_new (base);
  if (append_path && path != NULL && path[0] != '\0')
    {
      /* http://host:port has an empty path: the captured one starts with '/' anyway. */
      const char *authority_end = strstr (url->str, "://");
      const char *base_path = authority_end != NULL ? strchr (authority_end + 3, '/') : NULL;

      if (base_path != NULL && url->str[url->len - 1] == '/')
        g_string_truncate (url, url->len - 1);
      if (path[0] != '/')
        g_string_append_c (url, '/');
      g_string_append (url, path);
    }

  if (base_query != NULL && base_query[0] != '\0')
    {
      g_string_append_c (url, '?');
      g_string_append (url, base_query);
      if (query != NULL && query[0] != '\0')
        g_string_append_printf (url, "&%s", query);
    }
  else if (query != NULL && query[0] != '\0')
    {
      g_string_append_printf (url, "?%s", query);
    }

  return g_string_free (url, FALSE);
}

static void
hs_replay_request_finalize (GObject *object)
{
  HsReplayRequest *self = (HsReplayRequest *)object;

  g_free (self->method);
  g_free (self->path);
  g_free (self->query);
  g_ptr_array_unref (self->headers);
  g_clear_pointer (&self->body, g_bytes_unref);

  G_OBJECT_CLASS (hs_replay_request_parent_class)->finalize (object);
}

static void
hs_replay_request_class_init (HsReplayRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_replay_request_finalize;
}

static void
hs_replay_request_init (HsReplayRequest *self)
{
  self->method = g_strdup ("POST");
  self->headers = g_ptr_array_new_with_free_func (g_free);
}

HsReplayRequest *
hs_replay_request_new (void)
{
  return g_object_new (HS_TYPE_REPLAY_REQUEST, NULL);
}

/* The captured request, minus its hop-by-hop and framing headers. */
HsReplayRequest *
hs_replay_request_new_for_delivery (HsDelivery *delivery)
{
  HsReplayRequest *self;
  guint n;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  self = hs_replay_request_new ();
  self->delivery_id = hs_delivery_get_id (delivery);
  self->received_at = hs_delivery_get_received_at (delivery);
  hs_replay_request_set_method (self, hs_delivery_get_method (delivery));
  hs_replay_request_set_path (self, hs_delivery_get_path (delivery),
                              hs_delivery_get_query (delivery));

  n = hs_delivery_get_n_headers (delivery);
  for (guint i = 0; i < n; i++)
    {
      const char *name = hs_delivery_get_header_name (delivery, i);

      if (!hs_replay_is_hop_by_hop_header (name))
        hs_replay_request_add_header (self, name, hs_delivery_get_header_value (delivery, i));
    }

  hs_replay_request_set_body (self, hs_delivery_get_body (delivery));

  return self;
}

HsReplayRequest *
hs_replay_request_copy (HsReplayRequest *self)
{
  HsReplayRequest *copy;

  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);

  copy = hs_replay_request_new ();
  copy->delivery_id = self->delivery_id;
  copy->received_at = self->received_at;
  hs_replay_request_set_method (copy, self->method);
  hs_replay_request_set_path (copy, self->path, self->query);
  for (guint i = 0; i < self->headers->len; i++)
    g_ptr_array_add (copy->headers, g_strdup (g_ptr_array_index (self->headers, i)));
  hs_replay_request_set_body (copy, self->body);

  return copy;
}

gint64
hs_replay_request_get_delivery_id (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), 0);
  return self->delivery_id;
}

void
hs_replay_request_set_delivery_id (HsReplayRequest *self,
                                   gint64           delivery_id)
{
  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));
  self->delivery_id = delivery_id;
}

gint64
hs_replay_request_get_received_at (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), 0);
  return self->received_at;
}

const char *
hs_replay_request_get_method (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  return self->method;
}

void
hs_replay_request_set_method (HsReplayRequest *self,
                              const char      *method)
{
  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));
  g_return_if_fail (method != NULL && method[0] != '\0');

  g_free (self->method);
  self->method = g_strdup (method);
}

const char *
hs_replay_request_get_path (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  return self->path;
}

const char *
hs_replay_request_get_query (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  return self->query;
}

void
hs_replay_request_set_path (HsReplayRequest *self,
                            const char      *path,
                            const char      *query)
{
  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));

  g_free (self->path);
  g_free (self->query);
  self->path = g_strdup (path);
  self->query = g_strdup (query);
}

guint
hs_replay_request_get_n_headers (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), 0);
  return self->headers->len / 2;
}

const char *
hs_replay_request_get_header_name (HsReplayRequest *self,
                                   guint            position)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  g_return_val_if_fail (position * 2 < self->headers->len, NULL);
  return g_ptr_array_index (self->headers, position * 2);
}

const char *
hs_replay_request_get_header_value (HsReplayRequest *self,
                                    guint            position)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  g_return_val_if_fail (position * 2 < self->headers->len, NULL);
  return g_ptr_array_index (self->headers, position * 2 + 1);
}

/* The first value of @name (case-insensitive), or %NULL. */
const char *
hs_replay_request_lookup_header (HsReplayRequest *self,
                                 const char      *name)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->headers, i), name) == 0)
      return g_ptr_array_index (self->headers, i + 1);

  return NULL;
}

void
hs_replay_request_add_header (HsReplayRequest *self,
                              const char      *name,
                              const char      *value)
{
  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));
  g_return_if_fail (name != NULL && value != NULL);

  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/* Replaces the first header called @name in place (keeping its position) and removes the
 * others; appends it when there is none. */
void
hs_replay_request_set_header (HsReplayRequest *self,
                              const char      *name,
                              const char      *value)
{
  gboolean found = FALSE;

  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));
  g_return_if_fail (name != NULL && value != NULL);

  for (guint i = 0; i < self->headers->len;)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->headers, i), name) != 0)
        {
          i += 2;
          continue;
        }
      if (found)
        {
          g_ptr_array_remove_range (self->headers, i, 2);
          continue;
        }
      found = TRUE;
      g_free (g_ptr_array_index (self->headers, i + 1));
      g_ptr_array_index (self->headers, i + 1) = g_strdup (value);
      i += 2;
    }

  if (!found)
    hs_replay_request_add_header (self, name, value);
}

/* Returns: how many headers called @name were removed. */
guint
hs_replay_request_remove_header (HsReplayRequest *self,
                                 const char      *name)
{
  guint removed = 0;

  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  for (guint i = 0; i < self->headers->len;)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->headers, i), name) == 0)
        {
          g_ptr_array_remove_range (self->headers, i, 2);
          removed++;
        }
      else
        {
          i += 2;
        }
    }

  return removed;
}

void
hs_replay_request_clear_headers (HsReplayRequest *self)
{
  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));
  g_ptr_array_set_size (self->headers, 0);
}

/* One "Name: value" a line, in order: the form people edit headers in. */
char *
hs_replay_request_dup_headers_text (HsReplayRequest *self)
{
  GString *text;

  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->headers->len; i += 2)
    g_string_append_printf (text, "%s: %s\n", (char *)g_ptr_array_index (self->headers, i),
                            (char *)g_ptr_array_index (self->headers, i + 1));

  return g_string_free (text, FALSE);
}

/**
 * hs_replay_request_set_headers_text:
 * @text: one "Name: value" a line; blank lines are skipped, spaces around the name and
 *   before the value are trimmed
 *
 * Replaces every header. Returns: FALSE (and the headers unchanged) when a line has no name
 * or no colon; the error names the line.
 */
gboolean
hs_replay_request_set_headers_text (HsReplayRequest  *self,
                                    const char       *text,
                                    GError          **error)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *colon = strchr (line, ':');
      g_autofree char *name = NULL;

      if (line[0] == '\0')
        continue;
      if (colon != NULL)
        name = g_strstrip (g_strndup (line, colon - line));
      if (name == NULL || name[0] == '\0')
        {
          g_set_error (error, HS_REPLAY_ERROR, HS_REPLAY_ERROR_FAILED,
                       _("Header line %u is not “Name: value”"), i + 1);
          return FALSE;
        }
      g_ptr_array_add (headers, g_steal_pointer (&name));
      g_ptr_array_add (headers, g_strchug (g_strdup (colon + 1)));
    }

  g_ptr_array_set_size (self->headers, 0);
  g_ptr_array_extend_and_steal (self->headers, g_steal_pointer (&headers));
  return TRUE;
}

GBytes *
hs_replay_request_get_body (HsReplayRequest *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  return self->body;
}

void
hs_replay_request_set_body (HsReplayRequest *self,
                            GBytes          *body)
{
  g_return_if_fail (HS_IS_REPLAY_REQUEST (self));

  if (body != NULL)
    g_bytes_ref (body);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body;
}

/**
 * hs_replay_request_to_message:
 * @url: the full URL (see hs_replay_build_url())
 *
 * Returns: (transfer full): the message, or %NULL when @url does not parse. Hop-by-hop headers
 * are skipped here too, so that an edit cannot bring a stale one back.
 */
SoupMessage *
hs_replay_request_to_message (HsReplayRequest *self,
                              const char      *url)
{
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *message;

  g_return_val_if_fail (HS_IS_REPLAY_REQUEST (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return NULL;

  message = soup_message_new_from_uri (self->method, uri);
  /* The target's own answer is what gets recorded, not the end of a redirect chain. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  /* libsoup opens a new connection for every POST unless told that reusing one is fine: a
   * bulk replay then spends most of its time connecting. The price: if the target closed the
   * idle connection at the very moment it is reused, libsoup sends the request again on a new
   * one (it was not received on the old one). */
  soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);

  if (self->body != NULL && g_bytes_get_size (self->body) > 0)
    soup_message_set_request_body_from_bytes (message, NULL, self->body);

  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i < self->headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (self->headers, i);

      if (!hs_replay_is_hop_by_hop_header (name))
        soup_message_headers_append (headers, name, g_ptr_array_index (self->headers, i + 1));
    }

  return message;
}
