/* tests/fuzz: the capture-format decoders of libruview (ruview/capture.h)
 * driven as csisrc drives them: the whole input at once (a file), then the
 * same bytes arriving in pieces (a pipe, a serial device: NEED_MORE, more
 * bytes, at_eof only at the end).  Checks: statuses consume input within
 * the bytes given and never twice in a row nothing (so the loop ends); at
 * the end a decoder decides; a frame has a record layout
 * and fills it, its subcarriers strictly ascending; both passes give the
 * same frames.  A target is RV_FUZZ_CAPTURE_TARGET ("name") plus seeds;
 * `./run fuzz` adds the real captures of that format as a read-only start
 * corpus when the shared data directory is present (read in place). */
#ifndef RV_FUZZ_CAPTURE_H
#define RV_FUZZ_CAPTURE_H

#include "fuzz.h"

int rv_fuzz_capture_run (const char *name, const uint8_t * data,
    size_t size);
/* a few generic seeds (empty lines, a header-like start) */
void rv_fuzz_capture_seeds (const char *name);

#define RV_FUZZ_CAPTURE_TARGET(name)                                    \
  int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)        \
  {                                                                     \
    return rv_fuzz_capture_run (name, data, size);                      \
  }

#endif
