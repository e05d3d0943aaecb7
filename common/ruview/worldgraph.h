/* libruview — WorldGraph: typed nodes and edges in a slot store with LIFO
 * free lists (petgraph StableDiGraph semantics), semantic-state beliefs with
 * provenance, pruning, privacy rollup and the compact snapshot JSON exactly
 * as serde_json writes it (engine.md §4.10).
 *
 * Memory: node and edge slots are reused LIFO; each slot owns a string arena
 * that is kept when the slot is freed, so a graph whose size is bounded
 * (semantic and event retention) stops allocating once warmed up.  Semantic
 * states and events are indexed in (time, id) order, so pruning is
 * O(removed), not a sort. */
#ifndef RUVIEW_WORLDGRAPH_H
#define RUVIEW_WORLDGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/json.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t RvWorldId;               /* 0 = "allocate" / null */

typedef enum {
  RV_WG_OK = 0,
  RV_WG_ERROR_UNKNOWN_NODE,               /* edge endpoint id not in graph */
  RV_WG_ERROR_NO_MEMORY,
  RV_WG_ERROR_INVALID_ARGUMENT,
  RV_WG_ERROR_PARSE,                      /* from_json */
} RvWgError;

const char *rv_wg_error_str (RvWgError e);

typedef enum {
  RV_WG_ROOM = 0, RV_WG_ZONE, RV_WG_WALL, RV_WG_DOORWAY, RV_WG_SENSOR, RV_WG_RF_LINK,
  RV_WG_PERSON_TRACK, RV_WG_OBJECT_ANCHOR, RV_WG_EVENT, RV_WG_SEMANTIC_STATE,
} RvWgNodeKind;

typedef enum { RV_MODALITY_WIFI_CSI = 0, RV_MODALITY_MM_WAVE, RV_MODALITY_UWB,
  RV_MODALITY_PRESENCE } RvModality;
typedef enum { RV_ANCHOR_REFLECTOR = 0, RV_ANCHOR_FURNITURE, RV_ANCHOR_UWB_BEACON } RvAnchorKind;
typedef enum { RV_SHAPE_RECTANGLE = 0, RV_SHAPE_CIRCLE, RV_SHAPE_POLYGON } RvShapeKind;

#define RV_WG_MAX_POLYGON 16
#define RV_WG_MAX_EVIDENCE 8

typedef struct { double east_m, north_m, up_m; } RvEnuPoint;

typedef struct {
  RvShapeKind shape;
  /* rectangle: min_e, min_n, max_e, max_n; circle: center_e, center_n, radius_m */
  double v[4];
  size_t n_vertices;                      /* polygon */
  double vertices[RV_WG_MAX_POLYGON][2];
} RvBounds;

/* One node.  Which fields are used depends on kind (fields of §4.10.1, in
 * serialisation order):
 *   room            id, area_id (NULL=null), name, bounds, floor
 *   zone            id, ref_a=parent_room, name, bounds
 *   wall            id, p_a=a, p_b=b, f=rf_attenuation_db
 *   doorway         id, p_a=center, f=width_m
 *   sensor          id, text=device_id, p_a=position, modality
 *   rf_link         id, ref_a=tx, ref_b=rx, text=link_group_id (NULL=null), u=center_freq_mhz
 *   person_track    id, u=track_id, p_a=last_position, text=reid_embedding_ref (NULL=null)
 *   object_anchor   id, p_a=position, anchor_kind, f=confidence
 *   event           id, text=event_type, t_ms=at_unix_ms, ref_a=located_in (0=null)
 *   semantic_state  id, text=statement, f=confidence, evidence/model_version/
 *                   calibration_version/privacy_decision, t_ms=valid_from_unix_ms
 * Strings handed to the graph are copied. */
typedef struct {
  RvWgNodeKind kind;
  RvWorldId id;
  const char *name;
  const char *area_id;
  RvBounds bounds;
  int16_t floor;
  RvWorldId ref_a, ref_b;
  RvEnuPoint p_a, p_b;
  float f;
  const char *text;
  RvModality modality;
  RvAnchorKind anchor_kind;
  uint64_t u;
  int64_t t_ms;
  size_t n_evidence;
  const char *evidence[RV_WG_MAX_EVIDENCE];
  const char *model_version, *calibration_version, *privacy_decision;
} RvWgNode;

typedef enum {
  RV_WG_OBSERVES = 0, RV_WG_LOCATED_IN, RV_WG_ADJACENT_TO, RV_WG_SUPPORTS, RV_WG_CONTRADICTS,
  RV_WG_DERIVED_FROM, RV_WG_PRIVACY_LIMITED_BY,
} RvWgEdgeKind;

/* observes {f=quality, t_ms=last_seen_unix_ms}; located_in {t_ms=since};
 * adjacent_to {ref=via_doorway (0=null)}; supports {f=strength};
 * contradicts {f=magnitude, text=flag}; derived_from {text=evidence};
 * privacy_limited_by {text=mode, text2=action, allowed}. */
typedef struct {
  RvWgEdgeKind kind;
  float f;
  int64_t t_ms;
  RvWorldId ref;
  const char *text, *text2;
  bool allowed;
} RvWgEdge;

