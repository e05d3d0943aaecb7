/* Heap-call counter for the no-allocation tests (seed F3/F5/F8/F10).
 *
 * Include in exactly one source file of a test executable.
 * rv_noalloc_begin() zeroes the count and starts counting, rv_noalloc_end()
 * stops and returns the number of heap allocations made in between, from
 * any thread (the CIR pool's workers count too).
 *
 * Two ways of counting, chosen at compile time:
 *   - a plain build interposes malloc, calloc, realloc and the aligned
 *     allocators (exported from the test program, so that the calls of
 *     every shared library are counted too) and forwards to glibc's
 *     __libc_* entry points;
 *   - a build with AddressSanitizer (./run test --sanitize) must leave the
 *     allocator to ASan, so it counts through ASan's allocation hook
 *     (__sanitizer_install_malloc_and_free_hooks), which ASan calls for
 *     every block it hands out, whichever function asked for it.
 * So that a test cannot pass because counting silently did not work,
 * rv_noalloc_begin() says whether its probe allocation was counted.
 *
 * Make no check assertion between begin and end (keep the results, assert
 * after rv_noalloc_end): gst-check's own bookkeeping allocates (it copies
 * the assertion's location), which ASan's strdup reports to the counter. */
#ifndef RV_TEST_NOALLOC_H
#define RV_TEST_NOALLOC_H

#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define RV_NOALLOC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RV_NOALLOC_ASAN 1
#endif
#endif

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
  /* strdup is glibc's: its malloc reaches ours only if ours is exported,
   * as it must be to count what libruview.so allocates */
  probe = strdup ("probe");
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

#ifdef RV_NOALLOC_ASAN

/* ASan's allocator interface (gcc ships no header for it) */
int __sanitizer_install_malloc_and_free_hooks (void (*malloc_hook) (const
        volatile void *, size_t), void (*free_hook) (const volatile void *));

static void
rv_noalloc_malloc_hook (const volatile void *p, size_t size)
{
  rv_noalloc_count ();
}

static void
rv_noalloc_free_hook (const volatile void *p)
{
}

__attribute__ ((constructor))
static void
rv_noalloc_install (void)
{
  __sanitizer_install_malloc_and_free_hooks (rv_noalloc_malloc_hook,
      rv_noalloc_free_hook);
}

#else

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *p, size_t size);
extern void *__libc_memalign (size_t align, size_t size);

/* the project builds with -fvisibility=hidden: the replacements must be
 * exported, or the shared libraries' calls (libruview.so's) bypass them */
#define RV_NOALLOC_EXPORT __attribute__ ((visibility ("default")))

RV_NOALLOC_EXPORT void *
malloc (size_t size)
{
  rv_noalloc_count ();
  return __libc_malloc (size);
}

RV_NOALLOC_EXPORT void *
calloc (size_t n, size_t size)
{
  rv_noalloc_count ();
  return __libc_calloc (n, size);
}

RV_NOALLOC_EXPORT void *
realloc (void *p, size_t size)
{
  rv_noalloc_count ();
  return __libc_realloc (p, size);
}

RV_NOALLOC_EXPORT void *
aligned_alloc (size_t align, size_t size)
{
  rv_noalloc_count ();
  return __libc_memalign (align, size);
}

RV_NOALLOC_EXPORT void *
memalign (size_t align, size_t size)
{
  rv_noalloc_count ();
  return __libc_memalign (align, size);
}

RV_NOALLOC_EXPORT int
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

#endif /* RV_NOALLOC_ASAN */
#endif
