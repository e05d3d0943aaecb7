/* libgstruview — GstRvSensingMeta: the sensing features and presence
 * classification of a fused cycle, for the room and per node (rvposetrack).
 * The struct is opaque here; project elements include
 * rvsensingmeta-private.h.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */
#ifndef GST_RUVIEW_SENSING_META_H
#define GST_RUVIEW_SENSING_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvSensingMeta:
 *
 * The sensing features and the presence classification `rvposetrack`
 * derives from a fused cycle, for the room and per node: whether someone
 * is present, how much they move, and the motion band power the decision
 * rests on.
 *
 * The structure is opaque; read it with the accessors.
 */
typedef struct _GstRvSensingMeta GstRvSensingMeta;

/**
 * GST_RV_SENSING_MAX_NODES:
 *
 * The most nodes with features of their own one sensing meta holds.
 */
#define GST_RV_SENSING_MAX_NODES 16

#define GST_RV_SENSING_META_API_TYPE (gst_rv_sensing_meta_api_get_type ())
#define GST_RV_SENSING_META_INFO (gst_rv_sensing_meta_get_info ())

GST_RUVIEW_API GType gst_rv_sensing_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_sensing_meta_get_info (void);

/**
 * gst_buffer_get_rv_sensing_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the sensing meta of @buffer
 */
GST_RUVIEW_API
GstRvSensingMeta *gst_buffer_get_rv_sensing_meta (GstBuffer * buffer);

/**
 * gst_rv_sensing_meta_get_presence:
 * @meta: a #GstRvSensingMeta
 *
 * Returns: %TRUE when someone is present in the room (the motion band
 *   power reached `rvposetrack presence-threshold`)
 */
GST_RUVIEW_API
gboolean gst_rv_sensing_meta_get_presence (const GstRvSensingMeta * meta);

/**
 * gst_rv_sensing_meta_get_motion_level:
 * @meta: a #GstRvSensingMeta
 *
 * Returns: (transfer none): "absent", "present_still", "present_moving"
 *   or "active" (by the motion band power: below the presence threshold,
 *   below 5, below 15, above)
 */
GST_RUVIEW_API
const gchar *gst_rv_sensing_meta_get_motion_level (const GstRvSensingMeta *
    meta);

/**
 * gst_rv_sensing_meta_get_confidence:
 * @meta: a #GstRvSensingMeta
 *
 * Returns: the confidence of the classification, 0 … 1
 */
GST_RUVIEW_API
gdouble gst_rv_sensing_meta_get_confidence (const GstRvSensingMeta * meta);

/**
 * gst_rv_sensing_meta_get_motion_band_power:
 * @meta: a #GstRvSensingMeta
 *
 * Returns: the room's motion band power: `rvposetrack motion-gain` × the
 *   mean squared change of the fused amplitudes from cycle to cycle over
 *   the last `window` cycles (no unit; about 0.05 for one person walking
 *   in the synthetic room)
 */
GST_RUVIEW_API
gdouble gst_rv_sensing_meta_get_motion_band_power (const GstRvSensingMeta *
    meta);

/**
 * gst_rv_sensing_meta_get_n_nodes:
 * @meta: a #GstRvSensingMeta
 *
 * Returns: the nodes with features of their own (at most
 *   %GST_RV_SENSING_MAX_NODES)
 */
GST_RUVIEW_API
guint gst_rv_sensing_meta_get_n_nodes (const GstRvSensingMeta * meta);

G_END_DECLS
#endif
