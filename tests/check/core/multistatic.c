/* libruview multistatic fusion + ADR-137 quality score (frontend.md §7,
 * §11.1, §11.2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/multistatic.h"
#include "fe_common.h"

#define NB 56

typedef struct {
  float amp[NB], ph[NB];
} Buf;

static Buf bufs[8];
static float oa[NB], op[NB];

/* make_node_frame: amplitude scale·(1 + 0.1 i), phase 0.05 i */
static RvNodeFrame
node (int k, uint64_t ts, size_t n, float scale)
{
  RvNodeFrame f;
  size_t i;
  memset (&f, 0, sizeof f);
  for (i = 0; i < n; i++) {
    bufs[k].amp[i] = scale * (1.0f + 0.1f * (float) i);
    bufs[k].ph[i] = (float) i * 0.05f;
  }
  f.node_id = (uint32_t) k;
  f.timestamp_us = ts;
  f.coherence = 0.9f;
  f.n_channels = 1;
  f.n_bins = n;
  f.amplitude[0] = bufs[k].amp;
  f.phase[0] = bufs[k].ph;
  return f;
}

static RvMultistaticFuser *
fuser_default (void)
{
  RvMultistaticConfig cfg;
  RvMultistaticError err;
  RvMultistaticFuser *f;
  rv_multistatic_config_default (&cfg);
  f = rv_multistatic_fuser_new (&cfg, NB, &err);
  fail_unless (f != NULL && err == RV_MULTISTATIC_OK);
  return f;
}

static bool
has_evidence (const RvQualityScore *q, RvEvidenceKind k)
{
  size_t i;
  for (i = 0; i < q->n_evidence; i++)
    if (q->evidence[i].kind == k)
      return true;
  return false;
}

GST_START_TEST (test_fuse_basic)
{
  RvMultistaticFuser *f = fuser_default ();
  RvNodeFrame n[4];
  RvFusedFrame out;
  int i;

  n[0] = node (0, 1000, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 1, oa, op, NB, &out), 0);
  fail_unless_equals_int (out.active_nodes, 1);
  fail_unless_equals_int (out.n_bins, 56);
  fail_unless (out.cross_node_coherence == 1.0f);
  fail_unless (out.weights[0] == 1.0f);
  fail_unless (memcmp (oa, bufs[0].amp, sizeof oa) == 0);

  n[1] = node (1, 1001, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless_equals_int (out.active_nodes, 2);
  fail_unless (out.cross_node_coherence > 0.5f);

  for (i = 0; i < 4; i++)
    n[i] = node (i, 1000 + (uint64_t) i, NB, 1.0f + 0.1f * (float) i);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 4, oa, op, NB, &out), 0);
  fail_unless_equals_int (out.active_nodes, 4);
  /* §11.2 four-node golden */
  fe_assert_bits32 (out.weights[0], 0x3E7FFFFE);
  fe_assert_bits32 (out.weights[1], 0x3E800001);
  fe_assert_bits32 (out.weights[2], 0x3E800000);
  fe_assert_bits32 (out.weights[3], 0x3E800000);
  fe_assert_f32 (oa[0], 1.15f);
  fe_assert_f32 (oa[1], 1.265f);
  fe_assert_f32 (oa[2], 1.38f);
  fe_assert_f32 (oa[55], 7.4750004f);
  fe_assert_f32 (op[55], 2.75f);
  fail_unless (out.cross_node_coherence == 1.0f);
  fail_unless_equals_int (out.timestamp_us, 1002);
  rv_multistatic_fuser_free (f);
}
GST_END_TEST;

