/* hs-delivery-body.c: a delivery's body: pretty JSON with highlighting, the raw text exactly,
 * hex for bytes that are not text, or a form's fields and a multipart body's parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Formatting runs on a worker thread (a 10 MiB body takes a while to indent or dump), and a
 * large result shows its first part until "Show All" asks for the rest: a text view laying out
 * megabytes of text would freeze the window. The text is set as text: never markup.
 *
 * A body with a Content-Encoding (gzip, deflate, br) is shown decoded, on the worker too, and
 * the bar says so ("gzip, 708 bytes → 2,006 bytes"); one that does not decode is shown as the
 * bytes received, with why.
 */

#define G_LOG_DOMAIN "hs-delivery-body"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-body-text.h"
#include "hs-delivery-body.h"
#include "hs-delivery-fields.h"
#include "hs-ui-util.h"

/* What is shown before "Show All", in bytes of text. */
#define SHOW_LIMIT (256 * 1024)
/* "Show All" of a hex dump stops here (a 10 MiB body is a 49 MB dump, more than a text view
 * lays out without freezing); Save Body… has the rest. */
#define HEX_ALL_LIMIT (16 * 1024 * 1024)
/* Above this, the whole text is shown without highlighting. */
#define HIGHLIGHT_LIMIT (2 * 1024 * 1024)

typedef enum
{
  MODE_AUTO,
  MODE_PRETTY,
  MODE_RAW,
  MODE_HEX,
  MODE_FIELDS,
} Mode;

struct _HsDeliveryBody
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkToggleButton *pretty_button;
  GtkToggleButton *raw_button;
  GtkToggleButton *hex_button;
  GtkToggleButton *fields_button;
  GtkLabel        *info_label;
  GtkLabel        *encoding_label;
  HsDeliveryFields *fields;
  GtkStack        *stack;
  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
  GtkWidget       *more_bar;
  GtkLabel        *more_label;
  GtkWidget       *show_all;
  gsize            limit;

  HsDelivery      *delivery;
  GCancellable    *cancellable;
  Mode             mode;
  gboolean         setting_mode;
};

G_DEFINE_FINAL_TYPE (HsDeliveryBody, hs_delivery_body, GTK_TYPE_WIDGET)

typedef struct
{
  GBytes  *body;
  char    *encoding;
  char    *content_type;
  gboolean refused;
  Mode     mode;
  gsize    limit;
} FormatData;

typedef struct
{
  char    *text;
  char    *encoding_line;  /* "gzip, 708 bytes → 2,006 bytes" */
  char    *heading;        /* "Form, 3 fields" */
  GPtrArray *entries;      /* the fields or parts, when the body has some */
  gboolean parts;
  gsize    shown;     /* hex: the bytes dumped */
  gsize    total;
  Mode     mode;
  gboolean is_text;
  gboolean is_json;
  gboolean cut;
} Formatted;

static void
format_data_free (gpointer data)
{
  FormatData *format = data;

  g_bytes_unref (format->body);
  g_free (format->encoding);
  g_free (format->content_type);
  g_free (format);
}

static void
formatted_free (gpointer data)
{
  Formatted *formatted = data;

  g_free (formatted->text);
  g_free (formatted->encoding_line);
  g_free (formatted->heading);
  g_clear_pointer (&formatted->entries, g_ptr_array_unref);
  g_free (formatted);
}

/* Where to cut @text to at most @limit bytes: after a line if one ends near the limit, never
 * inside a character. */
static gsize
cut_point (const char *text,
           gsize       length,
           gsize       limit)
{
  const char *cut;

  if (limit == 0 || length <= limit)
    return length;

  for (gsize i = limit; i > limit - MIN (limit, 4096); i--)
    {
      if (text[i - 1] == '\n')
        return i;
    }

  cut = g_utf8_find_prev_char (text, text + limit + 1);
  return cut ? (gsize)(cut - text) : 0;
}

/* The body to show: decoded from its Content-Encoding, with the line that says so; the bytes
 * received when they do not decode. A form's fields or a multipart body's parts are read from
 * what decoded. */
