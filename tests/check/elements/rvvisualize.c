/* rvvisualize: one frame per cycle with its PTS, size renegotiation, where
 * nodes and persons land (by the documented mapping), the synthetic room
 * with and without its person, privacy, GAP, every output format, the
 * latency answer, and one PNG per layer (written to the test directory,
 * rvvisualize-<layer>.png, to look at). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <cairo.h>
#include <string.h>

#include "gst/ruview/rvcaps.h"
#include "ruview/sensing_features.h"
#include "ruview/visual.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE \
  ", framerate=(fraction)20/1, calibrated=false"

/* csisrc's 4-node room, rvvisualize's default node positions */
static RvPosition3D node_pos[4];
static guint32 node_ids[4];

/* the background (0.07, 0.09, 0.12) in bytes, as cairo rounds it */
#define BG_R 17
#define BG_G 23
#define BG_B 30

static void
setup (void)
{
  fail_unless_equals_int (rv_sensing_synth_node_positions (4, node_ids,
          node_pos), 0);
}

#include "rvvisualize_scene.h"

static const RvNodeStatus all_fused[4] = { RV_NODE_FUSED, RV_NODE_FUSED,
  RV_NODE_FUSED, RV_NODE_FUSED
};

static GstHarness *
harness (const gchar * props, const gchar * sink_caps)
{
  gchar *desc = g_strdup_printf ("rvvisualize %s", props ? props : "");
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  gst_harness_use_testclock (h);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  return h;
}

static guint64
stat (GstHarness * h, const gchar * name)
{
  GstElement *e = gst_harness_find_element (h, "rvvisualize");
  GstStructure *s;
  guint64 v = 0;

  g_object_get (e, "stats", &s, NULL);
  fail_unless (gst_structure_get_uint64 (s, name, &v));
  gst_structure_free (s);
  gst_object_unref (e);
  return v;
}

/* ---- reading frames ---- */

typedef struct
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstBuffer *buf;
} Frame;

static void
frame_map (Frame * f, GstHarness * h, GstBuffer * buf)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);

  fail_unless (caps != NULL);
  fail_unless (gst_video_info_from_caps (&f->info, caps));
  gst_caps_unref (caps);
  f->buf = buf;
  fail_unless (gst_video_frame_map (&f->frame, &f->info, buf, GST_MAP_READ));
}

static void
frame_unmap (Frame * f)
{
  gst_video_frame_unmap (&f->frame);
  gst_buffer_unref (f->buf);
}

/* straight R, G, B, A of pixel (x, y) of a 4-byte RGB format */
static void
pixel (Frame * f, gint x, gint y, guint8 rgba[4])
{
  const GstVideoFormatInfo *fi = f->info.finfo;
  const guint8 *p = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&f->frame,
      0) + y * GST_VIDEO_FRAME_PLANE_STRIDE (&f->frame, 0) + 4 * x;

  fail_unless (x >= 0 && y >= 0 && x < GST_VIDEO_FRAME_WIDTH (&f->frame)
      && y < GST_VIDEO_FRAME_HEIGHT (&f->frame), "pixel %d,%d outside", x, y);
  rgba[0] = p[fi->poffset[GST_VIDEO_COMP_R]];
  rgba[1] = p[fi->poffset[GST_VIDEO_COMP_G]];
  rgba[2] = p[fi->poffset[GST_VIDEO_COMP_B]];
  rgba[3] = GST_VIDEO_INFO_HAS_ALPHA (&f->info) ?
      p[fi->poffset[GST_VIDEO_COMP_A]] : 255;
}

static gboolean
is_background (Frame * f, gint x, gint y)
{
  guint8 c[4];

  pixel (f, x, y, c);
  return abs (c[0] - BG_R) <= 1 && abs (c[1] - BG_G) <= 1
      && abs (c[2] - BG_B) <= 1;
}

/* a colour given as doubles, within one step of cairo's rounding */
static gboolean
near_colour (const guint8 c[4], gdouble r, gdouble g, gdouble b)
{
  return abs (c[0] - (gint) (r * 255.0 + 0.5)) <= 1
      && abs (c[1] - (gint) (g * 255.0 + 0.5)) <= 1
      && abs (c[2] - (gint) (b * 255.0 + 0.5)) <= 1;
}

