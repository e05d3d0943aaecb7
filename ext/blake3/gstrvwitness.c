/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvwitness
 * @title: rvwitness
 *
 * Runs RuView's streaming engine cycle once per fused cycle
 * (`application/x-ruview-fused`, in place, caps unchanged) and attaches its
 * trusted output as a `GstRvWitnessMeta` (JSON key `witness`): the effective
 * privacy class and whether it was demoted, the provenance strings, the
 * BLAKE3 witness over them (a hash anyone holding the strings can
 * recompute), the mesh partition report, the change point and the
 * recalibration advice (docs/rvwitness.md).
 *
 * The engine sees the node CSI records the fused buffer carries (ascending
 * node id): per node its id, `timestamp_us`, the first channel's amplitude
 * and its calibration id (when the record has one). It fuses and scores them
 * again itself, exactly as RuView's engine does, so the witness does not
 * depend on how the fused record was produced. The engine's WorldGraph
 * starts with one room (#GstRvWitness:room-id, #GstRvWitness:room-name) and
 * one sensor (#GstRvWitness:sensor-id) and gains one semantic belief per
 * cycle, pruned to the newest #GstRvWitness:semantic-retention beliefs; the
 * change-point events it records are pruned to the newest
 * #GstRvWitness:event-retention, so memory stays bounded on any run length.
 *
 * Time: the cycle's `now_ms` is the buffer's stream time in milliseconds
 * (PTS through the segment), never the wall clock, so replaying a recording
 * gives the same graph, snapshot and witnesses. A buffer without a valid
 * stream time reuses the previous cycle's `now_ms` (0 at the start).
 *
 * A cycle the engine refuses (for instance a node timestamp spread above the
 * 60 ms hard guard, or a bin count mismatch between nodes) is counted in
 * #GstRvWitness:stats, logged, and the buffer passes on without a witness
 * meta; nothing in the engine changes. `GAP` buffers (and records without
 * bins) pass without a witness; a buffer that is not a valid fused cycle is
 * counted as `invalid`. A steady-state cycle allocates nothing in the element
 * or the engine (the meta itself lives on the buffer).
 *
 * A flush (seek) keeps the engine: the WorldGraph beliefs, the change-point
 * statistics and the attestation chain carry on (after a backward seek the
 * engine's pruning may evict the newest beliefs first, as they then look
 * the oldest).
 * The engine is made in READY→PAUSED and dropped in PAUSED→READY. The element
 * holds no buffer back, so it adds no latency.
 *
 * Privacy is enforced here, where it is decided: when the privacy mode
 * drops raw data (`private-home`, `enterprise-anonymous`,
 * `strict-no-identity`) or a cycle's effective class is `Restricted`,
 * rvwitness removes the raw per-node CSI records from the buffer itself, after
 * the engine has used them, so no later element, sink or recording can see
 * them: the fused record keeps its node table (status, weight, timestamp,
 * RSSI, noise floor, sequence) and its fused arrays. Gap cycles are treated
 * the same way; a buffer that is not a valid fused record cannot be vouched
 * for and is dropped in those modes. `rvmetaconvert` then writes
 * `"raw_suppressed":true`. `raw-research` and `care-with-consent` keep the
 * node records.
 *
 * #GstRvWitness:privacy-mode may change while playing: the switch is
 * appended to the engine's BLAKE3 attestation chain (read the head in
 * #GstRvWitness:attestation) and applies from the next cycle.
 *
 * With #GstRvWitness:snapshot-location set, the WorldGraph snapshot JSON
 * (the graph's nodes and edges, compact, exactly as RuView writes it) is
 * written to that file on
 * EOS and whenever the #GstRvWitness::snapshot action signal is emitted,
 * atomically (a temporary file renamed over the target). The snapshot is
 * taken under the engine lock but written by a worker thread with no lock
 * held; EOS passes on once the file is complete. A directory that does not
 * exist or cannot be written is an error at start.
 *
 * ## Messages
 *
 * With `post-messages` (the default), an element message named `rvwitness`
 * every `message-interval` (1 s by default; 0 = every cycle) of stream
 * time, and at EOS for the last one, posted with no lock held:
 *
 * * #GstClockTime `timestamp`, `stream-time`, `running-time`, `duration`:
 *   the interval (its first cycle's PTS, its span)
 * * #guint64 `cycles`, #guint64 `gaps`: cycles analysed and gap cycles
 * * #guint64 `witnessed`, `engine-errors`, `demoted-cycles`,
 *   `raw-removed`: the interval's witnessed cycles, refused cycles, demoted
 *   cycles and buffers whose node records were removed
 *
 * and, when a cycle was analysed, about the last one:
 *
 * * #guint64 `cycle`: the fused record's cycle counter
 * * #gint64 `now-ms`: the engine time used for this cycle
 *
 * then, when the engine produced an output:
 *
 * * #gchararray `witness`: the BLAKE3 witness, 64 lower-case hex digits
 * * #gchararray `effective-class`: `Raw`, `Derived`, `Anonymous` or `Restricted`
 * * #gboolean `demoted`: the class was demoted one step by a contradiction
 *   or a mesh at risk
 * * #gboolean `recalibration-recommended`
 * * #gboolean `mesh-at-risk`, #gdouble `mesh-cut` (0 when there is no mesh
 *   report, i.e. fewer than 2 nodes)
 * * #gboolean `change-point`
 * * #gchararray `privacy-decision`: `<Mode>/<Class>`
 * * #gchararray `calibration-version`: `cal:<16 hex>` or `cal:none`
 * * #gfloat `base-coherence`, #gfloat `penalized-coherence`
 * * #guint64 `semantic-id`: the belief written to the WorldGraph
 * * #guint64 `graph-nodes`: WorldGraph node count after the cycle
 *
 * or, when it refused the cycle, #gchararray `error` (the engine error,
 * e.g. `fusion failed: timestamp spread above the hard guard`).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=800 ! rvphasealign ! rvmultistaticfuse ! rvwitness snapshot-location=worldgraph.json ! rvmetaconvert detail=summary ! fakesink
 * ]| A witness per 20 Hz cycle of the synthetic room, and the WorldGraph
 * snapshot in `worldgraph.json` at EOS.
 * |[
 * gst-launch-1.0 csisrc location=room.rvcsi ! rvphasealign ! rvmultistaticfuse ! rvwitness privacy-mode=strict-no-identity ! rvmetaconvert ! filesink location=witness-strict.jsonl
 * ]| Replays a recording in the strictest mode (no raw node frames in the
 * JSON).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstrvblake3elements.h"
#include "gstrvwitness.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvenums.h"
#include "gst/ruview/rvfilewriter.h"
#include "gst/ruview/rvwitnessmeta-private.h"
#include "ruview/engine.h"
#include "ruview/record.h"
#include "ruview/worldgraph.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_witness_debug);
#define GST_CAT_DEFAULT gst_rv_witness_debug

#define DEFAULT_PRIVACY_MODE        GST_RV_PRIVACY_MODE_PRIVATE_HOME
#define DEFAULT_MODEL_VERSION       1
#define DEFAULT_ROOM_ID             "default"
#define DEFAULT_ROOM_NAME           "Default Room"
#define DEFAULT_SENSOR_ID           "esp32"
#define DEFAULT_SEMANTIC_RETENTION  7200
#define DEFAULT_EVENT_RETENTION     RV_ENGINE_DEFAULT_EVENT_RETENTION
#define DEFAULT_MESH_RISK_THRESHOLD 0.25
#define DEFAULT_MESH_MIN_NODES      3
#define DEFAULT_SNAPSHOT_LOCATION   NULL

/* the engine's cap on the first channel's length */
#define MAX_BINS RV_RECORD_MAX_DIM

G_STATIC_ASSERT ((int) GST_RV_PRIVACY_MODE_RAW_RESEARCH ==
    (int) RV_PRIVACY_MODE_RAW_RESEARCH);
G_STATIC_ASSERT ((int) GST_RV_PRIVACY_MODE_PRIVATE_HOME ==
    (int) RV_PRIVACY_MODE_PRIVATE_HOME);
G_STATIC_ASSERT ((int) GST_RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS ==
    (int) RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS);
G_STATIC_ASSERT ((int) GST_RV_PRIVACY_MODE_CARE_WITH_CONSENT ==
    (int) RV_PRIVACY_MODE_CARE_WITH_CONSENT);
G_STATIC_ASSERT ((int) GST_RV_PRIVACY_MODE_STRICT_NO_IDENTITY ==
    (int) RV_PRIVACY_MODE_STRICT_NO_IDENTITY);

enum
{
  PROP_0,
  PROP_PRIVACY_MODE,
  PROP_MODEL_VERSION,
  PROP_ROOM_ID,
  PROP_ROOM_NAME,
  PROP_SENSOR_ID,
  PROP_SEMANTIC_RETENTION,
  PROP_EVENT_RETENTION,
  PROP_MESH_RISK_THRESHOLD,
  PROP_MESH_MIN_NODES,
  PROP_SNAPSHOT_LOCATION,
  PROP_ATTESTATION,
  PROP_STATS,
};

enum
{
  SIGNAL_SNAPSHOT,
  LAST_SIGNAL
};

static guint gst_rv_witness_signals[LAST_SIGNAL] = { 0 };

/* Locking.  Lock order: engine_lock, then the object lock.
 * - The object lock protects the property fields and the counters.
 * - engine_lock protects the engine and the per-cycle scratch; the
 *   streaming thread holds it for a whole cycle, the property setters take
 *   it to apply privacy-mode / semantic-retention / event-retention /
 *   mesh-risk-threshold to a running engine, a snapshot takes it to
 *   serialise the graph into memory.
 *   No file is written with it held: the writer thread writes snapshots.
 * Messages are posted with no lock held. */
struct _GstRvWitness
{
  GstRvFusedAnalyzer parent;

  GstRvPrivacyMode privacy_mode;
  guint model_version;
  gchar *room_id, *room_name, *sensor_id;
  guint semantic_retention;
  guint event_retention;
  gdouble mesh_risk_threshold;
  guint mesh_min_nodes;
  gchar *snapshot_location;

  /* < private > engine state, engine_lock */
  GMutex engine_lock;
  RvEngine *engine;
  RvWorldId room, sensor;
  gint64 last_now_ms;
  RvEngineFrame frames[RV_ENGINE_MAX_NODES];
  RvMaybeCalibrationId cals[RV_ENGINE_MAX_NODES];
  RvTrustedOutput out;
  GstRvFileWriter *writer;      /* snapshots (start → stop) */

  /* streaming thread: the privacy decision of the last cycle, and the
   * last cycle and the interval's counts for the message */
  gboolean raw_allowed;
  guint64 last_cycle, last_graph_nodes;
  gint64 last_now_ms_msg;
  RvEngineError last_err;
  guint64 iv_witnessed, iv_errors, iv_demoted, iv_removed;

  /* statistics, object lock */
  guint64 st_witnessed, st_engine_errors, st_fusion_errors, st_demoted,
      st_restricted, st_snapshots, st_graph_nodes, st_raw_removed,
      st_dropped;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

#define gst_rv_witness_parent_class parent_class
G_DEFINE_TYPE (GstRvWitness, gst_rv_witness, GST_TYPE_RV_FUSED_ANALYZER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvwitness, "rvwitness",
    GST_RANK_NONE, GST_TYPE_RV_WITNESS,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_witness_debug, "rvwitness", 0,
        "RuView engine cycle and BLAKE3 witness"));

static void gst_rv_witness_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_witness_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_witness_finalize (GObject * object);
static gboolean gst_rv_witness_start (GstBaseTransform * trans);
static gboolean gst_rv_witness_stop (GstBaseTransform * trans);
static gboolean gst_rv_witness_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstFlowReturn gst_rv_witness_analyze (GstRvFusedAnalyzer * analyzer,
    GstBuffer * buf, GstRvFusedCycle * cycle);
static GstFlowReturn gst_rv_witness_finish (GstRvFusedAnalyzer * analyzer,
    GstBuffer * buf, GstRvCycleKind kind);
static void gst_rv_witness_fill_message (GstRvFusedAnalyzer * analyzer,
    GstStructure * s, guint64 analyzed);
static gboolean gst_rv_witness_snapshot (GstRvWitness * self);

static void
gst_rv_witness_class_init (GstRvWitnessClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstRvFusedAnalyzerClass *analyzer_class = GST_RV_FUSED_ANALYZER_CLASS (klass);

  gobject_class->set_property = gst_rv_witness_set_property;
  gobject_class->get_property = gst_rv_witness_get_property;
  gobject_class->finalize = gst_rv_witness_finalize;

  /**
   * GstRvWitness:privacy-mode:
   *
   * The privacy mode of the engine; its class is what a clean cycle
   * emits, one step stricter when demoted. The modes that drop raw data
   * (`private-home`, `enterprise-anonymous`, `strict-no-identity`) remove
   * the raw node records from every buffer here. A change while playing is
   * attested in the engine's chain and applies from the next cycle.
   */
  g_object_class_install_property (gobject_class, PROP_PRIVACY_MODE,
      g_param_spec_enum ("privacy-mode", "Privacy mode",
          "Privacy mode of the engine (attested when changed); modes that "
          "drop raw data remove the node CSI records from the buffers",
          GST_TYPE_RV_PRIVACY_MODE, DEFAULT_PRIVACY_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvWitness:model-version:
   *
   * The model version the provenance names, `rfenc-v<n>`; it enters the
   * witness.
   */
  g_object_class_install_property (gobject_class, PROP_MODEL_VERSION,
      g_param_spec_uint ("model-version", "Model version",
          "Model version in the provenance (\"rfenc-v<n>\")", 0, G_MAXUINT16,
          DEFAULT_MODEL_VERSION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWitness:room-id:
   *
   * The area id of the room node of the WorldGraph, the room the beliefs
   * are about (it appears in the snapshot).
   */
  g_object_class_install_property (gobject_class, PROP_ROOM_ID,
      g_param_spec_string ("room-id", "Room id",
          "Area id of the WorldGraph room the beliefs are about",
          DEFAULT_ROOM_ID,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWitness:room-name:
   *
   * The display name of the room node of the WorldGraph.
   */
  g_object_class_install_property (gobject_class, PROP_ROOM_NAME,
      g_param_spec_string ("room-name", "Room name",
          "Name of the WorldGraph room", DEFAULT_ROOM_NAME,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWitness:sensor-id:
   *
   * The device id of the sensor node of the WorldGraph that observes the
   * room.
   */
  g_object_class_install_property (gobject_class, PROP_SENSOR_ID,
      g_param_spec_string ("sensor-id", "Sensor id",
          "Device id of the WorldGraph sensor node observing the room",
          DEFAULT_SENSOR_ID,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWitness:semantic-retention:
   *
   * The most semantic beliefs (one per witnessed cycle) the WorldGraph
   * keeps; older ones are pruned, which bounds its memory: 7200 are 6 minutes
   * at 20 Hz. Applies at once when changed while playing.
   */
  g_object_class_install_property (gobject_class, PROP_SEMANTIC_RETENTION,
      g_param_spec_uint ("semantic-retention", "Semantic retention",
          "Most semantic beliefs kept in the WorldGraph (older ones are "
          "pruned)", 1, G_MAXUINT, DEFAULT_SEMANTIC_RETENTION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvWitness:event-retention:
   *
   * The most change-point events the WorldGraph keeps; older ones are pruned
   * with their edges, which bounds its memory. 4294967295 keeps every event.
   * Applies at once when changed while playing.
   */
  g_object_class_install_property (gobject_class, PROP_EVENT_RETENTION,
      g_param_spec_uint ("event-retention", "Event retention",
          "Most change-point events kept in the WorldGraph (older ones are "
          "pruned with their edges); 4294967295 keeps every event",
          1, G_MAXUINT, DEFAULT_EVENT_RETENTION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvWitness:mesh-risk-threshold:
   *
   * The mesh partition guard: the nodes form a mesh whose links are weighted
   * by the product of the nodes' attention weights; when its minimum cut (the
   * weakest total weight that splits the nodes in two) is at or below this
   * value, and the mesh has at least `mesh-min-nodes` nodes, the mesh is at
   * risk and the cycle's privacy class is demoted one step.
   */
  g_object_class_install_property (gobject_class, PROP_MESH_RISK_THRESHOLD,
      g_param_spec_double ("mesh-risk-threshold", "Mesh risk threshold",
          "Minimum cut at or below which a mesh of at least mesh-min-nodes "
          "nodes is at risk (demotes the class)", 0.0, G_MAXDOUBLE,
          DEFAULT_MESH_RISK_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvWitness:mesh-min-nodes:
   *
   * The fewest nodes a mesh needs before the partition guard may call it at
   * risk.
   */
  g_object_class_install_property (gobject_class, PROP_MESH_MIN_NODES,
      g_param_spec_uint ("mesh-min-nodes", "Mesh minimum nodes",
          "Fewest nodes for the mesh partition guard to flag a risk", 0,
          G_MAXUINT, DEFAULT_MESH_MIN_NODES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWitness:snapshot-location:
   *
   * The file the WorldGraph snapshot (compact JSON: the graph's nodes and
   * edges) is written to at EOS and by the `snapshot` action signal; NULL
   * writes none. Its directory must be writable when the element starts.
   */
  g_object_class_install_property (gobject_class, PROP_SNAPSHOT_LOCATION,
      g_param_spec_string ("snapshot-location", "Snapshot location",
          "File the WorldGraph snapshot JSON is written to on EOS and on "
          "the snapshot action signal (NULL: none); its directory must be "
          "writable at start",
          DEFAULT_SNAPSHOT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvWitness:attestation:
   *
   * The head of the engine's privacy attestation chain (64 hex digits):
   * BLAKE3 over the previous hash, mode, action bits and class. NULL when
   * the element is not started.
   */
  g_object_class_install_property (gobject_class, PROP_ATTESTATION,
      g_param_spec_string ("attestation", "Attestation",
          "Head of the privacy attestation chain (hex)", NULL,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstRvWitness:stats:
   *
   * Counters since start, an `rvwitness-stats` structure of guint64 fields:
   * `cycles`, `gaps`, `invalid`, `witnessed`, `engine-errors`,
   * `fusion-errors`, `demoted`, `restricted`, `raw-removed` (buffers whose node
   * records were removed), `dropped` (invalid buffers dropped for privacy),
   * `snapshots`, `attestations` and `graph-nodes` (the WorldGraph's node count
   * after the last cycle).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: cycles, gaps, invalid, witnessed, engine-errors, "
          "fusion-errors, demoted, restricted, raw-removed (buffers whose "
          "node records were removed), dropped (invalid buffers dropped for "
          "privacy), snapshots, attestations, and graph-nodes (WorldGraph "
          "node count after the last cycle)",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GstRvWitness::snapshot:
   * @rvwitness: the element
   *
   * Writes the WorldGraph snapshot JSON to #GstRvWitness:snapshot-location
   * now and waits until the file is written (by the writer thread, with no
   * lock of the element held). Returns %TRUE if it was written.
   */
  gst_rv_witness_signals[SIGNAL_SNAPSHOT] =
      g_signal_new_class_handler ("snapshot", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_rv_witness_snapshot), NULL, NULL, NULL,
      G_TYPE_BOOLEAN, 0);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView engine witness", "Filter/Analyzer",
      "Runs the engine cycle on each fused frame: privacy gate, provenance, "
      "WorldGraph belief with retention and a BLAKE3 witness",
      "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_witness_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_witness_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_rv_witness_sink_event);
  analyzer_class->message_name = "rvwitness";
  analyzer_class->analyze = GST_DEBUG_FUNCPTR (gst_rv_witness_analyze);
  analyzer_class->finish = GST_DEBUG_FUNCPTR (gst_rv_witness_finish);
  analyzer_class->fill_message =
      GST_DEBUG_FUNCPTR (gst_rv_witness_fill_message);

  gst_type_mark_as_plugin_api (GST_TYPE_RV_PRIVACY_MODE, 0);
}

static void
gst_rv_witness_init (GstRvWitness * self)
{
  self->privacy_mode = DEFAULT_PRIVACY_MODE;
  self->model_version = DEFAULT_MODEL_VERSION;
  self->room_id = g_strdup (DEFAULT_ROOM_ID);
  self->room_name = g_strdup (DEFAULT_ROOM_NAME);
  self->sensor_id = g_strdup (DEFAULT_SENSOR_ID);
  self->semantic_retention = DEFAULT_SEMANTIC_RETENTION;
  self->event_retention = DEFAULT_EVENT_RETENTION;
  self->mesh_risk_threshold = DEFAULT_MESH_RISK_THRESHOLD;
  self->mesh_min_nodes = DEFAULT_MESH_MIN_NODES;
  self->snapshot_location = g_strdup (DEFAULT_SNAPSHOT_LOCATION);
  g_mutex_init (&self->engine_lock);
}

static void
gst_rv_witness_finalize (GObject * object)
{
  GstRvWitness *self = GST_RV_WITNESS (object);

  rv_engine_free (self->engine);
  self->engine = NULL;
  g_free (self->room_id);
  g_free (self->room_name);
  g_free (self->sensor_id);
  g_free (self->snapshot_location);
  g_mutex_clear (&self->engine_lock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* event-retention G_MAXUINT keeps every event */
static gsize
event_retention_of (guint v)
{
  return v == G_MAXUINT ? G_MAXSIZE : v;
}

static gboolean
gst_rv_witness_start (GstBaseTransform * trans)
{
  GstRvWitness *self = GST_RV_WITNESS (trans);
  RvEngineConfig cfg;
  RvEngineError err = RV_ENGINE_OK;
  RvEngine *engine;
  RvWorldId room = 0, sensor = 0;
  gchar *room_id, *room_name, *sensor_id, *location;
  GError *gerr = NULL;

  rv_engine_config_default (&cfg);
  cfg.max_bins = MAX_BINS;
  GST_OBJECT_LOCK (self);
  cfg.mode = (RvPrivacyMode) self->privacy_mode;
  cfg.model_version = (uint16_t) self->model_version;
  cfg.semantic_retention = self->semantic_retention;
  cfg.event_retention = event_retention_of (self->event_retention);
  cfg.mesh_risk_threshold = self->mesh_risk_threshold;
  cfg.mesh_min_nodes = self->mesh_min_nodes;
  room_id = g_strdup (self->room_id ? self->room_id : "");
  room_name = g_strdup (self->room_name ? self->room_name : "");
  sensor_id = g_strdup (self->sensor_id ? self->sensor_id : "");
  location = g_strdup (self->snapshot_location);
  self->st_witnessed = self->st_engine_errors = self->st_fusion_errors =
      self->st_demoted = self->st_restricted = self->st_snapshots =
      self->st_graph_nodes = self->st_raw_removed = self->st_dropped = 0;
  GST_OBJECT_UNLOCK (self);

  if (location && *location
      && !gst_rv_file_writer_check_location (location, &gerr)) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_("Could not write the WorldGraph snapshot to \"%s\"."), location),
        ("%s", gerr->message));
    g_clear_error (&gerr);
    g_free (location);
    g_free (room_id);
    g_free (room_name);
    g_free (sensor_id);
    return FALSE;
  }
  g_free (location);

  engine = rv_engine_new (&cfg, &err);
  if (engine) {
    err = rv_engine_add_room (engine, room_id, room_name, &room);
    if (err == RV_ENGINE_OK)
      err = rv_engine_add_sensor (engine, sensor_id, room, &sensor);
  }
  if (err != RV_ENGINE_OK) {
    if (err == RV_ENGINE_ERROR_NO_MEMORY)
      GST_ELEMENT_ERROR (self, LIBRARY, INIT,
          (_("Could not set up the engine.")), ("%s",
              rv_engine_error_str (err)));
    else
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("Invalid engine settings.")),
          ("room \"%s\" / \"%s\", sensor \"%s\", mesh-risk-threshold %g: %s",
              room_id, room_name, sensor_id, cfg.mesh_risk_threshold,
              rv_engine_error_str (err)));
    rv_engine_free (engine);
    g_free (room_id);
    g_free (room_name);
    g_free (sensor_id);
    return FALSE;
  }

  g_mutex_lock (&self->engine_lock);
  rv_engine_free (self->engine);
  self->engine = engine;
  self->room = room;
  self->sensor = sensor;
  self->last_now_ms = 0;
  self->raw_allowed = rv_privacy_raw_allowed (cfg.mode,
      rv_privacy_mode_target_class (cfg.mode));
  self->iv_witnessed = self->iv_errors = self->iv_demoted = self->iv_removed =
      0;
  GST_OBJECT_LOCK (self);
  self->st_graph_nodes = rv_worldgraph_node_count (rv_engine_graph (engine));
  GST_OBJECT_UNLOCK (self);
  g_mutex_unlock (&self->engine_lock);

  GST_INFO_OBJECT (self, "engine: %s, model %u, room \"%s\" (%s), sensor "
      "\"%s\", retention %" G_GSIZE_FORMAT, rv_privacy_mode_name (cfg.mode),
      cfg.model_version, room_id, room_name, sensor_id,
      cfg.semantic_retention);
  g_free (room_id);
  g_free (room_name);
  g_free (sensor_id);
  self->writer = gst_rv_file_writer_new (GST_OBJECT_NAME (self));
  return GST_BASE_TRANSFORM_CLASS (parent_class)->start (trans);
}

static gboolean
gst_rv_witness_stop (GstBaseTransform * trans)
{
  GstRvWitness *self = GST_RV_WITNESS (trans);

  g_clear_pointer (&self->writer, gst_rv_file_writer_free);
  g_mutex_lock (&self->engine_lock);
  rv_engine_free (self->engine);
  self->engine = NULL;
  g_mutex_unlock (&self->engine_lock);
  return TRUE;
}

typedef struct
{
  GstRvWitness *self;
  gboolean at_eos;
  gboolean *written;            /* the caller waits for the result */
} SnapshotJob;

/* writer thread: the snapshot file is written (or not) */
static void
snapshot_written (const gchar * location, const GError * error,
    gpointer user_data)
{
  SnapshotJob *job = user_data;
  GstRvWitness *self = job->self;

  if (job->written)
    *job->written = error == NULL;
  if (!error) {
    GST_OBJECT_LOCK (self);
    self->st_snapshots++;
    GST_OBJECT_UNLOCK (self);
    GST_DEBUG_OBJECT (self, "snapshot written to %s", location);
  } else if (job->at_eos) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_("Could not write the WorldGraph snapshot to \"%s\"."), location),
        ("%s", error->message));
  } else {
    GST_ELEMENT_WARNING (self, RESOURCE, OPEN_WRITE,
        (_("Could not write the WorldGraph snapshot to \"%s\"."), location),
        ("%s", error->message));
  }
}

/* The snapshot action (and EOS): the graph is serialised under engine_lock,
 * written by the writer thread with no lock held; this waits for it.
 * Returns TRUE if written. */
static gboolean
snapshot_now (GstRvWitness * self, gboolean at_eos)
{
  gchar *location, *text = NULL;
  gboolean written = FALSE;
  GstRvFileWriter *writer;
  SnapshotJob *job;
  gsize len = 0;

  GST_OBJECT_LOCK (self);
  location = g_strdup (self->snapshot_location);
  GST_OBJECT_UNLOCK (self);
  if (!location || !*location) {
    g_free (location);
    return FALSE;
  }

  g_mutex_lock (&self->engine_lock);
  writer = self->writer;
  if (self->engine && writer) {
    RvWorldGraph *g = rv_engine_graph (self->engine);
    len = rv_worldgraph_snapshot_json (g, NULL, 0);
    text = g_malloc (len + 1);
    rv_worldgraph_snapshot_json (g, text, len + 1);
  }
  g_mutex_unlock (&self->engine_lock);
  if (!text) {
    GST_DEBUG_OBJECT (self, "no snapshot: not started");
    g_free (location);
    return FALSE;
  }

  job = g_new0 (SnapshotJob, 1);
  job->self = self;
  job->at_eos = at_eos;
  job->written = &written;
  gst_rv_file_writer_write (writer, location,
      g_bytes_new_take (text, len), snapshot_written, job, g_free);
  gst_rv_file_writer_flush (writer);
  g_free (location);
  return written;
}

static gboolean
gst_rv_witness_snapshot (GstRvWitness * self)
{
  return snapshot_now (self, FALSE);
}

static gboolean
gst_rv_witness_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstRvWitness *self = GST_RV_WITNESS (trans);

  /* the file is complete before EOS goes on */
  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS)
    snapshot_now (self, TRUE);
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

/* Streaming thread, engine_lock held: the node records as engine frames.
 * FALSE if one is not canonical or there are too many. */
static gboolean
engine_frames (GstRvWitness * self, const GstRvFusedCycle * cycle)
{
  guint i;

  if (cycle->n_node_records > RV_ENGINE_MAX_NODES) {
    GST_WARNING_OBJECT (self, "%u node records, at most %d supported",
        cycle->n_node_records, RV_ENGINE_MAX_NODES);
    return FALSE;
  }
  for (i = 0; i < cycle->n_node_records; i++) {
    const RvCsiFrame *f = &cycle->nodes[i];
    RvEngineFrame *ef = &self->frames[i];

    if (f->layout != RV_LAYOUT_CANONICAL) {
      GST_WARNING_OBJECT (self, "node record %u is not canonical", i);
      return FALSE;
    }
    memset (ef, 0, sizeof (*ef));
    ef->node_id = f->node_id;
    ef->timestamp_us = f->timestamp_us;
    ef->has_channel = f->dim0 > 0;
    ef->amplitude = rv_csi_amplitude (f, 0);
    ef->n_bins = f->dim1;
    ef->coherence = 1.0f;
    self->cals[i].present = (f->flags & RV_CSI_FLAG_HAS_CALIB_ID) != 0;
    self->cals[i].id = f->calibration_id;
  }
  return TRUE;
}

static GstFlowReturn
gst_rv_witness_analyze (GstRvFusedAnalyzer * analyzer, GstBuffer * buf,
    GstRvFusedCycle * cycle)
{
  GstRvWitness *self = GST_RV_WITNESS (analyzer);
  const RvTrustedOutput *o = &self->out;
  const GstSegment *segment = gst_rv_fused_analyzer_segment (analyzer);
  RvEngineError err;
  RvPrivacyMode mode;
  guint64 graph_nodes;
  GstClockTime stream_time;

  g_mutex_lock (&self->engine_lock);
  if (!self->engine) {
    g_mutex_unlock (&self->engine_lock);
    GST_ELEMENT_ERROR (self, CORE, FAILED, (NULL), ("not started"));
    return GST_FLOW_ERROR;
  }
  if (!engine_frames (self, cycle)) {
    g_mutex_unlock (&self->engine_lock);
    return GST_RV_FUSED_ANALYZER_FLOW_INVALID;
  }

  /* now_ms from the stream time (never the wall clock) */
  stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME,
      GST_BUFFER_PTS (buf));
  if (GST_CLOCK_TIME_IS_VALID (stream_time))
    self->last_now_ms = (gint64) (stream_time / GST_MSECOND);

  err = rv_engine_process_cycle_calibrated (self->engine, self->frames,
      cycle->n_node_records, self->cals, cycle->n_node_records, self->room,
      self->last_now_ms, &self->out);
  mode = rv_engine_mode (self->engine);
  graph_nodes = rv_worldgraph_node_count (rv_engine_graph (self->engine));
  if (err == RV_ENGINE_OK) {
    GstRvWitnessMeta *wm = gst_buffer_add_rv_witness_meta (buf, mode, o);
    if (wm)
      wm->engine_error_count = self->st_engine_errors;
    self->raw_allowed = rv_privacy_raw_allowed (mode, o->effective_class);
  } else {
    self->raw_allowed = rv_privacy_raw_allowed (mode,
        rv_privacy_mode_target_class (mode));
    GST_WARNING_OBJECT (self, "cycle %" G_GUINT64_FORMAT " not witnessed: "
        "%s (%s)", cycle->record.cycle, rv_engine_error_str (err),
        err == RV_ENGINE_ERROR_FUSION ?
        rv_multistatic_error_str (rv_engine_last_fusion_error (self->engine)) :
        "-");
  }
  self->last_err = err;
  self->last_cycle = cycle->record.cycle;
  self->last_now_ms_msg = self->last_now_ms;
  self->last_graph_nodes = graph_nodes;
  if (err == RV_ENGINE_OK) {
    self->iv_witnessed++;
    if (o->demoted)
      self->iv_demoted++;
  } else {
    self->iv_errors++;
  }

  GST_OBJECT_LOCK (self);
  self->st_graph_nodes = graph_nodes;
  if (err == RV_ENGINE_OK) {
    self->st_witnessed++;
    if (o->demoted)
      self->st_demoted++;
    if (o->effective_class >= RV_PRIVACY_CLASS_RESTRICTED)
      self->st_restricted++;
  } else {
    self->st_engine_errors++;
    if (err == RV_ENGINE_ERROR_FUSION)
      self->st_fusion_errors++;
  }
  GST_OBJECT_UNLOCK (self);
  g_mutex_unlock (&self->engine_lock);
  return GST_FLOW_OK;
}

/* Privacy where it is decided: the raw node records leave the buffer when
 * the mode or the cycle's class forbids raw data. */
static GstFlowReturn
gst_rv_witness_finish (GstRvFusedAnalyzer * analyzer, GstBuffer * buf,
    GstRvCycleKind kind)
{
  GstRvWitness *self = GST_RV_WITNESS (analyzer);
  gboolean allowed;

  if (kind == GST_RV_CYCLE_ANALYZED) {
    allowed = self->raw_allowed;
  } else {
    /* no engine output for this buffer: the mode decides */
    RvPrivacyMode mode;
    g_mutex_lock (&self->engine_lock);
    mode = self->engine ? rv_engine_mode (self->engine) :
        (RvPrivacyMode) self->privacy_mode;
    g_mutex_unlock (&self->engine_lock);
    allowed = rv_privacy_raw_allowed (mode,
        rv_privacy_mode_target_class (mode));
  }
  if (allowed)
    return GST_FLOW_OK;
  if (kind != GST_RV_CYCLE_INVALID) {
    if (gst_rv_fused_buffer_n_node_records (buf) == 0)
      return GST_FLOW_OK;
    if (gst_rv_fused_buffer_remove_nodes (buf)) {
      self->iv_removed++;
      GST_OBJECT_LOCK (self);
      self->st_raw_removed++;
      GST_OBJECT_UNLOCK (self);
      return GST_FLOW_OK;
    }
  }
  /* not a fused record we can vouch for: it does not leave */
  GST_WARNING_OBJECT (self, "buffer %" GST_PTR_FORMAT " is not a valid fused "
      "record and the privacy mode drops raw data: dropped", buf);
  GST_OBJECT_LOCK (self);
  self->st_dropped++;
  GST_OBJECT_UNLOCK (self);
  return GST_BASE_TRANSFORM_FLOW_DROPPED;
}

static void
gst_rv_witness_fill_message (GstRvFusedAnalyzer * analyzer, GstStructure * s,
    guint64 analyzed)
{
  GstRvWitness *self = GST_RV_WITNESS (analyzer);
  const RvTrustedOutput *o = &self->out;
  RvEngineError err = self->last_err;

  gst_structure_set (s,
      "witnessed", G_TYPE_UINT64, self->iv_witnessed,
      "engine-errors", G_TYPE_UINT64, self->iv_errors,
      "demoted-cycles", G_TYPE_UINT64, self->iv_demoted,
      "raw-removed", G_TYPE_UINT64, self->iv_removed, NULL);
  self->iv_witnessed = self->iv_errors = self->iv_demoted = self->iv_removed =
      0;
  if (analyzed == 0)
    return;
  gst_structure_set (s,
      "cycle", G_TYPE_UINT64, self->last_cycle,
      "now-ms", G_TYPE_INT64, self->last_now_ms_msg, NULL);
  if (err == RV_ENGINE_OK) {
    gchar hex[65];
    gst_rv_witness_to_hex (o->witness, hex);
    gst_structure_set (s,
        "witness", G_TYPE_STRING, hex,
        "effective-class", G_TYPE_STRING,
        rv_privacy_class_name (o->effective_class),
        "demoted", G_TYPE_BOOLEAN, (gboolean) o->demoted,
        "recalibration-recommended", G_TYPE_BOOLEAN,
        (gboolean) o->recalibration_recommended,
        "mesh-at-risk", G_TYPE_BOOLEAN,
        (gboolean) (o->mesh.present && o->mesh.at_risk),
        "mesh-cut", G_TYPE_DOUBLE, o->mesh.present ? o->mesh.cut : 0.0,
        "change-point", G_TYPE_BOOLEAN, (gboolean) o->change_point,
        "privacy-decision", G_TYPE_STRING, o->provenance.privacy_decision,
        "calibration-version", G_TYPE_STRING,
        o->provenance.calibration_version,
        "base-coherence", G_TYPE_FLOAT, o->quality.base_coherence,
        "penalized-coherence", G_TYPE_FLOAT, o->penalized_coherence,
        "semantic-id", G_TYPE_UINT64, (guint64) o->semantic_id,
        "graph-nodes", G_TYPE_UINT64, self->last_graph_nodes, NULL);
  } else if (err == RV_ENGINE_ERROR_FUSION) {
    gchar *msg;
    g_mutex_lock (&self->engine_lock);
    msg = g_strdup_printf ("%s: %s", rv_engine_error_str (err),
        self->engine ? rv_multistatic_error_str (rv_engine_last_fusion_error
            (self->engine)) : "?");
    g_mutex_unlock (&self->engine_lock);
    gst_structure_set (s, "error", G_TYPE_STRING, msg, NULL);
    g_free (msg);
  } else {
    gst_structure_set (s, "error", G_TYPE_STRING, rv_engine_error_str (err),
        NULL);
  }
}

static void
gst_rv_witness_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvWitness *self = GST_RV_WITNESS (object);

  /* engine_lock first: a running engine is updated in the same step */
  g_mutex_lock (&self->engine_lock);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PRIVACY_MODE:{
      GstRvPrivacyMode mode = g_value_get_enum (value);
      self->privacy_mode = mode;
      if (self->engine && rv_engine_mode (self->engine) != (RvPrivacyMode) mode) {
        RvEngineError err = rv_engine_set_privacy_mode (self->engine,
            (RvPrivacyMode) mode);
        if (err != RV_ENGINE_OK)
          GST_WARNING_OBJECT (self, "privacy mode switch failed: %s",
              rv_engine_error_str (err));
        else
          GST_INFO_OBJECT (self, "privacy mode now %s (attested)",
              rv_privacy_mode_name ((RvPrivacyMode) mode));
      }
      break;
    }
    case PROP_MODEL_VERSION:
      self->model_version = g_value_get_uint (value);
      break;
    case PROP_ROOM_ID:
      g_free (self->room_id);
      self->room_id = g_value_dup_string (value);
      break;
    case PROP_ROOM_NAME:
      g_free (self->room_name);
      self->room_name = g_value_dup_string (value);
      break;
    case PROP_SENSOR_ID:
      g_free (self->sensor_id);
      self->sensor_id = g_value_dup_string (value);
      break;
    case PROP_SEMANTIC_RETENTION:
      self->semantic_retention = g_value_get_uint (value);
      if (self->engine)
        rv_engine_set_semantic_retention (self->engine,
            self->semantic_retention);
      break;
    case PROP_EVENT_RETENTION:
      self->event_retention = g_value_get_uint (value);
      if (self->engine)
        rv_engine_set_event_retention (self->engine,
            event_retention_of (self->event_retention));
      break;
    case PROP_MESH_RISK_THRESHOLD:
      self->mesh_risk_threshold = g_value_get_double (value);
      if (self->engine)
        rv_engine_set_mesh_risk_threshold (self->engine,
            self->mesh_risk_threshold);
      break;
    case PROP_MESH_MIN_NODES:
      self->mesh_min_nodes = g_value_get_uint (value);
      break;
    case PROP_SNAPSHOT_LOCATION:
      g_free (self->snapshot_location);
      self->snapshot_location = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  g_mutex_unlock (&self->engine_lock);
}

static void
gst_rv_witness_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvWitness *self = GST_RV_WITNESS (object);

  g_mutex_lock (&self->engine_lock);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PRIVACY_MODE:
      g_value_set_enum (value, self->privacy_mode);
      break;
    case PROP_MODEL_VERSION:
      g_value_set_uint (value, self->model_version);
      break;
    case PROP_ROOM_ID:
      g_value_set_string (value, self->room_id);
      break;
    case PROP_ROOM_NAME:
      g_value_set_string (value, self->room_name);
      break;
    case PROP_SENSOR_ID:
      g_value_set_string (value, self->sensor_id);
      break;
    case PROP_SEMANTIC_RETENTION:
      g_value_set_uint (value, self->semantic_retention);
      break;
    case PROP_EVENT_RETENTION:
      g_value_set_uint (value, self->event_retention);
      break;
    case PROP_MESH_RISK_THRESHOLD:
      g_value_set_double (value, self->mesh_risk_threshold);
      break;
    case PROP_MESH_MIN_NODES:
      g_value_set_uint (value, self->mesh_min_nodes);
      break;
    case PROP_SNAPSHOT_LOCATION:
      g_value_set_string (value, self->snapshot_location);
      break;
    case PROP_ATTESTATION:
      if (self->engine) {
        const RvPrivacyRegistry *r = rv_engine_privacy (self->engine);
        gchar hex[65];
        gst_rv_witness_to_hex (r->chain[r->n_chain - 1].hash, hex);
        g_value_set_string (value, hex);
      } else {
        g_value_set_string (value, NULL);
      }
      break;
    case PROP_STATS:
    {
      GstStructure *st = gst_rv_fused_analyzer_stats_new
          (GST_RV_FUSED_ANALYZER (self), "rvwitness-stats");
      gst_structure_set (st,
          "witnessed", G_TYPE_UINT64, self->st_witnessed,
          "engine-errors", G_TYPE_UINT64, self->st_engine_errors,
          "fusion-errors", G_TYPE_UINT64, self->st_fusion_errors,
          "demoted", G_TYPE_UINT64, self->st_demoted,
          "restricted", G_TYPE_UINT64, self->st_restricted,
          "raw-removed", G_TYPE_UINT64, self->st_raw_removed,
          "dropped", G_TYPE_UINT64, self->st_dropped,
          "snapshots", G_TYPE_UINT64, self->st_snapshots,
          "attestations", G_TYPE_UINT64, self->engine ?
          (guint64) rv_engine_privacy (self->engine)->n_chain : 0,
          "graph-nodes", G_TYPE_UINT64, self->st_graph_nodes, NULL);
      g_value_take_boxed (value, st);
    }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  g_mutex_unlock (&self->engine_lock);
}
