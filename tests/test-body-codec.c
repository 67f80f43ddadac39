/* test-body-codec.c: compressed, form-encoded and multipart bodies, from the decoder to the
 * listener's answer, the domain model, the search index and `hookscope show`; and the client
 * behaviours real senders have (curl's Expect: 100-continue, HTTP/1.0, chunked uploads,
 * pipelining, a UTF-8 BOM, a charset, PUT) kept as regression tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <brotli/encode.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "hs-body-codec.h"
#include "hs-body-form.h"
#include "hs-curl.h"
#include "hs-delivery-query.h"
#include "hs-invitation.h"
#include "hs-listener.h"
#include "hs-projections.h"
#include "hs-replay-request.h"
#include "hs-store.h"

#define SEED_EVENT_ID "ef7e8599-4ec0-4376-9af8-7f79d7090e89"
#define SEED_EMAIL    "qbuirette@omerlo.com"

/* ------------------------------------------------------------------------------------------ */
/* Bodies */

static GBytes *
read_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("HS_SAMPLES_DIR"),
                                            "event_invitation_created.json", NULL);
  char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  return g_bytes_new_take (contents, size);
}

static GBytes *
zlib_compress (GBytes                *data,
               GZlibCompressorFormat  format)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (format, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize size = 0;
  const guint8 *in = g_bytes_get_data (data, &size);
  gsize done = 0;

  for (;;)
    {
      guint8 buffer[16384];
      gsize read = 0, written = 0;
      g_autoptr(GError) error = NULL;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (compressor), in + done, size - done, buffer,
                                    sizeof buffer, G_CONVERTER_INPUT_AT_END, &read, &written,
                                    &error);
      g_assert_no_error (error);
      done += read;
      g_byte_array_append (out, buffer, written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
brotli_compress (GBytes *data)
{
  gsize size = 0;
  const guint8 *in = g_bytes_get_data (data, &size);
  size_t out_size = BrotliEncoderMaxCompressedSize (size) + 64;
  guint8 *out = g_malloc (out_size);

  g_assert_true (BrotliEncoderCompress (BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW,
                                        BROTLI_MODE_TEXT, size, in, &out_size, out));
  return g_bytes_new_take (out, out_size);
}

static GBytes *
encode (const char *coding,
        GBytes     *data)
{
  if (g_str_equal (coding, "gzip") || g_str_equal (coding, "x-gzip"))
    return zlib_compress (data, G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  if (g_str_equal (coding, "deflate"))
    return zlib_compress (data, G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  if (g_str_equal (coding, "raw-deflate"))
    return zlib_compress (data, G_ZLIB_COMPRESSOR_FORMAT_RAW);
  if (g_str_equal (coding, "br"))
    return brotli_compress (data);
  g_assert_not_reached ();
}

static GBytes *
concat (GBytes *a,
        GBytes *b)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (out, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  return g_byte_array_free_to_bytes (out);
}

/* "payload=<seed, percent-encoded>&source=backoffice" */
static GBytes *
seed_form (void)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autofree char *seed_text = g_strndup (g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
  g_autofree char *escaped = g_uri_escape_string (seed_text, NULL, FALSE);
  char *form = g_strconcat ("payload=", escaped, "&source=back+office&note=caf%C3%A9", NULL);

  return g_bytes_new_take (form, strlen (form));
}

/* ------------------------------------------------------------------------------------------ */
/* The decoder alone */

static void
test_decode_each (void)
{
  static const struct { const char *header; const char *coding; } cases[] = {
    { "gzip", "gzip" },
    { "x-gzip", "gzip" },
    { "GZip", "gzip" },
    { "deflate", "deflate" },
    { "deflate", "raw-deflate" },
    { "br", "br" },
    { " identity , br ", "br" },
  };
  g_autoptr(GBytes) seed = read_sample ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) wire = encode (cases[i].coding, seed);
      g_autoptr(GBytes) decoded = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s (%s)", cases[i].header, cases[i].coding);
      g_assert_false (g_bytes_equal (wire, seed));
      decoded = hs_body_codec_decode (cases[i].header, wire, 1024 * 1024, FALSE, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (decoded, seed));
    }
}

static void
test_decode_stacked (void)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GBytes) gzipped = encode ("gzip", seed);
  g_autoptr(GBytes) wire = encode ("br", gzipped);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (seed, 0, 1000);
  g_autoptr(GBytes) rest = g_bytes_new_from_bytes (seed, 1000, g_bytes_get_size (seed) - 1000);
  g_autoptr(GBytes) one = encode ("gzip", half);
  g_autoptr(GBytes) two = encode ("gzip", rest);
  g_autoptr(GBytes) members = concat (one, two);
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GBytes) joined = NULL;
  g_autoptr(GError) error = NULL;

  /* Applied in the order listed: gzip, then br; undone br first. */
  decoded = hs_body_codec_decode ("gzip, br", wire, 1024 * 1024, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (decoded, seed));

  /* Two gzip members one after the other are one body (RFC 1952). */
  joined = hs_body_codec_decode ("gzip", members, 1024 * 1024, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (joined, seed));

  /* An empty body is empty whatever its coding says. */
  {
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
    g_autoptr(GBytes) none = hs_body_codec_decode ("gzip", empty, 10, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  }

  g_assert_true (hs_body_codec_is_identity (NULL));
  g_assert_true (hs_body_codec_is_identity (" identity"));
  g_assert_false (hs_body_codec_is_identity ("gzip"));
}

