/* libruview: engine cycle (engine.md §4 and the §11 list), privacy modes and
 * attestation chain (§4.8), witness boundaries (§4.11), slot reuse and
 * change-point goldens (§4.14), bounded memory over 100 000 cycles. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <string.h>

#if RV_HAVE_BLAKE3
#include "ruview/engine.h"
#include "ruview/witness.h"

#define NSC 56

static float amp[NSC];
static float amp_s[NSC];

static void
fixture_amp (void)
{
  int i;
  for (i = 0; i < NSC; i++)
    amp[i] = 1.0f + 0.1f * (float) i;
}

static RvEngineFrame
node_frame (uint32_t id, uint64_t ts)
{
  RvEngineFrame f;
  memset (&f, 0, sizeof f);
  f.node_id = id;
  f.timestamp_us = ts;
  f.has_channel = true;
  f.amplitude = amp;
  f.n_bins = NSC;
  f.coherence = 0.9f;
  return f;
}

static RvEngine *
make_engine_mode (RvPrivacyMode mode, RvWorldId *room, RvWorldId *sensor)
{
  RvEngineConfig c;
  RvEngine *e;
  RvWorldId s;
  rv_engine_config_default (&c);
  c.mode = mode;
  e = rv_engine_new (&c, NULL);
  fail_unless (e != NULL);
  rv_engine_add_room (e, "living_room", "Living Room", room);
  rv_engine_add_sensor (e, "esp32-com9", *room, sensor ? sensor : &s);
  return e;
}

static RvEngine *
make_engine (RvWorldId *room)
{
  return make_engine_mode (RV_PRIVACY_MODE_PRIVATE_HOME, room, NULL);
}

static void
hex_of (const uint8_t h[32], char out[65])
{
  rv_hex32 (h, out);
}

/* ---- privacy ---- */

GST_START_TEST (test_privacy_tables_and_chain)
{
  RvPrivacyRegistry r;
  char hex[65];
  fail_unless_equals_int (rv_privacy_mode_target_class (RV_PRIVACY_MODE_RAW_RESEARCH), 0);
  fail_unless_equals_int (rv_privacy_mode_target_class (RV_PRIVACY_MODE_PRIVATE_HOME), 2);
  fail_unless_equals_int (rv_privacy_mode_target_class (RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS), 2);
  fail_unless_equals_int (rv_privacy_mode_target_class (RV_PRIVACY_MODE_CARE_WITH_CONSENT), 1);
  fail_unless_equals_int (rv_privacy_mode_target_class (RV_PRIVACY_MODE_STRICT_NO_IDENTITY), 3);
  fail_unless (rv_privacy_mode_allows_soul_signature (RV_PRIVACY_MODE_RAW_RESEARCH));
  fail_unless (rv_privacy_mode_allows_soul_signature (RV_PRIVACY_MODE_CARE_WITH_CONSENT));
  fail_if (rv_privacy_mode_allows_soul_signature (RV_PRIVACY_MODE_PRIVATE_HOME));
  fail_if (rv_privacy_mode_allows_soul_signature (RV_PRIVACY_MODE_STRICT_NO_IDENTITY));
  fail_unless (rv_privacy_mode_enforces (RV_PRIVACY_MODE_PRIVATE_HOME,
          RV_PRIVACY_ACTION_SUPPRESS_IDENTITY));
  fail_unless (rv_privacy_mode_enforces (RV_PRIVACY_MODE_PRIVATE_HOME, RV_PRIVACY_ACTION_DROP_RAW));
  fail_if (rv_privacy_mode_enforces (RV_PRIVACY_MODE_PRIVATE_HOME,
          RV_PRIVACY_ACTION_AGGREGATE_ONLY));
  fail_unless (rv_privacy_mode_enforces (RV_PRIVACY_MODE_ENTERPRISE_ANONYMOUS,
          RV_PRIVACY_ACTION_AGGREGATE_ONLY));
  fail_unless (rv_privacy_mode_enforces (RV_PRIVACY_MODE_STRICT_NO_IDENTITY,
          RV_PRIVACY_ACTION_REDUCE_RESOLUTION));
  fail_unless (rv_privacy_mode_enforces (RV_PRIVACY_MODE_RAW_RESEARCH, RV_PRIVACY_ACTION_ALLOW));
  fail_unless_equals_int (rv_privacy_demote_one (RV_PRIVACY_CLASS_RESTRICTED), 3);
  fail_unless_equals_int (rv_privacy_demote_one (RV_PRIVACY_CLASS_RAW), 1);

  fail_unless (rv_privacy_registry_init (&r, RV_PRIVACY_MODE_PRIVATE_HOME));
  hex_of (r.chain[0].hash, hex);
  fail_unless_equals_string (hex,
      "0a9ad085ce7092a539737058805a5ab58cc963a4207e7a5efeef05cb10a4068b");
  fail_unless_equals_int (rv_privacy_registry_active_class (&r), 2);
  fail_unless_equals_int (rv_privacy_registry_active_actions (&r), 0x0A);
  fail_unless (rv_privacy_registry_set_mode (&r, RV_PRIVACY_MODE_STRICT_NO_IDENTITY));
  hex_of (r.chain[1].hash, hex);
  fail_unless_equals_string (hex,
      "20b12f6257dd82ef6e9be7051575e4a4df4b2e0be6c61979e9278098c43df58a");
  fail_unless (memcmp (r.chain[1].prev_hash, r.chain[0].hash, 32) == 0);
  fail_unless (rv_privacy_registry_verify_chain (&r));
  r.chain[1].mode = RV_PRIVACY_MODE_RAW_RESEARCH;        /* tamper */
  fail_if (rv_privacy_registry_verify_chain (&r));
  rv_privacy_registry_clear (&r);
}
GST_END_TEST;

