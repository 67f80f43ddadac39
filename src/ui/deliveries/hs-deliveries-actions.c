/* hs-deliveries-actions.c: what the Deliveries page does with the selected delivery: copy as
 * curl, copy the body, save it, delete it (with undo), replay it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-deliveries-actions"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "hs-application.h"
#include "hs-body-text.h"
#include "hs-curl.h"
#include "hs-delivery-compare.h"
#include "hs-deliveries-page-private.h"
#include "hs-secret-mask.h"
#include "hs-store-delete.h"

static const char * const delivery_actions[] = {
  "delivery.copy-curl", "delivery.copy-curl-with-key", "delivery.copy-body",
  "delivery.save-body", "delivery.delete", "delivery.replay",
};

void
hs_deliveries_page_update_actions (HsDeliveriesPage *self)
{
  HsDelivery *delivery = hs_delivery_detail_get_delivery (self->detail);

  for (guint i = 0; i < G_N_ELEMENTS (delivery_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), delivery_actions[i], delivery != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delivery.compare",
                                 hs_deliveries_page_get_selected (self, NULL, 0) == 2);
}

static HsDelivery *
get_delivery (HsDeliveriesPage *self)
{
  return hs_delivery_detail_get_delivery (self->detail);
}

static const char *
get_base_url (HsDeliveriesPage *self)
{
  return self->url ? self->url : "http://127.0.0.1:8765/";
}

/* Copy as curl. A body that is not text goes to a file the command reads. */

static char *
build_body_path (HsDelivery *delivery)
{
  g_autofree char *name = g_strdup_printf ("delivery-%" G_GINT64_FORMAT ".bin",
                                           hs_delivery_get_id (delivery));

  return g_build_filename (g_get_user_cache_dir (), "hookscope", "bodies", name, NULL);
}

static void
body_file_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      text = g_strdup_printf (_("Could not write the body for curl: %s"), error->message);
      hs_deliveries_page_add_toast (self, text);
      return;
    }

  text = g_strdup_printf (_("Copied as curl; the binary body is read from %s"), path);
  hs_deliveries_page_add_toast (self, text);
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  HsDelivery *delivery = get_delivery (self);
  g_autoptr(HsDelivery) shown = NULL;
  g_autofree char *command = NULL;
  g_autofree char *path = NULL;
  gboolean masked;

  if (delivery == NULL)
    return;

  /* Keys and tokens masked unless asked for by name ("Copy as curl with key"). */
  if (g_str_equal (action_name, "delivery.copy-curl-with-key"))
    shown = g_object_ref (delivery);
  else
    shown = hs_secret_masked_copy (delivery);
  masked = shown != delivery && hs_secret_delivery_has_secrets (delivery);

  if (hs_curl_body_needs_file (delivery))
    {
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFile) parent = NULL;

      path = build_body_path (delivery);
      file = g_file_new_for_path (path);
      parent = g_file_get_parent (file);
      g_file_make_directory_with_parents (parent, NULL, NULL);
      g_file_replace_contents_bytes_async (file, hs_delivery_get_body (delivery), NULL, FALSE,
                                           G_FILE_CREATE_PRIVATE, NULL, body_file_written_cb,
                                           g_object_ref (self));
    }

  command = hs_curl_command (shown, get_base_url (self), path);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), command);

  if (path == NULL)
    hs_deliveries_page_add_toast (self, (hs_delivery_get_flags (delivery) &
                                         HS_DELIVERY_FLAG_TRUNCATED)
                                        ? _("Copied as curl (the body was truncated when "
                                            "received: only its first part is sent)")
                                        : masked ? _("Copied as curl, keys masked")
                                        : _("Copied as curl"));
}

static void
copy_body_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  HsDelivery *delivery = get_delivery (self);
  GBytes *body;
  gsize size = 0;
  const char *data;

  if (delivery == NULL || !(body = hs_delivery_get_body (delivery)))
    return;

  data = g_bytes_get_data (body, &size);
  if (hs_body_text_is_text (data, size))
    {
      g_autofree char *text = g_strndup (data, size);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
      hs_deliveries_page_add_toast (self, _("Body copied"));
    }
  else
    {
      g_autoptr(GdkContentProvider) provider = NULL;

      provider = gdk_content_provider_new_for_bytes ("application/octet-stream", body);
      gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
      hs_deliveries_page_add_toast (self, _("Body copied as bytes (it is not text)"));
    }
}

/* Save body… */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    text = g_strdup_printf (_("Could not save the body: %s"), error->message);
  else
    text = g_strdup_printf (_("Body saved as %s"), name);
  hs_deliveries_page_add_toast (self, text);
}

static void
save_to_file (HsDeliveriesPage *self,
              GFile            *file,
              GBytes           *body)
{
  g_file_replace_contents_bytes_async (file, body, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                       saved_cb, g_object_ref (self));
}

