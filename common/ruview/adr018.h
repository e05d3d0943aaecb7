/* libruview — the ESP32 ADR-018 binary CSI datagram (frontend.md §2.1–§2.3,
 * formats.md §1.4).
 *
 * A datagram is a 20-byte little-endian header (magic 0xC5110001, node id,
 * antenna count, subcarrier count, frequency, sequence, RSSI, noise floor,
 * PPDU type, flags) followed by n_antennas × n_subcarriers signed int8 I/Q
 * pairs, antenna-major.  The parser is strict (the hardware-crate rules):
 * 1..4 antennas, 1..256 subcarriers, the payload must be complete; extra
 * trailing bytes are ignored; a datagram longer than the largest valid one
 * is "oversized".  Sibling packets of the same UDP port (vitals, features,
 * time sync, …) are reported as RV_ADR018_NON_CSI, which is not an error.
 *
 * Decoding writes straight into a complex frame record (ruview/record.h):
 * streams = antennas, subcarriers = pairs per antenna, values f64 from the
 * int8 pairs.  Nothing here allocates. */
#ifndef RUVIEW_ADR018_H
#define RUVIEW_ADR018_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_ADR018_MAGIC_CSI        0xC5110001u
#define RV_ADR018_HEADER_SIZE      20
#define RV_ADR018_MAX_ANTENNAS     4
#define RV_ADR018_MAX_SUBCARRIERS  256
/* 20 + 2 · 4 · 256: the largest valid datagram */
#define RV_ADR018_MAX_DATAGRAM \
  (RV_ADR018_HEADER_SIZE + 2 * RV_ADR018_MAX_ANTENNAS * RV_ADR018_MAX_SUBCARRIERS)

/* Flags byte (byte 19) */
#define RV_ADR018_FLAG_BW40        (1u << 0)
#define RV_ADR018_FLAG_STBC        (1u << 2)
#define RV_ADR018_FLAG_LDPC        (1u << 3)
#define RV_ADR018_FLAG_SYNC_VALID  (1u << 4)

/* PPDU type (byte 18) */
#define RV_ADR018_PPDU_HT_LEGACY   0
#define RV_ADR018_PPDU_HE_SU       1
#define RV_ADR018_PPDU_HE_MU       2
#define RV_ADR018_PPDU_HE_TB       3
#define RV_ADR018_PPDU_UNKNOWN     0xFF

typedef enum
{
  RV_ADR018_OK = 0,
  RV_ADR018_NON_CSI,            /* a sibling magic (0xC5110002..7, 0xC511A110): skip, not an error */
  RV_ADR018_ERR_SHORT,          /* fewer than 20 bytes */
  RV_ADR018_ERR_MAGIC,          /* unknown magic */
  RV_ADR018_ERR_ANTENNAS,       /* n_antennas 0 or above 4 */
  RV_ADR018_ERR_SUBCARRIERS,    /* n_subcarriers 0 or above 256 */
  RV_ADR018_ERR_TRUNCATED,      /* payload shorter than 2 · n_antennas · n_subcarriers */
  RV_ADR018_ERR_OVERSIZED       /* longer than RV_ADR018_MAX_DATAGRAM */
} RvAdr018Error;

const char *rv_adr018_error_str (RvAdr018Error e);

/* Byte order inside a pair (frontend.md §2.2): I-first is RuView's Rust
 * convention (byte 2k real, 2k+1 imaginary), Q-first is ESP-IDF's
 * documented (imaginary, real). */
typedef enum
{
  RV_IQ_I_FIRST = 0,
  RV_IQ_Q_FIRST = 1
} RvIqOrder;

/* The header fields, raw as on the wire, plus the payload location. */
typedef struct
{
  uint32_t magic;
  uint8_t node_id;
  uint8_t n_antennas;
  uint16_t n_subcarriers;
  uint32_t freq_mhz;
  uint32_t sequence;
  int8_t rssi;                  /* raw byte 16 (see rv_adr018_fix_rssi) */
  int8_t noise_floor;
  uint8_t ppdu_type;
  uint8_t flags;
  const uint8_t *payload;       /* n_antennas · n_subcarriers pairs */
} RvAdr018Header;

/* Validate a datagram and read its header.  RV_ADR018_NON_CSI fills only
 * magic.  Order of checks: oversized, short, magic, antennas, subcarriers,
 * truncated. */
RvAdr018Error rv_adr018_parse (const uint8_t * data, size_t len,
    RvAdr018Header * hdr);

/* 1 for the sibling magics of §2.1 (vitals, features, compressed CSI,
 * feature state, WASM/temporal, time sync), else 0. */
int rv_adr018_is_sibling_magic (uint32_t magic);

/* RSSI fix of §2.3: a positive byte is negated, otherwise unchanged. */
int16_t rv_adr018_fix_rssi (int8_t raw);

/* Bandwidth in MHz by the hardware-crate rule of §2.3: HE PPDUs (1..3):
 * 40 if flags bit 0 or n > 256, else 20; otherwise ≤64 → 20, ≤128 → 40,
 * ≤242 → 80, else 160. */
uint16_t rv_adr018_bandwidth (uint8_t ppdu_type, uint8_t flags,
    unsigned n_subcarriers);

/* Decode n_pairs int8 pairs into data[2k] = re, data[2k+1] = im (f64). */
void rv_adr018_decode_pairs (const uint8_t * payload, size_t n_pairs,
    RvIqOrder order, double *data);

/* Fill a complex frame view whose record was laid out with dim0 =
 * n_antennas and dim1 = n_subcarriers: data, subcarrier_index (natural
 * FFT order, rv_fft_order_index), node id, sequence, frequency (values
 * above 65535 become 0, as the sensing server narrows to u16), fixed RSSI,
 * noise floor, PPDU type, flags and bandwidth.  Leaves pts/duration,
 * timestamp_us, calibration and record flags alone.  Returns -1 if the
 * view's dimensions do not match the header. */
int rv_adr018_fill_frame (const RvAdr018Header * hdr, RvIqOrder order,
    RvCsiFrame * frame);

#ifdef __cplusplus
}
#endif
#endif
