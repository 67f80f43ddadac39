/* hs-cli-forward.c: --headless's forwarding options (--forward-to, --only, --relay, --respond)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-cli-forward"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "hs-cli-capture-private.h"
#include "hs-delivery-json.h"
#include "hs-forward-rule.h"
#include "hs-response-rule.h"

/* 2026-11-27T18:47:05.123456Z #42 forward http://127.0.0.1:3000/hooks 201 Created 12 ms */
static void
log_forward (HsForwarder     *forwarder,
             HsReplayAttempt *attempt,
             gpointer         user_data)
{
  g_autofree char *time = hs_format_timestamp (hs_replay_attempt_get_started_at (attempt));
  g_autofree char *outcome = hs_replay_attempt_dup_outcome (attempt);
  g_autofree char *url = hs_cli_printable (hs_replay_attempt_get_url (attempt));
  g_autofree char *printable = hs_cli_printable (outcome);

  printf ("%s #%" G_GINT64_FORMAT " forward %s %s %" G_GINT64_FORMAT " ms\n", time,
          hs_replay_attempt_get_delivery_id (attempt), url, printable,
          hs_replay_attempt_get_duration (attempt) / 1000);
  fflush (stdout);
}

/* "Forwarding to …" once, then a line per forward. */
void
hs_cli_log_forwarding (HsForwarding *forwarding)
{
  g_autoptr(GPtrArray) rules = hs_forwarding_dup_rules (forwarding);

  if (rules->len > 0)
    {
      g_autofree char *described = hs_forward_rules_describe (rules);

      printf ("Forwarding to %s\n", described);
    }
  g_signal_connect (hs_forwarding_get_forwarder (forwarding), "forwarded",
                    G_CALLBACK (log_forward), NULL);
}

/* --forward-to, --only, --relay and --respond as rules; FALSE (usage error printed) when
 * one does not parse. */
gboolean
hs_cli_parse_forwarding (const char   *prgname,
                         char        **forward_to,
                         char        **only,
                         gboolean      relay,
                         char        **respond,
                         GPtrArray   **forward_rules,
                         GPtrArray   **response_rules)
{
  g_autoptr(GError) error = NULL;

  if ((only != NULL || relay) && forward_to == NULL)
    {
      g_printerr ("%s: %s\n", prgname, _("--only and --relay go with --forward-to"));
      return FALSE;
    }
  if (forward_to != NULL)
    {
      *forward_rules = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_forward_rule_free);
      for (guint i = 0; forward_to[i] != NULL; i++)
        {
          if (!hs_forward_rule_check_url (forward_to[i], &error))
            {
              g_printerr ("%s: --forward-to: %s\n", prgname, error->message);
              return FALSE;
            }
          g_ptr_array_add (*forward_rules,
                           hs_forward_rule_new (forward_to[i], (const char * const *)only,
                                                relay));
        }
    }
  if (respond != NULL)
    {
      *response_rules = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_response_rule_free);
      for (guint i = 0; respond[i] != NULL; i++)
        {
          HsResponseRule *rule = hs_response_rule_parse (respond[i], &error);

          if (rule == NULL)
            {
              g_printerr ("%s: --respond: %s\n", prgname, error->message);
              return FALSE;
            }
          g_ptr_array_add (*response_rules, rule);
        }
    }
  return TRUE;
}
