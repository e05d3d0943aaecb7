/* rvbench-mqttsink — rvmqttsink's publish cost per cycle and sustained
 * messages/s to a local broker (Debian's mosquitto on loopback, started
 * here).
 *
 * 1. Makes --cycles real sensing_update documents (the whole chain into
 *    rvmetaconvert format=sensing-update).
 * 2. Paced: the documents at 20 Hz into rvmqttsink (discovery and states
 *    on, QoS 1) through GstHarness, so render runs in this thread: the
 *    streaming thread's CPU per cycle (render alone, CLOCK_THREAD_CPUTIME),
 *    the rest of the process (the sink's network thread), the broker's.
 *    Same-run baseline: a bare libmosquitto client (its own threaded loop,
 *    mosquitto_publish QoS 1 of the same documents, nothing else).
 * 3. Sustained: --burst documents pushed as fast as render takes them
 *    (max-queued = burst, nothing dropped), until the broker confirmed the
 *    last: messages/s and MB/s for QoS 0, 1 and 2, QoS 1 with a subscriber
 *    process reading the stream, and the bare libmosquitto client at QoS 1.
 * 4. Memory: the resident growth per document queued while the broker is
 *    away (copies, as a live pipeline makes a new buffer per cycle).
 *
 * Usage: rvbench-mqttsink [--cycles N] [--burst N]
 * Figures only; this is not a test. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <mosquitto.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchdocs.h"
#include "broker.h"

static gdouble
thread_cpu_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gdouble
mono_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* sleeps until the next 20 Hz tick (one wake-up per cycle) */
static void
tick (struct timespec *next)
{
  next->tv_nsec += 50000000;
  if (next->tv_nsec >= 1000000000) {
    next->tv_nsec -= 1000000000;
    next->tv_sec++;
  }
  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, next, NULL) != 0);
}

/* user + system time of another process (s; clock-tick resolution) */
static gdouble
pid_cpu_s (GPid pid)
{
  gchar *path = g_strdup_printf ("/proc/%d/stat", (int) pid), *text = NULL;
  gdouble s = 0.0;

  if (g_file_get_contents (path, &text, NULL, NULL)) {
    const gchar *p = strrchr (text, ')');
    gchar **f = p ? g_strsplit (p + 2, " ", -1) : NULL;
    /* after the command: state is field 3, utime 14, stime 15 */
    if (f && g_strv_length (f) > 13)
      s = (g_ascii_strtod (f[11], NULL) + g_ascii_strtod (f[12], NULL)) /
          sysconf (_SC_CLK_TCK);
    g_strfreev (f);
  }
  g_free (text);
  g_free (path);
  return s;
}

static void
wait_u64 (GstElement * e, const gchar * prop, guint64 want)
{
  guint64 v;
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  do {
    g_object_get (e, prop, &v, NULL);
    if (v >= want)
      return;
    g_usleep (200);
  } while (g_get_monotonic_time () < end);
  g_error ("%s stayed at %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT, prop,
      v, want);
}

static void
wait_connected (GstElement * e)
{
  gboolean c = FALSE;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!c && g_get_monotonic_time () < end) {
    g_object_get (e, "connected", &c, NULL);
    g_usleep (1000);
  }
  if (!c)
    g_error ("the sink did not connect");
}

static GstHarness *
sink_harness (gint port, gint qos, guint max_queued)
{
  GstElement *e = gst_element_factory_make ("rvmqttsink", NULL);
  GstHarness *h;

  if (!e)
    g_error ("rvmqttsink is not built");
  gst_object_ref_sink (e);
  g_object_set (e, "host", "127.0.0.1", "port", port, "device-id", "bench",
      "mqtt-qos", qos, "max-queued", max_queued, "async", FALSE, "sync",
      FALSE, NULL);
  h = gst_harness_new_with_element (e, "sink", NULL);
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, "application/x-json");
  wait_connected (h->element);
  return h;
}

/* ------------------------------------------------------------ paced */

