/* test-injection.c: payload text is data in every command that prints it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deliveries whose every printed field (path, query, header names and values, event ids,
 * names, locales, emails, participant names) holds Pango markup, printf conversions (%n
 * crashes a printf that takes it as its format), quotes, a semicolon, and shell command
 * substitutions that would create files. Each command (list, show, events, invitations,
 * participants, expand, export, export-ics) must print the text exactly as received, and no
 * file may appear. The rules this checks are in HACKING.md ("Payload text is data");
 * build-aux/check-injection.sh greps the sources for them (test check-injection).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libical/ical.h>
#include <string.h>

#include "hs-store.h"

typedef struct
{
  char *dir;
  char *db;
  char *hostile;      /* the text put in every field */
  char *pwned[2];     /* the files the command substitutions would create */
  char *event_id;
} Fixture;

static char *
hostile_text (const char *dir,
              char      **pwned)
{
  pwned[0] = g_build_filename (dir, "pwned-dollar", NULL);
  pwned[1] = g_build_filename (dir, "pwned-backtick", NULL);
  return g_strdup_printf ("<b>x</b> &amp; <span foreground=\"red\">%%n%%s%%x</span> '\" ; "
                          "$(touch %s) `touch %s` %%1$s {0} \\n", pwned[0], pwned[1]);
}

static JsonNode *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"), name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The sample's event with the hostile text in its id, its names and a locale code. */
static void
make_event_hostile (Fixture    *f,
                    JsonObject *event)
{
  JsonArray *locales = json_object_get_array_member (event, "locales");
  JsonObject *first = json_array_get_object_element (locales, 0);
  JsonObject *extra = json_object_new ();

  json_object_set_string_member (event, "id", f->event_id);
  json_object_set_string_member (first, "name", f->hostile);
  json_object_set_string_member (extra, "locale", f->hostile);
  json_object_set_string_member (extra, "name", f->hostile);
  json_object_set_null_member (extra, "summary_html");
  json_array_add_object_element (locales, extra);
}

static char *
hostile_body (Fixture    *f,
              const char *sample)
{
  g_autoptr(JsonNode) root = load_sample (sample);
  JsonObject *data = json_object_get_object_member (json_node_get_object (root), "data");

  make_event_hostile (f, json_object_get_object_member (data, "event"));
  if (json_object_has_member (data, "invitation"))
    {
      JsonObject *invitation = json_object_get_object_member (data, "invitation");
      g_autofree char *email = g_strconcat (f->hostile, "@example.com", NULL);

      json_object_set_string_member (invitation, "email", email);
      json_object_set_string_member (invitation, "event_id", f->event_id);
    }
  if (json_object_has_member (data, "participant"))
    {
      JsonObject *participant = json_object_get_object_member (data, "participant");
      JsonObject *person = json_object_get_object_member (participant, "person");

      json_object_set_string_member (participant, "email", f->hostile);
      json_object_set_string_member (participant, "event_id", f->event_id);
      json_object_set_string_member (person, "first_name", f->hostile);
      json_object_set_string_member (person, "last_name", "Tremblay");
    }
  return json_to_string (root, FALSE);
}

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gint64 *id = user_data;
  g_autoptr(GError) error = NULL;

  *id = hs_store_insert_finish (HS_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
insert (Fixture    *f,
        HsStore    *store,
        const char *event_name,
        const char *sample)
{
  g_autoptr(HsDelivery) delivery = hs_delivery_new ();
  g_autofree char *body = hostile_body (f, sample);
  g_autofree char *path = g_strconcat ("/hooks/", f->hostile, NULL);
  g_autofree char *query = g_strconcat ("q=", f->hostile, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  gint64 id = 0;

  hs_delivery_set_received_at (delivery, g_get_real_time ());
  hs_delivery_set_method (delivery, "POST");
  hs_delivery_set_path (delivery, path);
  hs_delivery_set_query (delivery, query);
  hs_delivery_set_peer (delivery, "127.0.0.1");
  hs_delivery_set_content_type (delivery, "application/json");
  hs_delivery_set_event_name (delivery, event_name);
  hs_delivery_add_header (delivery, "Content-Type", "application/json");
  hs_delivery_add_header (delivery, "X-Hostile", f->hostile);
  hs_delivery_add_header (delivery, "User-Agent", f->hostile);
  hs_delivery_set_body (delivery, bytes);
  hs_delivery_set_body_size (delivery, strlen (body));
  hs_delivery_set_auth_verdict (delivery, HS_AUTH_NOT_REQUIRED);
  hs_delivery_set_parse_verdict (delivery, HS_PARSE_OK, NULL);
  hs_delivery_set_response_status (delivery, 200);

  hs_store_insert_async (store, delivery, NULL, insert_cb, &id);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (id, >, 0);
}

/* Runs hookscope with the arguments (NULL-terminated); returns its exit status. Standard error
 * must hold no GLib warning or critical. */
static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *)g_getenv ("HS_BINARY"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *)args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  /* (Not _communicate_utf8 (): GLib 2.74 leaks a buffer there, which LeakSanitizer reports.) */
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out_bytes, &err_bytes, &error));
  g_assert_no_error (error);
  /* (Empty output is NULL data, which g_strndup () turns into NULL.) */
  out_text = g_strndup (g_bytes_get_size (out_bytes) ? g_bytes_get_data (out_bytes, NULL) : "",
                        g_bytes_get_size (out_bytes));
  err_text = g_strndup (g_bytes_get_size (err_bytes) ? g_bytes_get_data (err_bytes, NULL) : "",
                        g_bytes_get_size (err_bytes));
  g_assert_true (g_utf8_validate (out_text, -1, NULL));
  /* A printf given payload text as its format dies here (%n), or prints garbage. */
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_null (strstr (err_text, "CRITICAL"));
  g_assert_null (strstr (err_text, "WARNING"));

  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  return g_subprocess_get_exit_status (proc);
}

