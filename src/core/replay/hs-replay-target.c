/* hs-replay-target.c: where replays go (a saved target, or a URL typed once)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-replay-target"

#include "config.h"

#include "hs-replay-target.h"

struct _HsReplayTarget
{
  GObject   parent_instance;

  gint64    id;           /* 0: not saved */
  char     *name;
  char     *base_url;
  char     *api_key;      /* NULL: send the captured x-api-key */
  gboolean  append_path;
  gboolean  allow_self_signed;
  gint64    last_used_at;
};

G_DEFINE_FINAL_TYPE (HsReplayTarget, hs_replay_target, G_TYPE_OBJECT)

static void
hs_replay_target_finalize (GObject *object)
{
  HsReplayTarget *self = (HsReplayTarget *)object;

  g_free (self->name);
  g_free (self->base_url);
  g_free (self->api_key);

  G_OBJECT_CLASS (hs_replay_target_parent_class)->finalize (object);
}

static void
hs_replay_target_class_init (HsReplayTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_replay_target_finalize;
}

static void
hs_replay_target_init (HsReplayTarget *self)
{
}

HsReplayTarget *
hs_replay_target_new (const char *base_url)
{
  HsReplayTarget *self = g_object_new (HS_TYPE_REPLAY_TARGET, NULL);

  self->base_url = g_strdup (base_url);
  return self;
}

HsReplayTarget *
hs_replay_target_copy (HsReplayTarget *self)
{
  HsReplayTarget *copy;

  g_return_val_if_fail (HS_IS_REPLAY_TARGET (self), NULL);

  copy = hs_replay_target_new (self->base_url);
  copy->id = self->id;
  copy->name = g_strdup (self->name);
  copy->api_key = g_strdup (self->api_key);
  copy->append_path = self->append_path;
  copy->allow_self_signed = self->allow_self_signed;
  copy->last_used_at = self->last_used_at;

  return copy;
}

#define STRING_ACCESSORS(field) \
  const char * \
  hs_replay_target_get_##field (HsReplayTarget *self) \
  { \
    g_return_val_if_fail (HS_IS_REPLAY_TARGET (self), NULL); \
    return self->field; \
  } \
  void \
  hs_replay_target_set_##field (HsReplayTarget *self, \
                                const char     *value) \
  { \
    g_return_if_fail (HS_IS_REPLAY_TARGET (self)); \
    g_free (self->field); \
    self->field = g_strdup (value); \
  }

#define VALUE_ACCESSORS(type, field) \
  type \
  hs_replay_target_get_##field (HsReplayTarget *self) \
  { \
    g_return_val_if_fail (HS_IS_REPLAY_TARGET (self), 0); \
    return self->field; \
  } \
  void \
  hs_replay_target_set_##field (HsReplayTarget *self, \
                                type            value) \
  { \
    g_return_if_fail (HS_IS_REPLAY_TARGET (self)); \
    self->field = value; \
  }

STRING_ACCESSORS (name)
STRING_ACCESSORS (base_url)
STRING_ACCESSORS (api_key)
VALUE_ACCESSORS (gint64, id)
VALUE_ACCESSORS (gboolean, append_path)
VALUE_ACCESSORS (gboolean, allow_self_signed)
VALUE_ACCESSORS (gint64, last_used_at)
