/* rvbench-cir: CIR estimator figures (cir.md §11; targets in
 * docs/performance.md).  Every figure is printed beside a same-run
 * baseline — a plain scalar dense implementation written straight from
 * cir.md (Φ and Φᴴ as separate interleaved arrays, allocation per call) —
 * and beside RuView's figure measured on a machine like ours (AMD EPYC
 * Zen 5, 2 vCPU KVM guest; see docs/performance.md).  The FFT operator's
 * transforms are also timed against FFTW's length-G transforms, the reason
 * they are our own.
 *
 * Timing: the cases of a tier run in interleaved rounds (baseline, ours,
 * baseline, ours, …) so that a busy neighbour hurts them alike; each figure
 * is the median over the rounds [min .. max], of the calling thread's CPU
 * time (the pool rows, which run two threads, of wall time).
 *
 * Usage: rvbench-cir [rounds]   (default 5) */
#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ruview/cir.h"
#include "ruview/cir_fft.h"
#include "cir_gen.h"
#if RV_BENCH_FFTW
#include <fftw3.h>
#endif

/* ---- the baseline: cir.md transcribed literally ------------------------- */

typedef struct {
  size_t n, k, g;
  double bw;
  float lambda, lip;
  float *phi;    /* k×g interleaved */
  float *phih;   /* g×k interleaved */
  float *d;
  int *active;
} Base;

static void
base_mv (const float *m, size_t rows, size_t cols, const float *v, float *out)
{
  size_t i, j;
  for (i = 0; i < rows; i++) {
    float ar = 0.0f, ai = 0.0f;
    for (j = 0; j < cols; j++) {
      const float *a = m + 2 * (i * cols + j);
      float pr = a[0] * v[2 * j] - a[1] * v[2 * j + 1];
      float pi = a[0] * v[2 * j + 1] + a[1] * v[2 * j];
      ar += pr;
      ai += pi;
    }
    out[2 * i] = ar;
    out[2 * i + 1] = ai;
  }
}

static void
base_normalize (float *v, size_t n)
{
  double s = -0.0;
  float nn, inv;
  size_t i;
  for (i = 0; i < n; i++)
    s += (double) (v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1]);
  nn = fmaxf ((float) sqrt (s), 1e-12f);
  inv = 1.0f / nn;
  for (i = 0; i < 2 * n; i++)
    v[i] *= inv;
}

static Base *
base_new (RvCirTier tier)
{
  RvCirConfig c;
  Base *b = calloc (1, sizeof *b);
  size_t ki, g, i;
  float s, *v, *t, *w, ev = 1e-6f;
  int it;
  rv_cir_config_init (&c, tier);
  b->n = c.num_subcarriers;
  b->k = c.num_active;
  b->g = c.num_taps;
  b->bw = c.bandwidth_hz;
  b->lambda = c.lambda;
  b->phi = malloc (2 * b->k * b->g * sizeof (float));
  b->phih = malloc (2 * b->k * b->g * sizeof (float));
  b->d = malloc (b->g * sizeof (float));
  b->active = malloc (b->k * sizeof (int));
  for (ki = 0; ki < b->k; ki++)
    b->active[ki] = ki < b->k / 2 ? (int) ki - (int) (b->k / 2) : (int) ki - (int) (b->k / 2) + 1;
  s = 1.0f / sqrtf ((float) b->k);
  for (ki = 0; ki < b->k; ki++)
    for (g = 0; g < b->g; g++) {
      float ang = ((-6.2831855f * (float) b->active[ki]) * (float) g) / (float) b->g;
      float re = cosf (ang) * s, im = sinf (ang) * s;
      b->phi[2 * (ki * b->g + g)] = re;
      b->phi[2 * (ki * b->g + g) + 1] = im;
      b->phih[2 * (g * b->k + ki)] = re;
      b->phih[2 * (g * b->k + ki) + 1] = -im;
    }
  v = calloc (2 * b->g, sizeof (float));
  t = calloc (2 * b->k, sizeof (float));
  w = calloc (2 * b->g, sizeof (float));
  for (i = 0; i < b->g; i++)
    v[2 * i] = ((float) (i % 13) + 1.0f) / 14.0f;
  base_normalize (v, b->g);
  for (it = 0; it < 30; it++) {
    base_mv (b->phi, b->k, b->g, v, t);
    base_mv (b->phih, b->g, b->k, t, w);
    ev = -0.0f;
    for (i = 0; i < b->g; i++)
      ev += v[2 * i] * w[2 * i] + v[2 * i + 1] * w[2 * i + 1];
    base_normalize (w, b->g);
    memcpy (v, w, 2 * b->g * sizeof (float));
  }
  b->lip = fmaxf (ev, 1e-6f);
  for (g = 0; g < b->g; g++)
    b->d[g] = b->lambda;
  for (ki = 0; ki < b->k; ki++)
    for (g = 0; g < b->g; g++) {
      const float *a = b->phi + 2 * (ki * b->g + g);
      b->d[g] += a[0] * a[0] + a[1] * a[1];
    }
  free (v);
  free (t);
  free (w);
  return b;
}

