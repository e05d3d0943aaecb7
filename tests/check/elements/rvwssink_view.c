/* The live view in a real browser: the live synthetic room into rvwssink,
 * Debian's chromium driven headless by tests/browser/view.mjs (node +
 * playwright-core, installed by ./run test).  The driver stops and restarts
 * the server when the script asks, to check the page's reconnection.
 * Exit 77 (skip) only where node, playwright-core or the browser cannot
 * start, saying why. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define SKIP 77

static const gchar *launch = "csisrc is-live=true ! rvphasealign ! "
    "rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! "
    "rvmetaconvert format=sensing-update ! rvwssink name=sink";

static GstElement *
start (gint port, gint * bound)
{
  GstElement *p = gst_parse_launch (launch, NULL);
  GstElement *sink;

  if (!p)
    return NULL;
  sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  g_object_set (sink, "port", port, NULL);
  if (gst_element_set_state (p, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    gst_object_unref (sink);
    gst_object_unref (p);
    return NULL;
  }
  g_object_get (sink, "bound-port", bound, NULL);
  gst_object_unref (sink);
  return p;
}

static void
stop (GstElement * p)
{
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
}

int
main (int argc, char **argv)
{
  const gchar *node = g_getenv ("RV_NODE");
  gchar *script = g_build_filename (RV_SOURCE_ROOT, "tests", "browser",
      "view.mjs", NULL);
  gchar *url, *path, *line = NULL;
  gchar *args[4];
  GError *err = NULL;
  GPid pid;
  gint in_fd, out_fd, status = 0, port = 0;
  GstElement *p;
  FILE *from, *to;
  size_t cap = 0;

  gst_init (&argc, &argv);
  path = g_find_program_in_path (node ? node : "node");
  if (!path) {
    g_print ("SKIP: node is not installed (./run test installs it)\n");
    return SKIP;
  }
  p = start (0, &port);
  if (!p || port == 0) {
    g_printerr ("the pipeline did not start\n");
    return 1;
  }
  url = g_strdup_printf ("http://127.0.0.1:%d/", port);
  args[0] = path;
  args[1] = script;
  args[2] = url;
  args[3] = NULL;
  if (!g_spawn_async_with_pipes (NULL, args, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
          NULL, NULL, &pid, &in_fd, &out_fd, NULL, &err)) {
    g_printerr ("cannot run %s: %s\n", path, err->message);
    return 1;
  }
  from = fdopen (out_fd, "r");
  to = fdopen (in_fd, "w");
  /* the script's requests: stop the server, start it again (same port) */
  while (getline (&line, &cap, from) > 0) {
    if (g_str_has_prefix (line, "stop")) {
      stop (p);
      p = NULL;
    } else if (g_str_has_prefix (line, "start")) {
      gint again = 0;
      p = start (port, &again);
      if (!p || again != port) {
        g_printerr ("the server did not come back on port %d\n", port);
        kill (pid, SIGTERM);
        break;
      }
    }
    fputs ("ok\n", to);
    fflush (to);
  }
  fclose (to);
  fclose (from);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  if (p)
    stop (p);
  free (line);
  g_free (url);
  g_free (path);
  g_free (script);
  if (WIFEXITED (status) && WEXITSTATUS (status) == SKIP)
    return SKIP;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0 ? 0 : 1;
}
