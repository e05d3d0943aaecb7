/* Fuzz target: csisrc's serial input framing (gst/ruview/rvreader-capture.c
 * as a stream): bytes pushed in pieces as a device delivers them, the
 * line-based capture format recognised from the lines, frames taken out
 * after every piece.  Checks: every buffer maps as a valid frame; after
 * each piece the reader stops asking (EOS = needs more) within a bounded
 * number of calls; the window it keeps stays bounded. */
#include "reader.h"

#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return rv_fuzz_reader_init ();
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  GstRvReaderOptions opts;
  GstRvCaptureReader *r;
  size_t off, chunk, calls = 0;

  if (size == 0)
    return 0;
  memset (&opts, 0, sizeof opts);
  opts.capture.esp32_order = (data[0] & 1) ? RV_IQ_Q_FIRST : RV_IQ_I_FIRST;
  opts.node_id = -1;
  r = gst_rv_capture_reader_new_stream (NULL, &opts);
  RV_FUZZ_CHECK (r != NULL);
  chunk = 1 + data[size - 1] % 200;
  for (off = 0; off < size; off += chunk) {
    size_t n = size - off < chunk ? size - off : chunk;
    gst_rv_capture_reader_push (r, data + off, n, off * GST_MSECOND);
    for (;;) {
      GstBuffer *buf = NULL;
      const gchar *reason = NULL;
      GstRvReadResult res = gst_rv_capture_reader_next (r, &buf, &reason);
      RV_FUZZ_CHECK (++calls <= 2 * size + 8);
      if (res == GST_RV_READ_EOS)
        break;
      RV_FUZZ_CHECK (res != GST_RV_READ_ERROR);
      if (res == GST_RV_READ_OK) {
        RV_FUZZ_CHECK (buf != NULL);
        rv_fuzz_check_buffer (buf, FALSE);
        gst_buffer_unref (buf);
      } else {
        RV_FUZZ_CHECK (buf == NULL);
      }
    }
  }
  gst_rv_capture_reader_free (r);
  return 0;
}

void
rv_fuzz_seeds (void)
{
  static const char lines[] = "boot: ESP-ROM\r\nI (123) wifi: connected\r\n"
      "CSI_DATA,0,aa:bb:cc:dd:ee:ff,-40,11,1,0,0,0,0,0,0,0,0,0,0,-92,0,6,0,"
      "12345,0,128,0,\"[1 2 3 4]\"\r\n";
  rv_fuzz_seed ("boot-and-lines", lines, sizeof lines - 1);
}
