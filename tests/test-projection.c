/* test-projection.c: the domain model as a projection: migration, reproject, change signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hs-projections.h"
#include "hs-store.h"
#include "store-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-test-projection-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

static void
reproject (HsStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  g_assert_true (hs_store_reproject (store, projections, n_projections, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_delivery (HsStore        *store,
                 gint64          id,
                 const char     *event_name,
                 HsParseVerdict  verdict,
                 HsDeliveryFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsDelivery) d = hs_store_get_delivery (store, id, &error);

  g_assert_no_error (error);
  g_assert_true (hs_delivery_get_projected (d));
  g_assert_cmpstr (hs_delivery_get_event_name (d), ==, event_name);
  g_assert_cmpint (hs_delivery_get_parse_verdict (d), ==, verdict);
  g_assert_cmpint (hs_delivery_get_flags (d), ==, flags);
}

/* tests/data/hookscope-schema-2.db was written by Hookscope before the spine (schema 2, the
 * domain model inside the writer; see tests/data/README.md): the samples, a byte-identical
 * repeat, a newer and an older version of the event, a participant removed before it was
 * created, an unknown event, an invalid shape, bad JSON and plain text. Migration 3 keeps every
 * row and what it meant, and `reproject` derives exactly the rows the old code wrote. */
static void
test_reproject_schema_2 (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data",
                                                    "hookscope-schema-2.db", NULL);
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *migrated = NULL;
  g_autofree char *rebuilt = NULL;

  copy_file (fixture, f->path);
  store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_store_count_deliveries (store, NULL, &error), ==, 14);

  /* What the old writer decided, as the window and `list` show it. */
  assert_delivery (store, 1, "event_invitation_created", HS_PARSE_OK, 0);
  assert_delivery (store, 7, "event_invitation_created", HS_PARSE_OK,
                   HS_DELIVERY_FLAG_DUPLICATE);
  assert_delivery (store, 9, "event_invitation_created", HS_PARSE_OK,
                   HS_DELIVERY_FLAG_OUT_OF_ORDER);
  assert_delivery (store, 11, "mystery", HS_PARSE_UNKNOWN_EVENT, 0);
  assert_delivery (store, 12, "event_invitation_created", HS_PARSE_INVALID_SHAPE, 0);
  assert_delivery (store, 13, NULL, HS_PARSE_NOT_JSON, 0);
  assert_delivery (store, 14, NULL, HS_PARSE_NOT_JSON, 0);
  g_assert_cmpint (hs_store_count_deliveries (store, "participant_removed", &error), ==, 2);

  migrated = hs_test_dump_domain (hs_store_get_read_connection (store));
  reproject (store);
  rebuilt = hs_test_dump_domain (hs_store_get_read_connection (store));
  g_assert_cmpstr (rebuilt, ==, migrated);
  g_assert_nonnull (strstr (rebuilt, "2030-01-01"));
}

static void
on_inserted (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hs_store_insert_finish (HS_STORE (object), result, &error), >, 0);
  g_assert_no_error (error);
  (*(guint *)user_data)++;
}

typedef struct
{
  guint  n_signals;
  gint64 first;
  gint64 last;
  guint  n_done_at_signal;
} Added;

static guint n_done;

static void
on_added (HsStore *store,
          gint64   first_id,
          gint64   last_id,
          Added   *added)
{
  /* One range after another, no gap, no overlap. */
  g_assert_cmpint (first_id, ==, added->last + 1);
  g_assert_cmpint (last_id, >=, first_id);
  added->n_signals++;
  if (added->first == 0)
    added->first = first_id;
  added->last = last_id;
  added->n_done_at_signal = n_done;
}

static void
on_advanced (HsStore    *store,
             const char *name,
             gint64      cursor,
             gint64     *seen)
{
  g_assert_cmpstr (name, ==, "domain");
  g_assert_cmpint (cursor, >, *seen);
  *seen = cursor;
}

static HsDelivery *
seed_delivery (guint n)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"),
                                            "event_invitation_created.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  HsDelivery *d = hs_delivery_new ();
  g_autoptr(GString) unique = NULL;
  g_autofree char *id = g_strdup_printf ("a2de79c9-0f46-49b9-9c5b-%012u", n);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  unique = g_string_new (text);
  /* A different invitation each time: real domain work for the projection. */
  g_string_replace (unique, "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1", id, 0);
  body = g_string_free_to_bytes (g_steal_pointer (&unique));
  hs_delivery_set_method (d, "POST");
  hs_delivery_set_path (d, "/");
  hs_delivery_set_content_type (d, "application/json");
  hs_delivery_set_received_at (d, g_get_real_time ());
  hs_delivery_set_body_size (d, g_bytes_get_size (body));
  hs_delivery_set_body (d, body);
  hs_delivery_set_auth_verdict (d, HS_AUTH_NOT_REQUIRED);
  return d;
}

