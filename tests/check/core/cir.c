/* libruview CIR estimator: cir.md §12 goldens and the §13 test list. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/cir.h"
#include "cir_gen.h"

/* ---- helpers ------------------------------------------------------------ */

static RvCirEstimator *
make_est (RvCirTier tier, bool fft)
{
  RvCirConfig cfg;
  RvCirError err = RV_CIR_ERROR_INVALID_ARGUMENT;
  RvCirEstimator *e;
  rv_cir_config_init (&cfg, tier);
  cfg.fft_operator = fft;
  e = rv_cir_estimator_new (&cfg, &err);
  fail_unless (e != NULL, "estimator %s: %s", rv_cir_tier_name (tier), rv_cir_error_str (err));
  fail_unless_equals_int (err, RV_CIR_OK);
  return e;
}

static double
tier_df (RvCirTier tier)
{
  RvCirConfig c;
  rv_cir_config_init (&c, tier);
  return c.bandwidth_hz / (double) c.num_subcarriers;
}

static uint64_t
phi_fnv (const RvCirEstimator *e)
{
  uint64_t h = 0xcbf29ce484222325ull;
  size_t k = rv_cir_estimator_num_active (e), g = rv_cir_estimator_num_taps (e), ki, j;
  for (ki = 0; ki < k; ki++)
    for (j = 0; j < g; j++) {
      float v[2];
      rv_cir_estimator_phi (e, ki, j, &v[0], &v[1]);
      {
        int c, b;
        for (c = 0; c < 2; c++) {
          uint32_t u = rv_gen_f32_bits (v[c]);
          for (b = 0; b < 4; b++) {
            h ^= (u >> (8 * b)) & 0xffu;
            h *= 0x100000001b3ull;
          }
        }
      }
    }
  return h;
}

/* ---- §13.1 config ------------------------------------------------------- */

GST_START_TEST (test_config_tables)
{
  static const struct { RvCirTier t; uint32_t n, k, g; float l; double bw; } exp[] = {
    { RV_CIR_TIER_HT20, 64, 52, 156, 0.08f, 20e6 },
    { RV_CIR_TIER_CANONICAL56, 64, 56, 168, 0.08f, 20e6 },
    { RV_CIR_TIER_HT40, 128, 114, 342, 0.08f, 40e6 },
    { RV_CIR_TIER_HE20, 256, 242, 726, 0.18f, 20e6 },
    { RV_CIR_TIER_HE40, 512, 484, 1452, 0.02f, 40e6 },
  };
  RvCirConfig c;
  size_t i, len, ki;
  for (i = 0; i < G_N_ELEMENTS (exp); i++) {
    rv_cir_config_init (&c, exp[i].t);
    fail_unless_equals_int (c.num_subcarriers, exp[i].n);
    fail_unless_equals_int (c.num_active, exp[i].k);
    fail_unless_equals_int (c.num_taps, exp[i].g);
    fail_unless_equals_int (c.num_taps, 3 * c.num_active);
    fail_unless (c.lambda == exp[i].l);
    fail_unless (c.bandwidth_hz == exp[i].bw);
    fail_unless_equals_int (c.max_iters, 100);
    fail_unless (c.tolerance == 1e-4f);
    fail_unless (c.ranging_min_bw_hz == 40e6);
    fail_unless (c.dominant_ratio_threshold == 0.3f);
    fail_unless (!c.fft_operator);
    fail_unless_equals_int (rv_cir_config_validate (&c), RV_CIR_OK);
    /* ACTIVE(K): endpoints, length, no 0 */
    len = rv_cir_active_list_len (c.num_subcarriers, c.num_active);
    fail_unless_equals_int (len, c.num_active);
    fail_unless_equals_int (rv_cir_active_index (len, 0), -(int) (len / 2));
    fail_unless_equals_int (rv_cir_active_index (len, len - 1), (int) (len / 2));
    fail_unless_equals_int (rv_cir_active_index (len, len / 2 - 1), -1);
    fail_unless_equals_int (rv_cir_active_index (len, len / 2), 1);
    for (ki = 0; ki < len; ki++)
      fail_unless (rv_cir_active_index (len, ki) != 0);
  }
  fail_unless_equals_int (rv_cir_config_for_bandwidth_mhz (&c, 20), RV_CIR_OK);
  fail_unless_equals_int (c.num_active, 52);
  fail_unless_equals_int (rv_cir_config_for_bandwidth_mhz (&c, 40), RV_CIR_OK);
  fail_unless_equals_int (c.num_active, 114);
  fail_unless_equals_int (rv_cir_config_for_bandwidth_mhz (&c, 80),
      RV_CIR_ERROR_UNSUPPORTED_BANDWIDTH);
  fail_unless_equals_int (rv_cir_config_for_bandwidth_mhz (&c, 160),
      RV_CIR_ERROR_UNSUPPORTED_BANDWIDTH);
  /* dispatch (§2.2) */
  fail_unless_equals_int (rv_cir_active_list_len (64, 52), 52);
  fail_unless_equals_int (rv_cir_active_list_len (999, 56), 56);
  fail_unless_equals_int (rv_cir_active_list_len (999, 484), 484);
  fail_unless_equals_int (rv_cir_active_list_len (64, 60), 52);
}
GST_END_TEST;

/* the tier that takes frames n bins wide */
GST_START_TEST (test_tier_for_width)
{
  static const struct { unsigned n; RvCirTier t; } ok[] = {
    {56, RV_CIR_TIER_CANONICAL56}, {52, RV_CIR_TIER_HT20},
    {64, RV_CIR_TIER_HT20}, {114, RV_CIR_TIER_HT40}, {128, RV_CIR_TIER_HT40},
    {242, RV_CIR_TIER_HE20}, {256, RV_CIR_TIER_HE20},
    {484, RV_CIR_TIER_HE40}, {512, RV_CIR_TIER_HE40},
  };
  static const unsigned none[] = { 0, 1, 30, 57, 63, 65, 234, 1024 };
  RvCirTier t;
  unsigned i;

  for (i = 0; i < G_N_ELEMENTS (ok); i++) {
    fail_unless (rv_cir_tier_for_width (ok[i].n, &t), "%u", ok[i].n);
    fail_unless_equals_int (t, ok[i].t);
  }
  for (i = 0; i < G_N_ELEMENTS (none); i++)
    fail_if (rv_cir_tier_for_width (none[i], &t), "%u", none[i]);
}
GST_END_TEST;

GST_START_TEST (test_reject_configs)
{
  RvCirConfig c;
  RvCirError err;
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.num_active = 60;                 /* falls back to the 52-entry list */
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_CONFIG);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.num_taps = 0;
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_CONFIG);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.num_taps = 52;                   /* G ≤ K: FFT bins would collide */
  c.fft_operator = true;
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_CONFIG);
  c.num_taps = 67 * 2;               /* a prime factor above 64 */
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_CONFIG);
  c.num_taps = 61 * 2;               /* the largest prime the transform takes */
  rv_cir_estimator_free (rv_cir_estimator_new (&c, &err));
  fail_unless_equals_int (err, RV_CIR_OK);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.solver = (RvCirSolver) 7;
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_CONFIG);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.num_subcarriers = 20;            /* full layout cannot hold ±26 */
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_CONFIG);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.bandwidth_hz = 0.0;
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.lambda = -1.0f;
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  rv_cir_config_init (&c, RV_CIR_TIER_HT20);
  c.lambda = NAN;
  fail_unless (rv_cir_estimator_new (&c, &err) == NULL);
  fail_unless (rv_cir_estimator_new (NULL, &err) == NULL);
  fail_unless_equals_int (err, RV_CIR_ERROR_INVALID_ARGUMENT);
  /* custom G (not 3K, even G ≤ K or odd) keeps Φ's dimensions: fine on the
   * dense path, and every ISA path still agrees bit for bit */
  {
    static const uint32_t gs[] = { 200, 52, 37, 1 };
    size_t i;
    for (i = 0; i < G_N_ELEMENTS (gs); i++) {
      RvCirEstimator *e;
      RvCirWorkspace *w;
      double buf[2 * 52];
      float ref[2 * 200], taps[2 * 200];
      RvCir cr, cc;
      RvCirIsa isa;
      rv_cir_config_init (&c, RV_CIR_TIER_HT20);
      c.num_taps = gs[i];
      c.isa = RV_CIR_ISA_SCALAR;
      e = rv_cir_estimator_new (&c, &err);
      fail_unless (e != NULL, "G = %u", gs[i]);
      w = rv_cir_workspace_new (e);
      rv_gen_single_tap (52, 312500.0, 40e-9, 1.0f, buf);
      fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, 52, ref, &cr), RV_CIR_OK);
      fail_unless_equals_int (cr.num_taps, gs[i]);
      for (isa = RV_CIR_ISA_SSE2; isa <= RV_CIR_ISA_AVX; isa++) {
        if (!rv_cir_isa_available (isa))
          continue;
        rv_cir_estimator_set_isa (e, isa);
        fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, 52, taps, &cc), RV_CIR_OK);
        fail_unless (memcmp (ref, taps, 2 * gs[i] * sizeof (float)) == 0, "G = %u, %s",
            gs[i], rv_cir_isa_name (isa));
        fail_unless_equals_int (cc.dominant_tap_idx, cr.dominant_tap_idx);
      }
      rv_cir_workspace_free (w);
      rv_cir_estimator_free (e);
    }
  }
}
GST_END_TEST;

