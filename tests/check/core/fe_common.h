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

#endif
