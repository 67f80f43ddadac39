/* hs-domain-projection.c: the domain model as a projection of the deliveries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each delivery, on the projector's thread: the body's hash, the payload (parsed once; a
 * byte-identical body seen lately is not parsed again), the domain model under a savepoint (a
 * domain failure flags the delivery invalid-shape and loses nothing), and one row of
 * delivery_meanings: the verdict, event name and duplicate / out-of-order flags that readers
 * show over the listener's JSON-syntax verdict.
 */

#define G_LOG_DOMAIN "hs-domain-projection"

#include "config.h"

#include <glib/gi18n.h>
#include <nettle/sha2.h>

#include "hs-body-form.h"
#include "hs-domain-projection.h"
#include "hs-domain-store.h"
#include "hs-json-reader.h"
#include "hs-payload-cache.h"

/* Recently parsed bodies, understood (see hs-payload-cache.c). */
#define PAYLOAD_CACHE_SIZE 16

enum {
  STMT_SAVEPOINT,
  STMT_ROLLBACK_TO,
  STMT_RELEASE,
  STMT_MEANING,
  STMT_PRUNE,
  N_STMTS
};

static const char * const stmt_sql[N_STMTS] = {
  [STMT_SAVEPOINT] = "SAVEPOINT hs_domain",
  [STMT_ROLLBACK_TO] = "ROLLBACK TO hs_domain",
  [STMT_RELEASE] = "RELEASE hs_domain",
  [STMT_MEANING] =
    "INSERT OR REPLACE INTO delivery_meanings"
    " (delivery_id, parse_verdict, parse_message, event_name, flags, body_sha256)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  /* The meanings of deliveries the retention cap deleted (the domain rows stay). */
  [STMT_PRUNE] =
    "DELETE FROM delivery_meanings WHERE delivery_id < (SELECT min (id) FROM deliveries)",
};

typedef struct
{
  sqlite3        *db;
  sqlite3_stmt   *stmts[N_STMTS];
  HsDomainStore  *domain;
  HsPayloadCache *cache;
} State;

static void
state_close (gpointer data)
{
  State *state = data;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&state->stmts[i], sqlite3_finalize);
  g_clear_pointer (&state->domain, hs_domain_store_free);
  g_clear_pointer (&state->cache, hs_payload_cache_free);
  g_free (state);
}

static void
set_sqlite_error (GError  **error,
                  sqlite3  *db,
                  int       rc,
                  guint     stmt)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s (%s)", sqlite3_errmsg (db),
               stmt_sql[stmt]);
}

static gpointer
state_open (sqlite3  *db,
            GError  **error)
{
  State *state = g_new0 (State, 1);

  state->db = db;
  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &state->stmts[i], NULL);

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, db, rc, i);
          state_close (state);
          return NULL;
        }
    }
  state->domain = hs_domain_store_new (db);
  state->cache = hs_payload_cache_new (PAYLOAD_CACHE_SIZE);

  return state;
}

static gboolean
step (State    *state,
      guint     stmt,
      GError  **error)
{
  sqlite3_stmt *s = state->stmts[stmt];
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (error, state->db, rc, stmt);
      return FALSE;
    }
  return TRUE;
}

/* Nettle's SHA-256 uses the CPU's SHA instructions where there are some: a 2 KiB body costs
 * about 1 µs instead of GLib's 6. Same lowercase hex text as g_compute_checksum_for_data(). */
static void
sha256_hex (const guint8 *data,
            gsize         size,
            char          text[2 * SHA256_DIGEST_SIZE + 1])
{
  static const char hex[] = "0123456789abcdef";
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];

  sha256_init (&ctx);
  sha256_update (&ctx, size, data);
  sha256_digest (&ctx, sizeof digest, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * SHA256_DIGEST_SIZE] = '\0';
}

/* The body understood: from the cache for bytes seen lately, else through the fast reader
 * (strict RFC 8259: when it takes a body, json-glib would too); NULL lets the domain model
 * parse it itself with json-glib, which words the errors. */
