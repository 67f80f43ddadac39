/* hs-replay-dialog.c: replay one delivery to a target, optionally edited, and see the answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The delivery and the saved targets are read on worker threads; the replay runs as an
 * HsReplayJob on its own thread. The answer shows in place, so the developer can fix their
 * endpoint and press Send again.
 */

#define G_LOG_DOMAIN "hs-replay-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hs-delivery-json.h"
#include "hs-replay-dialog.h"
#include "hs-replay-job.h"
#include "hs-replay-monitor.h"
#include "hs-replay-store.h"

#define BODY_SHOWN_MAX (256 * 1024)

struct _HsReplayDialog
{
  AdwWindow            parent_instance;

  HsStore             *store;
  GArray              *ids;            /* gint64: the deliveries, more than one for a sequence */
  gint64               delivery_id;    /* the first */
  HsDelivery          *delivery;
  GPtrArray           *targets;        /* HsReplayTarget, as in saved_row after "None" */
  char                *wanted_target;  /* select this saved target once they are read */
  GCancellable        *cancellable;    /* the reads */
  GCancellable        *job_cancellable;
  HsReplayJob         *job;
  gboolean             body_editable;  /* FALSE for a body that is not text */
  gboolean             disposed;       /* a job may finish after the window closed */
  gboolean             confirmed_invalid_json;

  AdwWindowTitle      *window_title;
  GtkWidget           *close_button;
  GtkWidget           *send_button;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *result_group;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *bulk_group;
  GtkSpinButton       *pace_spin;
  GtkSwitch           *stop_switch;
  AdwPreferencesGroup *request_group;
  AdwActionRow        *result_row;
  GtkTextView         *result_body_view;
  AdwComboRow         *saved_row;
  AdwEntryRow         *url_row;
  AdwPasswordEntryRow *key_row;
  GtkSwitch           *append_switch;
  GtkSwitch           *self_signed_switch;
  GtkSpinButton       *timeout_spin;
  AdwEntryRow         *save_name_row;
  AdwExpanderRow      *edit_row;
  AdwEntryRow         *method_row;
  GtkTextView         *headers_view;
  GtkSourceView       *body_view;
  GtkLabel            *body_status_label;
};

G_DEFINE_FINAL_TYPE (HsReplayDialog, hs_replay_dialog, ADW_TYPE_WINDOW)

static char *
text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_sensitivity (HsReplayDialog *self)
{
  gboolean running = self->job != NULL;
  gboolean ready = (self->delivery != NULL || self->ids->len > 1) &&
                   gtk_editable_get_text (GTK_EDITABLE (self->url_row))[0] != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "replay.send", ready && !running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_button_set_label (GTK_BUTTON (self->close_button), running ? _("_Cancel") : _("_Close"));
}

/* ------------------------------------------------------------------------------------------ */
/* The body's JSON check */

static gboolean
delivery_is_json (HsReplayDialog *self)
{
  return self->delivery != NULL &&
         hs_content_type_is_json (hs_delivery_get_content_type (self->delivery));
}

/* Returns: whether the body parses as JSON; the label says so, or why not. */
static gboolean
check_body (HsReplayDialog *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!self->body_editable)
    return TRUE;

  text = text_view_dup_text (GTK_TEXT_VIEW (self->body_view));
  if (text[0] == '\0' && !delivery_is_json (self))
    {
      gtk_label_set_text (self->body_status_label, _("Empty body"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->body_status_label), "error");
      return TRUE;
    }
  if (json_parser_load_from_data (parser, text, -1, &error))
    {
      gtk_label_set_text (self->body_status_label, _("Valid JSON"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->body_status_label), "error");
      return TRUE;
    }

  /* The parser's message quotes the body: plain text in a label, never markup. */
  {
    g_autofree char *message = g_strdup_printf (_("Not valid JSON: %s"), error->message);

    gtk_label_set_text (self->body_status_label, message);
    gtk_widget_add_css_class (GTK_WIDGET (self->body_status_label), "error");
  }
  return FALSE;
}

