/* libruview multi-band frame (frontend.md §4, §11.1, §11.2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/multiband.h"
#include "fe_common.h"

static float amp_a[56], amp_b[56], amp_c[56], ph0[56];

static void
fill (void)
{
  int i;
  for (i = 0; i < 56; i++) {
    amp_a[i] = 1.0f + 0.1f * (float) i;
    amp_b[i] = sinf (0.3f * (float) i);
    amp_c[i] = cosf (0.3f * (float) i);
    ph0[i] = 0.0f;
  }
}

static RvChannelFrame
cf (uint32_t f, const float *a, size_t n)
{
  RvChannelFrame c = { f, n, a, ph0 };
  return c;
}

GST_START_TEST (test_single_and_sort)
{
  RvChannelFrame fr[3];
  RvMultibandFrame out;
  RvMultibandErrorInfo info;

  fill ();
  fr[0] = cf (2412, amp_a, 56);
  fail_unless_equals_int (rv_multiband_build (1, 100, fr, 1, &out, &info), RV_MULTIBAND_OK);
  fail_unless (out.coherence == 1.0f);
  fail_unless_equals_int (out.n_channels, 1);

  fr[0] = cf (2462, amp_a, 56);
  fr[1] = cf (2412, amp_a, 56);
  fr[2] = cf (2437, amp_a, 56);
  fail_unless_equals_int (rv_multiband_build (1, 100, fr, 3, &out, &info), RV_MULTIBAND_OK);
  fail_unless_equals_int (out.freq_mhz[0], 2412);
  fail_unless_equals_int (out.freq_mhz[1], 2437);
  fail_unless_equals_int (out.freq_mhz[2], 2462);
  fail_unless_equals_int (out.order[0], 1);
  fail_unless_equals_int (out.order[1], 2);
  fail_unless_equals_int (out.order[2], 0);
  /* identical channels → coherence ≈ 1 */
  fail_unless (fabsf (out.coherence - 1.0f) < 0.01f);
}
GST_END_TEST;

GST_START_TEST (test_errors)
{
  RvChannelFrame fr[3];
  RvMultibandFrame out;
  RvMultibandErrorInfo info;

  fill ();
  fail_unless_equals_int (rv_multiband_build (1, 0, fr, 0, &out, &info),
      RV_MULTIBAND_ERROR_NO_FRAMES);
  fr[0] = cf (2412, amp_a, 56);
  fr[1] = cf (2437, amp_a, 30);
  fail_unless_equals_int (rv_multiband_build (1, 0, fr, 2, &out, &info),
      RV_MULTIBAND_ERROR_SUBCARRIER_MISMATCH);
  fail_unless_equals_int (info.expected, 56);
  fail_unless_equals_int (info.got, 30);
  /* duplicate frequency is checked before the subcarrier count */
  fr[1] = cf (2412, amp_a, 30);
  fail_unless_equals_int (rv_multiband_build (1, 0, fr, 2, &out, &info),
      RV_MULTIBAND_ERROR_DUPLICATE_FREQUENCY);
  fail_unless_equals_int (info.freq_mhz, 2412);
  fail_unless_equals_int (info.index, 1);
}
GST_END_TEST;

GST_START_TEST (test_coherence_golden)
{
  RvChannelFrame fr[2];
  RvMultibandFrame out;
  float p;

  fill ();
  fr[0] = cf (2412, amp_b, 56);
  fr[1] = cf (2437, amp_c, 56);
  fail_unless_equals_int (rv_multiband_build (1, 0, fr, 2, &out, NULL), RV_MULTIBAND_OK);
  fail_unless (out.coherence < 0.9f);
  p = rv_pearson_f32 (amp_b, 56, amp_c, 56);
  fe_assert_f32 (p, 0.046125814f);
  fe_assert_bits32 (out.coherence, 0x3F05E773);
}
GST_END_TEST;

GST_START_TEST (test_helpers)
{
  const float a[4] = { 1, 2, 3, 4 }, b[4] = { 3, 4, 5, 6 };
  const float *amps[2] = { a, b };
  const float x[5] = { 1, 2, 3, 4, 5 }, y[5] = { 2, 4, 6, 8, 10 }, r[5] = { 5, 4, 3, 2, 1 };
  const float k[5] = { 3, 3, 3, 3, 3 };
  float out[168];
  RvChannelFrame fr[3];
  RvMultibandFrame mf;
  int i;

  rv_multiband_mean_amplitude (amps, 2, 4, out);
  fail_unless (out[0] == 2 && out[1] == 3 && out[2] == 4 && out[3] == 5);
  out[0] = 42;
  rv_multiband_mean_amplitude (amps, 0, 4, out);
  fail_unless (out[0] == 42);

  fail_unless (fabsf (rv_pearson_f32 (x, 5, y, 5) - 1.0f) < 1e-6f);
  fail_unless (fabsf (rv_pearson_f32 (x, 5, r, 5) + 1.0f) < 1e-6f);
  fail_unless (rv_pearson_f32 (x, 0, y, 0) == 0.0f);
  fail_unless (rv_pearson_f32 (k, 5, x, 5) == 0.0f);

  fill ();
  fr[0] = cf (2412, amp_a, 56);
  fr[1] = cf (2437, amp_b, 56);
  fr[2] = cf (2462, amp_c, 56);
  fail_unless_equals_int (rv_multiband_build (1, 0, fr, 3, &mf, NULL), RV_MULTIBAND_OK);
  rv_multiband_concatenate_amplitudes (&mf, out);
  for (i = 0; i < 56; i++) {
    fail_unless (out[i] == amp_a[i]);
    fail_unless (out[56 + i] == amp_b[i]);
    fail_unless (out[112 + i] == amp_c[i]);
  }
  /* constants */
  fail_unless_equals_int (RV_MULTIBAND_DEFAULT_WINDOW_US, 200000);
  fail_unless_equals_int (RV_MULTIBAND_DEFAULT_CHANNELS, 3);
  fail_unless (RV_MULTIBAND_DEFAULT_MIN_COHERENCE == 0.3f);
  fail_unless (RV_MULTIBAND_EPSILON == 1e-12f);
}
GST_END_TEST;

static Suite *
multiband_suite (void)
{
  Suite *s = suite_create ("core-multiband");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_single_and_sort);
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_coherence_golden);
  tcase_add_test (tc, test_helpers);
  return s;
}

GST_CHECK_MAIN (multiband);
