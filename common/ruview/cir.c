/* libruview — CIR estimator (cir.md).  See cir.h for the contract.
 *
 * Storage: Φ once, as two row-major planes (re, im) of Kp × Gp floats
 * (K, G rounded up to 8, zero padded, 64-byte aligned).  Φᴴ is never stored:
 * Φᴴr is read from the same planes row by row ("axpy" order), which keeps
 * §4.5's accumulation order for every output g (ki = 0..K−1 in order).
 *
 * Products (cir.md §0, §4.5), per element:
 *   Φ·x   : re = fr·xr − fi·xi,  im = fr·xi + fi·xr
 *   Φᴴ·r  : conj(Φ)·r = (fr, −fi)·(rr, ri); re = fr·rr − (−fi)·ri and
 *           im = fr·ri + (−fi)·rr, which are exactly fr·rr + fi·ri and
 *           fr·ri − fi·rr (negation is exact), the forms used below.
 * The padding only ever contributes 0·0 products, which leave an
 * accumulator unchanged (it starts at +0 and can never become −0). */
#include "ruview/cir.h"
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
#include "ruview/cir_fft.h"
#endif

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define RV_CIR_X86 1
#include <immintrin.h>
#else
#define RV_CIR_X86 0
#endif

#define RV_TAU_F32 6.2831855f   /* 0x40C90FDB */
#define RV_CIR_MAX_DIM ((size_t) 1 << 20)

typedef void (*RvCirFwdFn) (const float *phr, const float *phi, size_t k, size_t g,
    size_t gp, const float *xr, const float *xi, float *outr, float *outi, float *scratch);
typedef void (*RvCirAdjFn) (const float *phr, const float *phi, size_t k, size_t g,
    size_t gp, const float *rr, const float *ri, float *outr, float *outi);

struct RvCirEstimator {
  RvCirConfig cfg;
  size_t k, g, n, kp, gp;
  float *phr, *phi;           /* kp × gp each */
  float lip, step, thresh;
  float *d, *dinv;            /* g */
  bool precheck_ok;
  size_t *col_full;           /* k: column of ACTIVE[ki] in the full-FFT layout */
  RvCirIsa isa;
  RvCirFwdFn fwd;
  RvCirAdjFn adj;
  double tap_spacing;
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  RvCirFft *fft;
  size_t *bins;               /* k: ACTIVE[ki] mod G */
  float fft_scale;
#endif
};

struct RvCirWorkspace {
  const RvCirEstimator *est;
  float *yr, *yi;             /* kp */
  float *pr, *pi;             /* kp */
  float *xr, *xi;             /* gp, zero padded */
  float *xpr, *xpi;           /* gp */
  float *gr, *gi;             /* gp */
  float *br, *bi;             /* gp */
  float *nr;                  /* g: Neumann residual */
  float *mag;                 /* g */
  float *scratch;             /* 8·gp: broadcast x for the SSE2 kernel */
  float *taps;                /* 2·g */
  float *fftbuf;              /* g complex (FFT operator) */
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
    case RV_CIR_ERROR_FFT_UNAVAILABLE: return "FFT operator unavailable (built without FFTW)";
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
  /* Distinct bins ACTIVE mod G (§4.4, §8.1) need G > K; a grid coarser than
   * the occupied band makes no sense for the dense path either. */
  if (cfg->num_taps <= cfg->num_active || cfg->num_taps > RV_CIR_MAX_DIM)
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (!(cfg->bandwidth_hz > 0.0) || !isfinite (cfg->bandwidth_hz))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (!(cfg->lambda >= 0.0f) || !isfinite (cfg->lambda))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if (!(cfg->tolerance >= 0.0f) || isnan (cfg->ranging_min_bw_hz)
      || isnan (cfg->dominant_ratio_threshold))
    return RV_CIR_ERROR_INVALID_CONFIG;
  if ((unsigned) cfg->isa > RV_CIR_ISA_AVX)
    return RV_CIR_ERROR_INVALID_CONFIG;
#if !(defined(RV_HAVE_FFTW) && RV_HAVE_FFTW)
  if (cfg->fft_operator)
    return RV_CIR_ERROR_FFT_UNAVAILABLE;
#endif
  return RV_CIR_OK;
}

