/* hs-delivery-query.h: which deliveries to list: free text, event name, verdicts, flags, time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_TYPE_DELIVERY_QUERY (hs_delivery_query_get_type ())

typedef struct _HsDeliveryQuery HsDeliveryQuery;

/* Verdict masks: 1 << HsAuthVerdict, 1 << HsParseVerdict. */
#define HS_DELIVERY_QUERY_VERDICT(v) (1u << (v))

GType            hs_delivery_query_get_type       (void) G_GNUC_CONST;
HsDeliveryQuery *hs_delivery_query_new            (void);
HsDeliveryQuery *hs_delivery_query_copy           (const HsDeliveryQuery *self);
HsDeliveryQuery *hs_delivery_query_ref            (HsDeliveryQuery       *self);
void             hs_delivery_query_unref          (HsDeliveryQuery       *self);

void             hs_delivery_query_set_text       (HsDeliveryQuery       *self,
                                                   const char            *text);
const char      *hs_delivery_query_get_text       (const HsDeliveryQuery *self);
void             hs_delivery_query_set_event_name (HsDeliveryQuery       *self,
                                                   const char            *event_name);
const char      *hs_delivery_query_get_event_name (const HsDeliveryQuery *self);
void             hs_delivery_query_set_auth       (HsDeliveryQuery       *self,
                                                   guint                  verdicts);
guint            hs_delivery_query_get_auth       (const HsDeliveryQuery *self);
void             hs_delivery_query_set_parse      (HsDeliveryQuery       *self,
                                                   guint                  verdicts);
guint            hs_delivery_query_get_parse      (const HsDeliveryQuery *self);
void             hs_delivery_query_set_flags      (HsDeliveryQuery       *self,
                                                   HsDeliveryFlags        any_of);
HsDeliveryFlags  hs_delivery_query_get_flags      (const HsDeliveryQuery *self);
void             hs_delivery_query_set_range      (HsDeliveryQuery       *self,
                                                   gint64                 since_us,
                                                   gint64                 until_us);
gint64           hs_delivery_query_get_since      (const HsDeliveryQuery *self);
gint64           hs_delivery_query_get_until      (const HsDeliveryQuery *self);

gboolean         hs_delivery_query_is_empty       (const HsDeliveryQuery *self);
gboolean         hs_delivery_query_equal          (const HsDeliveryQuery *a,
                                                   const HsDeliveryQuery *b);

GArray          *hs_delivery_query_list_ids       (const HsDeliveryQuery *self,
                                                   sqlite3               *db,
                                                   gint64                 after_id,
                                                   GCancellable          *cancellable,
                                                   GError               **error);

GArray          *hs_delivery_query_list_newest_ids (const HsDeliveryQuery *self,
                                                    sqlite3               *db,
                                                    guint                  limit,
                                                    GCancellable          *cancellable,
                                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsDeliveryQuery, hs_delivery_query_unref)

G_END_DECLS