GST_START_TEST (test_fuse_errors)
{
  RvMultistaticFuser *f = fuser_default ();
  RvMultistaticConfig cfg;
  RvQualityScore q;
  RvNodeFrame n[3];
  RvFusedFrame out;

  fail_unless_equals_int (rv_multistatic_fuse (f, n, 0, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_NO_FRAMES);
  n[0] = node (0, 1000, NB, 1.0f);
  n[1] = node (1, 1001, 30, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_DIMENSION_MISMATCH);
  fail_unless (rv_multistatic_fuser_last_error (f)->node_idx == 1);
  fail_unless (rv_multistatic_fuser_last_error (f)->expected == 56);
  fail_unless (rv_multistatic_fuser_last_error (f)->got == 30);
  /* nodes without channels: skipped; none left → NoFrames */
  n[0].n_channels = 0;
  n[1].n_channels = 0;
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_NO_FRAMES);
  /* guard 100, spread 200 → error from fuse and fuse_scored */
  rv_multistatic_config_default (&cfg);
  cfg.guard_interval_us = 100;
  fail_unless_equals_int (rv_multistatic_fuser_set_config (f, &cfg), 0);
  n[0] = node (0, 1000, NB, 1.0f);
  n[1] = node (1, 1200, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH);
  fail_unless (rv_multistatic_fuser_last_error (f)->spread_us == 200);
  fail_unless (rv_multistatic_fuser_last_error (f)->guard_us == 100);
  fail_unless_equals_int (rv_multistatic_fuse_scored (f, n, 2, 0.85f, oa, op, NB, &out, &q),
      RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH);
  /* spread equal to the guard passes */
  n[1] = node (1, 1100, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  /* the timestamp guard is checked before the dimensions */
  n[1] = node (1, 1200, 30, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH);
  /* and before "no node has a channel" */
  n[0].n_channels = 0;
  n[1].n_channels = 0;
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH);
  n[0] = node (0, 1000, NB, 1.0f);
  n[1] = node (1, 1100, NB, 1.0f);
  /* output too small */
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, 10, &out),
      RV_MULTISTATIC_ERROR_TOO_MANY_BINS);
  /* nonsense config */
  cfg.attention_temperature = 0.0f;
  fail_unless_equals_int (rv_multistatic_fuser_set_config (f, &cfg),
      RV_MULTISTATIC_ERROR_INVALID_CONFIG);
  fail_unless (rv_multistatic_fuser_new (&cfg, NB, NULL) == NULL);
  rv_multistatic_fuser_free (f);
}
GST_END_TEST;

