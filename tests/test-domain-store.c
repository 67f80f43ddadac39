/* test-domain-store.c: deliveries through the real HsStore into events, invitations, participants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hs-domain-store.h"
#include "hs-payload.h"
#include "hs-projections.h"
#include "hs-store.h"

typedef struct
{
  char    *dir;
  HsStore *store;
  sqlite3 *db;
  gint64   clock;
} Fixture;

/* As the window and --headless do: the domain model is a projection of the deliveries. */
static void
start_projections (HsStore *store)
{
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  hs_store_start_projections (store, projections, n_projections);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hs-domain-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = hs_store_open (path, &error);
  g_assert_no_error (error);
  start_projections (f->store);
  f->db = hs_store_get_read_connection (f->store);
  f->clock = 1700000000000000;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  hs_store_close (f->store);
  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Inserts a delivery through the store, waits for the commit and for the domain projection. */
static HsDelivery *
deliver_full (Fixture       *f,
              const char    *body,
              const char    *content_type,
              HsAuthVerdict  auth)
{
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  f->clock += G_USEC_PER_SEC;
  hs_delivery_set_method (delivery, "POST");
  hs_delivery_set_path (delivery, "/");
  hs_delivery_set_content_type (delivery, content_type);
  hs_delivery_set_received_at (delivery, f->clock);
  hs_delivery_set_body (delivery, bytes);
  hs_delivery_set_body_size (delivery, strlen (body));
  hs_delivery_set_auth_verdict (delivery, auth);

  hs_store_insert_async (f->store, delivery, NULL, on_inserted, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  id = hs_store_insert_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* The domain projection applies it after the commit; then it reads back with its meaning. */
  g_assert_true (hs_store_wait_projected (f->store, id, 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  g_clear_object (&delivery);
  delivery = hs_store_get_delivery (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (hs_delivery_get_projected (delivery));
  return g_steal_pointer (&delivery);
}

static HsDelivery *
deliver (Fixture    *f,
         const char *body)
{
  return deliver_full (f, body, "application/json", HS_AUTH_OK);
}

static char *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* @sample (a file) with the dotted members set to the given JSON values, NULL-terminated pairs. */
G_GNUC_NULL_TERMINATED static char *
sample_with (const char *sample,
             ...)
{
  g_autofree char *text = load_sample (sample);
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  const char *path;
  va_list args;

  va_start (args, sample);
  while ((path = va_arg (args, const char *)) != NULL)
    {
      const char *json = va_arg (args, const char *);
      g_auto(GStrv) parts = g_strsplit (path, ".", -1);
      guint n = g_strv_length (parts);
      JsonObject *object = json_node_get_object (root);

      for (guint i = 0; i + 1 < n; i++)
        object = json_object_get_object_member (object, parts[i]);
      json_object_set_member (object, parts[n - 1], json_from_string (json, NULL));
    }
  va_end (args);

  return json_to_string (root, FALSE);
}

/* What the domain projection wrote for the delivery. */
static void
assert_row (Fixture         *f,
            gint64           id,
            const char      *verdict,
            const char      *event_name,
            HsDeliveryFlags  flags)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT parse_verdict, event_name, flags"
                                              " FROM delivery_meanings"
                                              " WHERE delivery_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, verdict);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, event_name);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, flags);
  sqlite3_finalize (stmt);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

#define SEED_EVENT_ID "ef7e8599-4ec0-4376-9af8-7f79d7090e89"
#define PARTICIPANT_ID "3f1c2b9e-7d4a-4c1e-9a55-0b6f2f8d1e20"

static void
test_seed (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *body = load_sample ("event_invitation_created.json");
  g_autoptr(HsDelivery) d = deliver (f, body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(HsEvent) event = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *json = NULL;
  HsInvitation *invitation;

  g_assert_cmpint (hs_delivery_get_parse_verdict (d), ==, HS_PARSE_OK);
  g_assert_cmpint (hs_delivery_get_flags (d), ==, 0);
  assert_row (f, hs_delivery_get_id (d), "ok", "event_invitation_created", 0);

  events = hs_domain_store_list_events (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = hs_domain_store_get_event (f->db, SEED_EVENT_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_event_get_name (event), ==, "Oaked Arrogant Bastard Ale");
  g_assert_cmpstr (hs_event_get_updated_at (event), ==, "2026-08-16T06:08:00Z");
  g_assert_cmpstr (hs_event_get_timezone (event), ==, "America/Montreal");
  g_assert_cmpint (hs_event_get_delivery_id (event), ==, hs_delivery_get_id (d));
  g_assert_cmpint (hs_event_get_received_at (event), ==, hs_delivery_get_received_at (d));
  g_assert_false (hs_event_get_profile_categories_loaded (event));

  json = hs_domain_store_dup_event_json (f->db, SEED_EVENT_ID, &error);
  g_assert_no_error (error);
  object = hs_json_object_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, SEED_EVENT_ID);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "schedule"),
                                               "count"), ==, 730);

  invitations = hs_domain_store_list_invitations (f->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invitations->len, ==, 1);
  invitation = g_ptr_array_index (invitations, 0);
  g_assert_cmpstr (hs_invitation_get_id (invitation), ==, "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1");
  g_assert_cmpstr (hs_invitation_get_email (invitation), ==, "qbuirette@omerlo.com");
  g_assert_cmpstr (hs_invitation_get_event_id (invitation), ==, SEED_EVENT_ID);
  g_assert_cmpstr (hs_invitation_get_event_name (invitation), ==, "Oaked Arrogant Bastard Ale");
  g_assert_cmpint (hs_invitation_get_delivery_id (invitation), ==, hs_delivery_get_id (d));

  g_clear_pointer (&invitations, g_ptr_array_unref);
  invitations = hs_domain_store_list_invitations (f->db, "another-event", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invitations->len, ==, 0);

  versions = hs_domain_store_list_event_versions (f->db, SEED_EVENT_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);

  g_clear_pointer (&json, g_free);
  json = hs_domain_store_dup_event_json (f->db, "no-such-event", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (json);
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *body = load_sample ("event_invitation_created.json");
  g_autofree char *compact = sample_with ("event_invitation_created.json", NULL);
  g_autoptr(HsDelivery) first = deliver (f, body);
  g_autoptr(HsDelivery) second = deliver (f, body);
  g_autoptr(HsDelivery) reformatted = deliver (f, compact);
  g_autoptr(HsDelivery) third = deliver (f, body);
  g_autoptr(GPtrArray) versions = NULL;

  g_assert_cmpint (hs_delivery_get_flags (first), ==, 0);
  g_assert_cmpint (hs_delivery_get_flags (second), ==, HS_DELIVERY_FLAG_DUPLICATE);
  /* Same ids, same content, other bytes: a new version, not a duplicate. */
  g_assert_cmpint (hs_delivery_get_flags (reformatted), ==, 0);
  g_assert_cmpint (hs_delivery_get_flags (third), ==, HS_DELIVERY_FLAG_DUPLICATE);
  assert_row (f, hs_delivery_get_id (second), "ok", "event_invitation_created",
              HS_DELIVERY_FLAG_DUPLICATE);
  assert_row (f, hs_delivery_get_id (reformatted), "ok", "event_invitation_created", 0);

  /* Duplicates are still stored, and still versions of the event. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM deliveries"), ==, 4);
  versions = hs_domain_store_list_event_versions (f->db, SEED_EVENT_ID, NULL);
  g_assert_cmpuint (versions->len, ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invitations"), ==, 1);

  /* The event object is the same in all four (whitespace aside): its text is stored once, and
   * every version still reads back whole. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM event_versions WHERE raw_json IS NOT NULL"),
                   ==, 1);
  for (guint i = 0; i < versions->len; i++)
    {
      HsEvent *version = g_ptr_array_index (versions, i);

      g_assert_cmpstr (hs_event_get_name (version), ==, "Oaked Arrogant Bastard Ale");
      g_assert_cmpstr (hs_event_get_timezone (version), ==, "America/Montreal");
    }
  g_assert_cmpint (hs_event_get_delivery_id (g_ptr_array_index (versions, 3)), ==,
                   hs_delivery_get_id (third));
}

static void
test_out_of_order_event (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *newer = sample_with ("event_invitation_created.json",
                                        "data.event.updated_at", "\"2026-09-01T10:00:00Z\"",
                                        "data.event.locales",
                                        "[{\"locale\": \"en\", \"name\": \"Newer\"}]", NULL);
  g_autofree char *older = sample_with ("event_invitation_created.json",
                                        "data.event.updated_at", "\"2026-08-20T10:00:00Z\"",
                                        "data.event.locales",
                                        "[{\"locale\": \"en\", \"name\": \"Older\"}]", NULL);
  g_autofree char *same_time = sample_with ("event_invitation_created.json",
                                            "data.event.updated_at", "\"2026-09-01T10:00:00Z\"",
                                            "data.event.locales",
                                            "[{\"locale\": \"en\", \"name\": \"Same time\"}]",
                                            NULL);
  /* The same instant written with an offset: equal, not older. */
  g_autofree char *offset = sample_with ("event_invitation_created.json",
                                         "data.event.updated_at", "\"2026-09-01T06:00:00-04:00\"",
                                         "data.event.locales",
                                         "[{\"locale\": \"en\", \"name\": \"Offset\"}]", NULL);
  g_autoptr(HsDelivery) d1 = deliver (f, newer);
  g_autoptr(HsDelivery) d2 = deliver (f, older);
  g_autoptr(HsEvent) event = hs_domain_store_get_event (f->db, SEED_EVENT_ID, NULL);
  g_autoptr(HsDelivery) d3 = NULL;
  g_autoptr(HsDelivery) d4 = NULL;
  g_autoptr(GPtrArray) versions = NULL;

  g_assert_cmpint (hs_delivery_get_flags (d1), ==, 0);
  g_assert_cmpint (hs_delivery_get_flags (d2), ==, HS_DELIVERY_FLAG_OUT_OF_ORDER);
  assert_row (f, hs_delivery_get_id (d2), "ok", "event_invitation_created",
              HS_DELIVERY_FLAG_OUT_OF_ORDER);
  g_assert_cmpstr (hs_event_get_name (event), ==, "Newer");
  g_assert_cmpint (hs_event_get_delivery_id (event), ==, hs_delivery_get_id (d1));

  d3 = deliver (f, same_time);
  g_clear_object (&event);
  event = hs_domain_store_get_event (f->db, SEED_EVENT_ID, NULL);
  g_assert_cmpint (hs_delivery_get_flags (d3), ==, 0);
  g_assert_cmpstr (hs_event_get_name (event), ==, "Same time");

  d4 = deliver (f, offset);
  g_clear_object (&event);
  event = hs_domain_store_get_event (f->db, SEED_EVENT_ID, NULL);
  g_assert_cmpint (hs_delivery_get_flags (d4), ==, 0);
  g_assert_cmpstr (hs_event_get_name (event), ==, "Offset");

  /* Every delivery is a version, in arrival order, the out-of-order one included. */
  versions = hs_domain_store_list_event_versions (f->db, SEED_EVENT_ID, NULL);
  g_assert_cmpuint (versions->len, ==, 4);
  g_assert_cmpstr (hs_event_get_name (g_ptr_array_index (versions, 0)), ==, "Newer");
  g_assert_cmpstr (hs_event_get_name (g_ptr_array_index (versions, 1)), ==, "Older");
  g_assert_cmpint (hs_event_get_delivery_id (g_ptr_array_index (versions, 1)), ==,
                   hs_delivery_get_id (d2));
  g_assert_cmpstr (hs_event_get_name (g_ptr_array_index (versions, 2)), ==, "Same time");
  g_assert_cmpint (count (f, "SELECT count(*) FROM event_versions WHERE applied = 0"), ==, 1);

  /* Same updated_at, other content: the diff shows exactly what changed. */
  {
    g_autoptr(GPtrArray) changes = hs_event_diff (g_ptr_array_index (versions, 0),
                                                  g_ptr_array_index (versions, 2));
    HsEventChange *change;

    g_assert_cmpuint (changes->len, ==, 1);
    change = g_ptr_array_index (changes, 0);
    g_assert_cmpstr (change->path, ==, "locales[0].name");
    g_assert_cmpstr (json_node_get_string (change->old_value), ==, "Newer");
    g_assert_cmpstr (json_node_get_string (change->new_value), ==, "Same time");
  }
}

static HsParticipant *
only_participant (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) participants = hs_domain_store_list_participants (f->db, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 1);
  return g_object_ref (g_ptr_array_index (participants, 0));
}

static void
test_participant_created_then_removed (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *created = load_sample ("participant_created.json");
  g_autofree char *removed = load_sample ("participant_removed.json");
  g_autoptr(HsDelivery) d1 = deliver (f, created);
  g_autoptr(HsParticipant) p = only_participant (f);
  g_autoptr(HsDelivery) d2 = NULL;
  g_autoptr(GPtrArray) for_event = NULL;

  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_CREATED);
  g_assert_cmpstr (hs_participant_get_id (p), ==, PARTICIPANT_ID);
  g_assert_cmpstr (hs_participant_get_email (p), ==, "marie.tremblay@example.com");
  g_assert_cmpstr (hs_participant_get_event_name (p), ==, "Oaked Arrogant Bastard Ale");
  g_assert_cmpint (hs_participant_get_created_delivery_id (p), ==, hs_delivery_get_id (d1));
  g_assert_cmpint (hs_participant_get_created_at (p), ==, hs_delivery_get_received_at (d1));
  g_assert_cmpint (hs_participant_get_removed_delivery_id (p), ==, 0);

  d2 = deliver (f, removed);
  g_clear_object (&p);
  p = only_participant (f);
  g_assert_cmpint (hs_delivery_get_flags (d2), ==, 0);
  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_REMOVED);
  g_assert_cmpint (hs_participant_get_created_delivery_id (p), ==, hs_delivery_get_id (d1));
  g_assert_cmpint (hs_participant_get_created_at (p), ==, hs_delivery_get_received_at (d1));
  g_assert_cmpint (hs_participant_get_removed_delivery_id (p), ==, hs_delivery_get_id (d2));
  g_assert_cmpint (hs_participant_get_removed_at (p), ==, hs_delivery_get_received_at (d2));

  for_event = hs_domain_store_list_participants (f->db, SEED_EVENT_ID, NULL);
  g_assert_cmpuint (for_event->len, ==, 1);
}

static void
test_participant_removed_first (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *created = load_sample ("participant_created.json");
  g_autofree char *removed = load_sample ("participant_removed.json");
  g_autoptr(HsDelivery) d1 = deliver (f, removed);
  g_autoptr(HsDelivery) d2 = deliver (f, created);
  g_autoptr(HsParticipant) p = only_participant (f);

  g_assert_cmpint (hs_delivery_get_flags (d1), ==, 0);
  g_assert_cmpint (hs_delivery_get_flags (d2), ==, HS_DELIVERY_FLAG_OUT_OF_ORDER);
  assert_row (f, hs_delivery_get_id (d2), "ok", "participant_created",
              HS_DELIVERY_FLAG_OUT_OF_ORDER);
  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_REMOVED);
  g_assert_cmpint (hs_participant_get_removed_delivery_id (p), ==, hs_delivery_get_id (d1));
  /* The late creation is recorded, it just does not bring them back. */
  g_assert_cmpint (hs_participant_get_created_delivery_id (p), ==, hs_delivery_get_id (d2));
}

