/* libgstruview — media types and caps (docs/media-types.md). */
#ifndef GST_RUVIEW_CAPS_H
#define GST_RUVIEW_CAPS_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GST_RV_CSI_MEDIA_TYPE:
 *
 * One buffer = one frame of one node, a single "RVCF" record
 * (docs/record.md).  Caps fields: layout (string, "complex" or
 * "canonical"), calibrated (boolean: the empty-room baseline was
 * subtracted), phase-aligned (boolean: the phases were aligned across
 * channels).
 */
#define GST_RV_CSI_MEDIA_TYPE    "application/x-ruview-csi"
/**
 * GST_RV_FUSED_MEDIA_TYPE:
 *
 * One buffer = one fused cycle: the "RVFU" record, then the "RVCF" records
 * of the nodes that went into it, back to back (docs/record.md).  Caps
 * fields: framerate (fraction, cycles per second), calibrated (boolean:
 * every fused node frame was calibrated).
 */
#define GST_RV_FUSED_MEDIA_TYPE  "application/x-ruview-fused"
/**
 * GST_RV_JSON_MEDIA_TYPE:
 *
 * `rvmetaconvert`'s output: one JSON document per buffer, newline
 * terminated (docs/json-format.md).
 */
#define GST_RV_JSON_MEDIA_TYPE   "application/x-json"

#define GST_RV_LAYOUT_COMPLEX    "complex"
#define GST_RV_LAYOUT_CANONICAL  "canonical"

/* Template caps for any CSI stream */
#define GST_RV_CSI_CAPS_ANY \
  GST_RV_CSI_MEDIA_TYPE ", " \
  "layout = (string) { complex, canonical }, " \
  "calibrated = (boolean) { true, false }, " \
  "phase-aligned = (boolean) { true, false }"

/* Template caps for a given layout; calibrated/phase-aligned given as the
 * strings "true", "false" or "{ true, false }" */
#define GST_RV_CSI_CAPS_MAKE(layout, calibrated, aligned) \
  GST_RV_CSI_MEDIA_TYPE ", " \
  "layout = (string) " layout ", " \
  "calibrated = (boolean) " calibrated ", " \
  "phase-aligned = (boolean) " aligned

#define GST_RV_FUSED_CAPS_ANY \
  GST_RV_FUSED_MEDIA_TYPE ", " \
  "framerate = (fraction) [ 0/1, 2147483647/1 ], " \
  "calibrated = (boolean) { true, false }"

/**
 * gst_rv_csi_caps_new:
 * @layout: "complex" or "canonical"
 * @calibrated: the calibrated field
 * @phase_aligned: the phase-aligned field
 *
 * Returns: (transfer full): fixed caps of a CSI stream
 */
GST_RUVIEW_API
GstCaps *gst_rv_csi_caps_new (const gchar * layout, gboolean calibrated,
    gboolean phase_aligned);

/**
 * gst_rv_fused_caps_new:
 * @fps_n: cycles per second, numerator
 * @fps_d: denominator
 * @calibrated: the calibrated field
 *
 * Returns: (transfer full): fixed caps of a fused stream
 */
GST_RUVIEW_API
GstCaps *gst_rv_fused_caps_new (gint fps_n, gint fps_d, gboolean calibrated);

/**
 * gst_rv_csi_caps_parse:
 * @caps: fixed caps of a CSI stream
 * @layout: (out) (optional): 0 for complex, 1 for canonical
 * @calibrated: (out) (optional): the calibrated field
 * @phase_aligned: (out) (optional): the phase-aligned field
 *
 * Returns: %FALSE when @caps are not fixed CSI caps with these fields
 */
GST_RUVIEW_API
gboolean gst_rv_csi_caps_parse (const GstCaps * caps, gint * layout,
    gboolean * calibrated, gboolean * phase_aligned);

/* The "ruview-source" custom query: what kind of input a stream comes
 * from, asked upstream by publishers (rvmetaconvert format=sensing-update)
 * and answered by csisrc: "esp32" (live nodes, UDP or serial), "simulated"
 * (the synthetic room) or "replay" (a capture file).  It passes through
 * every element that forwards queries, rvmultistaticfuse included. */
#define GST_RV_SOURCE_ESP32      "esp32"
#define GST_RV_SOURCE_SIMULATED  "simulated"
#define GST_RV_SOURCE_REPLAY     "replay"

/**
 * gst_rv_query_new_source:
 *
 * Returns: (transfer full): a new "ruview-source" query, to send upstream
 */
GST_RUVIEW_API
GstQuery *gst_rv_query_new_source (void);

/**
 * gst_rv_query_is_source:
 * @query: a #GstQuery
 *
 * Returns: %TRUE when @query is a "ruview-source" query
 */
GST_RUVIEW_API
gboolean gst_rv_query_is_source (GstQuery * query);

/**
 * gst_rv_query_set_source:
 * @query: a writable "ruview-source" query
 * @source: "esp32", "simulated" or "replay"
 *
 * Answers the query.
 */
GST_RUVIEW_API
void gst_rv_query_set_source (GstQuery * query, const gchar * source);

/**
 * gst_rv_query_parse_source:
 * @query: a "ruview-source" query
 *
 * Returns: (transfer none) (nullable): the answer, valid while the query
 *   lives, or %NULL when nobody answered
 */
GST_RUVIEW_API
const gchar *gst_rv_query_parse_source (GstQuery * query);

G_END_DECLS
#endif
