/* rvtomography: §2.4 goldens through the element, node sets, settings
 * errors, GAP passthrough, JSON and buffer reuse. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvcaps.h"
#include "gst/ruview/rvoccupancymeta-private.h"
#include "ruview/tomography.h"

#define FUSED_CAPS GST_RV_FUSED_MEDIA_TYPE \
  ", framerate=(fraction)20/1, calibrated=false"
#define SQUARE "1:0.5,0.5,1.5;2:5.5,0.5,1.5;3:5.5,5.5,1.5;4:0.5,5.5,1.5"
#define MS GST_MSECOND
#define NB 8

/* A fused cycle of n nodes (ids[i]); node i's canonical amplitudes are all
 * level[i]; a level < 0 marks the node absent (no record). */
static GstBuffer *
fused_cycle (guint n, const guint32 * ids, const gfloat * level, guint64 cycle)
{
  GstMapInfo map;
  RvFusedRecord r;
  GstBuffer *b = gst_rv_fused_buffer_new (n, NB, &map, &r);
  guint i, k, rec = 0;

  r.cycle = cycle;
  for (k = 0; k < NB; k++)
    r.fused_amplitude[k] = 1.0f;
  for (i = 0; i < n; i++) {
    r.nodes[i].node_id = ids[i];
    if (level[i] < 0) {
      r.nodes[i].status = RV_NODE_ABSENT;
      r.nodes[i].record_index = G_MAXUINT32;
      continue;
    }
    r.nodes[i].status = RV_NODE_FUSED;
    r.nodes[i].record_index = rec++;
    r.active_nodes++;
  }
  r.n_node_records = rec;
  gst_rv_fused_buffer_unmap (b, &map, &r);
  for (i = 0; i < n; i++) {
    GstMapInfo nm;
    RvCsiFrame f;
    GstBuffer *nb;
    if (level[i] < 0)
      continue;
    nb = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, NB, &nm, &f);
    f.node_id = ids[i];
    f.rssi_dbm = -50;
    f.channel_freq_mhz[0] = 2437;
    for (k = 0; k < NB; k++)
      rv_csi_amplitude (&f, 0)[k] = level[i];
    gst_rv_csi_buffer_unmap (nb, &nm, &f);
    gst_buffer_append_memory (b, gst_buffer_get_all_memory (nb));
    gst_buffer_unref (nb);
  }
  GST_BUFFER_PTS (b) = cycle * 50 * MS;
  GST_BUFFER_DURATION (b) = 50 * MS;
  return b;
}

static const guint32 ids4[4] = { 1, 2, 3, 4 };

static GstBuffer *
uniform_cycle (gfloat level, guint64 cycle)
{
  const gfloat lv[4] = { level, level, level, level };
  return fused_cycle (4, ids4, lv, cycle);
}

static GstHarness *
default_harness (void)
{
  GstHarness *h = gst_harness_new ("rvtomography");
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  return h;
}

static GstHarness *
square_harness_props (const gchar * extra)
{
  gchar *desc = g_strdup_printf ("rvtomography node-positions=\"" SQUARE
      "\" baseline-cycles=1 %s", extra ? extra : "");
  GstHarness *h = gst_harness_new_parse (desc);
  g_free (desc);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  return h;
}

static guint64
stat (GstElement * e, const gchar * name)
{
  GstStructure *s;
  guint64 v = 0;
  g_object_get (e, "stats", &s, NULL);
  fail_unless (gst_structure_get_uint64 (s, name, &v));
  gst_structure_free (s);
  return v;
}

static GstElement *
inner (GstHarness * h)
{
  GstElement *e = gst_harness_find_element (h, "rvtomography");
  gst_object_unref (e);         /* the harness keeps it alive */
  return e;
}

/* m's densities and iterations equal a direct reconstruction with the
 * element's square (y = 1.0 on every link) and @solver, bit for bit */
