/* libruview: pose tracker (engine.md §3.1–§3.6 goldens and the §11 list),
 * heuristic skeleton (§3.5) and the ADR-084 sketch (§3.7). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ruview/pose_heuristic.h"
#include "ruview/pose_tracker.h"
#include "ruview/sketch.h"

static uint32_t
fbits (float v)
{
  uint32_t b;
  memcpy (&b, &v, 4);
  return b;
}

static void
fill (float kp[17][3], float x, float y, float z)
{
  int i;
  for (i = 0; i < 17; i++) {
    kp[i][0] = x;
    kp[i][1] = y;
    kp[i][2] = z;
  }
}

GST_START_TEST (test_kalman_goldens)
{
  RvKeypointState k;
  float m[3] = { 0.01f, 0.0f, 0.0f }, one[3] = { 1.0f, 0.0f, 0.0f };
  int i;

  rv_keypoint_init (&k, 0, 0, 0);
  fail_unless (fbits (k.cov[0]) == fbits (0.010000001f));
  fail_unless (k.confidence == 0.0f);
  fail_unless (rv_keypoint_mahalanobis (&k, one) == 10.0f,
      "%.9g", rv_keypoint_mahalanobis (&k, one));
  rv_keypoint_predict (&k, 0.05f, 0.3f);
  fail_unless (fbits (k.cov[0]) == 0x3c23d7a2u, "%08x", fbits (k.cov[0]));
  fail_unless (fbits (k.cov[15]) == 0x3e801d7eu, "%08x", fbits (k.cov[15]));
  rv_keypoint_update (&k, m, 0.08f, 1.0f);
  fail_unless (fbits (k.state[0]) == 0x3bc7ce54u, "%08x", fbits (k.state[0]));
  fail_unless (fbits (k.cov[0]) == 0x3b7fc06du, "%08x", fbits (k.cov[0]));

  rv_keypoint_init (&k, 0, 0, 0);
  for (i = 1; i <= 10; i++) {
    float mm[3] = { 0.1f * (float) i, 0.0f, 0.0f };
    rv_keypoint_predict (&k, 0.1f, 0.3f);
    rv_keypoint_update (&k, mm, 0.08f, 1.0f);
  }
  fail_unless (fbits (k.state[0]) == 0x3f04c754u, "%08x", fbits (k.state[0]));
  fail_unless (k.cov[0] == 0.0006083733f, "%.10g", k.cov[0]);
  fail_unless (k.cov[15] == 0.259f, "%.10g", k.cov[15]);
  /* velocities never move, cross terms stay 0 */
  fail_unless (k.state[3] == 0.0f && k.cov[3] == 0.0f);
}
GST_END_TEST;

GST_START_TEST (test_keypoint_basics)
{
  RvKeypointState k;
  float p0, m[3] = { 1, 2, 3 }, off[3] = { 1, 0, 0 };
  rv_keypoint_init (&k, 1, 2, 3);
  fail_unless (k.state[0] == 1 && k.state[1] == 2 && k.state[2] == 3);
  fail_unless (rv_keypoint_mahalanobis (&k, m) < 1e-3f);
  rv_keypoint_init (&k, 0, 0, 0);
  fail_unless (rv_keypoint_mahalanobis (&k, off) > 0.0f);
  k.state[3] = 1.0f;
  rv_keypoint_predict (&k, 0.05f, 0.3f);
  fail_unless (fabsf (k.state[0] - 0.05f) < 1e-5f);
  rv_keypoint_init (&k, 0, 0, 0);
  p0 = k.cov[0];
  rv_keypoint_predict (&k, 0.05f, 0.3f);
  fail_unless (k.cov[0] > p0);
  p0 = k.cov[0];
  {
    float mm[3] = { 0.01f, 0, 0 };
    rv_keypoint_update (&k, mm, 0.08f, 1.0f);
  }
  fail_unless (k.cov[0] < p0);
}
GST_END_TEST;

