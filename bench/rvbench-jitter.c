/* rvbench-jitter — live fusion of real, jittery nodes over UDP.
 *
 * Two simulated ESP32 nodes send ADR-018 datagrams to a live
 *   csisrc port=… ! rvphasealign ! rvmultistaticfuse ! fakesink
 * on loopback: node 1 at 20.0 Hz, node 2 with a clock 0.5 % slow (20 Hz ×
 * 0.995), every datagram sent 0–15 ms late (uniform, seeded), as WiFi
 * delivers them.  Printed: the share of fused cycles that fused both nodes,
 * the output rate and the publish delay after each cycle's end, once with
 * the default max-age (1.5 intervals) and once with max-age = one interval
 * (the window of the frames inside the cycle only), in the same run.
 *
 * Usage: rvbench-jitter [--seconds N]
 * Figures only; this is not a test (the OS scheduler adds its own jitter). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gio/gio.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "ruview/adr018.h"

typedef struct
{
  GMutex lock;
  guint cycles, both, first_skipped;
  GArray *delay_ms;             /* publish delay after the cycle end */
  GstElement *pipeline;
} Count;

static GstPadProbeReturn
on_fused (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Count *c = user_data;
  GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER (info);
  GstMapInfo map;
  RvFusedRecord r;
  GstClock *clock = gst_element_get_clock (c->pipeline);
  gdouble delay = 0.0;

  if (clock) {
    GstClockTime now = gst_clock_get_time (clock) -
        gst_element_get_base_time (c->pipeline);
    delay = ((gdouble) now - (gdouble) (GST_BUFFER_PTS (b) +
            GST_BUFFER_DURATION (b))) / GST_MSECOND;
    gst_object_unref (clock);
  }
  if (gst_rv_fused_buffer_map (b, &map, GST_MAP_READ, &r)) {
    g_mutex_lock (&c->lock);
    /* the first cycles may precede a node's first datagram */
    if (c->first_skipped < 2)
      c->first_skipped++;
    else {
      c->cycles++;
      if (r.active_nodes == 2)
        c->both++;
      g_array_append_val (c->delay_ms, delay);
    }
    g_mutex_unlock (&c->lock);
    gst_rv_fused_buffer_unmap (b, &map, NULL);
  }
  return GST_PAD_PROBE_OK;
}

static gsize
datagram (guint8 * d, guint8 node, guint32 seq, GRand * rng)
{
  gsize i;
  memset (d, 0, 20);
  d[0] = RV_ADR018_MAGIC_CSI & 0xff;
  d[1] = (RV_ADR018_MAGIC_CSI >> 8) & 0xff;
  d[2] = (RV_ADR018_MAGIC_CSI >> 16) & 0xff;
  d[3] = RV_ADR018_MAGIC_CSI >> 24;
  d[4] = node;
  d[5] = 1;                     /* antennas */
  d[6] = 64;                    /* subcarriers */
  d[8] = 0x85;                  /* 2437 MHz */
  d[9] = 0x09;
  memcpy (d + 12, &seq, 4);
  d[16] = (guint8) - 50;
  d[17] = (guint8) - 90;
  for (i = 0; i < 128; i++)
    d[20 + i] = (guint8) (g_rand_int_range (rng, -40, 41));
  return 148;
}

/* Sends both nodes' datagrams for `seconds`, in real time. */
static void
send_nodes (guint port, guint seconds)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *dest = g_inet_socket_address_new (lo, port);
  GRand *rng = g_rand_new_with_seed (20261202);
  const gint64 period[2] = { 50000, 50251 };    /* µs: 20 Hz, 0.5 % slow */
  gint64 next[2] = { 0, 13000 }, t0 = g_get_monotonic_time ();
  guint32 seq[2] = { 0, 0 };
  guint8 d[256];

  for (;;) {
    guint n = next[0] <= next[1] ? 0 : 1;
    gint64 at = next[n] + g_rand_int_range (rng, 0, 15001), now;
    gsize len;

    if (at > (gint64) seconds * G_USEC_PER_SEC)
      break;
    now = g_get_monotonic_time () - t0;
    if (at > now)
      g_usleep ((gulong) (at - now));
    len = datagram (d, (guint8) (n + 1), seq[n]++, rng);
    g_socket_send_to (s, dest, (const gchar *) d, len, NULL, NULL);
    next[n] += period[n];
  }
  g_rand_free (rng);
  g_object_unref (dest);
  g_object_unref (lo);
  g_object_unref (s);
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

/* a free UDP port on loopback */
static guint
free_port (void)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *a = g_inet_socket_address_new (lo, 0), *bound;
  guint port;

  g_socket_bind (s, a, TRUE, NULL);
  bound = g_socket_get_local_address (s, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_object_unref (bound);
  g_object_unref (a);
  g_object_unref (lo);
  g_object_unref (s);
  return port;
}

static void
run (guint seconds, guint64 max_age, const gchar * label)
{
  gchar *desc = g_strdup_printf ("csisrc name=src address=127.0.0.1 "
      "port=%u ! rvphasealign ! rvmultistaticfuse name=f max-age=%"
      G_GUINT64_FORMAT " ! fakesink", free_port (), max_age);
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);
  GstElement *src, *f;
  GstPad *pad;
  Count c;
  gint port = 0;

  if (!p || err) {
    g_printerr ("cannot build '%s': %s\n", desc, err ? err->message : "?");
    g_clear_error (&err);
    gst_clear_object (&p);
    g_free (desc);
    return;
  }
  memset (&c, 0, sizeof (c));
  g_mutex_init (&c.lock);
  c.delay_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  c.pipeline = p;
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  f = gst_bin_get_by_name (GST_BIN (p), "f");
  pad = gst_element_get_static_pad (f, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_fused, &c, NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  /* a live pipeline: the socket is bound when it is PAUSED */
  while (port == 0) {
    g_usleep (10000);
    g_object_get (src, "bound-port", &port, NULL);
  }
  send_nodes ((guint) port, seconds);
  g_usleep (300000);
  gst_element_set_state (p, GST_STATE_NULL);

  g_array_sort (c.delay_ms, cmp_double);
  g_print ("  %-34s %4u cycles, both nodes fused in %5.1f %%, %5.2f cycles/s,"
      " delay after cycle end p50 %.2f ms p99 %.2f ms\n", label, c.cycles,
      c.cycles ? 100.0 * c.both / c.cycles : 0.0,
      (gdouble) (c.cycles + c.first_skipped) / seconds,
      c.delay_ms->len ? g_array_index (c.delay_ms, gdouble,
          c.delay_ms->len / 2) : 0.0,
      c.delay_ms->len ? g_array_index (c.delay_ms, gdouble,
          (c.delay_ms->len * 99) / 100) : 0.0);
  g_array_free (c.delay_ms, TRUE);
  g_mutex_clear (&c.lock);
  gst_object_unref (pad);
  gst_object_unref (f);
  gst_object_unref (src);
  gst_object_unref (p);
  g_free (desc);
}

int
main (int argc, char **argv)
{
  gint seconds = 20;
  GOptionEntry entries[] = {
    {"seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "Run length per case",
        "N"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- live fusion of jittery "
      "nodes");
  GError *err = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);
  g_print ("two UDP nodes, 20.0 Hz and 0.5 %% slow, each datagram 0-15 ms "
      "late, %d s per case:\n", seconds);
  run ((guint) MAX (seconds, 1), 0, "max-age default (75 ms)");
  run ((guint) MAX (seconds, 1), 50 * GST_MSECOND,
      "max-age 50 ms (frames of the cycle)");
  return 0;
}
