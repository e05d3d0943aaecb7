/* libruview — FeitCSI .csi files (see feitcsi.h). */
#include "ruview/feitcsi.h"

#include <string.h>

#define FMT_HT  2u
#define FMT_VHT 3u
#define FMT_HE  4u

static unsigned
rate_format (uint32_t flags)
{
  return (flags >> 8) & 7u;
}

static const RvToneGrid *
tones_of (uint32_t n, unsigned format)
{
  switch (n) {
    case 52:
      return &rv_tones_lltf;
    case 56:
      return &rv_tones_ht20;
    case 114:
      return &rv_tones_ht40;
    case 242:
      return &rv_tones_80;
    case 484:
      return format == FMT_VHT ? &rv_tones_vht160 : &rv_tones_he40;
    case 996:
      return &rv_tones_he80;
    case 1992:
      return &rv_tones_he160;
    default:
      return NULL;
  }
}

RvCaptureStatus
rv_feitcsi_parse (const uint8_t * d, size_t len, size_t * size,
    RvFeitcsiRecord * o)
{
  memset (o, 0, sizeof (*o));
  *size = 0;
  if (len < RV_FEITCSI_HEADER_SIZE)
    return RV_CAPTURE_NEED_MORE;
  o->csi_length = rv_ld32le (d);
  o->ftm_clock = rv_ld32le (d + 8);
  o->n_rx = d[46];
  o->n_tx = d[47];
  o->n_subcarriers = rv_ld32le (d + 52);
  o->rssi[0] = rv_ld32le (d + 60);
  o->rssi[1] = rv_ld32le (d + 64);
  o->us_clock = rv_ld32le (d + 88);
  o->rate_flags = rv_ld32le (d + 92);
  o->csi = d + RV_FEITCSI_HEADER_SIZE;
  if (o->csi_length > RV_FEITCSI_MAX_ENTRY - RV_FEITCSI_HEADER_SIZE)
    return RV_CAPTURE_ERR_TOO_LONG;
  *size = RV_FEITCSI_HEADER_SIZE + (size_t) o->csi_length;
  if (o->n_rx < 1 || o->n_rx > RV_FEITCSI_MAX_RX || o->n_tx < 1
      || o->n_tx > RV_FEITCSI_MAX_TX)
    return RV_CAPTURE_ERR_DIMENSIONS;
  o->tones = tones_of (o->n_subcarriers, rate_format (o->rate_flags));
  if (!o->tones)
    return RV_CAPTURE_ERR_LAYOUT;
  if (o->csi_length != 4u * o->n_rx * o->n_tx * o->n_subcarriers)
    return RV_CAPTURE_ERR_LENGTH;
  if (len < *size)
    return RV_CAPTURE_NEED_MORE;
  return RV_CAPTURE_FRAME;
}

int
rv_feitcsi_fill_frame (const RvFeitcsiRecord * r, RvCsiFrame * f)
{
  size_t n = (size_t) r->n_rx * r->n_tx * r->n_subcarriers, k;

  if (!r->tones || f->layout != RV_LAYOUT_COMPLEX
      || f->dim0 != r->n_rx * r->n_tx || f->dim1 != r->n_subcarriers)
    return -1;
  rv_tone_grid_fill_index (r->tones, f->subcarrier_index);
  /* rx-major, tx, subcarrier fastest: the record's stream-major order */
  for (k = 0; k < n; k++) {
    f->data[2 * k] = (double) (int16_t) rv_ld16le (r->csi + 4 * k);
    f->data[2 * k + 1] = (double) (int16_t) rv_ld16le (r->csi + 4 * k + 2);
  }
  return 0;
}

/* ---- the decoder ---- */

static void
feit_init (void *state, const RvCaptureOptions * opts)
{
  memset (state, 0, sizeof (RvFeitcsi));
}

