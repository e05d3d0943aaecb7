/* libruview cross-channel phase alignment (frontend.md §6, §11.1, §11.2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/phase_align.h"
#include "fe_common.h"

#define MAXN 64

typedef struct {
  float amp[MAXN], ph[MAXN];
} Ch;

/* f(n, base, off): amplitude 1 + 0.01 i, phase base + 0.01 i + off */
static void
f (Ch *c, int n, float base, float off)
{
  int i;
  for (i = 0; i < n; i++) {
    c->amp[i] = 1.0f + 0.01f * (float) i;
    c->ph[i] = base + 0.01f * (float) i + off;
  }
}

static void
bind (RvAlignChannel *ac, Ch *c, int n)
{
  ac->amplitude = c->amp;
  ac->amp_len = (size_t) n;
  ac->phase = c->ph;
  ac->phase_len = (size_t) n;
}

static RvPhaseAligner *
make (size_t max_iter, float tol)
{
  RvPhaseAlignConfig cfg;
  RvPhaseAlignError err;
  RvPhaseAligner *a;
  rv_phase_align_config_default (&cfg);
  if (max_iter)
    cfg.max_iterations = max_iter;
  if (tol >= 0)
    cfg.tolerance = tol;
  a = rv_phase_aligner_new (&cfg, 3, MAXN, &err);
  fail_unless (a != NULL && err == RV_PHASE_ALIGN_OK);
  return a;
}

GST_START_TEST (test_single_and_errors)
{
  RvPhaseAligner *a = make (0, -1);
  RvAlignChannel ac[3];
  RvPhaseAlignErrorInfo info;
  RvPhaseAlignResult r;
  Ch c[3];
  size_t n;
  const float *lo;
  int i;

  lo = rv_phase_aligner_last_offsets (a, &n);
  fail_unless_equals_int (n, 3);
  fail_unless (lo[0] == 0 && lo[1] == 0 && lo[2] == 0);
  f (&c[0], 56, 0, 5.0f);       /* phases beyond PI: the single path does not wrap */
  bind (&ac[0], &c[0], 56);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 1, &r, NULL), 0);
  for (i = 0; i < 56; i++)
    fail_unless (c[0].ph[i] == 5.0f + 0.01f * (float) i);
  lo = rv_phase_aligner_last_offsets (a, &n);
  fail_unless (n == 1 && lo[0] == 0);
  fail_unless_equals_int (r.iterations, 0);

  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 0, &r, NULL),
      RV_PHASE_ALIGN_ERROR_NO_FRAMES);
  f (&c[1], 30, 0, 0);
  bind (&ac[1], &c[1], 30);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 2, &r, &info),
      RV_PHASE_ALIGN_ERROR_PHASE_LENGTH_MISMATCH);
  fail_unless (info.channel == 1 && info.expected == 56 && info.got == 30);
  bind (&ac[1], &c[1], 56);
  ac[1].amp_len = 55;
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 2, &r, &info),
      RV_PHASE_ALIGN_ERROR_AMPLITUDE_LENGTH_MISMATCH);
  bind (&ac[0], &c[0], 4);
  bind (&ac[1], &c[1], 4);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 2, &r, &info),
      RV_PHASE_ALIGN_ERROR_INSUFFICIENT_STATIC);
  rv_phase_aligner_free (a);
}
GST_END_TEST;

GST_START_TEST (test_offsets_goldens)
{
  RvPhaseAligner *a = make (0, -1);
  RvAlignChannel ac[3];
  RvPhaseAlignResult r;
  Ch c[3], orig[3];
  const size_t *S;
  size_t n, i;

  /* three identical channels */
  f (&c[0], 56, 0, 0);
  f (&c[1], 56, 0, 0);
  f (&c[2], 56, 0, 0);
  bind (&ac[0], &c[0], 56);
  bind (&ac[1], &c[1], 56);
  bind (&ac[2], &c[2], 56);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 3, &r, NULL), 0);
  for (i = 0; i < 3; i++)
    fail_unless (fabsf (r.offsets[i]) < 0.1f);
  /* static set: bins 0..16, ties by index */
  S = rv_phase_aligner_static_indices (a, &n);
  fail_unless_equals_int (n, 17);
  for (i = 0; i < 17; i++)
    fail_unless_equals_int (S[i], i);

  /* offset 0.5 */
  f (&c[0], 56, 0, 0);
  f (&c[1], 56, 0, 0.5f);
  orig[1] = c[1];
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 2, &r, NULL), 0);
  fail_unless (r.offsets[0] == 0.0f);
  fe_assert_bits32 (r.offsets[1], 0x3F000000);
  fail_unless_equals_int (r.iterations, 1);
  for (i = 0; i < 56; i++)
    fail_unless (fabsf (rv_phase_wrap (c[1].ph[i] - c[0].ph[i])) < 0.2f);
  /* amplitudes pass through unchanged */
  fail_unless (memcmp (c[1].amp, orig[1].amp, 56 * sizeof (float)) == 0);

  /* (0, 0.3, −0.2) */
  f (&c[0], 56, 0, 0);
  f (&c[1], 56, 0, 0.3f);
  f (&c[2], 56, 0, -0.2f);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 3, &r, NULL), 0);
  fail_unless (fabsf (r.offsets[0]) < 1e-6f);
  fail_unless (r.offsets[0] == 0.0f);
  fe_assert_f32 (r.offsets[1], 0.30000004f);
  fe_assert_f32 (r.offsets[2], -0.2f);
  fail_unless_equals_int (r.iterations, 1);
  rv_phase_aligner_free (a);
}
GST_END_TEST;

