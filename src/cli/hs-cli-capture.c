/* hs-cli-capture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-capture"

#include "config.h"

#include "hs-cli.h"

/* Placeholder until the owning issue lands: every command fails loudly. */

int
hs_cli_headless (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_list (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_show (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_export (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}
