/* hs-json-check.c: a strict, allocation-free JSON validator for the capture hot path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writer thread must say "not-json" (with line and column) for every JSON-typed body, and
 * pick up a top-level "event_name". json-glib 1.6 builds a whole tree through GScanner and
 * signals for that (about 20 µs for the seed payload); this checks RFC 8259 in one pass.
 */

#define G_LOG_DOMAIN "hs-json-check"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hs-json-check.h"

#define MAX_DEPTH 512

typedef struct
{
  const guchar *p;
  const guchar *end;
  const guchar *line_start;
  guint         line;
  char         *error;
} Scanner;

static gboolean
fail (Scanner    *s,
      const char *what)
{
  guint column = 1;

  if (s->error != NULL)
    return FALSE;

  /* Columns count characters, not bytes. */
  for (const guchar *c = s->line_start; c < s->p && c < s->end; c++)
    if ((*c & 0xc0) != 0x80)
      column++;

  s->error = g_strdup_printf (_("line %u, column %u: %s"), s->line, column, what);
  return FALSE;
}

static gboolean
fail_unexpected (Scanner *s)
{
  g_autofree char *what = NULL;

  if (s->p >= s->end)
    return fail (s, _("unexpected end of data"));
  if (*s->p >= 0x20 && *s->p < 0x7f)
    what = g_strdup_printf (_("unexpected character “%c”"), *s->p);
  else
    what = g_strdup_printf (_("unexpected byte 0x%02x"), *s->p);
  return fail (s, what);
}

static void
skip_space (Scanner *s)
{
  while (s->p < s->end)
    {
      switch (*s->p)
        {
        case '\n':
          s->line++;
          s->line_start = s->p + 1;
          G_GNUC_FALLTHROUGH;
        case ' ':
        case '\t':
        case '\r':
          s->p++;
          break;
        default:
          return;
        }
    }
}

