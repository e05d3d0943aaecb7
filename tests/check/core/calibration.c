/* libruview empty-room calibration (frontend.md §5, §11.1, §11.2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <stdlib.h>
#include "ruview/calibration.h"
#include "fe_common.h"

static RvCalibrationRecorder *
make_rec (RvPhyTier tier, uint32_t min_frames)
{
  RvCalibrationConfig cfg;
  RvCalibrationError err;
  RvCalibrationRecorder *r;
  rv_calibration_config_for_tier (&cfg, tier);
  cfg.min_frames = min_frames;
  r = rv_calibration_recorder_new (&cfg, 0, &err);
  fail_unless (r != NULL && err == RV_CALIBRATION_OK);
  return r;
}

static void
const_frame (double *d, size_t n, double amp, double ph)
{
  size_t k;
  for (k = 0; k < n; k++) {
    d[2 * k] = amp * cos (ph);
    d[2 * k + 1] = amp * sin (ph);
  }
}

GST_START_TEST (test_welford_constant)
{
  RvCalibrationRecorder *r = make_rec (RV_PHY_TIER_HT20, 600);
  RvBaseline *b;
  double d[104];
  int i;

  const_frame (d, 52, 1.0, 0.0);
  for (i = 0; i < 600; i++)
    fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL), 0);
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  fail_unless (fabs (b->subcarriers[0].amp_mean - 1.0) < 1e-9);
  fail_unless (b->subcarriers[0].amp_variance < 1e-20);
  rv_baseline_free (b);
  rv_calibration_recorder_free (r);
}
GST_END_TEST;

GST_START_TEST (test_circular_phase_mean)
{
  RvCalibrationRecorder *r = make_rec (RV_PHY_TIER_HT20, 200);
  RvBaseline *b;
  double d1[104], d2[104];
  const double target = M_PI / 4.0;
  float t1 = (float) (target + 0.05), t2 = (float) (target - 0.05);
  int i, k;

  for (k = 0; k < 52; k++) {
    d1[2 * k] = cosf (t1);
    d1[2 * k + 1] = sinf (t1);
    d2[2 * k] = cosf (t2);
    d2[2 * k + 1] = sinf (t2);
  }
  for (i = 0; i < 100; i++) {
    rv_calibration_recorder_record (r, d1, 1, 52, NULL, NULL);
    rv_calibration_recorder_record (r, d2, 1, 52, NULL, NULL);
  }
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  fail_unless (fabs (b->subcarriers[3].phase_mean - target) < 0.01);
  fail_unless (b->subcarriers[3].phase_dispersion < 0.01f);
  rv_baseline_free (b);
  rv_calibration_recorder_free (r);
}
GST_END_TEST;

GST_START_TEST (test_roundtrip_small_and_apply)
{
  RvCalibrationRecorder *r = make_rec (RV_PHY_TIER_HT20, 2);
  RvBaseline *b, *b2;
  double d[128];
  uint8_t buf[28 + 16 * 52];
  uint64_t id = 0;
  size_t k;

  const_frame (d, 52, 0.8, 0.5);
  rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL);
  const_frame (d, 52, 0.9, 0.6);
  rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL);
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  fail_unless_equals_int (rv_baseline_to_bytes (b, buf, sizeof buf), sizeof buf);
  fail_unless_equals_int (rv_baseline_from_bytes (buf, sizeof buf, &b2, NULL), 0);
  fail_unless_equals_int (b2->frame_count, b->frame_count);
  fail_unless_equals_int (b2->tier, b->tier);
  fail_unless_equals_int (b2->n, b->n);
  for (k = 0; k < b->n; k++) {
    fail_unless (fabsf (b2->subcarriers[k].amp_mean - b->subcarriers[k].amp_mean) < 1e-6f);
    fail_unless (fabsf (b2->subcarriers[k].phase_mean - b->subcarriers[k].phase_mean) < 1e-6f);
    fail_unless (fabsf (b2->subcarriers[k].phase_dispersion - b->subcarriers[k].phase_dispersion) < 1e-6f);
  }
  /* apply: id stable and stamped */
  fail_unless (rv_baseline_calibration_id (b) == rv_baseline_calibration_id (b));
  const_frame (d, 52, 1.0, 0.5);
  fail_unless_equals_int (rv_baseline_apply (b, d, 1, 52, &id, NULL), 0);
  fail_unless (id == rv_baseline_calibration_id (b));
  /* a 64-column frame also works; 50 does not */
  const_frame (d, 64, 1.0, 0.5);
  fail_unless_equals_int (rv_baseline_apply (b, d, 1, 64, &id, NULL), 0);
  rv_baseline_free (b);
  rv_baseline_free (b2);
  rv_calibration_recorder_free (r);
}
GST_END_TEST;