/* ---- dense kernels ------------------------------------------------------ */

static void
fwd_scalar (const float *phr, const float *phi, size_t k, size_t g, size_t gp,
    const float *xr, const float *xi, float *outr, float *outi, float *scratch)
{
  size_t ki, j;
  (void) scratch;
  for (ki = 0; ki < k; ki++) {
    const float *fr = phr + ki * gp, *fi = phi + ki * gp;
    float ar = 0.0f, ai = 0.0f;
    for (j = 0; j < g; j++) {
      float pr = fr[j] * xr[j] - fi[j] * xi[j];
      float pi = fr[j] * xi[j] + fi[j] * xr[j];
      ar = ar + pr;
      ai = ai + pi;
    }
    outr[ki] = ar;
    outi[ki] = ai;
  }
}

static void
adj_scalar (const float *phr, const float *phi, size_t k, size_t g, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi)
{
  size_t ki, j;
  for (j = 0; j < g; j++)
    outr[j] = outi[j] = 0.0f;
  for (ki = 0; ki < k; ki++) {
    const float *fr = phr + ki * gp, *fi = phi + ki * gp;
    float a = rr[ki], b = ri[ki];
    for (j = 0; j < g; j++) {
      float pr = fr[j] * a + fi[j] * b;
      float pi = fr[j] * b - fi[j] * a;
      outr[j] = outr[j] + pr;
      outi[j] = outi[j] + pi;
    }
  }
}

#if RV_CIR_X86
/* SSE2: Φx with 4 rows per vector (a 4×4 transpose of each plane per 4
 * columns); Φᴴr with 4 columns per vector, 4 rows folded per load/store of
 * the accumulators, rows in ascending order. */
static void
fwd_sse2 (const float *phr, const float *phi, size_t k, size_t g, size_t gp,
    const float *xr, const float *xi, float *outr, float *outi, float *xb)
{
  size_t k0, j;
  (void) g;
  /* broadcast x once: xb[8j..8j+3] = xr[j], xb[8j+4..8j+7] = xi[j] */
  for (j = 0; j < gp; j++) {
    _mm_store_ps (xb + 8 * j, _mm_set1_ps (xr[j]));
    _mm_store_ps (xb + 8 * j + 4, _mm_set1_ps (xi[j]));
  }
  for (k0 = 0; k0 < k; k0 += 4) {
    const float *r0 = phr + k0 * gp, *i0 = phi + k0 * gp;
    __m128 ar = _mm_setzero_ps (), ai = _mm_setzero_ps ();
    for (j = 0; j < gp; j += 4) {
      __m128 R0 = _mm_load_ps (r0 + j), R1 = _mm_load_ps (r0 + gp + j);
      __m128 R2 = _mm_load_ps (r0 + 2 * gp + j), R3 = _mm_load_ps (r0 + 3 * gp + j);
      __m128 I0 = _mm_load_ps (i0 + j), I1 = _mm_load_ps (i0 + gp + j);
      __m128 I2 = _mm_load_ps (i0 + 2 * gp + j), I3 = _mm_load_ps (i0 + 3 * gp + j);
      const float *b = xb + 8 * j;
      __m128 cr[4], ci[4];
      int c;
      _MM_TRANSPOSE4_PS (R0, R1, R2, R3);
      _MM_TRANSPOSE4_PS (I0, I1, I2, I3);
      cr[0] = R0; cr[1] = R1; cr[2] = R2; cr[3] = R3;
      ci[0] = I0; ci[1] = I1; ci[2] = I2; ci[3] = I3;
      for (c = 0; c < 4; c++) {
        __m128 vxr = _mm_load_ps (b + 8 * c), vxi = _mm_load_ps (b + 8 * c + 4);
        __m128 pr = _mm_sub_ps (_mm_mul_ps (cr[c], vxr), _mm_mul_ps (ci[c], vxi));
        __m128 pi = _mm_add_ps (_mm_mul_ps (cr[c], vxi), _mm_mul_ps (ci[c], vxr));
        ar = _mm_add_ps (ar, pr);
        ai = _mm_add_ps (ai, pi);
      }
    }
    _mm_store_ps (outr + k0, ar);
    _mm_store_ps (outi + k0, ai);
  }
}

