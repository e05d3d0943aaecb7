/* libruview — the streaming engine cycle (engine.md §4): fusion + ADR-137
 * quality score (reused from multistatic.h / fusion_quality.h), optional
 * array coordinator, change-point events, mesh partition guard, privacy
 * gate, provenance, WorldGraph belief with retention, BLAKE3 witness and
 * the recalibration advisor.  Needs BLAKE3.
 *
 * No clock: now_ms and timestamps come from the caller (stream time).
 * Memory is bounded by the semantic and event retentions; every buffer a
 * cycle needs is allocated at construction, so a steady-state cycle does
 * not allocate. */
#ifndef RUVIEW_ENGINE_H
#define RUVIEW_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/fusion_quality.h"
#include "ruview/mesh_guard.h"
#include "ruview/multistatic.h"
#include "ruview/privacy.h"
#include "ruview/provenance.h"
#include "ruview/rf_slam.h"
#include "ruview/worldgraph.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_ENGINE_MAX_NODES RV_MULTISTATIC_MAX_NODES
/* Change-point events kept in the WorldGraph (the oldest are pruned): the
 * most recent 256, however long the run.  The spec never prunes them.
 * SIZE_MAX keeps all. */
#define RV_ENGINE_DEFAULT_EVENT_RETENTION 256

typedef enum {
  RV_ENGINE_OK = 0,
  RV_ENGINE_ERROR_FUSION,          /* see rv_engine_last_fusion_error(); nothing mutated */
  RV_ENGINE_ERROR_INVALID_CONFIG,
  RV_ENGINE_ERROR_INVALID_ARGUMENT,
  RV_ENGINE_ERROR_TOO_MANY_NODES,
  RV_ENGINE_ERROR_UNKNOWN_NODE,    /* WorldGraph id not present */
  RV_ENGINE_ERROR_NO_MEMORY,
} RvEngineError;

const char *rv_engine_error_str (RvEngineError e);

typedef struct {
  RvPrivacyMode mode;              /* PrivateHome */
  uint16_t model_version;          /* 1 */
  double registration[5];          /* lat, lon, alt, heading_deg, scale: 0,0,0,0,1 */
  size_t max_nodes;                /* ≤ RV_ENGINE_MAX_NODES, 64 */
  size_t max_bins;                 /* first-channel amplitude length cap, 256 */
  size_t semantic_retention;       /* 7200 (clamped ≥ 1) */
  size_t event_retention;          /* RV_ENGINE_DEFAULT_EVENT_RETENTION (clamped ≥ 1) */
  float coherence_accept;          /* 0.85 */
  double mesh_risk_threshold;      /* 0.25 */
  size_t mesh_min_nodes;           /* 3 */
  float advisor_floor;             /* 0.5 */
  uint32_t advisor_streak;         /* 60 */
} RvEngineConfig;

void rv_engine_config_default (RvEngineConfig *c);

/* One node's frame for a cycle: only the first channel's amplitude, the node
 * id, the timestamp and (array coordinator only) coherence matter. */
typedef struct {
  uint32_t node_id;
  uint64_t timestamp_us;
  bool has_channel;                /* false: no channel frames */
  const float *amplitude;          /* n_bins floats */
  size_t n_bins;
  float coherence;                 /* multi-band coherence (array coordinator) */
} RvEngineFrame;

/* §4.12 recalibration advisor. */
typedef struct {
  float floor;
  uint32_t streak_needed;
  uint32_t streak;
} RvRecalAdvisor;
void rv_recal_advisor_init (RvRecalAdvisor *a, float floor, uint32_t streak_needed);
/* streak = base < floor ? streak+1 (saturating) : 0; true iff structural ||
 * streak ≥ streak_needed. */
bool rv_recal_advisor_observe (RvRecalAdvisor *a, float base, bool structural);

typedef struct {
  RvWorldId semantic_id;
  RvQualityScore quality;
  float penalized_coherence;
  RvPrivacyClass effective_class;
  bool demoted;
  RvProvenance provenance;
  char statement[96];
  bool directional;                /* array coordinator ran */
  size_t array_admitted;
  size_t array_contradictions;
  bool change_point;
  size_t diverging_links;
  RvWorldId change_event_id;       /* 0 if none */
  uint8_t witness[32];
  bool recalibration_recommended;
  RvMeshReport mesh;               /* mesh.present false: "none" */
} RvTrustedOutput;

typedef struct RvEngine RvEngine;

