/* hs-body-check.h: the listener's look at a body: decoded, then its JSON syntax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

guint hs_body_check (HsDelivery  *delivery,
                     guint64      max_decoded_size,
                     char       **answer);

G_END_DECLS
