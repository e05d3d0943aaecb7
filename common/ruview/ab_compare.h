/* libruview — A/B comparison of two pipeline branches' results, cycle by
 * cycle (docs/rvcompare.md).
 *
 * One branch's results of one cycle are an RvAbBranch: a value per field of
 * the field table (RvAbField: a path such as "cir.dominant_tap_idx", a kind
 * and a value type), set by the caller from what the cycle carries — a field
 * the cycle does not carry stays absent — and the tracked persons.
 * rv_ab_compare() compares branch A with branch B into an RvAbDiff;
 * rv_ab_stats_add() accumulates the diffs of many cycles.  The writers put a
 * diff's differing fields and the statistics into JSON.
 *
 * What is compared, by kind:
 *  - NUMBER: one value.  Equal when a == b (NaN equals NaN).  |Δ| = |a − b|,
 *    the relative difference |a − b| / max(|a|, |b|).
 *  - VECTOR: an array (f32 or f64; complex fields hold (re, im) pairs).
 *    Equal when the lengths and every element are equal.  |Δ| = max over the
 *    elements of |a_i − b_i| (complex: the modulus of the difference), the
 *    relative difference |Δ| / max over the elements of max(|a_i|, |b_i|).
 *  - IDENTITY: bytes (the witness) or the set of person ids: equal or not.
 *  - CATEGORY: a label (a decision, a class, a boolean as "true"/"false"):
 *    a confusion table of (label of A, label of B) counts, "none" standing
 *    for a branch that does not carry the field.  Labels hold no '/' (the
 *    tables are written with "<A>/<B>" keys).
 * Two values that differ and are not both finite (or vectors of different
 * lengths) are "incomparable": counted, with no difference figure.
 *
 * Persons are matched by track id.  pose.ids compares the sets of ids;
 * pose.positions (the 17 keypoints' x, y, z) and pose.confidence are vectors
 * over the matched persons, in A's order — present on a branch when it has a
 * person, incomparable when both have persons but none in common;
 * pose.lifecycle counts one (A, B) pair per person of either branch.
 *
 * Every figure is computed in double, sequentially in field and element
 * order: the same bits on every machine.  Only rv_ab_stats_new() allocates. */
#ifndef RUVIEW_AB_COMPARE_H
#define RUVIEW_AB_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/json.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  RV_AB_NUMBER,
  RV_AB_VECTOR,
  RV_AB_IDENTITY,
  RV_AB_CATEGORY
} RvAbKind;

/* How a NUMBER field's values are written (the type the result has). */
typedef enum
{
  RV_AB_TYPE_F32,
  RV_AB_TYPE_F64,
  RV_AB_TYPE_U64,
  RV_AB_TYPE_OTHER              /* vectors, identities, categories */
} RvAbType;

typedef enum
{
  /* the fused record (rvmultistaticfuse, blended by rvcirgate) */
  RV_AB_FUSED_FREQ_COHERENCE,
  RV_AB_FUSED_COHERENCE,        /* cross_node_coherence: blended or not */
  RV_AB_FUSED_ACTIVE_NODES,
  RV_AB_FUSED_WEIGHTS,
  RV_AB_FUSED_AMPLITUDE,
  /* quality meta (rvmultistaticfuse) */
  RV_AB_QUALITY_BASE_COHERENCE,
  RV_AB_QUALITY_PENALIZED_COHERENCE,
  RV_AB_QUALITY_CONFIDENCE_LOW,
  RV_AB_QUALITY_CONFIDENCE_HIGH,
  RV_AB_QUALITY_EVIDENCE,
  RV_AB_QUALITY_CONTRADICTIONS,
  RV_AB_QUALITY_PRIVACY_DEMOTION,
  /* gate meta (rvcirgate) */
  RV_AB_GATE_DECISION,
  RV_AB_GATE_DRIFT_PROFILE,
  RV_AB_GATE_SCORE,
  RV_AB_GATE_STALE_COUNT,
  /* CIR meta (rvcirgate) */
  RV_AB_CIR_ERROR,              /* "ok" or the estimator's error */
  RV_AB_CIR_BLENDED,
  RV_AB_CIR_DOMINANT_TAP,
  RV_AB_CIR_DOMINANT_RATIO,
  RV_AB_CIR_RESIDUAL,
  RV_AB_CIR_ITERATIONS,
  RV_AB_CIR_ACTIVE_TAPS,
  RV_AB_CIR_RANGING_VALID,
  RV_AB_CIR_RMS_DELAY_SPREAD,
  RV_AB_CIR_TAPS,
  /* occupancy meta (rvtomography) */
  RV_AB_OCCUPANCY_COUNT,
  RV_AB_OCCUPANCY_RESIDUAL,
  RV_AB_OCCUPANCY_ITERATIONS,
  RV_AB_OCCUPANCY_DENSITIES,
  /* pose meta (rvposetrack); the last four come from the persons */
  RV_AB_POSE_PERSONS,
  RV_AB_POSE_IDS,
  RV_AB_POSE_POSITIONS,
  RV_AB_POSE_CONFIDENCE,
  RV_AB_POSE_LIFECYCLE,
  /* witness meta (rvwitness) */
  RV_AB_WITNESS,
  RV_AB_WITNESS_CLASS,
  RV_AB_WITNESS_PRIVACY_MODE,
  RV_AB_WITNESS_DEMOTED,
  RV_AB_WITNESS_CHANGE_POINT,
  RV_AB_WITNESS_RECALIBRATION,
  RV_AB_WITNESS_BASE_COHERENCE,
  RV_AB_WITNESS_PENALIZED_COHERENCE,
  RV_AB_N_FIELDS
} RvAbField;

