/* libruview — FFTW3f back end of the CIR FFT operator (cir.md §4.4, §8.1).
 * Plans are made once per estimator with FFTW_ESTIMATE (deterministic, no
 * measurement) behind the process-wide planner lock; execution uses the
 * new-array interface on per-workspace buffers, which FFTW allows from any
 * thread. */
#include "ruview/cir.h"
#include "ruview/cir_fft.h"

#include <fftw3.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t rv_fftw_planner_mutex = PTHREAD_MUTEX_INITIALIZER;

void
rv_fftw_planner_lock (void)
{
  pthread_mutex_lock (&rv_fftw_planner_mutex);
}

void
rv_fftw_planner_unlock (void)
{
  pthread_mutex_unlock (&rv_fftw_planner_mutex);
}

struct RvCirFft {
  size_t g;
  fftwf_plan fwd;
  fftwf_plan bwd;
};

float *
rv_cir_fft_buf_new (size_t g)
{
  size_t bytes = (g * 2 * sizeof (float) + 63) & ~(size_t) 63;
  float *buf = aligned_alloc (64, bytes ? bytes : 64);
  if (buf)
    memset (buf, 0, bytes ? bytes : 64);
  return buf;
}

void
rv_cir_fft_buf_free (float *buf)
{
  free (buf);
}

RvCirFft *
rv_cir_fft_new (size_t g)
{
  RvCirFft *fft;
  float *in, *out;

  if (g == 0 || g > (size_t) 1 << 24)
    return NULL;
  fft = calloc (1, sizeof *fft);
  in = rv_cir_fft_buf_new (g);
  out = rv_cir_fft_buf_new (g);
  if (!fft || !in || !out) {
    free (fft);
    rv_cir_fft_buf_free (in);
    rv_cir_fft_buf_free (out);
    return NULL;
  }
  fft->g = g;
  rv_fftw_planner_lock ();
  fft->fwd = fftwf_plan_dft_1d ((int) g, (fftwf_complex *) in, (fftwf_complex *) out,
      FFTW_FORWARD, FFTW_ESTIMATE | FFTW_PRESERVE_INPUT);
  fft->bwd = fftwf_plan_dft_1d ((int) g, (fftwf_complex *) in, (fftwf_complex *) out,
      FFTW_BACKWARD, FFTW_ESTIMATE | FFTW_PRESERVE_INPUT);
  rv_fftw_planner_unlock ();
  rv_cir_fft_buf_free (in);
  rv_cir_fft_buf_free (out);
  if (!fft->fwd || !fft->bwd) {
    rv_cir_fft_free (fft);
    return NULL;
  }
  return fft;
}

void
rv_cir_fft_free (RvCirFft *fft)
{
  if (!fft)
    return;
  rv_fftw_planner_lock ();
  if (fft->fwd)
    fftwf_destroy_plan (fft->fwd);
  if (fft->bwd)
    fftwf_destroy_plan (fft->bwd);
  rv_fftw_planner_unlock ();
  free (fft);
}

void
rv_cir_fft_forward (const RvCirFft *fft, const float *in, float *out)
{
  /* FFTW_PRESERVE_INPUT: the plan never writes in */
  fftwf_execute_dft (fft->fwd, (fftwf_complex *) (void *) (uintptr_t) in, (fftwf_complex *) out);
}

void
rv_cir_fft_backward (const RvCirFft *fft, const float *in, float *out)
{
  fftwf_execute_dft (fft->bwd, (fftwf_complex *) (void *) (uintptr_t) in, (fftwf_complex *) out);
}
