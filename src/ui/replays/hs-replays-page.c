/* hs-replays-page.c: every replay attempt with the response it got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page also gives the window its win.replay-delivery action (int64 delivery id), so that
 * any page (the Deliveries inspector) can open the replay dialog without knowing about it.
 */

#define G_LOG_DOMAIN "hs-replays-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-capture.h"
#include "hs-replay-dialog.h"
#include "hs-replay-monitor.h"
#include "hs-replay-store.h"
#include "hs-replays-page.h"
#include "hs-ui-util.h"

/* The history shown; older attempts stay in the database (hookscope replays --limit 0). */
#define HISTORY_LIMIT 500
/* A response body shown in full up to this size; the rest is cut with a note. */
#define BODY_SHOWN_MAX (256 * 1024)
#define SENT_BODY_SHOWN_MAX (16 * 1024)

typedef enum
{
  SHOW_ALL,
  SHOW_SUCCEEDED,
  SHOW_FAILED,
} ShowStatus;

struct _HsReplaysPage
{
  GtkWidget           parent_instance;

  HsStore            *store;
  GCancellable       *cancellable;
  GListStore         *attempts;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  gboolean            in_view;
  gboolean            stale;
  HsUiThrottle        forwards_throttle;
  gint64              newest_id;  /* the newest attempt read so far */

  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkColumnView      *column_view;
  GtkStack           *detail_stack;
  GtkLabel           *outcome_label;
  GtkLabel           *summary_label;
  GtkLabel           *compare_label;
  GtkWidget          *response_box;
  GtkLabel           *response_headers_label;
  GtkTextView        *response_body_view;
  GtkLabel           *request_label;
};

static void hs_replays_page_iface_init (HsPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsReplaysPage, hs_replays_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (HS_TYPE_PAGE, hs_replays_page_iface_init))

static char *
format_started (gpointer item)
{
  return hs_ui_format_time_us (hs_replay_attempt_get_started_at (item), "%Y-%m-%d %H:%M:%S");
}

static char *
format_delivery (gpointer item)
{
  return g_strdup_printf ("#%" G_GINT64_FORMAT, hs_replay_attempt_get_delivery_id (item));
}

static char *
format_target (gpointer item)
{
  const char *name = hs_replay_attempt_get_target_name (item);

  if (name != NULL)
    return g_strdup_printf ("%s — %s", name, hs_replay_attempt_get_url (item));
  return g_strdup (hs_replay_attempt_get_url (item));
}

static char *
format_outcome (gpointer item)
{
  return hs_replay_attempt_dup_outcome (item);
}

static const char *
style_outcome (gpointer item)
{
  if (hs_replay_attempt_is_success (item))
    return NULL;
  return hs_replay_attempt_get_status (item) != 0 ? "warning" : "error";
}

static char *
format_duration (gpointer item)
{
  return g_strdup_printf (_("%.1f ms"), hs_replay_attempt_get_duration (item) / 1000.0);
}

/* What a narrow window must show first: the result, then where it went. */
static const HsUiColumn columns[] = {
  { N_("Result"), format_outcome, 14, TRUE, FALSE, style_outcome },
  { N_("Target"), format_target, 20, TRUE, FALSE, NULL },
  { N_("Delivery"), format_delivery, 7, FALSE, TRUE, NULL },
  { N_("Sent"), format_started, 16, FALSE, FALSE, NULL },
  { N_("Time"), format_duration, 8, FALSE, TRUE, NULL },
};

static char *
headers_text (GPtrArray *headers)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < headers->len; i += 2)
    g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "",
                            (char *)g_ptr_array_index (headers, i),
                            (char *)g_ptr_array_index (headers, i + 1));

  return g_string_free (text, FALSE);
}

/* The body as text when it is UTF-8 (cut at BODY_SHOWN_MAX), else what it is. */
static char *
body_text (GBytes *body,
           gint64  full_size)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  gsize shown = MIN (size, BODY_SHOWN_MAX);
  const char *end = NULL;

  if (size == 0)
    return g_strdup (_("(empty)"));
  if (!g_utf8_validate_len (data, shown, &end) && (gsize)(end - data) < shown - 3)
    return g_strdup_printf (ngettext ("%" PRId64 " byte of binary data",
                                      "%" PRId64 " bytes of binary data", full_size),
                            full_size);
  shown = end - data;
  if ((gint64)shown < full_size)
    return g_strdup_printf (_("%.*s\n\n… (%" PRId64 " bytes in all)"), (int)shown, data,
                            full_size);
  return g_strndup (data, shown);
}

