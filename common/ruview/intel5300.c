/* libruview — Intel 5300 CSI Tool log (see intel5300.h). */
#include "ruview/intel5300.h"

#include <math.h>
#include <string.h>

/* grouped subcarrier numbers of the 30 columns */
static const int16_t idx20[RV_INTEL5300_GROUPS] = {
  -28, -26, -24, -22, -20, -18, -16, -14, -12, -10, -8, -6, -4, -2, -1,
  1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 28
};

static const int16_t idx40[RV_INTEL5300_GROUPS] = {
  -58, -54, -50, -46, -42, -38, -34, -30, -26, -22, -18, -14, -10, -6, -2,
  2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50, 54, 58
};

RvCaptureStatus
rv_intel5300_parse_bfee (const uint8_t * b, size_t n, RvIntel5300Bfee * o)
{
  unsigned sel;

  memset (o, 0, sizeof (*o));
  if (n < 20)
    return RV_CAPTURE_ERR_LENGTH;
  o->timestamp_low = rv_ld32le (b);
  o->bfee_count = rv_ld16le (b + 4);
  o->nrx = b[8];
  o->ntx = b[9];
  o->rssi_a = b[10];
  o->rssi_b = b[11];
  o->rssi_c = b[12];
  o->noise = (int8_t) b[13];
  o->agc = b[14];
  sel = b[15];
  o->perm[0] = (uint8_t) ((sel & 3) + 1);
  o->perm[1] = (uint8_t) (((sel >> 2) & 3) + 1);
  o->perm[2] = (uint8_t) (((sel >> 4) & 3) + 1);
  o->len = rv_ld16le (b + 16);
  o->rate = rv_ld16le (b + 18);
  o->payload = b + 20;
  if (o->nrx < 1 || o->nrx > 3 || o->ntx < 1 || o->ntx > 3)
    return RV_CAPTURE_ERR_DIMENSIONS;
  /* ⌊(30·(16·Nrx·Ntx + 3) + 7) / 8⌋ */
  if (o->len != (30u * (16u * o->nrx * o->ntx + 3u) + 7u) / 8u)
    return RV_CAPTURE_ERR_LENGTH;
  if (n < 20u + o->len)
    return RV_CAPTURE_ERR_LENGTH;
  return RV_CAPTURE_FRAME;
}

int
rv_intel5300_rss_dbm (const RvIntel5300Bfee * b)
{
  double sum = 0.0;
  if (b->rssi_a)
    sum += pow (10.0, b->rssi_a / 10.0);
  if (b->rssi_b)
    sum += pow (10.0, b->rssi_b / 10.0);
  if (b->rssi_c)
    sum += pow (10.0, b->rssi_c / 10.0);
  if (sum <= 0.0)
    return 0;
  return (int) lround (10.0 * log10 (sum) - 44.0 - b->agc);
}

int
rv_intel5300_fill_frame (const RvIntel5300Bfee * b, RvCsiFrame * f)
{
  const uint8_t *p = b->payload;
  unsigned nrx = b->nrx, ntx = b->ntx, n = nrx * ntx, g, r, t, k;
  unsigned rowmap[3] = { 0, 1, 2 };
  const int16_t *idx = (b->rate & 0x800) ? idx40 : idx20;
  double *rows[9];
  uint32_t cursor = 0;

  if (f->layout != RV_LAYOUT_COMPLEX || f->dim0 != n
      || f->dim1 != RV_INTEL5300_GROUPS)
    return -1;
  if (nrx > 1) {
    unsigned seen = 0;
    for (r = 0; r < nrx; r++)
      if (b->perm[r] <= nrx)
        seen |= 1u << (b->perm[r] - 1);
    if (seen == (1u << nrx) - 1u)
      for (r = 0; r < nrx; r++)
        rowmap[r] = b->perm[r] - 1u;
  }
  /* the k-th value pair of a group (k = r·Ntx + t) goes to this row */
  for (r = 0; r < nrx; r++)
    for (t = 0; t < ntx; t++)
      rows[r * ntx + t] = f->data
          + (size_t) (rowmap[r] * ntx + t) * 2u * RV_INTEL5300_GROUPS;
  memcpy (f->subcarrier_index, idx, sizeof (idx20));
  for (g = 0; g < RV_INTEL5300_GROUPS; g++) {
    cursor += 3;
    for (k = 0; k < n; k++) {
      /* 16 bits at an arbitrary bit cursor: re then im (int8 each); the
       * payload length check guarantees the bytes read are inside it */
      unsigned byte = cursor >> 3, sh = cursor & 7u;
      uint32_t w = (uint32_t) p[byte] | ((uint32_t) p[byte + 1] << 8)
          | (sh ? (uint32_t) p[byte + 2] << 16 : 0u);
      double *z = rows[k] + 2u * g;
      w >>= sh;
      z[0] = (double) (int8_t) (uint8_t) w;
      z[1] = (double) (int8_t) (uint8_t) (w >> 8);
      cursor += 16;
    }
  }
  return 0;
}

