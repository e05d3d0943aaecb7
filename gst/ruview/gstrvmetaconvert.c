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
 * With #GstRvMetaConvert:format `sensing-update` each fused cycle becomes
 * RuView's `sensing_update` document instead (what RuView's web UI and
 * `rvwssink` clients read): `nodes` (the fused nodes with RSSI, position,
 * up to 56 amplitudes — left empty when privacy forbids raw data — and
 * subcarrier count), `features` and `classification` (`rvposetrack`'s
 * sensing meta), `signal_field` (the occupancy grid resampled to 20 × 20),
 * `persons` and `estimated_persons` (the pose meta), `node_features`, then
 * gst-ruview's `room`, `fusion`, `gate` and `trust` members
 * (docs/rvmetaconvert.md lists every key). `source` is what `csisrc`
 * answers upstream: `esp32`, `simulated` or `replay` (`unknown` without a
 * `csisrc`).
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
 * |[
 * gst-launch-1.0 csisrc num-buffers=800 ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! rvmetaconvert format=sensing-update ! filesink location=sensing.jsonl
 * ]| RuView's sensing_update document for every 20 Hz cycle.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstruviewelements.h"
#include "gstrvmetaconvert.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvmeta.h"
#include "gst/ruview/rvgatemeta.h"
#include "gst/ruview/rvoccupancymeta.h"
#include "gst/ruview/rvposemeta-private.h"
#include "gst/ruview/rvsensingmeta-private.h"
#include "gst/ruview/rvwitnessmeta.h"
#include "ruview/record_json.h"
#include "ruview/sensing_update.h"
#include "ruview/tomography.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_meta_convert_debug);
#define GST_CAT_DEFAULT gst_rv_meta_convert_debug

#define DEFAULT_DETAIL GST_RV_DETAIL_FULL
#define DEFAULT_FORMAT GST_RV_FORMAT_FRAMES

/* source when no upstream element answers the "ruview-source" query */
#define UNKNOWN_SOURCE "unknown"
/* nodes of one cycle a sensing_update lists, and positions remembered */
#define MAX_SU_NODES   GST_RV_OCCUPANCY_MAX_NODES

enum
{
  PROP_0,
  PROP_DETAIL,
  PROP_FORMAT,
};

/* The metas a sensing_update is built from.  Every read of a meta struct
 * for that document happens in read_metas(), so that the switch to
 * accessor functions is one place. */
typedef struct
{
  gboolean have_occupancy;
  guint nx, ny, nz;
  gdouble bounds[6];
  const gdouble *densities;     /* NULL when the meta has none */
  guint n_positions;
  guint32 position_ids[MAX_SU_NODES];
  RvPosition3D positions[MAX_SU_NODES];

  gboolean have_sensing;
  RvSensingFeatures features;
  RvClassification classification;
  guint n_sensing_nodes;
  const GstRvSensingNode *sensing_nodes;

  guint n_persons;
  const RvTrackedPerson *persons;

  gboolean have_gate;
  gfloat coherence_score;
  const gchar *gate_decision;

  gboolean have_witness;
  RvSuTrust trust;
} SuMetas;

/* Instance.  `detail`, `format` and `writer` are protected by the object
 * lock; the sensing_update scratch (su_*) and `source` are used by the
 * streaming thread only (reset in start). */
struct _GstRvMetaConvert
{
  GstBaseTransform parent;

  GstRvDetail detail;
  GstRvFormat format;
  /* < private > */
  RvJsonWriter writer;          /* reused buffer for the text */
  RvCsiFrame *node_views;       /* scratch for a fused buffer's nodes */
  guint n_node_views;

  gchar *source;                /* answer of the source query, once */
  guint n_known;                /* node positions seen in occupancy metas */
  guint32 known_ids[MAX_SU_NODES];
  RvPosition3D known_pos[MAX_SU_NODES];
  gdouble su_field[RV_FIELD_CELLS];
  RvSuNode su_nodes[MAX_SU_NODES];
  GstMapInfo su_maps[MAX_SU_NODES];
  RvSuNodeFeatures su_node_features[GST_RV_SENSING_MAX_NODES];
  RvSuFusionNode su_fusion[MAX_SU_NODES];
  gdouble su_person_pos[GST_RV_POSE_MAX_PERSONS][3];
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
static gboolean gst_rv_meta_convert_start (GstBaseTransform * trans);
static gboolean gst_rv_meta_convert_set_caps (GstBaseTransform * trans,
    GstCaps * incaps, GstCaps * outcaps);

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

