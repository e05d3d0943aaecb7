/* libruview: rvmqttsink's publish queue (common/ruview/pubqueue.h) and its
 * Home Assistant view of a document (common/ruview/mqtt_ha.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>
#include "ruview/mqtt_ha.h"
#include "ruview/pubqueue.h"

#include "../sensingdoc.h"

/* ------------------------------------------------------------ queue */

static void
count_release (void *item, void *user)
{
  GPtrArray *out = user;
  g_ptr_array_add (out, item);
}

#define ITEM(i) GSIZE_TO_POINTER ((gsize) (i) + 1)

GST_START_TEST (test_queue_order_and_drop)
{
  RvPubQueue q;
  void *dropped;
  GPtrArray *out = g_ptr_array_new ();
  const RvPubEntry *e;
  int i;

  fail_unless_equals_int (rv_pubqueue_init (&q, 0), -1);
  fail_unless_equals_int (rv_pubqueue_init (&q, 4), 0);
  fail_unless (rv_pubqueue_next (&q) == NULL);
  for (i = 0; i < 4; i++) {
    fail_unless_equals_uint64 (rv_pubqueue_push (&q, ITEM (i), &dropped), i);
    fail_unless (dropped == NULL);
  }
  /* full: the oldest leaves, exactly one per push */
  rv_pubqueue_push (&q, ITEM (4), &dropped);
  fail_unless (dropped == ITEM (0));
  rv_pubqueue_push (&q, ITEM (5), &dropped);
  fail_unless (dropped == ITEM (1));
  fail_unless_equals_int (rv_pubqueue_length (&q), 4);

  /* handed over oldest first, confirmed in order */
  e = rv_pubqueue_next (&q);
  fail_unless (e->item == ITEM (2) && e->seq == 2);
  fail_unless_equals_int (rv_pubqueue_sent (&q, 2, 100), 0);
  e = rv_pubqueue_next (&q);
  fail_unless (e->item == ITEM (3));
  fail_unless_equals_int (rv_pubqueue_sent (&q, 3, 101), 0);
  fail_unless_equals_int (rv_pubqueue_in_flight (&q), 2);
  /* a sequence that is not the next one is refused */
  fail_unless_equals_int (rv_pubqueue_sent (&q, 3, 102), -1);

  /* out-of-order confirmation: 101 waits for 100 */
  fail_unless_equals_int (rv_pubqueue_confirm (&q, 101, count_release, out),
      0);
  fail_unless_equals_int (rv_pubqueue_confirm (&q, 999, count_release, out),
      0);
  fail_unless_equals_int (rv_pubqueue_confirm (&q, 100, count_release, out),
      2);
  fail_unless_equals_int (out->len, 2);
  fail_unless (g_ptr_array_index (out, 0) == ITEM (2));
  fail_unless (g_ptr_array_index (out, 1) == ITEM (3));
  fail_unless_equals_int (rv_pubqueue_length (&q), 2);
  fail_unless_equals_int (rv_pubqueue_in_flight (&q), 0);

  /* a lost connection: the handed-over entries go out again, first */
  e = rv_pubqueue_next (&q);
  fail_unless_equals_int (rv_pubqueue_sent (&q, e->seq, 7), 0);
  rv_pubqueue_rewind (&q);
  fail_unless_equals_int (rv_pubqueue_in_flight (&q), 0);
  e = rv_pubqueue_next (&q);
  fail_unless (e->item == ITEM (4) && e->mid == 0);
  /* the old mid means nothing now */
  fail_unless_equals_int (rv_pubqueue_confirm (&q, 7, NULL, NULL), 0);

  /* an entry dropped while handed over: its confirmation is ignored and
   * the next entry is still the oldest unsent one */
  fail_unless_equals_int (rv_pubqueue_sent (&q, 4, 8), 0);
  rv_pubqueue_push (&q, ITEM (6), &dropped);
  rv_pubqueue_push (&q, ITEM (7), &dropped);
  rv_pubqueue_push (&q, ITEM (8), &dropped);
  fail_unless (dropped == ITEM (4));
  fail_unless_equals_int (rv_pubqueue_in_flight (&q), 0);
  fail_unless_equals_int (rv_pubqueue_confirm (&q, 8, NULL, NULL), 0);
  e = rv_pubqueue_next (&q);
  fail_unless (e->item == ITEM (5));
  /* handed over, then dropped before it was recorded */
  rv_pubqueue_push (&q, ITEM (9), &dropped);
  fail_unless (dropped == ITEM (5));
  fail_unless_equals_int (rv_pubqueue_sent (&q, 5, 9), -1);

  for (i = 6; i <= 9; i++)
    fail_unless (rv_pubqueue_pop (&q) == ITEM (i));
  fail_unless (rv_pubqueue_pop (&q) == NULL);
  rv_pubqueue_clear (&q);
  g_ptr_array_unref (out);
}
GST_END_TEST;

