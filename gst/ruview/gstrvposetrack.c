/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvposetrack
 * @title: rvposetrack
 *
 * Tracks people through the fused cycles the way RuView's sensing server
 * does: per cycle, sensing features and a presence classification are
 * derived from the fused frame, heuristic 17-keypoint skeletons are
 * generated from them (one person when presence is detected, none
 * otherwise; they show presence and motion, not a real posture), and the
 * skeletons drive a Kalman keypoint tracker with greedy association and a
 * track lifecycle (tentative, active, lost, terminated). The tracked
 * persons of the cycle are attached as a `GstRvPoseMeta` (JSON key `pose` in
 * `rvmetaconvert`: `n_persons` and `persons[]` with `id`, `lifecycle`,
 * `confidence`, `bbox`, and the 17 named keypoints with `detail=full`). The
 * fused frame passes through unchanged (in place).
 *
 * Features (common/ruview/sensing_features.h): variance and mean power of
 * the fused amplitude, motion band power from the frame-to-frame amplitude
 * change over the last #GstRvPoseTrack:window cycles (scaled by
 * #GstRvPoseTrack:motion-gain), change points, a dominant frequency and
 * breathing band power from the spectral tilt's oscillation, and the mean
 * RSSI of the fused nodes. Presence is motion band power ≥
 * #GstRvPoseTrack:presence-threshold. The skeleton tick is the fused
 * record's cycle counter.
 *
 * Time comes from the stream, never the wall clock: `dt` is the PTS
 * difference to the previous processed cycle (0.1 s on the first cycle, as
 * RuView) and the tracks' timestamps are the PTS in µs, so a replay gives
 * identical tracks. `GAP` buffers pass through untouched and are not seen by
 * the tracker (no prediction, no meta); the next cycle's `dt` spans the gap.
 * A buffer that is not a valid fused cycle is counted as `invalid` and
 * passed on untouched. The RSSI of a fused node comes from its node record,
 * or from the fused record's node table when the record was removed
 * (privacy).
 *
 * ## Messages
 *
 * With `post-messages` (the default), an element message named
 * `rvposetrack` every `message-interval` (1 s by default) of stream time,
 * and at EOS for the last one, with the interval's `timestamp`,
 * `stream-time`, `running-time` and `duration`, then #guint64 `cycles` and
 * #guint64 `gaps`, #guint64 `presence-cycles` (cycles with presence),
 * #guint `max-persons` (most tracked persons in one cycle) and, when a cycle
 * was analysed, the last one's #guint `persons`, #gboolean `presence` and
 * #gdouble `motion-band-power`.
 *
 * RuView hard-codes the measurement noise (0.08) and the association gate
 * (9.0) in its bridge; here they are the properties of the same name, with
 * those values as defaults. The keypoint coordinates are in the heuristic's
 * ~640×480 pixel frame.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 csisrc num-buffers=1600 ! rvphasealign ! rvmultistaticfuse ! rvtomography ! rvposetrack ! rvmetaconvert detail=summary ! fakesink
 * ]| Occupancy and tracked persons of the synthetic room.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstruviewelements.h"
#include "gstrvposetrack.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvposemeta-private.h"
#include "gst/ruview/rvsensingmeta-private.h"
#include "ruview/pose_heuristic.h"
#include "ruview/pose_tracker.h"
#include "ruview/sensing_features.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_pose_track_debug);
#define GST_CAT_DEFAULT gst_rv_pose_track_debug

#define DEFAULT_PROCESS_NOISE       0.3f
#define DEFAULT_MEASUREMENT_NOISE   0.08f
#define DEFAULT_MAHALANOBIS_GATE    9.0f
#define DEFAULT_LOSS_MISSES         5
#define DEFAULT_REID_WINDOW         100
#define DEFAULT_MAX_TRACKS          64
#define DEFAULT_WINDOW              32
#define DEFAULT_MOTION_GAIN         100.0
#define DEFAULT_PRESENCE_THRESHOLD  0.02

#define MAX_DETECTIONS 8
#define MAX_NODES      64

