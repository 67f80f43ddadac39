/* hs-delivery-detail.c: one delivery in full: overview, headers, body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The delivery (with its body, up to megabytes) is read on a worker thread through the store;
 * a newer selection cancels the read of the previous one. Every text from the request is set
 * as plain text: rows of this page have use-markup off.
 */

#define G_LOG_DOMAIN "hs-delivery-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-delivery-body.h"
#include "hs-delivery-detail.h"
#include "hs-delivery-headers.h"
#include "hs-delivery-row.h"
#include "hs-delivery-summary.h"
#include "hs-ui-util.h"

struct _HsDeliveryDetail
{
  GtkWidget             parent_instance;

  HsDelivery           *delivery;
  gint64                id;
  GCancellable         *cancellable;
  HsStore              *store;
  char                 *event_id;

  GtkWidget            *box;
  GtkWidget            *back_button;
  GtkWidget            *switcher;
  GtkWidget            *actions;
  GtkWidget            *toolbar;
  GtkWidget            *toolbar_separator;
  GtkToggleButton      *overview_button;
  GtkToggleButton      *headers_button;
  GtkToggleButton      *body_button;
  GtkStack             *state_stack;
  GtkStack             *view_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwPreferencesGroup  *summary_group;
  AdwPreferencesGroup  *event_group;
  AdwActionRow         *event_row;
  AdwActionRow         *changes_row;
  GtkLabel             *summary_label;
  AdwActionRow         *request_row;
  AdwActionRow         *local_time_row;
  AdwActionRow         *utc_time_row;
  AdwActionRow         *peer_row;
  AdwActionRow         *size_row;
  AdwActionRow         *response_row;
  AdwActionRow         *auth_row;
  AdwActionRow         *parse_row;
  AdwActionRow         *flags_row;
  HsDeliveryHeaders    *headers;
  HsDeliveryBody       *body;
};

G_DEFINE_FINAL_TYPE (HsDeliveryDetail, hs_delivery_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DELIVERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_row (AdwActionRow *row,
         const char   *text)
{
  /* The rows' use-markup is off: payload text shows as the same characters. */
  adw_action_row_set_subtitle (row, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL && text[0] != '\0');
}

static char *
format_request_line (HsDelivery *delivery)
{
  const char *query = hs_delivery_get_query (delivery);

  return g_strdup_printf ("%s %s%s%s", hs_delivery_get_method (delivery),
                          hs_delivery_get_path (delivery),
                          query && query[0] ? "?" : "", query && query[0] ? query : "");
}

static char *
format_utc (gint64 unix_us)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
  g_autoptr(GDateTime) utc = g_date_time_add (epoch, unix_us);

  return utc ? g_date_time_format (utc, "%Y-%m-%d %H:%M:%S.%f UTC") : NULL;
}

static const char *
describe_auth (HsAuthVerdict verdict)
{
  switch (verdict)
    {
    case HS_AUTH_OK:
      return _("Accepted");
    case HS_AUTH_MISSING:
      return _("Missing: the request had no x-api-key header");
    case HS_AUTH_WRONG:
      return _("Wrong: the x-api-key did not match");
    case HS_AUTH_NOT_REQUIRED:
    default:
      return _("Not required");
    }
}

static char *
describe_parse (HsDelivery *delivery)
{
  const char *message = hs_delivery_get_parse_message (delivery);
  const char *verdict;

  switch (hs_delivery_get_parse_verdict (delivery))
    {
    case HS_PARSE_OK:
      return g_strdup (_("Understood"));
    case HS_PARSE_NOT_JSON:
      verdict = _("Not JSON");
      break;
    case HS_PARSE_UNKNOWN_EVENT:
      verdict = _("JSON, but not a Backoffice event Hookscope knows");
      break;
    case HS_PARSE_INVALID_SHAPE:
      verdict = _("A known event, but its payload is not shaped as documented");
      break;
    default:
      verdict = _("Unknown");
      break;
    }

  if (message != NULL && message[0] != '\0')
    /* Translators: a verdict, then why ("Not JSON: unexpected end of input") */
    return g_strdup_printf (_("%s: %s"), verdict, message);
  return g_strdup (verdict);
}

static char *
describe_flags (HsDelivery *delivery)
{
  HsDeliveryFlags flags = hs_delivery_get_flags (delivery);
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();

  if (flags & HS_DELIVERY_FLAG_TRUNCATED)
    g_ptr_array_add (notes, (gpointer)_("Truncated: only the first part of the body was kept"));
  if (flags & HS_DELIVERY_FLAG_DUPLICATE)
    g_ptr_array_add (notes, (gpointer)_("Duplicate: the same payload arrived before"));
  if (flags & HS_DELIVERY_FLAG_OUT_OF_ORDER)
    g_ptr_array_add (notes, (gpointer)_("Out of order: newer data about this event arrived "
                                        "first"));
  g_ptr_array_add (notes, NULL);

  return g_strjoinv ("\n", (char **)notes->pdata);
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("—");
  return json_to_string (node, FALSE);
}

