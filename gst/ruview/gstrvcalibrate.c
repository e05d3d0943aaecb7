/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvcalibrate
 * @title: rvcalibrate
 *
 * Empty-room baseline calibration, in place on raw
 * complex CSI frames (`application/x-ruview-csi, layout=complex`). Three
 * modes, chosen by #GstRvCalibrate:mode:
 *
 * * `apply` (default): loads the baseline file(s) named by
 *   `baseline-location`, scores every frame against its node's baseline
 *   (the median and largest z-score of the amplitudes against the
 *   baseline's mean and variance, the median phase distance, a motion
 *   flag), subtracts the baseline's mean amplitude in place on every stream
 *   and stamps the baseline's calibration id into the frame record
 *   (flags `calibrated` and, for a non-zero id, `has-calibration-id`).
 *   Output caps carry `calibrated=true`. The score is attached as a
 *   `GstRvDriftMeta` (JSON key `drift`) and posted as an element message.
 * * `record`: learns a baseline per node over `frames` frames (per
 *   subcarrier the amplitude's mean and variance, the phase's circular
 *   mean and dispersion), then writes it (RuView's binary baseline file,
 *   docs/rvcalibrate.md) to `baseline-location`
 *   atomically (a temporary file in the same directory, then a rename) and
 *   posts an `rvcalibrate-baseline` message. Frames pass through unchanged
 *   (`calibrated=false`). EOS before `frames` frames of a node posts a
 *   warning saying how many were recorded; nothing is written then.
 * * `passthrough`: frames pass through untouched.
 *
 * `baseline-location` is a file name. When it contains `%u` it is a
 * per-node pattern: `%u` is replaced by the frame's node id (`%%` gives a
 * literal `%`), so one stream carrying many nodes uses one file per node;
 * in apply mode each node's file is loaded when its first frame arrives.
 * Without `%u` one baseline serves every node (and in record mode it learns
 * from the frames of every node).
 *
 * A missing, unreadable, corrupt or mismatched baseline (one that does not
 * fit the frame width, or was recorded for another tier than a forced
 * `tier`) is an element error naming the file, never a silent pass.
 * `GAP` buffers pass untouched. A frame the core rejects for non-finite
 * values is counted in `stats`, logged and dropped.
 *
 * Only stream 0 is used for the statistics (upstream behaviour): for a
 * 64-column HT20 frame the 52-entry baseline covers columns 0..51, DC and
 * guards included, as in RuView.
 *
 * ## Messages
 *
 * In apply mode, when `post-messages` is TRUE (the default), one element
 * message named `rvcalibrate` per node and `message-interval` (1 s by
 * default; 0 = every frame) of stream time, and at EOS for the open
 * intervals:
 *
 * * #guint64 `timestamp`: the PTS of the interval's first frame.
 * * #guint64 `stream-time`: its stream time.
 * * #guint64 `running-time`: its running time.
 * * #guint64 `duration`: the span of the interval's frames.
 * * #guint `node-id`: the node.
 * * #guint64 `frames`: its frames in the interval.
 * * #guint64 `motion-frames`: how many of them were motion-flagged.
 *
 * then the score of its last frame:
 *
 * * #gfloat `z-median`: median of |z| over the baseline subcarriers.
 * * #gfloat `z-max`: largest |z|.
 * * #gfloat `drift`: median circular phase distance to the baseline (rad).
 * * #gboolean `motion-flagged`: `z-median` > 2 or `drift` > π/6.
 * * #gfloat `drift-score`, #gboolean `baseline-stale`: only with
 *   `stale-window` > 0, the stale-baseline statistic (mean over
 *   subcarriers of the median z² of the last `stale-window` frames) and
 *   whether it stayed above 4 for 3 × `stale-window` frames. The first
 *   time a node's baseline turns stale a warning asks for a new recording.
 *
 * In record mode, once per written baseline, `rvcalibrate-baseline`,
 * posted when the file is complete (the file is written by a worker
 * thread, never by the streaming thread; EOS passes on once every baseline
 * file is written):
 *
 * * #guint `node-id`: the node (for a shared baseline, the node whose frame
 *   completed it).
 * * #gchararray `location`: the file written.
 * * #guint `frames`: frames learnt.
 * * #guint64 `calibration-id`: the id frames calibrated with it will carry.
 *
 * When the recording is complete (the one baseline, or with `%u` the
 * baselines of `expected-nodes` nodes — by default of every node seen so
 * far — written), an INFO message says so (gst-launch prints it) and an
 * element message `rvcalibrate-complete` follows: #guint `baselines` (files
 * written), #gchararray `location`.  With `eos-on-complete` the stream then
 * ends by itself.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=2400 ! rvcalibrate mode=record capture-time=1700000000 baseline-location=room-node%u.rvcal ! fakesink
 * ]| Learns one baseline per node of the 4-node synthetic room (600 frames
 * each) and writes room-node1.rvcal … room-node4.rvcal.
 * |[
 * gst-launch-1.0 csisrc ! rvcalibrate mode=record eos-on-complete=true baseline-location=empty-room-node%u.rvcal ! fakesink
 * ]| The same from an endless source: it stops once every node's baseline
 * is written.
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvcalibrate baseline-location=room-node%u.rvcal ! rvphasealign ! rvmultistaticfuse ! rvmetaconvert detail=summary ! fakesink
 * ]| Applies them in front of the rest of the front end.
 */
/* Locking: the object lock protects the properties and the statistics.
 * mode, location, frames, tier and capture-time are latched in start();
 * the node table (baselines, recorders) belongs to the streaming thread.
 * Nothing is posted with the object lock held. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstruviewelements.h"
#include "gstrvcalibrate.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvdriftmeta-private.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvfilewriter.h"
#include "gst/ruview/rvmessage.h"
#include "ruview/calibration.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_calibrate_debug);
#define GST_CAT_DEFAULT gst_rv_calibrate_debug

#define DEFAULT_MODE           GST_RV_CALIBRATE_MODE_APPLY
#define DEFAULT_LOCATION       NULL
#define DEFAULT_FRAMES         RV_CALIBRATION_DEFAULT_MIN_FRAMES
#define DEFAULT_TIER           GST_RV_CALIBRATE_TIER_AUTO
#define DEFAULT_CAPTURE_TIME   (-1)
#define DEFAULT_POST_MESSAGES  TRUE
#define DEFAULT_MESSAGE_INTERVAL GST_RV_DEFAULT_MESSAGE_INTERVAL
#define DEFAULT_STALE_WINDOW   0
#define DEFAULT_EXPECTED_NODES 0
#define DEFAULT_EOS_ON_COMPLETE FALSE

/* nodes with a baseline or recorder of their own */
#define MAX_NODES 256

