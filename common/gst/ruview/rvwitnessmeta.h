/* libgstruview — GstRvWitnessMeta: the engine's trusted output of a fused
 * cycle, attached by rvwitness: the BLAKE3 witness, the effective privacy
 * class, the provenance strings and the engine's advice.
 *
 * The structure is opaque; read it with the accessors below.  Every string
 * returned belongs to the meta and lives as long as it. */
#ifndef GST_RUVIEW_WITNESS_META_H
#define GST_RUVIEW_WITNESS_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvenums.h"

G_BEGIN_DECLS

typedef struct _GstRvWitnessMeta GstRvWitnessMeta;

#define GST_RV_WITNESS_META_API_TYPE (gst_rv_witness_meta_api_get_type ())
#define GST_RV_WITNESS_META_INFO (gst_rv_witness_meta_get_info ())

/* A project meta tag: metas whose meaning depends on the payload bytes
 * (the witness) carry it, so content-changing transforms drop them. */
#define GST_RV_META_TAG_CONTENT_STR "ruview-content"

GST_RUVIEW_API GType gst_rv_witness_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_witness_meta_get_info (void);

/**
 * gst_buffer_get_rv_witness_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the witness meta of @buffer
 */
GST_RUVIEW_API
GstRvWitnessMeta *gst_buffer_get_rv_witness_meta (GstBuffer * buffer);

/* The BLAKE3 witness as 64 lower-case hex digits. */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_witness (const GstRvWitnessMeta * meta);

/* The witness bytes (32). */
GST_RUVIEW_API
const guint8 *gst_rv_witness_meta_get_witness_bytes (const GstRvWitnessMeta *
    meta);

/* The effective privacy class: "Raw", "Derived", "Anonymous" or
 * "Restricted". */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_effective_class (const GstRvWitnessMeta *
    meta);

/* The privacy mode of the cycle. */
GST_RUVIEW_API
GstRvPrivacyMode gst_rv_witness_meta_get_privacy_mode (const GstRvWitnessMeta *
    meta);

/* Whether a contradiction or a mesh at risk demoted the class one step. */
GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_demoted (const GstRvWitnessMeta * meta);

/* Cycles the engine refused since rvwitness started. */
GST_RUVIEW_API
guint64 gst_rv_witness_meta_get_engine_error_count (const GstRvWitnessMeta *
    meta);

GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_recalibration_recommended (const
    GstRvWitnessMeta * meta);

GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_change_point (const GstRvWitnessMeta * meta);

/* "<Mode>/<Class>", e.g. "PrivateHome/Anonymous" */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_privacy_decision (const GstRvWitnessMeta *
    meta);

/* "cal:<16 hex digits>" or "cal:none" */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_calibration_version (const
    GstRvWitnessMeta * meta);

/* "rfenc-v<n>" */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_model_version (const GstRvWitnessMeta *
    meta);

/* e.g. "occupancy coherence=1.00 nodes=2 demoted=false" */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_statement (const GstRvWitnessMeta * meta);

GST_RUVIEW_API
gfloat gst_rv_witness_meta_get_base_coherence (const GstRvWitnessMeta * meta);

GST_RUVIEW_API
gfloat gst_rv_witness_meta_get_penalized_coherence (const GstRvWitnessMeta *
    meta);

/* The WorldGraph id of the cycle's semantic belief. */
GST_RUVIEW_API
guint64 gst_rv_witness_meta_get_semantic_id (const GstRvWitnessMeta * meta);

/* The mesh partition report: FALSE when there is none (fewer than two
 * nodes); else its minimum cut and whether the mesh is at risk. */
GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_mesh (const GstRvWitnessMeta * meta,
    gdouble * cut, gboolean * at_risk);

/* The privacy rule for published output: FALSE when the buffer carries a
 * witness meta whose mode drops raw data or whose effective class is
 * Restricted — raw per-node data (the node CSI records) must then not be
 * published; rvwitness has already removed them from the buffer.  TRUE
 * otherwise (no witness meta: nothing was decided). */
GST_RUVIEW_API
gboolean gst_rv_buffer_raw_publish_allowed (GstBuffer * buffer);

/* Lower-case hex of 32 witness bytes into hex[65]. */
GST_RUVIEW_API
void gst_rv_witness_to_hex (const guint8 witness[32], gchar hex[65]);

G_END_DECLS
#endif