static void
test_decode_errors (void)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GBytes) gzipped = encode ("gzip", seed);
  g_autoptr(GBytes) brotli = encode ("br", seed);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (gzipped, 0, g_bytes_get_size (gzipped) / 2);
  g_autoptr(GBytes) brotli_cut = g_bytes_new_from_bytes (brotli, 0, g_bytes_get_size (brotli) / 2);
  g_autoptr(GBytes) prefix = NULL;
  g_autoptr(GByteArray) flipped = g_byte_array_new ();
  g_autoptr(GBytes) corrupt = NULL;
  GError *error = NULL;

  g_assert_null (hs_body_codec_decode ("zstd", gzipped, 1 << 20, FALSE, &error));
  g_assert_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "zstd"));
  g_clear_error (&error);

  /* Plain JSON said to be gzip: the first bytes are not a gzip header. */
  g_assert_null (hs_body_codec_decode ("gzip", seed, 1 << 20, FALSE, &error));
  g_assert_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "the gzip stream is corrupt");
  g_clear_error (&error);

  g_assert_null (hs_body_codec_decode ("gzip", cut, 1 << 20, FALSE, &error));
  g_assert_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "the gzip stream ends before its end");
  g_clear_error (&error);

  g_assert_null (hs_body_codec_decode ("br", brotli_cut, 1 << 20, FALSE, &error));
  g_assert_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT);
  g_clear_error (&error);

  g_byte_array_append (flipped, g_bytes_get_data (gzipped, NULL), g_bytes_get_size (gzipped));
  for (guint i = 20; i < 60; i++)
    flipped->data[i] ^= 0x5a;
  corrupt = g_bytes_new (flipped->data, flipped->len);
  g_assert_null (hs_body_codec_decode ("gzip", corrupt, 1 << 20, FALSE, &error));
  g_assert_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT);
  g_clear_error (&error);

  /* One byte short of the decoded size is too large; the exact size is not. */
  g_assert_null (hs_body_codec_decode ("br", brotli, g_bytes_get_size (seed) - 1, FALSE, &error));
  g_assert_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_TOO_LARGE);
  g_clear_error (&error);
  prefix = hs_body_codec_decode ("br", brotli, g_bytes_get_size (seed), FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&prefix, g_bytes_unref);

  /* Prefix mode (the search index): the first bytes, no error. */
  prefix = hs_body_codec_decode ("gzip", gzipped, 100, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (prefix), ==, 100);
  g_assert_cmpmem (g_bytes_get_data (prefix, NULL), 100, g_bytes_get_data (seed, NULL), 100);
}

static void
test_form_parse (void)
{
  static const char form[] = "a=1&b=x+y&a=2&empty=&flag&pct=%41%zz%4&bin=%00%FF&&name%3D=v%26";
  g_autoptr(GBytes) body = g_bytes_new_static (form, strlen (form));
  g_autoptr(GPtrArray) fields = hs_body_form_parse (body);
  static const struct { const char *name; const char *value; gsize size; } expected[] = {
    { "a", "1", 1 }, { "b", "x y", 3 }, { "a", "2", 1 }, { "empty", "", 0 }, { "flag", "", 0 },
    { "pct", "A%zz%4", 6 }, { "bin", "\0\xff", 2 }, { "name=", "v&", 2 },
  };

  g_assert_cmpuint (fields->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < fields->len; i++)
    {
      HsFormField *field = g_ptr_array_index (fields, i);

      g_assert_cmpstr (field->name, ==, expected[i].name);
      g_assert_cmpmem (g_bytes_get_data (field->value, NULL), g_bytes_get_size (field->value),
                       expected[i].value, expected[i].size);
    }

  g_assert_true (hs_content_type_is_form ("application/x-www-form-urlencoded; charset=utf-8"));
  g_assert_true (hs_content_type_is_form ("Application/X-WWW-Form-Urlencoded"));
  g_assert_false (hs_content_type_is_form ("application/x-www-form-urlencodedx"));
  g_assert_true (hs_content_type_is_multipart ("multipart/form-data; boundary=x"));
  g_assert_false (hs_content_type_is_multipart ("application/json"));
}

static GBytes *
multipart_body (void)
{
  GByteArray *out = g_byte_array_new ();
  static const char head[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n"
    "\r\n"
    "hello, world\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"blob.bin\"\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n";
  static const char tail[] = "\r\n--XyZ--\r\n";
  guint8 binary[40];

  for (guint i = 0; i < sizeof binary; i++)
    binary[i] = (guint8)(0xf0 + i * 7);
  g_byte_array_append (out, (const guint8 *)head, strlen (head));
  g_byte_array_append (out, binary, sizeof binary);
  g_byte_array_append (out, (const guint8 *)tail, strlen (tail));
  return g_byte_array_free_to_bytes (out);
}

static void
test_multipart_parse (void)
{
  g_autoptr(GBytes) body = multipart_body ();
  g_autoptr(GPtrArray) parts = hs_body_multipart_parse ("multipart/form-data; boundary=XyZ", body);
  HsBodyPart *part;

  g_assert_nonnull (parts);
  g_assert_cmpuint (parts->len, ==, 2);
  part = g_ptr_array_index (parts, 0);
  g_assert_cmpuint (part->headers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (part->headers, 0), ==, "Content-Disposition");
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body),
                   "hello, world", 12);
  part = g_ptr_array_index (parts, 1);
  g_assert_cmpuint (part->headers->len, ==, 4);
  g_assert_cmpuint (g_bytes_get_size (part->body), ==, 40);
  g_assert_cmpuint (((const guint8 *)g_bytes_get_data (part->body, NULL))[0], ==, 0xf0);

  /* Another boundary: not this body's parts. */
  g_assert_null (hs_body_multipart_parse ("text/plain", body));
}