enum
{
  PROP_0,
  PROP_MODE,
  PROP_LOCATION,
  PROP_FRAMES,
  PROP_TIER,
  PROP_CAPTURE_TIME,
  PROP_POST_MESSAGES,
  PROP_MESSAGE_INTERVAL,
  PROP_STALE_WINDOW,
  PROP_EXPECTED_NODES,
  PROP_EOS_ON_COMPLETE,
  PROP_STATS,
};

typedef struct
{
  guint32 node_id;
  gchar *location;              /* this node's file */
  RvBaseline *baseline;         /* apply */
  guint64 calibration_id;       /* apply: id stamped (0 = none) */
  RvCalibrationRecorder *recorder;      /* record */
  guint32 last_node_id;         /* record: node of the last recorded frame */
  gboolean done;                /* record: baseline written */
  RvCalibrationDrift *drift;    /* apply, stale-window > 0 */
  gfloat *z;                    /* its z-score scratch (baseline n) */
  gboolean stale_warned;
} NodeState;

/* apply: a node's message interval and its last score (per node id, also
 * when the nodes share one baseline) */
typedef struct
{
  guint32 node_id;
  GstRvMessageInterval iv;
  guint64 iv_motion;
  RvCalibrationScore last_score;
  gboolean last_has_stale;
  RvCalibrationDriftState last_stale;
} NodeMessage;

struct _GstRvCalibrate
{
  GstBaseTransform parent;

  /* properties (object lock) */
  GstRvCalibrateMode prop_mode;
  gchar *prop_location;
  guint prop_frames;
  GstRvCalibrateTier prop_tier;
  gint64 prop_capture_time;
  gboolean post_messages;
  GstClockTime message_interval;
  guint prop_stale_window;
  guint prop_expected_nodes;
  gboolean prop_eos_on_complete;

  /* < private > latched in start(), streaming thread only */
  GstRvCalibrateMode mode;
  gchar *location;
  gboolean per_node;            /* location contains %u */
  guint frames;
  GstRvCalibrateTier tier;
  gint64 capture_time;
  guint stale_window;
  NodeState *nodes;             /* MAX_NODES; one shared entry if !per_node */
  guint n_nodes;
  GstRvFileWriter *writer;      /* record: baseline files */
  NodeMessage *msgs;            /* apply: MAX_NODES message states */
  guint n_msgs;
  guint expected_nodes;         /* record: baselines that complete it */
  gboolean eos_on_complete;
  guint queued;                 /* record: baselines handed to the writer */
  gboolean eos_pending;         /* record: complete, EOS on the next frame */

  /* record: the number of written baselines that completes the recording
   * (0 = not complete yet) and whether that was said (object lock; the
   * writer thread reads them) */
  guint complete_at;
  gboolean completion_posted;

  /* statistics (object lock) */
  guint64 st_frames, st_calibrated, st_recorded, st_invalid, st_rejected,
      st_loaded, st_written;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_MAKE ("complex", "false", "false")));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_MAKE ("complex", "{ true, false }",
            "false")));

#define gst_rv_calibrate_parent_class parent_class
G_DEFINE_TYPE (GstRvCalibrate, gst_rv_calibrate, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvcalibrate, "rvcalibrate",
    GST_RANK_NONE, GST_TYPE_RV_CALIBRATE,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_calibrate_debug, "rvcalibrate", 0,
        "RuView empty-room calibration"));

static void gst_rv_calibrate_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_calibrate_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_calibrate_finalize (GObject * object);
static gboolean gst_rv_calibrate_start (GstBaseTransform * trans);
static gboolean gst_rv_calibrate_stop (GstBaseTransform * trans);
static gboolean gst_rv_calibrate_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstCaps *gst_rv_calibrate_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static GstFlowReturn gst_rv_calibrate_transform_ip (GstBaseTransform * trans,
    GstBuffer * buf);

