/* rvmultistaticfuse: cadence, absent nodes, lateness, EOS, errors. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/base/gstaggregator.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvqualitymeta-private.h"

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
live_harness_full (GstHarness ** h2, gint start_time_selection)
{
  GstElement *e = gst_element_factory_make_full ("rvmultistaticfuse",
      "force-live", TRUE, "start-time-selection", start_time_selection, NULL);
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

static GstHarness *
live_harness (GstHarness ** h2)
{
  return live_harness_full (h2, GST_AGGREGATOR_START_TIME_SELECTION_FIRST);
}

/* start-time-selection=zero: empty cycles from running time 0 on, even
 * when no node ever delivers */
GST_START_TEST (test_force_live_no_input)
{
  GstHarness *h = live_harness_full (NULL,
      GST_AGGREGATOR_START_TIME_SELECTION_ZERO);
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

  /* a frame older than node 2's newest (45 ms) is late and dropped; the
   * newest, 55 ms old at the end of cycle 1 (≤ max-age 75 ms), is fused
   * again there */
  gst_harness_push (h2, node_frame (2, 40 * MS, 40000, 1.0f));
  gst_harness_push (h, node_frame (1, 60 * MS, 60000, 1.0f));
  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  read_out (b, &o);
  fail_unless_equals_int (o.rec.active_nodes, 2);
  gst_buffer_unref (b);
  g_object_get (h->element, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "late", &late);
  fail_unless_equals_uint64 (late, 1);
  gst_structure_get_uint64 (st, "reused", &late);
  fail_unless_equals_uint64 (late, 1);
  gst_structure_free (st);
  /* cycle 2 ends at 150 ms: node 2's frame is 105 ms old, absent */
  gst_harness_push (h, node_frame (1, 110 * MS, 110000, 1.0f));
  fail_unless (gst_harness_crank_single_clock_wait (h));
  b = gst_harness_pull (h);
  read_out (b, &o);
  fail_unless_equals_int (o.rec.active_nodes, 1);
  fail_unless_equals_int (node_status (b, 2), RV_NODE_ABSENT);
  gst_buffer_unref (b);
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

/* Two real-world nodes on two live pads: node 1 at 20.0 Hz, node 2 with a
 * clock 0.5 % slow, every frame delayed 0–15 ms on the way (WiFi).  Frames
 * are stamped at arrival, as csisrc does on a socket.  The fusion must fuse
 * both nodes in ≥ 99 % of the cycles, on time (one output per 50 ms at the
 * cycle end), although half the frames land after the cycle they belong
 * to. */
GST_START_TEST (test_live_jittery_nodes_fused)
{
  GstHarness *h2, *h = live_harness (&h2);
  GRand *rng = g_rand_new_with_seed (20261202);
  GstClockTime next[2] = { 0, 7 * MS };
  const GstClockTime period[2] = { 50 * MS, 50250 * GST_USECOND };
  guint64 seq[2] = { 0, 0 };
  guint cycles = 0, both = 0, k;
  GstTestClock *tc = GST_TEST_CLOCK (GST_ELEMENT_CLOCK (h->element));
  GstStructure *st;
  guint64 reused = 0;

  while (cycles < 400) {
    /* the earliest arrival among the two nodes */
    guint n = next[0] <= next[1] ? 0 : 1;
    GstClockTime arrival = next[n] +
        (GstClockTime) g_rand_int_range (rng, 0, 15001) * GST_USECOND;
    GstClockID pending;

    /* every cycle that closes before this frame arrives is fused first */
    while (gst_test_clock_peek_next_pending_id (tc, &pending)) {
      GstClockTime due = gst_clock_id_get_time (pending);
      gst_clock_id_unref (pending);
      if (due > arrival)
        break;
      fail_unless (gst_harness_crank_single_clock_wait (h));
      for (k = 0; k < 1; k++) {
        GstBuffer *b = gst_harness_pull (h);
        Out o;
        read_out (b, &o);
        /* on time: fused at the cycle end, in order */
        fail_unless_equals_uint64 (o.pts, cycles * 50 * MS);
        fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (tc)),
            o.pts + 50 * MS);
        if (cycles > 0 && o.rec.active_nodes == 2)
          both++;
        cycles++;
        gst_buffer_unref (b);
      }
    }
    if (gst_clock_get_time (GST_CLOCK (tc)) < arrival)
      gst_test_clock_set_time (tc, arrival);
    fail_unless_equals_int (gst_harness_push (n == 0 ? h : h2,
            node_frame (n + 1, arrival, arrival / GST_USECOND, 1.0f +
                0.1f * n)), GST_FLOW_OK);
    seq[n]++;
    next[n] += period[n];
    /* wait until the aggregator waits on the clock again */
    if (!gst_test_clock_peek_next_pending_id (tc, NULL))
      gst_test_clock_wait_for_next_pending_id (tc, NULL);
  }
  /* cycle 0 may precede node 2's first frame */
  fail_unless (both * 100 >= 99 * (cycles - 1), "%u of %u cycles fused both "
      "nodes", both, cycles - 1);
  g_object_get (h->element, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "reused", &reused);
  gst_structure_free (st);
  /* the jitter really put frames past their cycle */
  fail_unless (reused > 0);
  GST_INFO ("%u of %u cycles fused both nodes, %" G_GUINT64_FORMAT
      " frames reused", both, cycles - 1, reused);
  g_rand_free (rng);
  gst_harness_teardown (h2);
  gst_harness_teardown (h);
}
GST_END_TEST;