static void
assert_nothing_ran (Fixture *f)
{
  g_assert_false (g_file_test (f->pwned[0], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->pwned[1], G_FILE_TEST_EXISTS));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsStore) store = NULL;

  f->dir = g_dir_make_tmp ("hs-test-injection-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "injection.db", NULL);
  f->hostile = hostile_text (f->dir, f->pwned);
  f->event_id = g_strconcat ("ev-", f->hostile, NULL);

  store = hs_store_open (f->db, &error);
  g_assert_no_error (error);
  insert (f, store, "event_invitation_created", "event_invitation_created.json");
  insert (f, store, "participant_created", "participant_created.json");
  hs_store_close (store);

  /* The domain model and the search index, as the window's projector builds them. */
  g_assert_cmpint (run (NULL, NULL, "reproject", "--db", f->db, NULL), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->hostile);
  g_free (f->pwned[0]);
  g_free (f->pwned[1]);
  g_free (f->event_id);
}

/* The text, exactly, somewhere in @haystack. */
#define assert_has(haystack, needle)                                                   \
  G_STMT_START {                                                                       \
    if (strstr ((haystack), (needle)) == NULL)                                         \
      g_error ("%s:%d: output does not hold “%s” literally:\n%s", __FILE__, __LINE__,  \
               (needle), (haystack));                                                  \
  } G_STMT_END

static void
test_list_and_show (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *list = NULL;
  g_autofree char *show = NULL;
  g_autofree char *show_json = NULL;
  g_autofree char *path = g_strconcat ("/hooks/", f->hostile, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_cmpint (run (&list, NULL, "list", "--db", f->db, NULL), ==, 0);
  assert_has (list, path);
  g_assert_cmpint (run (&show, NULL, "show", "1", "--db", f->db, NULL), ==, 0);
  assert_has (show, path);
  assert_has (show, f->hostile);  /* query, headers, body */
  {
    g_autofree char *header = g_strconcat ("X-Hostile: ", f->hostile, NULL);
    g_autofree char *query = g_strconcat ("q=", f->hostile, NULL);

    assert_has (show, query);
    assert_has (show, header);
  }

  g_assert_cmpint (run (&show_json, NULL, "show", "1", "--json", "--db", f->db, NULL), ==, 0);
  json_parser_load_from_data (parser, show_json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, path);

  /* Search with the text: it is words to find, never query syntax or SQL. */
  {
    g_autofree char *found = NULL;

    g_assert_cmpint (run (&found, NULL, "list", "--db", f->db, "--search", "'\" ; %n", NULL),
                     ==, 0);
    g_clear_pointer (&found, g_free);
    g_assert_cmpint (run (&found, NULL, "list", "--db", f->db, "--search", f->hostile, NULL),
                     ==, 0);
  }
  assert_nothing_ran (f);
}

static void
test_domain (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *events = NULL;
  g_autofree char *events_json = NULL;
  g_autofree char *invitations = NULL;
  g_autofree char *participants = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *email = g_strconcat (f->hostile, "@example.com", NULL);
  g_autofree char *name = g_strconcat (f->hostile, " Tremblay", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *event;

  g_assert_cmpint (run (&events, NULL, "events", "--db", f->db, NULL), ==, 0);
  assert_has (events, f->event_id);
  assert_has (events, f->hostile);

  g_assert_cmpint (run (&events_json, NULL, "events", "--json", "--db", f->db, NULL), ==, 0);
  json_parser_load_from_data (parser, events_json, -1, &error);
  g_assert_no_error (error);
  event = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (event, "id"), ==, f->event_id);
  g_assert_cmpstr (json_object_get_string_member (event, "name"), ==, f->hostile);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (event, "locales"),
                                                  1), ==, f->hostile);

  g_assert_cmpint (run (&versions, NULL, "events", "--versions", f->event_id, "--db", f->db,
                        NULL), ==, 0);
  assert_has (versions, f->hostile);

  g_assert_cmpint (run (&invitations, NULL, "invitations", "--db", f->db, NULL), ==, 0);
  assert_has (invitations, email);
  assert_has (invitations, f->hostile);  /* the event's name */

  g_assert_cmpint (run (&participants, NULL, "participants", "--db", f->db, NULL), ==, 0);
  assert_has (participants, name);
  assert_has (participants, f->hostile);
  assert_nothing_ran (f);
}

