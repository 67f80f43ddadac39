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

  GDateTime *start;
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
      g_value_set_boxed (value, self->start);
      break;

    case PROP_END:
      g_value_set_boxed (value, self->end);
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
hs_occurrence_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HsOccurrence *self = HS_OCCURRENCE (object);

  switch (prop_id)
    {
    case PROP_START:
      self->start = g_value_dup_boxed (value);
      break;

    case PROP_END:
      self->end = g_value_dup_boxed (value);
      break;

    case PROP_ALL_DAY:
      self->all_day = g_value_get_boolean (value);
      break;

    case PROP_EXCLUDED:
      self->excluded = g_value_get_boolean (value);
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
  object_class->set_property = hs_occurrence_set_property;

  properties[PROP_START] =
    g_param_spec_boxed ("start", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END] =
    g_param_spec_boxed ("end", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_DAY] =
    g_param_spec_boolean ("all-day", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXCLUDED] =
    g_param_spec_boolean ("excluded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

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
  self->all_day = !!all_day;
  self->excluded = !!excluded;

  return self;
}

GDateTime *
hs_occurrence_get_start (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), NULL);

  return self->start;
}

GDateTime *
hs_occurrence_get_end (HsOccurrence *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE (self), NULL);

  return self->end;
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

void
hs_occurrence_get_first_date (HsOccurrence *self,
                              GDate        *date)
{
  g_return_if_fail (HS_IS_OCCURRENCE (self));
  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (self->start),
                  g_date_time_get_month (self->start),
                  g_date_time_get_year (self->start));
}

/* For an all-day occurrence the end is exclusive (the next midnight), so the last day is the
 * day before it; for a timed one it is the day the end falls on. */
void
hs_occurrence_get_last_date (HsOccurrence *self,
                             GDate        *date)
{
  g_return_if_fail (HS_IS_OCCURRENCE (self));
  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (self->end),
                  g_date_time_get_month (self->end),
                  g_date_time_get_year (self->end));

  if (self->all_day)
    {
      GDate first;

      hs_occurrence_get_first_date (self, &first);
      if (g_date_compare (date, &first) > 0)
        g_date_subtract_days (date, 1);
    }
}
