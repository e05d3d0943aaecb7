/* libruview — CIR estimator (cir.md).  See cir.h for the contract.
 *
 * Storage: Φ once, and only half of it.  Row −κ of Φ is exactly the
 * conjugate of row +κ (the f32 angle expression of §4.1 is sign-symmetric
 * and cosf/sinf are even/odd), so the estimator keeps the rows
 * κ = +1..+K/2 as two row-major planes (re, im) of Hp × Gp floats
 * (H = K/2 and G rounded up to 8, zero padded, 64-byte aligned).
 *
 * Products (cir.md §0, §4.5), per element, with (fr, fi) = Φ[+κ][g]:
 *   Φx,  row +κ : (fr·xr − fi·xi,  fr·xi + fi·xr)
 *   Φx,  row −κ : Φ = (fr, −fi): fr·xr − (−fi)·xi = fr·xr + fi·xi and
 *                 fr·xi + (−fi)·xr = fr·xi − fi·xr (negation is exact)
 *   Φᴴr, row +κ : conj = (fr, −fi): (fr·rr + fi·ri, fr·ri − fi·rr)
 *   Φᴴr, row −κ : conj(conj) = (fr, fi): (fr·rr − fi·ri, fr·ri + fi·rr)
 * Every output is accumulated from +0 over its own inner index in spec
 * order (Φx: g ascending; Φᴴr: ki = 0..K−1 ascending, i.e. the rows
 * −K/2..−1 then +1..+K/2).  SIMD lanes only span independent outputs: rows
 * for Φx (after an in-register transpose; one transpose serves the +κ and
 * −κ rows), columns g for Φᴴr.  The padding only ever contributes 0·0
 * products, which leave an accumulator unchanged (it starts at +0 and can
 * never become −0). */
#include "ruview/cir.h"
#include "ruview/rvmath.h"
#include "ruview/cir_fft.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__x86_64__) || defined(__i386__)
#define RV_CIR_X86 1
#include <immintrin.h>
#else
#define RV_CIR_X86 0
#endif

#define RV_TAU_F32 6.2831855f   /* 0x40C90FDB */
#define RV_CIR_MAX_DIM ((size_t) 1 << 20)

/* Forward: pos[j] = Φ[+(j+1)]·x, neg[j] = Φ[−(j+1)]·x for j < h (entries up
 * to round8(h) may be written).  x: gp floats per plane, zero padded. */
typedef void (*RvCirFwdFn) (const float *phr, const float *phi, size_t h, size_t gp,
    const float *xr, const float *xi, float *posr, float *posi, float *negr, float *negi,
    float *scratch);
/* Adjoint: out[g] = Σ_{ki=0..2h−1} conj(Φ[ki][g])·r[ki]; out: gp floats. */
typedef void (*RvCirAdjFn) (const float *phr, const float *phi, size_t h, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi);

struct RvCirEstimator {
  RvCirConfig cfg;
  size_t k, g, n, h, hp, kp, gp;
  float *phr, *phi;           /* hp × gp each: rows κ = +1..+h */
  float lip, step, thresh;
  float *d, *dinv;            /* g */
  bool precheck_ok;
  size_t *col_full;           /* k: column of ACTIVE[ki] in the full-FFT layout */
  RvCirIsa isa;
  RvCirFwdFn fwd;
  RvCirAdjFn adj;
  double tap_spacing;
  /* fft_operator (cir_fft.h) */
  RvCirFft *fft;
  float fft_scale;            /* 1/sqrtf(K) */
  size_t *bin_pos;            /* k: band-layout position of ACTIVE[ki] mod G */
  size_t *tap_pos;            /* g: tap-layout position of tap g */
  size_t xlen;                /* elements of the vectors of the fast solver
                               * loop: the tap layout's (fft) or gp (dense) */
};

/* scratch of a dense forward product: pos/neg planes + SSE2 broadcasts */
#define RV_CIR_FWD_SCRATCH(e) (4 * (e)->hp + 8 * (e)->gp)

struct RvCirWorkspace {
  const RvCirEstimator *est;
  float *yr, *yi;             /* kp */
  float *pr, *pi;             /* kp */
  float *ar, *ai;             /* gp, zero padded: x (two buffers, swapped) */
  float *br2, *bi2;           /* gp */
  float *gr, *gi;             /* gp */
  float *br, *bi;             /* gp */
  float *nr;                  /* g: Neumann residual */
  float *mag;                 /* gp */
  float *scratch;             /* RV_CIR_FWD_SCRATCH */
  float *taps;                /* 2·g */
  /* the fast solver loop (fft-ista, fista), 2·est->xlen floats each, zero
   * padded: the tap layout with the FFT operator, else the re plane then
   * the im plane (natural order, xlen = gp) */
  float *v[2];                /* x and the next iterate (swapped) */
  float *z;                   /* the FISTA point */
  float *h;                   /* the gradient */
  /* the FFT operator: band layout (2·zlen floats) and the transforms' scratch */
  float *fy, *fs, *fp, *fscr;
};

/* ------------------------------------------------------------------------ */

const char *
rv_cir_error_str (RvCirError err)
{
  switch (err) {
    case RV_CIR_OK: return "ok";
    case RV_CIR_ERROR_SUBCARRIER_MISMATCH: return "subcarrier count mismatch";
    case RV_CIR_ERROR_UNSANITIZED_PHASE: return "unsanitized phase (circular variance > 0.99)";
    case RV_CIR_ERROR_SOLVER_DIVERGENCE: return "solver divergence";
    case RV_CIR_ERROR_NO_ROWS: return "frame has no rows";
    case RV_CIR_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case RV_CIR_ERROR_INVALID_CONFIG: return "invalid CIR configuration";
    case RV_CIR_ERROR_UNSUPPORTED_BANDWIDTH: return "unsupported bandwidth (20 or 40 MHz)";
    case RV_CIR_ERROR_OUT_OF_MEMORY: return "out of memory";
  }
  return "unknown error";
}

int
rv_cir_error_describe (RvCirError err, const RvCir *cir, char *buf, size_t len)
{
  if (cir && err == RV_CIR_ERROR_SUBCARRIER_MISMATCH)
    return snprintf (buf, len, "subcarrier count mismatch: expected %zu, got %zu",
        cir->expected_cols, cir->got_cols);
  if (cir && err == RV_CIR_ERROR_UNSANITIZED_PHASE)
    return snprintf (buf, len, "unsanitized phase: circular variance %.9g > 0.99",
        (double) cir->phase_variance);
  return snprintf (buf, len, "%s", rv_cir_error_str (err));
}

const char *
rv_cir_tier_name (RvCirTier tier)
{
  static const char *const names[RV_CIR_N_TIERS] =
      { "ht20", "canonical56", "ht40", "he20", "he40" };
  return (unsigned) tier < RV_CIR_N_TIERS ? names[tier] : "invalid";
}

bool
rv_cir_tier_for_width (unsigned n, RvCirTier *tier)
{
  /* N matches in this order: a 64-bin grid is HT20's raw layout */
  static const RvCirTier by_grid[] = { RV_CIR_TIER_HT20, RV_CIR_TIER_HT40,
    RV_CIR_TIER_HE20, RV_CIR_TIER_HE40 };
  RvCirConfig cfg;
  unsigned i;

  for (i = 0; i < RV_CIR_N_TIERS; i++) {
    rv_cir_config_init (&cfg, (RvCirTier) i);
    if (cfg.num_active == n) {
      *tier = (RvCirTier) i;
      return true;
    }
  }
  for (i = 0; i < sizeof by_grid / sizeof by_grid[0]; i++) {
    rv_cir_config_init (&cfg, by_grid[i]);
    if (cfg.num_subcarriers == n) {
      *tier = by_grid[i];
      return true;
    }
  }
  return false;
}

const char *
rv_cir_solver_name (RvCirSolver solver)
{
  switch (solver) {
    case RV_CIR_SOLVER_ISTA: return "ista";
    case RV_CIR_SOLVER_FISTA: return "fista";
  }
  return "invalid";
}

const char *
rv_cir_isa_name (RvCirIsa isa)
{
  switch (isa) {
    case RV_CIR_ISA_AUTO: return "auto";
    case RV_CIR_ISA_SCALAR: return "scalar";
    case RV_CIR_ISA_SSE2: return "sse2";
    case RV_CIR_ISA_AVX: return "avx";
  }
  return "invalid";
}

bool
rv_cir_isa_available (RvCirIsa isa)
{
  switch (isa) {
    case RV_CIR_ISA_AUTO:
    case RV_CIR_ISA_SCALAR:
      return true;
#if RV_CIR_X86
    case RV_CIR_ISA_SSE2:
      return true;
    case RV_CIR_ISA_AVX:
      __builtin_cpu_init ();
      return __builtin_cpu_supports ("avx") != 0;
#else
    case RV_CIR_ISA_SSE2:
    case RV_CIR_ISA_AVX:
      return false;
#endif
  }
  return false;
}

/* ---- configuration (§2) ------------------------------------------------- */

void
rv_cir_config_init (RvCirConfig *cfg, RvCirTier tier)
{
  static const struct { double bw; uint32_t n, k, g; float lambda; } t[RV_CIR_N_TIERS] = {
    { 20e6,  64,  52,  156, 0.08f },
    { 20e6,  64,  56,  168, 0.08f },
    { 40e6, 128, 114,  342, 0.08f },
    { 20e6, 256, 242,  726, 0.18f },
    { 40e6, 512, 484, 1452, 0.02f },
  };
  unsigned i = (unsigned) tier < RV_CIR_N_TIERS ? (unsigned) tier : 0;
  memset (cfg, 0, sizeof *cfg);
  cfg->bandwidth_hz = t[i].bw;
  cfg->num_subcarriers = t[i].n;
  cfg->num_active = t[i].k;
  cfg->num_taps = t[i].g;
  cfg->lambda = t[i].lambda;
  cfg->max_iters = 100;
  cfg->tolerance = 1e-4f;
  cfg->ranging_min_bw_hz = 40e6;
  cfg->dominant_ratio_threshold = 0.3f;
  cfg->fft_operator = false;
  cfg->solver = RV_CIR_SOLVER_ISTA;
  cfg->isa = RV_CIR_ISA_AUTO;
}

