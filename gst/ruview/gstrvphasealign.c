/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvphasealign
 * @title: rvphasealign
 *
 * Turns raw complex CSI frames (`layout=complex, phase-aligned=false`) into
 * canonical frames (`layout=canonical, phase-aligned=true`; `calibrated` is
 * kept from the input), per node:
 *
 * 1. amplitude and phase of stream 0 (hypot/atan2, f64);
 * 2. hardware normalisation to the canonical grid of `canonical-bins` bins
 *    (56 by default): hardware detected from the frame width, Catmull-Rom
 *    resample, amplitude z-score, phase unwrap and least-squares detrend;
 * 3. multi-band build across the channels the node hops: channel frames
 *    sorted by frequency, inter-channel coherence;
 * 4. cross-channel phase alignment (each channel's phase offset against
 *    the first, estimated on the most static bins) with the `max-iterations`,
 *    `tolerance`, `static-fraction` and `min-static-subcarriers`
 *    parameters.
 *
 * With `channels` = 1 (the default) every frame is its own single-channel
 * canonical frame: one output per input, same PTS, DURATION and flags.
 *
 * With `channels` = C > 1 the frames of each node are grouped by its hop
 * schedule: a group is the node's next C frames with distinct frequencies.
 * A frame whose frequency is already in the node's open group closes that
 * group early (it is emitted with the channels it has, counted as
 * `partial-groups`) and starts a new one; EOS emits every open group the
 * same way. A complete group is built (channels sorted by frequency) and
 * aligned, and one canonical record with C channels is pushed with the PTS,
 * DURATION, flags and header fields (sequence, timestamp, RSSI…) of the
 * group's last frame; the record's `freq_mhz` is its lowest channel's.
 *
 * Normalisation, multi-band and alignment failures (for example fewer bins
 * than `min-static-subcarriers`) are counted in `stats` and the frame or
 * group is dropped with a warning; they never stop the stream. A `GAP`
 * buffer is forwarded as a GAP event. Apart from the output buffer nothing
 * is allocated per frame: the scratch is made at start and when a node is
 * first seen.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvphasealign ! rvmetaconvert ! filesink location=canonical.jsonl
 * ]| Canonical 56-bin frames of the 4-node synthetic room, as JSON Lines.
 * |[
 * gst-launch-1.0 csisrc num-buffers=400 ! rvphasealign channels=3 canonical-bins=32 ! fakesink
 * ]| Groups of up to three hop channels per node on a 32-bin grid (the
 * synthetic room does not hop, so every group is partial).
 */
/* Locking: the object lock protects the properties and the statistics;
 * the properties are latched in start().  The normaliser, aligner, scratch
 * and node groups belong to the streaming thread (submit_input_buffer,
 * generate_output, sink_event all run in it, under the stream lock).
 * Nothing is pushed with the object lock held. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstruviewelements.h"
#include "gstrvphasealign.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "ruview/hardware_norm.h"
#include "ruview/multiband.h"
#include "ruview/hop_group.h"
#include "ruview/phase_align.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_phase_align_debug);
#define GST_CAT_DEFAULT gst_rv_phase_align_debug

#define MAX_CHANNELS MIN (RV_MULTIBAND_MAX_CHANNELS, RV_PHASE_ALIGN_MAX_CHANNELS)
#define MAX_NODES RV_HOP_MAX_NODES

#define DEFAULT_CANONICAL_BINS  RV_CANONICAL_SUBCARRIERS
#define DEFAULT_CHANNELS        1
#define DEFAULT_MAX_ITERATIONS  20
#define DEFAULT_TOLERANCE       1e-4f
#define DEFAULT_STATIC_FRACTION 0.3f
#define DEFAULT_MIN_STATIC      5

enum
{
  PROP_0,
  PROP_CANONICAL_BINS,
  PROP_CHANNELS,
  PROP_MAX_ITERATIONS,
  PROP_TOLERANCE,
  PROP_STATIC_FRACTION,
  PROP_MIN_STATIC,
  PROP_STATS,
};

/* What the element keeps of a node's open hop group (the channels
 * themselves are in the core's RvHopGrouper, at the same index). */
