/* hs-occurrence.c: one occurrence of an event schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-occurrence"

#include "config.h"

#include "hs-occurrence.h"

struct _HsOccurrence
{
  GObject    parent_instance;

  GTimeZone *zone;
  gint64     start_unix;
  gint64     end_unix;
  gint32     start_offset;
  gint32     end_offset;
  GDateTime *start;    /* made on first use */
  GDateTime *end;
  guint      all_day : 1;
  guint      excluded : 1;
};

G_DEFINE_FINAL_TYPE (HsOccurrence, hs_occurrence, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_START,
  PROP_END,
  PROP_ALL_DAY,
  PROP_EXCLUDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_occurrence_finalize (GObject *object)
{
  HsOccurrence *self = (HsOccurrence *)object;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);

  G_OBJECT_CLASS (hs_occurrence_parent_class)->finalize (object);
}

static void
hs_occurrence_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HsOccurrence *self = HS_OCCURRENCE (object);

  switch (prop_id)
    {
    case PROP_START:
      g_value_set_boxed (value, hs_occurrence_get_start (self));
      break;

    case PROP_END:
      g_value_set_boxed (value, hs_occurrence_get_end (self));
      break;

    case PROP_ALL_DAY:
      g_value_set_boolean (value, self->all_day);
      break;

    case PROP_EXCLUDED:
      g_value_set_boolean (value, self->excluded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_occurrence_class_init (HsOccurrenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_occurrence_finalize;
  object_class->get_property = hs_occurrence_get_property;

  /* Read-only, set by the constructors: a construct property would make g_object_new() set
   * each default and freeze notifications, several times the cost of the object itself, and
   * an expansion makes thousands of these. */
  properties[PROP_START] =
    g_param_spec_boxed ("start", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_END] =
    g_param_spec_boxed ("end", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_DAY] =
    g_param_spec_boolean ("all-day", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXCLUDED] =
    g_param_spec_boolean ("excluded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_occurrence_init (HsOccurrence *self)
{
}

HsOccurrence *
hs_occurrence_new (GDateTime *start,
                   GDateTime *end,
                   gboolean   all_day,
                   gboolean   excluded)
{
  HsOccurrence *self;

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (end != NULL, NULL);

  /* Set the fields directly: expansion makes thousands of these, g_object_new() with
   * properties would dominate the cost. */
  self = g_object_new (HS_TYPE_OCCURRENCE, NULL);
  self->start = g_date_time_ref (start);
  self->end = g_date_time_ref (end);
  self->start_unix = g_date_time_to_unix (start);
  self->end_unix = g_date_time_to_unix (end);
  self->start_offset = (gint32)(g_date_time_get_utc_offset (start) / G_TIME_SPAN_SECOND);
  self->end_offset = (gint32)(g_date_time_get_utc_offset (end) / G_TIME_SPAN_SECOND);
  self->all_day = !!all_day;
  self->excluded = !!excluded;

  return self;
}

HsOccurrence *
hs_occurrence_new_from_unix (GTimeZone *zone,
                             gint64     start,
                             gint32     start_offset,
                             gint64     end,
                             gint32     end_offset,
                             gboolean   all_day,
                             gboolean   excluded)
{
  HsOccurrence *self;

  g_return_val_if_fail (zone != NULL, NULL);

  self = g_object_new (HS_TYPE_OCCURRENCE, NULL);
  self->zone = g_time_zone_ref (zone);
  self->start_unix = start;
  self->end_unix = end;
  self->start_offset = start_offset;
  self->end_offset = end_offset;
  self->all_day = !!all_day;
  self->excluded = !!excluded;

  return self;
}

/* The GDateTime of an instant in the zone, made once; a race makes it twice and keeps one. */
static GDateTime *
ensure_date_time (HsOccurrence  *self,
                  GDateTime    **slot,
                  gint64         unix_time)
{
  GDateTime *made;
  g_autoptr(GDateTime) utc = NULL;

  made = g_atomic_pointer_get (slot);
  if (made != NULL)
    return made;

  utc = g_date_time_new_from_unix_utc (unix_time);
  made = self->zone != NULL ? g_date_time_to_timezone (utc, self->zone) : g_date_time_ref (utc);
  if (!g_atomic_pointer_compare_and_exchange (slot, NULL, made))
    {
      g_date_time_unref (made);
      made = g_atomic_pointer_get (slot);
    }

  return made;
}

GDateTime *
hs_occurrence_get_start (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), NULL);

  return ensure_date_time (self, &self->start, self->start_unix);
}

GDateTime *
hs_occurrence_get_end (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), NULL);

  return ensure_date_time (self, &self->end, self->end_unix);
}

gint64
hs_occurrence_get_start_unix (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), 0);

  return self->start_unix;
}

gint64
hs_occurrence_get_end_unix (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), 0);

  return self->end_unix;
}

gint32
hs_occurrence_get_start_offset (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), 0);

  return self->start_offset;
}

gint32
hs_occurrence_get_end_offset (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), 0);

  return self->end_offset;
}

gboolean
hs_occurrence_get_all_day (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), FALSE);

  return self->all_day;
}

gboolean
hs_occurrence_get_excluded (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), FALSE);

  return self->excluded;
}

/* Whether @self is over at @now: its end has come, and (for a zero-length one, which has
 * "not ended" while it starts) its start has passed. The event page's "Today", its past rows
 * and the Events list's "Next" all go by this. */
gboolean
hs_occurrence_has_ended (HsOccurrence *self,
                         GDateTime    *now)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  return g_date_time_compare (hs_occurrence_get_end (self), now) <= 0 &&
         g_date_time_compare (hs_occurrence_get_start (self), now) < 0;
}

/* The local date of an instant, without a GDateTime. */
static void
local_date (gint64  unix_time,
            gint32  offset,
            GDate  *date)
{
  /* GDate's julian day 1 is 0001-01-01, day 719163 is 1970-01-01. */
  gint64 local = unix_time + offset;
  gint64 days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);

  g_date_clear (date, 1);
  g_date_set_julian (date, (guint32)(days + 719163));
}

void
hs_occurrence_get_first_date (HsOccurrence *self,
                              GDate        *date)
{
  g_return_if_fail (HS_IS_OCCURRENCE (self));
  g_return_if_fail (date != NULL);

  local_date (self->start_unix, self->start_offset, date);
}

/* For an all-day occurrence the end is exclusive (the next midnight), so the last day is the
 * day before it; for a timed one it is the day the end falls on. */
void
hs_occurrence_get_last_date (HsOccurrence *self,
                             GDate        *date)
{
  g_return_if_fail (HS_IS_OCCURRENCE (self));
  g_return_if_fail (date != NULL);

  local_date (self->end_unix, self->end_offset, date);

  if (self->all_day)
    {
      GDate first;

      hs_occurrence_get_first_date (self, &first);
      if (g_date_compare (date, &first) > 0)
        g_date_subtract_days (date, 1);
    }
}
