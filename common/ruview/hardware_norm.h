/* libruview — hardware detection and normalisation to the canonical grid
 * (frontend.md §3): Catmull-Rom resample, z-score, phase sanitise.  All f64
 * maths; outputs are caller-provided arrays.  A normaliser owns f64 scratch
 * sized for its canonical count at construction: normalising never
 * allocates. */
#ifndef RUVIEW_HARDWARE_NORM_H
#define RUVIEW_HARDWARE_NORM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_CANONICAL_SUBCARRIERS 56

typedef enum {
  RV_HW_ESP32_S3 = 0,     /* 64 subcarriers, 1 stream */
  RV_HW_INTEL_5300 = 1,   /* 30, 3 */
  RV_HW_ATHEROS = 2,      /* 56, 3 */
  RV_HW_GENERIC = 3,      /* anything else: reported 56, 1 */
} RvHardwareType;

#define RV_HW_N_TYPES 4

typedef enum {
  RV_HW_NORM_OK = 0,
  RV_HW_NORM_ERROR_EMPTY_INPUT,
  RV_HW_NORM_ERROR_LENGTH_MISMATCH,
  RV_HW_NORM_ERROR_INVALID_CANONICAL,
  RV_HW_NORM_ERROR_OUTPUT_TOO_SMALL,
  RV_HW_NORM_ERROR_INVALID_ARGUMENT,
} RvHwNormError;

const char *rv_hw_norm_error_str (RvHwNormError e);

/* §3.1 */
RvHardwareType rv_hw_detect (size_t n_subcarriers);
size_t rv_hw_subcarrier_count (RvHardwareType hw);
size_t rv_hw_spatial_streams (RvHardwareType hw);
const char *rv_hw_type_name (RvHardwareType hw);

/* CsiFrame amplitude/phase of n complex samples given interleaved (re, im)
 * (frontend.md §2.5): amp = hypot(re, im), phase = atan2(im, re), f64. */
void rv_csi_amplitude_phase (const double *iq, size_t n, double *amp, double *phase);

/* §3.2 resample_cubic: src[n] → dst[dst_len] (dst must not alias src). */
void rv_resample_cubic (const double *src, size_t n, double *dst, size_t dst_len);
/* §3.6 resample_to_canonical: resample_cubic(raw, 56), dst has 56 entries. */
void rv_resample_to_canonical (const double *raw, size_t n,
                               double dst[RV_CANONICAL_SUBCARRIERS]);

/* §3.3 z-score (out may alias x).  With use_stats, (mean, std) are used
 * instead of the sample statistics; |std| < 1e-12 → 1. */
void rv_zscore (const double *x, size_t n, bool use_stats, double mean, double std,
                double *out);
/* §3.4 unwrap + least-squares detrend (out may alias p). */
void rv_phase_sanitize (const double *p, size_t n, double *out);

typedef struct RvHwNormalizer RvHwNormalizer;

/* canonical 0 → NULL and RV_HW_NORM_ERROR_INVALID_CANONICAL. */
RvHwNormalizer *rv_hw_normalizer_new (size_t canonical_subcarriers, RvHwNormError *err);
void   rv_hw_normalizer_free (RvHwNormalizer *n);
size_t rv_hw_normalizer_canonical (const RvHwNormalizer *n);
/* set_hw_stats (per hardware type; default none). */
void   rv_hw_normalizer_set_hw_stats (RvHwNormalizer *n, RvHardwareType hw,
                                      double mean, double std);
void   rv_hw_normalizer_clear_hw_stats (RvHwNormalizer *n, RvHardwareType hw);

/* §3.5 normalize: amp/phase have len entries; writes canonical f32
 * amplitude (z-scored) and phase (sanitised) into out arrays of out_cap ≥
 * canonical entries. */
RvHwNormError rv_hw_normalizer_normalize (RvHwNormalizer *n,
                                          const double *amplitude, size_t amp_len,
                                          const double *phase, size_t phase_len,
                                          RvHardwareType hw,
                                          float *out_amplitude, float *out_phase,
                                          size_t out_cap);

#ifdef __cplusplus
}
#endif
#endif
