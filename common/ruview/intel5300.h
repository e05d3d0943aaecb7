/* libruview — Intel 5300 Linux 802.11n CSI Tool log (.dat, formats.md §2).
 *
 * A sequence of [u16 BE length L][code][L−1 body bytes], no file header.
 * Code 0xBB is a beamforming-feedback (CSI) record, 0xC1 an 802.11 header
 * record (RV_CAPTURE_NON_CSI), others are skipped likewise.
 *
 * A 0xBB body (LE): timestamp_low u32 (1 MHz NIC clock), bfee_count u16,
 * reserved u16, Nrx, Ntx, rssi_a/b/c, noise i8, agc, antenna_sel, len u16,
 * rate u16, then len payload bytes with 30 subcarrier groups of Nrx × Ntx
 * int8 (real, imaginary) pairs, each group after 3 skipped bits, packed as
 * a little-endian bit stream.
 *
 * Frame: Nrx·Ntx rows, row = rx·Ntx + tx, rx after the antenna permutation
 * (raw chain r goes to row perm[r]−1 when perm is a permutation of 1…Nrx,
 * as the reference reader does; otherwise unpermuted); 30 columns, the
 * grouped subcarriers ascending (20 MHz: −28, −26, …, −2, −1, 1, 3, …, 27,
 * 28; 40 MHz (rate bit 0x800): −58, −54, …, −2, 2, …, 58); values the int8
 * parts.  timestamp_us = timestamp_low unwrapped; sequence = bfee_count
 * unwrapped; rssi_dbm = the total RSS of the reference scaling,
 * 10·log10(Σ 10^(rssi_x/10)) − 44 − agc, rounded; noise_floor_dbm = noise
 * (0 when −127, "not measured"); freq_mhz unknown (0). */
#ifndef RUVIEW_INTEL5300_H
#define RUVIEW_INTEL5300_H

#include "ruview/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_INTEL5300_CODE_BFEE    0xBB
#define RV_INTEL5300_CODE_HEADER  0xC1
#define RV_INTEL5300_GROUPS       30
#define RV_INTEL5300_MAX_ENTRY    (2 + 65535)

typedef struct
{
  uint32_t timestamp_low;
  uint16_t bfee_count;
  uint8_t nrx, ntx;
  uint8_t rssi_a, rssi_b, rssi_c;
  int8_t noise;
  uint8_t agc;
  uint8_t perm[3];              /* 1-based */
  uint16_t len;
  uint16_t rate;
  const uint8_t *payload;
} RvIntel5300Bfee;

/* Parse a 0xBB body (after the code byte) of body_len bytes. */
RvCaptureStatus rv_intel5300_parse_bfee (const uint8_t * body,
    size_t body_len, RvIntel5300Bfee * out);

/* Unpack into a complex frame laid out Nrx·Ntx × 30; -1 if it was not. */
int rv_intel5300_fill_frame (const RvIntel5300Bfee * b, RvCsiFrame * f);

/* total RSS in dBm (reference scaling step 1), rounded */
int rv_intel5300_rss_dbm (const RvIntel5300Bfee * b);

typedef struct
{
  RvSeqUnwrap seq;
  RvClockUnwrap clock;
  RvIntel5300Bfee last;
  int rss_valid;
  uint32_t rss_key;
  int16_t rss_dbm;
} RvIntel5300;

extern const RvCaptureFormat rv_capture_intel5300;

#ifdef __cplusplus
}
#endif
#endif
