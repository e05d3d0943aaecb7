/* libruview — RF-SLAM reflector discovery (ADR-143).  See rf_slam.h. */
#include "ruview/rf_slam.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_DAY 86400000000000.0

bool
rv_rf_slam_init (RvRfSlam *s, size_t capacity, bool discovery, double assoc_radius_m,
    uint64_t min_sightings, float min_coherence)
{
  memset (s, 0, sizeof *s);
  s->r = calloc (capacity ? capacity : 1, sizeof *s->r);
  if (!s->r)
    return false;
  s->cap = capacity;
  s->discovery = discovery;
  s->assoc_radius_m = assoc_radius_m;
  s->min_sightings = min_sightings;
  s->min_coherence = min_coherence;
  return true;
}

void
rv_rf_slam_clear (RvRfSlam *s)
{
  free (s->r);
  memset (s, 0, sizeof *s);
}

static void
welford (RvReflector *r, int a, double v)
{
  double d;
  r->count[a]++;
  d = v - r->mean[a];
  r->mean[a] += d / (double) r->count[a];
  r->m2[a] += d * (v - r->mean[a]);
}

void
rv_reflector_mean (const RvReflector *r, double out[3])
{
  out[0] = r->mean[0];
  out[1] = r->mean[1];
  out[2] = r->mean[2];
}

static double
dist3 (const double *a, const double *b)
{
  double s = -0.0;
  int i;
  for (i = 0; i < 3; i++)
    s += (a[i] - b[i]) * (a[i] - b[i]);
  return sqrt (s);
}

bool
rv_rf_slam_observe (RvRfSlam *s, const RvReflectorObservation *o)
{
  size_t i, best = (size_t) -1;
  double bd = 0.0;
  int a;
  if (!s->discovery || o->coherence < s->min_coherence)
    return false;
  for (i = 0; i < s->n; i++) {
    double m[3], d;
    rv_reflector_mean (&s->r[i], m);
    d = dist3 (m, o->position);
    if (d <= s->assoc_radius_m && (best == (size_t) -1 || d < bd)) {
      best = i;
      bd = d;
    }
  }
  if (best != (size_t) -1) {
    RvReflector *r = &s->r[best];
    double nm[3];
    for (a = 0; a < 3; a++)
      welford (r, a, o->position[a]);
    rv_reflector_mean (r, nm);
    r->cumulative_drift_m += dist3 (nm, r->last_mean);
    memcpy (r->last_mean, nm, sizeof nm);
    r->last_ns = o->at_ns;
    r->sightings++;
    return true;
  }
  if (s->n >= s->cap) {
    s->dropped++;
    return false;
  }
  {
    RvReflector *r = &s->r[s->n++];
    memset (r, 0, sizeof *r);
    for (a = 0; a < 3; a++)
      welford (r, a, o->position[a]);
    r->sightings = 1;
    r->first_ns = o->at_ns;
    r->last_ns = o->at_ns;
    memcpy (r->last_mean, o->position, sizeof r->last_mean);
  }
  return true;
}

size_t
rv_rf_slam_persistent_count (const RvRfSlam *s)
{
  size_t i, n = 0;
  for (i = 0; i < s->n; i++)
    n += s->r[i].sightings >= s->min_sightings;
  return n;
}

double
rv_reflector_position_std (const RvReflector *r)
{
  double m = 0.0;
  int a;
  for (a = 0; a < 3; a++) {
    double sd = r->count[a] ? sqrt (r->m2[a] / (double) r->count[a]) : 0.0;
    m = fmax (m, sd);
  }
  return m;
}

double
rv_reflector_migration_m_per_day (const RvReflector *r)
{
  uint64_t span = r->last_ns > r->first_ns ? r->last_ns - r->first_ns : 0;
  double days;
  if (span == 0)
    return 0.0;
  days = (double) span / NS_PER_DAY;
  if (days < 1e-9)
    return 0.0;
  return r->cumulative_drift_m / days;
}

RvReflectorClass
rv_reflector_classify (const RvReflector *r, double wall_ceiling, double mobile_floor)
{
  double m = rv_reflector_migration_m_per_day (r);
  if (m <= wall_ceiling)
    return RV_REFLECTOR_WALL;
  if (m < mobile_floor)
    return RV_REFLECTOR_FURNITURE;
  return RV_REFLECTOR_MOBILE;
}

size_t
rv_rf_slam_static_anchors (const RvRfSlam *s, double wall_ceiling, double mobile_floor,
    double (*pos)[3], RvReflectorClass *cls, size_t cap)
{
  size_t i, n = 0;
  for (i = 0; i < s->n; i++) {
    RvReflectorClass c;
    if (s->r[i].sightings < s->min_sightings)
      continue;
    c = rv_reflector_classify (&s->r[i], wall_ceiling, mobile_floor);
    if (c == RV_REFLECTOR_MOBILE)
      continue;
    if (n < cap) {
      if (pos)
        rv_reflector_mean (&s->r[i], pos[n]);
      if (cls)
        cls[n] = c;
    }
    n++;
  }
  return n;
}
