/* Goldens that quantisation cannot hide: FNV-1a digests of the raw bits of
 * unquantised values, the same on every machine — x86-64 with any CIR
 * dispatch (RV_CIR_ISA=scalar|sse2|avx), with or without FMA (RV_MATH_FMA=0,
 * GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA) and aarch64 generic or
 * cortex-a76 (./run cross-test aarch64).
 *
 *  - rvmath: every function over a stride of all floats or random doubles;
 *  - calibration: per-frame amplitude z and phase drift, the baseline's
 *    amplitude mean/variance, phase mean and dispersion;
 *  - CIR: the taps, phase variance, residual and dominant-tap ratio;
 *  - multistatic: fused amplitude and phase, weights, coherences;
 *  - tomography: densities from the fused amplitudes' attenuation;
 *  - tracker: the Kalman state of tracks fed by the heuristic pose.
 *
 * The inputs are made here with rvmath, never libm, so they are the same
 * everywhere too.  The float functions' bits are glibc x86-64's (see
 * tools/rvmath-sweep). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "ruview/calibration.h"
#include "ruview/cir.h"
#include "ruview/multistatic.h"
#include "ruview/pose_heuristic.h"
#include "ruview/pose_tracker.h"
#include "ruview/rvmath.h"
#include "ruview/tomography.h"
#include "fe_common.h"

typedef struct {
  uint64_t h;
} Fnv;

static void
fnv_init (Fnv *f)
{
  f->h = 0xcbf29ce484222325ull;
}

static void
fnv_bytes (Fnv *f, const void *p, size_t n)
{
  const uint8_t *b = p;
  size_t i;
  for (i = 0; i < n; i++) {
    f->h ^= b[i];
    f->h *= 0x100000001b3ull;
  }
}

/* NaN payloads are the hardware's: every NaN hashes as one */
static void
fnv_f32 (Fnv *f, float v)
{
  uint32_t u;
  if (v != v)
    v = __builtin_nanf ("");
  memcpy (&u, &v, 4);
  if (v != v)
    u = 0x7fc00000u;
  fnv_bytes (f, &u, 4);
}

static void
fnv_f64 (Fnv *f, double v)
{
  uint64_t u;
  memcpy (&u, &v, 8);
  if (v != v)
    u = 0x7ff8000000000000ull;
  fnv_bytes (f, &u, 8);
}

static uint64_t
xs64 (uint64_t *s)
{
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

#define CHECK_DIGEST(name, fnv, want) G_STMT_START { \
  g_print ("%s: %016" G_GINT64_MODIFIER "x\n", name, (fnv).h); \
  fail_unless ((fnv).h == (uint64_t) (want), "%s: digest %016" G_GINT64_MODIFIER \
      "x, want %016" G_GINT64_MODIFIER "x", name, (fnv).h, (uint64_t) (want)); \
} G_STMT_END

/* ------------------------------------------------------------- rvmath */

