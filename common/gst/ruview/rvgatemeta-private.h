/* libgstruview — GstRvGateMeta: the coherence state and the gate decision of
 * a fused cycle (frontend.md §8), attached by rvcirgate. */
#ifndef GST_RUVIEW_GATE_META_PRIVATE_H
#define GST_RUVIEW_GATE_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvgatemeta.h"
#include "ruview/coherence.h"
#include "ruview/gate.h"

G_BEGIN_DECLS

struct _GstRvGateMeta
{
  GstMeta meta;

  gfloat coherence_score;       /* CoherenceState score of this cycle */
  guint64 stale_count;          /* frames since the last score ≥ accept */
  RvDriftProfile drift_profile;
  RvGateDecision decision;      /* kind, noise_multiplier, stale_frames */
};

GST_RUVIEW_API
GstRvGateMeta *gst_buffer_add_rv_gate_meta (GstBuffer * buffer,
    gfloat coherence_score, guint64 stale_count, RvDriftProfile drift,
    const RvGateDecision * decision);

/* "accept", "predict_only", "reject", "recalibrate" */
GST_RUVIEW_API
const gchar *gst_rv_gate_decision_nick (RvGateDecisionKind kind);

/* "stable", "linear", "step_change" */
GST_RUVIEW_API
const gchar *gst_rv_drift_profile_nick (RvDriftProfile drift);

G_END_DECLS
#endif
