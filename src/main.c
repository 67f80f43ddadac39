/* main.c: subcommands and headless capture; no subcommand executes the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hookscope"

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <unistd.h>

#include "hs-cli.h"

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

#if HS_HAVE_UI
/* The window's program: beside this one in a build tree, in libexecdir once installed. */
static char *
find_window_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "hookscope-window", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (LIBEXECDIR, "hookscope-window", NULL);
}
#endif

int
main (int   argc,
      char *argv[])
{
  gboolean handled = FALSE;
  int status;

  hs_cli_setup_locale ();

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
    g_autofree char *window = find_window_program ();

    /* Same arguments, same process: argv[0] stays "hookscope", which GApplication and the
     * desktop file know the app by. */
    execv (window, argv);
    g_printerr ("hookscope: %s: %s\n", window, g_strerror (errno));
    return 1;
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