GST_START_TEST (test_tiers_and_constants)
{
  RvCalibrationConfig cfg;
  RvCalibrationRecorder *r;
  RvCalibrationErrorInfo info;
  RvBaseline *b;
  double *d = calloc (2 * 256, sizeof (double));
  uint8_t buf[28 + 16 * 256];

  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HT20);
  fail_unless (cfg.num_subcarriers == 64 && cfg.num_active == 52 && cfg.min_frames == 600);
  fail_unless (cfg.max_phase_variance == 0.3f);
  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HT40);
  fail_unless (cfg.num_subcarriers == 128 && cfg.num_active == 114);
  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HE20);
  fail_unless (cfg.num_subcarriers == 256 && cfg.num_active == 256);
  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HE40);
  fail_unless (cfg.num_subcarriers == 512 && cfg.num_active == 484);

  /* HE20, min 1, one 256-bin frame */
  r = make_rec (RV_PHY_TIER_HE20, 1);
  const_frame (d, 256, 1.0, 0.2);
  fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 256, NULL, NULL), 0);
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  fail_unless_equals_int (b->n, 256);
  fail_unless_equals_int (b->tier, RV_PHY_TIER_HE20);
  rv_baseline_free (b);
  rv_calibration_recorder_free (r);

  /* HT20 default with one frame → InsufficientFrames{1, 600} */
  r = make_rec (RV_PHY_TIER_HT20, 600);
  fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL), 0);
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, &info),
      RV_CALIBRATION_ERROR_INSUFFICIENT_FRAMES);
  fail_unless (info.got == 1 && info.need == 600);
  fail_unless (b == NULL);
  /* a 50-column frame → SubcarrierMismatch{52, 50} */
  fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 50, NULL, &info),
      RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH);
  fail_unless (info.expected == 52 && info.got == 50);
  /* a 256-bin HE frame is rejected by an HT20 recorder */
  fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 256, NULL, &info),
      RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH);
  rv_calibration_recorder_free (r);

  /* tier from the frame width */
  {
    RvPhyTier t = RV_PHY_TIER_HE40;
    fail_unless (rv_phy_tier_from_width (64, &t) && t == RV_PHY_TIER_HT20);
    fail_unless (rv_phy_tier_from_width (52, &t) && t == RV_PHY_TIER_HT20);
    fail_unless (rv_phy_tier_from_width (128, &t) && t == RV_PHY_TIER_HT40);
    fail_unless (rv_phy_tier_from_width (114, &t) && t == RV_PHY_TIER_HT40);
    fail_unless (rv_phy_tier_from_width (256, &t) && t == RV_PHY_TIER_HE20);
    fail_unless (rv_phy_tier_from_width (484, &t) && t == RV_PHY_TIER_HE40);
    fail_unless (rv_phy_tier_from_width (512, &t) && t == RV_PHY_TIER_HE40);
    fail_unless (!rv_phy_tier_from_width (56, &t));
    fail_unless (!rv_phy_tier_from_width (192, &t));
  }
  /* constants */
  fail_unless_equals_int (RV_CALIBRATION_DEFAULT_MIN_FRAMES, 600);
  fail_unless (RV_CALIBRATION_AMP_STD_FLOOR == 1e-12f);
  fail_unless (RV_CALIBRATION_MOTION_AMP_Z == 2.0f);
  fe_assert_bits32 (RV_CALIBRATION_MOTION_PHASE_DRIFT, 0x3F060A92);
  fe_assert_bits32 (FE_PI_F32 / 6.0f, 0x3F060A92);
  fail_unless (RV_CALIBRATION_SUBTRACT_MIN_NORM == 1e-30);

  b = rv_baseline_new (RV_PHY_TIER_HT20, 0, 600, 52);
  fail_unless_equals_int (rv_baseline_to_bytes (b, buf, sizeof buf), 28 + 16 * 52);
  fail_unless (buf[0] == 0x01 && buf[1] == 0x00 && buf[2] == 0x1b && buf[3] == 0xca);
  fail_unless (buf[4] == 1);
  rv_baseline_free (b);
  free (d);
}
GST_END_TEST;

