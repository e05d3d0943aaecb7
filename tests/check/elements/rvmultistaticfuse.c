/* rvmultistaticfuse: cadence, absent nodes, lateness, EOS, errors. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvqualitymeta.h"

#define CANON_CAPS GST_RV_CSI_MEDIA_TYPE \
  ", layout=canonical, calibrated=false, phase-aligned=true"
#define MS GST_MSECOND

/* frontend.md §11.1 multistatic node frame: amp scale·(1+0.1 i), phase 0.05 i */
static GstBuffer *
node_frame (guint node, GstClockTime pts, guint64 ts_us, gfloat scale)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, 56, &map, &f);
  guint i;
  f.node_id = node;
  f.timestamp_us = ts_us;
  f.flags = RV_CSI_FLAG_PHASE_ALIGNED;
  f.channel_freq_mhz[0] = 2437;
  for (i = 0; i < 56; i++) {
    rv_csi_amplitude (&f, 0)[i] = scale * (1.0f + 0.1f * (gfloat) i);
    rv_csi_phase (&f, 0)[i] = (gfloat) i *0.05f;
  }
  f.pts_ns = pts;
  gst_rv_csi_buffer_unmap (b, &map, &f);
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 10 * MS;
  return b;
}

typedef struct
{
  RvFusedRecord rec;
  guint n_records;
  gboolean gap;
  GstClockTime pts, duration;
  gboolean has_quality;
} Out;

static void
read_out (GstBuffer * b, Out * o)
{
  GstMapInfo map;
  memset (o, 0, sizeof (*o));
  fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &o->rec));
  o->n_records = gst_rv_fused_buffer_n_node_records (b);
  o->gap = GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP);
  o->pts = GST_BUFFER_PTS (b);
  o->duration = GST_BUFFER_DURATION (b);
  o->has_quality = gst_buffer_get_rv_quality_meta (b) != NULL;
  /* keep the scalar fields only: the arrays are unmapped below */
  o->rec.nodes = NULL;
  o->rec.fused_amplitude = o->rec.fused_phase = NULL;
  gst_rv_fused_buffer_unmap (b, &map, NULL);
}

static guint
node_status (GstBuffer * b, guint node_id)
{
  GstMapInfo map;
  RvFusedRecord r;
  guint i, st = 99;
  fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r));
  for (i = 0; i < r.n_nodes; i++)
    if (r.nodes[i].node_id == node_id)
      st = r.nodes[i].status;
  gst_rv_fused_buffer_unmap (b, &map, NULL);
  return st;
}

static GstHarness *
live_harness (GstHarness ** h2)
{
  GstElement *e = gst_element_factory_make_full ("rvmultistaticfuse",
      "force-live", TRUE, NULL);
  GstHarness *h = gst_harness_new_with_element (e, "sink_0", "src");
  gst_object_unref (e);
  gst_harness_use_testclock (h);
  gst_harness_set_src_caps_str (h, CANON_CAPS);
  if (h2) {
    *h2 = gst_harness_new_with_element (h->element, "sink_1", NULL);
    gst_harness_set_src_caps_str (*h2, CANON_CAPS);
  }
  gst_harness_play (h);
  return h;
}

