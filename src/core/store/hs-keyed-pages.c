/* hs-keyed-pages.c: the paging of a lazy list model: keys held, rows read a page at a time
 * on a worker, placeholders until then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HsDeliveryList and HsDomainList hold only their rows' keys (8 bytes a row; position p is
 * keys[len - 1 - p], so what comes later is an append) and a bounded cache of rows. A row is
 * never read on the main loop: an item not read yet is handed out as an empty placeholder
 * while its page is read on a worker with a connection of its own, and the page's positions
 * are then announced as changed, so the view binds the real rows. With a fill function (the
 * deliveries), the placeholder a view holds is filled in place instead, and no position is
 * announced: GTK 4.8's list view rebuilds the widgets of every row announced (setup and
 * bind), which took the frames of a scrollbar dragged over a million rows. A view flung or dragged
 * asks for many pages in a row: only the newest few requests are kept, an older one is
 * cancelled and its positions announced again (the view asks again for those it still shows).
 * The generation changes whenever keys move; a page read for an older one finds its keys
 * again and is not kept (the row may have changed since). A list dropped (a search superseded)
 * cancels its reads: they do not keep it alive.
 */

#define G_LOG_DOMAIN "hs-keyed-pages"

#include "config.h"

#include "hs-keyed-pages.h"
#include "hs-store-private.h"

/* Page reads queued or running at once. GTK 4.8's list view binds up to 200 rows around
 * what it shows, and asks again for the rows of a cancelled page that it still binds: with
 * fewer pages than those rows span, the requests cancelled each other for ever (a window
 * frozen for minutes after a scrollbar jump). */
#define MAX_PENDING 16
/* Page reads running at once, the newest request first: more would take the two cores from
 * the main thread (each opens its connection and parses the schema), which then misses its
 * frames while the rows it waits for are read. */
#define MAX_RUNNING 1
#define CACHE_PAGES 20

typedef struct
{
  gatomicrefcount       ref_count;
  HsKeyedPagesReadFunc  read;
  gpointer              data;
  GDestroyNotify        destroy;
} Reader;

struct _HsKeyedPages
{
  gatomicrefcount        ref_count;  /* the owner's, and each job's */
  GListModel            *model;      /* the owner; NULL once it is gone */
  char                  *path;
  guint                  page_size;
  gboolean               sorted;
  HsKeyedPagesEmptyFunc  empty;
  gpointer               empty_data;
  Reader                *reader;
  HsKeyedPagesFillFunc   fill;
  HsKeyedPagesFilledFunc filled;
  GHashTable            *unread;   /* key → the placeholder handed out (with fill) */

  GArray                *keys;
  GHashTable            *cache;    /* key → item */
  GHashTable            *pending;  /* page number → Job reading it (this generation) */
  GQueue                 queue;    /* the jobs waiting or running, oldest request first */
  guint                  running;
  guint                  generation;
};

typedef struct
{
  HsKeyedPages *pages;  /* a reference */
  Reader       *reader;
  char         *path;
  GArray       *keys;
  guint         page;      /* G_MAXUINT: rows read again, not a page */
  guint         generation;
  GCancellable *cancellable;
  GTask        *task;      /* while it waits for a worker */
  gboolean      running;
} Job;

static void hs_keyed_pages_unref (HsKeyedPages *self);
static void drop_waiting (Job *job);
static void read_thread  (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable);

static Reader *
reader_ref (Reader *reader)
{
  g_atomic_ref_count_inc (&reader->ref_count);
  return reader;
}

static void
reader_unref (Reader *reader)
{
  if (reader != NULL && g_atomic_ref_count_dec (&reader->ref_count))
    {
      if (reader->destroy != NULL)
        reader->destroy (reader->data);
      g_free (reader);
    }
}

