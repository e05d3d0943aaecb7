/* libruview: tomography observations and sensing features of the back-half
 * elements (common/ruview/sensing_features.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include "ruview/sensing_features.h"
#include "ruview/synth.h"

/* malloc/calloc/realloc are interposed and counted around per-cycle calls */
#include "noalloc.h"

GST_START_TEST (test_synth_node_positions)
{
  RvPosition3D pos[4];
  uint32_t ids[4];
  RvSynth s;
  RvSynthConfig cfg = { 4, 7, 20 };
  unsigned k;

  fail_unless_equals_int (rv_sensing_synth_node_positions (4, ids, pos), 0);
  fail_unless_equals_int (rv_synth_init (&s, &cfg), RV_SYNTH_OK);
  for (k = 0; k < 4; k++) {
    double r = hypot (pos[k].x - 3.0, pos[k].y - 2.5);
    fail_unless_equals_int (ids[k], k + 1);
    /* the layout does not depend on the seed or rate */
    fail_unless (pos[k].x == s.rx[k].x && pos[k].y == s.rx[k].y);
    fail_unless (pos[k].z == RV_SENSING_SYNTH_NODE_Z);
    fail_unless (fabs (r - 2.3) < 1e-12, "radius %.17g", r);
  }
  fail_unless_equals_int (rv_sensing_synth_node_positions (0, ids, pos), -1);
}
GST_END_TEST;

GST_START_TEST (test_baseline_and_deviation)
{
  const float a0[3] = { 1, 2, 3 }, a1[3] = { 3, 4, 5 }, cur[3] = { 2, 3, 6 };
  double sum[3] = { 0, 0, 0 };

  rv_amp_baseline_add (sum, a0, 3);
  rv_amp_baseline_add (sum, a1, 3);
  rv_amp_baseline_finish (sum, 3, 2);
  fail_unless (sum[0] == 2.0 && sum[1] == 3.0 && sum[2] == 4.0);
  fail_unless (rv_amp_deviation_rms (cur, sum, 3) == sqrt (4.0 / 3.0));
  fail_unless (rv_amp_deviation_rms (a1, sum, 3) == 1.0);
  fail_unless (rv_amp_deviation_rms (cur, sum, 0) == 0.0);
}
GST_END_TEST;

GST_START_TEST (test_link_observations)
{
  const double a[3] = { 1, 2, 4 };
  const double want[6] = { 1.5, 2.5, 1.5, 3.0, 2.5, 3.0 };
  double y[6];
  RvPosition3D pos[3] = { {0, 0, 0}, {1, 0, 0}, {0, 1, 0} };
  RvLinkGeometry links[6];
  size_t l;

  fail_unless_equals_int (rv_link_observations (a, 3, y), 6);
  for (l = 0; l < 6; l++)
    fail_unless (y[l] == want[l], "link %zu: %g", l, y[l]);
  /* same order as the tomography link list */
  fail_unless_equals_int (rv_tomography_links_all_pairs (pos, 3, links, 6), 6);
  fail_unless (links[1].tx.x == 0 && links[1].rx.y == 1);       /* 0→2 */
  fail_unless (links[2].tx.x == 1 && links[2].rx.x == 0);       /* 1→0 */
  fail_unless_equals_int (rv_link_observations (a, 1, y), 0);
}
GST_END_TEST;

GST_START_TEST (test_features_static)
{
  RvFeatureConfig c;
  RvFeatureExtractor *fx;
  RvSensingFeatures f;
  RvClassification cls;
  const float amp[4] = { 1, 2, 3, 4 };
  int i;

  rv_feature_config_default (&c);
  fail_unless_equals_int (c.window, 32);
  fx = rv_feature_extractor_new (&c);
  fail_unless (fx != NULL);
  for (i = 0; i < 5; i++)
    fail_unless_equals_int (rv_feature_extractor_push (fx, amp, 4, 0.05,
            -50.0, &f, &cls), 0);
  fail_unless (f.variance == 5.0 / 3.0);
  fail_unless (f.spectral_power == 7.5);
  fail_unless (f.motion_band_power == 0.0);
  fail_unless (f.mean_rssi == -50.0);
  fail_unless_equals_int (f.change_points, 0);
  fail_unless (f.dominant_freq_hz == 0.0);
  fail_unless (f.breathing_band_power == 0.0);
  fail_unless (!cls.presence);
  fail_unless_equals_int (cls.motion_level, RV_MOTION_ABSENT);
  fail_unless (cls.confidence == 1.0);
  /* too many bins: refused, nothing changes */
  fail_unless_equals_int (rv_feature_extractor_push (fx, amp, 5000, 0.05,
          0.0, &f, &cls), -1);
  rv_feature_extractor_free (fx);

  c.window = 0;
  fail_unless (rv_feature_extractor_new (&c) == NULL);
  rv_feature_config_default (&c);
  c.motion_gain = -1;
  fail_unless (rv_feature_extractor_new (&c) == NULL);
}
GST_END_TEST;

