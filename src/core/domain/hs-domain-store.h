/* hs-domain-store.h: the Backoffice domain model (events, invitations, participants) in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contract between the capture store (hs-store.c) and the domain model (hs-domain-store.c):
 * - hs_domain_store_create_schema() is run by HsStore's migration 2 inside its migration
 *   transaction; later domain migrations are added to HsStore's migration table the same way.
 * - HsStore's writer thread owns one HsDomainStore made with hs_domain_store_new() on its own
 *   connection (so prepared statements can be cached); it is used from that thread only.
 * - hs_domain_store_apply() is called by HsStore's writer inside the transaction (under a
 *   SAVEPOINT) that is about to insert the delivery: its row does not exist yet, but
 *   hs_delivery_get_id() is already the id it will get, and @body_sha256 the hash HsStore
 *   stores with it. It parses the body (unless HsStore already did: @body_payload, may be NULL),
 *   sets the delivery's event name, parse verdict/message and flags (duplicate, out-of-order)
 *   on the HsDelivery object, and, only when the auth verdict is ok or not-required, writes
 *   the domain rows. HsStore then inserts the delivery with those fields (one row write, no
 *   update after it). If it returns FALSE the savepoint is rolled back and the delivery is
 *   still committed, flagged invalid-shape with the error text: a domain bug never loses a
 *   delivery.
 *
 * The read functions take any connection to the same database (typically
 * hs_store_get_read_connection()) and never write.
 */

#pragma once

#include <sqlite3.h>

#include "hs-delivery.h"
#include "hs-event.h"
#include "hs-invitation.h"
#include "hs-participant.h"
#include "hs-payload.h"

G_BEGIN_DECLS

typedef struct _HsDomainStore HsDomainStore;

HsDomainStore *hs_domain_store_new           (sqlite3        *db);
void           hs_domain_store_free          (HsDomainStore  *self);
gboolean       hs_domain_store_create_schema (sqlite3        *db,
                                              GError        **error);
gboolean       hs_domain_store_apply         (HsDomainStore  *self,
                                              HsDelivery     *delivery,
                                              const char     *body_sha256,
                                              HsPayload      *body_payload,
                                              GError        **error);

/* Read API. Lists are GPtrArrays of new objects (free with g_ptr_array_unref). */
GPtrArray     *hs_domain_store_list_events          (sqlite3     *db,
                                                     GError     **error);
HsEvent       *hs_domain_store_get_event            (sqlite3     *db,
                                                     const char  *event_id,
                                                     GError     **error);
char          *hs_domain_store_dup_event_json       (sqlite3     *db,
                                                     const char  *event_id,
                                                     GError     **error);
GPtrArray     *hs_domain_store_list_event_versions  (sqlite3     *db,
                                                     const char  *event_id,
                                                     GError     **error);
GPtrArray     *hs_domain_store_list_invitations     (sqlite3     *db,
                                                     const char  *event_id,
                                                     GError     **error);
GPtrArray     *hs_domain_store_list_events_changed (sqlite3  *db,
                                                    gint64    after_delivery_id,
                                                    gint64   *last_delivery_id,
                                                    GError  **error);
GPtrArray     *hs_domain_store_list_invitations_changed (sqlite3  *db,
                                                         gint64    after_delivery_id,
                                                         gint64   *last_delivery_id,
                                                         GError  **error);
GPtrArray     *hs_domain_store_list_participants    (sqlite3     *db,
                                                     const char  *event_id,
                                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsDomainStore, hs_domain_store_free)

G_END_DECLS
