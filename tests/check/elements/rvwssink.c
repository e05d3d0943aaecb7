/* rvwssink on real loopback sockets, with a minimal RFC 6455 client of our
 * own: the HTTP endpoints, identical documents to every client, the latest
 * document at connect, a client that never reads beside one that reads
 * everything, stalled clients, bad clients, max-clients, EOS (1001), state
 * changes without leaks, start errors, and 20 Hz delivery from the live
 * synthetic room. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsrc.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gst/ruview/rvcaps.h"

#define TIMEOUT_S 10

/* ------------------------------------------------------------ client */

typedef struct
{
  GSocket *sock;
  GByteArray *in;               /* bytes read and not consumed */
} Client;

static GSocket *
tcp_connect (gint port)
{
  GError *err = NULL;
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, &err);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *sa = g_inet_socket_address_new (lo, (guint16) port);

  fail_unless (s != NULL);
  g_socket_set_timeout (s, TIMEOUT_S);
  fail_unless (g_socket_connect (s, sa, NULL, &err), "connect: %s",
      err ? err->message : "");
  g_object_unref (sa);
  g_object_unref (lo);
  return s;
}

/* the memory the process holds, in bytes: its resident set, or under
 * AddressSanitizer (whose quarantine keeps freed blocks resident) the bytes
 * allocated and not yet freed */
#if defined(__SANITIZE_ADDRESS__)
#define RV_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RV_TEST_ASAN 1
#endif
#endif
#ifdef RV_TEST_ASAN
size_t __sanitizer_get_current_allocated_bytes (void);
#endif

static gint64
memory_held (void)
{
#ifdef RV_TEST_ASAN
  return (gint64) __sanitizer_get_current_allocated_bytes ();
#else
  glong pages = 0;
  FILE *f = fopen ("/proc/self/statm", "r");
  fail_unless (f && fscanf (f, "%*d %ld", &pages) == 1);
  fclose (f);
  return (gint64) pages * sysconf (_SC_PAGESIZE);
#endif
}

static void
send_all (GSocket * s, const void *data, gsize len)
{
  const guint8 *p = data;
  while (len > 0) {
    gssize n = g_socket_send (s, (const gchar *) p, len, NULL, NULL);
    fail_unless (n > 0, "send failed");
    p += n;
    len -= (gsize) n;
  }
}

/* More bytes into c->in; FALSE at end of stream or error. */
static gboolean
fill (Client * c)
{
  guint8 buf[65536];
  gssize n = g_socket_receive (c->sock, (gchar *) buf, sizeof (buf), NULL,
      NULL);
  if (n <= 0)
    return FALSE;
  g_byte_array_append (c->in, buf, (guint) n);
  return TRUE;
}

static gboolean
need (Client * c, gsize n)
{
  while (c->in->len < n)
    if (!fill (c))
      return FALSE;
  return TRUE;
}

/* Reads up to the end of the HTTP response head; returns it (the status
 * line and headers) and leaves the rest in c->in. */
static gchar *
read_head (Client * c)
{
  for (;;) {
    guint i;
    for (i = 3; i < c->in->len; i++) {
      if (memcmp (c->in->data + i - 3, "\r\n\r\n", 4) == 0) {
        gchar *head = g_strndup ((const gchar *) c->in->data, i + 1);
        g_byte_array_remove_range (c->in, 0, i + 1);
        return head;
      }
    }
    if (!fill (c))
      return NULL;
  }
}

static Client *
client_new (gint port)
{
  Client *c = g_new0 (Client, 1);
  c->sock = tcp_connect (port);
  c->in = g_byte_array_new ();
  return c;
}

static void
client_free (Client * c)
{
  g_socket_close (c->sock, NULL);
  g_object_unref (c->sock);
  g_byte_array_unref (c->in);
  g_free (c);
}

/* The RFC 6455 §1.3 example key and its accept value. */
#define WS_KEY "dGhlIHNhbXBsZSBub25jZQ=="
#define WS_ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