/* The replay of the same delivery to the same URL just before @attempt, in the history read. */
static HsReplayAttempt *
find_previous (HsReplaysPage   *self,
               HsReplayAttempt *attempt)
{
  GListModel *model = G_LIST_MODEL (self->attempts);
  guint n = g_list_model_get_n_items (model);

  gint64 delivery_id = hs_replay_attempt_get_delivery_id (attempt);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsReplayAttempt) other = g_list_model_get_item (model, i);

      /* Newest first: the first older one that matches. */
      if (hs_replay_attempt_get_id (other) < hs_replay_attempt_get_id (attempt) &&
          hs_replay_attempt_get_delivery_id (other) == delivery_id &&
          g_strcmp0 (hs_replay_attempt_get_url (other), hs_replay_attempt_get_url (attempt)) == 0)
        return g_steal_pointer (&other);
    }

  return NULL;
}

/* What changed since the previous replay of this delivery to this URL, in a sentence. */
static char *
describe_comparison (HsReplayAttempt *attempt,
                     HsReplayAttempt *previous)
{
  g_autofree char *before = hs_replay_attempt_dup_outcome (previous);
  g_autofree char *when = hs_ui_format_time_us (hs_replay_attempt_get_started_at (previous),
                                                "%Y-%m-%d %H:%M:%S");
  GBytes *a = hs_replay_attempt_get_response_body (attempt);
  GBytes *b = hs_replay_attempt_get_response_body (previous);
  gboolean same_outcome = hs_replay_attempt_get_status (attempt) ==
                            hs_replay_attempt_get_status (previous) &&
                          g_strcmp0 (hs_replay_attempt_get_error_kind (attempt),
                                     hs_replay_attempt_get_error_kind (previous)) == 0;
  gboolean same_body = (a == NULL && b == NULL) ||
                       (a != NULL && b != NULL && g_bytes_equal (a, b));

  if (same_outcome && same_body)
    return g_strdup_printf (_("Same answer as the previous replay to this URL (%s)."), when);
  if (same_outcome)
    return g_strdup_printf (_("Same status as the previous replay to this URL (%s), but a "
                              "different body."), when);
  return g_strdup_printf (_("The previous replay to this URL (%s) got: %s."), when, before);
}

static void
show_detail (HsReplaysPage   *self,
             HsReplayAttempt *attempt)
{
  g_autoptr(HsReplayAttempt) previous = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *when = NULL;
  g_autofree char *request = NULL;
  g_autofree char *sent_headers = NULL;
  g_autofree char *response_headers = NULL;
  g_autofree char *body = NULL;

  if (attempt == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  outcome = hs_replay_attempt_dup_outcome (attempt);
  when = hs_ui_format_time_us (hs_replay_attempt_get_started_at (attempt), "%Y-%m-%d %H:%M:%S");
  summary = g_strdup_printf (_("Delivery #%" PRId64 " · %s · %.1f ms"),
                             hs_replay_attempt_get_delivery_id (attempt), when,
                             hs_replay_attempt_get_duration (attempt) / 1000.0);
  sent_headers = headers_text (hs_replay_attempt_get_request_headers (attempt));
  {
    /* The body sent, shortened: a label is no place for megabytes. */
    GBytes *sent_body = hs_replay_attempt_get_request_body (attempt);
    gint64 sent_size = sent_body != NULL ? (gint64)g_bytes_get_size (sent_body) : 0;
    g_autofree char *sent_text = sent_size > SENT_BODY_SHOWN_MAX
                                   ? g_strdup_printf (_("(%" PRId64 " bytes)"), sent_size)
                                   : body_text (sent_body, sent_size);

    request = g_strdup_printf ("%s %s\n%s\n\n%s", hs_replay_attempt_get_method (attempt),
                               hs_replay_attempt_get_url (attempt), sent_headers, sent_text);
  }
  if (hs_replay_attempt_get_status (attempt) != 0)
    {
      response_headers = headers_text (hs_replay_attempt_get_response_headers (attempt));
      body = body_text (hs_replay_attempt_get_response_body (attempt),
                        hs_replay_attempt_get_response_size (attempt));
    }
  else
    {
      response_headers = g_strdup (_("No response"));
      body = g_strdup ("");
    }

  /* Labels take plain text here: the URL, headers and bodies are the target's data. */
  gtk_label_set_text (self->outcome_label, outcome);
  gtk_label_set_text (self->summary_label, summary);
  previous = find_previous (self, attempt);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_label), previous != NULL);
  if (previous != NULL)
    {
      g_autofree char *comparison = describe_comparison (attempt, previous);

      gtk_label_set_text (self->compare_label, comparison);
    }
  gtk_label_set_text (self->response_headers_label, response_headers);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->response_body_view), body, -1);
  /* No answer: the error in the title says why; nothing else to show but what was sent. */
  gtk_widget_set_visible (self->response_box, hs_replay_attempt_get_status (attempt) != 0);
  gtk_label_set_text (self->request_label, request);
  if (hs_replay_attempt_is_success (attempt))
    gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), "error");
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
selection_changed_cb (HsReplaysPage *self)
{
  show_detail (self, gtk_single_selection_get_selected_item (self->selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "replays.resend",
                                 gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  HsReplaysPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  ShowStatus show = gtk_drop_down_get_selected (self->status_dropdown);
  gboolean success = hs_replay_attempt_is_success (item);

  if ((show == SHOW_SUCCEEDED && !success) || (show == SHOW_FAILED && success))
    return FALSE;

  if (text != NULL && text[0] != '\0')
    {
      g_autofree char *target = format_target (item);
      g_autofree char *delivery = format_delivery (item);
      g_autofree char *folded_text = g_utf8_casefold (text, -1);
      g_autofree char *folded_target = g_utf8_casefold (target, -1);

      return strstr (folded_target, folded_text) != NULL ||
             g_str_equal (delivery + 1, text[0] == '#' ? text + 1 : text);
    }

  return TRUE;
}

static void
filter_changed_cb (HsReplaysPage *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filtered);

  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsReplaysPage) self = user_data;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 selected_id = 0;
  HsReplayAttempt *selected;

  if (!(attempts = hs_replay_store_list_finish (HS_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the replays: %s", error->message);
      return;
    }

  /* The selection follows its attempt, unless there is a new one (just replayed): it shows
   * itself, compared with the previous one. */
  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    selected_id = hs_replay_attempt_get_id (selected);
  if (attempts->len > 0 &&
      hs_replay_attempt_get_id (g_ptr_array_index (attempts, 0)) > self->newest_id)
    {
      selected_id = 0;
      self->newest_id = hs_replay_attempt_get_id (g_ptr_array_index (attempts, 0));
    }

  g_list_store_splice (self->attempts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->attempts)),
                       attempts->pdata, attempts->len);
  gtk_stack_set_visible_child_name (self->stack, attempts->len > 0 ? "list" : "empty");

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->selection)); i++)
    {
      g_autoptr(HsReplayAttempt) attempt = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                                  i);

      if (selected_id == 0 || hs_replay_attempt_get_id (attempt) == selected_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          break;
        }
    }
  selection_changed_cb (self);
}

