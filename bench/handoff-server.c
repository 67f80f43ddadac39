/* handoff-server.c: the ceiling of any listener that answers after another thread's work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libsoup3 server shaped like Hookscope's listener, with the storage taken out: each request
 * is paused and queued for a second thread, which takes everything queued, spends WORK_US
 * microseconds of CPU per request (a busy loop standing in for the database), and hands the
 * batch back to the main context, where every message gets 200 and is unpaused. It stores
 * nothing, so its rate is the most a design that answers after a commit on another thread can
 * reach on this machine when the commit costs WORK_US of CPU per delivery.
 *
 * Usage: handoff-server WORK_US [PORT]   (prints "Listening on http://127.0.0.1:PORT/")
 */

#define G_LOG_DOMAIN "handoff-server"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static GAsyncQueue *queue;
static GMainContext *main_context;
static gint64 work_us;

static gboolean
answer_batch (gpointer data)
{
  static const char body[] = "{\"ok\":true,\"id\":1}";
  GPtrArray *batch = data;

  for (guint i = 0; i < batch->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (batch, i);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        body, sizeof body - 1);
      soup_server_message_unpause (msg);
    }

  return G_SOURCE_REMOVE;
}

static gpointer
worker (gpointer data)
{
  for (;;)
    {
      GPtrArray *batch = g_ptr_array_new_with_free_func (g_object_unref);
      gpointer item = g_async_queue_pop (queue);
      gint64 until;

      while (item != NULL)
        {
          g_ptr_array_add (batch, item);
          item = g_async_queue_try_pop (queue);
        }

      until = g_get_monotonic_time () + work_us * batch->len;
      while (g_get_monotonic_time () < until)
        ;

      g_main_context_invoke_full (main_context, G_PRIORITY_DEFAULT, answer_batch, batch,
                                  (GDestroyNotify)g_ptr_array_unref);
    }

  return NULL;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_pause (msg);
  g_async_queue_push (queue, g_object_ref (msg));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (argc < 2)
    {
      g_printerr ("usage: handoff-server WORK_US [PORT]\n");
      return 2;
    }

  work_us = g_ascii_strtoll (argv[1], NULL, 10);
  main_context = g_main_context_default ();
  queue = g_async_queue_new ();
  g_thread_unref (g_thread_new ("handoff-worker", worker, NULL));

  server = soup_server_new (NULL, NULL);
  address = g_inet_socket_address_new (inet, argc > 2 ? atoi (argv[2]) : 0);
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