GST_START_TEST (test_witness_boundaries)
{
  const char *ev1[1] = { "ev" }, *ev2[2] = { "e1", "e2" }, *ev3[1] = { "e1" };
  uint8_t a[32], b[32];
  char ha[65], hb[65];
  rv_witness_compute (ev1, 1, "rfenc-v1+adapter:X", "cal:00ab", "PrivateHome/Anonymous", 2, a);
  rv_witness_compute (ev1, 1, "rfenc-v1+adapter:Xcal:00a", "b", "PrivateHome/Anonymous", 2, b);
  hex_of (a, ha);
  hex_of (b, hb);
  fail_unless_equals_string (ha,
      "b234dfb2e9987352cd208ea5461467bb60c5c134ab9f3bd855073731f9dcc813");
  fail_unless_equals_string (hb,
      "d0692d6819f6d6aea47c8c01141c495028e455f161cd75e071786a3fa2479b4f");
  rv_witness_compute (ev2, 2, "m", "cal:1", "PrivateHome/Anonymous", 2, a);
  rv_witness_compute (ev3, 1, "e2\x1fm", "cal:1", "PrivateHome/Anonymous", 2, b);
  hex_of (a, ha);
  hex_of (b, hb);
  fail_unless_equals_string (ha,
      "7fe72d3649a2b89075dab15b8c259bb32be26b533335db738490512c478cadaa");
  fail_unless_equals_string (hb,
      "c9f5b08e4ac0b585eff65644b18c553fba7ed0c436819e1aca1090d641b99168");
  rv_witness_compute (NULL, 0, "", "", "", 0, a);
  hex_of (a, ha);
  fail_unless_equals_string (ha,
      "be26209bb445be7ccf1439364ec0468e171512922abe9e682c60c31a1c7dd475");
}
GST_END_TEST;

/* ---- engine ---- */

