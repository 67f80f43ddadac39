/* test-payload.c: the tolerant Backoffice payload parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "hs-delivery-json.h"
#include "hs-payload.h"
#include "hs-payload-cache.h"

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

static HsPayload *
parse_text (const char *text)
{
  return hs_payload_new (text, strlen (text));
}

/* The seed sample with the member at a dotted @path replaced by @json (NULL: removed). */
static char *
seed_with (const char *path,
           const char *json)
{
  g_autofree char *seed = load_sample ("event_invitation_created.json");
  g_autoptr(JsonNode) root = json_from_string (seed, NULL);
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);
  JsonObject *object = json_node_get_object (root);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);

  if (json == NULL)
    json_object_remove_member (object, parts[n - 1]);
  else
    json_object_set_member (object, parts[n - 1], json_from_string (json, NULL));

  return json_to_string (root, FALSE);
}

static void
test_seed_field_for_field (void)
{
  g_autofree char *body = load_sample ("event_invitation_created.json");
  g_autoptr(HsPayload) payload = parse_text (body);
  g_auto(GStrv) locales = NULL;
  HsEvent *event;
  HsInvitation *invitation;
  JsonObject *schedule;

  g_assert_cmpint (hs_payload_get_verdict (payload), ==, HS_PARSE_OK);
  g_assert_null (hs_payload_get_message (payload));
  g_assert_cmpstr (hs_payload_get_event_name (payload), ==, "event_invitation_created");
  g_assert_cmpint (hs_payload_get_kind (payload), ==, HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED);
  g_assert_null (hs_payload_get_participant (payload));

  event = hs_payload_get_event (payload);
  g_assert_nonnull (event);
  g_assert_cmpstr (hs_event_get_id (event), ==, "ef7e8599-4ec0-4376-9af8-7f79d7090e89");
  g_assert_cmpstr (hs_event_get_name (event), ==, "Oaked Arrogant Bastard Ale");
  g_assert_cmpstr (hs_event_lookup_name (event, "en"), ==, "Oaked Arrogant Bastard Ale");
  g_assert_null (hs_event_lookup_name (event, "fr"));
  g_assert_null (hs_event_lookup_summary_html (event, "en"));
  locales = hs_event_dup_locales (event);
  g_assert_cmpuint (g_strv_length (locales), ==, 1);
  g_assert_cmpstr (locales[0], ==, "en");
  g_assert_cmpstr (hs_event_get_inserted_at (event), ==, "2026-08-16T06:08:00Z");
  g_assert_cmpstr (hs_event_get_updated_at (event), ==, "2026-08-16T06:08:00Z");
  g_assert_null (hs_event_get_cover_image_key (event));
  g_assert_null (hs_event_get_profile_image_key (event));
  g_assert_null (hs_event_get_subscription_url (event));
  g_assert_cmpstr (hs_event_get_profile_id (event), ==, "ef7e8599-4ec0-4376-9af8-7f79d7090e89");
  g_assert_cmpstr (hs_event_get_workspace_id (event), ==, "f303371b-5e1b-437e-9a1c-88d8d7e119a6");
  g_assert_null (hs_event_get_canonical_url (event));
  g_assert_false (hs_event_get_profile_categories_loaded (event));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     hs_event_get_object (event), "profile"), "profile_type_id"),
                   ==, "5becc428-cf2b-4fb4-996e-2341752c9e06");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     hs_event_get_object (event), "profile"), "status_id"),
                   ==, "9d120875-def9-4be2-b63f-766d9d782325");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      hs_event_get_object (event), "address")), ==, 0);
  g_assert_cmpstr (hs_event_get_timezone (event), ==, "America/Montreal");

  schedule = hs_event_get_schedule (event);
  g_assert_nonnull (schedule);
  g_assert_false (json_object_get_boolean_member (schedule, "all_day?"));
  g_assert_cmpint (json_object_get_int_member (schedule, "count"), ==, 730);
  g_assert_cmpint (json_object_get_int_member (schedule, "interval"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (schedule, "frequency"), ==, "daily");
  g_assert_cmpstr (json_object_get_string_member (schedule, "recurrence"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (schedule, "starts_at_date"), ==, "2026-11-30");
  g_assert_cmpstr (json_object_get_string_member (schedule, "starts_at_time"), ==, "18:47:00");
  g_assert_cmpstr (json_object_get_string_member (schedule, "ends_at_date"), ==, "2026-11-30");
  g_assert_cmpstr (json_object_get_string_member (schedule, "ends_at_time"), ==, "19:47:00");
  g_assert_true (json_object_get_null_member (schedule, "until"));
  g_assert_true (json_object_get_null_member (schedule, "monthly_opts"));

  invitation = hs_payload_get_invitation (payload);
  g_assert_nonnull (invitation);
  g_assert_cmpstr (hs_invitation_get_id (invitation), ==, "a2de79c9-0f46-49b9-9c5b-b94b4acaa6c1");
  g_assert_cmpstr (hs_invitation_get_email (invitation), ==, "qbuirette@omerlo.com");
  g_assert_cmpstr (hs_invitation_get_event_id (invitation), ==,
                   "ef7e8599-4ec0-4376-9af8-7f79d7090e89");
  g_assert_cmpstr (hs_invitation_get_inserted_at (invitation), ==, "2026-05-29T15:21:33Z");
}

/* The raw JSON keeps every member, unknown ones included, and parses back to the same event. */
static void
test_raw_json_round_trip (void)
{
  g_autofree char *body = seed_with ("data.event.brand_new_field", "{\"nested\": [1, 2]}");
  g_autoptr(HsPayload) payload = parse_text (body);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsEvent) copy = NULL;
  HsEvent *event = hs_payload_get_event (payload);

  g_assert_cmpint (hs_payload_get_verdict (payload), ==, HS_PARSE_OK);
  copy = hs_event_new_from_json (hs_event_get_raw_json (event), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_event_get_id (copy), ==, hs_event_get_id (event));
  g_assert_true (json_object_has_member (hs_event_get_object (copy), "brand_new_field"));
  g_assert_cmpstr (hs_event_get_raw_json (copy), ==, hs_event_get_raw_json (event));
}