/* ------------------------------------------------------------------------------------------ */
/* Through the listener */

typedef struct
{
  char       *dir;
  char       *path;
  HsStore    *store;
  HsListener *listener;
  guint       port;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);

  f->dir = g_dir_make_tmp ("hs-test-body-codec-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  hs_store_start_projections (f->store, projections, n_projections);
  f->listener = hs_listener_new (f->store);
  hs_listener_set_port (f->listener, 0);
  g_assert_true (hs_listener_start (f->listener, &error));
  g_assert_no_error (error);
  f->port = hs_listener_get_port (f->listener);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->listener);
  g_clear_object (&f->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

typedef struct
{
  GBytes  *out;
  char    *err;
  gboolean done;
  int      status;
} Run;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &run->out, &err, &error);
  g_assert_no_error (error);
  run->err = g_bytes_get_size (err) > 0
    ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err)) : g_strdup ("");
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  run->done = TRUE;
}

/* Runs a program while the main loop (and so the listener) runs; returns its stdout. */
static GBytes *
spawn (int               *status,
       char             **err,
       const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (proc, NULL, NULL, communicate_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (status != NULL)
    *status = run.status;
  if (err != NULL)
    *err = g_steal_pointer (&run.err);
  g_free (run.err);
  return run.out;
}

/* Runs curl against the listener; returns the status it got, and the answer's body. */
static guint
curl (Fixture     *f,
      char       **answer,
      const char  *first,
      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  char *newline;
  int status = -1;
  va_list ap;

  g_ptr_array_add (args, g_strdup ("curl"));
  g_ptr_array_add (args, g_strdup ("-sS"));
  g_ptr_array_add (args, g_strdup ("--noproxy"));
  g_ptr_array_add (args, g_strdup ("*"));
  g_ptr_array_add (args, g_strdup ("-w"));
  g_ptr_array_add (args, g_strdup ("\n%{http_code}"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  out = spawn (&status, &err, (const char * const *)args->pdata);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  newline = strrchr (text, '\n');
  g_assert_nonnull (newline);
  *newline = '\0';
  if (answer != NULL)
    *answer = g_strdup (text);
  return atoi (newline + 1);
}

static char *
url (Fixture    *f,
     const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
}

static char *
write_temp (Fixture    *f,
            const char *name,
            GBytes     *bytes)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

/* The delivery, once the domain projection applied it. */
static HsDelivery *
wait_projected (Fixture *f,
                gint64   id)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsDelivery) delivery = hs_store_get_delivery (f->store, id, &error);

      g_assert_no_error (error);
      if (hs_delivery_get_projected (delivery))
        return g_steal_pointer (&delivery);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static gint64
answer_id (const char *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, answer, -1, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "id");
}

static char *
answer_error (const char *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, answer, -1, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (
                                                    json_parser_get_root (parser)), "error"));
}

