/* rvcompare: pairing by running time, missing and late cycles (non-live,
 * live with the test clock), documents and messages, and the A/B trials of
 * docs/rvcompare.md on the synthetic room: fft-ista, use-cir-gate, identical
 * branches, a branch that drops cycles. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "ruview/json.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE \
  ", framerate=(fraction)20/1, calibrated=(boolean)false"
#define MS GST_MSECOND

/* ---------------------------------------------------------- helpers */

/* a fused cycle of 2 nodes and 4 bins at pts with this coherence */
static GstBuffer *
fused (GstClockTime pts, guint64 cycle, gfloat coherence)
{
  GstMapInfo map;
  RvFusedRecord r;
  GstBuffer *b = gst_rv_fused_buffer_new (2, 4, &map, &r);
  guint i;

  r.cycle = cycle;
  r.pts_ns = pts;
  r.duration_ns = 50 * MS;
  r.active_nodes = 2;
  r.cross_node_coherence = coherence;
  r.freq_coherence = 0.5f;
  for (i = 0; i < 2; i++) {
    r.nodes[i].node_id = i + 1;
    r.nodes[i].status = RV_NODE_FUSED;
    r.nodes[i].weight = 0.5f;
    r.nodes[i].record_index = G_MAXUINT32;
  }
  for (i = 0; i < 4; i++) {
    r.fused_amplitude[i] = 1.0f + (gfloat) i;
    r.fused_phase[i] = 0.0f;
  }
  gst_rv_fused_buffer_unmap (b, &map, &r);
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 50 * MS;
  return b;
}

/* a parsed document and its text (numbers point into it) */
typedef struct
{
  gchar *text;
  RvJsonDoc *doc;
  const RvJsonValue *v;
} Doc;

static void
doc_parse (Doc * d, const gchar * text, gsize len)
{
  RvJsonError err = RV_JSON_OK;
  d->text = g_strndup (text, len);
  d->doc = rv_json_doc_new ();
  d->v = rv_json_parse (d->doc, d->text, len, &err, NULL);
  fail_unless (d->v != NULL, "not JSON (%d): %s", err, d->text);
}

static void
doc_free (Doc * d)
{
  rv_json_doc_free (d->doc);
  g_free (d->text);
}

/* the document a buffer holds (one line) */
static void
doc_of_buffer (Doc * d, GstBuffer * b)
{
  GstMapInfo map;
  fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
  fail_unless (map.size > 0 && map.data[map.size - 1] == '\n');
  doc_parse (d, (const gchar *) map.data, map.size - 1);
  gst_buffer_unmap (b, &map);
}

static const gchar *
str (const RvJsonValue * v, const gchar * key)
{
  const RvJsonValue *m = rv_json_get (v, key);
  fail_unless (m != NULL && m->type == RV_JSON_STRING, "no string %s", key);
  return m->text;
}

static guint64
u64 (const RvJsonValue * v, const gchar * key)
{
  guint64 x = 0;
  fail_unless (rv_json_as_u64 (rv_json_get (v, key), &x) == 0, "no u64 %s",
      key);
  return x;
}

static gdouble
f64 (const RvJsonValue * v, const gchar * key)
{
  gdouble x = 0;
  fail_unless (rv_json_as_f64 (rv_json_get (v, key), &x) == 0, "no f64 %s",
      key);
  return x;
}

/* fields.<path> / decisions.<path> of a summary */
static const RvJsonValue *
member2 (const RvJsonValue * v, const gchar * k1, const gchar * k2)
{
  const RvJsonValue *m = rv_json_get (rv_json_get (v, k1), k2);
  fail_unless (m != NULL, "no %s.%s", k1, k2);
  return m;
}

static gboolean
in_array (const RvJsonValue * arr, const gchar * s)
{
  const RvJsonValue *e;
  for (e = arr ? arr->child : NULL; e; e = e->next)
    if (e->type == RV_JSON_STRING && g_str_equal (e->text, s))
      return TRUE;
  return FALSE;
}

static GstHarness *
two_pads (GstHarness ** h2, gboolean live)
{
  GstElement *e = gst_element_factory_make_full ("rvcompare",
      "force-live", live, "processing-time", FALSE, NULL);
  GstHarness *h = gst_harness_new_with_element (e, "sink_0", "src");
  gst_object_unref (e);
  if (live)
    gst_harness_use_testclock (h);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  *h2 = gst_harness_new_with_element (h->element, "sink_1", NULL);
  gst_harness_set_src_caps_str (*h2, FUSED_CAPS);
  gst_harness_play (h);
  return h;
}

