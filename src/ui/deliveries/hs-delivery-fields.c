/* hs-delivery-fields.c: a form body field by field, or a multipart body part by part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entries are built off the main loop (hs_delivery_fields_build() touches no widget): a
 * JSON value is indented as the body view indents JSON, bytes that are not text are a hex
 * dump. Values are set as plain text, never markup. A body of thousands of fields shows the
 * first MAX_ENTRIES, and each value its first VALUE_LIMIT bytes: a label laying out megabytes
 * would freeze the window (Save Body… keeps everything).
 */

#define G_LOG_DOMAIN "hs-delivery-fields"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-body-text.h"
#include "hs-delivery-fields.h"

#define MAX_ENTRIES 500
#define VALUE_LIMIT (64 * 1024)

struct _HsDeliveryFields
{
  GtkWidget   parent_instance;

  GtkWidget  *scrolled;
  GtkLabel   *heading;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (HsDeliveryFields, hs_delivery_fields, GTK_TYPE_WIDGET)

void
hs_body_entry_free (gpointer data)
{
  HsBodyEntry *entry = data;

  g_free (entry->title);
  g_free (entry->meta);
  g_free (entry->text);
  g_free (entry);
}

/* The value as text to read, cut at VALUE_LIMIT; @kind says what it is. */
static char *
value_text (GBytes      *value,
            const char **kind)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (value, &size);
  g_autofree char *text = NULL;
  gsize cut;

  if (size == 0)
    {
      *kind = NULL;
      return g_strdup ("");
    }
  if (!hs_body_text_is_text (data, size))
    {
      *kind = _("Binary");
      text = hs_body_text_hex ((const guint8 *)data, MIN (size, VALUE_LIMIT / 78 * 16));
      if (size > VALUE_LIMIT / 78 * 16)
        return g_strconcat (text, "…", NULL);
      return g_steal_pointer (&text);
    }

  if ((text = hs_body_text_pretty_json (data, size)) != NULL)
    *kind = "JSON";
  else
    {
      *kind = NULL;
      text = g_strndup (data, size);
    }

  if (strlen (text) <= VALUE_LIMIT)
    return g_steal_pointer (&text);
  cut = g_utf8_find_prev_char (text, text + VALUE_LIMIT + 1) - text;
  text[cut] = '\0';
  return g_strconcat (text, "…", NULL);
}

static char *
entry_meta (const char *kind,
            gsize       size)
{
  g_autofree char *bytes = hs_body_codec_format_bytes (size);

  if (kind == NULL)
    return g_steal_pointer (&bytes);
  /* Translators: "JSON, 2,006 bytes" */
  return g_strdup_printf (_("%s, %s"), kind, bytes);
}

static GPtrArray *
build_form (GBytes  *decoded,
            char   **heading)
{
  g_autoptr(GPtrArray) fields = hs_body_form_parse (decoded);
  GPtrArray *entries = g_ptr_array_new_with_free_func (hs_body_entry_free);

  *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Form, %u field", "Form, %u fields",
                                           fields->len), fields->len);
  for (guint i = 0; i < fields->len && i < MAX_ENTRIES; i++)
    {
      HsFormField *field = g_ptr_array_index (fields, i);
      HsBodyEntry *entry = g_new0 (HsBodyEntry, 1);
      const char *kind = NULL;

      entry->title = g_strdup (field->name);
      entry->text = value_text (field->value, &kind);
      entry->wide = kind != NULL;
      entry->meta = entry_meta (kind, g_bytes_get_size (field->value));
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

static GPtrArray *
build_parts (GPtrArray  *parts,
             char      **heading)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (hs_body_entry_free);

  *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Multipart, %u part",
                                           "Multipart, %u parts", parts->len), parts->len);
  for (guint i = 0; i < parts->len && i < MAX_ENTRIES; i++)
    {
      HsBodyPart *part = g_ptr_array_index (parts, i);
      HsBodyEntry *entry = g_new0 (HsBodyEntry, 1);
      g_autofree char *size = NULL;
      GString *meta = g_string_new (NULL);
      const char *kind = NULL;

      entry->title = g_strdup_printf (_("Part %u"), i + 1);
      entry->text = value_text (part->body, &kind);
      entry->wide = kind != NULL;
      for (guint h = 0; h + 1 < part->headers->len; h += 2)
        g_string_append_printf (meta, "%s: %s\n", (char *)g_ptr_array_index (part->headers, h),
                                (char *)g_ptr_array_index (part->headers, h + 1));
      size = entry_meta (kind, g_bytes_get_size (part->body));
      g_string_append (meta, size);
      entry->meta = g_string_free (meta, FALSE);
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

/**
 * hs_delivery_fields_build:
 * @decoded: the body, decoded from its Content-Encoding
 * @heading: (out): "Form, 3 fields", "Multipart, 2 parts"
 *
 * Runs on any thread.
 *
 * Returns: (transfer full) (nullable) (element-type HsBodyEntry): the fields of a form body or
 *   the parts of a multipart one; %NULL for any other body
 */
GPtrArray *
hs_delivery_fields_build (GBytes      *decoded,
                          const char  *content_type,
                          char       **heading)
{
  g_autoptr(GPtrArray) parts = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (decoded, &size);

  *heading = NULL;
  if (hs_content_type_is_form (content_type) && size > 0 && hs_body_text_is_text (data, size))
    return build_form (decoded, heading);
  if ((parts = hs_body_multipart_parse (content_type, decoded)) != NULL)
    return build_parts (parts, heading);
  return NULL;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class,
           const char *second_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (second_class != NULL)
    gtk_widget_add_css_class (label, second_class);
  return label;
}

static GtkWidget *
entry_row (HsBodyEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_box_append (GTK_BOX (box), new_label (entry->title, "heading", NULL));
  if (entry->meta != NULL && entry->meta[0] != '\0')
    gtk_box_append (GTK_BOX (box), new_label (entry->meta, "dim-label", "caption"));
  if (entry->wide && entry->text != NULL)
    {
      /* Indented JSON and hex dumps keep their lines: they scroll sideways in their row
       * rather than wrap into a staircase. */
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *label = new_label (entry->text, "monospace", NULL);

      gtk_label_set_wrap (GTK_LABEL (label), FALSE);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                      GTK_POLICY_NEVER);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
      gtk_box_append (GTK_BOX (box), scrolled);
    }
  else if (entry->text != NULL && entry->text[0] != '\0')
    gtk_box_append (GTK_BOX (box), new_label (entry->text, "monospace", NULL));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  entry->title, -1);
  return row;
}

void
hs_delivery_fields_set_entries (HsDeliveryFields *self,
                                const char       *heading,
                                GPtrArray        *entries)
{
  GtkWidget *child;

  g_return_if_fail (HS_IS_DELIVERY_FIELDS (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  gtk_label_set_text (self->heading, heading ? heading : "");
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    gtk_list_box_append (self->list, entry_row (g_ptr_array_index (entries, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), entries != NULL && entries->len > 0);
}

static void
hs_delivery_fields_dispose (GObject *object)
{
  HsDeliveryFields *self = (HsDeliveryFields *)object;

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (hs_delivery_fields_parent_class)->dispose (object);
}

static void
hs_delivery_fields_class_init (HsDeliveryFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_delivery_fields_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_delivery_fields_init (HsDeliveryFields *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);

  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->heading, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->heading));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
}

GtkWidget *
hs_delivery_fields_new (void)
{
  return g_object_new (HS_TYPE_DELIVERY_FIELDS, NULL);
}
