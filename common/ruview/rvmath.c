/* rvmath: elementary functions with the same bits on every IEEE-754 machine.
 * See rvmath.h for what each one promises.  Built with -ffp-contract=off (the
 * project's flags): every a * b + c written so is two roundings on every
 * architecture; the fused multiply-adds are the explicit fmad () calls.  The
 * tables that follow from exact mathematics (the bits of 2/π, 2^(i/32),
 * atan(k/64), π/2 in parts) are printed by tools/rvmath-tables.py. */
#include "ruview/rvmath.h"

#include <stdint.h>
#include <string.h>

/* glibc's x86-64 sinf, cosf, sincosf, expf and logf run code compiled with
 * FMA on CPUs that have it, and the project's goldens were computed there:
 * these functions fuse exactly the multiply-adds that build fuses.  fma is a
 * correctly rounded IEEE-754 operation, so its bits do not depend on the
 * machine: one instruction on aarch64, and on x86-64 either the instruction
 * (the *_fma variants below, on CPUs with FMA) or the C library's exact fma
 * (elsewhere, or with RV_MATH_FMA=0 in the environment, which the tests use
 * to run both). */
static inline double
fmad (double a, double b, double c)
{
  return __builtin_fma (a, b, c);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define RV_MATH_X86_FMA 1
#include <stdatomic.h>
#include <stdlib.h>

/* 1: the FMA instruction variants, 0: the portable ones; −1 undecided */
static _Atomic int use_fma = -1;

static int
choose_fma (void)
{
  const char *env = getenv ("RV_MATH_FMA");
  int v;
  __builtin_cpu_init ();
  v = __builtin_cpu_supports ("fma") && !(env && env[0] == '0');
  atomic_store_explicit (&use_fma, v, memory_order_relaxed);
  return v;
}

static inline int
have_fma (void)
{
  int v = atomic_load_explicit (&use_fma, memory_order_relaxed);
  return v >= 0 ? v : choose_fma ();
}

/* rv_NAME: the body NAME_body compiled twice, with the FMA instruction
 * (hw_fma = 1) and without (hw_fma = 0: fmad is the C library's fma, and
 * exact products take Dekker's way instead) */
#define RV_FMA_DISPATCH(ret, name, params, args, args_hw, args_sw) \
  static __attribute__((target ("fma"))) ret name##_fma params \
  { return name##_body args_hw; } \
  static ret name##_generic params \
  { return name##_body args_sw; } \
  ret rv_##name params \
  { return have_fma () ? name##_fma args : name##_generic args; }
#else
#if defined(__FP_FAST_FMA)
#define RV_HW_FMA 1
#else
#define RV_HW_FMA 0
#endif
#define RV_FMA_DISPATCH(ret, name, params, args, args_hw, args_sw) \
  ret rv_##name params { return RV_HW_FMA ? name##_body args_hw : name##_body args_sw; }
#endif
#define RV_BODY static inline __attribute__((always_inline))

static inline uint32_t
f2u (float f)
{
  uint32_t u;
  memcpy (&u, &f, sizeof u);
  return u;
}

static inline float
u2f (uint32_t u)
{
  float f;
  memcpy (&f, &u, sizeof f);
  return f;
}

static inline uint64_t
d2u (double d)
{
  uint64_t u;
  memcpy (&u, &d, sizeof u);
  return u;
}

static inline double
u2d (uint64_t u)
{
  double d;
  memcpy (&d, &u, sizeof d);
  return d;
}

/* The fraction of 2/π, 64 bits a word, most significant first: enough for
 * the reduction of any finite double (exponent up to 1023 needs words up to
 * 18). */
static const uint64_t two_over_pi[19] = {
  0xa2f9836e4e441529ull, 0xfc2757d1f534ddc0ull, 0xdb6295993c439041ull,
  0xfe5163abdebbc561ull, 0xb7246e3a424dd2e0ull, 0x06492eea09d1921cull,
  0xfe1deb1cb129a73eull, 0xe88235f52ebb4484ull, 0xe99c7026b45f7e41ull,
  0x3991d639835339f4ull, 0x9c845f8bbdf9283bull, 0x1ff897ffde05980full,
  0xef2f118b5a0a6d1full, 0x6d367ecf27cb09b7ull, 0x4f463f669e5fea2dull,
  0x7527bac7ebe5f17bull, 0x3d0739f78a5292eaull, 0x6bfb5fb11f8d5d08ull,
  0x56033046fc7b6babull,
};

/* 32 bits of the fraction of 2/π starting at bit `start` (bit 0 is the first
 * after the binary point); bits before the point read as 0. */
static inline uint32_t
two_over_pi_bits32 (int start)
{
  uint64_t hi, lo;
  int w, off;
  if (start <= -32)
    return 0;
  if (start < 0)
    return (uint32_t) (two_over_pi[0] >> (32 - start));
  w = start / 64;
  off = start % 64;
  hi = two_over_pi[w];
  lo = two_over_pi[w + 1];
  if (off == 0)
    return (uint32_t) (hi >> 32);
  return (uint32_t) (((hi << off) | (lo >> (64 - off))) >> 32);
}

/* ------------------------------------------------------------------ atanf */

/* atan(x) of the four reduction points 0.5, 1, 1.5, ∞ in two parts, and the
 * fdlibm minimax polynomial of atan(t)/t − 1 in t² on |t| ≤ 7/16. */
static const float atanf_hi[4] = {
  0x1.dac670p-2f, 0x1.921fb4p-1f, 0x1.f730bcp-1f, 0x1.921fb4p+0f,
};
static const float atanf_lo[4] = {
  0x1.586ed2p-28f, 0x1.4442d0p-25f, 0x1.281f68p-25f, 0x1.4442d0p-24f,
};
static const float atanf_c[11] = {
  0x1.555556p-2f, -0x1.99999ap-3f, 0x1.24924ap-3f, -0x1.c71c70p-4f,
  0x1.745cdcp-4f, -0x1.3b0f2ap-4f, 0x1.10d66ap-4f, -0x1.dde2d6p-5f,
  0x1.97b4b2p-5f, -0x1.2b4442p-5f, 0x1.0ad3aep-6f,
};

float
rv_atanf (float x)
{
  uint32_t ux = f2u (x), ax = ux & 0x7fffffffu;
  float z, w, odd, even, r;
  int id;

  if (ax >= 0x4c000000u) {             /* |x| ≥ 2^25, or NaN */
    if (ax > 0x7f800000u)
      return x + x;
    r = atanf_hi[3] + atanf_lo[3];
    return (ux >> 31) ? -r : r;
  }
  if (ax < 0x3ee00000u) {              /* |x| < 7/16 */
    if (ax < 0x31000000u)              /* |x| < 2^-29: atan x = x */
      return x;
    id = -1;
  } else {
    x = u2f (ax);
    if (ax < 0x3f980000u) {            /* |x| < 19/16 */
      if (ax < 0x3f300000u) {          /* 7/16 ≤ |x| < 11/16 */
        id = 0;
        x = (2.0f * x - 1.0f) / (2.0f + x);
      } else {
        id = 1;
        x = (x - 1.0f) / (x + 1.0f);
      }
    } else if (ax < 0x401c0000u) {     /* |x| < 39/16 */
      id = 2;
      x = (x - 1.5f) / (1.0f + 1.5f * x);
    } else {
      id = 3;
      x = -1.0f / x;
    }
  }
  z = x * x;
  w = z * z;
  odd = z * (atanf_c[0] + w * (atanf_c[2] + w * (atanf_c[4] + w * (atanf_c[6]
                + w * (atanf_c[8] + w * atanf_c[10])))));
  even = w * (atanf_c[1] + w * (atanf_c[3] + w * (atanf_c[5] + w * (atanf_c[7]
                + w * atanf_c[9]))));
  if (id < 0)
    return x - x * (odd + even);
  r = atanf_hi[id] - ((x * (odd + even) - atanf_lo[id]) - x);
  return (ux >> 31) ? -r : r;
}

/* ----------------------------------------------------------------- atan2f */

#define PI_F 0x1.921fb6p+1f
#define PI_2_F 0x1.921fb6p+0f
#define PI_4_F 0x1.921fb6p-1f
#define PI_LO_F -0x1.777a5cp-24f          /* π − PI_F */

float
rv_atan2f (float y, float x)
{
  uint32_t ux = f2u (x), uy = f2u (y);
  uint32_t ax = ux & 0x7fffffffu, ay = uy & 0x7fffffffu;
  int q, k;
  float z;

  if (ax > 0x7f800000u || ay > 0x7f800000u)
    return x + y;
  if (ux == 0x3f800000u)               /* x = 1 */
    return rv_atanf (y);
  q = (int) ((uy >> 31) | ((ux >> 30) & 2));   /* 2·sign(x) + sign(y) */
  if (ay == 0) {
    switch (q) {
      case 0: case 1: return y;        /* ±0 */
      case 2: return PI_F;
      default: return -PI_F;
    }
  }
  if (ax == 0)
    return (uy >> 31) ? -PI_2_F : PI_2_F;
  if (ax == 0x7f800000u) {
    if (ay == 0x7f800000u) {
      switch (q) {
        case 0: return PI_4_F;
        case 1: return -PI_4_F;
        case 2: return 3.0f * PI_4_F;
        default: return -3.0f * PI_4_F;
      }
    }
    switch (q) {
      case 0: return 0.0f;
      case 1: return -0.0f;
      case 2: return PI_F;
      default: return -PI_F;
    }
  }
  if (ay == 0x7f800000u)
    return (uy >> 31) ? -PI_2_F : PI_2_F;

  k = ((int) ay - (int) ax) >> 23;
  if (k > 60)                          /* |y/x| > 2^60 */
    z = PI_2_F + 0.5f * PI_LO_F;
  else if ((ux >> 31) && k < -60)      /* |y|/x < −2^60 */
    z = 0.0f;
  else
    z = rv_atanf (u2f (f2u (y / x) & 0x7fffffffu));
  switch (q) {
    case 0: return z;
    case 1: return u2f (f2u (z) ^ 0x80000000u);
    case 2: return PI_F - (z - PI_LO_F);
    default: return (z - PI_LO_F) - PI_F;
  }
}

/* ----------------------------------------------------------------- hypotf */

static inline int
is_snan_f (uint32_t u)
{
  return (u & 0x7fffffffu) > 0x7f800000u && !(u & 0x00400000u);
}

float
rv_hypotf (float x, float y)
{
  uint32_t ax = f2u (x) & 0x7fffffffu, ay = f2u (y) & 0x7fffffffu;
  double dx = x, dy = y;
  if (ax >= 0x7f800000u || ay >= 0x7f800000u) {
    if ((ax == 0x7f800000u || ay == 0x7f800000u)
        && !is_snan_f (f2u (x)) && !is_snan_f (f2u (y)))
      return u2f (0x7f800000u);
    return x + y;
  }
  /* both squares are exact in double: one rounding for the sum, one for √,
   * one to float */
  return (float) __builtin_sqrt (dx * dx + dy * dy);
}

/* ---------------------------------------------------- sinf, cosf, sincosf */

/* Polynomials in double on |r| ≤ π/4: cos ≈ c0 + c1 r² + … + c4 r⁸,
 * sin ≈ r + s1 r³ + s2 r⁵ + s3 r⁷; the second set negates the cosine
 * polynomial (quadrants 2 and 3). */
typedef struct {
  double c0, c1, c2, c3, c4;
  double s1, s2, s3;
} SinCosPoly;

static const SinCosPoly sincosf_poly_tab[2] = {
  { 0x1p0, -0x1.ffffffd0c621cp-2, 0x1.55553e1068f19p-5, -0x1.6c087e89a359dp-10,
    0x1.99343027bf8c3p-16, -0x1.555545995a603p-3, 0x1.1107605230bc4p-7,
    -0x1.994eb3774cf24p-13 },
  { -0x1p0, 0x1.ffffffd0c621cp-2, -0x1.55553e1068f19p-5, 0x1.6c087e89a359dp-10,
    -0x1.99343027bf8c3p-16, -0x1.555545995a603p-3, 0x1.1107605230bc4p-7,
    -0x1.994eb3774cf24p-13 },
};
static const double quadrant_sign[4] = { 1.0, -1.0, -1.0, 1.0 };
#define HPI_INV_2_24 0x1.45f306dc9c883p+23   /* 2/π · 2^24 */
#define HPI 0x1.921fb54442d18p0               /* π/2 */
#define PI63 0x1.921fb54442d18p-62            /* 2π · 2^-64 */

static inline uint32_t
abstop12f (float x)
{
  return (f2u (x) >> 20) & 0x7ffu;
}

/* sin (n even) or cos (n odd) polynomial of r, r2 = r·r */
RV_BODY float
sincosf_eval (double r, double r2, const SinCosPoly *p, int n)
{
  double r3, r4, r6, r7, s, c, c1, c2, s1;
  if ((n & 1) == 0) {
    r3 = r * r2;
    s1 = fmad (r2, p->s3, p->s2);
    r7 = r3 * r2;
    s = fmad (r3, p->s1, r);
    return (float) fmad (r7, s1, s);
  }
  r4 = r2 * r2;
  c2 = fmad (r2, p->c4, p->c3);
  c1 = fmad (r2, p->c1, p->c0);
  r6 = r4 * r2;
  c = fmad (r4, p->c2, c1);
  return (float) fmad (r6, c2, c);
}

/* |x| < 120: one fused multiply-subtract with π/2 as a double; the quadrant comes
 * from a float-to-int conversion of x·2/π·2^24, rounded at bit 24. */
RV_BODY double
reducef_small (double x, int *np)
{
  double r = x * HPI_INV_2_24;
  int n = ((int32_t) r + 0x800000) >> 24;
  *np = n;
  return fmad (-(double) n, HPI, x);
}

/* |x| ≥ 120 (xi: the float's bits, sign ignored): the exact fixed-point
 * product of the 24-bit mantissa with a 96-bit window of 2/π. */
static inline double
reducef_large (uint32_t xi, int *np)
{
  int start = 8 * (int) ((xi >> 26) & 15) - 24;
  int shift = (int) ((xi >> 23) & 7);
  uint64_t n, r0, r1, r2;
  uint32_t m = ((xi & 0xffffffu) | 0x800000u) << shift;

  r0 = (uint32_t) (m * two_over_pi_bits32 (start));
  r1 = (uint64_t) m * two_over_pi_bits32 (start + 32);
  r2 = (uint64_t) m * two_over_pi_bits32 (start + 64);
  r0 = (r2 >> 32) | (r0 << 32);
  r0 += r1;
  n = (r0 + (1ull << 61)) >> 62;
  r0 -= n << 62;
  *np = (int) n;
  return (double) (int64_t) r0 * PI63;
}

/* reduce y for sin/cos: the reduced argument (with its quadrant's sign) in
 * *r, the quadrant in *n, the polynomial set returned; 0 when |y| < π/4 */
RV_BODY const SinCosPoly *
sincosf_reduce (float y, double *r, int *n)
{
  const SinCosPoly *p = &sincosf_poly_tab[0];
  double x = y, s;
  uint32_t top = abstop12f (y);
  if (top < abstop12f (120.0f)) {
    x = reducef_small (x, n);
    s = quadrant_sign[*n & 3];
    if (*n & 2)
      p = &sincosf_poly_tab[1];
  } else {
    uint32_t xi = f2u (y);
    int sign = (int) (xi >> 31);
    x = reducef_large (xi, n);
    s = quadrant_sign[(*n + sign) & 3];
    if ((*n + sign) & 2)
      p = &sincosf_poly_tab[1];
  }
  *r = x * s;
  return p;
}

RV_BODY float
sinf_body (float y)
{
  uint32_t top = abstop12f (y);
  double x = y, r;
  int n;
  const SinCosPoly *p;
  if (top < abstop12f (0x1.921fb6p-1f)) {   /* |y| < π/4 */
    if (top < abstop12f (0x1p-12f))
      return y;
    return sincosf_eval (x, x * x, &sincosf_poly_tab[0], 0);
  }
  if (top >= abstop12f (__builtin_inff ()))
    return (y - y) / (y - y);
  p = sincosf_reduce (y, &r, &n);
  return sincosf_eval (r, r * r, p, n);
}

RV_FMA_DISPATCH (float, sinf, (float y), (y), (y), (y))

RV_BODY float
cosf_body (float y)
{
  uint32_t top = abstop12f (y);
  double x = y, r;
  int n;
  const SinCosPoly *p;
  if (top < abstop12f (0x1.921fb6p-1f)) {
    if (top < abstop12f (0x1p-12f))
      return 1.0f;
    return sincosf_eval (x, x * x, &sincosf_poly_tab[0], 1);
  }
  if (top >= abstop12f (__builtin_inff ()))
    return (y - y) / (y - y);
  p = sincosf_reduce (y, &r, &n);
  return sincosf_eval (r, r * r, p, n ^ 1);
}

RV_FMA_DISPATCH (float, cosf, (float y), (y), (y), (y))

RV_BODY void
sincosf_body (float y, float *sp, float *cp)
{
  uint32_t top = abstop12f (y);
  double x = y, r, r2;
  int n;
  const SinCosPoly *p;
  if (top < abstop12f (0x1.921fb6p-1f)) {
    if (top < abstop12f (0x1p-12f)) {
      *sp = y;
      *cp = 1.0f;
      return;
    }
    r2 = x * x;
    *sp = sincosf_eval (x, r2, &sincosf_poly_tab[0], 0);
    *cp = sincosf_eval (x, r2, &sincosf_poly_tab[0], 1);
    return;
  }
  if (top >= abstop12f (__builtin_inff ())) {
    *sp = *cp = (y - y) / (y - y);
    return;
  }
  p = sincosf_reduce (y, &r, &n);
  r2 = r * r;
  *sp = sincosf_eval (r, r2, p, n);
  *cp = sincosf_eval (r, r2, p, n ^ 1);
}

RV_FMA_DISPATCH (void, sincosf, (float y, float *sp, float *cp), (y, sp, cp),
    (y, sp, cp), (y, sp, cp))

/* ------------------------------------------------------------------- expf */

/* 2^(i/32) as double bits, less i << 47 so that adding k << 47 for
 * k = 32·e + i scales by 2^e */
static const uint64_t exp2_32[32] = {
  0x3ff0000000000000ull, 0x3fefd9b0d3158574ull, 0x3fefb5586cf9890full,
  0x3fef9301d0125b51ull, 0x3fef72b83c7d517bull, 0x3fef54873168b9aaull,
  0x3fef387a6e756238ull, 0x3fef1e9df51fdee1ull, 0x3fef06fe0a31b715ull,
  0x3feef1a7373aa9cbull, 0x3feedea64c123422ull, 0x3feece086061892dull,
  0x3feebfdad5362a27ull, 0x3feeb42b569d4f82ull, 0x3feeab07dd485429ull,
  0x3feea47eb03a5585ull, 0x3feea09e667f3bcdull, 0x3fee9f75e8ec5f74ull,
  0x3feea11473eb0187ull, 0x3feea589994cce13ull, 0x3feeace5422aa0dbull,
  0x3feeb737b0cdc5e5ull, 0x3feec49182a3f090ull, 0x3feed503b23e255dull,
  0x3feee89f995ad3adull, 0x3feeff76f2fb5e47ull, 0x3fef199bdd85529cull,
  0x3fef3720dcef9069ull, 0x3fef5818dcfba487ull, 0x3fef7c97337b9b5full,
  0x3fefa4afa2a490daull, 0x3fefd0765b6e4540ull,
};

RV_BODY float
expf_body (float x)
{
  uint32_t top = (f2u (x) >> 20) & 0x7ffu;
  double xd = x, z, kd, r, r2, y, s;
  uint64_t ki, t;

  if (top >= ((f2u (88.0f) >> 20) & 0x7ffu)) {
    if (f2u (x) == 0xff800000u)          /* −∞ */
      return 0.0f;
    if (top >= 0x7f8u)                   /* +∞, NaN */
      return x + x;
    if (x > 0x1.62e42ep6f)               /* > log(2^128) */
      return u2f (0x7f800000u);
    if (x < -0x1.9fe368p6f)              /* < log(2^-150) */
      return 0.0f;
    if (x < -0x1.9d1d9ep6f)              /* < log(2^-149): the least subnormal */
      return 0x1p-149f;
  }
  /* x·32/ln2 = k + r, k an integer (ties to even through the 1.5·2^52
   * shift), |r| ≤ 1/2; exp x = 2^(k/32) · 2^(r/32) */
  kd = fmad (0x1.71547652b82fep+0 * 32, xd, 0x1.8p+52);
  ki = d2u (kd);
  kd -= 0x1.8p+52;
  r = fmad (0x1.71547652b82fep+0 * 32, xd, -kd);
  t = exp2_32[ki % 32] + (ki << 47);
  s = u2d (t);
  z = fmad (0x1.c6af84b912394p-5 / 32 / 32 / 32, r, 0x1.ebfce50fac4f3p-3 / 32 / 32);
  r2 = r * r;
  y = fmad (0x1.62e42ff0c52d6p-1 / 32, r, 1.0);
  y = fmad (z, r2, y);
  y = y * s;
  return (float) y;
}

RV_FMA_DISPATCH (float, expf, (float x), (x), (x), (x))

/* ------------------------------------------------------------------- logf */

/* x = 2^k·z with z in [0x1.66p-1, 0x1.66p0) split in 16 intervals; for
 * interval i, c is near its centre with 1/c = inv[i] exactly and
 * log c = logc[i] (the published table of the algorithm). */
static const struct { double inv, logc; } logf_tab[16] = {
  { 0x1.661ec79f8f3bep+0, -0x1.57bf7808caadep-2 },
  { 0x1.571ed4aaf883dp+0, -0x1.2bef0a7c06ddbp-2 },
  { 0x1.49539f0f010bp+0, -0x1.01eae7f513a67p-2 },
  { 0x1.3c995b0b80385p+0, -0x1.b31d8a68224e9p-3 },
  { 0x1.30d190c8864a5p+0, -0x1.6574f0ac07758p-3 },
  { 0x1.25e227b0b8eap+0, -0x1.1aa2bc79c81p-3 },
  { 0x1.1bb4a4a1a343fp+0, -0x1.a4e76ce8c0e5ep-4 },
  { 0x1.12358f08ae5bap+0, -0x1.1973c5a611cccp-4 },
  { 0x1.0953f419900a7p+0, -0x1.252f438e10c1ep-5 },
  { 0x1p+0, 0x0p+0 },
  { 0x1.e608cfd9a47acp-1, 0x1.aa5aa5df25984p-5 },
  { 0x1.ca4b31f026aap-1, 0x1.c5e53aa362eb4p-4 },
  { 0x1.b2036576afce6p-1, 0x1.526e57720db08p-3 },
  { 0x1.9c2d163a1aa2dp-1, 0x1.bc2860d22477p-3 },
  { 0x1.886e6037841edp-1, 0x1.1058bc8a07ee1p-2 },
  { 0x1.767dcf5534862p-1, 0x1.4043057b6ee09p-2 },
};
#define LN2 0x1.62e42fefa39efp-1

RV_BODY float
logf_body (float x)
{
  uint32_t ix = f2u (x), iz, tmp;
  double z, r, r2, y, y0;
  int k, i;

  if (ix == 0x3f800000u)
    return 0.0f;
  if (ix - 0x00800000u >= 0x7f800000u - 0x00800000u) {
    if (ix * 2 == 0)                      /* ±0 */
      return -u2f (0x7f800000u);
    if (ix == 0x7f800000u)
      return x;
    if ((ix & 0x80000000u) || ix * 2 >= 0xff000000u)
      return (x - x) / (x - x);
    ix = f2u (x * 0x1p23f);               /* subnormal: normalise */
    ix -= 23u << 23;
  }
  tmp = ix - 0x3f330000u;
  i = (int) ((tmp >> 19) % 16);
  k = (int32_t) tmp >> 23;
  iz = ix - (tmp & 0xff800000u);
  z = (double) u2f (iz);
  /* log x = log1p(z/c − 1) + log c + k·ln2 */
  r = fmad (z, logf_tab[i].inv, -1.0);
  y0 = fmad ((double) k, LN2, logf_tab[i].logc);
  r2 = r * r;
  y = fmad (0x1.5575b0be00b6ap-2, r, -0x1.ffffef20a4123p-2);
  y = fmad (-0x1.00ea348b88334p-2, r2, y);
  y = fmad (y, r2, y0 + r);
  return (float) y;
}

RV_FMA_DISPATCH (float, logf, (float x), (x), (x), (x))

/* ------------------------------------------------------------------ hypot */

static inline int
is_snan (uint64_t u)
{
  return (u & 0x7fffffffffffffffull) > 0x7ff0000000000000ull
      && !(u & 0x0008000000000000ull);
}

/* ax ≥ ay ≥ 0, no overflow or underflow in their squares: √(ax² + ay²) with
 * a correction from the exact error of the squares (Borges' method) */
static inline double
hypot_kernel (double ax, double ay)
{
  double t1, t2, h = __builtin_sqrt (ax * ax + ay * ay);
  if (h <= 2.0 * ay) {
    double delta = h - ay;
    t1 = ax * (2.0 * delta - ax);
    t2 = (delta - 2.0 * (ax - ay)) * delta;
  } else {
    double delta = h - ax;
    t1 = 2.0 * delta * (ax - 2.0 * ay);
    t2 = (4.0 * delta - ay) * ay + delta * delta;
  }
  h -= (t1 + t2) / (2.0 * h);
  return h;
}

double
rv_hypot (double x, double y)
{
  uint64_t ux = d2u (x), uy = d2u (y);
  double ax, ay;
  if ((ux & 0x7ff0000000000000ull) == 0x7ff0000000000000ull
      || (uy & 0x7ff0000000000000ull) == 0x7ff0000000000000ull) {
    if (((ux & 0x7fffffffffffffffull) == 0x7ff0000000000000ull
         || (uy & 0x7fffffffffffffffull) == 0x7ff0000000000000ull)
        && !is_snan (ux) && !is_snan (uy))
      return u2d (0x7ff0000000000000ull);
    return x + y;
  }
  x = u2d (ux & 0x7fffffffffffffffull);
  y = u2d (uy & 0x7fffffffffffffffull);
  ax = x < y ? y : x;
  ay = x < y ? x : y;
  if (ax > 0x1p+511) {                    /* scale down */
    if (ay <= ax * 0x1p-54)
      return ax + ay;
    return hypot_kernel (ax * 0x1p-600, ay * 0x1p-600) / 0x1p-600;
  }
  if (ay < 0x1p-459) {                    /* scale up */
    if (ax >= ay / 0x1p-54)
      return ax + ay;
    return hypot_kernel (ax / 0x1p-600, ay / 0x1p-600) * 0x1p-600;
  }
  if (ay <= ax * 0x1p-54)
    return ax + ay;
  return hypot_kernel (ax, ay);
}

/* π/2 in parts of 33 bits (n·part exact for n < 2^20), each with the rest */
#define PIO2_1 0x1.921fb54400000p+0
#define PIO2_1T 0x1.0b4611a626331p-34
#define PIO2_2 0x1.0b4611a600000p-34
#define PIO2_2T 0x1.3198a2e037073p-69
#define PIO2_3 0x1.3198a2e000000p-69
#define PIO2_3T 0x1.b839a252049c1p-104
#define PIO2_HI 0x1.921fb54442d18p+0
#define PIO2_LO 0x1.1a62633145c07p-54

/* a·b = *hi + *lo exactly: one fma where the hardware has it (hw_fma),
 * else Dekker's product with Veltkamp's split; the same bits either way */
RV_BODY void
two_prod (double a, double b, double *hi, double *lo, int hw_fma)
{
  double ca = 0x1.0000002p+27 * a, cb = 0x1.0000002p+27 * b;
  double ah = ca - (ca - a), al = a - ah;
  double bh = cb - (cb - b), bl = b - bh;
  *hi = a * b;
  if (hw_fma) {
    *lo = fmad (a, b, -*hi);
    return;
  }
  *lo = ((ah * bh - *hi) + ah * bl + al * bh) + al * bl;
}

/* ------------------------------------------------------------ atan, atan2 */

/* atan(k/64), k = 0..64, in two parts */
static const double atan_k64[65][2] = {
  { 0x0p+0, 0x0p+0 },
  { 0x1.fff555bbb729bp-7, -0x1.220c39d4dff50p-61 },
  { 0x1.ffd55bba97625p-6, -0x1.5ec431444912cp-60 },
  { 0x1.7fb818430da2ap-5, -0x1.86ef8f794f105p-63 },
  { 0x1.ff55bb72cfdeap-5, -0x1.c934d86d23f1dp-60 },
  { 0x1.3f59f0e7c559dp-4, 0x1.ac4ce285df847p-58 },
  { 0x1.7ee182602f10fp-4, -0x1.cfb654c0c3d98p-58 },
  { 0x1.be39ebe6f07c3p-4, 0x1.f7b8f29a05987p-58 },
  { 0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59 },
  { 0x1.1e1fafb043727p-3, -0x1.b485914dacf8cp-59 },
  { 0x1.3d6eee8c6626cp-3, 0x1.61a3b0ce9281bp-57 },
  { 0x1.5c9811e3ec26ap-3, -0x1.054ab2c010f3dp-58 },
  { 0x1.7b97b4bce5b02p-3, 0x1.347b0b4f881cap-58 },
  { 0x1.9a6a8e96c8626p-3, 0x1.cf601e7b4348ep-59 },
  { 0x1.b90d7529260a2p-3, 0x1.17b10d2e0e5abp-61 },
  { 0x1.d77d5df205736p-3, 0x1.c648d1534597ep-57 },
  { 0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57 },
  { 0x1.09dc597d86362p-2, 0x1.62e47390cb865p-56 },
  { 0x1.18bf5a30bf178p-2, 0x1.30ca4748b1bf9p-57 },
  { 0x1.278372057ef46p-2, -0x1.077cdd36dfc81p-56 },
  { 0x1.362773707ebccp-2, -0x1.963a544b672d8p-57 },
  { 0x1.44aa436c2af0ap-2, -0x1.5d5e43c55b3bap-56 },
  { 0x1.530ad9951cd4ap-2, -0x1.2566480884082p-57 },
  { 0x1.614840309cfe2p-2, -0x1.a725715711f00p-56 },
  { 0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56 },
  { 0x1.7d5604b63b3f7p-2, 0x1.69c885c2b249ap-56 },
  { 0x1.8b24d394a1b25p-2, 0x1.b6d0ba3748fa8p-56 },
  { 0x1.98cd5454d6b18p-2, 0x1.9e6c988fd0a77p-56 },
  { 0x1.a64eec3cc23fdp-2, -0x1.24dec1b50b7ffp-56 },
  { 0x1.b3a911da65c6cp-2, 0x1.ae187b1ca5040p-56 },
  { 0x1.c0db4c94ec9f0p-2, -0x1.cc1ce70934c34p-56 },
  { 0x1.cde53432c1351p-2, -0x1.a2cfa4418f1adp-56 },
  { 0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56 },
  { 0x1.e77eb7f175a34p-2, 0x1.0e53dc1bf3435p-56 },
  { 0x1.f40dd0b541418p-2, -0x1.a3992dc382a23p-57 },
  { 0x1.0039c73c1a40cp-1, -0x1.b32c949c9d593p-55 },
  { 0x1.0657e94db30d0p-1, -0x1.d5b495f6349e6p-56 },
  { 0x1.0c6145b5b43dap-1, 0x1.974fa13b5404fp-58 },
  { 0x1.1255d9bfbd2a9p-1, -0x1.2bdaee1c0ee35p-58 },
  { 0x1.1835a88be7c13p-1, 0x1.c621cec00c301p-55 },
  { 0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58 },
  { 0x1.23b71e2cc9e6ap-1, 0x1.c421c9f38224ep-57 },
  { 0x1.2958e59308e31p-1, -0x1.09e73b0c6c087p-56 },
  { 0x1.2ee628406cbcap-1, 0x1.c5d5e9ff0cf8dp-55 },
  { 0x1.345f01cce37bbp-1, 0x1.1021137c71102p-55 },
  { 0x1.39c391cd4171ap-1, -0x1.2304331d8bf46p-55 },
  { 0x1.3f13fb89e96f4p-1, 0x1.ecf8b492644f0p-56 },
  { 0x1.445065b795b56p-1, -0x1.f76d0163f79c8p-56 },
  { 0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56 },
  { 0x1.4e8de5bb6ec04p-1, 0x1.4a33dbeb3796cp-55 },
  { 0x1.538f57b89061fp-1, -0x1.1bb74abda520cp-55 },
  { 0x1.587d81f732fbbp-1, -0x1.5e5c9d8c5a950p-56 },
  { 0x1.5d58987169b18p-1, 0x1.0028e4bc5e7cap-57 },
  { 0x1.6220d115d7b8ep-1, -0x1.2b785350ee8c1p-57 },
  { 0x1.66d663923e087p-1, -0x1.6ea6febe8bbbap-56 },
  { 0x1.6b798920b3d99p-1, -0x1.a80386188c50ep-55 },
  { 0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56 },
  { 0x1.748978fba8e0fp-1, 0x1.7b2a6165884a1p-59 },
  { 0x1.78f6bbd5d315ep-1, 0x1.406a089803740p-55 },
  { 0x1.7d528289fa093p-1, 0x1.560821e2f3aa9p-55 },
  { 0x1.819d0b7158a4dp-1, -0x1.bf76229d3b917p-56 },
  { 0x1.85d69576cc2c5p-1, 0x1.6b66e7fc8b8c3p-57 },
  { 0x1.89ff5ff57f1f8p-1, -0x1.55b9a5e177a1bp-55 },
  { 0x1.8e17aa99cc05ep-1, -0x1.ec182ab042f61p-56 },
  { 0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55 },
};

/* a + b = *s + *e exactly */
static inline void
two_sum (double a, double b, double *s, double *e)
{
  double bb;
  *s = a + b;
  bb = *s - a;
  *e = (a - (*s - bb)) + (b - bb);
}

/* atan(uh + ul) for 0 ≤ uh ≤ 1, |ul| ≤ ulp(uh), as *rh + *rl: the nearest
 * table point c = k/64, atan u = atan c + atan v with v = (u − c)/(1 + u·c),
 * |v| ≤ 1/128, in double-double where it matters (about 2^-67 relative
 * error before the caller's final rounding) */
RV_BODY void
atan_unit (double uh, double ul, double *rh, double *rl, int hw_fma)
{
  int k = (int) (uh * 64.0 + 0.5);
  double c = k * 0x1p-6, vh, vl, v2, poly, sh, se;
  if (k == 0) {
    vh = uh;
    vl = ul;
  } else {
    double nh = uh - c, dh, dl, p, pe, q, qe, r;   /* uh − c exact (Sterbenz) */
    two_prod (uh, c, &p, &pe, hw_fma);
    dh = 1.0 + p;
    dl = ((1.0 - dh) + p) + (pe + ul * c);
    /* vh need not be the rounded quotient: vl takes the exact rest */
    r = 1.0 / dh;
    vh = nh * r;
    two_prod (vh, dh, &q, &qe, hw_fma);
    vl = ((((nh - q) - qe) + ul) - vh * dl) * r;
  }
  v2 = vh * vh;
  poly = (vh * v2) * (-1.0 / 3 + v2 * (1.0 / 5 + v2 * (-1.0 / 7 + v2 * (1.0 / 9
                  + v2 * (-1.0 / 11)))));
  two_sum (atan_k64[k][0], vh, &sh, &se);
  *rh = sh;
  *rl = se + (atan_k64[k][1] + (vl + poly));
}

/* (hi + lo) − (rh + rl) */
static inline double
dd_sub (double hi, double lo, double rh, double rl)
{
  double s, e;
  two_sum (hi, -rh, &s, &e);
  return s + (e + (lo - rl));
}

#define PI_D 0x1.921fb54442d18p+1
#define PI_LO_D 0x1.1a62633145c07p-53     /* π − PI_D */

/* atan2 of finite |y|, |x|, not both 0, in the first quadrant: u = the
 * smaller over the larger in double-double, then atan_unit */
RV_BODY void
atan2_first (double ay, double ax, double *rh, double *rl, int hw_fma)
{
  int swap = ay > ax;
  double a = swap ? ax : ay, b = swap ? ay : ax, uh, ul = 0.0, p, pe;
  if (b > 0x1p+500) {
    a *= 0x1p-600;
    b *= 0x1p-600;
  } else if (b < 0x1p-500) {
    a *= 0x1p+600;
    b *= 0x1p+600;
  }
  /* u = uh + ul: uh a/b within an ulp or so, ul the exact rest (a − uh·b
   * exact through Dekker's product, which needs a normal low part) */
  if (a > 0x1p-900) {
    double rb = 1.0 / b;
    uh = a * rb;
    two_prod (uh, b, &p, &pe, hw_fma);
    ul = ((a - p) - pe) * rb;
  } else {
    uh = a / b;
  }
  atan_unit (uh, ul, rh, rl, hw_fma);
  if (swap) {
    double s, e;
    two_sum (PIO2_HI, -*rh, &s, &e);
    *rh = s;
    *rl = e + (PIO2_LO - *rl);
  }
}

RV_BODY double
atan_body (double x, int hw_fma)
{
  uint64_t ux = d2u (x), ax = ux & 0x7fffffffffffffffull;
  double rh, rl, r;
  if (ax > 0x7ff0000000000000ull)
    return x + x;
  if (ax == 0x7ff0000000000000ull)
    r = PIO2_HI + PIO2_LO;
  else if (ax < 0x3e40000000000000ull)       /* |x| < 2^-27: atan x = x */
    return x;
  else {
    atan2_first (u2d (ax), 1.0, &rh, &rl, hw_fma);
    r = rh + rl;
  }
  return (ux >> 63) ? -r : r;
}

RV_FMA_DISPATCH (double, atan, (double x), (x), (x, 1), (x, 0))

RV_BODY double
atan2_body (double y, double x, int hw_fma)
{
  uint64_t ux = d2u (x), uy = d2u (y);
  uint64_t ax = ux & 0x7fffffffffffffffull, ay = uy & 0x7fffffffffffffffull;
  const uint64_t inf = 0x7ff0000000000000ull;
  double rh, rl, r;

  if (ax > inf || ay > inf)
    return x + y;
  if (ay == 0) {
    if (ux >> 63)
      r = PI_D;
    else
      return y;                             /* ±0 */
  } else if (ax == inf && ay == inf) {
    r = (ux >> 63) ? 0.75 * PI_D : 0.25 * PI_D;
  } else if (ax == inf) {
    r = (ux >> 63) ? PI_D : 0.0;
  } else if (ay == inf || ax == 0) {
    r = 0.5 * PI_D;
  } else {
    atan2_first (u2d (ay), u2d (ax), &rh, &rl, hw_fma);
    r = (ux >> 63) ? dd_sub (PI_D, PI_LO_D, rh, rl) : rh + rl;
  }
  return (uy >> 63) ? -r : r;
}

RV_FMA_DISPATCH (double, atan2, (double y, double x), (y, x), (y, x, 1), (y, x, 0))

/* --------------------------------------------------------------- sin, cos */


/* |x| ≥ 2^20·π/2, finite: x − n·π/2 = y0 + y1 from the exact product of the
 * mantissa with 256 bits of 2/π (Payne–Hanek); returns n mod 4. */
static int
rem_pio2_large (double x, double *y0, double *y1)
{
  uint64_t ux = d2u (x);
  uint64_t m = (ux & 0x000fffffffffffffull) | 0x0010000000000000ull;
  int e = (int) ((ux >> 52) & 0x7ff) - 1075;        /* x = m·2^e */
  int i0 = e > 1 ? (e - 1 + 63) / 64 - 1 : 0, sh, i;
  uint64_t s[5] = { 0, 0, 0, 0, 0 };                 /* s[0] least significant */
  unsigned __int128 acc = 0, f;
  uint64_t q, fhi, flo;
  double rh, rl, ph, pl, scale;
  int neg = 0, c;

  /* s = m · (W[i0] W[i0+1] W[i0+2] W[i0+3]), 320 bits */
  for (i = 0; i < 4; i++) {
    unsigned __int128 p = (unsigned __int128) m * two_over_pi[i0 + 3 - i];
    acc += (uint64_t) p;
    s[i] = (uint64_t) acc;
    acc = (acc >> 64) + (uint64_t) (p >> 64);
  }
  s[4] = (uint64_t) acc;
  /* the binary point of x·2/π sits sh bits above s's least bit */
  sh = 64 * (i0 + 4) - e;
  q = ((sh % 64) < 63 ? (s[sh / 64] >> (sh % 64))
        : ((s[sh / 64] >> 63) | (s[sh / 64 + 1] << 1))) & 3;
  /* the 128 bits below the point */
  {
    int lo = sh - 128, w = lo / 64, off = lo % 64;
    uint64_t a0, a1;
    if (off == 0) {
      a0 = s[w];
      a1 = s[w + 1];
    } else {
      a0 = (s[w] >> off) | (s[w + 1] << (64 - off));
      a1 = (s[w + 1] >> off) | (s[w + 2] << (64 - off));
    }
    f = ((unsigned __int128) a1 << 64) | a0;
  }
  if (f >> 127) {                  /* fraction ≥ 1/2: round the quadrant up */
    q += 1;
    f = -f;                        /* 2^128 − f: the magnitude */
    neg = 1;
  }
  if (f == 0) {
    *y0 = *y1 = 0.0;
  } else {
    fhi = (uint64_t) (f >> 64);
    flo = (uint64_t) f;
    c = fhi ? __builtin_clzll (fhi) : 64 + __builtin_clzll (flo);
    f <<= c;
    scale = u2d ((uint64_t) (1023 - 128 - c + 75) << 52);
    /* value = f·2^(−128−c): rh its top 53 bits (exact), rl the next 64
     * (one rounding) */
    rh = (double) (uint64_t) (f >> 75) * scale;
    rl = (double) (uint64_t) ((f << 53) >> 64) * (scale * 0x1p-64);
    two_prod (rh, PIO2_HI, &ph, &pl, 0);
    pl = pl + (rh * PIO2_LO + rl * PIO2_HI);
    *y0 = ph + pl;
    *y1 = pl - (*y0 - ph);
    if (neg) {
      *y0 = -*y0;
      *y1 = -*y1;
    }
  }
  if (ux >> 63) {
    *y0 = -*y0;
    *y1 = -*y1;
    return (int) ((4 - q) & 3);
  }
  return (int) (q & 3);
}

/* x − n·π/2 = y0 + y1 with |y0| ≤ ~π/4; returns n mod 4 */
static int
rem_pio2 (double x, double *y0, double *y1)
{
  uint32_t ix = (uint32_t) (d2u (x) >> 32) & 0x7fffffffu;
  double fn, r, w, t;
  int n, j, i;

  if (ix < 0x413921fbu) {                 /* |x| < 2^20·π/2 */
    fn = x * 0x1.45f306dc9c883p-1 + 0x1.8p52;     /* round(x·2/π) */
    fn = fn - 0x1.8p52;
    n = (int) fn;
    r = x - fn * PIO2_1;
    w = fn * PIO2_1T;
    j = (int) (ix >> 20);
    *y0 = r - w;
    i = j - (int) ((d2u (*y0) >> 52) & 0x7ff);
    if (i > 16) {                         /* cancellation: next 33 bits */
      t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - ((t - r) - w);
      *y0 = r - w;
      i = j - (int) ((d2u (*y0) >> 52) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - ((t - r) - w);
        *y0 = r - w;
      }
    }
    *y1 = (r - *y0) - w;
    return n & 3;
  }
  return rem_pio2_large (x, y0, y1);
}

/* sin(x + y), |x| ≤ π/4, |y| ≤ ulp(x)/2 (fdlibm's kernel) */
static inline double
k_sin (double x, double y, int has_y)
{
  const double s1 = -0x1.5555555555549p-3, s2 = 0x1.111111110f8a6p-7,
      s3 = -0x1.a01a019c161d5p-13, s4 = 0x1.71de357b1fe7dp-19,
      s5 = -0x1.ae5e68a2b9cebp-26, s6 = 0x1.5d93a5acfd57cp-33;
  double z = x * x, v = z * x;
  double r = s2 + z * (s3 + z * (s4 + z * (s5 + z * s6)));
  if (!has_y)
    return x + v * (s1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * s1);
}

/* cos(x + y), |x| ≤ π/4 (fdlibm's kernel) */
static inline double
k_cos (double x, double y)
{
  const double c1 = 0x1.555555555554cp-5, c2 = -0x1.6c16c16c15177p-10,
      c3 = 0x1.a01a019cb159p-16, c4 = -0x1.27e4f809c52adp-22,
      c5 = 0x1.1ee9ebdb4b1c4p-29, c6 = -0x1.8fae9be8838d4p-37;
  double z = x * x, w = z * z, hz, r;
  r = z * (c1 + z * (c2 + z * c3)) + w * w * (c4 + z * (c5 + z * c6));
  hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

double
rv_sin (double x)
{
  uint32_t ix = (uint32_t) (d2u (x) >> 32) & 0x7fffffffu;
  double y0, y1;
  if (ix <= 0x3fe921fbu) {                /* |x| ≲ π/4 */
    if (ix < 0x3e500000u)                 /* |x| < 2^-26 */
      return x;
    return k_sin (x, 0.0, 0);
  }
  if (ix >= 0x7ff00000u)
    return x - x;
  switch (rem_pio2 (x, &y0, &y1)) {
    case 0: return k_sin (y0, y1, 1);
    case 1: return k_cos (y0, y1);
    case 2: return -k_sin (y0, y1, 1);
    default: return -k_cos (y0, y1);
  }
}

double
rv_cos (double x)
{
  uint32_t ix = (uint32_t) (d2u (x) >> 32) & 0x7fffffffu;
  double y0, y1;
  if (ix <= 0x3fe921fbu) {
    if (ix < 0x3e46a09eu)                 /* |x| < 2^-27·√2 */
      return 1.0;
    return k_cos (x, 0.0);
  }
  if (ix >= 0x7ff00000u)
    return x - x;
  switch (rem_pio2 (x, &y0, &y1)) {
    case 0: return k_cos (y0, y1);
    case 1: return -k_sin (y0, y1, 1);
    case 2: return -k_cos (y0, y1);
    default: return k_sin (y0, y1, 1);
  }
}

/* -------------------------------------------------------------- log, log10 */

#define LN2_HI 0x1.62e42feep-1                 /* 32 bits: k·LN2_HI exact */
#define LN2_LO 0x1.a39ef35793c76p-33

double
rv_log (double x)
{
  const double lg1 = 0x1.5555555555593p-1, lg2 = 0x1.999999997fa04p-2,
      lg3 = 0x1.2492494229359p-2, lg4 = 0x1.c71c51d8e78afp-3,
      lg5 = 0x1.7466496cb03dep-3, lg6 = 0x1.39a09d078c69fp-3,
      lg7 = 0x1.2f112df3e5244p-3;
  uint64_t ux = d2u (x);
  int32_t hx = (int32_t) (ux >> 32);
  uint32_t lx = (uint32_t) ux;
  int k = 0, i, j;
  double f, s, z, w, t1, t2, r, hfsq, dk;

  if (hx < 0x00100000) {                  /* x < 2^-1022 */
    if (((hx & 0x7fffffff) | lx) == 0)
      return -u2d (0x7ff0000000000000ull);  /* log ±0 = −∞ */
    if (hx < 0)
      return (x - x) / (x - x);           /* log(<0) = NaN */
    k -= 54;                              /* subnormal: scale up */
    x *= 0x1p54;
    hx = (int32_t) (d2u (x) >> 32);
  }
  if (hx >= 0x7ff00000)
    return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  i = (hx + 0x95f64) & 0x100000;          /* 1+f in [√2/2, √2) */
  x = u2d (((uint64_t) (uint32_t) (hx | (i ^ 0x3ff00000)) << 32)
      | (d2u (x) & 0xffffffffull));
  k += i >> 20;
  f = x - 1.0;
  dk = (double) k;
  if ((0x000fffff & (2 + hx)) < 3) {      /* |f| < 2^-20 */
    if (f == 0.0)
      return k == 0 ? 0.0 : dk * LN2_HI + dk * LN2_LO;
    r = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - r : dk * LN2_HI - ((r - dk * LN2_LO) - f);
  }
  s = f / (2.0 + f);
  z = s * s;
  i = hx - 0x6147a;
  w = z * z;
  j = 0x6b851 - hx;
  t1 = w * (lg2 + w * (lg4 + w * lg6));
  t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
  i |= j;
  r = t2 + t1;
  if (i > 0) {
    hfsq = 0.5 * f * f;
    if (k == 0)
      return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
  }
  if (k == 0)
    return f - s * (f - r);
  return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
}

double
rv_log10 (double x)
{
  const double ivln10 = 0x1.bcb7b1526e50ep-2,
      log10_2hi = 0x1.34413509f6p-2, log10_2lo = 0x1.9fef311f12b36p-42;
  uint64_t ux = d2u (x);
  int32_t hx = (int32_t) (ux >> 32);
  int k = 0, i;
  double y, z;

  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | (uint32_t) ux) == 0)
      return -u2d (0x7ff0000000000000ull);
    if (hx < 0)
      return (x - x) / (x - x);
    k -= 54;
    x *= 0x1p54;
    hx = (int32_t) (d2u (x) >> 32);
  }
  if (hx >= 0x7ff00000)
    return x + x;
  /* x = 2^(k+i)·x' with x' in [1, 2) for k ≥ 0 and [0.5, 1) for k < 0 */
  k += (hx >> 20) - 1023;
  i = (int) (((uint32_t) k & 0x80000000u) >> 31);
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  y = (double) (k + i);
  x = u2d (((uint64_t) (uint32_t) hx << 32) | (d2u (x) & 0xffffffffull));
  z = y * log10_2lo + ivln10 * rv_log (x);
  return z + y * log10_2hi;
}