GST_START_TEST (test_force_live_no_input)
{
  GstHarness *h = live_harness (NULL);
  GstBuffer *b;
  Out o;
  guint i;

  for (i = 0; i < 3; i++) {
    fail_unless (gst_harness_crank_single_clock_wait (h));
    b = gst_harness_pull (h);
    read_out (b, &o);
    fail_unless (o.gap);
    fail_unless_equals_uint64 (o.pts, i * 50 * MS);
    fail_unless_equals_uint64 (o.duration, 50 * MS);
    fail_unless_equals_int (o.rec.active_nodes, 0);
    fail_unless_equals_int (o.rec.n_bins, 0);
    /* fused at cycle end: clock = PTS + interval */
    fail_unless_equals_uint64 (gst_clock_get_time (GST_ELEMENT_CLOCK
            (h->element)), (i + 1) * 50 * MS);
    gst_buffer_unref (b);
  }
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_one_node_silent)
{
  GstHarness *h2, *h = live_harness (&h2);
  GstBuffer *b;
  Out o;
  guint c;

  /* cycle 0: both nodes; cycles 1..3: node 2 silent */
  fail_unless_equals_int (gst_harness_push (h, node_frame (1, 10 * MS, 10000,
              1.0f)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h2, node_frame (2, 12 * MS, 10002,
              1.1f)), GST_FLOW_OK);
  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  read_out (b, &o);
  fail_if (o.gap);
  fail_unless (o.has_quality);
  fail_unless_equals_int (o.rec.active_nodes, 2);
  fail_unless_equals_int (o.n_records, 2);
  fail_unless_equals_int (node_status (b, 2), RV_NODE_FUSED);
  gst_buffer_unref (b);

  for (c = 1; c < 4; c++) {
    gst_harness_push (h, node_frame (1, c * 50 * MS + 5 * MS,
            c * 50000 + 5000, 1.0f));
    fail_unless (gst_harness_crank_single_clock_wait (h));
    b = gst_harness_pull (h);
    read_out (b, &o);
    fail_unless_equals_uint64 (o.pts, c * 50 * MS);
    fail_if (o.gap);
    fail_unless_equals_int (o.rec.active_nodes, 1);
    fail_unless_equals_int (o.n_records, 1);
    fail_unless_equals_int (node_status (b, 1), RV_NODE_FUSED);
    fail_unless_equals_int (node_status (b, 2), RV_NODE_ABSENT);
    gst_buffer_unref (b);
  }
  gst_harness_teardown (h2);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_late_node_within_latency_used)
{
  GstHarness *h2, *h = live_harness (&h2);
  GstBuffer *b;
  GstStructure *st;
  guint64 late = 0;
  Out o;

  /* one interval (the cycle itself) + 20 ms for late nodes */
  g_object_set (h->element, "latency", (guint64) (70 * MS), NULL);
  gst_harness_push (h, node_frame (1, 10 * MS, 10000, 1.0f));
  /* node 2's frame of cycle 0 arrives after the cycle end (55 ms) but
   * before cycle end + latency (70 ms): it is still fused */
  gst_test_clock_set_time (GST_TEST_CLOCK (GST_ELEMENT_CLOCK (h->element)),
      55 * MS);
  gst_harness_push (h2, node_frame (2, 45 * MS, 45000, 1.0f));
  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  read_out (b, &o);
  fail_unless_equals_int (o.rec.active_nodes, 2);
  fail_unless_equals_uint64 (gst_clock_get_time (GST_ELEMENT_CLOCK
          (h->element)), 70 * MS);
  gst_buffer_unref (b);

  /* a frame of cycle 0 that arrives once cycle 0 was emitted is late */
  gst_harness_push (h2, node_frame (2, 40 * MS, 40000, 1.0f));
  gst_harness_push (h, node_frame (1, 60 * MS, 60000, 1.0f));
  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  read_out (b, &o);
  fail_unless_equals_int (o.rec.active_nodes, 1);
  gst_buffer_unref (b);
  g_object_get (h->element, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "late", &late);
  fail_unless_equals_uint64 (late, 1);
  gst_structure_free (st);
  gst_harness_teardown (h2);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_not_live_cadence_and_eos)
{
  GstHarness *h = gst_harness_new_with_padnames ("rvmultistaticfuse",
      "sink_0", "src");
  GstBuffer *b;
  Out o;
  guint i;

  gst_harness_set_src_caps_str (h, CANON_CAPS);
  /* two nodes on one pad, 100 Hz each, 0..119 ms */
  for (i = 0; i < 12; i++) {
    gst_harness_push (h, node_frame (1, i * 10 * MS, i * 10000, 1.0f));
    gst_harness_push (h, node_frame (2, i * 10 * MS + MS, i * 10000 + 1000,
            1.2f));
  }
  /* cycles 0 and 1 are complete once the pad moved past their end; EOS
   * flushes the partial cycle 2 */
  gst_harness_push_event (h, gst_event_new_eos ());
  for (i = 0; i < 3; i++) {
    b = gst_harness_pull (h);
    read_out (b, &o);
    fail_unless_equals_uint64 (o.pts, i * 50 * MS);
    fail_unless_equals_int (o.rec.cycle, i);
    fail_unless_equals_int (o.rec.active_nodes, 2);
    fail_unless_equals_int (o.rec.n_bins, 56);
    gst_buffer_unref (b);
  }
  /* then EOS, and nothing else */
  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    GstEventType t = GST_EVENT_TYPE (ev);
    gst_event_unref (ev);
    if (t == GST_EVENT_EOS)
      break;
  }
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_fused_values_frontend_golden)
{
  /* frontend.md §11.2: four nodes, scale 1.0/1.1/1.2/1.3, ts 1000..1003 */
  GstHarness *h = gst_harness_new_with_padnames ("rvmultistaticfuse",
      "sink_0", "src");
  static const guint32 wbits[4] =
      { 0x3E7FFFFE, 0x3E800001, 0x3E800000, 0x3E800000 };
  GstBuffer *b;
  GstMapInfo map;
  RvFusedRecord r;
  guint i;

  gst_harness_set_src_caps_str (h, CANON_CAPS);
  for (i = 0; i < 4; i++)
    gst_harness_push (h, node_frame (i, 1 * MS, 1000 + i,
            1.0f + 0.1f * (gfloat) i));
  gst_harness_push_event (h, gst_event_new_eos ());
  b = gst_harness_pull (h);
  fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r));
  for (i = 0; i < 4; i++) {
    guint32 bits;
    memcpy (&bits, &r.nodes[i].weight, 4);
    fail_unless_equals_int (bits, wbits[i]);
  }
  fail_unless (r.fused_amplitude[55] == 7.4750004f);
  fail_unless (r.fused_phase[55] == 2.75f);
  fail_unless (r.cross_node_coherence == 1.0f);
  fail_unless_equals_uint64 (r.timestamp_us, 1002);
  gst_rv_fused_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_fusion_error_is_counted_gap)
{
  /* properties latched at READY→PAUSED are set before the harness plays */
  GstElement *e = gst_element_factory_make_full ("rvmultistaticfuse",
      "hard-guard-us", (guint64) 100, NULL);
  GstHarness *h = gst_harness_new_with_element (e, "sink_0", "src");
  GstStructure *st;
  guint64 errors = 0;
  GstBuffer *b;
  Out o;

  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, CANON_CAPS);
  gst_harness_push (h, node_frame (1, 1 * MS, 1000, 1.0f));
  gst_harness_push (h, node_frame (2, 2 * MS, 1200, 1.0f));
  gst_harness_push_event (h, gst_event_new_eos ());
  b = gst_harness_pull (h);
  read_out (b, &o);
  fail_unless (o.gap);
  fail_unless_equals_int (node_status (b, 1), RV_NODE_REJECTED);
  gst_buffer_unref (b);
  g_object_get (h->element, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "fusion-errors", &errors);
  fail_unless_equals_uint64 (errors, 1);
  gst_structure_free (st);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_rejects_unaligned_or_complex)
{
  GstHarness *h = gst_harness_new_with_padnames ("rvmultistaticfuse",
      "sink_0", "src");
  GstCaps *caps;

  caps = gst_caps_from_string (GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=false, phase-aligned=false");
  fail_if (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  caps = gst_caps_from_string (GST_RV_CSI_MEDIA_TYPE
      ", layout=canonical, calibrated=false, phase-aligned=false");
  fail_if (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  caps = gst_caps_from_string (CANON_CAPS);
  fail_unless (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
rvmultistaticfuse_suite (void)
{
  Suite *s = suite_create ("rvmultistaticfuse");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_force_live_no_input);
  tcase_add_test (tc, test_one_node_silent);
  tcase_add_test (tc, test_late_node_within_latency_used);
  tcase_add_test (tc, test_not_live_cadence_and_eos);
  tcase_add_test (tc, test_fused_values_frontend_golden);
  tcase_add_test (tc, test_fusion_error_is_counted_gap);
  tcase_add_test (tc, test_rejects_unaligned_or_complex);
  return s;
}

GST_CHECK_MAIN (rvmultistaticfuse);
