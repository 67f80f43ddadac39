/* hs-cli-domain.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-domain"

#include "config.h"

#include "hs-cli.h"

/* Placeholder until the owning issue lands: every command fails loudly. */

int
hs_cli_events (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_invitations (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_participants (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}

int
hs_cli_trigger (int argc, char **argv)
{
  g_printerr ("%s: not implemented yet\n", argv[0]);
  return 1;
}