/* ---- the decoder ---- */

static void
intel_init (void *state, const RvCaptureOptions * opts)
{
  memset (state, 0, sizeof (RvIntel5300));
}

/* the total RSS changes rarely from record to record: keep the last */
static int16_t
rss_cached (RvIntel5300 * st, const RvIntel5300Bfee * b)
{
  uint32_t key = (uint32_t) b->rssi_a | ((uint32_t) b->rssi_b << 8)
      | ((uint32_t) b->rssi_c << 16) | ((uint32_t) b->agc << 24);
  if (!st->rss_valid || st->rss_key != key) {
    st->rss_key = key;
    st->rss_dbm = (int16_t) rv_intel5300_rss_dbm (b);
    st->rss_valid = 1;
  }
  return st->rss_dbm;
}

static RvCaptureStatus
intel_next (void *state, const uint8_t * data, size_t len, int at_eof,
    size_t * consumed, RvCaptureInfo * info)
{
  RvIntel5300 *st = state;
  RvIntel5300Bfee *b = &st->last;
  RvCaptureStatus s;
  size_t L;

  *consumed = 0;
  if (len < 3) {
    if (!at_eof)
      return RV_CAPTURE_NEED_MORE;
    if (len == 0)
      return RV_CAPTURE_END;
    *consumed = len;
    return RV_CAPTURE_ERR_TRUNCATED;
  }
  L = rv_ld16be (data);
  if (L == 0) {
    /* no code byte: nothing to skip by, drop the two length bytes */
    *consumed = 2;
    return RV_CAPTURE_ERR_LENGTH;
  }
  if (len < 2 + L) {
    if (!at_eof)
      return RV_CAPTURE_NEED_MORE;
    *consumed = len;            /* a live capture can end in a partial record */
    return RV_CAPTURE_ERR_TRUNCATED;
  }
  *consumed = 2 + L;
  if (data[2] != RV_INTEL5300_CODE_BFEE)
    return RV_CAPTURE_NON_CSI;
  s = rv_intel5300_parse_bfee (data + 3, L - 1, b);
  if (s != RV_CAPTURE_FRAME)
    return s;
  memset (info, 0, sizeof (*info));
  info->n_streams = (uint16_t) (b->nrx * b->ntx);
  info->n_subcarriers = RV_INTEL5300_GROUPS;
  info->timestamp_us = rv_clock_unwrap (&st->clock, b->timestamp_low, 32);
  info->sequence = rv_seq_unwrap (&st->seq, b->bfee_count, 16);
  info->bandwidth_mhz = (b->rate & 0x800) ? 40 : 20;
  info->rssi_dbm = rss_cached (st, b);
  info->noise_floor_dbm = b->noise == -127 ? 0 : b->noise;
  info->ppdu_type = RV_ADR018_PPDU_HT_LEGACY;
  info->hw_flags = (b->rate & 0x800) ? RV_ADR018_FLAG_BW40 : 0;
  return RV_CAPTURE_FRAME;
}

static int
intel_fill (void *state, RvCsiFrame * f)
{
  return rv_intel5300_fill_frame (&((RvIntel5300 *) state)->last, f);
}

/* Records chained from the start: 0xBB bodies consistent, 0xC1 allowed */
static unsigned
intel_probe (const uint8_t * head, size_t len)
{
  size_t off = 0;
  unsigned bfee = 0;

  while (off + 3 <= len) {
    size_t L = rv_ld16be (head + off);
    uint8_t code = head[off + 2];
    if (L == 0)
      return 0;
    if (code == RV_INTEL5300_CODE_BFEE) {
      RvIntel5300Bfee b;
      size_t avail = len - off - 3;
      if (L < 21)
        return 0;
      /* a record cut by the end of the head: its 20-byte header is enough
       * (the parser reads no further) */
      if (avail >= 20) {
        if (rv_intel5300_parse_bfee (head + off + 3, L - 1, &b)
            != RV_CAPTURE_FRAME || L - 1 != 20u + b.len)
          return 0;
        bfee++;
      }
    } else if (code != RV_INTEL5300_CODE_HEADER) {
      return 0;
    }
    off += 2 + L;
  }
  return bfee > 0 ? 90 : 0;
}

const RvCaptureFormat rv_capture_intel5300 = {
  "intel5300",
  "Intel 5300 CSI Tool log (.dat)",
  intel_probe,
  sizeof (RvIntel5300),
  RV_INTEL5300_MAX_ENTRY,
  0,
  intel_init,
  intel_next,
  intel_fill,
};
