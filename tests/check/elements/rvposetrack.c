/* rvposetrack: presence, stable ids, lifecycle with dt from PTS, GAP,
 * determinism and JSON. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvposemeta-private.h"
#include "gst/ruview/rvsensingmeta-private.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE \
  ", framerate=(fraction)20/1, calibrated=false"
#define MS GST_MSECOND
#define NB 8

/* A fused cycle whose fused amplitude is a fixed ramp plus `lift` on every
 * bin (one node record carrying RSSI −50). */
static GstBuffer *
cycle_buf (guint64 cycle, GstClockTime pts, gfloat lift)
{
  GstMapInfo map, nm;
  RvFusedRecord r;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_fused_buffer_new (1, NB, &map, &r), *nb;
  guint k;

  r.cycle = cycle;
  r.active_nodes = 1;
  r.nodes[0].node_id = 1;
  r.nodes[0].status = RV_NODE_FUSED;
  r.nodes[0].weight = 1.0f;
  r.nodes[0].record_index = 0;
  r.n_node_records = 1;
  for (k = 0; k < NB; k++)
    r.fused_amplitude[k] = 1.0f + 0.25f * (gfloat) k + lift;
  gst_rv_fused_buffer_unmap (b, &map, &r);

  nb = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, NB, &nm, &f);
  f.node_id = 1;
  f.rssi_dbm = -50;
  f.timestamp_us = 1000 + cycle;
  for (k = 0; k < NB; k++)
    rv_csi_amplitude (&f, 0)[k] = 1.0f + 0.25f * (gfloat) k + lift;
  gst_rv_csi_buffer_unmap (nb, &nm, &f);
  gst_buffer_append_memory (b, gst_buffer_get_all_memory (nb));
  gst_buffer_unref (nb);
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 50 * MS;
  return b;
}

/* motion: the amplitudes alternate by 0.1 each cycle; still: constant */
static GstBuffer *
moving (guint64 cycle, GstClockTime step)
{
  return cycle_buf (cycle, cycle * step, (cycle & 1) ? 0.1f : 0.0f);
}

static GstBuffer *
still (guint64 cycle, GstClockTime step)
{
  return cycle_buf (cycle, cycle * step, 0.0f);
}

static GstHarness *
pose_harness (const gchar * extra)
{
  gchar *desc = g_strdup_printf ("rvposetrack window=4 presence-threshold=0.4 "
      "%s", extra ? extra : "");
  GstHarness *h = gst_harness_new_parse (desc);
  g_free (desc);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  return h;
}

static GstRvPoseMeta *
pose_of (GstBuffer * b)
{
  GstRvPoseMeta *m = gst_buffer_get_rv_pose_meta (b);
  fail_unless (m != NULL);
  return m;
}

static guint64
stat (GstHarness * h, const gchar * name)
{
  GstElement *e = gst_harness_find_element (h, "rvposetrack");
  GstStructure *s;
  guint64 v = 0;
  g_object_get (e, "stats", &s, NULL);
  fail_unless (gst_structure_get_uint64 (s, name, &v));
  gst_structure_free (s);
  gst_object_unref (e);
  return v;
}

