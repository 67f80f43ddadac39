/* headless-test-util.c: start `hookscope --headless` and wait until it listens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written once for every test that runs the real binary, because each copy had its own bug:
 * stdout and stderr opened twice on one path (a line on stderr overwrote "Listening on"), and
 * a child that exited at once was waited for until the timeout, saying nothing of why.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "headless-test-util.h"

char *
hs_test_read_text (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* Runs $HS_BINARY --headless ARGS… through @launcher (the caller's environment and child
 * setup kept), stdout to @out_path and stderr to @err_path, or merged into stdout's open file
 * when @err_path is NULL. Returns the URL of its "Listening on URL" line once printed, the
 * main context iterated meanwhile (a test's own server may have to answer the child). A child
 * that exits, or stays silent for @timeout_s, fails the test with what it printed. */
char *
hs_test_headless_spawn (GSubprocessLauncher  *launcher,
                        const char           *out_path,
                        const char           *err_path,
                        const char * const   *args,
                        guint                 timeout_s,
                        GSubprocess         **proc)
{
  g_autoptr(GRegex) regex = g_regex_new ("^Listening on (http://[^\\s/]+/)\\n",
                                         G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  g_ptr_array_add (argv, (char *)g_getenv ("HS_BINARY"));
  g_ptr_array_add (argv, (char *)"--headless");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_unlink (out_path);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  if (err_path != NULL)
    {
      g_unlink (err_path);
      g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
    }
  else
    g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* Files rather than the test's own pipes: a child left behind by a failed assertion would
   * hold the test runner's pipe open. */
  *proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *out = hs_test_read_text (out_path);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (regex, out, 0, &match))
        return g_match_info_fetch (match, 1);

      if (g_subprocess_get_identifier (*proc) == NULL || g_get_monotonic_time () >= deadline)
        {
          g_autofree char *err = err_path != NULL ? hs_test_read_text (err_path) : NULL;

          g_test_message ("hookscope --headless %s; stdout: %s; stderr: %s",
                          g_subprocess_get_identifier (*proc) == NULL ? "exited" : "is silent",
                          out, err != NULL ? err : "(in stdout)");
          g_assert_not_reached ();
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5 * 1000);
    }
}
