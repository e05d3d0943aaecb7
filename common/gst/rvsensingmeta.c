/* libgstruview — GstRvSensingMeta (see rvsensingmeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gst/ruview/rvsensingmeta-private.h"
#include "gst/ruview/rvmeta.h"
#include "ruview/sensing_update.h"

GType
gst_rv_sensing_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvSensingMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
sensing_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvSensingMeta *m = (GstRvSensingMeta *) meta;
  memset (&m->features, 0, sizeof (m->features));
  memset (&m->classification, 0, sizeof (m->classification));
  m->n_nodes = 0;
  return TRUE;
}

static gboolean
sensing_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvSensingMeta *m = (GstRvSensingMeta *) meta, *d;
  if (!GST_META_TRANSFORM_IS_COPY (type))
    return FALSE;
  d = gst_buffer_add_rv_sensing_meta (dest, &m->features, &m->classification);
  if (!d)
    return FALSE;
  d->n_nodes = m->n_nodes;
  memcpy (d->nodes, m->nodes, m->n_nodes * sizeof (GstRvSensingNode));
  return TRUE;
}

static void
sensing_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
  const GstRvSensingMeta *m = (const GstRvSensingMeta *) meta;
  guint i;

  rv_json_begin_object (w);
  rv_json_key (w, "features");
  rv_sensing_features_write_json (w, &m->features);
  rv_json_key (w, "classification");
  rv_classification_write_json (w, &m->classification);
  rv_json_key (w, "nodes");
  rv_json_begin_array (w);
  for (i = 0; i < m->n_nodes; i++) {
    const GstRvSensingNode *n = &m->nodes[i];
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "node_id", n->node_id);
    rv_json_kv_i64 (w, "rssi_dbm", n->rssi_dbm);
    rv_json_kv_u64 (w, "timestamp_us", n->timestamp_us);
    rv_json_key (w, "features");
    rv_sensing_features_write_json (w, &n->features);
    rv_json_key (w, "classification");
    rv_classification_write_json (w, &n->classification);
    rv_json_end_object (w);
  }
  rv_json_end_array (w);
  rv_json_end_object (w);
}

const GstMetaInfo *
gst_rv_sensing_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_SENSING_META_API_TYPE,
        "GstRvSensingMeta", sizeof (GstRvSensingMeta), sensing_meta_init,
        NULL, sensing_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_SENSING_META_API_TYPE, "sensing",
        GST_RV_META_ORDER_SENSING, sensing_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvSensingMeta *
gst_buffer_add_rv_sensing_meta (GstBuffer * buffer,
    const RvSensingFeatures * features, const RvClassification * cls)
{
  GstRvSensingMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  m = (GstRvSensingMeta *) gst_buffer_add_meta (buffer,
      GST_RV_SENSING_META_INFO, NULL);
  if (m && features)
    m->features = *features;
  if (m && cls)
    m->classification = *cls;
  return m;
}

gboolean
gst_rv_sensing_meta_add_node (GstRvSensingMeta * meta,
    const GstRvSensingNode * node)
{
  g_return_val_if_fail (meta != NULL && node != NULL, FALSE);
  if (meta->n_nodes >= GST_RV_SENSING_MAX_NODES)
    return FALSE;
  meta->nodes[meta->n_nodes++] = *node;
  return TRUE;
}

GstRvSensingMeta *
gst_buffer_get_rv_sensing_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvSensingMeta *) gst_buffer_get_meta (buffer,
      GST_RV_SENSING_META_API_TYPE);
}

gboolean
gst_rv_sensing_meta_get_presence (const GstRvSensingMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->classification.presence;
}

const gchar *
gst_rv_sensing_meta_get_motion_level (const GstRvSensingMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return rv_motion_level_name (meta->classification.motion_level);
}

gdouble
gst_rv_sensing_meta_get_confidence (const GstRvSensingMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0);
  return meta->classification.confidence;
}

gdouble
gst_rv_sensing_meta_get_motion_band_power (const GstRvSensingMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0);
  return meta->features.motion_band_power;
}

guint
gst_rv_sensing_meta_get_n_nodes (const GstRvSensingMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->n_nodes;
}
