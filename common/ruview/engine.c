/* libruview — streaming engine cycle (engine.md §4.3).  See engine.h. */
#include "ruview/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/evolution.h"
#include "ruview/witness.h"

#define MAX_TRACK_MAP 256

typedef struct
{
  uint32_t node_id;
  float x, y, azimuth;
} Geometry;

struct RvEngine
{
  RvEngineConfig cfg;
  RvMultistaticFuser *fuser;
  RvMultistaticError last_fusion_error;
  RvPrivacyRegistry privacy;
  RvWorldGraph *graph;
  uint64_t cycle;
  RvEvolution evo;
  RvMeshGuard *mesh;
  RvRecalAdvisor advisor;
  RvRfSlam slam;
  bool has_adapter;
  char adapter_id[64];
  uint32_t adapter_samples;
  Geometry geom[RV_ENGINE_MAX_NODES];
  size_t n_geom;
  uint64_t track_ids[MAX_TRACK_MAP];
  RvWorldId track_nodes[MAX_TRACK_MAP];
  size_t n_tracks;
  /* per-cycle scratch (allocated once) */
  RvNodeFrame nodes[RV_ENGINE_MAX_NODES];
  uint32_t node_ids[RV_ENGINE_MAX_NODES];
  double values[RV_ENGINE_MAX_NODES];
  double *coupling;             /* max_nodes² */
  float *zero_phase, *out_amp, *out_phase;
  RvMaybeCalibrationId *cal_scratch;
  RvFusedFrame fused;
};

const char *
rv_engine_error_str (RvEngineError e)
{
  switch (e) {
    case RV_ENGINE_OK: return "ok";
    case RV_ENGINE_ERROR_FUSION: return "fusion failed";
    case RV_ENGINE_ERROR_INVALID_CONFIG: return "invalid configuration";
    case RV_ENGINE_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case RV_ENGINE_ERROR_TOO_MANY_NODES: return "too many nodes";
    case RV_ENGINE_ERROR_UNKNOWN_NODE: return "unknown graph node";
    case RV_ENGINE_ERROR_NO_MEMORY: return "out of memory";
  }
  return "unknown error";
}

void
rv_engine_config_default (RvEngineConfig *c)
{
  memset (c, 0, sizeof *c);
  c->mode = RV_PRIVACY_MODE_PRIVATE_HOME;
  c->model_version = 1;
  c->registration[4] = 1.0;
  c->max_nodes = RV_ENGINE_MAX_NODES;
  c->max_bins = 256;
  c->semantic_retention = 7200;
  c->event_retention = RV_ENGINE_DEFAULT_EVENT_RETENTION;
  c->coherence_accept = 0.85f;
  c->mesh_risk_threshold = 0.25;
  c->mesh_min_nodes = 3;
  c->advisor_floor = 0.5f;
  c->advisor_streak = 60;
}

void
rv_recal_advisor_init (RvRecalAdvisor *a, float floor, uint32_t streak_needed)
{
  a->floor = floor;
  a->streak_needed = streak_needed;
  a->streak = 0;
}

bool
rv_recal_advisor_observe (RvRecalAdvisor *a, float base, bool structural)
{
  if (base < a->floor) {
    if (a->streak != UINT32_MAX)
      a->streak++;
  } else {
    a->streak = 0;
  }
  return structural || a->streak >= a->streak_needed;
}

