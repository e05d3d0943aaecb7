/* libgstruview — the frame record on GstBuffers (docs/record.md).
 *
 * A csi buffer holds exactly one "RVCF" record.  A fused buffer's bytes are
 * its recording: the "RVFU" record, then its n_node_records node "RVCF"
 * records back to back.  The node records are appended as memories taken
 * by reference from the node buffers (never copied), but memory boundaries
 * carry no meaning: records are found by walking record sizes, so an
 * element that merges the memories (gst_buffer_map of the whole buffer,
 * identity dump=true), a tee, a queue or a filesink → csisrc round trip
 * leaves every node record reachable.  Record memory is 8-byte aligned. */
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

/* Map the fused record at the start of a fused buffer (no copy when it
 * lies in one memory). */
GST_RUVIEW_API
gboolean gst_rv_fused_buffer_map (GstBuffer * buf, GstMapInfo * map,
    GstMapFlags flags, RvFusedRecord * frame);

GST_RUVIEW_API
void gst_rv_fused_buffer_unmap (GstBuffer * buf, GstMapInfo * map,
    const RvFusedRecord * frame);

/* Number of node records the fused record says follow it (0 if buf is
 * not a fused buffer). */
GST_RUVIEW_API
guint gst_rv_fused_buffer_n_node_records (GstBuffer * buf);

/* Map node record i (0-based, after the fused record) read only.  FALSE
 * when it is missing or not a valid csi record. */
GST_RUVIEW_API
gboolean gst_rv_fused_buffer_map_node (GstBuffer * buf, guint i,
    GstMapInfo * map, RvCsiFrame * frame);

GST_RUVIEW_API
void gst_rv_fused_buffer_unmap_node (GstBuffer * buf, GstMapInfo * map);

/* Append a node buffer's record to a writable fused buffer, by reference
 * (its memories are shared, not copied). */
GST_RUVIEW_API
void gst_rv_fused_buffer_append_node (GstBuffer * fused, GstBuffer * node);

/* Remove every node record from a writable fused buffer (privacy): the
 * fused record says n_node_records 0 and no node has a record index, and
 * no memory of the buffer keeps node bytes.  FALSE if buf is not a fused
 * buffer. */
GST_RUVIEW_API
gboolean gst_rv_fused_buffer_remove_nodes (GstBuffer * buf);

/* Allocation parameters giving 8-byte aligned memory. */
GST_RUVIEW_API
const GstAllocationParams *gst_rv_record_alloc_params (void);

G_END_DECLS
#endif
