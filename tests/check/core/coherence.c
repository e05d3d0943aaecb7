/* libruview coherence state/score and gate policy (frontend.md §8, §11.1,
 * §11.2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/coherence.h"
#include "ruview/gate.h"
#include "ruview/ruvsense.h"
#include "fe_common.h"

GST_START_TEST (test_score_basics)
{
  const float a[4] = { 1, 2, 3, 4 }, v01[4] = { 0.01f, 0.01f, 0.01f, 0.01f };
  const float big[3] = { 100, 200, 300 }, zero[4] = { 0 }, v001[3] = { 0.001f, 0.001f, 0.001f };
  const float x1[3] = { 5, 6, 7 }, r1[3] = { 1, 2, 3 }, v100[4] = { 100, 100, 100, 100 };
  const float x2[3] = { 1, 2.5f, 3 }, v2[3] = { 0.25f, 1, 4 };
  const float zx[2] = { 2, 4 }, zr[2] = { 1, 2 }, zv[2] = { 1, 4 };
  const float ox[4] = { 0, 10, 0, 10 }, ones[4] = { 1, 1, 1, 1 };
  float z[4], s;
  size_t idx[4], n;

  fail_unless (fabsf (rv_coherence_score (a, 4, a, 4, v01, 4) - 1.0f) < 1e-6f);
  fail_unless (rv_coherence_score (big, 3, zero, 3, v001, 3) < 0.01f);
  fail_unless (rv_coherence_score (a, 0, a, 0, v01, 0) == 0.0f);
  s = rv_coherence_score (a, 4, a, 4, zero, 4);
  fail_unless (isfinite (s) && fabsf (s - 1.0f) < 1e-3f);
  fail_unless (rv_coherence_score (x1, 3, r1, 3, v100, 3) > 0.5f);
  /* §11.2 */
  fe_assert_bits32 (rv_coherence_score (x1, 3, r1, 3, v100, 3), 0x3F6C515A);
  fe_assert_bits32 (rv_coherence_score (x2, 3, r1, 3, v2, 3), 0x3F7A4533);

  n = rv_coherence_zscores (zx, 2, zr, 2, zv, 2, z);
  fail_unless (n == 2 && z[0] == 1.0f && z[1] == 1.0f);
  n = rv_coherence_outliers (ox, 4, zero, 4, ones, 4, 3.0f, idx);
  fail_unless (n == 2 && idx[0] == 1 && idx[1] == 3);
}
GST_END_TEST;

GST_START_TEST (test_state)
{
  const float init[4] = { 1, 2, 3, 4 };
  float x[4], s;
  RvCoherenceState *st;
  RvCoherenceError err;
  const float *ref, *var;
  size_t n;
  int i;

  st = rv_coherence_state_new (4, 0.5f, &err);
  fail_unless (st != NULL && err == RV_COHERENCE_OK);
  fail_unless (rv_coherence_state_score (st) == 1.0f);
  fail_unless (!rv_coherence_state_is_initialized (st));
  /* auto-init */
  fail_unless_equals_int (rv_coherence_state_update (st, init, 4, &s), 0);
  fail_unless (s == 1.0f && rv_coherence_state_is_initialized (st));
  for (i = 0; i < 4; i++)
    x[i] = init[i] + 0.01f;
  fail_unless_equals_int (rv_coherence_state_update (st, x, 4, &s), 0);
  fail_unless (s > 0.8f);
  fail_unless_equals_int (rv_coherence_state_stale_count (st), 0);
  fail_unless_equals_int (rv_coherence_state_update (st, x, 3, &s),
      RV_COHERENCE_ERROR_LENGTH_MISMATCH);
  fail_unless_equals_int (rv_coherence_state_update (st, x, 0, &s),
      RV_COHERENCE_ERROR_EMPTY_INPUT);
  rv_coherence_state_free (st);

  /* accept 0.99, ten large updates → stale */
  st = rv_coherence_state_new (4, 0.99f, &err);
  rv_coherence_state_initialize (st, init, 4);
  fail_unless (rv_coherence_state_score (st) == 1.0f);
  for (i = 0; i < 4; i++)
    x[i] = init[i] * 10.0f;
  for (i = 0; i < 10; i++)
    rv_coherence_state_update (st, x, 4, &s);
  fail_unless (rv_coherence_state_stale_count (st) > 0);
  fail_unless_equals_int (rv_coherence_state_drift_profile (st), RV_DRIFT_LINEAR);
  rv_coherence_state_reset_stale (st);
  fail_unless_equals_int (rv_coherence_state_stale_count (st), 0);
  rv_coherence_state_free (st);

  /* high variance keeps a far vector plausible */
  st = rv_coherence_state_new (4, 0.5f, &err);
  rv_coherence_state_initialize (st, init, 4);
  ref = rv_coherence_state_reference (st, &n);
  var = rv_coherence_state_variance (st, &n);
  fail_unless (n == 4 && ref[2] == 3.0f && var[2] == 1.0f);
  rv_coherence_state_free (st);

  /* decay validation */
  fail_unless (rv_coherence_state_new_with_decay (4, 0.5f, 0.0f, &err) == NULL);
  fail_unless_equals_int (err, RV_COHERENCE_ERROR_INVALID_DECAY);
  fail_unless (rv_coherence_state_new_with_decay (4, 0.5f, 1.0f, &err) == NULL);
  fail_unless (rv_coherence_state_new_with_decay (4, 0.5f, -0.5f, &err) == NULL);
  st = rv_coherence_state_new_with_decay (4, 0.5f, 0.9f, &err);
  fail_unless (st != NULL && rv_coherence_state_decay (st) == 0.9f);
  rv_coherence_state_free (st);
}
GST_END_TEST;

