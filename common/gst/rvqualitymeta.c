/* libgstruview — GstRvQualityMeta (see rvqualitymeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvqualitymeta-private.h"
#include "gst/ruview/rvmeta.h"

GType
gst_rv_quality_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvQualityMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
quality_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvQualityMeta *m = (GstRvQualityMeta *) meta;
  rv_quality_score_init (&m->score);
  return TRUE;
}

static gboolean
quality_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvQualityMeta *m = (GstRvQualityMeta *) meta;
  if (GST_META_TRANSFORM_IS_COPY (type)) {
    return gst_buffer_add_rv_quality_meta (dest, &m->score) != NULL;
  }
  return FALSE;
}

static void
evidence_json (const RvEvidenceRef * e, RvJsonWriter * w)
{
  rv_json_begin_object (w);
  switch (e->kind) {
    case RV_EVIDENCE_COHERENCE_GATE_THRESHOLD:
      rv_json_kv_string (w, "kind", "coherence_gate_threshold");
      rv_json_kv_f32 (w, "coherence", e->u.coherence_gate_threshold.coherence);
      rv_json_kv_f32 (w, "threshold", e->u.coherence_gate_threshold.threshold);
      break;
    case RV_EVIDENCE_CIR_DOMINANT_TAP_RATIO:
      rv_json_kv_string (w, "kind", "cir_dominant_tap_ratio");
      rv_json_kv_f32 (w, "ratio", e->u.cir_dominant_tap_ratio.ratio);
      rv_json_kv_bool (w, "blended", e->u.cir_dominant_tap_ratio.blended);
      break;
    case RV_EVIDENCE_WEIGHT_ENTROPY:
      rv_json_kv_string (w, "kind", "weight_entropy");
      rv_json_kv_f32 (w, "normalized_entropy",
          e->u.weight_entropy.normalized_entropy);
      rv_json_kv_u64 (w, "n_nodes", e->u.weight_entropy.n_nodes);
      break;
    case RV_EVIDENCE_CALIBRATION_APPLIED:
      rv_json_kv_string (w, "kind", "calibration_applied");
      rv_json_kv_u64 (w, "calibration_id",
          e->u.calibration_applied.calibration_id);
      rv_json_kv_u64 (w, "n_frames", e->u.calibration_applied.n_frames);
      break;
  }
  rv_json_end_object (w);
}

static void
contradiction_json (const RvContradictionFlag * c, RvJsonWriter * w)
{
  rv_json_begin_object (w);
  switch (c->kind) {
    case RV_CONTRADICTION_TIMESTAMP_MISMATCH:
      rv_json_kv_string (w, "kind", "timestamp_mismatch");
      rv_json_kv_u64 (w, "spread_ns", c->u.timestamp_mismatch.spread_ns);
      rv_json_kv_u64 (w, "soft_guard_ns",
          c->u.timestamp_mismatch.soft_guard_ns);
      break;
    case RV_CONTRADICTION_CALIBRATION_ID_MISMATCH:
      rv_json_kv_string (w, "kind", "calibration_id_mismatch");
      rv_json_kv_u64 (w, "expected", c->u.calibration_id_mismatch.expected);
      rv_json_kv_u64 (w, "disagreeing",
          c->u.calibration_id_mismatch.disagreeing);
      break;
    case RV_CONTRADICTION_PHASE_ALIGNMENT_FAILED:
      rv_json_kv_string (w, "kind", "phase_alignment_failed");
      rv_json_kv_u64 (w, "node_idx", c->u.phase_alignment_failed.node_idx);
      break;
    case RV_CONTRADICTION_DRIFT_PROFILE_CONFLICT:
      rv_json_kv_string (w, "kind", "drift_profile_conflict");
      rv_json_kv_u64 (w, "node_idx", c->u.drift_profile_conflict.node_idx);
      rv_json_kv_f32 (w, "drift_score",
          c->u.drift_profile_conflict.drift_score);
      break;
    case RV_CONTRADICTION_COHERENCE_DROP:
      rv_json_kv_string (w, "kind", "coherence_drop");
      rv_json_kv_u64 (w, "node_idx", c->u.coherence_drop.node_idx);
      rv_json_kv_f32 (w, "sigma", c->u.coherence_drop.sigma);
      break;
    case RV_CONTRADICTION_GEOMETRY_INSUFFICIENT:
      rv_json_kv_string (w, "kind", "geometry_insufficient");
      rv_json_kv_f32 (w, "gdi", c->u.geometry_insufficient.gdi);
      break;
  }
  rv_json_end_object (w);
}

void
gst_rv_quality_score_to_json (const RvQualityScore * q, RvJsonWriter * w)
{
  float lo, hi;
  size_t i;

  rv_quality_confidence_bounds (q, &lo, &hi);
  rv_json_begin_object (w);
  rv_json_kv_string (w, "family_id", q->family_id == RV_FAMILY_MULTISTATIC_CSI
      ? "multistatic_csi" : "viewpoint_embedding");
  rv_json_kv_u64 (w, "capture_ns", q->capture_ns);
  rv_json_key (w, "calibration_id");
  if (q->has_calibration_id)
    rv_json_u64 (w, q->calibration_id);
  else
    rv_json_null (w);
  rv_json_kv_f32 (w, "base_coherence", q->base_coherence);
  rv_json_kv_f32 (w, "penalized_coherence", rv_quality_penalized_coherence (q));
  rv_json_key (w, "confidence_bounds");
  rv_json_begin_array (w);
  rv_json_f32 (w, lo);
  rv_json_f32 (w, hi);
  rv_json_end_array (w);
  rv_json_kv_f32_array (w, "per_node_weights", q->per_node_weights,
      q->n_weights);
  rv_json_key (w, "evidence");
  rv_json_begin_array (w);
  for (i = 0; i < q->n_evidence; i++)
    evidence_json (&q->evidence[i], w);
  rv_json_end_array (w);
  rv_json_key (w, "contradictions");
  rv_json_begin_array (w);
  for (i = 0; i < q->n_contradictions; i++)
    contradiction_json (&q->contradictions[i], w);
  rv_json_end_array (w);
  rv_json_kv_bool (w, "forces_privacy_demotion",
      rv_quality_forces_privacy_demotion (q));
  rv_json_kv_u64 (w, "timestamp_computed_ns", q->timestamp_computed_ns);
  rv_json_end_object (w);
}

static void
quality_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
  gst_rv_quality_score_to_json (&((const GstRvQualityMeta *) meta)->score, w);
}

const GstMetaInfo *
gst_rv_quality_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_QUALITY_META_API_TYPE,
        "GstRvQualityMeta", sizeof (GstRvQualityMeta), quality_meta_init,
        NULL, quality_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_QUALITY_META_API_TYPE, "quality",
        GST_RV_META_ORDER_QUALITY, quality_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvQualityMeta *
gst_buffer_add_rv_quality_meta (GstBuffer * buffer,
    const RvQualityScore * score)
{
  GstRvQualityMeta *m;
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  m = (GstRvQualityMeta *) gst_buffer_add_meta (buffer,
      GST_RV_QUALITY_META_INFO, NULL);
  if (m && score)
    m->score = *score;
  return m;
}

GstRvQualityMeta *
gst_buffer_get_rv_quality_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvQualityMeta *) gst_buffer_get_meta (buffer,
      GST_RV_QUALITY_META_API_TYPE);
}

gfloat
gst_rv_quality_meta_get_base_coherence (const GstRvQualityMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->score.base_coherence;
}

gfloat
gst_rv_quality_meta_get_penalized_coherence (const GstRvQualityMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return rv_quality_penalized_coherence (&meta->score);
}

void
gst_rv_quality_meta_get_confidence_bounds (const GstRvQualityMeta * meta,
    gfloat * low, gfloat * high)
{
  gfloat lo, hi;
  g_return_if_fail (meta != NULL);
  rv_quality_confidence_bounds (&meta->score, &lo, &hi);
  if (low)
    *low = lo;
  if (high)
    *high = hi;
}

const gfloat *
gst_rv_quality_meta_get_weights (const GstRvQualityMeta * meta, gsize * n)
{
  g_return_val_if_fail (meta != NULL, NULL);
  if (n)
    *n = meta->score.n_weights;
  return meta->score.per_node_weights;
}

guint
gst_rv_quality_meta_get_n_evidence (const GstRvQualityMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return (guint) meta->score.n_evidence;
}

guint
gst_rv_quality_meta_get_n_contradictions (const GstRvQualityMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return (guint) meta->score.n_contradictions;
}

gboolean
gst_rv_quality_meta_get_forces_privacy_demotion (const GstRvQualityMeta *
    meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return rv_quality_forces_privacy_demotion (&meta->score);
}
