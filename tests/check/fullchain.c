/* The whole chain of issue 6's "Done when":
 *   csisrc ! rvcalibrate ! rvphasealign ! rvmultistaticfuse ! rvcirgate !
 *   rvtomography ! rvposetrack ! rvwitness ! rvmetaconvert ! filesink
 * from the synthetic room (a baseline recorded first with rvcalibrate
 * mode=record) and from a recording (.rvcsi): two runs of each give
 * byte-identical JSON, witnesses included, and identical WorldGraph
 * snapshots.  Skips when an element is not built. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>

static const gchar *chain_elements[] = {
  "csisrc", "rvcalibrate", "rvphasealign", "rvmultistaticfuse", "rvcirgate",
  "rvtomography", "rvposetrack", "rvwitness", "rvmetaconvert", "filesink"
};

/* 4 nodes × 600 frames: 30 s of the synthetic room at 20 Hz per node */
#define FRAMES 2400
#define SEED 42

static gchar *tmpdir;

static gboolean
all_elements_present (void)
{
  guint i;
  for (i = 0; i < G_N_ELEMENTS (chain_elements); i++) {
    GstElementFactory *f = gst_element_factory_find (chain_elements[i]);
    if (!f) {
      g_print ("SKIP: element %s is not built\n", chain_elements[i]);
      return FALSE;
    }
    gst_object_unref (f);
  }
  return TRUE;
}

/* Runs a launch line to EOS; fails on an error message. */
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
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gchar *dbg = NULL;
    gst_message_parse_error (msg, &err, &dbg);
    fail ("%s: %s (%s)", line, err->message, dbg ? dbg : "");
  }
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
}

static gchar *
path_of (const gchar * name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gchar *
contents (const gchar * name, gsize * len)
{
  gchar *p = path_of (name), *text = NULL;
  fail_unless (g_file_get_contents (p, &text, len, NULL), "no %s", p);
  g_free (p);
  return text;
}

/* Runs the full chain from `source` into run-<tag>.jsonl and
 * graph-<tag>.json. */
static void
run_chain (const gchar * source, const gchar * tag)
{
  gchar *baseline = path_of ("room-node%u.rvcal");
  gchar *json = g_strdup_printf ("%s/run-%s.jsonl", tmpdir, tag);
  gchar *graph = g_strdup_printf ("%s/graph-%s.json", tmpdir, tag);
  gchar *line = g_strdup_printf ("%s ! rvcalibrate baseline-location=%s ! "
      "rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! "
      "rvposetrack ! rvwitness room-id=living_room "
      "room-name=\"Living Room\" snapshot-location=%s ! "
      "rvmetaconvert detail=full ! filesink location=%s", source, baseline,
      graph, json);

  run (line);
  g_free (line);
  g_free (graph);
  g_free (json);
  g_free (baseline);
}

/* Checks the document set: every line a fused frame; the non-gap ones carry
 * occupancy, pose and witness members.  Returns the number of witnesses. */
static guint
check_documents (const gchar * text)
{
  gchar **lines = g_strsplit (text, "\n", -1), **l;
  guint docs = 0, witnesses = 0, occupancy = 0, pose = 0;

  for (l = lines; *l && **l; l++) {
    fail_unless (g_str_has_prefix (*l, "{\"type\":\"fused_frame\""), "%s",
        *l);
    docs++;
    if (strstr (*l, "\"witness\":{\"witness\":\""))
      witnesses++;
    if (strstr (*l, "\"occupancy\":{"))
      occupancy++;
    if (strstr (*l, "\"pose\":{"))
      pose++;
  }
  g_strfreev (lines);
  g_print ("%u documents, %u witnesses, %u occupancy, %u pose\n", docs,
      witnesses, occupancy, pose);
  fail_unless (docs >= 100, "only %u documents", docs);
  fail_unless (witnesses >= docs - 2, "%u witnesses in %u documents",
      witnesses, docs);
  fail_unless (occupancy > 0 && pose > 0);
  return witnesses;
}

static void
setup (void)
{
  gchar *baseline, *line;

  tmpdir = g_dir_make_tmp ("rvfullchain-XXXXXX", NULL);
  fail_unless (tmpdir != NULL);
  /* the empty-room baseline of every node, learnt from the synthetic room */
  baseline = path_of ("room-node%u.rvcal");
  line = g_strdup_printf ("csisrc num-buffers=%d seed=%d ! rvcalibrate "
      "mode=record capture-time=1700000000 baseline-location=%s ! fakesink",
      FRAMES, SEED, baseline);
  run (line);
  g_free (line);
  g_free (baseline);
}

static void
teardown (void)
{
  GDir *d = g_dir_open (tmpdir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    gchar *p = path_of (name);
    g_unlink (p);
    g_free (p);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

GST_START_TEST (test_synthetic_room_twice)
{
  gchar *src = g_strdup_printf ("csisrc num-buffers=%d seed=%d", FRAMES,
      SEED);
  gchar *a, *b, *ga, *gb;
  gsize la, lb;

  setup ();
  run_chain (src, "syn1");
  run_chain (src, "syn2");
  a = contents ("run-syn1.jsonl", &la);
  b = contents ("run-syn2.jsonl", &lb);
  check_documents (a);
  fail_unless (la == lb && memcmp (a, b, la) == 0,
      "two runs of the synthetic room differ");
  ga = contents ("graph-syn1.json", NULL);
  gb = contents ("graph-syn2.json", NULL);
  fail_unless (g_str_has_prefix (ga, "{\"schema_version\":1,"));
  fail_unless_equals_string (ga, gb);
  g_free (a);
  g_free (b);
  g_free (ga);
  g_free (gb);
  g_free (src);
  teardown ();
}
GST_END_TEST;

GST_START_TEST (test_recording_replayed_twice)
{
  gchar *rec, *line, *src, *syn, *a, *b, *s, *ga, *gb;
  gsize la, lb, ls;

  setup ();
  rec = path_of ("room.rvcsi");
  line = g_strdup_printf ("csisrc num-buffers=%d seed=%d ! filesink "
      "location=%s", FRAMES, SEED, rec);
  src = g_strdup_printf ("csisrc location=%s", rec);
  syn = g_strdup_printf ("csisrc num-buffers=%d seed=%d", FRAMES, SEED);
  run (line);
  run_chain (src, "rec1");
  run_chain (src, "rec2");
  a = contents ("run-rec1.jsonl", &la);
  b = contents ("run-rec2.jsonl", &lb);
  check_documents (a);
  fail_unless (la == lb && memcmp (a, b, la) == 0,
      "two replays of the recording differ");
  ga = contents ("graph-rec1.json", NULL);
  gb = contents ("graph-rec2.json", NULL);
  fail_unless_equals_string (ga, gb);

  /* the recording replays the synthetic room's buffers exactly, so the
   * chain gives the same document set as the live synthetic source */
  run_chain (syn, "syn");
  s = contents ("run-syn.jsonl", &ls);
  fail_unless (ls == la && memcmp (s, a, la) == 0,
      "the recording's chain output differs from the synthetic room's");

  g_free (a);
  g_free (b);
  g_free (s);
  g_free (ga);
  g_free (gb);
  g_free (src);
  g_free (syn);
  g_free (line);
  g_free (rec);
  teardown ();
}
GST_END_TEST;

static Suite *
fullchain_suite (void)
{
  Suite *s = suite_create ("fullchain");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 600);
  if (!all_elements_present ())
    return s;
  tcase_add_test (tc, test_synthetic_room_twice);
  tcase_add_test (tc, test_recording_replayed_twice);
  return s;
}

GST_CHECK_MAIN (fullchain);