static void
pull_doc (GstHarness * h, Doc * d)
{
  GstBuffer *b = gst_harness_pull (h);
  fail_unless (b != NULL);
  doc_of_buffer (d, b);
  gst_buffer_unref (b);
}

static guint64
stat (GstElement * e, const gchar * field)
{
  GstStructure *s = NULL;
  guint64 v = 0;
  g_object_get (e, "stats", &s, NULL);
  fail_unless (gst_structure_get_uint64 (s, field, &v));
  gst_structure_free (s);
  return v;
}

/* ------------------------------------------------------ harness tests */

GST_START_TEST (test_pairs_by_running_time)
{
  GstHarness *h2, *h = two_pads (&h2, FALSE);
  GstCaps *caps;
  Doc d;

  /* cycle 0 equal */
  fail_unless_equals_int (gst_harness_push (h, fused (0, 0, 0.75f)),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h2, fused (0, 0, 0.75f)),
      GST_FLOW_OK);
  pull_doc (h, &d);
  fail_unless_equals_string (str (d.v, "type"), "ab_cycle");
  fail_unless_equals_uint64 (u64 (d.v, "pts_ns"), 0);
  fail_unless_equals_string (str (d.v, "a"), "sink_0");
  fail_unless_equals_string (str (d.v, "b"), "sink_1");
  fail_unless (rv_json_get (d.v, "equal")->type == RV_JSON_TRUE);
  fail_unless_equals_int (rv_json_get (d.v, "differences")->n_children, 0);
  doc_free (&d);
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (caps, 0),
          GST_RV_JSON_MEDIA_TYPE));
  gst_caps_unref (caps);

  /* cycle 1: B's coherence differs */
  gst_harness_push (h, fused (50 * MS, 1, 0.75f));
  gst_harness_push (h2, fused (50 * MS, 1, 0.5f));
  pull_doc (h, &d);
  fail_unless (rv_json_get (d.v, "equal")->type == RV_JSON_FALSE);
  {
    const RvJsonValue *c = member2 (d.v, "differences",
        "fused.cross_node_coherence");
    fail_unless_equals_float (f64 (c, "a"), 0.75);
    fail_unless_equals_float (f64 (c, "b"), 0.5);
    fail_unless_equals_float (f64 (c, "abs_diff"), 0.25);
  }
  fail_unless_equals_int (rv_json_get (d.v, "differences")->n_children, 1);
  doc_free (&d);

  /* cycle 2 only on A, cycle 3 on both, with another cycle counter on B */
  gst_harness_push (h, fused (100 * MS, 2, 0.75f));
  gst_harness_push (h2, fused (150 * MS, 9, 0.75f));
  pull_doc (h, &d);
  fail_unless_equals_uint64 (u64 (d.v, "pts_ns"), 100 * MS);
  fail_unless_equals_string (str (d.v, "missing"), "b");
  doc_free (&d);
  gst_harness_push (h, fused (150 * MS, 3, 0.75f));
  pull_doc (h, &d);
  fail_unless_equals_uint64 (u64 (d.v, "pts_ns"), 150 * MS);
  fail_unless (rv_json_get (d.v, "equal")->type == RV_JSON_TRUE);
  doc_free (&d);

  /* a buffer that is not a fused record makes B miss cycle 4 */
  gst_harness_push (h, fused (200 * MS, 4, 0.75f));
  {
    GstBuffer *junk = gst_buffer_new_allocate (NULL, 16, NULL);
    gst_buffer_memset (junk, 0, 0x55, 16);
    GST_BUFFER_PTS (junk) = 200 * MS;
    gst_harness_push (h2, junk);
  }
  pull_doc (h, &d);
  fail_unless_equals_string (str (d.v, "missing"), "b");
  doc_free (&d);

  /* EOS: the final summary, then EOS */
  gst_harness_push_event (h, gst_event_new_eos ());
  gst_harness_push_event (h2, gst_event_new_eos ());
  pull_doc (h, &d);
  fail_unless_equals_string (str (d.v, "type"), "ab_summary");
  fail_unless (rv_json_get (d.v, "final")->type == RV_JSON_TRUE);
  fail_unless_equals_uint64 (u64 (d.v, "pts_ns"), 200 * MS);
  fail_unless_equals_uint64 (u64 (d.v, "cycles"), 3);
  fail_unless_equals_uint64 (u64 (d.v, "equal_cycles"), 2);
  fail_unless_equals_uint64 (u64 (rv_json_get (d.v, "missing"), "b"), 2);
  fail_unless_equals_uint64 (u64 (rv_json_get (d.v, "missing"), "a"), 0);
  fail_unless_equals_uint64 (u64 (d.v, "cycle_mismatch"), 1);
  fail_unless (in_array (rv_json_get (d.v, "changed"),
          "fused.cross_node_coherence"));
  fail_unless_equals_int (rv_json_get (d.v, "changed")->n_children, 1);
  {
    const RvJsonValue *c = member2 (d.v, "fields",
        "fused.cross_node_coherence");
    fail_unless_equals_uint64 (u64 (c, "compared"), 3);
    fail_unless_equals_uint64 (u64 (c, "equal"), 2);
    fail_unless_equals_float (f64 (c, "max_abs_diff"), 0.25);
  }
  /* no meta on either branch: no category, no meta field */
  fail_unless_equals_int (rv_json_get (d.v, "decisions")->n_children, 0);
  fail_unless (rv_json_get (rv_json_get (d.v, "fields"), "gate.coherence_score")
      == NULL);
  /* processing-time=false: not in the branch descriptions */
  fail_unless (rv_json_get (rv_json_get (d.v, "a"), "processing_time") ==
      NULL);
  doc_free (&d);
  fail_unless_equals_uint64 (stat (h->element, "invalid"), 1);
  fail_unless_equals_uint64 (stat (h->element, "compared"), 3);
  fail_unless_equals_uint64 (stat (h->element, "missing"), 2);
  /* then EOS */
  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    gboolean eos;
    fail_unless (ev != NULL, "no EOS");
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
    if (eos)
      break;
  }
  gst_harness_teardown (h2);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* live: a cycle the other branch does not deliver is compared once the
 * clock reaches its running time + latency, and a buffer that comes after
 * that is late */
