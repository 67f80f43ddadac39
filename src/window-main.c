/* window-main.c: the window's program, which `hookscope` executes when no subcommand is given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hookscope"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsApplication) app = NULL;
  g_autofree char *commands = NULL;

  hs_cli_setup_locale ();

  app = hs_application_new ();
  commands = hs_cli_dup_commands_help ();
  g_application_set_option_context_description (G_APPLICATION (app), commands);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
