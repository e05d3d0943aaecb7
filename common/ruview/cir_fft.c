/* libruview — the fft-ista operator (cir.md §4.4, §8.1).  See cir_fft.h.
 *
 * Why our own transforms and not FFTW (measurements in docs/performance.md):
 * the operator needs only K = G/3 of the G outputs (forward) and has only K
 * non-zero inputs (adjoint), G has the awkward factors 13, 7, 19 and 11², and
 * it runs 200 times per estimate on vectors that stay in L1.  A split
 * G = A·B done on rows of lanes vectorises every butterfly, the prime stage
 * of the second half skips the rows outside the band, and nothing depends
 * on a planner, wisdom or the CPU's feature set.
 *
 * Plan, for G = A·B (tap g = a + A·b, bin m = B·c + d):
 *   half 1   for every lane a: the B-point DFT over b      (B rows of Ap lanes)
 *   twist    multiply by W_G^{a·d}, transpose               (→ A rows of Bp lanes)
 *   half 2   for every lane d: the A-point DFT over a      → bin B·c + d in row c
 * Each half is a self-sorting (Stockham) sequence of radix-p stages acting on
 * whole rows.  Half 2 runs its largest prime last in the forward transform,
 * where only the rows c of the band are computed, and first in the adjoint,
 * where only those rows are non-zero.  A and B are chosen by a cost model of
 * the vector operations (rv_cir_fft_describe prints the choice). */
#include "ruview/cir_fft.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define RV_FFT_X86 1
#include <immintrin.h>
#else
#define RV_FFT_X86 0
#endif

#define RV_FFT_PMAX RV_CIR_FFT_MAX_PRIME
#define RV_FFT_MAX_STAGES 24

/* One stage of a half of length N = L·M on rows of w lanes: for j < L (the
 * DFTs done so far, each of length L) and k < M/p, the radix-p butterfly
 * over the rows j·M + k + (M/p)·q (q < p), inputs twiddled by W_{L·p}^{q·j},
 * outputs to the rows (j + L·r)·(M/p) + k (r < p).  For a fixed j and q
 * (or r) the rows k < M/p are consecutive: the kernels run over that span
 * of (M/p)·w floats as one flat range.  Odd p: only the input pairs q, p−q
 * with q ≤ nj are read (the others are zero) and only the output pairs
 * r ≤ nr are written (the others are not needed); r = 0 always.  The
 * pruned stages keep these counts per k (first stage) or per j (last). */
typedef struct {
  unsigned p;
  size_t L, M, span, w;
  unsigned nj, nr;
  uint8_t *njk;       /* pruned first stage: nj of each k (rows k + (M/p)·q) */
  uint8_t *nrj;       /* pruned last stage: nr of each j (rows j + L·r) */
  float *tw;          /* L·(p−1) twiddles W_{L·p}^{q·j} (forward sign), 16 floats
                       * each at (j·(p−1) + q−1)·16: re ×8, −im ×4, im ×4 */
  float *cs, *sn;     /* odd p, h×h (h = (p−1)/2): cos, sin of 2π·(jj·r mod p)/p
                       * at (r−1)·h + jj−1 */
} RvFftStage;

typedef struct {
  size_t n;
  unsigned n_stages;
  RvFftStage st[RV_FFT_MAX_STAGES];
} RvFftHalf;

typedef void (*RvFftStageFn) (const RvFftStage *s, int inv, size_t i0, size_t i1,
    const float *in, float *out);
typedef void (*RvFftTwistFn) (size_t ap, size_t bp, const float *tw, const float *src,
    float *dst);

typedef struct {
  RvFftStageFn stage;
  RvFftTwistFn twist_fwd, twist_inv;
  void (*residual) (size_t n, const float *z, const float *y, const int32_t *mask, float s,
      float *p);
  void (*momentum) (size_t n, const float *xn, const float *x, float beta, float *z);
  void (*prox_split) (size_t n, const float *zr, const float *zi, const float *xr,
      const float *xi, const float *gr, const float *gi, float c, float thresh, float *xnr,
      float *xni, float sums[3]);
  void (*prox_block) (size_t n, const float *z, const float *x, const float *g, float c,
      float thresh, float *xn, float sums[3]);
} RvFftOps;

struct RvCirFft {
  size_t g, k, A, B, ap, bp, xlen, zlen, slen;
  RvFftHalf h1, h2f, h2i;     /* half 1 (both directions); half 2 forward, inverse */
  float *tw;                  /* bp × ap: W_G^{a·d} at KOFF (d·ap + a) (0 for a ≥ A, d ≥ B) */
  int32_t *mask;              /* 2·zlen: −1 at the re and im of the active bins */
  const RvFftOps *ops;
};

