/* hs-delivery-list.c: a lazy GListModel of every delivery, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds only the ids (8 bytes a delivery, read in a worker thread on a connection
 * of its own, hs-delivery-list-ids.c); HsKeyedPages reads the rows a page at a time on a
 * worker when a view asks for them, hands out placeholders meanwhile, and keeps a bounded
 * cache keyed by id: a million deliveries never mean a million objects, and the main loop
 * never waits on SQLite (a scrollbar dragged to rows never read shows blank rows for a
 * moment, not a frozen window).
 */

#define G_LOG_DOMAIN "hs-delivery-list"

#include "config.h"

#include "hs-delivery-list-private.h"

/* Ids read before the first rows show: a window's worth of them, and the rest after. */
#define PAGE_SIZE  200
/* Rows read at a time while scrolling (a screenful or two). */
#define ROWS_PAGE  50

enum {
  PROP_0,
  PROP_LOADED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ROWS_READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsDeliveryList, hs_delivery_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
hs_delivery_list_get_item_type (GListModel *model)
{
  return HS_TYPE_DELIVERY;
}

static guint
hs_delivery_list_get_n_items (GListModel *model)
{
  HsDeliveryList *self = HS_DELIVERY_LIST (model);

  return IDS (self)->len;
}

static gpointer
hs_delivery_list_get_item (GListModel *model,
                           guint       position)
{
  return hs_keyed_pages_get_item (HS_DELIVERY_LIST (model)->pages, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hs_delivery_list_get_item_type;
  iface->get_n_items = hs_delivery_list_get_n_items;
  iface->get_item = hs_delivery_list_get_item;
}

static void
hs_delivery_list_finalize (GObject *object)
{
  HsDeliveryList *self = (HsDeliveryList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->pages, hs_keyed_pages_free);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->announced, g_array_unref);
  g_clear_handle_id (&self->announce_source, g_source_remove);
  g_clear_pointer (&self->query, hs_delivery_query_unref);
  g_cancellable_cancel (self->rest_cancellable);
  g_clear_object (&self->rest_cancellable);

  G_OBJECT_CLASS (hs_delivery_list_parent_class)->finalize (object);
}

static void
hs_delivery_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HsDeliveryList *self = HS_DELIVERY_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, IDS (self)->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_delivery_list_class_init (HsDeliveryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_delivery_list_finalize;
  object_class->get_property = hs_delivery_list_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsDeliveryList::rows-read:
   *
   * Placeholders handed out were filled in place with their rows (hs_delivery_list_is_placeholder()
   * is %FALSE for them now; their positions are not announced): a view shows them again.
   */
  signals[ROWS_READ] = g_signal_new ("rows-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_delivery_list_init (HsDeliveryList *self)
{
  self->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->announced = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* The row read, into the placeholder a view holds (NULL: gone; it stays empty). */
static void
fill (gpointer placeholder,
      gpointer row)
{
  HsDelivery *to = placeholder;
  HsDelivery *from = row;

  if (from == NULL)
    return;
  hs_delivery_set_received_at (to, hs_delivery_get_received_at (from));
  hs_delivery_set_method (to, hs_delivery_get_method (from));
  hs_delivery_set_path (to, hs_delivery_get_path (from));
  hs_delivery_set_query (to, hs_delivery_get_query (from));
  if (hs_delivery_peek_headers_json (from) != NULL)
    hs_delivery_set_headers_json (to, hs_delivery_peek_headers_json (from));
  hs_delivery_set_body_size (to, hs_delivery_get_body_size (from));
  hs_delivery_set_content_type (to, hs_delivery_get_content_type (from));
  hs_delivery_set_peer (to, hs_delivery_get_peer (from));
  hs_delivery_set_auth_verdict (to, hs_delivery_get_auth_verdict (from));
  hs_delivery_set_parse_verdict (to, hs_delivery_get_parse_verdict (from),
                                 hs_delivery_get_parse_message (from));
  hs_delivery_set_event_name (to, hs_delivery_get_event_name (from));
  hs_delivery_set_flags (to, hs_delivery_get_flags (from));
  hs_delivery_set_response_status (to, hs_delivery_get_response_status (from));
  hs_delivery_set_projected (to, hs_delivery_get_projected (from));
}

static void
filled (GListModel *model)
{
  g_signal_emit (model, signals[ROWS_READ], 0);
}

/* A row not read yet (or gone): an empty delivery that says which id it is. */
static gpointer
new_empty (gint64   id,
           gpointer user_data)
{
  HsDelivery *delivery = hs_delivery_new ();

  hs_delivery_set_id (delivery, id);
  return delivery;
}

HsDeliveryList *
hs_delivery_list_new (HsStore *store)
{
  HsDeliveryList *self;

  g_return_val_if_fail (HS_IS_STORE (store), NULL);

  self = g_object_new (HS_TYPE_DELIVERY_LIST, NULL);
  self->store = g_object_ref (store);
  self->pages = hs_keyed_pages_new (G_LIST_MODEL (self), hs_store_get_path (store), ROWS_PAGE,
                                    TRUE, new_empty, NULL);
  hs_keyed_pages_set_reader (self->pages, hs_delivery_list_read_page, NULL, NULL);
  hs_keyed_pages_set_fill (self->pages, fill, filled);

  return self;
}

static void
load_ids_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char *path = task_data;
  HsDeliveryQuery *query = g_object_get_data (G_OBJECT (task), "hs-query");
  GError *error = NULL;
  GArray *found;

  /* The first page only, whatever the size of the file: the rest follows (load_rest ()). */
  gint64 assumed_before = 0;

  if (query != NULL)
    found = hs_delivery_list_query_ids (path, query, 0, PAGE_SIZE, cancellable, &error);
  else
    found = hs_delivery_list_all_ids (path, PAGE_SIZE, 0, &assumed_before, cancellable, &error);
  if (assumed_before > 0)
    g_object_set_data_full (G_OBJECT (task), "hs-assumed-before",
                            g_memdup2 (&assumed_before, sizeof assumed_before), g_free);

  /* The rows in view first come with the ids: no page read before they show. */
  if (found != NULL && found->len > 0)
    {
      guint n = MIN (found->len, ROWS_PAGE);
      g_autoptr(GError) rows_error = NULL;
      GPtrArray *rows = hs_delivery_list_read_rows (path, &g_array_index (found, gint64,
                                                                          found->len - n),
                                                    n, &rows_error);

      if (rows != NULL)
        g_object_set_data_full (G_OBJECT (task), "hs-rows", rows,
                                (GDestroyNotify)g_ptr_array_unref);
      else
        g_debug ("The first rows will be read on demand: %s", rows_error->message);
    }

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify)g_array_unref);
}

void
hs_delivery_list_load_async (HsDeliveryList      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_DELIVERY_LIST (self));
  g_return_if_fail (!self->loading);

