/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvcompare
 * @title: rvcompare
 *
 * A/B trials in one pipeline: one source, a `tee`, two (or more) branches
 * that differ in a property, and `rvcompare` taking each branch's fused
 * stream (`application/x-ruview-fused`) on a request pad `sink_%u`. It pairs
 * the branches' buffers of the same cycle and compares every result the
 * cycle carries — the fused record (blended and attention-weight
 * coherence, active nodes, weights, amplitude), the quality score, the gate
 * decision and coherence state, the CIR (error, dominant tap and ratio,
 * residual, iterations, active taps, ranging, delay spread, taps), the
 * occupancy grid, the tracked persons (count, ids, keypoints, confidence,
 * lifecycle) and the witness (hash, privacy class and mode, flags,
 * coherences). The comparison itself is `common/ruview/ab_compare.h`.
 *
 * The branch on the lowest-numbered pad is A; every other branch is a B
 * compared with A. Output (`application/x-json`, one document per line, each
 * in its own buffer, so `filesink` writes JSON Lines):
 *
 * * per cycle and B, an `ab_cycle` document with what differed (see
 *   #GstRvCompare:cycle-documents);
 * * every #GstRvCompare:summary-interval of stream time and at EOS, per B an
 *   `ab_summary` document: which branch was A and which B (pad, label,
 *   elements, processing time), the properties in which their elements
 *   differ, the cycles compared and missing, difference statistics for every
 *   numeric field and a confusion table for every categorical one. Each is
 *   also posted as an element message (#GstRvCompare:post-messages).
 *
 * Pairing: buffers are paired by the running time of their PTS (a tee gives
 * every branch the same timestamps); the fused records' cycle counters are
 * checked and a disagreement is counted (`cycle_mismatch`). At each step the
 * earliest cycle waiting on any pad is compared with what the other pads
 * hold for it; a branch whose next buffer is later, that is at EOS, or that
 * sent a GAP event (a `valve drop-mode=transform-to-gap`) for it, misses that
 * cycle: counted, never waited for. A buffer that comes after its cycle was
 * compared is `late` and dropped. Not live, GstAggregator waits until every
 * pad has a buffer or EOS, so a branch that drops some cycles
 * (`identity drop-probability`) is counted as soon as its next buffer comes;
 * a branch that stops delivering altogether (a `valve` dropping everything)
 * holds a non-live pipeline, as it would hold any aggregator: make the valve
 * send GAP events, or set #GstRvCompare:force-live. Live (or with
 * `force-live`), each cycle is compared at the latest when the clock reaches
 * its running time plus `latency` (GstAggregator's property, 100 ms here by
 * default: how much later than the fastest branch another branch may
 * deliver a cycle) plus the upstream latency.
 *
 * The properties that differ between A and B are read from the elements of
 * each branch: from the pad upstream to the `tee` (an element with several
 * source pads) or to the first element without exactly one sink pad; the
 * elements are matched by factory in stream order and every readable and
 * writable property of a matched pair is compared (its serialised value).
 * Where the pipeline does not show it, name each branch with the pad
 * property #GstRvComparePad:label.
 *
 * Processing time (#GstRvCompare:processing-time): the wall-clock time each
 * buffer spends in the branch, from the pad where the branch's streaming
 * thread starts (the `queue` at its head, or the `tee`) to `rvcompare`,
 * measured with pad probes; it is not CPU time, and it is unknown (null)
 * when no such pad is found.
 *
 * ## Messages
 *
 * With `post-messages`, an element message named `rvcompare` per B with
 * every summary:
 *
 * * #GstClockTime `timestamp`, `stream-time`, `running-time`, `duration`:
 *   the stream time since the previous summary
 * * #gchararray `a`, `b`: the pads; #gboolean `final`: the EOS summary
 * * #guint64 `cycles`, `equal-cycles`, `missing-a`, `missing-b`
 * * #GstValueArray of #gchararray `changed`: the fields that differed
 * * #gchararray `summary`: the `ab_summary` JSON document
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 csisrc num-buffers=2000 ! rvphasealign ! rvmultistaticfuse ! tee name=t t. ! queue ! rvcirgate ! rvwitness ! c.sink_0 t. ! queue ! rvcirgate use-cir-gate=false ! rvwitness ! c.sink_1 rvcompare name=c ! filesink location=ab.jsonl
 * ]| The synthetic room with and without the CIR blend: what changes is the
 * blended coherence, not the gate decision nor the witness.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "gstruviewelements.h"
#include "gstrvcompare.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvaggregator.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvmessage.h"
#include "gst/ruview/rvcirmeta.h"
#include "gst/ruview/rvgatemeta.h"
#include "gst/ruview/rvoccupancymeta.h"
#include "gst/ruview/rvposemeta.h"
#include "gst/ruview/rvqualitymeta.h"
#include "gst/ruview/rvwitnessmeta.h"
#include "ruview/ab_compare.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_compare_debug);
#define GST_CAT_DEFAULT gst_rv_compare_debug

#define DEFAULT_SUMMARY_INTERVAL  (10 * GST_SECOND)
#define DEFAULT_CYCLE_DOCUMENTS   GST_RV_COMPARE_CYCLES_ALL
#define DEFAULT_POST_MESSAGES     TRUE
#define DEFAULT_PROCESSING_TIME   TRUE
#define DEFAULT_FORCE_LIVE        FALSE
#define DEFAULT_LATENCY           (100 * GST_MSECOND)
#define DEFAULT_LABEL             NULL

/* branches one element compares */
#define MAX_BRANCHES      16
/* elements walked upstream of a pad */
#define MAX_BRANCH_DEPTH  64
/* buffers in flight between a branch's start and rvcompare */
#define TIME_RING         64

enum
{
  PROP_0,
  PROP_SUMMARY_INTERVAL,
  PROP_CYCLE_DOCUMENTS,
  PROP_POST_MESSAGES,
  PROP_PROCESSING_TIME,
  PROP_FORCE_LIVE,
  PROP_STATS,
};

enum
{
  PROP_PAD_0,
  PROP_PAD_LABEL,
};

/* Locking.  Lock order: stream lock → object lock → pad object lock (as
 * GstAggregator).  The element's property fields are protected by its
 * object lock, a pad's label by the pad's; the aggregate thread reads them
 * under those locks.  The counters are written by the aggregate thread
 * under the element's object lock (read by the stats getter).  A pad's
 * time_lock protects its processing-time ring and figures, written by the
 * probes in the branches' threads.  Messages are posted, and buffers pushed,
 * with no lock held. */
struct _GstRvComparePad
{
  GstAggregatorPad parent;

  gchar *label;

  /* < private > */
  guint index;                  /* the N of sink_N */
  /* aggregate thread: this cycle's buffer, mapped */
  GstBuffer *held;
  GstMapInfo map;
  RvFusedRecord rec;
  gboolean have_record;
  RvAbBranch *branch;
  gfloat *weights;
  gsize weights_len;
  /* as B of the pair (A, this pad); counters under the element lock */
  RvAbStats *stats;
  guint64 missing_a, missing_b, mismatch;
  /* this branch's buffers that were late, not fused records, GAP events */
  guint64 late, invalid, gaps;

  GMutex time_lock;
  RvAbTiming timing;
  GstClockTime ring_pts[TIME_RING];
  gint64 ring_t[TIME_RING];
  guint ring_pos;
  GstPad *time_pad;
  gulong time_probe, sink_probe;
};

struct _GstRvCompare
{
  GstAggregator parent;

  GstClockTime summary_interval;
  GstRvCompareCycles cycle_documents;
  gboolean post_messages;
  gboolean processing_time;

  /* < private > aggregate thread */
  gboolean caps_set, probes_done;
  gboolean have_last;
  GstClockTime last_key;
  GstRvMessageInterval iv;
  RvJsonWriter w;
  RvAbDiff *diff;

  /* statistics, object lock */
  guint64 st_cycles, st_compared;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink_%u",
    GST_PAD_SINK,
    GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_JSON_MEDIA_TYPE));

