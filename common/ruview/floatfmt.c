/* libruview — shortest round-trip float formatting (see floatfmt.h).
 *
 * Digit generation: for each precision p = 1, 2, … the correctly rounded
 * p-digit decimal of the exact value (glibc "%.*e" is exact) and its two
 * neighbours one unit in the last digit away are tested for round trip
 * (strtod / strtof are correctly rounded, ties to even, so the acceptance
 * interval including its even-mantissa end points is handled exactly).
 * The first p with a round-tripping candidate gives the shortest length;
 * the correctly rounded candidate is the closest p-digit decimal, so when it
 * round-trips it is chosen; otherwise at most one neighbour can round-trip
 * (the acceptance set is an interval containing v), which happens at
 * power-of-two boundaries where the interval is asymmetric.
 *
 * Exact ties (the exact value lies halfway between two shortest candidates,
 * e.g. f32 2^-12 = 0.000244140625 at 8 digits) are broken differently by the
 * two printers the specs name: serde_json's zmij (Schubfach) keeps the even
 * last digit, Rust's flt2dec (Grisu bails out on ties, Dragon4 decides with
 * `2*rem >= scale`) rounds the magnitude up.  Both rules are provided.
 *
 * A small per-thread cache keyed by the bit pattern keeps repeated values
 * (the engine formats the same coherence every cycle) cheap. */
#include "ruview/floatfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  uint64_t m;   /* integer mantissa */
  int q;        /* value = m × 10^q */
} Dec;

static int
dec_to_str (char *s, size_t n, int neg, Dec d)
{
  return snprintf (s, n, "%s%llue%d", neg ? "-" : "", (unsigned long long) d.m, d.q);
}

static uint64_t
pow10u (int k)
{
  uint64_t r = 1;
  while (k-- > 0)
    r *= 10;
  return r;
}

/* Correctly rounded p-digit decimal of |v| via glibc. */
static Dec
dec_rounded (double av, int p)
{
  char s[64];
  char *e;
  Dec d;
  uint64_t m = 0;
  int exp10;
  const char *c;

  snprintf (s, sizeof s, "%.*e", p - 1, av);
  e = strchr (s, 'e');
  exp10 = atoi (e + 1);
  for (c = s; c < e; c++)
    if (*c >= '0' && *c <= '9')
      m = m * 10 + (uint64_t) (*c - '0');
  d.m = m;
  d.q = exp10 - (p - 1);
  return d;
}

/* Neighbours one unit in the last of p digits away. */
static Dec
dec_down (Dec d, int p)
{
  Dec r;
  if (d.m == pow10u (p - 1)) {
    r.m = pow10u (p) - 1;
    r.q = d.q - 1;
  } else {
    r.m = d.m - 1;
    r.q = d.q;
  }
  return r;
}

static Dec
dec_up (Dec d, int p)
{
  Dec r;
  r.m = d.m + 1;
  r.q = d.q;
  if (r.m == pow10u (p)) {
    r.m = pow10u (p - 1);
    r.q = d.q + 1;
  }
  return r;
}

static int
rt_f64 (double av, Dec d)
{
  char s[64];
  dec_to_str (s, sizeof s, 0, d);
  return strtod (s, NULL) == av;
}

static int
rt_f32 (float av, Dec d)
{
  char s[64];
  dec_to_str (s, sizeof s, 0, d);
  return strtof (s, NULL) == av;
}

static void
dec_emit (Dec d, char digits[20], int *ndigits, int *exp10)
{
  char tmp[24];
  int n;
  while (d.m != 0 && d.m % 10 == 0) {
    d.m /= 10;
    d.q++;
  }
  n = snprintf (tmp, sizeof tmp, "%llu", (unsigned long long) d.m);
  memcpy (digits, tmp, (size_t) n + 1);
  *ndigits = n;
  *exp10 = d.q + n - 1;
}

/* If the exact value of av lies exactly halfway between two p-digit
 * decimals, return the upper one (larger magnitude) in *up and 1. */
static int
exact_tie_up (double av, int p, Dec *up)
{
  static _Thread_local char s[1100];
  char *e, *c;
  int k = 0, exp10;
  uint64_t m = 0;

  /* cheap filter: the (p+1)-digit rounding must end in 5 */
  snprintf (s, sizeof s, "%.*e", p, av);
  e = strchr (s, 'e');
  if (e[-1] != '5')
    return 0;
  /* exact expansion (glibc prints the exact binary value) */
  snprintf (s, sizeof s, "%.780e", av);
  e = strchr (s, 'e');
  exp10 = atoi (e + 1);
  for (c = s; c < e; c++) {
    if (*c < '0' || *c > '9')
      continue;
    if (k < p)
      m = m * 10 + (uint64_t) (*c - '0');
    else if (k == p) {
      if (*c != '5')
        return 0;
    } else if (*c != '0')
      return 0;
    k++;
  }
  up->m = m + 1;
  up->q = exp10 - (p - 1);
  if (up->m == pow10u (p)) {
    up->m = pow10u (p - 1);
    up->q++;
  }
  return 1;
}

