/* hs-cli-capture-private.h: helpers shared by hs-cli-capture.c and hs-cli-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-forwarding.h"
#include "hs-store.h"

G_BEGIN_DECLS

char    *hs_cli_printable  (const char *text);
HsStore *hs_cli_open_store (const char *prgname,
                            const char *db_option);
void     hs_cli_show_text  (HsDelivery *delivery);

/* hs-cli-forward.c */
gboolean hs_cli_parse_forwarding (const char   *prgname,
                                  char        **forward_to,
                                  char        **only,
                                  gboolean      relay,
                                  char        **respond,
                                  GPtrArray   **forward_rules,
                                  GPtrArray   **response_rules);
void     hs_cli_log_forwarding   (HsForwarding *forwarding);

G_END_DECLS
