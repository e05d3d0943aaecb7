/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvwssink
 * @title: rvwssink
 *
 * Serves the JSON documents it receives (one per buffer, normally the
 * `sensing_update` documents of `rvmetaconvert format=sensing-update`) to
 * browsers and other clients, on one HTTP port:
 *
 * * `GET /ws/sensing`: a WebSocket; every buffer's text is one text message
 *   to every client (a trailing newline is left out), a client that
 *   connects mid-stream receives the latest document at once, the server
 *   pings every 30 s and ignores what clients send (frames above 4 KiB
 *   close the connection).
 * * `GET /health` `{"status":"ok","source","tick","clients"}`,
 *   `GET /health/live` `{"status":"alive","uptime"}` (seconds),
 *   `GET /health/ready` `{"status":"ready","source"}`,
 *   `GET /api/v1/status` `{"status":"ready","source","trust":{…}}` (the
 *   latest document's witness: `last_witness`, `effective_class`, `demoted`,
 *   `recalibration_recommended`, `engine_error_count`,
 *   `raw_outputs_suppressed`), `GET /api/v1/sensing/latest` (the latest
 *   document).
 * * `GET /`: a live view of the room, built into the plugin (no network
 *   needed): occupancy map, persons, node status, cycle, coherence, gate
 *   decision and witness.
 * * `GET /ui/…`: files of #GstRvWsSink:document-root, so that RuView's own
 *   web UI can be served unchanged.
 *
 * Every response carries `Cache-Control: no-store`; unknown paths get 404
 * with a JSON body, other methods than GET/HEAD 405.
 *
 * The server runs on its own thread and GMainContext; rendering a buffer
 * only queues it for that thread and never waits on the network. Each
 * client has a queue of #GstRvWsSink:client-queue messages: a slow client
 * skips its oldest messages (counted in `stats`), and a client that has not
 * taken a message for #GstRvWsSink:stall-timeout ms is disconnected. At
 * most #GstRvWsSink:max-clients WebSocket clients are served, more are
 * refused with 503.
 *
 * Security: the server binds #GstRvWsSink:address, loopback by default;
 * binding a LAN address is the user's choice. Requests whose Host header
 * names a host other than an IP address, `localhost` or a name of
 * #GstRvWsSink:allowed-hosts are refused with 403 (DNS rebinding).
 *
 * End of stream closes every WebSocket with code 1001 (going away).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc is-live=true num-buffers=800 ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! rvmetaconvert format=sensing-update ! rvwssink port=0
 * ]| Two seconds of the live synthetic room, served on a free port (the
 * `bound-port` property, or `GST_DEBUG=rvwssink:4`, tells which). Without
 * `port=0` and `num-buffers` it runs until stopped at http://127.0.0.1:8765/.
 * |[
 * gst-launch-1.0 csisrc location=room.rvcsi ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! rvmetaconvert format=sensing-update ! rvwssink port=0 document-root=.
 * ]| A recording replayed in real time (the sink waits on the clock), with
 * the current directory's files under /ui/ (RuView's web UI, say).
 */

/* Threads and locks.  The streaming thread (render, events) and the
 * application (properties) touch only the object lock's fields and
 * self->lock's hand-over fields.  The server thread owns every libsoup
 * object and the client list, and runs in self->context; work reaches it
 * through sources attached to that context.  Lock order: object lock →
 * self->lock.  Nothing is posted with a lock held. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "gstrvsoupelements.h"
#include "gstrvwssink.h"
#include "rvwsoutput.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvcaps.h"
#include "ruview/http_route.h"
#include "ruview/json.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_ws_sink_debug);
#define GST_CAT_DEFAULT gst_rv_ws_sink_debug

#define DEFAULT_ADDRESS        "127.0.0.1"
#define DEFAULT_PORT           8765
#define DEFAULT_MAX_CLIENTS    64
#define DEFAULT_CLIENT_QUEUE   256
#define DEFAULT_STALL_TIMEOUT  10000
#define DEFAULT_ALLOWED_HOSTS  NULL
#define DEFAULT_DOCUMENT_ROOT  NULL

#define PING_INTERVAL_S        30
#define MAX_CLIENT_FRAME       4096
#define MAX_UI_FILE            (64 * 1024 * 1024)
#define VIEW_RESOURCE          "/org/gst-ruview/rvwssink/index.html"

enum
{
  PROP_0,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_BOUND_PORT,
  PROP_MAX_CLIENTS,
  PROP_CLIENT_QUEUE,
  PROP_STALL_TIMEOUT,
  PROP_ALLOWED_HOSTS,
  PROP_DOCUMENT_ROOT,
  PROP_STATS
};

typedef struct _Client Client;

struct _GstRvWsSink
{
  GstBaseSink parent;

  /* properties (object lock), latched in start() */
  gchar *address;
  gint port;
  guint max_clients, client_queue, stall_timeout;
  gchar *allowed_hosts;
  gchar *document_root;

  /* statistics (object lock) */
  gint bound_port;
  guint n_clients;
  guint64 st_sent, st_dropped, st_requests, st_refused, st_stalled,
      st_clients_total, st_invalid;

  /* < private > hand-over from the streaming thread (self->lock) */
  GMutex lock;
  GCond cond;
  GQueue pending;               /* GBytes for the server thread, ≤ queue */
  GBytes *latest;               /* the latest document */
  gboolean flush_scheduled;
  gboolean eos;
  gboolean started;             /* the server thread has set up (or failed) */
  GError *start_error;

  /* server thread */
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;           /* server thread only */
  GList *clients;               /* server thread only */
  gchar **hosts;                /* latched allowed-hosts */
  gchar *root;                  /* latched document-root */
  guint run_max_clients, run_client_queue, run_stall_timeout;
  gint64 start_time;
};

