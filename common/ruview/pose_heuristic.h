/* libruview — the sensing server's heuristic skeleton generator
 * (engine.md §3.5): 17 COCO keypoints per person in a ~640×480 pixel frame,
 * derived from the fused features and classification (no model).  All f64.
 * The inputs are plain structs; tick is the caller's update counter. */
#ifndef RUVIEW_POSE_HEURISTIC_H
#define RUVIEW_POSE_HEURISTIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/pose_tracker.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `features` of a sensing_update (engine.md §8.3). */
typedef struct {
  double mean_rssi;
  double variance;
  double motion_band_power;
  double breathing_band_power;
  double dominant_freq_hz;
  uint64_t change_points;
  double spectral_power;
} RvSensingFeatures;

typedef enum {
  RV_MOTION_ABSENT = 0,
  RV_MOTION_PRESENT_STILL,
  RV_MOTION_PRESENT_MOVING,
  RV_MOTION_ACTIVE,
} RvMotionLevel;

/* "absent" | "present_still" | "present_moving" | "active". */
const char *rv_motion_level_name (RvMotionLevel l);

typedef struct {
  RvMotionLevel motion_level;
  bool presence;
  double confidence;
} RvClassification;

/* Optional vital signs (only breathing_rate_bpm is read). */
typedef struct {
  bool has_breathing_rate;
  double breathing_rate_bpm;
  bool has_heart_rate;
  double heart_rate_bpm;
  double breathing_confidence, heartbeat_confidence, signal_quality;
} RvVitalSigns;

typedef struct {
  uint32_t id;                               /* p + 1 */
  double confidence;                         /* cls.confidence · decay */
  double kp[RV_POSE_KEYPOINTS][3];           /* x, y (pixels), z */
  double kp_confidence[RV_POSE_KEYPOINTS];   /* clamped to [0.1, 1] */
  double bbox_x, bbox_y, bbox_w, bbox_h;     /* extents ±10, min 80 × 160 */
  char zone[24];                             /* "zone_<p+1>" */
} RvHeuristicPerson;

/* derive_pose_from_sensing: no persons when !cls->presence, else
 * max(1, estimated_persons (0 = absent → 1)) skeletons.  vitals may be NULL
 * (absent).  Writes at most cap persons, returns the count produced. */
size_t rv_heuristic_pose (const RvSensingFeatures *feat, const RvClassification *cls,
                          const RvVitalSigns *vitals, uint64_t tick,
                          size_t estimated_persons,
                          RvHeuristicPerson *out, size_t cap);

/* One skeleton (derive_single_person_pose) for person p of n. */
void rv_heuristic_person (const RvSensingFeatures *feat, const RvClassification *cls,
                          const RvVitalSigns *vitals, uint64_t tick,
                          size_t p, size_t n, RvHeuristicPerson *out);

/* Keypoint positions as f32 tracker input (§3.4 conversion with all 17
 * names mapped). */
void rv_heuristic_person_to_tracker (const RvHeuristicPerson *p,
                                     float out[RV_POSE_KEYPOINTS][3]);

#ifdef __cplusplus
}
#endif
#endif
