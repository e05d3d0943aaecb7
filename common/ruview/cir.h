/* libruview — CIR estimator: L1-sparse delay recovery by ISTA (cir.md).
 *
 * One RvCirEstimator per configuration (tier) holds everything that does not
 * depend on the input: Φ (stored once: the rows +1..+K/2 as split re/im
 * row-major planes; row −κ is their exact conjugate), the Lipschitz
 * constant (§4.2), the warm-start diagonal and its inverse
 * (§4.3), the Neumann spectral pre-check (§5.4 a), the active-index column
 * maps and, with fft_operator, the plan of the FFT operator (§4.4).  It is
 * read-only after construction, so several threads may share it.
 *
 * Every estimate runs on a caller-owned RvCirWorkspace (one per thread or
 * link); an estimate never allocates.  The dense path is bit-exact to cir.md
 * on every ISA path (scalar, SSE2, AVX): SIMD lanes only ever span
 * independent outputs, each output is summed in spec order.
 *
 * Input frames are `const double *data`, rows × cols complex values stored
 * interleaved (re, im), row-major: element (s, c) is data[2*(s*cols+c)],
 * data[2*(s*cols+c)+1].
 *
 * Taps are returned interleaved (re, im) as 2·G floats, either in caller
 * storage or in the workspace (valid until the next estimate on it). */
#ifndef RUVIEW_CIR_H
#define RUVIEW_CIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  RV_CIR_OK = 0,
  /* cir.md §3: frame columns are neither N nor K (also a 0×0 frame). */
  RV_CIR_ERROR_SUBCARRIER_MISMATCH,
  /* cir.md §5.3: circular phase variance > 0.99. */
  RV_CIR_ERROR_UNSANITIZED_PHASE,
  /* cir.md §3: declared upstream, never produced. */
  RV_CIR_ERROR_SOLVER_DIVERGENCE,
  /* A frame with 0 rows but N or K columns (upstream panics). */
  RV_CIR_ERROR_NO_ROWS,
  /* NULL pointer, workspace of another estimator, bad thread count... */
  RV_CIR_ERROR_INVALID_ARGUMENT,
  /* Config rejected at construction (K without an ACTIVE list, N too small
   * for the full layout, G = 0, G ≤ K with fft_operator, bad λ/BW...). */
  RV_CIR_ERROR_INVALID_CONFIG,
  /* for_bandwidth_mhz with anything but 20 or 40. */
  RV_CIR_ERROR_UNSUPPORTED_BANDWIDTH,
  RV_CIR_ERROR_OUT_OF_MEMORY,
} RvCirError;

const char *rv_cir_error_str (RvCirError err);

typedef enum {
  RV_CIR_TIER_HT20 = 0,
  RV_CIR_TIER_CANONICAL56,
  RV_CIR_TIER_HT40,
  RV_CIR_TIER_HE20,
  RV_CIR_TIER_HE40,
} RvCirTier;

#define RV_CIR_N_TIERS 5

const char *rv_cir_tier_name (RvCirTier tier);   /* "ht20", "canonical56", ... */
/* The tier whose estimate takes frames n bins wide: the one whose active
 * count K is n (56 → canonical56, 52 → ht20, 114 → ht40, 242 → he20,
 * 484 → he40), else the one whose grid N is n (64 → ht20, 128 → ht40,
 * 256 → he20, 512 → he40).  false when no tier takes n. */
bool rv_cir_tier_for_width (unsigned n, RvCirTier *tier);

/* Which matrix-vector kernels the dense path uses.  AUTO = the RV_CIR_ISA
 * environment variable ("scalar", "sse2", "avx") if set, else the widest the
 * CPU has; a path the CPU lacks degrades to the next narrower one.  All give
 * identical bits. */
typedef enum {
  RV_CIR_ISA_AUTO = 0,
  RV_CIR_ISA_SCALAR,
  RV_CIR_ISA_SSE2,
  RV_CIR_ISA_AVX,
} RvCirIsa;

const char *rv_cir_isa_name (RvCirIsa isa);
bool        rv_cir_isa_available (RvCirIsa isa);

/* The solver of §5.5.  ISTA is the spec's (bit-exact on the dense path).
 * FISTA (opt-in, changes the floats): Nesterov momentum with the gradient
 * restart of O'Donoghue & Candès — momentum is dropped whenever the last
 * step points against it — so that, with a tolerance, a frame stops early. */
typedef enum {
  RV_CIR_SOLVER_ISTA = 0,
  RV_CIR_SOLVER_FISTA,
} RvCirSolver;

const char *rv_cir_solver_name (RvCirSolver solver);   /* "ista", "fista" */

