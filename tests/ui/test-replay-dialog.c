/* test-replay-dialog.c: the replay dialog sends a sequence in received order with progress, and
 * an edited request (invalid JSON only after a confirmation), to a receiver inside the test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <libsoup/soup.h>
#include <string.h>

#include "hs-replay-dialog.h"
#include "hs-replay-monitor.h"
#include "hs-replay-store.h"
#include "keyring-test-util.h"

typedef struct
{
  char        *dir;
  HsStore     *store;
  SoupServer  *server;
  char        *base;
  GPtrArray   *methods;
  GPtrArray   *paths;
  GPtrArray   *bodies;
  GPtrArray   *keys;
  GPtrArray   *paused;
  guint        changes;
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  GBytes *body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_ptr_array_add (f->methods, g_strdup (soup_server_message_get_method (msg)));
  g_ptr_array_add (f->paths, g_strdup (path));
  g_ptr_array_add (f->bodies, g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)));
  g_ptr_array_add (f->keys, g_strdup (soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "x-api-key")));
  if (g_str_equal (path, "/slow"))
    {
      /* Never answered while the test runs. */
      soup_server_message_pause (msg);
      g_ptr_array_add (f->paused, g_object_ref (msg));
      return;
    }
  g_bytes_unref (body);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "fine", 4);
}

static void
changed_cb (Fixture *f)
{
  f->changes++;
}

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gint64 *id = user_data;

  *id = hs_store_insert_finish (HS_STORE (object), result, NULL);
}

static gint64
insert (Fixture    *f,
        const char *path,
        gint64      received_at,
        const char *body)
{
  g_autoptr(HsDelivery) d = hs_delivery_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  gint64 id = 0;

  hs_delivery_set_received_at (d, received_at);
  hs_delivery_set_method (d, "POST");
  hs_delivery_set_path (d, path);
  hs_delivery_add_header (d, "Content-Type", "application/json");
  hs_delivery_set_content_type (d, "application/json");
  hs_delivery_set_body (d, bytes);
  hs_store_insert_async (f->store, d, NULL, insert_cb, &id);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("hs-test-replay-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "dialog.db", NULL);
  f->store = hs_store_open (db, &error);
  g_assert_no_error (error);
  f->methods = g_ptr_array_new_with_free_func (g_free);
  f->paths = g_ptr_array_new_with_free_func (g_free);
  f->bodies = g_ptr_array_new_with_free_func (g_free);
  f->keys = g_ptr_array_new_with_free_func (g_free);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d/in", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  g_signal_connect_swapped (hs_replay_monitor_get_default (), "changed", G_CALLBACK (changed_cb),
                            f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_signal_handlers_disconnect_by_data (hs_replay_monitor_get_default (), f);
  for (guint i = 0; i < f->paused->len; i++)
    {
      soup_server_message_set_status (g_ptr_array_index (f->paused, i), 204, NULL);
      soup_server_message_unpause (g_ptr_array_index (f->paused, i));
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (f->paused);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  hs_store_close (f->store);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->methods);
  g_ptr_array_unref (f->paths);
  g_ptr_array_unref (f->bodies);
  g_ptr_array_unref (f->keys);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (title == NULL ||
           (ADW_IS_PREFERENCES_ROW (child) &&
            g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)))
        return child;
      if ((found = find_widget (child, type, title)))
        return found;
    }

  return NULL;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
spin_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (100, keep_waking, NULL);

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
one_change (gpointer data)
{
  return ((Fixture *)data)->changes > 0;
}

static GtkWidget *
find_send_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "replay.send") == 0)
        return child;
      if ((found = find_send_button (child)))
        return found;
    }
  return NULL;
}

/* Send turns sensitive once the delivery is read. */
static gboolean
send_enabled (gpointer data)
{
  GtkWidget *send = find_send_button (data);

  return send != NULL && gtk_widget_is_sensitive (send);
}

