/* libruview — tomography of a room of sensor nodes, cycle by cycle (see
 * link_tomography.h). */
#include "ruview/link_tomography.h"

#include <stdlib.h>
#include <string.h>

#include "ruview/sensing_features.h"

#define MAX_NODES RV_LINK_TOMO_MAX_NODES
#define MAX_LINKS (MAX_NODES * (MAX_NODES - 1))

typedef struct {
  double *ref;                  /* baseline sums, then the reference */
  size_t n_bins;
  uint64_t count;
  bool ready;
} NodeRef;

typedef struct {
  uint64_t mask;                /* node set (bit = index in the table) */
  RvTomographer *tomo;          /* NULL when construction failed */
  RvTomographyError err;
  uint64_t last_used;
  bool valid;
} CacheEntry;

struct RvLinkTomography {
  RvTomographyConfig cfg;
  uint64_t baseline_frames;
  size_t n_nodes;
  uint32_t id[MAX_NODES];
  RvPosition3D pos[MAX_NODES];
  NodeRef nodes[MAX_NODES];
  CacheEntry cache[RV_LINK_TOMO_CACHE];
  uint64_t use_counter, rebuilds;
  uint64_t present;             /* node set of the cycle */
  double node_a[MAX_NODES];     /* attenuations, table order */
  double a[MAX_NODES];          /* attenuations of the present nodes */
  double y[MAX_LINKS];
  RvLinkGeometry links[MAX_LINKS];
  RvPosition3D set_pos[MAX_NODES];
};

static void
cache_free (RvLinkTomography * t)
{
  size_t i;
  for (i = 0; i < RV_LINK_TOMO_CACHE; i++) {
    if (t->cache[i].tomo)
      rv_tomographer_free (t->cache[i].tomo);
    memset (&t->cache[i], 0, sizeof (CacheEntry));
  }
}

void
rv_link_tomography_free (RvLinkTomography * t)
{
  size_t i;
  if (!t)
    return;
  for (i = 0; i < MAX_NODES; i++)
    free (t->nodes[i].ref);
  cache_free (t);
  free (t);
}

static CacheEntry *
cache_lookup (RvLinkTomography * t, uint64_t mask)
{
  size_t i;
  for (i = 0; i < RV_LINK_TOMO_CACHE; i++)
    if (t->cache[i].valid && t->cache[i].mask == mask)
      return &t->cache[i];
  return NULL;
}

/* Builds (and caches) the tomographer of a node set, replacing the least
 * recently used entry when the cache is full. */
static CacheEntry *
cache_build (RvLinkTomography * t, uint64_t mask)
{
  CacheEntry *e = &t->cache[0];
  size_t i, k = 0, n_links;

  for (i = 0; i < RV_LINK_TOMO_CACHE; i++) {
    if (!t->cache[i].valid) {
      e = &t->cache[i];
      break;
    }
    if (t->cache[i].last_used < e->last_used)
      e = &t->cache[i];
  }
  if (e->tomo)
    rv_tomographer_free (e->tomo);
  for (i = 0; i < t->n_nodes; i++)
    if (mask & ((uint64_t) 1 << i))
      t->set_pos[k++] = t->pos[i];
  n_links = rv_tomography_links_all_pairs (t->set_pos, k, t->links,
      MAX_LINKS);
  e->mask = mask;
  e->valid = true;
  e->err = RV_TOMO_OK;
  e->tomo = rv_tomographer_new (&t->cfg, t->links, n_links, &e->err);
  t->rebuilds++;
  return e;
}

