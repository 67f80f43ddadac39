/* hs-body-check.c: the listener's look at a body: decoded, then its JSON syntax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the listener's thread for every request, before the hand-off to the writer: what
 * the sender is answered depends on it. A body with a Content-Encoding is decoded (bounded by
 * the body limit, measured on the decoded size) and the JSON check reads the decoded bytes;
 * the delivery keeps the bytes as received. What a body that parses means is the domain
 * projection's business, after the commit.
 */

#define G_LOG_DOMAIN "hs-body-check"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "hs-body-check.h"
#include "hs-body-codec.h"
#include "hs-delivery-json.h"
#include "hs-json-check.h"

/* A JSON content type whose body does not parse is not-json (400 when it would otherwise
 * have been accepted). The scanner validates without building a document, and picks up the
 * top-level "event_name" on the way. */
static void
check_json (HsDelivery *delivery,
            GBytes     *body)
{
  g_autofree char *event_name = NULL;
  g_autofree char *message = NULL;
  const char *data;
  gsize size = 0;

  data = body ? g_bytes_get_data (body, &size) : NULL;
  if (hs_json_check (data, size, &event_name, &message))
    hs_delivery_set_event_name (delivery, event_name);
  else
    hs_delivery_set_parse_verdict (delivery, HS_PARSE_NOT_JSON, message);
}

/**
 * hs_body_check:
 * @max_decoded_size: the body limit; a body that decodes to more is refused (413)
 * @answer: (out) (nullable): the text for the sender when the body itself is refused
 *
 * Decodes the body from its Content-Encoding and checks the JSON syntax of a JSON content
 * type. A body that cannot be decoded is not-json, with why, and is refused: 413 when it
 * decodes past the limit (a decompression bomb), 400 when its stream is corrupt, 415 when the
 * encoding is not one Hookscope decodes.
 *
 * Returns: the status the body alone calls for, 0 when it calls for none
 */
guint
hs_body_check (HsDelivery  *delivery,
               guint64      max_decoded_size,
               char       **answer)
{
  g_autofree char *encoding = NULL;
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json;
  guint status;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), 0);
  g_return_val_if_fail (answer != NULL, 0);

  *answer = NULL;
  json = hs_content_type_is_json (hs_delivery_get_content_type (delivery));

  /* Over the limit as received: only a prefix was kept, there is nothing whole to read. */
  if (hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED)
    {
      if (json)
        hs_delivery_set_parse_verdict (delivery, HS_PARSE_NOT_JSON,
                                       _("the body is over the size limit; "
                                         "only its first 64 KiB were kept"));
      return 0;
    }

  /* The common case costs one walk over the headers. */
  encoding = hs_body_codec_dup_encoding (delivery);
  if (encoding == NULL)
    {
      if (json)
        check_json (delivery, hs_delivery_get_body (delivery));
      return 0;
    }

  decoded = hs_body_codec_decode (encoding, hs_delivery_get_body (delivery), max_decoded_size,
                                  FALSE, &error);
  if (decoded != NULL)
    {
      if (json)
        check_json (delivery, decoded);
      return 0;
    }

  hs_delivery_set_parse_verdict (delivery, HS_PARSE_NOT_JSON, error->message);
  if (g_error_matches (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_TOO_LARGE))
    {
      status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      *answer = g_strdup_printf (_("The body decodes to more than the limit of %" PRIu64
                                   " bytes; it was stored as received"), max_decoded_size);
    }
  else
    {
      status = g_error_matches (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_UNSUPPORTED)
        ? SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE : SOUP_STATUS_BAD_REQUEST;
      /* Translators: %s says why, e.g. "the gzip stream is corrupt" */
      *answer = g_strdup_printf (_("The body could not be decoded: %s"), error->message);
    }

  return status;
}