GST_START_TEST (test_scored)
{
  RvMultistaticFuser *f = fuser_default ();
  RvNodeFrame n[2];
  RvFusedFrame out;
  RvQualityScore q;
  float lo, hi;

  n[0] = node (0, 1000, NB, 1.0f);
  n[1] = node (1, 1001, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse_scored (f, n, 2, 0.85f, oa, op, NB, &out, &q), 0);
  fail_unless_equals_int (q.family_id, RV_FAMILY_MULTISTATIC_CSI);
  fail_unless_equals_int (q.n_weights, 2);
  fail_unless (fabsf (q.per_node_weights[0] + q.per_node_weights[1] - 1.0f) < 1e-4f);
  fail_unless (q.capture_ns == out.timestamp_us * 1000);
  fail_unless (q.timestamp_computed_ns == q.capture_ns);
  fail_unless (has_evidence (&q, RV_EVIDENCE_COHERENCE_GATE_THRESHOLD));
  fail_unless (q.evidence[0].kind == RV_EVIDENCE_WEIGHT_ENTROPY);
  fail_unless (q.evidence[0].u.weight_entropy.n_nodes == 2);
  fail_unless (q.evidence[1].u.coherence_gate_threshold.threshold == 0.85f);
  fail_unless (!rv_quality_forces_privacy_demotion (&q));
  fail_unless (!q.has_calibration_id);

  /* loose 25 ms pair */
  n[1] = node (1, 26000, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse_scored (f, n, 2, 0.85f, oa, op, NB, &out, &q), 0);
  fail_unless (rv_quality_forces_privacy_demotion (&q));
  fail_unless_equals_int (q.contradictions[0].kind, RV_CONTRADICTION_TIMESTAMP_MISMATCH);
  fail_unless (q.contradictions[0].u.timestamp_mismatch.spread_ns == 25000000);
  fail_unless (q.contradictions[0].u.timestamp_mismatch.soft_guard_ns == 20000000);
  fail_unless (rv_quality_penalized_coherence (&q) < q.base_coherence);
  fail_unless (q.base_coherence == 1.0f);
  fe_assert_f32 (rv_quality_penalized_coherence (&q), 0.8f);
  rv_quality_confidence_bounds (&q, &lo, &hi);
  fe_assert_f32 (lo, 0.7f);
  fe_assert_f32 (hi, 0.90000004f);

  /* the reported 18 194 µs TDM spread fuses cleanly */
  n[1] = node (1, 1000 + 18194, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless_equals_int (out.active_nodes, 2);
  fail_unless_equals_int (rv_multistatic_fuse_scored (f, n, 2, 0.85f, oa, op, NB, &out, &q), 0);
  fail_unless (!rv_quality_forces_privacy_demotion (&q));

  /* one node: weight [1], no WeightEntropy */
  fail_unless_equals_int (rv_multistatic_fuse_scored (f, n, 1, 0.85f, oa, op, NB, &out, &q), 0);
  fail_unless (q.n_weights == 1 && q.per_node_weights[0] == 1.0f);
  fail_unless (q.n_evidence == 1 && q.evidence[0].kind == RV_EVIDENCE_COHERENCE_GATE_THRESHOLD);
  rv_multistatic_fuser_free (f);
}
GST_END_TEST;

GST_START_TEST (test_tdm_schedule)
{
  RvMultistaticConfig cfg;
  RvMultistaticFuser *f;
  RvNodeFrame n[2];
  RvFusedFrame out;

  rv_multistatic_config_default (&cfg);
  fail_unless (cfg.guard_interval_us == 60000 && cfg.soft_guard_us == 20000
      && cfg.min_nodes == 2 && cfg.attention_temperature == 1.0f
      && cfg.enable_person_separation && cfg.use_cir_gate);

  rv_multistatic_config_for_tdm_schedule (&cfg, 2, 18000);
  fail_unless (cfg.guard_interval_us >= 18194);
  fail_unless (cfg.guard_interval_us == 43200 && cfg.soft_guard_us == 12000);
  f = rv_multistatic_fuser_new (&cfg, NB, NULL);
  n[0] = node (0, 0, NB, 1.0f);
  n[1] = node (1, cfg.guard_interval_us * 2, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out),
      RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH);
  rv_multistatic_fuser_free (f);

  rv_multistatic_config_for_tdm_schedule (&cfg, 4, 12500);
  fail_unless (cfg.soft_guard_us < cfg.guard_interval_us);
  fail_unless (cfg.guard_interval_us >= 50000);
  fail_unless (cfg.guard_interval_us == 60000 && cfg.soft_guard_us == 16666);
  rv_multistatic_config_for_tdm_schedule (&cfg, 0, 0);
  fail_unless (cfg.guard_interval_us == 1 && cfg.soft_guard_us == 1);
  /* saturating */
  rv_multistatic_config_for_tdm_schedule (&cfg, 3, UINT64_MAX / 2);
  fail_unless (cfg.guard_interval_us == UINT64_MAX);
}
GST_END_TEST;

static void
scored_cal (RvMultistaticFuser *f, int n_nodes, const RvMaybeCalibrationId *cals,
            size_t n_cals, RvQualityScore *q)
{
  RvNodeFrame n[3];
  RvFusedFrame out;
  int i;
  for (i = 0; i < n_nodes; i++)
    n[i] = node (i, 1000 + (uint64_t) i, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse_scored_calibrated (f, n, (size_t) n_nodes,
          cals, n_cals, 0.85f, oa, op, NB, &out, q), 0);
}

