/* libruview — sensing features, tomography observations (sensing_features.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/sensing_features.h"
#include "ruview/synth.h"

int
rv_sensing_synth_node_positions (unsigned n_nodes, uint32_t *ids, RvPosition3D *pos)
{
  RvSynth s;
  RvSynthConfig cfg;
  unsigned k;

  cfg.n_nodes = n_nodes;
  cfg.seed = 42;
  cfg.rate_hz = 100;
  if (rv_synth_init (&s, &cfg) != RV_SYNTH_OK)
    return -1;
  for (k = 0; k < n_nodes; k++) {
    if (ids)
      ids[k] = k + 1;
    pos[k].x = s.rx[k].x;
    pos[k].y = s.rx[k].y;
    pos[k].z = RV_SENSING_SYNTH_NODE_Z;
  }
  return 0;
}

void
rv_amp_baseline_add (double *sum, const float *amp, size_t n)
{
  size_t b;
  for (b = 0; b < n; b++)
    sum[b] += (double) amp[b];
}

void
rv_amp_baseline_finish (double *sum, size_t n, uint64_t count)
{
  size_t b;
  double c = (double) count;
  if (count == 0)
    return;
  for (b = 0; b < n; b++)
    sum[b] = sum[b] / c;
}

double
rv_amp_deviation_rms (const float *amp, const double *ref, size_t n)
{
  double acc = 0.0;
  size_t b;
  if (n == 0)
    return 0.0;
  for (b = 0; b < n; b++) {
    double d = (double) amp[b] - ref[b];
    acc += d * d;
  }
  return sqrt (acc / (double) n);
}

size_t
rv_link_observations (const double *a, size_t n, double *y)
{
  size_t i, j, l = 0;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      if (i != j)
        y[l++] = 0.5 * a[i] + 0.5 * a[j];
  return l;
}

/* ---- features ---- */

struct RvFeatureExtractor {
  RvFeatureConfig cfg;
  float *prev;                 /* previous amplitude (max_bins) */
  size_t prev_n;               /* 0 = none */
  double *e, *s, *dt;          /* rings of `window` */
  size_t head, count;          /* next write slot, entries held */
};

void
rv_feature_config_default (RvFeatureConfig *c)
{
  c->window = 32;
  c->motion_gain = 100.0;
  c->presence_threshold = 0.02;
  c->max_bins = 4096;
}

RvFeatureExtractor *
rv_feature_extractor_new (const RvFeatureConfig *c)
{
  RvFeatureExtractor *fx;
  if (!c || c->window < 1 || c->max_bins < 1 || !isfinite (c->motion_gain)
      || c->motion_gain < 0.0 || !isfinite (c->presence_threshold)
      || c->presence_threshold < 0.0)
    return NULL;
  fx = calloc (1, sizeof (*fx));
  if (!fx)
    return NULL;
  fx->cfg = *c;
  fx->prev = calloc (c->max_bins, sizeof (float));
  fx->e = calloc (c->window, sizeof (double));
  fx->s = calloc (c->window, sizeof (double));
  fx->dt = calloc (c->window, sizeof (double));
  if (!fx->prev || !fx->e || !fx->s || !fx->dt) {
    rv_feature_extractor_free (fx);
    return NULL;
  }
  return fx;
}

void
rv_feature_extractor_free (RvFeatureExtractor *fx)
{
  if (!fx)
    return;
  free (fx->prev);
  free (fx->e);
  free (fx->s);
  free (fx->dt);
  free (fx);
}

void
rv_feature_extractor_reset (RvFeatureExtractor *fx)
{
  fx->prev_n = 0;
  fx->head = 0;
  fx->count = 0;
}

/* ring index of the k-th oldest entry */
static size_t
ring_at (const RvFeatureExtractor *fx, size_t k)
{
  size_t w = fx->cfg.window;
  return (fx->head + w - fx->count + k) % w;
}

static void
classify (const RvFeatureConfig *c, double mbp, RvClassification *cls)
{
  double thr = c->presence_threshold;
  if (mbp < thr) {
    double conf = thr > 0.0 ? 1.0 - mbp / thr : 1.0;
    cls->motion_level = RV_MOTION_ABSENT;
    cls->presence = false;
    cls->confidence = conf < 0.0 ? 0.0 : (conf > 1.0 ? 1.0 : conf);
    return;
  }
  if (mbp < RV_MOTION_MOVING_MBP)
    cls->motion_level = RV_MOTION_PRESENT_STILL;
  else if (mbp < RV_MOTION_ACTIVE_MBP)
    cls->motion_level = RV_MOTION_PRESENT_MOVING;
  else
    cls->motion_level = RV_MOTION_ACTIVE;
  cls->presence = true;
  cls->confidence = fmin (0.5 + mbp / 30.0, 1.0);
}

