/* csisrc file replays a user can steer: DURATION, flushing TIME seeks
 * accurate to a record (by reader position for .rvcsi, by reading again for
 * RuView JSONL), progress messages, damaged recordings (checksum, truncated
 * end) and recordings of the older record versions. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "gst/ruview/rvbuffer.h"
#include "csisrc_check.h"
#include "launch_check.h"

#define MS GST_MSECOND

typedef struct
{
  GstClockTime pts, duration;
  GBytes *bytes;
} Out;

static gchar *dir;

static gchar *
path_of (const gchar * name)
{
  return g_build_filename (dir, name, NULL);
}

static void
out_clear (gpointer p)
{
  g_bytes_unref (((Out *) p)->bytes);
}

static Out
out_of (GstBuffer * b)
{
  Out o;
  GstMapInfo map;
  fail_unless (gst_buffer_map (b, &map, GST_MAP_READ));
  o.pts = GST_BUFFER_PTS (b);
  o.duration = GST_BUFFER_DURATION (b);
  o.bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (b, &map);
  return o;
}

/* fakesink handoff (streaming thread, PLAYING only): the buffer into the
 * array drain() hung on the sink */
static void
on_handoff (GstElement * sink, GstBuffer * b, GstPad * pad, gpointer data)
{
  GArray *a = g_object_get_data (G_OBJECT (sink), "out");
  Out o = out_of (b);
  g_array_append_val (a, o);
}

/* A replay of file into a fakesink (appsink is not in every installation
 * the suite runs on), PAUSED (prerolled) */
static GstElement *
replay (const gchar * file, const gchar * props, GstElement ** sink)
{
  gchar *desc = g_strdup_printf ("csisrc name=src location=%s %s ! "
      "fakesink name=sink sync=false signal-handoffs=true", file,
      props ? props : "");
  GstElement *p = gst_parse_launch (desc, NULL);
  fail_unless (p != NULL);
  g_free (desc);
  *sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  g_signal_connect (*sink, "handoff", G_CALLBACK (on_handoff), NULL);
  fail_unless (gst_element_set_state (p, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
          30 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  return p;
}

/* Every buffer the prerolled pipeline delivers when playing, until EOS */
static GArray *
drain (GstElement * p, GstElement * sink)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (Out));
  GstMessage *m;

  g_array_set_clear_func (a, out_clear);
  /* no buffer is rendered before PLAYING: the array is ours until then,
   * and again after EOS (posted after the last render) */
  g_object_set_data (G_OBJECT (sink), "out", a);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS);
  gst_message_unref (m);
  g_object_set_data (G_OBJECT (sink), "out", NULL);
  return a;
}

static GArray *
whole (const gchar * file, const gchar * props)
{
  GstElement *sink, *p = replay (file, props, &sink);
  GArray *a = drain (p, sink);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
  return a;
}

/* Seeks the prerolled pipeline to [start, stop) and checks that it delivers
 * exactly the buffers of the whole replay from the one holding start */
static void
check_seek (GstElement * p, GstElement * sink, const GArray * all,
    GstClockTime start, GstClockTime stop)
{
  GArray *got;
  guint at, i;

  fail_unless (gst_element_seek (p, 1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
          (gint64) start, GST_SEEK_TYPE_SET, GST_CLOCK_TIME_IS_VALID (stop) ?
          (gint64) stop : -1));
  fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
          30 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  got = drain (p, sink);
  /* the first buffer holds start (it ends after it) */
  for (at = 0; at < all->len; at++) {
    const Out *o = &g_array_index (all, Out, at);
    GstClockTime end = o->pts + (GST_CLOCK_TIME_IS_VALID (o->duration) ?
        o->duration : 0);
    if (GST_CLOCK_TIME_IS_VALID (o->duration) ? end > start : o->pts >= start)
      break;
  }
  fail_unless (got->len > 0);
  for (i = 0; i < got->len; i++) {
    const Out *g = &g_array_index (got, Out, i);
    const Out *w = &g_array_index (all, Out, at + i);
    fail_unless (at + i < all->len);
    fail_unless_equals_uint64 (g->pts, w->pts);
    fail_unless (g_bytes_equal (g->bytes, w->bytes), "buffer %u differs",
        at + i);
  }
  if (GST_CLOCK_TIME_IS_VALID (stop)) {
    const Out *next = at + i < all->len ? &g_array_index (all, Out,
        at + i) : NULL;
    fail_unless (g_array_index (got, Out, got->len - 1).pts < stop);
    fail_unless (next == NULL || next->pts >= stop);
  } else {
    fail_unless_equals_int (at + got->len, all->len);
  }
  g_array_free (got, TRUE);
  gst_element_set_state (p, GST_STATE_PAUSED);
  gst_element_get_state (p, NULL, NULL, 30 * GST_SECOND);
}