static void
base_free (Base *b)
{
  free (b->phi);
  free (b->phih);
  free (b->d);
  free (b->active);
  free (b);
}

static void
base_neumann (const float *d, const float *b, float *x, size_t g)
{
  float *dinv = malloc (g * sizeof (float)), *r = malloc (g * sizeof (float));
  float *v = malloc (g * sizeof (float)), *w = malloc (g * sizeof (float));
  double prev = DBL_MAX, ev = 0.0, s = 0.0;
  size_t i;
  int k, ok = 1;
  float nv;
  for (i = 0; i < g; i++)
    dinv[i] = fabsf (d[i]) > 1e-15f ? 1.0f / d[i] : 1.0f;
  for (i = 0; i < g; i++) {
    v[i] = (float) ((i * 7 + 13) % 100) / 100.0f;
    s += (double) v[i] * (double) v[i];
  }
  nv = (float) sqrt (s);
  if (nv > 1e-12f)
    for (i = 0; i < g; i++)
      v[i] *= 1.0f / nv;
  for (k = 0; k < 10; k++) {
    double ws = 0.0;
    float wn;
    for (i = 0; i < g; i++)
      w[i] = v[i] - dinv[i] * (0.0f + d[i] * v[i]);
    ev = 0.0;
    for (i = 0; i < g; i++)
      ev += (double) v[i] * (double) w[i];
    for (i = 0; i < g; i++)
      ws += (double) w[i] * (double) w[i];
    wn = (float) sqrt (ws);
    if (wn < 1e-12f)
      break;
    for (i = 0; i < g; i++)
      v[i] = w[i] / wn;
  }
  if (fabs (ev) >= 1.0)
    ok = 0;
  if (ok) {
    for (i = 0; i < g; i++)
      x[i] = dinv[i] * b[i];
    for (k = 0; k < 50; k++) {
      double rs = 0.0, rn;
      for (i = 0; i < g; i++) {
        r[i] = b[i] - (0.0f + d[i] * x[i]);
        rs += (double) r[i] * (double) r[i];
      }
      rn = sqrt (rs);
      if (rn < 1e-6)
        goto done;
      if (!isfinite (rn) || (k > 0 && prev < DBL_MAX && prev > 0 && rn > 2.0 * prev))
        break;
      for (i = 0; i < g; i++)
        x[i] += dinv[i] * r[i];
      prev = rn;
    }
  }
  for (i = 0; i < g; i++)
    x[i] = b[i] / d[i];
done:
  free (dinv);
  free (r);
  free (v);
  free (w);
}