RvCirError
rv_cir_config_for_bandwidth_mhz (RvCirConfig *cfg, unsigned mhz)
{
  if (mhz == 20)
    rv_cir_config_init (cfg, RV_CIR_TIER_HT20);
  else if (mhz == 40)
    rv_cir_config_init (cfg, RV_CIR_TIER_HT40);
  else
    return RV_CIR_ERROR_UNSUPPORTED_BANDWIDTH;
  return RV_CIR_OK;
}

size_t
rv_cir_active_list_len (uint32_t n, uint32_t k)
{
  if ((n == 64 && k == 52) || (n == 64 && k == 56) || (n == 128 && k == 114)
      || (n == 256 && k == 242) || (n == 512 && k == 484))
    return k;
  if (k == 56 || k == 114 || k == 242 || k == 484)
    return k;
  return 52;
}

int
rv_cir_active_index (size_t list_len, size_t ki)
{
  long half = (long) (list_len / 2);
  return ki < list_len / 2 ? (int) ((long) ki - half) : (int) ((long) ki - half + 1);
}

RvCirError
rv_cir_config_validate (const RvCirConfig *cfg)
{
  if (!cfg)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  /* The dispatch must give a list of exactly K entries, or Φ's dimensions
   * break (§2.2 rule 3). */
  if (rv_cir_active_list_len (cfg->num_subcarriers, cfg->num_active) != cfg->num_active)
    return RV_CIR_ERROR_INVALID_CONFIG;
  /* The full-FFT layout reads columns 1..K/2 and N−K/2..N−1. */
  if (cfg->num_subcarriers <= cfg->num_active / 2)
    return RV_CIR_ERROR_INVALID_CONFIG;
  /* Φ is K×G for any G ≥ 1; the FFT operator needs distinct bins
   * ACTIVE mod G (§4.4, §8.1), i.e. G > K, and prime factors it has
   * butterflies for. */
  if (cfg->num_taps == 0 || cfg->num_taps > RV_CIR_MAX_DIM)
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (cfg->fft_operator && (cfg->num_taps <= cfg->num_active
          || !rv_cir_fft_supported (cfg->num_taps)))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (!(cfg->bandwidth_hz > 0.0) || !isfinite (cfg->bandwidth_hz))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (!(cfg->lambda >= 0.0f) || !isfinite (cfg->lambda))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (!(cfg->tolerance >= 0.0f) || isnan (cfg->ranging_min_bw_hz)
      || isnan (cfg->dominant_ratio_threshold))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if ((unsigned) cfg->isa > RV_CIR_ISA_AVX || (unsigned) cfg->solver > RV_CIR_SOLVER_FISTA)
    return RV_CIR_ERROR_INVALID_CONFIG;
  return RV_CIR_OK;
}

/* ---- dense kernels ------------------------------------------------------ */

static void
fwd_scalar (const float *phr, const float *phi, size_t h, size_t gp,
    const float *xr, const float *xi, float *posr, float *posi, float *negr, float *negi,
    float *scratch)
{
  size_t j, c;
  (void) scratch;
  for (j = 0; j < h; j++) {
    const float *fr = phr + j * gp, *fi = phi + j * gp;
    float apr = 0.0f, api = 0.0f, anr = 0.0f, ani = 0.0f;
    for (c = 0; c < gp; c++) {
      float a = fr[c] * xr[c], b = fi[c] * xi[c], d = fr[c] * xi[c], e = fi[c] * xr[c];
      apr = apr + (a - b);
      api = api + (d + e);
      anr = anr + (a + b);
      ani = ani + (d - e);
    }
    posr[j] = apr; posi[j] = api;
    negr[j] = anr; negi[j] = ani;
  }
}

static void
adj_scalar (const float *phr, const float *phi, size_t h, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi)
{
  size_t ki, c;
  for (c = 0; c < gp; c++)
    outr[c] = outi[c] = 0.0f;
  for (ki = 0; ki < 2 * h; ki++) {
    bool neg = ki < h;
    size_t s = neg ? h - 1 - ki : ki - h;
    const float *fr = phr + s * gp, *fi = phi + s * gp;
    float a = rr[ki], b = ri[ki];
    for (c = 0; c < gp; c++) {
      float t1 = fr[c] * a, t2 = fi[c] * b, t3 = fr[c] * b, t4 = fi[c] * a;
      if (neg) {
        outr[c] = outr[c] + (t1 - t2);
        outi[c] = outi[c] + (t3 + t4);
      } else {
        outr[c] = outr[c] + (t1 + t2);
        outi[c] = outi[c] + (t3 - t4);
      }
    }
  }
}

#if RV_CIR_X86
/* SSE2.  Φx: 4 stored rows per vector (a 4×4 transpose of each plane per 4
 * columns), giving the +κ and −κ outputs together.  Φᴴr: 4 columns per
 * vector, 4 rows folded per load/store of the accumulators. */
static void
fwd_sse2 (const float *phr, const float *phi, size_t h, size_t gp,
    const float *xr, const float *xi, float *posr, float *posi, float *negr, float *negi,
    float *xb)
{
  size_t j0, c;
  for (c = 0; c < gp; c++) {
    _mm_store_ps (xb + 8 * c, _mm_set1_ps (xr[c]));
    _mm_store_ps (xb + 8 * c + 4, _mm_set1_ps (xi[c]));
  }
  for (j0 = 0; j0 < h; j0 += 4) {
    const float *r0 = phr + j0 * gp, *i0 = phi + j0 * gp;
    __m128 apr = _mm_setzero_ps (), api = _mm_setzero_ps ();
    __m128 anr = _mm_setzero_ps (), ani = _mm_setzero_ps ();
    for (c = 0; c < gp; c += 4) {
      __m128 R0 = _mm_load_ps (r0 + c), R1 = _mm_load_ps (r0 + gp + c);
      __m128 R2 = _mm_load_ps (r0 + 2 * gp + c), R3 = _mm_load_ps (r0 + 3 * gp + c);
      __m128 I0 = _mm_load_ps (i0 + c), I1 = _mm_load_ps (i0 + gp + c);
      __m128 I2 = _mm_load_ps (i0 + 2 * gp + c), I3 = _mm_load_ps (i0 + 3 * gp + c);
      const float *b = xb + 8 * c;
      __m128 cr[4], ci[4];
      int q;
      _MM_TRANSPOSE4_PS (R0, R1, R2, R3);
      _MM_TRANSPOSE4_PS (I0, I1, I2, I3);
      cr[0] = R0; cr[1] = R1; cr[2] = R2; cr[3] = R3;
      ci[0] = I0; ci[1] = I1; ci[2] = I2; ci[3] = I3;
      for (q = 0; q < 4; q++) {
        __m128 vxr = _mm_load_ps (b + 8 * q), vxi = _mm_load_ps (b + 8 * q + 4);
        __m128 ta = _mm_mul_ps (cr[q], vxr), tb = _mm_mul_ps (ci[q], vxi);
        __m128 td = _mm_mul_ps (cr[q], vxi), te = _mm_mul_ps (ci[q], vxr);
        apr = _mm_add_ps (apr, _mm_sub_ps (ta, tb));
        api = _mm_add_ps (api, _mm_add_ps (td, te));
        anr = _mm_add_ps (anr, _mm_add_ps (ta, tb));
        ani = _mm_add_ps (ani, _mm_sub_ps (td, te));
      }
    }
    _mm_storeu_ps (posr + j0, apr);
    _mm_storeu_ps (posi + j0, api);
    _mm_storeu_ps (negr + j0, anr);
    _mm_storeu_ps (negi + j0, ani);
  }
}

/* n rows (1..4) of one half, in order, folded into out[0..gp) */
static inline void
adj_rows_sse2 (const float *const *fr, const float *const *fi, const float *a, const float *b,
    int n, bool neg, size_t gp, float *outr, float *outi)
{
  __m128 va[4], vb[4];
  size_t c;
  int q;
  for (q = 0; q < n; q++) {
    va[q] = _mm_set1_ps (a[q]);
    vb[q] = _mm_set1_ps (b[q]);
  }
  for (c = 0; c < gp; c += 4) {
    __m128 sr = _mm_load_ps (outr + c), si = _mm_load_ps (outi + c);
    for (q = 0; q < n; q++) {
      __m128 vr = _mm_load_ps (fr[q] + c), vi = _mm_load_ps (fi[q] + c);
      __m128 t1 = _mm_mul_ps (vr, va[q]), t2 = _mm_mul_ps (vi, vb[q]);
      __m128 t3 = _mm_mul_ps (vr, vb[q]), t4 = _mm_mul_ps (vi, va[q]);
      if (neg) {
        sr = _mm_add_ps (sr, _mm_sub_ps (t1, t2));
        si = _mm_add_ps (si, _mm_add_ps (t3, t4));
      } else {
        sr = _mm_add_ps (sr, _mm_add_ps (t1, t2));
        si = _mm_add_ps (si, _mm_sub_ps (t3, t4));
      }
    }
    _mm_store_ps (outr + c, sr);
    _mm_store_ps (outi + c, si);
  }
}

static void
adj_sse2 (const float *phr, const float *phi, size_t h, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi)
{
  size_t ki, c;
  for (c = 0; c < gp; c += 4) {
    _mm_store_ps (outr + c, _mm_setzero_ps ());
    _mm_store_ps (outi + c, _mm_setzero_ps ());
  }
  for (ki = 0; ki < 2 * h;) {
    bool neg = ki < h;
    size_t end = neg ? h : 2 * h;
    int n = end - ki >= 4 ? 4 : (int) (end - ki), q;
    const float *fr[4], *fi[4];
    for (q = 0; q < n; q++) {
      size_t s = neg ? h - 1 - (ki + q) : ki + q - h;
      fr[q] = phr + s * gp;
      fi[q] = phi + s * gp;
    }
    if (neg)
      adj_rows_sse2 (fr, fi, rr + ki, ri + ki, n, true, gp, outr, outi);
    else
      adj_rows_sse2 (fr, fi, rr + ki, ri + ki, n, false, gp, outr, outi);
    ki += (size_t) n;
  }
}

