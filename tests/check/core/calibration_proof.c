/* The ADR-135 calibration proof (frontend.md §5.10, §11): the HT20
 * synthetic generator (seed 42, σ 0.01, 600 frames) → recorder → quantised
 * payload → SHA-256, compared with the published hash. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/calibration.h"
#include "fe_common.h"

#define PROOF_HASH "d6bce07ecb1648e6936561df44bf4a3bfc17bb0ba5f692646b2301d105b52f67"

GST_START_TEST (test_calibration_proof)
{
  RvCalibrationConfig cfg;
  RvCalibrationRecorder *r;
  RvCalibrationError err;
  RvXorshift32 rng;
  RvBaseline *b;
  double d[2 * 52];
  uint8_t payload[9 + 8 * 52];
  gchar *hash;
  int i;

  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HT20);
  r = rv_calibration_recorder_new (&cfg, 0, &err);
  fail_unless (r != NULL);
  rv_xorshift32_init (&rng, 42);
  for (i = 0; i < 600; i++) {
    fe_gen_frame (&rng, 52, 0.01f, 0.0f, d);
    fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL), 0);
  }
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  fail_unless_equals_int (rv_baseline_proof_payload (b, payload, sizeof payload), 425);
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, payload, sizeof payload);
  g_print ("calibration proof: computed %s\n", hash);
  g_print ("calibration proof: expected %s\n", PROOF_HASH);
  fail_unless_equals_string (hash, PROOF_HASH);
  g_free (hash);
  rv_baseline_free (b);
  rv_calibration_recorder_free (r);
}
GST_END_TEST;

static Suite *
calibration_proof_suite (void)
{
  Suite *s = suite_create ("calibration-proof");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_calibration_proof);
  return s;
}

GST_CHECK_MAIN (calibration_proof);