/* complex index → float offset in blocks of 4 (4 re, then 4 im) */
#define KOFF(e) ((((e) >> 2) << 3) | ((e) & 3))

/* ---- instances ---------------------------------------------------------- */

/* the shrink factor of one element (defined after the scalar kernels, whose
 * rsqrt it uses; the vector kernels call it for non-finite lanes) */
static float rv_shrink1 (float m2, float a, float b, float t, float t2);

/* scalar: one complex lane at a time */
typedef struct { float r, i; } rv_c1;

static inline rv_c1 c1_make (float r, float i) { rv_c1 v; v.r = r; v.i = i; return v; }
static inline rv_c1 c1_ld (const float *p) { return c1_make (p[0], p[4]); }
static inline void c1_st (float *p, rv_c1 v) { p[0] = v.r; p[4] = v.i; }
static inline rv_c1 c1_add (rv_c1 a, rv_c1 b) { return c1_make (a.r + b.r, a.i + b.i); }
static inline rv_c1 c1_sub (rv_c1 a, rv_c1 b) { return c1_make (a.r - b.r, a.i - b.i); }
static inline rv_c1 c1_rsc (float c, rv_c1 v) { return c1_make (c * v.r, c * v.i); }
static inline rv_c1 c1_mi (rv_c1 v) { return c1_make (v.i, -v.r); }
static inline rv_c1 c1_cmul (rv_c1 v, rv_c1 w, int conj)
{
  if (conj)
    return c1_make (v.r * w.r + v.i * w.i, v.i * w.r - v.r * w.i);
  return c1_make (v.r * w.r - v.i * w.i, v.r * w.i + v.i * w.r);
}

#define K_SFX v1
#define K_ATTR
#define K_CL 1
#define KC rv_c1
#define KC_ZERO c1_make (0.0f, 0.0f)
#define KC_LD c1_ld
#define KC_ST c1_st
#define KC_ADD c1_add
#define KC_SUB c1_sub
#define KC_RSC c1_rsc
#define KC_MI c1_mi
#define KC_TW(v, w, conj) c1_cmul ((v), c1_make ((w)[0], (w)[12]), (conj))
#define KC_CMUL c1_cmul
#define K_V float
#define K_VI int32_t
#define K_VL 1
#define K_SPLAT(x) (x)
#define K_ALL_LE(x, y) ((x) <= (y))
#define K_SPLIT(p, re, im) ((re) = (p)[0], (im) = (p)[4])
#define K_JOIN(p, re, im) ((p)[0] = (re), (p)[4] = (im))
#include "cir_fft_kern.h"

/* The shrink factor of one element with m2 = a² + b² (cir.md §5.5 up to
 * rounding): 0 where m2 ≤ t2 (t2 chosen so that sqrtf (m2) ≤ thresh), else
 * max (1 − thresh/|z|, 0) with 1/|z| from the kernels' rsqrt, and where m2
 * is not finite the spec's max (m − t, 0) / max (m, 1e-12) with m = hypotf. */
static float
rv_shrink1 (float m2, float a, float b, float t, float t2)
{
  float sc;
  if (m2 <= t2)
    return 0.0f;
  if (!(m2 <= FLT_MAX)) {
    float m = hypotf (a, b);
    return fmaxf (m - t, 0.0f) / fmaxf (m, 1e-12f);
  }
  sc = 1.0f - t * rsqrt_v1 (m2);
  return sc > 0.0f ? sc : 0.0f;
}

#if RV_FFT_X86
typedef float rv_v4sf __attribute__((vector_size (16)));
typedef float rv_v4su __attribute__((vector_size (16), aligned (4)));
typedef int32_t rv_v4si __attribute__((vector_size (16)));
typedef float rv_v8sf __attribute__((vector_size (32)));
typedef float rv_v8su __attribute__((vector_size (32), aligned (4)));
typedef int32_t rv_v8si __attribute__((vector_size (32)));

/* SSE2: four complex lanes as two vectors (re, im) */
typedef struct { rv_v4sf r, i; } rv_c4;

