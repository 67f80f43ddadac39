/* keyring-test-util.c: a real Secret Service for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gnome-keyring-daemon on a private D-Bus session (GTestDBus), in a temporary HOME, its login
 * keyring created and unlocked with a password on stdin: the tests never touch (nor wait for a
 * password prompt of) the developer's own keyring.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "keyring-test-util.h"

static GTestDBus *bus;
static GSubprocess *keyring;
static char *keyring_home;

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
keyring_ready (void)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  const char *path = NULL;

  if (connection == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&o)", &path);
  return !g_str_equal (path, "/");
}

/* Returns: FALSE when gnome-keyring-daemon is not installed (nothing started). Call before
 * anything connects to the session bus. */
gboolean
hs_test_keyring_start (void)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *display = NULL;
  gint64 deadline;

  if (daemon == NULL)
    return FALSE;

  keyring_home = g_dir_make_tmp ("hs-test-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (keyring_home, "data", NULL);
  runtime = g_build_filename (keyring_home, "run", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("HOME", keyring_home, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("XDG_CONFIG_HOME", data, TRUE);

  /* g_test_dbus_up() unsets DISPLAY (against D-Bus autolaunch): the UI tests need it back. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  keyring = g_subprocess_launcher_spawn (launcher, &error, daemon, "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "hs-test-password", 16,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, NULL);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!keyring_ready ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  return TRUE;
}

void
hs_test_keyring_stop (void)
{
  if (keyring == NULL)
    return;
  /* libsecret keeps the session bus through its service object: let go of both. */
  secret_service_disconnect ();
  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
  g_clear_object (&keyring);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* stop, not down (nor unref, which would call down): libsecret keeps the session connection
   * until exit, and down waits for it. */
  g_test_dbus_stop (bus);
  remove_dir (keyring_home);
  g_clear_pointer (&keyring_home, g_free);
}

