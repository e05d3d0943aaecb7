/* libruview — the deterministic synthetic room (see synth.h). */
#include "ruview/synth.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <string.h>

#include "ruview/rng.h"

#define ROOM_W 6.0
#define ROOM_H 5.0
#define SPEED_OF_LIGHT 299792458.0
#define SUBCARRIER_SPACING_HZ 312500.0
#define NODE_RADIUS 2.3
#define WALK_A 1.5
#define WALK_B 1.0
#define WALK_PERIOD_S 60.0
#define BREATH_HZ 0.25
#define BREATH_M 0.005
#define PERSON_GAIN 0.6
#define LOS_MAGNITUDE 30.0
#define NOISE_SIGMA 0.5

static const double wall_gamma[3] = { 0.45, 0.35, 0.3 };

const char *
rv_synth_error_str (RvSynthError e)
{
  switch (e) {
    case RV_SYNTH_OK:
      return "ok";
    case RV_SYNTH_ERR_NODES:
      return "node count out of range";
    case RV_SYNTH_ERR_RATE:
      return "frame rate must be positive";
    case RV_SYNTH_ERR_NODE_INDEX:
      return "node index out of range";
    case RV_SYNTH_ERR_FRAME:
      return "frame view is not complex 1 x 64";
    case RV_SYNTH_ERR_PERSONS:
      return "the room holds at most one person";
  }
  return "unknown synth error";
}

static double
dist (RvSynthPoint a, RvSynthPoint b)
{
  double dx = a.x - b.x, dy = a.y - b.y;
  return sqrt (dx * dx + dy * dy);
}

/* splitmix64 finaliser: the per-frame noise seed */
static uint32_t
frame_seed (uint32_t seed, unsigned node, uint64_t n)
{
  uint64_t z = ((uint64_t) seed << 32) ^ ((uint64_t) node * 0x9E3779B97F4A7C15ull)
      ^ (n * 0xBF58476D1CE4E5B9ull);
  uint32_t r;
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  r = (uint32_t) (z ^ (z >> 32));
  return r ? r : 0x2545F491u;
}

RvSynthError
rv_synth_init (RvSynth * s, const RvSynthConfig * cfg)
{
  unsigned k;
  RvXorshift32 r;

  if (cfg->n_nodes == 0 || cfg->n_nodes > RV_SYNTH_MAX_NODES)
    return RV_SYNTH_ERR_NODES;
  if (cfg->rate_hz == 0)
    return RV_SYNTH_ERR_RATE;
  memset (s, 0, sizeof (*s));
  s->cfg = *cfg;
  s->tx.x = 0.3;
  s->tx.y = ROOM_H / 2.0;
  rv_xorshift32_init (&r, cfg->seed ? cfg->seed : 1u);
  for (k = 0; k < cfg->n_nodes; k++) {
    double a = 2.0 * M_PI * (double) k / (double) cfg->n_nodes + M_PI / 4.0;
    double d;
    s->rx[k].x = ROOM_W / 2.0 + NODE_RADIUS * rv_cos (a);
    s->rx[k].y = ROOM_H / 2.0 + NODE_RADIUS * rv_sin (a);
    d = dist (s->tx, s->rx[k]);
    if (d < 0.5)
      d = 0.5;
    s->scale[k] = LOS_MAGNITUDE * d;
    s->phase_offset[k] = 2.0 * M_PI * rv_uniform_f64 (&r) - M_PI;
    s->timing_slope[k] = 0.02 * (rv_uniform_f64 (&r) - 0.5);
    s->rssi[k] = (int16_t) lround (-35.0 - 20.0 * rv_log10 (d));
  }
  s->persons = 1;
  return RV_SYNTH_OK;
}

RvSynthError
rv_synth_set_persons (RvSynth * s, unsigned persons)
{
  if (persons > 1)
    return RV_SYNTH_ERR_PERSONS;
  s->persons = persons;
  return RV_SYNTH_OK;
}

void
rv_synth_person (const RvSynth * s, double t, RvSynthPoint * pos,
    double *chest)
{
  double w = 2.0 * M_PI * t / WALK_PERIOD_S;
  (void) s;
  pos->x = ROOM_W / 2.0 + WALK_A * rv_cos (w);
  pos->y = ROOM_H / 2.0 + WALK_B * rv_sin (w);
  *chest = BREATH_M * rv_sin (2.0 * M_PI * BREATH_HZ * t);
}