static void
job_free (gpointer data)
{
  Job *job = data;

  hs_keyed_pages_unref (job->pages);
  reader_unref (job->reader);
  g_free (job->path);
  g_clear_pointer (&job->keys, g_array_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static GQuark
unread_quark (void)
{
  return g_quark_from_static_string ("hs-keyed-pages-unread");
}

static GQuark
gone_quark (void)
{
  return g_quark_from_static_string ("hs-keyed-pages-gone");
}

static gpointer
new_empty (HsKeyedPages *self,
           gint64        key,
           GQuark        why)
{
  GObject *item = self->empty (key, self->empty_data);

  g_object_set_qdata (item, why, GINT_TO_POINTER (TRUE));
  return item;
}

/**
 * hs_keyed_pages_new:
 * @model: the list model that owns the pages (not referenced; it frees them in its finalize)
 * @path: the database file
 * @page_size: rows read at a time
 * @sorted: whether the keys are ascending (found by bisection, not by a scan)
 * @empty: makes the placeholders
 */
HsKeyedPages *
hs_keyed_pages_new (GListModel            *model,
                    const char            *path,
                    guint                  page_size,
                    gboolean               sorted,
                    HsKeyedPagesEmptyFunc  empty,
                    gpointer               empty_data)
{
  HsKeyedPages *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (page_size > 0, NULL);
  g_return_val_if_fail (empty != NULL, NULL);

  self = g_new0 (HsKeyedPages, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->model = model;
  self->path = g_strdup (path);
  self->page_size = page_size;
  self->sorted = sorted;
  self->empty = empty;
  self->empty_data = empty_data;
  self->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pending = g_hash_table_new (NULL, NULL);
  self->unread = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->queue);

  return self;
}

static void
hs_keyed_pages_unref (HsKeyedPages *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  reader_unref (self->reader);
  g_free (self->path);
  g_array_unref (self->keys);
  g_hash_table_unref (self->cache);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->unread);
  g_free (self);
}

/* From the model's finalize: the reads still queued or running are cancelled, and come back
 * to nothing. */
void
hs_keyed_pages_free (HsKeyedPages *self)
{
  if (self == NULL)
    return;

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      Job *job = l->data;

      if (job->task != NULL)
        drop_waiting (job);
      else
        g_cancellable_cancel (job->cancellable);
    }
  g_queue_clear (&self->queue);
  self->model = NULL;
  hs_keyed_pages_unref (self);
}

/**
 * hs_keyed_pages_set_reader:
 * @read_data: given to @read on worker threads: it must not change while any may run
 *
 * How rows are read; the pages already requested keep the reader they were asked with.
 */
void
hs_keyed_pages_set_reader (HsKeyedPages         *self,
                           HsKeyedPagesReadFunc  read,
                           gpointer              read_data,
                           GDestroyNotify        read_data_destroy)
{
  Reader *reader = g_new0 (Reader, 1);

  g_atomic_ref_count_init (&reader->ref_count);
  reader->read = read;
  reader->data = read_data;
  reader->destroy = read_data_destroy;
  reader_unref (self->reader);
  self->reader = reader;
}

/**
 * hs_keyed_pages_set_fill:
 *
 * Placeholders are then filled in place when their rows are read (one placeholder object per
 * key until then), and @filled is called instead of announcing their positions.
 */
void
hs_keyed_pages_set_fill (HsKeyedPages           *self,
                         HsKeyedPagesFillFunc    fill,
                         HsKeyedPagesFilledFunc  filled)
{
  self->fill = fill;
  self->filled = filled;
}

/* The keys, oldest first (position p is keys[len - 1 - p]): the owner may append to them; any
 * other change must be followed by hs_keyed_pages_keys_moved(). */
GArray *
hs_keyed_pages_get_keys (HsKeyedPages *self)
{
  return self->keys;
}

/* A job that will not read: it comes back cancelled (its positions are then asked again),
 * through a worker that returns at once, so that the callback never runs inside the caller
 * (GTask calls it synchronously when a task returns on its own thread in a later iteration:
 * from a view's get_item () or while the queue is being walked). */
static void
drop_waiting (Job *job)
{
  GTask *task = g_steal_pointer (&job->task);

  g_cancellable_cancel (job->cancellable);
  g_task_run_in_thread (task, read_thread);
  g_object_unref (task);
}


/* Starts the newest waiting reads, as workers are free; the cancelled ones come back. */
static void
pump (HsKeyedPages *self)
{
  for (GList *l = self->queue.tail; l != NULL;)
    {
      Job *job = l->data;

      l = l->prev;
      if (job->task == NULL)
        continue;
      if (g_cancellable_is_cancelled (job->cancellable))
        {
          g_queue_remove (&self->queue, job);
          drop_waiting (job);
        }
      else if (self->running < MAX_RUNNING)
        {
          GTask *task = g_steal_pointer (&job->task);

          job->running = TRUE;
          self->running++;
          g_task_run_in_thread (task, read_thread);
          g_object_unref (task);
        }
    }
}

