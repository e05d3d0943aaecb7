/* libgstruview — GstRvSensingMeta, the full struct (project elements).
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */
#ifndef GST_RUVIEW_SENSING_META_PRIVATE_H
#define GST_RUVIEW_SENSING_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvsensingmeta.h"
#include "ruview/pose_heuristic.h"

G_BEGIN_DECLS

/* One node's features from its own channel-0 amplitudes. */
typedef struct
{
  guint32 node_id;
  gint16 rssi_dbm;              /* of its latest fused frame */
  guint64 timestamp_us;         /* device time of its latest fused frame */
  RvSensingFeatures features;
  RvClassification classification;
} GstRvSensingNode;

struct _GstRvSensingMeta
{
  GstMeta meta;
  RvSensingFeatures features;   /* of the fused amplitude (the room) */
  RvClassification classification;
  guint n_nodes;                /* ≤ GST_RV_SENSING_MAX_NODES, id order */
  GstRvSensingNode nodes[GST_RV_SENSING_MAX_NODES];
};

/* Adds a meta with the room's features and no nodes. */
GST_RUVIEW_API
GstRvSensingMeta *gst_buffer_add_rv_sensing_meta (GstBuffer * buffer,
    const RvSensingFeatures * features, const RvClassification * cls);

/* Appends a node; FALSE when the meta is full. */
GST_RUVIEW_API
gboolean gst_rv_sensing_meta_add_node (GstRvSensingMeta * meta,
    const GstRvSensingNode * node);

G_END_DECLS
#endif