GST_START_TEST (test_median_helper)
{
  RvXorshift32 rng;
  float v[64], ref[64];
  int trial, n, i, j;

  fail_unless (rv_calibration_median (v, 0) == 0.0f);
  rv_xorshift32_init (&rng, 7);
  for (trial = 0; trial < 2000; trial++) {
    float got, want;
    n = 1 + (int) (rv_xorshift32_next (&rng) % 63);
    for (i = 0; i < n; i++) {
      if (trial % 3 == 0)    /* continuous values, occasionally NaN */
        v[i] = rv_xorshift32_next (&rng) % 17 == 0 ? NAN
            : (float) rv_xorshift32_next (&rng) / 65536.0f - 30000.0f;
      else                   /* many ties */
        v[i] = (float) (rv_xorshift32_next (&rng) % (1 + trial % 9)) * 0.25f;
      ref[i] = v[i];
    }
    /* insertion sort (stable) reference, NaN ordered last */
    for (i = 1; i < n; i++) {
      float x = ref[i];
      for (j = i; j > 0 && !isnan (x) && (isnan (ref[j - 1]) || ref[j - 1] > x); j--)
        ref[j] = ref[j - 1];
      ref[j] = x;
    }
    want = n % 2 ? ref[n / 2] : (ref[n / 2 - 1] + ref[n / 2]) / 2.0f;
    got = rv_calibration_median (v, (size_t) n);
    fail_unless (fe_bits32 (got) == fe_bits32 (want) || (isnan (got) && isnan (want)),
        "n=%d got %g want %g", n, got, want);
  }
}
GST_END_TEST;

/* ---- §11.2 goldens ---- */

GST_START_TEST (test_calibration_id_golden)
{
  char s[37];
  uint8_t u[16];

  fail_unless (rv_calibration_id (1700000000, 600, 52, RV_PHY_TIER_HT20)
      == UINT64_C (0x1232969AADEEFBEC));
  fail_unless (rv_calibration_id (1748000000, 600, 256, RV_PHY_TIER_HE20)
      == UINT64_C (0x7E6BAF9D7CAE24F7));
  fail_unless (rv_calibration_id (0, 0, 0, RV_PHY_TIER_HT20) == 0);
  fail_unless (rv_calibration_id (0, 1, 3, RV_PHY_TIER_HT20) == UINT64_C (0x9C5E437336D2DE3C));
  rv_calibration_uuid_string (UINT64_C (0x9C5E437336D2DE3C), s);
  fail_unless_equals_string (s, "00000000-0000-0000-9c5e-437336d2de3c");
  rv_calibration_uuid_bytes (UINT64_C (0x9C5E437336D2DE3C), u);
  fail_unless (u[0] == 0 && u[7] == 0 && u[8] == 0x9c && u[15] == 0x3c);
}
GST_END_TEST;

GST_START_TEST (test_to_bytes_golden)
{
  static const char *want =
      "01001bca01010000fbffffffffffffff0300000000000000020000000000c03f0000803e000080bf"
      "0000003e0000004000000000000040400000803f";
  RvBaseline *b = rv_baseline_new (RV_PHY_TIER_HT40, -5, 3, 2), *b2;
  uint8_t buf[64], buf2[64];
  char hex[129];
  size_t n, i;

  b->subcarriers[0] = (RvSubcarrierBaseline) { 1.5f, 0.25f, -1.0f, 0.125f };
  b->subcarriers[1] = (RvSubcarrierBaseline) { 2.0f, 0.0f, 3.0f, 1.0f };
  n = rv_baseline_to_bytes (b, buf, sizeof buf);
  fail_unless_equals_int (n, 60);
  for (i = 0; i < n; i++)
    sprintf (hex + 2 * i, "%02x", buf[i]);
  fail_unless_equals_string (hex, want);
  fail_unless_equals_int (rv_baseline_to_bytes (b, buf, 59), 0);
  /* round trip is byte identical; trailing bytes accepted; reserved ignored */
  buf[6] = 0x55;
  fail_unless_equals_int (rv_baseline_from_bytes (buf, 62, &b2, NULL), 0);
  fail_unless (b2->captured_at_unix_s == -5 && b2->frame_count == 3 && b2->n == 2);
  fail_unless_equals_int (rv_baseline_to_bytes (b2, buf2, sizeof buf2), 60);
  buf[6] = 0;
  fail_unless (memcmp (buf, buf2, 60) == 0);
  rv_baseline_free (b2);
  rv_baseline_free (b);
}
GST_END_TEST;

static RvBaseline *
deviation_baseline (void)
{
  RvBaseline *b = rv_baseline_new (RV_PHY_TIER_HT20, 0, 600, 52);
  int k;
  for (k = 0; k < 52; k++) {
    b->subcarriers[k].amp_mean = 1.0f + 0.01f * (float) k;
    b->subcarriers[k].amp_variance = 0.0004f;
    b->subcarriers[k].phase_mean = 0.5f;
    b->subcarriers[k].phase_dispersion = 0.01f;
  }
  return b;
}