RvSynthError
rv_synth_render (const RvSynth * s, unsigned node, uint64_t n,
    RvCsiFrame * f)
{
  double d[RV_SYNTH_N_TAPS], a[RV_SYNTH_N_TAPS];
  double zr[RV_SYNTH_N_TAPS], zi[RV_SYNTH_N_TAPS];
  double wr[RV_SYNTH_N_TAPS], wi[RV_SYNTH_N_TAPS];
  RvSynthPoint rx, img, p;
  double t, chest, dt, dr;
  unsigned i;
  int sc;
  RvXorshift32 r;

  if (node >= s->cfg.n_nodes)
    return RV_SYNTH_ERR_NODE_INDEX;
  if (f->layout != RV_LAYOUT_COMPLEX || f->dim0 != RV_SYNTH_STREAMS
      || f->dim1 != RV_SYNTH_SUBCARRIERS)
    return RV_SYNTH_ERR_FRAME;

  rx = s->rx[node];
  t = (double) n / (double) s->cfg.rate_hz;

  /* taps: line of sight, walls x = 0, y = 0, y = H (image sources), person */
  d[0] = dist (s->tx, rx);
  a[0] = 1.0 / d[0];
  img.x = -s->tx.x;
  img.y = s->tx.y;
  d[1] = dist (img, rx);
  img.x = s->tx.x;
  img.y = -s->tx.y;
  d[2] = dist (img, rx);
  img.y = 2.0 * ROOM_H - s->tx.y;
  d[3] = dist (img, rx);
  for (i = 1; i < 4; i++)
    a[i] = wall_gamma[i - 1] / d[i];
  rv_synth_person (s, t, &p, &chest);
  dt = dist (s->tx, p);
  dr = dist (p, rx);
  if (dt < 0.1)
    dt = 0.1;
  if (dr < 0.1)
    dr = 0.1;
  d[4] = dt + dr + 2.0 * chest;
  a[4] = s->persons ? PERSON_GAIN / (dt * dr) : 0.0;

  /* per tap: the phasor at subcarrier −32 and its rotation per subcarrier
   * (phase = −2π f d / c + offset + slope·sc, f = fc + sc·Δf), so each tone
   * costs one complex multiply per tap instead of a cos/sin pair */
  for (i = 0; i < RV_SYNTH_N_TAPS; i++) {
    double c0 = (double) RV_SYNTH_FREQ_MHZ * 1e6 * d[i] / SPEED_OF_LIGHT;
    double cs = SUBCARRIER_SPACING_HZ * d[i] / SPEED_OF_LIGHT;
    double base = -2.0 * M_PI * (c0 - floor (c0)) + s->phase_offset[node];
    double step = -2.0 * M_PI * (cs - floor (cs)) + s->timing_slope[node];
    double p0 = base - 32.0 * step;
    zr[i] = a[i] * rv_cos (p0);
    zi[i] = a[i] * rv_sin (p0);
    wr[i] = rv_cos (step);
    wi[i] = rv_sin (step);
  }

  rv_xorshift32_init (&r, frame_seed (s->cfg.seed, node, n));
  /* walk the subcarriers −32..31 in ascending order; column k of natural
   * FFT order holds subcarrier rv_fft_order_index(k) */
  for (sc = -32; sc < 32; sc++) {
    unsigned k = (unsigned) (sc < 0 ? sc + 64 : sc);
    double re = 0.0, im = 0.0;
    f->subcarrier_index[k] = (int16_t) sc;
    if (sc == 0 || sc > 26 || sc < -26) {
      f->data[2 * k] = 0.0;
      f->data[2 * k + 1] = 0.0;
    } else {
      for (i = 0; i < RV_SYNTH_N_TAPS; i++) {
        re += zr[i];
        im += zi[i];
      }
      re = re * s->scale[node] + NOISE_SIGMA * rv_normal_f64 (&r);
      im = im * s->scale[node] + NOISE_SIGMA * rv_normal_f64 (&r);
      f->data[2 * k] = re;
      f->data[2 * k + 1] = im;
    }
    for (i = 0; i < RV_SYNTH_N_TAPS; i++) {
      double tr = zr[i] * wr[i] - zi[i] * wi[i];
      double ti = zr[i] * wi[i] + zi[i] * wr[i];
      zr[i] = tr;
      zi[i] = ti;
    }
  }

  f->node_id = node + 1;
  f->sequence = (uint32_t) n;
  f->timestamp_us = n * 1000000u / s->cfg.rate_hz;
  f->freq_mhz = RV_SYNTH_FREQ_MHZ;
  f->rssi_dbm = s->rssi[node];
  f->noise_floor_dbm = RV_SYNTH_NOISE_DBM;
  f->ppdu_type = 0;
  f->hw_flags = 0;
  f->bandwidth_mhz = 20;
  return RV_SYNTH_OK;
}
