/* libruview — deterministic pseudo-random generators shared by the synthetic
 * scene, the tests and the benchmarks (the exact generators of the specs:
 * frontend.md §11.1 and cir.md §10). */
#ifndef RUVIEW_RNG_H
#define RUVIEW_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* xorshift32: x ^= x<<13; x ^= x>>17; x ^= x<<5; returns the new state.
 * A zero seed is invalid (the generator would stay at 0). */
typedef struct { uint32_t state; } RvXorshift32;

void     rv_xorshift32_init (RvXorshift32 *r, uint32_t seed);
uint32_t rv_xorshift32_next (RvXorshift32 *r);

/* f32 Box–Muller (cir.md §10, frontend.md §11.1): u1 then u2,
 * u = ((float)next + 1) / ((float)UINT32_MAX + 2), r·cos(2π u2). */
float    rv_normal_f32 (RvXorshift32 *r);
/* f64 Box–Muller (cir.md §10, bench): u = ((double)next + 1)/(4294967295.0 + 2). */
double   rv_normal_f64 (RvXorshift32 *r);
/* f64 uniform in (0,1): ((double)next + 1)/(4294967295.0 + 2). */
double   rv_uniform_f64 (RvXorshift32 *r);

#ifdef __cplusplus
}
#endif
#endif
