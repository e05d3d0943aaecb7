/* rvcirgate: the CIR gate goldens through the element (cir.md §6, §10.5,
 * §12.2), the blend, the ht20 trap, fft-ista, the coherence gate sequence
 * (frontend.md §8), messages, GAP passthrough, JSON, latency, settings. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <math.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvcirmeta-private.h"
#include "gst/ruview/rvgatemeta-private.h"
#include "ruview/cir.h"
#include "ruview/coherence.h"
#include "ruview/gate.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE \
  ", framerate=(fraction)20/1, calibrated=(boolean)false"
#define MS GST_MSECOND
#define N_BINS 56

/* cir.md §10.5 multistatic gate frame of node i */
static void
gen_node_frame (guint node, gfloat * amp, gfloat * phase)
{
  gfloat scale = 1.0f + 0.05f * (gfloat) node;
  guint j;
  for (j = 0; j < N_BINS; j++) {
    amp[j] = scale * (1.0f + 0.1f * (gfloat) j);
    phase[j] = (gfloat) j *0.05f;
  }
}

/* cir.md §12: FNV-1a-64 over the taps' bit patterns, little-endian */
static guint64
fnv_taps (const gfloat * taps, gsize n_floats)
{
  guint64 h = 0xcbf29ce484222325ull;
  gsize i;
  guint b;
  for (i = 0; i < n_floats; i++) {
    guint32 u;
    memcpy (&u, &taps[i], 4);
    for (b = 0; b < 4; b++) {
      h ^= (u >> (8 * b)) & 0xffu;
      h *= 0x100000001b3ull;
    }
  }
  return h;
}

static guint32
f32_bits (gfloat f)
{
  guint32 u;
  memcpy (&u, &f, 4);
  return u;
}

static GstBuffer *
node_record (guint node)
{
  GstMapInfo map;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, N_BINS, &map,
      &f);
  f.node_id = node;
  f.timestamp_us = 1000 + node;
  f.flags = RV_CSI_FLAG_PHASE_ALIGNED;
  f.channel_freq_mhz[0] = 2437;
  gen_node_frame (node, rv_csi_amplitude (&f, 0), rv_csi_phase (&f, 0));
  gst_rv_csi_buffer_unmap (b, &map, &f);
  return b;
}

/* A fused cycle carrying the canonical records of `nodes` (in that order);
 * fused amplitude = amp (or node nodes[0]'s amplitude). */
static GstBuffer *
fused_buffer (const guint * nodes, guint n, const gfloat * amp, gfloat freq,
    gfloat cross, guint64 cycle)
{
  GstMapInfo map;
  RvFusedRecord rec;
  GstBuffer *out = gst_rv_fused_buffer_new (n, N_BINS, &map, &rec);
  gfloat a0[N_BINS], p0[N_BINS];
  guint i;

  gen_node_frame (n > 0 ? nodes[0] : 0, a0, p0);
  rec.cycle = cycle;
  rec.timestamp_us = 1000;
  rec.active_nodes = n;
  rec.freq_coherence = freq;
  rec.cross_node_coherence = cross;
  for (i = 0; i < n; i++) {
    rec.nodes[i].node_id = nodes[i];
    rec.nodes[i].status = RV_NODE_FUSED;
    rec.nodes[i].weight = 1.0f / (gfloat) n;
    rec.nodes[i].record_index = i;
    rec.nodes[i].timestamp_us = 1000 + nodes[i];
  }
  memcpy (rec.fused_amplitude, amp ? amp : a0, sizeof (a0));
  memcpy (rec.fused_phase, p0, sizeof (p0));
  rec.n_node_records = n;
  rec.pts_ns = cycle * 50 * MS;
  rec.duration_ns = 50 * MS;
  gst_rv_fused_buffer_unmap (out, &map, &rec);
  for (i = 0; i < n; i++) {
    GstBuffer *nb = node_record (nodes[i]);
    gst_buffer_append_memory (out, gst_buffer_get_all_memory (nb));
    gst_buffer_unref (nb);
  }
  GST_BUFFER_PTS (out) = cycle * 50 * MS;
  GST_BUFFER_DURATION (out) = 50 * MS;
  return out;
}

static GstBuffer *
gap_buffer (guint64 cycle)
{
  GstMapInfo map;
  RvFusedRecord rec;
  GstBuffer *out = gst_rv_fused_buffer_new (2, 0, &map, &rec);
  rec.cycle = cycle;
  rec.nodes[0].node_id = 0;
  rec.nodes[1].node_id = 1;
  rec.nodes[0].record_index = rec.nodes[1].record_index = G_MAXUINT32;
  rec.pts_ns = cycle * 50 * MS;
  rec.duration_ns = 50 * MS;
  gst_rv_fused_buffer_unmap (out, &map, &rec);
  GST_BUFFER_PTS (out) = cycle * 50 * MS;
  GST_BUFFER_DURATION (out) = 50 * MS;
  GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_GAP);
  return out;
}

static void
read_coherence (GstBuffer * b, gfloat * cross, gfloat * freq)
{
  GstMapInfo map;
  RvFusedRecord r;
  fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r));
  *cross = r.cross_node_coherence;
  *freq = r.freq_coherence;
  gst_rv_fused_buffer_unmap (b, &map, NULL);
}

