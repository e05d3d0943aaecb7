/* tests/fuzz: the shared driver of the reader targets (see reader.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"

int
rv_fuzz_reader_init (void)
{
  /* the readers need GStreamer's types, not its plugins */
  g_setenv ("GST_REGISTRY_DISABLE", "yes", TRUE);
  gst_init (NULL, NULL);
  return 0;
}

void
rv_fuzz_check_buffer (GstBuffer * buf, gboolean fused)
{
  GstMapInfo map;
  GstClockTime pts = GST_BUFFER_PTS (buf);

  if (!fused) {
    RvCsiFrame f;
    RV_FUZZ_CHECK (gst_rv_csi_buffer_map (buf, &map, GST_MAP_READ, &f));
    RV_FUZZ_CHECK (f.pts_ns == RV_RECORD_NONE_NS ? pts == GST_CLOCK_TIME_NONE
        : pts == f.pts_ns);
    RV_FUZZ_CHECK (f.dim0 >= 1 && f.dim1 >= 1);
    gst_rv_csi_buffer_unmap (buf, &map, NULL);
  } else {
    RvFusedRecord fr;
    guint i, n;
    RV_FUZZ_CHECK (gst_rv_fused_buffer_map (buf, &map, GST_MAP_READ, &fr));
    RV_FUZZ_CHECK (fr.pts_ns == RV_RECORD_NONE_NS
        ? pts == GST_CLOCK_TIME_NONE : pts == fr.pts_ns);
    n = fr.n_node_records;
    gst_rv_fused_buffer_unmap (buf, &map, NULL);
    RV_FUZZ_CHECK (gst_rv_fused_buffer_n_node_records (buf) == n);
    for (i = 0; i < n; i++) {
      RvCsiFrame f;
      RV_FUZZ_CHECK (gst_rv_fused_buffer_map_node (buf, i, &map, &f));
      gst_rv_fused_buffer_unmap_node (buf, &map);
    }
  }
}

int
rv_fuzz_reader_run (const GstRvReaderFormat * fmt, const uint8_t * data,
    size_t size)
{
  GstRvReaderOptions opts;
  gpointer state;
  FILE *fp;
  char *copy;
  size_t calls;
  long pos = 0;

  (void) gst_rv_reader_find (data, MIN (size, GST_RV_READER_PROBE_SIZE));
  (void) fmt->probe (data, MIN (size, GST_RV_READER_PROBE_SIZE));
  if (size == 0)
    return 0;
  copy = malloc (size);
  memcpy (copy, data, size);
  fp = fmemopen (copy, size, "rb");
  RV_FUZZ_CHECK (fp != NULL);
  memset (&opts, 0, sizeof opts);
  opts.iq_order = (data[0] & 1) ? RV_IQ_Q_FIRST : RV_IQ_I_FIRST;
  opts.capture.esp32_order = opts.iq_order;
  opts.node_id = -1;
  state = fmt->open (fp, &opts);
  RV_FUZZ_CHECK (state != NULL);
  for (calls = 0;; calls++) {
    GstBuffer *buf = NULL;
    gboolean fused = FALSE;
    const gchar *reason = NULL;
    GstRvReadResult r = fmt->next (state, &buf, &fused, &reason);
    long now = ftell (fp);

    if (r == GST_RV_READ_EOS || r == GST_RV_READ_ERROR) {
      RV_FUZZ_CHECK (buf == NULL);
      RV_FUZZ_CHECK (r == GST_RV_READ_EOS || reason != NULL);
      break;
    }
    /* an entry was consumed: the position moved on */
    RV_FUZZ_CHECK (now > pos || feof (fp));
    RV_FUZZ_CHECK (calls <= size);
    pos = now;
    if (r == GST_RV_READ_OK) {
      RV_FUZZ_CHECK (buf != NULL);
      rv_fuzz_check_buffer (buf, fused);
      gst_buffer_unref (buf);
    } else {
      RV_FUZZ_CHECK (buf == NULL);
      RV_FUZZ_CHECK (r == GST_RV_READ_SKIPPED || reason != NULL);
    }
  }
  fmt->close (state);
  fclose (fp);
  free (copy);
  return 0;
}
