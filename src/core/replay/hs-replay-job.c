/* hs-replay-job.c: replay deliveries to a target, one after the other, and record each attempt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job runs on a thread of its own with its own SQLite connection and a blocking SoupSession
 * (keep-alive: one connection to the target serves the whole run). Deliveries go in the order
 * they were received, optionally spaced like they were received (times a factor). Attempts
 * are committed in small batches, so a long run never holds the write lock the capture needs,
 * and each batch is then announced on the caller's main context, in order.
 */

#define G_LOG_DOMAIN "hs-replay-job"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "hs-replay-job.h"
#include "hs-replay-send.h"
#include "hs-replay-store.h"
#include "hs-store-private.h"

#define BATCH_MAX 256
#define BATCH_MAX_AGE_US (100 * 1000)
/* Deliveries read while sorting are kept for sending up to this many bytes of bodies; the
 * rest are read again when their turn comes (reading twice was a third of a bulk replay). */
#define KEEP_BODIES_BUDGET (64 * 1024 * 1024)

typedef struct
{
  gint64           id;
  gint64           received_at;
  HsReplayRequest *request;  /* prepared (edited) request, or NULL: read the delivery */
  HsDelivery      *delivery; /* read while sorting (within the budget), or NULL */
  gboolean         missing;
} Item;

typedef struct
{
  gint64 first;
  gint64 last;
} Range;

struct _HsReplayJob
{
  GObject         parent_instance;

  HsStore        *store;
  HsReplayTarget *target;
  GArray         *ranges;
  GPtrArray      *requests;
  char           *api_key;
  char           *method;
  GPtrArray      *set_headers;     /* name, value, ... */
  GPtrArray      *remove_headers;
  GBytes         *body;
  guint           timeout;
  double          pace;
  gboolean        stop_on_failure;

  /* The run (written by the worker before it starts, then read only) */
  char           *path;
  GMainContext   *context;
  GTask          *task;
  gboolean        running;

  /* Main context side */
  guint           n_total;
  guint           n_done;
  guint           n_succeeded;
  gboolean        stopped;
};

G_DEFINE_FINAL_TYPE (HsReplayJob, hs_replay_job, G_TYPE_OBJECT)

enum {
  STARTED,
  ATTEMPT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
hs_replay_job_finalize (GObject *object)
{
  HsReplayJob *self = (HsReplayJob *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->target);
  g_array_unref (self->ranges);
  g_ptr_array_unref (self->requests);
  g_free (self->api_key);
  g_free (self->method);
  g_ptr_array_unref (self->set_headers);
  g_ptr_array_unref (self->remove_headers);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->path);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hs_replay_job_parent_class)->finalize (object);
}

static void
hs_replay_job_class_init (HsReplayJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_replay_job_finalize;

  /**
   * HsReplayJob::started:
   * @n_total: how many attempts the job will make (unless stopped or cancelled)
   */
  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * HsReplayJob::attempt-finished:
   * @attempt: the attempt, recorded (its id is set) unless its delivery did not exist
   *
   * Emitted on the main context that started the job, in the order the attempts were made.
   */
  signals[ATTEMPT_FINISHED] =
    g_signal_new ("attempt-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, HS_TYPE_REPLAY_ATTEMPT);
}

static void
hs_replay_job_init (HsReplayJob *self)
{
  self->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  self->requests = g_ptr_array_new_with_free_func (g_object_unref);
  self->set_headers = g_ptr_array_new_with_free_func (g_free);
  self->remove_headers = g_ptr_array_new_with_free_func (g_free);
  self->timeout = HS_REPLAY_DEFAULT_TIMEOUT;
}

/* @target is copied: the job is not affected by later edits. */
HsReplayJob *
hs_replay_job_new (HsStore        *store,
                   HsReplayTarget *target)
{
  HsReplayJob *self;

  g_return_val_if_fail (HS_IS_STORE (store), NULL);
  g_return_val_if_fail (HS_IS_REPLAY_TARGET (target), NULL);

  self = g_object_new (HS_TYPE_REPLAY_JOB, NULL);
  self->store = g_object_ref (store);
  self->target = hs_replay_target_copy (target);

  return self;
}

HsReplayTarget *
hs_replay_job_get_target (HsReplayJob *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_JOB (self), NULL);
  return self->target;
}

