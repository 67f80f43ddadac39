/* test-delivery-summary.c: what a delivery means, in one sentence, for the Backoffice's
 * webhooks (the samples of the seed document)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "hs-delivery-summary.h"

static HsDelivery *
delivery_with (const char *text,
               gsize       size)
{
  HsDelivery *delivery = hs_delivery_new ();
  g_autoptr(GBytes) body = g_bytes_new (text, size);

  hs_delivery_set_body (delivery, body);
  hs_delivery_set_body_size (delivery, size);
  return delivery;
}

static char *
summarize_sample (const char  *name,
                  char       **event_id)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"), name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(HsDelivery) delivery = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &text, &size, NULL));
  delivery = delivery_with (text, size);
  return hs_delivery_summarize (delivery, event_id);
}

/* The sentences of the issue: the seed's invitation, and its participant joining and
 * leaving; the event starts on 2026-11-30 at 18:47 in America/Montreal (recurrence none). */
static void
test_samples (void)
{
  g_autofree char *event_id = NULL;
  g_autofree char *invitation = summarize_sample ("event_invitation_created.json", &event_id);
  g_autofree char *joined = summarize_sample ("participant_created.json", NULL);
  g_autofree char *left = summarize_sample ("participant_removed.json", NULL);

  g_assert_cmpstr (invitation, ==,
                   "Invitation for qbuirette@omerlo.com to “Oaked Arrogant Bastard Ale” "
                   "(Monday 30 November 2026, 18:47, America/Montreal)");
  g_assert_cmpstr (event_id, ==, "ef7e8599-4ec0-4376-9af8-7f79d7090e89");
  g_assert_cmpstr (joined, ==,
                   "Marie Tremblay joined “Oaked Arrogant Bastard Ale” "
                   "(Monday 30 November 2026, 18:47, America/Montreal)");
  g_assert_cmpstr (left, ==,
                   "Marie Tremblay left “Oaked Arrogant Bastard Ale” "
                   "(Monday 30 November 2026, 18:47, America/Montreal)");
}

/* Nothing to say about what is not a Backoffice event. */
static void
test_nothing (void)
{
  static const char * const bodies[] = {
    "", "not json", "{}", "[]", "{\"event_name\": \"x\"}", "{\"data\": {\"event\": 3}}",
    "\xff\xfe",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(HsDelivery) delivery = delivery_with (bodies[i], strlen (bodies[i]));
      g_autofree char *event_id = NULL;
      g_autofree char *summary = hs_delivery_summarize (delivery, &event_id);

      g_assert_null (summary);
      g_assert_null (event_id);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delivery-summary/samples", test_samples);
  g_test_add_func ("/delivery-summary/nothing", test_nothing);

  return g_test_run ();
}
