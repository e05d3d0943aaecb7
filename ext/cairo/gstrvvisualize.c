/* gst-ruview
 * Copyright (C) 2026 gst-ruview contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rvvisualize
 * @title: rvvisualize
 *
 * Draws each fused cycle and the metas the analysers attached to it as one
 * video frame, for watching the room or for laying over a camera with the
 * stock `compositor`. Every input buffer gives exactly one output frame with
 * the cycle's PTS and DURATION; the frame rate is the fused stream's. The
 * frame size is whatever downstream negotiates (640×480 by default, 4:3
 * when only one side is given); the drawing keeps its proportions at any
 * size.
 *
 * Layers, each switchable:
 *
 * * occupancy (#GstRvVisualize:draw-occupancy): the tomography grid of the
 *   occupancy meta seen from above, each column in the colour of its
 *   largest density (transparent when empty, then blue, green, yellow, red),
 *   scaled to the strongest column of the cycle;
 * * nodes (#GstRvVisualize:draw-nodes): each node of
 *   #GstRvVisualize:node-positions at its place — filled green when fused,
 *   red when rejected, a grey ring when absent or not in the cycle — with its
 *   id and RSSI (from the fused record's node table);
 * * node CSI (#GstRvVisualize:draw-csi): each node's channel amplitude
 *   profile under its label, from the node records — raw per-node data,
 *   drawn only when the cycle's privacy allows it;
 * * persons (#GstRvVisualize:draw-persons): the tracked persons of the pose
 *   meta, each in a colour of its track id, with the 17 keypoints joined as
 *   a skeleton and its id above;
 * * heads-up line (#GstRvVisualize:draw-hud): cycle, cross-node coherence,
 *   gate decision, person count, privacy class and the first 8 hex digits
 *   of the witness.
 *
 * A layer whose meta is missing is left out. A GAP buffer (or a cycle
 * without bins) and a buffer that is not a fused record are drawn as
 * "no data" on the background: nothing of an earlier cycle is shown again.
 *
 * Where things go: the room's floor box (#GstRvVisualize:bounds, x to the
 * right, y up) and the pose heuristic's 640×480 frame are each fitted into
 * the frame below the heads-up band, aspect-correct and centred
 * (common/ruview/visual.h has the formulas).
 *
 * Privacy: the node CSI profiles are the only raw data drawn; they are
 * withheld whenever the buffer's witness meta says the privacy mode drops
 * raw data or the cycle is Restricted (`gst_rv_buffer_raw_publish_allowed`),
 * even when node records are still on the buffer. Derived values (the
 * occupancy, the persons, per-node RSSI) are drawn in every mode.
 *
 * Output formats: BGRA, RGBA, ARGB, ABGR (straight alpha: with
 * #GstRvVisualize:background-alpha below 1 the frame is a transparent
 * overlay), and the opaque BGRx, RGBx, xRGB, xBGR, RGB, BGR, I420, YV12,
 * NV12, YUY2, UYVY (the picture composed over black). cairo draws straight
 * into the output buffer for BGRA and BGRx (little-endian; ARGB and xRGB on
 * big-endian machines); the other formats are drawn into a surface made at
 * caps time and converted (GstVideoConverter).
 *
 * Latency: the frame of a cycle is drawn when the cycle arrives and keeps
 * its running time; in a live pipeline the element reports the upstream
 * latency plus #GstRvVisualize:latency (its time to draw a frame), so a
 * live `compositor` waits for the sensing frame that belongs with each
 * camera frame.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 csisrc num-buffers=800 ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! rvvisualize ! videoconvert ! theoraenc ! oggmux ! filesink location=room.ogv
 * ]| The synthetic room drawn, 2 s of video at 20 frames per second.
 * |[
 * gst-launch-1.0 compositor name=mix ! video/x-raw,width=640,height=480 ! videoconvert ! fakesink sync=true videotestsrc is-live=true num-buffers=60 pattern=ball ! video/x-raw,width=640,height=480,framerate=30/1 ! mix. csisrc is-live=true num-buffers=800 ! rvphasealign ! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness ! rvvisualize background-alpha=0 ! mix.
 * ]| Live: a camera-like source with the sensing laid over it, 2 s.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <gst/video/video.h>

#include "gstrvcairoelements.h"
#include "gstrvvisualize.h"

#include "gst/ruview/rvelement.h"
#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvgatemeta.h"
#include "gst/ruview/rvoccupancymeta.h"
#include "gst/ruview/rvposemeta.h"
#include "gst/ruview/rvwitnessmeta.h"
#include "ruview/room_geometry.h"
#include "ruview/visual.h"

GST_DEBUG_CATEGORY_STATIC (gst_rv_visualize_debug);
#define GST_CAT_DEFAULT gst_rv_visualize_debug

#define DEFAULT_SYNTH_NODES      4      /* csisrc's default room */
#define DEFAULT_BOUNDS           "0,0,0,6,6,3"
#define DEFAULT_DRAW_OCCUPANCY   TRUE
#define DEFAULT_DRAW_PERSONS     TRUE
#define DEFAULT_DRAW_NODES       TRUE
#define DEFAULT_DRAW_CSI         TRUE
#define DEFAULT_DRAW_HUD         TRUE
#define DEFAULT_BACKGROUND_ALPHA 1.0
#define DEFAULT_LATENCY          (5 * GST_MSECOND)
#define DEFAULT_WIDTH            640
#define DEFAULT_HEIGHT           480

#define MAX_NODES    64
#define N_SURFACES   8          /* output memories drawn into directly */

/* the background colour (straight RGB) */
#define BG_R 0.07
#define BG_G 0.09
#define BG_B 0.12

enum
{
  PROP_0,
  PROP_NODE_POSITIONS,
  PROP_BOUNDS,
  PROP_DRAW_OCCUPANCY,
  PROP_DRAW_PERSONS,
  PROP_DRAW_NODES,
  PROP_DRAW_CSI,
  PROP_DRAW_HUD,
  PROP_BACKGROUND_ALPHA,
  PROP_LATENCY,
  PROP_STATS,
};

/* How a frame reaches the output buffer. */
typedef enum
{
  PATH_DIRECT,                  /* cairo draws into the output memory */
  PATH_UNPREMULTIPLY,           /* drawn aside, straight alpha written out */
  PATH_CONVERT                  /* drawn aside (opaque), GstVideoConverter */
} RenderPath;

/* A cairo surface (and its context) over one output memory. */
typedef struct
{
  guint8 *data;
  gint stride;
  cairo_surface_t *surface;
  cairo_t *cr;
} Target;