static void
gst_rv_calibrate_class_init (GstRvCalibrateClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_rv_calibrate_set_property;
  gobject_class->get_property = gst_rv_calibrate_get_property;
  gobject_class->finalize = gst_rv_calibrate_finalize;

  /**
   * GstRvCalibrate:mode:
   *
   * `apply` subtracts the baseline and scores drift, `record` learns a
   * baseline and writes it, `passthrough` does nothing.
   */
  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode",
          "Subtract a baseline (apply), learn one (record) or do nothing "
          "(passthrough)", GST_TYPE_RV_CALIBRATE_MODE, DEFAULT_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:baseline-location:
   *
   * The baseline file read (apply) or written (record). With `%u` it is a
   * per-node pattern formatted with the node id.
   */
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("baseline-location", "Baseline location",
          "Baseline file to read or write; a %u in it is replaced by the "
          "node id (one file per node)", DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:frames:
   *
   * Record mode: the frames of a node its baseline is learnt from (600: 30 s
   * at 20 Hz).
   */
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      g_param_spec_uint ("frames", "Frames",
          "Record mode: frames per node to learn the baseline from", 1,
          G_MAXUINT32, DEFAULT_FRAMES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:tier:
   *
   * The subcarrier layout of the baseline: `auto` takes it from the frame
   * width (52 or 64 → HT20, 114 or 128 → HT40, 256 → HE20, 484 or 512 → HE40);
   * a forced tier must fit the frames and, in apply mode, the file.
   */
  g_object_class_install_property (gobject_class, PROP_TIER,
      g_param_spec_enum ("tier", "Tier",
          "PHY tier of the baseline: from the frame width (auto) or forced",
          GST_TYPE_RV_CALIBRATE_TIER, DEFAULT_TIER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:capture-time:
   *
   * The capture time stamped into a recorded baseline (it enters the
   * calibration id). -1 takes the wall clock when a node's recorder is
   * created, as RuView does; a fixed value makes ids reproducible.
   */
  g_object_class_install_property (gobject_class, PROP_CAPTURE_TIME,
      g_param_spec_int64 ("capture-time", "Capture time",
          "Record mode: capture time written into the baseline (in seconds "
          "since 1970; -1 = wall clock when recording starts)", -1,
          G_MAXINT64, DEFAULT_CAPTURE_TIME,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:post-messages:
   *
   * Apply mode: post an element message per node with its drift score every
   * `message-interval`. Can be changed while playing.
   */
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Apply mode: post an element message per node with its drift "
          "score every message-interval", DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvCalibrate:message-interval:
   *
   * The stream time one element message of a node covers, in nanoseconds (0:
   * one message per frame). Can be changed while playing.
   */
  g_object_class_install_property (gobject_class, PROP_MESSAGE_INTERVAL,
      g_param_spec_uint64 ("message-interval", "Message interval",
          "Stream time covered by one element message of a node (in "
          "nanoseconds; 0 = one message per frame)", 0, G_MAXUINT64,
          DEFAULT_MESSAGE_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvCalibrate:stale-window:
   *
   * A stale-baseline statistic that RuView's design describes but RuView
   * does not implement: drift_score = mean over subcarriers of the median
   * of z² over the last `stale-window` frames (300 is a good choice: 15 s
   * at 20 Hz); the baseline is stale
   * once the score stays above 4 for 3 × `stale-window` frames. 0 turns it
   * off (the default: the drift meta and message are then exactly
   * RuView's per-frame score).
   */
  g_object_class_install_property (gobject_class, PROP_STALE_WINDOW,
      g_param_spec_uint ("stale-window", "Stale window",
          "Apply mode: frames of the stale-baseline statistic's window "
          "(0 = off; 300 = 15 s at 20 Hz)", 0, 100000, DEFAULT_STALE_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:expected-nodes:
   *
   * Record mode with a per-node `baseline-location`: the recording is
   * complete when this many baselines are written.  0 (the default): when
   * the baseline of every node seen so far is written, which on a stream
   * carrying all nodes (they interleave) is when the last one completes.
   * Without `%u` the one baseline completes it.
   */
  g_object_class_install_property (gobject_class, PROP_EXPECTED_NODES,
      g_param_spec_uint ("expected-nodes", "Expected nodes",
          "Record mode: baselines that complete the recording (0 = one per "
          "node seen so far)", 0, MAX_NODES, DEFAULT_EXPECTED_NODES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:eos-on-complete:
   *
   * Record mode: end the stream once the recording is complete (the
   * frames after the one that completes it are refused with EOS, so the
   * source stops and the pipeline reaches EOS by itself).
   */
  g_object_class_install_property (gobject_class, PROP_EOS_ON_COMPLETE,
      g_param_spec_boolean ("eos-on-complete", "EOS on complete",
          "Record mode: end the stream when every baseline is recorded",
          DEFAULT_EOS_ON_COMPLETE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvCalibrate:stats:
   *
   * Counters since start, an `rvcalibrate-stats` structure of guint64
   * fields: `frames`, `calibrated`, `recorded`, `invalid`, `rejected`,
   * `baselines-loaded` and `baselines-written`.
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: frames, calibrated, recorded, invalid, rejected, "
          "baselines-loaded, baselines-written", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView empty-room calibration", "Filter/Analyzer",
      "Records an empty-room CSI baseline, or subtracts one and scores the "
      "drift of every frame against it", "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_calibrate_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_calibrate_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_rv_calibrate_sink_event);
  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_rv_calibrate_transform_caps);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_rv_calibrate_transform_ip);
  /* record mode reads frames in passthrough */
  trans_class->transform_ip_on_passthrough = TRUE;
  trans_class->passthrough_on_same_caps = FALSE;

  gst_type_mark_as_plugin_api (GST_TYPE_RV_CALIBRATE_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_CALIBRATE_TIER, 0);
}

static void
gst_rv_calibrate_init (GstRvCalibrate * self)
{
  self->prop_mode = DEFAULT_MODE;
  self->prop_location = g_strdup (DEFAULT_LOCATION);
  self->prop_frames = DEFAULT_FRAMES;
  self->prop_tier = DEFAULT_TIER;
  self->prop_capture_time = DEFAULT_CAPTURE_TIME;
  self->post_messages = DEFAULT_POST_MESSAGES;
  self->message_interval = DEFAULT_MESSAGE_INTERVAL;
  self->prop_stale_window = DEFAULT_STALE_WINDOW;
  self->prop_expected_nodes = DEFAULT_EXPECTED_NODES;
  self->prop_eos_on_complete = DEFAULT_EOS_ON_COMPLETE;
  gst_base_transform_set_gap_aware (GST_BASE_TRANSFORM (self), TRUE);
}

static void
clear_nodes (GstRvCalibrate * self)
{
  guint i;

  for (i = 0; i < self->n_nodes; i++) {
    NodeState *n = &self->nodes[i];
    g_free (n->location);
    if (n->baseline)
      rv_baseline_free (n->baseline);
    if (n->recorder)
      rv_calibration_recorder_free (n->recorder);
    if (n->drift)
      rv_calibration_drift_free (n->drift);
    g_free (n->z);
  }
  self->n_nodes = 0;
  g_free (self->nodes);
  self->nodes = NULL;
  g_clear_pointer (&self->msgs, g_free);
  self->n_msgs = 0;
}

static void
gst_rv_calibrate_finalize (GObject * object)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (object);

  clear_nodes (self);
  g_free (self->prop_location);
  g_free (self->location);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* The file of node `node`: the pattern with %u → node and %% → %.
 * A plain location is returned as is. */
static gchar *
format_location (const gchar * pattern, guint32 node)
{
  GString *s = g_string_new (NULL);
  const gchar *p;

  for (p = pattern; *p; p++) {
    if (p[0] == '%' && p[1] == 'u') {
      g_string_append_printf (s, "%u", node);
      p++;
    } else if (p[0] == '%' && p[1] == '%') {
      g_string_append_c (s, '%');
      p++;
    } else {
      g_string_append_c (s, *p);
    }
  }
  return g_string_free (s, FALSE);
}

/* TRUE if every % of pattern is %u or %%; *per_node tells whether a %u
 * occurs. */
static gboolean
check_pattern (const gchar * pattern, gboolean * per_node)
{
  const gchar *p;

  *per_node = FALSE;
  for (p = pattern; *p; p++) {
    if (*p != '%')
      continue;
    if (p[1] == 'u')
      *per_node = TRUE;
    else if (p[1] != '%')
      return FALSE;
    p++;
  }
  return TRUE;
}

/* streaming thread: the state of node_id (the shared entry when the
 * location is not a pattern); NULL when the table is full. */
static NodeState *
node_state (GstRvCalibrate * self, guint32 node_id)
{
  guint i;

  if (!self->per_node) {
    if (self->n_nodes == 0) {
      self->nodes[0].node_id = node_id;
      self->nodes[0].location = g_strdup (self->location);
      self->n_nodes = 1;
    }
    return &self->nodes[0];
  }
  for (i = 0; i < self->n_nodes; i++)
    if (self->nodes[i].node_id == node_id)
      return &self->nodes[i];
  if (self->n_nodes == MAX_NODES)
    return NULL;
  memset (&self->nodes[i], 0, sizeof (NodeState));
  self->nodes[i].node_id = node_id;
  self->nodes[i].location = format_location (self->location, node_id);
  self->n_nodes++;
  return &self->nodes[i];
}

/* Loads n's baseline file; posts an element error and returns FALSE when
 * it is missing, unreadable, corrupt or of another tier than a forced one. */
static gboolean
load_baseline (GstRvCalibrate * self, NodeState * n)
{
  GError *gerr = NULL;
  gchar *bytes = NULL;
  gsize len = 0;
  RvCalibrationErrorInfo info;
  RvCalibrationError err;
  RvBaseline *b = NULL;

  if (!g_file_get_contents (n->location, &bytes, &len, &gerr)) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        (_("Could not read the baseline file \"%s\". Record one first with "
                "mode=record."), n->location), ("%s", gerr->message));
    g_clear_error (&gerr);
    return FALSE;
  }
  memset (&info, 0, sizeof (info));
  err = rv_baseline_from_bytes ((const guint8 *) bytes, len, &b, &info);
  g_free (bytes);
  if (err != RV_CALIBRATION_OK) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        (_("The baseline file \"%s\" is not a usable baseline (%s). Record "
                "it again with mode=record."), n->location,
            rv_calibration_error_str (err)),
        ("from_bytes: %s; length %" G_GSIZE_FORMAT ", got %" G_GUINT64_FORMAT
            ", need %" G_GUINT64_FORMAT ", magic 0x%08x",
            rv_calibration_error_str (err), len, (guint64) info.got,
            (guint64) info.need, info.magic));
    return FALSE;
  }
  if (self->tier != GST_RV_CALIBRATE_TIER_AUTO
      && (gint) b->tier != (gint) self->tier) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        (_("The baseline file \"%s\" was recorded for tier %s, not for the "
                "tier asked for (%s)."), n->location,
            rv_phy_tier_name (b->tier),
            rv_phy_tier_name ((RvPhyTier) self->tier)),
        ("tier byte %d, property %d", (gint) b->tier, (gint) self->tier));
    rv_baseline_free (b);
    return FALSE;
  }
  n->baseline = b;
  n->calibration_id = rv_baseline_calibration_id (b);
  if (self->stale_window > 0) {
    n->drift = rv_calibration_drift_new (b->n, self->stale_window,
        RV_CALIBRATION_DRIFT_THRESHOLD, 3 * (guint64) self->stale_window);
    n->z = g_new0 (gfloat, b->n);
    if (!n->drift) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, (NULL),
          ("cannot make a stale-baseline statistic of %u frames × %"
              G_GSIZE_FORMAT " subcarriers", self->stale_window, b->n));
      return FALSE;
    }
  }
  GST_INFO_OBJECT (self, "loaded %s: tier %s, %" G_GSIZE_FORMAT
      " subcarriers, %" G_GUINT64_FORMAT " frames, id 0x%016" G_GINT64_MODIFIER
      "x", n->location, rv_phy_tier_name (b->tier), b->n,
      (guint64) b->frame_count, n->calibration_id);
  GST_OBJECT_LOCK (self);
  self->st_loaded++;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_rv_calibrate_start (GstBaseTransform * trans)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (trans);
  gboolean ok = TRUE;

  GST_OBJECT_LOCK (self);
  self->mode = self->prop_mode;
  g_free (self->location);
  self->location = g_strdup (self->prop_location);
  self->frames = self->prop_frames;
  self->tier = self->prop_tier;
  self->capture_time = self->prop_capture_time;
  self->stale_window = self->prop_stale_window;
  self->expected_nodes = self->prop_expected_nodes;
  self->eos_on_complete = self->prop_eos_on_complete;
  self->complete_at = 0;
  self->completion_posted = FALSE;
  self->st_frames = self->st_calibrated = self->st_recorded =
      self->st_invalid = self->st_rejected = self->st_loaded =
      self->st_written = 0;
  GST_OBJECT_UNLOCK (self);

  clear_nodes (self);
  self->nodes = g_new0 (NodeState, MAX_NODES);
  self->msgs = g_new0 (NodeMessage, MAX_NODES);
  self->per_node = FALSE;
  self->queued = 0;
  self->eos_pending = FALSE;

  /* no location: the first frame reports it (an element without
   * properties still goes to PLAYING) */
  if (self->mode != GST_RV_CALIBRATE_MODE_PASSTHROUGH && self->location
      && *self->location) {
    if (!check_pattern (self->location, &self->per_node)) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("The baseline location \"%s\" may contain only %%u (the node "
                  "id) and %%%% as conversions."), self->location), (NULL));
      return FALSE;
    }
  }
  /* one baseline for every node: load it now */
  if (self->mode == GST_RV_CALIBRATE_MODE_APPLY && !self->per_node
      && self->location && *self->location)
    ok = load_baseline (self, node_state (self, 0));
  /* record: the files are written off the streaming thread, into a
   * directory that must be writable now rather than at the last frame */
  if (self->mode == GST_RV_CALIBRATE_MODE_RECORD && self->location
      && *self->location) {
    gchar *first = format_location (self->location, 0);
    GError *gerr = NULL;
    if (!gst_rv_file_writer_check_location (first, &gerr)) {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
          (_("Could not write the baseline file \"%s\"."), first),
          ("%s", gerr->message));
      g_clear_error (&gerr);
      ok = FALSE;
    }
    g_free (first);
    if (ok && !self->writer)
      self->writer = gst_rv_file_writer_new (GST_OBJECT_NAME (self));
  }

  gst_base_transform_set_passthrough (trans,
      self->mode != GST_RV_CALIBRATE_MODE_APPLY);
  GST_DEBUG_OBJECT (self, "mode %d, location %s (per node %d)", self->mode,
      GST_STR_NULL (self->location), self->per_node);
  return ok;
}

static gboolean
gst_rv_calibrate_stop (GstBaseTransform * trans)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (trans);

  g_clear_pointer (&self->writer, gst_rv_file_writer_free);
  clear_nodes (self);
  return TRUE;
}

