/* libgstruview — GstRvQualityMeta: the ADR-137 quality score of a fused cycle
 * (frontend.md §7.4), attached by rvmultistaticfuse. */
#ifndef GST_RUVIEW_QUALITY_META_PRIVATE_H
#define GST_RUVIEW_QUALITY_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvqualitymeta.h"
#include "ruview/fusion_quality.h"
#include "ruview/json.h"

G_BEGIN_DECLS

struct _GstRvQualityMeta
{
  GstMeta meta;
  RvQualityScore score;         /* evidence, contradictions, weights */
};

/* Adds a meta holding a copy of score. */
GST_RUVIEW_API
GstRvQualityMeta *gst_buffer_add_rv_quality_meta (GstBuffer * buffer,
    const RvQualityScore * score);

/* JSON of a score (shared with the engine's evidence text). */
GST_RUVIEW_API
void gst_rv_quality_score_to_json (const RvQualityScore * q,
    RvJsonWriter * w);

G_END_DECLS
#endif
