/* hs-cli-wait.c: hookscope wait, until a matching delivery is stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For integration tests: trigger something in the Backoffice or an app, then wait for its
 * webhook. Another process (the window, or --headless) captures; this one looks at the
 * database every 100 ms for deliveries newer than the last it saw (a range read on the
 * primary key: nothing to scan), and reads the body of a candidate only when --match needs it.
 */

#define G_LOG_DOMAIN "hs-cli-wait"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hs-cli.h"
#include "hs-cli-capture-private.h"
#include "hs-delivery-json.h"
#include "hs-delivery-query.h"
#include "hs-store.h"

#define POLL_US (100 * 1000)

static gboolean
contains_bytes (const char *data,
                gsize       size,
                const char *text,
                gsize       length)
{
  for (gsize i = 0; length <= size && i <= size - length; i++)
    if (data[i] == text[0] && memcmp (data + i, text, length) == 0)
      return TRUE;
  return FALSE;
}

/* --match: the text is in the body, the path or the query (bytes as stored). */
static gboolean
matches_text (HsDelivery *delivery,
              const char *text)
{
  GBytes *body = hs_delivery_get_body (delivery);
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  gsize length = strlen (text);

  if (data != NULL && contains_bytes (data, size, text, length))
    return TRUE;
  return strstr (hs_delivery_get_path (delivery) ? hs_delivery_get_path (delivery) : "",
                 text) != NULL ||
         strstr (hs_delivery_get_query (delivery) ? hs_delivery_get_query (delivery) : "",
                 text) != NULL;
}

/* The newest delivery's id (0 when there is none). */
static gboolean
newest_id (HsStore  *store,
           gint64   *id,
           GError  **error)
{
  g_autoptr(HsDeliveryQuery) all = hs_delivery_query_new ();
  g_autoptr(GArray) ids = hs_delivery_query_list_newest_ids (all,
                                                             hs_store_get_read_connection (store),
                                                             1, NULL, error);

  if (ids == NULL)
    return FALSE;
  *id = ids->len > 0 ? g_array_index (ids, gint64, 0) : 0;
  return TRUE;
}

/* The first delivery after *@after that matches, or NULL; *@after moves past what was seen. */
static HsDelivery *
look (HsStore          *store,
      HsDeliveryQuery  *query,
      const char       *match,
      gint64           *after,
      GError          **error)
{
  g_autoptr(GArray) ids = hs_delivery_query_list_ids (query, hs_store_get_read_connection (store),
                                                      *after, NULL, error);

  if (ids == NULL)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(HsDelivery) delivery = hs_store_get_delivery (store, id, error);

      if (delivery == NULL)
        {
          /* Deleted since the list was read: not an error. */
          g_clear_error (error);
          continue;
        }
      *after = id;
      if (match == NULL || matches_text (delivery, match))
        return g_steal_pointer (&delivery);
    }
  return NULL;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_CONTINUE;
}

int
hs_cli_wait (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *event = NULL;
  g_autofree char *match = NULL;
  double timeout = 0;
  gint64 since = -1;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_STRING, &event, N_("Only a delivery of this event"),
      N_("NAME") },
    { "match", 0, 0, G_OPTION_ARG_STRING, &match,
      N_("Only a delivery whose body, path or query contains TEXT"), N_("TEXT") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give up after this long (exit 1); 0: wait forever"), N_("SECONDS") },
    { "since", 0, 0, G_OPTION_ARG_INT64, &since,
      N_("Also take deliveries already stored after this id (default: only new ones)"),
      N_("ID") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the delivery as JSON, like show --json"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
  g_autoptr(HsDelivery) found = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean interrupted = FALSE;
  gint64 deadline, after;
  guint sigint, sigterm;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Wait until a matching delivery is stored (by the window or "
                                  "--headless), print it and exit 0; exit 1 on timeout."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s: %s\n", argv[0], _("unexpected arguments"));
      return 2;
    }
  if (timeout < 0 || since < -1 || (match != NULL && match[0] == '\0'))
    {
      g_printerr ("%s: %s\n", argv[0],
                  _("--timeout and --since take a number ≥ 0, --match a text"));
      return 2;
    }

  if (!(store = hs_cli_open_store (argv[0], db)))
    return 1;
  if (event != NULL)
    hs_delivery_query_set_event_name (query, event);

  after = since;
  if (after < 0 && !newest_id (store, &after, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }

  deadline = timeout > 0 ? g_get_monotonic_time () + (gint64)(timeout * G_USEC_PER_SEC) : 0;
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, &interrupted);
  sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, &interrupted);
  for (;;)
    {
      found = look (store, query, match, &after, &error);
      if (found != NULL || error != NULL || interrupted)
        break;
      if (deadline > 0 && g_get_monotonic_time () >= deadline)
        break;
      g_usleep (deadline > 0 ? MIN (POLL_US, MAX (deadline - g_get_monotonic_time (), 0))
                             : POLL_US);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (error != NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 1;
    }
  if (found == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], interrupted ? _("interrupted")
                                                   : _("no matching delivery before the timeout"));
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = hs_delivery_to_json_node (found, TRUE);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    hs_cli_show_text (found);

  return fflush (stdout) == 0 ? 0 : 1;
}
