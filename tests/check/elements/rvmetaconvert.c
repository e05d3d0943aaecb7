/* rvmetaconvert: one JSON document per buffer, timestamps kept. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvgatemeta-private.h"
#include "gst/ruview/rvoccupancymeta-private.h"
#include "gst/ruview/rvposemeta-private.h"
#include "gst/ruview/rvsensingmeta-private.h"
#include "gst/ruview/rvwitnessmeta-private.h"
#include "ruview/json.h"

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

/* ---------------------------------------------------- format=sensing-update */

#define SU_BINS 60

static GstBuffer *
su_node_record (guint id, gint16 rssi, guint64 ts)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, SU_BINS,
      &map, &f);
  guint j;

  f.node_id = id;
  f.rssi_dbm = rssi;
  f.timestamp_us = ts;
  f.flags = RV_CSI_FLAG_PHASE_ALIGNED;
  f.channel_freq_mhz[0] = 2437;
  for (j = 0; j < SU_BINS; j++) {
    rv_csi_amplitude (&f, 0)[j] = 0.5f + 0.01f * (gfloat) j;
    rv_csi_phase (&f, 0)[j] = 0.0f;
  }
  gst_rv_csi_buffer_unmap (b, &map, &f);
  return b;
}

/* A fused cycle of nodes 1, 2 (fused) and 3 (absent), with the metas of
 * every back-half stage; the witness says effective_class in RawResearch
 * mode (the one mode that lets raw data out below Restricted). */
static GstBuffer *
su_cycle (gint effective_class)
{
  GstMapInfo map;
  RvFusedRecord r;
  GstBuffer *b = gst_rv_fused_buffer_new (3, SU_BINS, &map, &r), *n;
  static const double dens[8] = { 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.1 };
  const guint32 ids[3] = { 1, 2, 3 };
  const RvPosition3D pos[3] = { {1.0, 2.0, 1.5}, {5.0, 2.0, 1.5},
  {3.0, 4.0, 1.5}
  };
  RvOccupancyVolume vol;
  GstRvDensities *d;
  GstRvOccupancyMeta *om;
  RvSensingFeatures feat;
  RvClassification cls;
  GstRvSensingMeta *sm;
  GstRvSensingNode sn;
  GstRvPoseMeta *pm;
  RvTrackedPerson person;
  RvGateDecision dec = { RV_GATE_PREDICT_ONLY, 0.0f, 0 };
  guint i;

  r.cycle = 41;
  r.timestamp_us = 1700000000123456ull;
  r.active_nodes = 2;
  r.cross_node_coherence = 0.75f;
  r.freq_coherence = 0.75f;
  for (i = 0; i < 3; i++) {
    r.nodes[i].node_id = ids[i];
    r.nodes[i].status = i < 2 ? RV_NODE_FUSED : RV_NODE_ABSENT;
    r.nodes[i].weight = i < 2 ? 0.5f : 0.0f;
    r.nodes[i].record_index = i < 2 ? i : G_MAXUINT32;
    r.nodes[i].timestamp_us = i < 2 ? r.timestamp_us : 0;
  }
  r.n_node_records = 2;
  gst_rv_fused_buffer_unmap (b, &map, &r);
  for (i = 0; i < 2; i++) {
    n = su_node_record (ids[i], i == 0 ? -41 : -48, r.timestamp_us);
    gst_buffer_append_memory (b, gst_buffer_get_all_memory (n));
    gst_buffer_unref (n);
  }
  GST_BUFFER_PTS (b) = 20 * GST_MSECOND;
  GST_BUFFER_DURATION (b) = 10 * GST_MSECOND;

  /* occupancy: a 2 × 2 × 2 grid over 6 × 5 m, densest at (ix 1, iy 1) */
  memset (&vol, 0, sizeof (vol));
  vol.densities = dens;
  vol.nx = vol.ny = vol.nz = 2;
  vol.bounds[3] = 6.0;
  vol.bounds[4] = 5.0;
  vol.bounds[5] = 3.0;
  vol.total_voxels = 8;
  d = gst_rv_densities_new (8);
  om = gst_buffer_add_rv_occupancy_meta (b, &vol, 2, d);
  gst_rv_densities_unref (d);
  gst_rv_occupancy_meta_set_nodes (om, 3, ids, pos);

  memset (&feat, 0, sizeof (feat));
  feat.mean_rssi = -44.5;
  feat.motion_band_power = 6.25;
  feat.change_points = 3;
  cls.motion_level = RV_MOTION_PRESENT_MOVING;
  cls.presence = TRUE;
  cls.confidence = 0.75;
  sm = gst_buffer_add_rv_sensing_meta (b, &feat, &cls);
  memset (&sn, 0, sizeof (sn));
  sn.node_id = 1;
  sn.rssi_dbm = -41;
  sn.timestamp_us = r.timestamp_us - 7000000;   /* 7 s ago: stale */
  sn.features = feat;
  sn.classification = cls;
  gst_rv_sensing_meta_add_node (sm, &sn);

  memset (&person, 0, sizeof (person));
  person.id = 5;
  person.lifecycle = RV_TRACK_ACTIVE;
  person.confidence = 0.9;
  pm = gst_buffer_add_rv_pose_meta (b);
  gst_rv_pose_meta_add_person (pm, &person);

  gst_buffer_add_rv_gate_meta (b, 0.5f, 0, RV_DRIFT_STABLE, &dec);
#if RV_HAVE_BLAKE3
  {
    RvTrustedOutput out;
    memset (&out, 0, sizeof (out));
    out.effective_class = (RvPrivacyClass) effective_class;
    for (i = 0; i < 32; i++)
      out.witness[i] = (guint8) i;
    gst_buffer_add_rv_witness_meta (b, RV_PRIVACY_MODE_RAW_RESEARCH, &out);
  }
#endif
  return b;
}