/* `hookscope show ARGS… --db` on the fixture's database: its stdout (exit status 0). */
static char *
show (Fixture    *f,
      const char *first,
      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  va_list ap;

  g_ptr_array_add (args, g_strdup (g_getenv ("HS_BINARY")));
  g_ptr_array_add (args, g_strdup ("show"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_strdup (f->path));
  g_ptr_array_add (args, NULL);

  out = spawn (&status, &err, (const char * const *)args->pdata);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

/* The seed's event, its invitation: what the domain model made of a delivery. */
static void
assert_seed_understood (Fixture *f,
                        gint64   id)
{
  g_autoptr(HsDelivery) delivery = wait_projected (f, id);
  g_autoptr(HsEvent) event = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (hs_delivery_get_parse_verdict (delivery), ==, HS_PARSE_OK);
  g_assert_cmpstr (hs_delivery_get_event_name (delivery), ==, "event_invitation_created");
  event = hs_store_get_event (f->store, SEED_EVENT_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (event);
  invitations = hs_store_list_invitations (f->store, SEED_EVENT_ID, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < invitations->len; i++)
    found |= g_strcmp0 (hs_invitation_get_email (g_ptr_array_index (invitations, i)),
                        SEED_EMAIL) == 0;
  g_assert_true (found);
}

static void
test_listener_encodings (Fixture       *f,
                         gconstpointer  data)
{
  static const struct { const char *header; const char *coding; } cases[] = {
    { "gzip", "gzip" }, { "x-gzip", "gzip" }, { "deflate", "deflate" },
    { "deflate", "raw-deflate" }, { "br", "br" },
  };
  g_autoptr(GBytes) seed = read_sample ();
  g_autofree char *target = url (f, "/hooks/compressed");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) wire = encode (cases[i].coding, seed);
      g_autofree char *file = write_temp (f, "body.bin", wire);
      g_autofree char *at_file = g_strconcat ("@", file, NULL);
      g_autofree char *header = g_strconcat ("Content-Encoding: ", cases[i].header, NULL);
      g_autofree char *answer = NULL;
      g_autoptr(HsDelivery) stored = NULL;
      g_autoptr(GError) error = NULL;
      guint status;
      gint64 id;

      g_test_message ("%s (%s)", cases[i].header, cases[i].coding);
      status = curl (f, &answer, "-H", "Content-Type: application/json", "-H", header,
                     "--data-binary", at_file, target, NULL);
      g_assert_cmpuint (status, ==, 200);
      id = answer_id (answer);

      /* Stored as it came over the wire; understood as what it says. */
      stored = hs_store_get_delivery (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (hs_delivery_get_body (stored), wire));
      g_assert_cmpuint (hs_delivery_get_body_size (stored), ==, g_bytes_get_size (wire));
      assert_seed_understood (f, id);

      /* show: the encoding line; --body decoded; --raw the bytes received. */
      {
        g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
        g_autofree char *text = show (f, id_text, NULL);
        g_autofree char *body = show (f, id_text, "--body", NULL);
        g_autofree char *raw = NULL;
        g_autofree char *line = g_strdup_printf ("\nEncoding:  %s, %zu bytes → %zu bytes\n",
                                                 g_str_equal (cases[i].header, "x-gzip")
                                                   ? "x-gzip" : cases[i].header,
                                                 g_bytes_get_size (wire),
                                                 g_bytes_get_size (seed));
        g_autoptr(GPtrArray) args = g_ptr_array_new ();
        g_autoptr(GBytes) raw_bytes = NULL;
        int exit_status = -1;

        g_assert_nonnull (strstr (text, line));
        g_assert_nonnull (strstr (text, "\"email\": \"" SEED_EMAIL "\""));
        g_assert_cmpmem (body, strlen (body), g_bytes_get_data (seed, NULL),
                         g_bytes_get_size (seed));
        g_ptr_array_add (args, (char *)g_getenv ("HS_BINARY"));
        g_ptr_array_add (args, (char *)"show");
        g_ptr_array_add (args, id_text);
        g_ptr_array_add (args, (char *)"--raw");
        g_ptr_array_add (args, (char *)"--db");
        g_ptr_array_add (args, f->path);
        g_ptr_array_add (args, NULL);
        raw_bytes = spawn (&exit_status, &raw, (const char * const *)args->pdata);
        g_assert_cmpint (exit_status, ==, 0);
        g_assert_true (g_bytes_equal (raw_bytes, wire));
      }
    }

  /* The search index reads the decoded text: the seed's email finds all five. */
  {
    g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
    g_autoptr(GArray) ids = NULL;
    g_autoptr(GError) error = NULL;
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    hs_delivery_query_set_text (query, SEED_EMAIL);
    for (;;)
      {
        g_clear_pointer (&ids, g_array_unref);
        ids = hs_delivery_query_list_ids (query, db, 0, NULL, &error);
        g_assert_no_error (error);
        if (ids->len == G_N_ELEMENTS (cases))
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
    sqlite3_close (db);
  }
}

static void
test_listener_bomb (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (10 * 1024 * 1024), 10 * 1024 * 1024);
  g_autoptr(GBytes) bomb = encode ("gzip", zeros);
  g_autofree char *file = write_temp (f, "bomb.gz", bomb);
  g_autofree char *at_file = g_strconcat ("@", file, NULL);
  g_autofree char *target = url (f, "/hooks/bomb");
  g_autofree char *answer = NULL;
  g_autofree char *message = NULL;
  g_autoptr(HsDelivery) delivery = NULL;
  guint status;

  /* About 10 KiB on the wire, 10 MiB once inflated: past a 1 MiB limit. */
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 12 * 1024);
  hs_listener_set_max_body_size (f->listener, 1024 * 1024);
  status = curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                 "Content-Encoding: gzip", "--data-binary", at_file, target, NULL);
  g_assert_cmpuint (status, ==, 413);
  message = answer_error (answer);
  g_assert_cmpstr (message, ==,
                   "The body decodes to more than the limit of 1048576 bytes; "
                   "it was stored as received");

  /* Stored whole as received (it is small), nothing understood. */
  delivery = wait_projected (f, answer_id (answer));
  g_assert_true (g_bytes_equal (hs_delivery_get_body (delivery), bomb));
  g_assert_false (hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED);
  g_assert_cmpint (hs_delivery_get_parse_verdict (delivery), ==, HS_PARSE_NOT_JSON);
  g_assert_cmpstr (hs_delivery_get_parse_message (delivery), ==,
                   "the gzip body decodes to more than 1048576 bytes");
  g_assert_cmpuint (hs_delivery_get_response_status (delivery), ==, 413);
  g_assert_null (hs_delivery_get_event_name (delivery));
  g_assert_null (hs_delivery_dup_decoded_body (delivery, HS_BODY_CODEC_READ_LIMIT, NULL));
}

