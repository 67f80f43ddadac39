/* hs-delivery-row.c: one delivery in the list: method, path, time; event, status, notes, size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time is relative ("2 min ago"), the exact time in its tooltip and accessible
 * description. One timer for every row, once a minute, rewrites only the time label of the
 * rows that exist (a list view keeps a screenful of them), never rebinding a row.
 */

#define G_LOG_DOMAIN "hs-delivery-row"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-delivery-list.h"
#include "hs-delivery-row.h"
#include "hs-ui-util.h"

#define TICK_SECONDS 60

struct _HsDeliveryRow
{
  GtkWidget  parent_instance;

  GtkWidget *grid;
  GtkLabel  *method;
  GtkLabel  *path;
  GtkLabel  *time;
  GtkLabel  *event;
  GtkLabel  *status;
  GtkLabel  *notes;
  GtkLabel  *size;

  gint64     received_at;  /* 0: none */
  HsDelivery *delivery;    /* shown; a placeholder is filled in place */
  gboolean   skeleton;
};

G_DEFINE_FINAL_TYPE (HsDeliveryRow, hs_delivery_row, GTK_TYPE_WIDGET)

/* The rows alive, for the minute timer (the main thread's only). */
static GList *rows;
static guint tick_source;

/**
 * hs_delivery_format_relative:
 * @received_at: µs since the epoch
 * @now: µs since the epoch
 *
 * Returns: "Just now", "2 min ago", "3 h ago" (within a day), else the local date and time
 */
char *
hs_delivery_format_relative (gint64 received_at,
                             gint64 now)
{
  gint64 age_s = (now - received_at) / G_USEC_PER_SEC;

  if (age_s < 60)
    return g_strdup (_("Just now"));
  if (age_s < 3600)
    {
      guint minutes = age_s / 60;

      /* Translators: a delivery's age in the list, abbreviated */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min ago", "%u min ago", minutes),
                              minutes);
    }
  if (age_s < 24 * 3600)
    {
      guint hours = age_s / 3600;

      /* Translators: a delivery's age in the list, abbreviated */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u h ago", "%u h ago", hours), hours);
    }
  return hs_ui_format_time_us (received_at, "%d %b %H:%M");
}

static void
update_time (HsDeliveryRow *self,
             gint64         now)
{
  g_autofree char *time = NULL;

  if (self->received_at != 0)
    time = hs_delivery_format_relative (self->received_at, now);
  gtk_label_set_text (self->time, time ? time : "");
}

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_real_time ();

  for (GList *l = rows; l != NULL; l = l->next)
    update_time (l->data, now);
  return G_SOURCE_CONTINUE;
}

/**
 * hs_delivery_describe_notes:
 *
 * Returns: what a developer must notice about a delivery, in words ("Wrong API key, Duplicate"),
 *   or an empty string
 */
char *
hs_delivery_describe_notes (HsDelivery *delivery)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  HsDeliveryFlags flags = hs_delivery_get_flags (delivery);

  if (hs_delivery_get_method (delivery) == NULL)
    return g_strdup (_("Deleted"));

  switch (hs_delivery_get_auth_verdict (delivery))
    {
    case HS_AUTH_MISSING:
      g_ptr_array_add (notes, _("No API key"));
      break;
    case HS_AUTH_WRONG:
      g_ptr_array_add (notes, _("Wrong API key"));
      break;
    case HS_AUTH_OK:
    case HS_AUTH_NOT_REQUIRED:
    default:
      break;
    }

  switch (hs_delivery_get_parse_verdict (delivery))
    {
    case HS_PARSE_NOT_JSON:
      g_ptr_array_add (notes, _("Not JSON"));
      break;
    case HS_PARSE_UNKNOWN_EVENT:
      g_ptr_array_add (notes, _("Unknown event"));
      break;
    case HS_PARSE_INVALID_SHAPE:
      g_ptr_array_add (notes, _("Invalid shape"));
      break;
    case HS_PARSE_OK:
    default:
      break;
    }

  if (flags & HS_DELIVERY_FLAG_TRUNCATED)
    g_ptr_array_add (notes, _("Truncated"));
  if (flags & HS_DELIVERY_FLAG_DUPLICATE)
    g_ptr_array_add (notes, _("Duplicate"));
  if (flags & HS_DELIVERY_FLAG_OUT_OF_ORDER)
    g_ptr_array_add (notes, _("Out of order"));

  g_ptr_array_add (notes, NULL);
  /* Translators: separates notes such as "Wrong API key, Duplicate" */
  return g_strjoinv (_(", "), (char **)notes->pdata);
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  /* Payload text is data: plain text, never markup. */
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

/* A row being read: grey bars where the method and path go, in the same labels, so the row
 * keeps its height and nothing moves when the real row replaces it. (Not an accessible name
 * of its own: GTK 4.8 does not tell AT-SPI when a name set on a recycled row is reset.) */
static void
set_skeleton (HsDeliveryRow *self,
              gboolean       skeleton)
{
  GtkWidget *bars[] = { GTK_WIDGET (self->method), GTK_WIDGET (self->path) };

  self->skeleton = skeleton;
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      if (skeleton)
        gtk_widget_add_css_class (bars[i], "skeleton");
      else
        gtk_widget_remove_css_class (bars[i], "skeleton");
    }
  if (!skeleton)
    return;

  /* Figure spaces: blank, but as wide as digits. */
#define BLANK "\u2007\u2007\u2007\u2007"
  set_text (self->method, BLANK);
  set_text (self->path, BLANK BLANK BLANK BLANK BLANK);