/* streaming thread, record mode: one warning per node whose baseline is
 * still incomplete */
static void
warn_incomplete (GstRvCalibrate * self)
{
  guint i;

  if (self->n_nodes == 0) {
    GST_ELEMENT_WARNING (self, STREAM, FAILED,
        (_("No frame was recorded: no baseline was written to \"%s\"."),
            self->location), (NULL));
    return;
  }
  for (i = 0; i < self->n_nodes; i++) {
    NodeState *n = &self->nodes[i];
    guint got = n->recorder ?
        rv_calibration_recorder_frames_recorded (n->recorder) : 0;
    if (n->done)
      continue;
    GST_ELEMENT_WARNING (self, STREAM, FAILED,
        (_("Only %u of %u frames were recorded for node %u: no baseline was "
                "written to \"%s\"."), got, self->frames,
            self->per_node ? n->node_id : n->last_node_id, n->location),
        ("EOS before the baseline was complete"));
  }
}

/* streaming thread, apply mode: the message state of a node (NULL beyond
 * MAX_NODES nodes) */
static NodeMessage *
node_message (GstRvCalibrate * self, guint32 node_id)
{
  guint i;

  for (i = 0; i < self->n_msgs; i++)
    if (self->msgs[i].node_id == node_id)
      return &self->msgs[i];
  if (self->n_msgs == MAX_NODES)
    return NULL;
  self->msgs[i].node_id = node_id;
  gst_rv_message_interval_reset (&self->msgs[i].iv);
  self->n_msgs++;
  return &self->msgs[i];
}

