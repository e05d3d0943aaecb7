/* rvmqttsink against a real broker: Debian's mosquitto, started by each test
 * on a free loopback port, and MQTT clients of the test's own
 * (libmosquitto).  Discovery configs field by field, states, the Last Will
 * of a killed process, Home Assistant's birth message, broker outages
 * (nothing lost within max-queued, exactly the oldest dropped beyond it),
 * a broker absent at start, a broker that never answers, TLS with client
 * certificates, and passwords (refused ones, never logged).
 *
 * Skipped (77) when mosquitto is not installed (./run installs it). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <glib/gstdio.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../broker.h"
#include "../sensingdoc.h"
#include "ruview/json.h"

#define TIMEOUT_S 30

/* ------------------------------------------------------------ waiting */

typedef gboolean (*Pred) (gpointer data);

/* Polls p until it holds or timeout_s passes (the condition is what is
 * waited for; the timeout only bounds a failure). */
static gboolean
wait_until (Pred p, gpointer data, gint timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  while (!p (data)) {
    if (g_get_monotonic_time () > end)
      return FALSE;
    g_usleep (5000);
  }
  return TRUE;
}

typedef struct
{
  GstElement *e;
  const gchar *prop;
  guint64 value;
} PropWait;

static gboolean
prop_reached (gpointer data)
{
  PropWait *w = data;
  GParamSpec *ps = g_object_class_find_property (G_OBJECT_GET_CLASS (w->e),
      w->prop);
  if (ps->value_type == G_TYPE_BOOLEAN) {
    gboolean b;
    g_object_get (w->e, w->prop, &b, NULL);
    return (guint64) b == w->value;
  } else if (ps->value_type == G_TYPE_UINT) {
    guint v;
    g_object_get (w->e, w->prop, &v, NULL);
    return v == w->value;
  } else {
    guint64 v;
    g_object_get (w->e, w->prop, &v, NULL);
    return v == w->value;
  }
}

#define wait_prop(e, prop, v) G_STMT_START { \
  PropWait _w = { (e), (prop), (v) }; \
  fail_unless (wait_until (prop_reached, &_w, TIMEOUT_S), \
      "%s did not become %" G_GUINT64_FORMAT, (prop), (guint64) (v)); \
} G_STMT_END

static guint64
prop_u64 (GstElement * e, const gchar * prop)
{
  guint64 v;
  g_object_get (e, prop, &v, NULL);
  return v;
}

static guint
prop_uint (GstElement * e, const gchar * prop)
{
  guint v;
  g_object_get (e, prop, &v, NULL);
  return v;
}

/* ------------------------------------------------------------ subscriber */

typedef struct
{
  gchar *topic;
  gchar *payload;
  gsize len;
  gboolean retain;
} Msg;

typedef struct
{
  struct mosquitto *m;
  GMutex lock;
  GCond cond;
  GPtrArray *msgs;
  gchar **topics;
  gint subacks;
} Sub;

static void
msg_free (Msg * m)
{
  g_free (m->topic);
  g_free (m->payload);
  g_free (m);
}

static void
sub_on_connect (struct mosquitto *m, void *data, int rc)
{
  Sub *s = data;
  gchar **t;
  if (rc != 0)
    return;
  for (t = s->topics; *t; t++)
    mosquitto_subscribe (m, NULL, *t, 1);
}