/* "fused.cross_node_coherence", … (NULL out of range) */
const char *rv_ab_field_path (RvAbField f);
RvAbKind rv_ab_field_kind (RvAbField f);
RvAbType rv_ab_field_type (RvAbField f);
/* The field of a path, or RV_AB_N_FIELDS. */
RvAbField rv_ab_field_from_path (const char *path);

#define RV_AB_MAX_PERSONS   16
#define RV_AB_KEYPOINTS     17
#define RV_AB_LABEL_MAX     32  /* labels are cut to 31 bytes in the tables */

typedef struct
{
  uint32_t id;
  const char *lifecycle;
  double confidence;
  double keypoints[RV_AB_KEYPOINTS * 3];        /* x, y, z per keypoint */
} RvAbPerson;

/* One field's value on a branch.  Pointers are the caller's and must stay
 * valid while the branch is compared and written. */
typedef struct
{
  int present;
  double number;                /* NUMBER */
  const float *f32;             /* VECTOR: f32 or f64 elements, n of them */
  const double *f64;            /*   (complex fields: n floats, n/2 pairs) */
  size_t n;
  const uint8_t *bytes;         /* IDENTITY */
  const char *label;            /* CATEGORY */
} RvAbValue;

typedef struct
{
  RvAbValue v[RV_AB_N_FIELDS];
  unsigned n_persons;
  RvAbPerson persons[RV_AB_MAX_PERSONS];
  /* scratch of the derived person vectors (set by rv_ab_compare) */
  double matched_keypoints[RV_AB_MAX_PERSONS * RV_AB_KEYPOINTS * 3];
  double matched_confidence[RV_AB_MAX_PERSONS];
} RvAbBranch;

/* Every field absent, no persons. */
void rv_ab_branch_clear (RvAbBranch * b);
void rv_ab_set_number (RvAbBranch * b, RvAbField f, double v);
/* n elements (floats, not pairs, for a complex field) */
void rv_ab_set_f32s (RvAbBranch * b, RvAbField f, const float *v, size_t n);
void rv_ab_set_f64s (RvAbBranch * b, RvAbField f, const double *v, size_t n);
void rv_ab_set_bytes (RvAbBranch * b, RvAbField f, const uint8_t * bytes,
    size_t n);
/* label NULL: the field stays absent */
void rv_ab_set_label (RvAbBranch * b, RvAbField f, const char *label);
void rv_ab_set_bool (RvAbBranch * b, RvAbField f, int v);
/* The pose meta: the number of persons is set (pose.persons, pose.ids) and
 * persons are added with rv_ab_add_person.  Returns 0 when full. */
void rv_ab_set_pose (RvAbBranch * b);
int rv_ab_add_person (RvAbBranch * b, uint32_t id, const char *lifecycle,
    double confidence, const double keypoints[RV_AB_KEYPOINTS * 3]);

typedef enum
{
  RV_AB_NEITHER = 0,
  RV_AB_BOTH,
  RV_AB_ONLY_A,
  RV_AB_ONLY_B
} RvAbPresence;