GST_START_TEST (test_state_golden)
{
  const float init[4] = { 1, 2, 3, 4 };
  const float x1[4] = { 1.01f, 2.01f, 3.01f, 4.01f };
  const float x2[4] = { 1.5f, 2.5f, 3.5f, 4.5f };
  RvCoherenceState *st = rv_coherence_state_new (4, 0.5f, NULL);
  const float *ref, *var;
  float s;

  rv_coherence_state_initialize (st, init, 4);
  rv_coherence_state_update (st, x1, 4, &s);
  fe_assert_bits32 (s, 0x3F7FFCB9);
  ref = rv_coherence_state_reference (st, NULL);
  var = rv_coherence_state_variance (st, NULL);
  fail_unless (fabsf (ref[0] - 1.0005f) < 1e-6f);
  fe_assert_f32 (var[0], 0.950005f);
  rv_coherence_state_update (st, x2, 4, &s);
  fe_assert_f32 (s, 0.8769413f);
  fe_assert_f32 (ref[0], 1.025475f);
  fe_assert_f32 (ref[1], 2.025475f);
  fe_assert_f32 (ref[2], 3.0254748f);
  fe_assert_f32 (ref[3], 4.025475f);
  fe_assert_f32 (var[0], 0.91497976f);
  rv_coherence_state_free (st);
}
GST_END_TEST;

GST_START_TEST (test_classify_and_constants)
{
  fail_unless_equals_int (rv_coherence_classify_drift (0.9f, 0), RV_DRIFT_STABLE);
  fail_unless_equals_int (rv_coherence_classify_drift (0.3f, 5), RV_DRIFT_STEP_CHANGE);
  fail_unless_equals_int (rv_coherence_classify_drift (0.3f, 20), RV_DRIFT_LINEAR);
  fail_unless_equals_int (rv_coherence_classify_drift (0.85f, 0), RV_DRIFT_STABLE);
  fail_unless_equals_int (rv_coherence_classify_drift (0.849f, 0), RV_DRIFT_STEP_CHANGE);
  fail_unless_equals_int (rv_coherence_classify_drift (0.3f, 9), RV_DRIFT_STEP_CHANGE);
  fail_unless_equals_int (rv_coherence_classify_drift (0.3f, 10), RV_DRIFT_LINEAR);
  fail_unless (RV_COHERENCE_VARIANCE_FLOOR == 1e-6f);
  fail_unless (RV_COHERENCE_DRIFT_STABLE_SCORE == 0.85f);
  fail_unless (RV_COHERENCE_DRIFT_STEP_MAX_STALE == 10);
  fail_unless (RV_COHERENCE_DEFAULT_EMA_DECAY == 0.95f);
}
GST_END_TEST;

GST_START_TEST (test_high_variance)
{
  const float x[4] = { 5, 6, 7, 8 }, r[4] = { 1, 2, 3, 4 };
  const float v[4] = { 100, 100, 100, 100 };
  fail_unless (rv_coherence_score (x, 4, r, 4, v, 4) > 0.5f);
}
GST_END_TEST;

