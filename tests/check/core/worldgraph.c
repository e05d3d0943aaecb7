/* libruview: WorldGraph storage semantics (engine.md §4.10, §11) and the
 * mesh partition guard (§4.7, §11). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "ruview/mesh_guard.h"
#include "ruview/worldgraph.h"

static RvWorldId
room (RvWorldGraph *g, const char *area)
{
  RvWgNode n;
  RvWorldId id;
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_ROOM;
  n.area_id = area;
  n.name = "R";
  n.bounds.v[2] = 5;
  n.bounds.v[3] = 4;
  fail_unless_equals_int (rv_worldgraph_upsert_node (g, &n, &id), RV_WG_OK);
  return id;
}

GST_START_TEST (test_upsert_edges_queries)
{
  RvWorldGraph *g = rv_worldgraph_new ();
  RvWgNode n;
  RvWgEdge e;
  RvWorldId r, s, p, id, out[8];
  const char *ev[2] = { "ev0", "ev1" };

  r = room (g, "kitchen");
  fail_unless_equals_int (r, 1);
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_SENSOR;
  n.text = "esp32";
  rv_worldgraph_upsert_node (g, &n, &s);
  fail_unless_equals_int (s, 2);
  /* replace in place */
  n.id = s;
  n.text = "esp32-b";
  rv_worldgraph_upsert_node (g, &n, &id);
  fail_unless_equals_int (id, s);
  fail_unless_equals_int (rv_worldgraph_node_count (g), 2);
  fail_unless_equals_string (rv_worldgraph_get (g, s)->text, "esp32-b");
  /* explicit id bumps next_id */
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_PERSON_TRACK;
  n.id = 10;
  rv_worldgraph_upsert_node (g, &n, &p);
  fail_unless_equals_int (rv_worldgraph_next_id (g), 11);

  memset (&e, 0, sizeof e);
  e.kind = RV_WG_OBSERVES;
  e.f = 1.0f;
  fail_unless_equals_int (rv_worldgraph_add_edge (g, s, p, &e), RV_WG_OK);
  fail_unless_equals_int (rv_worldgraph_add_edge (g, s, 999, &e), RV_WG_ERROR_UNKNOWN_NODE);
  e.kind = RV_WG_LOCATED_IN;
  rv_worldgraph_add_edge (g, p, r, &e);
  fail_unless (rv_worldgraph_find_area (g, "kitchen") == r);
  fail_unless (rv_worldgraph_find_area (g, "nowhere") == 0);
  fail_unless_equals_int (rv_worldgraph_observed_by (g, p, out, 8), 1);
  fail_unless (out[0] == s);
  fail_unless_equals_int (rv_worldgraph_contents_of (g, r, out, 8), 1);
  fail_unless (out[0] == p);

  /* semantic state with DerivedFrom and a retained contradiction */
  fail_unless_equals_int (rv_worldgraph_add_semantic_state (g, "belief", 0.5f, 10, ev, 2, "m",
          "cal:none", "PrivateHome/Anonymous", &r, 1, &id), RV_WG_OK);
  memset (&e, 0, sizeof e);
  e.kind = RV_WG_CONTRADICTS;
  e.f = 0.3f;
  e.text = "TimestampMismatch";
  rv_worldgraph_add_edge (g, id, r, &e);
  fail_unless_equals_int (rv_worldgraph_edge_count (g), 4);
  rv_worldgraph_free (g);
}
GST_END_TEST;

GST_START_TEST (test_pruning)
{
  RvWorldGraph *g = rv_worldgraph_new ();
  RvWorldId r = room (g, "a"), ids[10], id;
  int i;
  for (i = 0; i < 10; i++) {
    rv_worldgraph_add_semantic_state (g, "s", 1.0f, 100 + i, NULL, 0, "m", "c", "d", &r, 1,
        &ids[i]);
  }
  fail_unless_equals_int (rv_worldgraph_prune_semantic_states (g, 20), 0);
  fail_unless_equals_int (rv_worldgraph_prune_semantic_states (g, 3), 7);
  for (i = 0; i < 7; i++)
    fail_unless (rv_worldgraph_get (g, ids[i]) == NULL);
  for (i = 7; i < 10; i++)
    fail_unless (rv_worldgraph_get (g, ids[i]) != NULL);
  fail_unless (rv_worldgraph_get (g, r) != NULL);
  fail_unless_equals_int (rv_worldgraph_node_count (g), 4);
  /* equal timestamps: ties by id */
  rv_worldgraph_add_semantic_state (g, "t", 1.0f, 5, NULL, 0, "m", "c", "d", &r, 1, &id);
  rv_worldgraph_add_semantic_state (g, "t", 1.0f, 5, NULL, 0, "m", "c", "d", &r, 1, NULL);
  rv_worldgraph_prune_semantic_states (g, 4);
  fail_unless (rv_worldgraph_get (g, id) == NULL);
  fail_unless (rv_worldgraph_get (g, id + 1) != NULL);
  rv_worldgraph_free (g);
}
GST_END_TEST;

