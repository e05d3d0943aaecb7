/* libruview — coherence gate policy (frontend.md §8.2).  A plain struct, no
 * allocation.  No hysteresis: each evaluation is a threshold decision; the
 * stale count (from the coherence state) drives Recalibrate. */
#ifndef RUVIEW_GATE_H
#define RUVIEW_GATE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  RV_GATE_ACCEPT = 0,          /* noise_multiplier = 1.0 */
  RV_GATE_PREDICT_ONLY = 1,
  RV_GATE_REJECT = 2,
  RV_GATE_RECALIBRATE = 3,     /* stale_frames */
} RvGateDecisionKind;

typedef struct {
  RvGateDecisionKind kind;
  float noise_multiplier;      /* Accept only */
  uint64_t stale_frames;       /* Recalibrate only */
} RvGateDecision;

typedef struct {
  float accept_threshold;      /* 0.85 */
  float reject_threshold;      /* 0.5 */
  uint64_t max_stale_frames;   /* 200 */
  float predict_only_noise;    /* 3.0 (stored, unused) */
  bool adaptive;               /* false (unused) */
  uint64_t consecutive_low;
  bool has_last_decision;
  RvGateDecision last_decision;
} RvGatePolicy;

const char *rv_gate_decision_name (RvGateDecisionKind k);

void rv_gate_policy_default (RvGatePolicy *p);
/* GatePolicy::new(accept, reject, max_stale).  Returns false (policy left
 * at defaults) for non-finite thresholds or reject > accept. */
bool rv_gate_policy_init (RvGatePolicy *p, float accept, float reject, uint64_t max_stale);
/* §8.2 evaluate, in order: stale ≥ max → Recalibrate; score ≥ accept →
 * Accept; score ≥ reject → PredictOnly; else (NaN too) Reject. */
RvGateDecision rv_gate_policy_evaluate (RvGatePolicy *p, float score, uint64_t stale_count);
void rv_gate_policy_reset (RvGatePolicy *p);

bool rv_gate_decision_allows_update (const RvGateDecision *d);   /* Accept only */
bool rv_gate_decision_is_rejected (const RvGateDecision *d);     /* Reject, Recalibrate */

/* adaptive_noise_multiplier(c, accept, reject, max_inflation). */
float rv_gate_adaptive_noise_multiplier (float c, float accept, float reject,
                                         float max_inflation);

#ifdef __cplusplus
}
#endif
#endif