static void
adj_sse2 (const float *phr, const float *phi, size_t k, size_t g, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi)
{
  size_t ki = 0, j;
  (void) g;
  for (j = 0; j < gp; j += 4) {
    _mm_store_ps (outr + j, _mm_setzero_ps ());
    _mm_store_ps (outi + j, _mm_setzero_ps ());
  }
  for (; ki + 4 <= k; ki += 4) {
    const float *f0 = phr + ki * gp, *h0 = phi + ki * gp;
    __m128 a[4], b[4];
    int c;
    for (c = 0; c < 4; c++) {
      a[c] = _mm_set1_ps (rr[ki + c]);
      b[c] = _mm_set1_ps (ri[ki + c]);
    }
    for (j = 0; j < gp; j += 4) {
      __m128 sr = _mm_load_ps (outr + j), si = _mm_load_ps (outi + j);
      for (c = 0; c < 4; c++) {
        __m128 fr = _mm_load_ps (f0 + c * gp + j), fi = _mm_load_ps (h0 + c * gp + j);
        __m128 pr = _mm_add_ps (_mm_mul_ps (fr, a[c]), _mm_mul_ps (fi, b[c]));
        __m128 pi = _mm_sub_ps (_mm_mul_ps (fr, b[c]), _mm_mul_ps (fi, a[c]));
        sr = _mm_add_ps (sr, pr);
        si = _mm_add_ps (si, pi);
      }
      _mm_store_ps (outr + j, sr);
      _mm_store_ps (outi + j, si);
    }
  }
  for (; ki < k; ki++) {
    const float *f0 = phr + ki * gp, *h0 = phi + ki * gp;
    __m128 a = _mm_set1_ps (rr[ki]), b = _mm_set1_ps (ri[ki]);
    for (j = 0; j < gp; j += 4) {
      __m128 fr = _mm_load_ps (f0 + j), fi = _mm_load_ps (h0 + j);
      __m128 pr = _mm_add_ps (_mm_mul_ps (fr, a), _mm_mul_ps (fi, b));
      __m128 pi = _mm_sub_ps (_mm_mul_ps (fr, b), _mm_mul_ps (fi, a));
      _mm_store_ps (outr + j, _mm_add_ps (_mm_load_ps (outr + j), pr));
      _mm_store_ps (outi + j, _mm_add_ps (_mm_load_ps (outi + j), pi));
    }
  }
}

/* AVX (no FMA: mul and add stay separate instructions).  Φx: 8 rows per
 * vector — rows k0..k0+3 in the low 128-bit lane, k0+4..k0+7 in the high
 * lane, then an in-lane 4×4 transpose.  Φᴴr: 8 columns per vector. */
__attribute__((target ("avx"))) static void
fwd_avx (const float *phr, const float *phi, size_t k, size_t g, size_t gp,
    const float *xr, const float *xi, float *outr, float *outi, float *scratch)
{
  size_t k0, j;
  (void) g;
  (void) scratch;
  for (k0 = 0; k0 < k; k0 += 8) {
    const float *r0 = phr + k0 * gp, *i0 = phi + k0 * gp;
    __m256 ar = _mm256_setzero_ps (), ai = _mm256_setzero_ps ();
    for (j = 0; j < gp; j += 4) {
      __m256 A0, A1, A2, A3, B0, B1, B2, B3, t0, t1, t2, t3, cr[4], ci[4];
      int c;
#define RV_LD2(p, row) _mm256_insertf128_ps (_mm256_castps128_ps256 ( \
          _mm_load_ps ((p) + (row) * gp + j)), _mm_load_ps ((p) + ((row) + 4) * gp + j), 1)
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
      for (c = 0; c < 4; c++) {
        __m256 vxr = _mm256_broadcast_ss (xr + j + c), vxi = _mm256_broadcast_ss (xi + j + c);
        __m256 pr = _mm256_sub_ps (_mm256_mul_ps (cr[c], vxr), _mm256_mul_ps (ci[c], vxi));
        __m256 pi = _mm256_add_ps (_mm256_mul_ps (cr[c], vxi), _mm256_mul_ps (ci[c], vxr));
        ar = _mm256_add_ps (ar, pr);
        ai = _mm256_add_ps (ai, pi);
      }
    }
    _mm256_store_ps (outr + k0, ar);
    _mm256_store_ps (outi + k0, ai);
  }
}