static GBytes *
decode (FormatData *data,
        Formatted  *formatted)
{
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GError) error = NULL;

  if (!hs_body_codec_is_identity (data->encoding))
    {
      if (data->refused)
        g_set_error_literal (&error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_REFUSED,
                             hs_body_codec_refused_message ());
      else
        decoded = hs_body_codec_decode (data->encoding, data->body, HS_BODY_CODEC_READ_LIMIT,
                                        FALSE, &error);
      formatted->encoding_line = hs_body_codec_describe (data->encoding,
                                                         g_bytes_get_size (data->body),
                                                         decoded, error);
      if (decoded == NULL)
        return g_bytes_ref (data->body);
    }
  else
    decoded = g_bytes_ref (data->body);

  formatted->entries = hs_delivery_fields_build (decoded, data->content_type,
                                                 &formatted->heading);
  formatted->parts = !hs_content_type_is_form (data->content_type);
  return g_steal_pointer (&decoded);
}

static void
format_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FormatData *data = task_data;
  Formatted *formatted = g_new0 (Formatted, 1);
  g_autoptr(GBytes) body = decode (data, formatted);
  gsize size = 0;
  const char *bytes = g_bytes_get_data (body, &size);
  g_autofree char *pretty = NULL;
  char *text = NULL;
  gsize length;

  formatted->is_text = hs_body_text_is_text (bytes, size);
  if (formatted->is_text && (data->mode == MODE_AUTO || data->mode == MODE_PRETTY))
    pretty = hs_body_text_pretty_json (bytes, size);
  formatted->is_json = pretty != NULL;

  formatted->mode = data->mode;
  if (formatted->mode == MODE_FIELDS && formatted->entries == NULL)
    formatted->mode = MODE_AUTO;
  if (formatted->mode == MODE_AUTO && formatted->entries != NULL)
    formatted->mode = MODE_FIELDS;
  if (formatted->mode == MODE_AUTO)
    formatted->mode = pretty ? MODE_PRETTY : formatted->is_text ? MODE_RAW : MODE_HEX;
  if (formatted->mode == MODE_PRETTY && pretty == NULL)
    formatted->mode = formatted->is_text ? MODE_RAW : MODE_HEX;
  if (formatted->mode == MODE_RAW && !formatted->is_text)
    formatted->mode = MODE_HEX;

  switch (formatted->mode)
    {
    case MODE_PRETTY:
      text = g_steal_pointer (&pretty);
      length = strlen (text);
      break;

    case MODE_RAW:
      text = g_strndup (bytes, size);
      length = size;
      break;

    case MODE_FIELDS:
      text = g_strdup ("");
      length = 0;
      break;

    case MODE_HEX:
    case MODE_AUTO:
    default:
      /* 16 bytes a line of 78 characters: dump only what will be shown. */
      if (data->limit > 0)
        size = MIN (size, data->limit / 78 * 16);
      text = hs_body_text_hex ((const guint8 *)bytes, size);
      length = strlen (text);
      break;
    }

  formatted->total = size;
  if (formatted->mode == MODE_HEX)
    {
      formatted->shown = size;
      formatted->cut = size < formatted->total;
    }
  else
    {
      gsize cut = cut_point (text, length, data->limit);

      formatted->cut = cut < length;
      text[cut] = '\0';
    }
  formatted->text = text;

  g_task_return_pointer (task, formatted, formatted_free);
}

static void
update_scheme (HsDeliveryBody *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark"
                                                                     : "Adwaita");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static void
set_mode_buttons (HsDeliveryBody  *self,
                  const Formatted *formatted)
{
  self->setting_mode = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->pretty_button), formatted->is_json ||
                            self->mode == MODE_PRETTY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->raw_button), formatted->is_text);
  gtk_toggle_button_set_active (self->pretty_button, formatted->mode == MODE_PRETTY);
  gtk_toggle_button_set_active (self->raw_button, formatted->mode == MODE_RAW);
  gtk_toggle_button_set_active (self->hex_button, formatted->mode == MODE_HEX);
  gtk_toggle_button_set_active (self->fields_button, formatted->mode == MODE_FIELDS);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_button), formatted->entries != NULL);
  if (formatted->entries != NULL)
    gtk_button_set_label (GTK_BUTTON (self->fields_button),
                          formatted->parts ? _("Parts") : _("Fields"));
  self->setting_mode = FALSE;
}

