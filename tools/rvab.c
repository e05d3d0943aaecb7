/* rvab — an A/B trial on a recording, in one command (docs/rvcompare.md).
 *
 *   rvab [OPTION…] INPUT ELEMENT.PROPERTY=VALUE...
 *
 * Builds csisrc (INPUT) ! the chain, split by a tee in front of the first
 * element an assignment names; branch B gets the assignments, branch A the
 * defaults (or --a); rvcompare compares them cycle by cycle.  Prints the
 * summary as a table; --jsonl keeps every document, --html draws the report.
 * Exit status: 0 done, 1 the trial failed, 2 bad arguments. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <gst/gst.h>

#include "rvab-report.h"

#define DEFAULT_CHAIN "rvphasealign ! rvmultistaticfuse ! rvcirgate ! " \
  "rvtomography ! rvposetrack ! rvwitness"
#define DEFAULT_SYNTHETIC_BUFFERS 4000  /* 4 nodes × 100 Hz: 10 s, 200 cycles */

typedef struct
{
  gchar *element;
  gchar *property;
  gchar *value;
} Assignment;

typedef struct
{
  RvAbTrial *trial;
  FILE *jsonl;
} Sink;

static gboolean
parse_assignment (const gchar * text, Assignment * a, GError ** err)
{
  const gchar *dot = strchr (text, '.'), *eq = strchr (text, '=');
  GstElement *e;
  GParamSpec *p;

  if (!dot || !eq || dot > eq || dot == text || eq == dot + 1) {
    g_set_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "'%s' is not ELEMENT.PROPERTY=VALUE (e.g. rvcirgate.fft-ista=true)",
        text);
    return FALSE;
  }
  a->element = g_strndup (text, dot - text);
  a->property = g_strndup (dot + 1, eq - dot - 1);
  a->value = g_strdup (eq + 1);
  e = gst_element_factory_make (a->element, NULL);
  if (!e) {
    g_set_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "no element '%s' (see gst-inspect-1.0)", a->element);
    return FALSE;
  }
  p = g_object_class_find_property (G_OBJECT_GET_CLASS (e), a->property);
  if (!p || !(p->flags & G_PARAM_WRITABLE)) {
    g_set_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "%s has no property '%s' one can set", a->element, a->property);
    gst_object_unref (e);
    return FALSE;
  }
  gst_object_unref (e);
  return TRUE;
}

static void
assignment_clear (Assignment * a)
{
  g_free (a->element);
  g_free (a->property);
  g_free (a->value);
}

/* the factory name of a chain element description ("rvcirgate tier=ht20") */
static gchar *
factory_of (const gchar * desc)
{
  const gchar *end = desc + strcspn (desc, " \t");
  return g_strndup (desc, end - desc);
}

/* The chain elements, with each assignment of `as` appended to its
 * element's description. */
static gchar *
branch_text (gchar ** chain, guint from, const Assignment * as, guint n_as)
{
  GString *s = g_string_new (NULL);
  guint i, k;

  for (i = from; chain[i]; i++) {
    gchar *f = factory_of (chain[i]);
    if (s->len)
      g_string_append (s, " ! ");
    g_string_append (s, chain[i]);
    for (k = 0; k < n_as; k++)
      if (g_str_equal (as[k].element, f))
        g_string_append_printf (s, " %s=\"%s\"", as[k].property, as[k].value);
    g_free (f);
  }
  return g_string_free (s, FALSE);
}

static gboolean
collect_one (GstBuffer ** b, guint idx, gpointer user_data)
{
  Sink *sink = user_data;
  GstMapInfo map;

  if (!gst_buffer_map (*b, &map, GST_MAP_READ))
    return TRUE;
  if (sink->jsonl)
    fwrite (map.data, 1, map.size, sink->jsonl);
  rvab_trial_add (sink->trial, (const gchar *) map.data,
      map.size && map.data[map.size - 1] == '\n' ? map.size - 1 : map.size);
  gst_buffer_unmap (*b, &map);
  return TRUE;
}

static GstPadProbeReturn
collect (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST) {
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        collect_one, user_data);
  } else {
    GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER (info);
    collect_one (&b, 0, user_data);
  }
  return GST_PAD_PROBE_OK;
}

