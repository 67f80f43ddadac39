/* hs-delivery.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  HS_AUTH_NOT_REQUIRED,
  HS_AUTH_OK,
  HS_AUTH_MISSING,
  HS_AUTH_WRONG,
} HsAuthVerdict;

typedef enum
{
  HS_PARSE_OK,
  HS_PARSE_NOT_JSON,
  HS_PARSE_UNKNOWN_EVENT,
  HS_PARSE_INVALID_SHAPE,
} HsParseVerdict;

typedef enum
{
  HS_DELIVERY_FLAG_NONE         = 0,
  HS_DELIVERY_FLAG_TRUNCATED    = 1 << 0,
  HS_DELIVERY_FLAG_DUPLICATE    = 1 << 1,
  HS_DELIVERY_FLAG_OUT_OF_ORDER = 1 << 2,
  HS_DELIVERY_FLAG_IMPORTED     = 1 << 3, /* `hookscope import`: not received by this listener */
} HsDeliveryFlags;

#define HS_TYPE_DELIVERY (hs_delivery_get_type ())

G_DECLARE_FINAL_TYPE (HsDelivery, hs_delivery, HS, DELIVERY, GObject)

HsDelivery     *hs_delivery_new                  (void);

gint64          hs_delivery_get_id               (HsDelivery      *self);
void            hs_delivery_set_id               (HsDelivery      *self,
                                                  gint64           id);
gint64          hs_delivery_get_received_at      (HsDelivery      *self);
void            hs_delivery_set_received_at      (HsDelivery      *self,
                                                  gint64           received_at_us);
const char     *hs_delivery_get_method           (HsDelivery      *self);
void            hs_delivery_set_method           (HsDelivery      *self,
                                                  const char      *method);
const char     *hs_delivery_get_path             (HsDelivery      *self);
void            hs_delivery_set_path             (HsDelivery      *self,
                                                  const char      *path);
const char     *hs_delivery_get_query            (HsDelivery      *self);
void            hs_delivery_set_query            (HsDelivery      *self,
                                                  const char      *query);
const char     *hs_delivery_get_peer             (HsDelivery      *self);
void            hs_delivery_set_peer             (HsDelivery      *self,
                                                  const char      *peer);
const char     *hs_delivery_get_content_type     (HsDelivery      *self);
void            hs_delivery_set_content_type     (HsDelivery      *self,
                                                  const char      *content_type);
const char     *hs_delivery_get_event_name       (HsDelivery      *self);
void            hs_delivery_set_event_name       (HsDelivery      *self,
                                                  const char      *event_name);

guint           hs_delivery_get_n_headers        (HsDelivery      *self);
const char     *hs_delivery_get_header_name      (HsDelivery      *self,
                                                  guint            position);
const char     *hs_delivery_get_header_value     (HsDelivery      *self,
                                                  guint            position);
void            hs_delivery_add_header           (HsDelivery      *self,
                                                  const char      *name,
                                                  const char      *value);
void            hs_delivery_set_headers_json     (HsDelivery      *self,
                                                  const char      *json);
const char     *hs_delivery_peek_headers_json    (HsDelivery      *self);
const char     *hs_delivery_lookup_header        (HsDelivery      *self,
                                                  const char      *name);

GBytes         *hs_delivery_get_body             (HsDelivery      *self);
void            hs_delivery_set_body             (HsDelivery      *self,
                                                  GBytes          *body);
gsize           hs_delivery_get_body_size        (HsDelivery      *self);
void            hs_delivery_set_body_size        (HsDelivery      *self,
                                                  gsize            original_size);

HsAuthVerdict   hs_delivery_get_auth_verdict     (HsDelivery      *self);
void            hs_delivery_set_auth_verdict     (HsDelivery      *self,
                                                  HsAuthVerdict    verdict);
HsParseVerdict  hs_delivery_get_parse_verdict    (HsDelivery      *self);
const char     *hs_delivery_get_parse_message    (HsDelivery      *self);
void            hs_delivery_set_parse_verdict    (HsDelivery      *self,
                                                  HsParseVerdict   verdict,
                                                  const char      *message);
HsDeliveryFlags hs_delivery_get_flags            (HsDelivery      *self);
void            hs_delivery_set_flags            (HsDelivery      *self,
                                                  HsDeliveryFlags  flags);
void            hs_delivery_add_flags            (HsDelivery      *self,
                                                  HsDeliveryFlags  flags);
gboolean        hs_delivery_get_projected        (HsDelivery      *self);
void            hs_delivery_set_projected        (HsDelivery      *self,
                                                  gboolean         projected);
guint           hs_delivery_get_response_status  (HsDelivery      *self);
void            hs_delivery_set_response_status  (HsDelivery      *self,
                                                  guint            status);

const char     *hs_auth_verdict_to_string        (HsAuthVerdict    verdict);
gboolean        hs_auth_verdict_from_string      (const char      *str,
                                                  HsAuthVerdict   *verdict);
const char     *hs_parse_verdict_to_string       (HsParseVerdict   verdict);
gboolean        hs_parse_verdict_from_string     (const char      *str,
                                                  HsParseVerdict  *verdict);
char           *hs_delivery_flags_to_string      (HsDeliveryFlags  flags);

G_END_DECLS