static void
new_generation (HsKeyedPages *self)
{
  self->generation++;
  g_hash_table_remove_all (self->pending);
  /* Pages read for keys that moved are not kept: no longer worth a worker. Rows read again
   * are kept whatever moved. */
  for (GList *l = self->queue.head; l != NULL;)
    {
      Job *job = l->data;

      l = l->next;
      if (job->page == G_MAXUINT)
        continue;
      g_queue_remove (&self->queue, job);
      if (job->task != NULL)
        drop_waiting (job);
      else
        g_cancellable_cancel (job->cancellable);
    }
}

/**
 * hs_keyed_pages_set_keys:
 * @keys: (transfer full): the new keys
 * @keep_rows: whether the rows read stay valid (else they are read again)
 */
void
hs_keyed_pages_set_keys (HsKeyedPages *self,
                         GArray       *keys,
                         gboolean      keep_rows)
{
  g_array_unref (self->keys);
  self->keys = keys;
  if (!keep_rows)
    g_hash_table_remove_all (self->cache);
  /* Every position is announced: the view asks for all it shows again. */
  g_hash_table_remove_all (self->unread);
  new_generation (self);
}

/* The keys were removed, inserted or reordered (not only appended). */
void
hs_keyed_pages_keys_moved (HsKeyedPages *self)
{
  new_generation (self);
}

/* The position of @key, or -1. */
gint64
hs_keyed_pages_find_position (HsKeyedPages *self,
                              gint64        key)
{
  guint len = self->keys->len;

  if (self->sorted)
    {
      guint low = 0, high = len;

      while (low < high)
        {
          guint middle = low + (high - low) / 2;
          gint64 at = g_array_index (self->keys, gint64, middle);

          if (at == key)
            return len - 1 - middle;
          if (at < key)
            low = middle + 1;
          else
            high = middle;
        }
      return -1;
    }

  for (guint i = len; i > 0; i--)
    {
      if (g_array_index (self->keys, gint64, i - 1) == key)
        return len - i;
    }
  return -1;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

/* Tells the view that the positions of @job's keys (read, or to be asked again) changed. */
static void
announce (HsKeyedPages *self,
          Job          *job)
{
  guint len = self->keys->len;
  guint n = job->keys->len;
  guint first = job->page * self->page_size;
  g_autoptr(GArray) positions = NULL;
  guint run = 0;

  if (job->page != G_MAXUINT && job->generation == self->generation && first + n <= len)
    {
      /* Array indexes first … first + n - 1 are positions len - first - n … len - first - 1. */
      g_list_model_items_changed (self->model, len - first - n, n, n);
      return;
    }

  /* The keys moved meanwhile (or are not a page): find them, and announce each run. */
  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  if (self->sorted)
    {
      for (guint i = 0; i < n; i++)
        {
          gint64 position = hs_keyed_pages_find_position (self,
                                                          g_array_index (job->keys, gint64, i));

          if (position >= 0)
            {
              guint p = position;

              g_array_append_val (positions, p);
            }
        }
    }
  else
    {
      g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint i = 0; i < n; i++)
        g_hash_table_add (wanted, &g_array_index (job->keys, gint64, i));
      for (guint i = len; i > 0; i--)
        {
          if (g_hash_table_contains (wanted, &g_array_index (self->keys, gint64, i - 1)))
            {
              guint p = len - i;

              g_array_append_val (positions, p);
            }
        }
    }

  /* Ascending positions (rows read again come in any order); one change for each run of
   * consecutive ones. */
  g_array_sort (positions, compare_positions);
  for (guint i = 1; i <= positions->len; i++)
    {
      if (i == positions->len ||
          g_array_index (positions, guint, i) != g_array_index (positions, guint, i - 1) + 1)
        {
          guint start = g_array_index (positions, guint, run);

          g_list_model_items_changed (self->model, start, i - run, i - run);
          run = i;
        }
    }
}

static void request_page (HsKeyedPages *self,
                          guint         index);

/* A read that did not come (cancelled, or for keys that moved since): the placeholders a view
 * still holds are asked for again; those nobody holds any more are forgotten. */
