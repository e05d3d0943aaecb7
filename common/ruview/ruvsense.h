/* libruview — RuvSense pipeline configuration and skeleton (frontend.md
 * §1.2).  Upstream the pipeline only owns its stage objects and a frame
 * counter (it has no processing method); the C elements do the wiring. */
#ifndef RUVIEW_RUVSENSE_H
#define RUVIEW_RUVSENSE_H

#include <stddef.h>
#include <stdint.h>

#include "ruview/coherence.h"
#include "ruview/gate.h"
#include "ruview/phase_align.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  size_t max_nodes;          /* 4 */
  double target_hz;          /* 20.0 (50 ms TDMA cycle) */
  size_t num_channels;       /* 3 (hop channels 1/6/11) */
  float coherence_accept;    /* 0.85: gate accept + coherence-state accept */
  float coherence_drift;     /* 0.5: used as the gate reject threshold */
  uint64_t max_stale_frames; /* 200 (10 s at 20 Hz) → Recalibrate */
  size_t embedding_dim;      /* 128 (AETHER re-ID, unused here) */
} RvRuvSenseConfig;

void rv_ruvsense_config_default (RvRuvSenseConfig *cfg);

typedef struct RvRuvSensePipeline RvRuvSensePipeline;

/* with_config: PhaseAligner::new(num_channels) (default alignment config,
 * scratch for max_bins), CoherenceState::new(56, coherence_accept),
 * GatePolicy::new(coherence_accept, coherence_drift, max_stale_frames).
 * NULL on a nonsense config. */
RvRuvSensePipeline *rv_ruvsense_pipeline_new (const RvRuvSenseConfig *cfg, size_t max_bins);
void rv_ruvsense_pipeline_free (RvRuvSensePipeline *p);
const RvRuvSenseConfig *rv_ruvsense_pipeline_config (const RvRuvSensePipeline *p);
/* tick(): frame counter += 1, returns the new value. */
uint64_t rv_ruvsense_pipeline_tick (RvRuvSensePipeline *p);
uint64_t rv_ruvsense_pipeline_frame_count (const RvRuvSensePipeline *p);
RvPhaseAligner   *rv_ruvsense_pipeline_aligner (RvRuvSensePipeline *p);
RvCoherenceState *rv_ruvsense_pipeline_coherence (RvRuvSensePipeline *p);
RvGatePolicy     *rv_ruvsense_pipeline_gate (RvRuvSensePipeline *p);

#ifdef __cplusplus
}
#endif
#endif
