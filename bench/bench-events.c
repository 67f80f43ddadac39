/* bench-events.c: a database of N events for the Events list and calendar benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-events SEED.json DB N [N_RECURRING]. Posts N event_invitation_created deliveries (the
 * seed's shape, one event and one invitation each, unique ids and names) through the real
 * HsStore and its projections, and waits until the domain model has them. The first
 * N_RECURRING (default 1,000) events have unbounded daily, weekly and monthly schedules that
 * started in 2025, in three zones, so that every month shows about that many events; the
 * others happen once, spread over 2016–2035. See bench/events.sh.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "hs-projections.h"
#include "hs-store.h"

static guint pending;

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (hs_store_insert_finish (HS_STORE (source), result, &error) == 0)
    g_error ("insert failed: %s", error->message);
  pending--;
}

static const char * const zones[] = { "America/Montreal", "Europe/Paris", "Asia/Tokyo" };
static const char * const weekdays[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
                                         "saturday", "sunday" };
static const char * const words[] = { "Tasting", "Workshop", "Concert", "Meetup", "Market",
                                      "Reading", "Tour", "Class", "Festival", "Screening" };

static void
set_schedule (JsonObject *schedule,
              guint       i,
              guint       n_recurring)
{
  g_autoptr(GDate) date = g_date_new_dmy (1, 1, 2025);
  char text[16];
  JsonArray *days = json_array_new ();

  json_object_set_string_member (schedule, "timezone", zones[i % G_N_ELEMENTS (zones)]);
  json_object_set_null_member (schedule, "count");
  json_object_set_null_member (schedule, "until");
  json_object_set_int_member (schedule, "interval", 1);
  json_object_set_string_member (schedule, "starts_at_time", "18:00:00");
  json_object_set_string_member (schedule, "ends_at_time", "19:30:00");
  if (i < n_recurring)
    {
      static const char * const frequencies[] = { "daily", "weekly", "monthly" };
      const char *frequency = frequencies[i % 3];

      g_date_add_days (date, i % 365);
      json_object_set_string_member (schedule, "recurrence", frequency);
      json_object_set_string_member (schedule, "frequency", frequency);
      if (i % 3 == 1)
        json_array_add_string_element (days, weekdays[g_date_get_weekday (date) - 1]);
    }
  else
    {
      g_date_set_dmy (date, 1, 1, 2016);
      g_date_add_days (date, (i * 7919) % (20 * 365));
      json_object_set_string_member (schedule, "recurrence", "none");
      json_object_set_string_member (schedule, "frequency", "daily");
    }
  json_object_set_array_member (schedule, "days", days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  json_object_set_string_member (schedule, "starts_at_date", text);
  json_object_set_string_member (schedule, "ends_at_date", text);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *seed_path = NULL;
  g_autofree char *seed = NULL;
  const HsProjectionInfo * const *projections;
  guint n_projections, n, n_recurring;
  gint64 started, last_id = 0;

  if (argc < 4)
    {
      g_printerr ("usage: %s SEED.json DB N [N_RECURRING]\n", argv[0]);
      return 2;
    }
  seed_path = g_strdup (argv[1]);
  argv++;
  n = (guint)g_ascii_strtoull (argv[2], NULL, 10);
  n_recurring = argc > 4 ? (guint)g_ascii_strtoull (argv[3], NULL, 10) : 1000;
  if (!g_file_get_contents (seed_path, &seed, NULL, &error) ||
      !(root = json_from_string (seed, &error)))
    g_error ("%s: %s", seed_path, error->message);

  store = hs_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  projections = hs_projections_get_all (&n_projections);
  hs_store_start_projections (store, projections, n_projections);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      JsonObject *data = json_object_get_object_member (json_node_get_object (root), "data");
      JsonObject *event = json_object_get_object_member (data, "event");
      JsonObject *invitation = json_object_get_object_member (data, "invitation");
      JsonObject *locale = json_array_get_object_element (
        json_object_get_array_member (event, "locales"), 0);
      g_autofree char *event_id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autofree char *invitation_id = g_strdup_printf ("11111111-0000-4000-8000-%012u", i);
      g_autofree char *name = g_strdup_printf ("%s %s no. %u", words[i % 10],
                                               words[(i / 10) % 10], i);
      g_autofree char *email = g_strdup_printf ("guest%06u@example.com", i);
      g_autoptr(HsDelivery) delivery = hs_delivery_new ();
      g_autoptr(GBytes) body = NULL;
      char *text;
      gsize length;

      json_object_set_string_member (event, "id", event_id);
      json_object_set_string_member (locale, "name", name);
      set_schedule (json_object_get_object_member (event, "schedule"), i, n_recurring);
      json_object_set_string_member (invitation, "id", invitation_id);
      json_object_set_string_member (invitation, "event_id", event_id);
      json_object_set_string_member (invitation, "email", email);
      text = json_to_string (root, FALSE);
      length = strlen (text);
      body = g_bytes_new_take (text, length);

      hs_delivery_set_method (delivery, "POST");
      hs_delivery_set_path (delivery, "/");
      hs_delivery_set_content_type (delivery, "application/json");
      hs_delivery_set_received_at (delivery, g_get_real_time ());
      hs_delivery_set_body (delivery, body);
      hs_delivery_set_body_size (delivery, length);
      hs_delivery_set_auth_verdict (delivery, HS_AUTH_NOT_REQUIRED);
      pending++;
      hs_store_insert_async (store, delivery, NULL, on_inserted, NULL);
      /* A bounded queue: the writer takes them in batches. */
      while (pending > 2000)
        g_main_context_iteration (NULL, TRUE);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  last_id = hs_store_count_deliveries (store, NULL, &error);
  if (!hs_store_wait_projected (store, last_id, 600 * G_USEC_PER_SEC, &error))
    g_error ("projection: %s", error->message);
  g_print ("%u events (%u recurring) in %s in %.1f s\n", n, MIN (n, n_recurring), argv[1],
           (g_get_monotonic_time () - started) / 1e6);
  hs_store_close (store);

  return 0;
}