GST_START_TEST (test_no_persons_without_presence)
{
  GstHarness *h = pose_harness (NULL);
  guint i;

  for (i = 0; i < 10; i++) {
    GstBuffer *b = gst_harness_push_and_pull (h, still (i, 50 * MS));
    fail_unless_equals_int (pose_of (b)->n_persons, 0);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (stat (h, "presence"), 0);
  fail_unless_equals_uint64 (stat (h, "detections"), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* the sensing meta: the room's features, and each node's own from its own
 * amplitudes (here the node's equal the fused ones, so do the features) */
GST_START_TEST (test_sensing_meta)
{
  GstHarness *h = pose_harness (NULL);
  GstRvSensingMeta *m;
  GstBuffer *b = NULL;
  guint64 c;

  for (c = 0; c < 6; c++) {
    if (b)
      gst_buffer_unref (b);
    b = gst_harness_push_and_pull (h, moving (c, 50 * MS));
  }
  m = gst_buffer_get_rv_sensing_meta (b);
  fail_unless (m != NULL);
  fail_unless (m->classification.presence);
  fail_unless (m->features.motion_band_power > 0.0);
  fail_unless (m->features.mean_rssi == -50.0);
  fail_unless_equals_int (m->n_nodes, 1);
  fail_unless_equals_int (m->nodes[0].node_id, 1);
  fail_unless_equals_int (m->nodes[0].rssi_dbm, -50);
  fail_unless_equals_uint64 (m->nodes[0].timestamp_us, 1005);
  fail_unless (memcmp (&m->nodes[0].features, &m->features,
          sizeof (m->features)) == 0);
  fail_unless (m->nodes[0].classification.presence);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_lifecycle_and_stable_ids)
{
  GstHarness *h = pose_harness (NULL);
  GstRvPoseMeta *m;
  GstBuffer *b;
  guint64 c = 0;
  guint i;

  /* cycle 0: no history yet, nobody */
  b = gst_harness_push_and_pull (h, moving (c++, 50 * MS));
  fail_unless_equals_int (pose_of (b)->n_persons, 0);
  gst_buffer_unref (b);
  /* cycle 1: presence → a new Tentative track 0 */
  b = gst_harness_push_and_pull (h, moving (c++, 50 * MS));
  m = pose_of (b);
  fail_unless_equals_int (m->n_persons, 1);
  fail_unless_equals_int (m->persons[0].id, 0);
  fail_unless_equals_int (m->persons[0].lifecycle, RV_TRACK_TENTATIVE);
  fail_unless (m->persons[0].confidence == 0.5);
  fail_unless (m->persons[0].bbox_w == 0.6);
  gst_buffer_unref (b);
  /* then Active, same id */
  for (i = 0; i < 10; i++) {
    b = gst_harness_push_and_pull (h, moving (c++, 50 * MS));
    m = pose_of (b);
    fail_unless_equals_int (m->n_persons, 1);
    fail_unless_equals_int (m->persons[0].id, 0);
    fail_unless_equals_int (m->persons[0].lifecycle, RV_TRACK_ACTIVE);
    fail_unless (m->persons[0].confidence == 0.9);
    gst_buffer_unref (b);
  }
  /* still: presence fades after the 4-cycle window, the track is kept
   * internally (Lost after 5 misses) and not published */
  for (i = 0; i < 12; i++) {
    b = gst_harness_push_and_pull (h, still (c++, 50 * MS));
    if (i >= 4)
      fail_unless_equals_int (pose_of (b)->n_persons, 0);
    gst_buffer_unref (b);
  }
  /* moving again: the Lost track is matched again → Active, id 0 */
  for (i = 0; i < 2; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h, moving (c++, 50 * MS)));
  b = gst_harness_push_and_pull (h, moving (c++, 50 * MS));
  m = pose_of (b);
  fail_unless_equals_int (m->n_persons, 1);
  fail_unless_equals_int (m->persons[0].id, 0);
  fail_unless_equals_int (m->persons[0].lifecycle, RV_TRACK_ACTIVE);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (h, "dropped"), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

static gchar *
run_json (GstClockTime step, gboolean with_gap)
{
  GstHarness *h = pose_harness ("! rvmetaconvert detail=full");
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < 30; i++) {
    GstBuffer *b;
    GstMapInfo map;
    if (with_gap && i == 10) {
      GstMapInfo gm;
      RvFusedRecord r;
      GstBuffer *gap = gst_rv_fused_buffer_new (0, 0, &gm, &r);
      gst_rv_fused_buffer_unmap (gap, &gm, &r);
      GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
      GST_BUFFER_PTS (gap) = i * step;
      b = gst_harness_push_and_pull (h, gap);
      gst_buffer_unref (b);
      continue;
    }
    b = gst_harness_push_and_pull (h, moving (i, step));
    gst_buffer_map (b, &map, GST_MAP_READ);
    g_string_append_len (out, (const gchar *) map.data, map.size);
    gst_buffer_unmap (b, &map);
    gst_buffer_unref (b);
  }
  gst_harness_teardown (h);
  return g_string_free (out, FALSE);
}

GST_START_TEST (test_deterministic_dt_from_pts)
{
  gchar *a = run_json (50 * MS, FALSE), *b = run_json (50 * MS, FALSE);
  gchar *c = run_json (100 * MS, FALSE);

  fail_unless_equals_string (a, b);
  /* a different frame spacing changes dt and so the Kalman gains */
  fail_if (g_str_equal (a, c));
  fail_unless (strstr (a, "\"pose\":{\"n_persons\":1,\"persons\":[{\"id\":0,"
          "\"lifecycle\":\"active\",\"confidence\":0.9,\"keypoints\":"
          "[{\"name\":\"nose\",") != NULL, "%s", a);
  g_free (a);
  g_free (b);
  g_free (c);
}
GST_END_TEST;

GST_START_TEST (test_gap_passthrough)
{
  GstHarness *h = pose_harness (NULL);
  GstMapInfo gm;
  RvFusedRecord r;
  GstBuffer *gap = gst_rv_fused_buffer_new (0, 0, &gm, &r), *b;
  gchar *with, *without;

  gst_rv_fused_buffer_unmap (gap, &gm, &r);
  GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
  GST_BUFFER_PTS (gap) = 0;
  b = gst_harness_push_and_pull (h, gap);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP));
  fail_unless (gst_buffer_get_rv_pose_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (h, "gaps"), 1);
  fail_unless_equals_uint64 (stat (h, "cycles"), 0);
  gst_harness_teardown (h);

  /* a gap cycle is not seen by the tracker: the cycles after it differ
   * from an uninterrupted run only through the longer dt */
  with = run_json (50 * MS, TRUE);
  without = run_json (50 * MS, FALSE);
  fail_if (g_str_equal (with, without));
  g_free (with);
  g_free (without);
}
GST_END_TEST;

GST_START_TEST (test_json_summary)
{
  GstHarness *h = pose_harness ("! rvmetaconvert detail=summary");
  GstBuffer *b;
  GstMapInfo map;
  gchar *s;

  gst_buffer_unref (gst_harness_push_and_pull (h, moving (0, 50 * MS)));
  b = gst_harness_push_and_pull (h, moving (1, 50 * MS));
  gst_buffer_map (b, &map, GST_MAP_READ);
  s = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  fail_unless (strstr (s, "\"pose\":{\"n_persons\":1,\"persons\":[{\"id\":0,"
          "\"lifecycle\":\"tentative\",\"confidence\":0.5,\"bbox\":{")
      != NULL, "%s", s);
  fail_unless (strstr (s, "keypoints") == NULL, "%s", s);
  g_free (s);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_properties)
{
  GstElement *e = gst_element_factory_make ("rvposetrack", NULL);
  gfloat pn, mn, gate;
  guint loss, reid;

  g_object_get (e, "process-noise", &pn, "measurement-noise", &mn,
      "mahalanobis-gate", &gate, "loss-misses", &loss, "reid-window", &reid,
      NULL);
  fail_unless (pn == 0.3f && mn == 0.08f && gate == 9.0f);
  fail_unless_equals_int (loss, 5);
  fail_unless_equals_int (reid, 100);
  gst_object_unref (e);
}
GST_END_TEST;

static Suite *
rvposetrack_suite (void)
{
  Suite *s = suite_create ("rvposetrack");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_no_persons_without_presence);
  tcase_add_test (tc, test_lifecycle_and_stable_ids);
  tcase_add_test (tc, test_sensing_meta);
  tcase_add_test (tc, test_deterministic_dt_from_pts);
  tcase_add_test (tc, test_gap_passthrough);
  tcase_add_test (tc, test_json_summary);
  tcase_add_test (tc, test_properties);
  return s;
}

GST_CHECK_MAIN (rvposetrack);
