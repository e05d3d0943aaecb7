/* The front end of issue 5's "Done when":
 *   csisrc ! rvcalibrate ! rvphasealign ! rvmultistaticfuse
 * with a baseline recorded first (rvcalibrate mode=record, one file per
 * node), then applied:
 * - live (csisrc is-live=true) on the test clock: exactly one fused frame
 *   per 50 ms of clock time, every node fused, none early;
 * - live with one source per node: pausing one source does not stall the
 *   fusion, its node is marked absent;
 * - replayed from a recording (.rvcsi and JSON Lines): two runs give
 *   byte-identical JSON, and both formats give the same JSON as the
 *   synthetic room itself. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"

#define MS GST_MSECOND

static gchar *tmpdir;
static gchar *pattern;          /* per-node baseline files */

static void
run (const gchar * line)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (line, &err);
  GstBus *bus;
  GstMessage *msg;

  fail_unless (p != NULL && err == NULL, "cannot parse %s: %s", line,
      err ? err->message : "?");
  bus = gst_element_get_bus (p);
  fail_unless (gst_element_set_state (p, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE, "cannot start %s", line);
  msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no EOS: %s", line);
  fail_unless (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS, "error in %s",
      line);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
}

static void
setup (void)
{
  gchar *line;
  tmpdir = g_dir_make_tmp ("rvfrontend-XXXXXX", NULL);
  fail_unless (tmpdir != NULL);
  pattern = g_build_filename (tmpdir, "node%u.rvcal", NULL);
  /* the empty-room baseline of each of the 4 nodes (600 frames each) */
  line = g_strdup_printf ("csisrc nodes=4 num-buffers=2400 ! rvcalibrate "
      "mode=record capture-time=1700000000 baseline-location=%s ! fakesink",
      pattern);
  run (line);
  g_free (line);
}

static void
teardown (void)
{
  GDir *d = g_dir_open (tmpdir, 0, NULL);
  const gchar *n;
  while (d && (n = g_dir_read_name (d))) {
    gchar *p = g_build_filename (tmpdir, n, NULL);
    g_unlink (p);
    g_free (p);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&pattern, g_free);
}

/* The live waiters (each csisrc's next frame, the aggregator's next
 * deadline) are pending: advance the clock to the earlier one and release every
 * wait due by then.  Cranking a single wait instead would race: the clock
 * could jump to the aggregator's deadline before csisrc registered the
 * wait of its next frame, making those frames late. */
static void
advance (GstTestClock * tc, guint waiters)
{
  GList *ids = NULL, *due = NULL, *l;
  GstClockTime t = GST_CLOCK_TIME_NONE;

  /* a source whose downstream queue is full is not waiting on the clock:
   * after 300 ms of real time, go on with the waits that are pending */
  if (!gst_test_clock_timed_wait_for_multiple_pending_ids (tc, waiters, 300,
          &ids)) {
    g_list_free_full (ids, (GDestroyNotify) gst_clock_id_unref);
    ids = NULL;
    gst_test_clock_wait_for_multiple_pending_ids (tc, 1, &ids);
  }
  for (l = ids; l; l = l->next)
    t = MIN (t, gst_clock_id_get_time (l->data));
  if (t > gst_clock_get_time (GST_CLOCK (tc)))
    gst_test_clock_set_time (tc, t);
  for (l = ids; l; l = l->next)
    if (gst_clock_id_get_time (l->data) <= t)
      due = g_list_prepend (due, gst_clock_id_ref (l->data));
  gst_test_clock_process_id_list (tc, due);
  g_list_free_full (due, (GDestroyNotify) gst_clock_id_unref);
  g_list_free_full (ids, (GDestroyNotify) gst_clock_id_unref);
}