/* Pre-masked 1×K input only (the benchmark's). Returns the taps (malloc). */
static float *
base_estimate (const Base *b, const double *data, size_t *dom_out)
{
  size_t k = b->k, g = b->g, i;
  float *y = malloc (2 * k * sizeof (float)), *x = malloc (2 * g * sizeof (float));
  float *xp = malloc (2 * g * sizeof (float)), *p = malloc (2 * k * sizeof (float));
  float *gr = malloc (2 * g * sizeof (float)), *bb = malloc (2 * g * sizeof (float));
  float *br = calloc (g, sizeof (float)), *bi = calloc (g, sizeof (float));
  float *xr = malloc (g * sizeof (float)), *xi = malloc (g * sizeof (float));
  float step = 1.0f / fmaxf (b->lip, 1e-6f), thresh = b->lambda * step;
  float sx = 0.0f, sy = 0.0f;
  size_t dom = 0;
  uint32_t it;
  for (i = 0; i < k; i++) {
    y[2 * i] = (0.0f + (float) data[2 * i]) * 1.0f;
    y[2 * i + 1] = (0.0f + (float) data[2 * i + 1]) * 1.0f;
    {
      float t = atan2f (y[2 * i + 1], y[2 * i]);
      sx += cosf (t);
      sy += sinf (t);
    }
  }
  if (1.0f - fminf (fmaxf (sqrtf (sx * sx + sy * sy) / (float) k, 0.0f), 1.0f) > 0.99f) {
    free (y); free (x); free (xp); free (p); free (gr); free (bb);
    free (br); free (bi); free (xr); free (xi);
    return NULL;
  }
  base_mv (b->phih, g, k, y, bb);
  for (i = 0; i < g; i++) {
    br[i] = bb[2 * i];
    bi[i] = bb[2 * i + 1];
  }
  base_neumann (b->d, br, xr, g);
  base_neumann (b->d, bi, xi, g);
  for (i = 0; i < g; i++) {
    x[2 * i] = xr[i];
    x[2 * i + 1] = xi[i];
  }
  memcpy (xp, x, 2 * g * sizeof (float));
  for (it = 0; it < 100; it++) {
    float sd = -0.0f, sp = -0.0f, res;
    base_mv (b->phi, k, g, x, p);
    for (i = 0; i < 2 * k; i++)
      p[i] -= y[i];
    base_mv (b->phih, g, k, p, gr);
    for (i = 0; i < g; i++) {
      float a = x[2 * i] - gr[2 * i] * step, c = x[2 * i + 1] - gr[2 * i + 1] * step;
      float m = hypotf (a, c), sc = fmaxf (m - thresh, 0.0f) / fmaxf (m, 1e-12f);
      float dr, di;
      x[2 * i] = a * sc;
      x[2 * i + 1] = c * sc;
      dr = x[2 * i] - xp[2 * i];
      di = x[2 * i + 1] - xp[2 * i + 1];
      sd += dr * dr + di * di;
      sp += xp[2 * i] * xp[2 * i] + xp[2 * i + 1] * xp[2 * i + 1];
    }
    res = sqrtf (sd) / fmaxf (sqrtf (sp), 1e-12f);
    if (res < 1e-4f)
      break;
    memcpy (xp, x, 2 * g * sizeof (float));
  }
  for (i = 1; i < g; i++)
    if (!(hypotf (x[2 * dom], x[2 * dom + 1]) > hypotf (x[2 * i], x[2 * i + 1])))
      dom = i;
  *dom_out = dom;
  free (y); free (xp); free (p); free (gr); free (bb);
  free (br); free (bi); free (xr); free (xi);
  return x;
}

/* ---- timing ------------------------------------------------------------- */