GST_START_TEST (test_lifecycle_and_tracks)
{
  RvPoseTrackerConfig c;
  RvPoseTracker *t;
  RvPoseTrack *tr;
  float kp[17][3], cc[3];
  uint64_t id;
  int i;

  fail_unless (rv_track_lifecycle_is_alive (RV_TRACK_TENTATIVE));
  fail_unless (rv_track_lifecycle_is_alive (RV_TRACK_ACTIVE));
  fail_unless (rv_track_lifecycle_is_alive (RV_TRACK_LOST));
  fail_if (rv_track_lifecycle_is_alive (RV_TRACK_TERMINATED));
  fail_unless (rv_track_lifecycle_accepts_updates (RV_TRACK_TENTATIVE));
  fail_unless (rv_track_lifecycle_accepts_updates (RV_TRACK_ACTIVE));
  fail_if (rv_track_lifecycle_accepts_updates (RV_TRACK_LOST));
  fail_if (rv_track_lifecycle_accepts_updates (RV_TRACK_TERMINATED));

  rv_pose_tracker_config_default (&c);
  fail_unless (c.process_noise == 0.3f && c.measurement_noise == 0.08f
      && c.mahalanobis_gate == 9.0f && c.birth_hits == 2 && c.loss_misses == 5
      && c.reid_window == 100 && c.embedding_decay == 0.95f && c.embedding_dim == 128
      && c.position_weight == 0.6f && c.embedding_weight == 0.4f);
  t = rv_pose_tracker_new (&c, NULL);
  fill (kp, 0, 0, 0);
  fail_unless_equals_int (rv_pose_tracker_create_track (t, (const float (*)[3]) kp, 1000, &id),
      RV_POSE_OK);
  fail_unless_equals_int (id, 0);
  tr = rv_pose_tracker_find (t, id);
  fail_unless (tr != NULL);
  fail_unless_equals_int (rv_pose_tracker_active_count (t), 1);
  fail_unless_equals_int (tr->lifecycle, RV_TRACK_TENTATIVE);
  fail_unless_equals_int (tr->embedding_dim, 128);
  fail_unless_equals_int (tr->age, 0);
  fail_unless_equals_int (tr->consecutive_hits, 1);
  fail_unless (rv_pose_track_torso_jitter_rms (tr) < 1e-5f);
  /* assignment cost ≈ 0.4 for a coincident zero track */
  {
    float z[3] = { 0, 0, 0 }, e[128];
    memset (e, 0, sizeof e);
    fail_unless (fabsf (rv_pose_tracker_assignment_cost (t, tr, z, e, 128) - 0.4f) < 0.1f);
  }
  /* first update → Active */
  rv_pose_track_update_keypoints (tr, (const float (*)[3]) kp, 0.08f, 1.0f, 100);
  fail_unless_equals_int (tr->lifecycle, RV_TRACK_ACTIVE);
  /* loss after ≥ 5 misses */
  for (i = 0; i < 6; i++)
    rv_pose_track_predict (tr, 0.05f, 0.3f);
  if (tr->time_since_update >= 5)
    rv_pose_track_mark_lost (tr);
  fail_unless_equals_int (tr->lifecycle, RV_TRACK_LOST);
  /* terminate blocks mark_lost */
  rv_pose_track_terminate (tr);
  rv_pose_track_mark_lost (tr);
  fail_unless_equals_int (tr->lifecycle, RV_TRACK_TERMINATED);
  fail_unless_equals_int (rv_pose_tracker_n_tracks (t), 1);
  rv_pose_tracker_prune_terminated (t);
  fail_unless_equals_int (rv_pose_tracker_n_tracks (t), 0);

  /* centroid */
  fill (kp, 1, 2, 3);
  rv_pose_tracker_create_track (t, (const float (*)[3]) kp, 0, &id);
  fail_unless_equals_int (id, 1);
  tr = rv_pose_tracker_find (t, id);
  rv_pose_track_centroid (tr, cc);
  fail_unless (fabsf (cc[0] - 1) < 1e-5f && fabsf (cc[1] - 2) < 1e-5f && fabsf (cc[2] - 3) < 1e-5f);
  rv_pose_tracker_free (t);

  /* embedding EMA with decay 0.5 */
  c.embedding_dim = 4;
  t = rv_pose_tracker_new (&c, NULL);
  fill (kp, 0, 0, 0);
  rv_pose_tracker_create_track (t, (const float (*)[3]) kp, 0, &id);
  tr = rv_pose_tracker_find (t, id);
  {
    float ne[4] = { 1, 2, 3, 4 };
    rv_pose_track_update_embedding (tr, ne, 4, 0.5f);
    for (i = 0; i < 4; i++)
      fail_unless (fabsf (tr->embedding[i] - ne[i] * 0.5f) < 1e-5f);
    rv_pose_track_update_embedding (tr, ne, 3, 0.5f);   /* ignored */
    fail_unless (fabsf (tr->embedding[0] - 0.5f) < 1e-5f);
  }
  rv_pose_tracker_free (t);

  /* predict_all marks Lost with loss_misses 3 after 4 predicts */
  rv_pose_tracker_config_default (&c);
  c.loss_misses = 3;
  c.reid_window = 10;
  t = rv_pose_tracker_new (&c, NULL);
  rv_pose_tracker_create_track (t, (const float (*)[3]) kp, 0, &id);
  rv_pose_tracker_find (t, id)->lifecycle = RV_TRACK_ACTIVE;
  for (i = 0; i < 4; i++)
    rv_pose_tracker_predict_all (t, 0.05f);
  fail_unless_equals_int (rv_pose_tracker_find (t, id)->lifecycle, RV_TRACK_LOST);
  for (i = 0; i < 6; i++)
    rv_pose_tracker_predict_all (t, 0.05f);
  fail_unless_equals_int (rv_pose_tracker_find (t, id)->lifecycle, RV_TRACK_TERMINATED);
  rv_pose_tracker_free (t);
}
GST_END_TEST;

