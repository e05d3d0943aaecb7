/* libruview — the ESP32 CSI buffer (formats.md §1.1) and what the two
 * ESP32 text formats share: line framing, field parsing, layouts, fill. */
#include "ruview/esp32_text.h"

#include <string.h>

/* ---- layouts ---- */

static void
seg_fft (RvEsp32Segment * s, unsigned first, unsigned n, int pos_max,
    const RvToneGrid * tones)
{
  s->first_pair = (uint16_t) first;
  s->n_pairs = (uint16_t) n;
  s->pos_max = (int16_t) pos_max;
  s->offset = 0;
  s->tone_centre = 0;
  s->tones = tones;
}

static void
seg_asc (RvEsp32Segment * s, unsigned first, unsigned n, int offset,
    int tone_centre, const RvToneGrid * tones)
{
  s->first_pair = (uint16_t) first;
  s->n_pairs = (uint16_t) n;
  s->pos_max = -1;
  s->offset = (int16_t) offset;
  s->tone_centre = (int16_t) tone_centre;
  s->tones = tones;
}

RvCaptureStatus
rv_esp32_layout (unsigned sec, unsigned sig_mode, unsigned cwb,
    unsigned stbc, unsigned n_pairs, RvEsp32Layout * out)
{
  RvEsp32Layout all;
  unsigned n_ltf, i, sum;
  int ht = sig_mode == 1, wide;

  memset (&all, 0, sizeof (all));
  memset (out, 0, sizeof (*out));
  if (sig_mode > 1 || sec > 2)
    return RV_CAPTURE_ERR_LAYOUT;
  n_ltf = ht ? (stbc ? 3 : 2) : 1;
  wide = ht && cwb == 1 && sec != 0;
  if (sec == 0) {
    /* no secondary channel: 64-entry blocks in FFT order */
    seg_fft (&all.seg[0], 0, 64, 31, &rv_tones_lltf);
    seg_fft (&all.seg[1], 64, 64, 31, &rv_tones_ht20);
    seg_fft (&all.seg[2], 128, 64, 31, &rv_tones_ht20);
  } else {
    /* 40 MHz numbering: the primary 20 MHz half is 0…63 (secondary
     * below) or −64…−1 (above), centred on +32 / −32 */
    int c = sec == 2 ? 32 : -32;
    int lo = sec == 2 ? 0 : -64;
    seg_asc (&all.seg[0], 0, 64, lo, c, &rv_tones_lltf);
    if (wide && !stbc) {
      seg_fft (&all.seg[1], 64, 128, 63, &rv_tones_ht40);
    } else if (wide) {
      seg_fft (&all.seg[1], 64, 121, 60, &rv_tones_ht40);
      seg_fft (&all.seg[2], 185, 121, 60, &rv_tones_ht40);
    } else if (!stbc) {
      seg_asc (&all.seg[1], 64, 64, lo, c, &rv_tones_ht20);
    } else {
      /* below: 0…62, above: −62…−1 */
      unsigned n = sec == 2 ? 63 : 62;
      int o = sec == 2 ? 0 : -62;
      seg_asc (&all.seg[1], 64, n, o, c, &rv_tones_ht20);
      seg_asc (&all.seg[2], 64 + n, n, o, c, &rv_tones_ht20);
    }
  }
  /* the buffer holds the first one, two or three LTFs exactly */
  for (i = 0, sum = 0; i < n_ltf; i++) {
    sum += all.seg[i].n_pairs;
    if (sum == n_pairs)
      break;
  }
  if (i == n_ltf)
    return RV_CAPTURE_ERR_VALUE_COUNT;
  all.n_rows = (uint8_t) (i + 1);
  if (wide && all.n_rows > 1) {
    all.grid = &rv_tones_ht40;
    all.frame_centre = 0;
    all.bandwidth_mhz = 40;
    all.primary_offset_mhz = (int16_t) (sec == 2 ? -10 : 10);
  } else {
    all.grid = all.n_rows > 1 ? &rv_tones_ht20 : &rv_tones_lltf;
    all.frame_centre = all.seg[0].tone_centre;
    all.bandwidth_mhz = 20;
  }
  *out = all;
  return RV_CAPTURE_FRAME;
}