GST_START_TEST (test_deviation_golden)
{
  RvBaseline *b = deviation_baseline ();
  RvCalibrationScore s, s2;
  RvCalibrationErrorInfo info;
  double d[128];
  int k;

  memset (d, 0, sizeof d);
  for (k = 0; k < 52; k++) {
    double a = (double) b->subcarriers[k].amp_mean + 0.04;
    d[2 * k] = a * cos (0.5 + 0.3);
    d[2 * k + 1] = a * sin (0.5 + 0.3);
  }
  fail_unless_equals_int (rv_baseline_deviation (b, d, 1, 52, &s, NULL), 0);
  fe_assert_f32 (s.amplitude_z_median, 1.9999981f);
  fe_assert_f32 (s.amplitude_z_max, 2.000004f);
  fe_assert_near (s.phase_drift_median, 0.3, 1e-6);
  fail_unless (!s.motion_flagged);
  /* zero-padded to 64 columns: same */
  fail_unless_equals_int (rv_baseline_deviation (b, d, 1, 64, &s2, NULL), 0);
  fail_unless (s.amplitude_z_median == s2.amplitude_z_median
      && s.amplitude_z_max == s2.amplitude_z_max
      && s.phase_drift_median == s2.phase_drift_median
      && s.motion_flagged == s2.motion_flagged);
  fail_unless_equals_int (rv_baseline_deviation (b, d, 1, 50, &s2, &info),
      RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH);
  fail_unless (info.expected == 52 && info.got == 50);
  rv_baseline_free (b);
}
GST_END_TEST;

GST_START_TEST (test_subtract_apply_golden)
{
  RvBaseline *b = rv_baseline_new (RV_PHY_TIER_HT20, 0, 1, 3);
  double d[12] = { 3, 4, 0.3, 0.4, 0, 0, -6, 8, 1e-31, 0, 0, -2 };
  const double want[12] = { 1.8, 2.4, 0, 0, 0, 0, -4.8, 6.4, 1e-31, 0, 0, -1.5 };
  uint64_t id = 0;
  char s[37];
  int i;

  b->subcarriers[0].amp_mean = 2;
  b->subcarriers[1].amp_mean = 1;
  b->subcarriers[2].amp_mean = 0.5f;
  fail_unless_equals_int (rv_baseline_apply (b, d, 2, 3, &id, NULL), 0);
  for (i = 0; i < 12; i++)
    fe_assert_near (d[i], want[i], 1e-15);
  fail_unless (d[8] == 1e-31);   /* untouched */
  fail_unless (id == UINT64_C (0x9C5E437336D2DE3C));
  rv_calibration_uuid_string (id, s);
  fail_unless_equals_string (s, "00000000-0000-0000-9c5e-437336d2de3c");
  rv_baseline_free (b);
}
GST_END_TEST;

GST_START_TEST (test_recorder_golden)
{
  RvCalibrationRecorder *r = make_rec (RV_PHY_TIER_HT20, 3);
  RvCalibrationScore s[3];
  RvBaseline *b;
  double d[104];
  float ref[104];
  const double amps[3] = { 1.0, 1.2, 0.9 }, phs[3] = { 0.1, 0.3, -0.2 };
  int i;

  for (i = 0; i < 3; i++) {
    const_frame (d, 52, amps[i], phs[i]);
    fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 52, &s[i], NULL), 0);
    fail_unless (!s[i].motion_flagged);
  }
  fail_unless (s[0].amplitude_z_median == 0.0f);
  fe_assert_f32 (s[1].amplitude_z_median, 0.70710677f);
  fe_assert_f32 (s[2].amplitude_z_median, 0.87287104f);
  fail_unless (s[0].phase_drift_median == 0.0f);
  fe_assert_f32 (s[1].phase_drift_median, 0.099999994f);
  fe_assert_f32 (s[2].phase_drift_median, 0.2670179f);
  fail_unless_equals_int (rv_calibration_recorder_frames_recorded (r), 3);
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  fe_assert_bits32 (b->subcarriers[0].amp_mean, 0x3F844444);
  fe_assert_bits32 (b->subcarriers[0].amp_variance, 0x3CBF258E);
  fe_assert_bits32 (b->subcarriers[0].phase_mean, 0x3D8940AD);
  fe_assert_bits32 (b->subcarriers[0].phase_dispersion, 0x3CAC07EC);
  rv_baseline_reference_csi (b, ref);
  fe_assert_f32 (ref[0], 1.0310136f);
  fe_assert_f32 (ref[1], 0.06919999f);
  rv_baseline_free (b);
  rv_calibration_recorder_free (r);
}
GST_END_TEST;

