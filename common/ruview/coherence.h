/* libruview — per-subcarrier coherence state and score (frontend.md §8.1),
 * all f32.  The state owns its vectors (sized at construction); updating
 * never allocates. */
#ifndef RUVIEW_COHERENCE_H
#define RUVIEW_COHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_COHERENCE_VARIANCE_FLOOR        1e-6f
#define RV_COHERENCE_DRIFT_STABLE_SCORE    0.85f
#define RV_COHERENCE_DRIFT_STEP_MAX_STALE  10
#define RV_COHERENCE_DEFAULT_EMA_DECAY     0.95f

typedef enum {
  RV_COHERENCE_OK = 0,
  RV_COHERENCE_ERROR_EMPTY_INPUT,
  RV_COHERENCE_ERROR_LENGTH_MISMATCH,
  RV_COHERENCE_ERROR_INVALID_DECAY,
  RV_COHERENCE_ERROR_INVALID_ARGUMENT,   /* (C only) longer than the capacity, NULL */
} RvCoherenceError;

const char *rv_coherence_error_str (RvCoherenceError e);

typedef enum {
  RV_DRIFT_STABLE = 0,
  RV_DRIFT_LINEAR = 1,
  RV_DRIFT_STEP_CHANGE = 2,
} RvDriftProfile;

const char *rv_drift_profile_name (RvDriftProfile d);
/* score ≥ 0.85 → Stable; else stale < 10 → StepChange; else Linear. */
RvDriftProfile rv_coherence_classify_drift (float score, uint64_t stale_count);

/* coherence_score: n = min of the lengths; 0 when n == 0. */
float rv_coherence_score (const float *x, size_t nx, const float *ref, size_t nr,
                          const float *var, size_t nv);
/* per_subcarrier_zscores: out has min(nx, nr, nv) entries; returns that count. */
size_t rv_coherence_zscores (const float *x, size_t nx, const float *ref, size_t nr,
                             const float *var, size_t nv, float *out);
/* outlier_subcarriers: indices with z > threshold, ascending; returns count. */
size_t rv_coherence_outliers (const float *x, size_t nx, const float *ref, size_t nr,
                              const float *var, size_t nv, float threshold,
                              size_t *out_idx);

typedef struct RvCoherenceState RvCoherenceState;

/* CoherenceState::new(n, accept) (decay 0.95).  capacity ≥ 1 is the longest
 * vector it will hold (n); reference = 0, variance = 1. */
RvCoherenceState *rv_coherence_state_new (size_t n, float accept_threshold,
                                          RvCoherenceError *err);
/* with_decay: decay must be in (0, 1) → else INVALID_DECAY. */
RvCoherenceState *rv_coherence_state_new_with_decay (size_t n, float accept_threshold,
                                                     float decay, RvCoherenceError *err);
void rv_coherence_state_free (RvCoherenceState *s);

/* initialize(x): reference = x, variance = 1 (length len ≤ capacity),
 * score 1, stale 0, initialized (drift profile unchanged). */
RvCoherenceError rv_coherence_state_initialize (RvCoherenceState *s, const float *x,
                                                size_t len);
/* update(x): auto-initialises (returns 1.0); score_out may be NULL. */
RvCoherenceError rv_coherence_state_update (RvCoherenceState *s, const float *x,
                                            size_t len, float *score_out);

float          rv_coherence_state_score (const RvCoherenceState *s);
uint64_t       rv_coherence_state_stale_count (const RvCoherenceState *s);
RvDriftProfile rv_coherence_state_drift_profile (const RvCoherenceState *s);
bool           rv_coherence_state_is_initialized (const RvCoherenceState *s);
float          rv_coherence_state_accept_threshold (const RvCoherenceState *s);
float          rv_coherence_state_decay (const RvCoherenceState *s);
const float   *rv_coherence_state_reference (const RvCoherenceState *s, size_t *n);
const float   *rv_coherence_state_variance (const RvCoherenceState *s, size_t *n);
void           rv_coherence_state_reset_stale (RvCoherenceState *s);

#ifdef __cplusplus
}
#endif
#endif
