/* hs-payload-cache.c: the last few bodies that parsed, understood, keyed by SHA-256
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Senders retry with the very same bytes (a timeout, a lost answer, at-least-once delivery).
 * The store's writer keeps the last few bodies it parsed, with the top-level "event_name" it
 * found, so that a byte-identical repeat skips the parse, the payload's objects and their JSON
 * text: the same bytes are the same document. A ring: the oldest entry makes room. Used from
 * one thread; the payloads are never changed once made.
 */

#define G_LOG_DOMAIN "hs-payload-cache"

#include "config.h"

#include <string.h>

#include "hs-payload-cache.h"

typedef struct
{
  char      *sha256;
  char      *event_name;
  HsPayload *payload;
} Entry;

struct _HsPayloadCache
{
  Entry *entries;
  guint  size;
  guint  next;
};

HsPayloadCache *
hs_payload_cache_new (guint size)
{
  HsPayloadCache *self;

  g_return_val_if_fail (size > 0, NULL);

  self = g_new0 (HsPayloadCache, 1);
  self->entries = g_new0 (Entry, size);
  self->size = size;

  return self;
}

static void
entry_clear (Entry *entry)
{
  g_clear_pointer (&entry->sha256, g_free);
  g_clear_pointer (&entry->event_name, g_free);
  g_clear_object (&entry->payload);
}

void
hs_payload_cache_clear (HsPayloadCache *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->size; i++)
    entry_clear (&self->entries[i]);
  self->next = 0;
}

void
hs_payload_cache_free (HsPayloadCache *self)
{
  if (self == NULL)
    return;

  hs_payload_cache_clear (self);
  g_free (self->entries);
  g_free (self);
}

/**
 * hs_payload_cache_lookup:
 * @event_name: (out): the event name stored with it, owned by the cache
 *
 * Returns: (transfer full) (nullable): the payload of the body with this SHA-256
 */
HsPayload *
hs_payload_cache_lookup (HsPayloadCache  *self,
                         const char      *sha256,
                         const char     **event_name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  for (guint i = 0; i < self->size; i++)
    {
      Entry *entry = &self->entries[i];

      if (entry->sha256 != NULL && strcmp (entry->sha256, sha256) == 0)
        {
          if (event_name != NULL)
            *event_name = entry->event_name;
          return g_object_ref (entry->payload);
        }
    }

  return NULL;
}

void
hs_payload_cache_store (HsPayloadCache *self,
                        const char     *sha256,
                        const char     *event_name,
                        HsPayload      *payload)
{
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (HS_IS_PAYLOAD (payload));

  entry = &self->entries[self->next];
  self->next = (self->next + 1) % self->size;

  entry_clear (entry);
  entry->sha256 = g_strdup (sha256);
  entry->event_name = g_strdup (event_name);
  entry->payload = g_object_ref (payload);
}