static void
test_listener_corrupt (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GBytes) gzipped = encode ("gzip", seed);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (gzipped, 0, g_bytes_get_size (gzipped) - 30);
  g_autofree char *file = write_temp (f, "cut.gz", cut);
  g_autofree char *at_file = g_strconcat ("@", file, NULL);
  g_autofree char *plain = write_temp (f, "plain.json", seed);
  g_autofree char *at_plain = g_strconcat ("@", plain, NULL);
  g_autofree char *target = url (f, "/hooks/corrupt");
  g_autofree char *answer = NULL;
  g_autofree char *message = NULL;
  g_autoptr(HsDelivery) delivery = NULL;
  guint status;

  status = curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                 "Content-Encoding: gzip", "--data-binary", at_file, target, NULL);
  g_assert_cmpuint (status, ==, 400);
  message = answer_error (answer);
  g_assert_cmpstr (message, ==, "The body could not be decoded: the gzip stream ends before "
                                "its end");
  delivery = wait_projected (f, answer_id (answer));
  g_assert_true (g_bytes_equal (hs_delivery_get_body (delivery), cut));
  g_assert_cmpint (hs_delivery_get_parse_verdict (delivery), ==, HS_PARSE_NOT_JSON);
  g_assert_cmpstr (hs_delivery_get_parse_message (delivery), ==,
                   "the gzip stream ends before its end");
  g_assert_cmpuint (hs_delivery_get_response_status (delivery), ==, 400);
  g_clear_object (&delivery);
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&message, g_free);

  /* Plain JSON labelled gzip: corrupt too, whatever the content type. */
  status = curl (f, &answer, "-H", "Content-Type: text/plain", "-H", "Content-Encoding: gzip",
                 "--data-binary", at_plain, target, NULL);
  g_assert_cmpuint (status, ==, 400);
  message = answer_error (answer);
  g_assert_cmpstr (message, ==, "The body could not be decoded: the gzip stream is corrupt");
  g_clear_pointer (&answer, g_free);
  g_clear_pointer (&message, g_free);

  /* An encoding Hookscope does not decode: 415, stored with why. */
  status = curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                 "Content-Encoding: zstd", "--data-binary", at_plain, target, NULL);
  g_assert_cmpuint (status, ==, 415);
  message = answer_error (answer);
  g_assert_nonnull (strstr (message, "“zstd” is not supported"));
  delivery = wait_projected (f, answer_id (answer));
  g_assert_true (g_bytes_equal (hs_delivery_get_body (delivery), seed));
  g_assert_cmpint (hs_delivery_get_parse_verdict (delivery), ==, HS_PARSE_NOT_JSON);
  g_assert_cmpuint (hs_delivery_get_response_status (delivery), ==, 415);

  /* The API key is still the first question after the size. */
  g_clear_pointer (&answer, g_free);
  hs_listener_set_api_key (f->listener, "k");
  status = curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                 "Content-Encoding: gzip", "--data-binary", at_plain, target, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (answer, "Missing API key"));
}

static void
test_listener_form (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) form = seed_form ();
  g_autoptr(GBytes) gzipped = encode ("gzip", form);
  g_autofree char *file = write_temp (f, "form.txt", form);
  g_autofree char *at_file = g_strconcat ("@", file, NULL);
  g_autofree char *gz_file = write_temp (f, "form.gz", gzipped);
  g_autofree char *at_gz = g_strconcat ("@", gz_file, NULL);
  g_autofree char *target = url (f, "/hooks/form");
  g_autofree char *answer = NULL;
  g_autoptr(HsDelivery) delivery = NULL;
  g_autoptr(GBytes) meaning = NULL;
  g_autoptr(GBytes) seed = read_sample ();
  guint status;

  status = curl (f, &answer, "-H", "Content-Type: application/x-www-form-urlencoded",
                 "--data-binary", at_file, target, NULL);
  g_assert_cmpuint (status, ==, 200);
  assert_seed_understood (f, answer_id (answer));

  delivery = hs_store_get_delivery (f->store, answer_id (answer), NULL);
  g_assert_true (g_bytes_equal (hs_delivery_get_body (delivery), form));
  meaning = hs_delivery_dup_meaningful_body (delivery, NULL);
  g_assert_true (g_bytes_equal (meaning, seed));

  /* show: a table of the fields, the JSON one indented. */
  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, answer_id (answer));
    g_autofree char *text = show (f, id_text, NULL);
    g_autofree char *payload_line = g_strdup_printf ("\n  payload (%zu bytes):\n    {\n"
                                                     "      \"data\": {\n",
                                                     g_bytes_get_size (seed));

    g_assert_nonnull (strstr (text, "\nBody:\nForm, 3 fields:\n"));
    g_assert_nonnull (strstr (text, payload_line));
    g_assert_nonnull (strstr (text, "\n          \"email\": \"" SEED_EMAIL "\",\n"));
    g_assert_nonnull (strstr (text, "\n  source: back office\n  note: café\n"));
    g_assert_null (strstr (text, "Encoding:"));
  }
  g_clear_pointer (&answer, g_free);

  /* A form, gzipped. */
  status = curl (f, &answer, "-H", "Content-Type: application/x-www-form-urlencoded", "-H",
                 "Content-Encoding: gzip", "--data-binary", at_gz, target, NULL);
  g_assert_cmpuint (status, ==, 200);
  assert_seed_understood (f, answer_id (answer));
}

static void
replay_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GBytes **reply = user_data;
  g_autoptr(GError) error = NULL;

  *reply = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

/* Replay and Copy as curl send the bytes received, with their Content-Encoding: replayed to
 * the listener itself, a gzip delivery arrives byte for byte and is understood again. */
