/* libruview — WorldGraph (engine.md §4.10).  See worldgraph.h.
 *
 * Slot store modelled on petgraph 0.6 StableDiGraph: each node keeps the
 * heads of its outgoing and incoming edge lists, a new edge is prepended to
 * both; removing a node removes its outgoing edges (list order) then its
 * incoming ones; freed node and edge slots go on LIFO free lists. */
#include "ruview/worldgraph.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

typedef struct
{
  bool used;
  RvWgNode n;
  char *arena;
  size_t arena_cap;
  uint32_t head[2];             /* 0 outgoing, 1 incoming */
  uint32_t next_free;
} NodeSlot;

typedef struct
{
  bool used;
  uint32_t from, to;            /* node slots */
  RvWgEdge e;
  char *arena;
  size_t arena_cap;
  uint32_t next[2];             /* next in source's outgoing / target's incoming list */
  uint32_t prev[2];             /* previous in those lists (NIL at the head): O(1) unlink */
  uint32_t next_free;
} EdgeSlot;

typedef struct
{
  int64_t t;
  RvWorldId id;
} TimeKey;

/* Nodes of one kind ordered by (time, id): k[start .. start+len).  Oldest
 * first, so pruning the oldest is O(removed). */
typedef struct
{
  TimeKey *k;
  size_t start, len, cap;
} TimeIndex;

struct RvWorldGraph
{
  NodeSlot *nodes;
  uint32_t n_node_slots, cap_nodes, free_node, node_count;
  EdgeSlot *edges;
  uint32_t n_edge_slots, cap_edges, free_edge, edge_count;
  RvWorldId next_id;
  /* id → slot, linear probing */
  RvWorldId *map_id;
  uint32_t *map_slot;
  size_t map_cap, map_len;
  TimeIndex sem;                /* semantic states by valid_from */
  TimeIndex events;             /* events by at_unix_ms */
  double reg[5];                /* lat, lon, alt, heading, scale */
  RvJsonWriter w;
  char *scratch;
  size_t scratch_cap;
};

const char *
rv_wg_error_str (RvWgError e)
{
  switch (e) {
    case RV_WG_OK: return "ok";
    case RV_WG_ERROR_UNKNOWN_NODE: return "unknown node";
    case RV_WG_ERROR_NO_MEMORY: return "out of memory";
    case RV_WG_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case RV_WG_ERROR_PARSE: return "snapshot parse error";
  }
  return "unknown error";
}

RvWorldGraph *
rv_worldgraph_new (void)
{
  RvWorldGraph *g = calloc (1, sizeof *g);
  if (!g)
    return NULL;
  g->free_node = NIL;
  g->free_edge = NIL;
  g->next_id = 1;
  g->reg[4] = 1.0;
  rv_json_writer_init (&g->w);
  return g;
}

void
rv_worldgraph_free (RvWorldGraph *g)
{
  uint32_t i;
  if (!g)
    return;
  for (i = 0; i < g->n_node_slots; i++)
    free (g->nodes[i].arena);
  for (i = 0; i < g->n_edge_slots; i++)
    free (g->edges[i].arena);
  free (g->nodes);
  free (g->edges);
  free (g->map_id);
  free (g->map_slot);
  free (g->sem.k);
  free (g->events.k);
  free (g->scratch);
  rv_json_writer_clear (&g->w);
  free (g);
}

void
rv_worldgraph_set_registration (RvWorldGraph *g, double lat, double lon, double alt,
    double heading_deg, double scale)
{
  g->reg[0] = lat;
  g->reg[1] = lon;
  g->reg[2] = alt;
  g->reg[3] = heading_deg;
  g->reg[4] = scale;
}

/* ---- id map -------------------------------------------------------------- */

