/* libruview — esp-csi csi_recv / csi_recv_router text lines (formats.md §1.3).
 *
 * ESP32/S2/S3/C3 (24 fields, then the data):
 *   CSI_DATA,id,mac,rssi,rate,sig_mode,mcs,bandwidth,smoothing,not_sounding,
 *   aggregation,stbc,fec_coding,sgi,noise_floor,ampdu_cnt,channel,
 *   secondary_channel,local_timestamp,ant,sig_len,rx_state,len,first_word,"[v,v,…]"
 * ESP32-C5/C6 (14 fields):
 *   CSI_DATA,seq,mac,rssi,rate,noise_floor,fft_gain,agc_gain,channel,
 *   local_timestamp,sig_len,rx_state,len,first_word,"[v,v,…]"
 *
 * The variant is told by the field count (its header line, printed once
 * after boot and again after a reboot, is skipped).  The data is a quoted,
 * bracketed, comma-separated list; its value count must equal len (a line
 * glued from several records by serial corruption has more).  Values may
 * exceed int8 (builds that multiply by a gain compensation print int16;
 * the C5's forced-LLTF build prints 12-bit numbers), so int16 is the range.
 * The C5/C6 line names no secondary channel or PPDU mode: the layout comes
 * from the count alone and freq_mhz is the primary channel's.  sequence =
 * id (seq) unwrapped. */
#include "ruview/esp32_text.h"

#include <string.h>

#define N_CLASSIC 24
#define N_C5C6    14

/* where each variant has the fields both have (the id/seq is field 1) */
typedef struct
{
  unsigned rssi, noise, channel, timestamp, len, first_word;
} Fields;

static const Fields classic = { 3, 14, 16, 18, 22, 23 };
static const Fields c5c6 = { 3, 5, 8, 9, 12, 13 };

RvCaptureStatus
rv_esp_csi_parse_line (RvEsp32Text * st, const char *line, size_t len,
    RvCaptureInfo * info)
{
  RvTextCursor c;
  const char *f, *p, *end = line + len, *data = NULL;
  size_t n;
  long long v[N_CLASSIC];
  unsigned nf = 0, i;
  int quoted, stbc;
  RvCaptureStatus s;
  const Fields *fl;

  if (len >= 5 && memcmp (line, "type,", 5) == 0)
    return RV_CAPTURE_NON_CSI;
  if (len < 9 || memcmp (line, "CSI_DATA,", 9) != 0)
    return memchr (line, '[', len) || memchr (line, ']', len)
        ? RV_CAPTURE_ERR_NOT_A_RECORD : RV_CAPTURE_NON_CSI;

  /* fields up to the one that opens the data */
  c.p = line;
  c.end = end;
  while (rv_text_field (&c, &f, &n)) {
    if (n > 0 && (f[0] == '"' || f[0] == '[')) {
      data = f;
      break;
    }
    if (nf >= N_CLASSIC)
      return RV_CAPTURE_ERR_SYNTAX;
    if (nf == 2) {
      if (!rv_text_is_mac (f, n))
        return RV_CAPTURE_ERR_SYNTAX;
    } else if (nf > 0
        && !rv_text_int (f, n, -2147483648LL, 4294967295LL, &v[nf])) {
      return RV_CAPTURE_ERR_SYNTAX;
    }
    nf++;
  }
  if (!data)
    return RV_CAPTURE_ERR_TRUNCATED;
  if (nf != N_CLASSIC && nf != N_C5C6)
    return RV_CAPTURE_ERR_SYNTAX;

  p = data;
  quoted = *p == '"';
  if (quoted)
    p++;
  if (p >= end || *p != '[')
    return RV_CAPTURE_ERR_SYNTAX;
  p++;
  s = rv_text_values (&p, end, ',', ']', -32768, 32767, st->values,
      RV_ESP32_MAX_VALUES, &st->n_values);
  if (s != RV_CAPTURE_FRAME)
    return s;
  if (quoted && (p >= end || *p++ != '"'))
    return p >= end ? RV_CAPTURE_ERR_TRUNCATED : RV_CAPTURE_ERR_SYNTAX;
  if (p != end)
    return RV_CAPTURE_ERR_SYNTAX;

  /* the fields both variants have */
  fl = nf == N_CLASSIC ? &classic : &c5c6;
  if ((long long) st->n_values != v[fl->len] || st->n_values % 2 != 0)
    return RV_CAPTURE_ERR_VALUE_COUNT;
  if (nf == N_CLASSIC) {
    for (i = 5; i <= 17; i++)
      if (v[i] < 0 && i != 14)
        return RV_CAPTURE_ERR_LAYOUT;
    stbc = v[11] != 0;
    s = rv_esp32_layout ((unsigned) v[17], (unsigned) v[5], (unsigned) v[7],
        stbc, st->n_values / 2, &st->layout);
  } else {
    s = rv_esp32_c5c6_layout (st->n_values / 2, &st->layout);
    stbc = st->layout.n_rows > 1;
  }
  if (s != RV_CAPTURE_FRAME)
    return s;
  st->first_word_invalid = v[fl->first_word] != 0;
  return rv_esp32_text_finish (st,
      v[fl->channel] >= 0 ? (unsigned) v[fl->channel] : 0, (int) v[fl->rssi],
      (int) v[fl->noise], (uint32_t) v[fl->timestamp],
      rv_seq_unwrap (&st->seq, (uint32_t) v[1], 32), stbc, info);
}

static RvCaptureStatus
esp_csi_next (void *state, const uint8_t * data, size_t len, int at_eof,
    size_t * consumed, RvCaptureInfo * info)
{
  return rv_esp32_text_next (state, data, len, at_eof, consumed, info,
      rv_esp_csi_parse_line);
}

/* A "type,id,"/"type,seq," header or a "CSI_DATA,<digits>," line anywhere
 * in the head (a log may start with the torn tail of a line) */
static unsigned
esp_csi_probe (const uint8_t * head, size_t len)
{
  const char *p = (const char *) head, *end = p + len, *l;
  size_t n;

  while (rv_text_next_line (&p, end, &l, &n)) {
    if ((n >= 8 && memcmp (l, "type,id,", 8) == 0)
        || (n >= 9 && memcmp (l, "type,seq,", 9) == 0))
      return 95;
    if (n > 10 && memcmp (l, "CSI_DATA,", 9) == 0) {
      const char *q = l + 9;
      while (q < l + n && ((*q >= '0' && *q <= '9') || *q == '-'))
        q++;
      return q > l + 9 && q < l + n && *q == ',' ? 90 : 0;
    }
  }
  return 0;
}

const RvCaptureFormat rv_capture_esp_csi = {
  "esp-csi",
  "esp-csi csi_recv CSV (CSI_DATA lines)",
  esp_csi_probe,
  sizeof (RvEsp32Text),
  RV_ESP32_MAX_LINE,
  1,
  rv_esp32_text_init,
  esp_csi_next,
  rv_esp32_text_fill_state,
};
