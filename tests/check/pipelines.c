/* Runs every launch line in pipelines/ (the lines the docs show).
 *
 * Each pipelines/NN-name.txt holds one gst-launch-1.0 description (lines
 * starting with '#' are comments; a trailing '\' joins lines).  Files run in
 * name order in the test's working directory, so a line may replay what an
 * earlier one recorded.  Each must reach EOS without an error; a line whose
 * elements are not built (an optional plugin) is skipped with a message.
 *
 * Lines may read the real captures as captures/… (a link to the shared
 * captures directory, made here) and an ESP32 serial device as ttyESP32 (a
 * pseudo-terminal this test feeds with real esp-csi lines while the line
 * runs); without the captures such lines are skipped with a message.
 * A line with rvmqttsink publishes to a mosquitto broker this test starts
 * on a free port (its port=1883 is replaced by that port); each sink must
 * have had documents confirmed and none dropped. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <string.h>

#include "broker.h"
#include "captures.h"

static gchar *
read_line (const gchar * path)
{
  gchar *text = NULL, **lines, **l;
  GString *s = g_string_new (NULL);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (l = lines; *l; l++) {
    gchar *t = g_strstrip (*l);
    gsize n = strlen (t);
    if (t[0] == '#' || n == 0)
      continue;
    if (t[n - 1] == '\\')
      t[n - 1] = ' ';
    if (g_str_has_prefix (t, "gst-launch-1.0 "))
      t += strlen ("gst-launch-1.0 ");
    g_string_append (s, t);
    g_string_append_c (s, ' ');
  }
  g_strfreev (lines);
  g_free (text);
  return g_string_free (s, FALSE);
}

/* a launch line with runs of spaces and backquotes folded away */
static gchar *
normalise (const gchar * line)
{
  gchar **words = g_strsplit_set (line, " \t`", -1), **w;
  GString *s = g_string_new (NULL);
  for (w = words; *w; w++) {
    if (**w == '\0')
      continue;
    if (s->len)
      g_string_append_c (s, ' ');
    g_string_append (s, *w);
  }
  g_strfreev (words);
  return g_string_free (s, FALSE);
}

/* Every rvmqttsink of the pipeline had documents confirmed, none dropped. */
static gboolean
mqtt_sinks_delivered (const gchar * name, GstElement * p)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (p));
  GValue v = G_VALUE_INIT;
  gboolean ok = TRUE;

  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&v);
    GstElementFactory *f = gst_element_get_factory (e);
    if (f && g_str_equal (GST_OBJECT_NAME (f), "rvmqttsink")) {
      guint64 published, dropped;
      g_object_get (e, "published", &published, "dropped", &dropped, NULL);
      if (published == 0 || dropped != 0) {
        g_printerr ("%s: %s published %" G_GUINT64_FORMAT ", dropped %"
            G_GUINT64_FORMAT "\n", name, GST_OBJECT_NAME (e), published,
            dropped);
        ok = FALSE;
      }
    }
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  return ok;
}

static gboolean
run_line (const gchar * name, const gchar * line)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (line, &err);
  GstBus *bus;
  GstMessage *msg;
  gboolean ok = FALSE;

  if (!p || err) {
    if (err && err->domain == GST_PARSE_ERROR
        && err->code == GST_PARSE_ERROR_NO_SUCH_ELEMENT) {
      g_print ("SKIP %s: %s (element not built)\n", name, err->message);
      g_clear_error (&err);
      if (p)
        gst_object_unref (p);
      return TRUE;
    }
    g_printerr ("%s: cannot parse: %s\n", name, err ? err->message : "?");
    g_clear_error (&err);
    if (p)
      gst_object_unref (p);
    return FALSE;
  }
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (!msg) {
    g_printerr ("%s: no EOS within 120 s\n", name);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *e = NULL;
    gchar *dbg = NULL;
    gst_message_parse_error (msg, &e, &dbg);
    g_printerr ("%s: error from %s: %s (%s)\n", name,
        GST_OBJECT_NAME (msg->src), e->message, dbg ? dbg : "");
    g_clear_error (&e);
    g_free (dbg);
  } else {
    ok = mqtt_sinks_delivered (name, p);
    if (ok)
      g_print ("ok %s\n", name);
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  return ok;
}

/* ---- ttyESP32: a pty fed with the lines of an esp-csi capture ---- */

typedef struct
{
  gint master, slave;
  gchar *lines;
  gsize len;
  volatile gint stop;
  GThread *thread;
} Feeder;

static gpointer
feed (gpointer data)
{
  Feeder *f = data;
  gsize off = 0;

  /* line after line, about 200 lines/s, dropped when nobody reads */
  while (!g_atomic_int_get (&f->stop)) {
    const gchar *nl = memchr (f->lines + off, '\n', f->len - off);
    gsize n = (gsize) (nl - (f->lines + off)) + 1;
    if (write (f->master, f->lines + off, n) < 0 && errno != EAGAIN
        && errno != EINTR)
      break;
    off += n;
    if (off >= f->len)
      off = 0;
    g_usleep (5000);
  }
  return NULL;
}

static Feeder *
feeder_start (void)
{
  Feeder *f = g_new0 (Feeder, 1);
  struct termios t;
  gchar name[256];

  fail_unless (g_file_get_contents (RV_CAPTURES "/esp-csi/csi_data.csv",
          &f->lines, &f->len, NULL));
  memset (&t, 0, sizeof (t));
  cfmakeraw (&t);
  fail_unless (openpty (&f->master, &f->slave, name, &t, NULL) == 0);
  fcntl (f->master, F_SETFL, fcntl (f->master, F_GETFL) | O_NONBLOCK);
  g_unlink ("ttyESP32");
  fail_unless (symlink (name, "ttyESP32") == 0);
  f->thread = g_thread_new ("tty-feeder", feed, f);
  return f;
}

