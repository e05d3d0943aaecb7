/* A mis-ordered chain fails when it starts, with a message naming the
 * stage it lacks, and gst-launch-1.0 exits instead of waiting forever. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "launch_check.h"

/* Sets desc to PAUSED: the state change fails and the first error is
 * CORE/NEGOTIATION from `from`, its message containing `advice`. */
static void
check_misordered (const gchar * desc, const gchar * from, const gchar * advice)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstBus *bus;
  GstMessage *m;

  fail_unless (p != NULL && err == NULL, "%s: %s", desc,
      err ? err->message : "");
  bus = gst_element_get_bus (p);
  fail_unless_equals_int (gst_element_set_state (p, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL, "%s: no error", desc);
  gst_check_message_error (m, GST_MESSAGE_ERROR, GST_CORE_ERROR,
      GST_CORE_ERROR_NEGOTIATION);
  gst_message_parse_error (m, &err, NULL);
  fail_unless_equals_string (GST_OBJECT_NAME (GST_MESSAGE_SRC (m)), from);
  fail_unless (strstr (err->message, advice) != NULL, "%s: %s", desc,
      err->message);
  GST_INFO ("%s: %s", desc, err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
}

GST_START_TEST (test_missing_stage_named)
{
  gchar *dir, *cwd = g_get_current_dir ();

  check_misordered ("csisrc name=s ! rvmultistaticfuse ! fakesink", "s",
      "insert rvphasealign before it");
  check_misordered ("csisrc name=s ! rvtomography ! fakesink", "s",
      "insert rvphasealign ! rvmultistaticfuse before it");
  check_misordered ("csisrc name=s ! identity ! rvmultistaticfuse ! fakesink",
      "s", "insert rvphasealign");

  /* recordings taken after each stage, replayed into the wrong one */
  dir = g_dir_make_tmp ("chainorder-XXXXXX", NULL);
  fail_unless (g_chdir (dir) == 0);
  run_to_eos ("csisrc num-buffers=400 ! rvcalibrate mode=record frames=50 "
      "baseline-location=n%u.rvcal ! fakesink");
  run_to_eos ("csisrc num-buffers=400 ! rvcalibrate "
      "baseline-location=n%u.rvcal ! filesink location=cal.rvcsi");
  run_to_eos ("csisrc num-buffers=400 ! rvphasealign ! "
      "filesink location=aligned.rvcsi");
  run_to_eos ("csisrc num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! "
      "filesink location=fused.rvcsi");
  check_misordered ("csisrc name=s location=cal.rvcsi ! rvcalibrate "
      "baseline-location=n%u.rvcal ! fakesink", "s", "already calibrated");
  check_misordered ("csisrc name=s location=aligned.rvcsi ! rvphasealign ! "
      "fakesink", "s", "already phase-aligned");
  check_misordered ("csisrc name=s location=fused.rvcsi ! rvphasealign ! "
      "fakesink", "s", "move it before rvmultistaticfuse");
  /* …and into the right one */
  run_to_eos ("csisrc location=aligned.rvcsi ! rvmultistaticfuse ! "
      "rvtomography ! fakesink");
  run_to_eos ("csisrc location=fused.rvcsi ! rvtomography ! fakesink");
  fail_unless (g_chdir (cwd) == 0);

  remove_flat_dir (dir);
  g_free (dir);
  g_free (cwd);
}
GST_END_TEST;

/* The real launcher, several times: it always exits (non-zero) and says
 * which stage is missing. */
GST_START_TEST (test_gst_launch_exits)
{
  gchar *argv[] = { (gchar *) RV_GST_LAUNCH, (gchar *) "csisrc", (gchar *) "!",
    (gchar *) "rvmultistaticfuse", (gchar *) "!", (gchar *) "fakesink", NULL
  };
  guint i;

  for (i = 0; i < 5; i++) {
    GError *err = NULL;
    gchar *out = NULL, *errout = NULL;
    gint status = 0;
    fail_unless (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
            &out, &errout, &status, &err), "%s", err ? err->message : "");
    fail_if (g_spawn_check_wait_status (status, NULL), "run %u exited 0", i);
    fail_unless (strstr (errout, "insert rvphasealign") != NULL,
        "run %u: %s", i, errout);
    g_free (out);
    g_free (errout);
  }
}
GST_END_TEST;

static Suite *
chainorder_suite (void)
{
  Suite *s = suite_create ("chainorder");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_missing_stage_named);
  /* cross and sanitizer builds: the build machine's launcher cannot load
   * the plugins */
  if (RV_GST_LAUNCH[0] != '\0')
    tcase_add_test (tc, test_gst_launch_exits);
  return s;
}

GST_CHECK_MAIN (chainorder);
