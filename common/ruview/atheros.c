/* libruview — Atheros CSI Tool log (see atheros.h). */
#include "ruview/atheros.h"

#include <string.h>

static const RvToneGrid *
tones_of (unsigned n)
{
  return n == 56 ? &rv_tones_ht20 : n == 114 ? &rv_tones_ht40 : NULL;
}

static unsigned
csi_bytes (unsigned tones, unsigned nr, unsigned nc)
{
  return (tones * nr * nc * 20u + 7u) / 8u;
}

RvCaptureStatus
rv_atheros_parse (const uint8_t * d, size_t len, int be, size_t * size,
    RvAtherosRecord * o)
{
  const uint8_t *h = d + 2;
  size_t L;

  memset (o, 0, sizeof (*o));
  *size = 0;
  if (len < 2 + RV_ATHEROS_HEADER_SIZE)
    return RV_CAPTURE_NEED_MORE;
  L = be ? rv_ld16be (d) : rv_ld16le (d);
  o->timestamp = be ? rv_ld64be (h) : rv_ld64le (h);
  o->csi_len = be ? rv_ld16be (h + 8) : rv_ld16le (h + 8);
  o->channel = be ? rv_ld16be (h + 10) : rv_ld16le (h + 10);
  o->err_info = h[12];
  o->noise_floor = h[13];
  o->rate = h[14];
  o->bandwidth = h[15];
  o->num_tones = h[16];
  o->nr = h[17];
  o->nc = h[18];
  o->rssi = h[19];
  o->rssi_chain[0] = h[20];
  o->rssi_chain[1] = h[21];
  o->rssi_chain[2] = h[22];
  o->payload_len = be ? rv_ld16be (h + 23) : rv_ld16le (h + 23);
  o->csi = h + RV_ATHEROS_HEADER_SIZE;
  if (L != (size_t) RV_ATHEROS_HEADER_SIZE + o->csi_len + o->payload_len)
    return RV_CAPTURE_ERR_LENGTH;
  *size = 2 + L;
  if (o->csi_len != 0) {
    if (!tones_of (o->num_tones) || o->nr < 1 || o->nr > 3 || o->nc < 1
        || o->nc > 3 || o->bandwidth > 1)
      return RV_CAPTURE_ERR_DIMENSIONS;
    if (o->csi_len != csi_bytes (o->num_tones, o->nr, o->nc))
      return RV_CAPTURE_ERR_LENGTH;
  }
  if (len < *size)
    return RV_CAPTURE_NEED_MORE;
  return o->csi_len ? RV_CAPTURE_FRAME : RV_CAPTURE_NON_CSI;
}

/* 10 bits at a bit cursor of the 16-bit-word stream: byte k of its
 * little-endian view is file byte k (LE logs) or k ^ 1 (BE logs) */
static unsigned
bits10 (const RvAtherosRecord * r, int be, unsigned bit)
{
  unsigned byte = bit >> 3, i;
  uint32_t w = 0;
  for (i = 0; i < 3; i++) {
    size_t at = (size_t) (byte + i) ^ (be ? 1u : 0u);
    if (at < r->csi_len)
      w |= (uint32_t) r->csi[at] << (8u * i);
  }
  return (w >> (bit & 7u)) & 0x3ffu;
}

static double
s10 (unsigned v)
{
  return (double) ((int) v - ((v & 0x200u) ? 1024 : 0));
}

int
rv_atheros_fill_frame (const RvAtherosRecord * r, int be, RvCsiFrame * f)
{
  const RvToneGrid *g = tones_of (r->num_tones);
  unsigned nr = r->nr, nc = r->nc, t, x, y, bit = 0, ncol;

  if (!g)
    return -1;
  ncol = rv_tone_grid_count (g);
  if (f->layout != RV_LAYOUT_COMPLEX || f->dim0 != nr * nc
      || f->dim1 != ncol)
    return -1;
  rv_tone_grid_fill_index (g, f->subcarrier_index);
  for (t = 0; t < ncol; t++) {
    for (x = 0; x < nr; x++) {
      for (y = 0; y < nc; y++) {
        double *z = f->data + ((size_t) (x * nc + y) * ncol + t) * 2u;
        /* imaginary first, then real */
        z[1] = s10 (bits10 (r, be, bit));
        z[0] = s10 (bits10 (r, be, bit + 10));
        bit += 20;
      }
    }
  }
  return 0;
}

/* ---- the decoder ---- */

static void
ath_init (void *state, const RvCaptureOptions * opts)
{
  memset (state, 0, sizeof (RvAtheros));
}

/* How many records (up to 64) chain from the start of data in this byte
 * order (a record cut by the end counts when its header is consistent). */
