/* libruview — Atheros CSI Tool log (ath9k recvCSI, formats.md §4).
 *
 * Records without a file header: u16 L, then a 25-byte header (u64 TSF
 * timestamp µs, u16 csi_len, u16 channel MHz, err_info, noise_floor, rate,
 * bandwidth (0 20 MHz, 1 40 MHz), num_tones (56/114), nr, nc, rssi, rssi of
 * chains 0–2, u16 payload_len), csi_len CSI bytes, payload_len frame bytes;
 * L = 25 + csi_len + payload_len.  Multi-byte fields are in the logging
 * host's byte order: the decoder takes the order in which the records at
 * the start chain, and when a record does not chain it scans forward for
 * the next one that does.  CSI: an LSB-first bit stream of 16-bit words
 * (file byte order); per tone, per rx, per tx: 10-bit imaginary then
 * 10-bit real, two's complement.
 *
 * Frame: nr·nc rows, row = rx·nc + tx; columns the tones ascending (56:
 * ±1…28, 114: ±2…58); values the 10-bit integers.  timestamp_us = TSF;
 * sequence counts records; freq_mhz = channel; noise_floor_dbm the noise
 * byte as int8 (0 when not reported); rssi_dbm 0 (the log's RSSI is
 * relative to the noise floor, not dBm).  A record with csi_len 0 is
 * RV_CAPTURE_NON_CSI. */
#ifndef RUVIEW_ATHEROS_H
#define RUVIEW_ATHEROS_H

#include "ruview/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_ATHEROS_HEADER_SIZE 25
#define RV_ATHEROS_MAX_ENTRY   (2 + 65535)

typedef struct
{
  uint64_t timestamp;
  uint16_t csi_len, channel;
  uint8_t err_info, noise_floor, rate, bandwidth, num_tones, nr, nc;
  uint8_t rssi, rssi_chain[3];
  uint16_t payload_len;
  const uint8_t *csi;
} RvAtherosRecord;

/* Parse the record at data (u16 L first) in the given byte order;
 * *size = 2 + L.  RV_CAPTURE_FRAME, NON_CSI (csi_len 0), NEED_MORE (fewer
 * than 2 + L bytes), or an error when the header is inconsistent. */
RvCaptureStatus rv_atheros_parse (const uint8_t * data, size_t len,
    int big_endian, size_t * size, RvAtherosRecord * out);

int rv_atheros_fill_frame (const RvAtherosRecord * r, int big_endian,
    RvCsiFrame * f);

typedef struct
{
  int order_known, big_endian;
  uint32_t counter;
  RvAtherosRecord last;
} RvAtheros;

extern const RvCaptureFormat rv_capture_atheros;

#ifdef __cplusplus
}
#endif
#endif