/* a long random run against a model: FIFO delivery of what was not
 * dropped, exactly the oldest dropped, never more than the capacity */
GST_START_TEST (test_queue_model)
{
  RvPubQueue q;
  GRand *r = g_rand_new_with_seed (12);
  GPtrArray *out = g_ptr_array_new ();
  guint64 pushed = 0, dropped_n = 0, delivered = 0, last = 0;
  int next_mid = 1, step;

  fail_unless_equals_int (rv_pubqueue_init (&q, 16), 0);
  for (step = 0; step < 20000; step++) {
    guint32 op = g_rand_int_range (r, 0, 100);
    if (op < 40) {
      void *dropped;
      rv_pubqueue_push (&q, GSIZE_TO_POINTER ((gsize) ++pushed), &dropped);
      if (dropped) {
        /* the oldest still queued: right after the last one gone */
        fail_unless_equals_uint64 (GPOINTER_TO_SIZE (dropped), last + 1);
        last++;
        dropped_n++;
      }
    } else if (op < 70) {
      const RvPubEntry *e = rv_pubqueue_next (&q);
      if (e && rv_pubqueue_in_flight (&q) < 5)
        fail_unless_equals_int (rv_pubqueue_sent (&q, e->seq, next_mid++), 0);
    } else if (op < 97) {
      /* the broker confirms the oldest handed-over message */
      if (rv_pubqueue_in_flight (&q) > 0) {
        int mid = q.ring[q.head].mid;
        gsize n = rv_pubqueue_confirm (&q, mid, count_release, out);
        fail_unless (n >= 1);
      }
    } else {
      rv_pubqueue_rewind (&q);
    }
    while (out->len) {
      gsize v = GPOINTER_TO_SIZE (g_ptr_array_steal_index (out, 0));
      fail_unless_equals_uint64 (v, last + 1);
      last = v;
      delivered++;
    }
    fail_unless (rv_pubqueue_length (&q) <= 16);
    fail_unless (rv_pubqueue_in_flight (&q) <= rv_pubqueue_length (&q));
  }
  fail_unless_equals_uint64 (delivered + dropped_n + rv_pubqueue_length (&q),
      pushed);
  fail_unless (dropped_n > 0 && delivered > 0);
  rv_pubqueue_clear (&q);
  g_ptr_array_unref (out);
  g_rand_free (r);
}
GST_END_TEST;

/* ------------------------------------------------------------ snapshot */

