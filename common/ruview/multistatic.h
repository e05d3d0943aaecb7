/* libruview — multistatic cross-node fusion (frontend.md §7, engine.md §4.4).
 *
 * Nodes are described by RvNodeFrame views (no copies).  Only channel 0 of
 * each node is fused.  The attention weights are computed once per cycle by
 * rv_multistatic_fuse and reused by the scored variants (seed F2).  A fuser
 * owns its scratch (sized at construction for max_bins); fusing never
 * allocates. */
#ifndef RUVIEW_MULTISTATIC_H
#define RUVIEW_MULTISTATIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/fusion_quality.h"
#include "ruview/multiband.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_MULTISTATIC_MAX_NODES    RV_QUALITY_MAX_NODES
#define RV_NODE_MAX_CHANNELS        8

typedef enum {
  RV_MULTISTATIC_OK = 0,
  RV_MULTISTATIC_ERROR_NO_FRAMES,            /* empty input, or no node has a channel */
  RV_MULTISTATIC_ERROR_TIMESTAMP_MISMATCH,   /* spread > guard_interval_us */
  RV_MULTISTATIC_ERROR_DIMENSION_MISMATCH,   /* amplitude length ≠ first node's */
  RV_MULTISTATIC_ERROR_PHASE_LENGTH,         /* (C only) phase missing for a used channel */
  RV_MULTISTATIC_ERROR_TOO_MANY_NODES,       /* > RV_MULTISTATIC_MAX_NODES */
  RV_MULTISTATIC_ERROR_TOO_MANY_BINS,        /* n_bins > max_bins or > out capacity */
  RV_MULTISTATIC_ERROR_INVALID_CONFIG,
  RV_MULTISTATIC_ERROR_INVALID_ARGUMENT,
} RvMultistaticError;

const char *rv_multistatic_error_str (RvMultistaticError e);

/* Details of the last error (valid right after a failing call). */
typedef struct {
  uint64_t spread_us, guard_us;               /* TIMESTAMP_MISMATCH */
  size_t node_idx, expected, got;             /* DIMENSION_MISMATCH (node_idx counts
                                                 nodes that have a channel) */
} RvMultistaticErrorInfo;

typedef struct {
  uint64_t guard_interval_us;     /* 60 000: spread above → error */
  uint64_t soft_guard_us;         /* 20 000: spread above → contradiction */
  size_t   min_nodes;             /* 2 (never read by fuse) */
  float    attention_temperature; /* 1.0 */
  bool     enable_person_separation; /* true (unused) */
  bool     use_cir_gate;          /* true (acts only with a hook attached) */
} RvMultistaticConfig;

void rv_multistatic_config_default (RvMultistaticConfig *cfg);
/* §7.1: defaults with guard/soft derived from the TDM schedule (saturating). */
void rv_multistatic_config_for_tdm_schedule (RvMultistaticConfig *cfg,
                                             size_t slots, uint64_t slot_us);

/* One node's frame for a cycle (MultiBandCsiFrame view).  Channel c has
 * amplitude[c][0..n_bins) and phase[c][0..n_bins); channels sorted by
 * frequency, channel 0 is the one fused.  n_channels may be 0 (the node then
 * counts for the timestamp guard and median only). */
typedef struct {
  uint32_t node_id;
  uint64_t timestamp_us;
  float    coherence;                  /* multi-band coherence (not used by fuse) */
  size_t   n_channels;                 /* ≤ RV_NODE_MAX_CHANNELS */
  size_t   n_bins;
  const float *amplitude[RV_NODE_MAX_CHANNELS];
  const float *phase[RV_NODE_MAX_CHANNELS];
} RvNodeFrame;

/* View a built multi-band frame as a fusion input (no copies). */
void rv_node_frame_from_multiband (RvNodeFrame *out, const RvMultibandFrame *mb);

/* CIR-gate plug-in (§7.5).  Called with the FIRST input node's first channel
 * (only if it has one); returns 0 and writes the dominant-tap ratio on
 * success, non-zero on any estimator error.  The fuser then blends
 * 0.7·freq_coh + 0.3·ratio (f32). */
typedef int (*RvCirGateFunc) (void *user_data, const float *amplitude,
                              const float *phase, size_t n_bins,
                              float *dominant_tap_ratio);

/* Scalars of a FusedSensingFrame; the fused arrays are caller-provided.
 * node_index[k] is the input index of the k-th contributing node (input
 * order, nodes with ≥1 channel), i.e. the node frames are carried by
 * reference. */
