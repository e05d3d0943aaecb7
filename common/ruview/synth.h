/* libruview — the deterministic synthetic room (csisrc's generator).
 *
 * A 6 m × 5 m room seen from above.  One transmitter (the access point) at
 * (0.3, 2.5) m; node k (0-based) is a receiver on a circle of radius 2.3 m
 * around the room centre, at angle 2πk/n_nodes + π/4.  Each link's channel
 * is a sum of taps
 *     H(f) = Σ_i a_i · exp(−j·2π·f·d_i / c)
 * over: the line of sight (a = 1/d), three wall reflections (image sources
 * on the walls x = 0, y = 0, y = 5; reflection coefficients 0.45, 0.35,
 * 0.3; a = Γ/d), and one person (bistatic scatterer, a = 0.6/(d_tx·d_rx),
 * path d_tx + d_rx + 2·chest).  The person walks an ellipse around the room
 * centre (semi-axes 1.5 m × 1.0 m, one lap per 60 s) and breathes at
 * 0.25 Hz (chest displacement 5 mm peak).  With rv_synth_set_persons (s, 0)
 * the room is empty: the person's tap is left out, everything else (walls,
 * radio offsets, noise) is unchanged.  Every node adds a fixed phase
 * offset and timing slope of its own (unsynchronised radios).
 *
 * The grid is one 64-bin HT20 L-LTF block in natural FFT order, like a
 * real ESP32-S3 (frontend.md §2.4): column k is subcarrier
 * rv_fft_order_index(k), f = 2437 MHz + sc · 312.5 kHz; columns 0 (DC) and
 * 27..37 (guards) are exactly zero.  The channel is scaled so that the line
 * of sight has magnitude 30 (int8-like), and complex Gaussian noise
 * (σ = 0.5 per component) is added to the active tones.  Values are kept in
 * f64 (not quantised).
 *
 * Each tap's phasor is evaluated at subcarrier −32 and rotated by one
 * subcarrier step at a time (a complex multiply), ascending; the noise is
 * drawn in ascending subcarrier order, re then im (rv_normal_f64).
 *
 * Everything is a pure function of (seed, node, frame index): the noise
 * generator (xorshift32, ruview/rng.h) is re-seeded for every frame from a
 * hash of the three, so frames can be rendered in any order. */
#ifndef RUVIEW_SYNTH_H
#define RUVIEW_SYNTH_H

#include <stdint.h>

#include "ruview/record.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_SYNTH_MAX_NODES     64
#define RV_SYNTH_STREAMS       1
#define RV_SYNTH_SUBCARRIERS   64
#define RV_SYNTH_FREQ_MHZ      2437
#define RV_SYNTH_NOISE_DBM     (-92)
#define RV_SYNTH_N_TAPS        5

typedef enum
{
  RV_SYNTH_OK = 0,
  RV_SYNTH_ERR_NODES,           /* n_nodes 0 or above RV_SYNTH_MAX_NODES */
  RV_SYNTH_ERR_RATE,            /* rate_hz 0 */
  RV_SYNTH_ERR_NODE_INDEX,      /* node index out of range */
  RV_SYNTH_ERR_FRAME,           /* the frame view is not complex 1 × 64 */
  RV_SYNTH_ERR_PERSONS          /* more persons than the room has (1) */
} RvSynthError;

const char *rv_synth_error_str (RvSynthError e);

typedef struct
{
  unsigned n_nodes;
  uint32_t seed;
  unsigned rate_hz;             /* frames per second per node */
} RvSynthConfig;

typedef struct
{
  double x, y;
} RvSynthPoint;

typedef struct
{
  RvSynthConfig cfg;
  RvSynthPoint tx;
  RvSynthPoint rx[RV_SYNTH_MAX_NODES];
  double phase_offset[RV_SYNTH_MAX_NODES];      /* rad */
  double timing_slope[RV_SYNTH_MAX_NODES];      /* rad per subcarrier */
  double scale[RV_SYNTH_MAX_NODES];
  int16_t rssi[RV_SYNTH_MAX_NODES];
  unsigned persons;             /* 1 (rv_synth_init) or 0 (an empty room) */
} RvSynth;

RvSynthError rv_synth_init (RvSynth * s, const RvSynthConfig * cfg);

/* Persons walking in the room: 1 (the default after rv_synth_init) or 0
 * (an empty room); RV_SYNTH_ERR_PERSONS for any other count. */
RvSynthError rv_synth_set_persons (RvSynth * s, unsigned persons);

/* The person at time t (seconds): position (m) and chest displacement (m). */
void rv_synth_person (const RvSynth * s, double t, RvSynthPoint * pos,
    double *chest);

/* Render frame n (per-node counter) of node (0-based) into a complex
 * 1 × 64 view; sets node_id = node + 1, sequence = n, timestamp_us =
 * n · 10⁶ / rate, freq, rssi, noise floor, bandwidth 20, ppdu 0, flags 0.
 * pts/duration and record flags are left alone. */
RvSynthError rv_synth_render (const RvSynth * s, unsigned node, uint64_t n,
    RvCsiFrame * frame);

#ifdef __cplusplus
}
#endif
#endif
