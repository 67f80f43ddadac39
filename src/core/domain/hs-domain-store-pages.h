/* hs-domain-store-pages.h: the reads behind the lazy Events and Invitations lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any read connection; HsDomainList calls these on its workers.
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "hs-event.h"
#include "hs-invitation.h"

G_BEGIN_DECLS

typedef enum
{
  HS_DOMAIN_PAGES_EVENTS,
  HS_DOMAIN_PAGES_INVITATIONS,
} HsDomainPagesKind;

typedef struct
{
  gint64   key;
  char    *id;        /* the event's or invitation's id */
  gboolean is_new;
  gboolean matches;
} HsDomainChangedKey;

gboolean   hs_domain_store_migrate_lists      (sqlite3            *db,
                                               GError            **error);
char      *hs_domain_store_search_pattern     (const char         *search);
GArray    *hs_domain_store_list_keys          (sqlite3            *db,
                                               HsDomainPagesKind   kind,
                                               const char         *search,
                                               gint64             *through,
                                               GCancellable       *cancellable,
                                               GError            **error);
GArray    *hs_domain_store_list_changed_keys  (sqlite3            *db,
                                               HsDomainPagesKind   kind,
                                               const char         *search,
                                               gint64              after,
                                               gint64             *through,
                                               GError            **error);
GPtrArray *hs_domain_store_read_keys          (sqlite3            *db,
                                               HsDomainPagesKind   kind,
                                               const gint64       *keys,
                                               guint               n_keys,
                                               GError            **error);
gboolean   hs_domain_store_get_event_counts   (HsEvent            *event,
                                               guint              *n_invitations,
                                               guint              *n_participants);

G_END_DECLS
