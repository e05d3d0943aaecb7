/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvmultistaticfuse
 * @title: rvmultistaticfuse
 *
 * Fuses the canonical, phase-aligned CSI frames of N sensor nodes into one
 * `application/x-ruview-fused` frame per #GstRvMultistaticFuse:output-interval
 * of running time (50 ms, i.e. 20 Hz, by default): attention-weighted fusion
 * of each node's first channel, cross-node coherence, and the quality score
 * with its evidence and contradictions (docs/api.md), attached as a
 * `GstRvQualityMeta`.
 *
 * Frames are keyed by their node id, not by pad: one `csisrc` carrying every
 * node on one request pad works as well as one `csisrc` per node on
 * `sink_%u` pads. Nodes are fused in ascending node-id order (deterministic,
 * unlike RuView's HashMap order). The node frames travel inside the fused
 * buffer by reference (their memory appended after the fused record, never
 * copied; docs/record.md).
 *
 * Which frame of a node a cycle fuses: the cycle [start, end) fuses each
 * node's newest frame that arrived before `end` (by running time) and is at
 * most #GstRvMultistaticFuse:max-age old at `end` (1.5 output intervals, i.e.
 * 75 ms, by default); a node with no such frame is `absent`. Real nodes are
 * not on the cycle grid — their clocks drift and WiFi delays each frame by
 * some milliseconds — so a node's frame often lands just past a boundary;
 * counting only the frames inside the cycle would mark a live node absent.
 * A frame can therefore be fused in two consecutive cycles when the node's
 * next frame is late. When the newest frames' device timestamps spread
 * more than the hard guard, the frames inside the window that minimise the
 * spread are used instead (common/ruview/fusion_window.h). A frame older
 * than the node's newest, or already older than `max-age` when it comes, is
 * counted as `late` and dropped.
 *
 * Timing: the cycle grid is on multiples of the output interval of running
 * time; the first cycle is the one holding the aggregator's start time
 * (GstAggregator's `start-time-selection`, whose default here is `first`: the
 * running time of the first frame, so a recording that starts at 5 s gives
 * its first cycle at 5 s, not 100 empty cycles from 0; `zero` starts at 0).
 * The output PTS is the cycle start and its DURATION the interval. Live (or
 * with `force-live`), the aggregator waits on the clock until the cycle start
 * plus `latency` plus the upstream latency, and fuses what has arrived.
 * `latency` (GstAggregator's property) defaults to, and is never less than,
 * the output interval: a cycle is fused once it has closed, and raising
 * `latency` gives late frames more time. With `start-time-selection=first`
 * no cycle is emitted before the first frame; with `zero`, empty (`GAP`)
 * cycles are emitted from running time 0 on even when no node delivers. Not
 * live, the cadence follows the input timestamps (a cycle is emitted when
 * every pad has moved past its end or reached EOS), so a replay is
 * deterministic and as fast as the CPU allows; when every input has fallen
 * silent for more than #GstRvMultistaticFuse:max-gap of stream time (a
 * damaged timestamp, a recording resumed hours later), the grid jumps to the
 * next frame instead of emitting an empty cycle per interval in between: the
 * jump is counted (`resyncs`), warned about once, and the first cycle after
 * it is flagged DISCONT. The reported latency is the upstream latency plus
 * `latency`.
 *
 * A cycle with fewer than `min-nodes` usable nodes, or whose fusion fails
 * (node timestamps spread wider than the hard guard, frames of different
 * widths), is still emitted on time as a `GAP` buffer whose record has no
 * bins and marks every node absent or rejected; fusion failures are counted in
 * `stats` and logged as warnings, never an element error.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc nodes=4 num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! rvmetaconvert detail=summary ! fakesink
 * ]| Fuses a 4-node synthetic room at 20 Hz.
 * |[
 * gst-launch-1.0 rvmultistaticfuse name=f ! rvmetaconvert ! filesink location=fused.jsonl csisrc nodes=2 seed=1 num-buffers=200 ! rvphasealign ! f.sink_0 csisrc nodes=2 seed=2 num-buffers=200 ! rvphasealign ! f.sink_1
 * ]| Two sources on two pads.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstruviewelements.h"
#include "gstrvmultistaticfuse.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvaggregator.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvchain.h"
#include "gst/ruview/rvqualitymeta-private.h"
#include "ruview/fusion_window.h"
#include "ruview/multistatic.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_multistatic_fuse_debug);
#define GST_CAT_DEFAULT gst_rv_multistatic_fuse_debug

#define DEFAULT_OUTPUT_INTERVAL   (50 * GST_MSECOND)
#define DEFAULT_MIN_NODES         1
#define DEFAULT_HARD_GUARD_US     60000
#define DEFAULT_SOFT_GUARD_US     20000
#define DEFAULT_TDM_SLOTS         0
#define DEFAULT_TDM_SLOT_US       0
#define DEFAULT_TEMPERATURE       1.0f
#define DEFAULT_COHERENCE_ACCEPT  0.85f
#define DEFAULT_FORCE_LIVE        FALSE
#define DEFAULT_IGNORE_INACTIVE   TRUE
#define DEFAULT_MAX_AGE           0     /* 1.5 output intervals */
#define DEFAULT_MAX_GAP           (60 * GST_SECOND)

#define MAX_NODES  MIN (RV_MULTISTATIC_MAX_NODES, RV_FUSION_WINDOW_MAX_NODES)
#define MAX_BINS   RV_RECORD_MAX_DIM
/* frames kept per node for the max-age window */
#define RING       RV_FUSION_WINDOW_MAX_FRAMES

enum
{
  PROP_0,
  PROP_OUTPUT_INTERVAL,
  PROP_MIN_NODES,
  PROP_HARD_GUARD_US,
  PROP_SOFT_GUARD_US,
  PROP_TDM_SLOTS,
  PROP_TDM_SLOT_US,
  PROP_TEMPERATURE,
  PROP_COHERENCE_ACCEPT,
  PROP_FORCE_LIVE,
  PROP_IGNORE_INACTIVE_PADS,
  PROP_MAX_AGE,
  PROP_MAX_GAP,
  PROP_STATS,
};