static char *
suggest_name (HsDelivery *delivery)
{
  const char *type = hs_delivery_get_content_type (delivery);
  GBytes *body = hs_delivery_get_body (delivery);
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  const char *extension = ".bin";

  if (type != NULL && strstr (type, "json") != NULL)
    extension = ".json";
  else if (data != NULL && hs_body_text_is_text (data, size))
    extension = ".txt";

  return g_strdup_printf ("delivery-%" G_GINT64_FORMAT "%s", hs_delivery_get_id (delivery),
                          extension);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);
  GBytes *bytes = g_object_get_data (object, "hs-body");

  if (file != NULL && bytes != NULL)
    save_to_file (self, file, bytes);
}
#else
static void
save_response_cb (GtkNativeDialog  *dialog,
                  int               response,
                  HsDeliveriesPage *self)
{
  GBytes *bytes = g_object_get_data (G_OBJECT (dialog), "hs-body");

  if (response == GTK_RESPONSE_ACCEPT && bytes != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        save_to_file (self, file, bytes);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}
#endif

static void
save_body_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  HsDelivery *delivery = get_delivery (self);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autofree char *name = NULL;
  GBytes *body;

  if (delivery == NULL || !(body = hs_delivery_get_body (delivery)))
    return;

  name = suggest_name (delivery);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Save Body"));
    gtk_file_dialog_set_initial_name (dialog, name);
    g_object_set_data_full (G_OBJECT (dialog), "hs-body", g_bytes_ref (body),
                            (GDestroyNotify)g_bytes_unref);
    gtk_file_dialog_save (dialog, window, NULL, save_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *dialog;

    dialog = gtk_file_chooser_native_new (_("Save Body"), window, GTK_FILE_CHOOSER_ACTION_SAVE,
                                          _("_Save"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    g_object_set_data_full (G_OBJECT (dialog), "hs-body", g_bytes_ref (body),
                            (GDestroyNotify)g_bytes_unref);
    g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

/* Delete: the row goes at once and the toast offers to undo; the store deletes it when the
 * toast goes away without an undo. */

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hs_store_delete_delivery_finish (HS_STORE (object), result, &error) &&
      !g_error_matches (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *text = g_strdup_printf (_("Could not delete the delivery: %s"),
                                               error->message);

      hs_deliveries_page_add_toast (self, text);
    }
}

static void
delete_toast_dismissed_cb (AdwToast         *toast,
                           HsDeliveriesPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "hs-delivery-id");

  if (id != NULL && self->store != NULL)
    hs_store_delete_delivery_async (self->store, *id, NULL, deleted_cb, g_object_ref (self));
  g_object_set_data (G_OBJECT (toast), "hs-delivery-id", NULL);
  if (self->delete_toasts != NULL)
    g_ptr_array_remove (self->delete_toasts, toast);
}

/**
 * hs_deliveries_page_finish_deletes:
 *
 * Deletes now what the toasts still offer to undo: the page is going (the window closed, the
 * app quitting), and a delivery deleted a moment before must not come back at the next start.
 * On this thread, as the app quits: a read of the thread pool would not run before it exits.
 */
void
hs_deliveries_page_finish_deletes (HsDeliveriesPage *self)
{
  g_return_if_fail (HS_IS_DELIVERIES_PAGE (self));

  while (self->delete_toasts->len > 0)
    {
      g_autoptr(AdwToast) toast = g_ptr_array_steal_index (self->delete_toasts, 0);
      g_autofree gint64 *id = g_object_steal_data (G_OBJECT (toast), "hs-delivery-id");
      g_autoptr(GError) error = NULL;

      if (id != NULL && self->store != NULL &&
          !hs_store_delete_delivery (self->store, *id, &error) &&
          !g_error_matches (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND))
        g_warning ("Could not delete delivery %" G_GINT64_FORMAT ": %s", *id, error->message);
    }
}

static void
undo_delete_cb (AdwToast         *toast,
                HsDeliveriesPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "hs-delivery-id");
  guint position;

  if (id == NULL || self->list == NULL)
    return;

  position = hs_delivery_list_restore (self->list, *id);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  /* Undone: dismissing the toast must not delete it any more. */
  g_object_set_data (G_OBJECT (toast), "hs-delivery-id", NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  HsDelivery *delivery = get_delivery (self);
  AdwToast *toast;
  gint64 id;
  guint position;
  guint n;

  if (delivery == NULL || self->list == NULL)
    return;

  id = hs_delivery_get_id (delivery);
  if (!hs_delivery_list_hide (self->list, id, &position))
    return;

  /* The next one (older) takes its place in the selection, as in a mail client, and the
   * keyboard stays in the list: Delete again deletes the next one, and the toast (whose
   * timeout pauses while it holds the focus) goes by itself. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  if (n > 0)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                       MIN (position, n - 1), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
  else
    {
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      hs_delivery_detail_show (self->detail, NULL, 0);
    }

  toast = adw_toast_new (_("Delivery deleted"));
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "hs-delivery-id", g_memdup2 (&id, sizeof id),
                          g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (delete_toast_dismissed_cb), self,
                           0);
  g_ptr_array_add (self->delete_toasts, g_object_ref (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Replay is the Replays page's (issue 12): it provides win.replay-delivery (int64 id). */
static void
replay_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  HsDelivery *delivery = get_delivery (self);

  if (delivery == NULL)
    return;

  if (!gtk_widget_activate_action (widget, "win.replay-delivery", "x",
                                   hs_delivery_get_id (delivery)))
    hs_deliveries_page_add_toast (self, _("Replay is not available in this version"));
}

/* Send a Sample: the seed document's webhook, posted to the running listener as the
 * Backoffice would (with the API key when one is required). */

#define SAMPLE_RESOURCE "/io/github/hookscope/Hookscope/samples/event_invitation_created.json"

static void
sample_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HsDeliveriesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  response = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (response == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not send the sample: %s"),
                                               error->message);

      hs_deliveries_page_add_toast (self, text);
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_autofree char *text = g_strdup_printf (_("The listener answered %u to the sample"),
                                               soup_message_get_status (msg));

      hs_deliveries_page_add_toast (self, text);
    }
}

