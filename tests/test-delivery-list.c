/* test-delivery-list.c: the lazy model of deliveries over the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hs-delivery-list.h"
#include "hs-store-delete.h"
#include "hs-projections.h"
#include "hs-store.h"

typedef struct
{
  char    *dir;
  HsStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hs-delivery-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = hs_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  hs_store_close (f->store);
  g_clear_object (&f->store);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  guint *remaining = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hs_store_insert_finish (HS_STORE (object), result, &error), >, 0);
  g_assert_no_error (error);
  (*remaining)--;
}

/* Inserts deliveries whose paths are /0, /1, … in that order. */
static void
insert_deliveries (HsStore *store,
                   guint    first,
                   guint    n)
{
  guint remaining = n;

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(HsDelivery) delivery = hs_delivery_new ();
      g_autofree char *path = g_strdup_printf ("/%u", i);
      g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);

      hs_delivery_set_method (delivery, "POST");
      hs_delivery_set_path (delivery, path);
      hs_delivery_set_received_at (delivery, g_get_real_time ());
      hs_delivery_set_content_type (delivery, "text/plain");
      hs_delivery_set_body (delivery, body);
      hs_store_insert_async (store, delivery, NULL, insert_cb, &remaining);
    }

  while (remaining > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_delivery_list_load_finish (HS_DELIVERY_LIST (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
load (HsDeliveryList *list)
{
  gboolean done = FALSE;

  hs_delivery_list_load_async (list, NULL, load_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The list assumes the ids older than its newest page, then removes the holes once it has
 * read them: waits until it holds @n. */
static void
load_whole (HsDeliveryList *list,
            guint           n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  load (list);
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) != n &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
}

/* The item at @position once its row is read: the list hands out a placeholder while it
 * reads the row's page on a worker, then announces the position again. */
static HsDelivery *
read_item (GListModel *model,
           guint       position)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  HsDelivery *delivery = g_list_model_get_item (model, position);

  while (delivery != NULL && hs_delivery_list_is_placeholder (delivery) &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      g_object_unref (delivery);
      delivery = g_list_model_get_item (model, position);
    }
  g_assert_true (delivery == NULL || !hs_delivery_list_is_placeholder (delivery));

  return delivery;
}

static const char *
path_at (GListModel *model,
         guint       position)
{
  g_autoptr(HsDelivery) delivery = read_item (model, position);
  static char buf[32];

  g_assert_nonnull (delivery);
  g_strlcpy (buf, hs_delivery_get_path (delivery) ? hs_delivery_get_path (delivery) : "", 32);
  return buf;
}

static void
test_newest_first (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  GListModel *model = G_LIST_MODEL (list);
  const guint n = 1000; /* five pages */

  insert_deliveries (f->store, 0, n);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  load_whole (list, n);
  g_assert_true (hs_delivery_list_get_loaded (list));
  g_assert_true (g_list_model_get_item_type (model) == HS_TYPE_DELIVERY);

  /* Position p holds the (n-1-p)th insert: newest first, across page boundaries, in any
   * order of access. */
  g_assert_cmpstr (path_at (model, 0), ==, "/999");
  g_assert_cmpstr (path_at (model, 999), ==, "/0");
  g_assert_cmpstr (path_at (model, 200), ==, "/799");
  g_assert_cmpstr (path_at (model, 199), ==, "/800");
  g_assert_cmpstr (path_at (model, 517), ==, "/482");
  g_assert_null (g_list_model_get_item (model, n));

  for (guint p = 0; p < n; p += 37)
    {
      g_autofree char *expected = g_strdup_printf ("/%u", n - 1 - p);
      g_assert_cmpstr (path_at (model, p), ==, expected);
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  /* A page of rows read (positions announced again) is not an insertion. */
  if (removed == added)
    return;
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);
  (*calls)++;
}

static void
test_prepend (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(HsDelivery) newest = NULL;
  guint calls = 0;

  insert_deliveries (f->store, 0, 3);
  load (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &calls);
  insert_deliveries (f->store, 3, 1);
  newest = hs_store_get_delivery (f->store, 4, NULL);
  g_assert_nonnull (newest);
  hs_delivery_list_prepend (list, newest);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (path_at (model, 0), ==, "/3");
  g_assert_cmpstr (path_at (model, 3), ==, "/0");

  /* The same delivery announced twice is one item. */
  hs_delivery_list_prepend (list, newest);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
}

typedef struct
{
  guint  calls;
  guint  added;
  gint64 at;
} Insertion;

static void
insertion_cb (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              Insertion  *insertion)
{
  if (removed == added)
    return;
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 0);
  insertion->calls++;
  insertion->added = added;
  insertion->at = g_get_monotonic_time ();
}

static void
wait_for_insertion (Insertion *insertion,
                    guint      calls)
{
  while (insertion->calls < calls)
    g_main_context_iteration (NULL, TRUE);
}

/* A live view's path: deliveries announced together are inserted together, once per main-loop
 * iteration at most, and no more than ten times a second. */
static void
test_announce (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  GListModel *model = G_LIST_MODEL (list);
  Insertion insertion = { 0 };
  gint64 first_at;

  insert_deliveries (f->store, 0, 3);
  load (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (insertion_cb), &insertion);

  insert_deliveries (f->store, 3, 6);
  for (gint64 id = 4; id <= 8; id++)
    hs_delivery_list_announce (list, id, id);
  /* Nothing yet: the view would rebind its rows five times. */
  g_assert_cmpuint (insertion.calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  wait_for_insertion (&insertion, 1);
  g_assert_cmpuint (insertion.added, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 8);
  g_assert_cmpstr (path_at (model, 0), ==, "/7");
  g_assert_cmpstr (path_at (model, 4), ==, "/3");
  g_assert_cmpstr (path_at (model, 7), ==, "/0");
  first_at = insertion.at;

  /* The next one waits for the rest of the tenth of a second; a repeat is not a new item. */
  hs_delivery_list_announce (list, 8, 9);
  wait_for_insertion (&insertion, 2);
  g_assert_cmpuint (insertion.added, ==, 1);
  g_assert_cmpint (insertion.at - first_at, >=, 90 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 9);
  g_assert_cmpstr (path_at (model, 0), ==, "/8");
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  g_assert_cmpuint (removed, ==, added);
  *changes += added;
}

/* Rows read before the domain projection applied them are read again once it has, and only
 * those: the view redraws a few rows, not the list. */
static void
test_projected (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GError) error = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  guint changes = 0;

  insert_deliveries (f->store, 0, 5);
  load (list);
  {
    g_autoptr(HsDelivery) newest = g_list_model_get_item (model, 0);
    g_autoptr(HsDelivery) second = g_list_model_get_item (model, 1);

    g_assert_false (hs_delivery_get_projected (newest));
    g_assert_cmpint (hs_delivery_get_parse_verdict (newest), ==, HS_PARSE_OK);
  }

  hs_store_start_projections (f->store, projections, n_projections);
  g_assert_true (hs_store_wait_projected (f->store, 5, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  hs_delivery_list_projected (list, 5);
  /* The rows read hold all five; each is read again on a worker, and redrawn once then
   * (meanwhile the view keeps what it shows: no placeholder). */
  {
    g_autoptr(HsDelivery) newest = g_list_model_get_item (model, 0);

    g_assert_false (hs_delivery_list_is_placeholder (newest));
  }
  while (changes < 5)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changes, ==, 5);
  {
    g_autoptr(HsDelivery) newest = g_list_model_get_item (model, 0);

    g_assert_true (hs_delivery_get_projected (newest));
    /* "{}" has no event_name: the domain model does not know it. */
    g_assert_cmpint (hs_delivery_get_parse_verdict (newest), ==, HS_PARSE_UNKNOWN_EVENT);
  }

  /* Read after the projection: nothing to redraw. */
  hs_delivery_list_projected (list, 5);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changes, ==, 5);
}

static void
record_removal_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GArray     *positions)
{
  if (removed == added)
    return;
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 0);
  g_array_append_val (positions, position);
}

