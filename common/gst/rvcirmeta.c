/* libgstruview — GstRvCirMeta (see rvcirmeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gst/ruview/rvcirmeta-private.h"
#include "gst/ruview/rvmeta.h"

/* No function of the CIR core is called here (libgstruview does not link
 * the estimator): the names below are this library's own tables. */

const gchar *
gst_rv_cir_tier_nick (GstRvCirTier tier)
{
  static const gchar *const nicks[] =
      { "ht20", "canonical56", "ht40", "he20", "he40" };
  if (tier == GST_RV_CIR_TIER_AUTO)
    return "auto";
  return (guint) tier < G_N_ELEMENTS (nicks) ? nicks[tier] : "invalid";
}

const gchar *
gst_rv_cir_error_nick (RvCirError error)
{
  switch (error) {
    case RV_CIR_OK:
      return NULL;
    case RV_CIR_ERROR_SUBCARRIER_MISMATCH:
      return "subcarrier_mismatch";
    case RV_CIR_ERROR_UNSANITIZED_PHASE:
      return "unsanitized_phase";
    case RV_CIR_ERROR_SOLVER_DIVERGENCE:
      return "solver_divergence";
    case RV_CIR_ERROR_NO_ROWS:
      return "no_rows";
    case RV_CIR_ERROR_INVALID_ARGUMENT:
      return "invalid_argument";
    case RV_CIR_ERROR_INVALID_CONFIG:
      return "invalid_config";
    case RV_CIR_ERROR_UNSUPPORTED_BANDWIDTH:
      return "unsupported_bandwidth";
    case RV_CIR_ERROR_OUT_OF_MEMORY:
      return "out_of_memory";
  }
  return "unknown";
}

GType
gst_rv_cir_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvCirMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
cir_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  GstRvCirMeta *m = (GstRvCirMeta *) meta;
  m->tier = RV_CIR_TIER_CANONICAL56;
  m->fft_ista = FALSE;
  m->solver = RV_CIR_SOLVER_ISTA;
  m->blended = FALSE;
  m->error = RV_CIR_OK;
  memset (&m->cir, 0, sizeof (m->cir));
  m->taps_buffer = NULL;
  memset (&m->taps_map, 0, sizeof (m->taps_map));
  return TRUE;
}

static void
cir_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  GstRvCirMeta *m = (GstRvCirMeta *) meta;
  if (m->taps_buffer) {
    gst_buffer_unmap (m->taps_buffer, &m->taps_map);
    gst_buffer_unref (m->taps_buffer);
    m->taps_buffer = NULL;
  }
  m->cir.taps = NULL;
}

static gboolean
cir_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvCirMeta *m = (GstRvCirMeta *) meta;
  if (GST_META_TRANSFORM_IS_COPY (type)) {
    return gst_buffer_add_rv_cir_meta (dest, m->tier, m->fft_ista, m->solver,
        m->blended, m->error, &m->cir, m->taps_buffer) != NULL;
  }
  return FALSE;
}

static void
cir_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
  const GstRvCirMeta *m = (const GstRvCirMeta *) meta;
  const RvCir *c = &m->cir;
  const gchar *err = gst_rv_cir_error_nick (m->error);

  rv_json_begin_object (w);
  rv_json_kv_string (w, "tier", gst_rv_cir_tier_nick ((GstRvCirTier) m->tier));
  rv_json_kv_bool (w, "fft_ista", m->fft_ista);
  rv_json_kv_string (w, "solver", rv_cir_solver_name (m->solver));
  rv_json_kv_bool (w, "blended", m->blended);
  rv_json_kv_u64 (w, "dominant_tap_idx", c->dominant_tap_idx);
  rv_json_kv_f32 (w, "dominant_tap_ratio", c->dominant_tap_ratio);
  rv_json_kv_bool (w, "ranging_valid", c->ranging_valid);
  rv_json_kv_u64 (w, "active_tap_count", c->active_tap_count);
  rv_json_kv_f64 (w, "rms_delay_spread_s", c->rms_delay_spread_s);
  rv_json_kv_u64 (w, "iters_used", c->iters_used);
  rv_json_kv_f32 (w, "residual", c->residual);
  rv_json_kv_f64 (w, "bandwidth_hz", c->bandwidth_hz);
  rv_json_kv_f64 (w, "tap_spacing_sec", c->tap_spacing_sec);
  rv_json_kv_u64 (w, "num_taps", c->num_taps);
  rv_json_key (w, "error");
  if (err)
    rv_json_string (w, err);
  else
    rv_json_null (w);
  if (m->error == RV_CIR_ERROR_SUBCARRIER_MISMATCH) {
    rv_json_kv_u64 (w, "expected_cols", c->expected_cols);
    rv_json_kv_u64 (w, "got_cols", c->got_cols);
  } else if (m->error == RV_CIR_ERROR_UNSANITIZED_PHASE) {
    rv_json_kv_f32 (w, "phase_variance", c->phase_variance);
  }
  if (full && c->taps) {
    gsize g;
    rv_json_key (w, "taps");
    rv_json_begin_array (w);
    for (g = 0; g < c->num_taps; g++) {
      rv_json_begin_array (w);
      rv_json_f32 (w, c->taps[2 * g]);
      rv_json_f32 (w, c->taps[2 * g + 1]);
      rv_json_end_array (w);
    }
    rv_json_end_array (w);
  }
  rv_json_end_object (w);
}

