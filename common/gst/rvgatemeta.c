/* libgstruview — GstRvGateMeta (see rvgatemeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gst/ruview/rvgatemeta-private.h"
#include "gst/ruview/rvmeta.h"

const gchar *
gst_rv_gate_decision_nick (RvGateDecisionKind kind)
{
  switch (kind) {
    case RV_GATE_ACCEPT:
      return "accept";
    case RV_GATE_PREDICT_ONLY:
      return "predict_only";
    case RV_GATE_REJECT:
      return "reject";
    case RV_GATE_RECALIBRATE:
      return "recalibrate";
  }
  return "unknown";
}

const gchar *
gst_rv_drift_profile_nick (RvDriftProfile drift)
{
  switch (drift) {
    case RV_DRIFT_STABLE:
      return "stable";
    case RV_DRIFT_LINEAR:
      return "linear";
    case RV_DRIFT_STEP_CHANGE:
      return "step_change";
  }
  return "unknown";
}

GType
gst_rv_gate_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvGateMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
gate_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvGateMeta *m = (GstRvGateMeta *) meta;
  m->coherence_score = 0.0f;
  m->stale_count = 0;
  m->drift_profile = RV_DRIFT_STABLE;
  memset (&m->decision, 0, sizeof (m->decision));
  return TRUE;
}

static gboolean
gate_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvGateMeta *m = (GstRvGateMeta *) meta;
  if (GST_META_TRANSFORM_IS_COPY (type)) {
    return gst_buffer_add_rv_gate_meta (dest, m->coherence_score,
        m->stale_count, m->drift_profile, &m->decision) != NULL;
  }
  return FALSE;
}

static void
gate_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
  const GstRvGateMeta *m = (const GstRvGateMeta *) meta;

  rv_json_begin_object (w);
  rv_json_kv_f32 (w, "coherence_score", m->coherence_score);
  rv_json_kv_u64 (w, "stale_count", m->stale_count);
  rv_json_kv_string (w, "drift_profile",
      gst_rv_drift_profile_nick (m->drift_profile));
  rv_json_kv_string (w, "decision", gst_rv_gate_decision_nick (m->decision.kind));
  /* the decision's payload: Accept{noise_multiplier},
   * Recalibrate{stale_frames}; null for the other kinds */
  rv_json_key (w, "noise_multiplier");
  if (m->decision.kind == RV_GATE_ACCEPT)
    rv_json_f32 (w, m->decision.noise_multiplier);
  else
    rv_json_null (w);
  rv_json_key (w, "stale_frames");
  if (m->decision.kind == RV_GATE_RECALIBRATE)
    rv_json_u64 (w, m->decision.stale_frames);
  else
    rv_json_null (w);
  rv_json_end_object (w);
}

const GstMetaInfo *
gst_rv_gate_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_GATE_META_API_TYPE,
        "GstRvGateMeta", sizeof (GstRvGateMeta), gate_meta_init, NULL,
        gate_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_GATE_META_API_TYPE, "gate",
        GST_RV_META_ORDER_GATE, gate_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvGateMeta *
gst_buffer_add_rv_gate_meta (GstBuffer * buffer, gfloat coherence_score,
    guint64 stale_count, RvDriftProfile drift, const RvGateDecision * decision)
{
  GstRvGateMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  m = (GstRvGateMeta *) gst_buffer_add_meta (buffer, GST_RV_GATE_META_INFO,
      NULL);
  if (!m)
    return NULL;
  m->coherence_score = coherence_score;
  m->stale_count = stale_count;
  m->drift_profile = drift;
  if (decision)
    m->decision = *decision;
  return m;
}

GstRvGateMeta *
gst_buffer_get_rv_gate_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvGateMeta *) gst_buffer_get_meta (buffer,
      GST_RV_GATE_META_API_TYPE);
}

const gchar *
gst_rv_gate_meta_get_decision (const GstRvGateMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return gst_rv_gate_decision_nick (meta->decision.kind);
}

gfloat
gst_rv_gate_meta_get_coherence_score (const GstRvGateMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->coherence_score;
}

guint64
gst_rv_gate_meta_get_stale_count (const GstRvGateMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->stale_count;
}

const gchar *
gst_rv_gate_meta_get_drift_profile (const GstRvGateMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return gst_rv_drift_profile_nick (meta->drift_profile);
}

gfloat
gst_rv_gate_meta_get_noise_multiplier (const GstRvGateMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->decision.kind == RV_GATE_ACCEPT ?
      meta->decision.noise_multiplier : 0.0f;
}

guint64
gst_rv_gate_meta_get_stale_frames (const GstRvGateMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->decision.kind == RV_GATE_RECALIBRATE ?
      meta->decision.stale_frames : 0;
}
