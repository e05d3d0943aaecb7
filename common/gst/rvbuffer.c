/* libgstruview — the frame record on GstBuffers (see rvbuffer.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

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

/* ---- the fused buffer's bytes (see rvbuffer.h) ----------------------- */

/* magic and record_size of the record at offset, FALSE if there is none */
static gboolean
peek_record (GstBuffer * buf, gsize offset, guint32 * magic, guint32 * size)
{
  guint8 head[16];

  if (gst_buffer_extract (buf, offset, head, sizeof (head)) != sizeof (head))
    return FALSE;
  if (rv_record_peek (head, sizeof (head), magic, size) != RV_RECORD_OK)
    return FALSE;
  return *size >= RV_RECORD_HEADER_SIZE && *size <= RV_RECORD_MAX_SIZE
      && (*size & 7u) == 0;
}

/* Maps the size bytes at offset: the memory holding them when there is one
 * (no copy), else the memories spanning them (merged).  *data points at
 * the record inside map. */
static gboolean
map_bytes (GstBuffer * buf, gsize offset, gsize size, GstMapInfo * map,
    GstMapFlags flags, guint8 ** data)
{
  guint idx, n;
  gsize skip;

  if (!gst_buffer_find_memory (buf, offset, size, &idx, &n, &skip))
    return FALSE;
  if (!gst_buffer_map_range (buf, idx, (gint) n, map, flags))
    return FALSE;
  if (map->size < skip + size) {
    gst_buffer_unmap (buf, map);
    return FALSE;
  }
  *data = map->data + skip;
  return TRUE;
}

/* size of the fused record at offset 0, 0 if the buffer does not start
 * with one */
static guint32
fused_record_size (GstBuffer * buf)
{
  guint32 magic, size;
  if (!peek_record (buf, 0, &magic, &size) || magic != RV_RECORD_MAGIC_FUSED)
    return 0;
  return size;
}

gboolean
gst_rv_fused_buffer_map (GstBuffer * buf, GstMapInfo * map, GstMapFlags flags,
    RvFusedRecord * frame)
{
  guint32 size = fused_record_size (buf);
  guint8 *data;

  if (size == 0 || !map_bytes (buf, 0, size, map, flags, &data))
    return FALSE;
  if (rv_record_fused_parse (data, size, frame) != RV_RECORD_OK) {
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
    rv_record_fused_sync ((guint8 *) frame->nodes - RV_RECORD_HEADER_SIZE,
        frame);
  gst_buffer_unmap (buf, map);
}

guint
gst_rv_fused_buffer_n_node_records (GstBuffer * buf)
{
  guint8 head[RV_RECORD_HEADER_SIZE];
  guint32 magic, size, n;

  if (gst_buffer_extract (buf, 0, head, sizeof (head)) != sizeof (head)
      || rv_record_peek (head, sizeof (head), &magic, &size) != RV_RECORD_OK
      || magic != RV_RECORD_MAGIC_FUSED)
    return 0;
  memcpy (&n, head + 76, sizeof (n));
  return n;
}

/* offset of node record i: the fused record, then records 0..i-1 */
static gboolean
node_offset (GstBuffer * buf, guint i, gsize * offset, guint32 * size)
{
  guint32 magic, sz = fused_record_size (buf);
  gsize off = sz;
  guint k;

  if (sz == 0 || i >= gst_rv_fused_buffer_n_node_records (buf))
    return FALSE;
  for (k = 0;; k++) {
    if (!peek_record (buf, off, &magic, &sz) || magic != RV_RECORD_MAGIC_CSI)
      return FALSE;
    if (k == i)
      break;
    off += sz;
  }
  *offset = off;
  *size = sz;
  return TRUE;
}

gboolean
gst_rv_fused_buffer_map_node (GstBuffer * buf, guint i, GstMapInfo * map,
    RvCsiFrame * frame)
{
  gsize offset;
  guint32 size;
  guint8 *data;

  if (!node_offset (buf, i, &offset, &size)
      || !map_bytes (buf, offset, size, map, GST_MAP_READ, &data))
    return FALSE;
  if (rv_record_csi_parse (data, size, frame) != RV_RECORD_OK) {
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

void
gst_rv_fused_buffer_append_node (GstBuffer * fused, GstBuffer * node)
{
  g_return_if_fail (gst_buffer_is_writable (fused));
  gst_buffer_append_memory (fused, gst_buffer_get_all_memory (node));
}

gboolean
gst_rv_fused_buffer_remove_nodes (GstBuffer * buf)
{
  guint32 size = fused_record_size (buf);
  GstMapInfo map;
  RvFusedRecord rec;
  GstMemory *mem;
  guint i;

  g_return_val_if_fail (gst_buffer_is_writable (buf), FALSE);
  if (size == 0 || !gst_rv_fused_buffer_map (buf, &map, GST_MAP_READWRITE,
          &rec))
    return FALSE;
  rec.n_node_records = 0;
  for (i = 0; i < rec.n_nodes; i++)
    rec.nodes[i].record_index = G_MAXUINT32;
  gst_rv_fused_buffer_unmap (buf, &map, &rec);

  if (gst_buffer_n_memory (buf) >= 1
      && gst_memory_get_sizes (gst_buffer_peek_memory (buf, 0), NULL,
          NULL) == size) {
    /* memory 0 is the fused record exactly: drop the others */
    if (gst_buffer_n_memory (buf) > 1)
      gst_buffer_remove_memory_range (buf, 1, -1);
    return TRUE;
  }
  /* merged or split memories: keep a copy of the record bytes alone, so no
   * memory of the buffer still holds node bytes (not even out of view) */
  mem = gst_allocator_alloc (NULL, size,
      (GstAllocationParams *) gst_rv_record_alloc_params ());
  if (!mem)
    return FALSE;
  if (!gst_memory_map (mem, &map, GST_MAP_WRITE)) {
    gst_memory_unref (mem);
    return FALSE;
  }
  gst_buffer_extract (buf, 0, map.data, size);
  gst_memory_unmap (mem, &map);
  gst_buffer_replace_all_memory (buf, mem);
  return TRUE;
}