static void
paced_sink (GPtrArray * docs, Broker * b)
{
  GstHarness *h = sink_harness (b->port, 1, 1200);
  gdouble c0 = cpu_s (), t0 = thread_cpu_s (), b0 = pid_cpu_s (b->pid);
  gdouble render = 0.0, c1, t1, b1;
  gdouble *each = g_new (gdouble, docs->len);
  guint i, n = docs->len;
  struct timespec next;

  clock_gettime (CLOCK_MONOTONIC, &next);
  for (i = 0; i < n; i++) {
    gdouble r0;
    tick (&next);
    r0 = thread_cpu_s ();
    gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (docs, i)));
    each[i] = thread_cpu_s () - r0;
    render += each[i];
  }
  wait_u64 (h->element, "published", n);
  c1 = cpu_s ();
  t1 = thread_cpu_s ();
  b1 = pid_cpu_s (b->pid);
  {
    gdouble worst = 0.0;
    for (i = 0; i < n; i++)
      worst = MAX (worst, each[i]);
    g_print ("  rvmqttsink, QoS 1, discovery + states: render %.1f us/cycle "
        "(max %.1f), network thread %.1f us/cycle, process %.2f %% of a "
        "core; broker %.0f us/cycle\n", render / n * 1e6, worst * 1e6,
        ((c1 - c0) - (t1 - t0)) / n * 1e6, (c1 - c0) / (n * 0.05) * 100.0,
        (b1 - b0) / n * 1e6);
  }
  g_free (each);
  gst_harness_teardown (h);
}

/* ------------------------------------------------------------ bare client */

typedef struct
{
  GMutex lock;
  GCond cond;
  guint64 confirmed;
  gboolean connected;
} Bare;

static void
bare_on_connect (struct mosquitto *m, void *data, int rc)
{
  Bare *b = data;
  g_mutex_lock (&b->lock);
  b->connected = rc == 0;
  g_cond_broadcast (&b->cond);
  g_mutex_unlock (&b->lock);
}

static void
bare_on_publish (struct mosquitto *m, void *data, int mid)
{
  Bare *b = data;
  g_mutex_lock (&b->lock);
  b->confirmed++;
  g_cond_broadcast (&b->cond);
  g_mutex_unlock (&b->lock);
}

static struct mosquitto *
bare_connect (Bare * b, gint port)
{
  struct mosquitto *m = mosquitto_new ("bench-bare", true, b);

  g_mutex_init (&b->lock);
  g_cond_init (&b->cond);
  b->confirmed = 0;
  b->connected = FALSE;
  mosquitto_connect_callback_set (m, bare_on_connect);
  mosquitto_publish_callback_set (m, bare_on_publish);
  if (mosquitto_connect (m, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS
      || mosquitto_loop_start (m) != MOSQ_ERR_SUCCESS)
    g_error ("bare client: no connection");
  g_mutex_lock (&b->lock);
  while (!b->connected)
    g_cond_wait (&b->cond, &b->lock);
  g_mutex_unlock (&b->lock);
  return m;
}

static void
bare_wait (Bare * b, guint64 n)
{
  g_mutex_lock (&b->lock);
  while (b->confirmed < n)
    g_cond_wait (&b->cond, &b->lock);
  g_mutex_unlock (&b->lock);
}

static void
bare_close (struct mosquitto *m, Bare * b)
{
  mosquitto_disconnect (m);
  mosquitto_loop_stop (m, false);
  mosquitto_destroy (m);
  g_mutex_clear (&b->lock);
  g_cond_clear (&b->cond);
}

static void
bare_publish (struct mosquitto *m, GstBuffer * buf)
{
  GstMapInfo map;
  gst_buffer_map (buf, &map, GST_MAP_READ);
  mosquitto_publish (m, NULL, "bench/bare/sensing", (int) map.size - 1,
      map.data, 1, false);
  gst_buffer_unmap (buf, &map);
}

static void
paced_bare (GPtrArray * docs, Broker * br)
{
  Bare b;
  struct mosquitto *m = bare_connect (&b, br->port);
  gdouble c0 = cpu_s (), b0 = pid_cpu_s (br->pid), c1, b1;
  guint i, n = docs->len;
  struct timespec next;

  clock_gettime (CLOCK_MONOTONIC, &next);
  for (i = 0; i < n; i++) {
    tick (&next);
    bare_publish (m, g_ptr_array_index (docs, i));
  }
  bare_wait (&b, n);
  c1 = cpu_s ();
  b1 = pid_cpu_s (br->pid);
  g_print ("  bare libmosquitto, QoS 1 (baseline): process %.1f us/cycle, "
      "%.2f %% of a core; broker %.0f us/cycle\n", (c1 - c0) / n * 1e6,
      (c1 - c0) / (n * 0.05) * 100.0, (b1 - b0) / n * 1e6);
  bare_close (m, &b);
}

/* ------------------------------------------------------------ sustained */

/* a subscriber process reading the stream: this program with --subscribe */
static GPid
spawn_subscriber (const gchar * self, gint port, guint n)
{
  gchar *ps = g_strdup_printf ("%d", port), *ns = g_strdup_printf ("%u", n);
  gchar *argv[] = { (gchar *) self, (gchar *) "--subscribe", ps, ns, NULL };
  GPid pid;

  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
          &pid, NULL))
    g_error ("cannot start the subscriber");
  g_free (ps);
  g_free (ns);
  return pid;
}