GST_START_TEST (test_rvmath_digests)
{
  Fnv fs, fc, fsc, fe, fl, fa, fa2, fh;
  Fnv ds, dc, da, dh, dl, d10;
  uint64_t i, seed = 0x9e3779b97f4a7c15ull;

  fnv_init (&fs); fnv_init (&fc); fnv_init (&fsc); fnv_init (&fe);
  fnv_init (&fl); fnv_init (&fa); fnv_init (&fa2); fnv_init (&fh);
  /* 2^20 float patterns spread over all 2^32 */
  for (i = 0; i < (1u << 20); i++) {
    uint32_t u = (uint32_t) (i * 4093u + 17u);
    float x, s, c;
    memcpy (&x, &u, 4);
    fnv_f32 (&fs, rv_sinf (x));
    fnv_f32 (&fc, rv_cosf (x));
    rv_sincosf (x, &s, &c);
    fnv_f32 (&fsc, s);
    fnv_f32 (&fsc, c);
    fnv_f32 (&fe, rv_expf (x));
    fnv_f32 (&fl, rv_logf (x));
    fnv_f32 (&fa, rv_atanf (x));
  }
  for (i = 0; i < 300000; i++) {
    uint64_t r = xs64 (&seed);
    uint32_t uy = (uint32_t) r, ux = (uint32_t) (r >> 32);
    float x, y;
    /* half of them of modest size, where the project's values are */
    if (i & 1) {
      uy = (uy & 0x807fffffu) | ((100u + (uy >> 23) % 35u) << 23);
      ux = (ux & 0x807fffffu) | ((100u + (ux >> 23) % 35u) << 23);
    }
    memcpy (&x, &ux, 4);
    memcpy (&y, &uy, 4);
    fnv_f32 (&fa2, rv_atan2f (y, x));
    fnv_f32 (&fh, rv_hypotf (y, x));
  }
  CHECK_DIGEST ("sinf", fs, 0x02dd52a5575b9877ull);
  CHECK_DIGEST ("cosf", fc, 0xa384c3d423069941ull);
  CHECK_DIGEST ("sincosf", fsc, 0x1059d0b7d15f5923ull);
  CHECK_DIGEST ("expf", fe, 0x5b84933ed81ce553ull);
  CHECK_DIGEST ("logf", fl, 0xae445872339f4f80ull);
  CHECK_DIGEST ("atanf", fa, 0xe9e02fe6628db064ull);
  CHECK_DIGEST ("atan2f", fa2, 0x442ddeca05ff9367ull);
  CHECK_DIGEST ("hypotf", fh, 0x6002767084bd9011ull);

  fnv_init (&ds); fnv_init (&dc); fnv_init (&da); fnv_init (&dh);
  fnv_init (&dl); fnv_init (&d10);
  for (i = 0; i < 300000; i++) {
    uint64_t ry = xs64 (&seed), rx = xs64 (&seed);
    double x, y;
    if (i & 1) {
      ry = (ry & 0x800fffffffffffffull) | ((uint64_t) (1000 + (ry >> 52) % 40) << 52);
      rx = (rx & 0x800fffffffffffffull) | ((uint64_t) (1000 + (rx >> 52) % 40) << 52);
    }
    memcpy (&x, &rx, 8);
    memcpy (&y, &ry, 8);
    fnv_f64 (&ds, rv_sin (x));
    fnv_f64 (&dc, rv_cos (x));
    fnv_f64 (&da, rv_atan2 (y, x));
    fnv_f64 (&dh, rv_hypot (y, x));
    fnv_f64 (&dl, rv_log (x));
    fnv_f64 (&d10, rv_log10 (x));
  }
  CHECK_DIGEST ("sin", ds, 0x82ec9a33e8eba52cull);
  CHECK_DIGEST ("cos", dc, 0x5928092f4c1dee69ull);
  CHECK_DIGEST ("atan2", da, 0x12611f8ded840625ull);
  CHECK_DIGEST ("hypot", dh, 0x2f4d9cec81d193b0ull);
  CHECK_DIGEST ("log", dl, 0xae6dbcd174049acaull);
  CHECK_DIGEST ("log10", d10, 0x72f233f3c631a3d6ull);
}
GST_END_TEST;

/* rv_sincosf gives rv_sinf's and rv_cosf's bits (build_phi relies on it) */
GST_START_TEST (test_rvmath_sincos_agree)
{
  uint64_t i;
  for (i = 0; i < (1u << 18); i++) {
    uint32_t u = (uint32_t) (i * 16381u + 5u);
    float x, s, c, s1, c1;
    memcpy (&x, &u, 4);
    rv_sincosf (x, &s, &c);
    s1 = rv_sinf (x);
    c1 = rv_cosf (x);
    fail_unless ((s != s && s1 != s1) || memcmp (&s, &s1, 4) == 0, "sin %a", x);
    fail_unless ((c != c && c1 != c1) || memcmp (&c, &c1, 4) == 0, "cos %a", x);
  }
}
GST_END_TEST;

