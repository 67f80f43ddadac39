/* hs-forwarding.c: forwarding rules, relay and failure rules, for a capture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HsCapture makes one of these beside its listener. It
 *   - sets the process's forwarding rules (from the settings, or pinned by --forward-to), which
 *     the forwarding projection queues deliveries by, and runs the forwarder that sends them;
 *   - answers deliveries through the listener's hooks, on the listener's thread:
 *     failure rules (the status is chosen before the hand-off, so it is stored with the
 *     delivery; the delay and Retry-After apply when answering), and relay: once the delivery
 *     is committed, it is sent to the first relay rule's target on a worker thread, recorded
 *     like a replay, and its answer (status, headers, body up to 1 MiB) goes back to the
 *     sender; 502 with a JSON error when the target cannot be reached.
 */

#define G_LOG_DOMAIN "hs-forwarding"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "hs-forward-rule.h"
#include "hs-forwarding.h"
#include "hs-replay-request.h"
#include "hs-replay-send.h"
#include "hs-replay-store.h"
#include "hs-response-rule.h"

#define RELAY_THREADS        4
#define RELAY_TIMEOUT_SECONDS 30
#define RULE_KEY  "hs-response-rule"
#define RELAY_KEY "hs-relay-url"

struct _HsForwarding
{
  GObject       parent_instance;

  HsStore      *store;
  char         *path;
  HsForwarder  *forwarder;
  GSettings    *settings;
  gboolean      rules_pinned;
  gboolean      response_rules_pinned;

  /* The listener's thread reads these; the main thread changes them. */
  GMutex        lock;
  GPtrArray    *response_rules;  /* HsResponseRule, with their "next" counting down */
  GPtrArray    *relay_rules;     /* HsForwardRule, relay ones only */
  GThreadPool  *relay_pool;
};

G_DEFINE_FINAL_TYPE (HsForwarding, hs_forwarding, G_TYPE_OBJECT)

/* Per relay thread: a blocking session and a connection. */
static GPrivate relay_session = G_PRIVATE_INIT (g_object_unref);
static GPrivate relay_db = G_PRIVATE_INIT ((GDestroyNotify)sqlite3_close);

typedef struct
{
  HsForwarding     *self;
  HsListenerReply  *reply;
  HsReplayRequest  *request;
  char             *rule_url;
  gint64            delivery_id;
  GMainContext     *context;
  HsReplayAttempt  *attempt;
} Relay;

static void
relay_free (Relay *relay)
{
  g_object_unref (relay->self);
  g_clear_object (&relay->request);
  g_clear_object (&relay->attempt);
  g_free (relay->rule_url);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static char *
json_error (gint64      id,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* libsoup 3.2 has no phrase for some statuses a failure rule is for. */
static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case 425: return "Too Early";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    default: return NULL;
    }
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          char              *text)
{
  soup_server_message_set_status (msg, status, reason_phrase (status));
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text,
                                    strlen (text));
}

/* Back on the listener's thread: the target's answer to the sender. */
static gboolean
relay_answer (gpointer data)
{
  Relay *relay = data;
  SoupServerMessage *msg = hs_listener_reply_get_message (relay->reply);
  HsReplayAttempt *attempt = relay->attempt;

  if (hs_replay_attempt_get_error_kind (attempt) != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Relay to %s failed: %s"), relay->rule_url,
                         hs_replay_attempt_get_error_message (attempt));

      set_json (msg, SOUP_STATUS_BAD_GATEWAY, json_error (relay->delivery_id, message));
    }
  else
    {
      GPtrArray *headers = hs_replay_attempt_get_response_headers (attempt);
      SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
      GBytes *body = hs_replay_attempt_get_response_body (attempt);
      gsize size = 0;
      gconstpointer bytes = body != NULL ? g_bytes_get_data (body, &size) : NULL;

      soup_server_message_set_status (msg, hs_replay_attempt_get_status (attempt),
                                      hs_replay_attempt_get_reason (attempt));
      for (guint i = 0; i + 1 < headers->len; i += 2)
        {
          const char *name = g_ptr_array_index (headers, i);

          /* Ours are Server and Date; the body is relayed as received (not decoded). */
          if (!hs_replay_is_hop_by_hop_header (name) &&
              g_ascii_strcasecmp (name, "Server") != 0 &&
              g_ascii_strcasecmp (name, "Date") != 0)
            soup_message_headers_append (out, name, g_ptr_array_index (headers, i + 1));
        }
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                bytes != NULL ? bytes : "", size);
    }

  hs_listener_reply_send (relay->reply);
  relay_free (relay);
  return G_SOURCE_REMOVE;
}

