/* rvphasealign: the element's canonical frames equal the core's
 * (normalise → multi-band → align) bit for bit, the §11.2 normalise golden,
 * hop grouping, counted failures, caps. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <math.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "ruview/hardware_norm.h"
#include "ruview/multiband.h"
#include "ruview/phase_align.h"
#include "ruview/record_json.h"
#include <glib/gstdio.h>

#define COMPLEX_CAPS GST_RV_CSI_MEDIA_TYPE \
  ", layout=complex, calibrated=false, phase-aligned=false"
#define MS GST_MSECOND

/* amplitude and phase of frame `kind` (0: the §11.1 ESP32 normalise
 * vector; k > 0: a variant per hop channel) */
static void
shape (guint kind, guint i, gdouble * a, gdouble * p)
{
  if (kind == 0) {
    *a = 20.0 + 5.0 * sin (0.1 * i);
    *p = 0.5 * sin (0.05 * i);
  } else {
    *a = 20.0 + 5.0 * sin (0.1 * i + 0.3 * kind) + 0.2 * ((7 * i) % 5);
    *p = 0.5 * sin (0.05 * i * kind) + 0.4 * kind;
  }
}

static GstBuffer *
frame (guint node, guint seq, guint32 freq, guint kind, GstClockTime pts,
    guint32 flags)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_COMPLEX, 1, 64, &map, &f);
  guint i;
  for (i = 0; i < 64; i++) {
    gdouble a, p;
    shape (kind, i, &a, &p);
    f.data[2 * i] = a * cos (p);
    f.data[2 * i + 1] = a * sin (p);
    f.subcarrier_index[i] = rv_fft_order_index (i);
  }
  f.node_id = node;
  f.sequence = seq;
  f.timestamp_us = pts / 1000;
  f.freq_mhz = freq;
  f.rssi_dbm = -50;
  f.noise_floor_dbm = -92;
  f.bandwidth_mhz = 20;
  f.flags = flags;
  if (flags & RV_CSI_FLAG_HAS_CALIB_ID)
    f.calibration_id = 77;
  f.pts_ns = pts;
  f.duration_ns = 10 * MS;
  gst_rv_csi_buffer_unmap (b, &map, &f);
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 10 * MS;
  return b;
}

/* the core path for one frame: canonical amplitude/phase of `bins` bins */
static void
core_normalize (guint kind, guint bins, gfloat * amp, gfloat * phase)
{
  GstBuffer *b = frame (1, 0, 2437, kind, 0, 0);
  RvHwNormalizer *n = rv_hw_normalizer_new (bins, NULL);
  gdouble a64[64], p64[64];
  GstMapInfo map;
  RvCsiFrame f;

  fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
  rv_csi_amplitude_phase (f.data, 64, a64, p64);
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, a64, 64, p64, 64,
          rv_hw_detect (64), amp, phase, bins), RV_HW_NORM_OK);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  rv_hw_normalizer_free (n);
}

static gboolean
same_bits (const gfloat * a, const gfloat * b, guint n)
{
  return memcmp (a, b, n * sizeof (gfloat)) == 0;
}

static GstHarness *
align_harness (guint channels, guint bins)
{
  GstElement *e = gst_element_factory_make_full ("rvphasealign", "channels",
      channels, "canonical-bins", bins, NULL);
  GstHarness *h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  return h;
}

static guint64
stat_u64 (GstHarness * h, const gchar * name)
{
  GstStructure *st;
  guint64 v = 0;
  g_object_get (h->element, "stats", &st, NULL);
  gst_structure_get_uint64 (st, name, &v);
  gst_structure_free (st);
  return v;
}

/* one channel: the frontend.md §11.1 ESP32 vector through the element is
 * the core's normalise output bit for bit, and near the §11.2 golden */
