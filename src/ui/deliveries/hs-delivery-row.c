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
/* The exact time of a delivery, in its row's tooltip and accessible description. */
#define EXACT_FORMAT "%A %-d %B %Y, %H:%M:%S"

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

/* A row being read: grey bars where the method and path go, drawn by the row itself while its
 * labels are not shown (hs_delivery_row_snapshot ()). Binding one touches no label: no text
 * shaped, no style recomputed, no size queued. A scrollbar dragged over a million rows binds
 * hundreds of them a frame, and setting the labels of each (figure spaces, a style class) cost
 * 0.4 ms a row, twice a real row's bind. The labels keep the previous row's text meanwhile, so
 * the row keeps its height (the size label always holds a line), and nothing moves when the
 * real row replaces it. */
static void
set_skeleton (HsDeliveryRow *self,
              gboolean       skeleton)
{
  if (self->skeleton == skeleton)
    return;

  self->skeleton = skeleton;
  gtk_widget_set_child_visible (self->grid, !skeleton);
  /* Hidden from assistive technologies too (GTK 4.8 presents a widget that is not child
   * visible): a row being read says nothing rather than the path of the row it was before. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_STATE_HIDDEN, skeleton,
                               -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The path and its query, as the request line has them. */
static char *
request_target (HsDelivery *delivery)
{
  const char *query = hs_delivery_get_query (delivery);

  if (hs_delivery_get_path (delivery) == NULL)
    return NULL;
  return query && query[0] ? g_strconcat (hs_delivery_get_path (delivery), "?", query, NULL)
                           : g_strdup (hs_delivery_get_path (delivery));
}

/* Tooltips are asked for when shown, not set on each bind: in GTK 4.8 setting one costs far more
 * than a label's text. Two set on each row were 95 % of its bind (0.2 ms of 0.21, measured):
 * the rows filled after a scrollbar jump took 20 ms a page, outside the frames, and halved
 * the frame rate. */
static gboolean
path_tooltip_cb (GtkWidget     *label,
                 int            x,
                 int            y,
                 gboolean       keyboard,
                 GtkTooltip    *tooltip,
                 HsDeliveryRow *self)
{
  g_autofree char *path = NULL;

  if (self->skeleton || self->delivery == NULL ||
      (path = request_target (self->delivery)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, path);
  return TRUE;
}

static gboolean
time_tooltip_cb (GtkWidget     *label,
                 int            x,
                 int            y,
                 gboolean       keyboard,
                 GtkTooltip    *tooltip,
                 HsDeliveryRow *self)
{
  g_autofree char *exact = NULL;

  if (self->skeleton || self->received_at == 0)
    return FALSE;
  exact = hs_ui_format_time_us (self->received_at, EXACT_FORMAT);
  gtk_tooltip_set_text (tooltip, exact);
  return TRUE;
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
  gint64 received_at;

  g_return_if_fail (HS_IS_DELIVERY_ROW (self));
  g_return_if_fail (HS_IS_DELIVERY (delivery));

  g_set_object (&self->delivery, delivery);
  set_skeleton (self, hs_delivery_list_is_placeholder (delivery));
  if (hs_delivery_list_is_placeholder (delivery))
    return;

  path = request_target (delivery);

  /* Relative, updated by the minute timer; exact in the tooltip and for screen readers. */
  received_at = hs_delivery_get_method (delivery) != NULL ? hs_delivery_get_received_at (delivery)
                                                          : 0;
  exact = received_at ? hs_ui_format_time_us (received_at, EXACT_FORMAT) : NULL;

  if (hs_delivery_get_response_status (delivery) != 0)
    status = g_strdup_printf ("%u", hs_delivery_get_response_status (delivery));
  notes = hs_delivery_describe_notes (delivery);
  if (hs_delivery_get_method (delivery) != NULL)
    size = g_format_size (hs_delivery_get_body_size (delivery));

  set_text (self->method, hs_delivery_get_method (delivery));
  set_text (self->path, path);
  self->received_at = received_at;
  update_time (self, g_get_real_time ());
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

/* The grid is measured and allocated while it is hidden too (a skeleton): the row keeps the
 * height of a real one. */
static void
hs_delivery_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  HsDeliveryRow *self = HS_DELIVERY_ROW (widget);

  gtk_widget_measure (self->grid, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
hs_delivery_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  HsDeliveryRow *self = HS_DELIVERY_ROW (widget);

  gtk_widget_allocate (self->grid, width, height, -1, NULL);
}

static void
append_bar (GtkSnapshot   *snapshot,
            float          x,
            float          y,
            float          width,
            float          height,
            const GdkRGBA *color)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x, y, MAX (width, 0), height);
  GskRoundedRect bar;

  gsk_rounded_rect_init_from_rect (&bar, &bounds, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &bar);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static void
hs_delivery_row_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  HsDeliveryRow *self = HS_DELIVERY_ROW (widget);
  graphene_rect_t grid, line;
  GdkRGBA color;
  float method;

  if (!self->skeleton)
    {
      gtk_widget_snapshot_child (widget, self->grid, snapshot);
      return;
    }

  /* Where the first line's text goes (the labels hold another row's text, or none: only their
   * line is used), and the text's colour, faint (as "alpha(currentColor, 0.08)" in CSS). */
  if (!gtk_widget_compute_bounds (self->grid, widget, &grid) ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self->time), widget, &line) || line.size.height <= 0)
    return;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif
  color.alpha *= 0.08f;
  /* A method's bar about as wide as "POST", then a path's over half the row. */
  method = 2.5f * line.size.height;
  append_bar (snapshot, grid.origin.x, line.origin.y, method, line.size.height, &color);
  append_bar (snapshot, grid.origin.x + method + 8, line.origin.y,
              MIN (0.55f * grid.size.width, grid.size.width - method - 8 - 4 * line.size.height),
              line.size.height, &color);
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

  widget_class->measure = hs_delivery_row_measure;
  widget_class->size_allocate = hs_delivery_row_size_allocate;
  widget_class->snapshot = hs_delivery_row_snapshot;
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
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->path), TRUE);
  g_signal_connect (self->path, "query-tooltip", G_CALLBACK (path_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->time), TRUE);
  g_signal_connect (self->time, "query-tooltip", G_CALLBACK (time_tooltip_cb), self);

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
  hs_ui_start_timer (&tick_source, TICK_SECONDS, tick_cb, NULL,
                     "[hookscope] delivery ages");
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
