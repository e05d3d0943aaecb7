/* libruview — capture-file and serial-log decoders: what they share.
 *
 * Every capture format of the field (ESP32-CSI-Tool and esp-csi text logs,
 * Intel 5300 .dat, Nexmon pcap/pcapng, Atheros, FeitCSI) is one decoder
 * with the same shape, an RvCaptureFormat: a state struct the caller
 * allocates once (state_size bytes), init(), then next() over a byte buffer
 * and fill() into a complex frame record.  Nothing allocates; a decoder
 * never reads outside the bytes it is given, so each is fuzzable as
 *
 *     init (st, &opts);
 *     while ((s = next (st, data, len, 1, &used, &info)) != RV_CAPTURE_END
 *         && s != RV_CAPTURE_NEED_MORE) {
 *       if (s == RV_CAPTURE_FRAME) { lay out a record of info's size; fill (st, &f); }
 *       data += used; len -= used;
 *     }
 *
 * Conventions of the frames (the output contract, docs/capture-files.md):
 * one complex frame per CSI record; rows = receive chain · n_tx + transmit
 * stream (ESP32: one row per long training field); columns = the tones
 * that carry channel values in ascending subcarrier order, with
 * subcarrier_index filled (guard and null bins are dropped, a tone whose
 * word the device overwrote is zeroed); values unscaled in the format's
 * own units as (re, im). */
#ifndef RUVIEW_CAPTURE_H
#define RUVIEW_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/adr018.h"
#include "ruview/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  RV_CAPTURE_FRAME = 0,         /* a frame is ready: info filled, call fill() */
  RV_CAPTURE_CONTINUE,          /* bytes consumed, nothing to report (file header, a packet joining a frame) */
  RV_CAPTURE_NON_CSI,           /* a well-formed entry without CSI (header line, 802.11 header record, other packet) */
  RV_CAPTURE_NEED_MORE,         /* the bytes end inside an entry: call again with more */
  RV_CAPTURE_END,               /* at_eof and nothing left */
  /* malformed entries: counted, skipped (consumed says how far) */
  RV_CAPTURE_ERR_TRUNCATED,     /* the input ends inside an entry */
  RV_CAPTURE_ERR_TOO_LONG,      /* an entry longer than the format allows */
  RV_CAPTURE_ERR_SYNTAX,        /* a text field that is not what it must be */
  RV_CAPTURE_ERR_NOT_A_RECORD,  /* text that is no record (a log message, a line's torn tail) */
  RV_CAPTURE_ERR_VALUE_COUNT,   /* the number of values disagrees with the length or layout */
  RV_CAPTURE_ERR_VALUE_RANGE,   /* a value outside the format's range */
  RV_CAPTURE_ERR_LAYOUT,        /* no known subcarrier layout for this record */
  RV_CAPTURE_ERR_LENGTH,        /* a length field inconsistent with the others */
  RV_CAPTURE_ERR_DIMENSIONS,    /* antenna / stream / tone counts out of range */
  RV_CAPTURE_ERR_CONTAINER,     /* a damaged pcap/pcapng structure */
  RV_CAPTURE_ERR_UNKNOWN_CHIP,  /* a Nexmon chip id without a known word format */
  RV_CAPTURE_ERR_INCOMPLETE,    /* a multi-packet frame without all its packets */
  RV_CAPTURE_ERR_RESYNC         /* bytes skipped to find the next record */
} RvCaptureStatus;

#define RV_CAPTURE_IS_ERROR(s) ((s) >= RV_CAPTURE_ERR_TRUNCATED)

/* A short sentence for a status (static storage). */
const char *rv_capture_status_str (RvCaptureStatus s);

/* Nexmon word format (formats.md §3.3), by chip */
typedef enum
{
  RV_NEXMON_CHIP_AUTO = 0,      /* from the chip id in each packet */
  RV_NEXMON_CHIP_4339 = 1,      /* int16 re, im */
  RV_NEXMON_CHIP_43455C0 = 2,   /* int16 re, im */
  RV_NEXMON_CHIP_4358 = 3,      /* packed float, 9-bit mantissas, 5-bit exponent */
  RV_NEXMON_CHIP_4366C0 = 4     /* packed float, 12-bit mantissas, 6-bit exponent */
} RvNexmonChip;

typedef struct
{
  RvIqOrder esp32_order;        /* ESP32 text logs: order inside each int8 pair */
  RvNexmonChip nexmon_chip;
} RvCaptureOptions;

/* What a decoded record is: its frame's size and header fields. */
typedef struct
{
  uint16_t n_streams;           /* rows (dim0) */
  uint16_t n_subcarriers;       /* columns (dim1) */
  uint64_t timestamp_us;        /* device clock, unwrapped (pcap time for Nexmon) */
  uint32_t sequence;            /* the format's counter, unwrapped, else a record counter */
  uint32_t freq_mhz;            /* 0 = unknown */
  uint16_t bandwidth_mhz;       /* of the reported grid; 0 = unknown */
  int16_t rssi_dbm;             /* 0 = not given by the format */
  int16_t noise_floor_dbm;      /* 0 = not given */
  uint8_t ppdu_type;            /* ADR-018 byte 18 meaning: 0 HT/legacy, 255 unknown */
  uint8_t hw_flags;             /* ADR-018 byte 19 meaning: bit 0 40 MHz, bit 2 STBC */
} RvCaptureInfo;

