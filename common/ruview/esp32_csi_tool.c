/* libruview — ESP32-CSI-Tool text lines (formats.md §1.2).
 *
 *   CSI_DATA,role,MAC,rssi,rate,sig_mode,mcs,cwb,smoothing,not_sounding,
 *   aggregation,stbc,fec_coding,sgi,noise_floor,ampdu_cnt,channel,
 *   secondary_channel,local_timestamp,ant,sig_len,rx_state,real_time_set,
 *   real_timestamp,len,[v v v … ]
 *
 * 25 comma-separated fields, then the buffer as space-separated int8
 * values in brackets.  `len` is not trusted (an LLTF-only build prints 128
 * values with len 384): the value count must be one, two or three whole
 * LTFs of the layout the rx_ctrl fields name.  The tool does not print the
 * invalid-first-word flag; the first word is always header residue, so its
 * two entries are zeroed.  The line has no sequence number: sequence counts
 * records. */
#include "ruview/esp32_text.h"

#include <string.h>

#define N_FIELDS 25

enum
{
  F_RSSI = 3, F_SIG_MODE = 5, F_CWB = 7, F_STBC = 11, F_NOISE = 14,
  F_CHANNEL = 16, F_SECONDARY = 17, F_TIMESTAMP = 18, F_REAL_TS = 23,
  F_LEN = 24
};

static int
is_role (const char *f, size_t n)
{
  size_t i;
  if (n == 0 || n > 16)
    return 0;
  for (i = 0; i < n; i++)
    if (!((f[i] >= 'A' && f[i] <= 'Z') || (f[i] >= 'a' && f[i] <= 'z')
            || f[i] == '_'))
      return 0;
  return 1;
}

RvCaptureStatus
rv_esp32_csi_tool_parse_line (RvEsp32Text * st, const char *line, size_t len,
    RvCaptureInfo * info)
{
  RvTextCursor c;
  const char *f, *bracket, *p, *end = line + len;
  size_t n;
  long long v[N_FIELDS];
  unsigned i;
  RvCaptureStatus s;

  if (len >= 5 && memcmp (line, "type,", 5) == 0)
    return RV_CAPTURE_NON_CSI;
  if (len < 9 || memcmp (line, "CSI_DATA,", 9) != 0)
    return memchr (line, '[', len) || memchr (line, ']', len)
        ? RV_CAPTURE_ERR_NOT_A_RECORD : RV_CAPTURE_NON_CSI;
  bracket = memchr (line, '[', len);
  if (!bracket)
    return RV_CAPTURE_ERR_TRUNCATED;

  /* the 25 fields before the bracket */
  c.p = line;
  c.end = bracket;
  for (i = 0; i < N_FIELDS; i++) {
    if (!rv_text_field (&c, &f, &n))
      return RV_CAPTURE_ERR_SYNTAX;
    if (i == 0)
      continue;
    if (i == 1 ? !is_role (f, n) : i == 2 ? !rv_text_is_mac (f, n)
        : i == F_REAL_TS ? !rv_text_is_number (f, n)
        : !rv_text_int (f, n, -2147483648LL, 4294967295LL, &v[i]))
      return RV_CAPTURE_ERR_SYNTAX;
  }
  /* the bracket follows the 25th field's comma */
  if (c.p != bracket)
    return RV_CAPTURE_ERR_SYNTAX;

  p = bracket + 1;
  s = rv_text_values (&p, end, ' ', ']', -128, 127, st->values,
      RV_ESP32_MAX_VALUES, &st->n_values);
  if (s != RV_CAPTURE_FRAME)
    return s;
  if (p != end)
    return RV_CAPTURE_ERR_SYNTAX;
  if (st->n_values % 2 != 0)
    return RV_CAPTURE_ERR_VALUE_COUNT;
  if (v[F_SECONDARY] < 0 || v[F_SECONDARY] > 2 || v[F_SIG_MODE] < 0
      || v[F_CWB] < 0 || v[F_STBC] < 0)
    return RV_CAPTURE_ERR_LAYOUT;
  s = rv_esp32_layout ((unsigned) v[F_SECONDARY], (unsigned) v[F_SIG_MODE],
      (unsigned) v[F_CWB], v[F_STBC] != 0, st->n_values / 2, &st->layout);
  if (s != RV_CAPTURE_FRAME)
    return s;
  st->first_word_invalid = 1;
  return rv_esp32_text_finish (st,
      v[F_CHANNEL] >= 0 ? (unsigned) v[F_CHANNEL] : 0, (int) v[F_RSSI],
      (int) v[F_NOISE], (uint32_t) v[F_TIMESTAMP], st->counter++,
      v[F_STBC] != 0, info);
}

static RvCaptureStatus
tool_next (void *state, const uint8_t * data, size_t len, int at_eof,
    size_t * consumed, RvCaptureInfo * info)
{
  return rv_esp32_text_next (state, data, len, at_eof, consumed, info,
      rv_esp32_csi_tool_parse_line);
}

/* The first "type,role," header or "CSI_DATA,<letters>,…[" line */
static unsigned
tool_probe (const uint8_t * head, size_t len)
{
  const char *p = (const char *) head, *end = p + len, *l;
  size_t n;

  while (rv_text_next_line (&p, end, &l, &n)) {
    if (n >= 10 && memcmp (l, "type,role,", 10) == 0)
      return 95;
    if (n > 10 && memcmp (l, "CSI_DATA,", 9) == 0) {
      const char *comma = memchr (l + 9, ',', n - 9);
      return comma && is_role (l + 9, (size_t) (comma - l - 9))
          && memchr (l, '[', n) && !memchr (l, '"', n) ? 90 : 0;
    }
  }
  return 0;
}

const RvCaptureFormat rv_capture_esp32_csi_tool = {
  "esp32-csi-tool",
  "ESP32-CSI-Tool CSV (CSI_DATA lines)",
  tool_probe,
  sizeof (RvEsp32Text),
  RV_ESP32_MAX_LINE,
  1,
  rv_esp32_text_init,
  tool_next,
  rv_esp32_text_fill_state,
};