RvEngine *
rv_engine_new (const RvEngineConfig *c, RvEngineError *err)
{
  RvEngine *e;
  RvEngineConfig cfg;
  RvMultistaticConfig mc;
  RvMeshGuardConfig gc;
  RvMultistaticError me;

  if (c)
    cfg = *c;
  else
    rv_engine_config_default (&cfg);
  if (cfg.max_nodes < 1 || cfg.max_nodes > RV_ENGINE_MAX_NODES || cfg.max_bins < 1
      || cfg.max_bins > (1u << 20) || (unsigned) cfg.mode >= RV_PRIVACY_N_MODES
      || !isfinite (cfg.coherence_accept) || !(cfg.mesh_risk_threshold >= 0.0)) {
    if (err)
      *err = RV_ENGINE_ERROR_INVALID_CONFIG;
    return NULL;
  }
  if (cfg.semantic_retention < 1)
    cfg.semantic_retention = 1;
  if (cfg.event_retention < 1)
    cfg.event_retention = 1;
  e = calloc (1, sizeof *e);
  if (!e)
    goto oom;
  e->cfg = cfg;
  rv_multistatic_config_default (&mc);
  e->fuser = rv_multistatic_fuser_new (&mc, cfg.max_bins, &me);
  e->graph = rv_worldgraph_new ();
  rv_mesh_guard_config_default (&gc);
  gc.risk_threshold = cfg.mesh_risk_threshold;
  gc.min_nodes = cfg.mesh_min_nodes;
  e->mesh = rv_mesh_guard_new (&gc, cfg.max_nodes < 2 ? 2 : cfg.max_nodes);
  e->coupling = calloc (cfg.max_nodes * cfg.max_nodes, sizeof *e->coupling);
  e->zero_phase = calloc (cfg.max_bins, sizeof (float));
  e->out_amp = calloc (cfg.max_bins, sizeof (float));
  e->out_phase = calloc (cfg.max_bins, sizeof (float));
  e->cal_scratch = calloc (cfg.max_nodes, sizeof *e->cal_scratch);
  if (!e->fuser || !e->graph || !e->mesh || !e->coupling || !e->zero_phase || !e->out_amp
      || !e->out_phase || !e->cal_scratch)
    goto oom;
  if (!rv_privacy_registry_init (&e->privacy, cfg.mode))
    goto oom;
  if (!rv_evolution_init (&e->evo, cfg.max_nodes))
    goto oom;
  if (!rv_rf_slam_init (&e->slam, 256, true, 0.5, 5, 0.6f))
    goto oom;
  rv_worldgraph_set_registration (e->graph, cfg.registration[0], cfg.registration[1],
      cfg.registration[2], cfg.registration[3], cfg.registration[4]);
  rv_recal_advisor_init (&e->advisor, cfg.advisor_floor, cfg.advisor_streak);
  if (err)
    *err = RV_ENGINE_OK;
  return e;
oom:
  rv_engine_free (e);
  if (err)
    *err = RV_ENGINE_ERROR_NO_MEMORY;
  return NULL;
}

void
rv_engine_free (RvEngine *e)
{
  if (!e)
    return;
  rv_multistatic_fuser_free (e->fuser);
  rv_worldgraph_free (e->graph);
  rv_mesh_guard_free (e->mesh);
  rv_privacy_registry_clear (&e->privacy);
  rv_evolution_clear (&e->evo);
  rv_rf_slam_clear (&e->slam);
  free (e->coupling);
  free (e->zero_phase);
  free (e->out_amp);
  free (e->out_phase);
  free (e->cal_scratch);
  free (e);
}

RvEngineError
rv_engine_add_room (RvEngine *e, const char *area_id, const char *name, RvWorldId *id_out)
{
  RvWgNode n;
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_ROOM;
  n.area_id = area_id;
  n.name = name ? name : "";
  n.bounds.shape = RV_SHAPE_RECTANGLE;
  n.bounds.v[2] = 5.0;
  n.bounds.v[3] = 4.0;
  return rv_worldgraph_upsert_node (e->graph, &n, id_out) == RV_WG_OK ? RV_ENGINE_OK
      : RV_ENGINE_ERROR_NO_MEMORY;
}

