/* fuzz-payload.c: libFuzzer target for the Backoffice payload parser (hs-payload.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any body goes through hs_payload_new() as the domain projection does, then everything the
 * pages read from the result: the event (names, locales, summaries as text, its schedule, a
 * diff against itself), the invitation and the participant. A diff of an event with itself
 * must be empty.
 */

#define G_LOG_DOMAIN "fuzz-payload"

#include "config.h"

#include "hs-delivery-summary.h"
#include "hs-fuzz.h"
#include "hs-html-text.h"
#include "hs-payload.h"
#include "hs-schedule.h"

static void
walk_event (HsEvent *event)
{
  g_auto(GStrv) locales = hs_event_dup_locales (event);
  const char * const languages[] = { "fr", "en", "C", NULL };
  g_autoptr(GPtrArray) diff = NULL;
  JsonObject *schedule_object;

  for (guint i = 0; locales != NULL && locales[i] != NULL; i++)
    {
      const char *html = hs_event_lookup_summary_html (event, locales[i]);
      g_autofree char *text = html != NULL ? hs_html_to_text (html) : NULL;

      (void)hs_event_lookup_name (event, locales[i]);
      if (text != NULL)
        g_assert (g_utf8_validate (text, -1, NULL));
    }
  (void)hs_event_get_name_for_languages (event, languages);
  (void)hs_event_get_name (event);
  (void)hs_event_get_timezone (event);
  (void)hs_event_get_raw_json (event);

  diff = hs_event_diff (event, event);
  if (diff != NULL && diff->len != 0)
    g_error ("an event differs from itself at %s",
             ((HsEventChange *)g_ptr_array_index (diff, 0))->path);

  schedule_object = hs_event_get_schedule (event);
  if (schedule_object != NULL)
    {
      g_autoptr(HsSchedule) schedule = hs_schedule_new_from_json (schedule_object, NULL);

      if (schedule != NULL)
        {
          g_autofree char *description = hs_schedule_describe (schedule);
          g_autoptr(GPtrArray) occurrences = hs_schedule_expand (schedule, NULL, NULL, 20,
                                                                 NULL, NULL);

          g_assert (g_utf8_validate (description, -1, NULL));
          g_assert (occurrences == NULL || occurrences->len <= 20);
        }
    }
}

int
hs_fuzz_payload (const guint8 *data,
                 gsize         size)
{
  g_autoptr(HsPayload) payload = hs_payload_new ((const char *)data, size);
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autofree char *event_id = NULL;
  g_autofree char *summary = NULL;
  HsEvent *event;
  HsInvitation *invitation;
  HsParticipant *participant;

  (void)hs_payload_get_verdict (payload);
  (void)hs_payload_get_message (payload);
  (void)hs_payload_get_event_name (payload);
  (void)hs_payload_get_kind (payload);

  event = hs_payload_get_event (payload);
  if (event != NULL)
    walk_event (event);

  invitation = hs_payload_get_invitation (payload);
  if (invitation != NULL)
    {
      (void)hs_invitation_get_email (invitation);
      (void)hs_invitation_get_event_id (invitation);
      (void)hs_invitation_get_raw_json (invitation);
    }

  participant = hs_payload_get_participant (payload);
  if (participant != NULL)
    {
      (void)hs_participant_get_name (participant);
      (void)hs_participant_get_email (participant);
      (void)hs_participant_get_raw_json (participant);
    }

  /* The one-line summary the Deliveries list shows, from the same body. */
  hs_delivery_set_body (delivery, bytes);
  summary = hs_delivery_summarize (delivery, &event_id);
  if (summary != NULL)
    g_assert (g_utf8_validate (summary, -1, NULL));

  return 0;
}

HS_FUZZ_ENTRY (hs_fuzz_payload)
