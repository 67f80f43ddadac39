/* test-store.c: HsStore (migrations, refusals, writer, reads) and the JSON check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

#include "hs-json-check.h"
#include "hs-delivery-json.h"
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

  f->dir = g_dir_make_tmp ("hs-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "nested", "folder", "test.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

typedef struct
{
  gint64  id;
  GError *error;
  guint   done;
} InsertResult;

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  InsertResult *r = user_data;

  r->id = hs_store_insert_finish (HS_STORE (object), result, &r->error);
  r->done++;
}

static gint64
insert_sync (HsStore    *store,
             HsDelivery *delivery,
             GError    **error)
{
  InsertResult r = { 0 };

  hs_store_insert_async (store, delivery, NULL, insert_cb, &r);
  while (r.done == 0)
    g_main_context_iteration (NULL, TRUE);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.id;
}

static HsDelivery *
make_delivery (const char *event_name,
               const char *body)
{
  HsDelivery *d = hs_delivery_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autofree char *content = NULL;

  hs_delivery_set_received_at (d, 1764264034123456);
  hs_delivery_set_method (d, "POST");
  hs_delivery_set_path (d, "/hooks/omerlo");
  hs_delivery_set_query (d, "a=1&a=2");
  hs_delivery_add_header (d, "Content-Type", "text/plain");
  hs_delivery_set_content_type (d, "text/plain");
  hs_delivery_set_body (d, bytes);
  hs_delivery_set_event_name (d, event_name);
  hs_delivery_set_response_status (d, 200);

  return d;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autoptr(HsDelivery) d = hs_delivery_new ();
  g_autoptr(HsDelivery) back = NULL;
  g_autoptr(GBytes) body = NULL;
  guint8 bytes[512];
  gint64 id;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  /* The folder of the database did not exist. */
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (i * 7 + 3) & 0xff;
  body = g_bytes_new (bytes, sizeof bytes);

  hs_delivery_set_received_at (d, 1764264034123456);
  hs_delivery_set_method (d, "PATCH");
  hs_delivery_set_path (d, "/a%20b/c");
  hs_delivery_set_query (d, "x=1&x=2&y");
  hs_delivery_add_header (d, "X-Dup", "first");
  hs_delivery_add_header (d, "Content-Type", "application/octet-stream");
  hs_delivery_add_header (d, "X-Dup", "second \"quoted\" \\ \t");
  hs_delivery_add_header (d, "X-Latin1", "caf\xe9");
  hs_delivery_set_content_type (d, "application/octet-stream");
  hs_delivery_set_peer (d, "127.0.0.1:5555");
  hs_delivery_set_body (d, body);
  hs_delivery_set_auth_verdict (d, HS_AUTH_WRONG);
  hs_delivery_set_response_status (d, 401);

  id = insert_sync (store, d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* The writer only reads what it is given: the id comes back through the task. */
  g_assert_cmpint (hs_delivery_get_id (d), ==, 0);

  back = hs_store_get_delivery (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_delivery_get_id (back), ==, id);
  g_assert_cmpint (hs_delivery_get_received_at (back), ==, 1764264034123456);
  g_assert_cmpstr (hs_delivery_get_method (back), ==, "PATCH");
  g_assert_cmpstr (hs_delivery_get_path (back), ==, "/a%20b/c");
  g_assert_cmpstr (hs_delivery_get_query (back), ==, "x=1&x=2&y");
  g_assert_cmpuint (hs_delivery_get_n_headers (back), ==, 4);
  g_assert_cmpstr (hs_delivery_get_header_name (back, 0), ==, "X-Dup");
  g_assert_cmpstr (hs_delivery_get_header_value (back, 0), ==, "first");
  g_assert_cmpstr (hs_delivery_get_header_name (back, 1), ==, "Content-Type");
  g_assert_cmpstr (hs_delivery_get_header_value (back, 2), ==, "second \"quoted\" \\ \t");
  /* A Latin-1 byte in a header value comes back as the same character, in UTF-8. */
  g_assert_cmpstr (hs_delivery_get_header_value (back, 3), ==, "caf\xc3\xa9");
  g_assert_cmpstr (hs_delivery_get_peer (back), ==, "127.0.0.1:5555");
  g_assert_cmpstr (hs_delivery_get_content_type (back), ==, "application/octet-stream");
  g_assert_true (g_bytes_equal (hs_delivery_get_body (back), body));
  g_assert_cmpuint (hs_delivery_get_body_size (back), ==, sizeof bytes);
  g_assert_cmpint (hs_delivery_get_auth_verdict (back), ==, HS_AUTH_WRONG);
  g_assert_cmpuint (hs_delivery_get_response_status (back), ==, 401);

  g_assert_null (hs_store_get_delivery (store, id + 100, &error));
  g_assert_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* `list --json` formats by hand what hs_delivery_to_json_node() builds: the same JSON, for a
   * delivery read back (headers as stored) and for one whose headers were parsed. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(HsDelivery) row = hs_store_get_delivery (store, id, &error);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) fast = NULL;

      g_assert_no_error (error);
      hs_delivery_set_event_name (row, "caf\xc3\xa9 \"\x01\"");
      hs_delivery_set_flags (row, HS_DELIVERY_FLAG_TRUNCATED | HS_DELIVERY_FLAG_OUT_OF_ORDER);
      if (pass == 1)
        g_assert_cmpuint (hs_delivery_get_n_headers (row), ==, 4);
      node = hs_delivery_to_json_node (row, FALSE);
      hs_delivery_append_json (text, row);
      fast = json_from_string (text->str, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (fast, node));
    }
}

