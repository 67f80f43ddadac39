/* bench-domain.c: cost of understanding webhooks (HsPayload) and of applying them (HsDomainStore)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-domain SEED.json [N [LABEL-SUBSTRING]]. See bench/domain.sh. Prints:
 * - parse: json-glib alone vs HsPayload (parse + shape check + typed objects), µs per body;
 * - store: deliveries/s through the real HsStore writer thread and then the domain projection
 *   (until it has applied the last one): unique events, versions of one event, byte-identical
 *   duplicates, and with nothing to apply.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hs-payload.h"
#include "hs-projections.h"
#include "hs-store.h"

typedef struct
{
  guint pending;
} Wait;

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  if (hs_store_insert_finish (HS_STORE (source), result, &error) == 0)
    g_error ("insert failed: %s", error->message);
  wait->pending--;
}

static char *
replace (const char *text,
         const char *old,
         const char *fresh)
{
  g_auto(GStrv) parts = g_strsplit (text, old, -1);

  return g_strjoinv (fresh, parts);
}

static const char *only;

static double
run_store (const char     *label,
           GPtrArray      *bodies,
           const char     *content_type,
           HsAuthVerdict   auth)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hs-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(HsStore) store = hs_store_open (path, &error);
  Wait wait = { 0 };
  gint64 start, elapsed;
  double rate;

  g_assert_no_error (error);
  if (only != NULL && strstr (label, only) == NULL)
    return 0;
  {
    guint n_projections;
    const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

    hs_store_start_projections (store, projections, n_projections);
  }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(HsDelivery) delivery = hs_delivery_new ();

      hs_delivery_set_method (delivery, "POST");
      hs_delivery_set_path (delivery, "/");
      hs_delivery_set_content_type (delivery, content_type);
      hs_delivery_set_received_at (delivery, g_get_real_time ());
      hs_delivery_set_body (delivery, g_ptr_array_index (bodies, i));
      hs_delivery_set_body_size (delivery, g_bytes_get_size (g_ptr_array_index (bodies, i)));
      hs_delivery_set_auth_verdict (delivery, auth);
      wait.pending++;
      hs_store_insert_async (store, delivery, NULL, on_inserted, &wait);
      /* Keep the queue bounded like a listener under load would. */
      while (wait.pending > 2000)
        g_main_context_iteration (NULL, TRUE);
    }
  while (wait.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (!hs_store_wait_projected (store, bodies->len, 600 * G_USEC_PER_SEC, &error))
    g_error ("%s", error->message);
  elapsed = g_get_monotonic_time () - start;

  rate = bodies->len / (elapsed / (double)G_USEC_PER_SEC);
  g_print ("store %-34s %8.0f deliveries/s\n", label, rate);

  hs_store_close (store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return rate;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *seed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unique = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) same = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) text = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  guint n = argc > 2 ? (guint)g_ascii_strtoull (argv[2], NULL, 10) : 50000;
  gsize seed_len;
  gint64 start;

  only = argc > 3 ? argv[3] : NULL;
  if (argc < 2 || !g_file_get_contents (argv[1], &seed, &seed_len, &error))
    {
      g_printerr ("usage: bench-domain SEED.json [N]\n");
      return 2;
    }

  /* Parsing alone. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      json_parser_load_from_data (parser, seed, seed_len, NULL);
    }
  g_print ("parse json-glib only                     %8.2f µs/body\n",
           (g_get_monotonic_time () - start) / (double)n);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsPayload) payload = hs_payload_new (seed, seed_len);

      g_assert (hs_payload_get_verdict (payload) == HS_PARSE_OK);
    }
  g_print ("parse HsPayload (check + objects)        %8.2f µs/body\n",
           (g_get_monotonic_time () - start) / (double)n);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HsPayload) payload = hs_payload_new (seed, seed_len);
      g_autofree char *raw = hs_json_object_to_string (hs_event_get_object (
                                                         hs_payload_get_event (payload)));
    }
  g_print ("parse HsPayload + event raw JSON         %8.2f µs/body\n",
           (g_get_monotonic_time () - start) / (double)n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *invitation = g_uuid_string_random ();
      g_autofree char *step = replace (seed, "ef7e8599-4ec0-4376-9af8-7f79d7090e89", id);
      char *body = replace (step, "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1", invitation);
      g_autofree char *stamp = g_strdup_printf ("2026-08-16T06:%02u:%02u.%06uZ",
                                                (i / 60) % 60, i % 60, i);
      g_autofree char *member = g_strdup_printf ("\"updated_at\": \"%s\"", stamp);
      char *version = replace (seed, "\"updated_at\": \"2026-08-16T06:08:00Z\"", member);

      g_ptr_array_add (unique, g_bytes_new_take (body, strlen (body)));
      g_ptr_array_add (versions, g_bytes_new_take (version, strlen (version)));
      g_ptr_array_add (same, g_bytes_new (seed, seed_len));
      g_ptr_array_add (text, g_bytes_new_static ("hello, not JSON", 15));
    }

  run_store ("not JSON (text/plain)", text, "text/plain", HS_AUTH_OK);
  run_store ("seed, API key wrong (not applied)", same, "application/json", HS_AUTH_WRONG);
  run_store ("seed, identical (duplicates)", same, "application/json", HS_AUTH_OK);
  run_store ("seed, unique event ids", unique, "application/json", HS_AUTH_OK);
  run_store ("seed, versions of one event", versions, "application/json", HS_AUTH_OK);

  return 0;
}
