/* rvread — read the gst-ruview metas of every fused cycle from an appsink.
 *
 * An example application of the installed API (docs/api.md):
 *
 *   cc rvread.c -o rvread \
 *     $(pkg-config --cflags --libs gstreamer-ruview-1.0 gstreamer-app-1.0)
 *   ./rvread                      # the synthetic room, 4 s
 *   ./rvread "csisrc location=room.rvcsi ! … ! rvwitness ! appsink name=sink"
 *
 * The argument is a launch line with an appsink named "sink" after
 * rvwitness.  For every buffer that carries a witness it prints one JSON
 * line with what the accessors return: the witness, the privacy class,
 * the quality, gate and CIR figures, the occupancy grid and the tracked
 * persons.  The test suite runs it against the installed files and checks
 * every value against rvmetaconvert's JSON of the same run.
 *
 * This example is in the public domain. */
#include <stdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/ruview/ruview.h>

#define DEFAULT_LAUNCH "csisrc num-buffers=1600 ! rvphasealign ! " \
  "rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! " \
  "rvwitness ! appsink name=sink sync=false"

static void
print_floats (const gchar * key, const gfloat * v, gsize n)
{
  gsize i;
  printf (",\"%s\":[", key);
  for (i = 0; i < n; i++)
    printf ("%s%.9g", i ? "," : "", v[i]);
  printf ("]");
}

static void
print_cycle (GstBuffer * buf)
{
  GstRvWitnessMeta *w = gst_buffer_get_rv_witness_meta (buf);
  GstRvQualityMeta *q = gst_buffer_get_rv_quality_meta (buf);
  GstRvGateMeta *g = gst_buffer_get_rv_gate_meta (buf);
  GstRvCirMeta *c = gst_buffer_get_rv_cir_meta (buf);
  GstRvOccupancyMeta *o = gst_buffer_get_rv_occupancy_meta (buf);
  GstRvPoseMeta *p = gst_buffer_get_rv_pose_meta (buf);
  guint i, k;

  if (!w)
    return;                     /* no witness: not a cycle rvwitness saw */
  printf ("{\"pts_ns\":%" G_GUINT64_FORMAT, GST_BUFFER_PTS (buf));
  printf (",\"witness\":\"%s\",\"class\":\"%s\"",
      gst_rv_witness_meta_get_witness (w),
      gst_rv_witness_meta_get_effective_class (w));

  if (q) {
    gsize n;
    const gfloat *weights = gst_rv_quality_meta_get_weights (q, &n);
    printf (",\"penalized_coherence\":%.9g",
        gst_rv_quality_meta_get_penalized_coherence (q));
    print_floats ("weights", weights, n);
  }
  if (g)
    printf (",\"decision\":\"%s\",\"coherence_score\":%.9g",
        gst_rv_gate_meta_get_decision (g),
        gst_rv_gate_meta_get_coherence_score (g));
  if (c) {
    guint dom = gst_rv_cir_meta_get_dominant_tap_index (c);
    gfloat re, im;
    printf (",\"dominant_tap\":%u,\"num_taps\":%u", dom,
        gst_rv_cir_meta_get_num_taps (c));
    if (gst_rv_cir_meta_get_tap (c, dom, &re, &im))
      printf (",\"tap\":[%.9g,%.9g]", re, im);
  }
  if (o) {
    guint nx, ny, nz;
    gdouble bounds[6];
    gsize n, j;
    const gdouble *d = gst_rv_occupancy_meta_get_densities (o, &n);

    gst_rv_occupancy_meta_get_dims (o, &nx, &ny, &nz);
    gst_rv_occupancy_meta_get_bounds (o, bounds);
    printf (",\"dims\":[%u,%u,%u],\"bounds\":[", nx, ny, nz);
    for (j = 0; j < 6; j++)
      printf ("%s%.17g", j ? "," : "", bounds[j]);
    printf ("],\"occupied\":%" G_GUINT64_FORMAT ",\"densities\":[",
        gst_rv_occupancy_meta_get_occupied_count (o));
    for (j = 0; j < n; j++)
      printf ("%s%.17g", j ? "," : "", d[j]);
    printf ("]");
  }
  if (p) {
    printf (",\"persons\":[");
    for (i = 0; i < gst_rv_pose_meta_get_n_persons (p); i++) {
      gdouble x, y, z, bw, bh;
      printf ("%s{\"id\":%u,\"lifecycle\":\"%s\",\"keypoints\":[",
          i ? "," : "", gst_rv_pose_meta_get_person_id (p, i),
          gst_rv_pose_meta_get_person_lifecycle (p, i));
      for (k = 0; k < GST_RV_POSE_KEYPOINTS; k++) {
        gst_rv_pose_meta_get_person_keypoint (p, i, k, &x, &y, &z);
        printf ("%s[%.17g,%.17g,%.17g]", k ? "," : "", x, y, z);
      }
      gst_rv_pose_meta_get_person_bbox (p, i, &x, &y, &bw, &bh);
      printf ("],\"bbox\":[%.17g,%.17g,%.17g,%.17g]}", x, y, bw, bh);
    }
    printf ("]");
  }
  printf ("}\n");
}

int
main (int argc, char **argv)
{
  GError *err = NULL;
  GstElement *pipeline, *sink;
  GstSample *sample;
  GstBus *bus;
  GstMessage *msg;
  int status = 0;

  gst_init (&argc, &argv);
  pipeline = gst_parse_launch (argc > 1 ? argv[1] : DEFAULT_LAUNCH, &err);
  if (!pipeline) {
    fprintf (stderr, "rvread: %s\n", err->message);
    return 1;
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  if (!sink || !GST_IS_APP_SINK (sink)) {
    fprintf (stderr, "rvread: the launch line has no appsink named sink\n");
    return 1;
  }
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink)))) {
    print_cycle (gst_sample_get_buffer (sample));
    gst_sample_unref (sample);
  }

  /* the appsink is at EOS, or the pipeline failed: say which */
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gst_message_parse_error (msg, &err, NULL);
    fprintf (stderr, "rvread: %s\n", err->message);
    g_clear_error (&err);
    status = 1;
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return status;
}
