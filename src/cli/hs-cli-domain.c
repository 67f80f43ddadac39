/* hs-cli-domain.c: hookscope events, invitations, participants and trigger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-domain"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-cli-capture-private.h"
#include "hs-delivery-json.h"
#include "hs-domain-store.h"
#include "hs-payload.h"
#include "hs-samples-resources.h"
#include "hs-store.h"

#define SAMPLES_PATH "/io/github/hookscope/Hookscope/samples/"

/* ------------------------------------------------------------------------------------------ */
/* Listing */

typedef enum
{
  LIST_EVENTS,
  LIST_INVITATIONS,
  LIST_PARTICIPANTS,
  LIST_VERSIONS,
} ListKind;

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A delivery id and its time; 0 means "none" and becomes null. */
static void
add_origin (JsonBuilder *builder,
            const char  *id_member,
            gint64       delivery_id,
            const char  *time_member,
            gint64       time_us)
{
  g_autofree char *time = time_us != 0 ? hs_format_timestamp (time_us) : NULL;

  json_builder_set_member_name (builder, id_member);
  if (delivery_id != 0)
    json_builder_add_int_value (builder, delivery_id);
  else
    json_builder_add_null_value (builder);
  add_string (builder, time_member, time);
}

static void
add_object (JsonBuilder *builder,
            const char  *member,
            JsonObject  *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, node);
}

static void
event_to_json (JsonBuilder *builder,
               HsEvent     *event)
{
  g_auto(GStrv) locales = hs_event_dup_locales (event);

  add_string (builder, "id", hs_event_get_id (event));
  add_string (builder, "name", hs_event_get_name (event));
  add_string (builder, "updated_at", hs_event_get_updated_at (event));
  add_string (builder, "inserted_at", hs_event_get_inserted_at (event));
  add_string (builder, "timezone", hs_event_get_timezone (event));
  json_builder_set_member_name (builder, "locales");
  json_builder_begin_array (builder);
  for (guint i = 0; locales[i] != NULL; i++)
    json_builder_add_string_value (builder, locales[i]);
  json_builder_end_array (builder);
  add_origin (builder, "delivery_id", hs_event_get_delivery_id (event),
              "received_at", hs_event_get_received_at (event));
  add_object (builder, "event", hs_event_get_object (event));
}

static void
invitation_to_json (JsonBuilder  *builder,
                    HsInvitation *invitation)
{
  add_string (builder, "id", hs_invitation_get_id (invitation));
  add_string (builder, "event_id", hs_invitation_get_event_id (invitation));
  add_string (builder, "event_name", hs_invitation_get_event_name (invitation));
  add_string (builder, "email", hs_invitation_get_email (invitation));
  add_string (builder, "inserted_at", hs_invitation_get_inserted_at (invitation));
  add_origin (builder, "delivery_id", hs_invitation_get_delivery_id (invitation),
              "received_at", hs_invitation_get_received_at (invitation));
  add_object (builder, "invitation", hs_invitation_get_object (invitation));
}

static void
participant_to_json (JsonBuilder   *builder,
                     HsParticipant *participant)
{
  add_string (builder, "id", hs_participant_get_id (participant));
  add_string (builder, "event_id", hs_participant_get_event_id (participant));
  add_string (builder, "event_name", hs_participant_get_event_name (participant));
  add_string (builder, "name", hs_participant_get_name (participant));
  add_string (builder, "email", hs_participant_get_email (participant));
  add_string (builder, "state",
              hs_participant_state_to_string (hs_participant_get_state (participant)));
  add_origin (builder, "created_delivery_id",
              hs_participant_get_created_delivery_id (participant),
              "created_at", hs_participant_get_created_at (participant));
  add_origin (builder, "removed_delivery_id",
              hs_participant_get_removed_delivery_id (participant),
              "removed_at", hs_participant_get_removed_at (participant));
  add_object (builder, "participant", hs_participant_get_object (participant));
}

static void
add_node (JsonBuilder *builder,
          const char  *member,
          JsonNode    *node)
{
  json_builder_set_member_name (builder, member);
  if (node != NULL)
    json_builder_add_value (builder, json_node_copy (node));
  else
    json_builder_add_null_value (builder);
}

