/* hs-cli-query.h: the query options of `hookscope list` (--search, --auth, --parse, --flag,
 * --since, --until)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-delivery-query.h"
#include "hs-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  *search;
  char **auth;
  char **parse;
  char **flags;
  char  *since;
  char  *until;
} HsCliQueryOptions;

gboolean hs_cli_query_options_used  (const HsCliQueryOptions *options);
void     hs_cli_query_options_clear (HsCliQueryOptions       *options);
HsDeliveryQuery *hs_cli_query_build (const HsCliQueryOptions *options,
                                     const char              *event_name,
                                     GError                 **error);
gboolean hs_cli_query_foreach       (HsStore                 *store,
                                     HsDeliveryQuery         *query,
                                     guint64                  limit,
                                     HsStoreForeachFunc       func,
                                     gpointer                 user_data,
                                     GError                 **error);

G_END_DECLS