/* "schedule.interval: 1 → 2", one line a change. */
static char *
describe_changes (GPtrArray *changes)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      HsEventChange *change = g_ptr_array_index (changes, i);
      g_autofree char *old_text = node_to_text (change->old_value);
      g_autofree char *new_text = node_to_text (change->new_value);

      g_string_append_printf (text, "%s%s: %s → %s", i ? "\n" : "", change->path, old_text,
                              new_text);
    }

  return g_string_free (text, FALSE);
}

static void
versions_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HsDeliveryDetail) self = user_data;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *text = NULL;
  HsEvent *previous = NULL;
  HsEvent *version = NULL;

  versions = hs_store_list_finish (HS_STORE (object), result, NULL);
  if (versions == NULL || self->delivery == NULL)
    return;

  /* This delivery's version, and the one before it (oldest first). */
  for (guint i = 0; i < versions->len; i++)
    {
      HsEvent *event = g_ptr_array_index (versions, i);

      if (hs_event_get_delivery_id (event) == hs_delivery_get_id (self->delivery))
        {
          version = event;
          previous = i > 0 ? g_ptr_array_index (versions, i - 1) : NULL;
          break;
        }
    }
  if (version == NULL || previous == NULL)
    return;

  changes = hs_event_diff (previous, version);
  text = changes->len > 0 ? describe_changes (changes) : g_strdup (_("Nothing"));
  adw_action_row_set_subtitle (self->changes_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), TRUE);
}

static void
show_event (HsDeliveryDetail *self,
            HsDelivery       *delivery,
            const char       *event_id)
{
  g_free (self->event_id);
  self->event_id = g_strdup (event_id);
  gtk_widget_set_visible (GTK_WIDGET (self->event_group), event_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), FALSE);
  adw_action_row_set_subtitle (self->event_row, event_id ? event_id : "");

  if (event_id != NULL && self->store != NULL)
    hs_store_list_event_versions_async (self->store, event_id, self->cancellable, versions_cb,
                                        g_object_ref (self));
}

static void
open_event_cb (HsDeliveryDetail *self)
{
  if (self->event_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-item", "(sv)", "event",
                                g_variant_new_string (self->event_id));
}

static void
show_overview (HsDeliveryDetail *self,
               HsDelivery       *delivery)
{
  g_autofree char *event_id = NULL;
  g_autofree char *summary = hs_delivery_summarize (delivery, &event_id);
  g_autofree char *request = format_request_line (delivery);
  g_autofree char *local = hs_ui_format_time_us (hs_delivery_get_received_at (delivery),
                                                 "%A %-d %B %Y, %H:%M:%S %Z");
  g_autofree char *utc = format_utc (hs_delivery_get_received_at (delivery));
  g_autofree char *human = g_format_size (hs_delivery_get_body_size (delivery));
  g_autofree char *size = NULL;
  g_autofree char *status = NULL;
  g_autofree char *parse = describe_parse (delivery);
  g_autofree char *flags = describe_flags (delivery);
  const char *content_type = hs_delivery_get_content_type (delivery);
  gsize bytes = hs_delivery_get_body_size (delivery);

  gtk_label_set_text (self->summary_label, summary ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), summary != NULL);
  show_event (self, delivery, event_id);

  /* "1.2 kB (1 234 bytes), application/json" */
  size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%zu byte)%s%s",
                                       "%s (%zu bytes)%s%s", bytes),
                          human, bytes, content_type ? ", " : "",
                          content_type ? content_type : "");
  if (hs_delivery_get_response_status (delivery) != 0)
    status = g_strdup_printf ("%u", hs_delivery_get_response_status (delivery));

  set_row (self->request_row, request);
  set_row (self->local_time_row, local);
  set_row (self->utc_time_row, utc);
  set_row (self->peer_row, hs_delivery_get_peer (delivery));
  set_row (self->size_row, size);
  set_row (self->response_row, status);
  set_row (self->auth_row, describe_auth (hs_delivery_get_auth_verdict (delivery)));
  set_row (self->parse_row, parse);
  set_row (self->flags_row, flags);
}

static void
set_delivery (HsDeliveryDetail *self,
              HsDelivery       *delivery)
{
  if (!g_set_object (&self->delivery, delivery))
    return;

  gtk_widget_set_visible (self->switcher, delivery != NULL);
  gtk_widget_set_visible (self->actions, delivery != NULL);
  if (delivery != NULL)
    {
      show_overview (self, delivery);
      hs_delivery_headers_set_delivery (self->headers, delivery);
      hs_delivery_body_set_delivery (self->body, delivery);
      gtk_stack_set_visible_child_name (self->state_stack, "delivery");
    }
  else
    {
      hs_delivery_headers_set_delivery (self->headers, NULL);
      hs_delivery_body_set_delivery (self->body, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY]);
}

