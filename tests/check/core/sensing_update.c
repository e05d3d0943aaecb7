/* libruview: RuView's sensing_update document and the signal field
 * (common/ruview/sensing_update.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>
#include "ruview/sensing_update.h"

#include "noalloc.h"

GST_START_TEST (test_scalars)
{
  double room[3] = { 1.5, 2.5, 1.0 }, out[3];

  fail_unless (rv_sensing_timestamp_s (1700000000123456ull) == 1700000000.123);
  fail_unless (rv_sensing_timestamp_s (999) == 0.0);
  fail_unless (rv_sensing_motion_score (-1.0) == 0.0);
  fail_unless (rv_sensing_motion_score (NAN) == 0.0);
  fail_unless (rv_sensing_motion_score (42.5) == 42.5);
  fail_unless (rv_sensing_motion_score (1e9) == 100.0);
  fail_unless_equals_uint64 (rv_sensing_age_ms (5000000, 1000000), 4000);
  fail_unless_equals_uint64 (rv_sensing_age_ms (5000000, 6000000), 0);
  fail_unless_equals_uint64 (rv_sensing_age_ms (5000000, 0), UINT64_MAX);
  rv_sensing_room_to_published (room, out);
  fail_unless (out[0] == 1.5 && out[1] == 1.0 && out[2] == 2.5);
}
GST_END_TEST;

/* a 2 × 2 × 2 volume: the column maximum, bilinear between voxel centres,
 * clamped outside them, normalised by the maximum */
GST_START_TEST (test_field_resampling)
{
  /* idx = iz·4 + iy·2 + ix */
  const double d[8] = { 0.0, 0.1, 0.0, 0.0, 0.02, 0.0, 0.0, 0.4 };
  double f[RV_FIELD_CELLS];
  unsigned k;

  fail_unless_equals_int (rv_signal_field_from_volume (d, 2, 2, 2, f), 0);
  /* columns: (0,0) 0.02, (1,0) 0.1, (0,1) 0, (1,1) 0.4; max 0.4 at the
   * corner cell (19, 19), which lies beyond the last voxel centre */
  fail_unless (f[19 * 20 + 19] == 1.0);
  /* cell (0,0): u = 0.5·2/20 − 0.5 < 0 → clamped to voxel (0,0) */
  fail_unless (f[0] == 0.02 / 0.4);
  /* cell (19,0): voxel (1,0) */
  fail_unless (f[19] == 0.1 / 0.4);
  /* cell (10,0): u = 10.5·0.1 − 0.5 = 0.55 between (0,0) and (1,0) */
  {
    double u = 10.5 * 2.0 / 20.0 - 0.5, t = u - 0.0;
    double v = (1.0 - t) * (1.0 - 0.0) * 0.02 + t * (1.0 - 0.0) * 0.1
        + (1.0 - t) * 0.0 * 0.0 + t * 0.0 * 0.4;
    fail_unless (f[10] == v / 0.4, "%.17g vs %.17g", f[10], v / 0.4);
  }
  for (k = 0; k < RV_FIELD_CELLS; k++)
    fail_unless (f[k] >= 0.0 && f[k] <= 1.0);

  /* an empty room stays dark: the floor, not the maximum, scales */
  {
    const double small[8] = { 0.001, 0, 0, 0, 0, 0, 0, 0 };
    fail_unless_equals_int (rv_signal_field_from_volume (small, 2, 2, 2, f),
        0);
    fail_unless (f[0] == 0.001 / RV_FIELD_FLOOR);
  }
  /* non-finite densities are 0; bad dimensions give zeros */
  {
    const double bad[1] = { NAN };
    fail_unless_equals_int (rv_signal_field_from_volume (bad, 1, 1, 1, f), 0);
    fail_unless (f[0] == 0.0);
    fail_unless_equals_int (rv_signal_field_from_volume (d, 0, 2, 2, f), -1);
    fail_unless (f[5] == 0.0);
  }
}
GST_END_TEST;