typedef struct {
  uint64_t timestamp_us;                 /* upper median of all input ts */
  size_t   n_bins;
  size_t   active_nodes;
  size_t   node_index[RV_MULTISTATIC_MAX_NODES];
  float    node_positions[RV_MULTISTATIC_MAX_NODES][3];
  float    cross_node_coherence;         /* after the CIR gate */
  float    freq_coherence;               /* before it (weight coherence, 1 for one node) */
  float    weights[RV_MULTISTATIC_MAX_NODES]; /* computed once; [1.0] for one node */
  uint64_t min_ts_us, max_ts_us;         /* over all input nodes */
} RvFusedFrame;

typedef struct RvMultistaticFuser RvMultistaticFuser;

/* Reject nonsense configs (temperature not finite or ≤ 0, guard 0, soft > guard
 * is allowed as upstream).  max_bins ≥ 1.  Returns NULL on error (err set). */
RvMultistaticFuser *rv_multistatic_fuser_new (const RvMultistaticConfig *cfg,
                                              size_t max_bins,
                                              RvMultistaticError *err);
void rv_multistatic_fuser_free (RvMultistaticFuser *f);
const RvMultistaticConfig *rv_multistatic_fuser_get_config (const RvMultistaticFuser *f);
/* Replace guard/soft/temperature etc. (validated as in _new). */
RvMultistaticError rv_multistatic_fuser_set_config (RvMultistaticFuser *f,
                                                    const RvMultistaticConfig *cfg);
/* Configured node positions (copied; up to RV_MULTISTATIC_MAX_NODES). */
RvMultistaticError rv_multistatic_fuser_set_positions (RvMultistaticFuser *f,
                                                       const float (*pos)[3], size_t n);
/* Attach (func != NULL) or detach the CIR estimator hook. */
void rv_multistatic_fuser_set_cir_gate (RvMultistaticFuser *f,
                                        RvCirGateFunc func, void *user_data);
const RvMultistaticErrorInfo *rv_multistatic_fuser_last_error (const RvMultistaticFuser *f);

/* §7.2.  out_amp/out_phase have room for out_cap floats (≥ n_bins). */
RvMultistaticError rv_multistatic_fuse (RvMultistaticFuser *f,
                                        const RvNodeFrame *nodes, size_t n_nodes,
                                        float *out_amp, float *out_phase, size_t out_cap,
                                        RvFusedFrame *out);

/* §7.4 fuse_scored: fuse, then the score from the same weights. */
RvMultistaticError rv_multistatic_fuse_scored (RvMultistaticFuser *f,
                                               const RvNodeFrame *nodes, size_t n_nodes,
                                               float coherence_accept,
                                               float *out_amp, float *out_phase, size_t out_cap,
                                               RvFusedFrame *out, RvQualityScore *score);

/* §7.4 fuse_scored_calibrated (cals may be NULL when n_cals == 0). */
RvMultistaticError rv_multistatic_fuse_scored_calibrated (RvMultistaticFuser *f,
                                               const RvNodeFrame *nodes, size_t n_nodes,
                                               const RvMaybeCalibrationId *cals, size_t n_cals,
                                               float coherence_accept,
                                               float *out_amp, float *out_phase, size_t out_cap,
                                               RvFusedFrame *out, RvQualityScore *score);

/* The score part alone, from an already fused frame (what fuse_scored does
 * after fusing). */
void rv_multistatic_score (const RvMultistaticFuser *f, const RvFusedFrame *fused,
                           float coherence_accept, RvQualityScore *score);

/* ---- free helpers (f32, sequential sums as in §7.3/§7.6) ---- */

/* node_attention_weights: amps[n] each of n_bins; mean_scratch holds n_bins. */
void  rv_multistatic_attention_weights (const float *const *amps, size_t n_nodes,
                                        size_t n_bins, float temperature,
                                        float *mean_scratch, float *weights_out);
/* compute_weight_coherence. */
float rv_multistatic_weight_coherence (const float *w, size_t n);
/* geometric_diversity; angles_scratch holds n floats (may be NULL when
 * n ≤ RV_MULTISTATIC_MAX_NODES). */
float rv_multistatic_geometric_diversity (const float (*pos)[3], size_t n,
                                          float *angles_scratch);

#ifdef __cplusplus
}
#endif
#endif