static guint64
stat (GstElement * e, const gchar * name)
{
  GstStructure *st;
  guint64 v = G_MAXUINT64;
  g_object_get (e, "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, name, &v), "no stat %s", name);
  gst_structure_free (st);
  return v;
}

/* Pushes 100 Hz frames of nodes 1 and 2 on one pad from `from` for n
 * ticks. */
static void
push_ticks (GstHarness * h, GstClockTime from, guint n)
{
  guint i;
  for (i = 0; i < n; i++) {
    GstClockTime t = from + i * 10 * MS;
    gst_harness_push (h, node_frame (1, t, t / 1000, 1.0f));
    gst_harness_push (h, node_frame (2, t, t / 1000, 1.2f));
  }
}

/* Waits for EOS, then pulls every buffer output before it; returns the
 * count, *first_pts the first PTS. */
static guint
pull_all (GstHarness * h, GstClockTime * first_pts, guint * disconts)
{
  guint n = 0;
  GstBuffer *b;

  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    GstEventType t;
    fail_unless (ev != NULL, "no EOS");
    t = GST_EVENT_TYPE (ev);
    gst_event_unref (ev);
    if (t == GST_EVENT_EOS)
      break;
  }
  *disconts = 0;
  while ((b = gst_harness_try_pull (h))) {
    if (n == 0)
      *first_pts = GST_BUFFER_PTS (b);
    if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT))
      (*disconts)++;
    n++;
    gst_buffer_unref (b);
  }
  return n;
}

/* A recording whose first frame is at 5 s: the grid starts there (the
 * default start-time-selection=first), not at 0 with 100 empty cycles. */
