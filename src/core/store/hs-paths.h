/* hs-paths.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HS_DEFAULT_LISTEN_ADDRESS "127.0.0.1"
#define HS_DEFAULT_LISTEN_PORT    8765

char     *hs_paths_default_database (void);
gboolean  hs_parse_listen_address   (const char  *text,
                                     char       **address,
                                     guint       *port,
                                     GError     **error);
gboolean  hs_check_ip_address       (const char  *address,
                                     GError     **error);

G_END_DECLS
