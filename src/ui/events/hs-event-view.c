/* hs-event-view.c: one event: names, details, schedule, occurrences, people and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything shown here comes from payloads: labels take plain text only, rows have markup
 * turned off, HTML is reduced to its text by hs_html_to_text() and links open only http(s).
 * The event, its invitations, participants and versions are four reads on worker threads;
 * each section fills in when its read returns, and showing another event cancels them.
 */

#define G_LOG_DOMAIN "hs-event-view"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "hs-event-rows.h"
#include "hs-event-view.h"
#include "hs-html-text.h"
#include "hs-ics-save.h"
#include "hs-occurrence-view.h"
#include "hs-schedule.h"
#include "hs-ui-util.h"
#include "hs-view-bench.h"
#include "hs-window.h"

struct _HsEventView
{
  GtkWidget         parent_instance;

  HsStore          *store;
  GCancellable     *cancellable;
  guint             reads_left;     /* of the event's four reads (HS_BENCH=calendar) */
  char             *event_id;
  HsEvent          *event;
  HsSchedule       *schedule;
  char            **locales;

  GtkStack         *stack;
  GtkScrolledWindow *scrolled;
  GtkLabel         *name_label;
  GtkLabel         *id_label;
  GtkDropDown      *locale_dropdown;
  GtkLabel         *summary_label;
  AdwSplitButton   *export_button;
  GtkListBox       *schedule_list;
  GtkWidget        *occurrences_group;
  HsOccurrenceView *occurrence_view;
  GtkListBox       *details_list;
  GtkWidget        *details_group;
  GtkListBox       *invitations_list;
  GtkListBox       *participants_list;
  GtkListBox       *history_list;
};

G_DEFINE_FINAL_TYPE (HsEventView, hs_event_view, GTK_TYPE_WIDGET)

/* --- rows ----------------------------------------------------------------------------------- */

/* The string members of a JSON object, "key: value", one a line (addresses and contacts
 * have no documented shape). */
static char *
object_to_text (JsonObject *object,
                const char *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) members = object ? json_object_get_members (object) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          json_node_get_string (node)[0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, json_node_get_string (node));
    }

  return out->len > 0 ? g_strdup (out->str) : NULL;
}

static gboolean
is_web_link (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

static void
add_link_row (HsEventView *self,
              const char  *title,
              const char  *url)
{
  AdwActionRow *row;

  if (url == NULL || url[0] == '\0')
    return;

  row = hs_event_rows_add (self->details_list, title, url);
  /* Only web links open: a payload could carry file: or another scheme's URL. */
  if (is_web_link (url))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Open in Browser"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "event.open-link");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", url);
      adw_action_row_add_suffix (row, button);
      adw_action_row_set_activatable_widget (row, button);
    }
}

/* --- names, summary, details ---------------------------------------------------------------- */

/* The locale to show first: the user's language if the event has it, else the first. */
static guint
preferred_locale (char **locales)
{
  const char * const *languages = g_get_language_names ();

  for (guint l = 0; languages[l] != NULL; l++)
    {
      for (guint i = 0; locales[i] != NULL; i++)
        {
          gsize len = strlen (locales[i]);

          if (len > 0 && g_ascii_strncasecmp (locales[i], languages[l], len) == 0 &&
              strchr ("_-.@", languages[l][len]) != NULL)
            return i;
        }
    }

  return 0;
}

