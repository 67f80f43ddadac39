/* hs-delivery-summary.c: what a delivery means, in one sentence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the Backoffice's webhooks: "Invitation for ana@example.com to “Oaked Arrogant Bastard
 * Ale” (Monday 30 November 2026, 18:47, America/Montreal)". The sentence is plain text (a
 * label shows it as such): names and emails come from the payload.
 */

#define G_LOG_DOMAIN "hs-delivery-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-body-form.h"
#include "hs-delivery-summary.h"
#include "hs-occurrence.h"
#include "hs-payload.h"
#include "hs-schedule.h"

/* "Monday 30 November 2026, 18:47, America/Montreal", or the schedule in words when it
 * repeats; NULL when the event has no schedule that can be read. */
static char *
describe_when (HsEvent *event)
{
  JsonObject *object = hs_event_get_schedule (event);
  g_autoptr(HsSchedule) schedule = NULL;
  g_autoptr(GPtrArray) first = NULL;
  HsOccurrence *occurrence;
  g_autofree char *start = NULL;

  if (object == NULL || !(schedule = hs_schedule_new_from_json (object, NULL)))
    return NULL;

  if (hs_schedule_is_recurring (schedule))
    return hs_schedule_describe (schedule);

  first = hs_schedule_expand (schedule, NULL, NULL, 1, NULL, NULL);
  if (first == NULL || first->len == 0)
    return NULL;

  occurrence = g_ptr_array_index (first, 0);
  if (hs_occurrence_get_all_day (occurrence))
    /* Translators: a date in strftime() format, e.g. "Monday 30 November 2026" */
    return g_date_time_format (hs_occurrence_get_start (occurrence), _("%A %-d %B %Y"));

  /* Translators: a date and time in strftime() format, e.g. "Monday 30 November 2026, 18:47" */
  start = g_date_time_format (hs_occurrence_get_start (occurrence), _("%A %-d %B %Y, %H:%M"));
  return g_strdup_printf ("%s, %s", start, hs_schedule_get_time_zone_name (schedule));
}

static char *
event_phrase (HsEvent *event)
{
  g_autofree char *when = NULL;
  const char *name = hs_event_get_name_for_languages (event, NULL);

  if (name == NULL)
    name = hs_event_get_id (event);

  if (!(when = describe_when (event)))
    /* Translators: an event's name in quotes */
    return g_strdup_printf (_("“%s”"), name);

  /* Translators: an event's name in quotes, then when it takes place */
  return g_strdup_printf (_("“%s” (%s)"), name, when);
}

/**
 * hs_delivery_summarize:
 * @delivery: a delivery read with its body
 * @event_id: (out) (optional): the Backoffice event the delivery is about, if any
 *
 * Returns: (nullable): one translated sentence about a known Backoffice webhook, or %NULL
 */
char *
hs_delivery_summarize (HsDelivery  *delivery,
                       char       **event_id)
{
  g_autoptr(HsPayload) payload = NULL;
  g_autofree char *event = NULL;
  HsEvent *payload_event;
  HsInvitation *invitation;
  HsParticipant *participant;
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  if (event_id != NULL)
    *event_id = NULL;

  /* Decoded, or a form's JSON field (hs-body-form.c). */
  if (!(body = hs_delivery_dup_meaningful_body (delivery, NULL)) || g_bytes_get_size (body) == 0)
    return NULL;

  payload = hs_payload_new_from_bytes (body);
  if (!(payload_event = hs_payload_get_event (payload)))
    return NULL;

  event = event_phrase (payload_event);
  if (event_id != NULL)
    *event_id = g_strdup (hs_event_get_id (payload_event));

  switch (hs_payload_get_kind (payload))
    {
    case HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED:
      invitation = hs_payload_get_invitation (payload);
      if (invitation != NULL && hs_invitation_get_email (invitation) != NULL)
        /* Translators: "Invitation for ana@example.com to “Event” (Monday …)" */
        return g_strdup_printf (_("Invitation for %s to %s"),
                                hs_invitation_get_email (invitation), event);
      return g_strdup_printf (_("Invitation to %s"), event);

    case HS_PAYLOAD_KIND_PARTICIPANT_CREATED:
    case HS_PAYLOAD_KIND_PARTICIPANT_REMOVED:
      {
        gboolean joined = hs_payload_get_kind (payload) == HS_PAYLOAD_KIND_PARTICIPANT_CREATED;
        const char *who = NULL;

        if ((participant = hs_payload_get_participant (payload)) != NULL)
          who = hs_participant_get_name (participant) ? hs_participant_get_name (participant)
                                                      : hs_participant_get_email (participant);
        if (who == NULL)
          who = _("A participant");
        /* Translators: "Marie Tremblay joined “Event” (…)" / "… left …" */
        return joined ? g_strdup_printf (_("%s joined %s"), who, event)
                      : g_strdup_printf (_("%s left %s"), who, event);
      }

    case HS_PAYLOAD_KIND_UNKNOWN:
    default:
      /* Translators: a webhook about an event whose kind Hookscope does not know */
      return g_strdup_printf (_("About %s"), event);
    }
}
