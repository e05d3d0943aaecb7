/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvmqttsink
 * @title: rvmqttsink
 *
 * Publishes the JSON documents it receives (one per buffer, normally the
 * `sensing_update` documents of `rvmetaconvert format=sensing-update`) to
 * an MQTT broker, and makes the room appear in Home Assistant:
 *
 * * every document goes to `<topic-prefix>/<device-id>/sensing` at
 *   #GstRvMqttSink:mqtt-qos (1 by default), not retained;
 * * with #GstRvMqttSink:discovery (the default), retained Home Assistant
 *   discovery configs under #GstRvMqttSink:discovery-prefix for occupancy
 *   (a binary sensor), person count, motion level, presence score and each
 *   node's RSSI, and their states under `<topic-prefix>/<device-id>/…`:
 *   occupancy `ON`/`OFF` (retained) when it changes and at least every
 *   30 s, the sensors as JSON with an RFC 3339 `ts` at most once per
 *   second (RSSI every 10 s). The configs are sent again after every
 *   reconnection and whenever Home Assistant announces itself
 *   (`<discovery-prefix>/status` = `online`);
 * * `<topic-prefix>/<device-id>/availability` is `online` (retained) while
 *   connected, and the broker's Last Will sets it to `offline` when the
 *   process dies or the network goes.
 *
 * The broker may come and go. A broker that cannot be reached at start is
 * a warning (an error with #GstRvMqttSink:require-broker), and the element
 * keeps trying with an exponential back-off (0.5 s doubling to 10 s).
 * Documents not yet confirmed by the broker are kept, in order, up to
 * #GstRvMqttSink:max-queued (60 s of 20 Hz cycles by default); beyond that
 * the oldest are dropped and counted. After reconnecting the queue is sent
 * in order: within the bound nothing is lost. The network runs on the
 * element's own thread; rendering a buffer only queues it and never waits
 * on the network.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc is-live=true num-buffers=800 ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! rvmetaconvert format=sensing-update ! rvmqttsink host=127.0.0.1 port=1883 device-id=living_room
 * ]| Two seconds of the live synthetic room published to a broker on this
 * machine as the Home Assistant device "RuView living_room". Without
 * `num-buffers` it runs until stopped.
 */

/* Threads and locks.  The application (properties) uses the object lock;
 * start() copies the configuration into a Net owned by the network thread.
 * The streaming thread (render, events) and the network thread share the
 * queue and the statistics under self->lock, never held across I/O.  The
 * network thread alone touches libmosquitto (its external-loop API: no
 * thread of libmosquitto's own).  Lock order: object lock → self->lock.
 * Nothing is posted, and no property notified, with a lock held. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <mosquitto.h>

#include "gstrvmqttelements.h"
#include "gstrvmqttsink.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvcaps.h"
#include "ruview/mqtt_ha.h"
#include "ruview/pubqueue.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_mqtt_sink_debug);
#define GST_CAT_DEFAULT gst_rv_mqtt_sink_debug

#define DEFAULT_HOST             "localhost"
#define DEFAULT_PORT             1883
#define DEFAULT_CLIENT_ID        NULL
#define DEFAULT_TOPIC_PREFIX     "ruview"
#define DEFAULT_DEVICE_ID        NULL
#define DEFAULT_DISCOVERY        TRUE
#define DEFAULT_DISCOVERY_PREFIX "homeassistant"
#define DEFAULT_MQTT_QOS         1
#define DEFAULT_MAX_QUEUED       1200
#define DEFAULT_USERNAME         NULL
#define DEFAULT_CA_FILE          NULL
#define DEFAULT_CERT_FILE        NULL
#define DEFAULT_KEY_FILE         NULL
#define DEFAULT_REQUIRE_BROKER   FALSE
#define DEFAULT_DRAIN_TIMEOUT    5000

#define KEEPALIVE_S          30
#define BACKOFF_MIN_US       (G_USEC_PER_SEC / 2)
#define BACKOFF_MAX_US       (10 * G_USEC_PER_SEC)
#define CONNECT_TIMEOUT_US   (10 * G_USEC_PER_SEC)
#define GOODBYE_TIMEOUT_US   G_USEC_PER_SEC
/* documents handed over and not confirmed: fewer than brokers accept from
 * a client at QoS 2 (mosquitto: max_inflight_messages, 20 by default; the
 * rest are acknowledged and lost with MQTT 3.1.1) */
#define STREAM_WINDOW        16
#define PARSE_BATCH          32
#define MAX_PAYLOAD          268435455  /* MQTT's limit */

enum
{
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_CLIENT_ID,
  PROP_TOPIC_PREFIX,
  PROP_DEVICE_ID,
  PROP_DISCOVERY,
  PROP_DISCOVERY_PREFIX,
  PROP_MQTT_QOS,
  PROP_MAX_QUEUED,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_CA_FILE,
  PROP_CERT_FILE,
  PROP_KEY_FILE,
  PROP_REQUIRE_BROKER,
  PROP_DRAIN_TIMEOUT,
  PROP_CONNECTED,
  PROP_PUBLISHED,
  PROP_QUEUED,
  PROP_DROPPED,
  PROP_RECONNECTS,
  PROP_INVALID_BUFFERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct _Net Net;

struct _GstRvMqttSink
{
  GstBaseSink parent;

  /* properties (object lock), latched in start() */
  gchar *host;
  gint port;
  gchar *client_id;
  gchar *topic_prefix;
  gchar *device_id;
  gboolean discovery;
  gchar *discovery_prefix;
  gint mqtt_qos;
  guint max_queued;
  gchar *username, *password;
  gchar *ca_file, *cert_file, *key_file;
  gboolean require_broker;
  guint drain_timeout;

  /* < private > shared with the network thread (self->lock) */
  GMutex lock;
  GCond cond;                   /* the queue shrank, or flushing */
  RvPubQueue queue;             /* GstBuffer documents not yet confirmed */
  gboolean started;
  gboolean stopping;
  gboolean flushing;
  gboolean wake_pending;
  gint wake[2];                 /* pipe: render → network thread */
  /* statistics */
  gboolean connected;
  guint64 st_published, st_dropped, st_reconnects, st_invalid;

  GThread *thread;
  Net *net;
};

typedef enum
{
  NET_IDLE,                     /* no client; next attempt at next_attempt */
  NET_CONNECTING,               /* CONNECT sent, no CONNACK yet */
  NET_CONNECTED
} NetState;

/* The network thread's own state.  The configuration is a copy made in
 * start(); nothing here is touched by another thread. */
struct _Net
{
  GstRvMqttSink *self;
  gchar *host, *client_id, *username, *password;
  gchar *ca_file, *cert_file, *key_file;
  gint port, qos;
  gboolean discovery, require_broker;
  gchar *topic_prefix, *device_id, *discovery_prefix;
  RvHaConfig ha;
  gchar stream_topic[RV_HA_TOPIC_MAX];
  gchar availability_topic[RV_HA_TOPIC_MAX];
  gchar birth_topic[RV_HA_TOPIC_MAX];