struct _Client
{
  GstRvWsSink *sink;
  SoupWebsocketConnection *conn;
  GstRvWsOutput *out;
  GQueue queue;                 /* GBytes waiting for this client */
  GBytes *last;                 /* the last document queued (not twice) */
  gboolean in_flight;           /* a message handed to libsoup, not out yet */
  gboolean pumping;
  gint64 flight_since;          /* monotonic µs of the hand-over */
  GSource *pump_source;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_JSON_MEDIA_TYPE));

#define gst_rv_ws_sink_parent_class parent_class
G_DEFINE_TYPE (GstRvWsSink, gst_rv_ws_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvwssink, "rvwssink",
    GST_RANK_NONE, GST_TYPE_RV_WS_SINK,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_ws_sink_debug, "rvwssink", 0,
        "RuView WebSocket and HTTP server sink"));

static void gst_rv_ws_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_ws_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_ws_sink_finalize (GObject * object);
static gboolean gst_rv_ws_sink_start (GstBaseSink * bsink);
static gboolean gst_rv_ws_sink_stop (GstBaseSink * bsink);
static GstFlowReturn gst_rv_ws_sink_render (GstBaseSink * bsink,
    GstBuffer * buf);
static gboolean gst_rv_ws_sink_event (GstBaseSink * bsink, GstEvent * event);

