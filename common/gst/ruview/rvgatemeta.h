/* libgstruview — GstRvGateMeta: the coherence state and the gate decision
 * of a fused cycle, attached by rvcirgate. */
#ifndef GST_RUVIEW_GATE_META_H
#define GST_RUVIEW_GATE_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvGateMeta:
 *
 * The gate decision `rvcirgate` took for a fused cycle: how much the
 * cycle's fused amplitudes agree with the recent ones (the coherence
 * score, 0 … 1) and what that means for the stages after it.
 *
 * The structure is opaque; read it with the accessors.
 */
typedef struct _GstRvGateMeta GstRvGateMeta;

#define GST_RV_GATE_META_API_TYPE (gst_rv_gate_meta_api_get_type ())
#define GST_RV_GATE_META_INFO (gst_rv_gate_meta_get_info ())

GST_RUVIEW_API GType gst_rv_gate_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_gate_meta_get_info (void);

/**
 * gst_buffer_get_rv_gate_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the gate meta of @buffer
 */
GST_RUVIEW_API
GstRvGateMeta *gst_buffer_get_rv_gate_meta (GstBuffer * buffer);

/**
 * gst_rv_gate_meta_get_decision:
 * @meta: a #GstRvGateMeta
 *
 * The decision, in the order it is tried: "recalibrate" (the score has not
 * reached `coherence-accept` for `max-stale` cycles: record a new
 * baseline), "accept" (score ≥ `coherence-accept`: use the cycle),
 * "predict_only" (score ≥ `coherence-reject`: trackers should predict
 * rather than update) or "reject" (below: ignore the cycle).
 *
 * Returns: (transfer none): the decision
 */
GST_RUVIEW_API
const gchar *gst_rv_gate_meta_get_decision (const GstRvGateMeta * meta);

/**
 * gst_rv_gate_meta_get_coherence_score:
 * @meta: a #GstRvGateMeta
 *
 * Returns: the coherence score of the cycle (0 … 1): how well its fused
 *   amplitudes match the running reference
 */
GST_RUVIEW_API
gfloat gst_rv_gate_meta_get_coherence_score (const GstRvGateMeta * meta);

/**
 * gst_rv_gate_meta_get_stale_count:
 * @meta: a #GstRvGateMeta
 *
 * Returns: the cycles since the score last reached `coherence-accept`
 */
GST_RUVIEW_API
guint64 gst_rv_gate_meta_get_stale_count (const GstRvGateMeta * meta);

/**
 * gst_rv_gate_meta_get_drift_profile:
 * @meta: a #GstRvGateMeta
 *
 * Returns: (transfer none): how the score moves: "stable", "linear" (a
 *   slow drift) or "step_change" (a sudden change)
 */
GST_RUVIEW_API
const gchar *gst_rv_gate_meta_get_drift_profile (const GstRvGateMeta * meta);

/**
 * gst_rv_gate_meta_get_noise_multiplier:
 * @meta: a #GstRvGateMeta
 *
 * Returns: for "accept", the factor on the trackers' measurement noise
 *   (1.0); 0 for the other decisions
 */
GST_RUVIEW_API
gfloat gst_rv_gate_meta_get_noise_multiplier (const GstRvGateMeta * meta);

/**
 * gst_rv_gate_meta_get_stale_frames:
 * @meta: a #GstRvGateMeta
 *
 * Returns: for "recalibrate", the stale cycles that triggered it; 0 for
 *   the other decisions
 */
GST_RUVIEW_API
guint64 gst_rv_gate_meta_get_stale_frames (const GstRvGateMeta * meta);

G_END_DECLS
#endif