GST_START_TEST (test_gate)
{
  RvGatePolicy p;
  RvGateDecision d;

  rv_gate_policy_default (&p);
  fail_unless (p.accept_threshold == 0.85f && p.reject_threshold == 0.5f
      && p.max_stale_frames == 200 && p.predict_only_noise == 3.0f && !p.adaptive);
  d = rv_gate_policy_evaluate (&p, 0.95f, 0);
  fail_unless (d.kind == RV_GATE_ACCEPT && d.noise_multiplier == 1.0f);
  fail_unless (rv_gate_decision_allows_update (&d) && !rv_gate_decision_is_rejected (&d));
  d = rv_gate_policy_evaluate (&p, 0.7f, 0);
  fail_unless (d.kind == RV_GATE_PREDICT_ONLY);
  fail_unless (!rv_gate_decision_allows_update (&d) && !rv_gate_decision_is_rejected (&d));
  d = rv_gate_policy_evaluate (&p, 0.3f, 0);
  fail_unless (d.kind == RV_GATE_REJECT && rv_gate_decision_is_rejected (&d));
  d = rv_gate_policy_evaluate (&p, 0.3f, 200);
  fail_unless (d.kind == RV_GATE_RECALIBRATE && d.stale_frames == 200);
  fail_unless (rv_gate_decision_is_rejected (&d));
  d = rv_gate_policy_evaluate (&p, NAN, 0);
  fail_unless (d.kind == RV_GATE_REJECT);

  fail_unless (rv_gate_policy_init (&p, 0.85f, 0.5f, 100));
  d = rv_gate_policy_evaluate (&p, 0.95f, 100);
  fail_unless (d.kind == RV_GATE_RECALIBRATE && d.stale_frames == 100);

  fail_unless (rv_gate_policy_init (&p, 0.85f, 0.5f, 200));
  rv_gate_policy_evaluate (&p, 0.3f, 0);
  fail_unless_equals_int (p.consecutive_low, 1);
  rv_gate_policy_evaluate (&p, 0.6f, 0);
  fail_unless_equals_int (p.consecutive_low, 2);
  rv_gate_policy_evaluate (&p, 0.3f, 300);      /* Recalibrate leaves it alone */
  fail_unless_equals_int (p.consecutive_low, 2);
  rv_gate_policy_evaluate (&p, 0.9f, 0);
  fail_unless_equals_int (p.consecutive_low, 0);
  fail_unless (p.has_last_decision && p.last_decision.kind == RV_GATE_ACCEPT);
  rv_gate_policy_evaluate (&p, 0.3f, 0);
  rv_gate_policy_reset (&p);
  fail_unless (!p.has_last_decision && p.consecutive_low == 0);

  /* boundaries */
  fail_unless (rv_gate_policy_evaluate (&p, 0.85f, 0).kind == RV_GATE_ACCEPT);
  fail_unless (rv_gate_policy_evaluate (&p, 0.5f, 0).kind == RV_GATE_PREDICT_ONLY);
  fail_unless (rv_gate_policy_evaluate (&p, 0.499f, 0).kind == RV_GATE_REJECT);
  fail_unless (!rv_gate_policy_init (&p, 0.4f, 0.5f, 10));

  /* adaptive noise */
  fail_unless (rv_gate_adaptive_noise_multiplier (0.9f, 0.85f, 0.5f, 3.0f) == 1.0f);
  fail_unless (rv_gate_adaptive_noise_multiplier (0.3f, 0.85f, 0.5f, 3.0f) == 3.0f);
  fail_unless (fabsf (rv_gate_adaptive_noise_multiplier (0.675f, 0.85f, 0.5f, 3.0f) - 2.0f) < 0.01f);
  fail_unless (rv_gate_adaptive_noise_multiplier (0.5f, 0.5f, 0.5f, 3.0f) == 1.0f);
  fail_unless (rv_gate_adaptive_noise_multiplier (0.4f, 0.5f, 0.5f, 3.0f) == 3.0f);
}
GST_END_TEST;

/* mod.rs tests: config defaults, tick counter, initial coherence score */
GST_START_TEST (test_pipeline_config)
{
  RvRuvSenseConfig cfg;
  RvRuvSensePipeline *p;
  RvGatePolicy *g;

  rv_ruvsense_config_default (&cfg);
  fail_unless (cfg.max_nodes == 4 && cfg.target_hz == 20.0 && cfg.num_channels == 3
      && cfg.coherence_accept == 0.85f && cfg.coherence_drift == 0.5f
      && cfg.max_stale_frames == 200 && cfg.embedding_dim == 128);
  p = rv_ruvsense_pipeline_new (&cfg, 56);
  fail_unless (p != NULL);
  fail_unless_equals_int (rv_ruvsense_pipeline_frame_count (p), 0);
  fail_unless_equals_int (rv_ruvsense_pipeline_tick (p), 1);
  fail_unless_equals_int (rv_ruvsense_pipeline_tick (p), 2);
  fail_unless_equals_int (rv_ruvsense_pipeline_frame_count (p), 2);
  fail_unless (rv_coherence_state_score (rv_ruvsense_pipeline_coherence (p)) == 1.0f);
  g = rv_ruvsense_pipeline_gate (p);
  fail_unless (g->accept_threshold == 0.85f && g->reject_threshold == 0.5f
      && g->max_stale_frames == 200);
  fail_unless (rv_ruvsense_pipeline_aligner (p) != NULL);
  rv_ruvsense_pipeline_free (p);
}
GST_END_TEST;

static Suite *
coherence_suite (void)
{
  Suite *s = suite_create ("core-coherence");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_score_basics);
  tcase_add_test (tc, test_state);
  tcase_add_test (tc, test_state_golden);
  tcase_add_test (tc, test_classify_and_constants);
  tcase_add_test (tc, test_high_variance);
  tcase_add_test (tc, test_gate);
  tcase_add_test (tc, test_pipeline_config);
  return s;
}

GST_CHECK_MAIN (coherence);
