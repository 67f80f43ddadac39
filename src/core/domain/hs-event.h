/* hs-event.h: a Backoffice event, as a webhook described it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HS_TYPE_EVENT (hs_event_get_type ())

G_DECLARE_FINAL_TYPE (HsEvent, hs_event, HS, EVENT, GObject)

HsEvent     *hs_event_new_from_object        (JsonObject  *object);
HsEvent     *hs_event_new_from_json          (const char  *json,
                                              GError     **error);

const char  *hs_event_get_id                 (HsEvent     *self);
const char  *hs_event_get_name               (HsEvent     *self);
const char  *hs_event_get_inserted_at        (HsEvent     *self);
const char  *hs_event_get_updated_at         (HsEvent     *self);
const char  *hs_event_get_subscription_url   (HsEvent     *self);
const char  *hs_event_get_cover_image_key    (HsEvent     *self);
const char  *hs_event_get_profile_image_key  (HsEvent     *self);
const char  *hs_event_get_profile_id         (HsEvent     *self);
const char  *hs_event_get_workspace_id       (HsEvent     *self);
const char  *hs_event_get_canonical_url      (HsEvent     *self);
const char  *hs_event_get_timezone           (HsEvent     *self);
char       **hs_event_dup_locales            (HsEvent     *self);
const char  *hs_event_lookup_name            (HsEvent     *self,
                                              const char  *locale);
const char  *hs_event_lookup_summary_html    (HsEvent     *self,
                                              const char  *locale);
const char  *hs_event_get_name_for_languages (HsEvent     *self,
                                              const char * const *languages);
gboolean     hs_event_get_profile_categories_loaded (HsEvent *self);
JsonObject  *hs_event_get_object             (HsEvent     *self);
JsonObject  *hs_event_get_schedule           (HsEvent     *self);
const char  *hs_event_get_raw_json           (HsEvent     *self);

/* Where this state came from; 0 when the event was not read from a store. */
gint64       hs_event_get_delivery_id        (HsEvent     *self);
gint64       hs_event_get_received_at        (HsEvent     *self);

/* One difference between two versions of an event. @path is relative to the event object
 * ("schedule.interval", "locales[1].name"); @old_value is NULL for an added member,
 * @new_value NULL for a removed one. */
typedef struct
{
  char     *path;
  JsonNode *old_value;
  JsonNode *new_value;
} HsEventChange;

GPtrArray   *hs_event_diff                   (HsEvent     *older,
                                              HsEvent     *newer);
void         hs_event_change_free            (HsEventChange *change);

/* Used by HsDomainStore when it reads a row. */
void         hs_event_set_origin             (HsEvent     *self,
                                              gint64       delivery_id,
                                              gint64       received_at_us);

G_END_DECLS