/* ---- tests/calibration_synthetic.rs ---- */

static RvBaseline *
synthetic_baseline (RvPhyTier tier, size_t K, uint32_t seed, float sigma, double *d)
{
  RvCalibrationRecorder *r = make_rec (tier, 600);
  RvXorshift32 rng;
  RvBaseline *b;
  int i;

  rv_xorshift32_init (&rng, seed);
  for (i = 0; i < 600; i++) {
    fe_gen_frame (&rng, K, sigma, 0.0f, d);
    fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, K, NULL, NULL), 0);
  }
  fail_unless_equals_int (rv_calibration_recorder_frames_recorded (r), 600);
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  rv_calibration_recorder_free (r);
  return b;
}

static float
snr_sigma (size_t K, float snr_db)
{
  float s = 0.0f;
  size_t k;
  for (k = 0; k < K; k++) {
    float a = fe_truth_amp (k, K);
    s += a * a;
  }
  return sqrtf ((s / (float) K) / powf (10.0f, snr_db / 10.0f) / 2.0f);
}

GST_START_TEST (test_synthetic_tiers)
{
  const RvPhyTier tiers[3] = { RV_PHY_TIER_HT20, RV_PHY_TIER_HT40, RV_PHY_TIER_HE20 };
  const size_t Ks[3] = { 52, 114, 256 };
  double *d = calloc (2 * 256, sizeof (double));
  int t;

  for (t = 0; t < 3; t++) {
    size_t K = Ks[t], k;
    RvBaseline *b = synthetic_baseline (tiers[t], K, 42, snr_sigma (K, 30.0f), d);
    RvXorshift32 rng;
    RvCalibrationScore s;
    float msd = 0.0f;

    fail_unless_equals_int (b->n, K);
    for (k = 0; k < K; k++) {
      fail_unless (fabsf (b->subcarriers[k].amp_mean - fe_truth_amp (k, K)) < 0.05f);
      if (t == 0)
        fail_unless (b->subcarriers[k].amp_variance > 0.0f
            && b->subcarriers[k].amp_variance < 0.1f);
      fail_unless (b->subcarriers[k].phase_dispersion < 0.05f);
      msd += sqrtf (b->subcarriers[k].amp_variance);
    }
    msd /= (float) K;
    /* stationary frame, seed 999 */
    rv_xorshift32_init (&rng, 999);
    fe_gen_frame (&rng, K, snr_sigma (K, 30.0f), 0.0f, d);
    fail_unless_equals_int (rv_baseline_deviation (b, d, 1, K, &s, NULL), 0);
    if (t == 0) {
      fail_unless (s.amplitude_z_median < 1.5f, "z %g", s.amplitude_z_median);
      fail_unless (!s.motion_flagged);
    }
    /* every bin shifted by +3·mean σ, noise 0.001 */
    fe_gen_frame (&rng, K, 0.001f, 3.0f * msd, d);
    fail_unless_equals_int (rv_baseline_deviation (b, d, 1, K, &s, NULL), 0);
    if (t == 0)
      fail_unless (s.amplitude_z_median > 2.5f);
    fail_unless (s.motion_flagged);
    rv_baseline_free (b);
  }
  free (d);
}
GST_END_TEST;

/* ---- tests/calibration_roundtrip.rs ---- */