/* Created, removed, then created again with a later time of its own: they are in again. */
static void
test_participant_rejoins (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *created = load_sample ("participant_created.json");
  g_autofree char *removed = load_sample ("participant_removed.json");
  g_autofree char *again = sample_with ("participant_created.json",
                                        "data.participant.updated_at", "\"2026-07-01T08:00:00Z\"",
                                        NULL);
  g_autoptr(HsDelivery) d1 = deliver (f, created);
  g_autoptr(HsDelivery) d2 = deliver (f, removed);
  g_autoptr(HsDelivery) d3 = deliver (f, created);
  g_autoptr(HsParticipant) p = only_participant (f);
  g_autoptr(HsDelivery) d4 = NULL;

  /* The original creation sent again is a duplicate and stays behind the removal. */
  g_assert_cmpint (hs_delivery_get_flags (d3), ==,
                   HS_DELIVERY_FLAG_DUPLICATE | HS_DELIVERY_FLAG_OUT_OF_ORDER);
  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_REMOVED);

  d4 = deliver (f, again);
  g_clear_object (&p);
  p = only_participant (f);
  g_assert_cmpint (hs_delivery_get_flags (d4), ==, 0);
  g_assert_cmpint (hs_participant_get_state (p), ==, HS_PARTICIPANT_CREATED);
  g_assert_cmpint (hs_participant_get_created_delivery_id (p), ==, hs_delivery_get_id (d4));
}