static void
body_changed_cb (HsReplayDialog *self)
{
  self->confirmed_invalid_json = FALSE;
  check_body (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Filling the form */

static void
fill_request (HsReplayDialog *self)
{
  g_autoptr(HsReplayRequest) request = hs_replay_request_new_for_delivery (self->delivery);
  g_autofree char *subtitle = NULL;
  g_autofree char *headers = hs_replay_request_dup_headers_text (request);
  GtkTextBuffer *body_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  GBytes *body = hs_replay_request_get_body (request);
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->headers_view), headers, -1);

  gtk_editable_set_text (GTK_EDITABLE (self->method_row), hs_replay_request_get_method (request));

  self->body_editable = size <= BODY_SHOWN_MAX &&
                        (data == NULL || g_utf8_validate_len (data, size, NULL));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->body_view), self->body_editable);
  if (self->body_editable)
    {
      gtk_text_buffer_set_text (body_buffer, data != NULL ? data : "", size);
      check_body (self);
    }
  else
    {
      g_autofree char *note = g_strdup_printf (_("The body (%zu bytes) is not "
                                                 "editable text; it is sent as captured."), size);

      gtk_text_buffer_set_text (body_buffer, "", 0);
      gtk_label_set_text (self->body_status_label, note);
    }

  subtitle = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s %s", self->delivery_id,
                              hs_delivery_get_method (self->delivery),
                              hs_delivery_get_path (self->delivery));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
delivery_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HsReplayDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  HsDelivery *delivery = hs_store_get_delivery_finish (HS_STORE (object), result, &error);

  if (delivery == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), error->message);
        }
      return;
    }

  self->delivery = delivery;
  fill_request (self);
  update_sensitivity (self);
}

static void
apply_target (HsReplayDialog *self,
              HsReplayTarget *target)
{
  const char *key = hs_replay_target_get_api_key (target);

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), hs_replay_target_get_base_url (target));
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), key != NULL ? key : "");
  gtk_switch_set_active (self->append_switch, hs_replay_target_get_append_path (target));
  gtk_switch_set_active (self->self_signed_switch,
                         hs_replay_target_get_allow_self_signed (target));
}

static HsReplayTarget *
selected_target (HsReplayDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->saved_row);

  if (self->targets == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > self->targets->len)
    return NULL;
  return g_ptr_array_index (self->targets, selected - 1);
}

static void
saved_selected_cb (HsReplayDialog *self)
{
  HsReplayTarget *target = selected_target (self);

  if (target != NULL)
    apply_target (self, target);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "replay.forget-target", target != NULL);
}

static void
targets_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HsReplayDialog) self = user_data;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *targets = hs_replay_store_list_finish (HS_STORE (object), result, &error);
  guint select = 0;

  if (targets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the replay targets: %s", error->message);
      return;
    }

  g_clear_pointer (&self->targets, g_ptr_array_unref);
  self->targets = targets;
  gtk_string_list_append (names, _("None"));
  for (guint i = 0; i < targets->len; i++)
    {
      const char *name = hs_replay_target_get_name (g_ptr_array_index (targets, i));

      gtk_string_list_append (names, name);
      if (g_strcmp0 (name, self->wanted_target) == 0)
        select = i + 1;
    }

  /* The last used target (listed first) unless the caller asked for a URL. */
  if (select == 0 && targets->len > 0 &&
      gtk_editable_get_text (GTK_EDITABLE (self->url_row))[0] == '\0')
    select = 1;

  g_signal_handlers_block_by_func (self->saved_row, saved_selected_cb, self);
  adw_combo_row_set_model (self->saved_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->saved_row, select);
  g_signal_handlers_unblock_by_func (self->saved_row, saved_selected_cb, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "replay.forget-target", select > 0);
  /* The saved target as it is now (its key included), also for a resend to it. */
  if (select > 0)
    apply_target (self, g_ptr_array_index (targets, select - 1));
  gtk_widget_set_visible (GTK_WIDGET (self->saved_row), targets->len > 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Sending */

static void
show_result (HsReplayDialog *self,
             const char     *title,
             const char     *subtitle,
             const char     *body,
             gboolean        failed)
{
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), title);
  adw_action_row_set_subtitle (self->result_row, subtitle != NULL ? subtitle : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->result_body_view),
                            body != NULL ? body : "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->result_body_view), body != NULL && body[0] != '\0');
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_row), "error");
}

static void
update_progress (HsReplayDialog *self)
{
  guint total = hs_replay_job_get_n_total (self->job);
  guint done = hs_replay_job_get_n_done (self->job);
  guint failed = done - hs_replay_job_get_n_succeeded (self->job);
  g_autofree char *text = NULL;

  if (self->ids->len < 2)
    return;
  /* TRANSLATORS: progress of a sequence of replays: "12 of 300 sent, 1 failed" */
  text = g_strdup_printf (_("%u of %u sent, %u failed"), done, total, failed);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
}

