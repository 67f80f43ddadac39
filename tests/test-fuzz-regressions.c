/* test-fuzz-regressions.c: every input the fuzzers crashed on, and their seeds, replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The libFuzzer targets (fuzz/, clang only) are plain functions of the input bytes; here the
 * gcc build calls the same functions with tests/data/fuzz-regressions/TARGET/ (each a crash
 * or a failed check that was fixed) and the seed corpus fuzz/corpus/TARGET/. A target aborts
 * when a property it checks does not hold, so a regression fails this test.
 */

#include "config.h"

#include <glib.h>

#include "hs-fuzz.h"

typedef struct
{
  const char *name;
  HsFuzzFunc  func;
} Target;

static const Target targets[] = {
  { "payload", hs_fuzz_payload },
  { "json", hs_fuzz_json },
  { "schedule", hs_fuzz_schedule },
  { "ics", hs_fuzz_ics },
  { "http", hs_fuzz_http },
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static guint
replay_folder (const Target *target,
               const char   *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* In a stable order, so that a failure names the same file each time. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize size;

      g_file_get_contents (path, &data, &size, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", target->name, path);
      target->func ((const guint8 *)data, size);
    }

  return names->len;
}

static void
test_target (gconstpointer data)
{
  const Target *target = data;
  g_autofree char *regressions = g_test_build_filename (G_TEST_DIST, "data", "fuzz-regressions",
                                                        target->name, NULL);
  g_autofree char *seeds = g_test_build_filename (G_TEST_DIST, "..", "fuzz", "corpus",
                                                  target->name, NULL);
  guint n;

  n = replay_folder (target, regressions);
  n += replay_folder (target, seeds);
  /* The seed corpus is committed: an empty run means the paths are wrong, not a pass. */
  g_assert_cmpuint (n, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz-regressions/%s", targets[i].name);

      g_test_add_data_func (path, &targets[i], test_target);
    }

  return g_test_run ();
}