  struct mosquitto *mosq;
  NetState state;
  gint64 next_attempt, backoff, deadline;
  gboolean ever_connected;
  gboolean warned;              /* a warning for this outage was posted */
  gboolean fatal;               /* an error was posted: stop trying */
  gint64 lost_at;

  /* what libmosquitto's callbacks saw, handled after it returns */
  gboolean ev_connack, ev_lost, ev_birth;
  gint connack_rc, lost_rc, lost_errno;
  GArray *acks;                 /* message ids confirmed */

  /* Home Assistant */
  RvJsonDoc *doc;
  RvJsonWriter w;
  RvHaSchedule schedule;
  RvHaSnapshot latest;
  gboolean have_latest;
  gboolean said_not_sensing;
  guint64 parsed_seq;           /* next document to read for the states */
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_JSON_MEDIA_TYPE));

static void
mqtt_library_init (void)
{
  static gsize once = 0;
  if (g_once_init_enter (&once)) {
    mosquitto_lib_init ();
    g_once_init_leave (&once, 1);
  }
}

#define gst_rv_mqtt_sink_parent_class parent_class
G_DEFINE_TYPE (GstRvMqttSink, gst_rv_mqtt_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvmqttsink, "rvmqttsink",
    GST_RANK_NONE, GST_TYPE_RV_MQTT_SINK,
    gst_rv_element_init (plugin);
    mqtt_library_init ();
    GST_DEBUG_CATEGORY_INIT (gst_rv_mqtt_sink_debug, "rvmqttsink", 0,
        "RuView MQTT and Home Assistant sink"));

static void gst_rv_mqtt_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_mqtt_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_mqtt_sink_finalize (GObject * object);
static gboolean gst_rv_mqtt_sink_start (GstBaseSink * bsink);
static gboolean gst_rv_mqtt_sink_stop (GstBaseSink * bsink);
static gboolean gst_rv_mqtt_sink_unlock (GstBaseSink * bsink);
static gboolean gst_rv_mqtt_sink_unlock_stop (GstBaseSink * bsink);
static GstFlowReturn gst_rv_mqtt_sink_render (GstBaseSink * bsink,
    GstBuffer * buf);
static gboolean gst_rv_mqtt_sink_event (GstBaseSink * bsink,
    GstEvent * event);

#define CONFIG_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | \
    GST_PARAM_MUTABLE_READY)