static void
show_locale (HsEventView *self)
{
  guint selected = gtk_drop_down_get_selected (self->locale_dropdown);
  const char *locale = NULL;
  const char *name = NULL;
  g_autofree char *summary = NULL;
  GString *descriptions = g_string_new (NULL);
  JsonArray *blocks;

  if (self->event == NULL)
    return;

  if (self->locales != NULL && selected < g_strv_length (self->locales))
    locale = self->locales[selected];
  if (locale != NULL)
    {
      name = hs_event_lookup_name (self->event, locale);
      summary = hs_html_to_text (hs_event_lookup_summary_html (self->event, locale));
    }
  if (name == NULL || name[0] == '\0')
    name = hs_event_get_name (self->event);

  /* Description blocks in this locale (or without one) follow the summary. */
  blocks = json_object_get_member (hs_event_get_object (self->event), "description") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (hs_event_get_object (self->event),
                                                          "description"))
           ? json_object_get_array_member (hs_event_get_object (self->event), "description")
           : NULL;
  for (guint i = 0; blocks != NULL && i < json_array_get_length (blocks); i++)
    {
      JsonNode *node = json_array_get_element (blocks, i);
      JsonObject *block = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *block_locale = block ? json_object_get_string_member_with_default (
                                           block, "locale", NULL) : NULL;
      g_autofree char *text = NULL;

      if (block == NULL || (block_locale != NULL && g_strcmp0 (block_locale, locale) != 0))
        continue;
      text = hs_html_to_text (json_object_get_string_member_with_default (block, "content",
                                                                          NULL));
      if (text[0] == '\0')
        continue;
      if (descriptions->len > 0)
        g_string_append (descriptions, "\n\n");
      g_string_append (descriptions, text);
    }

  gtk_label_set_text (self->name_label, name ? name : hs_event_get_id (self->event));
  if (descriptions->len > 0 && summary != NULL && summary[0] != '\0')
    {
      g_autofree char *both = g_strconcat (summary, "\n\n", descriptions->str, NULL);

      gtk_label_set_text (self->summary_label, both);
    }
  else
    {
      gtk_label_set_text (self->summary_label,
                          summary && summary[0] ? summary : descriptions->str);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          (summary && summary[0]) || descriptions->len > 0);
  g_string_free (descriptions, TRUE);
}

static void
show_details (HsEventView *self)
{
  JsonObject *object = hs_event_get_object (self->event);
  static const char * const lists[] = { "address", "contact" };

  hs_event_rows_clear (self->details_list);

  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    {
      JsonNode *node = json_object_get_member (object, lists[k]);
      JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *text = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          text = object_to_text (json_node_get_object (element), k == 0 ? ", " : " · ");
          if (text != NULL)
            hs_event_rows_add (self->details_list, k == 0 ? _("Address") : _("Contact"), text);
        }
    }

  if (hs_event_get_cover_image_key (self->event) != NULL)
    hs_event_rows_add (self->details_list, _("Cover Image Key"), hs_event_get_cover_image_key (self->event));
  if (hs_event_get_profile_image_key (self->event) != NULL)
    hs_event_rows_add (self->details_list, _("Profile Image Key"),
             hs_event_get_profile_image_key (self->event));
  add_link_row (self, _("Canonical URL"), hs_event_get_canonical_url (self->event));
  add_link_row (self, _("Subscription URL"), hs_event_get_subscription_url (self->event));
  if (hs_event_get_profile_id (self->event) != NULL)
    hs_event_rows_add (self->details_list, _("Profile"), hs_event_get_profile_id (self->event));
  if (hs_event_get_updated_at (self->event) != NULL)
    {
      g_autofree char *updated = hs_ui_format_iso8601_local (hs_event_get_updated_at (self->event));

      hs_event_rows_add (self->details_list, _("Updated"), updated);
    }

  gtk_widget_set_visible (self->details_group,
                          gtk_widget_get_first_child (GTK_WIDGET (self->details_list)) != NULL);
}

/* --- schedule ------------------------------------------------------------------------------- */