/* pixels of the w × h box around (x, y) that are not the background */
static guint
lit (Frame * f, gint x, gint y, gint w, gint h)
{
  guint n = 0;
  gint i, j;

  for (j = y - h / 2; j < y + (h + 1) / 2; j++)
    for (i = x - w / 2; i < x + (w + 1) / 2; i++)
      if (!is_background (f, i, j))
        n++;
  return n;
}

static void
plan_pixel (guint w, guint h, gdouble x, gdouble y, gint * px, gint * py)
{
  const gdouble bounds[6] = { 0, 0, 0, 6, 6, 3 };
  RvVisualLayout l;
  RvViewMap m;
  gdouble fx, fy;

  rv_visual_layout (w, h, &l);
  rv_view_map_plan (&m, &l, bounds);
  rv_view_map_apply (&m, x, y, &fx, &fy);
  *px = (gint) fx;
  *py = (gint) fy;
}

static void
pose_pixel (guint w, guint h, gdouble x, gdouble y, gint * px, gint * py)
{
  RvVisualLayout l;
  RvViewMap m;
  gdouble fx, fy;

  rv_visual_layout (w, h, &l);
  rv_view_map_pose (&m, &l);
  rv_view_map_apply (&m, x, y, &fx, &fy);
  *px = (gint) fx;
  *py = (gint) fy;
}

/* the fused node k (green) at the centre of its marker */
static void
expect_fused_node (Frame * f, guint k)
{
  guint8 c[4];
  gint x, y;

  plan_pixel (GST_VIDEO_FRAME_WIDTH (&f->frame),
      GST_VIDEO_FRAME_HEIGHT (&f->frame), node_pos[k].x, node_pos[k].y, &x,
      &y);
  pixel (f, x, y, c);
  fail_unless (near_colour (c, 0.20, 0.85, 0.30) && c[3] == 255,
      "node %u at %d,%d: %u %u %u %u", k + 1, x, y, c[0], c[1], c[2], c[3]);
}

static void
write_png (Frame * f, const gchar * name)
{
  /* opaque BGRA frames are cairo's ARGB32 as they are */
  cairo_surface_t *s = cairo_image_surface_create_for_data (
      GST_VIDEO_FRAME_PLANE_DATA (&f->frame, 0), CAIRO_FORMAT_ARGB32,
      GST_VIDEO_FRAME_WIDTH (&f->frame), GST_VIDEO_FRAME_HEIGHT (&f->frame),
      GST_VIDEO_FRAME_PLANE_STRIDE (&f->frame, 0));
  gchar *file = g_strdup_printf ("rvvisualize-%s.png", name);

  fail_unless_equals_int (cairo_surface_write_to_png (s, file),
      CAIRO_STATUS_SUCCESS);
  g_print ("wrote %s\n", file);
  g_free (file);
  cairo_surface_destroy (s);
}

/* ---- tests ---- */

