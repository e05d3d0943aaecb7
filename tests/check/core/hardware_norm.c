/* libruview hardware normalisation (frontend.md §3, §11.1, §11.2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/hardware_norm.h"
#include "fe_common.h"

GST_START_TEST (test_detect)
{
  fail_unless (rv_hw_detect (64) == RV_HW_ESP32_S3);
  fail_unless (rv_hw_detect (30) == RV_HW_INTEL_5300);
  fail_unless (rv_hw_detect (56) == RV_HW_ATHEROS);
  fail_unless (rv_hw_detect (128) == RV_HW_GENERIC);
  fail_unless (rv_hw_detect (256) == RV_HW_GENERIC);
  fail_unless_equals_int (rv_hw_subcarrier_count (RV_HW_ESP32_S3), 64);
  fail_unless_equals_int (rv_hw_subcarrier_count (RV_HW_INTEL_5300), 30);
  fail_unless_equals_int (rv_hw_subcarrier_count (RV_HW_ATHEROS), 56);
  fail_unless_equals_int (rv_hw_subcarrier_count (RV_HW_GENERIC), 56);
  fail_unless_equals_int (rv_hw_spatial_streams (RV_HW_ESP32_S3), 1);
  fail_unless_equals_int (rv_hw_spatial_streams (RV_HW_INTEL_5300), 3);
  fail_unless_equals_int (rv_hw_spatial_streams (RV_HW_ATHEROS), 3);
  fail_unless_equals_int (rv_hw_spatial_streams (RV_HW_GENERIC), 1);
}
GST_END_TEST;

GST_START_TEST (test_resample_identity_and_shapes)
{
  double in[192], out[64];
  int i;

  for (i = 0; i < 56; i++)
    in[i] = 0.1 * i;
  rv_resample_cubic (in, 56, out, 56);
  for (i = 0; i < 56; i++)
    fail_unless (fabs (out[i] - in[i]) < 1e-12);

  for (i = 0; i < 64; i++)
    in[i] = sin (0.1 * i);
  rv_resample_cubic (in, 64, out, 56);
  fail_unless (fabs (out[0] - in[0]) < 1e-6);
  fail_unless (fabs (out[55] - in[63]) < 0.1);
  /* §11.2 goldens */
  fe_assert_f64 (out[1], 1.14280470302971726e-1);
  fe_assert_f64 (out[27], 4.88363354382798098e-2);
  fe_assert_f64 (out[55], 1.68139004843506010e-2);

  for (i = 0; i < 30; i++)
    in[i] = cos (0.2 * i);
  rv_resample_cubic (in, 30, out, 56);
  fail_unless (fabs (out[0] - in[0]) < 1e-6);
  fail_unless (fabs (out[55] - in[29]) < 0.1);

  for (i = 0; i < 64; i++)
    in[i] = 3.14;
  rv_resample_cubic (in, 64, out, 56);
  for (i = 0; i < 56; i++)
    fail_unless (fabs (out[i] - 3.14) < 1e-10);
}
GST_END_TEST;

GST_START_TEST (test_resample_small_golden)
{
  const double in[4] = { 0, 1, 0, 1 };
  const double want[7] = { 0, 0.5625, 1, 0.5, 0, 0.4375, 1 };
  double out[7];
  int i;

  rv_resample_cubic (in, 4, out, 7);
  for (i = 0; i < 7; i++)
    fe_assert_f64 (out[i], want[i]);
  /* degenerate cases */
  rv_resample_cubic (in, 0, out, 3);
  fail_unless (out[0] == 0 && out[1] == 0 && out[2] == 0);
  rv_resample_cubic (in + 1, 1, out, 3);
  fail_unless (out[0] == 1 && out[1] == 1 && out[2] == 1);
}
GST_END_TEST;

GST_START_TEST (test_resample_to_canonical)
{
  double in[192], out[56], s = 0;
  int i;

  for (i = 0; i < 192; i++)
    in[i] = 50.0 + 0.1 * i;
  rv_resample_to_canonical (in, 192, out);
  for (i = 0; i < 56; i++)
    s += out[i];
  fail_unless (s / 56 > 40);
  fail_unless (fabs (out[0] - 50) < 1e-6);
  fail_unless (fabs (out[55] - 69.1) < 0.5);
  fe_assert_f64 (out[1], 5.03472727272727241e1);
  fe_assert_f64 (out[55], 6.90999999999999943e1);
  fe_assert_near (s / 56, 59.55, 1e-9);
}
GST_END_TEST;

GST_START_TEST (test_zscore)
{
  double x[100], z[100], m = 0, v = 0;
  const double a[4] = { 1, 2, 3, 4 };
  const double b[3] = { 10, 20, 30 };
  int i;

  for (i = 0; i < 100; i++)
    x[i] = 50 + 10 * sin (0.1 * i);
  rv_zscore (x, 100, false, 0, 0, z);
  for (i = 0; i < 100; i++)
    m += z[i];
  m /= 100;
  for (i = 0; i < 100; i++)
    v += (z[i] - m) * (z[i] - m);
  v /= 99;
  fail_unless (fabs (m) < 1e-10);
  fail_unless (fabs (sqrt (v) - 1) < 1e-10);

  rv_zscore (b, 3, true, 20, 10, z);
  fail_unless (fabs (z[0] + 1) < 1e-12 && fabs (z[1]) < 1e-12 && fabs (z[2] - 1) < 1e-12);

  for (i = 0; i < 50; i++)
    x[i] = 5;
  rv_zscore (x, 50, false, 0, 0, z);
  for (i = 0; i < 50; i++)
    fail_unless (z[i] == 0);

  rv_zscore (a, 4, false, 0, 0, z);
  fe_assert_f64 (z[0], -1.16189500386222511);
  fe_assert_f64 (z[1], -0.387298334620741702);
  fe_assert_f64 (z[2], 0.387298334620741702);
  fe_assert_f64 (z[3], 1.16189500386222511);
}
GST_END_TEST;