/* Reads the history on a worker thread; a newer reload supersedes one still running. */
void
hs_replays_page_reload (HsReplaysPage *self)
{
  g_return_if_fail (HS_IS_REPLAYS_PAGE (self));

  self->stale = FALSE;
  if (self->store == NULL)
    return;

  hs_replay_store_list_attempts_async (self->store, 0, HISTORY_LIMIT, TRUE,
                                       hs_ui_supersede (&self->cancellable), reload_cb,
                                       g_object_ref (self));
}

static void
replays_changed_cb (HsReplaysPage *self)
{
  if (self->in_view)
    hs_replays_page_reload (self);
  else
    self->stale = TRUE;
}

static gboolean
forwards_changed_now (gpointer data)
{
  replays_changed_cb (data);
  return G_SOURCE_REMOVE;
}

/* A forward went out: at most one reload a second, however fast they go. */
static void
forwarded_cb (HsReplaysPage *self)
{
  hs_ui_throttle (&self->forwards_throttle, 0, 1000, forwards_changed_now, self);
}

/* win.replay-delivery (x): the replay dialog for that delivery. */
static void
replay_delivery_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HsReplaysPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  HsReplayDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = hs_replay_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                 g_variant_get_int64 (parameter));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.replay-deliveries (ax): the replay dialog for a sequence (a selection, a filter). */
static void
replay_deliveries_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HsReplaysPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gsize n_ids = 0;
  const gint64 *ids = g_variant_get_fixed_array (parameter, &n_ids, sizeof (gint64));
  HsReplayDialog *dialog;

  if (self->store == NULL || n_ids == 0)
    return;

  dialog = hs_replay_dialog_new_for_deliveries (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                self->store, ids, n_ids);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