/* ---- §12.1 / §13.2 construction goldens --------------------------------- */

GST_START_TEST (test_phi_goldens)
{
  static const struct { RvCirTier t; uint32_t l, step, thresh; uint64_t phi; } gold[] = {
    { RV_CIR_TIER_HT20, 0x40400002, 0x3eaaaaa9, 0x3cda740b, 0x54edbb94e2e8c0d1ull },
    { RV_CIR_TIER_CANONICAL56, 0x403fffff, 0x3eaaaaac, 0x3cda740f, 0xa9f9ab17b3e28cf5ull },
    { RV_CIR_TIER_HT40, 0x40400000, 0x3eaaaaab, 0x3cda740e, 0x79fce7275af7cdb1ull },
    { RV_CIR_TIER_HE20, 0x403fffdd, 0x3eaaaaca, 0x3d75c2bd, 0x3a487658ef239a59ull },
    { RV_CIR_TIER_HE40, 0x403fffb9, 0x3eaaaaea, 0x3bda745e, 0x9bccab6cfe9b1b75ull },
  };
  size_t i;
  for (i = 0; i < G_N_ELEMENTS (gold); i++) {
    RvCirIsa isa;
    for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++) {
      RvCirConfig c;
      RvCirEstimator *e;
      size_t k, g, ki, j;
      float l;
      if (!rv_cir_isa_available (isa))
        continue;
      /* the scalar path at HE40 is the slow one; run it only up to HE20 */
      if (isa == RV_CIR_ISA_SCALAR && gold[i].t == RV_CIR_TIER_HE40)
        continue;
      rv_cir_config_init (&c, gold[i].t);
      c.isa = isa;
      e = rv_cir_estimator_new (&c, NULL);
      fail_unless (e != NULL);
      l = rv_cir_estimator_lipschitz (e);
      fail_unless_equals_int_hex (rv_gen_f32_bits (l), gold[i].l);
      fail_unless_equals_int_hex (rv_gen_f32_bits (rv_cir_estimator_step (e)), gold[i].step);
      fail_unless_equals_int_hex (rv_gen_f32_bits (rv_cir_estimator_threshold (e)),
          gold[i].thresh);
      fail_unless (l > 2.99f && l < 3.01f);
      if (isa != RV_CIR_ISA_SCALAR && isa != rv_cir_estimator_isa (e))
        fail ("isa not applied");
      if (isa == RV_CIR_ISA_SSE2 || (isa == RV_CIR_ISA_SCALAR)) {
        fail_unless (phi_fnv (e) == gold[i].phi, "%s phi_fnv %016" G_GINT64_MODIFIER "x",
            rv_cir_tier_name (gold[i].t), phi_fnv (e));
        /* column norms within 0.02 of 1 */
        k = rv_cir_estimator_num_active (e);
        g = rv_cir_estimator_num_taps (e);
        for (j = 0; j < g; j++) {
          double s = 0.0;
          for (ki = 0; ki < k; ki++) {
            float re, im;
            rv_cir_estimator_phi (e, ki, j, &re, &im);
            s += (double) re * re + (double) im * im;
          }
          fail_unless (fabs (sqrt (s) - 1.0) < 0.02);
        }
      }
      if (gold[i].t == RV_CIR_TIER_HT20) {
        float re, im;
        rv_cir_estimator_phi (e, 0, 1, &re, &im);
        fail_unless (fabsf (re - 0.069337517f) < 1e-9f && fabsf (im - 0.120096125f) < 1e-9f);
        fail_unless_equals_int_hex (rv_gen_f32_bits (rv_cir_estimator_diag (e, 0)),
            0x3f8a3d73);
        for (j = 0; j < 156; j++) {
          float d = rv_cir_estimator_diag (e, j);
          fail_unless (d >= 1.0800002f && d <= 1.0800003f);
        }
      }
      if (gold[i].t == RV_CIR_TIER_CANONICAL56) {
        float re, im;
        rv_cir_estimator_phi (e, 0, 0, &re, &im);
        fail_unless (fabsf (re - 0.133630618f) < 1e-9f && im == 0.0f);
      }
      rv_cir_estimator_free (e);
    }
  }
}
GST_END_TEST;

/* ---- §13.3 / §13.4 ------------------------------------------------------ */

GST_START_TEST (test_soft_threshold)
{
  float re = 0.01f, im = 0.0f;
  rv_cir_soft_threshold (&re, &im, 0.1f);
  fail_unless (hypotf (re, im) < 1e-6f);
  re = 0.5f; im = 0.0f;
  rv_cir_soft_threshold (&re, &im, 0.1f);
  fail_unless (hypotf (re, im) > 0.3f && fabsf (re - 0.4f) < 1e-6f);
  re = 0.0f; im = 0.05f;
  rv_cir_soft_threshold (&re, &im, 0.1f);
  fail_unless (hypotf (re, im) < 1e-6f);
}
GST_END_TEST;

GST_START_TEST (test_circular_variance)
{
  float re[360], im[360];
  uint32_t s = 12345;
  size_t i;
  float v;
  for (i = 0; i < 52; i++) { re[i] = 1.0f; im[i] = 0.0f; }
  fail_unless (rv_cir_phase_variance (re, im, 52) < 1e-6f);
  for (i = 0; i < 40; i++) {
    float th = (i % 2 == 0) ? (RV_GEN_PI_F32 - 0.02f) : -(RV_GEN_PI_F32 - 0.02f);
    re[i] = cosf (th); im[i] = sinf (th);
  }
  fail_unless (rv_cir_phase_variance (re, im, 40) < 0.01f);
  for (i = 0; i < 64; i++) { re[i] = cosf (0.7f); im[i] = sinf (0.7f); }
  fail_unless (rv_cir_phase_variance (re, im, 64) < 1e-5f);
  for (i = 0; i < 360; i++) {
    float th = (float) i * (2.0f * RV_GEN_PI_F32 / 360.0f);
    re[i] = cosf (th); im[i] = sinf (th);
  }
  fail_unless (rv_cir_phase_variance (re, im, 360) > 0.99f);
  for (i = 0; i < 200; i++) {
    float u, th;
    s = s * 1664525u + 1013904223u;
    u = (float) (s >> 8) / 16777216.0f;
    th = u * 2.0f * RV_GEN_PI_F32 - RV_GEN_PI_F32;
    re[i] = cosf (th); im[i] = sinf (th);
  }
  v = rv_cir_phase_variance (re, im, 200);
  fail_unless (v >= 0.0f && v <= 1.0f);
  fail_unless (rv_cir_phase_variance (re, im, 1) == 0.0f);
}
GST_END_TEST;

/* ---- §13.5 size and guard errors ---------------------------------------- */

GST_START_TEST (test_errors)
{
  RvCirEstimator *e20 = make_est (RV_CIR_TIER_HT20, false);
  RvCirEstimator *e40 = make_est (RV_CIR_TIER_HT40, false);
  RvCirWorkspace *w20 = rv_cir_workspace_new (e20), *w40 = rv_cir_workspace_new (e40);
  static double zeros[2 * 128 * 3];
  double ph[2 * 52];
  char msg[128];
  RvCir c;
  int i;

  fail_unless_equals_int (rv_cir_estimate (e20, w20, zeros, 1, 60, NULL, &c),
      RV_CIR_ERROR_SUBCARRIER_MISMATCH);
  fail_unless_equals_int (c.expected_cols, 64);
  fail_unless_equals_int (c.got_cols, 60);
  fail_unless_equals_int (rv_cir_estimate (e40, w40, zeros, 1, 98, NULL, &c),
      RV_CIR_ERROR_SUBCARRIER_MISMATCH);
  fail_unless_equals_int (c.expected_cols, 128);
  fail_unless_equals_int (c.got_cols, 98);
  fail_unless_equals_int (rv_cir_estimate (e20, w20, NULL, 0, 0, NULL, &c),
      RV_CIR_ERROR_SUBCARRIER_MISMATCH);
  fail_unless_equals_int (c.expected_cols, 64);
  fail_unless_equals_int (c.got_cols, 0);
  fail_unless_equals_int (rv_cir_estimate (e20, w20, zeros, 1, 56, NULL, &c),
      RV_CIR_ERROR_SUBCARRIER_MISMATCH);
  rv_cir_error_describe (RV_CIR_ERROR_SUBCARRIER_MISMATCH, &c, msg, sizeof msg);
  fail_unless (strstr (msg, "56") != NULL && strstr (msg, "mismatch") != NULL
      && strstr (msg, "64") != NULL, "%s", msg);
  /* 0 rows × N or K columns: an error, not a crash */
  fail_unless_equals_int (rv_cir_estimate (e20, w20, zeros, 0, 64, NULL, &c),
      RV_CIR_ERROR_NO_ROWS);
  fail_unless_equals_int (rv_cir_estimate (e20, w20, zeros, 0, 52, NULL, &c),
      RV_CIR_ERROR_NO_ROWS);
  /* workspace of another estimator */
  fail_unless_equals_int (rv_cir_estimate (e20, w40, zeros, 1, 52, NULL, &c),
      RV_CIR_ERROR_INVALID_ARGUMENT);
  /* §12 error golden: e^{j2πk/52} → UnsanitizedPhase{1.0} */
  for (i = 0; i < 52; i++) {
    ph[2 * i] = cos (2.0 * M_PI * i / 52.0);
    ph[2 * i + 1] = sin (2.0 * M_PI * i / 52.0);
  }
  fail_unless_equals_int (rv_cir_estimate (e20, w20, ph, 1, 52, NULL, &c),
      RV_CIR_ERROR_UNSANITIZED_PHASE);
  fail_unless (c.phase_variance == 1.0f, "V = %.9g", c.phase_variance);
  rv_cir_workspace_free (w20);
  rv_cir_workspace_free (w40);
  rv_cir_estimator_free (e20);
  rv_cir_estimator_free (e40);
}
GST_END_TEST;

