/* The fused stream survives stock elements: between any two fused stages,
 * identity dump=true (which merges the buffer's memories), a tee with a
 * queue, a queue, a valve, a capsfilter, and a filesink → csisrc replay leave
 * every downstream result unchanged (the node records travel in the buffer
 * bytes, docs/record.md). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>

#define SOURCE "csisrc num-buffers=1600 ! rvphasealign ! rvmultistaticfuse"

/* the fused stages after rvmultistaticfuse, in order, and the JSON key of
 * the first result each one adds (downstream of a split, the results from
 * this key on must be unchanged by a recording round trip) */
static const struct
{
  const gchar *element;
  const gchar *first_key;
} stages[] = {
  {"rvcirgate", "\"cir\":"},
  {"rvtomography", "\"occupancy\":"},
  {"rvposetrack", "\"pose\":"},
  {"rvwitness privacy-mode=raw-research", "\"witness\":"},
};

static gchar *tmpdir;

static void
no_print (const gchar * s)
{
}

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

/* the stages from index `from` on, with `inserted` placed before stage
 * `split` (after the last one when split is the number of stages) */
static gchar *
stages_line (guint from, guint split, const gchar * inserted)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = from; i < G_N_ELEMENTS (stages); i++) {
    if (i == split && inserted)
      g_string_append_printf (s, " ! %s", inserted);
    g_string_append_printf (s, " ! %s", stages[i].element);
  }
  if (split == G_N_ELEMENTS (stages) && inserted)
    g_string_append_printf (s, " ! %s", inserted);
  return g_string_free (s, FALSE);
}

static gchar *
read_output (const gchar * path)
{
  gchar *text = NULL;
  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "no %s", path);
  g_unlink (path);
  return text;
}

/* the reference: the chain with nothing inserted */
static gchar *
reference (void)
{
  gchar *out = g_build_filename (tmpdir, "ref.jsonl", NULL);
  gchar *tail = stages_line (0, G_MAXUINT, NULL);
  gchar *line = g_strdup_printf ("%s%s ! rvmetaconvert ! filesink "
      "location=%s", SOURCE, tail, out);
  gchar *text;

  run (line);
  text = read_output (out);
  g_free (line);
  g_free (tail);
  g_free (out);
  return text;
}

static guint
count_lines_with (const gchar * text, const gchar * needle)
{
  guint n = 0;
  const gchar *p = text;
  while ((p = strstr (p, needle))) {
    n++;
    p += strlen (needle);
  }
  return n;
}

static const gchar *inserted_elements[] = {
  "identity dump=true",
  "tee name=t t. ! queue",
  "queue",
  "valve",
  "capsfilter caps=application/x-ruview-fused",
  "identity dump=true ! tee name=t2 t2. ! queue ! identity dump=true",
};

GST_START_TEST (test_stock_elements_between_stages)
{
  gchar *ref = reference ();
  guint e, split;

  /* the reference really carries node frames and every result */
  fail_unless (count_lines_with (ref, "\"node_frames\":[{") > 70);
  fail_unless (count_lines_with (ref, "\"occupancy\":") > 30);
  fail_unless (count_lines_with (ref, "\"witness\":{\"") > 70);

  for (e = 0; e < G_N_ELEMENTS (inserted_elements); e++) {
    for (split = 0; split <= G_N_ELEMENTS (stages); split++) {
      gchar *out = g_build_filename (tmpdir, "out.jsonl", NULL);
      gchar *tail = stages_line (0, split, inserted_elements[e]);
      gchar *line = g_strdup_printf ("%s%s ! rvmetaconvert ! filesink "
          "location=%s", SOURCE, tail, out);
      gchar *text;

      run (line);
      text = read_output (out);
      fail_unless (strcmp (text, ref) == 0, "output differs with %s",
          line);
      g_free (text);
      g_free (line);
      g_free (tail);
      g_free (out);
    }
  }
  g_free (ref);
}