/* failure messages are limited in length: show the start of the text */
#define SHORT(s) (int) MIN (strlen (s), 600), (s)

static gchar *
su_convert (GstBuffer * b)
{
  GstHarness *h = gst_harness_new ("rvmetaconvert");
  gchar *s;

  gst_harness_set (h, "rvmetaconvert", "format", 1 /* sensing-update */ ,
      NULL);
  gst_harness_set_src_caps_str (h, GST_RV_FUSED_MEDIA_TYPE
      ", framerate=(fraction)20/1, calibrated=false");
  gst_harness_push (h, b);
  s = pull_text (h);
  gst_harness_teardown (h);
  return s;
}

GST_START_TEST (test_sensing_update_from_metas)
{
  gchar *s = su_convert (su_cycle (2 /* Anonymous */ ));
  RvJsonDoc *doc = rv_json_doc_new ();
  const RvJsonValue *root = rv_json_parse (doc, s, strlen (s), NULL, NULL);
  const RvJsonValue *v;


  fail_unless (root != NULL, "%.*s", SHORT (s));
  fail_unless (g_str_has_suffix (s, "}\n"));
  /* RuView's keys in order: the values come from the record and metas */
  fail_unless (g_str_has_prefix (s, "{\"type\":\"sensing_update\","
          "\"timestamp\":1700000000.123,\"source\":\"unknown\",\"tick\":41,"
          "\"nodes\":[{\"node_id\":1,\"rssi_dbm\":-41.0,"
          "\"position\":[1.0,1.5,2.0],\"amplitude\":[0.5,"), "%.*s", SHORT (s));
  v = rv_json_get (root, "nodes");
  fail_unless_equals_int (v->n_children, 2);   /* the absent node is not */
  fail_unless_equals_int (rv_json_get (v->child, "amplitude")->n_children, 56);
  fail_unless (strstr (s, "\"subcarrier_count\":60},{\"node_id\":2,"
          "\"rssi_dbm\":-48.0,\"position\":[5.0,1.5,2.0],") != NULL, "%.*s", SHORT (s));
  fail_unless (strstr (s, "\"features\":{\"mean_rssi\":-44.5,\"variance\":0.0,"
          "\"motion_band_power\":6.25,\"breathing_band_power\":0.0,"
          "\"dominant_freq_hz\":0.0,\"change_points\":3,\"spectral_power\":0.0},"
          "\"classification\":{\"motion_level\":\"present_moving\","
          "\"presence\":true,\"confidence\":0.75},\"signal_field\":{"
          "\"grid_size\":[20,1,20],\"values\":[0.0,") != NULL, "%.*s", SHORT (s));
  /* the densest column (ix 1, iy 1) fills the top-right cells (beyond its
   * voxel centre); the person sits on the first of those peaks (fx 15,
   * fz 15), at the cell centre in metres */
  v = rv_json_get (rv_json_get (root, "signal_field"), "values");
  {
    const RvJsonValue *c = v->child;
    guint k;
    double last = -1.0;
    for (k = 0; k < 400; k++, c = c->next)
      if (k == 399)
        fail_unless (rv_json_as_f64 (c, &last) == 0);
    fail_unless (last == 1.0);
  }
  fail_unless (strstr (s, "\"zone\":\"tracked\",\"position\":[4.65,0.0,3.875],"
          "\"motion_score\":6.25}],\"estimated_persons\":1,\"node_features\":["
          "{\"node_id\":1,\"features\":{\"mean_rssi\":-44.5,") != NULL, "%.*s",
      SHORT (s));
  fail_unless (strstr (s, "\"rssi_dbm\":-41.0,\"last_seen_ms\":7000,"
          "\"frame_rate_hz\":0.0,\"stale\":true}],\"room\":{\"bounds\":[0.0,"
          "0.0,0.0,6.0,5.0,3.0]},\"fusion\":{\"cross_node_coherence\":0.75,"
          "\"nodes\":[{\"node_id\":1,\"status\":\"fused\",\"weight\":0.5},"
          "{\"node_id\":2,\"status\":\"fused\",\"weight\":0.5},{\"node_id\":3,"
          "\"status\":\"absent\",\"weight\":0.0}]},\"gate\":{"
          "\"coherence_score\":0.5,\"decision\":\"predict_only\"}") != NULL,
      "%.*s", SHORT (s));
#if RV_HAVE_BLAKE3
  fail_unless (g_str_has_suffix (s, ",\"trust\":{\"last_witness\":\""
          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\","
          "\"effective_class\":\"Anonymous\",\"demoted\":false,"
          "\"recalibration_recommended\":false,\"engine_error_count\":0,"
          "\"raw_outputs_suppressed\":false}}\n"), "%.*s", SHORT (s));
#endif
  rv_json_doc_free (doc);
  g_free (s);
}
GST_END_TEST;

