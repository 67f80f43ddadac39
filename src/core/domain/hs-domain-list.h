/* hs-domain-list.h: a lazy list of events or invitations, newest first, searchable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-domain-store-pages.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_DOMAIN_LIST (hs_domain_list_get_type ())

G_DECLARE_FINAL_TYPE (HsDomainList, hs_domain_list, HS, DOMAIN_LIST, GObject)

/* Called on a worker thread for each row read, before the list hands it out: the place for
 * what a row shows that costs time to compute (set as object data on @item). */
typedef void (*HsDomainListPrepareFunc) (GObject *item);

HsDomainList *hs_domain_list_new             (HsStore           *store,
                                              HsDomainPagesKind  kind);
void          hs_domain_list_set_prepare_func (HsDomainList      *self,
                                              HsDomainListPrepareFunc prepare);
void          hs_domain_list_set_search      (HsDomainList      *self,
                                              const char        *search);
const char   *hs_domain_list_get_search      (HsDomainList      *self);
void          hs_domain_list_reload          (HsDomainList      *self);
void          hs_domain_list_refresh         (HsDomainList      *self);
gboolean      hs_domain_list_get_loaded      (HsDomainList      *self);
gboolean      hs_domain_list_is_placeholder  (gpointer           item);
gboolean      hs_domain_list_find            (HsDomainList      *self,
                                              const char        *id,
                                              guint             *position);

G_END_DECLS
