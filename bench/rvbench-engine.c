/* rvbench-engine: back-half costs (engine.md §2, §3, §4, §6).
 *
 *   engine cycle, 4 nodes × 56 (the §6 input, scenario B):
 *     steady   one engine, retention full (7200 beliefs), cycle after cycle
 *     cold     fresh engine per cycle, the timed part = process_cycle + free
 *              (what the upstream criterion bench measures)
 *   semantic pruning: ordered index (ours) vs collect-and-sort (upstream)
 *   tomography: default 8×8×4 grid, 12 links, y = 1 (100 iterations),
 *     ours vs a same-run naive solver that allocates its buffers per call
 *     and per iteration
 *   pose tracker: heuristic skeleton + greedy association per update
 *   --day: 1.73 M steady cycles (one day at 20 Hz), RSS at start and end
 *
 * Times are wall-clock medians of repeated batches (CLOCK_MONOTONIC). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ruview/engine.h"
#include "ruview/floatfmt.h"
#include "ruview/pose_heuristic.h"
#include "ruview/pose_tracker.h"
#include "ruview/tomography.h"

#define NSC 56

static float amp[NSC];
static volatile uint8_t sink;

static double
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static long
rss_kb (void)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  long v = -1;
  if (!f)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, "VmRSS:", 6) == 0)
      v = strtol (line + 6, NULL, 10);
  fclose (f);
  return v;
}

static int
cmp_d (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, size_t n)
{
  qsort (v, n, sizeof *v, cmp_d);
  return v[n / 2];
}

static void
frames4 (RvEngineFrame *f)
{
  int i;
  for (i = 0; i < 4; i++) {
    memset (&f[i], 0, sizeof f[i]);
    f[i].node_id = (uint32_t) i;
    f[i].timestamp_us = 1000 + (uint64_t) i;
    f[i].has_channel = true;
    f[i].amplitude = amp;
    f[i].n_bins = NSC;
    f[i].coherence = 0.9f;
  }
}

static RvEngine *
make_engine (RvWorldId *room)
{
  RvEngine *e = rv_engine_new (NULL, NULL);
  RvWorldId s;
  rv_engine_add_room (e, "default", "Default Room", room);
  rv_engine_add_sensor (e, "esp32", *room, &s);
  return e;
}

/* ---- engine ---- */

static double
bench_steady (RvEngine *e, RvWorldId room, const RvEngineFrame *f, int64_t *t, int batches,
    int per)
{
  RvTrustedOutput o;
  double *v = malloc (sizeof (double) * (size_t) batches), m;
  int b, i;
  for (b = 0; b < batches; b++) {
    double t0 = now_ns ();
    for (i = 0; i < per; i++)
      rv_engine_process_cycle (e, f, 4, 1, room, (*t)++, &o);
    v[b] = (now_ns () - t0) / per;
    sink ^= o.witness[0];
  }
  m = median (v, (size_t) batches);
  free (v);
  return m;
}

static double
bench_cold (const RvEngineFrame *f, int n)
{
  RvTrustedOutput o;
  double *v = malloc (sizeof (double) * (size_t) n), m;
  int i;
  for (i = 0; i < n; i++) {
    RvWorldId room;
    RvEngine *e = make_engine (&room);
    double t0 = now_ns ();
    rv_engine_process_cycle (e, f, 4, 1, room, 0, &o);
    rv_engine_free (e);
    v[i] = now_ns () - t0;
    sink ^= o.witness[0];
  }
  m = median (v, (size_t) n);
  free (v);
  return m;
}

/* ---- pruning: ordered index vs collect + sort (upstream graph.rs) ---- */

typedef struct
{
  int64_t t;
  RvWorldId id;
} Key;