static GstHarness *
gate_harness (const gchar * first_prop, ...)
{
  GstElement *e;
  GstHarness *h;
  va_list ap;

  e = gst_element_factory_make ("rvcirgate", NULL);
  fail_unless (e != NULL);
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
stat (GstElement * e, const gchar * name)
{
  GstStructure *st;
  guint64 v = G_MAXUINT64;
  g_object_get (e, "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, name, &v), "no stat %s", name);
  gst_structure_free (st);
  return v;
}

static const guint nodes4[4] = { 0, 1, 2, 3 };

GST_START_TEST (test_gate_node0_golden)
{
  GstHarness *h = gate_harness (NULL);
  GstBuffer *b;
  GstRvCirMeta *m;
  gfloat cross, freq, expect;

  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 0));
  m = gst_buffer_get_rv_cir_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_int (m->error, RV_CIR_OK);
  fail_unless_equals_int (m->tier, RV_CIR_TIER_CANONICAL56);
  fail_if (m->fft_ista);
  fail_unless (m->blended);
  /* cir.md §12.2 "gate node 0, canonical56 1×56" */
  fail_unless_equals_uint64 (m->cir.dominant_tap_idx, 167);
  fail_unless_equals_int (f32_bits (m->cir.dominant_tap_ratio), 0x3ed0eca7);
  fail_unless_equals_uint64 (m->cir.active_tap_count, 25);
  fail_unless_equals_int (m->cir.iters_used, 100);
  fail_unless (fabs (m->cir.rms_delay_spread_s - 2.000008e-8) < 1e-13);
  fail_unless (fabsf (m->cir.residual - 2.191535e-3f) < 1e-8f);
  fail_if (m->cir.ranging_valid);
  fail_unless_equals_uint64 (m->cir.num_taps, 168);
  fail_unless (m->cir.taps != NULL);
  fail_unless (fnv_taps (m->cir.taps, 2 * 168) == 0x71e3b86c97e1a8c0ull);
  fail_unless_equals_int (f32_bits (m->cir.dominant_tap_ratio),
      f32_bits (0.40805551f));

  /* the blend (cir.md §6 step 3), written into the record */
  read_coherence (b, &cross, &freq);
  expect = 0.7f * 0.9f + 0.3f * m->cir.dominant_tap_ratio;
  fail_unless_equals_int (f32_bits (freq), f32_bits (0.9f));
  fail_unless_equals_int (f32_bits (cross), f32_bits (expect));
  fail_unless_equals_int (f32_bits (cross),
      f32_bits (rv_cir_gate_blend (0.9f, m->cir.dominant_tap_ratio)));
  fail_unless (gst_buffer_get_rv_gate_meta (b) != NULL);
  /* the node records are untouched */
  fail_unless_equals_int (gst_rv_fused_buffer_n_node_records (b), 4);
  gst_buffer_unref (b);

  fail_unless_equals_uint64 (stat (h->element, "cycles"), 1);
  fail_unless_equals_uint64 (stat (h->element, "estimates"), 1);
  fail_unless_equals_uint64 (stat (h->element, "blended"), 1);
  fail_unless_equals_uint64 (stat (h->element, "errors"), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* One node (id 0) whose record and fused vector are amp/phase of n bins. */
static GstBuffer *
custom_fused (guint n, const gfloat * amp, const gfloat * phase, gfloat freq)
{
  GstMapInfo map;
  RvFusedRecord rec;
  RvCsiFrame f;
  GstBuffer *nb, *out = gst_rv_fused_buffer_new (1, n, &map, &rec);

  rec.active_nodes = 1;
  rec.freq_coherence = rec.cross_node_coherence = freq;
  rec.nodes[0].status = RV_NODE_FUSED;
  rec.nodes[0].weight = 1.0f;
  rec.nodes[0].record_index = 0;
  memcpy (rec.fused_amplitude, amp, n * sizeof (gfloat));
  memcpy (rec.fused_phase, phase, n * sizeof (gfloat));
  rec.n_node_records = 1;
  gst_rv_fused_buffer_unmap (out, &map, &rec);
  nb = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, n, &map, &f);
  f.flags = RV_CSI_FLAG_PHASE_ALIGNED;
  memcpy (rv_csi_amplitude (&f, 0), amp, n * sizeof (gfloat));
  memcpy (rv_csi_phase (&f, 0), phase, n * sizeof (gfloat));
  gst_rv_csi_buffer_unmap (nb, &map, &f);
  gst_buffer_append_memory (out, gst_buffer_get_all_memory (nb));
  gst_buffer_unref (nb);
  GST_BUFFER_PTS (out) = 0;
  GST_BUFFER_DURATION (out) = 50 * MS;
  return out;
}

/* The core's taps for node 0's frame: fft operator, solver, tolerance. */
static guint64
core_fnv (RvCirSolver solver, gfloat tolerance)
{
  RvCirConfig cfg;
  RvCirEstimator *e;
  RvCirWorkspace *w;
  gfloat amp[N_BINS], ph[N_BINS], taps[2 * 168];
  RvCir c;
  guint64 h;
  rv_cir_config_init (&cfg, RV_CIR_TIER_CANONICAL56);
  cfg.fft_operator = true;
  cfg.solver = solver;
  cfg.tolerance = tolerance;
  e = rv_cir_estimator_new (&cfg, NULL);
  w = rv_cir_workspace_new (e);
  gen_node_frame (0, amp, ph);
  fail_unless_equals_int (rv_cir_estimate_polar (e, w, amp, N_BINS, ph, N_BINS, taps, &c),
      RV_CIR_OK);
  h = fnv_taps (taps, 2 * 168);
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
  return h;
}

typedef struct
{
  gboolean fista;
  guint64 fnv[4];
  gboolean ok;
} InstanceArg;

/* Four instances, one after the other, each started (its estimator planned)
 * while the other threads plan theirs, each estimating one cycle. */
static gpointer
fft_instance_thread (gpointer data)
{
  InstanceArg *a = data;
  guint i;
  a->ok = TRUE;
  for (i = 0; i < 4; i++) {
    GstHarness *h = gate_harness ("fft-ista", TRUE, "solver", a->fista ? 1 : 0,
        "tolerance", a->fista ? 3e-3f : 1e-4f, NULL);
    GstBuffer *b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL,
            0.9f, 0.9f, 0));
    GstRvCirMeta *m = gst_buffer_get_rv_cir_meta (b);
    if (!m || m->error != RV_CIR_OK || !m->fft_ista
        || (guint) m->solver != (a->fista ? 1u : 0u))
      a->ok = FALSE;
    else
      a->fnv[i] = fnv_taps (m->cir.taps, 2 * 168);
    gst_buffer_unref (b);
    gst_harness_teardown (h);
  }
  return NULL;
}

