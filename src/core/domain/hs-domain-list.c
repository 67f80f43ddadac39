/* hs-domain-list.c: a lazy list of events or invitations, newest first, searchable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like HsDeliveryList, the model holds only row keys (8 bytes a row, read on a worker from a
 * covering index) and keeps a bounded cache of rows. Unlike it, rows are never read on the
 * main loop: an item not read yet is handed out as an empty placeholder while its page is
 * read on a worker, and the page's positions are then announced as changed, so the view binds
 * the real rows. A search is a different key list, read from the store with the words as a
 * bound parameter. A refresh reads only the rows that deliveries after the last read changed.
 */

#define G_LOG_DOMAIN "hs-domain-list"

#include "config.h"

#include <sqlite3.h>

#include "hs-domain-list.h"

#define PAGE_SIZE 50
#define CACHE_MAX (PAGE_SIZE * 10)

struct _HsDomainList
{
  GObject            parent_instance;

  HsStore           *store;
  HsDomainPagesKind  kind;
  char              *search;
  HsDomainListPrepareFunc prepare;

  /* Oldest first: position p is keys[len - 1 - p]; what comes later is an append. */
  GArray            *keys;
  GHashTable        *cache;      /* key → HsEvent or HsInvitation */
  GHashTable        *pending;    /* page number → page being read (this generation) */
  /* Changes whenever keys move: a page read for an older generation finds its rows again. */
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
  GArray            *keys;
  guint              page;
  guint              generation;
  gint64             after;
  HsDomainListPrepareFunc prepare;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job->search);
  g_clear_pointer (&job->keys, g_array_unref);
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
  job->prepare = self->prepare;

  return job;
}

static sqlite3 *
open_db (const char  *path,
         GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);

  return db;
}

static GQuark
placeholder_quark (void)
{
  return g_quark_from_static_string ("hs-domain-list-placeholder");
}

static GType
item_type (HsDomainPagesKind kind)
{
  return kind == HS_DOMAIN_PAGES_EVENTS ? HS_TYPE_EVENT : HS_TYPE_INVITATION;
}

static gpointer
new_placeholder (HsDomainList *self)
{
  GObject *placeholder = g_object_new (item_type (self->kind), NULL);

  g_object_set_qdata (placeholder, placeholder_quark (), GINT_TO_POINTER (TRUE));
  return placeholder;
}

/* --- pages ---------------------------------------------------------------------------------- */

static void
read_page_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GPtrArray *objects = NULL;
  sqlite3 *db = open_db (job->path, &error);

  if (db != NULL)
    objects = hs_domain_store_read_keys (db, job->kind, &g_array_index (job->keys, gint64, 0),
                                         job->keys->len, &error);
  sqlite3_close (db);

  for (guint i = 0; objects != NULL && job->prepare != NULL && i < objects->len; i++)
    {
      if (g_ptr_array_index (objects, i) != NULL)
        job->prepare (g_ptr_array_index (objects, i));
    }

  if (objects == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, objects, (GDestroyNotify)g_ptr_array_unref);
}

/* Tells the view that the positions of @keys (now read) changed. */
static void
announce_keys (HsDomainList *self,
               Job          *job)
{
  guint len = self->keys->len;
  guint first = job->page * PAGE_SIZE;
  g_autoptr(GHashTable) wanted = NULL;
  gint run_end = -1;

  if (job->generation == self->generation && first + job->keys->len <= len)
    {
      /* Array indexes first … first + n - 1 are positions len - first - n … len - first - 1. */
      g_list_model_items_changed (G_LIST_MODEL (self), len - first - job->keys->len,
                                  job->keys->len, job->keys->len);
      return;
    }

  /* The keys moved meanwhile: find them, and announce each run of them. */
  wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < job->keys->len; i++)
    g_hash_table_add (wanted, &g_array_index (job->keys, gint64, i));
  for (gint i = (gint)len - 1; i >= -1; i--)
    {
      gboolean in = i >= 0 && g_hash_table_contains (wanted,
                                                     &g_array_index (self->keys, gint64, i));

      if (in && run_end < 0)
        run_end = i;
      else if (!in && run_end >= 0)
        {
          guint n = run_end - i;

          g_list_model_items_changed (G_LIST_MODEL (self), len - 1 - run_end, n, n);
          run_end = -1;
        }
    }
}

