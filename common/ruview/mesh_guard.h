/* libruview — mesh partition guard (engine.md §4.7): quantised coupling
 * graph over the cycle's nodes, exact global minimum cut (Stoer–Wagner on a
 * dense matrix of integer quanta), at-risk flag.
 *
 * Rebuild rule as upstream: the structure is rebuilt when there is none or
 * the node set changed (updates = #positive edges), else when some quantised
 * edge differs (updates = #changed keys); otherwise the last result stands.
 *
 * weak_side tie rule (upstream's choice comes from ruvector-mincut
 * internals and feeds nothing hashed): among the Stoer–Wagner phases, the
 * FIRST phase reaching the minimum wins (later equal cuts do not replace
 * it); weak_side is the smaller side of that cut, or, when both sides have
 * equal size, the side holding the lowest node id.  Sorted ascending. */
#ifndef RUVIEW_MESH_GUARD_H
#define RUVIEW_MESH_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_MESH_MAX_NODES 128

typedef struct {
  double quantum;          /* 1/64 (only 1/64 supported: q = floor(w·64)) */
  double risk_threshold;   /* 0.25 */
  size_t min_nodes;        /* 3 */
} RvMeshGuardConfig;

void rv_mesh_guard_config_default (RvMeshGuardConfig *c);

typedef struct {
  bool present;            /* false: < 2 nodes (report "none") */
  double cut;
  uint32_t weak_side[RV_MESH_MAX_NODES];
  size_t n_weak;
  bool at_risk;
  size_t updates;          /* edge updates applied this call */
  size_t n_nodes;          /* distinct ids */
} RvMeshReport;

typedef struct RvMeshGuard RvMeshGuard;

/* c may be NULL (defaults); max_nodes in [2, RV_MESH_MAX_NODES]. */
RvMeshGuard *rv_mesh_guard_new (const RvMeshGuardConfig *c, size_t max_nodes);
void rv_mesh_guard_free (RvMeshGuard *g);
RvMeshGuardConfig *rv_mesh_guard_config (RvMeshGuard *g);   /* mutable (risk threshold) */

/* node_ids[n] in input order; coupling[i*n + j] (i < j read) in input
 * positions.  n > max_nodes → report none (treated like < 2 nodes).  Never allocates. */
void rv_mesh_guard_observe (RvMeshGuard *g, const uint32_t *node_ids, size_t n,
                            const double *coupling, RvMeshReport *out);

/* Quantise one coupling: w = max(c, 0); q = floor(w·64); q == 0 && w > 0 → 1. */
uint64_t rv_mesh_quantize (double c);

#ifdef __cplusplus
}
#endif
#endif
