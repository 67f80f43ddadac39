/* test-cli-schedule.c: `hookscope expand` and `hookscope export-ics`, run as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected lines are the seed payload's schedule worked out by hand: 30 Nov 2026 18:47–19:47
 * in America/Montreal, which is EST (-05:00) then (zdump -v America/Montreal: EDT ends 1 Nov).
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hs-projections.h"
#include "hs-store.h"

/* Every day at 10:00–11:00 UTC from 1 Jan 2026, unbounded. */
#define DAILY_UTC \
  "{'timezone': 'UTC', 'recurrence': 'daily', 'frequency': 'daily'," \
  " 'starts_at_date': '2026-01-01', 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00'}"

#define SEED_LINE "2026-11-30T18:47:00-05:00 2026-11-30T19:47:00-05:00\n"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hs-cli-schedule-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, g_file_info_get_name (info), NULL);

      g_remove (path);
      g_object_unref (info);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Runs hookscope with argv (NULL-terminated, without the program); returns the exit status. */
static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("HS_BINARY");
  int status = -1;
  va_list ap;

  g_assert_nonnull (binary);
  g_ptr_array_add (args, (char *)binary);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("HS_SAMPLES_DIR"), name, NULL);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *text = g_strdelimit (g_strdup (contents), "'", '"');
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The seed's data.event (and its schedule) written on their own. */
static void
write_parts (Fixture  *f,
             char    **event_path,
             char    **schedule_path)
{
  g_autofree char *seed = sample_path ("event_invitation_created.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *event;
  g_autofree char *event_text = NULL;
  g_autofree char *schedule_text = NULL;

  json_parser_load_from_file (parser, seed, &error);
  g_assert_no_error (error);
  event = json_object_get_object_member (json_object_get_object_member (
    json_node_get_object (json_parser_get_root (parser)), "data"), "event");
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), event);
    JsonObject *schedule_object = json_object_get_object_member (event, "schedule");
    g_autoptr(JsonNode) schedule = json_node_init_object (json_node_alloc (), schedule_object);

    event_text = json_to_string (node, FALSE);
    schedule_text = json_to_string (schedule, FALSE);
  }

  *event_path = g_build_filename (f->dir, "event.json", NULL);
  *schedule_path = g_build_filename (f->dir, "schedule.json", NULL);
  g_assert_true (g_file_set_contents (*event_path, event_text, -1, NULL));
  g_assert_true (g_file_set_contents (*schedule_path, schedule_text, -1, NULL));
}

/* A whole payload, an event and a bare schedule all give the seed's single occurrence. */
static void
test_expand_detects_shape (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *seed = sample_path ("event_invitation_created.json");
  g_autofree char *event_path = NULL;
  g_autofree char *schedule_path = NULL;
  const char *paths[3];

  write_parts (f, &event_path, &schedule_path);
  paths[0] = seed;
  paths[1] = event_path;
  paths[2] = schedule_path;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run (&out, &err, "expand", paths[i], NULL), ==, 0);
      g_assert_cmpstr (out, ==, SEED_LINE);
      g_assert_cmpstr (err, ==, "");
    }
}

/* All-day: first and last dates. The sample: 17–19 July yearly, count 3, 2027 excluded. */
static void
test_expand_all_day (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = sample_path ("event_all_day.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (&out, &err, "expand", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "2026-07-17 2026-07-19\n"
                   "2028-07-17 2028-07-19\n"
                   "2029-07-17 2029-07-19\n");
}

/* UTC prints +00:00, never Z. */
static void
test_expand_utc_offset (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_file (f, "utc.json",
                                      "{'timezone': 'UTC', 'recurrence': 'none',"
                                      " 'starts_at_date': '2026-01-01',"
                                      " 'starts_at_time': '10:00:00',"
                                      " 'ends_at_date': '2026-01-01', 'ends_at_time': '11:00:00'}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (&out, &err, "expand", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n");
}

