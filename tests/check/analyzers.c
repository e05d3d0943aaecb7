/* What the fused analysers (rvcirgate, rvtomography, rvposetrack,
 * rvwitness) share through GstRvFusedAnalyzer: bad input is counted and
 * passed on, never an error; every one posts its results once per
 * message-interval; and the file writes of rvwitness and rvcalibrate
 * happen off the streaming thread, into directories checked at start. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE ", framerate=(fraction)20/1, " \
  "calibrated=(boolean)false"

static const gchar *analyzers[] = {
  "rvcirgate", "rvtomography", "rvposetrack", "rvwitness"
};

static guint64
stat_of (GstElement * e, const gchar * name)
{
  GstStructure *st;
  guint64 v = G_MAXUINT64;
  g_object_get (e, "stats", &st, NULL);
  fail_unless (gst_structure_get_uint64 (st, name, &v), "no stat %s", name);
  gst_structure_free (st);
  return v;
}

/* Not a record, a truncated fused record, a fused record whose node record
 * is damaged: each is counted as invalid and passed on (rvwitness drops
 * what it cannot vouch for in a mode that drops raw data, so it runs in
 * raw-research here), and the stream goes on. */
GST_START_TEST (test_bad_input_passed_on)
{
  guint a;

  for (a = 0; a < G_N_ELEMENTS (analyzers); a++) {
    GstHarness *h = gst_harness_new (analyzers[a]);
    GstBuffer *in, *out, *node;
    GstMapInfo map;
    RvFusedRecord rec;
    RvCsiFrame f;
    guint8 junk[64];

    if (g_str_equal (analyzers[a], "rvwitness"))
      g_object_set (h->element, "privacy-mode", 0, NULL);
    gst_harness_set_src_caps_str (h, FUSED_CAPS);

    memset (junk, 0x5a, sizeof (junk));
    in = gst_buffer_new_memdup (junk, sizeof (junk));
    out = gst_harness_push_and_pull (h, in);
    fail_unless (out != NULL, "%s dropped a bad buffer", analyzers[a]);
    gst_buffer_unref (out);

    /* a fused record announcing a node record that is not there */
    in = gst_rv_fused_buffer_new (1, 4, &map, &rec);
    rec.n_node_records = 1;
    rec.nodes[0].record_index = 0;
    rec.nodes[0].status = RV_NODE_FUSED;
    gst_rv_fused_buffer_unmap (in, &map, &rec);
    /* a node record with a broken layout byte */
    node = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, 4, &map, &f);
    gst_rv_csi_buffer_unmap (node, &map, &f);
    fail_unless (gst_buffer_map (node, &map, GST_MAP_WRITE));
    map.data[6] = 7;
    gst_buffer_unmap (node, &map);
    out = gst_harness_push_and_pull (h, gst_buffer_ref (in));
    fail_unless (out != NULL);
    gst_buffer_unref (out);
    gst_rv_fused_buffer_append_node (in, node);
    gst_buffer_unref (node);
    out = gst_harness_push_and_pull (h, in);
    fail_unless (out != NULL);
    gst_buffer_unref (out);

    fail_unless_equals_uint64 (stat_of (h->element, "invalid"), 3);
    fail_unless_equals_uint64 (stat_of (h->element, "cycles"), 0);
    gst_harness_teardown (h);
  }
}
GST_END_TEST;

static void
run_line (const gchar * line, GstBus ** bus_out, GstElement ** p_out)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (line, &err);
  fail_unless (p != NULL && err == NULL, "%s: %s", line,
      err ? err->message : "?");
  *bus_out = gst_element_get_bus (p);
  *p_out = p;
}

/* Every analyser posts its message once per second of stream time (the
 * default message-interval), and the last, shorter interval at EOS: 4 s of
 * the room give 4 messages each, not 80. */
