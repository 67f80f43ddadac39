/* hs-json-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean hs_json_check (const char  *data,
                        gsize        size,
                        char       **event_name,
                        char       **error_message);

G_END_DECLS