GST_START_TEST (test_fft_instances)
{
  /* what fft-ista promises: several instances planning at once, in several
   * threads, all give the core's bits, with either solver */
  InstanceArg args[4];
  GThread *t[4];
  guint64 ref[2];
  guint i, j;

  ref[0] = core_fnv (RV_CIR_SOLVER_ISTA, 1e-4f);
  ref[1] = core_fnv (RV_CIR_SOLVER_FISTA, 3e-3f);
  for (i = 0; i < 4; i++) {
    memset (&args[i], 0, sizeof (args[i]));
    args[i].fista = i % 2;
    t[i] = g_thread_new ("fft", fft_instance_thread, &args[i]);
  }
  for (i = 0; i < 4; i++) {
    g_thread_join (t[i]);
    fail_unless (args[i].ok, "thread %u", i);
    for (j = 0; j < 4; j++)
      fail_unless (args[i].fnv[j] == ref[i % 2], "thread %u instance %u", i, j);
  }
}
GST_END_TEST;

/* fista with a tolerance stops early, at ISTA's dominant tap; the element
 * hands both to the meta, the message and the blend */
GST_START_TEST (test_solver_fista)
{
  GstHarness *hi = gate_harness (NULL);
  GstHarness *hf = gate_harness ("solver", 1, "tolerance", 3e-3f, NULL);
  GstBuffer *bi, *bf;
  GstRvCirMeta *mi, *mf;
  gfloat cross, freq;

  bi = gst_harness_push_and_pull (hi, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 0));
  bf = gst_harness_push_and_pull (hf, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 0));
  mi = gst_buffer_get_rv_cir_meta (bi);
  mf = gst_buffer_get_rv_cir_meta (bf);
  fail_unless (mi != NULL && mf != NULL);
  fail_unless_equals_int (gst_rv_cir_meta_get_solver (mi), GST_RV_SOLVER_ISTA);
  fail_unless_equals_int (gst_rv_cir_meta_get_solver (mf), GST_RV_SOLVER_FISTA);
  fail_unless_equals_int (mi->cir.iters_used, 100);
  fail_unless (mf->cir.iters_used < 50, "%u iterations", mf->cir.iters_used);
  fail_unless (mf->cir.residual < 3e-3f);
  fail_unless_equals_uint64 (mf->cir.dominant_tap_idx, mi->cir.dominant_tap_idx);
  fail_unless (fabsf (mf->cir.dominant_tap_ratio - mi->cir.dominant_tap_ratio) < 2e-2f);
  read_coherence (bf, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (rv_cir_gate_blend (0.9f,
              mf->cir.dominant_tap_ratio)));
  gst_buffer_unref (bi);
  gst_buffer_unref (bf);
  gst_harness_teardown (hi);
  gst_harness_teardown (hf);
}
GST_END_TEST;

GST_START_TEST (test_unsanitized_phase)
{
  /* 56 evenly spread phases: circular variance 1 > 0.99 (cir.md §5.3) */
  GstHarness *h = gate_harness (NULL);
  gfloat amp[N_BINS], ph[N_BINS], cross, freq;
  GstRvCirMeta *m;
  GstBuffer *b;
  guint j;

  for (j = 0; j < N_BINS; j++) {
    amp[j] = 1.0f;
    ph[j] = (gfloat) (2.0 * G_PI * j / N_BINS);
  }
  b = gst_harness_push_and_pull (h, custom_fused (N_BINS, amp, ph, 0.8f));
  m = gst_buffer_get_rv_cir_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_int (m->error, RV_CIR_ERROR_UNSANITIZED_PHASE);
  fail_unless (m->cir.phase_variance > 0.99f);
  read_coherence (b, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (0.8f));
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (h->element, "unsanitized-phase"), 1);
  fail_unless_equals_uint64 (stat (h->element, "errors"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_he40_tier)
{
  /* the widest tier on 484-bin canonical frames (K = 484), both operators */
  static gfloat amp[484], ph[484];
  guint j, fft;

  for (j = 0; j < 484; j++) {
    amp[j] = 1.0f + 0.01f * (gfloat) (j % 7);
    ph[j] = -0.02f * (gfloat) j;
  }
  for (fft = 0; fft < 3; fft++) {
    /* forced with both operators, then the default: auto chooses it */
    GstHarness *h = fft < 2 ? gate_harness ("tier", 4 /* he40 */ ,
        "fft-ista", fft, NULL) : gate_harness (NULL);
    GstBuffer *b = gst_harness_push_and_pull (h, custom_fused (484, amp, ph,
            1.0f));
    GstRvCirMeta *m = gst_buffer_get_rv_cir_meta (b);
    fail_unless (m != NULL);
    fail_unless_equals_int (m->error, RV_CIR_OK);
    fail_unless_equals_int (m->tier, RV_CIR_TIER_HE40);
    fail_unless_equals_uint64 (m->cir.num_taps, 1452);
    fail_unless (m->cir.taps != NULL);
    fail_unless (m->cir.bandwidth_hz == 40e6);
    fail_unless (gst_buffer_get_rv_gate_meta (b) != NULL);
    gst_buffer_unref (b);
    gst_harness_teardown (h);
  }
}
GST_END_TEST;

/* The text of the one warning the harnessed element posted on bus (there
 * must be exactly one); the element is detached from bus, which is
 * unreffed */
static gchar *
one_warning (GstHarness * h, GstBus * bus)
{
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  GError *err = NULL;
  gchar *text;

  fail_unless (msg != NULL);
  gst_message_parse_warning (msg, &err, NULL);
  text = g_strdup (err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING) == NULL);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  return text;
}