/* values glibc x86-64 returns (checked against it by rvmath-sweep) */
GST_START_TEST (test_rvmath_spot_values)
{
  fail_unless (rv_atan2 (-6.0, -4.0) == -0x1.145385fa3af71p+1);
  fail_unless (rv_hypot (-4.0, -6.0) == 0x1.cd82b446159f3p+2);
  fail_unless (rv_atan2f (-6.0f, -4.0f) == -0x1.145386p+1f);
  fail_unless (rv_atan2f (0.0f, -0.0f) == 0x1.921fb6p+1f);
  fail_unless (rv_atan2f (-0.0f, 1.0f) == 0.0f && signbit (rv_atan2f (-0.0f, 1.0f)));
  fail_unless (rv_atanf (0x1.15e9aep-1f) == 0x1.fd3b86p-2f);
  fail_unless (rv_sinf (-0x1.52e6cp+6f) == -0x1.8f6114p-4f);
  fail_unless (rv_expf (0x1.04845ep+5f) == 0x1.f93e38p+46f);
  fail_unless (rv_expf (-103.5f) == 0x1p-149f && rv_expf (-104.0f) == 0.0f);
  fail_unless (rv_logf (1.0f) == 0.0f && rv_logf (0.0f) == -INFINITY);
  fail_unless (rv_hypotf (INFINITY, NAN) == INFINITY);
  fail_unless (rv_sin (1e22) == -0x1.b453ab76bf397p-1);   /* Payne–Hanek */
  fail_unless (rv_cos (0.0) == 1.0 && rv_log (1.0) == 0.0 && rv_log10 (1000.0) == 3.0);
}
GST_END_TEST;

/* ---------------------------------------------------------- calibration */

GST_START_TEST (test_calibration_unquantised)
{
  RvCalibrationConfig cfg;
  RvCalibrationRecorder *r;
  RvCalibrationScore sc;
  RvXorshift32 rng;
  RvBaseline *b;
  double d[2 * 52];
  Fnv frames, base, dev;
  size_t k;
  int i;

  fnv_init (&frames);
  fnv_init (&base);
  fnv_init (&dev);
  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HT20);
  r = rv_calibration_recorder_new (&cfg, 0, NULL);
  fail_unless (r != NULL);
  rv_xorshift32_init (&rng, 42);
  for (i = 0; i < 600; i++) {
    fe_gen_frame (&rng, 52, 0.01f, 0.0f, d);
    fail_unless_equals_int (rv_calibration_recorder_record (r, d, 1, 52, &sc, NULL), 0);
    fnv_f32 (&frames, sc.amplitude_z_median);
    fnv_f32 (&frames, sc.amplitude_z_max);
    fnv_f32 (&frames, sc.phase_drift_median);
  }
  fail_unless_equals_int (rv_calibration_recorder_finalize (r, &b, NULL), 0);
  for (k = 0; k < b->n; k++) {
    fnv_f32 (&base, b->subcarriers[k].amp_mean);
    fnv_f32 (&base, b->subcarriers[k].amp_variance);
    fnv_f32 (&base, b->subcarriers[k].phase_mean);
    fnv_f32 (&base, b->subcarriers[k].phase_dispersion);
  }
  /* frames with more noise and an amplitude shift against the baseline */
  for (i = 0; i < 100; i++) {
    fe_gen_frame (&rng, 52, 0.2f, 0.3f, d);
    fail_unless_equals_int (rv_baseline_deviation (b, d, 1, 52, &sc, NULL), 0);
    fnv_f32 (&dev, sc.amplitude_z_median);
    fnv_f32 (&dev, sc.amplitude_z_max);
    fnv_f32 (&dev, sc.phase_drift_median);
  }
  CHECK_DIGEST ("calibration frames", frames, 0x010a019d91a90aa2ull);
  CHECK_DIGEST ("calibration baseline", base, 0xacf9688aa0a0503bull);
  CHECK_DIGEST ("calibration deviation", dev, 0xa51fc5fb07b1f036ull);
  rv_baseline_free (b);
  rv_calibration_recorder_free (r);
}
GST_END_TEST;

/* ------------------------------------------------------------------ CIR */

/* amplitude and phase of subcarrier i in frame f: two reflectors */
static void
chan (int f, int i, double *a, double *p)
{
  *a = 1.0 + 0.4 * rv_cos (0.21 * i + 0.05 * f) + 0.05 * rv_sin (1.7 * i);
  *p = -0.35 * i + 0.6 * rv_sin (0.11 * i - 0.03 * f) + 0.01 * f;
}

