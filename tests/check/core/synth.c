/* libruview: the synthetic room is a deterministic, well-formed HT20 grid
 * whose person modulates the channel. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include "ruview/synth.h"

typedef struct
{
  guint8 *buf;
  RvCsiFrame f;
} Frame;

static void
frame_new (Frame * fr)
{
  gsize sz = rv_record_csi_size (RV_LAYOUT_COMPLEX, 1, 64);
  fr->buf = g_malloc (sz);
  fail_unless_equals_int (rv_record_csi_init (fr->buf, sz, RV_LAYOUT_COMPLEX,
          1, 64, &fr->f), RV_RECORD_OK);
}

static RvSynth *
synth_new (unsigned nodes, uint32_t seed)
{
  RvSynth *s = g_new0 (RvSynth, 1);
  RvSynthConfig cfg = { nodes, seed, 100 };
  fail_unless_equals_int (rv_synth_init (s, &cfg), RV_SYNTH_OK);
  return s;
}

GST_START_TEST (test_config_errors)
{
  RvSynth s;
  RvSynthConfig cfg = { 0, 42, 100 };
  Frame fr;
  guint8 buf[2048];
  RvCsiFrame other;

  fail_unless_equals_int (rv_synth_init (&s, &cfg), RV_SYNTH_ERR_NODES);
  cfg.n_nodes = RV_SYNTH_MAX_NODES + 1;
  fail_unless_equals_int (rv_synth_init (&s, &cfg), RV_SYNTH_ERR_NODES);
  cfg.n_nodes = 2;
  cfg.rate_hz = 0;
  fail_unless_equals_int (rv_synth_init (&s, &cfg), RV_SYNTH_ERR_RATE);
  cfg.rate_hz = 100;
  fail_unless_equals_int (rv_synth_init (&s, &cfg), RV_SYNTH_OK);
  frame_new (&fr);
  fail_unless_equals_int (rv_synth_render (&s, 2, 0, &fr.f),
      RV_SYNTH_ERR_NODE_INDEX);
  fail_unless_equals_int (rv_record_csi_init (buf, sizeof (buf),
          RV_LAYOUT_COMPLEX, 1, 56, &other), RV_RECORD_OK);
  fail_unless_equals_int (rv_synth_render (&s, 0, 0, &other),
      RV_SYNTH_ERR_FRAME);
  fail_unless (strlen (rv_synth_error_str (RV_SYNTH_ERR_FRAME)) > 0);
  g_free (fr.buf);
}
GST_END_TEST;

GST_START_TEST (test_grid_and_fields)
{
  RvSynth *s = synth_new (4, 42);
  Frame fr;
  guint k;

  frame_new (&fr);
  fail_unless_equals_int (rv_synth_render (s, 3, 250, &fr.f), RV_SYNTH_OK);
  fail_unless_equals_int (fr.f.node_id, 4);
  fail_unless_equals_int (fr.f.sequence, 250);
  fail_unless_equals_uint64 (fr.f.timestamp_us, 2500000);
  fail_unless_equals_int (fr.f.freq_mhz, RV_SYNTH_FREQ_MHZ);
  fail_unless_equals_int (fr.f.noise_floor_dbm, RV_SYNTH_NOISE_DBM);
  fail_unless_equals_int (fr.f.bandwidth_mhz, 20);
  fail_unless (fr.f.rssi_dbm < -30 && fr.f.rssi_dbm > -80);
  for (k = 0; k < 64; k++) {
    gboolean null = k == 0 || (k >= 27 && k <= 37);
    double re = fr.f.data[2 * k], im = fr.f.data[2 * k + 1];
    fail_unless_equals_int (fr.f.subcarrier_index[k], k < 32 ? k : k - 64);
    if (null)
      fail_unless (re == 0.0 && im == 0.0, "bin %u not null", k);
    else {
      double a = sqrt (re * re + im * im);
      fail_unless (isfinite (a) && a > 0.5 && a < 120.0, "bin %u amp %g", k,
          a);
    }
  }
  g_free (fr.buf);
  g_free (s);
}
GST_END_TEST;

GST_START_TEST (test_pure_function)
{
  RvSynth *a = synth_new (4, 42), *b = synth_new (4, 42), *c = synth_new (4, 7);
  Frame f1, f2, f3;

  frame_new (&f1);
  frame_new (&f2);
  frame_new (&f3);
  /* rendering other frames in between does not change frame (2, 77) */
  rv_synth_render (a, 2, 77, &f1.f);
  rv_synth_render (b, 0, 5, &f2.f);
  rv_synth_render (b, 2, 77, &f2.f);
  fail_unless (memcmp (f1.f.data, f2.f.data, 64 * 16) == 0);
  /* another seed, another noise and other radio offsets */
  rv_synth_render (c, 2, 77, &f3.f);
  fail_unless (memcmp (f1.f.data, f3.f.data, 64 * 16) != 0);
  /* nodes see different channels */
  rv_synth_render (a, 1, 77, &f2.f);
  fail_unless (memcmp (f1.f.data, f2.f.data, 64 * 16) != 0);
  g_free (f1.buf);
  g_free (f2.buf);
  g_free (f3.buf);
  g_free (a);
  g_free (b);
  g_free (c);
}
GST_END_TEST;

