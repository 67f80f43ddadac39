/* schedule-test-util.c: schedule objects for the tests, written as short overrides of a base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "schedule-test-util.h"

/* UTC, a repeating schedule, 10:00–11:00; each case lists only the fields it needs. */
static const char base[] =
  "{'timezone': 'UTC', 'recurrence': 'custom', 'interval': 1, 'all_day?': false,"
  " 'starts_at_time': '10:00:00', 'ends_at_time': '11:00:00', 'days': [],"
  " 'excluded_dates': [], 'monthly_opts': null, 'count': null, 'until': null}";

static char *
quotes (const char *text)
{
  return g_strdelimit (g_strdup (text), "'", '"');
}

/* base, with the case's members on top. */
JsonObject *
build_schedule (const char *json)
{
  g_autoptr(JsonParser) base_parser = json_parser_new ();
  g_autoptr(JsonParser) case_parser = json_parser_new ();
  g_autofree char *base_text = quotes (base);
  g_autofree char *case_text = quotes (json);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonObject *overrides;

  g_assert_true (json_parser_load_from_data (base_parser, base_text, -1, NULL));
  if (!json_parser_load_from_data (case_parser, case_text, -1, NULL))
    g_error ("bad JSON in the test: %s", case_text);

  object = json_object_ref (json_node_get_object (json_parser_get_root (base_parser)));
  overrides = json_node_get_object (json_parser_get_root (case_parser));
  members = json_object_get_members (overrides);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (overrides, l->data)));

  /* Like Omerlo's payloads, recurrence repeats the frequency unless the case says otherwise. */
  if (!json_object_has_member (overrides, "recurrence") &&
      json_object_has_member (overrides, "frequency") &&
      json_node_get_value_type (json_object_get_member (overrides, "frequency")) == G_TYPE_STRING)
    json_object_set_string_member (object, "recurrence",
                                   json_object_get_string_member (overrides, "frequency"));

  return object;
}