RvEngineError
rv_engine_add_sensor (RvEngine *e, const char *device_id, RvWorldId room, RvWorldId *id_out)
{
  RvWgNode n;
  RvWgEdge ed;
  RvWorldId id;
  RvWgError ge;
  if (!rv_worldgraph_get (e->graph, room))
    return RV_ENGINE_ERROR_UNKNOWN_NODE;
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_SENSOR;
  n.text = device_id ? device_id : "";
  n.modality = RV_MODALITY_WIFI_CSI;
  if (rv_worldgraph_upsert_node (e->graph, &n, &id) != RV_WG_OK)
    return RV_ENGINE_ERROR_NO_MEMORY;
  memset (&ed, 0, sizeof ed);
  ed.kind = RV_WG_OBSERVES;
  ed.f = 1.0f;
  ge = rv_worldgraph_add_edge (e->graph, id, room, &ed);
  if (ge != RV_WG_OK)
    return ge == RV_WG_ERROR_UNKNOWN_NODE ? RV_ENGINE_ERROR_UNKNOWN_NODE : RV_ENGINE_ERROR_NO_MEMORY;
  if (id_out)
    *id_out = id;
  return RV_ENGINE_OK;
}

RvEngineError
rv_engine_update_person_track (RvEngine *e, uint64_t track_id, float x, float y,
    RvWorldId room, RvWorldId sensor, RvWorldId *id_out)
{
  RvWgNode n;
  size_t i;
  RvWorldId id = 0;
  bool first = true;
  for (i = 0; i < e->n_tracks; i++)
    if (e->track_ids[i] == track_id) {
      id = e->track_nodes[i];
      first = false;
      break;
    }
  if (first && (!rv_worldgraph_get (e->graph, room) || !rv_worldgraph_get (e->graph, sensor)))
    return RV_ENGINE_ERROR_UNKNOWN_NODE;
  if (first && e->n_tracks >= MAX_TRACK_MAP)
    return RV_ENGINE_ERROR_TOO_MANY_NODES;
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_PERSON_TRACK;
  n.id = id;
  n.u = track_id;
  n.p_a.east_m = (double) x;
  n.p_a.north_m = (double) y;
  if (rv_worldgraph_upsert_node (e->graph, &n, &id) != RV_WG_OK)
    return RV_ENGINE_ERROR_NO_MEMORY;
  if (first) {
    RvWgEdge ed;
    e->track_ids[e->n_tracks] = track_id;
    e->track_nodes[e->n_tracks] = id;
    e->n_tracks++;
    memset (&ed, 0, sizeof ed);
    ed.kind = RV_WG_LOCATED_IN;
    rv_worldgraph_add_edge (e->graph, id, room, &ed);
    memset (&ed, 0, sizeof ed);
    ed.kind = RV_WG_OBSERVES;
    ed.f = 1.0f;
    rv_worldgraph_add_edge (e->graph, sensor, id, &ed);
  }
  if (id_out)
    *id_out = id;
  return RV_ENGINE_OK;
}

RvEngineError
rv_engine_set_room_adapter (RvEngine *e, const char *adapter_id, uint32_t trained_samples)
{
  if (!adapter_id) {
    e->has_adapter = false;
    e->adapter_id[0] = '\0';
    return RV_ENGINE_OK;
  }
  if (strlen (adapter_id) >= sizeof e->adapter_id)
    return RV_ENGINE_ERROR_INVALID_ARGUMENT;
  strcpy (e->adapter_id, adapter_id);
  e->adapter_samples = trained_samples;
  e->has_adapter = true;
  return RV_ENGINE_OK;
}

RvEngineError
rv_engine_set_privacy_mode (RvEngine *e, RvPrivacyMode mode)
{
  if ((unsigned) mode >= RV_PRIVACY_N_MODES)
    return RV_ENGINE_ERROR_INVALID_ARGUMENT;
  return rv_privacy_registry_set_mode (&e->privacy, mode) ? RV_ENGINE_OK
      : RV_ENGINE_ERROR_NO_MEMORY;
}

void
rv_engine_set_semantic_retention (RvEngine *e, size_t n)
{
  e->cfg.semantic_retention = n < 1 ? 1 : n;
}

void
rv_engine_set_event_retention (RvEngine *e, size_t n)
{
  e->cfg.event_retention = n < 1 ? 1 : n;
}