GST_START_TEST (test_single_channel_esp32_golden)
{
  GstHarness *h = align_harness (1, 56);
  gfloat amp[56], phase[56];
  GstBuffer *out;
  GstMapInfo map;
  RvCsiFrame f;
  GstCaps *caps;
  gboolean cal = FALSE, aligned = FALSE;
  const gchar *layout;

  core_normalize (0, 56, amp, phase);
  fail_unless (fabs (amp[0] - -0.00024376377) < 1e-6);
  gst_harness_set_src_caps_str (h, GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=true, phase-aligned=false");
  out = gst_harness_push_and_pull (h, frame (3, 17, 2412, 0, 30 * MS,
          RV_CSI_FLAG_CALIBRATED | RV_CSI_FLAG_HAS_CALIB_ID));
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 30 * MS);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), 10 * MS);
  fail_unless (gst_rv_csi_buffer_map (out, &map, GST_MAP_READ, &f));
  fail_unless_equals_int (f.layout, RV_LAYOUT_CANONICAL);
  fail_unless_equals_int (f.dim0, 1);
  fail_unless_equals_int (f.dim1, 56);
  fail_unless (same_bits (rv_csi_amplitude (&f, 0), amp, 56));
  fail_unless (same_bits (rv_csi_phase (&f, 0), phase, 56));
  /* frontend.md §11.2 normalise golden (the element's amplitude/phase come
   * from hypot/atan2 of the complex samples, so within a few ulp) */
  fail_unless (fabs (rv_csi_amplitude (&f, 0)[0] - -0.00024376377) < 1e-6);
  fail_unless (fabs (rv_csi_amplitude (&f, 0)[1] - 0.16158813) < 1e-6);
  fail_unless (fabs (rv_csi_phase (&f, 0)[0] - -0.31419718) < 1e-6);
  fail_unless (fabs (rv_csi_phase (&f, 0)[55] - -0.31333253) < 1e-6);
  fail_unless_equals_int (f.node_id, 3);
  fail_unless_equals_int (f.sequence, 17);
  fail_unless_equals_int (f.freq_mhz, 2412);
  fail_unless_equals_int (f.channel_freq_mhz[0], 2412);
  fail_unless_equals_int (f.rssi_dbm, -50);
  fail_unless_equals_uint64 (f.timestamp_us, 30000);
  fail_unless_equals_uint64 (f.calibration_id, 77);
  fail_unless_equals_int (f.flags, RV_CSI_FLAG_CALIBRATED |
      RV_CSI_FLAG_HAS_CALIB_ID | RV_CSI_FLAG_PHASE_ALIGNED);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);

  caps = gst_pad_get_current_caps (h->sinkpad);
  layout = gst_structure_get_string (gst_caps_get_structure (caps, 0),
      "layout");
  fail_unless_equals_string (layout, "canonical");
  gst_structure_get_boolean (gst_caps_get_structure (caps, 0), "calibrated",
      &cal);
  gst_structure_get_boolean (gst_caps_get_structure (caps, 0),
      "phase-aligned", &aligned);
  fail_unless (cal && aligned);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* the core's multi-band build and alignment of channel frames `kinds`
 * (given in arrival order with frequencies `freqs`) */
static void
core_group (guint n, const guint * kinds, const guint32 * freqs, guint bins,
    gfloat * amp_out, gfloat * phase_out, guint32 * freq_out)
{
  gfloat *a = g_new (gfloat, n * bins), *p = g_new (gfloat, n * bins);
  RvChannelFrame chs[8];
  RvAlignChannel ac[8];
  RvMultibandFrame mb;
  RvPhaseAlignConfig cfg;
  RvPhaseAligner *al;
  guint c;

  for (c = 0; c < n; c++) {
    core_normalize (kinds[c], bins, a + c * bins, p + c * bins);
    chs[c].freq_mhz = freqs[c];
    chs[c].n_bins = bins;
    chs[c].amplitude = a + c * bins;
    chs[c].phase = p + c * bins;
  }
  fail_unless_equals_int (rv_multiband_build (1, 0, chs, n, &mb, NULL), 0);
  for (c = 0; c < n; c++) {
    memcpy (amp_out + c * bins, mb.amplitude[c], bins * sizeof (gfloat));
    memcpy (phase_out + c * bins, mb.phase[c], bins * sizeof (gfloat));
    freq_out[c] = mb.freq_mhz[c];
    ac[c].amplitude = amp_out + c * bins;
    ac[c].amp_len = bins;
    ac[c].phase = phase_out + c * bins;
    ac[c].phase_len = bins;
  }
  rv_phase_align_config_default (&cfg);
  al = rv_phase_aligner_new (&cfg, n, bins, NULL);
  fail_unless_equals_int (rv_phase_aligner_align (al, ac, n, NULL, NULL), 0);
  rv_phase_aligner_free (al);
  g_free (a);
  g_free (p);
}