GST_START_TEST (test_roundtrip_suite)
{
  double d[128];
  RvBaseline *b = synthetic_baseline (RV_PHY_TIER_HT20, 52, 42, 0.01f, d), *b2;
  RvCalibrationErrorInfo info;
  size_t n = rv_baseline_serialized_size (b), k;
  uint8_t *x = malloc (n), *y = malloc (n), *z = malloc (n);

  fail_unless_equals_int (rv_baseline_to_bytes (b, x, n), n);
  fail_unless_equals_int (rv_baseline_to_bytes (b, y, n), n);
  fail_unless (memcmp (x, y, n) == 0);
  fail_unless_equals_int (rv_baseline_from_bytes (x, n, &b2, NULL), 0);
  fail_unless_equals_int (rv_baseline_to_bytes (b2, z, n), n);
  fail_unless (memcmp (x, z, n) == 0);
  fail_unless (b2->frame_count == b->frame_count && b2->n == b->n);
  for (k = 0; k < b->n; k++)
    fail_unless (fabsf (b2->subcarriers[k].amp_mean - b->subcarriers[k].amp_mean) < 1e-6f);
  rv_baseline_free (b2);
  fail_unless (get_u32_le (x) == 0xCA1B0001u);
  fail_unless (x[4] == 1);

  /* errors in order */
  memcpy (y, x, n);
  y[4] = 99;
  fail_unless_equals_int (rv_baseline_from_bytes (y, n, &b2, &info),
      RV_CALIBRATION_ERROR_VERSION_MISMATCH);
  fail_unless (info.got == 99 && info.need == 1 && b2 == NULL);
  fail_unless_equals_int (rv_baseline_from_bytes (x, n - 4, &b2, &info),
      RV_CALIBRATION_ERROR_TRUNCATED_BUFFER);
  fail_unless (info.got == n - 4 && info.need == n);
  fail_unless_equals_int (rv_baseline_from_bytes (x, 0, &b2, &info),
      RV_CALIBRATION_ERROR_TRUNCATED_BUFFER);
  fail_unless (info.need == 28);
  fail_unless_equals_int (rv_baseline_from_bytes (NULL, 0, &b2, &info),
      RV_CALIBRATION_ERROR_TRUNCATED_BUFFER);
  fail_unless_equals_int (rv_baseline_from_bytes (x, 27, &b2, &info),
      RV_CALIBRATION_ERROR_TRUNCATED_BUFFER);
  memcpy (y, x, n);
  memset (y, 0, 4);
  fail_unless_equals_int (rv_baseline_from_bytes (y, n, &b2, &info),
      RV_CALIBRATION_ERROR_INVALID_MAGIC);
  fail_unless (info.magic == 0);
  /* magic is checked before the version */
  y[4] = 99;
  fail_unless_equals_int (rv_baseline_from_bytes (y, n, &b2, &info),
      RV_CALIBRATION_ERROR_INVALID_MAGIC);
  memcpy (y, x, n);
  y[5] = 4;
  fail_unless_equals_int (rv_baseline_from_bytes (y, n, &b2, &info),
      RV_CALIBRATION_ERROR_UNKNOWN_TIER);
  fail_unless (info.got == 4);
  /* tier is checked before the body length */
  fail_unless_equals_int (rv_baseline_from_bytes (y, 30, &b2, &info),
      RV_CALIBRATION_ERROR_UNKNOWN_TIER);
  /* a huge claimed count is rejected before allocation */
  memcpy (y, x, n);
  y[24] = y[25] = y[26] = y[27] = 0xff;
  fail_unless_equals_int (rv_baseline_from_bytes (y, n, &b2, &info),
      RV_CALIBRATION_ERROR_TRUNCATED_BUFFER);
  rv_baseline_free (b);
  free (x);
  free (y);
  free (z);
}
GST_END_TEST;

/* ---- tests/calibration_drift.rs ---- */

GST_START_TEST (test_drift_suite)
{
  double d[128];
  RvBaseline *b = synthetic_baseline (RV_PHY_TIER_HT20, 52, 42, 0.005f, d);
  RvCalibrationRecorder *r;
  RvCalibrationErrorInfo info;
  RvCalibrationScore s;
  RvXorshift32 rng;
  RvBaseline *nb;
  double acc;
  float msd = 0.0f;
  size_t k;
  int t;

  /* amplitudes + 0.01·t: mean z_median² over the last 100 of 900 > 4 */
  rv_xorshift32_init (&rng, 43);
  acc = 0;
  for (t = 0; t < 900; t++) {
    fe_gen_frame (&rng, 52, 0.005f, 0.01f * (float) t, d);
    fail_unless_equals_int (rv_baseline_deviation (b, d, 1, 52, &s, NULL), 0);
    if (t >= 800)
      acc += (double) s.amplitude_z_median * s.amplitude_z_median;
  }
  fail_unless (acc / 100 > 4.0);
  /* 900 stationary frames: < 2 */
  acc = 0;
  for (t = 0; t < 900; t++) {
    fe_gen_frame (&rng, 52, 0.005f, 0.0f, d);
    rv_baseline_deviation (b, d, 1, 52, &s, NULL);
    if (t >= 800)
      acc += (double) s.amplitude_z_median * s.amplitude_z_median;
  }
  fail_unless (acc / 100 < 2.0, "stat %g", acc / 100);

  /* 10 frames: recorded, finalize fails; 50 frames → InsufficientFrames{50, 600} */
  r = make_rec (RV_PHY_TIER_HT20, 600);
  for (t = 0; t < 10; t++) {
    fe_gen_frame (&rng, 52, 0.005f, 0.0f, d);
    rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL);
  }
  fail_unless_equals_int (rv_calibration_recorder_frames_recorded (r), 10);
  fail_unless (rv_calibration_recorder_finalize (r, &nb, NULL) != RV_CALIBRATION_OK);
  for (t = 10; t < 50; t++) {
    fe_gen_frame (&rng, 52, 0.005f, 0.0f, d);
    rv_calibration_recorder_record (r, d, 1, 52, NULL, NULL);
  }
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &nb, &info),
      RV_CALIBRATION_ERROR_INSUFFICIENT_FRAMES);
  fail_unless (info.got == 50 && info.need == 600);
  rv_calibration_recorder_reset (r, 5);
  fail_unless_equals_int (rv_calibration_recorder_frames_recorded (r), 0);
  rv_calibration_recorder_free (r);

  /* +5·mean σ shift (seed 77) → flagged */
  for (k = 0; k < b->n; k++)
    msd += sqrtf (b->subcarriers[k].amp_variance);
  msd /= (float) b->n;
  rv_xorshift32_init (&rng, 77);
  fe_gen_frame (&rng, 52, 0.005f, 5.0f * msd, d);
  rv_baseline_deviation (b, d, 1, 52, &s, NULL);
  fail_unless (s.motion_flagged);
  rv_baseline_free (b);
}
GST_END_TEST;

