/* libruview — Nexmon CSI in packet captures (see nexmon.h). */
#include "ruview/nexmon.h"

#include <math.h>
#include <string.h>

RvCaptureStatus
rv_nexmon_parse (const uint8_t * p, size_t len, RvNexmonPacket * o)
{
  uint16_t cs;
  size_t n;

  memset (o, 0, sizeof (*o));
  if (len < 2 || p[0] != 0x11 || p[1] != 0x11)
    return RV_CAPTURE_NON_CSI;
  if (len < RV_NEXMON_HEADER_SIZE)
    return RV_CAPTURE_ERR_LENGTH;
  n = len - RV_NEXMON_HEADER_SIZE;
  if (n != 4u * 64u && n != 4u * 128u && n != 4u * 256u)
    return RV_CAPTURE_ERR_LENGTH;
  o->old_header = p[2] == 0x11 && p[3] == 0x11;
  o->rssi = o->old_header ? 0 : (int8_t) p[2];
  o->seq = (uint16_t) (rv_ld16le (p + 10) >> 4);
  cs = rv_ld16le (p + 12);
  /* some router captures have the core/stream bytes swapped */
  if (cs > 63)
    cs = (uint16_t) ((cs >> 8) | (cs << 8));
  o->core = (uint8_t) (cs & 7u);
  o->stream = (uint8_t) ((cs >> 3) & 7u);
  o->chanspec = rv_ld16le (p + 14);
  o->chip = rv_ld16le (p + 16);
  o->n_words = (unsigned) (n / 4u);
  o->words = p + RV_NEXMON_HEADER_SIZE;
  return RV_CAPTURE_FRAME;
}

RvNexmonChip
rv_nexmon_chip_of_id (uint16_t id)
{
  switch (id) {
    case 0x0001:
      return RV_NEXMON_CHIP_4339;
    case 0x0065:
      return RV_NEXMON_CHIP_43455C0;
    case 0xdead:
      return RV_NEXMON_CHIP_4358;
    case 0x006a:
      return RV_NEXMON_CHIP_4366C0;
    default:
      return RV_NEXMON_CHIP_AUTO;
  }
}

void
rv_nexmon_word (uint32_t w, RvNexmonChip chip, double *re, double *im)
{
  unsigned M, E;
  int e;
  uint32_t mmask, rm, imm;

  if (chip == RV_NEXMON_CHIP_4339 || chip == RV_NEXMON_CHIP_43455C0) {
    *re = (double) (int16_t) (uint16_t) (w & 0xffffu);
    *im = (double) (int16_t) (uint16_t) (w >> 16);
    return;
  }
  M = chip == RV_NEXMON_CHIP_4358 ? 9u : 12u;
  E = chip == RV_NEXMON_CHIP_4358 ? 5u : 6u;
  /* exponent: E-bit two's complement; then |im|, im sign, |re|, re sign */
  e = (int) (w & ((1u << E) - 1u));
  if (e >= (1 << (E - 1)))
    e -= 1 << E;
  mmask = (1u << (M - 1)) - 1u;
  imm = (w >> E) & mmask;
  rm = (w >> (E + M)) & mmask;
  *im = ldexp ((double) imm, e) * (((w >> (E + M - 1)) & 1u) ? -1.0 : 1.0);
  *re = ldexp ((double) rm, e) * (((w >> (E + 2 * M - 1)) & 1u) ? -1.0 : 1.0);
}

static const RvToneGrid *
tones_of (unsigned n_words)
{
  return n_words == 64 ? &rv_tones_ht20 : n_words == 128 ? &rv_tones_ht40
      : &rv_tones_80;
}

/* ---- the decoder ---- */

static void
nexmon_init (void *state, const RvCaptureOptions * opts)
{
  RvNexmon *st = state;
  memset (st, 0, sizeof (*st));
  st->forced = opts ? opts->nexmon_chip : RV_NEXMON_CHIP_AUTO;
}

/* Order the gathered packets into rows; 0 if they are not a full grid */
static int
order_rows (RvNexmon * st)
{
  unsigned cores = 0, streams = 0, nc = 0, ns = 0, i, c, s, r = 0;

  for (i = 0; i < st->n_packets; i++) {
    cores |= 1u << st->core[i];
    streams |= 1u << st->stream[i];
  }
  for (c = 0; c < 8; c++)
    nc += (cores >> c) & 1u;
  for (s = 0; s < 8; s++)
    ns += (streams >> s) & 1u;
  if (nc * ns != st->n_packets)
    return 0;
  for (c = 0; c < 8; c++)
    for (s = 0; s < 8; s++)
      for (i = 0; i < st->n_packets; i++)
        if (st->core[i] == c && st->stream[i] == s)
          st->out_order[r++] = (uint8_t) i;
  st->out_n = r;
  return 1;
}

static RvCaptureStatus
emit (RvNexmon * st, RvCaptureInfo * info)
{
  unsigned ch = st->chanspec & 0xffu;

  if (!order_rows (st)) {
    st->n_packets = 0;
    return RV_CAPTURE_ERR_INCOMPLETE;
  }
  memset (info, 0, sizeof (*info));
  info->n_streams = (uint16_t) st->out_n;
  info->n_subcarriers = (uint16_t) rv_tone_grid_count (tones_of (st->n_words));
  info->timestamp_us = st->time_us;
  info->sequence = rv_seq_unwrap (&st->seq, st->seq_raw, 12);
  info->freq_mhz = rv_wifi_channel_freq (ch);
  info->bandwidth_mhz = (uint16_t) (st->n_words == 64 ? 20
      : st->n_words == 128 ? 40 : 80);
  info->rssi_dbm = st->rssi;
  info->ppdu_type = RV_ADR018_PPDU_UNKNOWN;
  info->hw_flags = st->n_words == 128 ? RV_ADR018_FLAG_BW40 : 0;
  st->n_packets = 0;
  return RV_CAPTURE_FRAME;
}