__attribute__((target ("avx"))) static void
adj_avx (const float *phr, const float *phi, size_t k, size_t g, size_t gp,
    const float *rr, const float *ri, float *outr, float *outi)
{
  size_t ki = 0, j;
  (void) g;
  for (j = 0; j < gp; j += 8) {
    _mm256_store_ps (outr + j, _mm256_setzero_ps ());
    _mm256_store_ps (outi + j, _mm256_setzero_ps ());
  }
  for (; ki + 4 <= k; ki += 4) {
    const float *f0 = phr + ki * gp, *h0 = phi + ki * gp;
    __m256 a[4], b[4];
    int c;
    for (c = 0; c < 4; c++) {
      a[c] = _mm256_set1_ps (rr[ki + c]);
      b[c] = _mm256_set1_ps (ri[ki + c]);
    }
    for (j = 0; j < gp; j += 8) {
      __m256 sr = _mm256_load_ps (outr + j), si = _mm256_load_ps (outi + j);
      for (c = 0; c < 4; c++) {
        __m256 fr = _mm256_load_ps (f0 + c * gp + j), fi = _mm256_load_ps (h0 + c * gp + j);
        __m256 pr = _mm256_add_ps (_mm256_mul_ps (fr, a[c]), _mm256_mul_ps (fi, b[c]));
        __m256 pi = _mm256_sub_ps (_mm256_mul_ps (fr, b[c]), _mm256_mul_ps (fi, a[c]));
        sr = _mm256_add_ps (sr, pr);
        si = _mm256_add_ps (si, pi);
      }
      _mm256_store_ps (outr + j, sr);
      _mm256_store_ps (outi + j, si);
    }
  }
  for (; ki < k; ki++) {
    const float *f0 = phr + ki * gp, *h0 = phi + ki * gp;
    __m256 a = _mm256_set1_ps (rr[ki]), b = _mm256_set1_ps (ri[ki]);
    for (j = 0; j < gp; j += 8) {
      __m256 fr = _mm256_load_ps (f0 + j), fi = _mm256_load_ps (h0 + j);
      __m256 pr = _mm256_add_ps (_mm256_mul_ps (fr, a), _mm256_mul_ps (fi, b));
      __m256 pi = _mm256_sub_ps (_mm256_mul_ps (fr, b), _mm256_mul_ps (fi, a));
      _mm256_store_ps (outr + j, _mm256_add_ps (_mm256_load_ps (outr + j), pr));
      _mm256_store_ps (outi + j, _mm256_add_ps (_mm256_load_ps (outi + j), pi));
    }
  }
}
#endif /* RV_CIR_X86 */

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
    /* degrade to what the CPU has */
    while (!rv_cir_isa_available (want))
      want = (RvCirIsa) ((int) want - 1);
  }
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

static size_t
round8 (size_t v)
{
  return (v + 7) & ~(size_t) 7;
}

/* ---- construction (§4) -------------------------------------------------- */

/* normalize (cir.cir.rs:988-1000): f64 sum of f32 nsq, f32 reciprocal. */
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

