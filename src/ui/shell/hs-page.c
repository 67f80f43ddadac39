/* hs-page.c: the interface of the window's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-page.h"

G_DEFINE_INTERFACE (HsPage, hs_page, GTK_TYPE_WIDGET)

static void
hs_page_default_init (HsPageInterface *iface)
{
}

const char *
hs_page_get_name (HsPage *self)
{
  g_return_val_if_fail (HS_IS_PAGE (self), NULL);

  return HS_PAGE_GET_IFACE (self)->name;
}

/* Translated. */
const char *
hs_page_get_title (HsPage *self)
{
  g_return_val_if_fail (HS_IS_PAGE (self), NULL);

  return _(HS_PAGE_GET_IFACE (self)->title);
}

const char *
hs_page_get_icon_name (HsPage *self)
{
  g_return_val_if_fail (HS_IS_PAGE (self), NULL);

  return HS_PAGE_GET_IFACE (self)->icon_name;
}

void
hs_page_bind (HsPage  *self,
              HsStore *store)
{
  g_return_if_fail (HS_IS_PAGE (self));
  g_return_if_fail (!store || HS_IS_STORE (store));

  if (HS_PAGE_GET_IFACE (self)->bind != NULL)
    HS_PAGE_GET_IFACE (self)->bind (self, store);
}

void
hs_page_store_changed (HsPage             *self,
                       const HsPageChange *change)
{
  g_return_if_fail (HS_IS_PAGE (self));
  g_return_if_fail (change != NULL);

  if (HS_PAGE_GET_IFACE (self)->store_changed != NULL)
    HS_PAGE_GET_IFACE (self)->store_changed (self, change);
}

void
hs_page_came_into_view (HsPage             *self,
                        const HsPageChange *missed)
{
  g_return_if_fail (HS_IS_PAGE (self));

  if (HS_PAGE_GET_IFACE (self)->came_into_view != NULL)
    HS_PAGE_GET_IFACE (self)->came_into_view (self, missed);
}

gboolean
hs_page_show_item (HsPage     *self,
                   const char *kind,
                   GVariant   *target)
{
  g_return_val_if_fail (HS_IS_PAGE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  if (HS_PAGE_GET_IFACE (self)->show_item == NULL)
    return FALSE;

  return HS_PAGE_GET_IFACE (self)->show_item (self, kind, target);
}

gboolean
hs_page_go_back (HsPage *self)
{
  g_return_val_if_fail (HS_IS_PAGE (self), FALSE);

  if (HS_PAGE_GET_IFACE (self)->go_back == NULL)
    return FALSE;

  return HS_PAGE_GET_IFACE (self)->go_back (self);
}

/* Folds @change into @into: ranges widen, cursors move forward. */
void
hs_page_change_merge (HsPageChange       *into,
                      const HsPageChange *change)
{
  g_return_if_fail (into != NULL);
  g_return_if_fail (change != NULL);

  if (change->first_added > 0 &&
      (into->first_added == 0 || change->first_added < into->first_added))
    into->first_added = change->first_added;
  into->last_added = MAX (into->last_added, change->last_added);
  into->projected_through = MAX (into->projected_through, change->projected_through);
}