static void
test_sequence (Fixture       *f,
               gconstpointer  data)
{
  const gint64 t0 = 1764264034000000;
  gint64 ids[3];
  HsReplayDialog *dialog;
  GtkProgressBar *progress;
  g_autoptr(GPtrArray) rows = NULL;

  /* Inserted out of time order. */
  ids[0] = insert (f, "/third", t0 + 2000, "{\"n\":3}");
  ids[1] = insert (f, "/first", t0, "{\"n\":1}");
  ids[2] = insert (f, "/second", t0 + 1000, "{\"n\":2}");

  dialog = hs_replay_dialog_new_for_deliveries (NULL, f->store, ids, 3);
  hs_replay_dialog_set_target (dialog, NULL, f->base, TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (dialog),
                                                                              ADW_TYPE_WINDOW_TITLE,
                                                                              NULL))),
                   ==, "Replay 3 Deliveries");
  /* No request editor for a sequence: there is no single request to edit. */
  g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW,
                                                      NULL)));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "replay.send", NULL);
  spin_until (one_change, f);

  g_assert_cmpuint (f->paths->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->paths, 0), ==, "/in/first");
  g_assert_cmpstr (g_ptr_array_index (f->paths, 1), ==, "/in/second");
  g_assert_cmpstr (g_ptr_array_index (f->paths, 2), ==, "/in/third");
  progress = GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (progress)));
  g_assert_cmpstr (gtk_progress_bar_get_text (progress), ==, "3 of 3 sent, 0 failed");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (progress), ==, 1.0);

  rows = hs_replay_store_list_attempts (f->store, 0, 0, FALSE, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return window;
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
test_edited (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = insert (f, "/hooks", 1764264034000000, "{\"n\":1}");
  HsReplayDialog *dialog = hs_replay_dialog_new (NULL, f->store, id);
  GtkWidget *edit, *method;
  GtkTextBuffer *body;

  hs_replay_dialog_set_target (dialog, NULL, f->base, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
  spin_until (send_enabled, dialog);  /* the delivery is read */

  edit = find_widget (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, "Edit Before Sending");
  g_assert_nonnull (edit);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (edit), TRUE);
  method = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Method");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (method)), ==, "POST");
  gtk_editable_set_text (GTK_EDITABLE (method), "PUT");
  body = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_widget (GTK_WIDGET (dialog),
                                                               GTK_SOURCE_TYPE_VIEW, NULL)));
  gtk_text_buffer_set_text (body, "{\"n\": 2, oops}", -1);

  /* Invalid JSON: nothing goes before the confirmation. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "replay.send", NULL);
  spin_until (has_message_dialog, NULL);
  g_assert_cmpuint (f->paths->len, ==, 0);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_message_dialog ()), "send");
  spin_until (one_change, f);

  g_assert_cmpuint (f->paths->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->methods, 0), ==, "PUT");
  g_assert_cmpstr (g_ptr_array_index (f->paths, 0), ==, "/in");
  g_assert_cmpstr (g_ptr_array_index (f->bodies, 0), ==, "{\"n\": 2, oops}");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
key_filled (gpointer data)
{
  GtkWidget *key = find_widget (data, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);

  return send_enabled (data) && gtk_editable_get_text (GTK_EDITABLE (key))[0] != '\0';
}

/* Replay Again to a saved target: its key and options as saved now, and it becomes the last
 * used. */
static void
test_saved_target (Fixture       *f,
                   gconstpointer  data)
{
  gint64 id = insert (f, "/hooks", 1764264034000000, "{\"n\":1}");
  g_autoptr(HsReplayTarget) saved = hs_replay_target_new (f->base);
  g_autoptr(GPtrArray) targets = NULL;
  HsReplayDialog *dialog;

  hs_replay_target_set_name (saved, "mine");
  hs_replay_target_set_api_key (saved, "k-saved");
  hs_replay_target_set_append_path (saved, TRUE);
  g_assert_true (hs_replay_store_save_target (f->store, saved, NULL));

  dialog = hs_replay_dialog_new (NULL, f->store, id);
  hs_replay_dialog_set_target (dialog, "mine", f->base, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
  spin_until (key_filled, dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "replay.send", NULL);
  spin_until (one_change, f);

  g_assert_cmpuint (f->paths->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->keys, 0), ==, "k-saved");
  g_assert_cmpstr (g_ptr_array_index (f->paths, 0), ==, "/in/hooks");
  targets = hs_replay_store_list_targets (f->store, NULL);
  g_assert_cmpint (hs_replay_target_get_last_used_at (g_ptr_array_index (targets, 0)), >, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
one_received (gpointer data)
{
  return ((Fixture *)data)->paths->len > 0;
}

/* Closing the dialog while its replay waits for an answer cancels it, and the attempt is still
 * recorded (the test runs with fatal criticals: nothing may touch the closed dialog). */
static void
test_close_while_sending (Fixture       *f,
                          gconstpointer  data)
{
  gint64 id = insert (f, "/hooks", 1764264034000000, "{\"n\":1}");
  g_autofree char *slow = g_strdup_printf ("%.*s/slow", (int)(strlen (f->base) - 3), f->base);
  HsReplayDialog *dialog = hs_replay_dialog_new (NULL, f->store, id);
  g_autoptr(GPtrArray) rows = NULL;

  hs_replay_dialog_set_target (dialog, NULL, slow, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
  spin_until (send_enabled, dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "replay.send", NULL);
  spin_until (one_received, f);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until (one_change, f);

  rows = hs_replay_store_list_attempts (f->store, 0, 0, FALSE, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (hs_replay_attempt_get_error_kind (g_ptr_array_index (rows, 0)), ==,
                   "cancelled");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Saved targets' keys go to the keyring: a private one, never the developer's. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  hs_test_keyring_start ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/replay-dialog/sequence", Fixture, NULL, fixture_setup, test_sequence,
              fixture_teardown);
  g_test_add ("/replay-dialog/edited", Fixture, NULL, fixture_setup, test_edited,
              fixture_teardown);
  g_test_add ("/replay-dialog/saved-target", Fixture, NULL, fixture_setup, test_saved_target,
              fixture_teardown);
  g_test_add ("/replay-dialog/close-while-sending", Fixture, NULL, fixture_setup,
              test_close_while_sending, fixture_teardown);

  status = g_test_run ();
  hs_test_keyring_stop ();
  return status;
}
