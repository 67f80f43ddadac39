/* hs-cli.c: subcommand dispatch and helpers shared by the subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "hs-cli.h"
#include "hs-paths.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} HsSubcommand;

static const HsSubcommand subcommands[] = {
  { "list", hs_cli_list, N_("List captured deliveries, newest first") },
  { "show", hs_cli_show, N_("Show one delivery, or write its exact body") },
  { "export", hs_cli_export, N_("Export deliveries as HAR 1.2 or JSON lines") },
  { "reproject", hs_cli_reproject, N_("Rebuild events and every projection from the deliveries") },
  { "events", hs_cli_events, N_("List the events the webhooks described") },
  { "invitations", hs_cli_invitations, N_("List invitations") },
  { "participants", hs_cli_participants, N_("List participants") },
  { "trigger", hs_cli_trigger, N_("Send a realistic webhook to a URL") },
  { "replay", hs_cli_replay, N_("Replay captured deliveries to a URL") },
  { "replays", hs_cli_replays, N_("List replay attempts, or the saved targets") },
  { "wait", hs_cli_wait, N_("Wait until a matching delivery is stored, and print it") },
  { "import", hs_cli_import, N_("Import deliveries from a HAR 1.2 or JSON-lines file") },
  { "expand", hs_cli_expand, N_("Expand an event schedule into occurrences") },
  { "export-ics", hs_cli_export_ics, N_("Export an event as iCalendar") },
};

/* The locale, and the catalogues from LOCALEDIR — or from HOOKSCOPE_LOCALEDIR, which lets the
 * tests run a build tree's catalogues (`_build/po`) before anything is installed. */
void
hs_cli_setup_locale (void)
{
  const char *localedir = g_getenv ("HOOKSCOPE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
hs_cli_dup_commands_help (void)
{
  GString *help = g_string_new (_("Commands (hookscope COMMAND --help for their options):"));

  g_string_append_c (help, '\n');
  g_string_append_printf (help, "  %-14s %s\n", "--headless",
                          _("Run the listener without a window"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    g_string_append_printf (help, "  %-14s %s\n", subcommands[i].name, _(subcommands[i].summary));

  return g_string_free (help, FALSE);
}

/* Runs argv[1] when it names a subcommand; *handled tells whether it did. */
int
hs_cli_run_subcommand (int       argc,
                       char    **argv,
                       gboolean *handled)
{
  g_return_val_if_fail (handled != NULL, 2);

  *handled = FALSE;

  if (argc < 2)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("hookscope %s", subcommands[i].name);
          g_autofree char **sub_argv = g_new0 (char *, argc);
          int status;

          sub_argv[0] = prgname;
          for (int j = 2; j < argc; j++)
            sub_argv[j - 1] = argv[j];

          *handled = TRUE;
          status = subcommands[i].run (argc - 1, sub_argv);
          fflush (stdout);
          return status;
        }
    }

  return 0;
}

/* Parses options and reports a usage error on stderr; FALSE means exit 2. */
gboolean
hs_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (context != NULL, FALSE);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", (*argv)[0], error->message);
      return FALSE;
    }

  return TRUE;
}

char *
hs_cli_database_path (const char *option_value)
{
  if (option_value != NULL && option_value[0] != '\0')
    return g_strdup (option_value);

  return hs_paths_default_database ();
}