int
rv_feature_extractor_push (RvFeatureExtractor *fx, const float *amp, size_t n,
    double dt_s, double mean_rssi, RvSensingFeatures *feat, RvClassification *cls)
{
  double mean = 0.0, var = 0.0, pw = 0.0, e = 0.0, lo = 0.0, hi = 0.0, tilt;
  double esum = 0.0, emean, ssum = 0.0, smean, svar = 0.0, T = 0.0, f = 0.0;
  size_t b, k, h, c, cps = 0, z = 0;
  int prev_sign = 0;

  if (n > fx->cfg.max_bins)
    return -1;

  /* per-frame values */
  for (b = 0; b < n; b++)
    mean += (double) amp[b];
  mean = n ? mean / (double) n : 0.0;
  for (b = 0; b < n; b++) {
    double d = (double) amp[b] - mean;
    var += d * d;
    pw += (double) amp[b] * (double) amp[b];
  }
  var = n >= 2 ? var / (double) (n - 1) : 0.0;
  pw = n ? pw / (double) n : 0.0;

  if (fx->prev_n != n || n == 0) {
    fx->count = 0;
    fx->head = 0;
  } else {
    for (b = 0; b < n; b++) {
      double d = (double) amp[b] - (double) fx->prev[b];
      e += d * d;
    }
    e = e / (double) n;
  }
  h = n / 2;
  for (b = 0; b < h; b++)
    lo += (double) amp[b];
  for (b = h; b < n; b++)
    hi += (double) amp[b];
  tilt = (h ? lo / (double) h : 0.0) - (n > h ? hi / (double) (n - h) : 0.0);
  if (n)
    memcpy (fx->prev, amp, n * sizeof (float));
  fx->prev_n = n;

  /* history */
  fx->e[fx->head] = e;
  fx->s[fx->head] = tilt;
  fx->dt[fx->head] = dt_s;
  fx->head = (fx->head + 1) % fx->cfg.window;
  if (fx->count < fx->cfg.window)
    fx->count++;
  c = fx->count;

  for (k = 0; k < c; k++) {
    size_t i = ring_at (fx, k);
    esum += fx->e[i];
    ssum += fx->s[i];
  }
  emean = esum / (double) c;
  smean = ssum / (double) c;
  for (k = 0; k < c; k++) {
    size_t i = ring_at (fx, k);
    double d = fx->s[i] - smean;
    if (emean > 0.0 && fx->e[i] > 3.0 * emean)
      cps++;
    svar += d * d;
    if (k > 0)
      T += fx->dt[i];
  }
  /* an oscillation below the noise floor has no frequency */
  if (c >= 3 && T > 0.0 && sqrt (svar / (double) c) >= RV_SENSING_TILT_FLOOR) {
    for (k = 0; k < c; k++) {
      int sign = fx->s[ring_at (fx, k)] - smean >= 0.0 ? 1 : -1;
      if (k > 0 && sign != prev_sign)
        z++;
      prev_sign = sign;
    }
    f = (double) z / (2.0 * T);
  }

  feat->mean_rssi = mean_rssi;
  feat->variance = var;
  feat->motion_band_power = fx->cfg.motion_gain * emean;
  feat->breathing_band_power = (f >= 0.1 && f <= 0.5)
      ? fx->cfg.motion_gain * (svar / (double) c) : 0.0;
  feat->dominant_freq_hz = f;
  feat->change_points = cps;
  feat->spectral_power = pw;
  classify (&fx->cfg, feat->motion_band_power, cls);
  return 0;
}

double
rv_sensing_mean_rssi (const int16_t *rssi, size_t n)
{
  double acc = 0.0;
  size_t i;
  if (n == 0)
    return 0.0;
  for (i = 0; i < n; i++)
    acc += (double) rssi[i];
  return acc / (double) n;
}

float
rv_sensing_dt_from_ns (bool have_prev, uint64_t prev_ns, uint64_t cur_ns)
{
  if (!have_prev || cur_ns < prev_ns)
    return 0.1f;
  return (float) ((double) (cur_ns - prev_ns) / 1e9);
}

double
rv_sensing_dt_f64_from_ns (bool have_prev, uint64_t prev_ns, uint64_t cur_ns)
{
  if (!have_prev || cur_ns < prev_ns)
    return 0.1;
  return (double) (cur_ns - prev_ns) / 1e9;
}
