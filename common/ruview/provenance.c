/* libruview — provenance strings (engine.md §4.9). */
#include "ruview/provenance.h"

#include <stdio.h>
#include <string.h>

#include "ruview/floatfmt.h"

static size_t
clamp_len (int n, size_t cap)
{
  if (n < 0)
    return 0;
  return (size_t) n < cap ? (size_t) n : (cap ? cap - 1 : 0);
}

size_t
rv_evidence_debug (const RvEvidenceRef *e, char *buf, size_t cap)
{
  char a[RV_FMT_BUFSIZE], b[RV_FMT_BUFSIZE];
  int n = 0;
  switch (e->kind) {
    case RV_EVIDENCE_WEIGHT_ENTROPY:
      rv_fmt_debug_f32 (a, e->u.weight_entropy.normalized_entropy);
      n = snprintf (buf, cap, "WeightEntropy { normalized_entropy: %s, n_nodes: %zu }", a,
          e->u.weight_entropy.n_nodes);
      break;
    case RV_EVIDENCE_COHERENCE_GATE_THRESHOLD:
      rv_fmt_debug_f32 (a, e->u.coherence_gate_threshold.coherence);
      rv_fmt_debug_f32 (b, e->u.coherence_gate_threshold.threshold);
      n = snprintf (buf, cap, "CoherenceGateThreshold { coherence: %s, threshold: %s }", a, b);
      break;
    case RV_EVIDENCE_CALIBRATION_APPLIED:
      n = snprintf (buf, cap,
          "CalibrationApplied { calibration_id: CalibrationId(%llu), n_frames: %zu }",
          (unsigned long long) e->u.calibration_applied.calibration_id,
          e->u.calibration_applied.n_frames);
      break;
    case RV_EVIDENCE_CIR_DOMINANT_TAP_RATIO:
      rv_fmt_debug_f32 (a, e->u.cir_dominant_tap_ratio.ratio);
      n = snprintf (buf, cap, "CirDominantTapRatio { ratio: %s, blended: %s }", a,
          e->u.cir_dominant_tap_ratio.blended ? "true" : "false");
      break;
  }
  return clamp_len (n, cap);
}

void
rv_provenance_build (RvProvenance *p, const RvQualityScore *q, uint16_t model_version,
    const char *adapter_id, RvPrivacyMode mode, RvPrivacyClass effective)
{
  size_t i;
  p->n_evidence = q->n_evidence < RV_PROV_MAX_EVIDENCE ? q->n_evidence : RV_PROV_MAX_EVIDENCE;
  for (i = 0; i < p->n_evidence; i++)
    rv_evidence_debug (&q->evidence[i], p->evidence[i], RV_PROV_STR);
  if (adapter_id)
    snprintf (p->model_version, sizeof p->model_version, "rfenc-v%u+adapter:%s",
        (unsigned) model_version, adapter_id);
  else
    snprintf (p->model_version, sizeof p->model_version, "rfenc-v%u", (unsigned) model_version);
  if (q->has_calibration_id)
    snprintf (p->calibration_version, sizeof p->calibration_version, "cal:%016llx",
        (unsigned long long) q->calibration_id);
  else
    strcpy (p->calibration_version, "cal:none");
  snprintf (p->privacy_decision, sizeof p->privacy_decision, "%s/%s",
      rv_privacy_mode_name (mode), rv_privacy_class_name (effective));
}

size_t
rv_provenance_statement (char *buf, size_t cap, float base_coherence, size_t active_nodes,
    bool demoted)
{
  char c[RV_FMT_BUFSIZE];
  rv_fmt_fixed2_f32 (c, base_coherence);
  return clamp_len (snprintf (buf, cap, "occupancy coherence=%s nodes=%zu demoted=%s", c,
          active_nodes, demoted ? "true" : "false"), cap);
}