/* body_sha256 (the duplicate check's key) is the lowercase hex SHA-256 of the stored bytes,
 * whatever computes it: compared with GLib's for an empty, a binary and a multi-block body. */
static void
test_body_sha256 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  const gsize sizes[] = { 0, 1, 55, 56, 64, 3000 };
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  g_assert_no_error (error);
  hs_store_start_projections (store, projections, n_projections);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *bytes = g_malloc (sizes[i] + 1);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(HsDelivery) d = hs_delivery_new ();
      g_autofree char *expected = NULL;
      sqlite3_stmt *stmt = NULL;
      gint64 id;

      for (gsize j = 0; j < sizes[i]; j++)
        bytes[j] = (j * 31 + i) & 0xff;
      body = g_bytes_new (bytes, sizes[i]);
      expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
      hs_delivery_set_method (d, "POST");
      hs_delivery_set_path (d, "/");
      hs_delivery_set_body (d, body);
      id = insert_sync (store, d, &error);
      g_assert_no_error (error);
      g_assert_true (hs_store_wait_projected (store, id, 10 * G_USEC_PER_SEC, &error));
      g_assert_no_error (error);

      /* The domain projection hashes each body (it finds byte-identical repeats with it). */
      g_assert_cmpint (sqlite3_prepare_v2 (hs_store_get_read_connection (store),
                                           "SELECT body_sha256 FROM delivery_meanings"
                                           " WHERE delivery_id = ?1",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, expected);
      sqlite3_finalize (stmt);
    }
}

static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsDelivery) back = NULL;
  gint64 ids[3];

  {
    g_autoptr(HsStore) store = hs_store_open (f->path, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(HsDelivery) d = make_delivery ("participant_created", "hello");

        ids[i] = insert_sync (store, d, &error);
        g_assert_no_error (error);
      }
  }

  {
    g_autoptr(HsStore) store = hs_store_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (hs_store_count_deliveries (store, NULL, &error), ==, 3);
    back = hs_store_get_delivery (store, ids[1], &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hs_delivery_get_event_name (back), ==, "participant_created");
  }
}

typedef struct
{
  guint   done;
  guint   failed;
  GArray *ids;
} BatchState;

static void
batch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BatchState *state = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = hs_store_insert_finish (HS_STORE (object), result, &error);

  if (id > 0)
    g_array_append_val (state->ids, id);
  else
    state->failed++;
  state->done++;
}

static void
insert_many (HsStore  *store,
             guint     n,
             GArray   *ids)
{
  BatchState state = { 0, 0, ids };

  /* Queued without waiting: the writer commits them in groups. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsDelivery) d = make_delivery (i % 2 ? "odd" : "even", "x");

      hs_store_insert_async (store, d, NULL, batch_cb, &state);
    }
  while (state.done < n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (state.failed, ==, 0);
}

/* A steady flood: 64 deliveries in flight all the time, each with a 6 KiB body (two pages),
 * 24 000 in all, about 190 MiB through the WAL. Checkpoints run beside the writer, which can
 * keep them from ever catching up with the WAL; the writer must still let it start over, so
 * it never holds much more than the 64 MiB at which the writer finishes a checkpoint itself. */
typedef struct
{
  HsStore    *store;
  GBytes     *body;
  char       *wal_path;
  guint       n_total;
  guint       n_queued;
  guint       n_done;
  guint       n_failed;
  goffset     wal_max;
} FloodState;

static void flood_queue (FloodState *state);

static void
flood_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FloodState *state = user_data;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  if (hs_store_insert_finish (HS_STORE (object), result, &error) <= 0)
    state->n_failed++;
  state->n_done++;
  if (g_stat (state->wal_path, &buf) == 0)
    state->wal_max = MAX (state->wal_max, buf.st_size);
  flood_queue (state);
}