typedef struct
{
  RvCsiFrame last;              /* header of the last frame (no arrays) */
  GstBuffer *last_buf;          /* the last frame (timestamps, flags, metas) */
} NodeGroup;

struct _GstRvPhaseAlign
{
  GstBaseTransform parent;

  /* properties (object lock) */
  guint prop_bins, prop_channels, prop_max_iterations, prop_min_static;
  gfloat prop_tolerance, prop_static_fraction;

  /* < private > streaming state, made in start() */
  guint bins, channels;
  RvHwNormalizer *norm;
  RvPhaseAligner *aligner;
  gdouble *amp64, *phase64;     /* RV_RECORD_MAX_DIM */
  RvHopGrouper *hops;           /* channels > 1 */
  NodeGroup *groups;            /* MAX_NODES, indexed as in hops */
  GstBuffer *pending;           /* output made by submit_input_buffer */

  /* statistics (object lock) */
  guint64 st_frames, st_out, st_groups, st_partial, st_invalid, st_gaps,
      st_norm_errors, st_multiband_errors, st_align_errors;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_MAKE ("complex", "{ true, false }",
            "false")));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_MAKE ("canonical", "{ true, false }",
            "true")));

#define gst_rv_phase_align_parent_class parent_class
G_DEFINE_TYPE (GstRvPhaseAlign, gst_rv_phase_align, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvphasealign, "rvphasealign",
    GST_RANK_NONE, GST_TYPE_RV_PHASE_ALIGN,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_phase_align_debug, "rvphasealign", 0,
        "RuView hardware normalisation, multi-band build, phase alignment"));

static void gst_rv_phase_align_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_phase_align_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_phase_align_finalize (GObject * object);
static gboolean gst_rv_phase_align_start (GstBaseTransform * trans);
static gboolean gst_rv_phase_align_stop (GstBaseTransform * trans);
static gboolean gst_rv_phase_align_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstCaps *gst_rv_phase_align_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static GstFlowReturn gst_rv_phase_align_submit_input_buffer (GstBaseTransform
    * trans, gboolean is_discont, GstBuffer * input);
static GstFlowReturn gst_rv_phase_align_generate_output (GstBaseTransform *
    trans, GstBuffer ** outbuf);
static GstFlowReturn gst_rv_phase_align_transform (GstBaseTransform * trans,
    GstBuffer * inbuf, GstBuffer * outbuf);