static int
cmp_key (const void *a, const void *b)
{
  const Key *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static double
naive_prune_ns (RvWorldGraph *g, int reps)
{
  size_t n = rv_worldgraph_node_count (g), i, k;
  RvWorldId *ids = malloc (n * sizeof *ids);
  Key *keys = malloc (n * sizeof *keys);
  double t0 = now_ns ();
  int r;
  for (r = 0; r < reps; r++) {
    rv_worldgraph_node_ids (g, ids, n);
    for (i = 0, k = 0; i < n; i++) {
      const RvWgNode *nd = rv_worldgraph_get (g, ids[i]);
      if (nd->kind == RV_WG_SEMANTIC_STATE) {
        keys[k].t = nd->t_ms;
        keys[k].id = ids[i];
        k++;
      }
    }
    qsort (keys, k, sizeof *keys, cmp_key);
    sink ^= (uint8_t) keys[0].id;
  }
  free (ids);
  free (keys);
  return (now_ns () - t0) / reps;
}

/* ---- tomography ---- */

static size_t
square_links (RvLinkGeometry *out)
{
  static const double p[4][3] = { {0.5, 0.5, 1.5}, {5.5, 0.5, 1.5}, {5.5, 5.5, 1.5},
    {0.5, 5.5, 1.5} };
  size_t n = 0;
  int i, j;
  for (i = 0; i < 4; i++)
    for (j = 0; j < 4; j++) {
      if (i == j)
        continue;
      memset (&out[n], 0, sizeof out[n]);
      out[n].tx.x = p[i][0];
      out[n].tx.y = p[i][1];
      out[n].tx.z = p[i][2];
      out[n].rx.x = p[j][0];
      out[n].rx.y = p[j][1];
      out[n].rx.z = p[j][2];
      out[n].link_id = n;
      n++;
    }
  return n;
}

/* Same ISTA, allocating x per call and the gradient per iteration. */
static double
naive_reconstruct (const RvTomographer *t, const double *y)
{
  size_t nv = rv_tomographer_n_voxels (t), nl = rv_tomographer_n_links (t), it, l, k, i;
  const RvTomographyConfig *c = rv_tomographer_config (t);
  double step = 1.0 / rv_tomographer_lipschitz (t), thr = c->lambda * step, res = 0.0;
  double *x = calloc (nv, sizeof *x);
  for (it = 0; it < c->max_iterations; it++) {
    double *g = calloc (nv, sizeof *g), maxchg = 0.0;
    res = 0.0;
    for (l = 0; l < nl; l++) {
      const uint32_t *idx;
      const double *w;
      size_t m = rv_tomographer_link_weights (t, l, &idx, &w);
      double pred = 0.0, diff;
      for (k = 0; k < m; k++)
        pred += w[k] * x[idx[k]];
      diff = pred - y[l];
      res += diff * diff;
      for (k = 0; k < m; k++)
        g[idx[k]] += w[k] * diff;
    }
    for (i = 0; i < nv; i++) {
      double u = x[i] - step * g[i], nvv = u > thr ? u - thr : u < -thr ? u + thr : 0.0;
      nvv = fmax (nvv, 0.0);
      maxchg = fmax (maxchg, fabs (nvv - x[i]));
      x[i] = nvv;
    }
    free (g);
    if (maxchg < c->tolerance)
      break;
  }
  res += x[0];
  free (x);
  return res;
}

static void
bench_tomography (void)
{
  RvTomographyConfig c;
  RvLinkGeometry L[12];
  RvTomographer *t;
  RvOccupancyVolume v;
  double y[12], a[41], b[41], build[41], acc = 0.0;
  int i, r;
  rv_tomography_config_default (&c);
  square_links (L);
  for (i = 0; i < 12; i++)
    y[i] = 1.0;
  for (r = 0; r < 41; r++) {
    double t0 = now_ns ();
    t = rv_tomographer_new (&c, L, 12, NULL);
    build[r] = now_ns () - t0;
    t0 = now_ns ();
    rv_tomographer_reconstruct (t, y, 12, &v);
    a[r] = now_ns () - t0;
    t0 = now_ns ();
    acc += naive_reconstruct (t, y);
    b[r] = now_ns () - t0;
    acc += v.residual;
    rv_tomographer_free (t);
  }
  sink ^= (uint8_t) (acc > 0);
  printf ("tomography   construct (weights+L)        %9.2f us\n", median (build, 41) / 1e3);
  printf ("tomography   reconstruct (100 it)         %9.2f us   naive (alloc/iter) %9.2f us"
      "   ratio %.2f\n", median (a, 41) / 1e3, median (b, 41) / 1e3,
      median (b, 41) / median (a, 41));
  /* the opt-in solvers on the same input (they change the floats) */
  {
    static const char *const names[3] = { "lipschitz=power", "solver=fista",
      "power + fista" };
    int k;
    for (k = 0; k < 3; k++) {
      RvTomographyConfig ck = c;
      ck.lipschitz = k != 1 ? RV_TOMO_LIPSCHITZ_POWER : RV_TOMO_LIPSCHITZ_FROBENIUS;
      ck.solver = k != 0 ? RV_TOMO_SOLVER_FISTA : RV_TOMO_SOLVER_ISTA;
      t = rv_tomographer_new (&ck, L, 12, NULL);
      for (r = 0; r < 41; r++) {
        double t0 = now_ns ();
        rv_tomographer_reconstruct (t, y, 12, &v);
        a[r] = now_ns () - t0;
      }
      printf ("tomography   reconstruct, %-16s %9.2f us   (%zu iterations)\n", names[k],
          median (a, 41) / 1e3, v.iterations);
      rv_tomographer_free (t);
    }
  }
}

/* ---- pose tracker ---- */

static void
bench_pose (void)
{
  RvPoseTrackerConfig c;
  RvPoseTracker *t, *tn;
  RvSensingFeatures f;
  RvClassification cls;
  RvHeuristicPerson p[3];
  float det[3][17][3];
  RvTrackedPerson out[8];
  double v[41], vn[41];
  int r, i;
  size_t n, k;

  memset (&f, 0, sizeof f);
  f.variance = 2.0;
  f.motion_band_power = 10.0;
  f.breathing_band_power = 0.5;
  f.dominant_freq_hz = 4.0;
  cls.presence = true;
  cls.confidence = 0.8;
  cls.motion_level = RV_MOTION_PRESENT_MOVING;
  rv_pose_tracker_config_default (&c);
  t = rv_pose_tracker_new (&c, NULL);
  tn = rv_pose_tracker_new (&c, NULL);
  for (r = 0; r < 41; r++) {
    double t0 = now_ns ();
    for (i = 0; i < 1000; i++) {
      n = rv_heuristic_pose (&f, &cls, NULL, (uint64_t) (r * 1000 + i), 2, p, 3);
      for (k = 0; k < n; k++)
        rv_heuristic_person_to_tracker (&p[k], det[k]);
      n = rv_pose_tracker_bridge_update (t, 0.05f, (uint64_t) i, (const float (*)[17][3]) det,
          n, out, 8, NULL);
      sink ^= (uint8_t) n;
    }
    v[r] = (now_ns () - t0) / 1000;
    /* naive: same tracker, but the per-update vectors upstream builds
     * (persons, detections, outputs) on the heap each update */
    t0 = now_ns ();
    for (i = 0; i < 1000; i++) {
      RvHeuristicPerson *hp = malloc (3 * sizeof *hp);
      float (*d)[17][3] = malloc (3 * sizeof *d);
      RvTrackedPerson *op = malloc (8 * sizeof *op);
      n = rv_heuristic_pose (&f, &cls, NULL, (uint64_t) (r * 1000 + i), 2, hp, 3);
      for (k = 0; k < n; k++)
        rv_heuristic_person_to_tracker (&hp[k], d[k]);
      n = rv_pose_tracker_bridge_update (tn, 0.05f, (uint64_t) i, (const float (*)[17][3]) d,
          n, op, 8, NULL);
      sink ^= (uint8_t) n;
      free (d);
      free (op);
      free (hp);
    }
    vn[r] = (now_ns () - t0) / 1000;
  }
  rv_pose_tracker_free (t);
  rv_pose_tracker_free (tn);
  printf ("pose         skeleton(2)+track per update %9.2f us   naive (heap/update) %8.2f us"
      "   ratio %.2f\n", median (v, 41) / 1e3, median (vn, 41) / 1e3,
      median (vn, 41) / median (v, 41));
}

/* Shortest round-trip formatting of values that change every call (the
 * per-thread cache cannot help): what one evidence string costs in a live
 * cycle with varying weights. */
static void
bench_floatfmt (void)
{
  char b[RV_FMT_BUFSIZE];
  double v32[21], v64[21];
  uint32_t x = 12345;
  int r, i;
  for (r = 0; r < 21; r++) {
    double t0 = now_ns ();
    for (i = 0; i < 2000; i++) {
      x = x * 1664525u + 1013904223u;
      rv_fmt_debug_f32 (b, (float) (x >> 8) / 16777216.0f);
      sink ^= (uint8_t) b[2];
    }
    v32[r] = (now_ns () - t0) / 2000;
    t0 = now_ns ();
    for (i = 0; i < 2000; i++) {
      x = x * 1664525u + 1013904223u;
      rv_fmt_json_f64 (b, (double) x / 4294967296.0 * 640.0);
      sink ^= (uint8_t) b[2];
    }
    v64[r] = (now_ns () - t0) / 2000;
  }
  printf ("floatfmt     Debug f32 of a new value      %9.2f us   JSON f64 of a new value %8.2f us\n",
      median (v32, 21) / 1e3, median (v64, 21) / 1e3);
}

int
main (int argc, char **argv)
{
  RvEngineFrame f[4];
  RvEngine *e;
  RvWorldId room;
  RvTrustedOutput o;
  int64_t t = 0;
  int i, day = 0;
  double steady, cold, idx_prune, naive_prune;

  for (i = 1; i < argc; i++)
    if (strcmp (argv[i], "--day") == 0)
      day = 1;
  for (i = 0; i < NSC; i++)
    amp[i] = 1.0f + 0.1f * (float) i;
  frames4 (f);

  printf ("rvbench-engine (engine.md §6 input: 4 nodes x 56, cal 1)\n");
  e = make_engine (&room);
  /* warm up: fill the retention window */
  for (i = 0; i < 7300; i++)
    rv_engine_process_cycle (e, f, 4, 1, room, t++, &o);
  steady = bench_steady (e, room, f, &t, 51, 2000);
  cold = bench_cold (f, 2001);
  printf ("engine cycle steady state (7200 beliefs)  %9.2f us\n", steady / 1e3);
  printf ("engine cycle cold (fresh engine + free)   %9.2f us   ratio cold/steady %.2f\n",
      cold / 1e3, cold / steady);
  printf ("  upstream reference (docs): 6.35 us cold; RuView measured 37.5 us\n");

  {
    double t0 = now_ns ();
    int r;
    /* ordered index: one add + one prune is what a cycle does; measure the
     * prune of one belief on the full graph */
    for (r = 0; r < 2000; r++) {
      rv_engine_set_semantic_retention (e, 7200);
      rv_worldgraph_add_semantic_state (rv_engine_graph (e), "x", 1.0f, t++, NULL, 0, "m", "c",
          "d", &room, 1, NULL);
      rv_worldgraph_prune_semantic_states (rv_engine_graph (e), 7200);
    }
    idx_prune = (now_ns () - t0) / 2000;
    naive_prune = naive_prune_ns (rv_engine_graph (e), 200);
    printf ("belief add+prune, ordered index           %9.2f us   collect+sort (upstream) %8.2f us"
        "   ratio %.1f\n", idx_prune / 1e3, naive_prune / 1e3, naive_prune / idx_prune);
  }

  bench_tomography ();
  bench_pose ();
  bench_floatfmt ();

  if (day) {
    long r0 = rss_kb (), r1;
    double t0 = now_ns ();
    for (i = 0; i < 1730000; i++) {
      f[0].timestamp_us = f[1].timestamp_us = f[2].timestamp_us = f[3].timestamp_us =
          (uint64_t) i * 50000;
      rv_engine_process_cycle (e, f, 4, 1, room, t++, &o);
    }
    r1 = rss_kb ();
    printf ("day replay 1.73M cycles: %.1f s, %.2f us/cycle, RSS start %ld kB end %ld kB,"
        " nodes %zu\n", (now_ns () - t0) / 1e9, (now_ns () - t0) / 1730000 / 1e3, r0, r1,
        rv_worldgraph_node_count (rv_engine_graph (e)));
  }
  rv_engine_free (e);
  return sink == 0xFF ? 1 : 0;
}