/* AVX (no FMA: mul and add stay separate instructions).  Φx: 8 stored rows
 * per vector — rows j0..j0+3 in the low 128-bit lane, j0+4..j0+7 in the
 * high lane, then an in-lane 4×4 transpose.  Φᴴr: 8 columns per vector. */
__attribute__((target ("avx"))) static void
fwd_avx (const float *phr, const float *phi, size_t h, size_t gp,
    const float *xr, const float *xi, float *posr, float *posi, float *negr, float *negi,
    float *scratch)
{
  size_t j0, c;
  (void) scratch;
  for (j0 = 0; j0 + 4 < h; j0 += 8) {
    const float *r0 = phr + j0 * gp, *i0 = phi + j0 * gp;
    __m256 apr = _mm256_setzero_ps (), api = _mm256_setzero_ps ();
    __m256 anr = _mm256_setzero_ps (), ani = _mm256_setzero_ps ();
    for (c = 0; c < gp; c += 4) {
      __m256 A0, A1, A2, A3, B0, B1, B2, B3, t0, t1, t2, t3, cr[4], ci[4];
      int q;
#define RV_LD2(p, row) _mm256_insertf128_ps (_mm256_castps128_ps256 ( \
          _mm_load_ps ((p) + (row) * gp + c)), _mm_load_ps ((p) + ((row) + 4) * gp + c), 1)
      A0 = RV_LD2 (r0, 0); A1 = RV_LD2 (r0, 1); A2 = RV_LD2 (r0, 2); A3 = RV_LD2 (r0, 3);
      B0 = RV_LD2 (i0, 0); B1 = RV_LD2 (i0, 1); B2 = RV_LD2 (i0, 2); B3 = RV_LD2 (i0, 3);
#undef RV_LD2
      t0 = _mm256_unpacklo_ps (A0, A1); t1 = _mm256_unpackhi_ps (A0, A1);
      t2 = _mm256_unpacklo_ps (A2, A3); t3 = _mm256_unpackhi_ps (A2, A3);
      cr[0] = _mm256_shuffle_ps (t0, t2, 0x44); cr[1] = _mm256_shuffle_ps (t0, t2, 0xEE);
      cr[2] = _mm256_shuffle_ps (t1, t3, 0x44); cr[3] = _mm256_shuffle_ps (t1, t3, 0xEE);
      t0 = _mm256_unpacklo_ps (B0, B1); t1 = _mm256_unpackhi_ps (B0, B1);
      t2 = _mm256_unpacklo_ps (B2, B3); t3 = _mm256_unpackhi_ps (B2, B3);
      ci[0] = _mm256_shuffle_ps (t0, t2, 0x44); ci[1] = _mm256_shuffle_ps (t0, t2, 0xEE);
      ci[2] = _mm256_shuffle_ps (t1, t3, 0x44); ci[3] = _mm256_shuffle_ps (t1, t3, 0xEE);
      for (q = 0; q < 4; q++) {
        __m256 vxr = _mm256_broadcast_ss (xr + c + q), vxi = _mm256_broadcast_ss (xi + c + q);
        __m256 ta = _mm256_mul_ps (cr[q], vxr), tb = _mm256_mul_ps (ci[q], vxi);
        __m256 td = _mm256_mul_ps (cr[q], vxi), te = _mm256_mul_ps (ci[q], vxr);
        apr = _mm256_add_ps (apr, _mm256_sub_ps (ta, tb));
        api = _mm256_add_ps (api, _mm256_add_ps (td, te));
        anr = _mm256_add_ps (anr, _mm256_add_ps (ta, tb));
        ani = _mm256_add_ps (ani, _mm256_sub_ps (td, te));
      }
    }
    _mm256_storeu_ps (posr + j0, apr);
    _mm256_storeu_ps (posi + j0, api);
    _mm256_storeu_ps (negr + j0, anr);
    _mm256_storeu_ps (negi + j0, ani);
  }
  if (j0 < h) {
    /* the last 1..4 rows: one 4-row block in 128-bit lanes */
    const float *r0 = phr + j0 * gp, *i0 = phi + j0 * gp;
    __m128 apr = _mm_setzero_ps (), api = _mm_setzero_ps ();
    __m128 anr = _mm_setzero_ps (), ani = _mm_setzero_ps ();
    for (c = 0; c < gp; c += 4) {
      __m128 R0 = _mm_load_ps (r0 + c), R1 = _mm_load_ps (r0 + gp + c);
      __m128 R2 = _mm_load_ps (r0 + 2 * gp + c), R3 = _mm_load_ps (r0 + 3 * gp + c);
      __m128 I0 = _mm_load_ps (i0 + c), I1 = _mm_load_ps (i0 + gp + c);
      __m128 I2 = _mm_load_ps (i0 + 2 * gp + c), I3 = _mm_load_ps (i0 + 3 * gp + c);
      __m128 cr[4], ci[4];
      int q;
      _MM_TRANSPOSE4_PS (R0, R1, R2, R3);
      _MM_TRANSPOSE4_PS (I0, I1, I2, I3);
      cr[0] = R0; cr[1] = R1; cr[2] = R2; cr[3] = R3;
      ci[0] = I0; ci[1] = I1; ci[2] = I2; ci[3] = I3;
      for (q = 0; q < 4; q++) {
        __m128 vxr = _mm_broadcast_ss (xr + c + q), vxi = _mm_broadcast_ss (xi + c + q);
        __m128 ta = _mm_mul_ps (cr[q], vxr), tb = _mm_mul_ps (ci[q], vxi);
        __m128 td = _mm_mul_ps (cr[q], vxi), te = _mm_mul_ps (ci[q], vxr);
        apr = _mm_add_ps (apr, _mm_sub_ps (ta, tb));
        api = _mm_add_ps (api, _mm_add_ps (td, te));
        anr = _mm_add_ps (anr, _mm_add_ps (ta, tb));
        ani = _mm_add_ps (ani, _mm_sub_ps (td, te));
      }
    }
    _mm_storeu_ps (posr + j0, apr);
    _mm_storeu_ps (posi + j0, api);
    _mm_storeu_ps (negr + j0, anr);
    _mm_storeu_ps (negi + j0, ani);
  }
}

__attribute__((target ("avx"))) static inline void
adj_rows_avx (const float *const *fr, const float *const *fi, const float *a, const float *b,
    int n, bool neg, size_t gp, float *outr, float *outi)
{
  __m256 va[4], vb[4];
  size_t c;
  int q;
  for (q = 0; q < n; q++) {
    va[q] = _mm256_set1_ps (a[q]);
    vb[q] = _mm256_set1_ps (b[q]);
  }
  for (c = 0; c < gp; c += 8) {
    __m256 sr = _mm256_load_ps (outr + c), si = _mm256_load_ps (outi + c);
    for (q = 0; q < n; q++) {
      __m256 vr = _mm256_load_ps (fr[q] + c), vi = _mm256_load_ps (fi[q] + c);
      __m256 t1 = _mm256_mul_ps (vr, va[q]), t2 = _mm256_mul_ps (vi, vb[q]);
      __m256 t3 = _mm256_mul_ps (vr, vb[q]), t4 = _mm256_mul_ps (vi, va[q]);
      if (neg) {
        sr = _mm256_add_ps (sr, _mm256_sub_ps (t1, t2));
        si = _mm256_add_ps (si, _mm256_add_ps (t3, t4));
      } else {
        sr = _mm256_add_ps (sr, _mm256_add_ps (t1, t2));
        si = _mm256_add_ps (si, _mm256_sub_ps (t3, t4));
      }
    }
    _mm256_store_ps (outr + c, sr);
    _mm256_store_ps (outi + c, si);
  }
}

__attribute__((target ("avx"))) static void
adj_avx (const float *phr, const float *phi, size_t h, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi)
{
  size_t ki, c;
  for (c = 0; c < gp; c += 8) {
    _mm256_store_ps (outr + c, _mm256_setzero_ps ());
    _mm256_store_ps (outi + c, _mm256_setzero_ps ());
  }
  for (ki = 0; ki < 2 * h;) {
    bool neg = ki < h;
    size_t end = neg ? h : 2 * h;
    int n = end - ki >= 4 ? 4 : (int) (end - ki), q;
    const float *fr[4], *fi[4];
    for (q = 0; q < n; q++) {
      size_t s = neg ? h - 1 - (ki + q) : ki + q - h;
      fr[q] = phr + s * gp;
      fi[q] = phi + s * gp;
    }
    if (neg)
      adj_rows_avx (fr, fi, rr + ki, ri + ki, n, true, gp, outr, outi);
    else
      adj_rows_avx (fr, fi, rr + ki, ri + ki, n, false, gp, outr, outi);
    ki += (size_t) n;
  }
}
#endif /* RV_CIR_X86 */

/* Dense Φx into out[0..K) (spec row order), using tmp (RV_CIR_FWD_SCRATCH). */
static void
dense_fwd (const RvCirEstimator *e, const float *xr, const float *xi,
    float *outr, float *outi, float *tmp)
{
  size_t h = e->h, j;
  float *posr = tmp, *posi = tmp + e->hp, *negr = tmp + 2 * e->hp, *negi = tmp + 3 * e->hp;
  e->fwd (e->phr, e->phi, h, e->gp, xr, xi, posr, posi, negr, negi, tmp + 4 * e->hp);
  for (j = 0; j < h; j++) {
    outr[h + j] = posr[j];
    outi[h + j] = posi[j];
    outr[h - 1 - j] = negr[j];
    outi[h - 1 - j] = negi[j];
  }
}

static void
dense_adj (const RvCirEstimator *e, const float *rr, const float *ri, float *outr, float *outi)
{
  e->adj (e->phr, e->phi, e->h, e->gp, rr, ri, outr, outi);
}

