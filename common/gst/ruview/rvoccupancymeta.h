/* libgstruview — GstRvOccupancyMeta: the RF tomography result of a fused
 * cycle, a voxel grid of densities over the room, attached by
 * rvtomography.
 *
 * The structure is opaque; read it with the accessors below.  The voxel
 * (ix, iy, iz) has the index iz·ny·nx + iy·nx + ix; the grid covers the box
 * given by the bounds (metres). */
#ifndef GST_RUVIEW_OCCUPANCY_META_H
#define GST_RUVIEW_OCCUPANCY_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

typedef struct _GstRvOccupancyMeta GstRvOccupancyMeta;

/* Most node positions an occupancy meta carries. */
#define GST_RV_OCCUPANCY_MAX_NODES 64

#define GST_RV_OCCUPANCY_META_API_TYPE (gst_rv_occupancy_meta_api_get_type ())
#define GST_RV_OCCUPANCY_META_INFO (gst_rv_occupancy_meta_get_info ())

GST_RUVIEW_API GType gst_rv_occupancy_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_occupancy_meta_get_info (void);

/**
 * gst_buffer_get_rv_occupancy_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the occupancy meta of @buffer
 */
GST_RUVIEW_API
GstRvOccupancyMeta *gst_buffer_get_rv_occupancy_meta (GstBuffer * buffer);

GST_RUVIEW_API
void gst_rv_occupancy_meta_get_dims (const GstRvOccupancyMeta * meta,
    guint * nx, guint * ny, guint * nz);

/* xmin, ymin, zmin, xmax, ymax, zmax (metres) */
GST_RUVIEW_API
void gst_rv_occupancy_meta_get_bounds (const GstRvOccupancyMeta * meta,
    gdouble bounds[6]);

/**
 * gst_rv_occupancy_meta_get_densities:
 * @meta: the meta
 * @n: (out): the number of voxels
 *
 * Returns: (array length=n) (transfer none) (nullable): the densities
 */
GST_RUVIEW_API
const gdouble *gst_rv_occupancy_meta_get_densities (const GstRvOccupancyMeta *
    meta, gsize * n);

/* Voxels with a density above 0.01. */
GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_occupied_count (const GstRvOccupancyMeta *
    meta);

GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_total_voxels (const GstRvOccupancyMeta *
    meta);

/* RMS residual of the solver's last iteration. */
GST_RUVIEW_API
gdouble gst_rv_occupancy_meta_get_residual (const GstRvOccupancyMeta * meta);

GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_iterations (const GstRvOccupancyMeta * meta);

/* Node-to-node links observed in the cycle. */
GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_n_links (const GstRvOccupancyMeta * meta);

/* The node positions of the tomography's geometry (the configured ones, id
 * order), which publishers show the nodes at. */
GST_RUVIEW_API
guint gst_rv_occupancy_meta_get_n_nodes (const GstRvOccupancyMeta * meta);

/* Node i (< n_nodes): its id and position (metres, room frame: x, y on the
 * floor, z up). */
GST_RUVIEW_API
void gst_rv_occupancy_meta_get_node (const GstRvOccupancyMeta * meta, guint i,
    guint32 * node_id, gdouble position[3]);

G_END_DECLS
#endif
