/* rvdemo — the synthetic room through every element that exists.
 *
 * Builds `csisrc nodes=4 is-live=true ! <every stage present> ! tee`, the
 * tee feeding `rvmetaconvert detail=summary ! fakesink` and, when rvwssink
 * is built (and not --fast), `rvmetaconvert format=sensing-update !
 * rvwssink`: the live view is at the URL printed.  Runs for --seconds of
 * clock time (or as fast as possible with --fast) and prints one line per
 * second: nodes seen, frames, drops, and each stage's headline figures,
 * read back from the JSON documents rvmetaconvert writes; a legend says
 * what each figure is.
 *
 * When rvcalibrate is built, a short non-live pass first records the
 * empty-room baseline of every node (600 frames each, rvcalibrate
 * mode=record) into a temporary directory, one file per node; the live
 * chain then applies it (mode=apply). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "ruview/json.h"

typedef struct
{
  GMutex lock;
  /* csisrc side */
  guint64 frames;
  guint64 node_frames[256];
  /* output side */
  guint64 docs, gaps;
  gchar headline[512];
  RvJsonDoc *doc;
  GstElement *src, *fuse, *web;
  GMainLoop *loop;
  guint seconds, elapsed;
  guint64 last_frames, last_docs;
} Demo;

static const gchar *stages[][2] = {
  /* factory, properties (the source's room: 4 nodes) */
  {"rvcalibrate", NULL},       /* mode=apply, the recorded baselines */
  {"rvphasealign", ""},
  {"rvmultistaticfuse", ""},
  {"rvcirgate", ""},
  {"rvtomography", ""},
  {"rvposetrack", ""},
  {"rvwitness", ""},
};

/* Records the baseline of each of the nodes into dir (node%u.rvcal):
 * 600 frames per node of the synthetic room, as fast as possible.  Returns
 * the rvcalibrate properties that apply it, or NULL on failure. */
static gchar *
record_baseline (const gchar * dir, gint nodes)
{
  gchar *pattern = g_build_filename (dir, "node%u.rvcal", NULL);
  gchar *desc = g_strdup_printf ("csisrc nodes=%d num-buffers=%d ! "
      "rvcalibrate mode=record baseline-location=\"%s\" ! fakesink", nodes,
      nodes * 600, pattern);
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstMessage *msg = NULL;
  gchar *props = NULL;
  GstBus *bus;

  g_free (desc);
  if (!p) {
    g_printerr ("could not build the baseline recorder: %s\n", err->message);
    g_clear_error (&err);
    g_free (pattern);
    return NULL;
  }
  g_print ("recording the empty-room baseline: %d nodes x 600 frames\n",
      nodes);
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS)
    props = g_strdup_printf ("mode=apply baseline-location=\"%s\"", pattern);
  else
    g_printerr ("recording the baseline failed\n");
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (pattern);
  return props;
}

static void
remove_dir (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *n;
  while (d && (n = g_dir_read_name (d))) {
    gchar *f = g_build_filename (dir, n, NULL);
    g_unlink (f);
    g_free (f);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static GstPadProbeReturn
count_frames (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Demo *d = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  RvCsiFrame f;

  if (gst_rv_csi_buffer_map (buf, &map, GST_MAP_READ, &f)) {
    g_mutex_lock (&d->lock);
    d->frames++;
    d->node_frames[f.node_id & 255]++;
    g_mutex_unlock (&d->lock);
    gst_buffer_unmap (buf, &map);
  }
  return GST_PAD_PROBE_OK;
}

static const RvJsonValue *
path (const RvJsonValue * v, const char *a, const char *b)
{
  v = rv_json_get (v, a);
  return b ? rv_json_get (v, b) : v;
}

static void
append_num (GString * s, const char *label, const RvJsonValue * v)
{
  if (v && v->type == RV_JSON_NUMBER)
    g_string_append_printf (s, "  %s %.*s", label, (int) v->len, v->text);
}

static void
append_str (GString * s, const char *label, const RvJsonValue * v, int max)
{
  if (v && v->type == RV_JSON_STRING)
    g_string_append_printf (s, "  %s %.*s", label, max, v->text);
}

static void
on_handoff (GstElement * sink, GstBuffer * buf, GstPad * pad,
    gpointer user_data)
{
  Demo *d = user_data;
  GstMapInfo map;
  const RvJsonValue *v;
  GString *s;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return;
  g_mutex_lock (&d->lock);
  d->docs++;
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP))
    d->gaps++;
  v = rv_json_parse (d->doc, (const char *) map.data, map.size, NULL, NULL);
  if (v) {
    const RvJsonValue *t = rv_json_get (v, "type");
    s = g_string_new (NULL);
    if (t && t->type == RV_JSON_STRING && strcmp (t->text, "fused_frame") == 0) {
      append_num (s, "active", rv_json_get (v, "active_nodes"));
      append_num (s, "coherence", rv_json_get (v, "cross_node_coherence"));
      append_num (s, "penalized", path (v, "quality", "penalized_coherence"));
      append_num (s, "cir-ratio", path (v, "cir", "dominant_tap_ratio"));
      append_str (s, "gate", path (v, "gate", "decision"), 16);
      append_num (s, "occupied", path (v, "occupancy", "occupied_count"));
      append_num (s, "persons", path (v, "pose", "n_persons"));
      append_str (s, "class", path (v, "witness", "effective_class"), 16);
      append_str (s, "witness", path (v, "witness", "witness"), 16);
    } else {
      append_num (s, "node", rv_json_get (v, "node_id"));
      append_num (s, "seq", rv_json_get (v, "sequence"));
    }
    g_strlcpy (d->headline, s->str, sizeof (d->headline));
    g_string_free (s, TRUE);
  }
  g_mutex_unlock (&d->lock);
  gst_buffer_unmap (buf, &map);
}