static void
attempt_finished_cb (HsReplayJob     *job,
                     HsReplayAttempt *attempt,
                     HsReplayDialog  *self)
{
  g_autofree char *outcome = hs_replay_attempt_dup_outcome (attempt);
  g_autofree char *subtitle = NULL;
  g_autofree char *body = NULL;
  GBytes *response = hs_replay_attempt_get_response_body (attempt);
  gsize size = 0;
  const char *data = response != NULL ? g_bytes_get_data (response, &size) : NULL;

  subtitle = g_strdup_printf (_("%.1f ms · %s"), hs_replay_attempt_get_duration (attempt) / 1000.0,
                              hs_replay_attempt_get_url (attempt));
  if (data != NULL && size > 0)
    {
      gsize shown = MIN (size, BODY_SHOWN_MAX);
      const char *end = NULL;

      g_utf8_validate_len (data, shown, &end);
      body = (gsize)(end - data) + 3 >= shown
               ? g_strndup (data, end - data)
               : g_strdup_printf (_("%zu bytes of binary data"), size);
    }
  if (self->ids->len > 1)
    {
      g_autofree char *which = g_strdup_printf (_("Delivery #%" PRId64 ": %s"),
                                                hs_replay_attempt_get_delivery_id (attempt),
                                                outcome);

      g_free (outcome);
      outcome = g_steal_pointer (&which);
    }
  show_result (self, outcome, subtitle, body, !hs_replay_attempt_is_success (attempt));
  update_progress (self);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HsReplayDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean finished = hs_replay_job_run_finish (HS_REPLAY_JOB (object), result, &error);

  /* Recorded all the same: the Replays page shows it. */
  hs_replay_monitor_changed (hs_replay_monitor_get_default ());
  if (self->disposed)
    return;

  if (!finished &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_result (self, error->message, NULL, NULL, TRUE);
  else if (error != NULL && hs_replay_job_get_n_done (HS_REPLAY_JOB (object)) == 0)
    show_result (self, _("Cancelled"), NULL, NULL, TRUE);

  if (hs_replay_job_get_stopped (HS_REPLAY_JOB (object)))
    gtk_progress_bar_set_text (self->progress_bar, _("Stopped at the first failure"));
  g_clear_object (&self->job);
  g_clear_object (&self->job_cancellable);
  gtk_button_set_label (GTK_BUTTON (self->send_button), _("_Send Again"));
  update_sensitivity (self);
}

/* The edited request; FALSE (and the reason shown) when the headers do not parse. */
static HsReplayRequest *
build_request (HsReplayDialog  *self,
               GError         **error)
{
  g_autoptr(HsReplayRequest) request = hs_replay_request_new_for_delivery (self->delivery);
  g_autofree char *headers = text_view_dup_text (self->headers_view);
  const char *method = gtk_editable_get_text (GTK_EDITABLE (self->method_row));

  hs_replay_request_set_delivery_id (request, self->delivery_id);
  if (method[0] != '\0')
    hs_replay_request_set_method (request, method);
  if (!hs_replay_request_set_headers_text (request, headers, error))
    return NULL;

  if (self->body_editable)
    {
      g_autofree char *text = text_view_dup_text (GTK_TEXT_VIEW (self->body_view));
      gsize length = strlen (text);
      g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&text), length);

      hs_replay_request_set_body (request, body);
    }

  return g_steal_pointer (&request);
}

static void
start_job (HsReplayDialog *self,
           HsReplayTarget *target)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autoptr(GError) error = NULL;

  self->job = hs_replay_job_new (self->store, target);
  if (self->ids->len > 1)
    {
      for (guint i = 0; i < self->ids->len; i++)
        hs_replay_job_add_delivery (self->job, g_array_index (self->ids, gint64, i));
      hs_replay_job_set_pace (self->job, gtk_spin_button_get_value (self->pace_spin));
      hs_replay_job_set_stop_on_failure (self->job, gtk_switch_get_active (self->stop_switch));
    }
  else if (adw_expander_row_get_enable_expansion (self->edit_row))
    {
      g_autoptr(HsReplayRequest) request = build_request (self, &error);

      if (request == NULL)
        {
          show_result (self, error->message, NULL, NULL, TRUE);
          g_clear_object (&self->job);
          return;
        }
      hs_replay_job_add_request (self->job, request);
    }
  else
    {
      hs_replay_job_add_delivery (self->job, self->delivery_id);
    }
  if (key[0] != '\0')
    hs_replay_job_set_api_key (self->job, key);
  hs_replay_job_set_timeout (self->job, gtk_spin_button_get_value_as_int (self->timeout_spin));

  g_signal_connect_object (self->job, "attempt-finished", G_CALLBACK (attempt_finished_cb), self,
                           0);
  g_signal_connect_object (self->job, "started", G_CALLBACK (update_progress), self,
                           G_CONNECT_SWAPPED);
  self->job_cancellable = g_cancellable_new ();
  hs_replay_job_run_async (self->job, self->job_cancellable, job_done_cb, g_object_ref (self));
  update_sensitivity (self);
}

