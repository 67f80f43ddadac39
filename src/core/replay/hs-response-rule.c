/* hs-response-rule.c: failure simulation, how some deliveries are answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written as STATUS[:SHARE][,next=N][,event=NAME][,delay=MS][,retry-after=S], e.g. "500:0.3"
 * (three in ten answered 500), "429,next=2,retry-after=10", "410,event=invitation_deleted",
 * "200,delay=5000": the same text on the command line (--respond) and in the settings.
 */

#define G_LOG_DOMAIN "hs-response-rule"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hs-listener.h"
#include "hs-response-rule.h"

static gboolean
parse_uint (const char  *text,
            guint64      max,
            guint64     *value)
{
  return g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

static gboolean
bad (GError     **error,
     const char  *text,
     const char  *why)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a response rule: %s"), text, why);
  return FALSE;
}

static gboolean
parse_option (HsResponseRule  *rule,
              const char      *text,
              const char      *option,
              GError         **error)
{
  const char *equal = strchr (option, '=');
  g_autofree char *name = equal ? g_strndup (option, equal - option) : g_strdup (option);
  const char *value = equal ? equal + 1 : "";
  guint64 number = 0;

  if (g_str_equal (name, "next"))
    {
      if (!parse_uint (value, G_MAXINT64, &number) || number == 0)
        return bad (error, text, _("next= takes a count of deliveries"));
      rule->next = number;
    }
  else if (g_str_equal (name, "event"))
    {
      if (value[0] == '\0')
        return bad (error, text, _("event= takes an event name"));
      g_free (rule->event);
      rule->event = g_strdup (value);
    }
  else if (g_str_equal (name, "delay"))
    {
      if (!parse_uint (value, HS_LISTENER_MAX_RESPONSE_DELAY, &number))
        return bad (error, text, _("delay= takes milliseconds, at most 30000"));
      rule->delay_ms = number;
    }
  else if (g_str_equal (name, "retry-after"))
    {
      if (!parse_uint (value, 86400, &number))
        return bad (error, text, _("retry-after= takes seconds"));
      rule->retry_after = number;
    }
  else
    return bad (error, text, _("options are next=, event=, delay= and retry-after="));

  return TRUE;
}

HsResponseRule *
hs_response_rule_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(HsResponseRule) rule = g_new0 (HsResponseRule, 1);
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) head = NULL;
  guint64 status = 0;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, ",", -1);
  head = g_strsplit (parts[0] != NULL ? parts[0] : "", ":", 2);
  if (head[0] == NULL || !parse_uint (head[0], 599, &status) || status < 100)
    {
      bad (error, text, _("it starts with an HTTP status, 100 to 599"));
      return NULL;
    }
  rule->status = status;
  rule->share = 1.0;
  if (head[1] != NULL)
    {
      char *end = NULL;
      double share = g_ascii_strtod (head[1], &end);

      if (end == head[1] || *end != '\0' || !(share > 0.0 && share <= 1.0))
        {
          bad (error, text, _("the share after “:” is a number above 0, at most 1"));
          return NULL;
        }
      rule->share = share;
    }
  for (guint i = 1; parts[i] != NULL; i++)
    if (!parse_option (rule, text, g_strstrip (parts[i]), error))
      return NULL;

  return g_steal_pointer (&rule);
}

char *
hs_response_rule_to_string (const HsResponseRule *rule)
{
  GString *text = g_string_new (NULL);
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (rule != NULL, NULL);

  g_string_append_printf (text, "%u", rule->status);
  if (rule->share < 1.0)
    g_string_append_printf (text, ":%s", g_ascii_dtostr (share, sizeof share, rule->share));
  if (rule->next > 0)
    g_string_append_printf (text, ",next=%" G_GINT64_FORMAT, rule->next);
  if (rule->event != NULL)
    g_string_append_printf (text, ",event=%s", rule->event);
  if (rule->delay_ms > 0)
    g_string_append_printf (text, ",delay=%u", rule->delay_ms);
  if (rule->retry_after > 0)
    g_string_append_printf (text, ",retry-after=%u", rule->retry_after);

  return g_string_free (text, FALSE);
}

HsResponseRule *
hs_response_rule_copy (const HsResponseRule *rule)
{
  HsResponseRule *copy;

  g_return_val_if_fail (rule != NULL, NULL);

  copy = g_memdup2 (rule, sizeof *rule);
  copy->event = g_strdup (rule->event);
  return copy;
}

void
hs_response_rule_free (HsResponseRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->event);
  g_free (rule);
}

GPtrArray *
hs_response_rules_from_strv (const char * const *texts)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_response_rule_free);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      HsResponseRule *rule = hs_response_rule_parse (texts[i], &error);

      if (rule != NULL)
        g_ptr_array_add (rules, rule);
      else
        g_warning ("%s", error->message);
    }

  return rules;
}