GST_START_TEST (test_full_provenance_and_determinism)
{
  RvEngine *e, *e2;
  RvWorldId room, from[16], to[16];
  RvWgEdge ed[16];
  RvTrustedOutput o, o2;
  RvEngineFrame f[2];
  size_t n, i;
  bool found = false;

  fixture_amp ();
  e = make_engine (&room);
  e2 = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 0xABCD1234u, room, 1, &o),
      RV_ENGINE_OK);
  fail_unless_equals_string (o.provenance.calibration_version, "cal:00000000abcd1234");
  fail_unless_equals_string (o.provenance.model_version, "rfenc-v1");
  fail_unless (strncmp (o.provenance.privacy_decision, "PrivateHome/", 12) == 0);
  fail_unless (o.provenance.n_evidence > 0);
  fail_unless_equals_int (o.effective_class, RV_PRIVACY_CLASS_ANONYMOUS);
  n = rv_worldgraph_edges (rv_engine_graph (e), from, to, ed, 16);
  for (i = 0; i < n; i++)
    if (ed[i].kind == RV_WG_DERIVED_FROM && from[i] == o.semantic_id && to[i] == room)
      found = true;
  fail_unless (found);
  /* determinism across two engines */
  rv_engine_process_cycle (e2, f, 2, 0xABCD1234u, room, 1, &o2);
  fail_unless_equals_string (o.provenance.calibration_version, o2.provenance.calibration_version);
  fail_unless_equals_string (o.provenance.evidence[0], o2.provenance.evidence[0]);
  fail_unless_equals_int (o.effective_class, o2.effective_class);
  fail_unless (memcmp (o.quality.per_node_weights, o2.quality.per_node_weights,
          2 * sizeof (float)) == 0);
  fail_unless (memcmp (o.witness, o2.witness, 32) == 0);
  rv_engine_free (e);
  rv_engine_free (e2);

  /* 25 ms spread demotes to Restricted, penalized ≤ base */
  e = make_engine (&room);
  f[1] = node_frame (1, 26000);
  rv_engine_process_cycle (e, f, 2, 7, room, 1, &o);
  fail_unless_equals_int (o.effective_class, RV_PRIVACY_CLASS_RESTRICTED);
  fail_unless (o.demoted);
  fail_unless (o.penalized_coherence <= o.quality.base_coherence);
  rv_engine_free (e);
}
GST_END_TEST;

GST_START_TEST (test_adapter_and_advisor)
{
  RvEngine *e;
  RvWorldId room;
  RvTrustedOutput o;
  RvEngineFrame f[2];
  uint8_t base[32], w1[32];
  RvRecalAdvisor a;
  int i;

  fixture_amp ();
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
  memcpy (base, o.witness, 32);
  fail_if (o.recalibration_recommended);
  rv_engine_set_room_adapter (e, "a1b2c3d4e5f60718", 100);
  rv_engine_process_cycle (e, f, 2, 1, room, 2, &o);
  fail_unless_equals_string (o.provenance.model_version, "rfenc-v1+adapter:a1b2c3d4e5f60718");
  fail_if (memcmp (o.witness, base, 32) == 0);
  memcpy (w1, o.witness, 32);
  rv_engine_set_room_adapter (e, "ffff000011112222", 5);
  rv_engine_process_cycle (e, f, 2, 1, room, 3, &o);
  fail_if (memcmp (o.witness, w1, 32) == 0);
  rv_engine_set_room_adapter (e, NULL, 0);
  rv_engine_process_cycle (e, f, 2, 1, room, 4, &o);
  fail_unless (memcmp (o.witness, base, 32) == 0);
  /* healthy cycles never recommend */
  for (i = 0; i < 100; i++) {
    rv_engine_process_cycle (e, f, 2, 1, room, 10 + i, &o);
    fail_if (o.recalibration_recommended);
  }
  rv_engine_free (e);

  rv_recal_advisor_init (&a, 0.5f, 3);
  fail_if (rv_recal_advisor_observe (&a, 0.1f, false));
  fail_if (rv_recal_advisor_observe (&a, 0.1f, false));
  fail_unless (rv_recal_advisor_observe (&a, 0.1f, false));
  fail_if (rv_recal_advisor_observe (&a, 0.9f, false));     /* recovery resets */
  fail_if (rv_recal_advisor_observe (&a, 0.1f, false));
  fail_unless (rv_recal_advisor_observe (&a, 0.9f, true));  /* change point fires now */
}
GST_END_TEST;

GST_START_TEST (test_mesh_in_engine)
{
  RvEngine *e;
  RvWorldId room;
  RvTrustedOutput o;
  RvEngineFrame f[3];
  uint8_t w0[32];

  fixture_amp ();
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
  fail_unless (o.mesh.present && !o.mesh.at_risk && o.mesh.cut == 0.5);
  rv_engine_free (e);

  e = make_engine (&room);
  f[2] = node_frame (2, 1002);
  rv_engine_process_cycle (e, f, 3, 8, room, 1, &o);
  fail_unless (!o.mesh.at_risk && o.effective_class == RV_PRIVACY_CLASS_ANONYMOUS);
  memcpy (w0, o.witness, 32);
  rv_engine_set_mesh_risk_threshold (e, 1.0);
  rv_engine_process_cycle (e, f, 3, 8, room, 2, &o);
  fail_unless_equals_int (o.mesh.updates, 0);
  fail_unless (o.mesh.at_risk);
  fail_unless (o.recalibration_recommended);
  fail_unless (o.demoted && o.effective_class == RV_PRIVACY_CLASS_RESTRICTED);
  fail_if (memcmp (o.witness, w0, 32) == 0);
  rv_engine_free (e);
}
GST_END_TEST;

