/* hs-domain-store.c (placeholder until the domain-model issue lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-domain-store"

#include "config.h"

#include "hs-domain-store.h"

gboolean
hs_domain_store_create_schema (sqlite3  *db,
                               GError  **error)
{
  return TRUE;
}

gboolean
hs_domain_store_apply (sqlite3     *db,
                       HsDelivery  *delivery,
                       GError     **error)
{
  return TRUE;
}
