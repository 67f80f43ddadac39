/* bench-search.c: the search index against N realistic deliveries: what indexing costs per
 * delivery, the index's size against the bodies', and how long a search takes to its first
 * page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: bench-search DB N   (fills DB with N deliveries first if it has fewer; see
 * bench/search.sh). The deliveries are the seed sample with varied ids, emails, names and
 * sizes, inserted through HsStore (the listener's path) with the projections running.
 */

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "hs-delivery-query.h"
#include "hs-projections.h"
#include "hs-search-index.h"
#include "hs-store.h"

static const char * const first_names[] = {
  "marie", "jean", "ana", "li", "olu", "sven", "chloe", "rahul", "zoe", "malik", "ines", "tomas",
};
static const char * const last_names[] = {
  "tremblay", "gagnon", "roy", "cote", "bouchard", "gauthier", "morin", "lavoie", "fortin",
};
static const char * const words[] = {
  "Oaked", "Arrogant", "Bastard", "Ale", "Winter", "Jazz", "Market", "Night", "Tasting", "Tour",
  "Festival", "Brunch", "Gala", "Workshop", "Concert", "Lecture", "Run", "Fair",
};

static char *
uuid_for (GRand *rand)
{
  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%08x%04x", g_rand_int (rand),
                          g_rand_int (rand) & 0xffff, g_rand_int (rand) & 0xfff,
                          0x8000 | (g_rand_int (rand) & 0x3fff), g_rand_int (rand),
                          g_rand_int (rand) & 0xffff);
}

/* The seed with its ids, email, name and description varied (the description makes sizes
 * vary from 2 to ~10 KiB). */
static char *
make_body (const char *seed,
           GRand      *rand,
           gint64      i)
{
  g_autofree char *event_id = uuid_for (rand);
  g_autofree char *invitation_id = uuid_for (rand);
  g_autofree char *email = g_strdup_printf ("%s.%s%" G_GINT64_FORMAT "@example%u.com",
                                            first_names[i % G_N_ELEMENTS (first_names)],
                                            last_names[(i / 7) % G_N_ELEMENTS (last_names)],
                                            i, (guint)(i % 97));
  g_autofree char *name = g_strdup_printf ("%s %s %" G_GINT64_FORMAT,
                                           words[g_rand_int_range (rand, 0, 18)],
                                           words[g_rand_int_range (rand, 0, 18)], i);
  g_autoptr(GString) filler = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (seed);
  guint n_words = g_rand_int_range (rand, 0, 1200);

  for (guint w = 0; w < n_words; w++)
    g_string_append_printf (filler, "%s ", words[g_rand_int_range (rand, 0, 18)]);

  g_string_replace (body, "ef7e8599-4ec0-4376-9af8-7f79d7090e89", event_id, 0);
  g_string_replace (body, "qbuirette@omerlo.com", email, 0);
  g_string_replace (body, "Oaked Arrogant Bastard Ale", name, 0);
  g_string_replace (body, "\"description\": []", "", 0);
  g_string_replace (body, "\"address\": []",
                    "\"description_text\": \"PLACEHOLDER\", \"address\": []", 1);
  g_string_replace (body, "PLACEHOLDER", filler->str, 1);
  (void)invitation_id;

  return g_string_free (g_steal_pointer (&body), FALSE);
}

typedef struct
{
  guint pending;
} Fill;

static void
inserted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fill *fill = user_data;
  g_autoptr(GError) error = NULL;

  if (hs_store_insert_finish (HS_STORE (object), result, &error) <= 0)
    g_error ("%s", error->message);
  fill->pending--;
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The mean body size of 2 000 deliveries spread over the ids, each read by its id. */
static double
sampled_body_mean (sqlite3 *db,
                   gint64   max_id)
{
  sqlite3_stmt *stmt = NULL;
  double sum = 0;
  guint n = 0;

  if (max_id <= 0 ||
      sqlite3_prepare_v2 (db, "SELECT length (body) FROM deliveries WHERE id = ?1", -1, &stmt,
                          NULL) != SQLITE_OK)
    return 0;
  for (gint64 k = 0; k < 2000; k++)
    {
      sqlite3_bind_int64 (stmt, 1, 1 + k * max_id / 2000);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          sum += sqlite3_column_int64 (stmt, 0);
          n++;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return n > 0 ? sum / n : 0;
}

static void
fill_store (HsStore    *store,
            const char *seed,
            gint64      have,
            gint64      n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42 + have);
  g_autoptr(GError) error = NULL;
  Fill fill = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  gint64 last = 0;

  for (gint64 i = have; i < n; i++)
    {
      g_autoptr(HsDelivery) delivery = hs_delivery_new ();
      g_autofree char *text = make_body (seed, rand, i);
      gsize size = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), size);

      hs_delivery_set_method (delivery, "POST");
      hs_delivery_set_path (delivery, "/webhooks/omerlo");
      hs_delivery_set_received_at (delivery, g_get_real_time ());
      hs_delivery_add_header (delivery, "Content-Type", "application/json");
      hs_delivery_add_header (delivery, "x-api-key", "bench-key");
      hs_delivery_set_content_type (delivery, "application/json");
      hs_delivery_set_body (delivery, bytes);
      hs_delivery_set_body_size (delivery, size);
      hs_delivery_set_auth_verdict (delivery, HS_AUTH_OK);

      fill.pending++;
      hs_store_insert_async (store, delivery, NULL, inserted_cb, &fill);
      while (fill.pending > 2000)
        g_main_context_iteration (NULL, TRUE);
      last = i + 1;
    }
  while (fill.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_print ("inserted %" G_GINT64_FORMAT " in %.1f s\n", n - have,
           (g_get_monotonic_time () - t0) / 1e6);
  if (!hs_store_wait_projected (store, last, G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, &error))
    g_error ("%s", error->message);
  g_print ("projected (domain + search) after %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
}

/* A search as the window does it: the matching ids, then its first page of rows. */
static void
time_search (HsStore    *store,
             sqlite3    *db,
             const char *text)
{
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) newest = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0, t1, t2, t3;

  hs_delivery_query_set_text (query, text);

  /* The window's first step: the newest 200 matches. */
  t0 = g_get_monotonic_time ();
  newest = hs_delivery_query_list_newest_ids (query, db, 200, NULL, &error);
  if (newest == NULL)
    g_error ("%s", error->message);
  t3 = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  ids = hs_delivery_query_list_ids (query, db, 0, NULL, &error);
  if (ids == NULL)
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  if (ids->len > 0)
    page = hs_store_list_deliveries (store, g_array_index (ids, gint64, ids->len - 1) + 1, 50,
                                     NULL, &error);
  t2 = g_get_monotonic_time ();

  g_print ("search %-32s %7u results: newest 200 ids %6.1f ms; all ids %6.1f ms, with their "
           "first page %6.1f ms\n", text, ids->len, t3 / 1e3, (t1 - t0) / 1e3, (t2 - t0) / 1e3);
}