static void
sub_on_subscribe (struct mosquitto *m, void *data, int mid, int n,
    const int *granted)
{
  Sub *s = data;
  g_mutex_lock (&s->lock);
  s->subacks++;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

static void
sub_on_message (struct mosquitto *m, void *data,
    const struct mosquitto_message *msg)
{
  Sub *s = data;
  Msg *c = g_new0 (Msg, 1);

  c->topic = g_strdup (msg->topic);
  c->payload = g_strndup (msg->payload, (gsize) msg->payloadlen);
  c->len = (gsize) msg->payloadlen;
  c->retain = msg->retain;
  g_mutex_lock (&s->lock);
  g_ptr_array_add (s->msgs, c);
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

/* A client subscribed (QoS 1) to the topics, its subscriptions confirmed;
 * with clean FALSE a persistent session the broker keeps (and fills)
 * while the client or the broker is away. */
static Sub *
sub_new (gint port, const gchar * id, gboolean clean, const gchar * topic,
    ...)
{
  Sub *s = g_new0 (Sub, 1);
  GPtrArray *topics = g_ptr_array_new ();
  va_list ap;
  const gchar *t;
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  va_start (ap, topic);
  for (t = topic; t; t = va_arg (ap, const gchar *))
    g_ptr_array_add (topics, g_strdup (t));
  va_end (ap);
  g_ptr_array_add (topics, NULL);
  s->topics = (gchar **) g_ptr_array_free (topics, FALSE);
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->msgs = g_ptr_array_new_with_free_func ((GDestroyNotify) msg_free);
  s->m = mosquitto_new (id, clean, s);
  fail_unless (s->m != NULL);
  mosquitto_connect_callback_set (s->m, sub_on_connect);
  mosquitto_subscribe_callback_set (s->m, sub_on_subscribe);
  mosquitto_message_callback_set (s->m, sub_on_message);
  mosquitto_reconnect_delay_set (s->m, 1, 1, false);
  fail_unless_equals_int (mosquitto_connect (s->m, "127.0.0.1", port, 30),
      MOSQ_ERR_SUCCESS);
  fail_unless_equals_int (mosquitto_loop_start (s->m), MOSQ_ERR_SUCCESS);
  g_mutex_lock (&s->lock);
  while (s->subacks < (gint) g_strv_length (s->topics))
    fail_unless (g_cond_wait_until (&s->cond, &s->lock, end),
        "no SUBACK");
  g_mutex_unlock (&s->lock);
  return s;
}

static void
sub_free (Sub * s)
{
  mosquitto_disconnect (s->m);
  mosquitto_loop_stop (s->m, FALSE);
  mosquitto_destroy (s->m);
  g_ptr_array_unref (s->msgs);
  g_strfreev (s->topics);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_free (s);
}

static guint
count_locked (Sub * s, const gchar * topic)
{
  guint i, n = 0;
  for (i = 0; i < s->msgs->len; i++)
    if (g_str_equal (((Msg *) g_ptr_array_index (s->msgs, i))->topic, topic))
      n++;
  return n;
}

/* messages on topic published while subscribed (not retained copies sent
 * at subscription) */
static guint
count_live_locked (Sub * s, const gchar * topic)
{
  guint i, n = 0;
  for (i = 0; i < s->msgs->len; i++) {
    Msg *m = g_ptr_array_index (s->msgs, i);
    if (g_str_equal (m->topic, topic) && !m->retain)
      n++;
  }
  return n;
}

static guint
sub_count (Sub * s, const gchar * topic)
{
  guint n;
  g_mutex_lock (&s->lock);
  n = count_locked (s, topic);
  g_mutex_unlock (&s->lock);
  return n;
}

/* waits until n messages on topic have arrived (live ones only: no
 * retained copy counts) */
static void
sub_wait_full (Sub * s, const gchar * topic, guint n, gboolean live)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  g_mutex_lock (&s->lock);
  while ((live ? count_live_locked (s, topic) : count_locked (s, topic)) < n)
    if (!g_cond_wait_until (&s->cond, &s->lock, end)) {
      guint have = count_locked (s, topic);
      g_mutex_unlock (&s->lock);
      fail ("%u of %u messages on %s", have, n, topic);
    }
  g_mutex_unlock (&s->lock);
}

static void
sub_wait (Sub * s, const gchar * topic, guint n)
{
  sub_wait_full (s, topic, n, FALSE);
}

static gboolean
has_tick_locked (Sub * s, const gchar * topic, const gchar * needle)
{
  guint i;
  for (i = 0; i < s->msgs->len; i++) {
    Msg *m = g_ptr_array_index (s->msgs, i);
    if (g_str_equal (m->topic, topic) && strstr (m->payload, needle))
      return TRUE;
  }
  return FALSE;
}

/* waits until the document with this tick has arrived on topic */
static void
sub_wait_tick (Sub * s, const gchar * topic, guint64 tick)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
  gchar *needle = g_strdup_printf ("\"tick\":%" G_GUINT64_FORMAT ",", tick);

  g_mutex_lock (&s->lock);
  while (!has_tick_locked (s, topic, needle))
    if (!g_cond_wait_until (&s->cond, &s->lock, end)) {
      g_mutex_unlock (&s->lock);
      fail ("tick %" G_GUINT64_FORMAT " did not arrive on %s", tick, topic);
    }
  g_mutex_unlock (&s->lock);
  g_free (needle);
}

/* the latest message on topic (a copy), NULL if none */
static Msg *
sub_latest (Sub * s, const gchar * topic)
{
  Msg *c = NULL;
  gint i;

  g_mutex_lock (&s->lock);
  for (i = (gint) s->msgs->len - 1; i >= 0; i--) {
    Msg *m = g_ptr_array_index (s->msgs, i);
    if (g_str_equal (m->topic, topic)) {
      c = g_new0 (Msg, 1);
      c->topic = g_strdup (m->topic);
      c->payload = g_strdup (m->payload);
      c->len = m->len;
      c->retain = m->retain;
      break;
    }
  }
  g_mutex_unlock (&s->lock);
  return c;
}

/* waits for n messages on topic; the latest must be payload */
static void
expect_latest (Sub * s, const gchar * topic, guint n, const gchar * payload)
{
  Msg *m;
  sub_wait (s, topic, n);
  m = sub_latest (s, topic);
  fail_unless_equals_string (m->payload, payload);
  msg_free (m);
}

/* The ticks of the documents on topic, in arrival order. */
static GArray *
sub_ticks (Sub * s, const gchar * topic)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (guint64));
  RvJsonDoc *doc = rv_json_doc_new ();
  guint i;

  g_mutex_lock (&s->lock);
  for (i = 0; i < s->msgs->len; i++) {
    Msg *m = g_ptr_array_index (s->msgs, i);
    const RvJsonValue *root;
    guint64 tick;
    if (!g_str_equal (m->topic, topic))
      continue;
    root = rv_json_parse (doc, m->payload, m->len, NULL, NULL);
    fail_unless (root != NULL, "not JSON: %s", m->payload);
    fail_unless (rv_json_as_u64 (rv_json_get (root, "tick"), &tick) == 0);
    g_array_append_val (ticks, tick);
  }
  g_mutex_unlock (&s->lock);
  rv_json_doc_free (doc);
  return ticks;
}

/* ------------------------------------------------------------ sink */

/* a new sink (a reference of our own, not floating) */
static GstElement *
sink_new (gint port, const gchar * device)
{
  GstElement *e = gst_element_factory_make ("rvmqttsink", NULL);
  fail_unless (e != NULL);
  gst_object_ref_sink (e);
  g_object_set (e, "host", "127.0.0.1", "port", port, "device-id", device,
      "async", FALSE, NULL);
  return e;
}

/* A harness pushing into e (properties set before), e's messages on bus.
 * The harness takes our reference: e lives until the teardown. */
static GstHarness *
sink_harness (GstElement * e, GstBus ** bus)
{
  GstHarness *h;

  *bus = gst_bus_new ();
  gst_element_set_bus (e, *bus);
  h = gst_harness_new_with_element (e, "sink", NULL);
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, "application/x-json");
  return h;
}

static void
push_doc (GstHarness * h, const TestDoc * d)
{
  size_t len;
  char *text = test_doc_text (d, &len);
  GstBuffer *buf = gst_buffer_new_memdup (text, len);

  free (text);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
}