/* HsStore::deliveries-added fires once per commit with the batch's id range, and
 * HsStore::projection-advanced follows with growing cursors up to the last delivery. */
static void
test_change_signals (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  Added added = { 0 };
  gint64 advanced = 0;
  const guint total = 300;

  g_assert_no_error (error);
  n_done = 0;
  hs_store_start_projections (store, projections, n_projections);
  g_signal_connect (store, "deliveries-added", G_CALLBACK (on_added), &added);
  g_signal_connect (store, "projection-advanced::domain", G_CALLBACK (on_advanced), &advanced);

  /* Queued together: they commit in a few batches, so fewer signals than deliveries. */
  for (guint i = 0; i < total; i++)
    {
      g_autoptr(HsDelivery) d = seed_delivery (i);

      hs_store_insert_async (store, d, NULL, on_inserted, &n_done);
    }
  while (n_done < total || added.last < total || advanced < total)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%u deliveries, %u signals", total, added.n_signals);
  g_assert_cmpint (added.first, ==, 1);
  g_assert_cmpint (added.last, ==, total);
  g_assert_cmpuint (added.n_signals, >=, 1);
  g_assert_cmpuint (added.n_signals, <, total);
  g_assert_cmpint (advanced, ==, total);
  g_assert_cmpint (hs_store_count_deliveries (store, "event_invitation_created", NULL), ==,
                   total);
}

/* Rebuilding from scratch gives what the live projection built, delivery by delivery. */
static void
test_reproject_equals_live (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  g_autofree char *live = NULL;
  g_autofree char *rebuilt = NULL;
  guint done = 0;

  g_assert_no_error (error);
  hs_store_start_projections (store, projections, n_projections);
  for (guint i = 0; i < 50; i++)
    {
      /* Every fifth one repeats an earlier body: duplicates are found again too. */
      g_autoptr(HsDelivery) d = seed_delivery (i % 5 == 4 ? i - 1 : i);

      hs_store_insert_async (store, d, NULL, on_inserted, &done);
    }
  while (done < 50)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (hs_store_wait_projected (store, 50, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);

  live = hs_test_dump_domain (hs_store_get_read_connection (store));
  g_assert_nonnull (strstr (live, "flags=2"));
  hs_store_close (store);
  g_clear_object (&store);

  store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  reproject (store);
  rebuilt = hs_test_dump_domain (hs_store_get_read_connection (store));
  g_assert_cmpstr (rebuilt, ==, live);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
}

/* While the projections catch up alone (nothing else writes), the WAL stays bounded: the
 * projector checkpoints once it passes its cap, and the WAL starts over. Before, with
 * auto-checkpoints off and no writer to ask for one, it held every page the catch-up wrote
 * (28 GB for a million deliveries). The cap is lowered to 100 pages (400 KiB) here. A batch
 * (at most 2,048 deliveries, 50 ms) runs past it before the checkpoint lets the WAL start
 * over, so the WAL ends up about one batch's pages: less than what the catch-up added to the
 * database file, which without checkpoints stays as it was while the WAL holds it all. */
static void
test_wal_bounded_catching_up (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  const guint total = 6000;
  guint done = 0;
  goffset db_before, db_after;

  g_assert_no_error (error);
  /* Deliveries first, with no projection running: they all wait for the catch-up. */
  for (guint i = 0; i < total; i++)
    {
      g_autoptr(HsDelivery) d = seed_delivery (i);

      hs_store_insert_async (store, d, NULL, on_inserted, &done);
    }
  while (done < total)
    g_main_context_iteration (NULL, TRUE);
  hs_store_close (store);
  g_clear_object (&store);
  db_before = file_size (f->path);

  g_setenv ("HS_TEST_WAL_CHECKPOINT_PAGES", "100", TRUE);
  store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  hs_store_start_projections (store, projections, n_projections);
  g_assert_true (hs_store_wait_projected (store, total, 60 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  g_unsetenv ("HS_TEST_WAL_CHECKPOINT_PAGES");

  /* What the catch-up wrote reached the database file: the projections' pages. */
  db_after = file_size (f->path);
  g_test_message ("database %" G_GOFFSET_FORMAT " -> %" G_GOFFSET_FORMAT " bytes, WAL %"
                  G_GOFFSET_FORMAT " bytes", db_before, db_after, file_size (wal));
  g_assert_cmpint (file_size (wal), <, db_after - db_before);
  hs_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/projection/reproject-schema-2", Fixture, NULL,
              fixture_setup, test_reproject_schema_2, fixture_teardown);
  g_test_add ("/projection/change-signals", Fixture, NULL,
              fixture_setup, test_change_signals, fixture_teardown);
  g_test_add ("/projection/reproject-equals-live", Fixture, NULL,
              fixture_setup, test_reproject_equals_live, fixture_teardown);
  g_test_add ("/projection/wal-bounded-catching-up", Fixture, NULL,
              fixture_setup, test_wal_bounded_catching_up, fixture_teardown);

  return g_test_run ();
}
