/* hs-replay-request.h: what one replay sends (method, headers, body) and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hs-delivery.h"

G_BEGIN_DECLS

#define HS_REPLAY_ERROR (hs_replay_error_quark ())

typedef enum
{
  HS_REPLAY_ERROR_FAILED,
  HS_REPLAY_ERROR_INVALID_URL,  /* the target URL is not an absolute http(s) URL */
  HS_REPLAY_ERROR_RESOLVE,      /* the host name did not resolve */
  HS_REPLAY_ERROR_REFUSED,      /* nothing listens on that port */
  HS_REPLAY_ERROR_TLS,          /* the certificate was not accepted */
  HS_REPLAY_ERROR_TIMEOUT,      /* no answer within the timeout */
  HS_REPLAY_ERROR_CANCELLED,
  HS_REPLAY_ERROR_NETWORK,      /* any other transport failure */
} HsReplayError;

#define HS_TYPE_REPLAY_REQUEST (hs_replay_request_get_type ())

G_DECLARE_FINAL_TYPE (HsReplayRequest, hs_replay_request, HS, REPLAY_REQUEST, GObject)

GQuark           hs_replay_error_quark             (void);
const char      *hs_replay_error_to_string         (HsReplayError     code);

gboolean         hs_replay_is_hop_by_hop_header    (const char       *name);
char            *hs_replay_build_url               (const char       *base_url,
                                                    const char       *path,
                                                    const char       *query,
                                                    gboolean          append_path,
                                                    GError          **error);

HsReplayRequest *hs_replay_request_new             (void);
HsReplayRequest *hs_replay_request_new_for_delivery (HsDelivery      *delivery);
HsReplayRequest *hs_replay_request_copy            (HsReplayRequest  *self);

gint64           hs_replay_request_get_delivery_id (HsReplayRequest  *self);
void             hs_replay_request_set_delivery_id (HsReplayRequest  *self,
                                                    gint64            delivery_id);
gint64           hs_replay_request_get_received_at (HsReplayRequest  *self);
const char      *hs_replay_request_get_method      (HsReplayRequest  *self);
void             hs_replay_request_set_method      (HsReplayRequest  *self,
                                                    const char       *method);
const char      *hs_replay_request_get_path        (HsReplayRequest  *self);
const char      *hs_replay_request_get_query       (HsReplayRequest  *self);
void             hs_replay_request_set_path        (HsReplayRequest  *self,
                                                    const char       *path,
                                                    const char       *query);

guint            hs_replay_request_get_n_headers   (HsReplayRequest  *self);
const char      *hs_replay_request_get_header_name (HsReplayRequest  *self,
                                                    guint             position);
const char      *hs_replay_request_get_header_value (HsReplayRequest *self,
                                                     guint            position);
const char      *hs_replay_request_lookup_header   (HsReplayRequest  *self,
                                                    const char       *name);
void             hs_replay_request_add_header      (HsReplayRequest  *self,
                                                    const char       *name,
                                                    const char       *value);
void             hs_replay_request_set_header      (HsReplayRequest  *self,
                                                    const char       *name,
                                                    const char       *value);
guint            hs_replay_request_remove_header   (HsReplayRequest  *self,
                                                    const char       *name);
void             hs_replay_request_clear_headers   (HsReplayRequest  *self);
char            *hs_replay_request_dup_headers_text (HsReplayRequest *self);
gboolean         hs_replay_request_set_headers_text (HsReplayRequest *self,
                                                     const char      *text,
                                                     GError         **error);

GBytes          *hs_replay_request_get_body        (HsReplayRequest  *self);
void             hs_replay_request_set_body        (HsReplayRequest  *self,
                                                    GBytes           *body);

SoupMessage     *hs_replay_request_to_message      (HsReplayRequest  *self,
                                                    const char       *url);

G_END_DECLS