static void
check_seeks (const gchar * file, guint expect_buffers, GstClockTime duration)
{
  GArray *all = whole (file, NULL);
  GstElement *sink, *src, *p = replay (file, NULL, &sink);
  GstQuery *q = gst_query_new_seeking (GST_FORMAT_TIME);
  gint64 d = -1, size = -1;
  gboolean seekable = FALSE;
  GStatBuf st;

  fail_unless_equals_int (all->len, expect_buffers);
  fail_unless (gst_element_query_duration (p, GST_FORMAT_TIME, &d));
  fail_unless_equals_uint64 ((guint64) d, duration);
  fail_unless (gst_element_query_duration (p, GST_FORMAT_BYTES, &size));
  fail_unless (g_stat (file, &st) == 0);
  fail_unless_equals_int64 (size, (gint64) st.st_size);
  fail_unless (gst_element_query (p, q));
  gst_query_parse_seeking (q, NULL, &seekable, NULL, NULL);
  fail_unless (seekable);
  gst_query_unref (q);

  check_seek (p, sink, all, 2345 * MS, GST_CLOCK_TIME_NONE);
  check_seek (p, sink, all, 500 * MS, GST_CLOCK_TIME_NONE);   /* back */
  check_seek (p, sink, all, 1000 * MS, 2000 * MS);
  check_seek (p, sink, all, 0, GST_CLOCK_TIME_NONE);
  check_seek (p, sink, all, duration - 1, GST_CLOCK_TIME_NONE);
  /* a seek leaves no sequence gap behind */
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  fail_unless_equals_uint64 (stat_u64 (src, "gaps"), 0);
  gst_object_unref (src);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
  g_array_free (all, TRUE);
}

/* .rvcsi: 4 synthetic nodes, 100 frames/s each, 5 s */
GST_START_TEST (test_seek_record)
{
  gchar *file = path_of ("room.rvcsi"), *desc;

  desc = g_strdup_printf ("csisrc num-buffers=2000 ! filesink location=%s",
      file);
  run_to_eos (desc);
  g_free (desc);
  check_seeks (file, 2000, 5 * GST_SECOND);
  g_free (file);
}
GST_END_TEST;

/* RuView JSONL (no reader position: a seek reads again from the start):
 * 2 nodes at 20 Hz for 10 s, no durations */
GST_START_TEST (test_seek_ruview_jsonl)
{
  gchar *file = path_of ("pretrain.csi.jsonl");
  GString *s = g_string_new (NULL), *hex = g_string_new (NULL);
  guint i;

  for (i = 0; i < 64; i++)
    g_string_append_printf (hex, "%02x%02x", (i * 7) & 0x7f, (i * 3) & 0x7f);
  for (i = 0; i < 400; i++)
    g_string_append_printf (s, "{\"timestamp\": %u.%03u, \"node_id\": %u, "
        "\"type\": \"raw_csi\", \"iq_hex\": \"%s\", \"subcarriers\": 64}\n",
        1775182186 + i / 40, (i % 40) * 25, 1 + i % 2, hex->str);
  g_string_free (hex, TRUE);
  fail_unless (g_file_set_contents (file, s->str, s->len, NULL));
  g_string_free (s, TRUE);
  /* the last line is at 9.975 s and has no duration */
  check_seeks (file, 400, 9975 * MS);
  g_free (file);
}
GST_END_TEST;

/* progress messages: every progress-step percent, then 100 at the end */
GST_START_TEST (test_progress)
{
  gchar *file = path_of ("progress.rvcsi"), *desc;
  GstElement *p;
  GstMessage *m;
  gint last = -1, n = 0;
  gboolean complete = FALSE;

  desc = g_strdup_printf ("csisrc num-buffers=800 ! filesink location=%s",
      file);
  run_to_eos (desc);
  g_free (desc);
  desc = g_strdup_printf ("csisrc location=%s progress-step=25 ! fakesink",
      file);
  p = gst_parse_launch (desc, NULL);
  g_free (desc);
  gst_element_set_state (p, GST_STATE_PLAYING);
  while ((m = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p),
              30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_PROGRESS |
              GST_MESSAGE_ERROR))) {
    GstProgressType type;
    gchar *code, *text;
    gint percent = -1;
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS) {
      gst_message_unref (m);
      break;
    }
    fail_unless (GST_MESSAGE_TYPE (m) == GST_MESSAGE_PROGRESS);
    gst_message_parse_progress (m, &type, &code, &text);
    gst_structure_get_int (gst_message_get_structure (m), "percent",
        &percent);
    fail_unless_equals_string (code, "replay");
    fail_unless (strstr (text, "%") != NULL && strstr (text, "s of 2.0 s"),
        "%s", text);
    fail_unless (percent > last && percent % 25 == 0, "%d after %d", percent,
        last);
    fail_unless_equals_int (type, n == 0 ? GST_PROGRESS_TYPE_START :
        percent == 100 ? GST_PROGRESS_TYPE_COMPLETE :
        GST_PROGRESS_TYPE_CONTINUE);
    complete = type == GST_PROGRESS_TYPE_COMPLETE;
    last = percent;
    n++;
    g_free (code);
    g_free (text);
    gst_message_unref (m);
  }
  fail_unless (complete);
  fail_unless_equals_int (n, 5);        /* 0, 25, 50, 75, 100 */
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  g_free (file);
}
GST_END_TEST;