/* runs the pipeline to EOS; FALSE (said on stderr) on an error */
static gboolean
run (const gchar * launch, Sink * sink)
{
  GError *err = NULL;
  GstElement *p = gst_parse_launch (launch, &err), *c;
  GstPad *src;
  GstBus *bus;
  GstMessage *msg;
  gboolean ok = FALSE;

  if (!p || err) {
    g_printerr ("rvab: cannot build the pipeline: %s\n",
        err ? err->message : "?");
    g_clear_error (&err);
    if (p)
      gst_object_unref (p);
    return FALSE;
  }
  c = gst_bin_get_by_name (GST_BIN (p), "compare");
  src = gst_element_get_static_pad (c, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_BUFFER_LIST, collect, sink, NULL);
  gst_object_unref (src);
  gst_object_unref (c);
  bus = gst_element_get_bus (p);
  if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE)
    g_printerr ("rvab: the pipeline does not start\n");
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gchar *dbg = NULL;
    gst_message_parse_error (msg, &err, &dbg);
    g_printerr ("rvab: %s: %s\n  (%s)\n", GST_OBJECT_NAME (msg->src),
        err->message, dbg ? dbg : "");
    g_clear_error (&err);
    g_free (dbg);
  } else {
    ok = TRUE;
  }
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  return ok;
}

static gboolean
write_file (const gchar * path, const RvAbTrial * t,
    gboolean (*writer) (const RvAbTrial *, FILE *))
{
  FILE *f = fopen (path, "w");
  gboolean ok;
  if (!f) {
    g_printerr ("rvab: cannot write %s\n", path);
    return FALSE;
  }
  ok = writer (t, f);
  return fclose (f) == 0 && ok;
}