GST_START_TEST (test_live_missing_not_waited)
{
  GstHarness *h2, *h = two_pads (&h2, TRUE);
  guint i;
  Doc d;

  fail_unless_equals_int (gst_harness_push (h, fused (0, 0, 0.75f)),
      GST_FLOW_OK);
  fail_unless (gst_harness_crank_single_clock_wait (h));
  pull_doc (h, &d);
  fail_unless_equals_string (str (d.v, "missing"), "b");
  doc_free (&d);
  /* compared at running time 0 + latency (100 ms) */
  fail_unless_equals_uint64 (gst_clock_get_time (GST_ELEMENT_CLOCK
          (h->element)), 100 * MS);

  /* B's cycle 0 now comes too late; cycle 1 comes on both in time */
  gst_harness_push (h2, fused (0, 0, 0.75f));
  gst_harness_push (h, fused (50 * MS, 1, 0.75f));
  gst_harness_push (h2, fused (50 * MS, 1, 0.75f));
  pull_doc (h, &d);
  fail_unless_equals_uint64 (u64 (d.v, "pts_ns"), 50 * MS);
  fail_unless (rv_json_get (d.v, "equal")->type == RV_JSON_TRUE);
  doc_free (&d);
  for (i = 0; i < 100 && stat (h->element, "late") == 0; i++)
    g_usleep (10000);
  fail_unless_equals_uint64 (stat (h->element, "late"), 1);
  gst_harness_teardown (h2);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* summary-interval: cumulative summaries and messages while running,
 * cycle-documents=none leaves only them */
GST_START_TEST (test_summaries_and_messages)
{
  GstHarness *h2, *h = two_pads (&h2, FALSE);
  GstBus *bus = gst_bus_new ();
  GstPad *sink1 = gst_element_get_static_pad (h->element, "sink_1");
  /* 4 cycles of 50 ms, a summary per 100 ms: after cycles 1 and 3, and
   * the final one at EOS */
  const guint64 cycles[3] = { 2, 4, 4 };
  GstMessage *msg;
  const GstStructure *s;
  const GValue *changed;
  guint i;
  Doc d;

  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "summary-interval", (guint64) (100 * MS),
      "cycle-documents", 2 /* none */ , NULL);
  g_object_set (sink1, "label", "lower", NULL);
  gst_object_unref (sink1);
  for (i = 0; i < 4; i++) {
    gst_harness_push (h, fused (i * 50 * MS, i, 0.75f));
    gst_harness_push (h2, fused (i * 50 * MS, i, i == 3 ? 0.5f : 0.75f));
  }
  gst_harness_push_event (h, gst_event_new_eos ());
  gst_harness_push_event (h2, gst_event_new_eos ());
  for (i = 0; i < 3; i++) {
    gboolean final = FALSE;
    guint64 n = 0, eq = 0;

    pull_doc (h, &d);
    fail_unless_equals_string (str (d.v, "type"), "ab_summary");
    fail_unless_equals_string (str (rv_json_get (d.v, "b"), "label"),
        "lower");
    fail_unless (rv_json_get (rv_json_get (d.v, "a"), "label")->type ==
        RV_JSON_NULL);
    fail_unless_equals_uint64 (u64 (d.v, "cycles"), cycles[i]);
    fail_unless (rv_json_get (d.v, "final")->type ==
        (i == 2 ? RV_JSON_TRUE : RV_JSON_FALSE));
    doc_free (&d);

    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
    fail_unless (msg != NULL);
    s = gst_message_get_structure (msg);
    fail_unless (gst_structure_has_name (s, "rvcompare"));
    fail_unless (gst_structure_has_field (s, "timestamp"));
    fail_unless (gst_structure_has_field (s, "running-time"));
    fail_unless_equals_string (gst_structure_get_string (s, "a"), "sink_0");
    fail_unless_equals_string (gst_structure_get_string (s, "b"), "sink_1");
    fail_unless (gst_structure_get_boolean (s, "final", &final));
    fail_unless_equals_int (final, i == 2);
    fail_unless (gst_structure_get_uint64 (s, "cycles", &n));
    fail_unless (gst_structure_get_uint64 (s, "equal-cycles", &eq));
    fail_unless_equals_uint64 (n, cycles[i]);
    fail_unless_equals_uint64 (eq, i == 0 ? 2 : 3);
    changed = gst_structure_get_value (s, "changed");
    fail_unless_equals_int (gst_value_array_get_size (changed), i == 0 ? 0 : 1);
    if (i > 0)
      fail_unless_equals_string (g_value_get_string (gst_value_array_get_value
              (changed, 0)), "fused.cross_node_coherence");
    doc_parse (&d, gst_structure_get_string (s, "summary"),
        strlen (gst_structure_get_string (s, "summary")));
    fail_unless_equals_uint64 (u64 (d.v, "cycles"), cycles[i]);
    doc_free (&d);
    gst_message_unref (msg);
  }
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);

  gst_bus_set_flushing (bus, TRUE);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h2);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* ------------------------------------------------------ the trials */

