/* fuzz-http.c: libFuzzer target for the HTTP request handling (HsListener, libsoup's server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw bytes go to a real HsListener on 127.0.0.1, as from a sender: one connection per input,
 * written whole, then a last request with "Connection: close", then half-closed, then read to
 * the end. (libsoup keeps a kept-alive connection open after the client's half-close, so
 * without that last request each input would wait for the read timeout. When the input ends
 * inside a request, the last one becomes part of it, which is just another input.) One listener and one store serve every
 * input (started once, on their own thread, as the window and --headless run them). The body
 * limit is small so that the "too large" path is reached too. Checked: the listener answers
 * with an HTTP/1.x status line or closes, and keeps serving (a sanitizer catches the rest).
 */

#define G_LOG_DOMAIN "fuzz-http"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "hs-fuzz.h"
#include "hs-listener.h"
#include "hs-store.h"

typedef struct
{
  GMutex      mutex;
  GCond       cond;
  guint       port;
  HsStore    *store;
  HsListener *listener;
  char       *dir;
} Server;

static Server server;

/* The store's files go with the process (the listener's thread still runs then; unlinking
 * open files is fine), so that neither libFuzzer nor the test leaves them in /tmp. */
static void
remove_server_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (server.dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server.dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (server.dir);
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_main_context_push_thread_default (context);

  server.dir = g_dir_make_tmp ("hs-fuzz-http-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_server_dir);
  path = g_build_filename (server.dir, "fuzz.db", NULL);
  server.store = hs_store_open (path, &error);
  g_assert_no_error (error);
  /* This thread never returns: nothing of its own must wait for its end to be freed. */
  g_clear_pointer (&path, g_free);
  hs_store_set_retention_cap (server.store, 500);

  server.listener = hs_listener_new (server.store);
  hs_listener_set_address (server.listener, "127.0.0.1");
  hs_listener_set_port (server.listener, 0);
  hs_listener_set_api_key (server.listener, "fuzz-key");
  hs_listener_set_max_body_size (server.listener, 2048);
  if (!hs_listener_start (server.listener, &error))
    g_error ("the listener does not start: %s", error->message);

  g_mutex_lock (&server.mutex);
  server.port = hs_listener_get_port (server.listener);
  g_cond_signal (&server.cond);
  g_mutex_unlock (&server.mutex);

  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

static guint
server_port (void)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      g_thread_unref (g_thread_new ("fuzz-listener", server_thread, NULL));
      g_mutex_lock (&server.mutex);
      while (server.port == 0)
        g_cond_wait (&server.cond, &server.mutex);
      g_mutex_unlock (&server.mutex);
      g_once_init_leave (&started, 1);
    }
  return server.port;
}

int
hs_fuzz_http (const guint8 *data,
              gsize         size)
{
  struct sockaddr_in address = { 0 };
  static const char closing[] = "GET /fuzz-end HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
  /* Short: a connection the server keeps open (as it did after a broken chunked body, now
   * tests/data/fuzz-regressions/http/bad-chunk-400-kept-open) costs this much per input. */
  struct timeval timeout = { 3, 0 };
  char reply[4096];
  gsize got = 0;
  gsize sent = 0;
  int fd;

  address.sin_family = AF_INET;
  address.sin_port = g_htons (server_port ());
  address.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert (fd >= 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (connect (fd, (struct sockaddr *)&address, sizeof address) != 0)
    g_error ("the listener stopped accepting connections: %s", g_strerror (errno));

  while (sent < size)
    {
      ssize_t n = send (fd, data + sent, size - sent, MSG_NOSIGNAL);

      if (n <= 0)
        break;  /* the server may answer and close before reading everything */
      sent += n;
    }
  if (sent == size)
    (void)!send (fd, closing, sizeof closing - 1, MSG_NOSIGNAL);
  shutdown (fd, SHUT_WR);

  for (;;)
    {
      ssize_t n = recv (fd, reply + MIN (got, sizeof reply - 1),
                        got < sizeof reply - 1 ? sizeof reply - 1 - got : 1, 0);

      if (n <= 0)
        break;
      got += n;
    }
  close (fd);

  if (got > 0 && (got < 9 || memcmp (reply, "HTTP/1.", 7) != 0))
    g_error ("the answer does not start with a status line (%" G_GSIZE_FORMAT " bytes)", got);

  return 0;
}

HS_FUZZ_ENTRY (hs_fuzz_http)
