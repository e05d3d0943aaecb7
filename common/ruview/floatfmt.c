/* libruview — shortest round-trip float formatting (see floatfmt.h).
 *
 * Digit generation is exact (Dragon4 shortest mode on small fixed-size big
 * integers, no libc conversions): the shortest digit string inside the
 * value's rounding interval, the closer of the two candidates at that
 * length, end points included iff the binary mantissa is even — correct at
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

/* ---- exact digit generation (Steele & White / Dragon4, shortest mode) ----
 *
 * v = mant·2^exp with the rounding interval (v − minus, v + plus) scaled to
 * integers; everything is kept exact in small fixed-size big integers (the
 * largest f64 case needs ~1140 bits).  Digits are generated until the
 * truncation (rem < minus) or its successor (rem + plus > scale) lies in the
 * interval — the first such length is the shortest — and the closer of the
 * two is chosen; the interval end points are included iff the binary
 * mantissa is even (round-half-even parsing). */

#define BN_LIMBS 40

typedef struct
{
  int n;                        /* used limbs, little-endian base 2^32 */
  uint32_t d[BN_LIMBS];
} Bn;

static void
bn_set (Bn *a, uint64_t v)
{
  a->d[0] = (uint32_t) v;
  a->d[1] = (uint32_t) (v >> 32);
  a->n = a->d[1] ? 2 : a->d[0] ? 1 : 0;
}

static void
bn_mul_small (Bn *a, uint32_t m)
{
  uint64_t carry = 0;
  int i;
  for (i = 0; i < a->n; i++) {
    uint64_t t = (uint64_t) a->d[i] * m + carry;
    a->d[i] = (uint32_t) t;
    carry = t >> 32;
  }
  if (carry && a->n < BN_LIMBS)
    a->d[a->n++] = (uint32_t) carry;
}

static void
bn_mul_pow10 (Bn *a, int k)
{
  while (k >= 9) {
    bn_mul_small (a, 1000000000u);
    k -= 9;
  }
  if (k > 0) {
    static const uint32_t p10[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
      100000000 };
    bn_mul_small (a, p10[k]);
  }
}

static void
bn_shl (Bn *a, int s)
{
  int limbs = s / 32, bits = s % 32, i;
  if (a->n == 0 || s == 0)
    return;
  if (bits) {
    uint32_t carry = 0;
    for (i = 0; i < a->n; i++) {
      uint32_t t = a->d[i];
      a->d[i] = (t << bits) | carry;
      carry = t >> (32 - bits);
    }
    if (carry && a->n < BN_LIMBS)
      a->d[a->n++] = carry;
  }
  if (limbs) {
    int nn = a->n + limbs > BN_LIMBS ? BN_LIMBS : a->n + limbs;
    for (i = nn - 1; i >= limbs; i--)
      a->d[i] = a->d[i - limbs];
    for (i = 0; i < limbs; i++)
      a->d[i] = 0;
    a->n = nn;
  }
}