/* Copy the header fields of info into a frame (node id, pts, duration and
 * flags are left alone). */
void rv_capture_info_apply (const RvCaptureInfo * info, RvCsiFrame * f);

typedef struct RvCaptureFormat
{
  const char *name;             /* "intel5300", "nexmon", … */
  const char *description;      /* one line, for messages */
  /* content score of the first len bytes of a file: 0 = not this format,
   * 100 = certain */
  unsigned (*probe) (const uint8_t * head, size_t len);
  size_t state_size;
  /* the longest entry the decoder may ask to see whole (bytes); the caller
   * must be able to pass at least this many bytes at once */
  size_t max_entry;
  int line_based;               /* text: one entry per line (serial capable) */
  void (*init) (void *state, const RvCaptureOptions * opts);
  /* Decode the entry at the start of data[0..len).  at_eof: no bytes
   * follow.  *consumed is set for every status except NEED_MORE and END
   * (0 there).  After RV_CAPTURE_FRAME call fill() before the next call to
   * next(), with the same bytes still valid. */
  RvCaptureStatus (*next) (void *state, const uint8_t * data, size_t len,
      int at_eof, size_t * consumed, RvCaptureInfo * info);
  /* Write the frame's values and subcarrier_index into a complex record
   * laid out with info's n_streams × n_subcarriers; -1 if it was not. */
  int (*fill) (void *state, RvCsiFrame * frame);
} RvCaptureFormat;

/* The formats, NULL-terminated, in detection order. */
extern const RvCaptureFormat *const rv_capture_formats[];
const RvCaptureFormat *rv_capture_format_by_name (const char *name);

/* ---- helpers shared by the decoders ---- */

/* Tones of a grid: up to four ascending ranges [lo, hi] of subcarrier
 * numbers (guards, DC and other nulls are the gaps between them). */
typedef struct
{
  uint8_t n_ranges;
  int16_t lo[4], hi[4];
} RvToneGrid;

extern const RvToneGrid rv_tones_lltf;  /* 11a/g 20 MHz: ±1…26, 52 */
extern const RvToneGrid rv_tones_ht20;  /* ±1…28, 56 */
extern const RvToneGrid rv_tones_ht40;  /* ±2…58, 114 */
extern const RvToneGrid rv_tones_80;    /* VHT80 and HE20 (4× spacing): ±2…122, 242 */
extern const RvToneGrid rv_tones_he40;  /* ±3…244, 484 */
extern const RvToneGrid rv_tones_he80;  /* ±3…500, 996 */
extern const RvToneGrid rv_tones_vht160;        /* ±6…126, ±130…250, 484 */
extern const RvToneGrid rv_tones_he160; /* ±12…509, ±515…1012, 1992 */

unsigned rv_tone_grid_count (const RvToneGrid * g);
/* Column of subcarrier s, or -1 if s is not a tone of the grid. */
int rv_tone_grid_column (const RvToneGrid * g, int s);
/* subcarrier_index[0 .. count) = the tones, ascending. */
void rv_tone_grid_fill_index (const RvToneGrid * g, int16_t * index);

/* Centre frequency of a WiFi channel number (2.4 GHz: 1–13, 14; 5 GHz:
 * 36–177), 0 otherwise. */
uint32_t rv_wifi_channel_freq (unsigned channel);

/* A device counter of `bits` bits (≤ 32) unwrapped into a 32-bit one that
 * advances by the counter's delta — at least 1, so a repeated value (a
 * retransmission, firmware that leaves the field 0) is not taken for a
 * gap — and starts at the first raw value. */
typedef struct
{
  int started;
  uint32_t raw;
  uint32_t value;
} RvSeqUnwrap;

uint32_t rv_seq_unwrap (RvSeqUnwrap * u, uint32_t raw, unsigned bits);

/* A device clock of `bits` bits (µs) unwrapped into 64 bits. */
typedef struct
{
  int started;
  uint64_t last;
} RvClockUnwrap;

uint64_t rv_clock_unwrap (RvClockUnwrap * u, uint64_t raw, unsigned bits);

/* Little/big-endian loads */
static inline uint16_t
rv_ld16le (const uint8_t * p)
{
  return (uint16_t) (p[0] | (p[1] << 8));
}

static inline uint16_t
rv_ld16be (const uint8_t * p)
{
  return (uint16_t) ((p[0] << 8) | p[1]);
}

static inline uint32_t
rv_ld32le (const uint8_t * p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16)
      | ((uint32_t) p[3] << 24);
}

static inline uint32_t
rv_ld32be (const uint8_t * p)
{
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16)
      | ((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

static inline uint64_t
rv_ld64le (const uint8_t * p)
{
  return (uint64_t) rv_ld32le (p) | ((uint64_t) rv_ld32le (p + 4) << 32);
}

static inline uint64_t
rv_ld64be (const uint8_t * p)
{
  return ((uint64_t) rv_ld32be (p) << 32) | (uint64_t) rv_ld32be (p + 4);
}

#ifdef __cplusplus
}
#endif
#endif