/* tier=auto on frames no tier takes: a warning once, every estimate a
 * subcarrier mismatch, the coherence passed through */
GST_START_TEST (test_auto_no_tier)
{
  static gfloat amp[30], ph[30];
  GstHarness *h = gate_harness (NULL);
  GstBus *bus = gst_bus_new ();
  guint i;

  gst_element_set_bus (h->element, bus);
  for (i = 0; i < 30; i++)
    amp[i] = 1.0f;
  for (i = 0; i < 3; i++) {
    GstBuffer *b = gst_harness_push_and_pull (h, custom_fused (30, amp, ph,
            1.0f));
    GstRvCirMeta *m = gst_buffer_get_rv_cir_meta (b);
    fail_unless (m != NULL);
    fail_unless_equals_int (m->error, RV_CIR_ERROR_SUBCARRIER_MISMATCH);
    gst_buffer_unref (b);
  }
  g_free (one_warning (h, bus));
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_first_record_is_used)
{
  /* the estimate runs on record 0 only (cir.md §6 step 1) */
  static const guint nodes[2] = { 7, 8 };
  GstHarness *h = gate_harness (NULL);
  GstBuffer *b = gst_harness_push_and_pull (h, fused_buffer (nodes, 2, NULL,
          1.0f, 1.0f, 0));
  GstRvCirMeta *m = gst_buffer_get_rv_cir_meta (b);

  fail_unless (m != NULL);
  fail_unless_equals_uint64 (m->cir.dominant_tap_idx, 167);
  fail_unless_equals_int (f32_bits (m->cir.dominant_tap_ratio), 0x3ec107c8);
  fail_unless_equals_uint64 (m->cir.active_tap_count, 30);
  fail_unless (fnv_taps (m->cir.taps, 2 * 168) == 0x685fec3ecdc06899ull);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_eight_nodes_ok_and_on_off_differ)
{
  /* cir.md §10.5: canonical56 on the 8 frames → 8 Ok; gate on ≠ off */
  GstHarness *on = gate_harness (NULL);
  GstHarness *off = gate_harness ("use-cir-gate", FALSE, NULL);
  guint i;

  for (i = 0; i < 8; i++) {
    guint node = i;
    GstBuffer *a = gst_harness_push_and_pull (on, fused_buffer (&node, 1,
            NULL, 1.0f, 1.0f, i));
    GstBuffer *b = gst_harness_push_and_pull (off, fused_buffer (&node, 1,
            NULL, 1.0f, 1.0f, i));
    gfloat ca, cb, fa, fb;
    read_coherence (a, &ca, &fa);
    read_coherence (b, &cb, &fb);
    fail_unless (fabsf (ca - cb) > 1e-6f);
    fail_unless_equals_int (f32_bits (cb), f32_bits (1.0f));
    gst_buffer_unref (a);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (stat (on->element, "estimates"), 8);
  fail_unless_equals_uint64 (stat (on->element, "errors"), 0);
  fail_unless_equals_uint64 (stat (off->element, "estimates"), 8);
  fail_unless_equals_uint64 (stat (off->element, "blended"), 0);
  gst_harness_teardown (on);
  gst_harness_teardown (off);
}
GST_END_TEST;

GST_START_TEST (test_use_cir_gate_false)
{
  GstHarness *h = gate_harness ("use-cir-gate", FALSE, NULL);
  GstBuffer *b;
  GstRvCirMeta *m;
  gfloat cross, freq;

  /* cross differs from freq on purpose: the record is left as it is */
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.95f, 0));
  read_coherence (b, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (0.95f));
  fail_unless_equals_int (f32_bits (freq), f32_bits (0.9f));
  m = gst_buffer_get_rv_cir_meta (b);
  fail_unless (m != NULL);
  fail_if (m->blended);
  fail_unless_equals_int (m->error, RV_CIR_OK);
  fail_unless_equals_int (f32_bits (m->cir.dominant_tap_ratio), 0x3ed0eca7);
  fail_unless (gst_buffer_get_rv_gate_meta (b) != NULL);
  gst_buffer_unref (b);

  /* use-cir-gate is mutable in PLAYING */
  g_object_set (h->element, "use-cir-gate", TRUE, NULL);
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.95f, 1));
  read_coherence (b, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (rv_cir_gate_blend (0.9f,
              gst_buffer_get_rv_cir_meta (b)->cir.dominant_tap_ratio)));
  fail_unless (gst_buffer_get_rv_cir_meta (b)->blended);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_ht20_trap)
{
  GstHarness *h = gate_harness ("tier", 0 /* ht20 */ , NULL);
  GstBus *bus = gst_bus_new ();
  GstElement *d = gst_element_factory_make ("rvcirgate", NULL);
  GstBuffer *b;
  GstRvCirMeta *m;
  gchar *text;
  gfloat cross, freq;
  gint tier;
  guint i;

  /* the default tier is auto */
  g_object_get (d, "tier", &tier, NULL);
  fail_unless_equals_int (tier, GST_RV_CIR_TIER_AUTO);
  gst_object_unref (d);
  gst_element_set_bus (h->element, bus);

  for (i = 0; i < 8; i++) {
    guint node = i;
    /* cross deliberately stale: the gate writes freq back on an error */
    b = gst_harness_push_and_pull (h, fused_buffer (&node, 1, NULL, 0.9f,
            0.5f, i));
    read_coherence (b, &cross, &freq);
    fail_unless_equals_int (f32_bits (cross), f32_bits (0.9f));
    m = gst_buffer_get_rv_cir_meta (b);
    fail_unless (m != NULL);
    fail_unless_equals_int (m->tier, RV_CIR_TIER_HT20);
    fail_unless_equals_int (m->error, RV_CIR_ERROR_SUBCARRIER_MISMATCH);
    fail_unless_equals_uint64 (m->cir.expected_cols, 64);
    fail_unless_equals_uint64 (m->cir.got_cols, 56);
    fail_if (m->blended);
    fail_unless (m->cir.taps == NULL);
    fail_unless (gst_buffer_get_rv_gate_meta (b) != NULL);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (stat (h->element, "cycles"), 8);
  fail_unless_equals_uint64 (stat (h->element, "estimates"), 0);
  fail_unless_equals_uint64 (stat (h->element, "errors"), 8);
  fail_unless_equals_uint64 (stat (h->element, "subcarrier-mismatch"), 8);
  fail_unless_equals_uint64 (stat (h->element, "blended"), 0);
  /* not silent: one warning, naming both widths */
  text = one_warning (h, bus);
  fail_unless (strstr (text, "64") && strstr (text, "56")
      && strstr (text, "tier=auto"), "%s", text);
  g_free (text);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_fft_ista)
{
  GstHarness *h = gate_harness ("fft-ista", TRUE, NULL);
  GstBuffer *b;
  GstRvCirMeta *m;
  gfloat cross, freq;

  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 0));
  m = gst_buffer_get_rv_cir_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_int (m->error, RV_CIR_OK);
  fail_unless (m->fft_ista);
  fail_unless_equals_uint64 (m->cir.dominant_tap_idx, 167);
  fail_unless (fabsf (m->cir.dominant_tap_ratio - 0.40805551f) < 1e-2f,
      "fft ratio %.9g", (double) m->cir.dominant_tap_ratio);
  read_coherence (b, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (rv_cir_gate_blend (0.9f,
              m->cir.dominant_tap_ratio)));
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_gate_sequence)
{
  /* frontend.md §8: accept (init), accept, predict_only (z ≈ 0.8),
   * reject, recalibrate (stale 3 = max-stale), accept (back on the
   * reference) */
  static const RvGateDecisionKind expect[6] = { RV_GATE_ACCEPT,
    RV_GATE_ACCEPT, RV_GATE_PREDICT_ONLY, RV_GATE_REJECT,
    RV_GATE_RECALIBRATE, RV_GATE_ACCEPT
  };
  static const guint64 expect_stale[6] = { 0, 0, 1, 2, 3, 0 };
  static const RvDriftProfile expect_drift[6] = { RV_DRIFT_STABLE,
    RV_DRIFT_STABLE, RV_DRIFT_STEP_CHANGE, RV_DRIFT_STEP_CHANGE,
    RV_DRIFT_STEP_CHANGE, RV_DRIFT_STABLE
  };
  GstHarness *h = gate_harness ("max-stale", (guint64) 3, NULL);
  RvCoherenceState *ref = rv_coherence_state_new (N_BINS, 0.85f, NULL);
  gfloat amp[6][N_BINS];
  guint c, j;

  for (j = 0; j < N_BINS; j++) {
    amp[0][j] = amp[1][j] = amp[5][j] = 1.0f;
    amp[2][j] = 1.78f;
    amp[3][j] = amp[4][j] = 11.0f;
  }
  for (c = 0; c < 6; c++) {
    GstBuffer *b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 1,
            amp[c], 1.0f, 1.0f, c));
    GstRvGateMeta *g = gst_buffer_get_rv_gate_meta (b);
    gfloat score = -1.0f;

    fail_unless (rv_coherence_state_update (ref, amp[c], N_BINS,
            &score) == RV_COHERENCE_OK);
    fail_unless (g != NULL);
    fail_unless_equals_int (f32_bits (g->coherence_score), f32_bits (score));
    fail_unless_equals_int (g->decision.kind, expect[c]);
    fail_unless_equals_uint64 (g->stale_count, expect_stale[c]);
    fail_unless_equals_int (g->drift_profile, expect_drift[c]);
    if (expect[c] == RV_GATE_ACCEPT)
      fail_unless_equals_int (f32_bits (g->decision.noise_multiplier),
          f32_bits (1.0f));
    if (expect[c] == RV_GATE_RECALIBRATE)
      fail_unless_equals_uint64 (g->decision.stale_frames, 3);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (stat (h->element, "accept"), 3);
  fail_unless_equals_uint64 (stat (h->element, "predict-only"), 1);
  fail_unless_equals_uint64 (stat (h->element, "reject"), 1);
  fail_unless_equals_uint64 (stat (h->element, "recalibrate"), 1);
  rv_coherence_state_free (ref);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_coherence_state_follows_bins)
{
  /* a change of n_bins restarts the coherence state (initialises again) */
  GstHarness *h = gate_harness (NULL);
  GstBuffer *b;
  GstMapInfo map;
  RvFusedRecord rec;
  guint j;

  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 1, NULL, 1.0f, 1.0f,
          0));
  gst_buffer_unref (b);
  b = gst_rv_fused_buffer_new (1, 30, &map, &rec);
  rec.active_nodes = 1;
  rec.freq_coherence = rec.cross_node_coherence = 1.0f;
  for (j = 0; j < 30; j++)
    rec.fused_amplitude[j] = 50.0f;
  rec.n_node_records = 0;
  gst_rv_fused_buffer_unmap (b, &map, &rec);
  b = gst_harness_push_and_pull (h, b);
  fail_unless_equals_int (gst_buffer_get_rv_gate_meta (b)->decision.kind,
      RV_GATE_ACCEPT);
  fail_unless_equals_int (f32_bits (gst_buffer_get_rv_gate_meta
          (b)->coherence_score), f32_bits (1.0f));
  /* no node record: no estimate, no CIR meta, coherence = freq */
  fail_unless (gst_buffer_get_rv_cir_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (h->element, "no-input"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_flush_resets_coherence)
{
  GstHarness *h = gate_harness (NULL);
  gfloat amp[N_BINS];
  GstSegment seg;
  GstBuffer *b;
  guint j;

  for (j = 0; j < N_BINS; j++)
    amp[j] = 11.0f;
  gst_buffer_unref (gst_harness_push_and_pull (h, fused_buffer (nodes4, 1,
              NULL, 1.0f, 1.0f, 0)));
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 1, amp, 1.0f, 1.0f,
          1));
  fail_unless_equals_int (gst_buffer_get_rv_gate_meta (b)->decision.kind,
      RV_GATE_REJECT);
  gst_buffer_unref (b);
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  /* the same far-off vector now initialises the state: accept, score 1 */
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 1, amp, 1.0f, 1.0f,
          2));
  fail_unless_equals_int (gst_buffer_get_rv_gate_meta (b)->decision.kind,
      RV_GATE_ACCEPT);
  fail_unless_equals_uint64 (gst_buffer_get_rv_gate_meta (b)->stale_count, 0);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

