/* libruview — RuView's `sensing_update` document (the message a RuView web
 * UI reads from /ws/sensing) and the little math it needs.
 *
 * The document, keys in this order (optional members omitted when absent):
 *   type "sensing_update", timestamp (f64 Unix s, ms resolution), source,
 *   tick (u64), nodes[], features{}, classification{}, signal_field{},
 *   persons[] (omitted when none), estimated_persons (omitted when 0),
 *   node_features[] (omitted when there are no nodes);
 * then gst-ruview's own members, which RuView's UI ignores:
 *   room {bounds [xmin, ymin, zmin, xmax, ymax, zmax] (m, room frame: the
 *     area signal_field covers)} (omitted without occupancy),
 *   fusion {cross_node_coherence (f32), nodes[{node_id, status
 *     "fused"|"absent"|"rejected", weight (f32)}]},
 *   gate {coherence_score (f32), decision} (omitted without a gate),
 *   trust {last_witness (64 hex digits), effective_class, demoted,
 *     recalibration_recommended, engine_error_count,
 *     raw_outputs_suppressed} (omitted without a witness).
 * Floats are the shortest decimal that round-trips in their own type.
 *
 * Coordinates: RuView's viewers are y-up (floor = x, z).  A room position
 * (x, y) on the floor at height h is published as [x, h, y] in metres.
 *
 * signal_field (a 20 × 1 × 20 grid, values in [0, 1], index z·20 + x):
 *   1. column maximum of the occupancy densities over height:
 *        c[iy][ix] = max over iz of d[iz][iy][ix]   (ix < nx, iy < ny);
 *   2. bilinear resampling of c at the 20 × 20 cell centres, with the
 *      nx × ny values taken at their voxel centres and clamped at the edges:
 *        u = (fx + 0.5)·nx/20 − 0.5, clamped to [0, nx − 1] (same for fz
 *        with ny), i0 = floor(u), i1 = min(i0 + 1, nx − 1), t = u − i0,
 *        value = (1−t)(1−s)·c00 + t(1−s)·c10 + (1−t)s·c01 + ts·c11
 *        (in this order, f64);
 *   3. normalisation: v / max(field maximum, RV_FIELD_FLOOR), clamped to
 *      [0, 1] (non-finite → 0).  The floor is the tomography's "occupied"
 *      density, so an empty room stays dark instead of being stretched to
 *      full scale.
 *   Field column fx runs along the room's x axis, row fz along its y axis.
 *
 * persons[].position: the peaks of the field (cells ≥ 0.35, by value
 * descending, ties by index ascending, accepted when ≥ 3 cells (Euclidean,
 * in cell units) from every accepted peak), peak i for person i (peak 0
 * when there are fewer peaks, [0, 0, 0] when there is none), placed at the
 * cell centre in room metres through the occupancy bounds.
 *
 * Nothing here allocates. */
#ifndef RUVIEW_SENSING_UPDATE_H
#define RUVIEW_SENSING_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/json.h"
#include "ruview/pose_heuristic.h"
#include "ruview/pose_tracker.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_FIELD_GRID        20
#define RV_FIELD_CELLS       (RV_FIELD_GRID * RV_FIELD_GRID)
#define RV_FIELD_FLOOR       0.01     /* density counted as occupied */
#define RV_FIELD_PEAK_MIN    0.35
#define RV_FIELD_PEAK_SEP    3.0      /* cells */
#define RV_SENSING_MAX_AMPLITUDE 56   /* values per node in nodes[].amplitude */
#define RV_SENSING_STALE_MS  5000     /* node_features[].stale threshold */

/* nodes[] entry. */
typedef struct {
  uint32_t node_id;
  double rssi_dbm;
  double position[3];           /* [x, height, y] m */
  const float *amplitude;       /* first min(n_amplitude, 56) written; NULL → [] */
  size_t n_amplitude;
  uint64_t subcarrier_count;
} RvSuNode;

/* node_features[] entry. */
typedef struct {
  uint32_t node_id;
  RvSensingFeatures features;
  RvClassification classification;
  double rssi_dbm;
  uint64_t last_seen_ms;        /* age of the node's latest frame */
} RvSuNodeFeatures;

/* fusion.nodes[] entry. */
typedef struct {
  uint32_t node_id;
  const char *status;           /* "fused", "absent", "rejected" */
  float weight;
} RvSuFusionNode;

/* trust member (the witness of the cycle). */
typedef struct {
  char last_witness[65];
  const char *effective_class;
  bool demoted;
  bool recalibration_recommended;
  uint64_t engine_error_count;
  bool raw_outputs_suppressed;
} RvSuTrust;

typedef struct {
  double timestamp;             /* rv_sensing_timestamp_s */
  const char *source;
  uint64_t tick;
  const RvSuNode *nodes;
  size_t n_nodes;
  RvSensingFeatures features;
  RvClassification classification;
  const double *field;          /* RV_FIELD_CELLS values; NULL → zeros */
  const RvTrackedPerson *persons;
  const double (*person_position)[3];   /* n_persons, [x, 0, y] m */
  size_t n_persons;
  double motion_score;          /* rv_sensing_motion_score */
  const RvSuNodeFeatures *node_features;
  size_t n_node_features;
  /* gst-ruview members */
  const double *room_bounds;    /* 6 values; NULL: omitted */
  float cross_node_coherence;
  const RvSuFusionNode *fusion_nodes;
  size_t n_fusion_nodes;
  bool has_gate;
  float coherence_score;
  const char *gate_decision;
  const RvSuTrust *trust;       /* NULL: omitted */
} RvSensingUpdate;

/* The `features` and `classification` objects (shared with the sensing
 * meta's JSON). */
void rv_sensing_features_write_json (RvJsonWriter *w,
                                     const RvSensingFeatures *f);
void rv_classification_write_json (RvJsonWriter *w, const RvClassification *c);

/* Writes the whole document (one JSON object, no newline). */
void rv_sensing_update_write (RvJsonWriter *w, const RvSensingUpdate *u);

/* Unix seconds with millisecond resolution: floor(us / 1000) / 1000. */
double rv_sensing_timestamp_s (uint64_t timestamp_us);

/* clamp(motion_band_power, 0, 100) (0 for NaN). */
double rv_sensing_motion_score (double motion_band_power);

/* (now − then) in whole ms, 0 when then > now, UINT64_MAX when then is 0
 * (never seen). */
uint64_t rv_sensing_age_ms (uint64_t now_us, uint64_t then_us);

/* Room position (x, y, height) → published [x, height, y]. */
void rv_sensing_room_to_published (const double room[3], double out[3]);

/* The signal field of an nx × ny × nz volume (idx = iz·ny·nx + iy·nx + ix)
 * as described above.  dens NULL or a zero dimension → all zeros.
 * Returns 0, −1 on a zero dimension or NULL input. */
int rv_signal_field_from_volume (const double *dens, unsigned nx,
                                 unsigned ny, unsigned nz,
                                 double field[RV_FIELD_CELLS]);

/* Up to max peak cell indices (z·20 + x) into cells; returns the count. */
size_t rv_signal_field_peaks (const double field[RV_FIELD_CELLS], size_t max,
                              unsigned *cells);

/* Centre of a field cell in room metres, published order [x, 0, y];
 * bounds = xmin, ymin, zmin, xmax, ymax, zmax. */
void rv_signal_field_cell_position (unsigned cell, const double bounds[6],
                                    double out[3]);

#ifdef __cplusplus
}
#endif
#endif
