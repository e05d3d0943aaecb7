/* rvbench-cir: CIR estimator figures (cir.md §11; targets in
 * design/performance.md).  Every figure is printed beside a same-run
 * baseline — a plain scalar dense implementation written straight from
 * cir.md (Φ and Φᴴ as separate interleaved arrays, allocation per call) —
 * and beside RuView's published figure.
 *
 * Usage: rvbench-cir [runs]   (median of `runs` timed runs, default 5) */
#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ruview/cir.h"
#include "cir_gen.h"

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
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int
cmp_d (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

#define MAX_RUNS 64
static int n_runs = 5;

typedef struct {
  double med, lo, hi;
} Fig;

/* time fn(arg) `reps` times per run; per-call seconds, median over runs */
static Fig
time_it (void (*fn) (void *), void *arg, int reps)
{
  double t[MAX_RUNS];
  Fig f;
  int r, i;
  fn (arg);   /* warm-up */
  for (r = 0; r < n_runs; r++) {
    double t0 = now_s ();
    for (i = 0; i < reps; i++)
      fn (arg);
    t[r] = (now_s () - t0) / reps;
  }
  qsort (t, (size_t) n_runs, sizeof (double), cmp_d);
  f.med = t[n_runs / 2];
  f.lo = t[0];
  f.hi = t[n_runs - 1];
  return f;
}

static int
reps_for (double est_s)
{
  int r = (int) (0.05 / est_s);
  return r < 1 ? 1 : (r > 2000 ? 2000 : r);
}

/* ---- cases --------------------------------------------------------------- */

typedef struct {
  const RvCirEstimator *e;
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

/* RuView v2 figures (design/performance.md), seconds */
static const double ruview_dense[RV_CIR_N_TIERS] = { 2.733e-3, 3.060e-3, 12.27e-3, 54.93e-3, 220.6e-3 };
static const double ruview_fft[RV_CIR_N_TIERS] = { 371.3e-6, 313.7e-6, 693.5e-6, 1.499e-3, 3.824e-3 };
static const double ruview_new[RV_CIR_N_TIERS] = { 737.9e-6, 878.2e-6, 3.564e-3, 17.77e-3, 78.14e-3 };

static void
pr_fig (const char *what, Fig f, double base, double ruview)
{
  printf ("  %-28s %10.1f us  [%8.1f .. %8.1f]", what, f.med * 1e6, f.lo * 1e6, f.hi * 1e6);
  if (base > 0)
    printf ("  x%6.2f vs baseline", base / f.med);
  if (ruview > 0)
    printf ("  x%6.2f vs RuView", ruview / f.med);
  printf ("\n");
}

static RvCirEstimator *
make (RvCirTier tier, bool fft, RvCirIsa isa)
{
  RvCirConfig cfg;
  rv_cir_config_init (&cfg, tier);
  cfg.fft_operator = fft;
  cfg.isa = isa;
  return rv_cir_estimator_new (&cfg, NULL);
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
  printf ("rvbench-cir: %s; median of %d runs [min .. max]; AVX %s\n", model, n_runs,
      rv_cir_isa_available (RV_CIR_ISA_AVX) ? "available" : "absent");
  printf ("input: cir.md §11 synth_csi (3 taps, 20 dB, seed 42), 1×K pre-masked, K = G/3\n\n");

  for (tier = RV_CIR_TIER_HT20; tier <= RV_CIR_TIER_HE40; tier++) {
    Ctx c;
    Base *base;
    RvCirEstimator *e;
    Fig fb, fs;
    double *data;
    size_t dom_b = 0;
    float *bt;
    memset (&c, 0, sizeof c);
    rv_cir_config_init (&c.cfg, tier);
    c.tier = tier;
    c.k = c.cfg.num_active;
    c.g = c.cfg.num_taps;
    data = malloc (2 * c.k * sizeof (double));
    rv_gen_synth_csi (c.k, 312500.0, data);
    c.data = data;
    c.taps = malloc (2 * c.g * sizeof (float));
    printf ("%s (K %zu, G %zu)\n", rv_cir_tier_name (tier), c.k, c.g);

    base = base_new (tier);
    c.base = base;
    {
      double t0 = now_s ();
      run_base (&c);
      fb = time_it (run_base, &c, reps_for (now_s () - t0));
    }
    pr_fig ("baseline dense (scalar)", fb, 0, ruview_dense[tier]);

    /* dense paths; check they reproduce the baseline's bits */
    bt = base_estimate (base, data, &dom_b);
    {
      RvCirIsa isa;
      for (isa = RV_CIR_ISA_SCALAR; isa <= RV_CIR_ISA_AVX; isa++) {
        char label[64];
        RvCir out;
        if (!rv_cir_isa_available (isa))
          continue;
        e = make (tier, false, isa);
        c.e = e;
        c.w = rv_cir_workspace_new (e);
        rv_cir_estimate (e, c.w, data, 1, c.k, c.taps, &out);
        snprintf (label, sizeof label, "dense %s%s", rv_cir_isa_name (isa),
            memcmp (bt, c.taps, 2 * c.g * sizeof (float)) == 0 ? "" : " (BITS DIFFER)");
        fs = time_it (run_est, &c, reps_for (fb.med / 4));
        pr_fig (label, fs, fb.med, ruview_dense[tier]);
        rv_cir_workspace_free (c.w);
        rv_cir_estimator_free (e);
      }
    }
    free (bt);
    e = make (tier, true, RV_CIR_ISA_AUTO);
    c.e = e;
    c.w = rv_cir_workspace_new (e);
    fs = time_it (run_est, &c, reps_for (fb.med / 20));
    pr_fig ("fft-ista", fs, fb.med, ruview_fft[tier]);
    rv_cir_workspace_free (c.w);
    rv_cir_estimator_free (e);
    {
      Fig fbn, fn;
      double t0 = now_s ();
      run_base_new (&c);
      fbn = time_it (run_base_new, &c, reps_for (now_s () - t0));
      pr_fig ("baseline construction", fbn, 0, ruview_new[tier]);
      c.cfg.isa = RV_CIR_ISA_AUTO;
      fn = time_it (run_new, &c, reps_for (fbn.med / 4));
      pr_fig ("construction (auto isa)", fn, fbn.med, ruview_new[tier]);
      c.cfg.isa = RV_CIR_ISA_SSE2;
      fn = time_it (run_new, &c, reps_for (fbn.med / 4));
      pr_fig ("construction (sse2)", fn, fbn.med, ruview_new[tier]);
    }
    base_free (base);
    free (data);
    free (c.taps);
    printf ("\n");
  }

  /* 12-link cycle (§11 group 3) */
  {
    static const RvCirTier lt[2] = { RV_CIR_TIER_HT20, RV_CIR_TIER_HT40 };
    static const double ruview_cycle[2] = { 32.65e-3, 131.18e-3 };
    int ti;
    for (ti = 0; ti < 2; ti++) {
      Ctx c;
      Base *base;
      double *data;
      Fig fb, fs;
      int i, mode;
      memset (&c, 0, sizeof c);
      rv_cir_config_init (&c.cfg, lt[ti]);
      c.k = c.cfg.num_active;
      c.g = c.cfg.num_taps;
      data = malloc (12 * 2 * c.k * sizeof (double));
      for (i = 0; i < 12; i++) {
        rv_gen_link_frame (c.k, 312500.0, (unsigned) i + 1, data + 2 * c.k * i);
        c.frames[i].data = data + 2 * c.k * i;
        c.frames[i].rows = 1;
        c.frames[i].cols = c.k;
      }
      c.data = data;
      c.taps = malloc (12 * 2 * c.g * sizeof (float));
      printf ("12-link cycle %s\n", rv_cir_tier_name (lt[ti]));
      base = base_new (lt[ti]);
      c.base = base;
      fb = time_it (run_cycle_base, &c, 1);
      pr_fig ("baseline 12 x dense", fb, 0, ruview_cycle[ti]);
      for (mode = 0; mode < 2; mode++) {
        {
          RvCirEstimator *e = make (lt[ti], mode == 1, RV_CIR_ISA_AUTO);
          char label[64];
          c.e = e;
          c.w = rv_cir_workspace_new (e);
          c.pool = rv_cir_pool_new (e, 2, NULL);
          fs = time_it (run_cycle_seq, &c, reps_for (fb.med / (mode ? 40 : 8)));
          snprintf (label, sizeof label, "%s sequential", mode ? "fft" : "dense");
          pr_fig (label, fs, fb.med, ruview_cycle[ti]);
          fs = time_it (run_cycle_pool, &c, reps_for (fb.med / (mode ? 80 : 16)));
          snprintf (label, sizeof label, "%s pool, 2 threads", mode ? "fft" : "dense");
          pr_fig (label, fs, fb.med, ruview_cycle[ti]);
          rv_cir_pool_free (c.pool);
          rv_cir_workspace_free (c.w);
          rv_cir_estimator_free (e);
        }
      }
      base_free (base);
      free (data);
      free (c.taps);
      printf ("\n");
    }
  }
  return 0;
}
