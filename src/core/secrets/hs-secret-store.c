/* hs-secret-store.c: keys kept in the user's keyring (the Secret Service, through libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One schema for Hookscope's secrets: the "kind" attribute says which (the expected API key, or
 * a replay target's), "database" and "target" name a saved replay target, since two databases
 * (--db) may each have a target called "staging". Inside the Flatpak, libsecret goes through
 * the Secret portal on its own.
 *
 * Every failure to reach the keyring becomes HS_SECRET_ERROR_UNAVAILABLE with libsecret's reason
 * in the message: callers say so and never fall back to storing the key in clear.
 */

#define G_LOG_DOMAIN "hs-secret-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "hs-secret-store.h"

G_DEFINE_QUARK (hs-secret-error-quark, hs_secret_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID_BASE ".Secret", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "target", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static GHashTable *
make_attributes (HsSecretKind  kind,
                 const char   *database,
                 const char   *target)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer)"kind",
                       (gpointer)(kind == HS_SECRET_API_KEY ? "api-key" : "replay-target"));
  if (kind == HS_SECRET_REPLAY_TARGET)
    {
      g_hash_table_insert (attributes, (gpointer)"database", (gpointer)(database ? database : ""));
      g_hash_table_insert (attributes, (gpointer)"target", (gpointer)(target ? target : ""));
    }

  return attributes;
}

static char *
make_label (HsSecretKind  kind,
            const char   *target)
{
  if (kind == HS_SECRET_API_KEY)
    return g_strdup (_("Hookscope: the API key deliveries must carry"));
  return g_strdup_printf (_("Hookscope: API key of the replay target “%s”"), target);
}

/* libsecret's error (D-Bus, no service, dismissed prompt) in words a user can act on. */
static gboolean
translate_error (GError  *error,
                 GError **out)
{
  if (error == NULL)
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (out, error);
      return FALSE;
    }
  g_set_error (out, HS_SECRET_ERROR, HS_SECRET_ERROR_UNAVAILABLE,
               _("No keyring (Secret Service) is available: %s"), error->message);
  g_error_free (error);
  return FALSE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GError *translated = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (!translate_error (error, &translated))
    g_task_return_error (task, translated);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify)secret_password_free);
}

/**
 * hs_secret_lookup_async:
 * @database: (nullable): for a replay target, the database file it is saved in
 * @target: (nullable): for a replay target, its name
 *
 * Reads a key from the keyring without blocking the caller's main context.
 */
void
hs_secret_lookup_async (HsSecretKind         kind,
                        const char          *database,
                        const char          *target,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = make_attributes (kind, database, target);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, hs_secret_lookup_async);
  secret_password_lookupv (get_schema (), attributes, cancellable, lookup_cb, task);
}

/* Returns: (transfer full) (nullable): the key; %NULL without error when none is saved. */
char *
hs_secret_lookup_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autofree char *secret = NULL;
  char *copy;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* The caller frees with g_free(): copy out of libsecret's wiping allocator. */
  secret = g_task_propagate_pointer (G_TASK (result), error);
  copy = g_strdup (secret);
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  return copy;
}

/* For worker threads (the store's): blocks while the keyring answers. */
char *
hs_secret_lookup_sync (HsSecretKind   kind,
                       const char    *database,
                       const char    *target,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GHashTable) attributes = make_attributes (kind, database, target);
  GError *local_error = NULL;
  char *secret = secret_password_lookupv_sync (get_schema (), attributes, cancellable,
                                               &local_error);
  char *copy;

  if (!translate_error (local_error, error))
    return NULL;
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GError *translated = NULL;

  if (g_task_get_task_data (task) != NULL)
    secret_password_store_finish (result, &error);
  else
    secret_password_clear_finish (result, &error);
  if (!translate_error (error, &translated))
    g_task_return_error (task, translated);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hs_secret_save_async:
 * @secret: (nullable): the key; %NULL or "" removes it from the keyring
 *
 * Saves (or removes) a key in the default keyring (the login keyring).
 */
void
hs_secret_save_async (HsSecretKind         kind,
                      const char          *database,
                      const char          *target,
                      const char          *secret,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = make_attributes (kind, database, target);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, hs_secret_save_async);
  if (secret != NULL && secret[0] != '\0')
    {
      g_autofree char *label = make_label (kind, target);

      /* Only a marker that this is a store, not a clear (never the secret itself). */
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                              secret, cancellable, save_cb, task);
    }
  else
    secret_password_clearv (get_schema (), attributes, cancellable, save_cb, task);
}

gboolean
hs_secret_save_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For worker threads: blocks while the keyring answers. */
gboolean
hs_secret_save_sync (HsSecretKind   kind,
                     const char    *database,
                     const char    *target,
                     const char    *secret,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GHashTable) attributes = make_attributes (kind, database, target);
  GError *local_error = NULL;

  if (secret != NULL && secret[0] != '\0')
    {
      g_autofree char *label = make_label (kind, target);

      secret_password_storev_sync (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                                   secret, cancellable, &local_error);
    }
  else
    secret_password_clearv_sync (get_schema (), attributes, cancellable, &local_error);

  return translate_error (local_error, error);
}