GST_START_TEST (test_retention_and_slot_reuse)
{
  RvEngine *e;
  RvWorldId room, ids[16], from[16], to[16];
  RvWgEdge ed[16];
  RvTrustedOutput o;
  RvEngineFrame f[2];
  size_t n;
  int i;

  fixture_amp ();
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  /* retention 5 keeps node count ≤ 7 over 20 cycles */
  e = make_engine (&room);
  rv_engine_set_semantic_retention (e, 5);
  for (i = 0; i < 20; i++) {
    rv_engine_process_cycle (e, f, 2, 1, room, 100 + i, &o);
    fail_unless (rv_worldgraph_node_count (rv_engine_graph (e)) <= 7);
  }
  fail_unless (rv_worldgraph_get (rv_engine_graph (e), o.semantic_id) != NULL);
  fail_unless (rv_worldgraph_get (rv_engine_graph (e), room) != NULL);
  rv_engine_free (e);

  /* slot-reuse golden: retention 2, four cycles at now 1..4 */
  e = make_engine (&room);
  rv_engine_set_semantic_retention (e, 2);
  for (i = 1; i <= 4; i++)
    rv_engine_process_cycle (e, f, 2, 42, room, i, &o);
  n = rv_worldgraph_node_ids (rv_engine_graph (e), ids, 16);
  fail_unless_equals_int (n, 4);
  fail_unless (ids[0] == 1 && ids[1] == 2 && ids[2] == 6 && ids[3] == 5,
      "order %llu %llu %llu %llu", (unsigned long long) ids[0], (unsigned long long) ids[1],
      (unsigned long long) ids[2], (unsigned long long) ids[3]);
  n = rv_worldgraph_edges (rv_engine_graph (e), from, to, ed, 16);
  fail_unless_equals_int (n, 3);
  fail_unless (from[0] == 2 && to[0] == 1 && ed[0].kind == RV_WG_OBSERVES);
  fail_unless (from[1] == 6 && to[1] == 1 && ed[1].kind == RV_WG_DERIVED_FROM);
  fail_unless (from[2] == 5 && to[2] == 1 && ed[2].kind == RV_WG_DERIVED_FROM);
  fail_unless_equals_int (rv_worldgraph_next_id (rv_engine_graph (e)), 7);
  rv_engine_free (e);
}
GST_END_TEST;

GST_START_TEST (test_geometry_and_change_point)
{
  RvEngine *e;
  RvWorldId room, ids[64];
  RvTrustedOutput o;
  RvEngineFrame f[2];
  int i, k, events = 0;
  size_t n;

  fixture_amp ();
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  e = make_engine (&room);
  rv_engine_register_node_geometry (e, 0, 0, 0, 0.0f);
  rv_engine_register_node_geometry (e, 1, 1, 0, 3.14159265f);
  rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
  fail_unless (o.directional);
  fail_unless_equals_int (o.array_admitted, 2);
  fail_unless_equals_int (o.array_contradictions, 0);
  fail_unless (fabsf (o.quality.per_node_weights[0] + o.quality.per_node_weights[1] - 1.0f)
      < 1e-6f);
  fail_if (o.demoted);
  rv_engine_free (e);

  e = make_engine (&room);
  rv_engine_register_node_geometry (e, 0, 0, 0, 0.0f);
  rv_engine_register_node_geometry (e, 1, 1, 0, 0.01f);
  rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
  fail_unless (o.array_contradictions >= 1);
  fail_unless_equals_int (o.effective_class, RV_PRIVACY_CLASS_RESTRICTED);
  rv_engine_free (e);

  /* change point: 30 jittered cycles, then ×1.6 */
  e = make_engine (&room);
  f[0].amplitude = amp_s;
  f[1].amplitude = amp_s;
  for (i = 0; i < 31; i++) {
    float s = i == 30 ? 1.6f : (i % 2 == 0 ? 0.99f : 1.01f);
    for (k = 0; k < NSC; k++)
      amp_s[k] = amp[k] * s;
    rv_engine_process_cycle (e, f, 2, 1, room, 1000 + i, &o);
    if (i < 30)
      fail_if (o.change_point, "cycle %d", i);
  }
  fail_unless (o.change_point);
  fail_unless_equals_int (o.diverging_links, 2);
  fail_unless (o.recalibration_recommended);
  n = rv_worldgraph_node_ids (rv_engine_graph (e), ids, 64);
  for (i = 0; i < (int) n; i++) {
    const RvWgNode *nd = rv_worldgraph_get (rv_engine_graph (e), ids[i]);
    if (nd->kind == RV_WG_EVENT) {
      events++;
      fail_unless_equals_string (nd->text, "baseline_topology_change");
      fail_unless (nd->ref_a == room);
    }
  }
  fail_unless_equals_int (events, 1);
  rv_engine_free (e);
}
GST_END_TEST;