static RvCaptureStatus
nexmon_next (void *state, const uint8_t * data, size_t len, int at_eof,
    size_t * consumed, RvCaptureInfo * info)
{
  RvNexmon *st = state;
  RvPcapPacket pkt;
  RvNexmonPacket np;
  RvNexmonChip chip;
  RvCaptureStatus s;
  unsigned i;

  s = rv_pcap_next (&st->pcap, data, len, at_eof, consumed, &pkt);
  if (s == RV_CAPTURE_END && st->n_packets > 0)
    return emit (st, info);     /* the last frame */
  if (s != RV_CAPTURE_FRAME)
    return s;
  if (!pkt.udp)
    return RV_CAPTURE_NON_CSI;
  s = rv_nexmon_parse (pkt.udp, pkt.udp_len, &np);
  if (s != RV_CAPTURE_FRAME)
    return s;
  chip = st->forced != RV_NEXMON_CHIP_AUTO ? st->forced
      : rv_nexmon_chip_of_id (np.chip);
  if (chip == RV_NEXMON_CHIP_AUTO)
    return RV_CAPTURE_ERR_UNKNOWN_CHIP;

  if (st->n_packets > 0) {
    int same = np.seq == st->seq_raw && np.chanspec == st->chanspec
        && np.n_words == st->n_words && chip == st->chip
        && st->n_packets < RV_NEXMON_MAX_PACKETS;
    for (i = 0; same && i < st->n_packets; i++)
      if (st->core[i] == np.core && st->stream[i] == np.stream)
        same = 0;
    if (!same) {
      /* this packet starts the next frame: hand out the gathered one and
       * read the packet again on the next call */
      *consumed = 0;
      return emit (st, info);
    }
  } else {
    st->seq_raw = np.seq;
    st->chanspec = np.chanspec;
    st->n_words = np.n_words;
    st->chip = chip;
    st->old_header = np.old_header;
    st->rssi = np.rssi;
    st->time_us = pkt.time_us;
  }
  i = st->n_packets++;
  st->core[i] = np.core;
  st->stream[i] = np.stream;
  for (unsigned k = 0; k < np.n_words; k++)
    st->words[i][k] = rv_ld32le (np.words + 4u * k);
  return RV_CAPTURE_CONTINUE;
}

static int
nexmon_fill (void *state, RvCsiFrame * f)
{
  RvNexmon *st = state;
  const RvToneGrid *g = tones_of (st->n_words);
  unsigned ncol = rv_tone_grid_count (g), r, k;
  int status_lo, status_hi;

  if (f->layout != RV_LAYOUT_COMPLEX || f->dim0 != st->out_n
      || f->dim1 != ncol)
    return -1;
  rv_tone_grid_fill_index (g, f->subcarrier_index);
  /* words the current firmware overwrites with PHY status */
  status_lo = st->old_header ? -1 : (st->n_words == 64 ? 28 : 0);
  status_hi = status_lo + 2;
  for (r = 0; r < st->out_n; r++) {
    const uint32_t *w = st->words[st->out_order[r]];
    double *row = f->data + (size_t) r * ncol * 2u;
    for (k = 0; k < ncol; k++) {
      int sc = f->subcarrier_index[k];
      unsigned bin = (unsigned) (sc < 0 ? sc + (int) st->n_words : sc);
      if ((int) bin >= status_lo && (int) bin <= status_hi) {
        row[2 * k] = 0.0;
        row[2 * k + 1] = 0.0;
      } else {
        rv_nexmon_word (w[bin], st->chip, &row[2 * k], &row[2 * k + 1]);
      }
    }
  }
  return 0;
}

/* A pcap (30) whose first packets in the head include a Nexmon payload (95) */
static unsigned
nexmon_probe (const uint8_t * head, size_t len)
{
  RvPcap pc;
  size_t off = 0, used;
  RvPcapPacket pkt;
  RvNexmonPacket np;

  if (!rv_pcap_is_pcap (head, len))
    return 0;
  memset (&pc, 0, sizeof (pc));
  for (;;) {
    RvCaptureStatus s = rv_pcap_next (&pc, head + off, len - off, 0, &used,
        &pkt);
    if (s == RV_CAPTURE_NEED_MORE || RV_CAPTURE_IS_ERROR (s)
        || s == RV_CAPTURE_END)
      break;
    off += used;
    if (s == RV_CAPTURE_FRAME && pkt.udp
        && rv_nexmon_parse (pkt.udp, pkt.udp_len, &np) == RV_CAPTURE_FRAME)
      return 95;
  }
  return 30;
}

const RvCaptureFormat rv_capture_nexmon = {
  "nexmon",
  "Nexmon CSI packet capture (pcap or pcapng)",
  nexmon_probe,
  sizeof (RvNexmon),
  RV_PCAP_MAX_BLOCK,
  0,
  nexmon_init,
  nexmon_next,
  nexmon_fill,
};