static const gchar *const timing_fields[4] =
    { "timestamp", "stream-time", "running-time", "duration" };

GST_START_TEST (test_messages)
{
  GstHarness *h = gate_harness ("message-interval", (guint64) 0, NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  const GstStructure *s;
  GstBuffer *b;
  guint64 v;
  guint u, i;
  gfloat f, ratio;
  gboolean bl;

  gst_element_set_bus (h->element, bus);
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 3));
  ratio = gst_buffer_get_rv_cir_meta (b)->cir.dominant_tap_ratio;
  gst_buffer_unref (b);

  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (h->element));
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_has_name (s, "rvcirgate"));
  for (i = 0; i < 4; i++)
    fail_unless_equals_string (gst_structure_nth_field_name (s, i),
        timing_fields[i]);
  fail_unless (gst_structure_get_uint64 (s, "timestamp", &v));
  fail_unless_equals_uint64 (v, 150 * MS);
  fail_unless (gst_structure_get_uint64 (s, "running-time", &v));
  fail_unless_equals_uint64 (v, 150 * MS);
  fail_unless (gst_structure_get_uint64 (s, "stream-time", &v));
  fail_unless_equals_uint64 (v, 150 * MS);
  fail_unless (gst_structure_get_uint64 (s, "duration", &v));
  fail_unless_equals_uint64 (v, 50 * MS);
  fail_unless (gst_structure_get_uint64 (s, "cycles", &v));
  fail_unless_equals_uint64 (v, 1);
  fail_unless (gst_structure_get_uint64 (s, "gaps", &v));
  fail_unless_equals_uint64 (v, 0);
  fail_unless (gst_structure_get_uint64 (s, "estimates", &v));
  fail_unless_equals_uint64 (v, 1);
  fail_unless (gst_structure_get_uint64 (s, "accept", &v));
  fail_unless_equals_uint64 (v, 1);
  fail_unless (gst_structure_get_uint64 (s, "cycle", &v));
  fail_unless_equals_uint64 (v, 3);
  fail_unless (gst_structure_get_uint (s, "dominant-tap-idx", &u));
  fail_unless_equals_int (u, 167);
  fail_unless (gst_structure_get (s, "dominant-tap-ratio", G_TYPE_FLOAT, &f,
          NULL));
  fail_unless_equals_int (f32_bits (f), 0x3ed0eca7);
  fail_unless (gst_structure_get (s, "coherence", G_TYPE_FLOAT, &f, NULL));
  fail_unless_equals_int (f32_bits (f), f32_bits (rv_cir_gate_blend (0.9f,
              ratio)));
  fail_unless (gst_structure_get (s, "freq-coherence", G_TYPE_FLOAT, &f,
          NULL));
  fail_unless_equals_int (f32_bits (f), f32_bits (0.9f));
  fail_unless (gst_structure_get_boolean (s, "blended", &bl) && bl);
  fail_unless_equals_string (gst_structure_get_string (s, "decision"),
      "accept");
  fail_unless_equals_string (gst_structure_get_string (s, "drift-profile"),
      "stable");
  fail_unless (gst_structure_get (s, "coherence-score", G_TYPE_FLOAT, &f,
          NULL));
  fail_unless_equals_int (f32_bits (f), f32_bits (1.0f));
  fail_unless (gst_structure_get_uint64 (s, "stale-count", &v));
  fail_unless_equals_uint64 (v, 0);
  fail_unless (gst_structure_get_uint (s, "active-tap-count", &u));
  fail_unless_equals_int (u, 25);
  fail_unless (gst_structure_get_uint (s, "iters-used", &u));
  fail_unless_equals_int (u, 100);
  fail_unless (gst_structure_get_boolean (s, "ranging-valid", &bl) && !bl);
  fail_unless (gst_structure_has_field_typed (s, "rms-delay-spread",
          G_TYPE_DOUBLE));
  fail_unless (gst_structure_has_field_typed (s, "residual", G_TYPE_FLOAT));
  fail_if (gst_structure_has_field (s, "error"));
  gst_message_unref (msg);

  /* a GAP cycle's interval says so, without cycle fields */
  b = gst_harness_push_and_pull (h, gap_buffer (4));
  gst_buffer_unref (b);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_get_uint64 (s, "cycles", &v) && v == 0);
  fail_unless (gst_structure_get_uint64 (s, "gaps", &v) && v == 1);
  fail_if (gst_structure_has_field (s, "cycle"));
  fail_if (gst_structure_has_field (s, "decision"));
  gst_message_unref (msg);

  /* post-messages is mutable in PLAYING */
  g_object_set (h->element, "post-messages", FALSE, NULL);
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 5));
  gst_buffer_unref (b);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* The default: one message per second of stream time, like `level`; the
 * open interval is posted at EOS. */