GST_START_TEST (test_snapshot)
{
  TestDoc d = { 42, 1, RV_MOTION_PRESENT_MOVING, 0.8, 7.5, 2, 3,
    {-41.5, -60, -72.25}
  };
  RvJsonDoc *doc = rv_json_doc_new ();
  RvHaSnapshot s;
  size_t len;
  char *text = test_doc_text (&d, &len);

  fail_unless_equals_int (rv_ha_snapshot_parse (doc, text, len, &s), 0);
  fail_unless_equals_uint64 (s.tick, 42);
  fail_unless (s.presence);
  fail_unless (s.confidence == 0.8);
  fail_unless_equals_string (s.motion_level, "present_moving");
  fail_unless (s.motion_band_power == 7.5);
  fail_unless_equals_uint64 (s.n_persons, 2);
  fail_unless_equals_int (s.n_nodes, 3);
  fail_unless_equals_int (s.nodes[0].node_id, 1);
  fail_unless (s.nodes[0].rssi_dbm == -41.5);
  fail_unless (s.nodes[2].rssi_dbm == -72.25);
  free (text);

  /* persons[] counts before estimated_persons; no count → 0 */
  {
    const char *a = "{\"type\":\"sensing_update\",\"tick\":1,\"features\":"
        "{\"motion_band_power\":0},\"classification\":{\"motion_level\":"
        "\"absent\",\"presence\":false,\"confidence\":1},\"persons\":[{},{},"
        "{}],\"estimated_persons\":9,\"nodes\":[{\"node_id\":4,\"rssi_dbm\":"
        "null},{\"node_id\":-1,\"rssi_dbm\":-3},{\"node_id\":5,\"rssi_dbm\":"
        "-50}]}";
    fail_unless_equals_int (rv_ha_snapshot_parse (doc, a, strlen (a), &s), 0);
    fail_unless_equals_uint64 (s.n_persons, 3);
    fail_unless (!s.presence);
    /* a node without a usable id or RSSI is left out */
    fail_unless_equals_int (s.n_nodes, 1);
    fail_unless_equals_int (s.nodes[0].node_id, 5);
  }
  /* motion_level is cut to whole UTF-8 characters: a 2-byte character
   * across the 31-byte limit, an overlong form (an unpaired surrogate
   * escape is refused by the JSON reader, below) */
  {
    static const struct
    {
      const char *json, *want;
    } levels[] = {
      {"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\u00e9\"",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
      {"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\u00e9\"",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9"},
      {"\"\xe2\x82\xac \xc0\xaf\"", "\xe2\x82\xac "},
    };
    guint i;
    for (i = 0; i < G_N_ELEMENTS (levels); i++) {
      gchar *a = g_strdup_printf ("{\"type\":\"sensing_update\",\"tick\":1,"
          "\"features\":{\"motion_band_power\":0},\"classification\":"
          "{\"motion_level\":%s,\"presence\":false,\"confidence\":1}}",
          levels[i].json);
      fail_unless_equals_int (rv_ha_snapshot_parse (doc, a, strlen (a), &s),
          0);
      fail_unless_equals_string (s.motion_level, levels[i].want);
      g_free (a);
    }
  }
  {
    const char *a = "{\"type\":\"sensing_update\",\"tick\":1,"
        "\"features\":{\"motion_band_power\":0},\"classification\":"
        "{\"motion_level\":\"moving\\ud800still\",\"presence\":false,"
        "\"confidence\":1}}";
    fail_unless (rv_ha_snapshot_parse (doc, a, strlen (a), &s) != 0);
  }
  /* not a sensing_update, or missing what the states need */
  {
    const char *bad[] = {
      "", "[]", "{}", "nonsense",
      "{\"type\":\"csi_frame\",\"tick\":1}",
      "{\"type\":\"sensing_update\",\"tick\":-1,\"features\":{\"motion_band_"
          "power\":0},\"classification\":{\"motion_level\":\"absent\","
          "\"presence\":false,\"confidence\":1}}",
      "{\"type\":\"sensing_update\",\"tick\":1,\"features\":{},"
          "\"classification\":{\"motion_level\":\"absent\",\"presence\":false,"
          "\"confidence\":1}}",
      "{\"type\":\"sensing_update\",\"tick\":1,\"features\":{\"motion_band_"
          "power\":0},\"classification\":{\"motion_level\":3,\"presence\":"
          "false,\"confidence\":1}}",
      "{\"type\":\"sensing_update\",\"tick\":1,\"features\":{\"motion_band_"
          "power\":0},\"classification\":{\"motion_level\":\"absent\","
          "\"presence\":0,\"confidence\":1}}",
    };
    guint i;
    for (i = 0; i < G_N_ELEMENTS (bad); i++)
      fail_unless (rv_ha_snapshot_parse (doc, bad[i], strlen (bad[i]),
              &s) == -1, "accepted %s", bad[i]);
  }
  rv_json_doc_free (doc);
}
GST_END_TEST;

/* damaged documents (bytes flipped, cut short): a result, never a crash
 * or an out-of-range read (run under valgrind with --setup valgrind) */
GST_START_TEST (test_snapshot_damaged)
{
  TestDoc d = { 7, 1, RV_MOTION_ACTIVE, 1.0, 20, 0, 4, {-40, -41, -42, -43} };
  RvJsonDoc *doc = rv_json_doc_new ();
  GRand *r = g_rand_new_with_seed (3);
  size_t len;
  char *text = test_doc_text (&d, &len), *copy = g_malloc (len);
  RvHaSnapshot s;
  int i, ok = 0;

  for (i = 0; i < 3000; i++) {
    size_t n = len, k;
    int flips = g_rand_int_range (r, 1, 4);
    memcpy (copy, text, len);
    for (k = 0; k < (size_t) flips; k++)
      copy[g_rand_int_range (r, 0, (gint32) len)] =
          (char) g_rand_int_range (r, 0, 256);
    if (g_rand_boolean (r))
      n = (size_t) g_rand_int_range (r, 0, (gint32) len);
    if (rv_ha_snapshot_parse (doc, copy, n, &s) == 0) {
      ok++;
      fail_unless (s.n_nodes <= RV_HA_MAX_NODES);
      fail_unless (strlen (s.motion_level) < sizeof (s.motion_level));
    }
  }
  /* some flips land in whitespace-free spots that stay valid */
  fail_unless (ok > 0);
  g_free (copy);
  free (text);
  g_rand_free (r);
  rv_json_doc_free (doc);
}
GST_END_TEST;

/* ------------------------------------------------------------ names */

static const RvHaConfig cfg = { "ruview", "Living-Room", "homeassistant",
  "0.1.0", "https://example.org/gst-ruview"
};

GST_START_TEST (test_names_and_topics)
{
  char b[RV_HA_TOPIC_MAX], id[RV_HA_MAX_ID + 1];

  fail_unless (rv_ha_device_id_valid ("living_room-2"));
  fail_unless (!rv_ha_device_id_valid (""));
  fail_unless (!rv_ha_device_id_valid ("a/b"));
  fail_unless (!rv_ha_device_id_valid ("a b"));
  fail_unless (!rv_ha_device_id_valid ("é"));
  memset (b, 'a', 64);
  b[64] = '\0';
  fail_unless (rv_ha_device_id_valid (b));
  b[64] = 'a';
  b[65] = '\0';
  fail_unless (!rv_ha_device_id_valid (b));
  rv_ha_device_id_from_name ("Kitchen.Pi 4", id);
  fail_unless_equals_string (id, "kitchen_pi_4");
  rv_ha_device_id_from_name ("", id);
  fail_unless_equals_string (id, "room");
  fail_unless (rv_ha_device_id_valid (id));

  fail_unless (rv_ha_topic_prefix_valid ("ruview"));
  fail_unless (rv_ha_topic_prefix_valid ("site/3/rooms"));
  fail_unless (!rv_ha_topic_prefix_valid (""));
  fail_unless (!rv_ha_topic_prefix_valid ("/abs"));
  fail_unless (!rv_ha_topic_prefix_valid ("trail/"));
  fail_unless (!rv_ha_topic_prefix_valid ("a/+/b"));
  fail_unless (!rv_ha_topic_prefix_valid ("a/#"));

  fail_unless_equals_int (rv_ha_stream_topic (b, sizeof (b), &cfg), 26);
  fail_unless_equals_string (b, "ruview/Living-Room/sensing");
  rv_ha_availability_topic (b, sizeof (b), &cfg);
  fail_unless_equals_string (b, "ruview/Living-Room/availability");
  rv_ha_birth_topic (b, sizeof (b), &cfg);
  fail_unless_equals_string (b, "homeassistant/status");
  rv_ha_state_topic (b, sizeof (b), &cfg, RV_HA_NODE_RSSI, 3);
  fail_unless_equals_string (b, "ruview/Living-Room/node3_rssi");
  rv_ha_config_topic (b, sizeof (b), &cfg, RV_HA_OCCUPANCY, 0);
  fail_unless_equals_string (b,
      "homeassistant/binary_sensor/gst_ruview_Living-Room/occupancy/config");
  rv_ha_config_topic (b, sizeof (b), &cfg, RV_HA_PERSON_COUNT, 0);
  fail_unless_equals_string (b,
      "homeassistant/sensor/gst_ruview_Living-Room/person_count/config");
  fail_unless_equals_int (rv_ha_config_topic (b, 10, &cfg, RV_HA_OCCUPANCY,
          0), -1);
}
GST_END_TEST;

/* ------------------------------------------------------------ payloads */

static const RvJsonValue *
parse_config (RvJsonDoc * doc, RvJsonWriter * w, RvHaKind kind, guint node)
{
  const RvJsonValue *root;

  rv_json_writer_reset (w);
  rv_ha_write_config (w, &cfg, kind, node);
  fail_if (w->failed);
  root = rv_json_parse (doc, w->buf, w->len, NULL, NULL);
  fail_unless (root && root->type == RV_JSON_OBJECT, "%s", w->buf);
  return root;
}

static void
check_common (const RvJsonValue * c)
{
  const RvJsonValue *dev = rv_json_get (c, "device"), *org, *ids;

  fail_unless_equals_string (doc_str (c, "availability_topic"),
      "ruview/Living-Room/availability");
  fail_unless_equals_string (doc_str (c, "payload_available"), "online");
  fail_unless_equals_string (doc_str (c, "payload_not_available"), "offline");
  fail_unless (rv_json_get (c, "object_id") == NULL);
  fail_unless (dev && dev->type == RV_JSON_OBJECT);
  ids = rv_json_get (dev, "identifiers");
  fail_unless (ids && ids->type == RV_JSON_ARRAY && ids->n_children == 1);
  fail_unless_equals_string (ids->child->text, "gst_ruview_Living-Room");
  fail_unless_equals_string (doc_str (dev, "name"), "RuView Living-Room");
  fail_unless_equals_string (doc_str (dev, "manufacturer"), "gst-ruview");
  fail_unless_equals_string (doc_str (dev, "model"), "WiFi CSI room sensing");
  fail_unless_equals_string (doc_str (dev, "sw_version"), "0.1.0");
  org = rv_json_get (c, "origin");
  fail_unless (org && org->type == RV_JSON_OBJECT);
  fail_unless_equals_string (doc_str (org, "name"), "gst-ruview");
  fail_unless_equals_string (doc_str (org, "sw_version"), "0.1.0");
  fail_unless_equals_string (doc_str (org, "support_url"),
      "https://example.org/gst-ruview");
}

GST_START_TEST (test_configs)
{
  RvJsonDoc *doc = rv_json_doc_new ();
  RvJsonWriter w;
  const RvJsonValue *c;

  rv_json_writer_init (&w);
  c = parse_config (doc, &w, RV_HA_OCCUPANCY, 0);
  check_common (c);
  fail_unless_equals_string (doc_str (c, "name"), "Occupancy");
  fail_unless_equals_string (doc_str (c, "unique_id"),
      "gst_ruview_Living-Room_occupancy");
  fail_unless_equals_string (doc_str (c, "default_entity_id"),
      "binary_sensor.ruview_living_room_occupancy");
  fail_unless_equals_string (doc_str (c, "state_topic"),
      "ruview/Living-Room/occupancy");
  fail_unless_equals_string (doc_str (c, "device_class"), "occupancy");
  fail_unless_equals_string (doc_str (c, "payload_on"), "ON");
  fail_unless_equals_string (doc_str (c, "payload_off"), "OFF");
  fail_unless_equals_uint64 (doc_u64 (c, "expire_after"), 90);
  fail_unless_equals_uint64 (doc_u64 (c, "qos"), 1);
  fail_unless (rv_json_get (c, "value_template") == NULL);

  c = parse_config (doc, &w, RV_HA_PERSON_COUNT, 0);
  check_common (c);
  fail_unless_equals_string (doc_str (c, "default_entity_id"),
      "sensor.ruview_living_room_person_count");
  fail_unless_equals_string (doc_str (c, "state_class"), "measurement");
  fail_unless_equals_string (doc_str (c, "value_template"),
      "{{ value_json.n_persons }}");
  fail_unless_equals_string (doc_str (c, "json_attributes_topic"),
      "ruview/Living-Room/person_count");
  fail_unless_equals_uint64 (doc_u64 (c, "qos"), 0);

  c = parse_config (doc, &w, RV_HA_MOTION_LEVEL, 0);
  check_common (c);
  fail_unless_equals_string (doc_str (c, "unit_of_measurement"), "%");
  fail_unless_equals_string (doc_str (c, "value_template"),
      "{{ value_json.level_pct }}");
  fail_unless_equals_uint64 (doc_u64 (c, "suggested_display_precision"), 1);

  c = parse_config (doc, &w, RV_HA_PRESENCE_SCORE, 0);
  check_common (c);
  fail_unless_equals_string (doc_str (c, "value_template"),
      "{{ value_json.score_pct }}");

  c = parse_config (doc, &w, RV_HA_NODE_RSSI, 12);
  check_common (c);
  fail_unless_equals_string (doc_str (c, "name"), "Node 12 RSSI");
  fail_unless_equals_string (doc_str (c, "unique_id"),
      "gst_ruview_Living-Room_node12_rssi");
  fail_unless_equals_string (doc_str (c, "default_entity_id"),
      "sensor.ruview_living_room_node12_rssi");
  fail_unless_equals_string (doc_str (c, "device_class"), "signal_strength");
  fail_unless_equals_string (doc_str (c, "unit_of_measurement"), "dBm");
  fail_unless_equals_string (doc_str (c, "entity_category"), "diagnostic");
  fail_unless_equals_uint64 (doc_u64 (c, "expire_after"), 60);

  rv_json_writer_clear (&w);
  rv_json_doc_free (doc);
}
GST_END_TEST;

GST_START_TEST (test_states)
{
  RvHaSnapshot s;
  RvJsonWriter w;
  /* 2023-11-14T22:13:20.123Z */
  const gint64 t = 1700000000123456ll;

  memset (&s, 0, sizeof (s));
  s.presence = TRUE;
  s.confidence = 0.75;
  s.motion_band_power = 6.0;
  strcpy (s.motion_level, "present_moving");
  s.n_persons = 2;
  s.n_nodes = 1;
  s.nodes[0].node_id = 3;
  s.nodes[0].rssi_dbm = -47.5;

  rv_json_writer_init (&w);
  rv_ha_write_state (&w, RV_HA_OCCUPANCY, &s, 0, t);
  fail_unless_equals_string (w.buf, "ON");
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_PERSON_COUNT, &s, 0, t);
  fail_unless_equals_string (w.buf,
      "{\"n_persons\":2,\"ts\":\"2023-11-14T22:13:20.123Z\"}");
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_MOTION_LEVEL, &s, 0, t);
  fail_unless_equals_string (w.buf, "{\"level_pct\":40.0,\"level\":"
      "\"present_moving\",\"ts\":\"2023-11-14T22:13:20.123Z\"}");
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_PRESENCE_SCORE, &s, 0, t);
  fail_unless_equals_string (w.buf,
      "{\"score_pct\":75.0,\"ts\":\"2023-11-14T22:13:20.123Z\"}");
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_NODE_RSSI, &s, 0, t);
  fail_unless_equals_string (w.buf,
      "{\"dbm\":-47.5,\"ts\":\"2023-11-14T22:13:20.123Z\"}");

  /* absent: OFF, score 0; motion clamped to 0..100 */
  s.presence = FALSE;
  s.motion_band_power = 1e9;
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_OCCUPANCY, &s, 0, t);
  fail_unless_equals_string (w.buf, "OFF");
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_PRESENCE_SCORE, &s, 0, t);
  fail_unless (g_str_has_prefix (w.buf, "{\"score_pct\":0.0,"));
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_MOTION_LEVEL, &s, 0, t);
  fail_unless (g_str_has_prefix (w.buf, "{\"level_pct\":100.0,"));
  s.motion_band_power = NAN;
  rv_json_writer_reset (&w);
  rv_ha_write_state (&w, RV_HA_MOTION_LEVEL, &s, 0, t);
  fail_unless (g_str_has_prefix (w.buf, "{\"level_pct\":0.0,"));
  rv_json_writer_clear (&w);

  fail_unless (rv_ha_state_retained (RV_HA_OCCUPANCY));
  fail_unless (!rv_ha_state_retained (RV_HA_PERSON_COUNT));
  fail_unless_equals_int (rv_ha_state_qos (RV_HA_OCCUPANCY), 1);
  fail_unless_equals_int (rv_ha_state_qos (RV_HA_NODE_RSSI), 0);
}
GST_END_TEST;