static unsigned
chain (const uint8_t * d, size_t len, int be)
{
  size_t off = 0, size;
  unsigned n = 0;
  RvAtherosRecord r;

  while (off < len && n < 64) {
    RvCaptureStatus s = rv_atheros_parse (d + off, len - off, be, &size, &r);
    if (s == RV_CAPTURE_NEED_MORE && size > 0)
      return n + 1;
    if (s != RV_CAPTURE_FRAME && s != RV_CAPTURE_NON_CSI)
      return n;
    n++;
    off += size;
  }
  return n;
}

static RvCaptureStatus
ath_next (void *state, const uint8_t * data, size_t len, int at_eof,
    size_t * consumed, RvCaptureInfo * info)
{
  RvAtheros *st = state;
  RvAtherosRecord *r = &st->last;
  RvCaptureStatus s;
  size_t size, skip;

  *consumed = 0;
  if (len == 0)
    return at_eof ? RV_CAPTURE_END : RV_CAPTURE_NEED_MORE;
  if (!st->order_known) {
    /* the byte order whose records chain further (wait for a window) */
    unsigned le, be;
    if (len < 4096 && !at_eof)
      return RV_CAPTURE_NEED_MORE;
    le = chain (data, len, 0);
    be = chain (data, len, 1);
    st->big_endian = be > le;
    st->order_known = 1;
  }
  s = rv_atheros_parse (data, len, st->big_endian, &size, r);
  if (s == RV_CAPTURE_NEED_MORE && !at_eof)
    return s;
  if (s == RV_CAPTURE_FRAME || s == RV_CAPTURE_NON_CSI) {
    *consumed = size;
    if (s == RV_CAPTURE_NON_CSI)
      return s;
    memset (info, 0, sizeof (*info));
    info->n_streams = (uint16_t) (r->nr * r->nc);
    info->n_subcarriers = (uint16_t) rv_tone_grid_count (tones_of
        (r->num_tones));
    info->timestamp_us = r->timestamp;
    info->sequence = st->counter++;
    info->freq_mhz = r->channel;
    info->bandwidth_mhz = r->bandwidth ? 40 : 20;
    info->noise_floor_dbm = (int8_t) r->noise_floor;
    info->ppdu_type = RV_ADR018_PPDU_HT_LEGACY;
    info->hw_flags = r->bandwidth ? RV_ADR018_FLAG_BW40 : 0;
    return RV_CAPTURE_FRAME;
  }
  if (s == RV_CAPTURE_NEED_MORE) {
    /* at the end: a partial record */
    *consumed = len;
    return RV_CAPTURE_ERR_TRUNCATED;
  }
  /* a record that does not chain: skip to the next offset where two
   * records chain (or one reaches the end of the input) */
  for (skip = 1; skip < len; skip++) {
    unsigned n;
    /* a position whose header is not all here yet cannot be judged: stop,
     * and look at it again with the bytes that follow (else how the input
     * is cut into pieces decides which records are found) */
    if (!at_eof && len - skip < 2 + RV_ATHEROS_HEADER_SIZE)
      break;
    n = chain (data + skip, len - skip, st->big_endian);
    if (n >= 2 || (n == 1 && at_eof))
      break;
    if (!at_eof && len - skip < RV_ATHEROS_MAX_ENTRY && n == 1)
      break;
  }
  *consumed = skip;
  return s == RV_CAPTURE_ERR_DIMENSIONS || s == RV_CAPTURE_ERR_LENGTH ? s
      : RV_CAPTURE_ERR_RESYNC;
}

static int
ath_fill (void *state, RvCsiFrame * f)
{
  RvAtheros *st = state;
  return rv_atheros_fill_frame (&st->last, st->big_endian, f);
}

/* Records with CSI chaining from the start in either byte order */
static unsigned
ath_probe (const uint8_t * head, size_t len)
{
  size_t size;
  RvAtherosRecord r;
  int be;

  for (be = 0; be < 2; be++) {
    RvCaptureStatus s = rv_atheros_parse (head, len, be, &size, &r);
    if ((s == RV_CAPTURE_FRAME || (s == RV_CAPTURE_NEED_MORE && size > 0))
        && r.csi_len > 0 && chain (head, len, be) >= 1)
      return 80;
  }
  return 0;
}

const RvCaptureFormat rv_capture_atheros = {
  "atheros",
  "Atheros CSI Tool log",
  ath_probe,
  sizeof (RvAtheros),
  RV_ATHEROS_MAX_ENTRY + 4096,
  0,
  ath_init,
  ath_next,
  ath_fill,
};
