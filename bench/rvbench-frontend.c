/* rvbench-frontend: per-frame and per-cycle cost of the front-end numeric
 * core (frontend.md §3–§7) on a synthetic 4-node room, HT20 (64-column
 * complex frames) and canonical56, each beside a same-run naive baseline
 * written straight from the spec (full stable sorts, attention weights
 * computed twice, allocation per call), and the seed's per-stage budgets
 * (ingest 2 ms, calibration 2 ms, alignment 1 ms, fusion 2 ms per cycle).
 *
 * A cycle = 4 nodes × 3 hop channels: 12 frames normalised and calibrated,
 * 4 alignments of 3 channels, 1 fusion of 4 nodes.
 *
 * Usage: rvbench-frontend [iterations] [repeats] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ruview/calibration.h"
#include "ruview/hardware_norm.h"
#include "ruview/multistatic.h"
#include "ruview/phase_align.h"
#include "ruview/rng.h"

#define N_NODES 4
#define N_CH 3
#define RAW 64
#define MAXB 64

#define PI_F32 3.14159274f
#define TWO_PI_F32 6.28318548f

static volatile double sink;

static int
fe_same (float a, float b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

static double
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static int
cmp_d (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

typedef struct {
  double med, lo, hi;
} Stat;

/* ns per call: median (min..max) over repeats of `iters` calls */
#define MEASURE(stat, iters, repeats, body) do { \
    double _t[64]; int _r; long _i; \
    for (_r = 0; _r < (repeats); _r++) { \
      double _t0 = now_ns (); \
      for (_i = 0; _i < (iters); _i++) { body; } \
      _t[_r] = (now_ns () - _t0) / (double) (iters); \
    } \
    qsort (_t, (size_t) (repeats), sizeof (double), cmp_d); \
    (stat).med = _t[(repeats) / 2]; (stat).lo = _t[0]; (stat).hi = _t[(repeats) - 1]; \
  } while (0)

/* ------------------------------------------------------------------ */
/* synthetic room                                                       */

typedef struct {
  double raw[N_CH][2 * RAW];             /* complex HT20 frame per channel */
  double work[N_CH][2 * RAW];            /* copy the calibration edits */
  float amp[N_CH][MAXB], ph[N_CH][MAXB]; /* canonical / aligned */
  float ph_work[N_CH][MAXB];
  RvBaseline *baseline;
} Node;

static Node nodes[N_NODES];