/* A version, and what changed since the previous one (nothing for the first). */
static void
version_to_json (JsonBuilder *builder,
                 HsEvent     *previous,
                 HsEvent     *version)
{
  g_autoptr(GPtrArray) changes = previous ? hs_event_diff (previous, version) : NULL;

  add_origin (builder, "delivery_id", hs_event_get_delivery_id (version),
              "received_at", hs_event_get_received_at (version));
  add_string (builder, "updated_at", hs_event_get_updated_at (version));
  add_string (builder, "name", hs_event_get_name (version));
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      HsEventChange *change = g_ptr_array_index (changes, i);

      json_builder_begin_object (builder);
      add_string (builder, "path", change->path);
      add_node (builder, "old", change->old_value);
      add_node (builder, "new", change->new_value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_object (builder, "event", hs_event_get_object (version));
}

static void
print_json (ListKind   kind,
            GPtrArray *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      json_builder_begin_object (builder);
      switch (kind)
        {
        case LIST_EVENTS:
          event_to_json (builder, g_ptr_array_index (items, i));
          break;
        case LIST_INVITATIONS:
          invitation_to_json (builder, g_ptr_array_index (items, i));
          break;
        case LIST_PARTICIPANTS:
          participant_to_json (builder, g_ptr_array_index (items, i));
          break;
        case LIST_VERSIONS:
          version_to_json (builder, i > 0 ? g_ptr_array_index (items, i - 1) : NULL,
                           g_ptr_array_index (items, i));
          break;
        default:
          g_assert_not_reached ();
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

static void
print_line (const char *first,
            ...) G_GNUC_NULL_TERMINATED;

/* Tab-separated columns; payload text never reaches the terminal raw. */
static void
print_line (const char *first,
            ...)
{
  GString *line = g_string_new (NULL);
  const char *text = first;
  va_list args;

  va_start (args, first);
  while (text != NULL)
    {
      g_autofree char *printable = hs_cli_printable (text);

      if (line->len > 0)
        g_string_append_c (line, '\t');
      g_string_append (line, printable);
      text = va_arg (args, const char *);
    }
  va_end (args);

  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

static char *
node_text (JsonNode *node)
{
  g_autofree char *json = node != NULL ? json_to_string (node, FALSE) : NULL;

  return hs_cli_printable (json != NULL ? json : "(none)");
}

static void
print_version (HsEvent *previous,
               HsEvent *version)
{
  g_autofree char *received = hs_format_timestamp (hs_event_get_received_at (version));
  g_autofree char *delivery = g_strdup_printf ("#%" G_GINT64_FORMAT,
                                               hs_event_get_delivery_id (version));
  g_autoptr(GPtrArray) changes = previous ? hs_event_diff (previous, version) : NULL;

  print_line (delivery, received, hs_event_get_updated_at (version) ?: "-",
              hs_event_get_name (version) ?: "-", NULL);
  if (changes != NULL && changes->len == 0)
    g_print ("  %s\n", _("(no change)"));
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      HsEventChange *change = g_ptr_array_index (changes, i);
      g_autofree char *path = hs_cli_printable (change->path);
      g_autofree char *old_text = node_text (change->old_value);
      g_autofree char *new_text = node_text (change->new_value);

      g_print ("  %s: %s → %s\n", path, old_text, new_text);
    }
}

static void
print_text (ListKind   kind,
            GPtrArray *items)
{
  switch (kind)
    {
    case LIST_EVENTS:
      print_line ("ID", "UPDATED", "TIMEZONE", "NAME", NULL);
      break;
    case LIST_INVITATIONS:
      print_line ("ID", "INSERTED", "EMAIL", "EVENT", NULL);
      break;
    case LIST_PARTICIPANTS:
      print_line ("ID", "STATE", "EMAIL", "NAME", "EVENT", NULL);
      break;
    case LIST_VERSIONS:
      print_line ("DELIVERY", "RECEIVED", "UPDATED", "NAME", NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      switch (kind)
        {
        case LIST_EVENTS:
          print_line (hs_event_get_id (item), hs_event_get_updated_at (item),
                      hs_event_get_timezone (item), hs_event_get_name (item), NULL);
          break;
        case LIST_INVITATIONS:
          print_line (hs_invitation_get_id (item), hs_invitation_get_inserted_at (item),
                      hs_invitation_get_email (item),
                      hs_invitation_get_event_name (item) ? hs_invitation_get_event_name (item)
                                                          : hs_invitation_get_event_id (item),
                      NULL);
          break;
        case LIST_PARTICIPANTS:
          print_line (hs_participant_get_id (item),
                      hs_participant_state_to_string (hs_participant_get_state (item)),
                      hs_participant_get_email (item), hs_participant_get_name (item),
                      hs_participant_get_event_name (item) ? hs_participant_get_event_name (item)
                                                           : hs_participant_get_event_id (item),
                      NULL);
          break;
        case LIST_VERSIONS:
          print_version (i > 0 ? g_ptr_array_index (items, i - 1) : NULL, item);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static int
run_list (ListKind   kind,
          int        argc,
          char     **argv)
{
  static const char *summaries[] = {
    [LIST_EVENTS] = N_("List the events the webhooks described, most recently seen first."),
    [LIST_INVITATIONS] = N_("List invitations, newest first."),
    [LIST_PARTICIPANTS] =
      N_("List participants (created or removed), most recently changed first."),
    [LIST_VERSIONS] = NULL,
  };
  g_autofree char *db = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *versions_of = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array (see docs/domain.md)"), NULL },
    { NULL }
  };
  const GOptionEntry event_entries[] = {
    { "event", 'e', 0, G_OPTION_ARG_STRING, &event_id, N_("Only those of this event"),
      N_("EVENT_ID") },
    { NULL }
  };
  const GOptionEntry versions_entries[] = {
    { "versions", 0, 0, G_OPTION_ARG_STRING, &versions_of,
      N_("List every version of this event, with what changed from one to the next"),
      N_("EVENT_ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (kind != LIST_EVENTS)
    g_option_context_add_main_entries (context, event_entries, GETTEXT_PACKAGE);
  else
    g_option_context_add_main_entries (context, versions_entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(summaries[kind]));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s: %s\n", argv[0], _("unexpected arguments"));
      return 2;
    }

  if (versions_of != NULL)
    kind = LIST_VERSIONS;

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  switch (kind)
    {
    case LIST_EVENTS:
      items = hs_store_list_events (store, &error);
      break;
    case LIST_INVITATIONS:
      items = hs_store_list_invitations (store, event_id, &error);
      break;
    case LIST_PARTICIPANTS:
      items = hs_store_list_participants (store, event_id, &error);
      break;
    case LIST_VERSIONS:
      items = hs_store_list_event_versions (store, versions_of, &error);
      if (items != NULL && items->len == 0)
        {
          g_autofree char *printable = hs_cli_printable (versions_of);

          g_printerr ("%s: %s “%s”\n", argv[0], _("no event with id"), printable);
          return 1;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (items == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  if (json)
    print_json (kind, items);
  else
    print_text (kind, items);

  return 0;
}

int
hs_cli_events (int    argc,
               char **argv)
{
  return run_list (LIST_EVENTS, argc, argv);
}

int
hs_cli_invitations (int    argc,
                    char **argv)
{
  return run_list (LIST_INVITATIONS, argc, argv);
}

int
hs_cli_participants (int    argc,
                     char **argv)
{
  return run_list (LIST_PARTICIPANTS, argc, argv);
}

/* ------------------------------------------------------------------------------------------ */
/* trigger */

static const struct {
  const char *event_name;
  const char *sample;
} default_samples[] = {
  { "event_invitation_created", "event_invitation_created.json" },
  { "participant_created", "participant_created.json" },
  { "participant_removed", "participant_removed.json" },
};

static void
print_known (const char *prgname)
{
  g_auto(GStrv) samples = g_resource_enumerate_children (hs_samples_get_resource (), SAMPLES_PATH,
                                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_printerr ("%s\n", _("Known events:"));
  for (guint i = 0; i < G_N_ELEMENTS (default_samples); i++)
    g_printerr ("  %s\n", default_samples[i].event_name);
  g_printerr ("%s\n", _("Built-in samples (--sample NAME):"));
  for (guint i = 0; samples != NULL && samples[i] != NULL; i++)
    {
      if (g_str_has_suffix (samples[i], ".json"))
        g_printerr ("  %.*s\n", (int)(strlen (samples[i]) - strlen (".json")), samples[i]);
    }
}

/* A file path, or the name of a built-in sample (with or without .json). */
static char *
load_sample (const char  *name,
             GError     **error)
{
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;

  if (g_file_test (name, G_FILE_TEST_IS_REGULAR))
    return g_file_get_contents (name, &contents, NULL, error) ? contents : NULL;

  resource = g_strconcat (SAMPLES_PATH, name, g_str_has_suffix (name, ".json") ? "" : ".json",
                          NULL);
  bytes = g_resource_lookup_data (hs_samples_get_resource (), resource,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No file or built-in sample named “%s”"), name);
      return NULL;
    }

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Replaces a string member with the fresh id for its old value, so that references between
 * objects (invitation.event_id → event.id) stay consistent. */
static void
rewrite_id (GHashTable *ids,
            JsonObject *object,
            const char *member)
{
  const char *old = hs_json_object_get_string (object, member);
  const char *fresh;

  if (old == NULL)
    return;

  fresh = g_hash_table_lookup (ids, old);
  if (fresh == NULL)
    {
      fresh = g_uuid_string_random ();
      g_hash_table_insert (ids, g_strdup (old), (char *)fresh);
    }
  json_object_set_string_member (object, member, fresh);
}

static void
rewrite_time (JsonObject *object,
              const char *member,
              const char *now)
{
  if (object != NULL && json_object_has_member (object, member))
    json_object_set_string_member (object, member, now);
}

/* Maps the sample's id found at @member of @object to @chosen, so that rewrite_id() uses it. */
static void
choose_id (GHashTable *ids,
           JsonObject *object,
           const char *member,
           const char *chosen)
{
  const char *old = hs_json_object_get_string (object, member);

  if (old != NULL && chosen != NULL && !g_hash_table_contains (ids, old))
    g_hash_table_insert (ids, g_strdup (old), g_strdup (chosen));
}

static void
refresh_payload (JsonObject *root,
                 const char *now,
                 const char *event_id,
                 const char *participant_id)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *data = hs_json_object_get_object (root, "data");
  JsonObject *event = hs_json_object_get_object (data, "event");
  JsonObject *invitation = hs_json_object_get_object (data, "invitation");
  JsonObject *participant = hs_json_object_get_object (data, "participant");
  JsonObject *holders[] = { event, invitation, participant };

  choose_id (ids, event, "id", event_id);
  choose_id (ids, invitation, "event_id", event_id);
  choose_id (ids, participant, "event_id", event_id);
  choose_id (ids, participant, "id", participant_id);

  rewrite_id (ids, event, "id");
  rewrite_id (ids, hs_json_object_get_object (event, "profile"), "id");
  rewrite_id (ids, invitation, "id");
  rewrite_id (ids, invitation, "event_id");
  rewrite_id (ids, participant, "id");
  rewrite_id (ids, participant, "event_id");
  rewrite_id (ids, hs_json_object_get_object (participant, "person"), "id");
  rewrite_id (ids, hs_json_object_get_object (participant, "profile"), "id");

  for (guint i = 0; i < G_N_ELEMENTS (holders); i++)
    {
      rewrite_time (holders[i], "inserted_at", now);
      rewrite_time (holders[i], "updated_at", now);
    }
  rewrite_time (participant, "deleted_at", now);
}

/* Keeps newlines and tabs; other control characters never reach the terminal. */
static void
print_body (GBytes *body)
{
  gsize size = 0;
  const guchar *data = body ? g_bytes_get_data (body, &size) : NULL;
  g_autoptr(GString) out = g_string_sized_new (size + 1);

  for (gsize i = 0; i < size; i++)
    {
      guchar c = data[i];

      g_string_append_c (out, (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : c);
    }
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');

  fwrite (out->str, 1, out->len, stdout);
}

int
hs_cli_trigger (int    argc,
                char **argv)
{
  g_autofree char *api_key = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *participant_id = NULL;
  gboolean keep_ids = FALSE;
  const GOptionEntry entries[] = {
    { "api-key", 'k', 0, G_OPTION_ARG_STRING, &api_key, N_("Send this x-api-key header"),
      N_("KEY") },
    { "sample", 's', 0, G_OPTION_ARG_FILENAME, &sample,
      N_("Send this file, or this built-in sample, instead of the default one"), N_("FILE") },
    { "event-id", 0, 0, G_OPTION_ARG_STRING, &event_id,
      N_("Use this event id instead of a fresh one (another invitation to the same event)"),
      N_("ID") },
    { "participant-id", 0, 0, G_OPTION_ARG_STRING, &participant_id,
      N_("Use this participant id instead of a fresh one (to remove whom you created)"),
      N_("ID") },
    { "keep-ids", 0, 0, G_OPTION_ARG_NONE, &keep_ids,
      N_("Send the sample’s ids and times unchanged"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("EVENT URL"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  const char *event_name;
  const char *sample_name = NULL;
  guint status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Send a realistic Backoffice webhook to URL, with fresh ids and "
                                  "times, and print the response. Exits 0 on a 2xx answer."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 3)
    {
      g_printerr ("%s: %s\n", argv[0], _("expected EVENT and URL"));
      print_known (argv[0]);
      return 2;
    }

  if (keep_ids && (event_id != NULL || participant_id != NULL))
    {
      g_printerr ("%s: %s\n", argv[0],
                  _("--keep-ids cannot be used with --event-id or --participant-id"));
      return 2;
    }

  event_name = argv[1];
  for (guint i = 0; i < G_N_ELEMENTS (default_samples); i++)
    if (g_str_equal (event_name, default_samples[i].event_name))
      sample_name = default_samples[i].sample;
  if (sample_name == NULL)
    {
      g_autofree char *printable = hs_cli_printable (event_name);

      g_printerr ("%s: %s “%s”\n", argv[0], _("unknown event"), printable);
      print_known (argv[0]);
      return 2;
    }

  uri = g_uri_parse (argv[2], SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_printerr ("%s: %s\n", argv[0], _("URL must be an http:// or https:// address"));
      return 2;
    }

  text = load_sample (sample != NULL ? sample : sample_name, &error);
  if (text == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      if (sample != NULL)
        print_known (argv[0]);
      return 2;
    }

  root = json_from_string (text, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_printerr ("%s: %s: %s\n", argv[0], _("the sample is not a JSON object"),
                  error ? error->message : "");
      return 2;
    }

  json_object_set_string_member (json_node_get_object (root), "event_name", event_name);
  if (!keep_ids)
    {
      now = g_date_time_new_now_utc ();
      now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
      refresh_payload (json_node_get_object (root), now_text, event_id, participant_id);
    }
  body = json_to_string (root, TRUE);
  {
    gsize length = strlen (body);

    request = g_bytes_new_take (g_steal_pointer (&body), length);
  }

  session = soup_session_new_with_options ("timeout", 60, "user-agent",
                                           "Hookscope/" PACKAGE_VERSION, NULL);
  msg = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  if (api_key != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "x-api-key", api_key);

  {
    g_autofree char *url = g_uri_to_string (uri);
    JsonObject *data = hs_json_object_get_object (json_node_get_object (root), "data");
    g_autofree char *sent_event_id =
      hs_cli_printable (hs_json_object_get_string (hs_json_object_get_object (data, "event"),
                                                   "id"));

    /* TRANSLATORS: "Sent participant_created (event ID) to URL" */
    g_print (_("Sent %s (event %s) to %s"), event_name, sent_event_id, url);
    g_print ("\n");
  }

  response = soup_session_send_and_read (session, msg, NULL, &error);
  if (response == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  status = soup_message_get_status (msg);
  g_print ("%u %s\n", status, soup_message_get_reason_phrase (msg)
                                ? soup_message_get_reason_phrase (msg) : "");
  print_body (response);

  return SOUP_STATUS_IS_SUCCESSFUL (status) ? 0 : 1;
}
