/* test-delivery-query.c: the query object's SQL and the full-text index, against fixtures
 * counted by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "hs-delivery-list.h"
#include "hs-delivery-query.h"
#include "hs-projections.h"
#include "hs-search-index.h"
#include "hs-search-prefix.h"
#include "hs-store.h"
#include "hs-store-delete.h"

typedef struct
{
  char    *dir;
  HsStore *store;
  sqlite3 *db;
  gint64   clock;
} Fixture;

/* The fixture: six deliveries, each row's traits written out so the counts below can be
 * checked by eye.
 *  1  /hooks/a  auth ok       event_invitation_created, ana@example.com, uuid 3f2b…  t=1s
 *  2  /hooks/a  auth missing  participant_created, marie.tremblay@example.org        t=2s
 *  3  /hooks/b  auth wrong    the same body as 2: a duplicate (same event, same body) t=3s
 *  4  /other    auth ok       not JSON: 'plain "quoted" text - NEAR * AND'           t=4s
 *  5  /hooks/a  auth ok       event_invitation_created again, same body as 1: duplicate t=5s
 *  6  /bin      auth ok       bytes 00 ff (not text)                                  t=6s */
static const char invitation[] =
  "{\"event_name\": \"event_invitation_created\", \"data\": {\"event\": {\"id\": "
  "\"3f2b9c1e-7d4a-4b8e-9f00-123456789abc\", \"locales\": [{\"locale\": \"en\", \"name\": "
  "\"Oaked Ale\"}]}, \"invitation\": {\"id\": \"inv-1\", \"email\": \"ana@example.com\"}}}";
static const char participant[] =
  "{\"event_name\": \"participant_created\", \"data\": {\"participant\": {\"id\": \"p1\","
  " \"name\": \"Marie Tremblay\", \"email\": \"marie.tremblay@example.org\"}}}";
