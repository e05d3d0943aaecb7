/* libruview: rvvisualize's layout, maps, colour map and alpha conversion
 * (common/ruview/visual.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>
#include "ruview/visual.h"

#define NEAR(a, b) (fabs ((a) - (b)) < 1e-9)

GST_START_TEST (test_layout)
{
  RvVisualLayout l;

  rv_visual_layout (640, 480, &l);
  fail_unless (l.unit == 1.0 && l.font == 14.0);
  fail_unless (l.hud.x == 0 && l.hud.y == 0 && l.hud.w == 640
      && l.hud.h == 23);
  fail_unless (l.view.x == 8 && l.view.y == 31 && l.view.w == 624
      && l.view.h == 441);
  /* everything scales with the smaller side */
  rv_visual_layout (1920, 1080, &l);
  fail_unless (l.unit == 2.25 && l.font == 31.5);
  fail_unless (l.hud.h == 51 && l.view.x == 18 && l.view.y == 69);
  fail_unless (l.view.w == 1884 && l.view.h == 993);
  /* tiny frames keep a view */
  rv_visual_layout (8, 8, &l);
  fail_unless (l.view.w >= 1 && l.view.h >= 1);
}
GST_END_TEST;

GST_START_TEST (test_plan_map)
{
  const double room[6] = { 0, 0, 0, 6, 6, 3 };
  const double wide[6] = { -1, 2, 0, 11, 5, 3 };
  RvVisualLayout l;
  RvViewMap m;
  double px, py;

  rv_visual_layout (640, 480, &l);
  rv_view_map_plan (&m, &l, room);
  /* 6 m fill the 441 px of the view's height, centred across its width */
  fail_unless (NEAR (m.scale, 73.5));
  rv_view_map_apply (&m, 0, 6, &px, &py);      /* top left corner */
  fail_unless (NEAR (px, 99.5) && NEAR (py, 31), "%g %g", px, py);
  rv_view_map_apply (&m, 6, 0, &px, &py);      /* bottom right */
  fail_unless (NEAR (px, 540.5) && NEAR (py, 472), "%g %g", px, py);
  rv_view_map_apply (&m, 3, 3, &px, &py);      /* centre */
  fail_unless (NEAR (px, 320) && NEAR (py, 251.5), "%g %g", px, py);
  /* y up: a point further north is higher in the frame */
  rv_view_map_apply (&m, 3, 4, &px, &py);
  fail_unless (py < 251.5);
  /* a wide room fills the width instead (12 m → 624 px) */
  rv_view_map_plan (&m, &l, wide);
  fail_unless (NEAR (m.scale, 52));
  rv_view_map_apply (&m, -1, 5, &px, &py);
  fail_unless (NEAR (px, 8) && NEAR (py, 31 + (441 - 156) / 2.0),
      "%g %g", px, py);
}
GST_END_TEST;

GST_START_TEST (test_pose_map)
{
  RvVisualLayout l;
  RvViewMap m;
  double px, py;

  rv_visual_layout (640, 480, &l);
  rv_view_map_pose (&m, &l);
  fail_unless (NEAR (m.scale, 441.0 / 480.0));
  rv_view_map_apply (&m, 0, 0, &px, &py);
  fail_unless (NEAR (px, 26) && NEAR (py, 31), "%g %g", px, py);
  rv_view_map_apply (&m, 320, 240, &px, &py);
  fail_unless (NEAR (px, 320) && NEAR (py, 251.5), "%g %g", px, py);
  /* y down, as in the pose frame */
  rv_view_map_apply (&m, 320, 480, &px, &py);
  fail_unless (NEAR (py, 472));
  /* a 16:9 frame: the 4:3 pose frame is pillarboxed */
  rv_visual_layout (1920, 1080, &l);
  rv_view_map_pose (&m, &l);
  rv_view_map_apply (&m, 0, 0, &px, &py);
  fail_unless (NEAR (py, 69) && px > 18 + 100, "%g %g", px, py);
}
GST_END_TEST;