/* Lock order: stream lock → object lock.  The properties and counters are
 * under the object lock; the streaming thread takes the drawing switches
 * and the background alpha once per frame, and the geometry (node
 * positions, bounds) once at start.  Everything below "working state"
 * belongs to the streaming thread (caps, start/stop). */
struct _GstRvVisualize
{
  GstBaseTransform parent;

  gchar *prop_node_positions;
  gchar *prop_bounds;
  gboolean draw_occupancy, draw_persons, draw_nodes, draw_csi, draw_hud;
  gdouble background_alpha;
  GstClockTime latency;

  guint64 st_frames, st_gaps, st_invalid, st_csi_withheld;

  /* < private > working state */
  gsize n_pos;
  guint32 pos_ids[MAX_NODES];
  RvPosition3D pos[MAX_NODES];
  gdouble bounds[6];
  gboolean warned_unplaced;

  GstVideoInfo info;
  RenderPath path;
  cairo_format_t cairo_format;
  guint8 order[4];              /* R, G, B, A byte offsets (alpha formats) */
  RvVisualLayout layout;
  RvViewMap plan, pose;
  Target targets[N_SURFACES];
  guint next_target;
  Target aside;                 /* the surface of the other paths */
  GstBuffer *aside_buf;         /* its memory, for the converter */
  GstVideoInfo aside_info;
  GstVideoConverter *convert;
  gdouble *columns;             /* density column maxima */
  gsize columns_len;
  gdouble *profile;             /* 2 × RV_RECORD_MAX_DIM: a profile's points */
};

/* The per-frame switches, read once under the object lock. */
typedef struct
{
  gboolean occupancy, persons, nodes, csi, hud;
  gdouble alpha;
} Switches;

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define NATIVE_ALPHA  GST_VIDEO_FORMAT_BGRA
#define NATIVE_OPAQUE GST_VIDEO_FORMAT_BGRx
#define FORMATS "{ BGRA, BGRx, RGBA, ARGB, ABGR, RGBx, xRGB, xBGR, RGB, BGR, " \
    "I420, YV12, NV12, YUY2, UYVY }"
#else
#define NATIVE_ALPHA  GST_VIDEO_FORMAT_ARGB
#define NATIVE_OPAQUE GST_VIDEO_FORMAT_xRGB
#define FORMATS "{ ARGB, xRGB, BGRA, RGBA, ABGR, BGRx, RGBx, xBGR, RGB, BGR, " \
    "I420, YV12, NV12, YUY2, UYVY }"
#endif

#define SRC_CAPS "video/x-raw, format = (string) " FORMATS ", " \
    "width = (int) [ 16, 8192 ], height = (int) [ 16, 8192 ], " \
    "framerate = (fraction) [ 0/1, 2147483647/1 ], " \
    "pixel-aspect-ratio = (fraction) 1/1"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_RV_FUSED_CAPS_ANY));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (SRC_CAPS));

#define gst_rv_visualize_parent_class parent_class
G_DEFINE_TYPE (GstRvVisualize, gst_rv_visualize, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (rvvisualize, "rvvisualize",
    GST_RANK_NONE, GST_TYPE_RV_VISUALIZE,
    gst_rv_element_init (plugin);
    GST_DEBUG_CATEGORY_INIT (gst_rv_visualize_debug, "rvvisualize", 0,
        "RuView sensing drawn as video"));

static void gst_rv_visualize_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_rv_visualize_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_rv_visualize_finalize (GObject * object);
static gboolean gst_rv_visualize_start (GstBaseTransform * trans);
static gboolean gst_rv_visualize_stop (GstBaseTransform * trans);
static GstCaps *gst_rv_visualize_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static GstCaps *gst_rv_visualize_fixate_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * othercaps);
static gboolean gst_rv_visualize_set_caps (GstBaseTransform * trans,
    GstCaps * incaps, GstCaps * outcaps);
static gboolean gst_rv_visualize_decide_allocation (GstBaseTransform * trans,
    GstQuery * query);
static gboolean gst_rv_visualize_transform_meta (GstBaseTransform * trans,
    GstBuffer * outbuf, GstMeta * meta, GstBuffer * inbuf);
static gboolean gst_rv_visualize_src_query (GstBaseTransform * trans,
    GstPadDirection direction, GstQuery * query);
static GstFlowReturn gst_rv_visualize_transform (GstBaseTransform * trans,
    GstBuffer * inbuf, GstBuffer * outbuf);

static gchar default_node_positions[RV_GEOMETRY_TEXT_MAX];

