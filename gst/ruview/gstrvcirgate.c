/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvcirgate
 * @title: rvcirgate
 *
 * Runs once per fused cycle (`application/x-ruview-fused`, in place, caps
 * unchanged), after `rvmultistaticfuse`:
 *
 * 1. the channel impulse response (CIR) of the cycle's first node record
 *    (the lowest node id), first channel, by ISTA (iterative soft
 *    thresholding: the sparsest row of delay taps that explains the
 *    subcarriers, docs/rvcirgate.md): the
 *    1×n frame `from_polar(amplitude, phase)` is estimated with the
 *    #GstRvCirGate:tier estimator;
 * 2. when #GstRvCirGate:use-cir-gate is set and the estimate succeeded, the
 *    fused record's `cross_node_coherence` becomes
 *    `0.7·freq_coherence + 0.3·dominant_tap_ratio` (f32); on any estimator
 *    error it is `freq_coherence`, unchanged, and the error is counted in
 *    #GstRvCirGate:stats;
 * 3. the coherence state (a reference amplitude and variance per fused
 *    bin) scores the fused amplitudes (0 … 1) and the gate decides: accept,
 *    predict_only, reject or recalibrate.
 *
 * The estimate is attached as a `GstRvCirMeta` (JSON key `cir`, the taps
 * with `rvmetaconvert detail=full`) and the
 * gate as a `GstRvGateMeta` (JSON key `gate`). A `GAP` cycle (no fused bins)
 * passes untouched; a buffer that is not a valid fused cycle is counted as
 * `invalid` and passed on untouched. A flush (seek) restarts the coherence
 * state. The element does not hold buffers back, so it adds no latency.
 *
 * The default tier, `auto`, takes the tier that fits the width of the
 * first cycle's node frame: `canonical56` for the 56-bin canonical frames
 * of `rvphasealign`.  A forced tier that does not fit (`ht20` on 56-bin
 * frames, RuView's dead gate) makes every estimate fail with a subcarrier
 * mismatch and the coherence pass through; the first mismatch posts a
 * warning message.
 *
 * The defaults are RuView's estimator, bit for bit. Two opt-in settings make
 * it faster and change its floats:
 *
 * * #GstRvCirGate:fft-ista applies the sensing matrix by length-G FFTs of
 *   the project's own (3 to 30 times faster than the dense products). The
 *   results differ from the dense path in their last bits, but they are
 *   reproducible: the same bits on every run, in every element instance and
 *   thread, on every instruction-set path, and across machines wherever the
 *   dense path gives the same bits.
 * * #GstRvCirGate:solver `fista` adds momentum with restarts; with a
 *   #GstRvCirGate:tolerance a frame stops when it has converged (about 30
 *   iterations reach what ISTA reaches in 100).
 *
 * What either changes: the taps and every feature of the CIR meta, the
 * blended coherence written to the fused record (and what is published
 * from it), and the CIR proof hash of the taps. What it does not change:
 * the gate decisions (they come from the fused amplitudes) and the witness
 * of `rvwitness` (the engine computes it from the node records, it reads
 * neither the CIR nor the blended coherence); an A/B trial with `rvcompare`
 * shows the difference cycle by cycle.
 *
 * ## Messages
 *
 * With `post-messages` (the default), an element message named `rvcirgate`
 * every `message-interval` (1 s by default; 0 = every cycle) of stream
 * time, and at EOS for the last one, with:
 *
 * * #GstClockTime `timestamp`, `stream-time`, `running-time`, `duration`:
 *   the interval (its first cycle's PTS, its span)
 * * #guint64 `cycles`, #guint64 `gaps`: cycles analysed and gap cycles
 * * #guint64 `estimates`, #guint64 `errors`: CIR estimates made and failed
 * * #guint64 `accept`, `predict-only`, `reject`, `recalibrate`: the gate
 *   decisions of the interval
 *
 * and, when a cycle was analysed, the fields of the last one:
 *
 * * #guint64 `cycle`: the fused cycle counter
 * * #guint `dominant-tap-idx`: index of the strongest tap
 * * #gfloat `dominant-tap-ratio`: share of |x| in the ±1-bin window around it
 * * #gfloat `coherence`: `cross_node_coherence` as written to the record
 * * #gfloat `freq-coherence`: the fused attention-weight coherence
 * * #gboolean `blended`: whether `coherence` is the CIR blend
 * * #gchararray `decision`: `accept`, `predict_only`, `reject` or `recalibrate`
 * * #gfloat `coherence-score`: the coherence state's score
 * * #guint64 `stale-count`: cycles since the score last reached `coherence-accept`
 * * #gchararray `drift-profile`: `stable`, `linear` or `step_change`
 * * #guint `active-tap-count`, #gboolean `ranging-valid`,
 *   #gdouble `rms-delay-spread` (seconds), #guint `iters-used`,
 *   #gfloat `residual`: the other CIR features (0 when no estimate)
 * * #gchararray `error`: only when there is no estimate: the estimator's
 *   error (`subcarrier_mismatch`, `unsanitized_phase`, …) or `no_input`
 *   (the cycle carries no canonical node record)
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvmetaconvert detail=summary ! fakesink
 * ]| The synthetic room, fused at 20 Hz, with the CIR gate and the coherence
 * gate decision on every cycle.
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! rvcirgate fft-ista=true ! rvmetaconvert ! filesink location=gate.jsonl
 * ]| The same with the FFT operator (different float bits), writing the
 * taps too.
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! rvcirgate fft-ista=true solver=fista tolerance=0.003 ! rvmetaconvert detail=summary ! fakesink
 * ]| The fastest settings: the FFT operator and FISTA stopping at about
 * ISTA's 100-iteration result.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstruviewelements.h"