GST_START_TEST (test_peaks_and_positions)
{
  double f[RV_FIELD_CELLS] = { 0 };
  const double bounds[6] = { 0, 0, 0, 6, 5, 3 };
  unsigned cells[4];
  double pos[3];

  f[2 * 20 + 2] = 0.9;
  f[2 * 20 + 3] = 0.95;         /* beside the first: only the higher counts */
  f[10 * 20 + 10] = 0.5;
  f[15 * 20 + 4] = 0.5;         /* a tie: the lower index first */
  f[19 * 20 + 19] = 0.34;       /* below 0.35 */
  fail_unless_equals_int (rv_signal_field_peaks (f, 4, cells), 3);
  fail_unless_equals_int (cells[0], 2 * 20 + 3);
  fail_unless_equals_int (cells[1], 10 * 20 + 10);
  fail_unless_equals_int (cells[2], 15 * 20 + 4);
  fail_unless_equals_int (rv_signal_field_peaks (f, 1, cells), 1);

  rv_signal_field_cell_position (10 * 20 + 3, bounds, pos);
  fail_unless (pos[0] == 0.0 + 3.5 * (6.0 - 0.0) / 20);
  fail_unless (pos[1] == 0.0);
  fail_unless (pos[2] == 0.0 + 10.5 * (5.0 - 0.0) / 20);
}
GST_END_TEST;

/* every key in RuView's order, with the JSON type RuView gives it */
static void
expect_keys (const RvJsonValue * obj, const char *const *keys,
    const RvJsonType * types, size_t n)
{
  const RvJsonValue *v = obj->child;
  size_t i;

  fail_unless (obj->type == RV_JSON_OBJECT);
  for (i = 0; i < n; i++, v = v->next) {
    fail_unless (v != NULL, "missing %s", keys[i]);
    fail_unless (v->key_len == strlen (keys[i])
        && memcmp (v->key, keys[i], v->key_len) == 0, "key %zu: %.*s, not %s",
        i, (int) v->key_len, v->key, keys[i]);
    if (types[i] == RV_JSON_TRUE)
      fail_unless (v->type == RV_JSON_TRUE || v->type == RV_JSON_FALSE,
          "%s not a boolean", keys[i]);
    else
      fail_unless (v->type == types[i], "%s has type %d", keys[i], v->type);
  }
  fail_unless (v == NULL, "extra key %.*s", v ? (int) v->key_len : 0,
      v ? v->key : "");
}

static const char *const top_keys[] = { "type", "timestamp", "source", "tick",
  "nodes", "features", "classification", "signal_field", "persons",
  "estimated_persons", "node_features", "room", "fusion", "gate", "trust"
};
static const RvJsonType top_types[] = { RV_JSON_STRING, RV_JSON_NUMBER,
  RV_JSON_STRING, RV_JSON_NUMBER, RV_JSON_ARRAY, RV_JSON_OBJECT,
  RV_JSON_OBJECT, RV_JSON_OBJECT, RV_JSON_ARRAY, RV_JSON_NUMBER,
  RV_JSON_ARRAY, RV_JSON_OBJECT, RV_JSON_OBJECT, RV_JSON_OBJECT,
  RV_JSON_OBJECT
};
static const char *const feature_keys[] = { "mean_rssi", "variance",
  "motion_band_power", "breathing_band_power", "dominant_freq_hz",
  "change_points", "spectral_power"
};
static const RvJsonType feature_types[] = { RV_JSON_NUMBER, RV_JSON_NUMBER,
  RV_JSON_NUMBER, RV_JSON_NUMBER, RV_JSON_NUMBER, RV_JSON_NUMBER,
  RV_JSON_NUMBER
};
static const char *const class_keys[] = { "motion_level", "presence",
  "confidence"
};
static const RvJsonType class_types[] = { RV_JSON_STRING, RV_JSON_TRUE,
  RV_JSON_NUMBER
};
static const char *const node_keys[] = { "node_id", "rssi_dbm", "position",
  "amplitude", "subcarrier_count"
};
static const RvJsonType node_types[] = { RV_JSON_NUMBER, RV_JSON_NUMBER,
  RV_JSON_ARRAY, RV_JSON_ARRAY, RV_JSON_NUMBER
};
static const char *const person_keys[] = { "id", "confidence", "keypoints",
  "bbox", "zone", "position", "motion_score"
};
static const RvJsonType person_types[] = { RV_JSON_NUMBER, RV_JSON_NUMBER,
  RV_JSON_ARRAY, RV_JSON_OBJECT, RV_JSON_STRING, RV_JSON_ARRAY,
  RV_JSON_NUMBER
};
static const char *const nf_keys[] = { "node_id", "features",
  "classification", "rssi_dbm", "last_seen_ms", "frame_rate_hz", "stale"
};
static const RvJsonType nf_types[] = { RV_JSON_NUMBER, RV_JSON_OBJECT,
  RV_JSON_OBJECT, RV_JSON_NUMBER, RV_JSON_NUMBER, RV_JSON_NUMBER,
  RV_JSON_TRUE
};

