/* libgstruview — GstRvCirMeta: the channel impulse response of a fused
 * cycle's first node, attached by rvcirgate.
 *
 * The structure is opaque; read it with the accessors below. */
#ifndef GST_RUVIEW_CIR_META_H
#define GST_RUVIEW_CIR_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvenums.h"

G_BEGIN_DECLS

typedef struct _GstRvCirMeta GstRvCirMeta;

#define GST_RV_CIR_META_API_TYPE (gst_rv_cir_meta_api_get_type ())
#define GST_RV_CIR_META_INFO (gst_rv_cir_meta_get_info ())

GST_RUVIEW_API GType gst_rv_cir_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_cir_meta_get_info (void);

/**
 * gst_buffer_get_rv_cir_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the CIR meta of @buffer
 */
GST_RUVIEW_API
GstRvCirMeta *gst_buffer_get_rv_cir_meta (GstBuffer * buffer);

GST_RUVIEW_API
GstRvCirTier gst_rv_cir_meta_get_tier (const GstRvCirMeta * meta);

/* Estimated with the FFT operator (fft-ista). */
GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_fft_ista (const GstRvCirMeta * meta);

/* The solver: ista (RuView's) or fista. */
GST_RUVIEW_API
GstRvSolver gst_rv_cir_meta_get_solver (const GstRvCirMeta * meta);

/* The cycle's coherence was blended with the dominant tap ratio. */
GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_blended (const GstRvCirMeta * meta);

/* NULL when the estimate succeeded, else why it failed:
 * "subcarrier_mismatch", "unsanitized_phase", "solver_divergence",
 * "no_rows", "invalid_argument", "invalid_config", "unsupported_bandwidth",
 * "out_of_memory". */
GST_RUVIEW_API
const gchar *gst_rv_cir_meta_get_error (const GstRvCirMeta * meta);

GST_RUVIEW_API
guint gst_rv_cir_meta_get_dominant_tap_index (const GstRvCirMeta * meta);

/* Share of |x| in the ±1-tap window around the strongest tap. */
GST_RUVIEW_API
gfloat gst_rv_cir_meta_get_dominant_tap_ratio (const GstRvCirMeta * meta);

GST_RUVIEW_API
guint gst_rv_cir_meta_get_active_tap_count (const GstRvCirMeta * meta);

GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_ranging_valid (const GstRvCirMeta * meta);

/* RMS delay spread, seconds. */
GST_RUVIEW_API
gdouble gst_rv_cir_meta_get_rms_delay_spread (const GstRvCirMeta * meta);

GST_RUVIEW_API
guint gst_rv_cir_meta_get_iterations (const GstRvCirMeta * meta);

GST_RUVIEW_API
gfloat gst_rv_cir_meta_get_residual (const GstRvCirMeta * meta);

/* Hz and seconds per tap */
GST_RUVIEW_API
gdouble gst_rv_cir_meta_get_bandwidth (const GstRvCirMeta * meta);

GST_RUVIEW_API
gdouble gst_rv_cir_meta_get_tap_spacing (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_taps:
 * @meta: the meta
 * @n_taps: (out): the number of taps
 *
 * Returns: (array) (transfer none) (nullable): 2 × @n_taps floats, (real,
 *   imaginary) interleaved; NULL when the estimate failed
 */
GST_RUVIEW_API
const gfloat *gst_rv_cir_meta_get_taps (const GstRvCirMeta * meta,
    gsize * n_taps);

/* "ht20", "canonical56", "ht40", "he20", "he40" */
GST_RUVIEW_API
const gchar *gst_rv_cir_tier_nick (GstRvCirTier tier);

G_END_DECLS
#endif
