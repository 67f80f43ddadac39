/* hs-payload-cache.h: the last few bodies that parsed, understood, keyed by SHA-256
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-payload.h"

G_BEGIN_DECLS

typedef struct _HsPayloadCache HsPayloadCache;

/* Bodies larger than this are not kept. */
#define HS_PAYLOAD_CACHE_MAX_BODY (64 * 1024)

HsPayloadCache *hs_payload_cache_new    (guint            size);
void            hs_payload_cache_free   (HsPayloadCache  *self);
void            hs_payload_cache_clear  (HsPayloadCache  *self);
HsPayload      *hs_payload_cache_lookup (HsPayloadCache  *self,
                                         const char      *sha256,
                                         const char     **event_name);
void            hs_payload_cache_store  (HsPayloadCache  *self,
                                         const char      *sha256,
                                         const char      *event_name,
                                         HsPayload       *payload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsPayloadCache, hs_payload_cache_free)

G_END_DECLS