static void
progress_cb (gint64   done,
             gint64   total,
             gpointer user_data)
{
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *seed_path = NULL;
  const HsProjectionInfo * const *projections;
  const HsProjectionInfo *search_only[1];
  sqlite3 *db = NULL;
  guint n_projections;
  gint64 n, have, t0;

  if (argc != 3)
    {
      g_printerr ("usage: %s DB N\n", argv[0]);
      return 2;
    }
  n = g_ascii_strtoll (argv[2], NULL, 10);
  seed_path = g_build_filename (g_getenv ("HS_SAMPLES_DIR") ? g_getenv ("HS_SAMPLES_DIR")
                                                            : "data/samples",
                                "event_invitation_created.json", NULL);
  if (!g_file_get_contents (seed_path, &seed, NULL, &error))
    g_error ("%s", error->message);

  store = hs_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  projections = hs_projections_get_all (&n_projections);
  hs_store_start_projections (store, projections, n_projections);

  g_assert (sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
  /* Not count(*): on a million deliveries it reads every body's page (the file is filled
   * here, without deletes, so the ids are dense). */
  have = count (db, "SELECT coalesce (max (id), 0) FROM deliveries");
  if (have < n)
    fill_store (store, seed, have, n);

  /* The bodies' size from a sample of 2 000 rows read by id (summing them all would read the
   * whole file); the index's from its own pages (dbstat, one table at a time). */
  {
    gint64 max_id = count (db, "SELECT coalesce (max (id), 0) FROM deliveries");
    gint64 index_bytes = 0;
    static const char * const index_tables[] = {
      "delivery_search_data", "delivery_search_idx", "delivery_search_docsize",
      "delivery_search_config",
    };

    for (guint i = 0; i < G_N_ELEMENTS (index_tables); i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (pgsize), 0) FROM dbstat"
                                                " WHERE name = '%s'", index_tables[i]);
        index_bytes += MAX (count (db, sql), 0);
      }
    g_print ("deliveries: %" G_GINT64_FORMAT ", bodies about %.1f MB (sampled), "
             "search index %.1f MB\n", max_id, sampled_body_mean (db, max_id) * max_id / 1e6,
             index_bytes / 1e6);
  }

  /* A middle delivery's email and a fragment of its event's UUID. */
  {
    g_autofree char *email = g_strdup_printf ("%s.%s%" G_GINT64_FORMAT "@example%u.com",
                                              first_names[(n / 2) % G_N_ELEMENTS (first_names)],
                                              last_names[((n / 2) / 7) %
                                                         G_N_ELEMENTS (last_names)],
                                              n / 2, (guint)((n / 2) % 97));

    g_autoptr(HsDelivery) middle = hs_store_get_delivery (store, MAX (n / 2, 1), NULL);
    g_autofree char *fragment = NULL;

    if (middle != NULL)
      {
        gsize size = 0;
        const char *data = g_bytes_get_data (hs_delivery_get_body (middle), &size);
        g_autofree char *body = g_strndup (data, size);
        const char *id = strstr (body, "\"id\": \"");

        /* The second and third groups of its event's UUID: "4b8e-9f00". */
        if (id != NULL)
          fragment = g_strndup (id + strlen ("\"id\": \"") + 9, 9);
      }

    time_search (store, db, email);
    /* Typed but for its last two letters ("…@example62.c"): a one-letter prefix last. */
    email[strlen (email) - 2] = '\0';
    time_search (store, db, email);
    time_search (store, db, "tremblay");
    if (fragment != NULL)
      time_search (store, db, fragment);
    time_search (store, db, "Jazz Market");
    time_search (store, db, "NEAR \"*");
  }

  /* The search projection alone, rebuilt: its cost per delivery. */
  if (g_getenv ("HS_BENCH_REBUILD") != NULL)
    {
      search_only[0] = hs_search_index_get_info ();
      t0 = g_get_monotonic_time ();
      if (!hs_store_reproject (store, search_only, 1, progress_cb, NULL, &error))
        g_error ("%s", error->message);
      g_print ("search index rebuilt: %.1f us a delivery\n",
               (g_get_monotonic_time () - t0) / (double)MAX (n, 1));
    }

  sqlite3_close (db);
  hs_store_close (store);
  return 0;
}