GST_START_TEST (test_features_motion)
{
  RvFeatureConfig c;
  RvFeatureExtractor *fx;
  RvSensingFeatures f;
  RvClassification cls;
  const float zero[4] = { 0, 0, 0, 0 }, one[4] = { 1, 1, 1, 1 };
  const float small[4] = { 0.1f, 0.1f, 0.1f, 0.1f };

  rv_feature_config_default (&c);
  fx = rv_feature_extractor_new (&c);
  rv_feature_extractor_push (fx, zero, 4, 0.1, 0, &f, &cls);
  fail_unless (!cls.presence);
  rv_feature_extractor_push (fx, one, 4, 0.05, 0, &f, &cls);
  /* e = {0, 1}: mbp = 100 · 0.5 */
  fail_unless (f.motion_band_power == 50.0);
  fail_unless_equals_int (cls.motion_level, RV_MOTION_ACTIVE);
  fail_unless (cls.presence && cls.confidence == 1.0);
  /* a bin-count change restarts the history */
  rv_feature_extractor_push (fx, one, 3, 0.05, 0, &f, &cls);
  fail_unless (f.motion_band_power == 0.0);
  rv_feature_extractor_reset (fx);
  rv_feature_extractor_push (fx, zero, 4, 0.05, 0, &f, &cls);
  rv_feature_extractor_push (fx, small, 4, 0.05, 0, &f, &cls);
  /* e = {0, 0.1f²}: mbp ≈ 0.5, at the threshold → present_still */
  fail_unless (fabs (f.motion_band_power - 0.5) < 1e-6);
  rv_feature_extractor_free (fx);
}
GST_END_TEST;

GST_START_TEST (test_features_breathing)
{
  RvFeatureConfig c;
  RvFeatureExtractor *fx;
  RvSensingFeatures f;
  RvClassification cls;
  float amp[8];
  int t, b;

  rv_feature_config_default (&c);
  c.window = 200;
  fx = rv_feature_extractor_new (&c);
  for (t = 0; t < 200; t++) {
    /* tilt oscillating at 0.25 Hz, 20 Hz cycles */
    float v = (float) (0.2 * sin (2.0 * G_PI * 0.25 * t * 0.05 + 0.3));
    for (b = 0; b < 8; b++)
      amp[b] = b < 4 ? 1.0f + v : 1.0f - v;
    rv_feature_extractor_push (fx, amp, 8, 0.05, 0, &f, &cls);
  }
  fail_unless (f.dominant_freq_hz > 0.2 && f.dominant_freq_hz < 0.3,
      "f %g", f.dominant_freq_hz);
  fail_unless (f.breathing_band_power > 0.0);
  rv_feature_extractor_free (fx);
}
GST_END_TEST;

GST_START_TEST (test_dt_from_stream_time)
{
  fail_unless (rv_sensing_dt_from_ns (false, 0, 123) == 0.1f);
  fail_unless (rv_sensing_dt_from_ns (true, 100, 50) == 0.1f);
  fail_unless (rv_sensing_dt_from_ns (true, 0, 50000000) == 0.05f);
  fail_unless (rv_sensing_dt_f64_from_ns (true, 50000000, 150000000) == 0.1);
  fail_unless (rv_sensing_mean_rssi ((const int16_t[]) {
          -40, -50, -61}, 3) == -151.0 / 3.0);
  fail_unless (rv_sensing_mean_rssi (NULL, 0) == 0.0);
}
GST_END_TEST;

GST_START_TEST (test_per_cycle_no_alloc)
{
  RvFeatureConfig c;
  RvFeatureExtractor *fx;
  RvSensingFeatures f;
  RvClassification cls;
  static float amp[56];
  static double ref[56], a[4], y[12];
  int t, b, counting;
  long n_allocs;

  rv_feature_config_default (&c);
  fx = rv_feature_extractor_new (&c);
  for (b = 0; b < 56; b++)
    ref[b] = 1.0;
  counting = rv_noalloc_begin ();
  for (t = 0; t < 500; t++) {
    for (b = 0; b < 56; b++)
      amp[b] = 1.0f + 0.01f * (float) ((t * 7 + b * 3) % 11);
    rv_feature_extractor_push (fx, amp, 56, 0.05, -50.0, &f, &cls);
    for (b = 0; b < 4; b++)
      a[b] = rv_amp_deviation_rms (amp, ref, 56);
    rv_link_observations (a, 4, y);
  }
  n_allocs = rv_noalloc_end ();
  fail_unless (counting, "heap-call counter inactive");
  fail_unless_equals_int (n_allocs, 0);
  rv_feature_extractor_free (fx);
}
GST_END_TEST;

static Suite *
sensing_features_suite (void)
{
  Suite *s = suite_create ("core-sensing-features");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_synth_node_positions);
  tcase_add_test (tc, test_baseline_and_deviation);
  tcase_add_test (tc, test_link_observations);
  tcase_add_test (tc, test_features_static);
  tcase_add_test (tc, test_features_motion);
  tcase_add_test (tc, test_features_breathing);
  tcase_add_test (tc, test_dt_from_stream_time);
  tcase_add_test (tc, test_per_cycle_no_alloc);
  return s;
}

GST_CHECK_MAIN (sensing_features);
