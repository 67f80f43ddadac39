/* main.c: subcommands run without a display; no subcommand opens the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hookscope"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hs-cli.h"

#if HS_HAVE_UI
# include "hs-application.h"
#endif

static gboolean
has_argument (int         argc,
              char      **argv,
              const char *arg)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], arg))
        return TRUE;
    }
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean handled = FALSE;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (has_argument (argc, argv, "--version") && (argc == 2))
    {
      g_print ("hookscope %s\n", PACKAGE_VERSION);
      return 0;
    }

  status = hs_cli_run_subcommand (argc, argv, &handled);
  if (handled)
    return status;

  if (has_argument (argc, argv, "--headless"))
    return hs_cli_headless (argc, argv);

#if HS_HAVE_UI
  {
    g_autoptr(HsApplication) app = hs_application_new ();
    g_autofree char *commands = hs_cli_dup_commands_help ();

    g_application_set_option_context_description (G_APPLICATION (app), commands);
    return g_application_run (G_APPLICATION (app), argc, argv);
  }
#else
  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autofree char *commands = hs_cli_dup_commands_help ();

      g_print ("%s\n  hookscope [--headless] [--listen ADDR:PORT] [--db PATH] [--api-key KEY]\n\n",
               _("Usage:"));
      g_print ("%s", commands);
      return 0;
    }
  g_printerr ("%s\n", _("This build has no window; use --headless or a command (see --help)."));
  return 2;
#endif
}