static void
read_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HsDomainList *self = HS_DOMAIN_LIST (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  if (job->generation == self->generation)
    g_hash_table_remove (self->pending, GUINT_TO_POINTER (job->page));

  objects = g_task_propagate_pointer (G_TASK (result), &error);
  if (objects == NULL)
    {
      g_warning ("Could not read a page of the list: %s", error->message);
      return;
    }

  /* Read before the keys last moved: a row may have changed since, so the view asks again
   * (and gets this generation's page). */
  if (job->generation != self->generation)
    {
      announce_keys (self, job);
      return;
    }

  if (g_hash_table_size (self->cache) + objects->len > CACHE_MAX)
    g_hash_table_remove_all (self->cache);

  for (guint i = 0; i < objects->len; i++)
    {
      gint64 *key = g_memdup2 (&g_array_index (job->keys, gint64, i), sizeof (gint64));
      GObject *item = g_ptr_array_index (objects, i);

      /* A row gone since the keys were read stays an empty item (no read again). */
      g_hash_table_replace (self->cache, key,
                            item != NULL ? g_object_ref (item) : new_placeholder (self));
    }

  announce_keys (self, job);
}

static void
request_page (HsDomainList *self,
              guint         index)
{
  g_autoptr(GTask) task = NULL;
  guint page = index / PAGE_SIZE;
  guint first = page * PAGE_SIZE;
  Job *job;

  if (g_hash_table_contains (self->pending, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->pending, GUINT_TO_POINTER (page));
  g_debug ("Reading page %u (rows %u to %u from the bottom)", page, first,
           MIN (first + PAGE_SIZE, self->keys->len) - 1);

  job = job_new (self);
  job->page = page;
  job->keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);
  g_array_append_vals (job->keys, &g_array_index (self->keys, gint64, first),
                       MIN (PAGE_SIZE, self->keys->len - first));

  task = g_task_new (self, NULL, read_page_cb, NULL);
  g_task_set_source_tag (task, request_page);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, read_page_thread);
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
  return HS_DOMAIN_LIST (model)->keys->len;
}

static gpointer
hs_domain_list_get_item (GListModel *model,
                         guint       position)
{
  HsDomainList *self = HS_DOMAIN_LIST (model);
  GObject *item;
  guint index;

  if (position >= self->keys->len)
    return NULL;

  index = self->keys->len - 1 - position;
  item = g_hash_table_lookup (self->cache, &g_array_index (self->keys, gint64, index));
  if (item != NULL)
    return g_object_ref (item);

  request_page (self, index);
  return new_placeholder (self);
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
  sqlite3 *db = open_db (job->path, &error);

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
  old_len = self->keys->len;
  g_array_unref (self->keys);
  self->keys = g_steal_pointer (&keys_result->keys);
  self->through = keys_result->through;
  keys_result_free (keys_result);
  self->generation++;
  g_hash_table_remove_all (self->cache);
  g_hash_table_remove_all (self->pending);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->keys->len);
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
  guint old_len = self->keys->len;
  guint deepest = old_len;
  guint kept = 0;
  guint added = 0;

  for (guint i = 0; i < changed->len; i++)
    {
      HsDomainChangedKey *change = &g_array_index (changed, HsDomainChangedKey, i);

      g_hash_table_remove (self->cache, &change->key);
      if (change->is_new || !change->matches)
        g_hash_table_add (moved, &change->key);
      else
        g_hash_table_add (stay, &change->key);
    }

  for (guint i = 0; i < old_len; i++)
    {
      gint64 key = g_array_index (self->keys, gint64, i);
      gboolean leaves = g_hash_table_contains (moved, &key);

      if ((leaves || g_hash_table_contains (stay, &key)) && deepest == old_len)
        deepest = i;
      if (!leaves)
        g_array_index (self->keys, gint64, kept++) = key;
    }
  g_array_set_size (self->keys, kept);

  for (guint i = 0; i < changed->len; i++)
    {
      HsDomainChangedKey *change = &g_array_index (changed, HsDomainChangedKey, i);

      if (change->is_new && change->matches)
        {
          g_array_append_val (self->keys, change->key);
          added++;
        }
    }

  if (deepest == old_len && added == 0)
    return;

  self->generation++;
  g_hash_table_remove_all (self->pending);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len - deepest,
                              self->keys->len - deepest);
  if (self->keys->len != old_len)
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
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

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
      g_value_set_uint (value, self->keys->len);
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
  self->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pending = g_hash_table_new (NULL, NULL);
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

  return g_object_get_qdata (item, placeholder_quark ()) != NULL;
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

  g_hash_table_iter_init (&iter, self->cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *item_id = self->kind == HS_DOMAIN_PAGES_EVENTS
                            ? hs_event_get_id (value) : hs_invitation_get_id (value);

      if (g_strcmp0 (item_id, id) != 0)
        continue;

      for (guint i = self->keys->len; i > 0; i--)
        {
          if (g_array_index (self->keys, gint64, i - 1) == *(gint64 *)key)
            {
              *position = self->keys->len - i;
              return TRUE;
            }
        }
    }

  return FALSE;
}