GST_START_TEST (test_cosine_and_detection)
{
  float a[3] = { 1, 2, 3 }, b[3] = { 1, 2, 3 }, o1[3] = { 1, 0, 0 }, o2[3] = { 0, 1, 0 };
  float n[3] = { -1, -2, -3 }, kp[17][3], c[3];
  int i;
  fail_unless (fabsf (rv_cosine_similarity (a, 3, b, 3) - 1.0f) < 1e-5f);
  fail_unless (fabsf (rv_cosine_similarity (o1, 3, o2, 3)) < 1e-5f);
  fail_unless (fabsf (rv_cosine_similarity (a, 3, n, 3) + 1.0f) < 1e-5f);
  fail_unless (rv_cosine_similarity (NULL, 0, NULL, 0) == 0.0f);
  fill (kp, 1, 2, 3);
  rv_pose_detection_centroid ((const float (*)[3]) kp, c);
  fail_unless (fabsf (c[0] - 1.0f) < 1e-5f);
  for (i = 0; i < 17; i++)
    kp[i][0] = (float) i;
  fail_unless (kp[5][0] == 5.0f);
}
GST_END_TEST;

GST_START_TEST (test_bridge)
{
  RvNamedKeypoint nk[3] = {
    {"nose", 1.0, 2.0, 0.5, 0.9}, {"LEFT_SHOULDER", 0.8, 2.5, 0.4, 0.9},
    {"Right_Shoulder", 1.2, 2.5, 0.6, 0.9},
  };
  float det[2][17][3];
  RvPoseTrackerConfig c;
  RvPoseTracker *t;
  RvTrackedPerson out[4];
  size_t n, dropped, i;

  fail_unless_equals_int (rv_coco_keypoint_index ("nose"), 0);
  fail_unless_equals_int (rv_coco_keypoint_index ("right_ankle"), 16);
  fail_unless_equals_int (rv_coco_keypoint_index ("NOSE"), 0);
  fail_unless_equals_int (rv_coco_keypoint_index ("Left_Eye"), 1);
  fail_unless_equals_int (rv_coco_keypoint_index ("unknown"), -1);

  rv_pose_detection_from_named (nk, 3, det[0]);
  fail_unless (det[0][0][0] == 1.0f && det[0][5][0] == 0.8f && det[0][6][0] == 1.2f);
  /* unmapped slots = f32 centroid of the mapped ones */
  fail_unless (fabsf (det[0][1][0] - 1.0f) < 1e-6f);
  fail_unless (fabsf (det[0][1][1] - (2.0f + 2.5f + 2.5f) / 3.0f) < 1e-6f);
  fail_unless (fabsf (det[0][16][2] - 0.5f) < 1e-6f);

  rv_pose_tracker_config_default (&c);
  t = rv_pose_tracker_new (&c, NULL);
  /* stable ids across 3 updates */
  for (i = 0; i < 3; i++) {
    n = rv_pose_tracker_bridge_update (t, 0.1f, 1000 * i, (const float (*)[17][3]) det, 1,
        out, 4, &dropped);
    fail_unless_equals_int (n, 1);
    fail_unless_equals_int (out[0].id, 0);
    fail_unless_equals_int (dropped, 0);
  }
  fail_unless (out[0].confidence == 0.9);
  fail_unless_equals_int (out[0].lifecycle, RV_TRACK_ACTIVE);
  fail_unless (out[0].kp_confidence[0] == 0.0);
  fail_unless (out[0].bbox_w == 0.6 && out[0].bbox_h == 1.0);
  {
    RvJsonWriter w;
    rv_json_writer_init (&w);
    rv_tracked_person_write_json (&w, &out[0], NULL, 0.0, NULL);
    rv_json_append (&w, "", 1);
    fail_unless (strncmp (w.buf, "{\"id\":0,\"confidence\":0.9,\"keypoints\":[{\"name\":\"nose\"",
            50) == 0, "%s", w.buf);
    fail_unless (strstr (w.buf, "\"zone\":\"tracked\",\"position\":[0.0,0.0,0.0],"
            "\"motion_score\":0.0}") != NULL, "%s", w.buf);
    rv_json_writer_clear (&w);
  }
  rv_pose_tracker_free (t);

  /* two detections far apart → two tracks; then only the first observed:
   * the second is retained but not published */
  t = rv_pose_tracker_new (&c, NULL);
  fill (det[1], 100, 100, 0);
  rv_pose_detection_from_named (nk, 3, det[0]);
  n = rv_pose_tracker_bridge_update (t, 0.1f, 0, (const float (*)[17][3]) det, 2, out, 4, NULL);
  fail_unless_equals_int (n, 2);
  fail_unless_equals_int (out[0].id, 0);
  fail_unless_equals_int (out[1].id, 1);
  fail_unless (out[0].confidence == 0.5);
  n = rv_pose_tracker_bridge_update (t, 0.1f, 1, (const float (*)[17][3]) det, 1, out, 4, NULL);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (out[0].id, 0);
  fail_unless_equals_int (rv_pose_tracker_n_tracks (t), 2);
  rv_pose_tracker_free (t);

  /* Lost tracks excluded from output (loss_misses 3, 6 empty updates) */
  c.loss_misses = 3;
  t = rv_pose_tracker_new (&c, NULL);
  n = rv_pose_tracker_bridge_update (t, 0.1f, 0, (const float (*)[17][3]) det, 1, out, 4, NULL);
  fail_unless_equals_int (n, 1);
  for (i = 0; i < 6; i++)
    fail_unless_equals_int (rv_pose_tracker_bridge_update (t, 0.1f, 0, NULL, 0, out, 4, NULL), 0);
  fail_unless_equals_int (rv_pose_tracker_track (t, 0)->lifecycle, RV_TRACK_LOST);
  /* a Lost track is still matchable and comes back Active */
  n = rv_pose_tracker_bridge_update (t, 0.1f, 0, (const float (*)[17][3]) det, 1, out, 4, NULL);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (out[0].id, 0);
  fail_unless (out[0].confidence == 0.9);
  rv_pose_tracker_free (t);
}
GST_END_TEST;

