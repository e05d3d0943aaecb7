/* libgstruview — GstRvQualityMeta: the ADR-137 quality score of a fused
 * cycle (evidence, contradictions, node weights), attached by
 * rvmultistaticfuse.
 *
 * The structure is opaque; read it with the accessors below. */
#ifndef GST_RUVIEW_QUALITY_META_H
#define GST_RUVIEW_QUALITY_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

typedef struct _GstRvQualityMeta GstRvQualityMeta;

#define GST_RV_QUALITY_META_API_TYPE (gst_rv_quality_meta_api_get_type ())
#define GST_RV_QUALITY_META_INFO (gst_rv_quality_meta_get_info ())

GST_RUVIEW_API GType gst_rv_quality_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_quality_meta_get_info (void);

/**
 * gst_buffer_get_rv_quality_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the quality meta of @buffer
 */
GST_RUVIEW_API
GstRvQualityMeta *gst_buffer_get_rv_quality_meta (GstBuffer * buffer);

/* The coherence before and after the contradictions' penalty. */
GST_RUVIEW_API
gfloat gst_rv_quality_meta_get_base_coherence (const GstRvQualityMeta * meta);

GST_RUVIEW_API
gfloat gst_rv_quality_meta_get_penalized_coherence (const GstRvQualityMeta *
    meta);

GST_RUVIEW_API
void gst_rv_quality_meta_get_confidence_bounds (const GstRvQualityMeta * meta,
    gfloat * low, gfloat * high);

/**
 * gst_rv_quality_meta_get_weights:
 * @meta: the meta
 * @n: (out): the number of fused nodes
 *
 * Returns: (array length=n) (transfer none): the attention weight of each
 *   fused node, in ascending node-id order
 */
GST_RUVIEW_API
const gfloat *gst_rv_quality_meta_get_weights (const GstRvQualityMeta * meta,
    gsize * n);

GST_RUVIEW_API
guint gst_rv_quality_meta_get_n_evidence (const GstRvQualityMeta * meta);

GST_RUVIEW_API
guint gst_rv_quality_meta_get_n_contradictions (const GstRvQualityMeta *
    meta);

/* Whether the contradictions demote the privacy class of the cycle. */
GST_RUVIEW_API
gboolean gst_rv_quality_meta_get_forces_privacy_demotion (const
    GstRvQualityMeta * meta);

G_END_DECLS
#endif