typedef struct
{
  GString *cycles;              /* every ab_cycle document */
  guint n_cycles;
} Collected;

static gboolean
collect_one (GstBuffer ** b, guint idx, gpointer user_data)
{
  Collected *c = user_data;
  GstMapInfo map;

  if (gst_buffer_map (*b, &map, GST_MAP_READ)) {
    if (g_strstr_len ((const gchar *) map.data, map.size, "\"ab_cycle\"")) {
      g_string_append_len (c->cycles, (const gchar *) map.data, map.size);
      c->n_cycles++;
    }
    gst_buffer_unmap (*b, &map);
  }
  return TRUE;
}

static GstPadProbeReturn
collect (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        collect_one, user_data);
  else {
    GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER (info);
    collect_one (&b, 0, user_data);
  }
  return GST_PAD_PROBE_OK;
}

/* Runs `line` (its rvcompare named c) to EOS; returns the final summary
 * message's JSON (to free) and every ab_cycle document in *cycles. */
static gchar *
run_trial (const gchar * line, Collected * cycles)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (line, &err);
  GstElement *c;
  GstPad *src;
  GstBus *bus;
  GstMessage *msg;
  gchar *summary = NULL;

  fail_unless (p != NULL && err == NULL, "%s: %s", line,
      err ? err->message : "");
  c = gst_bin_get_by_name (GST_BIN (p), "c");
  src = gst_element_get_static_pad (c, "src");
  cycles->cycles = g_string_new (NULL);
  cycles->n_cycles = 0;
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_BUFFER_LIST, collect, cycles, NULL);
  gst_object_unref (src);
  bus = gst_element_get_bus (p);
  fail_unless (gst_element_set_state (p, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  while ((msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
              GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT))) {
    GstMessageType t = GST_MESSAGE_TYPE (msg);
    if (t == GST_MESSAGE_ERROR) {
      GError *e = NULL;
      gst_message_parse_error (msg, &e, NULL);
      fail ("%s: %s", GST_OBJECT_NAME (msg->src), e->message);
    }
    if (t == GST_MESSAGE_ELEMENT && GST_MESSAGE_SRC (msg) == GST_OBJECT (c)) {
      gboolean final = FALSE;
      const GstStructure *s = gst_message_get_structure (msg);
      if (gst_structure_get_boolean (s, "final", &final) && final) {
        g_free (summary);
        summary = g_strdup (gst_structure_get_string (s, "summary"));
      }
    }
    gst_message_unref (msg);
    if (t == GST_MESSAGE_EOS)
      break;
  }
  fail_unless (msg != NULL, "no EOS within 120 s: %s", line);
  fail_unless (summary != NULL, "no final summary");
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (c);
  gst_object_unref (p);
  return summary;
}