GST_START_TEST (test_calibrations)
{
  RvMultistaticFuser *f = fuser_default ();
  RvQualityScore q;
  RvMaybeCalibrationId c[3];

  c[0] = (RvMaybeCalibrationId) { true, 0xCAFE };
  c[1] = (RvMaybeCalibrationId) { true, 0xCAFE };
  scored_cal (f, 2, c, 2, &q);
  fail_unless (q.has_calibration_id && q.calibration_id == 0xCAFE);
  fail_unless_equals_int (q.evidence[q.n_evidence - 1].kind, RV_EVIDENCE_CALIBRATION_APPLIED);
  fail_unless (q.evidence[q.n_evidence - 1].u.calibration_applied.calibration_id == 0xCAFE);
  fail_unless (q.evidence[q.n_evidence - 1].u.calibration_applied.n_frames == 2);
  fail_unless (!rv_quality_forces_privacy_demotion (&q));

  c[0] = (RvMaybeCalibrationId) { true, 1 };
  c[1] = (RvMaybeCalibrationId) { true, 2 };
  scored_cal (f, 2, c, 2, &q);
  fail_unless (!q.has_calibration_id);
  fail_unless_equals_int (q.contradictions[0].kind, RV_CONTRADICTION_CALIBRATION_ID_MISMATCH);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.expected == 1);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.disagreeing == 1);
  fail_unless (rv_quality_forces_privacy_demotion (&q));
  fe_assert_f32 (rv_quality_penalized_coherence (&q), 0.8f);

  c[0] = (RvMaybeCalibrationId) { true, 7 };
  c[1] = (RvMaybeCalibrationId) { false, 0 };
  c[2] = (RvMaybeCalibrationId) { true, 7 };
  scored_cal (f, 3, c, 3, &q);
  fail_unless (!q.has_calibration_id);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.expected == 7);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.disagreeing == 1);

  c[0] = (RvMaybeCalibrationId) { true, 1 };
  c[1] = (RvMaybeCalibrationId) { true, 2 };
  c[2] = (RvMaybeCalibrationId) { true, 2 };
  scored_cal (f, 3, c, 3, &q);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.expected == 2);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.disagreeing == 1);

  c[2] = (RvMaybeCalibrationId) { true, 3 };
  scored_cal (f, 3, c, 3, &q);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.expected == 1);
  fail_unless (q.contradictions[0].u.calibration_id_mismatch.disagreeing == 2);

  c[0] = (RvMaybeCalibrationId) { true, 9 };
  scored_cal (f, 3, c, 1, &q);     /* length quirk: one id for three nodes */
  fail_unless (q.has_calibration_id && q.calibration_id == 9);
  fail_unless (q.n_contradictions == 0);

  scored_cal (f, 2, NULL, 0, &q);  /* no ids: unchanged */
  fail_unless (!q.has_calibration_id && q.n_contradictions == 0);
  rv_multistatic_fuser_free (f);
}
GST_END_TEST;

GST_START_TEST (test_positions_and_geometry)
{
  RvMultistaticFuser *f = fuser_default ();
  const float one[1][3] = { { 1, 2, 3 } };
  const float opp[2][3] = { { -1, 0, 0 }, { 1, 0, 0 } };
  const float corners[4][3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 }, { 0, 1, 0 } };
  RvNodeFrame n[2];
  RvFusedFrame out;

  fail_unless_equals_int (rv_multistatic_fuser_set_positions (f, one, 1), 0);
  n[0] = node (0, 1000, NB, 1.0f);
  n[1] = node (1, 1001, NB, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless (out.node_positions[0][0] == 1 && out.node_positions[0][1] == 2
      && out.node_positions[0][2] == 3);
  fail_unless (out.node_positions[1][0] == 0 && out.node_positions[1][1] == 0
      && out.node_positions[1][2] == 0);

  fail_unless (rv_multistatic_geometric_diversity (one, 1, NULL) == 0.0f);
  fail_unless (rv_multistatic_geometric_diversity (opp, 2, NULL) > 0.8f);
  fail_unless (rv_multistatic_geometric_diversity (corners, 4, NULL) > 0.7f);
  rv_multistatic_fuser_free (f);
}
GST_END_TEST;