/* cir.md §2.1.  Field names follow upstream `CirConfig`. */
typedef struct {
  double   bandwidth_hz;            /* BW */
  uint32_t num_subcarriers;         /* N  (full-FFT layout width) */
  uint32_t num_active;              /* K  (must have an ACTIVE list: 52,56,114,242,484) */
  uint32_t num_taps;                /* G  (delay bins; ≥ 1, > K with fft_operator) */
  float    lambda;                  /* λ  (≥ 0) */
  uint32_t max_iters;               /* 100 */
  float    tolerance;               /* 1e-4: stop when ‖x − x_prev‖/‖x_prev‖ falls
                                     * below it (ISTA never gets there, §5.5) */
  double   ranging_min_bw_hz;       /* 40e6 */
  float    dominant_ratio_threshold;/* 0.3 */
  bool     fft_operator;            /* false: dense, bit-exact path.  true: Φx,
                                     * Φᴴr and the warm start's Φᴴy by length-G
                                     * transforms of our own (L and the Neumann
                                     * diagonal stay the dense ones): faster,
                                     * NOT bit-exact with the spec (other taps,
                                     * other proof hash, §8.4), but the same
                                     * bits on every run, thread, ISA path and
                                     * machine.  G's prime factors ≤ 64. */
  RvCirSolver solver;               /* ISTA */
  RvCirIsa isa;                     /* AUTO */
} RvCirConfig;

/* Fill cfg with the tier's defaults (§2.1). */
void       rv_cir_config_init (RvCirConfig *cfg, RvCirTier tier);
/* for_bandwidth_mhz: 20 → HT20, 40 → HT40, anything else → error. */
RvCirError rv_cir_config_for_bandwidth_mhz (RvCirConfig *cfg, unsigned mhz);
/* Check a config the way rv_cir_estimator_new does. */
RvCirError rv_cir_config_validate (const RvCirConfig *cfg);

/* ACTIVE(K) dispatch on (N, K) (§2.2): the list's length (52, 56, 114, 242
 * or 484; 52 = the HT20 fallback) and its signed index at position ki. */
size_t rv_cir_active_list_len (uint32_t n, uint32_t k);
int    rv_cir_active_index (size_t list_len, size_t ki);

typedef struct RvCirEstimator RvCirEstimator;
typedef struct RvCirWorkspace RvCirWorkspace;
typedef struct RvCirPool      RvCirPool;

/* Builds Φ, L, the diagonal, the pre-check and (fft_operator) the FFT plans.
 * Returns NULL and sets *err (if err) on a rejected config or OOM. */
RvCirEstimator *rv_cir_estimator_new (const RvCirConfig *cfg, RvCirError *err);
void            rv_cir_estimator_free (RvCirEstimator *est);

const RvCirConfig *rv_cir_estimator_config (const RvCirEstimator *est);
size_t  rv_cir_estimator_num_taps (const RvCirEstimator *est);      /* G */
size_t  rv_cir_estimator_num_active (const RvCirEstimator *est);    /* K */
float   rv_cir_estimator_lipschitz (const RvCirEstimator *est);     /* L (§4.2) */
float   rv_cir_estimator_step (const RvCirEstimator *est);          /* 1/max(L,1e-6) */
float   rv_cir_estimator_threshold (const RvCirEstimator *est);     /* λ·step */
float   rv_cir_estimator_diag (const RvCirEstimator *est, size_t g);/* d[g] (§4.3) */
void    rv_cir_estimator_phi (const RvCirEstimator *est, size_t ki, size_t g,
                              float *re, float *im);                /* Φ[ki][g] */
RvCirIsa rv_cir_estimator_isa (const RvCirEstimator *est);
/* Switch the dense kernels (not while estimates run on this estimator). */
RvCirError rv_cir_estimator_set_isa (RvCirEstimator *est, RvCirIsa isa);

/* Apply Φ (K outputs) or Φᴴ (G outputs) to split re/im vectors, the way the
 * solver does (dense kernels of the estimator's ISA, or the FFT operator
 * when use_fft and the estimator has one).  For tests and benchmarks. */
RvCirError rv_cir_apply_phi (const RvCirEstimator *est, RvCirWorkspace *ws, bool use_fft,
                             const float *x_re, const float *x_im, float *out_re, float *out_im);
RvCirError rv_cir_apply_phi_h (const RvCirEstimator *est, RvCirWorkspace *ws, bool use_fft,
                               const float *r_re, const float *r_im, float *out_re, float *out_im);

RvCirWorkspace *rv_cir_workspace_new (const RvCirEstimator *est);
void            rv_cir_workspace_free (RvCirWorkspace *ws);

/* Neumann warm-start outcome per part (cir.md §12 "N(a,b)"):
 * k+1 when it returned at step k (1 = dinv·b, 2 = one step), 0 = fell back to b/d. */
#define RV_CIR_NEUMANN_FALLBACK 0

