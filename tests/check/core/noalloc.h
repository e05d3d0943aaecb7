/* Heap-call counter for the no-allocation tests (seed F3/F5/F8/F10).
 *
 * Include in exactly one source file of a test executable: it interposes
 * malloc, calloc, realloc and the aligned allocators.  rv_noalloc_begin()
 * zeroes the count and starts counting, rv_noalloc_end() stops and returns
 * the number of calls made in between, from any thread (the CIR pool's
 * workers count too).
 * so a test cannot pass because the interposition silently did not work:
 * rv_noalloc_begin() says whether its probe allocation was counted. */
#ifndef RV_TEST_NOALLOC_H
#define RV_TEST_NOALLOC_H

#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *p, size_t size);
extern void *__libc_memalign (size_t align, size_t size);

static atomic_int rv_noalloc_on;
static atomic_long rv_noalloc_calls;

static inline void
rv_noalloc_count (void)
{
  if (atomic_load (&rv_noalloc_on))
    atomic_fetch_add (&rv_noalloc_calls, 1);
}

/* Zeroes the count and starts counting; returns 0 if a probe allocation
 * was not counted (the interposition is not in effect). */
static inline int
rv_noalloc_begin (void)
{
  void *volatile probe;
  long n;
  atomic_store (&rv_noalloc_calls, 0);
  atomic_store (&rv_noalloc_on, 1);
  probe = malloc (16);
  free (probe);
  n = atomic_exchange (&rv_noalloc_calls, 0);
  return n == 1;
}

static inline long
rv_noalloc_end (void)
{
  atomic_store (&rv_noalloc_on, 0);
  return atomic_load (&rv_noalloc_calls);
}

void *
malloc (size_t size)
{
  rv_noalloc_count ();
  return __libc_malloc (size);
}

void *
calloc (size_t n, size_t size)
{
  rv_noalloc_count ();
  return __libc_calloc (n, size);
}

void *
realloc (void *p, size_t size)
{
  rv_noalloc_count ();
  return __libc_realloc (p, size);
}

void *
aligned_alloc (size_t align, size_t size)
{
  rv_noalloc_count ();
  return __libc_memalign (align, size);
}

void *
memalign (size_t align, size_t size)
{
  rv_noalloc_count ();
  return __libc_memalign (align, size);
}

int
posix_memalign (void **out, size_t align, size_t size)
{
  void *p;
  rv_noalloc_count ();
  p = __libc_memalign (align, size);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

#endif
