/* libruview: RF tomography goldens (engine.md §2.4) and the §11 list. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "ruview/tomography.h"
#if RV_HAVE_BLAKE3
#include "blake3.h"
#endif

static uint64_t
dbits (double v)
{
  uint64_t b;
  memcpy (&b, &v, 8);
  return b;
}

/* make_square_links: 4 nodes, 12 directed links i≠j. */
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

#if RV_HAVE_BLAKE3
static void
hex_of (const uint8_t *h, char *out)
{
  int i;
  for (i = 0; i < 32; i++)
    sprintf (out + 2 * i, "%02x", h[i]);
}

static void
b3_densities (const RvOccupancyVolume *v, char *hex)
{
  blake3_hasher hs;
  uint8_t out[32], le[8];
  size_t i;
  int k;
  blake3_hasher_init (&hs);
  for (i = 0; i < v->total_voxels; i++) {
    uint64_t b = dbits (v->densities[i]);
    for (k = 0; k < 8; k++)
      le[k] = (uint8_t) (b >> (8 * k));
    blake3_hasher_update (&hs, le, 8);
  }
  blake3_hasher_finalize (&hs, out, 32);
  hex_of (out, hex);
}
#endif

GST_START_TEST (test_weights_golden)
{
  RvTomographyConfig c;
  RvLinkGeometry L[12];
  RvTomographyError e;
  RvTomographer *t;
  static const size_t counts[12] = { 32, 44, 32, 32, 32, 44, 44, 32, 32, 32, 44, 32 };
  const uint32_t *idx;
  const double *w;
  size_t l, n;

  rv_tomography_config_default (&c);
  n = square_links (L);
  t = rv_tomographer_new (&c, L, n, &e);
  fail_unless (t != NULL, "%s", rv_tomography_error_str (e));
  fail_unless_equals_int (rv_tomographer_n_links (t), 12);
  fail_unless_equals_int (rv_tomographer_n_voxels (t), 256);
  for (l = 0; l < 12; l++)
    fail_unless_equals_int (rv_tomographer_link_weights (t, l, NULL, NULL), counts[l]);
  rv_tomographer_link_weights (t, 0, &idx, &w);
  fail_unless_equals_int (idx[0], 64);
  fail_unless (w[0] == 0.4472292016074334, "%.17g", w[0]);
  fail_unless_equals_int (idx[1], 65);
  fail_unless (w[1] == 0.4729537233052701, "%.17g", w[1]);
  fail_unless_equals_int (idx[2], 72);
  fail_unless (w[2] == 0.013986702816730645, "%.17g", w[2]);
  fail_unless_equals_int (idx[3], 73);
  fail_unless (w[3] == 0.02817468419244984, "%.17g", w[3]);
  fail_unless_equals_int (idx[4], 128);
  fail_unless (w[4] == 0.4472292016074334, "%.17g", w[4]);
  fail_unless (dbits (rv_tomographer_lipschitz (t)) == 0x40469567b3be1feaull,
      "L = %.17g", rv_tomographer_lipschitz (t));
#if RV_HAVE_BLAKE3
  {
    blake3_hasher hs;
    uint8_t out[32], buf[12];
    char hex[65];
    size_t total = 0, k;
    int b;
    blake3_hasher_init (&hs);
    for (l = 0; l < 12; l++) {
      size_t m = rv_tomographer_link_weights (t, l, &idx, &w);
      for (k = 0; k < m; k++) {
        uint64_t wb = dbits (w[k]);
        for (b = 0; b < 4; b++)
          buf[b] = (uint8_t) (idx[k] >> (8 * b));
        for (b = 0; b < 8; b++)
          buf[4 + b] = (uint8_t) (wb >> (8 * b));
        blake3_hasher_update (&hs, buf, 12);
        total += 12;
      }
    }
    blake3_hasher_finalize (&hs, out, 32);
    hex_of (out, hex);
    fail_unless_equals_int (total, 5184);
    fail_unless_equals_string (hex,
        "865f597f021324aa5b132c5cb2ba935c848612b650163d22c61f17c62e4c6317");
  }
#endif
  rv_tomographer_free (t);
}
GST_END_TEST;

