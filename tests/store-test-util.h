/* store-test-util.h: what the store tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

guint32 hs_test_wal_restarts (const char *db_path);
char   *hs_test_dump_domain  (sqlite3    *db);

G_END_DECLS
