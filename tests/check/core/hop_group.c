/* libruview: multi-band groups of a node's channel hops (hop_group.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/hop_group.h"

#define BINS 8

static void
add (RvHopGrouper * g, int node, uint32_t freq, float level)
{
  float *amp, *ph;
  int i;
  rv_hop_grouper_next (g, node, &amp, &ph);
  for (i = 0; i < BINS; i++) {
    amp[i] = level + 0.1f * (float) i;
    ph[i] = 0.01f * (float) i;
  }
}

GST_START_TEST (test_groups)
{
  RvHopGrouper *g = rv_hop_grouper_new (3, BINS);
  RvPhaseAlignConfig cfg;
  RvPhaseAlignError aerr;
  RvPhaseAligner *al;
  RvMultibandError me;
  uint32_t freqs[3];
  float values[3 * 2 * BINS], coh = 0.0f;
  int a, b;

  rv_phase_align_config_default (&cfg);
  al = rv_phase_aligner_new (&cfg, 3, BINS, &aerr);
  fail_unless (g != NULL && al != NULL);
  fail_unless (rv_hop_grouper_new (1, BINS) == NULL);

  a = rv_hop_grouper_node (g, 7);
  b = rv_hop_grouper_node (g, 3);
  fail_unless (a == 0 && b == 1 && rv_hop_grouper_node (g, 7) == 0);
  fail_unless_equals_int (rv_hop_grouper_node_id (g, b), 3);

  /* node 7 hops 2462, 2412; 2462 again closes the group early */
  add (g, a, 2462, 2.0f);
  fail_if (rv_hop_grouper_commit (g, a, 2462, 100));
  add (g, a, 2412, 1.0f);
  fail_if (rv_hop_grouper_commit (g, a, 2412, 200));
  fail_unless (rv_hop_grouper_repeats (g, a, 2462));
  fail_if (rv_hop_grouper_repeats (g, a, 2437));
  fail_unless_equals_int (rv_hop_grouper_size (g, a), 2);
  fail_unless_equals_int (rv_hop_grouper_emit (g, a, al, freqs, values, &coh,
          &me, &aerr), RV_HOP_EMIT_OK);
  /* channels sorted by frequency: 2412 (level 1) first */
  fail_unless (freqs[0] == 2412 && freqs[1] == 2462);
  fail_unless (values[0] == 1.0f && values[2 * BINS] == 2.0f);
  fail_unless_equals_int (rv_hop_grouper_size (g, a), 0);
  fail_unless_equals_int (rv_hop_grouper_emit (g, a, al, freqs, values, NULL,
          &me, &aerr), RV_HOP_EMIT_EMPTY);

  /* node 3: three distinct channels complete the group */
  add (g, b, 2412, 1.0f);
  fail_if (rv_hop_grouper_commit (g, b, 2412, 10));
  add (g, b, 2437, 1.5f);
  fail_if (rv_hop_grouper_commit (g, b, 2437, 20));
  add (g, b, 2462, 2.0f);
  fail_unless (rv_hop_grouper_commit (g, b, 2462, 30));
  fail_unless_equals_int (rv_hop_grouper_emit (g, b, al, freqs, values, &coh,
          &me, &aerr), RV_HOP_EMIT_OK);
  fail_unless (freqs[0] == 2412 && freqs[1] == 2437 && freqs[2] == 2462);

  /* a flush empties every group */
  add (g, b, 2412, 1.0f);
  rv_hop_grouper_commit (g, b, 2412, 40);
  rv_hop_grouper_clear (g);
  fail_unless_equals_int (rv_hop_grouper_size (g, b), 0);

  rv_phase_aligner_free (al);
  rv_hop_grouper_free (g);
}
GST_END_TEST;

static Suite *
hop_group_suite (void)
{
  Suite *s = suite_create ("hop_group");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_groups);
  return s;
}

GST_CHECK_MAIN (hop_group);