static void
print_legend (gboolean web)
{
  g_print ("each line, once per second:\n"
      "  t          seconds since start\n"
      "  nodes      nodes that sent frames so far (their ids)\n"
      "  frames     CSI frames from csisrc in all (+ this second), frames\n"
      "  malformed  input csisrc counted and skipped, entries\n"
      "  out        fused 20 Hz cycles written (+ this second), cycles\n"
      "  gaps       cycles in which no node delivered, cycles\n"
      "then, of the latest cycle (docs/running.md explains each):\n"
      "  active     nodes fused into it\n"
      "  coherence  cross-node coherence, 0..1: 0.7 x how evenly the nodes\n"
      "             weigh in the fusion (1 = all alike) + 0.3 x cir-ratio\n"
      "  penalized  the quality score: that evenness x 0.8 per\n"
      "             contradiction between the nodes (timestamps too far\n"
      "             apart, different baselines, ...), 0..1\n"
      "  cir-ratio  share of the channel's energy in its strongest path\n"
      "             (impulse response), 0..1 (1 = one clear path)\n"
      "  gate       the gate decision: accept (use the cycle), predict_only,\n"
      "             reject, recalibrate (record a new empty-room baseline)\n"
      "  occupied   room cells (0.75 m cubes, 8 x 8 x 4 = 256 over 6 x 6 x\n"
      "             3 m) that attenuate the radio links more than the empty\n"
      "             room did (density above 0.01), cells\n"
      "  persons    tracked persons, persons\n"
      "  class      privacy class of the published output (Raw, Derived,\n"
      "             Anonymous, Restricted)\n"
      "  witness    first 16 hex digits of the cycle's BLAKE3 witness\n");
  if (web)
    g_print ("  web        WebSocket clients connected to the live view\n");
  g_print ("\n");
}

static guint64
stat_u64 (GstElement * e, const gchar * field)
{
  GstStructure *st = NULL;
  guint64 v = 0;
  if (!e || !g_object_class_find_property (G_OBJECT_GET_CLASS (e), "stats"))
    return 0;
  g_object_get (e, "stats", &st, NULL);
  if (st) {
    gst_structure_get_uint64 (st, field, &v);
    gst_structure_free (st);
  }
  return v;
}

