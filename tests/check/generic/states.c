/* Every element of this package goes through every state transition,
 * twice, without leaking or crashing (the gst-plugins-good generic test). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/base/gstbasesink.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static GList *elements = NULL;

/* A loopback port bound and not listening: a client element pointed at it
 * is refused at once, and never reaches a server of this machine. */
static gint closed_sock = -1, closed_port;

static void
bind_closed_port (void)
{
  struct sockaddr_in a;
  socklen_t len = sizeof (a);

  closed_sock = socket (AF_INET, SOCK_STREAM, 0);
  memset (&a, 0, sizeof (a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fail_unless (bind (closed_sock, (struct sockaddr *) &a, sizeof (a)) == 0);
  fail_unless (getsockname (closed_sock, (struct sockaddr *) &a, &len) == 0);
  closed_port = ntohs (a.sin_port);
}

static void
setup (void)
{
  GList *features, *f;
  GList *plugins, *p;
  const gchar *ignore = g_getenv ("GST_STATE_IGNORE_ELEMENTS");
  gchar **ignorelist = ignore ? g_strsplit (ignore, " ", 0) : NULL;

  plugins = gst_registry_get_plugin_list (gst_registry_get ());
  for (p = plugins; p; p = p->next) {
    GstPlugin *plugin = p->data;
    if (g_strcmp0 (gst_plugin_get_source (plugin), PACKAGE) != 0)
      continue;
    features = gst_registry_get_feature_list_by_plugin (gst_registry_get (),
        gst_plugin_get_name (plugin));
    for (f = features; f; f = f->next) {
      GstPluginFeature *feature = f->data;
      const gchar *name = gst_plugin_feature_get_name (feature);
      gboolean skip = FALSE;
      gchar **s;
      if (!GST_IS_ELEMENT_FACTORY (feature))
        continue;
      for (s = ignorelist; s && *s; s++)
        if (**s && g_str_equal (*s, name))
          skip = TRUE;
      if (skip) {
        GST_INFO ("ignoring %s", name);
        continue;
      }
      elements = g_list_prepend (elements, g_strdup (name));
    }
    gst_plugin_feature_list_free (features);
  }
  gst_plugin_list_free (plugins);
  g_strfreev (ignorelist);
  bind_closed_port ();
}

static void
teardown (void)
{
  g_list_free_full (elements, g_free);
  elements = NULL;
  close (closed_sock);
}

/* Servers (elements with a bound-port) listen on a free port here, so a
 * port in use on the machine cannot fail the test; MQTT clients (elements
 * with a discovery-prefix) connect to the closed port, never to a broker
 * of the machine; sinks change state without waiting for a preroll buffer
 * that never comes. */
static GstElement *
make (const gchar * name)
{
  GstElement *e = gst_element_factory_make (name, NULL);
  if (e && g_object_class_find_property (G_OBJECT_GET_CLASS (e),
          "bound-port"))
    g_object_set (e, "port", 0, NULL);
  if (e && g_object_class_find_property (G_OBJECT_GET_CLASS (e),
          "discovery-prefix"))
    g_object_set (e, "host", "127.0.0.1", "port", closed_port, NULL);
  if (e && GST_IS_BASE_SINK (e))
    g_object_set (e, "async", FALSE, NULL);
  return e;
}

static void
cycle (GstElement * e, const GstState * seq, guint n)
{
  guint i;
  for (i = 0; i < n; i++) {
    GstStateChangeReturn r = gst_element_set_state (e, seq[i]);
    fail_if (r == GST_STATE_CHANGE_FAILURE, "%s: failed to go to %s",
        GST_OBJECT_NAME (e), gst_element_state_get_name (seq[i]));
    if (r == GST_STATE_CHANGE_ASYNC)
      gst_element_get_state (e, NULL, NULL, GST_CLOCK_TIME_NONE);
  }
}

GST_START_TEST (test_state_changes_up_and_down_seq)
{
  static const GstState seq[] = { GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_READY, GST_STATE_NULL
  };
  GList *l;

  fail_unless (elements != NULL, "no element of %s found", PACKAGE);
  for (l = elements; l; l = l->next) {
    GstElement *e = make (l->data);
    GST_DEBUG ("testing %s", (gchar *) l->data);
    fail_unless (e != NULL, "cannot make %s", (gchar *) l->data);
    cycle (e, seq, G_N_ELEMENTS (seq));
    gst_object_unref (e);
  }
}
GST_END_TEST;

GST_START_TEST (test_state_changes_up_and_down_twice)
{
  static const GstState seq[] = { GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_NULL, GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_NULL
  };
  GList *l;

  for (l = elements; l; l = l->next) {
    GstElement *e = make (l->data);
    fail_unless (e != NULL);
    cycle (e, seq, G_N_ELEMENTS (seq));
    gst_object_unref (e);
  }
}
GST_END_TEST;

static Suite *
states_suite (void)
{
  Suite *s = suite_create ("states");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_state_changes_up_and_down_seq);
  tcase_add_test (tc, test_state_changes_up_and_down_twice);
  return s;
}

GST_CHECK_MAIN (states);
