/* hs-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hs-capture.h"
#include "hs-listener.h"
#include "hs-store.h"

G_BEGIN_DECLS

#define HS_TYPE_APPLICATION (hs_application_get_type ())

G_DECLARE_FINAL_TYPE (HsApplication, hs_application, HS, APPLICATION, AdwApplication)

HsApplication *hs_application_new          (void);
GSettings     *hs_application_get_settings       (HsApplication *self);
HsStore       *hs_application_get_store          (HsApplication *self);
const GError  *hs_application_get_store_error    (HsApplication *self);
HsCapture     *hs_application_get_capture        (HsApplication *self);
HsListener    *hs_application_get_listener       (HsApplication *self);
const GError  *hs_application_get_listener_error (HsApplication *self);

G_END_DECLS