/* ---- §12.2 per-input goldens -------------------------------------------- */

typedef enum {
  GEN_SYN3, GEN_TOF, GEN_GHOST10, GEN_ZEROS, GEN_RAMP3, GEN_RAMP10, GEN_TAP40,
  GEN_UNIT, GEN_NODE, GEN_SYNTH, GEN_LINK, GEN_GHOST20,
} GenKind;

typedef struct {
  const char *name;
  RvCirTier tier;
  GenKind gen;
  double arg;          /* delay (s), node index, link index */
  size_t dom;
  uint32_t ratio;
  size_t active;
  double rms;
  uint32_t iters;
  float residual;
  bool ranging;
  uint8_t nre, nim;    /* 0 = fallback */
  uint64_t fnv;
} Golden;

#define FB RV_CIR_NEUMANN_FALLBACK
static const Golden goldens[] = {
  { "syn3 HT20", RV_CIR_TIER_HT20, GEN_SYN3, 0, 0, 0x3ebbc5fc, 39, 6.505178e-8, 100, 2.900904e-3f, false, 1, 1, 0x18d5ceeb460cedc0ull },
  { "syn3 HT40", RV_CIR_TIER_HT40, GEN_SYN3, 0, 1, 0x3ecfb104, 53, 6.388247e-8, 100, 2.177551e-3f, true, 1, 1, 0x1ea9cb2cc2558ff9ull },
  { "syn3 HE20", RV_CIR_TIER_HE20, GEN_SYN3, 0, 1, 0x3ef2dddb, 20, 8.058847e-8, 100, 3.822216e-3f, false, 2, 1, 0xe9131ad60bbd8920ull },
  { "tof HT20 10 ns", RV_CIR_TIER_HT20, GEN_TOF, 10e-9, 0, 0x3f639c4c, 7, 1.073118e-8, 100, 4.765152e-3f, false, 1, 1, 0xcc81eb1eb6520533ull },
  { "tof HT40 30 ns", RV_CIR_TIER_HT40, GEN_TOF, 30e-9, 3, 0x3f624a07, 9, 6.869915e-9, 100, 1.763679e-3f, true, 1, 1, 0xf71ec1fca55ac473ull },
  { "ghost 10pi", RV_CIR_TIER_HT20, GEN_GHOST10, 0, 95, 0x3d2ad55c, 106, 4.632757e-7, 100, 3.078496e-3f, false, 1, 1, 0x6e9ff687ff11069aull },
  { "zeros", RV_CIR_TIER_HT20, GEN_ZEROS, 0, 155, 0, 156, 0.0, 1, 0.0f, false, 1, 1, 0x7718dd1c39c074a5ull },
  { "ramp 3pi", RV_CIR_TIER_HT20, GEN_RAMP3, 30e-9, 82, 0x3e97103d, 44, 8.819479e-8, 100, 1.800463e-3f, false, 1, 1, 0x026bb80856eab024ull },
  { "ramp 10pi", RV_CIR_TIER_HT20, GEN_RAMP10, 20e-9, 1, 0x3f6bb781, 7, 1.216553e-8, 100, 2.754803e-3f, false, 1, 1, 0x45048dc99a7c97caull },
  { "tap 40 ns", RV_CIR_TIER_HT20, GEN_TAP40, 40e-9, 2, 0x3f69d50d, 7, 1.290482e-8, 100, 2.510074e-3f, false, 1, 1, 0x841b1ea1fc7e9dadull },
  { "unit HT20 30 ns", RV_CIR_TIER_HT20, GEN_UNIT, 30e-9, 155, 0x3f76859b, 4, 1.005184e-8, 100, 2.701416e-3f, false, 1, 1, 0x1c143367a6b72c13ull },
  { "unit c56 20 ns", RV_CIR_TIER_CANONICAL56, GEN_UNIT, 20e-9, 167, 0x3f3a0e7a, 6, 6.999824e-9, 100, 2.939756e-3f, false, 1, 1, 0xac417a21b9df54c6ull },
  { "unit c56 50 ns", RV_CIR_TIER_CANONICAL56, GEN_UNIT, 50e-9, 165, 0x3f7307d0, 5, 9.331674e-9, 100, 2.731188e-3f, false, 1, 1, 0x9ebba3ad3b87f01dull },
  { "gate node 0", RV_CIR_TIER_CANONICAL56, GEN_NODE, 0, 167, 0x3ed0eca7, 25, 2.000008e-8, 100, 2.191535e-3f, false, 2, 1, 0x71e3b86c97e1a8c0ull },
  { "gate node 1", RV_CIR_TIER_CANONICAL56, GEN_NODE, 1, 167, 0x3ece4814, 27, 2.068938e-8, 100, 2.174004e-3f, false, 1, 2, 0x0b3a3c5af9d381eeull },
  { "gate node 2", RV_CIR_TIER_CANONICAL56, GEN_NODE, 2, 167, 0x3ecbc45b, 28, 2.136335e-8, 100, 2.155288e-3f, false, 1, FB, 0xc24ad5be031c9abfull },
  { "gate node 7", RV_CIR_TIER_CANONICAL56, GEN_NODE, 7, 167, 0x3ec107c8, 30, 2.449444e-8, 100, 2.076635e-3f, false, 1, 1, 0x685fec3ecdc06899ull },
  { "synth_csi HT20", RV_CIR_TIER_HT20, GEN_SYNTH, 0, 0, 0x3ebc2bd7, 39, 6.473908e-8, 100, 2.900781e-3f, false, 1, 1, 0xcc43ce56e7f8b341ull },
  { "synth_csi HT40", RV_CIR_TIER_HT40, GEN_SYNTH, 0, 1, 0x3eccb6cc, 58, 6.611421e-8, 100, 2.177287e-3f, true, 1, 1, 0xc3ae33d87a8a36a7ull },
  { "12-link HT20 seed 8", RV_CIR_TIER_HT20, GEN_LINK, 1, 1, 0x3f4bc4d5, 22, 5.114949e-8, 100, 3.112490e-3f, false, 1, 1, 0x64d7f8b8f5b46667ull },
};

/* Runs the golden's input; data must hold 2·64 doubles at least. */
static RvCirError
run_input (const RvCirEstimator *e, RvCirWorkspace *w, RvCirTier tier, GenKind gen,
    double arg, float *taps, RvCir *c)
{
  const RvCirConfig *cfg = rv_cir_estimator_config (e);
  size_t k = cfg->num_active;
  double df = tier_df (tier);
  double buf[2 * 512];
  size_t cols = k;
  memset (buf, 0, sizeof buf);
  switch (gen) {
    case GEN_SYN3: {
      RvGenTap t[3];
      rv_gen_three_taps (t);
      rv_gen_forward_project (k, df, t, 3, 20.0f, buf);
      break;
    }
    case GEN_TOF: {
      RvGenTap t = { arg, 1.0f, 0.0f };
      rv_gen_forward_project (k, df, &t, 1, 30.0f, buf);
      break;
    }
    case GEN_GHOST10:
      rv_gen_ghost (k, 20.0, buf);
      break;
    case GEN_GHOST20:
      rv_gen_ghost (k, 40.0, buf);
      break;
    case GEN_ZEROS:
      break;
    case GEN_RAMP3:
      rv_gen_single_tap (k, df, arg, 1.0f, buf);
      rv_gen_phase_ramp (k, 0.0, 3.0 * M_PI, buf);
      break;
    case GEN_RAMP10:
      rv_gen_single_tap (k, df, arg, 0.9f, buf);
      rv_gen_phase_ramp (k, 0.0, 10.0 * M_PI, buf);
      break;
    case GEN_TAP40:
      rv_gen_single_tap (k, df, arg, 1.0f, buf);
      break;
    case GEN_UNIT:
      rv_gen_unit_frame (arg, buf);
      cols = 64;
      break;
    case GEN_NODE: {
      float amp[56], ph[56];
      rv_gen_node_frame ((int) arg, amp, ph);
      return rv_cir_estimate_polar (e, w, amp, 56, ph, 56, taps, c);
    }
    case GEN_SYNTH:
      rv_gen_synth_csi (k, 312500.0, buf);
      break;
    case GEN_LINK:
      rv_gen_link_frame (k, 312500.0, (unsigned) arg, buf);
      break;
  }
  return rv_cir_estimate (e, w, buf, 1, cols, taps, c);
}

