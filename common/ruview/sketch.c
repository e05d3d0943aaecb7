/* libruview — ADR-084 binary sketch (engine.md §3.7).  See sketch.h. */
#include "ruview/sketch.h"
#include "ruview/pose_tracker.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *
rv_sketch_error_str (RvSketchError e)
{
  switch (e) {
    case RV_SKETCH_OK: return "ok";
    case RV_SKETCH_ERROR_DIM_MISMATCH: return "embedding dimension mismatch";
    case RV_SKETCH_ERROR_VERSION_MISMATCH: return "sketch version mismatch";
    case RV_SKETCH_ERROR_TOO_LONG: return "embedding longer than 65535";
    case RV_SKETCH_ERROR_TOO_SHORT: return "buffer shorter than the header";
    case RV_SKETCH_ERROR_TOO_LARGE: return "buffer larger than 9216 bytes";
    case RV_SKETCH_ERROR_BAD_MAGIC: return "bad magic";
    case RV_SKETCH_ERROR_UNSUPPORTED_VERSION: return "unsupported format version";
    case RV_SKETCH_ERROR_PAYLOAD_SIZE_MISMATCH: return "payload size mismatch";
    case RV_SKETCH_ERROR_BUFFER_TOO_SMALL: return "output buffer too small";
    case RV_SKETCH_ERROR_BANK_FULL: return "sketch bank full";
    case RV_SKETCH_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case RV_SKETCH_ERROR_NO_MEMORY: return "out of memory";
  }
  return "unknown error";
}

size_t
rv_sketch_bytes_for (size_t n)
{
  return (n + 7) / 8;
}

void
rv_sketch_pack (const float *v, size_t n, uint8_t *bits)
{
  size_t i;
  memset (bits, 0, rv_sketch_bytes_for (n));
  for (i = 0; i < n; i++)
    if (v[i] > 0.0f)
      bits[i / 8] |= (uint8_t) (1u << (i % 8));
}

void
rv_sketch_from_embedding (RvSketch *s, const float *v, size_t n, uint16_t version,
    uint8_t *bits)
{
  rv_sketch_pack (v, n, bits);
  s->sketch_version = version;
  s->embedding_dim = (uint16_t) (n > 65535 ? 65535 : n);
  s->n_bytes = rv_sketch_bytes_for (n);
  s->bits = bits;
}

RvSketchError
rv_sketch_try_from_embedding (RvSketch *s, const float *v, size_t n, uint16_t version,
    uint8_t *bits)
{
  if (n > 65535)
    return RV_SKETCH_ERROR_TOO_LONG;
  rv_sketch_from_embedding (s, v, n, version, bits);
  return RV_SKETCH_OK;
}

uint32_t
rv_sketch_distance (const RvSketch *a, const RvSketch *b)
{
  size_t n = a->n_bytes < b->n_bytes ? a->n_bytes : b->n_bytes, i;
  uint32_t d = 0;
  for (i = 0; i < n; i++)
    d += (uint32_t) __builtin_popcount ((unsigned) (a->bits[i] ^ b->bits[i]));
  return d;
}

RvSketchError
rv_sketch_distance_checked (const RvSketch *a, const RvSketch *b, uint32_t *d)
{
  if (a->embedding_dim != b->embedding_dim)
    return RV_SKETCH_ERROR_DIM_MISMATCH;
  if (a->sketch_version != b->sketch_version)
    return RV_SKETCH_ERROR_VERSION_MISMATCH;
  *d = rv_sketch_distance (a, b);
  return RV_SKETCH_OK;
}

static void
put16 (uint8_t *p, uint16_t v)
{
  p[0] = (uint8_t) v;
  p[1] = (uint8_t) (v >> 8);
}

static uint16_t
get16 (const uint8_t *p)
{
  return (uint16_t) (p[0] | (p[1] << 8));
}

RvSketchError
rv_sketch_encode (const RvSketch *s, float novelty, uint8_t *out, size_t cap, size_t *len)
{
  size_t total = RV_SKETCH_HEADER_BYTES + s->n_bytes;
  float c;
  uint16_t q;
  if (total > cap)
    return RV_SKETCH_ERROR_BUFFER_TOO_SMALL;
  c = novelty;
  if (c < 0.0f)
    c = 0.0f;
  else if (c > 1.0f)
    c = 1.0f;
  c = roundf (c * 32767.0f);
  q = isnan (c) ? 0 : (uint16_t) c;   /* Rust `as u16` maps NaN to 0 */
  out[0] = (uint8_t) RV_SKETCH_MAGIC;
  out[1] = (uint8_t) (RV_SKETCH_MAGIC >> 8);
  out[2] = (uint8_t) (RV_SKETCH_MAGIC >> 16);
  out[3] = (uint8_t) (RV_SKETCH_MAGIC >> 24);
  put16 (out + 4, RV_SKETCH_FORMAT_VERSION);
  put16 (out + 6, s->sketch_version);
  put16 (out + 8, s->embedding_dim);
  put16 (out + 10, q);
  memcpy (out + RV_SKETCH_HEADER_BYTES, s->bits, s->n_bytes);
  *len = total;
  return RV_SKETCH_OK;
}

