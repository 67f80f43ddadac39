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