GST_START_TEST (test_skeleton_history_attention)
{
  float kp[17][3], ref[17][3], out[17][3];
  int i;
  RvPoseHistory *h;
  RvTemporalAttention *a;
  static const float base[17][2] = {
    {0, -0.8f}, {-0.08f, -0.88f}, {0.08f, -0.88f}, {-0.16f, -0.82f}, {0.16f, -0.82f},
    {-0.09f, -0.5f}, {0.09f, -0.5f}, {-0.09f, -0.35f}, {0.09f, -0.35f},
    {-0.09f, -0.21f}, {0.09f, -0.21f}, {-0.075f, -0.25f}, {0.075f, -0.25f},
    {-0.075f, -0.03f}, {0.075f, -0.03f}, {-0.075f, 0.19f}, {0.075f, 0.19f},
  };
  /* a skeleton with rest-length bones barely moves */
  for (i = 0; i < 17; i++) {
    kp[i][0] = base[i][0];
    kp[i][1] = base[i][1];
    kp[i][2] = 0;
  }
  memcpy (ref, kp, sizeof kp);
  rv_skeleton_enforce_constraints (kp);
  for (i = 0; i < 17; i++)
    fail_unless (fabsf (kp[i][0] - ref[i][0]) < 0.05f && fabsf (kp[i][1] - ref[i][1]) < 0.05f);
  /* stretched bone gets shortened */
  kp[9][1] = 2.0f;
  {
    float before = fabsf (kp[9][1] - kp[7][1]);
    rv_skeleton_enforce_constraints (kp);
    fail_unless (fabsf (kp[9][1] - kp[7][1]) < before);
  }
  /* zero skeleton stays finite */
  fill (kp, 0, 0, 0);
  rv_skeleton_enforce_constraints (kp);
  for (i = 0; i < 17; i++)
    fail_unless (isfinite (kp[i][0]));

  h = rv_pose_history_new (10, 50, 0.001f);
  fail_unless (h != NULL);
  fill (kp, 1, 2, 3);
  fail_unless (rv_pose_history_similarity (h, (const float (*)[3]) kp) == 0.0f);
  for (i = 0; i < 70; i++)
    rv_pose_history_push (h, (const float (*)[3]) kp);
  fail_unless_equals_int (rv_pose_history_len (h), 60);
  fail_unless_equals_int (rv_pose_history_warm_len (h), 50);
  fail_unless (fabsf (rv_pose_history_similarity (h, (const float (*)[3]) kp) - 1.0f) < 1e-5f);
  rv_pose_history_warm_get (h, 0, out);
  fail_unless (fabsf (out[0][1] - 2.0f) < 1e-3f);
  rv_pose_history_free (h);

  a = rv_temporal_attention_new (10, 0.7f);
  fill (kp, 100, 0, 0);
  rv_temporal_attention_smooth (a, (const float (*)[3]) kp, out);
  fail_unless (out[0][0] == 100.0f);         /* first frame passes through */
  fill (kp, 110, 0, 0);
  rv_temporal_attention_smooth (a, (const float (*)[3]) kp, out);
  fail_unless (out[0][0] > 100.0f && out[0][0] < 110.0f);
  rv_temporal_attention_free (a);
  a = rv_temporal_attention_new (3, 0.7f);
  for (i = 0; i < 5; i++)
    rv_temporal_attention_smooth (a, (const float (*)[3]) kp, out);
  fail_unless_equals_int (rv_temporal_attention_len (a), 3);
  rv_temporal_attention_clear (a);
  fail_unless_equals_int (rv_temporal_attention_len (a), 0);
  rv_temporal_attention_free (a);
}
GST_END_TEST;