RvLinkTomography *
rv_link_tomography_new (const RvTomographyConfig * cfg, const uint32_t * ids,
    const RvPosition3D * pos, size_t n_nodes, uint64_t baseline_frames,
    RvTomographyError * err)
{
  RvLinkTomography *t;
  CacheEntry *full;
  size_t i, j;

  if (n_nodes == 0 || n_nodes > MAX_NODES || baseline_frames == 0) {
    *err = RV_TOMO_ERROR_INVALID_CONFIG;
    return NULL;
  }
  t = calloc (1, sizeof (*t));
  if (!t) {
    *err = RV_TOMO_ERROR_NO_MEMORY;
    return NULL;
  }
  t->cfg = *cfg;
  t->baseline_frames = baseline_frames;
  t->n_nodes = n_nodes;
  /* insertion sort by id: the table order is ascending id */
  for (i = 0; i < n_nodes; i++) {
    for (j = i; j > 0 && t->id[j - 1] > ids[i]; j--) {
      t->id[j] = t->id[j - 1];
      t->pos[j] = t->pos[j - 1];
    }
    t->id[j] = ids[i];
    t->pos[j] = pos[i];
  }
  full = cache_build (t, n_nodes == MAX_NODES ? UINT64_MAX :
      ((uint64_t) 1 << n_nodes) - 1);
  if (!full->tomo) {
    *err = full->err;
    rv_link_tomography_free (t);
    return NULL;
  }
  *err = RV_TOMO_OK;
  return t;
}

size_t
rv_link_tomography_n_nodes (const RvLinkTomography * t)
{
  return t->n_nodes;
}

uint64_t
rv_link_tomography_rebuilds (const RvLinkTomography * t)
{
  return t->rebuilds;
}

void
rv_link_tomography_begin (RvLinkTomography * t)
{
  t->present = 0;
}

static int
node_index (const RvLinkTomography * t, uint32_t id)
{
  size_t i;
  for (i = 0; i < t->n_nodes; i++)
    if (t->id[i] == id)
      return (int) i;
  return -1;
}

RvLinkFeed
rv_link_tomography_feed (RvLinkTomography * t, uint32_t node_id,
    const float *amp, size_t n)
{
  int idx = node_index (t, node_id);
  NodeRef *nr;

  if (idx < 0)
    return RV_LINK_FEED_UNKNOWN;
  nr = &t->nodes[idx];
  if (nr->n_bins != n || !nr->ref) {
    /* first frame or a new width: (re)start the reference */
    double *ref = calloc (n ? n : 1, sizeof (double));
    if (!ref)
      return RV_LINK_FEED_LEARNING;
    free (nr->ref);
    nr->ref = ref;
    nr->n_bins = n;
    nr->count = 0;
    nr->ready = false;
  }
  if (!nr->ready) {
    rv_amp_baseline_add (nr->ref, amp, n);
    if (++nr->count >= t->baseline_frames) {
      rv_amp_baseline_finish (nr->ref, n, nr->count);
      nr->ready = true;
    }
    return RV_LINK_FEED_LEARNING;
  }
  t->node_a[idx] = rv_amp_deviation_rms (amp, nr->ref, n);
  t->present |= (uint64_t) 1 << idx;
  return RV_LINK_FEED_PRESENT;
}

RvLinkRecon
rv_link_tomography_reconstruct (RvLinkTomography * t, RvOccupancyVolume * vol,
    size_t * n_links, bool * rebuilt, RvTomographyError * err)
{
  CacheEntry *e;
  size_t i, k = 0, n_y;

  *n_links = 0;
  *rebuilt = false;
  *err = RV_TOMO_OK;
  for (i = 0; i < t->n_nodes; i++)
    if (t->present & ((uint64_t) 1 << i))
      t->a[k++] = t->node_a[i];
  if (k < 2)
    return RV_LINK_RECON_TOO_FEW;
  e = cache_lookup (t, t->present);
  if (!e) {
    e = cache_build (t, t->present);
    *rebuilt = true;
  }
  e->last_used = ++t->use_counter;
  if (!e->tomo) {
    *err = e->err;
    return RV_LINK_RECON_UNUSABLE;
  }
  n_y = rv_link_observations (t->a, k, t->y);
  *err = rv_tomographer_reconstruct (e->tomo, t->y, n_y, vol);
  if (*err != RV_TOMO_OK)
    return RV_LINK_RECON_FAILED;
  *n_links = n_y;
  return RV_LINK_RECON_DONE;
}