static void
send_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  HsApplication *app = HS_APPLICATION (g_application_get_default ());
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;

  if (self->url == NULL)
    return;

  /* Built in with the command line's samples; a minimal one if this build has none. */
  body = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (body == NULL)
    body = g_bytes_new_static ("{\"event_name\": \"event_invitation_created\"}", 42);

  url = g_strconcat (self->url, "webhooks/sample", NULL);
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    return;
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  /* The key in effect (the keyring's, or --api-key's), as the capture keeps it. */
  key = hs_application_get_capture (app) != NULL
        ? hs_capture_dup_api_key (hs_application_get_capture (app)) : NULL;
  if (key != NULL && key[0] != '\0')
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", key);

  session = soup_session_new_with_options ("timeout", 10, "user-agent",
                                           "Hookscope/" PACKAGE_VERSION, NULL);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sample_sent_cb,
                                    g_object_ref (self));
}

/* Compare: the two deliveries selected (Ctrl- or Shift-click), read off the main thread, side
 * by side in a window of their own, the older on the left. */

typedef struct
{
  HsDelivery *older;
  HsDelivery *newer;
  guint       pending;
  gboolean    failed;
} CompareRead;

static void
compare_read_free (CompareRead *read)
{
  g_clear_object (&read->older);
  g_clear_object (&read->newer);
  g_free (read);
}

static void
compare_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  HsDeliveriesPage *self = g_task_get_source_object (task);
  CompareRead *read = g_task_get_task_data (task);
  g_autoptr(HsDelivery) delivery = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  delivery = hs_store_get_delivery_finish (HS_STORE (object), result, &error);
  if (delivery == NULL && !read->failed)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot compare: %s"), error->message);

      read->failed = TRUE;
      hs_deliveries_page_add_toast (self, text);
    }
  else if (delivery != NULL)
    {
      if (read->older == NULL)
        read->older = g_steal_pointer (&delivery);
      else
        read->newer = g_steal_pointer (&delivery);
    }

  if (--read->pending == 0)
    {
      if (!read->failed)
        {
          if (hs_delivery_get_id (read->older) > hs_delivery_get_id (read->newer))
            {
              HsDelivery *swap = read->older;

              read->older = read->newer;
              read->newer = swap;
            }
          window = hs_delivery_compare_new (read->older, read->newer);
          gtk_window_set_transient_for (GTK_WINDOW (window),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
          gtk_window_present (GTK_WINDOW (window));
        }
      g_object_unref (task);
    }
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);
  CompareRead *read;
  GTask *task;
  gint64 ids[2];

  if (self->store == NULL || hs_deliveries_page_get_selected (self, ids, 2) != 2)
    return;

  read = g_new0 (CompareRead, 1);
  read->pending = 2;
  /* Only a holder of the page and of the reads' state until both are back. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, read, (GDestroyNotify)compare_read_free);
  for (guint i = 0; i < 2; i++)
    hs_store_get_delivery_async (self->store, ids[i], NULL, compare_read_cb, task);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HsDeliveriesPage *self = HS_DELIVERIES_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
hs_deliveries_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "delivery.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_install_action (widget_class, "delivery.copy-curl-with-key", NULL,
                                   copy_curl_action);
  gtk_widget_class_install_action (widget_class, "delivery.copy-body", NULL, copy_body_action);
  gtk_widget_class_install_action (widget_class, "delivery.save-body", NULL, save_body_action);
  gtk_widget_class_install_action (widget_class, "delivery.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "delivery.replay", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "deliveries.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "delivery.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "deliveries.send-sample", NULL,
                                   send_sample_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "delivery.copy-curl", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "delivery.copy-body", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "delivery.save-body", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "delivery.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "delivery.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "delivery.replay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "deliveries.search", NULL);
}