static void
check_direct_reconstruction (const GstRvOccupancyMeta * m,
    RvTomographySolver solver)
{
  const RvPosition3D pos[4] = { {0.5, 0.5, 1.5}, {5.5, 0.5, 1.5},
  {5.5, 5.5, 1.5}, {0.5, 5.5, 1.5}
  };
  RvLinkGeometry links[12];
  RvTomographyConfig cfg;
  RvTomographer *t;
  RvOccupancyVolume vol;
  double y[12];
  guint i;

  rv_tomography_config_default (&cfg);
  cfg.solver = solver;
  fail_unless_equals_int (rv_tomography_links_all_pairs (pos, 4, links, 12),
      12);
  t = rv_tomographer_new (&cfg, links, 12, NULL);
  for (i = 0; i < 12; i++)
    y[i] = 1.0;
  fail_unless_equals_int (rv_tomographer_reconstruct (t, y, 12, &vol),
      RV_TOMO_OK);
  fail_unless_equals_uint64 (m->iterations, vol.iterations);
  fail_unless (m->densities != NULL);
  fail_unless_equals_int (gst_rv_densities_size (m->densities), 256);
  fail_unless (memcmp (gst_rv_densities_data (m->densities), vol.densities,
          256 * sizeof (double)) == 0);
  rv_tomographer_free (t);
}

