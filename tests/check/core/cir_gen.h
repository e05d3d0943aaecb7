/* Input generators of cir.md §10 / §11 (shared by tests/check/core/cir*.c
 * and bench/rvbench-cir.c).  Frames are interleaved complex f64 (re, im).
 * Header-only: every function is static. */
#ifndef RV_CIR_GEN_H
#define RV_CIR_GEN_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ruview/cir.h"
#include "ruview/rng.h"

#define RV_GEN_PI_F32 3.14159274f   /* 0x40490FDB */

typedef struct {
  double delay_s;
  float amp, phase;
} RvGenTap;

/* §10.1 ground truth: 10/80/180 ns, 1.0/0.6/0.3, π/4, π, −π/3 (f32) */
static inline void
rv_gen_three_taps (RvGenTap taps[3])
{
  taps[0].delay_s = 10e-9;  taps[0].amp = 1.0f; taps[0].phase = RV_GEN_PI_F32 / 4.0f;
  taps[1].delay_s = 80e-9;  taps[1].amp = 0.6f; taps[1].phase = RV_GEN_PI_F32;
  taps[2].delay_s = 180e-9; taps[2].amp = 0.3f; taps[2].phase = -RV_GEN_PI_F32 / 3.0f;
}

/* §10.1 forward_project(K, Δf, taps, snr_dB): f32 channel plus f32 AWGN
 * (xorshift seed 42), k = 0..K−1 unsigned.  out: 2K doubles. */
static inline void
rv_gen_forward_project (size_t k, double df, const RvGenTap *taps, size_t n_taps,
    float snr_db, double *out)
{
  RvXorshift32 rng;
  float sp = -0.0f, np, sigma;
  size_t i, p;
  rv_xorshift32_init (&rng, 42);
  for (p = 0; p < n_taps; p++) {
    float ar = taps[p].amp * cosf (taps[p].phase), ai = taps[p].amp * sinf (taps[p].phase);
    sp += ar * ar + ai * ai;
  }
  np = sp / powf (10.0f, snr_db / 10.0f);
  sigma = sqrtf (np / 2.0f);
  for (i = 0; i < k; i++) {
    float hr = 0.0f, hi = 0.0f;
    for (p = 0; p < n_taps; p++) {
      float ar = taps[p].amp * cosf (taps[p].phase), ai = taps[p].amp * sinf (taps[p].phase);
      double ang = (((-2.0 * (double) RV_GEN_PI_F32) * (double) i) * df) * taps[p].delay_s;
      float pr = (float) cos (ang), pi = (float) sin (ang);
      hr += ar * pr - ai * pi;
      hi += ar * pi + ai * pr;
    }
    {
      float n1 = rv_normal_f32 (&rng);
      float n2 = rv_normal_f32 (&rng);
      hr += sigma * n1;
      hi += sigma * n2;
    }
    out[2 * i] = (double) hr;
    out[2 * i + 1] = (double) hi;
  }
}

/* §10.2 single_tap_csi(K, Δf, τ, α): f32 phasor times α, stored f64. */
static inline void
rv_gen_single_tap (size_t k, double df, double tau, float alpha, double *out)
{
  size_t i;
  for (i = 0; i < k; i++) {
    double ang = ((-2.0 * M_PI * (double) i) * df) * tau;
    float pr = (float) cos (ang), pi = (float) sin (ang);
    out[2 * i] = (double) (alpha * pr);
    out[2 * i + 1] = (double) (alpha * pi);
  }
}

/* §10.2 add_lo_phase_ramp: c_k *= (cos(φ0 + k·r), sin(φ0 + k·r)), f64. */
static inline void
rv_gen_phase_ramp (size_t k, double phi0, double r, double *c)
{
  size_t i;
  for (i = 0; i < k; i++) {
    double a = phi0 + (double) i * r;
    double cr = cos (a), ci = sin (a);
    double xr = c[2 * i], xi = c[2 * i + 1];
    c[2 * i] = xr * cr - xi * ci;
    c[2 * i + 1] = xr * ci + xi * cr;
  }
}

