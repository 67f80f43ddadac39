/* headless-test-util.h: start `hookscope --headless` and wait until it listens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *hs_test_read_text      (const char           *path);
char *hs_test_headless_spawn (GSubprocessLauncher  *launcher,
                              const char           *out_path,
                              const char           *err_path,
                              const char * const   *args,
                              guint                 timeout_s,
                              GSubprocess         **proc);

G_END_DECLS