#define STAT_FLAGS (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static void
gst_rv_mqtt_sink_class_init (GstRvMqttSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->set_property = gst_rv_mqtt_sink_set_property;
  gobject_class->get_property = gst_rv_mqtt_sink_get_property;
  gobject_class->finalize = gst_rv_mqtt_sink_finalize;

  /**
   * GstRvMqttSink:host:
   *
   * The host name or IP address of the MQTT broker.
   */
  properties[PROP_HOST] = g_param_spec_string ("host", "Host",
      "Host name or IP address of the MQTT broker (default localhost)",
      DEFAULT_HOST, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:port:
   *
   * The TCP port of the MQTT broker: 1883 for plain MQTT; brokers usually
   * take TLS on 8883.
   */
  properties[PROP_PORT] = g_param_spec_int ("port", "Port",
      "TCP port of the MQTT broker (default 1883; brokers usually take TLS "
      "on 8883)", 1, 65535, DEFAULT_PORT, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:client-id:
   *
   * The MQTT client identifier. Unset, `gst-ruview-<device-id>`; two
   * clients with the same identifier push each other off the broker.
   */
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", "Client id",
      "MQTT client identifier (default none: gst-ruview-<device-id>)",
      DEFAULT_CLIENT_ID, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:topic-prefix:
   *
   * The first levels of every topic but the discovery configs: documents go
   * to `<topic-prefix>/<device-id>/sensing`, states and availability beside
   * them. No wildcard, no leading or trailing `/`.
   */
  properties[PROP_TOPIC_PREFIX] = g_param_spec_string ("topic-prefix",
      "Topic prefix",
      "First topic levels: documents go to <topic-prefix>/<device-id>/sensing "
      "(default ruview)", DEFAULT_TOPIC_PREFIX, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:device-id:
   *
   * Names this room: its topics, and its Home Assistant device and entity
   * ids. Letters, digits, `_` and `-`, at most 64. Unset, the host name is
   * used (lower case, other characters as `_`); give each pipeline of a
   * machine its own.
   */
  properties[PROP_DEVICE_ID] = g_param_spec_string ("device-id", "Device id",
      "Name of this room in topics and Home Assistant ids: letters, digits, "
      "_ and - (default none: the host name)", DEFAULT_DEVICE_ID,
      CONFIG_FLAGS);
  /**
   * GstRvMqttSink:discovery:
   *
   * Publish the Home Assistant discovery configs (retained) at connection,
   * and again whenever Home Assistant announces that it started.
   */
  properties[PROP_DISCOVERY] = g_param_spec_boolean ("discovery",
      "Discovery",
      "Publish Home Assistant discovery configs (retained) and send them "
      "again when Home Assistant starts (default true)", DEFAULT_DISCOVERY,
      CONFIG_FLAGS);
  /**
   * GstRvMqttSink:discovery-prefix:
   *
   * Home Assistant's discovery prefix: the configs go under
   * `<prefix>/<component>/…/config` and its birth message is read from
   * `<prefix>/status`.
   */
  properties[PROP_DISCOVERY_PREFIX] = g_param_spec_string ("discovery-prefix",
      "Discovery prefix",
      "Home Assistant's discovery prefix: configs under "
      "<prefix>/<component>/…/config, its birth message on <prefix>/status "
      "(default homeassistant)", DEFAULT_DISCOVERY_PREFIX, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:mqtt-qos:
   *
   * MQTT quality of service of the document stream (GstBaseSink already
   * has a property named `qos`). With 0 a document counts as published
   * once written to the socket; with 1 or 2 when the broker confirms it.
   * Home Assistant states use their own (occupancy 1, sensors 0).
   */
  properties[PROP_MQTT_QOS] = g_param_spec_int ("mqtt-qos", "MQTT QoS",
      "MQTT QoS of the document stream: 0 at most once, 1 at least once, 2 "
      "exactly once (default 1)", 0, 2, DEFAULT_MQTT_QOS, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:max-queued:
   *
   * Documents kept until the broker confirms them: while disconnected, and
   * while the broker is slow. When full, the oldest is dropped (counted in
   * #GstRvMqttSink:dropped). The default holds 60 s of 20 Hz cycles; memory
   * is at most this many documents (about 10 to 20 kB each for the
   * sensing_update documents).
   */
  properties[PROP_MAX_QUEUED] = g_param_spec_uint ("max-queued", "Max queued",
      "Documents kept until the broker confirms them; beyond, the oldest are "
      "dropped (default 1200 = 60 s at 20 Hz)", 1, 1000000,
      DEFAULT_MAX_QUEUED, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:username:
   *
   * The user name for the broker; unset, the connection is anonymous.
   */
  properties[PROP_USERNAME] = g_param_spec_string ("username", "User name",
      "User name for the broker (default none: anonymous)", DEFAULT_USERNAME,
      CONFIG_FLAGS);
  /**
   * GstRvMqttSink:password:
   *
   * Password for the broker, with #GstRvMqttSink:username. Write-only and
   * never logged; without TLS it crosses the network in clear text.
   */
  properties[PROP_PASSWORD] = g_param_spec_string ("password", "Password",
      "Password for the broker (write-only, never logged; default none)",
      NULL, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY);
  /**
   * GstRvMqttSink:ca-file:
   *
   * Setting it turns TLS on: the broker's certificate must be signed by a
   * certificate authority of this PEM file and name the host connected to.
   */
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", "CA file",
      "PEM file of the certificate authorities the broker's certificate is "
      "checked against; setting it turns TLS on (default none: plain TCP)",
      DEFAULT_CA_FILE, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:cert-file:
   *
   * PEM file of this client's certificate, for brokers that require one;
   * needs #GstRvMqttSink:ca-file and #GstRvMqttSink:key-file.
   */
  properties[PROP_CERT_FILE] = g_param_spec_string ("cert-file",
      "Certificate file",
      "PEM file of this client's certificate, for brokers that require one "
      "(needs ca-file and key-file; default none)", DEFAULT_CERT_FILE,
      CONFIG_FLAGS);
  /**
   * GstRvMqttSink:key-file:
   *
   * PEM file of the unencrypted private key of #GstRvMqttSink:cert-file.
   */
  properties[PROP_KEY_FILE] = g_param_spec_string ("key-file", "Key file",
      "PEM file of the unencrypted private key of cert-file (default none)",
      DEFAULT_KEY_FILE, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:require-broker:
   *
   * When the broker cannot be reached at start: with %TRUE the start fails
   * with an error; with %FALSE a warning is posted and the element keeps
   * retrying, queueing documents meanwhile.
   */
  properties[PROP_REQUIRE_BROKER] = g_param_spec_boolean ("require-broker",
      "Require broker",
      "A broker that cannot be reached at start is an error instead of a "
      "warning and retries (default false)", DEFAULT_REQUIRE_BROKER,
      CONFIG_FLAGS);
  /**
   * GstRvMqttSink:drain-timeout:
   *
   * At the end of the stream, how long (milliseconds) to wait for the broker
   * to confirm every queued document before stopping; 0 does not wait.
   */
  properties[PROP_DRAIN_TIMEOUT] = g_param_spec_uint ("drain-timeout",
      "Drain timeout",
      "At end of stream, time in ms to wait for the broker to confirm every "
      "queued document (default 5000; 0 = do not wait)", 0, G_MAXINT,
      DEFAULT_DRAIN_TIMEOUT, CONFIG_FLAGS);
  /**
   * GstRvMqttSink:connected:
   *
   * Whether the broker has accepted the connection now; notified when it
   * changes.
   */
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", "Connected",
      "Whether the broker has accepted the connection (notified on change)",
      FALSE, STAT_FLAGS);
  /**
   * GstRvMqttSink:published:
   *
   * Documents the broker confirmed since start (with `mqtt-qos=0`: written
   * to the socket).
   */
  properties[PROP_PUBLISHED] = g_param_spec_uint64 ("published", "Published",
      "Documents the broker confirmed since start (mqtt-qos 0: written out)",
      0, G_MAXUINT64, 0, STAT_FLAGS);
  /**
   * GstRvMqttSink:queued:
   *
   * Documents waiting for the broker's confirmation now.
   */
  properties[PROP_QUEUED] = g_param_spec_uint ("queued", "Queued",
      "Documents waiting for the broker's confirmation now", 0, G_MAXUINT, 0,
      STAT_FLAGS);
  /**
   * GstRvMqttSink:dropped:
   *
   * Documents dropped since start because #GstRvMqttSink:max-queued was full
   * (the oldest first).
   */
  properties[PROP_DROPPED] = g_param_spec_uint64 ("dropped", "Dropped",
      "Documents dropped since start because max-queued was full (the oldest "
      "first)", 0, G_MAXUINT64, 0, STAT_FLAGS);
  /**
   * GstRvMqttSink:reconnects:
   *
   * Connections made since start after the first one.
   */
  properties[PROP_RECONNECTS] = g_param_spec_uint64 ("reconnects",
      "Reconnects", "Connections made since start after the first one", 0,
      G_MAXUINT64, 0, STAT_FLAGS);
  /**
   * GstRvMqttSink:invalid-buffers:
   *
   * Buffers since start that were not UTF-8 text, and so not published.
   */
  properties[PROP_INVALID_BUFFERS] = g_param_spec_uint64 ("invalid-buffers",
      "Invalid buffers",
      "Buffers since start that were not UTF-8 text (not published)", 0,
      G_MAXUINT64, 0, STAT_FLAGS);
  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView MQTT publisher", "Sink/Network",
      "Publishes each JSON document to an MQTT broker, with Home Assistant "
      "discovery and states, and queues through broker outages",
      "gst-ruview contributors");

  bsink_class->start = GST_DEBUG_FUNCPTR (gst_rv_mqtt_sink_start);
  bsink_class->stop = GST_DEBUG_FUNCPTR (gst_rv_mqtt_sink_stop);
  bsink_class->unlock = GST_DEBUG_FUNCPTR (gst_rv_mqtt_sink_unlock);
  bsink_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_rv_mqtt_sink_unlock_stop);
  bsink_class->render = GST_DEBUG_FUNCPTR (gst_rv_mqtt_sink_render);
  bsink_class->event = GST_DEBUG_FUNCPTR (gst_rv_mqtt_sink_event);
}

static void
gst_rv_mqtt_sink_init (GstRvMqttSink * self)
{
  self->host = g_strdup (DEFAULT_HOST);
  self->port = DEFAULT_PORT;
  self->client_id = g_strdup (DEFAULT_CLIENT_ID);
  self->topic_prefix = g_strdup (DEFAULT_TOPIC_PREFIX);
  self->device_id = g_strdup (DEFAULT_DEVICE_ID);
  self->discovery = DEFAULT_DISCOVERY;
  self->discovery_prefix = g_strdup (DEFAULT_DISCOVERY_PREFIX);
  self->mqtt_qos = DEFAULT_MQTT_QOS;
  self->max_queued = DEFAULT_MAX_QUEUED;
  self->username = g_strdup (DEFAULT_USERNAME);
  self->ca_file = g_strdup (DEFAULT_CA_FILE);
  self->cert_file = g_strdup (DEFAULT_CERT_FILE);
  self->key_file = g_strdup (DEFAULT_KEY_FILE);
  self->require_broker = DEFAULT_REQUIRE_BROKER;
  self->drain_timeout = DEFAULT_DRAIN_TIMEOUT;
  self->wake[0] = self->wake[1] = -1;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
gst_rv_mqtt_sink_finalize (GObject * object)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (object);

  g_free (self->host);
  g_free (self->client_id);
  g_free (self->topic_prefix);
  g_free (self->device_id);
  g_free (self->discovery_prefix);
  g_free (self->username);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->ca_file);
  g_free (self->cert_file);
  g_free (self->key_file);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* ------------------------------------------------------------ network */

static void
net_free (Net * n)
{
  g_free (n->host);
  g_free (n->client_id);
  g_free (n->username);
  if (n->password)
    memset (n->password, 0, strlen (n->password));
  g_free (n->password);
  g_free (n->ca_file);
  g_free (n->cert_file);
  g_free (n->key_file);
  g_free (n->topic_prefix);
  g_free (n->device_id);
  g_free (n->discovery_prefix);
  g_array_unref (n->acks);
  rv_json_doc_free (n->doc);
  rv_json_writer_clear (&n->w);
  g_free (n);
}

static void
set_connected (GstRvMqttSink * self, gboolean connected)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = self->connected != connected;
  self->connected = connected;
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* libmosquitto's callbacks run inside its loop calls on the network
 * thread; they only record what happened. */
static void
on_connect (struct mosquitto *mosq, void *data, int rc)
{
  Net *n = data;
  n->ev_connack = TRUE;
  n->connack_rc = rc;
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc)
{
  Net *n = data;
  n->ev_lost = TRUE;
  n->lost_rc = rc;
  n->lost_errno = errno;
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid)
{
  Net *n = data;
  g_array_append_val (n->acks, mid);
}

static void
on_message (struct mosquitto *mosq, void *data,
    const struct mosquitto_message *msg)
{
  Net *n = data;

  /* a retained birth message is an old one: the configs just went out */
  if (!msg->retain && msg->payloadlen == 6
      && memcmp (msg->payload, "online", 6) == 0
      && g_strcmp0 (msg->topic, n->birth_topic) == 0)
    n->ev_birth = TRUE;
}

/* the key of key-file must not ask for a pass phrase on the terminal */
static int
no_pass_phrase (char *buf, int size, int rwflag, void *userdata)
{
  return 0;
}

/* A new client and a connection attempt.  Returns a libmosquitto error
 * (MOSQ_ERR_SUCCESS: CONNECT is on its way). */
static int
net_attempt (Net * n)
{
  int rc;

  n->mosq = mosquitto_new (n->client_id, true, n);
  if (!n->mosq)
    return MOSQ_ERR_NOMEM;
  mosquitto_int_option (n->mosq, MOSQ_OPT_PROTOCOL_VERSION,
      MQTT_PROTOCOL_V311);
  mosquitto_int_option (n->mosq, MOSQ_OPT_TCP_NODELAY, 1);
  /* no limit of libmosquitto's own: STREAM_WINDOW bounds what is handed
   * over, and everything handed over goes out at once */
  mosquitto_max_inflight_messages_set (n->mosq, 0);
  mosquitto_connect_callback_set (n->mosq, on_connect);
  mosquitto_disconnect_callback_set (n->mosq, on_disconnect);
  mosquitto_publish_callback_set (n->mosq, on_publish);
  mosquitto_message_callback_set (n->mosq, on_message);
  rc = mosquitto_will_set (n->mosq, n->availability_topic, 7, "offline", 1,
      true);
  if (rc == MOSQ_ERR_SUCCESS && n->username)
    rc = mosquitto_username_pw_set (n->mosq, n->username, n->password);
  if (rc == MOSQ_ERR_SUCCESS && n->ca_file)
    rc = mosquitto_tls_set (n->mosq, n->ca_file, NULL, n->cert_file,
        n->key_file, no_pass_phrase);
  if (rc == MOSQ_ERR_SUCCESS)
    rc = mosquitto_connect_async (n->mosq, n->host, n->port, KEEPALIVE_S);
  return rc;
}

static gchar *
mosq_error_text (int rc, int err)
{
  if (rc == MOSQ_ERR_ERRNO)
    return g_strdup (g_strerror (err));
  return g_strdup (mosquitto_strerror (rc));
}

static void
net_drop_client (Net * n)
{
  if (n->mosq) {
    mosquitto_destroy (n->mosq);
    n->mosq = NULL;
  }
  n->state = NET_IDLE;
  g_array_set_size (n->acks, 0);
}

/* An attempt failed (before CONNACK) or a connection ended: the client
 * goes, the unconfirmed documents are sent again on the next connection,
 * and the next attempt waits for the back-off. */
static void
net_failed (Net * n, const gchar * why)
{
  GstRvMqttSink *self = n->self;
  gboolean was_connected = n->state == NET_CONNECTED;
  gint64 now = g_get_monotonic_time ();

  net_drop_client (n);
  g_mutex_lock (&self->lock);
  rv_pubqueue_rewind (&self->queue);
  g_mutex_unlock (&self->lock);
  if (was_connected) {
    set_connected (self, FALSE);
    n->lost_at = now;
    n->backoff = BACKOFF_MIN_US;
    n->warned = TRUE;
    GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
        (_("Lost the connection to the MQTT broker at %s:%d; reconnecting. "
                "Documents are kept until it is back (max-queued)."),
            n->host, n->port), ("%s", why));
  } else if (!n->ever_connected && n->require_broker) {
    n->fatal = TRUE;
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_("Could not connect to the MQTT broker at %s:%d. Start the broker "
                "or check host and port (require-broker is set)."), n->host,
            n->port), ("%s", why));
    return;
  } else if (!n->warned) {
    n->warned = TRUE;
    GST_ELEMENT_WARNING (self, RESOURCE, OPEN_WRITE,
        (_("Could not connect to the MQTT broker at %s:%d; retrying. "
                "Documents are kept until it is reached (max-queued)."),
            n->host, n->port), ("%s", why));
  } else {
    GST_DEBUG_OBJECT (self, "attempt failed: %s", why);
  }
  n->next_attempt = now + n->backoff;
  n->backoff = MIN (n->backoff * 2, BACKOFF_MAX_US);
}

/* Publishes a message of our own (not a document); no effect when it
 * cannot go out now (the states and configs are sent again anyway). */
static void
net_publish (Net * n, const gchar * topic, const gchar * payload, gsize len,
    int qos, gboolean retain)
{
  int rc = mosquitto_publish (n->mosq, NULL, topic, (int) len, payload, qos,
      retain);
  if (rc != MOSQ_ERR_SUCCESS)
    GST_DEBUG_OBJECT (n->self, "publish to %s: %s", topic,
        mosquitto_strerror (rc));
}

static void
net_publish_config (Net * n, RvHaKind kind, guint32 node)
{
  gchar topic[RV_HA_TOPIC_MAX];

  if (rv_ha_config_topic (topic, sizeof (topic), &n->ha, kind, node) < 0)
    return;
  rv_json_writer_reset (&n->w);
  rv_ha_write_config (&n->w, &n->ha, kind, node);
  if (!n->w.failed)
    net_publish (n, topic, n->w.buf, n->w.len, 1, TRUE);
}

/* Every discovery config: the room's entities and every node seen. */
static void
net_publish_discovery (Net * n)
{
  gsize k;
  int kind;

  if (!n->discovery)
    return;
  for (kind = 0; kind < RV_HA_NODE_RSSI; kind++)
    net_publish_config (n, (RvHaKind) kind, 0);
  for (k = 0; k < n->schedule.n_nodes; k++)
    net_publish_config (n, RV_HA_NODE_RSSI, n->schedule.node_id[k]);
  GST_DEBUG_OBJECT (n->self, "discovery configs sent (%" G_GSIZE_FORMAT
      " nodes)", n->schedule.n_nodes);
}

/* The states due for the latest snapshot (and configs of new nodes). */
static void
net_publish_states (Net * n)
{
  RvHaDue due[RV_HA_N_KINDS - 1 + RV_HA_MAX_NODES];
  guint32 ids[RV_HA_MAX_NODES];
  gchar topic[RV_HA_TOPIC_MAX];
  gint64 now = g_get_monotonic_time (), unix_us = g_get_real_time ();
  gsize k, n_new, n_due;

  n_new = rv_ha_schedule_new_nodes (&n->schedule, &n->latest, ids);
  if (n->state != NET_CONNECTED)
    return;                     /* announced once connected */
  for (k = 0; k < n_new && n->discovery; k++)
    net_publish_config (n, RV_HA_NODE_RSSI, ids[k]);
  n_due = rv_ha_schedule_due (&n->schedule, &n->latest, now, due);
  for (k = 0; k < n_due; k++) {
    if (rv_ha_state_topic (topic, sizeof (topic), &n->ha, due[k].kind,
            due[k].node_id) < 0)
      continue;
    rv_json_writer_reset (&n->w);
    rv_ha_write_state (&n->w, due[k].kind, &n->latest, due[k].node_index,
        unix_us);
    if (!n->w.failed)
      net_publish (n, topic, n->w.buf, n->w.len,
          rv_ha_state_qos (due[k].kind), rv_ha_state_retained (due[k].kind));
  }
}

/* CONNACK: accepted, or refused for good (credentials, identity) or for
 * now (server unavailable). */
static void
net_connack (Net * n, int rc)
{
  GstRvMqttSink *self = n->self;
  gboolean reconnect;

  if (rc != 0) {
    const gchar *why = mosquitto_connack_string (rc);
    if (rc == 3) {              /* server unavailable: try again later */
      net_failed (n, why);
      return;
    }
    net_drop_client (n);
    n->fatal = TRUE;
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_("The MQTT broker at %s:%d refused the connection (%s). Check "
                "username, password and client-id."), n->host, n->port, why),
        ("CONNACK %d", rc));
    return;
  }
  reconnect = n->ever_connected;
  n->state = NET_CONNECTED;
  n->ever_connected = TRUE;
  n->backoff = BACKOFF_MIN_US;
  if (n->discovery)
    mosquitto_subscribe (n->mosq, NULL, n->birth_topic, 1);
  net_publish (n, n->availability_topic, "online", 6, 1, TRUE);
  net_publish_discovery (n);
  rv_ha_schedule_reset (&n->schedule);
  if (n->have_latest)
    net_publish_states (n);

  g_mutex_lock (&self->lock);
  if (reconnect)
    self->st_reconnects++;
  g_mutex_unlock (&self->lock);
  set_connected (self, TRUE);
  if (n->warned) {
    n->warned = FALSE;
    GST_ELEMENT_INFO (self, RESOURCE, WRITE,
        (_("Connected to the MQTT broker at %s:%d."), n->host, n->port),
        ("after %.1f s", reconnect ? (g_get_monotonic_time () -
                n->lost_at) / 1e6 : 0.0));
  }
  GST_INFO_OBJECT (self, "connected to %s:%d as %s", n->host, n->port,
      n->client_id);
}

