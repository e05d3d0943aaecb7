/* libgstruview — GstRvCirMeta: the channel impulse response of a fused
 * cycle, attached by rvcirgate. */
#ifndef GST_RUVIEW_CIR_META_H
#define GST_RUVIEW_CIR_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>
#include <gst/ruview/rvenums.h>

G_BEGIN_DECLS

/**
 * GstRvCirMeta:
 *
 * The channel impulse response (CIR) `rvcirgate` estimated from a fused
 * cycle's first node: the channel as a row of delay taps, each a complex
 * amplitude at a delay of index × tap spacing, estimated from the
 * frequency response by a sparse solver.  A strong, lone first tap means
 * a clear line of sight; spread energy means many paths (a busy or
 * reverberant room).
 *
 * The structure is opaque; read it with the accessors.  On an estimator
 * error (gst_rv_cir_meta_get_error() not %NULL) the estimate figures are 0
 * and there are no taps.
 */
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

/**
 * gst_rv_cir_meta_get_tier:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the estimator tier (the PHY layout of subcarriers and taps)
 */
GST_RUVIEW_API
GstRvCirTier gst_rv_cir_meta_get_tier (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_fft_ista:
 * @meta: a #GstRvCirMeta
 *
 * Returns: %TRUE when the estimate used the FFT operator (`rvcirgate
 *   fft-ista=true`: faster, not bit-identical to the dense solver)
 */
GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_fft_ista (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_solver:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the solver of the estimate: ISTA (RuView's) or FISTA (`rvcirgate
 *   solver=fista`: fewer iterations, other float bits)
 */
GST_RUVIEW_API
GstRvSolver gst_rv_cir_meta_get_solver (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_blended:
 * @meta: a #GstRvCirMeta
 *
 * Returns: %TRUE when `rvcirgate` blended the cycle's coherence with the
 *   dominant tap ratio (0.7 × frequency coherence + 0.3 × ratio)
 */
GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_blended (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_error:
 * @meta: a #GstRvCirMeta
 *
 * Why the estimate failed: "subcarrier_mismatch" (the frame's width does
 * not fit the tier), "unsanitized_phase" (the phase was not aligned, so
 * ghost taps would appear), "solver_divergence", "no_rows",
 * "invalid_argument", "invalid_config", "unsupported_bandwidth" or
 * "out_of_memory".
 *
 * Returns: (transfer none) (nullable): %NULL when the estimate succeeded,
 *   else the error kind
 */
GST_RUVIEW_API
const gchar *gst_rv_cir_meta_get_error (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_num_taps:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the number of delay taps of the tier (gst_rv_cir_meta_get_tap()
 *   has them unless the estimate failed)
 */
GST_RUVIEW_API
guint gst_rv_cir_meta_get_num_taps (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_tap:
 * @meta: a #GstRvCirMeta
 * @i: tap index, 0 … num_taps − 1
 * @re: (out) (optional): real part of the tap's amplitude
 * @im: (out) (optional): imaginary part
 *
 * Returns: %FALSE when @i is out of range (or there are no taps)
 */
GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_tap (const GstRvCirMeta * meta, guint i,
    gfloat * re, gfloat * im);

/**
 * gst_rv_cir_meta_get_taps: (skip)
 * @meta: a #GstRvCirMeta
 * @n_taps: (out) (optional): the number of taps
 *
 * Returns: (transfer none) (nullable): 2 × @n_taps floats, (real,
 *   imaginary) interleaved; %NULL when the estimate failed
 */
GST_RUVIEW_API
const gfloat *gst_rv_cir_meta_get_taps (const GstRvCirMeta * meta,
    gsize * n_taps);

/**
 * gst_rv_cir_meta_get_dominant_tap_index:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the index of the strongest tap (its delay is index × tap
 *   spacing)
 */
GST_RUVIEW_API
guint gst_rv_cir_meta_get_dominant_tap_index (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_dominant_tap_ratio:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the share (0 … 1) of the total tap magnitude that lies in the
 *   strongest tap and its two neighbours: near 1 for one clear path
 */
GST_RUVIEW_API
gfloat gst_rv_cir_meta_get_dominant_tap_ratio (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_active_tap_count:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the taps whose magnitude is at least 1 % of the strongest one's
 */
GST_RUVIEW_API
guint gst_rv_cir_meta_get_active_tap_count (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_ranging_valid:
 * @meta: a #GstRvCirMeta
 *
 * Returns: %TRUE when the dominant tap's delay is fit for ranging: a
 *   bandwidth of at least 40 MHz and a dominant tap ratio of at least 0.3
 */
GST_RUVIEW_API
gboolean gst_rv_cir_meta_get_ranging_valid (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_rms_delay_spread:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the RMS delay spread in seconds (the power-weighted spread of
 *   the taps' delays over the first half of the taps)
 */
GST_RUVIEW_API
gdouble gst_rv_cir_meta_get_rms_delay_spread (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_iterations:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the solver iterations the estimate took
 */
GST_RUVIEW_API
guint gst_rv_cir_meta_get_iterations (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_residual:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the relative change of the taps in the solver's last iteration
 *   (small: converged)
 */
GST_RUVIEW_API
gfloat gst_rv_cir_meta_get_residual (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_bandwidth:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the bandwidth of the estimate in Hz
 */
GST_RUVIEW_API
gdouble gst_rv_cir_meta_get_bandwidth (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_meta_get_tap_spacing:
 * @meta: a #GstRvCirMeta
 *
 * Returns: the delay between consecutive taps in seconds
 */
GST_RUVIEW_API
gdouble gst_rv_cir_meta_get_tap_spacing (const GstRvCirMeta * meta);

/**
 * gst_rv_cir_tier_nick:
 * @tier: a #GstRvCirTier
 *
 * Returns: (transfer none): "auto", "ht20", "canonical56", "ht40", "he20"
 *   or "he40"
 */
GST_RUVIEW_API
const gchar *gst_rv_cir_tier_nick (GstRvCirTier tier);

G_END_DECLS
#endif