GST_START_TEST (test_message_interval)
{
  GstHarness *h = gate_harness (NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  const GstStructure *s;
  guint64 v, i;

  gst_element_set_bus (h->element, bus);
  for (i = 0; i < 25; i++) {
    gst_buffer_unref (gst_harness_push_and_pull (h, i == 7 ? gap_buffer (i) :
            fused_buffer (nodes4, 4, NULL, 0.9f, 0.9f, i)));
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
    /* 20 cycles of 50 ms span the first second */
    fail_unless ((msg != NULL) == (i == 19), "message after cycle %"
        G_GUINT64_FORMAT, i);
    if (!msg)
      continue;
    s = gst_message_get_structure (msg);
    fail_unless (gst_structure_get_uint64 (s, "timestamp", &v) && v == 0);
    fail_unless (gst_structure_get_uint64 (s, "duration", &v)
        && v == GST_SECOND);
    fail_unless (gst_structure_get_uint64 (s, "cycles", &v) && v == 19);
    fail_unless (gst_structure_get_uint64 (s, "gaps", &v) && v == 1);
    fail_unless (gst_structure_get_uint64 (s, "accept", &v) && v == 19);
    fail_unless (gst_structure_get_uint64 (s, "cycle", &v) && v == 19);
    gst_message_unref (msg);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_get_uint64 (s, "timestamp", &v)
      && v == GST_SECOND);
  fail_unless (gst_structure_get_uint64 (s, "duration", &v)
      && v == 250 * MS);
  fail_unless (gst_structure_get_uint64 (s, "cycles", &v) && v == 5);
  fail_unless (gst_structure_get_uint64 (s, "cycle", &v) && v == 24);
  gst_message_unref (msg);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_message_error_field)
{
  GstHarness *h = gate_harness ("tier", 0 /* ht20 */ , "message-interval",
      (guint64) 0, NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  const GstStructure *s;
  gboolean bl;

  gst_element_set_bus (h->element, bus);
  gst_buffer_unref (gst_harness_push_and_pull (h, fused_buffer (nodes4, 1,
              NULL, 0.9f, 0.9f, 0)));
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL);
  s = gst_message_get_structure (msg);
  fail_unless_equals_string (gst_structure_get_string (s, "error"),
      "subcarrier_mismatch");
  fail_unless (gst_structure_get_boolean (s, "blended", &bl) && !bl);
  gst_message_unref (msg);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_shared_input_not_modified)
{
  /* a fused buffer also held elsewhere (a tee) keeps its record: the
   * coherence is written into a copy of memory 0 only; timestamps and
   * flags pass through */
  GstHarness *h = gate_harness (NULL);
  GstBuffer *in = fused_buffer (nodes4, 4, NULL, 0.9f, 0.9f, 2), *out;
  gfloat cross, freq;

  GST_BUFFER_FLAG_SET (in, GST_BUFFER_FLAG_DISCONT);
  out = gst_harness_push_and_pull (h, gst_buffer_ref (in));
  read_coherence (in, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (0.9f));
  fail_if (gst_buffer_get_rv_cir_meta (in) != NULL);
  read_coherence (out, &cross, &freq);
  fail_unless_equals_int (f32_bits (cross), f32_bits (rv_cir_gate_blend (0.9f,
              gst_buffer_get_rv_cir_meta (out)->cir.dominant_tap_ratio)));
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 100 * MS);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), 50 * MS);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DISCONT));
  /* the node records are shared, not copied */
  fail_unless (gst_buffer_peek_memory (out, 1) == gst_buffer_peek_memory (in,
          1));
  gst_buffer_unref (out);
  gst_buffer_unref (in);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_gap_passthrough)
{
  GstHarness *h = gate_harness (NULL);
  GstBuffer *in = gap_buffer (7), *out;
  GstMapInfo a, b;
  GstBuffer *copy = gst_buffer_copy_deep (in);

  out = gst_harness_push_and_pull (h, in);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_GAP));
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 350 * MS);
  fail_unless (gst_buffer_get_rv_cir_meta (out) == NULL);
  fail_unless (gst_buffer_get_rv_gate_meta (out) == NULL);
  fail_unless (gst_buffer_map (out, &a, GST_MAP_READ));
  fail_unless (gst_buffer_map (copy, &b, GST_MAP_READ));
  fail_unless_equals_uint64 (a.size, b.size);
  fail_unless (memcmp (a.data, b.data, a.size) == 0);
  gst_buffer_unmap (out, &a);
  gst_buffer_unmap (copy, &b);
  gst_buffer_unref (out);
  gst_buffer_unref (copy);
  fail_unless_equals_uint64 (stat (h->element, "gaps"), 1);
  fail_unless_equals_uint64 (stat (h->element, "cycles"), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

static gchar *
json_of (const gchar * detail)
{
  gchar *desc = g_strdup_printf ("rvcirgate ! rvmetaconvert detail=%s",
      detail);
  GstHarness *h = gst_harness_new_parse (desc);
  GstBuffer *b;
  GstMapInfo map;
  gchar *text;

  g_free (desc);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
          0.9f, 0));
  fail_unless (b != NULL);
  fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
  text = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
  return text;
}