GST_START_TEST (test_heuristic_pose)
{
  RvSensingFeatures f;
  RvClassification cls;
  RvHeuristicPerson p[3];
  size_t n;
  memset (&f, 0, sizeof f);
  f.variance = 2.0;
  f.motion_band_power = 10.0;
  f.breathing_band_power = 0.5;
  f.dominant_freq_hz = 5.0;
  cls.presence = false;
  cls.confidence = 0.8;
  cls.motion_level = RV_MOTION_ACTIVE;
  fail_unless_equals_int (rv_heuristic_pose (&f, &cls, NULL, 7, 0, p, 3), 0);
  cls.presence = true;
  n = rv_heuristic_pose (&f, &cls, NULL, 7, 0, p, 3);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (p[0].id, 1);
  fail_unless_equals_string (p[0].zone, "zone_1");
  /* pixel frame around (320, 240), nose above ankles */
  fail_unless (p[0].kp[0][0] > 250 && p[0].kp[0][0] < 390);
  fail_unless (p[0].kp[0][1] < p[0].kp[15][1]);
  fail_unless (p[0].bbox_w >= 80 && p[0].bbox_h >= 160);
  fail_unless (p[0].kp_confidence[3] >= 0.1 && p[0].kp_confidence[3] <= 1.0);
  n = rv_heuristic_pose (&f, &cls, NULL, 7, 2, p, 3);
  fail_unless_equals_int (n, 2);
  fail_unless (p[1].kp[0][0] - p[0].kp[0][0] > 60);
  fail_unless (fabs (p[1].confidence - 0.8 * 0.85) < 1e-12);
}
GST_END_TEST;

