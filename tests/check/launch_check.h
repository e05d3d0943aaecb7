/* Helpers for suites that run launch lines in a directory of their own. */
#ifndef RV_TESTS_LAUNCH_CHECK_H
#define RV_TESTS_LAUNCH_CHECK_H

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

/* Runs the launch line desc to EOS (within 60 s, without an error) */
static inline void
run_to_eos (const gchar * desc)
{
  GstElement *p = gst_parse_launch (desc, NULL);
  GstMessage *m;

  fail_unless (p != NULL, "%s", desc);
  gst_element_set_state (p, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS, "%s", desc);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
}

/* Removes the flat directory dir: its files, then itself */
static inline void
remove_flat_dir (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *n;

  fail_unless (d != NULL, "%s", dir);
  while ((n = g_dir_read_name (d))) {
    gchar *f = g_build_filename (dir, n, NULL);
    g_unlink (f);
    g_free (f);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

#endif
