/* rvcalibrate: subtract/deviation goldens through the element, record →
 * file → apply round trip, drift meta and messages, errors, negotiation. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvdriftmeta-private.h"
#include "ruview/calibration.h"
#include "ruview/record_json.h"

#define COMPLEX_CAPS GST_RV_CSI_MEDIA_TYPE \
  ", layout=complex, calibrated=false, phase-aligned=false"

static guint32
bits32 (gfloat f)
{
  guint32 u;
  memcpy (&u, &f, 4);
  return u;
}

static guint64
bits64 (gdouble d)
{
  guint64 u;
  memcpy (&u, &d, 8);
  return u;
}

/* a fresh temporary directory; free with remove_dir */
static gchar *
make_dir (void)
{
  gchar *d = g_dir_make_tmp ("rvcal-XXXXXX", NULL);
  fail_unless (d != NULL);
  return d;
}

static void
remove_dir (gchar * dir)
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
  g_free (dir);
}

static void
write_baseline (const gchar * path, const RvBaseline * b)
{
  gsize len = rv_baseline_serialized_size (b);
  guint8 *bytes = g_malloc (len);
  fail_unless_equals_int (rv_baseline_to_bytes (b, bytes, len), len);
  fail_unless (g_file_set_contents (path, (gchar *) bytes, len, NULL));
  g_free (bytes);
}

static GstBuffer *
complex_frame (guint node, guint rows, guint cols, const gdouble * d,
    GstClockTime pts)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_COMPLEX, rows, cols, &map,
      &f);
  f.node_id = node;
  f.freq_mhz = 2437;
  f.pts_ns = pts;
  f.duration_ns = 10 * GST_MSECOND;
  memcpy (f.data, d, (gsize) rows * cols * 2 * sizeof (gdouble));
  gst_rv_csi_buffer_unmap (b, &map, &f);
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 10 * GST_MSECOND;
  return b;
}

/* frame b as one line of the JSON frame format */
static void
append_json_line (GString * out, GstBuffer * b)
{
  RvJsonWriter w;
  GstMapInfo map;
  RvCsiFrame f;

  rv_json_writer_init (&w);
  fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
  rv_record_csi_json_begin (&w, &f, 1);
  rv_json_end_object (&w);
  gst_buffer_unmap (b, &map);
  g_string_append_len (out, w.buf, w.len);
  g_string_append_c (out, '\n');
  rv_json_writer_clear (&w);
}

/* the first line of a JSON Lines file as a record buffer, and the line */
static GstBuffer *
read_json_record (const gchar * path, gchar ** line_out)
{
  RvJsonDoc *doc = rv_json_doc_new ();
  const RvJsonValue *v;
  gchar *text = NULL, *nl;
  RvLayout layout;
  unsigned d0, d1;
  int hp, hd;
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  nl = strchr (text, '\n');
  fail_unless (nl != NULL);
  *nl = '\0';
  v = rv_json_parse (doc, text, strlen (text), NULL, NULL);
  fail_unless (v != NULL);
  fail_unless_equals_int (rv_record_csi_json_dims (v, &layout, &d0, &d1), 0);
  b = gst_rv_csi_buffer_new (layout, d0, d1, &map, &f);
  fail_unless_equals_int (rv_record_csi_from_json (v, &f, &hp, &hd), 0);
  gst_rv_csi_buffer_unmap (b, &map, &f);
  rv_json_doc_free (doc);
  *line_out = text;
  return b;
}

static void run_to_eos (const gchar * desc, gpointer w);
static RvBaseline *deviation_baseline (void);

/* frontend.md §11.2 goldens as JSON frames in, rvmetaconvert JSON out:
 * subtract/apply (values, flags, id) and deviation (drift member) */
