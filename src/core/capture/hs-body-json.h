/* hs-body-json.h: what `show --json` and `export` add about a body: decoded, form, parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

void hs_delivery_json_add_decoded (JsonBuilder *builder,
                                   HsDelivery  *delivery);

G_END_DECLS