static void
check_golden (const Golden *gd, const RvCir *c, RvCirError r, const char *isa)
{
  uint64_t fnv;
  fail_unless_equals_int (r, RV_CIR_OK);
  fnv = rv_gen_fnv_taps (c->taps, 2 * c->num_taps);
  fail_unless (fnv == gd->fnv, "%s [%s]: fnv %016" G_GINT64_MODIFIER "x (dom %zu ratio %08x "
      "N %u,%u)", gd->name, isa, fnv, c->dominant_tap_idx,
      rv_gen_f32_bits (c->dominant_tap_ratio), c->neumann_re, c->neumann_im);
  fail_unless_equals_int (c->dominant_tap_idx, gd->dom);
  fail_unless_equals_int_hex (rv_gen_f32_bits (c->dominant_tap_ratio), gd->ratio);
  fail_unless_equals_int (c->active_tap_count, gd->active);
  fail_unless (fabs (c->rms_delay_spread_s - gd->rms) <= 1e-6 * gd->rms + 1e-20,
      "%s rms %.7g", gd->name, c->rms_delay_spread_s);
  fail_unless_equals_int (c->iters_used, gd->iters);
  fail_unless (fabsf (c->residual - gd->residual) <= 1e-6f * gd->residual + 1e-12f,
      "%s residual %.7g", gd->name, c->residual);
  fail_unless_equals_int (c->ranging_valid, gd->ranging);
  fail_unless_equals_int (c->neumann_re, gd->nre);
  fail_unless_equals_int (c->neumann_im, gd->nim);
}

/* Every §12.2 row on every available ISA path, taps compared bit for bit
 * (through their FNV-1a) — this is also the per-path bit-exactness proof. */
GST_START_TEST (test_goldens_all_isas)
{
  RvCirIsa isa;
  size_t i;
  RvCirTier tier;
  for (tier = RV_CIR_TIER_HT20; tier <= RV_CIR_TIER_HE20; tier++) {
    RvCirEstimator *e = make_est (tier, false);
    RvCirWorkspace *w = rv_cir_workspace_new (e);
    for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++) {
      if (!rv_cir_isa_available (isa))
        continue;
      fail_unless_equals_int (rv_cir_estimator_set_isa (e, isa), RV_CIR_OK);
      for (i = 0; i < G_N_ELEMENTS (goldens); i++) {
        RvCir c;
        RvCirError r;
        float taps[2 * 1452];
        if (goldens[i].tier != tier)
          continue;
        /* caller storage and workspace storage give the same taps */
        r = run_input (e, w, tier, goldens[i].gen, goldens[i].arg,
            (i % 2) ? taps : NULL, &c);
        check_golden (&goldens[i], &c, r, rv_cir_isa_name (isa));
      }
    }
    rv_cir_workspace_free (w);
    rv_cir_estimator_free (e);
  }
}
GST_END_TEST;

/* HE40 has no §12 input row; the paths must still agree bit for bit. */
GST_START_TEST (test_he40_paths_agree)
{
  RvCirEstimator *e = make_est (RV_CIR_TIER_HE40, false);
  RvCirWorkspace *w = rv_cir_workspace_new (e);
  static double buf[2 * 484];
  static float ref[2 * 1452], taps[2 * 1452];
  RvCirIsa isa;
  RvCir c, c0;
  bool have_ref = false;
  rv_gen_synth_csi (484, 78125.0, buf);
  for (isa = RV_CIR_ISA_SSE2; isa <= RV_CIR_ISA_AVX; isa++) {
    if (!rv_cir_isa_available (isa))
      continue;
    rv_cir_estimator_set_isa (e, isa);
    if (!have_ref) {
      fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, 484, ref, &c0), RV_CIR_OK);
      have_ref = true;
      continue;
    }
    fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, 484, taps, &c), RV_CIR_OK);
    fail_unless (memcmp (ref, taps, sizeof ref) == 0, "HE40 %s differs", rv_cir_isa_name (isa));
    fail_unless_equals_int (c.dominant_tap_idx, c0.dominant_tap_idx);
  }
  /* the scalar path on the operators only (a full scalar HE40 estimate is
   * slow): Φx and Φᴴr bit for bit against the SIMD paths */
  {
    static float xr[1452], xi[1452], o1r[1452], o1i[1452], o2r[1452], o2i[1452];
    size_t i;
    for (i = 0; i < 1452; i++) {
      xr[i] = sinf ((float) i * 0.37f);
      xi[i] = cosf ((float) i * 0.71f);
    }
    rv_cir_estimator_set_isa (e, RV_CIR_ISA_SCALAR);
    rv_cir_apply_phi (e, w, false, xr, xi, o1r, o1i);
    for (isa = RV_CIR_ISA_SSE2; isa <= RV_CIR_ISA_AVX; isa++) {
      if (!rv_cir_isa_available (isa))
        continue;
      rv_cir_estimator_set_isa (e, isa);
      rv_cir_apply_phi (e, w, false, xr, xi, o2r, o2i);
      fail_unless (memcmp (o1r, o2r, 484 * 4) == 0 && memcmp (o1i, o2i, 484 * 4) == 0);
    }
    rv_cir_estimator_set_isa (e, RV_CIR_ISA_SCALAR);
    rv_cir_apply_phi_h (e, w, false, xr, xi, o1r, o1i);
    for (isa = RV_CIR_ISA_SSE2; isa <= RV_CIR_ISA_AVX; isa++) {
      if (!rv_cir_isa_available (isa))
        continue;
      rv_cir_estimator_set_isa (e, isa);
      rv_cir_apply_phi_h (e, w, false, xr, xi, o2r, o2i);
      fail_unless (memcmp (o1r, o2r, 1452 * 4) == 0 && memcmp (o1i, o2i, 1452 * 4) == 0);
    }
  }
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
}
GST_END_TEST;

/* RV_CIR_ISA forces the kernels of an AUTO estimator (tests, benches). */
GST_START_TEST (test_isa_env)
{
  static const struct { const char *env; RvCirIsa isa; } cases[] = {
    { "scalar", RV_CIR_ISA_SCALAR }, { "sse2", RV_CIR_ISA_SSE2 }, { "avx", RV_CIR_ISA_AVX },
  };
  size_t i;
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    RvCirEstimator *e;
    if (!rv_cir_isa_available (cases[i].isa))
      continue;
    g_setenv ("RV_CIR_ISA", cases[i].env, TRUE);
    e = make_est (RV_CIR_TIER_HT20, false);
    fail_unless_equals_int (rv_cir_estimator_isa (e), cases[i].isa);
    rv_cir_estimator_free (e);
  }
  g_unsetenv ("RV_CIR_ISA");
  {
    RvCirEstimator *e = make_est (RV_CIR_TIER_HT20, false);
    RvCirIsa best = rv_cir_isa_available (RV_CIR_ISA_AVX) ? RV_CIR_ISA_AVX
        : rv_cir_isa_available (RV_CIR_ISA_SSE2) ? RV_CIR_ISA_SSE2 : RV_CIR_ISA_SCALAR;
    fail_unless_equals_int (rv_cir_estimator_isa (e), best);
    fail_unless_equals_int (rv_cir_estimator_set_isa (e, (RvCirIsa) 99),
        RV_CIR_ERROR_INVALID_ARGUMENT);
    rv_cir_estimator_free (e);
  }
}
GST_END_TEST;

/* ---- §10.1 generator vs the committed fixture ---------------------------- */

GST_START_TEST (test_fixture_values)
{
  RvGenTap t[3];
  double buf[2 * 52];
  rv_gen_three_taps (t);
  rv_gen_forward_project (52, 312500.0, t, 3, 20.0f, buf);
  /* tests/data/cir_synthetic_ht20.json csi[0], csi[1] (cir.md §10.1) */
  fail_unless (buf[0] == 0.10039819777011871 && buf[1] == 0.5516814589500427);
  fail_unless (buf[2] == 0.1565435230731964 && buf[3] == 0.44926419854164124);
}
GST_END_TEST;

/* ---- §13.6 – §13.10 properties ------------------------------------------ */

GST_START_TEST (test_three_tap_recovery)
{
  static const struct { RvCirTier t; size_t dom; size_t bins[3]; float floor; } exp[] = {
    { RV_CIR_TIER_HT20, 0, { 0, 4, 9 }, 0.30f },
    { RV_CIR_TIER_HT40, 1, { 1, 9, 19 }, 0.35f },
    { RV_CIR_TIER_HE20, 1, { 1, 5, 10 }, 0.40f },
  };
  size_t i, b;
  for (i = 0; i < G_N_ELEMENTS (exp); i++) {
    RvCirEstimator *e = make_est (exp[i].t, false);
    RvCirWorkspace *w = rv_cir_workspace_new (e);
    RvCir c;
    double t = 1.0 / ((double) rv_cir_estimator_num_taps (e) * tier_df (exp[i].t));
    fail_unless_equals_int (run_input (e, w, exp[i].t, GEN_SYN3, 0, NULL, &c), RV_CIR_OK);
    fail_unless (labs ((long) c.dominant_tap_idx - (long) lround (10e-9 / t)) <= 2);
    fail_unless_equals_int ((long) lround (10e-9 / t), (long) exp[i].dom);
    for (b = 0; b < 3; b++) {
      size_t center = exp[i].bins[b], j;
      bool found = false;
      for (j = center > 0 ? center - 1 : 0; j <= center + 1; j++)
        if (hypotf (c.taps[2 * j], c.taps[2 * j + 1]) > 1e-6f)
          found = true;
      fail_unless (found, "%s bin %zu", rv_cir_tier_name (exp[i].t), center);
    }
    fail_unless (c.dominant_tap_ratio > exp[i].floor);
    fail_unless (c.active_tap_count > 0);
    if (exp[i].t == RV_CIR_TIER_HT20)
      fail_unless (c.rms_delay_spread_s > 0.0 && c.rms_delay_spread_s < 200e-9);
    rv_cir_workspace_free (w);
    rv_cir_estimator_free (e);
  }
}
GST_END_TEST;