/* A WebSocket client on /ws/sensing; NULL with *status set when the server
 * answered something else than 101. */
static Client *
ws_open (gint port, guint * status)
{
  Client *c = client_new (port);
  gchar *req = g_strdup_printf ("GET /ws/sensing HTTP/1.1\r\n"
      "Host: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: " WS_KEY "\r\nSec-WebSocket-Version: 13\r\n\r\n",
      port);
  gchar *head;

  send_all (c->sock, req, strlen (req));
  g_free (req);
  head = read_head (c);
  fail_unless (head != NULL);
  *status = (guint) g_ascii_strtoull (head + 9, NULL, 10);
  if (*status != 101) {
    g_free (head);
    client_free (c);
    return NULL;
  }
  fail_unless (strstr (head, "Sec-WebSocket-Accept: " WS_ACCEPT "\r\n")
      != NULL, "%s", head);
  g_free (head);
  return c;
}

static Client *
ws_connect (gint port)
{
  guint status = 0;
  Client *c = ws_open (port, &status);
  fail_unless (c != NULL, "handshake answered %u", status);
  return c;
}

/* A masked client frame (RFC 6455 §5.2); len_claim overrides the length
 * field (to claim more than is sent). */
static void
ws_send (Client * c, guint8 opcode, const void *payload, guint64 len,
    guint64 len_claim)
{
  const guint8 mask[4] = { 0x12, 0x34, 0x56, 0x78 };
  guint8 hdr[14];
  gsize h = 0, i;
  guint8 *body = g_malloc (len ? len : 1);

  hdr[h++] = 0x80 | opcode;
  if (len_claim < 126) {
    hdr[h++] = 0x80 | (guint8) len_claim;
  } else if (len_claim < 65536) {
    hdr[h++] = 0x80 | 126;
    hdr[h++] = (guint8) (len_claim >> 8);
    hdr[h++] = (guint8) len_claim;
  } else {
    hdr[h++] = 0x80 | 127;
    for (i = 0; i < 8; i++)
      hdr[h++] = (guint8) (len_claim >> (56 - 8 * i));
  }
  memcpy (hdr + h, mask, 4);
  h += 4;
  for (i = 0; i < len; i++)
    body[i] = ((const guint8 *) payload)[i] ^ mask[i % 4];
  send_all (c->sock, hdr, h);
  if (len)
    send_all (c->sock, body, len);
  g_free (body);
}

/* The next data or close frame (pings are answered); returns the opcode,
 * or −1 at end of stream.  *payload is NUL-terminated. */
static gint
ws_recv (Client * c, gchar ** payload, gsize * len)
{
  for (;;) {
    guint8 b0, b1;
    guint64 n;
    gsize h = 2, i;

    if (!need (c, 2))
      return -1;
    b0 = c->in->data[0];
    b1 = c->in->data[1];
    fail_if (b1 & 0x80, "server frames are never masked");
    fail_unless (b0 & 0x80, "no fragmentation expected");
    n = b1 & 0x7f;
    if (n == 126) {
      if (!need (c, 4))
        return -1;
      n = ((guint64) c->in->data[2] << 8) | c->in->data[3];
      h = 4;
    } else if (n == 127) {
      if (!need (c, 10))
        return -1;
      n = 0;
      for (i = 0; i < 8; i++)
        n = (n << 8) | c->in->data[2 + i];
      h = 10;
    }
    if (!need (c, h + n))
      return -1;
    *payload = g_strndup ((const gchar *) c->in->data + h, n);
    *len = n;
    g_byte_array_remove_range (c->in, 0, h + n);
    if ((b0 & 0x0f) == 0x9) {
      ws_send (c, 0xA, *payload, n, n);
      g_free (*payload);
      continue;
    }
    return b0 & 0x0f;
  }
}

static gchar *
ws_text (Client * c)
{
  gchar *p = NULL;
  gsize n;
  gint op = ws_recv (c, &p, &n);
  fail_unless_equals_int (op, 0x1);
  return p;
}

