/* hs-search-index.c: full-text search over the deliveries (SQLite FTS5), as a projection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The index is contentless (content=''): it holds the tokens and the delivery ids, not a second
 * copy of every body, and a search joins its ids with the deliveries, so an entry whose
 * delivery was pruned by the retention cap never shows (its tokens stay until `hookscope
 * reproject` rebuilds the index: a contentless index forgets a row only when told its text).
 * The projector fills it after each commit, so the acknowledging path does not pay for it.
 *
 * Tokens: unicode61 splits "ana@example.com" into ana, example, com and a UUID at its dashes;
 * each word the user types is a phrase, so the email or a UUID fragment finds the rows that
 * hold its tokens in that order; words are all required, and the last one is a prefix ("qbuir"
 * finds "qbuirette").
 */

#define G_LOG_DOMAIN "hs-search-index"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-search-index.h"

/* Bodies are indexed up to this size: the start of a 10 MiB body is what people search. */
#define BODY_LIMIT (1024 * 1024)

static const char insert_sql[] =
  "INSERT INTO delivery_search (rowid, path, query, headers, body) VALUES (?1, ?2, ?3, ?4, ?5)";

/**
 * hs_search_index_migrate:
 *
 * Migration 5: the index's table. Its projection cursor starts at 0: the projector then
 * indexes the deliveries already stored, in batches, in the background.
 */
gboolean
hs_search_index_migrate (sqlite3  *db,
                         GError  **error)
{
  int rc = sqlite3_exec (db,
                         "CREATE VIRTUAL TABLE delivery_search USING fts5 ("
                         " path, query, headers, body,"
                         " content = '', tokenize = 'unicode61 remove_diacritics 2');",
                         NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "search index: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/**
 * hs_search_index_reindex_migrate:
 *
 * Migration 9 (issue 17): the index reads bodies decoded from their Content-Encoding and a
 * form's fields decoded, so what was indexed before is not the text the index would now be
 * given to forget a delivery (a contentless index must be told the same text). It is emptied
 * and its cursor set back: the projector indexes everything again, in the background.
 */
gboolean
hs_search_index_reindex_migrate (sqlite3  *db,
                                 GError  **error)
{
  int rc = sqlite3_exec (db,
                         "INSERT INTO delivery_search (delivery_search) VALUES ('delete-all');"
                         "DELETE FROM projections WHERE name = 'search';",
                         NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "search index: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* The headers as "Name: value" lines; secrets by their name only (an API key is not a thing
 * to search for, nor to keep a second copy of). */
static char *
headers_text (HsDelivery *delivery)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    {
      const char *name = hs_delivery_get_header_name (delivery, i);
      gboolean secret = g_ascii_strcasecmp (name, "x-api-key") == 0 ||
                        g_ascii_strcasecmp (name, "authorization") == 0;

      g_string_append_printf (text, "%s: %s\n", name,
                              secret ? "" : hs_delivery_get_header_value (delivery, i));
    }

  return g_string_free (text, FALSE);
}

/* The text of a form's fields, "name: value" a line: "%40" and "+" would split an email or
 * a name into tokens no search finds. */
static GBytes *
form_text (GBytes *decoded)
{
  g_autoptr(GPtrArray) fields = hs_body_form_parse (decoded);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < fields->len && text->len < BODY_LIMIT; i++)
    {
      HsFormField *field = g_ptr_array_index (fields, i);
      gsize size = 0;
      const char *value = g_bytes_get_data (field->value, &size);

      g_string_append (text, field->name);
      g_string_append (text, ": ");
      g_string_append_len (text, value, size);
      g_string_append_c (text, '\n');
    }

  return g_string_free_to_bytes (text);
}

/* What to index of the body: decoded from its Content-Encoding (its first BODY_LIMIT bytes);
 * a form's fields decoded; NULL when it does not decode (nor is it searched then). Only
 * depends on the stored delivery, so that forgetting it gives the index the same text. */
static GBytes *
searchable_body (HsDelivery *delivery)
{
  g_autofree char *encoding = hs_body_codec_dup_encoding (delivery);
  g_autoptr(GBytes) decoded = NULL;
  GBytes *body = hs_delivery_get_body (delivery);

  if (body == NULL)
    return NULL;
  if (encoding == NULL)
    decoded = g_bytes_ref (body);
  else if (!hs_body_codec_was_refused (delivery))
    decoded = hs_body_codec_decode (encoding, body, BODY_LIMIT, TRUE, NULL);
  if (decoded == NULL)
    return NULL;

  if (hs_content_type_is_form (hs_delivery_get_content_type (delivery)))
    return form_text (decoded);
  return g_steal_pointer (&decoded);
}

/* The body's text, or NULL when it is not UTF-8 (bytes are not searched). */
static const char *
body_text (GBytes *body,
           gsize  *length)
{
  const char *data;
  const char *end = NULL;
  gsize size = 0;

  *length = 0;
  if (body == NULL || !(data = g_bytes_get_data (body, &size)) || size == 0)
    return NULL;

  size = MIN (size, BODY_LIMIT);
  /* A body cut at the limit may end inside a character: index up to the last whole one. */
  if (!g_utf8_validate (data, size, &end) && (gsize)(end - data) + 4 < size)
    return NULL;
  if (memchr (data, '\0', end - data) != NULL)
    return NULL;

  *length = end - data;
  return data;
}

static gboolean
bind_and_step (sqlite3_stmt  *stmt,
               HsDelivery    *delivery,
               GError       **error)
{
  g_autofree char *headers = headers_text (delivery);
  g_autoptr(GBytes) searchable = searchable_body (delivery);
  const char *body;
  gsize body_length;
  int rc;

  body = body_text (searchable, &body_length);
  sqlite3_bind_int64 (stmt, 1, hs_delivery_get_id (delivery));
  sqlite3_bind_text (stmt, 2, hs_delivery_get_path (delivery), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hs_delivery_get_query (delivery), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, headers, -1, SQLITE_STATIC);
  if (body != NULL)
    sqlite3_bind_text (stmt, 5, body, body_length, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "search index: %s",
                   sqlite3_errmsg (sqlite3_db_handle (stmt)));
      return FALSE;
    }
  return TRUE;
}

