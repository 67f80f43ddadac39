/* keyring-test-util.h: a real Secret Service for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean hs_test_keyring_start (void);
void     hs_test_keyring_stop  (void);

G_END_DECLS