static void
add_warning_row (HsEventView *self,
                 const char  *text)
{
  AdwActionRow *row = hs_event_rows_add (self->schedule_list, text, NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_action_row_set_title_lines (row, 0);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (row, icon);
  gtk_widget_add_css_class (GTK_WIDGET (row), "warning-row");
}

static void
show_schedule (HsEventView *self)
{
  JsonObject *schedule_object = hs_event_get_schedule (self->event);
  g_autoptr(GError) error = NULL;

  hs_event_rows_clear (self->schedule_list);
  g_clear_object (&self->schedule);

  if (schedule_object != NULL)
    self->schedule = hs_schedule_new_from_json (schedule_object, &error);

  if (self->schedule != NULL)
    {
      const char * const *warnings = hs_schedule_get_warnings (self->schedule);
      g_autofree char *summary = hs_schedule_describe (self->schedule);
      AdwActionRow *row = hs_event_rows_add (self->schedule_list, summary, NULL);

      adw_action_row_set_title_lines (row, 0);
      for (guint i = 0; warnings[i] != NULL; i++)
        add_warning_row (self, warnings[i]);
    }
  else if (error != NULL)
    {
      JsonNode *node = json_object_get_member (hs_event_get_object (self->event), "schedule");
      g_autofree char *raw = json_to_string (node, TRUE);
      /* Translators: %s says which schedule field is wrong and why */
      g_autofree char *text = g_strdup_printf (_("Schedule not understood: %s"), error->message);
      AdwActionRow *row;

      add_warning_row (self, text);
      /* The raw schedule, so the developer sees exactly what was sent. */
      row = hs_event_rows_add (self->schedule_list, _("As Received"), raw);
      gtk_widget_add_css_class (GTK_WIDGET (row), "monospace-subtitle");
    }
  else
    {
      hs_event_rows_add_placeholder (self->schedule_list, _("No schedule"));
    }

  hs_occurrence_view_set_schedule (self->occurrence_view, self->schedule);
  gtk_widget_set_visible (self->occurrences_group, self->schedule != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "event.export", self->schedule != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "event.today", self->schedule != NULL);
}

/* --- the event ------------------------------------------------------------------------------ */

static void
locale_changed_cb (HsEventView *self)
{
  show_locale (self);
}

static void
set_event (HsEventView *self,
           HsEvent     *event)
{
  g_autoptr(GtkStringList) model = NULL;

  g_set_object (&self->event, event);
  g_clear_pointer (&self->locales, g_strfreev);

  self->locales = hs_event_dup_locales (event);
  model = gtk_string_list_new ((const char * const *) self->locales);
  g_signal_handlers_block_by_func (self->locale_dropdown, locale_changed_cb, self);
  gtk_drop_down_set_model (self->locale_dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (self->locale_dropdown,
                              self->locales[0] ? preferred_locale (self->locales) : 0);
  g_signal_handlers_unblock_by_func (self->locale_dropdown, locale_changed_cb, self);
  gtk_widget_set_visible (GTK_WIDGET (self->locale_dropdown), g_strv_length (self->locales) > 1);

  gtk_label_set_text (self->id_label, hs_event_get_id (event));
  show_locale (self);
  show_details (self);
  show_schedule (self);
  gtk_stack_set_visible_child_name (self->stack, "event");
}

static void
history_row_activated_cb (HsEventView   *self,
                          GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "delivery-id64");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GVariant) target = NULL;

  if (id == NULL)
    return;

  target = g_variant_ref_sink (g_variant_new_int64 (*id));
  /* The window routes it to the page that shows deliveries; until that page can show one,
   * the Deliveries page opens and a toast says which delivery it was. */
  if (HS_IS_WINDOW (root) &&
      !hs_window_show_item (HS_WINDOW (root), "delivery", target))
    {
      /* Translators: %s is a delivery number */
      g_autofree char *text = g_strdup_printf (_("Delivery #%" PRId64), *id);

      hs_window_show_page (HS_WINDOW (root), "deliveries");
      hs_window_add_toast (HS_WINDOW (root), text);
    }
}

/* --- reads ---------------------------------------------------------------------------------- */

static gboolean
bench_quit (gpointer data)
{
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

/* The bench's "event-page" step ends with the frame that shows the last of the four reads. */
static void
read_done (HsEventView  *self,
           const GError *error)
{
  /* (A superseded read is not one of the four.) */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->reads_left > 0 && --self->reads_left == 0)
    hs_view_bench_done (GTK_WIDGET (self), "event-page", bench_quit, NULL);
}

