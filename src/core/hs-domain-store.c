/* hs-domain-store.c (placeholder until the domain-model issue lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-domain-store"

#include "config.h"

#include <gio/gio.h>

#include "hs-domain-store.h"

gboolean
hs_domain_store_create_schema (sqlite3  *db,
                               GError  **error)
{
  return TRUE;
}

struct _HsDomainStore
{
  sqlite3 *db;
};

HsDomainStore *
hs_domain_store_new (sqlite3 *db)
{
  HsDomainStore *self = g_new0 (HsDomainStore, 1);

  self->db = db;
  return self;
}

void
hs_domain_store_free (HsDomainStore *self)
{
  g_free (self);
}

gboolean
hs_domain_store_apply (HsDomainStore *self,
                       HsDelivery    *delivery,
                       GError       **error)
{
  return TRUE;
}

char *
hs_domain_store_dup_event_json (sqlite3     *db,
                                const char  *event_id,
                                GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No event %s", event_id);
  return NULL;
}