/* ------------------------------------------------------------------ pad */

#define gst_rv_compare_pad_parent_class pad_parent_class
G_DEFINE_TYPE (GstRvComparePad, gst_rv_compare_pad, GST_TYPE_AGGREGATOR_PAD);

static void
gst_rv_compare_pad_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvComparePad *pad = GST_RV_COMPARE_PAD (object);

  switch (prop_id) {
    case PROP_PAD_LABEL:
      GST_OBJECT_LOCK (pad);
      g_free (pad->label);
      pad->label = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (pad);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_rv_compare_pad_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvComparePad *pad = GST_RV_COMPARE_PAD (object);

  switch (prop_id) {
    case PROP_PAD_LABEL:
      GST_OBJECT_LOCK (pad);
      g_value_set_string (value, pad->label);
      GST_OBJECT_UNLOCK (pad);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_rv_compare_pad_constructed (GObject * object)
{
  GstRvComparePad *pad = GST_RV_COMPARE_PAD (object);
  guint n = 0;

  G_OBJECT_CLASS (pad_parent_class)->constructed (object);
  if (sscanf (GST_OBJECT_NAME (pad), "sink_%u", &n) == 1)
    pad->index = n;
}

static void
gst_rv_compare_pad_finalize (GObject * object)
{
  GstRvComparePad *pad = GST_RV_COMPARE_PAD (object);

  g_free (pad->label);
  g_free (pad->branch);
  g_free (pad->weights);
  rv_ab_stats_free (pad->stats);
  g_mutex_clear (&pad->time_lock);
  G_OBJECT_CLASS (pad_parent_class)->finalize (object);
}

static void
gst_rv_compare_pad_class_init (GstRvComparePadClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->set_property = gst_rv_compare_pad_set_property;
  gobject_class->get_property = gst_rv_compare_pad_get_property;
  gobject_class->constructed = gst_rv_compare_pad_constructed;
  gobject_class->finalize = gst_rv_compare_pad_finalize;

  /**
   * GstRvComparePad:label:
   *
   * What this branch is, in the user's words (e.g. `fft-ista=true`),
   * written in the summaries beside the pad name and the properties
   * rvcompare reads from the branch itself.
   */
  g_object_class_install_property (gobject_class, PROP_PAD_LABEL,
      g_param_spec_string ("label", "Label",
          "Name of this branch in the summaries (NULL = none)", DEFAULT_LABEL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
}

static void
gst_rv_compare_pad_init (GstRvComparePad * pad)
{
  g_mutex_init (&pad->time_lock);
  pad->branch = g_new0 (RvAbBranch, 1);
}

/* -------------------------------------------------------------- element */

static void gst_rv_compare_child_proxy_init (gpointer g_iface,
    gpointer iface_data);

#define gst_rv_compare_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstRvCompare, gst_rv_compare, GST_TYPE_AGGREGATOR,
    G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY,
        gst_rv_compare_child_proxy_init));
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvcompare, "rvcompare",
    GST_RANK_NONE, GST_TYPE_RV_COMPARE,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_compare_debug, "rvcompare", 0,
        "RuView A/B comparison of branches"));

static void gst_rv_compare_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_compare_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_compare_finalize (GObject * object);
static GstPad *gst_rv_compare_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * name, const GstCaps * caps);
static void gst_rv_compare_release_pad (GstElement * element, GstPad * pad);
static gboolean gst_rv_compare_start (GstAggregator * agg);
static gboolean gst_rv_compare_stop (GstAggregator * agg);
static GstFlowReturn gst_rv_compare_flush (GstAggregator * agg);
static GstClockTime gst_rv_compare_get_next_time (GstAggregator * agg);
static GstFlowReturn gst_rv_compare_aggregate (GstAggregator * agg,
    gboolean timeout);

