/* libruview — the bounded, ordered queue of messages a publisher owes a
 * broker (rvmqttsink's per-cycle stream).
 *
 * Every message stays in the queue from the moment it is pushed until the
 * broker has confirmed it (QoS 1/2: PUBACK/PUBCOMP; QoS 0: written out).
 * The queue never holds more than `capacity` messages: pushing into a full
 * queue removes the oldest first and hands its item back to the caller,
 * who counts it as dropped.  Entries are handed to the client oldest first;
 * the handed-over ones always form a prefix of the queue.  A confirmation
 * marks its entry, and confirmed entries leave from the head in order.
 * When the connection is lost, rv_pubqueue_rewind makes every unconfirmed
 * entry unsent again, so a new connection sends them again, in order, before
 * anything newer.
 *
 * Items are opaque pointers owned by the caller; the queue never frees
 * them.  Not thread-safe: the caller locks. */
#ifndef RUVIEW_PUBQUEUE_H
#define RUVIEW_PUBQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  void *item;
  uint64_t seq;                 /* push order, from 0 */
  int mid;                      /* the client's message id while handed over */
  bool confirmed;
} RvPubEntry;

typedef struct {
  RvPubEntry *ring;
  size_t capacity, head, len;
  size_t n_sent;                /* entries [0, n_sent) are handed over */
  uint64_t next_seq;
} RvPubQueue;

/* Allocates room for capacity (≥ 1) entries; 0, or −1 when out of memory
 * or capacity is 0. */
int rv_pubqueue_init (RvPubQueue *q, size_t capacity);
/* Frees the ring; the caller takes the items first (rv_pubqueue_pop). */
void rv_pubqueue_clear (RvPubQueue *q);

/* Appends item.  When the queue is full, its oldest entry leaves first and
 * that entry's item is stored in *dropped (else *dropped = NULL).  Returns
 * the new entry's sequence number. */
uint64_t rv_pubqueue_push (RvPubQueue *q, void *item, void **dropped);

/* The oldest entry not handed over yet (NULL when every entry is). */
const RvPubEntry *rv_pubqueue_next (const RvPubQueue *q);
/* Records that the entry seq (which must be rv_pubqueue_next's) was handed
 * over as message mid.  −1 when that entry is no longer the next one (it
 * was dropped meanwhile); its confirmation will then be ignored. */
int rv_pubqueue_sent (RvPubQueue *q, uint64_t seq, int mid);

/* The confirmation of message mid.  Confirmed entries at the head leave the
 * queue: their items go to release (if not NULL), oldest first, and their
 * count is returned.  An unknown mid changes nothing and returns 0. */
size_t rv_pubqueue_confirm (RvPubQueue *q, int mid,
                            void (*release) (void *item, void *user),
                            void *user);

/* The connection is gone: every handed-over entry is unsent again. */
void rv_pubqueue_rewind (RvPubQueue *q);

/* Removes and returns the oldest item (NULL when empty). */
void *rv_pubqueue_pop (RvPubQueue *q);

/* Entry k, 0 being the oldest (k < rv_pubqueue_length). */
static inline const RvPubEntry *
rv_pubqueue_peek (const RvPubQueue *q, size_t k)
{
  return &q->ring[(q->head + k) % q->capacity];
}

static inline size_t
rv_pubqueue_length (const RvPubQueue *q)
{
  return q->len;
}

/* Entries handed over and not yet out of the queue. */
static inline size_t
rv_pubqueue_in_flight (const RvPubQueue *q)
{
  return q->n_sent;
}

#ifdef __cplusplus
}
#endif
#endif