/**
 * hs_search_index_dup_texts:
 * @delivery: a delivery read with its body
 * @texts: (out): HS_SEARCH_INDEX_N_COLUMNS strings: the path, query, headers and body as the
 *   index is given them (each nullable; free each)
 *
 * For a search that checks a few candidates itself (hs-search-prefix.c): the same text, so
 * the same tokens, as the index holds.
 */
void
hs_search_index_dup_texts (HsDelivery  *delivery,
                           char       **texts)
{
  g_autoptr(GBytes) searchable = searchable_body (delivery);
  const char *body;
  gsize body_length;

  body = body_text (searchable, &body_length);
  texts[0] = g_strdup (hs_delivery_get_path (delivery));
  texts[1] = g_strdup (hs_delivery_get_query (delivery));
  texts[2] = headers_text (delivery);
  texts[3] = body != NULL ? g_strndup (body, body_length) : NULL;
}

static gpointer
projection_open (sqlite3  *db,
                 GError  **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, insert_sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
      SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "search index: %s",
                   sqlite3_errmsg (db));
      return NULL;
    }
  return stmt;
}

static void
projection_close (gpointer state)
{
  sqlite3_finalize (state);
}

static gboolean
projection_apply (gpointer     state,
                  HsDelivery  *delivery,
                  GError     **error)
{
  return bind_and_step (state, delivery, error);
}

static gboolean
projection_reset (sqlite3  *db,
                  GError  **error)
{
  if (sqlite3_exec (db, "INSERT INTO delivery_search (delivery_search) VALUES ('delete-all')",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "search index: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static const HsProjectionInfo search_projection = {
  .name = "search",
  .open = projection_open,
  .close = projection_close,
  .apply = projection_apply,
  .reset = projection_reset,
};

const HsProjectionInfo *
hs_search_index_get_info (void)
{
  return &search_projection;
}

/**
 * hs_search_index_forget:
 * @delivery: a delivery being deleted, read with its body
 *
 * Removes the delivery's tokens (a contentless index needs the text it was given). Nothing
 * happens when the index has not reached it yet.
 */
gboolean
hs_search_index_forget (sqlite3     *db,
                        HsDelivery  *delivery,
                        GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO delivery_search (delivery_search, rowid, path, query,"
                           " headers, body)"
                           " SELECT 'delete', ?1, ?2, ?3, ?4, ?5"
                           " WHERE ?1 <= (SELECT cursor FROM projections WHERE name = 'search')",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "search index: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }

  ok = bind_and_step (stmt, delivery, error);
  sqlite3_finalize (stmt);

  return ok;
}

/**
 * hs_search_index_match_expression:
 * @text: what the user typed
 *
 * Returns: (nullable): an FTS5 query that finds @text's words in that order, the last one as
 *   a prefix; %NULL when @text has no word to search. Every word is quoted, so FTS5 syntax
 *   typed by a user (", *, -, NEAR, AND, column filters) is searched as text, never an error.
 */
char *
hs_search_index_match_expression (const char *text)
{
  g_autoptr(GString) phrase = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autofree char *valid = NULL;
  guint n = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  words = g_strsplit_set (valid, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_token = FALSE;

      /* A word of punctuation alone has no token: FTS5 would reject an empty phrase. */
      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char_validated (p, -1);

          if (c == (gunichar)-1 || c == (gunichar)-2)
            break;
          if (g_unichar_isalnum (c))
            {
              has_token = TRUE;
              break;
            }
        }
      if (!has_token)
        continue;

      /* Words apart are all required (AND); inside a quoted word, its tokens follow each
       * other, as in an email. */
      g_string_append (phrase, n++ ? " \"" : "\"");
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append (phrase, "\"\"");
          else
            g_string_append_c (phrase, *p);
        }
      g_string_append_c (phrase, '"');
    }

  if (n == 0)
    return NULL;

  /* The last word is still being typed. */
  g_string_append_c (phrase, '*');
  return g_string_free (g_steal_pointer (&phrase), FALSE);
}