static inline rv_c4 c4_make (rv_v4sf r, rv_v4sf i) { rv_c4 v; v.r = r; v.i = i; return v; }
static inline rv_v4sf v4_splat (float x) { return (rv_v4sf) { x, x, x, x }; }
static inline rv_c4 c4_ld (const float *p)
{
  return c4_make (*(const rv_v4su *) p, *(const rv_v4su *) (p + 4));
}
static inline void c4_st (float *p, rv_c4 v) { *(rv_v4su *) p = v.r; *(rv_v4su *) (p + 4) = v.i; }
static inline rv_c4 c4_add (rv_c4 a, rv_c4 b) { return c4_make (a.r + b.r, a.i + b.i); }
static inline rv_c4 c4_sub (rv_c4 a, rv_c4 b) { return c4_make (a.r - b.r, a.i - b.i); }
static inline rv_c4 c4_rsc (float c, rv_c4 v) { rv_v4sf k = v4_splat (c); return c4_make (k * v.r, k * v.i); }
static inline rv_c4 c4_mi (rv_c4 v) { return c4_make (v.i, -v.r); }
static inline rv_c4 c4_cmul (rv_c4 v, rv_c4 w, int conj)
{
  if (conj)
    return c4_make (v.r * w.r + v.i * w.i, v.i * w.r - v.r * w.i);
  return c4_make (v.r * w.r - v.i * w.i, v.r * w.i + v.i * w.r);
}
#define RV_TR4(a, b, c, d)                                                    \
  do {                                                                        \
    __m128 a_ = (__m128) (a), b_ = (__m128) (b), c_ = (__m128) (c), d_ = (__m128) (d); \
    _MM_TRANSPOSE4_PS (a_, b_, c_, d_);                                       \
    (a) = (rv_v4sf) a_; (b) = (rv_v4sf) b_; (c) = (rv_v4sf) c_; (d) = (rv_v4sf) d_; \
  } while (0)
#define c4_tr4(r0, r1, r2, r3)                                                \
  do {                                                                        \
    RV_TR4 ((r0).r, (r1).r, (r2).r, (r3).r);                                  \
    RV_TR4 ((r0).i, (r1).i, (r2).i, (r3).i);                                  \
  } while (0)

#define K_SFX v4
#define K_ATTR
#define K_CL 4
#define KC rv_c4
#define KC_ZERO c4_make (v4_splat (0.0f), v4_splat (0.0f))
#define KC_LD c4_ld
#define KC_ST c4_st
#define KC_ADD c4_add
#define KC_SUB c4_sub
#define KC_RSC c4_rsc
#define KC_MI c4_mi
#define KC_TW(v, w, conj) c4_cmul ((v), c4_make (v4_splat ((w)[0]), v4_splat ((w)[12])), (conj))
#define KC_CMUL c4_cmul
#define KC_TR4 c4_tr4
#define K_V rv_v4sf
#define K_VI rv_v4si
#define K_VL 4
#define K_SPLAT(x) v4_splat (x)
#define K_ALL_LE(x, y) (_mm_movemask_ps (_mm_cmple_ps ((__m128) (x), (__m128) (y))) == 0xf)
#define K_SPLIT(p, re, im) ((re) = *(const rv_v4su *) (p), (im) = *(const rv_v4su *) ((p) + 4))
#define K_JOIN(p, re, im) (*(rv_v4su *) (p) = (re), *(rv_v4su *) ((p) + 4) = (im))
#include "cir_fft_kern.h"

/* AVX: four complex lanes in one vector, (re0..3 | im0..3) */
#define RV_AVX __attribute__((target ("avx"), always_inline)) static inline

RV_AVX rv_v8sf v8_splat (float x) { return (rv_v8sf) { x, x, x, x, x, x, x, x }; }
RV_AVX rv_v8sf v8_ld (const float *p) { return *(const rv_v8su *) p; }
RV_AVX void v8_st (float *p, rv_v8sf v) { *(rv_v8su *) p = v; }
RV_AVX rv_v8sf v8_add (rv_v8sf a, rv_v8sf b) { return a + b; }
RV_AVX rv_v8sf v8_sub (rv_v8sf a, rv_v8sf b) { return a - b; }
RV_AVX rv_v8sf v8_rsc (float c, rv_v8sf v) { return v8_splat (c) * v; }
/* (re | im) → (im | re) */
RV_AVX rv_v8sf v8_swap (rv_v8sf v)
{
  return (rv_v8sf) _mm256_permute2f128_ps ((__m256) v, (__m256) v, 1);
}
RV_AVX rv_v8sf v8_mi (rv_v8sf v)
{
  const rv_v8si hi = { 0, 0, 0, 0, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN };
  return (rv_v8sf) ((rv_v8si) v8_swap (v) ^ hi);
}
/* (v.r·w.r − v.i·w.i | v.i·w.r + v.r·w.i), conj: (v.r·w.r + v.i·w.i |
 * v.i·w.r − v.r·w.i); w at p: (w.r ×8), (−w.i ×4 | w.i ×4) */
