/* hs-body-form.h: form-encoded and multipart bodies, field by field and part by part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;    /* valid UTF-8 (bytes that are not are replaced) */
  GBytes *value;   /* the value's bytes, percent-decoded */
} HsFormField;

typedef struct
{
  GPtrArray *headers;  /* name, value, name, value, … in order */
  GBytes    *body;
} HsBodyPart;

gboolean   hs_content_type_is_form          (const char *content_type);
gboolean   hs_content_type_is_multipart     (const char *content_type);

GPtrArray *hs_body_form_parse               (GBytes     *body);
GPtrArray *hs_body_multipart_parse          (const char *content_type,
                                             GBytes     *body);
gboolean   hs_body_value_is_json_object     (GBytes     *value,
                                             char      **event_name);

GBytes    *hs_delivery_dup_meaningful_body  (HsDelivery *delivery,
                                             GError    **error);

G_END_DECLS
