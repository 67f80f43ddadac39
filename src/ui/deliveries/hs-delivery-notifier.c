/* hs-delivery-notifier.c: desktop notifications for deliveries that come while no window of
 * Hookscope has the focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One notification ("new-delivery"), replaced rather than repeated: a flood of a thousand
 * requests is one "1000 New Deliveries", sent at most every few seconds, counting what came
 * since a window last had the focus. Clicking it opens the newest of them
 * (app.show-delivery, int64 id). The "notifications" setting turns it off.
 */

#define G_LOG_DOMAIN "hs-delivery-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "hs-delivery-notifier.h"
#include "hs-ui-util.h"

#define NOTIFICATION_ID "new-delivery"
/* Lets a burst gather before the first notification, then at most one every few seconds. */
#define GATHER_MS   300
#define INTERVAL_MS 5000

struct _HsDeliveryNotifier
{
  GObject         parent_instance;

  GtkApplication *application;  /* unowned: it owns us */
  HsStore        *store;
  GSettings      *settings;
  GCancellable   *cancellable;
  HsUiThrottle    throttle;

  guint64         unseen;
  gint64          newest;
  gboolean        shown;
};

G_DEFINE_FINAL_TYPE (HsDeliveryNotifier, hs_delivery_notifier, G_TYPE_OBJECT)

static gboolean
focused (HsDeliveryNotifier *self)
{
  GtkWindow *window = gtk_application_get_active_window (self->application);

  return window != NULL && gtk_window_is_active (window);
}

static void
newest_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HsDeliveryNotifier) self = user_data;
  g_autoptr(HsDelivery) delivery = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *event_name;

  delivery = hs_store_get_delivery_finish (HS_STORE (object), result, &error);
  if (delivery == NULL || self->unseen == 0 || focused (self))
    return;

  /* Notification bodies are plain text: payload text stays data. */
  event_name = hs_delivery_get_event_name (delivery);
  body = g_strdup_printf ("%s %s%s%s", hs_delivery_get_method (delivery),
                          hs_delivery_get_path (delivery), event_name ? " · " : "",
                          event_name ? event_name : "");
  if (self->unseen == 1)
    title = g_strdup (_("New Delivery"));
  else
    /* PRIu64, not G_GUINT64_FORMAT: xgettext keeps <PRIu64> in the msgid, whole. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " New Delivery",
                                          "%" PRIu64 " New Deliveries", self->unseen),
                             (uint64_t) self->unseen);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target_value (notification, "app.show-delivery",
                                                      g_variant_new_int64 (self->newest));
  g_application_send_notification (G_APPLICATION (self->application), NOTIFICATION_ID,
                                   notification);
  self->shown = TRUE;
}

static gboolean
notify_cb (gpointer data)
{
  HsDeliveryNotifier *self = data;

  if (self->unseen == 0 || focused (self))
    return G_SOURCE_REMOVE;

  hs_store_get_delivery_async (self->store, self->newest, self->cancellable, newest_read_cb,
                               g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
deliveries_added_cb (HsDeliveryNotifier *self,
                     gint64              first_id,
                     gint64              last_id)
{
  if (focused (self))
    {
      hs_delivery_notifier_seen (self);
      return;
    }
  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;

  self->unseen += last_id - first_id + 1;
  self->newest = MAX (self->newest, last_id);
  hs_ui_throttle (&self->throttle, GATHER_MS, INTERVAL_MS, notify_cb, self);
}

static void
window_active_cb (HsDeliveryNotifier *self,
                  GParamSpec         *pspec,
                  GtkWindow          *window)
{
  if (gtk_window_is_active (window))
    hs_delivery_notifier_seen (self);
}

static void
window_added_cb (HsDeliveryNotifier *self,
                 GtkWindow          *window)
{
  g_signal_connect_object (window, "notify::is-active", G_CALLBACK (window_active_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
hs_delivery_notifier_dispose (GObject *object)
{
  HsDeliveryNotifier *self = (HsDeliveryNotifier *)object;

  g_cancellable_cancel (self->cancellable);
  hs_ui_throttle_clear (&self->throttle);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hs_delivery_notifier_parent_class)->dispose (object);
}

static void
hs_delivery_notifier_class_init (HsDeliveryNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hs_delivery_notifier_dispose;
}

static void
hs_delivery_notifier_init (HsDeliveryNotifier *self)
{
  self->cancellable = g_cancellable_new ();
}

HsDeliveryNotifier *
hs_delivery_notifier_new (GtkApplication *application,
                          HsStore        *store,
                          GSettings      *settings)
{
  HsDeliveryNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (HS_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_DELIVERY_NOTIFIER, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);

  g_signal_connect_object (store, "deliveries-added", G_CALLBACK (deliveries_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "window-added", G_CALLBACK (window_added_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/* A window has the focus, or a notification was clicked: nothing is unseen any more. */
void
hs_delivery_notifier_seen (HsDeliveryNotifier *self)
{
  g_return_if_fail (HS_IS_DELIVERY_NOTIFIER (self));

  self->unseen = 0;
  hs_ui_throttle_clear (&self->throttle);
  if (self->shown)
    g_application_withdraw_notification (G_APPLICATION (self->application), NOTIFICATION_ID);
  self->shown = FALSE;
}