RV_AVX rv_v8sf v8_tw (rv_v8sf v, const float *p, int conj)
{
  rv_v8sf r = v8_ld (p), i = v8_ld (p + 8);
  return conj ? v * r - v8_swap (v) * i : v * r + v8_swap (v) * i;
}
/* lane-wise v·w (conj: v·w̄), both (re | im) */
RV_AVX rv_v8sf v8_cmul (rv_v8sf v, rv_v8sf w, int conj)
{
  rv_v8sf a = v * w, b = v * v8_swap (w);
  if (conj)
    return (rv_v8sf) _mm256_blend_ps ((__m256) (a + v8_swap (a)), (__m256) (b - v8_swap (b)), 0xf0);
  return (rv_v8sf) _mm256_blend_ps ((__m256) (a - v8_swap (a)), (__m256) (b + v8_swap (b)), 0xf0);
}
/* 4×4 transposes of the re and of the im halves at once */
#define v8_tr4(r0, r1, r2, r3)                                                \
  do {                                                                        \
    __m256 t0_ = _mm256_unpacklo_ps ((__m256) (r0), (__m256) (r1));           \
    __m256 t1_ = _mm256_unpackhi_ps ((__m256) (r0), (__m256) (r1));           \
    __m256 t2_ = _mm256_unpacklo_ps ((__m256) (r2), (__m256) (r3));           \
    __m256 t3_ = _mm256_unpackhi_ps ((__m256) (r2), (__m256) (r3));           \
    (r0) = (rv_v8sf) _mm256_shuffle_ps (t0_, t2_, 0x44);                      \
    (r1) = (rv_v8sf) _mm256_shuffle_ps (t0_, t2_, 0xee);                      \
    (r2) = (rv_v8sf) _mm256_shuffle_ps (t1_, t3_, 0x44);                      \
    (r3) = (rv_v8sf) _mm256_shuffle_ps (t1_, t3_, 0xee);                      \
  } while (0)
/* two blocks (8 complex) ↔ split (re0..7), (im0..7) */
#define v8_split(p, re, im)                                                   \
  do {                                                                        \
    __m256 b0_ = (__m256) v8_ld (p), b1_ = (__m256) v8_ld ((p) + 8);          \
    (re) = (rv_v8sf) _mm256_permute2f128_ps (b0_, b1_, 0x20);                 \
    (im) = (rv_v8sf) _mm256_permute2f128_ps (b0_, b1_, 0x31);                 \
  } while (0)
#define v8_join(p, re, im)                                                    \
  do {                                                                        \
    v8_st ((p), (rv_v8sf) _mm256_permute2f128_ps ((__m256) (re), (__m256) (im), 0x20)); \
    v8_st ((p) + 8, (rv_v8sf) _mm256_permute2f128_ps ((__m256) (re), (__m256) (im), 0x31)); \
  } while (0)

#define K_SFX v8
#define K_ATTR __attribute__((target ("avx")))
#define K_CL 4
#define KC rv_v8sf
#define KC_ZERO v8_splat (0.0f)
#define KC_LD v8_ld
#define KC_ST v8_st
#define KC_ADD v8_add
#define KC_SUB v8_sub
#define KC_RSC v8_rsc
#define KC_MI v8_mi
#define KC_TW v8_tw
#define KC_CMUL v8_cmul
#define KC_TR4 v8_tr4
#define K_V rv_v8sf
#define K_VI rv_v8si
#define K_VL 8
#define K_SPLAT(x) v8_splat (x)
#define K_ALL_LE(x, y) (_mm256_movemask_ps (_mm256_cmp_ps ((__m256) (x), (__m256) (y), _CMP_LE_OQ)) == 0xff)
#define K_SPLIT v8_split
#define K_JOIN v8_join
#include "cir_fft_kern.h"
#endif /* RV_FFT_X86 */

static const RvFftOps ops_v1 = { stage_v1, twist_fwd_v1, twist_inv_v1, residual_v1,
  momentum_v1, prox_split_v1, prox_block_v1 };
#if RV_FFT_X86
static const RvFftOps ops_v4 = { stage_v4, twist_fwd_v4, twist_inv_v4, residual_v4,
  momentum_v4, prox_split_v4, prox_block_v4 };
static const RvFftOps ops_v8 = { stage_v8, twist_fwd_v8, twist_inv_v8, residual_v8,
  momentum_v8, prox_split_v8, prox_block_v8 };
#endif