void
rv_engine_set_mesh_risk_threshold (RvEngine *e, double t)
{
  e->cfg.mesh_risk_threshold = t;
  rv_mesh_guard_config (e->mesh)->risk_threshold = t;
}

RvEngineError
rv_engine_register_node_geometry (RvEngine *e, uint32_t node_id, float x, float y,
    float azimuth)
{
  size_t i;
  for (i = 0; i < e->n_geom; i++)
    if (e->geom[i].node_id == node_id)
      break;
  if (i == e->n_geom) {
    if (e->n_geom >= RV_ENGINE_MAX_NODES)
      return RV_ENGINE_ERROR_TOO_MANY_NODES;
    e->n_geom++;
  }
  e->geom[i].node_id = node_id;
  e->geom[i].x = x;
  e->geom[i].y = y;
  e->geom[i].azimuth = azimuth;
  return RV_ENGINE_OK;
}

size_t
rv_engine_ingest_reflectors (RvEngine *e, const RvReflectorObservation *obs, size_t n,
    RvWorldId *written, size_t cap)
{
  double pos[256][3];
  RvReflectorClass cls[256];
  size_t i, na, k = 0;
  for (i = 0; i < n; i++)
    rv_rf_slam_observe (&e->slam, &obs[i]);
  na = rv_rf_slam_static_anchors (&e->slam, 0.05, 1.0, pos, cls, 256);
  if (na > 256)
    na = 256;
  for (i = 0; i < na; i++) {
    RvWgNode nd;
    RvWorldId id;
    memset (&nd, 0, sizeof nd);
    nd.kind = RV_WG_OBJECT_ANCHOR;
    nd.p_a.east_m = pos[i][0];
    nd.p_a.north_m = pos[i][1];
    nd.p_a.up_m = pos[i][2];
    nd.anchor_kind = cls[i] == RV_REFLECTOR_WALL ? RV_ANCHOR_REFLECTOR : RV_ANCHOR_FURNITURE;
    nd.f = 0.9f;
    if (rv_worldgraph_upsert_node (e->graph, &nd, &id) != RV_WG_OK)
      break;
    if (written && k < cap)
      written[k] = id;
    k++;
  }
  return k;
}

static bool
deny_person_track (void *user, RvWgNodeKind kind)
{
  const RvEngine *e = user;
  bool suppress = rv_privacy_mode_enforces (e->privacy.mode, RV_PRIVACY_ACTION_SUPPRESS_IDENTITY);
  return !(suppress && kind == RV_WG_PERSON_TRACK);
}

RvEngineError
rv_engine_apply_privacy_rollup (RvEngine *e, RvWorldId *suppressed, size_t cap,
    RvWgPrivacyRollup *out)
{
  RvWgError ge = rv_worldgraph_apply_privacy_mode (e->graph,
      rv_privacy_mode_name (e->privacy.mode),
      rv_privacy_action_name (RV_PRIVACY_ACTION_SUPPRESS_IDENTITY), deny_person_track, e,
      NULL, 0, suppressed, cap, out);
  return ge == RV_WG_OK ? RV_ENGINE_OK : RV_ENGINE_ERROR_NO_MEMORY;
}

/* ---- §4.5 array coordinator (contradictions only) ---------------------- */

static const Geometry *
geometry_of (const RvEngine *e, uint32_t id)
{
  size_t i;
  for (i = 0; i < e->n_geom; i++)
    if (e->geom[i].node_id == id)
      return &e->geom[i];
  return NULL;
}

static float
angular_distance (float a, float b)
{
  const float two_pi = 6.28318530717958647692f, pi = 3.14159265358979323846f;
  float d = fmodf (fabsf (a - b), two_pi);
  return d > pi ? two_pi - d : d;
}