GST_START_TEST (test_ranging_and_rms)
{
  RvCirEstimator *e20 = make_est (RV_CIR_TIER_HT20, false);
  RvCirEstimator *e40 = make_est (RV_CIR_TIER_HT40, false);
  RvCirEstimator *c56 = make_est (RV_CIR_TIER_CANONICAL56, false);
  RvCirWorkspace *w20 = rv_cir_workspace_new (e20), *w40 = rv_cir_workspace_new (e40);
  RvCirWorkspace *w56 = rv_cir_workspace_new (c56);
  RvCir c;
  double tof = -1.0;

  fail_unless_equals_int (run_input (e20, w20, RV_CIR_TIER_HT20, GEN_TOF, 10e-9, NULL, &c),
      RV_CIR_OK);
  fail_unless (!c.ranging_valid);
  fail_unless (!rv_cir_dominant_tap_tof_s (&c, &tof));
  fail_unless_equals_int (run_input (e40, w40, RV_CIR_TIER_HT40, GEN_TOF, 30e-9, NULL, &c),
      RV_CIR_OK);
  fail_unless (c.ranging_valid);
  fail_unless (rv_cir_dominant_tap_tof_s (&c, &tof));
  fail_unless (fabs (tof - 3.0 * c.tap_spacing_sec) < 1e-18);
  fail_unless (fabs (tof - 28.07e-9) < 0.01e-9, "tof %.6g", tof);
  fail_unless (fabs (rv_cir_dominant_distance_m (&c) - tof * 3e8) < 1e-9);
  /* a single tap in the negative half: rms = 0 (unit_c56_90ns) */
  fail_unless_equals_int (run_input (c56, w56, RV_CIR_TIER_CANONICAL56, GEN_UNIT, 90e-9,
          NULL, &c), RV_CIR_OK);
  fail_unless (c.dominant_tap_idx >= 84);
  fail_unless (c.rms_delay_spread_s == 0.0, "rms %.9g", c.rms_delay_spread_s);
  rv_cir_workspace_free (w20);
  rv_cir_workspace_free (w40);
  rv_cir_workspace_free (w56);
  rv_cir_estimator_free (e20);
  rv_cir_estimator_free (e40);
  rv_cir_estimator_free (c56);
}
GST_END_TEST;

GST_START_TEST (test_ghost_inputs)
{
  static const struct { GenKind gen; double arg; size_t dom; } in[] = {
    { GEN_GHOST10, 0, 95 }, { GEN_GHOST20, 0, 155 }, { GEN_RAMP3, 30e-9, 82 },
    { GEN_RAMP10, 20e-9, 1 },
  };
  RvCirEstimator *e = make_est (RV_CIR_TIER_HT20, false);
  RvCirWorkspace *w = rv_cir_workspace_new (e);
  size_t i;
  for (i = 0; i < G_N_ELEMENTS (in); i++) {
    RvCir c;
    RvCirError r = run_input (e, w, RV_CIR_TIER_HT20, in[i].gen, in[i].arg, NULL, &c);
    fail_unless_equals_int (r, RV_CIR_OK);
    fail_unless (c.dominant_tap_idx != 0);
    fail_unless_equals_int (c.dominant_tap_idx, in[i].dom);
  }
  {
    RvCir c;
    run_input (e, w, RV_CIR_TIER_HT20, GEN_GHOST10, 0, NULL, &c);
    fail_unless (fabsf (c.phase_variance - 0.8173f) < 1e-3f, "V %.6g", c.phase_variance);
    run_input (e, w, RV_CIR_TIER_HT20, GEN_GHOST20, 0, NULL, &c);
    fail_unless (fabsf (c.phase_variance - 0.7229f) < 1e-3f, "V %.6g", c.phase_variance);
    run_input (e, w, RV_CIR_TIER_HT20, GEN_RAMP3, 30e-9, NULL, &c);
    fail_unless (fabsf (c.phase_variance - 0.9808f) < 1e-3f, "V %.6g", c.phase_variance);
    run_input (e, w, RV_CIR_TIER_HT20, GEN_RAMP10, 20e-9, NULL, &c);
    fail_unless (fabsf (c.phase_variance - 0.1649f) < 1e-3f, "V %.6g", c.phase_variance);
  }
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
}
GST_END_TEST;

GST_START_TEST (test_zeros_and_max_iters)
{
  RvCirEstimator *e = make_est (RV_CIR_TIER_HT20, false);
  RvCirWorkspace *w = rv_cir_workspace_new (e);
  static double z[2 * 64];
  double buf[2 * 52];
  RvCir c;
  RvCirConfig cfg;
  fail_unless_equals_int (rv_cir_estimate (e, w, z, 1, 52, NULL, &c), RV_CIR_OK);
  fail_unless_equals_int (c.iters_used, 1);
  fail_unless (c.residual == 0.0f);
  fail_unless_equals_int (c.dominant_tap_idx, 155);
  fail_unless (c.dominant_tap_ratio == 0.0f);
  fail_unless_equals_int (c.active_tap_count, 156);
  fail_unless (c.rms_delay_spread_s == 0.0);
  /* full layout and several rows of zeros: same */
  fail_unless_equals_int (rv_cir_estimate (e, w, z, 1, 64, NULL, &c), RV_CIR_OK);
  fail_unless_equals_int (c.iters_used, 1);
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);

  /* max_iters = 0: x₀, iters 0, residual 1 */
  rv_cir_config_init (&cfg, RV_CIR_TIER_HT20);
  cfg.max_iters = 0;
  e = rv_cir_estimator_new (&cfg, NULL);
  w = rv_cir_workspace_new (e);
  rv_gen_single_tap (52, 312500.0, 40e-9, 1.0f, buf);
  fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, 52, NULL, &c), RV_CIR_OK);
  fail_unless_equals_int (c.iters_used, 0);
  fail_unless (c.residual == 1.0f);
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
}
GST_END_TEST;

/* Two streams: coherent complex mean (§5.2) — identical rows give the same
 * taps as one row. */
GST_START_TEST (test_multirow)
{
  RvCirEstimator *e = make_est (RV_CIR_TIER_HT20, false);
  RvCirWorkspace *w = rv_cir_workspace_new (e);
  double one[2 * 52], two[4 * 52];
  float t1[2 * 156], t2[2 * 156];
  RvCir c;
  rv_gen_single_tap (52, 312500.0, 40e-9, 1.0f, one);
  memcpy (two, one, sizeof one);
  memcpy (two + 2 * 52, one, sizeof one);
  fail_unless_equals_int (rv_cir_estimate (e, w, one, 1, 52, t1, &c), RV_CIR_OK);
  fail_unless_equals_int (rv_cir_estimate (e, w, two, 2, 52, t2, &c), RV_CIR_OK);
  fail_unless (memcmp (t1, t2, sizeof t1) == 0);
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
}
GST_END_TEST;

/* Hostile inputs: non-finite and out-of-range samples, odd shapes — an
 * error code or NaN taps, never a crash (run under ASan/valgrind too). */
GST_START_TEST (test_hostile_inputs)
{
  static const double specials[] = { NAN, INFINITY, -INFINITY, 1e300, -1e300, 1e-320, 0.0, -0.0 };
  RvCirTier tiers[2] = { RV_CIR_TIER_HT20, RV_CIR_TIER_HE20 };
  int ti, fft;
  for (ti = 0; ti < 2; ti++)
    for (fft = 0; fft <= 1; fft++) {
      RvCirEstimator *e = make_est (tiers[ti], fft != 0);
      RvCirWorkspace *w = rv_cir_workspace_new (e);
      const RvCirConfig *cfg = rv_cir_estimator_config (e);
      size_t n = cfg->num_subcarriers, k = cfg->num_active, i, sp;
      double *buf = g_new0 (double, 2 * 3 * n);
      RvXorshift32 rng;
      rv_xorshift32_init (&rng, 99);
      for (sp = 0; sp < G_N_ELEMENTS (specials); sp++) {
        RvCir c;
        RvCirError r;
        for (i = 0; i < 2 * 3 * n; i++)
          buf[i] = rv_normal_f64 (&rng);
        buf[2 * (rv_xorshift32_next (&rng) % k)] = specials[sp];
        buf[2 * (rv_xorshift32_next (&rng) % k) + 1] = specials[sp];
        r = rv_cir_estimate (e, w, buf, 1, k, NULL, &c);
        fail_unless (r == RV_CIR_OK || r == RV_CIR_ERROR_UNSANITIZED_PHASE);
        if (r == RV_CIR_OK)
          fail_unless (c.dominant_tap_idx < c.num_taps && c.active_tap_count <= c.num_taps);
        r = rv_cir_estimate (e, w, buf, 3, n, NULL, &c);
        fail_unless (r == RV_CIR_OK || r == RV_CIR_ERROR_UNSANITIZED_PHASE);
        /* all samples special */
        for (i = 0; i < 2 * n; i++)
          buf[i] = specials[sp];
        r = rv_cir_estimate (e, w, buf, 1, n, NULL, &c);
        fail_unless (r == RV_CIR_OK || r == RV_CIR_ERROR_UNSANITIZED_PHASE);
      }
      fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, n + 1, NULL, NULL),
          RV_CIR_ERROR_INVALID_ARGUMENT);
      {
        RvCir c;
        fail_unless_equals_int (rv_cir_estimate (e, w, NULL, 1, k, NULL, &c),
            RV_CIR_ERROR_INVALID_ARGUMENT);
        fail_unless_equals_int (rv_cir_estimate (e, w, buf, (size_t) -1, k, NULL, &c),
            RV_CIR_ERROR_INVALID_ARGUMENT);
        fail_unless_equals_int (rv_cir_estimate_polar (e, w, NULL, k, NULL, 0, NULL, &c),
            RV_CIR_ERROR_INVALID_ARGUMENT);
      }
      g_free (buf);
      rv_cir_workspace_free (w);
      rv_cir_estimator_free (e);
    }
}
GST_END_TEST;