GST_START_TEST (test_weight_coherence)
{
  const float u[4] = { 0.25f, 0.25f, 0.25f, 0.25f };
  const float d[4] = { 0.97f, 0.01f, 0.01f, 0.01f };

  fail_unless (fabsf (rv_multistatic_weight_coherence (u, 4) - 1.0f) < 1e-5f);
  fail_unless (rv_multistatic_weight_coherence (d, 4) < 0.3f);
  fe_assert_f32 (rv_multistatic_weight_coherence (d, 4), 0.12097034f);
  fail_unless (rv_multistatic_weight_coherence (d, 1) == 1.0f);
  fail_unless (rv_multistatic_weight_coherence (d, 0) == 1.0f);
}
GST_END_TEST;

static int cir_calls;
static const float *cir_seen_amp;

static int
fake_cir (void *user, const float *amp, const float *ph, size_t n, float *ratio)
{
  cir_calls++;
  cir_seen_amp = amp;
  if (n != NB)
    return 1;
  *ratio = *(const float *) user;
  return 0;
}

GST_START_TEST (test_cir_hook)
{
  RvMultistaticFuser *f = fuser_default ();
  RvMultistaticConfig cfg;
  float ratio = 0.5f;
  RvNodeFrame n[2];
  RvFusedFrame out;

  n[0] = node (0, 1000, NB, 1.0f);
  n[1] = node (1, 1001, NB, 1.0f);
  rv_multistatic_fuser_set_cir_gate (f, fake_cir, &ratio);
  cir_calls = 0;
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless_equals_int (cir_calls, 1);
  fail_unless (cir_seen_amp == bufs[0].amp);
  fe_assert_f32 (out.cross_node_coherence, 0.7f * out.freq_coherence + 0.3f * 0.5f);
  /* the gate disabled in the config: unchanged */
  cfg = *rv_multistatic_fuser_get_config (f);
  cfg.use_cir_gate = false;
  rv_multistatic_fuser_set_config (f, &cfg);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless_equals_int (cir_calls, 1);
  fail_unless (out.cross_node_coherence == out.freq_coherence);
  /* estimator error: unchanged */
  cfg.use_cir_gate = true;
  rv_multistatic_fuser_set_config (f, &cfg);
  n[0] = node (0, 1000, 30, 1.0f);
  n[1] = node (1, 1001, 30, 1.0f);
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless (out.cross_node_coherence == out.freq_coherence);
  /* first input node without channels: the gate is skipped */
  n[0].n_channels = 0;
  cir_calls = 0;
  fail_unless_equals_int (rv_multistatic_fuse (f, n, 2, oa, op, NB, &out), 0);
  fail_unless_equals_int (cir_calls, 0);
  fail_unless_equals_int (out.active_nodes, 1);
  fail_unless_equals_int (out.node_index[0], 1);
  rv_multistatic_fuser_free (f);
}
GST_END_TEST;