static void
array_coordinate (const RvEngine *e, const RvEngineFrame *fr, size_t n, RvTrustedOutput *out)
{
  const Geometry *g[RV_ENGINE_MAX_NODES];
  float coh[RV_ENGINE_MAX_NODES];
  size_t i, j, na = 0, contr = 0;
  out->directional = false;
  out->array_admitted = 0;
  out->array_contradictions = 0;
  if (n == 0)
    return;
  for (i = 0; i < n; i++)
    if (!geometry_of (e, fr[i].node_id))
      return;
  out->directional = true;
  for (i = 0; i < n; i++) {
    if (fr[i].coherence >= 0.7f) {
      g[na] = geometry_of (e, fr[i].node_id);
      coh[na] = fr[i].coherence;
      na++;
    }
  }
  if (na >= 3) {
    float mean = 0.0f, var = 0.0f, sd;
    for (i = 0; i < na; i++)
      mean += coh[i];
    mean /= (float) na;
    for (i = 0; i < na; i++)
      var += (coh[i] - mean) * (coh[i] - mean);
    sd = sqrtf (var / (float) na);
    if (sd > 1e-6f)
      for (i = 0; i < na; i++)
        if ((mean - coh[i]) / sd > 2.0f)
          contr++;
  }
  if (na >= 2) {
    float gdi = 0.0f;
    for (i = 0; i < na; i++) {
      float best = INFINITY;
      for (j = 0; j < na; j++)
        if (j != i)
          best = fminf (best, angular_distance (g[i]->azimuth, g[j]->azimuth));
      gdi += best;
    }
    gdi /= (float) na;
    if (gdi < (6.28318530717958647692f / (float) na) * 0.5f)
      contr++;
  }
  out->array_admitted = na;
  out->array_contradictions = contr;
}

/* ---- the cycle ---------------------------------------------------------- */

