/* store-test-util.c: what the store tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "store-test-util.h"

/* How many times the WAL of the database at @db_path started over: its header's checkpoint
 * sequence number (big-endian, bytes 12-15), which SQLite increments each time. */
guint32
hs_test_wal_restarts (const char *db_path)
{
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  const guint8 *p;

  g_assert_true (g_file_get_contents (wal_path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 32);
  p = (const guint8 *)contents;
  return (guint32)p[12] << 24 | (guint32)p[13] << 16 | (guint32)p[14] << 8 | p[15];
}

/* Every row the domain projection derived, as text, in a fixed order: two databases hold the
 * same domain exactly when their dumps are equal. */
char *
hs_test_dump_domain (sqlite3 *db)
{
  static const char * const queries[] = {
    "SELECT * FROM events ORDER BY id",
    "SELECT * FROM event_versions ORDER BY id",
    "SELECT * FROM invitations ORDER BY id",
    "SELECT * FROM participants ORDER BY id",
    "SELECT * FROM delivery_meanings ORDER BY delivery_id",
  };
  GString *dump = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (dump, "%s\n", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *)sqlite3_column_text (stmt, c);

              g_string_append_printf (dump, "%s%s=%s", c ? " | " : "  ",
                                      sqlite3_column_name (stmt, c), text ? text : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }

  return g_string_free (dump, FALSE);
}