/* glibc's hypotf for finite arguments is (float) sqrt ((double) x·x +
 * (double) y·y) (both squares exact); m[i] = rv_hypotf (a[i], b[i]) for
 * i < n (n a multiple of 4), vectorised, non-finite lanes through
 * rv_hypotf (which computes it the same way). */
static void
hypot_many (const float *a, const float *b, float *m, size_t n)
{
  size_t i;
#if RV_CIR_X86
  const __m128 fmax = _mm_set1_ps (FLT_MAX);
  const __m128 absmask = _mm_castsi128_ps (_mm_set1_epi32 (0x7fffffff));
  for (i = 0; i < n; i += 4) {
    __m128 va = _mm_loadu_ps (a + i), vb = _mm_loadu_ps (b + i);
    __m128d alo = _mm_cvtps_pd (va), ahi = _mm_cvtps_pd (_mm_movehl_ps (va, va));
    __m128d blo = _mm_cvtps_pd (vb), bhi = _mm_cvtps_pd (_mm_movehl_ps (vb, vb));
    __m128d slo = _mm_sqrt_pd (_mm_add_pd (_mm_mul_pd (alo, alo), _mm_mul_pd (blo, blo)));
    __m128d shi = _mm_sqrt_pd (_mm_add_pd (_mm_mul_pd (ahi, ahi), _mm_mul_pd (bhi, bhi)));
    __m128 r = _mm_movelh_ps (_mm_cvtpd_ps (slo), _mm_cvtpd_ps (shi));
    __m128 fin = _mm_and_ps (_mm_cmple_ps (_mm_and_ps (va, absmask), fmax),
        _mm_cmple_ps (_mm_and_ps (vb, absmask), fmax));
    _mm_storeu_ps (m + i, r);
    if (_mm_movemask_ps (fin) != 0xf) {
      int q;
      for (q = 0; q < 4; q++)
        m[i + q] = rv_hypotf (a[i + q], b[i + q]);
    }
  }
#else
  for (i = 0; i < n; i++)
    m[i] = rv_hypotf (a[i], b[i]);
#endif
}

/* One ISTA pass body (§5.5) over g taps (arrays padded to round4(g)):
 * x' = shrink(x − gr·step) into nx, and the two convergence sums
 * Σ nsq(x' − x) and Σ nsq(x), each sequential in g from −0 (the scalar
 * chains run inside the vector loop so they overlap its sqrt work). */
static void
ista_pass (const float *xr, const float *xi, const float *gr, const float *gi,
    float step, float thresh, size_t g, float *nxr, float *nxi, float *sd_out, float *sp_out)
{
  float sd = -0.0f, sp = -0.0f;
  size_t i;
#if RV_CIR_X86
  const __m128 vs = _mm_set1_ps (step), vt = _mm_set1_ps (thresh), zero = _mm_setzero_ps ();
  const __m128 tiny = _mm_set1_ps (1e-12f), fmax = _mm_set1_ps (FLT_MAX);
  const __m128 absmask = _mm_castsi128_ps (_mm_set1_epi32 (0x7fffffff));
  for (i = 0; i < g; i += 4) {
    __m128 pr = _mm_loadu_ps (xr + i), pi = _mm_loadu_ps (xi + i);
    __m128 va = _mm_sub_ps (pr, _mm_mul_ps (_mm_loadu_ps (gr + i), vs));
    __m128 vb = _mm_sub_ps (pi, _mm_mul_ps (_mm_loadu_ps (gi + i), vs));
    /* hypotf as glibc computes it for finite arguments */
    __m128d alo = _mm_cvtps_pd (va), ahi = _mm_cvtps_pd (_mm_movehl_ps (va, va));
    __m128d blo = _mm_cvtps_pd (vb), bhi = _mm_cvtps_pd (_mm_movehl_ps (vb, vb));
    __m128d slo = _mm_sqrt_pd (_mm_add_pd (_mm_mul_pd (alo, alo), _mm_mul_pd (blo, blo)));
    __m128d shi = _mm_sqrt_pd (_mm_add_pd (_mm_mul_pd (ahi, ahi), _mm_mul_pd (bhi, bhi)));
    __m128 mg = _mm_movelh_ps (_mm_cvtpd_ps (slo), _mm_cvtpd_ps (shi));
    __m128 fin = _mm_and_ps (_mm_cmple_ps (_mm_and_ps (va, absmask), fmax),
        _mm_cmple_ps (_mm_and_ps (vb, absmask), fmax));
    __m128 d, num, gt, den, sc, a, b, dr, di;
    float dt[4], pt[4];
    size_t q, nq = g - i < 4 ? g - i : 4;
    if (_mm_movemask_ps (fin) != 0xf) {
      float ta[4], tb[4], tm[4];
      _mm_storeu_ps (ta, va);
      _mm_storeu_ps (tb, vb);
      for (q = 0; q < 4; q++)
        tm[q] = rv_hypotf (ta[q], tb[q]);
      mg = _mm_loadu_ps (tm);
    }
    d = _mm_sub_ps (mg, vt);
    /* fmaxf (d, 0): d is never −0 here (m ≥ +0, thresh ≥ 0); NaN → 0 */
    num = _mm_and_ps (_mm_cmpgt_ps (d, zero), d);
    /* fmaxf (m, 1e-12): m ≥ +0 or NaN; NaN → 1e-12 */
    gt = _mm_cmpgt_ps (mg, tiny);
    den = _mm_or_ps (_mm_and_ps (gt, mg), _mm_andnot_ps (gt, tiny));
    sc = _mm_div_ps (num, den);
    a = _mm_mul_ps (va, sc);
    b = _mm_mul_ps (vb, sc);
    dr = _mm_sub_ps (a, pr);
    di = _mm_sub_ps (b, pi);
    _mm_storeu_ps (nxr + i, a);
    _mm_storeu_ps (nxi + i, b);
    _mm_storeu_ps (dt, _mm_add_ps (_mm_mul_ps (dr, dr), _mm_mul_ps (di, di)));
    _mm_storeu_ps (pt, _mm_add_ps (_mm_mul_ps (pr, pr), _mm_mul_ps (pi, pi)));
    for (q = 0; q < nq; q++) {
      sd += dt[q];
      sp += pt[q];
    }
  }
#else
  for (i = 0; i < g; i++) {
    float a = xr[i] - gr[i] * step, b = xi[i] - gi[i] * step;
    float m = rv_hypotf (a, b);
    float sc = fmaxf (m - thresh, 0.0f) / fmaxf (m, 1e-12f);
    float dr, di;
    a = a * sc;
    b = b * sc;
    dr = a - xr[i];
    di = b - xi[i];
    nxr[i] = a;
    nxi[i] = b;
    sd += dr * dr + di * di;
    sp += xr[i] * xr[i] + xi[i] * xi[i];
  }
#endif
  *sd_out = sd;
  *sp_out = sp;
}

static RvCirIsa
resolve_isa (RvCirIsa want)
{
  if (want == RV_CIR_ISA_AUTO) {
    const char *env = getenv ("RV_CIR_ISA");
    if (env && strcmp (env, "scalar") == 0)
      want = RV_CIR_ISA_SCALAR;
    else if (env && strcmp (env, "sse2") == 0)
      want = RV_CIR_ISA_SSE2;
    else if (env && strcmp (env, "avx") == 0)
      want = RV_CIR_ISA_AVX;
    else
      want = RV_CIR_ISA_AVX;
  }
  /* degrade to what the CPU has */
  while (!rv_cir_isa_available (want))
    want = (RvCirIsa) ((int) want - 1);
  return want;
}

RvCirError
rv_cir_estimator_set_isa (RvCirEstimator *est, RvCirIsa isa)
{
  if (!est || (unsigned) isa > RV_CIR_ISA_AVX)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  isa = resolve_isa (isa);
  if (!rv_cir_isa_available (isa))
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  est->isa = isa;
  est->fwd = fwd_scalar;
  est->adj = adj_scalar;
  if (est->fft)
    rv_cir_fft_set_isa (est->fft, isa);
#if RV_CIR_X86
  if (isa == RV_CIR_ISA_SSE2) {
    est->fwd = fwd_sse2;
    est->adj = adj_sse2;
  } else if (isa == RV_CIR_ISA_AVX) {
    est->fwd = fwd_avx;
    est->adj = adj_avx;
  }
#endif
  return RV_CIR_OK;
}

RvCirIsa
rv_cir_estimator_isa (const RvCirEstimator *est)
{
  return est ? est->isa : RV_CIR_ISA_AUTO;
}

/* ---- allocation helpers ------------------------------------------------- */

static float *
falloc (size_t n)
{
  size_t bytes = (n * sizeof (float) + 63) & ~(size_t) 63;
  float *p;
  if (bytes == 0)
    bytes = 64;
  p = aligned_alloc (64, bytes);
  if (p)
    memset (p, 0, bytes);
  return p;
}

/* Φ's planes: one block, on transparent huge pages where the kernel offers
 * them.  A fresh multi-megabyte block otherwise faults in 4 KiB at a time —
 * at HE40 ≈ 700 faults, which cost more than computing Φ and L in a VM. */
#define RV_CIR_HUGE ((size_t) 2 << 20)

static float *
falloc_planes (size_t n)
{
  size_t bytes = (n * sizeof (float) + 63) & ~(size_t) 63;
  float *p;
  if (bytes < RV_CIR_HUGE / 2)
    return falloc (n);
  bytes = (bytes + RV_CIR_HUGE - 1) & ~(RV_CIR_HUGE - 1);
  p = aligned_alloc (RV_CIR_HUGE, bytes);
  if (!p)
    return NULL;
#ifdef MADV_HUGEPAGE
  madvise (p, bytes, MADV_HUGEPAGE);   /* advice only: failing is harmless */
#endif
  memset (p, 0, bytes);
  return p;
}

static size_t
round8 (size_t v)
{
  return (v + 7) & ~(size_t) 7;
}

/* ---- construction (§4) -------------------------------------------------- */