static void
get_delivery_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HsDeliveryDetail) self = user_data;
  g_autoptr(HsDelivery) delivery = NULL;
  g_autoptr(GError) error = NULL;

  delivery = hs_store_get_delivery_finish (HS_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  if (delivery == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      /* The description is markup; the message may quote the database. */
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      return;
    }

  set_delivery (self, delivery);
}

/**
 * hs_delivery_detail_show:
 * @store: (nullable): where to read it
 * @id: the delivery to show, or 0 for none
 */
void
hs_delivery_detail_show (HsDeliveryDetail *self,
                         HsStore          *store,
                         gint64            id)
{
  GCancellable *cancellable;

  g_return_if_fail (HS_IS_DELIVERY_DETAIL (self));
  g_return_if_fail (!store || HS_IS_STORE (store));

  if (id == self->id && (id == 0 || self->delivery != NULL))
    return;

  cancellable = hs_ui_supersede (&self->cancellable);
  self->id = id;
  g_set_object (&self->store, store);
  set_delivery (self, NULL);

  /* Nothing selected: the status page alone, without an empty bar above it. */
  gtk_widget_set_visible (self->toolbar, id != 0 && store != NULL);
  gtk_widget_set_visible (self->toolbar_separator, id != 0 && store != NULL);
  if (id == 0 || store == NULL)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "none");
      return;
    }

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->state_stack, "loading");
  hs_store_get_delivery_async (store, id, cancellable, get_delivery_cb, g_object_ref (self));
}

/* Returns: (transfer none) (nullable): the delivery shown, read with its body */
HsDelivery *
hs_delivery_detail_get_delivery (HsDeliveryDetail *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY_DETAIL (self), NULL);

  return self->delivery;
}

gint64
hs_delivery_detail_get_id (HsDeliveryDetail *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY_DETAIL (self), 0);

  return self->id;
}

void
hs_delivery_detail_set_show_back (HsDeliveryDetail *self,
                                  gboolean          show_back)
{
  g_return_if_fail (HS_IS_DELIVERY_DETAIL (self));

  gtk_widget_set_visible (self->back_button, show_back);
}

/* The sections are toggle buttons rather than a GtkStackSwitcher: its buttons took 400 px,
 * more than a narrow window has beside the list. */
static void
section_toggled_cb (HsDeliveryDetail *self,
                    GtkToggleButton  *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->headers_button)
    gtk_stack_set_visible_child_name (self->view_stack, "headers");
  else if (button == self->body_button)
    gtk_stack_set_visible_child_name (self->view_stack, "body");
  else
    gtk_stack_set_visible_child_name (self->view_stack, "overview");
}

static void
hs_delivery_detail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HsDeliveryDetail *self = HS_DELIVERY_DETAIL (object);

  switch (prop_id)
    {
    case PROP_DELIVERY:
      g_value_set_object (value, self->delivery);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_delivery_detail_dispose (GObject *object)
{
  HsDeliveryDetail *self = (HsDeliveryDetail *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->delivery);
  g_clear_object (&self->store);
  g_clear_pointer (&self->event_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_DELIVERY_DETAIL);

  G_OBJECT_CLASS (hs_delivery_detail_parent_class)->dispose (object);
}

static void
hs_delivery_detail_class_init (HsDeliveryDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_delivery_detail_dispose;
  object_class->get_property = hs_delivery_detail_get_property;

  properties[PROP_DELIVERY] =
    g_param_spec_object ("delivery", NULL, NULL, HS_TYPE_DELIVERY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HS_TYPE_DELIVERY_HEADERS);
  g_type_ensure (HS_TYPE_DELIVERY_BODY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/hs-delivery-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, box);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, switcher);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, actions);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, toolbar);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, toolbar_separator);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, overview_button);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, headers_button);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, body_button);
  gtk_widget_class_bind_template_callback (widget_class, section_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, state_stack);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, spinner);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, error_page);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, summary_group);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, event_group);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, event_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, changes_row);
  gtk_widget_class_bind_template_callback (widget_class, open_event_cb);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, request_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, local_time_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, utc_time_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, peer_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, size_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, response_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, auth_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, parse_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, flags_row);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, headers);
  gtk_widget_class_bind_template_child (widget_class, HsDeliveryDetail, body);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
hs_delivery_detail_init (HsDeliveryDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->switcher, FALSE);
  gtk_widget_set_visible (self->toolbar, FALSE);
  gtk_widget_set_visible (self->toolbar_separator, FALSE);
  gtk_stack_set_visible_child_name (self->state_stack, "none");
}
