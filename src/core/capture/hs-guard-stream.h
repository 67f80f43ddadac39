/* hs-guard-stream.h: an accepted connection as libsoup reads it, its header sections watched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* libsoup 3.2 drops a connection whose request line and headers pass 64 KiB (its
 * HEADER_SIZE_LIMIT) without a word; this stream answers 431 itself before libsoup reads that
 * far: at most this many bytes of a request's line and headers, the empty line aside. Less
 * than 64 KiB by what libsoup may hold of a pipelined request before the stream counts it
 * (it reads lines in blocks of 8 KiB), with room to spare. */
#define HS_LISTENER_MAX_HEADER_BYTES (48 * 1024)

#define HS_TYPE_GUARD_STREAM (hs_guard_stream_get_type ())

G_DECLARE_FINAL_TYPE (HsGuardStream, hs_guard_stream, HS, GUARD_STREAM, GIOStream)

/* Called once, on the stream's thread, when the stream answered a request itself (its answer
 * written, its sending side shut); it then drops what the client still sends until the
 * receiving side is shut too, or the client leaves. */
typedef void (*HsGuardStreamRefused) (gpointer user_data);

HsGuardStream *hs_guard_stream_new              (GSocketConnection    *connection);
GSocket       *hs_guard_stream_get_socket       (HsGuardStream        *self);
void           hs_guard_stream_set_refused_func (HsGuardStream        *self,
                                                 HsGuardStreamRefused  func,
                                                 gpointer              user_data);
void           hs_guard_stream_expect_headers   (HsGuardStream        *self);
void           hs_guard_stream_headers_read     (HsGuardStream        *self,
                                                 gboolean              chunked);
gboolean       hs_guard_stream_get_refused      (HsGuardStream        *self);

G_END_DECLS
