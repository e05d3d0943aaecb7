/* csisrc device=…: ESP32 serial input through a real pseudo-terminal.
 *
 * The test opens a pty pair and writes real capture lines into the master
 * side, as an ESP32 would print them; csisrc reads the slave side.  Boot
 * messages, a truncated record, CRLF lines, format detection from the
 * lines, arrival PTS on the pipeline clock, a vanished device (error, or
 * reopened with reconnect=true through a path that comes back), and the
 * start errors. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/base/gstbasesrc.h>

#include "gst/ruview/rvbuffer.h"
#include "captures.h"
#include "csisrc_check.h"


typedef struct
{
  gint master, slave;
  gchar *path;
} Pty;

static void
pty_open (Pty * p)
{
  struct termios t;
  gchar name[256];

  memset (&t, 0, sizeof (t));
  cfmakeraw (&t);
  fail_unless (openpty (&p->master, &p->slave, name, &t, NULL) == 0,
      "openpty: %s", g_strerror (errno));
  p->path = g_strdup (name);
}

static void
pty_close (Pty * p)
{
  if (p->master >= 0)
    close (p->master);
  if (p->slave >= 0)
    close (p->slave);
  p->master = p->slave = -1;
  g_clear_pointer (&p->path, g_free);
}

static void
pty_write (Pty * p, const gchar * text, gsize len)
{
  while (len > 0) {
    gssize n = write (p->master, text, len);
    if (n < 0 && errno == EINTR)
      continue;
    fail_unless (n > 0, "write: %s", g_strerror (errno));
    text += n;
    len -= (gsize) n;
  }
}

/* Lines first..last (1-based) of a capture, with their line endings */
static gchar *
capture_lines (const gchar * name, guint first, guint last)
{
  gchar *path = g_build_filename (RV_CAPTURES, name, NULL), *text;
  GString *out = g_string_new (NULL);
  const gchar *p, *nl;
  guint line = 1;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "%s", path);
  for (p = text; *p && line <= last; p = nl + 1, line++) {
    nl = strchr (p, '\n');
    fail_unless (nl != NULL);
    if (line >= first)
      g_string_append_len (out, p, nl - p + 1);
  }
  g_free (text);
  g_free (path);
  return g_string_free (out, FALSE);
}

static GstHarness *
serial_harness (const gchar * device, gint64 node_id)
{
  GstHarness *h = gst_harness_new ("csisrc");
  g_object_set (h->element, "device", device, "node-id", node_id, NULL);
  gst_harness_play (h);
  return h;
}

/* Wait until the element has the device open (it flushes stale input on
 * opening, so write only after) */
