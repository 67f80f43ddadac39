/* hs-body-codec.c: a request body decoded from its Content-Encoding (gzip, deflate, br)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store keeps the bytes as they came over the wire; whoever reads a body for what it
 * says (the listener's JSON check, the projections, the detail view, `show`) decodes it here.
 * Decoding is always bounded: it stops as soon as the output passes the limit, so a 10 KiB
 * gzip that inflates to gigabytes (a decompression bomb) costs at most the limit in memory and
 * time. Codings apply in the order listed ("gzip, br": gzip first), so they are undone from
 * the last. "deflate" is meant to be zlib (RFC 9110), but senders also send raw deflate; the
 * two are told apart by the zlib header, as browsers and curl do.
 */

#define G_LOG_DOMAIN "hs-body-codec"

#include "config.h"

#include <inttypes.h>
#include <brotli/decode.h>
#include <glib/gi18n.h>
#include <string.h>

#include "hs-body-codec.h"

/* Output is produced this much at a time. */
#define CHUNK (64 * 1024)

G_DEFINE_QUARK (hs-body-codec-error-quark, hs_body_codec_error)

typedef struct
{
  GByteArray *out;
  guint64     max;
  gboolean    prefix;
  gboolean    full;   /* prefix mode: the limit was reached */
} Output;

/* Makes room for CHUNK more bytes; FALSE (with an error unless in prefix mode) once the
 * output holds more than the limit. */
static gboolean
output_check (Output      *output,
              const char  *coding,
              GError     **error)
{
  if (output->out->len <= output->max)
    return TRUE;

  if (output->prefix)
    {
      g_byte_array_set_size (output->out, output->max);
      output->full = TRUE;
      return FALSE;
    }

  g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_TOO_LARGE,
               _("the %s body decodes to more than %" PRIu64 " bytes"), coding,
               output->max);
  return FALSE;
}

static gboolean
looks_like_zlib (const guint8 *data,
                 gsize         size)
{
  /* RFC 1950: CM = 8 (deflate), window ≤ 32 KiB, and the two bytes a multiple of 31. */
  return size >= 2 && (data[0] & 0x0f) == 8 && (data[0] >> 4) <= 7 &&
         ((data[0] << 8) | data[1]) % 31 == 0;
}

static gboolean
inflate_into (const char    *coding,
              const guint8  *data,
              gsize          size,
              Output        *output,
              GError       **error)
{
  GZlibCompressorFormat format = G_ZLIB_COMPRESSOR_FORMAT_GZIP;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  gsize done = 0;

  if (g_str_equal (coding, "deflate"))
    format = looks_like_zlib (data, size) ? G_ZLIB_COMPRESSOR_FORMAT_ZLIB
                                          : G_ZLIB_COMPRESSOR_FORMAT_RAW;
  decompressor = g_zlib_decompressor_new (format);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize read = 0, written = 0;
      guint old_len = output->out->len;
      GConverterResult result;

      g_byte_array_set_size (output->out, old_len + CHUNK);
      result = g_converter_convert (G_CONVERTER (decompressor), data + done, size - done,
                                    output->out->data + old_len, CHUNK,
                                    G_CONVERTER_INPUT_AT_END, &read, &written, &local_error);
      g_byte_array_set_size (output->out, old_len + written);
      done += read;

      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                         _("the %s stream ends before its end"), coding);
          else
            g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                         _("the %s stream is corrupt"), coding);
          return FALSE;
        }

      if (!output_check (output, coding, error))
        return output->full;

      if (result == G_CONVERTER_FINISHED)
        {
          if (done == size)
            return TRUE;
          /* gzip allows several members one after the other (RFC 1952 § 2.2). */
          if (format != G_ZLIB_COMPRESSOR_FORMAT_GZIP)
            {
              g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                           _("the %s stream is followed by other bytes"), coding);
              return FALSE;
            }
          g_converter_reset (G_CONVERTER (decompressor));
        }
    }
}