/* streaming thread, apply mode: the message of node n's open interval, the
 * interval restarted (NULL when it has no frame) */
static GstMessage *
take_node_message (GstRvCalibrate * self, NodeMessage * n)
{
  GstStructure *s;
  guint64 frames = n->iv.buffers;

  if (frames == 0)
    return NULL;
  s = gst_rv_message_interval_take (&n->iv, "rvcalibrate",
      &GST_BASE_TRANSFORM (self)->segment);
  gst_structure_set (s,
      "node-id", G_TYPE_UINT, n->node_id,
      "frames", G_TYPE_UINT64, frames,
      "motion-frames", G_TYPE_UINT64, n->iv_motion,
      "z-median", G_TYPE_FLOAT, n->last_score.amplitude_z_median,
      "z-max", G_TYPE_FLOAT, n->last_score.amplitude_z_max,
      "drift", G_TYPE_FLOAT, n->last_score.phase_drift_median,
      "motion-flagged", G_TYPE_BOOLEAN,
      (gboolean) n->last_score.motion_flagged, NULL);
  if (n->last_has_stale)
    gst_structure_set (s,
        "drift-score", G_TYPE_FLOAT, n->last_stale.drift_score,
        "baseline-stale", G_TYPE_BOOLEAN, (gboolean) n->last_stale.stale,
        NULL);
  n->iv_motion = 0;
  return gst_message_new_element (GST_OBJECT (self), s);
}

static gboolean
gst_rv_calibrate_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (trans);
  guint i;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      if (self->mode == GST_RV_CALIBRATE_MODE_RECORD && self->location
          && *self->location) {
        /* every baseline file is complete before EOS goes on */
        if (self->writer)
          gst_rv_file_writer_flush (self->writer);
        warn_incomplete (self);
      } else if (self->mode == GST_RV_CALIBRATE_MODE_APPLY) {
        gboolean post;
        GST_OBJECT_LOCK (self);
        post = self->post_messages;
        GST_OBJECT_UNLOCK (self);
        for (i = 0; post && i < self->n_msgs; i++) {
          GstMessage *m = take_node_message (self, &self->msgs[i]);
          if (m)
            gst_element_post_message (GST_ELEMENT (self), m);
        }
      }
      break;
    case GST_EVENT_FLUSH_STOP:
      for (i = 0; i < self->n_msgs; i++) {
        gst_rv_message_interval_reset (&self->msgs[i].iv);
        self->msgs[i].iv_motion = 0;
      }
      break;
    default:
      break;
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