static void
push_ticks (GstHarness * h, guint64 from, guint64 to)
{
  TestDoc d = { 0, 1, RV_MOTION_PRESENT_STILL, 0.6, 3.0, 1, 2, {-40, -50} };
  for (d.tick = from; d.tick < to; d.tick++)
    push_doc (h, &d);
}

static void
sink_teardown (GstHarness * h, GstBus * bus)
{
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
}

/* The first warning or error on the bus, waited for; it must be of type.
 * Returns its text. */
static gchar *
bus_expect (GstBus * bus, GstMessageType type)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, TIMEOUT_S * GST_SECOND,
      GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *text;

  fail_unless (msg != NULL, "no warning or error");
  fail_unless (GST_MESSAGE_TYPE (msg) == type, "a %s instead",
      GST_MESSAGE_TYPE_NAME (msg));
  if (type == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, NULL);
  else
    gst_message_parse_warning (msg, &err, NULL);
  text = g_strdup (err->message);
  g_error_free (err);
  gst_message_unref (msg);
  return text;
}

/* ------------------------------------------------------------ checks */

static const RvJsonValue *
parse (RvJsonDoc * doc, const Msg * m)
{
  const RvJsonValue *v = rv_json_parse (doc, m->payload, m->len, NULL, NULL);
  fail_unless (v && v->type == RV_JSON_OBJECT, "%s: %s", m->topic,
      m->payload);
  return v;
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" within a minute of now */
static void
check_ts (const gchar * ts)
{
  GDateTime *t = g_date_time_new_from_iso8601 (ts, NULL), *now;
  fail_unless (t != NULL, "ts %s", ts);
  fail_unless_equals_int (strlen (ts), 24);
  fail_unless (ts[10] == 'T' && ts[19] == '.' && ts[23] == 'Z', "ts %s", ts);
  now = g_date_time_new_now_utc ();
  fail_unless (ABS (g_date_time_difference (now, t)) < 60 * G_TIME_SPAN_SECOND);
  g_date_time_unref (now);
  g_date_time_unref (t);
}

static const gchar *const room_configs[] = {
  "homeassistant/binary_sensor/gst_ruview_room1/occupancy/config",
  "homeassistant/sensor/gst_ruview_room1/person_count/config",
  "homeassistant/sensor/gst_ruview_room1/motion_level/config",
  "homeassistant/sensor/gst_ruview_room1/presence_score/config",
  "homeassistant/sensor/gst_ruview_room1/node1_rssi/config",
  "homeassistant/sensor/gst_ruview_room1/node2_rssi/config",
};

/* one config as Home Assistant reads it */
static void
check_config (RvJsonDoc * doc, const Msg * m, const gchar * slug,
    const gchar * component)
{
  const RvJsonValue *c = parse (doc, m), *dev, *org, *ids;
  gchar *want;

  want = g_strdup_printf ("gst_ruview_room1_%s", slug);
  fail_unless_equals_string (doc_str (c, "unique_id"), want);
  g_free (want);
  want = g_strdup_printf ("%s.ruview_room1_%s", component, slug);
  fail_unless_equals_string (doc_str (c, "default_entity_id"), want);
  g_free (want);
  fail_unless (rv_json_get (c, "object_id") == NULL);
  want = g_strdup_printf ("ruview/room1/%s", slug);
  fail_unless_equals_string (doc_str (c, "state_topic"), want);
  g_free (want);
  fail_unless_equals_string (doc_str (c, "availability_topic"),
      "ruview/room1/availability");
  fail_unless_equals_string (doc_str (c, "payload_available"), "online");
  fail_unless_equals_string (doc_str (c, "payload_not_available"), "offline");
  fail_unless (doc_u64 (c, "expire_after") >= 30);
  dev = rv_json_get (c, "device");
  ids = rv_json_get (dev, "identifiers");
  fail_unless (ids && ids->type == RV_JSON_ARRAY && ids->n_children == 1);
  fail_unless_equals_string (ids->child->text, "gst_ruview_room1");
  fail_unless_equals_string (doc_str (dev, "name"), "RuView room1");
  fail_unless_equals_string (doc_str (dev, "manufacturer"), "gst-ruview");
  fail_unless_equals_string (doc_str (dev, "sw_version"), VERSION);
  org = rv_json_get (c, "origin");
  fail_unless_equals_string (doc_str (org, "name"), "gst-ruview");
  fail_unless_equals_string (doc_str (org, "sw_version"), VERSION);
  fail_unless (g_str_has_prefix (doc_str (org, "support_url"), "http"));
  if (g_str_equal (component, "binary_sensor")) {
    fail_unless_equals_string (doc_str (c, "device_class"), "occupancy");
    fail_unless_equals_string (doc_str (c, "payload_on"), "ON");
    fail_unless_equals_string (doc_str (c, "payload_off"), "OFF");
    fail_unless_equals_uint64 (doc_u64 (c, "qos"), 1);
  } else {
    fail_unless_equals_string (doc_str (c, "state_class"), "measurement");
    fail_unless (g_str_has_prefix (doc_str (c, "value_template"),
            "{{ value_json."));
    fail_unless_equals_string (doc_str (c, "json_attributes_topic"),
        doc_str (c, "state_topic"));
    fail_unless (rv_json_get (c, "unit_of_measurement") != NULL);
  }
}

/* ------------------------------------------------------------ tests */

/* Discovery configs (retained, field by field), the states (values, ts,
 * retained occupancy), the document stream unchanged, bad buffers. */
GST_START_TEST (test_discovery_and_states)
{
  Broker *b = broker_start ();
  Sub *s = sub_new (b->port, "live", TRUE, "homeassistant/#", "ruview/#",
      NULL), *late;
  GstElement *e = sink_new (b->port, "room1");
  GstBus *bus;
  GstHarness *h = sink_harness (e, &bus);
  TestDoc d = { 5, 1, RV_MOTION_PRESENT_MOVING, 0.8, 7.5, 2, 2, {-41.5, -63} };
  RvJsonDoc *doc = rv_json_doc_new ();
  const gchar *slugs[] = { "occupancy", "person_count", "motion_level",
    "presence_score", "node1_rssi", "node2_rssi"
  };
  size_t len;
  char *text;
  Msg *m;
  guint i;

  wait_prop (e, "connected", TRUE);
  expect_latest (s, "ruview/room1/availability", 1, "online");

  push_doc (h, &d);
  sub_wait (s, "ruview/room1/sensing", 1);
  m = sub_latest (s, "ruview/room1/sensing");
  text = test_doc_text (&d, &len);
  /* the document itself, without its newline */
  fail_unless_equals_int (m->len, len - 1);
  fail_unless (memcmp (m->payload, text, len - 1) == 0);
  free (text);
  msg_free (m);

  /* the configs: the room's four and one per node of the document */
  for (i = 0; i < G_N_ELEMENTS (room_configs); i++) {
    sub_wait (s, room_configs[i], 1);
    m = sub_latest (s, room_configs[i]);
    check_config (doc, m, slugs[i], i == 0 ? "binary_sensor" : "sensor");
    msg_free (m);
  }
  m = sub_latest (s, room_configs[4]);
  {
    const RvJsonValue *c = parse (doc, m);
    fail_unless_equals_string (doc_str (c, "name"), "Node 1 RSSI");
    fail_unless_equals_string (doc_str (c, "device_class"), "signal_strength");
    fail_unless_equals_string (doc_str (c, "unit_of_measurement"), "dBm");
    fail_unless_equals_string (doc_str (c, "entity_category"), "diagnostic");
  }
  msg_free (m);

  /* the states */
  expect_latest (s, "ruview/room1/occupancy", 1, "ON");
  sub_wait (s, "ruview/room1/person_count", 1);
  m = sub_latest (s, "ruview/room1/person_count");
  fail_unless_equals_uint64 (doc_u64 (parse (doc, m), "n_persons"), 2);
  check_ts (doc_str (parse (doc, m), "ts"));
  msg_free (m);
  sub_wait (s, "ruview/room1/motion_level", 1);
  m = sub_latest (s, "ruview/room1/motion_level");
  fail_unless (doc_f64 (parse (doc, m), "level_pct") == 50.0);
  fail_unless_equals_string (doc_str (parse (doc, m), "level"),
      "present_moving");
  msg_free (m);
  sub_wait (s, "ruview/room1/presence_score", 1);
  m = sub_latest (s, "ruview/room1/presence_score");
  fail_unless (doc_f64 (parse (doc, m), "score_pct") == 80.0);
  msg_free (m);
  sub_wait (s, "ruview/room1/node2_rssi", 1);
  m = sub_latest (s, "ruview/room1/node2_rssi");
  fail_unless (doc_f64 (parse (doc, m), "dbm") == -63.0);
  check_ts (doc_str (parse (doc, m), "ts"));
  msg_free (m);

  /* presence goes: OFF at once, whatever the rate of the others */
  d.tick = 6;
  d.presence = 0;
  d.level = RV_MOTION_ABSENT;
  push_doc (h, &d);
  expect_latest (s, "ruview/room1/occupancy", 2, "OFF");

  /* a buffer that is not UTF-8 is counted, not published */
  {
    static const guint8 bad[] = { '{', 0xff, 0xfe, '}' };
    fail_unless_equals_int (gst_harness_push (h,
            gst_buffer_new_memdup (bad, sizeof (bad))), GST_FLOW_OK);
    fail_unless_equals_uint64 (prop_u64 (e, "invalid-buffers"), 1);
  }
  /* 40 documents at once: the 1 Hz states at most once per second of it */
  {
    gint64 t0 = g_get_monotonic_time ();
    guint before = sub_count (s, "ruview/room1/person_count"), after;
    gdouble secs;
    push_ticks (h, 100, 140);
    sub_wait (s, "ruview/room1/sensing", 42);
    secs = (g_get_monotonic_time () - t0) / 1e6;
    after = sub_count (s, "ruview/room1/person_count");
    fail_unless (after - before <= (guint) secs + 1, "%u states in %.2f s",
        after - before, secs);
  }
  wait_prop (e, "published", 42);
  fail_unless_equals_uint64 (prop_u64 (e, "dropped"), 0);

  /* retained: a client arriving later gets the configs, availability and
   * occupancy at once */
  late = sub_new (b->port, "late", TRUE, "homeassistant/#",
      "ruview/room1/availability", "ruview/room1/occupancy", NULL);
  for (i = 0; i < G_N_ELEMENTS (room_configs); i++) {
    sub_wait (late, room_configs[i], 1);
    m = sub_latest (late, room_configs[i]);
    fail_unless (m->retain, "%s not retained", room_configs[i]);
    msg_free (m);
  }
  sub_wait (late, "ruview/room1/occupancy", 1);
  m = sub_latest (late, "ruview/room1/occupancy");
  fail_unless (m->retain);
  fail_unless_equals_string (m->payload, "ON");  /* the 40 were present */
  msg_free (m);
  sub_free (late);

  /* stopping says offline (a clean disconnect sends no Last Will) */
  sink_teardown (h, bus);
  expect_latest (s, "ruview/room1/availability", 2, "offline");

  rv_json_doc_free (doc);
  sub_free (s);
  broker_free (b);
}
GST_END_TEST;

/* A pipeline in a child process, killed: the broker publishes its Last
 * Will and Home Assistant shows the room unavailable.  The child is this
 * test forked before it starts any thread (as check forks every test), so
 * it runs the plugins of this build on any architecture, emulated too. */
GST_START_TEST (test_last_will)
{
  Broker *b = broker_start ();
  gchar *line = g_strdup_printf ("csisrc is-live=true ! rvphasealign ! "
      "rvmultistaticfuse ! rvmetaconvert format=sensing-update ! "
      "rvmqttsink host=127.0.0.1 port=%d device-id=lwt", b->port);
  Sub *s;
  pid_t pid;
  gint status;

  pid = fork ();
  fail_unless (pid >= 0, "fork");
  if (pid == 0) {
    GstElement *p = gst_parse_launch (line, NULL);
    if (!p || gst_element_set_state (p, GST_STATE_PLAYING)
        == GST_STATE_CHANGE_FAILURE)
      _exit (1);
    for (;;)
      g_usleep (G_USEC_PER_SEC);        /* until killed */
  }
  /* the availability is retained: subscribing after the child starts
   * still sees its online */
  s = sub_new (b->port, "watch", TRUE, "ruview/lwt/availability", NULL);
  expect_latest (s, "ruview/lwt/availability", 1, "online");

  kill (pid, SIGKILL);
  fail_unless (waitpid (pid, &status, 0) == pid);
  fail_unless (WIFSIGNALED (status), "the pipeline process ended by itself");
  expect_latest (s, "ruview/lwt/availability", 2, "offline");

  g_free (line);
  sub_free (s);
  broker_free (b);
}
GST_END_TEST;

/* Home Assistant's birth message: every config again, then the states. */
GST_START_TEST (test_birth_message)
{
  Broker *b = broker_start ();
  Sub *s = sub_new (b->port, "ha", TRUE, "homeassistant/#",
      "ruview/room1/occupancy", NULL);
  GstElement *e = sink_new (b->port, "room1");
  GstBus *bus;
  GstHarness *h = sink_harness (e, &bus);
  TestDoc d = { 1, 1, RV_MOTION_PRESENT_STILL, 0.6, 3.0, 1, 2, {-40, -50} };
  guint i;

  wait_prop (e, "connected", TRUE);
  push_doc (h, &d);
  for (i = 0; i < G_N_ELEMENTS (room_configs); i++)
    sub_wait (s, room_configs[i], 1);
  sub_wait (s, "ruview/room1/occupancy", 1);

  fail_unless_equals_int (mosquitto_publish (s->m, NULL,
          "homeassistant/status", 6, "online", 1, false), MOSQ_ERR_SUCCESS);
  for (i = 0; i < G_N_ELEMENTS (room_configs); i++)
    sub_wait (s, room_configs[i], 2);
  sub_wait (s, "ruview/room1/occupancy", 2);

  sink_teardown (h, bus);
  sub_free (s);
  broker_free (b);
}
GST_END_TEST;

/* Pushes documents at 20 Hz on its own thread (the live pipeline). */
typedef struct
{
  GstHarness *h;
  volatile gint stop;
  volatile gint pushed;
  GThread *thread;
} Pusher;

static gpointer
pusher_run (gpointer data)
{
  Pusher *p = data;
  TestDoc d = { 0, 1, RV_MOTION_PRESENT_STILL, 0.6, 3.0, 1, 2, {-40, -50} };

  while (!g_atomic_int_get (&p->stop)) {
    d.tick = (guint64) g_atomic_int_get (&p->pushed);
    push_doc (p->h, &d);
    g_atomic_int_inc (&p->pushed);
    g_usleep (50000);
  }
  return NULL;
}

/* waits until the pusher has pushed n more documents */
static void
pusher_wait (Pusher * p, gint more)
{
  gint want = g_atomic_int_get (&p->pushed) + more;
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  while (g_atomic_int_get (&p->pushed) < want) {
    fail_unless (g_get_monotonic_time () < end);
    g_usleep (5000);
  }
}

/* The ticks arrived are want[0..n) in this order, each first arrival
 * after the previous one; a tick may come again only after its first
 * arrival (a QoS 1 re-delivery: the sink re-sends what the broker took but
 * had not confirmed, the broker re-sends to a subscriber what it had not
 * seen confirmed before it stopped).  Returns the number of repeats. */
static guint
check_ticks (GArray * ticks, const guint64 * want, guint n)
{
  GHashTable *seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint i, next = 0, repeats = 0;

  for (i = 0; i < ticks->len; i++) {
    guint64 *t = &g_array_index (ticks, guint64, i);
    if (g_hash_table_contains (seen, t)) {
      repeats++;
      continue;
    }
    fail_unless (next < n, "tick %" G_GUINT64_FORMAT " after the last",
        *t);
    fail_unless_equals_uint64 (*t, want[next]);
    g_hash_table_add (seen, t);
    next++;
  }
  fail_unless_equals_int (next, n);
  g_hash_table_unref (seen);
  return repeats;
}

/* The broker stops for several seconds mid-stream and comes back with its
 * persistence; a subscriber's persistent session collects meanwhile.
 * Every tick arrives, none missing, none out of order; the configs are
 * sent again after the reconnection. */
GST_START_TEST (test_outage_nothing_lost)
{
  Broker *b = broker_start ();
  Sub *s = sub_new (b->port, "backend", FALSE, "ruview/room1/sensing",
      "homeassistant/binary_sensor/gst_ruview_room1/occupancy/config", NULL);
  GstElement *e = sink_new (b->port, "room1");
  GstBus *bus;
  GstHarness *h = sink_harness (e, &bus);
  Pusher p = { h, 0, 0, NULL };
  GArray *ticks;
  gchar *warning;
  guint64 *want;
  gint64 stopped_at, left;
  guint repeats;
  gint n, i;

  wait_prop (e, "connected", TRUE);
  p.thread = g_thread_new ("pusher", pusher_run, &p);
  pusher_wait (&p, 20);
  broker_stop (b);
  stopped_at = g_get_monotonic_time ();
  wait_prop (e, "connected", FALSE);
  /* the outage: at least 3 s, and at least 40 documents */
  pusher_wait (&p, 40);
  left = stopped_at + 3 * G_USEC_PER_SEC - g_get_monotonic_time ();
  if (left > 0)
    g_usleep ((gulong) left);
  broker_restart (b);
  wait_prop (e, "connected", TRUE);
  pusher_wait (&p, 20);
  g_atomic_int_set (&p.stop, 1);
  g_thread_join (p.thread);
  n = g_atomic_int_get (&p.pushed);

  /* first arrivals come in order: the last one means all are there */
  sub_wait_tick (s, "ruview/room1/sensing", (guint64) n - 1);
  wait_prop (e, "published", (guint64) n);
  ticks = sub_ticks (s, "ruview/room1/sensing");
  want = g_new (guint64, n);
  for (i = 0; i < n; i++)
    want[i] = (guint64) i;
  repeats = check_ticks (ticks, want, (guint) n);
  g_print ("outage: %d documents, %u delivered twice\n", n, repeats);
  g_array_unref (ticks);
  g_free (want);
  fail_unless_equals_uint64 (prop_u64 (e, "dropped"), 0);
  fail_unless_equals_uint64 (prop_u64 (e, "reconnects"), 1);
  /* discovery again on the new connection: two configs published while
   * subscribed (the subscriber's own re-subscription after the restart
   * brings a retained copy, flagged as such) */
  sub_wait_full (s,
      "homeassistant/binary_sensor/gst_ruview_room1/occupancy/config", 2,
      TRUE);
  /* the outage was a warning, not an error */
  warning = bus_expect (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (warning, "Lost the connection"), "%s", warning);
  g_free (warning);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL);

  sink_teardown (h, bus);
  sub_free (s);
  broker_free (b);
}
GST_END_TEST;