/* A million deliveries must not delay the first rows, nor leave the scrollbar short: the load
 * reads the newest page and the oldest id, and the list holds every id in between at once;
 * the deleted ones (holes) go when the exact ids are read, one removed row each. */
static void
test_newest_page_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (list);
  gint64 deadline;

  insert_deliveries (f->store, 0, 450);
  /* Ids 10 and 20: paths /9 and /19. */
  g_assert_true (hs_store_delete_delivery (f->store, 10, &error));
  g_assert_true (hs_store_delete_delivery (f->store, 20, &error));
  g_assert_no_error (error);

  load (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 450);
  /* Reading a row spins the main loop (its page is read on a worker): the holes may go
   * meanwhile, and are recorded. */
  g_signal_connect (list, "items-changed", G_CALLBACK (record_removal_cb), removed);
  g_assert_cmpstr (path_at (model, 0), ==, "/449");
  g_assert_cmpstr (path_at (model, 199), ==, "/250");

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (removed->len < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (removed->len, ==, 2);
  /* Id 20 was at position 450 - 20; then id 10 at 450 - 10, one less after the first. */
  g_assert_cmpuint (g_array_index (removed, guint, 0), ==, 430);
  g_assert_cmpuint (g_array_index (removed, guint, 1), ==, 439);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 448);
  g_assert_cmpstr (path_at (model, 429), ==, "/20");
  g_assert_cmpstr (path_at (model, 430), ==, "/18");
  g_assert_cmpstr (path_at (model, 447), ==, "/0");
}