static gboolean
literal (Scanner    *s,
         const char *word)
{
  gsize len = strlen (word);

  if ((gsize)(s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return fail_unexpected (s);
  s->p += len;
  return TRUE;
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Scanner  *s,
           gunichar *out)
{
  gunichar value = 0;

  if (s->end - s->p < 4)
    return fail (s, _("truncated \\u escape"));
  for (guint i = 0; i < 4; i++)
    {
      int v = hex_value (s->p[i]);

      if (v < 0)
        return fail (s, _("invalid \\u escape"));
      value = value * 16 + v;
    }
  s->p += 4;
  *out = value;
  return TRUE;
}

/* At the opening quote. Appends the decoded text to @decoded when not %NULL. */
static gboolean
string (Scanner *s,
        GString *decoded)
{
  s->p++;

  while (s->p < s->end)
    {
      guchar c = *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      else if (c == '\\')
        {
          gunichar u;

          if (++s->p >= s->end)
            break;
          c = *s->p++;
          switch (c)
            {
            case '"': case '\\': case '/':
              u = c;
              break;
            case 'b': u = '\b'; break;
            case 'f': u = '\f'; break;
            case 'n': u = '\n'; break;
            case 'r': u = '\r'; break;
            case 't': u = '\t'; break;
            case 'u':
              if (!read_hex4 (s, &u))
                return FALSE;
              if (u >= 0xd800 && u <= 0xdbff)
                {
                  gunichar low;

                  if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                    return fail (s, _("unpaired surrogate in \\u escape"));
                  s->p += 2;
                  if (!read_hex4 (s, &low))
                    return FALSE;
                  if (low < 0xdc00 || low > 0xdfff)
                    return fail (s, _("unpaired surrogate in \\u escape"));
                  u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                }
              else if (u >= 0xdc00 && u <= 0xdfff)
                return fail (s, _("unpaired surrogate in \\u escape"));
              break;
            default:
              s->p--;
              return fail (s, _("invalid escape in a string"));
            }
          if (decoded != NULL)
            g_string_append_unichar (decoded, u);
        }
      else if (c < 0x20)
        return fail (s, _("control character in a string"));
      else if (c < 0x80)
        {
          if (decoded != NULL)
            g_string_append_c (decoded, c);
          s->p++;
        }
      else
        {
          gunichar u = g_utf8_get_char_validated ((const char *)s->p, s->end - s->p);
          int len;

          if (u == (gunichar)-1 || u == (gunichar)-2)
            return fail (s, _("invalid UTF-8 in a string"));
          len = g_unichar_to_utf8 (u, NULL);
          if (decoded != NULL)
            g_string_append_len (decoded, (const char *)s->p, len);
          s->p += len;
        }
    }

  return fail (s, _("unterminated string"));
}

static gboolean
digits (Scanner *s)
{
  const guchar *start = s->p;

  while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
    s->p++;
  return s->p > start ? TRUE : fail_unexpected (s);
}

static gboolean
number (Scanner *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean value (Scanner *s, guint depth, char **event_name);

static gboolean
object (Scanner  *s,
        guint     depth,
        char    **event_name)
{
  g_autoptr(GString) key = depth == 1 && event_name != NULL ? g_string_new (NULL) : NULL;

  s->p++;
  skip_space (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      skip_space (s);
      if (s->p >= s->end || *s->p != '"')
        return fail_unexpected (s);
      if (key != NULL)
        g_string_truncate (key, 0);
      if (!string (s, key))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end || *s->p != ':')
        return fail_unexpected (s);
      s->p++;
      skip_space (s);

      if (key != NULL && g_str_equal (key->str, "event_name") && s->p < s->end && *s->p == '"')
        {
          g_autoptr(GString) text = g_string_new (NULL);

          if (!string (s, text))
            return FALSE;
          g_free (*event_name);
          *event_name = g_string_free (g_steal_pointer (&text), FALSE);
        }
      else if (!value (s, depth, NULL))
        return FALSE;

      skip_space (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          return TRUE;
        }
      return fail_unexpected (s);
    }
}

static gboolean
array (Scanner *s,
       guint    depth)
{
  s->p++;
  skip_space (s);
  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      if (!value (s, depth, NULL))
        return FALSE;
      skip_space (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          return TRUE;
        }
      return fail_unexpected (s);
    }
}

static gboolean
value (Scanner  *s,
       guint     depth,
       char    **event_name)
{
  skip_space (s);
  if (s->p >= s->end)
    return fail_unexpected (s);
  if (depth >= MAX_DEPTH)
    return fail (s, _("nested too deeply"));

  switch (*s->p)
    {
    case '{':
      return object (s, depth + 1, event_name);
    case '[':
      return array (s, depth + 1);
    case '"':
      return string (s, NULL);
    case 't':
      return literal (s, "true");
    case 'f':
      return literal (s, "false");
    case 'n':
      return literal (s, "null");
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return number (s);
    default:
      return fail_unexpected (s);
    }
}

/**
 * hs_json_check:
 * @event_name: (out) (optional): the top-level object's "event_name" string, if any
 * @error_message: (out) (optional): "line L, column C: what" when the data is not JSON
 *
 * Returns: whether @data is exactly one JSON value (RFC 8259, UTF-8), surrounded by whitespace
 */
gboolean
hs_json_check (const char  *data,
               gsize        size,
               char       **event_name,
               char       **error_message)
{
  Scanner s = { 0 };
  char *name = NULL;
  gboolean ok;

  /* An empty body may come as NULL: NULL + 0 is undefined behaviour (found by
   * fuzz/fuzz-http.c under UBSan). */
  if (data == NULL)
    {
      data = "";
      size = 0;
    }
  s.p = (const guchar *)data;
  s.end = s.p + size;
  s.line_start = s.p;
  s.line = 1;

  /* A UTF-8 byte order mark is tolerated, as json-glib does. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    s.p += 3;

  skip_space (&s);
  if (s.p >= s.end)
    ok = fail (&s, _("the body is empty"));
  else
    ok = value (&s, 0, &name);
  if (ok)
    {
      skip_space (&s);
      if (s.p < s.end)
        ok = fail_unexpected (&s);
    }

  if (ok && event_name != NULL)
    *event_name = g_steal_pointer (&name);
  g_free (name);

  if (error_message != NULL)
    *error_message = g_steal_pointer (&s.error);
  g_free (s.error);

  return ok;
}