GST_START_TEST (test_messages_per_interval)
{
  GstBus *bus;
  GstElement *p;
  GstMessage *m;
  guint counts[G_N_ELEMENTS (analyzers)] = { 0 }, a;
  gboolean eos = FALSE;

  run_line ("csisrc num-buffers=1600 ! rvphasealign ! rvmultistaticfuse ! "
      "rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! fakesink", &bus,
      &p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  while (!eos && (m = gst_bus_timed_pop (bus, 60 * GST_SECOND))) {
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS)
      eos = TRUE;
    fail_if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ELEMENT)
      for (a = 0; a < G_N_ELEMENTS (analyzers); a++)
        if (gst_message_has_name (m, analyzers[a]))
          counts[a]++;
    gst_message_unref (m);
  }
  fail_unless (eos);
  for (a = 0; a < G_N_ELEMENTS (analyzers); a++)
    fail_unless_equals_int (counts[a], 4);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
}
GST_END_TEST;

static GThread *streaming_thread, *message_thread;

static GstPadProbeReturn
note_streaming_thread (GstPad * pad, GstPadProbeInfo * info, gpointer u)
{
  streaming_thread = g_thread_self ();
  return GST_PAD_PROBE_OK;
}

static GstBusSyncReply
note_message_thread (GstBus * bus, GstMessage * m, gpointer u)
{
  if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ELEMENT
      && gst_message_has_name (m, "rvcalibrate-baseline"))
    message_thread = g_thread_self ();
  return GST_BUS_PASS;
}

/* rvcalibrate writes its baseline files in a thread of its own (the
 * message that a file is complete comes from there, not from the
 * streaming thread), and the files exist when EOS has passed. */
GST_START_TEST (test_baseline_written_off_streaming_thread)
{
  gchar *dir = g_dir_make_tmp ("rvanalyzers-XXXXXX", NULL);
  gchar *line = g_strdup_printf ("csisrc num-buffers=800 ! rvcalibrate "
      "name=c mode=record frames=100 baseline-location=%s/b%%u.rvcal ! "
      "fakesink", dir);
  GstBus *bus;
  GstElement *p, *c;
  GstPad *pad;
  GstMessage *m;
  guint i;

  run_line (line, &bus, &p);
  c = gst_bin_get_by_name (GST_BIN (p), "c");
  pad = gst_element_get_static_pad (c, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, note_streaming_thread,
      NULL, NULL);
  gst_bus_set_sync_handler (bus, note_message_thread, NULL, NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS);
  gst_message_unref (m);
  fail_unless (streaming_thread != NULL && message_thread != NULL);
  fail_if (streaming_thread == message_thread);
  for (i = 1; i <= 4; i++) {
    gchar *f = g_strdup_printf ("%s/b%u.rvcal", dir, i);
    fail_unless (g_file_test (f, G_FILE_TEST_IS_REGULAR), "no %s", f);
    g_unlink (f);
    g_free (f);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (pad);
  gst_object_unref (c);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_rmdir (dir);
  g_free (dir);
  g_free (line);
}
GST_END_TEST;

/* A file location in a directory that does not exist fails the start (not
 * the last frame or EOS after a whole run). */
GST_START_TEST (test_unwritable_locations_fail_at_start)
{
  static const gchar *lines[] = {
    "csisrc num-buffers=40 ! rvphasealign ! rvmultistaticfuse ! rvwitness "
        "snapshot-location=/nonexistent-dir/g.json ! fakesink",
    "csisrc num-buffers=40 ! rvcalibrate mode=record "
        "baseline-location=/nonexistent-dir/b%u.rvcal ! fakesink",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (lines); i++) {
    GstBus *bus;
    GstElement *p;
    GstMessage *m;
    GError *err = NULL;

    run_line (lines[i], &bus, &p);
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_PLAYING),
        GST_STATE_CHANGE_FAILURE);
    m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (m != NULL);
    gst_message_parse_error (m, &err, NULL);
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_OPEN_WRITE), "%s", err->message);
    fail_unless (strstr (err->message, "/nonexistent-dir/") != NULL);
    g_error_free (err);
    gst_message_unref (m);
    gst_element_set_state (p, GST_STATE_NULL);
    gst_object_unref (bus);
    gst_object_unref (p);
  }
}
GST_END_TEST;

static Suite *
analyzers_suite (void)
{
  Suite *s = suite_create ("analyzers");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_bad_input_passed_on);
  tcase_add_test (tc, test_messages_per_interval);
  tcase_add_test (tc, test_baseline_written_off_streaming_thread);
  tcase_add_test (tc, test_unwritable_locations_fail_at_start);
  return s;
}

GST_CHECK_MAIN (analyzers);
