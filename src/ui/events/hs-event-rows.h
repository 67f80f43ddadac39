/* hs-event-rows.h: the rows of the event page's lists (plain text: never markup)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void          hs_event_rows_clear             (GtkListBox *list);
AdwActionRow *hs_event_rows_add               (GtkListBox *list,
                                               const char *title,
                                               const char *subtitle);
void          hs_event_rows_add_placeholder   (GtkListBox *list,
                                               const char *text);
/* HsInvitations, HsParticipants; HsEvents oldest first (shown newest first, each row with
 * what changed and the delivery's id as "delivery-id64" data). */
void          hs_event_rows_fill_invitations  (GtkListBox *list,
                                               GPtrArray  *invitations);
void          hs_event_rows_fill_participants (GtkListBox *list,
                                               GPtrArray  *participants);
void          hs_event_rows_fill_history      (GtkListBox *list,
                                               GPtrArray  *versions);

G_END_DECLS
