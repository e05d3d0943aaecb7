/* libruview: which frame of each node a fusion cycle uses (fusion_window.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "ruview/fusion_window.h"

#define MS 1000000ull

GST_START_TEST (test_newest_in_window)
{
  /* node 0: frames at 10, 40, 60 ms; node 1: 20 ms; node 2: 130 ms */
  static const uint64_t rt0[] = { 10 * MS, 40 * MS, 60 * MS };
  static const uint64_t ts0[] = { 10000, 40000, 60000 };
  static const uint64_t rt1[] = { 20 * MS }, ts1[] = { 20000 };
  static const uint64_t rt2[] = { 130 * MS }, ts2[] = { 130000 };
  RvFusionNodeFrames n[3] = { {rt0, ts0, 3}, {rt1, ts1, 1}, {rt2, ts2, 1} };
  size_t pick[3];

  /* the cycle ending at 100 ms, max-age 75 ms: node 0's newest (60 ms),
   * node 1's at 20 ms is 80 ms old: absent; node 2's is in the future */
  fail_unless_equals_int (rv_fusion_window_pick (n, 3, 100 * MS, 75 * MS,
          60000, pick), 1);
  fail_unless_equals_int (pick[0], 2);
  fail_unless (pick[1] == RV_FUSION_NO_FRAME);
  fail_unless (pick[2] == RV_FUSION_NO_FRAME);
  /* with max-age 80 ms node 1 is in, exactly at the bound */
  fail_unless_equals_int (rv_fusion_window_pick (n, 3, 100 * MS, 80 * MS,
          60000, pick), 2);
  fail_unless_equals_int (pick[1], 0);
  /* a frame at the cycle end belongs to the next cycle */
  fail_unless_equals_int (rv_fusion_window_pick (n, 3, 60 * MS, 75 * MS,
          60000, pick), 2);
  fail_unless_equals_int (pick[0], 1);
}
GST_END_TEST;

GST_START_TEST (test_spread_rescued)
{
  /* node 0 delivered at 30 ms only; node 1 at 40 and 95 ms.  The newest
   * pair spreads 65 ms > the 60 ms guard, node 1's older frame 10 ms */
  static const uint64_t rt0[] = { 30 * MS }, ts0[] = { 30000 };
  static const uint64_t rt1[] = { 40 * MS, 95 * MS }, ts1[] = { 40000, 95000 };
  RvFusionNodeFrames n[2] = { {rt0, ts0, 1}, {rt1, ts1, 2} };
  size_t pick[2];

  fail_unless_equals_int (rv_fusion_window_pick (n, 2, 100 * MS, 75 * MS,
          60000, pick), 2);
  fail_unless_equals_int (pick[0], 0);
  fail_unless_equals_int (pick[1], 0);
  /* within the guard the newest frames stay */
  fail_unless_equals_int (rv_fusion_window_pick (n, 2, 100 * MS, 75 * MS,
          70000, pick), 2);
  fail_unless_equals_int (pick[1], 1);
}
GST_END_TEST;

GST_START_TEST (test_spread_not_rescuable)
{
  /* no choice brings the spread under 20 ms: the newest frames stay (the
   * fusion then reports the mismatch) */
  static const uint64_t rt0[] = { 30 * MS }, ts0[] = { 30000 };
  static const uint64_t rt1[] = { 60 * MS, 95 * MS }, ts1[] = { 60000, 95000 };
  RvFusionNodeFrames n[2] = { {rt0, ts0, 1}, {rt1, ts1, 2} };
  size_t pick[2];

  fail_unless_equals_int (rv_fusion_window_pick (n, 2, 100 * MS, 75 * MS,
          20000, pick), 2);
  fail_unless_equals_int (pick[1], 1);
}
GST_END_TEST;

GST_START_TEST (test_spread_skewed_node)
{
  /* three nodes, node 2's device clock ~80 ms behind the others */
  static const uint64_t rt0[] = { 30 * MS, 80 * MS }, ts0[] = { 30000, 80000 };
  static const uint64_t rt1[] = { 35 * MS, 85 * MS }, ts1[] = { 35000, 85000 };
  static const uint64_t rt2[] = { 99 * MS }, ts2[] = { 1000 };
  RvFusionNodeFrames n[3] = { {rt0, ts0, 2}, {rt1, ts1, 2}, {rt2, ts2, 1} };
  size_t pick[3];

  /* the newest set {80, 85, 1} spreads 84 ms > 60 ms; {30, 35, 1}
   * spreads 34 ms and is used */
  fail_unless_equals_int (rv_fusion_window_pick (n, 3, 100 * MS, 75 * MS,
          60000, pick), 3);
  fail_unless_equals_int (pick[0], 0);
  fail_unless_equals_int (pick[1], 0);
  fail_unless_equals_int (pick[2], 0);
}
GST_END_TEST;

static Suite *
fusion_window_suite (void)
{
  Suite *s = suite_create ("fusion_window");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_newest_in_window);
  tcase_add_test (tc, test_spread_rescued);
  tcase_add_test (tc, test_spread_not_rescuable);
  tcase_add_test (tc, test_spread_skewed_node);
  return s;
}

GST_CHECK_MAIN (fusion_window);