static void
invitations_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HsEventView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = hs_store_list_finish (HS_STORE (object), result, &error);

  if (items != NULL)
    hs_event_rows_fill_invitations (self->invitations_list, items);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the event's invitations: %s", error->message);

  read_done (self, error);
}

static void
participants_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HsEventView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = hs_store_list_finish (HS_STORE (object), result, &error);

  if (items != NULL)
    hs_event_rows_fill_participants (self->participants_list, items);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the event's participants: %s", error->message);

  read_done (self, error);
}

static void
versions_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HsEventView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = hs_store_list_finish (HS_STORE (object), result, &error);

  if (items != NULL)
    hs_event_rows_fill_history (self->history_list, items);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the event's history: %s", error->message);

  read_done (self, error);
}

static void
event_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HsEventView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsEvent) event = hs_store_get_event_finish (HS_STORE (object), result, &error);

  if (event != NULL)
    {
      set_event (self, event);
    }
  else if (g_error_matches (error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      /* Asked for by id (another page, a stale link): nothing to show is not a failure. */
      g_debug ("No event %s: %s", self->event_id, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("Could not read event %s: %s", self->event_id, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  read_done (self, error);
}

void
hs_event_view_show_event (HsEventView *self,
                          const char  *event_id)
{
  GCancellable *cancellable;
  gboolean same;
  char *id;

  g_return_if_fail (HS_IS_EVENT_VIEW (self));

  same = g_strcmp0 (event_id, self->event_id) == 0;
  /* @event_id may be self->event_id itself (showing the same event again). */
  id = g_strdup (event_id);
  g_free (self->event_id);
  self->event_id = id;
  cancellable = hs_ui_supersede (&self->cancellable);

  if (event_id == NULL || self->store == NULL)
    {
      g_clear_object (&self->event);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* Another event starts at the top; the same one read again stays where the user is. */
  if (!same)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);

  self->reads_left = 4;
  hs_store_get_event_async (self->store, self->event_id, cancellable,
                            event_read_cb, g_object_ref (self));
  hs_store_list_invitations_async (self->store, self->event_id, cancellable,
                                   invitations_read_cb, g_object_ref (self));
  hs_store_list_participants_async (self->store, self->event_id, cancellable,
                                    participants_read_cb, g_object_ref (self));
  hs_store_list_event_versions_async (self->store, self->event_id, cancellable,
                                      versions_read_cb, g_object_ref (self));
}

const char *
hs_event_view_get_event_id (HsEventView *self)
{
  g_return_val_if_fail (HS_IS_EVENT_VIEW (self), NULL);

  return self->event_id;
}

void
hs_event_view_set_store (HsEventView *self,
                         HsStore     *store)
{
  g_return_if_fail (HS_IS_EVENT_VIEW (self));
  g_return_if_fail (!store || HS_IS_STORE (store));

  g_set_object (&self->store, store);
}

/* --- actions -------------------------------------------------------------------------------- */

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *url = g_variant_get_string (parameter, NULL);

  /* Only web links: a payload could carry file: or another scheme's URL. */
  if (is_web_link (url))
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), url, GDK_CURRENT_TIME);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HsEventView *self = HS_EVENT_VIEW (widget);

  if (!hs_occurrence_view_jump_to_next (self->occurrence_view) &&
      HS_IS_WINDOW (gtk_widget_get_root (widget)))
    hs_window_add_toast (HS_WINDOW (gtk_widget_get_root (widget)),
                         _("Every occurrence has ended"));
}

static void
toast (HsEventView *self,
       const char  *text)
{
  if (HS_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    hs_window_add_toast (HS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), text);
}

static void
export_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HsEventView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = hs_ics_save_events_finish (result, &error);

  if (message == NULL)
    {
      /* Translators: %s is why the file could not be written */
      g_autofree char *text = g_strdup_printf (_("Could not export: %s"), error->message);

      toast (self, text);
      return;
    }

  toast (self, message);
}