GST_END_TEST;

/* Text of every document from the first key of stage `from` on. */
static gchar *
results_from (const gchar * text, guint from)
{
  GString *s = g_string_new (NULL);
  gchar **lines = g_strsplit (text, "\n", -1);
  guint i;

  for (i = 0; lines[i]; i++) {
    const gchar *k = strstr (lines[i], stages[from].first_key);
    if (*lines[i] == '\0')
      continue;
    /* a cycle without this stage's result (a learning cycle of the
     * tomography) still counts: keep the marker of its absence */
    g_string_append (s, k ? k : "-");
    g_string_append_c (s, '\n');
  }
  g_strfreev (lines);
  return g_string_free (s, FALSE);
}

GST_START_TEST (test_recording_between_stages)
{
  gchar *ref = reference ();
  guint split;

  for (split = 0; split < G_N_ELEMENTS (stages); split++) {
    gchar *rec = g_build_filename (tmpdir, "split.rvcsi", NULL);
    gchar *out = g_build_filename (tmpdir, "out.jsonl", NULL);
    gchar *rest = stages_line (split, G_MAXUINT, NULL);
    gchar *first, *second, *text, *a, *b;
    GString *front = g_string_new (NULL);
    guint i;

    for (i = 0; i < split; i++)
      g_string_append_printf (front, " ! %s", stages[i].element);
    first = g_strdup_printf ("%s%s ! filesink location=%s", SOURCE,
        front->str, rec);
    second = g_strdup_printf ("csisrc location=%s%s ! rvmetaconvert ! "
        "filesink location=%s", rec, rest, out);
    run (first);
    run (second);
    text = read_output (out);
    a = results_from (ref, split);
    b = results_from (text, split);
    fail_unless (strcmp (a, b) == 0, "results after a recording differ: "
        "%s, then %s", first, second);
    fail_unless (count_lines_with (b, "{") > 70);
    g_unlink (rec);
    g_free (a);
    g_free (b);
    g_free (text);
    g_free (first);
    g_free (second);
    g_string_free (front, TRUE);
    g_free (rest);
    g_free (out);
    g_free (rec);
  }
  g_free (ref);
}

GST_END_TEST;

/* Record sizes are at offset 12 of every record; returns the offset of
 * node record `node` of fused cycle `cycle` in a fused recording. */
static gsize
node_record_offset (const guint8 * data, gsize len, guint cycle, guint node)
{
  gsize off = 0;
  guint c = 0, k;
  guint32 size, n_recs;

  while (off + 80 <= len) {
    fail_unless (memcmp (data + off, "RVFU", 4) == 0);
    memcpy (&size, data + off + 12, 4);
    memcpy (&n_recs, data + off + 76, 4);
    off += size;
    for (k = 0; k < n_recs; k++) {
      if (c == cycle && k == node)
        return off;
      memcpy (&size, data + off + 12, 4);
      off += size;
    }
    c++;
  }
  fail ("no cycle %u node %u", cycle, node);
  return 0;
}

/* A bad node record inside a fused recording drops its cycle and nothing
 * else: no caps change, no error, the rest of the recording plays. */
