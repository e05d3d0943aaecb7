/* libgstruview — GstRvCirMeta: the channel impulse response of a fused
 * cycle's first node (cir.md §3, §6), attached by rvcirgate.  The full
 * structure, for the project's own elements (applications use the
 * accessors of rvcirmeta.h).
 *
 * The taps travel in a GstBuffer of 2·num_taps floats (re, im interleaved)
 * that the meta references and keeps mapped for reading while it lives: the
 * element hands in a buffer from its pool, so no tap array is allocated per
 * cycle, and a copied meta shares the same (read-only) taps. */
#ifndef GST_RUVIEW_CIR_META_PRIVATE_H
#define GST_RUVIEW_CIR_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvcirmeta.h"
#include "ruview/cir.h"

G_BEGIN_DECLS

struct _GstRvCirMeta
{
  GstMeta meta;

  RvCirTier tier;               /* estimator tier */
  gboolean fft_ista;            /* estimated with the FFT operator */
  RvCirSolver solver;           /* ISTA (RuView's) or FISTA */
  gboolean blended;             /* cross_node_coherence = 0.7·freq + 0.3·ratio */
  RvCirError error;             /* RV_CIR_OK, or why the estimate failed */
  /* Every Cir field of cir.md §3 (and the core's diagnostics).  On an
   * error only the error detail (expected_cols/got_cols, phase_variance)
   * is meaningful.  cir.taps points into taps_buffer (NULL when there is
   * none) and is valid for the meta's lifetime. */
  RvCir cir;

  /* < private > */
  GstBuffer *taps_buffer;
  GstMapInfo taps_map;
};

/* Adds a meta holding the given estimate.  cir may be NULL (all fields
 * zero).  taps: NULL, or a buffer of at least 2·cir->num_taps floats (the
 * meta takes a reference and maps it for reading; it is ignored when error
 * is not RV_CIR_OK).  cir->taps is replaced by the mapped taps. */
GST_RUVIEW_API
GstRvCirMeta *gst_buffer_add_rv_cir_meta (GstBuffer * buffer, RvCirTier tier,
    gboolean fft_ista, RvCirSolver solver, gboolean blended, RvCirError error,
    const RvCir * cir, GstBuffer * taps);

/* The error kind as a token: NULL for RV_CIR_OK, else
 * "subcarrier_mismatch", "unsanitized_phase", "solver_divergence",
 * "no_rows", "invalid_argument", "invalid_config",
 * "unsupported_bandwidth", "out_of_memory". */
GST_RUVIEW_API
const gchar *gst_rv_cir_error_nick (RvCirError error);

G_END_DECLS
#endif
