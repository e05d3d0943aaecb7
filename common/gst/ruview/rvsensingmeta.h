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
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

typedef struct _GstRvSensingMeta GstRvSensingMeta;

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

/* The room's presence, its motion level ("absent", "present_still",
 * "present_moving", "active") and confidence (0..1). */
GST_RUVIEW_API
gboolean gst_rv_sensing_meta_get_presence (const GstRvSensingMeta * meta);

GST_RUVIEW_API
const gchar *gst_rv_sensing_meta_get_motion_level (const GstRvSensingMeta *
    meta);

GST_RUVIEW_API
gdouble gst_rv_sensing_meta_get_confidence (const GstRvSensingMeta * meta);

/* The room's motion band power (the presence feature). */
GST_RUVIEW_API
gdouble gst_rv_sensing_meta_get_motion_band_power (const GstRvSensingMeta *
    meta);

/* Nodes with features of their own (≤ GST_RV_SENSING_MAX_NODES). */
GST_RUVIEW_API
guint gst_rv_sensing_meta_get_n_nodes (const GstRvSensingMeta * meta);

G_END_DECLS
#endif
