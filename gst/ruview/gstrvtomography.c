/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvtomography
 * @title: rvtomography
 *
 * RF tomography of each fused cycle: the attenuation seen on
 * the links between sensor nodes is inverted into a voxel grid of densities
 * by projected ISTA, and the result is attached as a `GstRvOccupancyMeta`
 * (JSON key `occupancy` in `rvmetaconvert`). The fused frame itself passes
 * through unchanged (in place).
 *
 * Geometry: #GstRvTomography:node-positions gives each node id a position in
 * metres; nodes without a position are ignored. Links are the directed pairs
 * i→j (i ≠ j) of the nodes present in the cycle, in ascending node-id order
 * (i outer, j inner), as RuView orders them.
 *
 * Observations: each node learns a reference amplitude vector from its first
 * #GstRvTomography:baseline-cycles fused frames (the per-bin mean of its
 * canonical channel-0 amplitudes); afterwards its attenuation is the RMS
 * deviation of the current amplitudes from that reference, and link i→j
 * observes the mean of its two nodes' attenuations
 * (common/ruview/link_tomography.h). A node is present in a cycle when its
 * frame was fused and its reference is complete; absent nodes take no part
 * (their links are left out, nothing is invented); a fused node without a
 * position is ignored, with one element warning. The tomographer (weights,
 * Lipschitz constant, solver buffers) is built once per set of present nodes
 * and cached (8 sets), so a steady stream allocates nothing per cycle. A
 * cycle with fewer than two present nodes, or whose node set yields fewer
 * than #GstRvTomography:min-links links, gets no meta (counted in `stats`).
 * `GAP` buffers pass through untouched; a buffer that is not a valid fused
 * cycle is counted as `invalid` and passed on untouched.
 *
 * ## Messages
 *
 * With `post-messages` (the default), an element message named
 * `rvtomography` every `message-interval` (1 s by default) of stream time,
 * and at EOS for the last one, with the interval's `timestamp`,
 * `stream-time`, `running-time` and `duration`, then:
 *
 * * #guint64 `cycles`, #guint64 `gaps`: cycles analysed and gap cycles
 * * #guint64 `reconstructed`: cycles that got an occupancy meta
 * * and, when there was one, the last reconstruction: #guint
 *   `occupied-count` (voxels above 0.01), #guint `total-voxels`,
 *   #gdouble `residual`, #guint `iterations`, #guint `links`
 *
 * Two opt-in settings make the reconstruction converge faster and change its
 * floats (the occupancy meta; the witness of `rvwitness` does not read it):
 * #GstRvTomography:lipschitz `power` replaces the Frobenius step bound by a
 * power-method estimate, and #GstRvTomography:solver `fista` adds momentum
 * with restart, which reaches ISTA's 100-iteration objective within 30
 * iterations and stops on #GstRvTomography:tolerance well before
 * #GstRvTomography:max-iterations.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! rvtomography ! rvmetaconvert detail=summary ! fakesink
 * ]| Occupancy of the 4-node synthetic room (default node positions).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstruviewelements.h"
#include "gstrvtomography.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvoccupancymeta-private.h"
#include "ruview/link_tomography.h"
#include "ruview/room_geometry.h"
#include "ruview/sensing_features.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_tomography_debug);
#define GST_CAT_DEFAULT gst_rv_tomography_debug

#define DEFAULT_SYNTH_NODES     4       /* csisrc's default room */
#define DEFAULT_NX              8
#define DEFAULT_NY              8
#define DEFAULT_NZ              4
#define DEFAULT_BOUNDS          "0,0,0,6,6,3"
#define DEFAULT_LAMBDA          0.1
#define DEFAULT_MAX_ITERATIONS  100
#define DEFAULT_TOLERANCE       1e-4
#define DEFAULT_MIN_LINKS       8
#define DEFAULT_LIPSCHITZ       GST_RV_TOMOGRAPHY_LIPSCHITZ_FROBENIUS
#define DEFAULT_SOLVER          GST_RV_SOLVER_ISTA
#define DEFAULT_BASELINE_CYCLES 20

#define MAX_NODES  RV_LINK_TOMO_MAX_NODES
#define MAX_LINKS  (MAX_NODES * (MAX_NODES - 1))

