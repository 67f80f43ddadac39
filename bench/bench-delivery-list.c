/* bench-delivery-list.c: how long the Deliveries model takes to open N deliveries and to
 * reach rows anywhere in them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: bench-delivery-list DB N   (fills DB with N deliveries first if it has fewer)
 */

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "hs-delivery-list.h"
#include "hs-store.h"

/* Bulk rows straight into the table HsStore created: the benchmark measures reading. */
static void
fill (const char *path,
      gint64      n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 have = 0;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT count(*) FROM deliveries", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    have = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (have < n)
    {
      g_print ("filling %" G_GINT64_FORMAT " deliveries...\n", n - have);
      sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      sqlite3_prepare_v2 (db,
                          "INSERT INTO deliveries (received_at, method, path, query, headers,"
                          " body, body_size, content_type, peer, auth_verdict, parse_verdict,"
                          " event_name, flags, response_status)"
                          " VALUES (?, 'POST', '/webhooks/omerlo', '', '[]', x'7b7d', 2,"
                          " 'application/json', '127.0.0.1', 'not-required', 'ok',"
                          " 'event_invitation_created', 0, 200)",
                          -1, &stmt, NULL);
      for (gint64 i = have; i < n; i++)
        {
          sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
          g_assert (sqlite3_step (stmt) == SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  sqlite3_close (db);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hs_delivery_list_load_finish (HS_DELIVERY_LIST (object), result, &error))
    g_error ("%s", error->message);
  *(gboolean *)user_data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(HsDeliveryList) list = NULL;
  gint64 n, t0, t1, t2;
  gboolean done = FALSE;
  guint n_items;

  if (argc != 3)
    {
      g_printerr ("usage: %s DB N\n", argv[0]);
      return 2;
    }
  n = g_ascii_strtoll (argv[2], NULL, 10);

  store = hs_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  fill (argv[1], n);

  list = hs_delivery_list_new (store);
  t0 = g_get_monotonic_time ();
  hs_delivery_list_load_async (list, NULL, load_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();

  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  /* What a view does first: the top rows, then a jump to the middle and to the end. */
  for (guint i = 0; i < 50 && i < n_items; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), n_items / 2));
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), n_items - 1));
  t2 = g_get_monotonic_time ();

  g_print ("deliveries: %u\n", n_items);
  g_print ("open (ids, worker thread): %.1f ms\n", (t1 - t0) / 1000.0);
  g_print ("first 50 rows + middle + last (main thread): %.2f ms\n", (t2 - t1) / 1000.0);
  g_print ("model memory for ids: %.1f MiB\n", n_items * 8.0 / (1024 * 1024));

  hs_store_close (store);
  return 0;
}