/* A node's recent frames, oldest first (running time order). */
typedef struct
{
  guint32 node_id;
  guint n;
  GstBuffer *frame[RING];
  guint64 rt[RING];             /* running time of arrival, ns */
  guint64 ts[RING];             /* device timestamp, µs */
  gboolean used[RING];          /* fused at least once */
} NodeSlot;

/* Lock order: stream lock → object lock → pad lock (as GstAggregator).
 * prop_* fields are protected by the object lock and latched into the
 * working fields in start(); the aggregate thread then reads only the
 * working fields.  Counters are written by the aggregate thread under the
 * object lock and read by the stats getter under it. */
struct _GstRvMultistaticFuse
{
  GstAggregator parent;

  GstClockTime prop_interval;
  guint prop_min_nodes;
  guint64 prop_hard_guard_us, prop_soft_guard_us;
  guint prop_tdm_slots;
  guint64 prop_tdm_slot_us;
  gfloat prop_temperature, prop_coherence_accept;
  gboolean prop_ignore_inactive;
  GstClockTime prop_max_age, prop_max_gap;

  /* < private > working state of the aggregate thread */
  GstClockTime interval, max_age, max_gap;
  guint64 guard_us;
  guint min_nodes;
  gfloat coherence_accept;
  RvMultistaticFuser *fuser;
  gfloat *amp, *phase;          /* MAX_BINS scratch */
  NodeSlot nodes[MAX_NODES];
  guint n_nodes;
  gboolean started;
  gboolean flushed;             /* restart the grid at the next frame */
  gboolean live_known, live;    /* known after the first aggregate */
  gboolean discont;             /* flag the next output */
  gboolean warned_resync;
  GstClockTime cycle_start;
  guint64 cycle;
  gboolean caps_dirty;
  gboolean all_calibrated;

  /* statistics */
  guint64 st_cycles, st_fused, st_gaps, st_fusion_errors, st_late, st_invalid,
      st_frames, st_superseded, st_reused, st_resyncs;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink_%u",
    GST_PAD_SINK,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_MAKE ("canonical", "{ true, false }",
            "true")));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

#define gst_rv_multistatic_fuse_parent_class parent_class
G_DEFINE_TYPE (GstRvMultistaticFuse, gst_rv_multistatic_fuse,
    GST_TYPE_AGGREGATOR);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvmultistaticfuse, "rvmultistaticfuse",
    GST_RANK_NONE, GST_TYPE_RV_MULTISTATIC_FUSE,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_multistatic_fuse_debug,
        "rvmultistaticfuse", 0, "RuView multistatic fusion"));

static void gst_rv_multistatic_fuse_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_rv_multistatic_fuse_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static void gst_rv_multistatic_fuse_finalize (GObject * object);
static gboolean gst_rv_multistatic_fuse_start (GstAggregator * agg);
static gboolean gst_rv_multistatic_fuse_stop (GstAggregator * agg);
static GstFlowReturn gst_rv_multistatic_fuse_flush (GstAggregator * agg);
static gboolean gst_rv_multistatic_fuse_sink_event (GstAggregator * agg,
    GstAggregatorPad * pad, GstEvent * event);
static GstClockTime gst_rv_multistatic_fuse_get_next_time (GstAggregator *
    agg);
static GstFlowReturn gst_rv_multistatic_fuse_aggregate (GstAggregator * agg,
    gboolean timeout);

