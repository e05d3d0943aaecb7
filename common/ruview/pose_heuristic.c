/* libruview — heuristic skeleton (engine.md §3.5).  See pose_heuristic.h. */
#include "ruview/pose_heuristic.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double offsets[RV_POSE_KEYPOINTS][2] = {
  {0.0, -80.0}, {-8.0, -88.0}, {8.0, -88.0}, {-16.0, -82.0}, {16.0, -82.0},
  {-30.0, -50.0}, {30.0, -50.0}, {-45.0, -15.0}, {45.0, -15.0},
  {-50.0, 20.0}, {50.0, 20.0}, {-20.0, 20.0}, {20.0, 20.0},
  {-22.0, 70.0}, {22.0, 70.0}, {-24.0, 120.0}, {24.0, 120.0},
};

const char *
rv_motion_level_name (RvMotionLevel l)
{
  switch (l) {
    case RV_MOTION_ABSENT: return "absent";
    case RV_MOTION_PRESENT_STILL: return "present_still";
    case RV_MOTION_PRESENT_MOVING: return "present_moving";
    case RV_MOTION_ACTIVE: return "active";
  }
  return "absent";
}

/* Rust f64::clamp: NaN passes through. */
static double
clampd (double x, double lo, double hi)
{
  if (x < lo)
    return lo;
  if (x > hi)
    return hi;
  return x;
}

static double
fract (double x)
{
  return x - trunc (x);
}

static int
is_torso (size_t i)
{
  return i == 5 || i == 6 || i == 11 || i == 12;
}

static int
is_extremity (size_t i)
{
  return i == 9 || i == 10 || i == 15 || i == 16;
}

void
rv_heuristic_person (const RvSensingFeatures *feat, const RvClassification *cls,
    const RvVitalSigns *vitals, uint64_t tick, size_t p, size_t n, RvHeuristicPerson *out)
{
  const double tau = 6.283185307179586, e = 2.718281828459045;
  double pf = (double) p, tk = (double) tick;
  double phase_off = pf * 2.094;
  double half = ((double) n - 1.0) / 2.0;
  double xoff = (pf - half) * 120.0;
  double decay = 1.0 - pf * 0.15;
  double motion = clampd (feat->motion_band_power / 15.0, 0.0, 1.0);
  int walking = motion > 0.55;
  double breath_amp = clampd (feat->breathing_band_power * 4.0, 0.0, 12.0);
  double breath_phase, lean, stride, burst, seed, noise, snr, base_conf, base_x, base_y;
  double sv, swing_s;
  double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
  size_t i;

  if (vitals) {
    double bpm = vitals->has_breathing_rate ? vitals->breathing_rate_bpm : 15.0;
    double f = clampd (bpm / 60.0, 0.1, 0.5);
    breath_phase = rv_sin (tk * f * 0.02 * tau + phase_off);
  } else {
    breath_phase = rv_sin (tk * 0.02 + phase_off);
  }
  lean = clampd (feat->dominant_freq_hz / 5.0 - 1.0, -1.0, 1.0) * 18.0;
  swing_s = rv_sin (feat->motion_band_power * 0.7 + tk * 0.12 + phase_off);
  stride = walking ? rv_sin (feat->motion_band_power * 0.7 + tk * 0.06 + phase_off) * 20.0 * motion
      : 0.0;
  burst = clampd ((double) feat->change_points / 20.0, 0.0, 0.3);
  seed = pf * 97.1;
  noise = fract (rv_sin (seed) * 43758.545);
  snr = clampd ((feat->variance - 0.5) / 10.0, 0.0, 1.0);
  base_conf = cls->confidence * (0.6 + 0.4 * snr) * decay;
  base_x = 320.0 + stride + lean * 0.5 + xoff;
  base_y = 240.0 - motion * 8.0;
  sv = clampd (sqrt (feat->variance), 0.0, 3.0);

  for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
    double dx = offsets[i][0], dy = offsets[i][1], fi = (double) i;
    double bx = 0.0, by = 0.0, jx = 0.0, jy = 0.0, swing = 0.0, nx, ny, x, y, c;
    if (is_torso (i)) {
      bx = (dx < 0.0 ? -1.0 : 1.0) * breath_amp * breath_phase * 0.5;
      by = (dy < 0.0 ? -1.0 : 1.0) * breath_amp * breath_phase * 0.3;
    }
    if (is_extremity (i)) {
      double ph = seed + fi * 2.399;
      jx = rv_sin (ph) * burst * motion * 4.0;
      jy = rv_cos (ph * 1.31) * burst * motion * 3.0;
    }
    nx = fract (rv_sin (seed + fi * 1.618) * 43758.545) * sv * motion;
    ny = fract (rv_cos (seed + fi * e) * 31415.926) * sv * motion * 0.6;
    if (walking) {
      if (i == 7 || i == 9)
        swing = -swing_s * 20.0 * motion;
      else if (i == 8 || i == 10)
        swing = swing_s * 20.0 * motion;
      else if (i == 13 || i == 15)
        swing = swing_s * 25.0 * motion;
      else if (i == 14 || i == 16)
        swing = -swing_s * 25.0 * motion;
    }
    x = base_x + dx + bx + jx + nx;
    y = base_y + dy + by + jy + ny + swing;
    if (is_extremity (i))
      c = base_conf * (0.7 + 0.3 * snr) * (0.85 + 0.15 * noise);
    else
      c = base_conf * (0.88 + 0.12 * rv_cos (fi * 0.7 + seed));
    out->kp[i][0] = x;
    out->kp[i][1] = y;
    out->kp[i][2] = lean * 0.02;
    out->kp_confidence[i] = clampd (c, 0.1, 1.0);
    minx = fmin (minx, x);
    miny = fmin (miny, y);
    maxx = fmax (maxx, x);
    maxy = fmax (maxy, y);
  }
  minx -= 10.0;
  miny -= 10.0;
  maxx += 10.0;
  maxy += 10.0;
  out->id = (uint32_t) (p + 1);
  out->confidence = cls->confidence * decay;
  out->bbox_x = minx;
  out->bbox_y = miny;
  out->bbox_w = fmax (maxx - minx, 80.0);
  out->bbox_h = fmax (maxy - miny, 160.0);
  snprintf (out->zone, sizeof out->zone, "zone_%zu", p + 1);
}

size_t
rv_heuristic_pose (const RvSensingFeatures *feat, const RvClassification *cls,
    const RvVitalSigns *vitals, uint64_t tick, size_t estimated_persons,
    RvHeuristicPerson *out, size_t cap)
{
  size_t n, p;
  if (!cls->presence)
    return 0;
  n = estimated_persons ? estimated_persons : 1;
  for (p = 0; p < n && p < cap; p++)
    rv_heuristic_person (feat, cls, vitals, tick, p, n, &out[p]);
  return n;
}

void
rv_heuristic_person_to_tracker (const RvHeuristicPerson *p, float out[RV_POSE_KEYPOINTS][3])
{
  size_t i;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
    out[i][0] = (float) p->kp[i][0];
    out[i][1] = (float) p->kp[i][1];
    out[i][2] = (float) p->kp[i][2];
  }
}
