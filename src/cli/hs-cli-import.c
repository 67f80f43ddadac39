/* hs-cli-import.c: hookscope import FILE, deliveries from a HAR 1.2 or JSON-lines file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-import"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "hs-cli.h"
#include "hs-cli-capture-private.h"
#include "hs-import.h"
#include "hs-store.h"

typedef struct
{
  guint   pending;
  guint   added;
  gint64  first_id;
  gint64  last_id;
  GError *error;
} ImportRun;

static void
inserted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImportRun *run = user_data;
  GError *error = NULL;
  gint64 id = hs_store_insert_finish (HS_STORE (object), result, &error);

  run->pending--;
  if (id > 0)
    {
      run->added++;
      run->first_id = run->first_id > 0 ? MIN (run->first_id, id) : id;
      run->last_id = MAX (run->last_id, id);
    }
  else if (run->error == NULL)
    run->error = error;
  else
    g_clear_error (&error);
}

int
hs_cli_import (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GPtrArray) deliveries = NULL;
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  ImportRun run = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Import deliveries from a HAR 1.2 file or JSON lines "
                                  "(hookscope export), with their original times, marked as "
                                  "imported."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s: %s\n", argv[0], _("give one file to import"));
      return 2;
    }

  if (!(deliveries = hs_import_read_file (argv[1], &error)))
    {
      g_printerr ("%s: %s: %s\n", argv[0], argv[1], error->message);
      return 1;
    }
  if (!(store = hs_cli_open_store (argv[0], db)))
    return 1;

  /* The writer keeps their order: ids follow the file. */
  for (guint i = 0; i < deliveries->len; i++)
    {
      run.pending++;
      hs_store_insert_async (store, g_ptr_array_index (deliveries, i), NULL, inserted_cb, &run);
    }
  while (run.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  hs_store_close (store);

  if (run.added > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u delivery (%" PRId64 "–%" PRId64 ")\n",
                          "Imported %u deliveries (%" PRId64 "–%" PRId64 ")\n", run.added),
             run.added, run.first_id, run.last_id);
  else
    g_print ("%s\n", _("Imported 0 deliveries"));

  if (run.error != NULL)
    {
      g_printerr ("%s: %s\n", argv[0], run.error->message);
      g_clear_error (&run.error);
      return 1;
    }
  return fflush (stdout) == 0 ? 0 : 1;
}
