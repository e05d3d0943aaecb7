/* libgstruview — GstRvDriftMeta: the empty-room deviation score of one CSI
 * frame against its baseline (frontend.md §5.5), attached by rvcalibrate
 * in mode=apply. */
#ifndef GST_RUVIEW_DRIFT_META_H
#define GST_RUVIEW_DRIFT_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/calibration.h"

G_BEGIN_DECLS

#define GST_RV_DRIFT_META_API_TYPE (gst_rv_drift_meta_api_get_type ())
#define GST_RV_DRIFT_META_INFO (gst_rv_drift_meta_get_info ())

typedef struct
{
  GstMeta meta;
  guint32 node_id;
  gboolean has_calibration_id;
  guint64 calibration_id;       /* of the baseline scored against */
  RvCalibrationScore score;     /* z-median, z-max, phase drift, motion flag */
  /* ADR-135 stale-baseline statistic (rvcalibrate stale-window > 0) */
  gboolean has_stale;
  RvCalibrationDriftState stale;
} GstRvDriftMeta;

GST_RUVIEW_API GType gst_rv_drift_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_drift_meta_get_info (void);

/* Adds a meta holding a copy of score (calibration_id 0 = none). */
GST_RUVIEW_API
GstRvDriftMeta *gst_buffer_add_rv_drift_meta (GstBuffer * buffer,
    guint32 node_id, guint64 calibration_id, const RvCalibrationScore * score);

/* Adds the stale-baseline statistic to a drift meta. */
GST_RUVIEW_API
void gst_rv_drift_meta_set_stale (GstRvDriftMeta * meta,
    const RvCalibrationDriftState * stale);

#define gst_buffer_get_rv_drift_meta(b) \
  ((GstRvDriftMeta *) gst_buffer_get_meta ((b), GST_RV_DRIFT_META_API_TYPE))

G_END_DECLS
#endif