static void
sub_on_message (struct mosquitto *m, void *data,
    const struct mosquitto_message *msg)
{
  guint *left = data;
  if (--*left == 0)
    mosquitto_disconnect (m);
}

static void
sub_on_connect (struct mosquitto *m, void *data, int rc)
{
  mosquitto_subscribe (m, NULL, "ruview/bench/sensing", 1);
}

/* reads n documents, then exits; prints "ready" once subscribed */
static int
subscriber_main (gint port, guint n)
{
  struct mosquitto *m;

  mosquitto_lib_init ();
  m = mosquitto_new (NULL, true, &n);
  mosquitto_connect_callback_set (m, sub_on_connect);
  mosquitto_message_callback_set (m, sub_on_message);
  if (mosquitto_connect (m, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS)
    return 1;
  mosquitto_loop_forever (m, -1, 1);
  mosquitto_destroy (m);
  return 0;
}

static void
burst_sink (GPtrArray * docs, Broker * b, gint qos, guint burst,
    const gchar * self, gdouble bytes)
{
  GstHarness *h = sink_harness (b->port, qos, burst);
  GPid sub = 0;
  gdouble w0, w1, c0, c1, r0, render;
  guint i;

  if (self) {
    sub = spawn_subscriber (self, b->port, burst);
    g_usleep (G_USEC_PER_SEC / 2);    /* its SUBSCRIBE goes first */
  }
  w0 = mono_s ();
  c0 = cpu_s ();
  r0 = thread_cpu_s ();
  for (i = 0; i < burst; i++)
    gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (docs,
                i % docs->len)));
  render = thread_cpu_s () - r0;
  wait_u64 (h->element, "published", burst);
  if (sub) {
    gint status;
    waitpid (sub, &status, 0);
    g_spawn_close_pid (sub);
  }
  w1 = mono_s ();
  c1 = cpu_s ();
  g_print ("  rvmqttsink, QoS %d%s: %.0f msg/s, %.1f MB/s; render %.1f us, "
      "process CPU %.0f us per message\n", qos,
      self ? ", one subscriber" : "", burst / (w1 - w0),
      burst * bytes / (w1 - w0) / 1e6, render / burst * 1e6,
      (c1 - c0) / burst * 1e6);
  gst_harness_teardown (h);
}

