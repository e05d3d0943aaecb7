/* libruview — what the capture decoders share (see capture.h). */
#include "ruview/capture.h"

#include <string.h>

#include "ruview/atheros.h"
#include "ruview/esp32_text.h"
#include "ruview/feitcsi.h"
#include "ruview/intel5300.h"
#include "ruview/nexmon.h"

const RvCaptureFormat *const rv_capture_formats[] = {
  &rv_capture_esp32_csi_tool,
  &rv_capture_esp_csi,
  &rv_capture_intel5300,
  &rv_capture_nexmon,
  &rv_capture_atheros,
  &rv_capture_feitcsi,
  NULL
};

const RvCaptureFormat *
rv_capture_format_by_name (const char *name)
{
  unsigned i;
  for (i = 0; rv_capture_formats[i]; i++)
    if (strcmp (rv_capture_formats[i]->name, name) == 0)
      return rv_capture_formats[i];
  return NULL;
}

const char *
rv_capture_status_str (RvCaptureStatus s)
{
  switch (s) {
    case RV_CAPTURE_FRAME:
      return "frame";
    case RV_CAPTURE_CONTINUE:
      return "continue";
    case RV_CAPTURE_NON_CSI:
      return "entry without CSI";
    case RV_CAPTURE_NEED_MORE:
      return "more bytes needed";
    case RV_CAPTURE_END:
      return "end of input";
    case RV_CAPTURE_ERR_TRUNCATED:
      return "truncated record";
    case RV_CAPTURE_ERR_TOO_LONG:
      return "record too long";
    case RV_CAPTURE_ERR_SYNTAX:
      return "bad field syntax";
    case RV_CAPTURE_ERR_NOT_A_RECORD:
      return "not a record";
    case RV_CAPTURE_ERR_VALUE_COUNT:
      return "wrong value count";
    case RV_CAPTURE_ERR_VALUE_RANGE:
      return "value out of range";
    case RV_CAPTURE_ERR_LAYOUT:
      return "unknown subcarrier layout";
    case RV_CAPTURE_ERR_LENGTH:
      return "inconsistent length";
    case RV_CAPTURE_ERR_DIMENSIONS:
      return "antenna or tone count out of range";
    case RV_CAPTURE_ERR_CONTAINER:
      return "damaged pcap structure";
    case RV_CAPTURE_ERR_UNKNOWN_CHIP:
      return "unknown Nexmon chip";
    case RV_CAPTURE_ERR_INCOMPLETE:
      return "incomplete multi-packet frame";
    case RV_CAPTURE_ERR_RESYNC:
      return "bytes skipped to resynchronise";
  }
  return "unknown capture status";
}

void
rv_capture_info_apply (const RvCaptureInfo * info, RvCsiFrame * f)
{
  f->timestamp_us = info->timestamp_us;
  f->sequence = info->sequence;
  f->freq_mhz = info->freq_mhz;
  f->bandwidth_mhz = info->bandwidth_mhz;
  f->rssi_dbm = info->rssi_dbm;
  f->noise_floor_dbm = info->noise_floor_dbm;
  f->ppdu_type = info->ppdu_type;
  f->hw_flags = info->hw_flags;
}

/* ---- tone grids ---- */

const RvToneGrid rv_tones_lltf = { 2, {-26, 1}, {-1, 26} };
const RvToneGrid rv_tones_ht20 = { 2, {-28, 1}, {-1, 28} };
const RvToneGrid rv_tones_ht40 = { 2, {-58, 2}, {-2, 58} };
const RvToneGrid rv_tones_80 = { 2, {-122, 2}, {-2, 122} };
const RvToneGrid rv_tones_he40 = { 2, {-244, 3}, {-3, 244} };
const RvToneGrid rv_tones_he80 = { 2, {-500, 3}, {-3, 500} };
const RvToneGrid rv_tones_vht160 =
    { 4, {-250, -126, 6, 130}, {-130, -6, 126, 250} };
const RvToneGrid rv_tones_he160 =
    { 4, {-1012, -509, 12, 515}, {-515, -12, 509, 1012} };

unsigned
rv_tone_grid_count (const RvToneGrid * g)
{
  unsigned i, n = 0;
  for (i = 0; i < g->n_ranges; i++)
    n += (unsigned) (g->hi[i] - g->lo[i] + 1);
  return n;
}

int
rv_tone_grid_column (const RvToneGrid * g, int s)
{
  unsigned i;
  int base = 0;
  for (i = 0; i < g->n_ranges; i++) {
    if (s < g->lo[i])
      return -1;
    if (s <= g->hi[i])
      return base + (s - g->lo[i]);
    base += g->hi[i] - g->lo[i] + 1;
  }
  return -1;
}

void
rv_tone_grid_fill_index (const RvToneGrid * g, int16_t * index)
{
  unsigned i;
  int s;
  for (i = 0; i < g->n_ranges; i++)
    for (s = g->lo[i]; s <= g->hi[i]; s++)
      *index++ = (int16_t) s;
}

/* ---- channels, counters, clocks ---- */

uint32_t
rv_wifi_channel_freq (unsigned ch)
{
  if (ch >= 1 && ch <= 13)
    return 2407u + 5u * ch;
  if (ch == 14)
    return 2484u;
  if (ch >= 36 && ch <= 177)
    return 5000u + 5u * ch;
  return 0;
}

uint32_t
rv_seq_unwrap (RvSeqUnwrap * u, uint32_t raw, unsigned bits)
{
  uint32_t mask = bits >= 32 ? 0xffffffffu : ((1u << bits) - 1u);
  uint32_t delta;

  raw &= mask;
  if (!u->started) {
    u->started = 1;
    u->raw = raw;
    u->value = raw;
    return raw;
  }
  delta = (raw - u->raw) & mask;
  u->raw = raw;
  u->value += delta ? delta : 1u;
  return u->value;
}

uint64_t
rv_clock_unwrap (RvClockUnwrap * u, uint64_t raw, unsigned bits)
{
  uint64_t mask = bits >= 64 ? UINT64_MAX : ((UINT64_C (1) << bits) - 1u);
  uint64_t low;

  raw &= mask;
  if (!u->started || bits >= 64) {
    u->started = 1;
    u->last = raw;
    return raw;
  }
  /* forward by the wrapped difference; a step back of less than half the
   * range is taken as a step back (a reordered or reset clock) */
  low = u->last & mask;
  if (((raw - low) & mask) <= (mask >> 1))
    u->last += (raw - low) & mask;
  else if (u->last >= ((low - raw) & mask))
    u->last -= (low - raw) & mask;
  else
    u->last = raw;
  return u->last;
}
