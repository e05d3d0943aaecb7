/* libgstruview — GstRvDriftMeta (see rvdriftmeta.h).
 *
 * JSON (key "drift", stage order GST_RV_META_ORDER_DRIFT):
 *   {"node_id", "calibration_id" (u64 or null), "amplitude_z_median",
 *    "amplitude_z_max", "phase_drift_median", "motion_flagged"}, then when
 *   the stale-baseline statistic is on: "drift_score", "frames_in_window",
 *   "above", "sustained_frames", "baseline_stale" */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gst/ruview/rvdriftmeta-private.h"
#include "gst/ruview/rvmeta.h"

GType
gst_rv_drift_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvDriftMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
drift_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvDriftMeta *m = (GstRvDriftMeta *) meta;
  m->node_id = 0;
  m->has_calibration_id = FALSE;
  m->calibration_id = 0;
  memset (&m->score, 0, sizeof (m->score));
  m->has_stale = FALSE;
  memset (&m->stale, 0, sizeof (m->stale));
  return TRUE;
}

static gboolean
drift_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvDriftMeta *m = (GstRvDriftMeta *) meta;
  if (GST_META_TRANSFORM_IS_COPY (type)) {
    GstRvDriftMeta *d = gst_buffer_add_rv_drift_meta (dest, m->node_id,
        m->has_calibration_id ? m->calibration_id : 0, &m->score);
    if (d && m->has_stale)
      gst_rv_drift_meta_set_stale (d, &m->stale);
    return d != NULL;
  }
  return FALSE;
}

static void
drift_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
  const GstRvDriftMeta *m = (const GstRvDriftMeta *) meta;

  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "node_id", m->node_id);
  rv_json_key (w, "calibration_id");
  if (m->has_calibration_id)
    rv_json_u64 (w, m->calibration_id);
  else
    rv_json_null (w);
  rv_json_kv_f32 (w, "amplitude_z_median", m->score.amplitude_z_median);
  rv_json_kv_f32 (w, "amplitude_z_max", m->score.amplitude_z_max);
  rv_json_kv_f32 (w, "phase_drift_median", m->score.phase_drift_median);
  rv_json_kv_bool (w, "motion_flagged", m->score.motion_flagged);
  if (m->has_stale) {
    rv_json_kv_f32 (w, "drift_score", m->stale.drift_score);
    rv_json_kv_u64 (w, "frames_in_window", m->stale.frames_in_window);
    rv_json_kv_bool (w, "above", m->stale.above);
    rv_json_kv_u64 (w, "sustained_frames", m->stale.sustained_frames);
    rv_json_kv_bool (w, "baseline_stale", m->stale.stale);
  }
  rv_json_end_object (w);
}

const GstMetaInfo *
gst_rv_drift_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_DRIFT_META_API_TYPE,
        "GstRvDriftMeta", sizeof (GstRvDriftMeta), drift_meta_init,
        NULL, drift_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_DRIFT_META_API_TYPE, "drift",
        GST_RV_META_ORDER_DRIFT, drift_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvDriftMeta *
gst_buffer_add_rv_drift_meta (GstBuffer * buffer, guint32 node_id,
    guint64 calibration_id, const RvCalibrationScore * score)
{
  GstRvDriftMeta *m;
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  m = (GstRvDriftMeta *) gst_buffer_add_meta (buffer,
      GST_RV_DRIFT_META_INFO, NULL);
  if (!m)
    return NULL;
  m->node_id = node_id;
  m->has_calibration_id = calibration_id != 0;
  m->calibration_id = calibration_id;
  if (score)
    m->score = *score;
  return m;
}

void
gst_rv_drift_meta_set_stale (GstRvDriftMeta * meta,
    const RvCalibrationDriftState * stale)
{
  g_return_if_fail (meta != NULL && stale != NULL);
  meta->has_stale = TRUE;
  meta->stale = *stale;
}

GstRvDriftMeta *
gst_buffer_get_rv_drift_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvDriftMeta *) gst_buffer_get_meta (buffer,
      GST_RV_DRIFT_META_API_TYPE);
}

guint32
gst_rv_drift_meta_get_node_id (const GstRvDriftMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->node_id;
}

gboolean
gst_rv_drift_meta_get_calibration_id (const GstRvDriftMeta * meta,
    guint64 * id)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  if (id)
    *id = meta->has_calibration_id ? meta->calibration_id : 0;
  return meta->has_calibration_id;
}

gfloat
gst_rv_drift_meta_get_z_median (const GstRvDriftMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->score.amplitude_z_median;
}

gfloat
gst_rv_drift_meta_get_z_max (const GstRvDriftMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->score.amplitude_z_max;
}

gfloat
gst_rv_drift_meta_get_phase_drift (const GstRvDriftMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->score.phase_drift_median;
}

gboolean
gst_rv_drift_meta_get_motion_flagged (const GstRvDriftMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->score.motion_flagged;
}

gboolean
gst_rv_drift_meta_get_stale (const GstRvDriftMeta * meta,
    gfloat * drift_score, gboolean * stale)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  if (drift_score)
    *drift_score = meta->has_stale ? meta->stale.drift_score : 0.0f;
  if (stale)
    *stale = meta->has_stale && meta->stale.stale;
  return meta->has_stale;
}