GST_START_TEST (test_reconstruct_goldens)
{
  RvTomographyConfig c;
  RvLinkGeometry L[12];
  RvTomographer *t;
  RvOccupancyVolume v;
  double y[12];
  size_t i;

  rv_tomography_config_default (&c);
  square_links (L);
  t = rv_tomographer_new (&c, L, 12, NULL);
  fail_unless (t != NULL);

  for (i = 0; i < 12; i++)
    y[i] = 0.0;
  fail_unless_equals_int (rv_tomographer_reconstruct (t, y, 12, &v), RV_TOMO_OK);
  fail_unless_equals_int (v.iterations, 1);
  fail_unless (v.residual == 0.0);
  fail_unless_equals_int (v.occupied_count, 0);
  fail_unless_equals_int (v.total_voxels, 256);

  for (i = 0; i < 12; i++)
    y[i] = 1.0;
  fail_unless_equals_int (rv_tomographer_reconstruct (t, y, 12, &v), RV_TOMO_OK);
  fail_unless_equals_int (v.iterations, 100);
  fail_unless (dbits (v.residual) == 0x3fb177199733a5e5ull, "%.17g", v.residual);
  fail_unless_equals_int (v.occupied_count, 72);
#if RV_HAVE_BLAKE3
  {
    char hex[65];
    b3_densities (&v, hex);
    fail_unless_equals_string (hex,
        "96e87bbf6a2fb00bdb52da8e62ca7fbe74683104fe402b9c9c5a5948d74cfd45");
  }
#endif
  fail_unless_equals_int (rv_tomographer_reconstruct (t, y, 11, &v),
      RV_TOMO_ERROR_OBSERVATION_MISMATCH);
  rv_tomographer_free (t);

  /* test_nonzero_attenuation_produces_density */
  c.lambda = 0.001;
  c.max_iterations = 500;
  c.tolerance = 1e-8;
  t = rv_tomographer_new (&c, L, 12, NULL);
  for (i = 0; i < 12; i++)
    y[i] = 5.0 + (double) i;
  fail_unless_equals_int (rv_tomographer_reconstruct (t, y, 12, &v), RV_TOMO_OK);
  fail_unless_equals_int (v.iterations, 500);
  fail_unless (dbits (v.residual) == 0x4002548ec97ab979ull, "%.17g", v.residual);
  fail_unless_equals_int (v.occupied_count, 128);
  {
    int any = 0;
    for (i = 0; i < 256; i++)
      any |= v.densities[i] > 1e-6;
    fail_unless (any);
  }
#if RV_HAVE_BLAKE3
  {
    char hex[65];
    b3_densities (&v, hex);
    fail_unless_equals_string (hex,
        "48ce7a401e54a647c66073f0da3ca29340fe6ff6bdb2ff50f6e5963069a115e3");
  }
#endif
  rv_tomographer_free (t);

  /* test_solver_convergence */
  c.lambda = 0.01;
  c.max_iterations = 500;
  c.tolerance = 1e-6;
  t = rv_tomographer_new (&c, L, 12, NULL);
  for (i = 0; i < 12; i++)
    y[i] = 0.3 * fabs (sin (0.7 * (double) i));
  fail_unless_equals_int (rv_tomographer_reconstruct (t, y, 12, &v), RV_TOMO_OK);
  fail_unless (isfinite (v.residual));
  fail_unless (v.iterations >= 1 && v.iterations <= 500);
  rv_tomographer_free (t);
}
GST_END_TEST;