GST_START_TEST (test_one_frame_per_cycle)
{
  GstHarness *h = harness (NULL, NULL);
  GstBuffer *out, *gap;
  GstCaps *caps;
  GstStructure *s;
  gint w, hh, fn, fd;
  guint i;

  for (i = 0; i < 6; i++) {
    GstClockTime pts = 1 * GST_SECOND + i * 50 * MS;
    if (i == 3) {
      gap = gst_buffer_new ();
      GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
      GST_BUFFER_PTS (gap) = pts;
      GST_BUFFER_DURATION (gap) = 50 * MS;
      fail_unless_equals_int (gst_harness_push (h, gap), GST_FLOW_OK);
    } else
      fail_unless_equals_int (gst_harness_push (h, cycle_buf (i, pts,
                  all_fused, FALSE)), GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), pts);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), 50 * MS);
    fail_if (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_GAP));
    fail_unless (gst_buffer_get_size (out) >= 640 * 480 * 4);
    gst_buffer_unref (out);
  }
  fail_unless_equals_int (gst_harness_buffers_received (h), 6);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);

  caps = gst_pad_get_current_caps (h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_get_int (s, "width", &w)
      && gst_structure_get_int (s, "height", &hh));
  fail_unless (w == 640 && hh == 480);
  fail_unless (gst_structure_get_fraction (s, "framerate", &fn, &fd));
  fail_unless (fn == 20 && fd == 1, "framerate %d/%d", fn, fd);
  fail_unless_equals_string (gst_structure_get_string (s, "format"),
      G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRA" : "ARGB");
  gst_caps_unref (caps);
  fail_unless_equals_uint64 (stat (h, "frames"), 5);
  fail_unless_equals_uint64 (stat (h, "gaps"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* 4:3 when downstream fixes one side only */
GST_START_TEST (test_fixation)
{
  GstHarness *h = harness (NULL, "video/x-raw,width=800");
  GstCaps *caps;
  gint w, hh;

  gst_buffer_unref (gst_harness_push_and_pull (h, cycle_buf (0, 0, all_fused,
              FALSE)));
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_structure_get_int (gst_caps_get_structure (caps, 0),
          "width", &w) && gst_structure_get_int (gst_caps_get_structure (caps,
              0), "height", &hh));
  fail_unless (w == 800 && hh == 600, "%dx%d", w, hh);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Asks for a size (none: the default), then checks the frame of one cycle:
 * that size, and the node markers where the plan mapping puts them. */
static void
frame_at_size (GstHarness * h, guint64 cycle, const gchar * caps, gint w,
    gint hh)
{
  Frame f;
  guint k;

  if (caps) {
    gst_harness_set_sink_caps_str (h, caps);
    fail_unless (gst_pad_push_event (h->sinkpad,
            gst_event_new_reconfigure ()));
  }
  frame_map (&f, h, gst_harness_push_and_pull (h, cycle_buf (cycle,
              cycle * 50 * MS, all_fused, FALSE)));
  fail_unless_equals_int (GST_VIDEO_FRAME_WIDTH (&f.frame), w);
  fail_unless_equals_int (GST_VIDEO_FRAME_HEIGHT (&f.frame), hh);
  for (k = 0; k < 4; k++)
    expect_fused_node (&f, k);
  frame_unmap (&f);
}

/* The node markers sit where the plan mapping puts them, at each size. */
GST_START_TEST (test_renegotiation)
{
  GstHarness *h = harness (NULL, NULL);

  frame_at_size (h, 0, NULL, 640, 480);
  frame_at_size (h, 1, "video/x-raw,width=320,height=180", 320, 180);
  frame_at_size (h, 2, "video/x-raw,width=1280,height=720", 1280, 720);
  fail_unless_equals_uint64 (stat (h, "frames"), 3);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* A person at pose-frame (200, 240) lights the pixels of its skeleton
 * there and nowhere near (440, 240); without persons neither is lit. */
GST_START_TEST (test_person_where_the_mapping_puts_it)
{
  GstHarness *h = harness ("draw-nodes=false draw-hud=false", NULL);
  GstBuffer *b;
  Frame f;
  gint x, y, ox, oy;
  guint8 c[4];
  gdouble rgb[3];

  b = cycle_buf (0, 0, all_fused, FALSE);
  add_person (b, 7, 200, 240);
  frame_map (&f, h, gst_harness_push_and_pull (h, b));
  /* the documented formula at 640×480: scale 441/480, origin (26, 31) */
  pose_pixel (640, 480, 200 - 30, 240 - 50, &x, &y);    /* left shoulder */
  fail_unless (x == (gint) (26 + 170 * 441.0 / 480)
      && y == (gint) (31 + 190 * 441.0 / 480));
  rv_visual_id_colour (7, rgb);
  pixel (&f, x, y, c);
  fail_unless (near_colour (c, rgb[0], rgb[1], rgb[2]),
      "shoulder at %d,%d: %u %u %u", x, y, c[0], c[1], c[2]);
  pose_pixel (640, 480, 200, 240 + 20, &x, &y);        /* hips' middle */
  fail_unless (lit (&f, x, y, 5, 5) > 0);
  pose_pixel (640, 480, 440, 240, &ox, &oy);
  fail_unless_equals_int (lit (&f, ox, oy, 60, 200), 0);
  frame_unmap (&f);

  /* the same cycle without a person (a pose meta with none) */
  b = cycle_buf (1, 50 * MS, all_fused, FALSE);
  gst_buffer_add_rv_pose_meta (b);
  frame_map (&f, h, gst_harness_push_and_pull (h, b));
  fail_unless_equals_int (lit (&f, x, y, 5, 5), 0);
  pose_pixel (640, 480, 200 - 30, 240 - 50, &x, &y);
  fail_unless_equals_int (lit (&f, x, y, 5, 5), 0);
  frame_unmap (&f);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* A GAP cycle shows "no data" and nothing of the cycle before it. */
GST_START_TEST (test_gap_draws_no_data)
{
  GstHarness *h = harness (NULL, NULL);
  GstBuffer *b, *gap;
  Frame f;
  gint x, y;

  b = cycle_buf (0, 0, all_fused, TRUE);
  add_person (b, 1, 320, 240);
  add_occupancy (b, 2, 5);
  add_gate_and_witness (b, RV_PRIVACY_MODE_RAW_RESEARCH,
      RV_PRIVACY_CLASS_RAW);
  gst_buffer_unref (gst_harness_push_and_pull (h, b));

  gap = gst_buffer_new ();
  GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
  GST_BUFFER_PTS (gap) = 50 * MS;
  GST_BUFFER_DURATION (gap) = 50 * MS;
  frame_map (&f, h, gst_harness_push_and_pull (h, gap));
  plan_pixel (640, 480, node_pos[0].x, node_pos[0].y, &x, &y);
  fail_unless_equals_int (lit (&f, x, y, 30, 30), 0);   /* no node */
  pose_pixel (640, 480, 320, 240 - 50, &x, &y);
  fail_unless_equals_int (lit (&f, x + 30, y, 10, 10), 0);      /* no person */
  fail_unless_equals_int (lit (&f, 100, 10, 180, 20), 0);       /* no HUD */
  /* the words, in the middle of the view */
  fail_unless (lit (&f, 320, 251, 140, 40) > 100);
  write_png (&f, "nodata");
  frame_unmap (&f);

  /* a record that is not a fused record: counted, drawn the same */
  b = gst_buffer_new_wrapped (g_strdup ("not a record, not at all......"),
      30);
  GST_BUFFER_PTS (b) = 100 * MS;
  frame_map (&f, h, gst_harness_push_and_pull (h, b));
  fail_unless (lit (&f, 320, 251, 140, 40) > 100);
  frame_unmap (&f);
  fail_unless_equals_uint64 (stat (h, "gaps"), 1);
  fail_unless_equals_uint64 (stat (h, "invalid"), 1);
  fail_unless_equals_uint64 (stat (h, "frames"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* the node CSI profile box of node k (what draw-csi adds) */
static guint
csi_lit (Frame * f, guint k)
{
  gint x, y;
  gdouble u = GST_VIDEO_FRAME_HEIGHT (&f->frame) / 480.0;

  plan_pixel (GST_VIDEO_FRAME_WIDTH (&f->frame),
      GST_VIDEO_FRAME_HEIGHT (&f->frame), node_pos[k].x, node_pos[k].y, &x,
      &y);
  return lit (f, x + (gint) (34 * u), y + (gint) (1.5 * 14 * u + 8 * u),
      (gint) (40 * u), (gint) (12 * u));
}

/* Maps the frame of cycle n (with node records) under a witness meta. */
static void
witnessed_frame (Frame * f, GstHarness * h, guint64 n, RvPrivacyMode mode,
    RvPrivacyClass cls)
{
  GstBuffer *b = cycle_buf (n, n * 50 * MS, all_fused, TRUE);

  add_gate_and_witness (b, mode, cls);
  frame_map (f, h, gst_harness_push_and_pull (h, b));
}

/* Raw per-node data is drawn only where privacy allows it. */
GST_START_TEST (test_privacy)
{
  GstHarness *h = harness ("draw-hud=false", NULL);
  Frame f;

  /* no witness: nothing decided, the profiles are drawn */
  frame_map (&f, h, gst_harness_push_and_pull (h, cycle_buf (0, 0, all_fused,
              TRUE)));
  fail_unless (csi_lit (&f, 0) > 20);
  fail_unless (csi_lit (&f, 3) > 20);
  frame_unmap (&f);
  /* the witness says raw research */
  witnessed_frame (&f, h, 1, RV_PRIVACY_MODE_RAW_RESEARCH,
      RV_PRIVACY_CLASS_RAW);
  fail_unless (csi_lit (&f, 0) > 20);
  frame_unmap (&f);
  /* private home drops raw data: withheld even with the records there */
  witnessed_frame (&f, h, 2, RV_PRIVACY_MODE_PRIVATE_HOME,
      RV_PRIVACY_CLASS_ANONYMOUS);
  fail_unless_equals_int (csi_lit (&f, 0), 0);
  fail_unless_equals_int (csi_lit (&f, 3), 0);
  expect_fused_node (&f, 0);    /* derived data stays */
  frame_unmap (&f);
  /* a Restricted cycle, even in a mode that keeps raw data */
  witnessed_frame (&f, h, 3, RV_PRIVACY_MODE_CARE_WITH_CONSENT,
      RV_PRIVACY_CLASS_RESTRICTED);
  fail_unless_equals_int (csi_lit (&f, 0), 0);
  frame_unmap (&f);
  fail_unless_equals_uint64 (stat (h, "csi-withheld"), 2);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* ---- the synthetic room through the real chain ---- */

typedef struct
{
  gboolean have_person;
  gdouble kp[17][2];            /* the cycle's first person */
  guint frames, with_person, checked;
  gint px[17], py[17];          /* pixels of the last person seen */
  gboolean have_pixels;
  gboolean lit_without;         /* a person's pixels lit in a cycle without */
} RoomRun;

static GstPadProbeReturn
pose_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  RoomRun *r = data;
  GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER (info);
  GstRvPoseMeta *m = gst_buffer_get_rv_pose_meta (b);
  gdouble z;
  guint k;

  r->have_person = m && gst_rv_pose_meta_get_n_persons (m) > 0;
  for (k = 0; r->have_person && k < 17; k++)
    fail_unless (gst_rv_pose_meta_get_person_keypoint (m, 0, k, &r->kp[k][0],
            &r->kp[k][1], &z));
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
frame_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  RoomRun *r = data;
  GstCaps *caps = gst_pad_get_current_caps (pad);
  Frame f;
  guint k, on = 0;

  fail_unless (gst_video_info_from_caps (&f.info, caps));
  gst_caps_unref (caps);
  fail_unless (gst_video_frame_map (&f.frame, &f.info,
          GST_PAD_PROBE_INFO_BUFFER (info), GST_MAP_READ));
  r->frames++;
  if (r->have_person) {
    /* every keypoint lights its pixel */
    r->with_person++;
    for (k = 0; k < 17; k++) {
      pose_pixel (640, 480, r->kp[k][0], r->kp[k][1], &r->px[k], &r->py[k]);
      if (!is_background (&f, r->px[k], r->py[k]))
        on++;
    }
    fail_unless_equals_int (on, 17);
    r->have_pixels = TRUE;
    r->checked++;
  } else if (r->have_pixels) {
    for (k = 0; k < 17; k++)
      if (!is_background (&f, r->px[k], r->py[k]))
        r->lit_without = TRUE;
  }
  gst_video_frame_unmap (&f.frame);
  return GST_PAD_PROBE_OK;
}

static void
run_room (guint persons, RoomRun * r, gint px[17], gint py[17])
{
  /* presence-threshold 0.05: the synthetic room's noise alone measures a
   * motion band power of 0.039-0.047, its walking person 0.048-0.10 */
  gchar *line = g_strdup_printf ("csisrc persons=%u num-buffers=1600 ! "
      "rvphasealign ! rvmultistaticfuse ! rvposetrack presence-threshold=0.05 "
      "! rvvisualize name=vis draw-nodes=false draw-hud=false "
      "draw-occupancy=false ! video/x-raw,format=BGRA,width=640,height=480 ! "
      "fakesink", persons);
  GstElement *p = gst_parse_launch (line, NULL), *vis;
  GstPad *sink, *src;
  GstMessage *msg;

  fail_unless (p != NULL, "%s", line);
  memset (r, 0, sizeof (*r));
  if (px) {
    /* the empty room is checked at the person's pixels of the other run */
    memcpy (r->px, px, sizeof (r->px));
    memcpy (r->py, py, sizeof (r->py));
    r->have_pixels = TRUE;
  }
  vis = gst_bin_get_by_name (GST_BIN (p), "vis");
  sink = gst_element_get_static_pad (vis, "sink");
  src = gst_element_get_static_pad (vis, "src");
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, pose_probe, r, NULL);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, frame_probe, r, NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (src);
  gst_object_unref (vis);
  gst_object_unref (p);
  g_free (line);
}

GST_START_TEST (test_synthetic_room)
{
  RoomRun full, empty;
  gint cx = 0, cy = 0;

  run_room (1, &full, NULL, NULL);
  fail_unless_equals_int (full.frames, 80);
  /* the person is detected, and each time its 17 keypoints are lit */
  fail_unless (full.with_person >= 20, "%u cycles with a person",
      full.with_person);
  fail_unless_equals_int (full.checked, full.with_person);
  /* the heuristic puts the skeleton near the pose frame's centre: the
   * hips' middle within 40 px of (320, 260) of the pose frame, so near
   * (320, 270) of the output */
  cx = (full.px[11] + full.px[12]) / 2;
  cy = (full.py[11] + full.py[12]) / 2;
  fail_unless (abs (cx - 320) < 40 && abs (cy - 270) < 40, "hips at %d,%d",
      cx, cy);

  g_print ("synthetic room: a person in %u of %u cycles, hips at %d,%d\n",
      full.with_person, full.frames, cx, cy);

  run_room (0, &empty, full.px, full.py);
  fail_unless_equals_int (empty.frames, 80);
  fail_unless_equals_int (empty.with_person, 0);
  fail_if (empty.lit_without, "a person's pixels lit in the empty room");
}
GST_END_TEST;

/* Every output format negotiates and draws; alpha formats carry straight
 * alpha: a transparent background and opaque, unaltered node colours. */
GST_START_TEST (test_formats)
{
  const gchar *formats[] = { "BGRA", "RGBA", "ARGB", "ABGR", "BGRx", "RGBx",
    "xRGB", "xBGR", "RGB", "BGR", "I420", "YV12", "NV12", "YUY2", "UYVY"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (formats); i++) {
    gchar *caps = g_strdup_printf ("video/x-raw,format=%s,width=320,"
        "height=240", formats[i]);
    GstHarness *h = harness ("background-alpha=0", caps);
    GstBuffer *b = cycle_buf (0, 0, mixed, FALSE);
    Frame f;

    add_person (b, 2, 320, 240);
    frame_map (&f, h, gst_harness_push_and_pull (h, b));
    fail_unless_equals_string (gst_video_format_to_string
        (GST_VIDEO_FRAME_FORMAT (&f.frame)), formats[i]);
    if (GST_VIDEO_INFO_HAS_ALPHA (&f.info)) {
      guint8 c[4];
      gint x, y;
      pixel (&f, 2, 100, c);
      fail_unless (c[3] == 0, "%s: background alpha %u", formats[i], c[3]);
      plan_pixel (320, 240, node_pos[0].x, node_pos[0].y, &x, &y);
      pixel (&f, x, y, c);
      fail_unless (near_colour (c, 0.20, 0.85, 0.30) && c[3] == 255,
          "%s: node %u %u %u %u", formats[i], c[0], c[1], c[2], c[3]);
      /* the HUD band is translucent black: alpha 0.55, colour black */
      pixel (&f, 318, 2, c);
      fail_unless (c[0] == 0 && c[1] == 0 && c[2] == 0
          && (c[3] == 140 || c[3] == 141), "%s: hud %u %u %u %u",
          formats[i], c[0], c[1], c[2], c[3]);
    } else if (GST_VIDEO_FORMAT_INFO_IS_RGB (f.info.finfo)
        && GST_VIDEO_FRAME_COMP_PSTRIDE (&f.frame, 0) == 4) {
      /* opaque: composed over black */
      guint8 c[4];
      pixel (&f, 2, 100, c);
      fail_unless (c[0] == 0 && c[1] == 0 && c[2] == 0, "%s: %u %u %u",
          formats[i], c[0], c[1], c[2]);
    } else if (GST_VIDEO_FORMAT_INFO_IS_YUV (f.info.finfo)) {
      /* luma: dark background, bright skeleton line */
      const guint8 *yp = GST_VIDEO_FRAME_COMP_DATA (&f.frame, 0);
      gint ys = GST_VIDEO_FRAME_COMP_STRIDE (&f.frame, 0);
      gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&f.frame, 0);
      gint x, y;
      fail_unless (yp[100 * ys + 2 * ps] < 24, "%s: luma %u", formats[i],
          yp[100 * ys + 2 * ps]);
      plan_pixel (320, 240, node_pos[0].x, node_pos[0].y, &x, &y);
      fail_unless (yp[y * ys + x * ps] > 100, "%s: node luma %u",
          formats[i], yp[y * ys + x * ps]);
    }
    frame_unmap (&f);
    gst_harness_teardown (h);
    g_free (caps);
  }
}
GST_END_TEST;

GST_START_TEST (test_latency)
{
  GstHarness *h = harness ("latency=7000000", NULL);

  gst_buffer_unref (gst_harness_push_and_pull (h, cycle_buf (0, 0, all_fused,
              FALSE)));
  gst_harness_set_upstream_latency (h, 50 * MS);
  fail_unless_equals_uint64 (gst_harness_query_latency (h), 57 * MS);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_bad_settings)
{
  const gchar *bad[][2] = {
    {"node-positions", "1:0,0"},
    {"node-positions", ""},
    {"bounds", "0,0,0,6,6"},
    {"bounds", "0,0,0,-6,6,3"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    GstElement *e = gst_element_factory_make ("rvvisualize", NULL);
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    GError *err = NULL;

    gst_element_set_bus (e, bus);
    g_object_set (e, bad[i][0], bad[i][1], NULL);
    fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
        GST_STATE_CHANGE_FAILURE);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "%s=%s", bad[i][0], bad[i][1]);
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (err->domain == GST_RESOURCE_ERROR);
    fail_unless_equals_int (err->code, GST_RESOURCE_ERROR_SETTINGS);
    g_error_free (err);
    gst_message_unref (msg);
    gst_element_set_state (e, GST_STATE_NULL);
    gst_element_set_bus (e, NULL);
    gst_object_unref (bus);
    gst_object_unref (e);
  }
}
GST_END_TEST;

/* One PNG per layer, every layer drawn from the same cycle. */
GST_START_TEST (test_layer_pngs)
{
  const gchar *layers[] = { "occupancy", "persons", "nodes", "csi", "hud" };
  const gchar *props[] = { "draw-occupancy", "draw-persons", "draw-nodes",
    "draw-csi", "draw-hud"
  };
  guint i, j;

  for (i = 0; i <= G_N_ELEMENTS (layers); i++) {
    GString *p = g_string_new (NULL);
    GstHarness *h;
    GstBuffer *b;
    Frame f;

    for (j = 0; j < G_N_ELEMENTS (props); j++)
      g_string_append_printf (p, "%s=%s ", props[j], i == j
          || i == G_N_ELEMENTS (layers) ? "true" : "false");
    h = harness (p->str, "video/x-raw,format=BGRA,width=640,height=480");
    b = cycle_buf (1234, 0, mixed, TRUE);
    add_person (b, 3, 250, 230);
    add_person (b, 4, 420, 250);
    add_occupancy (b, 5, 2);
    add_gate_and_witness (b, RV_PRIVACY_MODE_RAW_RESEARCH,
        RV_PRIVACY_CLASS_RAW);
    frame_map (&f, h, gst_harness_push_and_pull (h, b));
    write_png (&f, i < G_N_ELEMENTS (layers) ? layers[i] : "all");
    /* each layer alone draws something, and only where it should */
    if (i == 2)
      expect_fused_node (&f, 0);
    if (i == 3)
      fail_unless (csi_lit (&f, 0) > 20);
    if (i == 4 || i == G_N_ELEMENTS (layers))
      fail_unless (lit (&f, 100, 10, 180, 20) > 50);
    else
      fail_unless_equals_int (lit (&f, 100, 10, 180, 20), 0);
    frame_unmap (&f);
    gst_harness_teardown (h);
    g_string_free (p, TRUE);
  }
}
GST_END_TEST;

/* ---- laid over a camera-like source by compositor ---- */

typedef struct
{
  guint frames;
  gboolean checked;
} MixRun;

static GstPadProbeReturn
mix_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  MixRun *r = data;
  GstCaps *caps = gst_pad_get_current_caps (pad);
  Frame f;
  guint8 c[4];
  gint x, y;

  if (r->frames++ != 20) {
    gst_caps_unref (caps);
    return GST_PAD_PROBE_OK;
  }
  fail_unless (gst_video_info_from_caps (&f.info, caps));
  gst_caps_unref (caps);
  fail_unless (gst_video_frame_map (&f.frame, &f.info,
          GST_PAD_PROBE_INFO_BUFFER (info), GST_MAP_READ));
  /* the camera shows where the overlay is transparent */
  pixel (&f, 4, 300, c);
  fail_unless (c[0] == 255 && c[1] == 0 && c[2] == 0, "%u %u %u", c[0], c[1],
      c[2]);
  /* the fused nodes on top of it */
  plan_pixel (640, 480, node_pos[2].x, node_pos[2].y, &x, &y);
  pixel (&f, x, y, c);
  fail_unless (near_colour (c, 0.20, 0.85, 0.30), "%u %u %u", c[0], c[1],
      c[2]);
  /* the heads-up band darkens the camera by its alpha 0.55 */
  pixel (&f, 636, 4, c);
  fail_unless (abs (c[0] - 115) <= 2 && c[1] == 0 && c[2] == 0, "%u %u %u",
      c[0], c[1], c[2]);
  write_png (&f, "overlay");
  gst_video_frame_unmap (&f.frame);
  r->checked = TRUE;
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_compositor_mix)
{
  const gchar *line = "compositor name=mix ! "
      "video/x-raw,format=BGRA,width=640,height=480 ! fakesink name=out "
      "videotestsrc num-buffers=30 pattern=red ! "
      "video/x-raw,width=640,height=480,framerate=30/1 ! mix. "
      "csisrc num-buffers=400 ! rvphasealign ! rvmultistaticfuse ! "
      "rvposetrack presence-threshold=0.05 ! "
      "rvvisualize background-alpha=0 ! mix.";
  GstElement *p = gst_parse_launch (line, NULL), *out;
  GstPad *pad;
  GstMessage *msg;
  MixRun r = { 0, FALSE };

  fail_unless (p != NULL);
  out = gst_bin_get_by_name (GST_BIN (p), "out");
  pad = gst_element_get_static_pad (out, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, mix_probe, &r, NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  fail_unless (r.checked);
  /* 1 s of camera at 30 frames/s, 1 s of sensing at 20 */
  fail_unless_equals_int (r.frames, 30);
  gst_object_unref (pad);
  gst_object_unref (out);
  gst_object_unref (p);
}
GST_END_TEST;

static Suite *
rvvisualize_suite (void)
{
  Suite *s = suite_create ("rvvisualize");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup, NULL);
  tcase_add_test (tc, test_one_frame_per_cycle);
  tcase_add_test (tc, test_fixation);
  tcase_add_test (tc, test_renegotiation);
  tcase_add_test (tc, test_person_where_the_mapping_puts_it);
  tcase_add_test (tc, test_gap_draws_no_data);
  tcase_add_test (tc, test_privacy);
  tcase_add_test (tc, test_synthetic_room);
  tcase_add_test (tc, test_formats);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_bad_settings);
  tcase_add_test (tc, test_layer_pngs);
  tcase_add_test (tc, test_compositor_mix);
  return s;
}

GST_CHECK_MAIN (rvvisualize);
