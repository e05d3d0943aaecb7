/* libgstruview — GstRvWitnessMeta: the engine's trusted output of a fused
 * cycle, attached by rvwitness. */
#ifndef GST_RUVIEW_WITNESS_META_H
#define GST_RUVIEW_WITNESS_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>
#include <gst/ruview/rvenums.h>

G_BEGIN_DECLS

/**
 * GstRvWitnessMeta:
 *
 * The trusted output of one fused cycle, attached by `rvwitness`: the
 * BLAKE3 witness that vouches for the cycle's evidence, the effective
 * privacy class, the provenance strings and the engine's advice.
 *
 * The structure is opaque; read it with the accessors.  Every string and
 * array they return belongs to the meta and lives as long as it (as long
 * as the buffer holds it).
 */
typedef struct _GstRvWitnessMeta GstRvWitnessMeta;

#define GST_RV_WITNESS_META_API_TYPE (gst_rv_witness_meta_api_get_type ())
#define GST_RV_WITNESS_META_INFO (gst_rv_witness_meta_get_info ())

/**
 * GST_RV_META_TAG_CONTENT_STR:
 *
 * The tag of the metas whose meaning depends on the payload bytes (the
 * witness): a transform that writes a new payload does not copy them.
 */
#define GST_RV_META_TAG_CONTENT_STR "ruview-content"

GST_RUVIEW_API GType gst_rv_witness_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_witness_meta_get_info (void);

/**
 * gst_buffer_get_rv_witness_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the witness meta of @buffer, or
 *   %NULL when no `rvwitness` saw it
 */
GST_RUVIEW_API
GstRvWitnessMeta *gst_buffer_get_rv_witness_meta (GstBuffer * buffer);

/**
 * gst_rv_witness_meta_get_witness:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: (transfer none): the BLAKE3 witness of the cycle as 64
 *   lower-case hexadecimal digits
 */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_witness (const GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_witness_bytes:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: (transfer none) (array fixed-size=32): the 32 bytes of the
 *   witness
 */
GST_RUVIEW_API
const guint8 *gst_rv_witness_meta_get_witness_bytes (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_effective_class:
 * @meta: a #GstRvWitnessMeta
 *
 * The privacy class the cycle's output has after the engine's checks, from
 * the most to the least revealing: "Raw", "Derived", "Anonymous",
 * "Restricted".
 *
 * Returns: (transfer none): the class name
 */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_effective_class (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_privacy_mode:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: the privacy mode `rvwitness` ran the cycle in
 */
GST_RUVIEW_API
GstRvPrivacyMode gst_rv_witness_meta_get_privacy_mode (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_demoted:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: %TRUE when a contradiction between the nodes or a mesh at risk
 *   lowered the class one step
 */
GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_demoted (const GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_engine_error_count:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: the cycles the engine refused since `rvwitness` started
 */
GST_RUVIEW_API
guint64 gst_rv_witness_meta_get_engine_error_count (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_recalibration_recommended:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: %TRUE when the engine advises recording a new empty-room
 *   baseline: the coherence stayed low for a run of cycles, or the room
 *   changed (a change point, a mesh at risk)
 */
GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_recalibration_recommended (const
    GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_change_point:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: %TRUE when the cycle is a change point of the room: the nodes'
 *   mean amplitudes left their recent history together (furniture moved, a
 *   door opened for good)
 */
GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_change_point (const GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_privacy_decision:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: (transfer none): "<Mode>/<Class>", e.g. "PrivateHome/Anonymous"
 */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_privacy_decision (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_calibration_version:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: (transfer none): "cal:" and the 16 hexadecimal digits of the
 *   empty-room baseline the cycle was calibrated with, or "cal:none"
 */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_calibration_version (const
    GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_model_version:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: (transfer none): the model version of the provenance,
 *   "rfenc-v<n>"
 */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_model_version (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_statement:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: (transfer none): what the witness vouches for, e.g. "occupancy
 *   coherence=1.00 nodes=2 demoted=false"
 */
GST_RUVIEW_API
const gchar *gst_rv_witness_meta_get_statement (const GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_base_coherence:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: the cycle's coherence between the nodes (0 … 1) before the
 *   penalty for their contradictions
 */
GST_RUVIEW_API
gfloat gst_rv_witness_meta_get_base_coherence (const GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_penalized_coherence:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: the coherence (0 … 1) after the penalty for the contradictions
 */
GST_RUVIEW_API
gfloat gst_rv_witness_meta_get_penalized_coherence (const GstRvWitnessMeta *
    meta);

/**
 * gst_rv_witness_meta_get_semantic_id:
 * @meta: a #GstRvWitnessMeta
 *
 * Returns: the id, in the room's world graph, of the belief the cycle
 *   recorded (the graph `rvwitness snapshot-location` writes)
 */
GST_RUVIEW_API
guint64 gst_rv_witness_meta_get_semantic_id (const GstRvWitnessMeta * meta);

/**
 * gst_rv_witness_meta_get_mesh:
 * @meta: a #GstRvWitnessMeta
 * @cut: (out) (optional): the minimum cut of the node mesh (the weakest
 *   total link weight that splits the nodes in two; 0 when there is no
 *   report)
 * @at_risk: (out) (optional): whether the cut is at or below
 *   `rvwitness mesh-risk-threshold`
 *
 * Returns: %FALSE when there is no mesh report (fewer than two nodes)
 */
GST_RUVIEW_API
gboolean gst_rv_witness_meta_get_mesh (const GstRvWitnessMeta * meta,
    gdouble * cut, gboolean * at_risk);

/**
 * gst_rv_buffer_raw_publish_allowed:
 * @buffer: a #GstBuffer
 *
 * The privacy rule for published output.  Raw per-node data (the node CSI
 * records) must not leave the pipeline when @buffer carries a witness meta
 * whose privacy mode drops raw data or whose effective class is
 * "Restricted"; `rvwitness` has then already removed the node records from
 * the buffer.
 *
 * Returns: %FALSE in that case; %TRUE otherwise (also when @buffer has no
 *   witness meta: nothing was decided)
 */
GST_RUVIEW_API
gboolean gst_rv_buffer_raw_publish_allowed (GstBuffer * buffer);

/**
 * gst_rv_witness_to_hex: (skip)
 * @witness: (array fixed-size=32): witness bytes
 * @hex: (out caller-allocates) (array fixed-size=65): 64 lower-case
 *   hexadecimal digits and a NUL
 *
 * Writes the hexadecimal form of 32 witness bytes.
 */
GST_RUVIEW_API
void gst_rv_witness_to_hex (const guint8 witness[32], gchar hex[65]);

G_END_DECLS
#endif