static const RvFftOps *
ops_for (RvCirIsa isa)
{
#if RV_FFT_X86
  if (isa == RV_CIR_ISA_AVX)
    return &ops_v8;
  if (isa == RV_CIR_ISA_SSE2)
    return &ops_v4;
#else
  (void) isa;
#endif
  return &ops_v1;
}

/* ---- twiddles without libm ---------------------------------------------- */

/* cos and sin of 2π·n/N in double: the angle is reduced exactly in integers
 * to [0, π/4] (octant symmetry), then Taylor series to x^25.  Only IEEE
 * double operations, so every machine gets the same bits. */
static void
cossin_2pi (uint64_t n, uint64_t nn, double *c, double *s)
{
  uint64_t v = (n % nn) * 8, quarter = 2 * nn, r;
  unsigned q = (unsigned) (v / quarter), i;
  double x, x2, ts, tc, sn, cs, t;
  bool swap;
  r = v - (uint64_t) q * quarter;        /* angle = (π/4)·r/N, r ∈ [0, 2N) */
  swap = r > nn;
  if (swap)
    r = quarter - r;                     /* π/2 − angle ∈ [0, π/4] */
  x = ((double) r * 0.78539816339744830962) / (double) nn;
  x2 = x * x;
  sn = ts = x;
  cs = tc = 1.0;
  for (i = 1; i <= 12; i++) {
    ts = ts * (-x2 / (double) ((2 * i) * (2 * i + 1)));
    tc = tc * (-x2 / (double) ((2 * i - 1) * (2 * i)));
    sn = sn + ts;
    cs = cs + tc;
  }
  if (swap) {
    t = sn;
    sn = cs;
    cs = t;
  }
  switch (q) {
    case 0: *c = cs; *s = sn; break;
    case 1: *c = -sn; *s = cs; break;
    case 2: *c = -cs; *s = -sn; break;
    default: *c = sn; *s = -cs; break;
  }
}

/* W_N^m = e^{−j2πm/N} as floats */
static void
twiddle (uint64_t m, uint64_t nn, float *re, float *im)
{
  double c, s;
  cossin_2pi (m, nn, &c, &s);
  *re = (float) c;
  *im = (float) -s;
}

/* ---- planning ----------------------------------------------------------- */

static size_t
round4 (size_t v)
{
  return (v + 3) & ~(size_t) 3;
}

static size_t
round8 (size_t v)
{
  return (v + 7) & ~(size_t) 7;
}

/* radices of n (n ≥ 1): pairs of 2 merged into 4; 4s and 2 first, then the
 * odd primes ascending.  0 when a prime factor exceeds the limit. */
static unsigned
radices (size_t n, unsigned *out)
{
  unsigned cnt = 0, twos = 0, p;
  while (n % 2 == 0) {
    n /= 2;
    twos++;
  }
  for (; twos >= 2; twos -= 2)
    out[cnt++] = 4;
  if (twos)
    out[cnt++] = 2;
  for (p = 3; n > 1; p += 2) {
    if (p > RV_FFT_PMAX)
      return 0;
    while (n % p == 0) {
      n /= p;
      out[cnt++] = p;
    }
  }
  return cnt;
}

/* vector operations over a span of n complex lanes (a multiple of 4) */
static double
chunks (size_t n)
{
  return (double) (n / 4);
}

/* operations of one butterfly */
static double
bfly_cost (unsigned p, size_t L, unsigned nj, unsigned nr)
{
  double tw = L > 1 ? 6.0 * (p - 1) : 0.0;
  if (p == 2)
    return 4.0 + tw;
  if (p == 4)
    return 16.0 + tw;
  return 6.0 * ((p - 1) / 2) + nr * (8.0 * nj + 4.0) + tw;
}

static void
half_free (RvFftHalf *h)
{
  unsigned i;
  for (i = 0; i < h->n_stages; i++) {
    free (h->st[i].tw);
    free (h->st[i].njk);
    free (h->st[i].nrj);
    free (h->st[i].cs);
    free (h->st[i].sn);
  }
  h->n_stages = 0;
}

/* Stages for the radix order rad[0..n); in_rows / out_rows (NULL = all)
 * prune the first stage's input and the last stage's output pairs.
 * tables: false only computes L, M, nj, nr (for the cost model). */
