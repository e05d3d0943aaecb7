/* libruview — 17-keypoint Kalman pose tracker, the sensing-server bridge
 * (greedy association and lifecycle driving) and the helpers that exist
 * upstream beside it (engine.md §3.1–§3.4, §3.6).
 *
 * Everything is f32 in the spec's order (bit-exact Kalman goldens, §3.1).
 * The tracker owns a fixed pool of `max_tracks` tracks and their embeddings,
 * allocated at construction: predict/associate/update never allocate.
 * There is no clock in here: the caller passes dt (seconds) and timestamps. */
#ifndef RUVIEW_POSE_TRACKER_H
#define RUVIEW_POSE_TRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_POSE_KEYPOINTS 17
#define RV_POSE_MAX_PRIOR 32     /* trajectory prior waypoints kept per track */

/* COCO-17 name of keypoint i ("nose" … "right_ankle"), NULL if out of range. */
const char *rv_coco_keypoint_name (size_t i);
/* Case-insensitive (ASCII) lookup; −1 when unknown. */
int rv_coco_keypoint_index (const char *name);

typedef enum {
  RV_POSE_OK = 0,
  RV_POSE_ERROR_INVALID_CONFIG,
  RV_POSE_ERROR_NO_MEMORY,
  RV_POSE_ERROR_TOO_MANY_TRACKS,     /* pool full: detection dropped */
  RV_POSE_ERROR_INVALID_ARGUMENT,
} RvPoseError;

const char *rv_pose_error_str (RvPoseError e);

/* ---- §3.1 per-keypoint Kalman state ---- */
typedef struct {
  float state[6];        /* x, y, z, vx, vy, vz */
  float cov[21];         /* upper triangle, row-major */
  float confidence;      /* 0, never written upstream */
} RvKeypointState;

void  rv_keypoint_init (RvKeypointState *k, float x, float y, float z);
void  rv_keypoint_predict (RvKeypointState *k, float dt, float accel_noise);
void  rv_keypoint_update (RvKeypointState *k, const float m[3], float sigma, float mult);
float rv_keypoint_mahalanobis (const RvKeypointState *k, const float m[3]);

/* ---- §3.2 track ---- */
typedef enum {
  RV_TRACK_TENTATIVE = 0,
  RV_TRACK_ACTIVE,
  RV_TRACK_LOST,
  RV_TRACK_TERMINATED,
} RvTrackLifecycle;

bool rv_track_lifecycle_is_alive (RvTrackLifecycle s);        /* T, A, L */
bool rv_track_lifecycle_accepts_updates (RvTrackLifecycle s); /* T, A */
const char *rv_track_lifecycle_name (RvTrackLifecycle s);

typedef struct {
  uint64_t id;
  RvKeypointState kp[RV_POSE_KEYPOINTS];
  RvTrackLifecycle lifecycle;
  float *embedding;              /* embedding_dim floats (tracker-owned) */
  size_t embedding_dim;
  uint64_t age, time_since_update, consecutive_hits;
  uint64_t created_at_us, updated_at_us;
  float prior[RV_POSE_MAX_PRIOR][3];   /* trajectory prior queue */
  size_t prior_head, prior_len;
} RvPoseTrack;

void rv_pose_track_predict (RvPoseTrack *t, float dt, float accel_noise);
void rv_pose_track_update_keypoints (RvPoseTrack *t, const float meas[RV_POSE_KEYPOINTS][3],
                                     float sigma, float mult, uint64_t t_us);
void rv_pose_track_centroid (const RvPoseTrack *t, float c[3]);
/* EMA decay*e + (1−decay)*new; ignored when n ≠ embedding_dim. */
void rv_pose_track_update_embedding (RvPoseTrack *t, const float *e, size_t n, float decay);
void rv_pose_track_mark_lost (RvPoseTrack *t);     /* never overrides Terminated */
void rv_pose_track_terminate (RvPoseTrack *t);
float rv_pose_track_torso_jitter_rms (const RvPoseTrack *t);
/* Replace the trajectory prior (at most RV_POSE_MAX_PRIOR waypoints kept). */
void rv_pose_track_set_prior (RvPoseTrack *t, const float (*wp)[3], size_t n);

/* ---- §3.3 tracker ---- */
typedef struct {
  float    process_noise;        /* 0.3 */
  float    measurement_noise;    /* 0.08: σ of the bridge update (upstream hard-codes 0.08) */
  float    mahalanobis_gate;     /* 9.0: bridge acceptance gate (upstream hard-codes 9.0) */
  uint64_t birth_hits;           /* 2 (hard-coded upstream) */
  uint64_t loss_misses;          /* 5 */
  uint64_t reid_window;          /* 100 */
  float    embedding_decay;      /* 0.95 */
  size_t   embedding_dim;        /* 128 */
  float    position_weight;      /* 0.6 */
  float    embedding_weight;     /* 0.4 */
  size_t   max_tracks;           /* (C only) pool size, 64 */
} RvPoseTrackerConfig;

void rv_pose_tracker_config_default (RvPoseTrackerConfig *c);

typedef struct RvPoseTracker RvPoseTracker;

RvPoseTracker *rv_pose_tracker_new (const RvPoseTrackerConfig *c, RvPoseError *err);
void rv_pose_tracker_free (RvPoseTracker *t);
const RvPoseTrackerConfig *rv_pose_tracker_config (const RvPoseTracker *t);

/* Tracks in vector (creation) order, including terminated ones until pruned. */
size_t rv_pose_tracker_n_tracks (const RvPoseTracker *t);
RvPoseTrack *rv_pose_tracker_track (RvPoseTracker *t, size_t i);
RvPoseTrack *rv_pose_tracker_find (RvPoseTracker *t, uint64_t id);
size_t rv_pose_tracker_active_count (const RvPoseTracker *t);   /* alive */
uint64_t rv_pose_tracker_next_id (const RvPoseTracker *t);