  /**
   * GstRvMetaConvert:format:
   *
   * `frames` writes every buffer in the JSON frame format with all its
   * metas (what `csisrc` reads back). `sensing-update` writes RuView's
   * `sensing_update` document for each fused cycle (what RuView's web UI
   * and `rvwssink` clients read; docs/rvmetaconvert.md lists every key);
   * it takes fused input only.
   */
  g_object_class_install_property (gobject_class, PROP_FORMAT,
      g_param_spec_enum ("format", "Format",
          "Document written per buffer: the JSON frame format with every "
          "meta (frames, the default) or RuView's sensing_update "
          "(sensing-update, fused input only)", GST_TYPE_RV_FORMAT,
          DEFAULT_FORMAT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

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
  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_meta_convert_start);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_rv_meta_convert_set_caps);
  trans_class->passthrough_on_same_caps = FALSE;

  gst_type_mark_as_plugin_api (GST_TYPE_RV_DETAIL, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RV_FORMAT, 0);
}

static void
gst_rv_meta_convert_init (GstRvMetaConvert * self)
{
  self->detail = DEFAULT_DETAIL;
  self->format = DEFAULT_FORMAT;
  rv_json_writer_init (&self->writer);
}

static gboolean
gst_rv_meta_convert_start (GstBaseTransform * trans)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (trans);

  g_clear_pointer (&self->source, g_free);
  self->n_known = 0;
  return TRUE;
}

static void
gst_rv_meta_convert_finalize (GObject * object)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (object);

  rv_json_writer_clear (&self->writer);
  g_free (self->node_views);
  g_free (self->source);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* sensing-update takes fused cycles only */
static gboolean
gst_rv_meta_convert_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (trans);
  gboolean fused = gst_structure_has_name (gst_caps_get_structure (incaps, 0),
      GST_RV_FUSED_MEDIA_TYPE);
  GstRvFormat format;

  GST_OBJECT_LOCK (self);
  format = self->format;
  GST_OBJECT_UNLOCK (self);
  if (format == GST_RV_FORMAT_SENSING_UPDATE && !fused) {
    GST_WARNING_OBJECT (self, "format=sensing-update needs fused cycles, "
        "not %" GST_PTR_FORMAT, incaps);
    return FALSE;
  }
  return TRUE;
}

static GstCaps *
gst_rv_meta_convert_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (trans);
  GstCaps *res;
  GstRvFormat format;

  GST_OBJECT_LOCK (self);
  format = self->format;
  GST_OBJECT_UNLOCK (self);
  if (direction == GST_PAD_SINK)
    res = gst_static_pad_template_get_caps (&src_template);
  else if (format == GST_RV_FORMAT_SENSING_UPDATE)
    res = gst_caps_from_string (GST_RV_FUSED_CAPS_ANY);
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

/* Every meta read for a sensing_update (see SuMetas). */
static void
read_metas (GstBuffer * buf, SuMetas * m)
{
  GstRvOccupancyMeta *occ = gst_buffer_get_rv_occupancy_meta (buf);
  GstRvSensingMeta *sen = gst_buffer_get_rv_sensing_meta (buf);
  GstRvPoseMeta *pose = gst_buffer_get_rv_pose_meta (buf);
  GstRvGateMeta *gate = gst_buffer_get_rv_gate_meta (buf);
  GstRvWitnessMeta *wit = gst_buffer_get_rv_witness_meta (buf);

  guint i;

  memset (m, 0, sizeof (*m));
  if (occ) {
    gsize n = 0;
    const gdouble *d = gst_rv_occupancy_meta_get_densities (occ, &n);
    m->have_occupancy = TRUE;
    gst_rv_occupancy_meta_get_dims (occ, &m->nx, &m->ny, &m->nz);
    gst_rv_occupancy_meta_get_bounds (occ, m->bounds);
    if (d && n == (gsize) m->nx * m->ny * m->nz)
      m->densities = d;
    m->n_positions = MIN (gst_rv_occupancy_meta_get_n_nodes (occ),
        MAX_SU_NODES);
    for (i = 0; i < m->n_positions; i++) {
      gdouble p[3];
      gst_rv_occupancy_meta_get_node (occ, i, &m->position_ids[i], p);
      m->positions[i].x = p[0];
      m->positions[i].y = p[1];
      m->positions[i].z = p[2];
    }
  }
  if (sen) {
    m->have_sensing = TRUE;
    m->features = sen->features;
    m->classification = sen->classification;
    m->n_sensing_nodes = sen->n_nodes;
    m->sensing_nodes = sen->nodes;
  }
  if (pose) {
    m->n_persons = MIN (pose->n_persons, GST_RV_POSE_MAX_PERSONS);
    m->persons = pose->persons;
  }
  if (gate) {
    m->have_gate = TRUE;
    m->coherence_score = gst_rv_gate_meta_get_coherence_score (gate);
    m->gate_decision = gst_rv_gate_meta_get_decision (gate);
  }
  if (wit) {
    m->have_witness = TRUE;
    g_strlcpy (m->trust.last_witness, gst_rv_witness_meta_get_witness (wit),
        sizeof (m->trust.last_witness));
    m->trust.effective_class = gst_rv_witness_meta_get_effective_class (wit);
    m->trust.demoted = gst_rv_witness_meta_get_demoted (wit);
    m->trust.recalibration_recommended =
        gst_rv_witness_meta_get_recalibration_recommended (wit);
    m->trust.engine_error_count =
        gst_rv_witness_meta_get_engine_error_count (wit);
    m->trust.raw_outputs_suppressed =
        !gst_rv_buffer_raw_publish_allowed (buf);
  }
}