static void
flood_queue (FloodState *state)
{
  while (state->n_queued < state->n_total && state->n_queued - state->n_done < 64)
    {
      g_autoptr(HsDelivery) d = make_delivery (NULL, "");

      hs_delivery_set_body (d, state->body);
      hs_store_insert_async (state->store, d, NULL, flood_cb, state);
      state->n_queued++;
    }
}

static void
test_wal_bounded (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autofree char *body = g_strnfill (6 * 1024, 'w');
  g_autofree char *wal_path = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  FloodState state = { store, bytes, wal_path, 24000, 0, 0, 0, 0 };

  g_assert_no_error (error);
  flood_queue (&state);
  while (state.n_done < state.n_total)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (state.n_failed, ==, 0);
  g_assert_cmpint (hs_store_count_deliveries (store, NULL, NULL), ==, 24000);
  /* Far less than the ~190 MiB that went through it: 64 MiB plus what piles up while the
   * writer finishes a checkpoint, with room for slow machines. */
  g_test_message ("largest WAL: %" G_GOFFSET_FORMAT " bytes, started over %u times",
                  state.wal_max, hs_test_wal_restarts (f->path));
  g_assert_cmpint (state.wal_max, >, 0);
  g_assert_cmpint (state.wal_max, <, 80 * 1024 * 1024);
  g_assert_cmpuint (hs_test_wal_restarts (f->path), >=, 2);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) page1 = NULL;
  g_autoptr(GPtrArray) page2 = NULL;
  g_autoptr(GPtrArray) odd = NULL;
  gint64 last;

  g_assert_no_error (error);
  insert_many (store, 25, ids);
  g_assert_cmpuint (ids->len, ==, 25);
  g_assert_cmpint (hs_store_count_deliveries (store, NULL, &error), ==, 25);
  g_assert_cmpint (hs_store_count_deliveries (store, "odd", &error), ==, 12);

  page1 = hs_store_list_deliveries (store, 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page1->len, ==, 10);
  for (guint i = 1; i < page1->len; i++)
    g_assert_cmpint (hs_delivery_get_id (page1->pdata[i - 1]),
                     >, hs_delivery_get_id (page1->pdata[i]));
  /* Pages carry no bodies, only their sizes. */
  g_assert_null (hs_delivery_get_body (page1->pdata[0]));
  g_assert_cmpuint (hs_delivery_get_body_size (page1->pdata[0]), ==, 1);

  last = hs_delivery_get_id (page1->pdata[9]);
  page2 = hs_store_list_deliveries (store, last, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page2->len, ==, 15);
  g_assert_cmpint (hs_delivery_get_id (page2->pdata[0]), <, last);

  odd = hs_store_list_deliveries (store, 0, 100, "odd", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odd->len, ==, 12);
  for (guint i = 0; i < odd->len; i++)
    g_assert_cmpstr (hs_delivery_get_event_name (odd->pdata[i]), ==, "odd");
}

static gboolean
collect_id (HsDelivery *delivery,
            gpointer    user_data)
{
  gint64 id = hs_delivery_get_id (delivery);

  g_array_append_val ((GArray *)user_data, id);
  return TRUE;
}

static void
test_foreach (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));

  insert_many (store, 7, ids);

  g_assert_true (hs_store_foreach_delivery (store, HS_STORE_FOREACH_OLDEST_FIRST, NULL, 0,
                                            collect_id, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 7);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpint (g_array_index (seen, gint64, i - 1), <, g_array_index (seen, gint64, i));

  g_array_set_size (seen, 0);
  g_assert_true (hs_store_foreach_delivery (store, HS_STORE_FOREACH_NEWEST_FIRST, "even", 3,
                                            collect_id, seen, &error));
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpint (g_array_index (seen, gint64, 0), >, g_array_index (seen, gint64, 1));
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) all = NULL;
  gint64 newest = 0;

  hs_store_set_retention_cap (store, 5);
  insert_many (store, 12, ids);
  for (guint i = 0; i < ids->len; i++)
    newest = MAX (newest, g_array_index (ids, gint64, i));

  g_assert_cmpint (hs_store_count_deliveries (store, NULL, &error), ==, 5);
  all = hs_store_list_deliveries (store, 0, 100, NULL, &error);
  g_assert_cmpuint (all->len, ==, 5);
  /* The newest five are kept. */
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (hs_delivery_get_id (all->pdata[i]), ==, newest - i);
}