static void
test_expand_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = sample_path ("event_weekly.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *occurrences;
  JsonObject *first;

  g_assert_cmpint (run (&out, &err, "expand", "--json", "--limit", "2", path, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "timezone"), ==, "America/Montreal");
  g_assert_false (json_object_get_boolean_member (root, "all_day"));
  /* until 17 Dec holds more than 2: truncated, said in JSON and on stderr. */
  g_assert_true (json_object_get_boolean_member (root, "truncated"));
  g_assert_nonnull (strstr (err, "truncated"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "excluded_dates")),
                    ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "warnings")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root,
                                                                         "omerlo_warnings")),
                    ==, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "summary"),
                                   "Every week on Tuesday and Thursday"));
  occurrences = json_object_get_array_member (root, "occurrences");
  g_assert_cmpuint (json_array_get_length (occurrences), ==, 2);
  /* Tuesday 8 Sep 2026 19:00–21:30 EDT (-04:00) = 23:00–01:30 UTC. */
  first = json_array_get_object_element (occurrences, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "start"), ==, "2026-09-08T19:00:00-04:00");
  g_assert_cmpstr (json_object_get_string_member (first, "end"), ==, "2026-09-08T21:30:00-04:00");
  g_assert_cmpstr (json_object_get_string_member (first, "start_utc"), ==,
                   "2026-09-08T23:00:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (first, "end_utc"), ==,
                   "2026-09-09T01:30:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (first, "first_date"), ==, "2026-09-08");
  g_assert_cmpstr (json_object_get_string_member (first, "last_date"), ==, "2026-09-08");
}

/* One of ExCycle's corners (DESIGN.md): yearly from 10 Dec 2026, 2027-12-10 excluded, count 3
 * gives 2026, 2029, 2030; a calendar app would also show 2028-12-10 (a Sunday). The warning
 * goes to stderr and into --json, both under "warnings" and "omerlo_warnings". */
static void
test_expand_omerlo_warning (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = write_file (f, "december.json",
                                      "{'timezone': 'UTC', 'recurrence': 'yearly',"
                                      " 'frequency': 'yearly', 'count': 3,"
                                      " 'starts_at_date': '2026-12-10', 'starts_at_time': '10:00',"
                                      " 'ends_at_time': '11:00',"
                                      " 'excluded_dates': ['2027-12-10']}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_out = NULL;
  g_autofree char *json_err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *omerlo;
  const char *message;

  g_assert_cmpint (run (&out, &err, "expand", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "2026-12-10T10:00:00+00:00 2026-12-10T11:00:00+00:00\n"
                   "2029-12-10T10:00:00+00:00 2029-12-10T11:00:00+00:00\n"
                   "2030-12-10T10:00:00+00:00 2030-12-10T11:00:00+00:00\n");
  g_assert_nonnull (strstr (err, "warning: Omerlo's generator skips 1 date of this rule"));
  g_assert_nonnull (strstr (err, "2028-12-10"));
  g_assert_nonnull (strstr (err, "a calendar app reading the same rule would show it"));

  g_assert_cmpint (run (&json_out, &json_err, "expand", "--json", path, NULL), ==, 0);
  json_parser_load_from_data (parser, json_out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  omerlo = json_object_get_array_member (root, "omerlo_warnings");
  g_assert_cmpuint (json_array_get_length (omerlo), ==, 1);
  message = json_array_get_string_element (omerlo, 0);
  g_assert_nonnull (strstr (message, "2028-12-10"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "warnings"),
                                                  0), ==, message);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "occurrences")),
                    ==, 3);
}

/* Invalid input: a message naming the field on stderr, nothing on stdout, exit 2. */
static void
test_expand_invalid (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    const char *json;
    const char *needle;
  } cases[] = {
    { "{'timezone': 'UTC', 'recurrence': 'daily', 'frequency': 'daily', 'interval': 0,"
      " 'starts_at_date': '2026-01-01', 'starts_at_time': '10:00:00'}", "interval:" },
    { "{'timezone': 'Nowhere/Town', 'recurrence': 'none', 'starts_at_date': '2026-01-01',"
      " 'starts_at_time': '10:00:00'}", "timezone: unknown time zone" },
    { "{'data': {'event': {'schedule': {'recurrence': 'daily', 'frequency': 'sometimes',"
      " 'starts_at_date': '2026-01-01', 'starts_at_time': '10:00:00'}}}}", "frequency:" },
    { "not json at all", "" },
    { "{'hello': 'world'}", "No schedule found" },
    { "[1, 2]", "not a JSON object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      g_autofree char *path = write_file (f, name, cases[i].json);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run (&out, &err, "expand", path, NULL), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, cases[i].needle));
    }
}