static void
test_auth_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *body = load_sample ("event_invitation_created.json");
  g_autofree char *participant = load_sample ("participant_created.json");
  g_autoptr(HsDelivery) d1 = deliver_full (f, body, "application/json", HS_AUTH_MISSING);
  g_autoptr(HsDelivery) d2 = deliver_full (f, participant, "application/json", HS_AUTH_WRONG);
  g_autoptr(HsDelivery) d3 = NULL;

  /* Understood and flagged, but never applied. */
  assert_row (f, hs_delivery_get_id (d1), "ok", "event_invitation_created", 0);
  assert_row (f, hs_delivery_get_id (d2), "ok", "participant_created", 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM event_versions"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invitations"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM participants"), ==, 0);

  d3 = deliver_full (f, body, "application/json", HS_AUTH_NOT_REQUIRED);
  g_assert_cmpint (hs_delivery_get_flags (d3), ==, HS_DELIVERY_FLAG_DUPLICATE);
  g_assert_cmpint (count (f, "SELECT count(*) FROM events"), ==, 1);
}

static void
test_verdicts (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *mistyped = sample_with ("event_invitation_created.json",
                                           "data.event.schedule.interval", "\"1\"", NULL);
  g_autofree char *seed = load_sample ("event_invitation_created.json");
  g_autoptr(HsDelivery) d1 = deliver (f, mistyped);
  g_autoptr(HsDelivery) d2 = deliver_full (f, "not json at all", "text/plain", HS_AUTH_OK);
  g_autoptr(HsDelivery) d3 = deliver_full (f, seed, "text/plain", HS_AUTH_OK);
  g_autoptr(HsDelivery) d4 = deliver (f, "{\"event_name\": \"order_paid\", \"data\": {}}");
  g_autoptr(HsDelivery) d5 = deliver (f, "{\"event_name\": \"order_paid\", \"data\": {}}");
  g_autoptr(HsDelivery) d6 = NULL;

  g_assert_cmpint (hs_delivery_get_parse_verdict (d1), ==, HS_PARSE_INVALID_SHAPE);
  g_assert_cmpstr (hs_delivery_get_parse_message (d1), ==,
                   "data.event.schedule.interval: expected an integer, got a string");
  assert_row (f, hs_delivery_get_id (d1), "invalid-shape", "event_invitation_created", 0);
  /* Still understood as far as it goes. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM invitations"), ==, 1);

  assert_row (f, hs_delivery_get_id (d2), "not-json", NULL, 0);
  /* JSON under another content type is understood all the same. */
  assert_row (f, hs_delivery_get_id (d3), "ok", "event_invitation_created", 0);

  assert_row (f, hs_delivery_get_id (d4), "unknown-event", "order_paid", 0);
  assert_row (f, hs_delivery_get_id (d5), "unknown-event", "order_paid",
              HS_DELIVERY_FLAG_DUPLICATE);
  g_assert_cmpint (count (f, "SELECT count(*) FROM events"), ==, 1);

  /* A byte-identical repeat is understood exactly as the first time (the writer keeps recent
   * bodies understood: this one comes from that cache). */
  d6 = deliver (f, mistyped);
  g_assert_cmpint (hs_delivery_get_parse_verdict (d6), ==, HS_PARSE_INVALID_SHAPE);
  g_assert_cmpstr (hs_delivery_get_parse_message (d6), ==,
                   "data.event.schedule.interval: expected an integer, got a string");
  assert_row (f, hs_delivery_get_id (d6), "invalid-shape", "event_invitation_created",
              HS_DELIVERY_FLAG_DUPLICATE);
}