static void
test_replay_and_curl (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GBytes) wire = encode ("br", seed);
  g_autofree char *file = write_temp (f, "body.br", wire);
  g_autofree char *at_file = g_strconcat ("@", file, NULL);
  g_autofree char *target = url (f, "/hooks/replayed");
  g_autofree char *base = url (f, "/");
  g_autofree char *answer = NULL;
  g_autofree char *command = NULL;
  g_autoptr(HsDelivery) delivery = NULL;
  g_autoptr(HsDelivery) again = NULL;
  g_autoptr(HsReplayRequest) request = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;

  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                          "Content-Encoding: br", "--data-binary", at_file, target, NULL), ==, 200);
  delivery = hs_store_get_delivery (f->store, answer_id (answer), NULL);
  g_clear_pointer (&answer, g_free);

  command = hs_curl_command (delivery, base, "/tmp/delivery.bin");
  g_assert_true (hs_curl_body_needs_file (delivery));
  g_assert_nonnull (strstr (command, " -H 'Content-Encoding: br'"));
  g_assert_nonnull (strstr (command, " --data-binary '@/tmp/delivery.bin'"));

  request = hs_replay_request_new_for_delivery (delivery);
  g_assert_true (g_bytes_equal (hs_replay_request_get_body (request), wire));
  message = hs_replay_request_to_message (request, target);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, replay_sent_cb,
                                    &reply);
  while (reply == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  answer = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  again = hs_store_get_delivery (f->store, answer_id (answer), NULL);
  g_assert_true (g_bytes_equal (hs_delivery_get_body (again), wire));
  g_assert_cmpstr (hs_delivery_lookup_header (again, "Content-Encoding"), ==, "br");
  assert_seed_understood (f, answer_id (answer));
}

static guint
count_search (const char *path,
              const char *text)
{
  g_autoptr(HsDeliveryQuery) query = hs_delivery_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  hs_delivery_query_set_text (query, text);
  ids = hs_delivery_query_list_ids (query, db, 0, NULL, &error);
  g_assert_no_error (error);
  sqlite3_close (db);
  return ids->len;
}