/* Unbounded: the default cap (1000) or --limit; the note is on stderr only. */
static void
test_expand_truncated (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "daily.json", DAILY_UTC);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run (&out, &err, "expand", "--limit", "3", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "2026-01-01T10:00:00+00:00 2026-01-01T11:00:00+00:00\n"
                   "2026-01-02T10:00:00+00:00 2026-01-02T11:00:00+00:00\n"
                   "2026-01-03T10:00:00+00:00 2026-01-03T11:00:00+00:00\n");
  g_assert_nonnull (strstr (err, "truncated"));

  g_assert_cmpint (run (&out2, &err2, "expand", path, NULL), ==, 0);
  lines = g_strsplit (out2, "\n", -1);
  /* 1000 lines and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1001);
  g_assert_nonnull (strstr (err2, "truncated"));
}

/* --from/--to select local start dates in [from, to); bad values are usage errors. */
static void
test_expand_window (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (f, "daily.json", DAILY_UTC);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_cmpint (run (&out, &err, "expand", "--from", "2026-03-01", "--to", "2026-03-03", path,
                        NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "2026-03-01T10:00:00+00:00 2026-03-01T11:00:00+00:00\n"
                   "2026-03-02T10:00:00+00:00 2026-03-02T11:00:00+00:00\n");
  g_assert_cmpstr (err, ==, "");

  g_assert_cmpint (run (&out2, &err2, "expand", "--from", "March", path, NULL), ==, 2);
  g_assert_cmpstr (out2, ==, "");

  g_assert_cmpint (run (&out3, &err3, "expand", "/nonexistent/file.json", NULL), ==, 1);
  g_assert_cmpstr (out3, ==, "");
}

static void
test_export_ics_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *seed = sample_path ("event_invitation_created.json");
  g_autofree char *event_path = NULL;
  g_autofree char *schedule_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run (&out, &err, "export-ics", seed, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "BEGIN:VCALENDAR\r\n"));
  /* SUMMARY is the first locale's name; UID comes from the event id. */
  g_assert_nonnull (strstr (out, "SUMMARY:Oaked Arrogant Bastard Ale\r\n"));
  g_assert_nonnull (strstr (out, "UID:ef7e8599-4ec0-4376-9af8-7f79d7090e89@hookscope\r\n"));
  g_assert_nonnull (strstr (out, "DTSTART;TZID=America/Montreal:20261130T184700\r\n"));
  /* The wall-clock duration, nominal where it has days (none here). */
  g_assert_nonnull (strstr (out, "DURATION:PT1H\r\n"));
  g_assert_null (strstr (out, "PERIOD"));

  /* Invalid input: exit 2, nothing on stdout. */
  {
    g_autofree char *bad = write_file (f, "bad.json",
                                       "{'timezone': 'UTC', 'recurrence': 'daily',"
                                       " 'frequency': 'daily', 'interval': -1,"
                                       " 'starts_at_date': '2026-01-01',"
                                       " 'starts_at_time': '10:00'}");
    g_autofree char *out3 = NULL;
    g_autofree char *err3 = NULL;

    g_assert_cmpint (run (&out3, &err3, "export-ics", bad, NULL), ==, 2);
    g_assert_cmpstr (out3, ==, "");
    g_assert_nonnull (strstr (err3, "interval:"));
  }

  /* A bare schedule gets a generic summary. */
  write_parts (f, &event_path, &schedule_path);
  g_assert_cmpint (run (&out2, &err2, "export-ics", schedule_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "SUMMARY:Event\r\n"));
}

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* EVENT_ID: looked up in the database the capture stored it in. */
static void
test_export_ics_event_id (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *seed = sample_path ("event_invitation_created.json");
  g_autofree char *db = g_build_filename (f->dir, "hookscope.db", NULL);
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (seed, &body, &length, NULL));

  {
    g_autoptr(HsStore) store = hs_store_open (db, &error);
    guint n_projections;
    const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
    g_autoptr(HsDelivery) delivery = hs_delivery_new ();
    g_autoptr(GBytes) bytes = g_bytes_new (body, length);
    g_autoptr(GAsyncResult) result = NULL;

    g_assert_no_error (error);
    hs_store_start_projections (store, projections, n_projections);
    hs_delivery_set_method (delivery, "POST");
    hs_delivery_set_path (delivery, "/");
    hs_delivery_set_content_type (delivery, "application/json");
    hs_delivery_set_received_at (delivery, g_get_real_time ());
    hs_delivery_set_body (delivery, bytes);
    hs_delivery_set_body_size (delivery, length);
    hs_delivery_set_auth_verdict (delivery, HS_AUTH_NOT_REQUIRED);
    hs_store_insert_async (store, delivery, NULL, on_inserted, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (hs_store_insert_finish (store, result, &error), >, 0);
    g_assert_no_error (error);
    hs_store_close (store);
  }

  g_assert_cmpint (run (&out, &err, "export-ics", "--db", db,
                        "ef7e8599-4ec0-4376-9af8-7f79d7090e89", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "SUMMARY:Oaked Arrogant Bastard Ale\r\n"));
  g_assert_nonnull (strstr (out, "DTSTART;TZID=America/Montreal:20261130T184700\r\n"));

  /* An unknown id: a failure, nothing on stdout. */
  g_assert_cmpint (run (&out2, &err2, "export-ics", "--db", db, "no-such-event", NULL), ==, 1);
  g_assert_cmpstr (out2, ==, "");
  g_assert_nonnull (strstr (err2, "no-such-event"));

  /* --all: every event of the database, one VTIMEZONE per zone; with a file beside it, both
   * events in one calendar. */
  {
    g_autofree char *out3 = NULL;
    g_autofree char *err3 = NULL;
    g_autofree char *out4 = NULL;
    g_autofree char *err4 = NULL;
    g_autofree char *out5 = NULL;
    g_autofree char *err5 = NULL;
    g_autofree char *other = write_file (f, "other.json",
                                         "{'id': 'other', 'schedule': {'timezone': "
                                         "'America/Montreal', 'recurrence': 'none',"
                                         " 'starts_at_date': '2027-01-05',"
                                         " 'starts_at_time': '10:00'}}");

    g_assert_cmpint (run (&out3, &err3, "export-ics", "--db", db, "--all", NULL), ==, 0);
    g_assert_nonnull (strstr (out3, "UID:ef7e8599-4ec0-4376-9af8-7f79d7090e89@hookscope\r\n"));
    g_assert_cmpint (run (&out4, &err4, "export-ics", "--db", db, "--all", other, NULL), ==, 0);
    g_assert_nonnull (strstr (out4, "UID:ef7e8599-4ec0-4376-9af8-7f79d7090e89@hookscope\r\n"));
    g_assert_nonnull (strstr (out4, "UID:other@hookscope\r\n"));
    g_assert_nonnull (strstr (out4, "DTSTART;TZID=America/Montreal:20270105T100000\r\n"));
    g_assert_nonnull (strstr (out4, "TZID:America/Montreal\r\n"));
    g_assert_null (strstr (strstr (out4, "TZID:America/Montreal\r\n") + 1,
                           "\r\nTZID:America/Montreal\r\n"));

    /* Nothing to export: bad usage. */
    g_assert_cmpint (run (&out5, &err5, "export-ics", "--db", db, NULL), ==, 2);
    g_assert_cmpstr (out5, ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli-schedule/expand/shapes", test_expand_detects_shape);
  ADD ("/cli-schedule/expand/all-day", test_expand_all_day);
  ADD ("/cli-schedule/expand/utc-offset", test_expand_utc_offset);
  ADD ("/cli-schedule/expand/json", test_expand_json);
  ADD ("/cli-schedule/expand/omerlo-warning", test_expand_omerlo_warning);
  ADD ("/cli-schedule/expand/invalid", test_expand_invalid);
  ADD ("/cli-schedule/expand/truncated", test_expand_truncated);
  ADD ("/cli-schedule/expand/window", test_expand_window);
  ADD ("/cli-schedule/export-ics/file", test_export_ics_file);
  ADD ("/cli-schedule/export-ics/event-id", test_export_ics_event_id);

  return g_test_run ();
}
