/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvmetaconvert
 * @title: rvmetaconvert
 *
 * Turns every buffer into one JSON document followed by a newline, so that
 * `filesink` writes JSON Lines. CSI frames are written in the JSON frame
 * format (docs/json-format.md) that `csisrc` reads back; fused frames as a
 * `fused_frame` document. Every analysis meta on the buffer (quality, CIR,
 * gate, occupancy, pose, witness, …) is added as one member, in pipeline
 * stage order. Floats are the shortest decimal that round-trips in the
 * value's own type (f32 or f64), so a reader recovers the exact bits.
 *
 * Privacy: when a buffer's witness meta (`rvwitness`) says the effective
 * privacy class is `Restricted`, no raw per-node data is written — a fused
 * document leaves out `node_frames` even with `detail=full` (the fused
 * arrays stay) — and the document carries `"raw_suppressed":true`.
 *
 * The output buffer keeps the input's PTS, DTS, DURATION and flags.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=40 ! rvmetaconvert ! filesink location=frames.jsonl
 * ]| Records 40 synthetic frames as JSON Lines (detail=full by default).
 * |[
 * gst-launch-1.0 csisrc location=frames.jsonl ! rvmetaconvert ! filesink location=again.jsonl
 * ]| Replays them; `again.jsonl` is byte-identical to `frames.jsonl`.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstruviewelements.h"
#include "gstrvmetaconvert.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvmeta.h"
#include "gst/ruview/rvwitnessmeta.h"
#include "ruview/record_json.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_meta_convert_debug);
#define GST_CAT_DEFAULT gst_rv_meta_convert_debug

#define DEFAULT_DETAIL GST_RV_DETAIL_FULL

enum
{
  PROP_0,
  PROP_DETAIL,
};

/* Instance; `detail` and `writer` are protected by the object lock. */
struct _GstRvMetaConvert
{
  GstBaseTransform parent;

  GstRvDetail detail;
  /* < private > */
  RvJsonWriter writer;          /* reused buffer for the text */
  RvCsiFrame *node_views;       /* scratch for a fused buffer's nodes */
  guint n_node_views;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_CSI_CAPS_ANY "; " GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_JSON_MEDIA_TYPE));

#define gst_rv_meta_convert_parent_class parent_class
G_DEFINE_TYPE (GstRvMetaConvert, gst_rv_meta_convert, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvmetaconvert, "rvmetaconvert",
    GST_RANK_NONE, GST_TYPE_RV_META_CONVERT,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_meta_convert_debug, "rvmetaconvert", 0,
        "RuView frame and meta to JSON"));

static void gst_rv_meta_convert_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_rv_meta_convert_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static void gst_rv_meta_convert_finalize (GObject * object);
static GstCaps *gst_rv_meta_convert_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static GstFlowReturn gst_rv_meta_convert_prepare_output_buffer (GstBaseTransform
    * trans, GstBuffer * input, GstBuffer ** outbuf);
static GstFlowReturn gst_rv_meta_convert_transform (GstBaseTransform * trans,
    GstBuffer * inbuf, GstBuffer * outbuf);

static void
gst_rv_meta_convert_class_init (GstRvMetaConvertClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_rv_meta_convert_set_property;
  gobject_class->get_property = gst_rv_meta_convert_get_property;
  gobject_class->finalize = gst_rv_meta_convert_finalize;

  /**
   * GstRvMetaConvert:detail:
   *
   * `full` writes every array (the CSI data, fused amplitude/phase, the
   * node frames, CIR taps…) and is what `csisrc` needs to read a frame
   * back; `summary` writes scalars only.
   */
  g_object_class_install_property (gobject_class, PROP_DETAIL,
      g_param_spec_enum ("detail", "Detail",
          "How much to write: scalars only (summary) or every array (full)",
          GST_TYPE_RV_DETAIL, DEFAULT_DETAIL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView JSON converter", "Formatter/Metadata",
      "Writes each CSI or fused frame and its analysis metas as one JSON "
      "document per line", "gst-ruview contributors");

  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_rv_meta_convert_transform_caps);
  trans_class->prepare_output_buffer =
      GST_DEBUG_FUNCPTR (gst_rv_meta_convert_prepare_output_buffer);
  trans_class->transform = GST_DEBUG_FUNCPTR (gst_rv_meta_convert_transform);
  trans_class->passthrough_on_same_caps = FALSE;

  gst_type_mark_as_plugin_api (GST_TYPE_RV_DETAIL, 0);
}

static void
gst_rv_meta_convert_init (GstRvMetaConvert * self)
{
  self->detail = DEFAULT_DETAIL;
  rv_json_writer_init (&self->writer);
}

static void
gst_rv_meta_convert_finalize (GObject * object)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (object);

  rv_json_writer_clear (&self->writer);
  g_free (self->node_views);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static GstCaps *