/* Migration 9 empties the index and sets its cursor back; the projector fills it again. */
static void
test_reindex_migration (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) form = seed_form ();
  g_autofree char *file = write_temp (f, "form.txt", form);
  g_autofree char *at_file = g_strconcat ("@", file, NULL);
  g_autofree char *target = url (f, "/hooks/form");
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  guint n_projections;
  const HsProjectionInfo * const *projections = hs_projections_get_all (&n_projections);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  sqlite3 *db = NULL;

  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: application/x-www-form-urlencoded",
                          "--data-binary", at_file, target, NULL), ==, 200);
  /* The form's fields are indexed decoded: the email was "qbuirette%40omerlo.com". */
  while (count_search (f->path, SEED_EMAIL) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_clear_object (&f->listener);
  g_clear_object (&f->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 8", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = hs_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_search (f->path, SEED_EMAIL), ==, 0);
  hs_store_start_projections (f->store, projections, n_projections);
  while (count_search (f->path, SEED_EMAIL) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

/* export: HAR's postData has the body decoded (and the bytes received) and a form's params;
 * JSON lines carry show --json's members. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GBytes) wire = encode ("gzip", seed);
  g_autoptr(GBytes) form = seed_form ();
  g_autofree char *gz_file = write_temp (f, "seed.gz", wire);
  g_autofree char *at_gz = g_strconcat ("@", gz_file, NULL);
  g_autofree char *form_file = write_temp (f, "form.txt", form);
  g_autofree char *at_form = g_strconcat ("@", form_file, NULL);
  g_autofree char *target = url (f, "/hooks/export");
  g_autofree char *seed_text = g_strndup (g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
  g_autofree char *wire_base64 = g_base64_encode (g_bytes_get_data (wire, NULL),
                                                  g_bytes_get_size (wire));
  const char *har_args[] = { g_getenv ("HS_BINARY"), "export", "--db", f->path, NULL };
  const char *jsonl_args[] = { g_getenv ("HS_BINARY"), "export", "--format", "jsonl", "--db",
                               f->path, NULL };
  g_autoptr(GBytes) har = NULL;
  g_autoptr(GBytes) jsonl = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *jsonl_text = NULL;
  JsonArray *entries;
  JsonObject *post;
  JsonArray *params;
  JsonObject *line;

  g_assert_cmpuint (curl (f, NULL, "-H", "Content-Type: application/json", "-H",
                          "Content-Encoding: gzip", "--data-binary", at_gz, target, NULL), ==, 200);
  g_assert_cmpuint (curl (f, NULL, "-H", "Content-Type: application/x-www-form-urlencoded",
                          "--data-binary", at_form, target, NULL), ==, 200);

  har = spawn (NULL, NULL, har_args);
  json_parser_load_from_data (parser, g_bytes_get_data (har, NULL), g_bytes_get_size (har),
                              &error);
  g_assert_no_error (error);
  entries = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "log"),
    "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);

  post = json_object_get_object_member (
    json_object_get_object_member (json_array_get_object_element (entries, 0), "request"),
    "postData");
  g_assert_cmpstr (json_object_get_string_member (post, "text"), ==, seed_text);
  g_assert_cmpstr (json_object_get_string_member (post, "_contentEncoding"), ==, "gzip");
  g_assert_cmpstr (json_object_get_string_member (post, "_wireBase64"), ==, wire_base64);
  g_assert_false (json_object_has_member (post, "_encoding"));

  post = json_object_get_object_member (
    json_object_get_object_member (json_array_get_object_element (entries, 1), "request"),
    "postData");
  params = json_object_get_array_member (post, "params");
  g_assert_cmpuint (json_array_get_length (params), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (params, 0),
                                                  "name"), ==, "payload");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (params, 0),
                                                  "value"), ==, seed_text);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (params, 1),
                                                  "value"), ==, "back office");

  jsonl = spawn (NULL, NULL, jsonl_args);
  jsonl_text = g_strndup (g_bytes_get_data (jsonl, NULL), g_bytes_get_size (jsonl));
  lines = g_strsplit (jsonl_text, "\n", -1);
  json_parser_load_from_data (parser, lines[0], -1, &error);
  g_assert_no_error (error);
  line = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (line, "content_encoding"), ==, "gzip");
  g_assert_cmpint (json_object_get_int_member (line, "decoded_size"), ==, g_bytes_get_size (seed));
  g_assert_cmpstr (json_object_get_string_member (line, "decoded_text"), ==, seed_text);
  g_assert_false (json_object_has_member (line, "body_text"));
  json_parser_load_from_data (parser, lines[1], -1, &error);
  g_assert_no_error (error);
  line = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_null_member (line, "content_encoding"));
  g_assert_false (json_object_has_member (line, "decoded_size"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (line, "form"),
                                                    2), "value"), ==, "café");
}

static int pipeline_done;

static void
test_listener_multipart (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) body = multipart_body ();
  g_autofree char *file = write_temp (f, "multipart.bin", body);
  g_autofree char *at_file = g_strconcat ("@", file, NULL);
  g_autofree char *target = url (f, "/hooks/multipart");
  g_autofree char *answer = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *text = NULL;
  static const char expected[] =
    "\nBody:\n"
    "Multipart, 2 parts:\n"
    "  Part 1, 12 bytes\n"
    "    Content-Disposition: form-data; name=\"note\"\n"
    "\n"
    "    hello, world\n"
    "  Part 2, 40 bytes\n"
    "    Content-Disposition: form-data; name=\"file\"; filename=\"blob.bin\"\n"
    "    Content-Type: application/octet-stream\n"
    "\n"
    "    00000000  f0 f7 fe 05 0c 13 1a 21  28 2f 36 3d 44 4b 52 59  |.......!(/6=DKRY|\n"
    "    00000010  60 67 6e 75 7c 83 8a 91  98 9f a6 ad b4 bb c2 c9  |`gnu|...........|\n"
    "    00000020  d0 d7 de e5 ec f3 fa 01                           |........|\n";

  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: multipart/form-data; boundary=XyZ",
                          "--data-binary", at_file, target, NULL), ==, 200);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, answer_id (answer));
  text = show (f, id_text, NULL);
  g_assert_true (g_str_has_suffix (text, expected));

  /* A part named payload holding the seed (with a binary part beside it) is understood. */
  {
    g_autoptr(GBytes) seed = read_sample ();
    g_autoptr(GByteArray) with_seed = g_byte_array_new ();
    g_autoptr(GBytes) seed_body = NULL;
    g_autofree char *seed_file = NULL;
    g_autofree char *at_seed = NULL;
    static const char head[] =
      "--XyZ\r\nContent-Disposition: form-data; name=\"payload\"\r\n"
      "Content-Type: application/json\r\n\r\n";
    static const char tail[] = "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
                               "\xff\x00\r\n--XyZ--\r\n";

    g_byte_array_append (with_seed, (const guint8 *)head, strlen (head));
    g_byte_array_append (with_seed, g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
    g_byte_array_append (with_seed, (const guint8 *)tail, sizeof tail - 1);
    seed_body = g_bytes_new (with_seed->data, with_seed->len);
    seed_file = write_temp (f, "multipart-seed.bin", seed_body);
    at_seed = g_strconcat ("@", seed_file, NULL);
    g_clear_pointer (&answer, g_free);
    g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: multipart/form-data; boundary=XyZ",
                            "--data-binary", at_seed, target, NULL), ==, 200);
    assert_seed_understood (f, answer_id (answer));
  }
}

/* Three requests on one connection, sent before any answer is read; raw bytes, since no client
 * library here pipelines. */
static gpointer
pipeline_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) requests = g_string_new (NULL);
  g_autoptr(GByteArray) answers = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *in;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"event_name\":\"pipelined_%u\"}", i);

      g_string_append_printf (requests,
                              "POST /hooks/pipelined/%u HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n%s",
                              i, strlen (body), i == 3 ? "Connection: close\r\n" : "", body);
    }
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, requests->str, requests->len, NULL, NULL,
                                            &error));
  g_assert_no_error (error);
  for (;;)
    {
      guint8 buffer[4096];
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      if (n <= 0)
        break;
      g_byte_array_append (answers, buffer, n);
    }
  g_byte_array_append (answers, (const guint8 *)"", 1);
  g_atomic_int_set (&pipeline_done, 1);

  return g_strdup ((const char *)answers->data);
}