/* the synthetic room, 2000 frames: 100 fused cycles */
#define TRIAL_HEAD "csisrc num-buffers=2000 ! rvphasealign ! " \
  "rvmultistaticfuse ! tee name=t "
#define TRIAL_CHAIN "rvcirgate %s ! rvtomography ! rvposetrack ! rvwitness"
#define TRIAL_CYCLES 100

static gchar *
trial (const gchar * a_props, const gchar * b_props, Collected * cycles)
{
  gchar *line = g_strdup_printf (TRIAL_HEAD
      "t. ! queue ! " TRIAL_CHAIN " ! c.sink_0 "
      "t. ! queue ! " TRIAL_CHAIN " ! c.sink_1 "
      "rvcompare name=c ! fakesink", a_props, b_props);
  gchar *s = run_trial (line, cycles);
  g_free (line);
  return s;
}

static void
field_all_equal (const RvJsonValue * summary, const gchar * path,
    guint64 cycles)
{
  const RvJsonValue *f = member2 (summary, "fields", path);
  fail_unless_equals_uint64 (u64 (f, "compared"), cycles);
  fail_unless (u64 (f, "equal") == cycles, "%s: %" G_GUINT64_FORMAT
      " of %" G_GUINT64_FORMAT " equal", path, u64 (f, "equal"), cycles);
}

/* every cell of a confusion table on its diagonal */
static void
decisions_diagonal (const RvJsonValue * summary, const gchar * path)
{
  const RvJsonValue *t = member2 (summary, "decisions", path), *c;
  fail_unless (t->n_children > 0);
  for (c = t->child; c; c = c->next) {
    gchar **ab = g_strsplit (c->key, "/", 2);
    fail_unless (g_strv_length (ab) == 2 && g_str_equal (ab[0], ab[1]),
        "%s: %s", path, c->key);
    g_strfreev (ab);
  }
}