RvCaptureStatus
rv_esp32_c5c6_layout (unsigned n_pairs, RvEsp32Layout * out)
{
  const RvToneGrid *g;
  unsigned n;
  int bw = 20, stbc = 0, he = 0;

  memset (out, 0, sizeof (*out));
  switch (n_pairs) {
    case 64:                   /* centred −32…31 */
    case 128:                  /* centred −64…63 */
      g = n_pairs == 64 ? &rv_tones_ht20 : &rv_tones_ht40;
      bw = n_pairs == 64 ? 20 : 40;
      seg_asc (&out->seg[0], 0, n_pairs, -(int) n_pairs / 2, 0, g);
      out->n_rows = 1;
      out->grid = g;
      out->bandwidth_mhz = (uint16_t) bw;
      return RV_CAPTURE_FRAME;
    case 53:
      g = &rv_tones_lltf;
      break;
    case 57:
      g = &rv_tones_ht20;
      break;
    case 114:
      g = &rv_tones_ht20;
      stbc = 1;
      break;
    case 117:
      g = &rv_tones_ht40;
      bw = 40;
      break;
    case 234:
      g = &rv_tones_ht40;
      bw = 40;
      stbc = 1;
      break;
    case 245:
      g = &rv_tones_80;
      he = 1;
      break;
    default:
      return RV_CAPTURE_ERR_LAYOUT;
  }
  /* FFT order 0…m, −m…−1 per LTF */
  n = stbc ? n_pairs / 2 : n_pairs;
  seg_fft (&out->seg[0], 0, n, (int) (n - 1) / 2, g);
  if (stbc)
    seg_fft (&out->seg[1], n, n, (int) (n - 1) / 2, g);
  out->n_rows = (uint8_t) (stbc ? 2 : 1);
  out->grid = g;
  out->bandwidth_mhz = (uint16_t) bw;
  out->he = (uint8_t) he;
  return RV_CAPTURE_FRAME;
}

/* ---- fill ---- */

int
rv_esp32_text_fill (RvEsp32Text * st, RvCsiFrame * f)
{
  const RvEsp32Layout *L = &st->layout;
  unsigned ncol = rv_tone_grid_count (L->grid), r, k;
  int qfirst = st->order == RV_IQ_Q_FIRST;

  if (f->layout != RV_LAYOUT_COMPLEX || f->dim0 != L->n_rows
      || f->dim1 != ncol)
    return -1;
  memset (f->data, 0, sizeof (double) * 2u * L->n_rows * ncol);
  rv_tone_grid_fill_index (L->grid, f->subcarrier_index);
  for (r = 0; r < L->n_rows; r++) {
    const RvEsp32Segment *s = &L->seg[r];
    double *row = f->data + (size_t) r * ncol * 2u;
    for (k = 0; k < s->n_pairs; k++) {
      unsigned pair = s->first_pair + k;
      int sc = s->pos_max >= 0 ? ((int) k <= s->pos_max ? (int) k
          : (int) k - (int) s->n_pairs) : (int) k + s->offset;
      int col;
      double a, b;
      if (rv_tone_grid_column (s->tones, sc - s->tone_centre) < 0)
        continue;
      col = rv_tone_grid_column (L->grid, sc - L->frame_centre);
      if (col < 0)
        continue;
      if (st->first_word_invalid && pair < 2)
        continue;               /* header residue, not channel data */
      a = st->values[2 * pair];
      b = st->values[2 * pair + 1];
      row[2 * col] = qfirst ? b : a;
      row[2 * col + 1] = qfirst ? a : b;
    }
  }
  return 0;
}

int
rv_esp32_text_fill_state (void *state, RvCsiFrame * f)
{
  return rv_esp32_text_fill (state, f);
}

void
rv_esp32_text_init (void *state, const RvCaptureOptions * opts)
{
  RvEsp32Text *st = state;
  memset (st, 0, sizeof (*st));
  st->order = opts ? opts->esp32_order : RV_IQ_Q_FIRST;
}

RvCaptureStatus
rv_esp32_text_finish (RvEsp32Text * st, unsigned channel, int rssi,
    int noise_floor, uint32_t local_timestamp, uint32_t sequence, int stbc,
    RvCaptureInfo * info)
{
  const RvEsp32Layout *L = &st->layout;
  uint32_t freq = rv_wifi_channel_freq (channel);

  memset (info, 0, sizeof (*info));
  info->n_streams = L->n_rows;
  info->n_subcarriers = (uint16_t) rv_tone_grid_count (L->grid);
  info->timestamp_us = rv_clock_unwrap (&st->clock, local_timestamp, 32);
  info->sequence = sequence;
  info->freq_mhz = freq ? (uint32_t) ((int32_t) freq + L->primary_offset_mhz)
      : 0;
  info->bandwidth_mhz = L->bandwidth_mhz;
  info->rssi_dbm = (int16_t) rssi;
  info->noise_floor_dbm = (int16_t) noise_floor;
  info->ppdu_type = L->he ? RV_ADR018_PPDU_HE_SU : RV_ADR018_PPDU_HT_LEGACY;
  info->hw_flags = (uint8_t) ((L->bandwidth_mhz == 40 ? RV_ADR018_FLAG_BW40 : 0)
      | (stbc ? RV_ADR018_FLAG_STBC : 0));
  return RV_CAPTURE_FRAME;
}

/* ---- text fields ---- */

int
rv_text_next_line (const char **p, const char *end, const char **line,
    size_t * n)
{
  const char *nl;
  if (*p >= end)
    return 0;
  nl = memchr (*p, '\n', (size_t) (end - *p));
  *line = *p;
  *n = (size_t) ((nl ? nl : end) - *p);
  *p = nl ? nl + 1 : end;
  return 1;
}

