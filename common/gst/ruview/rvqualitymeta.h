/* libgstruview — GstRvQualityMeta: the quality score of a fused cycle,
 * attached by rvmultistaticfuse. */
#ifndef GST_RUVIEW_QUALITY_META_H
#define GST_RUVIEW_QUALITY_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvQualityMeta:
 *
 * How far the nodes of a fused cycle can be trusted together, attached by
 * `rvmultistaticfuse`.  The base coherence (0 … 1) says how well the nodes'
 * frames agree; each contradiction between them (timestamps too far apart,
 * different baselines, a failed phase alignment, …) multiplies it by 0.8
 * into the penalized coherence, and widens the confidence interval around
 * it by 0.1 on each side.  Evidence items are what supports the score.
 *
 * The structure is opaque; read it with the accessors.
 */
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

/**
 * gst_rv_quality_meta_get_base_coherence:
 * @meta: a #GstRvQualityMeta
 *
 * Returns: the agreement of the fused nodes (0 … 1) before the penalty
 */
GST_RUVIEW_API
gfloat gst_rv_quality_meta_get_base_coherence (const GstRvQualityMeta * meta);

/**
 * gst_rv_quality_meta_get_penalized_coherence:
 * @meta: a #GstRvQualityMeta
 *
 * Returns: the base coherence × 0.8 per contradiction (0 … 1)
 */
GST_RUVIEW_API
gfloat gst_rv_quality_meta_get_penalized_coherence (const GstRvQualityMeta *
    meta);

/**
 * gst_rv_quality_meta_get_confidence_bounds:
 * @meta: a #GstRvQualityMeta
 * @low: (out) (optional): lower bound (0 … 1)
 * @high: (out) (optional): upper bound (0 … 1)
 *
 * The interval around the penalized coherence: 0.1 each side per
 * contradiction, kept within 0 … 1.
 */
GST_RUVIEW_API
void gst_rv_quality_meta_get_confidence_bounds (const GstRvQualityMeta * meta,
    gfloat * low, gfloat * high);

/**
 * gst_rv_quality_meta_get_weights:
 * @meta: a #GstRvQualityMeta
 * @n: (out): the number of fused nodes
 *
 * Returns: (array length=n) (transfer none): the attention weight of each
 *   fused node (they sum to 1), in ascending node-id order
 */
GST_RUVIEW_API
const gfloat *gst_rv_quality_meta_get_weights (const GstRvQualityMeta * meta,
    gsize * n);

/**
 * gst_rv_quality_meta_get_n_evidence:
 * @meta: a #GstRvQualityMeta
 *
 * Returns: the evidence items of the score
 */
GST_RUVIEW_API
guint gst_rv_quality_meta_get_n_evidence (const GstRvQualityMeta * meta);

/**
 * gst_rv_quality_meta_get_n_contradictions:
 * @meta: a #GstRvQualityMeta
 *
 * Returns: the contradictions found between the nodes
 */
GST_RUVIEW_API
guint gst_rv_quality_meta_get_n_contradictions (const GstRvQualityMeta *
    meta);

/**
 * gst_rv_quality_meta_get_forces_privacy_demotion:
 * @meta: a #GstRvQualityMeta
 *
 * Returns: %TRUE when the contradictions lower the privacy class of the
 *   cycle one step (`rvwitness` applies it)
 */
GST_RUVIEW_API
gboolean gst_rv_quality_meta_get_forces_privacy_demotion (const
    GstRvQualityMeta * meta);

G_END_DECLS
#endif