static void
gst_rv_visualize_class_init (GstRvVisualizeClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_rv_visualize_set_property;
  gobject_class->get_property = gst_rv_visualize_get_property;
  gobject_class->finalize = gst_rv_visualize_finalize;

  rv_node_positions_synth_text (DEFAULT_SYNTH_NODES, default_node_positions,
      sizeof (default_node_positions));

  /**
   * GstRvVisualize:node-positions:
   *
   * Where the nodes are drawn: `id:x,y,z` entries (metres, `.` as the
   * decimal point) separated by `;`, the syntax and default of
   * rvtomography's property of the same name (csisrc's 4-node synthetic
   * room). Give both elements the same string. z is not drawn. A string
   * that does not parse is an error at start.
   */
  g_object_class_install_property (gobject_class, PROP_NODE_POSITIONS,
      g_param_spec_string ("node-positions", "Node positions",
          "Node positions as id:x,y,z entries separated by ';' (in metres; "
          "default: the synthetic room)", default_node_positions,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY | GST_PARAM_DOC_SHOW_DEFAULT));
  /**
   * GstRvVisualize:bounds:
   *
   * The room box drawn, `xmin,ymin,zmin,xmax,ymax,zmax` in metres (the
   * syntax and default of rvtomography's `bounds`; z is not drawn). The
   * occupancy grid is drawn at its own bounds, in the same metres.
   */
  g_object_class_install_property (gobject_class, PROP_BOUNDS,
      g_param_spec_string ("bounds", "Bounds",
          "Room box drawn as xmin,ymin,zmin,xmax,ymax,zmax (in metres; "
          "default " DEFAULT_BOUNDS ")", DEFAULT_BOUNDS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstRvVisualize:draw-occupancy:
   *
   * Draw the occupancy meta's grid seen from above (each column's largest
   * density, in the documented colour map, at the grid's own bounds) with
   * a colour bar. Left out on a cycle without the meta. Changeable while
   * playing.
   */
  g_object_class_install_property (gobject_class, PROP_DRAW_OCCUPANCY,
      g_param_spec_boolean ("draw-occupancy", "Draw occupancy",
          "Draw the occupancy grid seen from above (default true)",
          DEFAULT_DRAW_OCCUPANCY, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvVisualize:draw-persons:
   *
   * Draw the pose meta's tracked persons: 17 keypoints joined into a
   * skeleton, `#<id>` above, a colour per track id, tentative tracks half
   * transparent. Left out on a cycle without the meta. Changeable while
   * playing.
   */
  g_object_class_install_property (gobject_class, PROP_DRAW_PERSONS,
      g_param_spec_boolean ("draw-persons", "Draw persons",
          "Draw the tracked persons with their ids and skeletons "
          "(default true)", DEFAULT_DRAW_PERSONS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvVisualize:draw-nodes:
   *
   * Draw each node of #GstRvVisualize:node-positions at its place with its
   * status in the cycle (fused, rejected, absent, not seen) and its RSSI
   * from the fused record's node table. Changeable while playing.
   */
  g_object_class_install_property (gobject_class, PROP_DRAW_NODES,
      g_param_spec_boolean ("draw-nodes", "Draw nodes",
          "Draw the nodes at their positions with status and RSSI "
          "(default true)", DEFAULT_DRAW_NODES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvVisualize:draw-csi:
   *
   * Draw each node's channel amplitude profile under its label. This is
   * raw per-node data: it is only drawn when the cycle's privacy allows
   * raw data (never after rvwitness in a mode that drops it).
   */
  g_object_class_install_property (gobject_class, PROP_DRAW_CSI,
      g_param_spec_boolean ("draw-csi", "Draw node CSI",
          "Draw each node's amplitude profile (raw data: only where the "
          "privacy class allows it; default true)", DEFAULT_DRAW_CSI,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvVisualize:draw-hud:
   *
   * Draw the heads-up band at the top: cycle, cross-node coherence, gate
   * decision, person count, privacy class and the witness's first 8 hex
   * digits (each part only when its meta is there). Changeable while
   * playing.
   */
  g_object_class_install_property (gobject_class, PROP_DRAW_HUD,
      g_param_spec_boolean ("draw-hud", "Draw heads-up line",
          "Draw the heads-up line: cycle, coherence, gate, persons, privacy "
          "class, witness (default true)", DEFAULT_DRAW_HUD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvVisualize:background-alpha:
   *
   * Opacity of the background: 1 an opaque picture, 0 a transparent
   * overlay (with an alpha format, e.g. for `compositor`). With an opaque
   * format the background is composed over black.
   */
  g_object_class_install_property (gobject_class, PROP_BACKGROUND_ALPHA,
      g_param_spec_double ("background-alpha", "Background alpha",
          "Opacity of the background, 0 (transparent overlay) to 1 "
          "(default 1)", 0.0, 1.0, DEFAULT_BACKGROUND_ALPHA,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstRvVisualize:latency:
   *
   * The time a frame may take to draw, added to the upstream latency when
   * the element answers a LATENCY query in a live pipeline.
   */
  g_object_class_install_property (gobject_class, PROP_LATENCY,
      g_param_spec_uint64 ("latency", "Latency",
          "Time a frame may take to draw, reported as this element's "
          "latency in live pipelines (in nanoseconds; default 5 ms)", 0,
          G_MAXUINT64 / 2, DEFAULT_LATENCY, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY));
  /**
   * GstRvVisualize:stats:
   *
   * Counters since start: `frames` (cycles drawn), `gaps` (GAP buffers and
   * cycles without bins, drawn as "no data"), `invalid` (buffers that are
   * not a fused record, drawn as "no data"), `csi-withheld` (cycles whose
   * privacy forbade raw data while node CSI was to be drawn).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Counters: frames, gaps, invalid, csi-withheld", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "RuView sensing visualizer", "Filter/Converter/Video",
      "Draws the occupancy, the tracked persons, the nodes and the status of "
      "each fused cycle as a video frame", "gst-ruview contributors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_rv_visualize_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_rv_visualize_stop);
  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_rv_visualize_transform_caps);
  trans_class->fixate_caps = GST_DEBUG_FUNCPTR (gst_rv_visualize_fixate_caps);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_rv_visualize_set_caps);
  trans_class->decide_allocation =
      GST_DEBUG_FUNCPTR (gst_rv_visualize_decide_allocation);
  trans_class->transform_meta =
      GST_DEBUG_FUNCPTR (gst_rv_visualize_transform_meta);
  trans_class->query = GST_DEBUG_FUNCPTR (gst_rv_visualize_src_query);
  trans_class->transform = GST_DEBUG_FUNCPTR (gst_rv_visualize_transform);
  trans_class->passthrough_on_same_caps = FALSE;
}

static void
gst_rv_visualize_init (GstRvVisualize * self)
{
  self->prop_node_positions = g_strdup (default_node_positions);
  self->prop_bounds = g_strdup (DEFAULT_BOUNDS);
  self->draw_occupancy = DEFAULT_DRAW_OCCUPANCY;
  self->draw_persons = DEFAULT_DRAW_PERSONS;
  self->draw_nodes = DEFAULT_DRAW_NODES;
  self->draw_csi = DEFAULT_DRAW_CSI;
  self->draw_hud = DEFAULT_DRAW_HUD;
  self->background_alpha = DEFAULT_BACKGROUND_ALPHA;
  self->latency = DEFAULT_LATENCY;
  gst_video_info_init (&self->info);
  self->profile = g_new (gdouble, 2 * RV_RECORD_MAX_DIM);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), FALSE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), FALSE);
  gst_base_transform_set_gap_aware (GST_BASE_TRANSFORM (self), TRUE);
}

static void
target_clear (Target * t)
{
  g_clear_pointer (&t->cr, cairo_destroy);
  g_clear_pointer (&t->surface, cairo_surface_destroy);
  t->data = NULL;
  t->stride = 0;
}

/* A context over data; FALSE (and nothing made) when cairo refuses it. */
static gboolean
target_make (Target * t, cairo_format_t format, guint8 * data, gint width,
    gint height, gint stride)
{
  cairo_surface_t *s = cairo_image_surface_create_for_data (data, format,
      width, height, stride);

  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (s);
    return FALSE;
  }
  t->cr = cairo_create (s);
  if (cairo_status (t->cr) != CAIRO_STATUS_SUCCESS) {
    cairo_destroy (t->cr);
    t->cr = NULL;
    cairo_surface_destroy (s);
    return FALSE;
  }
  t->surface = s;
  t->data = data;
  t->stride = stride;
  cairo_select_font_face (t->cr, "monospace", CAIRO_FONT_SLANT_NORMAL,
      CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_antialias (t->cr, CAIRO_ANTIALIAS_FAST);
  return TRUE;
}

static void
free_render_state (GstRvVisualize * self)
{
  guint i;

  for (i = 0; i < N_SURFACES; i++)
    target_clear (&self->targets[i]);
  self->next_target = 0;
  target_clear (&self->aside);
  gst_clear_buffer (&self->aside_buf);
  g_clear_pointer (&self->convert, gst_video_converter_free);
}

static void
gst_rv_visualize_finalize (GObject * object)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (object);

  free_render_state (self);
  g_free (self->columns);
  g_free (self->profile);
  g_free (self->prop_node_positions);
  g_free (self->prop_bounds);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
gst_rv_visualize_start (GstBaseTransform * trans)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (trans);
  gchar *positions, *bounds;
  gboolean ok = FALSE;

  GST_OBJECT_LOCK (self);
  positions = g_strdup (self->prop_node_positions);
  bounds = g_strdup (self->prop_bounds);
  self->st_frames = self->st_gaps = self->st_invalid =
      self->st_csi_withheld = 0;
  GST_OBJECT_UNLOCK (self);

  if (gst_rv_element_parse_room (GST_ELEMENT (self), positions, bounds,
          self->pos_ids, self->pos, MAX_NODES, &self->n_pos, self->bounds)) {
    self->warned_unplaced = FALSE;
    ok = TRUE;
  }
  g_free (positions);
  g_free (bounds);
  return ok;
}

static gboolean
gst_rv_visualize_stop (GstBaseTransform * trans)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (trans);

  free_render_state (self);
  gst_video_info_init (&self->info);
  return TRUE;
}

/* ---- caps ---- */

static GstCaps *
gst_rv_visualize_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstPad *other = direction == GST_PAD_SINK ? trans->srcpad : trans->sinkpad;
  GstCaps *tmpl = gst_pad_get_pad_template_caps (other);
  GstCaps *res = gst_caps_new_empty ();
  guint i;

  /* everything the other side can be, at the same frame rate */
  for (i = 0; i < gst_caps_get_size (caps); i++) {
    const GValue *fr = gst_structure_get_value (gst_caps_get_structure (caps,
            i), "framerate");
    GstCaps *c = gst_caps_copy (tmpl);
    if (fr)
      gst_caps_set_value (c, "framerate", fr);
    res = gst_caps_merge (res, c);
  }
  gst_caps_unref (tmpl);
  if (filter) {
    GstCaps *f = gst_caps_intersect_full (filter, res,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (res);
    res = f;
  }
  GST_DEBUG_OBJECT (trans, "%s %" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT,
      direction == GST_PAD_SINK ? "sink" : "src", caps, res);
  return res;
}

static gboolean
is_fixed (const GstStructure * s, const gchar * field)
{
  const GValue *v = gst_structure_get_value (s, field);
  return v && G_VALUE_HOLDS_INT (v);
}

/* 640×480 unless downstream says otherwise; 4:3 when only one side is
 * given; the fused frame rate. */
static GstCaps *
gst_rv_visualize_fixate_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * othercaps)
{
  GstStructure *s;
  gint w, h, fps_n, fps_d;

  othercaps = gst_caps_make_writable (gst_caps_truncate (othercaps));
  if (direction != GST_PAD_SINK || gst_caps_is_empty (othercaps))
    return gst_caps_fixate (othercaps);
  s = gst_caps_get_structure (othercaps, 0);
  if (gst_structure_get_fraction (gst_caps_get_structure (caps, 0),
          "framerate", &fps_n, &fps_d))
    gst_structure_fixate_field_nearest_fraction (s, "framerate", fps_n,
        fps_d);
  if (is_fixed (s, "width") && !is_fixed (s, "height")) {
    gst_structure_get_int (s, "width", &w);
    gst_structure_fixate_field_nearest_int (s, "height", w * 3 / 4);
  } else if (is_fixed (s, "height") && !is_fixed (s, "width")) {
    gst_structure_get_int (s, "height", &h);
    gst_structure_fixate_field_nearest_int (s, "width", h * 4 / 3);
  } else {
    gst_structure_fixate_field_nearest_int (s, "width", DEFAULT_WIDTH);
    gst_structure_fixate_field_nearest_int (s, "height", DEFAULT_HEIGHT);
  }
  gst_structure_fixate_field_nearest_fraction (s, "pixel-aspect-ratio", 1,
      1);
  gst_structure_fixate_field (s, "format");
  GST_DEBUG_OBJECT (trans, "fixated to %" GST_PTR_FORMAT, othercaps);
  return gst_caps_fixate (othercaps);
}

static gboolean
gst_rv_visualize_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (trans);
  GstVideoInfo info;
  GstVideoFormat fmt;
  gint w, h, stride = 0;
  gsize size = 0;
  guint8 *data;

  if (!gst_video_info_from_caps (&info, outcaps))
    return FALSE;
  free_render_state (self);
  self->info = info;
  fmt = GST_VIDEO_INFO_FORMAT (&info);
  w = GST_VIDEO_INFO_WIDTH (&info);
  h = GST_VIDEO_INFO_HEIGHT (&info);
  rv_visual_layout ((guint) w, (guint) h, &self->layout);
  rv_view_map_plan (&self->plan, &self->layout, self->bounds);
  rv_view_map_pose (&self->pose, &self->layout);

  if (fmt == NATIVE_ALPHA || fmt == NATIVE_OPAQUE) {
    self->path = PATH_DIRECT;
    self->cairo_format = fmt == NATIVE_ALPHA ? CAIRO_FORMAT_ARGB32 :
        CAIRO_FORMAT_RGB24;
  } else if (GST_VIDEO_INFO_HAS_ALPHA (&info)) {
    /* the other packed 8-bit RGBA orders */
    self->path = PATH_UNPREMULTIPLY;
    self->cairo_format = CAIRO_FORMAT_ARGB32;
  } else {
    self->path = PATH_CONVERT;
    self->cairo_format = CAIRO_FORMAT_RGB24;
  }
  /* byte offsets of R, G, B, A in the alpha formats' pixels */
  if (GST_VIDEO_INFO_HAS_ALPHA (&info)) {
    const GstVideoFormatInfo *fi = info.finfo;
    self->order[0] = (guint8) fi->poffset[GST_VIDEO_COMP_R];
    self->order[1] = (guint8) fi->poffset[GST_VIDEO_COMP_G];
    self->order[2] = (guint8) fi->poffset[GST_VIDEO_COMP_B];
    self->order[3] = (guint8) fi->poffset[GST_VIDEO_COMP_A];
  }
  /* the other paths draw into a surface of their own */
  if (self->path != PATH_DIRECT) {
    stride = cairo_format_stride_for_width (self->cairo_format, w);
    size = (gsize) stride * h;
    data = g_malloc0 (size);
    self->aside_buf = gst_buffer_new_wrapped (data, size);
    if (!target_make (&self->aside, self->cairo_format, data, w, h, stride))
      return FALSE;
  }
  if (self->path == PATH_CONVERT) {
    gst_video_info_set_format (&self->aside_info, NATIVE_OPAQUE, (guint) w,
        (guint) h);
    self->aside_info.stride[0] = stride;
    self->aside_info.size = size;
    self->aside_info.fps_n = info.fps_n;
    self->aside_info.fps_d = info.fps_d;
    self->convert = gst_video_converter_new (&self->aside_info, &info, NULL);
    if (!self->convert)
      return FALSE;
  }
  GST_INFO_OBJECT (self, "%dx%d %s, %s", w, h,
      gst_video_format_to_string (fmt), self->path == PATH_DIRECT ?
      "drawn in place" : self->path == PATH_UNPREMULTIPLY ?
      "drawn aside, straight alpha" : "drawn aside, converted");
  return TRUE;
}

/* A video buffer pool of the negotiated size, downstream's if it has one;
 * video meta when downstream reads it. */
static gboolean
gst_rv_visualize_decide_allocation (GstBaseTransform * trans,
    GstQuery * query)
{
  GstCaps *caps;
  GstVideoInfo info;
  GstBufferPool *pool = NULL;
  GstStructure *config;
  guint size = 0, min = 0, max = 0;
  gboolean update = gst_query_get_n_allocation_pools (query) > 0;

  gst_query_parse_allocation (query, &caps, NULL);
  if (!caps || !gst_video_info_from_caps (&info, caps))
    return FALSE;
  if (update)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  if (!pool)
    pool = gst_video_buffer_pool_new ();
  size = MAX (size, (guint) info.size);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL))
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (!gst_buffer_pool_set_config (pool, config)) {
    config = gst_buffer_pool_get_config (pool);
    if (!gst_buffer_pool_config_validate_params (config, caps, size, min,
            max)) {
      gst_structure_free (config);
      gst_object_unref (pool);
      return FALSE;
    }
    gst_structure_free (config);
  }
  if (update)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);
  return TRUE;
}

/* The video frame carries none of the fused stream's metas. */
static gboolean
gst_rv_visualize_transform_meta (GstBaseTransform * trans, GstBuffer * outbuf,
    GstMeta * meta, GstBuffer * inbuf)
{
  return FALSE;
}

static gboolean
gst_rv_visualize_src_query (GstBaseTransform * trans,
    GstPadDirection direction, GstQuery * query)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (trans);
  GstClockTime min, max, own;
  gboolean live;

  if (direction != GST_PAD_SRC || GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return GST_BASE_TRANSFORM_CLASS (parent_class)->query (trans, direction,
        query);
  if (!gst_pad_peer_query (trans->sinkpad, query))
    return FALSE;
  gst_query_parse_latency (query, &live, &min, &max);
  GST_OBJECT_LOCK (self);
  own = self->latency;
  GST_OBJECT_UNLOCK (self);
  if (live) {
    min += own;
    if (GST_CLOCK_TIME_IS_VALID (max))
      max += own;
  }
  GST_DEBUG_OBJECT (self, "latency: live %d, min %" GST_TIME_FORMAT
      ", max %" GST_TIME_FORMAT, live, GST_TIME_ARGS (min),
      GST_TIME_ARGS (max));
  gst_query_set_latency (query, live, min, max);
  return TRUE;
}

/* ---- drawing ---- */

/* Text with a dark shadow, so it reads over any camera picture. */
static void
draw_text (GstRvVisualize * self, cairo_t * cr, double x, double y,
    const gchar * text, double r, double g, double b, double a)
{
  double d = MAX (1.0, self->layout.unit);

  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.8 * a);
  cairo_move_to (cr, x + d, y + d);
  cairo_show_text (cr, text);
  cairo_set_source_rgba (cr, r, g, b, a);
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

static void
draw_no_data (GstRvVisualize * self, cairo_t * cr)
{
  const gchar *text = "no data";
  const RvRect *v = &self->layout.view;
  cairo_text_extents_t ext;

  cairo_set_font_size (cr, 2.0 * self->layout.font);
  cairo_text_extents (cr, text, &ext);
  draw_text (self, cr, v->x + 0.5 * (v->w - ext.width) - ext.x_bearing,
      v->y + 0.5 * (v->h - ext.height) - ext.y_bearing, text, 0.85, 0.85,
      0.85, 1.0);
}

/* the outline of the room box: four pixel-aligned bars (filled boxes cost
 * their own pixels; a stroke would be composited over the whole box) */
static void
draw_room (GstRvVisualize * self, cairo_t * cr)
{
  int x, y, w, h, t = MAX (1, (int) (self->layout.unit + 0.5));

  rv_view_map_box (&self->plan, self->bounds[0], self->bounds[1],
      self->bounds[3], self->bounds[4], &x, &y, &w, &h);
  cairo_set_source_rgba (cr, 0.6, 0.65, 0.7, 0.8);
  cairo_rectangle (cr, x, y, w, t);
  cairo_rectangle (cr, x, y + h - t, w, t);
  cairo_rectangle (cr, x, y + t, t, h - 2 * t);
  cairo_rectangle (cr, x + w - t, y + t, t, h - 2 * t);
  cairo_fill (cr);
}

/* the colour map from 0 to the cycle's strongest column, in the view's
 * bottom-right corner */
static void
draw_legend (GstRvVisualize * self, cairo_t * cr, gdouble top)
{
  const RvRect *v = &self->layout.view;
  double u = self->layout.unit, w = 96.0 * u, h = 8.0 * u, rgba[4];
  double x = v->x + v->w - w - 4.0 * u, y = v->y + v->h - h - 4.0 * u;
  gchar num[G_ASCII_DTOSTR_BUF_SIZE], label[48];
  cairo_text_extents_t ext;
  guint i;

  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.5);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
  for (i = 0; i < 32; i++) {
    rv_density_colour ((i + 0.5) / 32.0, rgba);
    cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
    cairo_rectangle (cr, x + w * i / 32.0, y, w / 32.0, h);
    cairo_fill (cr);
  }
  g_snprintf (label, sizeof (label), "density 0 - %s",
      g_ascii_formatd (num, sizeof (num), "%.3g", MAX (top,
              RV_VISUAL_DENSITY_FLOOR)));
  cairo_set_font_size (cr, 0.75 * self->layout.font);
  cairo_text_extents (cr, label, &ext);
  draw_text (self, cr, x + w - ext.x_advance, y - 3.0 * u, label, 0.85,
      0.85, 0.85, 1.0);
}

/* Each cell is filled with its colour already composed over the plain
 * background (SOURCE, a fill instead of a blend per pixel): the cells come
 * first, right after the background, and never overlap. */
static void
draw_occupancy (GstRvVisualize * self, cairo_t * cr,
    const GstRvOccupancyMeta * occ, gdouble bg_alpha)
{
  const gdouble bg[4] = { BG_R, BG_G, BG_B, bg_alpha };
  const gdouble *dens;
  gdouble b[6], top, dx, dy, rgba[4], out[4];
  guint nx, ny, nz, ix, iy;
  gsize n;
  int x, y, w, h;

  gst_rv_occupancy_meta_get_dims (occ, &nx, &ny, &nz);
  gst_rv_occupancy_meta_get_bounds (occ, b);
  dens = gst_rv_occupancy_meta_get_densities (occ, &n);
  if (!dens || n == 0 || (gsize) nx * ny * nz != n)
    return;
  if (self->columns_len < (gsize) nx * ny) {
    g_free (self->columns);
    self->columns_len = (gsize) nx *ny;
    self->columns = g_new (gdouble, self->columns_len);
  }
  top = rv_density_columns (dens, nx, ny, nz, self->columns);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  dx = (b[3] - b[0]) / nx;
  dy = (b[4] - b[1]) / ny;
  for (iy = 0; iy < ny; iy++)
    for (ix = 0; ix < nx; ix++) {
      rv_density_colour (rv_density_level (self->columns[iy * nx + ix], top),
          rgba);
      if (rgba[3] <= 0.0)
        continue;
      rv_view_map_box (&self->plan, b[0] + ix * dx, b[1] + iy * dy,
          b[0] + (ix + 1) * dx, b[1] + (iy + 1) * dy, &x, &y, &w, &h);
      rv_visual_over (rgba, bg, out);
      cairo_set_source_rgba (cr, out[0], out[1], out[2], out[3]);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
    }
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  draw_legend (self, cr, top);
}

static const RvFusedRecordNode *
find_node (const RvFusedRecord * rec, guint32 id)
{
  guint i;

  for (i = 0; rec && i < rec->n_nodes; i++)
    if (rec->nodes[i].node_id == id)
      return &rec->nodes[i];
  return NULL;
}

static gint
find_position (GstRvVisualize * self, guint32 id)
{
  gsize k;

  for (k = 0; k < self->n_pos; k++)
    if (self->pos_ids[k] == id)
      return (gint) k;
  return -1;
}

static void
draw_nodes (GstRvVisualize * self, cairo_t * cr, const RvFusedRecord * rec)
{
  double u = self->layout.unit, r = 7.0 * u, fs = 0.85 * self->layout.font;
  gchar label[48];
  gsize k;
  guint i;

  cairo_set_font_size (cr, fs);
  cairo_set_line_width (cr, 2.0 * u);
  for (k = 0; k < self->n_pos; k++) {
    const RvFusedRecordNode *nd = find_node (rec, self->pos_ids[k]);
    double px, py;
    const gchar *state;

    rv_view_map_apply (&self->plan, self->pos[k].x, self->pos[k].y, &px,
        &py);
    cairo_new_path (cr);
    cairo_arc (cr, px, py, r, 0.0, 2.0 * G_PI);
    if (nd && nd->status == RV_NODE_FUSED) {
      cairo_set_source_rgba (cr, 0.20, 0.85, 0.30, 1.0);
      cairo_fill (cr);
      state = NULL;
    } else if (nd && nd->status == RV_NODE_REJECTED) {
      cairo_set_source_rgba (cr, 0.95, 0.25, 0.20, 1.0);
      cairo_fill (cr);
      state = "rejected";
    } else {
      cairo_set_source_rgba (cr, 0.60, 0.60, 0.60, 1.0);
      cairo_stroke (cr);
      state = nd ? "absent" : "not seen";
    }
    g_snprintf (label, sizeof (label), "node %u", self->pos_ids[k]);
    draw_text (self, cr, px + r + 3.0 * u, py - 1.0 * u, label, 0.95, 0.95,
        0.95, 1.0);
    if (nd && nd->rssi_dbm != 0 && nd->status != RV_NODE_ABSENT)
      g_snprintf (label, sizeof (label), "%d dBm%s%s", nd->rssi_dbm,
          state ? " " : "", state ? state : "");
    else
      g_strlcpy (label, state ? state : "", sizeof (label));
    if (label[0])
      draw_text (self, cr, px + r + 3.0 * u, py + fs, label, 0.80, 0.80,
          0.80, 1.0);
  }
  /* nodes of the cycle that have no position are not drawn: say so once */
  for (i = 0; rec && i < rec->n_nodes; i++)
    if (!self->warned_unplaced && find_position (self, rec->nodes[i].node_id)
        < 0) {
      self->warned_unplaced = TRUE;
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          (_("Node %u has no position in node-positions; it is not drawn."),
              rec->nodes[i].node_id), ("%" G_GSIZE_FORMAT " nodes "
              "configured; reported once", self->n_pos));
    }
}

/* each node record's channel-0 amplitude profile under its node */
static void
draw_csi (GstRvVisualize * self, cairo_t * cr, GstBuffer * buf)
{
  double u = self->layout.unit;
  guint i, n = gst_rv_fused_buffer_n_node_records (buf);

  cairo_set_line_width (cr, MAX (1.0, 1.2 * u));
  for (i = 0; i < n; i++) {
    GstMapInfo map;
    RvCsiFrame f;
    RvRect box;
    double px, py;
    gint k;
    guint j;

    if (!gst_rv_fused_buffer_map_node (buf, i, &map, &f))
      continue;
    k = find_position (self, f.node_id);
    if (k >= 0 && f.layout == RV_LAYOUT_CANONICAL && f.dim1 > 0) {
      rv_view_map_apply (&self->plan, self->pos[k].x, self->pos[k].y, &px,
          &py);
      /* under the node's two label lines */
      box.x = px + 10.0 * u;
      box.y = py + 1.5 * self->layout.font;
      box.w = 48.0 * u;
      box.h = 16.0 * u;
      cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.5);
      cairo_rectangle (cr, box.x, box.y, box.w, box.h);
      cairo_fill (cr);
      rv_visual_profile_points (rv_csi_amplitude (&f, 0), f.dim1, &box,
          self->profile);
      cairo_move_to (cr, self->profile[0], self->profile[1]);
      for (j = 1; j < f.dim1; j++)
        cairo_line_to (cr, self->profile[2 * j], self->profile[2 * j + 1]);
      cairo_set_source_rgba (cr, 0.45, 0.85, 1.0, 1.0);
      cairo_stroke (cr);
    }
    gst_rv_fused_buffer_unmap_node (buf, &map);
  }
}

static void
draw_persons (GstRvVisualize * self, cairo_t * cr, const GstRvPoseMeta * pose)
{
  double u = self->layout.unit, kp[GST_RV_POSE_KEYPOINTS][2];
  guint n = gst_rv_pose_meta_get_n_persons (pose), i, k;
  gchar label[24];

  cairo_set_font_size (cr, self->layout.font);
  for (i = 0; i < n; i++) {
    guint32 id = gst_rv_pose_meta_get_person_id (pose, i);
    const gchar *life = gst_rv_pose_meta_get_person_lifecycle (pose, i);
    double rgb[3], a = g_strcmp0 (life, "active") == 0 ? 1.0 : 0.55;
    double top = G_MAXDOUBLE, top_x = 0.0, x, y, z;

    rv_visual_id_colour (id, rgb);
    for (k = 0; k < GST_RV_POSE_KEYPOINTS; k++) {
      if (!gst_rv_pose_meta_get_person_keypoint (pose, i, k, &x, &y, &z))
        x = y = 0.0;
      rv_view_map_apply (&self->pose, x, y, &kp[k][0], &kp[k][1]);
      if (kp[k][1] < top) {
        top = kp[k][1];
        top_x = kp[k][0];
      }
    }
    /* the limbs end under the keypoint dots (butt caps suffice) */
    cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], a);
    cairo_set_line_width (cr, 3.0 * u);
    for (k = 0; k < RV_VISUAL_SKELETON_LIMBS; k++) {
      cairo_move_to (cr, kp[rv_visual_skeleton[k][0]][0],
          kp[rv_visual_skeleton[k][0]][1]);
      cairo_line_to (cr, kp[rv_visual_skeleton[k][1]][0],
          kp[rv_visual_skeleton[k][1]][1]);
    }
    cairo_stroke (cr);
    for (k = 0; k < GST_RV_POSE_KEYPOINTS; k++) {
      cairo_new_sub_path (cr);
      cairo_arc (cr, kp[k][0], kp[k][1], 3.5 * u, 0.0, 2.0 * G_PI);
    }
    cairo_fill (cr);
    g_snprintf (label, sizeof (label), "#%u", id);
    draw_text (self, cr, top_x - 0.6 * self->layout.font, top - 8.0 * u,
        label, rgb[0], rgb[1], rgb[2], a);
  }
}

static void
draw_hud (GstRvVisualize * self, cairo_t * cr, const RvFusedRecord * rec,
    GstBuffer * buf)
{
  const GstRvGateMeta *gate = gst_buffer_get_rv_gate_meta (buf);
  const GstRvPoseMeta *pose = gst_buffer_get_rv_pose_meta (buf);
  const GstRvWitnessMeta *wit = gst_buffer_get_rv_witness_meta (buf);
  const RvRect *band = &self->layout.hud;
  gchar line[256], part[96], num[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (line, sizeof (line), "cycle %" G_GUINT64_FORMAT "  coh %s",
      rec->cycle, g_ascii_formatd (num, sizeof (num), "%.3f",
          rec->cross_node_coherence));
  if (gate) {
    g_snprintf (part, sizeof (part), "  gate %s",
        gst_rv_gate_meta_get_decision (gate));
    g_strlcat (line, part, sizeof (line));
  }
  if (pose) {
    g_snprintf (part, sizeof (part), "  persons %u",
        gst_rv_pose_meta_get_n_persons (pose));
    g_strlcat (line, part, sizeof (line));
  }
  if (wit) {
    g_snprintf (part, sizeof (part), "  %s  %.8s",
        gst_rv_witness_meta_get_effective_class (wit),
        gst_rv_witness_meta_get_witness (wit));
    g_strlcat (line, part, sizeof (line));
  }

  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.55);
  cairo_rectangle (cr, band->x, band->y, band->w, band->h);
  cairo_fill (cr);
  cairo_set_font_size (cr, self->layout.font);
  draw_text (self, cr, 8.0 * self->layout.unit, band->y + 0.72 * band->h,
      line, 0.95, 0.95, 0.95, 1.0);
}

typedef enum
{
  KIND_CYCLE,
  KIND_GAP,
  KIND_INVALID
} CycleKind;

static void
render (GstRvVisualize * self, cairo_t * cr, GstBuffer * buf,
    const Switches * sw, CycleKind kind, const RvFusedRecord * rec,
    gboolean * withheld)
{
  const GstRvOccupancyMeta *occ;
  const GstRvPoseMeta *pose;

  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, BG_R, BG_G, BG_B, sw->alpha);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  if (kind != KIND_CYCLE) {
    draw_no_data (self, cr);
    cairo_restore (cr);
    return;
  }
  occ = sw->occupancy ? gst_buffer_get_rv_occupancy_meta (buf) : NULL;
  if (occ)
    draw_occupancy (self, cr, occ, sw->alpha);
  if (occ || sw->nodes)
    draw_room (self, cr);
  if (sw->nodes)
    draw_nodes (self, cr, rec);
  if (sw->csi && gst_rv_fused_buffer_n_node_records (buf) > 0) {
    if (gst_rv_buffer_raw_publish_allowed (buf))
      draw_csi (self, cr, buf);
    else
      *withheld = TRUE;
  }
  pose = sw->persons ? gst_buffer_get_rv_pose_meta (buf) : NULL;
  if (pose)
    draw_persons (self, cr, pose);
  if (sw->hud)
    draw_hud (self, cr, rec, buf);
  cairo_restore (cr);
}

/* The context over the output memory (direct path), made once per memory. */
static Target *
direct_target (GstRvVisualize * self, GstVideoFrame * frame)
{
  guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  Target *t;
  guint i;

  for (i = 0; i < N_SURFACES; i++)
    if (self->targets[i].data == data && self->targets[i].stride == stride)
      return &self->targets[i];
  t = &self->targets[self->next_target];
  self->next_target = (self->next_target + 1) % N_SURFACES;
  target_clear (t);
  if (!target_make (t, self->cairo_format, data,
          GST_VIDEO_FRAME_WIDTH (frame), GST_VIDEO_FRAME_HEIGHT (frame),
          stride))
    return NULL;
  GST_DEBUG_OBJECT (self, "surface over %p (stride %d)", data, stride);
  return t;
}

/* the premultiplied rows of a surface made straight, in place */
static void
unpremultiply (cairo_surface_t * s)
{
  guint8 *d = cairo_image_surface_get_data (s);
  gint stride = cairo_image_surface_get_stride (s);
  gint w = cairo_image_surface_get_width (s);
  gint h = cairo_image_surface_get_height (s), y;

  for (y = 0; y < h; y++)
    rv_argb32_unpremultiply ((guint32 *) (d + (gsize) y * stride), w);
}

/* the straight rows of the aside surface into the frame's byte order */
static void
write_rows (GstRvVisualize * self, cairo_surface_t * s, GstVideoFrame * frame)
{
  guint8 *src = cairo_image_surface_get_data (s);
  gint ss = cairo_image_surface_get_stride (s);
  guint8 *d = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  gint ds = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  guint w = GST_VIDEO_FRAME_WIDTH (frame), h = GST_VIDEO_FRAME_HEIGHT (frame);
  guint y;

  for (y = 0; y < h; y++)
    rv_argb32_to_bytes ((const guint32 *) (src + (gsize) y * ss),
        (guint32 *) (d + (gsize) y * ds), w, self->order);
}

static GstFlowReturn
gst_rv_visualize_transform (GstBaseTransform * trans, GstBuffer * inbuf,
    GstBuffer * outbuf)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (trans);
  GstVideoFrame frame, aside;
  GstMapInfo map;
  RvFusedRecord rec;
  CycleKind kind = KIND_CYCLE;
  gboolean mapped = FALSE, withheld = FALSE;
  Switches sw;
  Target *t;

  if (GST_VIDEO_INFO_FORMAT (&self->info) == GST_VIDEO_FORMAT_UNKNOWN)
    return GST_FLOW_NOT_NEGOTIATED;
  GST_OBJECT_LOCK (self);
  sw.occupancy = self->draw_occupancy;
  sw.persons = self->draw_persons;
  sw.nodes = self->draw_nodes;
  sw.csi = self->draw_csi;
  sw.hud = self->draw_hud;
  sw.alpha = self->background_alpha;
  GST_OBJECT_UNLOCK (self);

  if (GST_BUFFER_FLAG_IS_SET (inbuf, GST_BUFFER_FLAG_GAP))
    kind = KIND_GAP;
  else if (!gst_rv_fused_buffer_map (inbuf, &map, GST_MAP_READ, &rec))
    kind = KIND_INVALID;
  else if (rec.n_bins == 0) {
    kind = KIND_GAP;
    gst_rv_fused_buffer_unmap (inbuf, &map, NULL);
  } else
    mapped = TRUE;
  if (kind == KIND_INVALID)
    GST_WARNING_OBJECT (self, "not a fused record: drawn as no data");

  if (!gst_video_frame_map (&frame, &self->info, outbuf, GST_MAP_WRITE)) {
    if (mapped)
      gst_rv_fused_buffer_unmap (inbuf, &map, NULL);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
        ("cannot map the output frame"));
    return GST_FLOW_ERROR;
  }
  t = self->path == PATH_DIRECT ? direct_target (self, &frame) : &self->aside;
  if (t) {
    render (self, t->cr, inbuf, &sw, kind, mapped ? &rec : NULL, &withheld);
    cairo_surface_flush (t->surface);
  }
  if (mapped)
    gst_rv_fused_buffer_unmap (inbuf, &map, NULL);
  if (!t) {
    gst_video_frame_unmap (&frame);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
        ("cairo cannot draw into the output memory"));
    return GST_FLOW_ERROR;
  }

  switch (self->path) {
    /* over an opaque background every pixel is opaque: already straight */
    case PATH_DIRECT:
      if (self->cairo_format == CAIRO_FORMAT_ARGB32 && sw.alpha < 1.0)
        unpremultiply (t->surface);
      break;
    case PATH_UNPREMULTIPLY:
      if (sw.alpha < 1.0)
        unpremultiply (t->surface);
      write_rows (self, t->surface, &frame);
      break;
    case PATH_CONVERT:
      if (gst_video_frame_map (&aside, &self->aside_info, self->aside_buf,
              GST_MAP_READ)) {
        gst_video_converter_frame (self->convert, &aside, &frame);
        gst_video_frame_unmap (&aside);
      }
      break;
  }
  gst_video_frame_unmap (&frame);

  /* a drawn frame, even when it says "no data" */
  GST_BUFFER_FLAG_UNSET (outbuf, GST_BUFFER_FLAG_GAP);
  GST_OBJECT_LOCK (self);
  if (kind == KIND_CYCLE)
    self->st_frames++;
  else if (kind == KIND_GAP)
    self->st_gaps++;
  else
    self->st_invalid++;
  if (withheld)
    self->st_csi_withheld++;
  GST_OBJECT_UNLOCK (self);
  return GST_FLOW_OK;
}