/* events: our retention (the spec never prunes them) */
GST_START_TEST (test_event_pruning)
{
  RvWorldGraph *g = rv_worldgraph_new ();
  RvWorldId r = room (g, "a"), ids[10], s;
  RvWgNode ev;
  RvWgEdge ed;
  int i;

  memset (&ev, 0, sizeof ev);
  memset (&ed, 0, sizeof ed);
  ev.kind = RV_WG_EVENT;
  ev.text = "baseline_topology_change";
  ev.ref_a = r;
  ed.kind = RV_WG_LOCATED_IN;
  rv_worldgraph_add_semantic_state (g, "s", 1.0f, 1, NULL, 0, "m", "c", "d", &r, 1, &s);
  for (i = 0; i < 10; i++) {
    /* out of time order: pruning goes by (time, id), not insertion */
    ev.t_ms = i == 4 ? 50 : 100 + i;
    fail_unless_equals_int (rv_worldgraph_upsert_node (g, &ev, &ids[i]), RV_WG_OK);
    rv_worldgraph_add_edge (g, ids[i], r, &ed);
  }
  fail_unless_equals_int (rv_worldgraph_event_count (g), 10);
  fail_unless_equals_int (rv_worldgraph_edge_count (g), 11);
  fail_unless_equals_int (rv_worldgraph_prune_events (g, 10), 0);
  fail_unless_equals_int (rv_worldgraph_prune_events (g, 3), 7);
  fail_unless_equals_int (rv_worldgraph_event_count (g), 3);
  for (i = 0; i < 10; i++)
    fail_unless ((rv_worldgraph_get (g, ids[i]) != NULL) == (i >= 7), "event %d", i);
  /* their edges went with them; the belief and its edge stay */
  fail_unless_equals_int (rv_worldgraph_edge_count (g), 4);
  fail_unless (rv_worldgraph_get (g, s) != NULL);
  fail_unless_equals_int (rv_worldgraph_semantic_count (g), 1);
  fail_unless_equals_int (rv_worldgraph_prune_semantic_states (g, 0), 1);
  fail_unless_equals_int (rv_worldgraph_event_count (g), 3);
  /* an upsert that moves an event in time re-orders it */
  ev.id = ids[9];
  ev.t_ms = 0;
  rv_worldgraph_upsert_node (g, &ev, NULL);
  rv_worldgraph_prune_events (g, 2);
  fail_unless (rv_worldgraph_get (g, ids[9]) == NULL);
  fail_unless (rv_worldgraph_get (g, ids[7]) != NULL);
  rv_worldgraph_free (g);
}
GST_END_TEST;

static bool
deny_tracks (void *u, RvWgNodeKind k)
{
  return k != RV_WG_PERSON_TRACK;
}

GST_START_TEST (test_privacy_rollup_and_roundtrip)
{
  RvWorldGraph *g = rv_worldgraph_new (), *g2;
  RvWgNode n;
  RvWgEdge e;
  RvWorldId r = room (g, "a"), s, p, supp[4], den[4][2];
  RvWgPrivacyRollup ro;
  char buf[8192], buf2[8192];
  size_t len;
  RvWgError err;

  memset (&n, 0, sizeof n);
  n.kind = RV_WG_SENSOR;
  n.text = "s\"1\n";
  rv_worldgraph_upsert_node (g, &n, &s);
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_PERSON_TRACK;
  n.u = 3;
  rv_worldgraph_upsert_node (g, &n, &p);
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_ZONE;
  n.name = "z";
  n.ref_a = r;
  n.bounds.shape = RV_SHAPE_POLYGON;
  n.bounds.n_vertices = 3;
  n.bounds.vertices[1][0] = 1.5;
  n.bounds.vertices[2][1] = 1e-7;
  rv_worldgraph_upsert_node (g, &n, NULL);
  memset (&e, 0, sizeof e);
  e.kind = RV_WG_OBSERVES;
  e.f = 1.0f;
  rv_worldgraph_add_edge (g, s, r, &e);
  rv_worldgraph_add_edge (g, s, p, &e);
  fail_unless_equals_int (rv_worldgraph_apply_privacy_mode (g, "StrictNoIdentity",
          "SuppressIdentity", deny_tracks, NULL, den, 4, supp, 4, &ro), RV_WG_OK);
  fail_unless_equals_int (ro.allowed_pairs, 1);
  fail_unless_equals_int (ro.n_denied, 1);
  fail_unless (den[0][0] == s && den[0][1] == p);
  fail_unless_equals_int (ro.n_suppressed, 1);
  fail_unless (supp[0] == p);

  len = rv_worldgraph_snapshot_json (g, buf, sizeof buf);
  fail_unless (len < sizeof buf);
  fail_unless (strstr (buf, "\"device_id\":\"s\\\"1\\n\"") != NULL, "%s", buf);
  fail_unless (strstr (buf, "[[0.0,0.0],[1.5,0.0],[0.0,1e-7]]") != NULL, "%s", buf);
  fail_unless (strstr (buf, "\"reid_embedding_ref\":null") != NULL);
  g2 = rv_worldgraph_from_json (buf, len, &err);
  fail_unless (g2 != NULL);
  rv_worldgraph_snapshot_json (g2, buf2, sizeof buf2);
  fail_unless_equals_string (buf2, buf);
  rv_worldgraph_free (g2);
  rv_worldgraph_free (g);
}
GST_END_TEST;