static int
shortest_generic (double av, int is_f32, int ties_up, char digits[20], int *ndigits, int *exp10)
{
  int p, maxp = is_f32 ? 9 : 17;
  float af = (float) av;

  for (p = 1; p <= maxp; p++) {
    Dec c = dec_rounded (av, p), lo, hi;
    if (is_f32 ? rt_f32 (af, c) : rt_f64 (av, c)) {
      /* glibc broke an exact tie to even; the Debug rule wants the upper
       * candidate when it round-trips too. */
      Dec u;
      if (ties_up && exact_tie_up (av, p, &u) && (u.m != c.m || u.q != c.q)
          && (is_f32 ? rt_f32 (af, u) : rt_f64 (av, u)))
        c = u;
      dec_emit (c, digits, ndigits, exp10);
      return 1;
    }
    lo = dec_down (c, p);
    hi = dec_up (c, p);
    if (lo.m != 0 && (is_f32 ? rt_f32 (af, lo) : rt_f64 (av, lo))) {
      dec_emit (lo, digits, ndigits, exp10);
      return 1;
    }
    if (is_f32 ? rt_f32 (af, hi) : rt_f64 (av, hi)) {
      dec_emit (hi, digits, ndigits, exp10);
      return 1;
    }
  }
  /* Unreachable: 17 (9) digits always round-trip. */
  (void) ties_up;
  dec_emit (dec_rounded (av, maxp), digits, ndigits, exp10);
  return 1;
}

/* ---- per-thread cache ---------------------------------------------------- */

#define CACHE_SLOTS 16

typedef struct
{
  uint64_t key;
  int valid;
  int mode;             /* is_f32 | ties_up << 1 */
  char digits[20];
  int nd, e10;
} CacheEntry;

static _Thread_local CacheEntry cache[CACHE_SLOTS];

static int
shortest_cached (double av, int is_f32, int ties_up, uint64_t bits, char digits[20], int *nd,
    int *e10)
{
  int mode = is_f32 | (ties_up << 1);
  unsigned slot = (unsigned) (((bits + (uint64_t) mode) * 0x9E3779B97F4A7C15ull) >> 60)
      & (CACHE_SLOTS - 1);
  CacheEntry *ce = &cache[slot];
  if (ce->valid && ce->key == bits && ce->mode == mode) {
    memcpy (digits, ce->digits, 20);
    *nd = ce->nd;
    *e10 = ce->e10;
    return 1;
  }
  shortest_generic (av, is_f32, ties_up, digits, nd, e10);
  ce->valid = 1;
  ce->key = bits;
  ce->mode = mode;
  memcpy (ce->digits, digits, 20);
  ce->nd = *nd;
  ce->e10 = *e10;
  return 1;
}

static int
shortest_f64 (double v, int ties_up, char digits[20], int *ndigits, int *exp10)
{
  uint64_t bits;
  if (!isfinite (v))
    return 0;
  if (v == 0.0) {
    digits[0] = '0';
    digits[1] = '\0';
    *ndigits = 1;
    *exp10 = 0;
    return 1;
  }
  v = fabs (v);
  memcpy (&bits, &v, sizeof bits);
  return shortest_cached (v, 0, ties_up, bits, digits, ndigits, exp10);
}

static int
shortest_f32 (float v, int ties_up, char digits[20], int *ndigits, int *exp10)
{
  uint32_t b32;
  if (!isfinite (v))
    return 0;
  if (v == 0.0f) {
    digits[0] = '0';
    digits[1] = '\0';
    *ndigits = 1;
    *exp10 = 0;
    return 1;
  }
  v = fabsf (v);
  memcpy (&b32, &v, sizeof b32);
  return shortest_cached ((double) v, 1, ties_up, (uint64_t) b32, digits, ndigits, exp10);
}

int
rv_shortest_f64 (double v, char digits[20], int *ndigits, int *exp10)
{
  return shortest_f64 (v, 0, digits, ndigits, exp10);
}

int
rv_shortest_f32 (float v, char digits[20], int *ndigits, int *exp10)
{
  return shortest_f32 (v, 0, digits, ndigits, exp10);
}