GST_START_TEST (test_json)
{
  gchar *sum = json_of ("summary"), *full = json_of ("full");
  const gchar *cir, *gate;

  cir = strstr (sum, "\"cir\":{");
  gate = strstr (sum, "\"gate\":{");
  fail_unless (cir != NULL, "%s", sum);
  fail_unless (gate != NULL && gate > cir, "%s", sum);
  fail_unless (strstr (sum, "\"tier\":\"canonical56\",\"fft_ista\":false,"
          "\"solver\":\"ista\","
          "\"blended\":true,\"dominant_tap_idx\":167,"
          "\"dominant_tap_ratio\":0.4080555") != NULL, "%s", sum);
  fail_unless (strstr (sum, "\"active_tap_count\":25") != NULL);
  fail_unless (strstr (sum, "\"iters_used\":100") != NULL);
  fail_unless (strstr (sum, "\"error\":null") != NULL);
  fail_unless (strstr (sum, "\"taps\"") == NULL);
  fail_unless (strstr (sum, "\"gate\":{\"coherence_score\":1.0,"
          "\"stale_count\":0,\"drift_profile\":\"stable\","
          "\"decision\":\"accept\",\"noise_multiplier\":1.0,"
          "\"stale_frames\":null}") != NULL, "%s", sum);
  fail_unless (strstr (full, "\"taps\":[[") != NULL);
  fail_unless (strstr (full, "\"cir\":{") != NULL);
  g_free (sum);
  g_free (full);
}
GST_END_TEST;