/* §10.3 unit phasors with phase (u·span − span/2)·π, u f64 uniform, seed 42. */
static inline void
rv_gen_ghost (size_t k, double span, double *out)
{
  RvXorshift32 rng;
  size_t i;
  rv_xorshift32_init (&rng, 42);
  for (i = 0; i < k; i++) {
    double u = rv_uniform_f64 (&rng);
    double ph = (u * span - span / 2.0) * M_PI;
    out[2 * i] = cos (ph);
    out[2 * i + 1] = sin (ph);
  }
}

/* §10.4 make_single_tap_frame(64, τ): 1×64, sc = ki (ki ≤ 32) else ki − 64,
 * 0.8·(cos a, sin a), a = +2π·sc·312500·τ. */
static inline void
rv_gen_unit_frame (double tau, double *out)
{
  int ki;
  for (ki = 0; ki < 64; ki++) {
    int sc = ki <= 32 ? ki : ki - 64;
    double a = ((2.0 * M_PI * (double) sc) * 312500.0) * tau;
    out[2 * ki] = 0.8 * cos (a);
    out[2 * ki + 1] = 0.8 * sin (a);
  }
}

/* §10.5 make_node_frame(i): 56 bins, amp = scale·(1 + 0.1j), phase = j·0.05 */
static inline void
rv_gen_node_frame (int node, float amp[56], float phase[56])
{
  float scale = 1.0f + 0.05f * (float) node;
  int j;
  for (j = 0; j < 56; j++) {
    amp[j] = scale * (1.0f + 0.1f * (float) j);
    phase[j] = (float) j * 0.05f;
  }
}

/* §11 synth_csi: f64 3-tap channel, SNR 20 dB, f64 normals seed 42. */
static inline void
rv_gen_synth_csi (size_t k, double df, double *out)
{
  static const double amp[3] = { 1.0, 0.6, 0.3 };
  static const double tau[3] = { 10e-9, 80e-9, 180e-9 };
  double phi[3];
  double p = 0.0, sigma;
  RvXorshift32 rng;
  size_t i;
  int t;
  phi[0] = M_PI / 4.0;
  phi[1] = M_PI;
  phi[2] = -M_PI / 3.0;
  for (i = 0; i < k; i++) {
    double re = 0.0, im = 0.0;
    for (t = 0; t < 3; t++) {
      double th = ((-2.0 * M_PI * (double) i) * df) * tau[t];
      double a = amp[t];
      re += a * cos (phi[t]) * cos (th) - a * sin (phi[t]) * sin (th);
      im += a * cos (phi[t]) * sin (th) + a * sin (phi[t]) * cos (th);
    }
    out[2 * i] = re;
    out[2 * i + 1] = im;
  }
  for (i = 0; i < k; i++)
    p += out[2 * i] * out[2 * i] + out[2 * i + 1] * out[2 * i + 1];
  p /= (double) k;
  sigma = sqrt (p / 100.0 / 2.0);
  rv_xorshift32_init (&rng, 42);
  for (i = 0; i < k; i++) {
    out[2 * i] += sigma * rv_normal_f64 (&rng);
    out[2 * i + 1] += sigma * rv_normal_f64 (&rng);
  }
}

/* §11 group 3: link s (1..12), single unit tap at 30 ns, seed 7s+1. */
static inline void
rv_gen_link_frame (size_t k, double df, unsigned link, double *out)
{
  double sigma = sqrt (0.01 / 2.0);
  RvXorshift32 rng;
  size_t i;
  rv_xorshift32_init (&rng, 7u * link + 1u);
  for (i = 0; i < k; i++) {
    double th = ((-2.0 * M_PI * (double) i) * df) * 30e-9;
    double nr = rv_normal_f64 (&rng);
    double ni = rv_normal_f64 (&rng);
    out[2 * i] = cos (th) + sigma * nr;
    out[2 * i + 1] = sin (th) + sigma * ni;
  }
}

/* FNV-1a-64 over taps (re bits LE, then im bits LE), cir.md §12. */
static inline uint64_t
rv_gen_fnv_taps (const float *taps, size_t n_floats)
{
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i;
  int b;
  for (i = 0; i < n_floats; i++) {
    uint32_t u;
    memcpy (&u, &taps[i], 4);
    for (b = 0; b < 4; b++) {
      h ^= (u >> (8 * b)) & 0xffu;
      h *= 0x100000001b3ull;
    }
  }
  return h;
}

static inline uint32_t
rv_gen_f32_bits (float f)
{
  uint32_t u;
  memcpy (&u, &f, 4);
  return u;
}

#endif
