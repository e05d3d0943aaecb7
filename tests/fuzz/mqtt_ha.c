/* Fuzz target: the Home Assistant view of a sensing_update document
 * (common/ruview/mqtt_ha.c), read as rvmqttsink reads each buffer.  A
 * document that parses gives a snapshot within its bounds, its motion level
 * whole UTF-8; every config and state the sink would publish for it reads
 * back as JSON with the snapshot's values; the first schedule makes every
 * state due once and the same instant again makes none. */
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/mqtt_ha.h"
#include "ruview/sensing_update.h"

static RvJsonWriter writer;
static RvJsonDoc *doc, *back;

static const RvHaConfig config = { "ruview", "fuzz", "homeassistant", "1.0",
  "https://example.org/gst-ruview"
};

/* whole, valid UTF-8 (an oracle of the target's own) */
static int
utf8_valid (const unsigned char *s)
{
  while (*s) {
    size_t n, k;
    uint32_t cp;
    if (*s < 0x80) {
      s++;
      continue;
    }
    if ((*s & 0xE0) == 0xC0)
      n = 2, cp = *s & 0x1F;
    else if ((*s & 0xF0) == 0xE0)
      n = 3, cp = *s & 0x0F;
    else if ((*s & 0xF8) == 0xF0)
      n = 4, cp = *s & 0x07;
    else
      return 0;
    for (k = 1; k < n; k++) {
      if ((s[k] & 0xC0) != 0x80)
        return 0;
      cp = cp << 6 | (s[k] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800)
        || (n == 4 && cp < 0x10000) || cp > 0x10FFFF
        || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    s += n;
  }
  return 1;
}

/* the writer's text read back: an object */
static const RvJsonValue *
read_back (void)
{
  const RvJsonValue *v;

  RV_FUZZ_CHECK (!writer.failed);
  v = rv_json_parse (back, writer.buf, writer.len, NULL, NULL);
  RV_FUZZ_CHECK (v != NULL && v->type == RV_JSON_OBJECT);
  return v;
}

static double
member_f64 (const RvJsonValue * o, const char *key)
{
  double d;
  RV_FUZZ_CHECK (rv_json_as_f64 (rv_json_get (o, key), &d) == 0);
  return d;
}

static void
check_state (const RvHaSnapshot * s, const RvHaDue * due)
{
  const RvJsonValue *o, *v;
  uint64_t u;
  double d;

  rv_json_writer_reset (&writer);
  rv_ha_write_state (&writer, due->kind, s, due->node_index,
      1700000000000000ll);
  if (due->kind == RV_HA_OCCUPANCY) {
    RV_FUZZ_CHECK (writer.len == (s->presence ? 2u : 3u));
    RV_FUZZ_CHECK (memcmp (writer.buf, s->presence ? "ON" : "OFF",
            writer.len) == 0);
    return;
  }
  o = read_back ();
  v = rv_json_get (o, "ts");
  RV_FUZZ_CHECK (v && v->type == RV_JSON_STRING && v->len == 24);
  switch (due->kind) {
    case RV_HA_PERSON_COUNT:
      RV_FUZZ_CHECK (rv_json_as_u64 (rv_json_get (o, "n_persons"), &u) == 0
          && u == s->n_persons);
      break;
    case RV_HA_MOTION_LEVEL:
      d = member_f64 (o, "level_pct");
      RV_FUZZ_CHECK (d >= 0.0 && d <= 100.0);
      v = rv_json_get (o, "level");
      RV_FUZZ_CHECK (v && v->type == RV_JSON_STRING
          && strcmp (v->text, s->motion_level) == 0);
      break;
    case RV_HA_PRESENCE_SCORE:
      d = member_f64 (o, "score_pct");
      RV_FUZZ_CHECK (d >= 0.0 && d <= 100.0 && (s->presence || d == 0.0));
      break;
    default:
      RV_FUZZ_CHECK (due->node_index < s->n_nodes);
      RV_FUZZ_CHECK (member_f64 (o, "dbm") ==
          s->nodes[due->node_index].rssi_dbm);
      break;
  }
}

static void
check_config (RvHaKind kind, uint32_t node_id)
{
  const RvJsonValue *o, *v;
  char topic[RV_HA_TOPIC_MAX];

  rv_json_writer_reset (&writer);
  rv_ha_write_config (&writer, &config, kind, node_id);
  o = read_back ();
  RV_FUZZ_CHECK (rv_ha_state_topic (topic, sizeof topic, &config, kind,
          node_id) > 0);
  v = rv_json_get (o, "state_topic");
  RV_FUZZ_CHECK (v && v->type == RV_JSON_STRING && strcmp (v->text,
          topic) == 0);
  v = rv_json_get (o, "unique_id");
  RV_FUZZ_CHECK (v && v->type == RV_JSON_STRING);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  rv_json_writer_init (&writer);
  doc = rv_json_doc_new ();
  back = rv_json_doc_new ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  /* a private copy with no terminator, so a read past the end shows */
  char *text = malloc (size ? size : 1);
  static RvHaSnapshot s;
  static RvHaSchedule sch;
  uint32_t ids[RV_HA_MAX_NODES];
  RvHaDue due[RV_HA_N_KINDS - 1 + RV_HA_MAX_NODES];
  size_t i, n_new, n_due;
  int r;

  memcpy (text, data, size);
  r = rv_ha_snapshot_parse (doc, text, size, &s);
  free (text);
  RV_FUZZ_CHECK (r == 0 || r == -1);
  if (r != 0)
    return 0;
  RV_FUZZ_CHECK (s.n_nodes <= RV_HA_MAX_NODES);
  RV_FUZZ_CHECK (memchr (s.motion_level, '\0', sizeof s.motion_level));
  RV_FUZZ_CHECK (utf8_valid ((const unsigned char *) s.motion_level));
  for (i = 0; i < s.n_nodes; i++)
    RV_FUZZ_CHECK (isfinite (s.nodes[i].rssi_dbm));

  for (i = 0; i < RV_HA_NODE_RSSI; i++)
    check_config ((RvHaKind) i, 0);
  rv_ha_schedule_init (&sch);
  n_new = rv_ha_schedule_new_nodes (&sch, &s, ids);
  RV_FUZZ_CHECK (n_new <= s.n_nodes);
  for (i = 0; i < n_new; i++)
    check_config (RV_HA_NODE_RSSI, ids[i]);
  /* a new run: every room state and every node's RSSI once */
  n_due = rv_ha_schedule_due (&sch, &s, 0, due);
  RV_FUZZ_CHECK (n_due == RV_HA_NODE_RSSI + n_new);
  for (i = 0; i < n_due; i++)
    check_state (&s, &due[i]);
  RV_FUZZ_CHECK (rv_ha_schedule_due (&sch, &s, 0, due) == 0);
  return 0;
}

/* documents written by rvmetaconvert's own writer */
static void
seed_doc (const char *name, uint64_t tick, bool presence,
    RvMotionLevel level, double mbp, size_t n_nodes, size_t n_persons)
{
  RvSuNode nodes[4];
  RvTrackedPerson persons[2];
  double position[2][3] = { {1.0, 0.0, 2.0}, {3.0, 0.0, 1.5} };
  RvSensingUpdate u;
  RvJsonWriter w;
  size_t k;

  memset (&u, 0, sizeof u);
  memset (nodes, 0, sizeof nodes);
  memset (persons, 0, sizeof persons);
  for (k = 0; k < n_nodes; k++) {
    nodes[k].node_id = (uint32_t) (k + 1);
    nodes[k].rssi_dbm = -40.0 - 7.5 * (double) k;
    nodes[k].subcarrier_count = 56;
  }
  u.timestamp = 1700000000.0 + (double) tick * 0.05;
  u.source = "simulated";
  u.tick = tick;
  u.nodes = nodes;
  u.n_nodes = n_nodes;
  u.persons = persons;
  u.person_position = position;
  u.n_persons = n_persons;
  u.features.motion_band_power = mbp;
  u.classification.presence = presence;
  u.classification.motion_level = level;
  u.classification.confidence = presence ? 0.8 : 0.95;
  u.cross_node_coherence = 1.0f;
  rv_json_writer_init (&w);
  rv_sensing_update_write (&w, &u);
  rv_fuzz_seed (name, w.buf, w.len);
  rv_json_writer_clear (&w);
}

void
rv_fuzz_seeds (void)
{
  seed_doc ("present-3-nodes", 12, true, RV_MOTION_PRESENT_MOVING, 4.5, 3, 0);
  seed_doc ("two-persons", 40, true, RV_MOTION_ACTIVE, 30.0, 4, 2);
  seed_doc ("absent-no-nodes", 7, false, RV_MOTION_ABSENT, 0.0, 0, 0);
}
