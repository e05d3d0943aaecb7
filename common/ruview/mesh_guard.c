/* libruview — mesh partition guard (engine.md §4.7).  See mesh_guard.h. */
#include "ruview/mesh_guard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N RV_MESH_MAX_NODES
#define Q(i, j) g->q[(i) * g->max + (j)]
#define WANT(i, j) g->want[(i) * g->max + (j)]
#define W(i, j) g->w[(i) * g->max + (j)]

struct RvMeshGuard
{
  RvMeshGuardConfig cfg;
  bool has;                     /* structure installed */
  size_t n;                     /* sorted unique ids */
  size_t max;                   /* matrices are max × max */
  uint32_t ids[N];
  uint64_t *q;                  /* installed quanta (sorted-id indices) */
  uint64_t *want;               /* desired quanta, scratch */
  RvMeshReport last;
  bool last_isolated;            /* last report came from the no-edge path */
  /* Stoer–Wagner scratch */
  uint64_t *w, key[N];
  int group[N], merged[N], best_side[N];
  bool added[N];
};

void
rv_mesh_guard_config_default (RvMeshGuardConfig *c)
{
  c->quantum = 1.0 / 64.0;
  c->risk_threshold = 0.25;
  c->min_nodes = 3;
}

RvMeshGuard *
rv_mesh_guard_new (const RvMeshGuardConfig *c, size_t max_nodes)
{
  RvMeshGuard *g;
  if (max_nodes < 2 || max_nodes > N)
    return NULL;
  g = calloc (1, sizeof *g);
  if (!g)
    return NULL;
  g->max = max_nodes;
  g->q = calloc (max_nodes * max_nodes, sizeof *g->q);
  g->want = calloc (max_nodes * max_nodes, sizeof *g->want);
  g->w = calloc (max_nodes * max_nodes, sizeof *g->w);
  if (!g->q || !g->want || !g->w) {
    rv_mesh_guard_free (g);
    return NULL;
  }
  if (c)
    g->cfg = *c;
  else
    rv_mesh_guard_config_default (&g->cfg);
  return g;
}

void
rv_mesh_guard_free (RvMeshGuard *g)
{
  if (!g)
    return;
  free (g->q);
  free (g->want);
  free (g->w);
  free (g);
}

RvMeshGuardConfig *
rv_mesh_guard_config (RvMeshGuard *g)
{
  return &g->cfg;
}

uint64_t
rv_mesh_quantize (double c)
{
  double w = fmax (c, 0.0), f;
  uint64_t q;
  if (isnan (c))
    w = 0.0;
  f = floor (w * 64.0);
  q = f >= 1.8446744073709552e19 ? UINT64_MAX : (uint64_t) f;
  if (q == 0 && w > 0.0)
    q = 1;
  return q;
}

static size_t
index_of (const RvMeshGuard *g, uint32_t id)
{
  size_t lo = 0, hi = g->n;
  while (lo < hi) {
    size_t m = (lo + hi) / 2;
    if (g->ids[m] < id)
      lo = m + 1;
    else
      hi = m;
  }
  return lo;
}

/* Stoer–Wagner over g->q; returns the minimum cut in quanta, best_side[v]
 * = 1 for the vertices of the phase's last-added group. */
static uint64_t
stoer_wagner (RvMeshGuard *g)
{
  size_t n = g->n, phase, i, j;
  uint64_t best = UINT64_MAX;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      W (i, j) = Q (i, j);
  for (i = 0; i < n; i++) {
    g->group[i] = (int) i;      /* representative */
    g->merged[i] = 0;
    g->best_side[i] = 0;
  }
  for (phase = 0; phase + 1 < n; phase++) {
    int prev = -1, last = -1;
    size_t step, active = 0;
    for (i = 0; i < n; i++) {
      g->added[i] = false;
      g->key[i] = 0;
      if (!g->merged[i])
        active++;
    }
    for (step = 0; step < active; step++) {
      int sel = -1;
      for (i = 0; i < n; i++)
        if (!g->merged[i] && !g->added[i] && (sel < 0 || g->key[i] > g->key[sel]))
          sel = (int) i;
      g->added[sel] = true;
      prev = last;
      last = sel;
      for (i = 0; i < n; i++)
        if (!g->merged[i] && !g->added[i])
          g->key[i] += W ((size_t) sel, i);
    }
    if (g->key[last] < best) {
      best = g->key[last];
      for (i = 0; i < n; i++)
        g->best_side[i] = g->group[i] == last;
    }
    /* merge last into prev */
    for (j = 0; j < n; j++) {
      W ((size_t) prev, j) += W ((size_t) last, j);
      W (j, (size_t) prev) = W ((size_t) prev, j);
    }
    W ((size_t) prev, (size_t) prev) = 0;
    g->merged[last] = 1;
    for (i = 0; i < n; i++)
      if (g->group[i] == last)
        g->group[i] = prev;
  }
  return best;
}