static void
check_group (GstBuffer * out, guint n, const guint * kinds,
    const guint32 * freqs, GstClockTime pts, guint seq)
{
  gfloat amp[3 * 56], phase[3 * 56];
  guint32 fq[3];
  GstMapInfo map;
  RvCsiFrame f;
  guint c;

  core_group (n, kinds, freqs, 56, amp, phase, fq);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), pts);
  fail_unless (gst_rv_csi_buffer_map (out, &map, GST_MAP_READ, &f));
  fail_unless_equals_int (f.dim0, n);
  fail_unless_equals_int (f.sequence, seq);
  fail_unless_equals_int (f.freq_mhz, fq[0]);
  for (c = 0; c < n; c++) {
    fail_unless_equals_int (f.channel_freq_mhz[c], fq[c]);
    fail_unless (same_bits (rv_csi_amplitude (&f, c), amp + c * 56, 56),
        "amplitude of channel %u", c);
    fail_unless (same_bits (rv_csi_phase (&f, c), phase + c * 56, 56),
        "phase of channel %u", c);
  }
  gst_buffer_unmap (out, &map);
}

/* channels=2 and 3: a node's hop group is one record, channels sorted by
 * frequency, phase-aligned exactly as the core does; two nodes interleave */
GST_START_TEST (test_hop_groups_match_core)
{
  static const guint k3[3] = { 1, 2, 3 };
  static const guint32 f3[3] = { 2462, 2412, 2437 };
  static const guint k2[2] = { 2, 1 };
  static const guint32 f2[2] = { 5180, 2412 };
  GstHarness *h = align_harness (3, 56);
  GstBuffer *out;
  guint i;

  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  for (i = 0; i < 3; i++) {
    fail_unless_equals_int (gst_harness_push (h, frame (1, i, f3[i], k3[i],
                i * 10 * MS, 0)), GST_FLOW_OK);
    fail_unless_equals_int (gst_harness_push (h, frame (2, i, f3[i], k3[i],
                i * 10 * MS + MS, 0)), GST_FLOW_OK);
  }
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  out = gst_harness_pull (h);
  check_group (out, 3, k3, f3, 20 * MS, 2);
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  check_group (out, 3, k3, f3, 21 * MS, 2);
  gst_buffer_unref (out);
  fail_unless_equals_uint64 (stat_u64 (h, "groups"), 2);
  fail_unless_equals_uint64 (stat_u64 (h, "partial-groups"), 0);
  gst_harness_teardown (h);

  h = align_harness (2, 56);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  gst_harness_push (h, frame (4, 0, f2[0], k2[0], 0, 0));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  out = gst_harness_push_and_pull (h, frame (4, 1, f2[1], k2[1], 10 * MS, 0));
  check_group (out, 2, k2, f2, 10 * MS, 1);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* a repeated frequency closes the open group early; EOS flushes the rest */
GST_START_TEST (test_partial_groups_and_eos)
{
  static const guint k1[1] = { 1 };
  static const guint32 f1[1] = { 2412 };
  GstHarness *h = align_harness (3, 56);
  GstBuffer *out;
  GstEvent *ev;

  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  gst_harness_push (h, frame (1, 0, 2412, 1, 0, 0));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  out = gst_harness_push_and_pull (h, frame (1, 1, 2412, 1, 10 * MS, 0));
  check_group (out, 1, k1, f1, 0, 0);
  gst_buffer_unref (out);
  gst_harness_push_event (h, gst_event_new_eos ());
  out = gst_harness_pull (h);
  check_group (out, 1, k1, f1, 10 * MS, 1);
  gst_buffer_unref (out);
  fail_unless_equals_uint64 (stat_u64 (h, "partial-groups"), 2);
  /* then EOS */
  while ((ev = gst_harness_try_pull_event (h))) {
    GstEventType t = GST_EVENT_TYPE (ev);
    gst_event_unref (ev);
    if (t == GST_EVENT_EOS)
      break;
  }
  gst_harness_teardown (h);
}
GST_END_TEST;

/* alignment impossible (4 bins < min-static-subcarriers 5): counted, the
 * group dropped, the stream goes on */
GST_START_TEST (test_align_failure_counted)
{
  GstHarness *h = align_harness (2, 4);
  GstBuffer *out;

  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  fail_unless_equals_int (gst_harness_push (h, frame (1, 0, 2412, 1, 0, 0)),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, frame (1, 1, 2437, 2, 10 * MS,
              0)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  fail_unless_equals_uint64 (stat_u64 (h, "align-errors"), 1);
  gst_harness_teardown (h);

  /* one channel never needs static subcarriers */
  h = align_harness (1, 4);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  out = gst_harness_push_and_pull (h, frame (1, 0, 2412, 1, 0, 0));
  fail_unless (out != NULL);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_gap_becomes_gap_event)
{
  GstHarness *h = align_harness (1, 56);
  GstBuffer *gap = frame (1, 0, 2412, 1, 50 * MS, 0);
  GstEvent *ev;
  gboolean seen = FALSE;

  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
  fail_unless_equals_int (gst_harness_push (h, gap), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_GAP) {
      GstClockTime ts, dur;
      gst_event_parse_gap (ev, &ts, &dur);
      fail_unless_equals_uint64 (ts, 50 * MS);
      seen = TRUE;
    }
    gst_event_unref (ev);
  }
  fail_unless (seen);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_caps)
{
  GstHarness *h = align_harness (1, 56);
  GstCaps *caps;

  caps = gst_caps_from_string (GST_RV_CSI_MEDIA_TYPE
      ", layout=canonical, calibrated=false, phase-aligned=true");
  fail_if (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  caps = gst_caps_from_string (GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=true, phase-aligned=false");
  fail_unless (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* the ESP32 vector as a JSON frame in, rvmetaconvert JSON out: the
 * canonical amplitude/phase read back are the core's bits */
GST_START_TEST (test_json_in_json_out)
{
  gchar *dir = g_dir_make_tmp ("rvpa-XXXXXX", NULL);
  gchar *in = g_build_filename (dir, "in.jsonl", NULL);
  gchar *out = g_build_filename (dir, "out.jsonl", NULL);
  gchar *desc, *text = NULL, *nl;
  gfloat amp[56], phase[56];
  RvJsonWriter w;
  RvJsonDoc *doc;
  const RvJsonValue *v;
  GstBuffer *b;
  GstMapInfo map;
  RvCsiFrame f;
  RvLayout layout;
  unsigned d0, d1;
  int hp, hd;
  GError *err = NULL;
  GstElement *p;
  GstBus *bus;
  GstMessage *m;

  core_normalize (0, 56, amp, phase);
  b = frame (6, 3, 2437, 0, 0, 0);
  rv_json_writer_init (&w);
  fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
  rv_record_csi_json_begin (&w, &f, 1);
  rv_json_end_object (&w);
  rv_json_append (&w, "\n", 1);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  fail_unless (g_file_set_contents (in, w.buf, w.len, NULL));
  rv_json_writer_clear (&w);

  desc = g_strdup_printf ("csisrc location=%s ! rvphasealign ! rvmetaconvert "
      "! filesink location=%s", in, out);
  p = gst_parse_launch (desc, &err);
  fail_unless (p != NULL && err == NULL);
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m != NULL && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);

  fail_unless (g_file_get_contents (out, &text, NULL, NULL));
  nl = strchr (text, '\n');
  fail_unless (nl != NULL);
  doc = rv_json_doc_new ();
  v = rv_json_parse (doc, text, nl - text, NULL, NULL);
  fail_unless (v != NULL);
  fail_unless_equals_int (rv_record_csi_json_dims (v, &layout, &d0, &d1), 0);
  fail_unless_equals_int (layout, RV_LAYOUT_CANONICAL);
  b = gst_rv_csi_buffer_new (layout, d0, d1, &map, &f);
  fail_unless_equals_int (rv_record_csi_from_json (v, &f, &hp, &hd), 0);
  fail_unless (same_bits (rv_csi_amplitude (&f, 0), amp, 56));
  fail_unless (same_bits (rv_csi_phase (&f, 0), phase, 56));
  fail_unless_equals_int (f.node_id, 6);
  fail_unless (f.flags & RV_CSI_FLAG_PHASE_ALIGNED);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  rv_json_doc_free (doc);
  g_free (text);
  g_unlink (in);
  g_unlink (out);
  g_rmdir (dir);
  g_free (in);
  g_free (out);
  g_free (dir);
}
GST_END_TEST;

static Suite *
rvphasealign_suite (void)
{
  Suite *s = suite_create ("rvphasealign");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_single_channel_esp32_golden);
  tcase_add_test (tc, test_hop_groups_match_core);
  tcase_add_test (tc, test_partial_groups_and_eos);
  tcase_add_test (tc, test_align_failure_counted);
  tcase_add_test (tc, test_gap_becomes_gap_event);
  tcase_add_test (tc, test_caps);
  tcase_add_test (tc, test_json_in_json_out);
  return s;
}

GST_CHECK_MAIN (rvphasealign);