/* Our event retention: change points go on, the graph keeps only the
 * newest events (the spec keeps them all). */
GST_START_TEST (test_event_retention)
{
  RvEngine *e;
  RvWorldId room, last[3] = { 0, 0, 0 };
  RvTrustedOutput o;
  RvEngineFrame f[2];
  int i, k, cps = 0;
  float level = 1.0f;

  fixture_amp ();
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  f[0].amplitude = amp_s;
  f[1].amplitude = amp_s;
  e = make_engine (&room);
  rv_engine_set_event_retention (e, 3);
  /* 30 jittered cycles, then a step up; again and again */
  for (i = 0; i < 31 * 8; i++) {
    float s;
    if (i % 31 == 30)
      level *= 1.6f;
    s = level * (i % 31 == 30 ? 1.0f : (i % 2 == 0 ? 0.99f : 1.01f));
    for (k = 0; k < NSC; k++)
      amp_s[k] = amp[k] * s;
    fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 1, room, 1000 + i, &o),
        RV_ENGINE_OK);
    if (o.change_point) {
      fail_unless (o.change_event_id != 0);
      last[cps % 3] = o.change_event_id;
      cps++;
    }
  }
  fail_unless (cps > 3, "%d change points", cps);
  fail_unless_equals_int (rv_worldgraph_event_count (rv_engine_graph (e)), 3);
  for (k = 0; k < 3; k++)
    fail_unless (rv_worldgraph_get (rv_engine_graph (e), last[k]) != NULL);
  /* room, sensor, beliefs (all 248 kept) and the three events */
  fail_unless_equals_int (rv_worldgraph_node_count (rv_engine_graph (e)),
      2 + 31 * 8 + 3);
  rv_engine_free (e);
}
GST_END_TEST;

GST_START_TEST (test_modes_privacy_and_reload)
{
  RvEngine *e;
  RvWorldId room, sensor, supp[4], ids[16];
  RvTrustedOutput o;
  RvEngineFrame f[2];
  RvWgPrivacyRollup r;
  RvMaybeCalibrationId cals[2] = { {true, 1}, {true, 2} };
  int m;
  char *buf, *buf2;
  size_t n, n2;
  RvWorldGraph *g2;
  RvWgError ge;

  fixture_amp ();
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  for (m = 0; m < RV_PRIVACY_N_MODES; m++) {
    RvPrivacyClass base = rv_privacy_mode_target_class ((RvPrivacyMode) m);
    e = make_engine_mode ((RvPrivacyMode) m, &room, NULL);
    rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
    fail_unless_equals_int (o.effective_class, base);
    rv_engine_process_cycle_calibrated (e, f, 2, cals, 2, room, 2, &o);
    if (base == RV_PRIVACY_CLASS_RESTRICTED) {
      fail_unless_equals_int (o.effective_class, base);
    } else {
      fail_unless (o.effective_class > base);
    }
    rv_engine_free (e);
  }

  /* mode switch is attested and emits Restricted */
  e = make_engine (&room);
  rv_engine_set_privacy_mode (e, RV_PRIVACY_MODE_STRICT_NO_IDENTITY);
  fail_unless_equals_int (rv_engine_privacy (e)->n_chain, 2);
  fail_unless (rv_privacy_registry_verify_chain (rv_engine_privacy (e)));
  rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
  fail_unless_equals_int (o.effective_class, RV_PRIVACY_CLASS_RESTRICTED);
  rv_engine_free (e);

  /* StrictNoIdentity + person track → rollup suppresses the track */
  e = make_engine_mode (RV_PRIVACY_MODE_STRICT_NO_IDENTITY, &room, &sensor);
  {
    RvWorldId pt;
    fail_unless_equals_int (rv_engine_update_person_track (e, 7, 1.5f, 2.5f, room, sensor, &pt),
        RV_ENGINE_OK);
    rv_engine_process_cycle (e, f, 2, 1, room, 1, &o);
    fail_unless_equals_int (rv_engine_apply_privacy_rollup (e, supp, 4, &r), RV_ENGINE_OK);
    fail_unless_equals_int (r.n_suppressed, 1);
    fail_unless (supp[0] == pt);
    fail_unless_equals_int (r.allowed_pairs, 1);
  }
  n = rv_worldgraph_snapshot_json (rv_engine_graph (e), NULL, 0);
  buf = g_malloc (n + 1);
  rv_worldgraph_snapshot_json (rv_engine_graph (e), buf, n + 1);
  fail_unless (strstr (buf, "\"amplitude\"") == NULL && strstr (buf, "\"data\"") == NULL);
  fail_unless (strstr (buf, "privacy_limited_by") != NULL);
  /* reload */
  g2 = rv_worldgraph_from_json (buf, n, &ge);
  fail_unless (g2 != NULL, "%s", rv_wg_error_str (ge));
  fail_unless_equals_int (rv_worldgraph_node_count (g2),
      rv_worldgraph_node_count (rv_engine_graph (e)));
  fail_unless (rv_worldgraph_find_area (g2, "living_room") == room);
  fail_unless_equals_int (rv_worldgraph_contents_of (g2, room, ids, 16),
      rv_worldgraph_contents_of (rv_engine_graph (e), room, NULL, 0));
  n2 = rv_worldgraph_snapshot_json (g2, NULL, 0);
  buf2 = g_malloc (n2 + 1);
  rv_worldgraph_snapshot_json (g2, buf2, n2 + 1);
  fail_unless_equals_string (buf2, buf);
  g_free (buf);
  g_free (buf2);
  rv_worldgraph_free (g2);
  rv_engine_free (e);
}
GST_END_TEST;