void rv_pose_tracker_predict_all (RvPoseTracker *t, float dt);
/* New Tentative track (ids from 0).  TOO_MANY_TRACKS when the pool is full. */
RvPoseError rv_pose_tracker_create_track (RvPoseTracker *t,
                                          const float kp[RV_POSE_KEYPOINTS][3],
                                          uint64_t t_us, uint64_t *id_out);
void rv_pose_tracker_prune_terminated (RvPoseTracker *t);
/* position_weight·maha(fresh state at track centroid, det) +
 * embedding_weight·(1 − cos(track.embedding, det_emb)). */
float rv_pose_tracker_assignment_cost (const RvPoseTracker *t, const RvPoseTrack *track,
                                       const float det_centroid[3],
                                       const float *det_emb, size_t n_emb);

float rv_cosine_similarity (const float *a, size_t na, const float *b, size_t nb);

/* ---- §3.4 bridge: detections → tracker → published persons ---- */

/* A detection keypoint by COCO name (pixel units as produced by §3.5). */
typedef struct {
  const char *name;
  double x, y, z, confidence;
} RvNamedKeypoint;

/* Map named keypoints to 17×[x,y,z] f32; unmapped slots get the f32 centroid
 * of the mapped ones (0 if none). */
void rv_pose_detection_from_named (const RvNamedKeypoint *kps, size_t n,
                                   float out[RV_POSE_KEYPOINTS][3]);
/* Seq-sum of the 17 positions / 17 (f32). */
void rv_pose_detection_centroid (const float kp[RV_POSE_KEYPOINTS][3], float c[3]);

typedef struct {
  uint32_t id;                            /* track id */
  RvTrackLifecycle lifecycle;             /* Tentative or Active (confirmed only) */
  double confidence;                      /* 0.9 Active, 0.5 Tentative */
  double kp[RV_POSE_KEYPOINTS][3];        /* Kalman positions f32→f64 */
  double kp_confidence[RV_POSE_KEYPOINTS];/* always 0.0 */
  double bbox_x, bbox_y, bbox_w, bbox_h;  /* fallback {cx−0.3, cy−0.5, 0.6, 1.0} */
} RvTrackedPerson;

/* One tracker_update (§3.4) with caller-provided dt (0.1 on a first call is
 * the caller's job) and timestamp.  Writes at most out_cap persons (the
 * confirmed tracks touched this call, in tracker order) and returns how many
 * there were (may exceed out_cap).  dropped (may be NULL) counts detections
 * that found no free track slot. */
size_t rv_pose_tracker_bridge_update (RvPoseTracker *t, float dt, uint64_t t_us,
                                      const float (*dets)[RV_POSE_KEYPOINTS][3], size_t n_dets,
                                      RvTrackedPerson *out, size_t out_cap, size_t *dropped);

/* persons[] entry of sensing_update (engine.md §8.3) for a tracked person:
 * {"id","confidence","keypoints":[{"name","x","y","z","confidence"}×17],
 *  "bbox":{"x","y","width","height"},"zone":"tracked","position":[x,y,z],
 *  "motion_score"} (+ "pose" when pose != NULL); lifecycle is not part of
 * the upstream schema and is left to the caller. */
/* The "keypoints" (only when with_keypoints) and "bbox" members of a tracked
 * person, written into an open JSON object (shared by the persons[] entry
 * below and the pose meta). */
void rv_tracked_person_write_body (RvJsonWriter *w, const RvTrackedPerson *p,
                                   bool with_keypoints);
void rv_tracked_person_write_json (RvJsonWriter *w, const RvTrackedPerson *p,
                                   const double position[3], double motion_score,
                                   const char *pose);

/* ---- §3.6 helpers (present upstream, not on the live path) ---- */

/* Jakobsen relaxation over the 12 bones, 3 passes. */
void rv_skeleton_enforce_constraints (float kp[RV_POSE_KEYPOINTS][3]);

/* Two-tier history: hot f32 ring → warm i16 ring. */
typedef struct RvPoseHistory RvPoseHistory;
RvPoseHistory *rv_pose_history_new (size_t max_hot, size_t max_warm, float scale);
void   rv_pose_history_free (RvPoseHistory *h);
void   rv_pose_history_push (RvPoseHistory *h, const float pose[RV_POSE_KEYPOINTS][3]);
float  rv_pose_history_similarity (const RvPoseHistory *h, const float pose[RV_POSE_KEYPOINTS][3]);
size_t rv_pose_history_len (const RvPoseHistory *h);
size_t rv_pose_history_warm_len (const RvPoseHistory *h);
/* Warm entry i (0 = oldest), de-quantised; false if out of range. */
bool   rv_pose_history_warm_get (const RvPoseHistory *h, size_t i, float pose[RV_POSE_KEYPOINTS][3]);

/* Sliding-window exponential-decay smoother with ±20 % bone clamp. */
typedef struct RvTemporalAttention RvTemporalAttention;
RvTemporalAttention *rv_temporal_attention_new (size_t window, float decay);
void   rv_temporal_attention_free (RvTemporalAttention *a);
void   rv_temporal_attention_smooth (RvTemporalAttention *a,
                                     const float cur[RV_POSE_KEYPOINTS][3],
                                     float out[RV_POSE_KEYPOINTS][3]);
size_t rv_temporal_attention_len (const RvTemporalAttention *a);
void   rv_temporal_attention_clear (RvTemporalAttention *a);

/* compiler-rt __powisf2 (engine.md §0). */
float rv_pose_powi_f32 (float a, int k);

#ifdef __cplusplus
}
#endif
#endif
