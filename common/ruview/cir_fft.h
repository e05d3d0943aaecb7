/* libruview — private: the fft-ista operator of cir.md §4.4 / §8.1 with the
 * project's own transforms, and the element-wise kernels of the fft-ista and
 * fista loops.  Only cir.c includes this.
 *
 * Φ = K^{-1/2}·S·F_G (F_G the length-G DFT, S the K active bins ±1..±K/2).
 * The transform is a two-factor Cooley–Tukey split G = A·B done on "rows":
 * every butterfly works on whole rows of lanes, so SIMD lanes only ever hold
 * independent transforms and every output element is computed by the same
 * sequence of IEEE operations on every ISA path (scalar, SSE2, AVX).
 * Twiddles come from a trigonometric routine of our own in double precision
 * (no libm), so the operator gives the same bits on every machine.
 *
 * Vectors are complex, stored in blocks of 4: four real parts, then their
 * four imaginary parts (complex index e at float offset (e/4)·8 + e%4, its
 * imaginary part 4 floats further).
 *   tap layout  (x):  B rows × Ap lanes, tap g = a + A·b at index b·Ap + a
 *   band layout (z):  A rows × Bp lanes, bin m = B·c + d at index c·Bp + d
 * (Ap, Bp = A, B rounded up to 4; padding lanes are zero.)
 *
 * Only the K active bins of the band layout are ever meaningful: the forward
 * transform computes just the rows that hold them, and the adjoint assumes
 * every other position is zero (rv_cir_fft_residual writes zeros there). */
#ifndef RUVIEW_CIR_FFT_H
#define RUVIEW_CIR_FFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/cir.h"

/* Largest prime factor of G the transform accepts. */
#define RV_CIR_FFT_MAX_PRIME 64

typedef struct RvCirFft RvCirFft;

/* true when every prime factor of g is at most RV_CIR_FFT_MAX_PRIME */
bool rv_cir_fft_supported (size_t g);

/* Plans the operator for G taps and K active bins (2 ≤ K < G, K even).
 * NULL when G has a prime factor above RV_CIR_FFT_MAX_PRIME or on OOM.
 * Pure computation, no global state: any thread, any number at once. */
RvCirFft *rv_cir_fft_new (size_t g, size_t k);
void      rv_cir_fft_free (RvCirFft *f);
/* Kernels of a resolved ISA (SCALAR, SSE2 or AVX); every ISA gives the
 * same bits.  Not while transforms run on f. */
void      rv_cir_fft_set_isa (RvCirFft *f, RvCirIsa isa);

size_t rv_cir_fft_xlen (const RvCirFft *f);          /* complex elements of the tap layout,
                                                      * a multiple of 8 (2·xlen floats) */
size_t rv_cir_fft_zlen (const RvCirFft *f);          /* the same for the band layout */
size_t rv_cir_fft_scratch_len (const RvCirFft *f);   /* floats of scratch per transform */
size_t rv_cir_fft_xpos (const RvCirFft *f, size_t g);     /* tap g → float offset of its re */
size_t rv_cir_fft_zpos (const RvCirFft *f, size_t bin);   /* bin in [0, G) → the same */
/* A·B and the radices of each half, for the benchmark's report. */
int    rv_cir_fft_describe (const RvCirFft *f, char *buf, size_t len);

/* z = F_G x at the active bins (unnormalised, e^{-j2πmg/G}); other band
 * positions are left undefined.  x: tap layout (padding zero). */
void rv_cir_fft_forward (const RvCirFft *f, const float *x, float *z, float *scratch);
/* x = F_Gᴴ z (unnormalised inverse, e^{+j2πmg/G}).  z: band layout, zero
 * outside the active bins.  x: tap layout, padding written zero. */
void rv_cir_fft_adjoint (const RvCirFft *f, const float *z, float *x, float *scratch);

/* p = (s·z − y) at the active bins, +0 elsewhere (band layout). */
void rv_cir_fft_residual (const RvCirFft *f, const float *z, const float *y, float s, float *p);

/* ---- element-wise kernels shared by fft-ista and fista ------------------
 * n elements, a multiple of 8; padding positions hold zeros in every input.
 * Sums run in 8 fixed lanes (element e into lane e mod 8, each lane in
 * index order, lanes combined pairwise), the same on every ISA.
 *
 * One proximal-gradient pass from the point z with gradient g:
 *   xn = shrink (z − c·g, thresh)              (cir.md §5.5 complex shrink)
 *   sums[0] = Σ |xn − z|²,  sums[1] = Σ |z|²   (the step: ISTA's relative
 *                                               change, FISTA's gradient map)
 *   sums[2] = Σ Re ((z − xn)·conj (xn − x))    (the restart test)
 * ISTA passes z = x.  The shrink factor is max (1 − thresh/|v|, 0) with
 * 1/|v| from a reciprocal square root of our own (see rv_shrink1). */
/* on the tap layout (n = xlen) */
void rv_cir_fft_prox (const RvCirFft *f, const float *z, const float *x, const float *g,
                      float c, float thresh, float *xn, float sums[3]);
/* on split planes */
void rv_cir_vec_prox (RvCirIsa isa, size_t n, const float *zr, const float *zi,
                      const float *xr, const float *xi, const float *gr, const float *gi,
                      float c, float thresh, float *xnr, float *xni, float sums[3]);
/* z = xn + beta·(xn − x), n floats (a multiple of 8), any layout. */
void rv_cir_vec_momentum (RvCirIsa isa, size_t n, const float *xn, const float *x,
                          float beta, float *z);

#endif
