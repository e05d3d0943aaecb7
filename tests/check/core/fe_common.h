/* Shared helpers for the front-end core suites (tests/check/core/). */
#ifndef FE_COMMON_H
#define FE_COMMON_H

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
fe_bits32 (float f)
{
  uint32_t u;
  memcpy (&u, &f, 4);
  return u;
}

static inline uint64_t
fe_bits64 (double d)
{
  uint64_t u;
  memcpy (&u, &d, 8);
  return u;
}

static inline float
fe_from_bits32 (uint32_t u)
{
  float f;
  memcpy (&f, &u, 4);
  return f;
}

static inline uint32_t
get_u32_le (const uint8_t *p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16)
      | ((uint32_t) p[3] << 24);
}

/* exact f32 bit comparison */
#define fe_assert_bits32(val, hex) \
  fail_unless (fe_bits32 (val) == (uint32_t) (hex), \
      "%s = %.9g (0x%08X), want 0x%08X", #val, (double) (val), \
      fe_bits32 (val), (uint32_t) (hex))

/* exact f32 equality with a decimal literal (parsed as float) */
#define fe_assert_f32(val, lit) \
  fail_unless (fe_bits32 (val) == fe_bits32 ((float) (lit)), \
      "%s = %.9g (0x%08X), want %.9g (0x%08X)", #val, (double) (val), \
      fe_bits32 (val), (double) (float) (lit), fe_bits32 ((float) (lit)))

/* exact f64 equality */
#define fe_assert_f64(val, lit) \
  fail_unless (fe_bits64 (val) == fe_bits64 ((double) (lit)), \
      "%s = %.17g, want %.17g", #val, (double) (val), (double) (lit))

#define fe_assert_near(val, want, tol) \
  fail_unless (fabs ((double) (val) - (double) (want)) <= (double) (tol), \
      "%s = %.17g, want %.17g ± %g", #val, (double) (val), (double) (want), \
      (double) (tol))


/* ---- the synthetic calibration generator of frontend.md §11.1 ---- */
#include "ruview/rng.h"
#include "ruview/rvmath.h"

#define FE_PI_F32 3.14159274f

/* ground truth for bin k of K (f32) */
static inline float
fe_truth_amp (size_t k, size_t K)
{
  return 0.3f + 0.7f * fabsf (sinf (((float) k * FE_PI_F32) / (float) K));
}

static inline float
fe_truth_phase (size_t k)
{
  float x = (float) k * 0.1f;
  float r = fmodf (x, 2.0f * FE_PI_F32);
  if (r < 0.0f)
    r += 2.0f * FE_PI_F32;
  return r - FE_PI_F32;
}

/* One 1×K frame: re = amp·cos φ + σ·n, then im = amp·sin φ + σ·n (f32),
 * stored as interleaved f64.  amp_shift is added to the truth amplitude. */
static inline void
fe_gen_frame (RvXorshift32 *rng, size_t K, float sigma, float amp_shift, double *out)
{
  size_t k;
  for (k = 0; k < K; k++) {
    float amp = fe_truth_amp (k, K) + amp_shift;
    float ph = fe_truth_phase (k);
    float re = amp * rv_cosf (ph) + sigma * rv_normal_f32 (rng);
    float im = amp * rv_sinf (ph) + sigma * rv_normal_f32 (rng);
    out[2 * k] = (double) re;
    out[2 * k + 1] = (double) im;
  }
}

#endif