/* On a relay thread: send, record, then hand the answer to the listener's thread. */
static void
relay_run (gpointer data,
           gpointer user_data)
{
  Relay *relay = data;
  SoupSession *session = g_private_get (&relay_session);
  sqlite3 *db = g_private_get (&relay_db);
  g_autoptr(GPtrArray) attempts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (session == NULL)
    {
      session = hs_replay_session_new (RELAY_TIMEOUT_SECONDS);
      g_private_set (&relay_session, session);
    }
  if (db == NULL && (db = hs_replay_db_open (relay->self->path, TRUE, &error)) != NULL)
    g_private_set (&relay_db, db);

  url = hs_replay_build_url (relay->rule_url, hs_replay_request_get_path (relay->request),
                             hs_replay_request_get_query (relay->request), FALSE, &error);
  if (url != NULL)
    relay->attempt = hs_replay_send (session, relay->request, url, FALSE, NULL);
  else
    {
      relay->attempt = hs_replay_attempt_new ();
      hs_replay_attempt_set_delivery_id (relay->attempt, relay->delivery_id);
      hs_replay_attempt_set_url (relay->attempt, relay->rule_url);
      hs_replay_attempt_set_method (relay->attempt,
                                    hs_replay_request_get_method (relay->request));
      hs_replay_attempt_set_started_at (relay->attempt, g_get_real_time ());
      hs_replay_attempt_fail (relay->attempt, error);
    }
  hs_replay_attempt_set_target_name (relay->attempt, HS_RELAY_TARGET_NAME);
  hs_replay_attempt_set_base_url (relay->attempt, relay->rule_url);

  g_clear_error (&error);
  g_ptr_array_add (attempts, relay->attempt);
  if (db == NULL || !hs_replay_db_insert_attempts (db, attempts, &error))
    g_warning ("relay: could not record the attempt: %s",
               error != NULL ? error->message : "no database");

  g_main_context_invoke (relay->context, relay_answer, relay);
}

static gboolean
rule_applies (HsResponseRule *rule,
              HsDelivery     *delivery)
{
  if (rule->event != NULL && g_strcmp0 (rule->event, hs_delivery_get_event_name (delivery)) != 0)
    return FALSE;
  if (rule->next < 0)
    return FALSE;  /* its N deliveries are answered */
  if (rule->share < 1.0 && g_random_double () >= rule->share)
    return FALSE;
  if (rule->next > 0 && --rule->next == 0)
    rule->next = -1;
  return TRUE;
}

