/* hs-search-prefix.c: a search whose last word is an email, a UUID or a path, started from
 * its whole tokens and checked for its last, unfinished one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the user types last is a prefix (hs_search_index_match_expression()): an email
 * "zoe.bouchard500000@example62.com" is the phrase "zoe bouchard500000 example62 com*". FTS5
 * has no prefix index here, so it answers "com*" by merging the lists of every token that
 * starts with "com" — every delivery holds "com" — before the rare tokens can narrow anything:
 * 100 ms for a full email among a million deliveries, 11 s for "…example62.c". The whole
 * tokens before the last are the rare part: the phrase without the last token, exact, finds
 * the candidates through the index (a few milliseconds), and each candidate is checked here
 * for the whole phrase, the last token as a prefix, on the text the index was given,
 * tokenized by the index's own tokenizer. The answer is the same as the index's; when there
 * are too many candidates to check, the caller asks the index after all.
 */

#define G_LOG_DOMAIN "hs-search-prefix"

#include "config.h"

#include <string.h>

#include "hs-search-index.h"
#include "hs-search-prefix.h"

struct _HsSearchPrefix
{
  fts5_tokenizer  api;
  Fts5Tokenizer  *tokenizer;
  GPtrArray      *tokens;  /* the last word's, the last one a prefix */
  char           *match;   /* the other words, and the last word's whole tokens, exact */
};

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return api;
}

static int
add_token_cb (void       *data,
              int         flags,
              const char *token,
              int         length,
              int         start,
              int         end)
{
  if (!(flags & FTS5_TOKEN_COLOCATED))
    g_ptr_array_add (data, g_strndup (token, length));
  return SQLITE_OK;
}

static GPtrArray *
tokenize (HsSearchPrefix *self,
          int             reason,
          const char     *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  if (text != NULL)
    self->api.xTokenize (self->tokenizer, tokens, reason, text, strlen (text), add_token_cb);
  return tokens;
}

/* The start of the last quoted word of an expression from hs_search_index_match_expression()
 * (words hold no space: a space and a quote begin a word). */
static const char *
last_word_start (const char *expression)
{
  const char *last = expression;

  for (const char *p = strstr (expression, " \""); p != NULL; p = strstr (p + 1, " \""))
    last = p + 1;
  return last;
}

/**
 * hs_search_prefix_new:
 * @db: the connection the search runs on
 * @text: what the user typed
 *
 * Returns: (nullable): the plan, or %NULL when it does not apply (the last word is one
 *   token: its prefix is all there is to search)
 */
HsSearchPrefix *
hs_search_prefix_new (sqlite3    *db,
                      const char *text)
{
  static const char *args[] = { "remove_diacritics", "2" };
  g_autoptr(HsSearchPrefix) self = g_new0 (HsSearchPrefix, 1);
  g_autofree char *expression = hs_search_index_match_expression (text);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) match = NULL;
  fts5_api *api;
  void *user_data = NULL;
  const char *start;
  gsize length;

  if (expression == NULL || (api = get_fts5_api (db)) == NULL ||
      api->xFindTokenizer (api, "unicode61", &user_data, &self->api) != SQLITE_OK ||
      self->api.xCreate (user_data, args, G_N_ELEMENTS (args), &self->tokenizer) != SQLITE_OK)
    return NULL;

  /* The last word, unquoted: "…"* with "" for each quote. */
  start = last_word_start (expression);
  length = strlen (start);
  g_return_val_if_fail (length >= 3 && start[0] == '"' && g_str_has_suffix (start, "\"*"),
                        NULL);
  for (gsize i = 1; i < length - 2; i++)
    {
      g_string_append_c (word, start[i]);
      if (start[i] == '"')
        i++;
    }

  self->tokens = tokenize (self, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, word->str);
  if (self->tokens->len < 2)
    return NULL;

  match = g_string_new_len (expression, start - expression);
  g_string_append_c (match, '"');
  for (guint i = 0; i + 1 < self->tokens->len; i++)
    {
      const char *token = g_ptr_array_index (self->tokens, i);

      /* Tokens are letters and digits: nothing to quote. */
      g_return_val_if_fail (strchr (token, '"') == NULL, NULL);
      if (i > 0)
        g_string_append_c (match, ' ');
      g_string_append (match, token);
    }
  g_string_append_c (match, '"');
  self->match = g_string_free (g_steal_pointer (&match), FALSE);

  return g_steal_pointer (&self);
}

/* The FTS5 expression of the candidates: the search with its last token left out. */
const char *
hs_search_prefix_get_match (HsSearchPrefix *self)
{
  return self->match;
}

/* Whether @tokens hold the last word's tokens in a row, the last as a prefix. */
static gboolean
holds_phrase (HsSearchPrefix *self,
              GPtrArray      *tokens)
{
  guint n = self->tokens->len;
  const char *prefix = g_ptr_array_index (self->tokens, n - 1);

  for (guint at = 0; at + n <= tokens->len; at++)
    {
      guint i = 0;

      while (i + 1 < n &&
             strcmp (g_ptr_array_index (tokens, at + i), g_ptr_array_index (self->tokens, i)) == 0)
        i++;
      if (i + 1 == n && g_str_has_prefix (g_ptr_array_index (tokens, at + i), prefix))
        return TRUE;
    }
  return FALSE;
}

/**
 * hs_search_prefix_check:
 * @delivery: a candidate, read with its body
 *
 * Returns: %TRUE if one of the texts the index holds of @delivery has the last word (a phrase
 *   lies within one column, as in the index)
 */
gboolean
hs_search_prefix_check (HsSearchPrefix *self,
                        HsDelivery     *delivery)
{
  char *texts[HS_SEARCH_INDEX_N_COLUMNS];
  gboolean found = FALSE;

  hs_search_index_dup_texts (delivery, texts);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (!found && texts[i] != NULL)
        {
          g_autoptr(GPtrArray) tokens = tokenize (self, FTS5_TOKENIZE_DOCUMENT, texts[i]);

          found = holds_phrase (self, tokens);
        }
      g_free (texts[i]);
    }

  return found;
}

void
hs_search_prefix_free (HsSearchPrefix *self)
{
  if (self == NULL)
    return;

  if (self->tokenizer != NULL)
    self->api.xDelete (self->tokenizer);
  g_clear_pointer (&self->tokens, g_ptr_array_unref);
  g_free (self->match);
  g_free (self);
}