GST_START_TEST (test_boxes_tile)
{
  const double room[6] = { 0, 0, 0, 6, 6, 3 };
  RvVisualLayout l;
  RvViewMap m;
  int x, y, w, h, nx, ny, nw, nh, i;

  rv_visual_layout (653, 479, &l);
  rv_view_map_plan (&m, &l, room);
  for (i = 0; i < 7; i++) {
    double a = i * 6.0 / 7.0, b = (i + 1) * 6.0 / 7.0, c = (i + 2) * 6.0 / 7.0;
    rv_view_map_box (&m, a, a, b, b, &x, &y, &w, &h);
    rv_view_map_box (&m, b, b, c, c, &nx, &ny, &nw, &nh);
    /* the next cell east starts where this one ends; north is above */
    fail_unless_equals_int (x + w, nx);
    fail_unless_equals_int (ny + nh, y);
    fail_unless (w > 0 && h > 0);
  }
  /* corners given in any order */
  rv_view_map_box (&m, 6, 6, 0, 0, &nx, &ny, &nw, &nh);
  rv_view_map_box (&m, 0, 0, 6, 6, &x, &y, &w, &h);
  fail_unless (x == nx && y == ny && w == nw && h == nh);
}
GST_END_TEST;

GST_START_TEST (test_density_columns)
{
  /* nx 2, ny 2, nz 2 */
  const double d[8] = { 0.1, 0.0, -1.0, 0.02, 0.3, 0.0, 0.0, 0.04 };
  double col[4];

  fail_unless (rv_density_columns (d, 2, 2, 2, col) == 0.3);
  fail_unless (col[0] == 0.3 && col[1] == 0.0 && col[2] == 0.0
      && col[3] == 0.04);
  fail_unless (rv_density_columns (d, 0, 2, 2, col) == 0.0);
  fail_unless (rv_density_level (0.15, 0.3) == 0.5);
  fail_unless (rv_density_level (0.3, 0.3) == 1.0);
  /* below the floor nothing is stretched to full scale */
  fail_unless (NEAR (rv_density_level (0.004, 0.005), 0.4));
  fail_unless (rv_density_level (-1.0, 0.3) == 0.0);
  fail_unless (rv_density_level (NAN, 0.3) == 0.0);
  fail_unless (rv_density_level (2.0, 0.3) == 1.0);
}
GST_END_TEST;

GST_START_TEST (test_colour_map)
{
  double c[4];

  rv_density_colour (0.0, c);
  fail_unless (c[3] == 0.0, "an empty column is transparent");
  rv_density_colour (-3.0, c);
  fail_unless (c[3] == 0.0);
  rv_density_colour (NAN, c);
  fail_unless (c[3] == 0.0);
  rv_density_colour (0.5, c);
  fail_unless (NEAR (c[0], 0.1) && NEAR (c[1], 0.8) && NEAR (c[2], 0.4)
      && NEAR (c[3], 0.55));
  rv_density_colour (1.0, c);
  fail_unless (NEAR (c[0], 1.0) && NEAR (c[1], 0.2) && NEAR (c[3], 0.85));
  rv_density_colour (7.0, c);
  fail_unless (NEAR (c[3], 0.85));
  rv_density_colour (0.125, c);       /* halfway between two stops */
  fail_unless (NEAR (c[0], 0.05) && NEAR (c[3], 0.175));
}
GST_END_TEST;