static size_t
hash_id (RvWorldId id, size_t cap)
{
  return (size_t) ((id * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

static bool
map_grow (RvWorldGraph *g)
{
  size_t nc = g->map_cap ? g->map_cap * 2 : 64, i;
  RvWorldId *ni = calloc (nc, sizeof *ni);
  uint32_t *ns = calloc (nc, sizeof *ns);
  if (!ni || !ns) {
    free (ni);
    free (ns);
    return false;
  }
  for (i = 0; i < g->map_cap; i++) {
    if (g->map_id[i] != 0) {
      size_t h = hash_id (g->map_id[i], nc);
      while (ni[h] != 0)
        h = (h + 1) & (nc - 1);
      ni[h] = g->map_id[i];
      ns[h] = g->map_slot[i];
    }
  }
  free (g->map_id);
  free (g->map_slot);
  g->map_id = ni;
  g->map_slot = ns;
  g->map_cap = nc;
  return true;
}

static uint32_t
map_find (const RvWorldGraph *g, RvWorldId id)
{
  size_t h;
  if (g->map_cap == 0 || id == 0)
    return NIL;
  h = hash_id (id, g->map_cap);
  while (g->map_id[h] != 0) {
    if (g->map_id[h] == id)
      return g->map_slot[h];
    h = (h + 1) & (g->map_cap - 1);
  }
  return NIL;
}

static bool
map_put (RvWorldGraph *g, RvWorldId id, uint32_t slot)
{
  size_t h;
  if ((g->map_len + 1) * 2 > g->map_cap && !map_grow (g))
    return false;
  h = hash_id (id, g->map_cap);
  while (g->map_id[h] != 0 && g->map_id[h] != id)
    h = (h + 1) & (g->map_cap - 1);
  if (g->map_id[h] == 0)
    g->map_len++;
  g->map_id[h] = id;
  g->map_slot[h] = slot;
  return true;
}

static void
map_del (RvWorldGraph *g, RvWorldId id)
{
  size_t h, j, k, m;
  if (g->map_cap == 0)
    return;
  m = g->map_cap - 1;
  h = hash_id (id, g->map_cap);
  while (g->map_id[h] != 0 && g->map_id[h] != id)
    h = (h + 1) & m;
  if (g->map_id[h] == 0)
    return;
  /* backward-shift deletion */
  j = h;
  for (;;) {
    g->map_id[j] = 0;
    for (;;) {
      j = (j + 1) & m;
      if (g->map_id[j] == 0) {
        g->map_len--;
        return;
      }
      k = hash_id (g->map_id[j], g->map_cap);
      if ((j > h && (k <= h || k > j)) || (j < h && (k <= h && k > j)))
        break;
    }
    g->map_id[h] = g->map_id[j];
    g->map_slot[h] = g->map_slot[j];
    h = j;
  }
}

/* ---- time-ordered indexes (semantic states, events) ---------------------- */

static int
time_cmp (int64_t t1, RvWorldId i1, int64_t t2, RvWorldId i2)
{
  if (t1 != t2)
    return t1 < t2 ? -1 : 1;
  if (i1 != i2)
    return i1 < i2 ? -1 : 1;
  return 0;
}

static size_t
time_lower (const TimeIndex *x, int64_t t, RvWorldId id)
{
  size_t lo = 0, hi = x->len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const TimeKey *k = &x->k[x->start + mid];
    if (time_cmp (k->t, k->id, t, id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static bool
time_insert (TimeIndex *x, int64_t t, RvWorldId id)
{
  size_t pos;
  if (x->start + x->len == x->cap) {
    if (x->start > 0) {
      memmove (x->k, x->k + x->start, x->len * sizeof *x->k);
      x->start = 0;
    }
    if (x->len == x->cap) {
      size_t nc = x->cap ? x->cap * 2 : 64;
      TimeKey *n = realloc (x->k, nc * sizeof *n);
      if (!n)
        return false;
      x->k = n;
      x->cap = nc;
    }
  }
  pos = time_lower (x, t, id);
  if (pos < x->len)
    memmove (&x->k[x->start + pos + 1], &x->k[x->start + pos],
        (x->len - pos) * sizeof *x->k);
  x->k[x->start + pos].t = t;
  x->k[x->start + pos].id = id;
  x->len++;
  return true;
}

static void
time_remove (TimeIndex *x, int64_t t, RvWorldId id)
{
  size_t pos = time_lower (x, t, id);
  if (pos >= x->len || x->k[x->start + pos].id != id)
    return;
  if (pos == 0) {
    x->start++;
  } else {
    memmove (&x->k[x->start + pos], &x->k[x->start + pos + 1],
        (x->len - pos - 1) * sizeof *x->k);
  }
  x->len--;
  if (x->len == 0)
    x->start = 0;
}

/* the index a node of this kind is kept in, if any */
static TimeIndex *
time_index_of (RvWorldGraph *g, RvWgNodeKind kind)
{
  if (kind == RV_WG_SEMANTIC_STATE)
    return &g->sem;
  if (kind == RV_WG_EVENT)
    return &g->events;
  return NULL;
}

/* ---- string copying ------------------------------------------------------- */

static size_t
slen (const char *s)
{
  return s ? strlen (s) + 1 : 0;
}

/* Copy the strings of n into *arena (grown if needed); pointers in *dst
 * are rewritten.  Goes through g->scratch so n may alias the arena. */
static bool
copy_node_strings (RvWorldGraph *g, RvWgNode *dst, char **arena, size_t *cap)
{
  const char **f[4 + RV_WG_MAX_EVIDENCE + 3];
  size_t nf = 0, total = 0, i, off = 0;
  f[nf++] = &dst->name;
  f[nf++] = &dst->area_id;
  f[nf++] = &dst->text;
  for (i = 0; i < dst->n_evidence && i < RV_WG_MAX_EVIDENCE; i++)
    f[nf++] = &dst->evidence[i];
  f[nf++] = &dst->model_version;
  f[nf++] = &dst->calibration_version;
  f[nf++] = &dst->privacy_decision;
  for (i = 0; i < nf; i++)
    total += slen (*f[i]);
  if (total > g->scratch_cap) {
    char *n = realloc (g->scratch, total);
    if (!n)
      return false;
    g->scratch = n;
    g->scratch_cap = total;
  }
  for (i = 0; i < nf; i++)
    if (*f[i]) {
      size_t l = slen (*f[i]);
      memcpy (g->scratch + off, *f[i], l);
      off += l;
    }
  if (total > *cap) {
    char *n = realloc (*arena, total);
    if (!n)
      return false;
    *arena = n;
    *cap = total;
  }
  if (total)
    memcpy (*arena, g->scratch, total);
  off = 0;
  for (i = 0; i < nf; i++)
    if (*f[i]) {
      size_t l = strlen (*arena + off) + 1;
      *f[i] = *arena + off;
      off += l;
    }
  return true;
}

static bool
copy_edge_strings (RvWgEdge *e, char **arena, size_t *cap)
{
  size_t a = slen (e->text), b = slen (e->text2), total = a + b;
  if (total > *cap) {
    char *n = realloc (*arena, total);
    if (!n)
      return false;
    *arena = n;
    *cap = total;
  }
  if (a) {
    memmove (*arena, e->text, a);
    e->text = *arena;
  }
  if (b) {
    memmove (*arena + a, e->text2, b);
    e->text2 = *arena + a;
  }
  return true;
}

/* ---- nodes ------------------------------------------------------------------ */

static uint32_t
alloc_node_slot (RvWorldGraph *g)
{
  uint32_t s;
  if (g->free_node != NIL) {
    s = g->free_node;
    g->free_node = g->nodes[s].next_free;
    return s;
  }
  if (g->n_node_slots == g->cap_nodes) {
    uint32_t nc = g->cap_nodes ? g->cap_nodes * 2 : 16;
    NodeSlot *n = realloc (g->nodes, nc * sizeof *n);
    if (!n)
      return NIL;
    memset (n + g->cap_nodes, 0, (nc - g->cap_nodes) * sizeof *n);
    g->nodes = n;
    g->cap_nodes = nc;
  }
  return g->n_node_slots++;
}

RvWgError
rv_worldgraph_upsert_node (RvWorldGraph *g, const RvWgNode *in, RvWorldId *id_out)
{
  RvWgNode n;
  RvWorldId id;
  uint32_t s;
  NodeSlot *ns;
  TimeIndex *x;
  bool fresh;

  if (!g || !in || (unsigned) in->kind > RV_WG_SEMANTIC_STATE)
    return RV_WG_ERROR_INVALID_ARGUMENT;
  n = *in;
  if (n.n_evidence > RV_WG_MAX_EVIDENCE)
    n.n_evidence = RV_WG_MAX_EVIDENCE;
  if (n.id == 0) {
    id = g->next_id++;
  } else {
    id = n.id;
    if (id + 1 > g->next_id)
      g->next_id = id + 1;
  }
  n.id = id;
  s = map_find (g, id);
  fresh = s == NIL;
  if (fresh) {
    s = alloc_node_slot (g);
    if (s == NIL)
      return RV_WG_ERROR_NO_MEMORY;
    if (!map_put (g, id, s)) {
      g->nodes[s].next_free = g->free_node;
      g->free_node = s;
      return RV_WG_ERROR_NO_MEMORY;
    }
  }
  ns = &g->nodes[s];
  if (!copy_node_strings (g, &n, &ns->arena, &ns->arena_cap))
    return RV_WG_ERROR_NO_MEMORY;
  if (!fresh && (x = time_index_of (g, ns->n.kind)))
    time_remove (x, ns->n.t_ms, id);
  if (fresh) {
    ns->used = true;
    ns->head[0] = ns->head[1] = NIL;
    g->node_count++;
  }
  ns->n = n;
  if ((x = time_index_of (g, n.kind)) && !time_insert (x, n.t_ms, id))
    return RV_WG_ERROR_NO_MEMORY;
  if (id_out)
    *id_out = id;
  return RV_WG_OK;
}

static void
unlink_edge (RvWorldGraph *g, uint32_t e)
{
  EdgeSlot *es = &g->edges[e];
  int d;
  for (d = 0; d < 2; d++) {
    uint32_t node = d == 0 ? es->from : es->to;
    if (es->prev[d] == NIL)
      g->nodes[node].head[d] = es->next[d];
    else
      g->edges[es->prev[d]].next[d] = es->next[d];
    if (es->next[d] != NIL)
      g->edges[es->next[d]].prev[d] = es->prev[d];
  }
  es->used = false;
  es->next_free = g->free_edge;
  g->free_edge = e;
  g->edge_count--;
}

RvWgError
rv_worldgraph_remove_node (RvWorldGraph *g, RvWorldId id)
{
  uint32_t s = map_find (g, id);
  NodeSlot *ns;
  TimeIndex *x;
  int d;
  if (s == NIL)
    return RV_WG_ERROR_UNKNOWN_NODE;
  ns = &g->nodes[s];
  for (d = 0; d < 2; d++)
    while (ns->head[d] != NIL)
      unlink_edge (g, ns->head[d]);
  if ((x = time_index_of (g, ns->n.kind)))
    time_remove (x, ns->n.t_ms, id);
  map_del (g, id);
  ns->used = false;
  ns->next_free = g->free_node;
  g->free_node = s;
  g->node_count--;
  return RV_WG_OK;
}

RvWgError
rv_worldgraph_add_edge (RvWorldGraph *g, RvWorldId from, RvWorldId to, const RvWgEdge *e)
{
  uint32_t a = map_find (g, from), b = map_find (g, to), s;
  EdgeSlot *es;
  RvWgEdge ec;
  if (!e)
    return RV_WG_ERROR_INVALID_ARGUMENT;
  if (a == NIL || b == NIL)
    return RV_WG_ERROR_UNKNOWN_NODE;
  if (g->free_edge != NIL) {
    s = g->free_edge;
    g->free_edge = g->edges[s].next_free;
  } else {
    if (g->n_edge_slots == g->cap_edges) {
      uint32_t nc = g->cap_edges ? g->cap_edges * 2 : 16;
      EdgeSlot *n = realloc (g->edges, nc * sizeof *n);
      if (!n)
        return RV_WG_ERROR_NO_MEMORY;
      memset (n + g->cap_edges, 0, (nc - g->cap_edges) * sizeof *n);
      g->edges = n;
      g->cap_edges = nc;
    }
    s = g->n_edge_slots++;
  }
  es = &g->edges[s];
  ec = *e;
  /* strings may not alias an edge arena of a different slot being reused */
  if (!copy_edge_strings (&ec, &es->arena, &es->arena_cap)) {
    es->next_free = g->free_edge;
    g->free_edge = s;
    return RV_WG_ERROR_NO_MEMORY;
  }
  es->e = ec;
  es->used = true;
  es->from = a;
  es->to = b;
  es->next[0] = g->nodes[a].head[0];
  es->prev[0] = NIL;
  if (es->next[0] != NIL)
    g->edges[es->next[0]].prev[0] = s;
  g->nodes[a].head[0] = s;
  es->next[1] = g->nodes[b].head[1];
  es->prev[1] = NIL;
  if (es->next[1] != NIL)
    g->edges[es->next[1]].prev[1] = s;
  g->nodes[b].head[1] = s;
  g->edge_count++;
  return RV_WG_OK;
}

const RvWgNode *
rv_worldgraph_get (const RvWorldGraph *g, RvWorldId id)
{
  uint32_t s = map_find (g, id);
  return s == NIL ? NULL : &g->nodes[s].n;
}

size_t
rv_worldgraph_node_count (const RvWorldGraph *g)
{
  return g->node_count;
}

size_t
rv_worldgraph_edge_count (const RvWorldGraph *g)
{
  return g->edge_count;
}

RvWorldId
rv_worldgraph_next_id (const RvWorldGraph *g)
{
  return g->next_id;
}

size_t
rv_worldgraph_semantic_count (const RvWorldGraph *g)
{
  return g->sem.len;
}

size_t
rv_worldgraph_event_count (const RvWorldGraph *g)
{
  return g->events.len;
}

size_t
rv_worldgraph_node_ids (const RvWorldGraph *g, RvWorldId *out, size_t cap)
{
  size_t n = 0;
  uint32_t i;
  for (i = 0; i < g->n_node_slots; i++)
    if (g->nodes[i].used) {
      if (n < cap && out)
        out[n] = g->nodes[i].n.id;
      n++;
    }
  return n;
}

size_t
rv_worldgraph_edges (const RvWorldGraph *g, RvWorldId *from, RvWorldId *to, RvWgEdge *e,
    size_t cap)
{
  size_t n = 0;
  uint32_t i;
  for (i = 0; i < g->n_edge_slots; i++) {
    const EdgeSlot *es = &g->edges[i];
    if (!es->used)
      continue;
    if (n < cap) {
      if (from)
        from[n] = g->nodes[es->from].n.id;
      if (to)
        to[n] = g->nodes[es->to].n.id;
      if (e)
        e[n] = es->e;
    }
    n++;
  }
  return n;
}

RvWgError
rv_worldgraph_add_semantic_state (RvWorldGraph *g, const char *statement, float confidence,
    int64_t t_ms, const char *const *evidence, size_t n_evidence, const char *model_version,
    const char *calibration_version, const char *privacy_decision,
    const RvWorldId *sources, size_t n_sources, RvWorldId *id_out)
{
  RvWgNode n;
  RvWorldId id;
  RvWgError err;
  size_t i;
  memset (&n, 0, sizeof n);
  n.kind = RV_WG_SEMANTIC_STATE;
  n.text = statement ? statement : "";
  n.f = confidence;
  n.t_ms = t_ms;
  n.n_evidence = n_evidence > RV_WG_MAX_EVIDENCE ? RV_WG_MAX_EVIDENCE : n_evidence;
  for (i = 0; i < n.n_evidence; i++)
    n.evidence[i] = evidence[i] ? evidence[i] : "";
  n.model_version = model_version ? model_version : "";
  n.calibration_version = calibration_version ? calibration_version : "";
  n.privacy_decision = privacy_decision ? privacy_decision : "";
  err = rv_worldgraph_upsert_node (g, &n, &id);
  if (err != RV_WG_OK)
    return err;
  for (i = 0; i < n_sources; i++) {
    RvWgEdge e;
    const RvWgNode *sn = rv_worldgraph_get (g, id);
    memset (&e, 0, sizeof e);
    e.kind = RV_WG_DERIVED_FROM;
    e.text = i < sn->n_evidence ? sn->evidence[i] : "";
    err = rv_worldgraph_add_edge (g, id, sources[i], &e);
    if (err != RV_WG_OK)
      return err;
  }
  if (id_out)
    *id_out = id;
  return RV_WG_OK;
}

static size_t
prune_oldest (RvWorldGraph *g, TimeIndex *x, size_t max)
{
  size_t removed = 0;
  while (x->len > max) {
    rv_worldgraph_remove_node (g, x->k[x->start].id);
    removed++;
  }
  return removed;
}

size_t
rv_worldgraph_prune_semantic_states (RvWorldGraph *g, size_t max)
{
  return prune_oldest (g, &g->sem, max);
}

size_t
rv_worldgraph_prune_events (RvWorldGraph *g, size_t max)
{
  return prune_oldest (g, &g->events, max);
}

RvWorldId
rv_worldgraph_find_area (const RvWorldGraph *g, const char *area)
{
  uint32_t i;
  for (i = 0; area && i < g->n_node_slots; i++) {
    const NodeSlot *ns = &g->nodes[i];
    if (ns->used && ns->n.kind == RV_WG_ROOM && ns->n.area_id && strcmp (ns->n.area_id, area) == 0)
      return ns->n.id;
  }
  return 0;
}

static size_t
incoming_sources (const RvWorldGraph *g, RvWorldId node, RvWgEdgeKind kind, RvWorldId *out,
    size_t cap)
{
  uint32_t s = map_find (g, node), e;
  size_t n = 0;
  if (s == NIL)
    return 0;
  for (e = g->nodes[s].head[1]; e != NIL; e = g->edges[e].next[1]) {
    if (g->edges[e].e.kind != kind)
      continue;
    if (n < cap && out)
      out[n] = g->nodes[g->edges[e].from].n.id;
    n++;
  }
  return n;
}

size_t
rv_worldgraph_contents_of (const RvWorldGraph *g, RvWorldId node, RvWorldId *out, size_t cap)
{
  return incoming_sources (g, node, RV_WG_LOCATED_IN, out, cap);
}

size_t
rv_worldgraph_observed_by (const RvWorldGraph *g, RvWorldId node, RvWorldId *out, size_t cap)
{
  return incoming_sources (g, node, RV_WG_OBSERVES, out, cap);
}

RvWgError
rv_worldgraph_apply_privacy_mode (RvWorldGraph *g, const char *mode, const char *action,
    RvWgPolicyFunc policy, void *user, RvWorldId (*denied)[2], size_t denied_cap,
    RvWorldId *suppressed, size_t suppressed_cap, RvWgPrivacyRollup *out)
{
  uint32_t i, n_slots = g->n_edge_slots;
  RvWgPrivacyRollup r = { 0, 0, 0 };
  for (i = 0; i < n_slots; i++) {
    RvWgEdge pe;
    RvWorldId from, to;
    bool allowed;
    RvWgError err;
    size_t k;
    if (!g->edges[i].used || g->edges[i].e.kind != RV_WG_OBSERVES)
      continue;
    from = g->nodes[g->edges[i].from].n.id;
    to = g->nodes[g->edges[i].to].n.id;
    allowed = policy ? policy (user, g->nodes[g->edges[i].to].n.kind) : true;
    memset (&pe, 0, sizeof pe);
    pe.kind = RV_WG_PRIVACY_LIMITED_BY;
    pe.text = mode ? mode : "";
    pe.text2 = action ? action : "";
    pe.allowed = allowed;
    err = rv_worldgraph_add_edge (g, from, to, &pe);
    if (err != RV_WG_OK)
      return err;
    if (allowed) {
      r.allowed_pairs++;
      continue;
    }
    if (denied && r.n_denied < denied_cap) {
      denied[r.n_denied][0] = from;
      denied[r.n_denied][1] = to;
    }
    r.n_denied++;
    for (k = 0; k < r.n_suppressed && k < suppressed_cap; k++)
      if (suppressed[k] == to)
        break;
    if (!suppressed || k == r.n_suppressed || k >= suppressed_cap) {
      if (suppressed && r.n_suppressed < suppressed_cap)
        suppressed[r.n_suppressed] = to;
      if (!suppressed || k == r.n_suppressed)
        r.n_suppressed++;
    }
  }
  if (out)
    *out = r;
  return RV_WG_OK;
}

/* ---- JSON ------------------------------------------------------------------- */

static void
json_enu (RvJsonWriter *w, const char *key, const RvEnuPoint *p)
{
  rv_json_key (w, key);
  rv_json_begin_object (w);
  rv_json_kv_f64 (w, "east_m", p->east_m);
  rv_json_kv_f64 (w, "north_m", p->north_m);
  rv_json_kv_f64 (w, "up_m", p->up_m);
  rv_json_end_object (w);
}

static void
json_opt_str (RvJsonWriter *w, const char *key, const char *s)
{
  rv_json_key (w, key);
  if (s)
    rv_json_string (w, s);
  else
    rv_json_null (w);
}

static void
json_opt_id (RvJsonWriter *w, const char *key, RvWorldId id)
{
  rv_json_key (w, key);
  if (id)
    rv_json_u64 (w, id);
  else
    rv_json_null (w);
}

static void
json_bounds (RvJsonWriter *w, const RvBounds *b)
{
  size_t i;
  rv_json_key (w, "bounds_enu");
  rv_json_begin_object (w);
  switch (b->shape) {
    case RV_SHAPE_CIRCLE:
      rv_json_kv_string (w, "shape", "circle");
      rv_json_kv_f64 (w, "center_e", b->v[0]);
      rv_json_kv_f64 (w, "center_n", b->v[1]);
      rv_json_kv_f64 (w, "radius_m", b->v[2]);
      break;
    case RV_SHAPE_POLYGON:
      rv_json_kv_string (w, "shape", "polygon");
      rv_json_key (w, "vertices");
      rv_json_begin_array (w);
      for (i = 0; i < b->n_vertices && i < RV_WG_MAX_POLYGON; i++) {
        rv_json_begin_array (w);
        rv_json_f64 (w, b->vertices[i][0]);
        rv_json_f64 (w, b->vertices[i][1]);
        rv_json_end_array (w);
      }
      rv_json_end_array (w);
      break;
    case RV_SHAPE_RECTANGLE:
    default:
      rv_json_kv_string (w, "shape", "rectangle");
      rv_json_kv_f64 (w, "min_e", b->v[0]);
      rv_json_kv_f64 (w, "min_n", b->v[1]);
      rv_json_kv_f64 (w, "max_e", b->v[2]);
      rv_json_kv_f64 (w, "max_n", b->v[3]);
      break;
  }
  rv_json_end_object (w);
}

static const char *const modality_names[4] = { "wifi_csi", "mm_wave", "uwb", "presence" };
static const char *const anchor_names[3] = { "reflector", "furniture", "uwb_beacon" };
static const char *const kind_names[10] = { "room", "zone", "wall", "doorway", "sensor",
  "rf_link", "person_track", "object_anchor", "event", "semantic_state" };
static const char *const rel_names[7] = { "observes", "located_in", "adjacent_to", "supports",
  "contradicts", "derived_from", "privacy_limited_by" };

static void
json_node (RvJsonWriter *w, const RvWgNode *n)
{
  size_t i;
  rv_json_begin_object (w);
  rv_json_kv_string (w, "kind", kind_names[n->kind]);
  rv_json_kv_u64 (w, "id", n->id);
  switch (n->kind) {
    case RV_WG_ROOM:
      json_opt_str (w, "area_id", n->area_id);
      rv_json_kv_string (w, "name", n->name ? n->name : "");
      json_bounds (w, &n->bounds);
      rv_json_kv_i64 (w, "floor", n->floor);
      break;
    case RV_WG_ZONE:
      rv_json_kv_u64 (w, "parent_room", n->ref_a);
      rv_json_kv_string (w, "name", n->name ? n->name : "");
      json_bounds (w, &n->bounds);
      break;
    case RV_WG_WALL:
      json_enu (w, "a", &n->p_a);
      json_enu (w, "b", &n->p_b);
      rv_json_kv_f32 (w, "rf_attenuation_db", n->f);
      break;
    case RV_WG_DOORWAY:
      json_enu (w, "center", &n->p_a);
      rv_json_kv_f32 (w, "width_m", n->f);
      break;
    case RV_WG_SENSOR:
      rv_json_kv_string (w, "device_id", n->text ? n->text : "");
      json_enu (w, "position", &n->p_a);
      rv_json_kv_string (w, "modality", modality_names[(unsigned) n->modality & 3]);
      break;
    case RV_WG_RF_LINK:
      rv_json_kv_u64 (w, "tx", n->ref_a);
      rv_json_kv_u64 (w, "rx", n->ref_b);
      json_opt_str (w, "link_group_id", n->text);
      rv_json_kv_u64 (w, "center_freq_mhz", n->u);
      break;
    case RV_WG_PERSON_TRACK:
      rv_json_kv_u64 (w, "track_id", n->u);
      json_enu (w, "last_position", &n->p_a);
      json_opt_str (w, "reid_embedding_ref", n->text);
      break;
    case RV_WG_OBJECT_ANCHOR:
      json_enu (w, "position", &n->p_a);
      rv_json_kv_string (w, "anchor_kind", anchor_names[(unsigned) n->anchor_kind % 3]);
      rv_json_kv_f32 (w, "confidence", n->f);
      break;
    case RV_WG_EVENT:
      rv_json_kv_string (w, "event_type", n->text ? n->text : "");
      rv_json_kv_i64 (w, "at_unix_ms", n->t_ms);
      json_opt_id (w, "located_in", n->ref_a);
      break;
    case RV_WG_SEMANTIC_STATE:
      rv_json_kv_string (w, "statement", n->text ? n->text : "");
      rv_json_kv_f32 (w, "confidence", n->f);
      rv_json_key (w, "provenance");
      rv_json_begin_object (w);
      rv_json_key (w, "evidence");
      rv_json_begin_array (w);
      for (i = 0; i < n->n_evidence; i++)
        rv_json_string (w, n->evidence[i]);
      rv_json_end_array (w);
      rv_json_kv_string (w, "model_version", n->model_version ? n->model_version : "");
      rv_json_kv_string (w, "calibration_version",
          n->calibration_version ? n->calibration_version : "");
      rv_json_kv_string (w, "privacy_decision", n->privacy_decision ? n->privacy_decision : "");
      rv_json_end_object (w);
      rv_json_kv_i64 (w, "valid_from_unix_ms", n->t_ms);
      break;
  }
  rv_json_end_object (w);
}

static void
json_edge (RvJsonWriter *w, const RvWgEdge *e)
{
  rv_json_begin_object (w);
  rv_json_kv_string (w, "rel", rel_names[e->kind]);
  switch (e->kind) {
    case RV_WG_OBSERVES:
      rv_json_kv_f32 (w, "quality", e->f);
      rv_json_kv_i64 (w, "last_seen_unix_ms", e->t_ms);
      break;
    case RV_WG_LOCATED_IN:
      rv_json_kv_i64 (w, "since_unix_ms", e->t_ms);
      break;
    case RV_WG_ADJACENT_TO:
      json_opt_id (w, "via_doorway", e->ref);
      break;
    case RV_WG_SUPPORTS:
      rv_json_kv_f32 (w, "strength", e->f);
      break;
    case RV_WG_CONTRADICTS:
      rv_json_kv_f32 (w, "magnitude", e->f);
      rv_json_kv_string (w, "flag", e->text ? e->text : "");
      break;
    case RV_WG_DERIVED_FROM:
      rv_json_kv_string (w, "evidence", e->text ? e->text : "");
      break;
    case RV_WG_PRIVACY_LIMITED_BY:
      rv_json_kv_string (w, "mode", e->text ? e->text : "");
      rv_json_kv_string (w, "action", e->text2 ? e->text2 : "");
      rv_json_kv_bool (w, "allowed", e->allowed);
      break;
  }
  rv_json_end_object (w);
}

void
rv_worldgraph_write_json (const RvWorldGraph *g, RvJsonWriter *w)
{
  uint32_t i;
  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "schema_version", 1);
  rv_json_key (w, "registration");
  rv_json_begin_object (w);
  rv_json_key (w, "origin");
  rv_json_begin_object (w);
  rv_json_kv_f64 (w, "lat", g->reg[0]);
  rv_json_kv_f64 (w, "lon", g->reg[1]);
  rv_json_kv_f64 (w, "alt", g->reg[2]);
  rv_json_end_object (w);
  rv_json_kv_f64 (w, "heading_deg", g->reg[3]);
  rv_json_kv_f64 (w, "scale", g->reg[4]);
  rv_json_end_object (w);
  rv_json_kv_u64 (w, "next_id", g->next_id);
  rv_json_key (w, "nodes");
  rv_json_begin_array (w);
  for (i = 0; i < g->n_node_slots; i++)
    if (g->nodes[i].used)
      json_node (w, &g->nodes[i].n);
  rv_json_end_array (w);
  rv_json_key (w, "edges");
  rv_json_begin_array (w);
  for (i = 0; i < g->n_edge_slots; i++) {
    const EdgeSlot *es = &g->edges[i];
    if (!es->used)
      continue;
    rv_json_begin_array (w);
    rv_json_u64 (w, g->nodes[es->from].n.id);
    rv_json_u64 (w, g->nodes[es->to].n.id);
    json_edge (w, &es->e);
    rv_json_end_array (w);
  }
  rv_json_end_array (w);
  rv_json_end_object (w);
}

size_t
rv_worldgraph_snapshot_json (RvWorldGraph *g, char *buf, size_t cap)
{
  size_t n;
  rv_json_writer_reset (&g->w);
  rv_worldgraph_write_json (g, &g->w);
  n = g->w.len;
  if (cap > 0 && buf) {
    size_t c = n < cap - 1 ? n : cap - 1;
    memcpy (buf, g->w.buf, c);
    buf[c] = '\0';
  }
  return n;
}

/* ---- from_json ---------------------------------------------------------------- */

static const char *
jstr (const RvJsonValue *o, const char *k)
{
  const RvJsonValue *v = rv_json_get (o, k);
  return v && v->type == RV_JSON_STRING ? v->text : NULL;
}

static double
jf64 (const RvJsonValue *o, const char *k)
{
  double d = 0.0;
  const RvJsonValue *v = rv_json_get (o, k);
  if (v)
    rv_json_as_f64 (v, &d);
  return d;
}

static float
jf32 (const RvJsonValue *o, const char *k)
{
  float d = 0.0f;
  const RvJsonValue *v = rv_json_get (o, k);
  if (v)
    rv_json_as_f32 (v, &d);
  return d;
}

static uint64_t
ju64 (const RvJsonValue *o, const char *k)
{
  uint64_t d = 0;
  const RvJsonValue *v = rv_json_get (o, k);
  if (v)
    rv_json_as_u64 (v, &d);
  return d;
}

static int64_t
ji64 (const RvJsonValue *o, const char *k)
{
  int64_t d = 0;
  const RvJsonValue *v = rv_json_get (o, k);
  if (v)
    rv_json_as_i64 (v, &d);
  return d;
}

static RvEnuPoint
jenu (const RvJsonValue *o, const char *k)
{
  RvEnuPoint p = { 0, 0, 0 };
  const RvJsonValue *v = rv_json_get (o, k);
  if (v && v->type == RV_JSON_OBJECT) {
    p.east_m = jf64 (v, "east_m");
    p.north_m = jf64 (v, "north_m");
    p.up_m = jf64 (v, "up_m");
  }
  return p;
}

static int
name_index (const char *s, const char *const *names, int n)
{
  int i;
  for (i = 0; s && i < n; i++)
    if (strcmp (s, names[i]) == 0)
      return i;
  return -1;
}

static void
jbounds (const RvJsonValue *o, RvBounds *b)
{
  const RvJsonValue *v = rv_json_get (o, "bounds_enu"), *vs, *p;
  const char *shape;
  memset (b, 0, sizeof *b);
  if (!v)
    return;
  shape = jstr (v, "shape");
  if (shape && strcmp (shape, "circle") == 0) {
    b->shape = RV_SHAPE_CIRCLE;
    b->v[0] = jf64 (v, "center_e");
    b->v[1] = jf64 (v, "center_n");
    b->v[2] = jf64 (v, "radius_m");
  } else if (shape && strcmp (shape, "polygon") == 0) {
    b->shape = RV_SHAPE_POLYGON;
    vs = rv_json_get (v, "vertices");
    for (p = vs ? vs->child : NULL; p && b->n_vertices < RV_WG_MAX_POLYGON; p = p->next) {
      if (p->child && p->child->next) {
        rv_json_as_f64 (p->child, &b->vertices[b->n_vertices][0]);
        rv_json_as_f64 (p->child->next, &b->vertices[b->n_vertices][1]);
      }
      b->n_vertices++;
    }
  } else {
    b->shape = RV_SHAPE_RECTANGLE;
    b->v[0] = jf64 (v, "min_e");
    b->v[1] = jf64 (v, "min_n");
    b->v[2] = jf64 (v, "max_e");
    b->v[3] = jf64 (v, "max_n");
  }
}

RvWorldGraph *
rv_worldgraph_from_json (const char *json, size_t len, RvWgError *err)
{
  RvJsonDoc *doc = rv_json_doc_new ();
  const RvJsonValue *root, *v, *it;
  RvWorldGraph *g = NULL;
  RvWgError e = RV_WG_ERROR_PARSE;

  if (!doc) {
    e = RV_WG_ERROR_NO_MEMORY;
    goto out;
  }
  root = rv_json_parse (doc, json, len, NULL, NULL);
  if (!root || root->type != RV_JSON_OBJECT)
    goto out;
  g = rv_worldgraph_new ();
  if (!g) {
    e = RV_WG_ERROR_NO_MEMORY;
    goto out;
  }
  v = rv_json_get (root, "registration");
  if (v) {
    const RvJsonValue *o = rv_json_get (v, "origin");
    if (o)
      rv_worldgraph_set_registration (g, jf64 (o, "lat"), jf64 (o, "lon"), jf64 (o, "alt"),
          jf64 (v, "heading_deg"), jf64 (v, "scale"));
  }
  v = rv_json_get (root, "nodes");
  for (it = v ? v->child : NULL; it; it = it->next) {
    RvWgNode n;
    int k = name_index (jstr (it, "kind"), kind_names, 10);
    const RvJsonValue *pv, *ev, *x;
    if (k < 0)
      goto fail;
    memset (&n, 0, sizeof n);
    n.kind = (RvWgNodeKind) k;
    n.id = ju64 (it, "id");
    switch (n.kind) {
      case RV_WG_ROOM:
        n.area_id = jstr (it, "area_id");
        n.name = jstr (it, "name");
        jbounds (it, &n.bounds);
        n.floor = (int16_t) ji64 (it, "floor");
        break;
      case RV_WG_ZONE:
        n.ref_a = ju64 (it, "parent_room");
        n.name = jstr (it, "name");
        jbounds (it, &n.bounds);
        break;
      case RV_WG_WALL:
        n.p_a = jenu (it, "a");
        n.p_b = jenu (it, "b");
        n.f = jf32 (it, "rf_attenuation_db");
        break;
      case RV_WG_DOORWAY:
        n.p_a = jenu (it, "center");
        n.f = jf32 (it, "width_m");
        break;
      case RV_WG_SENSOR:
        n.text = jstr (it, "device_id");
        n.p_a = jenu (it, "position");
        k = name_index (jstr (it, "modality"), modality_names, 4);
        n.modality = (RvModality) (k < 0 ? 0 : k);
        break;
      case RV_WG_RF_LINK:
        n.ref_a = ju64 (it, "tx");
        n.ref_b = ju64 (it, "rx");
        n.text = jstr (it, "link_group_id");
        n.u = ju64 (it, "center_freq_mhz");
        break;
      case RV_WG_PERSON_TRACK:
        n.u = ju64 (it, "track_id");
        n.p_a = jenu (it, "last_position");
        n.text = jstr (it, "reid_embedding_ref");
        break;
      case RV_WG_OBJECT_ANCHOR:
        n.p_a = jenu (it, "position");
        k = name_index (jstr (it, "anchor_kind"), anchor_names, 3);
        n.anchor_kind = (RvAnchorKind) (k < 0 ? 0 : k);
        n.f = jf32 (it, "confidence");
        break;
      case RV_WG_EVENT:
        n.text = jstr (it, "event_type");
        n.t_ms = ji64 (it, "at_unix_ms");
        n.ref_a = ju64 (it, "located_in");
        break;
      case RV_WG_SEMANTIC_STATE:
        n.text = jstr (it, "statement");
        n.f = jf32 (it, "confidence");
        pv = rv_json_get (it, "provenance");
        if (pv) {
          ev = rv_json_get (pv, "evidence");
          for (x = ev ? ev->child : NULL; x && n.n_evidence < RV_WG_MAX_EVIDENCE; x = x->next)
            n.evidence[n.n_evidence++] = x->type == RV_JSON_STRING ? x->text : "";
          n.model_version = jstr (pv, "model_version");
          n.calibration_version = jstr (pv, "calibration_version");
          n.privacy_decision = jstr (pv, "privacy_decision");
        }
        n.t_ms = ji64 (it, "valid_from_unix_ms");
        break;
    }
    if (rv_worldgraph_upsert_node (g, &n, NULL) != RV_WG_OK)
      goto fail;
  }
  v = rv_json_get (root, "edges");
  for (it = v ? v->child : NULL; it; it = it->next) {
    const RvJsonValue *a = it->child, *b = a ? a->next : NULL, *o = b ? b->next : NULL;
    uint64_t from = 0, to = 0;
    RvWgEdge ed;
    int k;
    const RvJsonValue *al;
    if (!o || rv_json_as_u64 (a, &from) || rv_json_as_u64 (b, &to))
      goto fail;
    memset (&ed, 0, sizeof ed);
    k = name_index (jstr (o, "rel"), rel_names, 7);
    if (k < 0)
      goto fail;
    ed.kind = (RvWgEdgeKind) k;
    switch (ed.kind) {
      case RV_WG_OBSERVES:
        ed.f = jf32 (o, "quality");
        ed.t_ms = ji64 (o, "last_seen_unix_ms");
        break;
      case RV_WG_LOCATED_IN:
        ed.t_ms = ji64 (o, "since_unix_ms");
        break;
      case RV_WG_ADJACENT_TO:
        ed.ref = ju64 (o, "via_doorway");
        break;
      case RV_WG_SUPPORTS:
        ed.f = jf32 (o, "strength");
        break;
      case RV_WG_CONTRADICTS:
        ed.f = jf32 (o, "magnitude");
        ed.text = jstr (o, "flag");
        break;
      case RV_WG_DERIVED_FROM:
        ed.text = jstr (o, "evidence");
        break;
      case RV_WG_PRIVACY_LIMITED_BY:
        ed.text = jstr (o, "mode");
        ed.text2 = jstr (o, "action");
        al = rv_json_get (o, "allowed");
        ed.allowed = al && al->type == RV_JSON_TRUE;
        break;
    }
    if (rv_worldgraph_add_edge (g, from, to, &ed) != RV_WG_OK)
      goto fail;
  }
  g->next_id = ju64 (root, "next_id");
  if (g->next_id == 0)
    g->next_id = 1;
  e = RV_WG_OK;
  goto out;
fail:
  rv_worldgraph_free (g);
  g = NULL;
out:
  rv_json_doc_free (doc);
  if (err)
    *err = e;
  return g;
}
