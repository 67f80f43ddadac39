/* hs-json-reader.h: a fast JSON reader for the common case, json-glib for everything else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *hs_json_read_fast (const char *data,
                             gsize       length);

G_END_DECLS