int
rv_text_field (RvTextCursor * c, const char **f, size_t * n)
{
  const char *q;
  if (c->p > c->end)
    return 0;
  q = memchr (c->p, ',', (size_t) (c->end - c->p));
  if (!q)
    q = c->end;
  *f = c->p;
  *n = (size_t) (q - c->p);
  c->p = q + 1;
  return 1;
}

int
rv_text_int (const char *f, size_t n, long long lo, long long hi,
    long long *out)
{
  size_t i = 0;
  long long v = 0;
  int neg = 0;

  if (n > 0 && (f[0] == '-' || f[0] == '+')) {
    neg = f[0] == '-';
    i = 1;
  }
  if (i == n || n - i > 18)
    return 0;
  for (; i < n; i++) {
    if (f[i] < '0' || f[i] > '9')
      return 0;
    v = v * 10 + (f[i] - '0');
  }
  if (neg)
    v = -v;
  if (v < lo || v > hi)
    return 0;
  *out = v;
  return 1;
}

int
rv_text_is_number (const char *f, size_t n)
{
  size_t i = 0, digits = 0;
  if (n > 0 && (f[0] == '-' || f[0] == '+'))
    i = 1;
  for (; i < n && f[i] >= '0' && f[i] <= '9'; i++)
    digits++;
  if (i < n && f[i] == '.')
    for (i++; i < n && f[i] >= '0' && f[i] <= '9'; i++)
      digits++;
  return digits > 0 && i == n;
}

static int
is_hex (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
      || (c >= 'A' && c <= 'F');
}

int
rv_text_is_mac (const char *f, size_t n)
{
  size_t i;
  if (n != 17)
    return 0;
  for (i = 0; i < 17; i++) {
    if (i % 3 == 2 ? f[i] != ':' : !is_hex (f[i]))
      return 0;
  }
  return 1;
}

RvCaptureStatus
rv_text_values (const char **pp, const char *end, char sep, char close,
    long long lo, long long hi, int16_t * values, unsigned max, unsigned *n)
{
  const char *p = *pp;
  unsigned count = 0;
  int range_ok = 1;

  for (;;) {
    long long v = 0;
    int neg = 0, digits = 0;
    while (p < end && *p == ' ')
      p++;
    if (p < end && *p == close) {
      p++;
      break;
    }
    if (p < end && *p == '-') {
      neg = 1;
      p++;
    }
    while (p < end && *p >= '0' && *p <= '9') {
      if (v < 100000)
        v = v * 10 + (*p - '0');
      p++;
      digits++;
    }
    if (!digits)
      return p >= end ? RV_CAPTURE_ERR_TRUNCATED : RV_CAPTURE_ERR_SYNTAX;
    if (neg)
      v = -v;
    if (v < lo || v > hi)
      range_ok = 0;
    if (count < max)
      values[count] = (int16_t) (range_ok ? v : 0);
    count++;
    /* a number ends at a separator, a space or the closing bracket */
    if (p < end && *p == sep)
      p++;
    else if (p < end && *p != close && *p != ' ')
      return RV_CAPTURE_ERR_SYNTAX;
  }
  *pp = p;
  *n = count;
  if (count > max)
    return RV_CAPTURE_ERR_VALUE_COUNT;
  return range_ok ? RV_CAPTURE_FRAME : RV_CAPTURE_ERR_VALUE_RANGE;
}

/* ---- line framing ---- */

RvCaptureStatus
rv_esp32_text_next (RvEsp32Text * st, const uint8_t * data, size_t len,
    int at_eof, size_t * consumed, RvCaptureInfo * info,
    RvCaptureStatus (*parse) (RvEsp32Text *, const char *, size_t,
        RvCaptureInfo *))
{
  const uint8_t *nl;
  size_t n, used;

  *consumed = 0;
  if (len == 0)
    return at_eof ? RV_CAPTURE_END : RV_CAPTURE_NEED_MORE;
  nl = memchr (data, '\n', len < RV_ESP32_MAX_LINE ? len : RV_ESP32_MAX_LINE);
  if (!nl) {
    if (len >= RV_ESP32_MAX_LINE) {
      /* report once, then drop the rest of the line */
      int was = st->discarding;
      *consumed = RV_ESP32_MAX_LINE;
      st->discarding = 1;
      return was ? RV_CAPTURE_CONTINUE : RV_CAPTURE_ERR_TOO_LONG;
    }
    if (!at_eof)
      return RV_CAPTURE_NEED_MORE;
    n = len;
    used = len;
  } else {
    n = (size_t) (nl - data);
    used = n + 1;
  }
  *consumed = used;
  if (st->discarding) {
    st->discarding = 0;
    return RV_CAPTURE_CONTINUE;
  }
  while (n > 0 && (data[n - 1] == '\r' || data[n - 1] == ' '
          || data[n - 1] == '\t'))
    n--;
  if (n == 0)
    return RV_CAPTURE_CONTINUE;
  return parse (st, (const char *) data, n, info);
}
