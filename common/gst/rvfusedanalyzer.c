/* libgstruview — GstRvFusedAnalyzer (see rvfusedanalyzer.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvfusedanalyzer.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvmessage.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_fused_analyzer_debug);
#define GST_CAT_DEFAULT gst_rv_fused_analyzer_debug

#define DEFAULT_POST_MESSAGES     TRUE
#define DEFAULT_MESSAGE_INTERVAL  GST_RV_DEFAULT_MESSAGE_INTERVAL

enum
{
  PROP_0,
  PROP_POST_MESSAGES,
  PROP_MESSAGE_INTERVAL,
};

/* Locking: the object lock protects the properties and the counters; the
 * message interval and the scratch below belong to the streaming thread. */
typedef struct
{
  gboolean post_messages;
  GstClockTime message_interval;

  guint64 st_cycles, st_gaps, st_invalid;

  GstRvMessageInterval iv;
  guint64 iv_cycles, iv_gaps;
  GstRvFusedCycle cycle;
  GstMapInfo node_maps[GST_RV_FUSED_MAX_NODE_RECORDS];
} GstRvFusedAnalyzerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (GstRvFusedAnalyzer, gst_rv_fused_analyzer,
    GST_TYPE_BASE_TRANSFORM, G_ADD_PRIVATE (GstRvFusedAnalyzer);
    GST_DEBUG_CATEGORY_INIT (gst_rv_fused_analyzer_debug, "rvfusedanalyzer",
        0, "RuView fused-stream analyser base"));

#define PRIV(self) ((GstRvFusedAnalyzerPrivate *) \
    gst_rv_fused_analyzer_get_instance_private (self))

static void gst_rv_fused_analyzer_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_rv_fused_analyzer_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static gboolean gst_rv_fused_analyzer_start (GstBaseTransform * trans);
static gboolean gst_rv_fused_analyzer_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstFlowReturn gst_rv_fused_analyzer_transform_ip (GstBaseTransform *
    trans, GstBuffer * buf);

static void
gst_rv_fused_analyzer_class_init (GstRvFusedAnalyzerClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_rv_fused_analyzer_set_property;
  gobject_class->get_property = gst_rv_fused_analyzer_get_property;

  /**
   * GstRvFusedAnalyzer:post-messages:
   *
   * Post one element message, named after the element, with the results of
   * every `message-interval` of stream time (and of the last, shorter one at
   * EOS). Can be changed while playing.
   */
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post an element message with the results of every "
          "message-interval", DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvFusedAnalyzer:message-interval:
   *
   * Stream time covered by one element message (in nanoseconds): the
   * message describes the cycles of that interval and is posted when their
   * span reaches it, and at EOS for the last, shorter one. 0 posts one
   * message per cycle.
   */
  g_object_class_install_property (gobject_class, PROP_MESSAGE_INTERVAL,
      g_param_spec_uint64 ("message-interval", "Message interval",
          "Stream time covered by one element message (in nanoseconds; 0 = "
          "one message per cycle)", 0, G_MAXUINT64, DEFAULT_MESSAGE_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_fused_analyzer_start);
  trans_class->sink_event =
      GST_DEBUG_FUNCPTR (gst_rv_fused_analyzer_sink_event);
  trans_class->transform_ip =
      GST_DEBUG_FUNCPTR (gst_rv_fused_analyzer_transform_ip);
  trans_class->passthrough_on_same_caps = FALSE;
  trans_class->transform_ip_on_passthrough = FALSE;
}

static void
gst_rv_fused_analyzer_init (GstRvFusedAnalyzer * self)
{
  GstRvFusedAnalyzerPrivate *priv = PRIV (self);

  priv->post_messages = DEFAULT_POST_MESSAGES;
  priv->message_interval = DEFAULT_MESSAGE_INTERVAL;
  gst_rv_message_interval_reset (&priv->iv);
  /* metas are added: never passthrough (style §1.C, `level`) */
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), FALSE);
  gst_base_transform_set_gap_aware (GST_BASE_TRANSFORM (self), TRUE);
}