GST_START_TEST (test_bad_input_never_crashes)
{
  RvBaseline *b = deviation_baseline ();
  RvCalibrationRecorder *r = make_rec (RV_PHY_TIER_HT20, 1);
  RvCalibrationConfig cfg;
  RvCalibrationError err;
  RvCalibrationScore s;
  double d[128];

  const_frame (d, 52, 1.0, 0.1);
  d[0] = NAN;
  fail_unless_equals_int (rv_baseline_deviation (b, d, 1, 52, &s, NULL),
      RV_CALIBRATION_ERROR_NON_FINITE);
  fail_unless_equals_int (rv_baseline_deviation (b, d, 0, 52, &s, NULL),
      RV_CALIBRATION_ERROR_INVALID_ARGUMENT);
  fail_unless_equals_int (rv_calibration_recorder_record (r, d, 0, 52, &s, NULL),
      RV_CALIBRATION_ERROR_INVALID_ARGUMENT);
  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HT20);
  cfg.num_active = 0;
  fail_unless (rv_calibration_recorder_new (&cfg, 0, &err) == NULL);
  fail_unless_equals_int (err, RV_CALIBRATION_ERROR_INVALID_CONFIG);
  cfg.num_active = 65;
  fail_unless (rv_calibration_recorder_new (&cfg, 0, &err) == NULL);
  rv_calibration_recorder_free (r);
  rv_baseline_free (b);
}
GST_END_TEST;

/* ADR-135 §2.5 stale-baseline statistic */
GST_START_TEST (test_adr135_drift_statistic)
{
  double d[128];
  RvBaseline *b = synthetic_baseline (RV_PHY_TIER_HT20, 52, 42, 0.005f, d);
  RvCalibrationDrift *dr = rv_calibration_drift_new (52, RV_CALIBRATION_DRIFT_WINDOW,
      RV_CALIBRATION_DRIFT_THRESHOLD, RV_CALIBRATION_DRIFT_SUSTAIN);
  RvCalibrationDriftState st;
  RvCalibrationScore sc;
  RvXorshift32 rng;
  float z[52], msd = 0.0f, zabs[52];
  size_t n, k;
  int t;

  fail_unless (dr != NULL);
  /* signed z agrees with deviation()'s |z| median */
  rv_xorshift32_init (&rng, 5);
  fe_gen_frame (&rng, 52, 0.005f, 0.0f, d);
  fail_unless_equals_int (rv_baseline_zscores (b, d, 1, 52, z, &n, NULL), 0);
  fail_unless_equals_int (n, 52);
  rv_baseline_deviation (b, d, 1, 52, &sc, NULL);
  for (k = 0; k < 52; k++)
    zabs[k] = fabsf (z[k]);
  fail_unless (rv_calibration_median (zabs, 52) == sc.amplitude_z_median);

  /* an empty room: never above */
  for (t = 0; t < 600; t++) {
    fe_gen_frame (&rng, 52, 0.005f, 0.0f, d);
    rv_baseline_zscores (b, d, 1, 52, z, &n, NULL);
    fail_unless_equals_int (rv_calibration_drift_push (dr, z, 52, &st), 0);
    fail_unless (!st.above && !st.stale);
  }
  fail_unless (st.frames_in_window == 300);
  fail_unless (st.drift_score < 2.0f, "score %g", st.drift_score);

  /* a +3·mean σ step: above once the window is mostly shifted, stale 900 frames later */
  for (k = 0; k < b->n; k++)
    msd += sqrtf (b->subcarriers[k].amp_variance);
  msd /= (float) b->n;
  for (t = 0; t < 1500; t++) {
    fe_gen_frame (&rng, 52, 0.005f, 3.0f * msd, d);
    rv_baseline_zscores (b, d, 1, 52, z, &n, NULL);
    rv_calibration_drift_push (dr, z, 52, &st);
    if (t == 299)
      fail_unless (st.above && !st.stale, "score %g", st.drift_score);
  }
  fail_unless (st.stale && st.sustained_frames >= 900);
  fail_unless (st.drift_score > 4.0f);
  z[3] = NAN;
  fail_unless_equals_int (rv_calibration_drift_push (dr, z, 52, &st),
      RV_CALIBRATION_ERROR_NON_FINITE);
  fail_unless_equals_int (rv_calibration_drift_push (dr, z, 51, &st),
      RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH);
  rv_calibration_drift_reset (dr);
  rv_calibration_drift_free (dr);
  rv_baseline_free (b);
}
GST_END_TEST;

