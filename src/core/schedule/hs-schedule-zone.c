/* hs-schedule-zone.c: wall-clock times placed in a time zone, fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTimeZone answers "which interval holds this instant" by a linear search from the zone's
 * first transition (g_time_zone_find_interval), and has no way to ask where an interval ends.
 * So the intervals (instant range → UTC offset) are found once, by bisection, and kept per
 * zone for the whole process: expanding a month of 1,000 events in the same zone then finds
 * the month's interval once, not 1,000 times. An HsZoneCache in front keeps the last two
 * intervals used without taking the lock (consecutive occurrences nearly always fall in the
 * same one, and placing a time looks a day before and a day after it).
 */

#define G_LOG_DOMAIN "hs-schedule"

#include "config.h"

#include <string.h>

#include "hs-schedule-private.h"

typedef struct
{
  gint64 lo;
  gint64 hi;
  gint32 offset;
} Span;

G_LOCK_DEFINE_STATIC (spans);
static GHashTable *spans_by_zone;   /* GTimeZone* (a reference held) → GArray of Span by lo */

#define MAX_ZONES 256

/* Transitions fall on whole quarter hours of UTC in practice (02:00 local time, and offsets in
 * quarter hours): bisect on that grid first, then check the second before. */
#define GRID 900

static gboolean
holds (GTimeZone *zone,
       int        index,
       gint64     t,
       gboolean   want_inside)
{
  return (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, t) == index) == want_inside;
}

/* The smallest t in (a, b] where "t is in interval index" is want_inside, knowing it is at b and
 * is not at a. */
static gint64
first_flip (GTimeZone *zone,
            int        index,
            gint64     a,
            gint64     b,
            gboolean   want_inside)
{
  gint64 k_lo = a / GRID + 1;
  gint64 k_hi = b / GRID;

  if (a >= 0 && k_lo <= k_hi && holds (zone, index, k_hi * GRID, want_inside))
    {
      /* The smallest grid point that holds; the one before it does not (or is a). */
      gint64 lo = k_lo - 1, hi = k_hi;

      while (hi - lo > 1)
        {
          gint64 mid = lo + (hi - lo) / 2;

          if (holds (zone, index, mid * GRID, want_inside))
            hi = mid;
          else
            lo = mid;
        }

      b = hi * GRID;
      if (b - 1 <= a || !holds (zone, index, b - 1, want_inside))
        return b;
      a = MAX (a, lo * GRID);
    }
  else if (a >= 0 && k_lo <= k_hi)
    a = k_hi * GRID;

  while (b - a > 1)
    {
      gint64 mid = a + (b - a) / 2;

      if (holds (zone, index, mid, want_inside))
        b = mid;
      else
        a = mid;
    }

  return b;
}

/* The edge of interval index holding u, in direction (+1: the first instant after it, -1: its
 * first instant); G_MAXINT64/G_MININT64 when it is open-ended. known: an instant already known
 * to be outside in that direction (0 when none), which bounds the search. */
static gint64
interval_edge (GTimeZone *zone,
               gint64     u,
               int        index,
               int        direction,
               gint64     known)
{
  gint64 inside = u;
  gint64 outside;
  gint64 step = 86400;

  /* Walking forward, the span before nearly always ends exactly where this one starts. */
  if (known != 0 && g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL,
                                               known - direction) == index)
    return direction > 0 ? known : known + 1;

  if (known != 0)
    outside = known;
  else
    for (;;)
      {
        gint64 probe = u + direction * step;

        if (step > ((gint64)1 << 42))
          return direction > 0 ? G_MAXINT64 : G_MININT64;
        if (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, probe) != index)
          {
            outside = probe;
            break;
          }
        inside = probe;
        step *= 4;
      }

  return direction > 0 ? first_flip (zone, index, inside, outside, FALSE)
                       : first_flip (zone, index, outside, inside, TRUE);
}