static void
ask_again (HsKeyedPages *self,
           Job          *job)
{
  for (guint i = 0; i < job->keys->len; i++)
    {
      gint64 key = g_array_index (job->keys, gint64, i);
      GObject *placeholder = g_hash_table_lookup (self->unread, &key);
      gint64 position;

      if (placeholder == NULL)
        continue;
      position = hs_keyed_pages_find_position (self, key);
      if (position < 0 || g_atomic_int_get (&placeholder->ref_count) == 1)
        g_hash_table_remove (self->unread, &key);
      else
        request_page (self, self->keys->len - 1 - position);
    }
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GPtrArray *items = NULL;
  sqlite3 *db;

  /* Asked for and superseded before a worker was free. */
  if (g_task_return_error_if_cancelled (task))
    return;

  if ((db = hs_store_open_reader (job->path, &error)) != NULL)
    items = job->reader->read (db, &g_array_index (job->keys, gint64, 0), job->keys->len,
                               job->reader->data, &error);
  sqlite3_close (db);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify)g_ptr_array_unref);
}

static void
read_done (HsKeyedPages *self,
           Job          *job,
           GAsyncResult *result)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gboolean filled = FALSE;

  if (job->page != G_MAXUINT &&
      g_hash_table_lookup (self->pending, GUINT_TO_POINTER (job->page)) == job)
    g_hash_table_remove (self->pending, GUINT_TO_POINTER (job->page));

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read a page of the list: %s", error->message);
      else if (self->fill != NULL)
        ask_again (self, job);
      else
        announce (self, job);
      return;
    }
  g_return_if_fail (items->len == job->keys->len);

  /* Read before the keys last moved: the view asks again (and gets this generation's page).
   * Rows read again are newer than those they replace, whatever moved. */
  if (job->generation != self->generation && job->page != G_MAXUINT)
    {
      if (self->fill != NULL)
        ask_again (self, job);
      else
        announce (self, job);
      return;
    }

  if (g_hash_table_size (self->cache) + items->len > self->page_size * CACHE_PAGES)
    g_hash_table_remove_all (self->cache);

  for (guint i = 0; i < items->len; i++)
    {
      gint64 key = g_array_index (job->keys, gint64, i);
      gpointer item = g_ptr_array_index (items, i);
      GObject *placeholder = self->fill != NULL ? g_hash_table_lookup (self->unread, &key) : NULL;

      if (placeholder != NULL)
        {
          /* The view holds it: filled in place, and that is the row from now on. */
          self->fill (placeholder, item);
          g_object_set_qdata (placeholder, unread_quark (), NULL);
          if (item == NULL)
            g_object_set_qdata (placeholder, gone_quark (), GINT_TO_POINTER (TRUE));
          g_hash_table_replace (self->cache, g_memdup2 (&key, sizeof key),
                                g_object_ref (placeholder));
          g_hash_table_remove (self->unread, &key);
          filled = TRUE;
          continue;
        }

      /* A row gone since the keys were read stays an empty item (no read again). */
      g_hash_table_replace (self->cache, g_memdup2 (&key, sizeof key),
                            item != NULL ? g_object_ref (item)
                                         : new_empty (self, key, gone_quark ()));
    }

  if (self->fill == NULL || job->page == G_MAXUINT)
    announce (self, job);
  else if (filled)
    self->filled (self->model);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  HsKeyedPages *self = job->pages;

  if (self->model == NULL)
    return;

  if (job->running)
    {
      job->running = FALSE;
      self->running--;
    }
  g_queue_remove (&self->queue, job);
  read_done (self, job, result);
  pump (self);
}

static void
start_job (HsKeyedPages *self,
           Job          *job)
{
  job->pages = self;
  g_atomic_ref_count_inc (&self->ref_count);
  job->reader = reader_ref (self->reader);
  job->path = g_strdup (self->path);
  job->generation = self->generation;
  job->cancellable = g_cancellable_new ();

  g_queue_push_tail (&self->queue, job);
  if (job->page != G_MAXUINT && g_queue_get_length (&self->queue) > MAX_PENDING)
    {
      /* The oldest request is the farthest from what the view shows now. */
      for (GList *l = self->queue.head; l != NULL; l = l->next)
        {
          Job *old = l->data;

          if (old->page != G_MAXUINT && !g_cancellable_is_cancelled (old->cancellable))
            {
              g_cancellable_cancel (old->cancellable);
              break;
            }
        }
    }

  /* The job holds the pages, not the model: a list dropped is not kept alive by its reads. */
  job->task = g_task_new (NULL, job->cancellable, read_cb, NULL);
  g_task_set_source_tag (job->task, start_job);
  g_task_set_task_data (job->task, job, job_free);
  pump (self);
}

