/* hs-week-start.h: the first day of the week as a locale has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateWeekday hs_week_start_for_locale (const char *locale_name);
GDateWeekday hs_week_start_get_default (void);

G_END_DECLS