/* The target from the form: the saved one when its URL was kept (so it becomes the last used). */
static HsReplayTarget *
form_target (HsReplayDialog *self)
{
  HsReplayTarget *saved = selected_target (self);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  HsReplayTarget *target = hs_replay_target_new (url);

  if (saved != NULL && g_strcmp0 (hs_replay_target_get_base_url (saved), url) == 0)
    {
      hs_replay_target_set_id (target, hs_replay_target_get_id (saved));
      hs_replay_target_set_name (target, hs_replay_target_get_name (saved));
    }
  hs_replay_target_set_api_key (target, key[0] != '\0' ? key : NULL);
  hs_replay_target_set_append_path (target, gtk_switch_get_active (self->append_switch));
  hs_replay_target_set_allow_self_signed (target,
                                          gtk_switch_get_active (self->self_signed_switch));

  return target;
}

static void
target_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HsReplayDialog *self = g_task_get_source_object (task);
  HsReplayTarget *target = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean saved = hs_replay_store_write_finish (HS_STORE (object), result, &error);

  if (self->disposed)
    return;
  if (!saved)
    {
      show_result (self, error->message, NULL, NULL, TRUE);
      return;
    }

  /* The new target joins the list, selected; the name field is done. */
  g_free (self->wanted_target);
  self->wanted_target = g_strdup (hs_replay_target_get_name (target));
  gtk_editable_set_text (GTK_EDITABLE (self->save_name_row), "");
  hs_replay_store_list_targets_async (self->store, self->cancellable, targets_read_cb,
                                      g_object_ref (self));
  start_job (self, target);
}

static void
send (HsReplayDialog *self)
{
  g_autoptr(HsReplayTarget) target = form_target (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  const char *save_name = gtk_editable_get_text (GTK_EDITABLE (self->save_name_row));

  checked = hs_replay_build_url (hs_replay_target_get_base_url (target), NULL, NULL, FALSE,
                                 &error);
  if (checked == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      show_result (self, error->message, NULL, NULL, TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  if (save_name[0] != '\0')
    {
      GTask *task = g_task_new (self, NULL, NULL, NULL);

      hs_replay_target_set_id (target, 0);
      hs_replay_target_set_name (target, save_name);
      g_task_set_task_data (task, g_object_ref (target), g_object_unref);
      hs_replay_store_save_target_async (self->store, target, NULL, target_saved_cb, task);
      return;
    }

  start_job (self, target);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     HsReplayDialog   *self)
{
  if (g_str_equal (response, "send"))
    {
      self->confirmed_invalid_json = TRUE;
      send (self);
    }
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HsReplayDialog *self = HS_REPLAY_DIALOG (widget);

  if ((self->delivery == NULL && self->ids->len < 2) || self->job != NULL)
    return;

  /* An edited body that is not JSON goes only after a confirmation. */
  if (adw_expander_row_get_enable_expansion (self->edit_row) && !self->confirmed_invalid_json &&
      !check_body (self))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Send Invalid JSON?"),
                                                  gtk_label_get_text (self->body_status_label));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "send", _("_Send Anyway"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  send (self);
}

static void
target_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HsReplayDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hs_replay_store_write_finish (HS_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_result (self, error->message, NULL, NULL, TRUE);
      return;
    }
  g_clear_pointer (&self->wanted_target, g_free);
  hs_replay_store_list_targets_async (self->store, self->cancellable, targets_read_cb,
                                      g_object_ref (self));
}

/* The form keeps its values: forgetting a target does not change this replay. */
static void
forget_target_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HsReplayDialog *self = HS_REPLAY_DIALOG (widget);
  HsReplayTarget *target = selected_target (self);

  if (target == NULL)
    return;

  hs_replay_store_delete_target_async (self->store, hs_replay_target_get_id (target),
                                       self->cancellable, target_deleted_cb,
                                       g_object_ref (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HsReplayDialog *self = HS_REPLAY_DIALOG (widget);

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------------------------------ */

/* Closed or destroyed (gtk_window_destroy() unrealizes; the window may live on while a job
 * holds a reference): the replay in flight is cancelled, and recorded as such. */
static void
hs_replay_dialog_unrealize (GtkWidget *widget)
{
  HsReplayDialog *self = HS_REPLAY_DIALOG (widget);

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (hs_replay_dialog_parent_class)->unrealize (widget);
}

static void
hs_replay_dialog_dispose (GObject *object)
{
  HsReplayDialog *self = (HsReplayDialog *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_object (&self->job);
  g_clear_object (&self->store);
  g_clear_object (&self->delivery);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->wanted_target, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_REPLAY_DIALOG);

  G_OBJECT_CLASS (hs_replay_dialog_parent_class)->dispose (object);
}

static void
hs_replay_dialog_class_init (HsReplayDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_replay_dialog_dispose;
  widget_class->unrealize = hs_replay_dialog_unrealize;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-replay-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, bulk_group);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, pace_spin);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, stop_switch);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, request_group);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, result_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, result_body_view);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, saved_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, append_switch);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, self_signed_switch);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, save_name_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, edit_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, headers_view);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, HsReplayDialog, body_status_label);

  gtk_widget_class_install_action (widget_class, "replay.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "replay.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "replay.forget-target", NULL,
                                   forget_target_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "replay.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "replay.send", NULL);
}