/* One HTTP/1.1 request with its own connection; the body in *body. */
static guint
http_req (gint port, const gchar * method, const gchar * path,
    const gchar * host, gchar ** head_out, gchar ** body)
{
  Client *c = client_new (port);
  gchar *req = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\n"
      "Connection: close\r\n\r\n", method, path, host);
  gchar *head;
  guint status;

  send_all (c->sock, req, strlen (req));
  g_free (req);
  head = read_head (c);
  fail_unless (head != NULL);
  status = (guint) g_ascii_strtoull (head + 9, NULL, 10);
  while (fill (c));
  if (body)
    *body = g_strndup ((const gchar *) c->in->data, c->in->len);
  if (head_out)
    *head_out = head;
  else
    g_free (head);
  client_free (c);
  return status;
}

static guint
http_get (gint port, const gchar * path, gchar ** body)
{
  gchar *host = g_strdup_printf ("127.0.0.1:%d", port);
  guint s = http_req (port, "GET", path, host, NULL, body);
  g_free (host);
  return s;
}

/* ------------------------------------------------------------ pipeline */

typedef struct
{
  GstElement *pipe, *src, *sink;
  gint port;
} Server;

static Server *
server_new (const gchar * props)
{
  Server *s = g_new0 (Server, 1);
  gchar *desc = g_strdup_printf ("appsrc name=src format=time "
      "caps=application/x-json ! rvwssink name=sink port=0 sync=false %s",
      props ? props : "");

  s->pipe = gst_parse_launch (desc, NULL);
  g_free (desc);
  fail_unless (s->pipe != NULL);
  s->src = gst_bin_get_by_name (GST_BIN (s->pipe), "src");
  s->sink = gst_bin_get_by_name (GST_BIN (s->pipe), "sink");
  fail_unless (gst_element_set_state (s->pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  g_object_get (s->sink, "bound-port", &s->port, NULL);
  fail_unless (s->port > 0);
  return s;
}

static void
server_free (Server * s)
{
  gst_element_set_state (s->pipe, GST_STATE_NULL);
  gst_object_unref (s->src);
  gst_object_unref (s->sink);
  gst_object_unref (s->pipe);
  g_free (s);
}

static void
push_doc (Server * s, const gchar * text)
{
  GstBuffer *b = gst_buffer_new_memdup (text, strlen (text));
  fail_unless_equals_int (gst_app_src_push_buffer (GST_APP_SRC (s->src), b),
      GST_FLOW_OK);
}

static gchar *
doc_n (guint n, gsize pad)
{
  gchar *filler = g_strnfill (pad, 'x');
  gchar *d = g_strdup_printf ("{\"type\":\"sensing_update\",\"source\":"
      "\"simulated\",\"tick\":%u,\"trust\":{\"last_witness\":\"%064u\","
      "\"effective_class\":\"Anonymous\",\"demoted\":false,"
      "\"recalibration_recommended\":false,\"engine_error_count\":2,"
      "\"raw_outputs_suppressed\":false},\"pad\":\"%s\"}\n", n, n, filler);
  g_free (filler);
  return d;
}

static guint64
stat_u64 (Server * s, const gchar * name)
{
  GstStructure *st;
  guint64 v = 0;
  guint u;

  g_object_get (s->sink, "stats", &st, NULL);
  if (!gst_structure_get_uint64 (st, name, &v) &&
      gst_structure_get_uint (st, name, &u))
    v = u;
  gst_structure_free (st);
  return v;
}

/* Waits (bounded, never asserting a duration) until a stat reaches v. */
static void
wait_stat (Server * s, const gchar * name, guint64 v)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
  while (stat_u64 (s, name) < v) {
    fail_unless (g_get_monotonic_time () < end, "%s stays below %"
        G_GUINT64_FORMAT, name, v);
    g_usleep (2000);
  }
}

static guint
count_dir (const gchar * path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  guint n = 0;
  if (!d)
    return 0;
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}

/* ------------------------------------------------------------ tests */

GST_START_TEST (test_http_endpoints)
{
  gchar *dir = g_dir_make_tmp ("rvwssink-XXXXXX", NULL), *file, *props;
  Server *s;
  gchar *body, *head, *doc = doc_n (5, 0);
  guint i, misses = 0;

  file = g_build_filename (dir, "index.html", NULL);
  fail_unless (g_file_set_contents (file, "<p>RuView UI</p>", -1, NULL));
  props = g_strdup_printf ("document-root=%s allowed-hosts=\"room.lan, "
      "other.lan\"", dir);
  s = server_new (props);

  /* before any document */
  fail_unless_equals_int (http_get (s->port, "/api/v1/sensing/latest", NULL),
      404);
  fail_unless_equals_int (http_get (s->port, "/health", &body), 200);
  fail_unless_equals_string (body, "{\"status\":\"ok\",\"source\":null,"
      "\"tick\":null,\"clients\":0}");
  g_free (body);

  push_doc (s, doc);
  wait_stat (s, "requests", 2);
  /* the document reached the server thread when latest answers it */
  for (i = 0; i < 1000; i++) {
    if (http_get (s->port, "/api/v1/sensing/latest", &body) == 200)
      break;
    misses++;                   /* each one a 404, counted as refused */
    g_free (body);
    g_usleep (1000);
  }
  doc[strlen (doc) - 1] = '\0';         /* served without the newline */
  fail_unless_equals_string (body, doc);
  g_free (body);

  fail_unless_equals_int (http_req (s->port, "GET", "/health",
          "127.0.0.1", &head, &body), 200);
  fail_unless (strstr (head, "Cache-Control: no-store\r\n") != NULL);
  fail_unless (strstr (head, "Content-Type: application/json\r\n") != NULL);
  fail_unless_equals_string (body, "{\"status\":\"ok\",\"source\":"
      "\"simulated\",\"tick\":5,\"clients\":0}");
  g_free (head);
  g_free (body);
  fail_unless_equals_int (http_get (s->port, "/health/live", &body), 200);
  fail_unless (g_str_has_prefix (body, "{\"status\":\"alive\",\"uptime\":"));
  g_free (body);
  fail_unless_equals_int (http_get (s->port, "/health/ready", &body), 200);
  fail_unless_equals_string (body, "{\"status\":\"ready\",\"source\":"
      "\"simulated\"}");
  g_free (body);
  fail_unless_equals_int (http_get (s->port, "/api/v1/status", &body), 200);
  fail_unless_equals_string (body, "{\"status\":\"ready\",\"source\":"
      "\"simulated\",\"trust\":{\"last_witness\":"
      "\"0000000000000000000000000000000000000000000000000000000000000005\","
      "\"effective_class\":\"Anonymous\",\"demoted\":false,"
      "\"recalibration_recommended\":false,\"engine_error_count\":2,"
      "\"raw_outputs_suppressed\":false}}");
  g_free (body);

  /* the live view, compiled in */
  fail_unless_equals_int (http_req (s->port, "GET", "/", "localhost", &head,
          &body), 200);
  fail_unless (strstr (head, "Content-Type: text/html; charset=utf-8\r\n"));
  fail_unless (strstr (head, "Cache-Control: no-store\r\n"));
  fail_unless (strstr (body, "data-testid=\"occupancy\"") != NULL);
  fail_unless (strstr (body, "http://") == NULL, "the view loads nothing");
  fail_unless (strstr (body, "https://") == NULL, "the view loads nothing");
  g_free (head);
  g_free (body);

  /* the document root under /ui/ */
  fail_unless_equals_int (http_get (s->port, "/ui/", &body), 200);
  fail_unless_equals_string (body, "<p>RuView UI</p>");
  g_free (body);
  fail_unless_equals_int (http_get (s->port, "/ui/index.html", NULL), 200);
  /* (libsoup removes dot segments: this one asks for /etc/passwd) */
  fail_unless_equals_int (http_get (s->port, "/ui/../../etc/passwd", NULL),
      404);
  fail_unless_equals_int (http_get (s->port, "/ui/%2e%2e/x", NULL), 404);
  fail_unless_equals_int (http_get (s->port, "/ui/missing.js", NULL), 404);

  /* refusals */
  fail_unless_equals_int (http_req (s->port, "GET", "/nope", "127.0.0.1",
          &head, &body), 404);
  fail_unless (strstr (head, "Cache-Control: no-store\r\n"));
  fail_unless_equals_string (body, "{\"error\":\"not found\",\"status\":404}");
  g_free (head);
  g_free (body);
  fail_unless_equals_int (http_req (s->port, "POST", "/health", "127.0.0.1",
          NULL, NULL), 405);
  fail_unless_equals_int (http_req (s->port, "GET", "/health",
          "evil.example", NULL, &body), 403);
  fail_unless_equals_string (body, "{\"error\":\"host not allowed\","
      "\"status\":403}");
  g_free (body);
  fail_unless_equals_int (http_req (s->port, "GET", "/health", "Room.LAN:80",
          NULL, NULL), 200);
  fail_unless_equals_int (http_req (s->port, "GET", "/health", "other.lan",
          NULL, NULL), 200);
  /* 404 before any document, the latest-document misses, 3 × 404 under
   * /ui/, 404, 405, 403 */
  fail_unless_equals_uint64 (stat_u64 (s, "requests-refused"), 7 + misses);

  server_free (s);
  g_unlink (file);
  g_rmdir (dir);
  g_free (file);
  g_free (dir);
  g_free (props);
  g_free (doc);
}
GST_END_TEST;

GST_START_TEST (test_identical_documents_and_latest)
{
  Server *s = server_new (NULL);
  Client *a = ws_connect (s->port), *b;
  guint i;

  wait_stat (s, "clients", 1);
  for (i = 0; i < 5; i++) {
    gchar *d = doc_n (i, 100), *got = NULL;
    push_doc (s, d);
    got = ws_text (a);
    d[strlen (d) - 1] = '\0';
    fail_unless_equals_string (got, d);
    g_free (got);
    g_free (d);
  }
  /* mid-stream: the latest document at once */
  b = ws_connect (s->port);
  {
    gchar *d = doc_n (4, 100), *got = ws_text (b);
    d[strlen (d) - 1] = '\0';
    fail_unless_equals_string (got, d);
    g_free (got);
    g_free (d);
  }
  wait_stat (s, "clients", 2);
  /* then both get the same documents */
  for (i = 5; i < 50; i++) {
    gchar *d = doc_n (i, 3000);
    push_doc (s, d);
    g_free (d);
  }
  for (i = 5; i < 50; i++) {
    gchar *x = ws_text (a), *y = ws_text (b), *d = doc_n (i, 3000);
    d[strlen (d) - 1] = '\0';
    fail_unless_equals_string (x, d);
    fail_unless_equals_string (y, d);
    g_free (x);
    g_free (y);
    g_free (d);
  }
  /* a client's text messages are ignored */
  ws_send (a, 0x1, "hello", 5, 5);
  push_doc (s, "{\"tick\":99}");
  {
    gchar *x = ws_text (a);
    fail_unless_equals_string (x, "{\"tick\":99}");
    g_free (x);
  }
  fail_unless_equals_uint64 (stat_u64 (s, "messages-dropped"), 0);
  client_free (a);
  client_free (b);
  wait_stat (s, "clients-total", 2);
  server_free (s);
}
GST_END_TEST;

/* A client that never reads, beside one that reads everything: the reader
 * gets every message, the other skips (counted) and is disconnected once
 * stalled; the pipeline never waits. */
GST_START_TEST (test_slow_client)
{
  Server *s = server_new ("client-queue=4 stall-timeout=500");
  Client *slow = ws_connect (s->port), *fast;
  const guint n = 300;
  guint i;
  gint zero = 1024;

  /* a small receive buffer fills fast */
  setsockopt (g_socket_get_fd (slow->sock), SOL_SOCKET, SO_RCVBUF, &zero,
      sizeof (zero));
  fast = ws_connect (s->port);
  wait_stat (s, "clients", 2);
  for (i = 0; i < n; i++) {
    gchar *d = doc_n (i, 16000), *got;
    push_doc (s, d);
    got = ws_text (fast);
    d[strlen (d) - 1] = '\0';
    fail_unless_equals_string (got, d);
    g_free (got);
    g_free (d);
  }
  fail_unless (stat_u64 (s, "messages-dropped") > 0);
  wait_stat (s, "clients-stalled", 1);
  fail_unless_equals_uint64 (stat_u64 (s, "clients"), 1);
  /* the reader is still served */
  push_doc (s, "{\"tick\":1}");
  {
    gchar *x = ws_text (fast);
    fail_unless_equals_string (x, "{\"tick\":1}");
    g_free (x);
  }
  client_free (slow);
  client_free (fast);
  server_free (s);
}
GST_END_TEST;

/* Garbage, oversized headers and frames, a frame claiming 2^64 bytes and
 * thousands of connect/disconnect cycles: nothing crashes, stalls or keeps
 * sockets. */
GST_START_TEST (test_bad_clients)
{
  Server *s = server_new (NULL);
  guint fds0, i;
  Client *c;
  gchar *big, *p = NULL;
  gsize n;

  /* what GIO opens once (its network monitor) is not a leak */
  client_free (ws_connect (s->port));
  fail_unless_equals_int (http_get (s->port, "/health", NULL), 200);
  wait_stat (s, "clients-total", 1);
  while (stat_u64 (s, "clients") > 0)
    g_usleep (1000);
  fds0 = count_dir ("/proc/self/fd");

  /* garbage */
  c = client_new (s->port);
  {
    static const char garbage[] = "\x16\x03\x01\x02\x00garbage\r\n\r\n";
    send_all (c->sock, garbage, sizeof garbage - 1);
  }
  while (fill (c));
  client_free (c);
  /* an oversized header */
  c = client_new (s->port);
  big = g_strnfill (256 * 1024, 'a');
  send_all (c->sock, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: ", 36);
  {
    gsize off = 0;
    while (off < 256 * 1024) {
      gssize w = g_socket_send (c->sock, big + off, 256 * 1024 - off, NULL,
          NULL);
      if (w <= 0)
        break;                  /* the server may hang up first */
      off += (gsize) w;
    }
  }
  g_free (big);
  client_free (c);
  /* a frame claiming 2^64 − 1 bytes: closed */
  c = ws_connect (s->port);
  ws_send (c, 0x2, "abc", 3, G_MAXUINT64);
  while (ws_recv (c, &p, &n) == 0x1)
    g_free (p);
  g_free (p);
  client_free (c);
  /* a frame above 4 KiB: closed, with 1009 (too big) when the close frame
   * arrives before the reset that the unread bytes cause */
  c = ws_connect (s->port);
  big = g_strnfill (8192, 'b');
  ws_send (c, 0x1, big, 8192, 8192);
  g_free (big);
  {
    gint op;
    p = NULL;
    while ((op = ws_recv (c, &p, &n)) == 0x1) {
      g_free (p);
      p = NULL;
    }
    fail_unless (op == 0x8 || op == -1, "opcode %d", op);
    if (op == 0x8) {
      fail_unless (n >= 2);
      fail_unless_equals_int (((guint8) p[0] << 8) | (guint8) p[1], 1009);
    }
    g_free (p);
  }
  client_free (c);
  /* a 64 MiB request body is read and dropped, not kept: 405 */
  c = client_new (s->port);
  {
    const gsize total = 64 * 1024 * 1024, chunk = 1 << 20;
    gchar *hdr = g_strdup_printf ("POST /health HTTP/1.1\r\nHost: "
        "127.0.0.1\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
        "Connection: close\r\n\r\n", total);
    gsize off;
    gint64 held0 = memory_held (), held1;
    gchar *head;
    big = g_malloc0 (chunk);
    send_all (c->sock, hdr, strlen (hdr));
    for (off = 0; off < total; off += chunk)
      send_all (c->sock, big, chunk);
    g_free (big);
    g_free (hdr);
    head = read_head (c);
    fail_unless (head != NULL && g_str_has_prefix (head, "HTTP/1.1 405"));
    g_free (head);
    held1 = memory_held ();
    /* far less than the body: it was not kept */
    fail_unless (held1 - held0 < 16 * 1024 * 1024,
        "memory grew by %" G_GINT64_FORMAT " bytes", held1 - held0);
  }
  client_free (c);
  /* connect/disconnect cycles, half of them WebSockets */
  for (i = 0; i < 2000; i++) {
    if (i & 1) {
      c = ws_connect (s->port);
      client_free (c);
    } else {
      GSocket *k = tcp_connect (s->port);
      g_socket_close (k, NULL);
      g_object_unref (k);
    }
  }
  wait_stat (s, "clients-total", 1001);
  {
    gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
    while (stat_u64 (s, "clients") > 0 || count_dir ("/proc/self/fd") > fds0) {
      fail_unless (g_get_monotonic_time () < end, "%" G_GUINT64_FORMAT
          " clients, %u fds (%u before)", stat_u64 (s, "clients"),
          count_dir ("/proc/self/fd"), fds0);
      g_usleep (5000);
    }
  }
  /* still serving */
  fail_unless_equals_int (http_get (s->port, "/health", NULL), 200);
  server_free (s);
}
GST_END_TEST;

GST_START_TEST (test_max_clients)
{
  Server *s = server_new ("max-clients=2");
  Client *a = ws_connect (s->port), *b = ws_connect (s->port), *c;
  guint status = 0;

  c = ws_open (s->port, &status);
  fail_unless (c == NULL);
  fail_unless_equals_int (status, 503);
  client_free (a);
  wait_stat (s, "clients-total", 2);
  {
    gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
    while (stat_u64 (s, "clients") > 1) {
      fail_unless (g_get_monotonic_time () < end);
      g_usleep (1000);
    }
  }
  c = ws_connect (s->port);     /* a slot is free again */
  client_free (b);
  client_free (c);
  server_free (s);
}
GST_END_TEST;

GST_START_TEST (test_eos_going_away)
{
  Server *s = server_new (NULL);
  Client *c = ws_connect (s->port);
  gchar *p = NULL, *x;
  gsize n;

  wait_stat (s, "clients", 1);
  push_doc (s, "{\"tick\":1}");
  x = ws_text (c);
  g_free (x);
  gst_app_src_end_of_stream (GST_APP_SRC (s->src));
  fail_unless_equals_int (ws_recv (c, &p, &n), 0x8);
  fail_unless (n >= 2);
  fail_unless_equals_int (((guint8) p[0] << 8) | (guint8) p[1], 1001);
  g_free (p);
  client_free (c);
  server_free (s);
}
GST_END_TEST;

/* PAUSED → PLAYING → NULL and back, with clients: no thread or socket is
 * left behind. */
GST_START_TEST (test_state_cycles_no_leaks)
{
  GstElement *sink = gst_element_factory_make ("rvwssink", NULL);
  guint fds0, threads0, i;

  g_object_set (sink, "port", 0, "async", FALSE, NULL);
  /* warm up once (the first start and client initialise libsoup and GIO) */
  fail_unless (gst_element_set_state (sink, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  {
    gint port = 0;
    Client *c;
    g_object_get (sink, "bound-port", &port, NULL);
    c = ws_connect (port);
    gst_element_set_state (sink, GST_STATE_NULL);
    client_free (c);
  }
  fds0 = count_dir ("/proc/self/fd");
  threads0 = count_dir ("/proc/self/task");
  for (i = 0; i < 10; i++) {
    gint port = 0;
    Client *c;
    fail_unless (gst_element_set_state (sink, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_set_state (sink, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    g_object_get (sink, "bound-port", &port, NULL);
    fail_unless (port > 0);
    c = ws_connect (port);
    fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    /* stopping closes the client: going away */
    {
      gchar *p = NULL;
      gsize n;
      gint op = ws_recv (c, &p, &n);
      fail_unless (op == 0x8 || op == -1);
      g_free (p);
    }
    client_free (c);
    g_object_get (sink, "bound-port", &port, NULL);
    fail_unless_equals_int (port, 0);
  }
  fail_unless_equals_int (count_dir ("/proc/self/fd"), fds0);
  fail_unless_equals_int (count_dir ("/proc/self/task"), threads0);
  gst_object_unref (sink);
}
GST_END_TEST;

/* A port in use and a missing document root: an element error at start. */
GST_START_TEST (test_start_errors)
{
  Server *s = server_new (NULL);
  GstElement *sink = gst_element_factory_make ("rvwssink", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *m;
  GError *err = NULL;

  gst_element_set_bus (sink, bus);
  g_object_set (sink, "port", s->port, NULL);
  fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_OPEN_READ_WRITE));
  fail_unless (strstr (err->message, "port") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (m);
  gst_element_set_state (sink, GST_STATE_NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_set_flushing (bus, FALSE);

  g_object_set (sink, "port", 0, "document-root", "/nonexistent/ui", NULL);
  fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_FOUND));
  g_clear_error (&err);
  gst_message_unref (m);
  gst_element_set_state (sink, GST_STATE_NULL);
  gst_element_set_bus (sink, NULL);
  gst_object_unref (bus);
  gst_object_unref (sink);
  server_free (s);
}
GST_END_TEST;

/* The live synthetic room through the whole chain: consecutive cycles, one
 * message each, to two clients alike. */
GST_START_TEST (test_live_20hz)
{
  GstElement *p = gst_parse_launch ("csisrc is-live=true ! rvphasealign ! "
      "rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! "
      "rvmetaconvert format=sensing-update ! rvwssink name=sink port=0",
      NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  Client *a, *b;
  gint port = 0;
  guint i;
  guint64 first_tick = 0, tick;

  fail_unless (gst_element_set_state (p, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  g_object_get (sink, "bound-port", &port, NULL);
  a = ws_connect (port);
  b = ws_connect (port);
  for (i = 0; i < 20; i++) {
    gchar *x = ws_text (a), *y = ws_text (b), *t;
    if (i == 0) {
      /* b connected later and may start a few documents later: a catches
       * up with b's first */
      guint skipped = 0;
      while (strcmp (x, y) != 0) {
        fail_unless (++skipped < 100, "the clients never agree");
        g_free (x);
        x = ws_text (a);
      }
    }
    fail_unless (g_str_has_prefix (x, "{\"type\":\"sensing_update\","));
    fail_unless (strcmp (x, y) == 0, "the two clients differ");
    t = strstr (x, "\"tick\":");
    fail_unless (t != NULL);
    tick = g_ascii_strtoull (t + 7, NULL, 10);
    if (i == 0)
      first_tick = tick;
    else
      fail_unless_equals_uint64 (tick, first_tick + i);
    g_free (x);
    g_free (y);
  }
  client_free (a);
  client_free (b);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
}
GST_END_TEST;

static Suite *
rvwssink_suite (void)
{
  Suite *s = suite_create ("rvwssink");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_http_endpoints);
  tcase_add_test (tc, test_identical_documents_and_latest);
  tcase_add_test (tc, test_slow_client);
  tcase_add_test (tc, test_bad_clients);
  tcase_add_test (tc, test_max_clients);
  tcase_add_test (tc, test_eos_going_away);
  tcase_add_test (tc, test_state_cycles_no_leaks);
  tcase_add_test (tc, test_start_errors);
  tcase_add_test (tc, test_live_20hz);
  return s;
}

GST_CHECK_MAIN (rvwssink);