static void
feeder_stop (Feeder * f)
{
  g_atomic_int_set (&f->stop, 1);
  g_thread_join (f->thread);
  g_unlink ("ttyESP32");
  close (f->master);
  close (f->slave);
  g_free (f->lines);
  g_free (f);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar * const *) a, *(const gchar * const *) b);
}

GST_START_TEST (test_every_launch_line)
{
  const gchar *dir = RV_SOURCE_ROOT "/pipelines";
  GDir *d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const gchar *n;
  guint i, failed = 0;
  gboolean have_captures;

  fail_unless (d != NULL, "no pipelines/ directory");
  while ((n = g_dir_read_name (d)))
    if (g_str_has_suffix (n, ".txt"))
      g_ptr_array_add (names, g_strdup (n));
  g_dir_close (d);
  fail_unless (names->len > 0, "pipelines/ holds no launch line");
  g_ptr_array_sort (names, compare_names);

  have_captures = g_file_test (RV_CAPTURES, G_FILE_TEST_IS_DIR);
  g_unlink ("captures");
  if (have_captures)
    fail_unless (symlink (RV_CAPTURES, "captures") == 0);

  for (i = 0; i < names->len; i++) {
    gchar *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
    gchar *line = read_line (path);
    Feeder *feeder = NULL;
    fail_unless (line != NULL, "cannot read %s", path);
    if (!have_captures && (strstr (line, "captures/")
            || strstr (line, "ttyESP32"))) {
      g_print ("SKIP %s: the real captures are not at %s\n",
          (gchar *) g_ptr_array_index (names, i), RV_CAPTURES);
    } else if (strstr (line, "rvmqttsink") && !broker_program ()) {
      g_print ("SKIP %s: the mosquitto broker is not installed\n",
          (gchar *) g_ptr_array_index (names, i));
    } else {
      Broker *broker = NULL;
      if (strstr (line, "ttyESP32"))
        feeder = feeder_start ();
      if (strstr (line, "rvmqttsink")) {
        gchar **parts = g_strsplit (line, "port=1883", -1);
        gchar *port = g_strdup_printf ("port=%d", (broker =
                broker_start ())->port);
        g_free (line);
        line = g_strjoinv (port, parts);
        g_strfreev (parts);
        g_free (port);
      }
      if (!run_line (g_ptr_array_index (names, i), line))
        failed++;
      if (feeder)
        feeder_stop (feeder);
      if (broker)
        broker_free (broker);
    }
    g_free (line);
    g_free (path);
  }
  g_unlink ("captures");
  g_ptr_array_unref (names);
  fail_unless_equals_int (failed, 0);
}
GST_END_TEST;

/* every pipelines/ line, whitespace-normalised, in a set */
static GHashTable *
pipeline_lines (void)
{
  const gchar *dir = RV_SOURCE_ROOT "/pipelines";
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *n;

  fail_unless (d != NULL);
  while ((n = g_dir_read_name (d))) {
    gchar *path, *line;
    if (!g_str_has_suffix (n, ".txt"))
      continue;
    path = g_build_filename (dir, n, NULL);
    line = read_line (path);
    g_hash_table_add (set, normalise (line));
    g_free (line);
    g_free (path);
  }
  g_dir_close (d);
  return set;
}

/* The launch lines the docs, the README and the element doc blocks show
 * must be the ones pipelines/ runs (one line each; docs/performance.md
 * describes benchmark runs and is not a page of examples). */
static guint
check_file_lines (GHashTable * set, const gchar * path)
{
  gchar *text = NULL, **lines, **l;
  guint missing = 0;

  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "%s", path);
  lines = g_strsplit (text, "\n", -1);
  for (l = lines; *l; l++) {
    const gchar *at = strstr (*l, "gst-launch-1.0 ");
    gchar *norm;
    if (!at)
      continue;
    norm = normalise (at + strlen ("gst-launch-1.0 "));
    if (!g_hash_table_contains (set, norm)) {
      g_printerr ("%s: launch line not in pipelines/: %s\n", path, norm);
      missing++;
    }
    g_free (norm);
  }
  g_strfreev (lines);
  g_free (text);
  return missing;
}

GST_START_TEST (test_doc_lines_are_in_pipelines)
{
  const gchar *dirs[] = { "docs", "gst/ruview", "ext/blake3", "ext/soup",
    "ext/mqtt", "ext/cairo"
  };
  GHashTable *set = pipeline_lines ();
  guint i, missing = 0, files = 0;

  for (i = 0; i < G_N_ELEMENTS (dirs); i++) {
    gchar *dir = g_build_filename (RV_SOURCE_ROOT, dirs[i], NULL);
    GDir *d = g_dir_open (dir, 0, NULL);
    const gchar *n;
    fail_unless (d != NULL, "%s", dir);
    while ((n = g_dir_read_name (d))) {
      gchar *path;
      if (!(g_str_has_suffix (n, ".md") || g_str_has_suffix (n, ".c"))
          || g_str_equal (n, "performance.md"))
        continue;
      path = g_build_filename (dir, n, NULL);
      missing += check_file_lines (set, path);
      files++;
      g_free (path);
    }
    g_dir_close (d);
    g_free (dir);
  }
  missing += check_file_lines (set, RV_SOURCE_ROOT "/README.md");
  fail_unless (files > 10);
  fail_unless_equals_int (missing, 0);
  g_hash_table_unref (set);
}
GST_END_TEST;

static Suite *
pipelines_suite (void)
{
  Suite *s = suite_create ("pipelines");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_every_launch_line);
  tcase_add_test (tc, test_doc_lines_are_in_pipelines);
  return s;
}

GST_CHECK_MAIN (pipelines);