GST_START_TEST (test_person_breathes_and_walks)
{
  RvSynth *s = synth_new (1, 42);
  RvSynthPoint p0, p1;
  double c0, c1, c2;

  rv_synth_person (s, 0.0, &p0, &c0);
  rv_synth_person (s, 1.0, &p1, &c1);     /* quarter breath: peak */
  fail_unless (fabs (c0) < 1e-12);
  fail_unless (fabs (c1 - 0.005) < 1e-9, "chest %g", c1);
  rv_synth_person (s, 2.0, &p1, &c2);
  fail_unless (fabs (c2) < 1e-9);
  /* a quarter lap later the person is elsewhere */
  rv_synth_person (s, 15.0, &p1, &c1);
  fail_unless (hypot (p1.x - p0.x, p1.y - p0.y) > 1.0);
  fail_unless (p0.x > 0.0 && p0.x < 6.0 && p0.y > 0.0 && p0.y < 5.0);
  g_free (s);
}
GST_END_TEST;

/* largest change of a tone between frames n and m of node 0 */
static double
max_change (RvSynth * s, uint64_t n, uint64_t m)
{
  Frame a, b;
  double worst = 0.0;
  guint k;

  frame_new (&a);
  frame_new (&b);
  fail_unless_equals_int (rv_synth_render (s, 0, n, &a.f), RV_SYNTH_OK);
  fail_unless_equals_int (rv_synth_render (s, 0, m, &b.f), RV_SYNTH_OK);
  for (k = 0; k < 128; k++)
    worst = MAX (worst, fabs (a.f.data[k] - b.f.data[k]));
  g_free (a.buf);
  g_free (b.buf);
  return worst;
}

/* Without its person the room is static: two frames half a lap apart
 * differ by the noise alone (σ = 0.5 per component, so a difference of
 * σ·√2; 4 of those is never reached by these 104 draws), with it by far
 * more; the noise and the radios are those of the same room. */
GST_START_TEST (test_empty_room)
{
  RvSynth *full = synth_new (4, 42), *empty = synth_new (4, 42);
  Frame a, b;
  guint k, differ = 0;

  fail_unless_equals_int (full->persons, 1);
  fail_unless_equals_int (rv_synth_set_persons (empty, 2),
      RV_SYNTH_ERR_PERSONS);
  fail_unless_equals_int (rv_synth_set_persons (empty, 0), RV_SYNTH_OK);
  fail_unless (max_change (empty, 0, 3000) < 4.0 * 0.5 * G_SQRT2);
  fail_unless (max_change (full, 0, 3000) > 2.0 * 4.0 * 0.5 * G_SQRT2);
  /* the same frame with and without the person: only the active tones
   * differ (the person's path), the null tones stay exactly zero */
  frame_new (&a);
  frame_new (&b);
  rv_synth_render (full, 0, 77, &a.f);
  rv_synth_render (empty, 0, 77, &b.f);
  for (k = 0; k < 64; k++) {
    gboolean null = k == 0 || (k >= 27 && k <= 37);
    if (a.f.data[2 * k] != b.f.data[2 * k])
      differ++;
    if (null)
      fail_unless (b.f.data[2 * k] == 0.0 && b.f.data[2 * k + 1] == 0.0);
  }
  fail_unless_equals_int (differ, 52);
  fail_unless_equals_int (a.f.rssi_dbm, b.f.rssi_dbm);
  g_free (a.buf);
  g_free (b.buf);
  g_free (full);
  g_free (empty);
}
GST_END_TEST;

static Suite *
synth_suite (void)
{
  Suite *s = suite_create ("core-synth");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_config_errors);
  tcase_add_test (tc, test_grid_and_fields);
  tcase_add_test (tc, test_pure_function);
  tcase_add_test (tc, test_person_breathes_and_walks);
  tcase_add_test (tc, test_empty_room);
  return s;
}

GST_CHECK_MAIN (synth);
