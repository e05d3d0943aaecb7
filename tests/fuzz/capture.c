/* tests/fuzz: the shared driver of the capture-format targets (see
 * capture.h). */
#include "capture.h"

#include <stdlib.h>
#include <string.h>

#include "ruview/capture.h"

/* frames of one pass: count and an FNV-1a hash of every filled record */
typedef struct
{
  unsigned long frames;
  uint64_t hash;
} Pass;

static uint64_t
fnv (uint64_t h, const void *p, size_t n)
{
  const uint8_t *b = p;
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static void
on_frame (const RvCaptureFormat * fmt, void *state, const RvCaptureInfo * info,
    Pass * pass)
{
  size_t size = rv_record_csi_size (RV_LAYOUT_COMPLEX, info->n_streams,
      info->n_subcarriers);
  uint8_t *rec;
  RvCsiFrame f;
  unsigned k;

  /* csisrc lays the frame out as a record: it must fit one */
  RV_FUZZ_CHECK (size > 0);
  if (posix_memalign ((void **) &rec, 8, size) != 0)
    abort ();
  RV_FUZZ_CHECK (rv_record_csi_init (rec, size, RV_LAYOUT_COMPLEX,
          info->n_streams, info->n_subcarriers, &f) == RV_RECORD_OK);
  rv_capture_info_apply (info, &f);
  RV_FUZZ_CHECK (fmt->fill (state, &f) == 0);
  for (k = 1; k < f.dim1; k++)
    RV_FUZZ_CHECK (f.subcarrier_index[k - 1] < f.subcarrier_index[k]);
  rv_record_csi_sync (rec, &f);
  pass->hash = fnv (pass->hash, rec, size);
  pass->frames++;
  free (rec);
}

/* Decode data[0..size), handed over `chunk` bytes at a time (size: all at
 * once). */
static Pass
decode (const RvCaptureFormat * fmt, const RvCaptureOptions * opts,
    const uint8_t * data, size_t size, size_t chunk)
{
  void *state = malloc (fmt->state_size ? fmt->state_size : 1);
  Pass pass = { 0, 0xcbf29ce484222325ull };
  size_t start = 0, avail = chunk < size ? chunk : size, calls = 0;
  unsigned idle = 0;

  fmt->init (state, opts);
  for (;;) {
    RvCaptureInfo info;
    size_t used = 0;
    int at_eof = avail == size;
    RvCaptureStatus s = fmt->next (state, data + start, avail - start,
        at_eof, &used, &info);

    RV_FUZZ_CHECK (rv_capture_status_str (s) != NULL);
    RV_FUZZ_CHECK (used <= avail - start);
    RV_FUZZ_CHECK (++calls <= 4 * size + 8);
    if (s == RV_CAPTURE_END) {
      RV_FUZZ_CHECK (at_eof);
      break;
    }
    if (s == RV_CAPTURE_NEED_MORE) {
      /* at the end of the input a decoder must decide, not wait */
      RV_FUZZ_CHECK (!at_eof);
      avail = avail + chunk < size ? avail + chunk : size;
      continue;
    }
    /* every other status moves on; a report that consumes nothing (an
     * incomplete frame at the end, say) may not repeat */
    idle = used > 0 || s == RV_CAPTURE_FRAME ? 0 : idle + 1;
    RV_FUZZ_CHECK (idle <= 1);
    if (s == RV_CAPTURE_FRAME)
      on_frame (fmt, state, &info, &pass);
    start += used;
  }
  free (state);
  return pass;
}

int
rv_fuzz_capture_run (const char *name, const uint8_t * data, size_t size)
{
  const RvCaptureFormat *fmt = rv_capture_format_by_name (name);
  RvCaptureOptions opts;
  Pass whole, pieces;

  RV_FUZZ_CHECK (fmt != NULL);
  (void) fmt->probe (data, size < 4096 ? size : 4096);
  memset (&opts, 0, sizeof opts);
  opts.esp32_order = size > 0 && (data[0] & 1) ? RV_IQ_Q_FIRST : RV_IQ_I_FIRST;
  opts.nexmon_chip = RV_NEXMON_CHIP_AUTO;
  whole = decode (fmt, &opts, data, size, size);
  /* pieces of 1..64 bytes, chosen by the input */
  pieces = decode (fmt, &opts, data, size,
      1 + (size > 0 ? data[size - 1] % 64 : 0));
  RV_FUZZ_CHECK (whole.frames == pieces.frames);
  RV_FUZZ_CHECK (whole.hash == pieces.hash);
  return 0;
}

void
rv_fuzz_capture_seeds (const char *name)
{
  static const char text[] = "\n\r\nCSI_DATA,0,aa:bb:cc:dd:ee:ff,-40,11,"
      "1,0,0,0,0,0,0,0,0,0,0,-92,0,6,0,12345,0,128,0,\"[1 2 3 4]\"\n";
  static const uint8_t zeros[64] = { 0 };
  rv_fuzz_seed ("lines", text, sizeof text - 1);
  rv_fuzz_seed ("zeros", zeros, sizeof zeros);
  rv_fuzz_seed ("name", name, strlen (name));
}
