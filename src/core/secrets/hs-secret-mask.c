/* hs-secret-mask.c: which headers carry credentials, and how they are shown masked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every output that leaves Hookscope's own database (exports, `show`, copied curl commands)
 * masks these values unless the user asked for the secrets by name (--include-secrets, "Copy
 * as curl with key"). The stored bytes are never changed: masking works on a copy.
 *
 * A masked value keeps what helps telling two keys apart without giving either away: the
 * first two characters of a long value (16 characters or more: at most 12 of its bits for a
 * random key), then how long it was, e.g. "sk…[masked, 40 chars]". An Authorization scheme
 * ("Bearer", "Basic") is kept, and cookie names are kept while their values are masked.
 */

#define G_LOG_DOMAIN "hs-secret-mask"

#include "config.h"

#include <string.h>

#include "hs-secret-mask.h"

/* Below this length, no character of the value is shown. */
#define MIN_LENGTH_FOR_PREFIX 16

static const char * const secret_names[] = {
  "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
};

/* Any header name containing one of these (case-insensitive) is taken for a credential:
 * X-Hub-Signature-256, X-Gitlab-Token, X-Shopify-Hmac-Sha256 (hmac), X-CSRF-Token, ... */
static const char * const secret_words[] = {
  "token", "secret", "key", "auth", "signature", "password", "passwd", "credential", "session",
  "cookie", "hmac",
};

/**
 * hs_secret_header_is_secret:
 * @name: a header name, in any case
 *
 * Returns: whether the header's value is (or may be) a credential.
 */
gboolean
hs_secret_header_is_secret (const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (secret_names); i++)
    if (g_ascii_strcasecmp (name, secret_names[i]) == 0)
      return TRUE;

  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (secret_words); i++)
    if (strstr (lower, secret_words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* "sk…[masked, 40 chars]"; "" stays "" (nothing to hide, and "sent empty" is useful). */
static void
append_masked (GString    *out,
               const char *value,
               gsize       length)
{
  glong n_chars;

  if (length == 0)
    return;

  n_chars = g_utf8_validate (value, length, NULL) ? g_utf8_strlen (value, length) : (glong)length;
  if (n_chars >= MIN_LENGTH_FOR_PREFIX && g_utf8_validate (value, length, NULL))
    {
      const char *second = g_utf8_next_char (g_utf8_next_char (value));

      g_string_append_len (out, value, second - value);
    }
  g_string_append_printf (out, "…[masked, %ld chars]", n_chars);
}

/**
 * hs_secret_mask_value:
 * @value: a credential
 *
 * Returns: (transfer full): @value masked (see the top of this file).
 */
char *
hs_secret_mask_value (const char *value)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (value != NULL, NULL);

  append_masked (out, value, strlen (value));
  return g_string_free (out, FALSE);
}

/* "Bearer eyJ…": the scheme is a single token of letters (RFC 9110 auth-scheme, simplified). */
static gsize
scheme_length (const char *value)
{
  gsize n = 0;

  while (g_ascii_isalnum (value[n]) || value[n] == '-' || value[n] == '_')
    n++;
  return n > 0 && value[n] == ' ' ? n : 0;
}

/* Cookie: "a=1; b=2" (every value masked); Set-Cookie: "a=1; Path=/" (only the first). */
static void
append_masked_cookies (GString    *out,
                       const char *value,
                       gboolean    all)
{
  g_auto(GStrv) parts = g_strsplit (value, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      const char *equal = strchr (part, '=');

      if (i > 0)
        g_string_append_c (out, ';');
      if (i > 0 && !all)
        {
          g_string_append (out, part);
          continue;
        }
      if (equal == NULL)
        {
          append_masked (out, part, strlen (part));
          continue;
        }
      g_string_append_len (out, part, equal + 1 - part);
      append_masked (out, equal + 1, strlen (equal + 1));
    }
}

/**
 * hs_secret_mask_header_value:
 * @name: the header's name
 * @value: its value
 *
 * Returns: (transfer full): @value as outputs show it: masked when @name is a secret header
 * (hs_secret_header_is_secret()), else unchanged.
 */
char *
hs_secret_mask_header_value (const char *name,
                             const char *value)
{
  GString *out;

  g_return_val_if_fail (name != NULL, NULL);

  if (value == NULL)
    return NULL;
  if (!hs_secret_header_is_secret (name))
    return g_strdup (value);

  out = g_string_new (NULL);
  if (g_ascii_strcasecmp (name, "cookie") == 0 || g_ascii_strcasecmp (name, "set-cookie") == 0)
    append_masked_cookies (out, value, g_ascii_strcasecmp (name, "cookie") == 0);
  else if (g_ascii_strcasecmp (name, "authorization") == 0 ||
           g_ascii_strcasecmp (name, "proxy-authorization") == 0)
    {
      gsize scheme = scheme_length (value);

      g_string_append_len (out, value, scheme > 0 ? scheme + 1 : 0);
      append_masked (out, value + (scheme > 0 ? scheme + 1 : 0),
                     strlen (value + (scheme > 0 ? scheme + 1 : 0)));
    }
  else
    append_masked (out, value, strlen (value));

  return g_string_free (out, FALSE);
}

/* Whether masking would change anything: a secret header with a value. */
gboolean
hs_secret_delivery_has_secrets (HsDelivery *delivery)
{
  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    if (hs_secret_header_is_secret (hs_delivery_get_header_name (delivery, i)) &&
        hs_delivery_get_header_value (delivery, i)[0] != '\0')
      return TRUE;
  return FALSE;
}

/**
 * hs_secret_mask_header_pairs:
 * @pairs: (element-type utf8): flattened name, value, name, value… (a replay's headers)
 *
 * Masks the values of the secret headers in place.
 */
void
hs_secret_mask_header_pairs (GPtrArray *pairs)
{
  g_return_if_fail (pairs != NULL);

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *name = g_ptr_array_index (pairs, i);

      if (hs_secret_header_is_secret (name))
        {
          char *masked = hs_secret_mask_header_value (name, g_ptr_array_index (pairs, i + 1));

          g_free (g_ptr_array_index (pairs, i + 1));
          g_ptr_array_index (pairs, i + 1) = masked;
        }
    }
}