static void
burst_bare (GPtrArray * docs, Broker * br, guint burst, gdouble bytes)
{
  Bare b;
  struct mosquitto *m = bare_connect (&b, br->port);
  gdouble w0 = mono_s (), c0 = cpu_s (), w1, c1;
  guint i;

  for (i = 0; i < burst; i++)
    bare_publish (m, g_ptr_array_index (docs, i % docs->len));
  bare_wait (&b, burst);
  w1 = mono_s ();
  c1 = cpu_s ();
  g_print ("  bare libmosquitto, QoS 1 (baseline): %.0f msg/s, %.1f MB/s; "
      "process CPU %.0f us per message (its queue unbounded)\n",
      burst / (w1 - w0), burst * bytes / (w1 - w0) / 1e6,
      (c1 - c0) / burst * 1e6);
  bare_close (m, &b);
}

/* ------------------------------------------------------------ memory */

/* bytes in use in malloc's heap (resident size moves with what malloc
 * keeps after the runs before) */
static gdouble
heap_bytes (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  return (gdouble) mi.uordblks + (gdouble) mi.hblkhd;
}

static void
queued_memory (GPtrArray * docs, Broker * b, guint n)
{
  GstHarness *h = sink_harness (b->port, 1, n);
  gdouble m0, m1, m2;
  guint i;

  broker_stop (b);
  g_object_set (h->element, "drain-timeout", 0, NULL);
  m0 = heap_bytes ();
  for (i = 0; i < n; i++)
    gst_harness_push (h, gst_buffer_copy_deep (g_ptr_array_index (docs,
                i % docs->len)));
  m1 = heap_bytes ();
  /* as many more: the oldest leave, the heap stays */
  for (i = 0; i < n; i++)
    gst_harness_push (h, gst_buffer_copy_deep (g_ptr_array_index (docs,
                i % docs->len)));
  m2 = heap_bytes ();
  g_print ("  %u documents queued while the broker is away: +%.0f KiB of "
      "heap, %.0f bytes per document; %u more (the oldest dropped): %+.0f "
      "KiB\n", n, (m1 - m0) / 1024.0, (m1 - m0) / n, n,
      (m2 - m1) / 1024.0);
  gst_harness_teardown (h);
  broker_restart (b);
}

int
main (int argc, char **argv)
{
  gint cycles = 200, burst = 10000;
  GOptionEntry entries[] = {
    {"cycles", 'c', 0, G_OPTION_ARG_INT, &cycles,
        "Documents of the paced runs, at 20 Hz (default 200 = 10 s)", "N"},
    {"burst", 'b', 0, G_OPTION_ARG_INT, &burst,
        "Documents of the sustained runs (default 10000)", "N"},
    {NULL}
  };
  GOptionContext *ctx;
  GPtrArray *docs;
  Broker *b;
  gchar *self;
  guint bytes = 0;
  gint qos;

  if (argc == 4 && strcmp (argv[1], "--subscribe") == 0)
    return subscriber_main (atoi (argv[2]), (guint) atoi (argv[3]));

  ctx = g_option_context_new ("- rvmqttsink publish cost and throughput");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, NULL))
    return 2;
  g_option_context_free (ctx);
  if (!broker_program ()) {
    g_printerr ("rvbench-mqttsink: mosquitto is not installed\n");
    return 0;
  }
  mosquitto_lib_init ();

  docs = make_documents ((guint) cycles, &bytes);
  if (docs->len == 0) {
    g_printerr ("no documents (is the plugin built?)\n");
    return 1;
  }
  self = g_file_read_link ("/proc/self/exe", NULL);
  b = broker_start ();
  g_print ("rvbench-mqttsink: %u sensing_update documents of %u bytes "
      "(mean), mosquitto on loopback\n", docs->len, bytes);
  g_print ("paced, %u cycles at 20 Hz:\n", docs->len);
  paced_sink (docs, b);
  paced_bare (docs, b);
  g_print ("sustained, %d messages as fast as they go:\n", burst);
  for (qos = 0; qos <= 2; qos++)
    burst_sink (docs, b, qos, (guint) burst, NULL, bytes);
  burst_sink (docs, b, 1, (guint) burst, self, bytes);
  burst_bare (docs, b, (guint) burst, bytes);
  g_print ("memory:\n");
  queued_memory (docs, b, 1200);

  broker_free (b);
  g_free (self);
  g_ptr_array_unref (docs);
  return 0;
}