static void
release_published (void *item, void *user)
{
  GSList **done = user;
  *done = g_slist_prepend (*done, item);
}

/* The confirmations seen: documents leave the queue, oldest first. */
static void
net_confirm (Net * n)
{
  GstRvMqttSink *self = n->self;
  GSList *done = NULL;
  guint i;

  if (n->acks->len == 0)
    return;
  g_mutex_lock (&self->lock);
  for (i = 0; i < n->acks->len; i++)
    self->st_published += rv_pubqueue_confirm (&self->queue,
        g_array_index (n->acks, int, i), release_published, &done);
  if (done)
    g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_array_set_size (n->acks, 0);
  g_slist_free_full (done, (GDestroyNotify) gst_buffer_unref);
}

/* the document's text: the buffer without trailing line ends */
static gsize
doc_length (const GstMapInfo * map)
{
  gsize len = map->size;
  while (len > 0 && (map->data[len - 1] == '\n' || map->data[len - 1] == '\r'))
    len--;
  return len;
}

/* Reads the documents queued since the last call for the states, in
 * order; publishes the states that are due. */
static void
net_read_new (Net * n)
{
  GstRvMqttSink *self = n->self;
  GstBuffer *batch[PARSE_BATCH];
  guint n_batch, i;

  do {
    gsize k, len;
    guint64 first;
    n_batch = 0;
    g_mutex_lock (&self->lock);
    len = rv_pubqueue_length (&self->queue);
    first = len ? rv_pubqueue_peek (&self->queue, 0)->seq : 0;
    k = n->parsed_seq > first ? (gsize) (n->parsed_seq - first) : 0;
    for (; k < len && n_batch < PARSE_BATCH; k++) {
      const RvPubEntry *e = rv_pubqueue_peek (&self->queue, k);
      batch[n_batch++] = gst_buffer_ref (e->item);
      n->parsed_seq = e->seq + 1;
    }
    g_mutex_unlock (&self->lock);

    for (i = 0; i < n_batch; i++) {
      GstMapInfo map;
      if (gst_buffer_map (batch[i], &map, GST_MAP_READ)) {
        if (rv_ha_snapshot_parse (n->doc, (const gchar *) map.data,
                doc_length (&map), &n->latest) == 0) {
          n->have_latest = TRUE;
          net_publish_states (n);
        } else if (!n->said_not_sensing) {
          n->said_not_sensing = TRUE;
          GST_INFO_OBJECT (self, "a document that is not a sensing_update: "
              "published, no Home Assistant state from it");
        }
        gst_buffer_unmap (batch[i], &map);
      }
      gst_buffer_unref (batch[i]);
    }
  } while (n_batch == PARSE_BATCH);
}

