/* libgstruview — GstRvGateMeta: the coherence state and the gate decision
 * of a fused cycle, attached by rvcirgate.
 *
 * The structure is opaque; read it with the accessors below. */
#ifndef GST_RUVIEW_GATE_META_H
#define GST_RUVIEW_GATE_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

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

/* "accept", "predict_only", "reject" or "recalibrate" */
GST_RUVIEW_API
const gchar *gst_rv_gate_meta_get_decision (const GstRvGateMeta * meta);

/* The coherence state's score of the cycle. */
GST_RUVIEW_API
gfloat gst_rv_gate_meta_get_coherence_score (const GstRvGateMeta * meta);

/* Cycles since the score last reached the accept threshold. */
GST_RUVIEW_API
guint64 gst_rv_gate_meta_get_stale_count (const GstRvGateMeta * meta);

/* "stable", "linear" or "step_change" */
GST_RUVIEW_API
const gchar *gst_rv_gate_meta_get_drift_profile (const GstRvGateMeta * meta);

/* accept only: the noise multiplier (1.0); 0 otherwise */
GST_RUVIEW_API
gfloat gst_rv_gate_meta_get_noise_multiplier (const GstRvGateMeta * meta);

/* recalibrate only: the stale frames; 0 otherwise */
GST_RUVIEW_API
guint64 gst_rv_gate_meta_get_stale_frames (const GstRvGateMeta * meta);

G_END_DECLS
#endif
