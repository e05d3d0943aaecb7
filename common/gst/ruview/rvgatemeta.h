/* libgstruview — GstRvGateMeta: the coherence state and the gate decision of
 * a fused cycle (frontend.md §8), attached by rvcirgate. */
#ifndef GST_RUVIEW_GATE_META_H
#define GST_RUVIEW_GATE_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/coherence.h"
#include "ruview/gate.h"

G_BEGIN_DECLS

#define GST_RV_GATE_META_API_TYPE (gst_rv_gate_meta_api_get_type ())
#define GST_RV_GATE_META_INFO (gst_rv_gate_meta_get_info ())

typedef struct
{
  GstMeta meta;

  gfloat coherence_score;       /* CoherenceState score of this cycle */
  guint64 stale_count;          /* frames since the last score ≥ accept */
  RvDriftProfile drift_profile;
  RvGateDecision decision;      /* kind, noise_multiplier, stale_frames */
} GstRvGateMeta;

GST_RUVIEW_API GType gst_rv_gate_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_gate_meta_get_info (void);

GST_RUVIEW_API
GstRvGateMeta *gst_buffer_add_rv_gate_meta (GstBuffer * buffer,
    gfloat coherence_score, guint64 stale_count, RvDriftProfile drift,
    const RvGateDecision * decision);

#define gst_buffer_get_rv_gate_meta(b) \
  ((GstRvGateMeta *) gst_buffer_get_meta ((b), GST_RV_GATE_META_API_TYPE))

/* "accept", "predict_only", "reject", "recalibrate" */
GST_RUVIEW_API
const gchar *gst_rv_gate_decision_nick (RvGateDecisionKind kind);

/* "stable", "linear", "step_change" */
GST_RUVIEW_API
const gchar *gst_rv_drift_profile_nick (RvDriftProfile drift);

G_END_DECLS
#endif