  self->loading = TRUE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hs_delivery_list_load_async);
  g_task_set_task_data (task, g_strdup (hs_store_get_path (self->store)), g_free);
  if (self->query != NULL)
    g_object_set_data_full (G_OBJECT (task), "hs-query", hs_delivery_query_copy (self->query),
                            (GDestroyNotify)hs_delivery_query_unref);
  /* The rest is the list's own read: cancelled when the list goes (its task holds no
   * reference to it), or when it loads again. */
  g_cancellable_cancel (self->rest_cancellable);
  g_clear_object (&self->rest_cancellable);
  self->rest_cancellable = g_cancellable_new ();
  g_task_run_in_thread (task, load_ids_thread);
}

static void
load_rest_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  HsDeliveryQuery *query = g_object_get_data (G_OBJECT (task), "hs-query");
  gint64 before = *(gint64 *)g_object_get_data (G_OBJECT (task), "hs-before");
  const char *path = task_data;
  GError *error = NULL;
  GArray *ids;

  if (query != NULL)
    ids = hs_delivery_list_query_ids (path, query, 0, 0, cancellable, &error);
  else
    ids = hs_delivery_list_all_ids (path, 0, before, NULL, cancellable, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

/* The ids assumed (before rest_before) that are not in @exact go (the user's deletes; one
 * removed row of the view each, or the whole assumed part at once when there are many). The
 * ids the user hid meanwhile stay hidden: only removals. */
static void
remove_holes (HsDeliveryList *self,
              GArray         *exact)
{
  g_autoptr(GArray) holes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_assumed = 0;
  guint j = 0;

  while (n_assumed < IDS (self)->len &&
         g_array_index (IDS (self), gint64, n_assumed) < self->rest_before)
    n_assumed++;

  for (guint i = 0; i < n_assumed; i++)
    {
      gint64 id = g_array_index (IDS (self), gint64, i);

      while (j < exact->len && g_array_index (exact, gint64, j) < id)
        j++;
      if (j >= exact->len || g_array_index (exact, gint64, j) != id)
        g_array_append_val (holes, i);
    }
  if (holes->len == 0)
    return;

  if (holes->len > 64)
    {
      guint old_len = IDS (self)->len;
      guint kept = 0;

      for (guint i = 0, h = 0; i < n_assumed; i++)
        {
          if (h < holes->len && g_array_index (holes, guint, h) == i)
            h++;
          else
            g_array_index (IDS (self), gint64, kept++) = g_array_index (IDS (self), gint64, i);
        }
      g_array_remove_range (IDS (self), kept, n_assumed - kept);
      hs_keyed_pages_keys_moved (self->pages);
      g_list_model_items_changed (G_LIST_MODEL (self), old_len - n_assumed, n_assumed, kept);
    }
  else
    {
      /* The highest index first: the others keep theirs. */
      for (guint h = holes->len; h-- > 0;)
        {
          guint index = g_array_index (holes, guint, h);
          guint position = IDS (self)->len - 1 - index;

          g_array_remove_index (IDS (self), index);
          hs_keyed_pages_keys_moved (self->pages);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The older results of a search join the end of the list; without a query, the exact ids
 * remove the holes of the ones assumed. */
static void
load_rest_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(HsDeliveryList) self = g_weak_ref_get (weak);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GError) error = NULL;
  guint n_older = 0;
  guint old_len;

  g_weak_ref_clear (weak);
  g_free (weak);
  all = g_task_propagate_pointer (G_TASK (result), &error);
  /* A list dropped meanwhile (a search superseded) wants nothing. */
  if (self == NULL)
    return;
  if (all == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the rest of the search: %s", error->message);
      return;
    }

  if (self->query == NULL)
    {
      remove_holes (self, all);
      return;
    }

  while (n_older < all->len && g_array_index (all, gint64, n_older) < self->rest_before)
    n_older++;
  if (n_older == 0)
    return;

  old_len = IDS (self)->len;
  g_array_prepend_vals (IDS (self), all->data, n_older);
  hs_keyed_pages_keys_moved (self->pages);
  g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, n_older);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
load_rest (HsDeliveryList *self,
           gint64          before)
{
  g_autoptr(GTask) task = NULL;
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  self->rest_before = before;
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->rest_cancellable, load_rest_cb, weak);
  g_task_set_source_tag (task, load_rest);
  g_task_set_task_data (task, g_strdup (hs_store_get_path (self->store)), g_free);
  if (self->query != NULL)
    g_object_set_data_full (G_OBJECT (task), "hs-query", hs_delivery_query_copy (self->query),
                            (GDestroyNotify)hs_delivery_query_unref);
  g_object_set_data_full (G_OBJECT (task), "hs-before",
                          g_memdup2 (&self->rest_before, sizeof self->rest_before), g_free);
  g_task_run_in_thread (task, load_rest_thread);
}

gboolean
hs_delivery_list_load_finish (HsDeliveryList  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_autoptr(GArray) ids = NULL;
  guint old_len;
  gint64 last = 0;
  gint64 *assumed_before;
  GPtrArray *rows;

  g_return_val_if_fail (HS_IS_DELIVERY_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  assumed_before = g_object_get_data (G_OBJECT (result), "hs-assumed-before");
  self->loading = FALSE;
  ids = g_task_propagate_pointer (G_TASK (result), error);
  if (ids == NULL)
    return FALSE;

  if (ids->len > 0)
    last = g_array_index (ids, gint64, ids->len - 1);

  /* Deliveries committed during the load may or may not be in the snapshot. */
  g_clear_handle_id (&self->announce_source, g_source_remove);
  g_array_append_vals (self->pending, self->announced->data, self->announced->len);
  g_array_set_size (self->announced, 0);
  for (guint i = 0; i < self->pending->len; i++)
    {
      gint64 id = g_array_index (self->pending, gint64, i);

      if (id > last)
        {
          g_array_append_val (ids, id);
          last = id;
        }
    }
  g_array_set_size (self->pending, 0);

  old_len = IDS (self)->len;
  hs_keyed_pages_set_keys (self->pages, g_steal_pointer (&ids), FALSE);
  rows = g_object_get_data (G_OBJECT (result), "hs-rows");
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      HsDelivery *delivery = g_ptr_array_index (rows, i);

      if (delivery != NULL)
        hs_keyed_pages_add (self->pages, hs_delivery_get_id (delivery), delivery);
    }
  self->loaded = TRUE;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, IDS (self)->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  if (assumed_before != NULL)
    load_rest (self, *assumed_before);
  else if (self->query != NULL && IDS (self)->len >= PAGE_SIZE)
    load_rest (self, g_array_index (IDS (self), gint64, 0));

  return TRUE;
}

void
hs_delivery_list_notify_n_items (HsDeliveryList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

gboolean
hs_delivery_list_get_loaded (HsDeliveryList *self)
{
  g_return_val_if_fail (HS_IS_DELIVERY_LIST (self), FALSE);

  return self->loaded;
}

/* The index of @id in the ids (ascending), or of where it would go. */
static guint
find_index (HsDeliveryList *self,
            gint64          id,
            gboolean       *found)
{
  guint lo = 0;
  guint hi = IDS (self)->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 at = g_array_index (IDS (self), gint64, mid);

      if (at < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  *found = lo < IDS (self)->len && g_array_index (IDS (self), gint64, lo) == id;
  return lo;
}

/**
 * hs_delivery_list_hide:
 * @position: (out) (optional): where the item was
 *
 * Removes a delivery from the list (one the user deleted: it goes at once, while the store
 * deletes it, or comes back with hs_delivery_list_restore() on undo).
 *
 * Returns: %TRUE if the delivery was in the list
 */
gboolean
hs_delivery_list_hide (HsDeliveryList *self,
                       gint64          id,
                       guint          *position)
{
  gboolean found;
  guint index;
  guint pos;

  g_return_val_if_fail (HS_IS_DELIVERY_LIST (self), FALSE);

  index = find_index (self, id, &found);
  if (!found)
    return FALSE;

  pos = IDS (self)->len - 1 - index;
  g_array_remove_index (IDS (self), index);
  hs_keyed_pages_keys_moved (self->pages);
  hs_keyed_pages_forget (self->pages, id);
  if (position != NULL)
    *position = pos;

  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return TRUE;
}

/**
 * hs_delivery_list_restore:
 *
 * Puts back a delivery that hs_delivery_list_hide() removed, in its place.
 *
 * Returns: its position
 */
guint
hs_delivery_list_restore (HsDeliveryList *self,
                          gint64          id)
{
  gboolean found;
  guint index;
  guint pos;

  g_return_val_if_fail (HS_IS_DELIVERY_LIST (self), 0);

  index = find_index (self, id, &found);
  if (found)
    return IDS (self)->len - 1 - index;

  g_array_insert_val (IDS (self), index, id);
  hs_keyed_pages_keys_moved (self->pages);
  pos = IDS (self)->len - 1 - index;

  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return pos;
}

/**
 * hs_delivery_list_set_query:
 * @query: (nullable): the search and filters, or %NULL for every delivery
 *
 * Before the load: the list holds the deliveries that match @query. Such a list ignores
 * hs_delivery_list_announce() and lists new deliveries through hs_delivery_list_projected().
 */
void
hs_delivery_list_set_query (HsDeliveryList  *self,
                            HsDeliveryQuery *query)
{
  g_return_if_fail (HS_IS_DELIVERY_LIST (self));
  g_return_if_fail (!self->loaded && !self->loading);

  g_clear_pointer (&self->query, hs_delivery_query_unref);
  if (query != NULL && !hs_delivery_query_is_empty (query))
    self->query = hs_delivery_query_copy (query);
}

/**
 * hs_delivery_list_find:
 * @position: (out): where the delivery is
 *
 * Returns: %TRUE if the delivery is in the list
 */
gboolean
hs_delivery_list_find (HsDeliveryList *self,
                       gint64          id,
                       guint          *position)
{
  gboolean found;
  guint index;

  g_return_val_if_fail (HS_IS_DELIVERY_LIST (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  index = find_index (self, id, &found);
  if (found)
    *position = IDS (self)->len - 1 - index;

  return found;
}

/**
 * hs_delivery_list_is_placeholder:
 * @delivery: an item of an #HsDeliveryList
 *
 * Returns: %TRUE if @delivery stands for a row being read (it has only its id): the list
 *   announces its position again once the row is read
 */
gboolean
hs_delivery_list_is_placeholder (HsDelivery *delivery)
{
  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  return hs_keyed_pages_is_unread (delivery);
}