static gboolean
brotli_into (const guint8  *data,
             gsize          size,
             Output        *output,
             GError       **error)
{
  BrotliDecoderState *state = BrotliDecoderCreateInstance (NULL, NULL, NULL);
  const uint8_t *next_in = data;
  size_t avail_in = size;
  gboolean ok = FALSE;

  if (state == NULL)
    {
      g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                   _("the br decoder could not start"));
      return FALSE;
    }

  for (;;)
    {
      guint old_len = output->out->len;
      size_t avail_out = CHUNK;
      uint8_t *next_out;
      BrotliDecoderResult result;

      g_byte_array_set_size (output->out, old_len + CHUNK);
      next_out = output->out->data + old_len;
      result = BrotliDecoderDecompressStream (state, &avail_in, &next_in, &avail_out, &next_out,
                                              NULL);
      g_byte_array_set_size (output->out, old_len + (CHUNK - avail_out));

      if (!output_check (output, "br", error))
        {
          ok = output->full;
          break;
        }

      if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
        continue;
      if (result == BROTLI_DECODER_RESULT_SUCCESS && avail_in == 0)
        ok = TRUE;
      else if (result == BROTLI_DECODER_RESULT_SUCCESS)
        g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                     _("the %s stream is followed by other bytes"), "br");
      else if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
        g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                     _("the %s stream ends before its end"), "br");
      else
        g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_CORRUPT,
                     _("the %s stream is corrupt (%s)"), "br",
                     BrotliDecoderErrorString (BrotliDecoderGetErrorCode (state)));
      break;
    }

  BrotliDecoderDestroyInstance (state);
  return ok;
}

/**
 * hs_body_codec_dup_encoding:
 *
 * Returns: (nullable): the delivery's Content-Encoding, every such header joined by ", "
 *   (as HTTP reads repeated headers); %NULL when it has none
 */
char *
hs_body_codec_dup_encoding (HsDelivery *delivery)
{
  GString *joined = NULL;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  for (guint i = 0; i < hs_delivery_get_n_headers (delivery); i++)
    {
      if (g_ascii_strcasecmp (hs_delivery_get_header_name (delivery, i),
                              "Content-Encoding") != 0)
        continue;
      if (joined == NULL)
        joined = g_string_new (NULL);
      else
        g_string_append (joined, ", ");
      g_string_append (joined, hs_delivery_get_header_value (delivery, i));
    }

  return joined ? g_string_free (joined, FALSE) : NULL;
}

/* The codings, lowercased, in the order they were applied; "identity" and empty items
 * dropped. */
static GStrv
split_codings (const char *content_encoding)
{
  g_auto(GStrv) items = g_strsplit (content_encoding ? content_encoding : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *coding = g_ascii_strdown (g_strstrip (items[i]), -1);

      if (coding[0] != '\0' && !g_str_equal (coding, "identity"))
        g_strv_builder_add (builder, coding);
    }

  return g_strv_builder_end (builder);
}

/* No coding at all (absent, empty, or "identity"): the body is what it says. */
gboolean
hs_body_codec_is_identity (const char *content_encoding)
{
  g_auto(GStrv) codings = split_codings (content_encoding);

  return codings[0] == NULL;
}

/**
 * hs_body_codec_decode:
 * @content_encoding: (nullable): the Content-Encoding header's value
 * @body: (nullable): the bytes as received
 * @max_size: the most bytes decoding may produce
 * @prefix: stop at @max_size and return what was decoded so far instead of failing
 *
 * Undoes gzip, x-gzip, deflate (zlib or raw) and br, in the reverse of the order listed.
 *
 * Returns: (transfer full) (nullable): the decoded body (@body itself when there is no
 *   coding), or %NULL with %HS_BODY_CODEC_ERROR_UNSUPPORTED, _CORRUPT or _TOO_LARGE
 */
GBytes *
hs_body_codec_decode (const char  *content_encoding,
                      GBytes      *body,
                      guint64      max_size,
                      gboolean     prefix,
                      GError     **error)
{
  g_auto(GStrv) codings = split_codings (content_encoding);
  g_autoptr(GBytes) current = body ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  guint n = g_strv_length (codings);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *coding = codings[i];

      if (!g_str_equal (coding, "gzip") && !g_str_equal (coding, "x-gzip") &&
          !g_str_equal (coding, "deflate") && !g_str_equal (coding, "br"))
        {
          g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_UNSUPPORTED,
                       _("Content-Encoding “%s” is not supported (gzip, x-gzip, deflate and br "
                         "are)"), coding);
          return NULL;
        }
    }

  /* Nothing to decode: a GET that carries the header, say, is no corrupt stream. */
  if (g_bytes_get_size (current) == 0)
    return g_steal_pointer (&current);

  for (guint i = n; i > 0; i--)
    {
      const char *coding = codings[i - 1];
      Output output = { g_byte_array_sized_new (CHUNK), max_size, prefix, FALSE };
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (current, &size);
      gboolean ok;

      if (g_str_equal (coding, "br"))
        ok = brotli_into (data, size, &output, error);
      else
        ok = inflate_into (g_str_equal (coding, "x-gzip") ? "gzip" : coding, data, size, &output,
                           error);

      if (!ok)
        {
          g_byte_array_unref (output.out);
          return NULL;
        }
      g_bytes_unref (current);
      current = g_byte_array_free_to_bytes (output.out);
    }

  return g_steal_pointer (&current);
}

