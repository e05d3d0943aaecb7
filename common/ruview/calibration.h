/* libruview — empty-room baseline calibration, ADR-135 (frontend.md §5).
 *
 * Frames are complex f64 grids given as `double *data`, interleaved (re, im),
 * row-major `rows × cols` (stream-major, like CsiFrame.data).  Statistics
 * and deviation use row 0 only, first min(n_active, cols) columns.
 *
 * No wall-clock reads: the recorder's start time is an explicit input.
 * Recorders and baselines own their scratch (sized at construction): record,
 * deviation, subtract and apply never allocate. */
#ifndef RUVIEW_CALIBRATION_H
#define RUVIEW_CALIBRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_CALIBRATION_MAGIC                0xCA1B0001u
#define RV_CALIBRATION_VERSION              1
#define RV_CALIBRATION_HEADER_LEN           28      /* bytes before the records */
#define RV_CALIBRATION_RECORD_LEN           16
#define RV_CALIBRATION_DEFAULT_MIN_FRAMES   600
#define RV_CALIBRATION_AMP_STD_FLOOR        1e-12f
#define RV_CALIBRATION_MOTION_AMP_Z         2.0f
#define RV_CALIBRATION_MOTION_PHASE_DRIFT   0.52359879f  /* PI/6 in f32, 0x3F060A92 */
#define RV_CALIBRATION_SUBTRACT_MIN_NORM    1e-30

typedef enum {
  RV_PHY_TIER_HT20 = 0,   /* 64 FFT, 52 active */
  RV_PHY_TIER_HT40 = 1,   /* 128, 114 */
  RV_PHY_TIER_HE20 = 2,   /* 256, 256 (issue #1009) */
  RV_PHY_TIER_HE40 = 3,   /* 512, 484 */
} RvPhyTier;

typedef enum {
  RV_CALIBRATION_OK = 0,
  RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH,   /* info: expected, got */
  RV_CALIBRATION_ERROR_TIER_MISMATCH,         /* never produced (as upstream) */
  RV_CALIBRATION_ERROR_INSUFFICIENT_FRAMES,   /* info: got, need */
  RV_CALIBRATION_ERROR_VERSION_MISMATCH,      /* info: got (version), need (= 1) */
  RV_CALIBRATION_ERROR_TRUNCATED_BUFFER,      /* info: got (len), need */
  RV_CALIBRATION_ERROR_INVALID_MAGIC,         /* info: magic */
  RV_CALIBRATION_ERROR_UNKNOWN_TIER,          /* info: got (tier byte) */
  RV_CALIBRATION_ERROR_NON_FINITE,            /* (C only) NaN reached a median */
  RV_CALIBRATION_ERROR_INVALID_CONFIG,
  RV_CALIBRATION_ERROR_INVALID_ARGUMENT,
  RV_CALIBRATION_ERROR_OUT_OF_MEMORY,
} RvCalibrationError;

const char *rv_calibration_error_str (RvCalibrationError e);

typedef struct {
  uint64_t expected, got, need;
  uint32_t magic;
} RvCalibrationErrorInfo;

/* Tier table (§5.1). */
size_t rv_phy_tier_num_subcarriers (RvPhyTier t);   /* 64/128/256/512 */
size_t rv_phy_tier_num_active (RvPhyTier t);        /* 52/114/256/484 */
const char *rv_phy_tier_name (RvPhyTier t);          /* "Ht20", … */

/* Tier whose recorder accepts a frame `cols` wide (num_active or
 * num_subcarriers): 52/64 → Ht20, 114/128 → Ht40, 256 → He20, 484/512 →
 * He40.  false for any other width. */
bool rv_phy_tier_from_width (size_t cols, RvPhyTier *out);

typedef struct {
  RvPhyTier tier;
  size_t num_subcarriers;
  size_t num_active;
  uint32_t min_frames;
  float max_phase_variance;    /* 0.3, never read */
} RvCalibrationConfig;