/* The structures of caps that allow field = from, with field set to to. */
static GstCaps *
caps_map_flag (GstCaps * caps, const gchar * field, gboolean from,
    gboolean to)
{
  GstCaps *res = gst_caps_new_empty ();
  GValue want = G_VALUE_INIT;
  guint i, n = gst_caps_get_size (caps);

  g_value_init (&want, G_TYPE_BOOLEAN);
  g_value_set_boolean (&want, from);
  for (i = 0; i < n; i++) {
    const GstStructure *s = gst_caps_get_structure (caps, i);
    const GValue *v = gst_structure_get_value (s, field);
    GstStructure *c;
    if (v && !gst_value_can_intersect (v, &want))
      continue;
    c = gst_structure_copy (s);
    gst_structure_set (c, field, G_TYPE_BOOLEAN, to, NULL);
    res = gst_caps_merge_structure (res, c);
  }
  g_value_unset (&want);
  return res;
}

static GstCaps *
gst_rv_calibrate_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (trans);
  GstRvCalibrateMode mode;
  GstCaps *res;

  GST_OBJECT_LOCK (self);
  mode = self->prop_mode;
  GST_OBJECT_UNLOCK (self);

  if (gst_caps_is_any (caps)) {
    res = gst_static_pad_template_get_caps (direction == GST_PAD_SINK ?
        &src_template : &sink_template);
  } else if (mode != GST_RV_CALIBRATE_MODE_APPLY) {
    res = gst_caps_ref (caps);
  } else if (direction == GST_PAD_SINK) {
    res = caps_map_flag (caps, "calibrated", FALSE, TRUE);
  } else {
    res = caps_map_flag (caps, "calibrated", TRUE, FALSE);
  }
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, res,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (res);
    res = tmp;
  }
  GST_LOG_OBJECT (self, "%s %" GST_PTR_FORMAT " → %" GST_PTR_FORMAT,
      direction == GST_PAD_SINK ? "sink" : "src", caps, res);
  return res;
}

/* streaming thread, apply mode; the frame is mapped read-write */
static GstFlowReturn
apply_frame (GstRvCalibrate * self, NodeState * n, RvCsiFrame * f,
    RvCalibrationScore * score, RvCalibrationDriftState * stale,
    gboolean * has_stale)
{
  RvCalibrationErrorInfo info;
  RvCalibrationError err;
  guint64 id = 0;

  memset (&info, 0, sizeof (info));
  *has_stale = FALSE;
  err = rv_baseline_deviation (n->baseline, f->data, f->dim0, f->dim1, score,
      &info);
  /* the stale-baseline statistic, on the raw frame like the score */
  if (err == RV_CALIBRATION_OK && n->drift) {
    gsize nz = 0;
    if (rv_baseline_zscores (n->baseline, f->data, f->dim0, f->dim1, n->z,
            &nz, NULL) == RV_CALIBRATION_OK
        && rv_calibration_drift_push (n->drift, n->z, nz, stale) ==
        RV_CALIBRATION_OK)
      *has_stale = TRUE;
  }
  if (err == RV_CALIBRATION_OK)
    err = rv_baseline_apply (n->baseline, f->data, f->dim0, f->dim1, &id,
        &info);
  if (err == RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        (_("The baseline file \"%s\" (%u subcarriers, tier %s) does not fit "
                "the frames of node %u, which are %u subcarriers wide."),
            n->location, (guint) n->baseline->n,
            rv_phy_tier_name (n->baseline->tier), f->node_id, f->dim1),
        ("SubcarrierMismatch: expected %" G_GUINT64_FORMAT ", got %u",
            (guint64) info.expected, f->dim1));
    return GST_FLOW_ERROR;
  }
  if (err != RV_CALIBRATION_OK) {
    GST_WARNING_OBJECT (self, "frame %u of node %u rejected: %s",
        f->sequence, f->node_id, rv_calibration_error_str (err));
    return GST_BASE_TRANSFORM_FLOW_DROPPED;
  }
  f->flags |= RV_CSI_FLAG_CALIBRATED;
  if (id != 0) {
    f->flags |= RV_CSI_FLAG_HAS_CALIB_ID;
    f->calibration_id = id;
  } else {
    f->flags &= ~RV_CSI_FLAG_HAS_CALIB_ID;
    f->calibration_id = 0;
  }
  return GST_FLOW_OK;
}

/* streaming or writer thread, record mode: once the baselines that
 * complete the recording are written, say so (once): an INFO message
 * gst-launch prints and an `rvcalibrate-complete` element message. */
static void
post_completion (GstRvCalibrate * self)
{
  guint written = 0;
  gboolean post = FALSE;

  GST_OBJECT_LOCK (self);
  if (self->complete_at > 0 && self->st_written >= self->complete_at
      && !self->completion_posted) {
    self->completion_posted = TRUE;
    written = (guint) self->st_written;
    post = TRUE;
  }
  GST_OBJECT_UNLOCK (self);
  if (!post)
    return;
  GST_ELEMENT_INFO (self, RESOURCE, WRITE,
      (_("The empty-room baseline recording is complete: %u baseline "
              "files written (%s)."), written, self->location),
      ("rvcalibrate: recording complete, %u baseline files written to %s",
          written, self->location));
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("rvcalibrate-complete",
              "baselines", G_TYPE_UINT, written,
              "location", G_TYPE_STRING, self->location, NULL)));
}

/* streaming thread, record mode: a baseline was handed to the writer; is
 * the recording complete now? */
static void
check_complete (GstRvCalibrate * self)
{
  guint i, done = 0;

  self->queued++;
  if (self->per_node) {
    for (i = 0; i < self->n_nodes; i++)
      done += self->nodes[i].done ? 1 : 0;
    if (done < self->n_nodes || done < self->expected_nodes)
      return;
  }
  GST_OBJECT_LOCK (self);
  if (self->complete_at == 0)
    self->complete_at = self->queued;
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "recording complete after %u baselines%s",
      self->queued, self->eos_on_complete ? ", ending the stream" : "");
  self->eos_pending = self->eos_on_complete;
  /* the writer may have written them all already */
  post_completion (self);
}

typedef struct
{
  GstRvCalibrate *self;
  guint node_id;
  guint frames;
  guint64 calibration_id;
} BaselineJob;