GST_START_TEST (test_json_in_json_out_goldens)
{
  static const gdouble in[12] =
      { 3, 4, 0.3, 0.4, 0, 0, -6, 8, 1e-31, 0, 0, -2 };
  gchar *dir = make_dir ();
  gchar *bl = g_build_filename (dir, "sub.rvcal", NULL);
  gchar *dev = g_build_filename (dir, "dev.rvcal", NULL);
  gchar *in1 = g_build_filename (dir, "sub.jsonl", NULL);
  gchar *in2 = g_build_filename (dir, "dev.jsonl", NULL);
  gchar *out = g_build_filename (dir, "out.jsonl", NULL);
  RvBaseline *b = rv_baseline_new (RV_PHY_TIER_HT20, 0, 1, 3);
  RvBaseline *db = deviation_baseline ();
  GString *text = g_string_new (NULL);
  gdouble core[12], d[128];
  gchar *desc, *line;
  GstBuffer *rec;
  GstMapInfo map;
  RvCsiFrame f;
  guint i;

  b->subcarriers[0].amp_mean = 2;
  b->subcarriers[1].amp_mean = 1;
  b->subcarriers[2].amp_mean = 0.5f;
  write_baseline (bl, b);
  write_baseline (dev, db);
  memcpy (core, in, sizeof (core));
  rv_baseline_apply (b, core, 2, 3, NULL, NULL);

  rec = complex_frame (5, 2, 3, in, 0);
  append_json_line (text, rec);
  gst_buffer_unref (rec);
  fail_unless (g_file_set_contents (in1, text->str, text->len, NULL));
  desc = g_strdup_printf ("csisrc location=%s ! rvcalibrate "
      "baseline-location=%s ! rvmetaconvert ! filesink location=%s", in1, bl,
      out);
  run_to_eos (desc, NULL);
  g_free (desc);
  rec = read_json_record (out, &line);
  fail_unless (gst_rv_csi_buffer_map (rec, &map, GST_MAP_READ, &f));
  for (i = 0; i < 12; i++)
    fail_unless (bits64 (f.data[i]) == bits64 (core[i]), "value %u", i);
  fail_unless_equals_int (f.flags, RV_CSI_FLAG_CALIBRATED |
      RV_CSI_FLAG_HAS_CALIB_ID);
  fail_unless (f.calibration_id == G_GUINT64_CONSTANT (0x9C5E437336D2DE3C));
  gst_buffer_unmap (rec, &map);
  gst_buffer_unref (rec);
  fail_unless (strstr (line, "\"calibration_id\":11267517479847648828,")
      != NULL, "%s", line);
  g_free (line);

  memset (d, 0, sizeof (d));
  for (i = 0; i < 52; i++) {
    gdouble a = (gdouble) db->subcarriers[i].amp_mean + 0.04;
    d[2 * i] = a * cos (0.5 + 0.3);
    d[2 * i + 1] = a * sin (0.5 + 0.3);
  }
  g_string_truncate (text, 0);
  rec = complex_frame (2, 1, 64, d, 0);
  append_json_line (text, rec);
  gst_buffer_unref (rec);
  fail_unless (g_file_set_contents (in2, text->str, text->len, NULL));
  desc = g_strdup_printf ("csisrc location=%s ! rvcalibrate "
      "baseline-location=%s ! rvmetaconvert ! filesink location=%s", in2, dev,
      out);
  run_to_eos (desc, NULL);
  g_free (desc);
  rec = read_json_record (out, &line);
  gst_buffer_unref (rec);
  fail_unless (strstr (line, "\"drift\":{\"node_id\":2,\"calibration_id\":")
      != NULL, "%s", line);
  fail_unless (strstr (line, "\"amplitude_z_median\":1.9999981,"
          "\"amplitude_z_max\":2.000004,") != NULL, "%s", line);
  fail_unless (strstr (line, "\"motion_flagged\":false}") != NULL);
  g_free (line);

  g_string_free (text, TRUE);
  rv_baseline_free (b);
  rv_baseline_free (db);
  g_free (bl);
  g_free (dev);
  g_free (in1);
  g_free (in2);
  g_free (out);
  remove_dir (dir);
}
GST_END_TEST;

static GstHarness *
calibrate_harness (const gchar * location, GstBus * bus)
{
  GstElement *e = gst_element_factory_make_full ("rvcalibrate",
      "baseline-location", location, NULL);
  GstHarness *h;
  if (bus)
    gst_element_set_bus (e, bus);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  return h;
}

/* frontend.md §11.2 subtract/apply golden: baseline amps [2, 1, 0.5] on
 * the 2×3 frame [[3+4j, 0.3+0.4j, 0], [−6+8j, 1e-31, −2j]] */
GST_START_TEST (test_apply_subtract_golden)
{
  static const gdouble in[12] =
      { 3, 4, 0.3, 0.4, 0, 0, -6, 8, 1e-31, 0, 0, -2 };
  static const gdouble want[12] =
      { 1.8, 2.4, 0, 0, 0, 0, -4.8, 6.4, 1e-31, 0, 0, -1.5 };
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "b.rvcal", NULL);
  RvBaseline *b = rv_baseline_new (RV_PHY_TIER_HT20, 0, 1, 3);
  gdouble core[12];
  GstHarness *h;
  GstBuffer *out;
  GstMapInfo map;
  RvCsiFrame f;
  GstRvDriftMeta *dm;
  GstCaps *caps;
  gboolean cal = FALSE;
  guint64 id = 0;
  guint i;

  b->subcarriers[0].amp_mean = 2;
  b->subcarriers[1].amp_mean = 1;
  b->subcarriers[2].amp_mean = 0.5f;
  write_baseline (path, b);
  memcpy (core, in, sizeof (core));
  fail_unless_equals_int (rv_baseline_apply (b, core, 2, 3, &id, NULL), 0);
  fail_unless (id == G_GUINT64_CONSTANT (0x9C5E437336D2DE3C));

  h = calibrate_harness (path, NULL);
  out = gst_harness_push_and_pull (h, complex_frame (5, 2, 3, in, 0));
  fail_unless (gst_rv_csi_buffer_map (out, &map, GST_MAP_READ, &f));
  for (i = 0; i < 12; i++) {
    fail_unless (bits64 (f.data[i]) == bits64 (core[i]), "value %u", i);
    fail_unless (fabs (f.data[i] - want[i]) <= 1e-15);
  }
  fail_unless (f.data[8] == 1e-31);
  fail_unless_equals_int (f.flags, RV_CSI_FLAG_CALIBRATED |
      RV_CSI_FLAG_HAS_CALIB_ID);
  fail_unless (f.calibration_id == G_GUINT64_CONSTANT (0x9C5E437336D2DE3C));
  gst_buffer_unmap (out, &map);
  dm = gst_buffer_get_rv_drift_meta (out);
  fail_unless (dm != NULL);
  fail_unless_equals_int (dm->node_id, 5);
  fail_unless (dm->has_calibration_id);
  fail_unless (dm->calibration_id == id);
  gst_buffer_unref (out);

  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_structure_get_boolean (gst_caps_get_structure (caps, 0),
          "calibrated", &cal));
  fail_unless (cal);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
  rv_baseline_free (b);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