GST_START_TEST (test_errors_and_geometry)
{
  RvTomographyConfig c;
  RvLinkGeometry L[12];
  RvTomographyError e;
  RvTomographer *t;
  RvOccupancyVolume v;
  double vs[3], d, y[12] = { 0 };
  RvPosition3D p, a, b;

  rv_tomography_config_default (&c);
  square_links (L);
  fail_unless (rv_tomographer_new (&c, L, 1, &e) == NULL);
  fail_unless_equals_int (e, RV_TOMO_ERROR_INSUFFICIENT_LINKS);
  c.nx = 0;
  fail_unless (rv_tomographer_new (&c, L, 12, &e) == NULL);
  fail_unless_equals_int (e, RV_TOMO_ERROR_INVALID_GRID);
  rv_tomography_config_default (&c);
  c.bounds[3] = -1.0;
  fail_unless (rv_tomographer_new (&c, L, 12, &e) == NULL);
  fail_unless_equals_int (e, RV_TOMO_ERROR_INVALID_CONFIG);

  /* get() bounds */
  rv_tomography_config_default (&c);
  t = rv_tomographer_new (&c, L, 12, NULL);
  rv_tomographer_reconstruct (t, y, 12, &v);
  fail_unless (rv_occupancy_get (&v, 7, 7, 3, &d));
  fail_if (rv_occupancy_get (&v, 8, 0, 0, &d));
  fail_if (rv_occupancy_get (&v, 0, 8, 0, &d));
  fail_if (rv_occupancy_get (&v, 0, 0, 4, &d));
  rv_tomographer_free (t);

  /* 6×6×3 grid over (0..6, 0..6, 0..3): voxel size 1, centre (0,0,0) in (0,1)³ */
  c.nx = 6;
  c.ny = 6;
  c.nz = 3;
  t = rv_tomographer_new (&c, L, 12, NULL);
  fail_unless (t != NULL);
  rv_tomographer_voxel_size (t, vs);
  fail_unless (vs[0] == 1.0 && vs[1] == 1.0 && vs[2] == 1.0);
  p = rv_tomographer_voxel_center (t, 0, 0, 0);
  fail_unless (p.x > 0 && p.x < 1 && p.y > 0 && p.y < 1 && p.z > 0 && p.z < 1);
  rv_tomographer_free (t);

  a.x = 0; a.y = 0; a.z = 0;
  b.x = 10; b.y = 0; b.z = 0;
  p.x = 5; p.y = 0; p.z = 0;
  fail_unless (rv_point_to_segment_distance (p, a, b) < 1e-10);
  p.y = 1.0;
  fail_unless (fabs (rv_point_to_segment_distance (p, a, b) - 1.0) < 1e-10);
  {
    RvLinkGeometry g;
    memset (&g, 0, sizeof g);
    g.rx.x = 3;
    g.rx.y = 4;
    fail_unless (fabs (rv_link_distance (&g) - 5.0) < 1e-10);
  }
}
GST_END_TEST;

GST_START_TEST (test_power_lipschitz)
{
  RvTomographyConfig c;
  RvLinkGeometry L[12];
  RvTomographer *tf, *tp;
  RvOccupancyVolume v;
  double y[12];
  size_t i;

  rv_tomography_config_default (&c);
  square_links (L);
  tf = rv_tomographer_new (&c, L, 12, NULL);
  c.lipschitz = RV_TOMO_LIPSCHITZ_POWER;
  tp = rv_tomographer_new (&c, L, 12, NULL);
  fail_unless (tp != NULL);
  /* λ_max(WᵀW) ≤ ‖W‖_F² */
  fail_unless (rv_tomographer_lipschitz (tp) <= rv_tomographer_lipschitz (tf));
  fail_unless (rv_tomographer_lipschitz (tp) > 0.0);
  for (i = 0; i < 12; i++)
    y[i] = 1.0;
  fail_unless_equals_int (rv_tomographer_reconstruct (tp, y, 12, &v), RV_TOMO_OK);
  fail_unless (isfinite (v.residual));
  /* a larger step reaches a smaller residual in the same iteration budget */
  {
    double rp = v.residual;
    rv_tomographer_reconstruct (tf, y, 12, &v);
    fail_unless (rp <= v.residual, "power %.6g frob %.6g", rp, v.residual);
  }
  rv_tomographer_free (tf);
  rv_tomographer_free (tp);
}
GST_END_TEST;

/* ½‖Wx − y‖² + λ‖x‖₁ */
static double
tomo_objective (const RvTomographer *t, const double *x, const double *y)
{
  double f = 0.0, l1 = 0.0;
  size_t l, k, i;
  for (l = 0; l < rv_tomographer_n_links (t); l++) {
    const uint32_t *ix;
    const double *w;
    size_t n = rv_tomographer_link_weights (t, l, &ix, &w);
    double p = 0.0;
    for (k = 0; k < n; k++)
      p += w[k] * x[ix[k]];
    f += (p - y[l]) * (p - y[l]);
  }
  for (i = 0; i < rv_tomographer_n_voxels (t); i++)
    l1 += fabs (x[i]);
  return 0.5 * f + rv_tomographer_config (t)->lambda * l1;
}

/* FISTA (opt-in) reaches the objective of ISTA's result within 30
 * iterations, with either step bound, and with the default tolerance it
 * stops before ISTA's budget at a lower objective. */
