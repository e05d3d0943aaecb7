/* libgstruview — the frame record on GstBuffers (see rvbuffer.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvbuffer.h"

static GstAllocationParams record_params;

const GstAllocationParams *
gst_rv_record_alloc_params (void)
{
  static gsize init = 0;
  if (g_once_init_enter (&init)) {
    gst_allocation_params_init (&record_params);
    record_params.align = 7;
    g_once_init_leave (&init, 1);
  }
  return &record_params;
}

/* A new aligned buffer of size bytes (0 = invalid dimensions), mapped
 * read-write; NULL on failure. */
static GstBuffer *
new_mapped (gsize size, GstMapInfo * map)
{
  GstBuffer *buf;

  if (size == 0)
    return NULL;
  buf = gst_buffer_new_allocate (NULL, size,
      (GstAllocationParams *) gst_rv_record_alloc_params ());
  if (buf && !gst_buffer_map (buf, map, GST_MAP_READWRITE))
    gst_clear_buffer (&buf);
  return buf;
}

/* unmaps and drops buf when its record could not be laid out */
static GstBuffer *
keep_if (gboolean ok, GstBuffer * buf, GstMapInfo * map)
{
  if (buf && !ok) {
    gst_buffer_unmap (buf, map);
    gst_clear_buffer (&buf);
  }
  return buf;
}

GstBuffer *
gst_rv_csi_buffer_new (RvLayout layout, guint dim0, guint dim1,
    GstMapInfo * map, RvCsiFrame * frame)
{
  GstBuffer *buf;

  g_return_val_if_fail (map != NULL && frame != NULL, NULL);
  buf = new_mapped (rv_record_csi_size (layout, dim0, dim1), map);
  return keep_if (buf && rv_record_csi_init (map->data, map->size, layout,
          dim0, dim1, frame) == RV_RECORD_OK, buf, map);
}

gboolean
gst_rv_csi_buffer_map (GstBuffer * buf, GstMapInfo * map, GstMapFlags flags,
    RvCsiFrame * frame)
{
  if (!gst_buffer_map (buf, map, flags))
    return FALSE;
  if (rv_record_csi_parse (map->data, map->size, frame) != RV_RECORD_OK) {
    gst_buffer_unmap (buf, map);
    return FALSE;
  }
  return TRUE;
}

void
gst_rv_csi_buffer_unmap (GstBuffer * buf, GstMapInfo * map,
    const RvCsiFrame * frame)
{
  if ((map->flags & GST_MAP_WRITE) && frame)
    rv_record_csi_sync (map->data, frame);
  gst_buffer_unmap (buf, map);
}

GstBuffer *
gst_rv_fused_buffer_new (guint n_nodes, guint n_bins, GstMapInfo * map,
    RvFusedRecord * frame)
{
  GstBuffer *buf;

  g_return_val_if_fail (map != NULL && frame != NULL, NULL);
  buf = new_mapped (rv_record_fused_size (n_nodes, n_bins), map);
  return keep_if (buf && rv_record_fused_init (map->data, map->size, n_nodes,
          n_bins, frame) == RV_RECORD_OK, buf, map);
}

gboolean
gst_rv_fused_buffer_map (GstBuffer * buf, GstMapInfo * map, GstMapFlags flags,
    RvFusedRecord * frame)
{
  if (gst_buffer_n_memory (buf) < 1)
    return FALSE;
  if (!gst_buffer_map_range (buf, 0, 1, map, flags))
    return FALSE;
  if (rv_record_fused_parse (map->data, map->size, frame) != RV_RECORD_OK) {
    gst_buffer_unmap (buf, map);
    return FALSE;
  }
  return TRUE;
}

void
gst_rv_fused_buffer_unmap (GstBuffer * buf, GstMapInfo * map,
    const RvFusedRecord * frame)
{
  if ((map->flags & GST_MAP_WRITE) && frame)
    rv_record_fused_sync (map->data, frame);
  gst_buffer_unmap (buf, map);
}

guint
gst_rv_fused_buffer_n_node_records (GstBuffer * buf)
{
  guint n = gst_buffer_n_memory (buf);
  return n > 0 ? n - 1 : 0;
}

gboolean
gst_rv_fused_buffer_map_node (GstBuffer * buf, guint i, GstMapInfo * map,
    RvCsiFrame * frame)
{
  if (i + 1 >= gst_buffer_n_memory (buf))
    return FALSE;
  if (!gst_buffer_map_range (buf, i + 1, 1, map, GST_MAP_READ))
    return FALSE;
  if (rv_record_csi_parse (map->data, map->size, frame) != RV_RECORD_OK) {
    gst_buffer_unmap (buf, map);
    return FALSE;
  }
  return TRUE;
}

void
gst_rv_fused_buffer_unmap_node (GstBuffer * buf, GstMapInfo * map)
{
  gst_buffer_unmap (buf, map);
}
