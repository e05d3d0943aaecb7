/* libgstruview — GstRvWitnessMeta (see rvwitnessmeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvwitnessmeta-private.h"
#include <string.h>

#include "gst/ruview/rvmeta.h"

GType
gst_rv_witness_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { GST_RV_META_TAG_CONTENT_STR, NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvWitnessMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
witness_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvWitnessMeta *m = (GstRvWitnessMeta *) meta;
  m->mode = RV_PRIVACY_MODE_PRIVATE_HOME;
  m->engine_error_count = 0;
  memset (&m->output, 0, sizeof (m->output));
  m->hex[0] = '\0';
  return TRUE;
}

static gboolean
witness_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvWitnessMeta *m = (GstRvWitnessMeta *) meta, *d;
  if (!GST_META_TRANSFORM_IS_COPY (type))
    return FALSE;
  d = gst_buffer_add_rv_witness_meta (dest, m->mode, &m->output);
  if (d)
    d->engine_error_count = m->engine_error_count;
  return d != NULL;
}

static void
witness_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
#if RV_HAVE_BLAKE3
  rv_trusted_output_write_json (w, &((const GstRvWitnessMeta *) meta)->output,
      full);
#else
  /* no engine in this build (no rvwitness either): never attached */
  rv_json_null (w);
#endif
}

const GstMetaInfo *
gst_rv_witness_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_WITNESS_META_API_TYPE,
        "GstRvWitnessMeta", sizeof (GstRvWitnessMeta), witness_meta_init,
        NULL, witness_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_WITNESS_META_API_TYPE, "witness",
        GST_RV_META_ORDER_WITNESS, witness_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvWitnessMeta *
gst_buffer_add_rv_witness_meta (GstBuffer * buffer, RvPrivacyMode mode,
    const RvTrustedOutput * output)
{
  GstRvWitnessMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (output != NULL, NULL);
  m = gst_buffer_get_rv_witness_meta (buffer);
  if (!m)
    m = (GstRvWitnessMeta *) gst_buffer_add_meta (buffer,
        GST_RV_WITNESS_META_INFO, NULL);
  if (m) {
    m->mode = mode;
    m->output = *output;
    gst_rv_witness_to_hex (output->witness, m->hex);
  }
  return m;
}

gboolean
gst_rv_buffer_raw_publish_allowed (GstBuffer * buffer)
{
  GstRvWitnessMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), TRUE);
  m = gst_buffer_get_rv_witness_meta (buffer);
  return !m || rv_privacy_raw_allowed (m->mode, m->output.effective_class);
}

void
gst_rv_witness_to_hex (const guint8 witness[32], gchar hex[65])
{
  static const gchar digits[] = "0123456789abcdef";
  guint i;
  for (i = 0; i < 32; i++) {
    hex[2 * i] = digits[witness[i] >> 4];
    hex[2 * i + 1] = digits[witness[i] & 0xf];
  }
  hex[64] = '\0';
}

GstRvWitnessMeta *
gst_buffer_get_rv_witness_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvWitnessMeta *) gst_buffer_get_meta (buffer,
      GST_RV_WITNESS_META_API_TYPE);
}

const gchar *
gst_rv_witness_meta_get_witness (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return meta->hex;
}

const guint8 *
gst_rv_witness_meta_get_witness_bytes (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return meta->output.witness;
}

guint64
gst_rv_witness_meta_get_engine_error_count (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->engine_error_count;
}

const gchar *
gst_rv_witness_meta_get_effective_class (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return rv_privacy_class_name (meta->output.effective_class);
}

GstRvPrivacyMode
gst_rv_witness_meta_get_privacy_mode (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, GST_RV_PRIVACY_MODE_PRIVATE_HOME);
  return (GstRvPrivacyMode) meta->mode;
}

gboolean
gst_rv_witness_meta_get_demoted (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->output.demoted;
}

gboolean
gst_rv_witness_meta_get_recalibration_recommended (const GstRvWitnessMeta *
    meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->output.recalibration_recommended;
}

gboolean
gst_rv_witness_meta_get_change_point (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->output.change_point;
}

const gchar *
gst_rv_witness_meta_get_privacy_decision (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return meta->output.provenance.privacy_decision;
}

const gchar *
gst_rv_witness_meta_get_calibration_version (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return meta->output.provenance.calibration_version;
}

const gchar *
gst_rv_witness_meta_get_model_version (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return meta->output.provenance.model_version;
}

const gchar *
gst_rv_witness_meta_get_statement (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return meta->output.statement;
}

gfloat
gst_rv_witness_meta_get_base_coherence (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->output.quality.base_coherence;
}

gfloat
gst_rv_witness_meta_get_penalized_coherence (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->output.penalized_coherence;
}

guint64
gst_rv_witness_meta_get_semantic_id (const GstRvWitnessMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->output.semantic_id;
}

gboolean
gst_rv_witness_meta_get_mesh (const GstRvWitnessMeta * meta, gdouble * cut,
    gboolean * at_risk)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  if (cut)
    *cut = meta->output.mesh.present ? meta->output.mesh.cut : 0.0;
  if (at_risk)
    *at_risk = meta->output.mesh.present && meta->output.mesh.at_risk;
  return meta->output.mesh.present;
}
