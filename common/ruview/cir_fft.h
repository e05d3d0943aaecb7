/* libruview — private: the length-G FFT operator of cir.md §4.4 (FFTW3f).
 * Only cir.c includes this; cir_fft.c is compiled when RV_HAVE_FFTW. */
#ifndef RUVIEW_CIR_FFT_H
#define RUVIEW_CIR_FFT_H

#include <stddef.h>

typedef struct RvCirFft RvCirFft;

/* Plans (FFTW_ESTIMATE, in place, 64-byte aligned) made under the planner
 * lock.  NULL on failure. */
RvCirFft *rv_cir_fft_new (size_t g);
void      rv_cir_fft_free (RvCirFft *fft);

/* Per-workspace buffer of g complex floats (interleaved), aligned like the
 * planning buffer so new-array execution is allowed. */
float    *rv_cir_fft_buf_new (size_t g);
void      rv_cir_fft_buf_free (float *buf);

/* In place on a buffer from rv_cir_fft_buf_new: unnormalised forward
 * (e^{-j2πmg/G}) / inverse (e^{+j2πmg/G}) DFT.  Thread-safe. */
void      rv_cir_fft_forward (const RvCirFft *fft, float *buf);
void      rv_cir_fft_backward (const RvCirFft *fft, float *buf);

#endif