GST_START_TEST (test_sanitize)
{
  double p[56], o[56];
  const double g[4] = { 0, 3, -3, 0.5 };
  int i;

  for (i = 0; i < 56; i++)
    p[i] = 0.5 * i;
  rv_phase_sanitize (p, 56, o);
  for (i = 0; i < 56; i++)
    fail_unless (fabs (o[i]) < 1e-10);

  for (i = 0; i < 40; i++) {
    double v = fmod (0.4 * i, 2 * M_PI);
    if (v > M_PI)
      v -= 2 * M_PI;
    p[i] = v;
  }
  rv_phase_sanitize (p, 40, o);
  for (i = 1; i < 40; i++)
    fail_unless (fabs (o[i] - o[i - 1]) < 1.0);

  rv_phase_sanitize (p, 0, o);  /* empty: no-op */
  p[0] = 1.5;
  rv_phase_sanitize (p, 1, o);
  fail_unless (o[0] == 0.0);

  rv_phase_sanitize (g, 4, o);
  fe_assert_f64 (o[0], -1.42831853071795867);
  fe_assert_f64 (o[1], 1.39336293856408266);
  fe_assert_f64 (o[2], 1.49822971502571045);
  fe_assert_f64 (o[3], -1.46327412287183445);
}
GST_END_TEST;

GST_START_TEST (test_normalize)
{
  RvHwNormalizer *n;
  RvHwNormError err;
  double amp[64], ph[64];
  float oa[64], op[64], m = 0;
  int i;

  n = rv_hw_normalizer_new (56, &err);
  fail_unless (n != NULL && err == RV_HW_NORM_OK);

  for (i = 0; i < 64; i++) {
    amp[i] = 20 + 5 * sin (0.1 * i);
    ph[i] = 0.5 * sin (0.05 * i);
  }
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 64, ph, 64,
          rv_hw_detect (64), oa, op, 56), RV_HW_NORM_OK);
  for (i = 0; i < 56; i++)
    m += oa[i];
  fail_unless (fabsf (m / 56) < 0.1f);
  fe_assert_bits32 (oa[0], 0xB97F9AD7);
  fe_assert_f32 (oa[1], 0.16158813f);
  fe_assert_bits32 (op[0], 0xBEA0DE74);
  fe_assert_f32 (op[55], -0.31333253f);

  /* Intel 5300: 30 → 56 ; Atheros 56 → 56 */
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 30, ph, 30,
          rv_hw_detect (30), oa, op, 56), RV_HW_NORM_OK);
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 56, ph, 56,
          rv_hw_detect (56), oa, op, 56), RV_HW_NORM_OK);

  /* errors */
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 0, ph, 0,
          RV_HW_ESP32_S3, oa, op, 56), RV_HW_NORM_ERROR_EMPTY_INPUT);
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 2, ph, 1,
          RV_HW_ESP32_S3, oa, op, 56), RV_HW_NORM_ERROR_LENGTH_MISMATCH);
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 2, ph, 2,
          RV_HW_ESP32_S3, oa, op, 10), RV_HW_NORM_ERROR_OUTPUT_TOO_SMALL);
  rv_hw_normalizer_free (n);

  fail_unless (rv_hw_normalizer_new (0, &err) == NULL);
  fail_unless_equals_int (err, RV_HW_NORM_ERROR_INVALID_CANONICAL);

  n = rv_hw_normalizer_new (32, &err);
  fail_unless_equals_int (rv_hw_normalizer_canonical (n), 32);
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 64, ph, 64,
          RV_HW_ESP32_S3, oa, op, 64), RV_HW_NORM_OK);
  /* with registered hardware statistics */
  rv_hw_normalizer_set_hw_stats (n, RV_HW_ESP32_S3, 20.0, 5.0);
  fail_unless_equals_int (rv_hw_normalizer_normalize (n, amp, 32, ph, 32,
          RV_HW_ESP32_S3, oa, op, 64), RV_HW_NORM_OK);
  fe_assert_f32 (oa[0], (float) ((amp[0] - 20.0) / 5.0));
  rv_hw_normalizer_free (n);
}
GST_END_TEST;

GST_START_TEST (test_csi_amplitude_phase)
{
  /* HT_FRAME_HEX pair 4 = (−4, −6) (frontend.md §11.1) */
  const double iq[4] = { -4, -6, 0, 0 };
  double a[2], p[2];
  rv_csi_amplitude_phase (iq, 2, a, p);
  fe_assert_f64 (a[0], 7.211102550927978);
  fe_assert_f64 (p[0], -2.158798930342464);
  fail_unless (a[1] == 0.0 && p[1] == 0.0 && !signbit (p[1]));
}
GST_END_TEST;

static Suite *
hardware_norm_suite (void)
{
  Suite *s = suite_create ("core-hardware-norm");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_detect);
  tcase_add_test (tc, test_resample_identity_and_shapes);
  tcase_add_test (tc, test_resample_small_golden);
  tcase_add_test (tc, test_resample_to_canonical);
  tcase_add_test (tc, test_zscore);
  tcase_add_test (tc, test_sanitize);
  tcase_add_test (tc, test_normalize);
  tcase_add_test (tc, test_csi_amplitude_phase);
  return s;
}

GST_CHECK_MAIN (hardware_norm);
