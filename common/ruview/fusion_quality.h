/* libruview — ADR-137 fusion quality score: evidence references, contradiction
 * flags, penalised coherence and confidence bounds (frontend.md §7.4,
 * engine.md §4.4).
 *
 * A score is a plain fixed-size struct (no heap): at most
 * RV_QUALITY_MAX_NODES weights, RV_QUALITY_MAX_EVIDENCE evidence entries and
 * RV_QUALITY_MAX_CONTRADICTIONS contradiction flags, kept in push order. */
#ifndef RUVIEW_FUSION_QUALITY_H
#define RUVIEW_FUSION_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_QUALITY_MAX_NODES          64
#define RV_QUALITY_MAX_EVIDENCE       8
#define RV_QUALITY_MAX_CONTRADICTIONS 16

#define RV_CONTRADICTION_PENALTY          0.8f   /* per contradiction, powi */
#define RV_CONTRADICTION_BOUND_HALFWIDTH  0.1f   /* per contradiction */

typedef enum {
  RV_FAMILY_MULTISTATIC_CSI = 0,
  RV_FAMILY_VIEWPOINT_EMBEDDING = 1,
} RvFamilyId;

/* ---- evidence (ADR-137 §2.2), variant order as upstream ---- */
typedef enum {
  RV_EVIDENCE_COHERENCE_GATE_THRESHOLD = 0,
  RV_EVIDENCE_CIR_DOMINANT_TAP_RATIO = 1,
  RV_EVIDENCE_WEIGHT_ENTROPY = 2,
  RV_EVIDENCE_CALIBRATION_APPLIED = 3,
} RvEvidenceKind;

typedef struct { float coherence; float threshold; } RvCoherenceGateThreshold;
typedef struct { float ratio; bool blended; } RvCirDominantTapRatio;
typedef struct { float normalized_entropy; size_t n_nodes; } RvWeightEntropy;
typedef struct { uint64_t calibration_id; size_t n_frames; } RvCalibrationApplied;

typedef struct {
  RvEvidenceKind kind;
  union {
    RvCoherenceGateThreshold coherence_gate_threshold;
    RvCirDominantTapRatio cir_dominant_tap_ratio;
    RvWeightEntropy weight_entropy;
    RvCalibrationApplied calibration_applied;
  } u;
} RvEvidenceRef;

/* ---- contradictions (ADR-137 §2.3), variant order as upstream ---- */
typedef enum {
  RV_CONTRADICTION_TIMESTAMP_MISMATCH = 0,
  RV_CONTRADICTION_CALIBRATION_ID_MISMATCH = 1,
  RV_CONTRADICTION_PHASE_ALIGNMENT_FAILED = 2,
  RV_CONTRADICTION_DRIFT_PROFILE_CONFLICT = 3,
  RV_CONTRADICTION_COHERENCE_DROP = 4,
  RV_CONTRADICTION_GEOMETRY_INSUFFICIENT = 5,
} RvContradictionKind;

typedef struct { uint64_t spread_ns; uint64_t soft_guard_ns; } RvTimestampMismatch;
typedef struct { uint64_t expected; size_t disagreeing; } RvCalibrationIdMismatch;
typedef struct { size_t node_idx; } RvPhaseAlignmentFailed;
typedef struct { size_t node_idx; float drift_score; } RvDriftProfileConflict;
typedef struct { size_t node_idx; float sigma; } RvCoherenceDrop;
typedef struct { float gdi; } RvGeometryInsufficient;

typedef struct {
  RvContradictionKind kind;
  union {
    RvTimestampMismatch timestamp_mismatch;
    RvCalibrationIdMismatch calibration_id_mismatch;
    RvPhaseAlignmentFailed phase_alignment_failed;
    RvDriftProfileConflict drift_profile_conflict;
    RvCoherenceDrop coherence_drop;
    RvGeometryInsufficient geometry_insufficient;
  } u;
} RvContradictionFlag;

/* ---- the score ---- */
typedef struct {
  RvFamilyId family_id;
  uint64_t capture_ns;
  bool has_calibration_id;          /* Option<CalibrationId> */
  uint64_t calibration_id;          /* valid iff has_calibration_id */
  float base_coherence;
  size_t n_weights;
  float per_node_weights[RV_QUALITY_MAX_NODES];
  size_t n_evidence;
  RvEvidenceRef evidence[RV_QUALITY_MAX_EVIDENCE];
  size_t n_contradictions;
  RvContradictionFlag contradictions[RV_QUALITY_MAX_CONTRADICTIONS];
  uint64_t timestamp_computed_ns;
} RvQualityScore;

/* An optional per-node calibration id (Option<CalibrationId>). */
typedef struct { bool present; uint64_t id; } RvMaybeCalibrationId;

/* Zero everything, family MultistaticCsi, no calibration id. */
void  rv_quality_score_init (RvQualityScore *q);

/* Append in order; false (and nothing written) when the list is full. */
bool  rv_quality_push_evidence (RvQualityScore *q, const RvEvidenceRef *e);
bool  rv_quality_push_contradiction (RvQualityScore *q, const RvContradictionFlag *c);

/* Any contradiction. */
bool  rv_quality_forces_privacy_demotion (const RvQualityScore *q);
/* clamp(base · powi(0.8, n_contradictions), 0, 1), f32. */
float rv_quality_penalized_coherence (const RvQualityScore *q);
/* quality_score() of the QualityScored trait = penalized coherence. */
float rv_quality_score_value (const RvQualityScore *q);
/* c = penalized; half = fminf(0.1·n, fminf(c, 1−c)); (fmaxf(c−half,0), fminf(c+half,1)). */
void  rv_quality_confidence_bounds (const RvQualityScore *q, float *lo, float *hi);

/* The calibration step of fuse_scored_calibrated (frontend.md §7.4): modal id
 * over the present ids (ties keep the first seen), disagreeing =
 * n_cals − agreeing.  No present id → score unchanged.  Agreement → sets
 * calibration_id + pushes CalibrationApplied; else clears it + pushes
 * CalibrationIdMismatch.  n_cals is deliberately not checked against the
 * node count (upstream quirk).  Returns false only if a list was full. */
bool  rv_quality_apply_calibrations (RvQualityScore *q,
                                     const RvMaybeCalibrationId *cals,
                                     size_t n_cals);

/* compiler-rt __powisf2: repeated squaring (frontend.md §0). */
float rv_powi_f32 (float x, int n);

#ifdef __cplusplus
}
#endif
#endif