RvSketchError
rv_sketch_decode (const uint8_t *buf, size_t len, RvSketch *s, float *novelty)
{
  uint32_t magic;
  uint16_t dim;
  if (len < RV_SKETCH_HEADER_BYTES)
    return RV_SKETCH_ERROR_TOO_SHORT;
  if (len > RV_SKETCH_MAX_WIRE_BYTES)
    return RV_SKETCH_ERROR_TOO_LARGE;
  magic = (uint32_t) buf[0] | ((uint32_t) buf[1] << 8) | ((uint32_t) buf[2] << 16)
      | ((uint32_t) buf[3] << 24);
  if (magic != RV_SKETCH_MAGIC)
    return RV_SKETCH_ERROR_BAD_MAGIC;
  if (get16 (buf + 4) > RV_SKETCH_FORMAT_VERSION)
    return RV_SKETCH_ERROR_UNSUPPORTED_VERSION;
  dim = get16 (buf + 8);
  if (rv_sketch_bytes_for (dim) != len - RV_SKETCH_HEADER_BYTES)
    return RV_SKETCH_ERROR_PAYLOAD_SIZE_MISMATCH;
  s->sketch_version = get16 (buf + 6);
  s->embedding_dim = dim;
  s->n_bytes = len - RV_SKETCH_HEADER_BYTES;
  s->bits = buf + RV_SKETCH_HEADER_BYTES;
  if (novelty)
    *novelty = (float) get16 (buf + 10) / 32767.0f;
  return RV_SKETCH_OK;
}

/* ---- bank ---------------------------------------------------------------- */

struct RvSketchBank
{
  size_t capacity, stride, len;
  bool locked;
  uint16_t dim, version;
  uint32_t *ids;
  size_t *nbytes;
  uint8_t *pool;
};

RvSketchBank *
rv_sketch_bank_new (size_t capacity, size_t max_dim)
{
  RvSketchBank *b;
  if (capacity == 0 || max_dim == 0 || capacity > (1u << 24) || max_dim > 65535 * 8)
    return NULL;
  b = calloc (1, sizeof *b);
  if (!b)
    return NULL;
  b->capacity = capacity;
  b->stride = rv_sketch_bytes_for (max_dim);
  b->ids = calloc (capacity, sizeof *b->ids);
  b->nbytes = calloc (capacity, sizeof *b->nbytes);
  b->pool = calloc (capacity, b->stride);
  if (!b->ids || !b->nbytes || !b->pool) {
    rv_sketch_bank_free (b);
    return NULL;
  }
  return b;
}

void
rv_sketch_bank_free (RvSketchBank *b)
{
  if (!b)
    return;
  free (b->ids);
  free (b->nbytes);
  free (b->pool);
  free (b);
}

RvSketchError
rv_sketch_bank_set_schema (RvSketchBank *b, uint16_t dim, uint16_t version)
{
  if (b->locked) {
    if (b->dim != dim)
      return RV_SKETCH_ERROR_DIM_MISMATCH;
    if (b->version != version)
      return RV_SKETCH_ERROR_VERSION_MISMATCH;
    return RV_SKETCH_OK;
  }
  b->locked = true;
  b->dim = dim;
  b->version = version;
  return RV_SKETCH_OK;
}

static RvSketchError
schema_check (const RvSketchBank *b, const RvSketch *s)
{
  if (!b->locked)
    return RV_SKETCH_OK;
  if (s->embedding_dim != b->dim)
    return RV_SKETCH_ERROR_DIM_MISMATCH;
  if (s->sketch_version != b->version)
    return RV_SKETCH_ERROR_VERSION_MISMATCH;
  return RV_SKETCH_OK;
}

RvSketchError
rv_sketch_bank_insert (RvSketchBank *b, uint32_t id, const RvSketch *s)
{
  RvSketchError e = schema_check (b, s);
  if (e != RV_SKETCH_OK)
    return e;
  if (s->n_bytes > b->stride)
    return RV_SKETCH_ERROR_DIM_MISMATCH;
  if (b->len >= b->capacity)
    return RV_SKETCH_ERROR_BANK_FULL;
  if (!b->locked) {
    b->locked = true;
    b->dim = s->embedding_dim;
    b->version = s->sketch_version;
  }
  b->ids[b->len] = id;
  b->nbytes[b->len] = s->n_bytes;
  memcpy (b->pool + b->len * b->stride, s->bits, s->n_bytes);
  b->len++;
  return RV_SKETCH_OK;
}