static void
gst_rv_compare_class_init (GstRvCompareClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);

  gobject_class->set_property = gst_rv_compare_set_property;
  gobject_class->get_property = gst_rv_compare_get_property;
  gobject_class->finalize = gst_rv_compare_finalize;

  /**
   * GstRvCompare:summary-interval:
   *
   * Stream time between two `ab_summary` documents (and messages) while the
   * stream runs; they are cumulative since the start. 0: only at EOS.
   */
  g_object_class_install_property (gobject_class, PROP_SUMMARY_INTERVAL,
      g_param_spec_uint64 ("summary-interval", "Summary interval",
          "Stream time between two cumulative summaries (in nanoseconds; "
          "0 = only at EOS)", 0, G_MAXUINT64, DEFAULT_SUMMARY_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvCompare:cycle-documents:
   *
   * Which cycles get an `ab_cycle` document (per B branch) besides the
   * summary.
   */
  g_object_class_install_property (gobject_class, PROP_CYCLE_DOCUMENTS,
      g_param_spec_enum ("cycle-documents", "Cycle documents",
          "Which cycles get an ab_cycle document (per B branch)",
          GST_TYPE_RV_COMPARE_CYCLES, DEFAULT_CYCLE_DOCUMENTS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvCompare:post-messages:
   *
   * Post an `rvcompare` element message with every summary.
   */
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post an rvcompare element message with every summary",
          DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvCompare:processing-time:
   *
   * Measure each branch's wall-clock processing time per buffer with pad
   * probes (from the pad where the branch's thread starts to rvcompare)
   * and write it in the summaries. It makes the summaries differ from run
   * to run; the `ab_cycle` documents never carry it.
   */
  g_object_class_install_property (gobject_class, PROP_PROCESSING_TIME,
      g_param_spec_boolean ("processing-time", "Processing time",
          "Measure each branch's processing time (wall clock) and write it "
          "in the summaries", DEFAULT_PROCESSING_TIME,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCompare:force-live:
   *
   * Operate in live mode: compare each cycle when its running time plus the
   * latency is reached on the clock, even with inputs that are not live.
   */
  g_object_class_install_property (gobject_class, PROP_FORCE_LIVE,
      g_param_spec_boolean ("force-live", "Force live",
          "Operate in live mode: compare each cycle by its running time plus "
          "latency on the clock, even with non-live inputs",
          DEFAULT_FORCE_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          G_PARAM_CONSTRUCT_ONLY));
  /**
   * GstRvCompare:stats:
   *
   * Counters since start: `cycles` (cycles seen on any branch), `compared`
   * (A/B pairs compared, over every B), `missing` (cycles a branch missed,
   * over every pair), `late`, `invalid` (buffers that are not fused records)
   * and `gaps` (GAP events), over every branch.
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: cycles, compared, missing, late, invalid, gaps",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_RV_COMPARE_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class,
      "RuView A/B comparison", "Combiner/Analyzer",
      "Pairs the fused cycles of two or more branches and reports, cycle by "
      "cycle and in summaries, which results differ and by how much",
      "gst-ruview contributors");

  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_rv_compare_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_rv_compare_release_pad);
  agg_class->start = GST_DEBUG_FUNCPTR (gst_rv_compare_start);
  agg_class->stop = GST_DEBUG_FUNCPTR (gst_rv_compare_stop);
  agg_class->flush = GST_DEBUG_FUNCPTR (gst_rv_compare_flush);
  agg_class->get_next_time = GST_DEBUG_FUNCPTR (gst_rv_compare_get_next_time);
  agg_class->peek_next_sample =
      GST_DEBUG_FUNCPTR (gst_rv_aggregator_peek_next_sample);
  agg_class->aggregate = GST_DEBUG_FUNCPTR (gst_rv_compare_aggregate);

  gst_type_mark_as_plugin_api (GST_TYPE_RV_COMPARE_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_COMPARE_CYCLES, 0);
  g_type_class_ref (GST_TYPE_RV_PRIVACY_MODE);
}

static void
gst_rv_compare_init (GstRvCompare * self)
{
  self->summary_interval = DEFAULT_SUMMARY_INTERVAL;
  self->cycle_documents = DEFAULT_CYCLE_DOCUMENTS;
  self->post_messages = DEFAULT_POST_MESSAGES;
  self->processing_time = DEFAULT_PROCESSING_TIME;
  self->diff = g_new0 (RvAbDiff, 1);
  rv_json_writer_init (&self->w);
  gst_rv_message_interval_reset (&self->iv);
  /* a slower branch may deliver a cycle this much after the fastest */
  g_object_set (self, "latency", (guint64) DEFAULT_LATENCY, NULL);
}

static void
gst_rv_compare_finalize (GObject * object)
{
  GstRvCompare *self = GST_RV_COMPARE (object);

  rv_json_writer_clear (&self->w);
  g_free (self->diff);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* ------------------------------------------------------- child proxy */

static GObject *
gst_rv_compare_child_proxy_get_child_by_index (GstChildProxy * proxy,
    guint index)
{
  GstElement *e = GST_ELEMENT (proxy);
  GObject *obj;

  GST_OBJECT_LOCK (e);
  obj = g_list_nth_data (e->sinkpads, index);
  if (obj)
    gst_object_ref (obj);
  GST_OBJECT_UNLOCK (e);
  return obj;
}

static guint
gst_rv_compare_child_proxy_get_children_count (GstChildProxy * proxy)
{
  GstElement *e = GST_ELEMENT (proxy);
  guint n;

  GST_OBJECT_LOCK (e);
  n = e->numsinkpads;
  GST_OBJECT_UNLOCK (e);
  return n;
}

static void
gst_rv_compare_child_proxy_init (gpointer g_iface, gpointer iface_data)
{
  GstChildProxyInterface *iface = g_iface;

  iface->get_child_by_index = gst_rv_compare_child_proxy_get_child_by_index;
  iface->get_children_count = gst_rv_compare_child_proxy_get_children_count;
}

/* ------------------------------------------------- processing time */

/* A branch's buffer leaves the pad where the branch's thread starts. */
static GstPadProbeReturn
branch_start_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstRvComparePad *cpad = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  if (!GST_BUFFER_PTS_IS_VALID (buf))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&cpad->time_lock);
  cpad->ring_pts[cpad->ring_pos] = GST_BUFFER_PTS (buf);
  cpad->ring_t[cpad->ring_pos] = g_get_monotonic_time ();
  cpad->ring_pos = (cpad->ring_pos + 1) % TIME_RING;
  g_mutex_unlock (&cpad->time_lock);
  return GST_PAD_PROBE_OK;
}

/* The buffer reaches rvcompare (before the aggregator queues it). */
static GstPadProbeReturn
branch_end_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstRvComparePad *cpad = GST_RV_COMPARE_PAD (pad);
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  gint64 now = g_get_monotonic_time ();
  guint i;

  if (!GST_BUFFER_PTS_IS_VALID (buf))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&cpad->time_lock);
  /* newest first */
  for (i = 1; i <= TIME_RING; i++) {
    guint k = (cpad->ring_pos + TIME_RING - i) % TIME_RING;
    if (cpad->ring_t[k] != 0 && cpad->ring_pts[k] == GST_BUFFER_PTS (buf)) {
      rv_ab_timing_add (&cpad->timing, (gdouble) (now - cpad->ring_t[k]));
      cpad->ring_t[k] = 0;
      break;
    }
  }
  g_mutex_unlock (&cpad->time_lock);
  return GST_PAD_PROBE_OK;
}

static void
remove_time_probes (GstRvComparePad * pad)
{
  if (pad->time_pad) {
    gst_pad_remove_probe (pad->time_pad, pad->time_probe);
    gst_clear_object (&pad->time_pad);
  }
  if (pad->sink_probe) {
    gst_pad_remove_probe (GST_PAD (pad), pad->sink_probe);
    pad->sink_probe = 0;
  }
  pad->time_probe = 0;
}

/* ------------------------------------------------------- branch walk */

/* The pad upstream of pad, seen through bins (ghost and proxy pads). */
static GstPad *
upstream_peer (GstPad * pad)
{
  GstPad *peer = gst_pad_get_peer (pad);
  guint i;

  for (i = 0; peer && i < MAX_BRANCH_DEPTH; i++) {
    GstPad *next = NULL;
    if (GST_IS_GHOST_PAD (peer)) {
      /* a bin's source pad: the element inside */
      next = gst_ghost_pad_get_target (GST_GHOST_PAD (peer));
    } else if (GST_IS_PROXY_PAD (peer)) {
      /* the inside of a bin's sink pad: what feeds the bin */
      GstProxyPad *ghost = gst_proxy_pad_get_internal (GST_PROXY_PAD (peer));
      if (ghost) {
        next = gst_pad_get_peer (GST_PAD (ghost));
        gst_object_unref (ghost);
      }
    } else {
      break;
    }
    gst_object_unref (peer);
    peer = next;
  }
  return peer;
}

/* The elements of the branch feeding sinkpad, nearest first (references
 * added to elements), up to the branch point (an element with several
 * source pads, not included) or to the first element without exactly one
 * sink pad (included).  *start: the pad where the branch's streaming thread
 * starts (the nearest source pad running a task, or the branch point's),
 * or NULL. */
static void
walk_branch (GstPad * sinkpad, GPtrArray * elements, GstPad ** start)
{
  GstPad *pad = gst_object_ref (sinkpad);
  guint depth;

  if (start)
    *start = NULL;
  for (depth = 0; pad && depth < MAX_BRANCH_DEPTH; depth++) {
    GstPad *peer = upstream_peer (pad), *sink = NULL;
    GstElement *e = peer ? gst_pad_get_parent_element (peer) : NULL;
    gboolean branch_point, task;

    gst_clear_object (&pad);
    if (!e) {
      gst_clear_object (&peer);
      break;
    }
    GST_OBJECT_LOCK (e);
    branch_point = e->numsrcpads > 1;
    if (e->numsinkpads == 1)
      sink = gst_object_ref (e->sinkpads->data);
    GST_OBJECT_UNLOCK (e);
    GST_OBJECT_LOCK (peer);
    task = GST_PAD_TASK (peer) != NULL;
    GST_OBJECT_UNLOCK (peer);
    if (start && !*start && (branch_point || task))
      *start = gst_object_ref (peer);
    gst_object_unref (peer);
    if (branch_point) {
      gst_object_unref (e);
      gst_clear_object (&sink);
      break;
    }
    g_ptr_array_add (elements, e);
    pad = sink;
  }
  gst_clear_object (&pad);
}

/* aggregate thread: the probes timing each branch, once */
static void
install_time_probes (GstRvCompare * self, GstRvComparePad ** pads, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    GstRvComparePad *pad = pads[i];
    GPtrArray *elements = g_ptr_array_new_with_free_func (gst_object_unref);
    GstPad *start = NULL;

    walk_branch (GST_PAD (pad), elements, &start);
    g_ptr_array_unref (elements);
    if (!start || pad->time_pad) {
      GST_INFO_OBJECT (pad, "no start of the branch's thread found: "
          "processing time unknown");
      gst_clear_object (&start);
      continue;
    }
    GST_INFO_OBJECT (pad, "processing time from %" GST_PTR_FORMAT, start);
    pad->time_pad = start;
    pad->time_probe = gst_pad_add_probe (start, GST_PAD_PROBE_TYPE_BUFFER,
        branch_start_probe, gst_object_ref (pad), gst_object_unref);
    pad->sink_probe = gst_pad_add_probe (GST_PAD (pad),
        GST_PAD_PROBE_TYPE_BUFFER, branch_end_probe, NULL, NULL);
  }
}

/* --------------------------------------------------- what differs */

static const gchar *
element_kind (GstElement * e)
{
  GstElementFactory *f = gst_element_get_factory (e);
  return f ? GST_OBJECT_NAME (f) : G_OBJECT_TYPE_NAME (e);
}

/* the serialised value of a configuration property, or NULL */
static gchar *
property_text (GstElement * e, GParamSpec * p)
{
  GValue v = G_VALUE_INIT;
  gchar *s;

  if ((p->flags & (G_PARAM_READABLE | G_PARAM_WRITABLE)) !=
      (G_PARAM_READABLE | G_PARAM_WRITABLE) || (p->flags & G_PARAM_DEPRECATED)
      || g_str_equal (p->name, "name") || g_str_equal (p->name, "parent")
      || G_TYPE_IS_OBJECT (p->value_type) || p->value_type == G_TYPE_POINTER)
    return NULL;
  g_value_init (&v, p->value_type);
  g_object_get_property (G_OBJECT (e), p->name, &v);
  s = gst_value_serialize (&v);
  g_value_unset (&v);
  return s;
}

/* "factory" or, when A's branch has several of that factory, "factory[k]" */
static gchar *
element_path (GPtrArray * branch, guint i)
{
  const gchar *kind = element_kind (g_ptr_array_index (branch, i));
  guint k, nth = 0, total = 0;

  for (k = 0; k < branch->len; k++) {
    if (!g_str_equal (element_kind (g_ptr_array_index (branch, k)), kind))
      continue;
    if (k < i)
      nth++;
    total++;
  }
  return total > 1 ? g_strdup_printf ("%s[%u]", kind, nth) : g_strdup (kind);
}

static void
compare_properties (RvJsonWriter * w, GstElement * ea, GstElement * eb,
    const gchar * path)
{
  guint n, i;
  GParamSpec **props = g_object_class_list_properties (G_OBJECT_GET_CLASS (ea),
      &n);

  for (i = 0; i < n; i++) {
    gchar *va = property_text (ea, props[i]), *vb;
    if (!va)
      continue;
    vb = property_text (eb, props[i]);
    if (vb && !g_str_equal (va, vb)) {
      gchar *key = g_strdup_printf ("%s.%s", path, props[i]->name);
      rv_json_key (w, key);
      rv_json_begin_object (w);
      rv_json_kv_string (w, "a", va);
      rv_json_kv_string (w, "b", vb);
      rv_json_end_object (w);
      g_free (key);
    }
    g_free (va);
    g_free (vb);
  }
  g_free (props);
}

/* "differences", "only_in_a", "only_in_b": the branches' elements matched
 * by factory in stream order (a and b upstream first) */
static void
write_differences (RvJsonWriter * w, GPtrArray * a, GPtrArray * b)
{
  gint *match = g_new (gint, a->len);
  gboolean *b_used = g_new0 (gboolean, b->len + 1);
  guint i, k, from = 0;

  for (i = 0; i < a->len; i++) {
    match[i] = -1;
    for (k = from; k < b->len; k++) {
      if (g_str_equal (element_kind (g_ptr_array_index (a, i)),
              element_kind (g_ptr_array_index (b, k)))) {
        match[i] = (gint) k;
        b_used[k] = TRUE;
        from = k + 1;
        break;
      }
    }
  }
  rv_json_key (w, "differences");
  rv_json_begin_object (w);
  for (i = 0; i < a->len; i++) {
    gchar *path;
    if (match[i] < 0)
      continue;
    path = element_path (a, i);
    compare_properties (w, g_ptr_array_index (a, i),
        g_ptr_array_index (b, match[i]), path);
    g_free (path);
  }
  rv_json_end_object (w);
  rv_json_key (w, "only_in_a");
  rv_json_begin_array (w);
  for (i = 0; i < a->len; i++)
    if (match[i] < 0)
      rv_json_string (w, element_kind (g_ptr_array_index (a, i)));
  rv_json_end_array (w);
  rv_json_key (w, "only_in_b");
  rv_json_begin_array (w);
  for (k = 0; k < b->len; k++)
    if (!b_used[k])
      rv_json_string (w, element_kind (g_ptr_array_index (b, k)));
  rv_json_end_array (w);
  g_free (match);
  g_free (b_used);
}

/* the branch's elements, upstream first */
static GPtrArray *
branch_elements (GstRvComparePad * pad)
{
  GPtrArray *e = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  walk_branch (GST_PAD (pad), e, NULL);
  for (i = 0; i < e->len / 2; i++) {
    gpointer t = e->pdata[i];
    e->pdata[i] = e->pdata[e->len - 1 - i];
    e->pdata[e->len - 1 - i] = t;
  }
  return e;
}

static void
write_branch (RvJsonWriter * w, GstRvComparePad * pad, GPtrArray * elements,
    gboolean timing)
{
  gchar *label;
  RvAbTiming t;
  guint i;

  GST_OBJECT_LOCK (pad);
  label = g_strdup (pad->label);
  GST_OBJECT_UNLOCK (pad);
  g_mutex_lock (&pad->time_lock);
  t = pad->timing;
  g_mutex_unlock (&pad->time_lock);

  rv_json_begin_object (w);
  rv_json_kv_string (w, "pad", GST_OBJECT_NAME (pad));
  rv_json_key (w, "label");
  if (label)
    rv_json_string (w, label);
  else
    rv_json_null (w);
  rv_json_key (w, "elements");
  rv_json_begin_array (w);
  for (i = 0; i < elements->len; i++)
    rv_json_string (w, element_kind (g_ptr_array_index (elements, i)));
  rv_json_end_array (w);
  if (timing) {
    rv_json_key (w, "processing_time");
    rv_ab_write_timing (w, &t);
  }
  rv_json_end_object (w);
  g_free (label);
}

/* ------------------------------------------------------------ state */

static void
release_held (GstRvComparePad * pad)
{
  if (pad->have_record)
    gst_rv_fused_buffer_unmap (pad->held, &pad->map, NULL);
  pad->have_record = FALSE;
  gst_clear_buffer (&pad->held);
}

static void
reset_pad (GstRvComparePad * pad)
{
  release_held (pad);
  if (pad->stats)
    rv_ab_stats_reset (pad->stats);
  pad->missing_a = pad->missing_b = pad->mismatch = 0;
  pad->late = pad->invalid = pad->gaps = 0;
  g_mutex_lock (&pad->time_lock);
  memset (&pad->timing, 0, sizeof (pad->timing));
  memset (pad->ring_t, 0, sizeof (pad->ring_t));
  g_mutex_unlock (&pad->time_lock);
}

static GstPad *
gst_rv_compare_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstPad *pad;
  guint n;

  GST_OBJECT_LOCK (element);
  n = element->numsinkpads;
  GST_OBJECT_UNLOCK (element);
  if (n >= MAX_BRANCHES) {
    GST_WARNING_OBJECT (element, "at most %d branches", MAX_BRANCHES);
    return NULL;
  }
  pad = GST_ELEMENT_CLASS (parent_class)->request_new_pad (element, templ,
      name, caps);
  if (pad)
    gst_child_proxy_child_added (GST_CHILD_PROXY (element), G_OBJECT (pad),
        GST_OBJECT_NAME (pad));
  return pad;
}

static void
gst_rv_compare_release_pad (GstElement * element, GstPad * pad)
{
  GstRvComparePad *cpad = GST_RV_COMPARE_PAD (pad);

  remove_time_probes (cpad);
  release_held (cpad);
  gst_child_proxy_child_removed (GST_CHILD_PROXY (element), G_OBJECT (pad),
      GST_OBJECT_NAME (pad));
  GST_ELEMENT_CLASS (parent_class)->release_pad (element, pad);
}

static gboolean
gst_rv_compare_start (GstAggregator * agg)
{
  GstRvCompare *self = GST_RV_COMPARE (agg);
  GList *l;

  self->caps_set = FALSE;
  self->probes_done = FALSE;
  self->have_last = FALSE;
  gst_rv_message_interval_reset (&self->iv);
  GST_OBJECT_LOCK (self);
  self->st_cycles = self->st_compared = 0;
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next)
    reset_pad (l->data);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_rv_compare_stop (GstAggregator * agg)
{
  GstElement *e = GST_ELEMENT (agg);
  GList *l;

  GST_OBJECT_LOCK (e);
  for (l = e->sinkpads; l; l = l->next) {
    remove_time_probes (l->data);
    release_held (l->data);
  }
  GST_OBJECT_UNLOCK (e);
  return TRUE;
}

static GstFlowReturn
gst_rv_compare_flush (GstAggregator * agg)
{
  GstRvCompare *self = GST_RV_COMPARE (agg);

  /* a seek: the cycles start again; the statistics go on */
  self->have_last = FALSE;
  gst_rv_message_interval_reset (&self->iv);
  return GST_FLOW_OK;
}

/* ------------------------------------------------------------ timing */

/* No side effects (GstAggregator contract): the running time of the
 * earliest cycle waiting on any pad; live, that cycle is compared once the
 * clock reaches it plus the latency.  NONE when nothing waits. */
static GstClockTime
gst_rv_compare_get_next_time (GstAggregator * agg)
{
  GstClockTime t = GST_CLOCK_TIME_NONE;
  GList *l;

  GST_OBJECT_LOCK (agg);
  for (l = GST_ELEMENT (agg)->sinkpads; l; l = l->next) {
    GstAggregatorPad *pad = l->data;
    GstBuffer *b = gst_aggregator_pad_peek_buffer (pad);
    GstClockTime rt;
    if (!b)
      continue;
    rt = gst_rv_aggregator_pad_running_time (pad, b);
    gst_buffer_unref (b);
    if (GST_CLOCK_TIME_IS_VALID (rt) && (!GST_CLOCK_TIME_IS_VALID (t)
            || rt < t))
      t = rt;
  }
  GST_OBJECT_UNLOCK (agg);
  return t;
}

/* ------------------------------------------------- reading a branch */

static const gchar *
privacy_mode_nick (GstRvPrivacyMode mode)
{
  /* the class is held from class_init on: the nicks stay valid */
  GEnumValue *v = g_enum_get_value (g_type_class_peek
      (GST_TYPE_RV_PRIVACY_MODE), mode);
  return v ? v->value_nick : NULL;
}

/* aggregate thread: the results pad->held carries, into pad->branch */
static void
read_branch (GstRvComparePad * pad)
{
  RvAbBranch *b = pad->branch;
  GstBuffer *buf = pad->held;
  RvFusedRecord *rec = &pad->rec;
  GstRvQualityMeta *qm;
  GstRvGateMeta *gm;
  GstRvCirMeta *cm;
  GstRvOccupancyMeta *om;
  GstRvPoseMeta *pm;
  GstRvWitnessMeta *wm;

  rv_ab_branch_clear (b);
  if (rec->n_bins > 0) {
    guint i;
    if (pad->weights_len < rec->n_nodes) {
      pad->weights = g_renew (gfloat, pad->weights, rec->n_nodes);
      pad->weights_len = rec->n_nodes;
    }
    for (i = 0; i < rec->n_nodes; i++)
      pad->weights[i] = rec->nodes[i].weight;
    rv_ab_set_number (b, RV_AB_FUSED_FREQ_COHERENCE, rec->freq_coherence);
    rv_ab_set_number (b, RV_AB_FUSED_COHERENCE, rec->cross_node_coherence);
    rv_ab_set_number (b, RV_AB_FUSED_ACTIVE_NODES, rec->active_nodes);
    rv_ab_set_f32s (b, RV_AB_FUSED_WEIGHTS, pad->weights, rec->n_nodes);
    rv_ab_set_f32s (b, RV_AB_FUSED_AMPLITUDE, rec->fused_amplitude,
        rec->n_bins);
  }
  if ((qm = gst_buffer_get_rv_quality_meta (buf))) {
    gfloat lo = 0.0f, hi = 0.0f;
    gst_rv_quality_meta_get_confidence_bounds (qm, &lo, &hi);
    rv_ab_set_number (b, RV_AB_QUALITY_BASE_COHERENCE,
        gst_rv_quality_meta_get_base_coherence (qm));
    rv_ab_set_number (b, RV_AB_QUALITY_PENALIZED_COHERENCE,
        gst_rv_quality_meta_get_penalized_coherence (qm));
    rv_ab_set_number (b, RV_AB_QUALITY_CONFIDENCE_LOW, lo);
    rv_ab_set_number (b, RV_AB_QUALITY_CONFIDENCE_HIGH, hi);
    rv_ab_set_number (b, RV_AB_QUALITY_EVIDENCE,
        gst_rv_quality_meta_get_n_evidence (qm));
    rv_ab_set_number (b, RV_AB_QUALITY_CONTRADICTIONS,
        gst_rv_quality_meta_get_n_contradictions (qm));
    rv_ab_set_bool (b, RV_AB_QUALITY_PRIVACY_DEMOTION,
        gst_rv_quality_meta_get_forces_privacy_demotion (qm));
  }
  if ((gm = gst_buffer_get_rv_gate_meta (buf))) {
    rv_ab_set_label (b, RV_AB_GATE_DECISION,
        gst_rv_gate_meta_get_decision (gm));
    rv_ab_set_label (b, RV_AB_GATE_DRIFT_PROFILE,
        gst_rv_gate_meta_get_drift_profile (gm));
    rv_ab_set_number (b, RV_AB_GATE_SCORE,
        gst_rv_gate_meta_get_coherence_score (gm));
    rv_ab_set_number (b, RV_AB_GATE_STALE_COUNT,
        (gdouble) gst_rv_gate_meta_get_stale_count (gm));
  }
  if ((cm = gst_buffer_get_rv_cir_meta (buf))) {
    const gchar *err = gst_rv_cir_meta_get_error (cm);
    rv_ab_set_label (b, RV_AB_CIR_ERROR, err ? err : "ok");
    rv_ab_set_bool (b, RV_AB_CIR_BLENDED, gst_rv_cir_meta_get_blended (cm));
    if (!err) {
      gsize n_taps = 0;
      const gfloat *taps = gst_rv_cir_meta_get_taps (cm, &n_taps);
      rv_ab_set_number (b, RV_AB_CIR_DOMINANT_TAP,
          gst_rv_cir_meta_get_dominant_tap_index (cm));
      rv_ab_set_number (b, RV_AB_CIR_DOMINANT_RATIO,
          gst_rv_cir_meta_get_dominant_tap_ratio (cm));
      rv_ab_set_number (b, RV_AB_CIR_RESIDUAL,
          gst_rv_cir_meta_get_residual (cm));
      rv_ab_set_number (b, RV_AB_CIR_ITERATIONS,
          gst_rv_cir_meta_get_iterations (cm));
      rv_ab_set_number (b, RV_AB_CIR_ACTIVE_TAPS,
          gst_rv_cir_meta_get_active_tap_count (cm));
      rv_ab_set_bool (b, RV_AB_CIR_RANGING_VALID,
          gst_rv_cir_meta_get_ranging_valid (cm));
      rv_ab_set_number (b, RV_AB_CIR_RMS_DELAY_SPREAD,
          gst_rv_cir_meta_get_rms_delay_spread (cm));
      if (taps)
        rv_ab_set_f32s (b, RV_AB_CIR_TAPS, taps, 2 * n_taps);
    }
  }
  if ((om = gst_buffer_get_rv_occupancy_meta (buf))) {
    gsize n = 0;
    const gdouble *d = gst_rv_occupancy_meta_get_densities (om, &n);
    rv_ab_set_number (b, RV_AB_OCCUPANCY_COUNT,
        (gdouble) gst_rv_occupancy_meta_get_occupied_count (om));
    rv_ab_set_number (b, RV_AB_OCCUPANCY_RESIDUAL,
        gst_rv_occupancy_meta_get_residual (om));
    rv_ab_set_number (b, RV_AB_OCCUPANCY_ITERATIONS,
        (gdouble) gst_rv_occupancy_meta_get_iterations (om));
    if (d)
      rv_ab_set_f64s (b, RV_AB_OCCUPANCY_DENSITIES, d, n);
  }
  if ((pm = gst_buffer_get_rv_pose_meta (buf))) {
    guint i, k, n = gst_rv_pose_meta_get_n_persons (pm);
    gdouble kp[RV_AB_KEYPOINTS * 3];
    rv_ab_set_pose (b);
    for (i = 0; i < n; i++) {
      for (k = 0; k < RV_AB_KEYPOINTS; k++)
        if (!gst_rv_pose_meta_get_person_keypoint (pm, i, k, &kp[3 * k],
                &kp[3 * k + 1], &kp[3 * k + 2]))
          kp[3 * k] = kp[3 * k + 1] = kp[3 * k + 2] = 0.0;
      if (!rv_ab_add_person (b, gst_rv_pose_meta_get_person_id (pm, i),
              gst_rv_pose_meta_get_person_lifecycle (pm, i),
              gst_rv_pose_meta_get_person_confidence (pm, i), kp))
        break;
    }
  }
  if ((wm = gst_buffer_get_rv_witness_meta (buf))) {
    rv_ab_set_bytes (b, RV_AB_WITNESS,
        gst_rv_witness_meta_get_witness_bytes (wm), 32);
    rv_ab_set_label (b, RV_AB_WITNESS_CLASS,
        gst_rv_witness_meta_get_effective_class (wm));
    rv_ab_set_label (b, RV_AB_WITNESS_PRIVACY_MODE,
        privacy_mode_nick (gst_rv_witness_meta_get_privacy_mode (wm)));
    rv_ab_set_bool (b, RV_AB_WITNESS_DEMOTED,
        gst_rv_witness_meta_get_demoted (wm));
    rv_ab_set_bool (b, RV_AB_WITNESS_CHANGE_POINT,
        gst_rv_witness_meta_get_change_point (wm));
    rv_ab_set_bool (b, RV_AB_WITNESS_RECALIBRATION,
        gst_rv_witness_meta_get_recalibration_recommended (wm));
    rv_ab_set_number (b, RV_AB_WITNESS_BASE_COHERENCE,
        gst_rv_witness_meta_get_base_coherence (wm));
    rv_ab_set_number (b, RV_AB_WITNESS_PENALIZED_COHERENCE,
        gst_rv_witness_meta_get_penalized_coherence (wm));
  }
}

/* aggregate thread: take pad's head buffer for this cycle and map it.
 * FALSE (counted) when it is a GAP event's buffer or not a fused record:
 * the branch then misses the cycle. */
static gboolean
take_buffer (GstRvCompare * self, GstRvComparePad * pad)
{
  GstBuffer *buf = gst_aggregator_pad_pop_buffer (GST_AGGREGATOR_PAD (pad));

  pad->held = buf;
  pad->have_record = buf && gst_rv_fused_buffer_map (buf, &pad->map,
      GST_MAP_READ, &pad->rec);
  if (pad->have_record) {
    read_branch (pad);
    return TRUE;
  }
  GST_OBJECT_LOCK (self);
  if (buf && GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP)
      && gst_buffer_get_size (buf) == 0) {
    pad->gaps++;
  } else {
    pad->invalid++;
    GST_WARNING_OBJECT (pad, "not a fused record: the cycle counts as "
        "missing on this branch");
  }
  GST_OBJECT_UNLOCK (self);
  return FALSE;
}