static HsEvent *
event_of (const char *body)
{
  g_autoptr(HsPayload) payload = parse_text (body);

  g_assert_nonnull (hs_payload_get_event (payload));
  return g_object_ref (hs_payload_get_event (payload));
}

static void
test_diff (void)
{
  g_autofree char *seed = load_sample ("event_invitation_created.json");
  g_autofree char *changed_body = NULL;
  g_autoptr(HsEvent) a = event_of (seed);
  g_autoptr(HsEvent) same = event_of (seed);
  g_autoptr(HsEvent) b = NULL;
  g_autoptr(GPtrArray) none = hs_event_diff (a, same);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonNode) root = json_from_string (seed, NULL);
  JsonObject *event = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (root), "data"), "event");
  HsEventChange *change;

  g_assert_cmpuint (none->len, ==, 0);

  /* A changed value, a removed member, an added member, a longer array. */
  json_object_set_int_member (json_object_get_object_member (event, "schedule"), "interval", 2);
  json_object_remove_member (event, "cover_image_key");
  json_object_set_string_member (event, "venue", "Hall B");
  json_array_add_string_element (json_object_get_array_member (
                                   json_object_get_object_member (event, "schedule"),
                                   "excluded_dates"), "2026-12-25");
  changed_body = json_to_string (root, FALSE);
  b = event_of (changed_body);
  changes = hs_event_diff (a, b);

  g_assert_cmpuint (changes->len, ==, 4);
  /* In the older version's member order, additions last. */
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->path, ==, "cover_image_key");
  g_assert_true (JSON_NODE_HOLDS_NULL (change->old_value));
  g_assert_null (change->new_value);
  change = g_ptr_array_index (changes, 1);
  g_assert_cmpstr (change->path, ==, "schedule.excluded_dates[0]");
  g_assert_null (change->old_value);
  g_assert_cmpstr (json_node_get_string (change->new_value), ==, "2026-12-25");
  change = g_ptr_array_index (changes, 2);
  g_assert_cmpstr (change->path, ==, "schedule.interval");
  g_assert_cmpint (json_node_get_int (change->old_value), ==, 1);
  g_assert_cmpint (json_node_get_int (change->new_value), ==, 2);
  change = g_ptr_array_index (changes, 3);
  g_assert_cmpstr (change->path, ==, "venue");
  g_assert_null (change->old_value);
  g_assert_cmpstr (json_node_get_string (change->new_value), ==, "Hall B");
}