GST_START_TEST (test_bad_node_record_in_recording)
{
  gchar *rec = g_build_filename (tmpdir, "fused.rvcsi", NULL);
  gchar *bad = g_build_filename (tmpdir, "bad.rvcsi", NULL);
  gchar *out = g_build_filename (tmpdir, "bad.jsonl", NULL);
  gchar *line, *data = NULL, *text;
  gsize len, off;
  guint how;

  line = g_strdup_printf ("csisrc num-buffers=400 ! rvphasealign ! "
      "rvmultistaticfuse ! filesink location=%s", rec);
  run (line);
  g_free (line);
  fail_unless (g_file_get_contents (rec, &data, &len, NULL));

  for (how = 0; how < 3; how++) {
    guint8 *copy = g_memdup2 (data, len);
    off = node_record_offset (copy, len, 5, 1);
    if (how == 0)
      memcpy (copy + off, "XXXX", 4);   /* magic: resynchronise */
    else if (how == 1)
      copy[off + 6] = 9;        /* layout: the record does not parse */
    else
      memset (copy + off + 8, 0xff, 8);      /* flags and record_size */
    fail_unless (g_file_set_contents (bad, (gchar *) copy, len, NULL));
    g_free (copy);
    line = g_strdup_printf ("csisrc location=%s ! rvmetaconvert "
        "detail=summary ! filesink location=%s", bad, out);
    run (line);
    text = read_output (out);
    /* 20 cycles recorded, the damaged one is dropped, nothing else */
    fail_unless_equals_int (count_lines_with (text, "\"type\":\"fused_frame\""),
        19);
    /* every document is a fused one (no caps switch to csi) */
    fail_unless_equals_int (count_lines_with (text, "\n"), 19);
    fail_unless (strstr (text, "\"cycle\":5,") == NULL);
    fail_unless (strstr (text, "\"cycle\":6,") != NULL);
    g_free (text);
    g_free (line);
  }
  g_unlink (rec);
  g_unlink (bad);
  g_free (data);
  g_free (rec);
  g_free (bad);
  g_free (out);
}

GST_END_TEST;

/* Privacy is enforced where it is decided: rvwitness removes the raw node
 * records in the modes that drop raw data, so a recording made after it
 * holds no per-node arrays; the other modes keep them. */
GST_START_TEST (test_privacy_modes_in_recordings)
{
  static const struct
  {
    const gchar *mode;
    gboolean raw_kept;
  } modes[] = {
    {"raw-research", TRUE},
    {"private-home", FALSE},
    {"enterprise-anonymous", FALSE},
    {"care-with-consent", TRUE},
    {"strict-no-identity", FALSE},
  };
  gsize sizes[G_N_ELEMENTS (modes)];
  guint m;

  for (m = 0; m < G_N_ELEMENTS (modes); m++) {
    gchar *rec = g_build_filename (tmpdir, "privacy.rvcsi", NULL);
    gchar *out = g_build_filename (tmpdir, "privacy.jsonl", NULL);
    gchar *line, *data = NULL, *text;
    gsize len;

    line = g_strdup_printf ("csisrc num-buffers=800 ! rvphasealign ! "
        "rvmultistaticfuse ! rvwitness privacy-mode=%s ! filesink "
        "location=%s", modes[m].mode, rec);
    run (line);
    g_free (line);
    fail_unless (g_file_get_contents (rec, &data, &len, NULL));
    sizes[m] = len;
    /* node records start with "RVCF" */
    fail_unless ((memmem (data, len, "RVCF", 4) != NULL) ==
        modes[m].raw_kept, "%s: node records %s", modes[m].mode,
        modes[m].raw_kept ? "missing" : "left in the recording");
    g_free (data);

    /* what a later element sees of the recording */
    line = g_strdup_printf ("csisrc location=%s ! rvmetaconvert ! filesink "
        "location=%s", rec, out);
    run (line);
    g_free (line);
    text = read_output (out);
    fail_unless_equals_int (count_lines_with (text, "\"type\":\"fused_frame\""),
        40);
    fail_unless ((strstr (text, "\"node_frames\":[{") != NULL) ==
        modes[m].raw_kept, "%s", modes[m].mode);
    /* the node table (status, RSSI, …) and the fused arrays stay */
    fail_unless (strstr (text, "\"status\":\"fused\"") != NULL);
    fail_unless (strstr (text, "\"fused_amplitude\":[") != NULL);
    g_free (text);
    g_unlink (rec);
    g_free (rec);
    g_free (out);
  }
  /* far smaller: per cycle the fused record is 656 bytes, the 4 node
   * records of one channel × 56 bins 2 144 bytes more */
  for (m = 0; m < G_N_ELEMENTS (modes); m++)
    if (!modes[m].raw_kept)
      fail_unless (sizes[m] * 4 < sizes[0], "%s: %" G_GSIZE_FORMAT " bytes, "
          "raw %" G_GSIZE_FORMAT, modes[m].mode, sizes[m], sizes[0]);
}

