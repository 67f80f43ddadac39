/* hs-week-start.c: the first day of the week as a locale has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the calendar's grid, which is a display: the schedule rules keep their Monday
 * (DESIGN.md). glibc describes a week with two LC_TIME values: _NL_TIME_WEEK_1STDAY, a date
 * whose weekday the day names start from (19971130, a Sunday, in every locale glibc ships;
 * 19971201 would be a Monday), and _NL_TIME_FIRST_WEEKDAY, the 1-based index in those names of
 * the day a week starts on. So en_US (1) starts on Sunday and fr_FR or en_GB (2) on Monday.
 */

#define G_LOG_DOMAIN "hs-week-start"

#include "config.h"

#include <langinfo.h>
#include <locale.h>

#include "hs-week-start.h"

#define ORIGIN_SUNDAY 19971130
#define ORIGIN_MONDAY 19971201

/* GDateWeekday of @first_weekday (1-based) counted from the origin's weekday. */
static GDateWeekday
week_start (const char   *first_weekday,
            unsigned int  origin)
{
  /* In days after Sunday: 0 … 6. */
  int origin_day = origin == ORIGIN_MONDAY ? 1 : 0;
  int first = first_weekday != NULL && first_weekday[0] >= 1 && first_weekday[0] <= 7
              ? first_weekday[0] : 1;
  int day = (origin_day + first - 1) % 7;

  if (origin != ORIGIN_SUNDAY && origin != ORIGIN_MONDAY)
    g_debug ("Unknown week origin %u; counting from a Sunday", origin);

  return day == 0 ? G_DATE_SUNDAY : (GDateWeekday) day;
}

/**
 * hs_week_start_for_locale:
 * @locale_name: a locale, as setlocale() takes it ("fr_FR.UTF-8", "C")
 *
 * Returns: the day a week starts on in @locale_name, or %G_DATE_BAD_WEEKDAY when that
 *   locale is not installed
 */
GDateWeekday
hs_week_start_for_locale (const char *locale_name)
{
  locale_t locale;
  union { const char *string; unsigned int word; } origin;
  GDateWeekday day;

  g_return_val_if_fail (locale_name != NULL, G_DATE_BAD_WEEKDAY);

  locale = newlocale (LC_TIME_MASK, locale_name, (locale_t) 0);
  if (locale == (locale_t) 0)
    return G_DATE_BAD_WEEKDAY;

  /* _NL_TIME_WEEK_1STDAY is a number stored where a string would be. */
  origin.string = nl_langinfo_l (_NL_TIME_WEEK_1STDAY, locale);
  day = week_start (nl_langinfo_l (_NL_TIME_FIRST_WEEKDAY, locale), origin.word);
  freelocale (locale);

  return day;
}

/**
 * hs_week_start_get_default:
 *
 * Returns: the day a week starts on in the process's LC_TIME (after setlocale())
 */
GDateWeekday
hs_week_start_get_default (void)
{
  union { const char *string; unsigned int word; } origin;

  origin.string = nl_langinfo (_NL_TIME_WEEK_1STDAY);
  return week_start (nl_langinfo (_NL_TIME_FIRST_WEEKDAY), origin.word);
}