/* writer thread: a baseline file is complete (or could not be written) */
static void
baseline_written (const gchar * location, const GError * error,
    gpointer user_data)
{
  BaselineJob *job = user_data;
  GstRvCalibrate *self = job->self;

  if (error) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_("Could not write the baseline file \"%s\"."), location),
        ("%s", error->message));
    return;
  }
  GST_INFO_OBJECT (self, "wrote %s: id 0x%016" G_GINT64_MODIFIER "x",
      location, job->calibration_id);
  GST_OBJECT_LOCK (self);
  self->st_written++;
  GST_OBJECT_UNLOCK (self);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("rvcalibrate-baseline",
              "node-id", G_TYPE_UINT, job->node_id,
              "location", G_TYPE_STRING, location,
              "frames", G_TYPE_UINT, job->frames,
              "calibration-id", G_TYPE_UINT64, job->calibration_id, NULL)));
  post_completion (self);
}

/* streaming thread, record mode: the frame is learnt; when it completes the
 * node's baseline, the file is handed to the writer thread. */
static GstFlowReturn
record_frame (GstRvCalibrate * self, NodeState * n, const RvCsiFrame * f)
{
  RvCalibrationErrorInfo info;
  RvCalibrationError err;
  RvBaseline *b = NULL;
  BaselineJob *job;
  guint8 *bytes;
  gsize len;

  if (n->done)
    return GST_FLOW_OK;
  if (!n->recorder) {
    RvCalibrationConfig cfg;
    RvPhyTier tier;
    gint64 started = self->capture_time;

    if (self->tier != GST_RV_CALIBRATE_TIER_AUTO) {
      tier = (RvPhyTier) self->tier;
    } else if (!rv_phy_tier_from_width (f->dim1, &tier)) {
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          (_("Cannot learn a baseline from the frames of node %u: no PHY "
                  "tier has %u subcarriers. Set the tier property."),
              f->node_id, f->dim1), ("frame width %u", f->dim1));
      return GST_FLOW_ERROR;
    }
    rv_calibration_config_for_tier (&cfg, tier);
    cfg.min_frames = self->frames;
    if (started < 0)
      started = g_get_real_time () / G_USEC_PER_SEC;
    n->recorder = rv_calibration_recorder_new (&cfg, started, &err);
    if (!n->recorder) {
      GST_ELEMENT_ERROR (self, LIBRARY, INIT, (NULL),
          ("calibration recorder: %s", rv_calibration_error_str (err)));
      return GST_FLOW_ERROR;
    }
    GST_INFO_OBJECT (self, "recording %s (tier %s, %u frames, capture time "
        "%" G_GINT64_FORMAT ")", n->location, rv_phy_tier_name (tier),
        self->frames, started);
  }

  memset (&info, 0, sizeof (info));
  err = rv_calibration_recorder_record (n->recorder, f->data, f->dim0,
      f->dim1, NULL, &info);
  if (err == RV_CALIBRATION_ERROR_SUBCARRIER_MISMATCH) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        (_("The frames of node %u (%u subcarriers wide) do not fit the "
                "baseline being recorded to \"%s\" (%s)."), f->node_id,
            f->dim1, n->location,
            rv_phy_tier_name (rv_calibration_recorder_config (n->recorder)->
                tier)), ("SubcarrierMismatch: expected %" G_GUINT64_FORMAT
            ", got %u", (guint64) info.expected, f->dim1));
    return GST_FLOW_ERROR;
  }
  if (err != RV_CALIBRATION_OK) {
    GST_WARNING_OBJECT (self, "frame %u of node %u not recorded: %s",
        f->sequence, f->node_id, rv_calibration_error_str (err));
    return GST_BASE_TRANSFORM_FLOW_DROPPED;
  }
  n->last_node_id = f->node_id;
  GST_OBJECT_LOCK (self);
  self->st_recorded++;
  GST_OBJECT_UNLOCK (self);
  if (rv_calibration_recorder_frames_recorded (n->recorder) < self->frames)
    return GST_FLOW_OK;

  err = rv_calibration_recorder_finalize (n->recorder, &b, &info);
  if (err != RV_CALIBRATION_OK) {
    GST_ELEMENT_ERROR (self, LIBRARY, FAILED, (NULL),
        ("finalize: %s", rv_calibration_error_str (err)));
    return GST_FLOW_ERROR;
  }
  len = rv_baseline_serialized_size (b);
  bytes = g_malloc (len);
  rv_baseline_to_bytes (b, bytes, len);
  n->calibration_id = rv_baseline_calibration_id (b);
  GST_INFO_OBJECT (self, "baseline of %" G_GUINT64_FORMAT " frames for %s, "
      "id 0x%016" G_GINT64_MODIFIER "x", (guint64) b->frame_count,
      n->location, n->calibration_id);
  rv_baseline_free (b);
  rv_calibration_recorder_free (n->recorder);
  n->recorder = NULL;
  n->done = TRUE;

  job = g_new0 (BaselineJob, 1);
  job->self = self;
  job->node_id = f->node_id;
  job->frames = self->frames;
  job->calibration_id = n->calibration_id;
  gst_rv_file_writer_write (self->writer, n->location,
      g_bytes_new_take (bytes, len), baseline_written, job, g_free);
  check_complete (self);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_rv_calibrate_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (trans);
  gboolean apply = self->mode == GST_RV_CALIBRATE_MODE_APPLY;
  gboolean post, has_stale = FALSE, warn_stale = FALSE;
  GstClockTime interval;
  RvCalibrationDriftState stale;
  RvCalibrationScore score;
  GstMessage *msg = NULL;
  GstFlowReturn ret;
  GstMapInfo map;
  NodeState *n;
  RvCsiFrame f;

  if (self->mode == GST_RV_CALIBRATE_MODE_PASSTHROUGH ||
      GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP))
    return GST_FLOW_OK;
  if (self->eos_pending) {
    GST_DEBUG_OBJECT (self, "recording complete: EOS");
    return GST_FLOW_EOS;
  }
  if (!self->location || !*self->location) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("No baseline file was given: set baseline-location.")), (NULL));
    return GST_FLOW_ERROR;
  }

  if (!gst_rv_csi_buffer_map (buf, &map,
          apply ? GST_MAP_READWRITE : GST_MAP_READ, &f)) {
    GST_WARNING_OBJECT (self, "buffer %" GST_PTR_FORMAT " is not a csi "
        "frame record, dropped", buf);
    GST_OBJECT_LOCK (self);
    self->st_invalid++;
    GST_OBJECT_UNLOCK (self);
    return GST_BASE_TRANSFORM_FLOW_DROPPED;
  }
  if (f.layout != RV_LAYOUT_COMPLEX || !(n = node_state (self, f.node_id))) {
    GST_WARNING_OBJECT (self, "frame of node %u dropped (%s)", f.node_id,
        f.layout != RV_LAYOUT_COMPLEX ? "not complex" : "too many nodes");
    gst_rv_csi_buffer_unmap (buf, &map, NULL);
    GST_OBJECT_LOCK (self);
    self->st_invalid++;
    GST_OBJECT_UNLOCK (self);
    return GST_BASE_TRANSFORM_FLOW_DROPPED;
  }

  if (apply) {
    if (!n->baseline && !load_baseline (self, n)) {
      ret = GST_FLOW_ERROR;
    } else {
      ret = apply_frame (self, n, &f, &score, &stale, &has_stale);
    }
  } else {
    ret = record_frame (self, n, &f);
  }
  /* unmap writes the header (flags, calibration id) back in apply mode */
  gst_rv_csi_buffer_unmap (buf, &map, apply && ret == GST_FLOW_OK ? &f : NULL);

  GST_OBJECT_LOCK (self);
  self->st_frames++;
  if (apply && ret == GST_FLOW_OK)
    self->st_calibrated++;
  if (ret == GST_BASE_TRANSFORM_FLOW_DROPPED)
    self->st_rejected++;
  post = self->post_messages;
  interval = self->message_interval;
  GST_OBJECT_UNLOCK (self);
  if (ret != GST_FLOW_OK)
    return ret;

  if (apply) {
    GstRvDriftMeta *dm = gst_buffer_add_rv_drift_meta (buf, f.node_id,
        n->calibration_id, &score);
    NodeMessage *nm = node_message (self, f.node_id);
    if (dm && has_stale)
      gst_rv_drift_meta_set_stale (dm, &stale);
    if (nm) {
      nm->last_score = score;
      nm->last_has_stale = has_stale;
      if (has_stale)
        nm->last_stale = stale;
      if (score.motion_flagged)
        nm->iv_motion++;
      if (gst_rv_message_interval_add (&nm->iv, buf, interval)) {
        msg = take_node_message (self, nm);
        if (!post)
          gst_clear_message (&msg);
      }
    }
    if (has_stale && stale.stale && !n->stale_warned) {
      n->stale_warned = TRUE;
      warn_stale = TRUE;
    }
  }
  if (msg)
    gst_element_post_message (GST_ELEMENT (self), msg);
  if (warn_stale)
    GST_ELEMENT_WARNING (self, STREAM, FAILED,
        (_("The empty-room baseline of node %u is stale (drift score %.2f "
                "above %.1f for %" G_GUINT64_FORMAT " frames): record a new "
                "one."), f.node_id, stale.drift_score,
            RV_CALIBRATION_DRIFT_THRESHOLD, stale.sustained_frames),
        ("baseline \"%s\", window %u", n->location, self->stale_window));
  return GST_FLOW_OK;
}

