/* bench-projector.c: the domain projection's rate, and its lag behind the writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-projector SEED.json [N]. See bench/projector.sh. Deliveries go through the real
 * HsStore writer (no HTTP: the listener plays no part in the projection). Prints, for the seed
 * repeated (byte-identical retries) and with a fresh event and invitation each time:
 * - rebuild: `hookscope reproject` over N stored deliveries (deliveries/s);
 * - catch-up: the live projector started over N stored deliveries, until it has applied them;
 * - paced: 1,000 deliveries/s for 3 s, the lag of each (its commit to the projection that
 *   applied it), p50 / p99 / max;
 * - flood: N deliveries as fast as the writer takes them, the lag when the last is committed
 *   and the time to catch up after.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hs-projections.h"
#include "hs-store.h"

typedef struct
{
  GArray *committed_at;  /* by id: when deliveries-added said so (µs) */
  GArray *lag;           /* by id: projection time - commit time (µs) */
  gint64  projected;
  guint   pending;
} Tracker;

static char *seed;

static GBytes *
make_body (gboolean unique,
           guint    n)
{
  g_autofree char *event = g_strdup_printf ("ef7e8599-4ec0-4376-9af8-%012u", n);
  g_autofree char *invitation = g_strdup_printf ("a2de79c9-0f46-49b9-9c5b-%012u", n);
  GString *text = g_string_new (seed);

  if (unique)
    {
      g_string_replace (text, "ef7e8599-4ec0-4376-9af8-7f79d7090e89", event, 0);
      g_string_replace (text, "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1", invitation, 0);
    }
  return g_string_free_to_bytes (text);
}

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Tracker *tracker = user_data;
  g_autoptr(GError) error = NULL;

  if (hs_store_insert_finish (HS_STORE (source), result, &error) <= 0)
    g_error ("insert failed: %s", error->message);
  tracker->pending--;
}

static void
insert (HsStore  *store,
        Tracker  *tracker,
        gboolean  unique,
        guint     n)
{
  g_autoptr(HsDelivery) d = hs_delivery_new ();
  g_autoptr(GBytes) body = make_body (unique, n);

  hs_delivery_set_method (d, "POST");
  hs_delivery_set_path (d, "/hooks");
  hs_delivery_set_content_type (d, "application/json");
  hs_delivery_set_received_at (d, g_get_real_time ());
  hs_delivery_set_body_size (d, g_bytes_get_size (body));
  hs_delivery_set_body (d, body);
  hs_delivery_set_auth_verdict (d, HS_AUTH_NOT_REQUIRED);
  hs_delivery_set_response_status (d, 200);
  tracker->pending++;
  hs_store_insert_async (store, d, NULL, on_inserted, tracker);
}

static void
deliveries_added_cb (HsStore *store,
                     gint64   first,
                     gint64   last,
                     Tracker *tracker)
{
  gint64 now = g_get_monotonic_time ();

  for (gint64 id = first; id <= last; id++)
    {
      if (tracker->committed_at->len <= id)
        g_array_set_size (tracker->committed_at, id + 1);
      g_array_index (tracker->committed_at, gint64, id) = now;
    }
}

static void
projection_advanced_cb (HsStore    *store,
                        const char *name,
                        gint64      cursor,
                        Tracker    *tracker)
{
  gint64 now = g_get_monotonic_time ();

  for (gint64 id = tracker->projected + 1; id <= cursor; id++)
    {
      gint64 lag = id < tracker->committed_at->len
                     ? now - g_array_index (tracker->committed_at, gint64, id) : 0;

      g_array_append_val (tracker->lag, lag);
    }
  tracker->projected = MAX (tracker->projected, cursor);
}

static HsStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  HsStore *store = hs_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
fill (HsStore  *store,
      gboolean  unique,
      guint     n)
{
  Tracker tracker = { 0 };

  for (guint i = 0; i < n; i++)
    {
      insert (store, &tracker, unique, i);
      while (tracker.pending > 2000)
        g_main_context_iteration (NULL, TRUE);
    }
  while (tracker.pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
start (HsStore *store)
{
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  hs_store_start_projections (store, projections, n_projections);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
bench (const char *dir,
       gboolean    unique,
       guint       n)
{
  const char *label = unique ? "fresh ids" : "seed";
  g_autoptr(GError) error = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  gint64 t0;

  /* Rebuild and catch-up over N stored deliveries. */
  {
    g_autofree char *name = g_strdup_printf ("rebuild-%d.db", unique);
    g_autoptr(HsStore) store = open_store (dir, name);

    fill (store, unique, n);
    t0 = g_get_monotonic_time ();
    g_assert_true (hs_store_reproject (store, projections, n_projections, NULL, NULL, &error));
    g_print ("%-10s rebuild   %8.0f deliveries/s\n", label,
             n / ((g_get_monotonic_time () - t0) / (double)G_USEC_PER_SEC));
    g_assert_true (hs_store_reproject (store, projections, n_projections, NULL, NULL, &error));
    hs_store_close (store);
  }
  {
    g_autofree char *name = g_strdup_printf ("catchup-%d.db", unique);
    g_autoptr(HsStore) store = open_store (dir, name);

    fill (store, unique, n);
    t0 = g_get_monotonic_time ();
    start (store);
    g_assert_true (hs_store_wait_projected (store, n, 600 * G_USEC_PER_SEC, &error));
    g_print ("%-10s catch-up  %8.0f deliveries/s (the live projector)\n", label,
             n / ((g_get_monotonic_time () - t0) / (double)G_USEC_PER_SEC));
    hs_store_close (store);
  }

  /* Paced at 1,000 a second, then a flood: the lag of each delivery. */
  for (guint phase = 0; phase < 2; phase++)
    {
      g_autofree char *name = g_strdup_printf ("lag-%d-%u.db", unique, phase);
      g_autoptr(HsStore) store = open_store (dir, name);
      Tracker tracker = { g_array_new (FALSE, TRUE, sizeof (gint64)),
                          g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0 };
      guint total = phase == 0 ? 3000 : n;
      gint64 flood_end = 0, behind = 0;

      g_signal_connect (store, "deliveries-added", G_CALLBACK (deliveries_added_cb), &tracker);
      g_signal_connect (store, "projection-advanced", G_CALLBACK (projection_advanced_cb),
                        &tracker);
      start (store);
      t0 = g_get_monotonic_time ();
      for (guint i = 0; i < total; i++)
        {
          if (phase == 0)
            {
              /* One every millisecond, on time, sleeping in between (a busy loop would take
               * a core from the projector). */
              gint64 wait;

              while ((wait = t0 + (gint64)i * 1000 - g_get_monotonic_time ()) > 0)
                {
                  while (g_main_context_iteration (NULL, FALSE))
                    ;
                  g_usleep (MIN (wait, 200));
                }
            }
          insert (store, &tracker, unique, i);
          while (tracker.pending > 2000)
            g_main_context_iteration (NULL, TRUE);
        }
      while (tracker.pending > 0)
        g_main_context_iteration (NULL, TRUE);
      flood_end = g_get_monotonic_time ();
      behind = total - tracker.projected;
      while (tracker.projected < total)
        g_main_context_iteration (NULL, TRUE);

      g_array_sort (tracker.lag, compare_gint64);
      if (phase == 0)
        g_print ("%-10s paced     1000/s: lag p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", label,
                 g_array_index (tracker.lag, gint64, tracker.lag->len / 2) / 1000.0,
                 g_array_index (tracker.lag, gint64, tracker.lag->len * 99 / 100) / 1000.0,
                 g_array_index (tracker.lag, gint64, tracker.lag->len - 1) / 1000.0);
      else
        g_print ("%-10s flood     %u in %.2f s: %" G_GINT64_FORMAT " behind at its end, "
                 "caught up %.2f s later\n", label, total,
                 (flood_end - t0) / (double)G_USEC_PER_SEC, behind,
                 (g_get_monotonic_time () - flood_end) / (double)G_USEC_PER_SEC);
      hs_store_close (store);
      g_array_unref (tracker.committed_at);
      g_array_unref (tracker.lag);
    }
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  guint n;

  if (argc < 2)
    {
      g_printerr ("usage: %s SEED.json [N]\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &seed, NULL, &error))
    g_error ("%s", error->message);
  n = argc > 2 ? atoi (argv[2]) : 20000;
  dir = g_dir_make_tmp ("hs-bench-projector-XXXXXX", &error);
  g_assert_no_error (error);

  bench (dir, FALSE, n);
  bench (dir, TRUE, n);

  remove_dir (dir);
  g_free (seed);
  return 0;
}