/* HsListenerHooks.decide, on the listener's thread. */
static void
hook_decide (gpointer    user_data,
             HsDelivery *delivery)
{
  HsForwarding *self = user_data;

  g_mutex_lock (&self->lock);
  for (guint i = 0; self->response_rules != NULL && i < self->response_rules->len; i++)
    {
      HsResponseRule *rule = g_ptr_array_index (self->response_rules, i);

      if (rule_applies (rule, delivery))
        {
          hs_delivery_set_response_status (delivery, rule->status);
          g_object_set_data_full (G_OBJECT (delivery), RULE_KEY, hs_response_rule_copy (rule),
                                  (GDestroyNotify)hs_response_rule_free);
          g_mutex_unlock (&self->lock);
          return;
        }
    }
  for (guint i = 0; self->relay_rules != NULL && i < self->relay_rules->len; i++)
    {
      HsForwardRule *rule = g_ptr_array_index (self->relay_rules, i);

      if (hs_forward_rule_matches (rule, delivery) && hs_forward_accepts_delivery (delivery))
        {
          g_object_set_data_full (G_OBJECT (delivery), RELAY_KEY, g_strdup (rule->url), g_free);
          break;
        }
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
send_later (gpointer data)
{
  hs_listener_reply_send (data);
  return G_SOURCE_REMOVE;
}

static void
answer_by_rule (HsResponseRule  *rule,
                HsDelivery      *delivery,
                HsListenerReply *reply)
{
  SoupServerMessage *msg = hs_listener_reply_get_message (reply);
  gint64 id = hs_delivery_get_id (delivery);

  if (rule->status < 300)
    set_json (msg, rule->status, g_strdup_printf ("{\"ok\":true,\"id\":%" G_GINT64_FORMAT "}", id));
  else
    {
      g_autofree char *rule_text = hs_response_rule_to_string (rule);
      g_autofree char *message = g_strdup_printf (_("Simulated failure (response rule %s)"),
                                                  rule_text);

      set_json (msg, rule->status, json_error (id, message));
    }
  if (rule->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", rule->retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
    }

  if (rule->delay_ms > 0)
    {
      GSource *source = g_timeout_source_new (rule->delay_ms);

      g_source_set_callback (source, send_later, reply, NULL);
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
    }
  else
    hs_listener_reply_send (reply);
}

/* HsListenerHooks.respond, on the listener's thread, after the commit. */
static gboolean
hook_respond (gpointer         user_data,
              HsDelivery      *delivery,
              HsListenerReply *reply)
{
  HsForwarding *self = user_data;
  HsResponseRule *rule = g_object_get_data (G_OBJECT (delivery), RULE_KEY);
  const char *relay_url = g_object_get_data (G_OBJECT (delivery), RELAY_KEY);
  Relay *relay;

  if (rule != NULL)
    {
      answer_by_rule (rule, delivery, reply);
      return TRUE;
    }
  if (relay_url == NULL)
    return FALSE;

  relay = g_new0 (Relay, 1);
  relay->self = g_object_ref (self);
  relay->reply = reply;
  relay->request = hs_replay_request_new_for_delivery (delivery);
  relay->rule_url = g_strdup (relay_url);
  relay->delivery_id = hs_delivery_get_id (delivery);
  relay->context = g_main_context_ref_thread_default ();
  g_thread_pool_push (self->relay_pool, relay, NULL);

  return TRUE;
}

static const HsListenerHooks hooks = {
  .decide = hook_decide,
  .respond = hook_respond,
};

HsForwarding *
hs_forwarding_new (HsStore *store)
{
  HsForwarding *self;

  g_return_val_if_fail (HS_IS_STORE (store), NULL);

  /* Before the projections start (see hs_forward_rules_hold()). */
  hs_forward_rules_hold ();
  self = g_object_new (HS_TYPE_FORWARDING, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (hs_store_get_path (store));
  self->relay_pool = g_thread_pool_new (relay_run, self, RELAY_THREADS, TRUE, NULL);
  self->forwarder = hs_forwarder_new (store, 30);
  hs_forwarder_start (self->forwarder);

  return self;
}

/* Before the listener starts. */
void
hs_forwarding_attach (HsForwarding *self,
                      HsListener   *listener)
{
  g_return_if_fail (HS_IS_FORWARDING (self));
  g_return_if_fail (HS_IS_LISTENER (listener));

  hs_listener_set_hooks (listener, &hooks, self);
}

static void
apply_rules (HsForwarding *self,
             GPtrArray    *rules)
{
  GPtrArray *relay_rules = g_ptr_array_new_with_free_func ((GDestroyNotify)hs_forward_rule_free);
  GPtrArray *old;

  for (guint i = 0; i < rules->len; i++)
    {
      HsForwardRule *rule = g_ptr_array_index (rules, i);

      if (rule->relay)
        g_ptr_array_add (relay_rules, hs_forward_rule_copy (rule));
    }
  hs_forward_rules_set_active (rules);

  g_mutex_lock (&self->lock);
  old = self->relay_rules;
  self->relay_rules = relay_rules;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&old, g_ptr_array_unref);
}

static void
apply_response_rules (HsForwarding *self,
                      GPtrArray    *rules)
{
  GPtrArray *old;

  g_mutex_lock (&self->lock);
  old = self->response_rules;
  self->response_rules = g_ptr_array_ref (rules);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&old, g_ptr_array_unref);
}

static void
settings_changed_cb (HsForwarding *self,
                     const char   *key)
{
  if (key == NULL || g_str_equal (key, "forward-rules"))
    {
      g_autoptr(GVariant) value = g_settings_get_value (self->settings, "forward-rules");
      g_autoptr(GPtrArray) rules = hs_forward_rules_from_variant (value);

      if (!self->rules_pinned)
        apply_rules (self, rules);
    }
  if (key == NULL || g_str_equal (key, "response-rules"))
    {
      g_auto(GStrv) texts = g_settings_get_strv (self->settings, "response-rules");
      g_autoptr(GPtrArray) rules = hs_response_rules_from_strv ((const char * const *)texts);

      if (!self->response_rules_pinned)
        apply_response_rules (self, rules);
    }
}

void
hs_forwarding_use_settings (HsForwarding *self,
                            GSettings    *settings,
                            gboolean      live)
{
  g_return_if_fail (HS_IS_FORWARDING (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  settings_changed_cb (self, NULL);
  if (live)
    g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                             G_CONNECT_SWAPPED);
}

/* --forward-to for this run, over the settings' rules. */
void
hs_forwarding_pin_rules (HsForwarding *self,
                         GPtrArray    *forward_rules)
{
  g_return_if_fail (HS_IS_FORWARDING (self));
  g_return_if_fail (forward_rules != NULL);

  self->rules_pinned = TRUE;
  apply_rules (self, forward_rules);
}

/* --respond for this run, over the settings' rules. */
void
hs_forwarding_pin_response_rules (HsForwarding *self,
                                  GPtrArray    *response_rules)
{
  g_return_if_fail (HS_IS_FORWARDING (self));
  g_return_if_fail (response_rules != NULL);

  self->response_rules_pinned = TRUE;
  apply_response_rules (self, response_rules);
}

/* The forwarding rules in force (relay ones included). */
GPtrArray *
hs_forwarding_dup_rules (HsForwarding *self)
{
  g_return_val_if_fail (HS_IS_FORWARDING (self), NULL);

  return hs_forward_rules_dup_active (NULL);
}

/* The capture is set up (settings read, command line pinned): forward by the rules in force. */
void
hs_forwarding_release (HsForwarding *self)
{
  g_return_if_fail (HS_IS_FORWARDING (self));

  hs_forward_rules_release ();
}

HsForwarder *
hs_forwarding_get_forwarder (HsForwarding *self)
{
  g_return_val_if_fail (HS_IS_FORWARDING (self), NULL);

  return self->forwarder;
}

/* Once the listener answered everything: the relays are done; the forward being sent
 * finishes, and the queue waits for the next start. */
void
hs_forwarding_shutdown (HsForwarding *self)
{
  g_return_if_fail (HS_IS_FORWARDING (self));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->relay_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->relay_pool), FALSE, TRUE);
  if (self->forwarder != NULL)
    hs_forwarder_stop (self->forwarder);
}

static void
hs_forwarding_dispose (GObject *object)
{
  HsForwarding *self = (HsForwarding *)object;

  hs_forwarding_shutdown (self);
  g_clear_object (&self->forwarder);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hs_forwarding_parent_class)->dispose (object);
}

static void
hs_forwarding_finalize (GObject *object)
{
  HsForwarding *self = (HsForwarding *)object;

  g_clear_pointer (&self->response_rules, g_ptr_array_unref);
  g_clear_pointer (&self->relay_rules, g_ptr_array_unref);
  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hs_forwarding_parent_class)->finalize (object);
}

static void
hs_forwarding_class_init (HsForwardingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_forwarding_dispose;
  object_class->finalize = hs_forwarding_finalize;
}

static void
hs_forwarding_init (HsForwarding *self)
{
  g_mutex_init (&self->lock);
}