static void
gst_rv_calibrate_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (object);
  gboolean reconfigure = FALSE;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      reconfigure = self->prop_mode != g_value_get_enum (value);
      self->prop_mode = g_value_get_enum (value);
      break;
    case PROP_LOCATION:
      g_free (self->prop_location);
      self->prop_location = g_value_dup_string (value);
      break;
    case PROP_FRAMES:
      self->prop_frames = g_value_get_uint (value);
      break;
    case PROP_TIER:
      self->prop_tier = g_value_get_enum (value);
      break;
    case PROP_CAPTURE_TIME:
      self->prop_capture_time = g_value_get_int64 (value);
      break;
    case PROP_POST_MESSAGES:
      self->post_messages = g_value_get_boolean (value);
      break;
    case PROP_MESSAGE_INTERVAL:
      self->message_interval = g_value_get_uint64 (value);
      break;
    case PROP_STALE_WINDOW:
      self->prop_stale_window = g_value_get_uint (value);
      break;
    case PROP_EXPECTED_NODES:
      self->prop_expected_nodes = g_value_get_uint (value);
      break;
    case PROP_EOS_ON_COMPLETE:
      self->prop_eos_on_complete = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  /* the mode decides the output caps */
  if (reconfigure)
    gst_base_transform_reconfigure_src (GST_BASE_TRANSFORM (self));
}

static void
gst_rv_calibrate_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvCalibrate *self = GST_RV_CALIBRATE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      g_value_set_enum (value, self->prop_mode);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->prop_location);
      break;
    case PROP_FRAMES:
      g_value_set_uint (value, self->prop_frames);
      break;
    case PROP_TIER:
      g_value_set_enum (value, self->prop_tier);
      break;
    case PROP_CAPTURE_TIME:
      g_value_set_int64 (value, self->prop_capture_time);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    case PROP_MESSAGE_INTERVAL:
      g_value_set_uint64 (value, self->message_interval);
      break;
    case PROP_STALE_WINDOW:
      g_value_set_uint (value, self->prop_stale_window);
      break;
    case PROP_EXPECTED_NODES:
      g_value_set_uint (value, self->prop_expected_nodes);
      break;
    case PROP_EOS_ON_COMPLETE:
      g_value_set_boolean (value, self->prop_eos_on_complete);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_structure_new ("rvcalibrate-stats",
              "frames", G_TYPE_UINT64, self->st_frames,
              "calibrated", G_TYPE_UINT64, self->st_calibrated,
              "recorded", G_TYPE_UINT64, self->st_recorded,
              "invalid", G_TYPE_UINT64, self->st_invalid,
              "rejected", G_TYPE_UINT64, self->st_rejected,
              "baselines-loaded", G_TYPE_UINT64, self->st_loaded,
              "baselines-written", G_TYPE_UINT64, self->st_written, NULL));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
