/* libruview — RF tomography (engine.md §2).  See tomography.h. */
#include "ruview/tomography.h"
#include "ruview/rvmath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct RvTomographer
{
  RvTomographyConfig cfg;
  size_t n_links, n_vox, n_pairs;
  size_t *off;          /* n_links + 1 */
  uint32_t *idx;        /* n_pairs */
  double *w;            /* n_pairs */
  double L;
  double vsize[3];
  double *x;            /* n_vox: solution (state) */
  double *g;            /* n_vox: gradient, allocated once (seed F8) */
  double *lscratch;     /* n_links: predictions, power method */
  double *z, *xn;       /* n_vox: FISTA's momentum point and next iterate */
};

const char *
rv_tomography_error_str (RvTomographyError e)
{
  switch (e) {
    case RV_TOMO_OK: return "ok";
    case RV_TOMO_ERROR_INSUFFICIENT_LINKS: return "insufficient links";
    case RV_TOMO_ERROR_INVALID_GRID: return "invalid grid";
    case RV_TOMO_ERROR_NO_INTERSECTIONS: return "no link intersects the grid";
    case RV_TOMO_ERROR_OBSERVATION_MISMATCH: return "observation count differs from link count";
    case RV_TOMO_ERROR_INVALID_CONFIG: return "invalid configuration";
    case RV_TOMO_ERROR_NO_MEMORY: return "out of memory";
    case RV_TOMO_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

void
rv_tomography_config_default (RvTomographyConfig *cfg)
{
  memset (cfg, 0, sizeof *cfg);
  cfg->nx = 8;
  cfg->ny = 8;
  cfg->nz = 4;
  cfg->bounds[0] = 0.0;
  cfg->bounds[1] = 0.0;
  cfg->bounds[2] = 0.0;
  cfg->bounds[3] = 6.0;
  cfg->bounds[4] = 6.0;
  cfg->bounds[5] = 3.0;
  cfg->lambda = 0.1;
  cfg->max_iterations = 100;
  cfg->tolerance = 1e-4;
  cfg->min_links = 8;
  cfg->lipschitz = RV_TOMO_LIPSCHITZ_FROBENIUS;
  cfg->solver = RV_TOMO_SOLVER_ISTA;
}

double
rv_link_distance (const RvLinkGeometry *l)
{
  double dx = l->rx.x - l->tx.x;
  double dy = l->rx.y - l->tx.y;
  double dz = l->rx.z - l->tx.z;
  return sqrt (dx * dx + dy * dy + dz * dz);
}

double
rv_point_to_segment_distance (RvPosition3D p, RvPosition3D a, RvPosition3D b)
{
  double dx = b.x - a.x, dy = b.y - a.y, dz = b.z - a.z;
  double d = sqrt (dx * dx + dy * dy + dz * dz);
  double t, cx, cy, cz, ex, ey, ez;
  if (d < 1e-12) {
    ex = p.x - a.x;
    ey = p.y - a.y;
    ez = p.z - a.z;
    return sqrt (ex * ex + ey * ey + ez * ez);
  }
  t = ((p.x - a.x) * dx + (p.y - a.y) * dy + (p.z - a.z) * dz) / (d * d);
  if (t < 0.0)
    t = 0.0;
  else if (t > 1.0)
    t = 1.0;
  cx = a.x + t * dx;
  cy = a.y + t * dy;
  cz = a.z + t * dz;
  ex = p.x - cx;
  ey = p.y - cy;
  ez = p.z - cz;
  return sqrt (ex * ex + ey * ey + ez * ez);
}

/* Rust `f64 as i64`: saturating, NaN → 0. */
static int64_t
f2i (double v)
{
  if (isnan (v))
    return 0;
  if (v <= -9.2233720368547758e18)
    return INT64_MIN;
  if (v >= 9.2233720368547758e18)
    return INT64_MAX;
  return (int64_t) v;
}

static RvPosition3D
center_of (const RvTomographyConfig *c, const double v[3], size_t ix, size_t iy, size_t iz)
{
  RvPosition3D p;
  p.x = c->bounds[0] + ((double) ix + 0.5) * v[0];
  p.y = c->bounds[1] + ((double) iy + 0.5) * v[1];
  p.z = c->bounds[2] + ((double) iz + 0.5) * v[2];
  return p;
}

/* Growable pair list used only during construction. */
typedef struct
{
  uint32_t *idx;
  double *w;
  size_t n, cap;
} PairBuf;

static int
pair_push (PairBuf *b, uint32_t idx, double w)
{
  if (b->n == b->cap) {
    size_t nc = b->cap ? b->cap * 2 : 1024;
    uint32_t *ni = realloc (b->idx, nc * sizeof *ni);
    double *nw;
    if (!ni)
      return 0;
    b->idx = ni;
    nw = realloc (b->w, nc * sizeof *nw);
    if (!nw)
      return 0;
    b->w = nw;
    b->cap = nc;
  }
  b->idx[b->n] = idx;
  b->w[b->n] = w;
  b->n++;
  return 1;
}

/* §2.2 compute_link_weights for one link; appends to pb. */
static int
link_weights (const RvTomographyConfig *c, const double v[3], const RvLinkGeometry *l,
    unsigned char *visited, size_t n_vox, PairBuf *pb)
{
  double d = rv_link_distance (l);
  double fresnel = fmax (sqrt ((0.06 * d) / 4.0), fmax (v[0], v[1]));
  int64_t ex = f2i (ceil (fresnel / v[0]));
  int64_t ey = f2i (ceil (fresnel / v[1]));
  int64_t ez = f2i (ceil (fresnel / v[2]));
  double sx = (l->tx.x - c->bounds[0]) / v[0];
  double sy = (l->tx.y - c->bounds[1]) / v[1];
  double sz = (l->tx.z - c->bounds[2]) / v[2];
  double rdx = (l->rx.x - c->bounds[0]) / v[0] - sx;
  double rdy = (l->rx.y - c->bounds[1]) / v[1] - sy;
  double rdz = (l->rx.z - c->bounds[2]) / v[2] - sz;
  double m = fmax (fmax (fabs (rdx), fabs (rdy)), fabs (rdz));
  double mc = ceil (m);
  size_t steps, step;
  double inv;
  int64_t nx = (int64_t) c->nx, ny = (int64_t) c->ny, nz = (int64_t) c->nz;

  /* Rust `as usize`: NaN/negative → 0, saturating above. */
  if (!(mc >= 1.0))
    steps = 1;
  else if (mc >= 1e15)
    steps = (size_t) 1e15;     /* absurd geometry; bounded */
  else
    steps = (size_t) mc;
  inv = 1.0 / (double) steps;
  memset (visited, 0, n_vox);

  for (step = 0; step <= steps; step++) {
    double t = (double) step * inv;
    int64_t bx = f2i (floor (sx + t * rdx));
    int64_t by = f2i (floor (sy + t * rdy));
    int64_t bz = f2i (floor (sz + t * rdz));
    int64_t dz, dy, dx;
    for (dz = -ez; dz <= ez; dz++) {
      int64_t iz = bz + dz;
      if (iz < 0 || iz >= nz)
        continue;
      for (dy = -ey; dy <= ey; dy++) {
        int64_t iy = by + dy;
        if (iy < 0 || iy >= ny)
          continue;
        for (dx = -ex; dx <= ex; dx++) {
          int64_t ix = bx + dx;
          size_t idx;
          double dist;
          if (ix < 0 || ix >= nx)
            continue;
          idx = (size_t) iz * (size_t) ny * (size_t) nx + (size_t) iy * (size_t) nx + (size_t) ix;
          if (visited[idx])
            continue;
          visited[idx] = 1;
          dist = rv_point_to_segment_distance (center_of (c, v, (size_t) ix, (size_t) iy,
                  (size_t) iz), l->tx, l->rx);
          if (dist < fresnel) {
            if (!pair_push (pb, (uint32_t) idx, 1.0 - dist / fresnel))
              return 0;
          }
        }
      }
    }
  }
  return 1;
}

/* W v (n_links) then Wᵀ(W v) into out (n_vox). */
static void
normal_apply (const RvTomographer *t, const double *v, double *lw, double *out)
{
  size_t l, k;
  memset (out, 0, t->n_vox * sizeof *out);
  for (l = 0; l < t->n_links; l++) {
    double s = 0.0;
    for (k = t->off[l]; k < t->off[l + 1]; k++)
      s += t->w[k] * v[t->idx[k]];
    lw[l] = s;
  }
  for (l = 0; l < t->n_links; l++)
    for (k = t->off[l]; k < t->off[l + 1]; k++)
      out[t->idx[k]] += t->w[k] * lw[l];
}

static double
power_lipschitz (RvTomographer *t, double frob)
{
  double *v = t->x, *z = t->g;
  double lam = 0.0, prev = -1.0, nrm = 0.0;
  size_t i, it;
  for (i = 0; i < t->n_vox; i++)
    v[i] = 1.0 / sqrt ((double) t->n_vox);
  for (it = 0; it < 200; it++) {
    normal_apply (t, v, t->lscratch, z);
    nrm = 0.0;
    for (i = 0; i < t->n_vox; i++)
      nrm += z[i] * z[i];
    nrm = sqrt (nrm);
    if (nrm < 1e-300)
      break;
    lam = nrm;                  /* ‖WᵀW v‖ with ‖v‖ = 1 */
    for (i = 0; i < t->n_vox; i++)
      v[i] = z[i] / nrm;
    if (fabs (lam - prev) <= 1e-12 * lam)
      break;
    prev = lam;
  }
  memset (t->x, 0, t->n_vox * sizeof *t->x);
  memset (t->g, 0, t->n_vox * sizeof *t->g);
  lam *= 1.01;
  if (lam > frob)
    lam = frob;
  return fmax (lam, 1e-10);
}

RvTomographer *
rv_tomographer_new (const RvTomographyConfig *cfg, const RvLinkGeometry *links,
    size_t n_links, RvTomographyError *err)
{
  RvTomographer *t = NULL;
  RvTomographyError e = RV_TOMO_OK;
  unsigned char *visited = NULL;
  PairBuf pb = { NULL, NULL, 0, 0 };
  size_t n_vox, l, k;
  double v[3], frob;
  int i;

  if (!cfg || (!links && n_links > 0)) {
    e = RV_TOMO_ERROR_INVALID_ARGUMENT;
    goto out;
  }
  if (n_links < cfg->min_links) {
    e = RV_TOMO_ERROR_INSUFFICIENT_LINKS;
    goto out;
  }
  if (cfg->nx == 0 || cfg->ny == 0 || cfg->nz == 0) {
    e = RV_TOMO_ERROR_INVALID_GRID;
    goto out;
  }
  if (cfg->ny > SIZE_MAX / cfg->nx || cfg->nz > SIZE_MAX / (cfg->nx * cfg->ny)
      || cfg->nx * cfg->ny * cfg->nz > UINT32_MAX) {
    e = RV_TOMO_ERROR_INVALID_GRID;
    goto out;
  }
  for (i = 0; i < 6; i++)
    if (!isfinite (cfg->bounds[i]))
      e = RV_TOMO_ERROR_INVALID_CONFIG;
  for (i = 0; i < 3; i++)
    if (!(cfg->bounds[i + 3] > cfg->bounds[i]))
      e = RV_TOMO_ERROR_INVALID_CONFIG;
  if (!(cfg->lambda >= 0.0) || !isfinite (cfg->lambda) || !(cfg->tolerance >= 0.0)
      || (unsigned) cfg->solver > RV_TOMO_SOLVER_FISTA)
    e = RV_TOMO_ERROR_INVALID_CONFIG;
  for (l = 0; l < n_links; l++) {
    const RvLinkGeometry *g = &links[l];
    if (!isfinite (g->tx.x) || !isfinite (g->tx.y) || !isfinite (g->tx.z)
        || !isfinite (g->rx.x) || !isfinite (g->rx.y) || !isfinite (g->rx.z))
      e = RV_TOMO_ERROR_INVALID_CONFIG;
  }
  if (e != RV_TOMO_OK)
    goto out;

  n_vox = cfg->nx * cfg->ny * cfg->nz;
  v[0] = (cfg->bounds[3] - cfg->bounds[0]) / (double) cfg->nx;
  v[1] = (cfg->bounds[4] - cfg->bounds[1]) / (double) cfg->ny;
  v[2] = (cfg->bounds[5] - cfg->bounds[2]) / (double) cfg->nz;

  t = calloc (1, sizeof *t);
  visited = malloc (n_vox);
  if (!t || !visited) {
    e = RV_TOMO_ERROR_NO_MEMORY;
    goto out;
  }
  t->cfg = *cfg;
  t->n_links = n_links;
  t->n_vox = n_vox;
  memcpy (t->vsize, v, sizeof v);
  t->off = malloc ((n_links + 1) * sizeof *t->off);
  t->x = calloc (n_vox, sizeof *t->x);
  t->g = calloc (n_vox, sizeof *t->g);
  t->lscratch = calloc (n_links ? n_links : 1, sizeof *t->lscratch);
  t->z = calloc (n_vox, sizeof *t->z);
  t->xn = calloc (n_vox, sizeof *t->xn);
  if (!t->off || !t->x || !t->g || !t->lscratch || !t->z || !t->xn) {
    e = RV_TOMO_ERROR_NO_MEMORY;
    goto out;
  }
  for (l = 0; l < n_links; l++) {
    t->off[l] = pb.n;
    if (!link_weights (cfg, v, &links[l], visited, n_vox, &pb)) {
      e = RV_TOMO_ERROR_NO_MEMORY;
      goto out;
    }
  }
  t->off[n_links] = pb.n;
  if (pb.n == 0) {
    e = RV_TOMO_ERROR_NO_INTERSECTIONS;
    goto out;
  }
  t->n_pairs = pb.n;
  t->idx = pb.idx;
  t->w = pb.w;
  pb.idx = NULL;
  pb.w = NULL;

  /* §2.2 Frobenius bound: links in order, pairs in list order. */
  frob = 0.0;
  for (l = 0; l < n_links; l++)
    for (k = t->off[l]; k < t->off[l + 1]; k++)
      frob += t->w[k] * t->w[k];
  frob = fmax (frob, 1e-10);
  t->L = cfg->lipschitz == RV_TOMO_LIPSCHITZ_POWER ? power_lipschitz (t, frob) : frob;

out:
  free (visited);
  free (pb.idx);
  free (pb.w);
  if (e != RV_TOMO_OK) {
    rv_tomographer_free (t);
    t = NULL;
  }
  if (err)
    *err = e;
  return t;
}

void
rv_tomographer_free (RvTomographer *t)
{
  if (!t)
    return;
  free (t->off);
  free (t->idx);
  free (t->w);
  free (t->x);
  free (t->g);
  free (t->lscratch);
  free (t->z);
  free (t->xn);
  free (t);
}

size_t
rv_tomographer_n_links (const RvTomographer *t)
{
  return t->n_links;
}

size_t
rv_tomographer_n_voxels (const RvTomographer *t)
{
  return t->n_vox;
}

const RvTomographyConfig *
rv_tomographer_config (const RvTomographer *t)
{
  return &t->cfg;
}

double
rv_tomographer_lipschitz (const RvTomographer *t)
{
  return t->L;
}

size_t
rv_tomographer_link_weights (const RvTomographer *t, size_t link,
    const uint32_t **voxel_idx, const double **w)
{
  if (link >= t->n_links)
    return 0;
  if (voxel_idx)
    *voxel_idx = t->idx + t->off[link];
  if (w)
    *w = t->w + t->off[link];
  return t->off[link + 1] - t->off[link];
}

size_t
rv_tomographer_n_pairs (const RvTomographer *t)
{
  return t->n_pairs;
}

void
rv_tomographer_voxel_size (const RvTomographer *t, double v[3])
{
  memcpy (v, t->vsize, sizeof t->vsize);
}

RvPosition3D
rv_tomographer_voxel_center (const RvTomographer *t, size_t ix, size_t iy, size_t iz)
{
  return center_of (&t->cfg, t->vsize, ix, iy, iz);
}

/* §2.3 one gradient: the link predictions from v (independent sequential
 * sums, two links interleaved for ILP), then g = Wᵀ(Wv − y) scattered in
 * link and pair order — the same floats as one pass; returns the RMS of
 * the prediction error. */
static double
gradient (RvTomographer *t, const double *v, const double *y, double *g)
{
  double res = 0.0;
  size_t l, k;
  memset (g, 0, t->n_vox * sizeof *g);
  for (l = 0; l + 1 < t->n_links; l += 2) {
    double p0 = -0.0, p1 = -0.0;
    size_t k0 = t->off[l], e0 = t->off[l + 1], k1 = t->off[l + 1], e1 = t->off[l + 2];
    while (k0 < e0 && k1 < e1) {
      p0 += t->w[k0] * v[t->idx[k0]];
      p1 += t->w[k1] * v[t->idx[k1]];
      k0++;
      k1++;
    }
    for (; k0 < e0; k0++)
      p0 += t->w[k0] * v[t->idx[k0]];
    for (; k1 < e1; k1++)
      p1 += t->w[k1] * v[t->idx[k1]];
    t->lscratch[l] = p0;
    t->lscratch[l + 1] = p1;
  }
  for (; l < t->n_links; l++) {
    double pred = -0.0;
    for (k = t->off[l]; k < t->off[l + 1]; k++)
      pred += t->w[k] * v[t->idx[k]];
    t->lscratch[l] = pred;
  }
  for (l = 0; l < t->n_links; l++) {
    double diff = t->lscratch[l] - y[l];
    res += diff * diff;
    for (k = t->off[l]; k < t->off[l + 1]; k++)
      g[t->idx[k]] += t->w[k] * diff;
  }
  return sqrt (res / (double) t->n_links);
}

/* the projected soft threshold of u: max (shrink (u, thr), 0).  The
 * spec's three-way soft threshold followed by max(·, 0) is u − thr where
 * u > thr and +0 everywhere else (u < −thr gives a negative u + thr, a
 * NaN gives 0), so one comparison does: the same values, no branch that
 * mispredicts on every other voxel. */
static double
prox (double u, double thr)
{
  double d = u - thr;
  return d > 0.0 ? d : 0.0;
}

/* max(m, |a − b|) with fmax's NaN rule (a NaN operand yields the other) */
static double
max_change (double m, double a, double b)
{
  double ch = a - b;
  if (ch < 0.0)
    ch = -ch;
  if (ch > m || isnan (m))
    m = ch;
  return m;
}

/* FISTA: the step from z, momentum (t_k − 1)/t_{k+1}, restart when
 * Σ (z − xn)(xn − x) > 0; stops when max |xn − z| < tolerance. */
static size_t
reconstruct_fista (RvTomographer *t, const double *y, double step, double thr, double *res)
{
  double *x = t->x, *z = t->z, *xn = t->xn, *tmp, tk = 1.0;
  size_t iter, iterations = 0, i;
  memset (z, 0, t->n_vox * sizeof *z);
  for (iter = 0; iter < t->cfg.max_iterations; iter++) {
    double maxchg = 0.0, dot = 0.0, beta = 0.0;
    *res = gradient (t, z, y, t->g);
    for (i = 0; i < t->n_vox; i++) {
      xn[i] = prox (z[i] - step * t->g[i], thr);
      maxchg = max_change (maxchg, xn[i], z[i]);
      dot += (z[i] - xn[i]) * (xn[i] - x[i]);
    }
    if (dot > 0.0) {
      tk = 1.0;
    } else {
      double tn = (1.0 + sqrt (1.0 + 4.0 * tk * tk)) / 2.0;
      beta = (tk - 1.0) / tn;
      tk = tn;
    }
    for (i = 0; i < t->n_vox; i++)
      z[i] = xn[i] + beta * (xn[i] - x[i]);
    tmp = x;
    x = xn;
    xn = tmp;
    iterations = iter + 1;
    if (maxchg < t->cfg.tolerance)
      break;
  }
  if (x != t->x)
    memcpy (t->x, x, t->n_vox * sizeof *x);
  return iterations;
}

RvTomographyError
rv_tomographer_reconstruct (RvTomographer *t, const double *y, size_t n_y,
    RvOccupancyVolume *out)
{
  double *x;
  double res = 0.0, step, thr;
  size_t iter, iterations = 0, i, occ = 0;

  if (!t || !out || (!y && n_y > 0))
    return RV_TOMO_ERROR_INVALID_ARGUMENT;
  if (n_y != t->n_links)
    return RV_TOMO_ERROR_OBSERVATION_MISMATCH;
  x = t->x;
  memset (x, 0, t->n_vox * sizeof *x);
  step = 1.0 / t->L;
  thr = t->cfg.lambda * step;

  if (t->cfg.solver == RV_TOMO_SOLVER_FISTA) {
    iterations = reconstruct_fista (t, y, step, thr, &res);
  } else {
    for (iter = 0; iter < t->cfg.max_iterations; iter++) {
      double maxchg = 0.0;
      res = gradient (t, x, y, t->g);
      for (i = 0; i < t->n_vox; i++) {
        double nv = prox (x[i] - step * t->g[i], thr);
        maxchg = max_change (maxchg, nv, x[i]);
        x[i] = nv;
      }
      iterations = iter + 1;
      if (maxchg < t->cfg.tolerance)
        break;
    }
  }

  for (i = 0; i < t->n_vox; i++)
    if (x[i] > 0.01)
      occ++;
  out->densities = x;
  out->nx = t->cfg.nx;
  out->ny = t->cfg.ny;
  out->nz = t->cfg.nz;
  memcpy (out->bounds, t->cfg.bounds, sizeof out->bounds);
  out->occupied_count = occ;
  out->total_voxels = t->n_vox;
  out->residual = res;
  out->iterations = iterations;
  return RV_TOMO_OK;
}

int
rv_occupancy_get (const RvOccupancyVolume *vol, size_t ix, size_t iy, size_t iz, double *v)
{
  if (!vol || ix >= vol->nx || iy >= vol->ny || iz >= vol->nz)
    return 0;
  if (v)
    *v = vol->densities[iz * vol->ny * vol->nx + iy * vol->nx + ix];
  return 1;
}

void
rv_occupancy_write_json (RvJsonWriter *w, const RvOccupancyVolume *v, bool full)
{
  size_t i;
  rv_json_begin_object (w);
  rv_json_key (w, "dims");
  rv_json_begin_array (w);
  rv_json_u64 (w, v->nx);
  rv_json_u64 (w, v->ny);
  rv_json_u64 (w, v->nz);
  rv_json_end_array (w);
  rv_json_key (w, "bounds");
  rv_json_begin_array (w);
  for (i = 0; i < 6; i++)
    rv_json_f64 (w, v->bounds[i]);
  rv_json_end_array (w);
  rv_json_kv_u64 (w, "occupied_count", v->occupied_count);
  rv_json_kv_u64 (w, "total_voxels", v->total_voxels);
  rv_json_kv_f64 (w, "residual", v->residual);
  rv_json_kv_u64 (w, "iterations", v->iterations);
  if (full && v->densities) {
    rv_json_key (w, "densities");
    rv_json_begin_array (w);
    for (i = 0; i < v->total_voxels; i++)
      rv_json_f64 (w, v->densities[i]);
    rv_json_end_array (w);
  }
  rv_json_end_object (w);
}

size_t
rv_tomography_links_all_pairs (const RvPosition3D *pos, size_t n, RvLinkGeometry *out,
    size_t cap)
{
  size_t i, j, k = 0;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      if (i == j)
        continue;
      if (k < cap && out) {
        out[k].tx = pos[i];
        out[k].rx = pos[j];
        out[k].link_id = k;
      }
      k++;
    }
  return k;
}

static double
node_att (double base, double cur)
{
  double a;
  if (!(base > 0.0) || !(cur > 0.0))
    return 0.0;
  a = rv_log (base / cur);
  return a > 0.0 ? a : 0.0;
}

void
rv_tomography_link_attenuation (const double *base_mean, const double *cur_mean, size_t n,
    double *y)
{
  size_t i, j, k = 0;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      if (i == j)
        continue;
      y[k++] = 0.5 * (node_att (base_mean[i], cur_mean[i]) + node_att (base_mean[j], cur_mean[j]));
    }
}
