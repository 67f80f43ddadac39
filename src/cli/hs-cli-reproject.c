/* hs-cli-reproject.c: `hookscope reproject`, every projection rebuilt from the deliveries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After an upgrade that understands payloads better, or to check that what the projections
 * hold is what the deliveries say: their rows are deleted and every delivery applied again,
 * oldest first, with a progress line on stderr when it is a terminal.
 */

#define G_LOG_DOMAIN "hs-cli-reproject"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "hs-cli.h"
#include "hs-cli-capture-private.h"
#include "hs-projections.h"

typedef struct
{
  gboolean tty;
  gint64   started;
  gint64   shown_at;
} Progress;

static void
show_progress (gint64   done,
               gint64   total,
               gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  /* A terminal sees the count move ten times a second; a log gets the last line only. */
  if (!progress->tty || (now - progress->shown_at < G_USEC_PER_SEC / 10 && done < total))
    return;
  progress->shown_at = now;
  g_printerr ("\r%s %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, _("Reprojecting"), done,
              MAX (total, done));
}

int
hs_cli_reproject (int    argc,
                  char **argv)
{
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(HsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const HsProjectionInfo * const *projections;
  guint n_projections;
  Progress progress = { 0 };
  gint64 n;
  double seconds;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Rebuild the events, invitations, participants and every "
                                  "other projection from the captured deliveries."));
  if (!hs_cli_parse (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s: %s\n", argv[0], _("unexpected arguments"));
      return 2;
    }

  store = hs_cli_open_store (argv[0], db);
  if (store == NULL)
    return 1;

  progress.tty = isatty (STDERR_FILENO);
  progress.started = g_get_monotonic_time ();
  projections = hs_projections_get_all (&n_projections);
  n = hs_store_count_deliveries (store, NULL, NULL);
  if (!hs_store_reproject (store, projections, n_projections, show_progress, &progress, &error))
    {
      g_printerr ("%s%s: %s\n", progress.tty ? "\n" : "", argv[0], error->message);
      return 1;
    }

  seconds = (g_get_monotonic_time () - progress.started) / (double)G_USEC_PER_SEC;
  if (progress.tty)
    g_printerr ("\n");
  /* Translators: the count of deliveries, then the seconds it took */
  g_print (_("Reprojected %" PRId64 " deliveries in %.1f s\n"), MAX (n, 0), seconds);

  return 0;
}