/* cir.md §3 `Cir`, plus diagnostics that are not upstream fields. */
typedef struct {
  const float *taps;            /* 2·num_taps floats, (re, im) interleaved */
  size_t   num_taps;            /* G */
  double   bandwidth_hz;
  double   tap_spacing_sec;
  size_t   dominant_tap_idx;
  float    dominant_tap_ratio;
  bool     ranging_valid;
  size_t   active_tap_count;
  double   rms_delay_spread_s;
  uint32_t iters_used;
  float    residual;
  /* diagnostics, kept out of any witness */
  float    phase_variance;      /* the §5.3 guard value V (also on UNSANITIZED_PHASE) */
  uint8_t  neumann_re, neumann_im;
  /* error detail: SUBCARRIER_MISMATCH{expected, got} */
  size_t   expected_cols, got_cols;
} RvCir;

/* One estimate (§5).  taps_out: 2·G floats of caller storage, or NULL to
 * use the workspace's.  On error *out carries the detail fields only. */
RvCirError rv_cir_estimate (const RvCirEstimator *est, RvCirWorkspace *ws,
                            const double *data, size_t rows, size_t cols,
                            float *taps_out, RvCir *out);

/* The multistatic gate's input (§6 step 2): a 1×n frame from canonical
 * amplitude/phase f32 arrays, n = n_amp; column i = from_polar(amp, phase)
 * in f64 while i < n_phase, else 0. */
RvCirError rv_cir_estimate_polar (const RvCirEstimator *est, RvCirWorkspace *ws,
                                  const float *amp, size_t n_amp,
                                  const float *phase, size_t n_phase,
                                  float *taps_out, RvCir *out);

/* §6 step 3: (0.7f·freq) + (0.3f·ratio), in f32. */
float rv_cir_gate_blend (float freq_coherence, float dominant_tap_ratio);
/* §6: estimate on (amp, phase) and blend; on any error return freq unchanged.
 * est == NULL (no estimator attached) also returns freq.  out/err may be NULL. */
float rv_cir_gate_coherence (const RvCirEstimator *est, RvCirWorkspace *ws,
                             float freq_coherence,
                             const float *amp, size_t n_amp,
                             const float *phase, size_t n_phase,
                             RvCir *out, RvCirError *err);

/* §5.5 complex soft threshold of one element: m = hypotf, scale
 * fmaxf(m − t, 0) / fmaxf(m, 1e-12). */
void  rv_cir_soft_threshold (float *re, float *im, float thresh);
/* §5.3 circular phase variance V of k samples (0 when k < 2). */
float rv_cir_phase_variance (const float *re, const float *im, size_t k);

/* Accessors (§3). */
double rv_cir_dominant_delay_sec (const RvCir *cir);
double rv_cir_dominant_distance_m (const RvCir *cir);
/* true and *tof = delay when ranging_valid, else false. */
bool   rv_cir_dominant_tap_tof_s (const RvCir *cir, double *tof);

typedef struct {
  size_t index;
  float  re, im;
} RvCirTap;

/* The k strongest taps by hypotf magnitude, descending; equal magnitudes in
 * ascending index order (upstream's stable sort).  NaN magnitudes order
 * last.  Writes min(k, G) entries to out and returns that count. */
size_t rv_cir_top_k_taps (const RvCir *cir, size_t k, RvCirTap *out);

/* Human-readable error with its detail, e.g. "subcarrier count mismatch:
 * expected 64, got 56".  cir may be NULL.  Returns snprintf's count. */
int rv_cir_error_describe (RvCirError err, const RvCir *cir, char *buf, size_t len);

/* ---- multi-link ---------------------------------------------------------- */

typedef struct {
  const double *data;   /* rows × cols interleaved complex f64 */
  size_t rows, cols;
} RvCirFrame;

/* A pool of n_threads (≥ 1; the calling thread counts as one) bound to est,
 * with one workspace per thread.  Threads are created once here. */
RvCirPool *rv_cir_pool_new (const RvCirEstimator *est, unsigned n_threads, RvCirError *err);
void       rv_cir_pool_free (RvCirPool *pool);
unsigned   rv_cir_pool_n_threads (const RvCirPool *pool);

/* Estimate n_links frames in parallel (one call at a time per pool).  taps_out: n_links·2·G floats (link i
 * at offset 2·G·i); outs/errs: n_links entries, in link order.  Results are
 * bit-identical to calling rv_cir_estimate on each link in turn.  Returns
 * INVALID_ARGUMENT on NULL arguments, else OK (per-link errors in errs). */
RvCirError rv_cir_pool_estimate (RvCirPool *pool, const RvCirFrame *frames, size_t n_links,
                                 float *taps_out, RvCir *outs, RvCirError *errs);

#ifdef __cplusplus
}
#endif
#endif