static void
request_page (HsKeyedPages *self,
              guint         index)
{
  guint page = index / self->page_size;
  guint first = page * self->page_size;
  Job *pending = g_hash_table_lookup (self->pending, GUINT_TO_POINTER (page));
  Job *job;

  /* Already asked (unless keys were appended to the page since). */
  if (pending != NULL && index < first + pending->keys->len)
    return;

  g_debug ("Reading page %u (rows %u to %u from the bottom)", page, first,
           MIN (first + self->page_size, self->keys->len) - 1);
  job = g_new0 (Job, 1);
  job->page = page;
  job->keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->page_size);
  g_array_append_vals (job->keys, &g_array_index (self->keys, gint64, first),
                       MIN (self->page_size, self->keys->len - first));
  g_hash_table_insert (self->pending, GUINT_TO_POINTER (page), job);
  start_job (self, job);
}

/**
 * hs_keyed_pages_get_item:
 *
 * For GListModel.get_item(): the row read, or a placeholder while its page is read (never a
 * read on this thread).
 *
 * Returns: (transfer full) (nullable): the item at @position
 */
gpointer
hs_keyed_pages_get_item (HsKeyedPages *self,
                         guint         position)
{
  gpointer item;
  guint index;
  gint64 key;

  if (position >= self->keys->len)
    return NULL;

  index = self->keys->len - 1 - position;
  key = g_array_index (self->keys, gint64, index);
  item = g_hash_table_lookup (self->cache, &key);
  if (item != NULL)
    return g_object_ref (item);

  g_return_val_if_fail (self->reader != NULL, new_empty (self, key, gone_quark ()));
  request_page (self, index);
  if (self->fill == NULL)
    return new_empty (self, key, unread_quark ());

  /* One placeholder a key, until it is filled: the one the view holds. */
  if ((item = g_hash_table_lookup (self->unread, &key)) == NULL)
    {
      item = new_empty (self, key, unread_quark ());
      g_hash_table_insert (self->unread, g_memdup2 (&key, sizeof key), item);
    }
  return g_object_ref (item);
}

/* Returns: (transfer none) (nullable): the row of @key, when it is read */
gpointer
hs_keyed_pages_lookup (HsKeyedPages *self,
                       gint64        key)
{
  return g_hash_table_lookup (self->cache, &key);
}

/* A row read elsewhere (with the keys): no read when the view asks for it. */
void
hs_keyed_pages_add (HsKeyedPages *self,
                    gint64        key,
                    gpointer      item)
{
  g_return_if_fail (G_IS_OBJECT (item));

  g_hash_table_replace (self->cache, g_memdup2 (&key, sizeof key), g_object_ref (item));
}

void
hs_keyed_pages_forget (HsKeyedPages *self,
                       gint64        key)
{
  g_hash_table_remove (self->cache, &key);
}

void
hs_keyed_pages_forget_all (HsKeyedPages *self)
{
  g_hash_table_remove_all (self->cache);
}

/**
 * hs_keyed_pages_read_again:
 * @keys: (transfer full): keys of rows that changed
 *
 * Reads those rows on a worker; the rows read so far stay in view until then, and their
 * positions are announced once the new ones are in (no placeholder in between).
 */
void
hs_keyed_pages_read_again (HsKeyedPages *self,
                           GArray       *keys)
{
  Job *job;

  if (keys->len == 0 || self->reader == NULL)
    {
      g_array_unref (keys);
      return;
    }

  job = g_new0 (Job, 1);
  job->page = G_MAXUINT;
  job->keys = keys;
  start_job (self, job);
}

/* Returns: (transfer none): key (gint64 *) → the rows read, to look through */
GHashTable *
hs_keyed_pages_get_rows (HsKeyedPages *self)
{
  return self->cache;
}

/**
 * hs_keyed_pages_is_placeholder:
 * @item: an item of a list paged by #HsKeyedPages
 *
 * Returns: %TRUE if @item stands for a row not read yet, or gone
 */
gboolean
hs_keyed_pages_is_placeholder (gpointer item)
{
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  return g_object_get_qdata (item, unread_quark ()) != NULL ||
         g_object_get_qdata (item, gone_quark ()) != NULL;
}

/**
 * hs_keyed_pages_is_unread:
 *
 * Returns: %TRUE if @item stands for a row being read: its position will be announced again
 */
gboolean
hs_keyed_pages_is_unread (gpointer item)
{
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  return g_object_get_qdata (item, unread_quark ()) != NULL;
}