/* Restricted: the node amplitudes (raw per-node data) are left empty, the
 * nodes and every derived value stay */
GST_START_TEST (test_sensing_update_privacy)
{
#if RV_HAVE_BLAKE3
  gchar *s = su_convert (su_cycle (RV_PRIVACY_CLASS_RESTRICTED));

  fail_unless (strstr (s, "{\"node_id\":1,\"rssi_dbm\":-41.0,\"position\":"
          "[1.0,1.5,2.0],\"amplitude\":[],\"subcarrier_count\":60}") != NULL,
      "%.*s", SHORT (s));
  fail_unless (strstr (s, "\"amplitude\":[0") == NULL, "%.*s", SHORT (s));
  fail_unless (strstr (s, "\"effective_class\":\"Restricted\"") != NULL);
  fail_unless (strstr (s, "\"raw_outputs_suppressed\":true") != NULL);
  g_free (s);
#endif
}
GST_END_TEST;

/* without node records (rvwitness strips them when raw data is forbidden)
 * the fused nodes are still listed, with the record's bin count */
GST_START_TEST (test_sensing_update_without_node_records)
{
  GstMapInfo map;
  RvFusedRecord r;
  GstBuffer *b = gst_rv_fused_buffer_new (1, 8, &map, &r);
  gchar *s;

  r.cycle = 2;
  r.active_nodes = 1;
  r.nodes[0].node_id = 9;
  r.nodes[0].status = RV_NODE_FUSED;
  r.nodes[0].weight = 1.0f;
  r.nodes[0].record_index = 0;  /* but no record follows */
  gst_rv_fused_buffer_unmap (b, &map, &r);
  GST_BUFFER_PTS (b) = 20 * GST_MSECOND;
  GST_BUFFER_DURATION (b) = 10 * GST_MSECOND;
  s = su_convert (b);
  fail_unless (strstr (s, "\"nodes\":[{\"node_id\":9,\"rssi_dbm\":0.0,"
          "\"position\":[0.0,0.0,0.0],\"amplitude\":[],\"subcarrier_count\":8}],"
          "\"features\":{\"mean_rssi\":0.0,") != NULL, "%.*s", SHORT (s));
  fail_unless (strstr (s, "\"persons\"") == NULL);
  fail_unless (strstr (s, "\"node_features\"") == NULL);
  fail_unless (strstr (s, "\"trust\"") == NULL);
  g_free (s);
}
GST_END_TEST;

GST_START_TEST (test_sensing_update_fused_only)
{
  GstHarness *h = gst_harness_new ("rvmetaconvert");

  gst_harness_set (h, "rvmetaconvert", "format", 1, NULL);
  gst_harness_set_src_caps_str (h, GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=false, phase-aligned=false");
  fail_unless_equals_int (gst_harness_push (h, make_complex ()),
      GST_FLOW_NOT_NEGOTIATED);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* a real chain: csisrc answers the source query through the aggregator */
static void
check_source_document (GstElement * sink, GstBuffer * b, GstPad * pad,
    guint * n)
{
  GstMapInfo map;

  fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
  fail_unless (g_str_has_prefix ((const gchar *) map.data,
          "{\"type\":\"sensing_update\""));
  fail_unless (g_strstr_len ((const gchar *) map.data, map.size,
          "\"source\":\"simulated\",\"tick\":") != NULL);
  gst_buffer_unmap (b, &map);
  (*n)++;
}

GST_START_TEST (test_sensing_update_source)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch ("csisrc num-buffers=800 ! rvphasealign ! "
      "rvmultistaticfuse ! rvtomography baseline-cycles=2 ! rvposetrack ! "
      "rvmetaconvert format=sensing-update ! "
      "fakesink name=out sync=false signal-handoffs=true", &err);
  GstElement *sink;
  GstMessage *msg;
  guint n = 0;

  fail_unless (p != NULL && err == NULL, "%s", err ? err->message : "");
  sink = gst_bin_get_by_name (GST_BIN (p), "out");
  g_signal_connect (sink, "handoff", G_CALLBACK (check_source_document), &n);
  fail_unless (gst_element_set_state (p, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  fail_unless (n > 10);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
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
  tcase_add_test (tc, test_sensing_update_from_metas);
  tcase_add_test (tc, test_sensing_update_privacy);
  tcase_add_test (tc, test_sensing_update_without_node_records);
  tcase_add_test (tc, test_sensing_update_fused_only);
  tcase_add_test (tc, test_sensing_update_source);
  return s;
}

GST_CHECK_MAIN (rvmetaconvert);