#define N(a) (sizeof (a) / sizeof ((a)[0]))

static void
fill_update (RvSensingUpdate * u, RvSuNode * nodes, float *amp,
    RvTrackedPerson * person, double (*ppos)[3], RvSuNodeFeatures * nf,
    double *field, RvSuFusionNode * fus, RvSuTrust * trust,
    const double *bounds)
{
  int i;

  memset (u, 0, sizeof (*u));
  for (i = 0; i < 60; i++)
    amp[i] = 0.5f + 0.01f * (float) i;
  memset (nodes, 0, 2 * sizeof (RvSuNode));
  nodes[0].node_id = 1;
  nodes[0].rssi_dbm = -41;
  nodes[0].position[0] = 4.5;
  nodes[0].amplitude = amp;
  nodes[0].n_amplitude = 60;  /* more than 56: cut */
  nodes[0].subcarrier_count = 60;
  nodes[1].node_id = 2;
  nodes[1].rssi_dbm = -48;
  nodes[1].subcarrier_count = 56;       /* no amplitude: [] */
  memset (person, 0, sizeof (*person));
  person->id = 3;
  person->confidence = 0.9;
  person->bbox_w = 0.6;
  ppos[0][0] = 1.5;
  ppos[0][2] = 2.25;
  memset (nf, 0, sizeof (*nf));
  nf->node_id = 1;
  nf->last_seen_ms = 6000;
  for (i = 0; i < RV_FIELD_CELLS; i++)
    field[i] = (double) i / RV_FIELD_CELLS;
  fus[0].node_id = 1;
  fus[0].status = "fused";
  fus[0].weight = 0.75f;
  fus[1].node_id = 2;
  fus[1].status = "absent";
  fus[1].weight = 0.0f;
  memset (trust, 0, sizeof (*trust));
  memset (trust->last_witness, 'a', 64);
  trust->effective_class = "Anonymous";

  u->timestamp = 1700000000.125;
  u->source = "esp32";
  u->tick = 77;
  u->nodes = nodes;
  u->n_nodes = 2;
  u->features.mean_rssi = -44.5;
  u->features.change_points = 2;
  u->classification.motion_level = RV_MOTION_PRESENT_MOVING;
  u->classification.presence = true;
  u->classification.confidence = 0.75;
  u->field = field;
  u->persons = person;
  u->person_position = (const double (*)[3]) ppos;
  u->n_persons = 1;
  u->motion_score = 7.5;
  u->node_features = nf;
  u->n_node_features = 1;
  u->room_bounds = bounds;
  u->cross_node_coherence = 0.5f;
  u->fusion_nodes = fus;
  u->n_fusion_nodes = 2;
  u->has_gate = true;
  u->coherence_score = 0.25f;
  u->gate_decision = "accept";
  u->trust = trust;
}

