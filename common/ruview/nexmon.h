/* libruview — Nexmon CSI (Broadcom, nexmon_csi): UDP payloads in a packet
 * capture (formats.md §3).
 *
 * Payload (LE): magic 11 11, then either 11 11 (old firmware) or rssi i8
 * and frame-control byte (current firmware), source MAC, sequence control
 * (sequence number = upper 12 bits), core (bits 0–2) and spatial stream
 * (bits 3–5), chanspec, chip id, then N CSI words (N = 64/128/256 for
 * 20/40/80 MHz) in FFT order.  Word formats: int16 re (low half), im (high
 * half) for bcm4339/43455c0; packed floats (sign·magnitude·2^e, shared
 * exponent) for bcm4358 (9-bit, 5-bit exponent) and bcm4366c0 (12-bit,
 * 6-bit); the chip comes from the chip id (0x0001 4339, 0x0065 43455c0,
 * 0xdead 4358, 0x006a 4366c0) unless an option forces one.
 *
 * Frame: consecutive packets with the same sequence number form one frame,
 * one row per (core, stream) packet, row = core · n_streams + stream; a
 * (core, stream) pair repeating within a sequence starts a new frame (some
 * firmware reports sequence 0 on every packet); a frame whose packets are
 * not every core × every stream is RV_CAPTURE_ERR_INCOMPLETE.  Columns:
 * the tones ascending (20 MHz ±1…28, 40 MHz ±2…58, 80 MHz ±2…122);
 * current firmware overwrites three words with PHY status (20 MHz words
 * 28–30, else 0–2): the tone among them (+28, +2) is zeroed.  Values
 * exact (packed floats as their value, int16 as is).  timestamp_us = pcap
 * time of the first packet; sequence = sequence number unwrapped;
 * freq_mhz from the chanspec's channel; rssi from current firmware's
 * header (0 for old). */
#ifndef RUVIEW_NEXMON_H
#define RUVIEW_NEXMON_H

#include "ruview/capture.h"
#include "ruview/pcap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_NEXMON_HEADER_SIZE   18
#define RV_NEXMON_MAX_WORDS     256
#define RV_NEXMON_MAX_PACKETS   16      /* (core, stream) pairs per frame */

typedef struct
{
  int old_header;
  int8_t rssi;
  uint16_t seq;                 /* sequence number, 12 bits */
  uint8_t core, stream;
  uint16_t chanspec;
  uint16_t chip;
  unsigned n_words;
  const uint8_t *words;         /* 4·n_words bytes, LE */
} RvNexmonPacket;

/* Parse a UDP payload: RV_CAPTURE_FRAME, RV_CAPTURE_NON_CSI (no Nexmon
 * magic) or RV_CAPTURE_ERR_LENGTH. */
RvCaptureStatus rv_nexmon_parse (const uint8_t * payload, size_t len,
    RvNexmonPacket * out);

/* The word format of a chip id (RV_NEXMON_CHIP_AUTO if unknown). */
RvNexmonChip rv_nexmon_chip_of_id (uint16_t chip_id);

/* One word as (re, im). */
void rv_nexmon_word (uint32_t w, RvNexmonChip chip, double *re, double *im);

typedef struct
{
  RvNexmonChip forced;
  RvPcap pcap;
  RvSeqUnwrap seq;
  /* the frame being gathered */
  unsigned n_packets;
  int old_header;
  int8_t rssi;
  uint16_t seq_raw, chanspec;
  RvNexmonChip chip;
  unsigned n_words;
  uint64_t time_us;
  uint8_t core[RV_NEXMON_MAX_PACKETS], stream[RV_NEXMON_MAX_PACKETS];
  uint32_t words[RV_NEXMON_MAX_PACKETS][RV_NEXMON_MAX_WORDS];
  /* the frame handed out */
  unsigned out_n;
  uint8_t out_order[RV_NEXMON_MAX_PACKETS];     /* packet of each row */
} RvNexmon;

extern const RvCaptureFormat rv_capture_nexmon;

#ifdef __cplusplus
}
#endif
#endif