static gboolean
tick (gpointer user_data)
{
  Demo *d = user_data;
  GString *nodes = g_string_new (NULL);
  guint i, n_nodes = 0;

  d->elapsed++;
  g_mutex_lock (&d->lock);
  for (i = 0; i < 256; i++) {
    if (d->node_frames[i]) {
      g_string_append_printf (nodes, "%s%u", n_nodes ? "," : "", i);
      n_nodes++;
    }
  }
  g_print ("t=%3us  nodes %u (%s)  frames %" G_GUINT64_FORMAT " (+%"
      G_GUINT64_FORMAT "/s)  malformed %" G_GUINT64_FORMAT "  out %"
      G_GUINT64_FORMAT " (+%" G_GUINT64_FORMAT "/s)  gaps %" G_GUINT64_FORMAT
      "%s", d->elapsed, n_nodes, nodes->str, d->frames,
      d->frames - d->last_frames, stat_u64 (d->src, "malformed"), d->docs,
      d->docs - d->last_docs, d->gaps, d->headline);
  if (d->web) {
    GstStructure *st = NULL;
    guint clients = 0;
    g_object_get (d->web, "stats", &st, NULL);
    gst_structure_get_uint (st, "clients", &clients);
    gst_structure_free (st);
    g_print ("  web %u", clients);
  }
  g_print ("\n");
  d->last_frames = d->frames;
  d->last_docs = d->docs;
  g_mutex_unlock (&d->lock);
  g_string_free (nodes, TRUE);
  if (d->seconds && d->elapsed >= d->seconds) {
    g_main_loop_quit (d->loop);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_bus (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  Demo *d = user_data;
  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ERROR:{
      GError *err = NULL;
      gchar *dbg = NULL;
      gst_message_parse_error (msg, &err, &dbg);
      g_printerr ("error from %s: %s\n%s\n", GST_OBJECT_NAME (msg->src),
          err->message, dbg ? dbg : "");
      g_clear_error (&err);
      g_free (dbg);
      g_main_loop_quit (d->loop);
      break;
    }
    case GST_MESSAGE_EOS:
      g_main_loop_quit (d->loop);
      break;
    default:
      break;
  }
  return TRUE;
}

int
main (int argc, char **argv)
{
  Demo d;
  gint seconds = -1, nodes = 4, port = 8765;
  gboolean fast = FALSE, web;
  GOptionEntry entries[] = {
    {"seconds", 's', 0, G_OPTION_ARG_INT, &seconds,
        "Seconds to run (0 = until interrupted; default 10, or until "
          "interrupted when the live view is served)", "N"},
    {"port", 'p', 0, G_OPTION_ARG_INT, &port,
        "Port of the live view (0 = any free port; default 8765)", "N"},
    {"nodes", 'n', 0, G_OPTION_ARG_INT, &nodes, "Synthetic nodes", "N"},
    {"fast", 'f', 0, G_OPTION_ARG_NONE, &fast,
        "Not live: run as fast as the CPU allows", NULL},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- the RuView synthetic room");
  GError *err = NULL;
  GString *desc;
  GstElement *pipeline, *sink;
  GstPad *pad;
  GstBus *bus;
  gchar *baseline_dir = NULL, *calibrate_props = NULL;
  guint i;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);

  {
    GstElementFactory *wf = gst_element_factory_find ("rvwssink");
    web = wf != NULL && !fast;
    if (wf)
      gst_object_unref (wf);
  }
  if (seconds < 0)
    seconds = web ? 0 : 10;
  if (fast && seconds == 0)
    seconds = 10;
  memset (&d, 0, sizeof (d));
  g_mutex_init (&d.lock);
  d.doc = rv_json_doc_new ();
  d.seconds = (guint) MAX (seconds, 0);

  desc = g_string_new (NULL);
  g_string_append_printf (desc, "csisrc name=src nodes=%d is-live=%s", nodes,
      fast ? "false" : "true");
  if (fast)
    g_string_append_printf (desc, " num-buffers=%d", seconds * nodes * 100);
  g_print ("gst-ruview demo: synthetic room, %d nodes at 100 Hz each\n",
      nodes);
  /* rvcalibrate: record the baseline first, then apply it */
  {
    GstElementFactory *cf = gst_element_factory_find ("rvcalibrate");
    if (cf) {
      gst_object_unref (cf);
      baseline_dir = g_dir_make_tmp ("rvdemo-XXXXXX", NULL);
      if (baseline_dir)
        calibrate_props = record_baseline (baseline_dir, nodes);
    }
  }
  g_print ("stages:");
  for (i = 0; i < G_N_ELEMENTS (stages); i++) {
    GstElementFactory *f = gst_element_factory_find (stages[i][0]);
    const gchar *props = stages[i][1];
    if (!f)
      continue;
    gst_object_unref (f);
    if (!props)
      props = calibrate_props ? calibrate_props : "mode=passthrough";
    g_string_append_printf (desc, " ! %s name=%s %s", stages[i][0],
        stages[i][0], props);
    g_print (" %s", stages[i][0]);
  }
  g_print (" rvmetaconvert%s\n", web ? " rvwssink" : "");
  g_string_append (desc, " ! tee name=t ! queue ! rvmetaconvert "
      "detail=summary ! fakesink name=out signal-handoffs=true sync=false");
  if (web)
    g_string_append_printf (desc, " t. ! queue ! rvmetaconvert "
        "format=sensing-update ! rvwssink name=web port=%d", port);

  pipeline = gst_parse_launch (desc->str, &err);
  g_string_free (desc, TRUE);
  if (!pipeline) {
    g_printerr ("could not build the pipeline: %s\n", err->message);
    return 1;
  }
  d.src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  d.fuse = gst_bin_get_by_name (GST_BIN (pipeline), "rvmultistaticfuse");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &d);
  pad = gst_element_get_static_pad (d.src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frames, &d, NULL);
  gst_object_unref (pad);

  d.web = web ? gst_bin_get_by_name (GST_BIN (pipeline), "web") : NULL;

  d.loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_bus, &d);
  g_timeout_add (1000, tick, &d);
  print_legend (web);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    /* the bus says why (a port in use, …) */
    g_main_context_iteration (NULL, FALSE);
  } else if (d.web) {
    gint bound = 0;
    g_object_get (d.web, "bound-port", &bound, NULL);
    g_print ("live view: open http://127.0.0.1:%d/ in a browser "
        "(WebSocket at ws://127.0.0.1:%d/ws/sensing)%s\n\n", bound, bound,
        d.seconds ? "" : "; Ctrl-C to stop");
  }
  g_main_loop_run (d.loop);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_print ("done: %" G_GUINT64_FORMAT " csi frames in, %" G_GUINT64_FORMAT
      " documents out, %" G_GUINT64_FORMAT " gaps\n", d.frames, d.docs,
      d.gaps);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (d.src);
  if (d.web)
    gst_object_unref (d.web);
  if (d.fuse)
    gst_object_unref (d.fuse);
  gst_object_unref (pipeline);
  g_main_loop_unref (d.loop);
  rv_json_doc_free (d.doc);
  if (baseline_dir) {
    remove_dir (baseline_dir);
    g_free (baseline_dir);
  }
  g_free (calibrate_props);
  return 0;
}