enum
{
  PROP_0,
  PROP_NODE_POSITIONS,
  PROP_NX,
  PROP_NY,
  PROP_NZ,
  PROP_BOUNDS,
  PROP_LAMBDA,
  PROP_MAX_ITERATIONS,
  PROP_TOLERANCE,
  PROP_MIN_LINKS,
  PROP_LIPSCHITZ,
  PROP_SOLVER,
  PROP_BASELINE_CYCLES,
  PROP_STATS,
};

/* Lock order: stream lock → object lock.  prop_* are protected by the
 * object lock and latched into the working fields in start(); the streaming
 * thread then reads only working fields.  Counters are written by the
 * streaming thread under the object lock and read by the stats getter. */
struct _GstRvTomography
{
  GstRvFusedAnalyzer parent;

  gchar *prop_node_positions;
  guint prop_nx, prop_ny, prop_nz;
  gchar *prop_bounds;
  gdouble prop_lambda, prop_tolerance;
  guint prop_max_iterations, prop_min_links, prop_baseline_cycles;
  GstRvTomographyLipschitz prop_lipschitz;
  GstRvSolver prop_solver;

  /* < private > working state of the streaming thread */
  RvLinkTomography *tomo;
  guint n_pos;                  /* the geometry, for the occupancy meta */
  guint32 pos_ids[MAX_NODES];
  RvPosition3D pos[MAX_NODES];
  GstRvDensities *dens;
  gboolean warned_unknown;      /* a fused node without a position was seen */
  /* the last reconstruction and the interval's count, for the message */
  gboolean have_last;
  RvOccupancyVolume last;
  guint64 last_links, iv_reconstructed;

  /* statistics, object lock */
  guint64 st_reconstructed, st_learning, st_skipped, st_rebuilds, st_errors;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

#define gst_rv_tomography_parent_class parent_class
G_DEFINE_TYPE (GstRvTomography, gst_rv_tomography,
    GST_TYPE_RV_FUSED_ANALYZER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvtomography, "rvtomography",
    GST_RANK_NONE, GST_TYPE_RV_TOMOGRAPHY,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_tomography_debug, "rvtomography", 0,
        "RuView RF tomography"));

static void gst_rv_tomography_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_tomography_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_tomography_finalize (GObject * object);
static gboolean gst_rv_tomography_start (GstBaseTransform * trans);
static gboolean gst_rv_tomography_stop (GstBaseTransform * trans);
static GstFlowReturn gst_rv_tomography_analyze (GstRvFusedAnalyzer * analyzer,
    GstBuffer * buf, GstRvFusedCycle * cycle);
static void gst_rv_tomography_fill_message (GstRvFusedAnalyzer * analyzer,
    GstStructure * s, guint64 analyzed);

static gchar default_node_positions[RV_GEOMETRY_TEXT_MAX];