static void
format_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HsDeliveryBody) self = user_data;
  g_autoptr(GError) error = NULL;
  Formatted *formatted;
  GtkSourceLanguage *language = NULL;
  g_autofree char *total = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *more = NULL;
  gsize length;

  formatted = g_task_propagate_pointer (G_TASK (result), &error);
  if (formatted == NULL)
    return;

  length = strlen (formatted->text);
  /* Raw text of another kind has no language (a NULL id is a critical). */
  if (formatted->mode != MODE_HEX && formatted->is_json && length <= HIGHLIGHT_LIMIT)
    language = gtk_source_language_manager_get_language (
      gtk_source_language_manager_get_default (), "json");
  gtk_source_buffer_set_language (self->buffer, language);
  gtk_source_buffer_set_highlight_syntax (self->buffer, language != NULL);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), formatted->text, length);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view),
                               formatted->mode == MODE_RAW ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);
  gtk_source_view_set_show_line_numbers (self->view, formatted->mode == MODE_PRETTY);

  set_mode_buttons (self, formatted);

  total = g_format_size (formatted->total);
  gtk_label_set_text (self->info_label, total);
  gtk_label_set_text (self->encoding_label,
                      formatted->encoding_line ? formatted->encoding_line : "");
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_label), formatted->encoding_line != NULL);

  if (formatted->mode == MODE_FIELDS)
    {
      hs_delivery_fields_set_entries (self->fields, formatted->heading, formatted->entries);
      gtk_widget_set_visible (self->more_bar, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "fields");
      return;
    }

  /* Hex is cut by bytes of the body; text by characters of what is shown. */
  if (formatted->cut && formatted->mode == MODE_HEX)
    {
      shown = g_format_size (formatted->shown);
      if (self->limit >= HEX_ALL_LIMIT)
        more = g_strdup_printf (_("Showing the first %s of %s; Save Body… keeps all of it"),
                                shown, total);
      else
        more = g_strdup_printf (_("Showing the first %s of %s"), shown, total);
    }
  else if (formatted->cut)
    {
      shown = g_format_size (length);
      more = g_strdup_printf (_("Showing the first %s of the text"), shown);
    }
  gtk_label_set_text (self->more_label, more ? more : "");
  gtk_widget_set_visible (self->more_bar, more != NULL);
  /* Past the whole dump's limit, only Save Body… shows the rest. */
  gtk_widget_set_visible (self->show_all,
                          !(formatted->mode == MODE_HEX && self->limit >= HEX_ALL_LIMIT));

  gtk_stack_set_visible_child_name (self->stack, "text");
}

static void
format (HsDeliveryBody *self,
        Mode            mode,
        gsize           limit)
{
  g_autoptr(GTask) task = NULL;
  FormatData *data;
  GBytes *body = self->delivery ? hs_delivery_get_body (self->delivery) : NULL;

  hs_ui_supersede (&self->cancellable);
  self->mode = mode;
  self->limit = limit;

  if (body == NULL || g_bytes_get_size (body) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->info_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->encoding_label), FALSE);
      gtk_widget_set_visible (self->more_bar, FALSE);
      return;
    }

  data = g_new0 (FormatData, 1);
  data->body = g_bytes_ref (body);
  /* Read here: a delivery's headers are parsed on first use, not to be raced by the worker. */
  data->encoding = hs_body_codec_dup_encoding (self->delivery);
  data->content_type = g_strdup (hs_delivery_get_content_type (self->delivery));
  data->refused = hs_body_codec_was_refused (self->delivery);
  data->mode = mode;
  data->limit = limit;

  task = g_task_new (self, self->cancellable, format_cb, g_object_ref (self));
  g_task_set_source_tag (task, format);
  g_task_set_task_data (task, data, format_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, format_thread);
}

void
hs_delivery_body_set_delivery (HsDeliveryBody *self,
                               HsDelivery     *delivery)
{
  g_return_if_fail (HS_IS_DELIVERY_BODY (self));
  g_return_if_fail (!delivery || HS_IS_DELIVERY (delivery));

  g_set_object (&self->delivery, delivery);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), "", 0);
  format (self, MODE_AUTO, SHOW_LIMIT);
}

