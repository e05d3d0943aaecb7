/* The front-end per-frame and per-cycle calls never touch the heap in steady
 * state (seed F2/F3/F10): malloc/calloc/realloc are interposed and counted
 * around the calls. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdlib.h>
#include "ruview/calibration.h"
#include "ruview/coherence.h"
#include "ruview/gate.h"
#include "ruview/hardware_norm.h"
#include "ruview/multiband.h"
#include "ruview/multistatic.h"
#include "ruview/phase_align.h"
#include "fe_common.h"

#include "noalloc.h"

GST_START_TEST (test_no_allocation_per_frame)
{
  long n_allocs;
  int counting, failures = 0;
  RvHwNormalizer *hn = rv_hw_normalizer_new (56, NULL);
  RvCalibrationConfig ccfg;
  RvCalibrationRecorder *rec;
  RvCalibrationDrift *drift = rv_calibration_drift_new (52, 300, 4.0f, 900);
  RvBaseline *b;
  RvPhaseAlignConfig pcfg;
  RvPhaseAligner *pa;
  RvMultistaticConfig mcfg;
  RvMultistaticFuser *fu;
  RvCoherenceState *cs = rv_coherence_state_new (56, 0.85f, NULL);
  RvGatePolicy gate;
  RvXorshift32 rng;
  static double frames[4][3][128], amp64[64], ph64[64];
  static float amp[4][3][56], ph[4][3][56], oa[56], op[56], z[52];
  RvCalibrationScore sc;
  RvCalibrationDriftState ds;
  int i, n, c, k, it;

  rv_xorshift32_init (&rng, 42);
  rv_calibration_config_for_tier (&ccfg, RV_PHY_TIER_HT20);
  ccfg.min_frames = 10;
  rec = rv_calibration_recorder_new (&ccfg, 0, NULL);
  for (i = 0; i < 10; i++) {
    fe_gen_frame (&rng, 64, 0.01f, 0.0f, frames[0][0]);
    rv_calibration_recorder_record (rec, frames[0][0], 1, 64, NULL, NULL);
  }
  rv_calibration_recorder_finalize (rec, &b, NULL);
  rv_phase_align_config_default (&pcfg);
  pa = rv_phase_aligner_new (&pcfg, 3, 64, NULL);
  rv_multistatic_config_default (&mcfg);
  fu = rv_multistatic_fuser_new (&mcfg, 64, NULL);
  rv_gate_policy_default (&gate);
  for (n = 0; n < 4; n++)
    for (c = 0; c < 3; c++)
      fe_gen_frame (&rng, 64, 0.02f, 0.1f * (float) n, frames[n][c]);

  counting = rv_noalloc_begin ();
  for (it = 0; it < 50; it++) {
    RvNodeFrame nf[4];
    RvMaybeCalibrationId cals[4];
    RvFusedFrame ff;
    RvQualityScore q;
    RvChannelFrame chf[3];
    RvMultibandFrame mb;
    float s;
    size_t nz;

    for (n = 0; n < 4; n++) {
      RvAlignChannel ac[3];
      for (c = 0; c < 3; c++) {
        double *d = frames[n][c];
        uint64_t id;
        rv_calibration_recorder_record (rec, d, 1, 64, &sc, NULL);
        rv_baseline_deviation (b, d, 1, 64, &sc, NULL);
        rv_baseline_zscores (b, d, 1, 64, z, &nz, NULL);
        rv_calibration_drift_push (drift, z, 52, &ds);
        rv_baseline_apply (b, d, 1, 64, &id, NULL);
        for (k = 0; k < 64; k++) {
          amp64[k] = hypot (d[2 * k], d[2 * k + 1]);
          ph64[k] = atan2 (d[2 * k + 1], d[2 * k]);
        }
        rv_hw_normalizer_normalize (hn, amp64, 64, ph64, 64, RV_HW_ESP32_S3,
            amp[n][c], ph[n][c], 56);
        chf[c].freq_mhz = 2412 + 25 * (uint32_t) c;
        chf[c].n_bins = 56;
        chf[c].amplitude = amp[n][c];
        chf[c].phase = ph[n][c];
        ac[c].amplitude = amp[n][c];
        ac[c].amp_len = 56;
        ac[c].phase = ph[n][c];
        ac[c].phase_len = 56;
      }
      rv_multiband_build ((uint32_t) n, 1000, chf, 3, &mb, NULL);
      rv_phase_aligner_align (pa, ac, 3, NULL, NULL);
      memset (&nf[n], 0, sizeof nf[n]);
      nf[n].node_id = (uint32_t) n;
      nf[n].timestamp_us = 1000 + (uint64_t) n;
      nf[n].n_channels = 3;
      nf[n].n_bins = 56;
      for (c = 0; c < 3; c++) {
        nf[n].amplitude[c] = mb.amplitude[c];
        nf[n].phase[c] = mb.phase[c];
      }
      cals[n].present = true;
      cals[n].id = rv_baseline_calibration_id (b);
    }
    failures += rv_multistatic_fuse_scored_calibrated (fu, nf, 4, cals, 4,
        0.85f, oa, op, 56, &ff, &q) != 0;
    rv_coherence_state_update (cs, oa, 56, &s);
    rv_gate_policy_evaluate (&gate, s, rv_coherence_state_stale_count (cs));
  }
  n_allocs = rv_noalloc_end ();
  fail_unless (counting, "heap-call counter inactive");
  fail_unless_equals_int (failures, 0);
  fail_unless (n_allocs == 0, "%ld heap allocations in steady state", n_allocs);

  rv_hw_normalizer_free (hn);
  rv_calibration_recorder_free (rec);
  rv_calibration_drift_free (drift);
  rv_baseline_free (b);
  rv_phase_aligner_free (pa);
  rv_multistatic_fuser_free (fu);
  rv_coherence_state_free (cs);
}
GST_END_TEST;

static Suite *
fe_noalloc_suite (void)
{
  Suite *s = suite_create ("core-frontend-noalloc");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_no_allocation_per_frame);
  return s;
}

GST_CHECK_MAIN (fe_noalloc);
