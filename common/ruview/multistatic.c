/* libruview — multistatic cross-node fusion (frontend.md §7). */
#include "ruview/multistatic.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI_F32 3.14159274f   /* 0x40490FDB */

struct RvMultistaticFuser {
  RvMultistaticConfig cfg;
  size_t max_bins;
  size_t n_positions;
  float positions[RV_MULTISTATIC_MAX_NODES][3];
  RvCirGateFunc cir_func;
  void *cir_user;
  RvMultistaticErrorInfo last_error;
  float *mean;      /* max_bins */
  float *cos_acc;   /* max_bins */
};

const char *
rv_multistatic_error_str (RvMultistaticError e)
{
  switch (e) {
    case RV_MULTISTATIC_OK: return "ok";
    case RV_MULTISTATIC_ERROR_NO_FRAMES: return "no node frames";
    case RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH: return "node timestamp spread exceeds the guard interval";
    case RV_MULTISTATIC_ERROR_DIMENSION_MISMATCH: return "node amplitude length differs from the first node";
    case RV_MULTISTATIC_ERROR_PHASE_LENGTH: return "missing amplitude or phase array";
    case RV_MULTISTATIC_ERROR_TOO_MANY_NODES: return "too many nodes";
    case RV_MULTISTATIC_ERROR_TOO_MANY_BINS: return "more subcarriers than the fuser or output can hold";
    case RV_MULTISTATIC_ERROR_INVALID_CONFIG: return "invalid multistatic configuration";
    case RV_MULTISTATIC_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

void
rv_multistatic_config_default (RvMultistaticConfig *cfg)
{
  cfg->guard_interval_us = 60000;
  cfg->soft_guard_us = 20000;
  cfg->min_nodes = 2;
  cfg->attention_temperature = 1.0f;
  cfg->enable_person_separation = true;
  cfg->use_cir_gate = true;
}

static inline uint64_t
sat_add (uint64_t a, uint64_t b)
{
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static inline uint64_t
sat_mul (uint64_t a, uint64_t b)
{
  if (a != 0 && b > UINT64_MAX / a)
    return UINT64_MAX;
  return a * b;
}

void
rv_multistatic_config_for_tdm_schedule (RvMultistaticConfig *cfg, size_t slots,
                                        uint64_t slot_us)
{
  uint64_t s = slots > 1 ? (uint64_t) slots : 1;
  uint64_t cycle = sat_mul (s, slot_us);
  uint64_t guard = sat_add (cycle, cycle / 5);
  uint64_t hi, soft;

  if (guard < 1)
    guard = 1;
  hi = guard > 1 ? guard - 1 : 0;   /* guard ⊖ 1 */
  if (hi < 1)
    hi = 1;
  soft = cycle / 3;
  if (soft < 1)
    soft = 1;
  if (soft > hi)
    soft = hi;
  rv_multistatic_config_default (cfg);
  cfg->guard_interval_us = guard;
  cfg->soft_guard_us = soft;
}

static bool
config_ok (const RvMultistaticConfig *cfg)
{
  return cfg && isfinite (cfg->attention_temperature) && cfg->attention_temperature > 0.0f;
}

RvMultistaticFuser *
rv_multistatic_fuser_new (const RvMultistaticConfig *cfg, size_t max_bins,
                          RvMultistaticError *err)
{
  RvMultistaticFuser *f;

  if (!config_ok (cfg) || max_bins == 0 || max_bins > (SIZE_MAX >> 4)) {
    if (err)
      *err = RV_MULTISTATIC_ERROR_INVALID_CONFIG;
    return NULL;
  }
  f = calloc (1, sizeof (*f));
  if (f)
    f->mean = calloc (2 * max_bins, sizeof (float));
  if (!f || !f->mean) {
    free (f);
    if (err)
      *err = RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  f->cos_acc = f->mean + max_bins;
  f->cfg = *cfg;
  f->max_bins = max_bins;
  if (err)
    *err = RV_MULTISTATIC_OK;
  return f;
}

void
rv_multistatic_fuser_free (RvMultistaticFuser *f)
{
  if (!f)
    return;
  free (f->mean);
  free (f);
}

const RvMultistaticConfig *
rv_multistatic_fuser_get_config (const RvMultistaticFuser *f)
{
  return &f->cfg;
}

RvMultistaticError
rv_multistatic_fuser_set_config (RvMultistaticFuser *f, const RvMultistaticConfig *cfg)
{
  if (!config_ok (cfg))
    return RV_MULTISTATIC_ERROR_INVALID_CONFIG;
  f->cfg = *cfg;
  return RV_MULTISTATIC_OK;
}

RvMultistaticError
rv_multistatic_fuser_set_positions (RvMultistaticFuser *f, const float (*pos)[3], size_t n)
{
  if (n > RV_MULTISTATIC_MAX_NODES)
    return RV_MULTISTATIC_ERROR_TOO_MANY_NODES;
  if (n > 0 && !pos)
    return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
  if (n > 0)
    memcpy (f->positions, pos, n * sizeof (pos[0]));
  f->n_positions = n;
  return RV_MULTISTATIC_OK;
}

void
rv_multistatic_fuser_set_cir_gate (RvMultistaticFuser *f, RvCirGateFunc func,
                                   void *user_data)
{
  f->cir_func = func;
  f->cir_user = func ? user_data : NULL;
}

const RvMultistaticErrorInfo *
rv_multistatic_fuser_last_error (const RvMultistaticFuser *f)
{
  return &f->last_error;
}

void
rv_node_frame_from_multiband (RvNodeFrame *out, const RvMultibandFrame *mb)
{
  size_t c, n = mb->n_channels < RV_NODE_MAX_CHANNELS ? mb->n_channels : RV_NODE_MAX_CHANNELS;

  memset (out, 0, sizeof (*out));
  out->node_id = mb->node_id;
  out->timestamp_us = mb->timestamp_us;
  out->coherence = mb->coherence;
  out->n_channels = n;
  out->n_bins = mb->n_bins;
  for (c = 0; c < n; c++) {
    out->amplitude[c] = mb->amplitude[c];
    out->phase[c] = mb->phase[c];
  }
}

/* ---- helpers ---- */

void
rv_multistatic_attention_weights (const float *const *amps, size_t n_nodes,
                                  size_t n_bins, float temperature,
                                  float *mean, float *w)
{
  size_t n, i;
  float mx = -INFINITY, sum = -0.0f;

  if (n_nodes == 0)
    return;
  for (i = 0; i < n_bins; i++)
    mean[i] = 0.0f;
  for (n = 0; n < n_nodes; n++)
    for (i = 0; i < n_bins; i++)
      mean[i] += amps[n][i];
  for (i = 0; i < n_bins; i++)
    mean[i] /= (float) n_nodes;
  for (n = 0; n < n_nodes; n++) {
    const float *a = amps[n];
    float dot = 0.0f, na = 0.0f, nb = 0.0f, denom;
    for (i = 0; i < n_bins; i++) {
      dot += a[i] * mean[i];
      na += a[i] * a[i];
      nb += mean[i] * mean[i];
    }
    denom = fmaxf (sqrtf (na * nb), 1e-12f);
    w[n] = (dot / denom) / temperature;     /* logits for now */
  }
  for (n = 0; n < n_nodes; n++)
    mx = fmaxf (mx, w[n]);
  for (n = 0; n < n_nodes; n++)
    w[n] = rv_expf (w[n] - mx);
  for (n = 0; n < n_nodes; n++)
    sum += w[n];
  sum = fmaxf (sum, 1e-12f);
  for (n = 0; n < n_nodes; n++)
    w[n] /= sum;
}

float
rv_multistatic_weight_coherence (const float *w, size_t len)
{
  float n = (float) len, hmax, h = -0.0f, r;
  size_t i;

  if (n <= 1.0f)
    return 1.0f;
  hmax = rv_logf (n);
  if (hmax < 1e-12f)
    return 1.0f;
  for (i = 0; i < len; i++)
    if (w[i] > 1e-12f)
      h += (-w[i]) * rv_logf (w[i]);
  r = h / hmax;
  if (r < 0.0f)
    return 0.0f;
  if (r > 1.0f)
    return 1.0f;
  return r;
}

static inline bool
ang_lt (float a, float b)
{
  if (isnan (a))
    return false;
  if (isnan (b))
    return true;
  return a < b;
}

float
rv_multistatic_geometric_diversity (const float (*pos)[3], size_t n, float *scratch)
{
  float local[RV_MULTISTATIC_MAX_NODES];
  float *ang = scratch ? scratch : local;
  float sx = -0.0f, sy = -0.0f, cx, cy, nf, max_gap = 0.0f, ideal, r;
  size_t i, j;

  if (n < 2)
    return 0.0f;
  if (!scratch && n > RV_MULTISTATIC_MAX_NODES)
    return 0.0f;
  nf = (float) n;
  for (i = 0; i < n; i++)
    sx += pos[i][0];
  for (i = 0; i < n; i++)
    sy += pos[i][1];
  cx = sx / nf;
  cy = sy / nf;
  for (i = 0; i < n; i++) {
    float a = rv_atan2f (pos[i][1] - cy, pos[i][0] - cx);
    /* stable insertion */
    for (j = i; j > 0 && ang_lt (a, ang[j - 1]); j--)
      ang[j] = ang[j - 1];
    ang[j] = a;
  }
  for (i = 0; i < n; i++) {
    float gap = ang[(i + 1) % n] - ang[i];
    if (gap < 0.0f)
      gap += 2.0f * PI_F32;
    max_gap = fmaxf (max_gap, gap);
  }
  ideal = (2.0f * PI_F32) / nf;
  r = ideal / fmaxf (max_gap, 1e-6f);
  if (r < 0.0f)
    return 0.0f;
  if (r > 1.0f)
    return 1.0f;
  return r;
}

/* ---- fuse ---- */

RvMultistaticError
rv_multistatic_fuse (RvMultistaticFuser *f, const RvNodeFrame *nodes, size_t n_in,
                     float *out_amp, float *out_phase, size_t out_cap,
                     RvFusedFrame *out)
{
  const float *amps[RV_MULTISTATIC_MAX_NODES];
  const float *phs[RV_MULTISTATIC_MAX_NODES];
  uint64_t ts[RV_MULTISTATIC_MAX_NODES];
  uint64_t min_ts, max_ts;
  size_t i, k, n = 0, n_sub, nd;
  float freq_coh, coh;

  if (!f)
    return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
  memset (&f->last_error, 0, sizeof (f->last_error));
  if (n_in == 0)
    return RV_MULTISTATIC_ERROR_NO_FRAMES;
  if (!nodes || !out)
    return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
  if (n_in > RV_MULTISTATIC_MAX_NODES)
    return RV_MULTISTATIC_ERROR_TOO_MANY_NODES;

  min_ts = max_ts = nodes[0].timestamp_us;
  for (i = 1; i < n_in; i++) {
    if (nodes[i].timestamp_us < min_ts)
      min_ts = nodes[i].timestamp_us;
    if (nodes[i].timestamp_us > max_ts)
      max_ts = nodes[i].timestamp_us;
  }
  if (n_in > 1 && max_ts - min_ts > f->cfg.guard_interval_us) {
    f->last_error.spread_us = max_ts - min_ts;
    f->last_error.guard_us = f->cfg.guard_interval_us;
    return RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH;
  }

  memset (out, 0, sizeof (*out));
  for (i = 0; i < n_in; i++) {
    if (nodes[i].n_channels > RV_NODE_MAX_CHANNELS)
      return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
    if (nodes[i].n_channels == 0)
      continue;
    out->node_index[n] = i;
    amps[n] = nodes[i].amplitude[0];
    phs[n] = nodes[i].phase[0];
    n++;
  }
  if (n == 0)
    return RV_MULTISTATIC_ERROR_NO_FRAMES;
  n_sub = nodes[out->node_index[0]].n_bins;
  for (k = 1; k < n; k++) {
    size_t got = nodes[out->node_index[k]].n_bins;
    if (got != n_sub) {
      f->last_error.node_idx = k;
      f->last_error.expected = n_sub;
      f->last_error.got = got;
      return RV_MULTISTATIC_ERROR_DIMENSION_MISMATCH;
    }
  }
  if (n_sub > out_cap || n_sub > f->max_bins)
    return RV_MULTISTATIC_ERROR_TOO_MANY_BINS;
  if (n_sub > 0) {
    if (!out_amp || !out_phase)
      return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
    for (k = 0; k < n; k++)
      if (!amps[k] || !phs[k])
        return RV_MULTISTATIC_ERROR_PHASE_LENGTH;
  }

  if (n == 1) {
    if (n_sub > 0) {
      memmove (out_amp, amps[0], n_sub * sizeof (float));
      memmove (out_phase, phs[0], n_sub * sizeof (float));
    }
    out->weights[0] = 1.0f;
    freq_coh = 1.0f;
  } else {
    float *sin_acc = out_phase, *cos_acc = f->cos_acc;
    rv_multistatic_attention_weights (amps, n, n_sub, f->cfg.attention_temperature,
        f->mean, out->weights);
    for (i = 0; i < n_sub; i++) {
      out_amp[i] = 0.0f;
      sin_acc[i] = 0.0f;
      cos_acc[i] = 0.0f;
    }
    for (k = 0; k < n; k++) {
      const float w = out->weights[k], *a = amps[k], *p = phs[k];
      for (i = 0; i < n_sub; i++) {
        out_amp[i] += w * a[i];
        sin_acc[i] += w * rv_sinf (p[i]);
        cos_acc[i] += w * rv_cosf (p[i]);
      }
    }
    for (i = 0; i < n_sub; i++)
      out_phase[i] = rv_atan2f (sin_acc[i], cos_acc[i]);
    freq_coh = rv_multistatic_weight_coherence (out->weights, n);
  }

  /* §7.5 CIR gate on the first input node's first channel */
  coh = freq_coh;
  if (f->cfg.use_cir_gate && f->cir_func && nodes[0].n_channels > 0
      && nodes[0].amplitude[0] && nodes[0].phase[0]) {
    float ratio = 0.0f;
    if (f->cir_func (f->cir_user, nodes[0].amplitude[0], nodes[0].phase[0],
            nodes[0].n_bins, &ratio) == 0)
      coh = 0.7f * freq_coh + 0.3f * ratio;
  }

  /* upper median of all input timestamps (insertion sort, n ≤ 64) */
  for (i = 0; i < n_in; i++) {
    uint64_t t = nodes[i].timestamp_us;
    for (k = i; k > 0 && ts[k - 1] > t; k--)
      ts[k] = ts[k - 1];
    ts[k] = t;
  }

  out->timestamp_us = ts[n_in / 2];
  out->n_bins = n_sub;
  out->active_nodes = n;
  out->cross_node_coherence = coh;
  out->freq_coherence = freq_coh;
  out->min_ts_us = min_ts;
  out->max_ts_us = max_ts;
  nd = n < f->n_positions ? n : f->n_positions;
  for (k = 0; k < nd; k++)
    memcpy (out->node_positions[k], f->positions[k], sizeof (f->positions[k]));
  return RV_MULTISTATIC_OK;
}

void
rv_multistatic_score (const RvMultistaticFuser *f, const RvFusedFrame *fused,
                      float coherence_accept, RvQualityScore *q)
{
  size_t n = fused->active_nodes, k;

  rv_quality_score_init (q);
  q->n_weights = n;
  for (k = 0; k < n; k++)
    q->per_node_weights[k] = n <= 1 ? 1.0f : fused->weights[k];
  if (n > 1) {
    RvEvidenceRef e;
    memset (&e, 0, sizeof (e));
    e.kind = RV_EVIDENCE_WEIGHT_ENTROPY;
    e.u.weight_entropy.normalized_entropy =
        rv_multistatic_weight_coherence (q->per_node_weights, n);
    e.u.weight_entropy.n_nodes = n;
    rv_quality_push_evidence (q, &e);
  }
  if (fused->cross_node_coherence >= coherence_accept) {
    RvEvidenceRef e;
    memset (&e, 0, sizeof (e));
    e.kind = RV_EVIDENCE_COHERENCE_GATE_THRESHOLD;
    e.u.coherence_gate_threshold.coherence = fused->cross_node_coherence;
    e.u.coherence_gate_threshold.threshold = coherence_accept;
    rv_quality_push_evidence (q, &e);
  }
  if (n > 1) {
    uint64_t spread_ns = sat_mul (fused->max_ts_us - fused->min_ts_us, 1000);
    uint64_t soft_ns = sat_mul (f->cfg.soft_guard_us, 1000);
    if (spread_ns > soft_ns) {
      RvContradictionFlag c;
      memset (&c, 0, sizeof (c));
      c.kind = RV_CONTRADICTION_TIMESTAMP_MISMATCH;
      c.u.timestamp_mismatch.spread_ns = spread_ns;
      c.u.timestamp_mismatch.soft_guard_ns = soft_ns;
      rv_quality_push_contradiction (q, &c);
    }
  }
  q->capture_ns = sat_mul (fused->timestamp_us, 1000);
  q->timestamp_computed_ns = q->capture_ns;
  q->has_calibration_id = false;
  q->base_coherence = fused->cross_node_coherence;
}

RvMultistaticError
rv_multistatic_fuse_scored (RvMultistaticFuser *f, const RvNodeFrame *nodes, size_t n_nodes,
                            float coherence_accept, float *out_amp, float *out_phase,
                            size_t out_cap, RvFusedFrame *out, RvQualityScore *score)
{
  RvMultistaticError e;

  if (!score)
    return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
  e = rv_multistatic_fuse (f, nodes, n_nodes, out_amp, out_phase, out_cap, out);
  if (e != RV_MULTISTATIC_OK)
    return e;
  rv_multistatic_score (f, out, coherence_accept, score);
  return RV_MULTISTATIC_OK;
}

RvMultistaticError
rv_multistatic_fuse_scored_calibrated (RvMultistaticFuser *f, const RvNodeFrame *nodes,
                                       size_t n_nodes, const RvMaybeCalibrationId *cals,
                                       size_t n_cals, float coherence_accept,
                                       float *out_amp, float *out_phase, size_t out_cap,
                                       RvFusedFrame *out, RvQualityScore *score)
{
  RvMultistaticError e;

  if (n_cals > 0 && !cals)
    return RV_MULTISTATIC_ERROR_INVALID_ARGUMENT;
  e = rv_multistatic_fuse_scored (f, nodes, n_nodes, coherence_accept, out_amp,
      out_phase, out_cap, out, score);
  if (e != RV_MULTISTATIC_OK)
    return e;
  rv_quality_apply_calibrations (score, cals, n_cals);
  return RV_MULTISTATIC_OK;
}