GST_START_TEST (test_live_twenty_hz_on_the_clock)
{
  gchar *desc = g_strdup_printf ("csisrc is-live=true nodes=4 ! "
      "rvcalibrate baseline-location=%s ! rvphasealign ! rvmultistaticfuse",
      pattern);
  GstHarness *h = gst_harness_new_parse (desc);
  GstTestClock *tc;
  guint k = 0, cranks = 0;

  gst_harness_use_testclock (h);
  gst_harness_play (h);
  tc = gst_harness_get_testclock (h);
  while (k < 40) {
    GstBuffer *b;
    fail_unless (++cranks < 10000, "no output after %u clock waits", cranks);
    advance (tc, 2);
    while ((b = gst_harness_try_pull (h))) {
      GstClockTime now = gst_clock_get_time (GST_CLOCK (tc));
      GstMapInfo map;
      RvFusedRecord r;

      /* one fused frame per 50 ms of clock time, in order, none skipped */
      fail_unless_equals_uint64 (GST_BUFFER_PTS (b), k * 50 * MS);
      fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 50 * MS);
      fail_if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP));
      /* never before the cycle end, and within its latency after it */
      fail_unless (now >= (k + 1) * 50 * MS, "cycle %u at %" GST_TIME_FORMAT,
          k, GST_TIME_ARGS (now));
      fail_unless (now <= (k + 2) * 50 * MS, "cycle %u at %" GST_TIME_FORMAT,
          k, GST_TIME_ARGS (now));
      fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r));
      fail_unless_equals_int (r.active_nodes, 4);
      fail_unless_equals_int (r.cycle, k);
      fail_unless (r.flags & RV_FUSED_FLAG_CALIBRATED);
      fail_unless (r.flags & RV_FUSED_FLAG_HAS_CALIB_ID);
      fail_unless (r.calibration_id == G_GUINT64_CONSTANT (0x1232969AADEEFBEC));
      gst_rv_fused_buffer_unmap (b, &map, NULL);
      gst_buffer_unref (b);
      k++;
    }
  }
  gst_object_unref (tc);
  gst_harness_teardown (h);
  g_free (desc);
}
GST_END_TEST;

static guint
node_status (GstBuffer * b, guint node_id)
{
  GstMapInfo map;
  RvFusedRecord r;
  guint i, st = 99;
  fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r));
  for (i = 0; i < r.n_nodes; i++)
    if (r.nodes[i].node_id == node_id)
      st = r.nodes[i].status;
  gst_rv_fused_buffer_unmap (b, &map, NULL);
  return st;
}

/* two live sources (nodes 1 and 2 of the room) on two pads; after 10
 * cycles source b is paused: the fusion goes on at 50 ms with node 2
 * absent and node 1 fused.
 *
 * This runs with the fusion's default `latency` (one interval): a live pad
 * may queue latency + upstream minimum latency of data, so while node 2's
 * pad stays empty node 1's source can queue its whole cycle instead of
 * blocking until the deadline (with latency 0 its frames arrived late and
 * every cycle after the pause was a GAP). */
GST_START_TEST (test_live_paused_source_does_not_stall)
{
  gchar *desc = g_strdup_printf ("rvmultistaticfuse name=f "
      "csisrc name=a is-live=true nodes=4 node-id=1 ! rvcalibrate "
      "baseline-location=%s ! rvphasealign ! f.sink_0 "
      "csisrc name=b is-live=true nodes=4 node-id=2 ! rvcalibrate "
      "baseline-location=%s ! rvphasealign ! f.sink_1", pattern, pattern);
  GstHarness *h = gst_harness_new_parse (desc);
  GstElement *b_src;
  GstTestClock *tc;
  guint k = 0, cranks = 0, waiters = 3;

  gst_harness_use_testclock (h);
  gst_harness_play (h);
  tc = gst_harness_get_testclock (h);
  b_src = gst_bin_get_by_name (GST_BIN (h->element), "b");
  fail_unless (b_src != NULL);
  while (k < 30) {
    GstBuffer *b;
    fail_unless (++cranks < 10000, "no output after %u clock waits", cranks);
    advance (tc, waiters);
    while ((b = gst_harness_try_pull (h))) {
      GstMapInfo map;
      RvFusedRecord r;
      fail_unless_equals_uint64 (GST_BUFFER_PTS (b), k * 50 * MS);
      fail_unless (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r));
      /* the cycles that saw the pause may hold node 2's last frames (its
       * newest frame is fused while at most max-age, 75 ms, old) */
      if (k < 10) {
        fail_unless_equals_int (r.active_nodes, 2);
      } else if (k > 12) {
        fail_unless_equals_int (r.active_nodes, 1);
        fail_unless_equals_int (node_status (b, 1), RV_NODE_FUSED);
        fail_unless_equals_int (node_status (b, 2), RV_NODE_ABSENT);
      }
      gst_rv_fused_buffer_unmap (b, &map, NULL);
      gst_buffer_unref (b);
      k++;
      if (k == 10) {
        fail_unless (gst_element_set_state (b_src, GST_STATE_PAUSED) !=
            GST_STATE_CHANGE_FAILURE);
        waiters = 2;
      }
    }
  }
  gst_object_unref (b_src);
  gst_object_unref (tc);
  gst_harness_teardown (h);
  g_free (desc);
}
GST_END_TEST;