RvEngineError
rv_engine_process_cycle_calibrated (RvEngine *e, const RvEngineFrame *fr, size_t n,
    const RvMaybeCalibrationId *cals, size_t n_cals, RvWorldId room, int64_t now_ms,
    RvTrustedOutput *out)
{
  RvMultistaticError me;
  RvQualityScore *q;
  RvPrivacyClass base, eff;
  size_t i, j, nv = 0, nw;
  bool demoted, cp;
  RvWgError ge;
  const char *ev[RV_PROV_MAX_EVIDENCE];

  if (!e || !out || (n > 0 && !fr) || (n_cals > 0 && !cals))
    return RV_ENGINE_ERROR_INVALID_ARGUMENT;
  if (n > e->cfg.max_nodes)
    return RV_ENGINE_ERROR_TOO_MANY_NODES;
  if (!rv_worldgraph_get (e->graph, room))
    return RV_ENGINE_ERROR_UNKNOWN_NODE;        /* checked first: nothing mutated */
  out->semantic_id = 0;
  out->change_event_id = 0;

  /* 1. array coordination (stateless) */
  array_coordinate (e, fr, n, out);

  /* 2. fuse + score (nothing mutated on error) */
  for (i = 0; i < n; i++) {
    RvNodeFrame *nf = &e->nodes[i];
    memset (nf, 0, sizeof *nf);
    nf->node_id = fr[i].node_id;
    nf->timestamp_us = fr[i].timestamp_us;
    nf->coherence = fr[i].coherence;
    if (fr[i].has_channel) {
      if (fr[i].n_bins > e->cfg.max_bins || (fr[i].n_bins > 0 && !fr[i].amplitude))
        return RV_ENGINE_ERROR_INVALID_ARGUMENT;
      nf->n_channels = 1;
      nf->n_bins = fr[i].n_bins;
      nf->amplitude[0] = fr[i].amplitude;
      nf->phase[0] = e->zero_phase;
    }
  }
  q = &out->quality;
  me = rv_multistatic_fuse_scored_calibrated (e->fuser, e->nodes, n, cals, n_cals,
      e->cfg.coherence_accept, e->out_amp, e->out_phase, e->cfg.max_bins, &e->fused, q);
  e->last_fusion_error = me;
  if (me != RV_MULTISTATIC_OK)
    return RV_ENGINE_ERROR_FUSION;
  out->penalized_coherence = rv_quality_penalized_coherence (q);

  /* 3. change point */
  for (i = 0; i < n; i++) {
    if (!fr[i].has_channel)
      continue;
    if (fr[i].n_bins == 0) {
      e->values[nv++] = 0.0;
    } else {
      double s = -0.0;
      for (j = 0; j < fr[i].n_bins; j++)
        s += (double) fr[i].amplitude[j];
      e->values[nv++] = s / (double) fr[i].n_bins;
    }
  }
  cp = rv_evolution_observe (&e->evo, e->values, nv, &out->diverging_links);
  out->change_point = cp;
  if (cp) {
    RvWgNode ev_node;
    RvWgEdge ed;
    RvWorldId eid;
    memset (&ev_node, 0, sizeof ev_node);
    ev_node.kind = RV_WG_EVENT;
    ev_node.text = "baseline_topology_change";
    ev_node.t_ms = now_ms;
    ev_node.ref_a = room;
    if (rv_worldgraph_upsert_node (e->graph, &ev_node, &eid) == RV_WG_OK) {
      memset (&ed, 0, sizeof ed);
      ed.kind = RV_WG_LOCATED_IN;
      ed.t_ms = now_ms;
      rv_worldgraph_add_edge (e->graph, eid, room, &ed);
      out->change_event_id = eid;
      /* our bound (the spec keeps every event): the oldest go first */
      rv_worldgraph_prune_events (e->graph, e->cfg.event_retention);
    }
  }

  /* 4. mesh guard: coupling by input position, weights by contributing index */
  nw = q->n_weights;
  for (i = 0; i < n; i++) {
    e->node_ids[i] = fr[i].node_id;
    for (j = i + 1; j < n; j++) {
      double wi = i < nw ? (double) q->per_node_weights[i] : 0.0;
      double wj = j < nw ? (double) q->per_node_weights[j] : 0.0;
      e->coupling[i * n + j] = wi * wj * (double) nw;
    }
  }
  rv_mesh_guard_observe (e->mesh, e->node_ids, n, e->coupling, &out->mesh);

  /* 5. privacy gate */
  base = rv_privacy_mode_target_class (e->privacy.mode);
  demoted = rv_quality_forces_privacy_demotion (q) || out->array_contradictions > 0
      || (out->mesh.present && out->mesh.at_risk);
  eff = demoted ? rv_privacy_demote_one (base) : base;
  out->demoted = demoted;
  out->effective_class = eff;

  /* 6. provenance + belief */
  rv_provenance_build (&out->provenance, q, e->cfg.model_version,
      e->has_adapter ? e->adapter_id : NULL, e->privacy.mode, eff);
  rv_provenance_statement (out->statement, sizeof out->statement, q->base_coherence,
      e->fused.active_nodes, demoted);
  for (i = 0; i < out->provenance.n_evidence; i++)
    ev[i] = out->provenance.evidence[i];
  ge = rv_worldgraph_add_semantic_state (e->graph, out->statement, out->penalized_coherence,
      now_ms, ev, out->provenance.n_evidence, out->provenance.model_version,
      out->provenance.calibration_version, out->provenance.privacy_decision, &room, 1,
      &out->semantic_id);
  if (ge == RV_WG_ERROR_NO_MEMORY)
    return RV_ENGINE_ERROR_NO_MEMORY;
  rv_worldgraph_prune_semantic_states (e->graph, e->cfg.semantic_retention);

  /* 7. witness */
  rv_witness_of (&out->provenance, eff, out->witness);

  /* 8. advisor */
  out->recalibration_recommended = rv_recal_advisor_observe (&e->advisor, q->base_coherence,
      cp || (out->mesh.present && out->mesh.at_risk));

  /* 9. */
  e->cycle++;
  return ge == RV_WG_OK ? RV_ENGINE_OK : RV_ENGINE_ERROR_UNKNOWN_NODE;
}