typedef struct
{
  RvAbPresence presence;
  int equal;                    /* BOTH and the same */
  int comparable;               /* BOTH: abs_diff / rel_diff are defined */
  double abs_diff, rel_diff;
  const char *label_a, *label_b;        /* CATEGORY (NULL: absent) */
} RvAbFieldDiff;

/* pose.lifecycle of one person (NULL: the branch has no such person) */
typedef struct
{
  uint32_t id;
  const char *a, *b;
} RvAbPersonPair;

typedef struct
{
  RvAbFieldDiff f[RV_AB_N_FIELDS];
  unsigned n_person_pairs;
  RvAbPersonPair person_pairs[2 * RV_AB_MAX_PERSONS];
  unsigned n_matched;           /* persons in both branches */
  int equal;                    /* no field differs */
} RvAbDiff;

/* Compares A with B.  The diff refers to both branches' labels: use it
 * while they live.  a and b are not const: their person scratch is set. */
void rv_ab_compare (RvAbBranch * a, RvAbBranch * b, RvAbDiff * d);

/* Whether field f differs in d (only one branch has it, the values differ,
 * or a category's labels differ). */
int rv_ab_field_differs (const RvAbDiff * d, RvAbField f);

/* ---------------------------------------------------------- statistics */

typedef struct
{
  char a[RV_AB_LABEL_MAX], b[RV_AB_LABEL_MAX];
  uint64_t count;
} RvAbCell;

#define RV_AB_MAX_CELLS 32

typedef struct
{
  uint64_t compared;            /* cycles both branches had it */
  uint64_t equal;
  uint64_t only_a, only_b;
  uint64_t incomparable;
  double max_abs, sum_abs, max_rel;     /* over the comparable cycles */
  /* CATEGORY: the confusion table, in order of first appearance; pairs
   * beyond RV_AB_MAX_CELLS are counted in other */
  unsigned n_cells;
  uint64_t other;
  RvAbCell cells[RV_AB_MAX_CELLS];
} RvAbFieldStats;

typedef struct
{
  uint64_t cycles;              /* diffs added */
  uint64_t equal_cycles;        /* of which no field differed */
  RvAbFieldStats f[RV_AB_N_FIELDS];
} RvAbStats;

RvAbStats *rv_ab_stats_new (void);
void rv_ab_stats_free (RvAbStats * s);
void rv_ab_stats_reset (RvAbStats * s);
void rv_ab_stats_add (RvAbStats * s, const RvAbDiff * d);
/* Whether field f differed in at least one cycle. */
int rv_ab_stats_changed (const RvAbStats * s, RvAbField f);
/* The count of cell (a, b) of a CATEGORY field ("none" for absent). */
uint64_t rv_ab_stats_cell (const RvAbStats * s, RvAbField f, const char *a,
    const char *b);

/* ---------------------------------------------------------- timing */

/* Wall-clock durations (µs) of a branch's cycles. */
typedef struct
{
  uint64_t n;
  double sum_us, max_us;
} RvAbTiming;

void rv_ab_timing_add (RvAbTiming * t, double us);

/* ---------------------------------------------------------- JSON */

/* The differing fields of d as one object {path: {…}, …} (a value: write
 * its key first).  NUMBER: {"a", "b", "abs_diff"}; VECTOR: {"n_a", "n_b",
 * "abs_diff", "rel_diff"}; IDENTITY: {"a", "b"} (hex, or the id arrays);
 * CATEGORY: {"a", "b"}; pose.lifecycle: [{"id", "a", "b"}, …].  An absent
 * side is null. */
void rv_ab_write_diff (RvJsonWriter * w, const RvAbDiff * d,
    const RvAbBranch * a, const RvAbBranch * b);
/* Every non-CATEGORY field seen: {path: {"compared", "equal", "only_a",
 * "only_b", "incomparable"[, "max_abs_diff", "mean_abs_diff",
 * "max_rel_diff"]}, …}; the figures are null with no comparable cycle. */
void rv_ab_write_fields (RvJsonWriter * w, const RvAbStats * s);
/* Every CATEGORY field seen: {path: {"<A>/<B>": count, …}, …} */
void rv_ab_write_decisions (RvJsonWriter * w, const RvAbStats * s);
/* ["path", …]: the fields that differed at least once */
void rv_ab_write_changed (RvJsonWriter * w, const RvAbStats * s);
/* {"cycles", "mean_us", "max_us"}, null when nothing was measured */
void rv_ab_write_timing (RvJsonWriter * w, const RvAbTiming * t);

#ifdef __cplusplus
}
#endif
#endif