static void
gst_rv_phase_align_class_init (GstRvPhaseAlignClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_rv_phase_align_set_property;
  gobject_class->get_property = gst_rv_phase_align_get_property;
  gobject_class->finalize = gst_rv_phase_align_finalize;

  /**
   * GstRvPhaseAlign:canonical-bins:
   *
   * The number of bins of the canonical grid every frame is resampled to,
   * whatever the radio's width.
   */
  g_object_class_install_property (gobject_class, PROP_CANONICAL_BINS,
      g_param_spec_uint ("canonical-bins", "Canonical bins",
          "Number of bins of the canonical grid frames are resampled to",
          1, RV_RECORD_MAX_DIM, DEFAULT_CANONICAL_BINS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPhaseAlign:channels:
   *
   * Hop channels per node: 1 makes every frame its own canonical frame;
   * C > 1 groups each node's frames by its hop schedule (the next C frames
   * with distinct frequencies) into one C-channel frame.
   */
  g_object_class_install_property (gobject_class, PROP_CHANNELS,
      g_param_spec_uint ("channels", "Channels",
          "Hop channels grouped into one multi-band frame per node",
          1, MAX_CHANNELS, DEFAULT_CHANNELS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPhaseAlign:max-iterations:
   *
   * The most refinement steps of the cross-channel phase alignment (C > 1).
   */
  g_object_class_install_property (gobject_class, PROP_MAX_ITERATIONS,
      g_param_spec_uint ("max-iterations", "Maximum iterations",
          "Most refinement iterations of the phase alignment", 0, G_MAXINT,
          DEFAULT_MAX_ITERATIONS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPhaseAlign:tolerance:
   *
   * The largest offset update, in radians, that ends the refinement of the
   * phase alignment.
   */
  g_object_class_install_property (gobject_class, PROP_TOLERANCE,
      g_param_spec_float ("tolerance", "Tolerance",
          "Largest offset update that ends the refinement (in radians)",
          0.0f, G_MAXFLOAT, DEFAULT_TOLERANCE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPhaseAlign:static-fraction:
   *
   * The share of the bins, those whose amplitude varies least across the
   * channels first, on which the channels' phase offsets are estimated.
   */
  g_object_class_install_property (gobject_class, PROP_STATIC_FRACTION,
      g_param_spec_float ("static-fraction", "Static fraction",
          "Fraction of the bins, lowest amplitude variance across channels "
          "first, used as static subcarriers", 0.0f, 1.0f,
          DEFAULT_STATIC_FRACTION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPhaseAlign:min-static-subcarriers:
   *
   * The fewest static bins the alignment uses (more than `static-fraction`
   * gives when the grid is small); a grid with fewer bins cannot be aligned.
   */
  g_object_class_install_property (gobject_class, PROP_MIN_STATIC,
      g_param_spec_uint ("min-static-subcarriers", "Minimum static "
          "subcarriers", "Fewest static subcarriers the alignment uses",
          1, RV_RECORD_MAX_DIM, DEFAULT_MIN_STATIC,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvPhaseAlign:stats:
   *
   * Counters since start, an `rvphasealign-stats` structure of guint64
   * fields: `frames` (in), `output` (canonical frames out), `groups`,
   * `partial-groups` (hop groups closed early), `invalid`, `gaps` and the
   * errors by stage: `normalize-errors`, `multiband-errors`, `align-errors`.
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: frames, output, groups, partial-groups, invalid, gaps, "
          "normalize-errors, multiband-errors, align-errors",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView phase alignment", "Filter/Converter",
      "Normalises raw CSI frames to the canonical grid, builds multi-band "
      "frames across hop channels and aligns their phases",
      "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_phase_align_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_phase_align_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_rv_phase_align_sink_event);
  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_rv_phase_align_transform_caps);
  trans_class->submit_input_buffer =
      GST_DEBUG_FUNCPTR (gst_rv_phase_align_submit_input_buffer);
  trans_class->generate_output =
      GST_DEBUG_FUNCPTR (gst_rv_phase_align_generate_output);
  trans_class->transform = GST_DEBUG_FUNCPTR (gst_rv_phase_align_transform);
  trans_class->passthrough_on_same_caps = FALSE;
}

static void
gst_rv_phase_align_init (GstRvPhaseAlign * self)
{
  self->prop_bins = DEFAULT_CANONICAL_BINS;
  self->prop_channels = DEFAULT_CHANNELS;
  self->prop_max_iterations = DEFAULT_MAX_ITERATIONS;
  self->prop_tolerance = DEFAULT_TOLERANCE;
  self->prop_static_fraction = DEFAULT_STATIC_FRACTION;
  self->prop_min_static = DEFAULT_MIN_STATIC;
}

/* empties every open group */
static void
clear_groups (GstRvPhaseAlign * self)
{
  guint i;

  if (!self->hops)
    return;
  for (i = 0; i < rv_hop_grouper_n_nodes (self->hops); i++)
    gst_clear_buffer (&self->groups[i].last_buf);
  rv_hop_grouper_clear (self->hops);
}

static void
free_state (GstRvPhaseAlign * self)
{
  clear_groups (self);
  g_clear_pointer (&self->hops, rv_hop_grouper_free);
  g_clear_pointer (&self->groups, g_free);
  g_clear_pointer (&self->amp64, g_free);
  g_clear_pointer (&self->phase64, g_free);
  g_clear_pointer (&self->norm, rv_hw_normalizer_free);
  g_clear_pointer (&self->aligner, rv_phase_aligner_free);
  gst_clear_buffer (&self->pending);
}

static void
gst_rv_phase_align_finalize (GObject * object)
{
  free_state (GST_RV_PHASE_ALIGN (object));
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
gst_rv_phase_align_start (GstBaseTransform * trans)
{
  GstRvPhaseAlign *self = GST_RV_PHASE_ALIGN (trans);
  RvPhaseAlignConfig cfg;
  RvPhaseAlignError aerr = RV_PHASE_ALIGN_OK;
  RvHwNormError nerr = RV_HW_NORM_OK;

  free_state (self);
  rv_phase_align_config_default (&cfg);
  GST_OBJECT_LOCK (self);
  self->bins = self->prop_bins;
  self->channels = self->prop_channels;
  cfg.max_iterations = self->prop_max_iterations;
  cfg.tolerance = self->prop_tolerance;
  cfg.static_fraction = self->prop_static_fraction;
  cfg.min_static_subcarriers = self->prop_min_static;
  self->st_frames = self->st_out = self->st_groups = self->st_partial =
      self->st_invalid = self->st_gaps = self->st_norm_errors =
      self->st_multiband_errors = self->st_align_errors = 0;
  GST_OBJECT_UNLOCK (self);

  self->norm = rv_hw_normalizer_new (self->bins, &nerr);
  self->aligner = rv_phase_aligner_new (&cfg, self->channels, self->bins,
      &aerr);
  if (!self->norm || !self->aligner) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Invalid phase alignment settings.")),
        ("normaliser: %s, aligner: %s", rv_hw_norm_error_str (nerr),
            rv_phase_align_error_str (aerr)));
    free_state (self);
    return FALSE;
  }
  self->amp64 = g_new (gdouble, RV_RECORD_MAX_DIM);
  self->phase64 = g_new (gdouble, RV_RECORD_MAX_DIM);
  if (self->channels > 1) {
    self->hops = rv_hop_grouper_new (self->channels, self->bins);
    self->groups = g_new0 (NodeGroup, MAX_NODES);
  }
  GST_DEBUG_OBJECT (self, "%u bins, %u channels", self->bins, self->channels);
  return TRUE;
}

static gboolean
gst_rv_phase_align_stop (GstBaseTransform * trans)
{
  free_state (GST_RV_PHASE_ALIGN (trans));
  return TRUE;
}

/* The structures of caps compatible with (layout, phase-aligned) = (from_l,
 * from_a), rewritten to (to_l, to_a); calibrated is kept. */
static GstCaps *
map_caps (GstCaps * caps, const gchar * from_l, gboolean from_a,
    const gchar * to_l, gboolean to_a)
{
  GstCaps *res = gst_caps_new_empty ();
  GValue want_l = G_VALUE_INIT, want_a = G_VALUE_INIT;
  guint i, n = gst_caps_get_size (caps);

  g_value_init (&want_l, G_TYPE_STRING);
  g_value_set_string (&want_l, from_l);
  g_value_init (&want_a, G_TYPE_BOOLEAN);
  g_value_set_boolean (&want_a, from_a);
  for (i = 0; i < n; i++) {
    const GstStructure *s = gst_caps_get_structure (caps, i);
    const GValue *l = gst_structure_get_value (s, "layout");
    const GValue *a = gst_structure_get_value (s, "phase-aligned");
    GstStructure *c;
    if ((l && !gst_value_can_intersect (l, &want_l)) ||
        (a && !gst_value_can_intersect (a, &want_a)))
      continue;
    c = gst_structure_copy (s);
    gst_structure_set (c, "layout", G_TYPE_STRING, to_l, "phase-aligned",
        G_TYPE_BOOLEAN, to_a, NULL);
    res = gst_caps_merge_structure (res, c);
  }
  g_value_unset (&want_l);
  g_value_unset (&want_a);
  return res;
}

static GstCaps *
gst_rv_phase_align_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstCaps *res;

  if (gst_caps_is_any (caps))
    res = gst_static_pad_template_get_caps (direction == GST_PAD_SINK ?
        &src_template : &sink_template);
  else if (direction == GST_PAD_SINK)
    res = map_caps (caps, GST_RV_LAYOUT_COMPLEX, FALSE,
        GST_RV_LAYOUT_CANONICAL, TRUE);
  else
    res = map_caps (caps, GST_RV_LAYOUT_CANONICAL, TRUE,
        GST_RV_LAYOUT_COMPLEX, FALSE);
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, res,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (res);
    res = tmp;
  }
  return res;
}

/* Copies the metas of in that carry no tags (those describing the frame,
 * not its bytes), as GstBaseTransform's default transform_meta does. */
static gboolean
copy_untagged_meta (GstBuffer * in, GstMeta ** meta, gpointer user_data)
{
  GstBuffer *out = user_data;
  const GstMetaInfo *info = (*meta)->info;
  const gchar *const *tags = gst_meta_api_type_get_tags (info->api);

  if (info->transform_func && (!tags || !tags[0])) {
    GstMetaTransformCopy copy = { FALSE, 0, -1 };
    info->transform_func (out, *meta, in, _gst_meta_transform_copy, &copy);
  }
  return TRUE;
}

/* The header of out from the (last) input frame. */
static void
fill_header (RvCsiFrame * out, const RvCsiFrame * in)
{
  out->flags = (in->flags & (RV_CSI_FLAG_CALIBRATED |
          RV_CSI_FLAG_HAS_CALIB_ID)) | RV_CSI_FLAG_PHASE_ALIGNED;
  out->pts_ns = in->pts_ns;
  out->duration_ns = in->duration_ns;
  out->timestamp_us = in->timestamp_us;
  out->calibration_id = in->calibration_id;
  out->node_id = in->node_id;
  out->sequence = in->sequence;
  out->freq_mhz = out->channel_freq_mhz[0];
  out->rssi_dbm = in->rssi_dbm;
  out->noise_floor_dbm = in->noise_floor_dbm;
  out->ppdu_type = in->ppdu_type;
  out->hw_flags = in->hw_flags;
  out->bandwidth_mhz = in->bandwidth_mhz;
}

static void
finish_output (GstBuffer * out, GstBuffer * last)
{
  gst_buffer_copy_into (out, last, GST_BUFFER_COPY_FLAGS |
      GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  gst_buffer_foreach_meta (last, copy_untagged_meta, out);
}

/* streaming thread: builds, aligns and returns node's open group (NULL
 * when it fails; the failure is counted).  The group is emptied. */
static GstBuffer *
emit_group (GstRvPhaseAlign * self, gint node)
{
  NodeGroup *g = &self->groups[node];
  RvMultibandError merr = RV_MULTIBAND_OK;
  RvPhaseAlignError aerr = RV_PHASE_ALIGN_OK;
  GstBuffer *out = NULL;
  GstMapInfo map;
  RvCsiFrame o;
  RvHopEmit res;
  gfloat coherence = 0.0f;
  guint n = (guint) rv_hop_grouper_size (self->hops, node);

  if (n == 0)
    return NULL;
  out = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, n, self->bins, &map, &o);
  res = rv_hop_grouper_emit (self->hops, node, self->aligner,
      o.channel_freq_mhz, o.values, &coherence, &merr, &aerr);
  if (res != RV_HOP_EMIT_OK) {
    GST_WARNING_OBJECT (self, "node %u: %s failed (%s), group dropped",
        g->last.node_id, res == RV_HOP_EMIT_MULTIBAND ? "multi-band build" :
        "phase alignment", res == RV_HOP_EMIT_MULTIBAND ?
        rv_multiband_error_str (merr) : rv_phase_align_error_str (aerr));
    gst_buffer_unmap (out, &map);
    gst_clear_buffer (&out);
    GST_OBJECT_LOCK (self);
    if (res == RV_HOP_EMIT_MULTIBAND)
      self->st_multiband_errors++;
    else
      self->st_align_errors++;
    GST_OBJECT_UNLOCK (self);
    goto done;
  }
  fill_header (&o, &g->last);
  gst_rv_csi_buffer_unmap (out, &map, &o);
  finish_output (out, g->last_buf);
  GST_LOG_OBJECT (self, "node %u: %u channels, coherence %g", g->last.node_id,
      n, coherence);
  GST_OBJECT_LOCK (self);
  self->st_groups++;
  if (n < self->channels)
    self->st_partial++;
  GST_OBJECT_UNLOCK (self);

done:
  gst_clear_buffer (&g->last_buf);
  return out;
}

/* streaming thread: one single-channel canonical frame from frame f */
static GstBuffer *
single_channel (GstRvPhaseAlign * self, const RvCsiFrame * f, GstBuffer * in)
{
  RvChannelFrame ch;
  RvAlignChannel ac;
  RvMultibandFrame mb;
  GstMapInfo map;
  RvCsiFrame o;
  RvHwNormError nerr;
  RvMultibandError merr;
  RvPhaseAlignError aerr;
  GstBuffer *out;
  guint bins = self->bins;

  out = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, bins, &map, &o);
  nerr = rv_hw_normalizer_normalize (self->norm, self->amp64, f->dim1,
      self->phase64, f->dim1, rv_hw_detect (f->dim1), rv_csi_amplitude (&o, 0),
      rv_csi_phase (&o, 0), bins);
  if (nerr != RV_HW_NORM_OK) {
    GST_WARNING_OBJECT (self, "node %u: normalisation failed (%s), frame "
        "dropped", f->node_id, rv_hw_norm_error_str (nerr));
    GST_OBJECT_LOCK (self);
    self->st_norm_errors++;
    GST_OBJECT_UNLOCK (self);
    goto fail;
  }
  o.channel_freq_mhz[0] = f->freq_mhz;
  ch.freq_mhz = f->freq_mhz;
  ch.n_bins = bins;
  ch.amplitude = rv_csi_amplitude (&o, 0);
  ch.phase = rv_csi_phase (&o, 0);
  merr = rv_multiband_build (f->node_id, f->timestamp_us, &ch, 1, &mb, NULL);
  if (merr != RV_MULTIBAND_OK) {
    GST_WARNING_OBJECT (self, "node %u: multi-band build failed (%s), frame "
        "dropped", f->node_id, rv_multiband_error_str (merr));
    GST_OBJECT_LOCK (self);
    self->st_multiband_errors++;
    GST_OBJECT_UNLOCK (self);
    goto fail;
  }
  ac.amplitude = rv_csi_amplitude (&o, 0);
  ac.amp_len = bins;
  ac.phase = rv_csi_phase (&o, 0);
  ac.phase_len = bins;
  aerr = rv_phase_aligner_align (self->aligner, &ac, 1, NULL, NULL);
  if (aerr != RV_PHASE_ALIGN_OK) {
    GST_WARNING_OBJECT (self, "node %u: phase alignment failed (%s), frame "
        "dropped", f->node_id, rv_phase_align_error_str (aerr));
    GST_OBJECT_LOCK (self);
    self->st_align_errors++;
    GST_OBJECT_UNLOCK (self);
    goto fail;
  }
  fill_header (&o, f);
  gst_rv_csi_buffer_unmap (out, &map, &o);
  finish_output (out, in);
  return out;

fail:
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  return NULL;
}

/* streaming thread: adds frame f to its node's hop group; returns the
 * output the frame completed or closed early, if any. */
static GstBuffer *
add_to_group (GstRvPhaseAlign * self, const RvCsiFrame * f, GstBuffer * in)
{
  GstBuffer *out = NULL;
  RvHwNormError nerr;
  gint node = rv_hop_grouper_node (self->hops, f->node_id);
  gfloat *amp, *phase;
  NodeGroup *g;

  if (node < 0) {
    GST_WARNING_OBJECT (self, "more than %d nodes, node %u dropped",
        MAX_NODES, f->node_id);
    GST_OBJECT_LOCK (self);
    self->st_invalid++;
    GST_OBJECT_UNLOCK (self);
    return NULL;
  }
  g = &self->groups[node];
  /* a repeated frequency closes the open group */
  if (rv_hop_grouper_repeats (self->hops, node, f->freq_mhz)) {
    GST_DEBUG_OBJECT (self, "node %u: %u MHz again after %u channels, "
        "partial group", f->node_id, f->freq_mhz,
        (guint) rv_hop_grouper_size (self->hops, node));
    out = emit_group (self, node);
  }
  rv_hop_grouper_next (self->hops, node, &amp, &phase);
  nerr = rv_hw_normalizer_normalize (self->norm, self->amp64, f->dim1,
      self->phase64, f->dim1, rv_hw_detect (f->dim1), amp, phase, self->bins);
  if (nerr != RV_HW_NORM_OK) {
    GST_WARNING_OBJECT (self, "node %u: normalisation failed (%s), frame "
        "dropped", f->node_id, rv_hw_norm_error_str (nerr));
    GST_OBJECT_LOCK (self);
    self->st_norm_errors++;
    GST_OBJECT_UNLOCK (self);
    return out;
  }
  g->last = *f;
  g->last.data = NULL;
  g->last.subcarrier_index = NULL;
  g->last.channel_freq_mhz = NULL;
  g->last.values = NULL;
  gst_buffer_replace (&g->last_buf, in);
  if (rv_hop_grouper_commit (self->hops, node, f->freq_mhz, f->timestamp_us))
    out = emit_group (self, node);
  return out;
}

static GstFlowReturn
gst_rv_phase_align_submit_input_buffer (GstBaseTransform * trans,
    gboolean is_discont, GstBuffer * input)
{
  GstRvPhaseAlign *self = GST_RV_PHASE_ALIGN (trans);
  GstMapInfo map;
  RvCsiFrame f;

  if (!self->norm) {
    gst_buffer_unref (input);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  GST_OBJECT_LOCK (self);
  self->st_frames++;
  GST_OBJECT_UNLOCK (self);

  if (GST_BUFFER_FLAG_IS_SET (input, GST_BUFFER_FLAG_GAP)) {
    GST_OBJECT_LOCK (self);
    self->st_gaps++;
    GST_OBJECT_UNLOCK (self);
    gst_pad_push_event (GST_BASE_TRANSFORM_SRC_PAD (trans),
        gst_event_new_gap (GST_BUFFER_PTS (input),
            GST_BUFFER_DURATION (input)));
    gst_buffer_unref (input);
    return GST_FLOW_OK;
  }
  if (!gst_rv_csi_buffer_map (input, &map, GST_MAP_READ, &f)) {
    GST_WARNING_OBJECT (self, "buffer %" GST_PTR_FORMAT " is not a csi "
        "frame record, dropped", input);
    GST_OBJECT_LOCK (self);
    self->st_invalid++;
    GST_OBJECT_UNLOCK (self);
    gst_buffer_unref (input);
    return GST_FLOW_OK;
  }
  if (f.layout != RV_LAYOUT_COMPLEX) {
    GST_WARNING_OBJECT (self, "frame of node %u is not complex, dropped",
        f.node_id);
    GST_OBJECT_LOCK (self);
    self->st_invalid++;
    GST_OBJECT_UNLOCK (self);
  } else {
    /* stream 0 (the first dim1 complex values) */
    rv_csi_amplitude_phase (f.data, f.dim1, self->amp64, self->phase64);
    if (self->channels == 1)
      self->pending = single_channel (self, &f, input);
    else
      self->pending = add_to_group (self, &f, input);
  }
  gst_buffer_unmap (input, &map);
  gst_buffer_unref (input);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_rv_phase_align_generate_output (GstBaseTransform * trans,
    GstBuffer ** outbuf)
{
  GstRvPhaseAlign *self = GST_RV_PHASE_ALIGN (trans);

  *outbuf = self->pending;
  self->pending = NULL;
  if (*outbuf) {
    GST_OBJECT_LOCK (self);
    self->st_out++;
    GST_OBJECT_UNLOCK (self);
  }
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_rv_phase_align_transform (GstBaseTransform * trans, GstBuffer * inbuf,
    GstBuffer * outbuf)
{
  /* never called: generate_output makes every output */
  return GST_FLOW_OK;
}

/* streaming thread: pushes every open group (EOS) */
static void
flush_groups (GstRvPhaseAlign * self)
{
  guint i;

  for (i = 0; i < rv_hop_grouper_n_nodes (self->hops); i++) {
    GstBuffer *out = emit_group (self, (gint) i);
    if (out) {
      GST_OBJECT_LOCK (self);
      self->st_out++;
      GST_OBJECT_UNLOCK (self);
      gst_pad_push (GST_BASE_TRANSFORM_SRC_PAD (self), out);
    }
  }
}

static gboolean
gst_rv_phase_align_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstRvPhaseAlign *self = GST_RV_PHASE_ALIGN (trans);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      if (self->hops)
        flush_groups (self);
      break;
    case GST_EVENT_FLUSH_STOP:
      clear_groups (self);
      gst_clear_buffer (&self->pending);
      break;
    default:
      break;
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

static void
gst_rv_phase_align_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvPhaseAlign *self = GST_RV_PHASE_ALIGN (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_CANONICAL_BINS:
      self->prop_bins = g_value_get_uint (value);
      break;
    case PROP_CHANNELS:
      self->prop_channels = g_value_get_uint (value);
      break;
    case PROP_MAX_ITERATIONS:
      self->prop_max_iterations = g_value_get_uint (value);
      break;
    case PROP_TOLERANCE:
      self->prop_tolerance = g_value_get_float (value);
      break;
    case PROP_STATIC_FRACTION:
      self->prop_static_fraction = g_value_get_float (value);
      break;
    case PROP_MIN_STATIC:
      self->prop_min_static = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_phase_align_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvPhaseAlign *self = GST_RV_PHASE_ALIGN (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_CANONICAL_BINS:
      g_value_set_uint (value, self->prop_bins);
      break;
    case PROP_CHANNELS:
      g_value_set_uint (value, self->prop_channels);
      break;
    case PROP_MAX_ITERATIONS:
      g_value_set_uint (value, self->prop_max_iterations);
      break;
    case PROP_TOLERANCE:
      g_value_set_float (value, self->prop_tolerance);
      break;
    case PROP_STATIC_FRACTION:
      g_value_set_float (value, self->prop_static_fraction);
      break;
    case PROP_MIN_STATIC:
      g_value_set_uint (value, self->prop_min_static);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_structure_new ("rvphasealign-stats",
              "frames", G_TYPE_UINT64, self->st_frames,
              "output", G_TYPE_UINT64, self->st_out,
              "groups", G_TYPE_UINT64, self->st_groups,
              "partial-groups", G_TYPE_UINT64, self->st_partial,
              "invalid", G_TYPE_UINT64, self->st_invalid,
              "gaps", G_TYPE_UINT64, self->st_gaps,
              "normalize-errors", G_TYPE_UINT64, self->st_norm_errors,
              "multiband-errors", G_TYPE_UINT64, self->st_multiband_errors,
              "align-errors", G_TYPE_UINT64, self->st_align_errors, NULL));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
