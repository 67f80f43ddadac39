/* hs-import.h: deliveries from a HAR 1.2 or JSON-lines file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

GPtrArray *hs_import_read_file (const char  *path,
                                GError     **error);

G_END_DECLS