static void
gst_rv_tomography_class_init (GstRvTomographyClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstRvFusedAnalyzerClass *analyzer_class = GST_RV_FUSED_ANALYZER_CLASS (klass);

  gobject_class->set_property = gst_rv_tomography_set_property;
  gobject_class->get_property = gst_rv_tomography_get_property;
  gobject_class->finalize = gst_rv_tomography_finalize;

  rv_node_positions_synth_text (DEFAULT_SYNTH_NODES, default_node_positions,
      sizeof (default_node_positions));

  /**
   * GstRvTomography:node-positions:
   *
   * Node geometry as `id:x,y,z` entries (metres, `.` as the decimal point)
   * separated by `;`, e.g. `1:0.5,0.5,1.5;2:5.5,0.5,1.5`. At most 64 nodes,
   * ids unique. The default is the layout of `csisrc`'s 4-node synthetic
   * room (nodes 1…4 on a 2.3 m circle around the room centre, 1 m high).
   * A string that does not parse is an error at start.
   */
  g_object_class_install_property (gobject_class, PROP_NODE_POSITIONS,
      g_param_spec_string ("node-positions", "Node positions",
          "Node positions as id:x,y,z entries separated by ';' (in metres)",
          default_node_positions,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT));
  /**
   * GstRvTomography:nx:
   *
   * The number of voxels along x (across `bounds`).
   */
  g_object_class_install_property (gobject_class, PROP_NX,
      g_param_spec_uint ("nx", "NX", "Voxels along x", 1, 1024, DEFAULT_NX,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:ny:
   *
   * The number of voxels along y.
   */
  g_object_class_install_property (gobject_class, PROP_NY,
      g_param_spec_uint ("ny", "NY", "Voxels along y", 1, 1024, DEFAULT_NY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:nz:
   *
   * The number of voxels along z (height).
   */
  g_object_class_install_property (gobject_class, PROP_NZ,
      g_param_spec_uint ("nz", "NZ", "Voxels along z", 1, 1024, DEFAULT_NZ,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:bounds:
   *
   * The grid's box as `xmin,ymin,zmin,xmax,ymax,zmax` in metres; each max
   * must exceed its min.
   */
  g_object_class_install_property (gobject_class, PROP_BOUNDS,
      g_param_spec_string ("bounds", "Bounds",
          "Grid box as xmin,ymin,zmin,xmax,ymax,zmax (in metres)",
          DEFAULT_BOUNDS, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:lambda:
   *
   * The L1 weight of the reconstruction: larger values give fewer, denser
   * occupied voxels.
   */
  g_object_class_install_property (gobject_class, PROP_LAMBDA,
      g_param_spec_double ("lambda", "Lambda", "L1 regularisation weight",
          0.0, G_MAXDOUBLE, DEFAULT_LAMBDA,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:max-iterations:
   *
   * The most solver iterations per cycle.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_ITERATIONS,
      g_param_spec_uint ("max-iterations", "Max iterations",
          "Solver iterations per cycle at most", 1, 100000,
          DEFAULT_MAX_ITERATIONS, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:tolerance:
   *
   * The solver stops when no density changes by more than this in an
   * iteration.
   */
  g_object_class_install_property (gobject_class, PROP_TOLERANCE,
      g_param_spec_double ("tolerance", "Tolerance",
          "Stop when no density changes by this much in an iteration", 0.0,
          G_MAXDOUBLE, DEFAULT_TOLERANCE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:min-links:
   *
   * The fewest links the present nodes must give for a cycle to be
   * reconstructed (n nodes give n·(n−1)); a cycle with fewer gets no
   * occupancy.
   */
  g_object_class_install_property (gobject_class, PROP_MIN_LINKS,
      g_param_spec_uint ("min-links", "Min links",
          "Fewest links a node set must give to be reconstructed", 1,
          MAX_LINKS, DEFAULT_MIN_LINKS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:lipschitz:
   *
   * Step-size bound of the solver. `frobenius` is RuView's (bit-exact);
   * `power` is a power-method estimate that converges faster but changes
   * the floats of the occupancy meta.
   */
  g_object_class_install_property (gobject_class, PROP_LIPSCHITZ,
      g_param_spec_enum ("lipschitz", "Lipschitz",
          "Step-size bound: frobenius (RuView) or power (changes floats)",
          GST_TYPE_RV_TOMOGRAPHY_LIPSCHITZ, DEFAULT_LIPSCHITZ,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:solver:
   *
   * `ista` is RuView's solver (bit-exact with the `frobenius` bound).
   * `fista` takes each step from a Nesterov momentum point, dropping the
   * momentum whenever a step points against it; it reaches ISTA's
   * 100-iteration objective within 30 iterations, stops when no density
   * changes by #GstRvTomography:tolerance, and changes the floats of the
   * occupancy meta. Either combines with #GstRvTomography:lipschitz.
   */
  g_object_class_install_property (gobject_class, PROP_SOLVER,
      g_param_spec_enum ("solver", "Solver",
          "ista (RuView's, bit-exact) or fista (momentum with restart: "
          "converges in far fewer iterations, changes the floats)",
          GST_TYPE_RV_SOLVER, DEFAULT_SOLVER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:baseline-cycles:
   *
   * The fused frames of each node averaged into its reference (empty-room)
   * amplitudes before its links are observed.
   */
  g_object_class_install_property (gobject_class, PROP_BASELINE_CYCLES,
      g_param_spec_uint ("baseline-cycles", "Baseline cycles",
          "Fused frames per node averaged into its reference amplitudes", 1,
          G_MAXUINT, DEFAULT_BASELINE_CYCLES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvTomography:stats:
   *
   * Counters since start: `cycles` (analysed), `gaps`, `invalid` (not a
   * valid fused cycle, passed on), `reconstructed` (meta attached),
   * `learning` (cycles skipped while references were still being learnt),
   * `skipped` (fewer than two present nodes or too few links), `rebuilds`
   * (tomographer constructions), `errors`.
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: cycles, gaps, invalid, reconstructed, learning, "
          "skipped, rebuilds, errors", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView RF tomography", "Filter/Analyzer",
      "Reconstructs a voxel occupancy grid from the node-to-node link "
      "attenuations of each fused cycle", "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_tomography_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_tomography_stop);
  analyzer_class->message_name = "rvtomography";
  analyzer_class->analyze = GST_DEBUG_FUNCPTR (gst_rv_tomography_analyze);
  analyzer_class->fill_message =
      GST_DEBUG_FUNCPTR (gst_rv_tomography_fill_message);

  gst_type_mark_as_plugin_api (GST_TYPE_RV_TOMOGRAPHY_LIPSCHITZ, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_SOLVER, 0);
}

static void
gst_rv_tomography_init (GstRvTomography * self)
{
  self->prop_node_positions = g_strdup (default_node_positions);
  self->prop_nx = DEFAULT_NX;
  self->prop_ny = DEFAULT_NY;
  self->prop_nz = DEFAULT_NZ;
  self->prop_bounds = g_strdup (DEFAULT_BOUNDS);
  self->prop_lambda = DEFAULT_LAMBDA;
  self->prop_max_iterations = DEFAULT_MAX_ITERATIONS;
  self->prop_tolerance = DEFAULT_TOLERANCE;
  self->prop_min_links = DEFAULT_MIN_LINKS;
  self->prop_lipschitz = DEFAULT_LIPSCHITZ;
  self->prop_solver = DEFAULT_SOLVER;
  self->prop_baseline_cycles = DEFAULT_BASELINE_CYCLES;
}

static void
free_state (GstRvTomography * self)
{
  g_clear_pointer (&self->tomo, rv_link_tomography_free);
  g_clear_pointer (&self->dens, gst_rv_densities_unref);
  self->have_last = FALSE;
}

static void
gst_rv_tomography_finalize (GObject * object)
{
  GstRvTomography *self = GST_RV_TOMOGRAPHY (object);

  free_state (self);
  g_free (self->prop_node_positions);
  g_free (self->prop_bounds);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
gst_rv_tomography_start (GstBaseTransform * trans)
{
  GstRvTomography *self = GST_RV_TOMOGRAPHY (trans);
  gchar *positions, *bounds;
  guint32 ids[MAX_NODES];
  RvPosition3D pos[MAX_NODES];
  RvTomographyConfig cfg;
  RvTomographyError err = RV_TOMO_OK;
  gsize n = 0;
  guint baseline_cycles;
  gboolean ok = FALSE;

  free_state (self);
  GST_OBJECT_LOCK (self);
  positions = g_strdup (self->prop_node_positions);
  bounds = g_strdup (self->prop_bounds);
  rv_tomography_config_default (&cfg);
  cfg.nx = self->prop_nx;
  cfg.ny = self->prop_ny;
  cfg.nz = self->prop_nz;
  cfg.lambda = self->prop_lambda;
  cfg.max_iterations = self->prop_max_iterations;
  cfg.tolerance = self->prop_tolerance;
  cfg.min_links = self->prop_min_links;
  cfg.lipschitz = self->prop_lipschitz == GST_RV_TOMOGRAPHY_LIPSCHITZ_POWER
      ? RV_TOMO_LIPSCHITZ_POWER : RV_TOMO_LIPSCHITZ_FROBENIUS;
  cfg.solver = self->prop_solver == GST_RV_SOLVER_FISTA
      ? RV_TOMO_SOLVER_FISTA : RV_TOMO_SOLVER_ISTA;
  baseline_cycles = self->prop_baseline_cycles;
  self->st_reconstructed = self->st_learning = self->st_skipped =
      self->st_rebuilds = self->st_errors = 0;
  GST_OBJECT_UNLOCK (self);

  if (!gst_rv_element_parse_room (GST_ELEMENT (self), positions, bounds, ids,
          pos, MAX_NODES, &n, cfg.bounds))
    goto done;
  /* validates the whole configuration once: the set of every node */
  self->tomo = rv_link_tomography_new (&cfg, ids, pos, n, baseline_cycles,
      &err);
  if (!self->tomo) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("The tomography settings are not usable: check the node "
                "positions, the grid and min-links.")),
        ("%u nodes (%u links), grid %ux%ux%u, bounds %s, lambda %g, "
            "min-links %u: %s", (guint) n, (guint) (n * (n - 1)), (guint) cfg.nx,
            (guint) cfg.ny, (guint) cfg.nz, bounds, cfg.lambda,
            (guint) cfg.min_links, rv_tomography_error_str (err)));
    goto done;
  }
  self->warned_unknown = FALSE;
  self->n_pos = n;
  memcpy (self->pos_ids, ids, n * sizeof (guint32));
  memcpy (self->pos, pos, n * sizeof (RvPosition3D));
  GST_OBJECT_LOCK (self);
  self->st_rebuilds = rv_link_tomography_rebuilds (self->tomo);
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "%u nodes, grid %ux%ux%u", (guint) n, (guint) cfg.nx,
      (guint) cfg.ny, (guint) cfg.nz);
  ok = GST_BASE_TRANSFORM_CLASS (parent_class)->start (trans);

done:
  g_free (positions);
  g_free (bounds);
  if (!ok)
    free_state (self);
  return ok;
}

static gboolean
gst_rv_tomography_stop (GstBaseTransform * trans)
{
  free_state (GST_RV_TOMOGRAPHY (trans));
  return TRUE;
}

static GstFlowReturn
gst_rv_tomography_analyze (GstRvFusedAnalyzer * analyzer, GstBuffer * buf,
    GstRvFusedCycle * cycle)
{
  GstRvTomography *self = GST_RV_TOMOGRAPHY (analyzer);
  const RvFusedRecord *rec = &cycle->record;
  RvOccupancyVolume vol;
  GstRvOccupancyMeta *meta;
  RvTomographyError err;
  RvLinkRecon res;
  gboolean learning = FALSE;
  bool rebuilt = false;
  gsize n_links = 0;
  guint i;

  rv_link_tomography_begin (self->tomo);
  for (i = 0; i < rec->n_nodes; i++) {
    const RvFusedRecordNode *nd = &rec->nodes[i];
    const RvCsiFrame *f;
    RvLinkFeed fed;

    if (nd->status != RV_NODE_FUSED || nd->record_index >=
        cycle->n_node_records)
      continue;
    f = &cycle->nodes[nd->record_index];
    if (f->layout != RV_LAYOUT_CANONICAL)
      continue;
    fed = rv_link_tomography_feed (self->tomo, nd->node_id,
        rv_csi_amplitude (f, 0), f->dim1);
    if (fed == RV_LINK_FEED_LEARNING)
      learning = TRUE;
    else if (fed == RV_LINK_FEED_UNKNOWN && !self->warned_unknown) {
      self->warned_unknown = TRUE;
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          (_("Node %u has no position in node-positions; the tomography "
                  "ignores it."), nd->node_id),
          ("%" G_GSIZE_FORMAT " nodes configured; reported once",
              rv_link_tomography_n_nodes (self->tomo)));
    }
  }

  res = rv_link_tomography_reconstruct (self->tomo, &vol, &n_links, &rebuilt,
      &err);
  if (rebuilt)
    GST_DEBUG_OBJECT (self, "new node set: %s", err == RV_TOMO_OK ? "built" :
        rv_tomography_error_str (err));
  if (res == RV_LINK_RECON_FAILED)
    GST_WARNING_OBJECT (self, "reconstruction failed: %s",
        rv_tomography_error_str (err));
  if (res == RV_LINK_RECON_DONE) {
    if (self->dens && (!gst_rv_densities_is_writable (self->dens)
            || gst_rv_densities_size (self->dens) != vol.total_voxels))
      g_clear_pointer (&self->dens, gst_rv_densities_unref);
    if (!self->dens)
      self->dens = gst_rv_densities_new (vol.total_voxels);
    meta = gst_buffer_add_rv_occupancy_meta (buf, &vol, n_links, self->dens);
    if (meta)
      gst_rv_occupancy_meta_set_nodes (meta, self->n_pos, self->pos_ids,
          self->pos);
    self->last = vol;
    self->last.densities = NULL;
    self->last_links = n_links;
    self->have_last = TRUE;
    self->iv_reconstructed++;
  }

  GST_OBJECT_LOCK (self);
  self->st_rebuilds = rv_link_tomography_rebuilds (self->tomo);
  switch (res) {
    case RV_LINK_RECON_DONE:
      self->st_reconstructed++;
      break;
    case RV_LINK_RECON_TOO_FEW:
      if (learning)
        self->st_learning++;
      else
        self->st_skipped++;
      break;
    case RV_LINK_RECON_UNUSABLE:
      self->st_skipped++;
      break;
    case RV_LINK_RECON_FAILED:
      self->st_errors++;
      break;
  }
  GST_OBJECT_UNLOCK (self);
  return GST_FLOW_OK;
}

static void
gst_rv_tomography_fill_message (GstRvFusedAnalyzer * analyzer,
    GstStructure * s, guint64 analyzed)
{
  GstRvTomography *self = GST_RV_TOMOGRAPHY (analyzer);

  gst_structure_set (s, "reconstructed", G_TYPE_UINT64,
      self->iv_reconstructed, NULL);
  if (self->iv_reconstructed > 0)
    gst_structure_set (s,
        "occupied-count", G_TYPE_UINT, (guint) self->last.occupied_count,
        "total-voxels", G_TYPE_UINT, (guint) self->last.total_voxels,
        "residual", G_TYPE_DOUBLE, self->last.residual,
        "iterations", G_TYPE_UINT, (guint) self->last.iterations,
        "links", G_TYPE_UINT, (guint) self->last_links, NULL);
  self->iv_reconstructed = 0;
}

static void
gst_rv_tomography_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvTomography *self = GST_RV_TOMOGRAPHY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_NODE_POSITIONS:
      g_free (self->prop_node_positions);
      self->prop_node_positions = g_value_dup_string (value);
      break;
    case PROP_NX:
      self->prop_nx = g_value_get_uint (value);
      break;
    case PROP_NY:
      self->prop_ny = g_value_get_uint (value);
      break;
    case PROP_NZ:
      self->prop_nz = g_value_get_uint (value);
      break;
    case PROP_BOUNDS:
      g_free (self->prop_bounds);
      self->prop_bounds = g_value_dup_string (value);
      break;
    case PROP_LAMBDA:
      self->prop_lambda = g_value_get_double (value);
      break;
    case PROP_MAX_ITERATIONS:
      self->prop_max_iterations = g_value_get_uint (value);
      break;
    case PROP_TOLERANCE:
      self->prop_tolerance = g_value_get_double (value);
      break;
    case PROP_MIN_LINKS:
      self->prop_min_links = g_value_get_uint (value);
      break;
    case PROP_LIPSCHITZ:
      self->prop_lipschitz = g_value_get_enum (value);
      break;
    case PROP_SOLVER:
      self->prop_solver = g_value_get_enum (value);
      break;
    case PROP_BASELINE_CYCLES:
      self->prop_baseline_cycles = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_tomography_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvTomography *self = GST_RV_TOMOGRAPHY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_NODE_POSITIONS:
      g_value_set_string (value, self->prop_node_positions);
      break;
    case PROP_NX:
      g_value_set_uint (value, self->prop_nx);
      break;
    case PROP_NY:
      g_value_set_uint (value, self->prop_ny);
      break;
    case PROP_NZ:
      g_value_set_uint (value, self->prop_nz);
      break;
    case PROP_BOUNDS:
      g_value_set_string (value, self->prop_bounds);
      break;
    case PROP_LAMBDA:
      g_value_set_double (value, self->prop_lambda);
      break;
    case PROP_MAX_ITERATIONS:
      g_value_set_uint (value, self->prop_max_iterations);
      break;
    case PROP_TOLERANCE:
      g_value_set_double (value, self->prop_tolerance);
      break;
    case PROP_MIN_LINKS:
      g_value_set_uint (value, self->prop_min_links);
      break;
    case PROP_LIPSCHITZ:
      g_value_set_enum (value, self->prop_lipschitz);
      break;
    case PROP_SOLVER:
      g_value_set_enum (value, self->prop_solver);
      break;
    case PROP_BASELINE_CYCLES:
      g_value_set_uint (value, self->prop_baseline_cycles);
      break;
    case PROP_STATS:
    {
      GstStructure *st = gst_rv_fused_analyzer_stats_new
          (GST_RV_FUSED_ANALYZER (self), "rvtomography-stats");
      gst_structure_set (st,
          "reconstructed", G_TYPE_UINT64, self->st_reconstructed,
          "learning", G_TYPE_UINT64, self->st_learning,
          "skipped", G_TYPE_UINT64, self->st_skipped,
          "rebuilds", G_TYPE_UINT64, self->st_rebuilds,
          "errors", G_TYPE_UINT64, self->st_errors, NULL);
      g_value_take_boxed (value, st);
    }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