static const char plain[] = "plain \"quoted\" text - NEAR * AND";

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gint64
deliver (Fixture       *f,
         const char    *path,
         const char    *body,
         gsize          size,
         HsAuthVerdict  auth,
         gboolean       json)
{
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (body, size);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  f->clock += G_USEC_PER_SEC;
  hs_delivery_set_method (delivery, "POST");
  hs_delivery_set_path (delivery, path);
  hs_delivery_set_received_at (delivery, f->clock);
  hs_delivery_add_header (delivery, "Content-Type", json ? "application/json" : "text/plain");
  hs_delivery_add_header (delivery, "x-api-key", "hunter2secret");
  hs_delivery_set_body (delivery, bytes);
  hs_delivery_set_body_size (delivery, size);
  hs_delivery_set_auth_verdict (delivery, auth);
  if (!json)
    hs_delivery_set_parse_verdict (delivery, HS_PARSE_NOT_JSON, "not JSON");

  hs_store_insert_async (f->store, delivery, NULL, on_inserted, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = hs_store_insert_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_true (hs_store_wait_projected (f->store, id, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);

  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const HsProjectionInfo * const *projections;
  guint n;

  f->dir = g_dir_make_tmp ("hs-test-query-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "hookscope.db", NULL);
  f->store = hs_store_open (path, &error);
  g_assert_no_error (error);
  projections = hs_projections_get_all (&n);
  hs_store_start_projections (f->store, projections, n);
  f->clock = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  deliver (f, "/hooks/a", invitation, strlen (invitation), HS_AUTH_OK, TRUE);
  deliver (f, "/hooks/a", participant, strlen (participant), HS_AUTH_MISSING, TRUE);
  deliver (f, "/hooks/b", participant, strlen (participant), HS_AUTH_WRONG, TRUE);
  deliver (f, "/other", plain, strlen (plain), HS_AUTH_OK, FALSE);
  deliver (f, "/hooks/a", invitation, strlen (invitation), HS_AUTH_OK, TRUE);
  deliver (f, "/bin", "\0\xff", 2, HS_AUTH_OK, FALSE);

  g_assert_cmpint (sqlite3_open_v2 (path, &f->db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GDir *dir;
  const char *name;

  sqlite3_close (f->db);
  hs_store_close (f->store);
  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_dir_close (dir);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The ids a query finds, as "1,2,3". */
static char *
ids_of (Fixture         *f,
        HsDeliveryQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = hs_delivery_query_list_ids (query, f->db, 0, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            g_array_index (ids, gint64, i));
  return g_string_free (text, FALSE);
}

static char *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();

  hs_delivery_query_set_text (query, text);
  return ids_of (f, query);
}

#define assert_search(f, text, expected) \
  G_STMT_START { g_autofree char *_ids = search (f, text); \
                 g_assert_cmpstr (_ids, ==, expected); } G_STMT_END

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  /* Words, emails, UUID fragments, path segments, prefixes. */
  assert_search (f, "ana@example.com", "1,5");
  assert_search (f, "marie.tremblay@example.org", "2,3");
  assert_search (f, "Tremblay", "2,3");
  assert_search (f, "trem", "2,3");
  assert_search (f, "7d4a-4b8e", "1,5");
  assert_search (f, "3f2b9c1e", "1,5");
  assert_search (f, "hooks", "1,2,3,5");
  assert_search (f, "/hooks/b", "3");
  assert_search (f, "Oaked ale", "1,5");
  assert_search (f, "Oaked marie", "");
  assert_search (f, "text/plain", "4,6");
  /* Accents are folded both ways. */
  assert_search (f, "trémblay", "2,3");
  /* The API key is not indexed. */
  assert_search (f, "hunter2secret", "");
  /* An empty search, or one without a word, is no search. */
  assert_search (f, "", "1,2,3,4,5,6");
  assert_search (f, "  - * ", "1,2,3,4,5,6");
}

/* FTS5 syntax typed by a user is text: never an error. */
static void
test_text_special (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const typed[] = {
    "\"", "\"quoted\"", "*", "-", "NEAR", "NEAR(a b)", "a AND", "OR b", "NOT", "(", ")",
    "col:value", "path:hooks", "^start", "a + b", "{path}: x", "'", "\\", "\"\"\"", "NEAR/2",
    "\xff\xfe", "日本語", "x*y", "-hooks",
  };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *ids = search (f, typed[i]);

      g_assert_nonnull (ids);
    }

  /* They find what holds them as words. */
  assert_search (f, "\"quoted\"", "4");
  assert_search (f, "NEAR", "4");
  assert_search (f, "-hooks", "1,2,3,5");
  assert_search (f, "path:hooks", "");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
  g_autofree char *by_event = NULL;
  g_autofree char *by_auth = NULL;
  g_autofree char *by_parse = NULL;
  g_autofree char *by_flag = NULL;
  g_autofree char *by_time = NULL;
  g_autofree char *combined = NULL;
  g_autofree char *none = NULL;

  hs_delivery_query_set_event_name (query, "participant_created");
  by_event = ids_of (f, query);
  g_assert_cmpstr (by_event, ==, "2,3");

  hs_delivery_query_set_event_name (query, NULL);
  hs_delivery_query_set_auth (query, HS_DELIVERY_QUERY_VERDICT (HS_AUTH_MISSING) |
                                     HS_DELIVERY_QUERY_VERDICT (HS_AUTH_WRONG));
  by_auth = ids_of (f, query);
  g_assert_cmpstr (by_auth, ==, "2,3");

  hs_delivery_query_set_auth (query, 0);
  hs_delivery_query_set_parse (query, HS_DELIVERY_QUERY_VERDICT (HS_PARSE_NOT_JSON));
  by_parse = ids_of (f, query);
  g_assert_cmpstr (by_parse, ==, "4,6");

  /* 3 repeats 2's body and 5 repeats 1's: the domain flags both as duplicates. */
  hs_delivery_query_set_parse (query, 0);
  hs_delivery_query_set_flags (query, HS_DELIVERY_FLAG_DUPLICATE);
  by_flag = ids_of (f, query);
  g_assert_cmpstr (by_flag, ==, "3,5");

  /* Received in [t=2s, t=5s): 2, 3, 4. */
  hs_delivery_query_set_flags (query, 0);
  hs_delivery_query_set_range (query, f->clock - 4 * G_USEC_PER_SEC,
                               f->clock - 1 * G_USEC_PER_SEC);
  by_time = ids_of (f, query);
  g_assert_cmpstr (by_time, ==, "2,3,4");

  /* Everything combines: in that range, with "hooks" and an ok-or-missing key: 2. */
  hs_delivery_query_set_text (query, "hooks");
  hs_delivery_query_set_auth (query, HS_DELIVERY_QUERY_VERDICT (HS_AUTH_OK) |
                                     HS_DELIVERY_QUERY_VERDICT (HS_AUTH_MISSING));
  combined = ids_of (f, query);
  g_assert_cmpstr (combined, ==, "2");

  hs_delivery_query_set_event_name (query, "event_invitation_created");
  none = ids_of (f, query);
  g_assert_cmpstr (none, ==, "");
}

/* A deleted delivery leaves the results, and its tokens the index. */
static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (hs_store_delete_delivery (f->store, 1, &error));
  g_assert_no_error (error);
  assert_search (f, "ana@example.com", "5");

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT count(*) FROM delivery_search"
                                       " WHERE delivery_search MATCH 'ana'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  g_assert_false (hs_store_delete_delivery (f->store, 1, &error));
  g_assert_error (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The newest deleted, the next delivery does not take its id again: the projections have
   * passed it, and would skip the new one. */
  g_assert_true (hs_store_delete_delivery (f->store, 6, &error));
  g_assert_no_error (error);
  g_assert_cmpint (deliver (f, "/after", invitation, strlen (invitation), HS_AUTH_OK, TRUE),
                   ==, 7);
  assert_search (f, "after", "7");
}

static void
list_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_delivery_list_load_finish (HS_DELIVERY_LIST (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static gint64
item_id (GListModel *model,
         guint       position)
{
  g_autoptr(HsDelivery) delivery = g_list_model_get_item (model, position);

  return hs_delivery_get_id (delivery);
}

/* The window's list of a search: its newest page first, then the rest after it; a delivery
 * that matches joins the front once it is indexed, one that does not stays out. */
static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
  g_autoptr(HsDeliveryList) list = hs_delivery_list_new (f->store);
  gboolean loaded = FALSE;
  gint64 first = 0;
  gint64 last = 0;
  gint64 other;

  /* 300 matches after the fixture's six (ids 7..306), more than the first page. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *path = g_strdup_printf ("/many/%u", i);

      last = deliver (f, path, plain, strlen (plain), HS_AUTH_OK, FALSE);
      if (first == 0)
        first = last;
    }

  hs_delivery_query_set_text (query, "many");
  hs_delivery_list_set_query (list, query);
  hs_delivery_list_load_async (list, NULL, list_loaded_cb, &loaded);
  while (!loaded || g_list_model_get_n_items (G_LIST_MODEL (list)) < 300)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300);
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 0), ==, last);
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 299), ==, first);

  other = deliver (f, "/other-one", plain, strlen (plain), HS_AUTH_OK, FALSE);
  last = deliver (f, "/many/again", plain, strlen (plain), HS_AUTH_OK, FALSE);
  g_assert_cmpint (last, ==, other + 1);
  hs_delivery_list_projected (list, last);
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) < 301)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 0), ==, last);
  g_assert_cmpint (item_id (G_LIST_MODEL (list), 1), ==, last - 2);
}

/* `hookscope reproject` rebuilds the index to what the live projection built: the same
 * searches find the same deliveries. */
static void
test_reproject (Fixture       *f,
                gconstpointer  data)
{
  static const char * const searches[] = {
    "ana@example.com", "tremblay", "7d4a-4b8e", "hooks", "text/plain", "NEAR", "oaked ale",
  };
  g_autofree char *path = g_build_filename (f->dir, "hookscope.db", NULL);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const HsProjectionInfo * const *projections;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    g_ptr_array_add (live, search (f, searches[i]));

  hs_store_close (f->store);
  g_clear_object (&f->store);
  f->store = hs_store_open (path, &error);
  g_assert_no_error (error);
  projections = hs_projections_get_all (&n);
  g_assert_true (hs_store_reproject (f->store, projections, n, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *rebuilt = search (f, searches[i]);

      g_assert_cmpstr (rebuilt, ==, g_ptr_array_index (live, i));
    }
}

/* `hookscope list` takes the same query: the same deliveries, newest first. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "hookscope.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  int status = -1;
  const char *argv[] = { g_getenv ("HS_BINARY"), "list", "--db", path, "--json",
                         "--search", "hooks", "--auth", "ok,missing", "--flag", "duplicate",
                         NULL };
  const char *bad[] = { g_getenv ("HS_BINARY"), "list", "--db", path, "--flag", "blue", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* "hooks" (1,2,3,5) with an ok or missing key (1,2,5) flagged duplicate (5). */
  root = json_from_string (out, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"),
                   ==, 5);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **)bad, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "blue"));
}

static void
test_match_expression (void)
{
  g_autofree char *one = hs_search_index_match_expression ("ana@example.com");
  g_autofree char *two = hs_search_index_match_expression ("say \"hi\" - now");
  g_autofree char *none = hs_search_index_match_expression (" - ** ");

  g_assert_cmpstr (one, ==, "\"ana@example.com\"*");
  g_assert_cmpstr (two, ==, "\"say\" \"\"\"hi\"\"\" \"now\"*");
  g_assert_null (none);
}

/* What the index itself finds for @text (its prefix search, every delivery it holds), as
 * "1,2,3": the reference the searches that start from whole tokens must agree with. */
static char *
index_finds (Fixture    *f,
             const char *text)
{
  g_autofree char *match = hs_search_index_match_expression (text);
  GString *found = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT rowid FROM delivery_search"
                                       " WHERE delivery_search MATCH ?1 ORDER BY rowid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (found, "%s%" G_GINT64_FORMAT, found->len ? "," : "",
                            (gint64)sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);

  return g_string_free (found, FALSE);
}

/* An email, a UUID or a path typed last is searched from its whole tokens, then each candidate
 * is checked for the unfinished last one (hs-search-prefix.c): the same deliveries as the
 * index's prefix search, typed whole or in part, the prefix in another column or not at all. */
static void
test_prefix_plan (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char *text;
    gboolean    plan;
    const char *expected;
  } searches[] = {
    { "ana@example.com", TRUE, "1,5" },
    { "ana@example.c", TRUE, "1,5" },
    { "ana@exam", TRUE, "1,5" },
    { "ana@example.org", TRUE, "" },
    { "marie.tremblay@example.o", TRUE, "2,3" },
    { "marie.tremblay@example.c", TRUE, "" },
    { "3f2b9c1e-7d4a-4b8e-9f00-123456789abc", TRUE, "1,5" },
    { "7d4a-4b", TRUE, "1,5" },
    { "7d4a-4c", TRUE, "" },
    { "hooks/b", TRUE, "3" },
    { "/hooks/a", TRUE, "1,2,5" },
    /* The other words are whole and exact; the header's "text/plain" is its own column. */
    { "Oaked ana@example.c", TRUE, "1,5" },
    { "Tremblay ana@example.c", TRUE, "" },
    { "text/pl", TRUE, "4,6" },
    /* One token last: its prefix is the search. */
    { "trem", FALSE, "2,3" },
    { "ana@", FALSE, "1,5" },
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_store_wait_projected (f->store, 6, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(HsSearchPrefix) prefix = hs_search_prefix_new (f->db, searches[i].text);
      g_autofree char *found = search (f, searches[i].text);
      g_autofree char *reference = index_finds (f, searches[i].text);

      g_test_message ("%s", searches[i].text);
      g_assert_cmpint (prefix != NULL, ==, searches[i].plan);
      g_assert_cmpstr (found, ==, searches[i].expected);
      g_assert_cmpstr (found, ==, reference);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delivery-query/match-expression", test_match_expression);
  g_test_add ("/delivery-query/text", Fixture, NULL, fixture_set_up, test_text,
              fixture_tear_down);
  g_test_add ("/delivery-query/text-special", Fixture, NULL, fixture_set_up,
              test_text_special, fixture_tear_down);
  g_test_add ("/delivery-query/filters", Fixture, NULL, fixture_set_up, test_filters,
              fixture_tear_down);
  g_test_add ("/delivery-query/delete", Fixture, NULL, fixture_set_up, test_delete,
              fixture_tear_down);
  g_test_add ("/delivery-query/cli", Fixture, NULL, fixture_set_up, test_cli,
              fixture_tear_down);
  g_test_add ("/delivery-query/reproject", Fixture, NULL, fixture_set_up, test_reproject,
              fixture_tear_down);
  g_test_add ("/delivery-query/list", Fixture, NULL, fixture_set_up, test_list,
              fixture_tear_down);
  g_test_add ("/delivery-query/prefix-plan", Fixture, NULL, fixture_set_up, test_prefix_plan,
              fixture_tear_down);

  return g_test_run ();
}