/* ---- properties ---- */

static void
gst_rv_visualize_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_NODE_POSITIONS:
      g_free (self->prop_node_positions);
      self->prop_node_positions = g_value_dup_string (value);
      break;
    case PROP_BOUNDS:
      g_free (self->prop_bounds);
      self->prop_bounds = g_value_dup_string (value);
      break;
    case PROP_DRAW_OCCUPANCY:
      self->draw_occupancy = g_value_get_boolean (value);
      break;
    case PROP_DRAW_PERSONS:
      self->draw_persons = g_value_get_boolean (value);
      break;
    case PROP_DRAW_NODES:
      self->draw_nodes = g_value_get_boolean (value);
      break;
    case PROP_DRAW_CSI:
      self->draw_csi = g_value_get_boolean (value);
      break;
    case PROP_DRAW_HUD:
      self->draw_hud = g_value_get_boolean (value);
      break;
    case PROP_BACKGROUND_ALPHA:
      self->background_alpha = g_value_get_double (value);
      break;
    case PROP_LATENCY:
      self->latency = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_rv_visualize_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRvVisualize *self = GST_RV_VISUALIZE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_NODE_POSITIONS:
      g_value_set_string (value, self->prop_node_positions);
      break;
    case PROP_BOUNDS:
      g_value_set_string (value, self->prop_bounds);
      break;
    case PROP_DRAW_OCCUPANCY:
      g_value_set_boolean (value, self->draw_occupancy);
      break;
    case PROP_DRAW_PERSONS:
      g_value_set_boolean (value, self->draw_persons);
      break;
    case PROP_DRAW_NODES:
      g_value_set_boolean (value, self->draw_nodes);
      break;
    case PROP_DRAW_CSI:
      g_value_set_boolean (value, self->draw_csi);
      break;
    case PROP_DRAW_HUD:
      g_value_set_boolean (value, self->draw_hud);
      break;
    case PROP_BACKGROUND_ALPHA:
      g_value_set_double (value, self->background_alpha);
      break;
    case PROP_LATENCY:
      g_value_set_uint64 (value, self->latency);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_structure_new ("rvvisualize-stats",
              "frames", G_TYPE_UINT64, self->st_frames,
              "gaps", G_TYPE_UINT64, self->st_gaps,
              "invalid", G_TYPE_UINT64, self->st_invalid,
              "csi-withheld", G_TYPE_UINT64, self->st_csi_withheld, NULL));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}