GST_START_TEST (test_fista)
{
  RvLinkGeometry L[12];
  double ys[3][12];
  int lp, yi, i;
  square_links (L);
  for (i = 0; i < 12; i++) {
    ys[0][i] = 1.0;
    ys[1][i] = 0.3 * fabs (sin (0.7 * (double) i));
    ys[2][i] = i % 3 == 0 ? 0.8 : 0.1;
  }
  for (lp = 0; lp < 2; lp++)
    for (yi = 0; yi < 3; yi++) {
      RvTomographyConfig c;
      RvTomographer *ti, *tf;
      RvOccupancyVolume v;
      double oi, xi[256];
      size_t iters;
      rv_tomography_config_default (&c);
      c.lipschitz = lp ? RV_TOMO_LIPSCHITZ_POWER : RV_TOMO_LIPSCHITZ_FROBENIUS;
      ti = rv_tomographer_new (&c, L, 12, NULL);
      fail_unless_equals_int (rv_tomographer_reconstruct (ti, ys[yi], 12, &v), RV_TOMO_OK);
      memcpy (xi, v.densities, sizeof xi);
      oi = tomo_objective (ti, xi, ys[yi]);
      iters = v.iterations;

      c.solver = RV_TOMO_SOLVER_FISTA;
      tf = rv_tomographer_new (&c, L, 12, NULL);
      fail_unless (tf != NULL);
      fail_unless_equals_int (rv_tomographer_reconstruct (tf, ys[yi], 12, &v), RV_TOMO_OK);
      fail_unless (v.iterations < iters, "lip %d y%d: %zu vs %zu",
          lp, yi, v.iterations, iters);
      fail_unless (tomo_objective (tf, v.densities, ys[yi]) <= oi);
      rv_tomographer_free (tf);

      c.max_iterations = 30;
      tf = rv_tomographer_new (&c, L, 12, NULL);
      rv_tomographer_reconstruct (tf, ys[yi], 12, &v);
      fail_unless (tomo_objective (tf, v.densities, ys[yi]) <= oi, "lip %d y%d", lp, yi);
      rv_tomographer_free (tf);
      rv_tomographer_free (ti);
    }
  {
    RvTomographyConfig c;
    rv_tomography_config_default (&c);
    c.solver = (RvTomographySolver) 5;
    fail_unless (rv_tomographer_new (&c, L, 12, NULL) == NULL);
  }
}
GST_END_TEST;

GST_START_TEST (test_link_helpers_and_json)
{
  RvPosition3D pos[4] = { {0.5, 0.5, 1.5}, {5.5, 0.5, 1.5}, {5.5, 5.5, 1.5}, {0.5, 5.5, 1.5} };
  RvLinkGeometry a[12], b[12];
  RvTomographyConfig c;
  RvTomographer *t;
  RvOccupancyVolume v;
  RvJsonWriter w;
  double base[4] = { 2.0, 2.0, 2.0, 2.0 }, cur[4] = { 1.0, 2.0, 4.0, 0.0 }, y[12];
  size_t i;
  fail_unless_equals_int (rv_tomography_links_all_pairs (pos, 4, a, 12), 12);
  square_links (b);
  for (i = 0; i < 12; i++)
    fail_unless (memcmp (&a[i].tx, &b[i].tx, sizeof a[i].tx) == 0
        && memcmp (&a[i].rx, &b[i].rx, sizeof a[i].rx) == 0);
  rv_tomography_link_attenuation (base, cur, 4, y);
  fail_unless (fabs (y[0] - 0.5 * log (2.0)) < 1e-15);     /* 0→1 */
  fail_unless (y[5] == 0.0);                                /* 1→3: 0 + 0 */
  rv_tomography_config_default (&c);
  t = rv_tomographer_new (&c, a, 12, NULL);
  rv_tomographer_reconstruct (t, y, 12, &v);
  rv_json_writer_init (&w);
  rv_occupancy_write_json (&w, &v, false);
  rv_json_append (&w, "", 1);
  {
    static const char want[] = "{\"dims\":[8,8,4],\"bounds\":[0.0,0.0,0.0,6.0,6.0,3.0],";
    fail_unless (strncmp (w.buf, want, sizeof want - 1) == 0, "%s", w.buf);
  }
  rv_json_writer_clear (&w);
  rv_tomographer_free (t);
}
GST_END_TEST;

static Suite *
tomography_suite (void)
{
  Suite *s = suite_create ("core-tomography");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_weights_golden);
  tcase_add_test (tc, test_reconstruct_goldens);
  tcase_add_test (tc, test_errors_and_geometry);
  tcase_add_test (tc, test_power_lipschitz);
  tcase_add_test (tc, test_fista);
  tcase_add_test (tc, test_link_helpers_and_json);
  return s;
}

GST_CHECK_MAIN (tomography);
