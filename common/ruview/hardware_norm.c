/* libruview — hardware normalisation (frontend.md §3). */
#include "ruview/hardware_norm.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct RvHwNormalizer {
  size_t canonical;
  bool has_stats[RV_HW_N_TYPES];
  double stats_mean[RV_HW_N_TYPES];
  double stats_std[RV_HW_N_TYPES];
  double *scratch_a;            /* canonical */
  double *scratch_p;            /* canonical */
};

const char *
rv_hw_norm_error_str (RvHwNormError e)
{
  switch (e) {
    case RV_HW_NORM_OK: return "ok";
    case RV_HW_NORM_ERROR_EMPTY_INPUT: return "empty input";
    case RV_HW_NORM_ERROR_LENGTH_MISMATCH: return "amplitude and phase lengths differ";
    case RV_HW_NORM_ERROR_INVALID_CANONICAL: return "canonical subcarrier count must be > 0";
    case RV_HW_NORM_ERROR_OUTPUT_TOO_SMALL: return "output arrays too small";
    case RV_HW_NORM_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

RvHardwareType
rv_hw_detect (size_t n)
{
  switch (n) {
    case 64: return RV_HW_ESP32_S3;
    case 30: return RV_HW_INTEL_5300;
    case 56: return RV_HW_ATHEROS;
    default: return RV_HW_GENERIC;
  }
}

size_t
rv_hw_subcarrier_count (RvHardwareType hw)
{
  switch (hw) {
    case RV_HW_ESP32_S3: return 64;
    case RV_HW_INTEL_5300: return 30;
    case RV_HW_ATHEROS: return 56;
    case RV_HW_GENERIC: default: return 56;
  }
}

size_t
rv_hw_spatial_streams (RvHardwareType hw)
{
  switch (hw) {
    case RV_HW_INTEL_5300: return 3;
    case RV_HW_ATHEROS: return 3;
    case RV_HW_ESP32_S3: case RV_HW_GENERIC: default: return 1;
  }
}

const char *
rv_hw_type_name (RvHardwareType hw)
{
  switch (hw) {
    case RV_HW_ESP32_S3: return "Esp32S3";
    case RV_HW_INTEL_5300: return "Intel5300";
    case RV_HW_ATHEROS: return "Atheros";
    case RV_HW_GENERIC: default: return "Generic";
  }
}

void
rv_csi_amplitude_phase (const double *iq, size_t n, double *amp, double *phase)
{
  size_t i;
  for (i = 0; i < n; i++) {
    if (amp)
      amp[i] = rv_hypot (iq[2 * i], iq[2 * i + 1]);
    if (phase)
      phase[i] = rv_atan2 (iq[2 * i + 1], iq[2 * i]);
  }
}

static inline double
tap (const double *src, long long j, size_t n)
{
  if (j < 0)
    j = 0;
  if (j > (long long) n - 1)
    j = (long long) n - 1;
  return src[j];
}

void
rv_resample_cubic (const double *src, size_t n, double *dst, size_t dst_len)
{
  double ratio;
  size_t i;

  if (dst_len == 0)
    return;
  if (n == dst_len) {
    memcpy (dst, src, n * sizeof (double));
    return;
  }
  if (n == 0) {
    for (i = 0; i < dst_len; i++)
      dst[i] = 0.0;
    return;
  }
  if (n == 1) {
    for (i = 0; i < dst_len; i++)
      dst[i] = src[0];
    return;
  }
  ratio = (double) (n - 1) / (double) (dst_len - 1 > 1 ? dst_len - 1 : 1);
  for (i = 0; i < dst_len; i++) {
    double x = (double) i * ratio;
    double fl = floor (x);
    long long idx = (long long) fl;
    double t = x - (double) idx;
    double p0 = tap (src, idx - 1, n);
    double p1 = tap (src, idx, n);
    double p2 = tap (src, idx + 1, n);
    double p3 = tap (src, idx + 2, n);
    double a = ((-0.5 * p0 + 1.5 * p1) - 1.5 * p2) + 0.5 * p3;
    double b = ((p0 - 2.5 * p1) + 2.0 * p2) - 0.5 * p3;
    double c = -0.5 * p0 + 0.5 * p2;
    dst[i] = ((((a * t) * t) * t + ((b * t) * t)) + (c * t)) + p1;
  }
}

void
rv_resample_to_canonical (const double *raw, size_t n,
                          double dst[RV_CANONICAL_SUBCARRIERS])
{
  rv_resample_cubic (raw, n, dst, RV_CANONICAL_SUBCARRIERS);
}

void
rv_zscore (const double *x, size_t n, bool use_stats, double mean, double std,
           double *out)
{
  double safe_std;
  size_t i;

  if (n == 0)
    return;
  if (!use_stats) {
    double s = -0.0;
    for (i = 0; i < n; i++)
      s += x[i];
    mean = s / (double) n;
    if (n < 2) {
      std = 1.0;
    } else {
      double v = -0.0;
      for (i = 0; i < n; i++) {
        double d = x[i] - mean;
        v += d * d;
      }
      std = sqrt (v / (double) (n - 1));
    }
  }
  safe_std = fabs (std) < 1e-12 ? 1.0 : std;
  for (i = 0; i < n; i++)
    out[i] = (x[i] - mean) / safe_std;
}

void
rv_phase_sanitize (const double *p, size_t n, double *out)
{
  const double two_pi = 2.0 * M_PI;
  double corr = 0.0, prev, xm, ym, s, num, den, slope, intercept;
  size_t i;

  if (n == 0)
    return;
  prev = p[0];
  out[0] = p[0];
  for (i = 1; i < n; i++) {
    double cur = p[i];
    double d = cur - prev;
    if (d > M_PI)
      corr -= two_pi;
    else if (d < -M_PI)
      corr += two_pi;
    out[i] = cur + corr;
    prev = cur;
  }
  xm = (double) (n - 1) / 2.0;
  s = -0.0;
  for (i = 0; i < n; i++)
    s += out[i];
  ym = s / (double) n;
  num = 0.0;
  den = 0.0;
  for (i = 0; i < n; i++) {
    double dx = (double) i - xm;
    num += dx * (out[i] - ym);
    den += dx * dx;
  }
  slope = fabs (den) > 1e-12 ? num / den : 0.0;
  intercept = ym - slope * xm;
  for (i = 0; i < n; i++)
    out[i] = out[i] - (slope * (double) i + intercept);
}

RvHwNormalizer *
rv_hw_normalizer_new (size_t canonical, RvHwNormError *err)
{
  RvHwNormalizer *n;

  if (canonical == 0) {
    if (err)
      *err = RV_HW_NORM_ERROR_INVALID_CANONICAL;
    return NULL;
  }
  n = calloc (1, sizeof (*n));
  if (n)
    n->scratch_a = calloc (2 * canonical, sizeof (double));
  if (!n || !n->scratch_a) {
    free (n);
    if (err)
      *err = RV_HW_NORM_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  n->scratch_p = n->scratch_a + canonical;
  n->canonical = canonical;
  if (err)
    *err = RV_HW_NORM_OK;
  return n;
}

void
rv_hw_normalizer_free (RvHwNormalizer *n)
{
  if (!n)
    return;
  free (n->scratch_a);
  free (n);
}

size_t
rv_hw_normalizer_canonical (const RvHwNormalizer *n)
{
  return n->canonical;
}

void
rv_hw_normalizer_set_hw_stats (RvHwNormalizer *n, RvHardwareType hw,
                               double mean, double std)
{
  if ((unsigned) hw >= RV_HW_N_TYPES)
    return;
  n->has_stats[hw] = true;
  n->stats_mean[hw] = mean;
  n->stats_std[hw] = std;
}

void
rv_hw_normalizer_clear_hw_stats (RvHwNormalizer *n, RvHardwareType hw)
{
  if ((unsigned) hw >= RV_HW_N_TYPES)
    return;
  n->has_stats[hw] = false;
}

RvHwNormError
rv_hw_normalizer_normalize (RvHwNormalizer *n,
                            const double *amplitude, size_t amp_len,
                            const double *phase, size_t phase_len,
                            RvHardwareType hw,
                            float *out_amplitude, float *out_phase, size_t out_cap)
{
  size_t i, k;
  bool st;

  if (!n || (unsigned) hw >= RV_HW_N_TYPES)
    return RV_HW_NORM_ERROR_INVALID_ARGUMENT;
  if (amp_len == 0 || phase_len == 0)
    return RV_HW_NORM_ERROR_EMPTY_INPUT;
  if (amp_len != phase_len)
    return RV_HW_NORM_ERROR_LENGTH_MISMATCH;
  if (!amplitude || !phase || !out_amplitude || !out_phase)
    return RV_HW_NORM_ERROR_INVALID_ARGUMENT;
  k = n->canonical;
  if (out_cap < k)
    return RV_HW_NORM_ERROR_OUTPUT_TOO_SMALL;
  rv_resample_cubic (amplitude, amp_len, n->scratch_a, k);
  rv_resample_cubic (phase, phase_len, n->scratch_p, k);
  st = n->has_stats[hw];
  rv_zscore (n->scratch_a, k, st, n->stats_mean[hw], n->stats_std[hw], n->scratch_a);
  rv_phase_sanitize (n->scratch_p, k, n->scratch_p);
  for (i = 0; i < k; i++) {
    out_amplitude[i] = (float) n->scratch_a[i];
    out_phase[i] = (float) n->scratch_p[i];
  }
  return RV_HW_NORM_OK;
}