GST_START_TEST (test_not_live_starts_at_first_frame)
{
  GstHarness *h = gst_harness_new_with_padnames ("rvmultistaticfuse",
      "sink_0", "src");
  GstClockTime pts0 = 0;
  guint n, disconts;

  gst_harness_set_src_caps_str (h, CANON_CAPS);
  push_ticks (h, 5 * GST_SECOND + 3 * MS, 100);
  gst_harness_push_event (h, gst_event_new_eos ());
  n = pull_all (h, &pts0, &disconts);
  fail_unless_equals_int (n, 20);
  fail_unless_equals_uint64 (pts0, 5 * GST_SECOND);
  fail_unless_equals_int (disconts, 1);
  fail_unless_equals_uint64 (stat (h->element, "gaps"), 0);
  gst_harness_teardown (h);

  /* start-time-selection=zero asks for the cycles from 0 */
  h = gst_harness_new_with_padnames ("rvmultistaticfuse", "sink_0", "src");
  g_object_set (h->element, "start-time-selection",
      GST_AGGREGATOR_START_TIME_SELECTION_ZERO, NULL);
  gst_harness_set_src_caps_str (h, CANON_CAPS);
  push_ticks (h, 5 * GST_SECOND, 100);
  gst_harness_push_event (h, gst_event_new_eos ());
  n = pull_all (h, &pts0, &disconts);
  fail_unless_equals_int (n, 120);
  fail_unless_equals_uint64 (pts0, 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* One damaged timestamp ~100 days ahead: a bounded jump, not 170 million
 * empty cycles; counted, warned once, DISCONT where the grid jumps. */
GST_START_TEST (test_not_live_timestamp_jump_bounded)
{
  GstHarness *h = gst_harness_new_with_padnames ("rvmultistaticfuse",
      "sink_0", "src");
  GstBus *bus = gst_bus_new ();
  GstClockTime pts0 = 0, far = G_GUINT64_CONSTANT (100) * 24 * 3600 *
      GST_SECOND;
  GstMessage *m;
  guint n, disconts, warnings = 0;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, CANON_CAPS);
  push_ticks (h, 0, 50);
  gst_harness_push (h, node_frame (1, far, far / 1000, 1.0f));
  gst_harness_push (h, node_frame (2, far, far / 1000, 1.2f));
  gst_harness_push_event (h, gst_event_new_eos ());
  n = pull_all (h, &pts0, &disconts);
  /* 10 cycles of data, then the one at the far frame */
  fail_unless_equals_int (n, 11);
  fail_unless_equals_int (disconts, 2);
  fail_unless_equals_uint64 (stat (h->element, "resyncs"), 1);
  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING))) {
    warnings++;
    gst_message_unref (m);
  }
  fail_unless_equals_int (warnings, 1);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* A flush (a seek upstream): the grid restarts at the first frame after
 * it, flagged DISCONT. */
GST_START_TEST (test_flush_restarts_grid)
{
  GstHarness *h = gst_harness_new_with_padnames ("rvmultistaticfuse",
      "sink_0", "src");
  GstClockTime pts0 = 0;
  GstSegment seg;
  GstBuffer *b;
  guint n, disconts;

  gst_harness_set_src_caps_str (h, CANON_CAPS);
  push_ticks (h, 0, 30);
  /* cycles 0..4 are out once the pad moved past them */
  n = 0;
  while (n < 5) {
    gst_buffer_unref (gst_harness_pull (h));
    n++;
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  while ((b = gst_harness_try_pull (h)))
    gst_buffer_unref (b);
  push_ticks (h, 10 * GST_SECOND + 20 * MS, 20);
  gst_harness_push_event (h, gst_event_new_eos ());
  n = pull_all (h, &pts0, &disconts);
  fail_unless_equals_uint64 (pts0, 10 * GST_SECOND);
  fail_unless_equals_int (n, 5);
  fail_unless_equals_int (disconts, 1);
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
  tcase_add_test (tc, test_live_jittery_nodes_fused);
  tcase_add_test (tc, test_not_live_cadence_and_eos);
  tcase_add_test (tc, test_not_live_starts_at_first_frame);
  tcase_add_test (tc, test_not_live_timestamp_jump_bounded);
  tcase_add_test (tc, test_flush_restarts_grid);
  tcase_add_test (tc, test_fused_values_frontend_golden);
  tcase_add_test (tc, test_fusion_error_is_counted_gap);
  tcase_add_test (tc, test_rejects_unaligned_or_complex);
  return s;
}

GST_CHECK_MAIN (rvmultistaticfuse);