int
rv_shortest_debug_f64 (double v, char digits[20], int *ndigits, int *exp10)
{
  return shortest_f64 (v, 1, digits, ndigits, exp10);
}

int
rv_shortest_debug_f32 (float v, char digits[20], int *ndigits, int *exp10)
{
  return shortest_f32 (v, 1, digits, ndigits, exp10);
}

/* ---- layout ---------------------------------------------------------------- */

static size_t
put_plain (char *buf, int neg, const char *d, int n, int e)
{
  size_t k = 0;
  int i;
  if (neg)
    buf[k++] = '-';
  if (e >= 0) {
    for (i = 0; i <= e; i++)
      buf[k++] = i < n ? d[i] : '0';
    buf[k++] = '.';
    if (n > e + 1) {
      for (i = e + 1; i < n; i++)
        buf[k++] = d[i];
    } else {
      buf[k++] = '0';
    }
  } else {
    buf[k++] = '0';
    buf[k++] = '.';
    for (i = 0; i < -e - 1; i++)
      buf[k++] = '0';
    for (i = 0; i < n; i++)
      buf[k++] = d[i];
  }
  buf[k] = '\0';
  return k;
}

static size_t
put_sci (char *buf, int neg, const char *d, int n, int e, int plus)
{
  size_t k = 0;
  int i;
  if (neg)
    buf[k++] = '-';
  buf[k++] = d[0];
  if (n > 1) {
    buf[k++] = '.';
    for (i = 1; i < n; i++)
      buf[k++] = d[i];
  }
  buf[k++] = 'e';
  if (e < 0) {
    buf[k++] = '-';
    e = -e;
  } else if (plus) {
    buf[k++] = '+';
  }
  k += (size_t) snprintf (buf + k, 8, "%d", e);
  return k;
}

static size_t
put_str (char *buf, const char *s)
{
  size_t n = strlen (s);
  memcpy (buf, s, n + 1);
  return n;
}

size_t
rv_fmt_json_f64 (char *buf, double v)
{
  char d[20];
  int n = 1, e = 0;
  if (!isfinite (v))
    return put_str (buf, "null");
  rv_shortest_f64 (v, d, &n, &e);
  if (e >= -5 && e <= 15)
    return put_plain (buf, signbit (v) != 0, d, n, e);
  return put_sci (buf, signbit (v) != 0, d, n, e, 1);
}

size_t
rv_fmt_json_f32 (char *buf, float v)
{
  char d[20];
  int n = 1, e = 0;
  if (!isfinite (v))
    return put_str (buf, "null");
  rv_shortest_f32 (v, d, &n, &e);
  if (e >= -6 && e <= 12)
    return put_plain (buf, signbit (v) != 0, d, n, e);
  return put_sci (buf, signbit (v) != 0, d, n, e, 1);
}

size_t
rv_fmt_debug_f64 (char *buf, double v)
{
  char d[20];
  int n = 1, e = 0;
  double a = fabs (v);
  if (isnan (v))
    return put_str (buf, "NaN");
  if (isinf (v))
    return put_str (buf, v < 0 ? "-inf" : "inf");
  rv_shortest_debug_f64 (v, d, &n, &e);
  if (a == 0.0 || (a >= 1e-4 && a < 1e16))
    return put_plain (buf, signbit (v) != 0, d, n, e);
  return put_sci (buf, signbit (v) != 0, d, n, e, 0);
}

size_t
rv_fmt_debug_f32 (char *buf, float v)
{
  char d[20];
  int n = 1, e = 0;
  float a = fabsf (v);
  if (isnan (v))
    return put_str (buf, "NaN");
  if (isinf (v))
    return put_str (buf, v < 0 ? "-inf" : "inf");
  rv_shortest_debug_f32 (v, d, &n, &e);
  if (a == 0.0f || (a >= 1e-4f && a < 1e16f))
    return put_plain (buf, signbit (v) != 0, d, n, e);
  return put_sci (buf, signbit (v) != 0, d, n, e, 0);
}

size_t
rv_fmt_fixed2_f32 (char *buf, float v)
{
  int k;
  if (isnan (v))
    return put_str (buf, "NaN");
  if (isinf (v))
    return put_str (buf, v < 0 ? "-inf" : "inf");
  k = snprintf (buf, RV_FMT_BUFSIZE, "%.2f", (double) v);
  if (k < 0 || k >= RV_FMT_BUFSIZE) {
    /* |v| ≥ ~1e45 cannot happen for f32 (max ≈ 3.4e38 → 42 chars). */
    buf[RV_FMT_BUFSIZE - 1] = '\0';
    return RV_FMT_BUFSIZE - 1;
  }
  return (size_t) k;
}
