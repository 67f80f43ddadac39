/* hs-domain-list.c: a lazy list of events or invitations, newest first, searchable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like HsDeliveryList, the model holds only row keys (8 bytes a row, read on a worker from a
 * covering index), and HsKeyedPages reads the rows a page at a time on a worker, with
 * placeholders until then (never a read on the main loop). A search is a different key list,
 * read from the store with the words as a bound parameter. A refresh reads only the rows that
 * deliveries after the last read changed.
 */

#define G_LOG_DOMAIN "hs-domain-list"

#include "config.h"

#include <sqlite3.h>

#include "hs-domain-list.h"
#include "hs-keyed-pages.h"
#include "hs-store-private.h"

#define PAGE_SIZE 50

struct _HsDomainList
{
  GObject            parent_instance;

  HsStore           *store;
  HsDomainPagesKind  kind;
  char              *search;
  HsDomainListPrepareFunc prepare;

  /* The keys, oldest first (position p is keys[len - 1 - p]), and the rows read. */
  HsKeyedPages      *pages;
  /* Changes whenever the keys are read again: what a refresh read before is stale. */
  guint              generation;
  gint64             through;

  GCancellable      *load_cancellable;
  guint              loaded : 1;
  guint              loading : 1;
  guint              refreshing : 1;
  guint              refresh_again : 1;
};

enum {
  PROP_0,
  PROP_LOADED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ROW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsDomainList, hs_domain_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  HsDomainPagesKind  kind;
  char              *path;
  char              *search;
  guint              generation;
  gint64             after;
} Job;

/* What a page read needs (set once a reader: never changed under a worker). */
typedef struct
{
  HsDomainPagesKind       kind;
  HsDomainListPrepareFunc prepare;
} Reader;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job->search);
  g_free (job);
}

static Job *
job_new (HsDomainList *self)
{
  Job *job = g_new0 (Job, 1);

  job->kind = self->kind;
  job->path = g_strdup (hs_store_get_path (self->store));
  job->search = g_strdup (self->search);
  job->generation = self->generation;
  job->after = self->through;

  return job;
}

static GType
item_type (HsDomainPagesKind kind)
{
  return kind == HS_DOMAIN_PAGES_EVENTS ? HS_TYPE_EVENT : HS_TYPE_INVITATION;
}

static gpointer
new_empty (gint64   key,
           gpointer user_data)
{
  HsDomainList *self = user_data;

  return g_object_new (item_type (self->kind), NULL);
}

/* HsKeyedPagesReadFunc, on a worker. */
static GPtrArray *
read_page (sqlite3       *db,
           const gint64  *keys,
           guint          n_keys,
           gpointer       read_data,
           GError       **error)
{
  Reader *reader = read_data;
  GPtrArray *objects = hs_domain_store_read_keys (db, reader->kind, keys, n_keys, error);

  for (guint i = 0; objects != NULL && reader->prepare != NULL && i < objects->len; i++)
    {
      if (g_ptr_array_index (objects, i) != NULL)
        reader->prepare (g_ptr_array_index (objects, i));
    }

  return objects;
}

static void
set_reader (HsDomainList *self)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->kind = self->kind;
  reader->prepare = self->prepare;
  hs_keyed_pages_set_reader (self->pages, read_page, reader, g_free);
}

/* --- GListModel ----------------------------------------------------------------------------- */

static GType
hs_domain_list_get_item_type (GListModel *model)
{
  return item_type (HS_DOMAIN_LIST (model)->kind);
}

static guint
hs_domain_list_get_n_items (GListModel *model)
{
  return hs_keyed_pages_get_keys (HS_DOMAIN_LIST (model)->pages)->len;
}

static gpointer
hs_domain_list_get_item (GListModel *model,
                         guint       position)
{
  return hs_keyed_pages_get_item (HS_DOMAIN_LIST (model)->pages, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hs_domain_list_get_item_type;
  iface->get_n_items = hs_domain_list_get_n_items;
  iface->get_item = hs_domain_list_get_item;
}

/* --- loading and refreshing ----------------------------------------------------------------- */

typedef struct
{
  GArray *keys;
  gint64  through;
} KeysResult;

static void
keys_result_free (gpointer data)
{
  KeysResult *result = data;

  g_clear_pointer (&result->keys, g_array_unref);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  KeysResult *result = g_new0 (KeysResult, 1);
  sqlite3 *db = hs_store_open_reader (job->path, &error);

  if (db != NULL)
    result->keys = job->after < 0
                   ? hs_domain_store_list_keys (db, job->kind, job->search, &result->through,
                                                cancellable, &error)
                   : hs_domain_store_list_changed_keys (db, job->kind, job->search,
                                                        job->after, &result->through, &error);
  sqlite3_close (db);

  if (result->keys == NULL)
    {
      keys_result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, keys_result_free);
}

static void refresh (HsDomainList *self);

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HsDomainList *self = HS_DOMAIN_LIST (object);
  g_autoptr(GError) error = NULL;
  KeysResult *keys_result = g_task_propagate_pointer (G_TASK (result), &error);
  guint old_len;

  if (keys_result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->loading = FALSE;
          g_warning ("Could not read the list: %s", error->message);
        }
      return;
    }

  self->loading = FALSE;
  old_len = hs_keyed_pages_get_keys (self->pages)->len;
  hs_keyed_pages_set_keys (self->pages, g_steal_pointer (&keys_result->keys), FALSE);
  self->through = keys_result->through;
  keys_result_free (keys_result);
  self->generation++;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len,
                              hs_keyed_pages_get_keys (self->pages)->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  if (self->refresh_again)
    refresh (self);
}

