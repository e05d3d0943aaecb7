/* rvbench-soak — one day of 20 Hz cycles through the whole chain, as fast
 * as possible, with the process's resident memory sampled.
 *
 *   csisrc rate=20 num-buffers=4·N ! rvcalibrate ! rvphasealign !
 *   rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack !
 *   rvwitness ! rvmetaconvert ! fakesink
 *
 * The synthetic 4-node room at the ESP32's 20 frames/s per node (one frame
 * per node per fused cycle), not live, every element with its defaults
 * (element messages on, drained from the bus as an application would).
 * First an empty-room baseline per node is recorded (rvcalibrate
 * mode=record).  RSS (/proc/self/statm) is sampled every second together
 * with the cycles that reached the sink; after the warm-up (the first 10 %
 * of the cycles, at least 20 000) the figures are: RSS at the end of the
 * warm-up, the highest and the last RSS after it, and the least-squares
 * slope of RSS over cycles (bytes per 100 000 cycles).  rvwitness's graph
 * node count at the end shows the WorldGraph bound (2 + semantic-retention
 * + event-retention).
 *
 * Same-run baseline: the bare source for the same cycles (csisrc !
 * fakesink), whose RSS growth is what the process itself adds.
 *
 * Usage: rvbench-soak [--cycles N] (default 1 728 000 = 24 h at 20 Hz)
 * Figures only; this is not a test. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY_CYCLES 1728000u
#define NODES 4

typedef struct
{
  guint64 cycles;
  gdouble seconds;
  gint64 rss;
} Sample;

typedef struct
{
  guint64 cycles;               /* buffers at the sink (atomic) */
} Counter;

static gint64
rss_bytes (void)
{
  FILE *f = fopen ("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (f) {
    if (fscanf (f, "%ld %ld", &size, &resident) != 2)
      resident = 0;
    fclose (f);
  }
  return (gint64) resident * sysconf (_SC_PAGESIZE);
}

static GstPadProbeReturn
count_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Counter *c = data;
  g_atomic_pointer_add ((gpointer *) & c->cycles, 1);
  return GST_PAD_PROBE_OK;
}

