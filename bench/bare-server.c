/* bare-server.c: the cheapest libsoup3 server, the ceiling the listener is measured against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers every request 200 with a small JSON body and stores nothing.
 * Usage: bare-server PORT   (prints "Listening on http://127.0.0.1:PORT/")
 */

#define G_LOG_DOMAIN "bare-server"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char body[] = "{\"ok\":true,\"id\":1}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, sizeof body - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  address = g_inet_socket_address_new (inet, argc > 1 ? atoi (argv[1]) : 0);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  uris = soup_server_get_uris (server);
  printf ("Listening on http://127.0.0.1:%d/\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (loop);
  return 0;
}
