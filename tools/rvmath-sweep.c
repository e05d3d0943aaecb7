/* rvmath-sweep: compare common/ruview/rvmath.c with this machine's libm.
 *
 *   rvmath-sweep FUNC [FIRST LAST]   every float bit pattern FIRST..LAST
 *                                    (default all 2^32) for sinf cosf
 *                                    sincosf expf logf atanf
 *   rvmath-sweep FUNC N [SEED]       N pseudo-random argument pairs for
 *                                    atan2f hypotf, N random doubles for
 *                                    atan2 hypot sin cos log log10
 *
 * Prints how many results differ in their bits (NaN equals NaN) and the
 * first few.  Run it on x86-64 glibc (with GLIBC_TUNABLES=glibc.cpu.hwcaps=
 * -AVX2,-FMA too: glibc then takes its non-FMA code paths) to check that
 * rvmath returns glibc's bits.  A one-off tool, not a test: a sweep of all
 * floats takes about a minute per function. */
#include "ruview/rvmath.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t
fbits (float f)
{
  uint32_t u;
  memcpy (&u, &f, sizeof u);
  return u;
}

static uint64_t
dbits (double d)
{
  uint64_t u;
  memcpy (&u, &d, sizeof u);
  return u;
}

static int
same_f (float a, float b)
{
  return (isnan (a) && isnan (b)) || fbits (a) == fbits (b);
}

static int
same_d (double a, double b)
{
  return (isnan (a) && isnan (b)) || dbits (a) == dbits (b);
}

static uint64_t
splitmix (uint64_t *s)
{
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* a random float: half from uniform bit patterns, half of modest size
 * (|x| < 2^8 with a random exponent), where the project's values are */
static float
rand_float (uint64_t *s)
{
  uint64_t r = splitmix (s);
  uint32_t u = (uint32_t) r;
  float f;
  if (r >> 63) {
    u = (u & 0x807fffffu) | ((uint32_t) (100 + (r >> 32) % 35) << 23);
  }
  memcpy (&f, &u, sizeof f);
  return f;
}

static double
rand_double (uint64_t *s)
{
  uint64_t r = splitmix (s), e = splitmix (s);
  double d;
  if (e & 1)
    r = (r & 0x800fffffffffffffull) | ((uint64_t) (1000 + (e >> 8) % 40) << 52);
  memcpy (&d, &r, sizeof d);
  return d;
}

static void
sincos_libm (float x, float *s, float *c)
{
  sincosf (x, s, c);
}

static float
unary_f (const char *fn, float x, int ours)
{
  if (!strcmp (fn, "sinf")) return ours ? rv_sinf (x) : sinf (x);
  if (!strcmp (fn, "cosf")) return ours ? rv_cosf (x) : cosf (x);
  if (!strcmp (fn, "expf")) return ours ? rv_expf (x) : expf (x);
  if (!strcmp (fn, "logf")) return ours ? rv_logf (x) : logf (x);
  if (!strcmp (fn, "atanf")) return ours ? rv_atanf (x) : atanf (x);
  fprintf (stderr, "unknown function %s\n", fn);
  exit (2);
}

int
main (int argc, char **argv)
{
  const char *fn;
  uint64_t diff = 0, n = 0;

  if (argc < 2) {
    fprintf (stderr, "usage: rvmath-sweep FUNC [FIRST LAST | N [SEED]]\n");
    return 2;
  }
  fn = argv[1];
  if (!strcmp (fn, "sinf") || !strcmp (fn, "cosf") || !strcmp (fn, "expf")
      || !strcmp (fn, "logf") || !strcmp (fn, "atanf") || !strcmp (fn, "sincosf")) {
    uint64_t first = argc > 2 ? strtoull (argv[2], NULL, 0) : 0;
    uint64_t last = argc > 3 ? strtoull (argv[3], NULL, 0) : 0xffffffffull;
    uint64_t i;
    int sc = !strcmp (fn, "sincosf");
    for (i = first; i <= last; i++) {
      uint32_t u = (uint32_t) i;
      float x, a, b, a2 = 0, b2 = 0;
      memcpy (&x, &u, sizeof x);
      if (sc) {
        rv_sincosf (x, &a, &a2);
        sincos_libm (x, &b, &b2);
      } else {
        a = unary_f (fn, x, 1);
        b = unary_f (fn, x, 0);
      }
      n++;
      if (!same_f (a, b) || !same_f (a2, b2)) {
        if (diff < 10)
          printf ("  %s(%a) [0x%08" PRIx32 "]: rvmath %a libm %a%s\n", fn, x, u, a, b,
              sc ? " (sin)" : "");
        diff++;
      }
    }
  } else {
    uint64_t count = argc > 2 ? strtoull (argv[2], NULL, 0) : 100000000ull;
    uint64_t seed = argc > 3 ? strtoull (argv[3], NULL, 0) : 1;
    uint64_t i;
    for (i = 0; i < count; i++) {
      int bad;
      char line[160];
      if (!strcmp (fn, "atan2f") || !strcmp (fn, "hypotf")) {
        float y = rand_float (&seed), x = rand_float (&seed), a, b;
        if (fn[0] == 'a') {
          a = rv_atan2f (y, x);
          b = atan2f (y, x);
        } else {
          a = rv_hypotf (y, x);
          b = hypotf (y, x);
        }
        bad = !same_f (a, b);
        snprintf (line, sizeof line, "  %s(%a, %a): rvmath %a libm %a\n", fn, y, x, a, b);
      } else {
        double y = rand_double (&seed), x = rand_double (&seed), a, b;
        if (!strcmp (fn, "atan2")) { a = rv_atan2 (y, x); b = atan2 (y, x); }
        else if (!strcmp (fn, "hypot")) { a = rv_hypot (y, x); b = hypot (y, x); }
        else if (!strcmp (fn, "sin")) { a = rv_sin (x); b = sin (x); }
        else if (!strcmp (fn, "cos")) { a = rv_cos (x); b = cos (x); }
        else if (!strcmp (fn, "log")) { x = fabs (x); a = rv_log (x); b = log (x); }
        else if (!strcmp (fn, "log10")) { x = fabs (x); a = rv_log10 (x); b = log10 (x); }
        else {
          fprintf (stderr, "unknown function %s\n", fn);
          return 2;
        }
        bad = !same_d (a, b);
        snprintf (line, sizeof line, "  %s(%a, %a): rvmath %a libm %a\n", fn, y, x, a, b);
      }
      n++;
      if (bad) {
        if (diff < 10)
          fputs (line, stdout);
        diff++;
      }
    }
  }
  printf ("%s: %" PRIu64 " of %" PRIu64 " results differ from libm\n", fn, diff, n);
  return diff != 0;
}
