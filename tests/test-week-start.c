/* test-week-start.c: the first day of the week per locale, from glibc's LC_TIME data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected days are what each locale's definition says (its LC_TIME "week" and
 * "first_weekday" lines in /usr/share/i18n/locales, and glibc's built-in C locale: weeks
 * counted from Sunday 1997-11-30, first_weekday 1, so Sunday), not what the code returns. The
 * C locales are always there; the others are built into a temporary directory with localedef
 * (Debian's "locales" package has the sources) and read through LOCPATH, and the test says it
 * skipped them when that is not possible.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "hs-week-start.h"

static char *locpath;

/* Builds @name (e.g. "fr_FR") as name.UTF-8 under LOCPATH; FALSE when it cannot. */
static gboolean
build_locale (const char *name)
{
  g_autofree char *target = g_strdup_printf ("%s/%s.UTF-8", locpath, name);
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *source = g_build_filename ("/usr/share/i18n/locales", name, NULL);
  const char *argv[] = { localedef, "-i", name, "-f", "UTF-8", target, NULL };
  gint status = -1;

  if (g_file_test (target, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (localedef == NULL || !g_file_test (source, G_FILE_TEST_EXISTS))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;

  return g_file_test (target, G_FILE_TEST_IS_DIR);
}

static void
test_c (void)
{
  g_assert_cmpint (hs_week_start_for_locale ("C"), ==, G_DATE_SUNDAY);
  g_assert_cmpint (hs_week_start_for_locale ("POSIX"), ==, G_DATE_SUNDAY);
  g_assert_cmpint (hs_week_start_for_locale ("C.UTF-8"), ==, G_DATE_SUNDAY);
  /* Not installed: said so, not guessed. */
  g_assert_cmpint (hs_week_start_for_locale ("xx_NOWHERE.UTF-8"), ==, G_DATE_BAD_WEEKDAY);
}

static void
test_locale (gconstpointer data)
{
  const char *name = data;
  g_autofree char *full = g_strdup_printf ("%s.UTF-8", name);
  GDateWeekday expected = g_str_equal (name, "en_US") ? G_DATE_SUNDAY : G_DATE_MONDAY;

  if (!build_locale (name))
    {
      g_test_skip_printf ("%s: cannot be built here (no localedef or no locale sources)", name);
      return;
    }

  g_assert_cmpint (hs_week_start_for_locale (full), ==, expected);
}

/* The process's own LC_TIME, as the window uses it. */
static void
test_default (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_TIME, NULL));

  g_assert_nonnull (setlocale (LC_TIME, "C"));
  g_assert_cmpint (hs_week_start_get_default (), ==, G_DATE_SUNDAY);
  if (build_locale ("fr_FR") && setlocale (LC_TIME, "fr_FR.UTF-8") != NULL)
    g_assert_cmpint (hs_week_start_get_default (), ==, G_DATE_MONDAY);
  else
    g_test_message ("fr_FR.UTF-8 cannot be built here: only C checked");
  setlocale (LC_TIME, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  locpath = g_dir_make_tmp ("hs-locales-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("LOCPATH", locpath, TRUE);

  g_test_add_func ("/week-start/c", test_c);
  g_test_add_data_func ("/week-start/en_US", "en_US", test_locale);
  g_test_add_data_func ("/week-start/en_GB", "en_GB", test_locale);
  g_test_add_data_func ("/week-start/fr_FR", "fr_FR", test_locale);
  g_test_add_func ("/week-start/default", test_default);
  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", locpath, NULL };

    g_spawn_sync (NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  g_free (locpath);

  return status;
}
