/* hs-curl.h: a delivery as a curl command line that sends the same request again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-delivery.h"

G_BEGIN_DECLS

char     *hs_shell_quote            (const char *word);
gboolean  hs_curl_body_needs_file   (HsDelivery *delivery);
char     *hs_curl_command           (HsDelivery *delivery,
                                     const char *base_url,
                                     const char *body_path);

G_END_DECLS
