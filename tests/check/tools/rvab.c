/* rvab (./run ab): an A/B trial in one command — the table, the documents,
 * the self-contained HTML report, bad arguments, and a real capture. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <string.h>

#include "captures.h"

#define RVAB RV_BUILD_ROOT "/tools/rvab"

/* runs rvab with args; its exit status, stdout and stderr */
static gint
rvab (const gchar * const *args, gchar ** out, gchar ** err)
{
  GPtrArray *argv = g_ptr_array_new ();
  GError *e = NULL;
  gint status = -1;
  const gchar *wrapper = g_getenv ("MESON_EXE_WRAPPER");

  /* a cross build runs its programs through the emulator meson names */
  if (wrapper && *wrapper)
    g_ptr_array_add (argv, (gpointer) wrapper);
  g_ptr_array_add (argv, (gpointer) RVAB);
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) * args);
  g_ptr_array_add (argv, NULL);
  fail_unless (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, 0, NULL,
          NULL, out, err, &status, &e), "%s", e ? e->message : "");
  g_ptr_array_free (argv, TRUE);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static guint
count (const gchar * text, const gchar * what)
{
  guint n = 0;
  const gchar *p = text;
  while ((p = strstr (p, what))) {
    n++;
    p += strlen (what);
  }
  return n;
}

GST_START_TEST (test_use_cir_gate_table_and_report)
{
  const gchar *args[] = { "synthetic", "rvcirgate.use-cir-gate=false",
    "--num-buffers", "800", "--html", "ab.html", "--jsonl", "ab.jsonl", NULL
  };
  gchar *out = NULL, *err = NULL, *html = NULL, *jsonl = NULL;

  g_unlink ("ab.html");
  g_unlink ("ab.jsonl");
  fail_unless_equals_int (rvab (args, &out, &err), 0);
  /* the table: the trial, the property read from the branches, the field
   * that changed and the decision that did */
  fail_unless (strstr (out, "A/B trial: rvcirgate.use-cir-gate=false"), "%s",
      out);
  fail_unless (strstr (out, "rvcirgate.use-cir-gate") && strstr (out,
          "true -> false"), "%s", out);
  fail_unless (strstr (out, "cycles: 40 compared"), "%s", out);
  fail_unless (strstr (out, "  fused.cross_node_coherence"), "%s", out);
  fail_unless (strstr (out, "CHANGED  true/false 40"), "%s", out);
  fail_unless (strstr (out, "witness.witness"), "%s", out);

  /* every document: a cycle document each, then the summary */
  fail_unless (g_file_get_contents ("ab.jsonl", &jsonl, NULL, NULL));
  fail_unless_equals_int (count (jsonl, "\"type\":\"ab_cycle\""), 40);
  fail_unless_equals_int (count (jsonl, "\"type\":\"ab_summary\""), 1);

  /* the report: a chart for the field that changed, nothing fetched */
  fail_unless (g_file_get_contents ("ab.html", &html, NULL, NULL));
  fail_unless (g_str_has_prefix (html, "<!DOCTYPE html>"));
  fail_unless (strstr (html, "<h3><code>fused.cross_node_coherence</code>"));
  fail_unless (strstr (html, "<h3><code>cir.blended</code>"));
  fail_unless_equals_int (count (html, "<svg"), 2);
  fail_unless (strstr (html, "</html>"));
  fail_if (strstr (html, "<script"));
  fail_if (strstr (html, "<link"));
  fail_if (strstr (html, "src="));
  fail_if (strstr (html, "url("));
  fail_if (strstr (html, "://"));
  g_free (out);
  g_free (err);
  g_free (html);
  g_free (jsonl);
}
GST_END_TEST;

GST_START_TEST (test_bad_arguments)
{
  const gchar *none[] = { "synthetic", NULL };
  const gchar *form[] = { "synthetic", "fft-ista=true", NULL };
  const gchar *element[] = { "synthetic", "rvnothing.x=1", NULL };
  const gchar *prop[] = { "synthetic", "rvcirgate.fft-istaa=true", NULL };
  const gchar *chain[] = { "synthetic", "rvwitness.privacy-mode=raw-research",
    "--chain", "rvphasealign ! rvmultistaticfuse ! rvcirgate", NULL
  };
  const gchar *const *cases[] = { none, form, element, prop, chain };
  const gchar *says[] = { "at least one", "ELEMENT.PROPERTY=VALUE",
    "no element 'rvnothing'", "no property 'fft-istaa'", "not in the chain"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *out = NULL, *err = NULL;
    fail_unless_equals_int (rvab (cases[i], &out, &err), 2);
    fail_unless (strstr (err, says[i]) != NULL, "%s", err);
    g_free (out);
    g_free (err);
  }
}
GST_END_TEST;

/* a file csisrc cannot read is the trial failing, said plainly */
GST_START_TEST (test_unreadable_input)
{
  const gchar *args[] = { "no-such-recording.rvcsi",
    "rvcirgate.use-cir-gate=false", NULL
  };
  gchar *out = NULL, *err = NULL;

  fail_unless_equals_int (rvab (args, &out, &err), 1);
  fail_unless (strstr (err, "rvab: ") != NULL, "%s", err);
  g_free (out);
  g_free (err);
}
GST_END_TEST;

/* a real capture: an ESP32 at 100 Hz, the trial of the CIR blend */
GST_START_TEST (test_real_capture)
{
  const gchar *args[] = {
    RV_CAPTURES "/esp32-csi-tool/example_100hz_pitraffic.csv",
    "rvcirgate.use-cir-gate=false", NULL
  };
  gchar *out = NULL, *err = NULL;

  if (!g_file_test (RV_CAPTURES, G_FILE_TEST_IS_DIR)) {
    g_print ("SKIP test_real_capture: the real captures are not at %s\n",
        RV_CAPTURES);
    return;
  }
  fail_unless_equals_int (rvab (args, &out, &err), 0);
  fail_unless (strstr (out, "  fused.cross_node_coherence"), "%s", out);
  fail_unless (strstr (out, "missing in A 0, in B 0"), "%s", out);
  fail_if (strstr (out, "cycles: 0 compared"), "%s", out);
  g_free (out);
  g_free (err);
}
GST_END_TEST;

static Suite *
rvab_suite (void)
{
  Suite *s = suite_create ("rvab");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_use_cir_gate_table_and_report);
  tcase_add_test (tc, test_bad_arguments);
  tcase_add_test (tc, test_unreadable_input);
  tcase_add_test (tc, test_real_capture);
  return s;
}

GST_CHECK_MAIN (rvab);