GST_START_TEST (test_over)
{
  const double fg[4] = { 1.0, 0.2, 0.1, 0.85 }, opaque[4] = { 0.1, 0.2, 0.3,
    1.0
  }, clear[4] = { 0.1, 0.2, 0.3, 0.0 }, half[4] = { 0.0, 0.0, 1.0, 0.5 };
  const double none[4] = { 0.5, 0.5, 0.5, 0.0 };
  double o[4];

  rv_visual_over (fg, opaque, o);
  fail_unless (NEAR (o[3], 1.0) && NEAR (o[0], 0.85 + 0.1 * 0.15)
      && NEAR (o[1], 0.17 + 0.2 * 0.15) && NEAR (o[2], 0.085 + 0.3 * 0.15));
  /* over nothing: the shape itself */
  rv_visual_over (fg, clear, o);
  fail_unless (NEAR (o[0], 1.0) && NEAR (o[1], 0.2) && NEAR (o[3], 0.85));
  /* over half-transparent blue: alpha 0.85 + 0.5·0.15 */
  rv_visual_over (fg, half, o);
  fail_unless (NEAR (o[3], 0.925) && NEAR (o[0], 0.85 / 0.925)
      && NEAR (o[2], (0.085 + 0.075) / 0.925));
  rv_visual_over (none, clear, o);
  fail_unless (o[0] == 0.0 && o[3] == 0.0);
}
GST_END_TEST;

GST_START_TEST (test_id_colours)
{
  double a[3], b[3];
  guint32 id;

  rv_visual_id_colour (0, a);
  fail_unless (NEAR (a[0], 1.0) && NEAR (a[1], 0.35) && NEAR (a[2], 0.35));
  for (id = 0; id < 64; id++) {
    rv_visual_id_colour (id, a);
    rv_visual_id_colour (id + 1, b);
    fail_unless (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2])
        > 0.3, "ids %u and %u look alike", id, id + 1);
    fail_unless (a[0] >= 0.35 - 1e-9 && a[0] <= 1.0 && a[1] >= 0.35 - 1e-9
        && a[2] <= 1.0);
  }
  for (id = 0; id < RV_VISUAL_SKELETON_LIMBS; id++)
    fail_unless (rv_visual_skeleton[id][0] < 17
        && rv_visual_skeleton[id][1] < 17);
}
GST_END_TEST;

GST_START_TEST (test_profile_points)
{
  const float v[4] = { 1.0f, 2.0f, -1.0f, NAN };
  const float zero[2] = { 0.0f, 0.0f };
  const RvRect b = { 10, 20, 30, 40 };
  double xy[8];

  rv_visual_profile_points (v, 4, &b, xy);
  fail_unless (xy[0] == 10 && xy[1] == 40);     /* half of the max */
  fail_unless (xy[2] == 20 && xy[3] == 20);     /* the max: the top */
  fail_unless (xy[4] == 30 && xy[5] == 60);     /* negative: the bottom */
  fail_unless (xy[6] == 40 && xy[7] == 60);     /* NaN: the bottom */
  rv_visual_profile_points (zero, 2, &b, xy);
  fail_unless (xy[1] == 60 && xy[3] == 60);
  rv_visual_profile_points (v, 1, &b, xy);
  fail_unless (xy[0] == 25 && xy[1] == 20);
}
GST_END_TEST;

/* round(c · 255 / a) */
static guint
straight (guint c, guint a)
{
  return a ? MIN ((c * 255 + a / 2) / a, 255u) : 0;
}

