/* rvbench-pipeline — the whole chain, replayed as fast as possible and live.
 *
 * 1. Records a synthetic 4-node room (complex HT20 frames, 100 Hz per node)
 *    to a temporary .rvcsi file, and an empty-room baseline per node when
 *    rvcalibrate exists.
 * 2. Replay: csisrc location=rec.rvcsi ! <stages> ! rvmetaconvert ! fakesink,
 *    not live, timed as a whole; printed as fused cycles per second.  The
 *    same-run baselines are the chain cut after each stage (so each stage's
 *    own cost shows as the difference) and the bare source (I/O floor).
 *    Run with the defaults (dense CIR, ISTA everywhere), with fft-ista=true,
 *    and with fft-ista=true plus FISTA in rvcirgate (tolerance 0.003) and
 *    rvtomography.  Each figure: wall time and the process's CPU time,
 *    medians of the replays.
 * 3. Live: the synthetic room live for --seconds, every stage, with the
 *    defaults and with fft-ista + FISTA: process CPU
 *    time over wall time (% of one core) and the publish latency of each fused
 *    cycle = (clock time when its JSON reaches the sink − base time) −
 *    (PTS + interval), i.e. how long after the cycle closed it was published.
 *
 * Usage: rvbench-pipeline [--seconds N] [--cycles N] [--repeats N] [--rate HZ]
 * Figures only; this is not a test. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const gchar *stage_names[] = {
  "rvcalibrate", "rvphasealign", "rvmultistaticfuse", "rvcirgate",
  "rvtomography", "rvposetrack", "rvwitness"
};

static gboolean
have (const gchar * name)
{
  GstElementFactory *f = gst_element_factory_find (name);
  if (f)
    gst_object_unref (f);
  return f != NULL;
}

static gdouble
cpu_s (void)
{
  struct rusage r;
  getrusage (RUSAGE_SELF, &r);
  return (gdouble) (r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
      (gdouble) (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static gdouble last_cpu_s;

static gboolean
run_to_eos (const gchar * desc, gdouble * wall_s)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstBus *bus;
  GstMessage *m;
  gint64 t0;
  gdouble c0;
  gboolean ok;

  if (!p) {
    g_printerr ("cannot build '%s': %s\n", desc, err->message);
    g_clear_error (&err);
    return FALSE;
  }
  bus = gst_element_get_bus (p);
  t0 = g_get_monotonic_time ();
  c0 = cpu_s ();
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  *wall_s = (gdouble) (g_get_monotonic_time () - t0) / 1e6;
  last_cpu_s = cpu_s () - c0;
  ok = GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS;
  if (!ok) {
    GError *e = NULL;
    gst_message_parse_error (m, &e, NULL);
    g_printerr ("error in '%s': %s\n", desc, e->message);
    g_clear_error (&e);
  }
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  return ok;
}

/* variants of the CIR and tomography settings */
enum
{ DEFAULTS, FFT, FFT_FISTA, N_VARIANTS };
static const gchar *variant_names[N_VARIANTS] = { "", "fft-ista", "+fista" };

/* the stages present, cut after stage `upto` (exclusive index) */
static gchar *
chain (guint upto, const gchar * calib, gint variant)
{
  GString *s = g_string_new (NULL);
  guint i;
  for (i = 0; i < upto; i++) {
    if (!have (stage_names[i]))
      continue;
    g_string_append_printf (s, " ! %s", stage_names[i]);
    if (i == 0)
      g_string_append_printf (s, " mode=apply baseline-location=%s", calib);
    if (i == 3 && variant != DEFAULTS)
      g_string_append (s, " fft-ista=true");
    if (i == 3 && variant == FFT_FISTA)
      g_string_append (s, " solver=fista tolerance=0.003");
    if (i == 4 && variant == FFT_FISTA)
      g_string_append (s, " solver=fista");
  }
  return g_string_free (s, FALSE);
}

static int
cmp_double (const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y;
}

typedef struct
{
  GArray *lat_ms;
  GstClockTime interval;
} Live;

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer data)
{
  Live *l = data;
  GstClock *clock = gst_element_get_clock (sink);
  GstClockTime now, base;
  gdouble ms;
  if (!clock || !GST_BUFFER_PTS_IS_VALID (buf))
    return;
  now = gst_clock_get_time (clock);
  base = gst_element_get_base_time (sink);
  ms = ((gdouble) (gint64) (now - base) -
      (gdouble) (GST_BUFFER_PTS (buf) + l->interval)) / 1e6;
  g_array_append_val (l->lat_ms, ms);
  gst_object_unref (clock);
}