/* The older ids come from the domain projection's small rows up to its cursor and from the
 * deliveries after it: whatever the cursor, deleted and pruned deliveries included, the list
 * holds exactly the deliveries that are in the file. */
static void
test_ids_from_projection (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  insert_deliveries (f->store, 0, 600);
  hs_store_start_projections (f->store, projections, n_projections);
  g_assert_true (hs_store_wait_projected (f->store, 600, 30 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);

  /* Deleted: ids 100 and 300 (paths /99, /299). */
  g_assert_true (hs_store_delete_delivery (f->store, 100, &error));
  g_assert_true (hs_store_delete_delivery (f->store, 300, &error));
  g_assert_no_error (error);

  /* Beyond the cursor: inserted with the projector stopped. */
  hs_store_close (f->store);
  g_clear_object (&f->store);
  {
    g_autofree char *path = g_build_filename (f->dir, "test.db", NULL);

    f->store = hs_store_open (path, &error);
    g_assert_no_error (error);
  }
  insert_deliveries (f->store, 600, 50);

  {
    g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
    GListModel *model = G_LIST_MODEL (list);

    /* 650 inserted, 2 deleted. */
    load_whole (list, 648);
    g_assert_cmpstr (path_at (model, 0), ==, "/649");
    g_assert_cmpstr (path_at (model, 49), ==, "/600");
    g_assert_cmpstr (path_at (model, 50), ==, "/599");
    /* Positions after the deleted /299: one step behind; after /99: two. */
    g_assert_cmpstr (path_at (model, 349), ==, "/300");
    g_assert_cmpstr (path_at (model, 350), ==, "/298");
    g_assert_cmpstr (path_at (model, 548), ==, "/100");
    g_assert_cmpstr (path_at (model, 549), ==, "/98");
    g_assert_cmpstr (path_at (model, 647), ==, "/0");
  }

  /* The retention cap keeps the newest 400 rows (ids 251 to 651 but the deleted 300); their
   * meanings go later, lazily. */
  hs_store_set_retention_cap (f->store, 400);
  insert_deliveries (f->store, 650, 1);
  {
    g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
    GListModel *model = G_LIST_MODEL (list);

    load_whole (list, 400);
    g_assert_cmpstr (path_at (model, 0), ==, "/650");
    g_assert_cmpstr (path_at (model, 399), ==, "/250");
  }
}

static int
count_statement_cb (unsigned  type,
                    void     *context,
                    void     *statement,
                    void     *sql)
{
  (*(guint *)context)++;
  return 0;
}

static void
rows_read_cb (HsDeliveryList *list,
              guint          *calls)
{
  (*calls)++;
}

static void
count_any_change_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *changes)
{
  (*changes)++;
}

/* The main loop never waits on SQLite: an item whose row is not read is handed out at once as
 * a placeholder (its id, nothing read: not one statement on the store's connection), the row's
 * page is read on a worker, and the placeholder the view holds is filled in place with the
 * real row ("rows-read"; its position is not announced, so a list view keeps its row widgets). */