/* An outage longer than max-queued: exactly the oldest are dropped and
 * counted; the rest arrive in order. */
GST_START_TEST (test_outage_beyond_max_queued)
{
  Broker *b = broker_start ();
  Sub *s = sub_new (b->port, "backend", FALSE, "ruview/room1/sensing", NULL);
  GstElement *e = sink_new (b->port, "room1");
  GstBus *bus;
  GstHarness *h;
  GArray *ticks;
  guint64 want[40];
  guint i;

  g_object_set (e, "max-queued", 30, NULL);
  h = sink_harness (e, &bus);
  wait_prop (e, "connected", TRUE);
  push_ticks (h, 0, 10);
  wait_prop (e, "published", 10);
  broker_stop (b);
  wait_prop (e, "connected", FALSE);
  /* render queues at once: its counters hold when push returns */
  push_ticks (h, 10, 60);
  fail_unless_equals_int (prop_uint (e, "queued"), 30);
  fail_unless_equals_uint64 (prop_u64 (e, "dropped"), 20);
  broker_restart (b);
  wait_prop (e, "published", 40);
  sub_wait_tick (s, "ruview/room1/sensing", 59);
  ticks = sub_ticks (s, "ruview/room1/sensing");
  for (i = 0; i < 40; i++)
    want[i] = i < 10 ? i : i + 20;
  check_ticks (ticks, want, 40);
  g_array_unref (ticks);
  fail_unless_equals_int (prop_uint (e, "queued"), 0);
  fail_unless_equals_uint64 (prop_u64 (e, "dropped"), 20);

  sink_teardown (h, bus);
  sub_free (s);
  broker_free (b);
}
GST_END_TEST;