static void
on_write_error (HsStore    *store,
                const char *message,
                gpointer    user_data)
{
  (*(guint *)user_data)++;
}

static void
test_write_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  g_autoptr(HsDelivery) d = make_delivery ("x", "y");
  g_autoptr(HsDelivery) d2 = make_delivery ("x", "y");
  sqlite3 *other = NULL;
  guint errors = 0;
  gint64 id;

  /* The failure is logged with g_warning(); that is expected here. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_signal_connect (store, "write-error", G_CALLBACK (on_write_error), &errors);
  hs_store_set_busy_timeout (store, 50);

  /* Another process holds the write lock past the busy timeout. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  id = insert_sync (store, d, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, HS_STORE_ERROR, HS_STORE_ERROR_WRITE);
  g_assert_cmpuint (errors, ==, 1);
  g_assert_cmpint (hs_delivery_get_id (d), ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  id = insert_sync (store, d2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (hs_store_count_deliveries (store, NULL, NULL), ==, 1);

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, size);
}

static void
test_newer_schema (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  HsStore *store;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_free (f->path);
  f->path = g_build_filename (f->dir, "newer.db", NULL);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_checksum (f->path);

  store = hs_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, f->path));

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (8192, 'z');
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  HsStore *store;

  g_free (f->path);
  f->path = g_build_filename (f->dir, "garbage.db", NULL);
  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  before = file_checksum (f->path);

  store = hs_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_DATABASE);
  g_assert_nonnull (strstr (error->message, f->path));

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_migrated_schema (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = hs_store_open (f->path, &error);
  sqlite3 *db = hs_store_get_read_connection (store);
  sqlite3_stmt *stmt = NULL;

  g_assert_nonnull (db);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, HS_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  /* The read connection refuses writes. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM deliveries", NULL, NULL, NULL), !=, SQLITE_OK);
}

static void
test_json_check (void)
{
  static const char *good[] = {
    "{}", " [1, -2.5e+3, 0, true, false, null, \"\\u00e9\\ud83d\\ude00\"] ", "\"x\"", "0",
    "{\"a\": {\"b\": [[]]}}", "\xef\xbb\xbf{}",
  };
  static const struct {
    const char *text;
    const char *prefix;
  } bad[] = {
    { "", "line 1, column 1: " },
    { "{\"a\": }", "line 1, column 7: " },
    { "{\n  \"a\": 1,\n}", "line 3, column 1: " },
    { "[1, 2", "line 1, column 6: " },
    { "{\"é\": x}", "line 1, column 7: " },
    { "01", "line 1, column 2: " },
    { "\"\\ud800\"", "line 1, column 8: " },
    { "\"a\xff\"", "line 1, column 3: " },
    { "{} {}", "line 1, column 4: " },
    { "\"tab\there\"", "line 1, column 5: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *message = NULL;

      g_assert_true (hs_json_check (good[i], strlen (good[i]), NULL, &message));
      g_assert_null (message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message = NULL;
      g_autofree char *event = NULL;

      g_assert_false (hs_json_check (bad[i].text, strlen (bad[i].text), &event, &message));
      g_assert_nonnull (message);
      if (!g_str_has_prefix (message, bad[i].prefix))
        g_error ("%s: got “%s”, expected the prefix “%s”", bad[i].text, message, bad[i].prefix);
      g_assert_null (event);
    }

  {
    const char *text = "{\"data\": {\"event_name\": \"inner\"}, \"event_name\": \"outer\\n\"}";
    g_autofree char *event = NULL;

    g_assert_true (hs_json_check (text, strlen (text), &event, NULL));
    g_assert_cmpstr (event, ==, "outer\n");
  }

  {
    /* Deep nesting is refused, never a stack overflow. */
    g_autofree char *deep = g_strnfill (100000, '[');
    g_autofree char *message = NULL;

    g_assert_false (hs_json_check (deep, strlen (deep), NULL, &message));
    g_assert_nonnull (message);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/round-trip", test_round_trip);
  ADD ("/store/body-sha256", test_body_sha256);
  ADD ("/store/restart", test_restart);
  ADD ("/store/paging", test_paging);
  ADD ("/store/wal-bounded", test_wal_bounded);
  ADD ("/store/foreach", test_foreach);
  ADD ("/store/retention", test_retention);
  ADD ("/store/write-failure", test_write_failure);
  ADD ("/store/newer-schema", test_newer_schema);
  ADD ("/store/corrupt", test_corrupt);
  ADD ("/store/migrated-schema", test_migrated_schema);
#undef ADD
  g_test_add_func ("/store/json-check", test_json_check);

  return g_test_run ();
}
