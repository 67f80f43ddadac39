/* hs-cli-body.h: `hookscope show`'s body: decoded, a form field by field, multipart part by part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-delivery.h"

G_BEGIN_DECLS

void hs_cli_print_encoding (HsDelivery *delivery,
                            GBytes     *decoded,
                            GError     *error);
void hs_cli_print_body     (HsDelivery *delivery,
                            GBytes     *decoded);

G_END_DECLS