/* ---- §13.11 / §13.12 gate ----------------------------------------------- */

GST_START_TEST (test_gate)
{
  RvCirEstimator *c56 = make_est (RV_CIR_TIER_CANONICAL56, false);
  RvCirEstimator *h20 = make_est (RV_CIR_TIER_HT20, false);
  RvCirWorkspace *w56 = rv_cir_workspace_new (c56), *w20 = rv_cir_workspace_new (h20);
  float amp[56], ph[56];
  int node, ok = 0, mism = 0;
  for (node = 0; node < 8; node++) {
    RvCir c;
    RvCirError err;
    float freq = 0.95f, coh;
    rv_gen_node_frame (node, amp, ph);
    coh = rv_cir_gate_coherence (c56, w56, freq, amp, 56, ph, 56, &c, &err);
    if (err == RV_CIR_OK) {
      ok++;
      fail_unless (coh == 0.7f * freq + 0.3f * c.dominant_tap_ratio);
      fail_unless (fabsf (coh - freq) > 1e-6f);
      if (node == 2 || node == 4)
        fail_unless_equals_int (c.neumann_im, RV_CIR_NEUMANN_FALLBACK);
      if (node == 0)
        fail_unless (fabsf (c.dominant_tap_ratio - 0.4080555f) < 1e-6f);
    }
    coh = rv_cir_gate_coherence (h20, w20, freq, amp, 56, ph, 56, &c, &err);
    if (err == RV_CIR_ERROR_SUBCARRIER_MISMATCH) {
      mism++;
      fail_unless (coh == freq);
      fail_unless_equals_int (c.expected_cols, 64);
      fail_unless_equals_int (c.got_cols, 56);
    }
  }
  fail_unless_equals_int (ok, 8);
  fail_unless_equals_int (mism, 8);
  /* no estimator attached: coherence unchanged */
  fail_unless (rv_cir_gate_coherence (NULL, NULL, 0.5f, amp, 56, ph, 56, NULL, NULL) == 0.5f);
  fail_unless (rv_cir_gate_blend (1.0f, 0.5f) == 0.7f * 1.0f + 0.3f * 0.5f);
  /* shorter phase array: missing columns are 0 */
  {
    RvCir c;
    RvCirError err;
    rv_cir_gate_coherence (c56, w56, 0.9f, amp, 56, ph, 40, &c, &err);
    fail_unless_equals_int (err, RV_CIR_OK);
  }
  rv_cir_workspace_free (w56);
  rv_cir_workspace_free (w20);
  rv_cir_estimator_free (c56);
  rv_cir_estimator_free (h20);
}
GST_END_TEST;

/* ---- top_k_taps ---------------------------------------------------------- */

GST_START_TEST (test_top_k)
{
  float taps[2 * 10] = {
    0.1f, 0, 0.5f, 0, 0, 0.5f, 0.3f, 0, 0.5f, 0, 0, 0, 0.2f, 0, -0.5f, 0, 0.3f, 0, 0.05f, 0 };
  RvCir c;
  RvCirTap out[12];
  size_t n, i;
  memset (&c, 0, sizeof c);
  c.taps = taps;
  c.num_taps = 10;
  n = rv_cir_top_k_taps (&c, 5, out);
  fail_unless_equals_int (n, 5);
  /* |0.5| at 1, 2, 4, 7 (ascending index), then 0.3 at 3 */
  fail_unless_equals_int (out[0].index, 1);
  fail_unless_equals_int (out[1].index, 2);
  fail_unless_equals_int (out[2].index, 4);
  fail_unless_equals_int (out[3].index, 7);
  fail_unless_equals_int (out[4].index, 3);
  fail_unless (out[3].re == -0.5f);
  n = rv_cir_top_k_taps (&c, 12, out);
  fail_unless_equals_int (n, 10);
  fail_unless_equals_int (out[5].index, 8);
  fail_unless_equals_int (out[9].index, 5);
  for (i = 1; i < n; i++)
    fail_unless (hypotf (out[i - 1].re, out[i - 1].im) >= hypotf (out[i].re, out[i].im));
  fail_unless_equals_int (rv_cir_top_k_taps (&c, 0, out), 0);
  /* NaN ranks last */
  taps[0] = NAN;
  n = rv_cir_top_k_taps (&c, 10, out);
  fail_unless_equals_int (out[9].index, 0);
}
GST_END_TEST;

/* ---- multi-link pool ---------------------------------------------------- */

GST_START_TEST (test_pool_bit_identical)
{
  RvCirTier tiers[2] = { RV_CIR_TIER_HT20, RV_CIR_TIER_HT40 };
  int ti;
  for (ti = 0; ti < 2; ti++) {
    RvCirEstimator *e = make_est (tiers[ti], false);
    RvCirWorkspace *w = rv_cir_workspace_new (e);
    size_t k = rv_cir_estimator_num_active (e), g = rv_cir_estimator_num_taps (e);
    double *data = g_new0 (double, 13 * 2 * k);
    float *seq = g_new0 (float, 13 * 2 * g), *par = g_new0 (float, 13 * 2 * g);
    RvCirFrame frames[13];
    RvCir cs[13], cp[13];
    RvCirError es[13], ep[13];
    unsigned threads, rep;
    size_t i;
    for (i = 0; i < 12; i++) {
      rv_gen_link_frame (k, 312500.0, (unsigned) i + 1, data + 2 * k * i);
      frames[i].data = data + 2 * k * i;
      frames[i].rows = 1;
      frames[i].cols = k;
    }
    /* a bad link in the middle keeps its error in place */
    frames[12] = frames[5];
    frames[5].cols = k + 1;
    for (i = 0; i < 13; i++)
      es[i] = rv_cir_estimate (e, w, frames[i].data, frames[i].rows, frames[i].cols,
          seq + 2 * g * i, &cs[i]);
    fail_unless_equals_int (es[5], RV_CIR_ERROR_SUBCARRIER_MISMATCH);
    if (tiers[ti] == RV_CIR_TIER_HT20)
      fail_unless (rv_gen_fnv_taps (seq, 2 * g) == 0x64d7f8b8f5b46667ull);
    for (threads = 1; threads <= 3; threads++) {
      RvCirError err;
      RvCirPool *p = rv_cir_pool_new (e, threads, &err);
      fail_unless (p != NULL);
      for (rep = 0; rep < 3; rep++) {
        memset (par, 0, 13 * 2 * g * sizeof (float));
        fail_unless_equals_int (rv_cir_pool_estimate (p, frames, 13, par, cp, ep), RV_CIR_OK);
        for (i = 0; i < 13; i++) {
          fail_unless_equals_int (ep[i], es[i]);
          if (es[i] != RV_CIR_OK)
            continue;
          fail_unless (memcmp (seq + 2 * g * i, par + 2 * g * i, 2 * g * sizeof (float)) == 0,
              "link %zu threads %u", i, threads);
          fail_unless (cp[i].taps == par + 2 * g * i);
          fail_unless_equals_int (cp[i].dominant_tap_idx, cs[i].dominant_tap_idx);
          fail_unless (cp[i].dominant_tap_ratio == cs[i].dominant_tap_ratio);
          fail_unless (cp[i].rms_delay_spread_s == cs[i].rms_delay_spread_s);
        }
      }
      fail_unless_equals_int (rv_cir_pool_estimate (p, frames, 0, NULL, NULL, NULL), RV_CIR_OK);
      fail_unless_equals_int (rv_cir_pool_estimate (p, frames, 2, NULL, cp, ep),
          RV_CIR_ERROR_INVALID_ARGUMENT);
      rv_cir_pool_free (p);
    }
    fail_unless (rv_cir_pool_new (e, 0, NULL) == NULL);
    g_free (data);
    g_free (seq);
    g_free (par);
    rv_cir_workspace_free (w);
    rv_cir_estimator_free (e);
  }
}
GST_END_TEST;

/* Two threads sharing one estimator (own workspaces) get the same bits. */
typedef struct {
  const RvCirEstimator *e;
  float taps[2 * 342];
  RvCirError r;
} ShareArg;

static gpointer
share_thread (gpointer data)
{
  ShareArg *a = data;
  RvCirWorkspace *w = rv_cir_workspace_new (a->e);
  double buf[2 * 114];
  RvCir c;
  int rep;
  rv_gen_synth_csi (114, 312500.0, buf);
  for (rep = 0; rep < 3; rep++)
    a->r = rv_cir_estimate (a->e, w, buf, 1, 114, a->taps, &c);
  rv_cir_workspace_free (w);
  return NULL;
}