static int
bn_cmp (const Bn *a, const Bn *b)
{
  int i;
  if (a->n != b->n)
    return a->n < b->n ? -1 : 1;
  for (i = a->n - 1; i >= 0; i--)
    if (a->d[i] != b->d[i])
      return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

/* r = a + b */
static void
bn_add (Bn *r, const Bn *a, const Bn *b)
{
  int n = a->n > b->n ? a->n : b->n, i;
  uint64_t carry = 0;
  for (i = 0; i < n; i++) {
    uint64_t t = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
    r->d[i] = (uint32_t) t;
    carry = t >> 32;
  }
  r->n = n;
  if (carry && n < BN_LIMBS)
    r->d[r->n++] = (uint32_t) carry;
}

/* a −= b (a ≥ b) */
static void
bn_sub (Bn *a, const Bn *b)
{
  int64_t borrow = 0;
  int i;
  for (i = 0; i < a->n; i++) {
    int64_t t = (int64_t) a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
    borrow = t < 0;
    a->d[i] = (uint32_t) (t + (borrow ? ((int64_t) 1 << 32) : 0));
  }
  while (a->n > 0 && a->d[a->n - 1] == 0)
    a->n--;
}

static int
bitlen64 (uint64_t v)
{
  int n = 0;
  while (v) {
    n++;
    v >>= 1;
  }
  return n;
}

/* m > 0; v = m·2^e; lower_closer: the gap below v is half the gap above. */
static void
dragon_shortest (uint64_t m, int e, int lower_closer, int ties_up, char digits[20],
    int *ndigits, int *exp10)
{
  Bn mant, minus, plus, scale, t;
  int inclusive = (m & 1) == 0, exp, k, n = 0, down = 0, up = 0, i;
  uint64_t mm;

  if (lower_closer) {
    mm = m << 2;
    bn_set (&plus, 2);
    bn_set (&minus, 1);
    exp = e - 2;
  } else {
    mm = m << 1;
    bn_set (&plus, 1);
    bn_set (&minus, 1);
    exp = e - 1;
  }
  bn_set (&mant, mm);
  bn_set (&scale, 1);
  if (exp >= 0) {
    bn_shl (&mant, exp);
    bn_shl (&minus, exp);
    bn_shl (&plus, exp);
  } else {
    bn_shl (&scale, -exp);
  }
  /* k ≤ true exponent: floor(log10 of the lowest power of two ≤ v) */
  k = (int) floor ((double) (bitlen64 (mm) - 1 + exp) * 0.30102999566398114);
  if (k >= 0) {
    bn_mul_pow10 (&scale, k);
  } else {
    bn_mul_pow10 (&mant, -k);
    bn_mul_pow10 (&minus, -k);
    bn_mul_pow10 (&plus, -k);
  }
  /* fix k up so that v + plus < 10^k (≤ when not inclusive) */
  for (;;) {
    int c;
    bn_add (&t, &mant, &plus);
    c = bn_cmp (&t, &scale);
    if (c > 0 || (inclusive && c == 0)) {
      bn_mul_small (&scale, 10);
      k++;
    } else {
      break;
    }
  }
  for (;;) {
    int dgt = 0, c1, c2;
    bn_mul_small (&mant, 10);
    bn_mul_small (&minus, 10);
    bn_mul_small (&plus, 10);
    while (bn_cmp (&mant, &scale) >= 0) {
      bn_sub (&mant, &scale);
      dgt++;
    }
    digits[n++] = (char) ('0' + dgt);
    c1 = bn_cmp (&mant, &minus);
    down = c1 < 0 || (inclusive && c1 == 0);
    bn_add (&t, &mant, &plus);
    c2 = bn_cmp (&t, &scale);
    up = c2 > 0 || (inclusive && c2 == 0);
    if (down || up || n >= 19)
      break;
  }
  if (up) {
    int round = 1;
    if (down) {
      int c;
      t = mant;
      bn_shl (&t, 1);
      c = bn_cmp (&t, &scale);
      if (ties_up)
        round = c >= 0;
      else
        round = c > 0 || (c == 0 && ((digits[n - 1] - '0') & 1));
    }
    if (round) {
      for (i = n - 1; i >= 0 && digits[i] == '9'; i--)
        digits[i] = '0';
      if (i < 0) {
        digits[0] = '1';
        n = 1;
        k++;
      } else {
        digits[i]++;
      }
    }
  }
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  *ndigits = n;
  *exp10 = k - 1;
}

static int
shortest_generic (double av, int is_f32, int ties_up, char digits[20], int *ndigits, int *exp10)
{
  uint64_t m;
  int e, lower_closer;
  if (is_f32) {
    float f = (float) av;
    uint32_t b, ef, fr;
    memcpy (&b, &f, 4);
    ef = (b >> 23) & 0xFF;
    fr = b & 0x7FFFFF;
    if (ef == 0) {
      m = fr;
      e = -149;
      lower_closer = 0;
    } else {
      m = fr | 0x800000u;
      e = (int) ef - 150;
      lower_closer = fr == 0 && ef > 1;
    }
  } else {
    uint64_t b, ef, fr;
    memcpy (&b, &av, 8);
    ef = (b >> 52) & 0x7FF;
    fr = b & 0xFFFFFFFFFFFFFull;
    if (ef == 0) {
      m = fr;
      e = -1074;
      lower_closer = 0;
    } else {
      m = fr | (1ull << 52);
      e = (int) ef - 1075;
      lower_closer = fr == 0 && ef > 1;
    }
  }
  dragon_shortest (m, e, lower_closer, ties_up, digits, ndigits, exp10);
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
