/* hs-html-text.c: the plain text of an HTML fragment from a payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `summary_html` and description blocks are HTML written by whoever edits the event. The views
 * show them as plain text: tags are dropped (never handed to Pango, whose markup would take
 * <b> but choke on <p> and could be made to do more), block ends become line breaks, character
 * references are decoded, and the contents of <script> and <style> are dropped.
 */

#define G_LOG_DOMAIN "hs-html-text"

#include "config.h"

#include <string.h>

#include "hs-html-text.h"

static const struct
{
  const char *name;
  const char *text;
} named_references[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
  { "nbsp", "\xc2\xa0" }, { "ndash", "\xe2\x80\x93" }, { "mdash", "\xe2\x80\x94" },
  { "hellip", "\xe2\x80\xa6" }, { "rsquo", "\xe2\x80\x99" }, { "lsquo", "\xe2\x80\x98" },
  { "rdquo", "\xe2\x80\x9d" }, { "ldquo", "\xe2\x80\x9c" }, { "eacute", "\xc3\xa9" },
  { "egrave", "\xc3\xa8" }, { "agrave", "\xc3\xa0" }, { "ccedil", "\xc3\xa7" },
};

/* Tags whose end (or which themselves, for void ones) break the line. */
static const char * const block_tags[] = {
  "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
  "pre", "hr", "section", "article", "header", "footer", "table", NULL,
};

/* Decodes the reference at @p (just after '&'); returns how many bytes it used, 0 if none. */
static gsize
append_reference (GString    *out,
                  const char *p)
{
  const char *semicolon = strchr (p, ';');
  gsize len;

  if (semicolon == NULL || semicolon == p || semicolon - p > 10)
    return 0;
  len = semicolon - p;

  if (p[0] == '#')
    {
      g_autofree char *digits = g_strndup (p + 1, len - 1);
      gboolean hex = digits[0] == 'x' || digits[0] == 'X';
      char *end = NULL;
      guint64 value = g_ascii_strtoull (hex ? digits + 1 : digits, &end, hex ? 16 : 10);

      if (end == NULL || *end != '\0' || end == (hex ? digits + 1 : digits))
        return 0;
      /* NUL, surrogates and out-of-range values would make the text invalid UTF-8. */
      if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        g_string_append (out, "\xef\xbf\xbd");
      else
        g_string_append_unichar (out, (gunichar) value);
      return len + 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (named_references); i++)
    {
      if (strlen (named_references[i].name) == len &&
          strncmp (named_references[i].name, p, len) == 0)
        {
          g_string_append (out, named_references[i].text);
          return len + 1;
        }
    }

  return 0;
}

/* The tag's name, lowercased, from just after '<' (and an optional '/'). */
static char *
tag_name (const char *p,
          const char *end)
{
  const char *start;

  if (*p == '/')
    p++;
  start = p;
  while (p < end && g_ascii_isalnum (*p))
    p++;

  return g_ascii_strdown (start, p - start);
}

/* Collapses runs of spaces and of line breaks ('\f' marks a paragraph's end, which leaves a
 * blank line); no leading or trailing space. */
static char *
tidy (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;
  guint pending_newlines = 0;   /* 1: a line break, 2: a paragraph break */

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\f')
        {
          pending_newlines = MAX (pending_newlines, *p == '\f' ? 2u : 1u);
          pending_space = FALSE;
        }
      else if (*p == ' ' || *p == '\t' || *p == '\r')
        {
          pending_space = TRUE;
        }
      else
        {
          if (out->len > 0 && pending_newlines > 0)
            g_string_append (out, pending_newlines > 1 ? "\n\n" : "\n");
          else if (out->len > 0 && pending_space)
            g_string_append_c (out, ' ');
          pending_newlines = 0;
          pending_space = FALSE;
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * hs_html_to_text:
 * @html: (nullable): an HTML fragment, as a payload carried it
 *
 * Returns: (transfer full): its text, valid UTF-8, with paragraphs as blank lines; "" for NULL
 */
char *
hs_html_to_text (const char *html)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *valid = NULL;
  const char *end;
  const char *p;

  if (html == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (html, -1);
  out = g_string_sized_new (strlen (valid));
  end = valid + strlen (valid);

  for (p = valid; p < end;)
    {
      if (*p == '<' && p + 1 < end &&
          (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
        {
          const char *close;
          g_autofree char *name = NULL;
          gboolean closing = p[1] == '/';

          if (strncmp (p, "<!--", 4) == 0)
            {
              close = strstr (p + 4, "-->");
              p = close != NULL ? close + 3 : end;
              continue;
            }

          close = strchr (p, '>');
          if (close == NULL)
            break;   /* an unterminated tag: the rest is not text */
          name = tag_name (p + 1, close);

          if (!closing && (g_str_equal (name, "script") || g_str_equal (name, "style")))
            {
              g_autofree char *end_tag = g_strconcat ("</", name, NULL);
              const char *q = close;

              /* Skip to the matching end tag, case-insensitively. */
              while ((q = strchr (q + 1, '<')) != NULL &&
                     g_ascii_strncasecmp (q, end_tag, strlen (end_tag)) != 0)
                ;
              close = q != NULL ? strchr (q, '>') : NULL;
              p = close != NULL ? close + 1 : end;
              continue;
            }

          if (g_strv_contains (block_tags, name))
            g_string_append_c (out, '\n');
          if (g_str_equal (name, "p") && closing)
            g_string_append_c (out, '\f');   /* a paragraph ends: a blank line */
          p = close + 1;
        }
      else if (*p == '&')
        {
          gsize used = append_reference (out, p + 1);

          if (used == 0)
            g_string_append_c (out, '&');
          p += 1 + used;
        }
      else
        {
          /* Line breaks in the source are spaces in HTML. */
          g_string_append_c (out, (*p == '\n' || *p == '\f') ? ' ' : *p);
          p++;
        }
    }

  return tidy (out->str);
}