static void
gen_frame (RvXorshift32 *rng, double *out, int K, float scale, float ph_off, float sigma)
{
  int k;
  for (k = 0; k < K; k++) {
    float amp = scale * (0.3f + 0.7f * fabsf (sinf (((float) k * PI_F32) / (float) K)));
    float ph = fmodf ((float) k * 0.1f + ph_off, TWO_PI_F32) - PI_F32;
    float re = amp * cosf (ph) + sigma * rv_normal_f32 (rng);
    float im = amp * sinf (ph) + sigma * rv_normal_f32 (rng);
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
}

static void
setup_room (void)
{
  RvXorshift32 rng;
  RvCalibrationConfig cfg;
  int n, c, i;

  rv_xorshift32_init (&rng, 42);
  rv_calibration_config_for_tier (&cfg, RV_PHY_TIER_HT20);
  for (n = 0; n < N_NODES; n++) {
    RvCalibrationRecorder *r = rv_calibration_recorder_new (&cfg, 1700000000 + n, NULL);
    double tmp[2 * RAW];
    for (i = 0; i < 600; i++) {
      gen_frame (&rng, tmp, RAW, 1.0f + 0.1f * (float) n, 0.0f, 0.01f);
      rv_calibration_recorder_record (r, tmp, 1, RAW, NULL, NULL);
    }
    rv_calibration_recorder_finalize (r, &nodes[n].baseline, NULL);
    rv_calibration_recorder_free (r);
    for (c = 0; c < N_CH; c++)
      gen_frame (&rng, nodes[n].raw[c], RAW, 1.05f + 0.1f * (float) n,
          0.3f * (float) c, 0.02f);
  }
}

/* ------------------------------------------------------------------ */
/* naive baselines, straight from the spec                              */

/* §3: fresh vectors per call, like the Rust Vec-returning functions */
static void
naive_normalize (const double *amp, const double *ph, size_t n, float *oa, float *op)
{
  double *a = malloc (56 * sizeof (double)), *p = malloc (56 * sizeof (double));
  double *z = malloc (56 * sizeof (double)), *s = malloc (56 * sizeof (double));
  size_t i;
  rv_resample_cubic (amp, n, a, 56);
  rv_resample_cubic (ph, n, p, 56);
  rv_zscore (a, 56, false, 0, 0, z);
  rv_phase_sanitize (p, 56, s);
  for (i = 0; i < 56; i++) {
    oa[i] = (float) z[i];
    op[i] = (float) s[i];
  }
  free (a);
  free (p);
  free (z);
  free (s);
}

/* stable merge sort on floats (the Rust sort_by), allocating */
static void
merge_sort_f (float *v, size_t n)
{
  float *t;
  size_t w, i;
  if (n < 2)
    return;
  t = malloc (n * sizeof (float));
  for (w = 1; w < n; w *= 2) {
    for (i = 0; i < n; i += 2 * w) {
      size_t a = i, m = i + w < n ? i + w : n, e = i + 2 * w < n ? i + 2 * w : n, b = m, k = i;
      while (a < m && b < e)
        t[k++] = v[b] < v[a] ? v[b++] : v[a++];
      while (a < m)
        t[k++] = v[a++];
      while (b < e)
        t[k++] = v[b++];
    }
    memcpy (v, t, n * sizeof (float));
  }
  free (t);
}

static float
naive_median (const float *src, size_t n)
{
  float *v, r;
  if (n == 0)
    return 0.0f;
  v = malloc (n * sizeof (float));
  memcpy (v, src, n * sizeof (float));
  merge_sort_f (v, n);
  r = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0f;
  free (v);
  return r;
}

/* §5.5 deviation + §5.6 subtract with per-call vectors and full sorts */
static void
naive_calibrate (const RvBaseline *b, double *data, size_t cols, RvCalibrationScore *out)
{
  size_t n = b->n, k;
  float *z = malloc (n * sizeof (float)), *dr = malloc (n * sizeof (float)), zmax = 0.0f;
  float *y = malloc (2 * n * sizeof (float));   /* extract_first_stream copy */
  for (k = 0; k < n; k++) {
    y[2 * k] = (float) data[2 * k];
    y[2 * k + 1] = (float) data[2 * k + 1];
  }
  for (k = 0; k < n; k++) {
    float amp = hypotf (y[2 * k], y[2 * k + 1]);
    float sd = fmaxf (sqrtf (b->subcarriers[k].amp_variance), 1e-12f);
    z[k] = fabsf ((amp - b->subcarriers[k].amp_mean) / sd);
    dr[k] = rv_calibration_circ_dist (atan2f (y[2 * k + 1], y[2 * k]),
        b->subcarriers[k].phase_mean);
    zmax = fmaxf (zmax, z[k]);
  }
  out->amplitude_z_median = naive_median (z, n);
  out->amplitude_z_max = zmax;
  out->phase_drift_median = naive_median (dr, n);
  out->motion_flagged = out->amplitude_z_median > 2.0f || out->phase_drift_median > 0.52359879f;
  free (z);
  free (dr);
  free (y);
  for (k = 0; k < n && k < cols; k++) {
    double *c = data + 2 * k, norm = hypot (c[0], c[1]);
    if (norm > 1e-30) {
      double sc = fmax (norm - (double) b->subcarriers[k].amp_mean, 0.0) / norm;
      c[0] *= sc;
      c[1] *= sc;
    }
  }
}

/* §6 with a full stable sort of (index, variance) and output copies */
typedef struct {
  size_t s;
  float v;
} SV;

static void
merge_sort_sv (SV *v, size_t n)
{
  SV *t;
  size_t w, i;
  if (n < 2)
    return;
  t = malloc (n * sizeof (SV));
  for (w = 1; w < n; w *= 2) {
    for (i = 0; i < n; i += 2 * w) {
      size_t a = i, m = i + w < n ? i + w : n, e = i + 2 * w < n ? i + 2 * w : n, b = m, k = i;
      while (a < m && b < e)
        t[k++] = v[b].v < v[a].v ? v[b++] : v[a++];
      while (a < m)
        t[k++] = v[a++];
      while (b < e)
        t[k++] = v[b++];
    }
    memcpy (v, t, n * sizeof (SV));
  }
  free (t);
}

/* ADR-135 drift statistic: keep the last W z² per bin, copy and fully sort
 * every window each frame */
#define DRIFT_W 300
typedef struct {
  float ring[52][DRIFT_W];
  size_t count, pos;
} NaiveDrift;

static float
naive_drift_push (NaiveDrift *d, const float *z)
{
  float sum = 0.0f;
  size_t k;
  for (k = 0; k < 52; k++)
    d->ring[k][d->pos] = z[k] * z[k];
  d->pos = (d->pos + 1) % DRIFT_W;
  if (d->count < DRIFT_W)
    d->count++;
  for (k = 0; k < 52; k++)
    sum += naive_median (d->ring[k], d->count);
  return sum / 52.0f;
}

/* §6 wrap exactly as written: always through fmodf */
static float
naive_wrap (float p)
{
  float q = fmodf (p, TWO_PI_F32);
  if (q > PI_F32)
    q -= TWO_PI_F32;
  if (q < -PI_F32)
    q += TWO_PI_F32;
  return q;
}

static int
cmp_sz (const void *a, const void *b)
{
  size_t x = *(const size_t *) a, y = *(const size_t *) b;
  return x < y ? -1 : x > y;
}

static size_t
naive_align (float (*amp)[MAXB], float (*ph)[MAXB], size_t n_ch, size_t n_sub,
             float (*out_ph)[MAXB], float *offsets)
{
  SV *sv = malloc (n_sub * sizeof (SV));
  size_t *S, n_static, take, s, c, it, iters = 0;
  float *off = malloc (n_ch * sizeof (float)), ref;
  float (*res)[MAXB] = malloc (n_ch * sizeof (*res));   /* new output frames */
  for (s = 0; s < n_sub; s++) {
    float sum = -0.0f, mean, v = -0.0f;
    for (c = 0; c < n_ch; c++)
      sum += amp[c][s];
    mean = sum / (float) n_ch;
    for (c = 0; c < n_ch; c++)
      v += (amp[c][s] - mean) * (amp[c][s] - mean);
    sv[s].s = s;
    sv[s].v = v / (float) n_ch;
  }
  merge_sort_sv (sv, n_sub);
  n_static = (size_t) ceilf ((float) n_sub * 0.3f);
  if (n_static < 5)
    n_static = 5;
  take = n_static < n_sub ? n_static : n_sub;
  S = malloc (take * sizeof (size_t));
  for (s = 0; s < take; s++)
    S[s] = sv[s].s;
  qsort (S, take, sizeof (size_t), cmp_sz);
  off[0] = 0.0f;
  ref = rv_phase_circ_mean (ph[0], n_sub, S, take);
  for (c = 1; c < n_ch; c++)
    off[c] = naive_wrap (rv_phase_circ_mean (ph[c], n_sub, S, take) - ref);
  for (it = 0; it < 20; it++) {
    float mx = 0.0f;
    for (c = 1; c < n_ch; c++) {
      float rs = 0.0f, upd;
      for (s = 0; s < take; s++)
        rs += naive_wrap ((ph[c][S[s]] - off[c]) - ph[0][S[s]]);
      upd = (rs / (float) take) * 0.5f;
      off[c] = naive_wrap (off[c] + upd);
      mx = fmaxf (mx, fabsf (upd));
    }
    iters = it + 1;
    if (mx < 1e-4f)
      break;
  }
  for (c = 0; c < n_ch; c++)
    for (s = 0; s < n_sub; s++)
      res[c][s] = naive_wrap (ph[c][s] - off[c]);
  memcpy (out_ph, res, n_ch * sizeof (*res));
  memcpy (offsets, off, n_ch * sizeof (float));
  free (sv);
  free (S);
  free (off);
  free (res);
  return iters;
}

/* §7.2–§7.4: fuse, then recompute the weights for the score (as upstream),
 * vectors allocated per call, node frames copied into the fused frame */
static float *
naive_weights (const float *const *amps, size_t n, size_t n_sub, float T)
{
  float *mean = calloc (n_sub, sizeof (float)), *logits = calloc (n, sizeof (float));
  float *w = calloc (n, sizeof (float));
  rv_multistatic_attention_weights (amps, n, n_sub, T, mean, logits);
  memcpy (w, logits, n * sizeof (float));
  free (mean);
  free (logits);
  return w;
}

static float
naive_fuse_scored (const RvNodeFrame *nf, size_t n, size_t n_sub, float *oa, float *op,
                   float *w_out)
{
  const float *amps[N_NODES], *phs[N_NODES];
  float *fa = calloc (n_sub, sizeof (float)), *fs = calloc (n_sub, sizeof (float));
  float *fc = calloc (n_sub, sizeof (float)), *w, *w2, coh;
  float *copies = malloc (n * 2 * n_sub * sizeof (float));
  size_t k, i;
  for (k = 0; k < n; k++) {
    amps[k] = nf[k].amplitude[0];
    phs[k] = nf[k].phase[0];
    memcpy (copies + 2 * k * n_sub, amps[k], n_sub * sizeof (float));
    memcpy (copies + (2 * k + 1) * n_sub, phs[k], n_sub * sizeof (float));
  }
  w = naive_weights (amps, n, n_sub, 1.0f);
  for (k = 0; k < n; k++)
    for (i = 0; i < n_sub; i++) {
      fa[i] += w[k] * amps[k][i];
      fs[i] += w[k] * sinf (phs[k][i]);
      fc[i] += w[k] * cosf (phs[k][i]);
    }
  for (i = 0; i < n_sub; i++) {
    oa[i] = fa[i];
    op[i] = atan2f (fs[i], fc[i]);
  }
  coh = rv_multistatic_weight_coherence (w, n);
  w2 = naive_weights (amps, n, n_sub, 1.0f);    /* the score recomputes them */
  coh += 0.0f * rv_multistatic_weight_coherence (w2, n);
  memcpy (w_out, w2, n * sizeof (float));
  free (fa);
  free (fs);
  free (fc);
  free (w);
  free (w2);
  free (copies);
  return coh;
}

/* ------------------------------------------------------------------ */

static void
print_row (const char *what, const char *tier, double per_frame_ns, int per_cycle,
           const Stat *opt, const Stat *naive, double budget_ms)
{
  double cyc_opt = opt->med * per_cycle / 1e3, cyc_naive = naive->med * per_cycle / 1e3;
  printf ("%-28s %-12s %9.2f us (%6.2f..%6.2f) %9.2f us   x%-3d %9.2f us %9.2f us  %6.2fx  %6.0fx\n",
      what, tier, per_frame_ns / 1e3, opt->lo / 1e3, opt->hi / 1e3, naive->med / 1e3,
      per_cycle, cyc_opt, cyc_naive, naive->med / opt->med, budget_ms * 1e3 / cyc_opt);
}

int
main (int argc, char **argv)
{
  long iters = argc > 1 ? atol (argv[1]) : 20000;
  int repeats = argc > 2 ? atoi (argv[2]) : 7;
  RvHwNormalizer *hn = rv_hw_normalizer_new (56, NULL);
  RvPhaseAlignConfig pcfg;
  RvPhaseAligner *pa;
  RvMultistaticConfig mcfg;
  RvMultistaticFuser *fu;
  double amp64[RAW], ph64[RAW];
  float oa[MAXB], op[MAXB], oa2[MAXB], op2[MAXB];
  int tier, identical = 1;
  Stat s_opt, s_naive;

  if (repeats < 1 || repeats > 64 || iters < 1) {
    fprintf (stderr, "usage: rvbench-frontend [iterations] [repeats≤64]\n");
    return 2;
  }
  setup_room ();
  rv_phase_align_config_default (&pcfg);
  pa = rv_phase_aligner_new (&pcfg, N_CH, MAXB, NULL);
  rv_multistatic_config_default (&mcfg);
  fu = rv_multistatic_fuser_new (&mcfg, MAXB, NULL);

  printf ("rvbench-frontend: %ld iterations x %d repeats, median (min..max) per call\n",
      iters, repeats);
  printf ("cycle = %d nodes x %d channels; budgets per cycle: ingest 2 ms, calibration 2 ms, "
      "alignment 1 ms, fusion 2 ms\n\n", N_NODES, N_CH);
  printf ("%-28s %-12s %-32s %12s   %-4s %12s %12s %7s %7s\n", "stage", "input",
      "ours per call (min..max)", "naive", "n", "ours/cycle", "naive/cycle", "naive/x",
      "budget/x");

  for (tier = 0; tier < 2; tier++) {
    const char *tn = tier == 0 ? "HT20 (64)" : "canonical56";
    size_t nb = tier == 0 ? RAW : 56;
    int i, n, c;

    /* --- 1. ingest + hardware normalisation (amp/phase extraction, §3) --- */
    for (i = 0; i < (int) nb; i++) {
      const double *d = nodes[0].raw[0];
      amp64[i] = hypot (d[2 * i], d[2 * i + 1]);
      ph64[i] = atan2 (d[2 * i + 1], d[2 * i]);
    }
    rv_hw_normalizer_normalize (hn, amp64, nb, ph64, nb, rv_hw_detect (nb), oa, op, MAXB);
    naive_normalize (amp64, ph64, nb, oa2, op2);
    identical &= memcmp (oa, oa2, 56 * sizeof (float)) == 0
        && memcmp (op, op2, 56 * sizeof (float)) == 0;
    MEASURE (s_opt, iters, repeats, {
      const double *d = nodes[_i & 3].raw[_i % 3];
      for (i = 0; i < (int) nb; i++) {
        amp64[i] = hypot (d[2 * i], d[2 * i + 1]);
        ph64[i] = atan2 (d[2 * i + 1], d[2 * i]);
      }
      rv_hw_normalizer_normalize (hn, amp64, nb, ph64, nb, RV_HW_ESP32_S3, oa, op, MAXB);
      sink += oa[3];
    });
    MEASURE (s_naive, iters, repeats, {
      const double *d = nodes[_i & 3].raw[_i % 3];
      for (i = 0; i < (int) nb; i++) {
        amp64[i] = hypot (d[2 * i], d[2 * i + 1]);
        ph64[i] = atan2 (d[2 * i + 1], d[2 * i]);
      }
      naive_normalize (amp64, ph64, nb, oa2, op2);
      sink += oa2[3];
    });
    print_row ("ingest+hardware normalise", tn, s_opt.med, N_NODES * N_CH, &s_opt, &s_naive, 2.0);

    /* --- 2. calibration: deviation + apply on the complex frame (§5.5/5.6) --- */
    if (tier == 0) {
      RvCalibrationScore sc1, sc2;
      uint64_t id;
      memcpy (nodes[0].work[0], nodes[0].raw[0], sizeof nodes[0].raw[0]);
      rv_baseline_deviation (nodes[0].baseline, nodes[0].work[0], 1, RAW, &sc1, NULL);
      rv_baseline_apply (nodes[0].baseline, nodes[0].work[0], 1, RAW, &id, NULL);
      memcpy (nodes[0].work[1], nodes[0].raw[0], sizeof nodes[0].raw[0]);
      naive_calibrate (nodes[0].baseline, nodes[0].work[1], RAW, &sc2);
      identical &= fe_same (sc1.amplitude_z_median, sc2.amplitude_z_median)
          && fe_same (sc1.amplitude_z_max, sc2.amplitude_z_max)
          && fe_same (sc1.phase_drift_median, sc2.phase_drift_median)
          && sc1.motion_flagged == sc2.motion_flagged
          && memcmp (nodes[0].work[0], nodes[0].work[1], sizeof nodes[0].work[0]) == 0;
      MEASURE (s_opt, iters, repeats, {
        Node *nd = &nodes[_i & 3];
        double *w = nd->work[_i % 3];
        memcpy (w, nd->raw[_i % 3], sizeof nd->raw[0]);
        rv_baseline_deviation (nd->baseline, w, 1, RAW, &sc1, NULL);
        rv_baseline_apply (nd->baseline, w, 1, RAW, &id, NULL);
        sink += sc1.amplitude_z_median + w[5];
      });
      MEASURE (s_naive, iters, repeats, {
        Node *nd = &nodes[_i & 3];
        double *w = nd->work[_i % 3];
        memcpy (w, nd->raw[_i % 3], sizeof nd->raw[0]);
        naive_calibrate (nd->baseline, w, RAW, &sc2);
        sink += sc2.amplitude_z_median + w[5];
      });
      print_row ("calibration dev+apply", tn, s_opt.med, N_NODES * N_CH, &s_opt, &s_naive, 2.0);

      /* ADR-135 stale-baseline statistic: z-scores + windowed medians (W = 300) */
      {
        RvCalibrationDrift *dr = rv_calibration_drift_new (52, DRIFT_W, 4.0f, 900);
        NaiveDrift *nd = calloc (1, sizeof (NaiveDrift));
        RvCalibrationDriftState ds;
        float z[52], ref = 0.0f;
        size_t nz;
        long t;
        for (t = 0; t < 2 * DRIFT_W; t++) {      /* fill both windows */
          rv_baseline_zscores (nodes[t & 3].baseline, nodes[t & 3].raw[t % 3], 1, RAW,
              z, &nz, NULL);
          rv_calibration_drift_push (dr, z, 52, &ds);
          ref = naive_drift_push (nd, z);
        }
        identical &= fe_same (ds.drift_score, ref);
        MEASURE (s_opt, iters, repeats, {
          Node *no = &nodes[_i & 3];
          rv_baseline_zscores (no->baseline, no->raw[_i % 3], 1, RAW, z, &nz, NULL);
          rv_calibration_drift_push (dr, z, 52, &ds);
          sink += ds.drift_score;
        });
        MEASURE (s_naive, iters / 10 + 1, repeats, {
          Node *no = &nodes[_i & 3];
          rv_baseline_zscores (no->baseline, no->raw[_i % 3], 1, RAW, z, &nz, NULL);
          sink += naive_drift_push (nd, z);
        });
        print_row ("calibration drift (W=300)", tn, s_opt.med, N_NODES * N_CH, &s_opt,
            &s_naive, 2.0);
        rv_calibration_drift_free (dr);
        free (nd);
      }
    }

    /* --- 3. phase alignment of 3 channels per node (§6) --- */
    for (n = 0; n < N_NODES; n++)
      for (c = 0; c < N_CH; c++) {
        const double *d = nodes[n].raw[c];
        for (i = 0; i < (int) nb; i++) {
          nodes[n].amp[c][i] = (float) hypot (d[2 * i], d[2 * i + 1]);
          nodes[n].ph[c][i] = (float) atan2 (d[2 * i + 1], d[2 * i]);
        }
      }
    {
      RvAlignChannel ac[N_CH];
      RvPhaseAlignResult res;
      float offs[N_CH], (*naive_out)[MAXB] = malloc (N_CH * sizeof (*naive_out));
      size_t it;
      for (c = 0; c < N_CH; c++) {
        memcpy (nodes[0].ph_work[c], nodes[0].ph[c], sizeof nodes[0].ph[c]);
        ac[c].amplitude = nodes[0].amp[c];
        ac[c].amp_len = nb;
        ac[c].phase = nodes[0].ph_work[c];
        ac[c].phase_len = nb;
      }
      rv_phase_aligner_align (pa, ac, N_CH, &res, NULL);
      it = naive_align (nodes[0].amp, nodes[0].ph, N_CH, nb, naive_out, offs);
      identical &= it == res.iterations && memcmp (offs, res.offsets, sizeof offs) == 0;
      for (c = 0; c < N_CH; c++)
        identical &= memcmp (naive_out[c], nodes[0].ph_work[c], nb * sizeof (float)) == 0;
      MEASURE (s_opt, iters, repeats, {
        Node *nd = &nodes[_i & 3];
        for (c = 0; c < N_CH; c++) {
          memcpy (nd->ph_work[c], nd->ph[c], nb * sizeof (float));
          ac[c].amplitude = nd->amp[c];
          ac[c].phase = nd->ph_work[c];
        }
        rv_phase_aligner_align (pa, ac, N_CH, &res, NULL);
        sink += res.offsets[1];
      });
      MEASURE (s_naive, iters, repeats, {
        Node *nd = &nodes[_i & 3];
        naive_align (nd->amp, nd->ph, N_CH, nb, naive_out, offs);
        sink += offs[1];
      });
      print_row ("phase alignment (3 ch)", tn, s_opt.med, N_NODES, &s_opt, &s_naive, 1.0);
      free (naive_out);
    }

    /* --- 4. fusion of 4 nodes, scored + calibrated (§7) --- */
    {
      RvNodeFrame nf[N_NODES];
      RvMaybeCalibrationId cals[N_NODES];
      RvFusedFrame ff;
      RvQualityScore q;
      float w2[N_NODES];
      for (n = 0; n < N_NODES; n++) {
        memset (&nf[n], 0, sizeof nf[n]);
        nf[n].node_id = (uint32_t) n;
        nf[n].timestamp_us = 1000 + (uint64_t) n * 300;
        nf[n].n_channels = N_CH;
        nf[n].n_bins = nb;
        for (c = 0; c < N_CH; c++) {
          nf[n].amplitude[c] = nodes[n].amp[c];
          nf[n].phase[c] = nodes[n].ph[c];
        }
        cals[n].present = true;
        cals[n].id = 77;
      }
      rv_multistatic_fuse_scored_calibrated (fu, nf, N_NODES, cals, N_NODES, 0.85f,
          oa, op, MAXB, &ff, &q);
      naive_fuse_scored (nf, N_NODES, nb, oa2, op2, w2);
      identical &= memcmp (oa, oa2, nb * sizeof (float)) == 0
          && memcmp (op, op2, nb * sizeof (float)) == 0
          && memcmp (q.per_node_weights, w2, sizeof w2) == 0;
      MEASURE (s_opt, iters, repeats, {
        rv_multistatic_fuse_scored_calibrated (fu, nf, N_NODES, cals, N_NODES, 0.85f,
            oa, op, MAXB, &ff, &q);
        sink += q.base_coherence + oa[_i & 31];
      });
      MEASURE (s_naive, iters, repeats, {
        sink += naive_fuse_scored (nf, N_NODES, nb, oa2, op2, w2) + oa2[_i & 31];
      });
      print_row ("fusion 4 nodes (scored)", tn, s_opt.med, 1, &s_opt, &s_naive, 2.0);
    }
  }
  printf ("\noptimised and naive outputs bit-identical: %s\n", identical ? "yes" : "NO");
  rv_hw_normalizer_free (hn);
  rv_phase_aligner_free (pa);
  rv_multistatic_fuser_free (fu);
  for (tier = 0; tier < N_NODES; tier++)
    rv_baseline_free (nodes[tier].baseline);
  return identical ? 0 : 1;
}
