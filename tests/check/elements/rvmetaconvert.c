/* rvmetaconvert: one JSON document per buffer, timestamps kept. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"

static GstBuffer *
make_complex (void)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_COMPLEX, 1, 2, &map, &f);
  f.node_id = 7;
  f.sequence = 9;
  f.timestamp_us = 1000;
  f.freq_mhz = 2412;
  f.rssi_dbm = -40;
  f.noise_floor_dbm = -90;
  f.data[0] = 1.5;
  f.data[1] = -0.1;
  f.data[2] = 0.0;
  f.data[3] = 3e-7;
  f.subcarrier_index[0] = 1;
  f.subcarrier_index[1] = -1;
  f.pts_ns = 20 * GST_MSECOND;
  gst_rv_csi_buffer_unmap (b, &map, &f);
  GST_BUFFER_PTS (b) = 20 * GST_MSECOND;
  GST_BUFFER_DURATION (b) = 10 * GST_MSECOND;
  return b;
}

static gchar *
pull_text (GstHarness * h)
{
  GstBuffer *out = gst_harness_pull (h);
  GstMapInfo map;
  gchar *s;
  fail_unless (out != NULL);
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  s = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (out, &map);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 20 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), 10 * GST_MSECOND);
  gst_buffer_unref (out);
  return s;
}

GST_START_TEST (test_complex_full_and_summary)
{
  GstHarness *h = gst_harness_new ("rvmetaconvert");
  gchar *s;

  gst_harness_set_src_caps_str (h, GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=false, phase-aligned=false");
  gst_harness_push (h, make_complex ());
  s = pull_text (h);
  fail_unless_equals_string (s,
      "{\"type\":\"csi_frame\",\"node_id\":7,\"sequence\":9,"
      "\"timestamp_us\":1000,\"freq_mhz\":2412,\"rssi_dbm\":-40,"
      "\"noise_floor_dbm\":-90,\"calibration_id\":null,\"layout\":\"complex\","
      "\"calibrated\":false,\"phase_aligned\":false,\"streams\":1,"
      "\"subcarriers\":2,\"data\":[[1.5,-0.1],[0.0,3e-7]],"
      "\"pts_ns\":20000000,\"ppdu_type\":0,\"hw_flags\":0,"
      "\"bandwidth_mhz\":0,\"subcarrier_index\":[1,-1]}\n");
  g_free (s);

  g_object_set (h->element, "detail", 0, NULL);
  gst_harness_push (h, make_complex ());
  s = pull_text (h);
  fail_unless (strstr (s, "\"data\"") == NULL);
  fail_unless (strstr (s, "\"subcarriers\":2") != NULL);
  g_free (s);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_fused_with_nodes)
{
  GstHarness *h = gst_harness_new ("rvmetaconvert");
  GstMapInfo map;
  RvFusedRecord r;
  GstBuffer *b = gst_rv_fused_buffer_new (2, 2, &map, &r), *n;
  gchar *s;

  r.cycle = 3;
  r.active_nodes = 1;
  r.cross_node_coherence = 1.0f;
  r.freq_coherence = 1.0f;
  r.nodes[0].node_id = 7;
  r.nodes[0].status = RV_NODE_FUSED;
  r.nodes[0].weight = 1.0f;
  r.nodes[0].timestamp_us = 1000;
  r.nodes[1].node_id = 8;
  r.nodes[1].status = RV_NODE_ABSENT;
  r.fused_amplitude[0] = 0.5f;
  r.fused_amplitude[1] = 0.25f;
  r.n_node_records = 1;
  gst_rv_fused_buffer_unmap (b, &map, &r);
  n = make_complex ();
  gst_buffer_append_memory (b, gst_buffer_get_all_memory (n));
  gst_buffer_unref (n);
  GST_BUFFER_PTS (b) = 20 * GST_MSECOND;
  GST_BUFFER_DURATION (b) = 10 * GST_MSECOND;

  gst_harness_set_src_caps_str (h, GST_RV_FUSED_MEDIA_TYPE
      ", framerate=(fraction)20/1, calibrated=false");
  gst_harness_push (h, b);
  s = pull_text (h);
  fail_unless (g_str_has_prefix (s, "{\"type\":\"fused_frame\",\"cycle\":3,"),
      "%s", s);
  fail_unless (strstr (s, "{\"node_id\":8,\"status\":\"absent\",\"weight\":0.0,"
          "\"timestamp_us\":0}") != NULL, "%s", s);
  fail_unless (strstr (s, "\"fused_amplitude\":[0.5,0.25]") != NULL);
  fail_unless (strstr (s, "\"node_frames\":[{\"type\":\"csi_frame\","
          "\"node_id\":7") != NULL, "%s", s);
  g_free (s);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_invalid_dropped)
{
  GstHarness *h = gst_harness_new ("rvmetaconvert");
  GstBuffer *junk = gst_buffer_new_wrapped (g_strdup ("not a record at all, "
          "not even close"), 35);

  gst_harness_set_src_caps_str (h, GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=false, phase-aligned=false");
  fail_unless_equals_int (gst_harness_push (h, junk), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_received (h), 0);
  gst_harness_push (h, make_complex ());
  fail_unless_equals_int (gst_harness_buffers_received (h), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_rejects_other_caps)
{
  GstHarness *h = gst_harness_new ("rvmetaconvert");
  GstCaps *caps = gst_caps_from_string ("audio/x-raw");
  fail_if (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
rvmetaconvert_suite (void)
{
  Suite *s = suite_create ("rvmetaconvert");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_complex_full_and_summary);
  tcase_add_test (tc, test_fused_with_nodes);
  tcase_add_test (tc, test_invalid_dropped);
  tcase_add_test (tc, test_rejects_other_caps);
  return s;
}

GST_CHECK_MAIN (rvmetaconvert);