gst_rv_meta_convert_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstCaps *res;

  if (direction == GST_PAD_SINK)
    res = gst_static_pad_template_get_caps (&src_template);
  else
    res = gst_static_pad_template_get_caps (&sink_template);
  if (filter) {
    GstCaps *tmp = gst_caps_intersect_full (filter, res,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (res);
    res = tmp;
  }
  return res;
}

/* Call with the object lock held: writes the document for inbuf into
 * self->writer.  FALSE if the payload is not a valid record.
 *
 * Privacy rule (architecture §7, docs/json-format.md): when the buffer's
 * witness says Restricted, no raw per-node data is published — a csi frame
 * document keeps its scalars only, a fused document loses its node_frames —
 * and the document says so with "raw_suppressed":true. */
static gboolean
write_document (GstRvMetaConvert * self, GstBuffer * inbuf)
{
  gboolean full = self->detail == GST_RV_DETAIL_FULL;
  gboolean raw = gst_rv_buffer_raw_publish_allowed (inbuf);
  RvJsonWriter *w = &self->writer;
  GstMapInfo map;
  uint32_t magic = 0;
  gboolean ok = FALSE;

  rv_json_writer_reset (w);
  if (!gst_buffer_map_range (inbuf, 0, 1, &map, GST_MAP_READ))
    return FALSE;
  rv_record_peek (map.data, map.size, &magic, NULL);
  gst_buffer_unmap (inbuf, &map);

  if (magic == RV_RECORD_MAGIC_CSI) {
    RvCsiFrame f;
    if (gst_rv_csi_buffer_map (inbuf, &map, GST_MAP_READ, &f)) {
      rv_record_csi_json_begin (w, &f, full && raw);
      if (!raw)
        rv_json_kv_bool (w, "raw_suppressed", TRUE);
      gst_rv_meta_serialize_all (inbuf, w, full);
      rv_json_end_object (w);
      gst_buffer_unmap (inbuf, &map);
      ok = TRUE;
    }
  } else if (magic == RV_RECORD_MAGIC_FUSED) {
    RvFusedRecord f;
    guint i, n = gst_rv_fused_buffer_n_node_records (inbuf), mapped = 0;
    GstMapInfo *maps = g_newa (GstMapInfo, n > 0 ? n : 1);

    if (n > self->n_node_views) {
      self->node_views = g_renew (RvCsiFrame, self->node_views, n);
      self->n_node_views = n;
    }
    if (full && raw) {
      for (i = 0; i < n; i++) {
        if (!gst_rv_fused_buffer_map_node (inbuf, i, &maps[mapped],
                &self->node_views[mapped])) {
          GST_WARNING_OBJECT (self, "node record %u is not valid, left out",
              i);
          continue;
        }
        mapped++;
      }
    }
    if (gst_rv_fused_buffer_map (inbuf, &map, GST_MAP_READ, &f)) {
      if (raw) {
        rv_record_fused_json_begin (w, &f, self->node_views, mapped, full);
      } else {
        /* the fused (aggregate) arrays stay, the node frames go */
        rv_record_fused_json_begin (w, &f, NULL, 0, FALSE);
        if (full) {
          rv_json_kv_f32_array (w, "fused_amplitude", f.fused_amplitude,
              f.n_bins);
          rv_json_kv_f32_array (w, "fused_phase", f.fused_phase, f.n_bins);
        }
        rv_json_kv_bool (w, "raw_suppressed", TRUE);
      }
      gst_rv_meta_serialize_all (inbuf, w, full);
      rv_json_end_object (w);
      gst_rv_fused_buffer_unmap (inbuf, &map, NULL);
      ok = TRUE;
    }
    for (i = 0; i < mapped; i++)
      gst_rv_fused_buffer_unmap_node (inbuf, &maps[i]);
  }
  if (ok)
    rv_json_append (w, "\n", 1);
  return ok && !w->failed;
}

static GstFlowReturn
gst_rv_meta_convert_prepare_output_buffer (GstBaseTransform * trans,
    GstBuffer * input, GstBuffer ** outbuf)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (trans);
  gboolean ok;

  GST_OBJECT_LOCK (self);
  ok = write_document (self, input);
  if (ok)
    *outbuf = gst_buffer_new_memdup (self->writer.buf, self->writer.len);
  GST_OBJECT_UNLOCK (self);

  if (!ok) {
    GST_WARNING_OBJECT (self, "buffer %" GST_PTR_FORMAT " is not a RuView "
        "frame record, dropped", input);
    return GST_BASE_TRANSFORM_FLOW_DROPPED;
  }
  gst_buffer_copy_into (*outbuf, input,
      GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_rv_meta_convert_transform (GstBaseTransform * trans, GstBuffer * inbuf,
    GstBuffer * outbuf)
{
  /* the document was written in prepare_output_buffer */
  return GST_FLOW_OK;
}

static void
gst_rv_meta_convert_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DETAIL:
      self->detail = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_meta_convert_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DETAIL:
      g_value_set_enum (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