/* normalize (cir.rs:988-1000): f64 sum of f32 nsq, f32 reciprocal. */
static void
normalize_split (float *re, float *im, size_t g)
{
  double s = -0.0;
  float n, inv;
  size_t i;
  for (i = 0; i < g; i++)
    s += (double) (re[i] * re[i] + im[i] * im[i]);
  n = (float) sqrt (s);
  n = fmaxf (n, 1e-12f);
  inv = 1.0f / n;
  for (i = 0; i < g; i++) {
    re[i] = re[i] * inv;
    im[i] = im[i] * inv;
  }
}

/* §4.1 for the rows +1..+H (row −κ is their exact conjugate).  The angle
 * ((−τ·κ)·g)/G is formed in f32 exactly as the spec writes it (SSE2 lanes
 * across g: multiply, then a correctly rounded divide); cosf/sinf are
 * glibc x86-64's bits, through rv_sincosf (the same as rv_sinf, rv_cosf). */
static void
build_phi (RvCirEstimator *e, float *ang)
{
  size_t g = e->g, gp = e->gp, j, c;
  float s = 1.0f / sqrtf ((float) e->k);
  float fg = (float) g;
  for (j = 0; j < e->h; j++) {
    float a0 = -RV_TAU_F32 * (float) (int) (j + 1);
    float *pr = e->phr + j * gp, *pi = e->phi + j * gp;
#if RV_CIR_X86
    {
      const __m128 va0 = _mm_set1_ps (a0), vg = _mm_set1_ps (fg);
      const __m128 step4 = _mm_set1_ps (4.0f);
      __m128 vc = _mm_setr_ps (0.0f, 1.0f, 2.0f, 3.0f);
      for (c = 0; c < gp; c += 4) {
        _mm_store_ps (ang + c, _mm_div_ps (_mm_mul_ps (va0, vc), vg));
        vc = _mm_add_ps (vc, step4);   /* exact: integers below 2^24 */
      }
    }
#else
    for (c = 0; c < g; c++)
      ang[c] = (a0 * (float) c) / fg;
#endif
    for (c = 0; c < g; c++) {
      float a = ang[c], cs, sn;
      rv_sincosf (a, &sn, &cs);
      pr[c] = cs;
      pi[c] = sn;
    }
    for (c = 0; c < g; c++) {
      pr[c] = pr[c] * s;
      pi[c] = pi[c] * s;
    }
  }
}

/* §4.3: d[g] = λ + Σ_ki nsq(Φ[ki][g]), ki ascending (rows −H..−1 are the
 * stored rows H..1; the negated imaginary part squares to the same bits).
 * Lanes across g. */
static void
build_diag (RvCirEstimator *e)
{
  size_t ki, j, gp = e->gp;
  float *d = e->d;   /* gp-long */
  for (j = 0; j < gp; j++)
    d[j] = e->cfg.lambda;
  for (ki = 0; ki < e->k; ki++) {
    size_t s = ki < e->h ? e->h - 1 - ki : ki - e->h;
    const float *fr = e->phr + s * gp, *fi = e->phi + s * gp;
#if RV_CIR_X86
    for (j = 0; j < gp; j += 4) {
      __m128 a = _mm_load_ps (fr + j), b = _mm_load_ps (fi + j);
      _mm_store_ps (d + j, _mm_add_ps (_mm_load_ps (d + j),
              _mm_add_ps (_mm_mul_ps (a, a), _mm_mul_ps (b, b))));
    }
#else
    for (j = 0; j < gp; j++)
      d[j] += fr[j] * fr[j] + fi[j] * fi[j];
#endif
  }
}

/* §4.2: L by 30 power steps; all vectors gp-long (zero padded), tmp of
 * RV_CIR_FWD_SCRATCH floats. */
static float
power_lipschitz (RvCirEstimator *e, float *vr, float *vi, float *tr, float *ti,
    float *wr, float *wi, float *tmp)
{
  size_t g = e->g, i;
  int it;
  float ev = 1e-6f;
  for (i = 0; i < g; i++) {
    vr[i] = ((float) (i % 13) + 1.0f) / 14.0f;
    vi[i] = 0.0f;
  }
  normalize_split (vr, vi, g);
  for (it = 0; it < 30; it++) {
    dense_fwd (e, vr, vi, tr, ti, tmp);
    dense_adj (e, tr, ti, wr, wi);
    ev = -0.0f;
    for (i = 0; i < g; i++)
      ev += vr[i] * wr[i] + vi[i] * wi[i];
    normalize_split (wr, wi, g);
    memcpy (vr, wr, g * sizeof (float));
    memcpy (vi, wi, g * sizeof (float));
  }
  return fmaxf (ev, 1e-6f);
}