#include "gstrvcirgate.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvcirmeta-private.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvmessage.h"
#include "gst/ruview/rvgatemeta-private.h"
#include "ruview/cir.h"
#include "ruview/coherence.h"
#include "ruview/gate.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_cir_gate_debug);
#define GST_CAT_DEFAULT gst_rv_cir_gate_debug

#define DEFAULT_TIER              GST_RV_CIR_TIER_AUTO
#define DEFAULT_USE_CIR_GATE      TRUE
#define DEFAULT_FFT_ISTA          FALSE
#define DEFAULT_SOLVER            GST_RV_SOLVER_ISTA
#define DEFAULT_TOLERANCE         1e-4f
#define DEFAULT_MAX_ITERS         100
#define DEFAULT_LAMBDA            (-1.0f)
#define DEFAULT_COHERENCE_ACCEPT  0.85f
#define DEFAULT_COHERENCE_REJECT  0.5f
#define DEFAULT_MAX_STALE         200

#define MAX_ITERS_LIMIT           100000

G_STATIC_ASSERT ((int) GST_RV_CIR_TIER_HT20 == (int) RV_CIR_TIER_HT20);
G_STATIC_ASSERT ((int) GST_RV_CIR_TIER_CANONICAL56 ==
    (int) RV_CIR_TIER_CANONICAL56);
G_STATIC_ASSERT ((int) GST_RV_CIR_TIER_HT40 == (int) RV_CIR_TIER_HT40);
G_STATIC_ASSERT ((int) GST_RV_CIR_TIER_HE20 == (int) RV_CIR_TIER_HE20);
G_STATIC_ASSERT ((int) GST_RV_CIR_TIER_HE40 == (int) RV_CIR_TIER_HE40);
G_STATIC_ASSERT ((int) GST_RV_SOLVER_ISTA == (int) RV_CIR_SOLVER_ISTA);
G_STATIC_ASSERT ((int) GST_RV_SOLVER_FISTA == (int) RV_CIR_SOLVER_FISTA);

enum
{
  PROP_0,
  PROP_TIER,
  PROP_USE_CIR_GATE,
  PROP_FFT_ISTA,
  PROP_SOLVER,
  PROP_TOLERANCE,
  PROP_MAX_ITERS,
  PROP_LAMBDA,
  PROP_COHERENCE_ACCEPT,
  PROP_COHERENCE_REJECT,
  PROP_MAX_STALE,
  PROP_STATS,
};

/* error counters by kind */
enum
{
  ERR_SUBCARRIER_MISMATCH,
  ERR_UNSANITIZED_PHASE,
  ERR_NO_ROWS,
  ERR_OTHER,
  N_ERR
};

/* Locking: the property fields and the counters are protected by the object
 * lock.  tier, fft-ista, solver, tolerance, max-iters, lambda and the gate
 * policy properties are latched in start(); use-cir-gate is read per buffer.  The DSP state (estimator, workspace, taps pool, coherence state,
 * policy) belongs to the streaming thread between start() and stop().
 * Messages are posted with no lock held. */
/* the last analysed cycle, for the interval's message */
typedef struct
{
  guint64 cycle;
  gboolean have_input, blended, have_gate;
  RvCirError err;
  RvCir cir;
  gfloat coherence, freq, score;
  guint64 stale;
  RvDriftProfile drift;
  RvGateDecisionKind decision;
} LastCycle;

struct _GstRvCirGate
{
  GstRvFusedAnalyzer parent;

  GstRvCirTier tier;
  gboolean use_cir_gate;
  gboolean fft_ista;
  GstRvSolver solver;
  gfloat tolerance;
  guint max_iters;
  gfloat lambda;
  gfloat coherence_accept, coherence_reject;
  guint64 max_stale;

  /* < private > DSP state */
  RvCirTier w_tier;
  gboolean w_auto;              /* tier=auto, the tier not chosen yet */
  gboolean warned_mismatch;     /* the frames do not fit the tier: said */
  gboolean w_fft;
  RvCirSolver w_solver;
  gfloat w_tolerance;
  gfloat w_accept;
  gfloat w_lambda;
  guint w_max_iters;
  RvCirEstimator *est;
  RvCirWorkspace *ws;
  GstBufferPool *taps_pool;     /* buffers of 2·G floats for the CIR meta */
  RvCoherenceState *coh;
  gsize coh_bins;
  RvGatePolicy policy;
  LastCycle last;
  guint64 iv_estimates, iv_errors, iv_decisions[4];

  /* statistics, object lock */
  guint64 st_estimates, st_blended, st_no_input, st_errors[N_ERR],
      st_decisions[4];
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

#define gst_rv_cir_gate_parent_class parent_class
G_DEFINE_TYPE (GstRvCirGate, gst_rv_cir_gate, GST_TYPE_RV_FUSED_ANALYZER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvcirgate, "rvcirgate",
    GST_RANK_NONE, GST_TYPE_RV_CIR_GATE,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_cir_gate_debug, "rvcirgate", 0,
        "RuView CIR and coherence gate"));

