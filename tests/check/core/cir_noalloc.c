/* CIR: no heap allocation per estimate (dense, fft-ista, the pool).  This
 * executable interposes malloc, calloc, realloc and the aligned allocators and counts the calls made
 * while estimates run. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdlib.h>
#include "ruview/cir.h"
#include "cir_gen.h"

#include "noalloc.h"

static void
run (bool fft)
{
  RvCirConfig cfg;
  RvCirEstimator *e;
  RvCirWorkspace *w;
  RvCirPool *p;
  double data[12][2 * 56];
  float amp[56], ph[56], taps[12 * 2 * 168];
  RvCirFrame fr[12];
  RvCir c[12];
  RvCirError er[12];
  int i, rep, counting, failures = 0;
  long n_allocs;

  rv_cir_config_init (&cfg, RV_CIR_TIER_CANONICAL56);
  cfg.fft_operator = fft;
  e = rv_cir_estimator_new (&cfg, NULL);
  fail_unless (e != NULL);
  w = rv_cir_workspace_new (e);
  p = rv_cir_pool_new (e, 2, NULL);
  for (i = 0; i < 12; i++) {
    rv_gen_link_frame (56, 312500.0, (unsigned) i + 1, data[i]);
    fr[i].data = data[i];
    fr[i].rows = 1;
    fr[i].cols = 56;
  }
  rv_gen_node_frame (0, amp, ph);
  /* warm-up (first touches, lazy libm state) */
  rv_cir_estimate (e, w, data[0], 1, 56, NULL, &c[0]);
  rv_cir_pool_estimate (p, fr, 12, taps, c, er);

  counting = rv_noalloc_begin ();
  for (rep = 0; rep < 3; rep++) {
    for (i = 0; i < 12; i++)
      failures += rv_cir_estimate (e, w, data[i], 1, 56, taps, &c[i]) != RV_CIR_OK;
    rv_cir_gate_coherence (e, w, 0.9f, amp, 56, ph, 56, NULL, NULL);
    rv_cir_estimate (e, w, data[0], 1, 57, NULL, &c[0]);   /* an error path */
    failures += rv_cir_pool_estimate (p, fr, 12, taps, c, er) != RV_CIR_OK;
  }
  n_allocs = rv_noalloc_end ();
  fail_unless (counting, "heap-call counter inactive");
  fail_unless_equals_int (failures, 0);
  fail_unless_equals_int (n_allocs, 0);
  rv_cir_pool_free (p);
  rv_cir_workspace_free (w);
  rv_cir_estimator_free (e);
}

GST_START_TEST (test_no_alloc_dense)
{
  run (false);
}
GST_END_TEST;

GST_START_TEST (test_no_alloc_fft)
{
  run (true);
}
GST_END_TEST;

static Suite *
cir_noalloc_suite (void)
{
  Suite *s = suite_create ("core-cir-noalloc");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_no_alloc_dense);
  tcase_add_test (tc, test_no_alloc_fft);
  return s;
}

GST_CHECK_MAIN (cir_noalloc);