GST_START_TEST (test_sketch)
{
  float e8[8] = { .5f, -.5f, .5f, -.5f, .5f, -.5f, .5f, -.5f }, f8[8];
  uint8_t b1[1], b2[1], wire[64], big[9300];
  RvSketch s, t2, d;
  RvSketchBank *bank;
  RvSketchHit hits[8];
  size_t len, n, i;
  uint32_t dist;
  float nov;
  static const uint8_t golden[13] = { 0x84, 0x00, 0x11, 0xc5, 0x01, 0x00, 0x07, 0x00, 0x08, 0x00,
    0xc2, 0x35, 0x55 };

  rv_sketch_from_embedding (&s, e8, 8, 7, b1);
  fail_unless_equals_int (b1[0], 0x55);
  fail_unless_equals_int (rv_sketch_distance (&s, &s), 0);
  for (i = 0; i < 8; i++)
    f8[i] = -e8[i];
  rv_sketch_from_embedding (&t2, f8, 8, 7, b2);
  fail_unless_equals_int (rv_sketch_distance (&s, &t2), 8);
  f8[0] = e8[0];
  f8[1] = e8[1];
  f8[2] = e8[2];
  f8[3] = e8[3];
  rv_sketch_from_embedding (&t2, f8, 8, 7, b2);
  fail_unless_equals_int (rv_sketch_distance (&s, &t2), 4);
  t2.sketch_version = 8;
  fail_unless_equals_int (rv_sketch_distance_checked (&s, &t2, &dist),
      RV_SKETCH_ERROR_VERSION_MISMATCH);
  t2.embedding_dim = 9;
  fail_unless_equals_int (rv_sketch_distance_checked (&s, &t2, &dist),
      RV_SKETCH_ERROR_DIM_MISMATCH);

  /* wire golden */
  fail_unless_equals_int (rv_sketch_encode (&s, 0.42f, wire, sizeof wire, &len), RV_SKETCH_OK);
  fail_unless_equals_int (len, 13);
  fail_unless (memcmp (wire, golden, 13) == 0);
  fail_unless_equals_int (rv_sketch_decode (wire, len, &d, &nov), RV_SKETCH_OK);
  fail_unless (fabsf (nov - 0.42f) <= 2.0f / 32767.0f);
  fail_unless (d.embedding_dim == 8 && d.sketch_version == 7 && d.bits[0] == 0x55);
  fail_unless_equals_int (rv_sketch_decode (wire, 5, &d, &nov), RV_SKETCH_ERROR_TOO_SHORT);
  memset (big, 0, sizeof big);
  fail_unless_equals_int (rv_sketch_decode (big, 9217, &d, &nov), RV_SKETCH_ERROR_TOO_LARGE);
  memcpy (big, wire, 13);
  big[0] = 0;
  fail_unless_equals_int (rv_sketch_decode (big, 13, &d, &nov), RV_SKETCH_ERROR_BAD_MAGIC);
  memcpy (big, wire, 13);
  big[4] = 99;
  fail_unless_equals_int (rv_sketch_decode (big, 13, &d, &nov),
      RV_SKETCH_ERROR_UNSUPPORTED_VERSION);
  memcpy (big, wire, 13);
  big[8] = 24;
  big[12] = 0;
  fail_unless_equals_int (rv_sketch_decode (big, 14, &d, &nov),
      RV_SKETCH_ERROR_PAYLOAD_SIZE_MISMATCH);
  {
    float e128[128];
    uint8_t bb[16];
    RvSketch s128;
    for (i = 0; i < 128; i++)
      e128[i] = (float) i - 60.0f;
    rv_sketch_from_embedding (&s128, e128, 128, 1, bb);
    rv_sketch_encode (&s128, 0.5f, wire, sizeof wire, &len);
    fail_unless_equals_int (len, 28);
  }
  {
    static float huge[70000];
    static uint8_t hb[8750];
    RvSketch sh;
    fail_unless_equals_int (rv_sketch_try_from_embedding (&sh, huge, 70000, 1, hb),
        RV_SKETCH_ERROR_TOO_LONG);
    rv_sketch_from_embedding (&sh, huge, 70000, 1, hb);
    fail_unless_equals_int (sh.embedding_dim, 65535);
  }

  /* bank: ids 0..7 inserted farthest-first, distances d = 7−i … */
  bank = rv_sketch_bank_new (16, 8);
  fail_unless_equals_int (rv_sketch_bank_novelty (bank, &s, &nov), RV_SKETCH_OK);
  fail_unless (nov == 1.0f);
  {
    uint8_t pool[8];
    RvSketch e[8];
    for (i = 0; i < 8; i++) {
      /* flip the first (7 - i) bits relative to s */
      uint8_t mask = (uint8_t) ((1u << (7 - i)) - 1u);
      pool[i] = (uint8_t) (0x55 ^ mask);
      e[i].sketch_version = 7;
      e[i].embedding_dim = 8;
      e[i].n_bytes = 1;
      e[i].bits = &pool[i];
      fail_unless_equals_int (rv_sketch_bank_insert (bank, (uint32_t) (7 - i), &e[i]),
          RV_SKETCH_OK);
    }
  }
  /* ids equal distances here: id k has distance k */
  fail_unless_equals_int (rv_sketch_bank_topk (bank, &s, 4, hits, 8, &n), RV_SKETCH_OK);
  fail_unless_equals_int (n, 4);
  for (i = 0; i < 4; i++) {
    fail_unless_equals_int (hits[i].id, i);
    fail_unless_equals_int (hits[i].distance, i);
  }
  fail_unless_equals_int (rv_sketch_bank_topk (bank, &s, 0, hits, 8, &n), RV_SKETCH_OK);
  fail_unless_equals_int (n, 0);
  fail_unless_equals_int (rv_sketch_bank_topk (bank, &s, 20, hits, 8, &n), RV_SKETCH_OK);
  fail_unless_equals_int (n, 8);
  fail_unless_equals_int (hits[0].distance, 0);
  fail_unless_equals_int (rv_sketch_bank_novelty (bank, &s, &nov), RV_SKETCH_OK);
  fail_unless (nov == 0.0f);
  /* schema locked on first insert */
  t2.sketch_version = 8;
  t2.embedding_dim = 8;
  fail_unless_equals_int (rv_sketch_bank_insert (bank, 99, &t2), RV_SKETCH_ERROR_VERSION_MISMATCH);
  fail_unless_equals_int (rv_sketch_bank_topk (bank, &t2, 2, hits, 8, &n),
      RV_SKETCH_ERROR_VERSION_MISMATCH);
  rv_sketch_bank_free (bank);

  /* pre-set schema rejects; half-flipped novelty 0.5; top-k sorted 10,20,30 */
  bank = rv_sketch_bank_new (4, 8);
  rv_sketch_bank_set_schema (bank, 8, 7);
  t2.sketch_version = 7;
  t2.embedding_dim = 16;
  fail_unless_equals_int (rv_sketch_bank_insert (bank, 1, &t2), RV_SKETCH_ERROR_DIM_MISMATCH);
  for (i = 0; i < 8; i++)
    f8[i] = i < 4 ? -e8[i] : e8[i];
  rv_sketch_from_embedding (&t2, f8, 8, 7, b2);
  rv_sketch_bank_insert (bank, 30, &t2);
  rv_sketch_bank_insert (bank, 10, &s);
  rv_sketch_bank_insert (bank, 20, &s);
  rv_sketch_bank_topk (bank, &s, 3, hits, 8, &n);
  fail_unless (n == 3 && hits[0].id == 10 && hits[1].id == 20 && hits[2].id == 30);
  rv_sketch_bank_free (bank);
  bank = rv_sketch_bank_new (4, 8);
  rv_sketch_bank_insert (bank, 1, &t2);
  rv_sketch_bank_novelty (bank, &s, &nov);
  fail_unless (nov == 0.5f);
  rv_sketch_bank_free (bank);
}
GST_END_TEST;

