/* libruview — RF-SLAM persistent reflector discovery and static anchors
 * (ADR-143; engine.md §4.2 names the engine's instance: discovery on,
 * association radius 0.5 m, 5 sightings, coherence 0.6).  Reflectors are
 * kept in a fixed array sized at construction (sightings that would seed a
 * reflector beyond it are dropped and counted). */
#ifndef RUVIEW_RF_SLAM_H
#define RUVIEW_RF_SLAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { RV_REFLECTOR_WALL = 0, RV_REFLECTOR_FURNITURE, RV_REFLECTOR_MOBILE } RvReflectorClass;

typedef struct {
  double position[3];      /* east, north, up (m) */
  double delay_ns;
  float coherence;
  uint64_t at_ns;
} RvReflectorObservation;

typedef struct {
  uint64_t count[3];
  double mean[3], m2[3];   /* Welford per axis */
  uint64_t sightings, first_ns, last_ns;
  double cumulative_drift_m;
  double last_mean[3];
} RvReflector;

typedef struct {
  RvReflector *r;
  size_t n, cap, dropped;
  double assoc_radius_m;
  uint64_t min_sightings;
  float min_coherence;
  bool discovery;
} RvRfSlam;

/* discovery = false: fixed map (observe is a no-op). */
bool rv_rf_slam_init (RvRfSlam *s, size_t capacity, bool discovery, double assoc_radius_m,
                      uint64_t min_sightings, float min_coherence);
void rv_rf_slam_clear (RvRfSlam *s);
/* Nearest reflector within the radius (strictly nearer wins, first on ties)
 * or a new one.  False when rejected (fixed map, low coherence, full). */
bool rv_rf_slam_observe (RvRfSlam *s, const RvReflectorObservation *o);
size_t rv_rf_slam_persistent_count (const RvRfSlam *s);

void rv_reflector_mean (const RvReflector *r, double out[3]);
double rv_reflector_position_std (const RvReflector *r);     /* max per-axis population std */
double rv_reflector_migration_m_per_day (const RvReflector *r);
RvReflectorClass rv_reflector_classify (const RvReflector *r, double wall_ceiling,
                                        double mobile_floor);

/* Persistent reflectors classified Wall/Furniture (Mobile skipped), in
 * discovery order: writes up to cap (position, class) and returns the count. */
size_t rv_rf_slam_static_anchors (const RvRfSlam *s, double wall_ceiling, double mobile_floor,
                                  double (*pos)[3], RvReflectorClass *cls, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