static void
gst_rv_ws_sink_class_init (GstRvWsSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->set_property = gst_rv_ws_sink_set_property;
  gobject_class->get_property = gst_rv_ws_sink_get_property;
  gobject_class->finalize = gst_rv_ws_sink_finalize;

  /**
   * GstRvWsSink:address:
   *
   * The address the server binds. The default serves this machine only;
   * `0.0.0.0` (or a LAN address) exposes it to the network.
   */
  g_object_class_install_property (gobject_class, PROP_ADDRESS,
      g_param_spec_string ("address", "Address",
          "IP address to bind (default 127.0.0.1: this machine only; "
          "0.0.0.0 = every interface)", DEFAULT_ADDRESS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:port:
   *
   * The TCP port the server listens on; 0 picks a free one (read it from
   * `bound-port`).
   */
  g_object_class_install_property (gobject_class, PROP_PORT,
      g_param_spec_int ("port", "Port",
          "TCP port to listen on (default 8765; 0 = any free port, see "
          "bound-port)",
          0, 65535, DEFAULT_PORT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:bound-port:
   *
   * The TCP port the server listens on while started (0 when stopped).
   */
  g_object_class_install_property (gobject_class, PROP_BOUND_PORT,
      g_param_spec_int ("bound-port", "Bound port",
          "The TCP port listened on while started (0 when stopped)",
          0, 65535, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstRvWsSink:max-clients:
   *
   * The most WebSocket clients served at once; more are refused with HTTP 503.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_CLIENTS,
      g_param_spec_uint ("max-clients", "Maximum clients",
          "WebSocket clients served at once (default 64); more are refused "
          "with 503",
          1, 100000, DEFAULT_MAX_CLIENTS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:client-queue:
   *
   * Messages kept for one client that does not read fast enough; when the
   * queue is full the oldest message is skipped (counted in `stats` as
   * `messages-dropped`). Memory per client is bounded by this many
   * documents plus the one being written.
   */
  g_object_class_install_property (gobject_class, PROP_CLIENT_QUEUE,
      g_param_spec_uint ("client-queue", "Client queue",
          "Messages queued per client before its oldest are skipped "
          "(default 256)",
          1, 65536, DEFAULT_CLIENT_QUEUE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:stall-timeout:
   *
   * How long, in milliseconds, a client may take to accept one message
   * before it is disconnected (a stalled client never holds the pipeline
   * back).
   */
  g_object_class_install_property (gobject_class, PROP_STALL_TIMEOUT,
      g_param_spec_uint ("stall-timeout", "Stall timeout",
          "Time in ms a client may take to accept one message before it is "
          "disconnected (default 10000)", 100, G_MAXINT, DEFAULT_STALL_TIMEOUT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:allowed-hosts:
   *
   * Host names (comma-separated, `*` for any) a request's Host header may
   * name besides IP addresses and `localhost`. A browser page of another
   * site whose name was made to resolve to this machine (DNS rebinding)
   * still sends its own name, and is refused with 403.
   */
  g_object_class_install_property (gobject_class, PROP_ALLOWED_HOSTS,
      g_param_spec_string ("allowed-hosts", "Allowed hosts",
          "Comma-separated host names accepted in the Host header besides IP "
          "addresses and localhost (* = any; default none)",
          DEFAULT_ALLOWED_HOSTS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:document-root:
   *
   * A directory whose files are served under /ui/ (none by default).
   */
  g_object_class_install_property (gobject_class, PROP_DOCUMENT_ROOT,
      g_param_spec_string ("document-root", "Document root",
          "Directory whose files are served under /ui/ (default none)",
          DEFAULT_DOCUMENT_ROOT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvWsSink:stats:
   *
   * `clients` (connected WebSocket clients), `clients-total` (accepted
   * since start), `messages-sent` and `messages-dropped` (summed over
   * clients), `requests` (HTTP requests), `requests-refused` (403, 404,
   * 405, 503, failed handshakes), `clients-stalled` (disconnected by
   * stall-timeout), `invalid-buffers` (not UTF-8 text, not served).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: clients, clients-total, messages-sent, messages-dropped, "
          "requests, requests-refused, clients-stalled, invalid-buffers",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView WebSocket server", "Sink/Network",
      "Serves each JSON document to WebSocket clients at /ws/sensing, with "
      "a status API and a live web view", "gst-ruview contributors");

  bsink_class->start = GST_DEBUG_FUNCPTR (gst_rv_ws_sink_start);
  bsink_class->stop = GST_DEBUG_FUNCPTR (gst_rv_ws_sink_stop);
  bsink_class->render = GST_DEBUG_FUNCPTR (gst_rv_ws_sink_render);
  bsink_class->event = GST_DEBUG_FUNCPTR (gst_rv_ws_sink_event);
}

static void
gst_rv_ws_sink_init (GstRvWsSink * self)
{
  self->address = g_strdup (DEFAULT_ADDRESS);
  self->port = DEFAULT_PORT;
  self->max_clients = DEFAULT_MAX_CLIENTS;
  self->client_queue = DEFAULT_CLIENT_QUEUE;
  self->stall_timeout = DEFAULT_STALL_TIMEOUT;
  self->allowed_hosts = g_strdup (DEFAULT_ALLOWED_HOSTS);
  self->document_root = g_strdup (DEFAULT_DOCUMENT_ROOT);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->pending);
}

static void
gst_rv_ws_sink_finalize (GObject * object)
{
  GstRvWsSink *self = GST_RV_WS_SINK (object);

  g_free (self->address);
  g_free (self->allowed_hosts);
  g_free (self->document_root);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* ------------------------------------------------------------ clients */

static void client_pump (Client * c);

static void
client_free (Client * c)
{
  if (c->pump_source) {
    g_source_destroy (c->pump_source);
    g_source_unref (c->pump_source);
  }
  gst_rv_ws_output_set_drained (c->out, NULL, NULL);
  g_signal_handlers_disconnect_by_data (c->conn, c);
  g_queue_clear_full (&c->queue, (GDestroyNotify) g_bytes_unref);
  if (c->last)
    g_bytes_unref (c->last);
  g_object_unref (c->conn);
  g_object_unref (c->out);
  g_free (c);
}

/* Removes a client; with force, also drops its TCP connection at once
 * (a stalled client would never read a close frame). */
static void
client_remove (Client * c, gboolean force)
{
  GstRvWsSink *self = c->sink;

  self->clients = g_list_remove (self->clients, c);
  GST_OBJECT_LOCK (self);
  self->n_clients--;
  GST_OBJECT_UNLOCK (self);
  if (force)
    g_io_stream_close (soup_websocket_connection_get_io_stream (c->conn),
        NULL, NULL);
  client_free (c);
}

static gboolean
client_pump_idle (gpointer data)
{
  Client *c = data;

  g_source_unref (c->pump_source);
  c->pump_source = NULL;
  client_pump (c);
  return G_SOURCE_REMOVE;
}

/* libsoup wrote a frame whole: our message (if any) is out.  Called from
 * inside libsoup's write, so the next message is handed over later. */
static void
client_drained (gpointer data)
{
  Client *c = data;

  if (!c->in_flight)
    return;
  c->in_flight = FALSE;
  GST_OBJECT_LOCK (c->sink);
  c->sink->st_sent++;
  GST_OBJECT_UNLOCK (c->sink);
  if (!c->pumping && !c->pump_source && !g_queue_is_empty (&c->queue)) {
    c->pump_source = g_idle_source_new ();
    g_source_set_callback (c->pump_source, client_pump_idle, c, NULL);
    g_source_attach (c->pump_source, c->sink->context);
  }
}

/* Hands queued messages to libsoup, one at a time. */
static void
client_pump (Client * c)
{
  c->pumping = TRUE;
  while (!c->in_flight && !g_queue_is_empty (&c->queue)) {
    GBytes *doc = g_queue_pop_head (&c->queue);
    if (soup_websocket_connection_get_state (c->conn) ==
        SOUP_WEBSOCKET_STATE_OPEN) {
      c->in_flight = TRUE;
      c->flight_since = g_get_monotonic_time ();
      soup_websocket_connection_send_message (c->conn,
          SOUP_WEBSOCKET_DATA_TEXT, doc);
    }
    g_bytes_unref (doc);
  }
  c->pumping = FALSE;
}

static void
client_push (Client * c, GBytes * doc)
{
  GstRvWsSink *self = c->sink;

  /* a client that connected between render and flush got it already */
  if (doc == c->last)
    return;
  if (c->last)
    g_bytes_unref (c->last);
  c->last = g_bytes_ref (doc);
  if (g_queue_get_length (&c->queue) >= self->run_client_queue) {
    g_bytes_unref (g_queue_pop_head (&c->queue));
    GST_OBJECT_LOCK (self);
    self->st_dropped++;
    GST_OBJECT_UNLOCK (self);
  }
  g_queue_push_tail (&c->queue, g_bytes_ref (doc));
  client_pump (c);
}

static gboolean
client_free_idle (gpointer data)
{
  client_free (data);
  return G_SOURCE_REMOVE;
}

/* libsoup's "closed": the client leaves the list now, and is freed once
 * the signal emission is over. */
static void
client_closed (SoupWebsocketConnection * conn, Client * c)
{
  GstRvWsSink *self = c->sink;
  GSource *src;

  GST_DEBUG_OBJECT (self, "client closed (code %u)",
      soup_websocket_connection_get_close_code (conn));
  self->clients = g_list_remove (self->clients, c);
  GST_OBJECT_LOCK (self);
  self->n_clients--;
  GST_OBJECT_UNLOCK (self);
  gst_rv_ws_output_set_drained (c->out, NULL, NULL);
  g_signal_handlers_disconnect_by_data (conn, c);
  src = g_idle_source_new ();
  g_source_set_callback (src, client_free_idle, c, NULL);
  g_source_attach (src, self->context);
  g_source_unref (src);
}

static gboolean
check_stalled (gpointer data)
{
  GstRvWsSink *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 limit = (gint64) self->run_stall_timeout * 1000;
  GList *l = self->clients;

  while (l) {
    Client *c = l->data;
    l = l->next;
    if (c->in_flight && now - c->flight_since > limit) {
      GST_INFO_OBJECT (self, "client stalled for %u ms, disconnecting",
          self->run_stall_timeout);
      GST_OBJECT_LOCK (self);
      self->st_stalled++;
      GST_OBJECT_UNLOCK (self);
      client_remove (c, TRUE);
    }
  }
  return G_SOURCE_CONTINUE;
}

/* Closes every open WebSocket with 1001 (going away): the message being
 * written goes out first, the ones still queued are left. */
static void
close_all (GstRvWsSink * self, const gchar * reason)
{
  GList *clients = g_list_copy (self->clients), *l;

  /* (a copy: a client that libsoup closes at once leaves the list, its
   * struct stays until an idle frees it) */
  for (l = clients; l; l = l->next) {
    Client *c = l->data;
    g_queue_clear_full (&c->queue, (GDestroyNotify) g_bytes_unref);
    if (soup_websocket_connection_get_state (c->conn) ==
        SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (c->conn,
          SOUP_WEBSOCKET_CLOSE_GOING_AWAY, reason);
  }
  g_list_free (clients);
}

/* The server thread's share of render: every pending document to every
 * client. */
static gboolean
flush_pending (gpointer data)
{
  GstRvWsSink *self = data;
  GQueue docs = G_QUEUE_INIT;
  gboolean eos;
  GBytes *doc;
  GList *l;

  g_mutex_lock (&self->lock);
  docs = self->pending;
  g_queue_init (&self->pending);
  self->flush_scheduled = FALSE;
  eos = self->eos;
  g_mutex_unlock (&self->lock);

  while ((doc = g_queue_pop_head (&docs))) {
    /* a copy: a failed write closes its client at once (see close_all) */
    GList *clients = g_list_copy (self->clients);
    for (l = clients; l; l = l->next)
      client_push (l->data, doc);
    g_list_free (clients);
    g_bytes_unref (doc);
  }
  if (eos)
    close_all (self, "end of stream");
  return G_SOURCE_REMOVE;
}

/* Call with self->lock held (streaming thread or server thread). */
static void
schedule_flush_locked (GstRvWsSink * self)
{
  GSource *src;

  if (self->flush_scheduled || !self->context)
    return;
  self->flush_scheduled = TRUE;
  src = g_idle_source_new ();
  g_source_set_priority (src, G_PRIORITY_HIGH);
  g_source_set_callback (src, flush_pending, self, NULL);
  g_source_attach (src, self->context);
  g_source_unref (src);
}

static void
ws_upgraded (SoupServerMessage * msg, gpointer data)
{
  GstRvWsSink *self = data;
  GIOStream *base, *io;
  Client *c;
  GBytes *latest;
  gboolean eos;

  g_object_set_data (G_OBJECT (msg), "rvwssink-upgraded", GINT_TO_POINTER (1));
  base = soup_server_message_steal_connection (msg);
  if (!base) {
    GST_OBJECT_LOCK (self);
    self->n_clients--;
    GST_OBJECT_UNLOCK (self);
    return;
  }
  c = g_new0 (Client, 1);
  c->sink = self;
  g_queue_init (&c->queue);
  c->out = gst_rv_ws_output_new (base);
  io = g_simple_io_stream_new (g_io_stream_get_input_stream (base),
      G_OUTPUT_STREAM (c->out));
  c->conn = soup_websocket_connection_new (io,
      soup_server_message_get_uri (msg), SOUP_WEBSOCKET_CONNECTION_SERVER,
      NULL, NULL, NULL);
  g_object_unref (io);
  g_object_unref (base);
  soup_websocket_connection_set_keepalive_interval (c->conn, PING_INTERVAL_S);
  soup_websocket_connection_set_max_incoming_payload_size (c->conn,
      MAX_CLIENT_FRAME);
  gst_rv_ws_output_set_drained (c->out, client_drained, c);
  g_signal_connect (c->conn, "closed", G_CALLBACK (client_closed), c);
  self->clients = g_list_prepend (self->clients, c);
  GST_OBJECT_LOCK (self);
  self->st_clients_total++;
  GST_OBJECT_UNLOCK (self);
  GST_DEBUG_OBJECT (self, "WebSocket client from %s",
      soup_server_message_get_remote_host (msg));

  g_mutex_lock (&self->lock);
  latest = self->latest ? g_bytes_ref (self->latest) : NULL;
  eos = self->eos;
  g_mutex_unlock (&self->lock);
  if (latest) {
    client_push (c, latest);
    g_bytes_unref (latest);
  }
  if (eos)
    close_all (self, "end of stream");
}

/* A handshake answered but never completed gives its slot back. */
static void
ws_finished (SoupServerMessage * msg, gpointer data)
{
  GstRvWsSink *self = data;

  if (g_object_get_data (G_OBJECT (msg), "rvwssink-upgraded"))
    return;
  GST_OBJECT_LOCK (self);
  self->n_clients--;
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------ HTTP */

static void
respond (GstRvWsSink * self, SoupServerMessage * msg, guint status,
    const gchar * type, GBytes * body)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  if (body) {
    soup_message_headers_set_content_type (h, type, NULL);
    soup_message_body_append_bytes (soup_server_message_get_response_body
        (msg), body);
  }
  if (status >= 400) {
    GST_OBJECT_LOCK (self);
    self->st_refused++;
    GST_OBJECT_UNLOCK (self);
  }
}

static void
respond_json (GstRvWsSink * self, SoupServerMessage * msg, guint status,
    RvJsonWriter * w)
{
  GBytes *b = g_bytes_new (w->buf, w->len);
  respond (self, msg, status, "application/json", b);
  g_bytes_unref (b);
}

static void
respond_error (GstRvWsSink * self, SoupServerMessage * msg, guint status,
    const gchar * error)
{
  RvJsonWriter w;

  rv_json_writer_init (&w);
  rv_json_begin_object (&w);
  rv_json_kv_string (&w, "error", error);
  rv_json_kv_u64 (&w, "status", status);
  rv_json_end_object (&w);
  respond_json (self, msg, status, &w);
  rv_json_writer_clear (&w);
}

/* The latest document parsed (NULL when there is none or it is not JSON). */
static const RvJsonValue *
latest_parsed (GstRvWsSink * self, RvJsonDoc * doc, GBytes ** latest)
{
  gsize len;
  const gchar *text;

  g_mutex_lock (&self->lock);
  *latest = self->latest ? g_bytes_ref (self->latest) : NULL;
  g_mutex_unlock (&self->lock);
  if (!*latest)
    return NULL;
  text = g_bytes_get_data (*latest, &len);
  return rv_json_parse (doc, text, len, NULL, NULL);
}

/* key: the latest document's value of member `name` (JSON text), or null */
static void
copy_member (RvJsonWriter * w, const gchar * key, const RvJsonValue * root,
    const gchar * name)
{
  const RvJsonValue *v = root ? rv_json_get (root, name) : NULL;

  rv_json_key (w, key);
  if (!v)
    rv_json_null (w);
  else if (v->type == RV_JSON_STRING)
    rv_json_string_len (w, v->text, v->len);
  else if (v->type == RV_JSON_NUMBER) {
    gchar *t = g_strndup (v->text, v->len);
    rv_json_raw_value (w, t);
    g_free (t);
  } else if (v->type == RV_JSON_TRUE || v->type == RV_JSON_FALSE)
    rv_json_bool (w, v->type == RV_JSON_TRUE);
  else
    rv_json_null (w);
}

static void
serve_status (GstRvWsSink * self, SoupServerMessage * msg, RvRoute route)
{
  RvJsonDoc *doc = rv_json_doc_new ();
  GBytes *latest = NULL;
  const RvJsonValue *root = latest_parsed (self, doc, &latest), *trust;
  RvJsonWriter w;
  guint clients;

  GST_OBJECT_LOCK (self);
  clients = self->n_clients;
  GST_OBJECT_UNLOCK (self);

  rv_json_writer_init (&w);
  rv_json_begin_object (&w);
  switch (route) {
    case RV_ROUTE_HEALTH:
      rv_json_kv_string (&w, "status", "ok");
      copy_member (&w, "source", root, "source");
      copy_member (&w, "tick", root, "tick");
      rv_json_kv_u64 (&w, "clients", clients);
      break;
    case RV_ROUTE_HEALTH_LIVE:
      rv_json_kv_string (&w, "status", "alive");
      rv_json_kv_u64 (&w, "uptime",
          (guint64) (g_get_monotonic_time () - self->start_time) /
          G_USEC_PER_SEC);
      break;
    case RV_ROUTE_HEALTH_READY:
      rv_json_kv_string (&w, "status", "ready");
      copy_member (&w, "source", root, "source");
      break;
    default:                   /* RV_ROUTE_STATUS */
      rv_json_kv_string (&w, "status", "ready");
      copy_member (&w, "source", root, "source");
      trust = root ? rv_json_get (root, "trust") : NULL;
      rv_json_key (&w, "trust");
      rv_json_begin_object (&w);
      copy_member (&w, "last_witness", trust, "last_witness");
      copy_member (&w, "effective_class", trust, "effective_class");
      copy_member (&w, "demoted", trust, "demoted");
      copy_member (&w, "recalibration_recommended", trust,
          "recalibration_recommended");
      copy_member (&w, "engine_error_count", trust, "engine_error_count");
      copy_member (&w, "raw_outputs_suppressed", trust,
          "raw_outputs_suppressed");
      rv_json_end_object (&w);
      break;
  }
  rv_json_end_object (&w);
  respond_json (self, msg, SOUP_STATUS_OK, &w);
  rv_json_writer_clear (&w);
  rv_json_doc_free (doc);
  if (latest)
    g_bytes_unref (latest);
}

static void
serve_ui (GstRvWsSink * self, SoupServerMessage * msg, const gchar * path)
{
  gchar rel[1024], *file, *contents = NULL;
  gsize len = 0;
  GStatBuf st;
  GBytes *b;

  if (!self->root) {
    respond_error (self, msg, SOUP_STATUS_NOT_FOUND, "no document-root");
    return;
  }
  if (rv_http_ui_relpath (path, rel, sizeof (rel)) < 0) {
    respond_error (self, msg, SOUP_STATUS_NOT_FOUND, "not found");
    return;
  }
  file = g_build_filename (self->root, rel, NULL);
  if (g_stat (file, &st) != 0 || !S_ISREG (st.st_mode)
      || st.st_size > MAX_UI_FILE
      || !g_file_get_contents (file, &contents, &len, NULL)) {
    respond_error (self, msg, SOUP_STATUS_NOT_FOUND, "not found");
    g_free (file);
    return;
  }
  b = g_bytes_new_take (contents, len);
  respond (self, msg, SOUP_STATUS_OK, rv_http_content_type (rel), b);
  g_bytes_unref (b);
  g_free (file);
}

static void
serve_view (GstRvWsSink * self, SoupServerMessage * msg)
{
  GBytes *b = g_resources_lookup_data (VIEW_RESOURCE,
      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  if (!b) {
    respond_error (self, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
        "view missing");
    return;
  }
  respond (self, msg, SOUP_STATUS_OK, "text/html; charset=utf-8", b);
  g_bytes_unref (b);
}

static void
serve_websocket (GstRvWsSink * self, SoupServerMessage * msg)
{
  GError *err = NULL;
  gboolean full;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &err)) {
    GST_DEBUG_OBJECT (self, "bad handshake: %s", err->message);
    respond_error (self, msg, SOUP_STATUS_BAD_REQUEST, err->message);
    g_error_free (err);
    return;
  }
  GST_OBJECT_LOCK (self);
  full = self->n_clients >= self->run_max_clients;
  if (!full)
    self->n_clients++;          /* the slot is taken until the client goes */
  GST_OBJECT_UNLOCK (self);
  if (full) {
    respond_error (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
        "too many clients");
    return;
  }
  soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Cache-Control", "no-store");
  g_signal_connect (msg, "wrote-informational", G_CALLBACK (ws_upgraded),
      self);
  g_signal_connect (msg, "finished", G_CALLBACK (ws_finished), self);
}

static void
handle_request (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  GstRvWsSink *self = data;
  const gchar *host = soup_message_headers_get_one
      (soup_server_message_get_request_headers (msg), "Host");
  RvRoute route;

  GST_OBJECT_LOCK (self);
  self->st_requests++;
  GST_OBJECT_UNLOCK (self);

  if (!rv_http_host_allowed (host, (const char *const *) self->hosts,
          self->hosts ? g_strv_length (self->hosts) : 0)) {
    GST_INFO_OBJECT (self, "refused Host \"%s\" from %s", host ? host : "",
        soup_server_message_get_remote_host (msg));
    respond_error (self, msg, SOUP_STATUS_FORBIDDEN, "host not allowed");
    return;
  }
  route = rv_http_route (soup_server_message_get_method (msg), path);
  GST_LOG_OBJECT (self, "%s %s → %s", soup_server_message_get_method (msg),
      path, rv_http_route_name (route));
  switch (route) {
    case RV_ROUTE_VIEW:
      serve_view (self, msg);
      break;
    case RV_ROUTE_WS_SENSING:
      serve_websocket (self, msg);
      break;
    case RV_ROUTE_HEALTH:
    case RV_ROUTE_HEALTH_LIVE:
    case RV_ROUTE_HEALTH_READY:
    case RV_ROUTE_STATUS:
      serve_status (self, msg, route);
      break;
    case RV_ROUTE_LATEST:{
      GBytes *latest;
      g_mutex_lock (&self->lock);
      latest = self->latest ? g_bytes_ref (self->latest) : NULL;
      g_mutex_unlock (&self->lock);
      if (latest) {
        respond (self, msg, SOUP_STATUS_OK, "application/json", latest);
        g_bytes_unref (latest);
      } else {
        respond_error (self, msg, SOUP_STATUS_NOT_FOUND, "no document yet");
      }
      break;
    }
    case RV_ROUTE_UI:
      serve_ui (self, msg, path);
      break;
    case RV_ROUTE_BAD_METHOD:
      soup_message_headers_replace (soup_server_message_get_response_headers
          (msg), "Allow", "GET, HEAD");
      respond_error (self, msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
          "method not allowed");
      break;
    default:
      respond_error (self, msg, SOUP_STATUS_NOT_FOUND, "not found");
      break;
  }
}

/* Before a request's body is read: no request of ours has one, so what a
 * client sends is read and dropped, never kept (libsoup would otherwise
 * keep a body of any size in memory). */
static void
early_request (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body
      (msg), FALSE);
}

/* ------------------------------------------------------------ thread */

static gboolean
listen_on (GstRvWsSink * self, const gchar * address, gint port,
    GError ** error)
{
  GInetAddress *ia = g_inet_address_new_from_string (address);
  GSocketAddress *sa;
  GSList *listeners;
  gboolean ok;

  if (!ia) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "\"%s\" is not an IP address", address);
    return FALSE;
  }
  sa = g_inet_socket_address_new (ia, (guint16) port);
  g_object_unref (ia);
  ok = soup_server_listen (self->server, sa, 0, error);
  g_object_unref (sa);
  if (!ok)
    return FALSE;
  listeners = soup_server_get_listeners (self->server);
  if (listeners) {
    GSocketAddress *local = g_socket_get_local_address (listeners->data,
        NULL);
    if (local) {
      GST_OBJECT_LOCK (self);
      self->bound_port = g_inet_socket_address_get_port
          (G_INET_SOCKET_ADDRESS (local));
      GST_OBJECT_UNLOCK (self);
      g_object_unref (local);
    }
  }
  g_slist_free (listeners);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  GstRvWsSink *self = data;
  GError *err = NULL;
  GSource *timer;
  gchar *address;
  gint port;

  g_main_context_push_thread_default (self->context);
  GST_OBJECT_LOCK (self);
  address = g_strdup (self->address);
  port = self->port;
  GST_OBJECT_UNLOCK (self);

  self->server = soup_server_new ("server-header", "gst-ruview", NULL);
  soup_server_add_early_handler (self->server, NULL, early_request, self,
      NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  listen_on (self, address, port, &err);
  g_free (address);

  g_mutex_lock (&self->lock);
  self->start_error = err;
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (!err) {
    timer = g_timeout_source_new (MAX (self->run_stall_timeout / 4, 25));
    g_source_set_callback (timer, check_stalled, self, NULL);
    g_source_attach (timer, self->context);
    g_main_loop_run (self->loop);
    g_source_destroy (timer);
    g_source_unref (timer);
  }

  /* going away: the close frames go out now where the socket takes them */
  close_all (self, "stopping");
  while (self->clients)
    client_remove (self->clients->data, TRUE);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* let the sockets' last sources run out */
  while (g_main_context_iteration (self->context, FALSE));
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
stop_server (GstRvWsSink * self)
{
  if (self->thread) {
    GSource *src = g_idle_source_new ();
    g_source_set_callback (src, quit_loop, self->loop, NULL);
    g_source_attach (src, self->context);
    g_source_unref (src);
    g_thread_join (self->thread);
    self->thread = NULL;
  }
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_queue_clear_full (&self->pending, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->latest, g_bytes_unref);
  g_clear_error (&self->start_error);
  self->flush_scheduled = FALSE;
  self->started = FALSE;
  self->eos = FALSE;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->hosts, g_strfreev);
  g_clear_pointer (&self->root, g_free);
}

static gboolean
gst_rv_ws_sink_start (GstBaseSink * bsink)
{
  GstRvWsSink *self = GST_RV_WS_SINK (bsink);
  gchar *address, *root;
  gint port;
  GError *err;

  GST_OBJECT_LOCK (self);
  address = g_strdup (self->address);
  port = self->port;
  root = g_strdup (self->document_root);
  self->hosts = self->allowed_hosts ? g_strsplit (self->allowed_hosts, ",",
      -1) : NULL;
  self->run_max_clients = self->max_clients;
  self->run_client_queue = self->client_queue;
  self->run_stall_timeout = self->stall_timeout;
  self->n_clients = 0;
  self->bound_port = 0;
  self->st_sent = self->st_dropped = self->st_requests = self->st_refused =
      self->st_stalled = self->st_clients_total = self->st_invalid = 0;
  GST_OBJECT_UNLOCK (self);
  if (self->hosts) {
    gchar **h;
    for (h = self->hosts; *h; h++)
      g_strstrip (*h);
  }

  if (root && !g_file_test (root, G_FILE_TEST_IS_DIR)) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        (_("The document root \"%s\" is not a directory. Set document-root "
                "to a directory holding the web UI, or leave it unset."),
            root), ("document-root=%s", root));
    g_free (address);
    g_free (root);
    g_clear_pointer (&self->hosts, g_strfreev);
    return FALSE;
  }
  self->root = root;
  self->start_time = g_get_monotonic_time ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("rvwssink", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  err = self->start_error;
  self->start_error = NULL;
  g_mutex_unlock (&self->lock);

  if (err) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ_WRITE,
        (_("Could not listen on %s port %d: %s. Choose another port (port=0 "
                "picks a free one) or stop the program using it."), address,
            port, err->message), ("soup_server_listen: %s", err->message));
    g_error_free (err);
    g_free (address);
    stop_server (self);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "serving http://%s:%d/", address, self->bound_port);
  g_free (address);
  return TRUE;
}

static gboolean
gst_rv_ws_sink_stop (GstBaseSink * bsink)
{
  GstRvWsSink *self = GST_RV_WS_SINK (bsink);

  stop_server (self);
  GST_OBJECT_LOCK (self);
  self->bound_port = 0;
  self->n_clients = 0;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static void
unmap_and_unref (gpointer data)
{
  GstMapInfo *map = data;
  GstBuffer *buf = map->user_data[0];

  gst_buffer_unmap (buf, map);
  gst_buffer_unref (buf);
  g_free (map);
}

static GstFlowReturn
gst_rv_ws_sink_render (GstBaseSink * bsink, GstBuffer * buf)
{
  GstRvWsSink *self = GST_RV_WS_SINK (bsink);
  GstMapInfo *map = g_new (GstMapInfo, 1);
  GBytes *doc;
  gsize len;

  if (!gst_buffer_map (buf, map, GST_MAP_READ)) {
    g_free (map);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL), ("could not map"));
    return GST_FLOW_ERROR;
  }
  len = map->size;
  while (len > 0 && (map->data[len - 1] == '\n' || map->data[len - 1] == '\r'))
    len--;
  if (len == 0 || !g_utf8_validate ((const gchar *) map->data, len, NULL)) {
    gst_buffer_unmap (buf, map);
    g_free (map);
    GST_WARNING_OBJECT (self, "buffer is not UTF-8 text, not served");
    GST_OBJECT_LOCK (self);
    self->st_invalid++;
    GST_OBJECT_UNLOCK (self);
    return GST_FLOW_OK;
  }
  /* zero copy: the document is the buffer's memory, kept mapped */
  map->user_data[0] = gst_buffer_ref (buf);
  doc = g_bytes_new_with_free_func (map->data, len, unmap_and_unref, map);

  g_mutex_lock (&self->lock);
  if (self->latest)
    g_bytes_unref (self->latest);
  self->latest = g_bytes_ref (doc);
  if (g_queue_get_length (&self->pending) >= self->run_client_queue)
    g_bytes_unref (g_queue_pop_head (&self->pending));
  g_queue_push_tail (&self->pending, doc);
  schedule_flush_locked (self);
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static gboolean
gst_rv_ws_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  GstRvWsSink *self = GST_RV_WS_SINK (bsink);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      g_mutex_lock (&self->lock);
      self->eos = TRUE;
      schedule_flush_locked (self);
      g_mutex_unlock (&self->lock);
      break;
    case GST_EVENT_FLUSH_STOP:
      g_mutex_lock (&self->lock);
      self->eos = FALSE;
      g_mutex_unlock (&self->lock);
      break;
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (bsink, event);
}

/* ------------------------------------------------------------ properties */

static void
gst_rv_ws_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvWsSink *self = GST_RV_WS_SINK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ADDRESS:
      g_free (self->address);
      self->address = g_value_dup_string (value);
      if (!self->address)
        self->address = g_strdup (DEFAULT_ADDRESS);
      break;
    case PROP_PORT:
      self->port = g_value_get_int (value);
      break;
    case PROP_MAX_CLIENTS:
      self->max_clients = g_value_get_uint (value);
      break;
    case PROP_CLIENT_QUEUE:
      self->client_queue = g_value_get_uint (value);
      break;
    case PROP_STALL_TIMEOUT:
      self->stall_timeout = g_value_get_uint (value);
      break;
    case PROP_ALLOWED_HOSTS:
      g_free (self->allowed_hosts);
      self->allowed_hosts = g_value_dup_string (value);
      break;
    case PROP_DOCUMENT_ROOT:
      g_free (self->document_root);
      self->document_root = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_ws_sink_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstRvWsSink *self = GST_RV_WS_SINK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PORT:
      g_value_set_int (value, self->port);
      break;
    case PROP_BOUND_PORT:
      g_value_set_int (value, self->bound_port);
      break;
    case PROP_MAX_CLIENTS:
      g_value_set_uint (value, self->max_clients);
      break;
    case PROP_CLIENT_QUEUE:
      g_value_set_uint (value, self->client_queue);
      break;
    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout);
      break;
    case PROP_ALLOWED_HOSTS:
      g_value_set_string (value, self->allowed_hosts);
      break;
    case PROP_DOCUMENT_ROOT:
      g_value_set_string (value, self->document_root);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_structure_new ("rvwssink-stats",
              "clients", G_TYPE_UINT, self->n_clients,
              "clients-total", G_TYPE_UINT64, self->st_clients_total,
              "messages-sent", G_TYPE_UINT64, self->st_sent,
              "messages-dropped", G_TYPE_UINT64, self->st_dropped,
              "requests", G_TYPE_UINT64, self->st_requests,
              "requests-refused", G_TYPE_UINT64, self->st_refused,
              "clients-stalled", G_TYPE_UINT64, self->st_stalled,
              "invalid-buffers", G_TYPE_UINT64, self->st_invalid, NULL));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