/* ----------------------------------------------------------- output */

static void
add_document (GstBufferList * list, RvJsonWriter * w, GstClockTime pts,
    GstClockTime duration)
{
  GstBuffer *out;

  rv_json_append (w, "\n", 1);
  out = gst_buffer_new_memdup (w->buf, w->len);
  GST_BUFFER_PTS (out) = pts;
  GST_BUFFER_DURATION (out) = duration;
  gst_buffer_list_add (list, out);
}

static void
write_cycle_head (RvJsonWriter * w, GstClockTime pts, GstRvComparePad * a,
    GstRvComparePad * b)
{
  const RvFusedRecord *rec = a->have_record ? &a->rec : b->have_record ?
      &b->rec : NULL;

  rv_json_writer_reset (w);
  rv_json_begin_object (w);
  rv_json_kv_string (w, "type", "ab_cycle");
  rv_json_kv_u64 (w, "pts_ns", pts);
  rv_json_key (w, "cycle");
  if (rec)
    rv_json_u64 (w, rec->cycle);
  else
    rv_json_null (w);
  rv_json_kv_string (w, "a", GST_OBJECT_NAME (a));
  rv_json_kv_string (w, "b", GST_OBJECT_NAME (b));
}

/* aggregate thread: the ab_summary of the pair (a, b) into self->w */
static void
write_summary (GstRvCompare * self, GstRvComparePad * a, GstRvComparePad * b,
    gboolean final, GstClockTime pts, gboolean timing)
{
  RvJsonWriter *w = &self->w;
  GPtrArray *ea = branch_elements (a), *eb = branch_elements (b);
  guint64 missing_a, missing_b, mismatch;

  GST_OBJECT_LOCK (self);
  missing_a = b->missing_a;
  missing_b = b->missing_b;
  mismatch = b->mismatch;
  GST_OBJECT_UNLOCK (self);

  rv_json_writer_reset (w);
  rv_json_begin_object (w);
  rv_json_kv_string (w, "type", "ab_summary");
  rv_json_kv_bool (w, "final", final);
  rv_json_key (w, "pts_ns");
  if (GST_CLOCK_TIME_IS_VALID (pts))
    rv_json_u64 (w, pts);
  else
    rv_json_null (w);
  rv_json_key (w, "a");
  write_branch (w, a, ea, timing);
  rv_json_key (w, "b");
  write_branch (w, b, eb, timing);
  write_differences (w, ea, eb);
  rv_json_kv_u64 (w, "cycles", b->stats->cycles);
  rv_json_kv_u64 (w, "equal_cycles", b->stats->equal_cycles);
  rv_json_key (w, "missing");
  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "a", missing_a);
  rv_json_kv_u64 (w, "b", missing_b);
  rv_json_end_object (w);
  rv_json_key (w, "late");
  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "a", a->late);
  rv_json_kv_u64 (w, "b", b->late);
  rv_json_end_object (w);
  rv_json_kv_u64 (w, "cycle_mismatch", mismatch);
  rv_json_key (w, "changed");
  rv_ab_write_changed (w, b->stats);
  rv_json_key (w, "fields");
  rv_ab_write_fields (w, b->stats);
  rv_json_key (w, "decisions");
  rv_ab_write_decisions (w, b->stats);
  rv_json_end_object (w);
  g_ptr_array_unref (ea);
  g_ptr_array_unref (eb);
}