static HsPayload *
understand_body (State        *state,
                 const char   *sha256,
                 const guint8 *data,
                 gsize         size)
{
  g_autoptr(JsonNode) root = NULL;
  HsPayload *payload;
  const char *name = NULL;

  if (data == NULL || size > HS_PAYLOAD_CACHE_MAX_BODY)
    return NULL;

  if ((payload = hs_payload_cache_lookup (state->cache, sha256, &name)))
    return payload;

  if (!(root = hs_json_read_fast ((const char *)data, size)))
    return NULL;

  payload = hs_payload_new_for_root (root);
  hs_payload_cache_store (state->cache, sha256, hs_payload_get_event_name (payload), payload);
  return payload;
}

static gboolean
apply_domain (State       *state,
              HsDelivery  *delivery,
              const char  *sha256,
              HsPayload   *payload,
              GError     **error)
{
  g_autoptr(GError) domain_error = NULL;

  if (!step (state, STMT_SAVEPOINT, error))
    return FALSE;

  if (!hs_domain_store_apply (state->domain, delivery, sha256, payload, &domain_error))
    {
      if (!step (state, STMT_ROLLBACK_TO, error))
        return FALSE;
      hs_delivery_set_parse_verdict (delivery, HS_PARSE_INVALID_SHAPE,
                                     domain_error ? domain_error->message : _("unknown error"));
    }

  return step (state, STMT_RELEASE, error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
projection_apply (gpointer     data,
                  HsDelivery  *delivery,
                  GError     **error)
{
  State *state = data;
  /* What the body says: decoded from its Content-Encoding, or the JSON field of a form
   * (hs-body-form.c); the stored bytes when they cannot be decoded. */
  g_autoptr(GBytes) meaning = hs_delivery_dup_meaningful_body (delivery, NULL);
  GBytes *body = meaning ? meaning : hs_delivery_get_body (delivery);
  gsize size = 0;
  const guint8 *bytes = body ? g_bytes_get_data (body, &size) : NULL;
  char sha256[2 * SHA256_DIGEST_SIZE + 1];
  sqlite3_stmt *s = state->stmts[STMT_MEANING];

  sha256_hex (bytes ? bytes : (const guint8 *)"", size, sha256);

  /* A truncated body, or one the listener found not to be JSON, means nothing more: its
   * verdict stays the listener's. */
  if (!(hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED) &&
      hs_delivery_get_parse_verdict (delivery) != HS_PARSE_NOT_JSON)
    {
      g_autoptr(HsPayload) payload = understand_body (state, sha256, bytes, size);

      /* Left to the domain model, it would parse the stored bytes. */
      if (payload == NULL && body != hs_delivery_get_body (delivery))
        payload = hs_payload_new ((const char *)bytes, size);

      if (!apply_domain (state, delivery, sha256, payload, error))
        return FALSE;
    }

  sqlite3_bind_int64 (s, 1, hs_delivery_get_id (delivery));
  bind_text (s, 2, hs_parse_verdict_to_string (hs_delivery_get_parse_verdict (delivery)));
  bind_text (s, 3, hs_delivery_get_parse_message (delivery));
  bind_text (s, 4, hs_delivery_get_event_name (delivery));
  sqlite3_bind_int64 (s, 5, hs_delivery_get_flags (delivery) & ~HS_DELIVERY_FLAG_TRUNCATED);
  bind_text (s, 6, sha256);

  return step (state, STMT_MEANING, error);
}

static gboolean
projection_finish (gpointer   data,
                   GError   **error)
{
  return step (data, STMT_PRUNE, error);
}

static gboolean
projection_reset (sqlite3  *db,
                  GError  **error)
{
  int rc = sqlite3_exec (db,
                         "DELETE FROM delivery_meanings;"
                         "DELETE FROM events;"
                         "DELETE FROM event_versions;"
                         "DELETE FROM invitations;"
                         "DELETE FROM participants;",
                         NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static const HsProjectionInfo domain_projection = {
  .name = "domain",
  .open = state_open,
  .close = state_close,
  .apply = projection_apply,
  .finish = projection_finish,
  .reset = projection_reset,
};

const HsProjectionInfo *
hs_domain_projection_get_info (void)
{
  return &domain_projection;
}