/* A missing delivery makes a failed attempt (not recorded). */
void
hs_replay_job_add_delivery (HsReplayJob *self,
                            gint64       delivery_id)
{
  Range range = { delivery_id, -delivery_id };

  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);

  /* last < 0 marks a single id that must exist. */
  g_array_append_val (self->ranges, range);
}

/* Every delivery whose id is in [@first_id, @last_id]; the ids in between that do not exist
 * (deleted, or never assigned) are skipped. */
void
hs_replay_job_add_range (HsReplayJob *self,
                         gint64       first_id,
                         gint64       last_id)
{
  Range range = { MIN (first_id, last_id), MAX (first_id, last_id) };

  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (first_id > 0 && last_id > 0);

  g_array_append_val (self->ranges, range);
}

/* Sends @request as it is (after the job's own edits, if any); it is copied. */
void
hs_replay_job_add_request (HsReplayJob     *self,
                           HsReplayRequest *request)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (HS_IS_REPLAY_REQUEST (request));
  g_return_if_fail (!self->running);

  g_ptr_array_add (self->requests, hs_replay_request_copy (request));
}

/* Replaces the x-api-key header (the target's key, or the captured one). */
void
hs_replay_job_set_api_key (HsReplayJob *self,
                           const char  *api_key)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

void
hs_replay_job_set_method (HsReplayJob *self,
                          const char  *method)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  g_free (self->method);
  self->method = g_strdup (method);
}

/* Adds or replaces a header in every request (see hs_replay_request_set_header()). */
void
hs_replay_job_set_header (HsReplayJob *self,
                          const char  *name,
                          const char  *value)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (name != NULL && value != NULL);
  g_ptr_array_add (self->set_headers, g_strdup (name));
  g_ptr_array_add (self->set_headers, g_strdup (value));
}

void
hs_replay_job_remove_header (HsReplayJob *self,
                             const char  *name)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (name != NULL);
  g_ptr_array_add (self->remove_headers, g_strdup (name));
}

void
hs_replay_job_set_body (HsReplayJob *self,
                        GBytes      *body)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  if (body != NULL)
    g_bytes_ref (body);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body;
}

/* Seconds without progress (connecting, sending, waiting for or reading the answer) before
 * an attempt fails; 0 waits forever. */
void
hs_replay_job_set_timeout (HsReplayJob *self,
                           guint        seconds)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  self->timeout = seconds;
}

/* 0: as fast as the target answers. Otherwise each delivery is sent @factor times its
 * original delay after the first one (1: the original pacing, 0.5: twice as fast). */
void
hs_replay_job_set_pace (HsReplayJob *self,
                        double       factor)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  self->pace = MAX (factor, 0);
}

void
hs_replay_job_set_stop_on_failure (HsReplayJob *self,
                                   gboolean     stop_on_failure)
{
  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);
  self->stop_on_failure = !!stop_on_failure;
}

guint
hs_replay_job_get_n_total (HsReplayJob *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_JOB (self), 0);
  return self->n_total;
}

guint
hs_replay_job_get_n_done (HsReplayJob *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_JOB (self), 0);
  return self->n_done;
}

guint
hs_replay_job_get_n_succeeded (HsReplayJob *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_JOB (self), 0);
  return self->n_succeeded;
}

/* TRUE when the job stopped at a failure (stop-on-failure) before its end. */
gboolean
hs_replay_job_get_stopped (HsReplayJob *self)
{
  g_return_val_if_fail (HS_IS_REPLAY_JOB (self), FALSE);
  return self->stopped;
}

/* Worker → main context */

typedef struct
{
  HsReplayJob *job;
  GPtrArray   *attempts;
  guint        n_total;
  gboolean     started;
  gboolean     stopped;
  gboolean     finished;
  GError      *error;
} Announce;

static gboolean
announce_cb (gpointer data)
{
  Announce *announce = data;
  HsReplayJob *self = announce->job;

  if (announce->started)
    {
      self->n_total = announce->n_total;
      g_signal_emit (self, signals[STARTED], 0, self->n_total);
    }

  for (guint i = 0; announce->attempts != NULL && i < announce->attempts->len; i++)
    {
      HsReplayAttempt *attempt = g_ptr_array_index (announce->attempts, i);

      self->n_done++;
      if (hs_replay_attempt_is_success (attempt))
        self->n_succeeded++;
      g_signal_emit (self, signals[ATTEMPT_FINISHED], 0, attempt);
    }

  if (announce->finished)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      self->stopped = announce->stopped;
      self->running = FALSE;
      if (announce->error != NULL)
        g_task_return_error (task, g_steal_pointer (&announce->error));
      else
        g_task_return_boolean (task, TRUE);
    }

  return G_SOURCE_REMOVE;
}