static bool
half_plan (RvFftHalf *h, size_t n, size_t w, const unsigned *rad, unsigned cnt,
    const bool *in_rows, const bool *out_rows, bool tables)
{
  size_t L = 1, c;
  unsigned i;
  memset (h, 0, sizeof *h);
  h->n = n;
  for (i = 0; i < cnt; i++) {
    RvFftStage *s = &h->st[i];
    unsigned p = rad[i], hh = (p - 1) / 2;
    s->p = p;
    s->L = L;
    s->M = n / L;
    s->span = s->M / p * w;
    s->w = w;
    s->nj = s->nr = hh;
    h->n_stages = i + 1;
    if (p % 2 == 1 && i == 0 && in_rows) {
      /* rows c = k + (M/p)·q are non-zero only for c ∈ in_rows */
      size_t mq = s->M / p;
      s->nj = 0;
      if (tables && !(s->njk = calloc (mq, 1)))
        return false;
      for (c = 0; c < n; c++)
        if (in_rows[c]) {
          unsigned q = (unsigned) (c / mq), pair = q <= p - q ? q : p - q;
          if (pair > s->nj)
            s->nj = pair;
          if (s->njk && pair > s->njk[c % mq])
            s->njk[c % mq] = (uint8_t) pair;
        }
    }
    if (p % 2 == 1 && i + 1 == cnt && out_rows) {
      /* outputs c = j + L·r are needed only for c ∈ out_rows */
      s->nr = 0;
      if (tables && !(s->nrj = calloc (L, 1)))
        return false;
      for (c = 0; c < n; c++)
        if (out_rows[c]) {
          unsigned r = (unsigned) (c / L), pair = r <= p - r ? r : p - r;
          if (pair > s->nr)
            s->nr = pair;
          if (s->nrj && pair > s->nrj[c % L])
            s->nrj[c % L] = (uint8_t) pair;
        }
    }
    if (tables) {
      size_t j;
      unsigned q, r, jj;
      s->tw = malloc (L * (p - 1) * 16 * sizeof (float));
      if (!s->tw)
        return false;
      for (j = 0; j < L; j++)
        for (q = 1; q < p; q++) {
          float re, im, *t = s->tw + (j * (p - 1) + q - 1) * 16;
          unsigned x;
          twiddle ((uint64_t) q * j, (uint64_t) L * p, &re, &im);
          for (x = 0; x < 4; x++) {
            t[x] = t[4 + x] = re;
            t[8 + x] = -im;
            t[12 + x] = im;
          }
        }
      if (p % 2 == 1) {
        s->cs = malloc ((size_t) hh * hh * sizeof (float));
        s->sn = malloc ((size_t) hh * hh * sizeof (float));
        if (!s->cs || !s->sn)
          return false;
        for (r = 1; r <= hh; r++)
          for (jj = 1; jj <= hh; jj++) {
            double cv, sv;
            cossin_2pi ((uint64_t) jj * r % p, p, &cv, &sv);
            s->cs[(r - 1) * hh + jj - 1] = (float) cv;
            s->sn[(r - 1) * hh + jj - 1] = (float) sv;
          }
      }
    }
    L *= p;
  }
  return true;
}

static double
half_cost (const RvFftHalf *h)
{
  double c = 0.0;
  unsigned i;
  for (i = 0; i < h->n_stages; i++) {
    const RvFftStage *s = &h->st[i];
    c += (double) s->L * chunks (s->span) * bfly_cost (s->p, s->L, s->nj, s->nr);
  }
  return c;
}

/* half 2's radices: the largest prime last (forward) or first (inverse) */
static unsigned
half2_radices (size_t a, bool inverse, unsigned *rad)
{
  unsigned cnt = radices (a, rad), i, big = 0, t;
  if (cnt == 0)
    return 0;
  for (i = 1; i < cnt; i++)
    if (rad[i] % 2 == 1 && (rad[big] % 2 == 0 || rad[i] > rad[big]))
      big = i;
  t = rad[big];
  for (i = big; i + 1 < cnt; i++)
    rad[i] = rad[i + 1];
  rad[cnt - 1] = t;
  if (inverse)
    for (i = 0; i < cnt / 2; i++) {
      t = rad[i];
      rad[i] = rad[cnt - 1 - i];
      rad[cnt - 1 - i] = t;
    }
  return cnt;
}

/* the active bins ±1..±K/2 as rows c = m / B of half 2 */
static void
band_rows (size_t g, size_t k, size_t b, bool *rows)
{
  size_t i, h = k / 2;
  memset (rows, 0, (g / b) * sizeof *rows);
  for (i = 1; i <= h; i++) {
    rows[i / b] = true;
    rows[(g - i) / b] = true;
  }
}

bool
rv_cir_fft_supported (size_t g)
{
  unsigned rad[64];
  return g >= 1 && (g == 1 || radices (g, rad) > 0);
}

