/* rvmath: the elementary functions of the bit-exact path, the same bits on
 * every IEEE-754 machine.
 *
 * A C library's libm is free to differ between architectures and CPUs (glibc's
 * atan2f and hypot give other bits on aarch64 than on x86-64, its sin, cos,
 * log, expf, logf, sinf take other code paths on CPUs with FMA), and
 * -ffp-contract=off cannot reach into it.  These functions are built from
 * + − × ÷ √, the fused multiply-add (exactly rounded, so the same bits
 * everywhere), integer operations and conversions, in a fixed order, so their
 * results depend on nothing but IEEE-754 arithmetic in round-to-nearest.
 *
 * The float functions return the bits glibc 2.36 returns on x86-64, which
 * is what the project's goldens were computed with: fdlibm's atanf and
 * atan2f; hypotf through one double sqrt; the double-evaluated sinf, cosf,
 * sincosf, expf and logf with the multiply-adds fused as glibc's FMA build
 * (the one it runs on every x86-64 CPU since 2013) fuses them.
 * tools/rvmath-sweep checks that on every float.  rv_hypot is glibc's double
 * hypot without FMA, bit for bit.  rv_atan2 and rv_atan (a double-double
 * table method), rv_sin, rv_cos, rv_log and rv_log10 (fdlibm) are the same
 * on every machine and agree with glibc on all but a small fraction of
 * arguments (glibc's own double functions differ with and without FMA).
 *
 * NaN results are NaN on every machine, but a NaN's sign and payload are the
 * hardware's (x86 and Arm make different default NaNs). */
#ifndef RV_RVMATH_H
#define RV_RVMATH_H

float rv_atanf (float x);
float rv_atan2f (float y, float x);
float rv_hypotf (float x, float y);
float rv_sinf (float x);
float rv_cosf (float x);
/* sinf and cosf of x at once: the same results as rv_sinf and rv_cosf */
void rv_sincosf (float x, float *s, float *c);
float rv_expf (float x);
float rv_logf (float x);

double rv_hypot (double x, double y);
double rv_atan (double x);
double rv_atan2 (double y, double x);
double rv_sin (double x);
double rv_cos (double x);
double rv_log (double x);
double rv_log10 (double x);

#endif