/* The span holding utc, found in the table or worked out and added to it. Called locked. */
static Span
find_span_locked (GTimeZone *zone,
                  gint64     utc)
{
  GArray *table;
  Span span;
  guint lo = 0, hi;
  int index;
  gint64 below = 0, above = 0;

  if (spans_by_zone == NULL)
    spans_by_zone = g_hash_table_new_full (NULL, NULL, (GDestroyNotify)g_time_zone_unref,
                                           (GDestroyNotify)g_array_unref);

  table = g_hash_table_lookup (spans_by_zone, zone);
  if (table == NULL)
    {
      table = g_array_new (FALSE, FALSE, sizeof (Span));
      if (g_hash_table_size (spans_by_zone) < MAX_ZONES)
        g_hash_table_insert (spans_by_zone, g_time_zone_ref (zone), table);
    }

  /* The first span whose hi is after utc. */
  hi = table->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (table, Span, mid).hi <= utc)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < table->len && g_array_index (table, Span, lo).lo <= utc)
    return g_array_index (table, Span, lo);

  /* Neighbours bound the edge searches: the span before ends where this one begins. */
  if (lo > 0)
    below = g_array_index (table, Span, lo - 1).hi - 1;
  if (lo < table->len)
    above = g_array_index (table, Span, lo).lo;

  index = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, utc);
  span.offset = g_time_zone_get_offset (zone, index);
  span.lo = interval_edge (zone, utc, index, -1, below);
  span.hi = interval_edge (zone, utc, index, +1, above);

  if (g_hash_table_lookup (spans_by_zone, zone) == table)
    g_array_insert_val (table, lo, span);
  else
    g_array_unref (table);

  return span;
}

void
hs_zone_cache_init (HsZoneCache *cache,
                    GTimeZone   *zone)
{
  memset (cache, 0, sizeof *cache);
  cache->zone = zone;
}

gint32
hs_zone_cache_offset_at (HsZoneCache *cache,
                         gint64       utc)
{
  Span span;
  guint slot;

  if (utc >= cache->lo[cache->last] && utc < cache->hi[cache->last])
    return cache->offset[cache->last];
  if (utc >= cache->lo[!cache->last] && utc < cache->hi[!cache->last])
    {
      cache->last = !cache->last;
      return cache->offset[cache->last];
    }

  G_LOCK (spans);
  span = find_span_locked (cache->zone, utc);
  G_UNLOCK (spans);

  slot = !cache->last;
  cache->lo[slot] = span.lo;
  cache->hi[slot] = span.hi;
  cache->offset[slot] = span.offset;
  cache->last = slot;

  return span.offset;
}

gint64
hs_schedule_place_local_full (HsZoneCache *cache,
                              gint64       local,
                              gboolean     prefer_later,
                              gboolean    *in_gap,
                              gboolean    *ambiguous)
{
  /* Offsets on either side of any transition near this time. */
  gint32 before = hs_zone_cache_offset_at (cache, local - 86400);
  gint32 after = before;
  gint64 u1 = local - before;
  gint64 u2;
  gboolean v1, v2;
  gint64 lo, hi;

  if (in_gap != NULL)
    *in_gap = FALSE;
  if (ambiguous != NULL)
    *ambiguous = FALSE;

  /* The common case: no transition within a day either side. */
  if (local + 86400 < cache->hi[cache->last])
    return u1;

  after = hs_zone_cache_offset_at (cache, local + 86400);
  u2 = local - after;
  v1 = hs_zone_cache_offset_at (cache, u1) == before;
  v2 = hs_zone_cache_offset_at (cache, u2) == after;

  if (v1 && v2)
    {
      if (u1 != u2 && ambiguous != NULL)
        *ambiguous = TRUE;
      return prefer_later ? MAX (u1, u2) : MIN (u1, u2);
    }
  if (v1)
    return u1;
  if (v2)
    return u2;

  /* In a gap: the first valid time after it is the transition instant, the smallest u whose
   * wall-clock time is past local. */
  if (in_gap != NULL)
    *in_gap = TRUE;

  lo = MIN (u1, u2);
  hi = MAX (u1, u2);
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (mid + hs_zone_cache_offset_at (cache, mid) > local)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

gint64
hs_schedule_place_local (HsZoneCache *cache,
                         gint64       local,
                         gboolean     prefer_later,
                         gboolean    *in_gap)
{
  return hs_schedule_place_local_full (cache, local, prefer_later, in_gap, NULL);
}