static double
now_s (clockid_t clk)
{
  struct timespec ts;
  clock_gettime (clk, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int
cmp_d (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

#define MAX_RUNS 64
#define MAX_CASES 16
static int n_runs = 5;

typedef struct {
  double med, lo, hi;
} Fig;

typedef struct {
  const char *label;
  void (*fn) (void *);
  void *arg;
  int reps;
  bool wall;                /* the pool: wall time, not thread CPU time */
  double ruview, base;      /* reference figures (s), 0 = none */
  double t[MAX_RUNS];
} Case;

static double
time_once (Case *c)
{
  clockid_t clk = c->wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID;
  double t0 = now_s (clk);
  int i;
  for (i = 0; i < c->reps; i++)
    c->fn (c->arg);
  return (now_s (clk) - t0) / c->reps;
}

/* calls per timed batch: about 30 ms worth */
static int
reps_for (Case *c)
{
  double t;
  c->reps = 1;
  c->fn (c->arg);   /* warm-up */
  t = time_once (c);
  c->reps = t > 0.03 ? 1 : (int) (0.03 / (t > 1e-7 ? t : 1e-7));
  return c->reps;
}

static Fig
fig_of (const Case *c)
{
  double t[MAX_RUNS];
  Fig f;
  memcpy (t, c->t, sizeof t);
  qsort (t, (size_t) n_runs, sizeof (double), cmp_d);
  f.med = t[n_runs / 2];
  f.lo = t[0];
  f.hi = t[n_runs - 1];
  return f;
}

static const char *base_name = "baseline";

static void
pr_fig (const char *what, Fig f, double base, double ruview)
{
  int d = f.med < 10e-6 ? 3 : 1;
  printf ("  %-30s %10.*f us  [%8.*f .. %8.*f]", what, d, f.med * 1e6, d, f.lo * 1e6, d,
      f.hi * 1e6);
  if (base > 0)
    printf ("  x%6.2f vs %s", base / f.med, base_name);
  if (ruview > 0)
    printf ("  x%6.2f vs RuView", ruview / f.med);
  printf ("\n");
}

/* Runs the cases in interleaved rounds and prints them; the figure of case
 * base_idx (if ≥ 0) serves as the others' baseline. */
static void
run_cases (Case *cs, int n, int base_idx)
{
  int r, i;
  for (i = 0; i < n; i++)
    reps_for (&cs[i]);
  for (r = 0; r < n_runs; r++)
    for (i = 0; i < n; i++)
      cs[i].t[r] = time_once (&cs[i]);
  for (i = 0; i < n; i++) {
    Fig f = fig_of (&cs[i]);
    double base = base_idx >= 0 && i != base_idx ? fig_of (&cs[base_idx]).med : 0.0;
    pr_fig (cs[i].label, f, base, cs[i].ruview);
  }
}

/* ---- cases --------------------------------------------------------------- */

typedef struct {
  RvCirEstimator *e;
  RvCirWorkspace *w;
  RvCirPool *pool;
  const Base *base;
  const double *data;       /* one frame, or 12 consecutive */
  size_t k, g;
  float *taps;
  RvCirFrame frames[12];
  RvCir outs[12];
  RvCirError errs[12];
  RvCirTier tier;
  RvCirConfig cfg;
} Ctx;

static void
run_est (void *a)
{
  Ctx *c = a;
  RvCir out;
  rv_cir_estimate (c->e, c->w, c->data, 1, c->k, c->taps, &out);
}

static void
run_base (void *a)
{
  Ctx *c = a;
  size_t dom;
  free (base_estimate (c->base, c->data, &dom));
}

static void
run_cycle_seq (void *a)
{
  Ctx *c = a;
  int i;
  for (i = 0; i < 12; i++)
    rv_cir_estimate (c->e, c->w, c->data + 2 * c->k * i, 1, c->k, c->taps + 2 * c->g * i,
        &c->outs[i]);
}

static void
run_cycle_pool (void *a)
{
  Ctx *c = a;
  rv_cir_pool_estimate (c->pool, c->frames, 12, c->taps, c->outs, c->errs);
}

static void
run_cycle_base (void *a)
{
  Ctx *c = a;
  int i;
  for (i = 0; i < 12; i++) {
    size_t dom;
    free (base_estimate (c->base, c->data + 2 * c->k * i, &dom));
  }
}

static void
run_new (void *a)
{
  Ctx *c = a;
  rv_cir_estimator_free (rv_cir_estimator_new (&c->cfg, NULL));
}

static void
run_base_new (void *a)
{
  Ctx *c = a;
  base_free (base_new (c->tier));
}

/* the transforms alone: ours (pruned forward + adjoint on the layouts) */
typedef struct {
  RvCirFft *f;
  float *x, *z, *scratch;
#if RV_BENCH_FFTW
  fftwf_plan fwd, bwd;
  fftwf_complex *in, *out;
#endif
} Xf;

static void
run_xf_ours (void *a)
{
  Xf *x = a;
  rv_cir_fft_forward (x->f, x->x, x->z, x->scratch);
  rv_cir_fft_adjoint (x->f, x->z, x->x, x->scratch);
}

#if RV_BENCH_FFTW
static void
run_xf_fftw (void *a)
{
  Xf *x = a;
  fftwf_execute_dft (x->fwd, x->in, x->out);
  fftwf_execute_dft (x->bwd, x->out, x->in);
}
#endif

/* RuView v2 on AMD EPYC Zen 5, 2 vCPU (docs/performance.md), seconds */
static const double ruview_dense[RV_CIR_N_TIERS] = { 1476e-6, 1696e-6, 6886e-6, 31275e-6, 125475e-6 };
static const double ruview_fft[RV_CIR_N_TIERS] = { 168.6e-6, 145.1e-6, 448e-6, 884e-6, 1915e-6 };
static const double ruview_new[RV_CIR_N_TIERS] = { 482e-6, 566e-6, 3686e-6, 19572e-6, 81214e-6 };

static RvCirEstimator *
make (RvCirTier tier, bool fft, RvCirSolver solver, RvCirIsa isa, float tol)
{
  RvCirConfig cfg;
  rv_cir_config_init (&cfg, tier);
  cfg.fft_operator = fft;
  cfg.solver = solver;
  cfg.isa = isa;
  cfg.tolerance = tol;
  return rv_cir_estimator_new (&cfg, NULL);
}

static Case
mk (const char *label, void (*fn) (void *), void *arg, double ruview)
{
  Case c;
  memset (&c, 0, sizeof c);
  c.label = label;
  c.fn = fn;
  c.arg = arg;
  c.ruview = ruview;
  return c;
}

static void
bench_tier (RvCirTier tier)
{
  static const char *const isa_lbl[4] = { "", "dense scalar", "dense sse2", "dense avx" };
  Ctx base_c, dense[4], fft[3], fista[3];
  Case cs[MAX_CASES];
  Base *base;
  RvCirConfig cfg;
  double *data;
  float *bt, *taps;
  char lbl[3][64];
  int n = 0, isa, i;
  size_t dom_b = 0;
  RvCir ref;

  rv_cir_config_init (&cfg, tier);
  data = malloc (2 * cfg.num_active * sizeof (double));
  taps = malloc (2 * cfg.num_taps * sizeof (float));
  rv_gen_synth_csi (cfg.num_active, 312500.0, data);
  printf ("%s (K %u, G %u)\n", rv_cir_tier_name (tier), cfg.num_active, cfg.num_taps);

  base = base_new (tier);
  memset (&base_c, 0, sizeof base_c);
  base_c.base = base;
  base_c.data = data;
  base_c.k = cfg.num_active;
  cs[n++] = mk ("baseline dense (scalar)", run_base, &base_c, ruview_dense[tier]);

  /* dense paths: check they reproduce the baseline's bits */
  bt = base_estimate (base, data, &dom_b);
  for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++) {
    Ctx *c = &dense[isa];
    memset (c, 0, sizeof *c);
    if (!rv_cir_isa_available ((RvCirIsa) isa))
      continue;
    c->e = make (tier, false, RV_CIR_SOLVER_ISTA, (RvCirIsa) isa, 1e-4f);
    c->w = rv_cir_workspace_new (c->e);
    c->data = data;
    c->k = cfg.num_active;
    c->taps = taps;
    rv_cir_estimate (c->e, c->w, data, 1, c->k, taps, &ref);
    if (memcmp (bt, taps, 2 * cfg.num_taps * sizeof (float)) != 0)
      printf ("  %s: BITS DIFFER from the baseline\n", isa_lbl[isa]);
    cs[n++] = mk (isa_lbl[isa], run_est, c, ruview_dense[tier]);
  }
  free (bt);

  /* fft-ista (100 iterations) and fista to ISTA-100's residual, per ISA */
  for (i = 0; i < 3; i++) {
    static const RvCirIsa fi[3] = { RV_CIR_ISA_SCALAR, RV_CIR_ISA_SSE2, RV_CIR_ISA_AVX };
    Ctx *c = &fft[i], *f = &fista[i];
    RvCir o;
    memset (c, 0, sizeof *c);
    memset (f, 0, sizeof *f);
    if (!rv_cir_isa_available (fi[i]))
      continue;
    c->e = make (tier, true, RV_CIR_SOLVER_ISTA, fi[i], 1e-4f);
    c->w = rv_cir_workspace_new (c->e);
    c->data = data;
    c->k = cfg.num_active;
    c->taps = taps;
    snprintf (lbl[i], sizeof lbl[i], "fft-ista %s", rv_cir_isa_name (fi[i]));
    cs[n++] = mk (lbl[i], run_est, c, ruview_fft[tier]);
    if (fi[i] != RV_CIR_ISA_AVX && rv_cir_isa_available (RV_CIR_ISA_AVX))
      continue;
    /* fista on the FFT operator, stopping at ISTA-100's last step */
    f->e = make (tier, true, RV_CIR_SOLVER_FISTA, fi[i], ref.residual);
    f->w = rv_cir_workspace_new (f->e);
    f->data = data;
    f->k = cfg.num_active;
    f->taps = taps;
    rv_cir_estimate (f->e, f->w, data, 1, f->k, taps, &o);
    printf ("  fista: %u iterations to ISTA-100's step %.3g (dominant tap %zu, ISTA's %zu)\n",
        o.iters_used, (double) ref.residual, o.dominant_tap_idx, ref.dominant_tap_idx);
    cs[n++] = mk ("fft-fista (to ISTA-100's step)", run_est, f, ruview_fft[tier]);
  }
  run_cases (cs, n, 0);

  /* the transform pair alone: ours against FFTW's full length-G transforms */
  {
    Xf x;
    Case xc[3];
    int m = 0;
    char d[160];
    memset (&x, 0, sizeof x);
    x.f = rv_cir_fft_new (cfg.num_taps, cfg.num_active);
    rv_cir_fft_set_isa (x.f, rv_cir_isa_available (RV_CIR_ISA_AVX) ? RV_CIR_ISA_AVX : RV_CIR_ISA_SSE2);
    x.x = calloc (2 * rv_cir_fft_xlen (x.f), sizeof (float));
    x.z = calloc (2 * rv_cir_fft_zlen (x.f), sizeof (float));
    x.scratch = calloc (rv_cir_fft_scratch_len (x.f), sizeof (float));
    rv_cir_fft_describe (x.f, d, sizeof d);
    printf ("  transforms: %s\n", d);
    xc[m++] = mk ("ours: forward + adjoint", run_xf_ours, &x, 0);
#if RV_BENCH_FFTW
    x.in = fftwf_malloc (cfg.num_taps * sizeof (fftwf_complex));
    x.out = fftwf_malloc (cfg.num_taps * sizeof (fftwf_complex));
    memset (x.in, 0, cfg.num_taps * sizeof (fftwf_complex));
    x.fwd = fftwf_plan_dft_1d ((int) cfg.num_taps, x.in, x.out, FFTW_FORWARD, FFTW_ESTIMATE);
    x.bwd = fftwf_plan_dft_1d ((int) cfg.num_taps, x.out, x.in, FFTW_BACKWARD, FFTW_ESTIMATE);
    xc[m++] = mk ("FFTW estimate: fwd + bwd", run_xf_fftw, &x, 0);
#endif
    base_name = "FFTW";
    run_cases (xc, m, 1 < m ? 1 : -1);
    base_name = "baseline";
#if RV_BENCH_FFTW
    fftwf_destroy_plan (x.fwd);
    fftwf_destroy_plan (x.bwd);
    fftwf_free (x.in);
    fftwf_free (x.out);
#endif
    free (x.x);
    free (x.z);
    free (x.scratch);
    rv_cir_fft_free (x.f);
  }

  /* construction */
  {
    Ctx cb, ca, c2;
    Case cc[3];
    memset (&cb, 0, sizeof cb);
    cb.tier = tier;
    ca = cb;
    rv_cir_config_init (&ca.cfg, tier);
    c2 = ca;
    c2.cfg.isa = RV_CIR_ISA_SSE2;
    cc[0] = mk ("baseline construction", run_base_new, &cb, ruview_new[tier]);
    cc[1] = mk ("construction (auto isa)", run_new, &ca, ruview_new[tier]);
    cc[2] = mk ("construction (sse2)", run_new, &c2, ruview_new[tier]);
    run_cases (cc, 3, 0);
  }

  for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++)
    if (dense[isa].e) {
      rv_cir_workspace_free (dense[isa].w);
      rv_cir_estimator_free (dense[isa].e);
    }
  for (i = 0; i < 3; i++) {
    if (fft[i].e) {
      rv_cir_workspace_free (fft[i].w);
      rv_cir_estimator_free (fft[i].e);
    }
    if (fista[i].e) {
      rv_cir_workspace_free (fista[i].w);
      rv_cir_estimator_free (fista[i].e);
    }
  }
  base_free (base);
  free (data);
  free (taps);
  printf ("\n");
}

/* 12-link cycle (§11 group 3) */
static void
bench_cycle (RvCirTier tier, double ruview_dense_cycle, double ruview_fft_cycle)
{
  Ctx base_c, c[2];
  Case cs[5];
  Base *base;
  RvCirConfig cfg;
  double *data;
  int i, mode, n = 0;
  rv_cir_config_init (&cfg, tier);
  data = malloc (12 * 2 * cfg.num_active * sizeof (double));
  printf ("12-link cycle %s\n", rv_cir_tier_name (tier));
  base = base_new (tier);
  memset (&base_c, 0, sizeof base_c);
  base_c.base = base;
  base_c.data = data;
  base_c.k = cfg.num_active;
  cs[n++] = mk ("baseline 12 x dense", run_cycle_base, &base_c, ruview_dense_cycle);
  for (mode = 0; mode < 2; mode++) {
    Ctx *x = &c[mode];
    memset (x, 0, sizeof *x);
    x->e = make (tier, mode == 1, RV_CIR_SOLVER_ISTA, RV_CIR_ISA_AUTO, 1e-4f);
    x->w = rv_cir_workspace_new (x->e);
    x->pool = rv_cir_pool_new (x->e, 2, NULL);
    x->k = cfg.num_active;
    x->g = cfg.num_taps;
    x->data = data;
    x->taps = malloc (12 * 2 * cfg.num_taps * sizeof (float));
    for (i = 0; i < 12; i++) {
      rv_gen_link_frame (cfg.num_active, 312500.0, (unsigned) i + 1, data + 2 * cfg.num_active * i);
      x->frames[i].data = data + 2 * cfg.num_active * i;
      x->frames[i].rows = 1;
      x->frames[i].cols = cfg.num_active;
    }
    cs[n++] = mk (mode ? "fft-ista sequential" : "dense sequential", run_cycle_seq, x,
        mode ? ruview_fft_cycle : ruview_dense_cycle);
    cs[n] = mk (mode ? "fft-ista pool, 2 threads (wall)" : "dense pool, 2 threads (wall)",
        run_cycle_pool, x, mode ? ruview_fft_cycle : ruview_dense_cycle);
    cs[n++].wall = true;
  }
  run_cases (cs, n, 0);
  for (mode = 0; mode < 2; mode++) {
    rv_cir_pool_free (c[mode].pool);
    rv_cir_workspace_free (c[mode].w);
    rv_cir_estimator_free (c[mode].e);
    free (c[mode].taps);
  }
  base_free (base);
  free (data);
  printf ("\n");
}

int
main (int argc, char **argv)
{
  RvCirTier tier;
  char model[256] = "unknown";
  FILE *f;

  if (argc > 1)
    n_runs = atoi (argv[1]);
  if (n_runs < 1 || n_runs > MAX_RUNS)
    n_runs = 5;
  f = fopen ("/proc/cpuinfo", "r");
  if (f) {
    char line[512];
    while (fgets (line, sizeof line, f))
      if (strncmp (line, "model name", 10) == 0) {
        char *p = strchr (line, ':');
        if (p) {
          snprintf (model, sizeof model, "%s", p + 2);
          model[strcspn (model, "\n")] = 0;
        }
        break;
      }
    fclose (f);
  }
  printf ("rvbench-cir: %s; %d interleaved rounds, median [min .. max] of the thread's CPU "
      "time per call; AVX %s\n", model, n_runs,
      rv_cir_isa_available (RV_CIR_ISA_AVX) ? "available" : "absent");
  printf ("input: cir.md §11 synth_csi (3 taps, 20 dB, seed 42), 1×K pre-masked, K = G/3; "
      "RuView: Zen 5, 2 vCPU\n\n");

  for (tier = RV_CIR_TIER_HT20; tier <= RV_CIR_TIER_HE40; tier++)
    bench_tier (tier);
  bench_cycle (RV_CIR_TIER_HT20, 17931e-6, 2065e-6);
  bench_cycle (RV_CIR_TIER_HT40, 83323e-6, 5408e-6);
  return 0;
}