GST_START_TEST (test_reflectors_to_anchor)
{
  RvEngine *e;
  RvWorldId room, w[4];
  RvReflectorObservation ob[8];
  RvRfSlam s;
  const uint64_t day = 86400000000000ull;
  size_t n;
  int i;
  const RvWgNode *nd;

  /* 8 tight sightings over a day → one Wall anchor → ObjectAnchor */
  e = make_engine (&room);
  for (i = 0; i < 8; i++) {
    memset (&ob[i], 0, sizeof ob[i]);
    ob[i].position[0] = 3.0 + (i % 2 == 0 ? 0.005 : -0.005);
    ob[i].position[1] = 1.0;
    ob[i].coherence = 0.9f;
    ob[i].at_ns = (uint64_t) i * (day / 8);
  }
  n = rv_engine_ingest_reflectors (e, ob, 8, w, 4);
  fail_unless_equals_int (n, 1);
  nd = rv_worldgraph_get (rv_engine_graph (e), w[0]);
  fail_unless (nd != NULL && nd->kind == RV_WG_OBJECT_ANCHOR);
  fail_unless_equals_int (nd->anchor_kind, RV_ANCHOR_REFLECTOR);
  fail_unless (nd->f == 0.9f);
  fail_unless (fabs (nd->p_a.east_m - 3.0) < 0.01);
  rv_engine_free (e);

  /* RF-SLAM unit checks (ADR-143) */
  rv_rf_slam_init (&s, 16, false, 0.5, 20, 0.6f);
  fail_if (rv_rf_slam_observe (&s, &ob[0]));
  rv_rf_slam_clear (&s);
  rv_rf_slam_init (&s, 16, true, 0.5, 3, 0.6f);
  ob[0].coherence = 0.3f;
  fail_if (rv_rf_slam_observe (&s, &ob[0]));
  ob[0].coherence = 0.9f;
  for (i = 0; i < 5; i++) {
    RvReflectorObservation a = ob[0], b = ob[0];
    a.position[0] = 0.0;
    b.position[0] = 5.0;
    b.position[1] = 5.0;
    rv_rf_slam_observe (&s, &a);
    rv_rf_slam_observe (&s, &b);
  }
  fail_unless_equals_int (rv_rf_slam_persistent_count (&s), 2);
  rv_rf_slam_clear (&s);
  /* a reflector marching ~10 m/day is Mobile: tracked, not anchored */
  rv_rf_slam_init (&s, 16, true, 50.0, 5, 0.6f);
  for (i = 0; i < 10; i++) {
    RvReflectorObservation a = ob[0];
    a.position[0] = (double) i;
    a.position[1] = 0.0;
    a.at_ns = (uint64_t) i * (day / 10);
    rv_rf_slam_observe (&s, &a);
  }
  fail_unless_equals_int (rv_rf_slam_persistent_count (&s), 1);
  fail_unless_equals_int (rv_rf_slam_static_anchors (&s, 0.05, 1.0, NULL, NULL, 0), 0);
  fail_unless_equals_int (rv_reflector_classify (&s.r[0], 0.05, 1.0), RV_REFLECTOR_MOBILE);
  rv_rf_slam_clear (&s);
}
GST_END_TEST;