static void
announce_free (gpointer data)
{
  Announce *announce = data;

  g_object_unref (announce->job);
  g_clear_pointer (&announce->attempts, g_ptr_array_unref);
  g_clear_error (&announce->error);
  g_free (announce);
}

static void
announce (HsReplayJob *self,
          Announce    *announce)
{
  announce->job = g_object_ref (self);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, announce_cb, announce,
                              announce_free);
}

/* Worker */

typedef struct
{
  HsReplayJob  *job;
  sqlite3      *db;
  SoupSession  *session;
  GPtrArray    *pending;
  gint64        pending_since;
  GCancellable *cancellable;
  GMainContext *context;
  gboolean      stopped;
} Run;

static gboolean
flush (Run     *run,
       GError **error)
{
  g_autoptr(GPtrArray) recorded = g_ptr_array_new_with_free_func (g_object_unref);
  Announce *batch;

  if (run->pending->len == 0)
    return TRUE;

  for (guint i = 0; i < run->pending->len; i++)
    {
      HsReplayAttempt *attempt = g_ptr_array_index (run->pending, i);

      /* A delivery that does not exist was never sent: nothing to record. */
      if (hs_replay_attempt_get_url (attempt) != NULL)
        g_ptr_array_add (recorded, g_object_ref (attempt));
    }
  if (!hs_replay_db_insert_attempts (run->db, recorded, error))
    return FALSE;

  batch = g_new0 (Announce, 1);
  batch->attempts = g_steal_pointer (&run->pending);
  run->pending = g_ptr_array_new_with_free_func (g_object_unref);
  announce (run->job, batch);

  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const Item *x = a;
  const Item *y = b;

  if (x->received_at != y->received_at)
    return x->received_at < y->received_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->request);
  g_clear_object (&item->delivery);
}

