/* libruview: the engine witness goldens of engine.md §4.14 — scenarios A–F
 * and G0, each printed; the witness preimage of A; the snapshot JSON of A
 * byte for byte and its BLAKE3. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <string.h>

#if RV_HAVE_BLAKE3
#include "blake3.h"
#include "ruview/engine.h"
#include "ruview/witness.h"

#define NSC 56

static float amp[NSC];

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
make_engine (RvWorldId *room)
{
  RvEngine *e = rv_engine_new (NULL, NULL);
  RvWorldId sensor;
  fail_unless (e != NULL);
  fail_unless_equals_int (rv_engine_add_room (e, "living_room", "Living Room", room),
      RV_ENGINE_OK);
  fail_unless_equals_int (rv_engine_add_sensor (e, "esp32-com9", *room, &sensor),
      RV_ENGINE_OK);
  return e;
}

static uint32_t
fbits (float v)
{
  uint32_t b;
  memcpy (&b, &v, 4);
  return b;
}

static void
check (const char *name, const RvTrustedOutput *o, uint32_t wbits, size_t nw, int cls,
    const char *hex_want)
{
  char hex[65];
  size_t i;
  rv_hex32 (o->witness, hex);
  printf ("scenario %s: class %d witness %s\n", name, (int) o->effective_class, hex);
  fail_unless_equals_int (o->quality.n_weights, nw);
  for (i = 0; i < nw; i++)
    fail_unless (fbits (o->quality.per_node_weights[i]) == wbits, "%s weight %zu = %08x",
        name, i, fbits (o->quality.per_node_weights[i]));
  fail_unless_equals_int (o->effective_class, cls);
  fail_unless_equals_string (hex, hex_want);
}

static const char snapshot_a[] =
    "{\"schema_version\":1,\"registration\":{\"origin\":{\"lat\":0.0,\"lon\":0.0,\"alt\":0.0},"
    "\"heading_deg\":0.0,\"scale\":1.0},\"next_id\":4,\"nodes\":[{\"kind\":\"room\",\"id\":1,"
    "\"area_id\":\"living_room\",\"name\":\"Living Room\",\"bounds_enu\":{\"shape\":\"rectangle\","
    "\"min_e\":0.0,\"min_n\":0.0,\"max_e\":5.0,\"max_n\":4.0},\"floor\":0},{\"kind\":\"sensor\","
    "\"id\":2,\"device_id\":\"esp32-com9\",\"position\":{\"east_m\":0.0,\"north_m\":0.0,"
    "\"up_m\":0.0},\"modality\":\"wifi_csi\"},{\"kind\":\"semantic_state\",\"id\":3,"
    "\"statement\":\"occupancy coherence=1.00 nodes=2 demoted=false\",\"confidence\":1.0,"
    "\"provenance\":{\"evidence\":[\"WeightEntropy { normalized_entropy: 1.0, n_nodes: 2 }\","
    "\"CoherenceGateThreshold { coherence: 1.0, threshold: 0.85 }\",\"CalibrationApplied { "
    "calibration_id: CalibrationId(42), n_frames: 2 }\"],\"model_version\":\"rfenc-v1\","
    "\"calibration_version\":\"cal:000000000000002a\",\"privacy_decision\":"
    "\"PrivateHome/Anonymous\"},\"valid_from_unix_ms\":5000}],\"edges\":[[2,1,{\"rel\":"
    "\"observes\",\"quality\":1.0,\"last_seen_unix_ms\":0}],[3,1,{\"rel\":\"derived_from\","
    "\"evidence\":\"WeightEntropy { normalized_entropy: 1.0, n_nodes: 2 }\"}]]}";

static const char preimage_a_hex[] =
    "7275766965772e656e67696e652e7769746e6573732e763103000000000000003500000000000000576569676874456e74726f7079207b206e6f726d616c697a65645f656e74726f70793a20312e302c206e5f6e6f6465733a2032207d3a00000000000000436f686572656e6365476174655468726573686f6c64207b20636f686572656e63653a20312e302c207468726573686f6c643a20302e3835207d450000000000000043616c6962726174696f6e4170706c696564207b2063616c6962726174696f6e5f69643a2043616c6962726174696f6e4964283432292c206e5f6672616d65733a2032207d08000000000000007266656e632d7631140000000000000063616c3a30303030303030303030303030303261150000000000000050726976617465486f6d652f416e6f6e796d6f757302";

GST_START_TEST (test_scenarios)
{
  RvEngine *e;
  RvWorldId room;
  RvTrustedOutput o;
  RvEngineFrame f[4];
  RvMaybeCalibrationId cals[2];

  fixture_amp ();

  /* A cycle_is_deterministic */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 42, room, 5000, &o), RV_ENGINE_OK);
  check ("A", &o, 0x3f000000u, 2, 2,
      "7e6c363ed5090c40c86e90836656485c7867907a76c9224990dddeb13acb38b8");
  fail_unless_equals_string (o.statement, "occupancy coherence=1.00 nodes=2 demoted=false");
  {
    uint8_t pre[512];
    char hex[1024];
    const char *ev[8];
    size_t n, i;
    for (i = 0; i < o.provenance.n_evidence; i++)
      ev[i] = o.provenance.evidence[i];
    n = rv_witness_preimage (pre, sizeof pre, ev, o.provenance.n_evidence,
        o.provenance.model_version, o.provenance.calibration_version,
        o.provenance.privacy_decision, (uint8_t) o.effective_class);
    fail_unless_equals_int (n, 310);
    for (i = 0; i < n; i++)
      sprintf (hex + 2 * i, "%02x", pre[i]);
    fail_unless_equals_string (hex, preimage_a_hex);
  }
  {
    char buf[4096], hex[65];
    size_t n = rv_worldgraph_snapshot_json (rv_engine_graph (e), buf, sizeof buf);
    blake3_hasher h;
    uint8_t d[32];
    fail_unless_equals_int (n, 1050);
    fail_unless_equals_string (buf, snapshot_a);
    blake3_hasher_init (&h);
    blake3_hasher_update (&h, buf, n);
    blake3_hasher_finalize (&h, d, 32);
    rv_hex32 (d, hex);
    fail_unless_equals_string (hex,
        "c2883b184cb1bc59d1cc7e1c1ec2b75d13ad1d6b5818214e9c69054fad113d50");
  }
  {
    RvJsonWriter w;
    rv_json_writer_init (&w);
    rv_trusted_output_write_json (&w, &o, true);
    rv_json_append (&w, "", 1);
    fail_unless (strncmp (w.buf, "{\"witness\":\"7e6c363ed5090c40", 27) == 0, "%s", w.buf);
    fail_unless (strstr (w.buf, "\"effective_class\":\"Anonymous\",\"demoted\":false") != NULL);
    fail_unless (strstr (w.buf, "\"weights\":[0.5,0.5]}") != NULL, "%s", w.buf);
    rv_json_writer_clear (&w);
  }
  rv_engine_free (e);

  /* B bench */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  f[2] = node_frame (2, 1002);
  f[3] = node_frame (3, 1003);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 4, 1, room, 0, &o), RV_ENGINE_OK);
  check ("B", &o, 0x3e800000u, 4, 2,
      "2018d3a477abf622700f43d40b3ca79edf895912e7db3ba940ceb4324aaf0dca");
  fail_unless (o.mesh.present && o.mesh.cut == 0.75 && !o.mesh.at_risk);
  rv_engine_free (e);

  /* C calibration_mismatch_demotes_and_witness_stable */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  cals[0].present = true;
  cals[0].id = 1;
  cals[1].present = true;
  cals[1].id = 2;
  fail_unless_equals_int (rv_engine_process_cycle_calibrated (e, f, 2, cals, 2, room, 1, &o),
      RV_ENGINE_OK);
  check ("C", &o, 0x3f000000u, 2, 3,
      "978cff1e42bb18c26b426131c3c99c27e9f82eb900c7e1be92d6ada687b85e3f");
  fail_unless_equals_string (o.provenance.calibration_version, "cal:none");
  fail_unless (o.penalized_coherence == 0.8f);
  rv_engine_free (e);

  /* D contradiction_demotes_privacy */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 26000);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 7, room, 1, &o), RV_ENGINE_OK);
  check ("D", &o, 0x3f000000u, 2, 3,
      "7fadaaefca818cd7cbd3a820811d4f98e1d2450ca6afb9ee6ac926f7618c1aa7");
  fail_unless_equals_int (o.quality.n_contradictions, 1);
  fail_unless (o.quality.contradictions[0].u.timestamp_mismatch.spread_ns == 25000000);
  fail_unless (o.quality.contradictions[0].u.timestamp_mismatch.soft_guard_ns == 20000000);
  rv_engine_free (e);

  /* E single_node_cycle_is_well_formed */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 1, 1, room, 1, &o), RV_ENGINE_OK);
  check ("E", &o, 0x3f800000u, 1, 2,
      "ee1a1df96712ca5a094f042cb8357aac9951b35cb698c7556d762a7ba2c3489b");
  fail_if (o.mesh.present);
  fail_if (o.directional);
  rv_engine_free (e);

  /* F cycle_carries_full_provenance */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 2, 0xABCD1234u, room, 1, &o),
      RV_ENGINE_OK);
  check ("F", &o, 0x3f000000u, 2, 2,
      "97430ecef6fbceb5ebc3f938f6090a5f9d0a6d6bb5dcf46b9f3a0ac0b5fbbfe4");
  fail_unless_equals_string (o.provenance.calibration_version, "cal:00000000abcd1234");
  rv_engine_free (e);

  /* G0 mesh_risk setup, default threshold */
  e = make_engine (&room);
  f[0] = node_frame (0, 1000);
  f[1] = node_frame (1, 1001);
  f[2] = node_frame (2, 1002);
  fail_unless_equals_int (rv_engine_process_cycle (e, f, 3, 8, room, 1, &o), RV_ENGINE_OK);
  check ("G0", &o, 0x3eaaaaabu, 3, 2,
      "562be4e5f805349f6d844765b1da1eb5503af8e2a1bf36066f27fc8b3388a573");
  fail_unless (o.mesh.cut == 0.65625, "cut %.17g", o.mesh.cut);
  rv_engine_free (e);
}
GST_END_TEST;
#endif

static Suite *
engine_witness_suite (void)
{
  Suite *s = suite_create ("core-engine-witness");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
#if RV_HAVE_BLAKE3
  tcase_add_test (tc, test_scenarios);
#endif
  return s;
}

GST_CHECK_MAIN (engine_witness);