/* §5.4 (a): spectral-radius pre-check of I − D⁻¹A, which depends only on d. */
static bool
neumann_precheck (const float *d, const float *dinv, size_t g, float *v, float *w)
{
  size_t i;
  int it;
  double s = 0.0, ev = 0.0;
  float nv;
  for (i = 0; i < g; i++) {
    v[i] = (float) ((i * 7 + 13) % 100) / 100.0f;
    s += (double) v[i] * (double) v[i];
  }
  nv = (float) sqrt (s);
  if (nv > 1e-12f) {
    float inv = 1.0f / nv;
    for (i = 0; i < g; i++)
      v[i] *= inv;
  }
  for (it = 0; it < 10; it++) {
    double ws = 0.0;
    float wn;
    for (i = 0; i < g; i++) {
      float av = 0.0f + d[i] * v[i];
      w[i] = v[i] - dinv[i] * av;
    }
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
  return !(fabs (ev) >= 1.0);
}

RvCirEstimator *
rv_cir_estimator_new (const RvCirConfig *cfg, RvCirError *err)
{
  RvCirEstimator *e;
  RvCirError r = rv_cir_config_validate (cfg);
  float *t[7] = { NULL };
  size_t i, ki, j;

  if (r != RV_CIR_OK) {
    if (err)
      *err = r;
    return NULL;
  }
  e = calloc (1, sizeof *e);
  if (!e)
    goto oom;
  e->cfg = *cfg;
  e->k = cfg->num_active;
  e->g = cfg->num_taps;
  e->n = cfg->num_subcarriers;
  e->h = e->k / 2;
  e->hp = round8 (e->h);
  e->kp = round8 (e->k);
  e->gp = round8 (e->g);
  e->phr = falloc_planes (2 * e->hp * e->gp);
  e->phi = e->phr ? e->phr + e->hp * e->gp : NULL;
  e->d = falloc (e->gp);
  e->dinv = falloc (e->g);
  e->col_full = calloc (e->k, sizeof (size_t));
  for (i = 0; i < 7; i++)
    t[i] = falloc (i == 6 ? RV_CIR_FWD_SCRATCH (e) : (e->gp > e->kp ? e->gp : e->kp));
  if (!e->phr || !e->phi || !e->d || !e->dinv || !e->col_full)
    goto oom;
  for (i = 0; i < 7; i++)
    if (!t[i])
      goto oom;
  e->xlen = e->gp;
  if (cfg->fft_operator) {
    e->fft = rv_cir_fft_new (e->g, e->k);
    e->bin_pos = calloc (e->k, sizeof (size_t));
    e->tap_pos = calloc (e->g, sizeof (size_t));
    if (!e->fft || !e->bin_pos || !e->tap_pos)
      goto oom;
    for (ki = 0; ki < e->k; ki++) {
      long kk = rv_cir_active_index (e->k, ki);
      e->bin_pos[ki] = rv_cir_fft_zpos (e->fft, (size_t) (kk > 0 ? kk : (long) e->g + kk));
    }
    for (j = 0; j < e->g; j++)
      e->tap_pos[j] = rv_cir_fft_xpos (e->fft, j);
    e->fft_scale = 1.0f / sqrtf ((float) e->k);
    e->xlen = rv_cir_fft_xlen (e->fft);
  }
  rv_cir_estimator_set_isa (e, cfg->isa);

  for (ki = 0; ki < e->k; ki++) {
    int kk = rv_cir_active_index (e->k, ki);
    e->col_full[ki] = kk > 0 ? (size_t) kk : (size_t) ((long) e->n + kk);
  }

  build_phi (e, t[0]);

  /* §4.2 */
  e->lip = power_lipschitz (e, t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
  e->step = 1.0f / fmaxf (e->lip, 1e-6f);
  e->thresh = cfg->lambda * e->step;

  build_diag (e);
  for (j = 0; j < e->g; j++)
    e->dinv[j] = (fabsf (e->d[j]) > 1e-15f) ? 1.0f / e->d[j] : 1.0f;
  e->precheck_ok = neumann_precheck (e->d, e->dinv, e->g, t[0], t[1]);

  e->tap_spacing = 1.0 / ((double) e->g * (cfg->bandwidth_hz / (double) e->n));

  for (i = 0; i < 7; i++)
    free (t[i]);
  if (err)
    *err = RV_CIR_OK;
  return e;

oom:
  for (i = 0; i < 7; i++)
    free (t[i]);
  rv_cir_estimator_free (e);
  if (err)
    *err = RV_CIR_ERROR_OUT_OF_MEMORY;
  return NULL;
}

void
rv_cir_estimator_free (RvCirEstimator *e)
{
  if (!e)
    return;
  free (e->phr);   /* both planes */
  free (e->d);
  free (e->dinv);
  free (e->col_full);
  free (e->bin_pos);
  free (e->tap_pos);
  rv_cir_fft_free (e->fft);
  free (e);
}

const RvCirConfig *
rv_cir_estimator_config (const RvCirEstimator *e)
{
  return &e->cfg;
}

size_t
rv_cir_estimator_num_taps (const RvCirEstimator *e)
{
  return e->g;
}

size_t
rv_cir_estimator_num_active (const RvCirEstimator *e)
{
  return e->k;
}

float
rv_cir_estimator_lipschitz (const RvCirEstimator *e)
{
  return e->lip;
}

float
rv_cir_estimator_step (const RvCirEstimator *e)
{
  return e->step;
}

float
rv_cir_estimator_threshold (const RvCirEstimator *e)
{
  return e->thresh;
}

float
rv_cir_estimator_diag (const RvCirEstimator *e, size_t g)
{
  return g < e->g ? e->d[g] : 0.0f;
}

void
rv_cir_estimator_phi (const RvCirEstimator *e, size_t ki, size_t g, float *re, float *im)
{
  size_t s;
  if (ki >= e->k || g >= e->g) {
    *re = *im = 0.0f;
    return;
  }
  s = ki < e->h ? e->h - 1 - ki : ki - e->h;
  *re = e->phr[s * e->gp + g];
  *im = e->phi[s * e->gp + g];
  if (ki < e->h)
    *im = -*im;
}

/* ---- workspace ---------------------------------------------------------- */

RvCirWorkspace *
rv_cir_workspace_new (const RvCirEstimator *e)
{
  RvCirWorkspace *w;
  if (!e)
    return NULL;
  w = calloc (1, sizeof *w);
  if (!w)
    return NULL;
  w->est = e;
  w->yr = falloc (e->kp); w->yi = falloc (e->kp);
  w->pr = falloc (e->kp); w->pi = falloc (e->kp);
  w->ar = falloc (e->gp); w->ai = falloc (e->gp);
  w->br2 = falloc (e->gp); w->bi2 = falloc (e->gp);
  w->gr = falloc (e->gp); w->gi = falloc (e->gp);
  w->br = falloc (e->gp); w->bi = falloc (e->gp);
  w->nr = falloc (e->g);
  w->mag = falloc (e->gp);
  w->scratch = falloc (RV_CIR_FWD_SCRATCH (e));
  w->taps = falloc (2 * e->g);
  if (!w->yr || !w->yi || !w->pr || !w->pi || !w->ar || !w->ai || !w->br2 || !w->bi2
      || !w->gr || !w->gi || !w->br || !w->bi || !w->nr || !w->mag
      || !w->scratch || !w->taps)
    goto fail;
  if (e->fft || e->cfg.solver != RV_CIR_SOLVER_ISTA) {
    w->v[0] = falloc (2 * e->xlen);
    w->v[1] = falloc (2 * e->xlen);
    w->z = falloc (2 * e->xlen);
    w->h = falloc (2 * e->xlen);
    if (!w->v[0] || !w->v[1] || !w->z || !w->h)
      goto fail;
  }
  if (e->fft) {
    size_t zl = 2 * rv_cir_fft_zlen (e->fft);
    w->fy = falloc (zl);
    w->fs = falloc (zl);
    w->fp = falloc (zl);
    w->fscr = falloc (rv_cir_fft_scratch_len (e->fft));
    if (!w->fy || !w->fs || !w->fp || !w->fscr)
      goto fail;
  }
  return w;
fail:
  rv_cir_workspace_free (w);
  return NULL;
}

void
rv_cir_workspace_free (RvCirWorkspace *w)
{
  if (!w)
    return;
  free (w->yr); free (w->yi); free (w->pr); free (w->pi);
  free (w->ar); free (w->ai); free (w->br2); free (w->bi2);
  free (w->gr); free (w->gi); free (w->br); free (w->bi);
  free (w->nr); free (w->mag);
  free (w->scratch); free (w->taps);
  free (w->v[0]); free (w->v[1]); free (w->z); free (w->h);
  free (w->fy); free (w->fs); free (w->fp); free (w->fscr);
  free (w);
}

/* ---- the FFT operator (cir_fft.h) ----------------------------------------- */

/* y (k, spec row order) into the band layout; every other position +0 */
static void
fft_load_band (const RvCirEstimator *e, const float *yr, const float *yi, float *b)
{
  size_t ki;
  memset (b, 0, 2 * rv_cir_fft_zlen (e->fft) * sizeof (float));
  for (ki = 0; ki < e->k; ki++) {
    b[e->bin_pos[ki]] = yr[ki];
    b[e->bin_pos[ki] + 4] = yi[ki];
  }
}

/* natural taps (g) into the tap layout (padding +0) and back, times s */
static void
fft_load_taps (const RvCirEstimator *e, const float *xr, const float *xi, float *l)
{
  size_t i;
  memset (l, 0, 2 * e->xlen * sizeof (float));
  for (i = 0; i < e->g; i++) {
    l[e->tap_pos[i]] = xr[i];
    l[e->tap_pos[i] + 4] = xi[i];
  }
}

static void
fft_store_taps (const RvCirEstimator *e, const float *l, float s, float *xr, float *xi)
{
  size_t i;
  for (i = 0; i < e->g; i++) {
    xr[i] = l[e->tap_pos[i]] * s;
    xi[i] = l[e->tap_pos[i] + 4] * s;
  }
}

RvCirError
rv_cir_apply_phi (const RvCirEstimator *e, RvCirWorkspace *w, bool use_fft,
    const float *x_re, const float *x_im, float *out_re, float *out_im)
{
  size_t ki;
  if (!e || !w || w->est != e || !x_re || !x_im || !out_re || !out_im)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  if (use_fft && e->fft) {
    fft_load_taps (e, x_re, x_im, w->h);
    rv_cir_fft_forward (e->fft, w->h, w->fs, w->fscr);
    for (ki = 0; ki < e->k; ki++) {
      out_re[ki] = w->fs[e->bin_pos[ki]] * e->fft_scale;
      out_im[ki] = w->fs[e->bin_pos[ki] + 4] * e->fft_scale;
    }
    return RV_CIR_OK;
  }
  memset (w->ar, 0, e->gp * sizeof (float));
  memset (w->ai, 0, e->gp * sizeof (float));
  memcpy (w->ar, x_re, e->g * sizeof (float));
  memcpy (w->ai, x_im, e->g * sizeof (float));
  dense_fwd (e, w->ar, w->ai, w->pr, w->pi, w->scratch);
  memcpy (out_re, w->pr, e->k * sizeof (float));
  memcpy (out_im, w->pi, e->k * sizeof (float));
  return RV_CIR_OK;
}

RvCirError
rv_cir_apply_phi_h (const RvCirEstimator *e, RvCirWorkspace *w, bool use_fft,
    const float *r_re, const float *r_im, float *out_re, float *out_im)
{
  if (!e || !w || w->est != e || !r_re || !r_im || !out_re || !out_im)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  if (use_fft && e->fft) {
    fft_load_band (e, r_re, r_im, w->fp);
    rv_cir_fft_adjoint (e->fft, w->fp, w->h, w->fscr);
    fft_store_taps (e, w->h, e->fft_scale, out_re, out_im);
    return RV_CIR_OK;
  }
  memset (w->pr, 0, e->kp * sizeof (float));
  memset (w->pi, 0, e->kp * sizeof (float));
  memcpy (w->pr, r_re, e->k * sizeof (float));
  memcpy (w->pi, r_im, e->k * sizeof (float));
  dense_adj (e, w->pr, w->pi, w->gr, w->gi);
  memcpy (out_re, w->gr, e->g * sizeof (float));
  memcpy (out_im, w->gi, e->g * sizeof (float));
  return RV_CIR_OK;
}

/* ---- estimate (§5) ------------------------------------------------------ */

/* §5.4 (b): Jacobi / Neumann iteration on one real part, with the b/d
 * fallback.  Returns k+1 on success at step k, RV_CIR_NEUMANN_FALLBACK. */
static uint8_t
neumann_solve (const RvCirEstimator *e, const float *b, float *x, float *r)
{
  const float *d = e->d, *dinv = e->dinv;
  size_t g = e->g, i;
  double prev = DBL_MAX;
  int k;

  if (e->precheck_ok) {
    for (i = 0; i < g; i++)
      x[i] = dinv[i] * b[i];
    for (k = 0; k < 50; k++) {
      double s = 0.0, rn;
      for (i = 0; i < g; i++) {
        float ax = 0.0f + d[i] * x[i];
        r[i] = b[i] - ax;
        s += (double) r[i] * (double) r[i];
      }
      rn = sqrt (s);
      if (rn < 1e-6)
        return (uint8_t) (k + 1);
      if (isnan (rn) || isinf (rn))
        break;
      if (k > 0 && prev < DBL_MAX && prev > 0.0 && rn > 2.0 * prev)
        break;
      for (i = 0; i < g; i++)
        x[i] += dinv[i] * r[i];
      prev = rn;
    }
  }
  for (i = 0; i < g; i++)
    x[i] = b[i] / d[i];
  return RV_CIR_NEUMANN_FALLBACK;
}

static void
reset_out (const RvCirEstimator *e, RvCir *out)
{
  memset (out, 0, sizeof *out);
  out->num_taps = e->g;
  out->bandwidth_hz = e->cfg.bandwidth_hz;
  out->tap_spacing_sec = e->tap_spacing;
  out->residual = 1.0f;
}

float
rv_cir_phase_variance (const float *re, const float *im, size_t k)
{
  float sx = 0.0f, sy = 0.0f, rbar;
  size_t i;
  if (k < 2)
    return 0.0f;
  for (i = 0; i < k; i++) {
    float t = rv_atan2f (im[i], re[i]);
    sx += rv_cosf (t);
    sy += rv_sinf (t);
  }
  rbar = sqrtf (sx * sx + sy * sy) / (float) k;
  if (rbar < 0.0f)
    rbar = 0.0f;
  else if (rbar > 1.0f)
    rbar = 1.0f;
  return 1.0f - rbar;
}

void
rv_cir_soft_threshold (float *re, float *im, float thresh)
{
  float m = rv_hypotf (*re, *im);
  float sc = fmaxf (m - thresh, 0.0f) / fmaxf (m, 1e-12f);
  *re = *re * sc;
  *im = *im * sc;
}

/* w->p = w->p − y over the K rows (y is zero padded to kp) */
static void
sub_y (const RvCirEstimator *e, RvCirWorkspace *w)
{
  size_t i;
#if RV_CIR_X86
  for (i = 0; i < e->kp; i += 4) {
    _mm_store_ps (w->pr + i, _mm_sub_ps (_mm_load_ps (w->pr + i), _mm_load_ps (w->yr + i)));
    _mm_store_ps (w->pi + i, _mm_sub_ps (_mm_load_ps (w->pi + i), _mm_load_ps (w->yi + i)));
  }
#else
  for (i = 0; i < e->k; i++) {
    w->pr[i] = w->pr[i] - w->yr[i];
    w->pi[i] = w->pi[i] - w->yi[i];
  }
#endif
}

/* The fast solver loop (fft-ista, and fista on either operator).  Vectors
 * of 2·xlen floats: the tap layout (fft) or the re then the im plane of the
 * natural order zero padded to gp (dense).  The gradient Φᴴ(Φz − y) comes
 * from the estimator's operator (the FFT operator's K^{-1/2} scalings folded
 * into the residual and the step), the proximal pass and its sums from
 * cir_fft.h.  x₀ comes in w->ar/ai (natural) and the result goes back
 * there. */
static void
solve_fast (const RvCirEstimator *e, RvCirWorkspace *w, uint32_t *iters_out, float *res_out)
{
  const size_t n = e->xlen, g = e->g;
  const bool fista = e->cfg.solver == RV_CIR_SOLVER_FISTA;
  const float c = e->fft ? e->step * e->fft_scale : e->step;
  float *x = w->v[0], *xn = w->v[1];
  float t = 1.0f, residual = 1.0f;
  uint32_t it, iters = 0;

  if (e->fft) {
    fft_load_taps (e, w->ar, w->ai, x);
  } else {
    memcpy (x, w->ar, n * sizeof (float));
    memcpy (x + n, w->ai, n * sizeof (float));
  }
  memcpy (w->z, x, 2 * n * sizeof (float));
  for (it = 0; it < e->cfg.max_iters; it++) {
    /* ISTA takes its step from x itself */
    const float *z = fista ? w->z : x;
    float sums[3], *tmp;
    if (e->fft) {
      rv_cir_fft_forward (e->fft, z, w->fs, w->fscr);
      rv_cir_fft_residual (e->fft, w->fs, w->fy, e->fft_scale, w->fp);
      rv_cir_fft_adjoint (e->fft, w->fp, w->h, w->fscr);
      rv_cir_fft_prox (e->fft, z, x, w->h, c, e->thresh, xn, sums);
    } else {
      size_t i;
      dense_fwd (e, z, z + n, w->pr, w->pi, w->scratch);
      sub_y (e, w);
      dense_adj (e, w->pr, w->pi, w->h, w->h + n);
      for (i = g; i < n; i++)
        w->h[i] = w->h[n + i] = 0.0f;
      rv_cir_vec_prox (e->isa, n, z, z + n, x, x + n, w->h, w->h + n, c, e->thresh,
          xn, xn + n, sums);
    }
    residual = sqrtf (sums[0]) / fmaxf (sqrtf (sums[1]), 1e-12f);
    iters = it + 1;
    if (fista) {
      /* gradient restart when the step went against the momentum */
      float beta = 0.0f;
      if (sums[2] > 0.0f) {
        t = 1.0f;
      } else {
        float tn = (1.0f + sqrtf (1.0f + 4.0f * t * t)) / 2.0f;
        beta = (t - 1.0f) / tn;
        t = tn;
      }
      rv_cir_vec_momentum (e->isa, 2 * n, xn, x, beta, w->z);
    }
    tmp = x;
    x = xn;
    xn = tmp;
    if (residual < e->cfg.tolerance)
      break;
  }
  if (e->fft) {
    fft_store_taps (e, x, 1.0f, w->ar, w->ai);
  } else {
    memcpy (w->ar, x, g * sizeof (float));
    memcpy (w->ai, x + n, g * sizeof (float));
  }
  *iters_out = iters;
  *res_out = residual;
}

/* Everything after y (w->yr/yi) is in place. */
static RvCirError
estimate_from_y (const RvCirEstimator *e, RvCirWorkspace *w, float *taps_out, RvCir *out)
{
  size_t g = e->g, g4 = (e->g + 3) & ~(size_t) 3, i;
  bool fft = e->fft != NULL;
  float step = e->step, thresh = e->thresh;
  /* cur = x (== x_prev at the top of every pass), nxt = the next iterate */
  float *cr = w->ar, *ci = w->ai, *nr = w->br2, *ni = w->bi2, *m = w->mag;
  float *taps = taps_out ? taps_out : w->taps;
  uint32_t it, iters = 0;
  float residual = 1.0f;

  /* §5.3 ghost-tap guard */
  out->phase_variance = rv_cir_phase_variance (w->yr, w->yi, e->k);
  if (out->phase_variance > 0.99f)
    return RV_CIR_ERROR_UNSANITIZED_PHASE;

  /* §5.4 warm start: b = Φᴴy (the FFT operator's adjoint with fft-ista),
   * then two Neumann solves */
  if (fft) {
    fft_load_band (e, w->yr, w->yi, w->fy);
    rv_cir_fft_adjoint (e->fft, w->fy, w->h, w->fscr);
    fft_store_taps (e, w->h, e->fft_scale, w->br, w->bi);
  } else {
    dense_adj (e, w->yr, w->yi, w->br, w->bi);
  }
  out->neumann_re = neumann_solve (e, w->br, cr, w->nr);
  out->neumann_im = neumann_solve (e, w->bi, ci, w->nr);
  for (i = g; i < e->gp; i++)
    cr[i] = ci[i] = nr[i] = ni[i] = 0.0f;

  if (fft || e->cfg.solver != RV_CIR_SOLVER_ISTA) {
    solve_fast (e, w, &iters, &residual);
  } else {
    /* §5.5 ISTA, dense: the spec's pass, bit-exact */
    for (it = 0; it < e->cfg.max_iters; it++) {
      float sd, sp, diff, pn;
      dense_fwd (e, cr, ci, w->pr, w->pi, w->scratch);
      sub_y (e, w);
      dense_adj (e, w->pr, w->pi, w->gr, w->gi);
      ista_pass (cr, ci, w->gr, w->gi, step, thresh, g, nr, ni, &sd, &sp);
      for (i = g; i < g4; i++)
        nr[i] = ni[i] = 0.0f;
      diff = sqrtf (sd);
      pn = fmaxf (sqrtf (sp), 1e-12f);
      residual = diff / pn;
      iters = it + 1;
      {
        float *t;
        t = cr; cr = nr; nr = t;
        t = ci; ci = ni; ni = t;
      }
      if (residual < e->cfg.tolerance)
        break;
    }
  }
  out->iters_used = iters;
  out->residual = residual;

  /* §5.6 features (m_g recomputed once; hypotf is deterministic) */
  {
    float tap_sum = -0.0f, ratio = 0.0f, cutoff;
    size_t dom = 0, cnt = 0, half = g / 2;
    double ps = -0.0, t = e->tap_spacing, rms = 0.0;
    hypot_many (cr, ci, m, g4);
    for (i = 0; i < g; i++) {
      taps[2 * i] = cr[i];
      taps[2 * i + 1] = ci[i];
      tap_sum += m[i];
    }
    for (i = 1; i < g; i++)
      if (!(m[dom] > m[i]))
        dom = i;
    if (tap_sum > 1e-12f) {
      size_t lo = dom > 0 ? dom - 1 : 0, hi = dom + 1 < g ? dom + 1 : g - 1;
      float s = -0.0f;
      for (i = lo; i <= hi; i++)
        s += m[i];
      ratio = s / tap_sum;
    }
    cutoff = m[dom] * 0.01f;
    for (i = 0; i < g; i++)
      if (m[i] >= cutoff)
        cnt++;
    for (i = 0; i < half; i++)
      ps += (double) m[i] * (double) m[i];
    if (ps > 1e-24) {
      double mean = -0.0, var = -0.0;
      for (i = 0; i < half; i++)
        mean += ((double) i * t) * ((double) m[i] * (double) m[i]);
      mean = mean / ps;
      for (i = 0; i < half; i++) {
        double dlt = (double) i * t - mean;
        var += (dlt * dlt) * ((double) m[i] * (double) m[i]);
      }
      var = var / ps;
      rms = sqrt (fmax (var, 0.0));
    }
    out->taps = taps;
    out->dominant_tap_idx = dom;
    out->dominant_tap_ratio = ratio;
    out->ranging_valid = (e->cfg.bandwidth_hz >= e->cfg.ranging_min_bw_hz)
        && (ratio >= e->cfg.dominant_ratio_threshold);
    out->active_tap_count = cnt;
    out->rms_delay_spread_s = rms;
  }
  return RV_CIR_OK;
}

/* §5.1 size check; returns the column map (NULL = pre-masked). */
static RvCirError
check_cols (const RvCirEstimator *e, size_t rows, size_t cols, RvCir *out,
    const size_t **map)
{
  if (cols == e->n)
    *map = e->col_full;
  else if (cols == e->k)
    *map = NULL;
  else {
    out->expected_cols = e->n;
    out->got_cols = cols;
    return RV_CIR_ERROR_SUBCARRIER_MISMATCH;
  }
  if (rows == 0)
    return RV_CIR_ERROR_NO_ROWS;
  return RV_CIR_OK;
}

RvCirError
rv_cir_estimate (const RvCirEstimator *e, RvCirWorkspace *w,
    const double *data, size_t rows, size_t cols, float *taps_out, RvCir *out)
{
  const size_t *map;
  RvCirError r;
  size_t ki, s;
  float inv;

  if (!e || !w || !out || w->est != e)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  reset_out (e, out);
  r = check_cols (e, rows, cols, out, &map);
  if (r != RV_CIR_OK)
    return r;
  if (!data || rows > ((size_t) -1) / 2 / (cols ? cols : 1))
    return RV_CIR_ERROR_INVALID_ARGUMENT;

  /* §5.2 coherent mean across rows, f64 → f32 per sample */
  inv = 1.0f / (float) rows;
  for (ki = 0; ki < e->k; ki++) {
    size_t col = map ? map[ki] : ki;
    float ar = 0.0f, ai = 0.0f;
    for (s = 0; s < rows; s++) {
      const double *p = data + 2 * (s * cols + col);
      ar += (float) p[0];
      ai += (float) p[1];
    }
    w->yr[ki] = ar * inv;
    w->yi[ki] = ai * inv;
  }
  return estimate_from_y (e, w, taps_out, out);
}

RvCirError
rv_cir_estimate_polar (const RvCirEstimator *e, RvCirWorkspace *w,
    const float *amp, size_t n_amp, const float *phase, size_t n_phase,
    float *taps_out, RvCir *out)
{
  const size_t *map;
  RvCirError r;
  size_t ki;

  if (!e || !w || !out || w->est != e)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  reset_out (e, out);
  r = check_cols (e, 1, n_amp, out, &map);
  if (r != RV_CIR_OK)
    return r;
  if (!amp || (n_phase > 0 && !phase))
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  for (ki = 0; ki < e->k; ki++) {
    size_t col = map ? map[ki] : ki;
    double re = 0.0, im = 0.0;
    if (col < n_phase) {
      double a = (double) amp[col], p = (double) phase[col];
      re = a * rv_cos (p);
      im = a * rv_sin (p);
    }
    /* one stream: acc = +0 + (float)v, times 1.0f */
    w->yr[ki] = (0.0f + (float) re) * 1.0f;
    w->yi[ki] = (0.0f + (float) im) * 1.0f;
  }
  return estimate_from_y (e, w, taps_out, out);
}

float
rv_cir_gate_blend (float freq, float ratio)
{
  return 0.7f * freq + 0.3f * ratio;
}

float
rv_cir_gate_coherence (const RvCirEstimator *e, RvCirWorkspace *w, float freq,
    const float *amp, size_t n_amp, const float *phase, size_t n_phase,
    RvCir *out, RvCirError *err)
{
  RvCir local;
  RvCir *c = out ? out : &local;
  RvCirError r;
  if (!e) {
    if (err)
      *err = RV_CIR_ERROR_INVALID_ARGUMENT;
    return freq;
  }
  r = rv_cir_estimate_polar (e, w, amp, n_amp, phase, n_phase, NULL, c);
  if (err)
    *err = r;
  if (r != RV_CIR_OK)
    return freq;
  return rv_cir_gate_blend (freq, c->dominant_tap_ratio);
}

/* ---- accessors ---------------------------------------------------------- */

double
rv_cir_dominant_delay_sec (const RvCir *c)
{
  return (double) c->dominant_tap_idx * c->tap_spacing_sec;
}

double
rv_cir_dominant_distance_m (const RvCir *c)
{
  return rv_cir_dominant_delay_sec (c) * 3e8;
}

bool
rv_cir_dominant_tap_tof_s (const RvCir *c, double *tof)
{
  if (!c->ranging_valid)
    return false;
  if (tof)
    *tof = rv_cir_dominant_delay_sec (c);
  return true;
}

/* true when a ranks strictly after b: smaller magnitude, or equal and
 * larger index; NaN magnitudes rank after every number. */
static bool
tap_after (const RvCirTap *a, float ma, const RvCirTap *b, float mb)
{
  bool na = isnan (ma), nb = isnan (mb);
  if (na != nb)
    return na;
  if (!na && ma != mb)
    return ma < mb;
  return a->index > b->index;
}

static float
tap_mag (const RvCirTap *t)
{
  return rv_hypotf (t->re, t->im);
}

/* heap of the k best so far, the worst-ranked at the root */
static void
heap_sift_down (RvCirTap *h, size_t n, size_t i)
{
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, worst = i;
    if (l < n && tap_after (&h[l], tap_mag (&h[l]), &h[worst], tap_mag (&h[worst])))
      worst = l;
    if (r < n && tap_after (&h[r], tap_mag (&h[r]), &h[worst], tap_mag (&h[worst])))
      worst = r;
    if (worst == i)
      return;
    {
      RvCirTap t = h[i];
      h[i] = h[worst];
      h[worst] = t;
    }
    i = worst;
  }
}

size_t
rv_cir_top_k_taps (const RvCir *c, size_t k, RvCirTap *out)
{
  size_t g, i, n;
  if (!c || !c->taps || !out || k == 0)
    return 0;
  g = c->num_taps;
  n = k < g ? k : g;
  for (i = 0; i < n; i++) {
    out[i].index = i;
    out[i].re = c->taps[2 * i];
    out[i].im = c->taps[2 * i + 1];
  }
  for (i = n / 2; i-- > 0;)
    heap_sift_down (out, n, i);
  for (i = n; i < g; i++) {
    RvCirTap t = { i, c->taps[2 * i], c->taps[2 * i + 1] };
    if (tap_after (&out[0], tap_mag (&out[0]), &t, tap_mag (&t))) {
      out[0] = t;
      heap_sift_down (out, n, 0);
    }
  }
  /* heap sort: repeatedly move the worst to the end */
  for (i = n; i > 1; i--) {
    RvCirTap t = out[0];
    out[0] = out[i - 1];
    out[i - 1] = t;
    heap_sift_down (out, i - 1, 0);
  }
  return n;
}

/* ---- multi-link pool ---------------------------------------------------- */

struct RvCirPool {
  const RvCirEstimator *est;
  unsigned n_threads;
  RvCirWorkspace **ws;
  pthread_t *threads;
  unsigned n_started;
  pthread_mutex_t mu;
  pthread_cond_t cv_start, cv_done;
  unsigned long generation;
  unsigned busy;
  bool quit;
  /* current job */
  const RvCirFrame *frames;
  size_t n_links;
  float *taps;
  RvCir *outs;
  RvCirError *errs;
  atomic_size_t next;
};

typedef struct {
  RvCirPool *pool;
  unsigned idx;
} RvCirPoolArg;

static void
pool_run (RvCirPool *p, RvCirWorkspace *w)
{
  size_t g2 = 2 * p->est->g;
  for (;;) {
    size_t i = atomic_fetch_add (&p->next, 1);
    if (i >= p->n_links)
      break;
    p->errs[i] = rv_cir_estimate (p->est, w, p->frames[i].data, p->frames[i].rows,
        p->frames[i].cols, p->taps + g2 * i, &p->outs[i]);
  }
}

static void *
pool_thread (void *arg)
{
  RvCirPool *p = ((RvCirPoolArg *) arg)->pool;
  unsigned idx = ((RvCirPoolArg *) arg)->idx;
  unsigned long seen = 0;
  free (arg);
  for (;;) {
    pthread_mutex_lock (&p->mu);
    while (p->generation == seen && !p->quit)
      pthread_cond_wait (&p->cv_start, &p->mu);
    if (p->quit) {
      pthread_mutex_unlock (&p->mu);
      return NULL;
    }
    seen = p->generation;
    pthread_mutex_unlock (&p->mu);
    pool_run (p, p->ws[idx]);
    pthread_mutex_lock (&p->mu);
    if (--p->busy == 0)
      pthread_cond_signal (&p->cv_done);
    pthread_mutex_unlock (&p->mu);
  }
}

RvCirPool *
rv_cir_pool_new (const RvCirEstimator *est, unsigned n_threads, RvCirError *err)
{
  RvCirPool *p;
  unsigned i;
  if (!est || n_threads == 0 || n_threads > 256) {
    if (err)
      *err = RV_CIR_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  p = calloc (1, sizeof *p);
  if (!p)
    goto oom;
  p->est = est;
  p->n_threads = n_threads;
  pthread_mutex_init (&p->mu, NULL);
  pthread_cond_init (&p->cv_start, NULL);
  pthread_cond_init (&p->cv_done, NULL);
  atomic_init (&p->next, 0);
  p->ws = calloc (n_threads, sizeof *p->ws);
  p->threads = calloc (n_threads, sizeof *p->threads);
  if (!p->ws || !p->threads)
    goto oom;
  for (i = 0; i < n_threads; i++)
    if (!(p->ws[i] = rv_cir_workspace_new (est)))
      goto oom;
  for (i = 1; i < n_threads; i++) {
    RvCirPoolArg *a = malloc (sizeof *a);
    if (!a)
      goto oom;
    a->pool = p;
    a->idx = i;
    if (pthread_create (&p->threads[i], NULL, pool_thread, a) != 0) {
      free (a);
      goto oom;
    }
    p->n_started++;
  }
  if (err)
    *err = RV_CIR_OK;
  return p;
oom:
  rv_cir_pool_free (p);
  if (err)
    *err = RV_CIR_ERROR_OUT_OF_MEMORY;
  return NULL;
}

void
rv_cir_pool_free (RvCirPool *p)
{
  unsigned i;
  if (!p)
    return;
  if (p->threads) {
    pthread_mutex_lock (&p->mu);
    p->quit = true;
    pthread_cond_broadcast (&p->cv_start);
    pthread_mutex_unlock (&p->mu);
    for (i = 1; i <= p->n_started; i++)
      pthread_join (p->threads[i], NULL);
  }
  if (p->ws)
    for (i = 0; i < p->n_threads; i++)
      rv_cir_workspace_free (p->ws[i]);
  free (p->ws);
  free (p->threads);
  pthread_mutex_destroy (&p->mu);
  pthread_cond_destroy (&p->cv_start);
  pthread_cond_destroy (&p->cv_done);
  free (p);
}

unsigned
rv_cir_pool_n_threads (const RvCirPool *p)
{
  return p ? p->n_threads : 0;
}

RvCirError
rv_cir_pool_estimate (RvCirPool *p, const RvCirFrame *frames, size_t n_links,
    float *taps_out, RvCir *outs, RvCirError *errs)
{
  if (!p || (n_links > 0 && (!frames || !taps_out || !outs || !errs)))
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  if (n_links == 0)
    return RV_CIR_OK;
  p->frames = frames;
  p->n_links = n_links;
  p->taps = taps_out;
  p->outs = outs;
  p->errs = errs;
  atomic_store (&p->next, 0);
  if (p->n_started > 0 && n_links > 1) {
    pthread_mutex_lock (&p->mu);
    p->busy = p->n_started;
    p->generation++;
    pthread_cond_broadcast (&p->cv_start);
    pthread_mutex_unlock (&p->mu);
    pool_run (p, p->ws[0]);
    pthread_mutex_lock (&p->mu);
    while (p->busy > 0)
      pthread_cond_wait (&p->cv_done, &p->mu);
    pthread_mutex_unlock (&p->mu);
  } else {
    pool_run (p, p->ws[0]);
  }
  return RV_CIR_OK;
}