GST_START_TEST (test_rfc3339)
{
  char b[32];
  GDateTime *dt;
  gint64 t;
  GRand *r = g_rand_new_with_seed (5);
  int i;

  fail_unless_equals_int (rv_ha_rfc3339_ms (b, 0), 24);
  fail_unless_equals_string (b, "1970-01-01T00:00:00.000Z");
  rv_ha_rfc3339_ms (b, -1);
  fail_unless_equals_string (b, "1969-12-31T23:59:59.999Z");
  rv_ha_rfc3339_ms (b, 951782400000000ll);      /* a leap day */
  fail_unless_equals_string (b, "2000-02-29T00:00:00.000Z");
  rv_ha_rfc3339_ms (b, 4107542399999999ll);
  fail_unless_equals_string (b, "2100-02-28T23:59:59.999Z");
  rv_ha_rfc3339_ms (b, G_MININT64);
  fail_unless_equals_string (b, "0000-01-01T00:00:00.000Z");
  rv_ha_rfc3339_ms (b, G_MAXINT64);
  fail_unless_equals_string (b, "9999-12-31T23:59:59.999Z");
  /* against GLib's calendar */
  for (i = 0; i < 2000; i++) {
    gchar *want;
    t = (gint64) (g_rand_double (r) * 8e15) - 1e15;
    dt = g_date_time_new_from_unix_utc (t / 1000000 - (t % 1000000 < 0));
    want = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
    rv_ha_rfc3339_ms (b, t);
    fail_unless (strncmp (b, want, 19) == 0, "%s vs %s", b, want);
    g_free (want);
    g_date_time_unref (dt);
  }
  g_rand_free (r);
}
GST_END_TEST;