/* ht20()/ht40()/he20()/he40() defaults. */
void rv_calibration_config_for_tier (RvCalibrationConfig *cfg, RvPhyTier tier);

/* Per-frame deviation score (CalibrationDeviationScore). */
typedef struct {
  float amplitude_z_median;
  float amplitude_z_max;
  float phase_drift_median;
  bool motion_flagged;
} RvCalibrationScore;

typedef struct {
  float amp_mean;
  float amp_variance;
  float phase_mean;
  float phase_dispersion;
} RvSubcarrierBaseline;

/* BaselineCalibration.  Allocated by rv_baseline_new / finalize / from_bytes,
 * released with rv_baseline_free.  `scratch` is private. */
typedef struct {
  RvPhyTier tier;
  int64_t captured_at_unix_s;
  uint64_t frame_count;
  size_t n;                          /* subcarriers.len() */
  RvSubcarrierBaseline *subcarriers;
  float *scratch;                    /* private: 2·n floats for medians */
} RvBaseline;

/* A zeroed baseline of n subcarriers (tests, manual construction). */
RvBaseline *rv_baseline_new (RvPhyTier tier, int64_t captured_at_unix_s,
                             uint64_t frame_count, size_t n);
void rv_baseline_free (RvBaseline *b);

/* §5.5 (b is non-const only for its scratch). */
RvCalibrationError rv_baseline_deviation (RvBaseline *b, const double *data,
                                          size_t rows, size_t cols,
                                          RvCalibrationScore *out,
                                          RvCalibrationErrorInfo *info);
/* §5.6: in place on every row; columns ≥ n untouched. */
RvCalibrationError rv_baseline_subtract_in_place (const RvBaseline *b, double *data,
                                                  size_t rows, size_t cols,
                                                  RvCalibrationErrorInfo *info);
/* subtract, then report the id to stamp (calibration_id_out may be NULL). */
RvCalibrationError rv_baseline_apply (const RvBaseline *b, double *data,
                                      size_t rows, size_t cols,
                                      uint64_t *calibration_id_out,
                                      RvCalibrationErrorInfo *info);

/* §5.7 */
uint64_t rv_calibration_id (int64_t captured_at_unix_s, uint64_t frame_count,
                            uint64_t n_subcarriers, RvPhyTier tier);
uint64_t rv_baseline_calibration_id (const RvBaseline *b);
/* UUID from_u128(id): 8 zero bytes then id big-endian. */
void rv_calibration_uuid_bytes (uint64_t id, uint8_t uuid[16]);
/* "00000000-0000-0000-hhhh-hhhhhhhhhhhh" (lower-case), buf ≥ 37 bytes. */
void rv_calibration_uuid_string (uint64_t id, char buf[37]);

/* §5.8: out has 2·n floats, interleaved (re, im). */
void rv_baseline_reference_csi (const RvBaseline *b, float *out);

/* §5.9 */
size_t rv_baseline_serialized_size (const RvBaseline *b);   /* 28 + 16 n */
/* Returns bytes written, or 0 if cap is too small. */
size_t rv_baseline_to_bytes (const RvBaseline *b, uint8_t *buf, size_t cap);
/* Checks in order: len < 28, magic, version, tier, len < 28 + 16 n. */
RvCalibrationError rv_baseline_from_bytes (const uint8_t *buf, size_t len,
                                           RvBaseline **out,
                                           RvCalibrationErrorInfo *info);

/* §5.10 proof payload: tier byte, frame_count u64 LE, then per subcarrier
 * 4 × u16 LE quantised values.  Size 9 + 8 n; returns bytes written or 0. */
size_t rv_baseline_proof_payload (const RvBaseline *b, uint8_t *buf, size_t cap);

/* Median (§5.3): empty → 0; odd → middle; even → (v[m−1] + v[m]) / 2 (f32).
 * Reorders v in place (partial selection, no full sort).  NaN entries are
 * ordered last (upstream behaviour with NaN is unspecified). */
