/* rvwitness: the engine goldens of engine.md §4.14 through the element
 * (scenario A witness and snapshot byte for byte, C and D demotion), the
 * raw-suppression rule through rvmetaconvert, the attested mode switch,
 * engine errors in stats, messages, GAP passthrough, retention, replay. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/base/gstbasetransform.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvmeta.h"
#include "gst/ruview/rvqualitymeta-private.h"
#include "gst/ruview/rvwitnessmeta-private.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE \
  ", framerate=(fraction)20/1, calibrated=(boolean)false"
#define N_BINS 56
#define NO_CAL G_MAXUINT64

#define WITNESS_A "7e6c363ed5090c40c86e90836656485c7867907a76c9224990dddeb13acb38b8"
#define WITNESS_C "978cff1e42bb18c26b426131c3c99c27e9f82eb900c7e1be92d6ada687b85e3f"
#define WITNESS_D "7fadaaefca818cd7cbd3a820811d4f98e1d2450ca6afb9ee6ac926f7618c1aa7"
#define ATTEST_PRIVATE_HOME "0a9ad085ce7092a539737058805a5ab58cc963a4207e7a5efeef05cb10a4068b"
#define ATTEST_STRICT "20b12f6257dd82ef6e9be7051575e4a4df4b2e0be6c61979e9278098c43df58a"

/* engine.md §4.14: the snapshot after scenario A (1 050 bytes) */
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

/* fixture node_frame (engine.md §4.14): amplitude 1.0 + 0.1 i, phase 0.05 i */
static GstBuffer *
node_record (guint node, guint64 ts, guint64 cal, guint n_bins)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, n_bins, &map,
      &f);
  guint j;

  f.node_id = node;
  f.timestamp_us = ts;
  f.flags = RV_CSI_FLAG_PHASE_ALIGNED;
  if (cal != NO_CAL) {
    f.flags |= RV_CSI_FLAG_HAS_CALIB_ID;
    f.calibration_id = cal;
  }
  f.channel_freq_mhz[0] = 2412;
  for (j = 0; j < n_bins; j++) {
    rv_csi_amplitude (&f, 0)[j] = 1.0f + 0.1f * (gfloat) j;
    rv_csi_phase (&f, 0)[j] = 0.05f * (gfloat) j;
  }
  gst_rv_csi_buffer_unmap (b, &map, &f);
  return b;
}

/* A fused cycle carrying n node records (node i: id ids[i], timestamp ts[i],
 * calibration cals[i] or NO_CAL, bins[i] bins or N_BINS when bins is NULL)
 * at PTS pts. */
static GstBuffer *
fused_buffer (const guint * ids, const guint64 * ts, const guint64 * cals,
    const guint * bins, guint n, GstClockTime pts, guint64 cycle)
{
  GstMapInfo map;
  RvFusedRecord rec;
  GstBuffer *out = gst_rv_fused_buffer_new (n, N_BINS, &map, &rec);
  guint i, j;

  rec.cycle = cycle;
  rec.timestamp_us = ts[n / 2];
  rec.active_nodes = n;
  rec.freq_coherence = rec.cross_node_coherence = 1.0f;
  for (i = 0; i < n; i++) {
    rec.nodes[i].node_id = ids[i];
    rec.nodes[i].status = RV_NODE_FUSED;
    rec.nodes[i].weight = 1.0f / (gfloat) n;
    rec.nodes[i].record_index = i;
    rec.nodes[i].timestamp_us = ts[i];
  }
  for (j = 0; j < N_BINS; j++) {
    rec.fused_amplitude[j] = 1.0f + 0.1f * (gfloat) j;
    rec.fused_phase[j] = 0.05f * (gfloat) j;
  }
  rec.n_node_records = n;
  rec.pts_ns = pts;
  rec.duration_ns = 50 * GST_MSECOND;
  gst_rv_fused_buffer_unmap (out, &map, &rec);
  for (i = 0; i < n; i++) {
    GstBuffer *nb = node_record (ids[i], ts[i], cals[i], bins ? bins[i] :
        N_BINS);
    gst_buffer_append_memory (out, gst_buffer_get_all_memory (nb));
    gst_buffer_unref (nb);
  }
  GST_BUFFER_PTS (out) = pts;
  GST_BUFFER_DURATION (out) = 50 * GST_MSECOND;
  return out;
}

