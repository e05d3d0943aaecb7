/* libruview — what the back-half elements derive from a fused cycle
 * (C project's definitions; upstream has no runtime tomography path and
 * computes its sensing features from raw per-node amplitude histories).
 *
 * Tomography observations (rvtomography):
 *   Each node k keeps a reference amplitude vector R_k: the per-bin mean of
 *   its first `baseline_cycles` canonical channel-0 amplitude vectors (f64
 *   seq-sums, divided once).  Canonical amplitudes are normalised per frame,
 *   so a stream-level empty-room subtraction (rvcalibrate) does not survive
 *   as an absolute level; the reference is this element's baseline.
 *   Per-node attenuation a_k = sqrt( seq-sum_b (A_k[b] − R_k[b])² / n )
 *   (f64, A_k promoted from f32).  Link i→j observes
 *   y = 0.5·a_i + 0.5·a_j, links in rv_tomography_links_all_pairs order
 *   (i outer, j inner, i ≠ j) over the PRESENT nodes only.
 *
 * Sensing features (rvposetrack), from the fused amplitude A_t[0..n):
 *   variance        = seq-sum (A−mean)² / (n−1)   (0 when n < 2)
 *   spectral_power  = seq-sum A² / n
 *   e_t             = seq-sum (A_t − A_{t−1})² / n (0 on the first frame
 *                     and whenever n changes; the history restarts then)
 *   s_t             = mean(A[0..h)) − mean(A[h..n)), h = n/2 (spectral tilt)
 *   Over the last `window` cycles (chronological order, c entries):
 *   motion_band_power = motion_gain · seq-sum e / c
 *   change_points   = #{ e > 3 · mean e }            (0 when mean e = 0)
 *   dominant_freq_hz = Z / (2·T), Z = sign changes of s − mean s (sign =
 *                     v ≥ 0), T = seq-sum of the c−1 newest dt; 0 if c < 3
 *                     or the RMS of s − mean s is below
 *                     RV_SENSING_TILT_FLOOR (rounding noise, no oscillation)
 *   breathing_band_power = motion_gain · seq-sum (s − mean s)² / c when
 *                     0.1 ≤ dominant_freq_hz ≤ 0.5, else 0
 *   mean_rssi       = mean of the fused nodes' RSSI (dBm), given by caller.
 *   Classification from mbp = motion_band_power, thr = presence_threshold:
 *   absent (mbp < thr), present_still (< 5), present_moving (< 15), active;
 *   presence = not absent; confidence = present ? min(0.5 + mbp/30, 1)
 *   : clamp(1 − mbp/thr, 0, 1).
 *
 * Nothing here allocates after construction. */
#ifndef RUVIEW_SENSING_FEATURES_H
#define RUVIEW_SENSING_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/pose_heuristic.h"
#include "ruview/tomography.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Spectral-tilt RMS below which no dominant frequency is reported. */
#define RV_SENSING_TILT_FLOOR 1e-6

/* Classification thresholds on motion_band_power above the presence
 * threshold: present_still below MOVING, present_moving below ACTIVE. */
#define RV_MOTION_MOVING_MBP 5.0
#define RV_MOTION_ACTIVE_MBP 15.0

/* Height (m) given to the synthetic room's nodes (the room is planar). */
#define RV_SENSING_SYNTH_NODE_Z 1.0

/* The synthetic room's receiver layout (ruview/synth.h, default seed) as 3-D
 * node positions: node id k+1 at (rx[k].x, rx[k].y, RV_SENSING_SYNTH_NODE_Z).
 * Writes n_nodes entries; returns 0, or −1 when n_nodes is not a valid
 * synthetic room size. */
int rv_sensing_synth_node_positions (unsigned n_nodes, uint32_t *ids,
                                     RvPosition3D *pos);

/* ---- per-node baseline and link observations (rvtomography) ---- */

/* sum[b] += amp[b] (f64). */
void rv_amp_baseline_add (double *sum, const float *amp, size_t n);
/* ref[b] = sum[b] / count, in place (count > 0). */
void rv_amp_baseline_finish (double *sum, size_t n, uint64_t count);
/* sqrt(seq-sum (amp − ref)² / n); 0 for n = 0. */
double rv_amp_deviation_rms (const float *amp, const double *ref, size_t n);
/* y for the n·(n−1) directed links (i outer, j inner, i ≠ j):
 * 0.5·a[i] + 0.5·a[j].  Returns the count written. */
size_t rv_link_observations (const double *a, size_t n, double *y);

/* ---- sensing features and classification (rvposetrack) ---- */

typedef struct {
  size_t window;               /* 32 cycles */
  double motion_gain;          /* 100 */
  double presence_threshold;   /* 0.02 (motion band power units; the
                                  synthetic room with its one walking person
                                  measures ≈ 0.05) */
  size_t max_bins;             /* 4096 */
} RvFeatureConfig;

void rv_feature_config_default (RvFeatureConfig *c);

typedef struct RvFeatureExtractor RvFeatureExtractor;

/* NULL on a nonsense config (window < 1, max_bins < 1, negative or
 * non-finite gain/threshold) or out of memory. */
RvFeatureExtractor *rv_feature_extractor_new (const RvFeatureConfig *c);
void rv_feature_extractor_free (RvFeatureExtractor *fx);
void rv_feature_extractor_reset (RvFeatureExtractor *fx);

/* One cycle: amp[n] (n ≤ max_bins, else −1 and nothing changes), dt_s the
 * time since the previous cycle (s), mean_rssi (dBm).  Writes features and
 * classification; returns 0. */
int rv_feature_extractor_push (RvFeatureExtractor *fx, const float *amp, size_t n,
                               double dt_s, double mean_rssi,
                               RvSensingFeatures *feat, RvClassification *cls);

/* Mean of n RSSI values (dBm) as f64; 0 for n = 0. */
double rv_sensing_mean_rssi (const int16_t *rssi, size_t n);

/* Seconds between two stream times (ns) as the tracker's f32 dt; 0.1 when
 * there is no previous time (engine.md §3.4) or time went backwards. */
float rv_sensing_dt_from_ns (bool have_prev, uint64_t prev_ns, uint64_t cur_ns);
/* The same span as f64 seconds (feature history). */
double rv_sensing_dt_f64_from_ns (bool have_prev, uint64_t prev_ns, uint64_t cur_ns);

#ifdef __cplusplus
}
#endif
#endif