static void
save_events (HsEventView *self,
             GFile       *file,
             GPtrArray   *events)
{
  hs_ics_save_events_async (file, events, self->cancellable, export_saved_cb,
                            g_object_ref (self));
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    HsEventView     *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->schedule != NULL && self->event != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  events = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (events, g_object_ref (self->event));
  save_events (self, file, events);
}

/* A portal when sandboxed: the app writes only where the user says. */
static void
ask_where (HsEventView *self,
           const char  *title,
           const char  *name,
           GCallback    response_cb)
{
  GtkFileChooserNative *dialog;
  g_autofree char *file_name = g_strdup_printf ("%s.ics", name);

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  g_strdelimit (file_name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Not past the view: the window may close while the dialog is open. */
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HsEventView *self = HS_EVENT_VIEW (widget);

  if (self->schedule == NULL)
    return;

  ask_where (self, _("Export Event"), gtk_label_get_text (self->name_label),
             G_CALLBACK (export_response_cb));
}

typedef struct
{
  HsEventView *self;
  GFile       *file;
} ExportAll;

static void
export_all_free (ExportAll *data)
{
  g_object_unref (data->self);
  g_object_unref (data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportAll, export_all_free)

static void
all_events_listed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ExportAll) data = user_data;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  events = hs_store_list_finish (HS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (events == NULL)
    {
      /* Translators: %s is why the events could not be read */
      g_autofree char *text = g_strdup_printf (_("Could not export: %s"), error->message);

      toast (data->self, text);
      return;
    }

  save_events (data->self, data->file, events);
}

static void
export_all_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        HsEventView     *self)
{
  ExportAll *data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  data = g_new0 (ExportAll, 1);
  data->self = g_object_ref (self);
  data->file = file;
  hs_store_list_events_async (self->store, self->cancellable, all_events_listed_cb, data);
}

static void
export_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HsEventView *self = HS_EVENT_VIEW (widget);

  if (self->store == NULL)
    return;

  /* Translators: the suggested file name of every event's calendar, without ".ics" */
  ask_where (self, _("Export All Events"), _("Hookscope Events"),
             G_CALLBACK (export_all_response_cb));
}

/* libadwaita 1.2 leaves the arrow of a split button named after its class ("GtkMenuButton")
 * for assistive technologies: name it (the menu button and the toggle inside it). */
static void
name_export_dropdown (HsEventView *self)
{
  GtkWidget *arrow = gtk_widget_get_last_child (GTK_WIDGET (self->export_button));
  const char *label = _("More Export Options");

  if (!GTK_IS_MENU_BUTTON (arrow))
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (gtk_widget_get_first_child (arrow) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (arrow)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* --- GObject -------------------------------------------------------------------------------- */

static void
hs_event_view_dispose (GObject *object)
{
  HsEventView *self = (HsEventView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_EVENT_VIEW);
  g_clear_object (&self->store);
  g_clear_object (&self->event);
  g_clear_object (&self->schedule);
  g_clear_pointer (&self->locales, g_strfreev);
  g_clear_pointer (&self->event_id, g_free);

  G_OBJECT_CLASS (hs_event_view_parent_class)->dispose (object);
}

static void
hs_event_view_class_init (HsEventViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_event_view_dispose;

  g_type_ensure (HS_TYPE_OCCURRENCE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/hs-event-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsEventView, stack);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, name_label);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, id_label);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, locale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, schedule_list);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, occurrences_group);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, occurrence_view);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, details_list);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, details_group);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, invitations_list);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, participants_list);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, history_list);
  gtk_widget_class_bind_template_callback (widget_class, history_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "event.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "event.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "event.export-all", NULL, export_all_action);
  gtk_widget_class_bind_template_child (widget_class, HsEventView, export_button);
  gtk_widget_class_install_action (widget_class, "event.open-link", "s", open_link_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_event_view_init (HsEventView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_export_dropdown (self);

  g_signal_connect_swapped (self->locale_dropdown, "notify::selected",
                            G_CALLBACK (locale_changed_cb), self);
}
