/* hs-event-rows.c: the rows of the event page's lists: invitations, participants, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every text here comes from a payload: rows have markup turned off.
 */

#define G_LOG_DOMAIN "hs-event-rows"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "hs-event.h"
#include "hs-event-rows.h"
#include "hs-invitation.h"
#include "hs-participant.h"
#include "hs-ui-util.h"

void
hs_event_rows_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of plain text: AdwActionRow titles are markup unless told otherwise. */
AdwActionRow *
hs_event_rows_add (GtkListBox *list,
                   const char *title,
                   const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  gtk_list_box_append (list, GTK_WIDGET (row));

  return row;
}

void
hs_event_rows_add_placeholder (GtkListBox *list,
                               const char *text)
{
  AdwActionRow *row = hs_event_rows_add (list, text, NULL);

  gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
}

void
hs_event_rows_fill_invitations (GtkListBox *list,
                                GPtrArray  *invitations)
{
  hs_event_rows_clear (list);

  for (guint i = 0; i < invitations->len; i++)
    {
      HsInvitation *invitation = g_ptr_array_index (invitations, i);
      const char *inserted_at = hs_invitation_get_inserted_at (invitation);
      g_autofree char *when = hs_ui_format_iso8601_local (inserted_at);
      /* Translators: when an invitation was created, and the delivery that said so */
      g_autofree char *subtitle = g_strdup_printf (_("Invited %s · delivery #%" PRId64),
                                                   when ? when : "?",
                                                   hs_invitation_get_delivery_id (invitation));

      hs_event_rows_add (list, hs_invitation_get_email (invitation), subtitle);
    }

  if (invitations->len == 0)
    hs_event_rows_add_placeholder (list, _("No invitations"));
}

void
hs_event_rows_fill_participants (GtkListBox *list,
                                 GPtrArray  *participants)
{
  hs_event_rows_clear (list);

  for (guint i = 0; i < participants->len; i++)
    {
      HsParticipant *participant = g_ptr_array_index (participants, i);
      gboolean removed = hs_participant_get_state (participant) == HS_PARTICIPANT_REMOVED;
      const char *name = hs_participant_get_name (participant);
      const char *email = hs_participant_get_email (participant);
      g_autofree char *joined = NULL;
      g_autofree char *left = NULL;
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      if (hs_participant_get_inserted_at (participant) != NULL)
        joined = hs_ui_format_iso8601_local (hs_participant_get_inserted_at (participant));
      if (removed)
        left = hs_participant_get_deleted_at (participant)
               ? hs_ui_format_iso8601_local (hs_participant_get_deleted_at (participant))
               : hs_ui_format_time_us (hs_participant_get_removed_at (participant),
                                       "%Y-%m-%d %H:%M");

      if (removed)
        /* Translators: a participant's email, when they joined, when they left */
        subtitle = g_strdup_printf (_("%s · joined %s · removed %s"), email ? email : "",
                                    joined ? joined : "?", left ? left : "?");
      else
        /* Translators: a participant's email and when they joined */
        subtitle = g_strdup_printf (_("%s · joined %s"), email ? email : "",
                                    joined ? joined : "?");

      row = hs_event_rows_add (list, name && name[0] ? name : email, subtitle);
      if (removed)
        {
          GtkWidget *tag = gtk_label_new (_("Removed"));

          gtk_widget_add_css_class (tag, "tag");
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (row, tag);
          gtk_widget_add_css_class (GTK_WIDGET (row), "removed");
        }
    }

  if (participants->len == 0)
    hs_event_rows_add_placeholder (list, _("No participants"));
}

static char *
node_to_short_text (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL)
    return NULL;
  text = json_to_string (node, FALSE);
  if (g_utf8_strlen (text, -1) > 48)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 47);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&text);
}

/* "schedule.interval: 1 → 2", one a line, at most five lines. */
static char *
describe_changes (GPtrArray *changes)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < changes->len && i < 5; i++)
    {
      HsEventChange *change = g_ptr_array_index (changes, i);
      g_autofree char *old_text = node_to_short_text (change->old_value);
      g_autofree char *new_text = node_to_short_text (change->new_value);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (old_text == NULL)
        /* Translators: a member a new version of an event added, and its value */
        g_string_append_printf (out, _("%s added: %s"), change->path, new_text);
      else if (new_text == NULL)
        /* Translators: a member a new version of an event no longer has */
        g_string_append_printf (out, _("%s removed"), change->path);
      else
        g_string_append_printf (out, "%s: %s → %s", change->path, old_text, new_text);
    }
  if (changes->len > 5)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, ngettext ("and %u more change", "and %u more changes",
                                             changes->len - 5), changes->len - 5);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
hs_event_rows_fill_history (GtkListBox *list,
                            GPtrArray  *versions)
{
  hs_event_rows_clear (list);

  /* Oldest first from the store; the newest is what the user asks about first. */
  for (guint i = versions->len; i > 0; i--)
    {
      HsEvent *version = g_ptr_array_index (versions, i - 1);
      g_autofree char *when = hs_ui_format_time_us (hs_event_get_received_at (version),
                                                    "%Y-%m-%d %H:%M:%S");
      /* Translators: a delivery's number and when it was received */
      g_autofree char *title = g_strdup_printf (_("Delivery #%" PRId64 " · %s"),
                                                hs_event_get_delivery_id (version),
                                                when ? when : "?");
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      if (i == 1)
        {
          subtitle = g_strdup (_("First seen"));
        }
      else
        {
          g_autoptr(GPtrArray) changes = hs_event_diff (g_ptr_array_index (versions, i - 2),
                                                        version);

          subtitle = changes->len > 0 ? describe_changes (changes) : g_strdup (_("No change"));
        }

      row = hs_event_rows_add (list, title, subtitle);
      adw_action_row_set_subtitle_lines (row, 0);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "delivery-id64",
                              g_memdup2 (&(gint64) { hs_event_get_delivery_id (version) },
                                         sizeof (gint64)), g_free);
    }

  if (versions->len == 0)
    hs_event_rows_add_placeholder (list, _("No deliveries"));
}
