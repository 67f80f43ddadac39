/* hs-body-text.h: a delivery's body as text to read: pretty JSON, or a hex dump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  hs_body_text_is_text     (const char *data,
                                    gsize       size);
char     *hs_body_text_pretty_json (const char *data,
                                    gsize       size);
char     *hs_body_text_hex         (const guint8 *data,
                                    gsize         size);

G_END_DECLS