/* mqtt-qos 0 (a document counts once written: nothing comes back to wake
 * the sink, which must go on by itself) and 2 (counted at PUBCOMP; more
 * than the broker's QoS 2 limit in flight would be lost: mosquitto takes
 * 20 from a client by default). */
GST_START_TEST (test_qos_levels)
{
  Broker *b = broker_start ();
  Sub *s = sub_new (b->port, "backend", TRUE, "ruview/room2/sensing", NULL);
  GstElement *e;
  GstBus *bus;
  GstHarness *h;

  /* 2000 at once: at one window per poll timeout (a wake-up missing) this
   * would take a minute, twice the wait's bound */
  e = sink_new (b->port, "room1");
  g_object_set (e, "mqtt-qos", 0, "max-queued", 2000, NULL);
  h = sink_harness (e, &bus);
  wait_prop (e, "connected", TRUE);
  push_ticks (h, 0, 2000);
  wait_prop (e, "published", 2000);
  fail_unless_equals_uint64 (prop_u64 (e, "dropped"), 0);
  sink_teardown (h, bus);

  e = sink_new (b->port, "room2");
  g_object_set (e, "mqtt-qos", 2, NULL);
  h = sink_harness (e, &bus);
  wait_prop (e, "connected", TRUE);
  push_ticks (h, 0, 200);
  wait_prop (e, "published", 200);
  sub_wait_tick (s, "ruview/room2/sensing", 199);
  fail_unless_equals_int (sub_count (s, "ruview/room2/sensing"), 200);
  sink_teardown (h, bus);

  sub_free (s);
  broker_free (b);
}
GST_END_TEST;