static GstMessage *
summary_message (GstRvCompare * self, GstStructure * timing,
    GstRvComparePad * a, GstRvComparePad * b, gboolean final)
{
  GstStructure *s = gst_structure_copy (timing);
  GValue changed = G_VALUE_INIT, item = G_VALUE_INIT;
  guint f;

  gst_value_array_init (&changed, 0);
  g_value_init (&item, G_TYPE_STRING);
  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    if (!rv_ab_stats_changed (b->stats, (RvAbField) f))
      continue;
    g_value_set_string (&item, rv_ab_field_path ((RvAbField) f));
    gst_value_array_append_value (&changed, &item);
  }
  GST_OBJECT_LOCK (self);
  gst_structure_set (s,
      "a", G_TYPE_STRING, GST_OBJECT_NAME (a),
      "b", G_TYPE_STRING, GST_OBJECT_NAME (b),
      "final", G_TYPE_BOOLEAN, final,
      "cycles", G_TYPE_UINT64, b->stats->cycles,
      "equal-cycles", G_TYPE_UINT64, b->stats->equal_cycles,
      "missing-a", G_TYPE_UINT64, b->missing_a,
      "missing-b", G_TYPE_UINT64, b->missing_b, NULL);
  GST_OBJECT_UNLOCK (self);
  gst_structure_take_value (s, "changed", &changed);
  gst_structure_set (s, "summary", G_TYPE_STRING, self->w.buf, NULL);
  g_value_unset (&item);
  return gst_message_new_element (GST_OBJECT (self), s);
}