/* Hands the oldest unsent documents to libmosquitto, up to the window. */
static void
net_send_documents (Net * n)
{
  GstRvMqttSink *self = n->self;

  while (n->state == NET_CONNECTED && !n->ev_lost) {
    const RvPubEntry *e;
    GstBuffer *buf;
    GstMapInfo map;
    guint64 seq;
    int mid = 0, rc = MOSQ_ERR_NOMEM;

    g_mutex_lock (&self->lock);
    e = rv_pubqueue_in_flight (&self->queue) < STREAM_WINDOW ?
        rv_pubqueue_next (&self->queue) : NULL;
    buf = e ? gst_buffer_ref (e->item) : NULL;
    seq = e ? e->seq : 0;
    g_mutex_unlock (&self->lock);
    if (!buf)
      return;
    if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
      rc = mosquitto_publish (n->mosq, &mid, n->stream_topic,
          (int) doc_length (&map), map.data, n->qos, false);
      gst_buffer_unmap (buf, &map);
    }
    gst_buffer_unref (buf);
    if (rc != MOSQ_ERR_SUCCESS) {
      GST_DEBUG_OBJECT (self, "publish: %s", mosquitto_strerror (rc));
      return;                   /* tried again on the next round */
    }
    g_mutex_lock (&self->lock);
    rv_pubqueue_sent (&self->queue, seq, mid);
    g_mutex_unlock (&self->lock);
  }
}

