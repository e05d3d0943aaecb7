/* libruview — RuvSense pipeline configuration and skeleton (frontend.md §1.2). */
#include "ruview/ruvsense.h"

#include <stdlib.h>

struct RvRuvSensePipeline {
  RvRuvSenseConfig cfg;
  RvPhaseAligner *aligner;
  RvCoherenceState *coherence;
  RvGatePolicy gate;
  uint64_t frame_count;
};

void
rv_ruvsense_config_default (RvRuvSenseConfig *cfg)
{
  cfg->max_nodes = 4;
  cfg->target_hz = 20.0;
  cfg->num_channels = 3;
  cfg->coherence_accept = 0.85f;
  cfg->coherence_drift = 0.5f;
  cfg->max_stale_frames = 200;
  cfg->embedding_dim = 128;
}

RvRuvSensePipeline *
rv_ruvsense_pipeline_new (const RvRuvSenseConfig *cfg, size_t max_bins)
{
  RvRuvSensePipeline *p;
  RvPhaseAlignConfig acfg;

  if (!cfg || !(cfg->target_hz > 0.0) || cfg->max_nodes == 0)
    return NULL;
  p = calloc (1, sizeof (*p));
  if (!p)
    return NULL;
  p->cfg = *cfg;
  rv_phase_align_config_default (&acfg);
  p->aligner = rv_phase_aligner_new (&acfg, cfg->num_channels, max_bins, NULL);
  p->coherence = rv_coherence_state_new (56, cfg->coherence_accept, NULL);
  if (!p->aligner || !p->coherence
      || !rv_gate_policy_init (&p->gate, cfg->coherence_accept, cfg->coherence_drift,
          cfg->max_stale_frames)) {
    rv_ruvsense_pipeline_free (p);
    return NULL;
  }
  return p;
}

void
rv_ruvsense_pipeline_free (RvRuvSensePipeline *p)
{
  if (!p)
    return;
  rv_phase_aligner_free (p->aligner);
  rv_coherence_state_free (p->coherence);
  free (p);
}

const RvRuvSenseConfig *
rv_ruvsense_pipeline_config (const RvRuvSensePipeline *p)
{
  return &p->cfg;
}

uint64_t
rv_ruvsense_pipeline_tick (RvRuvSensePipeline *p)
{
  return ++p->frame_count;
}

uint64_t
rv_ruvsense_pipeline_frame_count (const RvRuvSensePipeline *p)
{
  return p->frame_count;
}

RvPhaseAligner *
rv_ruvsense_pipeline_aligner (RvRuvSensePipeline *p)
{
  return p->aligner;
}

RvCoherenceState *
rv_ruvsense_pipeline_coherence (RvRuvSensePipeline *p)
{
  return p->coherence;
}

RvGatePolicy *
rv_ruvsense_pipeline_gate (RvRuvSensePipeline *p)
{
  return &p->gate;
}