/* aggregate thread: every pair's summary into list, at pts (the last
 * compared cycle's), and its messages into msgs; the open interval taken */
static void
summarise (GstRvCompare * self, GstRvComparePad ** pads, guint n,
    gboolean final, GstClockTime pts, GstBufferList * list, GList ** msgs)
{
  GstAggregatorPad *src = GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (self));
  GstStructure *timing;
  gboolean post, measure;
  guint i;

  GST_OBJECT_LOCK (self);
  post = self->post_messages;
  measure = self->processing_time;
  GST_OBJECT_UNLOCK (self);
  timing = gst_rv_message_interval_take (&self->iv, "rvcompare",
      &src->segment);
  for (i = 1; i < n; i++) {
    if (!pads[i]->stats)
      pads[i]->stats = rv_ab_stats_new ();
    write_summary (self, pads[0], pads[i], final, pts, measure);
    if (post)
      *msgs = g_list_append (*msgs, summary_message (self, timing, pads[0],
              pads[i], final));
    add_document (list, &self->w, pts, GST_CLOCK_TIME_NONE);
  }
  gst_structure_free (timing);
}

/* ---------------------------------------------------------- aggregate */

/* aggregate thread: the sink pads, A first (lowest sink_N), with refs;
 * their number */
static guint
sorted_pads (GstRvCompare * self, GstRvComparePad ** pads)
{
  GList *l;
  guint n = 0, i;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l && n < MAX_BRANCHES; l = l->next) {
    GstRvComparePad *p = gst_object_ref (l->data);
    for (i = n; i > 0 && pads[i - 1]->index > p->index; i--)
      pads[i] = pads[i - 1];
    pads[i] = p;
    n++;
  }
  GST_OBJECT_UNLOCK (self);
  return n;
}