const char *
hs_body_codec_refused_message (void)
{
  return _("not decoded: it was refused for its size");
}

/**
 * hs_body_codec_was_refused:
 *
 * Whether the listener refused the body for its size: over the limit as received (truncated),
 * or once decoded (a bomb). Such a body is never decoded again: what it decodes to is what
 * the limit is there to avoid. A custom 413 comes only with a body that passed, whose verdict
 * is not not-json.
 */
gboolean
hs_body_codec_was_refused (HsDelivery *delivery)
{
  g_return_val_if_fail (HS_IS_DELIVERY (delivery), FALSE);

  return (hs_delivery_get_flags (delivery) & HS_DELIVERY_FLAG_TRUNCATED) ||
         (hs_delivery_get_response_status (delivery) == 413 &&
          hs_delivery_get_parse_verdict (delivery) == HS_PARSE_NOT_JSON);
}

/**
 * hs_delivery_dup_decoded_body:
 * @max_size: the most bytes decoding may produce (%HS_BODY_CODEC_READ_LIMIT for readers)
 *
 * The body as its sender meant it. A delivery that the listener refused for its size (413,
 * truncated or a bomb) is not decoded: %HS_BODY_CODEC_ERROR_REFUSED.
 *
 * Returns: (transfer full) (nullable): the decoded body, or the stored one when it has no
 *   Content-Encoding; %NULL with an error
 */
GBytes *
hs_delivery_dup_decoded_body (HsDelivery  *delivery,
                              guint64      max_size,
                              GError     **error)
{
  g_autofree char *encoding = NULL;
  GBytes *body;

  g_return_val_if_fail (HS_IS_DELIVERY (delivery), NULL);

  body = hs_delivery_get_body (delivery);
  encoding = hs_body_codec_dup_encoding (delivery);
  if (hs_body_codec_is_identity (encoding))
    return body ? g_bytes_ref (body) : g_bytes_new (NULL, 0);

  if (hs_body_codec_was_refused (delivery))
    {
      g_set_error (error, HS_BODY_CODEC_ERROR, HS_BODY_CODEC_ERROR_REFUSED,
                   "%s", hs_body_codec_refused_message ());
      return NULL;
    }

  return hs_body_codec_decode (encoding, body, max_size, FALSE, error);
}

/* "2,006 bytes", grouped as the locale groups digits. */
char *
hs_body_codec_format_bytes (guint64 n_bytes)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRIu64 " byte", "%'" PRIu64 " bytes",
                                       n_bytes),
                          n_bytes);
}

/**
 * hs_body_codec_describe:
 * @decoded: (nullable): the decoded body, or %NULL with @error
 *
 * Returns: "gzip, 708 bytes → 2,006 bytes", or "gzip, 708 bytes: the gzip stream is corrupt"
 */
char *
hs_body_codec_describe (const char   *content_encoding,
                        gsize         wire_size,
                        GBytes       *decoded,
                        const GError *error)
{
  g_autofree char *wire = hs_body_codec_format_bytes (wire_size);
  g_auto(GStrv) codings = split_codings (content_encoding);
  g_autofree char *coding = g_strjoinv (", ", codings);

  if (decoded != NULL)
    {
      g_autofree char *size = hs_body_codec_format_bytes (g_bytes_get_size (decoded));

      /* Translators: "gzip, 708 bytes → 2,006 bytes": the encoding, the size received, the
       * size decoded */
      return g_strdup_printf (_("%s, %s → %s"), coding, wire, size);
    }

  /* Translators: "gzip, 708 bytes: the gzip stream is corrupt" */
  return g_strdup_printf (_("%s, %s: %s"), coding, wire,
                          error ? error->message : _("not decoded"));
}