/* Remembers the node positions of an occupancy meta (the geometry the
 * tomography used), so cycles without one still place their nodes. */
static void
remember_positions (GstRvMetaConvert * self, const SuMetas * m)
{
  guint i, k;

  for (i = 0; i < m->n_positions; i++) {
    for (k = 0; k < self->n_known; k++)
      if (self->known_ids[k] == m->position_ids[i])
        break;
    if (k == self->n_known) {
      if (self->n_known == MAX_SU_NODES)
        continue;
      self->n_known++;
    }
    self->known_ids[k] = m->position_ids[i];
    self->known_pos[k] = m->positions[i];
  }
}

static void
node_position (GstRvMetaConvert * self, guint32 id, gdouble out[3])
{
  guint k;

  for (k = 0; k < self->n_known; k++) {
    if (self->known_ids[k] == id) {
      const gdouble room[3] = { self->known_pos[k].x, self->known_pos[k].y,
        self->known_pos[k].z
      };
      rv_sensing_room_to_published (room, out);
      return;
    }
  }
  out[0] = out[1] = out[2] = 0.0;
}

static const GstRvSensingNode *
sensing_node (const SuMetas * m, guint32 id)
{
  guint i;

  for (i = 0; i < m->n_sensing_nodes; i++)
    if (m->sensing_nodes[i].node_id == id)
      return &m->sensing_nodes[i];
  return NULL;
}

static const gchar *
node_status_nick (guint32 status)
{
  switch (status) {
    case RV_NODE_FUSED:
      return "fused";
    case RV_NODE_REJECTED:
      return "rejected";
    default:
      return "absent";
  }
}

/* Asks upstream what kind of input this is (once per start). */
static void
query_source (GstRvMetaConvert * self)
{
  GstQuery *q = gst_rv_query_new_source ();
  const gchar *src = NULL;

  if (gst_pad_peer_query (GST_BASE_TRANSFORM_SINK_PAD (self), q))
    src = gst_rv_query_parse_source (q);
  self->source = g_strdup (src ? src : UNKNOWN_SOURCE);
  GST_INFO_OBJECT (self, "source: %s", self->source);
  gst_query_unref (q);
}

/* Call with the object lock held: the sensing_update of a fused buffer
 * into self->writer.  FALSE if inbuf is not a fused record.
 *
 * Privacy: node amplitudes are raw per-node data; when the witness forbids
 * raw data (or rvwitness removed the node records) they are left empty. */
