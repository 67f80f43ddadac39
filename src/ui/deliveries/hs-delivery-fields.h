/* hs-delivery-fields.h: a form body field by field, or a multipart body part by part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One field or part, as shown; built on a worker thread. */
typedef struct
{
  char *title;  /* the field's name, "Part 2" */
  char *meta;   /* "JSON, 2,006 bytes"; a part's headers and size */
  char *text;   /* the value: text, indented JSON, or a hex dump */
  gboolean wide;  /* JSON or hex: lines kept, not wrapped */
} HsBodyEntry;

void       hs_body_entry_free              (gpointer          entry);
GPtrArray *hs_delivery_fields_build        (GBytes           *decoded,
                                            const char       *content_type,
                                            char            **heading);

#define HS_TYPE_DELIVERY_FIELDS (hs_delivery_fields_get_type ())

G_DECLARE_FINAL_TYPE (HsDeliveryFields, hs_delivery_fields, HS, DELIVERY_FIELDS, GtkWidget)

GtkWidget *hs_delivery_fields_new          (void);
void       hs_delivery_fields_set_entries  (HsDeliveryFields *self,
                                            const char       *heading,
                                            GPtrArray        *entries);

G_END_DECLS