static void
build_phi (RvCirEstimator *e)
{
  size_t k = e->k, g = e->g, gp = e->gp, half = k / 2, ki, j;
  float s = 1.0f / sqrtf ((float) k);
  float fg = (float) g;
  /* Rows of +k and −k have exactly negated angles (every step of the f32
   * expression is sign-symmetric), so cosf is shared and sinf negated. */
  for (ki = half; ki < k; ki++) {
    int kk = rv_cir_active_index (k, ki);
    size_t mirror = half - (size_t) kk;     /* position of −kk */
    float a0 = -RV_TAU_F32 * (float) kk;
    float *pr = e->phr + ki * gp, *pi = e->phi + ki * gp;
    float *mr = e->phr + mirror * gp, *mi = e->phi + mirror * gp;
    for (j = 0; j < g; j++) {
      float ang = (a0 * (float) j) / fg;
      float c = cosf (ang), sn = sinf (ang);
      pr[j] = c * s;
      pi[j] = sn * s;
      mr[j] = c * s;
      mi[j] = (-sn) * s;
    }
  }
}

static float
power_lipschitz (RvCirEstimator *e, float *vr, float *vi, float *tr, float *ti,
    float *wr, float *wi, float *scratch)
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
    e->fwd (e->phr, e->phi, e->k, g, e->gp, vr, vi, tr, ti, scratch);
    e->adj (e->phr, e->phi, e->k, g, e->gp, tr, ti, wr, wi);
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
  e->kp = round8 (e->k);
  e->gp = round8 (e->g);
  e->phr = falloc (e->kp * e->gp);
  e->phi = falloc (e->kp * e->gp);
  e->d = falloc (e->g);
  e->dinv = falloc (e->g);
  e->col_full = calloc (e->k, sizeof (size_t));
  for (i = 0; i < 7; i++)
    t[i] = falloc (i == 6 ? 8 * e->gp : (e->gp > e->kp ? e->gp : e->kp));
  if (!e->phr || !e->phi || !e->d || !e->dinv || !e->col_full)
    goto oom;
  for (i = 0; i < 7; i++)
    if (!t[i])
      goto oom;
  rv_cir_estimator_set_isa (e, cfg->isa);

  for (ki = 0; ki < e->k; ki++) {
    int kk = rv_cir_active_index (e->k, ki);
    e->col_full[ki] = kk > 0 ? (size_t) kk : (size_t) ((long) e->n + kk);
  }

  build_phi (e);

  /* §4.2 */
  e->lip = power_lipschitz (e, t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
  e->step = 1.0f / fmaxf (e->lip, 1e-6f);
  e->thresh = cfg->lambda * e->step;

  /* §4.3: d[g] = λ + Σ_ki nsq(Φ[ki][g]), ki ascending */
  for (j = 0; j < e->g; j++)
    e->d[j] = cfg->lambda;
  for (ki = 0; ki < e->k; ki++) {
    const float *fr = e->phr + ki * e->gp, *fi = e->phi + ki * e->gp;
    for (j = 0; j < e->g; j++)
      e->d[j] += fr[j] * fr[j] + fi[j] * fi[j];
  }
  for (j = 0; j < e->g; j++)
    e->dinv[j] = (fabsf (e->d[j]) > 1e-15f) ? 1.0f / e->d[j] : 1.0f;
  e->precheck_ok = neumann_precheck (e->d, e->dinv, e->g, t[0], t[1]);

  e->tap_spacing = 1.0 / ((double) e->g * (cfg->bandwidth_hz / (double) e->n));

#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  if (cfg->fft_operator) {
    e->bins = calloc (e->k, sizeof (size_t));
    e->fft = rv_cir_fft_new (e->g);
    if (!e->bins || !e->fft)
      goto oom;
    for (ki = 0; ki < e->k; ki++) {
      long kk = rv_cir_active_index (e->k, ki);
      long m = kk % (long) e->g;
      if (m < 0)
        m += (long) e->g;
      e->bins[ki] = (size_t) m;
    }
    e->fft_scale = 1.0f / sqrtf ((float) e->k);
  }
#endif

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
  free (e->phr);
  free (e->phi);
  free (e->d);
  free (e->dinv);
  free (e->col_full);
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  free (e->bins);
  rv_cir_fft_free (e->fft);