static gboolean
gst_rv_fused_analyzer_start (GstBaseTransform * trans)
{
  GstRvFusedAnalyzer *self = GST_RV_FUSED_ANALYZER (trans);
  GstRvFusedAnalyzerPrivate *priv = PRIV (self);

  GST_OBJECT_LOCK (self);
  priv->st_cycles = priv->st_gaps = priv->st_invalid = 0;
  GST_OBJECT_UNLOCK (self);
  gst_rv_message_interval_reset (&priv->iv);
  priv->iv_cycles = priv->iv_gaps = 0;
  return TRUE;
}

const GstSegment *
gst_rv_fused_analyzer_segment (GstRvFusedAnalyzer * self)
{
  return &GST_BASE_TRANSFORM (self)->segment;
}

GstStructure *
gst_rv_fused_analyzer_stats_new (GstRvFusedAnalyzer * self,
    const gchar * name)
{
  GstRvFusedAnalyzerPrivate *priv = PRIV (self);

  return gst_structure_new (name,
      "cycles", G_TYPE_UINT64, priv->st_cycles,
      "gaps", G_TYPE_UINT64, priv->st_gaps,
      "invalid", G_TYPE_UINT64, priv->st_invalid, NULL);
}

/* streaming thread: the message of the open interval (NULL if none) */
static GstMessage *
take_message (GstRvFusedAnalyzer * self)
{
  GstRvFusedAnalyzerClass *klass = GST_RV_FUSED_ANALYZER_GET_CLASS (self);
  GstRvFusedAnalyzerPrivate *priv = PRIV (self);
  GstStructure *s;
  guint64 analyzed = priv->iv_cycles;

  /* nothing was accounted since the last message */

  if (priv->iv.buffers == 0)
    return NULL;
  s = gst_rv_message_interval_take (&priv->iv, klass->message_name,
      &GST_BASE_TRANSFORM (self)->segment);
  gst_structure_set (s, "cycles", G_TYPE_UINT64, analyzed,
      "gaps", G_TYPE_UINT64, priv->iv_gaps, NULL);
  priv->iv_cycles = priv->iv_gaps = 0;
  if (klass->fill_message)
    klass->fill_message (self, s, analyzed);
  return gst_message_new_element (GST_OBJECT (self), s);
}

static gboolean
gst_rv_fused_analyzer_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstRvFusedAnalyzer *self = GST_RV_FUSED_ANALYZER (trans);
  GstRvFusedAnalyzerPrivate *priv = PRIV (self);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:{
      gboolean post;
      GstMessage *msg;
      GST_OBJECT_LOCK (self);
      post = priv->post_messages;
      GST_OBJECT_UNLOCK (self);
      msg = post ? take_message (self) : NULL;
      if (msg)
        gst_element_post_message (GST_ELEMENT (self), msg);
      break;
    }
    case GST_EVENT_FLUSH_STOP:
      gst_rv_message_interval_reset (&priv->iv);
      priv->iv_cycles = priv->iv_gaps = 0;
      break;
    default:
      break;
  }
  return GST_BASE_TRANSFORM_CLASS (gst_rv_fused_analyzer_parent_class)->
      sink_event (trans, event);
}

static void
unmap_nodes (GstBuffer * buf, GstMapInfo * maps, guint n)
{
  guint i;
  for (i = 0; i < n; i++)
    gst_rv_fused_buffer_unmap_node (buf, &maps[i]);
}

