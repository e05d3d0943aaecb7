/* libruview — private: the length-G FFT operator of cir.md §4.4 (FFTW3f).
 * Only cir.c includes this; cir_fft.c is compiled when RV_HAVE_FFTW. */
#ifndef RUVIEW_CIR_FFT_H
#define RUVIEW_CIR_FFT_H

#include <stddef.h>

typedef struct RvCirFft RvCirFft;

/* Out-of-place plans (FFTW_ESTIMATE, 64-byte aligned buffers) made under
 * the planner lock.  NULL on failure. */
RvCirFft *rv_cir_fft_new (size_t g);
void      rv_cir_fft_free (RvCirFft *fft);

/* Per-workspace buffer of n complex floats (interleaved, zeroed), aligned
 * like the planning buffers so new-array execution is allowed; n ≥ g. */
float    *rv_cir_fft_buf_new (size_t n);
void      rv_cir_fft_buf_free (float *buf);

/* out = unnormalised forward (e^{-j2πmg/G}) / inverse (e^{+j2πmg/G}) DFT
 * of in, both from rv_cir_fft_buf_new.  in is preserved.  Thread-safe. */
void      rv_cir_fft_forward (const RvCirFft *fft, const float *in, float *out);
void      rv_cir_fft_backward (const RvCirFft *fft, const float *in, float *out);

#endif
