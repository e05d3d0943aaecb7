/* A sensing_update document for the MQTT tests, written by the same
 * writer rvmetaconvert uses (common/ruview/sensing_update.c), and checked
 * reads of JSON members (a test fails on a missing or mistyped one). */
#ifndef RV_TEST_SENSINGDOC_H
#define RV_TEST_SENSINGDOC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include "ruview/json.h"
#include "ruview/sensing_update.h"

static inline const gchar *
doc_str (const RvJsonValue * o, const gchar * key)
{
  const RvJsonValue *v = rv_json_get (o, key);
  fail_unless (v && v->type == RV_JSON_STRING, "no string %s", key);
  return v->text;
}

static inline guint64
doc_u64 (const RvJsonValue * o, const gchar * key)
{
  guint64 v;
  fail_unless (rv_json_as_u64 (rv_json_get (o, key), &v) == 0, "no %s", key);
  return v;
}

static inline gdouble
doc_f64 (const RvJsonValue * o, const gchar * key)
{
  gdouble v;
  fail_unless (rv_json_as_f64 (rv_json_get (o, key), &v) == 0, "no %s", key);
  return v;
}

typedef struct
{
  unsigned long long tick;
  int presence;
  RvMotionLevel level;
  double confidence, motion_band_power;
  unsigned n_persons;           /* as estimated_persons (persons[] left out) */
  unsigned n_nodes;             /* node ids 1..n_nodes */
  double rssi[8];
} TestDoc;

/* The document's text (one JSON object and a newline, as rvmetaconvert
 * writes it); the caller frees it with free(). */
static inline char *
test_doc_text (const TestDoc * d, size_t *len)
{
  RvSensingUpdate u;
  RvSuNode nodes[8];
  RvJsonWriter w;
  unsigned i;
  char *text;

  memset (&u, 0, sizeof (u));
  memset (nodes, 0, sizeof (nodes));
  for (i = 0; i < d->n_nodes && i < 8; i++) {
    nodes[i].node_id = i + 1;
    nodes[i].rssi_dbm = d->rssi[i];
    nodes[i].subcarrier_count = 56;
  }
  u.timestamp = 1700000000.0 + (double) d->tick * 0.05;
  u.source = "simulated";
  u.tick = d->tick;
  u.nodes = nodes;
  u.n_nodes = d->n_nodes;
  u.features.motion_band_power = d->motion_band_power;
  u.classification.presence = d->presence != 0;
  u.classification.motion_level = d->level;
  u.classification.confidence = d->confidence;
  u.cross_node_coherence = 1.0f;
  rv_json_writer_init (&w);
  rv_sensing_update_write (&w, &u);
  /* estimated_persons is written from the tracked persons; the tests set
   * a count alone, after tick (the reader does not care where) */
  if (d->n_persons) {
    char extra[64];
    int n = snprintf (extra, sizeof (extra), ",\"estimated_persons\":%u}",
        d->n_persons);
    w.len--;                    /* the closing brace */
    rv_json_append (&w, extra, (size_t) n);
  }
  rv_json_append (&w, "\n", 1);
  text = w.buf;
  *len = w.len;
  return text;
}

#endif