#endif
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
  if (ki >= e->k || g >= e->g) {
    *re = *im = 0.0f;
    return;
  }
  *re = e->phr[ki * e->gp + g];
  *im = e->phi[ki * e->gp + g];
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
  w->xr = falloc (e->gp); w->xi = falloc (e->gp);
  w->xpr = falloc (e->gp); w->xpi = falloc (e->gp);
  w->gr = falloc (e->gp); w->gi = falloc (e->gp);
  w->br = falloc (e->gp); w->bi = falloc (e->gp);
  w->nr = falloc (e->g);
  w->mag = falloc (e->g);
  w->scratch = falloc (8 * e->gp);
  w->taps = falloc (2 * e->g);
  if (!w->yr || !w->yi || !w->pr || !w->pi || !w->xr || !w->xi || !w->xpr || !w->xpi
      || !w->gr || !w->gi || !w->br || !w->bi || !w->nr || !w->mag || !w->scratch
      || !w->taps)
    goto fail;
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  if (e->fft) {
    w->fftbuf = rv_cir_fft_buf_new (e->g);
    if (!w->fftbuf)
      goto fail;
  }
#endif
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
  free (w->xr); free (w->xi); free (w->xpr); free (w->xpi);
  free (w->gr); free (w->gi); free (w->br); free (w->bi);
  free (w->nr); free (w->mag); free (w->scratch); free (w->taps);
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  rv_cir_fft_buf_free (w->fftbuf);
#endif
  free (w);
}

/* ---- the two operators -------------------------------------------------- */

/* x: gp-long, zero padded.  out: kp-long. */
static void
op_fwd (const RvCirEstimator *e, RvCirWorkspace *w, bool fft,
    const float *xr, const float *xi, float *outr, float *outi)
{
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  if (fft && e->fft) {
    float *b = w->fftbuf, s = e->fft_scale;
    size_t i;
    for (i = 0; i < e->g; i++) {
      b[2 * i] = xr[i];
      b[2 * i + 1] = xi[i];
    }
    rv_cir_fft_forward (e->fft, b);
    for (i = 0; i < e->k; i++) {
      outr[i] = b[2 * e->bins[i]] * s;
      outi[i] = b[2 * e->bins[i] + 1] * s;
    }
    return;
  }
#else
  (void) fft;
#endif
  e->fwd (e->phr, e->phi, e->k, e->g, e->gp, xr, xi, outr, outi, w->scratch);
}

/* r: kp-long.  out: gp-long. */
static void
op_adj (const RvCirEstimator *e, RvCirWorkspace *w, bool fft,
    const float *rr, const float *ri, float *outr, float *outi)
{
#if defined(RV_HAVE_FFTW) && RV_HAVE_FFTW
  if (fft && e->fft) {
    float *b = w->fftbuf, s = e->fft_scale;
    size_t i;
    memset (b, 0, 2 * e->g * sizeof (float));
    for (i = 0; i < e->k; i++) {
      b[2 * e->bins[i]] += rr[i];
      b[2 * e->bins[i] + 1] += ri[i];
    }
    rv_cir_fft_backward (e->fft, b);
    for (i = 0; i < e->g; i++) {
      outr[i] = b[2 * i] * s;
      outi[i] = b[2 * i + 1] * s;
    }
    return;
  }
#else
  (void) fft;
#endif
  e->adj (e->phr, e->phi, e->k, e->g, e->gp, rr, ri, outr, outi);
}

RvCirError
rv_cir_apply_phi (const RvCirEstimator *e, RvCirWorkspace *w, bool use_fft,
    const float *x_re, const float *x_im, float *out_re, float *out_im)
{
  if (!e || !w || w->est != e || !x_re || !x_im || !out_re || !out_im)
    return RV_CIR_ERROR_INVALID_ARGUMENT;
  memcpy (w->xr, x_re, e->g * sizeof (float));
  memcpy (w->xi, x_im, e->g * sizeof (float));
  op_fwd (e, w, use_fft, w->xr, w->xi, w->pr, w->pi);
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
  memcpy (w->pr, r_re, e->k * sizeof (float));
  memcpy (w->pi, r_im, e->k * sizeof (float));
  op_adj (e, w, use_fft, w->pr, w->pi, w->gr, w->gi);
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
    float t = atan2f (im[i], re[i]);
    sx += cosf (t);
    sy += sinf (t);
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
  float m = hypotf (*re, *im);
  float sc = fmaxf (m - thresh, 0.0f) / fmaxf (m, 1e-12f);
  *re = *re * sc;
  *im = *im * sc;
}