/* The editor follows the light or dark style like the rest of the window. */
static void
update_style_scheme (HsReplayDialog *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (style)
                                                           ? "Adwaita-dark" : "Adwaita");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

static void
hs_replay_dialog_init (HsReplayDialog *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (languages, "json");
  GtkTextBuffer *buffer;

  self->cancellable = g_cancellable_new ();
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  if (json != NULL)
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), json);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (body_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_row, "changed", G_CALLBACK (update_sensitivity), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->saved_row, "notify::selected", G_CALLBACK (saved_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_row), FALSE);
  update_sensitivity (self);
}

HsReplayDialog *
hs_replay_dialog_new (GtkWindow *parent,
                      HsStore   *store,
                      gint64     delivery_id)
{
  return hs_replay_dialog_new_for_deliveries (parent, store, &delivery_id, 1);
}

/* More than one delivery: a sequence, in received order, with pacing and progress; the request
 * cannot be edited then. */
HsReplayDialog *
hs_replay_dialog_new_for_deliveries (GtkWindow    *parent,
                                     HsStore      *store,
                                     const gint64 *ids,
                                     guint         n_ids)
{
  HsReplayDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (HS_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL && n_ids > 0, NULL);

  self = g_object_new (HS_TYPE_REPLAY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  g_array_append_vals (self->ids, ids, n_ids);
  self->delivery_id = ids[0];

  if (n_ids == 1)
    {
      title = g_strdup_printf (_("Replay Delivery #%" PRId64), self->delivery_id);
      hs_store_get_delivery_async (store, self->delivery_id, self->cancellable,
                                   delivery_read_cb, g_object_ref (self));
    }
  else
    {
      title = g_strdup_printf (ngettext ("Replay %u Delivery", "Replay %u Deliveries", n_ids),
                               n_ids);
      gtk_widget_set_visible (GTK_WIDGET (self->request_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->bulk_group), TRUE);
    }
  adw_window_title_set_title (self->window_title, title);
  hs_replay_store_list_targets_async (store, self->cancellable, targets_read_cb,
                                      g_object_ref (self));
  update_sensitivity (self);

  return self;
}

/* Starts from this target (a resend): the saved one called @target_name if it still exists,
 * else @base_url as it is. */
void
hs_replay_dialog_set_target (HsReplayDialog *self,
                             const char     *target_name,
                             const char     *base_url,
                             gboolean        append_path)
{
  g_return_if_fail (HS_IS_REPLAY_DIALOG (self));

  g_free (self->wanted_target);
  self->wanted_target = g_strdup (target_name);
  if (base_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), base_url);
  gtk_switch_set_active (self->append_switch, append_path);
}
