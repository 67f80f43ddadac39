/* hs-forward-rule.c: forward every new delivery (or those of some events) to a URL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The active rules are process-wide: projections are plain functions run on the projector's
 * thread (HsProjectionInfo has no user data), and the listener's hooks run on its own thread.
 * Readers take a copy under the lock and keep it until the generation changes.
 */

#define G_LOG_DOMAIN "hs-forward-rule"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "hs-delivery-json.h"
#include "hs-forward-rule.h"

static GMutex active_lock;
static GCond active_cond;
static GPtrArray *active_rules;
static guint active_generation = 1;
static gboolean active_held;

HsForwardRule *
hs_forward_rule_new (const char         *url,
                     const char * const *events,
                     gboolean            relay)
{
  HsForwardRule *rule = g_new0 (HsForwardRule, 1);

  g_return_val_if_fail (url != NULL, NULL);

  rule->url = g_strdup (url);
  rule->events = events != NULL && events[0] != NULL ? g_strdupv ((char **)events) : NULL;
  rule->relay = relay;

  return rule;
}

HsForwardRule *
hs_forward_rule_copy (const HsForwardRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return hs_forward_rule_new (rule->url, (const char * const *)rule->events, rule->relay);
}

void
hs_forward_rule_free (HsForwardRule *rule)
{
  if (rule == NULL)
    return;

  g_free (rule->url);
  g_strfreev (rule->events);
  g_free (rule);
}

gboolean
hs_forward_rule_matches (const HsForwardRule *rule,
                         HsDelivery          *delivery)
{
  const char *event_name;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  if (rule->events == NULL)
    return TRUE;
  event_name = hs_delivery_get_event_name (delivery);
  return event_name != NULL && g_strv_contains ((const char * const *)rule->events, event_name);
}

/* An absolute http(s) URL (what SoupMessage takes). */
gboolean
hs_forward_rule_check_url (const char  *url,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an absolute http or https URL"), url);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
hs_forward_rules_from_variant (GVariant *variant)
{
  GPtrArray *rules = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_forward_rule_free);
  const char *url;
  GVariantIter iter;
  GVariant *events_variant;
  gboolean relay;

  g_return_val_if_fail (variant != NULL, rules);
  g_return_val_if_fail (g_variant_is_of_type (variant, G_VARIANT_TYPE ("a(sasb)")), rules);

  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(&s@asb)", &url, &events_variant, &relay))
    {
      g_autofree const char **names = g_variant_get_strv (events_variant, NULL);

      if (url[0] != '\0')
        g_ptr_array_add (rules, hs_forward_rule_new (url, names, relay));
      g_variant_unref (events_variant);
    }

  return rules;
}

GVariant *
hs_forward_rules_to_variant (GPtrArray *rules)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sasb)"));
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      HsForwardRule *rule = g_ptr_array_index (rules, i);
      const char * const no_events[] = { NULL };

      g_variant_builder_add (&builder, "(s^asb)", rule->url,
                             rule->events != NULL ? (const char * const *)rule->events : no_events,
                             rule->relay);
    }

  return g_variant_builder_end (&builder);
}

/* "http://a/ (invitation_created), http://b/ (relay)": for a status line. */
char *
hs_forward_rules_describe (GPtrArray *rules)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      HsForwardRule *rule = g_ptr_array_index (rules, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, rule->url);
      if (rule->events != NULL || rule->relay)
        {
          g_autofree char *events = rule->events ? g_strjoinv (", ", rule->events) : NULL;

          g_string_append (text, " (");
          if (events != NULL)
            g_string_append (text, events);
          if (rule->relay)
            g_string_append_printf (text, "%s%s", events != NULL ? "; " : "", _("relay"));
          g_string_append_c (text, ')');
        }
    }

  return g_string_free (text, FALSE);
}

static GPtrArray *
copy_rules (GPtrArray *rules)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_forward_rule_free);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    g_ptr_array_add (copy, hs_forward_rule_copy (g_ptr_array_index (rules, i)));
  return copy;
}

void
hs_forward_rules_set_active (GPtrArray *rules)
{
  GPtrArray *copy = copy_rules (rules);
  GPtrArray *old;

  g_mutex_lock (&active_lock);
  old = active_rules;
  active_rules = copy;
  active_generation++;
  active_held = FALSE;
  g_cond_broadcast (&active_cond);
  g_mutex_unlock (&active_lock);

  g_clear_pointer (&old, g_ptr_array_unref);
}

/* A copy of the active rules (empty when none), and their generation. */
GPtrArray *
hs_forward_rules_dup_active (guint *generation)
{
  GPtrArray *copy;

  g_mutex_lock (&active_lock);
  copy = copy_rules (active_rules);
  if (generation != NULL)
    *generation = active_generation;
  g_mutex_unlock (&active_lock);

  return copy;
}

guint
hs_forward_rules_get_generation (void)
{
  guint generation;

  g_mutex_lock (&active_lock);
  generation = active_generation;
  g_mutex_unlock (&active_lock);

  return generation;
}

gboolean
hs_forward_accepts_delivery (HsDelivery *delivery)
{
  HsAuthVerdict auth;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  auth = hs_delivery_get_auth_verdict (delivery);
  if (auth == HS_AUTH_MISSING || auth == HS_AUTH_WRONG)
    return FALSE;
  if (hs_delivery_get_flags (delivery) &
      (HS_DELIVERY_FLAG_TRUNCATED | HS_DELIVERY_FLAG_IMPORTED))
    return FALSE;
  /* The listener answered 400 to a JSON type whose body does not parse (the domain projection
   * may call other bodies not-json too: those were accepted). */
  return !(hs_content_type_is_json (hs_delivery_get_content_type (delivery)) &&
           hs_delivery_get_parse_verdict (delivery) == HS_PARSE_NOT_JSON);
}

/**
 * hs_forward_rules_hold:
 *
 * The capture is being set up: its rules (settings, --forward-to) come in a moment. Until
 * hs_forward_rules_set_active() or hs_forward_rules_release(), the forwarding projection
 * waits for them (hs_forward_rules_wait()) instead of passing the deliveries a crash left
 * unprojected with no rules at all.
 */
void
hs_forward_rules_hold (void)
{
  g_mutex_lock (&active_lock);
  active_held = TRUE;
  g_mutex_unlock (&active_lock);
}

/* The capture is set up: the rules in force (perhaps none) are the ones. */
void
hs_forward_rules_release (void)
{
  g_mutex_lock (&active_lock);
  active_held = FALSE;
  g_cond_broadcast (&active_cond);
  g_mutex_unlock (&active_lock);
}

/* On the projector's thread: waits (at most @timeout_us) while the rules are held. */
void
hs_forward_rules_wait (gint64 timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;

  g_mutex_lock (&active_lock);
  while (active_held)
    if (!g_cond_wait_until (&active_cond, &active_lock, end))
      {
        /* Nobody is coming (a window whose listener never started): forward by what is set. */
        active_held = FALSE;
        break;
      }
  g_mutex_unlock (&active_lock);
}