GST_START_TEST (test_document)
{
  RvSensingUpdate u;
  RvSuNode nodes[2];
  float amp[60];
  RvTrackedPerson person;
  double ppos[1][3] = { {0, 0, 0} }, field[RV_FIELD_CELLS];
  const double bounds[6] = { 0, 0, 0, 6, 5, 3 };
  RvSuNodeFeatures nf;
  RvSuFusionNode fus[2];
  RvSuTrust trust;
  RvJsonWriter w;
  RvJsonDoc *doc = rv_json_doc_new ();
  const RvJsonValue *root, *v;
  RvJsonError err;

  fill_update (&u, nodes, amp, &person, ppos, &nf, field, fus, &trust, bounds);
  rv_json_writer_init (&w);
  rv_sensing_update_write (&w, &u);
  fail_if (w.failed);
  root = rv_json_parse (doc, w.buf, w.len, &err, NULL);
  fail_unless (root != NULL, "%d: %.*s", err, (int) w.len, w.buf);
  expect_keys (root, top_keys, top_types, N (top_keys));
  fail_unless (strncmp (w.buf, "{\"type\":\"sensing_update\",\"timestamp\":"
          "1700000000.125,\"source\":\"esp32\",\"tick\":77,\"nodes\":[{"
          "\"node_id\":1,\"rssi_dbm\":-41.0,\"position\":[4.5,0.0,0.0],"
          "\"amplitude\":[0.5,", 150) == 0, "%s", w.buf);

  v = rv_json_get (root, "nodes");
  fail_unless_equals_int (v->n_children, 2);
  expect_keys (v->child, node_keys, node_types, N (node_keys));
  expect_keys (v->child->next, node_keys, node_types, N (node_keys));
  fail_unless_equals_int (rv_json_get (v->child, "amplitude")->n_children,
      RV_SENSING_MAX_AMPLITUDE);
  fail_unless_equals_int (rv_json_get (v->child->next,
          "amplitude")->n_children, 0);
  /* f32 amplitudes widened exactly: 0.5f + 0.01f·1 */
  {
    double a1;
    fail_unless (rv_json_as_f64 (rv_json_get (v->child,
                "amplitude")->child->next, &a1) == 0);
    fail_unless (a1 == (double) (0.5f + 0.01f));
  }
  expect_keys (rv_json_get (root, "features"), feature_keys, feature_types,
      N (feature_keys));
  expect_keys (rv_json_get (root, "classification"), class_keys,
      class_types, N (class_keys));
  fail_unless (strstr (w.buf, "\"classification\":{\"motion_level\":"
          "\"present_moving\",\"presence\":true,\"confidence\":0.75}"));
  v = rv_json_get (root, "signal_field");
  fail_unless (strstr (w.buf, "\"signal_field\":{\"grid_size\":[20,1,20],"
          "\"values\":[0.0,0.0025,"));
  fail_unless_equals_int (rv_json_get (v, "values")->n_children,
      RV_FIELD_CELLS);
  v = rv_json_get (root, "persons");
  fail_unless_equals_int (v->n_children, 1);
  expect_keys (v->child, person_keys, person_types, N (person_keys));
  fail_unless_equals_int (rv_json_get (v->child, "keypoints")->n_children, 17);
  fail_unless (strstr (w.buf, "\"position\":[1.5,0.0,2.25],"
          "\"motion_score\":7.5}],\"estimated_persons\":1,"));
  v = rv_json_get (root, "node_features");
  expect_keys (v->child, nf_keys, nf_types, N (nf_keys));
  fail_unless (strstr (w.buf, "\"last_seen_ms\":6000,\"frame_rate_hz\":0.0,"
          "\"stale\":true}"));
  fail_unless (strstr (w.buf, "\"room\":{\"bounds\":[0.0,0.0,0.0,6.0,5.0,"
          "3.0]},\"fusion\":{\"cross_node_coherence\":0.5,\"nodes\":[{"
          "\"node_id\":1,\"status\":\"fused\",\"weight\":0.75},"));
  fail_unless (strstr (w.buf, "\"gate\":{\"coherence_score\":0.25,"
          "\"decision\":\"accept\"},\"trust\":{\"last_witness\":\"aaaa"));

  /* optional members go when absent, as upstream */
  u.n_persons = 0;
  u.n_node_features = 0;
  u.room_bounds = NULL;
  u.has_gate = false;
  u.trust = NULL;
  u.field = NULL;
  rv_json_writer_reset (&w);
  rv_sensing_update_write (&w, &u);
  root = rv_json_parse (doc, w.buf, w.len, &err, NULL);
  fail_unless (root != NULL);
  {
    static const char *const keys[] = { "type", "timestamp", "source", "tick",
      "nodes", "features", "classification", "signal_field", "fusion"
    };
    static const RvJsonType types[] = { RV_JSON_STRING, RV_JSON_NUMBER,
      RV_JSON_STRING, RV_JSON_NUMBER, RV_JSON_ARRAY, RV_JSON_OBJECT,
      RV_JSON_OBJECT, RV_JSON_OBJECT, RV_JSON_OBJECT
    };
    expect_keys (root, keys, types, N (keys));
  }
  fail_unless (strstr (w.buf, "\"values\":[0.0,0.0,0.0,"));

  /* the writer reuses its buffer: no allocation per document */
  rv_noalloc_begin ();
  rv_json_writer_reset (&w);
  rv_sensing_update_write (&w, &u);
  fail_unless_equals_int (rv_noalloc_end (), 0);

  rv_json_writer_clear (&w);
  rv_json_doc_free (doc);
}
GST_END_TEST;

static Suite *
sensing_update_suite (void)
{
  Suite *s = suite_create ("core-sensing-update");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_scalars);
  tcase_add_test (tc, test_field_resampling);
  tcase_add_test (tc, test_peaks_and_positions);
  tcase_add_test (tc, test_document);
  return s;
}

GST_CHECK_MAIN (sensing_update);