static gboolean
have_fft_operator (void)
{
  GstElement *g = gst_element_factory_make_full ("rvcirgate", "fft-ista",
      TRUE, NULL);
  gboolean ok = gst_element_set_state (g, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE;
  gst_element_set_state (g, GST_STATE_NULL);
  gst_object_unref (g);
  return ok;
}

GST_START_TEST (test_trial_fft_ista)
{
  Collected cyc;
  gchar *text;
  Doc d;
  const RvJsonValue *f;

  if (!have_fft_operator ()) {
    g_print ("SKIP test_trial_fft_ista: this build has no FFT operator\n");
    return;
  }
  text = trial ("fft-ista=false", "fft-ista=true", &cyc);
  doc_parse (&d, text, strlen (text));
  fail_unless_equals_uint64 (u64 (d.v, "cycles"), TRIAL_CYCLES);
  fail_unless_equals_string (str (member2 (d.v, "differences",
              "rvcirgate.fft-ista"), "a"), "false");
  fail_unless_equals_string (str (member2 (d.v, "differences",
              "rvcirgate.fft-ista"), "b"), "true");
  fail_unless_equals_int (rv_json_get (d.v, "differences")->n_children, 1);
  /* the FFT operator really changes the taps' bits … */
  f = member2 (d.v, "fields", "cir.taps");
  fail_unless_equals_uint64 (u64 (f, "compared"), TRIAL_CYCLES);
  fail_unless (u64 (f, "equal") < TRIAL_CYCLES);
  /* … within the tolerances of the CIR estimator's FFT path: the same
   * dominant tap, active tap count and ranging flag every cycle; ratio
   * within 1e-2; taps within 1e-2·|x_dom|; delay spread within 1 % */
  field_all_equal (d.v, "cir.dominant_tap_idx", TRIAL_CYCLES);
  field_all_equal (d.v, "cir.active_tap_count", TRIAL_CYCLES);
  decisions_diagonal (d.v, "cir.ranging_valid");
  fail_unless (f64 (member2 (d.v, "fields", "cir.dominant_tap_ratio"),
          "max_abs_diff") < 1e-2);
  fail_unless (f64 (f, "max_rel_diff") < 1e-2);
  fail_unless (f64 (member2 (d.v, "fields", "cir.rms_delay_spread_s"),
          "max_rel_diff") < 1e-2);
  /* and the witness, which the engine computes from the node records, is
   * the same; so is every gate decision */
  field_all_equal (d.v, "witness.witness", TRIAL_CYCLES);
  decisions_diagonal (d.v, "gate.decision");
  fail_unless_equals_uint64 (u64 (rv_json_get (d.v, "missing"), "b"), 0);
  /* one document per cycle */
  fail_unless_equals_int (cyc.n_cycles, TRIAL_CYCLES);
  doc_free (&d);
  g_string_free (cyc.cycles, TRUE);
  g_free (text);
}
GST_END_TEST;

GST_START_TEST (test_trial_use_cir_gate)
{
  Collected cyc;
  gchar *text = trial ("use-cir-gate=true", "use-cir-gate=false", &cyc);
  const RvJsonValue *changed, *f;
  Doc d;

  doc_parse (&d, text, strlen (text));
  fail_unless_equals_uint64 (u64 (d.v, "cycles"), TRIAL_CYCLES);
  fail_unless (rv_json_get (d.v, "differences") != NULL);
  fail_unless_equals_string (str (member2 (d.v, "differences",
              "rvcirgate.use-cir-gate"), "b"), "false");
  /* the blended coherence differs on every cycle … */
  f = member2 (d.v, "fields", "fused.cross_node_coherence");
  fail_unless_equals_uint64 (u64 (f, "equal"), 0);
  fail_unless (f64 (f, "max_abs_diff") > 0.0);
  /* … and nothing else but the meta's flag saying it is blended: not the
   * gate, not the CIR, not the witness */
  changed = rv_json_get (d.v, "changed");
  fail_unless_equals_int (changed->n_children, 2);
  fail_unless (in_array (changed, "fused.cross_node_coherence"));
  fail_unless (in_array (changed, "cir.blended"));
  field_all_equal (d.v, "witness.witness", TRIAL_CYCLES);
  field_all_equal (d.v, "cir.taps", TRIAL_CYCLES);
  decisions_diagonal (d.v, "gate.decision");
  doc_free (&d);
  g_string_free (cyc.cycles, TRUE);
  g_free (text);
}
GST_END_TEST;

GST_START_TEST (test_trial_identical_branches)
{
  Collected cyc;
  gchar *text = trial ("", "", &cyc);
  const RvJsonValue *f;
  Doc d;

  doc_parse (&d, text, strlen (text));
  fail_unless_equals_uint64 (u64 (d.v, "cycles"), TRIAL_CYCLES);
  fail_unless_equals_uint64 (u64 (d.v, "equal_cycles"), TRIAL_CYCLES);
  fail_unless_equals_int (rv_json_get (d.v, "changed")->n_children, 0);
  fail_unless_equals_int (rv_json_get (d.v, "differences")->n_children, 0);
  /* every field present is equal on every cycle it was compared */
  for (f = rv_json_get (d.v, "fields")->child; f; f = f->next) {
    fail_unless (u64 (f, "equal") == u64 (f, "compared"), "%s", f->key);
    fail_unless_equals_uint64 (u64 (f, "only_a") + u64 (f, "only_b"), 0);
  }
  for (f = rv_json_get (d.v, "decisions")->child; f; f = f->next)
    decisions_diagonal (d.v, f->key);
  /* every meta of the chain was there to compare */
  field_all_equal (d.v, "witness.witness", TRIAL_CYCLES);
  field_all_equal (d.v, "cir.taps", TRIAL_CYCLES);
  fail_unless (u64 (member2 (d.v, "fields", "occupancy.densities"),
          "compared") > 0);
  fail_unless (u64 (member2 (d.v, "fields", "pose.positions"),
          "compared") > 0);
  fail_unless (member2 (d.v, "decisions", "pose.lifecycle") != NULL);
  /* the branch threads start at the queues: processing time known */
  fail_unless (u64 (member2 (d.v, "a", "processing_time"), "cycles") > 0);
  fail_unless (u64 (member2 (d.v, "b", "processing_time"), "cycles") > 0);
  doc_free (&d);
  g_string_free (cyc.cycles, TRUE);
  g_free (text);
}
GST_END_TEST;

/* A branch that drops cycles is counted, not waited for: identity drops at
 * random, a valve drops everything as GAP events. */
GST_START_TEST (test_trial_dropping_branch)
{
  const gchar *droppers[] = {
    "identity drop-probability=0.3",
    "valve drop=true drop-mode=transform-to-gap",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (droppers); i++) {
    gchar *line = g_strdup_printf (TRIAL_HEAD
        "t. ! queue ! rvcirgate ! c.sink_0 "
        "t. ! queue ! %s ! rvcirgate ! c.sink_1 "
        "rvcompare name=c ! fakesink", droppers[i]);
    Collected cyc;
    gchar *text = run_trial (line, &cyc);
    guint64 compared, missing;
    Doc d;

    doc_parse (&d, text, strlen (text));
    compared = u64 (d.v, "cycles");
    missing = u64 (rv_json_get (d.v, "missing"), "b");
    fail_unless (missing > 0, "%s", droppers[i]);
    fail_unless_equals_uint64 (compared + missing, TRIAL_CYCLES);
    fail_unless_equals_uint64 (u64 (rv_json_get (d.v, "missing"), "a"), 0);
    fail_unless (in_array (rv_json_get (d.v, "only_in_b"),
            i == 0 ? "identity" : "valve"));
    if (i == 1)
      fail_unless_equals_uint64 (compared, 0);
    /* one document per cycle of A: compared or missing */
    fail_unless_equals_int (cyc.n_cycles, TRIAL_CYCLES);
    doc_free (&d);
    g_string_free (cyc.cycles, TRUE);
    g_free (text);
    g_free (line);
  }
}
GST_END_TEST;

/* the pad's label through the child proxy, as gst-launch sets it */
GST_START_TEST (test_labels_from_launch_line)
{
  Collected cyc;
  gchar *text = run_trial (TRIAL_HEAD
      "t. ! queue ! rvcirgate ! c.sink_0 t. ! queue ! rvcirgate ! c.sink_1 "
      "rvcompare name=c sink_0::label=dense sink_1::label=\"also dense\" "
      "! fakesink", &cyc);
  Doc d;

  doc_parse (&d, text, strlen (text));
  fail_unless_equals_string (str (rv_json_get (d.v, "a"), "label"), "dense");
  fail_unless_equals_string (str (rv_json_get (d.v, "b"), "label"),
      "also dense");
  fail_unless_equals_string (str (rv_json_get (d.v, "b"), "pad"), "sink_1");
  doc_free (&d);
  g_string_free (cyc.cycles, TRUE);
  g_free (text);
}
GST_END_TEST;

static Suite *
rvcompare_suite (void)
{
  Suite *s = suite_create ("rvcompare");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_pairs_by_running_time);
  tcase_add_test (tc, test_live_missing_not_waited);
  tcase_add_test (tc, test_summaries_and_messages);
  tcase_add_test (tc, test_trial_fft_ista);
  tcase_add_test (tc, test_trial_use_cir_gate);
  tcase_add_test (tc, test_trial_identical_branches);
  tcase_add_test (tc, test_trial_dropping_branch);
  tcase_add_test (tc, test_labels_from_launch_line);
  return s;
}

GST_CHECK_MAIN (rvcompare);
