/* libruview — which frame of each node a fusion cycle uses (see
 * fusion_window.h). */
#include "ruview/fusion_window.h"

#define MAX_CAND (RV_FUSION_WINDOW_MAX_FRAMES * RV_FUSION_WINDOW_MAX_NODES)

typedef struct {
  uint64_t ts;
  uint16_t node, idx;
} Cand;

static int
in_window (uint64_t rt, uint64_t end, uint64_t max_age)
{
  return rt < end && end - rt <= max_age;
}

/* ascending ts, then node, then index: a total order */
static int
cand_less (const Cand *a, const Cand *b)
{
  if (a->ts != b->ts)
    return a->ts < b->ts;
  if (a->node != b->node)
    return a->node < b->node;
  return a->idx < b->idx;
}

/* The smallest-spread set: the shortest run [l, r] of the candidates sorted
 * by timestamp that holds a frame of every node with one (on a tie, the
 * run ending latest); each node takes its newest frame in the run. */
static void
pick_min_spread (const RvFusionNodeFrames *nodes, size_t n_nodes,
    Cand *c, size_t n_c, size_t want, size_t *pick)
{
  unsigned count[RV_FUSION_WINDOW_MAX_NODES] = { 0 };
  size_t i, j, l = 0, have = 0, best_l = 0, best_r = 0;
  uint64_t best = UINT64_MAX;

  /* insertion sort: at most a few hundred candidates */
  for (i = 1; i < n_c; i++) {
    Cand x = c[i];
    for (j = i; j > 0 && cand_less (&x, &c[j - 1]); j--)
      c[j] = c[j - 1];
    c[j] = x;
  }
  for (i = 0; i < n_c; i++) {
    if (count[c[i].node]++ == 0)
      have++;
    while (have == want) {
      uint64_t spread = c[i].ts - c[l].ts;
      if (spread <= best) {
        best = spread;
        best_l = l;
        best_r = i;
      }
      if (--count[c[l].node] == 0)
        have--;
      l++;
    }
  }
  for (i = 0; i < n_nodes; i++)
    pick[i] = RV_FUSION_NO_FRAME;
  for (i = best_l; i <= best_r; i++) {
    size_t n = c[i].node;
    if (pick[n] == RV_FUSION_NO_FRAME || nodes[n].rt_ns[c[i].idx] >
        nodes[n].rt_ns[pick[n]])
      pick[n] = c[i].idx;
  }
}

size_t
rv_fusion_window_pick (const RvFusionNodeFrames *nodes, size_t n_nodes,
    uint64_t end_ns, uint64_t max_age_ns, uint64_t guard_us, size_t *pick)
{
  Cand c[MAX_CAND];
  size_t i, k, n_picked = 0, n_c = 0;
  uint64_t lo = UINT64_MAX, hi = 0;

  if (n_nodes > RV_FUSION_WINDOW_MAX_NODES)
    n_nodes = RV_FUSION_WINDOW_MAX_NODES;
  for (i = 0; i < n_nodes; i++) {
    const RvFusionNodeFrames *f = &nodes[i];
    size_t n = f->n < RV_FUSION_WINDOW_MAX_FRAMES ? f->n :
        RV_FUSION_WINDOW_MAX_FRAMES;
    pick[i] = RV_FUSION_NO_FRAME;
    for (k = 0; k < n; k++) {
      if (!in_window (f->rt_ns[k], end_ns, max_age_ns))
        continue;
      if (pick[i] == RV_FUSION_NO_FRAME || f->rt_ns[k] >= f->rt_ns[pick[i]])
        pick[i] = k;
      c[n_c].ts = f->ts_us[k];
      c[n_c].node = (uint16_t) i;
      c[n_c].idx = (uint16_t) k;
      n_c++;
    }
    if (pick[i] != RV_FUSION_NO_FRAME) {
      uint64_t ts = f->ts_us[pick[i]];
      n_picked++;
      lo = ts < lo ? ts : lo;
      hi = ts > hi ? ts : hi;
    }
  }
  if (n_picked > 1 && hi - lo > guard_us && n_c > n_picked) {
    size_t keep[RV_FUSION_WINDOW_MAX_NODES];
    uint64_t lo2 = UINT64_MAX, hi2 = 0;
    pick_min_spread (nodes, n_nodes, c, n_c, n_picked, keep);
    for (i = 0; i < n_nodes; i++) {
      if (keep[i] == RV_FUSION_NO_FRAME)
        continue;
      lo2 = nodes[i].ts_us[keep[i]] < lo2 ? nodes[i].ts_us[keep[i]] : lo2;
      hi2 = nodes[i].ts_us[keep[i]] > hi2 ? nodes[i].ts_us[keep[i]] : hi2;
    }
    if (hi2 - lo2 <= guard_us)
      for (i = 0; i < n_nodes; i++)
        pick[i] = keep[i];
  }
  return n_picked;
}
