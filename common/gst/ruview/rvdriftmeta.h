/* libgstruview — GstRvDriftMeta: the empty-room deviation score of one CSI
 * frame, attached by rvcalibrate in mode=apply. */
#ifndef GST_RUVIEW_DRIFT_META_H
#define GST_RUVIEW_DRIFT_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvDriftMeta:
 *
 * How far one CSI frame of a node is from that node's empty-room baseline,
 * attached by `rvcalibrate mode=apply`: the amplitudes as z-scores against
 * the baseline's mean and variance per subcarrier, and the phase distance.
 * Large values mean something in the room differs from when the baseline
 * was recorded (a person, moved furniture, a drifting radio).
 *
 * The structure is opaque; read it with the accessors.
 */
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

/**
 * gst_rv_drift_meta_get_node_id:
 * @meta: a #GstRvDriftMeta
 *
 * Returns: the sensor node the frame came from
 */
GST_RUVIEW_API
guint32 gst_rv_drift_meta_get_node_id (const GstRvDriftMeta * meta);

/**
 * gst_rv_drift_meta_get_calibration_id:
 * @meta: a #GstRvDriftMeta
 * @id: (out) (optional): the id of the baseline the frame was scored
 *   against (0 when it has none)
 *
 * Returns: %FALSE when the baseline has no calibration id
 */
GST_RUVIEW_API
gboolean gst_rv_drift_meta_get_calibration_id (const GstRvDriftMeta * meta,
    guint64 * id);

/**
 * gst_rv_drift_meta_get_z_median:
 * @meta: a #GstRvDriftMeta
 *
 * Returns: the median over the subcarriers of |z|, the amplitude's
 *   distance from the baseline mean in baseline standard deviations
 */
GST_RUVIEW_API
gfloat gst_rv_drift_meta_get_z_median (const GstRvDriftMeta * meta);

/**
 * gst_rv_drift_meta_get_z_max:
 * @meta: a #GstRvDriftMeta
 *
 * Returns: the largest |z| over the subcarriers
 */
GST_RUVIEW_API
gfloat gst_rv_drift_meta_get_z_max (const GstRvDriftMeta * meta);

/**
 * gst_rv_drift_meta_get_phase_drift:
 * @meta: a #GstRvDriftMeta
 *
 * Returns: the median circular distance of the phases to the baseline's,
 *   in radians (0 … π)
 */
GST_RUVIEW_API
gfloat gst_rv_drift_meta_get_phase_drift (const GstRvDriftMeta * meta);

/**
 * gst_rv_drift_meta_get_motion_flagged:
 * @meta: a #GstRvDriftMeta
 *
 * Returns: %TRUE when the frame looks like motion: a z median above 2 or
 *   a phase drift above π/6
 */
GST_RUVIEW_API
gboolean gst_rv_drift_meta_get_motion_flagged (const GstRvDriftMeta * meta);

/**
 * gst_rv_drift_meta_get_stale:
 * @meta: a #GstRvDriftMeta
 * @drift_score: (out) (optional): the mean over the subcarriers of the
 *   median z² over the last `stale-window` frames (0 when off)
 * @stale: (out) (optional): whether the baseline is stale (the score
 *   stayed above 4 for three windows)
 *
 * The stale-baseline statistic of `rvcalibrate stale-window`.
 *
 * Returns: %FALSE when the statistic is off
 */
GST_RUVIEW_API
gboolean gst_rv_drift_meta_get_stale (const GstRvDriftMeta * meta,
    gfloat * drift_score, gboolean * stale);

G_END_DECLS
#endif
