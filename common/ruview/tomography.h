/* libruview — RF tomography: Fresnel-zone link weights and a projected ISTA
 * solver for voxel attenuation (engine.md §2).
 *
 * All arithmetic is f64 in the spec's order.  The weight matrix is built once
 * at construction (CSR layout, links in order, pairs in generation order);
 * the solver's state and gradient buffers are allocated once there too, so
 * rv_tomographer_reconstruct never allocates (seed F8).
 *
 * Lipschitz constant: by default the Frobenius bound ‖W‖_F² of §2.2 (bit
 * exact with upstream).  Opt-in (seed F9, `lipschitz = RV_TOMO_LIPSCHITZ_POWER`)
 * replaces it with a power-method estimate of λ_max(WᵀW) (times a 1.01
 * safety factor, never above the Frobenius bound): larger steps, faster
 * convergence, but DIFFERENT floats from upstream — the §2.4 goldens only
 * hold for the default.
 *
 * Solver: by default the spec's projected ISTA.  Opt-in
 * (`solver = RV_TOMO_SOLVER_FISTA`): the same proximal step taken from a
 * Nesterov momentum point, with the gradient restart of O'Donoghue & Candès
 * (momentum dropped whenever the step points against it); the stopping test
 * is then the largest change of that step.  Reaches ISTA's result in far
 * fewer iterations, DIFFERENT floats; either combines with `lipschitz`. */
#ifndef RUVIEW_TOMOGRAPHY_H
#define RUVIEW_TOMOGRAPHY_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "ruview/json.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  RV_TOMO_OK = 0,
  RV_TOMO_ERROR_INSUFFICIENT_LINKS,   /* links < min_links */
  RV_TOMO_ERROR_INVALID_GRID,         /* nx/ny/nz = 0 or overflow */
  RV_TOMO_ERROR_NO_INTERSECTIONS,     /* no (voxel, weight) pair at all */
  RV_TOMO_ERROR_OBSERVATION_MISMATCH, /* len(y) ≠ n_links */
  RV_TOMO_ERROR_INVALID_CONFIG,       /* (C only) non-finite/inverted bounds, λ < 0, … */
  RV_TOMO_ERROR_NO_MEMORY,
  RV_TOMO_ERROR_INVALID_ARGUMENT,
} RvTomographyError;

const char *rv_tomography_error_str (RvTomographyError e);

typedef enum {
  RV_TOMO_LIPSCHITZ_FROBENIUS = 0,    /* upstream: max(Σ w², 1e-10) */
  RV_TOMO_LIPSCHITZ_POWER = 1,        /* seed F9: power method (changes floats) */
} RvTomographyLipschitz;

typedef enum {
  RV_TOMO_SOLVER_ISTA = 0,            /* upstream */
  RV_TOMO_SOLVER_FISTA = 1,           /* momentum + restart (changes floats) */
} RvTomographySolver;

typedef struct {
  size_t nx, ny, nz;          /* 8, 8, 4 */
  double bounds[6];           /* xmin, ymin, zmin, xmax, ymax, zmax: 0,0,0, 6,6,3 */
  double lambda;              /* 0.1 */
  size_t max_iterations;      /* 100 */
  double tolerance;           /* 1e-4 */
  size_t min_links;           /* 8 */
  RvTomographyLipschitz lipschitz; /* FROBENIUS */
  RvTomographySolver solver;  /* ISTA */
} RvTomographyConfig;

void rv_tomography_config_default (RvTomographyConfig *cfg);

typedef struct { double x, y, z; } RvPosition3D;

typedef struct {
  RvPosition3D tx, rx;
  size_t link_id;
} RvLinkGeometry;

/* sqrt(dx*dx + dy*dy + dz*dz) with d = rx − tx. */
double rv_link_distance (const RvLinkGeometry *l);
/* §2.2 step 5: distance from p to segment a→b (the `d*d` quirk kept). */
double rv_point_to_segment_distance (RvPosition3D p, RvPosition3D a, RvPosition3D b);

typedef struct RvTomographer RvTomographer;

RvTomographer *rv_tomographer_new (const RvTomographyConfig *cfg,
                                   const RvLinkGeometry *links, size_t n_links,
                                   RvTomographyError *err);
void rv_tomographer_free (RvTomographer *t);

size_t rv_tomographer_n_links (const RvTomographer *t);
size_t rv_tomographer_n_voxels (const RvTomographer *t);
const RvTomographyConfig *rv_tomographer_config (const RvTomographer *t);
/* Step-size constant L (step = 1/L). */
double rv_tomographer_lipschitz (const RvTomographer *t);
/* Weight pairs of one link, in generation order (views into internal
 * storage); returns the pair count, 0 for a bad index. */
size_t rv_tomographer_link_weights (const RvTomographer *t, size_t link,
                                    const uint32_t **voxel_idx, const double **w);
/* Total non-zero pairs. */
size_t rv_tomographer_n_pairs (const RvTomographer *t);

/* Voxel size per axis and voxel centre (idx layout z-major, then y, then x). */
void rv_tomographer_voxel_size (const RvTomographer *t, double v[3]);
RvPosition3D rv_tomographer_voxel_center (const RvTomographer *t,
                                          size_t ix, size_t iy, size_t iz);

typedef struct {
  const double *densities;    /* n_voxels, view into the tomographer (valid
                                 until the next reconstruct / free) */
  size_t nx, ny, nz;
  double bounds[6];
  size_t occupied_count;      /* #(x > 0.01) */
  size_t total_voxels;
  double residual;            /* RMS residual of the pre-update x (FISTA: of the
                                 momentum point), last iteration */
  size_t iterations;
} RvOccupancyVolume;

/* Solve for y[n_links] (§2.3).  Never allocates. */
RvTomographyError rv_tomographer_reconstruct (RvTomographer *t, const double *y,
                                              size_t n_y, RvOccupancyVolume *out);

/* Density at (ix,iy,iz); returns 0 (and leaves *v) when out of range. */
int rv_occupancy_get (const RvOccupancyVolume *vol, size_t ix, size_t iy, size_t iz,
                      double *v);

/* {"dims":[nx,ny,nz],"bounds":[6],"occupied_count","total_voxels","residual",
 * "iterations"} (+ "densities":[…] when full); f64 per §4.10.5. */
void rv_occupancy_write_json (RvJsonWriter *w, const RvOccupancyVolume *v, bool full);

/* ---- link helpers for streaming use (C project's definition; upstream has
 * no runtime path).  Links are the directed node pairs i ≠ j in
 * make_square_links order (i outer, j inner). ---- */

/* Writes n·(n−1) links (if cap allows) and returns that count. */
size_t rv_tomography_links_all_pairs (const RvPosition3D *pos, size_t n,
                                      RvLinkGeometry *out, size_t cap);
/* Per-link observation from per-node mean amplitudes against a baseline:
 * a_k = cur_k > 0 && base_k > 0 ? max(ln(base_k / cur_k), 0) : 0 (f64),
 * y(i→j) = 0.5·(a_i + a_j), same link order; y holds n·(n−1). */
void rv_tomography_link_attenuation (const double *base_mean, const double *cur_mean, size_t n,
                                     double *y);

#ifdef __cplusplus
}
#endif
#endif