#undef BLANK
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->path), NULL);
  self->received_at = 0;
  update_time (self, 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "", -1);
  set_text (self->event, NULL);
  set_text (self->status, NULL);
  set_text (self->notes, NULL);
  gtk_label_set_text (self->size, "");
}

void
hs_delivery_row_set_delivery (HsDeliveryRow *self,
                              HsDelivery    *delivery)
{
  g_autofree char *path = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *status = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *size = NULL;
  const char *query;
  gint64 received_at;

  g_return_if_fail (HS_IS_DELIVERY_ROW (self));
  g_return_if_fail (HS_IS_DELIVERY (delivery));

  g_set_object (&self->delivery, delivery);
  set_skeleton (self, hs_delivery_list_is_placeholder (delivery));
  if (hs_delivery_list_is_placeholder (delivery))
    return;

  query = hs_delivery_get_query (delivery);
  if (hs_delivery_get_path (delivery) != NULL)
    path = query && query[0] ? g_strconcat (hs_delivery_get_path (delivery), "?", query, NULL)
                             : g_strdup (hs_delivery_get_path (delivery));

  /* Relative, updated by the minute timer; exact in the tooltip and for screen readers. */
  received_at = hs_delivery_get_method (delivery) != NULL ? hs_delivery_get_received_at (delivery)
                                                          : 0;
  exact = received_at ? hs_ui_format_time_us (received_at, "%A %-d %B %Y, %H:%M:%S") : NULL;

  if (hs_delivery_get_response_status (delivery) != 0)
    status = g_strdup_printf ("%u", hs_delivery_get_response_status (delivery));
  notes = hs_delivery_describe_notes (delivery);
  if (hs_delivery_get_method (delivery) != NULL)
    size = g_format_size (hs_delivery_get_body_size (delivery));

  set_text (self->method, hs_delivery_get_method (delivery));
  set_text (self->path, path);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->path), path);
  self->received_at = received_at;
  update_time (self, g_get_real_time ());
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time), exact);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, exact ? exact : "", -1);
  set_text (self->event, hs_delivery_get_event_name (delivery));
  set_text (self->status, status);
  set_text (self->notes, notes);
  gtk_label_set_text (self->size, size ? size : "");

  if (hs_delivery_get_response_status (delivery) >= 400)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static GtkLabel *
add_label (HsDeliveryRow *self,
           int            column,
           int            row,
           const char    *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (style != NULL)
    {
      g_auto(GStrv) classes = g_strsplit (style, " ", -1);

      for (guint i = 0; classes[i] != NULL; i++)
        gtk_widget_add_css_class (label, classes[i]);
    }
  gtk_grid_attach (GTK_GRID (self->grid), label, column, row, 1, 1);

  return GTK_LABEL (label);
}

static void
hs_delivery_row_dispose (GObject *object)
{
  HsDeliveryRow *self = (HsDeliveryRow *)object;

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_object (&self->delivery);
  if (g_list_find (rows, self) != NULL)
    {
      rows = g_list_remove (rows, self);
      if (rows == NULL)
        g_clear_handle_id (&tick_source, g_source_remove);
    }

  G_OBJECT_CLASS (hs_delivery_row_parent_class)->dispose (object);
}

static void
hs_delivery_row_class_init (HsDeliveryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_delivery_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "deliveryrow");
}

static void
hs_delivery_row_init (HsDeliveryRow *self)
{
  GtkWidget *line2;

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  self->method = add_label (self, 0, 0, "monospace caption-heading");
  self->path = add_label (self, 1, 0, "monospace");
  gtk_label_set_ellipsize (self->path, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->path), TRUE);
  self->time = add_label (self, 2, 0, "dim-label numeric caption");
  gtk_label_set_xalign (self->time, 1);

  /* The second line: event badge, status, notes; the size at the end. */
  line2 = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_grid_attach (GTK_GRID (self->grid), line2, 0, 1, 2, 1);
  self->size = add_label (self, 2, 1, "dim-label numeric caption");
  gtk_label_set_xalign (self->size, 1);

  self->event = GTK_LABEL (gtk_label_new (NULL));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  self->notes = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->event, PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (self->notes, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->event), "event-badge");
  gtk_widget_add_css_class (GTK_WIDGET (self->event), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "caption-heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->notes), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->notes), "warning");
  gtk_box_append (GTK_BOX (line2), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (line2), GTK_WIDGET (self->event));
  gtk_box_append (GTK_BOX (line2), GTK_WIDGET (self->notes));

  rows = g_list_prepend (rows, self);
  if (tick_source == 0)
    {
      tick_source = g_timeout_add_seconds (TICK_SECONDS, tick_cb, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, tick_source),
                                "[hookscope] delivery ages");
    }
}

/**
 * hs_delivery_row_refresh_read:
 *
 * The rows showing a placeholder that was filled in place since (HsDeliveryList::rows-read)
 * show their delivery; the others are left alone (no rebinding of the list).
 */
void
hs_delivery_row_refresh_read (void)
{
  for (GList *l = rows; l != NULL; l = l->next)
    {
      HsDeliveryRow *row = l->data;

      if (row->skeleton && row->delivery != NULL &&
          !hs_delivery_list_is_placeholder (row->delivery))
        {
          g_autoptr(HsDelivery) delivery = g_object_ref (row->delivery);

          hs_delivery_row_set_delivery (row, delivery);
        }
    }
}

GtkWidget *
hs_delivery_row_new (void)
{
  return g_object_new (HS_TYPE_DELIVERY_ROW, NULL);
}
