/* libruview — FeitCSI (Intel AX200/AX210) .csi files (formats.md §5).
 *
 * Records of a 272-byte header and csi_length bytes of int16 (real, imag)
 * pairs ordered rx, tx, subcarrier (subcarrier fastest).  Header (LE): 0 u32
 * csi_length, 8 u32 FTM clock, 46 n_rx, 47 n_tx, 52 u32 n_subcarriers, 60
 * and 64 u32 RSSI of chains 1 and 2 (positive, −dBm), 68 source MAC, 88 u32
 * µs clock, 92 u32 rate_n_flags (iwlwifi v2: bits 8–10 format 1 legacy,
 * 2 HT, 3 VHT, 4 HE; 11–13 width 20·2^w MHz; 23–24 HE type SU, extended
 * SU, MU, trigger-based).  csi_length must be n_rx·n_tx·n_subcarriers·4.
 *
 * Frame: n_rx·n_tx rows, row = rx·n_tx + tx; columns the tones ascending,
 * as the array holds them (52 legacy ±1…26, 56 HT/VHT20 ±1…28, 114 ±2…58,
 * 242 VHT80/HE20 ±2…122, 484 HE40 ±3…244 or VHT160 ±6…126, ±130…250, 996
 * HE80 ±3…500, 1992 HE160 ±12…509, ±515…1012); pilot tones are kept as
 * measured.  timestamp_us = µs clock unwrapped; sequence counts records;
 * rssi_dbm = the stronger chain; freq_mhz unknown (0); ppdu_type from the
 * HE type. */
#ifndef RUVIEW_FEITCSI_H
#define RUVIEW_FEITCSI_H

#include "ruview/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_FEITCSI_HEADER_SIZE 272
#define RV_FEITCSI_MAX_RX      4
#define RV_FEITCSI_MAX_TX      4
#define RV_FEITCSI_MAX_ENTRY \
  (RV_FEITCSI_HEADER_SIZE + 4u * RV_FEITCSI_MAX_RX * RV_FEITCSI_MAX_TX * 1992u)

typedef struct
{
  uint32_t csi_length;
  uint32_t ftm_clock;
  uint8_t n_rx, n_tx;
  uint32_t n_subcarriers;
  uint32_t rssi[2];
  uint32_t us_clock;
  uint32_t rate_flags;
  const RvToneGrid *tones;
  const uint8_t *csi;
} RvFeitcsiRecord;

/* Parse the record at data: *size = 272 + csi_length.  RV_CAPTURE_FRAME,
 * NEED_MORE, or an error when the header is inconsistent. */
RvCaptureStatus rv_feitcsi_parse (const uint8_t * data, size_t len,
    size_t * size, RvFeitcsiRecord * out);

int rv_feitcsi_fill_frame (const RvFeitcsiRecord * r, RvCsiFrame * f);

typedef struct
{
  uint32_t counter;
  RvClockUnwrap clock;
  RvFeitcsiRecord last;
  int lost;                     /* a record length no record can have was met */
} RvFeitcsi;

extern const RvCaptureFormat rv_capture_feitcsi;

#ifdef __cplusplus
}
#endif
#endif