static RvBaseline *
deviation_baseline (void)
{
  RvBaseline *b = rv_baseline_new (RV_PHY_TIER_HT20, 0, 600, 52);
  guint k;
  for (k = 0; k < 52; k++) {
    b->subcarriers[k].amp_mean = 1.0f + 0.01f * (gfloat) k;
    b->subcarriers[k].amp_variance = 0.0004f;
    b->subcarriers[k].phase_mean = 0.5f;
    b->subcarriers[k].phase_dispersion = 0.01f;
  }
  return b;
}

/* frontend.md §11.2 deviation golden, through the element: the frame
 * zero-padded to 64 columns; drift meta, message fields and their order */
GST_START_TEST (test_deviation_golden_meta_and_message)
{
  static const gchar *fields[] = { "timestamp", "stream-time",
    "running-time", "duration", "node-id", "frames", "motion-frames",
    "z-median", "z-max", "drift", "motion-flagged"
  };
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "dev.rvcal", NULL);
  RvBaseline *b = deviation_baseline ();
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  GstBuffer *out;
  GstMessage *msg;
  const GstStructure *s;
  GstRvDriftMeta *dm;
  gdouble d[128];
  gfloat zf = 0, zmax = 0, drift = 0;
  guint node = 0, k;
  guint64 ts = 0, rt = 0;
  gboolean flagged = TRUE;

  write_baseline (path, b);
  memset (d, 0, sizeof (d));
  for (k = 0; k < 52; k++) {
    gdouble a = (gdouble) b->subcarriers[k].amp_mean + 0.04;
    d[2 * k] = a * cos (0.5 + 0.3);
    d[2 * k + 1] = a * sin (0.5 + 0.3);
  }
  h = calibrate_harness (path, bus);
  g_object_set (h->element, "message-interval", (guint64) 0, NULL);
  out = gst_harness_push_and_pull (h, complex_frame (3, 1, 64, d,
          40 * GST_MSECOND));
  dm = gst_buffer_get_rv_drift_meta (out);
  fail_unless (dm != NULL);
  fail_unless_equals_int (bits32 (dm->score.amplitude_z_median),
      bits32 (1.9999981f));
  fail_unless_equals_int (bits32 (dm->score.amplitude_z_max),
      bits32 (2.000004f));
  fail_unless (fabs (dm->score.phase_drift_median - 0.3) < 1e-6);
  fail_unless (!dm->score.motion_flagged);
  gst_buffer_unref (out);

  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless_equals_string (gst_structure_get_name (s), "rvcalibrate");
  fail_unless_equals_int (gst_structure_n_fields (s), G_N_ELEMENTS (fields));
  for (k = 0; k < G_N_ELEMENTS (fields); k++)
    fail_unless_equals_string (gst_structure_nth_field_name (s, k),
        fields[k]);
  fail_unless (gst_structure_get_uint64 (s, "timestamp", &ts));
  fail_unless (gst_structure_get_uint64 (s, "running-time", &rt));
  fail_unless_equals_uint64 (ts, 40 * GST_MSECOND);
  fail_unless_equals_uint64 (rt, 40 * GST_MSECOND);
  fail_unless (gst_structure_get_uint (s, "node-id", &node));
  fail_unless_equals_int (node, 3);
  fail_unless (gst_structure_get (s, "z-median", G_TYPE_FLOAT, &zf,
          "z-max", G_TYPE_FLOAT, &zmax, "drift", G_TYPE_FLOAT, &drift,
          "motion-flagged", G_TYPE_BOOLEAN, &flagged, NULL));
  fail_unless_equals_int (bits32 (zf), bits32 (1.9999981f));
  fail_unless_equals_int (bits32 (zmax), bits32 (2.000004f));
  fail_unless (!flagged);
  gst_message_unref (msg);

  /* post-messages=false: the meta stays, the message goes */
  g_object_set (h->element, "post-messages", FALSE, NULL);
  out = gst_harness_push_and_pull (h, complex_frame (3, 1, 52, d, 0));
  fail_unless (gst_buffer_get_rv_drift_meta (out) != NULL);
  gst_buffer_unref (out);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);

  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  rv_baseline_free (b);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