RvCirFft *
rv_cir_fft_new (size_t g, size_t k)
{
  RvCirFft *f;
  unsigned rad[RV_FFT_MAX_STAGES], cnt, i;
  bool *rows;
  size_t b, best_b = 0, j, a, d, slen;
  double best = 0.0;

  if (g < 3 || k < 2 || k % 2 || k >= g || g > ((size_t) 1 << 24) || radices (g, rad) == 0)
    return NULL;
  rows = malloc (g * sizeof *rows);
  f = calloc (1, sizeof *f);
  if (!rows || !f) {
    free (rows);
    free (f);
    return NULL;
  }
  /* choose B by the cost model */
  for (b = 1; b < g; b++) {
    RvFftHalf h1, h2;
    unsigned r1[RV_FFT_MAX_STAGES], r2[RV_FFT_MAX_STAGES], c1, c2;
    double cost;
    if (g % b)
      continue;
    a = g / b;
    c1 = radices (b, r1);
    c2 = half2_radices (a, false, r2);
    band_rows (g, k, b, rows);
    half_plan (&h1, b, round4 (a), r1, c1, NULL, NULL, false);
    half_plan (&h2, a, round4 (b), r2, c2, NULL, rows, false);
    cost = half_cost (&h1) + half_cost (&h2)
        + 4.0 * (double) (round4 (a) * round4 (b)) / 4.0;
    if (best_b == 0 || cost < best) {
      best = cost;
      best_b = b;
    }
  }
  f->g = g;
  f->k = k;
  f->B = best_b;
  f->A = a = g / best_b;
  f->ap = round4 (f->A);
  f->bp = round4 (f->B);
  f->xlen = round8 (f->B * f->ap);
  f->zlen = round8 (f->A * f->bp);
  slen = f->ap * f->bp;
  f->slen = round8 (slen);
  f->ops = &ops_v1;
  band_rows (g, k, f->B, rows);
  cnt = radices (f->B, rad);
  if (!half_plan (&f->h1, f->B, f->ap, rad, cnt, NULL, NULL, true))
    goto fail;
  cnt = half2_radices (f->A, false, rad);
  if (!half_plan (&f->h2f, f->A, f->bp, rad, cnt, NULL, rows, true))
    goto fail;
  cnt = half2_radices (f->A, true, rad);
  if (!half_plan (&f->h2i, f->A, f->bp, rad, cnt, rows, NULL, true))
    goto fail;

  f->tw = calloc (2 * f->slen, sizeof (float));
  f->mask = calloc (2 * f->zlen, sizeof (int32_t));
  if (!f->tw || !f->mask)
    goto fail;
  for (d = 0; d < f->B; d++)
    for (j = 0; j < f->A; j++) {
      size_t o = KOFF (d * f->ap + j);
      twiddle ((uint64_t) j * d, g, &f->tw[o], &f->tw[o + 4]);
    }
  for (i = 1; i <= k / 2; i++) {
    size_t lo = rv_cir_fft_zpos (f, i), hi = rv_cir_fft_zpos (f, g - i);
    f->mask[lo] = f->mask[lo + 4] = f->mask[hi] = f->mask[hi + 4] = -1;
  }
  free (rows);
  return f;
fail:
  free (rows);
  rv_cir_fft_free (f);
  return NULL;
}

void
rv_cir_fft_free (RvCirFft *f)
{
  if (!f)
    return;
  half_free (&f->h1);
  half_free (&f->h2f);
  half_free (&f->h2i);
  free (f->tw);
  free (f->mask);
  free (f);
}

void
rv_cir_fft_set_isa (RvCirFft *f, RvCirIsa isa)
{
  f->ops = ops_for (isa);
}

size_t
rv_cir_fft_xlen (const RvCirFft *f)
{
  return f->xlen;
}

size_t
rv_cir_fft_zlen (const RvCirFft *f)
{
  return f->zlen;
}

size_t
rv_cir_fft_scratch_len (const RvCirFft *f)
{
  return 4 * f->slen;
}

size_t
rv_cir_fft_xpos (const RvCirFft *f, size_t g)
{
  return KOFF ((g / f->A) * f->ap + g % f->A);
}

size_t
rv_cir_fft_zpos (const RvCirFft *f, size_t bin)
{
  return KOFF ((bin / f->B) * f->bp + bin % f->B);
}