GST_START_TEST (test_cir_unquantised)
{
  RvCirIsa isa;
  uint64_t want = 0;
  int n_isa = 0;
  for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++) {
    RvCirConfig cfg;
    RvCirEstimator *e;
    RvCirWorkspace *w;
    double frame[2 * 64];
    float taps[2 * 156];
    Fnv h;
    int f, i;
    if (!rv_cir_isa_available (isa))
      continue;
    rv_cir_config_init (&cfg, RV_CIR_TIER_HT20);
    cfg.isa = isa;
    e = rv_cir_estimator_new (&cfg, NULL);
    fail_unless (e != NULL);
    w = rv_cir_workspace_new (e);
    fnv_init (&h);
    for (f = 0; f < 12; f++) {
      RvCir c;
      memset (frame, 0, sizeof frame);
      for (i = 0; i < 56; i++) {
        double a, p;
        chan (f, i, &a, &p);
        frame[2 * i] = a * rv_cos (p);
        frame[2 * i + 1] = a * rv_sin (p);
      }
      fail_unless_equals_int (rv_cir_estimate (e, w, frame, 1, 64, taps, &c), RV_CIR_OK);
      for (i = 0; i < 2 * 156; i++)
        fnv_f32 (&h, taps[i]);
      fnv_f32 (&h, c.phase_variance);
      fnv_f32 (&h, c.residual);
      fnv_f32 (&h, c.dominant_tap_ratio);
      fnv_f64 (&h, c.rms_delay_spread_s);
      fnv_bytes (&h, &c.iters_used, sizeof c.iters_used);
    }
    g_print ("CIR %s: %016" G_GINT64_MODIFIER "x\n", rv_cir_isa_name (rv_cir_estimator_isa (e)),
        h.h);
    if (n_isa++ == 0)
      want = h.h;
    fail_unless (h.h == want, "the %s dispatch differs", rv_cir_isa_name (isa));
    CHECK_DIGEST ("CIR", h, 0x0e5cc054b7d1fb26ull);
    rv_cir_workspace_free (w);
    rv_cir_estimator_free (e);
  }
}
GST_END_TEST;

/* ------------------------------------- multistatic → tomography, tracker */

#define NB 56
#define NN 4