static GstFlowReturn
gst_rv_fused_analyzer_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstRvFusedAnalyzer *self = GST_RV_FUSED_ANALYZER (trans);
  GstRvFusedAnalyzerClass *klass = GST_RV_FUSED_ANALYZER_GET_CLASS (self);
  GstRvFusedAnalyzerPrivate *priv = PRIV (self);
  GstRvFusedCycle *c = &priv->cycle;
  GstRvCycleKind kind = GST_RV_CYCLE_INVALID;
  GstFlowReturn ret = GST_FLOW_OK;
  GstMessage *msg = NULL;
  GstClockTime interval;
  GstMapInfo map;
  gboolean post, due;
  guint i = 0, n;

  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP)) {
    kind = GST_RV_CYCLE_GAP;
  } else if (!gst_rv_fused_buffer_map (buf, &map, klass->writes_record ?
          GST_MAP_READWRITE : GST_MAP_READ, &c->record)) {
    GST_WARNING_OBJECT (self, "buffer %" GST_PTR_FORMAT " is not a fused "
        "record: passed on unchanged", buf);
  } else {
    if (c->record.n_bins == 0) {
      kind = GST_RV_CYCLE_GAP;
    } else {
      n = c->record.n_node_records;
      if (n > GST_RV_FUSED_MAX_NODE_RECORDS) {
        GST_WARNING_OBJECT (self, "cycle %" G_GUINT64_FORMAT " carries %u "
            "node records (at most %d): passed on unchanged", c->record.cycle,
            n, GST_RV_FUSED_MAX_NODE_RECORDS);
        n = 0;
      } else {
        for (i = 0; i < n; i++)
          if (!gst_rv_fused_buffer_map_node (buf, i, &priv->node_maps[i],
                  &c->nodes[i]))
            break;
        if (i < n)
          GST_WARNING_OBJECT (self, "cycle %" G_GUINT64_FORMAT ": node "
              "record %u of %u is not a valid csi record: passed on "
              "unchanged", c->record.cycle, i, n);
      }
      if (n <= GST_RV_FUSED_MAX_NODE_RECORDS && i == n) {
        c->n_node_records = n;
        kind = GST_RV_CYCLE_ANALYZED;
        ret = klass->analyze (self, buf, c);
        if (ret == GST_RV_FUSED_ANALYZER_FLOW_INVALID) {
          kind = GST_RV_CYCLE_INVALID;
          ret = GST_FLOW_OK;
        }
      }
      unmap_nodes (buf, priv->node_maps, i);
    }
    gst_rv_fused_buffer_unmap (buf, &map,
        klass->writes_record && kind == GST_RV_CYCLE_ANALYZED ?
        &c->record : NULL);
  }
  if (ret != GST_FLOW_OK)
    return ret;

  GST_OBJECT_LOCK (self);
  switch (kind) {
    case GST_RV_CYCLE_ANALYZED:
      priv->st_cycles++;
      break;
    case GST_RV_CYCLE_GAP:
      priv->st_gaps++;
      break;
    case GST_RV_CYCLE_INVALID:
      priv->st_invalid++;
      break;
  }
  post = priv->post_messages;
  interval = priv->message_interval;
  GST_OBJECT_UNLOCK (self);

  if (klass->finish)
    ret = klass->finish (self, buf, kind);

  if (kind == GST_RV_CYCLE_ANALYZED)
    priv->iv_cycles++;
  else if (kind == GST_RV_CYCLE_GAP)
    priv->iv_gaps++;
  due = gst_rv_message_interval_add (&priv->iv, buf, interval);
  if (due) {
    msg = take_message (self);
    if (!post)
      gst_clear_message (&msg);
  }
  if (msg)
    gst_element_post_message (GST_ELEMENT (self), msg);
  return ret;
}

static void
gst_rv_fused_analyzer_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvFusedAnalyzerPrivate *priv = PRIV (GST_RV_FUSED_ANALYZER (object));

  GST_OBJECT_LOCK (object);
  switch (prop_id) {
    case PROP_POST_MESSAGES:
      priv->post_messages = g_value_get_boolean (value);
      break;
    case PROP_MESSAGE_INTERVAL:
      priv->message_interval = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (object);
}

static void
gst_rv_fused_analyzer_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvFusedAnalyzerPrivate *priv = PRIV (GST_RV_FUSED_ANALYZER (object));

  GST_OBJECT_LOCK (object);
  switch (prop_id) {
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, priv->post_messages);
      break;
    case PROP_MESSAGE_INTERVAL:
      g_value_set_uint64 (value, priv->message_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (object);
}