GST_START_TEST (test_iteration_cap_and_easy)
{
  RvPhaseAligner *a = make (7, 0.0f);
  RvAlignChannel ac[2];
  RvPhaseAlignResult r;
  Ch c[2];

  f (&c[0], 56, 0, 0);
  f (&c[1], 56, 0, 1.3f);
  bind (&ac[0], &c[0], 56);
  bind (&ac[1], &c[1], 56);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 2, &r, NULL), 0);
  fail_unless_equals_int (r.iterations, 7);
  fail_unless (isfinite (r.offsets[1]));
  fail_unless (r.offsets[0] == 0.0f);
  fe_assert_f32 (r.offsets[1], 1.2999998f);
  rv_phase_aligner_free (a);

  a = make (0, 1e-2f);
  f (&c[0], 56, 0, 0);
  f (&c[1], 56, 0, 0.02f);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 2, &r, NULL), 0);
  fail_unless (r.iterations < 50);
  fail_unless_equals_int (r.iterations, 1);
  fe_assert_f32 (r.offsets[1], 0.020000001f);
  rv_phase_aligner_free (a);
}
GST_END_TEST;

GST_START_TEST (test_twenty_bin_golden)
{
  RvPhaseAligner *a = make (0, -1);
  RvAlignChannel ac[3];
  RvPhaseAlignResult r;
  const size_t want[6] = { 0, 3, 5, 8, 10, 15 };
  const size_t *S;
  size_t n;
  Ch c[3];
  int i;

  f (&c[0], 20, 0, 0);
  f (&c[1], 20, 0, 2.0f);
  f (&c[2], 20, 0, -1.0f);
  for (i = 0; i < 20; i++) {
    c[1].amp[i] += (float) ((7 * i) % 5) * 0.1f;
    c[2].amp[i] -= (float) ((3 * i) % 4) * 0.05f;
  }
  bind (&ac[0], &c[0], 20);
  bind (&ac[1], &c[1], 20);
  bind (&ac[2], &c[2], 20);
  fail_unless_equals_int (rv_phase_aligner_align (a, ac, 3, &r, NULL), 0);
  S = rv_phase_aligner_static_indices (a, &n);
  fail_unless_equals_int (n, 6);
  fail_unless_equals_int (r.n_static, 6);
  for (i = 0; i < 6; i++)
    fail_unless_equals_int (S[i], want[i]);
  fail_unless (r.offsets[0] == 0.0f);
  fe_assert_f32 (r.offsets[1], 2.0f);
  fe_assert_f32 (r.offsets[2], -1.0f);
  fail_unless_equals_int (r.iterations, 1);
  rv_phase_aligner_free (a);
}
GST_END_TEST;

