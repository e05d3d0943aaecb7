/* Fuzz target: csisrc's reader of RuView's JSONL recordings
 * (gst/ruview/rvreader-ruview.c).  Its line decoding (iq_hex, decimal
 * timestamps) lives in the reader itself, so it is fuzzed through it. */
#include "reader.h"

#include <stdio.h>
#include <string.h>

RV_FUZZ_READER_TARGET (gst_rv_reader_ruview)

void
rv_fuzz_seeds (void)
{
  char text[8192], hex[512];
  size_t n = 0, k;
  int node, line;

  for (k = 0; k < 64; k++)
    snprintf (hex + 4 * k, 5, "%02x%02x", (unsigned) (k * 7) & 0xff,
        (unsigned) (256 - k * 3) & 0xff);
  for (line = 0; line < 6; line++) {
    node = 1 + line % 3;
    n += (size_t) snprintf (text + n, sizeof text - n,
        "{\"type\":\"raw_csi\",\"timestamp\":1775000000.%06d,\"node_id\":%d,"
        "\"rssi\":1,\"channel\":6,\"subcarriers\":64,\"size\":148,"
        "\"iq_hex\":\"%s\"}\n", 125000 + 50000 * line, node, hex);
  }
  n += (size_t) snprintf (text + n, sizeof text - n,
      "{\"type\":\"vitals\",\"timestamp\":1775000001.5,\"node_id\":1,"
      "\"breathing_bpm\":14.5}\n{\"magic\":\"0xC5110002\"}\n");
  rv_fuzz_seed ("raw-csi-and-vitals", text, n);
  snprintf (text, sizeof text,
      "{\"type\":\"raw_csi\",\"timestamp\":1.5e9,\"node_id\":7,"
      "\"iq_hex\":\"0102fffe\"}\n");
  rv_fuzz_seed ("exponent-timestamp", text, strlen (text));
}
