/* libruview — ADR-084 binary sketch, sketch bank and wire format
 * (engine.md §3.7).
 *
 * A sketch is sign bits of an embedding (bit i = v[i] > 0), packed LSB-first.
 * Sketch storage is caller-provided (RvSketch.bits points at it); the bank
 * owns a pool sized at construction and never allocates afterwards.
 *
 * Deviation (documented, §3.7): in the heap path of top-k, upstream's final
 * order among equal distances is Rust BinaryHeap drain order; here results
 * are sorted by (distance, id).  The SET of kept entries is the upstream one
 * (max-heap keyed (d, id), replace only on strictly smaller d). */
#ifndef RUVIEW_SKETCH_H
#define RUVIEW_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_SKETCH_MAGIC          0xC5110084u
#define RV_SKETCH_FORMAT_VERSION 1
#define RV_SKETCH_HEADER_BYTES   12
#define RV_SKETCH_MAX_WIRE_BYTES 9216

typedef enum {
  RV_SKETCH_OK = 0,
  RV_SKETCH_ERROR_DIM_MISMATCH,
  RV_SKETCH_ERROR_VERSION_MISMATCH,
  RV_SKETCH_ERROR_TOO_LONG,           /* embedding longer than 65535 */
  RV_SKETCH_ERROR_TOO_SHORT,          /* wire: < 12 bytes */
  RV_SKETCH_ERROR_TOO_LARGE,          /* wire: > 9216 bytes */
  RV_SKETCH_ERROR_BAD_MAGIC,
  RV_SKETCH_ERROR_UNSUPPORTED_VERSION,
  RV_SKETCH_ERROR_PAYLOAD_SIZE_MISMATCH,
  RV_SKETCH_ERROR_BUFFER_TOO_SMALL,
  RV_SKETCH_ERROR_BANK_FULL,
  RV_SKETCH_ERROR_INVALID_ARGUMENT,
  RV_SKETCH_ERROR_NO_MEMORY,
} RvSketchError;

const char *rv_sketch_error_str (RvSketchError e);

typedef struct {
  uint16_t sketch_version;
  uint16_t embedding_dim;
  size_t n_bytes;            /* ceil(bits packed / 8) */
  const uint8_t *bits;
} RvSketch;

/* ceil(n/8). */
size_t rv_sketch_bytes_for (size_t n);
/* Pack v[0..n) into bits (rv_sketch_bytes_for(n) bytes). */
void rv_sketch_pack (const float *v, size_t n, uint8_t *bits);

/* from_embedding: dim = min(n, 65535) (saturating), all n values packed;
 * bits must hold rv_sketch_bytes_for(n). */
void rv_sketch_from_embedding (RvSketch *s, const float *v, size_t n, uint16_t version,
                               uint8_t *bits);
/* try_from_embedding: TOO_LONG when n > 65535. */
RvSketchError rv_sketch_try_from_embedding (RvSketch *s, const float *v, size_t n,
                                            uint16_t version, uint8_t *bits);

/* popcount(a XOR b) over the zipped bytes. */
uint32_t rv_sketch_distance (const RvSketch *a, const RvSketch *b);
/* DIM_MISMATCH, then VERSION_MISMATCH. */
RvSketchError rv_sketch_distance_checked (const RvSketch *a, const RvSketch *b, uint32_t *d);

/* Wire format: u32 magic ‖ u16 1 ‖ u16 version ‖ u16 dim ‖ u16 novelty_q15 ‖
 * bits.  novelty_q15 = roundf(clamp(novelty,0,1)·32767). */
RvSketchError rv_sketch_encode (const RvSketch *s, float novelty, uint8_t *out,
                                size_t cap, size_t *len);
/* On success s->bits points into buf. */
RvSketchError rv_sketch_decode (const uint8_t *buf, size_t len, RvSketch *s, float *novelty);

/* ---- bank ---- */
typedef struct { uint32_t id; uint32_t distance; } RvSketchHit;

typedef struct RvSketchBank RvSketchBank;

/* capacity entries of at most max_dim bits each. */
RvSketchBank *rv_sketch_bank_new (size_t capacity, size_t max_dim);
void rv_sketch_bank_free (RvSketchBank *b);
/* Pre-set the schema (fails with DIM/VERSION mismatch once locked otherwise). */
RvSketchError rv_sketch_bank_set_schema (RvSketchBank *b, uint16_t dim, uint16_t version);
RvSketchError rv_sketch_bank_insert (RvSketchBank *b, uint32_t id, const RvSketch *s);
size_t rv_sketch_bank_len (const RvSketchBank *b);
/* Writes min(k, len) hits; *n_out = count. */
RvSketchError rv_sketch_bank_topk (const RvSketchBank *b, const RvSketch *q, size_t k,
                                   RvSketchHit *out, size_t out_cap, size_t *n_out);
/* 1.0 on an empty bank, else min_d / q.embedding_dim (f32). */
RvSketchError rv_sketch_bank_novelty (const RvSketchBank *b, const RvSketch *q, float *nov);

/* ---- EmbeddingHistory (longitudinal.rs:376-553): the server's per-node
 * novelty sensor.  FIFO of (embedding, sketch) pairs, capacity fixed at
 * construction; the server computes novelty BEFORE pushing the frame, so
 * the first frame scores 1.0. ---- */
typedef struct RvEmbeddingHistory RvEmbeddingHistory;

/* dim ≥ 1 values per embedding (shorter inputs zero-padded, longer cut). */
RvEmbeddingHistory *rv_embedding_history_new (size_t capacity, size_t dim, uint16_t version);
void rv_embedding_history_free (RvEmbeddingHistory *h);
void rv_embedding_history_push (RvEmbeddingHistory *h, const float *v, size_t n);
size_t rv_embedding_history_len (const RvEmbeddingHistory *h);
/* min hamming distance / dim (f32); 1.0 when empty or dim 0. */
float rv_embedding_history_novelty (const RvEmbeddingHistory *h, const float *v, size_t n);
/* Prefiltered search: hamming-rank all (stable by distance), keep
 * min(k·factor, len), re-rank by exact cosine (descending, stable), keep k.
 * Writes FIFO positions (0 = oldest) and cosines; returns the count. */
size_t rv_embedding_history_search (RvEmbeddingHistory *h, const float *v, size_t n, size_t k,
                                    size_t factor, size_t *pos_out, float *cos_out);

#ifdef __cplusplus
}
#endif
#endif