float rv_calibration_median (float *v, size_t n);

/* circ_dist (§5.3), f32. */
float rv_calibration_circ_dist (float a, float b);

/* Signed per-subcarrier amplitude z-scores against the baseline, exactly as
 * deviation() computes them (§5.5): z_out has n entries; *n_out = taken
 * columns (min(n, cols)).  Same acceptance rule and errors as deviation. */
RvCalibrationError rv_baseline_zscores (const RvBaseline *b, const double *data,
                                        size_t rows, size_t cols, float *z_out,
                                        size_t *n_out, RvCalibrationErrorInfo *info);

/* ---- ADR-135 §2.5 stale-baseline statistic (not implemented upstream;
 * frontend.md §5.10 gives the parameters) ----
 * drift_score(t) = mean_k( median over the last W frames of z_k² ), f32,
 * mean as an ascending acc(+0) sum over k divided by n.  `above` is true
 * once the window is full and the score exceeds the threshold (a warning);
 * `stale` once above has held for `sustain` consecutive frames (a
 * BaselineDrift event).  Each window is kept sorted (insert/remove), so a
 * push costs O(n·W) moves and no sort; the medians equal those of §5.3. */
#define RV_CALIBRATION_DRIFT_WINDOW     300
#define RV_CALIBRATION_DRIFT_THRESHOLD  4.0f
#define RV_CALIBRATION_DRIFT_SUSTAIN    900

typedef struct {
  float drift_score;
  size_t frames_in_window;     /* ≤ W */
  bool above;                  /* window full and score > threshold */
  uint64_t sustained_frames;   /* consecutive frames with `above` */
  bool stale;                  /* sustained_frames ≥ sustain */
} RvCalibrationDriftState;

typedef struct RvCalibrationDrift RvCalibrationDrift;

/* n ≥ 1 subcarriers, window ≥ 1, finite threshold. */
RvCalibrationDrift *rv_calibration_drift_new (size_t n, size_t window, float threshold,
                                              uint64_t sustain);
void rv_calibration_drift_free (RvCalibrationDrift *d);
void rv_calibration_drift_reset (RvCalibrationDrift *d);
/* z has exactly n entries (signed or not; squared here).  A NaN z is
 * rejected (RV_CALIBRATION_ERROR_NON_FINITE) before any state changes. */
RvCalibrationError rv_calibration_drift_push (RvCalibrationDrift *d, const float *z,
                                              size_t n, RvCalibrationDriftState *out);

typedef struct RvCalibrationRecorder RvCalibrationRecorder;

/* cfg validated (tier valid, 0 < num_active ≤ num_subcarriers).
 * started_at_unix_s becomes the baseline's captured_at_unix_s. */
RvCalibrationRecorder *rv_calibration_recorder_new (const RvCalibrationConfig *cfg,
                                                    int64_t started_at_unix_s,
                                                    RvCalibrationError *err);
void rv_calibration_recorder_free (RvCalibrationRecorder *r);
/* Forget everything recorded and restart at started_at_unix_s. */
void rv_calibration_recorder_reset (RvCalibrationRecorder *r, int64_t started_at_unix_s);
const RvCalibrationConfig *rv_calibration_recorder_config (const RvCalibrationRecorder *r);
uint32_t rv_calibration_recorder_frames_recorded (const RvCalibrationRecorder *r);

/* §5.3 record(): accumulates, then scores the frame against the updated
 * partial statistics (out may be NULL). */
RvCalibrationError rv_calibration_recorder_record (RvCalibrationRecorder *r,
                                                   const double *data,
                                                   size_t rows, size_t cols,
                                                   RvCalibrationScore *out,
                                                   RvCalibrationErrorInfo *info);
/* §5.4 finalize() (recorder left intact). */
RvCalibrationError rv_calibration_recorder_finalize (const RvCalibrationRecorder *r,
                                                     RvBaseline **out,
                                                     RvCalibrationErrorInfo *info);

#ifdef __cplusplus
}
#endif
#endif
