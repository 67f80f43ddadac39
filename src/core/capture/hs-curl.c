/* hs-curl.c: a delivery as a curl command line that sends the same request again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command reproduces the request line, the headers in their order (duplicates kept) and
 * the body byte for byte. curl adds headers of its own (User-Agent, Accept, a form Content-Type
 * for --data, Expect for large bodies): those the delivery did not carry are switched off with
 * an empty "-H 'Name:'". Headers that belong to the connection (Host, Content-Length, ...) are
 * left to curl, which computes them for the new connection. Every word is single-quoted: the
 * payload is data, never shell syntax.
 */

#define G_LOG_DOMAIN "hs-curl"

#include "config.h"

#include <string.h>

#include "hs-curl.h"

/* Written by curl for the connection it opens: copying them would lie about it. */
static const char * const connection_headers[] = {
  "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer",
  "upgrade", "proxy-connection",
};

/* Added by curl unless the command says otherwise. */
static const char * const curl_default_headers[] = {
  "User-Agent", "Accept",
};

/**
 * hs_shell_quote:
 * @word: any text
 *
 * Returns: @word as one POSIX shell word in single quotes (a quote inside becomes '\'').
 * Unlike g_shell_quote() the result is always quoted, so it reads the same in every command.
 */
char *
hs_shell_quote (const char *word)
{
  GString *quoted;

  g_return_val_if_fail (word != NULL, NULL);

  quoted = g_string_new ("'");
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (quoted, "'\\''");
      else
        g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '\'');

  return g_string_free (quoted, FALSE);
}

static gboolean
is_connection_header (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (connection_headers); i++)
    {
      if (g_ascii_strcasecmp (name, connection_headers[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * hs_curl_body_needs_file:
 *
 * Returns: %TRUE when the body cannot be a word of a command line that is copied as text:
 * it holds a NUL byte or is not UTF-8. The caller then writes it to a file for --data-binary.
 */
gboolean
hs_curl_body_needs_file (HsDelivery *delivery)
{
  GBytes *body;
  const char *data;
  gsize size;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  if (!(body = hs_delivery_get_body (delivery)))
    return FALSE;

  data = g_bytes_get_data (body, &size);
  return size > 0 && (memchr (data, '\0', size) != NULL || !g_utf8_validate (data, size, NULL));
}

static void
append_word (GString    *command,
             const char *option,
             const char *value)
{
  g_autofree char *quoted = hs_shell_quote (value);

  g_string_append (command, " \\\n  ");
  g_string_append (command, option);
  g_string_append_c (command, ' ');
  g_string_append (command, quoted);
}

static void
append_header (GString    *command,
               const char *name,
               const char *value)
{
  g_autofree char *line = NULL;

  /* "Name:" would remove the header: curl sends an empty one for "Name;". */
  if (value[0] == '\0')
    line = g_strconcat (name, ";", NULL);
  else
    line = g_strconcat (name, ": ", value, NULL);
  append_word (command, "-H", line);
}

static void
append_removal (GString    *command,
                HsDelivery *delivery,
                const char *name)
{
  g_autofree char *line = NULL;

  if (hs_delivery_lookup_header (delivery, name) != NULL)
    return;

  line = g_strconcat (name, ":", NULL);
  append_word (command, "-H", line);
}

/* The origin of @base_url, then the path and query exactly as received. */
static char *
build_url (const char *base_url,
           const char *path,
           const char *query)
{
  const char *scheme_end = strstr (base_url, "://");
  const char *host_end = scheme_end ? strchr (scheme_end + 3, '/') : NULL;
  GString *url;

  url = g_string_new_len (base_url, host_end ? host_end - base_url : (gssize)strlen (base_url));
  if (path[0] != '/')
    g_string_append_c (url, '/');
  g_string_append (url, path);
  if (query != NULL)
    g_string_append_printf (url, "?%s", query);

  return g_string_free (url, FALSE);
}

/**
 * hs_curl_command:
 * @delivery: a delivery read with its body
 * @base_url: where to send it: the scheme, host and port (a path after them is ignored)
 * @body_path: (nullable): the file that holds the body, when hs_curl_body_needs_file() says so
 *
 * Returns: a command line, one option per line (joined with backslash-newline), that sends
 * the delivery's request to @base_url. A body that needs a file is sent with
 * "--data-binary @FILE"; without @body_path the file name is a placeholder to fill in.
 */
char *
hs_curl_command (HsDelivery *delivery,
                 const char *base_url,
                 const char *body_path)
{
  g_autoptr(GString) command = g_string_new ("curl --globoff --path-as-is");
  g_autofree char *url = NULL;
  const char *method;
  const char *path;
  const char *query;
  GBytes *body;
  gsize body_size = 0;
  gboolean has_body;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  method = hs_delivery_get_method (delivery) ? hs_delivery_get_method (delivery) : "GET";
  path = hs_delivery_get_path (delivery) ? hs_delivery_get_path (delivery) : "/";
  query = hs_delivery_get_query (delivery);
  body = hs_delivery_get_body (delivery);
  if (body != NULL)
    body_size = g_bytes_get_size (body);
  /* An empty body that was announced (Content-Length: 0) is still a body to curl. */
  has_body = body_size > 0 || hs_delivery_lookup_header (delivery, "Content-Length") != NULL;

  url = build_url (base_url, path, query);

  if (g_str_equal (method, "HEAD"))
    g_string_append (command, " --head");
  else if (!(g_str_equal (method, "GET") && !has_body) &&
           !(g_str_equal (method, "POST") && has_body))
    append_word (command, "-X", method);

  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    {
      const char *name = hs_delivery_get_header_name (delivery, i);

      if (!is_connection_header (name))
        append_header (command, name, hs_delivery_get_header_value (delivery, i));
    }

  for (guint i = 0; i < G_N_ELEMENTS (curl_default_headers); i++)
    append_removal (command, delivery, curl_default_headers[i]);

  if (has_body)
    {
      /* --data would add a form Content-Type, and large bodies an Expect: 100-continue. */
      append_removal (command, delivery, "Content-Type");
      if (body_size >= 1024)
        append_removal (command, delivery, "Expect");

      if (hs_curl_body_needs_file (delivery))
        {
          g_autofree char *at = g_strconcat ("@", body_path ? body_path : "BODY-FILE", NULL);

          append_word (command, "--data-binary", at);
        }
      else
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), body_size);

          /* --data-raw: a body that starts with @ is text, not a file name. */
          append_word (command, "--data-raw", text);
        }
    }

  append_word (command, "--url", url);
  g_string_append_c (command, '\n');

  return g_string_free (g_steal_pointer (&command), FALSE);
}