int
main (int argc, char **argv)
{
  gchar *source_props = NULL, *chain_text = NULL, *html = NULL, *jsonl = NULL;
  gchar **a_texts = NULL, **chain, *shared = NULL, *input;
  gchar *branch_a = NULL, *branch_b = NULL, *label_a = NULL, *label_b = NULL;
  gint num_buffers = -2;
  GOptionEntry entries[] = {
    {"source-props", 's', 0, G_OPTION_ARG_STRING, &source_props,
        "More csisrc properties, e.g. \"node-id=1\"", "PROPS"},
    {"num-buffers", 'n', 0, G_OPTION_ARG_INT, &num_buffers,
          "Frames to read (default: 4000 of the synthetic room, a whole file)",
        "N"},
    {"chain", 'c', 0, G_OPTION_ARG_STRING, &chain_text,
        "The elements after csisrc (default: " DEFAULT_CHAIN ")", "CHAIN"},
    {"a", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &a_texts,
        "An assignment for branch A (the baseline; default: none)",
        "ELEMENT.PROPERTY=VALUE"},
    {"html", 0, 0, G_OPTION_ARG_FILENAME, &html,
        "Write the HTML report to FILE", "FILE"},
    {"jsonl", 0, 0, G_OPTION_ARG_FILENAME, &jsonl,
        "Write every rvcompare document to FILE", "FILE"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("INPUT ELEMENT.PROPERTY=VALUE...");
  GError *err = NULL;
  Assignment *as = NULL, *aa = NULL;
  guint n_as = 0, n_aa = 0, i, k, split = G_MAXUINT;
  GString *launch = NULL;
  Sink sink = { NULL, NULL };
  gint ret = 2;

  g_option_context_set_summary (ctx,
      "Runs an A/B trial: INPUT (a recording or capture csisrc reads, or "
      "\"synthetic\") through the chain, split by a tee in front of the "
      "first element an assignment names; branch B gets the assignments, "
      "branch A the defaults. Prints what differs, cycle by cycle summed up.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err) || argc < 3) {
    gchar *help = g_option_context_get_help (ctx, TRUE, NULL);
    g_printerr ("rvab: %s\n\n%s", err ? err->message :
        "an INPUT and at least one ELEMENT.PROPERTY=VALUE are needed", help);
    g_free (help);
    g_clear_error (&err);
    g_option_context_free (ctx);
    goto out;
  }
  g_option_context_free (ctx);

  n_as = argc - 2;
  as = g_new0 (Assignment, n_as);
  for (i = 0; i < n_as; i++)
    if (!parse_assignment (argv[2 + i], &as[i], &err))
      goto bad;
  n_aa = a_texts ? g_strv_length (a_texts) : 0;
  aa = g_new0 (Assignment, n_aa + 1);
  for (i = 0; i < n_aa; i++)
    if (!parse_assignment (a_texts[i], &aa[i], &err))
      goto bad;

  /* the tee goes in front of the first element named */
  chain = g_strsplit (chain_text ? chain_text : DEFAULT_CHAIN, "!", -1);
  for (i = 0; chain[i]; i++)
    g_strstrip (chain[i]);
  for (i = 0; chain[i] && split == G_MAXUINT; i++) {
    gchar *f = factory_of (chain[i]);
    for (k = 0; k < n_as; k++)
      if (g_str_equal (as[k].element, f))
        split = i;
    for (k = 0; k < n_aa; k++)
      if (g_str_equal (aa[k].element, f))
        split = i;
    g_free (f);
  }
  for (k = 0; k < n_as + n_aa; k++) {
    const Assignment *x = k < n_as ? &as[k] : &aa[k - n_as];
    gboolean found = FALSE;
    for (i = 0; chain[i]; i++) {
      gchar *f = factory_of (chain[i]);
      found |= g_str_equal (f, x->element);
      g_free (f);
    }
    if (!found) {
      g_set_error (&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
          "%s is not in the chain (%s)", x->element,
          chain_text ? chain_text : DEFAULT_CHAIN);
      g_strfreev (chain);
      goto bad;
    }
  }
  {
    gchar **head = g_new0 (gchar *, split + 1);
    for (i = 0; i < split; i++)
      head[i] = chain[i];
    shared = g_strjoinv (" ! ", head);
    g_free (head);
  }
  branch_a = branch_text (chain, split, aa, n_aa);
  branch_b = branch_text (chain, split, as, n_as);
  g_strfreev (chain);

  if (g_str_equal (argv[1], "synthetic")) {
    if (num_buffers == -2)
      num_buffers = DEFAULT_SYNTHETIC_BUFFERS;
    input = g_strdup_printf ("the synthetic room, %d frames", num_buffers);
  } else {
    input = g_strdup (argv[1]);
  }
  /* the labels: the assignments of each branch */
  label_b = g_strjoinv (" ", argv + 2);
  label_a = n_aa ? g_strjoinv (" ", a_texts) : g_strdup ("defaults");
  launch = g_string_new ("csisrc");
  if (!g_str_equal (argv[1], "synthetic"))
    g_string_append_printf (launch, " location=\"%s\"", argv[1]);
  if (num_buffers != -2)
    g_string_append_printf (launch, " num-buffers=%d", num_buffers);
  if (source_props)
    g_string_append_printf (launch, " %s", source_props);
  g_string_append_printf (launch, " ! %s%stee name=t t. ! queue ! %s ! "
      "compare.sink_0 t. ! queue ! %s ! compare.sink_1 rvcompare name=compare "
      "summary-interval=0 sink_0::label=\"%s\" sink_1::label=\"%s\" ! "
      "fakesink", shared, *shared ? " ! " : "", branch_a, branch_b,
      label_a, label_b);

  sink.trial = rvab_trial_new ();
  sink.trial->launch = g_strdup (launch->str);
  sink.trial->input = input;
  sink.trial->title = n_aa ? g_strdup_printf ("%s (A: %s)", label_b,
      label_a) : g_strdup (label_b);
  if (jsonl && !(sink.jsonl = fopen (jsonl, "w"))) {
    g_printerr ("rvab: cannot write %s\n", jsonl);
    ret = 1;
    goto out;
  }
  ret = run (launch->str, &sink) ? 0 : 1;
  if (sink.jsonl && fclose (sink.jsonl) != 0)
    ret = 1;
  if (ret == 0 && !rvab_print_table (sink.trial, stdout))
    ret = 1;
  if (ret == 0 && html && !write_file (html, sink.trial, rvab_write_html))
    ret = 1;
  goto out;

bad:
  g_printerr ("rvab: %s\n", err->message);
  g_clear_error (&err);
out:
  for (i = 0; i < n_as; i++)
    assignment_clear (&as[i]);
  for (i = 0; i < n_aa; i++)
    assignment_clear (&aa[i]);
  g_free (as);
  g_free (aa);
  g_free (shared);
  g_free (branch_a);
  g_free (branch_b);
  g_free (label_a);
  g_free (label_b);
  if (launch)
    g_string_free (launch, TRUE);
  if (sink.trial)
    rvab_trial_free (sink.trial);
  g_strfreev (a_texts);
  g_free (source_props);
  g_free (chain_text);
  g_free (html);
  g_free (jsonl);
  return ret;
}
