/* hs-delivery-list-live.c: what comes after the load: new deliveries, announced or found by
 * a search, and rows read again once projected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-delivery-list"

#include "config.h"

#include "hs-delivery-list-private.h"

static gboolean
is_known (HsDeliveryList *self,
          gint64          id)
{
  return IDS (self)->len > 0 && g_array_index (IDS (self), gint64, IDS (self)->len - 1) >= id;
}

/* While the ids load, a new delivery waits for them: TRUE when @id was set aside. */
static gboolean
hold_while_loading (HsDeliveryList *self,
                    gint64          id)
{
  if (!self->loading)
    return FALSE;

  g_array_append_val (self->pending, id);
  return TRUE;
}

/* A delivery the listener just committed: it becomes the first item. */
void
hs_delivery_list_prepend (HsDeliveryList *self,
                          HsDelivery     *delivery)
{
  gint64 id;

  g_return_if_fail (HS_IS_DELIVERY_LIST (self));
  g_return_if_fail (HS_IS_DELIVERY (delivery));

  id = hs_delivery_get_id (delivery);
  if (hold_while_loading (self, id) || is_known (self, id))
    return;

  /* Not cached: the object may hold a large body; the row is read back from disk on demand. */
  g_array_append_val (IDS (self), id);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  hs_delivery_list_notify_n_items (self);
}

static gboolean
insert_announced (gpointer data)
{
  HsDeliveryList *self = data;
  guint added = 0;

  self->announce_source = 0;
  self->announced_at = g_get_monotonic_time ();

  for (guint i = 0; i < self->announced->len; i++)
    {
      gint64 id = g_array_index (self->announced, gint64, i);

      if (!is_known (self, id))
        {
          g_array_append_val (IDS (self), id);
          added++;
        }
    }
  g_array_set_size (self->announced, 0);

  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
      hs_delivery_list_notify_n_items (self);
    }

  return G_SOURCE_REMOVE;
}

/**
 * hs_delivery_list_announce:
 * @first_id: the first delivery the store added (HsStore::deliveries-added)
 * @last_id: the last; every id in between was added too
 *
 * For a live view: the deliveries become the first items on the next main-loop iteration,
 * or, during a flood, with the others announced within the same tenth of a second (one
 * insertion of all of them). Their rows are read when a view asks for them.
 */
void
hs_delivery_list_announce (HsDeliveryList *self,
                           gint64          first_id,
                           gint64          last_id)
{
  GSource *source;
  gint64 wait_us;

  g_return_if_fail (HS_IS_DELIVERY_LIST (self));
  g_return_if_fail (first_id > 0 && first_id <= last_id);

  /* Whether a new delivery matches a search is known once it is indexed. */
  if (self->query != NULL)
    return;

  for (gint64 id = first_id; id <= last_id; id++)
    {
      if (!hold_while_loading (self, id))
        g_array_append_val (self->announced, id);
    }
  if (self->announce_source != 0 || self->announced->len == 0)
    return;

  wait_us = self->announced_at + ANNOUNCE_INTERVAL_US - g_get_monotonic_time ();
  source = g_timeout_source_new (wait_us > 0 ? (guint)(wait_us / 1000) : 0);
  /* Default priority, like the sockets the deliveries come from: never starved by them. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, insert_announced, self, NULL);
  g_source_set_static_name (source, "[hookscope] insert announced deliveries");
  self->announce_source = g_source_attach (source, NULL);
  g_source_unref (source);
}

static void check_new (HsDeliveryList *self);

static void
check_new_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  HsDeliveryQuery *query = g_object_get_data (G_OBJECT (task), "hs-query");
  const char *path = g_object_get_data (G_OBJECT (task), "hs-path");
  gint64 after = *(gint64 *)task_data;
  GError *error = NULL;
  GArray *ids = hs_delivery_list_query_ids (path, query, after, 0, cancellable, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

static void
check_new_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HsDeliveryList) self = HS_DELIVERY_LIST (object);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 0;

  self->checking = FALSE;
  ids = g_task_propagate_pointer (G_TASK (result), &error);
  if (ids == NULL)
    g_warning ("Could not search the new deliveries: %s", error->message);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (!is_known (self, id))
        {
          g_array_append_val (IDS (self), id);
          added++;
        }
    }

  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
      hs_delivery_list_notify_n_items (self);
    }

  if (self->check_again > self->checked_through)
    check_new (self);
}

static void
check_new (HsDeliveryList *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 after = IDS (self)->len > 0 ? g_array_index (IDS (self), gint64, IDS (self)->len - 1) : 0;

  self->checking = TRUE;
  self->checked_through = self->check_again;
  task = g_task_new (g_object_ref (self), NULL, check_new_cb, NULL);
  g_task_set_source_tag (task, check_new);
  g_task_set_task_data (task, g_memdup2 (&after, sizeof after), g_free);
  g_object_set_data_full (G_OBJECT (task), "hs-query", hs_delivery_query_copy (self->query),
                          (GDestroyNotify)hs_delivery_query_unref);
  g_object_set_data_full (G_OBJECT (task), "hs-path", g_strdup (hs_store_get_path (self->store)),
                          g_free);
  g_task_run_in_thread (task, check_new_thread);
}

/* For a list with a query: the new deliveries that match it are read (on a worker) and come
 * first. One check at a time; a newer @through while one runs asks for another after it. */
static void
check_new_matches (HsDeliveryList *self,
                   gint64          through)
{
  if (self->query == NULL || !self->loaded || through <= self->checked_through)
    return;

  self->check_again = MAX (self->check_again, through);
  if (!self->checking)
    check_new (self);
}

/**
 * hs_delivery_list_projected:
 * @through: the domain projection has applied every delivery up to this id
 *
 * Rows read before their delivery was projected showed only what the listener knew; they are
 * read again on a worker, and the view redraws them once read (a few visible rows, not the
 * list). A list with a query also lists the new deliveries that match it, now that they are
 * indexed.
 */
void
hs_delivery_list_projected (HsDeliveryList *self,
                            gint64          through)
{
  GArray *stale = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (HS_IS_DELIVERY_LIST (self));

  g_hash_table_iter_init (&iter, hs_keyed_pages_get_rows (self->pages));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 id = *(gint64 *)key;

      if (id <= through && !hs_delivery_get_projected (value) &&
          !hs_keyed_pages_is_placeholder (value))
        g_array_append_val (stale, id);
    }
  hs_keyed_pages_read_again (self->pages, stale);

  check_new_matches (self, through);
}