GST_START_TEST (test_json_error)
{
  GstHarness *h = gst_harness_new_parse ("rvcirgate tier=ht20 ! "
      "rvmetaconvert detail=full");
  GstBuffer *b;
  GstMapInfo map;
  gchar *text;

  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 1, NULL, 0.9f,
          0.9f, 0));
  fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
  text = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  fail_unless (strstr (text, "\"tier\":\"ht20\"") != NULL, "%s", text);
  fail_unless (strstr (text, "\"error\":\"subcarrier_mismatch\","
          "\"expected_cols\":64,\"got_cols\":56}") != NULL, "%s", text);
  fail_unless (strstr (text, "\"taps\"") == NULL);
  fail_unless (strstr (text, "\"blended\":false") != NULL);
  g_free (text);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_latency)
{
  GstHarness *h = gate_harness (NULL);
  GstQuery *q = gst_query_new_latency ();
  GstClockTime min, max;
  gboolean live;

  gst_harness_set_upstream_latency (h, 20 * MS);
  fail_unless (gst_pad_peer_query (h->sinkpad, q));
  gst_query_parse_latency (q, &live, &min, &max);
  fail_unless_equals_uint64 (min, 20 * MS);
  gst_query_unref (q);
  gst_harness_teardown (h);
}
GST_END_TEST;

static gboolean
starts (const gchar * prop, ...)
{
  GstElement *e = gst_element_factory_make ("rvcirgate", NULL);
  GstStateChangeReturn r;
  va_list ap;

  va_start (ap, prop);
  g_object_set_valist (G_OBJECT (e), prop, ap);
  va_end (ap);
  r = gst_element_set_state (e, GST_STATE_PAUSED);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_object_unref (e);
  return r != GST_STATE_CHANGE_FAILURE;
}

GST_START_TEST (test_settings)
{
  fail_unless (starts ("lambda", 0.1f, NULL));
  fail_unless (starts ("tier", 4 /* he40 */ , "fft-ista", TRUE, NULL));
  fail_unless (starts ("solver", 1, "tolerance", 0.01f, NULL));
  fail_if (starts ("lambda", -0.5f, NULL));
  fail_if (starts ("coherence-reject", 0.9f, "coherence-accept", 0.8f,
          NULL));
}
GST_END_TEST;

GST_START_TEST (test_play_twice)
{
  GstHarness *h = gate_harness (NULL);
  GstBuffer *b;
  guint i;

  for (i = 0; i < 2; i++) {
    b = gst_harness_push_and_pull (h, fused_buffer (nodes4, 4, NULL, 0.9f,
            0.9f, 0));
    fail_unless_equals_int (f32_bits (gst_buffer_get_rv_cir_meta
            (b)->cir.dominant_tap_ratio), 0x3ed0eca7);
    gst_buffer_unref (b);
    fail_unless_equals_int (gst_element_set_state (h->element,
            GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (gst_element_set_state (h->element,
            GST_STATE_PLAYING), GST_STATE_CHANGE_SUCCESS);
  }
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
rvcirgate_suite (void)
{
  Suite *s = suite_create ("rvcirgate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_gate_node0_golden);
  tcase_add_test (tc, test_first_record_is_used);
  tcase_add_test (tc, test_eight_nodes_ok_and_on_off_differ);
  tcase_add_test (tc, test_use_cir_gate_false);
  tcase_add_test (tc, test_ht20_trap);
  tcase_add_test (tc, test_fft_ista);
  tcase_add_test (tc, test_fft_instances);
  tcase_add_test (tc, test_solver_fista);
  tcase_add_test (tc, test_unsanitized_phase);
  tcase_add_test (tc, test_he40_tier);
  tcase_add_test (tc, test_auto_no_tier);
  tcase_add_test (tc, test_gate_sequence);
  tcase_add_test (tc, test_coherence_state_follows_bins);
  tcase_add_test (tc, test_flush_resets_coherence);
  tcase_add_test (tc, test_messages);
  tcase_add_test (tc, test_message_interval);
  tcase_add_test (tc, test_message_error_field);
  tcase_add_test (tc, test_shared_input_not_modified);
  tcase_add_test (tc, test_gap_passthrough);
  tcase_add_test (tc, test_json);
  tcase_add_test (tc, test_json_error);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_settings);
  tcase_add_test (tc, test_play_twice);
  return s;
}

GST_CHECK_MAIN (rvcirgate);