static void
test_clients (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) seed = read_sample ();
  g_autoptr(GByteArray) bom = g_byte_array_new ();
  g_autoptr(GBytes) bom_body = NULL;
  g_autofree char *seed_file = write_temp (f, "seed.json", seed);
  g_autofree char *at_seed = g_strconcat ("@", seed_file, NULL);
  g_autofree char *bom_file = NULL;
  g_autofree char *at_bom = NULL;
  g_autofree char *target = url (f, "/hooks/clients");
  g_autofree char *answer = NULL;
  g_autofree char *pipelined = NULL;
  g_autofree char *node = NULL;
  GThread *thread;
  const char *p;
  gint64 first;
  guint n = 0;

  /* curl sends Expect: 100-continue for large bodies; here it is asked for explicitly. */
  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                          "Expect: 100-continue", "--data-binary", at_seed, target, NULL), ==, 200);
  assert_seed_understood (f, answer_id (answer));
  g_clear_pointer (&answer, g_free);

  g_assert_cmpuint (curl (f, &answer, "--http1.0", "-H", "Content-Type: application/json",
                          "--data-binary", at_seed, target, NULL), ==, 200);
  assert_seed_understood (f, answer_id (answer));
  g_clear_pointer (&answer, g_free);

  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: application/json", "-H",
                          "Transfer-Encoding: chunked", "--data-binary", at_seed, target, NULL),
                    ==, 200);
  assert_seed_understood (f, answer_id (answer));
  g_clear_pointer (&answer, g_free);

  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: application/json; charset=utf-8",
                          "--data-binary", at_seed, target, NULL), ==, 200);
  assert_seed_understood (f, answer_id (answer));
  g_clear_pointer (&answer, g_free);

  g_assert_cmpuint (curl (f, &answer, "-X", "PUT", "-H", "Content-Type: application/json",
                          "--data-binary", at_seed, target, NULL), ==, 200);
  assert_seed_understood (f, answer_id (answer));
  g_clear_pointer (&answer, g_free);

  g_byte_array_append (bom, (const guint8 *)"\xef\xbb\xbf", 3);
  g_byte_array_append (bom, g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
  bom_body = g_bytes_new (bom->data, bom->len);
  bom_file = write_temp (f, "bom.json", bom_body);
  at_bom = g_strconcat ("@", bom_file, NULL);
  g_assert_cmpuint (curl (f, &answer, "-H", "Content-Type: application/json", "--data-binary",
                          at_bom, target, NULL), ==, 200);
  assert_seed_understood (f, answer_id (answer));
  g_clear_pointer (&answer, g_free);

  /* Node's fetch, the seed gzipped by Node's zlib (where Node is installed: it is not one of
   * the build's packages). */
  node = g_find_program_in_path ("node");
  if (node != NULL)
    {
      const char *script =
        "const zlib = require('zlib'), fs = require('fs');"
        "fetch(process.argv[1], {method: 'POST', headers: {'Content-Type': 'application/json',"
        " 'Content-Encoding': 'gzip'}, body: zlib.gzipSync(fs.readFileSync(process.argv[2]))})"
        ".then(async r => process.stdout.write(r.status + ' ' + await r.text()))"
        ".catch(e => { console.error(String(e)); process.exit(3); });";
      const char *args[] = { node, "-e", script, target, seed_file, NULL };
      g_autoptr(GBytes) out = NULL;
      g_autofree char *node_err = NULL;
      g_autofree char *text = NULL;
      int status = -1;

      out = spawn (&status, &node_err, args);
      text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
      g_assert_cmpint (status, ==, 0);
      g_assert_true (g_str_has_prefix (text, "200 "));
      assert_seed_understood (f, answer_id (text + 4));
    }
  else
    g_test_message ("node is not installed: fetch not tried");

  pipeline_done = 0;
  thread = g_thread_new ("pipeline", pipeline_thread, f);
  while (!g_atomic_int_get (&pipeline_done))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  pipelined = g_thread_join (thread);

  /* Three answers, in order, for three deliveries with consecutive ids. */
  for (p = pipelined; (p = strstr (p, "HTTP/1.1 200")) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, 3);
  p = strstr (pipelined, "\"id\":");
  g_assert_nonnull (p);
  first = g_ascii_strtoll (p + 5, NULL, 10);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("/hooks/pipelined/%u", i + 1);
      g_autofree char *event = g_strdup_printf ("pipelined_%u", i + 1);
      g_autoptr(HsDelivery) delivery = wait_projected (f, first + i);

      g_assert_cmpstr (hs_delivery_get_path (delivery), ==, path);
      g_assert_cmpstr (hs_delivery_get_event_name (delivery), ==, event);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/body-codec/decode-each", test_decode_each);
  g_test_add_func ("/body-codec/decode-stacked", test_decode_stacked);
  g_test_add_func ("/body-codec/decode-errors", test_decode_errors);
  g_test_add_func ("/body-codec/form-parse", test_form_parse);
  g_test_add_func ("/body-codec/multipart-parse", test_multipart_parse);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/body-codec/listener-encodings", test_listener_encodings);
  ADD ("/body-codec/listener-bomb", test_listener_bomb);
  ADD ("/body-codec/listener-corrupt", test_listener_corrupt);
  ADD ("/body-codec/listener-form", test_listener_form);
  ADD ("/body-codec/listener-multipart", test_listener_multipart);
  ADD ("/body-codec/replay-and-curl", test_replay_and_curl);
  ADD ("/body-codec/reindex-migration", test_reindex_migration);
  ADD ("/body-codec/export", test_export);
  ADD ("/body-codec/clients", test_clients);
#undef ADD

  return g_test_run ();
}