RvEngineError
rv_engine_process_cycle (RvEngine *e, const RvEngineFrame *frames, size_t n,
    uint64_t calibration_id, RvWorldId room, int64_t now_ms, RvTrustedOutput *out)
{
  size_t i;
  if (!e)
    return RV_ENGINE_ERROR_INVALID_ARGUMENT;
  if (n > e->cfg.max_nodes)
    return RV_ENGINE_ERROR_TOO_MANY_NODES;
  for (i = 0; i < n; i++) {
    e->cal_scratch[i].present = true;
    e->cal_scratch[i].id = calibration_id;
  }
  return rv_engine_process_cycle_calibrated (e, frames, n, e->cal_scratch, n, room, now_ms, out);
}

RvMultistaticError
rv_engine_last_fusion_error (const RvEngine *e)
{
  return e->last_fusion_error;
}

uint64_t
rv_engine_cycle_count (const RvEngine *e)
{
  return e->cycle;
}

RvWorldGraph *
rv_engine_graph (RvEngine *e)
{
  return e->graph;
}

const RvPrivacyRegistry *
rv_engine_privacy (const RvEngine *e)
{
  return &e->privacy;
}

RvPrivacyMode
rv_engine_mode (const RvEngine *e)
{
  return e->privacy.mode;
}

const RvEngineConfig *
rv_engine_config (const RvEngine *e)
{
  return &e->cfg;
}

void
rv_trusted_output_write_json (RvJsonWriter *w, const RvTrustedOutput *o, bool full)
{
  char hex[65];
  size_t i;
  rv_hex32 (o->witness, hex);
  rv_json_begin_object (w);
  rv_json_kv_string (w, "witness", hex);
  rv_json_kv_string (w, "effective_class", rv_privacy_class_name (o->effective_class));
  rv_json_kv_bool (w, "demoted", o->demoted);
  rv_json_kv_string (w, "statement", o->statement);
  rv_json_kv_f32 (w, "base_coherence", o->quality.base_coherence);
  rv_json_kv_f32 (w, "penalized_coherence", o->penalized_coherence);
  rv_json_key (w, "provenance");
  rv_json_begin_object (w);
  rv_json_key (w, "evidence");
  rv_json_begin_array (w);
  for (i = 0; i < o->provenance.n_evidence; i++)
    rv_json_string (w, o->provenance.evidence[i]);
  rv_json_end_array (w);
  rv_json_kv_string (w, "model_version", o->provenance.model_version);
  rv_json_kv_string (w, "calibration_version", o->provenance.calibration_version);
  rv_json_kv_string (w, "privacy_decision", o->provenance.privacy_decision);
  rv_json_end_object (w);
  rv_json_kv_u64 (w, "contradictions", o->quality.n_contradictions);
  rv_json_key (w, "mesh");
  if (o->mesh.present) {
    rv_json_begin_object (w);
    rv_json_kv_f64 (w, "cut", o->mesh.cut);
    rv_json_key (w, "weak_side");
    rv_json_begin_array (w);
    for (i = 0; i < o->mesh.n_weak; i++)
      rv_json_u64 (w, o->mesh.weak_side[i]);
    rv_json_end_array (w);
    rv_json_kv_bool (w, "at_risk", o->mesh.at_risk);
    rv_json_kv_u64 (w, "updates", o->mesh.updates);
    rv_json_end_object (w);
  } else {
    rv_json_null (w);
  }
  rv_json_kv_bool (w, "change_point", o->change_point);
  rv_json_kv_u64 (w, "diverging_links", o->diverging_links);
  rv_json_kv_bool (w, "recalibration_recommended", o->recalibration_recommended);
  rv_json_kv_u64 (w, "semantic_id", o->semantic_id);
  rv_json_key (w, "array");
  if (o->directional) {
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "admitted", o->array_admitted);
    rv_json_kv_u64 (w, "contradictions", o->array_contradictions);
    rv_json_end_object (w);
  } else {
    rv_json_null (w);
  }
  if (full) {
    rv_json_key (w, "weights");
    rv_json_begin_array (w);
    for (i = 0; i < o->quality.n_weights; i++)
      rv_json_f32 (w, o->quality.per_node_weights[i]);
    rv_json_end_array (w);
  }
  rv_json_end_object (w);
}