static gchar *
chain_output (const gchar * source, const gchar * name)
{
  gchar *out = g_build_filename (tmpdir, name, NULL);
  gchar *line = g_strdup_printf ("%s ! rvcalibrate baseline-location=%s ! "
      "rvphasealign ! rvmultistaticfuse ! rvmetaconvert ! filesink "
      "location=%s", source, pattern, out);
  gchar *text = NULL;
  run (line);
  fail_unless (g_file_get_contents (out, &text, NULL, NULL));
  g_free (line);
  g_free (out);
  return text;
}

static guint
count_lines (const gchar * s)
{
  guint n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

GST_START_TEST (test_replay_byte_identical)
{
  gchar *rvcsi = g_build_filename (tmpdir, "room.rvcsi", NULL);
  gchar *jsonl = g_build_filename (tmpdir, "room.jsonl", NULL);
  gchar *line, *src, *a, *b, *c, *d, *e;

  /* 2 s of the room (4 nodes × 200 frames), recorded both ways */
  line = g_strdup_printf ("csisrc nodes=4 num-buffers=800 ! filesink "
      "location=%s", rvcsi);
  run (line);
  g_free (line);
  line = g_strdup_printf ("csisrc nodes=4 num-buffers=800 ! rvmetaconvert ! "
      "filesink location=%s", jsonl);
  run (line);
  g_free (line);

  src = g_strdup_printf ("csisrc location=%s", rvcsi);
  a = chain_output (src, "a.jsonl");
  b = chain_output (src, "b.jsonl");
  g_free (src);
  src = g_strdup_printf ("csisrc location=%s", jsonl);
  c = chain_output (src, "c.jsonl");
  d = chain_output (src, "d.jsonl");
  g_free (src);
  e = chain_output ("csisrc nodes=4 num-buffers=800", "e.jsonl");

  fail_unless_equals_int (count_lines (a), 40);
  fail_unless (strstr (a, "\"calibration_applied\"") != NULL);
  fail_unless (strcmp (a, b) == 0, "two .rvcsi replays differ");
  fail_unless (strcmp (c, d) == 0, "two JSON replays differ");
  fail_unless (strcmp (a, c) == 0, ".rvcsi and JSON replays differ");
  fail_unless (strcmp (a, e) == 0, "replay differs from the live room");
  g_free (a);
  g_free (b);
  g_free (c);
  g_free (d);
  g_free (e);
  g_free (rvcsi);
  g_free (jsonl);
}
GST_END_TEST;

static Suite *
rvfrontend_suite (void)
{
  Suite *s = suite_create ("rvfrontend");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_live_twenty_hz_on_the_clock);
  tcase_add_test (tc, test_live_paused_source_does_not_stall);
  tcase_add_test (tc, test_replay_byte_identical);
  return s;
}

GST_CHECK_MAIN (rvfrontend);
