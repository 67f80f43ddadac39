/* test-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "hs-paths.h"

static void
test_listen_address (void)
{
  static const struct {
    const char *text;
    const char *address;
    guint port;
  } good[] = {
    { "127.0.0.1:8765", "127.0.0.1", 8765 },
    { "0.0.0.0:0", "0.0.0.0", 0 },
    { "[::1]:9000", "::1", 9000 },
    { "localhost:80", "127.0.0.1", 80 },
    { ":8080", "127.0.0.1", 8080 },
    { "8080", "127.0.0.1", 8080 },
  };
  static const char *bad[] = {
    "", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "::1:80", "example.com:80",
    "300.1.1.1:80", "[::1]80", "127.0.0.1:80x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = NULL;
      guint port = 1;

      g_assert_true (hs_parse_listen_address (good[i].text, &address, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (address, ==, good[i].address);
      g_assert_cmpuint (port, ==, good[i].port);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = NULL;
      guint port = 0;

      g_assert_false (hs_parse_listen_address (bad[i], &address, &port, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (address);
    }
}

static void
test_default_database (void)
{
  g_autofree char *path = hs_paths_default_database ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "hookscope",
                                                "hookscope.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paths/listen-address", test_listen_address);
  g_test_add_func ("/paths/default-database", test_default_database);

  return g_test_run ();
}
