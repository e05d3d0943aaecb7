/* libruview — multi-band frame (frontend.md §4). */
#include "ruview/multiband.h"

#include <math.h>
#include <string.h>

const char *
rv_multiband_error_str (RvMultibandError e)
{
  switch (e) {
    case RV_MULTIBAND_OK: return "ok";
    case RV_MULTIBAND_ERROR_NO_FRAMES: return "no channel frames";
    case RV_MULTIBAND_ERROR_DUPLICATE_FREQUENCY: return "duplicate channel frequency";
    case RV_MULTIBAND_ERROR_SUBCARRIER_MISMATCH: return "subcarrier count differs between channels";
    case RV_MULTIBAND_ERROR_TOO_MANY_CHANNELS: return "too many channels";
    case RV_MULTIBAND_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

float
rv_pearson_f32 (const float *a, size_t na, const float *b, size_t nb)
{
  size_t n = na < nb ? na : nb, i;
  float sa = -0.0f, sb = -0.0f, ma, mb, cov = 0.0f, va = 0.0f, vb = 0.0f, denom, r;

  if (n == 0)
    return 0.0f;
  for (i = 0; i < n; i++)
    sa += a[i];
  for (i = 0; i < n; i++)
    sb += b[i];
  ma = sa / (float) n;
  mb = sb / (float) n;
  for (i = 0; i < n; i++) {
    float da = a[i] - ma;
    float db = b[i] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  denom = sqrtf (va * vb);
  if (denom < RV_MULTIBAND_EPSILON)
    return 0.0f;
  r = cov / denom;
  if (r < -1.0f)
    r = -1.0f;
  if (r > 1.0f)
    r = 1.0f;
  return r;
}

float
rv_multiband_coherence (const float *const *amps, size_t n_channels, size_t n_bins)
{
  double total = 0.0, mean, c;
  size_t i, j, pairs = 0;

  if (n_channels <= 1)
    return 1.0f;
  for (i = 0; i < n_channels; i++)
    for (j = i + 1; j < n_channels; j++) {
      total += (double) rv_pearson_f32 (amps[i], n_bins, amps[j], n_bins);
      pairs++;
    }
  mean = total / (double) pairs;
  c = (mean + 1.0) / 2.0;
  if (c < 0.0)
    c = 0.0;
  if (c > 1.0)
    c = 1.0;
  return (float) c;
}

RvMultibandError
rv_multiband_build (uint32_t node_id, uint64_t timestamp_us,
                    const RvChannelFrame *frames, size_t n, RvMultibandFrame *out,
                    RvMultibandErrorInfo *info)
{
  size_t i, j, n_bins;

  if (info)
    memset (info, 0, sizeof (*info));
  if (n == 0)
    return RV_MULTIBAND_ERROR_NO_FRAMES;
  if (!frames || !out)
    return RV_MULTIBAND_ERROR_INVALID_ARGUMENT;
  for (i = 0; i < n; i++)
    for (j = i + 1; j < n; j++)
      if (frames[i].freq_mhz == frames[j].freq_mhz) {
        if (info) {
          info->freq_mhz = frames[j].freq_mhz;
          info->index = j;
        }
        return RV_MULTIBAND_ERROR_DUPLICATE_FREQUENCY;
      }
  n_bins = frames[0].n_bins;
  for (i = 1; i < n; i++)
    if (frames[i].n_bins != n_bins) {
      if (info) {
        info->index = i;
        info->expected = n_bins;
        info->got = frames[i].n_bins;
      }
      return RV_MULTIBAND_ERROR_SUBCARRIER_MISMATCH;
    }
  if (n > RV_MULTIBAND_MAX_CHANNELS)
    return RV_MULTIBAND_ERROR_TOO_MANY_CHANNELS;
  for (i = 0; i < n; i++)
    if (n_bins > 0 && (!frames[i].amplitude || !frames[i].phase))
      return RV_MULTIBAND_ERROR_INVALID_ARGUMENT;

  memset (out, 0, sizeof (*out));
  out->node_id = node_id;
  out->timestamp_us = timestamp_us;
  out->n_channels = n;
  out->n_bins = n_bins;
  /* stable insertion sort of indices by frequency */
  for (i = 0; i < n; i++) {
    size_t k = i;
    while (k > 0 && frames[out->order[k - 1]].freq_mhz > frames[i].freq_mhz) {
      out->order[k] = out->order[k - 1];
      k--;
    }
    out->order[k] = i;
  }
  for (i = 0; i < n; i++) {
    const RvChannelFrame *cf = &frames[out->order[i]];
    out->freq_mhz[i] = cf->freq_mhz;
    out->amplitude[i] = cf->amplitude;
    out->phase[i] = cf->phase;
  }
  out->coherence = rv_multiband_coherence (out->amplitude, n, n_bins);
  return RV_MULTIBAND_OK;
}

void
rv_multiband_concatenate_amplitudes (const RvMultibandFrame *f, float *out)
{
  size_t c;

  for (c = 0; c < f->n_channels; c++)
    memcpy (out + c * f->n_bins, f->amplitude[c], f->n_bins * sizeof (float));
}

void
rv_multiband_mean_amplitude (const float *const *amps, size_t n_channels,
                             size_t n_bins, float *out)
{
  size_t c, i;

  if (n_channels == 0)
    return;
  for (i = 0; i < n_bins; i++) {
    float s = 0.0f;
    for (c = 0; c < n_channels; c++)
      s += amps[c][i];
    out[i] = s / (float) n_channels;
  }
}