static void
test_expand (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) root = load_sample ("event_weekly.json");
  JsonObject *schedule = json_object_get_object_member (
    json_object_get_object_member (json_object_get_object_member (json_node_get_object (root),
                                                                  "data"), "event"), "schedule");
  g_autofree char *file = g_build_filename (f->dir, "hostile-schedule.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  /* A value the parser rejects is quoted back in the message, as it is. */
  json_object_set_string_member (schedule, "frequency", f->hostile);
  text = json_to_string (root, FALSE);
  g_file_set_contents (file, text, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run (&out, &err, "expand", file, NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  /* A value of the wrong shape is quoted as JSON (docs/schedule.md), so as a JSON string. */
  {
    g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), f->hostile);
    g_autofree char *quoted = json_to_string (node, FALSE);

    assert_has (err, quoted);
  }

  /* An unknown time zone named in the message, too. */
  json_object_set_string_member (schedule, "frequency", "weekly");
  json_object_set_string_member (schedule, "timezone", f->hostile);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  text = json_to_string (root, FALSE);
  g_file_set_contents (file, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (&out, &err, "expand", file, NULL), ==, 2);
  assert_has (err, f->hostile);
  assert_nothing_ran (f);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *jsonl = NULL;
  g_autofree char *har = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *path = g_strconcat ("/hooks/", f->hostile, NULL);
  g_autofree char *uid = g_strconcat (f->event_id, "@hookscope", NULL);
  g_auto(GStrv) lines = NULL;
  icalcomponent *calendar;
  icalcomponent *vevent;

  g_assert_cmpint (run (&jsonl, NULL, "export", "--format", "jsonl", "--db", f->db, NULL), ==, 0);
  lines = g_strsplit (jsonl, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (
                         json_node_get_object (json_parser_get_root (parser)), "path"), ==, path);
    }

  g_assert_cmpint (run (&har, NULL, "export", "--format", "har", "--db", f->db, NULL), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *entries;
    guint found = 0;

    json_parser_load_from_data (parser, har, -1, &error);
    g_assert_no_error (error);
    entries = json_object_get_array_member (
      json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "log"),
      "entries");
    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *request = json_object_get_object_member (
          json_array_get_object_element (entries, i), "request");
        JsonArray *headers = json_object_get_array_member (request, "headers");

        for (guint j = 0; j < json_array_get_length (headers); j++)
          {
            JsonObject *header = json_array_get_object_element (headers, j);

            if (g_strcmp0 (json_object_get_string_member (header, "name"), "X-Hostile") == 0)
              {
                g_assert_cmpstr (json_object_get_string_member (header, "value"), ==,
                                 f->hostile);
                found++;
              }
          }
      }
    g_assert_cmpuint (found, ==, 2);
  }

  g_assert_cmpint (run (&ics, NULL, "export-ics", f->event_id, "--db", f->db, NULL), ==, 0);
  calendar = icalparser_parse_string (ics);
  g_assert_nonnull (calendar);
  vevent = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (vevent);
  g_assert_cmpstr (icalcomponent_get_summary (vevent), ==, f->hostile);
  g_assert_cmpstr (icalcomponent_get_uid (vevent), ==, uid);
  icalcomponent_free (calendar);
  assert_nothing_ran (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/injection/list-show", Fixture, NULL, fixture_setup, test_list_and_show,
              fixture_teardown);
  g_test_add ("/injection/domain", Fixture, NULL, fixture_setup, test_domain, fixture_teardown);
  g_test_add ("/injection/expand", Fixture, NULL, fixture_setup, test_expand, fixture_teardown);
  g_test_add ("/injection/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);

  return g_test_run ();
}
