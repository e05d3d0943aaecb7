/* Fuzz target: csisrc's .rvcsi reader (gst/ruview/rvreader-record.c):
 * resynchronisation after bad headers, fused records and their node
 * records, truncation at end of file. */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

#include "seeds.h"

RV_FUZZ_READER_TARGET (gst_rv_reader_record)

void
rv_fuzz_seeds (void)
{
  uint8_t *parts[4], *all;
  size_t lens[4], total = 0, off = 0, i;

  parts[0] = rv_fuzz_csi_record (RV_LAYOUT_COMPLEX, 1, 64, 1, 1, &lens[0]);
  parts[1] = rv_fuzz_csi_record (RV_LAYOUT_CANONICAL, 3, 56, 2, 1, &lens[1]);
  parts[2] = rv_fuzz_fused_recording (3, 12, 5, &lens[2]);
  parts[3] = rv_fuzz_fused_recording (0, 0, 6, &lens[3]);
  for (i = 0; i < 4; i++)
    total += lens[i];
  all = malloc (total + 16);
  for (i = 0; i < 4; i++) {
    memcpy (all + off, parts[i], lens[i]);
    off += lens[i];
  }
  rv_fuzz_seed ("csi-then-fused", all, total);
  /* garbage in front: the reader resynchronises on the first magic */
  memmove (all + 16, all, total);
  memset (all, 0x5a, 16);
  rv_fuzz_seed ("resync", all, total + 16);
  rv_fuzz_seed ("fused-only", parts[2], lens[2]);
  /* the same recording as the versions before the checksum trailer */
  rv_fuzz_seed ("older-versions", all + 16, rv_fuzz_older_recording (all + 16,
          total));
  for (i = 0; i < 4; i++)
    free (parts[i]);
  free (all);
}