/* fusion_quality.rs tests */
GST_START_TEST (test_fusion_quality)
{
  RvQualityScore q;
  RvContradictionFlag c;
  float lo, hi;
  int i;

  rv_quality_score_init (&q);
  q.base_coherence = 0.9f;
  q.capture_ns = 1000;
  fail_unless (!rv_quality_forces_privacy_demotion (&q));
  fail_unless (fabsf (rv_quality_penalized_coherence (&q) - 0.9f) < 1e-6f);
  fail_unless (rv_quality_penalized_coherence (&q) == 0.9f);
  rv_quality_confidence_bounds (&q, &lo, &hi);
  fail_unless (lo == 0.9f && hi == 0.9f);

  memset (&c, 0, sizeof c);
  c.kind = RV_CONTRADICTION_TIMESTAMP_MISMATCH;
  c.u.timestamp_mismatch.spread_ns = 2000;
  c.u.timestamp_mismatch.soft_guard_ns = 1000;
  fail_unless (rv_quality_push_contradiction (&q, &c));
  fail_unless (rv_quality_forces_privacy_demotion (&q));
  fail_unless (fabsf (rv_quality_penalized_coherence (&q) - 0.72f) < 1e-5f);
  rv_quality_confidence_bounds (&q, &lo, &hi);
  fail_unless (0.0f <= lo && lo <= hi && hi <= 1.0f);

  rv_quality_score_init (&q);
  q.base_coherence = 0.9f;
  c.kind = RV_CONTRADICTION_PHASE_ALIGNMENT_FAILED;
  c.u.phase_alignment_failed.node_idx = 0;
  for (i = 0; i < 5; i++)
    rv_quality_push_contradiction (&q, &c);
  fail_unless (rv_quality_score_value (&q) >= 0.0f && rv_quality_score_value (&q) <= 1.0f);
  rv_quality_confidence_bounds (&q, &lo, &hi);
  fail_unless (0.0f <= lo && lo <= hi && hi <= 1.0f);

  fail_unless (RV_CONTRADICTION_PENALTY == 0.8f);
  fail_unless (RV_CONTRADICTION_BOUND_HALFWIDTH == 0.1f);
  fe_assert_f32 (rv_powi_f32 (0.8f, 2), 0.64000005f);
  fail_unless (rv_powi_f32 (0.8f, 0) == 1.0f);
  fail_unless (rv_powi_f32 (0.8f, 3) == (0.8f * 0.8f) * 0.8f);
  /* full lists refuse more */
  for (i = 0; i < 20; i++)
    rv_quality_push_contradiction (&q, &c);
  fail_unless_equals_int (q.n_contradictions, RV_QUALITY_MAX_CONTRADICTIONS);
}
GST_END_TEST;

GST_START_TEST (test_from_multiband)
{
  RvChannelFrame ch[2];
  RvMultibandFrame mb;
  RvNodeFrame nf;

  node (0, 0, NB, 1.0f);
  node (1, 0, NB, 2.0f);
  ch[0] = (RvChannelFrame) { 2462, NB, bufs[0].amp, bufs[0].ph };
  ch[1] = (RvChannelFrame) { 2412, NB, bufs[1].amp, bufs[1].ph };
  fail_unless_equals_int (rv_multiband_build (7, 1234, ch, 2, &mb, NULL), 0);
  rv_node_frame_from_multiband (&nf, &mb);
  fail_unless (nf.node_id == 7 && nf.timestamp_us == 1234 && nf.n_channels == 2
      && nf.n_bins == NB && nf.coherence == mb.coherence);
  /* channel 0 = the lowest frequency */
  fail_unless (nf.amplitude[0] == bufs[1].amp && nf.phase[0] == bufs[1].ph);
  fail_unless (nf.amplitude[1] == bufs[0].amp);
}
GST_END_TEST;

static Suite *
multistatic_suite (void)
{
  Suite *s = suite_create ("core-multistatic");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_fuse_basic);
  tcase_add_test (tc, test_fuse_errors);
  tcase_add_test (tc, test_scored);
  tcase_add_test (tc, test_tdm_schedule);
  tcase_add_test (tc, test_calibrations);
  tcase_add_test (tc, test_positions_and_geometry);
  tcase_add_test (tc, test_weight_coherence);
  tcase_add_test (tc, test_cir_hook);
  tcase_add_test (tc, test_fusion_quality);
  tcase_add_test (tc, test_from_multiband);
  return s;
}

GST_CHECK_MAIN (multistatic);