/* The default: one message per node per second of stream time (not one per
 * frame), each node on its own interval even with a shared baseline; the
 * open intervals at EOS. */
GST_START_TEST (test_message_interval_per_node)
{
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "dev.rvcal", NULL);
  RvBaseline *b = deviation_baseline ();
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  GstMessage *m;
  gdouble d[104];
  guint i, k, per_node[4] = { 0, 0, 0, 0 };
  guint64 frames[4] = { 0, 0, 0, 0 };

  write_baseline (path, b);
  for (k = 0; k < 52; k++) {
    d[2 * k] = (gdouble) b->subcarriers[k].amp_mean;
    d[2 * k + 1] = 0.0;
  }
  h = calibrate_harness (path, bus);
  /* nodes 1..3 at 100 frames/s each, 1.5 s: 150 frames per node */
  for (i = 0; i < 450; i++) {
    GstBuffer *buf = complex_frame (1 + i % 3, 1, 52, d,
        (i / 3) * 10 * GST_MSECOND);
    GST_BUFFER_DURATION (buf) = 10 * GST_MSECOND;
    gst_buffer_unref (gst_harness_push_and_pull (h, buf));
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (m);
    guint node = 0;
    guint64 n = 0;
    fail_unless (gst_structure_get_uint (s, "node-id", &node));
    fail_unless (gst_structure_get_uint64 (s, "frames", &n));
    fail_unless (node >= 1 && node <= 3);
    /* the first second's 100 frames, then the 50 left at EOS */
    fail_unless_equals_uint64 (n, per_node[node] == 0 ? 100 : 50);
    per_node[node]++;
    frames[node] += n;
    gst_message_unref (m);
  }
  for (i = 1; i <= 3; i++) {
    fail_unless_equals_int (per_node[i], 2);
    fail_unless_equals_uint64 (frames[i], 150);
  }
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  rv_baseline_free (b);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

/* stale-window=3: frames 3σ off the baseline (z² = 9 > 4) fill the window
 * after 3 frames and make the baseline stale after 3 + 9 − 1 = 11; one
 * warning, the statistic in the meta, the message and the JSON */
GST_START_TEST (test_stale_baseline_statistic)
{
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "dev.rvcal", NULL);
  RvBaseline *b = deviation_baseline ();
  GstElement *e = gst_element_factory_make_full ("rvcalibrate",
      "baseline-location", path, "stale-window", 3, "message-interval",
      (guint64) 0, NULL);
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  GstMessage *m;
  gdouble d[104];
  guint i, k, warnings = 0;

  write_baseline (path, b);
  for (k = 0; k < 52; k++) {
    d[2 * k] = (gdouble) b->subcarriers[k].amp_mean + 0.06;
    d[2 * k + 1] = 0.0;
  }
  gst_element_set_bus (e, bus);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  for (i = 1; i <= 12; i++) {
    GstBuffer *out = gst_harness_push_and_pull (h, complex_frame (1, 1, 52, d,
            i * 10 * GST_MSECOND));
    GstRvDriftMeta *dm = gst_buffer_get_rv_drift_meta (out);
    const GstStructure *s;
    gfloat score = 0, meta_score;
    gboolean stale = FALSE;

    fail_unless (dm != NULL && dm->has_stale);
    fail_unless_equals_int (dm->stale.frames_in_window, MIN (i, 3));
    fail_unless_equals_int (dm->stale.above, i >= 3);
    fail_unless_equals_int (dm->stale.stale, i >= 11);
    fail_unless (fabs (dm->stale.drift_score - 9.0) < 1e-2, "%g",
        dm->stale.drift_score);
    meta_score = dm->stale.drift_score;
    gst_buffer_unref (out);
    m = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
    fail_unless (m != NULL);
    s = gst_message_get_structure (m);
    fail_unless_equals_string (gst_structure_nth_field_name (s, 11),
        "drift-score");
    fail_unless (gst_structure_get (s, "drift-score", G_TYPE_FLOAT, &score,
            "baseline-stale", G_TYPE_BOOLEAN, &stale, NULL));
    fail_unless (score == meta_score);
    fail_unless_equals_int (stale, i >= 11);
    gst_message_unref (m);
    while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING))) {
      fail_unless_equals_int (i, 11);
      warnings++;
      gst_message_unref (m);
    }
  }
  fail_unless_equals_int (warnings, 1);
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  rv_baseline_free (b);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

