/* libruview — ESP32 CSI text logs (formats.md §1.1–§1.3).
 *
 * Two line formats print ESP-IDF's CSI buffer over the serial port:
 *   ESP32-CSI-Tool (esp32_csi_tool.c): "CSI_DATA,role,MAC,…25 fields…,[v v … ]"
 *   esp-csi csi_recv (esp_csi.c):      "CSI_DATA,id,mac,…24 fields…,\"[v,v,…]\""
 *                                      or the 14-field ESP32-C5/C6 variant.
 * Both decode the buffer with the layouts of esp32_buffer.c: each long
 * training field present (L-LTF, HT-LTF, STBC HT-LTF) becomes one row; the
 * columns are the tones of the widest one, ascending; a row has 0 where
 * its field has no tone; the first two buffer entries are zeroed when the
 * first word is invalid (always for ESP32-CSI-Tool, which does not say).
 * Values are the printed integers, paired (imaginary, real) as ESP-IDF
 * documents unless the order option says otherwise.
 *
 * Lines: CR/LF endings, blank lines ignored; "type,…" header lines and
 * lines that are no record (boot messages) are RV_CAPTURE_NON_CSI; a torn
 * record (brackets without "CSI_DATA," in front) is NOT_A_RECORD. */
#ifndef RUVIEW_ESP32_TEXT_H
#define RUVIEW_ESP32_TEXT_H

#include "ruview/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_ESP32_MAX_VALUES   1024      /* printed numbers per record */
#define RV_ESP32_MAX_LINE     65536     /* bytes per line */
#define RV_ESP32_MAX_ROWS     3

/* One buffer segment (an LTF): entry k of n has subcarrier
 *   pos_max >= 0: k <= pos_max ? k : k − n   (FFT order)
 *   pos_max <  0: k + offset                 (ascending)
 * in the buffer's numbering; its tones are `tones` around tone_centre. */
typedef struct
{
  uint16_t first_pair;
  uint16_t n_pairs;
  int16_t pos_max;
  int16_t offset;
  int16_t tone_centre;
  const RvToneGrid *tones;
} RvEsp32Segment;

typedef struct
{
  uint8_t n_rows;
  RvEsp32Segment seg[RV_ESP32_MAX_ROWS];
  const RvToneGrid *grid;       /* the frame's columns */
  int16_t frame_centre;         /* buffer numbering − frame_centre = column subcarrier */
  uint16_t bandwidth_mhz;
  int16_t primary_offset_mhz;   /* frame centre − primary channel centre */
  uint8_t he;
} RvEsp32Layout;

/* Layout of an ESP32/S2/S3/C3 buffer of n_pairs entries from rx_ctrl's
 * secondary_channel (0 none, 1 above, 2 below), sig_mode (0 non-HT,
 * 1 HT), cwb (0 20 MHz, 1 40 MHz) and stbc: the table row's LTFs, of which
 * the buffer must hold the first one, two or three exactly.  0 or
 * RV_CAPTURE_ERR_LAYOUT / RV_CAPTURE_ERR_VALUE_COUNT. */
RvCaptureStatus rv_esp32_layout (unsigned secondary, unsigned sig_mode,
    unsigned cwb, unsigned stbc, unsigned n_pairs, RvEsp32Layout * out);

/* Layout of an ESP32-C5/C6 buffer (one LTF, or two with STBC), from its
 * entry count alone. */
RvCaptureStatus rv_esp32_c5c6_layout (unsigned n_pairs, RvEsp32Layout * out);

/* Decoder state of both text formats (allocate sizeof, call init). */
typedef struct
{
  RvIqOrder order;
  int discarding;               /* skipping the rest of an over-long line */
  uint32_t counter;
  RvSeqUnwrap seq;
  RvClockUnwrap clock;
  /* the last record */
  RvEsp32Layout layout;
  int first_word_invalid;
  unsigned n_values;
  int16_t values[RV_ESP32_MAX_VALUES];
} RvEsp32Text;

/* Parse one line (without its line ending) into st and info. */
RvCaptureStatus rv_esp32_csi_tool_parse_line (RvEsp32Text * st,
    const char *line, size_t len, RvCaptureInfo * info);
RvCaptureStatus rv_esp_csi_parse_line (RvEsp32Text * st, const char *line,
    size_t len, RvCaptureInfo * info);

/* Write the last parsed record into a frame of its size. */
int rv_esp32_text_fill (RvEsp32Text * st, RvCsiFrame * f);

extern const RvCaptureFormat rv_capture_esp32_csi_tool;
extern const RvCaptureFormat rv_capture_esp_csi;

/* ---- shared by the two line formats (esp32_buffer.c) ---- */

void rv_esp32_text_init (void *state, const RvCaptureOptions * opts);
int rv_esp32_text_fill_state (void *state, RvCsiFrame * f);

/* Split data into lines and hand each to parse; the framing both formats
 * share (CR/LF, blank lines, over-long lines). */
RvCaptureStatus rv_esp32_text_next (RvEsp32Text * st, const uint8_t * data,
    size_t len, int at_eof, size_t * consumed, RvCaptureInfo * info,
    RvCaptureStatus (*parse) (RvEsp32Text *, const char *, size_t,
        RvCaptureInfo *));

/* The next line of [*p, end) (without its '\n') in *line / *n; 0 when
 * none is left (a last line without '\n' counts). */
int rv_text_next_line (const char **p, const char *end, const char **line,
    size_t * n);

/* A cursor over a line's comma-separated fields */
typedef struct
{
  const char *p, *end;
} RvTextCursor;

/* The next field up to a comma (or the end): 0 if none is left. */
int rv_text_field (RvTextCursor * c, const char **f, size_t * n);
/* A decimal integer filling the whole field, within [lo, hi]. */
int rv_text_int (const char *f, size_t n, long long lo, long long hi,
    long long *out);
/* A plain decimal number (digits, optional sign and fraction). */
int rv_text_is_number (const char *f, size_t n);
/* A MAC address xx:xx:xx:xx:xx:xx (either case). */
int rv_text_is_mac (const char *f, size_t n);
/* Integers separated by `sep` (and optional spaces) up to `close`;
 * *p moves past close.  Stores up to max values; the count in *n. */
RvCaptureStatus rv_text_values (const char **p, const char *end, char sep,
    char close, long long lo, long long hi, int16_t * values, unsigned max,
    unsigned *n);

/* Common record tail: checks the values against the layout and fills
 * info (dims, bandwidth, freq of the channel, flags). */
RvCaptureStatus rv_esp32_text_finish (RvEsp32Text * st, unsigned channel,
    int rssi, int noise_floor, uint32_t local_timestamp, uint32_t sequence,
    int stbc, RvCaptureInfo * info);

#ifdef __cplusplus
}
#endif
#endif