/* Documents wait and the window has room (QoS 0 confirmations come
 * inside publish, without any traffic that would wake the poll). */
static gboolean
net_can_send (Net * n)
{
  GstRvMqttSink *self = n->self;
  gboolean more;

  if (n->state != NET_CONNECTED)
    return FALSE;
  g_mutex_lock (&self->lock);
  more = rv_pubqueue_in_flight (&self->queue) < STREAM_WINDOW
      && rv_pubqueue_next (&self->queue) != NULL;
  g_mutex_unlock (&self->lock);
  return more;
}

/* The events libmosquitto reported, in the order that matters: a
 * connection accepted, confirmations, a birth message, a loss. */
static void
net_handle_events (Net * n)
{
  if (n->ev_connack) {
    n->ev_connack = FALSE;
    if (n->state == NET_CONNECTING)
      net_connack (n, n->connack_rc);
  }
  net_confirm (n);
  if (n->ev_birth) {
    n->ev_birth = FALSE;
    if (n->state == NET_CONNECTED) {
      GST_INFO_OBJECT (n->self, "Home Assistant (re)started: discovery again");
      net_publish_discovery (n);
      rv_ha_schedule_reset (&n->schedule);
      if (n->have_latest)
        net_publish_states (n);
    }
  }
  if (n->ev_lost) {
    n->ev_lost = FALSE;
    if (n->mosq) {
      gchar *why = mosq_error_text (n->lost_rc, n->lost_errno);
      net_failed (n, why);
      g_free (why);
    }
  }
}

/* Graceful end: availability offline (the Last Will is not sent for a
 * clean disconnect), DISCONNECT, and up to a second to write them. */
static void
net_goodbye (Net * n)
{
  gint64 end = g_get_monotonic_time () + GOODBYE_TIMEOUT_US;

  if (n->state != NET_CONNECTED)
    return;
  net_publish (n, n->availability_topic, "offline", 7, 1, TRUE);
  mosquitto_disconnect (n->mosq);
  while (mosquitto_socket (n->mosq) >= 0 && mosquitto_want_write (n->mosq)
      && g_get_monotonic_time () < end) {
    struct pollfd p = { mosquitto_socket (n->mosq), POLLOUT, 0 };
    if (poll (&p, 1, 100) > 0 && mosquitto_loop_write (n->mosq, 1) !=
        MOSQ_ERR_SUCCESS)
      break;
  }
}

static gpointer
net_thread (gpointer data)
{
  Net *n = data;
  GstRvMqttSink *self = n->self;
  gboolean more = FALSE;

  n->next_attempt = g_get_monotonic_time ();
  n->backoff = BACKOFF_MIN_US;
  for (;;) {
    struct pollfd fds[2];
    gint64 now = g_get_monotonic_time (), wait_us = G_USEC_PER_SEC;
    gboolean stopping;
    int nfds = 1, sock;

    g_mutex_lock (&self->lock);
    stopping = self->stopping;
    self->wake_pending = FALSE;
    g_mutex_unlock (&self->lock);
    if (stopping)
      break;

    if (n->state == NET_IDLE && !n->fatal && now >= n->next_attempt) {
      int rc = net_attempt (n);
      if (rc == MOSQ_ERR_SUCCESS) {
        n->state = NET_CONNECTING;
        n->deadline = now + CONNECT_TIMEOUT_US;
      } else {
        gchar *why = mosq_error_text (rc, errno);
        net_failed (n, why);
        g_free (why);
      }
    } else if (n->state == NET_CONNECTING && now >= n->deadline) {
      net_failed (n, "no answer from the broker");
    }
    if (n->state == NET_IDLE && !n->fatal)
      wait_us = MIN (wait_us, MAX (n->next_attempt - now, 0));
    else if (n->state == NET_CONNECTING)
      wait_us = MIN (wait_us, MAX (n->deadline - now, 0));
    if (more)
      wait_us = 0;

    fds[0].fd = self->wake[0];
    fds[0].events = POLLIN;
    sock = n->mosq ? mosquitto_socket (n->mosq) : -1;
    if (sock >= 0) {
      fds[1].fd = sock;
      fds[1].events = POLLIN | (mosquitto_want_write (n->mosq) ? POLLOUT : 0);
      nfds = 2;
    }
    if (poll (fds, (nfds_t) nfds, (int) ((wait_us + 999) / 1000)) < 0
        && errno != EINTR) {
      GST_ERROR_OBJECT (self, "poll: %s", g_strerror (errno));
      break;
    }
    if (fds[0].revents & POLLIN) {
      gchar drain[64];
      while (read (self->wake[0], drain, sizeof (drain)) > 0);
    }
    if (nfds == 2 && n->mosq) {
      int rc = MOSQ_ERR_SUCCESS;
      if (fds[1].revents & (POLLIN | POLLERR | POLLHUP))
        rc = mosquitto_loop_read (n->mosq, 1);
      if (rc == MOSQ_ERR_SUCCESS && mosquitto_socket (n->mosq) >= 0
          && (fds[1].revents & POLLOUT))
        rc = mosquitto_loop_write (n->mosq, 1);
      /* a failed TLS handshake returns without the disconnect callback */
      if (rc != MOSQ_ERR_SUCCESS && !n->ev_lost) {
        n->ev_lost = TRUE;
        n->lost_rc = rc;
        n->lost_errno = errno;
      }
    }
    if (n->mosq && mosquitto_socket (n->mosq) >= 0)
      mosquitto_loop_misc (n->mosq);    /* keep-alive */
    net_handle_events (n);
    net_read_new (n);
    net_send_documents (n);
    net_handle_events (n);      /* QoS 0 confirms inside publish */
    more = net_can_send (n);
  }
  net_goodbye (n);
  net_drop_client (n);
  set_connected (self, FALSE);
  return NULL;
}