typedef struct RvWorldGraph RvWorldGraph;

RvWorldGraph *rv_worldgraph_new (void);
void rv_worldgraph_free (RvWorldGraph *g);

/* Registration (origin lat/lon/alt, heading_deg, scale) — defaults 0 / 1.0. */
void rv_worldgraph_set_registration (RvWorldGraph *g, double lat, double lon, double alt,
                                     double heading_deg, double scale);

/* id 0 → allocate next_id; explicit id → next_id = max(next_id, id+1);
 * existing id → replace payload in its slot. */
RvWgError rv_worldgraph_upsert_node (RvWorldGraph *g, const RvWgNode *n, RvWorldId *id_out);
RvWgError rv_worldgraph_remove_node (RvWorldGraph *g, RvWorldId id);
RvWgError rv_worldgraph_add_edge (RvWorldGraph *g, RvWorldId from, RvWorldId to,
                                  const RvWgEdge *e);
/* Current payload (strings point into the graph; valid until the next change). */
const RvWgNode *rv_worldgraph_get (const RvWorldGraph *g, RvWorldId id);

size_t rv_worldgraph_node_count (const RvWorldGraph *g);
size_t rv_worldgraph_edge_count (const RvWorldGraph *g);
RvWorldId rv_worldgraph_next_id (const RvWorldGraph *g);
size_t rv_worldgraph_semantic_count (const RvWorldGraph *g);

/* Node ids in slot (snapshot) order; returns the count (writes ≤ cap). */
size_t rv_worldgraph_node_ids (const RvWorldGraph *g, RvWorldId *out, size_t cap);
/* Edges in slot order: endpoints and payload (ids into from/to, may be NULL). */
size_t rv_worldgraph_edges (const RvWorldGraph *g, RvWorldId *from, RvWorldId *to,
                            RvWgEdge *e, size_t cap);

/* add_semantic_state: new node, then one derived_from edge per source paired
 * with evidence[i] ("" when evidence runs out). */
RvWgError rv_worldgraph_add_semantic_state (RvWorldGraph *g, const char *statement,
                                            float confidence, int64_t t_ms,
                                            const char *const *evidence, size_t n_evidence,
                                            const char *model_version,
                                            const char *calibration_version,
                                            const char *privacy_decision,
                                            const RvWorldId *sources, size_t n_sources,
                                            RvWorldId *id_out);
/* Remove the oldest (valid_from, id) semantic states above max; returns the
 * number removed. */
size_t rv_worldgraph_prune_semantic_states (RvWorldGraph *g, size_t max);
/* Events, likewise: remove the oldest (at_unix_ms, id) event nodes above
 * max (with their edges); returns the number removed.  Not in the spec,
 * whose events are never pruned: the engine's event retention. */
size_t rv_worldgraph_prune_events (RvWorldGraph *g, size_t max);
size_t rv_worldgraph_event_count (const RvWorldGraph *g);

/* Room whose area_id equals area (0 if none). */
RvWorldId rv_worldgraph_find_area (const RvWorldGraph *g, const char *area);
/* Sources of located_in edges into node (incoming list order). */
size_t rv_worldgraph_contents_of (const RvWorldGraph *g, RvWorldId node, RvWorldId *out,
                                  size_t cap);
/* Sources of observes edges into node. */
size_t rv_worldgraph_observed_by (const RvWorldGraph *g, RvWorldId node, RvWorldId *out,
                                  size_t cap);

/* apply_privacy_mode: for every observes edge (slot order) append
 * privacy_limited_by {mode, action, allowed = policy(target kind)} from the
 * observer to the target.  Not idempotent.  Denied pairs / suppressed
 * targets (unique, first-seen order) go to the optional arrays. */
typedef bool (*RvWgPolicyFunc) (void *user, RvWgNodeKind target_kind);
typedef struct {
  size_t allowed_pairs;
  size_t n_denied;                     /* total (may exceed the caps) */
  size_t n_suppressed;
} RvWgPrivacyRollup;
RvWgError rv_worldgraph_apply_privacy_mode (RvWorldGraph *g, const char *mode,
                                            const char *action, RvWgPolicyFunc policy,
                                            void *user, RvWorldId (*denied)[2],
                                            size_t denied_cap, RvWorldId *suppressed,
                                            size_t suppressed_cap, RvWgPrivacyRollup *out);

/* Compact JSON as serde_json writes it, appended to w (as one value). */
void rv_worldgraph_write_json (const RvWorldGraph *g, RvJsonWriter *w);
/* Same into a caller buffer: writes at most cap−1 bytes + NUL and returns the
 * full length (call with cap 0 to size it).  Uses a writer kept in the graph
 * (no allocation once warmed up); not thread-safe on one graph. */
size_t rv_worldgraph_snapshot_json (RvWorldGraph *g, char *buf, size_t cap);

/* Rebuild a graph from snapshot JSON (nodes and edges re-inserted in file
 * order, next_id restored). */
RvWorldGraph *rv_worldgraph_from_json (const char *json, size_t len, RvWgError *err);

#ifdef __cplusplus
}
#endif
#endif
