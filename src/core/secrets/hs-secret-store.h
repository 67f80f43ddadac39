/* hs-secret-store.h: keys kept in the user's keyring (the Secret Service, through libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HS_SECRET_ERROR (hs_secret_error_quark ())

typedef enum
{
  /* No Secret Service answered (no D-Bus session, no keyring daemon, a locked keyring whose
   * prompt was dismissed): the key is neither saved nor read. */
  HS_SECRET_ERROR_UNAVAILABLE,
} HsSecretError;

typedef enum
{
  HS_SECRET_API_KEY,       /* the x-api-key deliveries must carry */
  HS_SECRET_REPLAY_TARGET, /* a saved replay target's key, by database and target name */
} HsSecretKind;

GQuark    hs_secret_error_quark  (void);

void      hs_secret_lookup_async (HsSecretKind          kind,
                                  const char           *database,
                                  const char           *target,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
char     *hs_secret_lookup_finish (GAsyncResult        *result,
                                   GError             **error);
char     *hs_secret_lookup_sync  (HsSecretKind          kind,
                                  const char           *database,
                                  const char           *target,
                                  GCancellable         *cancellable,
                                  GError              **error);

void      hs_secret_save_async   (HsSecretKind          kind,
                                  const char           *database,
                                  const char           *target,
                                  const char           *secret,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean  hs_secret_save_finish  (GAsyncResult         *result,
                                  GError              **error);
gboolean  hs_secret_save_sync    (HsSecretKind          kind,
                                  const char           *database,
                                  const char           *target,
                                  const char           *secret,
                                  GCancellable         *cancellable,
                                  GError              **error);

G_END_DECLS