static void
wait_started (GstHarness * h)
{
  GstState state;
  fail_unless_equals_int (gst_element_get_state (h->element, &state, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  /* PLAYING and the streaming thread in create(): give it a moment */
  g_usleep (100 * 1000);
}

GST_START_TEST (test_serial_esp32_csi_tool)
{
  Pty p = { -1, -1, NULL };
  GstHarness *h;
  gchar *lines;
  GstBuffer *b;
  GstMapInfo map;
  RvCsiFrame f;
  guint k;

  pty_open (&p);
  h = serial_harness (p.path, -1);
  wait_started (h);
  fail_unless (gst_base_src_is_live (GST_BASE_SRC (h->element)));

  /* a boot message, the header, 5 records, the one-value-short record of
   * the pitraffic capture, then a record delivered in two writes */
  pty_write (&p, "I (312) wifi: mode : sta\n", 25);
  lines = capture_lines ("esp32-csi-tool/example_data.csv", 1, 6);
  gst_harness_set_time (h, 5 * GST_SECOND);
  pty_write (&p, lines, strlen (lines));
  g_free (lines);
  lines = capture_lines ("esp32-csi-tool/example_100hz_pitraffic.csv", 19,
      19);
  pty_write (&p, lines, strlen (lines));
  g_free (lines);

  for (k = 0; k < 5; k++) {
    b = gst_harness_pull (h);
    fail_unless (b != NULL);
    fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
    fail_unless_equals_int (f.dim0, 1);
    fail_unless_equals_int (f.dim1, 52);
    fail_unless_equals_int (f.sequence, k);
    fail_unless_equals_int (f.rssi_dbm, -77);
    /* arrival on the pipeline clock */
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 5 * GST_SECOND);
    fail_unless_equals_uint64 (f.pts_ns, GST_BUFFER_PTS (b));
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DISCONT), k == 0);
    if (k == 0) {
      /* the first record of example_data.csv: −26 prints "8 -20" */
      fail_unless_equals_float (f.data[0], -20.0);
      fail_unless_equals_float (f.data[1], 8.0);
      fail_unless_equals_uint64 (f.timestamp_us, 2504852);
    }
    gst_rv_csi_buffer_unmap (b, &map, NULL);
    gst_buffer_unref (b);
  }

  lines = capture_lines ("esp32-csi-tool/example_data.csv", 7, 7);
  pty_write (&p, lines, 40);
  g_usleep (50 * 1000);
  pty_write (&p, lines + 40, strlen (lines) - 40);
  g_free (lines);
  b = gst_harness_pull (h);
  fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
  fail_unless_equals_int (f.sequence, 5);
  gst_rv_csi_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);

  /* boot message and header: non-CSI; the short record: counted */
  fail_unless_equals_uint64 (stat_u64 (h->element, "non-csi"), 2);
  fail_unless_equals_uint64 (stat_u64 (h->element, "bad-records"), 1);
  fail_unless_equals_uint64 (stat_u64 (h->element, "frames"), 6);
  gst_harness_teardown (h);
  pty_close (&p);
}
GST_END_TEST;

GST_START_TEST (test_serial_esp_csi_crlf)
{
  /* esp-csi lines end in CRLF; the format is found from the lines */
  Pty p = { -1, -1, NULL };
  GstHarness *h;
  gchar *lines;
  GstBuffer *b;
  GstMapInfo map;
  RvCsiFrame f;
  guint k;

  pty_open (&p);
  h = serial_harness (p.path, 3);
  wait_started (h);
  lines = capture_lines ("esp-csi/csi_data.csv", 1, 8);
  fail_unless (strstr (lines, "\r\n") != NULL);
  pty_write (&p, lines, strlen (lines));
  g_free (lines);
  for (k = 0; k < 7; k++) {
    b = gst_harness_pull (h);
    fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
    fail_unless_equals_int (f.dim0, 2);
    fail_unless_equals_int (f.dim1, 114);
    fail_unless_equals_int (f.node_id, 3);
    /* ids 2534 … 2539, then the gap to 2544 */
    fail_unless_equals_int (f.sequence, k < 6 ? 2534 + k : 2544);
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DISCONT), k == 0 || k == 6);
    gst_rv_csi_buffer_unmap (b, &map, NULL);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (stat_u64 (h->element, "gaps"), 1);
  gst_harness_teardown (h);
  pty_close (&p);
}
GST_END_TEST;

/* The device vanishes: an error naming it */
GST_START_TEST (test_serial_vanished_error)
{
  Pty p = { -1, -1, NULL };
  GstElement *pipe, *src;
  GstBus *bus;
  GstMessage *m;
  GError *err = NULL;
  gchar *lines;

  pty_open (&p);
  pipe = gst_parse_launch ("csisrc name=src ! fakesink", NULL);
  src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  g_object_set (src, "device", p.path, NULL);
  bus = gst_element_get_bus (pipe);
  /* live: the sink completes its state change on the first buffer */
  fail_unless_equals_int (gst_element_set_state (pipe, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);
  g_usleep (300 * 1000);
  lines = capture_lines ("esp32-csi-tool/example_data.csv", 2, 3);
  pty_write (&p, lines, strlen (lines));
  g_free (lines);
  /* unplugged: the master goes, the slave hangs up */
  close (p.master);
  p.master = -1;
  close (p.slave);
  p.slave = -1;
  m = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (m != NULL, "no error after the device went away");
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_READ), "%s", err->message);
  fail_unless (strstr (err->message, "went away") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  pty_close (&p);
}
GST_END_TEST;