static gboolean
write_sensing_update (GstRvMetaConvert * self, GstBuffer * inbuf)
{
  gboolean raw = gst_rv_buffer_raw_publish_allowed (inbuf);
  RvJsonWriter *w = &self->writer;
  RvSensingUpdate u;
  RvFusedRecord rec;
  GstMapInfo map;
  SuMetas m;
  guint i, n_mapped = 0;
  unsigned peaks[GST_RV_POSE_MAX_PERSONS];
  size_t n_peaks = 0;

  if (!gst_rv_fused_buffer_map (inbuf, &map, GST_MAP_READ, &rec))
    return FALSE;
  read_metas (inbuf, &m);
  remember_positions (self, &m);

  memset (&u, 0, sizeof (u));
  u.timestamp = rv_sensing_timestamp_s (rec.timestamp_us);
  u.source = self->source;
  u.tick = rec.cycle;

  /* nodes: the fused ones */
  for (i = 0; i < rec.n_nodes && u.n_nodes < MAX_SU_NODES; i++) {
    const RvFusedRecordNode *nd = &rec.nodes[i];
    const GstRvSensingNode *sn = sensing_node (&m, nd->node_id);
    RvSuNode *o = &self->su_nodes[u.n_nodes];
    RvCsiFrame f;

    if (nd->status != RV_NODE_FUSED)
      continue;
    o->node_id = nd->node_id;
    /* the node table's RSSI survives privacy stripping; 0 = unknown */
    o->rssi_dbm = nd->rssi_dbm != 0 ? nd->rssi_dbm : (sn ? sn->rssi_dbm : 0);
    node_position (self, nd->node_id, o->position);
    o->amplitude = NULL;
    o->n_amplitude = 0;
    o->subcarrier_count = rec.n_bins;
    if (nd->record_index != G_MAXUINT32 && nd->record_index <
        gst_rv_fused_buffer_n_node_records (inbuf)
        && gst_rv_fused_buffer_map_node (inbuf, nd->record_index,
            &self->su_maps[n_mapped], &f)) {
      n_mapped++;
      o->rssi_dbm = f.rssi_dbm;
      o->subcarrier_count = f.dim1;
      if (raw && f.layout == RV_LAYOUT_CANONICAL && f.dim0 >= 1) {
        o->amplitude = rv_csi_amplitude (&f, 0);
        o->n_amplitude = f.dim1;
      }
    }
    u.n_nodes++;
  }
  u.nodes = self->su_nodes;

  if (m.have_sensing) {
    u.features = m.features;
    u.classification = m.classification;
  }

  u.field = NULL;
  if (m.densities && rv_signal_field_from_volume (m.densities, m.nx, m.ny,
          m.nz, self->su_field) == 0)
    u.field = self->su_field;

  /* persons, placed on the field's peaks */
  if (u.field)
    n_peaks = rv_signal_field_peaks (u.field, m.n_persons, peaks);
  for (i = 0; i < m.n_persons; i++) {
    if (n_peaks > 0)
      rv_signal_field_cell_position (peaks[i < n_peaks ? i : 0], m.bounds,
          self->su_person_pos[i]);
    else
      self->su_person_pos[i][0] = self->su_person_pos[i][1] =
          self->su_person_pos[i][2] = 0.0;
  }
  u.persons = m.persons;
  u.person_position = (const double (*)[3]) self->su_person_pos;
  u.n_persons = m.n_persons;
  u.motion_score = rv_sensing_motion_score (u.features.motion_band_power);

  /* node_features: every node the feature extractor has seen */
  for (i = 0; i < m.n_sensing_nodes; i++) {
    const GstRvSensingNode *sn = &m.sensing_nodes[i];
    RvSuNodeFeatures *o = &self->su_node_features[i];
    o->node_id = sn->node_id;
    o->features = sn->features;
    o->classification = sn->classification;
    o->rssi_dbm = sn->rssi_dbm;
    o->last_seen_ms = rv_sensing_age_ms (rec.timestamp_us, sn->timestamp_us);
  }
  u.node_features = self->su_node_features;
  u.n_node_features = m.n_sensing_nodes;

  /* gst-ruview members */
  u.room_bounds = m.have_occupancy ? m.bounds : NULL;
  u.cross_node_coherence = rec.cross_node_coherence;
  for (i = 0; i < rec.n_nodes && i < MAX_SU_NODES; i++) {
    self->su_fusion[i].node_id = rec.nodes[i].node_id;
    self->su_fusion[i].status = node_status_nick (rec.nodes[i].status);
    self->su_fusion[i].weight = rec.nodes[i].weight;
  }
  u.fusion_nodes = self->su_fusion;
  u.n_fusion_nodes = i;
  u.has_gate = m.have_gate;
  u.coherence_score = m.coherence_score;
  u.gate_decision = m.gate_decision;
  u.trust = m.have_witness ? &m.trust : NULL;

  rv_json_writer_reset (w);
  rv_sensing_update_write (w, &u);
  rv_json_append (w, "\n", 1);

  for (i = 0; i < n_mapped; i++)
    gst_rv_fused_buffer_unmap_node (inbuf, &self->su_maps[i]);
  gst_rv_fused_buffer_unmap (inbuf, &map, NULL);
  return !w->failed;
}

static GstFlowReturn
gst_rv_meta_convert_prepare_output_buffer (GstBaseTransform * trans,
    GstBuffer * input, GstBuffer ** outbuf)
{
  GstRvMetaConvert *self = GST_RV_META_CONVERT (trans);
  gboolean ok;

  if (!self->source)
    query_source (self);
  GST_OBJECT_LOCK (self);
  if (self->format == GST_RV_FORMAT_SENSING_UPDATE)
    ok = write_sensing_update (self, input);
  else
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
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
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
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
