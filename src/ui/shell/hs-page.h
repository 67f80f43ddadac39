/* hs-page.h: what the window asks of every page of its sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page is a widget in its own folder (src/ui/<page>/) that implements HsPage. The window
 * creates the pages from a list of types (hs-window.c), puts each in the sidebar with its
 * title and icon, binds it to the store once, and tells it about the store's changes: the page
 * in view right away (coalesced to at most ten calls a second), a page out of view only once,
 * when it comes into view, with everything it missed merged into one change. So a page that is
 * not in view does no work per delivery.
 */

#pragma once

#include <gtk/gtk.h>

#include "hs-store.h"

G_BEGIN_DECLS

/* What changed in the store since the page was last told (ids are inclusive; 0 when none). */
typedef struct
{
  gint64 first_added;     /* deliveries added: the id range */
  gint64 last_added;
  gint64 projected_through; /* the domain projection has applied every delivery up to here */
} HsPageChange;

#define HS_TYPE_PAGE (hs_page_get_type ())

G_DECLARE_INTERFACE (HsPage, hs_page, HS, PAGE, GtkWidget)

struct _HsPageInterface
{
  GTypeInterface parent_iface;

  /* Set in the class's interface init: a name for win.show-page, the sidebar's title
   * (translatable, marked with N_()) and a symbolic icon. */
  const char *name;
  const char *title;
  const char *icon_name;

  /* Once, after the window is built. @store is NULL when the database could not be opened:
   * the page then shows why (hs_application_get_store_error()). */
  void     (*bind)           (HsPage             *self,
                              HsStore            *store);
  /* The store changed while the page is in view. */
  void     (*store_changed)  (HsPage             *self,
                              const HsPageChange *change);
  /* The page came into view; @missed is what changed while it was not (NULL: nothing). */
  void     (*came_into_view) (HsPage             *self,
                              const HsPageChange *missed);
  /* Show one item (kind "delivery" with an int64 id, "event" with a string id, ...). Returns
   * FALSE when the page does not show that kind; the window then asks the next page. */
  gboolean (*show_item)      (HsPage             *self,
                              const char         *kind,
                              GVariant           *target);
  /* Optional: the window's back button was pressed while the page is in view. A page folded
   * to one of its own panes (a detail) goes back within itself and returns TRUE; FALSE lets
   * the window go back to its sidebar. One back button, whatever the nesting. */
  gboolean (*go_back)        (HsPage             *self);
};

const char *hs_page_get_name       (HsPage             *self);
const char *hs_page_get_title      (HsPage             *self);
const char *hs_page_get_icon_name  (HsPage             *self);
void        hs_page_bind           (HsPage             *self,
                                    HsStore            *store);
void        hs_page_store_changed  (HsPage             *self,
                                    const HsPageChange *change);
void        hs_page_came_into_view (HsPage             *self,
                                    const HsPageChange *missed);
gboolean    hs_page_show_item      (HsPage             *self,
                                    const char         *kind,
                                    GVariant           *target);
gboolean    hs_page_go_back        (HsPage             *self);

void        hs_page_change_merge   (HsPageChange       *into,
                                    const HsPageChange *change);

G_END_DECLS
