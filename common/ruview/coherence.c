/* libruview — coherence state and score (frontend.md §8.1). */
#include "ruview/coherence.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct RvCoherenceState {
  size_t cap, n;
  float *reference, *variance;
  float decay, score, accept;
  uint64_t stale;
  RvDriftProfile drift;
  bool initialized;
};

const char *
rv_coherence_error_str (RvCoherenceError e)
{
  switch (e) {
    case RV_COHERENCE_OK: return "ok";
    case RV_COHERENCE_ERROR_EMPTY_INPUT: return "empty input";
    case RV_COHERENCE_ERROR_LENGTH_MISMATCH: return "length differs from the reference";
    case RV_COHERENCE_ERROR_INVALID_DECAY: return "decay must be in (0, 1)";
    case RV_COHERENCE_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

const char *
rv_drift_profile_name (RvDriftProfile d)
{
  switch (d) {
    case RV_DRIFT_STABLE: return "Stable";
    case RV_DRIFT_LINEAR: return "Linear";
    case RV_DRIFT_STEP_CHANGE: return "StepChange";
  }
  return "Unknown";
}

RvDriftProfile
rv_coherence_classify_drift (float score, uint64_t stale)
{
  if (score >= RV_COHERENCE_DRIFT_STABLE_SCORE)
    return RV_DRIFT_STABLE;
  return stale < RV_COHERENCE_DRIFT_STEP_MAX_STALE ? RV_DRIFT_STEP_CHANGE : RV_DRIFT_LINEAR;
}

static inline size_t
min3 (size_t a, size_t b, size_t c)
{
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

static inline float
zscore_at (const float *x, const float *r, const float *v, size_t i, float *var_out)
{
  float var = fmaxf (v[i], RV_COHERENCE_VARIANCE_FLOOR);
  if (var_out)
    *var_out = var;
  return fabsf (x[i] - r[i]) / sqrtf (var);
}

float
rv_coherence_score (const float *x, size_t nx, const float *r, size_t nr,
                    const float *v, size_t nv)
{
  size_t n = min3 (nx, nr, nv), i;
  float num = 0.0f, den = 0.0f, c;

  if (n == 0)
    return 0.0f;
  for (i = 0; i < n; i++) {
    float var, z = zscore_at (x, r, v, i, &var);
    float w = 1.0f / (var + RV_COHERENCE_VARIANCE_FLOOR);
    float l = rv_expf ((-0.5f * z) * z);
    num += l * w;
    den += w;
  }
  if (den < RV_COHERENCE_VARIANCE_FLOOR)
    return 0.0f;
  c = num / den;
  if (c < 0.0f)
    return 0.0f;
  if (c > 1.0f)
    return 1.0f;
  return c;
}

size_t
rv_coherence_zscores (const float *x, size_t nx, const float *r, size_t nr,
                      const float *v, size_t nv, float *out)
{
  size_t n = min3 (nx, nr, nv), i;
  for (i = 0; i < n; i++)
    out[i] = zscore_at (x, r, v, i, NULL);
  return n;
}

size_t
rv_coherence_outliers (const float *x, size_t nx, const float *r, size_t nr,
                       const float *v, size_t nv, float thr, size_t *out)
{
  size_t n = min3 (nx, nr, nv), i, k = 0;
  for (i = 0; i < n; i++)
    if (zscore_at (x, r, v, i, NULL) > thr)
      out[k++] = i;
  return k;
}

RvCoherenceState *
rv_coherence_state_new_with_decay (size_t n, float accept, float decay,
                                   RvCoherenceError *err)
{
  RvCoherenceState *s;
  size_t i;

  if (!(decay > 0.0f && decay < 1.0f)) {
    if (err)
      *err = RV_COHERENCE_ERROR_INVALID_DECAY;
    return NULL;
  }
  if (n == 0 || n > (SIZE_MAX >> 4) || isnan (accept)) {
    if (err)
      *err = RV_COHERENCE_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  s = calloc (1, sizeof (*s));
  if (s)
    s->reference = calloc (2 * n, sizeof (float));
  if (!s || !s->reference) {
    free (s);
    if (err)
      *err = RV_COHERENCE_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  s->variance = s->reference + n;
  s->cap = s->n = n;
  for (i = 0; i < n; i++)
    s->variance[i] = 1.0f;
  s->decay = decay;
  s->score = 1.0f;
  s->accept = accept;
  s->drift = RV_DRIFT_STABLE;
  if (err)
    *err = RV_COHERENCE_OK;
  return s;
}

RvCoherenceState *
rv_coherence_state_new (size_t n, float accept, RvCoherenceError *err)
{
  return rv_coherence_state_new_with_decay (n, accept, RV_COHERENCE_DEFAULT_EMA_DECAY, err);
}

void
rv_coherence_state_free (RvCoherenceState *s)
{
  if (!s)
    return;
  free (s->reference);
  free (s);
}

RvCoherenceError
rv_coherence_state_initialize (RvCoherenceState *s, const float *x, size_t len)
{
  size_t i;

  if (len > s->cap || (len > 0 && !x))
    return RV_COHERENCE_ERROR_INVALID_ARGUMENT;
  if (len > 0)
    memcpy (s->reference, x, len * sizeof (float));
  for (i = 0; i < len; i++)
    s->variance[i] = 1.0f;
  s->n = len;
  s->score = 1.0f;
  s->stale = 0;
  s->initialized = true;
  return RV_COHERENCE_OK;
}

RvCoherenceError
rv_coherence_state_update (RvCoherenceState *s, const float *x, size_t len,
                           float *score_out)
{
  float score;
  size_t i;

  if (len == 0)
    return RV_COHERENCE_ERROR_EMPTY_INPUT;
  if (!x)
    return RV_COHERENCE_ERROR_INVALID_ARGUMENT;
  if (!s->initialized) {
    RvCoherenceError e = rv_coherence_state_initialize (s, x, len);
    if (e == RV_COHERENCE_OK && score_out)
      *score_out = 1.0f;
    return e;
  }
  if (len != s->n)
    return RV_COHERENCE_ERROR_LENGTH_MISMATCH;
  score = rv_coherence_score (x, len, s->reference, s->n, s->variance, s->n);
  s->score = score;
  if (score >= s->accept) {
    const float decay = s->decay, alpha = 1.0f - decay;
    for (i = 0; i < len; i++) {
      float old = s->reference[i], d;
      s->reference[i] = decay * old + alpha * x[i];
      d = x[i] - old;
      s->variance[i] = decay * s->variance[i] + (alpha * d) * d;
      if (s->variance[i] < RV_COHERENCE_VARIANCE_FLOOR)
        s->variance[i] = RV_COHERENCE_VARIANCE_FLOOR;
    }
    s->stale = 0;
  } else {
    s->stale += 1;
  }
  s->drift = rv_coherence_classify_drift (score, s->stale);
  if (score_out)
    *score_out = score;
  return RV_COHERENCE_OK;
}

float rv_coherence_state_score (const RvCoherenceState *s) { return s->score; }
uint64_t rv_coherence_state_stale_count (const RvCoherenceState *s) { return s->stale; }
RvDriftProfile rv_coherence_state_drift_profile (const RvCoherenceState *s) { return s->drift; }
bool rv_coherence_state_is_initialized (const RvCoherenceState *s) { return s->initialized; }
float rv_coherence_state_accept_threshold (const RvCoherenceState *s) { return s->accept; }
float rv_coherence_state_decay (const RvCoherenceState *s) { return s->decay; }

const float *
rv_coherence_state_reference (const RvCoherenceState *s, size_t *n)
{
  if (n)
    *n = s->n;
  return s->reference;
}

const float *
rv_coherence_state_variance (const RvCoherenceState *s, size_t *n)
{
  if (n)
    *n = s->n;
  return s->variance;
}

void
rv_coherence_state_reset_stale (RvCoherenceState *s)
{
  s->stale = 0;
}