enum
{
  PROP_0,
  PROP_PROCESS_NOISE,
  PROP_MEASUREMENT_NOISE,
  PROP_MAHALANOBIS_GATE,
  PROP_LOSS_MISSES,
  PROP_REID_WINDOW,
  PROP_MAX_TRACKS,
  PROP_WINDOW,
  PROP_MOTION_GAIN,
  PROP_PRESENCE_THRESHOLD,
  PROP_STATS,
};

/* Lock order: stream lock → object lock.  prop_* are protected by the
 * object lock and latched in start(); the streaming thread reads only the
 * working fields.  Counters are written under the object lock. */
struct _GstRvPoseTrack
{
  GstRvFusedAnalyzer parent;

  gfloat prop_process_noise, prop_measurement_noise, prop_gate;
  guint prop_loss_misses, prop_reid_window, prop_max_tracks, prop_window;
  gdouble prop_motion_gain, prop_presence_threshold;

  /* < private > working state of the streaming thread */
  RvPoseTracker *tracker;
  RvFeatureExtractor *fx;
  RvFeatureConfig fc;
  /* per node (id order): its own feature history and latest features */
  guint n_node_state;
  GstRvSensingNode node_state[GST_RV_SENSING_MAX_NODES];
  RvFeatureExtractor *node_fx[GST_RV_SENSING_MAX_NODES];
  gboolean have_prev;
  guint64 prev_ns;
  RvHeuristicPerson heur[MAX_DETECTIONS];
  float dets[MAX_DETECTIONS][RV_POSE_KEYPOINTS][3];
  RvTrackedPerson out[GST_RV_POSE_MAX_PERSONS];
  /* the interval's message */
  guint64 iv_presence;
  guint iv_max_persons, last_persons;
  gboolean last_presence;
  gdouble last_mbp;

  /* statistics, object lock */
  guint64 st_presence, st_detections, st_published, st_dropped;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

#define gst_rv_pose_track_parent_class parent_class
G_DEFINE_TYPE (GstRvPoseTrack, gst_rv_pose_track,
    GST_TYPE_RV_FUSED_ANALYZER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvposetrack, "rvposetrack",
    GST_RANK_NONE, GST_TYPE_RV_POSE_TRACK,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_pose_track_debug, "rvposetrack", 0,
        "RuView pose tracker"));

static void gst_rv_pose_track_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_pose_track_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_pose_track_finalize (GObject * object);
static gboolean gst_rv_pose_track_start (GstBaseTransform * trans);
static gboolean gst_rv_pose_track_stop (GstBaseTransform * trans);
static GstFlowReturn gst_rv_pose_track_analyze (GstRvFusedAnalyzer * analyzer,
    GstBuffer * buf, GstRvFusedCycle * cycle);
static void gst_rv_pose_track_fill_message (GstRvFusedAnalyzer * analyzer,
    GstStructure * s, guint64 analyzed);

