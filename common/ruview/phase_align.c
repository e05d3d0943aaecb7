/* libruview — cross-channel phase alignment (frontend.md §6). */
#include "ruview/phase_align.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PI_F32     3.14159274f   /* 0x40490FDB */
#define TWO_PI_F32 6.28318548f   /* 0x40C90FDB */

typedef struct {
  float var;
  size_t idx;
} Key;

struct RvPhaseAligner {
  RvPhaseAlignConfig cfg;
  size_t max_bins;
  size_t n_last;
  float last_offsets[RV_PHASE_ALIGN_MAX_CHANNELS];
  Key *keys;                 /* max_bins */
  unsigned char *chosen;     /* max_bins */
  size_t *static_idx;        /* max_bins */
  size_t n_static;
};

const char *
rv_phase_align_error_str (RvPhaseAlignError e)
{
  switch (e) {
    case RV_PHASE_ALIGN_OK: return "ok";
    case RV_PHASE_ALIGN_ERROR_NO_FRAMES: return "no channel frames";
    case RV_PHASE_ALIGN_ERROR_PHASE_LENGTH_MISMATCH: return "phase length differs between channels";
    case RV_PHASE_ALIGN_ERROR_AMPLITUDE_LENGTH_MISMATCH: return "amplitude length differs from phase length";
    case RV_PHASE_ALIGN_ERROR_INSUFFICIENT_STATIC: return "too few subcarriers for the static set";
    case RV_PHASE_ALIGN_ERROR_TOO_MANY_CHANNELS: return "too many channels";
    case RV_PHASE_ALIGN_ERROR_TOO_MANY_BINS: return "more subcarriers than the aligner was built for";
    case RV_PHASE_ALIGN_ERROR_INVALID_CONFIG: return "invalid phase alignment configuration";
    case RV_PHASE_ALIGN_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

void
rv_phase_align_config_default (RvPhaseAlignConfig *cfg)
{
  cfg->max_iterations = 20;
  cfg->tolerance = 1e-4f;
  cfg->static_fraction = 0.3f;
  cfg->min_static_subcarriers = 5;
}

float
rv_phase_wrap (float p)
{
  /* fmodf is exact and returns p itself when |p| < 2·PI: skip the call then */
  float q = fabsf (p) < TWO_PI_F32 ? p : fmodf (p, TWO_PI_F32);
  if (q > PI_F32)
    q -= TWO_PI_F32;
  if (q < -PI_F32)
    q += TWO_PI_F32;
  return q;
}

float
rv_phase_circ_mean (const float *phase, size_t n_phase, const size_t *idx, size_t n_idx)
{
  float s = 0.0f, c = 0.0f;
  size_t i;

  if (n_idx == 0)
    return 0.0f;
  for (i = 0; i < n_idx; i++) {
    if (idx[i] >= n_phase)
      continue;
    s += rv_sinf (phase[idx[i]]);
    c += rv_cosf (phase[idx[i]]);
  }
  return rv_atan2f (s, c);
}

RvPhaseAligner *
rv_phase_aligner_new (const RvPhaseAlignConfig *cfg, size_t num_channels,
                      size_t max_bins, RvPhaseAlignError *err)
{
  RvPhaseAligner *a;

  if (!cfg || !isfinite (cfg->tolerance) || cfg->tolerance < 0.0f
      || !(cfg->static_fraction >= 0.0f && cfg->static_fraction <= 1.0f)
      || cfg->min_static_subcarriers == 0 || num_channels == 0
      || num_channels > RV_PHASE_ALIGN_MAX_CHANNELS || max_bins == 0
      || max_bins > (SIZE_MAX >> 5)) {
    if (err)
      *err = RV_PHASE_ALIGN_ERROR_INVALID_CONFIG;
    return NULL;
  }
  a = calloc (1, sizeof (*a));
  if (a) {
    a->keys = calloc (max_bins, sizeof (Key));
    a->chosen = calloc (max_bins, 1);
    a->static_idx = calloc (max_bins, sizeof (size_t));
  }
  if (!a || !a->keys || !a->chosen || !a->static_idx) {
    rv_phase_aligner_free (a);
    if (err)
      *err = RV_PHASE_ALIGN_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  a->cfg = *cfg;
  a->max_bins = max_bins;
  a->n_last = num_channels;
  if (err)
    *err = RV_PHASE_ALIGN_OK;
  return a;
}

void
rv_phase_aligner_free (RvPhaseAligner *a)
{
  if (!a)
    return;
  free (a->keys);
  free (a->chosen);
  free (a->static_idx);
  free (a);
}

const RvPhaseAlignConfig *
rv_phase_aligner_config (const RvPhaseAligner *a)
{
  return &a->cfg;
}

const float *
rv_phase_aligner_last_offsets (const RvPhaseAligner *a, size_t *n)
{
  if (n)
    *n = a->n_last;
  return a->last_offsets;
}

const size_t *
rv_phase_aligner_static_indices (const RvPhaseAligner *a, size_t *n)
{
  if (n)
    *n = a->n_static;
  return a->static_idx;
}

/* total order: variance ascending (NaN last), then index ascending — the
 * order a stable sort by variance leaves the (distinct) indices in */
static inline bool
key_lt (const Key *x, const Key *y)
{
  bool xn = isnan (x->var), yn = isnan (y->var);
  if (xn != yn)
    return yn;
  if (!xn && x->var != y->var)
    return x->var < y->var;
  return x->idx < y->idx;
}

static inline void
key_swap (Key *k, ptrdiff_t i, ptrdiff_t j)
{
  Key t = k[i];
  k[i] = k[j];
  k[j] = t;
}

/* partition so that keys[0..k) are the k smallest (quickselect, keys distinct) */
static void
select_smallest (Key *keys, ptrdiff_t n, ptrdiff_t k)
{
  ptrdiff_t lo = 0, hi = n - 1;

  if (k <= 0 || k >= n)
    return;
  while (hi > lo) {
    ptrdiff_t mid = lo + (hi - lo) / 2, i, j;
    Key pivot;
    if (key_lt (&keys[mid], &keys[lo]))
      key_swap (keys, mid, lo);
    if (key_lt (&keys[hi], &keys[lo]))
      key_swap (keys, hi, lo);
    if (key_lt (&keys[hi], &keys[mid]))
      key_swap (keys, hi, mid);
    if (hi - lo < 3)
      return;
    pivot = keys[mid];
    i = lo;
    j = hi;
    while (i <= j) {
      while (key_lt (&keys[i], &pivot))
        i++;
      while (key_lt (&pivot, &keys[j]))
        j--;
      if (i <= j) {
        key_swap (keys, i, j);
        i++;
        j--;
      }
    }
    /* [lo..j] ≤ pivot ≤ [i..hi]; we need the boundary at k */
    if (k - 1 <= j)
      hi = j;
    else if (k - 1 >= i)
      lo = i;
    else
      return;
  }
}

static RvPhaseAlignError
select_static (RvPhaseAligner *a, const RvAlignChannel *ch, size_t n_ch, size_t n_sub)
{
  size_t s, c, n_static, take;
  float prod;

  for (s = 0; s < n_sub; s++) {
    float sum = -0.0f, mean, vs = -0.0f;
    for (c = 0; c < n_ch; c++)
      sum += ch[c].amplitude[s];
    mean = sum / (float) n_ch;
    for (c = 0; c < n_ch; c++) {
      float d = ch[c].amplitude[s] - mean;
      vs += d * d;
    }
    a->keys[s].var = vs / (float) n_ch;
    a->keys[s].idx = s;
  }
  prod = ceilf ((float) n_sub * a->cfg.static_fraction);
  n_static = prod > 0.0f ? (size_t) prod : 0;   /* saturating as `as usize` */
  if (n_static < a->cfg.min_static_subcarriers)
    n_static = a->cfg.min_static_subcarriers;
  if (n_sub < a->cfg.min_static_subcarriers)
    return RV_PHASE_ALIGN_ERROR_INSUFFICIENT_STATIC;
  take = n_static < n_sub ? n_static : n_sub;
  select_smallest (a->keys, (ptrdiff_t) n_sub, (ptrdiff_t) take);
  memset (a->chosen, 0, n_sub);
  for (s = 0; s < take; s++)
    a->chosen[a->keys[s].idx] = 1;
  a->n_static = 0;
  for (s = 0; s < n_sub; s++)
    if (a->chosen[s])
      a->static_idx[a->n_static++] = s;
  return RV_PHASE_ALIGN_OK;
}

RvPhaseAlignError
rv_phase_aligner_align (RvPhaseAligner *a, RvAlignChannel *ch, size_t n_ch,
                        RvPhaseAlignResult *result, RvPhaseAlignErrorInfo *info)
{
  float off[RV_PHASE_ALIGN_MAX_CHANNELS];
  size_t n_sub, c, s, iter, iterations = 0, n_s;
  const size_t *S;
  float ref;
  RvPhaseAlignError e;

  if (info)
    memset (info, 0, sizeof (*info));
  if (!a)
    return RV_PHASE_ALIGN_ERROR_INVALID_ARGUMENT;
  if (n_ch == 0)
    return RV_PHASE_ALIGN_ERROR_NO_FRAMES;
  if (!ch)
    return RV_PHASE_ALIGN_ERROR_INVALID_ARGUMENT;
  if (n_ch > RV_PHASE_ALIGN_MAX_CHANNELS)
    return RV_PHASE_ALIGN_ERROR_TOO_MANY_CHANNELS;
  if (n_ch == 1) {
    a->n_last = 1;
    a->last_offsets[0] = 0.0f;
    if (result) {
      memset (result, 0, sizeof (*result));
      result->n_channels = 1;
    }
    return RV_PHASE_ALIGN_OK;
  }
  for (c = 1; c < n_ch; c++)
    if (ch[c].phase_len != ch[0].phase_len) {
      if (info) {
        info->channel = c;
        info->expected = ch[0].phase_len;
        info->got = ch[c].phase_len;
      }
      return RV_PHASE_ALIGN_ERROR_PHASE_LENGTH_MISMATCH;
    }
  for (c = 0; c < n_ch; c++)
    if (ch[c].amp_len != ch[c].phase_len) {
      if (info) {
        info->channel = c;
        info->expected = ch[c].phase_len;
        info->got = ch[c].amp_len;
      }
      return RV_PHASE_ALIGN_ERROR_AMPLITUDE_LENGTH_MISMATCH;
    }
  n_sub = ch[0].amp_len;
  if (n_sub > a->max_bins)
    return RV_PHASE_ALIGN_ERROR_TOO_MANY_BINS;
  for (c = 0; c < n_ch; c++)
    if (n_sub > 0 && (!ch[c].amplitude || !ch[c].phase))
      return RV_PHASE_ALIGN_ERROR_INVALID_ARGUMENT;

  e = select_static (a, ch, n_ch, n_sub);
  if (e != RV_PHASE_ALIGN_OK)
    return e;
  S = a->static_idx;
  n_s = a->n_static;

  off[0] = 0.0f;
  ref = rv_phase_circ_mean (ch[0].phase, n_sub, S, n_s);
  for (c = 1; c < n_ch; c++)
    off[c] = rv_phase_wrap (rv_phase_circ_mean (ch[c].phase, n_sub, S, n_s) - ref);

  for (iter = 0; iter < a->cfg.max_iterations; iter++) {
    float max_upd = 0.0f;
    for (c = 1; c < n_ch; c++) {
      const float *p = ch[c].phase, *p0 = ch[0].phase;
      float rs = 0.0f, mean_r, upd;
      for (s = 0; s < n_s; s++)
        rs += rv_phase_wrap ((p[S[s]] - off[c]) - p0[S[s]]);
      mean_r = rs / (float) n_s;
      upd = mean_r * 0.5f;
      off[c] = rv_phase_wrap (off[c] + upd);
      max_upd = fmaxf (max_upd, fabsf (upd));
    }
    iterations = iter + 1;
    if (max_upd < a->cfg.tolerance)
      break;
  }

  for (c = 0; c < n_ch; c++) {
    float *p = ch[c].phase;
    for (s = 0; s < ch[c].phase_len; s++)
      p[s] = rv_phase_wrap (p[s] - off[c]);
  }
  a->n_last = n_ch;
  memcpy (a->last_offsets, off, n_ch * sizeof (float));
  if (result) {
    memset (result, 0, sizeof (*result));
    result->n_channels = n_ch;
    memcpy (result->offsets, off, n_ch * sizeof (float));
    result->iterations = iterations;
    result->n_static = n_s;
  }
  return RV_PHASE_ALIGN_OK;
}