/* aggregate thread: the running time of pad's head buffer, after dropping
 * the heads that came too late (their cycle was compared) or have no time */
static GstClockTime
next_head (GstRvCompare * self, GstRvComparePad * pad)
{
  GstAggregatorPad *apad = GST_AGGREGATOR_PAD (pad);

  for (;;) {
    GstBuffer *b = gst_aggregator_pad_peek_buffer (apad);
    GstClockTime rt;
    if (!b)
      return GST_CLOCK_TIME_NONE;
    rt = gst_rv_aggregator_pad_running_time (apad, b);
    gst_buffer_unref (b);
    if (GST_CLOCK_TIME_IS_VALID (rt) && (!self->have_last
            || rt > self->last_key))
      return rt;
    GST_OBJECT_LOCK (self);
    if (GST_CLOCK_TIME_IS_VALID (rt))
      pad->late++;
    else
      pad->invalid++;
    GST_OBJECT_UNLOCK (self);
    GST_DEBUG_OBJECT (pad, "dropping a %s buffer",
        GST_CLOCK_TIME_IS_VALID (rt) ? "late" : "untimed");
    gst_aggregator_pad_drop_buffer (apad);
  }
}

/* aggregate thread: compare A with each B for the cycle at key */
static void
compare_cycle (GstRvCompare * self, GstRvComparePad ** pads, guint n,
    GstClockTime key, GstClockTime duration, GstBufferList * list)
{
  GstRvComparePad *a = pads[0];
  GstRvCompareCycles docs;
  guint i;

  GST_OBJECT_LOCK (self);
  docs = self->cycle_documents;
  GST_OBJECT_UNLOCK (self);
  for (i = 1; i < n; i++) {
    GstRvComparePad *b = pads[i];
    RvJsonWriter *w = &self->w;
    const gchar *missing = NULL;
    gboolean equal = TRUE;

    if (!a->have_record && !b->have_record)
      continue;
    if (!b->stats)
      b->stats = rv_ab_stats_new ();
    GST_OBJECT_LOCK (self);
    if (!b->have_record) {
      b->missing_b++;
      missing = "b";
    } else if (!a->have_record) {
      b->missing_a++;
      missing = "a";
    } else {
      self->st_compared++;
      if (a->rec.cycle != b->rec.cycle)
        b->mismatch++;
    }
    GST_OBJECT_UNLOCK (self);
    if (missing) {
      equal = FALSE;
    } else {
      rv_ab_compare (a->branch, b->branch, self->diff);
      rv_ab_stats_add (b->stats, self->diff);
      equal = self->diff->equal;
    }
    if (docs == GST_RV_COMPARE_CYCLES_NONE
        || (docs == GST_RV_COMPARE_CYCLES_DIFFERING && equal))
      continue;
    write_cycle_head (w, key, a, b);
    if (missing) {
      rv_json_kv_string (w, "missing", missing);
    } else {
      rv_json_kv_bool (w, "equal", equal);
      rv_json_key (w, "differences");
      rv_ab_write_diff (w, self->diff, a->branch, b->branch);
    }
    rv_json_end_object (w);
    add_document (list, w, key, duration);
  }
}

