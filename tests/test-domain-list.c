/* test-domain-list.c: the lazy Events and Invitations lists over the real store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hs-domain-list.h"
#include "hs-domain-store-pages.h"
#include "hs-projections.h"
#include "hs-store.h"

typedef struct
{
  char    *dir;
  HsStore *store;
  gint64   clock;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  f->dir = g_dir_make_tmp ("hs-domain-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = hs_store_open (path, &error);
  g_assert_no_error (error);
  hs_store_start_projections (f->store, projections, n_projections);
  f->clock = 1700000000000000;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  hs_store_close (f->store);
  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* An event_invitation_created delivery (the seed) for event @event_id named @name, inviting
 * @email with invitation @invitation_id; committed and projected. */
static void
invite (Fixture    *f,
        const char *event_id,
        const char *name,
        const char *invitation_id,
        const char *email)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"),
                                            "event_invitation_created.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data, *event, *invitation, *locale;
  gint64 id;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (root), "data");
  event = json_object_get_object_member (data, "event");
  invitation = json_object_get_object_member (data, "invitation");
  locale = json_array_get_object_element (json_object_get_array_member (event, "locales"), 0);
  json_object_set_string_member (event, "id", event_id);
  json_object_set_string_member (locale, "name", name);
  json_object_set_string_member (invitation, "id", invitation_id);
  json_object_set_string_member (invitation, "event_id", event_id);
  json_object_set_string_member (invitation, "email", email);
  body = json_to_string (root, FALSE);
  bytes = g_bytes_new (body, strlen (body));

  f->clock += G_USEC_PER_SEC;
  hs_delivery_set_method (delivery, "POST");
  hs_delivery_set_path (delivery, "/");
  hs_delivery_set_content_type (delivery, "application/json");
  hs_delivery_set_received_at (delivery, f->clock);
  hs_delivery_set_body (delivery, bytes);
  hs_delivery_set_body_size (delivery, strlen (body));
  hs_delivery_set_auth_verdict (delivery, HS_AUTH_OK);
  hs_store_insert_async (f->store, delivery, NULL, on_inserted, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = hs_store_insert_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_true (hs_store_wait_projected (f->store, id, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
}

static void
n_items_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gpointer    user_data)
{
  (*(guint *)user_data)++;
}

/* Runs the main loop until the list has read its keys again (a reload, a search). */
static void
wait_keys (HsDomainList *list,
           void        (*start) (HsDomainList *))
{
  guint changes = 0;
  gulong id = g_signal_connect (list, "items-changed", G_CALLBACK (n_items_cb), &changes);

  start (list);
  while (changes == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (list, id);
}

static void
wait_refresh (HsDomainList *list)
{
  guint changes = 0;
  gulong id = g_signal_connect (list, "items-changed", G_CALLBACK (n_items_cb), &changes);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  hs_domain_list_refresh (list);
  while (changes == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (list, id);
  g_assert_cmpuint (changes, >, 0);
}

/* The item at @position, read: the first ask hands out a placeholder and reads its page on a
 * worker, whose positions then change. */
static gpointer
get_read (HsDomainList *list,
          guint         position)
{
  gpointer item = g_list_model_get_item (G_LIST_MODEL (list), position);

  while (item != NULL && hs_domain_list_is_placeholder (item))
    {
      guint changes = 0;
      gulong id = g_signal_connect (list, "items-changed", G_CALLBACK (n_items_cb), &changes);

      while (changes == 0)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (list, id);
      g_object_unref (item);
      item = g_list_model_get_item (G_LIST_MODEL (list), position);
    }

  return item;
}

/* The names (events) or emails (invitations) of the list, top first. */
static char *
describe (HsDomainList *list)
{
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = get_read (list, i);

      if (out->len > 0)
        g_string_append (out, ", ");
      if (HS_IS_EVENT (item))
        g_string_append (out, hs_event_get_name (HS_EVENT (item)));
      else
        g_string_append (out, hs_invitation_get_email (HS_INVITATION (item)));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
search (HsDomainList *list,
        const char   *words)
{
  guint changes = 0;
  gulong id = g_signal_connect (list, "items-changed", G_CALLBACK (n_items_cb), &changes);

  hs_domain_list_set_search (list, words);
  while (changes == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (list, id);
}

#define assert_list(list, expected) \
  G_STMT_START { \
    g_autofree char *described_ = describe (list); \
    g_assert_cmpstr (described_, ==, expected); \
  } G_STMT_END

static void
row_changed_cb (HsDomainList *list,
                const char   *id,
                GPtrArray    *ids)
{
  g_ptr_array_add (ids, g_strdup (id));
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) changed_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HsDomainList) list = hs_domain_list_new (f->store, HS_DOMAIN_PAGES_EVENTS);
  g_autoptr(HsEvent) first = NULL;
  g_autoptr(GObject) placeholder = NULL;
  guint n_invitations = 99, n_participants = 99, position = 99;

  invite (f, "e-1", "Tuesday Night Tasting", "i-1", "ann@example.com");
  invite (f, "e-2", "Sale 50% off", "i-2", "bob@example.com");
  invite (f, "e-3", "Sale 50 percent", "i-3", "cy@example.com");
  invite (f, "e-4", "Cask_Ale evening", "i-4", "dee@example.com");
  invite (f, "e-1", "Tuesday Night Tasting", "i-5", "eve@example.com");

  g_assert_false (hs_domain_list_get_loaded (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_keys (list, hs_domain_list_reload);
  g_assert_true (hs_domain_list_get_loaded (list));

  /* The first ask is a placeholder: the row is read on a worker, never on the caller's. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (hs_domain_list_is_placeholder (placeholder));
  g_assert_null (hs_event_get_id (HS_EVENT (placeholder)));

  /* Most recently seen first: e-1 was seen again last. */
  assert_list (list, "Tuesday Night Tasting, Cask_Ale evening, Sale 50 percent, Sale 50% off");
  first = get_read (list, 0);
  g_assert_false (hs_domain_list_is_placeholder (first));
  g_assert_cmpstr (hs_event_get_id (first), ==, "e-1");
  g_assert_true (hs_domain_store_get_event_counts (first, &n_invitations, &n_participants));
  g_assert_cmpuint (n_invitations, ==, 2);
  g_assert_cmpuint (n_participants, ==, 0);
  g_assert_true (hs_domain_list_find (list, "e-3", &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 4));

  /* Searching: any case of ASCII letters, in the name or the id; the user's % and _ are
   * characters, not wildcards. */
  search (list, "sale 50%");
  assert_list (list, "Sale 50% off");
  search (list, "  CASK_ ");
  assert_list (list, "Cask_Ale evening");
  search (list, "sale 50_");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  search (list, "sale");
  assert_list (list, "Sale 50 percent, Sale 50% off");
  search (list, "e-2");
  assert_list (list, "Sale 50% off");
  search (list, "'; DROP TABLE events; --");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Live, with a search: a new event that matches comes on top, one seen again moves up,
   * one renamed so that it no longer matches leaves. */
  search (list, "sale");
  g_signal_connect (list, "row-changed", G_CALLBACK (row_changed_cb), changed_ids);
  invite (f, "e-5", "Sale of the year", "i-6", "fay@example.com");
  invite (f, "e-2", "Sale 50% off", "i-7", "gus@example.com");
  wait_refresh (list);
  /* Each row a refresh read again is told, so a page showing it can show it again. */
  g_assert_cmpuint (changed_ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (changed_ids, 0), ==, "e-5");
  g_assert_cmpstr (g_ptr_array_index (changed_ids, 1), ==, "e-2");
  assert_list (list, "Sale 50% off, Sale of the year, Sale 50 percent");
  invite (f, "e-3", "Half price", "i-8", "hal@example.com");
  wait_refresh (list);
  assert_list (list, "Sale 50% off, Sale of the year");

  /* Blank: every event again. */
  search (list, " ");
  assert_list (list, "Half price, Sale 50% off, Sale of the year, Tuesday Night Tasting, "
                     "Cask_Ale evening");
}

static void
test_invitations (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HsDomainList) list = hs_domain_list_new (f->store, HS_DOMAIN_PAGES_INVITATIONS);
  g_autoptr(HsInvitation) top = NULL;

  invite (f, "e-1", "Tuesday Night Tasting", "i-1", "ann@example.com");
  invite (f, "e-2", "Cask evening", "i-2", "bob@example.org");
  invite (f, "e-1", "Tuesday Night Tasting", "i-3", "cy@example.com");

  wait_keys (list, hs_domain_list_reload);
  assert_list (list, "cy@example.com, bob@example.org, ann@example.com");
  top = get_read (list, 0);
  g_assert_cmpstr (hs_invitation_get_event_id (top), ==, "e-1");
  g_assert_cmpstr (hs_invitation_get_event_name (top), ==, "Tuesday Night Tasting");

  /* By email, by id, by event id, by the event's name. */
  search (list, "EXAMPLE.ORG");
  assert_list (list, "bob@example.org");
  search (list, "i-3");
  assert_list (list, "cy@example.com");
  search (list, "e-1");
  assert_list (list, "cy@example.com, ann@example.com");
  search (list, "night tasting");
  assert_list (list, "cy@example.com, ann@example.com");

  /* Live: a new invitation comes on top; one seen again with a new email keeps its place. */
  search (list, NULL);
  invite (f, "e-2", "Cask evening", "i-4", "dee@example.com");
  wait_refresh (list);
  assert_list (list, "dee@example.com, cy@example.com, bob@example.org, ann@example.com");
  invite (f, "e-1", "Tuesday Night Tasting", "i-1", "ann.b@example.com");
  wait_refresh (list);
  assert_list (list, "dee@example.com, cy@example.com, bob@example.org, ann.b@example.com");
}

/* Many rows: pages are read as they are asked for, and a far page does not read the rest. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HsDomainList) list = hs_domain_list_new (f->store, HS_DOMAIN_PAGES_EVENTS);
  g_autoptr(HsEvent) last = NULL;
  g_autoptr(HsEvent) middle = NULL;

  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *id = g_strdup_printf ("e-%03u", i);
      g_autofree char *name = g_strdup_printf ("Event %03u", i);
      g_autofree char *invitation = g_strdup_printf ("i-%03u", i);

      invite (f, id, name, invitation, "x@example.com");
    }

  wait_keys (list, hs_domain_list_reload);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 130);
  last = get_read (list, 129);
  g_assert_cmpstr (hs_event_get_name (last), ==, "Event 000");
  middle = get_read (list, 65);
  g_assert_cmpstr (hs_event_get_name (middle), ==, "Event 064");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/domain-list/events", test_events);
  ADD ("/domain-list/invitations", test_invitations);
  ADD ("/domain-list/pages", test_pages);
#undef ADD

  return g_test_run ();
}
