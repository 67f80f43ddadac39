/* hs-capture-banner.c: what is wrong with capture, under the content's header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AdwBanner came with libadwaita 1.3; this is its look at 1.2: a revealer with a line of text
 * and at most one button, tinted by how grave it is. It follows HsCapture:state, so a full
 * disk that refuses a thousand deliveries is said once, and goes away when writes work again.
 */

#define G_LOG_DOMAIN "hs-capture-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-capture-banner.h"

struct _HsCaptureBanner
{
  GtkWidget    parent_instance;

  HsCapture   *capture;
  GtkRevealer *revealer;
  GtkWidget   *box;
  GtkImage    *icon;
  GtkLabel    *label;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (HsCaptureBanner, hs_capture_banner, GTK_TYPE_WIDGET)

static void
update (HsCaptureBanner *self)
{
  HsCaptureState state = self->capture ? hs_capture_get_state (self->capture)
                                       : HS_CAPTURE_STATE_OK;
  const char *message = self->capture ? hs_capture_get_state_message (self->capture) : NULL;
  gboolean grave = state >= HS_CAPTURE_STATE_WRITE_FAILED;
  /* The preferences mend a busy port and an exposed listener; the others mend themselves or
   * need a restart. */
  gboolean preferences = state == HS_CAPTURE_STATE_NOT_LISTENING ||
                         state == HS_CAPTURE_STATE_EXPOSED;

  if (state != HS_CAPTURE_STATE_OK && message != NULL)
    {
      /* Plain text: the message may carry a path or an address. */
      gtk_label_set_text (self->label, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
    }
  if (grave)
    {
      gtk_widget_add_css_class (self->box, "grave");
      gtk_widget_remove_css_class (self->box, "notice");
    }
  else
    {
      gtk_widget_add_css_class (self->box, "notice");
      gtk_widget_remove_css_class (self->box, "grave");
    }
  gtk_image_set_from_icon_name (self->icon, state == HS_CAPTURE_STATE_EXPOSED
                                              ? "security-low-symbolic"
                                              : "dialog-warning-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->button), preferences);
  gtk_button_set_label (self->button, _("_Preferences"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button),
                                  preferences ? "app.preferences" : NULL);
  gtk_revealer_set_reveal_child (self->revealer, state != HS_CAPTURE_STATE_OK);
}

static void
hs_capture_banner_dispose (GObject *object)
{
  HsCaptureBanner *self = (HsCaptureBanner *)object;

  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_clear_object (&self->capture);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_CAPTURE_BANNER);

  G_OBJECT_CLASS (hs_capture_banner_parent_class)->dispose (object);
}

static void
hs_capture_banner_class_init (HsCaptureBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_capture_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-capture-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBanner, box);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBanner, label);
  gtk_widget_class_bind_template_child (widget_class, HsCaptureBanner, button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "capturebanner");
}

static void
hs_capture_banner_init (HsCaptureBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Follows @capture's state (NULL: nothing to say). */
void
hs_capture_banner_set_capture (HsCaptureBanner *self,
                               HsCapture       *capture)
{
  g_return_if_fail (HS_IS_CAPTURE_BANNER (self));
  g_return_if_fail (capture == NULL || HS_IS_CAPTURE (capture));

  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_set_object (&self->capture, capture);
  if (capture != NULL)
    {
      g_signal_connect_object (capture, "notify::state", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (capture, "notify::state-message", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}