/* reconnect=true: a path (like /dev/serial/by-id/…) that disappears and
 * comes back on another pty; frames resume with DISCONT */
GST_START_TEST (test_serial_reconnect)
{
  Pty p = { -1, -1, NULL };
  gchar *dir = g_dir_make_tmp ("csisrc-tty-XXXXXX", NULL);
  gchar *link = g_build_filename (dir, "esp32", NULL);
  GstHarness *h;
  gchar *lines;
  GstBuffer *b;
  GstMapInfo map;
  RvCsiFrame f;
  GstMessage *m;
  GstBus *bus = gst_bus_new ();

  pty_open (&p);
  fail_unless (symlink (p.path, link) == 0);
  h = gst_harness_new ("csisrc");
  gst_element_set_bus (h->element, bus);
  g_object_set (h->element, "device", link, "reconnect", TRUE, NULL);
  gst_harness_play (h);
  wait_started (h);
  lines = capture_lines ("esp32-csi-tool/example_data.csv", 2, 2);
  pty_write (&p, lines, strlen (lines));
  g_free (lines);
  b = gst_harness_pull (h);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (b);

  /* gone: a warning, not an error */
  g_unlink (link);
  pty_close (&p);
  m = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  fail_unless_equals_int (GST_MESSAGE_TYPE (m), GST_MESSAGE_WARNING);
  gst_message_unref (m);

  /* back, on another pty behind the same path */
  pty_open (&p);
  fail_unless (symlink (p.path, link) == 0);
  g_usleep (1200 * 1000);       /* at least two retry periods */
  lines = capture_lines ("esp32-csi-tool/example_data.csv", 3, 4);
  pty_write (&p, lines, strlen (lines));
  g_free (lines);
  b = gst_harness_pull (h);
  fail_unless (b != NULL);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  fail_unless (gst_rv_csi_buffer_map (b, &map, GST_MAP_READ, &f));
  fail_unless_equals_uint64 (f.timestamp_us, 2504852);
  gst_rv_csi_buffer_unmap (b, &map, NULL);
  gst_buffer_unref (b);
  b = gst_harness_pull (h);
  fail_unless (!GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (b);

  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
  pty_close (&p);
  g_unlink (link);
  g_rmdir (dir);
  g_free (link);
  g_free (dir);
}
GST_END_TEST;

GST_START_TEST (test_serial_start_errors)
{
  Pty p = { -1, -1, NULL };
  GstElement *e;

  e = gst_element_factory_make ("csisrc", NULL);
  g_object_set (e, "device", "/nonexistent/ttyUSB9", NULL);
  expect_start_error (e, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ);
  gst_object_unref (e);

  pty_open (&p);
  e = gst_element_factory_make ("csisrc", NULL);
  g_object_set (e, "device", p.path, "baud-rate", 12345, NULL);
  expect_start_error (e, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  gst_object_unref (e);

  e = gst_element_factory_make ("csisrc", NULL);
  gst_util_set_object_arg (G_OBJECT (e), "format", "intel5300");
  g_object_set (e, "device", p.path, NULL);
  expect_start_error (e, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  gst_object_unref (e);

  e = gst_element_factory_make ("csisrc", NULL);
  g_object_set (e, "device", p.path, "location", "x.csv", NULL);
  expect_start_error (e, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  gst_object_unref (e);

  /* not a terminal */
  e = gst_element_factory_make ("csisrc", NULL);
  g_object_set (e, "device", "/dev/null", NULL);
  expect_start_error (e, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ);
  gst_object_unref (e);
  pty_close (&p);
}
GST_END_TEST;

static Suite *
csisrc_serial_suite (void)
{
  Suite *s = suite_create ("csisrc-serial");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_serial_esp32_csi_tool);
  tcase_add_test (tc, test_serial_esp_csi_crlf);
  tcase_add_test (tc, test_serial_vanished_error);
  tcase_add_test (tc, test_serial_reconnect);
  tcase_add_test (tc, test_serial_start_errors);
  return s;
}

RV_CAPTURES_CHECK_MAIN (csisrc_serial);