GST_START_TEST (test_errors_do_not_mutate)
{
  RvEngine *e;
  RvWorldId room;
  RvTrustedOutput o;
  RvEngineFrame f[2];
  size_t nodes;
  float short_amp[30];

  fixture_amp ();
  e = make_engine (&room);
  nodes = rv_worldgraph_node_count (rv_engine_graph (e));
  fail_unless_equals_int (rv_engine_process_cycle (e, NULL, 0, 1, room, 1, &o),
      RV_ENGINE_ERROR_FUSION);
  fail_unless_equals_int (rv_engine_last_fusion_error (e), RV_MULTISTATIC_ERROR_NO_FRAMES);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 100000);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 1, room, 1, &o),
      RV_ENGINE_ERROR_FUSION);
  memset (short_amp, 0, sizeof short_amp);
  f[1] = node_frame (1, 1001);
  f[1].amplitude = short_amp;
  f[1].n_bins = 30;
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 1, room, 1, &o),
      RV_ENGINE_ERROR_FUSION);
  fail_unless_equals_int (rv_engine_last_fusion_error (e),
      RV_MULTISTATIC_ERROR_DIMENSION_MISMATCH);
  f[1] = node_frame (1, 1001);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 1, 999, 1, &o),
      RV_ENGINE_ERROR_UNKNOWN_NODE);
  fail_unless_equals_int (rv_engine_cycle_count (e), 0);
  fail_unless_equals_int (rv_worldgraph_node_count (rv_engine_graph (e)), nodes);
  rv_engine_free (e);
}
GST_END_TEST;

GST_START_TEST (test_bounded_memory)
{
  RvEngine *e;
  RvWorldId room;
  RvTrustedOutput o;
  RvEngineFrame f[4];
  const size_t retention = 7200;
  int i;

  fixture_amp ();
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  f[2] = node_frame (2, 1002);
  f[3] = node_frame (3, 1003);
  for (i = 0; i < 100000; i++) {
    fail_unless_equals_int (rv_engine_process_cycle (e, f, 4, 1, room, i, &o), RV_ENGINE_OK);
    if (i % 5000 == 0 || i == 99999)
      fail_unless (rv_worldgraph_node_count (rv_engine_graph (e)) <= retention + 2);
  }
  fail_unless_equals_int (rv_worldgraph_node_count (rv_engine_graph (e)), retention + 2);
  fail_unless_equals_int (rv_worldgraph_semantic_count (rv_engine_graph (e)), retention);
  fail_unless_equals_int (rv_worldgraph_edge_count (rv_engine_graph (e)), retention + 1);
  fail_unless_equals_int (rv_engine_cycle_count (e), 100000);
  rv_engine_free (e);
}
GST_END_TEST;
#endif

static Suite *
engine_suite (void)
{
  Suite *s = suite_create ("core-engine");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
#if RV_HAVE_BLAKE3
  tcase_add_test (tc, test_privacy_tables_and_chain);
  tcase_add_test (tc, test_witness_boundaries);
  tcase_add_test (tc, test_full_provenance_and_determinism);
  tcase_add_test (tc, test_adapter_and_advisor);
  tcase_add_test (tc, test_mesh_in_engine);
  tcase_add_test (tc, test_retention_and_slot_reuse);
  tcase_add_test (tc, test_geometry_and_change_point);
  tcase_add_test (tc, test_event_retention);
  tcase_add_test (tc, test_modes_privacy_and_reload);
  tcase_add_test (tc, test_reflectors_to_anchor);
  tcase_add_test (tc, test_errors_do_not_mutate);
  tcase_add_test (tc, test_bounded_memory);
#else
  printf ("SKIP: BLAKE3 not available, engine not built\n");
#endif
  return s;
}

GST_CHECK_MAIN (engine);
