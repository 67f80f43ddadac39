/* hs-fuzz.h: the fuzz targets' entry points, shared by libFuzzer and the regression test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target is a plain function of the input bytes so that the gcc build can replay every
 * input libFuzzer ever crashed on (tests/test-fuzz-regressions.c), through the same code.
 * A target aborts (g_error) when a property it checks does not hold.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef int (*HsFuzzFunc) (const guint8 *data,
                           gsize         size);

int hs_fuzz_payload  (const guint8 *data,
                      gsize         size);
int hs_fuzz_json     (const guint8 *data,
                      gsize         size);
int hs_fuzz_schedule (const guint8 *data,
                      gsize         size);
int hs_fuzz_ics      (const guint8 *data,
                      gsize         size);
int hs_fuzz_http     (const guint8 *data,
                      gsize         size);

/* Shared by the schedule and iCalendar targets: a `schedule` object built from the input,
 * either the input itself when it is a JSON object, or one of the samples' schedules with its
 * fields replaced by values the input picks (fuzz-schedule-input.c). Consumes bytes from *data. */
typedef struct
{
  const guint8 *p;
  const guint8 *end;
} HsFuzzInput;

guint       hs_fuzz_input_byte     (HsFuzzInput *in);
guint       hs_fuzz_input_u16      (HsFuzzInput *in);
char       *hs_fuzz_input_string   (HsFuzzInput *in,
                                    gsize        max);
JsonObject *hs_fuzz_schedule_object (HsFuzzInput *in);

G_END_DECLS

/* libFuzzer's entry points, defined by each target when built for libFuzzer. g_error() stops
 * with SIGTRAP, which libFuzzer does not catch: made an abort so the input is saved. */
#ifdef HS_LIBFUZZER
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
#define HS_FUZZ_ENTRY(func)                                       \
  G_NORETURN static void                                          \
  hs_fuzz_trap_to_abort (int sig)                                 \
  {                                                               \
    abort ();                                                     \
  }                                                               \
                                                                  \
  int                                                             \
  LLVMFuzzerInitialize (int    *argc,                             \
                        char ***argv)                             \
  {                                                               \
    signal (SIGTRAP, hs_fuzz_trap_to_abort);                      \
    return 0;                                                     \
  }                                                               \
                                                                  \
  int                                                             \
  LLVMFuzzerTestOneInput (const uint8_t *data,                    \
                          size_t         size)                    \
  {                                                               \
    return func (data, size);                                     \
  }
#else
#define HS_FUZZ_ENTRY(func)
#endif