/* the sorted windows give exactly the §5.3 medians of the last W values */
GST_START_TEST (test_drift_window_medians)
{
  RvCalibrationDrift *dr = rv_calibration_drift_new (2, 7, 1e30f, 1);
  RvCalibrationDriftState st;
  RvXorshift32 rng;
  float hist[2][400], win[7], z[2];
  int t, k, c, i;

  rv_xorshift32_init (&rng, 11);
  for (t = 0; t < 400; t++) {
    float want = 0.0f;
    for (k = 0; k < 2; k++) {
      z[k] = (float) ((int) (rv_xorshift32_next (&rng) % 9) - 4) * 0.5f;
      hist[k][t] = z[k] * z[k];
    }
    fail_unless_equals_int (rv_calibration_drift_push (dr, z, 2, &st), 0);
    c = t + 1 < 7 ? t + 1 : 7;
    for (k = 0; k < 2; k++) {
      for (i = 0; i < c; i++)
        win[i] = hist[k][t - i];
      want += rv_calibration_median (win, (size_t) c);
    }
    want /= 2.0f;
    fail_unless (fe_bits32 (st.drift_score) == fe_bits32 (want), "t=%d", t);
  }
  rv_calibration_drift_free (dr);
}
GST_END_TEST;

/* arbitrary bytes never crash from_bytes; valid prefixes round-trip */
GST_START_TEST (test_from_bytes_fuzz)
{
  RvXorshift32 rng;
  uint8_t buf[200];
  int it;
  size_t i, len;

  rv_xorshift32_init (&rng, 2024);
  for (it = 0; it < 20000; it++) {
    RvBaseline *b = NULL;
    RvCalibrationErrorInfo info;
    RvCalibrationError e;
    len = rv_xorshift32_next (&rng) % sizeof buf;
    for (i = 0; i < len; i++)
      buf[i] = (uint8_t) rv_xorshift32_next (&rng);
    if (it & 1 && len >= 28) {          /* a plausible header half the time */
      buf[0] = 0x01; buf[1] = 0x00; buf[2] = 0x1b; buf[3] = 0xca;
      buf[4] = 1;
      buf[5] = (uint8_t) (rv_xorshift32_next (&rng) % 5);
      buf[24] = (uint8_t) (rv_xorshift32_next (&rng) % 12);
      buf[25] = buf[26] = buf[27] = 0;
    }
    e = rv_baseline_from_bytes (buf, len, &b, &info);
    if (e == RV_CALIBRATION_OK) {
      fail_unless (b != NULL && 28 + 16 * b->n <= len);
      rv_baseline_free (b);
    } else {
      fail_unless (b == NULL);
    }
  }
}
GST_END_TEST;

static Suite *
calibration_suite (void)
{
  Suite *s = suite_create ("core-calibration");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_welford_constant);
  tcase_add_test (tc, test_circular_phase_mean);
  tcase_add_test (tc, test_roundtrip_small_and_apply);
  tcase_add_test (tc, test_tiers_and_constants);
  tcase_add_test (tc, test_median_helper);
  tcase_add_test (tc, test_calibration_id_golden);
  tcase_add_test (tc, test_to_bytes_golden);
  tcase_add_test (tc, test_deviation_golden);
  tcase_add_test (tc, test_subtract_apply_golden);
  tcase_add_test (tc, test_recorder_golden);
  tcase_add_test (tc, test_synthetic_tiers);
  tcase_add_test (tc, test_roundtrip_suite);
  tcase_add_test (tc, test_drift_suite);
  tcase_add_test (tc, test_bad_input_never_crashes);
  tcase_add_test (tc, test_adr135_drift_statistic);
  tcase_add_test (tc, test_drift_window_medians);
  tcase_add_test (tc, test_from_bytes_fuzz);
  return s;
}

GST_CHECK_MAIN (calibration);