/* Everything after y (w->yr/yi, kp-long, padding zero) is in place. */
static RvCirError
estimate_from_y (const RvCirEstimator *e, RvCirWorkspace *w, float *taps_out, RvCir *out)
{
  size_t k = e->k, g = e->g, i;
  bool fft = e->cfg.fft_operator;
  float step = e->step, thresh = e->thresh;
  float *xr = w->xr, *xi = w->xi, *xpr = w->xpr, *xpi = w->xpi, *m = w->mag;
  float *taps = taps_out ? taps_out : w->taps;
  uint32_t it, iters = 0;
  float residual = 1.0f;

  /* §5.3 ghost-tap guard */
  out->phase_variance = rv_cir_phase_variance (w->yr, w->yi, k);
  if (out->phase_variance > 0.99f)
    return RV_CIR_ERROR_UNSANITIZED_PHASE;

  /* §5.4 warm start: b = Φᴴy (always dense), then two Neumann solves */
  e->adj (e->phr, e->phi, k, g, e->gp, w->yr, w->yi, w->br, w->bi);
  out->neumann_re = neumann_solve (e, w->br, xr, w->nr);
  out->neumann_im = neumann_solve (e, w->bi, xi, w->nr);
  for (i = g; i < e->gp; i++)
    xr[i] = xi[i] = 0.0f;
  memcpy (xpr, xr, e->gp * sizeof (float));
  memcpy (xpi, xi, e->gp * sizeof (float));

  /* §5.5 ISTA */
  for (it = 0; it < e->cfg.max_iters; it++) {
    float sd = -0.0f, sp = -0.0f, diff, pn;
    op_fwd (e, w, fft, xr, xi, w->pr, w->pi);
    for (i = 0; i < k; i++) {
      w->pr[i] = w->pr[i] - w->yr[i];
      w->pi[i] = w->pi[i] - w->yi[i];
    }
    op_adj (e, w, fft, w->pr, w->pi, w->gr, w->gi);
    for (i = 0; i < g; i++) {
      float a = xr[i] - w->gr[i] * step;
      float b = xi[i] - w->gi[i] * step;
      float mg = hypotf (a, b);
      float sc = fmaxf (mg - thresh, 0.0f) / fmaxf (mg, 1e-12f);
      float dr, di;
      a = a * sc;
      b = b * sc;
      xr[i] = a;
      xi[i] = b;
      dr = a - xpr[i];
      di = b - xpi[i];
      sd += dr * dr + di * di;
      sp += xpr[i] * xpr[i] + xpi[i] * xpi[i];
    }
    diff = sqrtf (sd);
    pn = fmaxf (sqrtf (sp), 1e-12f);
    residual = diff / pn;
    iters = it + 1;
    if (residual < e->cfg.tolerance)
      break;
    memcpy (xpr, xr, g * sizeof (float));
    memcpy (xpi, xi, g * sizeof (float));
  }
  out->iters_used = iters;
  out->residual = residual;

  /* §5.6 features */
  {
    float tap_sum = -0.0f, ratio = 0.0f, cutoff;
    size_t dom = 0, cnt = 0, half = g / 2;
    double ps = -0.0, t = e->tap_spacing, rms = 0.0;
    for (i = 0; i < g; i++) {
      taps[2 * i] = xr[i];
      taps[2 * i + 1] = xi[i];
      m[i] = hypotf (xr[i], xi[i]);
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
      re = a * cos (p);
      im = a * sin (p);
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
  return hypotf (t->re, t->im);
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
