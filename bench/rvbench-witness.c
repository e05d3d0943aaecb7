/* rvbench-witness — what rvwitness costs per fused cycle, through the
 * element (GstHarness, no threads): 4 nodes × 56 bins (engine.md §6 input,
 * scenario B), post-messages off and on, default retention (7 200 beliefs,
 * reached after the warm-up), against the same harness with `identity`
 * (in place, nothing done) as the same-run baseline.  Buffers are built
 * before each timed run.  Prints medians of 5 runs.
 *
 *   rvbench-witness [cycles]   (default 20000) */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"

#define N_NODES 4
#define N_BINS 56
#define RUNS 5

static GstBuffer *
cycle_buffer (guint64 i)
{
  GstMapInfo map;
  RvFusedRecord rec;
  GstBuffer *out = gst_rv_fused_buffer_new (N_NODES, N_BINS, &map, &rec);
  guint n, j;

  rec.cycle = i;
  rec.active_nodes = N_NODES;
  for (n = 0; n < N_NODES; n++) {
    rec.nodes[n].node_id = n;
    rec.nodes[n].status = RV_NODE_FUSED;
    rec.nodes[n].record_index = n;
  }
  rec.n_node_records = N_NODES;
  gst_rv_fused_buffer_unmap (out, &map, &rec);
  for (n = 0; n < N_NODES; n++) {
    RvCsiFrame f;
    GstBuffer *nb = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, N_BINS,
        &map, &f);
    f.node_id = n;
    f.timestamp_us = 1000 + n;
    f.flags = RV_CSI_FLAG_HAS_CALIB_ID;
    f.calibration_id = 1;
    for (j = 0; j < N_BINS; j++)
      rv_csi_amplitude (&f, 0)[j] = 1.0f + 0.1f * (gfloat) j;
    gst_rv_csi_buffer_unmap (nb, &map, &f);
    gst_buffer_append_memory (out, gst_buffer_get_all_memory (nb));
    gst_buffer_unref (nb);
  }
  GST_BUFFER_PTS (out) = i * 50 * GST_MSECOND;
  GST_BUFFER_DURATION (out) = 50 * GST_MSECOND;
  return out;
}

/* µs per cycle of one timed run of `cycles` buffers through desc, after
 * `warm` untimed cycles. */
static double
run_once (const gchar * desc, guint cycles, guint warm)
{
  GstHarness *h = gst_harness_new_parse (desc);
  GstBuffer **bufs = g_new (GstBuffer *, cycles);
  GstBus *bus = gst_bus_new ();
  gint64 t0, t1;
  guint i;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, GST_RV_FUSED_MEDIA_TYPE
      ", framerate=(fraction)20/1, calibrated=(boolean)false");
  for (i = 0; i < warm; i++) {
    gst_buffer_unref (gst_harness_push_and_pull (h, cycle_buffer (i)));
    gst_bus_set_flushing (bus, TRUE);
    gst_bus_set_flushing (bus, FALSE);
  }
  for (i = 0; i < cycles; i++)
    bufs[i] = cycle_buffer (warm + i);
  t0 = g_get_monotonic_time ();
  for (i = 0; i < cycles; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h, bufs[i]));
  t1 = g_get_monotonic_time ();
  g_free (bufs);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  return (double) (t1 - t0) / cycles;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median_of_runs (const gchar * desc, guint cycles, guint warm)
{
  double r[RUNS];
  guint i;
  for (i = 0; i < RUNS; i++)
    r[i] = run_once (desc, cycles, warm);
  qsort (r, RUNS, sizeof (double), cmp_double);
  return r[RUNS / 2];
}

int
main (int argc, char **argv)
{
  guint cycles = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  /* enough warm-up to fill the default retention window (7 200 beliefs) */
  guint warm = 7300;
  double base, quiet, msgs;

  gst_init (&argc, &argv);
  {
    GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
        "rvwitness");
    if (!f) {
      printf ("rvwitness is not built (no BLAKE3)\n");
      return 0;
    }
    gst_object_unref (f);
  }
  base = median_of_runs ("identity", cycles, warm);
  quiet = median_of_runs ("rvwitness post-messages=false", cycles, warm);
  msgs = median_of_runs ("rvwitness", cycles, warm);
  printf ("rvwitness, %u cycles of %u nodes x %u bins, medians of %d runs\n",
      cycles, N_NODES, N_BINS, RUNS);
  printf ("  identity (same-run baseline)     %8.2f us/cycle\n", base);
  printf ("  rvwitness post-messages=false    %8.2f us/cycle (+%.2f)\n",
      quiet, quiet - base);
  printf ("  rvwitness (one message a cycle)  %8.2f us/cycle (+%.2f)\n",
      msgs, msgs - base);
  return 0;
}