size_t
rv_sketch_bank_len (const RvSketchBank *b)
{
  return b->len;
}

static uint32_t
dist_to (const RvSketchBank *b, size_t i, const RvSketch *q)
{
  RvSketch e;
  e.sketch_version = b->version;
  e.embedding_dim = b->dim;
  e.n_bytes = b->nbytes[i];
  e.bits = b->pool + i * b->stride;
  return rv_sketch_distance (&e, q);
}

static int
hit_gt (const RvSketchHit *a, const RvSketchHit *c)
{
  return a->distance > c->distance || (a->distance == c->distance && a->id > c->id);
}

RvSketchError
rv_sketch_bank_topk (const RvSketchBank *b, const RvSketch *q, size_t k,
    RvSketchHit *out, size_t out_cap, size_t *n_out)
{
  RvSketchError e;
  size_t i, j, n;
  *n_out = 0;
  if (k == 0 || b->len == 0)
    return RV_SKETCH_OK;
  e = schema_check (b, q);
  if (e != RV_SKETCH_OK)
    return e;
  if (out_cap < (k < b->len ? k : b->len))
    return RV_SKETCH_ERROR_BUFFER_TOO_SMALL;
  if (b->len <= k) {
    for (i = 0; i < b->len; i++) {
      out[i].id = b->ids[i];
      out[i].distance = dist_to (b, i, q);
    }
    n = b->len;
    /* stable insertion sort by distance (ties keep insertion order) */
    for (i = 1; i < n; i++) {
      RvSketchHit h = out[i];
      for (j = i; j > 0 && out[j - 1].distance > h.distance; j--)
        out[j] = out[j - 1];
      out[j] = h;
    }
    *n_out = n;
    return RV_SKETCH_OK;
  }
  /* bounded max-set keyed (d, id): replace the max only on strictly smaller d */
  n = 0;
  for (i = 0; i < b->len; i++) {
    RvSketchHit h;
    h.id = b->ids[i];
    h.distance = dist_to (b, i, q);
    if (n < k) {
      out[n++] = h;
    } else {
      size_t mx = 0;
      for (j = 1; j < n; j++)
        if (hit_gt (&out[j], &out[mx]))
          mx = j;
      if (h.distance < out[mx].distance)
        out[mx] = h;
    }
  }
  for (i = 1; i < n; i++) {
    RvSketchHit h = out[i];
    for (j = i; j > 0 && hit_gt (&out[j - 1], &h); j--)
      out[j] = out[j - 1];
    out[j] = h;
  }
  *n_out = n;
  return RV_SKETCH_OK;
}

RvSketchError
rv_sketch_bank_novelty (const RvSketchBank *b, const RvSketch *q, float *nov)
{
  RvSketchError e;
  uint32_t best = UINT32_MAX;
  size_t i;
  if (b->len == 0) {
    *nov = 1.0f;
    return RV_SKETCH_OK;
  }
  e = schema_check (b, q);
  if (e != RV_SKETCH_OK)
    return e;
  for (i = 0; i < b->len; i++) {
    uint32_t d = dist_to (b, i, q);
    if (d < best)
      best = d;
  }
  *nov = (float) best / (float) q->embedding_dim;
  return RV_SKETCH_OK;
}

/* ---- EmbeddingHistory ------------------------------------------------------ */

struct RvEmbeddingHistory
{
  size_t cap, dim, nbytes, head, len;
  uint16_t version;
  float *emb;                   /* cap × dim */
  uint8_t *bits;                /* cap × nbytes */
  float *q;                     /* dim scratch */
  uint8_t *qbits;               /* nbytes scratch */
  size_t *order;                /* cap scratch */
  uint32_t *dist;               /* cap scratch */
  float *cosv;                  /* cap scratch */
};