/* No broker at start: a warning, documents kept, all delivered once it
 * is there.  With require-broker: an error. */
GST_START_TEST (test_broker_absent_at_start)
{
  Broker *b = broker_start ();
  GstElement *e;
  GstBus *bus;
  GstHarness *h;
  Sub *s;
  gchar *text;

  broker_stop (b);
  e = sink_new (b->port, "room1");
  h = sink_harness (e, &bus);
  push_ticks (h, 0, 15);
  text = bus_expect (bus, GST_MESSAGE_WARNING);
  fail_unless (strstr (text, "Could not connect"), "%s", text);
  g_free (text);
  fail_unless_equals_int (prop_uint (e, "queued"), 15);

  broker_restart (b);
  s = sub_new (b->port, "backend", TRUE, "ruview/room1/sensing", NULL);
  wait_prop (e, "published", 15);
  sub_wait (s, "ruview/room1/sensing", 15);
  fail_unless_equals_uint64 (prop_u64 (e, "reconnects"), 0);
  sink_teardown (h, bus);
  sub_free (s);

  broker_stop (b);
  e = sink_new (b->port, "room1");
  g_object_set (e, "require-broker", TRUE, NULL);
  h = sink_harness (e, &bus);
  g_free (bus_expect (bus, GST_MESSAGE_ERROR));
  sink_teardown (h, bus);
  broker_free (b);
}
GST_END_TEST;

