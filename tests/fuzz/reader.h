/* tests/fuzz: the csisrc file readers (gst/ruview/rvreader*.c) driven as
 * csisrc drives them, over an in-memory FILE.  A reader target is
 *   LLVMFuzzerInitialize → rv_fuzz_reader_init ()
 *   LLVMFuzzerTestOneInput → rv_fuzz_reader_run (&gst_rv_reader_X, …)
 * plus its seeds.  Checks: the probes of every format run on the head;
 * every buffer a reader returns maps as a valid csi or fused buffer with
 * the PTS of its record; every next() that does not end the file consumes
 * input (so a reader cannot spin); the file always ends in EOS or ERROR.
 * RV_FUZZ_READER_TARGET (gst_rv_reader_X) defines both entry points. */
#ifndef RV_FUZZ_READER_H
#define RV_FUZZ_READER_H

#include "fuzz.h"
#include "rvreader.h"

int rv_fuzz_reader_init (void);
int rv_fuzz_reader_run (const GstRvReaderFormat * fmt, const uint8_t * data,
    size_t size);
/* A buffer a reader returned maps as a valid csi or fused buffer with the
 * PTS of its record. */
void rv_fuzz_check_buffer (GstBuffer * buf, gboolean fused);

#define RV_FUZZ_READER_TARGET(format)                                   \
  int LLVMFuzzerInitialize (int *argc, char ***argv)                    \
  {                                                                     \
    return rv_fuzz_reader_init ();                                      \
  }                                                                     \
  int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)        \
  {                                                                     \
    return rv_fuzz_reader_run (&format, data, size);                    \
  }

#endif