static void gst_rv_cir_gate_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_cir_gate_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_cir_gate_finalize (GObject * object);
static gboolean gst_rv_cir_gate_start (GstBaseTransform * trans);
static gboolean gst_rv_cir_gate_stop (GstBaseTransform * trans);
static gboolean gst_rv_cir_gate_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstFlowReturn gst_rv_cir_gate_analyze (GstRvFusedAnalyzer * analyzer,
    GstBuffer * buf, GstRvFusedCycle * cycle);
static void gst_rv_cir_gate_fill_message (GstRvFusedAnalyzer * analyzer,
    GstStructure * s, guint64 analyzed);

static void
gst_rv_cir_gate_class_init (GstRvCirGateClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstRvFusedAnalyzerClass *analyzer_class = GST_RV_FUSED_ANALYZER_CLASS (klass);

  gobject_class->set_property = gst_rv_cir_gate_set_property;
  gobject_class->get_property = gst_rv_cir_gate_get_property;
  gobject_class->finalize = gst_rv_cir_gate_finalize;

  /**
   * GstRvCirGate:tier:
   *
   * The subcarrier layout the CIR is estimated on.  `auto` (the default)
   * takes the tier that fits the width of the first cycle's node frame
   * (56 bins → canonical56, 52 or 64 → ht20, 114 or 128 → ht40, 242 or 256
   * → he20, 484 or 512 → he40).  A forced tier that does not fit the
   * frames makes every estimate fail (the coherence passes unchanged); the
   * element says so once with a warning message.
   */
  g_object_class_install_property (gobject_class, PROP_TIER,
      g_param_spec_enum ("tier", "Tier",
          "CIR estimator tier (bandwidth, grid, active subcarriers, taps); "
          "auto = the one that fits the width of the node frames",
          GST_TYPE_RV_CIR_TIER, DEFAULT_TIER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:use-cir-gate:
   *
   * Blend the fused record's cross-node coherence with the CIR's dominant
   * tap ratio (0.7 × coherence + 0.3 × ratio); the CIR meta is attached
   * either way. Can be changed while playing.
   */
  g_object_class_install_property (gobject_class, PROP_USE_CIR_GATE,
      g_param_spec_boolean ("use-cir-gate", "Use CIR gate",
          "Blend the cross-node coherence with the dominant tap ratio "
          "(0.7·coherence + 0.3·ratio); the CIR meta is attached either way",
          DEFAULT_USE_CIR_GATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvCirGate:fft-ista:
   *
   * Apply Φ and Φᴴ (and the warm start's Φᴴy) by length-G FFTs instead of
   * the dense products. Faster, reproducible (the same bits on every run,
   * instance, thread and ISA path), but not bit-identical to the dense
   * path: the taps, the CIR features, the blended coherence written to the
   * fused record and the CIR proof hash change; the gate decisions and
   * rvwitness's witness do not.
   */
  g_object_class_install_property (gobject_class, PROP_FFT_ISTA,
      g_param_spec_boolean ("fft-ista", "FFT ISTA",
          "Apply the sensing matrix by FFTs: 3-30x faster, reproducible, but "
          "it changes the taps, features and blended coherence (not the "
          "witness)", DEFAULT_FFT_ISTA,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:solver:
   *
   * `ista` is RuView's solver (bit-exact on the dense path). `fista` adds
   * Nesterov momentum, dropped whenever a step points against it (gradient
   * restart); it reaches ISTA's 100-iteration result in about 30 iterations,
   * and with #GstRvCirGate:tolerance it stops there on its own. It changes
   * the same things as #GstRvCirGate:fft-ista, with either operator.
   */
  g_object_class_install_property (gobject_class, PROP_SOLVER,
      g_param_spec_enum ("solver", "Solver",
          "ista (RuView's, bit-exact) or fista (momentum with restart: "
          "converges in ~3x fewer iterations, changes the taps and features)",
          GST_TYPE_RV_SOLVER, DEFAULT_SOLVER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:tolerance:
   *
   * A frame's iterations stop when the relative size of the last step,
   * ‖x − x_prev‖ / ‖x_prev‖, falls below this value. RuView's 1e-4 is never
   * reached by ISTA (every frame runs max-iters); with `fista`, 3e-3 stops
   * about where ISTA's 100 iterations end. A value other than the default
   * can end frames early and so changes the taps and features.
   */
  g_object_class_install_property (gobject_class, PROP_TOLERANCE,
      g_param_spec_float ("tolerance", "Tolerance",
          "Stop a frame when its relative step falls below this "
          "(dimensionless; RuView's 1e-4 is never reached by ista)",
          0.0f, 1.0f, DEFAULT_TOLERANCE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:max-iters:
   *
   * The most solver (ISTA) iterations per CIR estimate.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_ITERS,
      g_param_spec_uint ("max-iters", "Maximum iterations",
          "Most solver iterations per estimate (every tier's default is 100)",
          1, MAX_ITERS_LIMIT, DEFAULT_MAX_ITERS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:lambda:
   *
   * The L1 weight λ. -1 uses the tier's value (0.08 for ht20, canonical56
   * and ht40, 0.18 for he20, 0.02 for he40); other negative values are
   * rejected when the element starts.
   */
  g_object_class_install_property (gobject_class, PROP_LAMBDA,
      g_param_spec_float ("lambda", "Lambda",
          "L1 sparsity weight of ISTA (-1 = the tier's default)",
          -1.0f, G_MAXFLOAT, DEFAULT_LAMBDA,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT));
  /**
   * GstRvCirGate:coherence-accept:
   *
   * The coherence score at or above which the gate accepts a cycle and the
   * coherence state updates its reference.
   */
  g_object_class_install_property (gobject_class, PROP_COHERENCE_ACCEPT,
      g_param_spec_float ("coherence-accept", "Coherence accept",
          "Coherence score at or above which the gate accepts and the "
          "coherence state updates its reference", 0.0f, 1.0f,
          DEFAULT_COHERENCE_ACCEPT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:coherence-reject:
   *
   * The coherence score below which the gate rejects a cycle (between it and
   * `coherence-accept`: predict only). It must not exceed `coherence-accept`.
   */
  g_object_class_install_property (gobject_class, PROP_COHERENCE_REJECT,
      g_param_spec_float ("coherence-reject", "Coherence reject",
          "Coherence score below which the gate rejects (between reject "
          "and accept: predict only)", 0.0f, 1.0f, DEFAULT_COHERENCE_REJECT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:max-stale:
   *
   * The cycles without an accepted score after which the gate decides
   * `recalibrate`.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_STALE,
      g_param_spec_uint64 ("max-stale", "Maximum stale cycles",
          "Cycles without an accepted score after which the gate asks for "
          "recalibration", 0, G_MAXUINT64, DEFAULT_MAX_STALE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCirGate:stats:
   *
   * Counters since start, an `rvcirgate-stats` structure of guint64 fields:
   * `cycles`, `gaps`, `invalid`, `estimates`, `blended`, `no-input`, `errors`
   * and the errors by kind (`subcarrier-mismatch`, `unsanitized-phase`,
   * `no-rows`, `other-errors`), and the gate decisions (`accept`,
   * `predict-only`, `reject`, `recalibrate`).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: cycles, gaps, invalid, estimates, blended, no-input, "
          "errors and errors by kind (subcarrier-mismatch, "
          "unsanitized-phase, no-rows, other-errors), and gate decisions "
          "(accept, predict-only, reject, recalibrate)", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView CIR and coherence gate", "Filter/Analyzer",
      "Estimates the channel impulse response of each fused cycle, blends "
      "the cross-node coherence with it and decides the coherence gate",
      "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_cir_gate_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_cir_gate_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_rv_cir_gate_sink_event);
  analyzer_class->message_name = "rvcirgate";
  analyzer_class->writes_record = TRUE;
  analyzer_class->analyze = GST_DEBUG_FUNCPTR (gst_rv_cir_gate_analyze);
  analyzer_class->fill_message =
      GST_DEBUG_FUNCPTR (gst_rv_cir_gate_fill_message);

  gst_type_mark_as_plugin_api (GST_TYPE_RV_CIR_TIER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_SOLVER, 0);
}

static void
gst_rv_cir_gate_init (GstRvCirGate * self)
{
  self->tier = DEFAULT_TIER;
  self->use_cir_gate = DEFAULT_USE_CIR_GATE;
  self->fft_ista = DEFAULT_FFT_ISTA;
  self->solver = DEFAULT_SOLVER;
  self->tolerance = DEFAULT_TOLERANCE;
  self->max_iters = DEFAULT_MAX_ITERS;
  self->lambda = DEFAULT_LAMBDA;
  self->coherence_accept = DEFAULT_COHERENCE_ACCEPT;
  self->coherence_reject = DEFAULT_COHERENCE_REJECT;
  self->max_stale = DEFAULT_MAX_STALE;
  rv_gate_policy_default (&self->policy);
}

static void
free_dsp_state (GstRvCirGate * self)
{
  if (self->taps_pool) {
    /* buffers still referenced by metas downstream keep the pool alive and
     * are freed when they come back */
    gst_buffer_pool_set_active (self->taps_pool, FALSE);
    gst_clear_object (&self->taps_pool);
  }
  if (self->ws) {
    rv_cir_workspace_free (self->ws);
    self->ws = NULL;
  }
  if (self->est) {
    rv_cir_estimator_free (self->est);
    self->est = NULL;
  }
  if (self->coh) {
    rv_coherence_state_free (self->coh);
    self->coh = NULL;
  }
  self->coh_bins = 0;
}

static void
gst_rv_cir_gate_finalize (GObject * object)
{
  free_dsp_state (GST_RV_CIR_GATE (object));
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static GstBufferPool *
make_taps_pool (gsize n_taps)
{
  GstBufferPool *pool = gst_buffer_pool_new ();
  GstStructure *config = gst_buffer_pool_get_config (pool);
  GstAllocationParams params;

  gst_allocation_params_init (&params);
  params.align = 31;
  gst_buffer_pool_config_set_params (config, NULL,
      (guint) (2 * n_taps * sizeof (gfloat)), 2, 0);
  gst_buffer_pool_config_set_allocator (config, NULL, &params);
  if (!gst_buffer_pool_set_config (pool, config)
      || !gst_buffer_pool_set_active (pool, TRUE)) {
    gst_object_unref (pool);
    return NULL;
  }
  return pool;
}

/* Start, or the first cycle of tier=auto: the estimator, its workspace and
 * the taps pool for tier (the lambda and max-iters latched at start).
 * FALSE (an error posted) when they cannot be made. */
static gboolean
build_estimator (GstRvCirGate * self, RvCirTier tier)
{
  RvCirConfig cfg;
  RvCirError err = RV_CIR_OK;

  if (self->taps_pool) {
    gst_buffer_pool_set_active (self->taps_pool, FALSE);
    gst_clear_object (&self->taps_pool);
  }
  g_clear_pointer (&self->ws, rv_cir_workspace_free);
  g_clear_pointer (&self->est, rv_cir_estimator_free);
  self->w_tier = tier;
  rv_cir_config_init (&cfg, tier);
  cfg.max_iters = self->w_max_iters;
  if (self->w_lambda != DEFAULT_LAMBDA)
    cfg.lambda = self->w_lambda;
  cfg.fft_operator = self->w_fft;
  cfg.solver = self->w_solver;
  cfg.tolerance = self->w_tolerance;
  self->est = rv_cir_estimator_new (&cfg, &err);
  if (!self->est) {
    if (err == RV_CIR_ERROR_OUT_OF_MEMORY)
      GST_ELEMENT_ERROR (self, LIBRARY, INIT,
          (_("Could not set up the CIR estimator.")),
          ("tier %s, fft-ista %d: %s", rv_cir_tier_name (tier),
              self->w_fft, rv_cir_error_str (err)));
    else
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("Invalid CIR estimator settings.")),
          ("tier %s, lambda %g, max-iters %u: %s",
              rv_cir_tier_name (tier), (gdouble) cfg.lambda,
              self->w_max_iters, rv_cir_error_str (err)));
    return FALSE;
  }
  self->ws = rv_cir_workspace_new (self->est);
  if (!self->ws) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT,
        (_("Could not set up the CIR estimator.")),
        ("workspace allocation failed"));
    free_dsp_state (self);
    return FALSE;
  }
  self->taps_pool = make_taps_pool (rv_cir_estimator_num_taps (self->est));
  if (!self->taps_pool)
    GST_WARNING_OBJECT (self, "no taps pool: the CIR meta carries no taps");

  GST_INFO_OBJECT (self, "tier %s (G %" G_GSIZE_FORMAT ", lambda %g, "
      "max-iters %u), %s operator", rv_cir_tier_name (tier),
      rv_cir_estimator_num_taps (self->est), (gdouble) cfg.lambda,
      cfg.max_iters, self->w_fft ? "FFT" : "dense");
  return TRUE;
}

static gboolean
gst_rv_cir_gate_start (GstBaseTransform * trans)
{
  GstRvCirGate *self = GST_RV_CIR_GATE (trans);
  gfloat lambda, reject, tolerance;
  guint max_iters;
  guint64 max_stale;
  GstRvSolver solver;

  GST_OBJECT_LOCK (self);
  self->w_tier = (RvCirTier) self->tier;
  self->w_fft = self->fft_ista;
  self->w_accept = self->coherence_accept;
  reject = self->coherence_reject;
  max_stale = self->max_stale;
  lambda = self->lambda;
  max_iters = self->max_iters;
  solver = self->solver;
  tolerance = self->tolerance;
  self->st_estimates = self->st_blended = self->st_no_input = 0;
  memset (self->st_errors, 0, sizeof (self->st_errors));
  memset (self->st_decisions, 0, sizeof (self->st_decisions));
  GST_OBJECT_UNLOCK (self);

  free_dsp_state (self);

  if (!rv_gate_policy_init (&self->policy, self->w_accept, reject, max_stale)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("The coherence reject threshold is above the accept threshold.")),
        ("coherence-reject %g > coherence-accept %g", (gdouble) reject,
            (gdouble) self->w_accept));
    return FALSE;
  }

  /* auto: canonical56 until the first node frame says otherwise (built
   * now all the same, so impossible settings fail the start) */
  self->w_auto = self->w_tier == (RvCirTier) GST_RV_CIR_TIER_AUTO;
  if (self->w_auto)
    self->w_tier = RV_CIR_TIER_CANONICAL56;
  self->warned_mismatch = FALSE;
  self->w_lambda = lambda;
  self->w_max_iters = max_iters;
  self->w_solver = (RvCirSolver) solver;
  self->w_tolerance = tolerance;
  if (!build_estimator (self, self->w_tier))
    return FALSE;
  memset (&self->last, 0, sizeof (self->last));
  self->iv_estimates = self->iv_errors = 0;
  memset (self->iv_decisions, 0, sizeof (self->iv_decisions));
  return GST_BASE_TRANSFORM_CLASS (parent_class)->start (trans);
}

static gboolean
gst_rv_cir_gate_stop (GstBaseTransform * trans)
{
  free_dsp_state (GST_RV_CIR_GATE (trans));
  return TRUE;
}

/* A flush (seek) forgets the coherence history: the next cycle initialises
 * the state again.  FLUSH_STOP is serialised with the streaming thread. */
static gboolean
gst_rv_cir_gate_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstRvCirGate *self = GST_RV_CIR_GATE (trans);

  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP) {
    GST_DEBUG_OBJECT (self, "flush: coherence state and gate reset");
    if (self->coh) {
      rv_coherence_state_free (self->coh);
      self->coh = NULL;
    }
    self->coh_bins = 0;
    rv_gate_policy_reset (&self->policy);
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

/* Streaming thread: (re)creates the coherence state for n bins. */
static gboolean
ensure_coherence_state (GstRvCirGate * self, gsize n_bins)
{
  RvCoherenceError cerr = RV_COHERENCE_OK;

  if (self->coh && self->coh_bins == n_bins)
    return TRUE;
  if (self->coh) {
    GST_INFO_OBJECT (self, "fused bins %" G_GSIZE_FORMAT " → %" G_GSIZE_FORMAT
        ": coherence state restarts", self->coh_bins, n_bins);
    rv_coherence_state_free (self->coh);
  }
  self->coh = rv_coherence_state_new (n_bins, self->w_accept, &cerr);
  self->coh_bins = self->coh ? n_bins : 0;
  if (!self->coh)
    GST_WARNING_OBJECT (self, "coherence state for %" G_GSIZE_FORMAT
        " bins: %s", n_bins, rv_coherence_error_str (cerr));
  return self->coh != NULL;
}

/* Streaming thread: estimate on node record 0, channel 0.  Returns FALSE
 * when the cycle carries no canonical node record.  *taps_out: a pool
 * buffer holding the taps (or NULL). */
static gboolean
estimate_first_node (GstRvCirGate * self, const GstRvFusedCycle * cycle,
    RvCir * cir, RvCirError * err, GstBuffer ** taps_out)
{
  const RvCsiFrame *f = &cycle->nodes[0];
  GstMapInfo tmap;
  GstBuffer *taps = NULL;
  gfloat *taps_ptr = NULL;

  *taps_out = NULL;
  if (cycle->n_node_records < 1 || f->layout != RV_LAYOUT_CANONICAL)
    return FALSE;
  if (self->taps_pool && gst_buffer_pool_acquire_buffer (self->taps_pool,
          &taps, NULL) == GST_FLOW_OK) {
    if (gst_buffer_map (taps, &tmap, GST_MAP_WRITE))
      taps_ptr = (gfloat *) tmap.data;
    else
      gst_clear_buffer (&taps);
  }
  *err = rv_cir_estimate_polar (self->est, self->ws, rv_csi_amplitude (f, 0),
      f->dim1, rv_csi_phase (f, 0), f->dim1, taps_ptr, cir);
  if (taps) {
    gst_buffer_unmap (taps, &tmap);
    if (*err == RV_CIR_OK)
      *taps_out = taps;
    else
      gst_buffer_unref (taps);
  }
  return TRUE;
}

/* Streaming thread, tier=auto: the first canonical node frame decides the
 * tier (once).  FALSE (an error posted) when its estimator cannot be made. */
static gboolean
choose_tier (GstRvCirGate * self, const GstRvFusedCycle * cycle)
{
  const RvCsiFrame *f = &cycle->nodes[0];
  RvCirTier tier;

  if (!self->w_auto || cycle->n_node_records < 1
      || f->layout != RV_LAYOUT_CANONICAL)
    return TRUE;
  self->w_auto = FALSE;
  if (!rv_cir_tier_for_width (f->dim1, &tier)) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        (_("No CIR tier takes node frames %u bins wide: every estimate will "
                "fail and the coherence passes through unchanged."),
            f->dim1), ("tier=auto, frames of %u bins; kept %s", f->dim1,
            rv_cir_tier_name (self->w_tier)));
    self->warned_mismatch = TRUE;
    return TRUE;
  }
  GST_INFO_OBJECT (self, "tier auto: %s for %u-bin frames",
      rv_cir_tier_name (tier), f->dim1);
  return tier == self->w_tier || build_estimator (self, tier);
}

/* Streaming thread: a forced tier that does not fit the frames fails every
 * estimate; say so once */
static void
warn_mismatch (GstRvCirGate * self, const RvCir * cir)
{
  if (self->warned_mismatch)
    return;
  self->warned_mismatch = TRUE;
  GST_ELEMENT_WARNING (self, STREAM, FORMAT,
      (_("The CIR tier %s takes frames %" G_GSIZE_FORMAT " bins wide, the "
              "node frames have %" G_GSIZE_FORMAT ": every estimate fails and "
              "the coherence passes through unchanged. Use tier=auto."),
          rv_cir_tier_name (self->w_tier), cir->expected_cols,
          cir->got_cols), ("subcarrier mismatch on every cycle"));
}

static guint
error_slot (RvCirError err)
{
  switch (err) {
    case RV_CIR_ERROR_SUBCARRIER_MISMATCH:
      return ERR_SUBCARRIER_MISMATCH;
    case RV_CIR_ERROR_UNSANITIZED_PHASE:
      return ERR_UNSANITIZED_PHASE;
    case RV_CIR_ERROR_NO_ROWS:
      return ERR_NO_ROWS;
    default:
      return ERR_OTHER;
  }
}

static GstFlowReturn
gst_rv_cir_gate_analyze (GstRvFusedAnalyzer * analyzer, GstBuffer * buf,
    GstRvFusedCycle * cycle)
{
  GstRvCirGate *self = GST_RV_CIR_GATE (analyzer);
  RvFusedRecord *rec = &cycle->record;
  LastCycle *l = &self->last;
  gboolean use_gate;
  GstBuffer *taps = NULL;
  RvCoherenceError cerr = RV_COHERENCE_OK;
  RvGateDecision decision;

  if (!self->est) {
    GST_ELEMENT_ERROR (self, CORE, FAILED, (NULL), ("not started"));
    return GST_FLOW_ERROR;
  }
  GST_OBJECT_LOCK (self);
  use_gate = self->use_cir_gate;
  GST_OBJECT_UNLOCK (self);

  memset (l, 0, sizeof (*l));
  l->cycle = rec->cycle;
  l->err = RV_CIR_OK;
  l->drift = RV_DRIFT_STABLE;

  /* 1. CIR of the first node's first channel (cir.md §6) */
  if (!choose_tier (self, cycle))
    return GST_FLOW_ERROR;
  l->have_input = estimate_first_node (self, cycle, &l->cir, &l->err, &taps);
  if (l->have_input && l->err == RV_CIR_ERROR_SUBCARRIER_MISMATCH)
    warn_mismatch (self, &l->cir);

  /* 2. the blend; any failure leaves freq_coherence (cir.md §6 step 3) */
  l->freq = rec->freq_coherence;
  if (use_gate) {
    if (l->have_input && l->err == RV_CIR_OK) {
      rec->cross_node_coherence =
          rv_cir_gate_blend (l->freq, l->cir.dominant_tap_ratio);
      l->blended = TRUE;
    } else {
      rec->cross_node_coherence = l->freq;
    }
  }
  l->coherence = rec->cross_node_coherence;

  /* 3. coherence state and gate decision (frontend.md §8) */
  memset (&decision, 0, sizeof (decision));
  if (ensure_coherence_state (self, rec->n_bins)) {
    cerr = rv_coherence_state_update (self->coh, rec->fused_amplitude,
        rec->n_bins, &l->score);
    if (cerr == RV_COHERENCE_OK) {
      l->stale = rv_coherence_state_stale_count (self->coh);
      l->drift = rv_coherence_state_drift_profile (self->coh);
      decision = rv_gate_policy_evaluate (&self->policy, l->score, l->stale);
      l->decision = decision.kind;
      l->have_gate = TRUE;
    } else {
      GST_WARNING_OBJECT (self, "coherence update: %s",
          rv_coherence_error_str (cerr));
    }
  }

  if (l->have_input)
    gst_buffer_add_rv_cir_meta (buf, self->w_tier, self->w_fft, self->w_solver,
        l->blended, l->err, &l->cir, taps);
  if (l->have_gate)
    gst_buffer_add_rv_gate_meta (buf, l->score, l->stale, l->drift,
        &decision);
  if (taps)
    gst_buffer_unref (taps);
  /* the taps live in the meta's buffer, not in the message */
  l->cir.taps = NULL;

  if (l->have_input && l->err == RV_CIR_OK)
    self->iv_estimates++;
  else if (l->have_input)
    self->iv_errors++;
  if (l->have_gate && (guint) l->decision < G_N_ELEMENTS (self->iv_decisions))
    self->iv_decisions[l->decision]++;

  GST_OBJECT_LOCK (self);
  if (!l->have_input)
    self->st_no_input++;
  else if (l->err == RV_CIR_OK)
    self->st_estimates++;
  else
    self->st_errors[error_slot (l->err)]++;
  if (l->blended)
    self->st_blended++;
  if (l->have_gate && (guint) l->decision < G_N_ELEMENTS (self->st_decisions))
    self->st_decisions[l->decision]++;
  GST_OBJECT_UNLOCK (self);

  if (l->have_input && l->err != RV_CIR_OK)
    GST_LOG_OBJECT (self, "cycle %" G_GUINT64_FORMAT ": CIR failed (%s), "
        "coherence passed through", l->cycle, rv_cir_error_str (l->err));
  else if (!l->have_input)
    GST_LOG_OBJECT (self, "cycle %" G_GUINT64_FORMAT ": no canonical node "
        "record", l->cycle);
  return GST_FLOW_OK;
}

static void
gst_rv_cir_gate_fill_message (GstRvFusedAnalyzer * analyzer, GstStructure * s,
    guint64 analyzed)
{
  GstRvCirGate *self = GST_RV_CIR_GATE (analyzer);
  const LastCycle *l = &self->last;

  gst_structure_set (s,
      "estimates", G_TYPE_UINT64, self->iv_estimates,
      "errors", G_TYPE_UINT64, self->iv_errors,
      "accept", G_TYPE_UINT64, self->iv_decisions[RV_GATE_ACCEPT],
      "predict-only", G_TYPE_UINT64, self->iv_decisions[RV_GATE_PREDICT_ONLY],
      "reject", G_TYPE_UINT64, self->iv_decisions[RV_GATE_REJECT],
      "recalibrate", G_TYPE_UINT64, self->iv_decisions[RV_GATE_RECALIBRATE],
      NULL);
  self->iv_estimates = self->iv_errors = 0;
  memset (self->iv_decisions, 0, sizeof (self->iv_decisions));
  if (analyzed == 0)
    return;
  gst_structure_set (s,
      "cycle", G_TYPE_UINT64, l->cycle,
      "dominant-tap-idx", G_TYPE_UINT, (guint) l->cir.dominant_tap_idx,
      "dominant-tap-ratio", G_TYPE_FLOAT, l->cir.dominant_tap_ratio,
      "coherence", G_TYPE_FLOAT, l->coherence,
      "freq-coherence", G_TYPE_FLOAT, l->freq,
      "blended", G_TYPE_BOOLEAN, l->blended, NULL);
  if (l->have_gate)
    gst_structure_set (s,
        "decision", G_TYPE_STRING, gst_rv_gate_decision_nick (l->decision),
        "coherence-score", G_TYPE_FLOAT, l->score,
        "stale-count", G_TYPE_UINT64, l->stale,
        "drift-profile", G_TYPE_STRING, gst_rv_drift_profile_nick (l->drift),
        NULL);
  gst_structure_set (s,
      "active-tap-count", G_TYPE_UINT, (guint) l->cir.active_tap_count,
      "ranging-valid", G_TYPE_BOOLEAN, (gboolean) l->cir.ranging_valid,
      "rms-delay-spread", G_TYPE_DOUBLE, l->cir.rms_delay_spread_s,
      "iters-used", G_TYPE_UINT, (guint) l->cir.iters_used,
      "residual", G_TYPE_FLOAT, l->cir.residual, NULL);
  if (!l->have_input || l->err != RV_CIR_OK)
    gst_structure_set (s, "error", G_TYPE_STRING, !l->have_input ? "no_input"
        : gst_rv_cir_error_nick (l->err), NULL);
}

static void
gst_rv_cir_gate_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvCirGate *self = GST_RV_CIR_GATE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TIER:
      self->tier = g_value_get_enum (value);
      break;
    case PROP_USE_CIR_GATE:
      self->use_cir_gate = g_value_get_boolean (value);
      break;
    case PROP_FFT_ISTA:
      self->fft_ista = g_value_get_boolean (value);
      break;
    case PROP_SOLVER:
      self->solver = (GstRvSolver) g_value_get_enum (value);
      break;
    case PROP_TOLERANCE:
      self->tolerance = g_value_get_float (value);
      break;
    case PROP_MAX_ITERS:
      self->max_iters = g_value_get_uint (value);
      break;
    case PROP_LAMBDA:
      self->lambda = g_value_get_float (value);
      break;
    case PROP_COHERENCE_ACCEPT:
      self->coherence_accept = g_value_get_float (value);
      break;
    case PROP_COHERENCE_REJECT:
      self->coherence_reject = g_value_get_float (value);
      break;
    case PROP_MAX_STALE:
      self->max_stale = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_cir_gate_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvCirGate *self = GST_RV_CIR_GATE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TIER:
      g_value_set_enum (value, self->tier);
      break;
    case PROP_USE_CIR_GATE:
      g_value_set_boolean (value, self->use_cir_gate);
      break;
    case PROP_FFT_ISTA:
      g_value_set_boolean (value, self->fft_ista);
      break;
    case PROP_SOLVER:
      g_value_set_enum (value, self->solver);
      break;
    case PROP_TOLERANCE:
      g_value_set_float (value, self->tolerance);
      break;
    case PROP_MAX_ITERS:
      g_value_set_uint (value, self->max_iters);
      break;
    case PROP_LAMBDA:
      g_value_set_float (value, self->lambda);
      break;
    case PROP_COHERENCE_ACCEPT:
      g_value_set_float (value, self->coherence_accept);
      break;
    case PROP_COHERENCE_REJECT:
      g_value_set_float (value, self->coherence_reject);
      break;
    case PROP_MAX_STALE:
      g_value_set_uint64 (value, self->max_stale);
      break;
    case PROP_STATS:{
      guint64 errors = 0;
      GstStructure *st = gst_rv_fused_analyzer_stats_new
          (GST_RV_FUSED_ANALYZER (self), "rvcirgate-stats");
      guint i;
      for (i = 0; i < N_ERR; i++)
        errors += self->st_errors[i];
      gst_structure_set (st,
              "estimates", G_TYPE_UINT64, self->st_estimates,
              "blended", G_TYPE_UINT64, self->st_blended,
              "no-input", G_TYPE_UINT64, self->st_no_input,
              "errors", G_TYPE_UINT64, errors,
              "subcarrier-mismatch", G_TYPE_UINT64,
              self->st_errors[ERR_SUBCARRIER_MISMATCH],
              "unsanitized-phase", G_TYPE_UINT64,
              self->st_errors[ERR_UNSANITIZED_PHASE],
              "no-rows", G_TYPE_UINT64, self->st_errors[ERR_NO_ROWS],
              "other-errors", G_TYPE_UINT64, self->st_errors[ERR_OTHER],
              "accept", G_TYPE_UINT64, self->st_decisions[RV_GATE_ACCEPT],
              "predict-only", G_TYPE_UINT64,
              self->st_decisions[RV_GATE_PREDICT_ONLY],
              "reject", G_TYPE_UINT64, self->st_decisions[RV_GATE_REJECT],
              "recalibrate", G_TYPE_UINT64,
              self->st_decisions[RV_GATE_RECALIBRATE], NULL);
      g_value_take_boxed (value, st);
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