static void
gst_rv_multistatic_fuse_class_init (GstRvMultistaticFuseClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);

  gobject_class->set_property = gst_rv_multistatic_fuse_set_property;
  gobject_class->get_property = gst_rv_multistatic_fuse_get_property;
  gobject_class->finalize = gst_rv_multistatic_fuse_finalize;

  /**
   * GstRvMultistaticFuse:output-interval:
   *
   * The running time between two fused frames, in nanoseconds (50 ms: 20
   * cycles per second). Each cycle fuses the latest frame of every node that
   * arrived in it.
   */
  g_object_class_install_property (gobject_class, PROP_OUTPUT_INTERVAL,
      g_param_spec_uint64 ("output-interval", "Output interval",
          "Running time between two fused frames (in nanoseconds)",
          GST_MSECOND, G_MAXUINT64 / 4, DEFAULT_OUTPUT_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:min-nodes:
   *
   * The fewest nodes a cycle must fuse; a cycle with fewer is output as a
   * gap (a fused record without bins, flagged GAP).
   */
  g_object_class_install_property (gobject_class, PROP_MIN_NODES,
      g_param_spec_uint ("min-nodes", "Minimum nodes",
          "Fewest nodes a cycle must fuse; below it the cycle is a gap",
          1, MAX_NODES, DEFAULT_MIN_NODES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:hard-guard-us:
   *
   * The largest spread of the fused nodes' device timestamps, in
   * microseconds, a cycle may have: above it fusion fails for the cycle
   * (counted, output as a gap). Ignored when `tdm-slots` is set.
   */
  g_object_class_install_property (gobject_class, PROP_HARD_GUARD_US,
      g_param_spec_uint64 ("hard-guard-us", "Hard guard",
          "Largest spread of node timestamps a cycle may have before fusion "
          "fails (in microseconds); ignored when tdm-slots is set",
          1, G_MAXUINT64, DEFAULT_HARD_GUARD_US,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:soft-guard-us:
   *
   * The spread of the nodes' timestamps, in microseconds, above which the
   * quality score records a timestamp contradiction (the coherence is
   * penalised, the cycle still fused). Ignored when `tdm-slots` is set.
   */
  g_object_class_install_property (gobject_class, PROP_SOFT_GUARD_US,
      g_param_spec_uint64 ("soft-guard-us", "Soft guard",
          "Spread of node timestamps above which the quality score records a "
          "timestamp contradiction (in microseconds); ignored when tdm-slots "
          "is set", 0, G_MAXUINT64, DEFAULT_SOFT_GUARD_US,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:tdm-slots:
   *
   * The number of slots of a time-division schedule in which the nodes send
   * in turn; when non-zero the guards follow from it: the hard guard is 1.2 ×
   * the cycle (slots × `tdm-slot-us`) less 1 µs, the soft guard a third of
   * the cycle.
   */
  g_object_class_install_property (gobject_class, PROP_TDM_SLOTS,
      g_param_spec_uint ("tdm-slots", "TDM slots",
          "Number of TDM slots of the node schedule; when non-zero the hard "
          "and soft guards are derived from tdm-slots and tdm-slot-us", 0,
          G_MAXUINT, DEFAULT_TDM_SLOTS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:tdm-slot-us:
   *
   * The length of one slot of the node schedule, in microseconds (with
   * `tdm-slots`).
   */
  g_object_class_install_property (gobject_class, PROP_TDM_SLOT_US,
      g_param_spec_uint64 ("tdm-slot-us", "TDM slot length",
          "Length of one TDM slot (in microseconds)", 0, G_MAXUINT64,
          DEFAULT_TDM_SLOT_US,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:temperature:
   *
   * The softmax temperature of the attention weights: each node's cosine
   * similarity to the mean amplitude is divided by it before the softmax, so
   * a lower temperature favours the nodes that agree with the others more.
   */
  g_object_class_install_property (gobject_class, PROP_TEMPERATURE,
      g_param_spec_float ("temperature", "Attention temperature",
          "Softmax temperature of the attention weights", 1e-6f, G_MAXFLOAT,
          DEFAULT_TEMPERATURE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:coherence-accept:
   *
   * The cross-node coherence at or above which the quality score records the
   * gate threshold as evidence.
   */
  g_object_class_install_property (gobject_class, PROP_COHERENCE_ACCEPT,
      g_param_spec_float ("coherence-accept", "Coherence accept",
          "Coherence at or above which the quality score records the gate "
          "threshold as evidence", 0.0f, 1.0f, DEFAULT_COHERENCE_ACCEPT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:force-live:
   *
   * Always operate in live mode and aggregate on timeout, even with inputs
   * that are not live, or none at all.
   */
  g_object_class_install_property (gobject_class, PROP_FORCE_LIVE,
      g_param_spec_boolean ("force-live", "Force live",
          "Always operate in live mode and aggregate on timeout, even with "
          "non-live inputs or none at all", DEFAULT_FORCE_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          G_PARAM_CONSTRUCT_ONLY));
  /**
   * GstRvMultistaticFuse:ignore-inactive-pads:
   *
   * Live: do not wait for pads that never delivered data (a node that is not
   * sending does not hold the cycles back).
   */
  g_object_class_install_property (gobject_class, PROP_IGNORE_INACTIVE_PADS,
      g_param_spec_boolean ("ignore-inactive-pads", "Ignore inactive pads",
          "Live: do not wait for pads that never delivered data",
          DEFAULT_IGNORE_INACTIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:max-age:
   *
   * How old (in running time, at the end of a cycle) a node's newest frame
   * may be and still be fused in that cycle; a node silent for longer is
   * absent. 0 means one and a half output intervals (75 ms at 20 Hz):
   * enough for a node that delivers once per interval with the jitter of
   * WiFi, not so much that a node that stopped is reported for long.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_AGE,
      g_param_spec_uint64 ("max-age", "Maximum frame age",
          "Oldest a node's newest frame may be at the end of a cycle and "
          "still be fused (in nanoseconds; 0 = 1.5 output intervals)",
          0, G_MAXUINT64 / 4, DEFAULT_MAX_AGE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:max-gap:
   *
   * Not live: when every input has been silent for longer than this much
   * stream time, the cycle grid jumps to the next frame (counted as a
   * resync, DISCONT on the next output) instead of emitting one empty cycle
   * per interval across the silence. Bounds the work a damaged timestamp
   * can cause.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_GAP,
      g_param_spec_uint64 ("max-gap", "Maximum gap",
          "Not live: the longest silence of all inputs filled with empty "
          "cycles; a longer one makes the grid jump to the next frame (in "
          "nanoseconds)", GST_MSECOND, G_MAXUINT64 / 4, DEFAULT_MAX_GAP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvMultistaticFuse:stats:
   *
   * Counters since start: `cycles` (emitted), `fused`, `gaps` (GAP cycles),
   * `fusion-errors`, `frames` (node frames received), `late` (older than the
   * node's newest frame, or than `max-age`, when they came: dropped),
   * `invalid` (not a canonical frame record), `superseded` (left the window
   * unfused because a newer frame of the node came first), `reused` (node
   * frames fused again in a later cycle because the node's next frame was
   * not there yet), `resyncs` (grid jumps over silences longer than
   * `max-gap`).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: cycles, fused, gaps, fusion-errors, frames, late, "
          "invalid, superseded, reused, resyncs", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class,
      "RuView multistatic fusion", "Combiner/Analyzer",
      "Fuses the CSI frames of several sensor nodes into one frame per "
      "output interval, with a quality score of how well the nodes agree",
      "gst-ruview contributors");

  agg_class->start = GST_DEBUG_FUNCPTR (gst_rv_multistatic_fuse_start);
  agg_class->stop = GST_DEBUG_FUNCPTR (gst_rv_multistatic_fuse_stop);
  agg_class->flush = GST_DEBUG_FUNCPTR (gst_rv_multistatic_fuse_flush);
  agg_class->sink_event = GST_DEBUG_FUNCPTR (gst_rv_multistatic_fuse_sink_event);
  agg_class->get_next_time =
      GST_DEBUG_FUNCPTR (gst_rv_multistatic_fuse_get_next_time);
  agg_class->peek_next_sample =
      GST_DEBUG_FUNCPTR (gst_rv_aggregator_peek_next_sample);
  agg_class->aggregate = GST_DEBUG_FUNCPTR (gst_rv_multistatic_fuse_aggregate);
}

static void
gst_rv_multistatic_fuse_init (GstRvMultistaticFuse * self)
{
  self->prop_interval = DEFAULT_OUTPUT_INTERVAL;
  self->prop_min_nodes = DEFAULT_MIN_NODES;
  self->prop_hard_guard_us = DEFAULT_HARD_GUARD_US;
  self->prop_soft_guard_us = DEFAULT_SOFT_GUARD_US;
  self->prop_tdm_slots = DEFAULT_TDM_SLOTS;
  self->prop_tdm_slot_us = DEFAULT_TDM_SLOT_US;
  self->prop_temperature = DEFAULT_TEMPERATURE;
  self->prop_coherence_accept = DEFAULT_COHERENCE_ACCEPT;
  self->prop_ignore_inactive = DEFAULT_IGNORE_INACTIVE;
  self->prop_max_age = DEFAULT_MAX_AGE;
  self->prop_max_gap = DEFAULT_MAX_GAP;
  self->amp = g_new0 (gfloat, MAX_BINS);
  self->phase = g_new0 (gfloat, MAX_BINS);
  gst_aggregator_set_ignore_inactive_pads (GST_AGGREGATOR (self),
      DEFAULT_IGNORE_INACTIVE);
  /* GstAggregator's own `latency` covers the cycle itself (see start()),
   * and the grid starts at the first frame (a recording that starts late
   * does not begin with empty cycles from 0) */
  g_object_set (self, "latency", (guint64) DEFAULT_OUTPUT_INTERVAL,
      "start-time-selection", GST_AGGREGATOR_START_TIME_SELECTION_FIRST, NULL);
}

/* drops the first k frames of a slot (counting the ones never fused) */
static void
slot_shift (GstRvMultistaticFuse * self, NodeSlot * ns, guint k)
{
  guint i;

  for (i = 0; i < k && i < ns->n; i++) {
    if (!ns->used[i])
      self->st_superseded++;
    gst_buffer_unref (ns->frame[i]);
  }
  k = MIN (k, ns->n);
  for (i = k; i < ns->n; i++) {
    ns->frame[i - k] = ns->frame[i];
    ns->rt[i - k] = ns->rt[i];
    ns->ts[i - k] = ns->ts[i];
    ns->used[i - k] = ns->used[i];
  }
  ns->n -= k;
}

static void
clear_nodes (GstRvMultistaticFuse * self)
{
  guint i, k;
  for (i = 0; i < self->n_nodes; i++) {
    for (k = 0; k < self->nodes[i].n; k++)
      gst_buffer_unref (self->nodes[i].frame[k]);
    self->nodes[i].n = 0;
  }
  self->n_nodes = 0;
}

static void
gst_rv_multistatic_fuse_finalize (GObject * object)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (object);

  clear_nodes (self);
  if (self->fuser)
    rv_multistatic_fuser_free (self->fuser);
  g_free (self->amp);
  g_free (self->phase);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
gst_rv_multistatic_fuse_start (GstAggregator * agg)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (agg);
  RvMultistaticConfig cfg;
  RvMultistaticError err = RV_MULTISTATIC_OK;
  guint64 slot_us;
  guint slots;

  GST_OBJECT_LOCK (self);
  self->interval = self->prop_interval;
  self->max_age = self->prop_max_age ? self->prop_max_age :
      self->interval + self->interval / 2;
  self->max_gap = self->prop_max_gap;
  self->min_nodes = self->prop_min_nodes;
  self->coherence_accept = self->prop_coherence_accept;
  slots = self->prop_tdm_slots;
  slot_us = self->prop_tdm_slot_us;
  if (slots > 0) {
    rv_multistatic_config_for_tdm_schedule (&cfg, slots, slot_us);
  } else {
    rv_multistatic_config_default (&cfg);
    cfg.guard_interval_us = self->prop_hard_guard_us;
    cfg.soft_guard_us = self->prop_soft_guard_us;
  }
  cfg.attention_temperature = self->prop_temperature;
  cfg.min_nodes = self->min_nodes;
  self->started = FALSE;
  self->flushed = FALSE;
  self->live_known = FALSE;
  self->discont = TRUE;
  self->warned_resync = FALSE;
  self->cycle = 0;
  self->caps_dirty = TRUE;
  self->all_calibrated = FALSE;
  self->st_cycles = self->st_fused = self->st_gaps = self->st_fusion_errors =
      self->st_late = self->st_invalid = self->st_frames =
      self->st_superseded = self->st_reused = self->st_resyncs = 0;
  self->guard_us = cfg.guard_interval_us;
  GST_OBJECT_UNLOCK (self);

  if (self->fuser)
    rv_multistatic_fuser_free (self->fuser);
  self->fuser = rv_multistatic_fuser_new (&cfg, MAX_BINS, &err);
  if (!self->fuser) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Invalid fusion settings.")), ("hard guard %" G_GUINT64_FORMAT
            " us, soft guard %" G_GUINT64_FORMAT " us, temperature %g: %s",
            cfg.guard_interval_us, cfg.soft_guard_us,
            (double) cfg.attention_temperature,
            rv_multistatic_error_str (err)));
    return FALSE;
  }
  clear_nodes (self);
  /* A cycle can only be fused once it has closed, one interval after its
   * start (the output PTS).  That interval goes into GstAggregator's
   * `latency` rather than into a subclass latency: the aggregator lets each
   * pad queue `latency` + upstream latency of data, so while one node's pad
   * is empty the others can still queue a whole cycle instead of blocking
   * their (live) sources until the deadline. */
  {
    GstClockTime lat = 0;
    g_object_get (self, "latency", &lat, NULL);
    if (lat < self->interval) {
      GST_INFO_OBJECT (self, "latency %" GST_TIME_FORMAT " raised to the "
          "output interval", GST_TIME_ARGS (lat));
      g_object_set (self, "latency", (guint64) self->interval, NULL);
    }
  }
  GST_INFO_OBJECT (self, "interval %" GST_TIME_FORMAT ", guards %"
      G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " us", GST_TIME_ARGS
      (self->interval), cfg.guard_interval_us, cfg.soft_guard_us);
  /* a chain that cannot take fused cycles fails now, not in the output
   * task (where gst-launch could miss the error and wait forever) */
  {
    GstCaps *fused = gst_static_pad_template_get_caps (&src_template);
    gboolean ok = gst_rv_chain_check_downstream (GST_ELEMENT (self),
        GST_AGGREGATOR_SRC_PAD (agg), fused);
    gst_caps_unref (fused);
    return ok;
  }
}

static gboolean
gst_rv_multistatic_fuse_stop (GstAggregator * agg)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (agg);

  clear_nodes (self);
  if (self->fuser) {
    rv_multistatic_fuser_free (self->fuser);
    self->fuser = NULL;
  }
  return TRUE;
}

static GstFlowReturn
gst_rv_multistatic_fuse_flush (GstAggregator * agg)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (agg);

  GST_OBJECT_LOCK (self);
  clear_nodes (self);
  GST_OBJECT_UNLOCK (self);
  self->started = FALSE;
  self->flushed = TRUE;
  self->discont = TRUE;
  return GST_FLOW_OK;
}

static gboolean
pad_calibrated (GstPad * pad, GstCaps * override)
{
  GstCaps *caps = override ? gst_caps_ref (override) :
      gst_pad_get_current_caps (pad);
  gboolean cal = FALSE;
  if (caps) {
    gst_rv_csi_caps_parse (caps, NULL, &cal, NULL);
    gst_caps_unref (caps);
  }
  return cal;
}

static gboolean
gst_rv_multistatic_fuse_sink_event (GstAggregator * agg,
    GstAggregatorPad * pad, GstEvent * event)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (agg);

  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *caps;
    GList *l;
    gboolean all = TRUE;

    gst_event_parse_caps (event, &caps);
    GST_OBJECT_LOCK (self);
    for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
      GstPad *p = l->data;
      if (!pad_calibrated (p, p == GST_PAD (pad) ? caps : NULL))
        all = FALSE;
    }
    if (all != self->all_calibrated)
      self->caps_dirty = TRUE;
    self->all_calibrated = all;
    GST_OBJECT_UNLOCK (self);
  }
  return GST_AGGREGATOR_CLASS (parent_class)->sink_event (agg, pad, event);
}

/* the cycle holding running time t */
static GstClockTime
grid_align (GstRvMultistaticFuse * self, GstClockTime t)
{
  return t - t % self->interval;
}

/* The aggregator's start time: the running time of the src segment's
 * position (set by GstAggregator from start-time-selection when the first
 * buffer comes; the segment start before that).  Object lock held. */
static GstClockTime
start_time_locked (GstRvMultistaticFuse * self)
{
  GstSegment *seg = &GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (self))->
      segment;
  GstClockTime pos = seg->position;

  if (!GST_CLOCK_TIME_IS_VALID (pos) || pos < seg->start)
    pos = seg->start;
  return gst_segment_to_running_time (seg, GST_FORMAT_TIME, pos);
}

/* No side effects (GstAggregator contract): the start of the next cycle,
 * NONE when not live (the cadence then follows the input). */
static GstClockTime
gst_rv_multistatic_fuse_get_next_time (GstAggregator * agg)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (agg);
  GstClockTime t;

  GST_OBJECT_LOCK (self);
  if (self->live_known && !self->live)
    t = GST_CLOCK_TIME_NONE;
  else if (self->started)
    t = self->cycle_start;
  else {
    t = start_time_locked (self);
    if (GST_CLOCK_TIME_IS_VALID (t))
      t = grid_align (self, t);
  }
  GST_OBJECT_UNLOCK (self);
  return t;
}

/* aggregate thread, object lock held: a node's slot, created in node-id
 * order (NULL beyond MAX_NODES nodes) */
static NodeSlot *
node_slot (GstRvMultistaticFuse * self, guint32 node_id)
{
  guint i, j;

  for (i = 0; i < self->n_nodes && self->nodes[i].node_id < node_id; i++);
  if (i < self->n_nodes && self->nodes[i].node_id == node_id)
    return &self->nodes[i];
  if (self->n_nodes == MAX_NODES)
    return NULL;
  for (j = self->n_nodes; j > i; j--)
    self->nodes[j] = self->nodes[j - 1];
  memset (&self->nodes[i], 0, sizeof (NodeSlot));
  self->nodes[i].node_id = node_id;
  self->n_nodes++;
  return &self->nodes[i];
}

/* aggregate thread, object lock held: keep buf (arrived at running time
 * rt) as the newest frame of its node */
static void
store_frame (GstRvMultistaticFuse * self, GstBuffer * buf, GstClockTime rt)
{
  GstMapInfo map;
  RvCsiFrame f;
  NodeSlot *ns;

  if (!gst_rv_csi_buffer_map (buf, &map, GST_MAP_READ, &f)) {
    GST_WARNING_OBJECT (self, "not a csi frame record, dropped");
    self->st_invalid++;
    return;
  }
  gst_buffer_unmap (buf, &map);
  if (f.layout != RV_LAYOUT_CANONICAL) {
    self->st_invalid++;
    return;
  }
  self->st_frames++;
  ns = node_slot (self, f.node_id);
  if (!ns) {
    GST_WARNING_OBJECT (self, "more than %d nodes, node %u ignored",
        (gint) MAX_NODES, f.node_id);
    self->st_invalid++;
    return;
  }
  if (!GST_CLOCK_TIME_IS_VALID (rt))
    rt = ns->n > 0 ? ns->rt[ns->n - 1] : self->cycle_start;
  /* older than the node's newest, or than the window: too late */
  if ((ns->n > 0 && rt < ns->rt[ns->n - 1])
      || rt + self->max_age < self->cycle_start + self->interval) {
    self->st_late++;
    GST_LOG_OBJECT (self, "late frame of node %u at %" GST_TIME_FORMAT
        " dropped", f.node_id, GST_TIME_ARGS (rt));
    return;
  }
  if (ns->n == RING)
    slot_shift (self, ns, 1);
  ns->frame[ns->n] = gst_buffer_ref (buf);
  ns->rt[ns->n] = rt;
  ns->ts[ns->n] = f.timestamp_us;
  ns->used[ns->n] = FALSE;
  ns->n++;
}

/* aggregate thread, object lock held: drop the frames that are out of the
 * window of the cycle ending at end (too old to be fused again) */
static void
prune_slots (GstRvMultistaticFuse * self, GstClockTime end)
{
  guint i, k;

  for (i = 0; i < self->n_nodes; i++) {
    NodeSlot *ns = &self->nodes[i];
    for (k = 0; k < ns->n && ns->rt[k] + self->max_age < end; k++);
    /* a newer frame exists for every dropped one, or it aged out */
    slot_shift (self, ns, k);
  }
}

/* aggregate thread: fuse the frames picked for the cycle into its output */
static GstBuffer *
make_cycle_buffer (GstRvMultistaticFuse * self, RvQualityScore * score,
    gboolean * fused_ok, gboolean * failed)
{
  RvNodeFrame in[MAX_NODES];
  RvMaybeCalibrationId cals[MAX_NODES];
  RvFusionNodeFrames win[MAX_NODES];
  GstMapInfo maps[MAX_NODES];
  guint slot_of[MAX_NODES];
  gsize pick[MAX_NODES];
  gint16 rssi[MAX_NODES], noise[MAX_NODES];
  guint32 seq[MAX_NODES];
  GstBuffer *chosen[MAX_NODES];
  RvFusedFrame fused;
  RvFusedRecord rec;
  GstMapInfo rmap;
  GstBuffer *out;
  guint i, n = 0, c;
  gboolean ok = FALSE, calibrated = TRUE;
  RvMultistaticError err = RV_MULTISTATIC_ERROR_NO_FRAMES;
  GstClockTime end = self->cycle_start + self->interval;

  for (i = 0; i < self->n_nodes; i++) {
    win[i].rt_ns = self->nodes[i].rt;
    win[i].ts_us = self->nodes[i].ts;
    win[i].n = self->nodes[i].n;
  }
  rv_fusion_window_pick (win, self->n_nodes, end, self->max_age,
      self->guard_us, pick);

  for (i = 0; i < self->n_nodes; i++) {
    NodeSlot *ns = &self->nodes[i];
    RvCsiFrame f;
    if (pick[i] == RV_FUSION_NO_FRAME)
      continue;
    chosen[i] = ns->frame[pick[i]];
    if (!gst_rv_csi_buffer_map (chosen[i], &maps[n], GST_MAP_READ, &f))
      continue;
    if (ns->used[pick[i]])
      self->st_reused++;
    /* the node's older frames will not be fused any more */
    for (c = 0; c <= pick[i]; c++) {
      if (!ns->used[c] && c < pick[i])
        self->st_superseded++;
      ns->used[c] = TRUE;
    }
    memset (&in[n], 0, sizeof (in[n]));
    in[n].node_id = f.node_id;
    in[n].timestamp_us = f.timestamp_us;
    in[n].coherence = 1.0f;
    in[n].n_channels = MIN (f.dim0, RV_NODE_MAX_CHANNELS);
    in[n].n_bins = f.dim1;
    for (c = 0; c < in[n].n_channels; c++) {
      in[n].amplitude[c] = rv_csi_amplitude (&f, c);
      in[n].phase[c] = rv_csi_phase (&f, c);
    }
    cals[n].present = (f.flags & RV_CSI_FLAG_HAS_CALIB_ID) != 0;
    cals[n].id = f.calibration_id;
    if (!(f.flags & RV_CSI_FLAG_CALIBRATED))
      calibrated = FALSE;
    rssi[n] = f.rssi_dbm;
    noise[n] = f.noise_floor_dbm;
    seq[n] = f.sequence;
    slot_of[n] = i;
    n++;
  }

  if (n >= self->min_nodes && n > 0) {
    err = rv_multistatic_fuse_scored_calibrated (self->fuser, in, n, cals, n,
        self->coherence_accept, self->amp, self->phase, MAX_BINS, &fused,
        score);
    ok = err == RV_MULTISTATIC_OK;
    if (!ok) {
      const RvMultistaticErrorInfo *ei =
          rv_multistatic_fuser_last_error (self->fuser);
      GST_WARNING_OBJECT (self, "cycle %" G_GUINT64_FORMAT " dropped: %s "
          "(spread %" G_GUINT64_FORMAT " us, guard %" G_GUINT64_FORMAT
          " us)", self->cycle, rv_multistatic_error_str (err), ei->spread_us,
          ei->guard_us);
    }
  }

  out = gst_rv_fused_buffer_new (self->n_nodes, ok ? fused.n_bins : 0, &rmap,
      &rec);
  rec.cycle = self->cycle;
  for (i = 0; i < self->n_nodes; i++) {
    rec.nodes[i].node_id = self->nodes[i].node_id;
    /* delivered but not fused (fusion failed, or no channel) = rejected */
    rec.nodes[i].status = pick[i] != RV_FUSION_NO_FRAME ? RV_NODE_REJECTED :
        RV_NODE_ABSENT;
    rec.nodes[i].record_index = G_MAXUINT32;
  }
  if (ok) {
    guint k;
    memcpy (rec.fused_amplitude, self->amp, fused.n_bins * sizeof (gfloat));
    memcpy (rec.fused_phase, self->phase, fused.n_bins * sizeof (gfloat));
    rec.timestamp_us = fused.timestamp_us;
    rec.active_nodes = fused.active_nodes;
    rec.cross_node_coherence = fused.cross_node_coherence;
    rec.freq_coherence = fused.freq_coherence;
    if (score->has_calibration_id) {
      rec.flags |= RV_FUSED_FLAG_HAS_CALIB_ID;
      rec.calibration_id = score->calibration_id;
    }
    if (calibrated)
      rec.flags |= RV_FUSED_FLAG_CALIBRATED;
    for (k = 0; k < fused.active_nodes; k++) {
      guint in_idx = fused.node_index[k];
      RvFusedRecordNode *rn = &rec.nodes[slot_of[in_idx]];
      rn->status = RV_NODE_FUSED;
      rn->weight = fused.weights[k];
      rn->timestamp_us = in[in_idx].timestamp_us;
    }
  }
  *failed = !ok && n > 0 && n >= self->min_nodes;
  /* the node frames travel by reference, in node-id order */
  for (i = 0; i < n; i++) {
    RvFusedRecordNode *rn = &rec.nodes[slot_of[i]];
    if (ok)
      rn->record_index = i;
    rn->timestamp_us = in[i].timestamp_us;
    rn->rssi_dbm = rssi[i];
    rn->noise_floor_dbm = noise[i];
    rn->sequence = seq[i];
    gst_buffer_unmap (chosen[slot_of[i]], &maps[i]);
  }
  rec.n_node_records = ok ? n : 0;
  rec.pts_ns = self->cycle_start;
  rec.duration_ns = self->interval;
  gst_rv_fused_buffer_unmap (out, &rmap, &rec);
  if (ok) {
    for (i = 0; i < n; i++)
      gst_rv_fused_buffer_append_node (out, chosen[slot_of[i]]);
  }
  *fused_ok = ok;
  return out;
}

/* frames per second of one output per interval, as a reduced fraction */
static void
interval_to_fraction (GstClockTime interval, gint * n, gint * d)
{
  guint64 a = GST_SECOND, b = interval;
  while (b) {
    guint64 t = a % b;
    a = b;
    b = t;
  }
  if (GST_SECOND / a <= G_MAXINT && interval / a <= G_MAXINT) {
    *n = (gint) (GST_SECOND / a);
    *d = (gint) (interval / a);
  } else {
    gst_util_double_to_fraction ((gdouble) GST_SECOND / (gdouble) interval,
        n, d);
  }
}

/* object lock held: whether a stored frame was never fused */
static gboolean
have_unfused_frames (GstRvMultistaticFuse * self)
{
  guint i, k;
  for (i = 0; i < self->n_nodes; i++)
    for (k = 0; k < self->nodes[i].n; k++)
      if (!self->nodes[i].used[k])
        return TRUE;
  return FALSE;
}

/* aggregate thread, not live, object lock held: when every pad's next frame
 * lies beyond the silence bound, the grid jumps to the earliest of them.
 * Returns TRUE the first time, when the warning is due (posted by the
 * caller with no lock held). */
static gboolean
resync_over_silence (GstRvMultistaticFuse * self, GstClockTime next_rt)
{
  if (!GST_CLOCK_TIME_IS_VALID (next_rt)
      || next_rt < self->cycle_start + self->interval + self->max_gap)
    return FALSE;
  GST_INFO_OBJECT (self, "silence from %" GST_TIME_FORMAT " to %"
      GST_TIME_FORMAT ": resync", GST_TIME_ARGS (self->cycle_start),
      GST_TIME_ARGS (next_rt));
  self->cycle_start = grid_align (self, next_rt);
  self->discont = TRUE;
  self->st_resyncs++;
  if (self->warned_resync)
    return FALSE;
  self->warned_resync = TRUE;
  return TRUE;
}

static GstFlowReturn
gst_rv_multistatic_fuse_aggregate (GstAggregator * agg, gboolean timeout)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (agg);
  GstClockTime cycle_end, next_rt = GST_CLOCK_TIME_NONE;
  gboolean complete = TRUE, any_data = FALSE, fused_ok = FALSE;
  gboolean failed = FALSE, pending, warn_resync = FALSE;
  GstClockTime jump = 0;
  RvQualityScore score;
  GstBuffer *out;
  GList *l;

  if (!self->live_known) {
    GstClockTime lat = gst_aggregator_get_latency (agg);
    GST_OBJECT_LOCK (self);
    self->live = GST_CLOCK_TIME_IS_VALID (lat);
    self->live_known = TRUE;
    GST_OBJECT_UNLOCK (self);
  }

  GST_OBJECT_LOCK (self);
  /* every pad's head: is the cycle complete, and where is the next frame */
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstAggregatorPad *pad = l->data;
    GstBuffer *b = gst_aggregator_pad_peek_buffer (pad);
    if (b) {
      GstClockTime rt = gst_rv_aggregator_pad_running_time (pad, b);
      any_data = TRUE;
      if (GST_CLOCK_TIME_IS_VALID (rt)
          && (!GST_CLOCK_TIME_IS_VALID (next_rt) || rt < next_rt))
        next_rt = rt;
      gst_buffer_unref (b);
    } else if (!gst_aggregator_pad_is_eos (pad)
        && !gst_aggregator_pad_is_inactive (pad)) {
      complete = FALSE;
    }
  }
  /* the first cycle: the one holding the aggregator's start time (after a
   * flush: the first frame's) */
  if (!self->started) {
    GstClockTime t = self->flushed ? next_rt : start_time_locked (self);
    if (!GST_CLOCK_TIME_IS_VALID (t)) {
      GST_OBJECT_UNLOCK (self);
      t = gst_element_get_current_running_time (GST_ELEMENT (self));
      GST_OBJECT_LOCK (self);
    }
    self->cycle_start = grid_align (self, GST_CLOCK_TIME_IS_VALID (t) ? t :
        0);
    self->started = TRUE;
    self->flushed = FALSE;
  }
  pending = have_unfused_frames (self);
  if (!timeout && complete && any_data && !pending) {
    GstClockTime from = self->cycle_start;
    warn_resync = resync_over_silence (self, next_rt);
    jump = next_rt - from;
  }
  cycle_end = self->cycle_start + self->interval;

  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstAggregatorPad *pad = l->data;
    for (;;) {
      GstBuffer *b = gst_aggregator_pad_peek_buffer (pad);
      GstClockTime rt;
      if (!b) {
        if (!gst_aggregator_pad_is_eos (pad) &&
            !gst_aggregator_pad_is_inactive (pad))
          complete = FALSE;
        break;
      }
      rt = gst_rv_aggregator_pad_running_time (pad, b);
      if (GST_CLOCK_TIME_IS_VALID (rt) && rt >= cycle_end) {
        gst_buffer_unref (b);
        break;
      }
      gst_aggregator_pad_drop_buffer (pad);
      if (!GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP))
        store_frame (self, b, rt);
      gst_buffer_unref (b);
    }
  }
  pending = have_unfused_frames (self);
  GST_OBJECT_UNLOCK (self);

  if (warn_resync)
    GST_ELEMENT_WARNING (self, STREAM, FAILED,
        (_("The input jumps %.1f s ahead without a frame: the fused cycles "
                "skip the silence (reported once; see the resyncs "
                "statistic)."), (gdouble) jump / GST_SECOND),
        ("to %" GST_TIME_FORMAT ", max-gap %" GST_TIME_FORMAT,
            GST_TIME_ARGS (next_rt), GST_TIME_ARGS (self->max_gap)));

  /* not live: every pad at EOS and nothing left to fuse */
  if (!any_data && !timeout && complete && !pending)
    return GST_FLOW_EOS;
  if (!complete && !timeout)
    return GST_AGGREGATOR_FLOW_NEED_DATA;

  if (self->caps_dirty) {
    GstCaps *caps;
    gint n, d;
    interval_to_fraction (self->interval, &n, &d);
    caps = gst_rv_fused_caps_new (n, d, self->all_calibrated);
    gst_aggregator_set_src_caps (agg, caps);
    gst_caps_unref (caps);
    self->caps_dirty = FALSE;
  }

  rv_quality_score_init (&score);
  GST_OBJECT_LOCK (self);
  out = make_cycle_buffer (self, &score, &fused_ok, &failed);
  self->st_cycles++;
  if (fused_ok)
    self->st_fused++;
  else
    self->st_gaps++;
  if (failed)
    self->st_fusion_errors++;
  prune_slots (self, cycle_end + self->interval);
  GST_OBJECT_UNLOCK (self);

  GST_BUFFER_PTS (out) = self->cycle_start;
  GST_BUFFER_DURATION (out) = self->interval;
  GST_BUFFER_OFFSET (out) = self->cycle;
  if (fused_ok) {
    gst_buffer_add_rv_quality_meta (out, &score);
  } else {
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_GAP);
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DROPPABLE);
  }
  if (self->discont)
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DISCONT);
  self->discont = FALSE;

  self->cycle++;
  /* the output position moves on before the buffer is pushed */
  GST_OBJECT_LOCK (self);
  self->cycle_start = cycle_end;
  GST_AGGREGATOR_PAD (agg->srcpad)->segment.position = cycle_end;
  GST_OBJECT_UNLOCK (self);

  gst_aggregator_selected_samples (agg, GST_BUFFER_PTS (out),
      GST_CLOCK_TIME_NONE, GST_BUFFER_DURATION (out), NULL);
  return gst_aggregator_finish_buffer (agg, out);
}

static void
gst_rv_multistatic_fuse_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (object);

  switch (prop_id) {
    case PROP_FORCE_LIVE:
      gst_aggregator_set_force_live (GST_AGGREGATOR (self),
          g_value_get_boolean (value));
      return;
    case PROP_IGNORE_INACTIVE_PADS:
      gst_aggregator_set_ignore_inactive_pads (GST_AGGREGATOR (self),
          g_value_get_boolean (value));
      break;
    default:
      break;
  }

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_OUTPUT_INTERVAL:
      self->prop_interval = g_value_get_uint64 (value);
      break;
    case PROP_MIN_NODES:
      self->prop_min_nodes = g_value_get_uint (value);
      break;
    case PROP_HARD_GUARD_US:
      self->prop_hard_guard_us = g_value_get_uint64 (value);
      break;
    case PROP_SOFT_GUARD_US:
      self->prop_soft_guard_us = g_value_get_uint64 (value);
      break;
    case PROP_TDM_SLOTS:
      self->prop_tdm_slots = g_value_get_uint (value);
      break;
    case PROP_TDM_SLOT_US:
      self->prop_tdm_slot_us = g_value_get_uint64 (value);
      break;
    case PROP_TEMPERATURE:
      self->prop_temperature = g_value_get_float (value);
      break;
    case PROP_COHERENCE_ACCEPT:
      self->prop_coherence_accept = g_value_get_float (value);
      break;
    case PROP_IGNORE_INACTIVE_PADS:
      self->prop_ignore_inactive = g_value_get_boolean (value);
      break;
    case PROP_MAX_AGE:
      self->prop_max_age = g_value_get_uint64 (value);
      break;
    case PROP_MAX_GAP:
      self->prop_max_gap = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_multistatic_fuse_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvMultistaticFuse *self = GST_RV_MULTISTATIC_FUSE (object);

  if (prop_id == PROP_FORCE_LIVE) {
    g_value_set_boolean (value,
        gst_aggregator_get_force_live (GST_AGGREGATOR (self)));
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_OUTPUT_INTERVAL:
      g_value_set_uint64 (value, self->prop_interval);
      break;
    case PROP_MIN_NODES:
      g_value_set_uint (value, self->prop_min_nodes);
      break;
    case PROP_HARD_GUARD_US:
      g_value_set_uint64 (value, self->prop_hard_guard_us);
      break;
    case PROP_SOFT_GUARD_US:
      g_value_set_uint64 (value, self->prop_soft_guard_us);
      break;
    case PROP_TDM_SLOTS:
      g_value_set_uint (value, self->prop_tdm_slots);
      break;
    case PROP_TDM_SLOT_US:
      g_value_set_uint64 (value, self->prop_tdm_slot_us);
      break;
    case PROP_TEMPERATURE:
      g_value_set_float (value, self->prop_temperature);
      break;
    case PROP_COHERENCE_ACCEPT:
      g_value_set_float (value, self->prop_coherence_accept);
      break;
    case PROP_IGNORE_INACTIVE_PADS:
      g_value_set_boolean (value, self->prop_ignore_inactive);
      break;
    case PROP_MAX_AGE:
      g_value_set_uint64 (value, self->prop_max_age);
      break;
    case PROP_MAX_GAP:
      g_value_set_uint64 (value, self->prop_max_gap);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_structure_new ("rvmultistaticfuse-stats",
              "cycles", G_TYPE_UINT64, self->st_cycles,
              "fused", G_TYPE_UINT64, self->st_fused,
              "gaps", G_TYPE_UINT64, self->st_gaps,
              "fusion-errors", G_TYPE_UINT64, self->st_fusion_errors,
              "frames", G_TYPE_UINT64, self->st_frames,
              "late", G_TYPE_UINT64, self->st_late,
              "invalid", G_TYPE_UINT64, self->st_invalid,
              "superseded", G_TYPE_UINT64, self->st_superseded,
              "reused", G_TYPE_UINT64, self->st_reused,
              "resyncs", G_TYPE_UINT64, self->st_resyncs, NULL));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
