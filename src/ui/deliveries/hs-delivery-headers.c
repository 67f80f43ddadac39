/* hs-delivery-headers.c: a delivery's headers as a table, in received order, duplicates kept;
 * secrets masked until revealed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-delivery-headers"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "hs-delivery-headers.h"
#include "hs-secret-mask.h"

#define MASK "••••••••"

struct _HsDeliveryHeaders
{
  GtkWidget   parent_instance;

  GtkWidget  *scrolled;
  GtkListBox *list;
  GtkLabel   *count;
};

G_DEFINE_FINAL_TYPE (HsDeliveryHeaders, hs_delivery_headers, GTK_TYPE_WIDGET)

/* Headers whose value is a credential: shown masked, so that a screenshot or a screen share
 * of the inspector does not give the key away. */
gboolean
hs_delivery_header_is_secret (const char *name)
{
  return hs_secret_header_is_secret (name);
}

static void
reveal_toggled_cb (GtkToggleButton *button,
                   GtkLabel        *value_label)
{
  const char *value = g_object_get_data (G_OBJECT (value_label), "hs-secret");
  gboolean revealed = gtk_toggle_button_get_active (button);

  gtk_label_set_text (value_label, revealed ? value : MASK);
  gtk_label_set_selectable (value_label, revealed);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               revealed ? _("Hide Value") : _("Reveal Value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  revealed ? _("Hide Value") : _("Reveal Value"),
                                  -1);
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
}

static GtkWidget *
create_row (const char *name,
            const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *value_label = gtk_label_new (NULL);
  g_autofree char *accessible = NULL;

  /* Payload text is data: plain text, never markup. */
  gtk_label_set_use_markup (GTK_LABEL (name_label), FALSE);
  gtk_label_set_use_markup (GTK_LABEL (value_label), FALSE);
  gtk_widget_add_css_class (box, "header-row");

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_set_valign (name_label, GTK_ALIGN_CENTER);
  gtk_label_set_selectable (GTK_LABEL (name_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (name_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name_label), PANGO_WRAP_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (name_label), 14);
  gtk_label_set_max_width_chars (GTK_LABEL (name_label), 22);
  gtk_widget_add_css_class (name_label, "monospace");
  gtk_widget_add_css_class (name_label, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_CHAR);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_set_valign (value_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (value_label, "monospace");

  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), value_label);

  if (hs_delivery_header_is_secret (name))
    {
      GtkWidget *reveal = gtk_toggle_button_new ();

      g_object_set_data_full (G_OBJECT (value_label), "hs-secret", g_strdup (value), g_free);
      gtk_label_set_text (GTK_LABEL (value_label), MASK);
      gtk_widget_set_valign (reveal, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (reveal, "flat");
      gtk_widget_add_css_class (reveal, "circular");
      g_signal_connect (reveal, "toggled", G_CALLBACK (reveal_toggled_cb), value_label);
      reveal_toggled_cb (GTK_TOGGLE_BUTTON (reveal), GTK_LABEL (value_label));
      gtk_box_append (GTK_BOX (box), reveal);
      accessible = g_strdup_printf ("%s: %s", name, MASK);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (value_label), value);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      accessible = g_strdup_printf ("%s: %s", name, value);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

void
hs_delivery_headers_set_delivery (HsDeliveryHeaders *self,
                                  HsDelivery        *delivery)
{
  GtkWidget *child;
  guint n;
  g_autofree char *count = NULL;

  g_return_if_fail (HS_IS_DELIVERY_HEADERS (self));
  g_return_if_fail (!delivery || HS_IS_DELIVERY (delivery));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  n = delivery ? hs_delivery_get_n_headers (delivery) : 0;
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list,
                         create_row (hs_delivery_get_header_name (delivery, i),
                                     hs_delivery_get_header_value (delivery, i)));

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u header, in the order received",
                                        "%u headers, in the order received", n), n);
  gtk_label_set_text (self->count, count);
}

static void
hs_delivery_headers_dispose (GObject *object)
{
  HsDeliveryHeaders *self = (HsDeliveryHeaders *)object;

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (hs_delivery_headers_parent_class)->dispose (object);
}

static void
hs_delivery_headers_class_init (HsDeliveryHeadersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_delivery_headers_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_delivery_headers_init (HsDeliveryHeaders *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *clamp = adw_clamp_new ();

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->count = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "dim-label");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Headers"),
                                  -1);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  gtk_widget_add_css_class (box, "detail-content");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
}