static RvCaptureStatus
feit_next (void *state, const uint8_t * data, size_t len, int at_eof,
    size_t * consumed, RvCaptureInfo * info)
{
  RvFeitcsi *st = state;
  RvFeitcsiRecord *r = &st->last;
  RvCaptureStatus s;
  size_t size;
  uint32_t best = 0;
  unsigned fmt, w, i;

  *consumed = 0;
  if (len == 0)
    return at_eof ? RV_CAPTURE_END : RV_CAPTURE_NEED_MORE;
  if (st->lost) {
    /* no record can be found again (the format has no marker to resync
     * on): the rest is passed over, however it arrives */
    *consumed = len;
    return RV_CAPTURE_CONTINUE;
  }
  s = rv_feitcsi_parse (data, len, &size, r);
  if (s == RV_CAPTURE_NEED_MORE) {
    if (!at_eof)
      return s;
    *consumed = len;
    return RV_CAPTURE_ERR_TRUNCATED;
  }
  if (s != RV_CAPTURE_FRAME) {
    /* the header is damaged: skip the record if its length is sane (all of
     * it: wait for its end when more is to come, else how the input is cut
     * into pieces decides where reading goes on), else nothing after it
     * can be found again */
    if (size > len && !at_eof)
      return RV_CAPTURE_NEED_MORE;
    st->lost = size == 0 || size > len;
    *consumed = st->lost ? len : size;
    return s;
  }
  *consumed = size;
  fmt = rate_format (r->rate_flags);
  w = (r->rate_flags >> 11) & 7u;
  memset (info, 0, sizeof (*info));
  info->n_streams = (uint16_t) (r->n_rx * r->n_tx);
  info->n_subcarriers = (uint16_t) r->n_subcarriers;
  info->timestamp_us = rv_clock_unwrap (&st->clock, r->us_clock, 32);
  info->sequence = st->counter++;
  info->bandwidth_mhz = (uint16_t) (w <= 4 ? 20u << w : 0u);
  for (i = 0; i < 2; i++)
    if (r->rssi[i] > 0 && r->rssi[i] < 128 && (best == 0 || r->rssi[i] < best))
      best = r->rssi[i];
  info->rssi_dbm = (int16_t) - (int32_t) best;
  if (fmt == FMT_HE) {
    unsigned type = (r->rate_flags >> 23) & 3u;
    info->ppdu_type = type <= 1 ? RV_ADR018_PPDU_HE_SU
        : type == 2 ? RV_ADR018_PPDU_HE_MU : RV_ADR018_PPDU_HE_TB;
  } else {
    info->ppdu_type = RV_ADR018_PPDU_HT_LEGACY;
  }
  info->hw_flags = info->bandwidth_mhz == 40 ? RV_ADR018_FLAG_BW40 : 0;
  return RV_CAPTURE_FRAME;
}

static int
feit_fill (void *state, RvCsiFrame * f)
{
  return rv_feitcsi_fill_frame (&((RvFeitcsi *) state)->last, f);
}

/* The first header consistent (and the second, when the head holds it) */
static unsigned
feit_probe (const uint8_t * head, size_t len)
{
  RvFeitcsiRecord r;
  size_t size;
  RvCaptureStatus s = rv_feitcsi_parse (head, len, &size, &r);

  if (s != RV_CAPTURE_FRAME && !(s == RV_CAPTURE_NEED_MORE && size > 0))
    return 0;
  if (size + RV_FEITCSI_HEADER_SIZE <= len) {
    s = rv_feitcsi_parse (head + size, len - size, &size, &r);
    if (s != RV_CAPTURE_FRAME && !(s == RV_CAPTURE_NEED_MORE && size > 0))
      return 0;
  }
  return 85;
}

const RvCaptureFormat rv_capture_feitcsi = {
  "feitcsi",
  "FeitCSI (Intel AX200/AX210) .csi",
  feit_probe,
  sizeof (RvFeitcsi),
  RV_FEITCSI_MAX_ENTRY,
  0,
  feit_init,
  feit_next,
  feit_fill,
};