static void
gst_rv_pose_track_class_init (GstRvPoseTrackClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstRvFusedAnalyzerClass *analyzer_class = GST_RV_FUSED_ANALYZER_CLASS (klass);

  gobject_class->set_property = gst_rv_pose_track_set_property;
  gobject_class->get_property = gst_rv_pose_track_get_property;
  gobject_class->finalize = gst_rv_pose_track_finalize;

  /**
   * GstRvPoseTrack:process-noise:
   *
   * The acceleration noise of the keypoints' Kalman prediction: how fast a
   * track may change speed between cycles.
   */
  g_object_class_install_property (gobject_class, PROP_PROCESS_NOISE,
      g_param_spec_float ("process-noise", "Process noise",
          "Keypoint acceleration noise of the Kalman prediction", 0.0f,
          G_MAXFLOAT, DEFAULT_PROCESS_NOISE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:measurement-noise:
   *
   * The standard deviation of a keypoint measurement in the Kalman update
   * (image units; RuView uses 0.08).
   */
  g_object_class_install_property (gobject_class, PROP_MEASUREMENT_NOISE,
      g_param_spec_float ("measurement-noise", "Measurement noise",
          "Keypoint measurement sigma of the Kalman update", 0.0f,
          G_MAXFLOAT, DEFAULT_MEASUREMENT_NOISE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:mahalanobis-gate:
   *
   * A skeleton joins a track only when their assignment cost (0.6 × the
   * centroid distance / 0.1 + 0.4) is below this value; otherwise it starts a
   * new track.
   */
  g_object_class_install_property (gobject_class, PROP_MAHALANOBIS_GATE,
      g_param_spec_float ("mahalanobis-gate", "Mahalanobis gate",
          "A detection joins a track only below this assignment cost", 0.0f,
          G_MAXFLOAT, DEFAULT_MAHALANOBIS_GATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:loss-misses:
   *
   * The cycles without an update after which a track is lost.
   */
  g_object_class_install_property (gobject_class, PROP_LOSS_MISSES,
      g_param_spec_uint ("loss-misses", "Loss misses",
          "Cycles without an update before a track is Lost", 1, G_MAXUINT,
          DEFAULT_LOSS_MISSES, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:reid-window:
   *
   * The cycles without an update after which a lost track is terminated.
   */
  g_object_class_install_property (gobject_class, PROP_REID_WINDOW,
      g_param_spec_uint ("reid-window", "Re-ID window",
          "Cycles without an update before a Lost track is terminated", 1,
          G_MAXUINT, DEFAULT_REID_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:max-tracks:
   *
   * The size of the track pool; skeletons beyond it are dropped (counted in
   * `stats`).
   */
  g_object_class_install_property (gobject_class, PROP_MAX_TRACKS,
      g_param_spec_uint ("max-tracks", "Max tracks",
          "Track pool size; detections beyond it are dropped", 1, 4096,
          DEFAULT_MAX_TRACKS, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:window:
   *
   * The number of cycles the sensing features look back over (motion, change
   * points, breathing band).
   */
  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_uint ("window", "Window",
          "Feature history (in cycles)", 1, 4096, DEFAULT_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:motion-gain:
   *
   * The scale from the mean squared change of the fused amplitudes between
   * cycles to the motion band power.
   */
  g_object_class_install_property (gobject_class, PROP_MOTION_GAIN,
      g_param_spec_double ("motion-gain", "Motion gain",
          "Scale from mean squared amplitude change to motion band power",
          0.0, G_MAXDOUBLE, DEFAULT_MOTION_GAIN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:presence-threshold:
   *
   * The motion band power from which someone is present (the synthetic room
   * with its walking person measures about 0.05; tune it for a real room).
   */
  g_object_class_install_property (gobject_class, PROP_PRESENCE_THRESHOLD,
      g_param_spec_double ("presence-threshold", "Presence threshold",
          "Motion band power from which a person is present", 0.0,
          G_MAXDOUBLE, DEFAULT_PRESENCE_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPoseTrack:stats:
   *
   * Counters since start: `cycles` (analysed), `gaps`, `invalid` (not a
   * valid fused cycle, passed on), `presence` (cycles with presence),
   * `detections` (skeletons fed to the tracker), `published` (persons
   * attached), `dropped` (detections without a free track slot).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: cycles, gaps, invalid, presence, detections, published, "
          "dropped",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView pose tracker", "Filter/Analyzer",
      "Tracks 17-keypoint skeletons of the people sensed in each fused cycle",
      "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_pose_track_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_pose_track_stop);
  analyzer_class->message_name = "rvposetrack";
  analyzer_class->analyze = GST_DEBUG_FUNCPTR (gst_rv_pose_track_analyze);
  analyzer_class->fill_message =
      GST_DEBUG_FUNCPTR (gst_rv_pose_track_fill_message);
}

static void
gst_rv_pose_track_init (GstRvPoseTrack * self)
{
  self->prop_process_noise = DEFAULT_PROCESS_NOISE;
  self->prop_measurement_noise = DEFAULT_MEASUREMENT_NOISE;
  self->prop_gate = DEFAULT_MAHALANOBIS_GATE;
  self->prop_loss_misses = DEFAULT_LOSS_MISSES;
  self->prop_reid_window = DEFAULT_REID_WINDOW;
  self->prop_max_tracks = DEFAULT_MAX_TRACKS;
  self->prop_window = DEFAULT_WINDOW;
  self->prop_motion_gain = DEFAULT_MOTION_GAIN;
  self->prop_presence_threshold = DEFAULT_PRESENCE_THRESHOLD;
}

static void
free_state (GstRvPoseTrack * self)
{
  guint i;

  g_clear_pointer (&self->tracker, rv_pose_tracker_free);
  g_clear_pointer (&self->fx, rv_feature_extractor_free);
  for (i = 0; i < self->n_node_state; i++)
    g_clear_pointer (&self->node_fx[i], rv_feature_extractor_free);
  self->n_node_state = 0;
}

/* Index of a node id's state (id order), created at its first frame;
 * G_MAXUINT when GST_RV_SENSING_MAX_NODES nodes are already tracked. */
static guint
node_state_index (GstRvPoseTrack * self, guint32 node_id)
{
  guint i, j;

  for (i = 0; i < self->n_node_state; i++) {
    if (self->node_state[i].node_id == node_id)
      return i;
    if (self->node_state[i].node_id > node_id)
      break;
  }
  if (self->n_node_state == GST_RV_SENSING_MAX_NODES)
    return G_MAXUINT;
  for (j = self->n_node_state; j > i; j--) {
    self->node_state[j] = self->node_state[j - 1];
    self->node_fx[j] = self->node_fx[j - 1];
  }
  memset (&self->node_state[i], 0, sizeof (GstRvSensingNode));
  self->node_state[i].node_id = node_id;
  self->node_fx[i] = rv_feature_extractor_new (&self->fc);
  self->n_node_state++;
  return i;
}

/* Feeds a fused node's frame to its own feature history. */
static void
node_features_push (GstRvPoseTrack * self, const RvCsiFrame * f, double dt)
{
  guint i = node_state_index (self, f->node_id);
  GstRvSensingNode *ns;
  int16_t rssi = f->rssi_dbm;

  if (i == G_MAXUINT || !self->node_fx[i] || f->layout != RV_LAYOUT_CANONICAL
      || f->dim0 < 1 || f->dim1 < 1)
    return;
  ns = &self->node_state[i];
  ns->rssi_dbm = f->rssi_dbm;
  ns->timestamp_us = f->timestamp_us;
  rv_feature_extractor_push (self->node_fx[i], rv_csi_amplitude (f, 0),
      f->dim1, dt, rv_sensing_mean_rssi (&rssi, 1), &ns->features,
      &ns->classification);
}

static void
gst_rv_pose_track_finalize (GObject * object)
{
  free_state (GST_RV_POSE_TRACK (object));
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
gst_rv_pose_track_start (GstBaseTransform * trans)
{
  GstRvPoseTrack *self = GST_RV_POSE_TRACK (trans);
  RvPoseTrackerConfig tc;
  RvFeatureConfig fc;
  RvPoseError err = RV_POSE_OK;

  free_state (self);
  rv_pose_tracker_config_default (&tc);
  rv_feature_config_default (&fc);
  GST_OBJECT_LOCK (self);
  tc.process_noise = self->prop_process_noise;
  tc.measurement_noise = self->prop_measurement_noise;
  tc.mahalanobis_gate = self->prop_gate;
  tc.loss_misses = self->prop_loss_misses;
  tc.reid_window = self->prop_reid_window;
  tc.max_tracks = self->prop_max_tracks;
  fc.window = self->prop_window;
  fc.motion_gain = self->prop_motion_gain;
  fc.presence_threshold = self->prop_presence_threshold;
  fc.max_bins = RV_RECORD_MAX_DIM;
  self->st_presence = self->st_detections = self->st_published =
      self->st_dropped = 0;
  GST_OBJECT_UNLOCK (self);

  self->have_prev = FALSE;
  self->prev_ns = 0;
  self->tracker = rv_pose_tracker_new (&tc, &err);
  self->fx = rv_feature_extractor_new (&fc);
  self->fc = fc;
  if (!self->tracker || !self->fx) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Invalid pose tracker settings.")),
        ("process-noise %g, measurement-noise %g, gate %g, loss-misses %"
            G_GUINT64_FORMAT ", reid-window %" G_GUINT64_FORMAT
            ", max-tracks %u, window %u: %s", (double) tc.process_noise,
            (double) tc.measurement_noise, (double) tc.mahalanobis_gate,
            tc.loss_misses, tc.reid_window, (guint) tc.max_tracks,
            (guint) fc.window, self->tracker ? "invalid feature settings" :
            rv_pose_error_str (err)));
    free_state (self);
    return FALSE;
  }
  self->iv_presence = 0;
  self->iv_max_persons = 0;
  return GST_BASE_TRANSFORM_CLASS (parent_class)->start (trans);
}

static gboolean
gst_rv_pose_track_stop (GstBaseTransform * trans)
{
  free_state (GST_RV_POSE_TRACK (trans));
  return TRUE;
}

static GstFlowReturn
gst_rv_pose_track_analyze (GstRvFusedAnalyzer * analyzer, GstBuffer * buf,
    GstRvFusedCycle * cycle)
{
  GstRvPoseTrack *self = GST_RV_POSE_TRACK (analyzer);
  const RvFusedRecord *rec = &cycle->record;
  RvSensingFeatures feat;
  RvClassification cls;
  GstRvPoseMeta *meta;
  GstRvSensingMeta *smeta;
  int16_t rssi[MAX_NODES];
  guint i, n_rssi = 0;
  guint64 now_ns, t_us;
  gboolean have_now;
  size_t n_det, n_pub, n_out, dropped = 0;
  float dt;
  double dt64;

  /* stream time: the buffer PTS, else the record's */
  have_now = GST_BUFFER_PTS_IS_VALID (buf) || rec->pts_ns != RV_RECORD_NONE_NS;
  now_ns = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) :
      (rec->pts_ns != RV_RECORD_NONE_NS ? rec->pts_ns : 0);
  dt = rv_sensing_dt_from_ns (self->have_prev && have_now, self->prev_ns,
      now_ns);
  dt64 = rv_sensing_dt_f64_from_ns (self->have_prev && have_now,
      self->prev_ns, now_ns);
  if (have_now) {
    self->have_prev = TRUE;
    self->prev_ns = now_ns;
  }
  t_us = now_ns / 1000;

  /* RSSI of the fused nodes: the node record's, else the node table's */
  for (i = 0; i < rec->n_nodes && n_rssi < MAX_NODES; i++) {
    const RvFusedRecordNode *nd = &rec->nodes[i];
    if (nd->status != RV_NODE_FUSED)
      continue;
    if (nd->record_index < cycle->n_node_records) {
      rssi[n_rssi++] = cycle->nodes[nd->record_index].rssi_dbm;
      node_features_push (self, &cycle->nodes[nd->record_index], dt64);
    } else if (nd->rssi_dbm != 0)
      rssi[n_rssi++] = nd->rssi_dbm;
  }
  rv_feature_extractor_push (self->fx, rec->fused_amplitude, rec->n_bins,
      dt64, rv_sensing_mean_rssi (rssi, n_rssi), &feat, &cls);
  n_det = rv_heuristic_pose (&feat, &cls, NULL, rec->cycle, 1, self->heur,
      MAX_DETECTIONS);
  if (n_det > MAX_DETECTIONS)
    n_det = MAX_DETECTIONS;

  for (i = 0; i < n_det; i++)
    rv_heuristic_person_to_tracker (&self->heur[i], self->dets[i]);
  n_pub = rv_pose_tracker_bridge_update (self->tracker, dt, t_us,
      (const float (*)[RV_POSE_KEYPOINTS][3]) self->dets, n_det, self->out,
      GST_RV_POSE_MAX_PERSONS, &dropped);
  n_out = MIN (n_pub, GST_RV_POSE_MAX_PERSONS);

  smeta = gst_buffer_add_rv_sensing_meta (buf, &feat, &cls);
  for (i = 0; smeta && i < self->n_node_state; i++)
    gst_rv_sensing_meta_add_node (smeta, &self->node_state[i]);
  meta = gst_buffer_add_rv_pose_meta (buf);
  for (i = 0; meta && i < n_out; i++)
    gst_rv_pose_meta_add_person (meta, &self->out[i]);
  GST_LOG_OBJECT (self, "cycle %" G_GUINT64_FORMAT ": mbp %g presence %d, "
      "%zu detections, %zu persons", rec->cycle, feat.motion_band_power,
      cls.presence, n_det, n_pub);

  self->last_persons = (guint) n_out;
  self->last_presence = cls.presence;
  self->last_mbp = feat.motion_band_power;
  self->iv_max_persons = MAX (self->iv_max_persons, (guint) n_out);
  if (cls.presence)
    self->iv_presence++;

  GST_OBJECT_LOCK (self);
  if (cls.presence)
    self->st_presence++;
  self->st_detections += n_det;
  self->st_published += n_out;
  self->st_dropped += dropped;
  GST_OBJECT_UNLOCK (self);
  return GST_FLOW_OK;
}

static void
gst_rv_pose_track_fill_message (GstRvFusedAnalyzer * analyzer,
    GstStructure * s, guint64 analyzed)
{
  GstRvPoseTrack *self = GST_RV_POSE_TRACK (analyzer);

  gst_structure_set (s,
      "presence-cycles", G_TYPE_UINT64, self->iv_presence,
      "max-persons", G_TYPE_UINT, self->iv_max_persons, NULL);
  if (analyzed > 0)
    gst_structure_set (s,
        "persons", G_TYPE_UINT, self->last_persons,
        "presence", G_TYPE_BOOLEAN, self->last_presence,
        "motion-band-power", G_TYPE_DOUBLE, self->last_mbp, NULL);
  self->iv_presence = 0;
  self->iv_max_persons = 0;
}

static void
gst_rv_pose_track_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvPoseTrack *self = GST_RV_POSE_TRACK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PROCESS_NOISE:
      self->prop_process_noise = g_value_get_float (value);
      break;
    case PROP_MEASUREMENT_NOISE:
      self->prop_measurement_noise = g_value_get_float (value);
      break;
    case PROP_MAHALANOBIS_GATE:
      self->prop_gate = g_value_get_float (value);
      break;
    case PROP_LOSS_MISSES:
      self->prop_loss_misses = g_value_get_uint (value);
      break;
    case PROP_REID_WINDOW:
      self->prop_reid_window = g_value_get_uint (value);
      break;
    case PROP_MAX_TRACKS:
      self->prop_max_tracks = g_value_get_uint (value);
      break;
    case PROP_WINDOW:
      self->prop_window = g_value_get_uint (value);
      break;
    case PROP_MOTION_GAIN:
      self->prop_motion_gain = g_value_get_double (value);
      break;
    case PROP_PRESENCE_THRESHOLD:
      self->prop_presence_threshold = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_pose_track_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvPoseTrack *self = GST_RV_POSE_TRACK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PROCESS_NOISE:
      g_value_set_float (value, self->prop_process_noise);
      break;
    case PROP_MEASUREMENT_NOISE:
      g_value_set_float (value, self->prop_measurement_noise);
      break;
    case PROP_MAHALANOBIS_GATE:
      g_value_set_float (value, self->prop_gate);
      break;
    case PROP_LOSS_MISSES:
      g_value_set_uint (value, self->prop_loss_misses);
      break;
    case PROP_REID_WINDOW:
      g_value_set_uint (value, self->prop_reid_window);
      break;
    case PROP_MAX_TRACKS:
      g_value_set_uint (value, self->prop_max_tracks);
      break;
    case PROP_WINDOW:
      g_value_set_uint (value, self->prop_window);
      break;
    case PROP_MOTION_GAIN:
      g_value_set_double (value, self->prop_motion_gain);
      break;
    case PROP_PRESENCE_THRESHOLD:
      g_value_set_double (value, self->prop_presence_threshold);
      break;
    case PROP_STATS:
    {
      GstStructure *st = gst_rv_fused_analyzer_stats_new
          (GST_RV_FUSED_ANALYZER (self), "rvposetrack-stats");
      gst_structure_set (st,
          "presence", G_TYPE_UINT64, self->st_presence,
          "detections", G_TYPE_UINT64, self->st_detections,
          "published", G_TYPE_UINT64, self->st_published,
          "dropped", G_TYPE_UINT64, self->st_dropped, NULL);
      g_value_take_boxed (value, st);
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