static void
mode_toggled_cb (HsDeliveryBody  *self,
                 GtkToggleButton *button)
{
  if (self->setting_mode || !gtk_toggle_button_get_active (button))
    return;

  if (button == self->pretty_button)
    format (self, MODE_PRETTY, SHOW_LIMIT);
  else if (button == self->raw_button)
    format (self, MODE_RAW, SHOW_LIMIT);
  else if (button == self->fields_button)
    format (self, MODE_FIELDS, SHOW_LIMIT);
  else
    format (self, MODE_HEX, SHOW_LIMIT);
}

static void
show_all_cb (HsDeliveryBody *self)
{
  format (self, self->mode, self->mode == MODE_HEX ? HEX_ALL_LIMIT : 0);
}

static void
hs_delivery_body_dispose (GObject *object)
{
  HsDeliveryBody *self = (HsDeliveryBody *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->delivery);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (hs_delivery_body_parent_class)->dispose (object);
}

static void
hs_delivery_body_class_init (HsDeliveryBodyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_delivery_body_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkToggleButton *
add_mode_button (HsDeliveryBody  *self,
                 GtkWidget       *linked,
                 const char      *label,
                 GtkToggleButton *group)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  g_signal_connect_object (button, "toggled", G_CALLBACK (mode_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (linked), button);

  return GTK_TOGGLE_BUTTON (button);
}

static void
hs_delivery_body_init (HsDeliveryBody *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_add_css_class (linked, "linked");
  gtk_widget_add_css_class (bar, "toolbar");
  self->pretty_button = add_mode_button (self, linked, _("Pretty"), NULL);
  self->raw_button = add_mode_button (self, linked, _("Raw"), self->pretty_button);
  self->hex_button = add_mode_button (self, linked, _("Hex"), self->pretty_button);
  self->fields_button = add_mode_button (self, linked, _("Fields"), self->pretty_button);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_button), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pretty_button), _("Indented JSON"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->raw_button), _("The text as sent, decoded from its Content-Encoding"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hex_button), _("The bytes in hexadecimal"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fields_button),
                               _("A form's fields, or a multipart body's parts"));
  self->info_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->info_label), TRUE);
  gtk_label_set_xalign (self->info_label, 1);

  gtk_widget_add_css_class (GTK_WIDGET (self->info_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->info_label), "numeric");
  gtk_box_append (GTK_BOX (bar), linked);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->info_label));
  gtk_box_append (GTK_BOX (self->box), bar);

  /* "gzip, 708 bytes → 2,006 bytes": a line of its own, which a narrow view wraps. */
  self->encoding_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->encoding_label, 0);
  gtk_label_set_wrap (self->encoding_label, TRUE);
  gtk_label_set_wrap_mode (self->encoding_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->encoding_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->encoding_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->encoding_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->encoding_label), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->encoding_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->encoding_label), "numeric");
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->encoding_label));

  self->buffer = gtk_source_buffer_new (NULL);
  self->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  g_object_unref (self->buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Body"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);

  /* Shown when only the first part of a large body is in the view. */
  self->more_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->more_bar, "toolbar");
  gtk_widget_add_css_class (self->more_bar, "more-bar");
  self->more_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->more_label, 0);
  gtk_label_set_wrap (self->more_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->more_label), TRUE);
  self->show_all = gtk_button_new_with_mnemonic (_("Show _All"));
  g_signal_connect_object (self->show_all, "clicked", G_CALLBACK (show_all_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->more_bar), GTK_WIDGET (self->more_label));
  gtk_box_append (GTK_BOX (self->more_bar), self->show_all);
  gtk_widget_set_visible (self->more_bar, FALSE);

  gtk_box_append (GTK_BOX (text_box), scrolled);
  gtk_box_append (GTK_BOX (text_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (text_box), self->more_bar);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "text-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Body"));
  gtk_widget_add_css_class (empty, "compact-status");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, text_box, "text");
  gtk_stack_add_named (self->stack, empty, "empty");
  self->fields = HS_DELIVERY_FIELDS (hs_delivery_fields_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->fields), "fields");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));
}