GST_START_TEST (test_wrap_and_circ_mean)
{
  const float ph[4] = { 0.1f, 0.2f, 0.3f, 0.4f };
  const size_t idx[4] = { 0, 1, 2, 3 };
  RvPhaseAlignConfig cfg;

  fail_unless (rv_phase_wrap (0.0f) == 0.0f);
  fe_assert_f32 (rv_phase_wrap (FE_PI_F32), 3.1415927f);
  fail_unless (rv_phase_wrap (-FE_PI_F32) == -FE_PI_F32);
  fail_unless (fabsf (rv_phase_wrap (3 * FE_PI_F32) - FE_PI_F32) < 0.01f);
  fail_unless (fabsf (rv_phase_wrap (-3 * FE_PI_F32) + FE_PI_F32) < 0.01f);
  fe_assert_f32 (rv_phase_wrap (3 * FE_PI_F32), 3.1415925f);
  fe_assert_f32 (rv_phase_wrap (7.0f), 0.7168145f);
  /* the |p| < 2·PI shortcut is bit-identical to the fmodf form */
  {
    RvXorshift32 rng;
    const float edge[] = { 0.0f, -0.0f, FE_PI_F32, -FE_PI_F32, 2 * FE_PI_F32, -2 * FE_PI_F32,
      nextafterf (2 * FE_PI_F32, 0), nextafterf (-2 * FE_PI_F32, 0),
      nextafterf (2 * FE_PI_F32, 10), 1e30f, -1e-30f, INFINITY, NAN };
    int k;
    rv_xorshift32_init (&rng, 99);
    for (k = 0; k < 200000; k++) {
      float p = k < 13 ? edge[k] : ((float) rv_xorshift32_next (&rng) / 4294967296.0f - 0.5f) * 40.0f;
      float q = fmodf (p, 2 * FE_PI_F32), w = rv_phase_wrap (p);
      if (q > FE_PI_F32)
        q -= 2 * FE_PI_F32;
      if (q < -FE_PI_F32)
        q += 2 * FE_PI_F32;
      fail_unless ((isnan (q) && isnan (w)) || fe_bits32 (q) == fe_bits32 (w), "p=%a", p);
    }
  }
  fail_unless (fabsf (rv_phase_circ_mean (ph, 4, idx, 4) - 0.25f) < 1e-3f);
  fail_unless (rv_phase_circ_mean (ph, 4, idx, 0) == 0.0f);
  rv_phase_align_config_default (&cfg);
  fail_unless (cfg.max_iterations == 20 && cfg.tolerance == 1e-4f
      && cfg.static_fraction == 0.3f && cfg.min_static_subcarriers == 5);
  cfg.min_static_subcarriers = 0;
  fail_unless (rv_phase_aligner_new (&cfg, 3, 56, NULL) == NULL);
}
GST_END_TEST;

/* F11: partial selection picks exactly the set the stable sort picks */
GST_START_TEST (test_partial_selection_equals_stable_sort)
{
  RvPhaseAligner *a = make (3, -1);
  RvXorshift32 rng;
  RvAlignChannel ac[3];
  Ch c[3];
  int trial;

  rv_xorshift32_init (&rng, 1234);
  for (trial = 0; trial < 500; trial++) {
    int n = 5 + (int) (rv_xorshift32_next (&rng) % 60), i, j, ch;
    float var[MAXN];
    size_t order[MAXN], take, n_s;
    const size_t *S;
    unsigned char chosen[MAXN];
    float prod;

    for (ch = 0; ch < 3; ch++) {
      for (i = 0; i < n; i++) {
        /* coarse levels so that many variances tie */
        c[ch].amp[i] = (float) (rv_xorshift32_next (&rng) % 4) * 0.5f;
        c[ch].ph[i] = 0.0f;
      }
      bind (&ac[ch], &c[ch], n);
    }
    /* reference: variance as §6 step 4, stable insertion sort, first k */
    for (i = 0; i < n; i++) {
      float s = -0.0f, m, v = -0.0f;
      for (ch = 0; ch < 3; ch++)
        s += c[ch].amp[i];
      m = s / 3.0f;
      for (ch = 0; ch < 3; ch++)
        v += (c[ch].amp[i] - m) * (c[ch].amp[i] - m);
      var[i] = v / 3.0f;
      order[i] = (size_t) i;
    }
    for (i = 1; i < n; i++) {
      size_t x = order[i];
      for (j = i; j > 0 && var[order[j - 1]] > var[x]; j--)
        order[j] = order[j - 1];
      order[j] = x;
    }
    prod = ceilf ((float) n * 0.3f);
    take = (size_t) prod < 5 ? 5 : (size_t) prod;
    if (take > (size_t) n)
      take = (size_t) n;
    memset (chosen, 0, sizeof chosen);
    for (i = 0; i < (int) take; i++)
      chosen[order[i]] = 1;
    fail_unless_equals_int (rv_phase_aligner_align (a, ac, 3, NULL, NULL), 0);
    S = rv_phase_aligner_static_indices (a, &n_s);
    fail_unless_equals_int (n_s, take);
    for (i = 0; i < (int) n_s; i++) {
      fail_unless (chosen[S[i]]);
      if (i > 0)
        fail_unless (S[i] > S[i - 1]);
    }
  }
  rv_phase_aligner_free (a);
}
GST_END_TEST;

static Suite *
phase_align_suite (void)
{
  Suite *s = suite_create ("core-phase-align");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_single_and_errors);
  tcase_add_test (tc, test_offsets_goldens);
  tcase_add_test (tc, test_iteration_cap_and_easy);
  tcase_add_test (tc, test_twenty_bin_golden);
  tcase_add_test (tc, test_wrap_and_circ_mean);
  tcase_add_test (tc, test_partial_selection_equals_stable_sort);
  return s;
}

GST_CHECK_MAIN (phase_align);
