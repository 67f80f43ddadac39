/* hs-cli-query.c: the query options of `hookscope list` (--search, --auth, --parse, --flag,
 * --since, --until)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They build the same HsDeliveryQuery as the window's search and filters, so the command line
 * lists the same deliveries as the window.
 */

#define G_LOG_DOMAIN "hs-cli-query"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-cli-query.h"

gboolean
hs_cli_query_options_used (const HsCliQueryOptions *options)
{
  return options->search != NULL || options->auth != NULL || options->parse != NULL ||
         options->flags != NULL || options->since != NULL || options->until != NULL;
}

void
hs_cli_query_options_clear (HsCliQueryOptions *options)
{
  g_clear_pointer (&options->search, g_free);
  g_clear_pointer (&options->auth, g_strfreev);
  g_clear_pointer (&options->parse, g_strfreev);
  g_clear_pointer (&options->flags, g_strfreev);
  g_clear_pointer (&options->since, g_free);
  g_clear_pointer (&options->until, g_free);
}

/* Each option may be repeated, or hold several values separated by commas. */
static char **
split_values (char **values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        if (parts[j][0] != '\0')
          g_strv_builder_add (builder, g_strstrip (parts[j]));
    }

  return g_strv_builder_end (builder);
}

/* An ISO 8601 date-time ("2026-11-30T18:47:00Z", local when it has no zone) or a date
 * ("2026-11-30": its local midnight), as µs since the epoch. */
static gboolean
parse_time (const char  *option,
            const char  *text,
            gint64      *us,
            GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, local);

  if (when == NULL)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      when = g_date_time_new_from_iso8601 (midnight, local);
    }
  if (when == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a date or an ISO 8601 date-time"), option, text);
      return FALSE;
    }

  *us = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
  return TRUE;
}

/**
 * hs_cli_query_build:
 *
 * Returns: (nullable): the query, or %NULL with @error (G_OPTION_ERROR: exit 2) for a value
 *   that is not one of the documented ones
 */
HsDeliveryQuery *
hs_cli_query_build (const HsCliQueryOptions  *options,
                    const char               *event_name,
                    GError                  **error)
{
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
  g_auto(GStrv) auth = split_values (options->auth);
  g_auto(GStrv) parse = split_values (options->parse);
  g_auto(GStrv) flags = split_values (options->flags);
  guint auth_mask = 0;
  guint parse_mask = 0;
  HsDeliveryFlags flag_mask = 0;
  gint64 since = 0;
  gint64 until = 0;

  hs_delivery_query_set_text (query, options->search);
  hs_delivery_query_set_event_name (query, event_name);

  for (guint i = 0; auth[i] != NULL; i++)
    {
      HsAuthVerdict verdict;

      if (!hs_auth_verdict_from_string (auth[i], &verdict))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--auth: “%s” is not one of ok, missing, wrong, not-required"),
                       auth[i]);
          return NULL;
        }
      auth_mask |= HS_DELIVERY_QUERY_VERDICT (verdict);
    }

  for (guint i = 0; parse[i] != NULL; i++)
    {
      HsParseVerdict verdict;

      if (!hs_parse_verdict_from_string (parse[i], &verdict))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--parse: “%s” is not one of ok, not-json, unknown-event, "
                         "invalid-shape"), parse[i]);
          return NULL;
        }
      parse_mask |= HS_DELIVERY_QUERY_VERDICT (verdict);
    }

  for (guint i = 0; flags[i] != NULL; i++)
    {
      if (g_str_equal (flags[i], "truncated"))
        flag_mask |= HS_DELIVERY_FLAG_TRUNCATED;
      else if (g_str_equal (flags[i], "duplicate"))
        flag_mask |= HS_DELIVERY_FLAG_DUPLICATE;
      else if (g_str_equal (flags[i], "out-of-order"))
        flag_mask |= HS_DELIVERY_FLAG_OUT_OF_ORDER;
      else if (g_str_equal (flags[i], "imported"))
        flag_mask |= HS_DELIVERY_FLAG_IMPORTED;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--flag: “%s” is not one of duplicate, out-of-order, truncated, imported"),
                       flags[i]);
          return NULL;
        }
    }

  if ((options->since != NULL && !parse_time ("--since", options->since, &since, error)) ||
      (options->until != NULL && !parse_time ("--until", options->until, &until, error)))
    return NULL;

  hs_delivery_query_set_auth (query, auth_mask);
  hs_delivery_query_set_parse (query, parse_mask);
  hs_delivery_query_set_flags (query, flag_mask);
  hs_delivery_query_set_range (query, since, until);

  return g_steal_pointer (&query);
}

/**
 * hs_cli_query_foreach:
 * @limit: at most this many (0: all)
 *
 * Calls @func for each delivery that matches @query, newest first (ids are read first, 8
 * bytes each; the deliveries one at a time).
 */
gboolean
hs_cli_query_foreach (HsStore             *store,
                      HsDeliveryQuery     *query,
                      guint64              limit,
                      HsStoreForeachFunc   func,
                      gpointer             user_data,
                      GError             **error)
{
  g_autoptr(GArray) ids = NULL;
  guint64 n = 0;

  ids = hs_delivery_query_list_ids (query, hs_store_get_read_connection (store), 0, NULL,
                                    error);
  if (ids == NULL)
    return FALSE;

  for (guint i = ids->len; i > 0 && (limit == 0 || n < limit); i--)
    {
      g_autoptr(HsDelivery) delivery = NULL;
      g_autoptr(GError) local_error = NULL;

      delivery = hs_store_get_delivery (store, g_array_index (ids, gint64, i - 1), &local_error);
      /* Deleted since the ids were read: not an error. */
      if (delivery == NULL)
        continue;
      n++;
      if (!func (delivery, user_data))
        break;
    }

  return TRUE;
}
