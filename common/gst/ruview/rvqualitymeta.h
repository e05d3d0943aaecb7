/* libgstruview — GstRvQualityMeta: the ADR-137 quality score of a fused cycle
 * (frontend.md §7.4), attached by rvmultistaticfuse. */
#ifndef GST_RUVIEW_QUALITY_META_H
#define GST_RUVIEW_QUALITY_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/fusion_quality.h"
#include "ruview/json.h"

G_BEGIN_DECLS

#define GST_RV_QUALITY_META_API_TYPE (gst_rv_quality_meta_api_get_type ())
#define GST_RV_QUALITY_META_INFO (gst_rv_quality_meta_get_info ())

typedef struct
{
  GstMeta meta;
  RvQualityScore score;         /* evidence, contradictions, weights */
} GstRvQualityMeta;

GST_RUVIEW_API GType gst_rv_quality_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_quality_meta_get_info (void);

/* Adds a meta holding a copy of score. */
GST_RUVIEW_API
GstRvQualityMeta *gst_buffer_add_rv_quality_meta (GstBuffer * buffer,
    const RvQualityScore * score);

#define gst_buffer_get_rv_quality_meta(b) \
  ((GstRvQualityMeta *) gst_buffer_get_meta ((b), GST_RV_QUALITY_META_API_TYPE))

/* JSON of a score (shared with the engine's evidence text). */
GST_RUVIEW_API
void gst_rv_quality_score_to_json (const RvQualityScore * q,
    RvJsonWriter * w);

G_END_DECLS
#endif
