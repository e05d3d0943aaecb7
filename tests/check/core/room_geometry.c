/* libruview: node positions and room boxes as text
 * (common/ruview/room_geometry.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <locale.h>
#include <string.h>
#include "ruview/room_geometry.h"
#include "ruview/sensing_features.h"

GST_START_TEST (test_parse_positions)
{
  uint32_t ids[4];
  RvPosition3D pos[4];
  size_t n = 99;
  char why[128];

  fail_unless_equals_int (rv_node_positions_parse (" 1:0.5,0.5,1.5 ; ;"
          "2 : 5.5, -0.5e1 ,+1;", ids, pos, 4, &n, why, sizeof (why)), 0);
  fail_unless_equals_int (n, 2);
  fail_unless (ids[0] == 1 && ids[1] == 2);
  fail_unless (pos[0].x == 0.5 && pos[0].y == 0.5 && pos[0].z == 1.5);
  fail_unless (pos[1].x == 5.5 && pos[1].y == -5.0 && pos[1].z == 1.0);
  fail_unless_equals_int (rv_node_positions_parse ("4294967295:1,2,3", ids,
          pos, 4, &n, NULL, 0), 0);
  fail_unless (ids[0] == 4294967295u);
}
GST_END_TEST;

static void
expect_refused (const char *text, size_t cap, const char *reason)
{
  uint32_t ids[4];
  RvPosition3D pos[4];
  size_t n = 99;
  char why[128] = "";

  fail_unless (rv_node_positions_parse (text, ids, pos, cap, &n, why,
          sizeof (why)) == -1, "%s", text);
  fail_unless_equals_int (n, 0);
  fail_unless (strstr (why, reason) != NULL, "%s: %s", text, why);
}

GST_START_TEST (test_refused_positions)
{
  expect_refused ("1:0,0", 4, "is not x,y,z");
  expect_refused ("1:0,0,0,0", 4, "is not x,y,z");
  expect_refused ("1:0,0,0;1:1,1,1", 4, "given twice");
  expect_refused ("x:0,0,0", 4, "bad node id");
  expect_refused ("-1:0,0,0", 4, "bad node id");
  expect_refused ("4294967296:0,0,0", 4, "bad node id");
  expect_refused (":0,0,0", 4, "no node id");
  expect_refused ("1 0,0,0", 4, "has no ':'");
  expect_refused ("1:0,0,nan", 4, "is not x,y,z");
  expect_refused ("1:0,0,inf", 4, "is not x,y,z");
  expect_refused ("1:0x10,0,0", 4, "is not x,y,z");
  expect_refused ("1:0,,0", 4, "is not x,y,z");
  expect_refused ("1:.,0,0", 4, "is not x,y,z");
  expect_refused ("1:1e,0,0", 4, "is not x,y,z");
  expect_refused ("1:1e999,0,0", 4, "is not x,y,z");
  expect_refused ("", 4, "no node given");
  expect_refused (" ; ", 4, "no node given");
  expect_refused (NULL, 4, "no node given");
  expect_refused ("1:0,0,0;2:0,0,0;3:0,0,0", 2, "more than 2 nodes");
}
GST_END_TEST;

/* '.' is the decimal point whatever LC_NUMERIC says */
GST_START_TEST (test_locale_independent)
{
  uint32_t id;
  RvPosition3D pos;
  size_t n;
  double b[6];

  if (!setlocale (LC_NUMERIC, "de_DE.UTF-8")
      && !setlocale (LC_NUMERIC, "fr_FR.UTF-8"))
    g_print ("no comma locale installed; checked in the C locale only\n");
  fail_unless_equals_int (rv_node_positions_parse ("7:1.25,2.5,3.75", &id,
          &pos, 1, &n, NULL, 0), 0);
  fail_unless (pos.x == 1.25 && pos.y == 2.5 && pos.z == 3.75);
  fail_unless_equals_int (rv_box_parse ("0,0,0,6.5,6,3", b), 0);
  fail_unless (b[3] == 6.5);
  setlocale (LC_NUMERIC, "C");
}
GST_END_TEST;

GST_START_TEST (test_format_round_trip)
{
  uint32_t ids[4], back_ids[4];
  RvPosition3D pos[4], back[4];
  char text[RV_GEOMETRY_TEXT_MAX], small[8];
  size_t n, len, k;

  fail_unless_equals_int (rv_sensing_synth_node_positions (4, ids, pos), 0);
  len = rv_node_positions_format (ids, pos, 4, text, sizeof (text));
  fail_unless (len == strlen (text) && len > 0);
  fail_unless (g_str_has_prefix (text, "1:"), "%s", text);
  fail_unless (strstr (text, ";4:") != NULL, "%s", text);
  fail_unless_equals_int (rv_node_positions_parse (text, back_ids, back, 4,
          &n, NULL, 0), 0);
  fail_unless_equals_int (n, 4);
  for (k = 0; k < 4; k++) {
    fail_unless (back_ids[k] == ids[k]);
    fail_unless (back[k].x == pos[k].x && back[k].y == pos[k].y
        && back[k].z == pos[k].z, "%s", text);
  }
  /* the synthetic room's text is the same */
  fail_unless_equals_int (rv_node_positions_synth_text (4, small,
          sizeof (small)), 0);
  fail_unless_equals_int (rv_node_positions_synth_text (0, text,
          sizeof (text)), 0);
  fail_unless_equals_int (rv_node_positions_synth_text (4, small, 0), 0);
  {
    char again[RV_GEOMETRY_TEXT_MAX];
    fail_unless (rv_node_positions_synth_text (4, again, sizeof (again)) ==
        len);
    fail_unless_equals_string (again, text);
  }
}
GST_END_TEST;

GST_START_TEST (test_box)
{
  double b[6] = { 9, 9, 9, 9, 9, 9 };

  fail_unless_equals_int (rv_box_parse (" 0, -1 ,0,6,6e0, 3 ", b), 0);
  fail_unless (b[0] == 0 && b[1] == -1 && b[2] == 0 && b[3] == 6
      && b[4] == 6 && b[5] == 3);
  fail_unless_equals_int (rv_box_parse ("0,0,0,6,6", b), -1);
  fail_unless_equals_int (rv_box_parse ("0,0,0,6,6,3,1", b), -1);
  fail_unless_equals_int (rv_box_parse ("0,0,0,-6,6,3", b), -1);
  fail_unless_equals_int (rv_box_parse ("0,0,3,6,6,3", b), -1);
  fail_unless_equals_int (rv_box_parse ("0,0,0,6,6,nan", b), -1);
  fail_unless_equals_int (rv_box_parse (NULL, b), -1);
  /* b is left alone on failure */
  fail_unless (b[1] == -1);
}
GST_END_TEST;

static Suite *
room_geometry_suite (void)
{
  Suite *s = suite_create ("core-room-geometry");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_parse_positions);
  tcase_add_test (tc, test_refused_positions);
  tcase_add_test (tc, test_locale_independent);
  tcase_add_test (tc, test_format_round_trip);
  tcase_add_test (tc, test_box);
  return s;
}

GST_CHECK_MAIN (room_geometry);
