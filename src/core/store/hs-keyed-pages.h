/* hs-keyed-pages.h: the paging of a lazy list model: keys held, rows read a page at a time
 * on a worker, placeholders until then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Called on a worker thread with a connection of its own: the objects for @keys, one for
 * each in the same order, NULL where the row is gone; or NULL and @error. */
typedef GPtrArray *(*HsKeyedPagesReadFunc) (sqlite3       *db,
                                            const gint64  *keys,
                                            guint          n_keys,
                                            gpointer       read_data,
                                            GError       **error);

/* Called on the main thread: an empty item for @key (a row not read yet, or gone). */
typedef gpointer (*HsKeyedPagesEmptyFunc) (gint64   key,
                                           gpointer user_data);

/* Called on the main thread: copies @row (NULL: gone) into @placeholder, the item a view
 * holds; then @filled tells the owner that placeholders were filled in place. */
typedef void (*HsKeyedPagesFillFunc) (gpointer placeholder,
                                      gpointer row);
typedef void (*HsKeyedPagesFilledFunc) (GListModel *model);

typedef struct _HsKeyedPages HsKeyedPages;

HsKeyedPages *hs_keyed_pages_new            (GListModel            *model,
                                             const char            *path,
                                             guint                  page_size,
                                             gboolean               sorted,
                                             HsKeyedPagesEmptyFunc  empty,
                                             gpointer               empty_data);
void          hs_keyed_pages_free           (HsKeyedPages          *self);
void          hs_keyed_pages_set_reader     (HsKeyedPages          *self,
                                             HsKeyedPagesReadFunc   read,
                                             gpointer               read_data,
                                             GDestroyNotify         read_data_destroy);

void          hs_keyed_pages_set_fill       (HsKeyedPages          *self,
                                             HsKeyedPagesFillFunc   fill,
                                             HsKeyedPagesFilledFunc filled);

GArray       *hs_keyed_pages_get_keys       (HsKeyedPages          *self);
void          hs_keyed_pages_set_keys       (HsKeyedPages          *self,
                                             GArray                *keys,
                                             gboolean               keep_rows);
void          hs_keyed_pages_keys_moved     (HsKeyedPages          *self);

gpointer      hs_keyed_pages_get_item       (HsKeyedPages          *self,
                                             guint                  position);
gpointer      hs_keyed_pages_lookup         (HsKeyedPages          *self,
                                             gint64                 key);
void          hs_keyed_pages_add            (HsKeyedPages          *self,
                                             gint64                 key,
                                             gpointer               item);
void          hs_keyed_pages_forget         (HsKeyedPages          *self,
                                             gint64                 key);
void          hs_keyed_pages_forget_all     (HsKeyedPages          *self);
void          hs_keyed_pages_read_again     (HsKeyedPages          *self,
                                             GArray                *keys);
GHashTable   *hs_keyed_pages_get_rows       (HsKeyedPages          *self);
gint64        hs_keyed_pages_find_position  (HsKeyedPages          *self,
                                             gint64                 key);

gboolean      hs_keyed_pages_is_placeholder (gpointer               item);
gboolean      hs_keyed_pages_is_unread      (gpointer               item);

G_END_DECLS