RvEngine *rv_engine_new (const RvEngineConfig *c, RvEngineError *err);
void rv_engine_free (RvEngine *e);

/* add_room: room node with area id, name, rectangle (0,0)-(5,4), floor 0. */
RvEngineError rv_engine_add_room (RvEngine *e, const char *area_id, const char *name,
                                  RvWorldId *id_out);
/* add_sensor: sensor at the origin (wifi_csi) + observes {1.0, 0} → room. */
RvEngineError rv_engine_add_sensor (RvEngine *e, const char *device_id, RvWorldId room,
                                    RvWorldId *id_out);
/* update_person_track: upsert a person_track at (x, y, 0); on first sight
 * located_in {0} → room and observes {1.0, 0} from the sensor. */
RvEngineError rv_engine_update_person_track (RvEngine *e, uint64_t track_id, float x, float y,
                                             RvWorldId room, RvWorldId sensor,
                                             RvWorldId *id_out);
/* Room adapter (NULL clears): model_version becomes "rfenc-v<mv>+adapter:<id>". */
RvEngineError rv_engine_set_room_adapter (RvEngine *e, const char *adapter_id,
                                          uint32_t trained_samples);
/* Mode switch: attested in the registry chain. */
RvEngineError rv_engine_set_privacy_mode (RvEngine *e, RvPrivacyMode mode);
void rv_engine_set_semantic_retention (RvEngine *e, size_t n);
/* Events kept (clamped ≥ 1); takes effect at the next change point. */
void rv_engine_set_event_retention (RvEngine *e, size_t n);
void rv_engine_set_mesh_risk_threshold (RvEngine *e, double t);
/* §4.5: enable the array coordinator for this node id. */
RvEngineError rv_engine_register_node_geometry (RvEngine *e, uint32_t node_id, float x, float y,
                                                float azimuth);
/* ingest_reflectors: feed the RF-SLAM (discovery, 0.5 m, 5 sightings, 0.6)
 * and write an object_anchor (confidence 0.9; Wall → reflector, Furniture →
 * furniture) for EVERY current static anchor (wall ceiling 0.05 m/day,
 * mobile floor 1.0 m/day) — as upstream, anchors already written are
 * written again as new nodes on the next call.  Returns the count written
 * (ids into written[cap]). */
size_t rv_engine_ingest_reflectors (RvEngine *e, const RvReflectorObservation *obs, size_t n,
                                    RvWorldId *written, size_t cap);

/* apply_privacy_mode on the graph: mode = Debug name, action
 * "SuppressIdentity", deny iff SuppressIdentity enforced and the target is a
 * person_track. */
RvEngineError rv_engine_apply_privacy_rollup (RvEngine *e, RvWorldId *suppressed, size_t cap,
                                              RvWgPrivacyRollup *out);

/* §4.3.  cals[n_cals] may differ in length from n_frames (upstream quirk). */
RvEngineError rv_engine_process_cycle_calibrated (RvEngine *e, const RvEngineFrame *frames,
                                                  size_t n_frames,
                                                  const RvMaybeCalibrationId *cals,
                                                  size_t n_cals, RvWorldId room,
                                                  int64_t now_ms, RvTrustedOutput *out);
/* process_cycle: one calibration id repeated for every frame. */
RvEngineError rv_engine_process_cycle (RvEngine *e, const RvEngineFrame *frames,
                                       size_t n_frames, uint64_t calibration_id,
                                       RvWorldId room, int64_t now_ms, RvTrustedOutput *out);

/* Witness meta JSON: {"witness":hex,"effective_class":name,"demoted",
 * "statement","base_coherence","penalized_coherence","provenance":{…},
 * "contradictions":n,"mesh":{"cut","weak_side":[…],"at_risk","updates"}|null,
 * "change_point","diverging_links","recalibration_recommended",
 * "semantic_id","array":{"admitted","contradictions"}|null}
 * (+ "weights":[…] when full).  Floats per §4.10.5 in their own type. */
void rv_trusted_output_write_json (RvJsonWriter *w, const RvTrustedOutput *o, bool full);

RvMultistaticError rv_engine_last_fusion_error (const RvEngine *e);
uint64_t rv_engine_cycle_count (const RvEngine *e);
RvWorldGraph *rv_engine_graph (RvEngine *e);
const RvPrivacyRegistry *rv_engine_privacy (const RvEngine *e);
RvPrivacyMode rv_engine_mode (const RvEngine *e);
const RvEngineConfig *rv_engine_config (const RvEngine *e);

#ifdef __cplusplus
}
#endif
#endif