static void
compute (RvMeshGuard *g, RvMeshReport *r)
{
  size_t i, j, n = g->n, n_iso = 0, n_side = 0;
  bool any_edge = false, iso[N];
  for (i = 0; i < n; i++) {
    iso[i] = true;
    for (j = 0; j < n; j++)
      if (j != i && Q (i, j) > 0)
        iso[i] = false;
    if (iso[i])
      n_iso++;
    else
      any_edge = true;
  }
  r->present = true;
  r->n_nodes = n;
  r->n_weak = 0;
  if (n_iso > 0 || !any_edge) {
    r->cut = 0.0;
    for (i = 0; i < n; i++)
      if (iso[i])
        r->weak_side[r->n_weak++] = g->ids[i];
    r->at_risk = n >= g->cfg.min_nodes;
    g->last_isolated = true;
    return;
  }
  g->last_isolated = false;
  r->cut = (double) stoer_wagner (g) / 64.0;
  for (i = 0; i < n; i++)
    n_side += (size_t) g->best_side[i];
  {
    int pick;
    if (n_side * 2 < n)
      pick = 1;
    else if (n_side * 2 > n)
      pick = 0;
    else
      pick = g->best_side[0];   /* equal sizes: side of the lowest id */
    for (i = 0; i < n; i++)
      if (g->best_side[i] == pick)
        r->weak_side[r->n_weak++] = g->ids[i];
  }
  r->at_risk = n >= g->cfg.min_nodes && r->cut <= g->cfg.risk_threshold;
}

void
rv_mesh_guard_observe (RvMeshGuard *g, const uint32_t *node_ids, size_t n,
    const double *coupling, RvMeshReport *out)
{
  uint32_t sorted[N];
  size_t ns = 0, i, j, updates = 0;
  bool same_set;

  memset (out, 0, sizeof *out);
  if (n < 2 || n > g->max) {
    g->has = false;
    g->n = 0;
    return;
  }
  /* ascending unique ids (insertion sort, n small) */
  for (i = 0; i < n; i++) {
    uint32_t v = node_ids[i];
    size_t k;
    bool dup = false;
    for (k = 0; k < ns; k++)
      if (sorted[k] == v)
        dup = true;
    if (dup)
      continue;
    for (k = ns; k > 0 && sorted[k - 1] > v; k--)
      sorted[k] = sorted[k - 1];
    sorted[k] = v;
    ns++;
  }
  same_set = g->has && ns == g->n && memcmp (sorted, g->ids, ns * sizeof *sorted) == 0;
  if (!same_set) {
    g->n = ns;
    memcpy (g->ids, sorted, ns * sizeof *sorted);
  }
  for (i = 0; i < ns; i++)
    for (j = 0; j < ns; j++)
      WANT (i, j) = 0;
  for (i = 0; i < n; i++)
    for (j = i + 1; j < n; j++) {
      size_t a, b;
      uint64_t q;
      if (node_ids[i] == node_ids[j])
        continue;
      a = index_of (g, node_ids[i]);
      b = index_of (g, node_ids[j]);
      q = rv_mesh_quantize (coupling[i * n + j]);
      WANT (a, b) = q;
      WANT (b, a) = q;
    }
  if (!same_set) {
    for (i = 0; i < ns; i++)
      for (j = i + 1; j < ns; j++)
        updates += WANT (i, j) > 0;
  } else {
    for (i = 0; i < ns; i++)
      for (j = i + 1; j < ns; j++)
        updates += WANT (i, j) != Q (i, j);
    if (updates == 0) {
      *out = g->last;
      out->updates = 0;
      /* thresholds may have changed since the structure was built */
      out->at_risk = out->n_nodes >= g->cfg.min_nodes
          && (g->last_isolated || out->cut <= g->cfg.risk_threshold);
      return;
    }
  }
  for (i = 0; i < ns; i++)
    for (j = 0; j < ns; j++)
      Q (i, j) = WANT (i, j);
  g->has = true;
  compute (g, &g->last);
  g->last.updates = updates;
  *out = g->last;
}
