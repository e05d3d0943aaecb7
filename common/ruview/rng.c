/* libruview — deterministic generators (see rng.h). */
#include "ruview/rng.h"
#include "ruview/rvmath.h"

#include <math.h>

#define RV_PI_F32 3.14159274f   /* 0x40490FDB */

void
rv_xorshift32_init (RvXorshift32 *r, uint32_t seed)
{
  r->state = seed ? seed : 1u;
}

uint32_t
rv_xorshift32_next (RvXorshift32 *r)
{
  uint32_t x = r->state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  r->state = x;
  return x;
}

float
rv_normal_f32 (RvXorshift32 *r)
{
  const float denom = (float) UINT32_MAX + 2.0f;
  float u1 = ((float) rv_xorshift32_next (r) + 1.0f) / denom;
  float u2 = ((float) rv_xorshift32_next (r) + 1.0f) / denom;
  return sqrtf (-2.0f * rv_logf (u1)) * rv_cosf ((2.0f * RV_PI_F32) * u2);
}

double
rv_uniform_f64 (RvXorshift32 *r)
{
  return ((double) rv_xorshift32_next (r) + 1.0) / (4294967295.0 + 2.0);
}

double
rv_normal_f64 (RvXorshift32 *r)
{
  double u1 = rv_uniform_f64 (r);
  double u2 = rv_uniform_f64 (r);
  return sqrt (-2.0 * rv_log (u1)) * rv_cos (2.0 * M_PI * u2);
}