GST_START_TEST (test_embedding_history)
{
  RvEmbeddingHistory *h = rv_embedding_history_new (4, 56, 1);
  float a[56], b[56];
  size_t pos[4], n, i;
  float cs[4];
  for (i = 0; i < 56; i++) {
    a[i] = 1.0f + 0.1f * (float) i;
    b[i] = i < 28 ? -1.0f : 1.0f;
  }
  /* the server's sensor: 1.0 on the first frame, 0.0 afterwards */
  fail_unless (rv_embedding_history_novelty (h, a, 56) == 1.0f);
  rv_embedding_history_push (h, a, 56);
  fail_unless (rv_embedding_history_novelty (h, a, 56) == 0.0f);
  fail_unless (rv_embedding_history_novelty (h, b, 56) == 0.5f);
  /* zero-padding of short input: 30 values → 26 zero bits */
  fail_unless (fabsf (rv_embedding_history_novelty (h, a, 30) - 26.0f / 56.0f) < 1e-7f);
  rv_embedding_history_push (h, b, 56);
  n = rv_embedding_history_search (h, b, 56, 1, 4, pos, cs);
  fail_unless_equals_int (n, 1);
  fail_unless_equals_int (pos[0], 1);
  fail_unless (fabsf (cs[0] - 1.0f) < 1e-6f);
  for (i = 0; i < 5; i++)
    rv_embedding_history_push (h, a, 56);
  fail_unless_equals_int (rv_embedding_history_len (h), 4);     /* FIFO at capacity */
  fail_unless (rv_embedding_history_novelty (h, b, 56) == 0.5f); /* b evicted */
  rv_embedding_history_free (h);
}
GST_END_TEST;

static Suite *
pose_tracker_suite (void)
{
  Suite *s = suite_create ("core-pose-tracker");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_kalman_goldens);
  tcase_add_test (tc, test_keypoint_basics);
  tcase_add_test (tc, test_lifecycle_and_tracks);
  tcase_add_test (tc, test_cosine_and_detection);
  tcase_add_test (tc, test_bridge);
  tcase_add_test (tc, test_skeleton_history_attention);
  tcase_add_test (tc, test_heuristic_pose);
  tcase_add_test (tc, test_sketch);
  tcase_add_test (tc, test_embedding_history);
  return s;
}

GST_CHECK_MAIN (pose_tracker);