/* a non-finite frame is counted, dropped, and the stream goes on */
GST_START_TEST (test_non_finite_frame_dropped)
{
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "dev.rvcal", NULL);
  RvBaseline *b = deviation_baseline ();
  GstStructure *st;
  GstHarness *h;
  GstBuffer *out;
  guint64 rejected = 0, calibrated = 0;
  gdouble d[104];
  guint k;

  write_baseline (path, b);
  for (k = 0; k < 104; k++)
    d[k] = 1.0;
  d[10] = NAN;
  h = calibrate_harness (path, NULL);
  fail_unless_equals_int (gst_harness_push (h, complex_frame (1, 1, 52, d,
              0)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  d[10] = 1.0;
  out = gst_harness_push_and_pull (h, complex_frame (1, 1, 52, d, 0));
  fail_unless (gst_buffer_get_rv_drift_meta (out) != NULL);
  gst_buffer_unref (out);
  g_object_get (h->element, "stats", &st, NULL);
  gst_structure_get_uint64 (st, "rejected", &rejected);
  gst_structure_get_uint64 (st, "calibrated", &calibrated);
  fail_unless_equals_uint64 (rejected, 1);
  fail_unless_equals_uint64 (calibrated, 1);
  gst_structure_free (st);
  gst_harness_teardown (h);
  rv_baseline_free (b);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

/* the drift meta reaches rvmetaconvert's JSON under "drift" */
GST_START_TEST (test_drift_meta_json)
{
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "dev.rvcal", NULL);
  RvBaseline *b = deviation_baseline ();
  gchar *desc, *text;
  GstHarness *h;
  GstBuffer *out;
  GstMapInfo map;
  gdouble d[104];
  guint k;

  write_baseline (path, b);
  for (k = 0; k < 52; k++) {
    d[2 * k] = 1.0;
    d[2 * k + 1] = 0.0;
  }
  desc = g_strdup_printf ("rvcalibrate baseline-location=%s ! rvmetaconvert",
      path);
  h = gst_harness_new_parse (desc);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  out = gst_harness_push_and_pull (h, complex_frame (9, 1, 52, d, 0));
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  text = g_strndup ((gchar *) map.data, map.size);
  gst_buffer_unmap (out, &map);
  fail_unless (strstr (text, ",\"drift\":{\"node_id\":9,\"calibration_id\":")
      != NULL, "%s", text);
  fail_unless (strstr (text, "\"amplitude_z_median\":") != NULL);
  fail_unless (strstr (text, "\"motion_flagged\":") != NULL);
  fail_unless (strstr (text, "\"calibrated\":true") != NULL);
  g_free (text);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  g_free (desc);
  rv_baseline_free (b);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

typedef struct
{
  guint n;
  guint64 ids[8];
  guint nodes[8];
} Written;

static void
run_to_eos (const gchar * desc, gpointer data)
{
  Written *w = data;
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstBus *bus;
  gboolean done = FALSE;

  fail_unless (p != NULL && err == NULL, "%s", err ? err->message : "");
  bus = gst_element_get_bus (p);
  fail_unless (gst_element_set_state (p, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  while (!done) {
    GstMessage *m = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT);
    const GstStructure *s;
    fail_unless (m != NULL, "no EOS");
    fail_if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR, "error in %s", desc);
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS)
      done = TRUE;
    s = gst_message_get_structure (m);
    if (w && s && gst_structure_has_name (s, "rvcalibrate-baseline")
        && w->n < 8) {
      gst_structure_get_uint64 (s, "calibration-id", &w->ids[w->n]);
      gst_structure_get_uint (s, "node-id", &w->nodes[w->n]);
      w->n++;
    }
    gst_message_unref (m);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
}

typedef struct
{
  guint n;
  gboolean all_calibrated;
  guint64 want_id;
} Seen;

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer data)
{
  Seen *s = data;
  GstMapInfo map;
  RvCsiFrame f;
  if (!gst_rv_csi_buffer_map (buf, &map, GST_MAP_READ, &f))
    return;
  s->n++;
  if (f.flags != (RV_CSI_FLAG_CALIBRATED | RV_CSI_FLAG_HAS_CALIB_ID)
      || f.calibration_id != s->want_id
      || gst_buffer_get_rv_drift_meta (buf) == NULL)
    s->all_calibrated = FALSE;
  gst_buffer_unmap (buf, &map);
}

/* record 600 frames per node of the synthetic room → 4 files → apply:
 * every frame carries the id of (capture 1 700 000 000, 600, 52, Ht20) */
GST_START_TEST (test_record_then_apply_roundtrip)
{
  const guint64 want = G_GUINT64_CONSTANT (0x1232969AADEEFBEC);
  gchar *dir = make_dir ();
  gchar *pattern = g_build_filename (dir, "node%u.rvcal", NULL);
  gchar *desc, *file;
  Written w;
  Seen seen = { 0, TRUE, want };
  GstElement *p, *sink;
  GstBus *bus;
  GstMessage *m;
  RvBaseline *b = NULL;
  gchar *bytes;
  gsize len;
  guint i;

  fail_unless (rv_calibration_id (1700000000, 600, 52, RV_PHY_TIER_HT20) ==
      want);
  memset (&w, 0, sizeof (w));
  desc = g_strdup_printf ("csisrc num-buffers=2400 ! rvcalibrate mode=record "
      "capture-time=1700000000 baseline-location=%s ! fakesink", pattern);
  run_to_eos (desc, &w);
  g_free (desc);
  fail_unless_equals_int (w.n, 4);
  for (i = 0; i < 4; i++) {
    fail_unless_equals_int (w.nodes[i], i + 1);
    fail_unless (w.ids[i] == want);
    file = g_strdup_printf ("%s/node%u.rvcal", dir, i + 1);
    fail_unless (g_file_get_contents (file, &bytes, &len, NULL));
    fail_unless_equals_int (len, 28 + 16 * 52);
    fail_unless_equals_int (rv_baseline_from_bytes ((guint8 *) bytes, len,
            &b, NULL), 0);
    fail_unless_equals_int (b->frame_count, 600);
    fail_unless_equals_int (b->captured_at_unix_s, 1700000000);
    fail_unless_equals_int (b->tier, RV_PHY_TIER_HT20);
    rv_baseline_free (b);
    g_free (bytes);
    g_free (file);
  }

  desc = g_strdup_printf ("csisrc num-buffers=400 ! rvcalibrate "
      "baseline-location=%s ! fakesink name=s signal-handoffs=true", pattern);
  p = gst_parse_launch (desc, NULL);
  g_free (desc);
  sink = gst_bin_get_by_name (GST_BIN (p), "s");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &seen);
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m != NULL && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  fail_unless_equals_int (seen.n, 400);
  fail_unless (seen.all_calibrated);
  gst_object_unref (sink);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (pattern);
  remove_dir (dir);
}
GST_END_TEST;