/* A damaged byte in one record and a truncated last one: the replay says
 * so at start, with the count, and goes on with the others */
GST_START_TEST (test_damaged_recording)
{
  gchar *file = path_of ("damaged.rvcsi"), *desc, *bytes;
  gsize len, rec = rv_record_csi_size (RV_LAYOUT_COMPLEX, 1, 64);
  GstElement *p, *src;
  GstMessage *m;
  GError *err = NULL;
  GArray *all;

  desc = g_strdup_printf ("csisrc num-buffers=200 ! filesink location=%s",
      file);
  run_to_eos (desc);
  g_free (desc);
  fail_unless (g_file_get_contents (file, &bytes, &len, NULL));
  fail_unless_equals_uint64 (len, 200 * rec);
  bytes[10 * rec + 300] ^= 0x01;        /* in record 10's payload */
  fail_unless (g_file_set_contents (file, bytes, len - 100, NULL));
  g_free (bytes);

  desc = g_strdup_printf ("csisrc name=src location=%s ! fakesink", file);
  p = gst_parse_launch (desc, NULL);
  g_free (desc);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 30 * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  fail_unless (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_WARNING);
  gst_message_parse_warning (m, &err, NULL);
  fail_unless (strstr (err->message, "damaged") && strstr (err->message,
          " 2 of its entries"), "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  m = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS);
  gst_message_unref (m);
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  fail_unless_equals_uint64 (stat_u64 (src, "frames"), 198);
  fail_unless_equals_uint64 (stat_u64 (src, "bad-records"), 2);
  gst_object_unref (src);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);

  /* seeking over the damage still lands on records */
  all = whole (file, NULL);
  fail_unless_equals_int (all->len, 198);
  p = replay (file, NULL, &src);
  check_seek (p, src, all, 10 * MS, GST_CLOCK_TIME_NONE);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (p);
  g_array_free (all, TRUE);
  g_free (file);
}
GST_END_TEST;

/* Version-1 csi records (no trailer) replay as the same current records */
GST_START_TEST (test_older_version_recording)
{
  gchar *file = path_of ("v2.rvcsi"), *old = path_of ("v1.rvcsi"), *desc;
  gchar *bytes;
  gsize len, off;
  GString *v1 = g_string_new (NULL);
  GArray *a, *b;
  guint i;

  desc = g_strdup_printf ("csisrc num-buffers=120 ! filesink location=%s",
      file);
  run_to_eos (desc);
  g_free (desc);
  fail_unless (g_file_get_contents (file, &bytes, &len, NULL));
  for (off = 0; off < len;) {
    guint32 size;
    guint16 version = 1;
    memcpy (&size, bytes + off + 12, 4);
    size -= RV_RECORD_TRAILER_SIZE;
    g_string_append_len (v1, bytes + off, 4);
    g_string_append_len (v1, (const gchar *) &version, 2);
    g_string_append_len (v1, bytes + off + 6, 6);
    g_string_append_len (v1, (const gchar *) &size, 4);
    g_string_append_len (v1, bytes + off + 16, size - 16);
    off += size + RV_RECORD_TRAILER_SIZE;
  }
  fail_unless (g_file_set_contents (old, v1->str, v1->len, NULL));
  g_string_free (v1, TRUE);
  g_free (bytes);

  a = whole (file, NULL);
  b = whole (old, NULL);
  fail_unless_equals_int (a->len, 120);
  fail_unless_equals_int (b->len, 120);
  for (i = 0; i < a->len; i++)
    fail_unless (g_bytes_equal (g_array_index (a, Out, i).bytes,
            g_array_index (b, Out, i).bytes), "record %u", i);
  g_array_free (a, TRUE);
  g_array_free (b, TRUE);
  g_free (file);
  g_free (old);
}
GST_END_TEST;

static void
setup (void)
{
  dir = g_dir_make_tmp ("csisrc-replay-XXXXXX", NULL);
  fail_unless (dir != NULL);
}

static void
teardown (void)
{
  remove_flat_dir (dir);
  g_clear_pointer (&dir, g_free);
}

static Suite *
csisrc_replay_suite (void)
{
  Suite *s = suite_create ("csisrc_replay");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_seek_record);
  tcase_add_test (tc, test_seek_ruview_jsonl);
  tcase_add_test (tc, test_progress);
  tcase_add_test (tc, test_damaged_recording);
  tcase_add_test (tc, test_older_version_recording);
  return s;
}

GST_CHECK_MAIN (csisrc_replay);
