/* csisrc on every real capture file of the shared captures directory
 * (read in place): frames, DISCONT on sequence gaps, PTS from the records'
 * time, statistics by reason, the no-readable-record error, and the
 * format, nexmon-chip, node-id and iq-order properties. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "gst/ruview/rvbuffer.h"
#include "captures.h"
#include "csisrc_check.h"


/* bad-record-reasons.<reason>, 0 when absent */
static guint64
reason_u64 (GstElement * e, const gchar * reason)
{
  GstStructure *s = NULL;
  const GstStructure *r;
  guint64 v = 0;
  g_object_get (e, "stats", &s, NULL);
  r = gst_value_get_structure (gst_structure_get_value (s,
          "bad-record-reasons"));
  fail_unless (r != NULL);
  gst_structure_get_uint64 (r, reason, &v);
  gst_structure_free (s);
  return v;
}

static gchar *
capture (const gchar * name)
{
  return g_build_filename (RV_CAPTURES, name, NULL);
}

static GstHarness *
capture_harness (const gchar * name, const gchar * props)
{
  GstHarness *h = gst_harness_new ("csisrc");
  gchar *path = capture (name);
  g_object_set (h->element, "location", path, NULL);
  if (props) {
    gchar **kv = g_strsplit_set (props, " =", -1), **p;
    for (p = kv; p[0] && p[1]; p += 2)
      gst_util_set_object_arg (G_OBJECT (h->element), p[0], p[1]);
    g_strfreev (kv);
  }
  g_free (path);
  gst_harness_play (h);
  return h;
}

static void
wait_eos (GstHarness * h)
{
  gboolean eos = FALSE;
  while (!eos) {
    GstEvent *ev = gst_harness_pull_event (h);
    fail_unless (ev != NULL, "no EOS");
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
}

static RvCsiFrame
map_frame (GstBuffer * b, GstMapInfo * map)
{
  RvCsiFrame f;
  fail_unless (gst_rv_csi_buffer_map (b, map, GST_MAP_READ, &f));
  return f;
}

/* ------------------------------------------------------------- all files */

static const struct
{
  const gchar *file;
  guint frames, bad, non_csi, gaps, streams, subcarriers;
} captures[] = {
  {"esp32-csi-tool/example_csi.csv", 13, 0, 0, 0, 1, 52},
  {"esp32-csi-tool/example_data.csv", 60, 0, 1, 0, 1, 52},
  {"esp32-csi-tool/example_100hz_pitraffic.csv", 833, 1, 1, 0, 1, 52},
  {"esp-csi/csi_data.csv", 167, 0, 1, 1, 2, 114},
  {"intel5300/log.all_csi.6.7.6", 29, 0, 0, 0, 3, 30},
  {"intel5300/example.dat", 26, 0, 0, 0, 6, 30},
  {"intel5300/sample_0x1_ap.dat", 540, 0, 0, 0, 6, 30},
  {"intel5300/sample_0x5_64_3000.dat", 2998, 0, 2998, 0, 3, 30},
  {"nexmon/example.pcap", 1, 0, 0, 0, 4, 242},
  {"nexmon/example_4366c0.pcap", 293, 0, 0, 0, 1, 242},
  {"nexmon/example_43455c0.pcap", 566, 0, 0, 0, 1, 242},
  {"nexmon/example_4339.pcap", 950, 0, 0, 13, 3, 242},
  {"atheros/ath_csi_1.dat", 401, 0, 0, 0, 6, 56},
  {"feitcsi/HESU20_5500.csi", 28, 0, 0, 0, 2, 242},
};

GST_START_TEST (test_every_capture)
{
  guint i, k;

  for (i = 0; i < G_N_ELEMENTS (captures); i++) {
    GstHarness *h = capture_harness (captures[i].file, NULL);
    GstClockTime last = 0;
    guint discont = 0;

    for (k = 0; k < captures[i].frames; k++) {
      GstBuffer *b = gst_harness_pull (h);
      GstMapInfo map;
      RvCsiFrame f;
      fail_unless (b != NULL, "%s: frame %u missing", captures[i].file, k);
      f = map_frame (b, &map);
      if (k == 0) {
        fail_unless_equals_int (f.dim0, captures[i].streams);
        fail_unless_equals_int (f.dim1, captures[i].subcarriers);
        fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 0);
      }
      fail_unless_equals_int (f.layout, RV_LAYOUT_COMPLEX);
      fail_unless_equals_int (f.node_id, 0);
      fail_unless (GST_BUFFER_PTS_IS_VALID (b));
      fail_unless (GST_BUFFER_PTS (b) >= last, "%s: PTS went back",
          captures[i].file);
      fail_unless_equals_uint64 (f.pts_ns, GST_BUFFER_PTS (b));
      last = GST_BUFFER_PTS (b);
      if (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT))
        discont++;
      gst_rv_csi_buffer_unmap (b, &map, NULL);
      gst_buffer_unref (b);
    }
    wait_eos (h);
    /* the first frame and each sequence gap */
    fail_unless_equals_int (discont, 1 + captures[i].gaps);
    fail_unless_equals_uint64 (stat_u64 (h->element, "frames"),
        captures[i].frames);
    fail_unless_equals_uint64 (stat_u64 (h->element, "gaps"),
        captures[i].gaps);
    fail_unless_equals_uint64 (stat_u64 (h->element, "bad-records"),
        captures[i].bad);
    fail_unless_equals_uint64 (stat_u64 (h->element, "malformed"),
        captures[i].bad);
    fail_unless_equals_uint64 (stat_u64 (h->element, "non-csi"),
        captures[i].non_csi);
    gst_harness_teardown (h);
  }
}
GST_END_TEST;

