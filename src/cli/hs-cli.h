/* hs-cli.h: the command-line subcommands (no display needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each subcommand gets argv with argv[0] set to "hookscope SUBCOMMAND" and returns the process
 * exit status: 0 success, 1 failure of the operation, 2 bad usage or invalid input.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* hs-cli-capture.c */
int hs_cli_headless      (int argc, char **argv);
int hs_cli_list          (int argc, char **argv);
int hs_cli_show          (int argc, char **argv);
int hs_cli_export        (int argc, char **argv);

/* hs-cli-domain.c */
int hs_cli_events        (int argc, char **argv);
int hs_cli_invitations   (int argc, char **argv);
int hs_cli_participants  (int argc, char **argv);
int hs_cli_trigger       (int argc, char **argv);

/* hs-cli-reproject.c */
int hs_cli_reproject     (int argc, char **argv);

/* hs-cli-schedule.c */
int hs_cli_expand        (int argc, char **argv);
int hs_cli_export_ics    (int argc, char **argv);

/* hs-cli-replay.c */
int hs_cli_replay        (int argc, char **argv);
int hs_cli_replays       (int argc, char **argv);
int hs_cli_wait          (int argc, char **argv);
int hs_cli_import        (int argc, char **argv);

/* hs-cli.c: shared helpers */
void     hs_cli_setup_locale   (void);
int      hs_cli_run_subcommand (int argc, char **argv, gboolean *handled);
gboolean hs_cli_parse          (GOptionContext *context, int *argc, char ***argv);
char    *hs_cli_database_path  (const char *option_value);
char    *hs_cli_dup_commands_help (void);

G_END_DECLS