GST_START_TEST (test_shared_estimator_threads)
{
  RvCirEstimator *e = make_est (RV_CIR_TIER_HT40, false);
  ShareArg a = { e, { 0 }, RV_CIR_ERROR_INVALID_ARGUMENT };
  ShareArg b = { e, { 0 }, RV_CIR_ERROR_INVALID_ARGUMENT };
  GThread *t1 = g_thread_new ("a", share_thread, &a), *t2 = g_thread_new ("b", share_thread, &b);
  g_thread_join (t1);
  g_thread_join (t2);
  fail_unless_equals_int (a.r, RV_CIR_OK);
  fail_unless_equals_int (b.r, RV_CIR_OK);
  fail_unless (memcmp (a.taps, b.taps, sizeof a.taps) == 0);
  fail_unless (rv_gen_fnv_taps (a.taps, 2 * 342) == 0xc3ae33d87a8a36a7ull);
  rv_cir_estimator_free (e);
}
GST_END_TEST;

/* ---- §13.13 FFT operator ------------------------------------------------ */

GST_START_TEST (test_fft_matvecs)
{
  RvCirTier tiers[RV_CIR_N_TIERS] = { RV_CIR_TIER_HT20, RV_CIR_TIER_CANONICAL56,
    RV_CIR_TIER_HT40, RV_CIR_TIER_HE20, RV_CIR_TIER_HE40 };
  int ti;
  for (ti = 0; ti < RV_CIR_N_TIERS; ti++) {
    RvCirEstimator *e = make_est (tiers[ti], true);
    RvCirWorkspace *w = rv_cir_workspace_new (e);
    size_t k = rv_cir_estimator_num_active (e), g = rv_cir_estimator_num_taps (e), i;
    float *xr = g_new (float, g), *xi = g_new (float, g), *vr = g_new (float, k),
        *vi = g_new (float, k), *dr = g_new (float, g), *di = g_new (float, g),
        *fr = g_new (float, g), *fi = g_new (float, g);
    double mean;
    fail_unless (rv_cir_estimator_config (e)->fft_operator);
    for (i = 0; i < g; i++) {
      xr[i] = sinf ((float) i * 0.37f);
      xi[i] = cosf ((float) i * 0.71f);
    }
    for (i = 0; i < k; i++) {
      vr[i] = cosf ((float) i * 0.13f);
      vi[i] = sinf ((float) i * 0.29f);
    }
    rv_cir_apply_phi (e, w, false, xr, xi, dr, di);
    rv_cir_apply_phi (e, w, true, xr, xi, fr, fi);
    mean = 0.0;
    for (i = 0; i < k; i++)
      mean += hypot (dr[i], di[i]);
    mean /= (double) k;
    for (i = 0; i < k; i++)
      fail_unless (hypot (dr[i] - fr[i], di[i] - fi[i]) <= 1e-3 * fmax (mean, 1.0));
    rv_cir_apply_phi_h (e, w, false, vr, vi, dr, di);
    rv_cir_apply_phi_h (e, w, true, vr, vi, fr, fi);
    mean = 0.0;
    for (i = 0; i < g; i++)
      mean += hypot (dr[i], di[i]);
    mean /= (double) g;
    for (i = 0; i < g; i++)
      fail_unless (hypot (dr[i] - fr[i], di[i] - fi[i]) <= 1e-3 * fmax (mean, 1.0));
    g_free (xr); g_free (xi); g_free (vr); g_free (vi);
    g_free (dr); g_free (di); g_free (fr); g_free (fi);
    rv_cir_workspace_free (w);
    rv_cir_estimator_free (e);
  }
}
GST_END_TEST;

static void
compare_fft_dense (RvCirTier tier, GenKind gen, double arg, bool strict)
{
  RvCirEstimator *d = make_est (tier, false), *f = make_est (tier, true);
  RvCirWorkspace *wd = rv_cir_workspace_new (d), *wf = rv_cir_workspace_new (f);
  float td[2 * 1452], tf[2 * 1452];
  RvCir cd, cf;
  size_t g = rv_cir_estimator_num_taps (d), i;
  float md;
  fail_unless_equals_int (run_input (d, wd, tier, gen, arg, td, &cd), RV_CIR_OK);
  fail_unless_equals_int (run_input (f, wf, tier, gen, arg, tf, &cf), RV_CIR_OK);
  fail_unless_equals_int (cd.dominant_tap_idx, cf.dominant_tap_idx);
  fail_unless (fabsf (cd.dominant_tap_ratio - cf.dominant_tap_ratio) <= 1e-2f);
  md = hypotf (td[2 * cd.dominant_tap_idx], td[2 * cd.dominant_tap_idx + 1]);
  for (i = 0; i < g; i++)
    fail_unless (hypotf (td[2 * i] - tf[2 * i], td[2 * i + 1] - tf[2 * i + 1]) <= 1e-2f * md,
        "%s tap %zu", rv_cir_tier_name (tier), i);
  if (strict) {
    fail_unless_equals_int (cd.active_tap_count, cf.active_tap_count);
    fail_unless_equals_int (cd.ranging_valid, cf.ranging_valid);
    fail_unless (fabs (cd.rms_delay_spread_s - cf.rms_delay_spread_s)
        <= 1e-2 * cd.rms_delay_spread_s + 1e-15);
  }
  /* deterministic across runs */
  {
    float t2[2 * 1452];
    run_input (f, wf, tier, gen, arg, t2, &cf);
    fail_unless (memcmp (tf, t2, 2 * g * sizeof (float)) == 0);
  }
  rv_cir_workspace_free (wd);
  rv_cir_workspace_free (wf);
  rv_cir_estimator_free (d);
  rv_cir_estimator_free (f);
}

GST_START_TEST (test_fft_vs_dense)
{
  int tier;
  compare_fft_dense (RV_CIR_TIER_HT20, GEN_UNIT, 50e-9, false);
  compare_fft_dense (RV_CIR_TIER_CANONICAL56, GEN_UNIT, 20e-9, true);
  compare_fft_dense (RV_CIR_TIER_CANONICAL56, GEN_UNIT, 50e-9, true);
  compare_fft_dense (RV_CIR_TIER_CANONICAL56, GEN_UNIT, 90e-9, true);
  /* and every tier on the §11 channel */
  for (tier = 0; tier < RV_CIR_N_TIERS; tier++)
    compare_fft_dense ((RvCirTier) tier, GEN_SYNTH, 0.0, false);
}
GST_END_TEST;

GST_START_TEST (test_fft_pool)
{
  RvCirEstimator *e = make_est (RV_CIR_TIER_HT20, true);
  RvCirWorkspace *w = rv_cir_workspace_new (e);
  double data[12][2 * 52];
  float seq[12][2 * 156], par[12][2 * 156];
  RvCirFrame fr[12];
  RvCir c[12];
  RvCirError er[12];
  RvCirPool *p = rv_cir_pool_new (e, 2, NULL);
  size_t i;
  for (i = 0; i < 12; i++) {
    rv_gen_link_frame (52, 312500.0, (unsigned) i + 1, data[i]);
    fr[i].data = data[i];
    fr[i].rows = 1;
    fr[i].cols = 52;
    fail_unless_equals_int (rv_cir_estimate (e, w, data[i], 1, 52, seq[i], &c[i]), RV_CIR_OK);
  }
  fail_unless_equals_int (rv_cir_pool_estimate (p, fr, 12, &par[0][0], c, er), RV_CIR_OK);
  for (i = 0; i < 12; i++)
    fail_unless_equals_int (er[i], RV_CIR_OK);
  fail_unless (memcmp (seq, par, sizeof seq) == 0);
  rv_cir_pool_free (p);
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
}
GST_END_TEST;

/* ---- what fft-ista and fista promise: the same bits everywhere ----------
 * The taps of the §11 synth_csi frame, per tier, for fft-ista, fista on the
 * FFT operator and fista on the dense one.  These goldens hold on every ISA
 * path (each one is run below), build type and machine: the transforms,
 * their twiddles and the proximal pass use only IEEE operations in a fixed
 * order (no libm, no FFTW), the lanes hold independent elements and the
 * pass's sums run in 8 fixed lanes. */

typedef struct {
  bool fft;
  RvCirSolver solver;
  uint64_t fnv[RV_CIR_N_TIERS];
} FastGolden;

static const FastGolden fast_goldens[] = {
  { true, RV_CIR_SOLVER_ISTA, { 0x7588a0626ecb2377ull, 0xfbd62b82cd5c6ef3ull, 0x7c2a79f171b14b46ull,
        0x0e921658090de151ull, 0x1ee065cb772b876dull } },
  { true, RV_CIR_SOLVER_FISTA, { 0xe0dd6f54bf64e55dull, 0x00f61e55448cd55full, 0xdca50724ed715538ull,
        0xc54c89a895a53f79ull, 0x4445b4ca2bd84a37ull } },
  { false, RV_CIR_SOLVER_FISTA, { 0x840b4f5e5f702a66ull, 0x053938016a148397ull, 0xaa9d6e7901fed1b5ull,
        0x782722dacf3294b3ull, 0x6e508d50c97ff344ull } },
};

