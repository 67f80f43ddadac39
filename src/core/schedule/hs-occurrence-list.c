/* hs-occurrence-list.c: a schedule's occurrences as a list model that grows window by window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An unbounded schedule has no last occurrence, so a view cannot ask for all of them: it asks
 * for the next few as the user scrolls. Each window starts the day after the last occurrence
 * loaded (a schedule has at most one start per local date, excluded ones included), and the
 * expander still counts the occurrences before it against `count`.
 */

#define G_LOG_DOMAIN "hs-occurrence-list"

#include "config.h"

#include "hs-occurrence-list.h"

struct _HsOccurrenceList
{
  GObject     parent_instance;

  HsSchedule *schedule;
  GPtrArray  *items;
  gboolean    complete;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsOccurrenceList, hs_occurrence_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HS_TYPE_OCCURRENCE;
}

static guint
get_n_items (GListModel *model)
{
  return HS_OCCURRENCE_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HsOccurrenceList *self = HS_OCCURRENCE_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
hs_occurrence_list_finalize (GObject *object)
{
  HsOccurrenceList *self = (HsOccurrenceList *)object;

  g_clear_object (&self->schedule);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_occurrence_list_parent_class)->finalize (object);
}

static void
hs_occurrence_list_class_init (HsOccurrenceListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_occurrence_list_finalize;
}

static void
hs_occurrence_list_init (HsOccurrenceList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

HsOccurrenceList *
hs_occurrence_list_new (HsSchedule *schedule)
{
  HsOccurrenceList *self;

  g_return_val_if_fail (HS_IS_SCHEDULE (schedule), NULL);

  self = g_object_new (HS_TYPE_OCCURRENCE_LIST, NULL);
  self->schedule = g_object_ref (schedule);

  return self;
}

HsSchedule *
hs_occurrence_list_get_schedule (HsOccurrenceList *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE_LIST (self), NULL);

  return self->schedule;
}

gboolean
hs_occurrence_list_is_complete (HsOccurrenceList *self)
{
  g_return_val_if_fail (HS_IS_OCCURRENCE_LIST (self), TRUE);

  return self->complete;
}

guint
hs_occurrence_list_load_more (HsOccurrenceList  *self,
                              guint              n,
                              GError           **error)
{
  g_autoptr(GPtrArray) more = NULL;
  gboolean truncated = FALSE;
  GDate from;
  guint position;

  g_return_val_if_fail (HS_IS_OCCURRENCE_LIST (self), 0);
  g_return_val_if_fail (n > 0, 0);

  if (self->complete)
    return 0;

  g_date_clear (&from, 1);
  if (self->items->len > 0)
    {
      hs_occurrence_get_first_date (g_ptr_array_index (self->items, self->items->len - 1),
                                    &from);
      g_date_add_days (&from, 1);
    }

  more = hs_schedule_expand_full (self->schedule, self->items->len > 0 ? &from : NULL, NULL, n,
                                  HS_SCHEDULE_EXPAND_INCLUDE_EXCLUDED, &truncated, error);
  if (more == NULL)
    {
      self->complete = TRUE;
      return 0;
    }

  if (!truncated || more->len == 0)
    self->complete = TRUE;

  position = self->items->len;
  for (guint i = 0; i < more->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (more, i)));
  if (more->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, more->len);

  return more->len;
}

guint
hs_occurrence_list_find_next (HsOccurrenceList *self,
                              GDateTime        *now)
{
  guint i = 0;

  g_return_val_if_fail (HS_IS_OCCURRENCE_LIST (self), G_MAXUINT);
  g_return_val_if_fail (now != NULL, G_MAXUINT);

  for (;;)
    {
      for (; i < self->items->len; i++)
        {
          if (!hs_occurrence_has_ended (g_ptr_array_index (self->items, i), now))
            return i;
        }
      /* Windows grow so a schedule that began long ago is reached in a few expansions. */
      if (hs_occurrence_list_load_more (self, MAX (200, self->items->len), NULL) == 0)
        return G_MAXUINT;
    }
}