static void
live_run (guint seconds, guint rate, const gchar * calib, gint variant)
{
  gchar *c = chain (G_N_ELEMENTS (stage_names), calib, variant);
  gchar *desc = g_strdup_printf ("csisrc nodes=4 rate=%u is-live=true%s ! "
      "rvmetaconvert detail=summary ! fakesink name=out signal-handoffs=true "
      "sync=false", rate, c);
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err), *sink;
  struct rusage r0, r1;
  gint64 t0, t1;
  Live l = { g_array_new (FALSE, FALSE, sizeof (gdouble)), 50 * GST_MSECOND };
  gdouble cpu, wall;

  if (!p) {
    g_printerr ("%s\n", err->message);
    return;
  }
  sink = gst_bin_get_by_name (GST_BIN (p), "out");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &l);
  gst_element_set_state (p, GST_STATE_PLAYING);
  gst_element_get_state (p, NULL, NULL, GST_CLOCK_TIME_NONE);
  g_usleep (G_USEC_PER_SEC);    /* warm-up */
  g_array_set_size (l.lat_ms, 0);
  getrusage (RUSAGE_SELF, &r0);
  t0 = g_get_monotonic_time ();
  g_usleep ((gulong) seconds * G_USEC_PER_SEC);
  getrusage (RUSAGE_SELF, &r1);
  t1 = g_get_monotonic_time ();
  gst_element_set_state (p, GST_STATE_NULL);

  cpu = (gdouble) (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec +
      r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
      (gdouble) (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec +
      r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
  wall = (gdouble) (t1 - t0) / 1e6;
  g_array_sort (l.lat_ms, cmp_double);
  g_print ("live, 4 nodes HT20 at %u frames/s each, every stage (%s ):\n",
      rate, c);
  g_print ("  CPU %.2f %% of one core over %.1f s\n", 100.0 * cpu / wall, wall);
  if (l.lat_ms->len > 0) {
    gdouble *v = (gdouble *) l.lat_ms->data;
    guint n = l.lat_ms->len;
    g_print ("  %u cycles published (%.2f per second); publish latency after "
        "cycle close: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", n,
        (gdouble) n / wall, v[n / 2], v[MIN (n - 1, n * 99 / 100)], v[n - 1]);
  }
  g_array_free (l.lat_ms, TRUE);
  gst_object_unref (sink);
  gst_object_unref (p);
  g_free (desc);
  g_free (c);
}

int
main (int argc, char **argv)
{
  gint seconds = 10, cycles = 2000, repeats = 3, rate = 100;
  GOptionEntry entries[] = {
    {"seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "Live run length", "N"},
    {"cycles", 'c', 0, G_OPTION_ARG_INT, &cycles, "Cycles to replay", "N"},
    {"repeats", 'r', 0, G_OPTION_ARG_INT, &repeats, "Replays per figure",
        "N"},
    {"rate", 0, 0, G_OPTION_ARG_INT, &rate,
        "Live run: frames per second of each node", "HZ"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- whole-pipeline benchmark");
  GError *err = NULL;
  gchar *dir, *rec, *calib, *desc;
  gdouble t;
  guint i, frames;
  gint variant;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);

  dir = g_dir_make_tmp ("rvbench-XXXXXX", NULL);
  rec = g_build_filename (dir, "room.rvcsi", NULL);
  calib = g_build_filename (dir, "baseline-%u.bin", NULL);
  frames = (guint) cycles * 4 * 5;      /* 4 nodes × 5 frames per 50 ms */

  if (have ("rvcalibrate")) {
    desc = g_strdup_printf ("csisrc nodes=4 seed=7 num-buffers=2400 ! "
        "rvcalibrate mode=record frames=600 baseline-location=%s ! fakesink",
        calib);
    run_to_eos (desc, &t);
    g_free (desc);
  }
  desc = g_strdup_printf ("csisrc nodes=4 num-buffers=%u ! filesink "
      "location=%s", frames, rec);
  run_to_eos (desc, &t);
  g_free (desc);

  g_print ("replay of %d cycles (4 nodes, %u frames), median of %d runs "
      "(wall, then the process's CPU time):\n", cycles, frames, repeats);
  for (variant = DEFAULTS; variant < N_VARIANTS; variant++) {
    if (variant != DEFAULTS && !have ("rvcirgate"))
      break;
    for (i = 0; i <= G_N_ELEMENTS (stage_names); i++) {
      gchar *c;
      gdouble times[16], cpus[16], cpu;
      gint k;
      if (i > 0 && !have (stage_names[i - 1]))
        continue;
      if (variant != DEFAULTS && i < 4)
        continue;
      if (variant == FFT_FISTA && i < 5)
        continue;
      c = chain (i, calib, variant);
      desc = g_strdup_printf ("csisrc location=%s%s ! %s ! fakesink "
          "sync=false", rec, c, i > 0 ? "rvmetaconvert detail=summary" :
          "identity");
      for (k = 0; k < MIN (repeats, 16); k++) {
        if (!run_to_eos (desc, &times[k]))
          times[k] = 0;
        cpus[k] = last_cpu_s;
      }
      qsort (times, MIN (repeats, 16), sizeof (gdouble), cmp_double);
      qsort (cpus, MIN (repeats, 16), sizeof (gdouble), cmp_double);
      t = times[MIN (repeats, 16) / 2];
      cpu = cpus[MIN (repeats, 16) / 2];
      g_print ("  %-20s %-9s %8.3f s  %9.0f cycles/s   CPU %8.3f s  %9.0f "
          "cycles per CPU-second\n", i == 0 ? "source only" : stage_names[i - 1],
          variant_names[variant], t, t > 0 ? cycles / t : 0.0, cpu,
          cpu > 0 ? cycles / cpu : 0.0);
      g_free (desc);
      g_free (c);
    }
  }

  if (seconds > 0) {
    live_run ((guint) seconds, (guint) MAX (rate, 1), calib, DEFAULTS);
    if (have ("rvcirgate"))
      live_run ((guint) seconds, (guint) MAX (rate, 1), calib, FFT_FISTA);
  }

  /* clean up the temporary files */
  {
    GDir *d = g_dir_open (dir, 0, NULL);
    const gchar *n;
    while (d && (n = g_dir_read_name (d))) {
      gchar *p = g_build_filename (dir, n, NULL);
      g_unlink (p);
      g_free (p);
    }
    if (d)
      g_dir_close (d);
    g_rmdir (dir);
  }
  g_free (rec);
  g_free (calib);
  g_free (dir);
  return 0;
}