static int
describe_half (const RvFftHalf *h, char *buf, size_t len)
{
  int n = 0;
  unsigned i;
  for (i = 0; i < h->n_stages; i++) {
    const RvFftStage *s = &h->st[i];
    int w = snprintf (buf + n, (size_t) n < len ? len - (size_t) n : 0, "%s%u", i ? "·" : "", s->p);
    n += w;
    if (s->p % 2 == 1 && (s->nj < (s->p - 1) / 2 || s->nr < (s->p - 1) / 2))
      n += snprintf (buf + n, (size_t) n < len ? len - (size_t) n : 0, "(%u/%u pairs)",
          s->nj < s->nr ? s->nj : s->nr, (s->p - 1) / 2);
  }
  return n;
}

int
rv_cir_fft_describe (const RvCirFft *f, char *buf, size_t len)
{
  int n = snprintf (buf, len, "G %zu = B %zu × A %zu; half 1 ", f->g, f->B, f->A);
  n += describe_half (&f->h1, buf + n, (size_t) n < len ? len - (size_t) n : 0);
  n += snprintf (buf + n, (size_t) n < len ? len - (size_t) n : 0, " on %zu lanes, half 2 ", f->ap);
  n += describe_half (&f->h2f, buf + n, (size_t) n < len ? len - (size_t) n : 0);
  n += snprintf (buf + n, (size_t) n < len ? len - (size_t) n : 0, " on %zu lanes", f->bp);
  return n;
}

/* ---- transforms --------------------------------------------------------- */

/* Runs half h from the scratch buffer src (0 or 1), or from in when src is
 * −1, into out, or into a scratch buffer when out is NULL (its index is
 * returned).  The stages in between ping-pong through b[0] / b[1], never
 * writing what they read. */
static int
half_run (const RvCirFft *f, const RvFftHalf *h, int inv, size_t w, int src,
    const float *in, float *out, float *const b[2])
{
  const float *cur = src < 0 ? in : b[src];
  int at = src;
  unsigned i;
  if (h->n_stages == 0) {
    int nxt = out ? -1 : (src == 0 ? 1 : 0);
    memcpy (out ? out : b[nxt], cur, 2 * h->n * w * sizeof (float));
    return nxt;
  }
  for (i = 0; i < h->n_stages; i++) {
    int nxt = at == 0 ? 1 : 0;
    float *dst;
    if (i + 1 == h->n_stages && out) {
      dst = out;
      nxt = -1;
    } else {
      dst = b[nxt];
    }
    f->ops->stage (&h->st[i], inv, 0, h->st[i].span, cur, dst);
    cur = dst;
    at = nxt;
  }
  return at;
}

void
rv_cir_fft_forward (const RvCirFft *f, const float *x, float *z, float *scratch)
{
  float *const b[2] = { scratch, scratch + 2 * f->slen };
  int t = half_run (f, &f->h1, 0, f->ap, -1, x, NULL, b), u = 1 - t;
  memset (b[t] + 2 * f->B * f->ap, 0, 2 * (f->bp - f->B) * f->ap * sizeof (float));
  f->ops->twist_fwd (f->ap, f->bp, f->tw, b[t], b[u]);
  half_run (f, &f->h2f, 0, f->bp, u, NULL, z, b);
}

void
rv_cir_fft_adjoint (const RvCirFft *f, const float *z, float *x, float *scratch)
{
  float *const b[2] = { scratch, scratch + 2 * f->slen };
  int u = half_run (f, &f->h2i, 1, f->bp, -1, z, NULL, b), t = 1 - u;
  memset (b[u] + 2 * f->A * f->bp, 0, 2 * (f->ap - f->A) * f->bp * sizeof (float));
  f->ops->twist_inv (f->ap, f->bp, f->tw, b[u], b[t]);
  half_run (f, &f->h1, 1, f->ap, t, NULL, x, b);
}

void
rv_cir_fft_residual (const RvCirFft *f, const float *z, const float *y, float s, float *p)
{
  f->ops->residual (2 * f->zlen, z, y, f->mask, s, p);
}

void
rv_cir_fft_prox (const RvCirFft *f, const float *z, const float *x, const float *g,
    float c, float thresh, float *xn, float sums[3])
{
  f->ops->prox_block (f->xlen, z, x, g, c, thresh, xn, sums);
}

void
rv_cir_vec_prox (RvCirIsa isa, size_t n, const float *zr, const float *zi,
    const float *xr, const float *xi, const float *gr, const float *gi,
    float c, float thresh, float *xnr, float *xni, float sums[3])
{
  ops_for (isa)->prox_split (n, zr, zi, xr, xi, gr, gi, c, thresh, xnr, xni, sums);
}

void
rv_cir_vec_momentum (RvCirIsa isa, size_t n, const float *xn, const float *x, float beta,
    float *z)
{
  ops_for (isa)->momentum (n, xn, x, beta, z);
}