/* Runs desc to EOS, sampling RSS every second; the samples go to *out. */
static gboolean
soak (const gchar * desc, GArray * out, guint64 * graph_nodes)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err), *sink, *witness;
  GstPad *pad;
  GstBus *bus;
  Counter c = { 0 };
  gint64 t0, last = 0;
  gboolean done = FALSE, ok = FALSE;

  if (!p) {
    g_printerr ("cannot build '%s': %s\n", desc, err->message);
    g_clear_error (&err);
    return FALSE;
  }
  sink = gst_bin_get_by_name (GST_BIN (p), "out");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, &c, NULL);
  gst_object_unref (pad);
  bus = gst_element_get_bus (p);
  t0 = g_get_monotonic_time ();
  gst_element_set_state (p, GST_STATE_PLAYING);
  while (!done) {
    /* other messages are dropped here, as an application drains them */
    GstMessage *m = gst_bus_timed_pop_filtered (bus, 200 * GST_MSECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    gint64 now = g_get_monotonic_time ();
    if (m) {
      done = TRUE;
      ok = GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS;
      if (!ok) {
        GError *e = NULL;
        gst_message_parse_error (m, &e, NULL);
        g_printerr ("error: %s\n", e->message);
        g_clear_error (&e);
      }
      gst_message_unref (m);
    }
    if (done || now - last >= G_USEC_PER_SEC) {
      Sample s;
      s.cycles = (guint64) g_atomic_pointer_get ((gpointer *) & c.cycles);
      s.seconds = (gdouble) (now - t0) / 1e6;
      s.rss = rss_bytes ();
      g_array_append_val (out, s);
      last = now;
    }
  }
  witness = gst_bin_get_by_name (GST_BIN (p), "witness");
  *graph_nodes = 0;
  if (witness) {
    GstStructure *st = NULL;
    g_object_get (witness, "stats", &st, NULL);
    if (st)
      gst_structure_get_uint64 (st, "graph-nodes", graph_nodes);
    gst_clear_structure (&st);
    gst_object_unref (witness);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (bus);
  gst_object_unref (p);
  return ok;
}

static void
report (const gchar * name, GArray * s, guint64 warm_cycles,
    guint64 graph_nodes)
{
  const Sample *last = &g_array_index (s, Sample, s->len - 1);
  const Sample *w = NULL;
  gint64 max_after = 0;
  gdouble sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0, slope = 0;
  guint i;

  for (i = 0; i < s->len; i++) {
    const Sample *x = &g_array_index (s, Sample, i);
    if (x->cycles < warm_cycles)
      continue;
    if (!w)
      w = x;
    if (x->rss > max_after)
      max_after = x->rss;
    sx += (gdouble) x->cycles;
    sy += (gdouble) x->rss;
    sxx += (gdouble) x->cycles * (gdouble) x->cycles;
    sxy += (gdouble) x->cycles * (gdouble) x->rss;
    n += 1;
  }
  if (n >= 2 && n * sxx - sx * sx > 0)
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  g_print ("%s: %" G_GUINT64_FORMAT " cycles in %.0f s (%.0f cycles/s)\n",
      name, last->cycles, last->seconds,
      last->seconds > 0 ? (gdouble) last->cycles / last->seconds : 0.0);
  if (!w) {
    g_print ("  (no sample after the warm-up)\n");
    return;
  }
  g_print ("  RSS after warm-up (%" G_GUINT64_FORMAT " cycles): %.2f MiB; "
      "highest after: %.2f MiB (+%.3f MiB); last: %.2f MiB (%+.3f MiB)\n",
      w->cycles, w->rss / 1048576.0, max_after / 1048576.0,
      (max_after - w->rss) / 1048576.0, last->rss / 1048576.0,
      (last->rss - w->rss) / 1048576.0);
  g_print ("  slope after warm-up: %+.1f bytes per 100 000 cycles "
      "(%u samples)\n", slope * 100000.0, (guint) n);
  if (graph_nodes)
    g_print ("  rvwitness graph nodes at the end: %" G_GUINT64_FORMAT "\n",
        graph_nodes);
}

static void
print_samples (GArray * s, guint64 every)
{
  guint64 next = 0;
  guint i;
  g_print ("  cycles      seconds   RSS MiB\n");
  for (i = 0; i < s->len; i++) {
    const Sample *x = &g_array_index (s, Sample, i);
    if (x->cycles >= next || i == s->len - 1) {
      g_print ("  %9" G_GUINT64_FORMAT "  %8.1f  %8.2f\n", x->cycles,
          x->seconds, x->rss / 1048576.0);
      next = x->cycles + every;
    }
  }
}

int
main (int argc, char **argv)
{
  guint64 cycles = DAY_CYCLES, warm, nodes = 0;
  gchar *dir, *calib, *desc;
  GArray *chain_s, *base_s;
  int i;

  gst_init (&argc, &argv);
  for (i = 1; i < argc; i++) {
    if (g_str_equal (argv[i], "--cycles") && i + 1 < argc)
      cycles = g_ascii_strtoull (argv[++i], NULL, 10);
    else {
      g_printerr ("usage: rvbench-soak [--cycles N]\n");
      return 2;
    }
  }
  warm = MAX (cycles / 10, 20000);

  dir = g_dir_make_tmp ("rvbench-soak-XXXXXX", NULL);
  calib = g_build_filename (dir, "node%u.rvcal", NULL);
  desc = g_strdup_printf ("csisrc rate=20 num-buffers=2400 ! rvcalibrate "
      "mode=record capture-time=1700000000 baseline-location=%s ! "
      "fakesink name=out", calib);
  chain_s = g_array_new (FALSE, FALSE, sizeof (Sample));
  if (!soak (desc, chain_s, &nodes))
    return 1;
  g_free (desc);
  g_array_set_size (chain_s, 0);

  g_print ("soak: %" G_GUINT64_FORMAT " fused cycles of the 4-node synthetic "
      "room at 20 frames/s per node, warm-up %" G_GUINT64_FORMAT " cycles\n",
      cycles, warm);
  desc = g_strdup_printf ("csisrc rate=20 num-buffers=%" G_GUINT64_FORMAT
      " ! fakesink name=out", cycles * NODES);
  base_s = g_array_new (FALSE, FALSE, sizeof (Sample));
  if (!soak (desc, base_s, &nodes))
    return 1;
  g_free (desc);
  /* the bare source counts frames; in cycles that is a quarter */
  for (i = 0; i < (int) base_s->len; i++)
    g_array_index (base_s, Sample, i).cycles /= NODES;
  report ("baseline (csisrc ! fakesink)", base_s, warm, 0);

  desc = g_strdup_printf ("csisrc rate=20 num-buffers=%" G_GUINT64_FORMAT
      " ! rvcalibrate baseline-location=%s ! rvphasealign ! "
      "rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! "
      "rvwitness name=witness ! rvmetaconvert ! fakesink name=out",
      cycles * NODES, calib);
  if (!soak (desc, chain_s, &nodes))
    return 1;
  g_free (desc);
  report ("whole chain", chain_s, warm, nodes);
  print_samples (chain_s, MAX (cycles / 20, 1));

  for (i = 0; i < NODES; i++) {
    gchar *f = g_strdup_printf ("%s/node%d.rvcal", dir, i + 1);
    g_unlink (f);
    g_free (f);
  }
  g_rmdir (dir);
  g_free (calib);
  g_free (dir);
  g_array_unref (chain_s);
  g_array_unref (base_s);
  return 0;
}