/**
 * hs_secret_mask_headers:
 * @delivery: a delivery the caller owns (read for an output, never one the store keeps)
 *
 * Replaces the values of its secret headers with masked ones, in place; order and duplicates
 * are kept.
 */
void
hs_secret_mask_headers (HsDelivery *delivery)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  guint n;
  gboolean any = FALSE;

  g_return_if_fail (HS_IS_DELIVERY (delivery));

  n = hs_delivery_get_n_headers (delivery);
  for (guint i = 0; i < n; i++)
    {
      const char *name = hs_delivery_get_header_name (delivery, i);
      const char *value = hs_delivery_get_header_value (delivery, i);

      any |= hs_secret_header_is_secret (name);
      g_ptr_array_add (pairs, g_strdup (name));
      g_ptr_array_add (pairs, hs_secret_mask_header_value (name, value));
    }
  if (!any)
    return;

  hs_delivery_set_headers_json (delivery, NULL);
  for (guint i = 0; i < pairs->len; i += 2)
    hs_delivery_add_header (delivery, g_ptr_array_index (pairs, i),
                            g_ptr_array_index (pairs, i + 1));
}

/**
 * hs_secret_masked_copy:
 * @delivery: a delivery (left as it is)
 *
 * Returns: (transfer full): a copy of @delivery with its secret headers masked, for an output
 * built from a delivery shared with others (the window's).
 */
HsDelivery *
hs_secret_masked_copy (HsDelivery *delivery)
{
  HsDelivery *copy;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  copy = hs_delivery_new ();
  hs_delivery_set_id (copy, hs_delivery_get_id (delivery));
  hs_delivery_set_received_at (copy, hs_delivery_get_received_at (delivery));
  hs_delivery_set_method (copy, hs_delivery_get_method (delivery));
  hs_delivery_set_path (copy, hs_delivery_get_path (delivery));
  hs_delivery_set_query (copy, hs_delivery_get_query (delivery));
  hs_delivery_set_peer (copy, hs_delivery_get_peer (delivery));
  hs_delivery_set_content_type (copy, hs_delivery_get_content_type (delivery));
  hs_delivery_set_event_name (copy, hs_delivery_get_event_name (delivery));
  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    hs_delivery_add_header (copy, hs_delivery_get_header_name (delivery, i),
                            hs_delivery_get_header_value (delivery, i));
  hs_delivery_set_body (copy, hs_delivery_get_body (delivery));
  hs_delivery_set_body_size (copy, hs_delivery_get_body_size (delivery));
  hs_delivery_set_auth_verdict (copy, hs_delivery_get_auth_verdict (delivery));
  hs_delivery_set_parse_verdict (copy, hs_delivery_get_parse_verdict (delivery),
                                 hs_delivery_get_parse_message (delivery));
  hs_delivery_set_flags (copy, hs_delivery_get_flags (delivery));
  hs_delivery_set_projected (copy, hs_delivery_get_projected (delivery));
  hs_delivery_set_response_status (copy, hs_delivery_get_response_status (delivery));

  hs_secret_mask_headers (copy);
  return copy;
}
