/* rvmath: the elementary functions of the bit-exact path, the same bits on
 * every IEEE-754 machine.
 *
 * A C library's libm is free to differ between architectures and CPUs (glibc's
 * atan2f and hypot give other bits on aarch64 than on x86-64, its sin, cos,
 * log, expf, logf, sinf take other code paths on x86-64 CPUs with FMA), and
 * -ffp-contract=off cannot reach into it.  These functions are built from
 * + − × ÷ √, integer operations and conversions only, evaluated in a fixed
 * order with contraction off, so their results depend on nothing but IEEE-754
 * binary32/binary64 arithmetic in round-to-nearest.
 *
 * The float functions follow the algorithms x86-64 glibc 2.36 runs on a CPU
 * without FMA (fdlibm's atanf/atan2f; the double-evaluated sinf, cosf,
 * sincosf, expf, logf; hypotf through one double sqrt) so they return glibc's
 * x86-64 bits, which is what the project's goldens were computed with;
 * tools/rvmath-sweep checks that on every finite float.  rv_hypot follows
 * glibc's double hypot without FMA, bit for bit.  rv_sin, rv_cos, rv_atan2,
 * rv_log and rv_log10 are fdlibm-family algorithms (< 1 ulp); they agree with
 * glibc on most but not all inputs, and are the same on every machine.
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