/* The deliveries in received order; their bodies are kept for sending within a budget. */
static GArray *
collect_items (HsReplayJob  *self,
               sqlite3      *db,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  gsize kept_bytes = 0;

  g_array_set_clear_func (items, item_clear);

  for (guint i = 0; i < self->ranges->len; i++)
    {
      Range range = g_array_index (self->ranges, Range, i);
      gboolean single = range.last < 0;
      gint64 last = single ? range.first : range.last;

      for (gint64 id = range.first; id <= last; id++)
        {
          g_autoptr(GError) local_error = NULL;
          Item item = { id, 0, NULL, NULL, FALSE };

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;

          item.delivery = hs_store_read_delivery (db, id, kept_bytes < KEEP_BODIES_BUDGET,
                                                  &local_error);
          if (item.delivery != NULL)
            {
              item.received_at = hs_delivery_get_received_at (item.delivery);
              if (hs_delivery_get_body (item.delivery) != NULL)
                kept_bytes += g_bytes_get_size (hs_delivery_get_body (item.delivery));
              else if (kept_bytes >= KEEP_BODIES_BUDGET)
                g_clear_object (&item.delivery);
            }
          else if (!g_error_matches (local_error, HS_STORE_ERROR, HS_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          else if (!single)
            continue;
          else
            item.missing = TRUE;

          g_array_append_val (items, item);
        }
    }

  for (guint i = 0; i < self->requests->len; i++)
    {
      HsReplayRequest *request = g_ptr_array_index (self->requests, i);
      Item item = { hs_replay_request_get_delivery_id (request),
                    hs_replay_request_get_received_at (request),
                    g_object_ref (request), NULL, FALSE };

      g_array_append_val (items, item);
    }

  g_array_sort (items, compare_items);

  return g_steal_pointer (&items);
}

static void
apply_edits (HsReplayJob     *self,
             HsReplayRequest *request)
{
  const char *api_key = self->api_key != NULL ? self->api_key
                                              : hs_replay_target_get_api_key (self->target);

  if (self->method != NULL)
    hs_replay_request_set_method (request, self->method);
  for (guint i = 0; i < self->remove_headers->len; i++)
    hs_replay_request_remove_header (request, g_ptr_array_index (self->remove_headers, i));
  for (guint i = 0; i + 1 < self->set_headers->len; i += 2)
    hs_replay_request_set_header (request, g_ptr_array_index (self->set_headers, i),
                                  g_ptr_array_index (self->set_headers, i + 1));
  if (self->body != NULL)
    hs_replay_request_set_body (request, self->body);
  if (api_key != NULL && api_key[0] != '\0')
    hs_replay_request_set_header (request, "x-api-key", api_key);
}

/* Waits until @due_us (monotonic); FALSE when cancelled first. */
static gboolean
wait_until (gint64        due_us,
            GCancellable *cancellable)
{
  GPollFD pollfd;
  gboolean have_fd = g_cancellable_make_pollfd (cancellable, &pollfd);

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 left_ms = (due_us - now + 999) / 1000;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (left_ms <= 0)
        break;
      if (have_fd)
        g_poll (&pollfd, 1, (int)MIN (left_ms, G_MAXINT));
      else
        g_usleep (MIN (left_ms, 100) * 1000);
    }
  if (have_fd)
    g_cancellable_release_fd (cancellable);

  return !g_cancellable_is_cancelled (cancellable);
}

static HsReplayAttempt *
replay_item (Run     *run,
             Item    *item,
             GError **error)
{
  HsReplayJob *self = run->job;
  g_autoptr(HsReplayRequest) request = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  HsReplayAttempt *attempt;

  if (item->missing)
    {
      g_autofree char *message = g_strdup_printf (_("There is no delivery %" PRId64),
                                                  item->id);

      attempt = hs_replay_attempt_new ();
      hs_replay_attempt_set_delivery_id (attempt, item->id);
      hs_replay_attempt_set_error (attempt, "not-found", message);
      return attempt;
    }

  if (item->request != NULL)
    {
      request = hs_replay_request_copy (item->request);
    }
  else if (item->delivery != NULL)
    {
      request = hs_replay_request_new_for_delivery (item->delivery);
      g_clear_object (&item->delivery);
    }
  else
    {
      g_autoptr(HsDelivery) delivery = hs_store_read_delivery (run->db, item->id, TRUE, error);

      if (delivery == NULL)
        return NULL;
      request = hs_replay_request_new_for_delivery (delivery);
    }
  apply_edits (self, request);

  url = hs_replay_build_url (hs_replay_target_get_base_url (self->target),
                             hs_replay_request_get_path (request),
                             hs_replay_request_get_query (request),
                             hs_replay_target_get_append_path (self->target), &local_error);
  if (url == NULL)
    {
      attempt = hs_replay_attempt_new ();
      hs_replay_attempt_set_delivery_id (attempt, item->id);
      hs_replay_attempt_set_url (attempt, hs_replay_target_get_base_url (self->target));
      hs_replay_attempt_set_method (attempt, hs_replay_request_get_method (request));
      hs_replay_attempt_set_started_at (attempt, g_get_real_time ());
      hs_replay_attempt_fail (attempt, local_error);
    }
  else
    {
      attempt = hs_replay_send (run->session, request, url,
                                hs_replay_target_get_allow_self_signed (self->target),
                                run->cancellable);
    }

  hs_replay_attempt_set_base_url (attempt, hs_replay_target_get_base_url (self->target));
  hs_replay_attempt_set_append_path (attempt, hs_replay_target_get_append_path (self->target));
  if (hs_replay_target_get_id (self->target) > 0)
    hs_replay_attempt_set_target_id (attempt, hs_replay_target_get_id (self->target));
  hs_replay_attempt_set_target_name (attempt, hs_replay_target_get_name (self->target));

  return attempt;
}

static gboolean
run_items (Run     *run,
           GArray  *items,
           GError **error)
{
  HsReplayJob *self = run->job;
  gint64 first_received_at = items->len > 0 ? g_array_index (items, Item, 0).received_at : 0;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      HsReplayAttempt *attempt;
      gboolean failed;

      if (self->pace > 0 && !item->missing &&
          !wait_until (start + (gint64)((item->received_at - first_received_at) * self->pace),
                       run->cancellable))
        break;
      if (g_cancellable_is_cancelled (run->cancellable))
        break;

      attempt = replay_item (run, item, error);
      if (attempt == NULL)
        return FALSE;
      /* The session hands the connection back to its pool from this thread's context: without
       * this, every replay would open a new connection. */
      while (g_main_context_iteration (run->context, FALSE))
        ;
      failed = !hs_replay_attempt_is_success (attempt);
      if (run->pending->len == 0)
        run->pending_since = g_get_monotonic_time ();
      g_ptr_array_add (run->pending, attempt);

      if (failed && self->stop_on_failure)
        {
          run->stopped = i + 1 < items->len;
          break;
        }
      if ((run->pending->len >= BATCH_MAX ||
           g_get_monotonic_time () - run->pending_since >= BATCH_MAX_AGE_US) &&
          !flush (run, error))
        return FALSE;
    }

  return flush (run, error);
}