/* ------------------------------------------------------------ start, stop */

/* Checks and copies the configuration; FALSE after posting an error. */
static Net *
net_new (GstRvMqttSink * self)
{
  Net *n = g_new0 (Net, 1);
  gchar *what = NULL;
  const gchar *bad = NULL;
  gchar id[RV_HA_MAX_ID + 1];

  n->self = self;
  GST_OBJECT_LOCK (self);
  n->host = g_strdup (self->host);
  n->port = self->port;
  n->username = g_strdup (self->username);
  n->password = g_strdup (self->password);
  n->ca_file = g_strdup (self->ca_file);
  n->cert_file = g_strdup (self->cert_file);
  n->key_file = g_strdup (self->key_file);
  n->qos = self->mqtt_qos;
  n->discovery = self->discovery;
  n->require_broker = self->require_broker;
  n->topic_prefix = g_strdup (self->topic_prefix);
  n->discovery_prefix = g_strdup (self->discovery_prefix);
  if (self->device_id) {
    n->device_id = g_strdup (self->device_id);
  } else {
    rv_ha_device_id_from_name (g_get_host_name (), id);
    n->device_id = g_strdup (id);
  }
  n->client_id = self->client_id ? g_strdup (self->client_id) :
      g_strdup_printf ("gst-ruview-%s", n->device_id);
  GST_OBJECT_UNLOCK (self);
  n->acks = g_array_new (FALSE, FALSE, sizeof (int));
  n->doc = rv_json_doc_new ();
  rv_json_writer_init (&n->w);
  rv_ha_schedule_init (&n->schedule);

  if (!n->host || !*n->host) {
    bad = "host";
    what = g_strdup (_("Set host to the broker's host name or address."));
  } else if (!rv_ha_device_id_valid (n->device_id)) {
    bad = "device-id";
    what = g_strdup_printf (_("device-id \"%s\" may only hold letters, "
            "digits, '_' and '-' (at most 64)."), n->device_id);
  } else if (!rv_ha_topic_prefix_valid (n->topic_prefix)) {
    bad = "topic-prefix";
    what = g_strdup_printf (_("topic-prefix \"%s\" must be a topic without "
            "'+', '#' or a leading or trailing '/'."),
        n->topic_prefix ? n->topic_prefix : "");
  } else if (!rv_ha_topic_prefix_valid (n->discovery_prefix)) {
    bad = "discovery-prefix";
    what = g_strdup_printf (_("discovery-prefix \"%s\" must be a topic "
            "without '+', '#' or a leading or trailing '/'."),
        n->discovery_prefix ? n->discovery_prefix : "");
  } else if (!n->client_id[0] || strlen (n->client_id) > 65535) {
    bad = "client-id";
    what = g_strdup (_("client-id must not be empty."));
  } else if ((n->cert_file != NULL) != (n->key_file != NULL)
      || (n->cert_file && !n->ca_file)) {
    bad = "cert-file";
    what = g_strdup (_("cert-file and key-file go together, and need "
            "ca-file (TLS)."));
  }
  if (bad) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", what), ("%s", bad));
    g_free (what);
    net_free (n);
    return NULL;
  }
  {
    const gchar *files[] = { n->ca_file, n->cert_file, n->key_file };
    guint i;
    for (i = 0; i < G_N_ELEMENTS (files); i++) {
      if (files[i] && access (files[i], R_OK) != 0) {
        GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
            (_("Cannot read the TLS file \"%s\": %s."), files[i],
                g_strerror (errno)), (NULL));
        net_free (n);
        return NULL;
      }
    }
  }
  n->ha.topic_prefix = n->topic_prefix;
  n->ha.device_id = n->device_id;
  n->ha.discovery_prefix = n->discovery_prefix;
  n->ha.sw_version = VERSION;
  n->ha.support_url = GST_PACKAGE_ORIGIN;
  rv_ha_stream_topic (n->stream_topic, sizeof (n->stream_topic), &n->ha);
  rv_ha_availability_topic (n->availability_topic,
      sizeof (n->availability_topic), &n->ha);
  rv_ha_birth_topic (n->birth_topic, sizeof (n->birth_topic), &n->ha);
  return n;
}

static void
clear_queue_locked (GstRvMqttSink * self)
{
  GstBuffer *buf;
  while ((buf = rv_pubqueue_pop (&self->queue)))
    gst_buffer_unref (buf);
  rv_pubqueue_clear (&self->queue);
}

static void
close_wake (GstRvMqttSink * self)
{
  gint i;
  for (i = 0; i < 2; i++) {
    if (self->wake[i] >= 0)
      close (self->wake[i]);
    self->wake[i] = -1;
  }
}

static gboolean
gst_rv_mqtt_sink_start (GstBaseSink * bsink)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (bsink);
  Net *n = net_new (self);
  guint max_queued;
  gboolean ok;

  if (!n)
    return FALSE;
  GST_OBJECT_LOCK (self);
  max_queued = self->max_queued;
  GST_OBJECT_UNLOCK (self);
  g_mutex_lock (&self->lock);
  ok = rv_pubqueue_init (&self->queue, max_queued) == 0;
  g_mutex_unlock (&self->lock);
  if (!ok) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT, (NULL),
        ("no memory for max-queued=%u", max_queued));
    net_free (n);
    return FALSE;
  }
  if (!g_unix_open_pipe (self->wake, FD_CLOEXEC, NULL)
      || !g_unix_set_fd_nonblocking (self->wake[0], TRUE, NULL)
      || !g_unix_set_fd_nonblocking (self->wake[1], TRUE, NULL)) {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED, (NULL), ("pipe: %s",
            g_strerror (errno)));
    close_wake (self);
    g_mutex_lock (&self->lock);
    rv_pubqueue_clear (&self->queue);
    g_mutex_unlock (&self->lock);
    net_free (n);
    return FALSE;
  }
  g_mutex_lock (&self->lock);
  self->started = TRUE;
  self->stopping = FALSE;
  self->flushing = FALSE;
  self->wake_pending = FALSE;
  self->connected = FALSE;
  self->st_published = self->st_dropped = self->st_reconnects =
      self->st_invalid = 0;
  g_mutex_unlock (&self->lock);

  GST_INFO_OBJECT (self, "publishing to %s:%d%s as %s, topic %s, user %s",
      n->host, n->port, n->ca_file ? " (TLS)" : "", n->client_id,
      n->stream_topic, n->username ? n->username : "(none)");
  self->net = n;
  self->thread = g_thread_new ("rvmqttsink", net_thread, n);
  return TRUE;
}

