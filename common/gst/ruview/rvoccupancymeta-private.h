/* libgstruview — GstRvOccupancyMeta: the RF tomography result of a fused
 * cycle (engine.md §2), attached by rvtomography.
 *
 * The densities live in a refcounted GstRvDensities block so that the
 * producer can reuse one block per cycle once downstream has released the
 * previous buffer (no allocation per cycle in steady state). */
#ifndef GST_RUVIEW_OCCUPANCY_META_PRIVATE_H
#define GST_RUVIEW_OCCUPANCY_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvoccupancymeta.h"
#include "ruview/tomography.h"

G_BEGIN_DECLS

/* A refcounted block of n f64 voxel densities. */
typedef struct _GstRvDensities GstRvDensities;

GST_RUVIEW_API GstRvDensities *gst_rv_densities_new (gsize n);
GST_RUVIEW_API GstRvDensities *gst_rv_densities_ref (GstRvDensities * d);
GST_RUVIEW_API void gst_rv_densities_unref (GstRvDensities * d);
GST_RUVIEW_API gsize gst_rv_densities_size (const GstRvDensities * d);
GST_RUVIEW_API const gdouble *gst_rv_densities_data (const GstRvDensities * d);
/* TRUE when the caller holds the only reference (the block may be reused). */
GST_RUVIEW_API gboolean gst_rv_densities_is_writable (const GstRvDensities * d);

struct _GstRvOccupancyMeta
{
  GstMeta meta;
  guint nx, ny, nz;
  gdouble bounds[6];            /* xmin, ymin, zmin, xmax, ymax, zmax (m) */
  GstRvDensities *densities;    /* nx·ny·nz, idx = iz·ny·nx + iy·nx + ix */
  guint64 occupied_count;       /* voxels with density > 0.01 */
  guint64 total_voxels;
  gdouble residual;             /* RMS residual of the last iteration */
  guint64 iterations;
  guint64 n_links;              /* links observed this cycle */
  /* the geometry: every configured node position (m, room frame: x, y on
   * the floor, z up), id order; what publishers show the nodes at */
  guint n_nodes;
  guint32 node_ids[GST_RV_OCCUPANCY_MAX_NODES];
  RvPosition3D node_positions[GST_RV_OCCUPANCY_MAX_NODES];
};

/* Adds a meta with the scalars of vol.  densities (transfer none, may be
 * NULL) must be writable and hold vol->total_voxels values: vol->densities
 * is copied into it and the meta takes a reference. */
GST_RUVIEW_API
GstRvOccupancyMeta *gst_buffer_add_rv_occupancy_meta (GstBuffer * buffer,
    const RvOccupancyVolume * vol, guint64 n_links,
    GstRvDensities * densities);

/* Sets the node positions (at most GST_RV_OCCUPANCY_MAX_NODES are kept). */
GST_RUVIEW_API
void gst_rv_occupancy_meta_set_nodes (GstRvOccupancyMeta * meta, guint n,
    const guint32 * ids, const RvPosition3D * positions);

G_END_DECLS
#endif