GST_END_TEST;

/* One damaged timestamp (+100 days) in a recording, binary or JSON: the
 * replay goes on as a discontinuity and the fusion emits the same number of
 * cycles — not one empty cycle per 50 ms up to day 100. */
GST_START_TEST (test_timestamp_jump_in_recording)
{
  static const gchar *exts[] = { "rvcsi", "jsonl" };
  const guint64 far = G_GUINT64_CONSTANT (100) * 24 * 3600 * GST_SECOND;
  guint e;

  for (e = 0; e < G_N_ELEMENTS (exts); e++) {
    gchar *name = g_strdup_printf ("jump.%s", exts[e]);
    gchar *rec = g_build_filename (tmpdir, name, NULL);
    gchar *out = g_build_filename (tmpdir, "jump.jsonl.out", NULL);
    gchar *line, *data = NULL, *text;
    gsize len;

    line = g_strdup_printf ("csisrc num-buffers=400 ! %sfilesink "
        "location=%s", e == 0 ? "" : "rvmetaconvert ! ", rec);
    run (line);
    g_free (line);
    fail_unless (g_file_get_contents (rec, &data, &len, NULL));
    if (e == 0) {
      /* record 150 (all records are the same size): pts_ns at offset 16 */
      gsize size = len / 400, off = 150 * size + 16;
      guint64 pts;
      memcpy (&pts, data + off, 8);
      pts += far;
      memcpy (data + off, &pts, 8);
    } else {
      /* line 150: its "pts_ns" value gets 100 days more */
      gchar **lines = g_strsplit (data, "\n", -1);
      gchar *p = strstr (lines[150], "\"pts_ns\":"), *tail, *fixed;
      guint64 pts;
      fail_unless (p != NULL);
      p += strlen ("\"pts_ns\":");
      pts = g_ascii_strtoull (p, &tail, 10) + far;
      *p = '\0';
      fixed = g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s", lines[150], pts,
          tail);
      g_free (lines[150]);
      lines[150] = fixed;
      g_free (data);
      data = g_strjoinv ("\n", lines);
      len = strlen (data);
      g_strfreev (lines);
    }
    fail_unless (g_file_set_contents (rec, data, (gssize) len, NULL));
    g_free (data);

    line = g_strdup_printf ("csisrc location=%s ! rvphasealign ! "
        "rvmultistaticfuse ! rvmetaconvert detail=summary ! filesink "
        "location=%s", rec, out);
    run (line);
    g_free (line);
    text = read_output (out);
    /* 1 s of the room: 20 cycles, every one of them fused */
    fail_unless_equals_int (count_lines_with (text, "\"type\":\"fused_frame\""),
        20);
    fail_unless_equals_int (count_lines_with (text, "\"active_nodes\":4"),
        20);
    g_free (text);
    g_unlink (rec);
    g_free (rec);
    g_free (out);
    g_free (name);
  }
}

GST_END_TEST;

static Suite *
fusedstream_suite (void)
{
  Suite *s = suite_create ("fusedstream");
  TCase *tc = tcase_create ("general");

  /* identity dump=true prints hex dumps */
  g_set_print_handler (no_print);
  tmpdir = g_dir_make_tmp ("rvfused-XXXXXX", NULL);
  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_stock_elements_between_stages);
  tcase_add_test (tc, test_recording_between_stages);
  tcase_add_test (tc, test_bad_node_record_in_recording);
  tcase_add_test (tc, test_privacy_modes_in_recordings);
  tcase_add_test (tc, test_timestamp_jump_in_recording);
  return s;
}

GST_CHECK_MAIN (fusedstream);