static const guint ids2[2] = { 0, 1 };
static const guint64 ts_a[2] = { 1000, 1001 };
static const guint64 cal_a[2] = { 42, 42 };

/* scenario A: 2 nodes ts 1000/1001, calibration 42, now_ms 5000 */
static GstBuffer *
buffer_a (void)
{
  return fused_buffer (ids2, ts_a, cal_a, NULL, 2, 5 * GST_SECOND, 0);
}

static GstHarness *
witness_harness (const gchar * first_prop, ...)
{
  GstElement *e;
  GstHarness *h;
  va_list ap;

  e = gst_element_factory_make ("rvwitness", NULL);
  fail_unless (e != NULL);
  g_object_set (e, "room-id", "living_room", "room-name", "Living Room",
      "sensor-id", "esp32-com9", NULL);
  if (first_prop) {
    va_start (ap, first_prop);
    g_object_set_valist (G_OBJECT (e), first_prop, ap);
    va_end (ap);
  }
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  return h;
}

static guint64
get_stat (GstElement * e, const gchar * name)
{
  GstStructure *st;
  guint64 v = G_MAXUINT64;
  g_object_get (e, "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, name, &v), "no stat %s", name);
  gst_structure_free (st);
  return v;
}

static void
check_witness (GstBuffer * b, const gchar * hex_want, RvPrivacyClass cls)
{
  GstRvWitnessMeta *m = gst_buffer_get_rv_witness_meta (b);
  gchar hex[65];

  fail_unless (m != NULL);
  gst_rv_witness_to_hex (m->output.witness, hex);
  fail_unless_equals_string (hex, hex_want);
  fail_unless_equals_int (m->output.effective_class, cls);
}

static gchar *
read_file (const gchar * path, gsize * len)
{
  gchar *text = NULL;
  fail_unless (g_file_get_contents (path, &text, len, NULL), "no %s", path);
  return text;
}

GST_START_TEST (test_scenario_a_witness_and_snapshot)
{
  gchar *dir = g_dir_make_tmp ("rvwitness-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "graph.json", NULL);
  GstHarness *h = witness_harness ("snapshot-location", path, NULL);
  GstBuffer *b;
  gchar *text;
  gsize len;

  b = gst_harness_push_and_pull (h, buffer_a ());
  check_witness (b, WITNESS_A, RV_PRIVACY_CLASS_ANONYMOUS);
  fail_if (gst_buffer_get_rv_witness_meta (b)->output.demoted);
  fail_unless_equals_int (gst_buffer_get_rv_witness_meta (b)->mode,
      RV_PRIVACY_MODE_PRIVATE_HOME);
  /* PrivateHome drops raw data: the node records left with rvwitness */
  fail_if (gst_rv_buffer_raw_publish_allowed (b));
  fail_unless_equals_int (gst_rv_fused_buffer_n_node_records (b), 0);
  gst_buffer_unref (b);

  /* EOS writes the snapshot */
  fail_if (g_file_test (path, G_FILE_TEST_EXISTS));
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  text = read_file (path, &len);
  fail_unless_equals_int (len, 1050);
  fail_unless_equals_string (text, snapshot_a);
  g_free (text);
  fail_unless_equals_uint64 (get_stat (h->element, "snapshots"), 1);
  fail_unless_equals_uint64 (get_stat (h->element, "witnessed"), 1);
  fail_unless_equals_uint64 (get_stat (h->element, "graph-nodes"), 3);
  gst_harness_teardown (h);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}
GST_END_TEST;

/* now_ms is the stream time: a segment with start 10 s, time 0 maps PTS
 * 15 s to now_ms 5000 — the same snapshot as scenario A */
GST_START_TEST (test_now_ms_from_segment)
{
  gchar *dir = g_dir_make_tmp ("rvwitness-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "graph.json", NULL);
  GstHarness *h = witness_harness ("snapshot-location", path, NULL);
  GstSegment seg;
  GstBuffer *b;
  gboolean ok = FALSE;
  gchar *text;

  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.start = 10 * GST_SECOND;
  seg.time = 0;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  b = fused_buffer (ids2, ts_a, cal_a, NULL, 2, 15 * GST_SECOND, 0);
  b = gst_harness_push_and_pull (h, b);
  check_witness (b, WITNESS_A, RV_PRIVACY_CLASS_ANONYMOUS);
  gst_buffer_unref (b);

  /* the action signal writes it too */
  g_signal_emit_by_name (h->element, "snapshot", &ok);
  fail_unless (ok);
  text = read_file (path, NULL);
  fail_unless_equals_string (text, snapshot_a);
  g_free (text);
  gst_harness_teardown (h);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}
GST_END_TEST;

GST_START_TEST (test_snapshot_signal_without_location)
{
  GstHarness *h = witness_harness (NULL);
  gboolean ok = TRUE;

  gst_buffer_unref (gst_harness_push_and_pull (h, buffer_a ()));
  g_signal_emit_by_name (h->element, "snapshot", &ok);
  fail_if (ok);
  fail_unless_equals_uint64 (get_stat (h->element, "snapshots"), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_scenario_c_d_restricted)
{
  static const guint64 cal_c[2] = { 1, 2 };
  static const guint64 ts_d[2] = { 1000, 26000 };
  static const guint64 cal_d[2] = { 7, 7 };
  GstHarness *h = witness_harness (NULL);
  GstBuffer *b;
  GstRvWitnessMeta *m;

  /* C: calibration mismatch, now 1 ms */
  b = gst_harness_push_and_pull (h, fused_buffer (ids2, ts_a, cal_c, NULL, 2,
          GST_MSECOND, 0));
  check_witness (b, WITNESS_C, RV_PRIVACY_CLASS_RESTRICTED);
  m = gst_buffer_get_rv_witness_meta (b);
  fail_unless (m->output.demoted);
  fail_unless_equals_string (m->output.provenance.calibration_version,
      "cal:none");
  fail_unless_equals_string (m->output.provenance.privacy_decision,
      "PrivateHome/Restricted");
  fail_if (gst_rv_buffer_raw_publish_allowed (b));
  gst_buffer_unref (b);
  gst_harness_teardown (h);

  /* D: timestamp spread 25 ms above the soft guard */
  h = witness_harness (NULL);
  b = gst_harness_push_and_pull (h, fused_buffer (ids2, ts_d, cal_d, NULL, 2,
          GST_MSECOND, 0));
  check_witness (b, WITNESS_D, RV_PRIVACY_CLASS_RESTRICTED);
  fail_if (gst_rv_buffer_raw_publish_allowed (b));
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (get_stat (h->element, "demoted"), 1);
  fail_unless_equals_uint64 (get_stat (h->element, "restricted"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

static gchar *
json_through_metaconvert (const gchar * witness_props, const gchar * detail,
    GstBuffer * in)
{
  gchar *desc = g_strdup_printf ("rvwitness room-id=living_room "
      "room-name=\"Living Room\" sensor-id=esp32-com9 %s ! "
      "rvmetaconvert detail=%s", witness_props, detail);
  GstHarness *h = gst_harness_new_parse (desc);
  GstBuffer *b;
  GstMapInfo map;
  gchar *text;

  g_free (desc);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  b = gst_harness_push_and_pull (h, in);
  fail_unless (b != NULL);
  fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
  text = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
  return text;
}

GST_START_TEST (test_raw_suppressed_when_restricted)
{
  static const guint64 cal_c[2] = { 1, 2 };
  gchar *open_doc, *restricted, *strict, *summary;

  gchar *research, *care;

  /* PrivateHome (Anonymous, DropRaw): the node records were removed by
   * rvwitness, so the document has none and says so */
  open_doc = json_through_metaconvert ("", "full", buffer_a ());
  fail_unless (strstr (open_doc, "\"node_frames\"") == NULL);
  fail_unless (strstr (open_doc, "\"fused_amplitude\":[1.0,") != NULL);
  fail_unless (strstr (open_doc, "\"raw_suppressed\":true") != NULL);
  /* the modes without DropRaw keep them */
  research = json_through_metaconvert ("privacy-mode=raw-research", "full",
      buffer_a ());
  fail_unless (strstr (research, "\"node_frames\":[{") != NULL);
  fail_unless (strstr (research, "\"raw_suppressed\"") == NULL);
  care = json_through_metaconvert ("privacy-mode=care-with-consent", "full",
      buffer_a ());
  fail_unless (strstr (care, "\"node_frames\":[{") != NULL);
  fail_unless (strstr (care, "CareWithConsent/Derived") != NULL);
  g_free (research);
  g_free (care);
  /* the member exactly as docs/rvwitness.md shows it */
  fail_unless (strstr (open_doc, "\"witness\":{\"witness\":\"" WITNESS_A
          "\",\"effective_class\":\"Anonymous\",\"demoted\":false,"
          "\"statement\":\"occupancy coherence=1.00 nodes=2 demoted=false\","
          "\"base_coherence\":1.0,\"penalized_coherence\":1.0,"
          "\"provenance\":{\"evidence\":[\"WeightEntropy { "
          "normalized_entropy: 1.0, n_nodes: 2 }\",\"CoherenceGateThreshold "
          "{ coherence: 1.0, threshold: 0.85 }\",\"CalibrationApplied { "
          "calibration_id: CalibrationId(42), n_frames: 2 }\"],"
          "\"model_version\":\"rfenc-v1\",\"calibration_version\":"
          "\"cal:000000000000002a\",\"privacy_decision\":"
          "\"PrivateHome/Anonymous\"},\"contradictions\":0,\"mesh\":{"
          "\"cut\":0.5,\"weak_side\":[0],\"at_risk\":false,\"updates\":1},"
          "\"change_point\":false,\"diverging_links\":0,"
          "\"recalibration_recommended\":false,\"semantic_id\":3,"
          "\"array\":null,\"weights\":[0.5,0.5]}}\n") != NULL,
      "%s", open_doc);

  /* demoted to Restricted (scenario C): no node frames, said so */
  restricted = json_through_metaconvert ("", "full", fused_buffer (ids2, ts_a,
          cal_c, NULL, 2, GST_MSECOND, 0));
  fail_unless (strstr (restricted, "\"node_frames\"") == NULL, "%s",
      restricted);
  fail_unless (strstr (restricted, "\"amplitude\"") == NULL);
  fail_unless (strstr (restricted, "\"fused_amplitude\":[1.0,") != NULL);
  fail_unless (strstr (restricted, "\"raw_suppressed\":true,\"witness\":{"
          "\"witness\":\"" WITNESS_C "\",\"effective_class\":\"Restricted\"")
      != NULL, "%s", restricted);

  /* a strict-no-identity mode: Restricted without demotion */
  strict = json_through_metaconvert ("privacy-mode=strict-no-identity",
      "full", buffer_a ());
  fail_unless (strstr (strict, "\"node_frames\"") == NULL);
  fail_unless (strstr (strict, "\"raw_suppressed\":true") != NULL);
  fail_unless (strstr (strict, "\"effective_class\":\"Restricted\","
          "\"demoted\":false") != NULL, "%s", strict);
  fail_unless (strstr (strict, "StrictNoIdentity/Restricted") != NULL);

  /* summary documents say so as well */
  summary = json_through_metaconvert ("privacy-mode=strict-no-identity",
      "summary", buffer_a ());
  fail_unless (strstr (summary, "\"raw_suppressed\":true") != NULL);
  fail_unless (strstr (summary, "\"fused_amplitude\"") == NULL);

  g_free (open_doc);
  g_free (restricted);
  g_free (strict);
  g_free (summary);
}
GST_END_TEST;

GST_START_TEST (test_mode_switch_attested)
{
  GstHarness *h = witness_harness (NULL);
  GstBuffer *b;
  gchar *att = NULL;
  GstRvWitnessMeta *m;

  g_object_get (h->element, "attestation", &att, NULL);
  fail_unless_equals_string (att, ATTEST_PRIVATE_HOME);
  g_free (att);
  b = gst_harness_push_and_pull (h, buffer_a ());
  check_witness (b, WITNESS_A, RV_PRIVACY_CLASS_ANONYMOUS);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (get_stat (h->element, "attestations"), 1);

  /* switch while playing: appended to the chain, applies next cycle */
  g_object_set (h->element, "privacy-mode", 4, NULL);
  g_object_get (h->element, "attestation", &att, NULL);
  fail_unless_equals_string (att, ATTEST_STRICT);
  g_free (att);
  fail_unless_equals_uint64 (get_stat (h->element, "attestations"), 2);
  /* the same mode again is no change: nothing appended */
  g_object_set (h->element, "privacy-mode", 4, NULL);
  fail_unless_equals_uint64 (get_stat (h->element, "attestations"), 2);

  b = gst_harness_push_and_pull (h, buffer_a ());
  m = gst_buffer_get_rv_witness_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_int (m->mode, RV_PRIVACY_MODE_STRICT_NO_IDENTITY);
  fail_unless_equals_int (m->output.effective_class,
      RV_PRIVACY_CLASS_RESTRICTED);
  fail_if (m->output.demoted);
  fail_unless_equals_string (m->output.provenance.privacy_decision,
      "StrictNoIdentity/Restricted");
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_engine_errors_counted)
{
  static const guint64 ts_far[2] = { 1000, 100000 };
  static const guint bins_bad[2] = { 56, 40 };
  GstHarness *h = witness_harness ("message-interval", (guint64) 0, NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  const GstStructure *s;
  GstBuffer *b;

  gst_element_set_bus (h->element, bus);
  /* spread 99 ms > the 60 ms hard guard: fusion error, no witness */
  b = gst_harness_push_and_pull (h, fused_buffer (ids2, ts_far, cal_a, NULL,
          2, GST_SECOND, 0));
  fail_unless (gst_buffer_get_rv_witness_meta (b) == NULL);
  gst_buffer_unref (b);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_has_field (s, "error"));
  fail_if (gst_structure_has_field (s, "witness"));
  gst_message_unref (msg);
  /* bin count mismatch between nodes: fusion error too */
  b = gst_harness_push_and_pull (h, fused_buffer (ids2, ts_a, cal_a,
          bins_bad, 2, 2 * GST_SECOND, 1));
  fail_unless (gst_buffer_get_rv_witness_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (get_stat (h->element, "engine-errors"), 2);
  fail_unless_equals_uint64 (get_stat (h->element, "fusion-errors"), 2);
  fail_unless_equals_uint64 (get_stat (h->element, "witnessed"), 0);
  /* nothing mutated: the next good cycle is scenario A exactly */
  fail_unless_equals_uint64 (get_stat (h->element, "graph-nodes"), 2);
  b = gst_harness_push_and_pull (h, buffer_a ());
  check_witness (b, WITNESS_A, RV_PRIVACY_CLASS_ANONYMOUS);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (get_stat (h->element, "cycles"), 3);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_messages)
{
  static const gchar *order[] = { "timestamp", "stream-time", "running-time",
    "duration", "cycles", "gaps", "witnessed", "engine-errors",
    "demoted-cycles", "raw-removed", "cycle", "now-ms", "witness"
  };
  GstHarness *h = witness_harness ("message-interval", (guint64) 0, NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  const GstStructure *s;
  guint64 v;
  gint64 now;
  gboolean bv;
  guint i;

  gst_element_set_bus (h->element, bus);
  gst_buffer_unref (gst_harness_push_and_pull (h, buffer_a ()));
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_has_name (s, "rvwitness"));
  for (i = 0; i < G_N_ELEMENTS (order); i++)
    fail_unless_equals_string (gst_structure_nth_field_name (s, i), order[i]);
  fail_unless (gst_structure_get_uint64 (s, "timestamp", &v));
  fail_unless_equals_uint64 (v, 5 * GST_SECOND);
  fail_unless (gst_structure_get_uint64 (s, "stream-time", &v));
  fail_unless_equals_uint64 (v, 5 * GST_SECOND);
  fail_unless (gst_structure_get_uint64 (s, "running-time", &v));
  fail_unless_equals_uint64 (v, 5 * GST_SECOND);
  fail_unless (gst_structure_get_uint64 (s, "duration", &v));
  fail_unless_equals_uint64 (v, 50 * GST_MSECOND);
  fail_unless (gst_structure_get_int64 (s, "now-ms", &now));
  fail_unless_equals_int64 (now, 5000);
  fail_unless_equals_string (gst_structure_get_string (s, "witness"),
      WITNESS_A);
  fail_unless_equals_string (gst_structure_get_string (s, "effective-class"),
      "Anonymous");
  fail_unless (gst_structure_get_boolean (s, "demoted", &bv) && !bv);
  fail_unless (gst_structure_get_boolean (s, "recalibration-recommended",
          &bv) && !bv);
  fail_unless (gst_structure_get_boolean (s, "mesh-at-risk", &bv) && !bv);
  fail_unless (gst_structure_has_field_typed (s, "mesh-cut", G_TYPE_DOUBLE));
  fail_unless_equals_string (gst_structure_get_string (s,
          "privacy-decision"), "PrivateHome/Anonymous");
  fail_unless_equals_string (gst_structure_get_string (s,
          "calibration-version"), "cal:000000000000002a");
  fail_unless (gst_structure_get_uint64 (s, "semantic-id", &v));
  fail_unless_equals_uint64 (v, 3);
  fail_unless (gst_structure_get_uint64 (s, "graph-nodes", &v));
  fail_unless_equals_uint64 (v, 3);
  fail_unless (gst_structure_get_uint64 (s, "raw-removed", &v));
  fail_unless_equals_uint64 (v, 1);
  gst_message_unref (msg);

  /* post-messages=false: none */
  g_object_set (h->element, "post-messages", FALSE, NULL);
  gst_buffer_unref (gst_harness_push_and_pull (h, buffer_a ()));
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_gap_passthrough)
{
  GstHarness *h = witness_harness (NULL);
  GstBus *bus = gst_bus_new ();
  GstBuffer *in, *out;
  GstMapInfo map;
  RvFusedRecord rec;

  gst_element_set_bus (h->element, bus);
  in = gst_rv_fused_buffer_new (2, 0, &map, &rec);
  rec.nodes[0].record_index = rec.nodes[1].record_index = G_MAXUINT32;
  gst_rv_fused_buffer_unmap (in, &map, &rec);
  GST_BUFFER_PTS (in) = 0;
  GST_BUFFER_FLAG_SET (in, GST_BUFFER_FLAG_GAP);
  out = gst_harness_push_and_pull (h, in);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_GAP));
  fail_unless (gst_buffer_get_rv_witness_meta (out) == NULL);
  gst_buffer_unref (out);
  /* the default interval (1 s) is not over after one 0-length gap */
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);
  fail_unless_equals_uint64 (get_stat (h->element, "gaps"), 1);
  fail_unless_equals_uint64 (get_stat (h->element, "cycles"), 0);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Memory stays bounded: with semantic-retention=5 the WorldGraph holds the
 * room, the sensor and the 5 newest beliefs, whatever the run length; a
 * retention change while playing applies at once. */
GST_START_TEST (test_retention_bound)
{
  GstHarness *h = witness_harness ("semantic-retention", 5, NULL);
  guint i;

  for (i = 0; i < 2000; i++) {
    GstBuffer *b = fused_buffer (ids2, ts_a, cal_a, NULL, 2,
        (GstClockTime) i * 50 * GST_MSECOND, i);
    gst_buffer_unref (gst_harness_push_and_pull (h, b));
    if (i >= 5)
      fail_unless_equals_uint64 (get_stat (h->element, "graph-nodes"), 7);
  }
  fail_unless_equals_uint64 (get_stat (h->element, "witnessed"), 2000);
  g_object_set (h->element, "semantic-retention", 2, NULL);
  gst_buffer_unref (gst_harness_push_and_pull (h, buffer_a ()));
  fail_unless_equals_uint64 (get_stat (h->element, "graph-nodes"), 4);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Two runs over the same input give the same witnesses and JSON. */
GST_START_TEST (test_replay_identical)
{
  gchar *runs[2];
  guint r, i;

  for (r = 0; r < 2; r++) {
    GstHarness *h = gst_harness_new_parse ("rvwitness ! rvmetaconvert");
    GString *all = g_string_new (NULL);
    gst_harness_set_src_caps_str (h, FUSED_CAPS);
    for (i = 0; i < 50; i++) {
      guint64 ts[2] = { 1000 + 50000 * (guint64) i, 1001 + 50000 * (guint64) i
          + (i % 7) * 4000
      };
      GstBuffer *b = gst_harness_push_and_pull (h, fused_buffer (ids2, ts,
              cal_a, NULL, 2, (GstClockTime) i * 50 * GST_MSECOND, i));
      GstMapInfo map;
      fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
      g_string_append_len (all, (const gchar *) map.data, map.size);
      gst_buffer_unmap (b, &map);
      gst_buffer_unref (b);
    }
    gst_harness_teardown (h);
    runs[r] = g_string_free (all, FALSE);
  }
  fail_unless (strstr (runs[0], "\"witness\":{\"witness\":\"") != NULL);
  fail_unless (strstr (runs[0], "\"effective_class\":\"Restricted\"") != NULL);
  fail_unless_equals_string (runs[0], runs[1]);
  g_free (runs[0]);
  g_free (runs[1]);
}
GST_END_TEST;

/* The meta tag decision (rvwitnessmeta.h): GstBaseTransform's default
 * transform_meta forwards untagged metas into a new output buffer and drops
 * the witness; a copy of the buffer (what an in-place element does with a
 * non-writable buffer) keeps it. */
GST_START_TEST (test_meta_tag_semantics)
{
  GstElement *conv = gst_element_factory_make ("rvmetaconvert", NULL);
  GstBaseTransformClass *klass = GST_BASE_TRANSFORM_GET_CLASS (conv);
  GstBuffer *in = buffer_a (), *out = gst_buffer_new (), *copy;
  RvTrustedOutput o;
  RvQualityScore q;
  GstMeta *wm, *qm;

  memset (&o, 0, sizeof (o));
  o.effective_class = RV_PRIVACY_CLASS_RESTRICTED;
  rv_quality_score_init (&q);
  wm = (GstMeta *) gst_buffer_add_rv_witness_meta (in,
      RV_PRIVACY_MODE_PRIVATE_HOME, &o);
  qm = (GstMeta *) gst_buffer_add_rv_quality_meta (in, &q);
  fail_unless (gst_meta_api_type_has_tag (GST_RV_WITNESS_META_API_TYPE,
          g_quark_from_string (GST_RV_META_TAG_CONTENT_STR)));
  fail_if (klass->transform_meta (GST_BASE_TRANSFORM (conv), in, wm, out));
  fail_unless (klass->transform_meta (GST_BASE_TRANSFORM (conv), in, qm, out));

  /* adding again replaces: never two witnesses on one buffer */
  o.effective_class = RV_PRIVACY_CLASS_ANONYMOUS;
  fail_unless ((GstMeta *) gst_buffer_add_rv_witness_meta (in,
          RV_PRIVACY_MODE_CARE_WITH_CONSENT, &o) == wm);
  fail_unless (gst_rv_buffer_raw_publish_allowed (in));
  /* PrivateHome enforces DropRaw whatever the class */
  fail_unless ((GstMeta *) gst_buffer_add_rv_witness_meta (in,
          RV_PRIVACY_MODE_PRIVATE_HOME, &o) == wm);
  fail_if (gst_rv_buffer_raw_publish_allowed (in));

  copy = gst_buffer_copy (in);
  fail_unless (gst_buffer_get_rv_witness_meta (copy) != NULL);
  fail_unless_equals_int (gst_buffer_get_rv_witness_meta (copy)->
      output.effective_class, RV_PRIVACY_CLASS_ANONYMOUS);
  gst_buffer_unref (copy);
  gst_buffer_unref (in);
  gst_buffer_unref (out);
  gst_object_unref (conv);
}
GST_END_TEST;

GST_START_TEST (test_settings)
{
  GstElement *e = gst_element_factory_make ("rvwitness", NULL);
  gint mode;
  guint u;
  gdouble d;
  gchar *str, *att;
  gboolean post;

  g_object_get (e, "privacy-mode", &mode, "model-version", &u, "room-id",
      &str, "attestation", &att, "post-messages", &post, NULL);
  fail_unless_equals_int (mode, 1);
  fail_unless_equals_int (u, 1);
  fail_unless_equals_string (str, "default");
  fail_unless (att == NULL);
  fail_unless (post);
  g_free (str);
  g_object_get (e, "room-name", &str, NULL);
  fail_unless_equals_string (str, "Default Room");
  g_free (str);
  g_object_get (e, "sensor-id", &str, NULL);
  fail_unless_equals_string (str, "esp32");
  g_free (str);
  g_object_get (e, "semantic-retention", &u, "mesh-risk-threshold", &d, NULL);
  fail_unless_equals_int (u, 7200);
  fail_unless (d == 0.25);
  g_object_get (e, "mesh-min-nodes", &u, "snapshot-location", &str, NULL);
  fail_unless_equals_int (u, 3);
  fail_unless (str == NULL);
  gst_object_unref (e);
}
GST_END_TEST;

/* A flush keeps the graph; a restart (READY) begins a new one. */
GST_START_TEST (test_flush_keeps_engine)
{
  GstHarness *h = witness_harness (NULL);
  GstSegment seg;
  GstBuffer *b;

  gst_buffer_unref (gst_harness_push_and_pull (h, buffer_a ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  b = gst_harness_push_and_pull (h, buffer_a ());
  check_witness (b, WITNESS_A, RV_PRIVACY_CLASS_ANONYMOUS);
  fail_unless_equals_uint64 (gst_buffer_get_rv_witness_meta (b)->
      output.semantic_id, 4);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (get_stat (h->element, "graph-nodes"), 4);

  gst_element_set_state (h->element, GST_STATE_READY);
  gst_element_set_state (h->element, GST_STATE_PLAYING);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  b = gst_harness_push_and_pull (h, buffer_a ());
  fail_unless_equals_uint64 (gst_buffer_get_rv_witness_meta (b)->
      output.semantic_id, 3);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* model-version shows up in the provenance */
GST_START_TEST (test_model_version)
{
  GstHarness *h = witness_harness ("model-version", 7, NULL);
  GstBuffer *b = gst_harness_push_and_pull (h, buffer_a ());
  GstRvWitnessMeta *m = gst_buffer_get_rv_witness_meta (b);

  fail_unless (m != NULL);
  fail_unless_equals_string (m->output.provenance.model_version, "rfenc-v7");
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
rvwitness_suite (void)
{
  Suite *s = suite_create ("rvwitness");
  TCase *tc = tcase_create ("general");
  GstPluginFeature *f;

  suite_add_tcase (s, tc);
  f = gst_registry_lookup_feature (gst_registry_get (), "rvwitness");
  if (!f) {
    g_print ("SKIP: rvwitness is not built (no BLAKE3)\n");
    return s;
  }
  gst_object_unref (f);
  tcase_add_test (tc, test_scenario_a_witness_and_snapshot);
  tcase_add_test (tc, test_now_ms_from_segment);
  tcase_add_test (tc, test_snapshot_signal_without_location);
  tcase_add_test (tc, test_scenario_c_d_restricted);
  tcase_add_test (tc, test_raw_suppressed_when_restricted);
  tcase_add_test (tc, test_mode_switch_attested);
  tcase_add_test (tc, test_engine_errors_counted);
  tcase_add_test (tc, test_messages);
  tcase_add_test (tc, test_gap_passthrough);
  tcase_add_test (tc, test_retention_bound);
  tcase_add_test (tc, test_replay_identical);
  tcase_add_test (tc, test_meta_tag_semantics);
  tcase_add_test (tc, test_settings);
  tcase_add_test (tc, test_model_version);
  tcase_add_test (tc, test_flush_keeps_engine);
  return s;
}

GST_CHECK_MAIN (rvwitness);
