/* libgstruview — GstRvDriftMeta: the empty-room deviation score of one CSI
 * frame against its baseline (frontend.md §5.5), attached by rvcalibrate
 * in mode=apply. */
#ifndef GST_RUVIEW_DRIFT_META_PRIVATE_H
#define GST_RUVIEW_DRIFT_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvdriftmeta.h"
#include "ruview/calibration.h"

G_BEGIN_DECLS

struct _GstRvDriftMeta
{
  GstMeta meta;
  guint32 node_id;
  gboolean has_calibration_id;
  guint64 calibration_id;       /* of the baseline scored against */
  RvCalibrationScore score;     /* z-median, z-max, phase drift, motion flag */
  /* ADR-135 stale-baseline statistic (rvcalibrate stale-window > 0) */
  gboolean has_stale;
  RvCalibrationDriftState stale;
};

/* Adds a meta holding a copy of score (calibration_id 0 = none). */
GST_RUVIEW_API
GstRvDriftMeta *gst_buffer_add_rv_drift_meta (GstBuffer * buffer,
    guint32 node_id, guint64 calibration_id, const RvCalibrationScore * score);

/* Adds the stale-baseline statistic to a drift meta. */
GST_RUVIEW_API
void gst_rv_drift_meta_set_stale (GstRvDriftMeta * meta,
    const RvCalibrationDriftState * stale);

G_END_DECLS
#endif