/* Applies what changed: the changed rows leave their places, those that are new (every
 * event seen again) and match the search come on top, the others are read again where they
 * are. Everything below the deepest changed row stays as it was. */
static void
apply_changes (HsDomainList *self,
               GArray       *changed)
{
  g_autoptr(GHashTable) moved = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) stay = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *keys = hs_keyed_pages_get_keys (self->pages);
  guint old_len = keys->len;
  guint deepest = old_len;
  guint kept = 0;
  guint added = 0;

  for (guint i = 0; i < changed->len; i++)
    {
      HsDomainChangedKey *change = &g_array_index (changed, HsDomainChangedKey, i);

      hs_keyed_pages_forget (self->pages, change->key);
      if (change->is_new || !change->matches)
        g_hash_table_add (moved, &change->key);
      else
        g_hash_table_add (stay, &change->key);
    }

  for (guint i = 0; i < old_len; i++)
    {
      gint64 key = g_array_index (keys, gint64, i);
      gboolean leaves = g_hash_table_contains (moved, &key);

      if ((leaves || g_hash_table_contains (stay, &key)) && deepest == old_len)
        deepest = i;
      if (!leaves)
        g_array_index (keys, gint64, kept++) = key;
    }
  g_array_set_size (keys, kept);

  for (guint i = 0; i < changed->len; i++)
    {
      HsDomainChangedKey *change = &g_array_index (changed, HsDomainChangedKey, i);

      if (change->is_new && change->matches)
        {
          g_array_append_val (keys, change->key);
          added++;
        }
    }

  if (deepest == old_len && added == 0)
    return;

  self->generation++;
  hs_keyed_pages_keys_moved (self->pages);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len - deepest, keys->len - deepest);
  if (keys->len != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HsDomainList *self = HS_DOMAIN_LIST (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  KeysResult *keys_result = g_task_propagate_pointer (G_TASK (result), &error);

  self->refreshing = FALSE;
  if (keys_result == NULL)
    g_warning ("Could not read what changed: %s", error->message);
  /* A reload or a new search since: its keys are newer than these changes. */
  else if (job->generation == self->generation && !self->loading)
    {
      apply_changes (self, keys_result->keys);
      self->through = keys_result->through;
      for (guint i = 0; i < keys_result->keys->len; i++)
        {
          HsDomainChangedKey *change = &g_array_index (keys_result->keys, HsDomainChangedKey, i);

          if (change->id != NULL)
            g_signal_emit (self, signals[ROW_CHANGED], 0, change->id);
        }
    }
  else if (!self->loading)
    {
      /* Only refreshes bump the generation while one runs: read again from the same point. */
      self->refresh_again = TRUE;
    }
  g_clear_pointer (&keys_result, keys_result_free);

  if (self->refresh_again && self->loaded && !self->loading)
    refresh (self);
}

static void
refresh (HsDomainList *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->loading || !self->loaded || self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refresh_again = FALSE;
  self->refreshing = TRUE;
  task = g_task_new (self, NULL, refresh_cb, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, job_new (self), job_free);
  g_task_run_in_thread (task, load_thread);
}

/* --- GObject -------------------------------------------------------------------------------- */

static void
hs_domain_list_dispose (GObject *object)
{
  HsDomainList *self = (HsDomainList *)object;

  g_cancellable_cancel (self->load_cancellable);

  G_OBJECT_CLASS (hs_domain_list_parent_class)->dispose (object);
}

static void
hs_domain_list_finalize (GObject *object)
{
  HsDomainList *self = (HsDomainList *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->pages, hs_keyed_pages_free);

  G_OBJECT_CLASS (hs_domain_list_parent_class)->finalize (object);
}

static void
hs_domain_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HsDomainList *self = HS_DOMAIN_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, hs_keyed_pages_get_keys (self->pages)->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_domain_list_class_init (HsDomainListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_domain_list_dispose;
  object_class->finalize = hs_domain_list_finalize;
  object_class->get_property = hs_domain_list_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HsDomainList::row-changed:
   * @id: the event's or invitation's id
   *
   * A refresh read a new state of the row (whether or not it is in the list), once the list
   * has changed: a view showing that row elsewhere shows it again.
   */
  signals[ROW_CHANGED] = g_signal_new ("row-changed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hs_domain_list_init (HsDomainList *self)
{
}

/* --- public --------------------------------------------------------------------------------- */

/**
 * hs_domain_list_new:
 * @kind: events (HsEvent items, most recently seen first) or invitations (HsInvitation
 *   items, newest first)
 *
 * An empty list: hs_domain_list_reload() reads it.
 */
HsDomainList *
hs_domain_list_new (HsStore           *store,
                    HsDomainPagesKind  kind)
{
  HsDomainList *self;

  g_return_val_if_fail (HS_IS_STORE (store), NULL);

  self = g_object_new (HS_TYPE_DOMAIN_LIST, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->pages = hs_keyed_pages_new (G_LIST_MODEL (self), hs_store_get_path (store), PAGE_SIZE,
                                    FALSE, new_empty, self);
  set_reader (self);

  return self;
}

/**
 * hs_domain_list_set_prepare_func:
 * @prepare: (nullable): called on a worker thread with each row read (it must not touch
 *   anything but the row)
 */
void
hs_domain_list_set_prepare_func (HsDomainList            *self,
                                 HsDomainListPrepareFunc  prepare)
{
  g_return_if_fail (HS_IS_DOMAIN_LIST (self));

  self->prepare = prepare;
  set_reader (self);
}

/**
 * hs_domain_list_set_search:
 * @search: (nullable): words to find in an event's name or id, or an invitation's email,
 *   id, event id or event name; %NULL or blank for every row
 *
 * Reads the list again with only the rows that match.
 */
void
hs_domain_list_set_search (HsDomainList *self,
                           const char   *search)
{
  g_autofree char *stripped = g_strstrip (g_strdup (search ? search : ""));

  g_return_if_fail (HS_IS_DOMAIN_LIST (self));

  if (stripped[0] == '\0')
    search = NULL;
  if (g_strcmp0 (search, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  hs_domain_list_reload (self);
}

const char *
hs_domain_list_get_search (HsDomainList *self)
{
  g_return_val_if_fail (HS_IS_DOMAIN_LIST (self), NULL);

  return self->search;
}

/**
 * hs_domain_list_reload:
 *
 * Reads the keys again on a worker (a load still running is superseded); the list changes
 * all at once when they are read.
 */
void
hs_domain_list_reload (HsDomainList *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (HS_IS_DOMAIN_LIST (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  self->refresh_again = FALSE;
  self->generation++;

  job = job_new (self);
  job->after = -1;
  task = g_task_new (self, self->load_cancellable, load_cb, NULL);
  g_task_set_source_tag (task, hs_domain_list_reload);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * hs_domain_list_refresh:
 *
 * For a live view: reads, on a worker, the rows that deliveries since the last read changed,
 * and applies them (hs_domain_store_list_changed_keys()). One read at a time; a call while
 * one runs asks for another after it.
 */
void
hs_domain_list_refresh (HsDomainList *self)
{
  g_return_if_fail (HS_IS_DOMAIN_LIST (self));

  refresh (self);
}

gboolean
hs_domain_list_get_loaded (HsDomainList *self)
{
  g_return_val_if_fail (HS_IS_DOMAIN_LIST (self), FALSE);

  return self->loaded;
}

/**
 * hs_domain_list_is_placeholder:
 * @item: an item of an #HsDomainList
 *
 * Returns: %TRUE if @item stands for a row not read yet (or gone): it has no id, and the
 *   list will announce its position again once the row is read
 */
gboolean
hs_domain_list_is_placeholder (gpointer item)
{
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  return hs_keyed_pages_is_placeholder (item);
}

/**
 * hs_domain_list_find:
 * @id: an event's or invitation's id
 * @position: (out): where it is
 *
 * Looks among the rows read (those in view): a list of 100,000 is not read to find one.
 *
 * Returns: %TRUE if the row is read and in the list
 */
gboolean
hs_domain_list_find (HsDomainList *self,
                     const char   *id,
                     guint        *position)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (HS_IS_DOMAIN_LIST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  g_hash_table_iter_init (&iter, hs_keyed_pages_get_rows (self->pages));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *item_id = self->kind == HS_DOMAIN_PAGES_EVENTS
                            ? hs_event_get_id (value) : hs_invitation_get_id (value);
      gint64 found;

      if (g_strcmp0 (item_id, id) != 0)
        continue;

      if ((found = hs_keyed_pages_find_position (self->pages, *(gint64 *)key)) >= 0)
        {
          *position = found;
          return TRUE;
        }
    }

  return FALSE;
}
