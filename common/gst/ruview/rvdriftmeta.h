/* libgstruview — GstRvDriftMeta: the empty-room deviation score of one CSI
 * frame against its node's baseline, attached by rvcalibrate in
 * mode=apply.
 *
 * The structure is opaque; read it with the accessors below. */
#ifndef GST_RUVIEW_DRIFT_META_H
#define GST_RUVIEW_DRIFT_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

typedef struct _GstRvDriftMeta GstRvDriftMeta;

#define GST_RV_DRIFT_META_API_TYPE (gst_rv_drift_meta_api_get_type ())
#define GST_RV_DRIFT_META_INFO (gst_rv_drift_meta_get_info ())

GST_RUVIEW_API GType gst_rv_drift_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_drift_meta_get_info (void);

/**
 * gst_buffer_get_rv_drift_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the drift meta of @buffer
 */
GST_RUVIEW_API
GstRvDriftMeta *gst_buffer_get_rv_drift_meta (GstBuffer * buffer);

GST_RUVIEW_API
guint32 gst_rv_drift_meta_get_node_id (const GstRvDriftMeta * meta);

/* FALSE when the baseline had no calibration id. */
GST_RUVIEW_API
gboolean gst_rv_drift_meta_get_calibration_id (const GstRvDriftMeta * meta,
    guint64 * id);

/* Median and largest |z| of the amplitudes against the baseline. */
GST_RUVIEW_API
gfloat gst_rv_drift_meta_get_z_median (const GstRvDriftMeta * meta);

GST_RUVIEW_API
gfloat gst_rv_drift_meta_get_z_max (const GstRvDriftMeta * meta);

/* Median circular phase distance to the baseline, radians. */
GST_RUVIEW_API
gfloat gst_rv_drift_meta_get_phase_drift (const GstRvDriftMeta * meta);

/* z median above 2 or phase drift above π/6. */
GST_RUVIEW_API
gboolean gst_rv_drift_meta_get_motion_flagged (const GstRvDriftMeta * meta);

/* The stale-baseline statistic (rvcalibrate stale-window): FALSE when it
 * is off; else its drift score and whether the baseline is stale. */
GST_RUVIEW_API
gboolean gst_rv_drift_meta_get_stale (const GstRvDriftMeta * meta,
    gfloat * drift_score, gboolean * stale);

G_END_DECLS
#endif