/* --------------------------------------------------------- time, reasons */

GST_START_TEST (test_pts_from_device_time)
{
  /* Intel: timestamp_low 2238735549, then 2238735996 µs */
  GstHarness *h = capture_harness ("intel5300/example.dat", NULL);
  GstBuffer *b;

  gst_buffer_unref (gst_harness_pull (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 447 * GST_USECOND);
  fail_unless (!GST_BUFFER_DURATION_IS_VALID (b));
  gst_buffer_unref (b);
  gst_harness_teardown (h);

  /* the tool's own sample: the clock is stuck at 4, PTS stays 0 */
  h = capture_harness ("intel5300/log.all_csi.6.7.6", NULL);
  gst_buffer_unref (gst_harness_pull (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 0);
  gst_buffer_unref (b);
  gst_harness_teardown (h);

  /* Nexmon: pcap time (µs) */
  h = capture_harness ("nexmon/example_4366c0.pcap", NULL);
  gst_buffer_unref (gst_harness_pull (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 102411 * GST_USECOND);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* An ESP32 that reboots mid-log: its clock starts again; the timeline
 * goes on from the last PTS, DISCONT */
GST_START_TEST (test_clock_step_back)
{
  gchar *src = g_build_filename (RV_CAPTURES,
      "esp32-csi-tool/example_data.csv", NULL), *text, **lines;
  gchar *dir = g_dir_make_tmp ("csisrc-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "rebooted.csv", NULL);
  GString *s = g_string_new (NULL);
  GstHarness *h;
  GstClockTime pts[14];
  guint64 us[14];
  guint k;

  fail_unless (g_file_get_contents (src, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  /* records 1–10, then records 1–4 again */
  for (k = 1; k <= 10; k++)
    g_string_append_printf (s, "%s\n", lines[k]);
  for (k = 1; k <= 4; k++)
    g_string_append_printf (s, "%s\n", lines[k]);
  fail_unless (g_file_set_contents (path, s->str, s->len, NULL));
  h = gst_harness_new ("csisrc");
  g_object_set (h->element, "location", path, NULL);
  gst_harness_play (h);
  for (k = 0; k < 14; k++) {
    GstBuffer *b = gst_harness_pull (h);
    GstMapInfo map;
    RvCsiFrame f = map_frame (b, &map);
    pts[k] = GST_BUFFER_PTS (b);
    us[k] = f.timestamp_us;
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DISCONT), k == 0 || k == 10);
    gst_rv_csi_buffer_unmap (b, &map, NULL);
    gst_buffer_unref (b);
  }
  fail_unless (us[10] < us[9]);
  fail_unless_equals_uint64 (pts[9], (us[9] - us[0]) * 1000u);
  fail_unless_equals_uint64 (pts[10], pts[9]);
  fail_unless_equals_uint64 (pts[13], pts[9] + (us[13] - us[10]) * 1000u);
  gst_harness_teardown (h);
  g_unlink (path);
  g_rmdir (dir);
  g_string_free (s, TRUE);
  g_strfreev (lines);
  g_free (text);
  g_free (path);
  g_free (dir);
  g_free (src);
}
GST_END_TEST;

GST_START_TEST (test_short_record_reason)
{
  GstHarness *h = capture_harness ("esp32-csi-tool/example_100hz_pitraffic.csv",
      NULL);
  guint k;

  for (k = 0; k < 833; k++)
    gst_buffer_unref (gst_harness_pull (h));
  wait_eos (h);
  fail_unless_equals_uint64 (reason_u64 (h->element, "wrong-value-count"), 1);
  fail_unless_equals_uint64 (stat_u64 (h->element, "received"), 835);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Run a launch line to its end; the error message, or NULL at EOS */
static gchar *
run_for_error (const gchar * desc, GstElement ** src_out, GQuark * domain,
    gint * code)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstBus *bus;
  GstMessage *m;
  gchar *text = NULL;

  fail_unless (p != NULL && err == NULL);
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR) {
    gst_message_parse_error (m, &err, NULL);
    text = g_strdup (err->message);
    *domain = err->domain;
    *code = err->code;
    g_clear_error (&err);
  }
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  if (src_out)
    *src_out = gst_bin_get_by_name (GST_BIN (p), "src");
  gst_object_unref (bus);
  gst_object_unref (p);
  return text;
}

GST_START_TEST (test_no_readable_record)
{
  /* a torn line, a message line, lines glued by the serial logger */
  gchar *path = capture ("esp-csi/csi_data_log.txt");
  gchar *desc = g_strdup_printf ("csisrc name=src location=\"%s\" ! fakesink",
      path);
  GstElement *src = NULL;
  GQuark domain = 0;
  gint code = 0;
  gchar *msg = run_for_error (desc, &src, &domain, &code);

  fail_unless (msg != NULL, "no error");
  fail_unless (domain == GST_STREAM_ERROR && code == GST_STREAM_ERROR_DECODE);
  /* it names the formats the element reads */
  fail_unless (strstr (msg, "Intel 5300") && strstr (msg, "Nexmon")
      && strstr (msg, "esp-csi"), "%s", msg);
  fail_unless (src != NULL);
  fail_unless_equals_uint64 (stat_u64 (src, "bad-records"), 2);
  fail_unless_equals_uint64 (stat_u64 (src, "non-csi"), 1);
  fail_unless_equals_uint64 (reason_u64 (src, "not-a-record"), 1);
  fail_unless_equals_uint64 (reason_u64 (src, "bad-field-syntax"), 1);
  gst_object_unref (src);
  g_free (msg);
  g_free (desc);
  g_free (path);
}
GST_END_TEST;

GST_START_TEST (test_unknown_content)
{
  gchar *dir = g_dir_make_tmp ("csisrc-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "notes.txt", NULL);
  gchar *desc = g_strdup_printf ("csisrc location=\"%s\" ! fakesink", path);
  GQuark domain = 0;
  gint code = 0;
  gchar *msg;

  fail_unless (g_file_set_contents (path, "hello\nworld\n", -1, NULL));
  msg = run_for_error (desc, NULL, &domain, &code);
  fail_unless (msg != NULL);
  fail_unless (domain == GST_STREAM_ERROR
      && code == GST_STREAM_ERROR_WRONG_TYPE);
  fail_unless (strstr (msg, "FeitCSI") != NULL, "%s", msg);
  g_free (msg);
  g_unlink (path);
  g_rmdir (dir);
  g_free (desc);
  g_free (path);
  g_free (dir);
}
GST_END_TEST;

/* ------------------------------------------------------------ properties */

GST_START_TEST (test_format_forced)
{
  gchar *path = capture ("intel5300/example.dat");
  gchar *desc;
  GQuark domain = 0;
  gint code = 0;
  gchar *msg;
  GstHarness *h;
  guint k;

  /* the right format, forced */
  h = capture_harness ("intel5300/example.dat", "format=intel5300");
  for (k = 0; k < 26; k++)
    gst_buffer_unref (gst_harness_pull (h));
  wait_eos (h);
  gst_harness_teardown (h);

  /* a wrong one: nothing readable */
  desc = g_strdup_printf ("csisrc format=nexmon location=\"%s\" ! fakesink",
      path);
  msg = run_for_error (desc, NULL, &domain, &code);
  fail_unless (msg != NULL);
  fail_unless (domain == GST_STREAM_ERROR && code == GST_STREAM_ERROR_DECODE);
  g_free (msg);
  g_free (desc);
  g_free (path);
}
GST_END_TEST;

GST_START_TEST (test_nexmon_chip)
{
  GstHarness *h = capture_harness ("nexmon/example_4339.pcap", NULL);
  GstBuffer *b = gst_harness_pull (h);
  GstMapInfo map;
  RvCsiFrame f = map_frame (b, &map);

  fail_unless_equals_float (f.data[0], -249.0);
  fail_unless_equals_float (f.data[1], -111.0);
  gst_rv_csi_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);
  gst_harness_teardown (h);

  /* forced to the 4358's packed floats: other values, same framing */
  h = capture_harness ("nexmon/example_4339.pcap", "nexmon-chip=bcm4358");
  b = gst_harness_pull (h);
  f = map_frame (b, &map);
  fail_unless_equals_int (f.dim0, 3);
  fail_unless (f.data[0] != -249.0);
  gst_rv_csi_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_node_id_and_iq_order)
{
  /* example_data.csv, first record: subcarrier −26 printed "8 -20" */
  GstHarness *h = capture_harness ("esp32-csi-tool/example_data.csv",
      "node-id=5");
  GstBuffer *b = gst_harness_pull (h);
  GstMapInfo map;
  RvCsiFrame f = map_frame (b, &map);

  fail_unless_equals_int (f.node_id, 5);
  fail_unless_equals_int (f.subcarrier_index[0], -26);
  fail_unless_equals_float (f.data[0], -20.0);  /* ESP-IDF: imaginary first */
  fail_unless_equals_float (f.data[1], 8.0);
  gst_rv_csi_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);
  gst_harness_teardown (h);

  h = capture_harness ("esp32-csi-tool/example_data.csv", "iq-order=i-first");
  b = gst_harness_pull (h);
  f = map_frame (b, &map);
  fail_unless_equals_int (f.node_id, 0);
  fail_unless_equals_float (f.data[0], 8.0);
  fail_unless_equals_float (f.data[1], -20.0);
  gst_rv_csi_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
csisrc_captures_suite (void)
{
  Suite *s = suite_create ("csisrc-captures");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_every_capture);
  tcase_add_test (tc, test_pts_from_device_time);
  tcase_add_test (tc, test_clock_step_back);
  tcase_add_test (tc, test_short_record_reason);
  tcase_add_test (tc, test_no_readable_record);
  tcase_add_test (tc, test_unknown_content);
  tcase_add_test (tc, test_format_forced);
  tcase_add_test (tc, test_nexmon_chip);
  tcase_add_test (tc, test_node_id_and_iq_order);
  return s;
}

RV_CAPTURES_CHECK_MAIN (csisrc_captures);