static void
test_placeholder (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(HsDelivery) unread = NULL;
  g_autoptr(HsDelivery) again = NULL;
  guint statements = 0;
  guint rows_read = 0;
  guint changes = 0;

  insert_deliveries (f->store, 0, 300);
  load_whole (list, 300);

  /* The newest rows come with the load: no placeholder at the top. */
  {
    g_autoptr(HsDelivery) newest = g_list_model_get_item (model, 0);

    g_assert_false (hs_delivery_list_is_placeholder (newest));
    g_assert_cmpstr (hs_delivery_get_path (newest), ==, "/299");
  }

  sqlite3_trace_v2 (hs_store_get_read_connection (f->store), SQLITE_TRACE_STMT,
                    count_statement_cb, &statements);
  g_signal_connect (list, "rows-read", G_CALLBACK (rows_read_cb), &rows_read);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_any_change_cb), &changes);

  unread = g_list_model_get_item (model, 250);
  again = g_list_model_get_item (model, 251);
  g_assert_true (hs_delivery_list_is_placeholder (unread));
  /* Position 250 holds the 49th insert (/49, id 50). */
  g_assert_cmpint (hs_delivery_get_id (unread), ==, 50);
  g_assert_null (hs_delivery_get_path (unread));
  g_assert_null (hs_delivery_get_method (unread));
  g_assert_true (hs_delivery_list_is_placeholder (again));
  {
    /* Asked again before it is read: the same placeholder. */
    g_autoptr(HsDelivery) same = g_list_model_get_item (model, 250);

    g_assert_true (same == unread);
  }
  g_assert_cmpuint (statements, ==, 0);
  g_assert_cmpuint (rows_read, ==, 0);

  while (rows_read == 0)
    g_main_context_iteration (NULL, TRUE);
  /* One page read for both, filled in place (and no read on this thread). */
  g_assert_cmpuint (rows_read, ==, 1);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpuint (statements, ==, 0);
  g_assert_false (hs_delivery_list_is_placeholder (unread));
  g_assert_cmpint (hs_delivery_get_id (unread), ==, 50);
  g_assert_cmpstr (hs_delivery_get_path (unread), ==, "/49");
  g_assert_cmpstr (hs_delivery_get_method (unread), ==, "POST");
  g_assert_cmpstr (hs_delivery_get_path (again), ==, "/48");
  {
    g_autoptr(HsDelivery) read = g_list_model_get_item (model, 250);

    g_assert_true (read == unread);
  }
  sqlite3_trace_v2 (hs_store_get_read_connection (f->store), 0, NULL, NULL);
}

/* A view as GTK 4.8's list view is: it binds a few hundred rows around what it shows, and asks
 * again for each bound row whose position is announced. Its rows span more pages than are
 * read at once: every bound row must still come in (requests that cancel each other for ever
 * froze the window after a scrollbar jump). */
typedef struct
{
  GListModel *model;
  guint       first;
  GPtrArray  *bound;
} View;

static void
view_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 View       *view)
{
  for (guint p = MAX (position, view->first);
       p < position + added && p < view->first + view->bound->len; p++)
    {
      g_object_unref (g_ptr_array_index (view->bound, p - view->first));
      g_ptr_array_index (view->bound, p - view->first) = g_list_model_get_item (model, p);
    }
}

static guint
count_unread (View *view)
{
  guint n = 0;

  for (guint i = 0; i < view->bound->len; i++)
    n += hs_delivery_list_is_placeholder (g_ptr_array_index (view->bound, i));
  return n;
}

static void
test_many_pages_bound (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  View view = { G_LIST_MODEL (list), 300, NULL };
  gint64 deadline;

  insert_deliveries (f->store, 0, 1000);
  load_whole (list, 1000);

  view.bound = g_ptr_array_new_full (400, g_object_unref);
  for (guint p = view.first; p < view.first + 400; p++)
    g_ptr_array_add (view.bound, g_list_model_get_item (view.model, p));
  g_signal_connect (list, "items-changed", G_CALLBACK (view_changed_cb), &view);
  g_assert_cmpuint (count_unread (&view), ==, 400);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (count_unread (&view) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_unread (&view), ==, 0);
  {
    HsDelivery *row = g_ptr_array_index (view.bound, 0);

    /* Position 300 of 1000: the 699th insert. */
    g_assert_cmpstr (hs_delivery_get_path (row), ==, "/699");
  }
  g_signal_handlers_disconnect_by_func (list, view_changed_cb, &view);
  g_ptr_array_unref (view.bound);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);

  load (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/delivery-list/newest-first", Fixture, NULL,
              fixture_setup, test_newest_first, fixture_teardown);
  g_test_add ("/delivery-list/prepend", Fixture, NULL,
              fixture_setup, test_prepend, fixture_teardown);
  g_test_add ("/delivery-list/announce", Fixture, NULL,
              fixture_setup, test_announce, fixture_teardown);
  g_test_add ("/delivery-list/projected", Fixture, NULL,
              fixture_setup, test_projected, fixture_teardown);
  g_test_add ("/delivery-list/newest-page-first", Fixture, NULL,
              fixture_setup, test_newest_page_first, fixture_teardown);
  g_test_add ("/delivery-list/ids-from-projection", Fixture, NULL,
              fixture_setup, test_ids_from_projection, fixture_teardown);
  g_test_add ("/delivery-list/placeholder", Fixture, NULL,
              fixture_setup, test_placeholder, fixture_teardown);
  g_test_add ("/delivery-list/many-pages-bound", Fixture, NULL,
              fixture_setup, test_many_pages_bound, fixture_teardown);
  g_test_add ("/delivery-list/empty", Fixture, NULL,
              fixture_setup, test_empty, fixture_teardown);

  return g_test_run ();
}