GST_START_TEST (test_unpremultiply)
{
  static uint32_t px[256 * 256];
  guint a, c, n = 0;

  /* every alpha with every colour it can carry (c ≤ a), in runs where
   * whole 16-pixel blocks are opaque or transparent (skipped) too */
  for (a = 0; a < 256; a++)
    for (c = 0; c <= a; c++)
      px[n++] = (a << 24) | (c << 16) | ((a - c) << 8) | (c / 2);
  rv_argb32_unpremultiply (px, n);
  n = 0;
  for (a = 0; a < 256; a++)
    for (c = 0; c <= a; c++, n++) {
      guint32 want = (a << 24) | (straight (c, a) << 16)
          | (straight (a - c, a) << 8) | straight (c / 2, a);
      fail_unless (px[n] == want, "a %u c %u: %08x, not %08x", a, c, px[n],
          want);
    }
  /* 0x40102030: 16, 32, 48 at alpha 64 → 64, 128, 191, among opaque
   * blocks; a tail shorter than a block */
  for (n = 0; n < 50; n++)
    px[n] = n == 37 ? 0x40102030u : 0xff000000u | n;
  rv_argb32_unpremultiply (px, 50);
  for (n = 0; n < 50; n++)
    fail_unless (px[n] == (n == 37 ? 0x404080bfu : 0xff000000u | n));
  px[0] = 0x80406080u;
  rv_argb32_unpremultiply (px, 1);
  fail_unless (px[0] == 0x8080bfffu, "%08x", px[0]);
  /* whole blocks of one colour, then blocks of two (the second colour
   * from pixel 150, and once at 140), opaque and transparent runs */
  for (n = 0; n < 400; n++)
    px[n] = n < 300 ? (n < 150 && n != 140 ? 0x40102030u : 0x80406080u)
        : n < 350 ? 0xff336699u : 0u;
  rv_argb32_unpremultiply (px, 400);
  for (n = 0; n < 400; n++)
    fail_unless (px[n] == (n < 300 ? (n < 150 && n != 140 ? 0x404080bfu
                : 0x8080bfffu) : n < 350 ? 0xff336699u : 0u), "%u: %08x", n,
        px[n]);
  /* a run of one colour, then another, then the first again */
  for (n = 0; n < 40; n++)
    px[n] = n < 18 || n >= 30 ? 0x40102030u : 0x80406080u;
  rv_argb32_unpremultiply (px, 40);
  for (n = 0; n < 40; n++)
    fail_unless (px[n] == (n < 18 || n >= 30 ? 0x404080bfu : 0x8080bfffu));
}
GST_END_TEST;

GST_START_TEST (test_to_bytes)
{
  static const uint8_t rgba[4] = { 0, 1, 2, 3 }, bgra[4] = { 2, 1, 0, 3 };
  static const uint8_t argb[4] = { 1, 2, 3, 0 }, abgr[4] = { 3, 2, 1, 0 };
  uint32_t px[20], words[20];
  uint8_t out[80];
  guint k;

  for (k = 0; k < 20; k++)
    px[k] = 0x80402010u + k;    /* a 128, r 64, g 32, b 16 + k */
  rv_argb32_to_bytes (px, words, 20, rgba);
  memcpy (out, words, sizeof (out));
  for (k = 0; k < 20; k++)
    fail_unless (out[4 * k] == 64 && out[4 * k + 1] == 32
        && out[4 * k + 2] == 16 + k && out[4 * k + 3] == 128);
  rv_argb32_to_bytes (px, words, 1, argb);
  memcpy (out, words, 4);
  fail_unless (out[0] == 128 && out[1] == 64 && out[2] == 32
      && out[3] == 16);
  rv_argb32_to_bytes (px, words, 1, abgr);
  memcpy (out, words, 4);
  fail_unless (out[0] == 128 && out[1] == 16 && out[2] == 32
      && out[3] == 64);
  /* BGRA bytes */
  rv_argb32_to_bytes (px, words, 20, bgra);
  memcpy (out, words, 8);
  fail_unless (out[0] == 16 && out[1] == 32 && out[2] == 64
      && out[3] == 128 && out[4] == 17);
}
GST_END_TEST;

static Suite *
visual_suite (void)
{
  Suite *s = suite_create ("core-visual");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_layout);
  tcase_add_test (tc, test_plan_map);
  tcase_add_test (tc, test_pose_map);
  tcase_add_test (tc, test_boxes_tile);
  tcase_add_test (tc, test_density_columns);
  tcase_add_test (tc, test_colour_map);
  tcase_add_test (tc, test_over);
  tcase_add_test (tc, test_id_colours);
  tcase_add_test (tc, test_profile_points);
  tcase_add_test (tc, test_unpremultiply);
  tcase_add_test (tc, test_to_bytes);
  return s;
}

GST_CHECK_MAIN (visual);