GST_START_TEST (test_fused_tomography_tracker)
{
  static float amp[NN][NB], ph[NN][NB];
  float oa[NB], op[NB];
  double base[NN], cur[NN], y[NN * (NN - 1)];
  RvPosition3D pos[NN] = { {0.5, 0.5, 1.5}, {5.5, 0.5, 1.5}, {5.5, 5.5, 1.5}, {0.5, 5.5, 1.5} };
  RvLinkGeometry links[NN * (NN - 1)];
  RvMultistaticConfig mc;
  RvMultistaticFuser *fu;
  RvTomographyConfig tc;
  RvTomographer *tomo;
  RvPoseTrackerConfig pc;
  RvPoseTracker *tr;
  Fnv fused, dens, track;
  int cyc, n, i;
  size_t k, nl;

  fnv_init (&fused);
  fnv_init (&dens);
  fnv_init (&track);
  rv_multistatic_config_default (&mc);
  fu = rv_multistatic_fuser_new (&mc, NB, NULL);
  fail_unless (fu != NULL);
  rv_tomography_config_default (&tc);
  nl = rv_tomography_links_all_pairs (pos, NN, links, G_N_ELEMENTS (links));
  fail_unless_equals_int (nl, NN * (NN - 1));
  tomo = rv_tomographer_new (&tc, links, nl, NULL);
  fail_unless (tomo != NULL);
  rv_pose_tracker_config_default (&pc);
  tr = rv_pose_tracker_new (&pc, NULL);
  fail_unless (tr != NULL);

  for (cyc = 0; cyc < 30; cyc++) {
    RvNodeFrame nodes[NN];
    RvFusedFrame out;
    RvOccupancyVolume vol;
    RvSensingFeatures feat;
    RvClassification cls;
    RvHeuristicPerson persons[2];
    RvTrackedPerson tracked[4];
    float dets[2][RV_POSE_KEYPOINTS][3];
    size_t np, nt;

    memset (nodes, 0, sizeof nodes);
    for (n = 0; n < NN; n++) {
      double s = 0.0;
      for (i = 0; i < NB; i++) {
        amp[n][i] = (float) (1.0 + 0.3 * rv_sin (0.17 * i + 0.9 * n + 0.07 * cyc));
        ph[n][i] = rv_atan2f ((float) rv_sin (0.4 * i + n), (float) rv_cos (0.3 * i - 0.05 * cyc));
        s += amp[n][i];
      }
      cur[n] = s / NB;
      if (cyc == 0)
        base[n] = cur[n] * 1.1;
      nodes[n].node_id = (uint32_t) n;
      nodes[n].timestamp_us = 1000000ull * (uint64_t) cyc + (uint64_t) n;
      nodes[n].coherence = 0.9f;
      nodes[n].n_channels = 1;
      nodes[n].n_bins = NB;
      nodes[n].amplitude[0] = amp[n];
      nodes[n].phase[0] = ph[n];
    }
    fail_unless_equals_int (rv_multistatic_fuse (fu, nodes, NN, oa, op, NB, &out), 0);
    for (i = 0; i < NB; i++) {
      fnv_f32 (&fused, oa[i]);
      fnv_f32 (&fused, op[i]);
    }
    for (n = 0; n < NN; n++)
      fnv_f32 (&fused, out.weights[n]);
    fnv_f32 (&fused, out.cross_node_coherence);
    fnv_f32 (&fused, out.freq_coherence);

    rv_tomography_link_attenuation (base, cur, NN, y);
    fail_unless_equals_int (rv_tomographer_reconstruct (tomo, y, nl, &vol), RV_TOMO_OK);
    for (k = 0; k < vol.total_voxels; k++)
      fnv_f64 (&dens, vol.densities[k]);
    fnv_f64 (&dens, vol.residual);

    memset (&feat, 0, sizeof feat);
    feat.mean_rssi = -50.0 + 3.0 * rv_sin (0.3 * cyc);
    feat.variance = 0.5 + 0.1 * cyc;
    feat.motion_band_power = 0.2 + 0.05 * rv_cos (0.2 * cyc);
    feat.breathing_band_power = 0.1;
    feat.dominant_freq_hz = 0.3;
    feat.change_points = (uint64_t) cyc % 3;
    feat.spectral_power = 1.5;
    cls.motion_level = RV_MOTION_PRESENT_MOVING;
    cls.presence = true;
    cls.confidence = 0.8;
    np = rv_heuristic_pose (&feat, &cls, NULL, (uint64_t) cyc, 2, persons, 2);
    fail_unless_equals_int (np, 2);
    for (k = 0; k < np; k++)
      rv_heuristic_person_to_tracker (&persons[k], dets[k]);
    nt = rv_pose_tracker_bridge_update (tr, 0.1f, 100000ull * (uint64_t) cyc,
        (const float (*)[RV_POSE_KEYPOINTS][3]) dets, np, tracked, G_N_ELEMENTS (tracked), NULL);
    (void) nt;
    for (k = 0; k < rv_pose_tracker_n_tracks (tr); k++) {
      const RvPoseTrack *t = rv_pose_tracker_track (tr, k);
      size_t j, q;
      for (j = 0; j < RV_POSE_KEYPOINTS; j++) {
        for (q = 0; q < 6; q++)
          fnv_f32 (&track, t->kp[j].state[q]);
        for (q = 0; q < 21; q++)
          fnv_f32 (&track, t->kp[j].cov[q]);
      }
    }
  }
  CHECK_DIGEST ("fused amplitude/phase", fused, 0xf2db38b13f6aa21dull);
  CHECK_DIGEST ("tomography densities", dens, 0x43da24626e569f20ull);
  CHECK_DIGEST ("tracker state", track, 0x1bf676ade8e73dd6ull);
  rv_pose_tracker_free (tr);
  rv_tomographer_free (tomo);
  rv_multistatic_fuser_free (fu);
}
GST_END_TEST;

static Suite *
bitexact_suite (void)
{
  Suite *s = suite_create ("bitexact");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_rvmath_digests);
  tcase_add_test (tc, test_rvmath_sincos_agree);
  tcase_add_test (tc, test_rvmath_spot_values);
  tcase_add_test (tc, test_calibration_unquantised);
  tcase_add_test (tc, test_cir_unquantised);
  tcase_add_test (tc, test_fused_tomography_tracker);
  return s;
}

GST_CHECK_MAIN (bitexact);