/* ------------------------------------------------------------ schedule */

static gboolean
has (const RvHaDue * due, gsize n, RvHaKind kind, guint node)
{
  gsize i;
  for (i = 0; i < n; i++)
    if (due[i].kind == kind && due[i].node_id == node)
      return TRUE;
  return FALSE;
}

GST_START_TEST (test_schedule)
{
  RvHaSchedule sc;
  RvHaSnapshot s;
  RvHaDue due[RV_HA_N_KINDS - 1 + RV_HA_MAX_NODES];
  guint32 ids[RV_HA_MAX_NODES];
  const gint64 S = 1000000;
  gint64 t = 5 * S;
  gsize n;

  memset (&s, 0, sizeof (s));
  s.n_nodes = 2;
  s.nodes[0].node_id = 7;
  s.nodes[1].node_id = 2;
  rv_ha_schedule_init (&sc);

  fail_unless_equals_int (rv_ha_schedule_new_nodes (&sc, &s, ids), 2);
  fail_unless (ids[0] == 7 && ids[1] == 2);
  fail_unless_equals_int (rv_ha_schedule_new_nodes (&sc, &s, ids), 0);

  /* the first snapshot: everything, room entities first */
  n = rv_ha_schedule_due (&sc, &s, t, due);
  fail_unless_equals_int (n, 6);
  fail_unless (due[0].kind == RV_HA_OCCUPANCY);
  fail_unless (due[4].kind == RV_HA_NODE_RSSI && due[4].node_id == 7
      && due[4].node_index == 0);
  fail_unless (due[5].node_id == 2 && due[5].node_index == 1);

  /* 50 ms later: nothing; presence changes: occupancy alone */
  fail_unless_equals_int (rv_ha_schedule_due (&sc, &s, t + S / 20, due), 0);
  s.presence = TRUE;
  n = rv_ha_schedule_due (&sc, &s, t + S / 10, due);
  fail_unless_equals_int (n, 1);
  fail_unless (due[0].kind == RV_HA_OCCUPANCY);
  /* 1 s after the first: the 1 Hz sensors, not occupancy, not RSSI */
  n = rv_ha_schedule_due (&sc, &s, t + S, due);
  fail_unless_equals_int (n, 3);
  fail_unless (!has (due, n, RV_HA_OCCUPANCY, 0));
  fail_unless (has (due, n, RV_HA_PERSON_COUNT, 0));
  /* at most 1 Hz: 0.9 s later nothing */
  fail_unless_equals_int (rv_ha_schedule_due (&sc, &s, t + S + 9 * S / 10,
          due), 0);
  /* RSSI every 10 s, occupancy refreshed every 30 s even unchanged */
  n = rv_ha_schedule_due (&sc, &s, t + 10 * S, due);
  fail_unless (has (due, n, RV_HA_NODE_RSSI, 7));
  fail_unless (!has (due, n, RV_HA_OCCUPANCY, 0));
  n = rv_ha_schedule_due (&sc, &s, t + 30 * S + S / 10, due);
  fail_unless (has (due, n, RV_HA_OCCUPANCY, 0));

  /* a node appears: known, and its RSSI due at once */
  s.nodes[2].node_id = 9;
  s.n_nodes = 3;
  fail_unless_equals_int (rv_ha_schedule_new_nodes (&sc, &s, ids), 1);
  n = rv_ha_schedule_due (&sc, &s, t + 30 * S + S / 5, due);
  fail_unless (has (due, n, RV_HA_NODE_RSSI, 9));
  fail_unless (!has (due, n, RV_HA_NODE_RSSI, 7));

  /* after a reconnection: everything again, nodes still known */
  rv_ha_schedule_reset (&sc);
  n = rv_ha_schedule_due (&sc, &s, t + 31 * S, due);
  fail_unless_equals_int (n, 7);
  fail_unless_equals_int (rv_ha_schedule_new_nodes (&sc, &s, ids), 0);
}
GST_END_TEST;

static Suite *
mqtt_ha_suite (void)
{
  Suite *s = suite_create ("core-mqtt-ha");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_queue_order_and_drop);
  tcase_add_test (tc, test_queue_model);
  tcase_add_test (tc, test_snapshot);
  tcase_add_test (tc, test_snapshot_damaged);
  tcase_add_test (tc, test_names_and_topics);
  tcase_add_test (tc, test_configs);
  tcase_add_test (tc, test_states);
  tcase_add_test (tc, test_rfc3339);
  tcase_add_test (tc, test_schedule);
  return s;
}

GST_CHECK_MAIN (mqtt_ha);
