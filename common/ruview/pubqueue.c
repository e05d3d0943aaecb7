/* libruview — rvmqttsink's bounded publish queue (pubqueue.h). */
#include <stdlib.h>

#include "ruview/pubqueue.h"

static RvPubEntry *
at (const RvPubQueue *q, size_t k)
{
  return &q->ring[(q->head + k) % q->capacity];
}

int
rv_pubqueue_init (RvPubQueue *q, size_t capacity)
{
  q->ring = capacity ? calloc (capacity, sizeof (RvPubEntry)) : NULL;
  q->capacity = q->ring ? capacity : 0;
  q->head = q->len = q->n_sent = 0;
  q->next_seq = 0;
  return q->ring ? 0 : -1;
}

void
rv_pubqueue_clear (RvPubQueue *q)
{
  free (q->ring);
  q->ring = NULL;
  q->capacity = q->head = q->len = q->n_sent = 0;
}

void *
rv_pubqueue_pop (RvPubQueue *q)
{
  void *item;

  if (q->len == 0)
    return NULL;
  item = at (q, 0)->item;
  q->head = (q->head + 1) % q->capacity;
  q->len--;
  if (q->n_sent > 0)
    q->n_sent--;
  return item;
}

uint64_t
rv_pubqueue_push (RvPubQueue *q, void *item, void **dropped)
{
  RvPubEntry *e;

  *dropped = NULL;
  if (q->len == q->capacity)
    *dropped = rv_pubqueue_pop (q);
  e = at (q, q->len);
  e->item = item;
  e->seq = q->next_seq++;
  e->mid = 0;
  e->confirmed = false;
  q->len++;
  return e->seq;
}

const RvPubEntry *
rv_pubqueue_next (const RvPubQueue *q)
{
  return q->n_sent < q->len ? at (q, q->n_sent) : NULL;
}

int
rv_pubqueue_sent (RvPubQueue *q, uint64_t seq, int mid)
{
  RvPubEntry *e;

  if (q->n_sent >= q->len)
    return -1;
  e = at (q, q->n_sent);
  if (e->seq != seq)
    return -1;
  e->mid = mid;
  q->n_sent++;
  return 0;
}

size_t
rv_pubqueue_confirm (RvPubQueue *q, int mid,
    void (*release) (void *item, void *user), void *user)
{
  size_t k, n = 0;

  for (k = 0; k < q->n_sent; k++) {
    RvPubEntry *e = at (q, k);
    if (!e->confirmed && e->mid == mid) {
      e->confirmed = true;
      break;
    }
  }
  if (k == q->n_sent)
    return 0;
  while (q->len > 0 && q->n_sent > 0 && at (q, 0)->confirmed) {
    void *item = rv_pubqueue_pop (q);
    if (release)
      release (item, user);
    n++;
  }
  return n;
}

void
rv_pubqueue_rewind (RvPubQueue *q)
{
  size_t k;

  for (k = 0; k < q->n_sent; k++) {
    RvPubEntry *e = at (q, k);
    e->mid = 0;
    e->confirmed = false;
  }
  q->n_sent = 0;
}