/* A server that takes the TCP connection and never answers: rendering
 * never waits for it. */
GST_START_TEST (test_mute_broker)
{
  gint lsock = socket (AF_INET, SOCK_STREAM, 0), port;
  struct sockaddr_in a;
  socklen_t alen = sizeof (a);
  GstElement *e;
  GstBus *bus;
  GstHarness *h;

  memset (&a, 0, sizeof (a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fail_unless (bind (lsock, (struct sockaddr *) &a, sizeof (a)) == 0);
  fail_unless (listen (lsock, 8) == 0);
  fail_unless (getsockname (lsock, (struct sockaddr *) &a, &alen) == 0);
  port = ntohs (a.sin_port);

  e = sink_new (port, "room1");
  g_object_set (e, "max-queued", 100, "drain-timeout", 0, NULL);
  h = sink_harness (e, &bus);
  /* every push returns while the sink waits for a CONNACK that never
   * comes (the connection sits in the listen backlog) */
  push_ticks (h, 0, 250);
  fail_unless_equals_int (prop_uint (e, "queued"), 100);
  fail_unless_equals_uint64 (prop_u64 (e, "dropped"), 150);
  fail_unless (!prop_u64 (e, "published"));
  sink_teardown (h, bus);
  close (lsock);
}
GST_END_TEST;

/* ------------------------------------------------------------ TLS */

static gboolean
run_openssl (const gchar * dir, const gchar * args)
{
  gchar *cmd = g_strdup_printf ("openssl %s", args), *out = NULL, *errs = NULL;
  gchar **argv = NULL;
  gint status = -1;
  gboolean ok;

  fail_unless (g_shell_parse_argv (cmd, NULL, &argv, NULL));
  ok = g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
      &errs, &status, NULL) && g_spawn_check_wait_status (status, NULL);
  if (!ok)
    g_printerr ("openssl %s: %s\n", args, errs ? errs : "");
  g_strfreev (argv);
  g_free (cmd);
  g_free (out);
  g_free (errs);
  return ok;
}

/* A CA, a server certificate for 127.0.0.1 and a client certificate,
 * made with openssl in dir (EC P-256 keys: quick). */
static void
make_certs (const gchar * dir)
{
  const gchar *ext = "subjectAltName=IP:127.0.0.1";
  gchar *cnf = g_build_filename (dir, "san.cnf", NULL);
  gchar *args;

  fail_unless (g_file_set_contents (cnf, ext, -1, NULL));
  fail_unless (run_openssl (dir, "req -x509 -newkey ec -pkeyopt "
          "ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 2 "
          "-subj /CN=rv-test-ca"));
  fail_unless (run_openssl (dir, "req -newkey ec -pkeyopt "
          "ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr "
          "-subj /CN=127.0.0.1"));
  args = g_strdup_printf ("x509 -req -in server.csr -CA ca.crt -CAkey ca.key "
      "-CAcreateserial -out server.crt -days 2 -extfile %s", cnf);
  fail_unless (run_openssl (dir, args));
  g_free (args);
  fail_unless (run_openssl (dir, "req -newkey ec -pkeyopt "
          "ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr "
          "-subj /CN=rv-test-client"));
  fail_unless (run_openssl (dir, "x509 -req -in client.csr -CA ca.crt "
          "-CAkey ca.key -CAcreateserial -out client.crt -days 2"));
  g_free (cnf);
}

/* TLS with a client certificate the broker requires; a CA that did not
 * sign the broker's certificate is not connected. */
GST_START_TEST (test_tls)
{
  gchar *dir, *extra, *ca, *crt, *key;
  gint tls_port;
  Broker *b;
  Sub *s;
  GstElement *e;
  GstBus *bus;
  GstHarness *h;
  gchar *openssl = g_find_program_in_path ("openssl");

  if (!openssl) {
    g_print ("openssl is not installed: TLS not tested\n");
    return;
  }
  g_free (openssl);
  dir = g_dir_make_tmp ("rvmqtt-tls-XXXXXX", NULL);
  make_certs (dir);
  tls_port = free_port ();
  extra = g_strdup_printf ("listener %d 127.0.0.1\n"
      "cafile %s/ca.crt\ncertfile %s/server.crt\nkeyfile %s/server.key\n"
      "require_certificate true\n", tls_port, dir, dir, dir);
  b = broker_start_with (extra);
  s = sub_new (b->port, "backend", TRUE, "ruview/room1/sensing", NULL);
  ca = g_build_filename (dir, "ca.crt", NULL);
  crt = g_build_filename (dir, "client.crt", NULL);
  key = g_build_filename (dir, "client.key", NULL);

  e = sink_new (tls_port, "room1");
  g_object_set (e, "ca-file", ca, "cert-file", crt, "key-file", key, NULL);
  h = sink_harness (e, &bus);
  wait_prop (e, "connected", TRUE);
  push_ticks (h, 0, 5);
  sub_wait (s, "ruview/room1/sensing", 5);
  wait_prop (e, "published", 5);
  sink_teardown (h, bus);

  /* the client's own certificate as CA: the broker is not trusted */
  e = sink_new (tls_port, "room1");
  g_object_set (e, "ca-file", crt, "cert-file", crt, "key-file", key,
      "drain-timeout", 0, NULL);
  h = sink_harness (e, &bus);
  g_free (bus_expect (bus, GST_MESSAGE_WARNING));
  fail_unless (!prop_u64 (e, "published"));
  {
    gboolean c;
    g_object_get (e, "connected", &c, NULL);
    fail_unless (!c);
  }
  sink_teardown (h, bus);

  /* cert-file without key-file: refused at start */
  e = sink_new (tls_port, "room1");
  g_object_set (e, "ca-file", ca, "cert-file", crt, NULL);
  fail_unless (gst_element_set_state (e, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_FAILURE);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_object_unref (e);

  sub_free (s);
  broker_free (b);
  remove_tree (dir);
  g_free (dir);
  g_free (extra);
  g_free (ca);
  g_free (crt);
  g_free (key);
}
GST_END_TEST;

/* ------------------------------------------------------------ passwords */

static GString *logged;

static void
capture_log (GstDebugCategory * category, GstDebugLevel level,
    const gchar * file, const gchar * function, gint line, GObject * object,
    GstDebugMessage * message, gpointer data)
{
  const gchar *text = gst_debug_message_get (message);
  G_LOCK_DEFINE_STATIC (log);
  G_LOCK (log);
  if (text)
    g_string_append (logged, text);
  G_UNLOCK (log);
}

/* A broker with a password file: the right password connects, a wrong one
 * is an error that says so; the password is in no log line. */
GST_START_TEST (test_password)
{
  gchar *dir = g_dir_make_tmp ("rvmqtt-pw-XXXXXX", NULL);
  gchar *pwfile = g_build_filename (dir, "passwd", NULL), *extra, *err_text;
  gchar *passwd_tool = g_find_program_in_path ("mosquitto_passwd");
  const gchar *secret = "s3cret-Pa55word";
  Broker *b;
  GstElement *e;
  GstBus *bus;
  GstHarness *h;

  if (!passwd_tool && g_file_test ("/usr/bin/mosquitto_passwd",
          G_FILE_TEST_IS_EXECUTABLE))
    passwd_tool = g_strdup ("/usr/bin/mosquitto_passwd");
  if (!passwd_tool) {
    g_print ("mosquitto_passwd is not installed: passwords not tested\n");
    g_free (pwfile);
    remove_tree (dir);
    g_free (dir);
    return;
  }
  {
    gchar *argv[] = { passwd_tool, (gchar *) "-b", (gchar *) "-c", pwfile,
      (gchar *) "ruview", (gchar *) secret, NULL
    };
    gint status;
    fail_unless (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
            NULL, NULL, NULL, NULL, &status, NULL));
    fail_unless (g_spawn_check_wait_status (status, NULL));
  }
  /* the later allow_anonymous wins over the default line's */
  extra = g_strdup_printf ("allow_anonymous false\npassword_file %s\n",
      pwfile);
  b = broker_start_with (extra);

  logged = g_string_new (NULL);
  gst_debug_set_threshold_for_name ("rvmqttsink", GST_LEVEL_MEMDUMP);
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (capture_log, NULL, NULL);

  e = sink_new (b->port, "room1");
  g_object_set (e, "username", "ruview", "password", secret, NULL);
  h = sink_harness (e, &bus);
  wait_prop (e, "connected", TRUE);
  push_ticks (h, 0, 3);
  wait_prop (e, "published", 3);
  sink_teardown (h, bus);

  e = sink_new (b->port, "room1");
  g_object_set (e, "username", "ruview", "password", "wrong", NULL);
  h = sink_harness (e, &bus);
  err_text = bus_expect (bus, GST_MESSAGE_ERROR);
  fail_unless (strstr (err_text, "refused"), "%s", err_text);
  sink_teardown (h, bus);

  gst_debug_remove_log_function (capture_log);
  gst_debug_add_log_function (gst_debug_log_default, NULL, NULL);
  gst_debug_set_threshold_for_name ("rvmqttsink", GST_LEVEL_NONE);
  fail_unless (logged->len > 0, "nothing logged");
  fail_unless (strstr (logged->str, "publishing to") != NULL);
  fail_unless (strstr (logged->str, secret) == NULL,
      "the password was logged");
  fail_unless (strstr (logged->str, "wrong") == NULL);
  g_string_free (logged, TRUE);

  broker_free (b);
  g_free (err_text);
  g_free (extra);
  g_free (passwd_tool);
  g_free (pwfile);
  remove_tree (dir);
  g_free (dir);
}
GST_END_TEST;

/* ------------------------------------------------------------ settings */

GST_START_TEST (test_bad_settings)
{
  const gchar *bad[][2] = {
    {"device-id", "living room"},
    {"device-id", "a/b"},
    {"topic-prefix", "ruview/#"},
    {"topic-prefix", "/ruview"},
    {"discovery-prefix", "home+assistant"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    GstElement *e = sink_new (1883, "room1");
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    gst_element_set_bus (e, bus);
    g_object_set (e, bad[i][0], bad[i][1], NULL);
    fail_unless (gst_element_set_state (e, GST_STATE_PAUSED) ==
        GST_STATE_CHANGE_FAILURE, "%s=%s accepted", bad[i][0], bad[i][1]);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    gst_message_unref (msg);
    gst_element_set_state (e, GST_STATE_NULL);
    gst_bus_set_flushing (bus, TRUE);
    gst_object_unref (bus);
    gst_object_unref (e);
  }
}
GST_END_TEST;

static Suite *
rvmqttsink_suite (void)
{
  Suite *s = suite_create ("rvmqttsink");
  TCase *tc = tcase_create ("broker");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_discovery_and_states);
  tcase_add_test (tc, test_last_will);
  tcase_add_test (tc, test_birth_message);
  tcase_add_test (tc, test_outage_nothing_lost);
  tcase_add_test (tc, test_outage_beyond_max_queued);
  tcase_add_test (tc, test_qos_levels);
  tcase_add_test (tc, test_broker_absent_at_start);
  tcase_add_test (tc, test_mute_broker);
  tcase_add_test (tc, test_tls);
  tcase_add_test (tc, test_password);
  tcase_add_test (tc, test_bad_settings);
  return s;
}

int
main (int argc, char **argv)
{
  Suite *s;

  gst_check_init (&argc, &argv);
  if (!broker_program ()) {
    g_print ("SKIP: the mosquitto broker is not installed (./run installs "
        "it)\n");
    return 77;
  }
  mosquitto_lib_init ();
  s = rvmqttsink_suite ();
  return gst_check_run_suite (s, "rvmqttsink", __FILE__);
}