RvEmbeddingHistory *
rv_embedding_history_new (size_t capacity, size_t dim, uint16_t version)
{
  RvEmbeddingHistory *h;
  if (capacity == 0 || dim == 0 || capacity > (1u << 20) || dim > 65535)
    return NULL;
  h = calloc (1, sizeof *h);
  if (!h)
    return NULL;
  h->cap = capacity;
  h->dim = dim;
  h->nbytes = rv_sketch_bytes_for (dim);
  h->version = version;
  h->emb = calloc (capacity * dim, sizeof *h->emb);
  h->bits = calloc (capacity, h->nbytes);
  h->q = calloc (dim, sizeof *h->q);
  h->qbits = calloc (h->nbytes, 1);
  h->order = calloc (capacity, sizeof *h->order);
  h->dist = calloc (capacity, sizeof *h->dist);
  h->cosv = calloc (capacity, sizeof *h->cosv);
  if (!h->emb || !h->bits || !h->q || !h->qbits || !h->order || !h->dist || !h->cosv) {
    rv_embedding_history_free (h);
    return NULL;
  }
  return h;
}

void
rv_embedding_history_free (RvEmbeddingHistory *h)
{
  if (!h)
    return;
  free (h->emb);
  free (h->bits);
  free (h->q);
  free (h->qbits);
  free (h->order);
  free (h->dist);
  free (h->cosv);
  free (h);
}

static void
load_query (RvEmbeddingHistory *h, const float *v, size_t n)
{
  size_t i;
  for (i = 0; i < h->dim; i++)
    h->q[i] = i < n && v ? v[i] : 0.0f;
  rv_sketch_pack (h->q, h->dim, h->qbits);
}

void
rv_embedding_history_push (RvEmbeddingHistory *h, const float *v, size_t n)
{
  size_t slot;
  load_query (h, v, n);
  if (h->len == h->cap) {
    h->head = (h->head + 1) % h->cap;
    h->len--;
  }
  slot = (h->head + h->len) % h->cap;
  memcpy (h->emb + slot * h->dim, h->q, h->dim * sizeof *h->q);
  memcpy (h->bits + slot * h->nbytes, h->qbits, h->nbytes);
  h->len++;
}

size_t
rv_embedding_history_len (const RvEmbeddingHistory *h)
{
  return h->len;
}

static uint32_t
hamming (const uint8_t *a, const uint8_t *b, size_t n)
{
  uint32_t d = 0;
  size_t i;
  for (i = 0; i < n; i++)
    d += (uint32_t) __builtin_popcount ((unsigned) (a[i] ^ b[i]));
  return d;
}

float
rv_embedding_history_novelty (const RvEmbeddingHistory *h, const float *v, size_t n)
{
  RvEmbeddingHistory *m = (RvEmbeddingHistory *) h;      /* scratch only */
  uint32_t best = UINT32_MAX;
  size_t i;
  if (h->len == 0 || h->dim == 0)
    return 1.0f;
  load_query (m, v, n);
  for (i = 0; i < h->len; i++) {
    size_t slot = (h->head + i) % h->cap;
    uint32_t d = hamming (h->bits + slot * h->nbytes, h->qbits, h->nbytes);
    if (d < best)
      best = d;
  }
  return (float) best / (float) h->dim;
}

size_t
rv_embedding_history_search (RvEmbeddingHistory *h, const float *v, size_t n, size_t k,
    size_t factor, size_t *pos_out, float *cos_out)
{
  size_t i, j, keep;
  if (h->len == 0 || k == 0)
    return 0;
  load_query (h, v, n);
  for (i = 0; i < h->len; i++) {
    size_t slot = (h->head + i) % h->cap;
    h->dist[i] = hamming (h->bits + slot * h->nbytes, h->qbits, h->nbytes);
    h->order[i] = i;
  }
  /* stable insertion sort by hamming distance */
  for (i = 1; i < h->len; i++) {
    size_t o = h->order[i];
    for (j = i; j > 0 && h->dist[h->order[j - 1]] > h->dist[o]; j--)
      h->order[j] = h->order[j - 1];
    h->order[j] = o;
  }
  keep = k * (factor ? factor : 1);
  if (keep > h->len || keep / (factor ? factor : 1) != k)
    keep = h->len;
  for (i = 0; i < keep; i++) {
    size_t slot = (h->head + h->order[i]) % h->cap;
    h->cosv[h->order[i]] = rv_cosine_similarity (h->emb + slot * h->dim, h->dim, h->q,
        h->dim);
  }
  /* stable insertion sort of the kept prefix by cosine, descending */
  for (i = 1; i < keep; i++) {
    size_t o = h->order[i];
    for (j = i; j > 0 && h->cosv[h->order[j - 1]] < h->cosv[o]; j--)
      h->order[j] = h->order[j - 1];
    h->order[j] = o;
  }
  if (keep > k)
    keep = k;
  for (i = 0; i < keep; i++) {
    if (pos_out)
      pos_out[i] = h->order[i];
    if (cos_out)
      cos_out[i] = h->cosv[h->order[i]];
  }
  return keep;
}
