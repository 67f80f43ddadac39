/* hs-paths.c: default locations and listen-address syntax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-paths"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "hs-paths.h"

char *
hs_paths_default_database (void)
{
  return g_build_filename (g_get_user_data_dir (), "hookscope", "hookscope.db", NULL);
}

gboolean
hs_check_ip_address (const char  *address,
                     GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (address != NULL)
    inet = g_inet_address_new_from_string (address);

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IPv4 or IPv6 address"), address ? address : "");
      return FALSE;
    }

  return TRUE;
}

/* Accepts "ADDR:PORT", "[v6]:PORT", ":PORT" and "PORT"; port 0 asks for any free port. */
gboolean
hs_parse_listen_address (const char  *text,
                         char       **address,
                         guint       *port,
                         GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_str;
  guint64 value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (port != NULL, FALSE);

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto bad;
      host = g_strndup (text + 1, end - text - 1);
      port_str = end + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        {
          host = g_strdup (HS_DEFAULT_LISTEN_ADDRESS);
          port_str = text;
        }
      else
        {
          if (strchr (text, ':') != colon)
            goto bad; /* bare IPv6 must be bracketed */
          if (colon == text)
            host = g_strdup (HS_DEFAULT_LISTEN_ADDRESS);
          else
            host = g_strndup (text, colon - text);
          port_str = colon + 1;
        }
    }

  /* Digits by hand: g_ascii_string_to_unsigned() reads errno after g_ascii_strtoull(), and
   * errno came back set (EAGAIN) in about one start in 40 once other threads ran at start-up,
   * so "127.0.0.1:0" was refused. */
  if (port_str[0] == '\0' || strspn (port_str, "0123456789") != strlen (port_str) ||
      strlen (port_str) > 5)
    goto bad;
  value = g_ascii_strtoull (port_str, NULL, 10);
  if (value > 65535)
    goto bad;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  if (!hs_check_ip_address (host, error))
    return FALSE;

  *address = g_steal_pointer (&host);
  *port = (guint)value;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a listen address: use ADDR:PORT, for example 127.0.0.1:8765"), text);
  return FALSE;
}