/* What a live view reads after each burst: only the events and invitations that newer
 * deliveries carried, with the delivery id to ask from next time. */
static void
test_changed_since (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *seed = load_sample ("event_invitation_created.json");
  g_autofree char *other = sample_with ("event_invitation_created.json",
                                        "data.event.id", "\"other-event\"",
                                        "data.invitation.id", "\"other-invitation\"",
                                        "data.invitation.event_id", "\"other-event\"", NULL);
  g_autoptr(HsDelivery) d1 = NULL;
  g_autoptr(HsDelivery) d2 = NULL;
  g_autoptr(HsDelivery) d3 = NULL;
  g_autoptr(HsDelivery) d4 = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seen = 0, seen_invitations = 0;

  events = hs_domain_store_list_events_changed (f->db, 0, &seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (seen, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  d1 = deliver (f, seed);
  d2 = deliver (f, other);
  events = hs_domain_store_list_events_changed (f->db, 0, &seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  /* Most recently seen first. */
  g_assert_cmpstr (hs_event_get_id (g_ptr_array_index (events, 0)), ==, "other-event");
  g_assert_cmpstr (hs_event_get_id (g_ptr_array_index (events, 1)), ==, SEED_EVENT_ID);
  g_assert_cmpint (seen, ==, hs_delivery_get_id (d2));
  g_clear_pointer (&events, g_ptr_array_unref);
  invitations = hs_domain_store_list_invitations_changed (f->db, 0, &seen_invitations, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (invitations->len, ==, 2);
  g_assert_cmpint (seen_invitations, ==, hs_delivery_get_id (d2));
  g_clear_pointer (&invitations, g_ptr_array_unref);

  /* Nothing new: nothing read. */
  events = hs_domain_store_list_events_changed (f->db, seen, &seen, &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (seen, ==, hs_delivery_get_id (d2));
  g_clear_pointer (&events, g_ptr_array_unref);

  /* The seed again (a duplicate): its event and invitation were seen again, the other not. */
  d3 = deliver (f, seed);
  events = hs_domain_store_list_events_changed (f->db, seen, &seen, &error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (hs_event_get_id (g_ptr_array_index (events, 0)), ==, SEED_EVENT_ID);
  g_assert_cmpint (seen, ==, hs_delivery_get_id (d3));
  g_clear_pointer (&events, g_ptr_array_unref);
  invitations = hs_domain_store_list_invitations_changed (f->db, seen_invitations,
                                                          &seen_invitations, &error);
  g_assert_cmpuint (invitations->len, ==, 1);
  g_assert_cmpstr (hs_invitation_get_event_id (g_ptr_array_index (invitations, 0)), ==,
                   SEED_EVENT_ID);
  g_clear_pointer (&invitations, g_ptr_array_unref);

  /* Not applied (no API key): nothing changed. */
  d4 = deliver_full (f, other, "application/json", HS_AUTH_MISSING);
  events = hs_domain_store_list_events_changed (f->db, seen, &seen, &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (seen, ==, hs_delivery_get_id (d3));
}

/* Domain rows outlive the deliveries that pruning removes. */
static void
test_outlives_pruning (Fixture       *f,
                       gconstpointer  data)
{
  static const char *samples[] = {
    "event_invitation_created.json", "event_weekly.json", "event_monthly_nth_weekday.json",
    "event_all_day.json", "participant_created.json",
  };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) participants = NULL;

  hs_store_set_retention_cap (f->store, 2);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *body = load_sample (samples[i]);
      g_autoptr(HsDelivery) d = deliver (f, body);
    }

  g_assert_cmpint (count (f, "SELECT count(*) FROM deliveries"), <=, 2);
  events = hs_domain_store_list_events (f->db, NULL);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invitations"), ==, 4);
  participants = hs_domain_store_list_participants (f->db, NULL, NULL);
  g_assert_cmpuint (participants->len, ==, 1);
}

/* Damaged Backoffice bodies: every delivery is stored with a verdict; the domain model never
 * fails (a failure would show as invalid-shape with a database message instead of a path). */
static void
test_damaged_bodies (Fixture       *f,
                     gconstpointer  data)
{
  static const char *samples[] = {
    "event_invitation_created.json", "participant_created.json", "participant_removed.json",
  };
  static const char alphabet[] = "{}[]\",:0123456789.tfnul a";

  for (guint round = 0; round < 300; round++)
    {
      g_autofree char *body = load_sample (samples[round % G_N_ELEMENTS (samples)]);
      g_autoptr(HsDelivery) d = NULL;
      gsize len = strlen (body);
      const char *message;

      for (guint k = g_test_rand_int_range (1, 3); k > 0; k--)
        body[g_test_rand_int_range (0, (gint32)len)] =
          alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

      d = deliver_full (f, body, round % 2 ? "application/json" : "text/plain", HS_AUTH_OK);
      message = hs_delivery_get_parse_message (d);
      if (hs_delivery_get_parse_verdict (d) == HS_PARSE_INVALID_SHAPE)
        g_assert_true (g_str_has_prefix (message, "data") ||
                       g_str_has_prefix (message, "event_name") ||
                       g_str_has_prefix (message, "(root)"));
    }

  g_assert_cmpint (count (f, "SELECT count(*) FROM deliveries"), ==, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/domain-store/seed", test_seed);
  ADD ("/domain-store/duplicate", test_duplicate);
  ADD ("/domain-store/out-of-order-event", test_out_of_order_event);
  ADD ("/domain-store/participant-created-then-removed", test_participant_created_then_removed);
  ADD ("/domain-store/participant-removed-first", test_participant_removed_first);
  ADD ("/domain-store/participant-rejoins", test_participant_rejoins);
  ADD ("/domain-store/auth-refused", test_auth_refused);
  ADD ("/domain-store/verdicts", test_verdicts);
  ADD ("/domain-store/outlives-pruning", test_outlives_pruning);
  ADD ("/domain-store/damaged-bodies", test_damaged_bodies);
  ADD ("/domain-store/changed-since", test_changed_since);
#undef ADD

  return g_test_run ();
}