static gpointer
job_thread (gpointer data)
{
  HsReplayJob *self = data;
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GMainContext *worker_context = g_main_context_new ();
  Run run = { self, NULL, NULL, NULL, 0, NULL, worker_context, FALSE };
  Announce *done;

  /* The session's sockets belong to this thread's context, never to the caller's. */
  g_main_context_push_thread_default (worker_context);

  run.cancellable = g_task_get_cancellable (self->task);
  run.pending = g_ptr_array_new_with_free_func (g_object_unref);
  run.db = hs_replay_db_open (self->path, TRUE, &error);
  if (run.db != NULL)
    items = collect_items (self, run.db, run.cancellable, &error);

  if (items != NULL)
    {
      Announce *started = g_new0 (Announce, 1);
      gint64 target_id = hs_replay_target_get_id (self->target);

      started->started = TRUE;
      started->n_total = items->len;
      announce (self, started);

      if (target_id > 0)
        hs_replay_db_touch_target (run.db, target_id, g_get_real_time (), NULL);

      run.session = hs_replay_session_new (self->timeout);
      run_items (&run, items, &error);
    }

  g_clear_object (&run.session);
  g_clear_pointer (&run.pending, g_ptr_array_unref);
  g_clear_pointer (&run.db, sqlite3_close);
  g_main_context_pop_thread_default (worker_context);
  g_main_context_unref (worker_context);

  done = g_new0 (Announce, 1);
  done->finished = TRUE;
  done->stopped = run.stopped;
  if (error == NULL && g_cancellable_is_cancelled (run.cancellable))
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The replay was cancelled"));
  done->error = g_steal_pointer (&error);
  /* The thread's reference goes with the last announcement, so that the job is finalized on
   * the caller's thread. */
  done->job = self;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, announce_cb, done,
                              announce_free);

  return NULL;
}

static gboolean
keep_id (HsDelivery *delivery,
         gpointer    user_data)
{
  *(gint64 *)user_data = hs_delivery_get_id (delivery);
  return FALSE;
}

/* A range is read id by id on the worker: clamp it to the ids that exist (two index lookups
 * here), so that 1-999999999 or a range below the retention cap costs nothing. */
static void
clamp_ranges (HsReplayJob *self)
{
  gint64 oldest = 0, newest = 0;

  hs_store_foreach_delivery (self->store, HS_STORE_FOREACH_OLDEST_FIRST, NULL, 1, keep_id,
                             &oldest, NULL);
  hs_store_foreach_delivery (self->store, HS_STORE_FOREACH_NEWEST_FIRST, NULL, 1, keep_id,
                             &newest, NULL);

  for (guint i = 0; i < self->ranges->len; i++)
    {
      Range *range = &g_array_index (self->ranges, Range, i);

      if (range->last < 0)
        continue;  /* a single id: reported when missing */
      range->first = MAX (range->first, oldest);
      range->last = MIN (range->last, newest);
      if (range->first > range->last || newest == 0)
        g_array_remove_index (self->ranges, i--);
    }
}

/**
 * hs_replay_job_run_async:
 *
 * Runs the job on a thread of its own. ::started and ::attempt-finished are emitted on the
 * thread-default main context of the caller, then @callback.
 */
void
hs_replay_job_run_async (HsReplayJob         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GThread) thread = NULL;

  g_return_if_fail (HS_IS_REPLAY_JOB (self));
  g_return_if_fail (!self->running);

  clamp_ranges (self);
  self->running = TRUE;
  self->stopped = FALSE;
  self->n_total = self->n_done = self->n_succeeded = 0;
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, hs_replay_job_run_async);
  g_free (self->path);
  self->path = g_strdup (hs_store_get_path (self->store));
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  hs_replay_session_prepare ();
  thread = g_thread_new ("hs-replay", job_thread, g_object_ref (self));
}

/* Returns: FALSE when the job could not run to its end (cancelled: %G_IO_ERROR_CANCELLED, or
 * the database failed); stopping at a failure is not an error (see _get_stopped()). */
gboolean
hs_replay_job_run_finish (HsReplayJob   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