static gboolean
gst_rv_mqtt_sink_stop (GstBaseSink * bsink)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (bsink);

  if (self->thread) {
    g_mutex_lock (&self->lock);
    self->stopping = TRUE;
    g_mutex_unlock (&self->lock);
    if (write (self->wake[1], "x", 1) < 0)
      GST_DEBUG_OBJECT (self, "wake: %s", g_strerror (errno));
    g_thread_join (self->thread);
    self->thread = NULL;
  }
  g_clear_pointer (&self->net, net_free);
  g_mutex_lock (&self->lock);
  self->started = FALSE;
  clear_queue_locked (self);
  g_mutex_unlock (&self->lock);
  close_wake (self);
  return TRUE;
}

static gboolean
gst_rv_mqtt_sink_unlock (GstBaseSink * bsink)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (bsink);

  g_mutex_lock (&self->lock);
  self->flushing = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
gst_rv_mqtt_sink_unlock_stop (GstBaseSink * bsink)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (bsink);

  g_mutex_lock (&self->lock);
  self->flushing = FALSE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* ------------------------------------------------------------ streaming */

static GstFlowReturn
gst_rv_mqtt_sink_render (GstBaseSink * bsink, GstBuffer * buf)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (bsink);
  GstMapInfo map;
  gboolean valid, wake;
  void *dropped = NULL;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL), ("could not map"));
    return GST_FLOW_ERROR;
  }
  {
    gsize len = doc_length (&map);
    valid = len > 0 && len <= MAX_PAYLOAD
        && g_utf8_validate ((const gchar *) map.data, (gssize) len, NULL);
  }
  gst_buffer_unmap (buf, &map);

  g_mutex_lock (&self->lock);
  if (!valid) {
    self->st_invalid++;
    g_mutex_unlock (&self->lock);
    GST_WARNING_OBJECT (self, "buffer is not UTF-8 text, not published");
    return GST_FLOW_OK;
  }
  rv_pubqueue_push (&self->queue, gst_buffer_ref (buf), &dropped);
  if (dropped)
    self->st_dropped++;
  wake = !self->wake_pending;
  self->wake_pending = TRUE;
  g_mutex_unlock (&self->lock);

  /* a full pipe wakes the thread just as well */
  if (wake && write (self->wake[1], "x", 1) < 0 && errno != EAGAIN)
    GST_DEBUG_OBJECT (self, "wake: %s", g_strerror (errno));
  if (dropped)
    gst_buffer_unref (dropped);
  return GST_FLOW_OK;
}

/* End of stream: the queue is given drain-timeout ms to reach the broker
 * (a flush or a stop ends the wait). */
static void
drain (GstRvMqttSink * self)
{
  gint64 end;
  guint timeout, left;

  GST_OBJECT_LOCK (self);
  timeout = self->drain_timeout;
  GST_OBJECT_UNLOCK (self);
  end = g_get_monotonic_time () + (gint64) timeout * 1000;
  g_mutex_lock (&self->lock);
  while (rv_pubqueue_length (&self->queue) > 0 && !self->flushing
      && g_cond_wait_until (&self->cond, &self->lock, end));
  left = (guint) rv_pubqueue_length (&self->queue);
  g_mutex_unlock (&self->lock);
  if (left > 0 && timeout > 0)
    GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
        (_("%u documents were not confirmed by the MQTT broker at the end of "
                "the stream."), left), ("drain-timeout=%u ms", timeout));
}

static gboolean
gst_rv_mqtt_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (bsink);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS)
    drain (self);
  return GST_BASE_SINK_CLASS (parent_class)->event (bsink, event);
}

/* ------------------------------------------------------------ properties */

static void
set_string (gchar ** field, const GValue * value)
{
  g_free (*field);
  *field = g_value_dup_string (value);
}

static void
gst_rv_mqtt_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_HOST:
      set_string (&self->host, value);
      break;
    case PROP_PORT:
      self->port = g_value_get_int (value);
      break;
    case PROP_CLIENT_ID:
      set_string (&self->client_id, value);
      break;
    case PROP_TOPIC_PREFIX:
      set_string (&self->topic_prefix, value);
      break;
    case PROP_DEVICE_ID:
      set_string (&self->device_id, value);
      break;
    case PROP_DISCOVERY:
      self->discovery = g_value_get_boolean (value);
      break;
    case PROP_DISCOVERY_PREFIX:
      set_string (&self->discovery_prefix, value);
      break;
    case PROP_MQTT_QOS:
      self->mqtt_qos = g_value_get_int (value);
      break;
    case PROP_MAX_QUEUED:
      self->max_queued = g_value_get_uint (value);
      break;
    case PROP_USERNAME:
      set_string (&self->username, value);
      break;
    case PROP_PASSWORD:
      if (self->password)
        memset (self->password, 0, strlen (self->password));
      set_string (&self->password, value);
      break;
    case PROP_CA_FILE:
      set_string (&self->ca_file, value);
      break;
    case PROP_CERT_FILE:
      set_string (&self->cert_file, value);
      break;
    case PROP_KEY_FILE:
      set_string (&self->key_file, value);
      break;
    case PROP_REQUIRE_BROKER:
      self->require_broker = g_value_get_boolean (value);
      break;
    case PROP_DRAIN_TIMEOUT:
      self->drain_timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_mqtt_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvMqttSink *self = GST_RV_MQTT_SINK (object);

  if (prop_id >= PROP_CONNECTED) {
    g_mutex_lock (&self->lock);
    switch (prop_id) {
      case PROP_CONNECTED:
        g_value_set_boolean (value, self->connected);
        break;
      case PROP_PUBLISHED:
        g_value_set_uint64 (value, self->st_published);
        break;
      case PROP_QUEUED:
        g_value_set_uint (value, self->started ?
            (guint) rv_pubqueue_length (&self->queue) : 0);
        break;
      case PROP_DROPPED:
        g_value_set_uint64 (value, self->st_dropped);
        break;
      case PROP_RECONNECTS:
        g_value_set_uint64 (value, self->st_reconnects);
        break;
      case PROP_INVALID_BUFFERS:
        g_value_set_uint64 (value, self->st_invalid);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
        break;
    }
    g_mutex_unlock (&self->lock);
    return;
  }

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_int (value, self->port);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_TOPIC_PREFIX:
      g_value_set_string (value, self->topic_prefix);
      break;
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;
    case PROP_DISCOVERY:
      g_value_set_boolean (value, self->discovery);
      break;
    case PROP_DISCOVERY_PREFIX:
      g_value_set_string (value, self->discovery_prefix);
      break;
    case PROP_MQTT_QOS:
      g_value_set_int (value, self->mqtt_qos);
      break;
    case PROP_MAX_QUEUED:
      g_value_set_uint (value, self->max_queued);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_CERT_FILE:
      g_value_set_string (value, self->cert_file);
      break;
    case PROP_KEY_FILE:
      g_value_set_string (value, self->key_file);
      break;
    case PROP_REQUIRE_BROKER:
      g_value_set_boolean (value, self->require_broker);
      break;
    case PROP_DRAIN_TIMEOUT:
      g_value_set_uint (value, self->drain_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
