/* libruview — ADR-137 fusion quality score (frontend.md §7.4). */
#include "ruview/fusion_quality.h"

#include <math.h>
#include <string.h>

void
rv_quality_score_init (RvQualityScore *q)
{
  memset (q, 0, sizeof (*q));
  q->family_id = RV_FAMILY_MULTISTATIC_CSI;
}

bool
rv_quality_push_evidence (RvQualityScore *q, const RvEvidenceRef *e)
{
  if (q->n_evidence >= RV_QUALITY_MAX_EVIDENCE)
    return false;
  q->evidence[q->n_evidence++] = *e;
  return true;
}

bool
rv_quality_push_contradiction (RvQualityScore *q, const RvContradictionFlag *c)
{
  if (q->n_contradictions >= RV_QUALITY_MAX_CONTRADICTIONS)
    return false;
  q->contradictions[q->n_contradictions++] = *c;
  return true;
}

bool
rv_quality_forces_privacy_demotion (const RvQualityScore *q)
{
  return q->n_contradictions > 0;
}

float
rv_powi_f32 (float a, int b)
{
  const int recip = b < 0;
  float r = 1.0f;

  for (;;) {
    if (b & 1)
      r *= a;
    b /= 2;
    if (b == 0)
      break;
    a *= a;
  }
  return recip ? 1.0f / r : r;
}

static inline float
clamp01 (float x)
{
  if (x < 0.0f)
    return 0.0f;
  if (x > 1.0f)
    return 1.0f;
  return x;
}

float
rv_quality_penalized_coherence (const RvQualityScore *q)
{
  float penalty = rv_powi_f32 (RV_CONTRADICTION_PENALTY, (int) q->n_contradictions);
  return clamp01 (q->base_coherence * penalty);
}

float
rv_quality_score_value (const RvQualityScore *q)
{
  return rv_quality_penalized_coherence (q);
}

void
rv_quality_confidence_bounds (const RvQualityScore *q, float *lo, float *hi)
{
  float c = rv_quality_penalized_coherence (q);
  float half = fminf (RV_CONTRADICTION_BOUND_HALFWIDTH * (float) q->n_contradictions,
      fminf (c, 1.0f - c));
  if (lo)
    *lo = fmaxf (c - half, 0.0f);
  if (hi)
    *hi = fminf (c + half, 1.0f);
}

bool
rv_quality_apply_calibrations (RvQualityScore *q, const RvMaybeCalibrationId *cals,
                               size_t n_cals)
{
  size_t i, j, n_present = 0, best = 0, agreeing = 0, first = 0;
  uint64_t modal = 0;

  for (i = 0; i < n_cals; i++)
    if (cals[i].present) {
      if (n_present == 0)
        first = i;
      n_present++;
    }
  if (n_present == 0)
    return true;
  modal = cals[first].id;
  for (i = 0; i < n_cals; i++) {
    size_t c = 0;
    if (!cals[i].present)
      continue;
    for (j = 0; j < n_cals; j++)
      if (cals[j].present && cals[j].id == cals[i].id)
        c++;
    if (c > best) {
      best = c;
      modal = cals[i].id;
    }
  }
  for (i = 0; i < n_cals; i++)
    if (cals[i].present && cals[i].id == modal)
      agreeing++;
  if (n_cals - agreeing == 0) {
    RvEvidenceRef e;
    memset (&e, 0, sizeof (e));
    e.kind = RV_EVIDENCE_CALIBRATION_APPLIED;
    e.u.calibration_applied.calibration_id = modal;
    e.u.calibration_applied.n_frames = agreeing;
    q->has_calibration_id = true;
    q->calibration_id = modal;
    return rv_quality_push_evidence (q, &e);
  } else {
    RvContradictionFlag c;
    memset (&c, 0, sizeof (c));
    c.kind = RV_CONTRADICTION_CALIBRATION_ID_MISMATCH;
    c.u.calibration_id_mismatch.expected = modal;
    c.u.calibration_id_mismatch.disagreeing = n_cals - agreeing;
    q->has_calibration_id = false;
    q->calibration_id = 0;
    return rv_quality_push_contradiction (q, &c);
  }
}