static void
observe (RvMeshGuard *g, const uint32_t *ids, size_t n, double c, RvMeshReport *r)
{
  double m[16 * 16];
  size_t i;
  for (i = 0; i < n * n; i++)
    m[i] = c;
  rv_mesh_guard_observe (g, ids, n, m, r);
}

GST_START_TEST (test_mesh_guard)
{
  RvMeshGuard *g = rv_mesh_guard_new (NULL, 128);
  RvMeshReport r;
  uint32_t ids[80];
  double m[16 * 16];
  size_t i, j;

  for (i = 0; i < 80; i++)
    ids[i] = (uint32_t) i;
  /* weak third node: (0,1) strong, (0,2)=(1,2)=0.05 */
  memset (m, 0, sizeof m);
  m[0 * 3 + 1] = 1.0;
  m[0 * 3 + 2] = 0.05;
  m[1 * 3 + 2] = 0.05;
  rv_mesh_guard_observe (g, ids, 3, m, &r);
  fail_unless (r.present && r.cut <= 0.13 && r.at_risk);
  fail_unless (r.n_weak == 1 && r.weak_side[0] == 2);
  /* strong 4-node mesh */
  observe (g, ids, 4, 0.25, &r);
  fail_unless (r.cut == 0.75 && !r.at_risk);
  /* 2 nodes never at risk; < 2 → none */
  observe (g, ids, 2, 0.001, &r);
  fail_unless (r.present && !r.at_risk);
  observe (g, ids, 1, 1.0, &r);
  fail_if (r.present);
  /* steady state 6 → 0 → 0 → 1 updates */
  observe (g, ids, 4, 0.3, &r);
  fail_unless_equals_int (r.updates, 6);
  observe (g, ids, 4, 0.3, &r);
  fail_unless_equals_int (r.updates, 0);
  observe (g, ids, 4, 0.3, &r);
  fail_unless_equals_int (r.updates, 0);
  for (i = 0; i < 16; i++)
    m[i] = 0.3;
  m[0 * 4 + 1] = 0.6;
  rv_mesh_guard_observe (g, ids, 4, m, &r);
  fail_unless_equals_int (r.updates, 1);
  /* join / drop rebuild */
  observe (g, ids, 3, 0.3, &r);
  fail_unless_equals_int (r.updates, 3);
  observe (g, ids, 4, 0.3, &r);
  fail_unless_equals_int (r.updates, 6);
  /* sub-quantum couplings → q = 1 each, cut > 0 and at risk */
  observe (g, ids, 4, 0.001, &r);
  fail_unless (r.cut > 0 && r.at_risk);
  /* exact-zero node */
  memset (m, 0, sizeof m);
  m[0 * 3 + 1] = 1.0;
  rv_mesh_guard_observe (g, ids, 3, m, &r);
  fail_unless (r.cut == 0.0 && r.n_weak == 1 && r.weak_side[0] == 2);
  /* deterministic cut bits */
  observe (g, ids, 4, 0.2, &r);
  {
    double c1 = r.cut;
    RvMeshGuard *g2 = rv_mesh_guard_new (NULL, 8);
    observe (g2, ids, 4, 0.2, &r);
    fail_unless (memcmp (&c1, &r.cut, sizeof c1) == 0);
    rv_mesh_guard_free (g2);
  }
  rv_mesh_guard_free (g);

  /* 70-node balanced mesh */
  g = rv_mesh_guard_new (NULL, 128);
  {
    double *big = g_malloc (70 * 70 * sizeof (double));
    for (i = 0; i < 70; i++)
      for (j = 0; j < 70; j++)
        big[i * 70 + j] = 0.5;
    rv_mesh_guard_observe (g, ids, 70, big, &r);
    fail_unless (r.present && r.cut > 0 && !r.at_risk);
    g_free (big);
  }
  rv_mesh_guard_free (g);
  fail_unless_equals_int (rv_mesh_quantize (-1.0), 0);
  fail_unless_equals_int (rv_mesh_quantize (0.0001), 1);
  fail_unless_equals_int (rv_mesh_quantize (0.33333337), 21);
}
GST_END_TEST;

static Suite *
worldgraph_suite (void)
{
  Suite *s = suite_create ("core-worldgraph");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_upsert_edges_queries);
  tcase_add_test (tc, test_pruning);
  tcase_add_test (tc, test_event_pruning);
  tcase_add_test (tc, test_privacy_rollup_and_roundtrip);
  tcase_add_test (tc, test_mesh_guard);
  return s;
}

GST_CHECK_MAIN (worldgraph);
