/* hs-cli-schedule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-schedule"

#include "config.h"

#include "hs-cli.h"

/* Placeholder until the owning issue lands: every command fails loudly. */

int
hs_cli_expand (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_export_ics (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}