static GstFlowReturn
gst_rv_compare_aggregate (GstAggregator * agg, gboolean timeout)
{
  GstRvCompare *self = GST_RV_COMPARE (agg);
  GstRvComparePad *pads[MAX_BRANCHES];
  GstClockTime key = GST_CLOCK_TIME_NONE, heads[MAX_BRANCHES];
  GstClockTime duration = GST_CLOCK_TIME_NONE, summary_interval;
  GstBufferList *list;
  GstBuffer *first = NULL;
  GList *msgs = NULL, *m;
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean all_eos = TRUE, waiting = FALSE, measure, due;
  guint n, i;

  n = sorted_pads (self, pads);
  if (!self->caps_set) {
    GstCaps *caps = gst_caps_new_empty_simple (GST_RV_JSON_MEDIA_TYPE);
    gst_aggregator_set_src_caps (agg, caps);
    gst_caps_unref (caps);
    self->caps_set = TRUE;
  }
  GST_OBJECT_LOCK (self);
  measure = self->processing_time;
  summary_interval = self->summary_interval;
  GST_OBJECT_UNLOCK (self);
  if (measure && !self->probes_done) {
    install_time_probes (self, pads, n);
    self->probes_done = TRUE;
  }

  for (i = 0; i < n; i++) {
    heads[i] = next_head (self, pads[i]);
    if (GST_CLOCK_TIME_IS_VALID (heads[i])) {
      all_eos = FALSE;
      if (!GST_CLOCK_TIME_IS_VALID (key) || heads[i] < key)
        key = heads[i];
    } else if (!gst_aggregator_pad_is_eos (GST_AGGREGATOR_PAD (pads[i]))) {
      all_eos = FALSE;
      waiting = TRUE;
    }
  }
  list = gst_buffer_list_new ();

  if (!GST_CLOCK_TIME_IS_VALID (key)) {
    if (all_eos && !timeout) {
      /* the end: the final summaries, then EOS */
      if (n > 1)
        summarise (self, pads, n, TRUE, self->have_last ? self->last_key :
            GST_CLOCK_TIME_NONE, list, &msgs);
      ret = GST_FLOW_EOS;
    } else {
      ret = GST_AGGREGATOR_FLOW_NEED_DATA;
    }
    goto push;
  }
  if (waiting && !timeout) {
    /* a pad still has to say whether it has this cycle */
    ret = GST_AGGREGATOR_FLOW_NEED_DATA;
    goto push;
  }

  /* the group of this cycle: every pad whose head is at key */
  for (i = 0; i < n; i++) {
    if (heads[i] != key)
      continue;
    take_buffer (self, pads[i]);
    if (!first && pads[i]->held) {
      first = pads[i]->held;
      duration = GST_BUFFER_DURATION (first);
    }
  }
  GST_OBJECT_LOCK (self);
  self->st_cycles++;
  GST_OBJECT_UNLOCK (self);
  if (n > 1)
    compare_cycle (self, pads, n, key, duration, list);
  self->have_last = TRUE;
  self->last_key = key;

  /* the interval of stream time the next summary covers (0: open until
   * EOS) */
  due = first && gst_rv_message_interval_add (&self->iv, first,
      summary_interval > 0 ? summary_interval : G_MAXUINT64)
      && summary_interval > 0;
  if (due && n > 1)
    summarise (self, pads, n, FALSE, key, list, &msgs);
  for (i = 0; i < n; i++)
    release_held (pads[i]);

  GST_OBJECT_LOCK (self);
  GST_AGGREGATOR_PAD (agg->srcpad)->segment.position =
      GST_CLOCK_TIME_IS_VALID (duration) ? key + duration : key;
  GST_OBJECT_UNLOCK (self);
  gst_aggregator_selected_samples (agg, key, GST_CLOCK_TIME_NONE, duration,
      NULL);

push:
  for (i = 0; i < n; i++)
    gst_object_unref (pads[i]);
  for (m = msgs; m; m = m->next)
    gst_element_post_message (GST_ELEMENT (self), m->data);
  g_list_free (msgs);
  if (gst_buffer_list_length (list) > 0) {
    GstFlowReturn r = gst_aggregator_finish_buffer_list (agg, list);
    if (ret == GST_FLOW_OK || (r != GST_FLOW_OK && ret != GST_FLOW_EOS))
      ret = r;
  } else {
    gst_buffer_list_unref (list);
  }
  return ret;
}

/* ----------------------------------------------------------- properties */

static void
gst_rv_compare_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvCompare *self = GST_RV_COMPARE (object);

  if (prop_id == PROP_FORCE_LIVE) {
    gst_aggregator_set_force_live (GST_AGGREGATOR (self),
        g_value_get_boolean (value));
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_SUMMARY_INTERVAL:
      self->summary_interval = g_value_get_uint64 (value);
      break;
    case PROP_CYCLE_DOCUMENTS:
      self->cycle_documents = g_value_get_enum (value);
      break;
    case PROP_POST_MESSAGES:
      self->post_messages = g_value_get_boolean (value);
      break;
    case PROP_PROCESSING_TIME:
      self->processing_time = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_compare_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstRvCompare *self = GST_RV_COMPARE (object);

  if (prop_id == PROP_FORCE_LIVE) {
    g_value_set_boolean (value,
        gst_aggregator_get_force_live (GST_AGGREGATOR (self)));
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_SUMMARY_INTERVAL:
      g_value_set_uint64 (value, self->summary_interval);
      break;
    case PROP_CYCLE_DOCUMENTS:
      g_value_set_enum (value, self->cycle_documents);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    case PROP_PROCESSING_TIME:
      g_value_set_boolean (value, self->processing_time);
      break;
    case PROP_STATS:{
      guint64 missing = 0, late = 0, invalid = 0, gaps = 0;
      GList *l;
      for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
        GstRvComparePad *p = l->data;
        missing += p->missing_a + p->missing_b;
        late += p->late;
        invalid += p->invalid;
        gaps += p->gaps;
      }
      g_value_take_boxed (value, gst_structure_new ("rvcompare-stats",
              "cycles", G_TYPE_UINT64, self->st_cycles,
              "compared", G_TYPE_UINT64, self->st_compared,
              "missing", G_TYPE_UINT64, missing,
              "late", G_TYPE_UINT64, late,
              "invalid", G_TYPE_UINT64, invalid,
              "gaps", G_TYPE_UINT64, gaps, NULL));
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