static void
test_all_samples (void)
{
  static const struct {
    const char *file;
    HsPayloadKind kind;
    const char *event_name;
  } samples[] = {
    { "event_invitation_created.json", HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED, NULL },
    { "participant_created.json", HS_PAYLOAD_KIND_PARTICIPANT_CREATED, NULL },
    { "participant_removed.json", HS_PAYLOAD_KIND_PARTICIPANT_REMOVED, NULL },
    { "event_weekly.json", HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED, "Tuesday Night Tasting" },
    { "event_monthly_nth_weekday.json", HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED,
      "Club de lecture" },
    { "event_all_day.json", HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED, "Summer Beer Festival" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *body = load_sample (samples[i].file);
      g_autoptr(HsPayload) payload = parse_text (body);

      g_test_message ("%s", samples[i].file);
      g_assert_cmpint (hs_payload_get_verdict (payload), ==, HS_PARSE_OK);
      g_assert_cmpint (hs_payload_get_kind (payload), ==, samples[i].kind);
      g_assert_nonnull (hs_payload_get_event (payload));
      if (samples[i].event_name != NULL)
        g_assert_cmpstr (hs_event_get_name (hs_payload_get_event (payload)), ==,
                         samples[i].event_name);
      if (samples[i].kind == HS_PAYLOAD_KIND_EVENT_INVITATION_CREATED)
        g_assert_nonnull (hs_payload_get_invitation (payload));
      else
        g_assert_nonnull (hs_payload_get_participant (payload));
    }
}

static void
test_weekly_locales (void)
{
  g_autofree char *body = load_sample ("event_weekly.json");
  g_autoptr(HsPayload) payload = parse_text (body);
  HsEvent *event = hs_payload_get_event (payload);
  g_auto(GStrv) locales = hs_event_dup_locales (event);
  const char * const expected[] = { "en", "fr", "es", NULL };

  g_assert_cmpstrv (locales, expected);
  g_assert_cmpstr (hs_event_lookup_name (event, "fr"), ==, "Dégustation du mardi soir");
  g_assert_cmpstr (hs_event_lookup_summary_html (event, "en"), ==,
                   "<p>Craft beers, every <b>Tuesday</b> and Thursday.</p>");
  g_assert_true (hs_event_get_profile_categories_loaded (event) == FALSE);

  {
    const char * const fr_ca[] = { "fr_CA.UTF-8", "fr_CA", "fr", "C", NULL };
    const char * const es[] = { "es_MX", "es", NULL };
    const char * const de_then_en[] = { "de_DE", "de", "en_US", "en", NULL };
    const char * const c[] = { "C", NULL };

    g_assert_cmpstr (hs_event_get_name_for_languages (event, fr_ca), ==,
                     "Dégustation du mardi soir");
    g_assert_cmpstr (hs_event_get_name_for_languages (event, es), ==, "Cata de los martes");
    g_assert_cmpstr (hs_event_get_name_for_languages (event, de_then_en), ==,
                     "Tuesday Night Tasting");
    /* No match: the first locale's name. */
    g_assert_cmpstr (hs_event_get_name_for_languages (event, c), ==, "Tuesday Night Tasting");
  }
}

static void
test_participants (void)
{
  g_autofree char *created_body = load_sample ("participant_created.json");
  g_autofree char *removed_body = load_sample ("participant_removed.json");
  g_autoptr(HsPayload) created = parse_text (created_body);
  g_autoptr(HsPayload) removed = parse_text (removed_body);
  HsParticipant *p = hs_payload_get_participant (created);

  g_assert_cmpstr (hs_participant_get_id (p), ==, "3f1c2b9e-7d4a-4c1e-9a55-0b6f2f8d1e20");
  g_assert_cmpstr (hs_participant_get_event_id (p), ==, "ef7e8599-4ec0-4376-9af8-7f79d7090e89");
  g_assert_cmpstr (hs_participant_get_email (p), ==, "marie.tremblay@example.com");
  g_assert_cmpstr (hs_participant_get_name (p), ==, "Marie Tremblay");
  g_assert_cmpstr (hs_participant_get_inserted_at (p), ==, "2026-06-02T13:45:10Z");
  g_assert_null (hs_participant_get_deleted_at (p));

  p = hs_payload_get_participant (removed);
  g_assert_cmpstr (hs_participant_get_id (p), ==, "3f1c2b9e-7d4a-4c1e-9a55-0b6f2f8d1e20");
  g_assert_cmpstr (hs_participant_get_deleted_at (p), ==, "2026-06-05T09:12:44Z");
}

/* Other plausible participant shapes: integer ids, no data.event, email and name elsewhere. */
static void
test_participant_variants (void)
{
  g_autoptr(HsPayload) a = parse_text (
    "{\"event_name\": \"participant_created\", \"data\": {\"participant\": {\"id\": 42,"
    " \"event_id\": \"e1\", \"profile\": {\"name\": \"Ada L\", \"email\": \"ada@example.com\"}}}}");
  g_autoptr(HsPayload) b = parse_text (
    "{\"event_name\": \"participant_removed\", \"data\": {\"event\": {\"id\": \"e2\"},"
    " \"participant\": {\"id\": \"p2\", \"person\": {\"first_name\": \"Lin\"}}}}");
  g_autoptr(HsPayload) c = parse_text (
    "{\"event_name\": \"participant_created\", \"data\": {\"participant\": {\"email\": \"x@y\"}}}");
  HsParticipant *p;

  g_assert_cmpint (hs_payload_get_verdict (a), ==, HS_PARSE_OK);
  p = hs_payload_get_participant (a);
  g_assert_cmpstr (hs_participant_get_id (p), ==, "42");
  g_assert_cmpstr (hs_participant_get_event_id (p), ==, "e1");
  g_assert_cmpstr (hs_participant_get_name (p), ==, "Ada L");
  g_assert_cmpstr (hs_participant_get_email (p), ==, "ada@example.com");
  g_assert_null (hs_payload_get_event (a));

  g_assert_cmpint (hs_payload_get_verdict (b), ==, HS_PARSE_OK);
  p = hs_payload_get_participant (b);
  g_assert_cmpstr (hs_participant_get_event_id (p), ==, "e2");
  g_assert_cmpstr (hs_participant_get_name (p), ==, "Lin");
  g_assert_null (hs_participant_get_email (p));

  g_assert_cmpint (hs_payload_get_verdict (c), ==, HS_PARSE_INVALID_SHAPE);
  g_assert_cmpstr (hs_payload_get_message (c), ==, "data.participant.id: missing");
  g_assert_null (hs_payload_get_participant (c));
}

static void
test_tolerance (void)
{
  static const struct {
    const char *path;
    const char *json;         /* NULL: remove the member */
    HsParseVerdict verdict;
    const char *message;
    gboolean has_event;
    gboolean has_invitation;
  } cases[] = {
    /* Unknown, missing optional, null and empty members are fine. */
    { "data.event.new_thing", "{\"a\": 1}", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.new_thing", "[1]", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.schedule", "null", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.schedule", NULL, HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.locales", "[]", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.profile", "null", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.profile.profile_categories", "[]", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.profile.profile_categories", "[{\"id\": \"c\"}]", HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.updated_at", NULL, HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.invitation.email", NULL, HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.schedule.days",
      "[\"monday\", {\"week\": 2, \"day\": \"monday\"}, [1, \"friday\"]]",
      HS_PARSE_OK, NULL, TRUE, TRUE },
    { "data.event.schedule.monthly_opts", "{\"days_of_month\": [1, -1]}", HS_PARSE_OK, NULL, TRUE,
      TRUE },
    /* A wrong type names its path; the event is still understood. */
    { "data.event.schedule.interval", "\"1\"", HS_PARSE_INVALID_SHAPE,
      "data.event.schedule.interval: expected an integer, got a string", TRUE, TRUE },
    { "data.event.schedule.interval", "1.5", HS_PARSE_INVALID_SHAPE,
      "data.event.schedule.interval: expected an integer, got a number", TRUE, TRUE },
    { "data.event.schedule.all_day?", "\"yes\"", HS_PARSE_INVALID_SHAPE,
      "data.event.schedule.all_day?: expected a boolean, got a string", TRUE, TRUE },
    { "data.event.schedule.excluded_dates", "[\"2026-12-01\", 3]", HS_PARSE_INVALID_SHAPE,
      "data.event.schedule.excluded_dates[1]: expected a string, got an integer", TRUE, TRUE },
    { "data.event.schedule", "[]", HS_PARSE_INVALID_SHAPE,
      "data.event.schedule: expected an object, got an array", TRUE, TRUE },
    { "data.event.locales", "[{\"locale\": \"en\", \"name\": 7}]", HS_PARSE_INVALID_SHAPE,
      "data.event.locales[0].name: expected a string, got an integer", TRUE, TRUE },
    { "data.event.locales", "[\"en\"]", HS_PARSE_INVALID_SHAPE,
      "data.event.locales[0]: expected an object, got a string", TRUE, TRUE },
    { "data.event.profile.profile_categories", "\"loaded_later\"", HS_PARSE_INVALID_SHAPE,
      "data.event.profile.profile_categories: expected an array or \"not_loaded\", got a string",
      TRUE, TRUE },
    { "data.event.address", "{}", HS_PARSE_INVALID_SHAPE,
      "data.event.address: expected an array, got an object", TRUE, TRUE },
    { "data.invitation.email", "false", HS_PARSE_INVALID_SHAPE,
      "data.invitation.email: expected a string, got a boolean", TRUE, TRUE },
    /* Without a usable id the object cannot be linked, so it is not built. */
    { "data.event.id", NULL, HS_PARSE_INVALID_SHAPE, "data.event.id: missing", FALSE, TRUE },
    { "data.event.id", "null", HS_PARSE_INVALID_SHAPE,
      "data.event.id: expected a string, got null", FALSE, TRUE },
    { "data.invitation.id", "12", HS_PARSE_INVALID_SHAPE,
      "data.invitation.id: expected a string, got an integer", TRUE, FALSE },
    { "data.invitation", NULL, HS_PARSE_INVALID_SHAPE, "data.invitation: missing", TRUE, FALSE },
    { "data.event", "\"x\"", HS_PARSE_INVALID_SHAPE,
      "data.event: expected an object, got a string", FALSE, TRUE },
    { "data", "null", HS_PARSE_INVALID_SHAPE, "data: expected an object, got null", FALSE, FALSE },
    { "data", NULL, HS_PARSE_INVALID_SHAPE, "data: missing", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = seed_with (cases[i].path, cases[i].json);
      g_autoptr(HsPayload) payload = parse_text (body);

      g_test_message ("%s = %s", cases[i].path, cases[i].json ? cases[i].json : "(removed)");
      g_assert_cmpint (hs_payload_get_verdict (payload), ==, cases[i].verdict);
      g_assert_cmpstr (hs_payload_get_message (payload), ==, cases[i].message);
      g_assert_cmpstr (hs_payload_get_event_name (payload), ==, "event_invitation_created");
      g_assert_true ((hs_payload_get_event (payload) != NULL) == cases[i].has_event);
      g_assert_true ((hs_payload_get_invitation (payload) != NULL) == cases[i].has_invitation);
    }
}

static void
test_several_problems (void)
{
  g_autofree char *step = seed_with ("data.event.schedule.interval", "\"2\"");
  g_autoptr(JsonNode) root = json_from_string (step, NULL);
  g_autofree char *body = NULL;
  g_autoptr(HsPayload) payload = NULL;

  json_object_set_string_member (json_object_get_object_member (json_node_get_object (root),
                                                                "data"),
                                 "invitation", "oops");
  json_object_set_int_member (json_object_get_object_member (
                                json_object_get_object_member (json_node_get_object (root), "data"),
                                "event"),
                              "updated_at", 5);
  body = json_to_string (root, FALSE);
  payload = parse_text (body);

  g_assert_cmpint (hs_payload_get_verdict (payload), ==, HS_PARSE_INVALID_SHAPE);
  /* The first problem in document order of the known shape (event before invitation). */
  g_assert_cmpstr (hs_payload_get_message (payload), ==,
                   "data.event.schedule.interval: expected an integer, got a string (and 2 more)");
}

static void
test_not_understood (void)
{
  static const struct {
    const char *body;
    HsParseVerdict verdict;
    const char *event_name;
    const char *message;     /* NULL: not checked */
  } cases[] = {
    { "{\"event_name\": \"subscription_renewed\", \"data\": {}}", HS_PARSE_UNKNOWN_EVENT,
      "subscription_renewed", NULL },
    { "{\"hello\": \"world\"}", HS_PARSE_UNKNOWN_EVENT, NULL, "event_name: missing" },
    { "{\"event_name\": null}", HS_PARSE_UNKNOWN_EVENT, NULL, "event_name: missing" },
    { "{\"event_name\": 5}", HS_PARSE_INVALID_SHAPE, NULL,
      "event_name: expected a string, got an integer" },
    { "[1, 2]", HS_PARSE_INVALID_SHAPE, NULL, "(root): expected an object, got an array" },
    { "\"participant_created\"", HS_PARSE_INVALID_SHAPE, NULL,
      "(root): expected an object, got a string" },
    { "hello", HS_PARSE_NOT_JSON, NULL, NULL },
    { "{\"event_name\": \"participant_created\"", HS_PARSE_NOT_JSON, NULL, NULL },
    { "", HS_PARSE_NOT_JSON, NULL, NULL },
    { "   ", HS_PARSE_NOT_JSON, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HsPayload) payload = parse_text (cases[i].body);

      g_test_message ("%s", cases[i].body);
      g_assert_cmpint (hs_payload_get_verdict (payload), ==, cases[i].verdict);
      g_assert_cmpstr (hs_payload_get_event_name (payload), ==, cases[i].event_name);
      if (cases[i].message != NULL)
        g_assert_cmpstr (hs_payload_get_message (payload), ==, cases[i].message);
      else if (cases[i].verdict == HS_PARSE_NOT_JSON)
        g_assert_nonnull (hs_payload_get_message (payload));
      g_assert_null (hs_payload_get_event (payload));
    }

  {
    /* A NUL byte inside the body: not JSON, and nothing reads past it. */
    static const char with_nul[] = "{\"event_name\": \"x\"}\0{}";
    g_autoptr(HsPayload) payload = hs_payload_new (with_nul, sizeof with_nul - 1);

    g_assert_cmpint (hs_payload_get_verdict (payload), ==, HS_PARSE_NOT_JSON);
  }
  {
    g_autoptr(HsPayload) payload = hs_payload_new_from_bytes (NULL);

    g_assert_cmpint (hs_payload_get_verdict (payload), ==, HS_PARSE_NOT_JSON);
  }
}

/* Damaged bodies never crash the parser, and the verdict always fits what was built. */
static void
test_mutations (void)
{
  static const char alphabet[] = "{}[]\",:\\ 0123456789.tfnul\x80" "a";
  g_autofree char *seed = load_sample ("participant_removed.json");
  gsize seed_len = strlen (seed);
  guint counts[8] = { 0 };

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *copy = g_memdup2 (seed, seed_len);
      g_autoptr(HsPayload) payload = NULL;
      gsize len = seed_len;
      HsParseVerdict verdict;

      for (guint k = g_test_rand_int_range (1, 4); k > 0 && len > 1; k--)
        {
          guint at = g_test_rand_int_range (0, (gint32)len);

          if (g_test_rand_bit ())
            copy[at] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
          else
            {
              memmove (copy + at, copy + at + 1, len - at - 1);
              len--;
            }
        }

      payload = hs_payload_new (copy, len);
      verdict = hs_payload_get_verdict (payload);
      g_assert_cmpint (verdict, <=, HS_PARSE_INVALID_SHAPE);
      counts[verdict]++;

      if (verdict == HS_PARSE_OK)
        {
          g_assert_null (hs_payload_get_message (payload));
          g_assert_nonnull (hs_payload_get_participant (payload));
        }
      else
        {
          g_assert_nonnull (hs_payload_get_message (payload));
        }
      if (verdict == HS_PARSE_NOT_JSON)
        g_assert_null (hs_payload_get_root (payload));
      if (hs_payload_get_event (payload) != NULL)
        g_assert_nonnull (hs_event_get_id (hs_payload_get_event (payload)));
      if (hs_payload_get_participant (payload) != NULL)
        g_assert_nonnull (hs_participant_get_id (hs_payload_get_participant (payload)));
    }

  g_test_message ("ok %u, not-json %u, unknown-event %u, invalid-shape %u",
                  counts[HS_PARSE_OK], counts[HS_PARSE_NOT_JSON], counts[HS_PARSE_UNKNOWN_EVENT],
                  counts[HS_PARSE_INVALID_SHAPE]);
  /* Mostly broken JSON, but some of each survive: the checks above did run. */
  g_assert_cmpuint (counts[HS_PARSE_NOT_JSON], >, 0);
  g_assert_cmpuint (counts[HS_PARSE_OK], >, 0);
}

/* The writer's cache of recently parsed bodies: found by SHA-256 with the event name stored
 * with it, the oldest entry making room for a new one. */
static void
test_cache (void)
{
  g_autoptr(HsPayloadCache) cache = hs_payload_cache_new (2);
  g_autoptr(HsPayload) a = parse_text ("{\"event_name\": \"a\"}");
  g_autoptr(HsPayload) b = parse_text ("{\"event_name\": \"b\"}");
  g_autoptr(HsPayload) c = parse_text ("[1]");
  g_autoptr(HsPayload) found = NULL;
  const char *name = "untouched";

  g_assert_null (hs_payload_cache_lookup (cache, "aa", &name));
  g_assert_cmpstr (name, ==, "untouched");

  hs_payload_cache_store (cache, "aa", "a", a);
  hs_payload_cache_store (cache, "bb", "b", b);
  found = hs_payload_cache_lookup (cache, "aa", &name);
  g_assert_true (found == a);
  g_assert_cmpstr (name, ==, "a");
  g_clear_object (&found);

  /* A third entry in a cache of two: the first one goes. */
  hs_payload_cache_store (cache, "cc", NULL, c);
  g_assert_null (hs_payload_cache_lookup (cache, "aa", &name));
  found = hs_payload_cache_lookup (cache, "cc", &name);
  g_assert_true (found == c);
  g_assert_null (name);
  g_clear_object (&found);
  found = hs_payload_cache_lookup (cache, "bb", &name);
  g_assert_true (found == b);
  g_clear_object (&found);

  hs_payload_cache_clear (cache);
  g_assert_null (hs_payload_cache_lookup (cache, "bb", &name));
}

static void
test_json_content_type (void)
{
  g_assert_true (hs_content_type_is_json ("application/json"));
  g_assert_true (hs_content_type_is_json ("Application/JSON; charset=utf-8"));
  g_assert_true (hs_content_type_is_json (" application/json ;charset=utf-8"));
  g_assert_true (hs_content_type_is_json ("application/vnd.api+json"));
  g_assert_true (hs_content_type_is_json ("application/problem+JSON"));
  g_assert_false (hs_content_type_is_json (NULL));
  g_assert_false (hs_content_type_is_json (""));
  g_assert_false (hs_content_type_is_json ("text/plain"));
  g_assert_false (hs_content_type_is_json ("application/jsonp"));
  g_assert_false (hs_content_type_is_json ("application/x-www-form-urlencoded"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payload/seed-field-for-field", test_seed_field_for_field);
  g_test_add_func ("/payload/raw-json-round-trip", test_raw_json_round_trip);
  g_test_add_func ("/payload/all-samples", test_all_samples);
  g_test_add_func ("/payload/diff", test_diff);
  g_test_add_func ("/payload/weekly-locales", test_weekly_locales);
  g_test_add_func ("/payload/participants", test_participants);
  g_test_add_func ("/payload/participant-variants", test_participant_variants);
  g_test_add_func ("/payload/tolerance", test_tolerance);
  g_test_add_func ("/payload/several-problems", test_several_problems);
  g_test_add_func ("/payload/not-understood", test_not_understood);
  g_test_add_func ("/payload/mutations", test_mutations);
  g_test_add_func ("/payload/cache", test_cache);
  g_test_add_func ("/payload/json-content-type", test_json_content_type);

  return g_test_run ();
}