const GstMetaInfo *
gst_rv_cir_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_CIR_META_API_TYPE,
        "GstRvCirMeta", sizeof (GstRvCirMeta), cir_meta_init, cir_meta_free,
        cir_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_CIR_META_API_TYPE, "cir",
        GST_RV_META_ORDER_CIR, cir_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvCirMeta *
gst_buffer_add_rv_cir_meta (GstBuffer * buffer, RvCirTier tier,
    gboolean fft_ista, RvCirSolver solver, gboolean blended, RvCirError error,
    const RvCir * cir, GstBuffer * taps)
{
  GstRvCirMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  m = (GstRvCirMeta *) gst_buffer_add_meta (buffer, GST_RV_CIR_META_INFO,
      NULL);
  if (!m)
    return NULL;
  m->tier = tier;
  m->fft_ista = fft_ista;
  m->solver = solver;
  m->blended = blended;
  m->error = error;
  if (cir)
    m->cir = *cir;
  m->cir.taps = NULL;
  if (taps && cir && error == RV_CIR_OK && cir->num_taps > 0) {
    if (gst_buffer_map (taps, &m->taps_map, GST_MAP_READ)) {
      if (m->taps_map.size >= 2 * cir->num_taps * sizeof (gfloat)) {
        m->taps_buffer = gst_buffer_ref (taps);
        m->cir.taps = (const float *) m->taps_map.data;
      } else {
        gst_buffer_unmap (taps, &m->taps_map);
      }
    }
  }
  return m;
}

GstRvCirMeta *
gst_buffer_get_rv_cir_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvCirMeta *) gst_buffer_get_meta (buffer,
      GST_RV_CIR_META_API_TYPE);
}

GstRvCirTier
gst_rv_cir_meta_get_tier (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, GST_RV_CIR_TIER_CANONICAL56);
  return (GstRvCirTier) meta->tier;
}

gboolean
gst_rv_cir_meta_get_fft_ista (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->fft_ista;
}

GstRvSolver
gst_rv_cir_meta_get_solver (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, GST_RV_SOLVER_ISTA);
  return (GstRvSolver) meta->solver;
}

gboolean
gst_rv_cir_meta_get_blended (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->blended;
}

const gchar *
gst_rv_cir_meta_get_error (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return gst_rv_cir_error_nick (meta->error);
}

guint
gst_rv_cir_meta_get_dominant_tap_index (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return (guint) meta->cir.dominant_tap_idx;
}

gfloat
gst_rv_cir_meta_get_dominant_tap_ratio (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->cir.dominant_tap_ratio;
}

guint
gst_rv_cir_meta_get_active_tap_count (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return (guint) meta->cir.active_tap_count;
}

gboolean
gst_rv_cir_meta_get_ranging_valid (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  return meta->cir.ranging_valid;
}

gdouble
gst_rv_cir_meta_get_rms_delay_spread (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0);
  return meta->cir.rms_delay_spread_s;
}

guint
gst_rv_cir_meta_get_iterations (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->cir.iters_used;
}

gfloat
gst_rv_cir_meta_get_residual (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0f);
  return meta->cir.residual;
}

gdouble
gst_rv_cir_meta_get_bandwidth (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0);
  return meta->cir.bandwidth_hz;
}

gdouble
gst_rv_cir_meta_get_tap_spacing (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0.0);
  return meta->cir.tap_spacing_sec;
}

const gfloat *
gst_rv_cir_meta_get_taps (const GstRvCirMeta * meta, gsize * n_taps)
{
  g_return_val_if_fail (meta != NULL, NULL);
  if (n_taps)
    *n_taps = meta->cir.taps ? meta->cir.num_taps : 0;
  return meta->cir.taps;
}

guint
gst_rv_cir_meta_get_num_taps (const GstRvCirMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return (guint) meta->cir.num_taps;
}

gboolean
gst_rv_cir_meta_get_tap (const GstRvCirMeta * meta, guint i, gfloat * re,
    gfloat * im)
{
  g_return_val_if_fail (meta != NULL, FALSE);
  if (!meta->cir.taps || i >= meta->cir.num_taps)
    return FALSE;
  if (re)
    *re = meta->cir.taps[2 * i];
  if (im)
    *im = meta->cir.taps[2 * i + 1];
  return TRUE;
}
