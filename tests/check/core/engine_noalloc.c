/* The back-half per-cycle calls never touch the heap in steady state:
 * engine cycle (after the retention window is full), pose tracker update,
 * tomography reconstruct.  malloc/calloc/realloc are interposed and counted
 * around the calls. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/pose_heuristic.h"
#include "ruview/pose_tracker.h"
#include "ruview/tomography.h"
#if RV_HAVE_BLAKE3
#include "ruview/engine.h"
#endif

#include "noalloc.h"

GST_START_TEST (test_engine_cycle_no_alloc)
{
#if RV_HAVE_BLAKE3
  static float amp[56];
  RvEngine *e = rv_engine_new (NULL, NULL);
  RvWorldId room, sensor;
  RvEngineFrame f[4];
  RvTrustedOutput o;
  int counting;
  long n_allocs;
  int i;
  for (i = 0; i < 56; i++)
    amp[i] = 1.0f + 0.1f * (float) i;
  memset (f, 0, sizeof f);
  for (i = 0; i < 4; i++) {
    f[i].node_id = (uint32_t) i;
    f[i].timestamp_us = 1000 + (uint64_t) i;
    f[i].has_channel = true;
    f[i].amplitude = amp;
    f[i].n_bins = 56;
    f[i].coherence = 0.9f;
  }
  rv_engine_add_room (e, "default", "Default Room", &room);
  rv_engine_add_sensor (e, "esp32", room, &sensor);
  rv_engine_set_semantic_retention (e, 300);
  for (i = 0; i < 2000; i++)
    rv_engine_process_cycle (e, f, 4, 1, room, i, &o);
  counting = rv_noalloc_begin ();
  for (i = 2000; i < 12000; i++)
    rv_engine_process_cycle (e, f, 4, 1, room, i, &o);
  n_allocs = rv_noalloc_end ();
  fail_unless (counting, "heap-call counter inactive");
  fail_unless_equals_int (n_allocs, 0);
  fail_unless_equals_int (rv_worldgraph_node_count (rv_engine_graph (e)), 302);
  rv_engine_free (e);
#else
  printf ("SKIP: BLAKE3 not available, engine not built\n");
#endif
}
GST_END_TEST;

GST_START_TEST (test_pose_and_tomography_no_alloc)
{
  RvPoseTrackerConfig c;
  RvPoseTracker *t;
  int counting;
  long n_allocs;
  RvSensingFeatures feat;
  RvClassification cls;
  RvHeuristicPerson p[2];
  float det[2][17][3];
  RvTrackedPerson out[4];
  RvTomographyConfig tc;
  RvLinkGeometry L[12];
  RvTomographer *tomo;
  RvOccupancyVolume v;
  double y[12];
  size_t n, k;
  int i, j, m = 0;
  static const double pos[4][3] = { {0.5, 0.5, 1.5}, {5.5, 0.5, 1.5}, {5.5, 5.5, 1.5},
    {0.5, 5.5, 1.5} };

  memset (&feat, 0, sizeof feat);
  feat.variance = 2.0;
  feat.motion_band_power = 10.0;
  cls.presence = true;
  cls.confidence = 0.8;
  cls.motion_level = RV_MOTION_ACTIVE;
  rv_pose_tracker_config_default (&c);
  t = rv_pose_tracker_new (&c, NULL);
  for (i = 0; i < 4; i++)
    for (j = 0; j < 4; j++)
      if (i != j) {
        memset (&L[m], 0, sizeof L[m]);
        L[m].tx.x = pos[i][0];
        L[m].tx.y = pos[i][1];
        L[m].tx.z = pos[i][2];
        L[m].rx.x = pos[j][0];
        L[m].rx.y = pos[j][1];
        L[m].rx.z = pos[j][2];
        y[m] = 1.0;
        m++;
      }
  rv_tomography_config_default (&tc);
  tomo = rv_tomographer_new (&tc, L, 12, NULL);

  counting = rv_noalloc_begin ();
  for (i = 0; i < 1000; i++) {
    n = rv_heuristic_pose (&feat, &cls, NULL, (uint64_t) i, 2, p, 2);
    for (k = 0; k < n; k++)
      rv_heuristic_person_to_tracker (&p[k], det[k]);
    rv_pose_tracker_bridge_update (t, 0.05f, (uint64_t) i, (const float (*)[17][3]) det, n,
        out, 4, NULL);
  }
  for (i = 0; i < 5; i++)
    rv_tomographer_reconstruct (tomo, y, 12, &v);
  n_allocs = rv_noalloc_end ();
  fail_unless (counting, "heap-call counter inactive");
  fail_unless_equals_int (n_allocs, 0);
  rv_tomographer_free (tomo);
  rv_pose_tracker_free (t);
}
GST_END_TEST;

static Suite *
engine_noalloc_suite (void)
{
  Suite *s = suite_create ("core-engine-noalloc");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_engine_cycle_no_alloc);
  tcase_add_test (tc, test_pose_and_tomography_no_alloc);
  return s;
}

GST_CHECK_MAIN (engine_noalloc);
