/* hs-body-codec.h: a request body decoded from its Content-Encoding (gzip, deflate, br)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_BODY_CODEC_ERROR (hs_body_codec_error_quark ())

typedef enum
{
  HS_BODY_CODEC_ERROR_UNSUPPORTED,  /* a Content-Encoding Hookscope does not decode */
  HS_BODY_CODEC_ERROR_CORRUPT,      /* the stream does not decode, or ends early */
  HS_BODY_CODEC_ERROR_TOO_LARGE,    /* it decodes to more than the limit */
  HS_BODY_CODEC_ERROR_REFUSED,      /* the listener refused it for its size: never decoded */
} HsBodyCodecError;

/* Readers decode up to this: the largest body limit the preferences allow. The listener
 * refused (413) anything that decoded past the limit of its day, so a body a reader decodes
 * was at most that when it was answered. */
#define HS_BODY_CODEC_READ_LIMIT (G_GUINT64_CONSTANT (1) << 30)

GQuark      hs_body_codec_error_quark        (void);

char       *hs_body_codec_dup_encoding       (HsDelivery   *delivery);
gboolean    hs_body_codec_is_identity        (const char   *content_encoding);
GBytes     *hs_body_codec_decode             (const char   *content_encoding,
                                              GBytes       *body,
                                              guint64       max_size,
                                              gboolean      prefix,
                                              GError      **error);
char       *hs_body_codec_format_bytes       (guint64       n_bytes);
char       *hs_body_codec_describe           (const char   *content_encoding,
                                              gsize         wire_size,
                                              GBytes       *decoded,
                                              const GError *error);
gboolean    hs_body_codec_was_refused        (HsDelivery   *delivery);
const char *hs_body_codec_refused_message    (void);
GBytes     *hs_delivery_dup_decoded_body     (HsDelivery   *delivery,
                                              guint64       max_size,
                                              GError      **error);

G_END_DECLS
