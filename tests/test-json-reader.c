/* test-json-reader.c: the fast JSON reader agrees with json-glib or steps aside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "hs-json-check.h"
#include "hs-json-reader.h"

/* The fast reader must return exactly json-glib's tree, or NULL; never accept what json-glib
 * rejects. Returns whether the fast reader took it. */
static gboolean
check_agrees (const char *data,
              gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonNode) fast = hs_json_read_fast (data, length);
  gboolean glib_ok = json_parser_load_from_data (parser, data, length, NULL) &&
                     json_parser_get_root (parser) != NULL;

  if (fast == NULL)
    return FALSE;

  /* HsStore skips the JSON check for what the fast reader took: the check must agree. */
  {
    g_autofree char *event_name = NULL;
    g_autofree char *message = NULL;

    g_assert_true (hs_json_check (data, length, &event_name, &message));
  }

  g_assert_true (glib_ok);
  {
    g_autofree char *a = json_to_string (fast, FALSE);
    g_autofree char *b = json_to_string (json_parser_get_root (parser), FALSE);

    g_assert_cmpstr (a, ==, b);
    g_assert_true (json_node_equal (fast, json_parser_get_root (parser)));
  }
  return TRUE;
}

static void
test_cases (void)
{
  static const struct {
    const char *text;
    gboolean fast;   /* the fast reader is expected to take it */
  } cases[] = {
    { "{}", TRUE },
    { "[]", TRUE },
    { " \n\t{ \"a\" : [ 1 , 2.5 , -3 , true , false , null , \"x\" ] } \r\n", TRUE },
    { "{\"a\": {\"b\": {\"c\": []}}, \"d\": \"e\"}", TRUE },
    { "{\"z\": 1, \"a\": 2, \"m\": 3}", TRUE },
    { "{\"dup\": 1, \"dup\": 2}", TRUE },
    { "\"just a string\"", TRUE },
    { "42", TRUE },
    { "-0", TRUE },
    { "0", TRUE },
    { "1e10", TRUE },
    { "-1.25E-3", TRUE },
    { "9223372036854775807", TRUE },
    { "-9223372036854775808", TRUE },
    { "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]", TRUE },
    { "[\"caf\\u00e9 \\u20ac \\ud83d\\ude00\"]", TRUE },
    { "[\"Dégustation ☕ 😀\"]", TRUE },
    { "{\"all_day?\": false, \"count\": 730}", TRUE },
    /* Outside what the fast reader takes: json-glib decides. */
    { "9223372036854775808", FALSE },
    { "[\"\\ud83d\"]", FALSE },
    { "[\"\\ude00\"]", FALSE },
    { "[\"nul \\u0000 inside\"]", FALSE },
    { "[\"\\x41\"]", FALSE },
    { "[\"raw\ttab\"]", FALSE },
    { "01", FALSE },
    { "1.", FALSE },
    { ".5", FALSE },
    { "+1", FALSE },
    { "[1,]", FALSE },
    { "{\"a\":1,}", FALSE },
    { "{'a': 1}", FALSE },
    { "{a: 1}", FALSE },
    { "[NaN]", FALSE },
    { "[Infinity]", FALSE },
    { "[1] [2]", FALSE },
    { "[1] x", FALSE },
    { "{\"a\" 1}", FALSE },
    { "[tru]", FALSE },
    { "[nulls]", FALSE },
    { "/* c */ {}", FALSE },
    { "\xef\xbb\xbf{}", FALSE },
    { "[\"\xff\"]", FALSE },
    { "[\"\xc3\"]", FALSE },
    { "", FALSE },
    { "   ", FALSE },
    { "[", FALSE },
    { "{\"a\":", FALSE },
    { "\"unterminated", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      g_test_message ("%u: %s", i, escaped);
      g_assert_cmpint (check_agrees (cases[i].text, strlen (cases[i].text)), ==, cases[i].fast);
    }
}

static void
test_depth (void)
{
  g_autoptr(GString) shallow = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < 100; i++)
    g_string_append_c (shallow, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (shallow, ']');
  g_assert_true (check_agrees (shallow->str, shallow->len));

  /* Far deeper than any webhook: left to json-glib, and no stack overflow here. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (hs_json_read_fast (deep->str, deep->len));
}

/* Every sample, and thousands of byte-level mutations of the seed: same answer as json-glib. */
static void
test_mutations (void)
{
  static const char *samples[] = {
    "event_invitation_created.json", "participant_created.json", "participant_removed.json",
    "event_weekly.json", "event_monthly_nth_weekday.json", "event_all_day.json",
  };
  static const char alphabet[] = "{}[]\",:\\ 0123456789.eE+-tfnul\x01\x80\xc3\xa9" "ab";
  g_autofree char *seed = NULL;
  gsize seed_len = 0;
  guint taken = 0;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"), samples[i], NULL);
      g_autofree char *text = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &text, &len, NULL));
      g_assert_true (check_agrees (text, len));
    }

  {
    g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"),
                                              "event_invitation_created.json", NULL);
    g_assert_true (g_file_get_contents (path, &seed, &seed_len, NULL));
  }

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *copy = g_memdup2 (seed, seed_len);
      gsize len = seed_len;
      guint n = g_test_rand_int_range (1, 4);

      for (guint k = 0; k < n; k++)
        {
          guint at = g_test_rand_int_range (0, (gint32)len);

          switch (g_test_rand_int_range (0, 3))
            {
            case 0:   /* replace a byte */
              copy[at] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
              break;
            case 1:   /* cut the text short */
              len = at;
              break;
            default:  /* delete a byte */
              memmove (copy + at, copy + at + 1, len - at - 1);
              len--;
              break;
            }
          if (len == 0)
            break;
        }

      if (check_agrees (copy, len))
        taken++;
    }

  /* Some mutations stay valid JSON (a digit for a digit, a letter in a string). */
  g_test_message ("%u of 3000 mutations read by the fast reader", taken);
  g_assert_cmpuint (taken, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/cases", test_cases);
  g_test_add_func ("/json-reader/depth", test_depth);
  g_test_add_func ("/json-reader/mutations", test_mutations);

  return g_test_run ();
}