/* taps of synth_csi with a fresh estimator: (fft, solver, isa) */
static uint64_t
fast_fnv (RvCirTier tier, bool fft, RvCirSolver solver, RvCirIsa isa, RvCir *out)
{
  RvCirConfig cfg;
  RvCirEstimator *e;
  RvCirWorkspace *w;
  double buf[2 * 484];
  float taps[2 * 1452];
  RvCir c;
  uint64_t h;
  rv_cir_config_init (&cfg, tier);
  cfg.fft_operator = fft;
  cfg.solver = solver;
  cfg.isa = isa;
  e = rv_cir_estimator_new (&cfg, NULL);
  fail_unless (e != NULL);
  w = rv_cir_workspace_new (e);
  fail_unless (w != NULL);
  rv_gen_synth_csi (cfg.num_active, 312500.0, buf);
  fail_unless_equals_int (rv_cir_estimate (e, w, buf, 1, cfg.num_active, taps, &c), RV_CIR_OK);
  h = rv_gen_fnv_taps (taps, 2 * cfg.num_taps);
  if (out)
    *out = c;
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
  return h;
}

GST_START_TEST (test_fast_paths_same_bits_every_isa)
{
  size_t gi;
  int tier;
  RvCirIsa isa;
  for (gi = 0; gi < G_N_ELEMENTS (fast_goldens); gi++)
    for (tier = 0; tier < RV_CIR_N_TIERS; tier++)
      for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++) {
        const FastGolden *fg = &fast_goldens[gi];
        uint64_t h;
        if (!rv_cir_isa_available (isa))
          continue;
        h = fast_fnv ((RvCirTier) tier, fg->fft, fg->solver, isa, NULL);
        fail_unless (h == fg->fnv[tier], "%s fft %d %s %s: %016" G_GINT64_MODIFIER "x",
            rv_cir_tier_name ((RvCirTier) tier), fg->fft, rv_cir_solver_name (fg->solver),
            rv_cir_isa_name (isa), h);
      }
}
GST_END_TEST;

/* Several estimators planned and run at once, in threads released together:
 * every one gives the golden bits (planning has no shared state). */
typedef struct {
  GMutex *mu;
  GCond *cv;
  gboolean *go;
  int seed;
  gboolean ok;
} PlanArg;

static gpointer
plan_thread (gpointer data)
{
  PlanArg *a = data;
  int i;
  g_mutex_lock (a->mu);
  while (!*a->go)
    g_cond_wait (a->cv, a->mu);
  g_mutex_unlock (a->mu);
  a->ok = TRUE;
  for (i = 0; i < 2 * RV_CIR_N_TIERS; i++) {
    int tier = (a->seed + i) % RV_CIR_N_TIERS;
    const FastGolden *fg = &fast_goldens[(a->seed + i) % 2];
    if (fast_fnv ((RvCirTier) tier, fg->fft, fg->solver, RV_CIR_ISA_AUTO, NULL) != fg->fnv[tier])
      a->ok = FALSE;
  }
  return NULL;
}

GST_START_TEST (test_fft_planning_in_threads)
{
  GMutex mu;
  GCond cv;
  gboolean go = FALSE;
  PlanArg args[6];
  GThread *th[6];
  int i;
  g_mutex_init (&mu);
  g_cond_init (&cv);
  for (i = 0; i < 6; i++) {
    args[i].mu = &mu;
    args[i].cv = &cv;
    args[i].go = &go;
    args[i].seed = i;
    args[i].ok = FALSE;
    th[i] = g_thread_new ("plan", plan_thread, &args[i]);
  }
  g_mutex_lock (&mu);
  go = TRUE;
  g_cond_broadcast (&cv);
  g_mutex_unlock (&mu);
  for (i = 0; i < 6; i++) {
    g_thread_join (th[i]);
    fail_unless (args[i].ok, "thread %d", i);
  }
  g_mutex_clear (&mu);
  g_cond_clear (&cv);
}
GST_END_TEST;

/* ½‖Φx − y‖² + λ‖x‖₁ with the dense Φ, in double */
static double
objective (const RvCirEstimator *e, RvCirWorkspace *w, const double *y, const float *taps)
{
  size_t k = rv_cir_estimator_num_active (e), g = rv_cir_estimator_num_taps (e), i;
  float *xr = g_new (float, g), *xi = g_new (float, g), *pr = g_new (float, k), *pi = g_new (float, k);
  double f = 0.0, l1 = 0.0;
  for (i = 0; i < g; i++) {
    xr[i] = taps[2 * i];
    xi[i] = taps[2 * i + 1];
    l1 += hypot (xr[i], xi[i]);
  }
  rv_cir_apply_phi (e, w, false, xr, xi, pr, pi);
  for (i = 0; i < k; i++) {
    double a = (double) pr[i] - (double) (float) y[2 * i];
    double b = (double) pi[i] - (double) (float) y[2 * i + 1];
    f += a * a + b * b;
  }
  g_free (xr); g_free (xi); g_free (pr); g_free (pi);
  return 0.5 * f + (double) rv_cir_estimator_config (e)->lambda * l1;
}

/* FISTA reaches what ISTA's 100 iterations reach, in about a third of the
 * iterations (on the FFT operator and on the dense one): the objective in
 * 30, and — with the tolerance set to ISTA-100's last step — it stops on
 * its own within 36 with the same dominant tap. */
GST_START_TEST (test_fista_reaches_ista)
{
  int tier, fft;
  for (tier = 0; tier < RV_CIR_N_TIERS; tier++)
    for (fft = 0; fft <= 1; fft++) {
      RvCirConfig cfg;
      RvCirEstimator *ei, *ef;
      RvCirWorkspace *wi, *wf;
      double buf[2 * 484], oi, of;
      float ti[2 * 1452], tf[2 * 1452];
      RvCir ci, cf;
      rv_cir_config_init (&cfg, (RvCirTier) tier);
      cfg.fft_operator = fft;
      ei = rv_cir_estimator_new (&cfg, NULL);
      wi = rv_cir_workspace_new (ei);
      rv_gen_synth_csi (cfg.num_active, 312500.0, buf);
      fail_unless_equals_int (rv_cir_estimate (ei, wi, buf, 1, cfg.num_active, ti, &ci), RV_CIR_OK);
      fail_unless_equals_int (ci.iters_used, 100);
      oi = objective (ei, wi, buf, ti);

      cfg.solver = RV_CIR_SOLVER_FISTA;
      cfg.max_iters = 30;
      ef = rv_cir_estimator_new (&cfg, NULL);
      wf = rv_cir_workspace_new (ef);
      fail_unless_equals_int (rv_cir_estimate (ef, wf, buf, 1, cfg.num_active, tf, &cf), RV_CIR_OK);
      of = objective (ei, wi, buf, tf);
      fail_unless (of <= oi, "%s fft %d: fista-30 objective %g > ista-100 %g",
          rv_cir_tier_name ((RvCirTier) tier), fft, of, oi);
      fail_unless_equals_int (cf.dominant_tap_idx, ci.dominant_tap_idx);
      rv_cir_workspace_free (wf);
      rv_cir_estimator_free (ef);

      cfg.max_iters = 100;
      cfg.tolerance = ci.residual;
      ef = rv_cir_estimator_new (&cfg, NULL);
      wf = rv_cir_workspace_new (ef);
      fail_unless_equals_int (rv_cir_estimate (ef, wf, buf, 1, cfg.num_active, tf, &cf), RV_CIR_OK);
      fail_unless (cf.iters_used <= 36 && cf.residual < ci.residual, "%s fft %d: %u iterations",
          rv_cir_tier_name ((RvCirTier) tier), fft, cf.iters_used);
      fail_unless_equals_int (cf.dominant_tap_idx, ci.dominant_tap_idx);
      fail_unless (objective (ei, wi, buf, tf) <= oi);
      rv_cir_workspace_free (wf);
      rv_cir_estimator_free (ef);
      rv_cir_workspace_free (wi);
      rv_cir_estimator_free (ei);
    }
}
GST_END_TEST;

static Suite *
cir_suite (void)
{
  Suite *s = suite_create ("core-cir");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_config_tables);
  tcase_add_test (tc, test_tier_for_width);
  tcase_add_test (tc, test_reject_configs);
  tcase_add_test (tc, test_phi_goldens);
  tcase_add_test (tc, test_soft_threshold);
  tcase_add_test (tc, test_circular_variance);
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_goldens_all_isas);
  tcase_add_test (tc, test_he40_paths_agree);
  tcase_add_test (tc, test_isa_env);
  tcase_add_test (tc, test_fixture_values);
  tcase_add_test (tc, test_three_tap_recovery);
  tcase_add_test (tc, test_ranging_and_rms);
  tcase_add_test (tc, test_ghost_inputs);
  tcase_add_test (tc, test_zeros_and_max_iters);
  tcase_add_test (tc, test_multirow);
  tcase_add_test (tc, test_hostile_inputs);
  tcase_add_test (tc, test_gate);
  tcase_add_test (tc, test_top_k);
  tcase_add_test (tc, test_pool_bit_identical);
  tcase_add_test (tc, test_shared_estimator_threads);
  tcase_add_test (tc, test_fft_matvecs);
  tcase_add_test (tc, test_fft_vs_dense);
  tcase_add_test (tc, test_fft_pool);
  tcase_add_test (tc, test_fast_paths_same_bits_every_isa);
  tcase_add_test (tc, test_fft_planning_in_threads);
  tcase_add_test (tc, test_fista_reaches_ista);
  return s;
}

GST_CHECK_MAIN (cir);
