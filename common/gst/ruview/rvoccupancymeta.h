/* libgstruview — GstRvOccupancyMeta: the RF tomography result of a fused
 * cycle, attached by rvtomography. */
#ifndef GST_RUVIEW_OCCUPANCY_META_H
#define GST_RUVIEW_OCCUPANCY_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvOccupancyMeta:
 *
 * The room as a grid of voxels (small boxes) with a density each,
 * attached by `rvtomography`: how much each voxel attenuates the radio
 * links that cross it, relative to the empty room.  People and objects
 * that arrived since show up as voxels of higher density.  The grid has
 * nx × ny × nz voxels over the box given by the bounds (metres); voxel
 * (ix, iy, iz) has the index iz·ny·nx + iy·nx + ix.  A voxel counts as
 * occupied when its density is above 0.01.
 *
 * The structure is opaque; read it with the accessors.
 */
typedef struct _GstRvOccupancyMeta GstRvOccupancyMeta;

/**
 * GST_RV_OCCUPANCY_MAX_NODES:
 *
 * The most node positions an occupancy meta carries.
 */
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

/**
 * gst_rv_occupancy_meta_get_dims:
 * @meta: a #GstRvOccupancyMeta
 * @nx: (out) (optional): voxels along x
 * @ny: (out) (optional): voxels along y
 * @nz: (out) (optional): voxels along z (height)
 */
GST_RUVIEW_API
void gst_rv_occupancy_meta_get_dims (const GstRvOccupancyMeta * meta,
    guint * nx, guint * ny, guint * nz);

/**
 * gst_rv_occupancy_meta_get_bounds:
 * @meta: a #GstRvOccupancyMeta
 * @bounds: (out caller-allocates) (array fixed-size=6): xmin, ymin, zmin,
 *   xmax, ymax, zmax of the grid, metres (x, y on the floor, z up)
 */
GST_RUVIEW_API
void gst_rv_occupancy_meta_get_bounds (const GstRvOccupancyMeta * meta,
    gdouble bounds[6]);

/**
 * gst_rv_occupancy_meta_get_densities:
 * @meta: a #GstRvOccupancyMeta
 * @n: (out): the number of voxels
 *
 * Returns: (array length=n) (transfer none) (nullable): the density of
 *   every voxel (0 = like the empty room), in index order
 */
GST_RUVIEW_API
const gdouble *gst_rv_occupancy_meta_get_densities (const GstRvOccupancyMeta *
    meta, gsize * n);

/**
 * gst_rv_occupancy_meta_get_occupied_count:
 * @meta: a #GstRvOccupancyMeta
 *
 * Returns: the voxels whose density is above 0.01
 */
GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_occupied_count (const GstRvOccupancyMeta *
    meta);

/**
 * gst_rv_occupancy_meta_get_total_voxels:
 * @meta: a #GstRvOccupancyMeta
 *
 * Returns: nx × ny × nz
 */
GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_total_voxels (const GstRvOccupancyMeta *
    meta);

/**
 * gst_rv_occupancy_meta_get_residual:
 * @meta: a #GstRvOccupancyMeta
 *
 * Returns: the RMS difference between the links' measured attenuations and
 *   those the densities explain, after the solver's last iteration
 */
GST_RUVIEW_API
gdouble gst_rv_occupancy_meta_get_residual (const GstRvOccupancyMeta * meta);

/**
 * gst_rv_occupancy_meta_get_iterations:
 * @meta: a #GstRvOccupancyMeta
 *
 * Returns: the solver iterations of the cycle
 */
GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_iterations (const GstRvOccupancyMeta * meta);

/**
 * gst_rv_occupancy_meta_get_n_links:
 * @meta: a #GstRvOccupancyMeta
 *
 * Returns: the node-to-node links observed in the cycle
 */
GST_RUVIEW_API
guint64 gst_rv_occupancy_meta_get_n_links (const GstRvOccupancyMeta * meta);

/**
 * gst_rv_occupancy_meta_get_n_nodes:
 * @meta: a #GstRvOccupancyMeta
 *
 * Returns: the nodes of the tomography's geometry (the configured ones, in
 *   id order), the positions publishers show the nodes at
 */
GST_RUVIEW_API
guint gst_rv_occupancy_meta_get_n_nodes (const GstRvOccupancyMeta * meta);

/**
 * gst_rv_occupancy_meta_get_node:
 * @meta: a #GstRvOccupancyMeta
 * @i: node index, below gst_rv_occupancy_meta_get_n_nodes()
 * @node_id: (out) (optional): the node's id
 * @position: (out caller-allocates) (array fixed-size=3): x, y, z of the
 *   node, metres (x, y on the floor, z up)
 */
GST_RUVIEW_API
void gst_rv_occupancy_meta_get_node (const GstRvOccupancyMeta * meta, guint i,
    guint32 * node_id, gdouble position[3]);

G_END_DECLS
#endif