install_window_action (HsReplaysPage *self)
{
  static const GActionEntry entries[] = {
    { "replay-delivery", replay_delivery_cb, "x", NULL, NULL, { 0 } },
    { "replay-deliveries", replay_deliveries_cb, "ax", NULL, NULL, { 0 } },
  };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (G_IS_ACTION_MAP (root) && g_action_map_lookup_action (G_ACTION_MAP (root),
                                                            "replay-delivery") == NULL)
    g_action_map_add_action_entries (G_ACTION_MAP (root), entries, G_N_ELEMENTS (entries), self);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HsReplaysPage *self = HS_REPLAYS_PAGE (widget);
  HsReplayAttempt *attempt = gtk_single_selection_get_selected_item (self->selection);
  GtkRoot *root = gtk_widget_get_root (widget);
  HsReplayDialog *dialog;

  if (attempt == NULL || self->store == NULL)
    return;

  dialog = hs_replay_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                 hs_replay_attempt_get_delivery_id (attempt));
  hs_replay_dialog_set_target (dialog, hs_replay_attempt_get_target_name (attempt),
                               hs_replay_attempt_get_base_url (attempt) != NULL
                                 ? hs_replay_attempt_get_base_url (attempt)
                                 : hs_replay_attempt_get_url (attempt),
                               hs_replay_attempt_get_append_path (attempt));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* HsPage */

static void
hs_replays_page_bind (HsPage  *page,
                      HsStore *store)
{
  HsReplaysPage *self = HS_REPLAYS_PAGE (page);

  g_set_object (&self->store, store);
  install_window_action (self);
  self->stale = TRUE;
  if (self->in_view)
    hs_replays_page_reload (self);
}

static void
hs_replays_page_came_into_view (HsPage             *page,
                                const HsPageChange *missed)
{
  HsReplaysPage *self = HS_REPLAYS_PAGE (page);

  self->in_view = TRUE;
  if (self->stale)
    hs_replays_page_reload (self);
}

static void
hs_replays_page_iface_init (HsPageInterface *iface)
{
  iface->name = "replays";
  iface->title = N_("Replays");
  iface->icon_name = "media-playlist-repeat-symbolic";
  iface->bind = hs_replays_page_bind;
  iface->came_into_view = hs_replays_page_came_into_view;
}

/* Out of view when unmapped (another page of the stack is shown). */
static void
hs_replays_page_unmap (GtkWidget *widget)
{
  /* The command line may replay meanwhile (another process): read again when shown. */
  HS_REPLAYS_PAGE (widget)->in_view = FALSE;
  HS_REPLAYS_PAGE (widget)->stale = TRUE;
  GTK_WIDGET_CLASS (hs_replays_page_parent_class)->unmap (widget);
}

static void
hs_replays_page_map (GtkWidget *widget)
{
  HsReplaysPage *self = HS_REPLAYS_PAGE (widget);

  GTK_WIDGET_CLASS (hs_replays_page_parent_class)->map (widget);
  self->in_view = TRUE;
  if (self->stale)
    hs_replays_page_reload (self);
}

static void
hs_replays_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hs_replays_page_parent_class)->root (widget);
  install_window_action (HS_REPLAYS_PAGE (widget));
}

static void
hs_replays_page_dispose (GObject *object)
{
  HsReplaysPage *self = (HsReplaysPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  hs_ui_throttle_clear (&self->forwards_throttle);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_REPLAYS_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->selection);
  g_clear_object (&self->attempts);

  G_OBJECT_CLASS (hs_replays_page_parent_class)->dispose (object);
}

static void
hs_replays_page_class_init (HsReplaysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_replays_page_dispose;
  widget_class->map = hs_replays_page_map;
  widget_class->unmap = hs_replays_page_unmap;
  widget_class->root = hs_replays_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-replays-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, compare_label);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, response_box);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, response_headers_label);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, response_body_view);
  gtk_widget_class_bind_template_child (widget_class, HsReplaysPage, request_label);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_install_action (widget_class, "replays.resend", NULL, resend_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_replays_page_init (HsReplaysPage *self)
{
  GtkCustomFilter *filter;
  HsCapture *capture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->attempts = g_list_store_new (HS_TYPE_REPLAY_ATTEMPT);
  filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->attempts)),
                                              GTK_FILTER (filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed",
                            G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  hs_ui_append_columns (self->column_view, columns, G_N_ELEMENTS (columns));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "replays.resend", FALSE);

  g_signal_connect_object (hs_replay_monitor_get_default (), "changed",
                           G_CALLBACK (replays_changed_cb), self, G_CONNECT_SWAPPED);
  /* Forwards are recorded like replays, by the capture's forwarder, as they go out. */
  if (HS_IS_APPLICATION (g_application_get_default ()) &&
      (capture = hs_application_get_capture (HS_APPLICATION (g_application_get_default ()))))
    g_signal_connect_object (hs_forwarding_get_forwarder (hs_capture_get_forwarding (capture)),
                             "forwarded", G_CALLBACK (forwarded_cb), self,
                             G_CONNECT_SWAPPED);
  self->stale = TRUE;
}