/* The recording says when it is complete (an INFO message and an
 * rvcalibrate-complete element message, after every file is written); with
 * eos-on-complete an endless source stops by itself.  With expected-nodes
 * above the nodes there are, it is never complete. */
static void
record_until (const gchar * props, const gchar * num_buffers,
    gboolean want_complete)
{
  gchar *dir = make_dir ();
  gchar *pattern = g_build_filename (dir, "node%u.rvcal", NULL);
  gchar *desc = g_strdup_printf ("csisrc %s ! rvcalibrate mode=record "
      "frames=50 baseline-location=%s %s ! fakesink", num_buffers, pattern,
      props);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (p);
  guint written = 0, complete = 0, infos = 0, i;
  gboolean eos = FALSE;

  fail_unless (p != NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  while (!eos) {
    GstMessage *m = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT |
        GST_MESSAGE_INFO);
    const GstStructure *st;
    fail_unless (m != NULL, "no EOS: %s", desc);
    fail_if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR);
    st = gst_message_get_structure (m);
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS) {
      eos = TRUE;
    } else if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_INFO) {
      GError *err = NULL;
      gst_message_parse_info (m, &err, NULL);
      fail_unless (strstr (err->message, "complete") != NULL);
      fail_unless_equals_int (written, 4);
      infos++;
      g_clear_error (&err);
    } else if (gst_structure_has_name (st, "rvcalibrate-baseline")) {
      written++;
    } else if (gst_structure_has_name (st, "rvcalibrate-complete")) {
      guint n = 0;
      fail_unless (gst_structure_get_uint (st, "baselines", &n));
      fail_unless_equals_int (n, 4);
      fail_unless_equals_int (written, 4);
      complete++;
    }
    gst_message_unref (m);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  fail_unless_equals_int (written, 4);
  fail_unless_equals_int (complete, want_complete ? 1 : 0);
  fail_unless_equals_int (infos, want_complete ? 1 : 0);
  for (i = 1; i <= 4; i++) {
    gchar *file = g_strdup_printf ("%s/node%u.rvcal", dir, i);
    fail_unless (g_file_test (file, G_FILE_TEST_EXISTS));
    g_free (file);
  }
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
  g_free (pattern);
  remove_dir (dir);
}

GST_START_TEST (test_record_complete)
{
  /* an endless source: only eos-on-complete ends it */
  record_until ("eos-on-complete=true", "", TRUE);
  record_until ("", "num-buffers=400", TRUE);
  record_until ("expected-nodes=4", "num-buffers=400", TRUE);
  record_until ("expected-nodes=5 eos-on-complete=true", "num-buffers=400",
      FALSE);
}
GST_END_TEST;

/* EOS before `frames` frames: a warning saying how many were recorded */
GST_START_TEST (test_record_incomplete_warns)
{
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "short.rvcal", NULL);
  GstElement *e = gst_element_factory_make_full ("rvcalibrate", "mode", 1,
      "frames", 10, "baseline-location", path, NULL);
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  GstMessage *m;
  GError *err = NULL;
  gchar *dbg = NULL;
  gdouble d[128];
  guint i;

  memset (d, 0, sizeof (d));
  for (i = 0; i < 64; i++)
    d[2 * i] = 1.0 + 0.01 * i;
  gst_element_set_bus (e, bus);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  for (i = 0; i < 3; i++) {
    GstBuffer *in = complex_frame (1, 1, 64, d, i * 10 * GST_MSECOND);
    GstBuffer *out = gst_harness_push_and_pull (h, in);
    /* passed unchanged, no meta */
    fail_unless (gst_buffer_get_rv_drift_meta (out) == NULL);
    gst_buffer_unref (out);
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (m != NULL);
  gst_message_parse_warning (m, &err, &dbg);
  fail_unless (strstr (err->message, "3 of 10") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, path) != NULL);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (m);
  fail_if (g_file_test (path, G_FILE_TEST_EXISTS));
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

