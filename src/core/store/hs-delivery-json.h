/* hs-delivery-json.h: the documented JSON shape of a delivery (CLI --json, JSON lines export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

char     *hs_format_timestamp          (gint64       unix_us);
JsonNode *hs_delivery_to_json_node     (HsDelivery  *delivery,
                                        gboolean     with_body);
gboolean  hs_delivery_body_is_text     (HsDelivery  *delivery);
char     *hs_delivery_dup_headers_json (HsDelivery  *delivery);
void      hs_delivery_append_json      (GString     *out,
                                        HsDelivery  *delivery);
gboolean  hs_content_type_is_json      (const char  *content_type);

G_END_DECLS
