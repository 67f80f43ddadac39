/* schedule-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A schedule object: the base (UTC, repeating, 10:00–11:00) with the members of @json on top.
 * @json uses single quotes for readability. */
JsonObject *build_schedule (const char *json);

G_END_DECLS
