/* libgstruview — GstRvOccupancyMeta (see rvoccupancymeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gst/ruview/rvoccupancymeta-private.h"
#include "gst/ruview/rvmeta.h"

struct _GstRvDensities
{
  gint refcount;
  gsize n;
  gdouble v[];
};

GstRvDensities *
gst_rv_densities_new (gsize n)
{
  GstRvDensities *d = g_malloc0 (sizeof (GstRvDensities) + n * sizeof (gdouble));
  d->refcount = 1;
  d->n = n;
  return d;
}

GstRvDensities *
gst_rv_densities_ref (GstRvDensities * d)
{
  g_return_val_if_fail (d != NULL, NULL);
  g_atomic_int_inc (&d->refcount);
  return d;
}

void
gst_rv_densities_unref (GstRvDensities * d)
{
  g_return_if_fail (d != NULL);
  if (g_atomic_int_dec_and_test (&d->refcount))
    g_free (d);
}

gsize
gst_rv_densities_size (const GstRvDensities * d)
{
  return d ? d->n : 0;
}

const gdouble *
gst_rv_densities_data (const GstRvDensities * d)
{
  return d ? d->v : NULL;
}

gboolean
gst_rv_densities_is_writable (const GstRvDensities * d)
{
  return d && g_atomic_int_get (&((GstRvDensities *) d)->refcount) == 1;
}

GType
gst_rv_occupancy_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvOccupancyMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
occupancy_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvOccupancyMeta *m = (GstRvOccupancyMeta *) meta;
  m->nx = m->ny = m->nz = 0;
  memset (m->bounds, 0, sizeof (m->bounds));
  m->densities = NULL;
  m->occupied_count = m->total_voxels = m->iterations = m->n_links = 0;
  m->residual = 0.0;
  m->n_nodes = 0;
  return TRUE;
}

static void
occupancy_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  GstRvOccupancyMeta *m = (GstRvOccupancyMeta *) meta;
  if (m->densities)
    gst_rv_densities_unref (m->densities);
  m->densities = NULL;
}

static gboolean
occupancy_meta_transform (GstBuffer * dest, GstMeta * meta,
    GstBuffer * buffer, GQuark type, gpointer data)
{
  GstRvOccupancyMeta *m = (GstRvOccupancyMeta *) meta, *d;
  if (!GST_META_TRANSFORM_IS_COPY (type))
    return FALSE;
  d = (GstRvOccupancyMeta *) gst_buffer_add_meta (dest,
      GST_RV_OCCUPANCY_META_INFO, NULL);
  if (!d)
    return FALSE;
  d->nx = m->nx;
  d->ny = m->ny;
  d->nz = m->nz;
  memcpy (d->bounds, m->bounds, sizeof (d->bounds));
  d->densities = m->densities ? gst_rv_densities_ref (m->densities) : NULL;
  d->occupied_count = m->occupied_count;
  d->total_voxels = m->total_voxels;
  d->residual = m->residual;
  d->iterations = m->iterations;
  d->n_links = m->n_links;
  gst_rv_occupancy_meta_set_nodes (d, m->n_nodes, m->node_ids,
      m->node_positions);
  return TRUE;
}

static void
occupancy_meta_serialize (const GstMeta * meta, RvJsonWriter * w,
    gboolean full)
{
  const GstRvOccupancyMeta *m = (const GstRvOccupancyMeta *) meta;
  gsize i;

  rv_json_begin_object (w);
  rv_json_key (w, "dims");
  rv_json_begin_array (w);
  rv_json_u64 (w, m->nx);
  rv_json_u64 (w, m->ny);
  rv_json_u64 (w, m->nz);
  rv_json_end_array (w);
  rv_json_key (w, "bounds");
  rv_json_begin_array (w);
  for (i = 0; i < 6; i++)
    rv_json_f64 (w, m->bounds[i]);
  rv_json_end_array (w);
  rv_json_kv_u64 (w, "occupied_count", m->occupied_count);
  rv_json_kv_u64 (w, "total_voxels", m->total_voxels);
  rv_json_kv_f64 (w, "residual", m->residual);
  rv_json_kv_u64 (w, "iterations", m->iterations);
  rv_json_kv_u64 (w, "n_links", m->n_links);
  if (full && m->densities) {
    rv_json_key (w, "densities");
    rv_json_begin_array (w);
    for (i = 0; i < m->densities->n; i++)
      rv_json_f64 (w, m->densities->v[i]);
    rv_json_end_array (w);
  }
  if (full) {
    rv_json_key (w, "nodes");
    rv_json_begin_array (w);
    for (i = 0; i < m->n_nodes; i++) {
      rv_json_begin_object (w);
      rv_json_kv_u64 (w, "node_id", m->node_ids[i]);
      rv_json_key (w, "position");
      rv_json_begin_array (w);
      rv_json_f64 (w, m->node_positions[i].x);
      rv_json_f64 (w, m->node_positions[i].y);
      rv_json_f64 (w, m->node_positions[i].z);
      rv_json_end_array (w);
      rv_json_end_object (w);
    }
    rv_json_end_array (w);
  }
  rv_json_end_object (w);
}

const GstMetaInfo *
gst_rv_occupancy_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi =
        gst_meta_register (GST_RV_OCCUPANCY_META_API_TYPE,
        "GstRvOccupancyMeta", sizeof (GstRvOccupancyMeta),
        occupancy_meta_init, occupancy_meta_free, occupancy_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_OCCUPANCY_META_API_TYPE,
        "occupancy", GST_RV_META_ORDER_OCCUPANCY, occupancy_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvOccupancyMeta *
gst_buffer_add_rv_occupancy_meta (GstBuffer * buffer,
    const RvOccupancyVolume * vol, guint64 n_links, GstRvDensities * densities)
{
  GstRvOccupancyMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (vol != NULL, NULL);
  m = (GstRvOccupancyMeta *) gst_buffer_add_meta (buffer,
      GST_RV_OCCUPANCY_META_INFO, NULL);
  if (!m)
    return NULL;
  m->nx = (guint) vol->nx;
  m->ny = (guint) vol->ny;
  m->nz = (guint) vol->nz;
  memcpy (m->bounds, vol->bounds, sizeof (m->bounds));
  m->occupied_count = vol->occupied_count;
  m->total_voxels = vol->total_voxels;
  m->residual = vol->residual;
  m->iterations = vol->iterations;
  m->n_links = n_links;
  if (densities && vol->densities && densities->n == vol->total_voxels) {
    memcpy (densities->v, vol->densities, densities->n * sizeof (gdouble));
    m->densities = gst_rv_densities_ref (densities);
  }
  return m;
}

GstRvOccupancyMeta *
gst_buffer_get_rv_occupancy_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvOccupancyMeta *) gst_buffer_get_meta (buffer,
      GST_RV_OCCUPANCY_META_API_TYPE);
}

void
gst_rv_occupancy_meta_get_dims (const GstRvOccupancyMeta * meta, guint * nx,
    guint * ny, guint * nz)
{
  g_return_if_fail (meta != NULL);
  if (nx)
    *nx = meta->nx;
  if (ny)
    *ny = meta->ny;
  if (nz)
    *nz = meta->nz;
}

void
gst_rv_occupancy_meta_get_bounds (const GstRvOccupancyMeta * meta,
    gdouble bounds[6])
{
  g_return_if_fail (meta != NULL && bounds != NULL);
  memcpy (bounds, meta->bounds, sizeof (meta->bounds));
}

const gdouble *
gst_rv_occupancy_meta_get_densities (const GstRvOccupancyMeta * meta,
    gsize * n)
{
  g_return_val_if_fail (meta != NULL, NULL);
  if (n)
    *n = meta->densities ? gst_rv_densities_size (meta->densities) : 0;
  return meta->densities ? gst_rv_densities_data (meta->densities) : NULL;
}

guint64
gst_rv_occupancy_meta_get_occupied_count (const GstRvOccupancyMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->occupied_count;
}

guint64
gst_rv_occupancy_meta_get_total_voxels (const GstRvOccupancyMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->total_voxels;
}

gdouble
gst_rv_occupancy_meta_get_residual (const GstRvOccupancyMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0);
  return meta->residual;
}

guint64
gst_rv_occupancy_meta_get_iterations (const GstRvOccupancyMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->iterations;
}

guint64
gst_rv_occupancy_meta_get_n_links (const GstRvOccupancyMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->n_links;
}

void
gst_rv_occupancy_meta_set_nodes (GstRvOccupancyMeta * meta, guint n,
    const guint32 * ids, const RvPosition3D * positions)
{
  g_return_if_fail (meta != NULL);
  g_return_if_fail (n == 0 || (ids != NULL && positions != NULL));
  n = MIN (n, GST_RV_OCCUPANCY_MAX_NODES);
  if (n > 0) {
    memcpy (meta->node_ids, ids, n * sizeof (guint32));
    memcpy (meta->node_positions, positions, n * sizeof (RvPosition3D));
  }
  meta->n_nodes = n;
}

guint
gst_rv_occupancy_meta_get_n_nodes (const GstRvOccupancyMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->n_nodes;
}

void
gst_rv_occupancy_meta_get_node (const GstRvOccupancyMeta * meta, guint i,
    guint32 * node_id, gdouble position[3])
{
  g_return_if_fail (meta != NULL && i < meta->n_nodes);
  if (node_id)
    *node_id = meta->node_ids[i];
  if (position) {
    position[0] = meta->node_positions[i].x;
    position[1] = meta->node_positions[i].y;
    position[2] = meta->node_positions[i].z;
  }
}