GST_START_TEST (test_square_goldens)
{
  GstHarness *h = square_harness_props (NULL);
  GstRvOccupancyMeta *m;
  GstBuffer *b;
  union
  {
    double d;
    guint64 u;
  } res;

  /* cycle 0 learns the references (level 1) */
  b = gst_harness_push_and_pull (h, uniform_cycle (1.0f, 0));
  fail_unless (gst_buffer_get_rv_occupancy_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (inner (h), "learning"), 1);

  /* y = 0 on every link: one iteration, nothing occupied */
  b = gst_harness_push_and_pull (h, uniform_cycle (1.0f, 1));
  m = gst_buffer_get_rv_occupancy_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_uint64 (m->n_links, 12);
  fail_unless_equals_uint64 (m->iterations, 1);
  fail_unless_equals_uint64 (m->occupied_count, 0);
  fail_unless (m->residual == 0.0);
  fail_unless_equals_int (m->nx * m->ny * m->nz, 256);
  gst_buffer_unref (b);

  /* level 2 → every node deviates by 1.0 → y = 1.0 on every link (§2.4) */
  b = gst_harness_push_and_pull (h, uniform_cycle (2.0f, 2));
  m = gst_buffer_get_rv_occupancy_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_uint64 (m->iterations, 100);
  fail_unless_equals_uint64 (m->occupied_count, 72);
  fail_unless_equals_uint64 (m->total_voxels, 256);
  res.d = m->residual;
  fail_unless_equals_uint64 (res.u, G_GUINT64_CONSTANT (0x3fb177199733a5e5));

  /* the densities equal a direct reconstruction, bit for bit */
  check_direct_reconstruction (m, RV_TOMO_SOLVER_ISTA);
  gst_buffer_unref (b);

  fail_unless_equals_uint64 (stat (inner (h), "reconstructed"), 2);
  fail_unless_equals_uint64 (stat (inner (h), "rebuilds"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* solver=fista: the element's densities equal a direct FISTA reconstruction
 * bit for bit, in fewer iterations than ISTA's 100 */
GST_START_TEST (test_solver_fista)
{
  GstHarness *h = square_harness_props ("solver=fista");
  GstRvOccupancyMeta *m;
  GstBuffer *b;

  gst_buffer_unref (gst_harness_push_and_pull (h, uniform_cycle (1.0f, 0)));
  b = gst_harness_push_and_pull (h, uniform_cycle (2.0f, 1));
  m = gst_buffer_get_rv_occupancy_meta (b);
  fail_unless (m != NULL);
  fail_unless (m->iterations < 100, "%" G_GUINT64_FORMAT " iterations",
      (guint64) m->iterations);
  check_direct_reconstruction (m, RV_TOMO_SOLVER_FISTA);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_absent_node_set)
{
  GstHarness *h = square_harness_props ("min-links=6");
  const gfloat three[4] = { 2.0f, 2.0f, -1.0f, 2.0f };
  const gfloat one[4] = { 2.0f, -1.0f, -1.0f, -1.0f };
  GstRvOccupancyMeta *m;
  GstBuffer *b;

  gst_buffer_unref (gst_harness_push_and_pull (h, uniform_cycle (1.0f, 0)));
  /* node 3 absent: 3 nodes, 6 links, a new tomographer */
  b = gst_harness_push_and_pull (h, fused_cycle (4, ids4, three, 1));
  m = gst_buffer_get_rv_occupancy_meta (b);
  fail_unless (m != NULL);
  fail_unless_equals_uint64 (m->n_links, 6);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (inner (h), "rebuilds"), 2);
  /* the same set again: cached */
  gst_buffer_unref (gst_harness_push_and_pull (h, fused_cycle (4, ids4,
              three, 2)));
  fail_unless_equals_uint64 (stat (inner (h), "rebuilds"), 2);
  /* back to 4 nodes: the first set is still cached */
  b = gst_harness_push_and_pull (h, uniform_cycle (1.0f, 3));
  fail_unless_equals_uint64 (gst_buffer_get_rv_occupancy_meta (b)->n_links,
      12);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (inner (h), "rebuilds"), 2);
  /* one node: no links, no meta, nothing invented */
  b = gst_harness_push_and_pull (h, fused_cycle (4, ids4, one, 4));
  fail_unless (gst_buffer_get_rv_occupancy_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (inner (h), "skipped"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_too_few_links_skipped)
{
  GstHarness *h = square_harness_props (NULL);
  const gfloat three[4] = { 2.0f, 2.0f, -1.0f, 2.0f };
  GstBuffer *b;

  gst_buffer_unref (gst_harness_push_and_pull (h, uniform_cycle (1.0f, 0)));
  /* 3 nodes give 6 links < min-links 8 */
  b = gst_harness_push_and_pull (h, fused_cycle (4, ids4, three, 1));
  fail_unless (gst_buffer_get_rv_occupancy_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (inner (h), "skipped"), 1);
  gst_harness_teardown (h);
}
GST_END_TEST;

static void
expect_settings_error (const gchar * prop, const gchar * value)
{
  GstElement *e = gst_element_factory_make ("rvtomography", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;

  gst_element_set_bus (e, bus);
  g_object_set (e, prop, value, NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error for %s=%s", prop, value);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_RESOURCE_ERROR);
  fail_unless_equals_int (err->code, GST_RESOURCE_ERROR_SETTINGS);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_bus_set_flushing (bus, TRUE);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

GST_START_TEST (test_settings_errors)
{
  expect_settings_error ("node-positions", "1:0,0");
  expect_settings_error ("node-positions", "1:0,0,0;1:1,1,1");
  expect_settings_error ("node-positions", "x:0,0,0");
  expect_settings_error ("node-positions", "1 0,0,0");
  expect_settings_error ("node-positions", "1:0,0,nan");
  expect_settings_error ("node-positions", "");
  /* 2 nodes give 2 links < min-links 8 */
  expect_settings_error ("node-positions", "1:0,0,0;2:1,1,1");
  expect_settings_error ("bounds", "0,0,0,6,6");
  expect_settings_error ("bounds", "0,0,0,-6,6,3");
}
GST_END_TEST;

GST_START_TEST (test_default_positions)
{
  GstHarness *h = default_harness ();
  GstBuffer *b;
  gchar *pos;
  guint i;

  g_object_get (h->element, "node-positions", &pos, NULL);
  fail_unless (g_str_has_prefix (pos, "1:"), "%s", pos);
  fail_unless (strstr (pos, ";4:") != NULL, "%s", pos);
  g_free (pos);
  for (i = 0; i < 20; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h, uniform_cycle (1.0f, i)));
  b = gst_harness_push_and_pull (h, uniform_cycle (1.5f, 20));
  fail_unless (gst_buffer_get_rv_occupancy_meta (b) != NULL);
  fail_unless_equals_uint64 (gst_buffer_get_rv_occupancy_meta (b)->n_links,
      12);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (h->element, "learning"), 20);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_gap_passthrough)
{
  GstHarness *h = square_harness_props (NULL);
  GstMapInfo map;
  RvFusedRecord r;
  GstBuffer *gap = gst_rv_fused_buffer_new (0, 0, &map, &r), *b;

  gst_rv_fused_buffer_unmap (gap, &map, &r);
  GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
  GST_BUFFER_PTS (gap) = 0;
  b = gst_harness_push_and_pull (h, gap);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP));
  fail_unless (gst_buffer_get_rv_occupancy_meta (b) == NULL);
  gst_buffer_unref (b);
  fail_unless_equals_uint64 (stat (inner (h), "gaps"), 1);
  fail_unless_equals_uint64 (stat (inner (h), "cycles"), 0);
  gst_harness_teardown (h);
}
GST_END_TEST;

static gchar *
json_of_cycles (const gchar * detail)
{
  gchar *desc = g_strdup_printf ("rvtomography node-positions=\"" SQUARE
      "\" baseline-cycles=1 ! rvmetaconvert detail=%s", detail);
  GstHarness *h = gst_harness_new_parse (desc);
  GstBuffer *b;
  GstMapInfo map;
  gchar *s;

  g_free (desc);
  gst_harness_set_src_caps_str (h, FUSED_CAPS);
  gst_buffer_unref (gst_harness_push_and_pull (h, uniform_cycle (1.0f, 0)));
  b = gst_harness_push_and_pull (h, uniform_cycle (2.0f, 1));
  gst_buffer_map (b, &map, GST_MAP_READ);
  s = g_strndup ((const gchar *) map.data, map.size);
  gst_buffer_unmap (b, &map);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
  return s;
}

GST_START_TEST (test_json)
{
  gchar *s = json_of_cycles ("summary");
  fail_unless (strstr (s, "\"occupancy\":{\"dims\":[8,8,4],\"bounds\":[0.0,0.0,"
          "0.0,6.0,6.0,3.0],\"occupied_count\":72,\"total_voxels\":256,"
          "\"residual\":0.06822357121895768,\"iterations\":100,"
          "\"n_links\":12}") != NULL, "%s", s);
  g_free (s);
  s = json_of_cycles ("full");
  fail_unless (strstr (s, "\"n_links\":12,\"densities\":[") != NULL, "%s", s);
  g_free (s);
}
GST_END_TEST;

GST_START_TEST (test_densities_reused)
{
  GstHarness *h = square_harness_props (NULL);
  const GstRvDensities *first = NULL;
  GstBuffer *b;
  guint i;

  gst_buffer_unref (gst_harness_push_and_pull (h, uniform_cycle (1.0f, 0)));
  for (i = 1; i < 50; i++) {
    GstRvOccupancyMeta *m;
    b = gst_harness_push_and_pull (h, uniform_cycle (1.0f + 0.01f * i, i));
    m = gst_buffer_get_rv_occupancy_meta (b);
    fail_unless (m != NULL && m->densities != NULL);
    if (!first)
      first = m->densities;
    /* released downstream each cycle → the same block every time */
    fail_unless (m->densities == first);
    gst_buffer_unref (b);
  }
  /* a buffer kept downstream forces a fresh block, never a shared write */
  b = gst_harness_push_and_pull (h, uniform_cycle (1.2f, 50));
  {
    GstBuffer *b2 = gst_harness_push_and_pull (h, uniform_cycle (1.3f, 51));
    fail_unless (gst_buffer_get_rv_occupancy_meta (b)->densities !=
        gst_buffer_get_rv_occupancy_meta (b2)->densities);
    gst_buffer_unref (b2);
  }
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}
GST_END_TEST;

GST_START_TEST (test_unknown_node_warned_once)
{
  GstHarness *h = square_harness_props (NULL);
  const guint32 ids5[5] = { 1, 2, 3, 4, 9 };
  const gfloat lv[5] = { 1.0f, 1.0f, 1.0f, 1.0f, 1.0f };
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  guint i;

  gst_element_set_bus (h->element, bus);
  for (i = 0; i < 3; i++)
    gst_buffer_unref (gst_harness_push_and_pull (h, fused_cycle (5, ids5, lv,
                i)));
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL);
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (err->domain == GST_RESOURCE_ERROR);
  fail_unless (strstr (err->message, "9") != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  /* once only; the four known nodes are still reconstructed */
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING) == NULL);
  fail_unless_equals_uint64 (stat (inner (h), "reconstructed"), 2);
  gst_bus_set_flushing (bus, TRUE);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
rvtomography_suite (void)
{
  Suite *s = suite_create ("rvtomography");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_square_goldens);
  tcase_add_test (tc, test_solver_fista);
  tcase_add_test (tc, test_absent_node_set);
  tcase_add_test (tc, test_too_few_links_skipped);
  tcase_add_test (tc, test_settings_errors);
  tcase_add_test (tc, test_default_positions);
  tcase_add_test (tc, test_gap_passthrough);
  tcase_add_test (tc, test_json);
  tcase_add_test (tc, test_densities_reused);
  tcase_add_test (tc, test_unknown_node_warned_once);
  return s;
}

GST_CHECK_MAIN (rvtomography);