/* push one HT20 frame through a per-node pattern whose file is `content`
 * (NULL = missing) and check the element error */
static void
check_apply_error (const gchar * content, gsize len, guint cols,
    GQuark domain, gint code)
{
  gchar *dir = make_dir ();
  gchar *pattern = g_build_filename (dir, "n%u.rvcal", NULL);
  gchar *file = g_build_filename (dir, "n1.rvcal", NULL);
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  GstMessage *m;
  GError *err = NULL;
  gdouble d[256];

  if (content)
    fail_unless (g_file_set_contents (file, content, len, NULL));
  memset (d, 0, sizeof (d));
  h = calibrate_harness (pattern, bus);
  fail_unless_equals_int (gst_harness_push (h, complex_frame (1, 1, cols, d,
              0)), GST_FLOW_ERROR);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_check_message_error (m, GST_MESSAGE_ERROR, domain, code);
  gst_message_parse_error (m, &err, NULL);
  /* the message names the file */
  fail_unless (strstr (err->message, file) != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  g_free (file);
  g_free (pattern);
  remove_dir (dir);
}

GST_START_TEST (test_missing_corrupt_mismatched_baseline)
{
  RvBaseline *b = deviation_baseline ();
  gsize len = rv_baseline_serialized_size (b);
  guint8 *bytes = g_malloc (len);

  rv_baseline_to_bytes (b, bytes, len);
  /* missing */
  check_apply_error (NULL, 0, 64, GST_RESOURCE_ERROR,
      GST_RESOURCE_ERROR_OPEN_READ);
  /* truncated */
  check_apply_error ((gchar *) bytes, len - 4, 64, GST_STREAM_ERROR,
      GST_STREAM_ERROR_FORMAT);
  /* bad version */
  bytes[4] = 99;
  check_apply_error ((gchar *) bytes, len, 64, GST_STREAM_ERROR,
      GST_STREAM_ERROR_FORMAT);
  bytes[4] = 1;
  /* not a baseline at all */
  check_apply_error ("hello, world", 12, 64, GST_STREAM_ERROR,
      GST_STREAM_ERROR_FORMAT);
  /* a valid 52-entry baseline against frames 30 wide */
  check_apply_error ((gchar *) bytes, len, 30, GST_STREAM_ERROR,
      GST_STREAM_ERROR_FORMAT);
  g_free (bytes);
  rv_baseline_free (b);
}
GST_END_TEST;

/* the first frame through an element made with the given properties
 * (harness bus attached) must post an ERROR of domain/code */
static void
check_first_frame_error (GstElement * e, guint cols, GQuark domain,
    gint code, const gchar * needle)
{
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  GstMessage *m;
  GError *err = NULL;
  gdouble d[256];

  memset (d, 0, sizeof (d));
  gst_element_set_bus (e, bus);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  fail_unless_equals_int (gst_harness_push (h, complex_frame (1, 1, cols, d,
              0)), GST_FLOW_ERROR);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_check_message_error (m, GST_MESSAGE_ERROR, domain, code);
  gst_message_parse_error (m, &err, NULL);
  fail_unless (strstr (err->message, needle) != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
}

/* tier: a forced tier must match the baseline; recording needs a width
 * some tier has, or a forced tier whose widths fit */
GST_START_TEST (test_tier_errors)
{
  gchar *dir = make_dir ();
  gchar *pattern = g_build_filename (dir, "n%u.rvcal", NULL);
  gchar *file = g_build_filename (dir, "n1.rvcal", NULL);
  RvBaseline *b = deviation_baseline ();       /* HT20, 52 */

  write_baseline (file, b);
  /* apply, tier=he20 against an HT20 baseline */
  check_first_frame_error (gst_element_factory_make_full ("rvcalibrate",
          "baseline-location", pattern, "tier", 2, NULL), 64,
      GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT, "was recorded for tier Ht20");
  /* record, 30 columns: no tier has that width */
  check_first_frame_error (gst_element_factory_make_full ("rvcalibrate",
          "mode", 1, "baseline-location", pattern, NULL), 30,
      GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT, "Set the tier property");
  /* record, tier=ht40 forced on 64-column frames */
  check_first_frame_error (gst_element_factory_make_full ("rvcalibrate",
          "mode", 1, "tier", 1, "baseline-location", pattern, NULL), 64,
      GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT, "do not fit");
  /* apply without a location */
  check_first_frame_error (gst_element_factory_make ("rvcalibrate", NULL), 64,
      GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS, "baseline-location");
  rv_baseline_free (b);
  g_free (file);
  g_free (pattern);
  remove_dir (dir);
}
GST_END_TEST;

/* a shared (non-pattern) corrupt file fails at start, with an ERROR */
GST_START_TEST (test_corrupt_shared_baseline_fails_start)
{
  gchar *dir = make_dir ();
  gchar *path = g_build_filename (dir, "bad.rvcal", NULL);
  gchar *desc;
  GstElement *p;
  GstBus *bus;
  GstMessage *m;

  fail_unless (g_file_set_contents (path, "\x01\x00\x1b\xca\x07", 5, NULL));
  desc = g_strdup_printf ("csisrc num-buffers=4 ! rvcalibrate "
      "baseline-location=%s ! fakesink", path);
  p = gst_parse_launch (desc, NULL);
  bus = gst_element_get_bus (p);
  fail_unless_equals_int (gst_element_set_state (p, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_check_message_error (m, GST_MESSAGE_ERROR, GST_STREAM_ERROR,
      GST_STREAM_ERROR_FORMAT);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
  g_free (path);
  remove_dir (dir);
}
GST_END_TEST;

GST_START_TEST (test_passthrough_untouched)
{
  GstElement *e = gst_element_factory_make_full ("rvcalibrate", "mode", 2,
      NULL);
  GstHarness *h = gst_harness_new_with_element (e, "sink", "src");
  gdouble d[6] = { 3, 4, 1, 1, 0, 2 };
  GstBuffer *in, *out;
  GstMapInfo map;
  RvCsiFrame f;
  GstCaps *caps;
  gboolean cal = TRUE;

  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, COMPLEX_CAPS);
  in = complex_frame (1, 1, 3, d, 0);
  out = gst_harness_push_and_pull (h, in);
  fail_unless (gst_rv_csi_buffer_map (out, &map, GST_MAP_READ, &f));
  fail_unless (memcmp (f.data, d, sizeof (d)) == 0);
  fail_unless_equals_int (f.flags, 0);
  gst_buffer_unmap (out, &map);
  fail_unless (gst_buffer_get_rv_drift_meta (out) == NULL);
  gst_buffer_unref (out);
  caps = gst_pad_get_current_caps (h->sinkpad);
  gst_structure_get_boolean (gst_caps_get_structure (caps, 0), "calibrated",
      &cal);
  fail_if (cal);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

static gboolean
links (const gchar * desc)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  gboolean ok = err == NULL;
  g_clear_error (&err);
  if (p)
    gst_object_unref (p);
  return ok;
}

/* TRUE if desc runs to EOS, FALSE if it posts an error */
static gboolean
runs (const gchar * desc)
{
  GstElement *p = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *m;
  gboolean ok;

  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  ok = GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS;
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  return ok;
}

/* mis-ordered pipelines fail at link time or at negotiation */
GST_START_TEST (test_misordered_rejected)
{
  GstElement *e = gst_element_factory_make_full ("rvcalibrate", "mode", 2,
      NULL);
  GstHarness *h = gst_harness_new_with_element (e, "sink", "src");
  GstCaps *caps;

  gst_object_unref (e);

  /* csisrc may replay canonical frames, so this links, then fails to
   * negotiate raw complex frames */
  fail_if (runs ("csisrc num-buffers=4 ! rvmultistaticfuse ! fakesink"));
  fail_unless (runs ("csisrc num-buffers=4 ! rvcalibrate mode=passthrough ! "
          "rvphasealign ! rvmultistaticfuse ! fakesink"));
  fail_if (links ("csisrc ! rvphasealign ! rvcalibrate ! fakesink"));
  fail_if (links ("csisrc ! rvcalibrate ! rvcalibrate ! fakesink"));
  fail_unless (links ("csisrc ! rvcalibrate mode=passthrough ! rvphasealign "
          "! rvmultistaticfuse ! fakesink"));

  caps = gst_caps_from_string (GST_RV_CSI_MEDIA_TYPE
      ", layout=canonical, calibrated=false, phase-aligned=true");
  fail_if (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  caps = gst_caps_from_string (GST_RV_CSI_MEDIA_TYPE
      ", layout=complex, calibrated=true, phase-aligned=false");
  fail_if (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  caps = gst_caps_from_string (COMPLEX_CAPS);
  fail_unless (gst_pad_peer_query_accept_caps (h->srcpad, caps));
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
rvcalibrate_suite (void)
{
  Suite *s = suite_create ("rvcalibrate");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_apply_subtract_golden);
  tcase_add_test (tc, test_deviation_golden_meta_and_message);
  tcase_add_test (tc, test_drift_meta_json);
  tcase_add_test (tc, test_non_finite_frame_dropped);
  tcase_add_test (tc, test_stale_baseline_statistic);
  tcase_add_test (tc, test_message_interval_per_node);
  tcase_add_test (tc, test_json_in_json_out_goldens);
  tcase_add_test (tc, test_record_then_apply_roundtrip);
  tcase_add_test (tc, test_record_incomplete_warns);
  tcase_add_test (tc, test_record_complete);
  tcase_add_test (tc, test_missing_corrupt_mismatched_baseline);
  tcase_add_test (tc, test_corrupt_shared_baseline_fails_start);
  tcase_add_test (tc, test_tier_errors);
  tcase_add_test (tc, test_passthrough_untouched);
  tcase_add_test (tc, test_misordered_rejected);
  return s;
}

GST_CHECK_MAIN (rvcalibrate);
