/* hs-body-text.c: a delivery's body as text to read: pretty JSON, or a hex dump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pretty JSON re-indents the body's own tokens instead of parsing and printing it again: a
 * parser would turn 0.1 into 0.10000000000000001, 1e3 into 1000.0 and lose digits of large
 * integers, and the point of the view is to show what was sent. Both run on a worker thread
 * for large bodies (the window reads and formats off the main loop).
 */

#define G_LOG_DOMAIN "hs-body-text"

#include "config.h"

#include <string.h>

#include "hs-body-text.h"
#include "hs-json-check.h"

gboolean
hs_body_text_is_text (const char *data,
                      gsize       size)
{
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  return memchr (data, '\0', size) == NULL && g_utf8_validate (data, size, NULL);
}

static void
newline (GString *out,
         guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

/* The next byte that is not JSON whitespace, from @p. */
static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/**
 * hs_body_text_pretty_json:
 *
 * Returns: (nullable): the body indented by two spaces a level, every value written exactly
 *   as it was sent; %NULL when the body is not JSON (or not text)
 */
char *
hs_body_text_pretty_json (const char *data,
                          gsize       size)
{
  const char *p = data;
  const char *end = data + size;
  GString *out;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (!hs_body_text_is_text (data, size) || !hs_json_check (data, size, NULL, NULL))
    return NULL;

  out = g_string_sized_new (size + size / 4);

  for (p = skip_space (p, end); p < end; p = skip_space (p, end))
    {
      char c = *p;

      if (c == '"')
        {
          const char *start = p++;

          while (p < end && *p != '"')
            p += (*p == '\\' && p + 1 < end) ? 2 : 1;
          p = MIN (p + 1, end);
          g_string_append_len (out, start, p - start);
          continue;
        }

      p++;
      switch (c)
        {
        case '{':
        case '[':
          {
            const char *next = skip_space (p, end);

            /* {} and [] stay as they are. */
            if (next < end && (*next == '}' || *next == ']'))
              {
                g_string_append_c (out, c);
                g_string_append_c (out, *next);
                p = next + 1;
                break;
              }
            g_string_append_c (out, c);
            newline (out, ++depth);
          }
          break;

        case '}':
        case ']':
          newline (out, depth > 0 ? --depth : 0);
          g_string_append_c (out, c);
          break;

        case ',':
          g_string_append_c (out, ',');
          newline (out, depth);
          break;

        case ':':
          g_string_append (out, ": ");
          break;

        default:
          g_string_append_c (out, c);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * hs_body_text_hex:
 *
 * Returns: a hex dump, 16 bytes a line: offset, the bytes, and the printable ASCII ones
 */
char *
hs_body_text_hex (const guint8 *data,
                  gsize         size)
{
  GString *out;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  out = g_string_sized_new ((size / 16 + 1) * 78);

  for (gsize line = 0; line < size; line += 16)
    {
      gsize n = MIN (16, size - line);

      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x ", line);
      for (gsize i = 0; i < 16; i++)
        {
          if (i == 8)
            g_string_append_c (out, ' ');
          if (i < n)
            g_string_append_printf (out, " %02x", data[line + i]);
          else
            g_string_append (out, "   ");
        }
      g_string_append (out, "  |");
      for (gsize i = 0; i < n; i++)
        {
          guint8 b = data[line + i];

          g_string_append_c (out, b >= 0x20 && b < 0x7f ? (char)b : '.');
        }
      g_string_append (out, "|\n");
    }

  return g_string_free (out, FALSE);
}
