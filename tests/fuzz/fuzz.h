/* tests/fuzz — one libFuzzer target per parser.
 *
 * A target is one file that defines LLVMFuzzerTestOneInput() (and, when it
 * needs one-time set-up such as gst_init, LLVMFuzzerInitialize()) plus
 * rv_fuzz_seeds(), which hands its generated seed inputs to rv_fuzz_seed().
 * The same file builds two ways (tests/fuzz/meson.build, one line per
 * target):
 *   fuzz-NAME-replay  any compiler, main() in replay.c: runs the generated
 *                     seeds and every file of tests/fuzz/corpus/NAME/ once;
 *                     a test of `./run test`;
 *   fuzz-NAME         clang -fsanitize=fuzzer (-Dfuzzing=enabled): the
 *                     libFuzzer binary `./run fuzz` drives.
 * A target checks what the parser promises (bounds, round trips, progress)
 * and calls rv_fuzz_fail() when a promise is broken, so a wrong result is a
 * crash for the fuzzer and a failure for the replay test. */
#ifndef RV_FUZZ_H
#define RV_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);
/* optional: weak, so replay.c can tell whether a target defines it */
int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

/* The target's generated seeds: calls rv_fuzz_seed once per input. */
void rv_fuzz_seeds (void);
/* One seed input (name: a short file name, unique within the target). */
void rv_fuzz_seed (const char *name, const void *data, size_t len);

/* Report a broken promise and abort. */
void rv_fuzz_fail (const char *file, int line, const char *what)
    __attribute__ ((noreturn));
#define RV_FUZZ_CHECK(cond) \
  do { if (!(cond)) rv_fuzz_fail (__FILE__, __LINE__, #cond); } while (0)

/* Set by replay.c; NULL in the libFuzzer binary (seeds unused there). */
extern void (*rv_fuzz_seed_sink) (const char *name, const void *data,
    size_t len);

#endif
