/* rvbench-visualize — what rvvisualize costs per frame, through the element
 * (GstHarness, no threads), at 640×480 and 1920×1080: every layer of a full
 * scene (4 nodes with their amplitude profiles, 2 persons, an 8×8×2
 * occupancy grid, gate and witness in the heads-up line) in the direct
 * format (BGRA), as an overlay (background-alpha=0), through the
 * straight-alpha path (RGBA) and the converter (I420), and with every layer
 * off (the background alone: the floor of touching every pixel).  Same-run
 * baseline: GStreamer's own videotestsrc making an SMPTE frame of the same
 * size and format.
 *
 * Figures are CPU time of the process per frame (so a loaded machine does
 * not inflate them), medians of 5 runs; wall time per frame beside them.
 *
 *   rvbench-visualize [frames [only [WxH]]]
 *     frames  per run (default 300)
 *     only    run the cases whose "<name> <format>" holds this text ("" for
 *             all), e.g. "every layer BGRA"
 *     WxH     run this size only (e.g. 1920x1080)
 *
 * Instruction counts, which a loaded machine does not change: run it under
 * `valgrind --tool=callgrind` with 10 and with 30 frames for one case and
 * one size; the difference divided by 100 (20 frames × 5 runs) is the
 * count per frame. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gst/ruview/rvcaps.h"
#include "rvvisualize_scene.h"

#define RUNS 5
#define WARM 20

typedef struct
{
  double cpu_us, wall_us;
} Cost;

static double
cpu_now_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static GstBuffer *
scene (guint64 i)
{
  GstBuffer *b = cycle_buf (i, i * 50 * MS, mixed, TRUE);

  add_person (b, 3, 250, 230);
  add_person (b, 4, 420, 250);
  add_occupancy (b, 5, 2);
  add_gate_and_witness (b, RV_PRIVACY_MODE_RAW_RESEARCH,
      RV_PRIVACY_CLASS_RAW);
  return b;
}

/* one timed run of rvvisualize: frames pushed and pulled */
static Cost
run_visualize (const gchar * props, const gchar * caps, guint frames)
{
  gchar *desc = g_strdup_printf ("rvvisualize %s", props);
  GstHarness *h = gst_harness_new_parse (desc);
  GstBuffer **in = g_new (GstBuffer *, frames);
  double c0, w0;
  Cost c;
  guint i;

  gst_harness_set_src_caps_str (h, GST_RV_FUSED_MEDIA_TYPE
      ", framerate=(fraction)20/1, calibrated=(boolean)false");
  gst_harness_set_sink_caps_str (h, caps);
  for (i = 0; i < WARM; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h, scene (i)));
  for (i = 0; i < frames; i++)
    in[i] = scene (WARM + i);
  c0 = cpu_now_us ();
  w0 = (double) g_get_monotonic_time ();
  for (i = 0; i < frames; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h, in[i]));
  c.cpu_us = (cpu_now_us () - c0) / frames;
  c.wall_us = ((double) g_get_monotonic_time () - w0) / frames;
  g_free (in);
  gst_harness_teardown (h);
  g_free (desc);
  return c;
}

/* one timed run of videotestsrc making frames into fakesink (its streaming
 * thread; pipeline set-up included, a few frames' worth) */
static Cost
run_testsrc (const gchar * caps, guint frames)
{
  gchar *line = g_strdup_printf ("videotestsrc pattern=smpte num-buffers=%u "
      "! %s ! fakesink", frames, caps);
  GstElement *p = gst_parse_launch (line, NULL);
  GstMessage *msg;
  double c0, w0;
  Cost c;

  g_assert_nonnull (p);
  c0 = cpu_now_us ();
  w0 = (double) g_get_monotonic_time ();
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  c.cpu_us = (cpu_now_us () - c0) / frames;
  c.wall_us = ((double) g_get_monotonic_time () - w0) / frames;
  g_assert_true (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_free (line);
  return c;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static Cost
median (const gchar * props, const gchar * caps, guint frames)
{
  double cpu[RUNS], wall[RUNS];
  Cost c;
  guint i;

  for (i = 0; i < RUNS; i++) {
    c = props ? run_visualize (props, caps, frames) : run_testsrc (caps,
        frames);
    cpu[i] = c.cpu_us;
    wall[i] = c.wall_us;
  }
  qsort (cpu, RUNS, sizeof (double), cmp_double);
  qsort (wall, RUNS, sizeof (double), cmp_double);
  c.cpu_us = cpu[RUNS / 2];
  c.wall_us = wall[RUNS / 2];
  return c;
}

int
main (int argc, char **argv)
{
  static const struct
  {
    const gchar *name, *props, *format;
  } cases[] = {
    {"videotestsrc smpte (baseline)", NULL, "BGRA"},
    {"rvvisualize, every layer off", "draw-occupancy=false "
          "draw-persons=false draw-nodes=false draw-csi=false "
          "draw-hud=false", "BGRA"},
    {"rvvisualize, occupancy alone", "draw-persons=false draw-nodes=false "
          "draw-csi=false draw-hud=false", "BGRA"},
    {"rvvisualize, nodes and their CSI alone", "draw-occupancy=false "
          "draw-persons=false draw-hud=false", "BGRA"},
    {"rvvisualize, persons alone", "draw-occupancy=false draw-nodes=false "
          "draw-csi=false draw-hud=false", "BGRA"},
    {"rvvisualize, heads-up line alone", "draw-occupancy=false "
          "draw-persons=false draw-nodes=false draw-csi=false", "BGRA"},
    {"rvvisualize, every layer", "", "BGRA"},
    {"rvvisualize, every layer, overlay", "background-alpha=0", "BGRA"},
    {"rvvisualize, every layer", "", "RGBA"},
    {"rvvisualize, every layer", "", "I420"},
  };
  static const guint sizes[][2] = { {640, 480}, {1920, 1080} };
  guint frames = argc > 1 ? (guint) atoi (argv[1]) : 300;
  const gchar *only = argc > 2 && argv[2][0] ? argv[2] : NULL;
  const gchar *size = argc > 3 ? argv[3] : NULL;
  guint i, s;

  gst_init (&argc, &argv);
  {
    GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
        "rvvisualize");
    if (!f) {
      printf ("rvvisualize is not built (no cairo)\n");
      return 0;
    }
    gst_object_unref (f);
  }
  printf ("rvvisualize: CPU time per frame (wall in brackets), medians of %d "
      "runs of %u frames\n", RUNS, frames);
  printf ("  %-38s %-6s %20s %20s\n", "", "format", "640x480", "1920x1080");
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *label = g_strdup_printf ("%s %s", cases[i].name, cases[i].format);
    gboolean skip_case = only && !strstr (label, only);

    g_free (label);
    if (skip_case)
      continue;
    printf ("  %-38s %-6s", cases[i].name, cases[i].format);
    for (s = 0; s < G_N_ELEMENTS (sizes); s++) {
      gchar *wxh = g_strdup_printf ("%ux%u", sizes[s][0], sizes[s][1]);
      gchar *caps;
      gboolean skip = size && strcmp (size, wxh) != 0;
      Cost c;

      g_free (wxh);
      if (skip) {
        printf (" %20s", "-");
        continue;
      }
      caps = g_strdup_printf ("video/x-raw,format=%s,width=%u,"
          "height=%u,framerate=20/1", cases[i].format, sizes[s][0],
          sizes[s][1]);
      c = median (cases[i].props, caps, frames);
      printf (" %9.0f us (%6.0f)", c.cpu_us, c.wall_us);
      fflush (stdout);
      g_free (caps);
    }
    printf ("\n");
  }
  return 0;
}
