/* hs-delivery-compare.c: two deliveries side by side: their requests, the headers that differ,
 * and the body's JSON field by field (a retry against its original is the common case)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-delivery-compare"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "hs-delivery-compare.h"
#include "hs-event.h"
#include "hs-payload.h"
#include "hs-secret-mask.h"
#include "hs-ui-util.h"

struct _HsDeliveryCompare
{
  AdwWindow            parent_instance;

  AdwPreferencesPage  *page;
};

G_DEFINE_FINAL_TYPE (HsDeliveryCompare, hs_delivery_compare, ADW_TYPE_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names, values and paths come from the requests: plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "hs-property");
  adw_preferences_group_add (group, row);
}

static AdwPreferencesGroup *
add_group (HsDeliveryCompare *self,
           const char        *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static char *
describe_request (HsDelivery *delivery)
{
  g_autofree char *time = hs_ui_format_time_us (hs_delivery_get_received_at (delivery),
                                                "%Y-%m-%d %H:%M:%S");
  const char *query = hs_delivery_get_query (delivery);

  return g_strdup_printf ("%s %s%s%s · %s", hs_delivery_get_method (delivery),
                          hs_delivery_get_path (delivery), query ? "?" : "", query ? query : "",
                          time ? time : "");
}

/* Every value of a header, in order, one per line ("" when absent). */
static char *
header_values (HsDelivery *delivery,
               const char *name)
{
  g_autoptr(GString) values = g_string_new (NULL);
  gboolean found = FALSE;

  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    {
      if (g_ascii_strcasecmp (hs_delivery_get_header_name (delivery, i), name) != 0)
        continue;
      if (found)
        g_string_append_c (values, '\n');
      g_string_append (values, hs_delivery_get_header_value (delivery, i));
      found = TRUE;
    }

  return found ? g_string_free (g_steal_pointer (&values), FALSE) : NULL;
}

static void
compare_headers (HsDeliveryCompare *self,
                 HsDelivery        *a,
                 HsDelivery        *b)
{
  AdwPreferencesGroup *group = add_group (self, _("Headers That Differ"));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HsDelivery *both[] = { a, b };
  guint n = 0;

  for (guint d = 0; d < G_N_ELEMENTS (both); d++)
    for (guint i = 0; i < hs_delivery_get_n_headers (both[d]); i++)
      {
        g_autofree char *key = g_ascii_strdown (hs_delivery_get_header_name (both[d], i), -1);
        g_autofree char *va = NULL;
        g_autofree char *vb = NULL;
        g_autofree char *text = NULL;
        gboolean secret;

        if (g_hash_table_contains (seen, key))
          continue;
        g_hash_table_add (seen, g_strdup (key));

        va = header_values (a, key);
        vb = header_values (b, key);
        if (g_strcmp0 (va, vb) == 0)
          continue;

        /* A key that differs is said to differ, not shown. */
        secret = hs_secret_header_is_secret (key);
        text = g_strdup_printf ("%s → %s", va ? (secret ? "••••••••" : va) : "—",
                                vb ? (secret ? "••••••••" : vb) : "—");
        add_row (group, hs_delivery_get_header_name (both[d], i), text);
        n++;
      }

  if (n == 0)
    adw_preferences_group_set_description (group, _("The same headers, with the same values."));
}

static JsonNode *
parse_body (HsDelivery *delivery)
{
  GBytes *body = hs_delivery_get_body (delivery);
  g_autoptr(JsonParser) parser = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  if (data == NULL || size == 0 || !g_utf8_validate (data, size, NULL))
    return NULL;

  /* The body is not NUL-terminated: parsed by its length. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
compare_bodies (HsDeliveryCompare *self,
                HsDelivery        *a,
                HsDelivery        *b)
{
  AdwPreferencesGroup *group = add_group (self, _("Body, Field by Field"));
  g_autoptr(JsonNode) ja = parse_body (a);
  g_autoptr(JsonNode) jb = parse_body (b);
  GBytes *ba = hs_delivery_get_body (a);
  GBytes *bb = hs_delivery_get_body (b);

  if (ba != NULL && bb != NULL && g_bytes_equal (ba, bb))
    {
      adw_preferences_group_set_description (group, _("The bodies are the same, byte for "
                                                       "byte."));
      return;
    }

  if (ja != NULL && jb != NULL && JSON_NODE_HOLDS_OBJECT (ja) && JSON_NODE_HOLDS_OBJECT (jb))
    {
      /* The event versions' field diff works on any two JSON objects. */
      g_autoptr(HsEvent) ea = hs_event_new_from_object (json_node_get_object (ja));
      g_autoptr(HsEvent) eb = hs_event_new_from_object (json_node_get_object (jb));
      g_autoptr(GPtrArray) changes = hs_event_diff (ea, eb);

      for (guint i = 0; i < changes->len; i++)
        {
          HsEventChange *change = g_ptr_array_index (changes, i);
          g_autofree char *old_text = change->old_value ? json_to_string (change->old_value, FALSE)
                                                        : g_strdup ("—");
          g_autofree char *new_text = change->new_value ? json_to_string (change->new_value, FALSE)
                                                        : g_strdup ("—");
          g_autofree char *text = g_strdup_printf ("%s → %s", old_text, new_text);

          add_row (group, change->path, text);
        }
      if (changes->len == 0)
        adw_preferences_group_set_description (group, _("The same JSON, written differently."));
      return;
    }

  adw_preferences_group_set_description (group, _("The bodies differ; they are not both JSON "
                                                  "objects, so they are not compared field by "
                                                  "field."));
}

/**
 * hs_delivery_compare_new:
 * @older: a delivery read with its body (the left side: "A")
 * @newer: another ("B")
 */
GtkWidget *
hs_delivery_compare_new (HsDelivery *older,
                         HsDelivery *newer)
{
  HsDeliveryCompare *self;
  AdwPreferencesGroup *group;
  g_autofree char *title = NULL;
  g_autofree char *ra = NULL;
  g_autofree char *rb = NULL;

  g_return_val_if_fail (HS_IS_DELIVERY (older), NULL);
  g_return_val_if_fail (HS_IS_DELIVERY (newer), NULL);

  self = g_object_new (HS_TYPE_DELIVERY_COMPARE, NULL);
  /* Translators: the comparison window's title, two delivery ids */
  title = g_strdup_printf (_("Delivery %" PRId64 " and %" PRId64),
                           hs_delivery_get_id (older), hs_delivery_get_id (newer));
  gtk_window_set_title (GTK_WINDOW (self), title);

  group = add_group (self, _("Requests"));
  ra = describe_request (older);
  rb = describe_request (newer);
  add_row (group, "A", ra);
  add_row (group, "B", rb);

  /* The payload first: what a developer compares a retry with its original for. */
  compare_bodies (self, older, newer);
  compare_headers (self, older, newer);

  return GTK_WIDGET (self);
}

static void
hs_delivery_compare_class_init (HsDeliveryCompareClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hs_delivery_compare_init (HsDeliveryCompare *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 640);
}
