/* libruview — coherence gate policy (frontend.md §8.2). */
#include "ruview/gate.h"

#include <math.h>
#include <string.h>

const char *
rv_gate_decision_name (RvGateDecisionKind k)
{
  switch (k) {
    case RV_GATE_ACCEPT: return "Accept";
    case RV_GATE_PREDICT_ONLY: return "PredictOnly";
    case RV_GATE_REJECT: return "Reject";
    case RV_GATE_RECALIBRATE: return "Recalibrate";
  }
  return "Unknown";
}

void
rv_gate_policy_default (RvGatePolicy *p)
{
  memset (p, 0, sizeof (*p));
  p->accept_threshold = 0.85f;
  p->reject_threshold = 0.5f;
  p->max_stale_frames = 200;
  p->predict_only_noise = 3.0f;
  p->adaptive = false;
}

bool
rv_gate_policy_init (RvGatePolicy *p, float accept, float reject, uint64_t max_stale)
{
  rv_gate_policy_default (p);
  if (!isfinite (accept) || !isfinite (reject) || reject > accept)
    return false;
  p->accept_threshold = accept;
  p->reject_threshold = reject;
  p->max_stale_frames = max_stale;
  return true;
}

RvGateDecision
rv_gate_policy_evaluate (RvGatePolicy *p, float score, uint64_t stale)
{
  RvGateDecision d;

  memset (&d, 0, sizeof (d));
  if (stale >= p->max_stale_frames) {
    d.kind = RV_GATE_RECALIBRATE;
    d.stale_frames = stale;
  } else if (score >= p->accept_threshold) {
    d.kind = RV_GATE_ACCEPT;
    d.noise_multiplier = 1.0f;
    p->consecutive_low = 0;
  } else if (score >= p->reject_threshold) {
    d.kind = RV_GATE_PREDICT_ONLY;
    p->consecutive_low += 1;
  } else {
    d.kind = RV_GATE_REJECT;
    p->consecutive_low += 1;
  }
  p->has_last_decision = true;
  p->last_decision = d;
  return d;
}

void
rv_gate_policy_reset (RvGatePolicy *p)
{
  p->consecutive_low = 0;
  p->has_last_decision = false;
  memset (&p->last_decision, 0, sizeof (p->last_decision));
}

bool
rv_gate_decision_allows_update (const RvGateDecision *d)
{
  return d->kind == RV_GATE_ACCEPT;
}

bool
rv_gate_decision_is_rejected (const RvGateDecision *d)
{
  return d->kind == RV_GATE_REJECT || d->kind == RV_GATE_RECALIBRATE;
}

float
rv_gate_adaptive_noise_multiplier (float c, float acc, float rej, float maxinf)
{
  if (c >= acc)
    return 1.0f;
  if (c <= rej)
    return maxinf;
  if (acc - rej < 1e-6f)
    return maxinf;
  return 1.0f + ((acc - c) / (acc - rej)) * (maxinf - 1.0f);
}
