/* libgstruview — the frame record on GstBuffers (docs/record.md).
 *
 * A csi buffer holds exactly one "RVCF" record.  A fused buffer holds the
 * "RVFU" record in memory 0 and the node "RVCF" records in memories 1..n,
 * appended by reference (never copied).  Record memory is 8-byte aligned. */
#ifndef GST_RUVIEW_BUFFER_H
#define GST_RUVIEW_BUFFER_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/record.h"

G_BEGIN_DECLS

/* A new buffer holding an initialised, zero-filled csi record; fill the
 * view, then gst_rv_csi_buffer_unmap() writes the header back. */
GST_RUVIEW_API
GstBuffer *gst_rv_csi_buffer_new (RvLayout layout, guint dim0, guint dim1,
    GstMapInfo * map, RvCsiFrame * frame);

/* Map a csi buffer (whole buffer = one record).  flags GST_MAP_READ or
 * GST_MAP_READWRITE.  FALSE (and nothing mapped) if it is not a valid
 * record. */
GST_RUVIEW_API
gboolean gst_rv_csi_buffer_map (GstBuffer * buf, GstMapInfo * map,
    GstMapFlags flags, RvCsiFrame * frame);

/* Unmap; when mapped for writing, first writes the header fields back. */
GST_RUVIEW_API
void gst_rv_csi_buffer_unmap (GstBuffer * buf, GstMapInfo * map,
    const RvCsiFrame * frame);

GST_RUVIEW_API
GstBuffer *gst_rv_fused_buffer_new (guint n_nodes, guint n_bins,
    GstMapInfo * map, RvFusedRecord * frame);

/* Map memory 0 of a fused buffer. */
GST_RUVIEW_API
gboolean gst_rv_fused_buffer_map (GstBuffer * buf, GstMapInfo * map,
    GstMapFlags flags, RvFusedRecord * frame);

GST_RUVIEW_API
void gst_rv_fused_buffer_unmap (GstBuffer * buf, GstMapInfo * map,
    const RvFusedRecord * frame);

/* Number of node records carried by a fused buffer (memories after 0). */
GST_RUVIEW_API
guint gst_rv_fused_buffer_n_node_records (GstBuffer * buf);

/* Map node record i (memory 1 + i) of a fused buffer, read only. */
GST_RUVIEW_API
gboolean gst_rv_fused_buffer_map_node (GstBuffer * buf, guint i,
    GstMapInfo * map, RvCsiFrame * frame);

GST_RUVIEW_API
void gst_rv_fused_buffer_unmap_node (GstBuffer * buf, GstMapInfo * map);

/* Allocation parameters giving 8-byte aligned memory. */
GST_RUVIEW_API
const GstAllocationParams *gst_rv_record_alloc_params (void);

G_END_DECLS
#endif
