/* hs-invitations-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define HS_TYPE_INVITATIONS_PAGE (hs_invitations_page_get_type ())

G_DECLARE_FINAL_TYPE (HsInvitationsPage, hs_invitations_page, HS, INVITATIONS_PAGE, GtkWidget)


G_END_DECLS
