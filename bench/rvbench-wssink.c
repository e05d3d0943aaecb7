/* rvbench-wssink — rvwssink's publish cost with 0, 1, 10 and 100 clients.
 *
 * 1. Makes --cycles real sensing_update documents: the synthetic room through
 *    the whole chain into rvmetaconvert format=sensing-update (not live).
 * 2. For each client count N: appsrc ! rvwssink port=0 sync=false; N
 *    WebSocket clients in a separate process (this program with --client,
 *    started by fork+exec, so their CPU is not ours); the documents are
 *    pushed at 20 Hz.  Printed: the process CPU time over the run (% of one
 *    core and µs per cycle; the N = 0 run is the same-run baseline: pushing
 *    and rendering with nobody to serve), the time from render to the last
 *    client's receive of each document (p50/p99/max, CLOCK_MONOTONIC in both
 *    processes), and the resident memory per connected client.
 *
 * Usage: rvbench-wssink [--cycles N] [--clients LIST]
 * Figures only; this is not a test. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "benchdocs.h"

static gint64
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ------------------------------------------------------------ client mode */

typedef struct
{
  int fd;
  guint8 *buf;
  gsize len, cap;
  gboolean open;
} Conn;

static gboolean
conn_open (Conn * c, int port)
{
  struct sockaddr_in sa;
  char req[512], resp[1024];
  ssize_t n;
  gsize got = 0;

  memset (&sa, 0, sizeof (sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons ((uint16_t) port);
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  c->fd = socket (AF_INET, SOCK_STREAM, 0);
  if (c->fd < 0 || connect (c->fd, (struct sockaddr *) &sa, sizeof (sa)) < 0)
    return FALSE;
  snprintf (req, sizeof (req), "GET /ws/sensing HTTP/1.1\r\nHost: "
      "127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n", port);
  if (write (c->fd, req, strlen (req)) != (ssize_t) strlen (req))
    return FALSE;
  /* read the response head byte by byte: nothing after it is lost */
  while (got < sizeof (resp) - 1) {
    n = read (c->fd, resp + got, 1);
    if (n <= 0)
      return FALSE;
    got++;
    if (got >= 4 && memcmp (resp + got - 4, "\r\n\r\n", 4) == 0)
      break;
  }
  resp[got] = '\0';
  c->open = strncmp (resp, "HTTP/1.1 101", 12) == 0;
  c->cap = 1 << 20;
  c->buf = malloc (c->cap);
  return c->open;
}

/* Consumes whole frames; records the receive time of each text frame by
 * its tick.  Returns FALSE once the connection is closed. */
static gboolean
conn_read (Conn * c, gint64 * last_rx, guint n_ticks)
{
  ssize_t n;

  if (c->len == c->cap) {
    c->cap *= 2;
    c->buf = realloc (c->buf, c->cap);
  }
  n = read (c->fd, c->buf + c->len, c->cap - c->len);
  if (n <= 0)
    return FALSE;
  c->len += (gsize) n;
  for (;;) {
    guint64 plen;
    gsize h = 2;
    guint8 op;
    if (c->len < 2)
      break;
    op = c->buf[0] & 0x0f;
    plen = c->buf[1] & 0x7f;
    if (plen == 126) {
      if (c->len < 4)
        break;
      plen = ((guint64) c->buf[2] << 8) | c->buf[3];
      h = 4;
    } else if (plen == 127) {
      int i;
      if (c->len < 10)
        break;
      plen = 0;
      for (i = 0; i < 8; i++)
        plen = (plen << 8) | c->buf[2 + i];
      h = 10;
    }
    if (c->len < h + plen)
      break;
    if (op == 0x1) {
      const char *t = g_strstr_len ((const char *) c->buf + h,
          MIN (plen, 256), "\"tick\":");
      if (t) {
        guint64 tick = g_ascii_strtoull (t + 7, NULL, 10);
        if (tick < n_ticks) {
          gint64 ts = now_ns ();
          if (ts > last_rx[tick])
            last_rx[tick] = ts;
        }
      }
    } else if (op == 0x8) {
      return FALSE;
    }
    memmove (c->buf, c->buf + h + plen, c->len - h - plen);
    c->len -= h + plen;
  }
  return TRUE;
}

static int
client_main (int n, int port, guint n_ticks)
{
  Conn *conns = calloc ((size_t) n, sizeof (Conn));
  struct pollfd *pfd = calloc ((size_t) n, sizeof (struct pollfd));
  gint64 *last_rx = calloc (n_ticks, sizeof (gint64));
  int i, open_n = n;
  guint t;

  for (i = 0; i < n; i++) {
    if (!conn_open (&conns[i], port)) {
      fprintf (stderr, "client %d: handshake failed\n", i);
      return 1;
    }
  }
  printf ("ready\n");
  fflush (stdout);
  while (open_n > 0) {
    int k = 0;
    for (i = 0; i < n; i++) {
      if (!conns[i].open)
        continue;
      pfd[k].fd = conns[i].fd;
      pfd[k].events = POLLIN;
      pfd[k].revents = 0;
      k++;
    }
    if (poll (pfd, (nfds_t) k, 30000) <= 0)
      break;
    for (i = 0, k = 0; i < n; i++) {
      if (!conns[i].open)
        continue;
      if (pfd[k].revents && !conn_read (&conns[i], last_rx, n_ticks)) {
        conns[i].open = FALSE;
        close (conns[i].fd);
        open_n--;
      }
      k++;
    }
  }
  for (t = 0; t < n_ticks; t++)
    if (last_rx[t])
      printf ("%u %" G_GINT64_FORMAT "\n", t, last_rx[t]);
  printf ("end\n");
  return 0;
}

/* ------------------------------------------------------------ server side */

typedef struct
{
  gint64 *render_ns;
  guint n;
} Probe;

static GstPadProbeReturn
on_render (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Probe *pr = data;
  if (pr->n < G_MAXUINT)
    pr->render_ns[pr->n++] = now_ns ();
  return GST_PAD_PROBE_OK;
}

static gint
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
run (GPtrArray * docs, const guint64 * ticks, guint n_clients, const gchar * self,
    gdouble * base_cpu)
{
  GstElement *p = gst_parse_launch ("appsrc name=src format=time "
      "caps=application/x-json ! rvwssink name=sink port=0 sync=false "
      "max-clients=1000", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (p), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  Probe pr = { g_new0 (gint64, docs->len), 0 };
  gint port = 0, out_fd = -1;
  GPid pid = 0;
  FILE *from = NULL;
  gchar line[256];
  glong rss0, rss1 = 0;
  gdouble c0, c1;
  gint64 t0, deadline;
  guint i, n_lat = 0;
  gint64 *lat = g_new0 (gint64, docs->len);
  guint64 max_tick = 0;

  for (i = 0; i < docs->len; i++)
    if (ticks[i] != G_MAXUINT64 && ticks[i] > max_tick)
      max_tick = ticks[i];

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_render, &pr, NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  g_object_get (sink, "bound-port", &port, NULL);
  rss0 = rss_kib ();
  if (n_clients > 0) {
    gchar *argv[6];
    gchar *ns = g_strdup_printf ("%u", n_clients);
    gchar *ps = g_strdup_printf ("%d", port);
    gchar *ts = g_strdup_printf ("%" G_GUINT64_FORMAT, max_tick + 1);
    argv[0] = (gchar *) self;
    argv[1] = (gchar *) "--client";
    argv[2] = ns;
    argv[3] = ps;
    argv[4] = ts;
    argv[5] = NULL;
    if (!g_spawn_async_with_pipes (NULL, argv, NULL,
            G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL, &out_fd, NULL,
            NULL)) {
      g_printerr ("cannot start the clients\n");
      exit (1);
    }
    g_free (ns);
    g_free (ps);
    g_free (ts);
    from = fdopen (out_fd, "r");
    if (!fgets (line, sizeof (line), from) || strncmp (line, "ready", 5)) {
      g_printerr ("the clients did not connect\n");
      exit (1);
    }
  }
  /* every client registered on the server */
  for (;;) {
    GstStructure *st;
    guint c = 0;
    g_object_get (sink, "stats", &st, NULL);
    gst_structure_get_uint (st, "clients", &c);
    gst_structure_free (st);
    if (c >= n_clients)
      break;
    g_usleep (1000);
  }

  c0 = cpu_s ();
  t0 = now_ns ();
  for (i = 0; i < docs->len; i++) {
    deadline = t0 + (gint64) i *50000000;
    while (now_ns () < deadline)
      g_usleep ((gulong) MAX ((deadline - now_ns ()) / 1000, 1));
    gst_app_src_push_buffer (GST_APP_SRC (src),
        gst_buffer_ref (g_ptr_array_index (docs, i)));
    if (i == 1)
      rss1 = rss_kib ();
  }
  /* let the last document out before the clock stops */
  g_usleep (100000);
  c1 = cpu_s ();
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  if (from) {
    while (fgets (line, sizeof (line), from) && strncmp (line, "end", 3)) {
      guint tick;
      gint64 rx;
      if (sscanf (line, "%u %" G_GINT64_FORMAT, &tick, &rx) != 2)
        continue;
      for (i = 0; i < pr.n; i++) {
        if (ticks[i] == tick) {
          lat[n_lat++] = rx - pr.render_ns[i];
          break;
        }
      }
    }
    fclose (from);
    waitpid (pid, NULL, 0);
    g_spawn_close_pid (pid);
  }
  gst_element_set_state (p, GST_STATE_NULL);

  {
    gdouble wall = (gdouble) docs->len / 20.0 + 0.1;
    gdouble cpu = c1 - c0;
    if (n_clients == 0)
      *base_cpu = cpu;
    g_print ("%4u clients  CPU %6.3f %% of one core  %7.1f us/cycle "
        "(%+7.1f over no clients)", n_clients, 100.0 * cpu / wall,
        1e6 * cpu / docs->len, 1e6 * (cpu - *base_cpu) / docs->len);
    if (n_lat > 0) {
      qsort (lat, n_lat, sizeof (gint64), (GCompareFunc) cmp_i64);
      g_print ("  render->last client p50 %.3f ms  p99 %.3f ms  max %.3f ms"
          " (%u/%u cycles)", lat[n_lat / 2] / 1e6,
          lat[MIN (n_lat - 1, (n_lat * 99) / 100)] / 1e6, lat[n_lat - 1] / 1e6,
          n_lat, docs->len);
    }
    if (n_clients > 0)
      g_print ("  RSS %+.1f KiB/client", (gdouble) (rss1 - rss0) / n_clients);
    g_print ("\n");
  }
  gst_object_unref (pad);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (p);
  g_free (pr.render_ns);
  g_free (lat);
}

int
main (int argc, char **argv)
{
  gint cycles = 200;
  gchar *clients = g_strdup ("0,1,10,100");
  GOptionEntry entries[] = {
    {"cycles", 'c', 0, G_OPTION_ARG_INT, &cycles,
        "Documents pushed per run, at 20 Hz (default 200 = 10 s)", "N"},
    {"clients", 'n', 0, G_OPTION_ARG_STRING, &clients,
        "Client counts, comma-separated (default 0,1,10,100)", "LIST"},
    {NULL}
  };
  GOptionContext *ctx;
  GPtrArray *docs;
  guint64 *ticks;
  gchar **counts, **c, *self;
  gdouble base = 0.0;
  guint i, bytes = 0;

  if (argc == 5 && strcmp (argv[1], "--client") == 0)
    return client_main (atoi (argv[2]), atoi (argv[3]),
        (guint) atoi (argv[4]));

  ctx = g_option_context_new ("- rvwssink publish cost");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, NULL))
    return 2;
  g_option_context_free (ctx);

  docs = make_documents ((guint) cycles, &bytes);
  if (docs->len == 0) {
    g_printerr ("no documents (is the plugin built?)\n");
    return 1;
  }
  /* the documents carry ticks from the chain; the clients report by tick */
  ticks = g_new0 (guint64, docs->len);
  for (i = 0; i < docs->len; i++) {
    GstMapInfo map;
    GstBuffer *b = g_ptr_array_index (docs, i);
    gst_buffer_map (b, &map, GST_MAP_READ);
    {
      const gchar *t = g_strstr_len ((const gchar *) map.data, 256,
          "\"tick\":");
      ticks[i] = t ? g_ascii_strtoull (t + 7, NULL, 10) : G_MAXUINT64;
    }
    gst_buffer_unmap (b, &map);
  }
  g_print ("rvbench-wssink: %u sensing_update documents of %u bytes (mean) "
      "at 20 Hz per run\n", docs->len, bytes);
  counts = g_strsplit (clients, ",", -1);
  self = g_file_read_link ("/proc/self/exe", NULL);
  for (c = counts; *c; c++)
    run (docs, ticks, (guint) atoi (*c), self ? self : argv[0], &base);
  g_free (self);
  g_strfreev (counts);
  g_free (ticks);
  g_ptr_array_unref (docs);
  g_free (clients);
  return 0;
}
